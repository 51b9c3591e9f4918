// SPDX-License-Identifier: GPL-2.0-only
///
/// ns_capable(current_user_ns(), CAP) asks whether the caller has CAP in its
/// own user namespace.  Any unprivileged user can create a user namespace and
/// have every capability there, so the check proves nothing about state the
/// caller's namespace does not own.  Report such checks (also
/// ns_capable_noaudit() and ns_capable_setid(), and the namespace given as
/// current_cred()->user_ns or through a local variable assigned from either)
/// when the code they guard
///  - writes a global or file-scope static variable (assignment, ++/--,
///    WRITE_ONCE(); also fields and elements of it), or
///  - passes an init_* object (&init_net, &init_user_ns, &init_pid_ns,
///    &init_ipc_ns, &init_uts_ns, &init_cgroup_ns, &init_time_ns, ...) to a
///    function that is not a read-only id or capability helper.
/// "Guarded" means: in the then-branch of if (ns_capable(...)), or after
/// if (!ns_capable(...)) return/goto on the path where the check passed.
/// The fix is a check against the owner of the state: capable() (i.e.
/// init_user_ns) for global state, ns_capable(obj->user_ns, CAP) for a
/// namespaced object.
///
/// Deliberately not reported: checks whose guarded code only touches the
/// caller's own objects (current, its mm, fs, files, its own namespaces),
/// or namespaced objects reached through pointers (net->..., ns->...): the
/// script cannot tell which user namespace owns those.  Another namespace's
/// object (e.g. a netns obtained from an fd) is therefore not covered;
/// neither are writes through global pointers (gp->x), writes in a helper
/// the guarded code calls, function-level statics, or a bool saved from the
/// check and tested later.
///
/// No patch mode: the right namespace (init_user_ns or the owner of the
/// object) is a design decision for each site, not a mechanical rewrite.
///
// Confidence: Moderate
// Copyright: (C) 2026 Seed 06644118 maintainers
// Requires: 1.3
// Options: --no-includes --include-headers
// Keywords: ns_capable, current_user_ns, init_user_ns, init_net
//

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

CURRENT_NS = ("current_user_ns()", "current_cred()->user_ns")
INIT_OBJS = frozenset(["init_net", "init_user_ns", "init_pid_ns", "init_ipc_ns",
		       "init_uts_ns", "init_cgroup_ns", "init_time_ns",
		       "init_mnt_ns", "init_nsproxy", "init_cred", "init_task",
		       "init_fs", "init_files", "init_mm"])
# functions that only read or compare an init_* object, or check against it
READ_ONLY = frozenset(["make_kuid", "make_kgid", "make_kprojid", "from_kuid",
		       "from_kgid", "from_kuid_munged", "from_kgid_munged",
		       "kuid_has_mapping", "kgid_has_mapping", "capable",
		       "ns_capable", "ns_capable_noaudit", "ns_capable_setid",
		       "file_ns_capable", "has_ns_capability",
		       "has_ns_capability_noaudit", "has_capability",
		       "has_capability_noaudit", "in_userns",
		       "current_in_userns", "net_eq", "uid_eq", "gid_eq",
		       "ns_ref_get", "get_net", "put_net", "get_user_ns",
		       "put_user_ns", "READ_ONCE", "net_generic"])
# identifiers that look global to spatch without headers but are per task
NOT_GLOBAL = frozenset(["current"])

# (file, function, variable) holding the caller's namespace, and those
# also assigned something else somewhere in the function
ns_vars = set()
ns_other = set()
seen = set()

def tidy(s):
    s = re.sub(r"\s+", " ", str(s))
    s = re.sub(r" ?(->|[()\[\].]) ?", r"\1", s)
    s = re.sub(r"(^|[(, ])([&*]) ", r"\1\2", s)
    return re.sub(r" ?, ?", ", ", s).strip()

_lines = {}

def lines_of(f):
    if f not in _lines:
        with open(f, errors="replace") as fh:
            _lines[f] = fh.read().split("\n")
    return _lines[f]

SL = "/"
_noise = re.compile(SL + r"\*.*?\*" + SL + "|" + SL + SL + r"[^\n]*" +
                    r"|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", re.S)

def same_block(p, q):
    """q does not lie outside the block holding p (no unmatched '}')"""
    ls = lines_of(p[0].file)
    l1, c1, l2 = int(p[0].line), int(p[0].column), int(q.line)
    text = "\n".join([ls[l1 - 1][c1:]] + ls[l1:l2 - 1])
    depth = 0
    for ch in _noise.sub(" ", text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return True

_kw = frozenset(["return", "goto", "case", "else", "sizeof", "typeof"])

def declared_in_function(p, G, q):
    """spatch without headers misses some declarations (attributes such as
    __free()): look for one between the function's start and the write"""
    ls = lines_of(p[0].file)
    fn = p[0].current_element
    start = None
    for i in range(int(p[0].line) - 1, -1, -1):
        # "type fn(" or "SYSCALL_DEFINEn(fn, "
        if re.match(r"^[A-Za-z_].*\b%s\b\s*[(,]" % re.escape(fn), ls[i]):
            start = i
            break
    if start is None:
        return False
    decl = re.compile(r"^\s*(?:(?:const|static|unsigned|signed|struct|union|enum|volatile)\s+)*(\w+)[\s*]+%s\b(?!\s*\()" % re.escape(G))
    for l in ls[start:int(q.line) - 1]:
        m = decl.match(l)
        if m and m.group(1) not in _kw:
            return True
    # a parameter
    head = " ".join(ls[start:start + 4])
    return re.search(r"[\s*]%s\s*[,)]" % re.escape(G), head) is not None

def callers_ns(p, ns):
    ns = tidy(ns)
    key = (p[0].file, p[0].current_element, ns)
    return ns in CURRENT_NS or (key in ns_vars and key not in ns_other)

def keep(p, ns, q, G, qi, I, F2):
    """decide on one match; returns the object name or None"""
    if not callers_ns(p, ns):
        return None
    if q:
        if G in NOT_GLOBAL or declared_in_function(p, G, q[0]):
            return None
        obj = "global %s" % G
        at = q[0]
    else:
        if F2 in READ_ONLY:
            return None
        obj = "%s (via %s())" % (I, F2)
        at = qi[0]
    if not same_block(p, at):
        return None
    return "%s at line %s" % (obj, at.line)

def classify(p, ns, q, G, qi, I, F2):
    if qi and I not in INIT_OBJS:
        return None
    return keep(p, ns, q, G, qi, I, F2)

def once(p, what):
    """one report per check and object"""
    key = (p[0].file, p[0].line, p[0].column, what)
    if key in seen:
        return False
    seen.add(key)
    return True

def message(F, ns, C, p, what):
    return "WARNING: %s: %s(%s, %s) guards %s, which the caller's user namespace does not own: check against init_user_ns or the owner's namespace" % (
        p[0].current_element, F, tidy(ns), tidy(C), what)

@nsvar depends on !patch@
local idexpression ns;
position p;
@@
(
ns@p = current_user_ns()
|
ns@p = current_cred()->user_ns
)

@script:python@
ns << nsvar.ns;
p << nsvar.p;
@@
ns_vars.add((p[0].file, p[0].current_element, ns))

@nsany depends on !patch@
local idexpression nsvar.ns;
expression E;
position p;
@@
ns@p = E

@script:python@
ns << nsvar.ns;
E << nsany.E;
p << nsany.p;
@@
if tidy(E) not in CURRENT_NS:
    ns_other.add((p[0].file, p[0].current_element, ns))

@neg depends on !patch@
identifier F = {ns_capable, ns_capable_noaudit, ns_capable_setid};
expression NS, C;
position p;
@@
!F@p(NS, C)

// if (!ns_capable(ns, CAP)) return/goto; ... write
@after depends on !patch exists@
identifier F = {ns_capable, ns_capable_noaudit, ns_capable_setid};
expression NS, C, E, E1;
global idexpression G;
identifier I, F2, l, f1, f2, f3;
assignment operator aop;
position p, q, qi;
@@
if (<+... !F@p(NS, C) ...+>)
\( return ...; \| goto l; \| { ... \( return ...; \| goto l; \) } \)
... when != NS = E1
    when any
(
G@q aop E
|
G@q.f1 aop E
|
G@q.f1.f2 aop E
|
G@q.f1.f2.f3 aop E
|
G@q[E1] aop E
|
G@q.f1[E1] aop E
|
G@q.f1.f2[E1] aop E
|
\( G@q++ \| G@q-- \| ++G@q \| --G@q \| G@q.f1++ \| G@q.f1-- \)
|
WRITE_ONCE(\( G@q \| G@q.f1 \| G@q.f1.f2 \| G@q[E1] \), E)
|
F2(..., &I@qi, ...)
)

@script:python@
F << after.F;
NS << after.NS;
C << after.C;
p << after.p;
q << after.q = [];
G << after.G = "";
qi << after.qi = [];
I << after.I = "";
F2 << after.F2 = "";
@@
if classify(p, NS, q, G, qi, I, F2) is None:
    cocci.include_match(False)

@script:python depends on report@
F << after.F;
NS << after.NS;
C << after.C;
p << after.p;
q << after.q = [];
G << after.G = "";
qi << after.qi = [];
I << after.I = "";
F2 << after.F2 = "";
@@
what = classify(p, NS, q, G, qi, I, F2)
if once(p, what):
    coccilib.report.print_report(p[0], message(F, NS, C, p, what))

@script:python depends on org@
F << after.F;
NS << after.NS;
C << after.C;
p << after.p;
q << after.q = [];
G << after.G = "";
qi << after.qi = [];
I << after.I = "";
F2 << after.F2 = "";
@@
what = classify(p, NS, q, G, qi, I, F2)
if once(p, what):
    coccilib.org.print_todo(p[0], message(F, NS, C, p, what))

@depends on context && !patch && !org && !report@
identifier after.F;
position after.p;
expression after.NS, after.C;
@@
* F@p(NS, C)

// if (ns_capable(ns, CAP)) { ... write ... }
@inside depends on !patch exists@
identifier F = {ns_capable, ns_capable_noaudit, ns_capable_setid};
expression NS, C, E, E1;
global idexpression G;
identifier I, F2, f1, f2, f3;
assignment operator aop;
position p != neg.p, q, qi;
statement S;
@@
(
if (<+... F@p(NS, C) ...+>) { <+...
(
G@q aop E
|
G@q.f1 aop E
|
G@q.f1.f2 aop E
|
G@q.f1.f2.f3 aop E
|
G@q[E1] aop E
|
G@q.f1[E1] aop E
|
G@q.f1.f2[E1] aop E
|
\( G@q++ \| G@q-- \| ++G@q \| --G@q \| G@q.f1++ \| G@q.f1-- \)
|
WRITE_ONCE(\( G@q \| G@q.f1 \| G@q.f1.f2 \| G@q[E1] \), E)
|
F2(..., &I@qi, ...)
)
  ...+> } else S
|
if (<+... F@p(NS, C) ...+>) { <+...
(
G@q aop E
|
G@q.f1 aop E
|
G@q.f1.f2 aop E
|
G@q.f1.f2.f3 aop E
|
G@q[E1] aop E
|
G@q.f1[E1] aop E
|
G@q.f1.f2[E1] aop E
|
\( G@q++ \| G@q-- \| ++G@q \| --G@q \| G@q.f1++ \| G@q.f1-- \)
|
WRITE_ONCE(\( G@q \| G@q.f1 \| G@q.f1.f2 \| G@q[E1] \), E)
|
F2(..., &I@qi, ...)
)
  ...+> }
)

@script:python@
F << inside.F;
NS << inside.NS;
C << inside.C;
p << inside.p;
q << inside.q = [];
G << inside.G = "";
qi << inside.qi = [];
I << inside.I = "";
F2 << inside.F2 = "";
@@
if classify(p, NS, q, G, qi, I, F2) is None:
    cocci.include_match(False)

@script:python depends on report@
F << inside.F;
NS << inside.NS;
C << inside.C;
p << inside.p;
q << inside.q = [];
G << inside.G = "";
qi << inside.qi = [];
I << inside.I = "";
F2 << inside.F2 = "";
@@
what = classify(p, NS, q, G, qi, I, F2)
if once(p, what):
    coccilib.report.print_report(p[0], message(F, NS, C, p, what))

@script:python depends on org@
F << inside.F;
NS << inside.NS;
C << inside.C;
p << inside.p;
q << inside.q = [];
G << inside.G = "";
qi << inside.qi = [];
I << inside.I = "";
F2 << inside.F2 = "";
@@
what = classify(p, NS, q, G, qi, I, F2)
if once(p, what):
    coccilib.org.print_todo(p[0], message(F, NS, C, p, what))

@depends on context && !patch && !org && !report@
identifier inside.F;
position inside.p;
expression inside.NS, inside.C;
@@
* F@p(NS, C)

// SPDX-License-Identifier: GPL-2.0-only
///
/// make_kuid() and make_kgid() return INVALID_UID/INVALID_GID when the id
/// has no mapping in the namespace.  An id supplied by the caller (mapped
/// through current_user_ns(), current_cred()->user_ns, file->f_cred->user_ns
/// or a local variable holding one of them) is under the control of any
/// user who can create a user namespace, so the result must be checked with
/// uid_valid()/gid_valid() or kuid_has_mapping()/kgid_has_mapping() (or
/// compared with INVALID_UID/INVALID_GID) before it is stored or used.
/// Reported:
///  - x = make_kuid(ns, id) followed, on some path and before any check of
///    x, by a use of x (x passed to a function, stored elsewhere, returned);
///  - a result stored into memory that outlives the function (a field, an
///    array element, *out) and not checked on every path from the store
///    (a local struct returned whole is the caller's business);
///  - make_kuid(ns, id) passed straight to a function.
/// Not reported: results checked by setattr_vfsuid()/setattr_vfsgid()
/// (fs/open.c, they validate), comparisons (uid_eq(), gid_eq(), uid_lt()..., in_group_p(),
/// in_egroup_p()): INVALID_UID never equals an id taken from credentials or
/// inodes, so an unmapped id compares unequal, which fails closed; mapping
/// back with from_kuid*() (gives -1 or the overflow id); ids mapped through
/// &init_user_ns (identity: only (uid_t)-1 is invalid and it stays -1); ids
/// mapped through any other namespace (a superblock's s_user_ns, an
/// idmapping, a netns owner), where the kernel deliberately represents
/// unmapped on-disk or on-wire ids as INVALID_UID; results returned to the
/// caller (the caller is responsible).
///
/// No patch mode: what an unmapped id must do (-EINVAL, -EOVERFLOW, fall
/// back to the overflow id) depends on the interface.
///
// Confidence: Moderate
// Copyright: (C) 2026 Seed 06644118 maintainers
// Requires: 1.3
// Options: --no-includes --include-headers
// Keywords: make_kuid, make_kgid, uid_valid, gid_valid, kuid_has_mapping
//

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

CALLER_NS = re.compile(r"^(current_user_ns\(\)|current_cred\(\)->user_ns|.*->f_cred->user_ns)$")
# (file, function, variable) holding the caller's namespace
ns_vars = set()
seen = set()

def tidy(s):
    s = re.sub(r"\s+", " ", str(s))
    s = re.sub(r" ?(->|[()\[\].]) ?", r"\1", s)
    s = re.sub(r"(^|[(, ])([&*]) ", r"\1\2", s)
    return re.sub(r" ?, ?", ", ", s).strip()

def callers_ns(p, ns):
    ns = tidy(ns)
    return CALLER_NS.match(ns) is not None or \
        (p[0].file, p[0].current_element, ns) in ns_vars

def once(p, msg):
    key = (p[0].file, p[0].line, p[0].column, msg)
    if key in seen:
        return False
    seen.add(key)
    return True

def returned(p, var):
    """the function holding p returns var (by value or address)"""
    with open(p[0].file, errors="replace") as fh:
        ls = fh.read().split("\n")
    for l in ls[int(p[0].line):]:
        if re.match(r"^}", l):
            return False
        if re.search(r"\breturn\s+&?\(?%s\)?\s*;" % re.escape(var), l):
            return True
    return False

def what(M):
    return "uid_valid()" if M == "make_kuid" else "gid_valid()"

@nsvar depends on !patch@
local idexpression ns;
expression E;
position p;
@@
(
ns@p = current_user_ns()
|
ns@p = current_cred()->user_ns
|
ns@p = E->f_cred->user_ns
)

@script:python@
ns << nsvar.ns;
p << nsvar.p;
@@
ns_vars.add((p[0].file, p[0].current_element, ns))

// Positions where an id is checked, or used harmlessly
@ok depends on !patch@
expression E, N, E2;
position q;
@@
(
uid_valid(E@q)
|
gid_valid(E@q)
|
// fs/open.c: validate, then set the attribute
setattr_vfsuid(N, E@q)
|
setattr_vfsgid(N, E@q)
|
kuid_has_mapping(N, E@q)
|
kgid_has_mapping(N, E@q)
|
\(uid_eq\|gid_eq\|uid_gt\|uid_lt\|uid_gte\|uid_lte\|gid_gt\|gid_lt\|gid_gte\|gid_lte\)(E@q, E2)
|
\(uid_eq\|gid_eq\|uid_gt\|uid_lt\|uid_gte\|uid_lte\|gid_gt\|gid_lt\|gid_gte\|gid_lte\)(E2, E@q)
|
\(in_group_p\|in_egroup_p\)(E@q)
|
\(from_kuid\|from_kgid\|from_kuid_munged\|from_kgid_munged\|__kuid_val\|__kgid_val\)(N, E@q)
)

// x = make_kuid(ns, id); ... use(x) with no check in between
@used depends on !patch exists@
identifier x;
type T;
expression ns, e, E1;
identifier M = {make_kuid, make_kgid};
position p, u != ok.q;
@@
(
T x = M@p(ns, e);
|
x = M@p(ns, e);
)
... when != \(uid_valid(x)\|gid_valid(x)\|kuid_has_mapping(...)\|kgid_has_mapping(...)\)
    when != \(setattr_vfsuid(..., x)\|setattr_vfsgid(..., x)\)
    when != \(uid_eq(x, INVALID_UID)\|uid_eq(INVALID_UID, x)\|gid_eq(x, INVALID_GID)\|gid_eq(INVALID_GID, x)\)
    when != x = E1
    when != &x
x@u

@script:python@
p << used.p;
ns << used.ns;
@@
if not callers_ns(p, ns):
    cocci.include_match(False)

@depends on context && !patch && !org && !report@
identifier used.M;
position used.p;
expression used.ns, used.e;
@@
* M@p(ns, e)

@script:python depends on report@
p << used.p;
u << used.u;
M << used.M;
x << used.x;
ns << used.ns;
e << used.e;
@@
msg = "WARNING: %s: %s(%s, %s) may be INVALID: %s used at line %s without %s" % (
    p[0].current_element, M, tidy(ns), tidy(e), tidy(x), u[0].line, what(M))
if once(p, "report"):
    coccilib.report.print_report(p[0], msg)

@script:python depends on org@
p << used.p;
u << used.u;
M << used.M;
x << used.x;
ns << used.ns;
e << used.e;
@@
msg = "WARNING: %s: %s(%s, %s) may be INVALID: %s used at line %s without %s" % (
    p[0].current_element, M, tidy(ns), tidy(e), tidy(x), u[0].line, what(M))
if once(p, "org"):
    coccilib.org.print_todo(p[0], msg)

// s->uid = make_kuid(ns, id); not followed by a check on every path
@allchecked depends on !patch forall@
expression x, ns, e, E1;
identifier M = {make_kuid, make_kgid};
position p;
@@
x = M@p(ns, e);
... when != x = E1
    when strict
(
\(uid_valid(x)\|gid_valid(x)\|kuid_has_mapping(..., x)\|kgid_has_mapping(..., x)\)
|
\(setattr_vfsuid(..., x)\|setattr_vfsgid(..., x)\)
|
\(uid_eq(x, INVALID_UID)\|uid_eq(INVALID_UID, x)\|gid_eq(x, INVALID_GID)\|gid_eq(INVALID_GID, x)\)
)

@stored depends on !patch@
expression x, ns, e;
identifier M = {make_kuid, make_kgid};
position p != allchecked.p;
@@
x = M@p(ns, e);

@script:python@
p << stored.p;
ns << stored.ns;
x << stored.x;
@@
# A plain identifier is a local variable (the "used" rule covers it);
# anything else (s->f, a[i], *out) outlives the function, unless it is a
# local struct returned to the caller, who is then responsible.
base = re.match(r"^[*&(]*(\w+)", tidy(x))
if not callers_ns(p, ns) or re.match(r"^\w+$", tidy(x)) or \
   (base and returned(p, base.group(1))):
    cocci.include_match(False)

@depends on context && !patch && !org && !report@
identifier stored.M;
position stored.p;
expression stored.ns, stored.e;
@@
* M@p(ns, e)

@script:python depends on report@
p << stored.p;
M << stored.M;
x << stored.x;
ns << stored.ns;
e << stored.e;
@@
msg = "WARNING: %s: %s(%s, %s) may be INVALID: stored in %s and not checked with %s on every path" % (
    p[0].current_element, M, tidy(ns), tidy(e), tidy(x), what(M))
if once(p, "report"):
    coccilib.report.print_report(p[0], msg)

@script:python depends on org@
p << stored.p;
M << stored.M;
x << stored.x;
ns << stored.ns;
e << stored.e;
@@
msg = "WARNING: %s: %s(%s, %s) may be INVALID: stored in %s and not checked with %s on every path" % (
    p[0].current_element, M, tidy(ns), tidy(e), tidy(x), what(M))
if once(p, "org"):
    coccilib.org.print_todo(p[0], msg)

// f(..., make_kuid(ns, id), ...)
@direct depends on !patch@
identifier M = {make_kuid, make_kgid};
identifier F;
expression ns, e;
position p;
@@
F(..., M@p(ns, e), ...)

@script:python@
p << direct.p;
ns << direct.ns;
F << direct.F;
@@
SAFE = ("uid_valid", "gid_valid", "kuid_has_mapping", "kgid_has_mapping",
        "uid_eq", "gid_eq", "uid_gt", "uid_lt", "uid_gte", "uid_lte",
        "gid_gt", "gid_lt", "gid_gte", "gid_lte", "in_group_p",
        "in_egroup_p", "from_kuid", "from_kgid", "from_kuid_munged",
        "from_kgid_munged", "__kuid_val", "__kgid_val")
if F in SAFE or not callers_ns(p, ns):
    cocci.include_match(False)

@depends on context && !patch && !org && !report@
identifier direct.M;
position direct.p;
expression direct.ns, direct.e;
@@
* M@p(ns, e)

@script:python depends on report@
p << direct.p;
M << direct.M;
F << direct.F;
ns << direct.ns;
e << direct.e;
@@
msg = "WARNING: %s: %s(%s, %s) may be INVALID: passed to %s() unchecked" % (
    p[0].current_element, M, tidy(ns), tidy(e), F)
if once(p, "report"):
    coccilib.report.print_report(p[0], msg)

@script:python depends on org@
p << direct.p;
M << direct.M;
F << direct.F;
ns << direct.ns;
e << direct.e;
@@
msg = "WARNING: %s: %s(%s, %s) may be INVALID: passed to %s() unchecked" % (
    p[0].current_element, M, tidy(ns), tidy(e), F)
if once(p, "org"):
    coccilib.org.print_todo(p[0], msg)

// SPDX-License-Identifier: GPL-2.0-only
///
/// capable(), ns_capable() and ns_capable_noaudit() check the credentials of
/// the task making the call.  In a ->write or ->ioctl handler that is the
/// writer, not the task that opened the file: an unprivileged opener can hand
/// the descriptor to a privileged process (a setuid program's stderr, a
/// daemon receiving it over SCM_RIGHTS) and have it perform the write for it
/// (the confused-deputy class of CVE-2021-4197 and of the uid_map write fix).
/// Check the opener instead: file_ns_capable(file, ns, CAP) or a test on
/// file->f_cred.
///
/// Handlers recognised: .write, .write_iter, .unlocked_ioctl, .compat_ioctl
/// of struct file_operations; .proc_write, .proc_ioctl, .proc_compat_ioctl of
/// struct proc_ops; .write of struct kernfs_ops; .write, .write_u64 and
/// .write_s64 of struct cftype (arrays of them included); and sysfs store
/// callbacks recognised by their prototype (device, kobj, driver, class and
/// bus attributes), which covers DEVICE_ATTR_RW()/_WO(), __ATTR() and
/// friends whatever macro installs them.  Calls made directly in the handler
/// and in a static helper of the same file that the handler calls are
/// reported.  A handler that also checks the opener (file_ns_capable() or
/// anything reading f_cred) is not reported, nor are calls whose namespace
/// argument comes from f_cred.
///
/// Not covered: handlers installed at run time or through a table the
/// script cannot see (debugfs DEFINE_SIMPLE_ATTRIBUTE setters, seq_file
/// helpers, ioctl dispatch tables, helpers more than one call deep or in
/// another file).
///
/// Patch mode: in .write/.proc_write handlers taking a struct file *, in
/// .write_iter handlers (iocb->ki_filp) and in kernfs/cftype .write handlers
/// (of->file), capable(CAP) becomes file_ns_capable(file, &init_user_ns, CAP)
/// and ns_capable(ns, CAP) becomes file_ns_capable(file, ns, CAP): same
/// capability, same namespace, checked against the opener's credentials.
/// This is safe in the sense that no new writer gains access that a
/// privileged opener did not hand it on purpose (the model of sockets and of
/// /proc/PID/uid_map); it does change who is checked, so a program that opens
/// without privilege and writes after gaining it stops working, which is
/// the point, and the check no longer marks the writer PF_SUPERPRIV.
/// ioctl handlers, sysfs stores (no file in scope), helpers and
/// ns_capable_noaudit() (no file_ns_ variant) are reported, never patched:
/// ioctl permission at call time is the norm and a change there needs a human.
///
// Confidence: Moderate
// Copyright: (C) 2026 Seed 06644118 maintainers
// Requires: 1.3
// Options: --no-includes --include-headers
// Keywords: capable, ns_capable, file_ns_capable, f_cred, write, ioctl, store
//

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

# (file, handler) -> "struct.field" it is installed as
handlers = {}
handler_names = set()
# (file, function) of functions that check the opener themselves
opener_checked = set()
# (file, helper) -> (handler, kind)
helpers = {}

def add_handler(p, fn, kind):
    handlers[(p[0].file, fn)] = kind
    handler_names.add(fn)

def is_handler(fn):
    return fn in handler_names

def handler_kind(p, fn):
    return handlers.get((p[0].file, fn))

def tidy(s):
    """spatch prints "f ( a , b )": back to kernel spelling"""
    s = re.sub(r"\s+", " ", str(s))
    s = re.sub(r" ?(->|[()\[\].]) ?", r"\1", s)
    s = re.sub(r"(^|[(, ])([&*]) ", r"\1\2", s)
    return re.sub(r" ?, ?", ", ", s).strip()

_text = {}
SL = "/"   # spelled so: SmPL reads comment openers even in python code
_noise = re.compile(SL + r"\*.*?\*" + SL + "|" + SL + SL + r"[^\n]*", re.S)

def text_of(f):
    if f not in _text:
        with open(f, errors="replace") as fh:
            _text[f] = _noise.sub(" ", fh.read())
    return _text[f]

MODE_BITS = {"S_IWUSR": 0o200, "S_IRUSR": 0o400, "S_IXUSR": 0o100,
             "S_IRWXU": 0o700, "S_IWGRP": 0o020, "S_IRGRP": 0o040,
             "S_IXGRP": 0o010, "S_IRWXG": 0o070, "S_IWOTH": 0o002,
             "S_IROTH": 0o004, "S_IXOTH": 0o001, "S_IRWXO": 0o007,
             "S_IRUGO": 0o444, "S_IWUGO": 0o222, "S_IXUGO": 0o111,
             "S_IRWXUGO": 0o777, "S_IALLUGO": 0o7777}

def eval_mode(m):
    """a mode expression of literals and S_I* names, or None"""
    total = 0
    for tok in re.split(r"\s*[|+]\s*", m.strip().strip("()")):
        tok = tok.strip("() ")
        if tok in MODE_BITS:
            total |= MODE_BITS[tok]
        elif re.match(r"^0[0-7]*$", tok):
            total |= int(tok, 8)
        else:
            return None
    return total

def split_args(a):
    out, depth, cur = [], 0, ""
    for ch in a:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    return out + [cur.strip()]

_MACRO = re.compile(r"\b([A-Z_][A-Z0-9_]*)\s*\(((?:[^()]|\([^()]*\))*)\)")

def sysfs_mode(p, fn):
    """the mode of the sysfs attribute whose store is fn, or None"""
    stem = fn[:-len("_store")] if fn.endswith("_store") else None
    text = text_of(p[0].file)
    for m in _MACRO.finditer(text):
        macro, args = m.group(1), split_args(m.group(2))
        # DEVICE_ATTR_RW(x), __ATTR_WO(x), NETDEVICE_SHOW_RW(x, fmt), BTRFS_ATTR_W(p, x, store),
        # BTRFS_ATTR_RW(prefix, x, show, store), __ATTR_RW_MODE(x, mode)
        if re.search(r"_(RW|WO|W)(_MODE)?$", macro) and (args[0] == stem or fn in args):
            if macro.endswith("_MODE") and len(args) > 1:
                return eval_mode(args[1])
            if "ADMIN" in macro:
                return 0o600
            return 0o644 if "_RW" in macro else 0o200
        # DEVICE_ATTR(x, mode, show, store), __ATTR(x, mode, show, store)
        if "ATTR" in macro and len(args) >= 4 and fn in args[2:]:
            return eval_mode(args[1])
    # { .attr = { .name = "x", .mode = M }, .store = fn }
    for m in re.finditer(r"\.store\s*=\s*&?%s\b" % re.escape(fn), text):
        modes = re.findall(r"\.mode\s*=\s*([^,}]+)", text[max(0, m.start() - 400):m.start()])
        if modes:
            return eval_mode(modes[-1])
    return None

def file_modes(p):
    """the modes of every attribute the file defines (None: not evaluable)"""
    text = text_of(p[0].file)
    modes = []
    for m in _MACRO.finditer(text):
        macro, args = m.group(1), split_args(m.group(2))
        if re.search(r"_(RW|WO|W)$", macro):
            modes.append(0o600 if "ADMIN" in macro else 0o644)
        elif re.search(r"_(RW|WO|W)_MODE$", macro) and len(args) > 1:
            modes.append(eval_mode(args[1]))
        elif "ATTR" in macro and len(args) >= 4:
            modes.append(eval_mode(args[1]))
    modes += [eval_mode(m) for m in re.findall(r"\.mode\s*=\s*([^,}]+)", text)]
    return modes

def root_only(p, fn):
    """a sysfs store whose file only its owner (root) can open for write:
    its own mode says so or, when a local macro hides it (token pasting,
    drivers/usb/atm/cxacru.c), every attribute mode in the file does"""
    if handlers.get((p[0].file, fn)) != "sysfs store":
        return False
    mode = sysfs_mode(p, fn)
    if mode is not None:
        return mode & 0o022 == 0
    modes = file_modes(p)
    return bool(modes) and all(m is not None and m & 0o022 == 0 for m in modes)

def where(p, fn):
    key = (p[0].file, fn)
    if key in handlers:
        return "a %s handler" % handlers[key]
    h, kind = helpers[key]
    return "a helper of the %s handler %s()" % (kind, h)

// ---- handlers installed through initialisers --------------------------------

@fops@
identifier ops, fn;
identifier fld = {write, write_iter, unlocked_ioctl, compat_ioctl};
position p;
@@
struct file_operations ops@p = { .fld = fn, };

@script:python@
fn << fops.fn;
fld << fops.fld;
p << fops.p;
@@
add_handler(p, fn, "file_operations." + fld)

@pops@
identifier ops, fn;
identifier fld = {proc_write, proc_ioctl, proc_compat_ioctl};
position p;
@@
struct proc_ops ops@p = { .fld = fn, };

@script:python@
fn << pops.fn;
fld << pops.fld;
p << pops.p;
@@
add_handler(p, fn, "proc_ops." + fld)

@kops@
identifier ops, fn;
position p;
@@
struct kernfs_ops ops@p = { .write = fn, };

@script:python@
fn << kops.fn;
p << kops.p;
@@
add_handler(p, fn, "kernfs_ops.write")

@cft@
identifier ops, fn;
identifier fld = {write, write_u64, write_s64};
position p;
@@
(
struct cftype ops@p[] = { ..., { .fld = fn, }, ... };
|
struct cftype ops@p = { .fld = fn, };
)

@script:python@
fn << cft.fn;
fld << cft.fld;
p << cft.p;
@@
add_handler(p, fn, "cftype." + fld)

// ---- sysfs store callbacks, by prototype ------------------------------------

@store@
identifier fn, a, b, c, d;
type T, A;
position p;
@@
(
ssize_t fn@p(T a, A b, const char *c, size_t d) { ... }
|
ssize_t fn@p(T a, const char *c, size_t d) { ... }
)

@script:python@
fn << store.fn;
T << store.T;
A << store.A = "";
p << store.p;
@@
def bare(t):
    return " ".join(t.replace("const ", "").split())
# (object, attribute) pairs of the sysfs store prototypes
STORES = {
    ("struct device *", "struct device_attribute *"),
    ("struct kobject *", "struct kobj_attribute *"),
    ("struct class *", "struct class_attribute *"),
    ("struct device_driver *", ""),
    ("struct bus_type *", ""),
}
if (bare(T), bare(A)) in STORES:
    add_handler(p, fn, "sysfs store")

// ---- functions that check the opener: not reported --------------------------

@opener@
expression E;
position p;
@@
(
file_ns_capable@p(...)
|
E->f_cred@p
)

@script:python@
p << opener.p;
@@
opener_checked.add((p[0].file, p[0].current_element))

// ---- one level of helper ----------------------------------------------------

@helper@
identifier g;
position p;
@@
g@p(...)

@script:python@
g << helper.g;
p << helper.p;
@@
fn = p[0].current_element
kind = handler_kind(p, fn)
if kind and g != fn and (p[0].file, g) not in handlers:
    helpers.setdefault((p[0].file, g), (fn, kind))

// ---- the checks -------------------------------------------------------------

@r depends on !patch@
identifier F = {capable, ns_capable, ns_capable_noaudit};
expression list es;
position p;
@@
F@p(es)

@script:python depends on !patch@
F << r.F;
es << r.es;
p << r.p;
@@
key = (p[0].file, p[0].current_element)
via = helpers.get(key)
if key not in handlers and not via:
    cocci.include_match(False)
elif key in opener_checked or "f_cred" in str(es) or root_only(p, key[1]):
    cocci.include_match(False)
elif via and ((p[0].file, via[0]) in opener_checked or root_only(p, via[0])):
    cocci.include_match(False)

@depends on context && !patch && !org && !report@
identifier r.F;
expression list r.es;
position r.p;
@@
* F@p(es)

@script:python depends on report@
F << r.F;
es << r.es;
p << r.p;
@@
fn = p[0].current_element
msg = "WARNING: %s: %s(%s) in %s checks the caller, not the opener: use file_ns_capable() or file->f_cred" % (fn, F, tidy(es), where(p, fn))
coccilib.report.print_report(p[0], msg)

@script:python depends on org@
F << r.F;
es << r.es;
p << r.p;
@@
fn = p[0].current_element
msg = "WARNING: %s: %s(%s) in %s checks the caller, not the opener" % (fn, F, tidy(es), where(p, fn))
coccilib.org.print_todo(p[0], msg)

// ---- patch mode: the opener's credentials where the file is in scope --------

@pw depends on patch && !context && !org && !report@
identifier fn : script:python() { is_handler(fn) };
identifier f, b, n, pos;
type T1, T2, T3;
position p;
@@
ssize_t fn@p(struct file *f, T1 b, T2 n, T3 pos) { ... }

@script:python depends on patch@
fn << pw.fn;
p << pw.p;
@@
if handler_kind(p, fn) not in ("file_operations.write", "proc_ops.proc_write") or \
   (p[0].file, fn) in opener_checked:
    cocci.include_match(False)

@depends on patch && !context && !org && !report@
identifier pw.fn, pw.f, pw.b, pw.n, pw.pos;
type pw.T1, pw.T2, pw.T3;
expression C, NS;
@@
ssize_t fn(struct file *f, T1 b, T2 n, T3 pos) {
  <...
(
- capable(C)
+ file_ns_capable(f, &init_user_ns, C)
|
- ns_capable(NS, C)
+ file_ns_capable(f, NS, C)
)
  ...>
}

@pi depends on patch && !context && !org && !report@
identifier fn : script:python() { is_handler(fn) };
identifier iocb, from;
type T1;
position p;
@@
ssize_t fn@p(struct kiocb *iocb, T1 from) { ... }

@script:python depends on patch@
fn << pi.fn;
p << pi.p;
@@
if handler_kind(p, fn) != "file_operations.write_iter" or (p[0].file, fn) in opener_checked:
    cocci.include_match(False)

@depends on patch && !context && !org && !report@
identifier pi.fn, pi.iocb, pi.from;
type pi.T1;
expression C, NS;
@@
ssize_t fn(struct kiocb *iocb, T1 from) {
  <...
(
- capable(C)
+ file_ns_capable(iocb->ki_filp, &init_user_ns, C)
|
- ns_capable(NS, C)
+ file_ns_capable(iocb->ki_filp, NS, C)
)
  ...>
}

@pk depends on patch && !context && !org && !report@
identifier fn : script:python() { is_handler(fn) };
identifier of, b, n, off;
type T1, T2, T3;
position p;
@@
ssize_t fn@p(struct kernfs_open_file *of, T1 b, T2 n, T3 off) { ... }

@script:python depends on patch@
fn << pk.fn;
p << pk.p;
@@
if handler_kind(p, fn) not in ("kernfs_ops.write", "cftype.write") or \
   (p[0].file, fn) in opener_checked:
    cocci.include_match(False)

@depends on patch && !context && !org && !report@
identifier pk.fn, pk.of, pk.b, pk.n, pk.off;
type pk.T1, pk.T2, pk.T3;
expression C, NS;
@@
ssize_t fn(struct kernfs_open_file *of, T1 b, T2 n, T3 off) {
  <...
(
- capable(C)
+ file_ns_capable(of->file, &init_user_ns, C)
|
- ns_capable(NS, C)
+ file_ns_capable(of->file, NS, C)
)
  ...>
}

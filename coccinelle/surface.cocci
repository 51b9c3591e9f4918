// SPDX-License-Identifier: GPL-2.0-only
///
/// Map the kernel attack surface reachable from user namespaces: every
/// capability check made against a user namespace that an unprivileged
/// user can own, and every file system that such a namespace can mount.
/// These are not bugs; each line is one place where the capabilities a
/// process gets by creating a user namespace open code that is otherwise
/// reserved to the initial namespace's root.  scripts/surface.sh turns the
/// lines into build/results/surface.{tsv,md}.
///
/// Checks reported (the namespace is the argument as written):
///  - ns_capable(), ns_capable_noaudit(), ns_capable_setid(),
///    sockopt_ns_capable(): (ns, cap)
///  - file_ns_capable(), netlink_ns_capable(), sk_ns_capable(),
///    has_ns_capability(), has_ns_capability_noaudit(): (x, ns, cap)
///  - netlink_net_capable(skb, cap), sk_net_capable(sk, cap): the owner of
///    the socket's network namespace, reported as
///    sock_net(skb->sk)->user_ns and sock_net(sk)->user_ns
///  - capable_wrt_inode_uidgid(idmap, inode, cap): the caller's own
///    namespace, current_user_ns()
///  - struct file_system_type initialisers whose .fs_flags hold
///    FS_USERNS_MOUNT (not FS_USERNS_MOUNT_RESTRICTED alone): mount_capable()
///    checks CAP_SYS_ADMIN in fc->user_ns for them instead of the initial
///    namespace.
///
/// Not reported, because no unprivileged user can own the namespace:
/// capable(), capable_noaudit(), has_capability*(), netlink_capable(),
/// sk_capable(), sockopt_capable(), and every listed check whose namespace
/// is &init_user_ns (also init_net.user_ns, which is init_user_ns).  Nor
/// are the calls inside the listed functions' own definitions
/// (sk_net_capable() calling sk_ns_capable(), ...): their callers are the
/// sites.  Checks inside macro definitions and helpers that wrap a check
/// under another name (checkpoint_restore_ns_capable(), ...) are counted at
/// the helper, once.
///
// Confidence: High
// Copyright: (C) 2026 Seed 06644118 maintainers
// Requires: 1.3
// Options: --no-includes --include-headers
// Keywords: ns_capable, file_ns_capable, netlink_net_capable, sk_net_capable, FS_USERNS_MOUNT
//

virtual org
virtual report

@initialize:python@
@@
import re

# Namespaces no unprivileged user can own.
INIT_NS = frozenset(["&init_user_ns", "init_net.user_ns"])
# The checks themselves (and the netlink helper they share): a call in one
# of their bodies is the implementation, not a site.
WRAPPERS = frozenset(["ns_capable", "ns_capable_noaudit", "ns_capable_setid",
		      "sockopt_ns_capable", "file_ns_capable",
		      "netlink_ns_capable", "__netlink_ns_capable",
		      "sk_ns_capable", "has_ns_capability",
		      "has_ns_capability_noaudit", "netlink_net_capable",
		      "sk_net_capable", "capable_wrt_inode_uidgid"])

def tidy(s):
    """spatch prints "f ( a , b )": back to kernel spelling"""
    s = re.sub(r"\s+", " ", str(s))
    s = re.sub(r" ?(->|[()\[\].]) ?", r"\1", s)
    s = re.sub(r"(^|[(, ])([&*]) ", r"\1\2", s)
    return re.sub(r" ?, ?", ", ", s).strip()

def site(p, check, cap, ns):
    """the report line's message, or None for a site that is not one"""
    fn = p[0].current_element
    ns = tidy(ns)
    if fn in WRAPPERS or ns in INIT_NS:
        return None
    return "INFO: %s: %s(%s) in %s" % (fn, check, tidy(cap), ns)

# set by the rule below in org mode
org_mode = []

def emit(p, msg):
    if msg is None:
        return
    if org_mode:
        coccilib.org.print_todo(p[0], msg)
    else:
        coccilib.report.print_report(p[0], msg)

_lines = {}

def fs_name(p):
    """the .name of the file_system_type initialised at p, or "?" """
    f = p[0].file
    if f not in _lines:
        with open(f, errors="replace") as fh:
            _lines[f] = fh.read().split("\n")
    ls = _lines[f]
    for l in ls[int(p[0].line) - 1:int(p[0].line) + 30]:
        m = re.search(r"\.name\s*=\s*\"([^\"]*)\"", l)
        if m:
            return m.group(1)
        if l.startswith("}"):
            break
    return "?"

@script:python depends on org@
@@
org_mode.append(True)

@two depends on report || org@
identifier chk = {ns_capable, ns_capable_noaudit, ns_capable_setid, sockopt_ns_capable};
expression NS, CAP;
position p;
@@
chk@p(NS, CAP)

@script:python depends on report || org@
chk << two.chk;
NS << two.NS;
CAP << two.CAP;
p << two.p;
@@
emit(p, site(p, chk, CAP, NS))

@three depends on report || org@
identifier chk = {file_ns_capable, netlink_ns_capable, sk_ns_capable, has_ns_capability, has_ns_capability_noaudit};
expression X, NS, CAP;
position p;
@@
chk@p(X, NS, CAP)

@script:python depends on report || org@
chk << three.chk;
NS << three.NS;
CAP << three.CAP;
p << three.p;
@@
emit(p, site(p, chk, CAP, NS))

@netns depends on report || org@
identifier chk = {netlink_net_capable, sk_net_capable};
expression X, CAP;
position p;
@@
chk@p(X, CAP)

@script:python depends on report || org@
chk << netns.chk;
X << netns.X;
CAP << netns.CAP;
p << netns.p;
@@
if chk == "netlink_net_capable":
    ns = "sock_net(%s->sk)->user_ns" % tidy(X)
else:
    ns = "sock_net(%s)->user_ns" % tidy(X)
emit(p, site(p, chk, CAP, ns))

@inode depends on report || org@
expression M, I, CAP;
position p;
@@
capable_wrt_inode_uidgid@p(M, I, CAP)

@script:python depends on report || org@
CAP << inode.CAP;
p << inode.p;
@@
emit(p, site(p, "capable_wrt_inode_uidgid", CAP, "current_user_ns()"))

@fs depends on report || org@
identifier I;
expression F;
position p;
@@
struct file_system_type I@p = {
	...,
	.fs_flags = F,
	...
};

@script:python depends on report || org@
I << fs.I;
F << fs.F;
p << fs.p;
@@
if re.search(r"\bFS_USERNS_MOUNT\b", tidy(F)):
    emit(p, "INFO: %s: FS_USERNS_MOUNT(CAP_SYS_ADMIN) in fc->user_ns: file system \"%s\"" % (I, fs_name(p)))

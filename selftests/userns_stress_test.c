// SPDX-License-Identifier: GPL-2.0
/*
 * Stress test for the user namespace restriction policy (user.restrict.*):
 * random namespace operations race with a controller that keeps tightening
 * the policy.
 *
 * The test runs in epochs, each in a fresh sandbox R: a user namespace that
 * real root creates with uids and gids 0-65535 mapped 1:1 (the policy only
 * ever tightens, so every epoch needs a new one; nothing outside R is
 * touched). In each epoch:
 *
 *  - root of R is the controller: every few hundred milliseconds it adds
 *    one random bit to R's restrict.ns_create (never CLONE_NEWUSER),
 *    restrict.ns_setns, restrict.caps (never CAP_SYS_ADMIN, which the
 *    operations themselves need) or restrict.modules, and then publishes
 *    the new value in shared memory. It also tries to clear bits, which must
 *    fail. In the last epoch it sets restrict.userns_create and then
 *    restrict.locked, after which every write must fail;
 *  - workers, uid 1000 of R, fork one child per operation, which creates
 *    0-3 nested user namespaces (mapping its own uid to 0 each time) and
 *    then does one random operation: unshare(), clone() or clone3() of
 *    random namespace types; setns() by nsfs file or by pidfd into the
 *    namespaces of a holder it created; or a check of the capabilities the
 *    ceiling can take away (CAP_SYS_CHROOT, CAP_DAC_*, CAP_NET_*), both
 *    held in the child's own user namespace and implied as the owner of the
 *    holder's (CAP_NET_ADMIN, and CAP_SYS_PTRACE to open its
 *    /proc/<pid>/ns files). Mapping uid 0 of the parent when nesting checks
 *    CAP_SETFCAP of the creator;
 *  - after the stress, uid 1000 of R must be able to create exactly as
 *    many namespaces as user.max_*_namespaces of R allow: every namespace
 *    the stress created was counted back.
 *
 * Every operation reads the published policy before it starts. The policy
 * only tightens and is published after the kernel accepted it, so whatever
 * the snapshot forbids was in force during the whole operation: its success
 * is a bypass. An operation forbidden only by a bit set while it ran may go
 * either way. After each new user namespace (created, or joined by setns()),
 * no capability of the ceiling read before may be in its permitted,
 * effective, bounding or ambient set.
 *
 * USERNS_STRESS_SECONDS sets the duration (default 30).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "userns_restrict_util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#endif

/* The unprivileged identity workers switch to inside the sandbox. */
#define UNPRIV_ID	1000

/* The ids mapped 1:1 into the sandbox. */
#define SANDBOX_IDS	65536

#define DEFAULT_SECONDS	30
#define MAX_SECONDS	1800
#define EPOCH_SECONDS	5
#define NR_WORKERS	3
#define MAX_DEPTH	3

/* Tightenings of the policy per epoch, on average. */
#define TIGHTENINGS	30

/* An operation that takes longer than this has hung. */
#define OP_TIMEOUT	30

/* How long workers get to finish their operation after the epoch ends. */
#define REAP_GRACE_MS	30000

/* The namespace counter check: N namespaces of each type. */
#define COUNT_N		5
#define COUNT_RETRY_MS	10000

/* The least number of operations a run must do to mean anything. */
#define MIN_OPERATIONS	50

/* Bypasses and violations logged in detail; the rest are only counted. */
#define MAX_LOGGED	10

#define CREATE_TYPES	(CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNS | \
			 CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWTIME | \
			 CLONE_NEWUTS)

#define CAP_BIT(cap)	(1ULL << (cap))

#define CLONE_STACK_SIZE	(64 * 1024)

static const struct {
	__u64 flag;
	const char *name;
} ns_types[] = {
	{ CLONE_NEWCGROUP, "cgroup" },
	{ CLONE_NEWIPC, "ipc" },
	{ CLONE_NEWNS, "mnt" },
	{ CLONE_NEWNET, "net" },
	{ CLONE_NEWPID, "pid" },
	{ CLONE_NEWTIME, "time" },
	{ CLONE_NEWUSER, "user" },
	{ CLONE_NEWUTS, "uts" },
};

/* The capabilities the operations can tell are above the ceiling. */
static const int checked_caps[] = {
	CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_NET_BIND_SERVICE,
	CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_CHROOT, CAP_SYS_PTRACE,
	CAP_SETFCAP,
};

/* The policy of R as published by the controller; each field only grows. */
struct policy {
	__u64 userns_create;
	__u64 ns_create;
	__u64 ns_setns;
	__u64 caps;
	__u64 modules;
	__u64 locked;
};

static const struct {
	const char *name;
	size_t offset;
	bool flag;		/* 0 or 1, not a mask */
} knobs[] = {
	{ "restrict.userns_create", offsetof(struct policy, userns_create), true },
	{ "restrict.ns_create", offsetof(struct policy, ns_create), false },
	{ "restrict.ns_setns", offsetof(struct policy, ns_setns), false },
	{ "restrict.caps", offsetof(struct policy, caps), false },
	{ "restrict.modules", offsetof(struct policy, modules), true },
	{ "restrict.locked", offsetof(struct policy, locked), true },
};

enum knob_index {
	KNOB_USERNS_CREATE,
	KNOB_NS_CREATE,
	KNOB_NS_SETNS,
	KNOB_CAPS,
	KNOB_MODULES,
	KNOB_LOCKED,
};

enum op_kind {
	OP_USERNS,		/* unshare(CLONE_NEWUSER) of a nesting level */
	OP_MAP_ROOT,		/* uid_map of parent uid 0: CAP_SETFCAP */
	OP_UNSHARE,
	OP_CLONE,
	OP_CLONE3,
	OP_HOLDER,		/* clone3() of a holder of namespaces to join */
	OP_PTRACE,		/* open /proc/<pid>/ns/: CAP_SYS_PTRACE */
	OP_SETNS_NSFS,
	OP_SETNS_PIDFD,
	OP_CHROOT,		/* CAP_SYS_CHROOT */
	OP_DAC_WRITE,		/* CAP_DAC_OVERRIDE */
	OP_DAC_READ,		/* CAP_DAC_OVERRIDE or CAP_DAC_READ_SEARCH */
	OP_NET_RAW,		/* CAP_NET_RAW */
	OP_NET_BIND,		/* CAP_NET_BIND_SERVICE */
	OP_NET_ADMIN,		/* CAP_NET_ADMIN */
	OP_OWNER_NET_ADMIN,	/* CAP_NET_ADMIN of the owner of a netns */
	OP_LOOSEN,		/* a write that clears a bit of the policy */
	OP_LOCKED,		/* a write after restrict.locked */
	NR_OP_KINDS,
};

static const char * const op_names[] = {
	[OP_USERNS] = "unshare(CLONE_NEWUSER)",
	[OP_MAP_ROOT] = "uid_map of uid 0",
	[OP_UNSHARE] = "unshare",
	[OP_CLONE] = "clone",
	[OP_CLONE3] = "clone3",
	[OP_HOLDER] = "clone3 holder",
	[OP_PTRACE] = "open /proc/pid/ns",
	[OP_SETNS_NSFS] = "setns nsfs",
	[OP_SETNS_PIDFD] = "setns pidfd",
	[OP_CHROOT] = "chroot",
	[OP_DAC_WRITE] = "dac write",
	[OP_DAC_READ] = "dac read",
	[OP_NET_RAW] = "raw socket",
	[OP_NET_BIND] = "bind port 80",
	[OP_NET_ADMIN] = "SIOCSIFFLAGS",
	[OP_OWNER_NET_ADMIN] = "owner SIOCSIFFLAGS",
	[OP_LOOSEN] = "loosening write",
	[OP_LOCKED] = "write when locked",
};

struct op_stats {
	__u64 ops;
	__u64 ok;
	__u64 denied;	/* by the policy, as far as the snapshots tell */
	__u64 other;	/* failed for another reason */
	__u64 raced;	/* worked, forbidden only by a bit set meanwhile */
	__u64 bypass;	/* worked although the policy forbade it */
};

/* Shared by every process of the test. */
struct shared {
	struct policy pol;
	__u64 epoch_end;	/* CLOCK_MONOTONIC ms */
	int stop;
	int logged;
	__u64 violations;	/* capabilities above the ceiling */
	__u64 hung;		/* operations killed by their watchdog */
	__u64 errors;		/* the test's own machinery failed */
	__u64 leaked;		/* namespace counts not given back */
	__u64 tightenings;
	__u64 epochs;
	__u64 checks;		/* counter checks passed */
	struct op_stats st[NR_OP_KINDS];
};

static struct shared *sh;
static long cap_last_cap = -1;
static __u64 rng_state;

#define inc(p)	__atomic_fetch_add((p), 1, __ATOMIC_RELAXED)

static __u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (ms % 1000) * 1000000L,
	};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void rng_seed(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	rng_state ^= ((__u64)getpid() << 32) ^ ts.tv_nsec ^ ts.tv_sec;
	rng_state |= 1;
}

/* A random number below @n (xorshift64*). */
static __u32 rnd(__u32 n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return ((rng_state * 0x2545f4914f6cdd1dULL) >> 32) % n;
}

/* A random non-empty subset of @mask. */
static __u64 random_subset(__u64 mask)
{
	__u64 set;

	do {
		set = mask & (((__u64)rnd(1U << 16) << 16) | rnd(1U << 16));
	} while (!set);
	return set;
}

/* One random bit of @mask, which must not be empty. */
static __u64 random_bit(__u64 mask)
{
	int n = __builtin_popcountll(mask), i = rnd(n);

	while (i--)
		mask &= mask - 1;
	return mask & -mask;
}

static const char *ns_name(__u64 flag)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ns_types); i++)
		if (ns_types[i].flag == flag)
			return ns_types[i].name;
	return "?";
}

/* Log from any process, in one write. */
static __printf(2, 3) void stress_log(int err, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int len;

	len = snprintf(buf, sizeof(buf), "# [pid %d] ", getpid());
	va_start(ap, fmt);
	len += vsnprintf(buf + len, sizeof(buf) - len, fmt, ap);
	va_end(ap);
	if (err && len < (int)sizeof(buf))
		len += snprintf(buf + len, sizeof(buf) - len, ": %s (errno %d)",
				strerror(err), err);
	if (len > (int)sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	buf[len++] = '\n';
	if (write(STDERR_FILENO, buf, len) < 0)
		return;
}

/* The test's own machinery failed: always logged, fails the test. */
#define stress_error(err, fmt, ...) do {				\
	inc(&sh->errors);						\
	stress_log(err, "%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__); \
} while (0)

/* Only the first MAX_LOGGED bypasses and violations are logged in detail. */
static bool log_slot(void)
{
	return __atomic_fetch_add(&sh->logged, 1, __ATOMIC_RELAXED) < MAX_LOGGED;
}

static __u64 *policy_field(struct policy *p, int knob)
{
	return (__u64 *)((char *)p + knobs[knob].offset);
}

/* A snapshot of the published policy. */
static void load_policy(struct policy *p)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		*policy_field(p, i) = __atomic_load_n(policy_field(&sh->pol, i),
						      __ATOMIC_ACQUIRE);
}

/*
 * Account for an operation that returned @ret (negative on failure, with
 * @err the errno): @before tells whether the policy published before it
 * forbids it, @after whether the one published after it does; @deny_err is
 * the errno of a denial.
 */
static __printf(7, 8) void record(enum op_kind kind, bool before, bool after,
				  long ret, int err, int deny_err,
				  const char *fmt, ...)
{
	struct op_stats *st = &sh->st[kind];
	char what[256];
	va_list ap;

	inc(&st->ops);
	if (ret < 0) {
		if (err == deny_err && (before || after))
			inc(&st->denied);
		else
			inc(&st->other);
		return;
	}
	inc(&st->ok);
	if (!before) {
		if (after)
			inc(&st->raced);
		return;
	}
	inc(&st->bypass);
	if (!log_slot())
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	stress_log(0, "BYPASS: %s succeeded although the policy in force before it forbids it",
		   what);
}

/*
 * The capability sets of the caller, from /proc/self/status, must hold
 * nothing of @ceiling.
 */
static void check_ceiling(__u64 ceiling, const char *where)
{
	static const char * const sets[] = {
		"CapPrm:", "CapEff:", "CapBnd:", "CapAmb:",
	};
	char buf[4096], *line;
	size_t i;

	if (!ceiling)
		return;
	if (read_file("/proc/self/status", buf, sizeof(buf))) {
		stress_error(errno, "read /proc/self/status");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		unsigned long long val;

		line = strstr(buf, sets[i]);
		if (!line) {
			stress_error(0, "no %s in /proc/self/status", sets[i]);
			continue;
		}
		val = strtoull(line + strlen(sets[i]), NULL, 16);
		if (!(val & ceiling))
			continue;
		inc(&sh->violations);
		if (log_slot())
			stress_log(0, "CEILING: %s of %s is %#llx, above the ceiling %#llx",
				   sets[i], where, val, (unsigned long long)ceiling);
	}
}

static bool create_forbidden(const struct policy *p, __u64 flags, int depth)
{
	/*
	 * A new user namespace is owned by the creator's: from R (depth 0)
	 * only restrict.userns_create applies, below R restrict.ns_create
	 * too. The other namespaces are owned by a user namespace below R,
	 * the new one or the creator's.
	 */
	if (flags & CLONE_NEWUSER) {
		if (!depth && p->userns_create)
			return true;
		if (depth && (p->ns_create & CLONE_NEWUSER))
			return true;
	}
	return flags & ~(__u64)CLONE_NEWUSER & p->ns_create;
}

/* The ceiling published before the caller's credentials were set. */
static __u64 creds_ceiling;

/*
 * Create a user namespace below the caller's and become its root, mapping
 * the caller's own uid and gid to 0. @depth is the caller's nesting level
 * below R. Returns 0, or -1 when the namespace could not be created.
 *
 * Mapping uid 0 of the parent (from depth 1 on) needs CAP_SETFCAP in the
 * creator's credentials, which the ceiling may have left out.
 */
static int nest_userns(int depth)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	struct policy before, after;
	__u64 setfcap = CAP_BIT(CAP_SETFCAP);
	__u64 creator_ceiling = creds_ceiling;
	char map[32];
	int ret, err;

	load_policy(&before);
	ret = unshare(CLONE_NEWUSER);
	err = errno;
	load_policy(&after);
	record(OP_USERNS, create_forbidden(&before, CLONE_NEWUSER, depth),
	       create_forbidden(&after, CLONE_NEWUSER, depth), ret, err, EPERM,
	       "unshare(CLONE_NEWUSER) by uid %d at depth %d", uid, depth);
	if (ret)
		return -1;
	creds_ceiling = before.caps;
	check_ceiling(before.caps, "a new user namespace");

	if (write_file("/proc/self/setgroups", "deny")) {
		stress_error(errno, "write /proc/self/setgroups");
		return -1;
	}
	snprintf(map, sizeof(map), "0 %d 1", uid);
	ret = write_file("/proc/self/uid_map", map);
	err = errno;
	if (uid == 0) {
		load_policy(&after);
		record(OP_MAP_ROOT, creator_ceiling & setfcap,
		       after.caps & setfcap, ret, err, EPERM,
		       "write uid_map '%s' at depth %d", map, depth);
	} else if (ret) {
		stress_error(err, "write uid_map '%s'", map);
	}
	if (ret)
		return -1;
	snprintf(map, sizeof(map), "0 %d 1", gid);
	if (write_file("/proc/self/gid_map", map)) {
		stress_error(errno, "write gid_map '%s'", map);
		return -1;
	}
	return 0;
}

struct clone_ctx {
	__u64 flags;
	__u64 ceiling;
};

static void clone_child(const struct clone_ctx *ctx)
{
	if (ctx->flags & CLONE_NEWUSER)
		check_ceiling(ctx->ceiling, "a child created in a new user namespace");
}

static int clone_fn(void *arg)
{
	clone_child(arg);
	return 0;
}

/* unshare(), clone() or clone3() of random namespace types. */
static void op_create(enum op_kind kind, int depth)
{
	struct clone_args args = { .exit_signal = SIGCHLD };
	struct policy before, after;
	struct clone_ctx ctx;
	__u64 types = CREATE_TYPES;
	void *stack;
	long ret;
	int err;

	/* clone() cannot take CLONE_NEWTIME: it overlaps the exit signal. */
	if (kind == OP_CLONE)
		types &= ~(__u64)CLONE_NEWTIME;
	ctx.flags = random_subset(types);
	/* From R itself, only with a new user namespace is anything allowed. */
	if (!depth || !rnd(4))
		ctx.flags |= CLONE_NEWUSER;

	load_policy(&before);
	ctx.ceiling = before.caps;
	switch (kind) {
	case OP_UNSHARE:
		ret = unshare(ctx.flags);
		break;
	case OP_CLONE:
		stack = mmap(NULL, CLONE_STACK_SIZE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
		if (stack == MAP_FAILED) {
			stress_error(errno, "mmap a clone() stack");
			return;
		}
		/* The stack grows down on all architectures tested here. */
		ret = clone(clone_fn, (char *)stack + CLONE_STACK_SIZE,
			    (int)ctx.flags | SIGCHLD, &ctx);
		err = errno;
		munmap(stack, CLONE_STACK_SIZE);
		errno = err;
		break;
	default:
		args.flags = ctx.flags;
		ret = syscall(__NR_clone3, &args, sizeof(args));
		if (ret == 0) {
			clone_child(&ctx);
			_exit(0);
		}
		break;
	}
	err = errno;
	load_policy(&after);
	record(kind, create_forbidden(&before, ctx.flags, depth),
	       create_forbidden(&after, ctx.flags, depth), ret, err, EPERM,
	       "%s(%#llx) at depth %d", op_names[kind],
	       (unsigned long long)ctx.flags, depth);
	if (ret > 0 && wait_for_child(ret))
		stress_error(0, "the child of %s(%#llx) failed", op_names[kind],
			     (unsigned long long)ctx.flags);
	if (!ret && kind == OP_UNSHARE)
		clone_child(&ctx);
}

static int lo_flags(int sock, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "lo");
	return ioctl(sock, SIOCGIFFLAGS, ifr);
}

/*
 * SIOCSIFFLAGS on lo of the network namespace of @sock: needs
 * CAP_NET_ADMIN over the namespace's owner.
 */
static void op_lo_up(enum op_kind kind, int sock, int depth)
{
	struct policy before, after;
	struct ifreq ifr;
	int ret, err;

	if (lo_flags(sock, &ifr)) {
		stress_error(errno, "SIOCGIFFLAGS lo");
		return;
	}
	ifr.ifr_flags |= IFF_UP;
	load_policy(&before);
	ret = ioctl(sock, SIOCSIFFLAGS, &ifr);
	err = errno;
	load_policy(&after);
	record(kind, before.caps & CAP_BIT(CAP_NET_ADMIN),
	       after.caps & CAP_BIT(CAP_NET_ADMIN), ret, err, EPERM,
	       "%s at depth %d", op_names[kind], depth);
}

/*
 * A holder of new namespaces: sends a socket of its network namespace,
 * if it has one, says it is ready and waits until released.
 */
static void holder_main(__u64 types, __u64 ceiling, int sock, int ready,
			int release)
{
	int fd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	check_ceiling(ceiling, "a namespace holder");
	if (types & CLONE_NEWNET) {
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0 || send_fd(sock, fd))
			stress_error(errno, "pass a socket of the holder's netns");
	}
	close(sock);
	write_byte(ready);
	read_byte(release);
	_exit(0);
}

/*
 * Start a holder in a new user namespace and new namespaces of random types
 * (of none if those are refused) and join some of its namespaces.
 */
static void op_setns(enum op_kind kind, int depth)
{
	struct clone_args args = { .exit_signal = SIGCHLD };
	int sv[2], ready[2], release[2], fd, ret, err, nstype;
	struct policy before, after;
	__u64 types, join;
	char path[64];
	pid_t holder;
	int tries;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) ||
	    pipe2(ready, O_CLOEXEC) || pipe2(release, O_CLOEXEC)) {
		stress_error(errno, "socketpair/pipe2");
		return;
	}

	types = random_subset(CREATE_TYPES);
	for (tries = 0; tries < 2; tries++) {
		args.flags = CLONE_NEWUSER | types;
		load_policy(&before);
		holder = syscall(__NR_clone3, &args, sizeof(args));
		if (holder == 0) {
			close(sv[0]);
			close(ready[0]);
			close(release[1]);
			holder_main(types, before.caps, sv[1], ready[1],
				    release[0]);
		}
		err = errno;
		load_policy(&after);
		record(OP_HOLDER, create_forbidden(&before, args.flags, depth),
		       create_forbidden(&after, args.flags, depth), holder, err,
		       EPERM, "clone3(%#llx) of a holder at depth %d",
		       (unsigned long long)args.flags, depth);
		if (holder > 0)
			break;
		types = 0;
	}
	close(sv[1]);
	close(ready[1]);
	close(release[0]);
	if (holder < 0)
		goto out;
	if (read_byte(ready[0])) {
		stress_error(0, "the namespace holder died");
		goto out_release;
	}

	if (types & CLONE_NEWNET) {
		fd = recv_fd(sv[0]);
		if (fd >= 0) {
			op_lo_up(OP_OWNER_NET_ADMIN, fd, depth);
			close(fd);
		}
	}

	types |= CLONE_NEWUSER;
	if (kind == OP_SETNS_NSFS) {
		join = random_bit(types);
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", holder,
			 ns_name(join));
		/* Needs CAP_SYS_PTRACE over the holder's user namespace. */
		load_policy(&before);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		err = errno;
		load_policy(&after);
		record(OP_PTRACE, before.caps & CAP_BIT(CAP_SYS_PTRACE),
		       after.caps & CAP_BIT(CAP_SYS_PTRACE), fd, err, EACCES,
		       "open %s at depth %d", path, depth);
		if (fd < 0)
			goto out_release;
		nstype = rnd(2) ? join : 0;
	} else {
		join = random_subset(types);
		fd = syscall(__NR_pidfd_open, holder, 0);
		nstype = join;
	}
	if (fd < 0) {
		stress_error(errno, "pidfd_open(%d)", holder);
		goto out_release;
	}
	load_policy(&before);
	ret = setns(fd, nstype);
	err = errno;
	load_policy(&after);
	close(fd);
	record(kind, join & before.ns_setns, join & after.ns_setns, ret, err,
	       EPERM, "setns(%s, %#x) into %#llx at depth %d",
	       kind == OP_SETNS_NSFS ? "nsfs fd" : "pidfd", nstype,
	       (unsigned long long)join, depth);
	if (!ret && (join & CLONE_NEWUSER))
		check_ceiling(before.caps, "a user namespace joined by setns()");

out_release:
	close(release[1]);
	release[1] = -1;
	if (wait_for_child(holder))
		stress_error(0, "the namespace holder failed");
out:
	if (release[1] >= 0)
		close(release[1]);
	close(sv[0]);
	close(ready[0]);
}

/* Capabilities of the caller's own user namespace over files. */
static void op_fs_caps(int depth)
{
	struct policy before, after;
	__u64 dac = CAP_BIT(CAP_DAC_OVERRIDE);
	__u64 rd = dac | CAP_BIT(CAP_DAC_READ_SEARCH);
	char path[64];
	int fd, ret, err;

	load_policy(&before);
	ret = chroot("/");
	err = errno;
	load_policy(&after);
	record(OP_CHROOT, before.caps & CAP_BIT(CAP_SYS_CHROOT),
	       after.caps & CAP_BIT(CAP_SYS_CHROOT), ret, err, EPERM,
	       "chroot() at depth %d", depth);

	/* A file of the caller's without any permission. */
	fd = memfd_create("userns_stress", MFD_CLOEXEC);
	if (fd < 0 || fchmod(fd, 0)) {
		stress_error(errno, "memfd_create/fchmod");
		if (fd >= 0)
			close(fd);
		return;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

	load_policy(&before);
	ret = open(path, O_WRONLY | O_CLOEXEC);
	err = errno;
	load_policy(&after);
	if (ret >= 0)
		close(ret);
	record(OP_DAC_WRITE, before.caps & dac, after.caps & dac, ret, err,
	       EACCES, "open() of a mode 0 file for writing at depth %d",
	       depth);

	load_policy(&before);
	ret = open(path, O_RDONLY | O_CLOEXEC);
	err = errno;
	load_policy(&after);
	if (ret >= 0)
		close(ret);
	record(OP_DAC_READ, (before.caps & rd) == rd,
	       (after.caps & rd) == rd, ret, err, EACCES,
	       "open() of a mode 0 file for reading at depth %d", depth);
	close(fd);
}

/* Capabilities over a network namespace of the caller's user namespace. */
static void op_net_caps(int depth)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(80),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	struct policy before, after;
	__u64 cap;
	int ret, err, sock;

	load_policy(&before);
	ret = unshare(CLONE_NEWNET);
	err = errno;
	load_policy(&after);
	record(OP_UNSHARE, create_forbidden(&before, CLONE_NEWNET, depth),
	       create_forbidden(&after, CLONE_NEWNET, depth), ret, err, EPERM,
	       "unshare(CLONE_NEWNET) at depth %d", depth);
	if (ret)
		return;

	cap = CAP_BIT(CAP_NET_RAW);
	load_policy(&before);
	ret = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	err = errno;
	load_policy(&after);
	if (ret >= 0)
		close(ret);
	record(OP_NET_RAW, before.caps & cap, after.caps & cap, ret, err,
	       EPERM, "socket(AF_INET, SOCK_RAW) at depth %d", depth);

	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0) {
		stress_error(errno, "socket(AF_INET, SOCK_DGRAM)");
		return;
	}
	cap = CAP_BIT(CAP_NET_BIND_SERVICE);
	load_policy(&before);
	ret = bind(sock, (struct sockaddr *)&addr, sizeof(addr));
	err = errno;
	load_policy(&after);
	record(OP_NET_BIND, before.caps & cap, after.caps & cap, ret, err,
	       EACCES, "bind() to port 80 at depth %d", depth);

	op_lo_up(OP_NET_ADMIN, sock, depth);
	close(sock);
}

enum op_choice {
	DO_UNSHARE,
	DO_CLONE,
	DO_CLONE3,
	DO_SETNS_NSFS,
	DO_SETNS_PIDFD,
	DO_FS_CAPS,
	DO_NET_CAPS,
	NR_CHOICES,
};

/* Relative frequencies. Network namespaces are the slowest to make. */
static const int choice_weight[NR_CHOICES] = {
	[DO_UNSHARE] = 3,
	[DO_CLONE] = 2,
	[DO_CLONE3] = 2,
	[DO_SETNS_NSFS] = 3,
	[DO_SETNS_PIDFD] = 3,
	[DO_FS_CAPS] = 2,
	[DO_NET_CAPS] = 1,
};

static enum op_choice pick_op(void)
{
	int total = 0, i, n;

	for (i = 0; i < NR_CHOICES; i++)
		total += choice_weight[i];
	n = rnd(total);
	for (i = 0; i < NR_CHOICES; i++) {
		n -= choice_weight[i];
		if (n < 0)
			break;
	}
	return i;
}

/* One operation, in a child of a worker. */
static void op_child(enum op_choice op, int depth)
{
	int i;

	alarm(OP_TIMEOUT);
	rng_seed();
	/* Only creation with CLONE_NEWUSER can be tried from R itself. */
	if (op >= DO_SETNS_NSFS && !depth)
		depth = 1;
	for (i = 0; i < depth; i++)
		if (nest_userns(i))
			return;
	/* Cleared by every change of credentials. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);

	switch (op) {
	case DO_UNSHARE:
		op_create(OP_UNSHARE, depth);
		break;
	case DO_CLONE:
		op_create(OP_CLONE, depth);
		break;
	case DO_CLONE3:
		op_create(OP_CLONE3, depth);
		break;
	case DO_SETNS_NSFS:
		op_setns(OP_SETNS_NSFS, depth);
		break;
	case DO_SETNS_PIDFD:
		op_setns(OP_SETNS_PIDFD, depth);
		break;
	case DO_FS_CAPS:
		op_fs_caps(depth);
		break;
	default:
		op_net_caps(depth);
		break;
	}
}

/*
 * Become an ordinary unprivileged user of the sandbox: no supplementary
 * groups, uid and gid UNPRIV_ID, dumpable again (the uid change clears it)
 * so that the user can open its own processes' namespaces and pidfds.
 */
static int drop_privileges(void)
{
	if (setgroups(0, NULL) || setresgid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID) ||
	    setresuid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID) ||
	    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)) {
		stress_error(errno, "switch to uid %d", UNPRIV_ID);
		return -1;
	}
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	return 0;
}

static bool stopped(void)
{
	return __atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE) ||
	       now_ms() > sh->epoch_end + REAP_GRACE_MS;
}

static int worker_main(void)
{
	enum op_choice op;
	int depth, status;
	pid_t pid;

	if (drop_privileges())
		return KSFT_FAIL;
	rng_seed();
	while (!stopped()) {
		op = pick_op();
		depth = rnd(MAX_DEPTH + 1);
		pid = fork();
		if (pid < 0) {
			stress_error(errno, "fork");
			sleep_ms(10);
			continue;
		}
		if (pid == 0) {
			op_child(op, depth);
			_exit(0);
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFSIGNALED(status)) {
			if (WTERMSIG(status) == SIGALRM) {
				inc(&sh->hung);
				stress_log(0, "an operation (%d at depth %d) hung for %d s",
					   op, depth, OP_TIMEOUT);
			} else {
				stress_error(0, "an operation (%d at depth %d) died of signal %d",
					     op, depth, WTERMSIG(status));
			}
		} else if (WEXITSTATUS(status)) {
			stress_error(0, "an operation (%d at depth %d) exited with %d",
				     op, depth, WEXITSTATUS(status));
		}
	}
	return 0;
}

/* ---- The controller: root of R ------------------------------------------ */

static int write_knob(int knob, __u64 val)
{
	char path[64], buf[32];

	user_sysctl_path(path, sizeof(path), knobs[knob].name);
	snprintf(buf, sizeof(buf), knobs[knob].flag ? "%llu" : "%#llx",
		 (unsigned long long)val);
	return write_file(path, buf);
}

/* Add @bits to @knob of R and publish the new value. */
static void tighten(int knob, __u64 bits)
{
	__u64 *field = policy_field(&sh->pol, knob);
	__u64 old = __atomic_load_n(field, __ATOMIC_RELAXED);

	if ((old | bits) == old)
		return;
	if (write_knob(knob, old | bits)) {
		stress_error(errno, "write user.%s: %#llx to %#llx",
			     knobs[knob].name, (unsigned long long)old,
			     (unsigned long long)(old | bits));
		return;
	}
	__atomic_store_n(field, old | bits, __ATOMIC_RELEASE);
	inc(&sh->tightenings);
}

/* A write that clears a bit of @knob, or any change once locked, must fail. */
static void try_forbidden_write(int knob, __u64 val, enum op_kind kind)
{
	int ret = write_knob(knob, val);

	record(kind, true, true, ret, errno, EPERM,
	       "write %#llx to user.%s (published %#llx, locked %llu)",
	       (unsigned long long)val, knobs[knob].name,
	       (unsigned long long)*policy_field(&sh->pol, knob),
	       (unsigned long long)sh->pol.locked);
}

/* A random capability for the ceiling, never CAP_SYS_ADMIN. */
static __u64 random_cap(void)
{
	int cap;

	if (rnd(2))
		return CAP_BIT(checked_caps[rnd(ARRAY_SIZE(checked_caps))]);
	do {
		cap = rnd(cap_last_cap + 1);
	} while (cap == CAP_SYS_ADMIN);
	return CAP_BIT(cap);
}

static void control_step(void)
{
	struct policy *p = &sh->pol;
	int knob;

	if (p->locked) {
		/* Any change: set a bit that is not set yet. */
		knob = KNOB_NS_CREATE + rnd(3);
		if (~*policy_field(p, knob) & CREATE_TYPES)
			try_forbidden_write(knob, *policy_field(p, knob) |
					    random_bit(~*policy_field(p, knob) &
						       CREATE_TYPES), OP_LOCKED);
		return;
	}

	switch (rnd(8)) {
	case 0:
	case 1:
		tighten(KNOB_NS_CREATE,
			random_bit(CREATE_TYPES & ~(__u64)CLONE_NEWUSER));
		break;
	case 2:
	case 3:
		tighten(KNOB_NS_SETNS, random_bit(CREATE_TYPES | CLONE_NEWUSER));
		break;
	case 4:
	case 5:
		tighten(KNOB_CAPS, random_cap());
		break;
	case 6:
		tighten(KNOB_MODULES, 1);
		break;
	default:
		knob = KNOB_NS_CREATE + rnd(3);
		if (*policy_field(p, knob))
			try_forbidden_write(knob, *policy_field(p, knob) &
					    ~random_bit(*policy_field(p, knob)),
					    OP_LOOSEN);
		break;
	}
}

/*
 * Tighten the policy until @end. In the last epoch, restrict.userns_create
 * is set two thirds in and restrict.locked five sixths in.
 */
static void controller(__u64 start, __u64 end, bool last)
{
	__u64 span = end - start, now;

	for (now = now_ms(); now < end; now = now_ms()) {
		sleep_ms(span / TIGHTENINGS / 2 + rnd(span / TIGHTENINGS + 1));
		now = now_ms();
		if (last && !sh->pol.userns_create && now >= start + span * 2 / 3)
			tighten(KNOB_USERNS_CREATE, 1);
		else if (last && !sh->pol.locked && now >= start + span * 5 / 6)
			tighten(KNOB_LOCKED, 1);
		else
			control_step();
	}
}

/* ---- The namespace counter check ---------------------------------------- */

/*
 * A child of the counter check: create the namespaces @flags, tell the
 * parent the errno (0 on success) and, on failure, which types are short,
 * then stay until @release is closed.
 */
static void count_child(__u64 flags, int result, int release)
{
	struct { int err; __u64 culprit; } res = {};
	size_t i;

	if (unshare(flags)) {
		res.err = errno;
		if (unshare(CLONE_NEWUSER))
			res.culprit = CLONE_NEWUSER;
		for (i = 0; !res.culprit && i < ARRAY_SIZE(ns_types); i++)
			if ((flags & ns_types[i].flag & ~(__u64)CLONE_NEWUSER) &&
			    unshare(ns_types[i].flag) && errno == ENOSPC)
				res.culprit |= ns_types[i].flag;
	}
	if (write(result, &res, sizeof(res)) != sizeof(res))
		_exit(1);
	if (!res.err)
		read_byte(release);
	_exit(0);
}

/*
 * Fork children that each create a user namespace and namespaces of
 * @types, one after the other, until one fails or @n + 1 worked; the
 * children stay until the end. Returns how many worked; *@err is the
 * errno of the one that failed, and *@culprit the types it could not
 * create on their own.
 */
static int count_attempt(int n, __u64 types, int *err, __u64 *culprit)
{
	struct { int err; __u64 culprit; } res;
	int release[2], result[2], got, i;
	pid_t pids[COUNT_N + 1];

	*err = 0;
	*culprit = 0;
	if (pipe2(release, O_CLOEXEC) || pipe2(result, O_CLOEXEC)) {
		stress_error(errno, "pipe2");
		return -1;
	}
	for (got = 0; got <= n; got++) {
		pids[got] = fork();
		if (pids[got] < 0) {
			stress_error(errno, "fork");
			*err = EAGAIN;
			break;
		}
		if (pids[got] == 0) {
			close(release[1]);
			close(result[0]);
			count_child(CLONE_NEWUSER | (got < n ? types : 0),
				    result[1], release[0]);
		}
		if (read(result[0], &res, sizeof(res)) != sizeof(res)) {
			stress_error(errno, "read the result of a counter check child");
			res.err = EIO;
		}
		if (res.err) {
			*err = res.err;
			*culprit = res.culprit;
			got++;
			break;
		}
	}
	close(release[1]);
	close(release[0]);
	close(result[0]);
	close(result[1]);
	for (i = 0; i < got; i++)
		wait_for_child(pids[i]);
	/* The last child forked is the one that failed, if one did. */
	return *err ? got - 1 : got;
}

static void types_string(__u64 types, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(ns_types) && off < len; i++)
		if (types & ns_types[i].flag)
			off += snprintf(buf + off, len - off, "%s%s",
					off ? "," : "", ns_types[i].name);
}

/*
 * In the keeper, root of a user namespace K that uid 1000 of R created
 * at the start of the epoch: R's user.max_user_namespaces is COUNT_N + 1
 * and every other user.max_*_namespaces is COUNT_N, so uid 1000 of R (its
 * count holds K and what the stress did not give back) must be able to
 * create exactly COUNT_N user namespaces, each with one namespace of every
 * type the policy still allows, and no more. Freeing namespaces is
 * asynchronous, so a shortfall is only a leak if it lasts.
 */
static int count_check(void)
{
	__u64 types, culprit, end;
	char names[128];
	int got, err, attempts = 0;

	/* Once a leak was found, later epochs need not wait as long. */
	end = now_ms() + (sh->leaked ? 1000 : COUNT_RETRY_MS);
	types = CREATE_TYPES & ~__atomic_load_n(&sh->pol.ns_create,
						__ATOMIC_ACQUIRE);
	for (;;) {
		attempts++;
		got = count_attempt(COUNT_N, types, &err, &culprit);
		if (got < 0)
			return KSFT_FAIL;
		if (got > COUNT_N) {
			stress_error(0, "%d user namespaces with user.max_user_namespaces=%d",
				     got + 1, COUNT_N + 1);
			return KSFT_FAIL;
		}
		if (got == COUNT_N && err == ENOSPC)
			break;
		if (got == COUNT_N && err) {
			stress_error(err, "user namespace %d, over the limit", got + 1);
			return KSFT_FAIL;
		}
		if (err != ENOSPC && err != 0) {
			stress_error(err, "counter check: namespace set %d", got + 1);
			return KSFT_FAIL;
		}
		if (now_ms() > end) {
			types_string(culprit, names, sizeof(names));
			__atomic_fetch_add(&sh->leaked, COUNT_N - got,
					   __ATOMIC_RELAXED);
			stress_log(0, "leaked %d namespace counts (%d of %d sets, short of %s)",
				   COUNT_N - got, got, COUNT_N, names);
			return KSFT_FAIL;
		}
		sleep_ms(200);
	}
	inc(&sh->checks);
	types_string(types | CLONE_NEWUSER, names, sizeof(names));
	stress_log(0, "counters back: %d sets of %s namespaces and no more (attempt %d)",
		   COUNT_N, names, attempts);
	return 0;
}

static int keeper_main(int ready, int go)
{
	uid_t uid;

	if (drop_privileges())
		return KSFT_FAIL;
	uid = geteuid();
	if (unshare(CLONE_NEWUSER) ||
	    write_file("/proc/self/setgroups", "deny")) {
		stress_error(errno, "the keeper's user namespace");
		return KSFT_FAIL;
	}
	{
		char map[32];

		snprintf(map, sizeof(map), "0 %d 1", uid);
		if (write_file("/proc/self/uid_map", map) ||
		    write_file("/proc/self/gid_map", map)) {
			stress_error(errno, "the keeper's maps");
			return KSFT_FAIL;
		}
	}
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (write_byte(ready))
		return KSFT_FAIL;
	/* EOF: the epoch failed, no check. */
	if (read_byte(go))
		return 0;
	return count_check();
}

static int set_max(const char *type, int val)
{
	char path[64], buf[16];

	snprintf(path, sizeof(path), "/proc/sys/user/max_%s_namespaces", type);
	snprintf(buf, sizeof(buf), "%d", val);
	if (write_file(path, buf)) {
		stress_error(errno, "write %s to %s", buf, path);
		return -1;
	}
	return 0;
}

/* Wait for @pids until @deadline, then kill what is left. */
static void reap(pid_t *pids, int n, __u64 deadline)
{
	int i, left = n, status;
	pid_t pid;

	while (left) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			for (i = 0; i < n; i++) {
				if (pids[i] != pid)
					continue;
				pids[i] = 0;
				left--;
				if (!WIFEXITED(status) || WEXITSTATUS(status))
					stress_error(0, "process %d failed (status %#x)",
						     pid, status);
			}
			continue;
		}
		if (pid < 0 && errno != EINTR)
			break;
		if (now_ms() > deadline) {
			stress_error(0, "%d processes did not stop in time", left);
			for (i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGKILL);
			deadline = ~0ULL;
		}
		sleep_ms(20);
	}
}

/* Root of the sandbox R of one epoch. */
static int sandbox_main(__u64 stress_ms, bool last)
{
	int ready[2], go[2], ret = 0, i;
	pid_t pids[NR_WORKERS], keeper;
	__u64 start, val;
	char buf[64], path[64];

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	rng_seed();

	/* The policy R started with, copied from its parent. */
	memset(&sh->pol, 0, sizeof(sh->pol));
	for (i = 0; i < (int)ARRAY_SIZE(knobs); i++) {
		user_sysctl_path(path, sizeof(path), knobs[i].name);
		if (read_file(path, buf, sizeof(buf))) {
			stress_error(errno, "read %s", path);
			return KSFT_FAIL;
		}
		val = strtoull(buf, NULL, 0);
		__atomic_store_n(policy_field(&sh->pol, i), val, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&sh->stop, 0, __ATOMIC_RELEASE);

	if (pipe2(ready, O_CLOEXEC) || pipe2(go, O_CLOEXEC)) {
		stress_error(errno, "pipe2");
		return KSFT_FAIL;
	}
	fflush(stdout);
	fflush(stderr);
	keeper = fork();
	if (keeper < 0) {
		stress_error(errno, "fork");
		return KSFT_FAIL;
	}
	if (keeper == 0) {
		close(ready[0]);
		close(go[1]);
		_exit(keeper_main(ready[1], go[0]));
	}
	close(ready[1]);
	close(go[0]);
	if (read_byte(ready[0])) {
		close(go[1]);
		wait_for_child(keeper);
		stress_error(0, "the keeper did not start");
		return KSFT_FAIL;
	}

	start = now_ms();
	sh->epoch_end = start + stress_ms;
	for (i = 0; i < NR_WORKERS; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			stress_error(errno, "fork");
			pids[i] = 0;
			continue;
		}
		if (pids[i] == 0) {
			close(ready[0]);
			close(go[1]);
			_exit(worker_main());
		}
	}

	controller(start, sh->epoch_end, last);

	__atomic_store_n(&sh->stop, 1, __ATOMIC_RELEASE);
	reap(pids, NR_WORKERS, now_ms() + REAP_GRACE_MS);

	/* Everything below R is gone: check the counters. */
	for (i = 0; i < (int)ARRAY_SIZE(ns_types); i++)
		if (set_max(ns_types[i].name, ns_types[i].flag == CLONE_NEWUSER ?
			    COUNT_N + 1 : COUNT_N))
			ret = KSFT_FAIL;
	if (!ret && write_byte(go[1]))
		ret = KSFT_FAIL;
	close(go[1]);
	close(ready[0]);
	i = wait_for_child(keeper);
	return ret ? ret : i;
}

/*
 * Run one epoch in a new sandbox: the child creates R, real root maps ids
 * 0-65535 1:1.
 */
static int run_epoch(__u64 stress_ms, bool last)
{
	int unshared[2], mapped[2], ret = 0, child_ret;
	char map[32], path[64];
	pid_t pid;

	if (pipe2(unshared, O_CLOEXEC) || pipe2(mapped, O_CLOEXEC)) {
		stress_error(errno, "pipe2");
		return KSFT_FAIL;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		stress_error(errno, "fork");
		return KSFT_FAIL;
	}
	if (pid == 0) {
		close(unshared[0]);
		close(mapped[1]);
		if (unshare(CLONE_NEWUSER)) {
			stress_error(errno, "unshare(CLONE_NEWUSER) as root");
			_exit(KSFT_FAIL);
		}
		if (write_byte(unshared[1]) || read_byte(mapped[0]))
			_exit(KSFT_FAIL);
		if (getuid() || getgid()) {
			stress_error(0, "not root in the sandbox");
			_exit(KSFT_FAIL);
		}
		_exit(sandbox_main(stress_ms, last));
	}
	close(unshared[1]);
	close(mapped[0]);
	snprintf(map, sizeof(map), "0 0 %d", SANDBOX_IDS);
	if (read_byte(unshared[0])) {
		ret = KSFT_FAIL;
	} else {
		snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
		if (write_file(path, map))
			ret = KSFT_FAIL;
		snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
		if (!ret && write_file(path, map))
			ret = KSFT_FAIL;
		if (ret)
			stress_error(errno, "write the sandbox's maps");
		else if (write_byte(mapped[1]))
			ret = KSFT_FAIL;
	}
	close(mapped[1]);
	close(unshared[0]);
	child_ret = wait_for_child(pid);
	return ret ? ret : child_ret;
}

/*
 * Reasons to skip: no policy in this kernel, not root, not in the initial
 * user namespace, a policy already in force here, or limits that leave no
 * room for the test's user namespaces.
 */
static bool stress_unavailable(char *buf, size_t len)
{
	unsigned long first, lower, count;
	char val[64], path[64];
	size_t i;
	FILE *f;
	int n;

	if (access("/proc/sys/user/restrict/caps", F_OK)) {
		snprintf(buf, len,
			 "user namespace restriction policy not supported by this kernel");
		return true;
	}
	if (geteuid() != 0) {
		snprintf(buf, len, "must run as root: the test builds its own user namespaces");
		return true;
	}
	f = fopen("/proc/self/uid_map", "re");
	if (!f) {
		snprintf(buf, len, "cannot read /proc/self/uid_map");
		return true;
	}
	n = fscanf(f, "%lu %lu %lu", &first, &lower, &count);
	fclose(f);
	if (n != 3 || first || lower || count < SANDBOX_IDS) {
		snprintf(buf, len, "must run in the initial user namespace");
		return true;
	}
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		user_sysctl_path(path, sizeof(path), knobs[i].name);
		if (read_file(path, val, sizeof(val)) || strtoull(val, NULL, 0)) {
			snprintf(buf, len,
				 "user.%s is set or unreadable here: the sandboxes need an unrestricted parent",
				 knobs[i].name);
			return true;
		}
	}
	if (!read_file("/proc/sys/kernel/unprivileged_userns_clone", val,
		       sizeof(val)) && !strtol(val, NULL, 0)) {
		snprintf(buf, len, "kernel.unprivileged_userns_clone=0");
		return true;
	}
	if (!read_file("/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
		       val, sizeof(val)) && strtol(val, NULL, 0)) {
		snprintf(buf, len, "kernel.apparmor_restrict_unprivileged_userns=1");
		return true;
	}
	for (i = 0; i < ARRAY_SIZE(ns_types); i++) {
		snprintf(path, sizeof(path), "/proc/sys/user/max_%s_namespaces",
			 ns_types[i].name);
		if (!read_file(path, val, sizeof(val)) &&
		    strtol(val, NULL, 0) < 64) {
			snprintf(buf, len, "user.max_%s_namespaces is below 64",
				 ns_types[i].name);
			return true;
		}
	}
	if (read_file("/proc/sys/kernel/cap_last_cap", val, sizeof(val))) {
		snprintf(buf, len, "cannot read /proc/sys/kernel/cap_last_cap");
		return true;
	}
	cap_last_cap = strtol(val, NULL, 10);
	return false;
}

FIXTURE(stress) {
	int seconds;
};

FIXTURE_SETUP(stress)
{
	const char *env = getenv("USERNS_STRESS_SECONDS");
	char why[256];

	if (stress_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
	self->seconds = env ? atoi(env) : DEFAULT_SECONDS;
	if (self->seconds < 1 || self->seconds > MAX_SECONDS)
		SKIP(return, "USERNS_STRESS_SECONDS=%s is not between 1 and %d",
		     env, MAX_SECONDS);
}

FIXTURE_TEARDOWN(stress)
{
}

/*
 * The harness timeout only catches a hang of the whole test; the test
 * bounds itself with alarm() from its duration.
 */
TEST_F_TIMEOUT(stress, policy_races, 2 * MAX_SECONDS + 600)
{
	struct op_stats total = {};
	__u64 start, stress_ms, ok_sum;
	char line[128];
	int epochs, e, ret;
	size_t i;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sh);
	memset(sh, 0, sizeof(*sh));

	/* An epoch of stress, then the counter check and the reaping. */
	epochs = self->seconds / (EPOCH_SECONDS + 1);
	if (epochs < 1)
		epochs = 1;
	stress_ms = self->seconds * 1000ULL / epochs;
	stress_ms = stress_ms > 2000 ? stress_ms - 1000 : stress_ms / 2;
	alarm(2 * self->seconds + (REAP_GRACE_MS + COUNT_RETRY_MS) / 1000 + 60);

	start = now_ms();
	for (e = 0; e < epochs; e++) {
		ret = run_epoch(stress_ms, e == epochs - 1);
		EXPECT_EQ(0, ret)
			TH_LOG("epoch %d failed", e + 1);
		sh->epochs++;
	}
	alarm(0);

	for (i = 0; i < NR_OP_KINDS; i++) {
		struct op_stats *st = &sh->st[i];

		TH_LOG("%-23s %6llu ops %6llu ok %6llu denied %5llu other %4llu raced %llu bypass",
		       op_names[i], st->ops, st->ok, st->denied, st->other,
		       st->raced, st->bypass);
		total.ops += st->ops;
		total.ok += st->ok;
		total.denied += st->denied;
		total.other += st->other;
		total.raced += st->raced;
		total.bypass += st->bypass;
	}
	snprintf(line, sizeof(line), "%llu denied by the policy, %llu other failures",
		 total.denied, total.other);
	ksft_print_msg("stress: %llu operations (%s), %llu bypasses, %llu capability violations\n",
		       total.ops, line, total.bypass, sh->violations);
	ksft_print_msg("stress: %llu epochs, %llu s, %llu policy changes, %llu leaked counts\n",
		       sh->epochs, (now_ms() - start) / 1000, sh->tightenings,
		       sh->leaked);

	EXPECT_EQ(0, total.bypass);
	EXPECT_EQ(0, sh->violations);
	EXPECT_EQ(0, sh->leaked);
	EXPECT_EQ(0, sh->hung);
	EXPECT_EQ(0, sh->errors);
	EXPECT_EQ(sh->epochs, sh->checks);
	EXPECT_LT(MIN_OPERATIONS, total.ops);
	/* Both sides were exercised: the operations can work and be denied. */
	ok_sum = sh->st[OP_UNSHARE].ok + sh->st[OP_CLONE3].ok;
	EXPECT_LT(0, ok_sum);
	EXPECT_LT(0, sh->st[OP_SETNS_NSFS].ok + sh->st[OP_SETNS_PIDFD].ok);
	EXPECT_LT(0, total.denied);
	munmap(sh, sizeof(*sh));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * Document what an unprivileged user gets from user namespaces by default.
 *
 * Every test switches to an unprivileged uid (65534) in a forked child and
 * checks that it can create a user namespace (by unshare(), clone() and
 * clone3()), that it then holds a full capability set there, and that it can
 * use that set on namespaces owned by the new user namespace: configure a
 * network namespace (CAP_NET_ADMIN), mount tmpfs (CAP_SYS_ADMIN), nest more
 * user namespaces, and, as the owner sitting in the parent user namespace,
 * administer the child's network namespace and setns() into it. Negative
 * controls check that none of this reaches namespaces owned by the parent.
 *
 * These tests pass on an unmodified kernel and fail if that default attack
 * surface changes. Distribution knobs that forbid unprivileged user
 * namespaces are detected up front and reported as SKIP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "userns_restrict_util.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT			47
#define PR_CAP_AMBIENT_CLEAR_ALL	4
#endif

/* The unprivileged identity the tests switch to, and a second, unrelated one. */
#define UNPRIV_ID	65534
#define OTHER_ID	65533

/* Depth of the user namespace nesting test. */
#define NEST_DEPTH	3

#define CLONE_STACK_SIZE	(256 * 1024)

enum create_method {
	CREATE_UNSHARE,
	CREATE_CLONE,
	CREATE_CLONE3,
};

/*
 * Context handed to code that runs inside freshly created namespaces: the
 * namespaces and ids of the creator, to compare against.
 */
struct ns_ctx {
	enum create_method method;
	int level;
	uid_t outer_uid;
	gid_t outer_gid;
	ino_t outer_user_ino;
	ino_t outer_net_ino;
	ino_t outer_mnt_ino;
};

typedef int (*child_fn_t)(struct __test_metadata *_metadata, void *arg);

/*
 * Helpers for code running in forked children: log what failed, with the
 * line number, and return KSFT_FAIL, which the caller passes on as the
 * child's exit code.
 */
static __printf(4, 5) int __child_fail(struct __test_metadata *_metadata,
				       int line, int err, const char *fmt, ...)
{
	va_list ap;

	fprintf(TH_LOG_STREAM, "# %s:%d:%s:[pid %d] ", __FILE__, line,
		_metadata->name, getpid());
	va_start(ap, fmt);
	vfprintf(TH_LOG_STREAM, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(TH_LOG_STREAM, ": %s (errno %d)", strerror(err), err);
	fputc('\n', TH_LOG_STREAM);
	return KSFT_FAIL;
}

#define child_err(fmt, ...) \
	__child_fail(_metadata, __LINE__, 0, fmt, ##__VA_ARGS__)
#define child_errno(fmt, ...) \
	__child_fail(_metadata, __LINE__, errno, fmt, ##__VA_ARGS__)

/*
 * Creating a user namespace failed although the default kernel allows it for
 * unprivileged users: say so clearly, this is the behaviour under test.
 */
#define USERNS_CREATE_ERR_FMT \
	"%s(flags %#x) failed; the default kernel lets unprivileged users create user namespaces, so something on this system (an LSM, seccomp, a sysctl) forbids it"
#define userns_create_err(how, flags) \
	__child_fail(_metadata, __LINE__, errno, USERNS_CREATE_ERR_FMT, how, flags)

static int read_long(const char *path, long *val)
{
	char buf[64];
	ssize_t len;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	*val = strtol(buf, NULL, 0);
	return 0;
}

/* Is @id inside one of the ranges of the caller's /proc/self/{uid,gid}_map? */
static bool id_is_mapped(const char *map, unsigned long id)
{
	unsigned long first, lower, count;
	bool mapped = false;
	FILE *f;

	f = fopen(map, "re");
	if (!f)
		return false;
	while (fscanf(f, "%lu %lu %lu", &first, &lower, &count) == 3) {
		if (id >= first && id - first < count) {
			mapped = true;
			break;
		}
	}
	fclose(f);
	return mapped;
}

/* Inode number of /proc/self/ns/@name, 0 on error. */
static ino_t ns_ino(const char *name)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	if (stat(path, &st))
		return 0;
	return st.st_ino;
}

static ino_t pid_ns_ino(pid_t pid, const char *name)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, name);
	if (stat(path, &st))
		return 0;
	return st.st_ino;
}

static int open_pid_ns(pid_t pid, const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

static long cap_last_cap = -1;

static int get_caps(__u64 *eff, __u64 *prm, __u64 *inh)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[2] = {};

	if (syscall(__NR_capget, &hdr, data))
		return -1;
	*eff = data[0].effective | (__u64)data[1].effective << 32;
	*prm = data[0].permitted | (__u64)data[1].permitted << 32;
	*inh = data[0].inheritable | (__u64)data[1].inheritable << 32;
	return 0;
}

/* All capabilities the running kernel knows of. */
static __u64 full_cap_mask(void)
{
	if (cap_last_cap >= 63)
		return ~0ULL;
	return (1ULL << (cap_last_cap + 1)) - 1;
}

/* The caller must hold every capability, effective and permitted. */
static int check_full_caps(struct __test_metadata *_metadata)
{
	__u64 eff, prm, inh;

	if (get_caps(&eff, &prm, &inh))
		return child_errno("capget");
	if (eff != full_cap_mask() || prm != full_cap_mask())
		return child_err("caps not full: want %#llx, effective %#llx, permitted %#llx",
				 (unsigned long long)full_cap_mask(),
				 (unsigned long long)eff, (unsigned long long)prm);
	return 0;
}

static int check_no_caps(struct __test_metadata *_metadata)
{
	__u64 eff, prm, inh;

	if (get_caps(&eff, &prm, &inh))
		return child_errno("capget");
	if (eff || prm || inh)
		return child_err("caps not empty: eff %#llx, prm %#llx, inh %#llx",
				 (unsigned long long)eff, (unsigned long long)prm,
				 (unsigned long long)inh);
	return 0;
}

/*
 * Become an ordinary unprivileged user: no supplementary groups, uid and gid
 * @id, no capabilities. Dumpable is set again (it is cleared by the uid
 * change) as it is for any process of a logged-in user, so that the user
 * can open its own processes' /proc/<pid>/ns files and pidfds.
 */
static int drop_privileges(struct __test_metadata *_metadata, unsigned int id)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[2] = {};

	if (setgroups(0, NULL))
		return child_errno("setgroups(0, NULL)");
	if (setresgid(id, id, id))
		return child_errno("setresgid(%u)", id);
	if (setresuid(id, id, id))
		return child_errno("setresuid(%u)", id);
	if (syscall(__NR_capset, &hdr, data))
		return child_errno("capset(0)");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0))
		return child_errno("prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		return child_errno("prctl(PR_SET_DUMPABLE)");
	if (getuid() != id || geteuid() != id || getgid() != id ||
	    getegid() != id)
		return child_err("still has uid %d/%d gid %d/%d", getuid(),
				 geteuid(), getgid(), getegid());
	return check_no_caps(_metadata);
}

/* Fork, drop to @id in the child, run @fn there; return its exit code. */
static int run_unprivileged(struct __test_metadata *_metadata, unsigned int id,
			    child_fn_t fn, void *arg)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int ret = drop_privileges(_metadata, id);

		if (!ret)
			ret = fn(_metadata, arg);
		_exit(ret);
	}
	return wait_for_child(pid);
}

/* Record the caller's ids and namespaces in @ctx. */
static int ctx_init(struct __test_metadata *_metadata, struct ns_ctx *ctx,
		    enum create_method method)
{
	ctx->method = method;
	ctx->level = 1;
	ctx->outer_uid = getuid();
	ctx->outer_gid = getgid();
	ctx->outer_user_ino = ns_ino("user");
	ctx->outer_net_ino = ns_ino("net");
	ctx->outer_mnt_ino = ns_ino("mnt");
	if (!ctx->outer_user_ino || !ctx->outer_net_ino || !ctx->outer_mnt_ino)
		return child_errno("stat /proc/self/ns/*");
	return 0;
}

struct ns_call {
	struct __test_metadata *metadata;
	child_fn_t fn;
	void *arg;
};

static int clone_trampoline(void *data)
{
	struct ns_call *call = data;

	return call->fn(call->metadata, call->arg);
}

/*
 * Create the namespaces in @flags (which include CLONE_NEWUSER) with
 * @method and run @fn inside them: in the caller itself for unshare(), in a
 * new child for clone() and clone3(), whose exit code is returned.
 */
static int run_in_new_ns(struct __test_metadata *_metadata,
			 enum create_method method, int flags,
			 child_fn_t fn, void *arg)
{
	struct ns_call call = { .metadata = _metadata, .fn = fn, .arg = arg };
	struct clone_args args = {};
	void *stack;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);

	switch (method) {
	case CREATE_UNSHARE:
		if (unshare(flags))
			return userns_create_err("unshare", flags);
		return fn(_metadata, arg);
	case CREATE_CLONE:
		stack = mmap(NULL, CLONE_STACK_SIZE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
		if (stack == MAP_FAILED)
			return child_errno("mmap clone stack");
		/* The stack grows down on all architectures tested here. */
		pid = clone(clone_trampoline, (char *)stack + CLONE_STACK_SIZE,
			    flags | SIGCHLD, &call);
		if (pid < 0) {
			int ret = userns_create_err("clone", flags);

			munmap(stack, CLONE_STACK_SIZE);
			return ret;
		}
		munmap(stack, CLONE_STACK_SIZE);
		break;
	case CREATE_CLONE3:
		args.flags = flags;
		args.exit_signal = SIGCHLD;
		pid = syscall(__NR_clone3, &args, sizeof(args));
		if (pid < 0)
			return userns_create_err("clone3", flags);
		if (pid == 0)
			_exit(fn(_metadata, arg));
		break;
	default:
		return child_err("unknown creation method %d", method);
	}

	return wait_for_child(pid);
}

/* Map uid/gid 0 of the caller's new user namespace to the creator's ids. */
static int write_id_maps(struct __test_metadata *_metadata, uid_t uid, gid_t gid)
{
	char map[64];

	if (write_file("/proc/self/setgroups", "deny"))
		return child_errno("write /proc/self/setgroups");
	snprintf(map, sizeof(map), "0 %u 1", uid);
	if (write_file("/proc/self/uid_map", map))
		return child_errno("write uid_map '%s'", map);
	snprintf(map, sizeof(map), "0 %u 1", gid);
	if (write_file("/proc/self/gid_map", map))
		return child_errno("write gid_map '%s'", map);
	return 0;
}

static int lo_get_flags(int sock, short *flags)
{
	struct ifreq ifr = {};

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(sock, SIOCGIFFLAGS, &ifr))
		return -1;
	*flags = ifr.ifr_flags;
	return 0;
}

static int lo_set_flags(int sock, short flags)
{
	struct ifreq ifr = {};

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	ifr.ifr_flags = flags;
	return ioctl(sock, SIOCSIFFLAGS, &ifr);
}

/*
 * Bring up "lo" of the network namespace @sock lives in. That namespace must
 * be fresh (lo down), so success proves CAP_NET_ADMIN over it.
 */
static int bring_lo_up(struct __test_metadata *_metadata, int sock)
{
	short flags;

	if (lo_get_flags(sock, &flags))
		return child_errno("SIOCGIFFLAGS lo");
	if (flags & IFF_UP)
		return child_err("lo is already up: not a new network namespace");
	if (lo_set_flags(sock, flags | IFF_UP))
		return child_errno("SIOCSIFFLAGS lo IFF_UP");
	if (lo_get_flags(sock, &flags))
		return child_errno("SIOCGIFFLAGS lo");
	if (!(flags & IFF_UP))
		return child_err("lo still down after SIOCSIFFLAGS");
	return 0;
}

/*
 * Reasons to skip instead of fail: not root (the tests switch uids
 * themselves), the unprivileged ids are not usable, or a distribution
 * setting forbids unprivileged user namespaces on purpose. Returns true, with
 * the reason in @buf, when the tests cannot run.
 */
static bool setup_blocked(char *buf, size_t len)
{
	static const struct {
		const char *sysctl;
		const char *path;
		long min;
	} limits[] = {
		{ "kernel.unprivileged_userns_clone",
		  "/proc/sys/kernel/unprivileged_userns_clone", 1 },
		{ "user.max_user_namespaces",
		  "/proc/sys/user/max_user_namespaces", NEST_DEPTH },
		{ "user.max_net_namespaces",
		  "/proc/sys/user/max_net_namespaces", 1 },
		{ "user.max_mnt_namespaces",
		  "/proc/sys/user/max_mnt_namespaces", 1 },
	};
	static const char * const policy[] = {
		"restrict.userns_create", "restrict.ns_create",
		"restrict.ns_setns", "restrict.caps", "restrict.modules",
	};
	long val;
	size_t i;

	if (geteuid() != 0) {
		snprintf(buf, len,
			 "must run as root: the tests switch to unprivileged uid %d themselves",
			 UNPRIV_ID);
		return true;
	}

	if (!id_is_mapped("/proc/self/uid_map", UNPRIV_ID) ||
	    !id_is_mapped("/proc/self/uid_map", OTHER_ID) ||
	    !id_is_mapped("/proc/self/gid_map", UNPRIV_ID) ||
	    !id_is_mapped("/proc/self/gid_map", OTHER_ID)) {
		snprintf(buf, len,
			 "uid/gid %d and %d are not mapped in this user namespace",
			 UNPRIV_ID, OTHER_ID);
		return true;
	}

	for (i = 0; i < ARRAY_SIZE(limits); i++) {
		if (read_long(limits[i].path, &val))
			continue;	/* sysctl not present: nothing forbids */
		if (val < limits[i].min) {
			snprintf(buf, len,
				 "sysctl %s=%ld forbids the unprivileged user namespaces these tests need (%s >= %ld); a system setting, not the kernel default",
				 limits[i].sysctl, val, limits[i].sysctl,
				 limits[i].min);
			return true;
		}
	}

	/* The user namespace restriction policy, set away from its default. */
	for (i = 0; i < ARRAY_SIZE(policy); i++) {
		char path[64];

		user_sysctl_path(path, sizeof(path), policy[i]);
		if (!read_long(path, &val) && val) {
			snprintf(buf, len,
				 "sysctl user.%s=%#lx restricts user namespaces; a system setting, not the kernel default",
				 policy[i], val);
			return true;
		}
	}

	/* Ubuntu: userns creation works but the capabilities are withheld. */
	if (!read_long("/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
		       &val) && val) {
		snprintf(buf, len,
			 "sysctl kernel.apparmor_restrict_unprivileged_userns=%ld restricts unprivileged user namespaces; a system setting, not the kernel default",
			 val);
		return true;
	}

	if (read_long("/proc/sys/kernel/cap_last_cap", &cap_last_cap)) {
		snprintf(buf, len, "cannot read /proc/sys/kernel/cap_last_cap");
		return true;
	}

	return false;
}

/*
 * Creating user namespaces, with each creation method. Runs as an
 * unprivileged user; the body of each test runs inside the new namespaces.
 */
FIXTURE(unpriv_userns) {
	struct ns_ctx ctx;
};

FIXTURE_VARIANT(unpriv_userns) {
	enum create_method method;
};

FIXTURE_VARIANT_ADD(unpriv_userns, unshare) {
	.method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(unpriv_userns, clone) {
	.method = CREATE_CLONE,
};

FIXTURE_VARIANT_ADD(unpriv_userns, clone3) {
	.method = CREATE_CLONE3,
};

FIXTURE_SETUP(unpriv_userns)
{
	char why[256];

	if (setup_blocked(why, sizeof(why)))
		SKIP(return, "%s", why);

	self->ctx.method = variant->method;
}

FIXTURE_TEARDOWN(unpriv_userns)
{
}

static int full_caps_fn(struct __test_metadata *_metadata, void *arg)
{
	const struct ns_ctx *ctx = arg;
	ino_t ino = ns_ino("user");

	if (!ino)
		return child_errno("stat /proc/self/ns/user");
	if (ino == ctx->outer_user_ino)
		return child_err("still in the creator's user namespace");
	return check_full_caps(_metadata);
}

static int create_userns_fn(struct __test_metadata *_metadata, void *arg)
{
	struct ns_ctx *ctx = arg;
	int ret;

	ret = ctx_init(_metadata, ctx, ctx->method);
	if (ret)
		return ret;
	return run_in_new_ns(_metadata, ctx->method, CLONE_NEWUSER,
			     full_caps_fn, ctx);
}

/* An unprivileged user creates a user namespace and holds all caps in it. */
TEST_F(unpriv_userns, create_gets_full_caps)
{
	EXPECT_EQ(0, run_unprivileged(_metadata, UNPRIV_ID, create_userns_fn,
				      &self->ctx));
}

static int netns_fn(struct __test_metadata *_metadata, void *arg)
{
	const struct ns_ctx *ctx = arg;
	int ret, sock;
	ino_t ino;

	ret = full_caps_fn(_metadata, arg);
	if (ret)
		return ret;
	ino = ns_ino("net");
	if (!ino || ino == ctx->outer_net_ino)
		return child_err("not in a new network namespace");

	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return child_errno("socket(AF_INET, SOCK_DGRAM)");
	ret = bring_lo_up(_metadata, sock);
	close(sock);
	return ret;
}

static int create_netns_fn(struct __test_metadata *_metadata, void *arg)
{
	struct ns_ctx *ctx = arg;
	int ret;

	ret = ctx_init(_metadata, ctx, ctx->method);
	if (ret)
		return ret;

	/* Control: without a user namespace there is no netns for the user. */
	if (!unshare(CLONE_NEWNET))
		return child_err("unprivileged unshare(CLONE_NEWNET) succeeded");
	if (errno != EPERM)
		return child_errno("unprivileged unshare(CLONE_NEWNET): expected EPERM");

	return run_in_new_ns(_metadata, ctx->method,
			     CLONE_NEWUSER | CLONE_NEWNET, netns_fn, ctx);
}

/*
 * A network namespace owned by the new user namespace can be configured
 * (CAP_NET_ADMIN): the entry point for networking code reachable only with
 * that capability.
 */
TEST_F(unpriv_userns, netns_admin_brings_lo_up)
{
	EXPECT_EQ(0, run_unprivileged(_metadata, UNPRIV_ID, create_netns_fn,
				      &self->ctx));
}

static int mount_fn(struct __test_metadata *_metadata, void *arg)
{
	const struct ns_ctx *ctx = arg;
	struct stat before, after;
	struct statfs sfs;
	int ret;
	ino_t ino;

	ret = full_caps_fn(_metadata, arg);
	if (ret)
		return ret;
	ino = ns_ino("mnt");
	if (!ino || ino == ctx->outer_mnt_ino)
		return child_err("not in a new mount namespace");

	if (stat("/tmp", &before))
		return child_errno("stat /tmp");
	if (mount("none", "/tmp", "tmpfs", 0, "size=1m"))
		return child_errno("mount tmpfs on /tmp");
	if (stat("/tmp", &after))
		return child_errno("stat /tmp after mount");
	if (after.st_dev == before.st_dev)
		return child_err("/tmp is still the same filesystem after mount");
	if (statfs("/tmp", &sfs))
		return child_errno("statfs /tmp");
	if (sfs.f_type != TMPFS_MAGIC)
		return child_err("/tmp has f_type %#lx, not tmpfs",
				 (unsigned long)sfs.f_type);
	if (umount2("/tmp", 0))
		return child_errno("umount /tmp");
	return 0;
}

static int create_mntns_fn(struct __test_metadata *_metadata, void *arg)
{
	struct ns_ctx *ctx = arg;
	int ret;

	ret = ctx_init(_metadata, ctx, ctx->method);
	if (ret)
		return ret;

	/* Control: without a user namespace there is no mntns for the user. */
	if (!unshare(CLONE_NEWNS))
		return child_err("unprivileged unshare(CLONE_NEWNS) succeeded");
	if (errno != EPERM)
		return child_errno("unprivileged unshare(CLONE_NEWNS): expected EPERM");

	return run_in_new_ns(_metadata, ctx->method,
			     CLONE_NEWUSER | CLONE_NEWNS, mount_fn, ctx);
}

/*
 * In a mount namespace owned by the new user namespace it can mount tmpfs
 * (CAP_SYS_ADMIN, FS_USERNS_MOUNT): filesystem code reachable by any user.
 * The mount is made on /tmp of the private mount namespace only.
 */
TEST_F(unpriv_userns, mntns_mounts_tmpfs)
{
	if (access("/tmp", F_OK))
		SKIP(return, "/tmp does not exist");
	EXPECT_EQ(0, run_unprivileged(_metadata, UNPRIV_ID, create_mntns_fn,
				      &self->ctx));
}

static int nest_fn(struct __test_metadata *_metadata, void *arg)
{
	const struct ns_ctx *ctx = arg;
	struct ns_ctx next;
	int ret;

	ret = full_caps_fn(_metadata, arg);
	if (ret)
		return ret;

	/* Nesting needs the creator's uid mapped: become root of this level. */
	ret = write_id_maps(_metadata, ctx->outer_uid, ctx->outer_gid);
	if (ret)
		return ret;
	if (getuid() != 0 || getgid() != 0)
		return child_err("level %d: uid %d gid %d after mapping, expected 0",
				 ctx->level, getuid(), getgid());
	ret = check_full_caps(_metadata);
	if (ret)
		return ret;

	if (ctx->level == NEST_DEPTH)
		return 0;

	next = *ctx;
	next.level++;
	next.outer_uid = getuid();
	next.outer_gid = getgid();
	next.outer_user_ino = ns_ino("user");
	return run_in_new_ns(_metadata, ctx->method, CLONE_NEWUSER, nest_fn,
			     &next);
}

static int create_nested_fn(struct __test_metadata *_metadata, void *arg)
{
	struct ns_ctx *ctx = arg;
	int ret;

	ret = ctx_init(_metadata, ctx, ctx->method);
	if (ret)
		return ret;
	return run_in_new_ns(_metadata, ctx->method, CLONE_NEWUSER, nest_fn,
			     ctx);
}

/*
 * Root of a child user namespace can create further user namespaces: three
 * levels deep, each with the full capability set.
 */
TEST_F(unpriv_userns, nested_depth3_full_caps)
{
	EXPECT_EQ(0, run_unprivileged(_metadata, UNPRIV_ID, create_nested_fn,
				      &self->ctx));
}

/*
 * Child of the owner-from-parent tests: create a user and network namespace
 * and send an AF_INET socket living in that network namespace over @sock.
 */
static int netns_socket_sender(struct __test_metadata *_metadata, int sock)
{
	int inet;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
		return userns_create_err("unshare", CLONE_NEWUSER | CLONE_NEWNET);
	inet = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (inet < 0)
		return child_errno("socket(AF_INET, SOCK_DGRAM)");
	if (send_fd(sock, inet))
		return child_errno("send socket fd");
	close(inet);
	return 0;
}

/*
 * SIOCSIFFLAGS on lo of the caller's own network namespace must fail. It
 * writes back the current flags, so even a wrong success changes nothing.
 */
static int check_own_netns_denied(struct __test_metadata *_metadata)
{
	short flags;
	int sock, ret;

	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return child_errno("socket(AF_INET, SOCK_DGRAM)");
	if (lo_get_flags(sock, &flags))
		ret = child_errno("SIOCGIFFLAGS lo in own netns");
	else if (!lo_set_flags(sock, flags))
		ret = child_err("unprivileged SIOCSIFFLAGS on own netns lo succeeded");
	else if (errno != EPERM)
		ret = child_errno("SIOCSIFFLAGS on own netns lo: expected EPERM");
	else
		ret = 0;
	close(sock);
	return ret;
}

static int owner_fn(struct __test_metadata *_metadata, void *arg)
{
	int sp[2], inet, ret, child_ret;
	ino_t user_ino;
	pid_t pid;

	user_ino = ns_ino("user");
	if (!user_ino)
		return child_errno("stat /proc/self/ns/user");
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp))
		return child_errno("socketpair");

	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return child_errno("fork");
	if (pid == 0) {
		close(sp[0]);
		_exit(netns_socket_sender(_metadata, sp[1]));
	}
	close(sp[1]);
	inet = recv_fd(sp[0]);
	close(sp[0]);
	child_ret = wait_for_child(pid);
	if (child_ret)
		return child_err("namespace creating child failed (%d)", child_ret);
	if (inet < 0)
		return child_err("no socket received from the child");

	/* Still unprivileged, in the initial user namespace. */
	ret = check_no_caps(_metadata);
	if (ret)
		goto out;
	if (ns_ino("user") != user_ino) {
		ret = child_err("left the original user namespace");
		goto out;
	}

	/* Control: no CAP_NET_ADMIN over the network namespace we live in. */
	ret = check_own_netns_denied(_metadata);
	if (ret)
		goto out;

	/* The owner has CAP_NET_ADMIN over the child's network namespace. */
	ret = bring_lo_up(_metadata, inet);
out:
	close(inet);
	return ret;
}

/*
 * cap_capable(): the owner of a user namespace, in its parent, has all caps
 * in it. The sock ioctl checks ns_capable(net->user_ns, CAP_NET_ADMIN) of the
 * socket's network namespace, so an unprivileged process that never entered
 * the child's namespaces administers the child's network namespace through
 * a socket fd passed to it with SCM_RIGHTS.
 */
TEST(owner_in_parent_userns_admins_child_netns)
{
	char why[256];

	if (setup_blocked(why, sizeof(why)))
		SKIP(return, "%s", why);
	EXPECT_EQ(0, run_unprivileged(_metadata, UNPRIV_ID, owner_fn, NULL));
}

static int non_owner_fn(struct __test_metadata *_metadata, void *arg)
{
	int inet = *(int *)arg;
	short flags;

	if (lo_get_flags(inet, &flags))
		return child_errno("SIOCGIFFLAGS lo");
	if (flags & IFF_UP)
		return child_err("lo of the new network namespace is already up");
	if (!lo_set_flags(inet, flags | IFF_UP))
		return child_err("SIOCSIFFLAGS by a user that is not the owner succeeded");
	if (errno != EPERM)
		return child_errno("SIOCSIFFLAGS by non-owner: expected EPERM");
	return 0;
}

static int sender_fn(struct __test_metadata *_metadata, void *arg)
{
	return netns_socket_sender(_metadata, *(int *)arg);
}

/* Control for the above: another unprivileged uid gets no such rights. */
TEST(non_owner_cannot_admin_child_netns)
{
	char why[256];
	int sp[2], inet;

	if (setup_blocked(why, sizeof(why)))
		SKIP(return, "%s", why);

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp));
	/* The namespace owner (UNPRIV_ID) sends us a socket in its netns. */
	ASSERT_EQ(0, run_unprivileged(_metadata, UNPRIV_ID, sender_fn, &sp[1]));
	close(sp[1]);
	inet = recv_fd(sp[0]);
	close(sp[0]);
	ASSERT_GE(inet, 0);

	/* A different unprivileged user, also in the parent user namespace. */
	EXPECT_EQ(0, run_unprivileged(_metadata, OTHER_ID, non_owner_fn, &inet));
	close(inet);
}

/*
 * Joining the child's namespaces with setns(): by nsfs file descriptors
 * (user, then net) or by a pidfd (user and net at once).
 */
FIXTURE(setns_owner) {
	bool use_pidfd;
};

FIXTURE_VARIANT(setns_owner) {
	bool use_pidfd;
};

FIXTURE_VARIANT_ADD(setns_owner, nsfs) {
	.use_pidfd = false,
};

FIXTURE_VARIANT_ADD(setns_owner, pidfd) {
	.use_pidfd = true,
};

FIXTURE_SETUP(setns_owner)
{
	char why[256];
	int pidfd;

	if (setup_blocked(why, sizeof(why)))
		SKIP(return, "%s", why);

	self->use_pidfd = variant->use_pidfd;
	if (!self->use_pidfd)
		return;
	pidfd = syscall(__NR_pidfd_open, getpid(), 0);
	ASSERT_GE(pidfd, 0);
	close(pidfd);
}

FIXTURE_TEARDOWN(setns_owner)
{
}

static int join_by_nsfs(struct __test_metadata *_metadata, pid_t pid)
{
	int userfd, netfd, ret = 0;

	userfd = open_pid_ns(pid, "user");
	if (userfd < 0)
		return child_errno("open /proc/%d/ns/user", pid);
	netfd = open_pid_ns(pid, "net");
	if (netfd < 0) {
		ret = child_errno("open /proc/%d/ns/net", pid);
		goto out_user;
	}

	/*
	 * Control: the net namespace alone cannot be joined: setns() also
	 * wants CAP_SYS_ADMIN in the caller's own user namespace.
	 */
	if (!setns(netfd, CLONE_NEWNET))
		ret = child_err("setns(net) before setns(user) succeeded");
	else if (errno != EPERM)
		ret = child_errno("setns(net) before setns(user): expected EPERM");
	else if (setns(userfd, CLONE_NEWUSER))
		ret = child_errno("setns(userfd, CLONE_NEWUSER)");
	else if (setns(netfd, CLONE_NEWNET))
		ret = child_errno("setns(netfd, CLONE_NEWNET)");

	close(netfd);
out_user:
	close(userfd);
	return ret;
}

static int join_by_pidfd(struct __test_metadata *_metadata, pid_t pid)
{
	int pidfd, ret = 0;

	pidfd = syscall(__NR_pidfd_open, pid, 0);
	if (pidfd < 0)
		return child_errno("pidfd_open(%d)", pid);

	/* Control, as in join_by_nsfs(). */
	if (!setns(pidfd, CLONE_NEWNET))
		ret = child_err("setns(pidfd, CLONE_NEWNET) succeeded");
	else if (errno != EPERM)
		ret = child_errno("setns(pidfd, CLONE_NEWNET): expected EPERM");
	else if (setns(pidfd, CLONE_NEWUSER | CLONE_NEWNET))
		ret = child_errno("setns(pidfd, CLONE_NEWUSER | CLONE_NEWNET)");

	close(pidfd);
	return ret;
}

static int setns_owner_fn(struct __test_metadata *_metadata, void *arg)
{
	bool use_pidfd = *(bool *)arg;
	int ready[2], release[2], sock, ret, child_ret;
	ino_t user_ino, net_ino;
	pid_t pid;

	if (pipe2(ready, O_CLOEXEC) || pipe2(release, O_CLOEXEC))
		return child_errno("pipe2");

	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return child_errno("fork");
	if (pid == 0) {
		/* Create the namespaces, then stay until released (EOF). */
		close(ready[0]);
		close(release[1]);
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
			_exit(userns_create_err("unshare", CLONE_NEWUSER | CLONE_NEWNET));
		if (write_byte(ready[1]))
			_exit(child_errno("write ready"));
		read_byte(release[0]);
		_exit(0);
	}
	close(ready[1]);
	close(release[0]);

	if (read_byte(ready[0])) {
		ret = child_err("namespace creating child did not get ready");
		goto out;
	}
	user_ino = pid_ns_ino(pid, "user");
	net_ino = pid_ns_ino(pid, "net");
	if (!user_ino || !net_ino) {
		ret = child_errno("stat /proc/%d/ns/{user,net}", pid);
		goto out;
	}

	if (use_pidfd)
		ret = join_by_pidfd(_metadata, pid);
	else
		ret = join_by_nsfs(_metadata, pid);
	if (ret)
		goto out;

	if (ns_ino("user") != user_ino || ns_ino("net") != net_ino) {
		ret = child_err("not in the child's user and network namespaces after setns");
		goto out;
	}
	ret = check_full_caps(_metadata);
	if (ret)
		goto out;

	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0) {
		ret = child_errno("socket(AF_INET, SOCK_DGRAM)");
		goto out;
	}
	ret = bring_lo_up(_metadata, sock);
	close(sock);
out:
	close(ready[0]);
	close(release[1]);
	child_ret = wait_for_child(pid);
	if (!ret && child_ret)
		ret = child_err("namespace creating child failed (%d)", child_ret);
	return ret;
}

/*
 * The unprivileged owner joins its child's user namespace, getting all caps
 * there, and then the network namespace owned by it.
 */
TEST_F(setns_owner, join_child_userns_then_netns)
{
	EXPECT_EQ(0, run_unprivileged(_metadata, UNPRIV_ID, setns_owner_fn,
				      &self->use_pidfd));
}

static int setns_denied_fn(struct __test_metadata *_metadata, void *arg)
{
	int netfd = *(int *)arg;
	int ret;

	if (!setns(netfd, CLONE_NEWNET))
		return child_err("unprivileged setns() into a root-owned netns succeeded");
	if (errno != EPERM)
		return child_errno("setns() into a root-owned netns: expected EPERM");

	/*
	 * Full caps in a user namespace of its own do not help either: the
	 * netns is owned by an ancestor user namespace.
	 */
	if (unshare(CLONE_NEWUSER))
		return userns_create_err("unshare", CLONE_NEWUSER);
	ret = check_full_caps(_metadata);
	if (ret)
		return ret;
	if (!setns(netfd, CLONE_NEWNET))
		return child_err("setns() from a child userns into a root-owned netns succeeded");
	if (errno != EPERM)
		return child_errno("setns() from own userns into root-owned netns: expected EPERM");
	return 0;
}

/*
 * Negative control: a network namespace created by root belongs to the
 * initial user namespace; an unprivileged task holding an fd to it cannot
 * join it.
 */
TEST(setns_into_root_owned_netns_denied)
{
	int ready[2], release[2], netfd;
	char path[64], why[256];
	pid_t holder;

	if (setup_blocked(why, sizeof(why)))
		SKIP(return, "%s", why);

	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(release, O_CLOEXEC));
	holder = fork();
	ASSERT_GE(holder, 0);
	if (holder == 0) {
		/* Root: new netns, then stay until released (EOF). */
		close(ready[0]);
		close(release[1]);
		if (unshare(CLONE_NEWNET))
			_exit(child_errno("unshare(CLONE_NEWNET) as root"));
		if (write_byte(ready[1]))
			_exit(child_errno("write ready"));
		read_byte(release[0]);
		_exit(0);
	}
	close(ready[1]);
	close(release[0]);

	ASSERT_EQ(0, read_byte(ready[0]));
	close(ready[0]);
	snprintf(path, sizeof(path), "/proc/%d/ns/net", holder);
	netfd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_GE(netfd, 0);

	EXPECT_EQ(0, run_unprivileged(_metadata, UNPRIV_ID, setns_denied_fn,
				      &netfd));

	close(netfd);
	close(release[1]);
	EXPECT_EQ(0, wait_for_child(holder));
}

TEST_HARNESS_MAIN

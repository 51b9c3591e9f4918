// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for the per-user-namespace restriction policy: the user.restrict.*
 * sysctls in /proc/sys/user/.
 *
 * The values are one-way until reboot, so no test ever writes those of the
 * user namespace it was started in. Every test creates a sandbox instead: a
 * fresh user namespace R, created by real root with uid/gid 0-65535 mapped
 * 1:1, whose root writes R's values and then works from forked children:
 * "unprivileged" workers switch to uid 1000 in R, "container root" workers
 * stay uid 0 in R. What they create below R is restricted by R's values,
 * what happens in R itself is not, and nothing outside R is touched.
 *
 * Each policy test runs its operation twice, each time in a new sandbox:
 * first without the knob under test (the control, where the operation must
 * work, so that the test can fail), then with it set.
 *
 * sysctl*:        the interface: defaults, formats, inheritance, input
 *                 checks, permissions, one-way writes, the lock
 * userns_create:  restrict.userns_create
 * ns_create:      restrict.ns_create, by namespace type and creation call
 * ns_setns:       restrict.ns_setns, by namespace type and setns() handle
 * caps_*:         restrict.caps, the capability ceiling
 * caps_execve:    the ceiling across execve() of set-user-ID-root and
 *                 file-capability programs
 * denial_log:     the kernel log line of a denial
 * debian_sysctl:  with Debian's kernel.unprivileged_userns_clone
 * modules:        restrict.modules, with kernel.modprobe pointed at a script
 *                 that records its calls (restored afterwards)
 * cgroup:         restrict.cgroup: a v1 mount of an existing named hierarchy
 *                 and, on the system's cgroup2 mount, crossing the root of a
 *                 cgroup namespace (the test moves itself to a cgroup it
 *                 delegates to the sandbox's uid 1000, and back afterwards)
 */
#define _GNU_SOURCE
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <endian.h>
#include <linux/capability.h>
#include <linux/mount.h>
#include <linux/sched.h>
#include <linux/types.h>
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
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "userns_restrict_util.h"

#ifndef __NR_open_tree
#define __NR_open_tree 428
#endif

#ifndef __NR_fsopen
#define __NR_fsopen 430
#endif

#ifndef __NR_fsconfig
#define __NR_fsconfig 431
#endif

#ifndef __NR_fsmount
#define __NR_fsmount 432
#endif

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#ifndef CLONE_EMPTY_MNTNS
#define CLONE_EMPTY_MNTNS 0x2000000000ULL
#endif

#ifndef UNSHARE_EMPTY_MNTNS
#define UNSHARE_EMPTY_MNTNS 0x00100000
#endif

#ifndef OPEN_TREE_NAMESPACE
#define OPEN_TREE_NAMESPACE 0x2
#endif

#ifndef FSMOUNT_NAMESPACE
#define FSMOUNT_NAMESPACE 0x2
#endif

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT			47
#define PR_CAP_AMBIENT_RAISE		2
#endif

#ifndef AF_APPLETALK
#define AF_APPLETALK 5
#endif

/* The unprivileged identity workers switch to inside the sandbox. */
#define UNPRIV_ID	1000

/* The ids mapped 1:1 into the sandbox. */
#define SANDBOX_IDS	65536

#define CLONE_STACK_SIZE	(256 * 1024)

/* The capability the ceiling tests put above the ceiling, as a mask. */
#define NET_ADMIN_MASK	"0x1000"

/* An address family this kernel does not have: socket() autoloads it. */
#define ABSENT_FAMILY	AF_APPLETALK
#define ABSENT_FAMILY_MODULE	"net-pf-5"

/* A file system type that does not exist: mount() autoloads it. */
#define ABSENT_FSTYPE	"userns_policy_nofs"
#define ABSENT_FSTYPE_MODULE	"fs-userns_policy_nofs"

static const char * const knobs[] = {
	"restrict.userns_create", "restrict.ns_create", "restrict.ns_setns",
	"restrict.caps", "restrict.modules", "restrict.cgroup",
	"restrict.locked",
};

/* A valid value of each knob (written before bad input, for example). */
static const char *knob_preset(const char *knob)
{
	if (!strcmp(knob, "restrict.caps"))
		return NET_ADMIN_MASK;
	if (!strcmp(knob, "restrict.ns_create") ||
	    !strcmp(knob, "restrict.ns_setns"))
		return "0x40000000";
	if (!strcmp(knob, "restrict.cgroup"))
		return "0x1";
	return "0";	/* the 0/1 knobs: a valid write that changes nothing */
}

/* A valid write after knob_preset() that tightens the knob. */
static const char *knob_tighter(const char *knob)
{
	if (!strcmp(knob, "restrict.caps"))
		return "0x3000";	/* CAP_NET_ADMIN | CAP_NET_RAW */
	if (!strcmp(knob, "restrict.ns_create") ||
	    !strcmp(knob, "restrict.ns_setns"))
		return "0x44000000";	/* CLONE_NEWNET | CLONE_NEWUTS */
	if (!strcmp(knob, "restrict.cgroup"))
		return "0x3";
	return "1";
}

static long cap_last_cap = -1;

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
 * The outcome of an operation that returned @ret (negative, with errno set,
 * on failure). When @denied, the policy must have refused it with EPERM;
 * otherwise it must have worked.
 */
static __printf(5, 6) int __expect_result(struct __test_metadata *_metadata,
					  int line, bool denied, long ret,
					  const char *fmt, ...)
{
	char what[160];
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!denied) {
		if (ret < 0)
			return __child_fail(_metadata, line, err, "%s failed", what);
		return 0;
	}
	if (ret >= 0)
		return __child_fail(_metadata, line, 0,
				    "%s succeeded although the policy denies it",
				    what);
	if (err != EPERM)
		return __child_fail(_metadata, line, err,
				    "%s: expected EPERM from the policy", what);
	return 0;
}

#define expect_denied(denied, ret, fmt, ...) \
	__expect_result(_metadata, __LINE__, denied, ret, fmt, ##__VA_ARGS__)
#define expect_success(ret, fmt, ...) \
	__expect_result(_metadata, __LINE__, false, ret, fmt, ##__VA_ARGS__)

/* Read the caller's own user namespace's value of @knob ("0x1000\n"). */
static int read_knob(const char *knob, char *buf, size_t len)
{
	char path[64];

	user_sysctl_path(path, sizeof(path), knob);
	return read_file(path, buf, len);
}

/* Write @value to @knob: 0 on success, -1 with errno set otherwise. */
static int write_knob(const char *knob, const char *value)
{
	char path[64];

	user_sysctl_path(path, sizeof(path), knob);
	return write_file(path, value);
}

static int __set_knob(struct __test_metadata *_metadata, int line,
		      const char *knob, const char *value)
{
	if (write_knob(knob, value))
		return __child_fail(_metadata, line, errno,
				    "write '%s' to user.%s", value, knob);
	return 0;
}

#define set_knob(knob, value) __set_knob(_metadata, __LINE__, knob, value)

/* @knob must read exactly @want (with the trailing newline). */
static int __check_knob(struct __test_metadata *_metadata, int line,
			const char *knob, const char *want)
{
	char buf[64];

	if (read_knob(knob, buf, sizeof(buf)))
		return __child_fail(_metadata, line, errno, "read user.%s", knob);
	if (strcmp(buf, want))
		return __child_fail(_metadata, line, 0,
				    "user.%s reads '%.*s', expected '%.*s'", knob,
				    (int)strcspn(buf, "\n"), buf,
				    (int)strcspn(want, "\n"), want);
	return 0;
}

#define check_knob(knob, want) __check_knob(_metadata, __LINE__, knob, want)

/*
 * A write to @knob must fail with @err and leave the value as it was.
 * Written with one pwrite() of @len bytes at @offset.
 */
static int __check_write_rejected(struct __test_metadata *_metadata, int line,
				  const char *knob, const char *value,
				  size_t len, off_t offset, int err)
{
	char path[64], before[64];
	ssize_t ret;
	int fd, ret_errno;

	if (read_knob(knob, before, sizeof(before)))
		return __child_fail(_metadata, line, errno, "read user.%s", knob);
	user_sysctl_path(path, sizeof(path), knob);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return __child_fail(_metadata, line, errno, "open %s for writing",
				    path);
	ret = pwrite(fd, value, len, offset);
	ret_errno = errno;
	close(fd);
	if (ret >= 0)
		return __child_fail(_metadata, line, 0,
				    "write '%.*s' at offset %ld to user.%s succeeded",
				    (int)len, value, (long)offset, knob);
	if (ret_errno != err)
		return __child_fail(_metadata, line, ret_errno,
				    "write '%.*s' at offset %ld to user.%s: expected %s",
				    (int)len, value, (long)offset, knob,
				    strerror(err));
	return __check_knob(_metadata, line, knob, before);
}

static int __check_string_rejected(struct __test_metadata *_metadata, int line,
				   const char *knob, const char *value, int err)
{
	return __check_write_rejected(_metadata, line, knob, value,
				      strlen(value), 0, err);
}

#define check_write_rejected(knob, value, err) \
	__check_string_rejected(_metadata, __LINE__, knob, value, err)

static int get_caps(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};

	return syscall(__NR_capget, &hdr, data);
}

static int set_caps(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};

	return syscall(__NR_capset, &hdr, data);
}

/* Clear @cap from the caller's effective set. */
static int drop_effective(struct __test_metadata *_metadata, int cap)
{
	struct __user_cap_data_struct data[2] = {};

	if (get_caps(data))
		return child_errno("capget");
	data[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
	if (set_caps(data))
		return child_errno("capset without capability %d", cap);
	return 0;
}

/*
 * Become an ordinary unprivileged user of the sandbox: no supplementary
 * groups, uid and gid UNPRIV_ID, no capabilities. Dumpable is set again (the
 * uid change clears it), as for any process of a logged-in user, so that
 * the user can open its own processes' /proc/<pid>/ns files and pidfds.
 */
static int drop_privileges(struct __test_metadata *_metadata)
{
	__u64 eff;

	if (setgroups(0, NULL))
		return child_errno("setgroups(0, NULL)");
	if (setresgid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID))
		return child_errno("setresgid(%d)", UNPRIV_ID);
	if (setresuid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID))
		return child_errno("setresuid(%d)", UNPRIV_ID);
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		return child_errno("prctl(PR_SET_DUMPABLE)");
	if (status_caps("CapEff", &eff))
		return child_errno("read CapEff");
	if (eff)
		return child_err("uid %d still has capabilities %#llx",
				 UNPRIV_ID, (unsigned long long)eff);
	return 0;
}

/* Fork, run @fn in the child and return its exit code. */
static int run_child(struct __test_metadata *_metadata, child_fn_t fn,
		     void *arg)
{
	pid_t pid;
	int ret;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return child_errno("fork");
	if (pid == 0)
		_exit(fn(_metadata, arg));
	ret = wait_for_child(pid);
	if (ret < 0)
		return child_errno("waitpid");
	return ret;
}

/* As run_child(), the child switching to UNPRIV_ID first. */
static int run_unprivileged(struct __test_metadata *_metadata, child_fn_t fn,
			    void *arg)
{
	pid_t pid;
	int ret;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return child_errno("fork");
	if (pid == 0) {
		ret = drop_privileges(_metadata);
		if (!ret)
			ret = fn(_metadata, arg);
		_exit(ret);
	}
	ret = wait_for_child(pid);
	if (ret < 0)
		return child_errno("waitpid");
	return ret;
}

static int write_pid_map(pid_t pid, const char *map, const char *value)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, map);
	return write_file(path, value);
}

/*
 * Run @fn as root of a new child user namespace of the caller's, with uid
 * and gid 0-65535 mapped 1:1. The caller must be privileged enough to write
 * such maps (real root, or root of a sandbox). The child creates the
 * namespace, the caller writes the maps, and pipes order the two.
 */
static int run_in_mapped_userns(struct __test_metadata *_metadata,
				child_fn_t fn, void *arg)
{
	int unshared[2], mapped[2], ret, child_ret;
	char map[32];
	pid_t pid;

	if (pipe2(unshared, O_CLOEXEC))
		return child_errno("pipe2");
	if (pipe2(mapped, O_CLOEXEC)) {
		ret = child_errno("pipe2");
		goto out_unshared;
	}

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		ret = child_errno("fork");
		goto out_mapped;
	}
	if (pid == 0) {
		close(unshared[0]);
		close(mapped[1]);
		if (unshare(CLONE_NEWUSER))
			_exit(child_errno("unshare(CLONE_NEWUSER) as root"));
		if (write_byte(unshared[1]))
			_exit(child_errno("write to the parent"));
		/* EOF: the parent could not write the maps. */
		if (read_byte(mapped[0]))
			_exit(KSFT_FAIL);
		if (getuid() != 0 || getgid() != 0)
			_exit(child_err("uid %d gid %d in the new user namespace, expected 0",
					getuid(), getgid()));
		_exit(fn(_metadata, arg));
	}
	close(unshared[1]);
	unshared[1] = -1;
	close(mapped[0]);
	mapped[0] = -1;

	ret = 0;
	snprintf(map, sizeof(map), "0 0 %d", SANDBOX_IDS);
	if (read_byte(unshared[0]))
		ret = child_err("the child did not create its user namespace");
	else if (write_pid_map(pid, "uid_map", map))
		ret = child_errno("write /proc/%d/uid_map '%s'", pid, map);
	else if (write_pid_map(pid, "gid_map", map))
		ret = child_errno("write /proc/%d/gid_map '%s'", pid, map);
	else if (write_byte(mapped[1]))
		ret = child_errno("write to the child");
	close(mapped[1]);
	mapped[1] = -1;

	child_ret = wait_for_child(pid);
	if (!ret)
		ret = child_ret < 0 ? KSFT_FAIL : child_ret;
out_mapped:
	if (mapped[0] >= 0)
		close(mapped[0]);
	if (mapped[1] >= 0)
		close(mapped[1]);
out_unshared:
	close(unshared[0]);
	if (unshared[1] >= 0)
		close(unshared[1]);
	return ret;
}

/*
 * Create a user namespace C with unshare() and become its root by mapping
 * uid and gid 0 to the caller's own ids, as any unprivileged user can.
 */
static int enter_own_userns(struct __test_metadata *_metadata)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[32];

	if (unshare(CLONE_NEWUSER))
		return child_errno("unshare(CLONE_NEWUSER) as uid %d", uid);
	if (write_file("/proc/self/setgroups", "deny"))
		return child_errno("write /proc/self/setgroups");
	snprintf(map, sizeof(map), "0 %d 1", uid);
	if (write_file("/proc/self/uid_map", map))
		return child_errno("write uid_map '%s'", map);
	snprintf(map, sizeof(map), "0 %d 1", gid);
	if (write_file("/proc/self/gid_map", map))
		return child_errno("write gid_map '%s'", map);
	if (getuid() != 0)
		return child_err("uid %d after mapping, expected 0", getuid());
	return 0;
}

/*
 * A sandbox run: a fresh user namespace R whose root sets @knob to @value
 * when @restricted, then runs @fn (as root of R) with the sandbox itself as
 * argument. @skip is shared with all the forked children, for a reason to
 * skip the test.
 */
struct sandbox {
	const char *knob;
	const char *value;
	int restricted;
	child_fn_t fn;
	const void *data;
	char *skip;
};

#define SKIP_REASON_LEN	256

static __printf(2, 3) int sandbox_skip(struct sandbox *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sb->skip, SKIP_REASON_LEN, fmt, ap);
	va_end(ap);
	return KSFT_SKIP;
}

static int sandbox_main(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	int ret;

	if (sb->restricted && sb->knob) {
		ret = set_knob(sb->knob, sb->value);
		if (ret)
			return ret;
	}
	return sb->fn(_metadata, sb);
}

/*
 * Run @fn in a control sandbox and then in one where @knob is set to @value
 * (@fn may also set the knob itself, by sb->restricted). A control that
 * finds the kernel unable to do the operation at all skips the test.
 */
static void run_sandboxes(struct __test_metadata *_metadata, const char *knob,
			  const char *value, child_fn_t fn, const void *data)
{
	struct sandbox sb = {
		.knob = knob,
		.value = value,
		.fn = fn,
		.data = data,
	};
	int ret;

	sb.skip = mmap(NULL, SKIP_REASON_LEN, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sb.skip);
	sb.skip[0] = '\0';

	for (sb.restricted = 0; sb.restricted <= 1; sb.restricted++) {
		ret = run_in_mapped_userns(_metadata, sandbox_main, &sb);
		if (ret == KSFT_SKIP && !sb.restricted) {
			char reason[SKIP_REASON_LEN];

			snprintf(reason, sizeof(reason), "%s", sb.skip);
			munmap(sb.skip, SKIP_REASON_LEN);
			SKIP(return, "%s", reason);
		}
		if (ret) {
			if (sb.restricted)
				TH_LOG("failed in the sandbox with the knob set (%s)",
				       value);
			else
				TH_LOG("failed in the control sandbox (no knob set)");
		}
		EXPECT_EQ(0, ret);
	}
	munmap(sb.skip, SKIP_REASON_LEN);
}

/*
 * For a policy set while descendants of R already exist: a worker, uid 1000
 * of R, runs @prepare (creating them); then root of R sets @knob to @value,
 * in the restricted sandbox only; then the worker runs @act.
 */
struct late_knob {
	const char *knob;
	const char *value;
	child_fn_t prepare;
	child_fn_t act;
};

static int late_worker(struct __test_metadata *_metadata, struct sandbox *sb,
		       const struct late_knob *late, int ready, int go)
{
	int ret;

	ret = drop_privileges(_metadata);
	if (!ret)
		ret = late->prepare(_metadata, sb);
	if (ret)
		return ret;
	if (write_byte(ready))
		return child_errno("write to the sandbox root");
	if (read_byte(go))
		return child_err("the sandbox root did not set the knob");
	return late->act(_metadata, sb);
}

static int run_late_knob(struct __test_metadata *_metadata, struct sandbox *sb,
			 const struct late_knob *late)
{
	int ready[2], go[2], ret = 0, worker_ret;
	pid_t pid;

	if (pipe2(ready, O_CLOEXEC))
		return child_errno("pipe2");
	if (pipe2(go, O_CLOEXEC))
		return child_errno("pipe2");
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return child_errno("fork");
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		_exit(late_worker(_metadata, sb, late, ready[1], go[0]));
	}
	close(ready[1]);
	close(go[0]);

	/* EOF: the worker failed before it got ready, and says why. */
	if (!read_byte(ready[0])) {
		if (sb->restricted)
			ret = set_knob(late->knob, late->value);
		if (!ret && write_byte(go[1]))
			ret = child_errno("write to the worker");
	}
	close(go[1]);
	close(ready[0]);
	worker_ret = wait_for_child(pid);
	return ret ? ret : worker_ret;
}

/* One sandbox run, for the tests of the sysctl interface itself. */
static void run_sandbox(struct __test_metadata *_metadata, child_fn_t fn,
			const void *data)
{
	struct sandbox sb = { .fn = fn, .data = data };

	EXPECT_EQ(0, run_in_mapped_userns(_metadata, sandbox_main, &sb));
}

/*
 * Reasons to skip instead of fail: no policy in this kernel, not root, not
 * in the initial user namespace (the sandbox maps ids 0-65535 1:1), or a
 * policy or system setting that would make the control sandboxes fail.
 * Returns true, with the reason in @buf, when the tests cannot run.
 */
static bool policy_unavailable(char *buf, size_t len)
{
	static const struct {
		const char *sysctl;
		const char *path;
		long min;
	} limits[] = {
		{ "kernel.unprivileged_userns_clone",
		  "/proc/sys/kernel/unprivileged_userns_clone", 1 },
		{ "kernel.apparmor_restrict_unprivileged_userns",
		  "/proc/sys/kernel/apparmor_restrict_unprivileged_userns", 0 },
		{ "user.max_user_namespaces",
		  "/proc/sys/user/max_user_namespaces", 8 },
		{ "user.max_net_namespaces",
		  "/proc/sys/user/max_net_namespaces", 4 },
		{ "user.max_mnt_namespaces",
		  "/proc/sys/user/max_mnt_namespaces", 4 },
	};
	unsigned long first, lower, count;
	char val[64];
	size_t i;
	FILE *f;
	int n;

	if (access("/proc/sys/user/restrict/caps", F_OK)) {
		snprintf(buf, len,
			 "user namespace restriction policy not supported by this kernel");
		return true;
	}
	if (geteuid() != 0) {
		snprintf(buf, len,
			 "must run as root: the tests build their own user namespaces");
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
		snprintf(buf, len,
			 "must run in the initial user namespace: the sandboxes map uids 0-%d 1:1",
			 SANDBOX_IDS - 1);
		return true;
	}

	/* The sandboxes' controls need an unrestricted parent. */
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		if (read_knob(knobs[i], val, sizeof(val))) {
			snprintf(buf, len, "cannot read user.%s", knobs[i]);
			return true;
		}
		if (strtoull(val, NULL, 0)) {
			val[strcspn(val, "\n")] = '\0';
			snprintf(buf, len,
				 "user.%s=%s in this user namespace restricts the sandboxes, whose controls need an unrestricted parent",
				 knobs[i], val);
			return true;
		}
	}

	for (i = 0; i < ARRAY_SIZE(limits); i++) {
		long v;

		if (read_file(limits[i].path, val, sizeof(val)))
			continue;	/* not present: nothing forbids */
		v = strtol(val, NULL, 0);
		if ((limits[i].min && v < limits[i].min) ||
		    (!limits[i].min && v)) {
			snprintf(buf, len,
				 "sysctl %s=%ld forbids the user namespaces the tests need",
				 limits[i].sysctl, v);
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

/* How a namespace is created. */
enum create_method {
	CREATE_UNSHARE,
	CREATE_CLONE,
	CREATE_CLONE3,
	CREATE_OPEN_TREE,	/* open_tree(OPEN_TREE_NAMESPACE): a mount ns */
	CREATE_FSMOUNT,		/* fsmount(FSMOUNT_NAMESPACE): a mount ns */
};

static const char * const method_names[] = {
	[CREATE_UNSHARE] = "unshare",
	[CREATE_CLONE] = "clone",
	[CREATE_CLONE3] = "clone3",
	[CREATE_OPEN_TREE] = "open_tree(OPEN_TREE_NAMESPACE)",
	[CREATE_FSMOUNT] = "fsmount(FSMOUNT_NAMESPACE)",
};

struct ns_call {
	struct __test_metadata *metadata;
	child_fn_t fn;
	void *arg;
};

static int clone_trampoline(void *data)
{
	struct ns_call *call = data;

	return call->fn ? call->fn(call->metadata, call->arg) : 0;
}

/*
 * fsmount() a new tmpfs into a new mount namespace. fsopen() needs
 * CAP_SYS_ADMIN over the caller's mount namespace, so the caller must own
 * one. Returns 0, -1 with errno set when fsmount() fails, or KSFT_FAIL when
 * the set-up does.
 */
static int fsmount_namespace(struct __test_metadata *_metadata)
{
	int fs, fd, ret;

	fs = syscall(__NR_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0)
		return child_errno("fsopen(tmpfs)");
	if (syscall(__NR_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) {
		ret = child_errno("fsconfig(FSCONFIG_CMD_CREATE)");
		close(fs);
		return ret;
	}
	fd = syscall(__NR_fsmount, fs, FSMOUNT_CLOEXEC | FSMOUNT_NAMESPACE, 0);
	ret = errno;
	close(fs);
	if (fd < 0) {
		errno = ret;
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Create the namespaces @flags with @method and run @fn (if any) in them: in
 * the caller for unshare() (for open_tree and fsmount, which only make a
 * mount namespace, @fn runs outside it), in a new child for clone() and
 * clone3(). Returns -1 with errno set when the namespaces could not be
 * created, otherwise what @fn returned (0 without @fn).
 */
static int ns_run(struct __test_metadata *_metadata, enum create_method method,
		  __u64 flags, child_fn_t fn, void *arg)
{
	struct ns_call call = { .metadata = _metadata, .fn = fn, .arg = arg };
	struct clone_args args = {};
	void *stack;
	pid_t pid;
	int fd, ret;

	fflush(stdout);
	fflush(stderr);

	switch (method) {
	case CREATE_UNSHARE:
		if (unshare(flags))
			return -1;
		return fn ? fn(_metadata, arg) : 0;
	case CREATE_OPEN_TREE:
		fd = syscall(__NR_open_tree, AT_FDCWD, "/",
			     OPEN_TREE_NAMESPACE | AT_RECURSIVE | OPEN_TREE_CLOEXEC);
		if (fd < 0)
			return -1;
		close(fd);
		return fn ? fn(_metadata, arg) : 0;
	case CREATE_FSMOUNT:
		ret = fsmount_namespace(_metadata);
		if (ret)
			return ret;
		return fn ? fn(_metadata, arg) : 0;
	case CREATE_CLONE:
		stack = mmap(NULL, CLONE_STACK_SIZE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
		if (stack == MAP_FAILED)
			return child_errno("mmap clone stack");
		/* The stack grows down on all architectures tested here. */
		pid = clone(clone_trampoline, (char *)stack + CLONE_STACK_SIZE,
			    (int)flags | SIGCHLD, &call);
		ret = errno;
		munmap(stack, CLONE_STACK_SIZE);
		errno = ret;
		break;
	case CREATE_CLONE3:
		args.flags = flags;
		args.exit_signal = SIGCHLD;
		pid = syscall(__NR_clone3, &args, sizeof(args));
		if (pid == 0)
			_exit(fn ? fn(_metadata, arg) : 0);
		break;
	default:
		return child_err("unknown creation method %d", method);
	}
	if (pid < 0)
		return -1;
	ret = wait_for_child(pid);
	if (ret < 0)
		return child_errno("waitpid");
	return ret;
}

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

/* The /proc/<pid>/ns/ name of namespace type @flag. */
static const char *ns_name(__u64 flag)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ns_types); i++)
		if (ns_types[i].flag == flag)
			return ns_types[i].name;
	return "?";
}

/* Another type, to check that the policy denies only what it lists. */
static __u64 other_type(__u64 flag)
{
	return flag == CLONE_NEWUTS ? CLONE_NEWIPC : CLONE_NEWUTS;
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

/*
 * Try to bring up "lo" of the network namespace @sock lives in, which must
 * be a fresh one (lo down): success proves CAP_NET_ADMIN over it. Returns 0,
 * -1 with errno set when SIOCSIFFLAGS fails, or KSFT_FAIL.
 */
static int lo_up(struct __test_metadata *_metadata, int sock)
{
	struct ifreq ifr = {};
	short flags;

	if (lo_get_flags(sock, &flags))
		return child_errno("SIOCGIFFLAGS lo");
	if (flags & IFF_UP)
		return child_err("lo is already up: not a new network namespace");
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	ifr.ifr_flags = flags | IFF_UP;
	if (ioctl(sock, SIOCSIFFLAGS, &ifr))
		return -1;
	if (lo_get_flags(sock, &flags))
		return child_errno("SIOCGIFFLAGS lo");
	if (!(flags & IFF_UP))
		return child_err("lo still down after SIOCSIFFLAGS");
	return 0;
}

/* lo_up() on a new AF_INET socket of the caller's network namespace. */
static int own_lo_up(struct __test_metadata *_metadata)
{
	int sock, ret, err;

	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return child_errno("socket(AF_INET, SOCK_DGRAM)");
	ret = lo_up(_metadata, sock);
	err = errno;
	close(sock);
	errno = err;
	return ret;
}

/*
 * Start a process in new namespaces @flags that stays until @release is
 * closed. Returns its pid, or -1 with errno set.
 */
static pid_t start_holder(__u64 flags, int *release)
{
	struct clone_args args = { .flags = flags, .exit_signal = SIGCHLD };
	int pipefd[2], err;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = syscall(__NR_clone3, &args, sizeof(args));
	if (pid == 0) {
		close(pipefd[1]);
		read_byte(pipefd[0]);
		_exit(0);
	}
	err = errno;
	close(pipefd[0]);
	if (pid < 0) {
		close(pipefd[1]);
		errno = err;
		return -1;
	}
	*release = pipefd[1];
	return pid;
}

static int stop_holder(pid_t pid, int release)
{
	close(release);
	return wait_for_child(pid);
}

/* ---- The sysctl interface ---------------------------------------------- */

FIXTURE(sysctl) {};

FIXTURE_SETUP(sysctl)
{
	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
}

FIXTURE_TEARDOWN(sysctl)
{
}

static int defaults_fn(struct __test_metadata *_metadata, void *arg)
{
	return check_knob("restrict.userns_create", "0\n") ||
	       check_knob("restrict.ns_create", "0x0\n") ||
	       check_knob("restrict.ns_setns", "0x0\n") ||
	       check_knob("restrict.caps", "0x0\n") ||
	       check_knob("restrict.modules", "0\n") ||
	       check_knob("restrict.cgroup", "0x0\n") ||
	       check_knob("restrict.locked", "0\n") ? KSFT_FAIL : 0;
}

/* A fresh user namespace starts with nothing restricted. */
TEST_F(sysctl, defaults_in_fresh_namespace)
{
	run_sandbox(_metadata, defaults_fn, NULL);
}

/* The user.restrict.* files and their values in a fresh user namespace. */
static const struct {
	const char *name;
	const char *value;
} fresh_knobs[] = {
	{ "restrict.userns_create", "0\n" },
	{ "restrict.ns_create", "0x0\n" },
	{ "restrict.ns_setns", "0x0\n" },
	{ "restrict.caps", "0x0\n" },
	{ "restrict.modules", "0\n" },
	{ "restrict.cgroup", "0x0\n" },
	{ "restrict.locked", "0\n" },
};

/* Are all the files in a listing of /proc/sys/user/restrict? */
static int check_listing(struct __test_metadata *_metadata)
{
	const size_t skip = strlen("restrict.");
	unsigned int listed = 0;
	struct dirent *de;
	size_t i;
	DIR *dir;

	dir = opendir("/proc/sys/user/restrict");
	if (!dir)
		return child_errno("opendir(/proc/sys/user/restrict)");
	while ((de = readdir(dir)))
		for (i = 0; i < ARRAY_SIZE(fresh_knobs); i++)
			if (!strcmp(de->d_name, fresh_knobs[i].name + skip))
				listed |= 1U << i;
	closedir(dir);
	for (i = 0; i < ARRAY_SIZE(fresh_knobs); i++)
		if (!(listed & (1U << i)))
			return child_err("%s not listed in /proc/sys/user/restrict",
					 fresh_knobs[i].name + skip);
	return 0;
}

static int listed_fn(struct __test_metadata *_metadata, void *arg)
{
	/* The first look at the files in this namespace is a listing. */
	if (check_listing(_metadata))
		return KSFT_FAIL;
	return check_knob("restrict.caps", "0x0\n") ? KSFT_FAIL : 0;
}

/*
 * A namespace's files are registered when a task in it first looks them
 * up: listing the directory finds them as a lookup does.
 */
TEST_F(sysctl, listed_in_fresh_namespace)
{
	run_sandbox(_metadata, listed_fn, NULL);
}

static int first_use_fn(struct __test_metadata *_metadata, void *arg)
{
	const size_t tasks = ARRAY_SIZE(fresh_knobs) + 1;
	pid_t pids[ARRAY_SIZE(fresh_knobs) + 1];
	int go[2], ret = 0;
	size_t i, n;

	if (pipe2(go, O_CLOEXEC))
		return child_errno("pipe2");
	fflush(stdout);
	fflush(stderr);
	for (n = 0; n < tasks; n++) {
		pids[n] = fork();
		if (pids[n] < 0) {
			ret = child_errno("fork");
			break;
		}
		if (pids[n])
			continue;
		close(go[1]);
		read_byte(go[0]);	/* returns at EOF: all start together */
		if (n == ARRAY_SIZE(fresh_knobs))
			_exit(check_listing(_metadata));
		_exit(check_knob(fresh_knobs[n].name, fresh_knobs[n].value) ?
		      KSFT_FAIL : 0);
	}
	close(go[0]);
	close(go[1]);
	for (i = 0; i < n; i++)
		if (wait_for_child(pids[i]) && !ret)
			ret = child_err("task %zu of %zu failed", i + 1, n);
	return ret;
}

/*
 * Tasks of a new namespace that first look at its files at the same
 * time, each at another file or at the listing, all find them: one
 * registers them, the others wait for it.
 */
TEST_F(sysctl, first_use_from_many_tasks)
{
	run_sandbox(_metadata, first_use_fn, NULL);
}

static int formats_fn(struct __test_metadata *_metadata, void *arg)
{
	/* Booleans read back in decimal, masks in hexadecimal. */
	return set_knob("restrict.caps", "4096") ||
	       check_knob("restrict.caps", "0x1000\n") ||
	       set_knob("restrict.caps", "0x3000\n") ||
	       check_knob("restrict.caps", "0x3000\n") ||
	       set_knob("restrict.ns_create", "1073741824") ||
	       check_knob("restrict.ns_create", "0x40000000\n") ||
	       set_knob("restrict.ns_setns", "0X20000") ||
	       check_knob("restrict.ns_setns", "0x20000\n") ||
	       set_knob("restrict.modules", "1") ||
	       check_knob("restrict.modules", "1\n") ||
	       set_knob("restrict.cgroup", "2") ||
	       check_knob("restrict.cgroup", "0x2\n") ||
	       set_knob("restrict.userns_create", "0x1\n") ||
	       check_knob("restrict.userns_create", "1\n") ? KSFT_FAIL : 0;
}

/* Decimal and 0x-hexadecimal input; read formats "1\n" and "0x1000\n". */
TEST_F(sysctl, write_formats_and_read_back)
{
	run_sandbox(_metadata, formats_fn, NULL);
}

static int inherited_child_fn(struct __test_metadata *_metadata, void *arg)
{
	if (unshare(CLONE_NEWUSER))
		return child_errno("unshare(CLONE_NEWUSER) as root of the sandbox");
	if (check_knob("restrict.userns_create", "1\n") ||
	    check_knob("restrict.ns_create", "0x40000000\n") ||
	    check_knob("restrict.ns_setns", "0x20000\n") ||
	    check_knob("restrict.caps", "0x1000\n") ||
	    check_knob("restrict.modules", "1\n"))
		return KSFT_FAIL;
	/* The lock stays with the parent: the child may tighten its values. */
	if (check_knob("restrict.locked", "0\n") ||
	    set_knob("restrict.caps", "0x3000") ||
	    check_knob("restrict.caps", "0x3000\n") ||
	    set_knob("restrict.locked", "1"))
		return KSFT_FAIL;
	return 0;
}

static int inherited_fn(struct __test_metadata *_metadata, void *arg)
{
	int ret;

	if (set_knob("restrict.userns_create", "1") ||
	    set_knob("restrict.ns_create", "0x40000000") ||
	    set_knob("restrict.ns_setns", "0x20000") ||
	    set_knob("restrict.caps", NET_ADMIN_MASK) ||
	    set_knob("restrict.modules", "1") ||
	    set_knob("restrict.locked", "1"))
		return KSFT_FAIL;
	ret = run_child(_metadata, inherited_child_fn, NULL);
	if (ret)
		return ret;
	/* The child's write changed its own values only. */
	return check_knob("restrict.caps", "0x1000\n");
}

/*
 * A user namespace created after the write reads back its parent's values,
 * except restrict.locked, which starts at 0; its writes change its own
 * values only.
 */
TEST_F(sysctl, inherited_by_child_namespace)
{
	run_sandbox(_metadata, inherited_fn, NULL);
}

static int hold_written_fn(struct __test_metadata *_metadata, void *arg)
{
	/* Valid values for each of knobs[], the lock last. */
	static const char * const values[] = {
		"1", "0x40000000", "0x40000000", NET_ADMIN_MASK, "1", "0x3", "1",
	};
	const int *fds = ((struct sandbox *)arg)->data;
	size_t i;

	static_assert(ARRAY_SIZE(values) == ARRAY_SIZE(knobs),
		      "a value for each knob");

	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		if (set_knob(knobs[i], values[i]))
			return KSFT_FAIL;
	if (write_byte(fds[0]))
		return child_errno("write to the test");
	/* Keep R alive until the test has read its own values. */
	read_byte(fds[1]);
	return 0;
}

static int hold_sandbox_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox sb = { .fn = hold_written_fn, .data = arg };

	return run_in_mapped_userns(_metadata, sandbox_main, &sb);
}

/*
 * Each user namespace has its own values: writing all of R's leaves those
 * of the initial user namespace, read by a process still there while R
 * exists, unchanged.
 */
TEST_F(sysctl, private_to_each_namespace)
{
	int written[2], release[2], fds[2];
	char before[ARRAY_SIZE(knobs)][64], after[64];
	pid_t pid;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		ASSERT_EQ(0, read_knob(knobs[i], before[i], sizeof(before[i])));
	ASSERT_EQ(0, pipe2(written, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(release, O_CLOEXEC));
	fds[0] = written[1];
	fds[1] = release[0];

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		close(written[0]);
		close(release[1]);
		_exit(hold_sandbox_fn(_metadata, fds));
	}
	close(written[1]);
	close(release[0]);

	EXPECT_EQ(0, read_byte(written[0]));
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		ASSERT_EQ(0, read_knob(knobs[i], after, sizeof(after)));
		EXPECT_STREQ(before[i], after) {
			TH_LOG("user.%s of the initial user namespace changed",
			       knobs[i]);
		}
	}
	close(release[1]);
	close(written[0]);
	EXPECT_EQ(0, wait_for_child(pid));
}

static int loosen_fn(struct __test_metadata *_metadata, void *arg)
{
	/* Tightening works, from nothing and from a value. */
	if (set_knob("restrict.caps", "0x3000") ||
	    set_knob("restrict.modules", "1") ||
	    set_knob("restrict.ns_create", "0x40000000"))
		return KSFT_FAIL;
	return check_write_rejected("restrict.caps", "0x1000", EPERM) ||
	       check_write_rejected("restrict.caps", "0", EPERM) ||
	       /* Adding a bit does not excuse removing another. */
	       check_write_rejected("restrict.caps", "0x5000", EPERM) ||
	       check_write_rejected("restrict.modules", "0", EPERM) ||
	       check_write_rejected("restrict.ns_create", "0x20000", EPERM) ||
	       set_knob("restrict.caps", "0x7000") ||
	       check_knob("restrict.caps", "0x7000\n") ? KSFT_FAIL : 0;
}

/* Values only gain bits: a write that removes one fails with EPERM. */
TEST_F(sysctl, loosening_rejected)
{
	run_sandbox(_metadata, loosen_fn, NULL);
}

static int child_loosen_child_fn(struct __test_metadata *_metadata, void *arg)
{
	char want[64];
	size_t i;

	if (unshare(CLONE_NEWUSER))
		return child_errno("unshare(CLONE_NEWUSER) as root of the sandbox");
	if (check_knob("restrict.caps", "0x3000\n") ||
	    check_write_rejected("restrict.caps", "0x1000", EPERM) ||
	    set_knob("restrict.caps", "0x7000"))
		return KSFT_FAIL;
	/* Every inherited knob (the lock is not inherited) refuses 0. */
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		if (!strcmp(knobs[i], "restrict.locked"))
			continue;
		snprintf(want, sizeof(want), "%s\n", knob_tighter(knobs[i]));
		if (strcmp(knobs[i], "restrict.caps") &&
		    check_knob(knobs[i], want))
			return KSFT_FAIL;
		if (check_write_rejected(knobs[i], "0", EPERM))
			return KSFT_FAIL;
	}
	return 0;
}

static int child_loosen_fn(struct __test_metadata *_metadata, void *arg)
{
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		if (strcmp(knobs[i], "restrict.locked") &&
		    set_knob(knobs[i], knob_tighter(knobs[i])))
			return KSFT_FAIL;
	}
	ret = run_child(_metadata, child_loosen_child_fn, NULL);
	return ret ? ret : check_knob("restrict.caps", "0x3000\n");
}

/* Root of a child namespace cannot clear what it inherited. */
TEST_F(sysctl, child_cannot_loosen_inherited)
{
	run_sandbox(_metadata, child_loosen_fn, NULL);
}

static int unpriv_write_fn(struct __test_metadata *_metadata, void *arg)
{
	int fd = *(const int *)arg;
	char path[64], buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		user_sysctl_path(path, sizeof(path), knobs[i]);
		if (open(path, O_WRONLY | O_CLOEXEC) >= 0)
			return child_err("uid %d opened %s for writing", UNPRIV_ID,
					 path);
		if (errno != EACCES)
			return child_errno("open %s for writing as uid %d: expected EACCES",
					   path, UNPRIV_ID);
		/* Reading is for everyone. */
		if (read_knob(knobs[i], buf, sizeof(buf)))
			return child_errno("read %s as uid %d", path, UNPRIV_ID);
	}
	/* A descriptor opened by root is checked again on write. */
	if (write(fd, "0x1000", 6) >= 0)
		return child_err("uid %d wrote through root's descriptor", UNPRIV_ID);
	if (errno != EPERM && errno != EACCES)
		return child_errno("write through root's descriptor: expected EPERM or EACCES");
	return 0;
}

static int unpriv_fn(struct __test_metadata *_metadata, void *arg)
{
	char path[64];
	int fd, ret;

	user_sysctl_path(path, sizeof(path), "restrict.caps");
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return child_errno("open %s for writing as root", path);
	ret = run_unprivileged(_metadata, unpriv_write_fn, &fd);
	if (!ret)
		ret = check_knob("restrict.caps", "0x0\n");
	/* Control: the same descriptor works for root. */
	if (!ret && write(fd, "0x1000", 6) != 6)
		ret = child_errno("write through the descriptor as root");
	close(fd);
	return ret ? ret : check_knob("restrict.caps", "0x1000\n");
}

/*
 * An unprivileged user of the namespace sees the values read-only: open
 * for writing fails with EACCES, and a descriptor opened by root does not
 * let it write either.
 */
TEST_F(sysctl, unprivileged_cannot_write)
{
	run_sandbox(_metadata, unpriv_fn, NULL);
}

static int no_sys_admin_write_fn(struct __test_metadata *_metadata, void *arg)
{
	char path[64];
	ssize_t ret;
	int fd;

	if (drop_effective(_metadata, CAP_SYS_ADMIN))
		return KSFT_FAIL;
	user_sysctl_path(path, sizeof(path), "restrict.caps");
	/* CAP_SYS_RESOURCE is enough to open the file for writing... */
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return child_errno("open %s with CAP_SYS_RESOURCE", path);
	/* ...but changing the policy needs CAP_SYS_ADMIN. */
	ret = write(fd, "0x1000", 6);
	close(fd);
	return expect_denied(true, ret, "write to %s without CAP_SYS_ADMIN", path);
}

static int no_sys_admin_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_child(_metadata, no_sys_admin_write_fn, NULL) ||
	       check_knob("restrict.caps", "0x0\n") ||
	       set_knob("restrict.caps", NET_ADMIN_MASK) ? KSFT_FAIL : 0;
}

/* Writing needs CAP_SYS_ADMIN over the namespace (control: root writes). */
TEST_F(sysctl, write_needs_cap_sys_admin)
{
	run_sandbox(_metadata, no_sys_admin_fn, NULL);
}

static int no_sys_resource_open_fn(struct __test_metadata *_metadata,
				   void *arg)
{
	char path[64], buf[64];

	if (drop_effective(_metadata, CAP_SYS_RESOURCE))
		return KSFT_FAIL;
	user_sysctl_path(path, sizeof(path), "restrict.caps");
	if (open(path, O_WRONLY | O_CLOEXEC) >= 0)
		return child_err("opened %s for writing without CAP_SYS_RESOURCE",
				 path);
	if (errno != EACCES)
		return child_errno("open %s without CAP_SYS_RESOURCE: expected EACCES",
				   path);
	if (read_knob("restrict.caps", buf, sizeof(buf)))
		return child_errno("read %s without CAP_SYS_RESOURCE", path);
	return 0;
}

static int no_sys_resource_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_child(_metadata, no_sys_resource_open_fn, NULL) ||
	       set_knob("restrict.caps", NET_ADMIN_MASK) ? KSFT_FAIL : 0;
}

/* Without CAP_SYS_RESOURCE the files are read-only, as for user.max_*. */
TEST_F(sysctl, open_for_write_needs_cap_sys_resource)
{
	run_sandbox(_metadata, no_sys_resource_fn, NULL);
}

static int locked_fn(struct __test_metadata *_metadata, void *arg)
{
	/* Control: before the lock, tightening works. */
	if (set_knob("restrict.caps", NET_ADMIN_MASK) ||
	    set_knob("restrict.locked", "1"))
		return KSFT_FAIL;
	return check_write_rejected("restrict.caps", "0x3000", EPERM) ||
	       check_write_rejected("restrict.ns_create", "0x40000000", EPERM) ||
	       check_write_rejected("restrict.ns_setns", "0x40000000", EPERM) ||
	       check_write_rejected("restrict.userns_create", "1", EPERM) ||
	       check_write_rejected("restrict.modules", "1", EPERM) ||
	       check_write_rejected("restrict.cgroup", "1", EPERM) ||
	       check_write_rejected("restrict.locked", "0", EPERM) ||
	       /* Writing the current values is not a change. */
	       set_knob("restrict.locked", "1") ||
	       set_knob("restrict.caps", "4096") ||
	       check_knob("restrict.caps", "0x1000\n") ||
	       check_knob("restrict.locked", "1\n") ? KSFT_FAIL : 0;
}

/* After restrict.locked=1 nothing changes, the lock included. */
TEST_F(sysctl, locked_rejects_every_change)
{
	run_sandbox(_metadata, locked_fn, NULL);
}

static int same_value_fn(struct __test_metadata *_metadata, void *arg)
{
	return set_knob("restrict.modules", "0") ||
	       set_knob("restrict.caps", NET_ADMIN_MASK) ||
	       set_knob("restrict.caps", NET_ADMIN_MASK) ||
	       set_knob("restrict.caps", "4096\n") ||
	       check_knob("restrict.caps", "0x1000\n") ||
	       check_knob("restrict.modules", "0\n") ? KSFT_FAIL : 0;
}

/* Writing the current value again (in any notation) succeeds. */
TEST_F(sysctl, same_value_rewrite_succeeds)
{
	run_sandbox(_metadata, same_value_fn, NULL);
}

/* Malformed or out of range input: EINVAL, and the value stays. */
struct input_case {
	const char *knob;	/* NULL: every knob, with its own preset */
	const char *preset;	/* a valid value written first */
	const char *input;	/* NULL: 1 << (CAP_LAST_CAP + 1) */
	bool tighter;		/* input: knob_tighter() of each knob */
	off_t offset;
};

FIXTURE(sysctl_input) {
	struct input_case c;
};

FIXTURE_VARIANT(sysctl_input) {
	struct input_case c;
};

FIXTURE_VARIANT_ADD(sysctl_input, not_a_number) {
	.c = {
		.knob = NULL, .input = "abc",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, negative) {
	.c = {
		.knob = NULL, .input = "-1",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, overflow) {
	.c = {
		.knob = NULL,
		.input = "18446744073709551616",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, empty) {
	.c = {
		.knob = NULL, .input = "",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, newline_only) {
	.c = {
		.knob = NULL, .input = "\n",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, two_values) {
	.c = {
		.knob = NULL, .input = "1 2",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, trailing_garbage) {
	.c = {
		.knob = NULL, .input = "1x",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, caps_bit_63) {
	.c = {
		.knob = "restrict.caps", .preset = NET_ADMIN_MASK,
		.input = "0x8000000000000000",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, caps_beyond_last_cap) {
	.c = {
		.knob = "restrict.caps", .preset = NET_ADMIN_MASK, .input = NULL,
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, ns_create_not_clone_new) {
	.c = {
		.knob = "restrict.ns_create", .preset = "0x40000000", .input = "0x1",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, ns_setns_not_clone_new) {
	/* CLONE_VM */
	.c = {
		.knob = "restrict.ns_setns", .preset = "0x40000000", .input = "0x100",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, cgroup_unknown_bit) {
	.c = {
		.knob = "restrict.cgroup", .preset = "0x1", .input = "0x4",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, modules_bool_2) {
	.c = {
		.knob = "restrict.modules", .preset = "0", .input = "2",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, userns_create_bool_2) {
	.c = {
		.knob = "restrict.userns_create", .preset = "0", .input = "2",
	},
};

FIXTURE_VARIANT_ADD(sysctl_input, locked_bool_2) {
	.c = {
		.knob = "restrict.locked", .preset = "0", .input = "2",
	},
};

/* A value each knob would take at offset 0 (a tightening), at offset 1. */
FIXTURE_VARIANT_ADD(sysctl_input, offset_1) {
	.c = {
		.knob = NULL, .tighter = true, .offset = 1,
	},
};

FIXTURE_SETUP(sysctl_input)
{
	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
	self->c = variant->c;
}

FIXTURE_TEARDOWN(sysctl_input)
{
}

static int input_fn(struct __test_metadata *_metadata, void *arg)
{
	const struct input_case *v = ((struct sandbox *)arg)->data;
	const char *input = v->input;
	char beyond[32];

	if (!input && !v->tighter) {
		snprintf(beyond, sizeof(beyond), "%#llx", 1ULL << (cap_last_cap + 1));
		input = beyond;
	}
	if (!v->knob) {
		size_t i;
		int ret;

		for (i = 0; i < ARRAY_SIZE(knobs); i++) {
			if (v->tighter)
				input = knob_tighter(knobs[i]);
			/* Control: the preset is valid input and is taken. */
			if (set_knob(knobs[i], knob_preset(knobs[i])))
				return KSFT_FAIL;
			ret = __check_write_rejected(_metadata, __LINE__, knobs[i],
						     input, strlen(input),
						     v->offset, EINVAL);
			if (ret)
				return ret;
		}
		return 0;
	}
	/* Control: the preset is valid input and is taken. */
	if (set_knob(v->knob, v->preset))
		return KSFT_FAIL;
	return __check_write_rejected(_metadata, __LINE__, v->knob, input,
				      strlen(input), v->offset, EINVAL);
}

TEST_F(sysctl_input, rejected_value_unchanged)
{
	run_sandbox(_metadata, input_fn, &self->c);
}

/* ---- restrict.userns_create -------------------------------------------- */

FIXTURE(userns_create) {};

FIXTURE_VARIANT(userns_create) {
	enum create_method method;
};

FIXTURE_VARIANT_ADD(userns_create, unshare) {
	.method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(userns_create, clone) {
	.method = CREATE_CLONE,
};

FIXTURE_VARIANT_ADD(userns_create, clone3) {
	.method = CREATE_CLONE3,
};

FIXTURE_SETUP(userns_create)
{
	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
}

FIXTURE_TEARDOWN(userns_create)
{
}

static int userns_create_try_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	const enum create_method *method = sb->data;
	int ret;

	ret = ns_run(_metadata, *method, CLONE_NEWUSER, NULL, NULL);
	if (ret > 0)
		return ret;
	return expect_denied(sb->restricted, ret, "%s(CLONE_NEWUSER) as uid %d",
			     method_names[*method], getuid());
}

static int userns_create_unpriv_fn(struct __test_metadata *_metadata,
				   void *arg)
{
	return run_unprivileged(_metadata, userns_create_try_fn, arg);
}

/* An unprivileged user of the namespace cannot create user namespaces. */
TEST_F(userns_create, unprivileged_denied)
{
	run_sandboxes(_metadata, "restrict.userns_create", "1",
		      userns_create_unpriv_fn, &variant->method);
}

static int nest_inner_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	const enum create_method *method = sb->data;
	char map[16];
	int ret;

	/* Become root of the new namespace, mapped to root of R. */
	if (write_file("/proc/self/setgroups", "deny"))
		return child_errno("write /proc/self/setgroups");
	snprintf(map, sizeof(map), "0 0 1");
	if (write_file("/proc/self/uid_map", map) ||
	    write_file("/proc/self/gid_map", map))
		return child_errno("write id maps '%s'", map);
	ret = ns_run(_metadata, *method, CLONE_NEWUSER, NULL, NULL);
	if (ret > 0)
		return ret;
	return expect_success(ret, "%s(CLONE_NEWUSER) by root of a nested namespace",
			      method_names[*method]);
}

static int nest_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	const enum create_method *method = sb->data;
	int ret;

	ret = ns_run(_metadata, *method, CLONE_NEWUSER, nest_inner_fn, sb);
	if (ret > 0)
		return ret;
	return expect_success(ret, "%s(CLONE_NEWUSER) by root of the sandbox",
			      method_names[*method]);
}

/*
 * Root of a container keeps nesting: root of R creates a child, whose root
 * (holding CAP_SYS_ADMIN there) creates another.
 */
TEST_F(userns_create, container_root_nests)
{
	run_sandboxes(_metadata, "restrict.userns_create", "1", nest_fn,
		      &variant->method);
}

static int userns_create_in_child_fn(struct __test_metadata *_metadata,
				     void *arg)
{
	return run_unprivileged(_metadata, userns_create_try_fn, arg);
}

static int userns_create_child_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_in_mapped_userns(_metadata, userns_create_in_child_fn, arg);
}

/*
 * The restriction is inherited: an unprivileged uid in a child of R (with
 * ids 0-65535 mapped by root of R) is refused as well.
 */
TEST_F(userns_create, unprivileged_in_child_denied)
{
	run_sandboxes(_metadata, "restrict.userns_create", "1",
		      userns_create_child_fn, &variant->method);
}

/* ---- restrict.ns_create ------------------------------------------------ */

struct ns_case {
	__u64 type;		/* the CLONE_NEW* bit written to the knob */
	__u64 flags;		/* what the call passes */
	enum create_method method;
	char value[32];		/* the type, as written */
};

FIXTURE(ns_create) {
	struct ns_case c;
};

FIXTURE_VARIANT(ns_create) {
	__u64 type;
	__u64 flags;
	enum create_method method;
	const char *unsupported;	/* why the kernel can never do this */
};

FIXTURE_VARIANT_ADD(ns_create, net_unshare) {
	.type = CLONE_NEWNET, .flags = CLONE_NEWNET, .method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(ns_create, net_clone) {
	.type = CLONE_NEWNET, .flags = CLONE_NEWNET, .method = CREATE_CLONE,
};

FIXTURE_VARIANT_ADD(ns_create, net_clone3) {
	.type = CLONE_NEWNET, .flags = CLONE_NEWNET, .method = CREATE_CLONE3,
};

FIXTURE_VARIANT_ADD(ns_create, mnt_unshare) {
	.type = CLONE_NEWNS, .flags = CLONE_NEWNS, .method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(ns_create, mnt_clone) {
	.type = CLONE_NEWNS, .flags = CLONE_NEWNS, .method = CREATE_CLONE,
};

FIXTURE_VARIANT_ADD(ns_create, mnt_clone3) {
	.type = CLONE_NEWNS, .flags = CLONE_NEWNS, .method = CREATE_CLONE3,
};

/* An empty mount namespace is a mount namespace too. */
FIXTURE_VARIANT_ADD(ns_create, mnt_empty_unshare) {
	.type = CLONE_NEWNS, .flags = UNSHARE_EMPTY_MNTNS,
	.method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(ns_create, mnt_empty_clone3) {
	.type = CLONE_NEWNS, .flags = CLONE_EMPTY_MNTNS,
	.method = CREATE_CLONE3,
};

/* open_tree() makes a new mount namespace without clone or unshare. */
FIXTURE_VARIANT_ADD(ns_create, mnt_open_tree) {
	.type = CLONE_NEWNS, .method = CREATE_OPEN_TREE,
};

/* So does fsmount(), from a mount namespace the caller owns already. */
FIXTURE_VARIANT_ADD(ns_create, mnt_fsmount) {
	.type = CLONE_NEWNS, .method = CREATE_FSMOUNT,
};

FIXTURE_VARIANT_ADD(ns_create, uts_unshare) {
	.type = CLONE_NEWUTS, .flags = CLONE_NEWUTS, .method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(ns_create, uts_clone) {
	.type = CLONE_NEWUTS, .flags = CLONE_NEWUTS, .method = CREATE_CLONE,
};

FIXTURE_VARIANT_ADD(ns_create, uts_clone3) {
	.type = CLONE_NEWUTS, .flags = CLONE_NEWUTS, .method = CREATE_CLONE3,
};

FIXTURE_VARIANT_ADD(ns_create, ipc_unshare) {
	.type = CLONE_NEWIPC, .flags = CLONE_NEWIPC, .method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(ns_create, ipc_clone) {
	.type = CLONE_NEWIPC, .flags = CLONE_NEWIPC, .method = CREATE_CLONE,
};

FIXTURE_VARIANT_ADD(ns_create, ipc_clone3) {
	.type = CLONE_NEWIPC, .flags = CLONE_NEWIPC, .method = CREATE_CLONE3,
};

/* unshare(CLONE_NEWPID) creates the namespace for the children at once. */
FIXTURE_VARIANT_ADD(ns_create, pid_unshare) {
	.type = CLONE_NEWPID, .flags = CLONE_NEWPID, .method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(ns_create, pid_clone) {
	.type = CLONE_NEWPID, .flags = CLONE_NEWPID, .method = CREATE_CLONE,
};

FIXTURE_VARIANT_ADD(ns_create, pid_clone3) {
	.type = CLONE_NEWPID, .flags = CLONE_NEWPID, .method = CREATE_CLONE3,
};

FIXTURE_VARIANT_ADD(ns_create, cgroup_unshare) {
	.type = CLONE_NEWCGROUP, .flags = CLONE_NEWCGROUP,
	.method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(ns_create, cgroup_clone) {
	.type = CLONE_NEWCGROUP, .flags = CLONE_NEWCGROUP,
	.method = CREATE_CLONE,
};

FIXTURE_VARIANT_ADD(ns_create, cgroup_clone3) {
	.type = CLONE_NEWCGROUP, .flags = CLONE_NEWCGROUP,
	.method = CREATE_CLONE3,
};

FIXTURE_VARIANT_ADD(ns_create, time_unshare) {
	.type = CLONE_NEWTIME, .flags = CLONE_NEWTIME, .method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(ns_create, time_clone) {
	.type = CLONE_NEWTIME, .flags = CLONE_NEWTIME, .method = CREATE_CLONE,
	.unsupported = "clone() cannot take CLONE_NEWTIME: it overlaps the exit signal (CSIGNAL)",
};

FIXTURE_VARIANT_ADD(ns_create, time_clone3) {
	.type = CLONE_NEWTIME, .flags = CLONE_NEWTIME, .method = CREATE_CLONE3,
};

FIXTURE_VARIANT_ADD(ns_create, user_unshare) {
	.type = CLONE_NEWUSER, .flags = CLONE_NEWUSER, .method = CREATE_UNSHARE,
};

FIXTURE_VARIANT_ADD(ns_create, user_clone) {
	.type = CLONE_NEWUSER, .flags = CLONE_NEWUSER, .method = CREATE_CLONE,
};

FIXTURE_VARIANT_ADD(ns_create, user_clone3) {
	.type = CLONE_NEWUSER, .flags = CLONE_NEWUSER, .method = CREATE_CLONE3,
};

/* fsmount() needs a mount namespace of the caller's own beforehand. */
#define FSMOUNT_SKIP \
	"fsmount() needs a mount namespace owned by the caller: see denied_when_set_later"

FIXTURE_SETUP(ns_create)
{
	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
	if (variant->unsupported)
		SKIP(return, "%s", variant->unsupported);
	self->c.type = variant->type;
	self->c.flags = variant->flags;
	self->c.method = variant->method;
	snprintf(self->c.value, sizeof(self->c.value), "%#llx",
		 (unsigned long long)variant->type);
}

FIXTURE_TEARDOWN(ns_create)
{
}

/*
 * Create the variant's namespace with its method, @extra added to the
 * flags, and check the outcome. The control failing with EINVAL means this
 * kernel cannot do it at all: skip.
 */
static int ns_create_check(struct __test_metadata *_metadata,
			   struct sandbox *sb, __u64 extra, bool denied,
			   const char *who)
{
	const struct ns_case *v = sb->data;
	char call[64];
	int ret;

	if (v->flags | extra)
		snprintf(call, sizeof(call), "%s(%#llx)", method_names[v->method],
			 (unsigned long long)(v->flags | extra));
	else
		snprintf(call, sizeof(call), "%s", method_names[v->method]);
	ret = ns_run(_metadata, v->method, v->flags | extra, NULL, NULL);
	if (ret > 0)
		return ret;
	if (ret < 0 && errno == EINVAL && !sb->restricted)
		return sandbox_skip(sb, "this kernel cannot %s (EINVAL)", call);
	return expect_denied(denied, ret, "%s by %s", call, who);
}

static int ns_create_in_child_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	int ret;

	ret = enter_own_userns(_metadata);
	if (ret)
		return ret;
	return ns_create_check(_metadata, sb, 0, sb->restricted,
			       "root of a child user namespace");
}

static int ns_create_denied_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, ns_create_in_child_fn, arg);
}

/*
 * Root of a child C of R (created by uid 1000 in R, mapping 0 to itself)
 * cannot create a namespace of the type R lists.
 */
TEST_F(ns_create, denied_in_descendant)
{
	if (variant->method == CREATE_FSMOUNT)
		SKIP(return, FSMOUNT_SKIP);
	run_sandboxes(_metadata, "restrict.ns_create", self->c.value,
		      ns_create_denied_fn, &self->c);
}

static int ns_create_other_in_child_fn(struct __test_metadata *_metadata,
				       void *arg)
{
	struct sandbox *sb = arg;
	const struct ns_case *v = sb->data;
	enum create_method method = v->method;
	__u64 other = other_type(v->type);
	int ret;

	ret = enter_own_userns(_metadata);
	if (ret)
		return ret;
	/* open_tree() and fsmount() make mount namespaces only. */
	if (method == CREATE_OPEN_TREE || method == CREATE_FSMOUNT)
		method = CREATE_CLONE3;
	ret = ns_run(_metadata, method, other, NULL, NULL);
	if (ret > 0)
		return ret;
	return expect_success(ret, "%s(CLONE_NEW%s) by root of a child user namespace",
			      method_names[method], ns_name(other));
}

static int ns_create_other_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, ns_create_other_in_child_fn, arg);
}

/* Types the policy does not list can still be created there. */
TEST_F(ns_create, other_type_allowed_in_descendant)
{
	if (variant->method == CREATE_FSMOUNT)
		SKIP(return, FSMOUNT_SKIP);
	run_sandboxes(_metadata, "restrict.ns_create", self->c.value,
		      ns_create_other_fn, &self->c);
}

static int ns_create_combined_try_fn(struct __test_metadata *_metadata,
				     void *arg)
{
	return ns_create_check(_metadata, arg, CLONE_NEWUSER,
			       ((struct sandbox *)arg)->restricted,
			       "uid 1000 of the sandbox, with CLONE_NEWUSER");
}

static int ns_create_combined_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, ns_create_combined_try_fn, arg);
}

/*
 * Asking for the new user namespace in the same call does not help: the
 * other namespace is owned by the new user namespace, a descendant of R.
 */
TEST_F(ns_create, with_new_userns_denied)
{
	if (variant->type == CLONE_NEWUSER)
		SKIP(return, "the type is CLONE_NEWUSER itself");
	if (variant->method == CREATE_OPEN_TREE ||
	    variant->method == CREATE_FSMOUNT)
		SKIP(return, "%s cannot create a user namespace",
		     method_names[variant->method]);
	run_sandboxes(_metadata, "restrict.ns_create", self->c.value,
		      ns_create_combined_fn, &self->c);
}

static int ns_create_late_prepare_fn(struct __test_metadata *_metadata,
				     void *arg)
{
	int ret;

	/* C and a mount namespace of C's, as a running container has. */
	ret = enter_own_userns(_metadata);
	if (!ret && unshare(CLONE_NEWNS))
		ret = child_errno("unshare(CLONE_NEWNS) in the child");
	return ret;
}

static int ns_create_late_act_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;

	return ns_create_check(_metadata, sb, 0, sb->restricted,
			       "root of a child user namespace created before the knob was set");
}

static int ns_create_late_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	const struct ns_case *v = sb->data;
	struct late_knob late = {
		.knob = "restrict.ns_create",
		.value = v->value,
		.prepare = ns_create_late_prepare_fn,
		.act = ns_create_late_act_fn,
	};

	return run_late_knob(_metadata, sb, &late);
}

/*
 * The policy applies to descendants that exist already: root of a running
 * container C, with a mount namespace of its own, is refused once R lists
 * the type.
 */
TEST_F(ns_create, denied_when_set_later)
{
	run_sandboxes(_metadata, NULL, self->c.value, ns_create_late_fn,
		      &self->c);
}

static int ns_create_own_fn(struct __test_metadata *_metadata, void *arg)
{
	return ns_create_check(_metadata, arg, 0, false, "root of the sandbox");
}

/* R's own values do not restrict R's own tasks (its root here). */
TEST_F(ns_create, allowed_in_own_namespace)
{
	if (variant->method == CREATE_FSMOUNT)
		SKIP(return, FSMOUNT_SKIP);
	run_sandboxes(_metadata, "restrict.ns_create", self->c.value,
		      ns_create_own_fn, &self->c);
}

/* ---- restrict.ns_setns ------------------------------------------------- */

enum join_method {
	JOIN_NSFS,		/* setns(/proc/<pid>/ns/<type> fd, type) */
	JOIN_NSFS_ANY,		/* the same with nstype 0: any type */
	JOIN_PIDFD,		/* setns(pidfd, type) */
};

struct setns_case {
	__u64 type;
	enum join_method how;
};

FIXTURE(ns_setns) {
	struct setns_case c;
	char value[32];
};

FIXTURE_VARIANT(ns_setns) {
	__u64 type;
	enum join_method how;
};

FIXTURE_VARIANT_ADD(ns_setns, net_nsfs) {
	.type = CLONE_NEWNET, .how = JOIN_NSFS,
};

FIXTURE_VARIANT_ADD(ns_setns, net_nsfs_any) {
	.type = CLONE_NEWNET, .how = JOIN_NSFS_ANY,
};

FIXTURE_VARIANT_ADD(ns_setns, net_pidfd) {
	.type = CLONE_NEWNET, .how = JOIN_PIDFD,
};

FIXTURE_VARIANT_ADD(ns_setns, mnt_nsfs) {
	.type = CLONE_NEWNS, .how = JOIN_NSFS,
};

FIXTURE_VARIANT_ADD(ns_setns, mnt_nsfs_any) {
	.type = CLONE_NEWNS, .how = JOIN_NSFS_ANY,
};

FIXTURE_VARIANT_ADD(ns_setns, mnt_pidfd) {
	.type = CLONE_NEWNS, .how = JOIN_PIDFD,
};

FIXTURE_VARIANT_ADD(ns_setns, uts_nsfs) {
	.type = CLONE_NEWUTS, .how = JOIN_NSFS,
};

FIXTURE_VARIANT_ADD(ns_setns, uts_nsfs_any) {
	.type = CLONE_NEWUTS, .how = JOIN_NSFS_ANY,
};

FIXTURE_VARIANT_ADD(ns_setns, uts_pidfd) {
	.type = CLONE_NEWUTS, .how = JOIN_PIDFD,
};

FIXTURE_VARIANT_ADD(ns_setns, ipc_nsfs) {
	.type = CLONE_NEWIPC, .how = JOIN_NSFS,
};

FIXTURE_VARIANT_ADD(ns_setns, ipc_nsfs_any) {
	.type = CLONE_NEWIPC, .how = JOIN_NSFS_ANY,
};

FIXTURE_VARIANT_ADD(ns_setns, ipc_pidfd) {
	.type = CLONE_NEWIPC, .how = JOIN_PIDFD,
};

FIXTURE_VARIANT_ADD(ns_setns, pid_nsfs) {
	.type = CLONE_NEWPID, .how = JOIN_NSFS,
};

FIXTURE_VARIANT_ADD(ns_setns, pid_nsfs_any) {
	.type = CLONE_NEWPID, .how = JOIN_NSFS_ANY,
};

FIXTURE_VARIANT_ADD(ns_setns, pid_pidfd) {
	.type = CLONE_NEWPID, .how = JOIN_PIDFD,
};

FIXTURE_VARIANT_ADD(ns_setns, cgroup_nsfs) {
	.type = CLONE_NEWCGROUP, .how = JOIN_NSFS,
};

FIXTURE_VARIANT_ADD(ns_setns, cgroup_nsfs_any) {
	.type = CLONE_NEWCGROUP, .how = JOIN_NSFS_ANY,
};

FIXTURE_VARIANT_ADD(ns_setns, cgroup_pidfd) {
	.type = CLONE_NEWCGROUP, .how = JOIN_PIDFD,
};

FIXTURE_VARIANT_ADD(ns_setns, time_nsfs) {
	.type = CLONE_NEWTIME, .how = JOIN_NSFS,
};

FIXTURE_VARIANT_ADD(ns_setns, time_nsfs_any) {
	.type = CLONE_NEWTIME, .how = JOIN_NSFS_ANY,
};

FIXTURE_VARIANT_ADD(ns_setns, time_pidfd) {
	.type = CLONE_NEWTIME, .how = JOIN_PIDFD,
};

FIXTURE_VARIANT_ADD(ns_setns, user_nsfs) {
	.type = CLONE_NEWUSER, .how = JOIN_NSFS,
};

FIXTURE_VARIANT_ADD(ns_setns, user_nsfs_any) {
	.type = CLONE_NEWUSER, .how = JOIN_NSFS_ANY,
};

FIXTURE_VARIANT_ADD(ns_setns, user_pidfd) {
	.type = CLONE_NEWUSER, .how = JOIN_PIDFD,
};

FIXTURE_SETUP(ns_setns)
{
	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
	self->c.type = variant->type;
	self->c.how = variant->how;
	snprintf(self->value, sizeof(self->value), "%#llx",
		 (unsigned long long)variant->type);
}

FIXTURE_TEARDOWN(ns_setns)
{
}

/*
 * Join the namespace of type @type of process @pid. Returns setns()'s
 * result (-1 with errno set on failure), or KSFT_FAIL when the namespace
 * could not even be opened.
 */
static int join_ns(struct __test_metadata *_metadata, enum join_method how,
		   pid_t pid, __u64 type)
{
	char path[64];
	int fd, ret, err;

	if (how == JOIN_PIDFD) {
		fd = syscall(__NR_pidfd_open, pid, 0);
		if (fd < 0)
			return child_errno("pidfd_open(%d)", pid);
	} else {
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, ns_name(type));
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return child_errno("open %s", path);
	}
	ret = setns(fd, how == JOIN_NSFS_ANY ? 0 : (int)type);
	err = errno;
	close(fd);
	errno = err;
	return ret;
}

static const char * const join_names[] = {
	[JOIN_NSFS] = "nsfs fd",
	[JOIN_NSFS_ANY] = "nsfs fd, nstype 0",
	[JOIN_PIDFD] = "pidfd",
};

/*
 * Start a holder in new namespaces of the variant's type and of another
 * one, then join @join of its namespaces and check the outcome.
 */
static int setns_check(struct __test_metadata *_metadata, struct sandbox *sb,
		       bool other, bool denied, const char *who)
{
	const struct setns_case *v = sb->data;
	__u64 join = other ? other_type(v->type) : v->type;
	int release, ret;
	pid_t holder;

	holder = start_holder(v->type | other_type(v->type), &release);
	if (holder < 0)
		return child_errno("clone3(%#llx) for the namespaces to join",
				   (unsigned long long)(v->type | other_type(v->type)));
	ret = join_ns(_metadata, v->how, holder, join);
	if (ret <= 0)
		ret = expect_denied(denied, ret, "setns(%s) into a %s namespace by %s",
				    join_names[v->how], ns_name(join), who);
	if (stop_holder(holder, release) && !ret)
		ret = child_err("the namespace holder failed");
	return ret;
}

static int setns_in_child_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	int ret;

	ret = enter_own_userns(_metadata);
	if (ret)
		return ret;
	return setns_check(_metadata, sb, false, sb->restricted,
			   "root of a child user namespace");
}

static int setns_denied_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, setns_in_child_fn, arg);
}

/*
 * Root of a child C of R cannot join a namespace of a type R lists, one
 * that C owns (held by another process of C), by nsfs fd (with the type or
 * with nstype 0) or by pidfd.
 */
TEST_F(ns_setns, denied_in_descendant)
{
	run_sandboxes(_metadata, "restrict.ns_setns", self->value,
		      setns_denied_fn, &self->c);
}

static int setns_other_in_child_fn(struct __test_metadata *_metadata,
				   void *arg)
{
	int ret;

	ret = enter_own_userns(_metadata);
	if (ret)
		return ret;
	return setns_check(_metadata, arg, true, false,
			   "root of a child user namespace");
}

static int setns_other_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, setns_other_in_child_fn, arg);
}

/* A type the policy does not list can still be joined. */
TEST_F(ns_setns, other_type_joinable_in_descendant)
{
	run_sandboxes(_metadata, "restrict.ns_setns", self->value,
		      setns_other_fn, &self->c);
}

static int setns_own_fn(struct __test_metadata *_metadata, void *arg)
{
	return setns_check(_metadata, arg, false, false, "root of the sandbox");
}

/* R's own values do not restrict R's own tasks. */
TEST_F(ns_setns, allowed_in_own_namespace)
{
	run_sandboxes(_metadata, "restrict.ns_setns", self->value,
		      setns_own_fn, &self->c);
}

/* ---- restrict.caps: the capability ceiling ----------------------------- */

/*
 * The caller's CapEff, CapPrm and CapBnd must hold CAP_SYS_ADMIN, and
 * CAP_NET_ADMIN unless @ceiling.
 */
static int check_ceiling(struct __test_metadata *_metadata, bool ceiling)
{
	static const char * const sets[] = { "CapEff", "CapPrm", "CapBnd" };
	size_t i;
	__u64 val;
	int ret;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		if (status_caps(sets[i], &val))
			return child_errno("read %s from /proc/self/status", sets[i]);
		if (!(val & (1ULL << CAP_SYS_ADMIN)))
			return child_err("%s %#llx lacks CAP_SYS_ADMIN", sets[i],
					 (unsigned long long)val);
		if (ceiling && (val & (1ULL << CAP_NET_ADMIN)))
			return child_err("%s %#llx holds CAP_NET_ADMIN above the ceiling",
					 sets[i], (unsigned long long)val);
		if (!ceiling && !(val & (1ULL << CAP_NET_ADMIN)))
			return child_err("%s %#llx lacks CAP_NET_ADMIN without a ceiling",
					 sets[i], (unsigned long long)val);
	}
	ret = prctl(PR_CAPBSET_READ, CAP_NET_ADMIN, 0, 0, 0);
	if (ret != !ceiling)
		return child_errno("prctl(PR_CAPBSET_READ, CAP_NET_ADMIN) = %d, expected %d",
				   ret, !ceiling);
	return 0;
}

FIXTURE(caps_ceiling) {};

FIXTURE_SETUP(caps_ceiling)
{
	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
}

FIXTURE_TEARDOWN(caps_ceiling)
{
}

static int child_sets_in_child_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	int ret;

	ret = enter_own_userns(_metadata);
	return ret ? ret : check_ceiling(_metadata, sb->restricted);
}

static int child_sets_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, child_sets_in_child_fn, arg);
}

/*
 * Root of a child C of R holds every capability but CAP_NET_ADMIN:
 * effective, permitted and bounding sets.
 */
TEST_F(caps_ceiling, child_sets_lack_net_admin)
{
	run_sandboxes(_metadata, "restrict.caps", NET_ADMIN_MASK,
		      child_sets_fn, NULL);
}

static int regain_in_child_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	struct __user_cap_data_struct data[2] = {};
	int idx = CAP_TO_INDEX(CAP_NET_ADMIN);
	__u32 mask = CAP_TO_MASK(CAP_NET_ADMIN);
	int ret;

	ret = enter_own_userns(_metadata);
	if (ret)
		return ret;
	if (get_caps(data))
		return child_errno("capget");
	data[idx].effective |= mask;
	data[idx].permitted |= mask;
	ret = expect_denied(sb->restricted, set_caps(data),
			    "capset() raising CAP_NET_ADMIN");
	if (ret)
		return ret;
	if (get_caps(data))
		return child_errno("capget");
	data[idx].inheritable |= mask;
	ret = expect_denied(sb->restricted, set_caps(data),
			    "capset() raising inheritable CAP_NET_ADMIN");
	if (ret)
		return ret;
	return expect_denied(sb->restricted,
			     prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
				   CAP_NET_ADMIN, 0, 0),
			     "prctl(PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN)");
}

static int regain_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, regain_in_child_fn, arg);
}

/*
 * capset() and ambient capabilities cannot bring it back: it is out of the
 * bounding set.
 */
TEST_F(caps_ceiling, cannot_regain_net_admin)
{
	run_sandboxes(_metadata, "restrict.caps", NET_ADMIN_MASK, regain_fn,
		      NULL);
}

static int use_in_child_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	struct stat before, after;
	int ret;

	ret = enter_own_userns(_metadata);
	if (ret)
		return ret;
	if (unshare(CLONE_NEWNET | CLONE_NEWNS))
		return child_errno("unshare(CLONE_NEWNET | CLONE_NEWNS) in the child");

	ret = own_lo_up(_metadata);
	if (ret > 0)
		return ret;
	ret = expect_denied(sb->restricted, ret,
			    "SIOCSIFFLAGS on lo of the child's network namespace");
	if (ret)
		return ret;

	/* CAP_SYS_ADMIN, below the ceiling, still works. */
	if (stat("/tmp", &before))
		return child_errno("stat /tmp");
	if (mount("none", "/tmp", "tmpfs", 0, "size=1m"))
		return child_errno("mount tmpfs on /tmp in the child's mount namespace");
	if (stat("/tmp", &after))
		return child_errno("stat /tmp");
	if (before.st_dev == after.st_dev)
		return child_err("/tmp is the same file system after mount");
	return 0;
}

static int use_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, use_in_child_fn, arg);
}

/*
 * In its own network namespace, root of C cannot configure lo; mounting
 * tmpfs in its own mount namespace (CAP_SYS_ADMIN) still works.
 */
TEST_F(caps_ceiling, child_netns_admin_denied_mount_allowed)
{
	if (access("/tmp", F_OK))
		SKIP(return, "/tmp does not exist");
	run_sandboxes(_metadata, "restrict.caps", NET_ADMIN_MASK, use_fn, NULL);
}

/*
 * Child of the owner tests: create a user and network namespace C and send
 * an AF_INET socket living in C's network namespace over @sock.
 */
static int netns_socket_sender(struct __test_metadata *_metadata, int sock)
{
	int inet;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
		return child_errno("unshare(CLONE_NEWUSER | CLONE_NEWNET)");
	inet = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (inet < 0)
		return child_errno("socket(AF_INET, SOCK_DGRAM)");
	if (send_fd(sock, inet))
		return child_errno("send socket fd");
	close(inet);
	return 0;
}

/*
 * Fork a child that creates C and its network namespace, receive its socket
 * and try SIOCSIFFLAGS on C's lo from here, outside C.
 */
static int admin_child_netns(struct __test_metadata *_metadata, bool denied,
			     const char *who)
{
	int sp[2], inet, ret, child_ret;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp))
		return child_errno("socketpair");
	fflush(stdout);
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

	ret = lo_up(_metadata, inet);
	if (ret <= 0)
		ret = expect_denied(denied, ret,
				    "SIOCSIFFLAGS on lo of a child's network namespace by %s",
				    who);
	close(inet);
	return ret;
}

static int owner_socket_in_r_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;

	return admin_child_netns(_metadata, sb->restricted,
				 "its unprivileged owner, from the parent namespace");
}

static int owner_socket_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, owner_socket_in_r_fn, arg);
}

/*
 * cap_capable() gives the owner of C, in C's parent, every capability over
 * C: but not those above the ceiling. Uid 1000 of R, which created C,
 * receives a socket of C's network namespace over SCM_RIGHTS and cannot
 * configure it.
 */
TEST_F(caps_ceiling, owner_via_passed_socket_denied)
{
	run_sandboxes(_metadata, "restrict.caps", NET_ADMIN_MASK,
		      owner_socket_fn, NULL);
}

static int ancestor_root_fn(struct __test_metadata *_metadata, void *arg)
{
	int sp[2], inet, ret, child_ret;
	pid_t pid;

	/* C is created, and owned, by uid 1000 of R. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp))
		return child_errno("socketpair");
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return child_errno("fork");
	if (pid == 0) {
		close(sp[0]);
		ret = drop_privileges(_metadata);
		_exit(ret ? ret : netns_socket_sender(_metadata, sp[1]));
	}
	close(sp[1]);
	inet = recv_fd(sp[0]);
	close(sp[0]);
	child_ret = wait_for_child(pid);
	if (child_ret)
		return child_err("namespace creating child failed (%d)", child_ret);
	if (inet < 0)
		return child_err("no socket received from the child");

	ret = lo_up(_metadata, inet);
	if (ret <= 0)
		ret = expect_success(ret, "SIOCSIFFLAGS on lo of C's netns by root of R");
	close(inet);
	return ret;
}

/*
 * Root of R, whose own namespace is unrestricted, keeps CAP_NET_ADMIN over
 * a descendant's network namespace owned by another user.
 */
TEST_F(caps_ceiling, ancestor_root_keeps_net_admin)
{
	run_sandboxes(_metadata, "restrict.caps", NET_ADMIN_MASK,
		      ancestor_root_fn, NULL);
}

static int ancestor_root_owner_fn(struct __test_metadata *_metadata, void *arg)
{
	return admin_child_netns(_metadata, false, "root of R, which created C");
}

/*
 * The same when root of R is also the owner of C (it created C itself, as
 * a container runtime does): its own CAP_NET_ADMIN in R still applies.
 */
TEST_F(caps_ceiling, ancestor_root_owner_keeps_net_admin)
{
	run_sandboxes(_metadata, "restrict.caps", NET_ADMIN_MASK,
		      ancestor_root_owner_fn, NULL);
}

static int grandchild_in_child_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	int ret;

	ret = enter_own_userns(_metadata);
	if (ret)
		return ret;
	/* A grandchild of R, created by root of C. */
	ret = enter_own_userns(_metadata);
	if (ret)
		return ret;
	ret = check_ceiling(_metadata, sb->restricted);
	if (ret)
		return ret;
	if (unshare(CLONE_NEWNET))
		return child_errno("unshare(CLONE_NEWNET) in the grandchild");
	ret = own_lo_up(_metadata);
	if (ret > 0)
		return ret;
	return expect_denied(sb->restricted, ret,
			     "SIOCSIFFLAGS on lo of the grandchild's network namespace");
}

static int grandchild_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, grandchild_in_child_fn, arg);
}

/* The ceiling applies to every descendant of R, not just its children. */
TEST_F(caps_ceiling, grandchild_lacks_net_admin)
{
	run_sandboxes(_metadata, "restrict.caps", NET_ADMIN_MASK,
		      grandchild_fn, NULL);
}

static int tighten_prepare_fn(struct __test_metadata *_metadata, void *arg)
{
	int ret;

	ret = enter_own_userns(_metadata);
	if (!ret && unshare(CLONE_NEWNET))
		ret = child_errno("unshare(CLONE_NEWNET) in the child");
	return ret;
}

static int tighten_act_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	__u64 eff;
	int ret;

	/* The credentials still list CAP_NET_ADMIN... */
	if (status_caps("CapEff", &eff))
		return child_errno("read CapEff");
	if (!(eff & (1ULL << CAP_NET_ADMIN)))
		return child_err("CapEff %#llx lacks CAP_NET_ADMIN",
				 (unsigned long long)eff);
	/* ...but cap_capable() applies the ceiling set since. */
	ret = own_lo_up(_metadata);
	if (ret > 0)
		return ret;
	return expect_denied(sb->restricted, ret,
			     "SIOCSIFFLAGS on lo of the child's network namespace");
}

/* A late_knob case given as the sandbox's data. */
static int late_knob_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;

	return run_late_knob(_metadata, sb, sb->data);
}

static const struct late_knob tighten_late = {
	.knob = "restrict.caps",
	.value = NET_ADMIN_MASK,
	.prepare = tighten_prepare_fn,
	.act = tighten_act_fn,
};

/*
 * A ceiling set after C was created applies to C's existing credentials
 * as well, although they still list the capability.
 */
TEST_F(caps_ceiling, tightened_after_creation_applies)
{
	run_sandboxes(_metadata, NULL, NET_ADMIN_MASK, late_knob_fn,
		      &tighten_late);
}

/*
 * A process in a user and a network namespace of its own, started by
 * member_start() and kept waiting there until member_check().  With
 * @nested, it first starts a member of its own, one level down.
 */
struct member {
	pid_t pid;
	int go;
};

static int member_start(struct __test_metadata *_metadata, struct member *m,
			bool restricted, const char *where, const char *nested);

static int member_check(struct __test_metadata *_metadata, struct member *m)
{
	int ret = 0;

	if (write_byte(m->go))
		ret = child_errno("write to a namespace member");
	close(m->go);
	return wait_for_child(m->pid) ?: ret;
}

static int member_fn(struct __test_metadata *_metadata, bool restricted,
		     const char *where, const char *nested, int ready, int go)
{
	struct member below;
	int ret;

	ret = enter_own_userns(_metadata);
	if (!ret && unshare(CLONE_NEWNET))
		ret = child_errno("unshare(CLONE_NEWNET) in %s", where);
	if (!ret && nested)
		ret = member_start(_metadata, &below, restricted, nested, NULL);
	if (ret)
		return ret;
	if (write_byte(ready)) {
		ret = child_errno("write to the worker from %s", where);
	} else if (read_byte(go)) {
		ret = child_err("%s: the worker went away", where);
	} else {
		ret = own_lo_up(_metadata);
		if (ret <= 0)
			ret = expect_denied(restricted, ret,
					    "SIOCSIFFLAGS on lo of %s", where);
	}
	if (nested)
		ret = member_check(_metadata, &below) ?: ret;
	return ret;
}

static int member_start(struct __test_metadata *_metadata, struct member *m,
			bool restricted, const char *where, const char *nested)
{
	int ready[2], go[2], ret;

	if (pipe2(ready, O_CLOEXEC))
		return child_errno("pipe2");
	if (pipe2(go, O_CLOEXEC))
		return child_errno("pipe2");
	fflush(stdout);
	fflush(stderr);
	m->pid = fork();
	if (m->pid < 0)
		return child_errno("fork");
	if (m->pid == 0) {
		close(ready[0]);
		close(go[1]);
		_exit(member_fn(_metadata, restricted, where, nested, ready[1],
				go[0]));
	}
	close(ready[1]);
	close(go[0]);
	m->go = go[1];
	ret = read_byte(ready[0]);
	close(ready[0]);
	if (ret) {
		/* It failed before it got ready, and says why. */
		close(m->go);
		return wait_for_child(m->pid) ?: child_err("%s never got ready", where);
	}
	return 0;
}

/* Kept from the prepare step to the act step of the worker. */
static struct member tree_a, tree_b;

static int tree_prepare_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	int ret;

	/* First child A of R, with a child G of its own; then B. */
	ret = member_start(_metadata, &tree_a, sb->restricted,
			   "child A of R", "grandchild G (child of A)");
	if (ret)
		return ret;
	ret = member_start(_metadata, &tree_b, sb->restricted,
			   "child B of R, created after A and G", NULL);
	if (ret)
		member_check(_metadata, &tree_a);
	return ret;
}

static int tree_act_fn(struct __test_metadata *_metadata, void *arg)
{
	int ret;

	ret = member_check(_metadata, &tree_a);
	return member_check(_metadata, &tree_b) ?: ret;
}

static const struct late_knob tree_late = {
	.knob = "restrict.caps",
	.value = NET_ADMIN_MASK,
	.prepare = tree_prepare_fn,
	.act = tree_act_fn,
};

/*
 * A ceiling set later reaches every existing descendant of R: both
 * children, the one created first and its own child included.
 */
TEST_F(caps_ceiling, tightened_after_creation_reaches_every_descendant)
{
	run_sandboxes(_metadata, NULL, NET_ADMIN_MASK, late_knob_fn, &tree_late);
}

/* C reads its own restrict.caps first: C has its files before R's write. */
static int shown_prepare_fn(struct __test_metadata *_metadata, void *arg)
{
	return enter_own_userns(_metadata) ?:
	       check_knob("restrict.caps", "0x0\n");
}

static int shown_act_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;

	if (!sb->restricted)
		return check_knob("restrict.caps", "0x0\n");
	/* C's file shows the ceiling R set after C was created... */
	if (check_knob("restrict.caps", NET_ADMIN_MASK "\n"))
		return KSFT_FAIL;
	/* ...which root of C cannot clear, and can add to. */
	return check_write_rejected("restrict.caps", "0x0", EPERM) ||
	       set_knob("restrict.caps", "0x3000") ||
	       check_knob("restrict.caps", "0x3000\n") ? KSFT_FAIL : 0;
}

static const struct late_knob shown_late = {
	.knob = "restrict.caps",
	.value = NET_ADMIN_MASK,
	.prepare = shown_prepare_fn,
	.act = shown_act_fn,
};

/*
 * A user namespace's files read back what applies to the namespaces it
 * creates, so they show a restriction an ancestor set after it was created
 * and had read its files.
 */
TEST_F(sysctl, shows_later_ancestor_tightening)
{
	run_sandboxes(_metadata, NULL, NET_ADMIN_MASK, late_knob_fn, &shown_late);
}

/* The owner joining C with setns(): by nsfs fds or by a pidfd. */
FIXTURE(caps_owner_setns) {};

FIXTURE_VARIANT(caps_owner_setns) {
	enum join_method how;
};

FIXTURE_VARIANT_ADD(caps_owner_setns, nsfs) {
	.how = JOIN_NSFS,
};

FIXTURE_VARIANT_ADD(caps_owner_setns, pidfd) {
	.how = JOIN_PIDFD,
};

FIXTURE_SETUP(caps_owner_setns)
{
	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
}

FIXTURE_TEARDOWN(caps_owner_setns)
{
}

static int owner_join_in_r_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	const enum join_method *how = sb->data;
	int release, ret, pidfd;
	pid_t holder;

	holder = start_holder(CLONE_NEWUSER | CLONE_NEWNET, &release);
	if (holder < 0)
		return child_errno("clone3(CLONE_NEWUSER | CLONE_NEWNET)");

	if (*how == JOIN_PIDFD) {
		pidfd = syscall(__NR_pidfd_open, holder, 0);
		if (pidfd < 0) {
			ret = child_errno("pidfd_open(%d)", holder);
			goto out;
		}
		ret = setns(pidfd, CLONE_NEWUSER | CLONE_NEWNET);
		close(pidfd);
		if (ret) {
			ret = child_errno("setns(pidfd, CLONE_NEWUSER | CLONE_NEWNET)");
			goto out;
		}
	} else {
		ret = join_ns(_metadata, JOIN_NSFS, holder, CLONE_NEWUSER);
		if (!ret)
			ret = join_ns(_metadata, JOIN_NSFS, holder, CLONE_NEWNET);
		if (ret) {
			ret = ret > 0 ? ret : child_errno("setns() into C (user, then net)");
			goto out;
		}
	}

	ret = check_ceiling(_metadata, sb->restricted);
	if (ret)
		goto out;
	ret = own_lo_up(_metadata);
	if (ret <= 0)
		ret = expect_denied(sb->restricted, ret,
				    "SIOCSIFFLAGS on lo of C's network namespace after setns()");
out:
	if (stop_holder(holder, release) && !ret)
		ret = child_err("the namespace holder failed");
	return ret;
}

static int owner_join_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, owner_join_in_r_fn, arg);
}

/*
 * Uid 1000 of R joins the user and network namespaces of a child C it owns:
 * the credentials setns() gives it lack CAP_NET_ADMIN.
 */
TEST_F(caps_owner_setns, joined_creds_lack_net_admin)
{
	run_sandboxes(_metadata, "restrict.caps", NET_ADMIN_MASK,
		      owner_join_fn, &variant->how);
}

/* ---- restrict.caps across execve() ------------------------------------- */

/*
 * The ceiling holds when a task gains capabilities by execve(): of a
 * set-user-ID-root program, and of programs with file capabilities
 * (CAP_NET_ADMIN and CAP_SYS_ADMIN permitted, with and without the
 * effective bit). Root of R mounts a tmpfs (R owns it, so it honours
 * set-user-ID and file capabilities for R's descendants), installs a copy
 * of this test there and creates a child C of R with ids mapped 1:1; uid
 * 1000 of C runs the copy, which reports its permitted and effective sets.
 */
#define EXEC_REPORT_ARG	"--report-caps"
#define EXEC_COPY	"/tmp/userns_policy_exec"

enum exec_kind {
	EXEC_SETUID_ROOT,
	EXEC_FCAPS_PERMITTED,
	EXEC_FCAPS_EFFECTIVE,
};

static const char * const exec_names[] = {
	[EXEC_SETUID_ROOT] = "set-user-ID-root program",
	[EXEC_FCAPS_PERMITTED] = "program with permitted file capabilities",
	[EXEC_FCAPS_EFFECTIVE] = "program with effective file capabilities",
};

/* In the copy run with EXEC_REPORT_ARG: print CapPrm and CapEff. */
static int report_caps(void)
{
	__u64 prm, eff;

	if (status_caps("CapPrm", &prm) || status_caps("CapEff", &eff))
		return 1;
	printf("%llx %llx\n", (unsigned long long)prm, (unsigned long long)eff);
	return fflush(stdout) ? 1 : 0;
}

static int copy_self(struct __test_metadata *_metadata, const char *dst,
		     mode_t mode)
{
	char buf[65536];
	int in, out, ret = 0;
	ssize_t n;

	in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return child_errno("open /proc/self/exe");
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	if (out < 0) {
		ret = child_errno("create %s", dst);
		goto out_in;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			ret = child_errno("write %s", dst);
			goto out_out;
		}
	}
	if (n < 0)
		ret = child_errno("read /proc/self/exe");
	else if (fchmod(out, mode))
		ret = child_errno("chmod %o %s", mode, dst);
out_out:
	close(out);
out_in:
	close(in);
	return ret;
}

static int set_file_caps(const char *path, bool effective)
{
	__u64 caps = (1ULL << CAP_NET_ADMIN) | (1ULL << CAP_SYS_ADMIN);
	struct vfs_cap_data data = {};

	data.magic_etc = htole32(VFS_CAP_REVISION_2 |
				 (effective ? VFS_CAP_FLAGS_EFFECTIVE : 0));
	data.data[0].permitted = htole32((__u32)caps);
	data.data[1].permitted = htole32((__u32)(caps >> 32));
	return setxattr(path, "security.capability", &data, XATTR_CAPS_SZ_2, 0);
}

/* What the copy reported (or "execve <errno>") against what must be. */
static int check_exec_report(struct __test_metadata *_metadata, bool ceiling,
			     enum exec_kind kind, const char *report)
{
	const __u64 net_admin = 1ULL << CAP_NET_ADMIN;
	const __u64 sys_admin = 1ULL << CAP_SYS_ADMIN;
	unsigned long long prm, eff, want_eff;
	int err;

	if (sscanf(report, "execve %d", &err) == 1) {
		/*
		 * The kernel refuses to run a capability-dumb program (file
		 * effective bit) that cannot get all its permitted file
		 * capabilities: above the ceiling, that is the outcome.
		 */
		if (ceiling && kind == EXEC_FCAPS_EFFECTIVE && err == EPERM)
			return 0;
		errno = err;
		return child_errno("execve of a %s as uid %d", exec_names[kind],
				   UNPRIV_ID);
	}
	if (sscanf(report, "%llx %llx", &prm, &eff) != 2)
		return child_err("the %s reported '%s'", exec_names[kind], report);
	if (ceiling && kind == EXEC_FCAPS_EFFECTIVE)
		return child_err("a %s ran above the ceiling: CapPrm %#llx CapEff %#llx",
				 exec_names[kind], prm, eff);
	if (!(prm & sys_admin))
		return child_err("the %s lacks CAP_SYS_ADMIN: CapPrm %#llx",
				 exec_names[kind], prm);
	if (ceiling && ((prm | eff) & net_admin))
		return child_err("the %s holds CAP_NET_ADMIN: CapPrm %#llx CapEff %#llx",
				 exec_names[kind], prm, eff);
	if (!ceiling && !(prm & net_admin))
		return child_err("the %s lacks CAP_NET_ADMIN without a ceiling: CapPrm %#llx",
				 exec_names[kind], prm);
	want_eff = kind == EXEC_FCAPS_PERMITTED ? 0 : prm;
	if (eff != want_eff)
		return child_err("the %s has CapEff %#llx, expected %#llx",
				 exec_names[kind], eff, want_eff);
	return 0;
}

/* Root of C: uid 1000 of C runs the copy; check what it got. */
static int exec_in_child_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	const enum exec_kind *kind = sb->data;
	char report[128];
	int out[2], ret;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(out, O_CLOEXEC))
		return child_errno("pipe2");
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return child_errno("fork");
	if (pid == 0) {
		static const char * const argv[] = {
			EXEC_COPY, EXEC_REPORT_ARG, NULL
		};
		static const char * const envp[] = { NULL };

		close(out[0]);
		ret = drop_privileges(_metadata);
		if (ret)
			_exit(ret);
		if (dup2(out[1], STDOUT_FILENO) < 0)
			_exit(child_errno("dup2"));
		execve(EXEC_COPY, (char **)argv, (char **)envp);
		dprintf(STDOUT_FILENO, "execve %d\n", errno);
		_exit(0);
	}
	close(out[1]);
	while (len < sizeof(report) - 1 &&
	       (n = read(out[0], report + len, sizeof(report) - 1 - len)) > 0)
		len += n;
	report[len] = '\0';
	close(out[0]);
	ret = wait_for_child(pid);
	if (ret)
		return ret < 0 ? child_errno("waitpid") :
				 child_err("the %s exited with %d", exec_names[*kind], ret);
	return check_exec_report(_metadata, sb->restricted, *kind, report);
}

/* Root of R: install the copy on a tmpfs of R's, then run C. */
static int exec_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	const enum exec_kind *kind = sb->data;
	int ret;

	if (unshare(CLONE_NEWNS))
		return child_errno("unshare(CLONE_NEWNS) as root of the sandbox");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return child_errno("make / private");
	if (mount("none", "/tmp", "tmpfs", 0, "size=16m,mode=0755"))
		return child_errno("mount tmpfs on /tmp");
	ret = copy_self(_metadata, EXEC_COPY,
			*kind == EXEC_SETUID_ROOT ? 04755 : 0755);
	if (ret)
		return ret;
	if (*kind != EXEC_SETUID_ROOT &&
	    set_file_caps(EXEC_COPY, *kind == EXEC_FCAPS_EFFECTIVE)) {
		if (errno == EOPNOTSUPP)
			return sandbox_skip(sb, "tmpfs without security.* xattrs");
		return child_errno("set security.capability on %s", EXEC_COPY);
	}
	return run_in_mapped_userns(_metadata, exec_in_child_fn, sb);
}

FIXTURE(caps_execve) {};

FIXTURE_VARIANT(caps_execve) {
	enum exec_kind kind;
};

FIXTURE_VARIANT_ADD(caps_execve, setuid_root) {
	.kind = EXEC_SETUID_ROOT,
};

FIXTURE_VARIANT_ADD(caps_execve, fcaps_permitted) {
	.kind = EXEC_FCAPS_PERMITTED,
};

FIXTURE_VARIANT_ADD(caps_execve, fcaps_effective) {
	.kind = EXEC_FCAPS_EFFECTIVE,
};

FIXTURE_SETUP(caps_execve)
{
	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
	if (access("/tmp", F_OK))
		SKIP(return, "/tmp does not exist");
}

FIXTURE_TEARDOWN(caps_execve)
{
}

/*
 * Without a ceiling, uid 1000 of C gains CAP_NET_ADMIN by the execve();
 * with CAP_NET_ADMIN above the ceiling of R, it does not (or the kernel
 * refuses to run a program that needs it effective), while CAP_SYS_ADMIN
 * is still granted.
 */
TEST_F(caps_execve, no_net_admin_gained)
{
	run_sandboxes(_metadata, "restrict.caps", NET_ADMIN_MASK, exec_fn,
		      &variant->kind);
}

/* ---- Denials are logged ------------------------------------------------ */

/*
 * A denial leaves a kernel log line naming what was denied, the task (pid
 * and command) and the user namespace (inode number) it was in. The log
 * is ratelimited: when a burst of earlier denials used up the budget, the
 * test waits out the interval (5 s) and tries once more.
 */
#define RATELIMIT_WAIT	6

FIXTURE(denial_log) {
	int kmsg;
};

FIXTURE_VARIANT(denial_log) {
	const char *knob;
	const char *value;
	int flag;		/* unshare()d by uid 1000, or 0: configure lo */
	bool in_child;		/* ... in a user namespace of its own below R */
	const char *what;	/* the log line says "denied <what>" */
};

FIXTURE_VARIANT_ADD(denial_log, userns_create) {
	.knob = "restrict.userns_create",
	.value = "1",
	.flag = CLONE_NEWUSER,
	.what = "user namespace creation",
};

FIXTURE_VARIANT_ADD(denial_log, ns_create) {
	.knob = "restrict.ns_create",
	.value = "0x40000000",
	.flag = CLONE_NEWNET,
	.in_child = true,
	.what = "namespace creation",
};

/* Root of a child C, in its own network namespace, above the ceiling. */
FIXTURE_VARIANT_ADD(denial_log, capability) {
	.knob = "restrict.caps",
	.value = NET_ADMIN_MASK,
	.in_child = true,
	.what = "capability (0xc)",
};

FIXTURE_SETUP(denial_log)
{
	char why[SKIP_REASON_LEN];

	self->kmsg = -1;
	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
	self->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (self->kmsg < 0)
		SKIP(return, "cannot open /dev/kmsg: %s", strerror(errno));
}

FIXTURE_TEARDOWN(denial_log)
{
	if (self->kmsg >= 0)
		close(self->kmsg);
}

struct log_case {
	int flag;
	bool in_child;
	const char *what;
	int kmsg;
};

/* Is there a record since the last lseek() that matches? */
static bool kmsg_has(int kmsg, const char *what, pid_t pid, ino_t ns)
{
	char rec[1024], task[32], userns[64];
	bool found = false;
	ssize_t n;

	snprintf(task, sizeof(task), " to pid %d (", pid);
	snprintf(userns, sizeof(userns), ") in user namespace %lu\n",
		 (unsigned long)ns);
	for (;;) {
		n = read(kmsg, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten meanwhile */
		if (n <= 0)
			break;
		rec[n] = '\0';
		if (strstr(rec, "userns_restrict: denied ") &&
		    strstr(rec, what) && strstr(rec, task) && strstr(rec, userns))
			found = true;
	}
	return found;
}

/* Do the variant's operation; was it denied, and logged? */
static int log_try(struct __test_metadata *_metadata, struct sandbox *sb,
		   const struct log_case *lc, bool *logged)
{
	struct stat ns;
	int ret;

	if (stat("/proc/self/ns/user", &ns))
		return child_errno("stat /proc/self/ns/user");
	if (lseek(lc->kmsg, 0, SEEK_END) < 0)
		return child_errno("lseek /dev/kmsg");
	if (lc->flag) {
		ret = expect_denied(sb->restricted, unshare(lc->flag),
				    "unshare(%#x)", lc->flag);
	} else {
		ret = own_lo_up(_metadata);
		if (ret > 0)
			return ret;
		ret = expect_denied(sb->restricted, ret,
				    "SIOCSIFFLAGS on lo of the child's network namespace");
	}
	if (ret)
		return ret;
	*logged = kmsg_has(lc->kmsg, lc->what, getpid(), ns.st_ino);
	return 0;
}

static int log_unpriv_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	const struct log_case *lc = sb->data;
	bool logged;
	int ret;

	if (lc->in_child) {
		ret = enter_own_userns(_metadata);
		if (ret)
			return ret;
	}
	if (!lc->flag && unshare(CLONE_NEWNET))
		return child_errno("unshare(CLONE_NEWNET) in the child");
	ret = log_try(_metadata, sb, lc, &logged);
	if (ret)
		return ret;
	if (!sb->restricted)
		return logged ? child_err("a log line for an operation that was not denied") : 0;
	if (logged)
		return 0;
	sleep(RATELIMIT_WAIT);
	ret = log_try(_metadata, sb, lc, &logged);
	if (ret)
		return ret;
	if (!logged)
		return child_err("no log line 'userns_restrict: denied %s' for pid %d",
				 lc->what, getpid());
	return 0;
}

static int log_fn(struct __test_metadata *_metadata, void *arg)
{
	return run_unprivileged(_metadata, log_unpriv_fn, arg);
}

TEST_F(denial_log, names_task_and_namespace)
{
	struct log_case lc = {
		.flag = variant->flag,
		.in_child = variant->in_child,
		.what = variant->what,
		.kmsg = self->kmsg,
	};

	run_sandboxes(_metadata, variant->knob, variant->value, log_fn, &lc);
}

/* ---- Debian's kernel.unprivileged_userns_clone ------------------------- */

/*
 * Debian's kernels carry a sysctl of their own, checked before the
 * policy: kernel.unprivileged_userns_clone=0 requires CAP_SYS_ADMIN in the
 * initial user namespace (capable()) to create a user namespace. Both
 * apply; the stricter one wins. With the Debian default (1) the policy
 * alone decides, and root of a container nests; with 0, no policy can let
 * anyone without that capability, root of a container included, create
 * one.
 */
#define DEBIAN_SYSCTL	"/proc/sys/kernel/unprivileged_userns_clone"

FIXTURE(debian_sysctl) {
	char saved[16];
	bool changed;
};

FIXTURE_VARIANT(debian_sysctl) {
	const char *value;	/* written to the Debian sysctl */
	bool unpriv_denied;	/* uid 1000 of R, without the knob */
	bool root_denied;	/* root of R, with restrict.userns_create=1 */
};

FIXTURE_VARIANT_ADD(debian_sysctl, debian_allows) {
	.value = "1",
};

FIXTURE_VARIANT_ADD(debian_sysctl, debian_forbids) {
	.value = "0",
	.unpriv_denied = true,
	.root_denied = true,
};

FIXTURE_SETUP(debian_sysctl)
{
	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
	if (read_file(DEBIAN_SYSCTL, self->saved, sizeof(self->saved)))
		SKIP(return, "no kernel.unprivileged_userns_clone: not a Debian kernel");
	self->saved[strcspn(self->saved, "\n")] = '\0';
	ASSERT_EQ(0, write_file(DEBIAN_SYSCTL, variant->value));
	self->changed = true;
}

FIXTURE_TEARDOWN_PARENT(debian_sysctl)
{
	if (self->changed)
		EXPECT_EQ(0, write_file(DEBIAN_SYSCTL, self->saved));
}

struct debian_case {
	bool unpriv_denied;
	bool root_denied;
};

static int debian_unpriv_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	const struct debian_case *v = sb->data;

	/* Denied by either: the knob of R, or Debian's sysctl. */
	return expect_denied(sb->restricted || v->unpriv_denied,
			     unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER) as uid %d",
			     UNPRIV_ID);
}

static int debian_root_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	const struct debian_case *v = sb->data;

	return expect_denied(v->root_denied, unshare(CLONE_NEWUSER),
			     "unshare(CLONE_NEWUSER) as root of the sandbox");
}

static int debian_fn(struct __test_metadata *_metadata, void *arg)
{
	int ret;

	ret = run_unprivileged(_metadata, debian_unpriv_fn, arg);
	return ret ? ret : run_child(_metadata, debian_root_fn, arg);
}

/*
 * uid 1000 of R is refused by the knob of R or by Debian's sysctl; root
 * of R, whom the knob lets nest, is refused by Debian's sysctl set to 0.
 */
TEST_F(debian_sysctl, stricter_wins)
{
	struct debian_case c = {
		.unpriv_denied = variant->unpriv_denied,
		.root_denied = variant->root_denied,
	};

	run_sandboxes(_metadata, "restrict.userns_create", "1", debian_fn, &c);
}

/* ---- restrict.modules -------------------------------------------------- */

enum autoload_trigger {
	TRIGGER_SOCKET,		/* socket() of an absent address family */
	TRIGGER_MOUNT,		/* mount() of an absent file system type */
};

/*
 * kernel.modprobe points at a script that records its arguments: whether
 * it ran is what the tests look at. Restored by the parent, whatever the
 * test did.
 */
FIXTURE(modules) {
	char saved[256];
	char script[64];
	char marker[64];
	bool installed;
};

FIXTURE_VARIANT(modules) {
	enum autoload_trigger trigger;
	const char *module;
};

FIXTURE_VARIANT_ADD(modules, net_pf) {
	.trigger = TRIGGER_SOCKET, .module = ABSENT_FAMILY_MODULE,
};

FIXTURE_VARIANT_ADD(modules, fs_type) {
	.trigger = TRIGGER_MOUNT, .module = ABSENT_FSTYPE_MODULE,
};

#define MODPROBE_PATH	"/proc/sys/kernel/modprobe"

static int write_script(const char *script, const char *marker)
{
	char text[256];
	ssize_t len;
	int fd;

	/* Record the request, then fail as modprobe does for no module. */
	len = snprintf(text, sizeof(text), "#!/bin/sh\necho \"$*\" >> %s\nexit 1\n",
		       marker);
	fd = open(script, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd < 0)
		return -1;
	if (write(fd, text, len) != len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Did the modprobe script run for @module? */
static bool modprobe_ran(const char *marker, const char *module)
{
	char buf[1024];

	if (read_file(marker, buf, sizeof(buf)))
		return false;
	return !!strstr(buf, module);
}

FIXTURE_SETUP(modules)
{
	int sock;

	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
	if (access("/bin/sh", X_OK))
		SKIP(return, "no /bin/sh for the modprobe script");
	if (read_file(MODPROBE_PATH, self->saved, sizeof(self->saved)))
		SKIP(return, "cannot read %s: no module support", MODPROBE_PATH);
	self->saved[strcspn(self->saved, "\n")] = '\0';
	snprintf(self->script, sizeof(self->script),
		 "/tmp/userns_policy_modprobe.%d", getpid());
	snprintf(self->marker, sizeof(self->marker),
		 "/tmp/userns_policy_modprobe.%d.log", getpid());
	ASSERT_EQ(0, write_script(self->script, self->marker));
	if (write_file(MODPROBE_PATH, self->script)) {
		unlink(self->script);
		SKIP(return, "cannot point %s at a script: needs real root",
		     MODPROBE_PATH);
	}
	self->installed = true;

	/* Calibrate: from here, the trigger must run modprobe. */
	sock = socket(ABSENT_FAMILY, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock >= 0) {
		close(sock);
		SKIP(return, "address family %d is available: nothing to autoload",
		     ABSENT_FAMILY);
	}
	if (!modprobe_ran(self->marker, ABSENT_FAMILY_MODULE))
		SKIP(return, "socket(%d) does not run modprobe here", ABSENT_FAMILY);
	unlink(self->marker);
}

FIXTURE_TEARDOWN_PARENT(modules)
{
	if (self->installed)
		EXPECT_EQ(0, write_file(MODPROBE_PATH, self->saved));
	unlink(self->script);
	unlink(self->marker);
}

struct autoload_ctx {
	enum autoload_trigger trigger;
	const char *module;	/* what modprobe is asked for */
	const char *marker;
};

/* Trigger a module autoload; it fails either way, there is no module. */
static int trigger_autoload(struct __test_metadata *_metadata,
			    enum autoload_trigger trigger)
{
	int sock;

	if (trigger == TRIGGER_SOCKET) {
		sock = socket(ABSENT_FAMILY, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (sock >= 0) {
			close(sock);
			return child_err("socket(%d) succeeded", ABSENT_FAMILY);
		}
		return 0;
	}
	if (unshare(CLONE_NEWNS))
		return child_errno("unshare(CLONE_NEWNS)");
	if (!mount("none", "/tmp", ABSENT_FSTYPE, 0, NULL))
		return child_err("mount of file system type %s succeeded",
				 ABSENT_FSTYPE);
	return 0;
}

static int autoload_in_child_fn(struct __test_metadata *_metadata, void *arg)
{
	const struct autoload_ctx *ctx = arg;
	int ret;

	ret = enter_own_userns(_metadata);
	return ret ? ret : trigger_autoload(_metadata, ctx->trigger);
}

static int autoload_own_fn(struct __test_metadata *_metadata, void *arg)
{
	const struct autoload_ctx *ctx = arg;

	return trigger_autoload(_metadata, ctx->trigger);
}

/*
 * Trigger the autoload from a child of R (@in_child) or from R itself,
 * then check whether modprobe ran, as it must unless @denied.
 */
static int autoload_check(struct __test_metadata *_metadata, void *arg,
			  bool in_child, bool denied)
{
	const struct autoload_ctx *ctx = ((struct sandbox *)arg)->data;
	bool ran;
	int ret;

	unlink(ctx->marker);
	if (in_child)
		ret = run_unprivileged(_metadata, autoload_in_child_fn,
				       (void *)ctx);
	else
		ret = run_child(_metadata, autoload_own_fn, (void *)ctx);
	if (ret)
		return ret;
	ran = modprobe_ran(ctx->marker, ctx->module);
	if (denied && ran)
		return child_err("modprobe ran for %s although the policy denies it",
				 ctx->module);
	if (!denied && !ran)
		return child_err("modprobe did not run for %s",
				 ctx->module);
	return 0;
}

static int autoload_denied_fn(struct __test_metadata *_metadata, void *arg)
{
	return autoload_check(_metadata, arg, true,
			      ((struct sandbox *)arg)->restricted);
}

/*
 * Root of a child C of R cannot make the kernel run modprobe; without the
 * knob the same trigger does.
 */
TEST_F(modules, autoload_denied_in_descendant)
{
	struct autoload_ctx ctx = {
		.trigger = variant->trigger,
		.module = variant->module,
		.marker = self->marker,
	};

	run_sandboxes(_metadata, "restrict.modules", "1", autoload_denied_fn,
		      &ctx);
}

static int autoload_own_check_fn(struct __test_metadata *_metadata, void *arg)
{
	return autoload_check(_metadata, arg, false, false);
}

/* R's own value does not restrict R's own tasks. */
TEST_F(modules, autoload_allowed_in_own_namespace)
{
	struct autoload_ctx ctx = {
		.trigger = variant->trigger,
		.module = variant->module,
		.marker = self->marker,
	};

	run_sandboxes(_metadata, "restrict.modules", "1", autoload_own_check_fn,
		      &ctx);
}

/*
 * restrict.cgroup.  The fixture, as real root, mounts a named v1 hierarchy
 * (no controller) at CG1_DIR, which a child user namespace that owns a
 * cgroup namespace may then mount too; and it creates CG2_DIR on the
 * system's cgroup2 mount (/sys/fs/cgroup, mounted without nsdelegate),
 * delegated to uid UNPRIV_ID by chown, and moves the test process into it,
 * so that the sandbox's workers start in a cgroup their uid owns.
 */
#define CG1_NAME	"userns_policy"
#define CG2_ROOT	"/sys/fs/cgroup"

enum cgroup_op {
	CGROUP_V1_MOUNT,
	CGROUP_MIGRATE_OUT,
	CGROUP_CLONE3_OUT,
	CGROUP_WRITE_NS_ROOT,
	CGROUP_MIGRATE_INSIDE,
};

struct cgroup_setup {
	char v1[64];
	char v2[128];
	char home[256];
	bool v1_mounted;
	bool moved;
};

FIXTURE(cgroup) {
	struct cgroup_setup f;
};

FIXTURE_VARIANT(cgroup) {
	enum cgroup_op op;
	const char *value;	/* restrict.cgroup */
	bool denied;		/* in the restricted sandbox */
};

FIXTURE_VARIANT_ADD(cgroup, v1_mount) {
	.op = CGROUP_V1_MOUNT, .value = "0x1", .denied = true,
};

FIXTURE_VARIANT_ADD(cgroup, v1_mount_other_bit) {
	.op = CGROUP_V1_MOUNT, .value = "0x2", .denied = false,
};

FIXTURE_VARIANT_ADD(cgroup, delegate_migrate_out) {
	.op = CGROUP_MIGRATE_OUT, .value = "0x2", .denied = true,
};

FIXTURE_VARIANT_ADD(cgroup, delegate_clone3_out) {
	.op = CGROUP_CLONE3_OUT, .value = "0x2", .denied = true,
};

FIXTURE_VARIANT_ADD(cgroup, delegate_write_ns_root) {
	.op = CGROUP_WRITE_NS_ROOT, .value = "0x2", .denied = true,
};

FIXTURE_VARIANT_ADD(cgroup, delegate_migrate_inside) {
	.op = CGROUP_MIGRATE_INSIDE, .value = "0x2", .denied = false,
};

FIXTURE_VARIANT_ADD(cgroup, delegate_migrate_out_other_bit) {
	.op = CGROUP_MIGRATE_OUT, .value = "0x1", .denied = false,
};

/* The test process's cgroup2 path, from /proc/self/cgroup ("0::/path"). */
static int own_cgroup2(char *buf, size_t len)
{
	char line[200];
	int ret = -1;
	FILE *f;

	f = fopen("/proc/self/cgroup", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(buf, len, "%s%s", CG2_ROOT,
				 strcmp(line + 3, "/") ? line + 3 : "");
			ret = 0;
		}
	}
	fclose(f);
	return ret;
}

static bool cgroup2_nsdelegate(void)
{
	char line[1024];
	bool found = false;
	FILE *f;

	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, " - cgroup2 ") && strstr(line, "nsdelegate"))
			found = true;
	fclose(f);
	return found;
}

static int cg2_chown(const char *dir, const char *file)
{
	char path[256];

	snprintf(path, sizeof(path), "%s%s%s", dir, file ? "/" : "",
		 file ? file : "");
	return chown(path, UNPRIV_ID, UNPRIV_ID);
}

/* As real root: prepare what @op needs; SKIP when the system cannot. */
static void cgroup_prepare(struct __test_metadata *_metadata,
			   struct cgroup_setup *self, enum cgroup_op op)
{
	char procs[300];

	if (op == CGROUP_V1_MOUNT) {
		snprintf(self->v1, sizeof(self->v1), "/tmp/userns_policy_cg1.%d",
			 getpid());
		ASSERT_EQ(0, mkdir(self->v1, 0755));
		if (mount("none", self->v1, "cgroup", 0, "none,name=" CG1_NAME)) {
			rmdir(self->v1);
			self->v1[0] = '\0';
			SKIP(return, "cannot mount a named cgroup v1 hierarchy: %s",
			     strerror(errno));
		}
		self->v1_mounted = true;
		return;
	}

	if (access(CG2_ROOT "/cgroup.procs", F_OK))
		SKIP(return, "no cgroup2 mount at %s", CG2_ROOT);
	if (cgroup2_nsdelegate())
		SKIP(return, "%s", "cgroup2 is mounted with nsdelegate: the boundary holds anyway");
	ASSERT_EQ(0, own_cgroup2(self->home, sizeof(self->home)));
	snprintf(self->v2, sizeof(self->v2), "%s/userns_policy_cg2.%d",
		 CG2_ROOT, getpid());
	ASSERT_EQ(0, mkdir(self->v2, 0755)) TH_LOG("mkdir %s: %m", self->v2);
	ASSERT_EQ(0, cg2_chown(self->v2, NULL));
	ASSERT_EQ(0, cg2_chown(self->v2, "cgroup.procs"));
	ASSERT_EQ(0, cg2_chown(self->v2, "cgroup.threads"));
	ASSERT_EQ(0, cg2_chown(self->v2, "cgroup.subtree_control"));
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", self->v2);
	ASSERT_EQ(0, write_file(procs, "0")) TH_LOG("move into %s: %m", self->v2);
	self->moved = true;
}

FIXTURE_SETUP(cgroup)
{
	char why[SKIP_REASON_LEN];

	if (policy_unavailable(why, sizeof(why)))
		SKIP(return, "%s", why);
	if (access("/proc/sys/user/restrict/cgroup", F_OK))
		SKIP(return, "no user.restrict.cgroup in this kernel");
	cgroup_prepare(_metadata, &self->f, variant->op);
}

static void cgroup_cleanup(struct __test_metadata *_metadata,
			   struct cgroup_setup *self)
{
	static const char * const subdirs[] = {
		"ctr0", "ctr1", "other0", "other1",
	};
	char path[300];
	size_t i;

	if (self->moved) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", self->home);
		EXPECT_EQ(0, write_file(path, "0"));
	}
	if (self->v2[0]) {
		for (i = 0; i < ARRAY_SIZE(subdirs); i++) {
			snprintf(path, sizeof(path), "%s/%s", self->v2, subdirs[i]);
			rmdir(path);
		}
		EXPECT_EQ(0, rmdir(self->v2));
	}
	if (self->v1_mounted)
		EXPECT_EQ(0, umount2(self->v1, MNT_DETACH));
	if (self->v1[0])
		rmdir(self->v1);
}

FIXTURE_TEARDOWN(cgroup)
{
	cgroup_cleanup(_metadata, &self->f);
}

struct cgroup_ctx {
	enum cgroup_op op;
	bool denied;
	const char *v2;
	int kmsg;		/* /dev/kmsg, or -1: do not check the log */
	char ctr[160];
	char other[160];
};

/* What the log line of a denial of @op says: "denied <what>". */
static const char *cgroup_denial(enum cgroup_op op)
{
	switch (op) {
	case CGROUP_V1_MOUNT:
		return "cgroup v1 mount (0x1)";
	case CGROUP_WRITE_NS_ROOT:
		return "cgroup write to its namespace root (0x2)";
	default:
		return "cgroup migration across its namespace root (0x2)";
	}
}

static int cgroup_v1_mount(struct __test_metadata *_metadata, bool denied)
{
	int ret;

	ret = mount("none", "/tmp", "cgroup", 0, "none,name=" CG1_NAME);
	ret = expect_denied(denied, ret, "mount of the v1 hierarchy name=%s",
			    CG1_NAME);
	if (!ret && !denied && umount2("/tmp", MNT_DETACH))
		return child_errno("umount /tmp");
	return ret;
}

static int cgroup_clone3_into(struct __test_metadata *_metadata,
			      const char *dir, bool denied)
{
	struct clone_args args = {
		.flags = CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
	};
	int fd, ret, err;
	pid_t pid;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return child_errno("open %s", dir);
	args.cgroup = fd;
	pid = syscall(__NR_clone3, &args, sizeof(args));
	if (pid == 0)
		_exit(0);
	err = errno;
	close(fd);
	if (pid > 0 && wait_for_child(pid))
		return child_err("the clone3() child failed");
	errno = err;
	ret = expect_denied(denied, pid, "clone3(CLONE_INTO_CGROUP) into %s", dir);
	return ret;
}

static int cgroup_logged_op(struct __test_metadata *_metadata,
			    struct cgroup_ctx *ctx);

/*
 * A worker, uid UNPRIV_ID of the sandbox, in the delegated cgroup: it
 * creates a container cgroup and a sibling, enters the container cgroup,
 * then a user namespace of its own with a cgroup namespace rooted there,
 * and tries the operation.
 */
static int cgroup_worker_fn(struct __test_metadata *_metadata, void *arg)
{
	struct cgroup_ctx *ctx = arg;
	char path[320];
	int ret;

	if (ctx->op == CGROUP_V1_MOUNT) {
		ret = enter_own_userns(_metadata);
		if (!ret && unshare(CLONE_NEWNS | CLONE_NEWCGROUP))
			ret = child_errno("unshare(CLONE_NEWNS | CLONE_NEWCGROUP)");
		return ret ? ret : cgroup_logged_op(_metadata, ctx);
	}

	if (mkdir(ctx->ctr, 0755) || mkdir(ctx->other, 0755))
		return child_errno("mkdir in the delegated cgroup %s", ctx->v2);
	snprintf(path, sizeof(path), "%s/cgroup.procs", ctx->ctr);
	if (write_file(path, "0"))
		return child_errno("move into %s", ctx->ctr);
	ret = enter_own_userns(_metadata);
	if (ret)
		return ret;
	if (unshare(CLONE_NEWCGROUP))
		return child_errno("unshare(CLONE_NEWCGROUP)");
	return cgroup_logged_op(_metadata, ctx);
}

/* The operation of @ctx, from the child user namespace. */
static int cgroup_op(struct __test_metadata *_metadata, struct cgroup_ctx *ctx)
{
	char path[320];
	int ret;

	switch (ctx->op) {
	case CGROUP_MIGRATE_OUT:
		snprintf(path, sizeof(path), "%s/cgroup.procs", ctx->other);
		return expect_denied(ctx->denied, write_file(path, "0"),
				     "move out of the cgroup namespace root to %s",
				     ctx->other);
	case CGROUP_V1_MOUNT:
		return cgroup_v1_mount(_metadata, ctx->denied);
	case CGROUP_CLONE3_OUT:
		return cgroup_clone3_into(_metadata, ctx->other, ctx->denied);
	case CGROUP_WRITE_NS_ROOT:
		snprintf(path, sizeof(path), "%s/cgroup.max.descendants",
			 ctx->ctr);
		return expect_denied(ctx->denied, write_file(path, "5"),
				     "write to %s", path);
	case CGROUP_MIGRATE_INSIDE:
		snprintf(path, sizeof(path), "%s/inner", ctx->ctr);
		if (mkdir(path, 0755))
			return child_errno("mkdir %s", path);
		strcat(path, "/cgroup.procs");
		ret = expect_denied(false, write_file(path, "0"),
				    "move inside the cgroup namespace to %s", path);
		if (!ret) {
			snprintf(path, sizeof(path), "%s/cgroup.procs", ctx->ctr);
			if (write_file(path, "0"))
				return child_errno("move back to %s", ctx->ctr);
			snprintf(path, sizeof(path), "%s/inner", ctx->ctr);
			if (rmdir(path))
				return child_errno("rmdir %s", path);
		}
		return ret;
	default:
		return child_err("unknown operation %d", ctx->op);
	}
}

/*
 * Do the operation; a denial must leave its log line (tried once more
 * after the ratelimit interval, as the denial_log tests do), an operation
 * that was allowed none.
 */
static int cgroup_logged_op(struct __test_metadata *_metadata,
			    struct cgroup_ctx *ctx)
{
	const char *what = cgroup_denial(ctx->op);
	struct stat ns;
	int ret, try;

	if (ctx->kmsg < 0)
		return cgroup_op(_metadata, ctx);
	if (stat("/proc/self/ns/user", &ns))
		return child_errno("stat /proc/self/ns/user");
	for (try = 0; try < 2; try++) {
		if (try)
			sleep(RATELIMIT_WAIT);
		if (lseek(ctx->kmsg, 0, SEEK_END) < 0)
			return child_errno("lseek /dev/kmsg");
		ret = cgroup_op(_metadata, ctx);
		if (ret)
			return ret;
		if (kmsg_has(ctx->kmsg, what, getpid(), ns.st_ino))
			return ctx->denied ? 0 :
			       child_err("a log line for an operation that was not denied");
		if (!ctx->denied)
			return 0;
	}
	return child_err("no log line 'userns_restrict: denied %s' for pid %d",
			 what, getpid());
}

static int cgroup_fn(struct __test_metadata *_metadata, void *arg)
{
	struct sandbox *sb = arg;
	struct cgroup_ctx ctx = *(const struct cgroup_ctx *)sb->data;

	ctx.denied = ctx.denied && sb->restricted;
	snprintf(ctx.ctr, sizeof(ctx.ctr), "%s/ctr%d", ctx.v2, sb->restricted);
	snprintf(ctx.other, sizeof(ctx.other), "%s/other%d", ctx.v2,
		 sb->restricted);
	return run_unprivileged(_metadata, cgroup_worker_fn, &ctx);
}

/*
 * A user namespace whose parent sets the bit of restrict.cgroup that the
 * operation needs is refused (EPERM); the control sandbox, and the other
 * bit, allow it.
 */
TEST_F(cgroup, denied_in_descendant)
{
	struct cgroup_ctx ctx = {
		.op = variant->op,
		.denied = variant->denied,
		.v2 = self->f.v2,
		.kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC),
	};

	ASSERT_LE(0, ctx.kmsg) TH_LOG("open /dev/kmsg: %m");
	run_sandboxes(_metadata, "restrict.cgroup", variant->value, cgroup_fn,
		      &ctx);
	close(ctx.kmsg);
}

/*
 * What the bits close, open on any kernel without a policy: the same
 * operations from a child user namespace of a sandbox, on the baseline
 * kernel too (these tests need no restriction policy, only root).
 */
FIXTURE(cgroup_open) {
	struct cgroup_setup f;
};

FIXTURE_VARIANT(cgroup_open) {
	enum cgroup_op op;
};

FIXTURE_VARIANT_ADD(cgroup_open, v1_mount) {
	.op = CGROUP_V1_MOUNT,
};

FIXTURE_VARIANT_ADD(cgroup_open, migrate_out) {
	.op = CGROUP_MIGRATE_OUT,
};

FIXTURE_VARIANT_ADD(cgroup_open, clone3_out) {
	.op = CGROUP_CLONE3_OUT,
};

FIXTURE_VARIANT_ADD(cgroup_open, write_ns_root) {
	.op = CGROUP_WRITE_NS_ROOT,
};

FIXTURE_SETUP(cgroup_open)
{
	if (geteuid() != 0)
		SKIP(return, "must run as root: the test builds its own user namespaces");
	cgroup_prepare(_metadata, &self->f, variant->op);
}

FIXTURE_TEARDOWN(cgroup_open)
{
	cgroup_cleanup(_metadata, &self->f);
}

TEST_F(cgroup_open, without_policy)
{
	struct cgroup_ctx ctx = {
		.op = variant->op,
		.v2 = self->f.v2,
		.kmsg = -1,
	};

	run_sandbox(_metadata, cgroup_fn, &ctx);
}

int main(int argc, char **argv)
{
	/* The copy of this test run by the execve() tests. */
	if (argc == 2 && !strcmp(argv[1], EXEC_REPORT_ARG))
		return report_caps();
	return test_harness_run(argc, argv);
}

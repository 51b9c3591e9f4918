// SPDX-License-Identifier: GPL-2.0
/*
 * Check the restriction policy the kernel booted with against the one it
 * was built for: CONFIG_USER_NS_RESTRICT_UNPRIVILEGED and
 * CONFIG_USER_NS_RESTRICT_CAPS set user.restrict.userns_create and
 * user.restrict.caps of the initial user namespace.
 *
 * The expected values come from the environment, as
 * USERNS_RESTRICT_BOOT="<restrict.userns_create> <restrict.caps>" (for
 * example "1 0x1000"): a kernel cannot tell which values it was meant to be
 * built with. Without it the tests skip. Run right after boot: the tests
 * read the initial user namespace's values and never write a value that
 * would tighten them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "userns_restrict_util.h"

#define UNPRIV_ID	1000

#define USERNS_CREATE_PATH	"/proc/sys/user/restrict/userns_create"
#define CAPS_PATH		"/proc/sys/user/restrict/caps"

FIXTURE(boot_policy) {
	int userns_create;		/* expected */
	unsigned long long caps;	/* expected */
	unsigned long long valid;	/* every capability this kernel has */
};

FIXTURE_SETUP(boot_policy)
{
	const char *env = getenv("USERNS_RESTRICT_BOOT");
	char buf[64];
	int last, n;

	if (access(CAPS_PATH, F_OK))
		SKIP(return, "user namespace restriction policy not supported by this kernel");
	if (!env)
		SKIP(return, "USERNS_RESTRICT_BOOT is not set: no expected boot policy");
	n = sscanf(env, "%d %llx", &self->userns_create, &self->caps);
	ASSERT_EQ(2, n)
		TH_LOG("USERNS_RESTRICT_BOOT='%s', expected '<0|1> <hex mask>'", env);
	if (geteuid() != 0)
		SKIP(return, "must run as root");
	ASSERT_EQ(0, read_file("/proc/sys/kernel/cap_last_cap", buf, sizeof(buf)));
	last = atoi(buf);
	self->valid = last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
}

FIXTURE_TEARDOWN(boot_policy)
{
}

static unsigned long long read_value(struct __test_metadata *_metadata,
				     const char *path)
{
	char buf[64];

	if (read_file(path, buf, sizeof(buf))) {
		TH_LOG("cannot read %s: %s", path, strerror(errno));
		return ~0ULL;
	}
	return strtoull(buf, NULL, 0);
}

/* The initial user namespace holds the built-in values. */
TEST_F(boot_policy, initial_namespace_values)
{
	EXPECT_EQ(self->userns_create, read_value(_metadata, USERNS_CREATE_PATH));
	EXPECT_EQ(self->caps, read_value(_metadata, CAPS_PATH));
}

/*
 * An unprivileged user may create a user namespace unless
 * restrict.userns_create is set.
 */
TEST_F(boot_policy, unprivileged_userns_create)
{
	pid_t pid;
	int ret;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID) ||
		    setresuid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID))
			_exit(KSFT_FAIL);
		if (!unshare(CLONE_NEWUSER))
			_exit(self->userns_create ? 10 : 0);
		_exit(self->userns_create && errno == EPERM ? 0 : 11);
	}
	ret = wait_for_child(pid);
	if (ret == 10)
		TH_LOG("uid %d created a user namespace under restrict.userns_create=1",
		       UNPRIV_ID);
	else if (ret == 11)
		TH_LOG("unshare(CLONE_NEWUSER) as uid %d did not %s", UNPRIV_ID,
		       self->userns_create ? "fail with EPERM" : "succeed");
	else if (ret)
		TH_LOG("the child could not switch to uid %d", UNPRIV_ID);
	EXPECT_EQ(0, ret);
}

/*
 * Root still creates user namespaces, and its capabilities there (the
 * bounding set) are all but the built-in ceiling.
 */
TEST_F(boot_policy, root_child_below_ceiling)
{
	__u64 bnd = 0, eff = 0;
	int status[2];
	pid_t pid;

	ASSERT_EQ(0, pipe(status));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		__u64 sets[2];

		close(status[0]);
		if (unshare(CLONE_NEWUSER))
			_exit(KSFT_FAIL);
		if (status_caps("CapBnd", &sets[0]) || status_caps("CapEff", &sets[1]))
			_exit(KSFT_FAIL);
		if (write(status[1], sets, sizeof(sets)) != sizeof(sets))
			_exit(KSFT_FAIL);
		_exit(0);
	}
	close(status[1]);
	if (read(status[0], &bnd, sizeof(bnd)) != sizeof(bnd) ||
	    read(status[0], &eff, sizeof(eff)) != sizeof(eff))
		TH_LOG("root could not create a user namespace or read its sets");
	close(status[0]);
	ASSERT_EQ(0, wait_for_child(pid));
	EXPECT_EQ(self->valid & ~self->caps, bnd);
	EXPECT_EQ(self->valid & ~self->caps, eff);
}

/* Nobody loosens the built-in values, not even real root. */
TEST_F(boot_policy, cannot_loosen)
{
	if (!self->userns_create && !self->caps)
		SKIP(return, "nothing is restricted at boot: nothing to loosen");
	if (self->userns_create) {
		EXPECT_EQ(-1, write_file(USERNS_CREATE_PATH, "0"));
		EXPECT_EQ(EPERM, errno);
		EXPECT_EQ(1, read_value(_metadata, USERNS_CREATE_PATH));
	}
	if (self->caps) {
		EXPECT_EQ(-1, write_file(CAPS_PATH, "0"));
		EXPECT_EQ(EPERM, errno);
		EXPECT_EQ(self->caps, read_value(_metadata, CAPS_PATH));
	}
}

/* Effective and permitted sets of the calling thread; the others stay. */
static int set_caps(__u64 caps)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	data[0].effective = caps;
	data[0].permitted = caps;
	data[1].effective = caps >> 32;
	data[1].permitted = caps >> 32;
	return syscall(SYS_capset, &hdr, data);
}

/* Exit codes of owner_rule_child(), for the log. */
enum {
	OWNER_SOCKETPAIR = 2, OWNER_SETID, OWNER_CAPSET, OWNER_CHILD,
	OWNER_GETFLAGS, OWNER_ALLOWED, OWNER_DENIED,
};

static const char * const owner_errors[] = {
	[OWNER_SOCKETPAIR] = "socketpair() failed",
	[OWNER_SETID] = "could not switch to uid 1000 keeping capabilities",
	[OWNER_CAPSET] = "capset() failed",
	[OWNER_CHILD] = "no socket from a child user and network namespace",
	[OWNER_GETFLAGS] = "SIOCGIFFLAGS on lo failed",
	[OWNER_ALLOWED] = "lo set up by the owner: the built-in ceiling did not hold",
	[OWNER_DENIED] = "the owner could not set lo up without a ceiling",
};

/*
 * As uid 1000 with CAP_SYS_ADMIN only (enough to create a user namespace
 * under restrict.userns_create), have a child create a user and a network
 * namespace and pass out a socket of the latter; then drop every capability
 * and try SIOCSIFFLAGS on lo through it, as the owner of the child's user
 * namespace.
 */
static int owner_rule_child(bool denied)
{
	struct ifreq ifr = {};
	int sv[2], sock, ret;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return OWNER_SOCKETPAIR;
	if (setgroups(0, NULL) || setresgid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID) ||
	    prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) ||
	    setresuid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID))
		return OWNER_SETID;
	if (set_caps(1ULL << CAP_SYS_ADMIN))
		return OWNER_CAPSET;
	pid = fork();
	if (pid < 0)
		return OWNER_CHILD;
	if (pid == 0) {
		close(sv[0]);
		if (unshare(CLONE_NEWUSER) || unshare(CLONE_NEWNET))
			_exit(1);
		sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		_exit(sock < 0 || send_fd(sv[1], sock));
	}
	close(sv[1]);
	sock = recv_fd(sv[0]);
	if (wait_for_child(pid) || sock < 0)
		return OWNER_CHILD;
	if (set_caps(0))
		return OWNER_CAPSET;
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(sock, SIOCGIFFLAGS, &ifr))
		return OWNER_GETFLAGS;
	ifr.ifr_flags |= IFF_UP;
	ret = ioctl(sock, SIOCSIFFLAGS, &ifr);
	if (denied)
		return ret == -1 && errno == EPERM ? 0 : OWNER_ALLOWED;
	return ret ? OWNER_DENIED : 0;
}

/*
 * cap_capable()'s rule that the owner of a child user namespace has every
 * capability in it is held to the built-in ceiling from boot on, before
 * any sysctl is written: without a capability of its own, the owner gets
 * no CAP_NET_ADMIN over its child's network namespace when the ceiling
 * lists it, and does without a ceiling.
 */
TEST_F(boot_policy, owner_rule_below_ceiling)
{
	bool denied = self->caps & (1ULL << CAP_NET_ADMIN);
	pid_t pid;
	int ret;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(owner_rule_child(denied));
	ret = wait_for_child(pid);
	if (ret > 0 && ret < (int)ARRAY_SIZE(owner_errors) && owner_errors[ret])
		TH_LOG("%s", owner_errors[ret]);
	EXPECT_EQ(0, ret);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * Check the restriction policy the kernel booted with against the one it
 * was built for: CONFIG_USER_NS_RESTRICT_UNPRIVILEGED and
 * CONFIG_USER_NS_RESTRICT_CAPS set user.restrict_userns_create and
 * user.restrict_caps of the initial user namespace.
 *
 * The expected values come from the environment, as
 * USERNS_RESTRICT_BOOT="<restrict_userns_create> <restrict_caps>" (for
 * example "1 0x1000"): a kernel cannot tell which values it was meant to be
 * built with. Without it the tests skip. Run right after boot: the tests
 * read the initial user namespace's values and never write a value that
 * would tighten them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "userns_restrict_util.h"

#define UNPRIV_ID	1000

#define USERNS_CREATE_PATH	"/proc/sys/user/restrict_userns_create"
#define CAPS_PATH		"/proc/sys/user/restrict_caps"

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
 * restrict_userns_create is set.
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
		TH_LOG("uid %d created a user namespace under restrict_userns_create=1",
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

TEST_HARNESS_MAIN

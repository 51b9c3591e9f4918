// SPDX-License-Identifier: GPL-2.0
/*
 * Confused-deputy writes: a file is opened by an unprivileged task and
 * written by a privileged one (a set-user-ID program writing to its
 * stdout, a daemon that received the fd over a socket).  A permission
 * check made on the writer's credentials instead of the opener's lets the
 * unprivileged opener borrow the writer's capability (CVE-2021-4197 was
 * this pattern on cgroup.procs).
 *
 * Each test runs as root: an unprivileged child (uid 1000, no
 * capabilities) opens the file and passes the fd back; root writes a
 * value only a capable opener may set.  The kernel must refuse it.  A
 * control checks that root's own open and write of the same value still
 * succeeds, so a refusal is the check's doing and not the test's.
 *
 * These tests fail on a kernel without the fixes in this series (the
 * write goes through) and pass with them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "userns_restrict_util.h"

#define UNPRIV_UID 1000

/*
 * Open @path with @flags as uid UNPRIV_UID with no capabilities and
 * return the fd (received over a socket), or -1 with errno set.
 */
static int open_unprivileged(const char *path, int flags)
{
	int sk[2], fd, status;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sk))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(sk[0]);
		if (setgroups(0, NULL) ||
		    setresgid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID) ||
		    setresuid(UNPRIV_UID, UNPRIV_UID, UNPRIV_UID))
			_exit(EPERM);
		fd = open(path, flags | O_CLOEXEC);
		if (fd < 0)
			_exit(errno < 100 ? errno : EIO);
		_exit(send_fd(sk[1], fd) ? EIO : 0);
	}
	close(sk[1]);
	fd = recv_fd(sk[0]);
	close(sk[0]);
	/* The child's exit status is the errno of what failed there. */
	status = wait_for_child(pid);
	if (fd < 0 || status) {
		if (fd >= 0)
			close(fd);
		errno = status > 0 && status < 100 ? status : EIO;
		return -1;
	}
	return fd;
}

/* One write() of @val through @fd: 0, or -1 with errno set. */
static int write_fd(int fd, const char *val)
{
	ssize_t ret = write(fd, val, strlen(val));

	if (ret == (ssize_t)strlen(val))
		return 0;
	if (ret >= 0)
		errno = EIO;
	return -1;
}

static long read_long(const char *path)
{
	char buf[64];

	if (read_file(path, buf, sizeof(buf)))
		return LONG_MIN;
	return strtol(buf, NULL, 10);
}

/*
 * A child that waits, as @uid, until its pipe is closed.  Returns once the
 * child has switched to @uid, so that its /proc files are @uid's.
 */
static pid_t spawn_victim(uid_t uid, int *release)
{
	int p[2], ready[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	if (pipe2(ready, O_CLOEXEC)) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(p[1]);
		close(ready[0]);
		if (uid && (setresgid(uid, uid, uid) || setresuid(uid, uid, uid)))
			_exit(2);
		/* Changing uids cleared it: /proc/<pid> is then root's. */
		if (prctl(PR_SET_DUMPABLE, 1))
			_exit(3);
		if (write_byte(ready[1]))
			_exit(4);
		read_byte(p[0]);
		_exit(0);
	}
	close(p[0]);
	close(ready[1]);
	/* EOF instead of a byte: the child failed to set itself up. */
	if (read_byte(ready[0])) {
		close(ready[0]);
		close(p[1]);
		wait_for_child(pid);
		return -1;
	}
	close(ready[0]);
	*release = p[1];
	return pid;
}

static void reap_victim(pid_t pid, int release)
{
	close(release);
	wait_for_child(pid);
}

static void require_root(struct __test_metadata *_metadata)
{
	if (geteuid() != 0)
		SKIP(return, "needs root");
}

/*
 * /proc/<pid>/oom_score_adj belongs to the task's uid: its owner opens it,
 * root writes -1000 (OOM-immune), below oom_score_adj_min, which only
 * CAP_SYS_RESOURCE may do.
 */
TEST(oom_score_adj_deputy)
{
	char path[64];
	int release, fd;
	pid_t victim;

	require_root(_metadata);
	victim = spawn_victim(UNPRIV_UID, &release);
	ASSERT_GT(victim, 0);
	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", victim);

	fd = open_unprivileged(path, O_WRONLY);
	ASSERT_GE(fd, 0) TH_LOG("uid %d cannot open %s: %m", UNPRIV_UID, path);
	EXPECT_EQ(-1, write_fd(fd, "-1000"));
	EXPECT_EQ(EACCES, errno);
	close(fd);
	EXPECT_EQ(0, read_long(path)) TH_LOG("the deputy's write went through");

	/* Control: root's own open. */
	ASSERT_EQ(0, write_file(path, "-1000")) TH_LOG("root: %m");
	EXPECT_EQ(-1000, read_long(path));
	reap_victim(victim, release);
}

/* The same through the legacy /proc/<pid>/oom_adj (-17: OOM_DISABLE). */
TEST(oom_adj_deputy)
{
	char path[64], score[64];
	int release, fd;
	pid_t victim;

	require_root(_metadata);
	victim = spawn_victim(UNPRIV_UID, &release);
	ASSERT_GT(victim, 0);
	snprintf(path, sizeof(path), "/proc/%d/oom_adj", victim);
	snprintf(score, sizeof(score), "/proc/%d/oom_score_adj", victim);

	fd = open_unprivileged(path, O_WRONLY);
	ASSERT_GE(fd, 0) TH_LOG("uid %d cannot open %s: %m", UNPRIV_UID, path);
	EXPECT_EQ(-1, write_fd(fd, "-17"));
	EXPECT_EQ(EACCES, errno);
	close(fd);
	EXPECT_EQ(0, read_long(score)) TH_LOG("the deputy's write went through");

	ASSERT_EQ(0, write_file(path, "-17")) TH_LOG("root: %m");
	EXPECT_EQ(-1000, read_long(score));
	reap_victim(victim, release);
}

/*
 * /proc/<pid>/timerslack_ns is 0666: anybody opens a root task's file,
 * root (CAP_SYS_NICE) writes.
 */
TEST(timerslack_ns_deputy)
{
	char path[64];
	int release, fd;
	long before;
	pid_t victim;

	require_root(_metadata);
	victim = spawn_victim(0, &release);
	ASSERT_GT(victim, 0);
	snprintf(path, sizeof(path), "/proc/%d/timerslack_ns", victim);
	before = read_long(path);
	ASSERT_GT(before, 0);
	ASSERT_NE(12345, before);

	fd = open_unprivileged(path, O_WRONLY);
	ASSERT_GE(fd, 0) TH_LOG("uid %d cannot open %s: %m", UNPRIV_UID, path);
	EXPECT_EQ(-1, write_fd(fd, "12345"));
	EXPECT_EQ(EPERM, errno);
	close(fd);
	EXPECT_EQ(before, read_long(path)) TH_LOG("the deputy's write went through");

	ASSERT_EQ(0, write_file(path, "12345")) TH_LOG("root: %m");
	EXPECT_EQ(12345, read_long(path));
	reap_victim(victim, release);
}

static bool have_filesystem(const char *name)
{
	char line[128];
	bool found = false;
	FILE *f;

	f = fopen("/proc/filesystems", "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		found = !strcmp(strrchr(line, '\t') ? strrchr(line, '\t') + 1 :
				line, name);
	}
	fclose(f);
	return found;
}

/* "maj:min" of the mount at @dir, from mountinfo (stat() would ask FUSE). */
static int mount_dev(const char *dir, unsigned int *maj, unsigned int *min)
{
	char line[4096], mnt[PATH_MAX];
	unsigned int ma, mi;
	int ret = -1;
	FILE *f;

	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*d %*d %u:%u %*s %4095s", &ma, &mi, mnt) == 3 &&
		    !strcmp(mnt, dir)) {
			*maj = ma;
			*min = mi;
			ret = 0;
		}
	}
	fclose(f);
	return ret;
}

FIXTURE(fusectl) {
	char base[64], mnt[80], ctl[80], limit[128], saved[32];
	int fuse_fd;
	bool mounted, ctl_mounted;
};

FIXTURE_SETUP(fusectl)
{
	const char *bgreq = "/sys/module/fuse/parameters/max_user_bgreq";
	unsigned int maj, min;
	char opts[128];

	self->fuse_fd = -1;
	require_root(_metadata);
	if (!have_filesystem("fuse") || !have_filesystem("fusectl"))
		SKIP(return, "no FUSE in this kernel (CONFIG_FUSE_FS)");
	ASSERT_EQ(0, read_file(bgreq, self->saved, sizeof(self->saved)));
	ASSERT_EQ(0, write_file(bgreq, "100"));

	snprintf(self->base, sizeof(self->base), "/tmp/deputy-fuse.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->base));
	ASSERT_EQ(0, chmod(self->base, 0755));
	snprintf(self->mnt, sizeof(self->mnt), "%s/mnt", self->base);
	snprintf(self->ctl, sizeof(self->ctl), "%s/ctl", self->base);
	ASSERT_EQ(0, mkdir(self->mnt, 0755));
	ASSERT_EQ(0, mkdir(self->ctl, 0755));

	self->fuse_fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (self->fuse_fd < 0 && errno == ENOENT) {
		char dev[96];

		snprintf(dev, sizeof(dev), "%s/fuse", self->base);
		ASSERT_EQ(0, mknod(dev, S_IFCHR | 0600, makedev(10, 229)));
		self->fuse_fd = open(dev, O_RDWR | O_CLOEXEC);
	}
	ASSERT_GE(self->fuse_fd, 0) TH_LOG("/dev/fuse: %m");

	/* A connection owned by the unprivileged user; nobody serves it. */
	snprintf(opts, sizeof(opts),
		 "fd=%d,rootmode=40000,user_id=%d,group_id=%d",
		 self->fuse_fd, UNPRIV_UID, UNPRIV_UID);
	ASSERT_EQ(0, mount("deputy", self->mnt, "fuse", MS_NOSUID | MS_NODEV,
			   opts)) TH_LOG("mount fuse: %m");
	self->mounted = true;
	ASSERT_EQ(0, mount("fusectl", self->ctl, "fusectl", 0, NULL));
	self->ctl_mounted = true;

	/* The connection's directory is named after the kernel's dev_t. */
	ASSERT_EQ(0, mount_dev(self->mnt, &maj, &min));
	snprintf(self->limit, sizeof(self->limit), "%s/%u/max_background",
		 self->ctl, (maj << 20) | min);
}

FIXTURE_TEARDOWN(fusectl)
{
	if (self->fuse_fd >= 0)
		close(self->fuse_fd);
	if (self->mounted)
		umount2(self->mnt, MNT_DETACH);
	if (self->ctl_mounted)
		umount2(self->ctl, MNT_DETACH);
	if (self->saved[0])
		write_file("/sys/module/fuse/parameters/max_user_bgreq", self->saved);
	if (self->base[0]) {
		char dev[96];

		snprintf(dev, sizeof(dev), "%s/fuse", self->base);
		unlink(dev);
		rmdir(self->mnt);
		rmdir(self->ctl);
		rmdir(self->base);
	}
}

/*
 * fusectl's max_background belongs to the connection's user: it opens the
 * file, root writes a value above the fuse module parameter max_user_bgreq
 * (100 here), which only CAP_SYS_ADMIN may set.
 */
TEST_F(fusectl, max_background_deputy)
{
	long before;
	int fd;

	before = read_long(self->limit);
	ASSERT_GE(before, 0) TH_LOG("%s: %m", self->limit);
	ASSERT_NE(200, before);

	fd = open_unprivileged(self->limit, O_WRONLY);
	ASSERT_GE(fd, 0) TH_LOG("uid %d cannot open %s: %m", UNPRIV_UID,
				self->limit);
	EXPECT_EQ(-1, write_fd(fd, "200"));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	EXPECT_EQ(before, read_long(self->limit))
		TH_LOG("the deputy's write went through");

	ASSERT_EQ(0, write_file(self->limit, "200")) TH_LOG("root: %m");
	EXPECT_EQ(200, read_long(self->limit));
}

static bool have_v1_controller(const char *name)
{
	char line[128], ctrl[64];
	bool found = false;
	FILE *f;

	f = fopen("/proc/cgroups", "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%63s", ctrl) == 1 && !strcmp(ctrl, name);
	fclose(f);
	return found;
}

FIXTURE(devices) {
	char base[64], child[80], allow[96], list[96];
	bool mounted;
};

FIXTURE_SETUP(devices)
{
	char deny[96];

	require_root(_metadata);
	if (!have_v1_controller("devices"))
		SKIP(return, "no devices controller (CONFIG_CGROUP_DEVICE)");
	snprintf(self->base, sizeof(self->base), "/tmp/deputy-devices.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->base));
	ASSERT_EQ(0, chmod(self->base, 0755));
	ASSERT_EQ(0, mount("none", self->base, "cgroup", 0, "devices"))
		TH_LOG("mount the v1 devices hierarchy: %m");
	self->mounted = true;

	/* A child cgroup that allows no device, delegated to the user. */
	snprintf(self->child, sizeof(self->child), "%s/c", self->base);
	ASSERT_EQ(0, mkdir(self->child, 0755));
	snprintf(deny, sizeof(deny), "%s/devices.deny", self->child);
	snprintf(self->allow, sizeof(self->allow), "%s/devices.allow",
		 self->child);
	snprintf(self->list, sizeof(self->list), "%s/devices.list",
		 self->child);
	ASSERT_EQ(0, write_file(deny, "a"));
	ASSERT_EQ(0, chown(self->allow, UNPRIV_UID, UNPRIV_UID));
}

FIXTURE_TEARDOWN(devices)
{
	if (self->child[0])
		rmdir(self->child);
	if (self->mounted)
		umount2(self->base, MNT_DETACH);
	if (self->base[0])
		rmdir(self->base);
}

static bool list_has(const char *path, const char *rule)
{
	char buf[4096];

	return !read_file(path, buf, sizeof(buf)) && strstr(buf, rule);
}

/*
 * A delegated v1 devices cgroup: its user opens devices.allow, root writes
 * a rule the parent allows (c 1:3, /dev/null) and the cgroup denies.
 */
TEST_F(devices, allow_deputy)
{
	int fd;

	ASSERT_FALSE(list_has(self->list, "c 1:3 rwm"));
	fd = open_unprivileged(self->allow, O_WRONLY);
	ASSERT_GE(fd, 0) TH_LOG("uid %d cannot open %s: %m", UNPRIV_UID,
				self->allow);
	EXPECT_EQ(-1, write_fd(fd, "c 1:3 rwm"));
	EXPECT_EQ(EPERM, errno);
	close(fd);
	EXPECT_FALSE(list_has(self->list, "c 1:3 rwm"))
		TH_LOG("the deputy's write went through");

	ASSERT_EQ(0, write_file(self->allow, "c 1:5 rwm")) TH_LOG("root: %m");
	EXPECT_TRUE(list_has(self->list, "c 1:5 rwm"));
}

/*
 * Regression tests for the cgroup classes fixed upstream, which must stay
 * closed on every kernel:
 *  - CVE-2022-0492: root of a user namespace that owns a cgroup namespace
 *    mounts an existing v1 hierarchy and writes its release_agent (run as
 *    root by the kernel when a cgroup empties).  Refused since commits
 *    24f600856418 and 467a726b754f.
 *  - CVE-2021-4197: an unprivileged task opens a cgroup.procs delegated to
 *    it and has root write another task's pid through the fd.  Refused
 *    since commit 1756d7994ad8 (the opener's credentials decide).
 */
#define DEPUTY_V1_NAME	"userns_deputy"

FIXTURE(release_agent) {
	char dir[64];
	bool mounted;
};

FIXTURE_SETUP(release_agent)
{
	char opts[64];

	require_root(_metadata);
	snprintf(self->dir, sizeof(self->dir), "/tmp/deputy-v1.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(opts, sizeof(opts), "none,name=%s", DEPUTY_V1_NAME);
	if (mount("none", self->dir, "cgroup", 0, opts))
		SKIP(return, "cannot mount a named cgroup v1 hierarchy: %m");
	self->mounted = true;
}

FIXTURE_TEARDOWN(release_agent)
{
	if (self->mounted)
		umount2(self->dir, MNT_DETACH);
	if (self->dir[0])
		rmdir(self->dir);
}

/* In a child user namespace mapping uid 0 to itself: mount, then write. */
static int release_agent_child(void)
{
	char opts[64];
	int fd;

	if (unshare(CLONE_NEWUSER) ||
	    write_file("/proc/self/setgroups", "deny") ||
	    write_file("/proc/self/uid_map", "0 0 1") ||
	    write_file("/proc/self/gid_map", "0 0 1"))
		return 10;
	if (unshare(CLONE_NEWNS | CLONE_NEWCGROUP))
		return 11;
	snprintf(opts, sizeof(opts), "none,name=%s", DEPUTY_V1_NAME);
	if (mount("none", "/tmp", "cgroup", 0, opts))
		return 12;
	fd = open("/tmp/release_agent", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return 13;
	if (write_fd(fd, "/bin/true") == 0)
		return 1;	/* the escape works */
	return errno == EPERM ? 0 : 14;
}

TEST_F(release_agent, write_from_userns)
{
	char path[96], buf[256];
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(release_agent_child());
	EXPECT_EQ(0, wait_for_child(pid))
		TH_LOG("exit 1: release_agent written from the user namespace; %s",
		       "10-13: setup failed; 14: refused, but not with EPERM");

	snprintf(path, sizeof(path), "%s/release_agent", self->dir);
	ASSERT_EQ(0, read_file(path, buf, sizeof(buf)));
	EXPECT_EQ(NULL, strstr(buf, "/bin/true"));

	/* Control: real root's own write. */
	ASSERT_EQ(0, write_file(path, "/bin/true")) TH_LOG("root: %m");
	ASSERT_EQ(0, write_file(path, "\n"));
}

FIXTURE(cgroup_procs) {
	char dir[128];
	pid_t victim;
	int release;
};

FIXTURE_SETUP(cgroup_procs)
{
	char path[160];

	self->victim = -1;
	require_root(_metadata);
	if (access("/sys/fs/cgroup/cgroup.procs", F_OK))
		SKIP(return, "no cgroup2 mount at /sys/fs/cgroup");
	snprintf(self->dir, sizeof(self->dir), "/sys/fs/cgroup/deputy.%d",
		 getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0755));
	snprintf(path, sizeof(path), "%s/cgroup.procs", self->dir);
	ASSERT_EQ(0, chown(path, UNPRIV_UID, UNPRIV_UID));
	self->victim = spawn_victim(0, &self->release);
	ASSERT_GT(self->victim, 0);
}

FIXTURE_TEARDOWN(cgroup_procs)
{
	if (self->victim > 0)
		reap_victim(self->victim, self->release);
	if (self->dir[0])
		rmdir(self->dir);
}

static bool in_cgroup(pid_t pid, const char *dir)
{
	char path[64], buf[256];

	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	if (read_file(path, buf, sizeof(buf)))
		return false;
	return !!strstr(buf, dir + strlen("/sys/fs/cgroup"));
}

/*
 * uid 1000 opens the cgroup.procs delegated to it; root writes the pid of
 * a root task from the root cgroup, which uid 1000 may not move.
 */
TEST_F(cgroup_procs, write_through_unprivileged_fd)
{
	char path[160], pid[16];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.procs", self->dir);
	snprintf(pid, sizeof(pid), "%d", self->victim);
	fd = open_unprivileged(path, O_WRONLY);
	ASSERT_GE(fd, 0) TH_LOG("uid %d cannot open %s: %m", UNPRIV_UID, path);
	EXPECT_EQ(-1, write_fd(fd, pid));
	EXPECT_EQ(EACCES, errno);
	close(fd);
	EXPECT_FALSE(in_cgroup(self->victim, self->dir))
		TH_LOG("the deputy's write moved the task");

	/* Control: root's own open moves it. */
	ASSERT_EQ(0, write_file(path, pid)) TH_LOG("root: %m");
	EXPECT_TRUE(in_cgroup(self->victim, self->dir));
}

TEST_HARNESS_MAIN

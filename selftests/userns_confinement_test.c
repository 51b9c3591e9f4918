// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for userns_confinement, the tool that reports a process's
 * confinement from inside (built next to this test): run it with --tsv in
 * set-ups whose confinement the test knows, and check what it reports.
 *
 * initial_root:          real root in the initial namespaces
 * unprivileged_userns:   root of C, a user namespace that uid 1000 of the
 *                        sandbox R created: level 2, every capability over
 *                        C, no policy, no seccomp, no_new_privs off
 * unprivileged_no_probe: the same with --no-probe: the level is unknown
 * restricted_userns:     root of C, created by root of R after R's root set
 *                        a ceiling, restrict.ns_create, restrict.ns_setns,
 *                        restrict.userns_create and restrict.modules, with
 *                        no_new_privs and a seccomp filter (SKIP on kernels
 *                        without the user.restrict.* policy)
 * human_readable:        the default output names the guide and hints
 *
 * The sandbox R (uids 0-65535 mapped 1:1, as in userns_policy_test) keeps
 * the policy writes out of the initial user namespace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "userns_restrict_util.h"

#define TOOL_NAME	"userns_confinement"
#define UNPRIV_ID	1000
#define SANDBOX_IDS	65536
#define INIT_USER_NS_INO	0xEFFFFFFDULL

/* The restricted case's policy, and how the tool must decode it. */
#define CEILING		0x8000003000ULL	/* NET_ADMIN, NET_RAW, BPF */
#define CEILING_NAMES	"CAP_NET_ADMIN,CAP_NET_RAW,CAP_BPF"
#define NS_CREATE	0x44000000ULL	/* CLONE_NEWNET | CLONE_NEWUTS */
#define NS_CREATE_NAMES	"net,uts"
#define NS_SETNS	0x02020000ULL	/* CLONE_NEWCGROUP | CLONE_NEWNS */
#define NS_SETNS_NAMES	"cgroup,mnt"

#define MAX_KV		160
#define OUT_SIZE	(64 * 1024)

enum setup {
	SETUP_INITIAL,
	SETUP_UNPRIVILEGED,
	SETUP_RESTRICTED,
};

/* Shared with the forked children. */
struct shared {
	unsigned long long userns_ino;
	int skip;
	char why[256];
};

struct kv {
	int n;
	char *key[MAX_KV];
	char *val[MAX_KV];
	char buf[OUT_SIZE];
};

static __printf(3, 4) int child_fail(struct shared *sh, int ret,
				     const char *fmt, ...)
{
	int err = errno;
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	vsnprintf(sh->why, sizeof(sh->why), fmt, ap);
	va_end(ap);
	len = strlen(sh->why);
	if (err && ret == KSFT_FAIL)
		snprintf(sh->why + len, sizeof(sh->why) - len, ": %s",
			 strerror(err));
	if (ret == KSFT_SKIP)
		sh->skip = 1;
	return ret;
}

/* What the children need: the fixture's data. */
struct run {
	char tool[PATH_MAX];
	struct shared *sh;
	struct kv *kv;
	__u64 full;
};

FIXTURE(confinement) {
	struct run r;
};

FIXTURE_SETUP(confinement)
{
	struct run *r = &self->r;
	char exe[PATH_MAX - 32], buf[32];
	ssize_t len;
	char *slash;

	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	ASSERT_GT(len, 0);
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	ASSERT_NE(NULL, slash);
	*slash = '\0';
	snprintf(r->tool, sizeof(r->tool), "%s/%s", exe, TOOL_NAME);
	if (access(r->tool, X_OK))
		TH_LOG("%s: %s", r->tool, strerror(errno));
	ASSERT_EQ(0, access(r->tool, X_OK));

	r->sh = mmap(NULL, sizeof(*r->sh), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, r->sh);
	r->kv = calloc(1, sizeof(*r->kv));
	ASSERT_NE(NULL, r->kv);

	ASSERT_EQ(0, read_file("/proc/sys/kernel/cap_last_cap", buf,
			       sizeof(buf)));
	r->full = (1ULL << (atoi(buf) + 1)) - 1;
}

FIXTURE_TEARDOWN(confinement)
{
	struct run *r = &self->r;

	munmap(r->sh, sizeof(*r->sh));
	free(r->kv);
}

static bool have_policy(void)
{
	return !access("/proc/sys/user/restrict/caps", F_OK);
}

/* Why the sandboxes cannot run here, or NULL. */
static const char *sandbox_unavailable(void)
{
	static const char * const knobs[] = {
		"restrict.userns_create", "restrict.ns_create",
		"restrict.ns_setns", "restrict.caps", "restrict.modules",
	};
	unsigned long first, lower, count;
	char path[64], val[64];
	size_t i;
	FILE *f;
	int n;

	if (geteuid() != 0)
		return "must run as root: the test builds its own user namespaces";
	f = fopen("/proc/self/uid_map", "re");
	if (!f)
		return "cannot read /proc/self/uid_map";
	n = fscanf(f, "%lu %lu %lu", &first, &lower, &count);
	fclose(f);
	if (n != 3 || first || lower || count < SANDBOX_IDS)
		return "must run in the initial user namespace";
	if (!read_file("/proc/sys/kernel/unprivileged_userns_clone", val,
		       sizeof(val)) && atoi(val) == 0)
		return "kernel.unprivileged_userns_clone=0";
	for (i = 0; have_policy() && i < ARRAY_SIZE(knobs); i++) {
		user_sysctl_path(path, sizeof(path), knobs[i]);
		if (read_file(path, val, sizeof(val)))
			return "cannot read the user.restrict.* sysctls";
		if (strtoull(val, NULL, 0))
			return "a restriction policy is set in the initial user namespace";
	}
	return NULL;
}

static int write_map(pid_t pid, const char *map, const char *value)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, map);
	return write_file(path, value);
}

/* Become root of a new user namespace mapped to the caller's ids. */
static int enter_own_userns(struct shared *sh)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[32];

	if (unshare(CLONE_NEWUSER))
		return child_fail(sh, KSFT_FAIL, "unshare(CLONE_NEWUSER) as uid %d",
				  uid);
	if (write_file("/proc/self/setgroups", "deny"))
		return child_fail(sh, KSFT_FAIL, "write /proc/self/setgroups");
	snprintf(map, sizeof(map), "0 %d 1", uid);
	if (write_file("/proc/self/uid_map", map))
		return child_fail(sh, KSFT_FAIL, "write uid_map '%s'", map);
	snprintf(map, sizeof(map), "0 %d 1", gid);
	if (write_file("/proc/self/gid_map", map))
		return child_fail(sh, KSFT_FAIL, "write gid_map '%s'", map);
	return 0;
}

static int exec_tool(struct run *r, int out,
		     const char *arg)
{
	struct stat st;

	if (stat("/proc/self/ns/user", &st))
		return child_fail(r->sh, KSFT_FAIL, "stat /proc/self/ns/user");
	r->sh->userns_ino = st.st_ino;
	if (dup2(out, STDOUT_FILENO) < 0)
		return child_fail(r->sh, KSFT_FAIL, "dup2");
	execl(r->tool, r->tool, "--tsv", arg, (char *)NULL);
	return child_fail(r->sh, KSFT_FAIL, "exec %s", r->tool);
}

static int drop_to_unprivileged(struct shared *sh)
{
	if (setgroups(0, NULL))
		return child_fail(sh, KSFT_FAIL, "setgroups(0, NULL)");
	if (setresgid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID))
		return child_fail(sh, KSFT_FAIL, "setresgid(%d)", UNPRIV_ID);
	if (setresuid(UNPRIV_ID, UNPRIV_ID, UNPRIV_ID))
		return child_fail(sh, KSFT_FAIL, "setresuid(%d)", UNPRIV_ID);
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		return child_fail(sh, KSFT_FAIL, "prctl(PR_SET_DUMPABLE)");
	return 0;
}

static int set_knob(struct shared *sh, const char *knob,
		    unsigned long long val)
{
	char path[64], buf[32];

	user_sysctl_path(path, sizeof(path), knob);
	snprintf(buf, sizeof(buf), "%#llx", val);
	if (write_file(path, buf))
		return child_fail(sh, KSFT_FAIL, "write %s to user.%s", buf,
				  knob);
	return 0;
}

/* An allow-all filter: seccomp mode 2 with one filter. */
static int install_seccomp(struct shared *sh)
{
	struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K,
					   SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &insn };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return child_fail(sh, KSFT_FAIL, "prctl(PR_SET_NO_NEW_PRIVS)");
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return child_fail(sh, KSFT_FAIL, "seccomp(SECCOMP_SET_MODE_FILTER)");
	return 0;
}

/* In R, as its root: set up C and run the tool there. */
static int in_sandbox(struct run *r, enum setup how,
		      int out, const char *arg)
{
	struct shared *sh = r->sh;
	int ret;

	if (how == SETUP_UNPRIVILEGED) {
		ret = drop_to_unprivileged(sh);
		if (!ret)
			ret = enter_own_userns(sh);
		return ret ? ret : exec_tool(r, out, arg);
	}
	ret = set_knob(sh, "restrict.caps", CEILING);
	if (!ret)
		ret = set_knob(sh, "restrict.ns_create", NS_CREATE);
	if (!ret)
		ret = set_knob(sh, "restrict.ns_setns", NS_SETNS);
	if (!ret)
		ret = set_knob(sh, "restrict.userns_create", 1);
	if (!ret)
		ret = set_knob(sh, "restrict.modules", 1);
	if (!ret)
		ret = enter_own_userns(sh);
	if (!ret)
		ret = install_seccomp(sh);
	return ret ? ret : exec_tool(r, out, arg);
}

/*
 * Create the sandbox R: the child unshares, this process (real root)
 * writes its maps, then the child runs in_sandbox() as root of R.
 */
static int run_sandbox(struct run *r, enum setup how,
		       int out, const char *arg)
{
	int unshared[2], mapped[2], ret = 0, child_ret;
	char map[32];
	pid_t pid;

	if (pipe2(unshared, O_CLOEXEC) || pipe2(mapped, O_CLOEXEC))
		return child_fail(r->sh, KSFT_FAIL, "pipe2");
	pid = fork();
	if (pid < 0)
		return child_fail(r->sh, KSFT_FAIL, "fork");
	if (pid == 0) {
		close(unshared[0]);
		close(mapped[1]);
		if (unshare(CLONE_NEWUSER))
			_exit(child_fail(r->sh, KSFT_FAIL,
					 "unshare(CLONE_NEWUSER) as root"));
		if (write_byte(unshared[1]) || read_byte(mapped[0]))
			_exit(KSFT_FAIL);
		_exit(in_sandbox(r, how, out, arg));
	}
	close(unshared[1]);
	close(mapped[0]);
	close(out);
	snprintf(map, sizeof(map), "0 0 %d", SANDBOX_IDS);
	if (read_byte(unshared[0]))
		ret = KSFT_FAIL;
	else if (write_map(pid, "uid_map", map) ||
		 write_map(pid, "gid_map", map))
		ret = child_fail(r->sh, KSFT_FAIL, "write the maps of R");
	else if (write_byte(mapped[1]))
		ret = KSFT_FAIL;
	close(mapped[1]);
	close(unshared[0]);
	child_ret = wait_for_child(pid);
	return ret ? ret : child_ret;
}

/* Split the tool's output into key/value pairs. */
static int parse_kv(struct kv *kv)
{
	char *line, *save = NULL, *tab;

	kv->n = 0;
	for (line = strtok_r(kv->buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		tab = strchr(line, '\t');
		if (!tab || kv->n == MAX_KV)
			return -1;
		*tab = '\0';
		kv->key[kv->n] = line;
		kv->val[kv->n++] = tab + 1;
	}
	return 0;
}

static const char *get(struct kv *kv, const char *key)
{
	int i;

	for (i = 0; i < kv->n; i++)
		if (!strcmp(kv->key[i], key))
			return kv->val[i];
	return NULL;
}

/*
 * Run the tool (with @arg, if any) in @how; its output is parsed into
 * r->kv.  Returns the exit code of the set-up and the tool.
 */
static int run_tool(struct __test_metadata *_metadata,
		    struct run *r, enum setup how,
		    const char *arg)
{
	struct kv *kv = r->kv;
	size_t len = 0;
	int pipefd[2], ret;
	ssize_t n;
	pid_t pid;

	memset(r->sh, 0, sizeof(*r->sh));
	if (pipe2(pipefd, O_CLOEXEC))
		return KSFT_FAIL;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return KSFT_FAIL;
	if (pid == 0) {
		close(pipefd[0]);
		if (how == SETUP_INITIAL)
			_exit(exec_tool(r, pipefd[1], arg));
		_exit(run_sandbox(r, how, pipefd[1], arg));
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], kv->buf + len,
			 sizeof(kv->buf) - 1 - len)) > 0)
		len += n;
	close(pipefd[0]);
	kv->buf[len] = '\0';
	ret = wait_for_child(pid);
	if (r->sh->why[0])
		TH_LOG("%s", r->sh->why);
	if (ret == 0 && parse_kv(kv)) {
		TH_LOG("the tool's output is not key<TAB>value lines");
		return KSFT_FAIL;
	}
	return ret;
}

/* What the tool must say comparing its user namespace @ino with pid 1's. */
static const char *pid1_userns_cmp(unsigned long long ino)
{
	struct stat st;

	if (stat("/proc/1/ns/user", &st))
		return "pid1-unreadable";
	return st.st_ino == ino ? "same-as-pid1" : "own";
}

static void __expect_kv(struct __test_metadata *_metadata, struct kv *kv,
			const char *key, const char *want)
{
	const char *v = get(kv, key);

	if (!v || strcmp(v, want))
		TH_LOG("%s: '%s', expected '%s'", key, v ? v : "(missing)",
		       want);
	EXPECT_STREQ(want, v ? v : "(missing)");
}

#define expect_kv(key, want) __expect_kv(_metadata, kv, key, want)

static void __expect_hint(struct __test_metadata *_metadata, struct kv *kv,
			  const char *id, bool present)
{
	char key[64];
	const char *v;

	snprintf(key, sizeof(key), "hint.%s", id);
	v = get(kv, key);
	if (!v != !present)
		TH_LOG("hint %s %s", id, v ? "reported" : "missing");
	EXPECT_EQ(present, !!v);
}

#define expect_hint(id, present) \
	__expect_hint(_metadata, kv, id, present)

static unsigned long long get_hex(struct kv *kv, const char *key)
{
	const char *v = get(kv, key);

	return v ? strtoull(v, NULL, 16) : ~0ULL;
}

static bool has_name(struct kv *kv, const char *key, const char *name)
{
	const char *v = get(kv, key);
	char list[1024], *tok, *save = NULL;

	if (!v)
		return false;
	snprintf(list, sizeof(list), "%s", v);
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (!strcmp(tok, name))
			return true;
	return false;
}

TEST_F(confinement, initial_root)
{
	struct run *r = &self->r;
	struct kv *kv = r->kv;
	__u64 eff, bnd;
	char want[64];

	if (geteuid() != 0)
		SKIP(return, "must run as root");
	ASSERT_EQ(0, run_tool(_metadata, r, SETUP_INITIAL, NULL));
	if (r->sh->userns_ino != INIT_USER_NS_INO)
		SKIP(return, "not in the initial user namespace");

	expect_kv("format", "userns_confinement/1");
	expect_kv("userns.initial", "yes");
	expect_kv("userns.level", "0");
	expect_kv("userns.level_method", "initial");
	/* NS_GET_PARENT cannot reach above the caller's user namespace. */
	expect_kv("userns.ns_get_parent", "EPERM");
	snprintf(want, sizeof(want), "%llu %s", INIT_USER_NS_INO,
		 pid1_userns_cmp(INIT_USER_NS_INO));
	expect_kv("ns.user", want);
	expect_kv("userns.uid_map", "0 0 4294967295");
	expect_kv("uid", "0 0 0 0");

	ASSERT_EQ(0, status_caps("CapEff", &eff));
	EXPECT_EQ(eff, get_hex(kv, "cap.eff"));
	ASSERT_EQ(0, status_caps("CapBnd", &bnd));
	EXPECT_EQ(bnd, get_hex(kv, "cap.bnd"));
	EXPECT_EQ(0, get_hex(kv, "cap.amb"));
	expect_kv("cap.amb.names", "none");
	EXPECT_TRUE(has_name(kv, "cap.bnd.names", "CAP_SYS_ADMIN"));
	EXPECT_TRUE(has_name(kv, "cap.bnd.names", "CAP_CHOWN"));

	expect_kv("policy.available", have_policy() ? "yes" : "no");
	expect_hint("policy_missing", !have_policy());
	/* Capabilities in the initial namespace are not a ceiling matter. */
	expect_hint("caps_no_ceiling", false);
	expect_hint("net_admin", false);
	expect_kv("seccomp.mode", "0");
	expect_hint("seccomp", true);
	expect_kv("nnp", "0");
	expect_hint("nnp", true);
}

static void check_unprivileged(struct __test_metadata *_metadata,
			       struct run *r)
{
	struct kv *kv = r->kv;
	char want[64];

	expect_kv("userns.initial", "no");
	/* pid 1 belongs to real root: not readable from C. */
	snprintf(want, sizeof(want), "%llu pid1-unreadable",
		 r->sh->userns_ino);
	expect_kv("ns.user", want);
	snprintf(want, sizeof(want), "0 %d 1", UNPRIV_ID);
	expect_kv("userns.uid_map", want);
	expect_kv("userns.gid_map", want);
	expect_kv("userns.setgroups", "deny");
	expect_kv("uid", "0 0 0 0");

	/* Root of a user namespace it created: every capability in it. */
	EXPECT_EQ(r->full, get_hex(kv, "cap.eff"));
	EXPECT_EQ(r->full, get_hex(kv, "cap.prm"));
	EXPECT_EQ(r->full, get_hex(kv, "cap.bnd"));
	EXPECT_TRUE(has_name(kv, "cap.eff.names", "CAP_SYS_ADMIN"));
	EXPECT_TRUE(has_name(kv, "cap.eff.names", "CAP_NET_ADMIN"));

	if (have_policy()) {
		expect_kv("policy.available", "yes");
		expect_kv("policy.restrict.userns_create", "0");
		expect_kv("policy.restrict.caps", "0");
		expect_kv("policy.restrict.caps.names", "none");
		expect_kv("policy.restrict.ns_create.names", "none");
	} else {
		expect_kv("policy.available", "no");
		EXPECT_EQ(NULL, get(kv, "policy.restrict.caps"));
	}
	expect_hint("policy_missing", !have_policy());
	expect_hint("ceiling_unset", have_policy());
	expect_hint("modules", have_policy());
	expect_hint("caps_no_ceiling", true);
	expect_hint("net_admin", true);
	expect_hint("userns_create", true);
	expect_kv("seccomp.mode", "0");
	expect_hint("seccomp", true);
	expect_kv("nnp", "0");
	expect_hint("nnp", true);
}

TEST_F(confinement, unprivileged_userns)
{
	struct run *r = &self->r;
	struct kv *kv = r->kv;
	const char *why = sandbox_unavailable();

	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, run_tool(_metadata, r, SETUP_UNPRIVILEGED, NULL));
	check_unprivileged(_metadata, r);
	/* R is level 1, C level 2: counted by nesting below C. */
	expect_kv("userns.create_probe", "ok");
	expect_kv("userns.level", "2");
	expect_kv("userns.level_method", "probe");
}

TEST_F(confinement, unprivileged_no_probe)
{
	struct run *r = &self->r;
	struct kv *kv = r->kv;
	const char *why = sandbox_unavailable();

	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, run_tool(_metadata, r, SETUP_UNPRIVILEGED,
			      "--no-probe"));
	check_unprivileged(_metadata, r);
	/* From inside, nothing else tells how deep C is. */
	expect_kv("userns.create_probe", "not probed");
	expect_kv("userns.level", "unknown");
	expect_kv("userns.level_method", "none");
}

TEST_F(confinement, restricted_userns)
{
	struct run *r = &self->r;
	struct kv *kv = r->kv;
	const char *why = sandbox_unavailable();
	__u64 allowed = r->full & ~CEILING;

	if (!have_policy())
		SKIP(return, "user namespace restriction policy not supported by this kernel");
	if (why)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, run_tool(_metadata, r, SETUP_RESTRICTED, NULL));

	expect_kv("userns.initial", "no");
	expect_kv("userns.uid_map", "0 0 1");
	/* The root of C may still nest: it has CAP_SYS_ADMIN in C. */
	expect_kv("userns.create_probe", "ok");
	expect_kv("userns.level", "2");

	/* C's files read back what R's root wrote. */
	expect_kv("policy.available", "yes");
	EXPECT_EQ(CEILING, get_hex(kv, "policy.restrict.caps"));
	expect_kv("policy.restrict.caps.names", CEILING_NAMES);
	EXPECT_EQ(NS_CREATE, get_hex(kv, "policy.restrict.ns_create"));
	expect_kv("policy.restrict.ns_create.names", NS_CREATE_NAMES);
	EXPECT_EQ(NS_SETNS, get_hex(kv, "policy.restrict.ns_setns"));
	expect_kv("policy.restrict.ns_setns.names", NS_SETNS_NAMES);
	expect_kv("policy.restrict.userns_create", "1");
	expect_kv("policy.restrict.modules", "1");
	expect_kv("policy.restrict.locked", "0");

	/* The ceiling is out of every set of C's root. */
	EXPECT_EQ(allowed, get_hex(kv, "cap.eff"));
	EXPECT_EQ(allowed, get_hex(kv, "cap.prm"));
	EXPECT_EQ(allowed, get_hex(kv, "cap.bnd"));
	EXPECT_FALSE(has_name(kv, "cap.eff.names", "CAP_NET_ADMIN"));
	EXPECT_FALSE(has_name(kv, "cap.bnd.names", "CAP_BPF"));
	EXPECT_TRUE(has_name(kv, "cap.eff.names", "CAP_SYS_ADMIN"));

	expect_kv("seccomp.mode", "2");
	expect_kv("seccomp.filters", "1");
	expect_kv("nnp", "1");

	/* Every weak point of the unprivileged case but the LSM is gone. */
	expect_hint("caps_no_ceiling", false);
	expect_hint("net_admin", false);
	expect_hint("ceiling_unset", false);
	expect_hint("modules", false);
	expect_hint("userns_create", false);
	expect_hint("seccomp", false);
	expect_hint("nnp", false);
	expect_hint("policy_missing", false);
}

TEST_F(confinement, human_readable)
{
	struct run *r = &self->r;
	struct kv *kv = r->kv;
	char *out = kv->buf;
	__u64 mode;
	int pipefd[2];
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	ASSERT_EQ(0, pipe2(pipefd, O_CLOEXEC));
	fflush(stdout);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		execl(r->tool, r->tool, "--no-probe", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], out + len, OUT_SIZE - 1 - len)) > 0)
		len += n;
	close(pipefd[0]);
	out[len] = '\0';
	EXPECT_EQ(0, wait_for_child(pid));
	EXPECT_NE(NULL, strstr(out, "Weak points"));
	EXPECT_NE(NULL, strstr(out, "Namespaces"));
	EXPECT_NE(NULL, strstr(out, "Capabilities"));
	/* The tool inherits the test's seccomp mode: a hint names the guide. */
	ASSERT_EQ(0, status_caps("Seccomp", &mode));
	if (!mode) {
		EXPECT_NE(NULL, strstr(out, "container-lockdown.rst"));
		EXPECT_NE(NULL, strstr(out, "container_lockdown_seccomp"));
	}
	EXPECT_EQ(NULL, strstr(out, "format\tuserns_confinement"));
}

TEST_HARNESS_MAIN

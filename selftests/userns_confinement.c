// SPDX-License-Identifier: GPL-2.0
/*
 * userns_confinement: report what confines the calling process, from the
 * inside.  Run it in a container to see its namespaces, user namespace
 * nesting, uid and gid maps, capability sets, the user namespace
 * restriction policy (user.restrict.*), seccomp, no_new_privs, LSM labels
 * and Landlock, with a hint per weak point that names a section of
 * Documentation/admin-guide/namespaces/container-lockdown.rst.
 *
 *   userns_confinement [--tsv] [--no-probe]
 *
 * --tsv prints "key<TAB>value" lines for scripts (userns_confinement_test
 * parses them).  Unless --no-probe is given, a forked child nests user
 * namespaces as deep as the kernel lets it, to tell whether this process
 * may create one and how deep its own user namespace is (a denial by the
 * policy leaves a line in the kernel log).  Nothing else is changed.
 * Always exits 0: a missing file is reported, not fatal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <linux/types.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest.h"
#include "userns_restrict_util.h"

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#endif

#ifndef __NR_lsm_list_modules
#define __NR_lsm_list_modules 461
#endif

#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION 1U
#endif

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#ifndef CAP_CHECKPOINT_RESTORE
#define CAP_CHECKPOINT_RESTORE 40
#endif

/* The fixed inode number of the initial user namespace (USER_NS_INIT_INO). */
#define INIT_USER_NS_INO	0xEFFFFFFDU

/*
 * create_user_ns() refuses a child of a user namespace deeper than this,
 * with ENOSPC: the nesting probe counts the levels still free below it.
 */
#define USERNS_MAX_PARENT_LEVEL	32

#define GUIDE "Documentation/admin-guide/namespaces/container-lockdown.rst"

#define MAX_HINTS	16

static bool tsv;

struct hint {
	const char *id;
	const char *label;
	char text[256];
};

static struct hint hints[MAX_HINTS];
static int nr_hints;

/* Indexed by capability number; later ones print as CAP_<number>. */
static const char * const cap_names[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

/* The CLONE_NEW* flags, named as in /proc/<pid>/ns/. */
static const struct {
	unsigned long long flag;
	const char *name;
} ns_flags[] = {
	{ CLONE_NEWCGROUP, "cgroup" }, { CLONE_NEWIPC, "ipc" },
	{ CLONE_NEWNS, "mnt" }, { CLONE_NEWNET, "net" },
	{ CLONE_NEWPID, "pid" }, { CLONE_NEWTIME, "time" },
	{ CLONE_NEWUSER, "user" }, { CLONE_NEWUTS, "uts" },
};

static const char * const ns_files[] = {
	"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time",
	"time_for_children", "user", "uts",
};

static const struct {
	int id;
	const char *name;
} lsm_ids[] = {
	{ 100, "capability" }, { 101, "selinux" }, { 102, "smack" },
	{ 103, "tomoyo" }, { 104, "apparmor" }, { 105, "yama" },
	{ 106, "loadpin" }, { 107, "safesetid" }, { 108, "lockdown" },
	{ 109, "bpf" }, { 110, "landlock" }, { 111, "ima" }, { 112, "evm" },
	{ 113, "ipe" },
};

/* A heading, in the human-readable output only. */
static void heading(const char *title)
{
	if (!tsv)
		printf("\n%s\n", title);
}

/*
 * One fact: "key<TAB>value" with --tsv, "  label: value" otherwise (a fact
 * without a label is for scripts only).
 */
static __printf(3, 4)
void fact(const char *key, const char *label, const char *fmt, ...)
{
	va_list ap;

	if (tsv)
		printf("%s\t", key);
	else if (label)
		printf("  %-26s ", label);
	else
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static __printf(3, 4)
void add_hint(const char *id, const char *label, const char *fmt, ...)
{
	struct hint *h;
	va_list ap;

	if (nr_hints == MAX_HINTS)
		return;
	h = &hints[nr_hints++];
	h->id = id;
	h->label = label;
	va_start(ap, fmt);
	vsnprintf(h->text, sizeof(h->text), fmt, ap);
	va_end(ap);
}

/* Read a small file as a string without its trailing newline. */
static int read_text(const char *path, char *buf, size_t len)
{
	ssize_t ret;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = read(fd, buf, len - 1);
	if (ret < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	close(fd);
	buf[ret] = '\0';
	while (ret > 0 && (buf[ret - 1] == '\n' || buf[ret - 1] == '\0'))
		buf[--ret] = '\0';
	return 0;
}

/* A field of /proc/self/status ("CapEff", ...), without the key. */
static int status_field(const char *field, char *buf, size_t len)
{
	size_t flen = strlen(field);
	char line[512];
	int ret = -ENOENT;
	FILE *f;

	f = fopen("/proc/self/status", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *val = line + flen + 1;

		if (strncmp(line, field, flen) || line[flen] != ':')
			continue;
		val += strspn(val, " \t");
		val[strcspn(val, "\n")] = '\0';
		snprintf(buf, len, "%s", val);
		for (val = buf; *val; val++)
			if (*val == '\t')
				*val = ' ';
		ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

static long status_long(const char *field, long fallback)
{
	char buf[64];

	if (status_field(field, buf, sizeof(buf)))
		return fallback;
	return strtol(buf, NULL, 10);
}

static const char *cap_name(int cap, char *buf, size_t len)
{
	if (cap < (int)ARRAY_SIZE(cap_names) && cap_names[cap])
		return cap_names[cap];
	snprintf(buf, len, "CAP_%d", cap);
	return buf;
}

/* The capability names in @mask, comma-separated ("none" when empty). */
static void cap_list(__u64 mask, char *buf, size_t len)
{
	size_t pos = 0;
	char tmp[16];
	int cap;

	buf[0] = '\0';
	for (cap = 0; cap < 64; cap++) {
		if (!(mask & (1ULL << cap)))
			continue;
		pos += snprintf(buf + pos, len - pos, "%s%s", pos ? "," : "",
				cap_name(cap, tmp, sizeof(tmp)));
		if (pos >= len)
			break;
	}
	if (!pos)
		snprintf(buf, len, "none");
}

/* The namespace types in a CLONE_NEW* @mask, comma-separated. */
static void ns_list(unsigned long long mask, char *buf, size_t len)
{
	size_t pos = 0, i;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(ns_flags); i++) {
		if (!(mask & ns_flags[i].flag))
			continue;
		pos += snprintf(buf + pos, len - pos, "%s%s", pos ? "," : "",
				ns_flags[i].name);
		mask &= ~ns_flags[i].flag;
	}
	if (mask)
		pos += snprintf(buf + pos, len - pos, "%sunknown(%#llx)",
				pos ? "," : "", mask);
	if (!pos)
		snprintf(buf, len, "none");
}

/* The bits of user.restrict.cgroup. */
static void cgroup_list(unsigned long long mask, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s",
		 mask & 1 ? "no-v1-mount" : "",
		 (mask & 1) && (mask & 2) ? "," : "",
		 mask & 2 ? "nsdelegate-boundary" : "",
		 mask ? "" : "none");
	if (mask & ~3ULL)
		snprintf(buf + strlen(buf), len - strlen(buf), ",unknown(%#llx)",
			 mask & ~3ULL);
}

static int last_cap(void)
{
	char buf[32];

	if (read_text("/proc/sys/kernel/cap_last_cap", buf, sizeof(buf)))
		return CAP_LAST_CAP;
	return atoi(buf);
}

static __u64 all_caps(void)
{
	int last = last_cap();

	return last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
}

static void report_namespaces(void)
{
	char path[64], key[64];
	struct stat self, init;
	size_t i;

	heading("Namespaces (inode number; compared with pid 1's)");
	for (i = 0; i < ARRAY_SIZE(ns_files); i++) {
		const char *cmp;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_files[i]);
		snprintf(key, sizeof(key), "ns.%s", ns_files[i]);
		if (stat(path, &self)) {
			fact(key, ns_files[i], "unavailable (%s)",
			     strerror(errno));
			continue;
		}
		snprintf(path, sizeof(path), "/proc/1/ns/%s", ns_files[i]);
		if (stat(path, &init))
			cmp = tsv ? "pid1-unreadable" : "(pid 1's not readable)";
		else if (init.st_ino == self.st_ino &&
			 init.st_dev == self.st_dev)
			cmp = tsv ? "same-as-pid1" : "same as pid 1";
		else
			cmp = tsv ? "own" : "own (not pid 1's)";
		fact(key, ns_files[i], "%lu %s", (unsigned long)self.st_ino,
		     cmp);
	}
}

/* Creates user namespaces nested in each other until refused. */
static void nest_userns(int fd)
{
	char map[64];
	int depth = 0, err = 0;

	for (;;) {
		uid_t uid = geteuid();
		gid_t gid = getegid();
		int mfd;

		if (unshare(CLONE_NEWUSER)) {
			err = errno;
			break;
		}
		depth++;
		mfd = open("/proc/self/setgroups", O_WRONLY | O_CLOEXEC);
		if (mfd >= 0) {
			if (write(mfd, "deny", 4) != 4)
				err = errno;
			close(mfd);
		}
		snprintf(map, sizeof(map), "0 %u 1", uid);
		mfd = open("/proc/self/uid_map", O_WRONLY | O_CLOEXEC);
		if (mfd < 0 || write(mfd, map, strlen(map)) < 0)
			err = errno ? errno : EIO;
		if (mfd >= 0)
			close(mfd);
		snprintf(map, sizeof(map), "0 %u 1", gid);
		mfd = open("/proc/self/gid_map", O_WRONLY | O_CLOEXEC);
		if (mfd < 0 || write(mfd, map, strlen(map)) < 0)
			err = errno ? errno : EIO;
		if (mfd >= 0)
			close(mfd);
		if (err)
			break;
		if (depth > USERNS_MAX_PARENT_LEVEL + 1)
			break;		/* a kernel without the limit */
	}
	dprintf(fd, "%d %d\n", depth, err);
}

/*
 * How many user namespaces can be nested below this one, and the errno
 * that stopped the nesting.  Returns -1 when the probe could not run.
 */
static int probe_nesting(int *depth, int *err)
{
	char buf[32] = "";
	int pipefd[2];
	ssize_t ret;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		close(pipefd[0]);
		nest_userns(pipefd[1]);
		_exit(0);
	}
	close(pipefd[1]);
	ret = read(pipefd[0], buf, sizeof(buf) - 1);
	close(pipefd[0]);
	waitpid(pid, NULL, 0);
	if (ret <= 0 || sscanf(buf, "%d %d", depth, err) != 2)
		return -1;
	return 0;
}

static const char *errno_name(int err)
{
	const char *name;

	if (!err)
		return "ok";
	name = strerrorname_np(err);
	return name ? name : "error";
}

/* Lines of a small file joined with "; ". */
static void read_lines(const char *path, char *buf, size_t len)
{
	char raw[1024], *line, *save = NULL;
	size_t pos = 0;
	int ret;

	ret = read_text(path, raw, sizeof(raw));
	if (ret) {
		snprintf(buf, len, "unavailable (%s)", strerror(-ret));
		return;
	}
	buf[0] = '\0';
	for (line = strtok_r(raw, "\n", &save); line && pos < len;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long a, b, c;

		if (sscanf(line, "%lu %lu %lu", &a, &b, &c) == 3)
			pos += snprintf(buf + pos, len - pos, "%s%lu %lu %lu",
					pos ? "; " : "", a, b, c);
	}
	if (!pos)
		snprintf(buf, len, "empty");
}

/* The user namespace: is it the initial one, how deep, its maps. */
static void report_userns(bool probe, bool *initial)
{
	int depth = 0, err = 0, fd, level = -1;
	const char *method = "none";
	struct stat st;
	char buf[1024];

	heading("User namespace");
	*initial = !stat("/proc/self/ns/user", &st) &&
		   st.st_ino == INIT_USER_NS_INO;
	fact("userns.initial", "initial user namespace", "%s",
	     *initial ? "yes" : "no");

	/*
	 * NS_GET_PARENT only opens a user namespace at or below the caller's
	 * own (ns_get_owner()), so from inside it always fails: the depth of
	 * a process's own user namespace is not visible to it.  Say so, and
	 * probe instead.
	 */
	fd = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		int pfd = ioctl(fd, NS_GET_PARENT);

		fact("userns.ns_get_parent", "NS_GET_PARENT", "%s",
		     pfd >= 0 ? "ok" : errno_name(errno));
		if (pfd >= 0)
			close(pfd);
		close(fd);
	}

	if (!probe) {
		fact("userns.create_probe", "new user namespace", "not probed");
	} else if (probe_nesting(&depth, &err)) {
		/* e.g. a seccomp filter that kills on unshare() */
		fact("userns.create_probe", "new user namespace",
		     "probe failed");
		probe = false;
	} else {
		fact("userns.create_probe", "new user namespace", "%s",
		     depth ? "ok" : errno_name(err));
		fact("userns.nest_probe", NULL, "%d %s", depth,
		     errno_name(err));
	}
	if (*initial) {
		level = 0;
		method = "initial";
	} else if (probe && err == ENOSPC) {
		/*
		 * user.max_user_namespaces also fails with ENOSPC; with the
		 * usual limits (thousands) the nesting limit comes first.
		 */
		level = USERNS_MAX_PARENT_LEVEL + 1 - depth;
		method = "probe";
	}
	if (level >= 0)
		fact("userns.level", "nesting level", "%d", level);
	else
		fact("userns.level", "nesting level", "unknown");
	fact("userns.level_method", NULL, "%s", method);
	if (!tsv && !strcmp(method, "probe"))
		printf("  %-26s %d more could be nested below (limit %d)\n", "",
		       depth, USERNS_MAX_PARENT_LEVEL + 1);

	read_lines("/proc/self/uid_map", buf, sizeof(buf));
	fact("userns.uid_map", "uid_map", "%s", buf);
	read_lines("/proc/self/gid_map", buf, sizeof(buf));
	fact("userns.gid_map", "gid_map", "%s", buf);
	if (read_text("/proc/self/setgroups", buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "unavailable");
	fact("userns.setgroups", "setgroups", "%s", buf);
	if (status_field("Uid", buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "unavailable");
	fact("uid", "uid (real eff saved fs)", "%s", buf);
	if (status_field("Gid", buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "unavailable");
	fact("gid", "gid (real eff saved fs)", "%s", buf);
	if (status_field("NSpid", buf, sizeof(buf)) == 0) {
		int n = 0;
		char *p;

		for (p = strtok(buf, " \t"); p; p = strtok(NULL, " \t"))
			n++;
		fact("pidns.level", "pid namespace depth", "%d", n - 1);
	}
}

struct caps {
	__u64 eff, prm, bnd, amb, inh;
	__u64 full;
};

static void report_capset(const char *key, const char *label,
			  const char *field, __u64 *set, __u64 full)
{
	char buf[1024], k[32];

	if (status_field(field, buf, sizeof(buf))) {
		fact(key, label, "unavailable");
		*set = 0;
		return;
	}
	*set = strtoull(buf, NULL, 16);
	snprintf(k, sizeof(k), "%s.names", key);
	fact(key, NULL, "%#llx", (unsigned long long)*set);
	cap_list(*set, buf, sizeof(buf));
	fact(k, NULL, "%s", buf);
	if (tsv)
		return;
	if (*set == full) {
		printf("  %-26s all (%#llx)\n", label, (unsigned long long)*set);
	} else if (*set && __builtin_popcountll(full & ~*set) <
		   __builtin_popcountll(*set)) {
		cap_list(full & ~*set, buf, sizeof(buf));
		printf("  %-26s all but %s\n", label, buf);
	} else {
		cap_list(*set, buf, sizeof(buf));
		printf("  %-26s %s\n", label, buf);
	}
}

static void report_caps(struct caps *c)
{
	heading("Capabilities (in the user namespace above)");
	c->full = all_caps();
	fact("cap.last_cap", NULL, "%d", last_cap());
	report_capset("cap.eff", "effective", "CapEff", &c->eff, c->full);
	report_capset("cap.prm", "permitted", "CapPrm", &c->prm, c->full);
	report_capset("cap.bnd", "bounding", "CapBnd", &c->bnd, c->full);
	report_capset("cap.amb", "ambient", "CapAmb", &c->amb, c->full);
	report_capset("cap.inh", "inheritable", "CapInh", &c->inh, c->full);
}

struct policy {
	bool available;
	unsigned long long userns_create, ns_create, ns_setns, caps;
	unsigned long long modules, cgroup, locked;
};

static const char *policy_label(const char *knob)
{
	return knob + strlen("restrict.");
}

static void report_knob(const char *knob, unsigned long long *val,
			int decode)
{
	char path[64], buf[512], key[64];
	int ret;

	user_sysctl_path(path, sizeof(path), knob);
	snprintf(key, sizeof(key), "policy.%s", knob);
	ret = read_text(path, buf, sizeof(buf));
	if (ret) {
		fact(key, policy_label(knob), "unreadable (%s)",
		     strerror(-ret));
		return;
	}
	*val = strtoull(buf, NULL, 0);
	if (!decode) {
		fact(key, policy_label(knob), "%llu", *val);
		return;
	}
	fact(key, NULL, "%#llx", *val);
	if (decode == 'c')
		cap_list(*val, buf, sizeof(buf));
	else if (decode == 'g')
		cgroup_list(*val, buf, sizeof(buf));
	else
		ns_list(*val, buf, sizeof(buf));
	snprintf(key + strlen(key), sizeof(key) - strlen(key), ".names");
	fact(key, NULL, "%s", buf);
	if (!tsv)
		printf("  %-26s %#llx (%s)\n", policy_label(knob), *val, buf);
}

static void report_policy(struct policy *p)
{
	heading("User namespace restriction policy (user.restrict.*)");
	p->available = !access("/proc/sys/user/restrict/caps", F_OK);
	if (tsv)
		fact("policy.available", NULL, "%s", p->available ? "yes" : "no");
	else if (!p->available)
		printf("  not available: this kernel has no user.restrict.* sysctls\n");
	if (!p->available)
		return;
	if (!tsv)
		printf("  What applies to the user namespaces created below this one:\n"
		       "  everything that applies here, plus what this namespace's root\n"
		       "  added for them.\n");
	report_knob("restrict.userns_create", &p->userns_create, 0);
	report_knob("restrict.ns_create", &p->ns_create, 'n');
	report_knob("restrict.ns_setns", &p->ns_setns, 'n');
	report_knob("restrict.caps", &p->caps, 'c');
	report_knob("restrict.modules", &p->modules, 0);
	if (!access("/proc/sys/user/restrict/cgroup", F_OK))
		report_knob("restrict.cgroup", &p->cgroup, 'g');
	report_knob("restrict.locked", &p->locked, 0);
}

/* Other sysctls that decide who may create user namespaces. */
static void report_userns_sysctls(long *max_userns, long *debian,
				  long *apparmor)
{
	static const struct {
		const char *key, *path;
	} files[] = {
		{ "sysctl.max_user_namespaces",
		  "/proc/sys/user/max_user_namespaces" },
		{ "sysctl.unprivileged_userns_clone",
		  "/proc/sys/kernel/unprivileged_userns_clone" },
		{ "sysctl.apparmor_restrict_unprivileged_userns",
		  "/proc/sys/kernel/apparmor_restrict_unprivileged_userns" },
	};
	long *vals[] = { max_userns, debian, apparmor };
	char buf[64];
	size_t i;

	heading("Other user namespace sysctls");
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		*vals[i] = -1;
		if (read_text(files[i].path, buf, sizeof(buf))) {
			fact(files[i].key, files[i].key + 7, "absent");
			continue;
		}
		*vals[i] = strtol(buf, NULL, 10);
		fact(files[i].key, files[i].key + 7, "%ld", *vals[i]);
	}
}

struct mac {
	bool labelled;
	int landlock_abi;
};

static void report_lsm_list(void)
{
	char buf[256], list[256] = "";
	__u64 ids[32];
	__u32 size = sizeof(ids);
	size_t pos = 0, j;
	long n, i;

	if (!read_text("/sys/kernel/security/lsm", buf, sizeof(buf))) {
		fact("lsm.list", "active LSMs", "%s", buf);
		return;
	}
	/* Without securityfs mounted, ask the kernel (Linux 6.8 and later). */
	n = syscall(__NR_lsm_list_modules, ids, &size, 0);
	if (n < 0) {
		fact("lsm.list", "active LSMs", "unavailable (%s)",
		     errno_name(errno));
		return;
	}
	for (i = 0; i < n && i < (long)ARRAY_SIZE(ids); i++) {
		const char *name = NULL;

		for (j = 0; j < ARRAY_SIZE(lsm_ids); j++)
			if (lsm_ids[j].id == (int)ids[i])
				name = lsm_ids[j].name;
		if (name)
			pos += snprintf(list + pos, sizeof(list) - pos, "%s%s",
					pos ? "," : "", name);
		else
			pos += snprintf(list + pos, sizeof(list) - pos,
					"%slsm%llu", pos ? "," : "",
					(unsigned long long)ids[i]);
		if (pos >= sizeof(list))
			break;
	}
	fact("lsm.list", "active LSMs", "%s", pos ? list : "none");
}

static void report_mac(struct mac *m)
{
	char buf[256];
	int ret;

	heading("Seccomp, no_new_privs, LSMs, Landlock");
	report_lsm_list();
	m->labelled = false;
	ret = read_text("/proc/self/attr/current", buf, sizeof(buf));
	if (ret) {
		fact("lsm.current", "label (attr/current)", "unavailable (%s)",
		     errno_name(-ret));
	} else {
		fact("lsm.current", "label (attr/current)", "%s", buf);
		m->labelled = buf[0] && strcmp(buf, "unconfined") &&
			      strncmp(buf, "unconfined ", 11);
	}
	ret = read_text("/proc/self/attr/apparmor/current", buf, sizeof(buf));
	if (ret) {
		fact("lsm.apparmor", "AppArmor profile", "unavailable (%s)",
		     errno_name(-ret));
	} else {
		fact("lsm.apparmor", "AppArmor profile", "%s", buf);
		if (strcmp(buf, "unconfined"))
			m->labelled = true;
	}

	ret = syscall(__NR_landlock_create_ruleset, NULL, 0,
		      LANDLOCK_CREATE_RULESET_VERSION);
	m->landlock_abi = ret;
	if (ret >= 0)
		fact("landlock.abi", "Landlock ABI", "%d", ret);
	else
		fact("landlock.abi", "Landlock ABI", "unsupported (%s)",
		     errno_name(errno));
	fact("landlock.self", "Landlock domain",
	     "unknown (the kernel does not show whether a process is landlocked)");
}

static void report_seccomp(long *mode, long *filters, long *nnp)
{
	static const char * const modes[] = { "disabled", "strict", "filter" };

	*mode = status_long("Seccomp", -1);
	*filters = status_long("Seccomp_filters", -1);
	*nnp = status_long("NoNewPrivs", -1);
	if (tsv)
		fact("seccomp.mode", NULL, "%ld", *mode);
	else if (*mode >= 0 && *mode <= 2)
		printf("  %-26s %s\n", "seccomp", modes[*mode]);
	else
		printf("  %-26s unknown\n", "seccomp");
	fact("seccomp.filters", "seccomp filters", "%ld", *filters);
	fact("nnp", "no_new_privs", "%ld", *nnp);
}

#define CAP_BIT(c)	(1ULL << (c))

static void find_hints(bool initial, const struct caps *c,
		       const struct policy *p, long max_userns, long debian,
		       long apparmor, long seccomp, long nnp,
		       const struct mac *m)
{
	__u64 missing = c->full & ~c->bnd;

	if (!p->available)
		add_hint("policy_missing", "container_lockdown_controls",
			 "this kernel has no user.restrict.* policy: none of its controls can be used");
	if ((!p->available || !p->userns_create) && max_userns &&
	    debian && apparmor != 1)
		add_hint("userns_create", "container_lockdown_userns_create",
			 "unprivileged user namespace creation allowed: any user can become root of a new user namespace");
	if (!initial && (c->eff & CAP_BIT(CAP_SYS_ADMIN)) &&
	    (!p->available || !p->caps) && !missing)
		add_hint("caps_no_ceiling", "container_lockdown_ceiling",
			 "CAP_SYS_ADMIN effective in a user namespace with no ceiling: mount, namespace and file system code is reachable");
	if (!initial && (c->eff & CAP_BIT(CAP_NET_ADMIN)))
		add_hint("net_admin", "container_lockdown_ceiling",
			 "CAP_NET_ADMIN effective in a user namespace: nf_tables and netlink configuration code is reachable");
	if (p->available && !p->caps)
		add_hint("ceiling_unset", "container_lockdown_ceiling",
			 "user.restrict.caps is 0: user namespaces created below this one get every capability over what they own");
	if (p->available && !p->modules)
		add_hint("modules", "container_lockdown_modules",
			 "user.restrict.modules is 0: user namespaces below this one can make the kernel load modules");
	if (seccomp == 0)
		add_hint("seccomp", "container_lockdown_seccomp",
			 "no seccomp filter: every system call is reachable");
	if (nnp == 0)
		add_hint("nnp", "container_lockdown_capabilities",
			 "no_new_privs off: execve() of set-user-ID and file-capability programs can raise privileges");
	if (!m->labelled)
		add_hint("lsm", "container_lockdown_lsm",
			 "no LSM confinement visible (no AppArmor profile or SELinux label other than unconfined)");
}

static void report_hints(void)
{
	int i;

	heading("Weak points");
	if (!nr_hints && !tsv)
		printf("  none found\n");
	for (i = 0; i < nr_hints; i++) {
		if (tsv) {
			printf("hint.%s\t%s\n", hints[i].id, hints[i].label);
			continue;
		}
		printf("  - %s\n    see section %s in\n    %s\n",
		       hints[i].text, hints[i].label, GUIDE);
	}
}

static void help(const char *prog)
{
	fprintf(stderr, "usage: %s [--tsv|--kv] [--no-probe]\n", prog);
}

int main(int argc, char **argv)
{
	long max_userns, debian, apparmor, seccomp, filters, nnp;
	bool probe = true, initial;
	struct policy p = {};
	struct caps c = {};
	struct mac m = {};
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--tsv") || !strcmp(argv[i], "--kv")) {
			tsv = true;
		} else if (!strcmp(argv[i], "--no-probe")) {
			probe = false;
		} else {
			help(argv[0]);
			return 0;
		}
	}

	if (tsv)
		printf("format\tuserns_confinement/1\n");
	else
		printf("Confinement of pid %d, as seen from inside\n", getpid());
	report_namespaces();
	report_userns(probe, &initial);
	report_caps(&c);
	report_policy(&p);
	report_userns_sysctls(&max_userns, &debian, &apparmor);
	report_mac(&m);
	report_seccomp(&seccomp, &filters, &nnp);
	find_hints(initial, &c, &p, max_userns, debian, apparmor, seccomp, nnp,
		   &m);
	report_hints();
	return 0;
}

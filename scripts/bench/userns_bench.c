// SPDX-License-Identifier: GPL-2.0
/*
 * userns_bench: time the paths the user namespace restriction series
 * touches, so that the baseline and the patched kernel can be compared.
 *
 * Every metric runs ROUNDS rounds of N operations; a round's value is its
 * mean time per operation (the median of its calls for the two timed one
 * call at a time in a fresh child, see calls_median()) and the reported
 * figure is the median of the rounds.  The rounds of all metrics are
 * interleaved (round 1 of each metric, then round 2 ...) so that a burst
 * of load on the host spreads over all metrics instead of spoiling one.
 *
 * The benchmark runs with a fixed address space layout (see
 * fixed_layout()) and on CPU 0 only: a fork's parent and child then share
 * a vCPU instead of waking each other across two emulated CPUs, whose
 * host threads compete with the rest of the host.  Deferred work (RCU,
 * namespace cleanup) still runs wherever the kernel puts it; a pause after
 * each metric's round lets it settle.
 *
 * Run as root.  The paths whose point is an unprivileged user namespace
 * drop to an unprivileged uid (-u, default 1000) before they start.
 * With -p on, the restriction policy of the initial user namespace is set
 * to a restrictive value that still allows every measured operation; on a
 * kernel without the policy (no /proc/sys/user/restrict/) nothing is set
 * and the run is the baseline of the "on" figures.
 *
 * Output, tab-separated, one line per metric (times in TSC ticks per
 * operation, see now()):
 *   BENCH <metric> tsc/op <policy> <median> <round,round,...>
 * and first one line saying whether the policy was in force and one
 * saying whether the address space layout is fixed (see fixed_layout()):
 *   BENCH-POLICY <policy> <enforced|absent|off>
 *   BENCH-LAYOUT <fixed|random>
 * scripts/bench.py turns the lines of several boots into the table.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* user_sysctl_path(), shared with the selftests. */
#include "../../selftests/userns_restrict_util.h"

#define CAP_SYS_MODULE	16
#define CAP_SYS_RAWIO	17

/*
 * The "on" policy: every control set to something this benchmark does not
 * use.  restrict.userns_create stays 0: it would forbid the unprivileged
 * unshare(CLONE_NEWUSER) measured here.
 */
#define POLICY_NS_MASK	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWIPC | \
			 CLONE_NEWPID | CLONE_NEWTIME)
#define POLICY_CAPS	((1ULL << CAP_SYS_MODULE) | (1ULL << CAP_SYS_RAWIO))
/* No cgroup v1 mount, cgroup namespace roots as delegation boundaries. */
#define POLICY_CGROUP	0x3

static int rounds = 7;
static double scale = 1.0;
static uid_t unpriv_uid = 1000;
static const char *policy = "off";

/* TSC ticks of one operation measured inside a short-lived child. */
static volatile uint64_t *child_ticks;

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("userns_bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (errno)
		fprintf(stderr, ": %s", strerror(errno));
	fputc('\n', stderr);
	exit(1);
}

/*
 * The time stamp counter.  The test kernels have no clock better than
 * jiffies under QEMU TCG (no HPET or ACPI PM timer driver, and the TSC
 * cannot be calibrated), so CLOCK_MONOTONIC moves in 4 ms steps there.
 * TCG's guest TSC is the host's, so it is precise and counts at the same
 * rate on every boot; -c measures that rate on the host.
 */
static uint64_t now(void)
{
	return __builtin_ia32_rdtsc();
}

static uint64_t clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* TSC ticks per microsecond, over 200 ms of CLOCK_MONOTONIC (on the host). */
static void calibrate(void)
{
	uint64_t c0, t0, c1, t1;

	t0 = clock_ns();
	c0 = now();
	do
		t1 = clock_ns();
	while (t1 - t0 < 200000000ULL);
	c1 = now();
	printf("BENCH-TSC\t%.3f\n", (double)(c1 - c0) * 1000.0 / (double)(t1 - t0));
}

static void wait_ok(pid_t pid, const char *what)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		die("%s: waitpid", what);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = 0;
		die("%s: child failed (status %#x)", what, status);
	}
}

static void drop_privileges(void)
{
	if (setgroups(0, NULL) || setresgid(unpriv_uid, unpriv_uid, unpriv_uid) ||
	    setresuid(unpriv_uid, unpriv_uid, unpriv_uid))
		die("dropping to uid %u", unpriv_uid);
	/* Keep /proc/PID/ns of our children open to us. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		die("PR_SET_DUMPABLE");
}

/*
 * A child that sits in new namespaces until killed, and an open file of one
 * of them.  With @join >= 0 it first enters that user namespace.
 */
struct holder {
	pid_t pid;
	int fd;
};

static struct holder hold_ns(int join, int flags, const char *type)
{
	struct holder h;
	char path[64], c;
	int p[2];

	if (pipe(p))
		die("pipe");
	h.pid = fork();
	if (h.pid < 0)
		die("fork");
	if (!h.pid) {
		if (join >= 0 && setns(join, CLONE_NEWUSER))
			_exit(1);
		if (unshare(flags))
			_exit(1);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1) {
		errno = 0;
		die("holder of a %s namespace did not start", type);
	}
	close(p[0]);
	snprintf(path, sizeof(path), "/proc/%d/ns/%s", h.pid, type);
	h.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (h.fd < 0)
		die("open %s", path);
	return h;
}

static void release(struct holder *h)
{
	close(h->fd);
	kill(h->pid, SIGKILL);
	waitpid(h->pid, NULL, 0);
}

static int open_ns(const char *type)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", type);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open %s", path);
	return fd;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The round's value of a metric timed one call at a time, as the sum its
 * caller divides by @n: n times the median of the calls.  Not their mean:
 * now and then a call runs into a slab refill (a new slab page and its
 * freelist, about 1,000 instructions), whose period follows the
 * allocations of the whole loop (fork, exit, RCU frees) and not the call's
 * own cost, so which calls of a round it lands in shifts with any change
 * to the kernel's allocation pattern.  Counted over 10,000 iterations,
 * the baseline and the patched kernel allocate the same objects and
 * refill as often (2.2 new slabs per setns_user_owner iteration, 2.4 per
 * unshare_user one, in both), yet one pair of boots put a refill in 4 of
 * every 60 timed setns() calls on one kernel and in 0 on the other: 5% of
 * the mean.
 */
static uint64_t calls_median(uint64_t *ticks, long n)
{
	uint64_t m;

	qsort(ticks, n, sizeof(*ticks), cmp_u64);
	m = n % 2 ? ticks[n / 2] : (ticks[n / 2 - 1] + ticks[n / 2]) / 2;
	free(ticks);
	return m * n;
}

static uint64_t *calls_alloc(long n)
{
	uint64_t *ticks = calloc(n, sizeof(*ticks));

	if (!ticks)
		die("calloc");
	return ticks;
}

/* fork + exit + wait, no CLONE_NEW* flag: the hot path of process creation. */
static uint64_t op_fork(long n)
{
	uint64_t t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid)
			_exit(0);
		wait_ok(pid, "fork");
	}
	return now() - t0;
}

/* The unshare(CLONE_NEWUSER) syscall alone, timed in a fresh child. */
static uint64_t op_unshare_user(long n)
{
	uint64_t *ticks = calls_alloc(n);
	long i;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid) {
			uint64_t t0 = now();

			if (unshare(CLONE_NEWUSER))
				_exit(1);
			*child_ticks = now() - t0;
			_exit(0);
		}
		wait_ok(pid, "unshare(CLONE_NEWUSER)");
		ticks[i] = *child_ticks;
	}
	return calls_median(ticks, n);
}

/* The whole life of a user namespace: fork, unshare, exit, wait. */
static uint64_t op_unshare_user_cycle(long n)
{
	uint64_t t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid)
			_exit(unshare(CLONE_NEWUSER) ? 1 : 0);
		wait_ok(pid, "fork+unshare(CLONE_NEWUSER)");
	}
	return now() - t0;
}

static int child_exit(void *arg)
{
	return 0;
}

/*
 * clone(CLONE_NEWUSER | CLONE_NEWNET) + exit + wait.  A network namespace
 * is torn down later, by a worker that takes every namespace waiting at
 * the time in one batch (cleanup_net()), and a batch has a fixed cost
 * (inet_twsk_purge() and tcp_metrics_flush_all() walk whole tables): how
 * much of the teardown falls inside a round, and in how many batches,
 * varies with timing.  With 15 namespaces a round it varied by 9% between
 * rounds, in rounds that any change to the kernel moves (under -icount
 * the same ones in every boot of a kernel: once round 5 of the patched
 * kernel's, once rounds 2 and 5 of the baseline's).  A round makes 150
 * (500 iterations before -s), and its rounds vary by about 1%.
 */
static uint64_t op_clone_user_net(long n)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	uint64_t t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		pid_t pid = clone(child_exit, stack + sizeof(stack),
				  CLONE_NEWUSER | CLONE_NEWNET | SIGCHLD, NULL);

		if (pid < 0)
			die("clone(CLONE_NEWUSER|CLONE_NEWNET)");
		wait_ok(pid, "clone(CLONE_NEWUSER|CLONE_NEWNET)");
	}
	return now() - t0;
}

/*
 * setns() into a user namespace our uid owns, timed in a fresh child (a
 * task can enter a user namespace only once).  The CAP_SYS_ADMIN check
 * over the target goes through cap_capable()'s owner-of-child rule.
 */
static uint64_t op_setns_user(long n)
{
	struct holder h = hold_ns(-1, CLONE_NEWUSER, "user");
	uint64_t *ticks = calls_alloc(n);
	long i;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid) {
			uint64_t t0 = now();

			if (setns(h.fd, CLONE_NEWUSER))
				_exit(1);
			*child_ticks = now() - t0;
			_exit(0);
		}
		wait_ok(pid, "setns(CLONE_NEWUSER)");
		ticks[i] = *child_ticks;
	}
	release(&h);
	return calls_median(ticks, n);
}

/* setns() back and forth between two network namespaces: 2n calls. */
static uint64_t setns_pingpong(int a, int b, long n)
{
	uint64_t t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		if (setns(a, CLONE_NEWNET) || setns(b, CLONE_NEWNET))
			die("setns(CLONE_NEWNET)");
	}
	return now() - t0;
}

/* Two fresh network namespaces of the current user namespace. */
static void two_netns(int *a, int *b)
{
	if (unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET)");
	*a = open_ns("net");
	if (unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET)");
	*b = open_ns("net");
}

/* Root in the initial user namespace: the common path. */
static uint64_t op_setns_net_root(long n)
{
	uint64_t t;
	int a, b;

	two_netns(&a, &b);
	t = setns_pingpong(a, b, n);
	close(a);
	close(b);
	return t;
}

/* Unprivileged, inside its own user namespace. */
static uint64_t op_setns_net_userns(long n)
{
	uint64_t t;
	int a, b;

	if (unshare(CLONE_NEWUSER))
		die("unshare(CLONE_NEWUSER)");
	two_netns(&a, &b);
	t = setns_pingpong(a, b, n);
	close(a);
	close(b);
	return t;
}

/*
 * Root in the initial user namespace joining network namespaces owned by
 * a child user namespace it created: cap_capable()'s owner-of-child rule.
 */
static uint64_t op_setns_net_owner(long n)
{
	struct holder h1 = hold_ns(-1, CLONE_NEWUSER | CLONE_NEWNET, "net");
	struct holder h2;
	char path[64];
	uint64_t t;
	int uns;

	/* The second one in the same child user namespace. */
	snprintf(path, sizeof(path), "/proc/%d/ns/user", h1.pid);
	uns = open(path, O_RDONLY | O_CLOEXEC);
	if (uns < 0)
		die("open %s", path);
	h2 = hold_ns(uns, CLONE_NEWNET, "net");
	close(uns);
	t = setns_pingpong(h1.fd, h2.fd, n);
	release(&h1);
	release(&h2);
	return t;
}

static uint64_t sethostname_loop(long n)
{
	static const char name[] = "userns-bench";
	uint64_t t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		if (sethostname(name, sizeof(name) - 1))
			die("sethostname");
	}
	return now() - t0;
}

/* Root in its own UTS namespace of the initial user namespace. */
static uint64_t op_sethostname_root(long n)
{
	if (unshare(CLONE_NEWUTS))
		die("unshare(CLONE_NEWUTS)");
	return sethostname_loop(n);
}

/* Unprivileged, in a UTS namespace of its own user namespace. */
static uint64_t op_sethostname_userns(long n)
{
	if (unshare(CLONE_NEWUSER | CLONE_NEWUTS))
		die("unshare(CLONE_NEWUSER|CLONE_NEWUTS)");
	return sethostname_loop(n);
}

/*
 * Root in the initial user namespace, in a UTS namespace owned by a child
 * user namespace it created: cap_capable()'s owner-of-child rule.
 */
static uint64_t op_sethostname_owner(long n)
{
	struct holder h = hold_ns(-1, CLONE_NEWUSER | CLONE_NEWUTS, "uts");
	uint64_t t;

	if (setns(h.fd, CLONE_NEWUTS))
		die("setns(CLONE_NEWUTS)");
	t = sethostname_loop(n);
	release(&h);
	return t;
}

struct metric {
	const char *name;
	long iterations;	/* per round, before -s */
	int ops;		/* operations per iteration */
	bool unprivileged;	/* runs as -u */
	uint64_t (*fn)(long n);
};

static struct metric metrics[] = {
	{ "fork_exit_wait",			200, 1, false, op_fork },
	{ "unshare_user",			200, 1, true,  op_unshare_user },
	{ "fork_unshare_user_exit_wait",	200, 1, true,  op_unshare_user_cycle },
	{ "clone_user_net_exit_wait",		500, 1, true,  op_clone_user_net },
	{ "setns_user_owner",			200, 1, true,  op_setns_user },
	{ "setns_net_root",			5000, 2, false, op_setns_net_root },
	{ "setns_net_userns",			5000, 2, true,  op_setns_net_userns },
	{ "setns_net_owner",			5000, 2, false, op_setns_net_owner },
	{ "sethostname_root",			20000, 1, false, op_sethostname_root },
	{ "sethostname_userns",			20000, 1, true,  op_sethostname_userns },
	{ "sethostname_owner",			20000, 1, false, op_sethostname_owner },
};

#define NR_METRICS (sizeof(metrics) / sizeof(metrics[0]))

/* Each metric's value per round, in ns per operation. */
static double *results[NR_METRICS];

/*
 * One round of a metric, in a child of its own so that namespaces it
 * enters and the uid it drops to do not leak into the next one.
 */
static double run_round(struct metric *m)
{
	volatile uint64_t *result = child_ticks + 1;
	long n = m->iterations * scale;
	pid_t pid;

	if (n < 1)
		n = 1;
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		if (m->unprivileged)
			drop_privileges();
		*result = m->fn(n);
		fflush(NULL);
		_exit(0);
	}
	wait_ok(pid, m->name);
	return (double)*result / ((double)n * m->ops);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const double *v, int n)
{
	double *s = malloc(n * sizeof(*s));
	double m;

	if (!s)
		die("malloc");
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return m;
}

static const char *const policy_files[] = {
	"restrict.modules", "restrict.caps", "restrict.ns_create", "restrict.ns_setns",
};

static int write_sysctl(const char *name, unsigned long long val)
{
	char path[128], buf[32];
	int fd, len, ret = 0;

	user_sysctl_path(path, sizeof(path), name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%#llx", val);
	if (write(fd, buf, len) != len)
		ret = -errno;
	close(fd);
	return ret;
}

/*
 * Set the restrictive policy.  Returns 1 when the kernel has it, 0 when it
 * has none of its sysctls (the baseline kernel).
 */
static int set_policy(void)
{
	const unsigned long long vals[] = {
		1, POLICY_CAPS, POLICY_NS_MASK, POLICY_NS_MASK,
	};
	int i, present = 0, ret;

	for (i = 0; i < 4; i++) {
		ret = write_sysctl(policy_files[i], vals[i]);
		if (ret == -ENOENT)
			continue;
		if (ret) {
			errno = -ret;
			die("writing user.%s", policy_files[i]);
		}
		present++;
	}
	if (present && present != 4) {
		errno = 0;
		die("only %d of the 4 policy sysctls exist", present);
	}
	/* Later versions of the series add cgroup restrictions: set them too. */
	if (present) {
		ret = write_sysctl("restrict.cgroup", POLICY_CGROUP);
		if (ret && ret != -ENOENT) {
			errno = -ret;
			die("writing user.restrict.cgroup");
		}
	}
	return present == 4;
}

/*
 * Prove the policy is in force: an unprivileged user namespace may not
 * create an IPC namespace.  Returns 1 when it is denied.
 */
static int policy_enforced(void)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		die("fork");
	if (!pid) {
		drop_privileges();
		if (unshare(CLONE_NEWUSER))
			_exit(2);
		if (unshare(CLONE_NEWIPC))
			_exit(errno == EPERM ? 1 : 2);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) > 1) {
		errno = 0;
		die("policy probe failed (status %#x)", status);
	}
	return WEXITSTATUS(status);
}

/*
 * Run with a fixed address space layout: re-execute ourselves once with
 * ADDR_NO_RANDOMIZE.  With the layout randomised, a fork's cost depends on
 * how many page tables the run's stack, vDSO and mappings happen to span:
 * fork_exit_wait took 235,600, 235,900 or 241,400 vns in three runs on the
 * same boot of the same kernel, and 223,400 to 225,000 in three without
 * randomisation, alike on the baseline and the patched kernel.  Where the
 * flag cannot be set (a seccomp filter refusing personality(), a setuid
 * copy clearing it on exec), run on with a warning and say so in the
 * BENCH-LAYOUT line.
 */
static const char *fixed_layout(char **argv)
{
	static const char reexec[] = "USERNS_BENCH_REEXEC";
	int persona = personality(0xffffffff);

	if (persona != -1 && (persona & ADDR_NO_RANDOMIZE))
		return "fixed";
	if (persona == -1 || getenv(reexec) ||
	    personality(persona | ADDR_NO_RANDOMIZE) == -1) {
		fprintf(stderr, "userns_bench: warning: cannot turn address space layout randomisation off; fork timings will vary from run to run\n");
		return "random";
	}
	setenv(reexec, "1", 1);
	execv("/proc/self/exe", argv);
	die("execv /proc/self/exe");
	return NULL;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: userns_bench [-p off|on] [-r rounds] [-s scale] [-u uid] | -c\n"
		"  -c      print the TSC rate (ticks per microsecond) and exit\n"
		"  -p on   set a restrictive policy first (needs a fresh boot: it cannot be undone)\n"
		"  -r N    rounds per metric (default 7); the median is reported\n"
		"  -s X    multiply every metric's iterations by X (default 1)\n"
		"  -u UID  the unprivileged uid (default 1000)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *state = "off";
	cpu_set_t cpus;
	unsigned int i;
	const char *layout;
	int opt, r;

	layout = fixed_layout(argv);
	while ((opt = getopt(argc, argv, "cp:r:s:u:")) != -1) {
		switch (opt) {
		case 'c':
			calibrate();
			return 0;
		case 'p':
			policy = optarg;
			if (strcmp(policy, "off") && strcmp(policy, "on"))
				usage();
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 's':
			scale = atof(optarg);
			break;
		case 'u':
			unpriv_uid = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || rounds < 1 || scale <= 0 || !unpriv_uid)
		usage();
	if (geteuid()) {
		errno = 0;
		die("must run as root (it drops to uid %u where that is the point)",
		    unpriv_uid);
	}

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		die("sched_setaffinity");

	child_ticks = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (child_ticks == MAP_FAILED)
		die("mmap");

	if (!strcmp(policy, "on")) {
		if (set_policy())
			state = policy_enforced() ? "enforced" : "not-enforced";
		else
			state = "absent";
		if (!strcmp(state, "not-enforced")) {
			errno = 0;
			die("the policy is set but an IPC namespace could still be created");
		}
	}
	printf("BENCH-POLICY\t%s\t%s\n", policy, state);
	printf("BENCH-LAYOUT\t%s\n", layout);
	fflush(stdout);

	for (i = 0; i < NR_METRICS; i++) {
		results[i] = calloc(rounds, sizeof(double));
		if (!results[i])
			die("calloc");
	}
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < NR_METRICS; i++) {
			results[i][r] = run_round(&metrics[i]);
			/* Let deferred frees (RCU, namespace cleanup) settle. */
			usleep(50000);
		}
	}
	for (i = 0; i < NR_METRICS; i++) {
		struct metric *m = &metrics[i];

		printf("BENCH\t%s\ttsc/op\t%s\t%.0f\t", m->name, policy,
		       median(results[i], rounds));
		for (r = 0; r < rounds; r++)
			printf("%s%.0f", r ? "," : "", results[i][r]);
		putchar('\n');
	}
	return 0;
}

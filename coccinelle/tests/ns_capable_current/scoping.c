// SPDX-License-Identifier: GPL-2.0
/* ns_capable_current: false positives found by the tree-wide audit. */

unsigned long total_forks;
int nr_threads;

/*
 * kernel/fork.c copy_process(): the check sits in an inner block that only
 * some flags enter; the counters below are bumped on every fork.
 */
struct task_struct *copy_process(unsigned long clone_flags)
{
	if (clone_flags & CLONE_AUTOREAP) {
		if (!(clone_flags & CLONE_NNP) &&
		    !ns_capable(current_user_ns(), CAP_SYS_ADMIN))
			return ERR_PTR(-EPERM);
	}
	total_forks++;
	nr_threads++;
	return NULL;
}

/*
 * security/landlock/syscalls.c: a local declared with a cleanup attribute,
 * which spatch does not see as a declaration without the headers.
 */
SYSCALL_DEFINE2(restrict_self, const int, fd, const __u32, flags)
{
	struct landlock_ruleset *ruleset __free(landlock_put_ruleset) = NULL;

	if (!(flags & 1) && !ns_capable_noaudit(current_user_ns(), CAP_SYS_ADMIN))
		return -EPERM;
	ruleset = get_ruleset_from_fd(fd, FMODE_CAN_READ);
	return 0;
}

/* positive: same block, after an inner block closes */
int same_block(int v)
{
	if (!ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		return -EPERM;
	{
		v++;
	}
	nr_threads = v;
	return 0;
}

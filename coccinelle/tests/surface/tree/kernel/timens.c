// SPDX-License-Identifier: GPL-2.0
/*
 * surface test tree: only THE REST covers kernel/; functions spatch parses
 * only with coccinelle/macros.h (__free() naming a type, scoped_guard()).
 */

int demo_set_offset(struct file *file, struct task_struct *p)
{
	struct time_namespace *time_ns __free(time_ns) = NULL;

	time_ns = get_time_ns(p);
	if (!file_ns_capable(file, time_ns->user_ns, CAP_SYS_TIME))
		return -EPERM;
	return 0;
}

int demo_statmount(struct mnt_namespace *ns, int id)
{
	int ret;

	scoped_guard(namespace_shared)
		ret = demo_lookup(ns, id);

	if (id && !ns_capable_noaudit(ns->user_ns, CAP_SYS_ADMIN))
		return -ENOENT;
	return ret;
}

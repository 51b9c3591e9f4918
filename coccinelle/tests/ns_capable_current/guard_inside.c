// SPDX-License-Identifier: GPL-2.0
/* ns_capable_current: the write is in the then-branch of the check. */

int debug_level;
static struct stats stats;

/* positive: braces and an else branch */
int set_debug(int v)
{
	if (ns_capable(current_user_ns(), CAP_SYS_ADMIN)) {
		debug_level = v;
	} else {
		v = -1;
	}
	return v;
}

/* positive: single statement, nested field, && with the check */
void reset_stats(int all)
{
	if (all && ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		stats.totals.count = 0;
}

/* negative: the positive check returns, the write is on the denied path */
int inverted(void)
{
	if (ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		return 0;
	debug_level = 0;
	return -EPERM;
}

/* negative: the write is in the else branch (denied) */
int else_branch(int v)
{
	if (ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		v++;
	else
		debug_level = 0;
	return v;
}

/* negative: a local written in the guarded branch */
int local_only(int v)
{
	int level = 0;

	if (ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		level = v;
	return level;
}

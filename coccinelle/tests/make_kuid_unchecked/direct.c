// SPDX-License-Identifier: GPL-2.0
/* make_kuid_unchecked: a result passed straight to a function. */

/* positive */
int add_member(struct group *g, gid_t id)
{
	return group_add(g, make_kgid(current_user_ns(), id));
}

/* negative: comparisons fail closed */
int is_me(uid_t id, gid_t gid)
{
	return uid_eq(current_euid(), make_kuid(current_user_ns(), id)) ||
	       in_egroup_p(make_kgid(current_user_ns(), gid));
}

/* negative: checked directly */
int valid(uid_t id)
{
	return uid_valid(make_kuid(current_user_ns(), id));
}

/* negative: returned to the caller */
kuid_t map_uid(uid_t id)
{
	return make_kuid(current_user_ns(), id);
}

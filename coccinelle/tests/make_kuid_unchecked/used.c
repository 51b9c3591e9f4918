// SPDX-License-Identifier: GPL-2.0
/* make_kuid_unchecked: a result kept in a local and used unchecked. */

/* positive: declaration, then passed to a function */
int set_owner(struct thing *t, uid_t id)
{
	kuid_t uid = make_kuid(current_user_ns(), id);

	return thing_set_owner(t, uid);
}

/* positive: assignment, then stored elsewhere; make_kgid through f_cred */
int set_group(struct file *file, struct thing *t, gid_t id)
{
	kgid_t gid;

	gid = make_kgid(file->f_cred->user_ns, id);
	t->gid = gid;
	return 0;
}

/* positive: through a local variable holding the caller's namespace */
int lookup(uid_t id)
{
	struct user_namespace *ns = current_user_ns();
	kuid_t uid = make_kuid(ns, id);

	return find_by_uid(uid) != NULL;
}

/* negative: checked before use */
int checked(struct thing *t, uid_t id)
{
	kuid_t uid = make_kuid(current_user_ns(), id);

	if (!uid_valid(uid))
		return -EINVAL;
	return thing_set_owner(t, uid);
}

/* negative: kuid_has_mapping() */
int has_mapping(struct thing *t, gid_t id)
{
	struct user_namespace *ns = current_user_ns();
	kgid_t gid = make_kgid(ns, id);

	if (!kgid_has_mapping(ns, gid))
		return -EINVAL;
	t->gid = gid;
	return 0;
}

/* negative: compared with INVALID_UID */
int compared_invalid(struct thing *t, uid_t id)
{
	kuid_t uid = make_kuid(current_user_ns(), id);

	if (uid_eq(uid, INVALID_UID))
		return -EINVAL;
	return thing_set_owner(t, uid);
}

/* negative: only compared (fails closed) and mapped back */
int compared(uid_t id)
{
	kuid_t uid = make_kuid(current_user_ns(), id);

	if (uid_eq(uid, current_euid()))
		return from_kuid(&init_user_ns, uid);
	return 0;
}

/* negative: fs/open.c chown_common(), setattr_vfsuid() validates */
int chown_like(struct iattr *attr, uid_t user)
{
	kuid_t uid = make_kuid(current_user_ns(), user);

	if (user != (uid_t)-1 && !setattr_vfsuid(attr, uid))
		return -EINVAL;
	return 0;
}

/* negative: identity mapping of init_user_ns */
int init_ns(struct thing *t, uid_t id)
{
	kuid_t uid = make_kuid(&init_user_ns, id);

	return thing_set_owner(t, uid);
}

// SPDX-License-Identifier: GPL-2.0
/* make_kuid_unchecked: a result stored where it outlives the function. */

/* positive: mount option stored unchecked */
int parse_uid(struct opts *opts, unsigned int val)
{
	opts->uid = make_kuid(current_user_ns(), val);
	return 0;
}

/* positive: checked on one path only */
int parse_gid(struct opts *opts, unsigned int val, bool strict)
{
	opts->gid = make_kgid(current_cred()->user_ns, val);
	if (!strict)
		return 0;
	if (!gid_valid(opts->gid))
		return -EINVAL;
	return 0;
}

/* positive: out parameter */
void to_kuid(uid_t id, kuid_t *out)
{
	*out = make_kuid(current_user_ns(), id);
}

/* negative: checked on every path */
int parse_checked(struct opts *opts, unsigned int val)
{
	opts->uid = make_kuid(current_user_ns(), val);
	if (!uid_valid(opts->uid))
		return -EINVAL;
	return 0;
}

/* negative: net/core/fib_rules.c, a local struct returned to the caller */
struct kuid_range get_range(struct uid_range *in)
{
	struct kuid_range out;

	out.start = make_kuid(current_user_ns(), in->start);
	out.end = make_kuid(current_user_ns(), in->end);
	return out;
}

/* negative: on-disk id in the superblock's namespace (by design) */
void read_inode(struct inode *inode, struct raw_inode *raw)
{
	inode->i_uid = make_kuid(inode->i_sb->s_user_ns, raw->uid);
}

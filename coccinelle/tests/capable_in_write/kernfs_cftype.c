// SPDX-License-Identifier: GPL-2.0
/* capable_in_write: kernfs and cgroup (cftype) handlers. */

/* positive: kernfs_ops.write */
static ssize_t group_write(struct kernfs_open_file *of, char *buf,
			   size_t nbytes, loff_t off)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return nbytes;
}

static const struct kernfs_ops group_kf_ops = {
	.write		= group_write,
};

/* positive: cftype .write_u64 in an array of cftypes */
static int weight_write(struct cgroup_subsys_state *css, struct cftype *cft,
			u64 val)
{
	if (!capable(CAP_SYS_NICE))
		return -EPERM;
	return 0;
}

/* negative: cftype .read_u64 with the same check */
static u64 weight_read(struct cgroup_subsys_state *css, struct cftype *cft)
{
	if (!capable(CAP_SYS_NICE))
		return 0;
	return 1;
}

/* negative: the opener is checked (the CVE-2021-4197 fix shape) */
static ssize_t procs_write(struct kernfs_open_file *of, char *buf,
			   size_t nbytes, loff_t off)
{
	if (!file_ns_capable(of->file, &init_user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return nbytes;
}

/* negative: the check uses the opener's credentials */
static ssize_t release_write(struct kernfs_open_file *of, char *buf,
			     size_t nbytes, loff_t off)
{
	if (!ns_capable(of->file->f_cred->user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	return nbytes;
}

static struct cftype files[] = {
	{
		.name = "weight",
		.read_u64 = weight_read,
		.write_u64 = weight_write,
	},
	{
		.name = "procs",
		.write = procs_write,
	},
	{
		.name = "release_agent",
		.write = release_write,
	},
	{ }	/* terminate */
};

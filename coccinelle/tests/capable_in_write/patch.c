// SPDX-License-Identifier: GPL-2.0
/* capable_in_write, patch mode: file_operations, proc_ops and kernfs/cftype .write handlers. */

/* positive: .write */
static ssize_t knob_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return count;
}

/* positive: .unlocked_ioctl, namespaced check */
static long knob_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (!ns_capable(current_user_ns(), CAP_NET_ADMIN))
		return -EPERM;
	return 0;
}

/* positive: .write_iter, noaudit */
static ssize_t knob_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	if (!ns_capable_noaudit(&init_user_ns, CAP_SYS_RAWIO))
		return -EPERM;
	return 0;
}

/* negative: .read handler */
static ssize_t knob_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

/* negative: .open handler (open time is the right time) */
static int knob_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

static const struct file_operations knob_fops = {
	.owner		= THIS_MODULE,
	.open		= knob_open,
	.read		= knob_read,
	.write		= knob_write,
	.write_iter	= knob_write_iter,
	.unlocked_ioctl	= knob_ioctl,
	.compat_ioctl	= knob_ioctl,
};

/* positive: .proc_write */
static ssize_t limit_write(struct file *file, const char __user *buf,
			   size_t count, loff_t *ppos)
{
	if (!capable(CAP_SYS_RESOURCE))
		return -EPERM;
	return count;
}

static const struct proc_ops limit_proc_ops = {
	.proc_write	= limit_write,
};

/* negative: not installed anywhere */
static ssize_t unused_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return count;
}

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

/* patched: .write_iter, the file is iocb->ki_filp */
static ssize_t log_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	if (!capable(CAP_SYSLOG))
		return -EPERM;
	return 0;
}

/* patched: ns_capable() keeps its namespace */
static ssize_t map_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	struct seq_file *seq = file->private_data;
	struct user_namespace *ns = seq->private;

	if (!ns_capable(ns, CAP_SETUID))
		return -EPERM;
	return count;
}

static const struct file_operations log_fops = {
	.write_iter	= log_write_iter,
	.write		= map_write,
};

// SPDX-License-Identifier: GPL-2.0
/* capable_in_write: struct file_operations and struct proc_ops handlers. */

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

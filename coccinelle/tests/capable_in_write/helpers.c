// SPDX-License-Identifier: GPL-2.0
/* capable_in_write: one level of helper, and handlers that check the opener. */

/* positive: reached from the .write handler below */
static int do_update(const char *buf)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

/* negative: two levels down */
static int deep(void)
{
	return capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

static int middle(void)
{
	return deep();
}

static ssize_t update_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	int err = do_update("x");

	if (!err)
		err = middle();
	return err ? err : count;
}

/* negative: the handler checks the opener, so its helper is covered */
static int do_flush(void)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

static ssize_t flush_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	if (!file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	return do_flush() ?: count;
}

/* negative: opener's credentials tested directly */
static ssize_t owner_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	const struct cred *cred = file->f_cred;

	if (!uid_eq(cred->euid, GLOBAL_ROOT_UID) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	return count;
}

static const struct file_operations update_fops = {
	.write = update_write,
};
static const struct file_operations flush_fops = {
	.write = flush_write,
};
static const struct file_operations owner_fops = {
	.write = owner_write,
};

// SPDX-License-Identifier: GPL-2.0
/* surface test tree: a file system a user namespace can mount */

static int demofs_setattr(struct mnt_idmap *idmap, struct inode *inode)
{
	if (!capable_wrt_inode_uidgid(idmap, inode, CAP_CHOWN))
		return -EPERM;
	return 0;
}

static struct file_system_type demofs_fs_type = {
	.name		= "demofs",
	.init_fs_context = demofs_init_fs_context,
	.kill_sb	= kill_litter_super,
	.fs_flags	= FS_USERNS_MOUNT,
};

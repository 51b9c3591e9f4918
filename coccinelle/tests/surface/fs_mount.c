// SPDX-License-Identifier: GPL-2.0
/* surface: file systems a user namespace can mount. */

/* positive: FS_USERNS_MOUNT alone */
static struct file_system_type demo_fs_type = {
	.owner		= THIS_MODULE,
	.name		= "demofs",
	.init_fs_context = demo_init_fs_context,
	.kill_sb	= kill_litter_super,
	.fs_flags	= FS_USERNS_MOUNT,
};

/* positive: among other flags, fs_flags before the name */
struct file_system_type other_fs_type = {
	.fs_flags	= FS_HAS_SUBTYPE | FS_USERNS_MOUNT | FS_ALLOW_IDMAP,
	.name		= "otherfs",
	.kill_sb	= kill_anon_super,
};

/* negative: FS_USERNS_MOUNT_RESTRICTED is not FS_USERNS_MOUNT */
static struct file_system_type restricted_fs_type = {
	.name		= "restrictedfs",
	.fs_flags	= FS_USERNS_MOUNT_RESTRICTED,
};

/* negative: other flags, and none */
static struct file_system_type plain_fs_type = {
	.name		= "plainfs",
	.fs_flags	= FS_REQUIRES_DEV | FS_ALLOW_IDMAP,
};

static struct file_system_type bare_fs_type = {
	.name		= "barefs",
	.kill_sb	= kill_anon_super,
};

/* negative: a test of the flag is not a file system */
int mount_capable(struct fs_context *fc)
{
	if (!(fc->fs_type->fs_flags & FS_USERNS_MOUNT))
		return capable(CAP_SYS_ADMIN);
	else
		return ns_capable(fc->user_ns, CAP_SYS_ADMIN);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * capable_in_write: attributes defined through a local macro with token
 * pasting (drivers/usb/atm/cxacru.c): the store's own mode is hidden, but
 * every attribute the file defines is root-only.
 */

#define CMD_INIT(_name) \
static DEVICE_ATTR_RW(_name)

#define SET_INIT(_name) \
static DEVICE_ATTR_WO(_name)

#define ALL_FILES(_action) \
CMD_##_action(adsl_state); \
SET_##_action(adsl_config);

/* negative: 0644 through CMD_INIT */
static ssize_t adsl_state_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	if (!capable(CAP_NET_ADMIN))
		return -EACCES;
	return count;
}

/* negative: 0200 through SET_INIT */
static ssize_t adsl_config_store(struct device *dev,
				 struct device_attribute *attr,
				 const char *buf, size_t count)
{
	if (!capable(CAP_NET_ADMIN))
		return -EACCES;
	return count;
}

ALL_FILES(INIT);

/* positive: a .write handler in the same file */
static ssize_t fw_write(struct file *file, const char __user *buf,
			size_t count, loff_t *ppos)
{
	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	return count;
}

static const struct file_operations fw_fops = {
	.write = fw_write,
};

// SPDX-License-Identifier: GPL-2.0
/* capable_in_write: sysfs store callbacks, recognised by their prototype. */

/* positive: group-writable attribute */
static ssize_t enable_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	return count;
}
static DEVICE_ATTR(enable, 0220, NULL, enable_store);

/* positive: kobj attribute, world-writable through __ATTR() */
static ssize_t poke_store(struct kobject *kobj, struct kobj_attribute *attr,
			  const char *buf, size_t count)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return count;
}
static struct kobj_attribute poke_attr = __ATTR(poke, S_IRUGO | S_IWUGO, NULL, poke_store);

/* positive: mode not visible to the script (installed by a local macro) */
static ssize_t mystery_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	return count;
}
MY_ATTR_MACRO(mystery);

/* negative: DEVICE_ATTR_RW() is 0644, only root opens it for write */
static ssize_t level_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return count;
}
static DEVICE_ATTR_RW(level);

/* negative: designated initialiser with an owner-only mode */
static ssize_t reset_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return count;
}
static struct device_attribute reset_attr = {
	.attr = {
		.name = "reset",
		.mode = S_IWUSR,
	},
	.store = reset_store,
};

/* negative: a show callback */
static ssize_t level_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* ns_capable_current: init_* objects behind a check on the caller's namespace. */

/* positive: operates on init_net's device */
int set_mtu(const char *name, int mtu)
{
	struct net_device *dev;

	if (!ns_capable(current_user_ns(), CAP_NET_ADMIN))
		return -EPERM;
	dev = dev_get_by_name(&init_net, name);
	if (!dev)
		return -ENODEV;
	return dev_set_mtu(dev, mtu);
}

/* positive: writes a field of init_uts_ns */
int set_name(const char *name)
{
	if (!ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		return -EPERM;
	init_uts_ns.name.sysname[0] = name[0];
	return 0;
}

/* negative: init_user_ns only read, by id and capability helpers */
int read_only(uid_t id)
{
	kuid_t uid;

	if (!ns_capable(current_user_ns(), CAP_SETUID))
		return -EPERM;
	uid = make_kuid(&init_user_ns, id);
	if (!ns_capable(&init_user_ns, CAP_SETUID))
		return -EPERM;
	return uid_valid(uid);
}

/* negative: a non-init object passed to the same function */
int own_netns(struct net *net, const char *name)
{
	struct net_device *dev;

	if (!ns_capable(current_user_ns(), CAP_NET_ADMIN))
		return -EPERM;
	dev = dev_get_by_name(net, name);
	return dev ? 0 : -ENODEV;
}

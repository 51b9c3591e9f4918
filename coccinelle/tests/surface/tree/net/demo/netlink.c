// SPDX-License-Identifier: GPL-2.0
/* surface test tree: the deepest F: pattern wins (DEMO NETLINK) */

static int demo_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	if (!netlink_net_capable(skb, CAP_NET_ADMIN))
		return -EPERM;
	return 0;
}

/* not a site: the initial namespace */
static int demo_nl_global(struct sk_buff *skb, struct genl_info *info)
{
	if (!netlink_capable(skb, CAP_NET_ADMIN))
		return -EPERM;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* surface test tree: net/ (DEMO NETWORKING) */

static int demo_setsockopt(struct sock *sk, int optname)
{
	struct net *net = sock_net(sk);

	if (optname == 1 && !ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	if (optname == 2 && !ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	if (optname == 3 && !sk_net_capable(sk, CAP_NET_RAW))
		return -EPERM;
	if (optname == 4 && !sk_capable(sk, CAP_NET_RAW))
		return -EPERM;
	return 0;
}

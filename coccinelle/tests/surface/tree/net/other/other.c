// SPDX-License-Identifier: GPL-2.0
/* surface test tree: excluded from DEMO NETWORKING (X:), only THE REST */

int other_bind(struct net *net, int port)
{
	if (port < 1024 && !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* surface: each checked form, and the forms that are not reachable. */

/* positive: (ns, cap) forms */
int set_knob(struct net *net, int v)
{
	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	if (ns_capable_noaudit(current_user_ns(), CAP_SYS_ADMIN))
		v++;
	if (!ns_capable_setid(current_cred()->user_ns, CAP_SETUID))
		return -EPERM;
	return sockopt_ns_capable(sock_net(sk)->user_ns, CAP_NET_RAW);
}

/* positive: (x, ns, cap) forms */
int three(struct file *file, struct sk_buff *skb, struct sock *sk,
	  struct task_struct *t, struct user_namespace *ns)
{
	if (file_ns_capable(file, ns, CAP_SYS_TIME))
		return 1;
	if (netlink_ns_capable(skb, net->user_ns, CAP_NET_ADMIN))
		return 2;
	if (sk_ns_capable(sk, ns, CAP_NET_BIND_SERVICE))
		return 3;
	if (has_ns_capability(t, ns, CAP_SYS_PTRACE))
		return 4;
	return has_ns_capability_noaudit(t, ns, CAP_SYS_NICE);
}

/* positive: the network namespace's owner, and the caller's own namespace */
int owners(struct sk_buff *skb, struct sock *sk, struct inode *inode)
{
	if (!netlink_net_capable(skb, CAP_NET_ADMIN))
		return -EPERM;
	if (!sk_net_capable(sk, CAP_NET_RAW))
		return -EPERM;
	return capable_wrt_inode_uidgid(&nop_mnt_idmap, inode, CAP_FOWNER);
}

/* positive: a capability computed at run time; multi-line call */
int computed(struct user_namespace *ns, int cap)
{
	return ns_capable(ns,
			  cap);
}

/* negative: checks against the initial user namespace */
int global_only(struct file *file, struct sk_buff *skb, struct sock *sk,
		struct task_struct *t)
{
	if (capable(CAP_SYS_ADMIN))
		return 1;
	if (ns_capable(&init_user_ns, CAP_NET_ADMIN))
		return 2;
	if (ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN))
		return 3;
	if (file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN))
		return 4;
	if (netlink_capable(skb, CAP_NET_ADMIN))
		return 5;
	if (netlink_ns_capable(skb, &init_user_ns, CAP_NET_ADMIN))
		return 6;
	if (sk_capable(sk, CAP_NET_RAW))
		return 7;
	if (sockopt_capable(CAP_NET_ADMIN))
		return 8;
	if (has_capability(t, CAP_SYS_ADMIN))
		return 9;
	if (has_ns_capability(t, &init_user_ns, CAP_SYS_ADMIN))
		return 10;
	return ns_capable(init_net.user_ns, CAP_NET_ADMIN);
}

/* negative: the checks' own definitions call each other */
bool sk_net_capable(const struct sock *sk, int cap)
{
	return sk_ns_capable(sk, sock_net(sk)->user_ns, cap);
}

bool capable_wrt_inode_uidgid(struct mnt_idmap *idmap,
			      const struct inode *inode, int cap)
{
	struct user_namespace *ns = current_user_ns();

	return ns_capable(ns, cap) &&
	       privileged_wrt_inode_uidgid(ns, idmap, inode);
}

/* negative: a declaration is not a call */
extern bool ns_capable(struct user_namespace *ns, int cap);

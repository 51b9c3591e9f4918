// SPDX-License-Identifier: GPL-2.0
/* ns_capable_current: the write comes after if (!ns_capable(...)) exit. */

int knob;
static struct policy policy;
static int table[4];

/* positive: return on denial, then a global write */
int set_knob(int v)
{
	if (!ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		return -EPERM;
	knob = v;
	return 0;
}

/* positive: goto out of a block, field of a file-scope static */
int set_policy(int v)
{
	int err = 0;

	if (!ns_capable_noaudit(current_cred()->user_ns, CAP_NET_ADMIN)) {
		err = -EPERM;
		goto out;
	}
	policy.limits.max = v;
out:
	return err;
}

/* positive: ||-combined condition, array element, ns_capable_setid */
int set_entry(int i, int v)
{
	if (i >= 4 || !ns_capable_setid(current_user_ns(), CAP_SETUID))
		return -EPERM;
	table[i] |= v;
	return 0;
}

/* positive: through a local variable holding current_user_ns() */
int bump(void)
{
	struct user_namespace *ns = current_user_ns();

	if (!ns_capable(ns, CAP_SYS_RESOURCE))
		return -EPERM;
	knob++;
	WRITE_ONCE(policy.enabled, 1);
	return 0;
}

/* negative: the write happens on the denied path only */
int count_denials(void)
{
	if (!ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		knob++;
	return 0;
}

/* negative: the check does not exit, so it guards nothing after it */
int not_guarded(int v)
{
	if (!ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		v = 0;
	knob = v;
	return 0;
}

/* negative: the namespace owns the object it checks */
int netns_owned(struct net *net, int v)
{
	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	knob = v;
	return 0;
}

/* negative: only the caller's own state and locals are written */
int own_state(struct net *net, int v)
{
	int x;

	if (!ns_capable(current_user_ns(), CAP_SYS_CHROOT))
		return -EPERM;
	current->flags |= v;
	net->ipv4.sysctl_x = v;
	x = v;
	return x;
}

/* negative: the variable holding the namespace is re-pointed */
int repointed(struct net *net, int v)
{
	struct user_namespace *ns = current_user_ns();

	ns = net->user_ns;
	if (!ns_capable(ns, CAP_NET_ADMIN))
		return -EPERM;
	knob = v;
	return 0;
}

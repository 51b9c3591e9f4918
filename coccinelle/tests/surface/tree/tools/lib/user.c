// SPDX-License-Identifier: GPL-2.0
/* surface test tree: tools/ is user space, never a site */

int userspace_check(void *ns, int cap)
{
	return ns_capable(ns, cap);
}

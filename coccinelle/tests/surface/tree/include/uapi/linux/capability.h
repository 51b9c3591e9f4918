/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* surface test tree: the capability numbers the report prints as bits */
#define CAP_CHOWN            0
#define CAP_NET_BIND_SERVICE 10
#define CAP_NET_ADMIN        12
#define CAP_NET_RAW          13
#define CAP_SYS_ADMIN        21

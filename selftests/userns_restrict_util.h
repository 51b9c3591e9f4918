/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the userns_restrict tests: small files, capability sets
 * from /proc, reaping children, one-byte pipe handshakes and passing file
 * descriptors over unix sockets.
 */
#ifndef __USERNS_RESTRICT_UTIL_H
#define __USERNS_RESTRICT_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* For C libraries whose headers predate these system calls. */
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif

#ifndef __NR_clone3
#define __NR_clone3 435
#endif

/*
 * The path of the user.* sysctl @name, given below "user." with dots
 * between its directories as sysctl(8) takes it: "restrict.caps" is
 * /proc/sys/user/restrict/caps.
 */
static inline void user_sysctl_path(char *buf, size_t len, const char *name)
{
	size_t i;

	snprintf(buf, len, "/proc/sys/user/%s", name);
	for (i = strlen("/proc/sys/user/"); i < len && buf[i]; i++)
		if (buf[i] == '.')
			buf[i] = '/';
}

/* Read a whole small file as a string. */
static inline int read_file(const char *path, char *buf, size_t len)
{
	ssize_t ret;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = read(fd, buf, len - 1);
	close(fd);
	if (ret < 0)
		return -1;
	buf[ret] = '\0';
	return 0;
}

/* One write() of @buf: 0 on success, -1 with errno set otherwise. */
static inline int write_file(const char *path, const char *buf)
{
	size_t len = strlen(buf);
	ssize_t ret;
	int fd, err;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = write(fd, buf, len);
	err = errno;
	close(fd);
	if (ret == (ssize_t)len)
		return 0;
	errno = ret < 0 ? err : EIO;
	return -1;
}

/* The capability set @field ("CapEff", ...) from /proc/self/status. */
static inline int status_caps(const char *field, __u64 *val)
{
	size_t len = strlen(field);
	char line[256];
	int ret = -1;
	FILE *f;

	f = fopen("/proc/self/status", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, field, len) && line[len] == ':') {
			*val = strtoull(line + len + 1, NULL, 16);
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

static inline int wait_for_child(pid_t pid)
{
	int status;
	pid_t ret;

	do {
		ret = waitpid(pid, &status, 0);
	} while (ret < 0 && errno == EINTR);
	if (ret != pid)
		return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

static inline int write_byte(int fd)
{
	ssize_t ret;

	do {
		ret = write(fd, "x", 1);
	} while (ret < 0 && errno == EINTR);
	return ret == 1 ? 0 : -1;
}

/* Returns 0 on a byte, -1 on EOF or error. */
static inline int read_byte(int fd)
{
	ssize_t ret;
	char c;

	do {
		ret = read(fd, &c, 1);
	} while (ret < 0 && errno == EINTR);
	return ret == 1 ? 0 : -1;
}

static inline int send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {};
	char data = 'F';
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));

	return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

/* Returns the received fd, or -1 (also on EOF: the sender died). */
static inline int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {};
	char data;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg;
	ssize_t ret;
	int fd;

	do {
		ret = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	} while (ret < 0 && errno == EINTR);
	if (ret != 1)
		return -1;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_level != SOL_SOCKET ||
	    cmsg->cmsg_type != SCM_RIGHTS ||
	    cmsg->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

#endif /* __USERNS_RESTRICT_UTIL_H */

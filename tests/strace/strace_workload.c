/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The strace comparison's own workload: many kinds of system call, each with
 * arguments strace decodes (paths, socket addresses, flag names) and results
 * of every sort (fds, sizes, addresses, errors), in a process tree with a
 * thread, forks, an execve with arguments and a signal.
 *
 *   podshark-strace-wl DIR            the workload, in the scratch folder DIR
 *   podshark-strace-wl --exec-child A B...   what the workload's execve runs
 *
 * It checks nothing itself: tests/strace/test_strace_compare.py compares what
 * strace saw of it with what podshark captured.  Many calls go through
 * syscall() so that the call made is the one named here, whatever libc's
 * version prefers (open vs openat, stat vs newfstatat).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* The uid the unprivileged child switches to, to be refused (EACCES, EPERM). */
#define NOBODY 65534

static void files(void)
{
	char buf[64];
	struct iovec iov[2] = { { buf, 4 }, { buf + 4, 4 } };
	struct stat st;
	struct statx stx;
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS };
	int fd, fd2, dirfd;

	fd = openat(AT_FDCWD, "data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, "podshark strace comparison\n", 27);
	pwrite(fd, "PODSHARK", 8, 0);
	writev(fd, iov, 2);
	fsync(fd);
	fdatasync(fd);
	close(fd);

	fd = syscall(SYS_open, "data.txt", O_RDWR | O_APPEND | O_NOCTTY);
	lseek(fd, 0, SEEK_SET);
	read(fd, buf, sizeof(buf));
	pread(fd, buf, 8, 4);
	readv(fd, iov, 2);
	lseek(fd, 0, SEEK_END);
	lseek(fd, 0, 99);			/* EINVAL */
	ftruncate(fd, 8);
	close(fd);

	syscall(SYS_open, "excl.txt", O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	syscall(SYS_open, "excl.txt", O_RDWR | O_CREAT | O_EXCL, 0600);	/* EEXIST */
	syscall(SYS_creat, "creat.txt", 0640);
	openat(AT_FDCWD, "data.txt", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOATIME);
	openat(AT_FDCWD, "data.txt", O_WRONLY | O_SYNC | O_LARGEFILE);
	openat(AT_FDCWD, "data.txt", O_PATH);
	openat(AT_FDCWD, ".", O_RDWR | O_TMPFILE, 0600);
	openat(AT_FDCWD, ".", O_WRONLY);	/* EISDIR */
	openat(AT_FDCWD, "missing/file", O_RDONLY);	/* ENOENT */
	openat(AT_FDCWD, "data.txt/x", O_RDONLY);	/* ENOTDIR */
	syscall(SYS_openat2, AT_FDCWD, "data.txt", &how, sizeof(how));
	dirfd = openat(AT_FDCWD, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	truncate("data.txt", 16);
	truncate("missing.txt", 0);		/* ENOENT */
	syscall(SYS_stat, "data.txt", &st);
	syscall(SYS_lstat, "data.txt", &st);
	syscall(SYS_stat, "missing.txt", &st);	/* ENOENT */
	syscall(SYS_fstat, dirfd, &st);
	syscall(SYS_newfstatat, dirfd, "data.txt", &st, AT_SYMLINK_NOFOLLOW);
	statx(dirfd, "data.txt", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, &stx);
	syscall(SYS_access, "data.txt", R_OK | W_OK);
	syscall(SYS_access, "missing.txt", F_OK);	/* ENOENT */
	syscall(SYS_faccessat, dirfd, "data.txt", X_OK);	/* EACCES: no x bit */
	syscall(SYS_faccessat2, AT_FDCWD, "data.txt", R_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW);

	syscall(SYS_mkdir, "sub", 0755);
	syscall(SYS_mkdir, "sub", 0755);	/* EEXIST */
	syscall(SYS_mkdirat, dirfd, "sub/inner", 0700);
	syscall(SYS_rmdir, "sub");		/* ENOTEMPTY */
	syscall(SYS_unlinkat, dirfd, "sub/inner", AT_REMOVEDIR);
	syscall(SYS_rename, "creat.txt", "renamed.txt");
	syscall(SYS_renameat2, AT_FDCWD, "renamed.txt", dirfd, "data.txt", RENAME_NOREPLACE);
	syscall(SYS_link, "data.txt", "hard.txt");
	syscall(SYS_linkat, dirfd, "data.txt", AT_FDCWD, "hard2.txt", 0);
	syscall(SYS_symlink, "data.txt", "soft.txt");
	syscall(SYS_symlinkat, "/nonexistent/target", dirfd, "dangling");
	syscall(SYS_readlink, "soft.txt", buf, sizeof(buf));
	syscall(SYS_readlinkat, dirfd, "dangling", buf, sizeof(buf));
	syscall(SYS_readlink, "data.txt", buf, sizeof(buf));	/* EINVAL: not a link */
	syscall(SYS_chmod, "data.txt", 0600);
	syscall(SYS_fchmodat, dirfd, "hard.txt", 04755, 0);
	syscall(SYS_chown, "data.txt", 0, 0);
	syscall(SYS_lchown, "soft.txt", NOBODY, NOBODY);
	syscall(SYS_fchownat, dirfd, "dangling", 0, 0, AT_SYMLINK_NOFOLLOW);
	fd = openat(dirfd, "hard2.txt", O_RDONLY);
	syscall(SYS_fchmod, fd, 0444);
	syscall(SYS_fchown, fd, NOBODY, 0);
	close(fd);
	syscall(SYS_unlink, "hard.txt");
	syscall(SYS_unlink, "missing.txt");	/* ENOENT */
	syscall(SYS_unlinkat, dirfd, "soft.txt", 0);
	syscall(SYS_rmdir, "sub");
	syscall(SYS_chdir, "..");
	syscall(SYS_fchdir, dirfd);
	syscall(SYS_getcwd, buf, sizeof(buf));

	/* fds: dup, fcntl, pipes */
	fd = dup(dirfd);
	fd2 = dup2(fd, 40);
	dup3(fd2, 41, O_CLOEXEC);
	fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_DUPFD_CLOEXEC, 50);
	close(999);				/* EBADF */
	syscall(SYS_dup2, 999, 3);		/* EBADF */
	close(fd);
	close(dirfd);
}

static void sockets(void)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct sockaddr_storage peer;
	socklen_t len;
	char buf[64];
	struct iovec iov = { buf, 5 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int one = 1, server, client, conn, udp, udp2, pair[2];

	/* TCP over IPv4 */
	server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(server, (struct sockaddr *)&in, sizeof(in));
	listen(server, 8);
	len = sizeof(in);
	getsockname(server, (struct sockaddr *)&in, &len);
	client = socket(AF_INET, SOCK_STREAM, 0);
	connect(client, (struct sockaddr *)&in, sizeof(in));
	len = sizeof(peer);
	conn = accept4(server, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
	len = sizeof(peer);
	getpeername(client, (struct sockaddr *)&peer, &len);
	len = sizeof(peer);
	getsockname(client, (struct sockaddr *)&peer, &len);
	sendto(client, "hello", 5, MSG_NOSIGNAL, NULL, 0);
	recvfrom(conn, buf, sizeof(buf), 0, NULL, NULL);
	shutdown(client, SHUT_WR);
	close(conn);
	close(client);
	close(server);
	/* nothing listens on port 1 of the loopback: ECONNREFUSED */
	client = socket(AF_INET, SOCK_STREAM, 0);
	in.sin_port = htons(1);
	connect(client, (struct sockaddr *)&in, sizeof(in));
	close(client);

	/* TCP over IPv6 (the loopback may lack ::1: then the calls fail, as strace sees) */
	server = socket(AF_INET6, SOCK_STREAM, 0);
	bind(server, (struct sockaddr *)&in6, sizeof(in6));
	listen(server, 8);
	len = sizeof(in6);
	getsockname(server, (struct sockaddr *)&in6, &len);
	client = socket(AF_INET6, SOCK_STREAM, 0);
	connect(client, (struct sockaddr *)&in6, sizeof(in6));
	len = sizeof(peer);
	conn = accept(server, (struct sockaddr *)&peer, &len);
	close(conn);
	close(client);
	close(server);

	/* UDP: the receiver learns the sender's address */
	udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	in.sin_port = 0;
	bind(udp, (struct sockaddr *)&in, sizeof(in));
	len = sizeof(in);
	getsockname(udp, (struct sockaddr *)&in, &len);
	udp2 = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(udp2, "datagram", 8, 0, (struct sockaddr *)&in, sizeof(in));
	len = sizeof(peer);
	recvfrom(udp, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &len);
	recvfrom(udp, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL);	/* EAGAIN */
	close(udp2);
	close(udp);

	/* unix stream socket on a path */
	snprintf(un.sun_path, sizeof(un.sun_path), "stream.sock");
	server = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(server, (struct sockaddr *)&un, sizeof(un));
	listen(server, 8);
	client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	connect(client, (struct sockaddr *)&un, sizeof(un));
	len = sizeof(peer);
	conn = accept4(server, (struct sockaddr *)&peer, &len, 0);
	len = sizeof(peer);
	getpeername(client, (struct sockaddr *)&peer, &len);
	close(conn);
	close(client);
	close(server);
	unlink("stream.sock");
	connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&un, sizeof(un)); /* ENOENT */

	/* unix datagram socket with an abstract name */
	memset(un.sun_path, 0, sizeof(un.sun_path));
	len = snprintf(un.sun_path + 1, sizeof(un.sun_path) - 1, "podshark-strace-%d", getpid());
	len += offsetof(struct sockaddr_un, sun_path) + 1;
	udp = socket(AF_UNIX, SOCK_DGRAM, 0);
	bind(udp, (struct sockaddr *)&un, len);
	udp2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	sendto(udp2, "abstract", 8, 0, (struct sockaddr *)&un, len);
	recvfrom(udp, buf, sizeof(buf), 0, NULL, NULL);
	close(udp2);
	close(udp);

	/* a socket pair and messages */
	socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair);
	sendmsg(pair[0], &msg, MSG_NOSIGNAL);
	recvmsg(pair[1], &msg, MSG_CMSG_CLOEXEC);
	close(pair[0]);
	close(pair[1]);
	socket(AF_INET, SOCK_RAW + 100, 0);	/* EINVAL */
}

static void *thread_main(void *dir)
{
	int fd = openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY);

	syscall(SYS_gettid);
	close(fd);
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void processes(const char *self, const char *dir)
{
	char *exec_argv[] = { "podshark-strace-wl", "--exec-child", "one", "two words", NULL };
	char *missing_argv[] = { "missing", NULL };
	struct sigaction sa = { .sa_handler = on_usr1 };
	pthread_t thread;
	pid_t child, spawned;
	int status, ready[2];
	char byte;

	pthread_create(&thread, NULL, thread_main, (void *)dir);
	pthread_join(thread, NULL);

	/* a child that exits with a status */
	child = fork();
	if (child == 0) {
		syscall(SYS_getpid);
		_exit(7);
	}
	wait4(child, &status, 0, NULL);
	wait4(-1, &status, WNOHANG, NULL);	/* ECHILD */

	/* execve with arguments, and two that fail */
	child = fork();
	if (child == 0) {
		execve("data.txt", exec_argv, environ);	/* EACCES: not executable */
		execve("/nonexistent/prog", missing_argv, environ);	/* ENOENT */
		execve(self, exec_argv, environ);
		_exit(127);
	}
	waitpid(child, &status, 0);
	posix_spawn(&spawned, self, NULL, NULL, exec_argv, environ);
	waitpid(spawned, &status, 0);

	/* a signal that interrupts a child's pause() */
	pipe2(ready, O_CLOEXEC);
	child = fork();
	if (child == 0) {
		sigaction(SIGUSR1, &sa, NULL);
		write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	read(ready[0], &byte, 1);
	/* pause() must have begun: wait until the child sleeps */
	for (int i = 0; i < 200; i++) {
		char path[64], line[256];
		int fd;
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/%d/stat", child);
		fd = open(path, O_RDONLY);
		n = read(fd, line, sizeof(line) - 1);
		close(fd);
		line[n > 0 ? n : 0] = 0;
		if (strstr(line, ") S "))
			break;
		usleep(10000);
	}
	kill(child, SIGUSR1);
	wait4(child, &status, 0, NULL);
	kill(child, 0);				/* ESRCH: reaped */

	/* an unprivileged child is refused */
	child = fork();
	if (child == 0) {
		syscall(SYS_setresuid, NOBODY, NOBODY, NOBODY);
		syscall(SYS_openat, AT_FDCWD, "/etc/shadow", O_RDONLY);	/* EACCES */
		syscall(SYS_chmod, "data.txt", 0777);	/* EPERM */
		syscall(SYS_kill, 1, SIGTERM);		/* EPERM */
		_exit(0);
	}
	wait4(child, &status, 0, NULL);
	close(ready[0]);
	close(ready[1]);
}

static void memory(void)
{
	struct timespec short_nap = { 0, 1000000 };
	char *p;

	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(p, 4096, PROT_READ);
	madvise(p, 8192, MADV_DONTNEED);
	p = mremap(p, 8192, 16384, MREMAP_MAYMOVE);
	munmap(p, 16384);
	mmap(NULL, 4096, PROT_READ, MAP_SHARED, 999, 0);	/* EBADF */
	mprotect((void *)1, 4096, PROT_READ);		/* EINVAL: not aligned */
	nanosleep(&short_nap, NULL);
	syscall(SYS_umask, 022);
	syscall(SYS_getuid);
	syscall(SYS_getppid);
}

static int exec_child(int argc)
{
	syscall(SYS_getpid);
	syscall(SYS_openat, AT_FDCWD, "/etc/hostname", O_RDONLY | O_CLOEXEC);
	return argc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--exec-child") == 0)
		return exec_child(argc);
	if (argc != 2) {
		fprintf(stderr, "usage: podshark-strace-wl DIR\n");
		return 2;
	}
	if (chdir(argv[1]) != 0) {
		perror(argv[1]);
		return 1;
	}
	files();
	sockets();
	processes(realpath("/proc/self/exe", NULL), argv[1]);
	memory();
	return 0;
}

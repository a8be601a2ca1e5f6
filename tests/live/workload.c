/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The live tests' workload: a known sequence of system calls, started when
 * the test says so (after it has read this process's namespace inodes).
 *
 *   podshark-wl PATH   prints "ready\n", waits for a line on stdin, then:
 *     fd = openat(AT_FDCWD, PATH, O_WRONLY|O_CREAT|O_TRUNC, 0600)
 *     write(fd, "podshark", 8); close(fd); getppid();
 *     openat(AT_FDCWD, PATH ".missing", O_RDONLY)  -> -1 ENOENT
 *   and prints "fd=<fd> ppid=<getppid()>\n".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char line[16], missing[4096];
	long fd, ppid;

	if (argc != 2 || strlen(argv[1]) > sizeof(missing) - 16) {
		fprintf(stderr, "usage: podshark-wl PATH\n");
		return 2;
	}
	snprintf(missing, sizeof(missing), "%s.missing", argv[1]);
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;

	/* raw syscalls: libc must not add or change calls behind our back */
	fd = syscall(SYS_openat, AT_FDCWD, argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return 1;
	syscall(SYS_write, fd, "podshark", 8);
	syscall(SYS_close, fd);
	ppid = syscall(SYS_getppid);
	syscall(SYS_openat, AT_FDCWD, missing, O_RDONLY);
	printf("fd=%ld ppid=%ld\n", fd, ppid);
	return 0;
}

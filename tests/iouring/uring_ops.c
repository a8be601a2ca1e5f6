/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Does through io_uring what a process could do to stay out of a capture
 * that hooks system calls: opens, writes and closes a file (submitted
 * inline by io_uring_enter, forced to an io-wq worker with IOSQE_ASYNC, and
 * on an SQPOLL ring without any system call), creates a socket and connects
 * it to a listener, and reads a file; an openat the kernel refuses while
 * preparing it (its path pointer is not readable), and a write to a
 * registered file (IOSQE_FIXED_FILE: named by its index in the ring's table).
 *
 *   podshark-uring-ops DIR PORT [now]
 *
 * Prints one line per operation, with what the kernel's completion said:
 *   MODE OP ARGUMENT RESULT
 * (ARGUMENT: the path, fd or address the operation names).  Waits for a line
 * on stdin before starting, so that the capture is running, unless told to
 * start now.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct io_uring_sqe *next_sqe(struct io_uring *ring)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

	if (!sqe) {
		fprintf(stderr, "podshark-uring-ops: submission queue full\n");
		exit(1);
	}
	return sqe;
}

/* Submits the one request prepared (sqe) and returns its completion's result. */
static int run(struct io_uring *ring, struct io_uring_sqe *sqe, unsigned sqe_flags)
{
	struct io_uring_cqe *cqe;
	int res, rc;

	io_uring_sqe_set_flags(sqe, sqe_flags);
	rc = io_uring_submit(ring);
	if (rc != 1) {
		fprintf(stderr, "podshark-uring-ops: submit: %s\n", strerror(-rc));
		exit(1);
	}
	rc = io_uring_wait_cqe(ring, &cqe);
	if (rc) {
		fprintf(stderr, "podshark-uring-ops: wait: %s\n", strerror(-rc));
		exit(1);
	}
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

/* openat + write + close of DIR/MODE.txt through ring. */
static void file_ops(struct io_uring *ring, const char *dir, const char *mode, unsigned flags)
{
	static const char text[] = "written through io_uring\n";
	struct io_uring_sqe *sqe;
	char path[4096];
	int fd, res;

	snprintf(path, sizeof(path), "%s/%s.txt", dir, mode);
	io_uring_prep_openat(sqe = next_sqe(ring), AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC,
			     0600);
	fd = run(ring, sqe, flags);
	printf("%s openat %s %d\n", mode, path, fd);
	if (fd < 0)
		exit(1);
	io_uring_prep_write(sqe = next_sqe(ring), fd, text, sizeof(text) - 1, (__u64)-1);
	res = run(ring, sqe, flags);
	printf("%s write %d %d\n", mode, fd, res);
	io_uring_prep_close(sqe = next_sqe(ring), fd);
	res = run(ring, sqe, flags);
	printf("%s close %d %d\n", mode, fd, res);
}

int main(int argc, char **argv)
{
	struct io_uring_params params = { .flags = IORING_SETUP_SQPOLL, .sq_thread_idle = 2000 };
	struct sockaddr_in addr = { .sin_family = AF_INET };
	struct io_uring ring, polled;
	struct io_uring_sqe *sqe;
	char line[16], buf[256], path[4096];
	int fd, res, rc;

	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "now"))) {
		fprintf(stderr, "usage: podshark-uring-ops DIR PORT [now]\n");
		return 2;
	}
	addr.sin_port = htons((unsigned short)atoi(argv[2]));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready %d\n", getpid());
	if (argc == 3 && !fgets(line, sizeof(line), stdin))
		return 1;

	rc = io_uring_queue_init(8, &ring, 0);
	if (rc) {
		fprintf(stderr, "podshark-uring-ops: io_uring_queue_init: %s\n", strerror(-rc));
		return 1;
	}
	file_ops(&ring, argv[1], "inline", 0);
	file_ops(&ring, argv[1], "async", IOSQE_ASYNC);

	io_uring_prep_socket(sqe = next_sqe(&ring), AF_INET, SOCK_STREAM, 0, 0);
	fd = run(&ring, sqe, 0);
	printf("net socket AF_INET %d\n", fd);
	if (fd < 0)
		return 1;
	io_uring_prep_connect(sqe = next_sqe(&ring), fd, (struct sockaddr *)&addr, sizeof(addr));
	res = run(&ring, sqe, 0);
	printf("net connect 127.0.0.1:%s %d\n", argv[2], res);

	/* read back the first file (opened by a plain call: the read is what counts) */
	snprintf(path, sizeof(path), "%s/inline.txt", argv[1]);
	fd = open(path, O_RDONLY);
	io_uring_prep_read(sqe = next_sqe(&ring), fd, buf, sizeof(buf), (__u64)-1);
	res = run(&ring, sqe, 0);
	printf("inline read %d %d\n", fd, res);
	close(fd);

	/* refused before it runs: getname() of an unreadable pointer */
	io_uring_prep_openat(sqe = next_sqe(&ring), AT_FDCWD, (const char *)8, O_RDONLY, 0);
	res = run(&ring, sqe, 0);
	printf("refused OPENAT - %d\n", res);

	/* the first file again, registered with the ring as its file 0 */
	fd = open(path, O_WRONLY | O_APPEND);
	rc = io_uring_register_files(&ring, &fd, 1);
	if (fd < 0 || rc) {
		fprintf(stderr, "podshark-uring-ops: register %s: %s\n", path, strerror(-rc));
		return 1;
	}
	io_uring_prep_write(sqe = next_sqe(&ring), 0, "again\n", 6, (__u64)-1);
	res = run(&ring, sqe, IOSQE_FIXED_FILE);
	printf("fixed write 0 %d\n", res);
	io_uring_unregister_files(&ring);
	close(fd);

	rc = io_uring_queue_init_params(8, &polled, &params);
	if (rc) {
		fprintf(stderr, "podshark-uring-ops: SQPOLL ring: %s\n", strerror(-rc));
		return 1;
	}
	file_ops(&polled, argv[1], "sqpoll", 0);
	io_uring_queue_exit(&polled);
	io_uring_queue_exit(&ring);
	printf("done\n");
	return 0;
}

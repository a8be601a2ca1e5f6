/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The benchmark's load: raw system calls, either as fast as one thread can
 * make them (to time a call) or at a fixed offered rate from several
 * processes (to find the rate a capture sustains).
 *
 * USAGE
 *   syscall_load loop CALL COUNT
 *       COUNT calls in a tight loop; prints "ns_per_call=N calls=COUNT"
 *   syscall_load rate CALL RATE SECONDS PROCS
 *       RATE calls per second in total for SECONDS, spread over PROCS
 *       processes; prints "calls=N seconds=S offered=RATE"
 *   CALL: getppid, or openat (of a path that does not exist: ENOENT), or
 *         uring_openat: the same openat as an io_uring request, one per
 *         io_uring_enter (built with liburing only: -DHAVE_LIBURING)
 *
 * EXAMPLES
 *   taskset -c 1 syscall_load loop getppid 1000000
 *   syscall_load rate getppid 500000 10 2
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* 64 bytes with its NUL (the "openat 64-byte missing path" row of
 * docs/PERFORMANCE.md); no such directory exists. */
static const char missing_path[] = "/tmp/podshark-bench-no-such-dir/no-such-file-0123456789abcdefgh";
_Static_assert(sizeof(missing_path) == 64, "the openat path is 64 bytes with its NUL");

/* A tick of the rate mode: each process makes its share of calls, then
 * sleeps to the next tick (one clock_nanosleep per tick, 1000 a second). */
#define TICK_NS 1000000ull
#define NS_PER_S 1000000000ull

typedef void (*call_fn)(void);

static void call_getppid(void)
{
	syscall(SYS_getppid);
}

static void call_openat(void)
{
	syscall(SYS_openat, AT_FDCWD, missing_path, O_RDONLY);
}

#ifdef HAVE_LIBURING
#include <liburing.h>

static struct io_uring ring;

/* One request, submitted and waited for by one io_uring_enter. */
static void call_uring_openat(void)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
	struct io_uring_cqe *cqe;

	io_uring_prep_openat(sqe, AT_FDCWD, missing_path, O_RDONLY, 0);
	io_uring_submit_and_wait(&ring, 1);
	if (io_uring_peek_cqe(&ring, &cqe) == 0)
		io_uring_cqe_seen(&ring, cqe);
}
#endif

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts); /* vDSO: not a system call */
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

static int parse_u64(const char *s, const char *what, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "syscall_load: %s must be from %llu to %llu, not \"%s\"\n", what,
			(unsigned long long)min, (unsigned long long)max, s);
		return -1;
	}
	*out = v;
	return 0;
}

static uint64_t cpu_time_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* Timed in CPU time of the thread: on a shared machine, time spent waiting
 * for the CPU while other tasks run is not the cost of the call. */
static int run_loop(call_fn call, uint64_t count)
{
	uint64_t start, elapsed;

	call(); /* the first call pays for page faults and cache misses */
	start = cpu_time_ns();
	for (uint64_t i = 0; i < count; i++)
		call();
	elapsed = cpu_time_ns() - start;
	printf("ns_per_call=%.1f calls=%llu\n", (double)elapsed / (double)count,
	       (unsigned long long)count);
	return 0;
}

/* One process's share: rate calls per second until end_ns; returns the count. */
static uint64_t paced_calls(call_fn call, uint64_t rate, uint64_t start_ns, uint64_t end_ns)
{
	uint64_t done = 0;

	for (;;) {
		uint64_t now = now_ns(), due, tick;
		struct timespec next;

		if (now >= end_ns)
			break;
		/* calls due by now: a process that falls behind catches up at once,
		 * but not past the end (a rate it cannot reach means flat out) */
		due = (uint64_t)((double)rate * (double)(now - start_ns) / (double)NS_PER_S);
		while (done < due) {
			call();
			if (++done % 1024 == 0 && now_ns() >= end_ns)
				return done;
		}
		tick = start_ns + ((now_ns() - start_ns) / TICK_NS + 1) * TICK_NS;
		next.tv_sec = (time_t)(tick / NS_PER_S);
		next.tv_nsec = (long)(tick % NS_PER_S);
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	return done;
}

static int run_rate(call_fn call, uint64_t rate, uint64_t seconds, uint64_t procs)
{
	uint64_t *counts = mmap(NULL, procs * sizeof(*counts), PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint64_t start, end, total = 0;
	int failed = 0;

	if (counts == MAP_FAILED) {
		perror("syscall_load: mmap");
		return 1;
	}
	/* every process starts on the same clock, a little ahead so that all are forked */
	start = now_ns() + 20 * TICK_NS;
	end = start + seconds * NS_PER_S;
	for (uint64_t p = 0; p < procs; p++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("syscall_load: fork");
			return 1;
		}
		if (pid == 0) {
			struct timespec at = { .tv_sec = (time_t)(start / NS_PER_S),
					       .tv_nsec = (long)(start % NS_PER_S) };
			uint64_t share = rate / procs + (p < rate % procs);

			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
			counts[p] = paced_calls(call, share, start, end);
			_exit(0);
		}
	}
	for (uint64_t p = 0; p < procs; p++) {
		int status;

		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			failed = 1;
	}
	for (uint64_t p = 0; p < procs; p++)
		total += counts[p];
	printf("calls=%llu seconds=%llu offered=%llu\n", (unsigned long long)total,
	       (unsigned long long)seconds, (unsigned long long)rate);
	return failed;
}

int main(int argc, char **argv)
{
	uint64_t count, rate, seconds, procs;
	call_fn call;

	if (argc < 4)
		goto usage;
	if (strcmp(argv[2], "getppid") == 0)
		call = call_getppid;
	else if (strcmp(argv[2], "openat") == 0)
		call = call_openat;
#ifdef HAVE_LIBURING
	else if (strcmp(argv[2], "uring_openat") == 0 && io_uring_queue_init(8, &ring, 0) == 0)
		call = call_uring_openat;
#endif
	else
		goto usage;
	if (strcmp(argv[1], "loop") == 0 && argc == 4) {
		if (parse_u64(argv[3], "COUNT", 1, UINT32_MAX, &count))
			return 2;
		return run_loop(call, count);
	}
	if (strcmp(argv[1], "rate") == 0 && argc == 6) {
		if (parse_u64(argv[3], "RATE", 1, 100000000, &rate) ||
		    parse_u64(argv[4], "SECONDS", 1, 3600, &seconds) ||
		    parse_u64(argv[5], "PROCS", 1, 256, &procs))
			return 2;
		return run_rate(call, rate, seconds, procs);
	}
usage:
	fprintf(stderr, "usage: syscall_load loop getppid|openat|uring_openat COUNT\n"
			"       syscall_load rate getppid|openat|uring_openat RATE SECONDS PROCS\n");
	return 2;
}

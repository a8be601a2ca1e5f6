/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "remote_node.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct stdin_watch {
	unsigned deadline_s;
	volatile sig_atomic_t *stop;
};

static uint64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Why the watch stopped the capture, or NULL while it runs. */
static const char *watch_input(const struct stdin_watch *w)
{
	uint64_t last = monotonic_ms();
	char buf[256];

	for (;;) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int n = poll(&pfd, 1, 250);

		if (*w->stop)
			return NULL; /* stopped for another reason: only the grace period is ours */
		if (n < 0 && errno != EINTR)
			return "cannot watch standard input";
		if (n > 0) {
			ssize_t got = read(STDIN_FILENO, buf, sizeof(buf));

			if (got == 0)
				return REMOTE_NODE_INPUT_ENDED;
			if (got < 0 && errno != EINTR && errno != EAGAIN)
				return "standard input failed (the local side went away)";
			if (got > 0)
				last = monotonic_ms();
		}
		if (monotonic_ms() - last > (uint64_t)w->deadline_s * 1000)
			return "no heartbeat from the local side";
	}
}

static void *watch_thread(void *arg)
{
	const struct stdin_watch *w = arg;
	const char *why = watch_input(w);

	if (why)
		fprintf(stderr, REMOTE_NODE_STOPPING "%s\n", why);
	*w->stop = 1;
	/* The main loop normally ends within a poll interval; one blocked in a
	 * write to a cut connection never would. */
	sleep(REMOTE_NODE_GRACE_S);
	fprintf(stderr, "podshark: the capture did not stop within %d s; exiting\n",
		REMOTE_NODE_GRACE_S);
	_exit(3);
	return NULL;
}

int remote_node_watch_stdin(unsigned deadline_s, volatile sig_atomic_t *stop)
{
	static struct stdin_watch watch;
	pthread_attr_t attr;
	pthread_t thread;
	int rc;

	watch = (struct stdin_watch){ .deadline_s = deadline_s, .stop = stop };
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&thread, &attr, watch_thread, &watch);
	pthread_attr_destroy(&attr);
	return -rc;
}

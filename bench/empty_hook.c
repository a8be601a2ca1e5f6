/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Attaches one pair of bench/empty_hook.bpf.c's do-nothing programs, says
 * "attached" on standard output, and keeps them attached until standard input
 * reaches its end (or SIGINT/SIGTERM).
 *
 * USAGE
 *   empty_hook [raw_syscalls|openat_tp|openat_fentry] < control-pipe
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "empty_hook.skel.h"
#include "tracefs.h"

#if defined(__x86_64__)
#define OPENAT_FUNCTION "__x64_sys_openat"
#elif defined(__aarch64__)
#define OPENAT_FUNCTION "__arm64_sys_openat"
#else
#error "empty_hook: unsupported architecture"
#endif

static int print_warnings(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return level == LIBBPF_DEBUG ? 0 : vfprintf(stderr, fmt, args);
}

static void on_stop_signal(int sig)
{
	(void)sig; /* interrupts read(): the loop below ends */
}

/* Loads only the pair that mode names. */
static int choose(struct empty_hook_bpf *skel, const char *mode)
{
	struct bpf_program *pairs[][2] = {
		{ skel->progs.raw_syscalls_enter, skel->progs.raw_syscalls_exit },
		{ skel->progs.openat_tp_enter, skel->progs.openat_tp_exit },
		{ skel->progs.openat_fentry_enter, skel->progs.openat_fentry_exit },
	};
	const char *modes[] = { "raw_syscalls", "openat_tp", "openat_fentry" };
	int chosen = -1;

	for (int i = 0; i < 3; i++) {
		bool on = strcmp(mode, modes[i]) == 0;

		if (on)
			chosen = i;
		bpf_program__set_autoload(pairs[i][0], on);
		bpf_program__set_autoload(pairs[i][1], on);
	}
	if (chosen < 0)
		return -EINVAL;
	bpf_program__set_attach_target(skel->progs.openat_fentry_enter, 0, OPENAT_FUNCTION);
	bpf_program__set_attach_target(skel->progs.openat_fentry_exit, 0, OPENAT_FUNCTION);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	const char *mode = argc > 1 ? argv[1] : "raw_syscalls";
	struct empty_hook_bpf *skel;
	char buf[64];
	int err;

	libbpf_set_print(print_warnings);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	skel = empty_hook_bpf__open();
	if (!skel) {
		fprintf(stderr, "empty_hook: failed to open: %s\n", strerror(errno));
		return 1;
	}
	err = choose(skel, mode);
	if (err) {
		fprintf(stderr, "usage: empty_hook [raw_syscalls|openat_tp|openat_fentry]\n");
		goto cleanup;
	}
	if (strcmp(mode, "openat_tp") == 0) {
		char why[192];
		bool mounted;

		err = tracefs_ensure_mounted(&mounted, why, sizeof(why));
		if (err) {
			fprintf(stderr, "empty_hook: %s\n", why);
			goto cleanup;
		}
	}
	err = empty_hook_bpf__load(skel);
	if (err) {
		fprintf(stderr, "empty_hook: failed to load: %s\n", strerror(-err));
		goto cleanup;
	}
	err = empty_hook_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "empty_hook: failed to attach: %s\n", strerror(-err));
		goto cleanup;
	}
	printf("attached\n");
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
cleanup:
	empty_hook_bpf__destroy(skel);
	return err ? 1 : 0;
}

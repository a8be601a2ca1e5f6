/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The probe's life in the extcap: checks, load (tp_btf, or raw_tracepoint
 * where the kernel lacks it), settings, attach, reading records, counters,
 * calls still in progress at the end, release.
 */
#ifndef PODSHARK_SYSCALL_PROBE_H
#define PODSHARK_SYSCALL_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "podshark_probe.h"

struct syscall_probe;

struct syscall_probe_settings {
	size_t ring_bytes;           /* power of two, multiple of the page size */
	const pid_t *excluded_tgids; /* processes whose calls are left out (the first
				      PODSHARK_MAX_EXCLUDED) */
	size_t n_excluded;
	const bool *selected;        /* NULL: every syscall; else [PODSHARK_SELECT_SLOTS] */
	const struct podshark_arg_plan *plans; /* [PODSHARK_SELECT_SLOTS], NULL: no memory */
	uint32_t string_max;         /* bytes of a path or string, power of two, 64..4096 */
	uint32_t payload_snaplen;    /* bytes of I/O payload, 0: none */
	/* Task selection, decided in the kernel (a task passes if any selector
	 * that is on selects it; none on: every task). */
	const pid_t *selected_pids;  /* NULL or n_selected_pids processes */
	size_t n_selected_pids;
	char *const *selected_comms; /* NULL or a NULL-terminated list of names */
	bool select_cgroups;         /* cgroups join with syscall_probe_select_cgroup() */
	uint32_t sample_one_in;      /* 0: drop when the ring is full; N: keep 1 in N when filling */
	bool per_syscall_hooks;      /* when few calls are selected, hook only those (their
					own tracepoints, blind to 32-bit calls) */
	bool verbose;                /* pass libbpf's debug output through */
};

/* Called for each record read from the ring, in ring order. */
typedef int (*syscall_probe_record_fn)(void *ctx, const void *rec, size_t len);

/* Checks privileges and kernel support, loads and attaches.  On failure
 * returns NULL and puts one line into err (without "podshark: "). */
struct syscall_probe *syscall_probe_start(const struct syscall_probe_settings *settings,
					  syscall_probe_record_fn fn, void *ctx, char *err,
					  size_t errlen);

/* Which attachment is in use: "tp_btf", "raw_tracepoint" or "syscall tracepoints
 * of N calls". */
const char *syscall_probe_attach_kind(const struct syscall_probe *p);

/* NULL when io_uring requests are recorded; else why they are not (one line). */
const char *syscall_probe_uring_unseen(const struct syscall_probe *p);

/* A file descriptor that becomes readable when the probe wakes the reader
 * (when the ring fills up), and delivering what is ready without waiting
 * (each CPU's partial batch too): how many records, or -errno. */
int syscall_probe_fd(const struct syscall_probe *p);
int syscall_probe_consume(struct syscall_probe *p);

/* Stops recording (detaches the programs) and delivers what the ring still holds. */
int syscall_probe_stop(struct syscall_probe *p);

/* After stop: hands each call still in progress to fn as an unfinished
 * record (flags PODSHARK_SC_UNFINISHED, latency up to now_mono_ns).
 * Returns how many, or -errno when they cannot be read. */
int syscall_probe_unfinished(struct syscall_probe *p, uint64_t now_mono_ns);

/* Adds a cgroup to the selected set (the settings' select_cgroups). */
int syscall_probe_select_cgroup(struct syscall_probe *p, uint64_t cgroup_id);

/* Sums the probe's per-CPU counters. */
int syscall_probe_stats(struct syscall_probe *p, struct podshark_probe_stats *out);

/* Releases every program, link and map. */
void syscall_probe_free(struct syscall_probe *p);

#endif /* PODSHARK_SYSCALL_PROBE_H */

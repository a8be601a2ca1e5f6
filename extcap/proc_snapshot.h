/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The capture-start snapshot: one PROC record (kind SNAPSHOT) for every
 * process in /proc and, after it, one FD record for every file descriptor the
 * process has open, so that a saved capture names the processes and fds that
 * existed before it started (docs/FORMAT.md, PROC and FD).  The extcap writes
 * these records before the first syscall record.
 */
#ifndef PODSHARK_PROC_SNAPSHOT_H
#define PODSHARK_PROC_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Called for each record built: the bytes of one complete podshark record
 * (little-endian, header set, extensions appended), valid during the call
 * only.  evt_num is 0: the caller numbers records in the order it writes
 * them.  Returns non-zero to stop the walk.
 */
typedef int (*proc_snapshot_fn)(void *ctx, const void *rec, size_t len);

struct proc_snapshot_stats {
	unsigned processes;        /* PROC records built */
	unsigned fds;              /* FD records built */
	unsigned sockets_resolved; /* socket fds found in their network namespace's tables */
	unsigned errors;           /* failures other than a process or an fd vanishing during
				      the walk, or access refused to an unprivileged caller */
};

/*
 * Walks proc_root (normally "/proc"): the thread-group leaders in pid order,
 * each as a PROC record followed by its FD records.  ts_ns is the UNIX-epoch
 * time stamped on every record; skip_pid a process to leave out (0: none).
 * stats may be NULL.  Returns 0 when the walk is complete, the callback's
 * value when it stopped the walk, or -errno when proc_root cannot be read.
 */
int proc_snapshot_walk(const char *proc_root, uint64_t ts_ns, pid_t skip_pid,
		       proc_snapshot_fn fn, void *ctx, struct proc_snapshot_stats *stats);

#endif /* PODSHARK_PROC_SNAPSHOT_H */

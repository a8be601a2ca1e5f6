/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The interface between the probe and the extcap that is not part of the
 * capture format: map values and counters.  Shared by probe/podshark.bpf.c
 * and extcap/ (fixed-width types only).
 */
#ifndef PODSHARK_PROBE_H
#define PODSHARK_PROBE_H

#include "podshark_record.h"

/* Counters the probe keeps per CPU; the extcap sums them.  Every syscall entry
 * the probe sees is counted in "seen" before anything else can drop it, and
 * every selected one ends as one record in the ring, one counted drop, or one
 * entry still active in the pending map when the capture stops:
 *   selected = records + ring_full + pending_full + active at stop */
struct podshark_probe_stats {
	__u64 seen;         /* syscall entries seen, selected or not */
	__u64 selected;     /* entries kept after in-kernel selection */
	__u64 ring_full;    /* records lost: no room in the ring */
	__u64 pending_full; /* records lost: no room to remember the entry */
	__u64 entry_lost;   /* exits without a remembered entry (the call began before attach) */
};

/* A call in progress, remembered from entry to exit, keyed by thread id. */
struct podshark_pending_call {
	__u32 active; /* 1 between entry and exit */
	__u32 reserved;
	struct podshark_syscall_rec rec;
};

/* Index into the selection bitmap: compat (i386) calls use the upper half. */
#define PODSHARK_SELECT_SLOTS 1024
#define PODSHARK_SELECT_COMPAT_BASE 512

#endif /* PODSHARK_PROBE_H */

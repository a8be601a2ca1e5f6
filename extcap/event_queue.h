/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A reorder window: records arrive nearly, not exactly, in time order (CPUs
 * share one ring; packets come from other sources), and a capture must be in
 * non-decreasing time order.  Records wait here until they are older than the
 * watermark, then leave sorted.
 *
 * Its memory is bounded: at most EVENT_QUEUE_MAX_BYTES of items and
 * EVENT_QUEUE_MAX_EVENTS of their index entries (58 MiB in all).  A
 * reader that fills it stops reading until the oldest have waited their turn
 * (the kernel's ring then fills and drops, and counts what it drops).
 */
#ifndef PODSHARK_EVENT_QUEUE_H
#define PODSHARK_EVENT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_queue;

/* 150 ms of getppid records (184 bytes each) at 1.5 M calls/s: the 100 ms a
 * record waits, and the time the reader takes to come round again */
#define EVENT_QUEUE_MAX_BYTES (48u << 20)
/* as many index entries as getppid records at that rate */
#define EVENT_QUEUE_MAX_EVENTS (1u << 18)

/* What a queued item is: a podshark record, or a packet as captured. */
enum queued_kind { QUEUED_RECORD, QUEUED_PACKET };

/* Called for each item that leaves, in time order.  data is writable. */
typedef int (*event_queue_emit_fn)(void *ctx, uint64_t ts_ns, uint32_t interface_id,
				   enum queued_kind kind, void *data, uint32_t len,
				   uint32_t orig_len);

struct event_queue *event_queue_new(void);
void event_queue_free(struct event_queue *q);

/* Copies data in; orig_len is a packet's length on the wire (len for
 * records).  Returns 0, -ENOBUFS when the queue is at its bound, or -ENOMEM. */
int event_queue_push(struct event_queue *q, uint64_t ts_ns, uint32_t interface_id,
		     enum queued_kind kind, const void *data, uint32_t len, uint32_t orig_len);

/* Emits, in time order, every record with ts_ns <= watermark_ns (all of them
 * with UINT64_MAX).  Stops at the first non-zero return of fn and returns it. */
int event_queue_emit(struct event_queue *q, uint64_t watermark_ns, event_queue_emit_fn fn,
		     void *ctx);

size_t event_queue_length(const struct event_queue *q);

/* Whether an item of len bytes might not fit any more. */
bool event_queue_nearly_full(const struct event_queue *q, size_t len);

#endif /* PODSHARK_EVENT_QUEUE_H */

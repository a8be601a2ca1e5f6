/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reorder window.  Items are copied into chunks in the order they come and
 * never move again: a chunk is released once every item in it has left, which,
 * items leaving nearly in the order they came, happens soon after.  Their
 * index, sorted by time, is an array read from its head; it moves down only
 * when the head has passed half of it.  So a round of emitting costs what it
 * emits, not what stays (a window of 100 ms at 1 M events/s holds 18 MB).
 */
#include "event_queue.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Items go into chunks of this size (a larger item gets a chunk of its own). */
#define CHUNK_BYTES (1u << 20)

struct chunk {
	size_t cap, used;
	size_t live; /* items in it that have not left */
	unsigned char data[];
};

struct queued_event {
	uint64_t ts_ns;
	uint32_t interface_id;
	uint32_t len;
	uint32_t orig_len;
	enum queued_kind kind;
	struct chunk *chunk;
	size_t offset; /* into chunk->data */
};

struct event_queue {
	struct queued_event *events;
	size_t head, n, cap; /* the queue is events[head..n) */
	size_t sorted;       /* events[head..sorted) are in time order */
	struct chunk *tail;  /* where the next item goes */
	struct chunk *spare; /* an emptied chunk, kept for the next */
	size_t chunk_bytes;  /* the capacity of every chunk held, the spare's too */
};

struct event_queue *event_queue_new(void)
{
	return calloc(1, sizeof(struct event_queue));
}

static size_t padded_len(size_t len)
{
	/* keep items 8-byte aligned so that records can be read as structs */
	return (len + 7) & ~(size_t)7;
}

static void chunk_free(struct event_queue *q, struct chunk *c)
{
	q->chunk_bytes -= c->cap;
	free(c);
}

/* A chunk nothing refers to any more: kept as the spare, or freed. */
static void chunk_drop(struct event_queue *q, struct chunk *c)
{
	if (!q->spare && c->cap == CHUNK_BYTES) {
		c->used = 0;
		q->spare = c;
	} else {
		chunk_free(q, c);
	}
}

static void item_left(struct event_queue *q, struct queued_event *e)
{
	if (--e->chunk->live == 0 && e->chunk != q->tail)
		chunk_drop(q, e->chunk);
}

void event_queue_free(struct event_queue *q)
{
	if (!q)
		return;
	for (size_t i = q->head; i < q->n; i++)
		item_left(q, &q->events[i]);
	if (q->tail)
		chunk_free(q, q->tail);
	if (q->spare)
		chunk_free(q, q->spare);
	free(q->events);
	free(q);
}

size_t event_queue_length(const struct event_queue *q)
{
	return q->n - q->head;
}

/* Whether a new tail chunk for an item of padded length need would pass the bound. */
static bool new_chunk_over_bound(const struct event_queue *q, size_t need)
{
	size_t size = need > CHUNK_BYTES ? need : CHUNK_BYTES;

	if (q->spare && size == CHUNK_BYTES)
		return false;
	return q->chunk_bytes + size > EVENT_QUEUE_MAX_BYTES;
}

static bool tail_has_room(const struct event_queue *q, size_t need)
{
	return q->tail && q->tail->used + need <= q->tail->cap;
}

bool event_queue_nearly_full(const struct event_queue *q, size_t len)
{
	size_t need = padded_len(len);

	return event_queue_length(q) + 1 >= EVENT_QUEUE_MAX_EVENTS ||
	       (!tail_has_room(q, need) && new_chunk_over_bound(q, need));
}

static int new_tail(struct event_queue *q, size_t need)
{
	struct chunk *c;

	if (new_chunk_over_bound(q, need))
		return -ENOBUFS;
	if (need <= CHUNK_BYTES && q->spare) {
		c = q->spare;
		q->spare = NULL;
	} else {
		size_t size = need > CHUNK_BYTES ? need : CHUNK_BYTES;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return -ENOMEM;
		c->cap = size;
		c->used = c->live = 0;
		q->chunk_bytes += size;
	}
	if (q->tail && q->tail->live == 0)
		chunk_drop(q, q->tail);
	q->tail = c;
	return 0;
}

/* Room for one more index entry: the queue moves down to the front when its
 * head has passed half the array (or the array is at the bound), else the
 * array grows. */
static int index_room(struct event_queue *q)
{
	size_t n = q->cap ? q->cap * 2 : 1024;
	void *p;

	if (q->n < q->cap)
		return 0;
	if (q->head && (q->head >= q->cap / 2 || q->cap >= EVENT_QUEUE_MAX_EVENTS)) {
		memmove(q->events, q->events + q->head, (q->n - q->head) * sizeof(*q->events));
		q->n -= q->head;
		q->sorted -= q->head;
		q->head = 0;
		return 0;
	}
	p = realloc(q->events, n * sizeof(*q->events));
	if (!p)
		return -ENOMEM;
	q->events = p;
	q->cap = n;
	return 0;
}

int event_queue_push(struct event_queue *q, uint64_t ts_ns, uint32_t interface_id,
		     enum queued_kind kind, const void *data, uint32_t len, uint32_t orig_len)
{
	size_t need = padded_len(len);
	struct queued_event *e;
	int rc;

	if (event_queue_length(q) >= EVENT_QUEUE_MAX_EVENTS)
		return -ENOBUFS;
	if (!tail_has_room(q, need) && (rc = new_tail(q, need)))
		return rc;
	if ((rc = index_room(q)))
		return rc;
	memcpy(q->tail->data + q->tail->used, data, len);
	e = &q->events[q->n++];
	e->ts_ns = ts_ns;
	e->interface_id = interface_id;
	e->len = len;
	e->orig_len = orig_len;
	e->kind = kind;
	e->chunk = q->tail;
	e->offset = q->tail->used;
	q->tail->used += need;
	q->tail->live++;
	return 0;
}

/* Stable insertion sort of the unsorted tail: the input is nearly in order,
 * so each new item moves back a few places at most. */
static void sort_tail(struct event_queue *q)
{
	for (size_t i = q->sorted > q->head ? q->sorted : q->head + 1; i < q->n; i++) {
		struct queued_event e = q->events[i];
		size_t j = i;

		while (j > q->head && q->events[j - 1].ts_ns > e.ts_ns) {
			q->events[j] = q->events[j - 1];
			j--;
		}
		q->events[j] = e;
	}
	q->sorted = q->n;
}

int event_queue_emit(struct event_queue *q, uint64_t watermark_ns, event_queue_emit_fn fn,
		     void *ctx)
{
	int rc = 0;

	sort_tail(q);
	while (q->head < q->n && q->events[q->head].ts_ns <= watermark_ns) {
		struct queued_event *e = &q->events[q->head];

		rc = fn(ctx, e->ts_ns, e->interface_id, e->kind, e->chunk->data + e->offset,
			e->len, e->orig_len);
		if (rc)
			break;
		item_left(q, e);
		q->head++;
	}
	if (q->head == q->n)
		q->head = q->n = q->sorted = 0;
	return rc;
}

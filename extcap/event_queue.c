/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "event_queue.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct queued_event {
	uint64_t ts_ns;
	uint32_t interface_id;
	uint32_t len;
	uint32_t orig_len;
	enum queued_kind kind;
	size_t offset; /* into the arena */
};

struct event_queue {
	struct queued_event *events;
	size_t n, cap;
	size_t sorted; /* events[0..sorted) are in order */
	unsigned char *arena;
	size_t used, arena_cap;
};

struct event_queue *event_queue_new(void)
{
	return calloc(1, sizeof(struct event_queue));
}

void event_queue_free(struct event_queue *q)
{
	if (!q)
		return;
	free(q->events);
	free(q->arena);
	free(q);
}

size_t event_queue_length(const struct event_queue *q)
{
	return q->n;
}

static size_t padded_len(size_t len)
{
	/* keep records 8-byte aligned so that they can be read as structs */
	return (len + 7) & ~(size_t)7;
}

bool event_queue_nearly_full(const struct event_queue *q, size_t len)
{
	return q->n + 1 >= EVENT_QUEUE_MAX_EVENTS ||
	       q->used + padded_len(len) > EVENT_QUEUE_MAX_BYTES;
}

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 1024;
	void *p;

	while (n < need)
		n *= 2;
	if (n == *cap)
		return 0;
	p = realloc(*buf, n * elem);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*cap = n;
	return 0;
}

int event_queue_push(struct event_queue *q, uint64_t ts_ns, uint32_t interface_id,
		     enum queued_kind kind, const void *data, uint32_t len, uint32_t orig_len)
{
	size_t padded = padded_len(len);
	struct queued_event *e;

	if (q->n == EVENT_QUEUE_MAX_EVENTS || q->used + padded > EVENT_QUEUE_MAX_BYTES)
		return -ENOBUFS;
	if (grow((void **)&q->events, &q->cap, q->n + 1, sizeof(*q->events)) ||
	    grow((void **)&q->arena, &q->arena_cap, q->used + padded, 1))
		return -ENOMEM;
	memcpy(q->arena + q->used, data, len);
	e = &q->events[q->n++];
	e->ts_ns = ts_ns;
	e->interface_id = interface_id;
	e->len = len;
	e->orig_len = orig_len;
	e->kind = kind;
	e->offset = q->used;
	q->used += padded;
	return 0;
}

static bool earlier(const struct queued_event *a, const struct queued_event *b)
{
	return a->ts_ns < b->ts_ns;
}

static bool stored_before(const struct queued_event *a, const struct queued_event *b)
{
	return a->offset < b->offset;
}

/* Stable insertion sort of events[from..n) into events[0..n): the input is
 * nearly in order, so each event moves back a few places at most. */
static void insertion_sort(struct queued_event *events, size_t from, size_t n,
			   bool (*less)(const struct queued_event *, const struct queued_event *))
{
	for (size_t i = from ? from : 1; i < n; i++) {
		struct queued_event e = events[i];
		size_t j = i;

		while (j > 0 && less(&e, &events[j - 1])) {
			events[j] = events[j - 1];
			j--;
		}
		events[j] = e;
	}
}

static void sort_tail(struct event_queue *q)
{
	insertion_sort(q->events, q->sorted, q->n, earlier);
	q->sorted = q->n;
}

/* Moves the records that stay to the front of the arena, in place: taken in
 * the order they are stored (nearly their time order already), each moves
 * towards the front only.  Then back in time order. */
static void compact(struct event_queue *q)
{
	size_t used = 0;

	insertion_sort(q->events, 0, q->n, stored_before);
	for (size_t i = 0; i < q->n; i++) {
		struct queued_event *e = &q->events[i];

		memmove(q->arena + used, q->arena + e->offset, e->len);
		e->offset = used;
		used += padded_len(e->len);
	}
	q->used = used;
	insertion_sort(q->events, 0, q->n, earlier);
}

int event_queue_emit(struct event_queue *q, uint64_t watermark_ns, event_queue_emit_fn fn,
		     void *ctx)
{
	size_t done = 0;
	int rc = 0;

	sort_tail(q);
	while (done < q->n && q->events[done].ts_ns <= watermark_ns) {
		struct queued_event *e = &q->events[done];

		rc = fn(ctx, e->ts_ns, e->interface_id, e->kind, q->arena + e->offset, e->len,
			e->orig_len);
		if (rc)
			break;
		done++;
	}
	if (!done)
		return rc;

	if (done == q->n) {
		q->n = q->sorted = q->used = 0;
		return rc;
	}
	memmove(q->events, q->events + done, (q->n - done) * sizeof(*q->events));
	q->n -= done;
	q->sorted = q->n;
	compact(q);
	return rc;
}

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
	/* keep records 8-byte aligned so that they can be read as structs */
	size_t padded = (len + 7) & ~(size_t)7;
	struct queued_event *e;

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

/* Insertion sort of the unsorted tail: the input is nearly in order, so each
 * new record moves back a few places at most. */
static void sort_tail(struct event_queue *q)
{
	for (size_t i = q->sorted ? q->sorted : 1; i < q->n; i++) {
		struct queued_event e = q->events[i];
		size_t j = i;

		while (j > 0 && q->events[j - 1].ts_ns > e.ts_ns) {
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

	/* Move what stays to the front; the arena holds records in push order,
	 * so it is compacted by rewriting each kept record's offset. */
	if (done == q->n) {
		q->n = q->sorted = q->used = 0;
		return rc;
	}
	memmove(q->events, q->events + done, (q->n - done) * sizeof(*q->events));
	q->n -= done;
	q->sorted = q->n;
	{
		unsigned char *fresh = malloc(q->arena_cap);
		size_t used = 0;

		if (!fresh)
			return rc; /* keep the old arena: offsets are still valid */
		for (size_t i = 0; i < q->n; i++) {
			struct queued_event *e = &q->events[i];

			memcpy(fresh + used, q->arena + e->offset, e->len);
			e->offset = used;
			used += (e->len + 7) & ~(size_t)7;
		}
		free(q->arena);
		q->arena = fresh;
		q->used = used;
	}
	return rc;
}

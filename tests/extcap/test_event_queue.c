/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reorder window (extcap/event_queue.c): items leave in time order, equal
 * times in the order they came, each with its own bytes after any number of
 * rounds of pushing and emitting; and its memory is bounded (EVENT_QUEUE_MAX_*).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "event_queue.h"

struct seen {
	uint64_t last_ts;
	uint64_t last_seq;
	size_t count;
	unsigned bad_order, bad_bytes;
};

/* Each item carries its time, its push sequence number and a fill byte. */
struct item {
	uint64_t ts, seq;
	unsigned char fill[40];
};

static int take(void *ctx, uint64_t ts_ns, uint32_t interface_id, enum queued_kind kind,
		void *data, uint32_t len, uint32_t orig_len)
{
	struct seen *s = ctx;
	const struct item *it = data;

	(void)interface_id;
	(void)kind;
	(void)orig_len;
	if (ts_ns < s->last_ts || (s->count && ts_ns == s->last_ts && it->seq < s->last_seq))
		s->bad_order++;
	if (len != sizeof(*it) || it->ts != ts_ns || it->fill[0] != (unsigned char)it->seq ||
	    it->fill[sizeof(it->fill) - 1] != (unsigned char)it->seq)
		s->bad_bytes++;
	s->last_ts = ts_ns;
	s->last_seq = it->seq;
	s->count++;
	return 0;
}

static void push_item(struct event_queue *q, uint64_t ts, uint64_t seq)
{
	struct item it = { .ts = ts, .seq = seq };

	memset(it.fill, (int)(seq & 0xff), sizeof(it.fill));
	CHECK(event_queue_push(q, ts, 0, QUEUED_RECORD, &it, sizeof(it), sizeof(it)) == 0);
}

/* Times jitter backwards by up to 50 (as CPUs sharing a ring do), with ties;
 * each round emits what is older than now - 100. */
static void test_order_over_many_rounds(void)
{
	struct event_queue *q = event_queue_new();
	struct seen s = { 0 };
	uint64_t seq = 0, now = 1000;

	srand(7);
	for (int round = 0; round < 200; round++) {
		for (int i = 0; i < 500; i++, now += 2)
			push_item(q, now - (uint64_t)(rand() % 50) / 10 * 10, seq++);
		event_queue_emit(q, now - 100, take, &s);
	}
	event_queue_emit(q, UINT64_MAX, take, &s);
	CHECK(s.count == seq);
	CHECK(s.bad_order == 0);
	CHECK(s.bad_bytes == 0);
	CHECK(event_queue_length(q) == 0);
	event_queue_free(q);
}

static void test_bounded(void)
{
	struct event_queue *q = event_queue_new();
	struct seen s = { 0 };
	size_t pushed = 0;
	struct item it = { 0 };
	int rc;

	while (!event_queue_nearly_full(q, sizeof(it))) {
		pushed++;
		push_item(q, pushed, pushed);
	}
	/* nearly full: at most one more of this size, then a refusal */
	while ((rc = event_queue_push(q, pushed + 1, 0, QUEUED_RECORD, &it, sizeof(it),
				      sizeof(it))) == 0)
		pushed++;
	CHECK(rc == -ENOBUFS);
	CHECK(pushed <= EVENT_QUEUE_MAX_EVENTS);
	CHECK(pushed * ((sizeof(it) + 7) & ~(size_t)7) <= EVENT_QUEUE_MAX_BYTES);
	/* room again once the oldest half has left */
	event_queue_emit(q, pushed / 2, take, &s);
	CHECK(s.count == pushed / 2);
	CHECK(!event_queue_nearly_full(q, sizeof(it)));
	event_queue_free(q);
}

int main(void)
{
	test_order_over_many_rounds();
	test_bounded();
	return check_exit_status("event_queue");
}

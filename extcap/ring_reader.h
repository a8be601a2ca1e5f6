/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a BPF ring buffer map (BPF_MAP_TYPE_RINGBUF) from its mapping, as
 * libbpf's ring_buffer does, but giving the space back to the producers once
 * per batch of records instead of after each one: every write of the
 * consumer position takes the cache line away from the CPUs that reserve
 * records, and each of their reservations reads it.
 */
#ifndef PODSHARK_RING_READER_H
#define PODSHARK_RING_READER_H

#include <stddef.h>

struct ring_reader;

/* Called for each record in ring order; a negative return stops the reading
 * after this record (which is consumed) and is returned by ring_reader_consume. */
typedef int (*ring_reader_fn)(void *ctx, const void *data, size_t len);

/* NULL with errno set on failure. */
struct ring_reader *ring_reader_new(int map_fd, ring_reader_fn fn, void *ctx);
/* Readable when the producers wake the reader. */
int ring_reader_fd(const struct ring_reader *r);
/* Hands over every committed record without waiting; returns how many, or
 * the callback's negative return. */
int ring_reader_consume(struct ring_reader *r);
void ring_reader_free(struct ring_reader *r);

#endif

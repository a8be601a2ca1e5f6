/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ring_reader.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <limits.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* The consumer position is written back at least this often while a batch
 * is read, so that a long batch frees the ring as it goes. */
#define RELEASE_EVERY_BYTES (64 * 1024)

struct ring_reader {
	int map_fd;
	ring_reader_fn fn;
	void *ctx;
	size_t page_size;
	size_t mask;                    /* data size - 1 (a power of two) */
	unsigned long *consumer_pos;    /* the page we write */
	const unsigned long *producer_pos; /* the kernel's page, then the data twice */
	const uint8_t *data;
};

struct ring_reader *ring_reader_new(int map_fd, ring_reader_fn fn, void *ctx)
{
	struct bpf_map_info info = { 0 };
	__u32 info_len = sizeof(info);
	struct ring_reader *r;
	void *p;

	if (bpf_obj_get_info_by_fd(map_fd, &info, &info_len))
		return NULL;
	if (info.type != BPF_MAP_TYPE_RINGBUF) {
		errno = EINVAL;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->map_fd = map_fd;
	r->fn = fn;
	r->ctx = ctx;
	r->page_size = (size_t)sysconf(_SC_PAGESIZE);
	r->mask = info.max_entries - 1;
	p = mmap(NULL, r->page_size, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	r->consumer_pos = p;
	/* the data pages are mapped twice in a row: a record that wraps around
	 * the end reads as one piece */
	p = mmap(NULL, r->page_size + 2 * (size_t)info.max_entries, PROT_READ, MAP_SHARED, map_fd,
		 (off_t)r->page_size);
	if (p == MAP_FAILED)
		goto fail;
	r->producer_pos = p;
	r->data = (const uint8_t *)p + r->page_size;
	return r;
fail:
	ring_reader_free(r);
	return NULL;
}

int ring_reader_fd(const struct ring_reader *r)
{
	return r->map_fd;
}

static void release(struct ring_reader *r, unsigned long pos)
{
	__atomic_store_n(r->consumer_pos, pos, __ATOMIC_RELEASE);
}

int ring_reader_consume(struct ring_reader *r)
{
	unsigned long cons = __atomic_load_n(r->consumer_pos, __ATOMIC_ACQUIRE);
	unsigned long released = cons, prod;
	int n = 0, rc = 0;

	while (cons < (prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE))) {
		while (cons < prod) {
			const uint32_t *hdr = (const void *)(r->data + (cons & r->mask));
			uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);

			if (len & BPF_RINGBUF_BUSY_BIT)
				goto out; /* reserved, not committed yet */
			/* the header, then the record, padded to 8 bytes */
			cons += (((len & ~BPF_RINGBUF_DISCARD_BIT) + BPF_RINGBUF_HDR_SZ + 7) & ~7ul);
			if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
				rc = r->fn(r->ctx, (const uint8_t *)hdr + BPF_RINGBUF_HDR_SZ, len);
				if (rc < 0)
					goto out;
				if (n < INT_MAX)
					n++;
			}
			if (cons - released >= RELEASE_EVERY_BYTES) {
				release(r, cons);
				released = cons;
			}
		}
	}
out:
	if (cons != released)
		release(r, cons);
	return rc < 0 ? rc : n;
}

void ring_reader_free(struct ring_reader *r)
{
	if (!r)
		return;
	if (r->consumer_pos)
		munmap(r->consumer_pos, r->page_size);
	if (r->producer_pos)
		munmap((void *)r->producer_pos, r->page_size + 2 * (r->mask + 1));
	free(r);
}

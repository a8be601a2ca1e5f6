/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An incremental reader of the pcapng the writer (pcapng_writer.h) writes:
 * bytes arrive in pieces from a pipe; whole blocks come out, with the same
 * structs the writer takes, so that a stream can be written on unchanged.
 * Little-endian sections only (podshark writes no other).
 */
#ifndef PODSHARK_PCAPNG_READER_H
#define PODSHARK_PCAPNG_READER_H

#include <stddef.h>
#include <stdint.h>

#include "pcapng_writer.h"

enum pcapng_block_kind {
	PCAPNG_BLOCK_SECTION,
	PCAPNG_BLOCK_INTERFACE,
	PCAPNG_BLOCK_PACKET,
	PCAPNG_BLOCK_STATS,
	PCAPNG_BLOCK_OTHER, /* a block type this reader skips */
};

/* One block; its pointers stay valid until the next call of pcapng_reader_next()
 * or pcapng_reader_feed(). */
struct pcapng_block {
	enum pcapng_block_kind kind;
	struct pcapng_section_info section;     /* SECTION */
	struct pcapng_interface_info interface; /* INTERFACE */
	uint32_t interface_id;                  /* PACKET, STATS */
	uint64_t ts_ns;                         /* PACKET, STATS: UNIX epoch ns */
	const uint8_t *data;                    /* PACKET */
	uint32_t caplen, origlen;               /* PACKET */
	struct pcapng_interface_stats stats;    /* STATS */
};

struct pcapng_reader;

struct pcapng_reader *pcapng_reader_new(void);
void pcapng_reader_free(struct pcapng_reader *r);

/* Appends bytes of the stream; returns 0 or -ENOMEM. */
int pcapng_reader_feed(struct pcapng_reader *r, const void *data, size_t len);

/* The next whole block: 1 and *b, 0 when more bytes are needed, -1 with the
 * reason in err when the stream is not pcapng as podshark writes it. */
int pcapng_reader_next(struct pcapng_reader *r, struct pcapng_block *b, char *err,
		       size_t errlen);

/* Bytes fed that are not yet a whole block. */
size_t pcapng_reader_pending(const struct pcapng_reader *r);

#endif /* PODSHARK_PCAPNG_READER_H */

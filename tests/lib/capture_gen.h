/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the test captures' generators (tests/dissector/gen_golden.c and
 * gen_flows.c, tests/analysis/gen_scenario.c) share: the command line, the
 * output file and its pcapng writer, the exported-PDU prefix of record
 * frames, and byte order helpers.
 */
#ifndef PODSHARK_CAPTURE_GEN_H
#define PODSHARK_CAPTURE_GEN_H

#include <stdint.h>

#include "pcapng_writer.h"

struct capture_gen {
	const char *prog; /* for messages */
	const char *path;
	int fd;
	struct pcapng_writer *w;
	unsigned char prefix[64]; /* in front of each record: names the podshark dissector */
	uint32_t prefix_len;
};

/* Takes "PROG OUTPUT.pcapng", opens OUTPUT and writes the section header
 * (shb_userappl "podshark PROG"); exits with a message when it cannot. */
void capture_gen_open(struct capture_gen *c, int argc, char **argv, const char *prog);

/* Writes out what is buffered and closes; returns main's status (0, or 1
 * after a message: the writer's errors are sticky, checked here once). */
int capture_gen_close(struct capture_gen *c);

/* An Ethernet/IPv4/TCP segment without payload (flags: the TCP flags byte;
 * seq: the low byte of a sequence number, to tell segments apart). */
void capture_gen_tcp_segment(struct capture_gen *c, uint32_t interface_id, uint64_t ts_ns,
			     const uint8_t src[4], uint16_t sport, const uint8_t dst[4],
			     uint16_t dport, uint8_t flags, uint8_t seq);

static inline void put_le16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static inline void put_be16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

#endif /* PODSHARK_CAPTURE_GEN_H */

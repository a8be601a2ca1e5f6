// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pcapng reader (extcap/pcapng_reader.c) against the writer: what the
 * writer writes comes back block by block, with the same values, whether the
 * bytes arrive at once or one at a time (as from a pipe); what is not pcapng
 * as podshark writes it is refused with a reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pcapng_reader.h"
#include "pcapng_writer.h"

#define TS 1700000000123456789ull

/* A stream as a node writes one: section, two interfaces, a packet, statistics. */
static unsigned char *written(size_t *len)
{
	FILE *f = tmpfile();
	struct pcapng_writer *w = pcapng_writer_new(fileno(f), 0);
	const struct pcapng_interface_stats stats = {
		.start_ns = TS - 5, .end_ns = TS + 5, .ifrecv = 10, .ifdrop = 2, .osdrop = 1,
		.usrdeliv = 7,
	};
	unsigned char *buf;

	pcapng_write_section(w, &(struct pcapng_section_info){ .hardware = "x86_64",
							       .os = "Linux 6.18", .app = "t" });
	pcapng_write_interface(w, &(struct pcapng_interface_info){
					  .linktype = 252, .snaplen = 0x40000, .name = "podshark",
					  .description = "podshark; node=node-a" });
	pcapng_write_interface(w, &(struct pcapng_interface_info){
					  .linktype = 1, .snaplen = 1500, .name = "shop/web-0 eth0",
					  .filter = "tcp", .os = "Linux" });
	pcapng_write_packet(w, 1, TS, "ab", 2, "cde", 3, 60);
	pcapng_write_stats(w, 0, TS + 1, &stats);
	pcapng_writer_close(w);
	*len = (size_t)ftell(f);
	buf = malloc(*len);
	rewind(f);
	if (!buf || fread(buf, 1, *len, f) != *len)
		abort();
	fclose(f);
	return buf;
}

static void check_stream(const unsigned char *bytes, size_t len, size_t piece)
{
	struct pcapng_reader *r = pcapng_reader_new();
	struct pcapng_block b;
	unsigned seen = 0;
	char err[128];

	for (size_t off = 0; off < len; off += piece) {
		pcapng_reader_feed(r, bytes + off, off + piece <= len ? piece : len - off);
		while (pcapng_reader_next(r, &b, err, sizeof(err)) == 1) {
			switch (seen++) {
			case 0:
				CHECK(b.kind == PCAPNG_BLOCK_SECTION);
				CHECK_STR(b.section.os, "Linux 6.18");
				break;
			case 1:
				CHECK(b.kind == PCAPNG_BLOCK_INTERFACE);
				CHECK(b.interface.linktype == 252);
				CHECK_STR(b.interface.name, "podshark");
				CHECK_STR(b.interface.description, "podshark; node=node-a");
				break;
			case 2:
				CHECK(b.kind == PCAPNG_BLOCK_INTERFACE);
				CHECK(b.interface.snaplen == 1500);
				CHECK_STR(b.interface.filter, "tcp");
				CHECK_STR(b.interface.os, "Linux");
				break;
			case 3:
				CHECK(b.kind == PCAPNG_BLOCK_PACKET);
				CHECK(b.interface_id == 1 && b.ts_ns == TS);
				CHECK(b.caplen == 5 && b.origlen == 62); /* the prefix counts in both */
				CHECK(memcmp(b.data, "abcde", 5) == 0);
				break;
			case 4:
				CHECK(b.kind == PCAPNG_BLOCK_STATS);
				CHECK(b.interface_id == 0 && b.ts_ns == TS + 1);
				CHECK(b.stats.start_ns == TS - 5 && b.stats.end_ns == TS + 5);
				CHECK(b.stats.ifrecv == 10 && b.stats.ifdrop == 2 &&
				      b.stats.osdrop == 1 && b.stats.usrdeliv == 7);
				break;
			}
		}
	}
	CHECK(seen == 5);
	CHECK(pcapng_reader_pending(r) == 0);
	pcapng_reader_free(r);
}

static void check_refused(const unsigned char *bytes, size_t len, const char *reason)
{
	struct pcapng_reader *r = pcapng_reader_new();
	struct pcapng_block b;
	char err[128] = "";
	int rc;

	pcapng_reader_feed(r, bytes, len);
	while ((rc = pcapng_reader_next(r, &b, err, sizeof(err))) == 1)
		;
	CHECK(rc == -1);
	CHECK_STR(err, reason);
	pcapng_reader_free(r);
}

int main(void)
{
	size_t len;
	unsigned char *bytes = written(&len), *bad;

	check_stream(bytes, len, len);
	check_stream(bytes, len, 1);
	check_stream(bytes, len, 7);

	check_refused((const unsigned char *)"podshark: command not found\n", 28,
		      "not a pcapng stream (no section header first)");
	bad = malloc(len);
	memcpy(bad, bytes, len);
	bad[8] ^= 0xff; /* the byte-order magic */
	check_refused(bad, len, "not a little-endian pcapng stream");
	memcpy(bad, bytes, len);
	bad[4] = 13; /* a section header of 13 bytes */
	check_refused(bad, len, "a pcapng block of an impossible length");
	free(bad);
	free(bytes);
	return check_exit_status("test_pcapng_reader");
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "capture_gen.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podshark_record.h"

void capture_gen_open(struct capture_gen *c, int argc, char **argv, const char *prog)
{
	char app[64];

	c->prog = prog;
	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTPUT.pcapng\n", argv[0]);
		exit(2);
	}
	c->path = argv[1];
	c->fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (c->fd < 0) {
		fprintf(stderr, "%s: failed to open %s: %s\n", prog, c->path, strerror(errno));
		exit(1);
	}
	c->w = pcapng_writer_new(c->fd, 0);
	if (!c->w) {
		fprintf(stderr, "%s: failed to allocate the writer\n", prog);
		exit(1);
	}
	c->prefix_len = (uint32_t)pcapng_exported_pdu_prefix_len(PODSHARK_DISSECTOR_NAME);
	pcapng_exported_pdu_prefix(c->prefix, PODSHARK_DISSECTOR_NAME);
	snprintf(app, sizeof(app), "podshark %s", prog);
	pcapng_write_section(c->w, &(struct pcapng_section_info){ .app = app });
}

int capture_gen_close(struct capture_gen *c)
{
	int err = pcapng_writer_close(c->w);

	if (close(c->fd) && !err)
		err = -errno;
	if (err) {
		fprintf(stderr, "%s: failed to write %s: %s\n", c->prog, c->path, strerror(-err));
		return 1;
	}
	return 0;
}

static uint32_t ipv4_sum(const unsigned char *h)
{
	uint32_t sum = 0;

	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

void capture_gen_tcp_segment(struct capture_gen *c, uint32_t interface_id, uint64_t ts_ns,
			     const uint8_t src[4], uint16_t sport, const uint8_t dst[4],
			     uint16_t dport, uint8_t flags, uint8_t seq)
{
	unsigned char f[14 + 20 + 20] = { 0 };
	unsigned char *ip = f + 14, *tcp = ip + 20;

	memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	put_be16(f + 12, 0x0800);
	ip[0] = 0x45;
	put_be16(ip + 2, 40);
	ip[8] = 64;
	ip[9] = 6; /* TCP */
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	put_be16(ip + 10, (uint16_t)ipv4_sum(ip));
	put_be16(tcp, sport);
	put_be16(tcp + 2, dport);
	tcp[4] = seq;
	tcp[12] = 5 << 4;
	tcp[13] = flags;
	put_be16(tcp + 14, 64240);
	pcapng_write_packet(c->w, interface_id, ts_ns, NULL, 0, f, sizeof(f), sizeof(f));
}

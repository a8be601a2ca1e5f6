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

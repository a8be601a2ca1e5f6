// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A capture file leaves the page cache behind the writer (extcap/pcapng_writer.c,
 * drop_behind): after 48 MiB written in 8 MiB steps, with time for the disk
 * between steps, the file's first 32 MiB are no longer cached, its last
 * chunk still is, and every byte reads back as written.  A pipe or a file
 * system without a page cache of its own (tmpfs) keeps its pages: skipped.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "check.h"
#include "pcapng_writer.h"

#define MIB (1u << 20)
#define TMPFS_MAGIC 0x01021994
#define PAYLOAD 4000u

/* Resident pages of [off, off + len) of fd, in percent. */
static unsigned resident_percent(int fd, off_t off, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), pages = len / page, in = 0;
	unsigned char *vec = malloc(pages);
	void *map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, off);

	if (!vec || map == MAP_FAILED || mincore(map, len, vec))
		abort();
	for (size_t i = 0; i < pages; i++)
		in += vec[i] & 1;
	munmap(map, len);
	free(vec);
	return (unsigned)(100 * in / pages);
}

int main(void)
{
	char path[] = "/var/tmp/podshark-drop-behind.XXXXXX";
	static unsigned char payload[PAYLOAD];
	int fd = mkstemp(path);
	struct statfs fs;
	struct pcapng_writer *w;
	size_t total = 0, block = 28 + PAYLOAD + 4;
	unsigned char *back;

	if (fd < 0 || fstatfs(fd, &fs)) {
		perror("podshark-drop-behind");
		return 1;
	}
	unlink(path);
	if (fs.f_type == TMPFS_MAGIC) {
		fprintf(stderr, "skipped: /var/tmp is tmpfs\n");
		return 77;
	}
	w = pcapng_writer_new(fd, MIB);
	for (unsigned step = 0; step < 6; step++) {
		while (total < (step + 1) * 8 * MIB) {
			memset(payload, (int)(total / block), sizeof(payload));
			CHECK(pcapng_write_packet(w, 0, total, NULL, 0, payload, PAYLOAD, PAYLOAD) == 0);
			total += block;
		}
		CHECK(pcapng_writer_flush(w) == 0);
		usleep(300 * 1000); /* the disk's time for the chunk sent on its way */
	}
	CHECK(resident_percent(fd, 0, 32 * MIB) <= 10);
	CHECK(resident_percent(fd, 40 * MIB, 8 * MIB) >= 90);
	back = malloc(total);
	CHECK(back && pread(fd, back, total, 0) == (ssize_t)total);
	for (size_t off = 0; back && off + block <= total; off += block)
		if (back[off + 28] != (unsigned char)(off / block) ||
		    back[off + 28 + PAYLOAD - 1] != (unsigned char)(off / block)) {
			CHECK(!"a packet reads back as written");
			break;
		}
	free(back);
	pcapng_writer_close(w);
	close(fd);
	return check_exit_status("pcapng_drop_behind");
}

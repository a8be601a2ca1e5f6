/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writes the capture the dissector tests read: one frame per case below, in
 * this order, every value fixed so the capture is the same on every run.
 * The expected output in golden/ was worked out from these values by hand;
 * README.md lists the frames.
 *
 * Usage: gen_golden OUTPUT.pcapng
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcapng_writer.h"
#include "record_codec.h"

/* 2023-11-14 22:13:20 UTC */
#define T0_NS 1700000000000000000ull
#define MS 1000000ull

/* x86_64 system call numbers (asm/unistd_64.h). */
#define NR_READ 0
#define NR_ACCEPT 43
#define NR_GETPPID 110
#define NR_EXIT_GROUP 231
#define NR_OPENAT 257
#define NR_UNKNOWN 999

#define AT_FDCWD_REG 0xffffff9cull /* (int)-100 as the 32-bit register value */
#define O_CLOEXEC_FLAG 0x80000ull
#define ENOENT_ERRNO 2

struct gen {
	struct pcapng_writer *w;
	unsigned char prefix[64];
	uint32_t prefix_len;
	unsigned frames;
};

/* Write errors are sticky in the writer: main() checks them once, at close. */
static void emit(struct gen *g, const void *rec, uint32_t len)
{
	pcapng_write_packet(g->w, 0, T0_NS + ++g->frames * MS, g->prefix, g->prefix_len, rec,
			    len, len);
}

static void fail_encode(const char *what)
{
	fprintf(stderr, "gen_golden: failed to encode %s\n", what);
	exit(1);
}

static void put_le16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

/* A task of the host: bash (pid 1000) started cat (pid 2000). */
static struct podshark_syscall_rec task(const char *comm, uint32_t pid, uint32_t ppid)
{
	struct podshark_syscall_rec sc = {
		.cgroup_id = 4242,
		.arch = PODSHARK_ARCH_X86_64,
		.cpu = 1,
		.pid = pid,
		.tid = pid,
		.ppid = ppid,
		.vpid = pid - 990,
		.vtid = pid - 990,
		.uid = 1000,
		.gid = 100,
		.loginuid = 1000,
		.ns_inum = { 4026531836, 4026531840, 4026531841, 4026531838, 4026531839,
			     4026531837, 4026531835 },
	};

	/* comm is NUL-padded, not necessarily NUL-terminated (like the kernel's) */
	memcpy(sc.comm, comm, strnlen(comm, sizeof(sc.comm)));
	return sc;
}

static struct podshark_syscall_rec call(uint64_t evt_num, uint32_t nr, int64_t ret,
					uint64_t latency_ns, struct podshark_syscall_rec sc)
{
	sc.evt_num = evt_num;
	sc.entry_ns = T0_NS + evt_num * MS - latency_ns;
	sc.latency_ns = latency_ns;
	sc.nr = nr;
	sc.ret = ret;
	return sc;
}

/* Encodes sc (and its extensions) into buf; returns the record length. */
static uint32_t encode_syscall(const struct podshark_syscall_rec *sc, const void *ext,
			       size_t ext_len, unsigned char *buf, size_t bufsize)
{
	size_t len = podshark_encode_syscall(sc, ext, ext_len, buf, bufsize);

	if (!len)
		fail_encode("a syscall record");
	return (uint32_t)len;
}

static void emit_syscall(struct gen *g, const struct podshark_syscall_rec *sc, const void *ext,
			 size_t ext_len)
{
	unsigned char buf[512];

	emit(g, buf, encode_syscall(sc, ext, ext_len, buf, sizeof(buf)));
}

static void append_ext(unsigned char *ext, size_t size, size_t *len, uint16_t type,
		       const char *value)
{
	if (podshark_ext_append(ext, size, len, type, value, strlen(value)))
		fail_encode("an extension");
}

static void write_frames(struct gen *g)
{
	struct podshark_syscall_rec bash = task("bash", 1000, 1);
	struct podshark_syscall_rec cat = task("cat", 2000, 1000);
	struct podshark_syscall_rec sc;
	struct podshark_loss_rec loss = { .evt_num = 9, .ring_full = 5, .oversize = 1,
					  .user_dropped = 2 };
	unsigned char buf[512], ext[64];
	size_t len, ext_len = 0;

	/* 1: bash opens a file */
	sc = call(1, NR_OPENAT, 3, 12345, bash);
	sc.args[0] = AT_FDCWD_REG;
	sc.args[1] = 0x7ffd2a10;
	sc.args[2] = O_CLOEXEC_FLAG;
	emit_syscall(g, &sc, NULL, 0);

	/* 2: cat fails to open a file */
	sc = call(2, NR_OPENAT, -ENOENT_ERRNO, 2100, cat);
	sc.args[0] = AT_FDCWD_REG;
	sc.args[1] = 0x55d0c0de1000;
	emit_syscall(g, &sc, NULL, 0);

	/* 3: cat asks for its parent */
	sc = call(3, NR_GETPPID, 1000, 400, cat);
	emit_syscall(g, &sc, NULL, 0);

	/* 4: bash reads 832 bytes from fd 3 */
	sc = call(4, NR_READ, 832, 3000, bash);
	sc.args[0] = 3;
	sc.args[1] = 0x7ffd2b00;
	sc.args[2] = 4096;
	emit_syscall(g, &sc, NULL, 0);

	/* 5: bash waits in accept(3) when the capture stops, 2.5 s after entry */
	sc = call(5, NR_ACCEPT, 0, 2500000000, bash);
	sc.args[0] = 3;
	sc.flags = PODSHARK_SC_UNFINISHED;
	sc.cpu = 3;
	emit_syscall(g, &sc, NULL, 0);

	/* 6: cat exits with status 1: recorded at entry */
	sc = call(6, NR_EXIT_GROUP, 0, 0, cat);
	sc.args[0] = 1;
	sc.flags = PODSHARK_SC_NORETURN;
	emit_syscall(g, &sc, NULL, 0);

	/* 7: a system call number the table does not know */
	sc = call(7, NR_UNKNOWN, -38, 100, bash);
	for (unsigned i = 0; i < sizeof(sc.args) / sizeof(sc.args[0]); i++)
		sc.args[i] = i + 1;
	emit_syscall(g, &sc, NULL, 0);

	/* 8: 8 events lost before event 9 */
	len = podshark_encode_loss(&loss, buf, sizeof(buf));
	if (!len)
		fail_encode("a loss record");
	emit(g, buf, (uint32_t)len);

	/* 9: a record type this dissector does not know, 8 bytes of body */
	memset(buf, 0x5a, 16);
	buf[0] = PODSHARK_FORMAT_VERSION;
	buf[1] = 9;
	put_le16(buf + 2, 16);
	put_le32(buf + 4, 16);
	emit(g, buf, 16);

	/* 10: a newer writer's syscall record: 8 more bytes of fixed part */
	sc = call(10, NR_GETPPID, 1, 500, bash);
	len = encode_syscall(&sc, NULL, 0, buf, sizeof(buf));
	memset(buf + len, 0xab, 8);
	put_le16(buf + 2, (uint16_t)(len + 8));
	put_le32(buf + 4, (uint32_t)(len + 8));
	emit(g, buf, (uint32_t)len + 8);

	/* 11: a syscall record with an extension type this dissector does not know */
	sc = call(11, NR_GETPPID, 1, 500, bash);
	append_ext(ext, sizeof(ext), &ext_len, 0x7f00, "hi!");
	emit_syscall(g, &sc, ext, ext_len);

	/* 12: a syscall record cut after 100 of its 184 bytes */
	sc = call(12, NR_GETPPID, 1, 500, bash);
	encode_syscall(&sc, NULL, 0, buf, sizeof(buf));
	emit(g, buf, 100);

	/* 13: a record of format version 2 */
	memset(buf, 0, 24);
	buf[0] = 2;
	buf[1] = PODSHARK_REC_SYSCALL;
	put_le16(buf + 2, 24);
	put_le32(buf + 4, 24);
	emit(g, buf, 24);

	/* 14: 5 bytes, shorter than a record header */
	emit(g, "\x01\x01\xb8\x00\xb8", 5);

	/* 15: fixed_len (4) shorter than the header */
	memset(buf, 0, 16);
	buf[0] = PODSHARK_FORMAT_VERSION;
	buf[1] = PODSHARK_REC_LOSS;
	put_le16(buf + 2, 4);
	put_le32(buf + 4, 16);
	emit(g, buf, 16);

	/* 16: a syscall record whose extension claims 200 bytes of its 8 */
	sc = call(16, NR_GETPPID, 1, 500, bash);
	ext_len = 0;
	append_ext(ext, sizeof(ext), &ext_len, 1, "abcd");
	put_le16(ext + 2, 200);
	emit_syscall(g, &sc, ext, ext_len);

	/* 17: a syscall record whose fixed part ends after ppid (120 of 184 bytes) */
	sc = call(17, NR_GETPPID, 1, 500, bash);
	encode_syscall(&sc, NULL, 0, buf, sizeof(buf));
	put_le16(buf + 2, 120);
	put_le32(buf + 4, 120);
	emit(g, buf, 120);

	/* 18: 3 events lost before event 20, then 4 bytes after the record */
	loss = (struct podshark_loss_rec){ .evt_num = 20, .ring_full = 3 };
	len = podshark_encode_loss(&loss, buf, sizeof(buf));
	if (!len)
		fail_encode("a loss record");
	memcpy(buf + len, "\xde\xad\xbe\xef", 4);
	emit(g, buf, (uint32_t)len + 4);

	/* 19: bash's read returned 5, its entry was not seen: no args, no entry time */
	sc = call(19, NR_READ, 5, 0, bash);
	sc.entry_ns = 0;
	sc.flags = PODSHARK_SC_ENTRY_LOST;
	emit_syscall(g, &sc, NULL, 0);
}

int main(int argc, char **argv)
{
	const struct pcapng_section_info section = { .app = "podshark gen_golden" };
	const struct pcapng_interface_info iface = {
		.linktype = PCAPNG_LINKTYPE_WIRESHARK_UPPER_PDU,
		.snaplen = 65535,
		.name = "podshark",
	};
	struct gen g = { 0 };
	int fd, err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTPUT.pcapng\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		fprintf(stderr, "gen_golden: failed to open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	g.w = pcapng_writer_new(fd, 0);
	if (!g.w) {
		fprintf(stderr, "gen_golden: failed to allocate the writer\n");
		return 1;
	}
	g.prefix_len = (uint32_t)pcapng_exported_pdu_prefix_len(PODSHARK_DISSECTOR_NAME);
	pcapng_exported_pdu_prefix(g.prefix, PODSHARK_DISSECTOR_NAME);

	pcapng_write_section(g.w, &section);
	pcapng_write_interface(g.w, &iface);
	write_frames(&g);
	err = pcapng_writer_close(g.w);
	if (close(fd) && !err)
		err = -errno;
	if (err) {
		fprintf(stderr, "gen_golden: failed to write %s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	return 0;
}

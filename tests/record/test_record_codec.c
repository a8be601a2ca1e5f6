/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The record codec against the format of record/podshark_record.h: byte
 * positions come from the offsets written in that header, not from the
 * encoder, and every malformed record a reader can meet is decoded without
 * reading outside the buffer (run under PODSHARK_SANITIZE=ON to prove it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "record_codec.h"

#define BUF_LEN 512

static struct podshark_syscall_rec sample_syscall(void)
{
	struct podshark_syscall_rec rec;
	unsigned i;

	memset(&rec, 0, sizeof(rec));
	rec.evt_num = 0x0102030405060708ull;
	rec.entry_ns = 1700000000123456789ull;
	rec.latency_ns = 4242;
	rec.ret = -2;
	for (i = 0; i < 6; i++)
		rec.args[i] = 0x1111111111111111ull * (i + 1);
	rec.cgroup_id = 0xabcdef;
	rec.nr = 257;
	rec.arch = PODSHARK_ARCH_X86_64;
	rec.flags = PODSHARK_SC_UNFINISHED;
	rec.cpu = 3;
	rec.pid = 1000;
	rec.tid = 1001;
	rec.ppid = 1;
	rec.vpid = 7;
	rec.vtid = 8;
	rec.uid = 33;
	rec.gid = 34;
	rec.loginuid = 0xffffffff;
	for (i = 0; i < PODSHARK_NS_COUNT; i++)
		rec.ns_inum[i] = 4026531835u + i;
	memcpy(rec.comm, "nginx", 5);
	return rec;
}

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Two extension items: 5 bytes of value (3 bytes of padding) and an empty one. */
static size_t sample_extensions(uint8_t *ext, size_t size)
{
	size_t len = 0;

	CHECK(podshark_ext_append(ext, size, &len, 0x7001, "hello", 5) == 0);
	CHECK(len == 12);
	CHECK(podshark_ext_append(ext, size, &len, 0x7002, NULL, 0) == 0);
	CHECK(len == 16);
	return len;
}

static void test_syscall_wire_layout(void)
{
	struct podshark_syscall_rec rec = sample_syscall();
	uint8_t buf[BUF_LEN], ext[64];
	size_t ext_len = sample_extensions(ext, sizeof(ext));
	size_t len = podshark_encode_syscall(&rec, ext, ext_len, buf, sizeof(buf));

	CHECK(len == 184 + 16);
	CHECK(buf[0] == 1);              /* version */
	CHECK(buf[1] == 1);              /* PODSHARK_REC_SYSCALL */
	CHECK(le16_at(buf + 2) == 184);  /* fixed_len */
	CHECK(le32_at(buf + 4) == 200);  /* total_len */
	CHECK(buf[8] == 0x08 && buf[15] == 0x01); /* evt_num, least significant byte first */
	CHECK(le64_at(buf + 16) == 1700000000123456789ull);
	CHECK(le64_at(buf + 24) == 4242);
	CHECK(le64_at(buf + 32) == 0xfffffffffffffffeull); /* ret -2 */
	CHECK(le64_at(buf + 40) == 0x1111111111111111ull);
	CHECK(le64_at(buf + 80) == 0x6666666666666666ull);
	CHECK(le64_at(buf + 88) == 0xabcdef);
	CHECK(le32_at(buf + 96) == 257);
	CHECK(le16_at(buf + 100) == 62);
	CHECK(le16_at(buf + 102) == 1);
	CHECK(le16_at(buf + 104) == 3);
	CHECK(le32_at(buf + 108) == 1000);
	CHECK(le32_at(buf + 124) == 8);
	CHECK(le32_at(buf + 136) == 0xffffffff);
	CHECK(le32_at(buf + 140) == 4026531835u);
	CHECK(le32_at(buf + 164) == 4026531841u);
	CHECK(memcmp(buf + 168, "nginx\0\0\0\0\0\0\0\0\0\0\0", 16) == 0);
	/* extensions: type, len, value, zero padding */
	CHECK(le16_at(buf + 184) == 0x7001 && le16_at(buf + 186) == 5);
	CHECK(memcmp(buf + 188, "hello\0\0\0", 8) == 0);
	CHECK(le16_at(buf + 196) == 0x7002 && le16_at(buf + 198) == 0);
}

static void test_syscall_round_trip(void)
{
	struct podshark_syscall_rec rec = sample_syscall();
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN], ext[64];
	size_t ext_len = sample_extensions(ext, sizeof(ext));
	size_t len = podshark_encode_syscall(&rec, ext, ext_len, buf, sizeof(buf));
	size_t pos;
	uint16_t type, value_len;
	const uint8_t *value;

	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	CHECK(dec.status == PODSHARK_DECODE_OK);
	CHECK(dec.known_fixed_len == 184 && dec.unknown_fixed_len == 0);
	CHECK(dec.ext_offset == 184 && dec.ext_len == 16 && dec.trailing_len == 0);
	rec.hdr.version = 1;
	rec.hdr.type = PODSHARK_REC_SYSCALL;
	rec.hdr.fixed_len = 184;
	rec.hdr.total_len = 200;
	/* The struct has no padding holes (184 bytes of fields), so memcmp is exact. */
	CHECK(memcmp(&dec.u.sc, &rec, sizeof(rec)) == 0);
	CHECK(dec.u.sc.ret == -2);
	CHECK(strcmp(dec.u.sc.comm, "nginx") == 0);

	pos = dec.ext_offset;
	CHECK(podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == 1);
	CHECK(type == 0x7001 && value_len == 5 && value == buf + 188);
	CHECK(memcmp(value, "hello", 5) == 0);
	CHECK(pos == 196);
	CHECK(podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == 1);
	CHECK(type == 0x7002 && value_len == 0);
	CHECK(podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == 0);
	CHECK(pos == 200);
}

static void test_loss_round_trip(void)
{
	struct podshark_loss_rec rec = { .evt_num = 99, .ring_full = 5, .oversize = 1,
					 .user_dropped = 0x100000000ull, .sampled_out = 7 };
	struct podshark_decoded dec;
	uint8_t buf[64];
	size_t len = podshark_encode_loss(&rec, buf, sizeof(buf));

	CHECK(len == 48);
	CHECK(buf[0] == 1 && buf[1] == 2 && le16_at(buf + 2) == 48 && le32_at(buf + 4) == 48);
	CHECK(le64_at(buf + 8) == 99 && le64_at(buf + 16) == 5 && le64_at(buf + 24) == 1);
	CHECK(le64_at(buf + 32) == 0x100000000ull && le64_at(buf + 40) == 7);
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	CHECK(dec.u.loss.evt_num == 99 && dec.u.loss.ring_full == 5);
	CHECK(dec.u.loss.oversize == 1 && dec.u.loss.user_dropped == 0x100000000ull);
	CHECK(dec.u.loss.sampled_out == 7);
	CHECK(dec.ext_len == 0);

	/* a LOSS record of the first writers (40 bytes, no sampled_out): the field reads 0 */
	buf[2] = 40, buf[4] = 40;
	CHECK(podshark_decode(buf, 40, &dec) == PODSHARK_DECODE_SHORT_FIXED);
	CHECK(dec.u.loss.user_dropped == 0x100000000ull && dec.u.loss.sampled_out == 0);
}

static void test_encoders_refuse_small_buffers(void)
{
	struct podshark_syscall_rec rec = sample_syscall();
	struct podshark_loss_rec loss = { 0 };
	uint8_t buf[BUF_LEN], ext[16];
	size_t len = 0;
	static uint8_t big[70000], big_value[65536];

	CHECK(podshark_encode_syscall(&rec, NULL, 0, buf, 183) == 0);
	CHECK(podshark_encode_syscall(&rec, buf, 8, buf + 200, 191) == 0);
	CHECK(podshark_encode_syscall(&rec, NULL, 0, buf, 184) == 184);
	CHECK(podshark_encode_loss(&loss, buf, 39) == 0);
	/* 4 header + 5 value + 3 padding = 12 bytes */
	CHECK(podshark_ext_append(ext, 11, &len, 1, "hello", 5) == -1);
	CHECK(len == 0);
	CHECK(podshark_ext_append(ext, 12, &len, 1, "hello", 5) == 0);
	CHECK(podshark_ext_append(ext, 16, &len, 1, "x", 1) == -1);
	CHECK(len == 12);
	len = 0;
	CHECK(podshark_ext_append(big, sizeof(big), &len, 1, big_value, 65536) == -1);
	CHECK(podshark_ext_append(big, sizeof(big), &len, 1, big_value, 65535) == 0);
	CHECK(len == 65540);
}

/* A syscall record of fixed_len fixed bytes (sample values) then ext. */
static size_t handmade_syscall(uint8_t *buf, uint16_t fixed_len, const void *ext, size_t ext_len)
{
	struct podshark_syscall_rec rec = sample_syscall();
	uint8_t full[BUF_LEN];
	size_t total = fixed_len + ext_len;

	podshark_encode_syscall(&rec, NULL, 0, full, sizeof(full));
	memset(buf, 0xee, BUF_LEN);
	memcpy(buf, full, fixed_len < 184 ? fixed_len : 184);
	buf[2] = (uint8_t)fixed_len;
	buf[3] = (uint8_t)(fixed_len >> 8);
	buf[4] = (uint8_t)total;
	buf[5] = (uint8_t)(total >> 8);
	buf[6] = 0;
	buf[7] = 0;
	if (ext_len)
		memcpy(buf + fixed_len, ext, ext_len);
	return total;
}

static void test_truncated(void)
{
	struct podshark_syscall_rec rec = sample_syscall();
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	size_t len = podshark_encode_syscall(&rec, NULL, 0, buf, sizeof(buf));
	size_t cut;

	CHECK(podshark_decode(buf, 0, &dec) == PODSHARK_DECODE_TRUNCATED);
	CHECK(podshark_decode(buf, 7, &dec) == PODSHARK_DECODE_TRUNCATED);
	for (cut = 8; cut < len; cut++) {
		CHECK(podshark_decode(buf, cut, &dec) == PODSHARK_DECODE_TRUNCATED);
		CHECK(dec.u.sc.pid == 0); /* nothing of the body is taken from a cut record */
	}
	CHECK(podshark_decode(buf, 8, &dec) == PODSHARK_DECODE_TRUNCATED);
	CHECK(dec.hdr.total_len == 184); /* the header still tells how much was expected */
}

static void test_bad_lengths(void)
{
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	size_t len = handmade_syscall(buf, 184, NULL, 0);

	buf[2] = 7; /* fixed_len shorter than the header */
	buf[3] = 0;
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_BAD_LENGTH);
	buf[2] = 185; /* fixed_len past total_len (184) */
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_BAD_LENGTH);
	buf[2] = 184;
	buf[4] = 4; /* total_len shorter than the header */
	buf[5] = 0;
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_BAD_LENGTH);
	buf[4] = 0xff; /* total_len 4 GiB: must not be believed */
	buf[5] = 0xff;
	buf[6] = 0xff;
	buf[7] = 0xff;
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_TRUNCATED);
}

static void test_unknown_version_and_type(void)
{
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	size_t len = handmade_syscall(buf, 184, "\x01\x00\x00\x00", 4);

	buf[0] = 2;
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_UNKNOWN_VERSION);
	CHECK(dec.hdr.version == 2 && dec.hdr.type == 1 && dec.hdr.total_len == 188);
	CHECK(dec.u.sc.pid == 0);

	buf[0] = 1;
	buf[1] = 99;
	CHECK(podshark_decode(buf, len + 3, &dec) == PODSHARK_DECODE_UNKNOWN_TYPE);
	CHECK(dec.hdr.type == 99);
	/* enough to skip the record and show its extensions */
	CHECK(dec.ext_offset == 184 && dec.ext_len == 4 && dec.trailing_len == 3);
	CHECK(dec.u.sc.pid == 0);
}

static void test_longer_fixed_part_from_newer_writer(void)
{
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	uint8_t ext[12] = { 0x03, 0x70, 0x05, 0x00, 'w', 'o', 'r', 'l', 'd', 0, 0, 0 };
	size_t len = handmade_syscall(buf, 184 + 16, ext, sizeof(ext));
	size_t pos;
	uint16_t type, value_len;
	const uint8_t *value;

	/* bytes 184..199 are 0xee: fields this decoder does not know */
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	CHECK(dec.known_fixed_len == 184 && dec.unknown_fixed_len == 16);
	CHECK(dec.ext_offset == 200 && dec.ext_len == 12);
	CHECK(dec.u.sc.pid == 1000 && strcmp(dec.u.sc.comm, "nginx") == 0);
	pos = dec.ext_offset;
	CHECK(podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == 1);
	CHECK(type == 0x7003 && value_len == 5 && memcmp(value, "world", 5) == 0);
	CHECK(podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == 0);
}

static void test_shorter_fixed_part_from_older_writer(void)
{
	struct podshark_loss_rec loss = { .evt_num = 9, .ring_full = 8, .oversize = 7,
					  .user_dropped = 6 };
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	/* up to and including flags (offset 102, 2 bytes): cpu and after were not written */
	size_t len = handmade_syscall(buf, 104, NULL, 0);

	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_SHORT_FIXED);
	CHECK(dec.known_fixed_len == 104 && dec.unknown_fixed_len == 0);
	CHECK(dec.u.sc.evt_num == 0x0102030405060708ull && dec.u.sc.nr == 257);
	CHECK(dec.u.sc.arch == 62 && dec.u.sc.flags == 1);
	CHECK(dec.u.sc.cpu == 0 && dec.u.sc.pid == 0 && dec.u.sc.loginuid == 0);
	CHECK(dec.u.sc.ns_inum[6] == 0 && dec.u.sc.comm[0] == '\0');

	/* a fixed part ending inside a field: that field reads as zero too */
	len = handmade_syscall(buf, 100 + 1, NULL, 0);
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_SHORT_FIXED);
	CHECK(dec.u.sc.nr == 257 && dec.u.sc.arch == 0);

	CHECK(podshark_encode_loss(&loss, buf, sizeof(buf)) == PODSHARK_LOSS_REC_LEN);
	buf[2] = 24; /* fixed_len: evt_num and ring_full only */
	buf[4] = 24;
	CHECK(podshark_decode(buf, 24, &dec) == PODSHARK_DECODE_SHORT_FIXED);
	CHECK(dec.u.loss.evt_num == 9 && dec.u.loss.ring_full == 8);
	CHECK(dec.u.loss.oversize == 0 && dec.u.loss.user_dropped == 0);
}

static void test_bad_extensions(void)
{
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	size_t len, pos;
	uint16_t type, value_len;
	const uint8_t *value;
	/* one good item, then an item claiming 100 bytes of which 4 are there */
	uint8_t past_end[16] = { 1, 0, 1, 0, 'a', 0, 0, 0, 2, 0, 100, 0, 'b', 'c', 'd', 'e' };
	/* 5 bytes of value without the 3 bytes of padding */
	uint8_t no_padding[9] = { 1, 0, 5, 0, 'h', 'e', 'l', 'l', 'o' };
	/* 2 bytes: less than an item header */
	uint8_t stub[2] = { 1, 0 };

	len = handmade_syscall(buf, 184, past_end, sizeof(past_end));
	CHECK(podshark_decode(buf, len + 100, &dec) == PODSHARK_DECODE_BAD_EXTENSION);
	CHECK(dec.u.sc.pid == 1000); /* the fixed part is still shown */
	pos = dec.ext_offset;
	CHECK(podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == 1);
	CHECK(type == 1 && value_len == 1 && value[0] == 'a');
	CHECK(podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == -1);

	len = handmade_syscall(buf, 184, no_padding, sizeof(no_padding));
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_BAD_EXTENSION);

	len = handmade_syscall(buf, 184, stub, sizeof(stub));
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_BAD_EXTENSION);

	/* a position outside the extensions is refused, not followed */
	len = handmade_syscall(buf, 184, NULL, 0);
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	pos = 4;
	CHECK(podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == -1);
	pos = 500;
	CHECK(podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == -1);
}

static void test_trailing_bytes_are_not_extensions(void)
{
	struct podshark_syscall_rec rec = sample_syscall();
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	size_t len = podshark_encode_syscall(&rec, NULL, 0, buf, sizeof(buf));
	size_t pos;
	uint16_t type, value_len;
	const uint8_t *value;

	memset(buf + len, 0x01, 12); /* would parse as an item if it were read */
	CHECK(podshark_decode(buf, len + 12, &dec) == PODSHARK_DECODE_OK);
	CHECK(dec.trailing_len == 12 && dec.ext_len == 0);
	pos = dec.ext_offset;
	CHECK(podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == 0);
}

/*
 * Random corruption of a valid record: whatever the bytes, decoding and
 * walking the extensions stay inside the buffer (ASan checks the reads) and
 * every extension value lies within the record.
 */
static void test_corrupted_records_stay_in_bounds(void)
{
	struct podshark_syscall_rec rec = sample_syscall();
	uint8_t valid[BUF_LEN], ext[64];
	size_t ext_len = sample_extensions(ext, sizeof(ext));
	size_t len = podshark_encode_syscall(&rec, ext, ext_len, valid, sizeof(valid));
	unsigned seed = 12345, round, flips, bad_values = 0, endless = 0;

	for (round = 0; round < 20000; round++) {
		uint8_t *buf = malloc(len); /* exact size, so ASan sees any overread */
		struct podshark_decoded dec;
		size_t pos, steps = 0, cut;
		uint16_t type, value_len;
		const uint8_t *value;

		memcpy(buf, valid, len);
		for (flips = 0; flips < 1 + round % 4; flips++) {
			seed = seed * 1103515245u + 12345u;
			buf[(seed >> 8) % len] = (uint8_t)(seed >> 20);
		}
		seed = seed * 1103515245u + 12345u;
		cut = round % 3 ? len : (seed >> 8) % (len + 1);
		podshark_decode(buf, cut, &dec);
		pos = dec.ext_offset;
		while (podshark_ext_next(buf, &dec, &pos, &type, &value, &value_len) == 1) {
			if (value < buf || value + value_len > buf + dec.hdr.total_len)
				bad_values++;
			if (++steps > len) {
				endless++;
				break;
			}
		}
		free(buf);
	}
	CHECK(bad_values == 0);
	CHECK(endless == 0);
}

static void test_status_strings(void)
{
	enum podshark_decode_status s, t;

	for (s = PODSHARK_DECODE_OK; s <= PODSHARK_DECODE_BAD_EXTENSION; s++) {
		CHECK(podshark_decode_status_str(s) != NULL);
		for (t = PODSHARK_DECODE_OK; t < s; t++)
			CHECK(strcmp(podshark_decode_status_str(s), podshark_decode_status_str(t)));
	}
	CHECK_STR(podshark_decode_status_str(PODSHARK_DECODE_OK), "ok");
}

/* PROC records: the bytes at the offsets podshark_record.h gives, and back. */
static void test_proc_round_trip(void)
{
	struct podshark_proc_rec rec = { .evt_num = 12, .ts_ns = 1700000000000000001ull,
					 .cgroup_id = 77, .kind = PODSHARK_PROC_EXIT,
					 .flags = PODSHARK_PROC_THREAD, .pid = 300, .tid = 301,
					 .ppid = 3, .vpid = 30, .uid = 1000, .gid = 100,
					 .loginuid = 0xffffffff, .tty = 34816, .exit_code = 9 };
	struct podshark_mem_item m;
	struct podshark_decoded dec;
	struct podshark_ext_mem mem = { .arg = PODSHARK_PROC_MEM_CWD };
	uint8_t ext[32], buf[BUF_LEN];
	size_t ext_len = 0, len;

	rec.ns_inum[PODSHARK_NS_NET] = 4026532000u;
	memcpy(rec.comm, "sleep", 5);
	CHECK(podshark_ext_append_mem(ext, sizeof(ext), &ext_len, PODSHARK_EXT_STR, &mem, "/tmp",
				      4) == 0);
	len = podshark_encode_proc(&rec, ext, ext_len, buf, sizeof(buf));
	CHECK(len == 120 + 16);
	CHECK(buf[1] == 3 && le16_at(buf + 2) == 120);
	CHECK(le32_at(buf + 32) == PODSHARK_PROC_EXIT && le32_at(buf + 40) == 300);
	CHECK(le32_at(buf + 68) == 34816 && le32_at(buf + 72) == 9);
	CHECK(le32_at(buf + 76 + 4 * PODSHARK_NS_NET) == 4026532000u);
	CHECK(memcmp(buf + 104, "sleep", 6) == 0);
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	CHECK(dec.u.proc.evt_num == 12 && dec.u.proc.ts_ns == 1700000000000000001ull);
	CHECK(dec.u.proc.cgroup_id == 77 && dec.u.proc.kind == PODSHARK_PROC_EXIT);
	CHECK(dec.u.proc.flags == PODSHARK_PROC_THREAD && dec.u.proc.pid == 300);
	CHECK(dec.u.proc.tid == 301 && dec.u.proc.ppid == 3 && dec.u.proc.vpid == 30);
	CHECK(dec.u.proc.uid == 1000 && dec.u.proc.gid == 100);
	CHECK(dec.u.proc.loginuid == 0xffffffff && dec.u.proc.tty == 34816);
	CHECK(dec.u.proc.exit_code == 9);
	CHECK(dec.u.proc.ns_inum[PODSHARK_NS_NET] == 4026532000u);
	CHECK_STR(dec.u.proc.comm, "sleep");
	CHECK(podshark_find_mem(buf, &dec, PODSHARK_PROC_MEM_CWD, 0, &m) == 1);
	CHECK(m.type == PODSHARK_EXT_STR && m.data_len == 4 && memcmp(m.data, "/tmp", 4) == 0);
	CHECK(podshark_find_mem(buf, &dec, PODSHARK_PROC_MEM_EXE, 0, &m) == 0);
}

static void test_fd_round_trip(void)
{
	struct podshark_fd_rec rec = { .evt_num = 13, .ts_ns = 5, .ino = 0x1122334455ull,
				       .pid = 300, .fd = -1, .fd_type = PODSHARK_FD_PIPE,
				       .open_flags = 02000000 };
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	size_t len = podshark_encode_fd(&rec, NULL, 0, buf, sizeof(buf));

	CHECK(len == 48 && buf[1] == 4);
	CHECK(le64_at(buf + 24) == 0x1122334455ull && le32_at(buf + 36) == 0xffffffffu);
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	CHECK(dec.u.fd.evt_num == 13 && dec.u.fd.ts_ns == 5 && dec.u.fd.ino == 0x1122334455ull);
	CHECK(dec.u.fd.pid == 300 && dec.u.fd.fd == -1 && dec.u.fd.fd_type == PODSHARK_FD_PIPE);
	CHECK(dec.u.fd.open_flags == 02000000);
}

static void test_sock_round_trip(void)
{
	struct podshark_sock_rec rec = { .evt_num = 14, .ts_ns = 6, .cgroup_id = 8, .pid = 400,
					 .tid = 401, .uid = 33, .netns = 4026532001u,
					 .old_state = 7, .new_state = 2 };
	struct podshark_sock_tuple tuple;
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	size_t len;

	memcpy(rec.comm, "wget", 4);
	rec.tuple.family = 2;
	rec.tuple.l4proto = 6;
	rec.tuple.state = 2;
	memcpy(&rec.tuple.dport, "\x00\x50", 2); /* port 80, network order */
	memcpy(rec.tuple.daddr, "\x0a\x00\x00\x02", 4);
	rec.tuple.ino = 0x123456789ull;
	len = podshark_encode_sock(&rec, buf, sizeof(buf));
	CHECK(len == 120 && buf[1] == 5 && le16_at(buf + 2) == 120);
	CHECK(le32_at(buf + 44) == 4026532001u && le16_at(buf + 48) == 7 && le16_at(buf + 50) == 2);
	CHECK(memcmp(buf + 56, "wget", 5) == 0);
	CHECK(le16_at(buf + 72) == 2 && buf[74] == 6 && buf[78] == 0 && buf[79] == 0x50);
	CHECK(buf[96] == 10 && buf[99] == 2 && le64_at(buf + 112) == 0x123456789ull);
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	CHECK(dec.u.sock.evt_num == 14 && dec.u.sock.ts_ns == 6 && dec.u.sock.cgroup_id == 8);
	CHECK(dec.u.sock.pid == 400 && dec.u.sock.tid == 401 && dec.u.sock.uid == 33);
	CHECK(dec.u.sock.netns == 4026532001u);
	CHECK(dec.u.sock.old_state == 7 && dec.u.sock.new_state == 2);
	CHECK_STR(dec.u.sock.comm, "wget");
	CHECK(dec.u.sock.tuple.family == 2 && dec.u.sock.tuple.l4proto == 6);
	CHECK(memcmp(&dec.u.sock.tuple.dport, "\x00\x50", 2) == 0);
	CHECK(dec.u.sock.tuple.daddr[0] == 10 && dec.u.sock.tuple.ino == 0x123456789ull);
	/* the tuple as an extension value decodes the same */
	CHECK(podshark_sock_tuple_parse(buf + 72, 48, &tuple) == 0);
	CHECK(memcmp(&tuple, &dec.u.sock.tuple, sizeof(tuple)) == 0);
	CHECK(podshark_sock_tuple_parse(buf + 72, 47, &tuple) == -1);
}

/* A NODE record (written by podshark-ssh and podshark-k8s) with its node name
 * and message: 40 fixed bytes, then STR items of 4 + 8 + 6 = 18 bytes padded
 * to 20 ("node-a") and 4 + 8 + 12 = 24 ("ssh: refused"). */
static void test_node_round_trip(void)
{
	struct podshark_node_rec rec = { .ts_ns = 0x1122334455ull, .clock_offset_ns = -400000000,
					 .kind = PODSHARK_NODE_FAILED, .bytes = 65536 };
	struct podshark_mem_item m;
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	size_t len = podshark_encode_node(&rec, "node-a", "ssh: refused", buf, sizeof(buf));

	CHECK(len == 84 && buf[1] == 6 && le16_at(buf + 2) == 40 && le32_at(buf + 4) == 84);
	CHECK(le64_at(buf + 8) == 0x1122334455ull);
	CHECK(le64_at(buf + 16) == (uint64_t)-400000000ll);
	CHECK(le32_at(buf + 24) == 3 && le32_at(buf + 28) == 0 && le64_at(buf + 32) == 65536);
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	CHECK(dec.u.node.ts_ns == 0x1122334455ull && dec.u.node.clock_offset_ns == -400000000);
	CHECK(dec.u.node.kind == PODSHARK_NODE_FAILED && dec.u.node.bytes == 65536);
	CHECK(dec.ext_offset == 40 && dec.ext_len == 44);
	CHECK(podshark_find_mem(buf, &dec, 0, 0, &m) == 1 && m.type == PODSHARK_EXT_STR);
	CHECK(m.data_len == 6 && memcmp(m.data, "node-a", 6) == 0);
	CHECK(podshark_find_mem(buf, &dec, 1, 0, &m) == 1);
	CHECK(m.data_len == 12 && memcmp(m.data, "ssh: refused", 12) == 0);

	/* no message: the name alone */
	len = podshark_encode_node(&rec, "node-a", NULL, buf, sizeof(buf));
	CHECK(len == 60);
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	CHECK(podshark_find_mem(buf, &dec, 1, 0, &m) == 0);

	/* a buffer too small for the fixed part or for a string */
	CHECK(podshark_encode_node(&rec, NULL, NULL, buf, 39) == 0);
	CHECK(podshark_encode_node(&rec, NULL, NULL, buf, 40) == 40);
	CHECK(podshark_encode_node(&rec, "node-a", NULL, buf, 59) == 0);
}

/* Malformed NODE records: an older writer's short fixed part reads the
 * missing fields as zero; a string item running past the record is refused. */
static void test_node_malformed(void)
{
	struct podshark_node_rec rec = { .ts_ns = 7, .clock_offset_ns = 5, .kind = 2, .bytes = 9 };
	struct podshark_decoded dec;
	uint8_t buf[BUF_LEN];
	size_t len = podshark_encode_node(&rec, NULL, NULL, buf, sizeof(buf));

	buf[2] = 24; /* fixed_len: ts_ns and clock_offset_ns only */
	buf[4] = 24;
	CHECK(podshark_decode(buf, 24, &dec) == PODSHARK_DECODE_SHORT_FIXED);
	CHECK(dec.u.node.ts_ns == 7 && dec.u.node.clock_offset_ns == 5);
	CHECK(dec.u.node.kind == 0 && dec.u.node.bytes == 0);

	len = podshark_encode_node(&rec, "node-a", NULL, buf, sizeof(buf));
	buf[42] = 40; /* the item's value_len: 40 bytes, past the record's 60 */
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_BAD_EXTENSION);
	CHECK(podshark_decode(buf, 50, &dec) == PODSHARK_DECODE_TRUNCATED);
}

/* Every record type has its name, from the one list; others have none. */
static void test_record_type_names(void)
{
	CHECK_STR(podshark_rec_type_name(PODSHARK_REC_SYSCALL), "syscall");
	CHECK_STR(podshark_rec_type_name(PODSHARK_REC_LOSS), "loss");
	CHECK_STR(podshark_rec_type_name(PODSHARK_REC_PROC), "proc");
	CHECK_STR(podshark_rec_type_name(PODSHARK_REC_FD), "fd");
	CHECK_STR(podshark_rec_type_name(PODSHARK_REC_SOCK), "sock");
	CHECK_STR(podshark_rec_type_name(PODSHARK_REC_NODE), "node");
	CHECK(podshark_rec_type_name(0) == NULL);
	CHECK(podshark_rec_type_name(99) == NULL);
}

/* A memory item shorter than its prefix, or of a type that is not memory, is refused. */
static void test_mem_item_parse(void)
{
	const uint8_t value[10] = { 2, PODSHARK_MEM_AT_EXIT, 3, 0, 9, 0, 0, 0, 'a', 'b' };
	struct podshark_mem_item m;

	CHECK(podshark_mem_item_parse(PODSHARK_EXT_ARGV, value, sizeof(value), &m) == 0);
	CHECK(m.type == PODSHARK_EXT_ARGV && m.mem.arg == 2 && m.mem.count == 3);
	CHECK(m.mem.flags == PODSHARK_MEM_AT_EXIT && m.mem.full_len == 9);
	CHECK(m.data == value + 8 && m.data_len == 2);
	CHECK(podshark_mem_item_parse(PODSHARK_EXT_ARGV, value, 7, &m) == -1);
	CHECK(podshark_mem_item_parse(PODSHARK_EXT_SOCK_TUPLE, value, sizeof(value), &m) == -1);
	/* io_uring_setup's params: a memory item like the others */
	CHECK(podshark_mem_item_parse(PODSHARK_EXT_STRUCT, value, sizeof(value), &m) == 0);
	CHECK(m.type == PODSHARK_EXT_STRUCT && m.data_len == 2);
}

int main(void)
{
	test_syscall_wire_layout();
	test_syscall_round_trip();
	test_loss_round_trip();
	test_proc_round_trip();
	test_fd_round_trip();
	test_sock_round_trip();
	test_node_round_trip();
	test_node_malformed();
	test_record_type_names();
	test_mem_item_parse();
	test_encoders_refuse_small_buffers();
	test_truncated();
	test_bad_lengths();
	test_unknown_version_and_type();
	test_longer_fixed_part_from_newer_writer();
	test_shorter_fixed_part_from_older_writer();
	test_bad_extensions();
	test_trailing_bytes_are_not_extensions();
	test_corrupted_records_stay_in_bounds();
	test_status_strings();
	return check_exit_status("test_record_codec");
}

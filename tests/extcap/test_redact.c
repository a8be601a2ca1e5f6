/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --redact (extcap/redact.c): secrets in the strings and argv of SYSCALL and
 * PROC records are overwritten with '*' of the same length before the record
 * is written, the record is flagged, and nothing else changes.
 */
#include <glib.h>
#include <string.h>

#include "check.h"
#include "record_codec.h"
#include "redact.h"

#define BUF 1024

/* A SYSCALL record with one memory item of type (STR or ARGV) on argument 1. */
static size_t syscall_with(uint8_t *buf, uint16_t type, const char *data, size_t len)
{
	struct podshark_syscall_rec sc = { .nr = 59, .arch = PODSHARK_ARCH_X86_64, .pid = 7 };
	struct podshark_ext_mem mem = { .arg = 1 };
	uint8_t ext[512];
	size_t ext_len = 0;

	CHECK(podshark_ext_append_mem(ext, sizeof(ext), &ext_len, type, &mem, data, len) == 0);
	return podshark_encode_syscall(&sc, ext, ext_len, buf, BUF);
}

/* The data of the record's first memory item. */
static const char *item_data(const uint8_t *buf, size_t len, size_t *data_len)
{
	struct podshark_decoded dec;
	struct podshark_mem_item m;

	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	if (!podshark_find_mem(buf, &dec, 1, 0, &m))
		return NULL;
	*data_len = m.data_len;
	return (const char *)m.data;
}

static uint16_t sc_flags(const uint8_t *buf, size_t len)
{
	struct podshark_decoded dec;

	podshark_decode(buf, len, &dec);
	return dec.u.sc.flags;
}

static void test_defaults_in_argv(void)
{
	static const char argv[] = "curl\0-u\0--token=abc123\0https://bob:hunter2@host/x\0";
	static const char want[] = "curl\0-u\0--token=******\0https://bob:*******@host/x\0";
	char err[256] = "";
	struct redactor *r = redactor_new(NULL, true, err, sizeof(err));
	uint8_t buf[BUF];
	size_t len = syscall_with(buf, PODSHARK_EXT_ARGV, argv, sizeof(argv) - 1), n = 0;
	const char *data;

	CHECK(r != NULL);
	CHECK(redact_record(r, buf, len));
	data = item_data(buf, len, &n);
	CHECK(data && n == sizeof(want) - 1 && memcmp(data, want, n) == 0);
	CHECK(sc_flags(buf, len) & PODSHARK_SC_REDACTED);
	redactor_free(r);
}

static void test_user_pattern_and_group(void)
{
	char *patterns[] = { "db=(\\w+)", "SECRET", NULL };
	char err[256] = "";
	struct redactor *r = redactor_new(patterns, false, err, sizeof(err));
	uint8_t buf[BUF];
	const char path[] = "/srv/db=orders/SECRET.txt";
	size_t len = syscall_with(buf, PODSHARK_EXT_STR, path, sizeof(path) - 1), n = 0;
	const char *data;

	CHECK(r && redact_record(r, buf, len));
	data = item_data(buf, len, &n);
	/* only the group of a pattern that has one; the whole match otherwise */
	CHECK(data && n == sizeof(path) - 1 && memcmp(data, "/srv/db=******/******.txt", n) == 0);
	redactor_free(r);
}

static void test_nothing_to_redact(void)
{
	char err[256] = "";
	struct redactor *r = redactor_new(NULL, true, err, sizeof(err));
	uint8_t buf[BUF], before[BUF];
	const char path[] = "/etc/hostname";
	size_t len = syscall_with(buf, PODSHARK_EXT_STR, path, sizeof(path) - 1);

	memcpy(before, buf, len);
	CHECK(!redact_record(r, buf, len));
	CHECK(memcmp(before, buf, len) == 0);
	/* no redactor, or one without patterns: nothing happens */
	CHECK(!redact_record(NULL, buf, len));
	redactor_free(r);
}

static void test_proc_record(void)
{
	static const char argv[] = "mysql\0--password=s3cr3t\0";
	struct podshark_proc_rec proc = { .kind = PODSHARK_PROC_EXEC, .pid = 9 };
	struct podshark_ext_mem mem = { .arg = PODSHARK_PROC_MEM_ARGS, .count = 2 };
	struct podshark_decoded dec;
	struct podshark_mem_item m;
	char err[256] = "";
	struct redactor *r = redactor_new(NULL, true, err, sizeof(err));
	uint8_t ext[128], buf[BUF];
	size_t ext_len = 0, len;

	CHECK(podshark_ext_append_mem(ext, sizeof(ext), &ext_len, PODSHARK_EXT_ARGV, &mem, argv,
				      sizeof(argv) - 1) == 0);
	len = podshark_encode_proc(&proc, ext, ext_len, buf, sizeof(buf));
	CHECK(redact_record(r, buf, len));
	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	CHECK(dec.u.proc.flags & PODSHARK_PROC_REDACTED);
	CHECK(podshark_find_mem(buf, &dec, PODSHARK_PROC_MEM_ARGS, 0, &m) &&
	      memcmp(m.data, "mysql\0--password=******\0", m.data_len) == 0);
	redactor_free(r);
}

static void test_bad_pattern(void)
{
	char *patterns[] = { "(unclosed", NULL };
	char err[256] = "";

	CHECK(redactor_new(patterns, false, err, sizeof(err)) == NULL);
	CHECK(strncmp(err, "--redact: \"(unclosed\": ", 23) == 0);
	CHECK(strchr(err, '\n') == NULL);
}

int main(void)
{
	test_defaults_in_argv();
	test_user_pattern_and_group();
	test_nothing_to_redact();
	test_proc_record();
	test_bad_pattern();
	return check_exit_status("test_redact");
}

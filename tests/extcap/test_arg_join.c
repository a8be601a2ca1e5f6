/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Joining the probe's side records of argument memory to their syscall
 * record (extcap/arg_join.c): by thread and entry time, in the order they
 * came, a string read again at exit replacing the entry's unreadable one,
 * stale items dropped, and ARGS_LOST when items were sent but are missing.
 */
#include <string.h>

#include "arg_join.h"
#include "check.h"
#include "record_codec.h"

/* A side record of tid/entry_ns with one STR item for argument arg. */
static size_t side_record(uint8_t *buf, size_t size, uint32_t tid, uint64_t entry_ns,
			  uint8_t arg, uint8_t flags, const char *text)
{
	struct podshark_arg_data *d = (struct podshark_arg_data *)buf;
	struct podshark_ext_mem mem = { .arg = arg, .flags = flags };
	size_t len = 0;

	memset(d, 0, sizeof(*d));
	CHECK(podshark_ext_append_mem(buf + sizeof(*d), size - sizeof(*d), &len,
				      PODSHARK_EXT_STR, &mem, text, strlen(text)) == 0);
	d->hdr.version = PODSHARK_FORMAT_VERSION;
	d->hdr.type = PODSHARK_PROBE_ARG_DATA;
	d->hdr.fixed_len = sizeof(*d);
	d->hdr.total_len = (uint32_t)(sizeof(*d) + len);
	d->tid = tid;
	d->entry_ns = entry_ns;
	return d->hdr.total_len;
}

static struct podshark_syscall_rec call(uint32_t tid, uint64_t entry_ns, uint16_t flags)
{
	struct podshark_syscall_rec rec = { .entry_ns = entry_ns, .tid = tid, .pid = tid,
					    .flags = flags, .nr = 257,
					    .arch = PODSHARK_ARCH_X86_64 };

	rec.hdr = (struct podshark_rec_hdr){ PODSHARK_FORMAT_VERSION, PODSHARK_REC_SYSCALL,
					     PODSHARK_SYSCALL_REC_LEN, PODSHARK_SYSCALL_REC_LEN };
	return rec;
}

/* The text of the STR item of argument arg in the joined record, or NULL;
 * its memory flags in *flags. */
static const char *str_of(const uint8_t *out, size_t len, unsigned arg, uint8_t *flags,
			  char *text, size_t size)
{
	struct podshark_decoded dec;
	struct podshark_mem_item m;

	CHECK(podshark_decode(out, len, &dec) == PODSHARK_DECODE_OK);
	if (!podshark_find_mem(out, &dec, arg, 1, &m) || m.data_len >= size)
		return NULL;
	memcpy(text, m.data, m.data_len);
	text[m.data_len] = '\0';
	*flags = m.mem.flags;
	return text;
}

static uint8_t out[ARG_JOIN_MAX_RECORD];

static void test_join_by_thread(void)
{
	struct arg_join *j = arg_join_new();
	struct podshark_syscall_rec a = call(10, 1000, PODSHARK_SC_PROBE_HAS_ARG_DATA);
	struct podshark_syscall_rec b = call(11, 2000, PODSHARK_SC_PROBE_HAS_ARG_DATA);
	uint8_t side[256], flags = 0;
	char text[64];
	size_t len;

	arg_join_add(j, (void *)side, side_record(side, sizeof(side), 10, 1000, 1, 0, "/etc/a"));
	arg_join_add(j, (void *)side, side_record(side, sizeof(side), 11, 2000, 1, 0, "/etc/b"));
	CHECK(arg_join_waiting(j) == 2);
	len = arg_join_complete(j, &b, out, sizeof(out));
	CHECK_STR(str_of(out, len, 1, &flags, text, sizeof(text)), "/etc/b");
	/* the probe-only flag is cleared, nothing is lost */
	CHECK(!(((struct podshark_syscall_rec *)out)->flags &
		(PODSHARK_SC_PROBE_MASK | PODSHARK_SC_ARGS_LOST)));
	len = arg_join_complete(j, &a, out, sizeof(out));
	CHECK_STR(str_of(out, len, 1, &flags, text, sizeof(text)), "/etc/a");
	CHECK(arg_join_waiting(j) == 0);
	arg_join_free(j);
}

static void test_exit_read_replaces_fault(void)
{
	struct arg_join *j = arg_join_new();
	struct podshark_syscall_rec rec = call(10, 1000, PODSHARK_SC_PROBE_HAS_ARG_DATA);
	uint8_t side[256], flags = 0;
	char text[64];
	size_t len;

	arg_join_add(j, (void *)side,
		     side_record(side, sizeof(side), 10, 1000, 1, PODSHARK_MEM_FAULT, ""));
	arg_join_add(j, (void *)side, side_record(side, sizeof(side), 10, 1000, 1,
						  PODSHARK_MEM_AT_EXIT, "/late/page"));
	len = arg_join_complete(j, &rec, out, sizeof(out));
	CHECK(len == PODSHARK_SYSCALL_REC_LEN + 4 + 8 + 12);
	CHECK_STR(str_of(out, len, 1, &flags, text, sizeof(text)), "/late/page");
	CHECK(flags == PODSHARK_MEM_AT_EXIT);
	arg_join_free(j);
}

static void test_stale_and_lost(void)
{
	struct arg_join *j = arg_join_new();
	struct podshark_syscall_rec rec = call(10, 2000, PODSHARK_SC_PROBE_HAS_ARG_DATA);
	struct podshark_syscall_rec plain = call(12, 3000, 0);
	uint8_t side[256], flags = 0;
	char text[64];
	size_t len;

	/* items of a call whose syscall record was lost give way to the next call's */
	arg_join_add(j, (void *)side, side_record(side, sizeof(side), 10, 1000, 1, 0, "/old"));
	arg_join_add(j, (void *)side, side_record(side, sizeof(side), 10, 2000, 1, 0, "/new"));
	CHECK(arg_join_waiting(j) == 1);
	len = arg_join_complete(j, &rec, out, sizeof(out));
	CHECK_STR(str_of(out, len, 1, &flags, text, sizeof(text)), "/new");
	/* items were sent but are not here: ARGS_LOST */
	len = arg_join_complete(j, &rec, out, sizeof(out));
	CHECK(len == PODSHARK_SYSCALL_REC_LEN);
	CHECK(((struct podshark_syscall_rec *)out)->flags & PODSHARK_SC_ARGS_LOST);
	/* a call without side records is written as it is */
	len = arg_join_complete(j, &plain, out, sizeof(out));
	CHECK(len == PODSHARK_SYSCALL_REC_LEN);
	CHECK(!(((struct podshark_syscall_rec *)out)->flags & PODSHARK_SC_ARGS_LOST));
	/* a side record whose length disagrees with its header is ignored */
	len = side_record(side, sizeof(side), 13, 1, 0, 0, "/x");
	arg_join_add(j, (void *)side, len - 4);
	CHECK(arg_join_waiting(j) == 0);
	arg_join_free(j);
}

int main(void)
{
	test_join_by_thread();
	test_exit_read_replaces_fault();
	test_stale_and_lost();
	return check_exit_status("test_arg_join");
}

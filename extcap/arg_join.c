/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "arg_join.h"

#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "record_codec.h"

struct waiting_call {
	__u64 entry_ns;
	uint32_t tid;
	GByteArray *items;
};

/* io_uring requests waiting for their completion: more than enough for the
 * requests in flight; beyond it, requests whose record was lost. */
#define MAX_WAITING_REQUESTS 65536

struct arg_join {
	GHashTable *by_tid;     /* tid -> struct waiting_call */
	GHashTable *by_request; /* io_uring: entry_ns -> struct waiting_call (one thread has
				   many requests in flight) */
};

static void waiting_call_free(gpointer p)
{
	struct waiting_call *w = p;

	g_byte_array_unref(w->items);
	g_free(w);
}

struct arg_join *arg_join_new(void)
{
	struct arg_join *j = g_new0(struct arg_join, 1);

	j->by_tid = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, waiting_call_free);
	j->by_request = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, waiting_call_free);
	return j;
}

void arg_join_free(struct arg_join *j)
{
	if (!j)
		return;
	g_hash_table_destroy(j->by_tid);
	g_hash_table_destroy(j->by_request);
	g_free(j);
}

size_t arg_join_waiting(const struct arg_join *j)
{
	return g_hash_table_size(j->by_tid) + g_hash_table_size(j->by_request);
}

/* The item at p (of left bytes) as type, arg, flags and total size; false if
 * malformed.  arg 0xff and flags 0 for an item without memory. */
static bool item_at(const guint8 *p, size_t left, uint16_t *type, uint8_t *arg, uint8_t *flags,
		    size_t *size)
{
	struct podshark_mem_item m;
	const uint8_t *value;
	uint16_t value_len;

	if (podshark_ext_item_at(p, left, type, &value, &value_len, size) != 0)
		return false;
	*arg = 0xff;
	*flags = 0;
	if (podshark_mem_item_parse(*type, value, value_len, &m) == 0) {
		*arg = m.mem.arg;
		*flags = m.mem.flags;
	}
	return true;
}

/* Appends new items.  A string read again at exit because the entry could
 * not read it (its page was not in memory yet) replaces the entry's FAULT. */
static void append_items(GByteArray *items, const guint8 *p, size_t len)
{
	size_t pos = 0, size;
	uint16_t type;
	uint8_t arg, flags;

	while (item_at(p + pos, len - pos, &type, &arg, &flags, &size)) {
		if (type == PODSHARK_EXT_STR && (flags & PODSHARK_MEM_AT_EXIT) &&
		    !(flags & PODSHARK_MEM_FAULT)) {
			size_t at = 0, old;
			uint16_t t;
			uint8_t a, f;

			while (item_at(items->data + at, items->len - at, &t, &a, &f, &old)) {
				if (t == PODSHARK_EXT_STR && a == arg && (f & PODSHARK_MEM_FAULT) &&
				    !(f & PODSHARK_MEM_AT_EXIT)) {
					g_byte_array_remove_range(items, (guint)at, (guint)old);
					break;
				}
				at += old;
			}
		}
		g_byte_array_append(items, p + pos, (guint)size);
		pos += size;
	}
}

/* The table and key of a call's items. */
static GHashTable *table_of(struct arg_join *j, bool io_uring, uint32_t tid,
			    const __u64 *entry_ns, gconstpointer *key)
{
	*key = io_uring ? (gconstpointer)entry_ns : GUINT_TO_POINTER(tid);
	return io_uring ? j->by_request : j->by_tid;
}

void arg_join_add(struct arg_join *j, const struct podshark_arg_data *data, size_t len)
{
	GHashTable *table;
	gconstpointer key;
	struct waiting_call *w;

	if (len < sizeof(*data) || data->hdr.total_len != len)
		return;
	table = table_of(j, data->io_uring, data->tid, &data->entry_ns, &key);
	if (data->io_uring && g_hash_table_size(table) >= MAX_WAITING_REQUESTS)
		g_hash_table_remove_all(table);
	w = g_hash_table_lookup(table, key);
	/* A thread makes one call at a time: items of an earlier call whose
	 * syscall record was lost are dropped here. */
	if (w && (w->entry_ns != data->entry_ns || w->tid != data->tid)) {
		g_hash_table_remove(table, key);
		w = NULL;
	}
	if (!w) {
		w = g_new0(struct waiting_call, 1);
		w->entry_ns = data->entry_ns;
		w->tid = data->tid;
		w->items = g_byte_array_new();
		/* the key lives in the value */
		g_hash_table_insert(table,
				    data->io_uring ? (gpointer)&w->entry_ns : GUINT_TO_POINTER(data->tid),
				    w);
	}
	append_items(w->items, (const guint8 *)(data + 1), len - sizeof(*data));
}

size_t arg_join_complete(struct arg_join *j, const struct podshark_syscall_rec *rec, void *out,
			 size_t outsize)
{
	gconstpointer key;
	GHashTable *table = table_of(j, rec->flags & PODSHARK_SC_IO_URING, rec->tid,
				     &rec->entry_ns, &key);
	struct podshark_syscall_rec *done = out;
	struct waiting_call *w = g_hash_table_lookup(table, key);
	size_t len = sizeof(*rec);

	memcpy(out, rec, sizeof(*rec));
	done->flags &= ~PODSHARK_SC_PROBE_MASK;
	if (w && w->entry_ns == rec->entry_ns && w->tid == rec->tid) {
		if (len + w->items->len <= outsize) {
			memcpy((char *)out + len, w->items->data, w->items->len);
			len += w->items->len;
		} else {
			done->flags |= PODSHARK_SC_ARGS_LOST;
		}
		g_hash_table_remove(table, key);
	} else if (rec->flags & PODSHARK_SC_PROBE_HAS_ARG_DATA) {
		done->flags |= PODSHARK_SC_ARGS_LOST;
	}
	done->hdr.total_len = (uint32_t)len;
	return len;
}

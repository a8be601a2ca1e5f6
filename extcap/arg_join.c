/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "arg_join.h"

#include <glib.h>
#include <string.h>

struct waiting_call {
	uint64_t entry_ns;
	GByteArray *items;
};

struct arg_join {
	GHashTable *by_tid; /* tid -> struct waiting_call */
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
	return j;
}

void arg_join_free(struct arg_join *j)
{
	if (!j)
		return;
	g_hash_table_destroy(j->by_tid);
	g_free(j);
}

size_t arg_join_waiting(const struct arg_join *j)
{
	return g_hash_table_size(j->by_tid);
}

void arg_join_add(struct arg_join *j, const struct podshark_arg_data *data, size_t len)
{
	gpointer key = GUINT_TO_POINTER(data->tid);
	struct waiting_call *w;

	if (len < sizeof(*data) || data->hdr.total_len != len)
		return;
	w = g_hash_table_lookup(j->by_tid, key);
	/* A thread makes one call at a time: items of an earlier call whose
	 * syscall record was lost are dropped here. */
	if (w && w->entry_ns != data->entry_ns) {
		g_hash_table_remove(j->by_tid, key);
		w = NULL;
	}
	if (!w) {
		w = g_new0(struct waiting_call, 1);
		w->entry_ns = data->entry_ns;
		w->items = g_byte_array_new();
		g_hash_table_insert(j->by_tid, key, w);
	}
	g_byte_array_append(w->items, (const guint8 *)(data + 1), (guint)(len - sizeof(*data)));
}

size_t arg_join_complete(struct arg_join *j, const struct podshark_syscall_rec *rec, void *out,
			 size_t outsize)
{
	gpointer key = GUINT_TO_POINTER(rec->tid);
	struct podshark_syscall_rec *done = out;
	struct waiting_call *w = g_hash_table_lookup(j->by_tid, key);
	size_t len = sizeof(*rec);

	memcpy(out, rec, sizeof(*rec));
	done->flags &= ~PODSHARK_SC_PROBE_MASK;
	if (w && w->entry_ns == rec->entry_ns) {
		if (len + w->items->len <= outsize) {
			memcpy((char *)out + len, w->items->data, w->items->len);
			len += w->items->len;
		} else {
			done->flags |= PODSHARK_SC_ARGS_LOST;
		}
		g_hash_table_remove(j->by_tid, key);
	} else if (rec->flags & PODSHARK_SC_PROBE_HAS_ARG_DATA) {
		done->flags |= PODSHARK_SC_ARGS_LOST;
	}
	done->hdr.total_len = (uint32_t)len;
	return len;
}

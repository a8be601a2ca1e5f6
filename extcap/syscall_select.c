/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "syscall_select.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "native_abis.h"
#include "syscall_table.h"


/* Selects every syscall whose name or category is word; returns how many. */
static int select_word(const char *word, bool *selected)
{
	int hits = 0;

	for (size_t a = 0; a < N_NATIVE_ABIS; a++) {
		unsigned count = podshark_syscall_count(native_abis[a].arch);

		for (unsigned nr = 0; nr < count; nr++) {
			const struct podshark_syscall_info *info =
				podshark_syscall_lookup(native_abis[a].arch, nr);

			if (!info || native_abis[a].base + nr >= PODSHARK_SELECT_SLOTS)
				continue;
			if (strcmp(info->name, word) == 0 || strcmp(info->category, word) == 0) {
				selected[native_abis[a].base + nr] = true;
				hits++;
			}
		}
	}
	return hits;
}

int syscall_select_parse(const char *list, bool *selected, char *err, size_t errlen)
{
	gchar **words = g_strsplit(list, ",", -1);
	int rc = 0;

	memset(selected, 0, PODSHARK_SELECT_SLOTS * sizeof(*selected));
	for (gchar **w = words; *w; w++) {
		g_strstrip(*w);
		if (!**w)
			continue;
		if (!select_word(*w, selected)) {
			snprintf(err, errlen, "\"%s\" is neither a system call nor a category", *w);
			rc = -1;
			break;
		}
	}
	g_strfreev(words);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: arbitrary bytes as a Falco rules file, through the loader
 * the plugin and `podshark --rules-to-filters` use (dissectors/falco_rules/):
 * YAML, items, merging, macro and list expansion, translation.
 *
 * Besides the sanitizers' checks, the loader's promises: every message is one
 * line, every loaded rule has a filter within the length bound, starting
 * with the system-call guard.  A broken promise aborts, so libFuzzer keeps
 * the input.  Seeds: the YAML files of tests/rules (scripts/fuzz.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "falco_rules.h"

/* RULES_MAX_FILTER_LEN, and the few bytes a check may add past it */
#define FILTER_MAX (1024 * 1024 + 4096)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct falco_ruleset *set = falco_rules_load_buffer("fuzz.yaml", (const char *)data, size);

	for (unsigned i = 0; i < set->messages->len; i++) {
		const char *m = g_ptr_array_index(set->messages, i);

		if (strchr(m, '\n')) {
			fprintf(stderr, "fuzz_rules: a message of more than one line: %s\n", m);
			abort();
		}
	}
	for (unsigned i = 0; i < set->rules->len; i++) {
		const struct falco_rule *r = g_ptr_array_index(set->rules, i);

		if (!r->filter || strlen(r->filter) > FILTER_MAX ||
		    strncmp(r->filter, "evt.type && (", 13)) {
			fprintf(stderr, "fuzz_rules: rule \"%s\": bad filter\n", r->name);
			abort();
		}
	}
	falco_ruleset_free(set);
	return 0;
}

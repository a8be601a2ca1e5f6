/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Falco rules files, loaded and translated into Wireshark display filters.
 *
 * The pipeline: YAML (libyaml events, rules_yaml.c) -> items (list, macro,
 * rule) merged in file order with append and override (rules_load.c) ->
 * each rule's condition, macros and lists expanded and its exceptions added,
 * translated into one display filter (rules_condition.c).  Nothing here
 * depends on Wireshark: the plugin compiles the filters with Wireshark's own
 * engine (packet-podshark-rules.c), and `podshark --rules-to-filters` prints
 * them.
 *
 * A rules file is untrusted input: every problem is one line in the
 * ruleset's messages naming the rule (or item) concerned, the rule is not
 * loaded, and loading goes on with the next item.
 */
#ifndef PODSHARK_FALCO_RULES_H
#define PODSHARK_FALCO_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

/* Falco's priorities, most severe first (the numbers Falco uses). */
enum falco_priority {
	FALCO_PRIORITY_EMERGENCY,
	FALCO_PRIORITY_ALERT,
	FALCO_PRIORITY_CRITICAL,
	FALCO_PRIORITY_ERROR,
	FALCO_PRIORITY_WARNING,
	FALCO_PRIORITY_NOTICE,
	FALCO_PRIORITY_INFORMATIONAL,
	FALCO_PRIORITY_DEBUG,
};

/* Falco's spelling of a priority ("Warning"). */
const char *falco_priority_name(enum falco_priority p);

/* A piece of an output string: literal text, or a %field reference. */
struct falco_output_piece {
	char *text;  /* the literal text, or the field as written ("proc.aname[2]") */
	char *field; /* NULL for text; else the Wireshark field that supplies it */
	const char *constant; /* a value known without the frame (evt.dir), else NULL */
};

struct falco_rule {
	char *name;
	char *desc;
	enum falco_priority priority;
	GPtrArray *tags;          /* char * */
	bool enabled;
	char *filter;             /* the condition as a Wireshark display filter */
	GPtrArray *filter_fields; /* char *: the Wireshark fields the filter reads */
	GPtrArray *event_types;   /* char *: the evt.type values it can match; NULL: any */
	GPtrArray *output;        /* struct falco_output_piece * */
	char *file;               /* where the rule was first defined: file and line */
	unsigned line;
};

struct falco_ruleset {
	GPtrArray *rules;    /* struct falco_rule *, loaded ones, in definition order */
	GPtrArray *messages; /* char *, one line each, in the order found */
};

/* Loads a rules file, or every *.yaml and *.yml file of a folder in name
 * order.  Never NULL; problems are in messages. */
struct falco_ruleset *falco_rules_load_path(const char *path);

/* Loads the rules of one buffer (file_name names it in messages). */
struct falco_ruleset *falco_rules_load_buffer(const char *file_name, const char *data,
					      size_t len);

void falco_ruleset_free(struct falco_ruleset *set);

#endif /* PODSHARK_FALCO_RULES_H */

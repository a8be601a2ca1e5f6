/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the stages of the rules loader share: the YAML node tree of one item
 * (rules_yaml.c) and the condition translator (rules_condition.c).
 */
#ifndef PODSHARK_RULES_INTERNAL_H
#define PODSHARK_RULES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "falco_rules.h"

/* Bounds that keep hostile files cheap; docs/TRIAGE.md lists them. */
#define RULES_MAX_CONDITION_LEN (256 * 1024) /* bytes of one condition as written */
#define RULES_MAX_FILTER_LEN (1024 * 1024)   /* bytes of one translated filter */
#define RULES_MAX_NESTING 64                 /* parentheses and "not"s in one condition */
#define RULES_MAX_MACRO_DEPTH 64             /* macros inside macros */
#define RULES_MAX_YAML_DEPTH 16              /* nested YAML collections in one item */
#define RULES_MAX_LIST_ITEMS 100000          /* items of one list, lists inside expanded */
#define RULES_MAX_CHECKS 10000               /* operators and operands of one filter */

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

/* A YAML node; a map's items alternate key and value. */
struct ynode {
	enum ynode_kind kind;
	char *scalar;     /* YNODE_SCALAR */
	GPtrArray *items; /* YNODE_SEQ, YNODE_MAP: struct ynode * */
	unsigned line;    /* 1-based */
};

void ynode_free(struct ynode *n);
/* The value of key in a map, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Called for each item of a file's top-level sequence, as soon as it is
 * complete; error (one line) says why the item could not be read, then item
 * is NULL.  The callee owns item. */
typedef void (*rules_item_cb)(struct ynode *item, unsigned line, const char *error, void *user);

/* Reads the items of data; false with *error (g_free) when the YAML is
 * malformed (the items before the error were passed to cb). */
bool rules_yaml_items(const char *data, size_t len, rules_item_cb cb, void *user, char **error);

/* What the translator looks up while it expands a condition. */
struct rules_defs {
	GHashTable *lists;  /* name -> GPtrArray of char * (items as written) */
	GHashTable *macros; /* name -> char * (condition text) */
};

/* One exception of a rule: a list of fields (or one) with their operators
 * and the tuples of values (each a ynode: scalar or sequence). */
struct rules_exception {
	char *name;
	GPtrArray *fields;  /* char * */
	bool single_field;  /* fields: was a scalar */
	GPtrArray *comps;   /* char *, one per field (defaults filled in) */
	GPtrArray *values;  /* struct ynode *: a tuple (sequence), or a scalar when single_field */
};

/* Translates condition (with the rule's exceptions, struct rules_exception *,
 * or NULL) into a display filter; NULL with *why (g_free) when it cannot.
 * fields receives the Wireshark fields the filter reads; *event_types the
 * evt.type values the rule can match (char *), NULL when any. */
char *rules_translate(const struct rules_defs *defs, const char *condition,
		      GPtrArray *exceptions, GHashTable *fields, GPtrArray **event_types,
		      char **why);

/* Parses an output string into pieces; a %field podshark cannot supply
 * becomes <NA>, with a note (char *) in notes. */
void rules_parse_output(const char *output, GPtrArray *pieces, GPtrArray *notes);

void falco_output_piece_free(void *p);

#endif /* PODSHARK_RULES_INTERNAL_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The YAML stage of the rules loader: libyaml's event parser turns a rules
 * file into one small node tree per item of its top-level sequence, handed
 * on as soon as the item ends, so that a syntax error further down still
 * leaves the items before it loaded.  Anchors and aliases are refused (a
 * Falco rules file has no use for them, and they are how a small YAML file
 * becomes a huge tree).
 */
#include <string.h>

#include <yaml.h>

#include "rules_internal.h"

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	g_free(n->scalar);
	if (n->items)
		g_ptr_array_free(n->items, TRUE);
	g_free(n);
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YNODE_MAP)
		return NULL;
	for (unsigned i = 0; i + 1 < map->items->len; i += 2) {
		const struct ynode *k = g_ptr_array_index(map->items, i);

		if (k->kind == YNODE_SCALAR && !strcmp(k->scalar, key))
			return g_ptr_array_index(map->items, i + 1);
	}
	return NULL;
}

static struct ynode *ynode_new(enum ynode_kind kind, unsigned line)
{
	struct ynode *n = g_new0(struct ynode, 1);

	n->kind = kind;
	n->line = line;
	if (kind != YNODE_SCALAR)
		n->items = g_ptr_array_new_with_free_func((GDestroyNotify)ynode_free);
	return n;
}

/* The reader's state: the collections open in the current item. */
struct reader {
	rules_item_cb cb;
	void *user;
	GPtrArray *stack;     /* struct ynode *, the item's root first */
	char *item_error;     /* why the current item is unreadable, or NULL */
	unsigned item_line;
	unsigned skip_depth;  /* collections open inside a refused part */
	bool in_sequence;     /* inside the document's top-level sequence */
};

static void reader_reset_item(struct reader *r)
{
	if (r->stack->len)
		ynode_free(g_ptr_array_index(r->stack, 0));
	g_ptr_array_set_size(r->stack, 0);
	g_free(r->item_error);
	r->item_error = NULL;
	r->skip_depth = 0;
}

/* A finished item: to the callback, with its error if it has one. */
static void reader_finish_item(struct reader *r, struct ynode *root)
{
	if (r->item_error) {
		ynode_free(root);
		r->cb(NULL, r->item_line, r->item_error, r->user);
	} else {
		r->cb(root, r->item_line, NULL, r->user);
	}
	g_ptr_array_set_size(r->stack, 0);
	g_free(r->item_error);
	r->item_error = NULL;
}

static void reader_refuse(struct reader *r, char *why)
{
	if (!r->item_error)
		r->item_error = why;
	else
		g_free(why);
}

/* Adds a node to the open collection (or makes it the item). */
static void reader_add(struct reader *r, struct ynode *n, bool opens)
{
	if (!r->stack->len) {
		r->item_line = n->line;
		if (opens) {
			g_ptr_array_add(r->stack, n);
		} else {
			/* a scalar as an item: nothing Falco knows */
			reader_refuse(r, g_strdup_printf("not a list, macro or rule: \"%.40s\"",
							 n->scalar));
			reader_finish_item(r, n);
		}
		return;
	}
	if (opens && r->stack->len >= RULES_MAX_YAML_DEPTH) {
		reader_refuse(r, g_strdup_printf("YAML nested more than %d deep",
						 RULES_MAX_YAML_DEPTH));
		ynode_free(n);
		r->skip_depth = 1;
		return;
	}
	g_ptr_array_add(((struct ynode *)g_ptr_array_index(r->stack, r->stack->len - 1))->items,
			n);
	if (opens)
		g_ptr_array_add(r->stack, n);
}

static void reader_close(struct reader *r)
{
	struct ynode *closed;

	if (r->skip_depth) {
		r->skip_depth--;
		return;
	}
	closed = g_ptr_array_index(r->stack, r->stack->len - 1);
	g_ptr_array_remove_index(r->stack, r->stack->len - 1);
	if (!r->stack->len)
		reader_finish_item(r, closed);
}

/* One event inside the top-level sequence; false at its end. */
static bool reader_event(struct reader *r, const yaml_event_t *ev)
{
	const unsigned line = (unsigned)ev->start_mark.line + 1;

	if (r->skip_depth) {
		if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT)
			r->skip_depth++;
		else if (ev->type == YAML_SEQUENCE_END_EVENT || ev->type == YAML_MAPPING_END_EVENT)
			reader_close(r);
		return true;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		if (!r->stack->len)
			r->item_line = line;
		reader_refuse(r, g_strdup("YAML aliases (*name) are not supported"));
		if (!r->stack->len)
			reader_finish_item(r, NULL);
		return true;
	case YAML_SCALAR_EVENT: {
		struct ynode *n = ynode_new(YNODE_SCALAR, line);

		if (ev->data.scalar.anchor)
			reader_refuse(r, g_strdup("YAML anchors (&name) are not supported"));
		n->scalar = g_strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		if (strlen(n->scalar) != ev->data.scalar.length)
			reader_refuse(r, g_strdup("a NUL character in a YAML string"));
		reader_add(r, n, false);
		return true;
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		const bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
		const yaml_char_t *anchor = seq ? ev->data.sequence_start.anchor :
						  ev->data.mapping_start.anchor;

		if (anchor)
			reader_refuse(r, g_strdup("YAML anchors (&name) are not supported"));
		reader_add(r, ynode_new(seq ? YNODE_SEQ : YNODE_MAP, line), true);
		return true;
	}
	case YAML_SEQUENCE_END_EVENT:
		if (!r->stack->len)
			return false; /* the top-level sequence ends */
		reader_close(r);
		return true;
	case YAML_MAPPING_END_EVENT:
		reader_close(r);
		return true;
	default:
		return true;
	}
}

bool rules_yaml_items(const char *data, size_t len, rules_item_cb cb, void *user, char **error)
{
	struct reader r = { .cb = cb, .user = user };
	yaml_parser_t parser;
	yaml_event_t ev;
	bool ok = true, done = false;

	*error = NULL;
	r.stack = g_ptr_array_new();
	if (!yaml_parser_initialize(&parser)) {
		*error = g_strdup("cannot start the YAML parser");
		g_ptr_array_free(r.stack, TRUE);
		return false;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			*error = g_strdup_printf("line %zu column %zu: YAML error: %s%s%s",
						 parser.problem_mark.line + 1,
						 parser.problem_mark.column + 1,
						 parser.problem ? parser.problem : "malformed",
						 parser.context ? " " : "",
						 parser.context ? parser.context : "");
			ok = false;
			break;
		}
		if (r.in_sequence) {
			r.in_sequence = reader_event(&r, &ev);
		} else {
			switch (ev.type) {
			case YAML_STREAM_END_EVENT:
				done = true;
				break;
			case YAML_SEQUENCE_START_EVENT:
				r.in_sequence = true;
				break;
			case YAML_MAPPING_START_EVENT:
			case YAML_ALIAS_EVENT:
				*error = g_strdup_printf("line %zu: a rules file is a YAML list of "
							 "items (- rule: ..., - macro: ..., "
							 "- list: ...)",
							 ev.start_mark.line + 1);
				ok = false;
				done = true;
				break;
			case YAML_SCALAR_EVENT:
				/* an empty document is an empty rules file */
				if (ev.data.scalar.length) {
					*error = g_strdup_printf(
						"line %zu: a rules file is a YAML list of items",
						ev.start_mark.line + 1);
					ok = false;
					done = true;
				}
				break;
			default:
				break;
			}
		}
		yaml_event_delete(&ev);
	}
	reader_reset_item(&r);
	g_ptr_array_free(r.stack, TRUE);
	yaml_parser_delete(&parser);
	return ok;
}

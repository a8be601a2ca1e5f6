/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The item stage of the rules loader: the list, macro and rule items of
 * every file, in file order, merged the way Falco merges them (a later
 * definition replaces an earlier one; append: true and override: extend or
 * replace parts of it), then each rule translated (rules_condition.c).
 *
 * Messages are one line: "FILE:LINE: rule "NAME" not loaded: WHY".
 */
#include <stdio.h>
#include <string.h>

#include "rules_internal.h"

static const char *const priority_names[] = {
	"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug",
};

const char *falco_priority_name(enum falco_priority p)
{
	return (unsigned)p < G_N_ELEMENTS(priority_names) ? priority_names[p] : "?";
}

static bool parse_priority(const char *s, enum falco_priority *p)
{
	for (size_t i = 0; i < G_N_ELEMENTS(priority_names); i++)
		if (!g_ascii_strcasecmp(s, priority_names[i])) {
			*p = (enum falco_priority)i;
			return true;
		}
	if (!g_ascii_strcasecmp(s, "info")) {
		*p = FALCO_PRIORITY_INFORMATIONAL;
		return true;
	}
	return false;
}

/* A rule as its items defined it, before translation. */
struct rule_def {
	char *name;
	char *desc;
	char *condition;
	char *output;
	enum falco_priority priority;
	GPtrArray *tags;       /* char * */
	bool enabled;
	GPtrArray *exceptions; /* struct rules_exception * */
	char *file;
	unsigned line;
};

struct loader {
	struct rules_defs defs;
	GHashTable *rules;     /* name -> struct rule_def * */
	GPtrArray *rule_order; /* char *: names in order of first definition */
	GPtrArray *messages;
	const char *file;
};

static void exception_free(void *p)
{
	struct rules_exception *e = p;

	if (!e)
		return; /* moved to another rule's array */
	g_free(e->name);
	g_ptr_array_free(e->fields, TRUE);
	g_ptr_array_free(e->comps, TRUE);
	g_ptr_array_free(e->values, TRUE);
	g_free(e);
}

static void rule_def_free(void *p)
{
	struct rule_def *r = p;

	g_free(r->name);
	g_free(r->desc);
	g_free(r->condition);
	g_free(r->output);
	g_ptr_array_free(r->tags, TRUE);
	g_ptr_array_free(r->exceptions, TRUE);
	g_free(r->file);
	g_free(r);
}

/* Adds a message as one line of valid UTF-8: excerpts of the file in it may
 * hold line breaks, control characters or a cut UTF-8 sequence. */
static void add_message(struct loader *l, char *text)
{
	char *line = g_utf8_make_valid(text, -1);
	GString *out = g_string_sized_new(strlen(line));

	for (const char *c = line; *c; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			g_string_append_printf(out, "\\x%02x", (unsigned char)*c);
		else
			g_string_append_c(out, *c);
	}
	g_ptr_array_add(l->messages, g_string_free(out, FALSE));
	g_free(line);
	g_free(text);
}

static void message(struct loader *l, unsigned line, const char *kind, const char *name,
		    const char *fmt, ...) G_GNUC_PRINTF(5, 6);

static void message(struct loader *l, unsigned line, const char *kind, const char *name,
		    const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (name)
		add_message(l, g_strdup_printf("%s:%u: %s \"%s\" not loaded: %s", l->file, line,
					       kind, name, why));
	else
		add_message(l, g_strdup_printf("%s:%u: %s", l->file, line, why));
	g_free(why);
}

static const char *scalar(const struct ynode *map, const char *key)
{
	const struct ynode *n = ynode_get(map, key);

	return n && n->kind == YNODE_SCALAR ? n->scalar : NULL;
}

static bool truth(const char *s, bool *value)
{
	if (!g_ascii_strcasecmp(s, "true") || !g_ascii_strcasecmp(s, "yes")) {
		*value = true;
		return true;
	}
	if (!g_ascii_strcasecmp(s, "false") || !g_ascii_strcasecmp(s, "no")) {
		*value = false;
		return true;
	}
	return false;
}

/* The keys of an item: each in known, values the right shape; *why else. */
static bool check_keys(const struct ynode *item, const char *const *known, char **why)
{
	for (unsigned i = 0; i < item->items->len; i += 2) {
		const struct ynode *k = g_ptr_array_index(item->items, i);
		bool found = false;

		if (k->kind != YNODE_SCALAR) {
			*why = g_strdup("a key that is not a string");
			return false;
		}
		for (const char *const *kn = known; *kn && !found; kn++)
			found = !strcmp(*kn, k->scalar);
		if (!found) {
			*why = g_strdup_printf("unknown key '%.40s'", k->scalar);
			return false;
		}
	}
	return true;
}

/* A sequence of strings (or one string when one_ok) into out. */
static bool string_list(const struct ynode *n, GPtrArray *out, bool one_ok)
{
	if (n->kind == YNODE_SCALAR && one_ok) {
		g_ptr_array_add(out, g_strdup(n->scalar));
		return true;
	}
	if (n->kind != YNODE_SEQ)
		return false;
	for (unsigned i = 0; i < n->items->len; i++) {
		const struct ynode *v = g_ptr_array_index(n->items, i);

		if (v->kind != YNODE_SCALAR)
			return false;
		g_ptr_array_add(out, g_strdup(v->scalar));
	}
	return true;
}

static const char *override_of(const struct ynode *item, const char *key)
{
	return scalar(ynode_get(item, "override"), key);
}

/* Checks an override: map against the item: every key it names is in the
 * item, with append where appendable and replace where replaceable. */
static bool check_override(const struct ynode *item, const char *const *appendable,
			   const char *const *replaceable, char **why)
{
	const struct ynode *ov = ynode_get(item, "override");

	if (!ov)
		return true;
	if (ov->kind != YNODE_MAP) {
		*why = g_strdup("override is not a map");
		return false;
	}
	if (ynode_get(item, "append")) {
		*why = g_strdup("both append and override");
		return false;
	}
	for (unsigned i = 0; i < ov->items->len; i += 2) {
		const struct ynode *k = g_ptr_array_index(ov->items, i);
		const struct ynode *v = g_ptr_array_index(ov->items, i + 1);
		const char *const *allowed;
		bool found = false;

		if (k->kind != YNODE_SCALAR || v->kind != YNODE_SCALAR ||
		    (strcmp(v->scalar, "append") && strcmp(v->scalar, "replace"))) {
			*why = g_strdup("override values are append or replace");
			return false;
		}
		allowed = !strcmp(v->scalar, "append") ? appendable : replaceable;
		for (const char *const *a = allowed; *a && !found; a++)
			found = !strcmp(*a, k->scalar);
		if (!found) {
			*why = g_strdup_printf("%s cannot be overridden with %s", k->scalar,
					       v->scalar);
			return false;
		}
		if (!ynode_get(item, k->scalar)) {
			*why = g_strdup_printf("override names %s, which the item lacks",
					       k->scalar);
			return false;
		}
	}
	return true;
}

static bool is_append(const struct ynode *item, bool *append, char **why)
{
	const char *a = scalar(item, "append");

	*append = false;
	if (ynode_get(item, "append") && (!a || !truth(a, append))) {
		*why = g_strdup("append is not true or false");
		return false;
	}
	return true;
}

/* The checks a list or macro item passes: its keys, append or override
 * (of its one part: items, condition), and for an append an earlier
 * definition; *append says whether it extends that definition. */
static bool read_list_or_macro(const struct ynode *item, const char *const *keys,
			       const char *part, const char *kind, bool defined, bool *append,
			       char **why)
{
	const char *const parts[] = { part, NULL };
	const char *ov;

	if (!check_keys(item, keys, why) || !is_append(item, append, why) ||
	    !check_override(item, parts, parts, why))
		return false;
	ov = override_of(item, part);
	*append = *append || (ov && !strcmp(ov, "append"));
	if (*append && !defined) {
		*why = g_strdup_printf("append to a %s not defined before", kind);
		return false;
	}
	return true;
}

static void load_list(struct loader *l, const struct ynode *item, const char *name,
		      unsigned line)
{
	static const char *const keys[] = { "list", "items", "append", "override", NULL };
	const struct ynode *items = ynode_get(item, "items");
	GPtrArray *values = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *old = g_hash_table_lookup(l->defs.lists, name);
	char *why = NULL;
	bool append;

	if (!read_list_or_macro(item, keys, "items", "list", old, &append, &why))
		goto bad;
	if (!items || !string_list(items, values, false)) {
		why = g_strdup("items is not a list of strings");
		goto bad;
	}
	if (append) {
		for (unsigned i = 0; i < values->len; i++)
			g_ptr_array_add(old, g_strdup(g_ptr_array_index(values, i)));
		g_ptr_array_free(values, TRUE);
		return;
	}
	g_hash_table_replace(l->defs.lists, g_strdup(name), values);
	return;
bad:
	message(l, line, "list", name, "%s", why);
	g_free(why);
	g_ptr_array_free(values, TRUE);
}

static void load_macro(struct loader *l, const struct ynode *item, const char *name,
		       unsigned line)
{
	static const char *const keys[] = { "macro", "condition", "append", "override", NULL };
	const char *condition = scalar(item, "condition");
	const char *old = g_hash_table_lookup(l->defs.macros, name);
	char *why = NULL;
	bool append;

	if (!read_list_or_macro(item, keys, "condition", "macro", old, &append, &why))
		goto bad;
	if (!condition) {
		why = g_strdup("no condition");
		goto bad;
	}
	/* Falco appends the text: "OLD NEW" */
	g_hash_table_replace(l->defs.macros, g_strdup(name),
			     append ? g_strdup_printf("%s %s", old, condition) :
				      g_strdup(condition));
	return;
bad:
	message(l, line, "macro", name, "%s", why);
	g_free(why);
}

/* One exceptions: entry into a new struct rules_exception; NULL with *why. */
static struct rules_exception *read_exception(const struct ynode *n, char **why)
{
	static const char *const keys[] = { "name", "fields", "comps", "values", NULL };
	const struct ynode *fields = ynode_get(n, "fields");
	const struct ynode *comps = ynode_get(n, "comps");
	const struct ynode *values = ynode_get(n, "values");
	struct rules_exception *e;
	const char *name = scalar(n, "name");

	if (n->kind != YNODE_MAP) {
		*why = g_strdup("an exception is not a map");
		return NULL;
	}
	if (!check_keys(n, keys, why))
		return NULL;
	if (!name) {
		*why = g_strdup("an exception without a name");
		return NULL;
	}
	e = g_new0(struct rules_exception, 1);
	e->name = g_strdup(name);
	e->fields = g_ptr_array_new_with_free_func(g_free);
	e->comps = g_ptr_array_new_with_free_func(g_free);
	e->values = g_ptr_array_new_with_free_func((GDestroyNotify)ynode_free);
	if (fields && !string_list(fields, e->fields, true)) {
		*why = g_strdup_printf("exception %s: fields is not a list of fields", name);
		goto bad;
	}
	e->single_field = fields && fields->kind == YNODE_SCALAR;
	if (comps && !string_list(comps, e->comps, true)) {
		*why = g_strdup_printf("exception %s: comps is not a list of operators", name);
		goto bad;
	}
	if (values && values->kind != YNODE_SEQ) {
		*why = g_strdup_printf("exception %s: values is not a list", name);
		goto bad;
	}
	if (e->fields->len && !e->comps->len)
		/* Falco's defaults: in for one field, = for each of a list */
		for (unsigned i = 0; i < e->fields->len; i++)
			g_ptr_array_add(e->comps, g_strdup(e->single_field ? "in" : "="));
	if (e->fields->len != e->comps->len) {
		*why = g_strdup_printf("exception %s: %u fields but %u comps", name,
				       e->fields->len, e->comps->len);
		goto bad;
	}
	/* The values are kept as YAML nodes: a copy, the item is freed after. */
	for (unsigned i = 0; values && i < values->items->len; i++) {
		GPtrArray *taken = ((struct ynode *)values)->items;

		g_ptr_array_add(e->values, g_ptr_array_index(taken, i));
		taken->pdata[i] = NULL;
	}
	return e;
bad:
	exception_free(e);
	return NULL;
}

/* Adds the exceptions of an item to a rule: new names added, values of a
 * known name appended (append) or the whole set replaced (!append). */
static bool merge_exceptions(struct rule_def *r, const struct ynode *list, bool append,
			     char **why)
{
	GPtrArray *read = g_ptr_array_new_with_free_func(exception_free);

	if (list->kind != YNODE_SEQ) {
		*why = g_strdup("exceptions is not a list");
		goto bad;
	}
	for (unsigned i = 0; i < list->items->len; i++) {
		struct rules_exception *e = read_exception(g_ptr_array_index(list->items, i), why);

		if (!e)
			goto bad;
		g_ptr_array_add(read, e);
	}
	if (!append)
		g_ptr_array_set_size(r->exceptions, 0);
	for (unsigned i = 0; i < read->len; i++) {
		struct rules_exception *e = g_ptr_array_index(read, i), *old = NULL;

		for (unsigned j = 0; j < r->exceptions->len && !old; j++) {
			old = g_ptr_array_index(r->exceptions, j);
			if (strcmp(old->name, e->name))
				old = NULL;
		}
		if (old) {
			for (unsigned v = 0; v < e->values->len; v++) {
				g_ptr_array_add(old->values, g_ptr_array_index(e->values, v));
				e->values->pdata[v] = NULL;
			}
			continue;
		}
		if (!e->fields->len) {
			*why = g_strdup_printf("exception %s has no fields", e->name);
			goto bad;
		}
		g_ptr_array_add(r->exceptions, e);
		read->pdata[i] = NULL;
	}
	g_ptr_array_free(read, TRUE);
	return true;
bad:
	g_ptr_array_free(read, TRUE);
	return false;
}

static struct rule_def *rule_def_new(const char *name)
{
	struct rule_def *r = g_new0(struct rule_def, 1);

	r->name = g_strdup(name);
	r->desc = g_strdup("");
	r->tags = g_ptr_array_new_with_free_func(g_free);
	r->exceptions = g_ptr_array_new_with_free_func(exception_free);
	r->enabled = true;
	return r;
}

/* Sets or extends the parts of r the item has; append says how. */
static bool apply_rule_item(struct rule_def *r, const struct ynode *item, bool append_all,
			    char **why)
{
	static const char *const parts[] = { "desc", "condition", "output", "priority", "tags",
					     "enabled", "exceptions", NULL };

	for (const char *const *part = parts; *part; part++) {
		const struct ynode *v = ynode_get(item, *part);
		const char *ov = override_of(item, *part);
		const bool append = append_all || (ov && !strcmp(ov, "append"));

		if (!v)
			continue;
		if (!strcmp(*part, "exceptions")) {
			if (!merge_exceptions(r, v, append, why))
				return false;
			continue;
		}
		if (!strcmp(*part, "tags")) {
			if (!append)
				g_ptr_array_set_size(r->tags, 0);
			if (!string_list(v, r->tags, false)) {
				*why = g_strdup("tags is not a list of strings");
				return false;
			}
			continue;
		}
		if (v->kind != YNODE_SCALAR) {
			*why = g_strdup_printf("%s is not a string", *part);
			return false;
		}
		if (!strcmp(*part, "priority")) {
			if (!parse_priority(v->scalar, &r->priority)) {
				*why = g_strdup_printf("unknown priority '%.40s'", v->scalar);
				return false;
			}
		} else if (!strcmp(*part, "enabled")) {
			if (!truth(v->scalar, &r->enabled)) {
				*why = g_strdup("enabled is not true or false");
				return false;
			}
		} else {
			char **field = !strcmp(*part, "desc") ? &r->desc :
				       !strcmp(*part, "condition") ? &r->condition : &r->output;
			char *text = append && *field ?
					     g_strdup_printf("%s %s", *field, v->scalar) :
					     g_strdup(v->scalar);

			if (append && !strcmp(*part, "output")) {
				*why = g_strdup("output cannot be appended to");
				g_free(text);
				return false;
			}
			g_free(*field);
			*field = text;
		}
	}
	return true;
}

static void load_rule(struct loader *l, const struct ynode *item, const char *name,
		      unsigned line)
{
	static const char *const keys[] = { "rule", "desc", "condition", "output", "priority",
					    "tags", "enabled", "exceptions", "append", "override",
					    "source", "warn_evttypes", "skip-if-unknown-filter",
					    NULL };
	static const char *const appendable[] = { "condition", "exceptions", "tags", NULL };
	static const char *const replaceable[] = { "desc", "condition", "output", "priority",
						   "tags", "enabled", "exceptions", NULL };
	struct rule_def *old = g_hash_table_lookup(l->rules, name), *r;
	const char *source = scalar(item, "source");
	char *why = NULL;
	bool append;

	if (!check_keys(item, keys, &why) || !is_append(item, &append, &why) ||
	    !check_override(item, appendable, replaceable, &why))
		goto bad;
	if (source && strcmp(source, "syscall")) {
		why = g_strdup_printf("source %.40s: podshark has system calls only", source);
		goto bad;
	}
	if (append || ynode_get(item, "override")) {
		static const char *const appendable_legacy[] = { "rule", "condition", "exceptions",
								 "append", "source", NULL };

		if (!old) {
			why = g_strdup("append or override to a rule not defined before");
			goto bad;
		}
		if (append && !check_keys(item, appendable_legacy, &why))
			goto bad;
		/* on a copy: a bad part leaves the rule as it was */
		r = rule_def_new(name);
		r->desc = (g_free(r->desc), g_strdup(old->desc));
		r->condition = g_strdup(old->condition);
		r->output = g_strdup(old->output);
		r->priority = old->priority;
		r->enabled = old->enabled;
		for (unsigned i = 0; i < old->tags->len; i++)
			g_ptr_array_add(r->tags, g_strdup(g_ptr_array_index(old->tags, i)));
		/* exceptions: moved into the copy and back when the item is bad */
		g_ptr_array_extend_and_steal(r->exceptions, old->exceptions);
		old->exceptions = g_ptr_array_new_with_free_func(exception_free);
		if (!apply_rule_item(r, item, append, &why)) {
			g_ptr_array_extend_and_steal(old->exceptions, r->exceptions);
			r->exceptions = g_ptr_array_new();
			rule_def_free(r);
			goto bad;
		}
		r->file = g_strdup(old->file);
		r->line = old->line;
		g_hash_table_replace(l->rules, r->name, r);
		return;
	}
	/* Only "enabled": switches an existing rule on or off (Falco's older
	 * form of override). */
	if (old && item->items->len == 4 && ynode_get(item, "enabled")) {
		if (!apply_rule_item(old, item, false, &why))
			goto bad;
		return;
	}
	r = rule_def_new(name);
	r->file = g_strdup(l->file);
	r->line = line;
	if (!apply_rule_item(r, item, false, &why)) {
		rule_def_free(r);
		goto bad;
	}
	if (!r->condition || !r->output || !ynode_get(item, "priority")) {
		why = g_strdup_printf("no %s", !r->condition ? "condition" :
					       !r->output ? "output" : "priority");
		rule_def_free(r);
		goto bad;
	}
	if (!old)
		g_ptr_array_add(l->rule_order, g_strdup(name));
	g_hash_table_replace(l->rules, r->name, r);
	return;
bad:
	message(l, line, "rule", name, "%s", why);
	g_free(why);
}

static void load_item(struct ynode *item, unsigned line, const char *error, void *user)
{
	struct loader *l = user;
	static const char *const kinds[] = { "rule", "macro", "list" };

	if (error) {
		message(l, line, NULL, NULL, "item not loaded: %s", error);
		return;
	}
	if (item->kind != YNODE_MAP) {
		message(l, line, NULL, NULL, "item not loaded: not a list, macro or rule");
		ynode_free(item);
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
		const char *name = scalar(item, kinds[i]);

		if (!ynode_get(item, kinds[i]))
			continue;
		if (!name || !*name)
			message(l, line, NULL, NULL, "%s item without a name: not loaded",
				kinds[i]);
		else if (i == 0)
			load_rule(l, item, name, line);
		else if (i == 1)
			load_macro(l, item, name, line);
		else
			load_list(l, item, name, line);
		ynode_free(item);
		return;
	}
	if (!ynode_get(item, "required_engine_version") &&
	    !ynode_get(item, "required_plugin_versions"))
		message(l, line, NULL, NULL, "item not loaded: not a list, macro or rule");
	ynode_free(item);
}

static void load_data(struct loader *l, const char *file, const char *data, size_t len)
{
	char *error = NULL;

	l->file = file;
	if (!rules_yaml_items(data, len, load_item, l, &error)) {
		add_message(l, g_strdup_printf("%s: %s; the items after it are not loaded", file,
					       error));
		g_free(error);
	}
}

static void falco_rule_free(void *p)
{
	struct falco_rule *r = p;

	g_free(r->name);
	g_free(r->desc);
	g_ptr_array_free(r->tags, TRUE);
	g_free(r->filter);
	g_ptr_array_free(r->filter_fields, TRUE);
	if (r->event_types)
		g_ptr_array_free(r->event_types, TRUE);
	g_ptr_array_free(r->output, TRUE);
	g_free(r->file);
	g_free(r);
}

/* The pieces of a rule's output; a note for each field shown as <NA>. */
static GPtrArray *read_output(struct loader *l, const struct rule_def *d)
{
	GPtrArray *pieces = g_ptr_array_new_with_free_func(falco_output_piece_free);
	GPtrArray *notes = g_ptr_array_new_with_free_func(g_free);

	rules_parse_output(d->output, pieces, notes);
	for (unsigned i = 0; i < notes->len; i++)
		add_message(l, g_strdup_printf("%s:%u: rule \"%s\": %s", d->file, d->line,
					       d->name, (char *)g_ptr_array_index(notes, i)));
	g_ptr_array_free(notes, TRUE);
	return pieces;
}

/* Each rule translated, in order of first definition. */
static struct falco_ruleset *compile(struct loader *l)
{
	struct falco_ruleset *set = g_new0(struct falco_ruleset, 1);

	set->rules = g_ptr_array_new_with_free_func(falco_rule_free);
	set->messages = l->messages;
	for (unsigned i = 0; i < l->rule_order->len; i++) {
		const struct rule_def *d = g_hash_table_lookup(l->rules,
							       g_ptr_array_index(l->rule_order, i));
		GHashTable *fields = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		struct falco_rule *r;
		GPtrArray *event_types;
		char *why = NULL, *filter;

		l->file = d->file;
		filter = rules_translate(&l->defs, d->condition, d->exceptions, fields,
					 &event_types, &why);
		if (!filter) {
			message(l, d->line, "rule", d->name, "%s", why);
			g_free(why);
			g_hash_table_destroy(fields);
			continue;
		}
		r = g_new0(struct falco_rule, 1);
		r->output = read_output(l, d);
		r->name = g_strdup(d->name);
		r->desc = g_strdup(d->desc);
		r->priority = d->priority;
		r->tags = g_ptr_array_new_with_free_func(g_free);
		for (unsigned t = 0; t < d->tags->len; t++)
			g_ptr_array_add(r->tags, g_strdup(g_ptr_array_index(d->tags, t)));
		r->enabled = d->enabled;
		r->filter = filter;
		r->event_types = event_types;
		r->filter_fields = g_ptr_array_new_with_free_func(g_free);
		{
			GHashTableIter it;
			gpointer key;

			g_hash_table_iter_init(&it, fields);
			while (g_hash_table_iter_next(&it, &key, NULL)) {
				g_ptr_array_add(r->filter_fields, key);
				g_hash_table_iter_steal(&it);
			}
		}
		g_hash_table_destroy(fields);
		r->file = g_strdup(d->file);
		r->line = d->line;
		g_ptr_array_add(set->rules, r);
	}
	return set;
}

static struct loader *loader_new(void)
{
	struct loader *l = g_new0(struct loader, 1);

	l->defs.lists = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					      (GDestroyNotify)g_ptr_array_unref);
	l->defs.macros = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	l->rules = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, rule_def_free);
	l->rule_order = g_ptr_array_new_with_free_func(g_free);
	l->messages = g_ptr_array_new_with_free_func(g_free);
	return l;
}

static struct falco_ruleset *loader_finish(struct loader *l)
{
	struct falco_ruleset *set = compile(l);

	g_hash_table_destroy(l->defs.lists);
	g_hash_table_destroy(l->defs.macros);
	g_hash_table_destroy(l->rules);
	g_ptr_array_free(l->rule_order, TRUE);
	g_free(l);
	return set;
}

struct falco_ruleset *falco_rules_load_buffer(const char *file_name, const char *data,
					      size_t len)
{
	struct loader *l = loader_new();

	load_data(l, file_name, data, len);
	return loader_finish(l);
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct falco_ruleset *falco_rules_load_path(const char *path)
{
	struct loader *l = loader_new();
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	GError *err = NULL;

	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		GDir *dir = g_dir_open(path, 0, &err);
		const char *name;

		while (dir && (name = g_dir_read_name(dir)))
			if (g_str_has_suffix(name, ".yaml") || g_str_has_suffix(name, ".yml"))
				g_ptr_array_add(files, g_build_filename(path, name, NULL));
		if (dir)
			g_dir_close(dir);
		g_ptr_array_sort(files, compare_names);
	} else {
		g_ptr_array_add(files, g_strdup(path));
	}
	if (err) {
		add_message(l, g_strdup_printf("%s: %s", path, err->message));
		g_clear_error(&err);
	}
	for (unsigned i = 0; i < files->len; i++) {
		const char *file = g_ptr_array_index(files, i);
		char *data;
		gsize len;

		if (!g_file_get_contents(file, &data, &len, &err)) {
			add_message(l, g_strdup(err->message));
			g_clear_error(&err);
			continue;
		}
		/* each file's messages name it; the loader keeps the name */
		load_data(l, g_intern_string(file), data, len);
		g_free(data);
	}
	g_ptr_array_free(files, TRUE);
	return loader_finish(l);
}

void falco_ruleset_free(struct falco_ruleset *set)
{
	if (!set)
		return;
	g_ptr_array_free(set->rules, TRUE);
	g_ptr_array_free(set->messages, TRUE);
	g_free(set);
}

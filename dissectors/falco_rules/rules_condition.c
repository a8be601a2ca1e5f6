/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The condition stage of the rules loader: a Falco condition (and a rule's
 * exceptions) parsed into a tree, macros and lists expanded, written out as
 * one Wireshark display filter.
 *
 * Falco's operators become display-filter operators (docs/TRIAGE.md has the
 * table): ==, !=, <, contains, in, a bare field for exists, and for the
 * string matches (startswith, endswith, glob, pmatch, regex, icontains) a
 * case-sensitive "matches" with the pattern anchored the way Falco anchors
 * it.  Falco's "!=" is false when the field is missing; Wireshark's is true,
 * so it becomes (field && field != value).  podshark writes a call once, at
 * its exit, so evt.dir is "<" but for calls unfinished when the capture
 * ended (">", evt.unfinished).
 */
#include <ctype.h>
#include <string.h>

#include "rules_internal.h"

enum cop {
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_CONTAINS, OP_ICONTAINS, OP_BCONTAINS,
	OP_STARTSWITH, OP_BSTARTSWITH, OP_ENDSWITH, OP_GLOB, OP_IGLOB, OP_PMATCH, OP_IN,
	OP_INTERSECTS, OP_EXISTS, OP_REGEX,
};

/* The operators, longest spelling first where one is a prefix of another. */
static const struct {
	const char *text;
	enum cop op;
	bool word;
} ops[] = {
	{ "==", OP_EQ, false },          { "=", OP_EQ, false },
	{ "!=", OP_NE, false },          { "<=", OP_LE, false },
	{ "<", OP_LT, false },           { ">=", OP_GE, false },
	{ ">", OP_GT, false },           { "contains", OP_CONTAINS, true },
	{ "icontains", OP_ICONTAINS, true }, { "bcontains", OP_BCONTAINS, true },
	{ "startswith", OP_STARTSWITH, true }, { "bstartswith", OP_BSTARTSWITH, true },
	{ "endswith", OP_ENDSWITH, true }, { "glob", OP_GLOB, true },
	{ "iglob", OP_IGLOB, true },     { "pmatch", OP_PMATCH, true },
	{ "intersects", OP_INTERSECTS, true }, { "in", OP_IN, true },
	{ "exists", OP_EXISTS, true },   { "regex", OP_REGEX, true },
};

static const char *op_text(enum cop op)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ops); i++)
		if (ops[i].op == op)
			return ops[i].text;
	return "?";
}

enum cnode_kind { C_AND, C_OR, C_NOT, C_MACRO, C_CHECK };

/* A value on the right of an operator, as written. */
struct cval {
	char *text;
	bool bare; /* unquoted: may name a list */
};

struct cnode {
	enum cnode_kind kind;
	struct cnode *left, *right; /* C_AND, C_OR; C_NOT: left */
	char *name;                 /* C_MACRO */
	/* C_CHECK */
	char *field, *arg;          /* arg: the [argument], or NULL */
	char *transform;            /* tolower, toupper, or NULL */
	enum cop op;
	GPtrArray *values;          /* struct cval *; a list when list is set */
	bool list;
	char *rhs_field, *rhs_arg;  /* val(field) */
};

static void cval_free(void *p)
{
	struct cval *v = p;

	g_free(v->text);
	g_free(v);
}

/* Iterative along the left operands: a long "a or b or ..." chain is deep
 * only on that side. */
static void cnode_free(struct cnode *n)
{
	while (n) {
		struct cnode *left = n->left;

		cnode_free(n->right);
		g_free(n->name);
		g_free(n->field);
		g_free(n->arg);
		g_free(n->transform);
		if (n->values)
			g_ptr_array_free(n->values, TRUE);
		g_free(n->rhs_field);
		g_free(n->rhs_arg);
		g_free(n);
		n = left;
	}
}

static struct cnode *cnode_new(enum cnode_kind kind)
{
	struct cnode *n = g_new0(struct cnode, 1);

	n->kind = kind;
	return n;
}

/* --- Parsing ---------------------------------------------------------- */

struct parser {
	const char *s;
	size_t pos;
	unsigned depth;
	char *error;
};

static void perr(struct parser *p, char *msg)
{
	if (!p->error)
		p->error = g_strdup_printf("%s at offset %zu", msg, p->pos);
	g_free(msg);
}

static void skip_ws(struct parser *p)
{
	while (p->s[p->pos] && isspace((unsigned char)p->s[p->pos]))
		p->pos++;
}

static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

/* Whether the word w starts at the current position, ending there. */
static bool at_word(struct parser *p, const char *w)
{
	size_t n = strlen(w);

	return !strncmp(p->s + p->pos, w, n) && !is_ident_char(p->s[p->pos + n]) &&
	       p->s[p->pos + n] != '[';
}

/* A quoted string ('...' or "..."), with backslash escapes. */
static char *parse_quoted(struct parser *p)
{
	const char quote = p->s[p->pos++];
	GString *out = g_string_new(NULL);

	for (;;) {
		char c = p->s[p->pos];

		if (!c) {
			perr(p, g_strdup("unterminated string"));
			return g_string_free(out, TRUE), NULL;
		}
		p->pos++;
		if (c == quote)
			break;
		if (c == '\\' && p->s[p->pos]) {
			c = p->s[p->pos++];
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			default: break; /* \\, \", \' and others: the character */
			}
		}
		g_string_append_c(out, c);
	}
	return g_string_free(out, FALSE);
}

/* An unquoted value: up to white space, a comma or a parenthesis. */
static char *parse_bare(struct parser *p)
{
	size_t start = p->pos;

	while (p->s[p->pos] && !isspace((unsigned char)p->s[p->pos]) && p->s[p->pos] != ',' &&
	       p->s[p->pos] != '(' && p->s[p->pos] != ')')
		p->pos++;
	return g_strndup(p->s + start, p->pos - start);
}

static struct cval *parse_value(struct parser *p)
{
	struct cval *v = g_new0(struct cval, 1);

	skip_ws(p);
	if (p->s[p->pos] == '"' || p->s[p->pos] == '\'') {
		v->text = parse_quoted(p);
	} else {
		v->text = parse_bare(p);
		v->bare = true;
		if (!*v->text)
			perr(p, g_strdup("a value expected"));
	}
	if (!v->text || p->error)
		return cval_free(v), NULL;
	return v;
}

/* A field name with its optional [argument]; on failure nothing to free. */
static bool parse_field(struct parser *p, char **field, char **arg)
{
	size_t start = p->pos;

	while (is_ident_char(p->s[p->pos]))
		p->pos++;
	if (p->pos == start) {
		perr(p, g_strdup_printf("a field or macro name expected, not '%.20s'",
					p->s + p->pos));
		return false;
	}
	*field = g_strndup(p->s + start, p->pos - start);
	*arg = NULL;
	if (p->s[p->pos] == '[') {
		const char *end = strchr(p->s + p->pos, ']');

		if (!end) {
			perr(p, g_strdup_printf("'[' without ']' after %s", *field));
			g_free(*field);
			*field = NULL;
			return false;
		}
		*arg = g_strndup(p->s + p->pos + 1, (size_t)(end - (p->s + p->pos + 1)));
		p->pos = (size_t)(end - p->s) + 1;
	}
	return true;
}

static struct cnode *parse_or(struct parser *p);

/* The right-hand side of a binary operator. */
static bool parse_rhs(struct parser *p, struct cnode *n)
{
	n->values = g_ptr_array_new_with_free_func(cval_free);
	skip_ws(p);
	if (p->s[p->pos] == '(') {
		p->pos++;
		n->list = true;
		skip_ws(p);
		if (p->s[p->pos] == ')') {
			p->pos++;
			return true;
		}
		for (;;) {
			struct cval *v = parse_value(p);

			if (!v)
				return false;
			g_ptr_array_add(n->values, v);
			skip_ws(p);
			if (p->s[p->pos] == ',') {
				p->pos++;
				continue;
			}
			if (p->s[p->pos] == ')') {
				p->pos++;
				return true;
			}
			perr(p, g_strdup("',' or ')' expected in a list"));
			return false;
		}
	}
	if (at_word(p, "val") || !strncmp(p->s + p->pos, "val(", 4)) {
		p->pos += 3;
		skip_ws(p);
		if (p->s[p->pos] != '(') {
			perr(p, g_strdup("'(' expected after val"));
			return false;
		}
		p->pos++;
		skip_ws(p);
		if (!parse_field(p, &n->rhs_field, &n->rhs_arg))
			return false;
		skip_ws(p);
		if (p->s[p->pos] != ')') {
			perr(p, g_strdup("')' expected after val(field"));
			return false;
		}
		p->pos++;
		return true;
	}
	{
		struct cval *v = parse_value(p);

		if (!v)
			return false;
		g_ptr_array_add(n->values, v);
	}
	return true;
}

/* A check (field op value), a macro name, or a parenthesised condition. */
static struct cnode *parse_primary(struct parser *p)
{
	struct cnode *n;
	char *field, *arg, *transform = NULL;

	skip_ws(p);
	if (p->s[p->pos] == '(') {
		if (++p->depth > RULES_MAX_NESTING) {
			perr(p, g_strdup_printf("nested more than %d deep", RULES_MAX_NESTING));
			return NULL;
		}
		p->pos++;
		n = parse_or(p);
		if (!n)
			return NULL;
		skip_ws(p);
		if (p->s[p->pos] != ')') {
			perr(p, g_strdup("')' expected"));
			cnode_free(n);
			return NULL;
		}
		p->pos++;
		p->depth--;
		return n;
	}
	if (!parse_field(p, &field, &arg))
		return NULL;
	/* A transformer: tolower(field). */
	if (p->s[p->pos] == '(' && !arg) {
		transform = field;
		p->pos++;
		skip_ws(p);
		if (!parse_field(p, &field, &arg)) {
			g_free(transform);
			return NULL;
		}
		skip_ws(p);
		if (p->s[p->pos] != ')') {
			perr(p, g_strdup_printf("')' expected after %s(%s", transform, field));
			g_free(transform);
			g_free(field);
			g_free(arg);
			return NULL;
		}
		p->pos++;
	}
	skip_ws(p);
	for (size_t i = 0; i < G_N_ELEMENTS(ops); i++) {
		if (ops[i].word ? !at_word(p, ops[i].text) :
				  strncmp(p->s + p->pos, ops[i].text, strlen(ops[i].text)))
			continue;
		p->pos += strlen(ops[i].text);
		n = cnode_new(C_CHECK);
		n->field = field;
		n->arg = arg;
		n->transform = transform;
		n->op = ops[i].op;
		if (n->op != OP_EXISTS && !parse_rhs(p, n)) {
			cnode_free(n);
			return NULL;
		}
		return n;
	}
	if (transform || arg || (p->s[p->pos] && p->s[p->pos] != ')' && !at_word(p, "and") &&
				 !at_word(p, "or"))) {
		perr(p, g_strdup_printf("an operator expected after %s", field));
		g_free(transform);
		g_free(field);
		g_free(arg);
		return NULL;
	}
	n = cnode_new(C_MACRO);
	n->name = field;
	return n;
}

static struct cnode *parse_not(struct parser *p)
{
	struct cnode *n;

	skip_ws(p);
	if (!at_word(p, "not"))
		return parse_primary(p);
	if (++p->depth > RULES_MAX_NESTING) {
		perr(p, g_strdup_printf("nested more than %d deep", RULES_MAX_NESTING));
		return NULL;
	}
	p->pos += 3;
	n = cnode_new(C_NOT);
	n->left = parse_not(p);
	p->depth--;
	if (!n->left)
		return cnode_free(n), NULL;
	return n;
}

static struct cnode *parse_binary(struct parser *p, const char *word, enum cnode_kind kind,
				  struct cnode *(*operand)(struct parser *))
{
	struct cnode *left = operand(p);

	while (left) {
		struct cnode *n;

		skip_ws(p);
		if (!at_word(p, word))
			break;
		p->pos += strlen(word);
		n = cnode_new(kind);
		n->left = left;
		n->right = operand(p);
		if (!n->right)
			return cnode_free(n), NULL;
		left = n;
	}
	return left;
}

static struct cnode *parse_and(struct parser *p)
{
	return parse_binary(p, "and", C_AND, parse_not);
}

static struct cnode *parse_or(struct parser *p)
{
	return parse_binary(p, "or", C_OR, parse_and);
}

/* The tree of a condition; NULL with *why. */
static struct cnode *parse_condition(const char *text, char **why)
{
	struct parser p = { .s = text };
	struct cnode *n;

	if (strlen(text) > RULES_MAX_CONDITION_LEN) {
		*why = g_strdup_printf("condition of %zu bytes, more than %d", strlen(text),
				       RULES_MAX_CONDITION_LEN);
		return NULL;
	}
	n = parse_or(&p);
	if (n) {
		skip_ws(&p);
		if (p.s[p.pos]) {
			perr(&p, g_strdup_printf("unexpected '%.20s'", p.s + p.pos));
			cnode_free(n);
			n = NULL;
		}
	}
	if (!n)
		*why = p.error ? p.error : g_strdup("empty condition");
	else
		g_free(p.error);
	return n;
}

/* --- Fields ----------------------------------------------------------- */

/* What podshark supplies for a Falco field: a Wireshark field, or a
 * constant. */
struct mapped_field {
	char *field;
	const char *constant;
};

/* Ancestors podshark keeps (PODSHARK_MAX_ANCESTORS of the dissector). */
#define MAX_ANCESTOR 16

/* Maps field[arg]; false with *why when podshark has nothing for it. */
static bool map_field(const char *field, const char *arg, struct mapped_field *m, char **why)
{
	char *end;
	long n;

	memset(m, 0, sizeof(*m));
	if (!strcmp(field, "evt.dir") && !arg) {
		m->constant = "<";
		return true;
	}
	if (!arg) {
		m->field = g_strdup(field);
		return true;
	}
	n = strtol(arg, &end, 10);
	if (!strcmp(field, "proc.aname") && *arg && !*end && n >= 0) {
		if (n > MAX_ANCESTOR) {
			*why = g_strdup_printf("proc.aname[%ld]: podshark keeps %d ancestors", n,
					       MAX_ANCESTOR);
			return false;
		}
		/* [0] is the process itself, [1] its parent, [N] proc.aname.N */
		m->field = n == 0 ? g_strdup("proc.name") : n == 1 ? g_strdup("proc.pname") :
				    g_strdup_printf("proc.aname.%ld", n);
		return true;
	}
	if ((!strcmp(field, "evt.arg") || !strcmp(field, "evt.rawarg")) && *arg && !*end) {
		*why = g_strdup_printf("%s[%s]: Falco numbers the parameters of its own event "
				       "tables, podshark has the kernel's arguments: name the "
				       "argument (%s.fd, %s.flags, ...) or use evt.res",
				       field, arg, field, field);
		return false;
	}
	if ((!strcmp(field, "evt.arg") || !strcmp(field, "evt.rawarg")) && *arg) {
		m->field = g_strdup_printf("%s.%s", field, arg);
		return true;
	}
	*why = g_strdup_printf("podshark has no field for %s[%s]", field, arg);
	return false;
}

/* --- Writing the display filter ---------------------------------------- */

struct writer {
	const struct rules_defs *defs;
	GString *out;
	GHashTable *fields;
	GHashTable *expanding; /* macros being expanded: name -> chain position */
	GPtrArray *chain;      /* the macros being expanded, outermost first */
	unsigned checks;       /* nodes written */
	char *error;
};

static void werr(struct writer *w, char *msg)
{
	if (!w->error)
		w->error = msg;
	else
		g_free(msg);
}

/* A literal Wireshark reads as the field's type: bare for numbers and IPv4
 * addresses (a string field compares them as text), quoted otherwise. */
static bool bare_literal(const char *v)
{
	static GRegex *re;

	if (!re)
		re = g_regex_new("^(-?[0-9]+|0x[0-9a-fA-F]+|[0-9]+(\\.[0-9]+){3}(/[0-9]+)?)$",
				 G_REGEX_OPTIMIZE, 0, NULL);
	return g_regex_match(re, v, 0, NULL);
}

static void write_quoted(GString *out, const char *v)
{
	g_string_append_c(out, '"');
	for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
		if (*c == '"' || *c == '\\')
			g_string_append_printf(out, "\\%c", *c);
		else if (*c < 0x20 || *c >= 0x7f)
			g_string_append_printf(out, "\\x%02x", *c);
		else
			g_string_append_c(out, (char)*c);
	}
	g_string_append_c(out, '"');
}

static void write_literal(GString *out, const char *v)
{
	if (bare_literal(v))
		g_string_append(out, v);
	else
		write_quoted(out, v);
}

/* v with every PCRE metacharacter escaped. */
static void append_regex_literal(GString *re, const char *v)
{
	for (const char *c = v; *c; c++) {
		if (strchr("\\^$.|?*+()[]{}", *c))
			g_string_append_c(re, '\\');
		g_string_append_c(re, *c);
	}
}

/* A Falco glob (*, ?, [...]) as a PCRE pattern body. */
static void append_glob(GString *re, const char *g)
{
	for (const char *c = g; *c; c++) {
		const char *close;

		switch (*c) {
		case '*':
			g_string_append(re, ".*");
			break;
		case '?':
			g_string_append_c(re, '.');
			break;
		case '[':
			close = strchr(c + 1 + (c[1] == '!' || c[1] == '^') + (c[1] == ']'), ']');
			if (!close) {
				g_string_append(re, "\\[");
				break;
			}
			g_string_append_c(re, '[');
			c++;
			if (*c == '!' || *c == '^') {
				g_string_append_c(re, '^');
				c++;
			}
			for (; c < close; c++) {
				if (*c == '\\' || *c == '[' || (*c == ']' && c != close))
					g_string_append_c(re, '\\');
				g_string_append_c(re, *c);
			}
			g_string_append_c(re, ']');
			break;
		default:
			append_regex_literal(re, (char[]){ *c, 0 });
			break;
		}
	}
}

static void note_field(struct writer *w, const char *field)
{
	if (!g_hash_table_contains(w->fields, field))
		g_hash_table_add(w->fields, g_strdup(field));
}

/* The items of a list value: list names expanded (lists inside lists). */
static bool expand_list_item(struct writer *w, const struct cval *v, GPtrArray *items,
			     unsigned depth)
{
	GPtrArray *list = v->bare ? g_hash_table_lookup(w->defs->lists, v->text) : NULL;

	if (!list) {
		if (items->len >= RULES_MAX_LIST_ITEMS) {
			werr(w, g_strdup_printf("more than %d list items", RULES_MAX_LIST_ITEMS));
			return false;
		}
		g_ptr_array_add(items, v->text);
		return true;
	}
	if (depth > RULES_MAX_MACRO_DEPTH) {
		werr(w, g_strdup_printf("list %s: lists nested more than %d deep (a cycle?)",
					v->text, RULES_MAX_MACRO_DEPTH));
		return false;
	}
	for (unsigned i = 0; i < list->len; i++) {
		struct cval item = { .text = g_ptr_array_index(list, i), .bare = true };

		if (!expand_list_item(w, &item, items, depth + 1))
			return false;
	}
	return true;
}

/* The field side of a check: "proc.name", "lower(proc.name)". */
static void append_lhs(GString *out, const char *transform, const char *field)
{
	if (transform)
		g_string_append_printf(out, "%s(%s)", transform, field);
	else
		g_string_append(out, field);
}

/* evt.dir: podshark writes each call once, when it returns ("<"), or when
 * the capture ends before it returns (evt.unfinished: Falco would have seen
 * only its entry, ">"). */
static bool direction_check(struct writer *w, const struct cnode *n, GPtrArray *items)
{
	bool exit_dir = false, entry_dir = false;

	switch (n->op) {
	case OP_EXISTS:
		exit_dir = entry_dir = true;
		break;
	case OP_EQ:
	case OP_NE:
	case OP_IN:
		for (unsigned i = 0; i < items->len; i++) {
			exit_dir = exit_dir || !strcmp(g_ptr_array_index(items, i), "<");
			entry_dir = entry_dir || !strcmp(g_ptr_array_index(items, i), ">");
		}
		if (n->op == OP_NE) {
			exit_dir = !exit_dir;
			entry_dir = !entry_dir;
		}
		break;
	default:
		werr(w, g_strdup_printf("%s %s: only =, !=, in and exists are supported",
					n->field, op_text(n->op)));
		return false;
	}
	/* evt.type and evt.unfinished are on every system call frame */
	note_field(w, "evt.type");
	note_field(w, "evt.unfinished");
	g_string_append(w->out, exit_dir && entry_dir ? "evt.type" :
				exit_dir ? "evt.unfinished == 0" :
				entry_dir ? "evt.unfinished == 1" : "!evt.type");
	return true;
}

/* The pattern of a string-matching operator (startswith, glob, ...). */
static char *match_pattern(enum cop op, GPtrArray *items)
{
	GString *re = g_string_new(op == OP_IGLOB || op == OP_ICONTAINS ? "(?si)" : "(?s-i)");

	switch (op) {
	case OP_STARTSWITH:
		g_string_append_c(re, '^');
		append_regex_literal(re, g_ptr_array_index(items, 0));
		break;
	case OP_ENDSWITH:
		append_regex_literal(re, g_ptr_array_index(items, 0));
		g_string_append(re, "\\z");
		break;
	case OP_GLOB:
	case OP_IGLOB:
		g_string_append_c(re, '^');
		append_glob(re, g_ptr_array_index(items, 0));
		g_string_append(re, "\\z");
		break;
	case OP_REGEX:
		/* Falco's regex matches the whole value */
		g_string_append(re, "^(?:");
		g_string_append(re, g_ptr_array_index(items, 0));
		g_string_append(re, ")\\z");
		break;
	default: /* OP_PMATCH: the path or anything under it */
		g_string_append(re, "^(?:");
		for (unsigned i = 0; i < items->len; i++) {
			char *path = g_strdup(g_ptr_array_index(items, i));
			size_t len = strlen(path);

			while (len > 1 && path[len - 1] == '/')
				path[--len] = '\0';
			if (i)
				g_string_append_c(re, '|');
			append_regex_literal(re, path);
			g_free(path);
		}
		g_string_append(re, ")(?:/|\\z)");
		break;
	}
	return g_string_free(re, FALSE);
}

/* Falco's boolean fields that podshark says with other fields: the open
 * calls that open for reading (O_RDONLY or O_RDWR) or for writing. */
static const struct {
	const char *field;
	const char *filter;
} derived_fields[] = {
	{ "evt.is_open_read",
	  "(evt.type in {\"open\", \"openat\", \"openat2\"} && "
	  "(evt.arg.flags contains \"O_RDONLY\" || evt.arg.flags contains \"O_RDWR\"))" },
	{ "evt.is_open_write",
	  "(evt.type == \"creat\" || (evt.type in {\"open\", \"openat\", \"openat2\"} && "
	  "(evt.arg.flags contains \"O_WRONLY\" || evt.arg.flags contains \"O_RDWR\")))" },
};

/* A derived field compared with true or false; false when n is none. */
static bool write_derived(struct writer *w, const struct cnode *n, bool *ok)
{
	for (size_t i = 0; i < G_N_ELEMENTS(derived_fields); i++) {
		const struct cval *v;
		bool want;

		if (strcmp(n->field, derived_fields[i].field) || n->arg)
			continue;
		v = n->values && n->values->len == 1 && !n->list ?
			    g_ptr_array_index(n->values, 0) : NULL;
		*ok = v && !n->transform && !n->rhs_field && (n->op == OP_EQ || n->op == OP_NE) &&
		      (!g_ascii_strcasecmp(v->text, "true") ||
		       !g_ascii_strcasecmp(v->text, "false"));
		if (!*ok) {
			werr(w, g_strdup_printf("%s: only = true, = false, != true, != false",
						n->field));
			return true;
		}
		want = !g_ascii_strcasecmp(v->text, "true") == (n->op == OP_EQ);
		note_field(w, "evt.type");
		note_field(w, "evt.arg.flags");
		g_string_append_printf(w->out, "%s%s", want ? "" : "!", derived_fields[i].filter);
		return true;
	}
	return false;
}

static bool write_check(struct writer *w, const struct cnode *n)
{
	struct mapped_field m;
	GPtrArray *items;
	GString *out = w->out;
	const char *fn;
	char *why = NULL, *pattern;
	bool ok = true;

	if (write_derived(w, n, &ok))
		return ok;
	if (!map_field(n->field, n->arg, &m, &why)) {
		werr(w, why);
		return false;
	}
	if (n->transform && strcmp(n->transform, "tolower") && strcmp(n->transform, "toupper")) {
		werr(w, g_strdup_printf("transformer %s() is not supported (tolower and "
					"toupper are)", n->transform));
		g_free(m.field);
		return false;
	}
	fn = !n->transform ? NULL : !strcmp(n->transform, "tolower") ? "lower" : "upper";
	items = g_ptr_array_new();
	for (unsigned i = 0; n->values && i < n->values->len && ok; i++) {
		const struct cval *v = g_ptr_array_index(n->values, i);

		ok = n->list ? expand_list_item(w, v, items, 0) :
			       (g_ptr_array_add(items, v->text), true);
	}
	if (!ok)
		goto out;
	if ((n->op == OP_IN || n->op == OP_INTERSECTS || n->op == OP_PMATCH) && !n->list &&
	    !n->rhs_field) {
		/* "in name" without parentheses: the list called name */
		const struct cval *v = g_ptr_array_index(n->values, 0);

		if (!v->bare || !g_hash_table_contains(w->defs->lists, v->text)) {
			werr(w, g_strdup_printf("%s %s %.60s: no list of that name (values go in "
						"parentheses)", n->field, op_text(n->op), v->text));
			ok = false;
			goto out;
		}
		g_ptr_array_set_size(items, 0);
		ok = expand_list_item(w, v, items, 0);
		if (!ok)
			goto out;
	}
	if (n->list && n->op != OP_IN && n->op != OP_INTERSECTS && n->op != OP_PMATCH &&
	    n->op != OP_EXISTS) {
		werr(w, g_strdup_printf("%s %s takes one value, not a list", n->field,
					op_text(n->op)));
		ok = false;
		goto out;
	}
	if (m.constant) { /* evt.dir */
		if (n->rhs_field) {
			werr(w, g_strdup_printf("%s compared with val(): not supported", n->field));
			ok = false;
		} else {
			ok = direction_check(w, n, items);
		}
		goto out;
	}
	note_field(w, m.field);
	if (n->rhs_field) {
		struct mapped_field r;

		if (n->op > OP_GE) {
			werr(w, g_strdup_printf("val() with %s: only =, !=, <, <=, >, >= compare "
						"two fields", op_text(n->op)));
			ok = false;
			goto out;
		}
		if (!map_field(n->rhs_field, n->rhs_arg, &r, &why)) {
			werr(w, why);
			ok = false;
			goto out;
		}
		if (r.constant) {
			werr(w, g_strdup_printf("val(%s) is not supported", n->rhs_field));
			g_free(r.field);
			ok = false;
			goto out;
		}
		note_field(w, r.field);
		g_string_append_printf(out, "(%s && %s && ", m.field, r.field);
		append_lhs(out, fn, m.field);
		g_string_append_printf(out, " %s %s)",
				       n->op == OP_EQ ? "==" : n->op == OP_NE ? "!=" :
				       op_text(n->op), r.field);
		g_free(r.field);
		goto out;
	}
	switch (n->op) {
	case OP_EXISTS:
		g_string_append(out, m.field);
		break;
	case OP_EQ:
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		append_lhs(out, fn, m.field);
		g_string_append_printf(out, " %s ", n->op == OP_EQ ? "==" : op_text(n->op));
		write_literal(out, g_ptr_array_index(items, 0));
		break;
	case OP_NE:
		g_string_append_printf(out, "(%s && ", m.field);
		append_lhs(out, fn, m.field);
		g_string_append(out, " != ");
		write_literal(out, g_ptr_array_index(items, 0));
		g_string_append_c(out, ')');
		break;
	case OP_CONTAINS:
		append_lhs(out, fn, m.field);
		g_string_append(out, " contains ");
		write_quoted(out, g_ptr_array_index(items, 0));
		break;
	case OP_ICONTAINS: {
		char *lower = g_utf8_strdown(g_ptr_array_index(items, 0), -1);

		g_string_append_printf(out, "lower(%s) contains ", m.field);
		write_quoted(out, lower);
		g_free(lower);
		break;
	}
	case OP_IN:
	case OP_INTERSECTS:
		if (!items->len) {
			g_string_append(out, "!evt.type"); /* nothing is in an empty list */
			break;
		}
		append_lhs(out, fn, m.field);
		g_string_append(out, " in {");
		for (unsigned i = 0; i < items->len; i++) {
			if (i)
				g_string_append(out, ", ");
			write_literal(out, g_ptr_array_index(items, i));
		}
		g_string_append_c(out, '}');
		break;
	case OP_STARTSWITH:
	case OP_ENDSWITH:
	case OP_GLOB:
	case OP_IGLOB:
	case OP_REGEX:
	case OP_PMATCH:
		if (n->op == OP_PMATCH && !items->len) {
			g_string_append(out, "!evt.type");
			break;
		}
		if (n->op == OP_REGEX) {
			GError *err = NULL;
			GRegex *re = g_regex_new(g_ptr_array_index(items, 0), 0, 0, &err);

			if (!re) {
				werr(w, g_strdup_printf("regex \"%.60s\" does not compile: %s",
							(char *)g_ptr_array_index(items, 0),
							err->message));
				g_error_free(err);
				ok = false;
				break;
			}
			g_regex_unref(re);
		}
		pattern = match_pattern(n->op, items);
		append_lhs(out, fn, m.field);
		g_string_append(out, " matches ");
		write_quoted(out, pattern);
		g_free(pattern);
		break;
	default:
		werr(w, g_strdup_printf("operator %s is not supported", op_text(n->op)));
		ok = false;
		break;
	}
out:
	g_free(m.field);
	g_ptr_array_free(items, TRUE);
	return ok;
}

static bool write_node(struct writer *w, const struct cnode *n, unsigned depth);

static bool write_macro(struct writer *w, const char *name, unsigned depth)
{
	const char *text = g_hash_table_lookup(w->defs->macros, name);
	struct cnode *tree;
	char *why = NULL;
	bool ok;

	if (!text) {
		werr(w, g_strdup_printf("'%s' is neither a macro nor a field comparison", name));
		return false;
	}
	if (g_hash_table_contains(w->expanding, name)) {
		GString *cycle = g_string_new(NULL);
		bool in = false;

		for (unsigned i = 0; i < w->chain->len; i++) {
			in = in || !strcmp(g_ptr_array_index(w->chain, i), name);
			if (in)
				g_string_append_printf(cycle, "%s -> ", (char *)g_ptr_array_index(w->chain, i));
		}
		g_string_append(cycle, name);
		werr(w, g_strdup_printf("macro %s refers to itself (%s)", name, cycle->str));
		g_string_free(cycle, TRUE);
		return false;
	}
	if (w->chain->len >= RULES_MAX_MACRO_DEPTH) {
		werr(w, g_strdup_printf("macros nested more than %d deep", RULES_MAX_MACRO_DEPTH));
		return false;
	}
	tree = parse_condition(text, &why);
	if (!tree) {
		werr(w, g_strdup_printf("macro %s: %s", name, why));
		g_free(why);
		return false;
	}
	g_hash_table_add(w->expanding, (char *)name);
	g_ptr_array_add(w->chain, (char *)name);
	g_string_append_c(w->out, '(');
	ok = write_node(w, tree, depth + 1);
	g_string_append_c(w->out, ')');
	g_ptr_array_remove_index(w->chain, w->chain->len - 1);
	g_hash_table_remove(w->expanding, name);
	cnode_free(tree);
	return ok;
}

/* An operand of and/or, in parentheses when it is an and/or itself. */
static bool write_operand(struct writer *w, const struct cnode *n, unsigned depth)
{
	const bool parens = n->kind == C_AND || n->kind == C_OR;
	bool ok;

	if (parens)
		g_string_append_c(w->out, '(');
	ok = write_node(w, n, depth + 1);
	if (parens)
		g_string_append_c(w->out, ')');
	return ok;
}

/* A chain of one operator (a left-leaning tree: a or b or c) in a loop, so
 * that a long chain costs no deep recursion. */
static bool write_chain(struct writer *w, const struct cnode *n, unsigned depth)
{
	GPtrArray *rights = g_ptr_array_new();
	const struct cnode *c = n;
	bool ok;

	for (; c->kind == n->kind; c = c->left)
		g_ptr_array_add(rights, c->right);
	ok = write_operand(w, c, depth);
	for (unsigned i = rights->len; ok && i-- > 0;) {
		g_string_append(w->out, n->kind == C_AND ? " and " : " or ");
		ok = write_operand(w, g_ptr_array_index(rights, i), depth);
	}
	g_ptr_array_free(rights, TRUE);
	return ok;
}

static bool write_node(struct writer *w, const struct cnode *n, unsigned depth)
{
	if (++w->checks > RULES_MAX_CHECKS) {
		werr(w, g_strdup_printf("more than %d comparisons (macros expanded)",
					RULES_MAX_CHECKS));
		return false;
	}
	if (w->out->len > RULES_MAX_FILTER_LEN) {
		werr(w, g_strdup_printf("the filter grows beyond %d bytes (macros expanded)",
					RULES_MAX_FILTER_LEN));
		return false;
	}
	switch (n->kind) {
	case C_AND:
	case C_OR:
		return write_chain(w, n, depth);
	case C_NOT: {
		bool ok;

		g_string_append(w->out, "!(");
		ok = write_node(w, n->left, depth + 1);
		g_string_append_c(w->out, ')');
		return ok;
	}
	case C_MACRO:
		return write_macro(w, n->name, depth);
	default:
		return write_check(w, n);
	}
}

/* --- Exceptions ------------------------------------------------------- */

static struct cval *cval_new(const char *text, bool bare)
{
	struct cval *v = g_new0(struct cval, 1);

	v->text = g_strdup(text);
	v->bare = bare;
	return v;
}

static bool comp_op(const char *comp, enum cop *op)
{
	for (size_t i = 0; i < G_N_ELEMENTS(ops); i++)
		if (!strcmp(ops[i].text, comp)) {
			*op = ops[i].op;
			return true;
		}
	return false;
}

/* field comp value, where value is a scalar or a sequence (a list). */
static struct cnode *exception_check(const char *field, const char *comp,
				     const struct ynode *value, char **why)
{
	struct cnode *n = cnode_new(C_CHECK);
	struct parser p = { .s = field };

	if (!parse_field(&p, &n->field, &n->arg) || p.s[p.pos]) {
		*why = g_strdup_printf("exception field '%s' is not a field", field);
		g_free(p.error);
		cnode_free(n);
		return NULL;
	}
	if (!comp_op(comp, &n->op)) {
		*why = g_strdup_printf("exception operator '%s' is not known", comp);
		cnode_free(n);
		return NULL;
	}
	n->values = g_ptr_array_new_with_free_func(cval_free);
	n->list = n->op == OP_IN || n->op == OP_INTERSECTS || n->op == OP_PMATCH;
	if (value->kind == YNODE_SEQ) {
		if (!n->list) {
			*why = g_strdup_printf("exception on %s: a list of values needs in, "
					       "intersects or pmatch", field);
			cnode_free(n);
			return NULL;
		}
		for (unsigned i = 0; i < value->items->len; i++) {
			const struct ynode *v = g_ptr_array_index(value->items, i);

			if (v->kind != YNODE_SCALAR) {
				*why = g_strdup_printf("exception on %s: values nested too deep",
						       field);
				cnode_free(n);
				return NULL;
			}
			g_ptr_array_add(n->values, cval_new(v->scalar, false));
		}
	} else if (value->kind == YNODE_SCALAR) {
		/* with in: a list's name, or one value */
		g_ptr_array_add(n->values, cval_new(value->scalar, n->list));
	} else {
		*why = g_strdup_printf("exception on %s: a value is a map", field);
		cnode_free(n);
		return NULL;
	}
	return n;
}

static struct cnode *join(enum cnode_kind kind, struct cnode *a, struct cnode *b)
{
	struct cnode *n;

	if (!a)
		return b;
	n = cnode_new(kind);
	n->left = a;
	n->right = b;
	return n;
}

/* "not (tuple1 or tuple2 ...)" for every exception, joined with and. */
static struct cnode *exceptions_tree(GPtrArray *exceptions, char **why)
{
	struct cnode *all = NULL;

	for (unsigned e = 0; exceptions && e < exceptions->len; e++) {
		const struct rules_exception *ex = g_ptr_array_index(exceptions, e);
		struct cnode *any = NULL;

		for (unsigned t = 0; t < ex->values->len; t++) {
			const struct ynode *tuple = g_ptr_array_index(ex->values, t);
			struct cnode *match = NULL;

			if (ex->single_field) {
				match = exception_check(g_ptr_array_index(ex->fields, 0),
							g_ptr_array_index(ex->comps, 0), tuple,
							why);
			} else if (tuple->kind != YNODE_SEQ ||
				   tuple->items->len != ex->fields->len) {
				*why = g_strdup_printf("exception %s: each value needs %u items, "
						       "one per field", ex->name, ex->fields->len);
			} else {
				for (unsigned f = 0; f < ex->fields->len; f++) {
					struct cnode *c = exception_check(
						g_ptr_array_index(ex->fields, f),
						g_ptr_array_index(ex->comps, f),
						g_ptr_array_index(tuple->items, f), why);

					if (!c) {
						cnode_free(match);
						match = NULL;
						break;
					}
					match = join(C_AND, match, c);
				}
			}
			if (!match) {
				if (!*why)
					*why = g_strdup_printf("exception %s: empty value", ex->name);
				cnode_free(any);
				cnode_free(all);
				return NULL;
			}
			any = join(C_OR, any, match);
		}
		if (any) {
			struct cnode *not = cnode_new(C_NOT);

			not->left = any;
			all = join(C_AND, all, not);
		}
	}
	return all;
}

/* --- The calls a rule can match ----------------------------------------- */

static GHashTable *node_types(struct writer *w, const struct cnode *n, unsigned depth);

/* and: the calls both sides allow; or: either side's; NULL is any call. */
static GHashTable *combine_types(enum cnode_kind kind, GHashTable *a, GHashTable *b)
{
	GHashTableIter it;
	gpointer key;

	if (kind == C_AND && (!a || !b))
		return a ? a : b;
	if (kind == C_OR && (!a || !b)) {
		if (a)
			g_hash_table_destroy(a);
		if (b)
			g_hash_table_destroy(b);
		return NULL;
	}
	g_hash_table_iter_init(&it, b);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		if (kind == C_OR && !g_hash_table_contains(a, key))
			g_hash_table_add(a, g_strdup(key));
	}
	if (kind == C_AND) {
		g_hash_table_iter_init(&it, a);
		while (g_hash_table_iter_next(&it, &key, NULL))
			if (!g_hash_table_contains(b, key))
				g_hash_table_iter_remove(&it);
	}
	g_hash_table_destroy(b);
	return a;
}

static GHashTable *check_types(struct writer *w, const struct cnode *n)
{
	GPtrArray *items;
	GHashTable *types;

	if (strcmp(n->field, "evt.type") || n->arg || n->transform || n->rhs_field ||
	    (n->op != OP_EQ && n->op != OP_IN))
		return NULL;
	items = g_ptr_array_new();
	for (unsigned i = 0; i < n->values->len; i++) {
		const struct cval *v = g_ptr_array_index(n->values, i);

		if (n->op == OP_IN)
			expand_list_item(w, v, items, 0);
		else
			g_ptr_array_add(items, v->text);
	}
	types = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (unsigned i = 0; i < items->len; i++)
		g_hash_table_add(types, g_strdup(g_ptr_array_index(items, i)));
	g_ptr_array_free(items, TRUE);
	return types;
}

/* The evt.type values a condition can match, NULL for any: what Falco
 * indexes its rules by, so that a frame is tried only against the rules
 * that name its call.  Chains of and/or in a loop, like write_chain. */
static GHashTable *node_types(struct writer *w, const struct cnode *n, unsigned depth)
{
	if (depth > RULES_MAX_MACRO_DEPTH + RULES_MAX_NESTING)
		return NULL;
	switch (n->kind) {
	case C_AND:
	case C_OR: {
		GPtrArray *rights = g_ptr_array_new();
		const struct cnode *c = n;
		GHashTable *types;

		for (; c->kind == n->kind; c = c->left)
			g_ptr_array_add(rights, c->right);
		types = node_types(w, c, depth + 1);
		for (unsigned i = rights->len; i-- > 0;) {
			if (n->kind == C_OR && !types)
				break; /* any call, whatever follows */
			types = combine_types(n->kind, types,
					      node_types(w, g_ptr_array_index(rights, i), depth + 1));
		}
		g_ptr_array_free(rights, TRUE);
		return types;
	}
	case C_MACRO: {
		const char *text = g_hash_table_lookup(w->defs->macros, n->name);
		char *why = NULL;
		struct cnode *tree = text ? parse_condition(text, &why) : NULL;
		GHashTable *types = tree ? node_types(w, tree, depth + 1) : NULL;

		g_free(why);
		cnode_free(tree);
		return types;
	}
	case C_CHECK:
		return check_types(w, n);
	default: /* not: any call, to stay simple and safe */
		return NULL;
	}
}

char *rules_translate(const struct rules_defs *defs, const char *condition,
		      GPtrArray *exceptions, GHashTable *fields, GPtrArray **event_types,
		      char **why)
{
	struct writer w = { .defs = defs, .fields = fields };
	struct cnode *tree = parse_condition(condition, why);
	struct cnode *except;
	bool ok;

	if (!tree)
		return NULL;
	*why = NULL;
	except = exceptions_tree(exceptions, why);
	if (*why) {
		cnode_free(tree);
		return NULL;
	}
	if (except)
		tree = join(C_AND, tree, except);
	w.out = g_string_new(NULL);
	w.expanding = g_hash_table_new(g_str_hash, g_str_equal);
	w.chain = g_ptr_array_new();
	/* Falco rules are about system calls: only their frames */
	note_field(&w, "evt.type");
	g_string_append(w.out, "evt.type && (");
	ok = write_node(&w, tree, 0);
	g_string_append_c(w.out, ')');
	*event_types = NULL;
	if (ok) {
		GHashTable *types = node_types(&w, tree, 0);

		if (types) {
			GHashTableIter it;
			gpointer key;

			*event_types = g_ptr_array_new_with_free_func(g_free);
			g_hash_table_iter_init(&it, types);
			while (g_hash_table_iter_next(&it, &key, NULL))
				g_ptr_array_add(*event_types, g_strdup(key));
			g_hash_table_destroy(types);
		}
	}
	cnode_free(tree);
	g_hash_table_destroy(w.expanding);
	g_ptr_array_free(w.chain, TRUE);
	if (!ok) {
		*why = w.error ? w.error : g_strdup("cannot translate");
		g_string_free(w.out, TRUE);
		return NULL;
	}
	g_free(w.error);
	return g_string_free(w.out, FALSE);
}

/* --- Output ------------------------------------------------------------ */

void falco_output_piece_free(void *p)
{
	struct falco_output_piece *piece = p;

	g_free(piece->text);
	g_free(piece->field);
	g_free(piece);
}

void rules_parse_output(const char *output, GPtrArray *pieces, GPtrArray *notes)
{
	GString *text = g_string_new(NULL);
	const char *c = output;

	while (*c) {
		struct parser p = { .s = c + 1 };
		struct falco_output_piece *piece;
		struct mapped_field m;
		char *field, *arg, *why = NULL;

		if (*c != '%' || !(isalnum((unsigned char)c[1]) || c[1] == '_')) {
			g_string_append_c(text, *c++);
			continue;
		}
		if (!parse_field(&p, &field, &arg)) {
			g_free(p.error);
			g_string_append_c(text, *c++);
			continue;
		}
		/* "%proc.name." at a sentence's end: the dot is text */
		while (strlen(field) > 1 && field[strlen(field) - 1] == '.' && !arg) {
			field[strlen(field) - 1] = '\0';
			p.pos--;
		}
		if (!map_field(field, arg, &m, &why)) {
			/* the output is for reading: the rule still loads */
			g_ptr_array_add(notes, g_strdup_printf("output: %s: shown as <NA>", why));
			g_free(why);
			m.constant = "<NA>";
		}
		if (text->len) {
			piece = g_new0(struct falco_output_piece, 1);
			piece->text = g_strdup(text->str);
			g_ptr_array_add(pieces, piece);
			g_string_truncate(text, 0);
		}
		piece = g_new0(struct falco_output_piece, 1);
		piece->text = g_strndup(c + 1, p.pos);
		piece->field = m.field;
		piece->constant = m.constant;
		g_ptr_array_add(pieces, piece);
		g_free(field);
		g_free(arg);
		c += 1 + p.pos;
	}
	if (text->len) {
		struct falco_output_piece *piece = g_new0(struct falco_output_piece, 1);

		piece->text = g_strdup(text->str);
		g_ptr_array_add(pieces, piece);
	}
	g_string_free(text, TRUE);
}

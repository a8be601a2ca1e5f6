/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "redact.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "podshark_record.h"
#include "record_codec.h"

struct redactor {
	GPtrArray *regexes; /* of GRegex * */
};

static const char *const default_patterns[] = {
	/* the value after a secret-looking name: password=..., --token ..., api_key: ... */
	"(?i)(?:password|passwd|pwd|token|secret|api[_-]?key|access[_-]?key)[=:]\\s*(\\S+)",
	"(?i)--?(?:password|token|secret|api-key)[= ](\\S+)",
	/* an HTTP Authorization header's credentials */
	"(?i)authorization:\\s*\\S+\\s+(\\S+)",
	/* the password of user:password@host in a URL */
	"://[^/@:\\s]+:([^/@\\s]+)@",
	NULL
};

static bool add(struct redactor *r, const char *pattern, char *err, size_t errlen)
{
	GError *error = NULL;
	/* RAW: kernel strings are bytes, not necessarily UTF-8 */
	GRegex *re = g_regex_new(pattern, G_REGEX_RAW | G_REGEX_OPTIMIZE, 0, &error);

	if (!re) {
		snprintf(err, errlen, "--redact: \"%s\": %s", pattern, error->message);
		g_error_free(error);
		return false;
	}
	g_ptr_array_add(r->regexes, re);
	return true;
}

struct redactor *redactor_new(char *const *patterns, bool with_defaults, char *err,
			      size_t errlen)
{
	struct redactor *r = g_new0(struct redactor, 1);

	r->regexes = g_ptr_array_new_with_free_func((GDestroyNotify)g_regex_unref);
	for (size_t i = 0; with_defaults && default_patterns[i]; i++)
		if (!add(r, default_patterns[i], err, errlen))
			goto fail;
	for (size_t i = 0; patterns && patterns[i]; i++)
		if (!add(r, patterns[i], err, errlen))
			goto fail;
	return r;
fail:
	redactor_free(r);
	return NULL;
}

void redactor_free(struct redactor *r)
{
	if (!r)
		return;
	g_ptr_array_free(r->regexes, TRUE);
	g_free(r);
}

/* Overwrites every match in s[0..len); returns whether there was one. */
static bool redact_string(const struct redactor *r, char *s, size_t len)
{
	bool hit = false;

	for (guint i = 0; i < r->regexes->len; i++) {
		GRegex *re = g_ptr_array_index(r->regexes, i);
		GMatchInfo *m = NULL;
		bool group = g_regex_get_capture_count(re) > 0;

		g_regex_match_full(re, s, (gssize)len, 0, 0, &m, NULL);
		while (g_match_info_matches(m)) {
			gint start, end;

			if (g_match_info_fetch_pos(m, group ? 1 : 0, &start, &end) && start >= 0 &&
			    end > start) {
				memset(s + start, '*', (size_t)(end - start));
				hit = true;
			}
			g_match_info_next(m, NULL);
		}
		g_match_info_free(m);
	}
	return hit;
}

bool redact_record(const struct redactor *r, uint8_t *rec, size_t len)
{
	struct podshark_decoded dec;
	size_t pos;
	uint16_t type, vlen;
	const uint8_t *value;
	bool hit = false;

	if (!r || !r->regexes->len)
		return false;
	podshark_decode(rec, len, &dec);
	if (dec.hdr.type != PODSHARK_REC_SYSCALL && dec.hdr.type != PODSHARK_REC_PROC)
		return false;
	if (dec.status != PODSHARK_DECODE_OK)
		return false;
	pos = dec.ext_offset;
	while (podshark_ext_next(rec, &dec, &pos, &type, &value, &vlen) == 1) {
		/* the value is inside rec, which is ours to change */
		char *bytes = (char *)(rec + (value - rec)) + sizeof(struct podshark_ext_mem);
		size_t n = vlen >= sizeof(struct podshark_ext_mem) ?
				   vlen - sizeof(struct podshark_ext_mem) : 0;

		if (type == PODSHARK_EXT_STR) {
			hit |= redact_string(r, bytes, n);
		} else if (type == PODSHARK_EXT_ARGV) {
			for (size_t at = 0; at < n;) {
				size_t word = strnlen(bytes + at, n - at);

				hit |= redact_string(r, bytes + at, word);
				at += word + 1;
			}
		}
	}
	if (hit && dec.hdr.type == PODSHARK_REC_SYSCALL) {
		struct podshark_syscall_rec *sc = (struct podshark_syscall_rec *)rec;

		sc->flags |= PODSHARK_SC_REDACTED;
	} else if (hit) {
		struct podshark_proc_rec *proc = (struct podshark_proc_rec *)rec;

		proc->flags |= PODSHARK_PROC_REDACTED;
	}
	return hit;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --redact: secrets in command lines and paths are overwritten before a
 * record is written, so they never reach the capture.  Each pattern is a
 * GLib (PCRE2) regular expression matched against every string and argv
 * word of a record's memory; a match becomes '*' of the same length (only
 * its first group when the pattern has one: "token=(\S+)" keeps "token=").
 * Lengths and NUL separators stay, so no record is re-framed.
 */
#ifndef PODSHARK_REDACT_H
#define PODSHARK_REDACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct redactor;

/* patterns: NULL-terminated, may be NULL; with_defaults adds the built-in set
 * (password=, token=, secret=, api keys, Authorization headers, URL
 * passwords).  NULL with one line in err when a pattern does not compile. */
struct redactor *redactor_new(char *const *patterns, bool with_defaults, char *err,
			      size_t errlen);
void redactor_free(struct redactor *r);

/* Redacts the STR and ARGV memory of a SYSCALL or PROC record in place and
 * flags it; returns whether anything was overwritten. */
bool redact_record(const struct redactor *r, uint8_t *rec, size_t len);

#endif /* PODSHARK_REDACT_H */

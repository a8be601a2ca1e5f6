/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The check harness of the plain-C unit tests (record, extcap, snapshot):
 * CHECK() reports every failing condition with its line and the test goes on,
 * so that one run shows all failures; main returns check_exit_status().  The
 * container tests use GLib's g_test, which their fixtures need.
 */
#ifndef PODSHARK_TEST_CHECK_H
#define PODSHARK_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static unsigned check_failures;
static unsigned check_count;

#define CHECK(cond)                                                                      \
	do {                                                                             \
		check_count++;                                                           \
		if (!(cond)) {                                                           \
			check_failures++;                                                \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__,       \
				__LINE__, __func__, #cond);                              \
		}                                                                        \
	} while (0)

/* Compares two strings, either of which may be NULL, and shows both. */
#define CHECK_STR(actual, expected)                                                      \
	do {                                                                             \
		const char *check_a_ = (actual), *check_e_ = (expected);                 \
		check_count++;                                                           \
		if (!check_a_ || !check_e_ ? check_a_ != check_e_                        \
					   : strcmp(check_a_, check_e_) != 0) {          \
			check_failures++;                                                \
			fprintf(stderr, "%s:%d: %s: %s is \"%s\", expected \"%s\"\n",    \
				__FILE__, __LINE__, __func__, #actual,                   \
				check_a_ ? check_a_ : "(null)",                          \
				check_e_ ? check_e_ : "(null)");                         \
		}                                                                        \
	} while (0)

static inline int check_exit_status(const char *test)
{
	printf("%s: %u checks, %u failed\n", test, check_count, check_failures);
	return check_failures ? 1 : 0;
}

#endif /* PODSHARK_TEST_CHECK_H */

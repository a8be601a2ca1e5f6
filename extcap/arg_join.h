/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Joins the probe's side records (argument memory, struct podshark_arg_data)
 * to the syscall record of the same call, which arrives after them: its
 * extension items are appended to the record written to the capture.
 */
#ifndef PODSHARK_ARG_JOIN_H
#define PODSHARK_ARG_JOIN_H

#include <stddef.h>
#include <stdint.h>

#include "podshark_probe.h"

/* The largest record a join can produce: the fixed part and two side records. */
#define ARG_JOIN_MAX_RECORD (sizeof(struct podshark_syscall_rec) + 2 * 16384)

struct arg_join;

struct arg_join *arg_join_new(void);
void arg_join_free(struct arg_join *j);

/* Keeps the items of a side record until its syscall record comes. */
void arg_join_add(struct arg_join *j, const struct podshark_arg_data *data, size_t len);

/* Writes rec, completed with the items kept for its call, to out (of
 * outsize >= ARG_JOIN_MAX_RECORD bytes); returns the record's length.  Clears
 * the probe-only flags. */
size_t arg_join_complete(struct arg_join *j, const struct podshark_syscall_rec *rec, void *out,
			 size_t outsize);

/* Calls whose items wait for their syscall record. */
size_t arg_join_waiting(const struct arg_join *j);

#endif /* PODSHARK_ARG_JOIN_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A SYSCALL record seen as a call: the decoded record, the bytes its
 * extensions are in, and what record/syscalls.def says about the call.  The
 * one view of a call that the strace renderer (arg_render.c) and the
 * dissector's process and fd tables share.  Plain C, no GLib or Wireshark.
 */
#ifndef PODSHARK_SYSCALL_CALL_H
#define PODSHARK_SYSCALL_CALL_H

#include <stdint.h>

#include "record_codec.h"
#include "syscall_table.h"

struct podshark_call {
	const struct podshark_decoded *rec;       /* a SYSCALL record */
	const void *buf;                          /* its bytes, from the header */
	const struct podshark_syscall_info *info; /* NULL: not in this build's tables */
	unsigned arch;                            /* PODSHARK_ARCH_* */
};

/* Fills c from a decoded record whose fixed part could be read (OK, a short
 * fixed part, or a bad extension).  Returns 0, or -1 for any other record. */
int podshark_call_init(struct podshark_call *c, const struct podshark_decoded *rec,
		       const void *buf);

/* Whether the call returned: neither unfinished at the end nor without return. */
int podshark_call_returned(const struct podshark_call *c);

/* Register value of argument i. */
uint64_t podshark_call_arg(const struct podshark_call *c, unsigned i);

/* The memory extension of argument i; of several, the one read at exit when
 * the call returned (an output), else the first.  Returns 1, or 0 when none. */
int podshark_call_mem(const struct podshark_call *c, unsigned i, struct podshark_mem_item *m);

#endif /* PODSHARK_SYSCALL_CALL_H */

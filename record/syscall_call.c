/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A SYSCALL record seen as a call (syscall_call.h). */
#include "syscall_call.h"

int podshark_call_init(struct podshark_call *c, const struct podshark_decoded *rec,
		       const void *buf)
{
	if (rec->hdr.type != PODSHARK_REC_SYSCALL ||
	    (rec->status != PODSHARK_DECODE_OK && rec->status != PODSHARK_DECODE_SHORT_FIXED &&
	     rec->status != PODSHARK_DECODE_BAD_EXTENSION))
		return -1;
	c->rec = rec;
	c->buf = buf;
	c->arch = rec->u.sc.arch;
	c->info = podshark_syscall_lookup(c->arch, rec->u.sc.nr);
	return 0;
}

int podshark_call_returned(const struct podshark_call *c)
{
	return !(c->rec->u.sc.flags & (PODSHARK_SC_UNFINISHED | PODSHARK_SC_NORETURN));
}

uint64_t podshark_call_arg(const struct podshark_call *c, unsigned i)
{
	return i < PODSHARK_MAX_ARGS ? c->rec->u.sc.args[i] : 0;
}

int podshark_call_mem(const struct podshark_call *c, unsigned i, struct podshark_mem_item *m)
{
	return podshark_find_mem(c->buf, c->rec, i, podshark_call_returned(c), m);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The io_uring operations (IORING_OP_*): their names and the system call
 * each stands for.  The extcap gives the probe the numbers of those calls
 * (which name the operations' records and select them with --syscalls); the
 * dissector names the operations no call stands for.  Plain C.
 */
#ifndef PODSHARK_IO_URING_OPS_H
#define PODSHARK_IO_URING_OPS_H

/* Operations the tables know (IORING_OP_LAST of Linux 6.18); the probe's
 * tables have room for this many. */
#define PODSHARK_URING_OPS 64

struct podshark_uring_op {
	const char *name;       /* "OPENAT": IORING_OP_ without the prefix */
	const char *call;       /* the call with the same arguments, or NULL */
	const char *positioned; /* the call used when the request has a file offset
				   (READ: pread64), or NULL */
};

/* The operation numbered op, or NULL when this build does not know it. */
const struct podshark_uring_op *podshark_uring_op(unsigned op);

#endif /* PODSHARK_IO_URING_OPS_H */

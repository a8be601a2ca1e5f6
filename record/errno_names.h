/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * errno names, generated at build time from <asm-generic/errno-base.h> and
 * <asm-generic/errno.h> (the numbering of x86 and arm64), and the kernel's
 * internal ones from 512 (ERESTARTSYS...) that syscall tracing shows.  Plain C.
 */
#ifndef PODSHARK_ERRNO_NAMES_H
#define PODSHARK_ERRNO_NAMES_H

/* "ENOENT" for 2; NULL for a number the headers do not name (or <= 0). */
const char *podshark_errno_name(int err);

#endif /* PODSHARK_ERRNO_NAMES_H */

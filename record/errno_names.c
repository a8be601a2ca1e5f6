/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "errno_names.h"

#include <stddef.h>

static const char *const errno_names[] = {
#include "errno_names.inc"
};

/*
 * The kernel's own errnos (include/linux/errno.h, not exported to user space,
 * so no installed header has them): user programs never see them, but a
 * syscall tracepoint does, chiefly the ERESTART* of calls that a signal
 * interrupts.  From 512 on, as the kernel numbers them.
 */
#define KERNEL_ERRNO_BASE 512
static const char *const kernel_errno_names[] = {
	"ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD",
	"ERESTART_RESTARTBLOCK", "EPROBE_DEFER", "EOPENSTALE", "ENOPARAM",
	NULL, "EBADHANDLE", "ENOTSYNC", "EBADCOOKIE", "ENOTSUPP", "ETOOSMALL",
	"ESERVERFAULT", "EBADTYPE", "EJUKEBOX", "EIOCBQUEUED", "ERECALLCONFLICT",
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

const char *podshark_errno_name(int err)
{
	if (err <= 0)
		return NULL;
	if ((size_t)err < ARRAY_LEN(errno_names))
		return errno_names[err];
	err -= KERNEL_ERRNO_BASE;
	if (err >= 0 && (size_t)err < ARRAY_LEN(kernel_errno_names))
		return kernel_errno_names[err];
	return NULL;
}

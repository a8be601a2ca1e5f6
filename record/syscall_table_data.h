/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to record/: the per-architecture tables that
 * record/gen/gen-syscall-tables.sh generates and syscall_table.c searches.
 * The headers are those of the constants syscalls.def names (+cloexec bits).
 */
#ifndef PODSHARK_SYSCALL_TABLE_DATA_H
#define PODSHARK_SYSCALL_TABLE_DATA_H

#include <fcntl.h>
#include <linux/memfd.h>
#include <stddef.h>
#include <sys/socket.h>

#include "podshark_record.h"
#include "syscall_table.h"

struct podshark_arch_syscalls {
	unsigned arch; /* PODSHARK_ARCH_*; 0 ends the array */
	unsigned len;  /* one more than the highest syscall number */
	const struct podshark_syscall_info *const *by_nr; /* NULL holes for unused numbers */
};

extern const struct podshark_arch_syscalls podshark_arch_syscalls[];

#endif /* PODSHARK_SYSCALL_TABLE_DATA_H */

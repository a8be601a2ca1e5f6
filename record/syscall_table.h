/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What podshark knows about each system call: its name per architecture
 * (generated at build time from the system's <asm/unistd*.h>), its Falco
 * category and its arguments (record/syscalls.def).  Used by the extcap (to
 * turn --syscalls names into numbers) and by the dissector (to name and
 * render arguments).  Plain C, no GLib or Wireshark.
 */
#ifndef PODSHARK_SYSCALL_TABLE_H
#define PODSHARK_SYSCALL_TABLE_H

#include <stddef.h>

/* How an argument is shown; the dissector renders each type. */
enum podshark_arg_type {
	PODSHARK_ARG_INT,   /* signed decimal */
	PODSHARK_ARG_UINT,  /* unsigned decimal */
	PODSHARK_ARG_HEX,   /* unsigned hexadecimal */
	PODSHARK_ARG_PTR,   /* user pointer, hex, NULL for 0 */
	PODSHARK_ARG_FD,    /* file descriptor (int) */
	PODSHARK_ARG_DIRFD, /* fd or AT_FDCWD */
	PODSHARK_ARG_PATH,  /* pointer to a NUL-terminated path */
	PODSHARK_ARG_STR,   /* pointer to another NUL-terminated string */
	PODSHARK_ARG_OTHER_TYPES_FOLLOW /* record/syscalls.def may add more below */
};

#define PODSHARK_MAX_ARGS 6

struct podshark_syscall_arg {
	const char *name; /* as in the kernel's prototype: "dfd", "filename", "flags" */
	int type;         /* enum podshark_arg_type */
};

struct podshark_syscall_info {
	const char *name;     /* "openat" */
	const char *category; /* file, net, process, memory, ipc, signal, time, security, other */
	unsigned nargs;
	struct podshark_syscall_arg args[PODSHARK_MAX_ARGS];
};

/* The description of syscall nr in the table of arch (PODSHARK_ARCH_*), or NULL. */
const struct podshark_syscall_info *podshark_syscall_lookup(unsigned arch, unsigned nr);

/* The number of the syscall called name in arch, or -1. */
int podshark_syscall_nr(unsigned arch, const char *name);

/* One more than the highest syscall number of arch (0 for an unknown arch). */
unsigned podshark_syscall_count(unsigned arch);

#endif /* PODSHARK_SYSCALL_TABLE_H */

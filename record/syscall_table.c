/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Look-ups in the syscall tables generated from the system headers. */
#include "syscall_table.h"

#include <string.h>

#include "syscall_table_data.h"

static const struct podshark_arch_syscalls *arch_syscalls(unsigned arch)
{
	const struct podshark_arch_syscalls *table;

	for (table = podshark_arch_syscalls; table->arch; table++)
		if (table->arch == arch)
			return table;
	return NULL;
}

const struct podshark_syscall_info *podshark_syscall_lookup(unsigned arch, unsigned nr)
{
	const struct podshark_arch_syscalls *table = arch_syscalls(arch);

	if (!table || nr >= table->len)
		return NULL;
	return table->by_nr[nr];
}

int podshark_syscall_nr(unsigned arch, const char *name)
{
	const struct podshark_arch_syscalls *table = arch_syscalls(arch);
	unsigned nr;

	if (!table)
		return -1;
	for (nr = 0; nr < table->len; nr++)
		if (table->by_nr[nr] && strcmp(table->by_nr[nr]->name, name) == 0)
			return (int)nr;
	return -1;
}

unsigned podshark_syscall_count(unsigned arch)
{
	const struct podshark_arch_syscalls *table = arch_syscalls(arch);

	return table ? table->len : 0;
}

int podshark_syscall_arg_of_type(const struct podshark_syscall_info *info, int arg_type)
{
	for (unsigned i = 0; i < info->nargs; i++)
		if (info->args[i].type == arg_type)
			return (int)i;
	return -1;
}

int podshark_syscall_arg_of_role(const struct podshark_syscall_info *info, int role)
{
	for (unsigned i = 0; i < info->nargs; i++)
		if (info->args[i].role == role)
			return (int)i;
	return -1;
}

int podshark_syscall_opens_path(const struct podshark_syscall_info *info)
{
	return info && (info->fd_effect == PODSHARK_FD_EFFECT_OPEN ||
			info->fd_effect == PODSHARK_FD_EFFECT_OPENAT);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --syscalls: names and categories -> the probe's selection bitmap. */
#ifndef PODSHARK_SYSCALL_SELECT_H
#define PODSHARK_SYSCALL_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "podshark_probe.h"

/* Fills selected[PODSHARK_SELECT_SLOTS] from a comma-separated list of syscall
 * names and categories (file, net, ...), for the native and the compat ABI.
 * Returns 0, or -1 with one line in err naming what is unknown. */
int syscall_select_parse(const char *list, bool *selected, char *err, size_t errlen);

#endif /* PODSHARK_SYSCALL_SELECT_H */

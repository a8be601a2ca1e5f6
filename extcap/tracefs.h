/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tracefs, where the kernel lists its tracepoints (libbpf reads a tracepoint's id there). */
#ifndef PODSHARK_TRACEFS_H
#define PODSHARK_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

#define TRACEFS_DIR "/sys/kernel/tracing"

/* Makes sure tracefs is mounted, mounting it at TRACEFS_DIR where it is not,
 * as perf and bpftrace do (a freshly booted machine often has it unmounted).
 * Sets *mounted when this call mounted it.  Returns 0, or -errno with one line
 * in err saying why tracepoints cannot be reached. */
int tracefs_ensure_mounted(bool *mounted, char *err, size_t errlen);

/* The folder of a tracepoint's files, "<tracefs>/events/<group>/<name>". */
void tracefs_event_dir(const char *group, const char *name, char *out, size_t outlen);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The metadata podshark puts in a pcapng interface's description: one
 * interface per cgroup (and, for packets, per pod network namespace), whose
 * if_description reads
 *
 *   podshark; node=worker-1; proc.cgroup.path=/kubepods/...; container.id=...; ...
 *
 * "podshark" first, then "; "-separated key=value pairs, keys named like the
 * fields they fill (docs/FORMAT.md lists them).  In values, '\' and ';' are
 * escaped with a backslash.  A key may repeat (k8s.pod.label).  Shared by the
 * extcap (writer) and the dissector (reader): plain C, bounded, no allocation.
 */
#ifndef PODSHARK_IFACE_DESC_H
#define PODSHARK_IFACE_DESC_H

#include <stdbool.h>
#include <stddef.h>

#define PODSHARK_IFACE_DESC_MARKER "podshark"

/* Starts a description in buf; returns the length written (as snprintf). */
size_t podshark_iface_desc_start(char *buf, size_t len);

/* Appends "; key=value" (value escaped) at buf[off]; a NULL or empty value is
 * left out.  Returns the new length (as snprintf: >= len means cut). */
size_t podshark_iface_desc_add(char *buf, size_t len, size_t off, const char *key,
			       const char *value);

/* Whether desc is a podshark description. */
bool podshark_iface_desc_is_ours(const char *desc);

/* Iterates pairs: *cursor starts at desc.  Returns true and the unescaped
 * key and value (cut to their buffers, always NUL-terminated) while there is
 * one. */
bool podshark_iface_desc_next(const char **cursor, char *key, size_t keylen, char *value,
			      size_t valuelen);

#endif /* PODSHARK_IFACE_DESC_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One pcapng interface per cgroup.  The first record of a cgroup makes the
 * interface: its name says which container or host cgroup it is
 * ("shop/web-0/app", "host:/system.slice/cron.service") and its description
 * carries the container and pod metadata (record/iface_desc.h), resolved
 * before the record is written.  Metadata so costs no bytes per event, and
 * survives a filtered re-save: Wireshark keeps every interface block.
 */
#ifndef PODSHARK_CGROUP_INTERFACES_H
#define PODSHARK_CGROUP_INTERFACES_H

#include <stdint.h>

#include "container_meta.h"
#include "oci_bundle.h"
#include "pcapng_writer.h"

struct cgroup_interfaces;

struct cgroup_interfaces_config {
	const char *node;                   /* this node's name */
	struct oci_bundle_dirs bundle_dirs; /* NULLs: the runtimes' defaults */
	const char *os;                     /* if_os of the interfaces */
	const char *unseen;                 /* what the probe cannot see on this kernel
					       (probe.unseen of the first interface), or NULL */
	void (*log)(void *data, const char *message); /* one line per problem */
	void *log_data;
};

/* Writes the first interface, "podshark" (the host's root cgroup, and any
 * cgroup that cannot be resolved), through w. */
struct cgroup_interfaces *cgroup_interfaces_new(struct pcapng_writer *w,
						const struct cgroup_interfaces_config *config);
void cgroup_interfaces_free(struct cgroup_interfaces *ci);

/* The interface of a cgroup, written to the capture on first sight. */
uint32_t cgroup_interfaces_get(struct cgroup_interfaces *ci, uint64_t cgroup_id);

/* The container of a cgroup (NULL for the host, or when unknown); valid
 * until the next call. */
const struct container_meta *cgroup_interfaces_meta(struct cgroup_interfaces *ci,
						    uint64_t cgroup_id);

/* The path of a cgroup below the cgroup2 mount ("/kubepods/..."), or NULL
 * when it is gone; g_free() it. */
char *cgroup_interfaces_path(struct cgroup_interfaces *ci, uint64_t cgroup_id);

/* The interface of the host as a whole (the first one). */
#define CGROUP_INTERFACES_HOST 0

/* How many interfaces were written. */
unsigned cgroup_interfaces_count(const struct cgroup_interfaces *ci);

#endif /* PODSHARK_CGROUP_INTERFACES_H */

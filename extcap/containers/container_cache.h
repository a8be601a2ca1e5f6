/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which container, if any, an event's cgroup id belongs to.  A hit costs one
 * hash lookup; a miss turns the id into a path (cgroup_resolver), the path into
 * a container id (cgroup_path) and the id into metadata (oci_bundle), once per
 * cgroup.
 *
 * Policy: an entry is kept after its container exits, so that late events (the
 * ring buffer drains after the exit) still carry their pod.  Nothing expires by
 * time: the kernel never gives a cgroup id to a second cgroup (64-bit kernfs
 * ids), so an entry cannot become wrong.  The number of entries is bounded
 * (max_entries); at the bound the least recently looked-up entry is dropped.
 * The host (cgroups outside any container) and ids that no longer resolve are
 * cached too, so that their events stay one hash lookup.
 */
#ifndef PODSHARK_CONTAINER_CACHE_H
#define PODSHARK_CONTAINER_CACHE_H

#include <stdint.h>

#include "container_meta.h"
#include "oci_bundle.h"

/* Enough for every cgroup of a full node (110 pods, a few cgroups each) many times over. */
#define CONTAINER_CACHE_DEFAULT_MAX_ENTRIES 8192

struct container_cache_config {
	const char *cgroup2_mount;          /* NULL: found in /proc/self/mountinfo */
	struct oci_bundle_dirs bundle_dirs; /* NULLs: the runtimes' defaults */
	unsigned int max_entries;           /* 0: CONTAINER_CACHE_DEFAULT_MAX_ENTRIES */
	container_log_fn log;               /* may be NULL */
	void *log_data;
};

struct container_cache;

/* NULL, errno set, when no cgroup2 mount can be opened (cgroup v1 only host). */
struct container_cache *container_cache_new(const struct container_cache_config *config);
void container_cache_free(struct container_cache *cache);

/*
 * The container of cgroup id.  Returns the cache's container_meta: valid until
 * the next call on this cache, container_meta_ref() it to keep it longer.  The
 * host has a meta too (runtime CONTAINER_RUNTIME_NONE, short_id "host").  NULL
 * when the cgroup no longer exists and was never seen: its container cannot be
 * known.
 */
const struct container_meta *container_cache_lookup(struct container_cache *cache,
						    uint64_t cgroup_id);

/*
 * Same, but on a miss the path is the caller's (from /proc/PID/cgroup or from
 * the probe) instead of the kernel's: for a cgroup that may be gone by the time
 * it would be resolved.
 */
const struct container_meta *container_cache_lookup_path(struct container_cache *cache,
							 uint64_t cgroup_id, const char *path);

unsigned int container_cache_size(const struct container_cache *cache);

#endif /* PODSHARK_CONTAINER_CACHE_H */

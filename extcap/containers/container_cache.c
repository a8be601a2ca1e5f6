/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "container_cache.h"

#include <errno.h>
#include <string.h>

#include "cgroup_resolver.h"

struct cache_entry {
	uint64_t cgroup_id;                /* the hash key points here */
	const struct container_meta *meta; /* NULL: the cgroup could not be resolved */
	GList lru_link;                    /* in cache->lru, most recently used first */
};

struct container_cache {
	struct cgroup_resolver *resolver;
	struct oci_bundle_dirs bundle_dirs;
	char *containerd_state;
	char *crio_runroot;
	unsigned int max_entries;
	container_log_fn log;
	void *log_data;
	GHashTable *entries;            /* uint64_t * -> struct cache_entry *, owned */
	GQueue lru;
	const struct container_meta *host;
};

static void cache_entry_free(gpointer data)
{
	struct cache_entry *entry = data;

	if (entry->meta)
		container_meta_unref(entry->meta);
	g_free(entry);
}

struct container_cache *container_cache_new(const struct container_cache_config *config)
{
	struct cgroup_resolver *resolver = cgroup_resolver_new(config->cgroup2_mount);
	struct container_cache *cache;

	if (!resolver)
		return NULL;
	cache = g_new0(struct container_cache, 1);
	cache->resolver = resolver;
	cache->containerd_state = g_strdup(config->bundle_dirs.containerd_state);
	cache->crio_runroot = g_strdup(config->bundle_dirs.crio_runroot);
	cache->bundle_dirs.containerd_state = cache->containerd_state;
	cache->bundle_dirs.crio_runroot = cache->crio_runroot;
	cache->max_entries = config->max_entries ? config->max_entries
						 : CONTAINER_CACHE_DEFAULT_MAX_ENTRIES;
	cache->log = config->log;
	cache->log_data = config->log_data;
	cache->entries = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
					       cache_entry_free);
	g_queue_init(&cache->lru);
	cache->host = container_meta_new(CONTAINER_RUNTIME_NONE, NULL);
	return cache;
}

void container_cache_free(struct container_cache *cache)
{
	if (!cache)
		return;
	g_hash_table_destroy(cache->entries);
	container_meta_unref(cache->host);
	cgroup_resolver_free(cache->resolver);
	g_free(cache->containerd_state);
	g_free(cache->crio_runroot);
	g_free(cache);
}

unsigned int container_cache_size(const struct container_cache *cache)
{
	return g_hash_table_size(cache->entries);
}

static void take_string(char **field, const char *value)
{
	if (!*field && value)
		*field = g_strdup(value);
}

/*
 * An application container's bundle does not carry the pod's labels, and names
 * the pod's network namespace only through the sandbox (containerd writes
 * /proc/<sandbox pid>/ns/net): both come from the sandbox's bundle.
 */
static void add_sandbox_facts(struct container_cache *cache, struct container_meta *meta)
{
	struct container_meta *sandbox;

	if (meta->is_sandbox || !meta->sandbox_id ||
	    g_strcmp0(meta->sandbox_id, meta->full_id) == 0)
		return;
	sandbox = oci_bundle_read(&cache->bundle_dirs, meta->sandbox_id, cache->log,
				  cache->log_data);
	if (!sandbox)
		return;
	if (sandbox->netns_path) {
		g_free(meta->netns_path);
		meta->netns_path = g_strdup(sandbox->netns_path);
	}
	take_string(&meta->pod_name, sandbox->pod_name);
	take_string(&meta->pod_namespace, sandbox->pod_namespace);
	take_string(&meta->pod_uid, sandbox->pod_uid);
	if (meta->labels->len == 0)
		for (guint i = 0; i < sandbox->labels->len; i++)
			g_ptr_array_add(meta->labels, g_strdup(sandbox->labels->pdata[i]));
	container_meta_unref(sandbox);
}

/* The cgroup path names the container; its bundle, when there is one, names the rest. */
static const struct container_meta *resolve_path(struct container_cache *cache,
						 const char *path)
{
	struct cgroup_container_ref ref;
	struct container_meta *meta;

	if (!cgroup_path_parse(path, &ref))
		return container_meta_ref(cache->host);
	meta = oci_bundle_read(&cache->bundle_dirs, ref.container_id, cache->log, cache->log_data);
	if (!meta)
		meta = container_meta_new(ref.runtime, ref.container_id);
	/* the cgroup's runtime marker is more precise than the bundle's location
	 * (nerdctl and ctr both keep bundles in containerd's "default" namespace) */
	if (ref.runtime != CONTAINER_RUNTIME_UNKNOWN)
		meta->runtime = ref.runtime;
	meta->qos = ref.qos;
	if (ref.pod_uid[0])
		take_string(&meta->pod_uid, ref.pod_uid);
	add_sandbox_facts(cache, meta);
	return meta;
}

static void evict_least_recent(struct container_cache *cache)
{
	GList *link = g_queue_peek_tail_link(&cache->lru);
	struct cache_entry *entry = link->data;

	g_queue_unlink(&cache->lru, link);
	g_hash_table_remove(cache->entries, &entry->cgroup_id);
}

static struct cache_entry *insert(struct container_cache *cache, uint64_t cgroup_id,
				  const struct container_meta *meta)
{
	struct cache_entry *entry = g_new0(struct cache_entry, 1);

	if (g_hash_table_size(cache->entries) >= cache->max_entries)
		evict_least_recent(cache);
	entry->cgroup_id = cgroup_id;
	entry->meta = meta;
	entry->lru_link.data = entry;
	g_queue_push_head_link(&cache->lru, &entry->lru_link);
	g_hash_table_insert(cache->entries, &entry->cgroup_id, entry);
	return entry;
}

static struct cache_entry *find(struct container_cache *cache, uint64_t cgroup_id)
{
	struct cache_entry *entry = g_hash_table_lookup(cache->entries, &cgroup_id);

	if (entry && cache->lru.head != &entry->lru_link) {
		g_queue_unlink(&cache->lru, &entry->lru_link);
		g_queue_push_head_link(&cache->lru, &entry->lru_link);
	}
	return entry;
}

const struct container_meta *container_cache_lookup_path(struct container_cache *cache,
							 uint64_t cgroup_id, const char *path)
{
	struct cache_entry *entry = find(cache, cgroup_id);

	if (!entry)
		entry = insert(cache, cgroup_id, path ? resolve_path(cache, path) : NULL);
	return entry->meta;
}

const struct container_meta *container_cache_lookup(struct container_cache *cache,
						    uint64_t cgroup_id)
{
	struct cache_entry *entry = find(cache, cgroup_id);
	char *path;

	if (entry)
		return entry->meta;
	path = cgroup_resolver_path(cache->resolver, cgroup_id);
	entry = insert(cache, cgroup_id, path ? resolve_path(cache, path) : NULL);
	g_free(path);
	return entry->meta;
}

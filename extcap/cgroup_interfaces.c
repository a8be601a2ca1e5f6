/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cgroup_interfaces.h"

#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cgroup_resolver.h"
#include "container_cache.h"
#include "iface_desc.h"
#include "podshark_record.h"

G_STATIC_ASSERT(sizeof(gpointer) >= sizeof(uint64_t)); /* cgroup ids as hash keys */

#define DESC_MAX 4096

struct cgroup_interfaces {
	struct pcapng_writer *writer;
	struct container_cache *cache;
	struct cgroup_resolver *resolver;
	GHashTable *by_cgroup; /* cgroup id -> interface id + 1 */
	char *node, *os;
	unsigned count;
	uint64_t last_cgroup; /* the last lookup: most records follow one of the same cgroup */
	uint32_t last_interface;
	void (*log)(void *data, const char *message);
	void *log_data;
};

static uint32_t write_interface(struct cgroup_interfaces *ci, const char *name, const char *desc)
{
	struct pcapng_interface_info info = {
		.linktype = PCAPNG_LINKTYPE_WIRESHARK_UPPER_PDU,
		.snaplen = 0x40000,
		.name = name,
		.description = desc,
		.os = ci->os,
	};
	int id = pcapng_write_interface(ci->writer, &info);

	if (id < 0)
		return CGROUP_INTERFACES_HOST; /* the writer reports its error itself */
	ci->count++;
	return (uint32_t)id;
}

static void on_cache_log(void *data, const char *message)
{
	struct cgroup_interfaces *ci = data;

	if (ci->log)
		ci->log(ci->log_data, message);
}

struct cgroup_interfaces *cgroup_interfaces_new(struct pcapng_writer *w,
						const struct cgroup_interfaces_config *config)
{
	struct cgroup_interfaces *ci = g_new0(struct cgroup_interfaces, 1);
	struct container_cache_config cache_config = {
		.bundle_dirs = config->bundle_dirs,
		.log = on_cache_log,
		.log_data = ci,
	};
	char desc[DESC_MAX];
	size_t n;

	ci->writer = w;
	ci->node = g_strdup(config->node);
	ci->os = g_strdup(config->os);
	ci->log = config->log;
	ci->log_data = config->log_data;
	ci->by_cgroup = g_hash_table_new(g_direct_hash, g_direct_equal);
	ci->cache = container_cache_new(&cache_config);
	ci->resolver = cgroup_resolver_new(NULL);

	n = podshark_iface_desc_start(desc, sizeof(desc));
	n = podshark_iface_desc_add(desc, sizeof(desc), n, "node", ci->node);
	n = podshark_iface_desc_add(desc, sizeof(desc), n, "container.id", "host");
	podshark_iface_desc_add(desc, sizeof(desc), n, "probe.unseen", config->unseen);
	write_interface(ci, "podshark", desc);
	ci->last_cgroup = UINT64_MAX;
	return ci;
}

void cgroup_interfaces_free(struct cgroup_interfaces *ci)
{
	if (!ci)
		return;
	g_hash_table_destroy(ci->by_cgroup);
	container_cache_free(ci->cache);
	cgroup_resolver_free(ci->resolver);
	g_free(ci->node);
	g_free(ci->os);
	g_free(ci);
}

unsigned cgroup_interfaces_count(const struct cgroup_interfaces *ci)
{
	return ci->count;
}

static size_t describe(struct cgroup_interfaces *ci, uint64_t cgroup_id, const char *path,
		       const struct container_meta *m, char *desc, size_t len)
{
	char id[24];
	size_t n = podshark_iface_desc_start(desc, len);

	snprintf(id, sizeof(id), "%" PRIu64, cgroup_id);
	n = podshark_iface_desc_add(desc, len, n, "node", ci->node);
	n = podshark_iface_desc_add(desc, len, n, "proc.cgroup.id", id);
	n = podshark_iface_desc_add(desc, len, n, "proc.cgroup.path", path);
	if (!m || m->runtime == CONTAINER_RUNTIME_NONE)
		return podshark_iface_desc_add(desc, len, n, "container.id", "host");
	n = podshark_iface_desc_add(desc, len, n, "container.id", m->short_id);
	n = podshark_iface_desc_add(desc, len, n, "container.full_id", m->full_id);
	n = podshark_iface_desc_add(desc, len, n, "container.name", m->name);
	n = podshark_iface_desc_add(desc, len, n, "container.image", m->image);
	n = podshark_iface_desc_add(desc, len, n, "container.image.repository",
				    m->image_repository);
	n = podshark_iface_desc_add(desc, len, n, "container.image.tag", m->image_tag);
	n = podshark_iface_desc_add(desc, len, n, "container.image.digest", m->image_digest);
	n = podshark_iface_desc_add(desc, len, n, "container.image.id", m->image_id);
	n = podshark_iface_desc_add(desc, len, n, "container.type",
				    container_runtime_name(m->runtime));
	n = podshark_iface_desc_add(desc, len, n, "k8s.pod.name", m->pod_name);
	n = podshark_iface_desc_add(desc, len, n, "k8s.ns.name", m->pod_namespace);
	n = podshark_iface_desc_add(desc, len, n, "k8s.pod.uid", m->pod_uid);
	n = podshark_iface_desc_add(desc, len, n, "k8s.pod.sandbox_id", m->sandbox_id);
	n = podshark_iface_desc_add(desc, len, n, "k8s.pod.netns", m->netns_path);
	for (guint i = 0; i < m->labels->len; i++)
		n = podshark_iface_desc_add(desc, len, n, "k8s.pod.label",
					    g_ptr_array_index(m->labels, i));
	return n;
}

/* "ns/pod/container" for Kubernetes, "runtime/name" for other containers,
 * "host:<cgroup path>" for the rest. */
static char *interface_name(const char *path, const struct container_meta *m)
{
	if (!m || m->runtime == CONTAINER_RUNTIME_NONE)
		return g_strdup_printf("host:%s", path ? path : "?");
	if (m->pod_name)
		return g_strdup_printf("%s/%s/%s", m->pod_namespace ? m->pod_namespace : "?",
				       m->pod_name, m->name ? m->name : m->short_id);
	return g_strdup_printf("%s/%s", container_runtime_name(m->runtime),
			       m->name ? m->name : m->short_id);
}

uint32_t cgroup_interfaces_get(struct cgroup_interfaces *ci, uint64_t cgroup_id)
{
	gpointer key = GSIZE_TO_POINTER(cgroup_id), found;
	const struct container_meta *meta = NULL;
	char *path, *name, desc[DESC_MAX];
	uint32_t id;

	if (cgroup_id == ci->last_cgroup)
		return ci->last_interface;
	found = g_hash_table_lookup(ci->by_cgroup, key);
	if (found) {
		id = GPOINTER_TO_UINT(found) - 1;
	} else {
		/* first sight: resolve now, so that the first record is attributed */
		path = ci->resolver ? cgroup_resolver_path(ci->resolver, cgroup_id) : NULL;
		if (!path || strcmp(path, "/") == 0) {
			id = CGROUP_INTERFACES_HOST; /* the root cgroup, or gone already */
		} else {
			meta = container_cache_lookup_path(ci->cache, cgroup_id, path);
			name = interface_name(path, meta);
			describe(ci, cgroup_id, path, meta, desc, sizeof(desc));
			id = write_interface(ci, name, desc);
			g_free(name);
		}
		g_free(path);
		g_hash_table_insert(ci->by_cgroup, key, GUINT_TO_POINTER(id + 1));
	}
	ci->last_cgroup = cgroup_id;
	ci->last_interface = id;
	return id;
}

const struct container_meta *cgroup_interfaces_meta(struct cgroup_interfaces *ci,
						    uint64_t cgroup_id)
{
	const struct container_meta *meta = container_cache_lookup(ci->cache, cgroup_id);

	return meta && meta->runtime != CONTAINER_RUNTIME_NONE ? meta : NULL;
}

char *cgroup_interfaces_path(struct cgroup_interfaces *ci, uint64_t cgroup_id)
{
	return ci->resolver ? cgroup_resolver_path(ci->resolver, cgroup_id) : NULL;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Container and Kubernetes fields, for every frame on a podshark interface:
 * system calls and pod packets alike, so that one filter such as
 * k8s.pod.name == "web-0" selects both.
 *
 * The extcap writes one interface per cgroup (and per pod network
 * namespace) whose description carries the metadata (record/iface_desc.h);
 * this post-dissector reads it, once per interface and file, and adds the
 * fields.  Interface blocks survive a filtered re-save, so the fields do too.
 */
#include <epan/epan.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/wmem_scopes.h>
#include <wiretap/wtap.h>

#include "iface_desc.h"
#include "packet-podshark-k8s.h"
#include "packet-podshark-fields.h"
#include "packet-podshark.h"
#include "ws_compat.h"

void proto_register_podshark_k8s(void);
void proto_reg_handoff_podshark_k8s(void);

static int proto_container = -1;
static int proto_k8s = -1;
static int proto_podshark_node = -1;

int podshark_hf_container_id = -1;
static int hf_container_full_id = -1;
static int hf_container_name = -1;
static int hf_container_image = -1;
static int hf_container_image_repository = -1;
static int hf_container_image_tag = -1;
static int hf_container_image_digest = -1;
static int hf_container_image_id = -1;
static int hf_container_type = -1;
static int hf_k8s_pod_name = -1;
static int hf_k8s_ns_name = -1;
static int hf_k8s_pod_uid = -1;
static int hf_k8s_pod_sandbox_id = -1;
static int hf_k8s_pod_labels = -1;
static int hf_k8s_pod_netns = -1;
static int hf_evt_hostname = -1;
static int hf_proc_cgroup_path = -1;

static int ett_container = -1;
static int ett_k8s = -1;

/* Description keys -> fields, in the order they are shown. */
static const struct {
	const char *key;
	int *hf;
	int *proto; /* the subtree it goes in */
} key_fields[] = {
	{ "node", &hf_evt_hostname, &proto_podshark_node },
	{ "proc.cgroup.path", &hf_proc_cgroup_path, &proto_podshark_node },
	{ "container.id", &podshark_hf_container_id, &proto_container },
	{ "container.full_id", &hf_container_full_id, &proto_container },
	{ "container.name", &hf_container_name, &proto_container },
	{ "container.image", &hf_container_image, &proto_container },
	{ "container.image.repository", &hf_container_image_repository, &proto_container },
	{ "container.image.tag", &hf_container_image_tag, &proto_container },
	{ "container.image.digest", &hf_container_image_digest, &proto_container },
	{ "container.image.id", &hf_container_image_id, &proto_container },
	{ "container.type", &hf_container_type, &proto_container },
	{ "k8s.pod.name", &hf_k8s_pod_name, &proto_k8s },
	{ "k8s.ns.name", &hf_k8s_ns_name, &proto_k8s },
	{ "k8s.pod.uid", &hf_k8s_pod_uid, &proto_k8s },
	{ "k8s.pod.sandbox_id", &hf_k8s_pod_sandbox_id, &proto_k8s },
	{ "k8s.pod.label", &hf_k8s_pod_labels, &proto_k8s },
	{ "k8s.pod.netns", &hf_k8s_pod_netns, &proto_k8s },
};

#define N_KEYS (sizeof(key_fields) / sizeof(key_fields[0]))

struct iface_field {
	unsigned key; /* index into key_fields, or N_KEYS for a key with no field */
	const char *name;
	const char *value;
};

/* The parsed description of one interface: NULL fields when not ours. */
struct iface_meta {
	wmem_array_t *fields; /* of struct iface_field, in description order */
	uint32_t node_id;     /* podshark_iface_node() */
};

/* interface id (+ section << 32) -> struct iface_meta, for the open file */
static wmem_map_t *iface_metas;
/* node name -> its number (from 1), for the open file */
static wmem_map_t *node_ids;

static struct iface_meta *parse_description(const char *desc)
{
	struct iface_meta *meta = wmem_new0(wmem_file_scope(), struct iface_meta);
	const char *cursor = desc;
	char key[64], value[1024];

	if (!podshark_iface_desc_is_ours(desc))
		return meta;
	meta->fields = wmem_array_new(wmem_file_scope(), sizeof(struct iface_field));
	while (podshark_iface_desc_next(&cursor, key, sizeof(key), value, sizeof(value))) {
		struct iface_field f = {
			.key = N_KEYS,
			.name = wmem_strdup(wmem_file_scope(), key),
			.value = wmem_strdup(wmem_file_scope(), value),
		};

		for (unsigned i = 0; i < N_KEYS; i++)
			if (strcmp(key, key_fields[i].key) == 0)
				f.key = i;
		wmem_array_append_one(meta->fields, f);
	}
	return meta;
}

/* The number of the interface's node; 0 when it names none. */
static uint32_t node_id_of(const struct iface_meta *meta)
{
	const char *node = NULL;
	gpointer id;

	for (unsigned i = 0; meta->fields && i < wmem_array_get_count(meta->fields); i++) {
		const struct iface_field *f = wmem_array_index(meta->fields, i);

		if (strcmp(f->name, "node") == 0)
			node = f->value;
	}
	if (!node)
		return 0;
	id = wmem_map_lookup(node_ids, node);
	if (!id) {
		id = GUINT_TO_POINTER(wmem_map_size(node_ids) + 1);
		wmem_map_insert(node_ids, node, id);
	}
	return GPOINTER_TO_UINT(id);
}

static const struct iface_meta *meta_of(packet_info *pinfo)
{
	uint32_t id;
	uint64_t key;
	struct iface_meta *meta;

	if (!(pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID))
		return NULL;
	id = pinfo->rec->rec_header.packet_header.interface_id;
	key = ((uint64_t)pinfo->rec->section_number << 32) | id;
	meta = wmem_map_lookup(iface_metas, &key);
	if (!meta) {
		uint64_t *stored = wmem_new(wmem_file_scope(), uint64_t);

		*stored = key;
		meta = parse_description(PODSHARK_INTERFACE_DESCRIPTION(pinfo, id));
		meta->node_id = node_id_of(meta);
		wmem_map_insert(iface_metas, stored, meta);
	}
	return meta;
}

uint32_t podshark_iface_node(packet_info *pinfo)
{
	const struct iface_meta *meta = meta_of(pinfo);

	return meta ? meta->node_id : 0;
}

const char *podshark_iface_value(packet_info *pinfo, const char *key)
{
	const struct iface_meta *meta = meta_of(pinfo);

	if (!meta || !meta->fields)
		return NULL;
	for (unsigned i = 0; i < wmem_array_get_count(meta->fields); i++) {
		const struct iface_field *f = wmem_array_index(meta->fields, i);

		if (strcmp(f->name, key) == 0)
			return f->value;
	}
	return NULL;
}

static int dissect_podshark_k8s(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
	const struct iface_meta *meta = meta_of(pinfo);
	proto_tree *subtree[3] = { NULL, NULL, NULL };
	int *protos[3] = { &proto_podshark_node, &proto_container, &proto_k8s };
	int etts[3] = { -1, ett_container, ett_k8s };

	if (!meta || !meta->fields)
		return 0;
	for (unsigned i = 0; i < wmem_array_get_count(meta->fields); i++) {
		const struct iface_field *f = wmem_array_index(meta->fields, i);
		unsigned group = 0;
		proto_item *item;

		if (f->key == N_KEYS)
			continue; /* kept for podshark_iface_value(), shown by no field */
		for (unsigned g = 0; g < 3; g++)
			if (key_fields[f->key].proto == protos[g])
				group = g;
		if (!subtree[group]) {
			if (group == 0) {
				subtree[group] = tree; /* evt.hostname, proc.cgroup.path: top level */
			} else {
				item = proto_tree_add_item(tree, *protos[group], tvb, 0, 0, ENC_NA);
				proto_item_set_generated(item);
				subtree[group] = proto_item_add_subtree(item, etts[group]);
			}
		}
		item = proto_tree_add_string(subtree[group], *key_fields[f->key].hf, tvb, 0, 0,
					     f->value);
		proto_item_set_generated(item);
	}
	return tvb_captured_length(tvb);
}

static void init_iface_metas(void)
{
	iface_metas = wmem_map_new(wmem_file_scope(), g_int64_hash, g_int64_equal);
	node_ids = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
}

void proto_register_podshark_k8s(void)
{
	static hf_register_info hf_container[] = {
		{ &podshark_hf_container_id,
		  { "Container id", "container.id", FT_STRING, BASE_NONE, NULL, 0,
		    "Container id, 12 characters, or \"host\" (as Falco's container.id)", HFILL } },
		{ &hf_container_full_id,
		  { "Full container id", "container.full_id", FT_STRING, BASE_NONE, NULL, 0,
		    "Full 64-character container id (as Falco's container.full_id)",
		    HFILL } },
		{ &hf_container_name,
		  { "Container name", "container.name", FT_STRING, BASE_NONE, NULL, 0,
		    "Container name as the runtime has it (as Falco's container.name)", HFILL } },
		{ &hf_container_image,
		  { "Image", "container.image", FT_STRING, BASE_NONE, NULL, 0,
		    "Image reference the user wrote (as Falco's container.image)", HFILL } },
		{ &hf_container_image_repository,
		  { "Image repository", "container.image.repository", FT_STRING, BASE_NONE, NULL, 0,
		    "Repository part of the image reference (as Falco's "
		    "container.image.repository)", HFILL } },
		{ &hf_container_image_tag,
		  { "Image tag", "container.image.tag", FT_STRING, BASE_NONE, NULL, 0,
		    "Tag part of the image reference (as Falco's container.image.tag)", HFILL } },
		{ &hf_container_image_digest,
		  { "Image digest", "container.image.digest", FT_STRING, BASE_NONE, NULL, 0,
		    "The image's registry digest (sha256:...), from a reference pinned by digest; "
		    "Falco's container.image.digest", HFILL } },
		{ &hf_container_image_id,
		  { "Image id", "container.image.id", FT_STRING, BASE_NONE, NULL, 0,
		    "The image's id, its first 12 hex digits (CRI-O's ImageRef; containerd's "
		    "bundle "
		    "does not carry it); Falco's container.image.id", HFILL } },
		{ &hf_container_type,
		  { "Runtime", "container.type", FT_STRING, BASE_NONE, NULL, 0,
		    "Container runtime: containerd, cri-o, docker (as Falco's container.type)",
		    HFILL } },
	};
	static hf_register_info hf_k8s[] = {
		{ &hf_k8s_pod_name,
		  { "Pod", "k8s.pod.name", FT_STRING, BASE_NONE, NULL, 0,
		    "Kubernetes pod name (as Falco's k8s.pod.name)", HFILL } },
		{ &hf_k8s_ns_name,
		  { "Namespace", "k8s.ns.name", FT_STRING, BASE_NONE, NULL, 0,
		    "Kubernetes namespace of the pod (as Falco's k8s.ns.name)", HFILL } },
		{ &hf_k8s_pod_uid,
		  { "Pod UID", "k8s.pod.uid", FT_STRING, BASE_NONE, NULL, 0,
		    "Kubernetes pod UID (as Falco's k8s.pod.uid)", HFILL } },
		{ &hf_k8s_pod_sandbox_id,
		  { "Sandbox id", "k8s.pod.sandbox_id", FT_STRING, BASE_NONE, NULL, 0,
		    "Id of the pod's sandbox (pause) container (as Falco's k8s.pod.sandbox_id)",
		    HFILL } },
		{ &hf_k8s_pod_labels,
		  { "Label", "k8s.pod.labels", FT_STRING, BASE_NONE, NULL, 0,
		    "One pod label as key:value, one occurrence per label (as Falco's "
		    "k8s.pod.labels)", HFILL } },
		{ &hf_k8s_pod_netns,
		  { "Network namespace", "k8s.pod.netns", FT_STRING, BASE_NONE, NULL, 0,
		    "Inode of the pod's network namespace",
		    HFILL } },
	};
	static hf_register_info hf_node[] = {
		{ &hf_evt_hostname,
		  { "Node", "evt.hostname", FT_STRING, BASE_NONE, NULL, 0,
		    "Node the capture was made on (the pcapng interface description) (as Falco's "
		    "evt.hostname)", HFILL } },
		{ &hf_proc_cgroup_path,
		  { "Cgroup path", "proc.cgroup.path", FT_STRING, BASE_NONE, NULL, 0,
		    "Cgroup v2 path of the frame's interface (the pcapng interface description)",
		    HFILL } },
	};
	static int *ett[] = { &ett_container, &ett_k8s };

	proto_container = podshark_register_field_protocol("Container", "Container", "container");
	proto_k8s = podshark_register_field_protocol("Kubernetes", "Kubernetes", "k8s");
	proto_podshark_node = proto_register_protocol("podshark node and cgroup", "podshark node",
					     "podshark_node");
	proto_register_field_array(proto_container, hf_container, array_length(hf_container));
	proto_register_field_array(proto_k8s, hf_k8s, array_length(hf_k8s));
	proto_register_field_array(proto_podshark_node, hf_node, array_length(hf_node));
	proto_register_subtree_array(ett, array_length(ett));
	register_init_routine(init_iface_metas);
}

void proto_reg_handoff_podshark_k8s(void)
{
	register_postdissector(create_dissector_handle(dissect_podshark_k8s, proto_podshark_node));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The NODE record of a capture of several nodes (podshark-ssh): a node's
 * stream started, its clock was measured, it failed (unreachable, host key
 * refused, no podshark, died mid-capture), or it ended after the stop.
 */
#include <inttypes.h>
#include <stddef.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>

#include "packet-podshark.h"
#include "record_codec.h"

#define NODE_FIELD(f) \
	(int)offsetof(struct podshark_node_rec, f), \
	(int)sizeof(((struct podshark_node_rec *)NULL)->f)

static int proto_node_rec = -1;

static int hf_kind = -1;
static int hf_clock_offset = -1;
static int hf_bytes = -1;
static int hf_name = -1;
static int hf_message = -1;

static int ett_node = -1;

static expert_field ei_node_failed = EI_INIT;

static const value_string node_kinds[] = {
	{ PODSHARK_NODE_STARTED, "started" },
	{ PODSHARK_NODE_CLOCK, "clock" },
	{ PODSHARK_NODE_FAILED, "failed" },
	{ PODSHARK_NODE_ENDED, "ended" },
	{ 0, NULL },
};

/* The STR extension of argument arg, as a string in the packet's scope. */
static const char *node_string(packet_info *pinfo, const struct podshark_record *record,
			       uint8_t arg)
{
	struct podshark_mem_item m;

	if (podshark_find_mem(record->buf, record->rec, arg, 0, &m) && m.type == PODSHARK_EXT_STR)
		return (const char *)wmem_strndup(pinfo->pool, (const char *)m.data, m.data_len);
	return NULL;
}

static int dissect_node_rec(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
	const struct podshark_record *record = data;
	const char *name = node_string(pinfo, record, 0);
	const char *message = node_string(pinfo, record, 1);
	proto_tree *node_tree;
	proto_item *ti;
	uint32_t kind;
	int64_t offset;

	col_set_str(pinfo->cinfo, COL_PROTOCOL, "node");
	ti = proto_tree_add_item(tree, proto_node_rec, tvb, 0, -1, ENC_NA);
	node_tree = proto_item_add_subtree(ti, ett_node);
	if (tvb_reported_length(tvb) < sizeof(struct podshark_node_rec)) {
		col_set_str(pinfo->cinfo, COL_INFO, "Node record with a short fixed part");
		podshark_expert_short_fixed(pinfo, ti, tvb_reported_length(tvb),
					    (unsigned)sizeof(struct podshark_node_rec));
		return (int)tvb_reported_length(tvb);
	}
	/* the values from the codec's decoding, the positions from the layout */
	kind = record->rec->u.node.kind;
	offset = record->rec->u.node.clock_offset_ns;
	proto_tree_add_item(node_tree, hf_kind, tvb, NODE_FIELD(kind), ENC_LITTLE_ENDIAN);
	proto_tree_add_item(node_tree, hf_clock_offset, tvb, NODE_FIELD(clock_offset_ns),
			    ENC_LITTLE_ENDIAN);
	proto_tree_add_item(node_tree, hf_bytes, tvb, NODE_FIELD(bytes), ENC_LITTLE_ENDIAN);
	if (name)
		proto_item_set_generated(proto_tree_add_string(node_tree, hf_name, tvb, 0, 0, name));
	if (message)
		proto_item_set_generated(
			proto_tree_add_string(node_tree, hf_message, tvb, 0, 0, message));

	switch (kind) {
	case PODSHARK_NODE_FAILED:
		col_add_fstr(pinfo->cinfo, COL_INFO, "Node %s failed: %s", name ? name : "?",
			     message ? message : "no reason given");
		expert_add_info_format(pinfo, ti, &ei_node_failed, "Node %s failed: %s",
				       name ? name : "?", message ? message : "no reason given");
		break;
	case PODSHARK_NODE_CLOCK:
		col_add_fstr(pinfo->cinfo, COL_INFO, "Node %s clock: %+.6f s from the local clock",
			     name ? name : "?", (double)offset / 1e9);
		break;
	default:
		col_add_fstr(pinfo->cinfo, COL_INFO, "Node %s %s%s%s", name ? name : "?",
			     val_to_str_const(kind, node_kinds, "?"), message ? ": " : "",
			     message ? message : "");
		break;
	}
	return (int)sizeof(struct podshark_node_rec);
}

void proto_register_podshark_node(void)
{
	static hf_register_info hf[] = {
		{ &hf_kind,
		  { "Node event", "podshark.node.event", FT_UINT32, BASE_DEC, VALS(node_kinds), 0,
		    "What happened to the node's stream: started, clock (its offset measured), "
		    "failed, or ended after the stop", HFILL } },
		{ &hf_clock_offset,
		  { "Clock offset (ns)", "podshark.node.clock_offset", FT_INT64, BASE_DEC, NULL, 0,
		    "The node's clock minus the local one, less the one-way network delay: "
		    "measured, not applied to the node's timestamps", HFILL } },
		{ &hf_bytes,
		  { "Bytes received", "podshark.node.bytes", FT_UINT64, BASE_DEC, NULL, 0,
		    "Bytes of the node's pcapng stream received so far", HFILL } },
		{ &hf_name,
		  { "Node", "podshark.node.name", FT_STRING, BASE_NONE, NULL, 0,
		    "The node this record is about", HFILL } },
		{ &hf_message,
		  { "Message", "podshark.node.message", FT_STRING, BASE_NONE, NULL, 0,
		    "Why the node failed, in one line", HFILL } },
	};
	static int *ett[] = { &ett_node };
	static ei_register_info ei[] = {
		{ &ei_node_failed,
		  { "podshark.node.failed", PI_RESPONSE_CODE, PI_ERROR,
		    "A node could not be captured, or stopped early", EXPFILL } },
	};
	expert_module_t *expert;

	proto_node_rec = proto_register_protocol("podshark node record", "podshark node event",
					     "podshark.node");
	proto_register_field_array(proto_node_rec, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));
	expert = expert_register_protocol(proto_node_rec);
	expert_register_field_array(expert, ei, array_length(ei));
}

void proto_reg_handoff_podshark_node(void)
{
	dissector_add_uint(PODSHARK_RECORD_TYPE_TABLE, PODSHARK_REC_NODE,
			   create_dissector_handle(dissect_node_rec, proto_node_rec));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The LOSS record: how many events the probe or the extcap could not deliver
 * between the previous LOSS record (or the start) and this point.
 */
#include <inttypes.h>
#include <stddef.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>

#include "packet-podshark.h"
#include "record_codec.h"

#define LOSS_FIELD_OFFSET(f) (int)offsetof(struct podshark_loss_rec, f)
#define LOSS_FIELD(f) \
	(int)offsetof(struct podshark_loss_rec, f), \
	(int)sizeof(((struct podshark_loss_rec *)NULL)->f)

static int proto_loss = -1;

static int hf_next_evt_num = -1;
static int hf_ring_full = -1;
static int hf_oversize = -1;
static int hf_user_dropped = -1;
static int hf_sampled_out = -1;
static int hf_lost = -1;

static int ett_loss = -1;

static expert_field ei_events_lost = EI_INIT;

static int dissect_loss_rec(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
	const struct podshark_record *record = data;
	const struct podshark_loss_rec *loss = &record->rec->u.loss;
	const uint64_t lost =
		loss->ring_full + loss->oversize + loss->user_dropped + loss->sampled_out;
	proto_tree *loss_tree;
	proto_item *ti;

	col_set_str(pinfo->cinfo, COL_PROTOCOL, "loss");

	ti = proto_tree_add_item(tree, proto_loss, tvb, 0, -1, ENC_NA);
	loss_tree = proto_item_add_subtree(ti, ett_loss);
	podshark_add_fixed(loss_tree, hf_next_evt_num, tvb, LOSS_FIELD(evt_num), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(loss_tree, hf_ring_full, tvb, LOSS_FIELD(ring_full), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(loss_tree, hf_oversize, tvb, LOSS_FIELD(oversize), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(loss_tree, hf_user_dropped, tvb, LOSS_FIELD(user_dropped),
			   ENC_LITTLE_ENDIAN);
	podshark_add_fixed(loss_tree, hf_sampled_out, tvb, LOSS_FIELD(sampled_out),
			   ENC_LITTLE_ENDIAN);

	/* The first writers' LOSS records ended before sampled_out (40 bytes):
	 * complete for what they counted. */
	if (tvb_reported_length(tvb) < LOSS_FIELD_OFFSET(sampled_out)) {
		col_set_str(pinfo->cinfo, COL_INFO, "Loss record with a short fixed part");
		podshark_expert_short_fixed(pinfo, ti, tvb_reported_length(tvb),
					    (unsigned)sizeof(*loss));
	} else {
		ti = proto_tree_add_uint64(loss_tree, hf_lost, tvb, LOSS_FIELD_OFFSET(ring_full),
					   (int)MIN(tvb_reported_length(tvb), sizeof(*loss)) -
						   LOSS_FIELD_OFFSET(ring_full),
					   lost);
		proto_item_set_generated(ti);
		expert_add_info_format(pinfo, ti, &ei_events_lost, "%" PRIu64 " events lost here",
				       lost);
		col_add_fstr(pinfo->cinfo, COL_INFO,
			     "%" PRIu64 " events lost (ring buffer full %" PRIu64
			     ", oversize %" PRIu64 ", dropped in user space %" PRIu64
			     ", sampled out %" PRIu64 ")",
			     lost, (uint64_t)loss->ring_full, (uint64_t)loss->oversize,
			     (uint64_t)loss->user_dropped, (uint64_t)loss->sampled_out);
	}

	return (int)MIN(tvb_reported_length(tvb), sizeof(struct podshark_loss_rec));
}

void proto_register_podshark_loss(void)
{
	static hf_register_info hf[] = {
		{ &hf_next_evt_num,
		  { "Next event number", "podshark.loss.next_evt_num", FT_UINT64, BASE_DEC, NULL,
		    0, "Event number the next delivered event gets", HFILL } },
		{ &hf_ring_full,
		  { "Dropped: ring buffer full", "podshark.loss.ring_full", FT_UINT64, BASE_DEC,
		    NULL, 0,
		    "Events dropped in the kernel since the last LOSS record: ring buffer full",
		    HFILL } },
		{ &hf_oversize,
		  { "Dropped: record too large", "podshark.loss.oversize", FT_UINT64, BASE_DEC,
		    NULL, 0, "Events dropped in the kernel: record larger than allowed", HFILL } },
		{ &hf_user_dropped,
		  { "Dropped in user space", "podshark.loss.user_dropped", FT_UINT64, BASE_DEC,
		    NULL, 0,
		    "Events dropped in the extcap (reorder window or write back-pressure)",
		    HFILL } },
		{ &hf_sampled_out,
		  { "Left out by sampling", "podshark.loss.sampled_out", FT_UINT64, BASE_DEC,
		    NULL, 0,
		    "Events left out by sampling in the kernel (--overload sample)", HFILL } },
		{ &hf_lost,
		  { "Events lost", "podshark.loss.total", FT_UINT64, BASE_DEC, NULL, 0,
		    "All events lost at this point: the sum of the counts",
		    HFILL } },
	};
	static int *ett[] = { &ett_loss };
	static ei_register_info ei[] = {
		{ &ei_events_lost,
		  { "podshark.loss.events_lost", PI_SEQUENCE, PI_WARN, "Events lost here",
		    EXPFILL } },
	};
	expert_module_t *expert;

	/* A protocol of its own for the subtree; its fields stay podshark.loss.*. */
	proto_loss = proto_register_protocol("podshark loss record", "podshark loss",
					     "podshark.loss");
	proto_register_field_array(proto_loss, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));
	expert = expert_register_protocol(proto_loss);
	expert_register_field_array(expert, ei, array_length(ei));
}

void proto_reg_handoff_podshark_loss(void)
{
	dissector_add_uint(PODSHARK_RECORD_TYPE_TABLE, PODSHARK_REC_LOSS,
			   create_dissector_handle(dissect_loss_rec, proto_loss));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the podshark framing dissector (packet-podshark.c) shares with the
 * dissectors of the record types it dispatches to.
 *
 * The framing dissector reads the record header, decodes the record with the
 * codec of record/, and calls the dissector registered for the record type in
 * the "podshark.record_type" table with:
 *   - a tvb holding the header and fixed part, offsets as in the C structs;
 *   - the tree of the frame (record types add their own protocol subtrees);
 *   - data: a const struct podshark_record *: the codec's view of the record
 *     and the record's bytes (for its extensions).
 * It returns how many bytes of the fixed part it understood; the framing
 * dissector shows the rest as fixed bytes from a newer writer, then the
 * extensions.
 */
#ifndef PACKET_PODSHARK_H
#define PACKET_PODSHARK_H

#include <epan/packet.h>

#include "record_codec.h"

#define PODSHARK_RECORD_TYPE_TABLE "podshark.record_type"

/* What the framing dissector gives the dissector of a record type. */
struct podshark_record {
	const struct podshark_decoded *rec;
	const uint8_t *buf; /* the record from its header; extensions at rec->ext_offset */
};

/* Adds a field of the fixed part when the record carries it (a record with a
 * shorter fixed part than this dissector knows, from a broken writer, lacks
 * the last fields); NULL otherwise.  encoding as for proto_tree_add_item(). */
proto_item *podshark_add_fixed(proto_tree *tree, int hf, tvbuff_t *fixed_tvb, int offset,
			       int length, unsigned encoding);

/* Expert info for a fixed part shorter (have bytes) than its record type's
 * (need bytes), on the item of the record type's protocol. */
void podshark_expert_short_fixed(packet_info *pinfo, proto_item *item, unsigned have,
				 unsigned need);

void proto_register_podshark(void);
void proto_register_podshark_syscall(void);
void proto_reg_handoff_podshark_syscall(void);
void proto_register_podshark_loss(void);
void proto_reg_handoff_podshark_loss(void);
void proto_register_podshark_node(void);
void proto_reg_handoff_podshark_node(void);
void proto_register_podshark_proc(void);
void proto_reg_handoff_podshark_proc(void);
/* packet-podshark-rules.c: Falco rules (after proto_register_podshark) */
void proto_register_podshark_rules(void);
void proto_reg_handoff_podshark_rules(void);

#endif /* PACKET_PODSHARK_H */

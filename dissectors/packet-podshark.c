/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The podshark framing protocol: the record header (record/podshark_record.h),
 * dispatch to the dissector of the record type, the fixed bytes a newer writer
 * appended, and the extensions.  Registered by name so that exported-PDU
 * frames (link type 252) tagged "podshark" reach it without any preference.
 */
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>

#include "packet-podshark-ext.h"
#include "packet-podshark.h"
#include "record_codec.h"
#include "ws_compat.h"

/* Every record starts with a header of this size. */
#define REC_HDR_LEN ((int)sizeof(struct podshark_rec_hdr))

static int proto_podshark = -1;

static int hf_version = -1;
static int hf_record_type = -1;
static int hf_fixed_len = -1;
static int hf_total_len = -1;
static int hf_undecoded_fixed = -1;
static int hf_extension = -1;
static int hf_extension_type = -1;
static int hf_extension_len = -1;
static int hf_extension_value = -1;
static int hf_trailing = -1;

static int ett_podshark = -1;
static int ett_extension = -1;

static expert_field ei_short_header = EI_INIT;
static expert_field ei_truncated = EI_INIT;
static expert_field ei_bad_length = EI_INIT;
static expert_field ei_unknown_version = EI_INIT;
static expert_field ei_unknown_type = EI_INIT;
static expert_field ei_short_fixed = EI_INIT;
static expert_field ei_newer_fixed = EI_INIT;
static expert_field ei_unknown_extension = EI_INIT;
static expert_field ei_bad_extension = EI_INIT;
static expert_field ei_trailing = EI_INIT;

static dissector_table_t record_type_table;

/* From the one list of record types (record/podshark_record.h). */
static const value_string record_type_names[] = {
#define RECORD_TYPE_NAME(name, value, text, fixed_len) { value, text },
	PODSHARK_REC_TYPES(RECORD_TYPE_NAME)
#undef RECORD_TYPE_NAME
	{ 0, NULL },
};

proto_item *podshark_add_fixed(proto_tree *tree, int hf, tvbuff_t *fixed_tvb, int offset,
			       int length, unsigned encoding)
{
	if ((unsigned)offset + (unsigned)length > tvb_reported_length(fixed_tvb))
		return NULL;
	return proto_tree_add_item(tree, hf, fixed_tvb, offset, length, encoding);
}

void podshark_expert_short_fixed(packet_info *pinfo, proto_item *item, unsigned have,
				 unsigned need)
{
	expert_add_info_format(pinfo, item, &ei_short_fixed,
			       "Fixed part of %u bytes, this record type has %u; the missing "
			       "fields are not shown", have, need);
}

/* The extensions between hdr.fixed_len and hdr.total_len: the types of
 * docs/FORMAT.md decoded, others shown and skipped. */
static void dissect_extensions(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			       const uint8_t *buf, const struct podshark_decoded *rec)
{
	size_t pos = rec->ext_offset;
	size_t item_start = pos;
	const uint8_t *value;
	uint16_t type, value_len;
	int more;

	while ((more = podshark_ext_next(buf, rec, &pos, &type, &value, &value_len)) > 0) {
		int value_offset = (int)(value - buf);
		proto_item *ti;
		proto_tree *ext_tree;

		ti = proto_tree_add_none_format(tree, hf_extension, tvb, (int)item_start,
						(int)(pos - item_start),
						"Extension type %u, %u bytes", type, value_len);
		ext_tree = proto_item_add_subtree(ti, ett_extension);
		proto_tree_add_item(ext_tree, hf_extension_type, tvb, (int)item_start, 2,
				    ENC_LITTLE_ENDIAN);
		proto_tree_add_item(ext_tree, hf_extension_len, tvb, (int)item_start + 2, 2,
				    ENC_LITTLE_ENDIAN);
		item_start = pos;
		if (podshark_ext_add_item(tvb, pinfo, ext_tree, ti, type, value_offset, value,
					  value_len))
			continue;
		if (value_len)
			proto_tree_add_item(ext_tree, hf_extension_value, tvb, value_offset,
					    value_len, ENC_NA);
		expert_add_info_format(pinfo, ti, &ei_unknown_extension,
				       "Skipped extension of unknown type %u", type);
	}
	if (more < 0) {
		const int left = (int)(rec->hdr.total_len - item_start);
		proto_item *ti = proto_tree_add_item(tree, hf_extension, tvb, (int)item_start, left,
						     ENC_NA);
		proto_tree *ext_tree = proto_item_add_subtree(ti, ett_extension);

		/* What there is of the broken item's header. */
		if (left >= 2)
			proto_tree_add_item(ext_tree, hf_extension_type, tvb, (int)item_start, 2,
					    ENC_LITTLE_ENDIAN);
		if (left >= 4)
			proto_tree_add_item(ext_tree, hf_extension_len, tvb, (int)item_start + 2,
					    2, ENC_LITTLE_ENDIAN);
		expert_add_info(pinfo, ti, &ei_bad_extension);
	}
}

/* Shows the body of a record this dissector cannot read, after the header. */
static void add_undecoded_body(tvbuff_t *tvb, proto_tree *tree, int end)
{
	if (end > REC_HDR_LEN)
		proto_tree_add_item(tree, hf_undecoded_fixed, tvb, REC_HDR_LEN,
				    end - REC_HDR_LEN, ENC_NA);
}

static int dissect_podshark(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
	const unsigned captured = tvb_captured_length(tvb);
	struct podshark_decoded *rec;
	struct podshark_record record;
	proto_item *podshark_item, *ti;
	proto_tree *podshark_tree;
	const uint8_t *buf;
	tvbuff_t *fixed_tvb;
	int understood;

	col_set_str(pinfo->cinfo, COL_PROTOCOL, "podshark");
	col_clear(pinfo->cinfo, COL_INFO);

	podshark_item = proto_tree_add_item(tree, proto_podshark, tvb, 0, -1, ENC_NA);
	podshark_tree = proto_item_add_subtree(podshark_item, ett_podshark);

	if (captured < REC_HDR_LEN) {
		col_set_str(pinfo->cinfo, COL_INFO, "Record shorter than its header");
		expert_add_info(pinfo, podshark_item, &ei_short_header);
		/* Throws: Wireshark marks the frame malformed. */
		tvb_ensure_bytes_exist(tvb, 0, REC_HDR_LEN);
	}
	proto_tree_add_item(podshark_tree, hf_version, tvb, 0, 1, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(podshark_tree, hf_record_type, tvb, 1, 1, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(podshark_tree, hf_fixed_len, tvb, 2, 2, ENC_LITTLE_ENDIAN);
	ti = proto_tree_add_item(podshark_tree, hf_total_len, tvb, 4, 4, ENC_LITTLE_ENDIAN);

	buf = tvb_memdup(pinfo->pool, tvb, 0, captured);
	rec = wmem_new(pinfo->pool, struct podshark_decoded);
	switch (podshark_decode(buf, captured, rec)) {
	case PODSHARK_DECODE_TRUNCATED:
		col_add_fstr(pinfo->cinfo, COL_INFO, "Truncated record: %u of %u bytes", captured,
			     rec->hdr.total_len);
		expert_add_info_format(pinfo, ti, &ei_truncated,
				       "Record of %u bytes, only %u in the frame",
				       rec->hdr.total_len, captured);
		add_undecoded_body(tvb, podshark_tree, (int)captured);
		/* Throws: malformed when the frame itself is short, "packet size
		 * limited during capture" when the capture cut it. */
		tvb_ensure_bytes_exist64(tvb, 0, rec->hdr.total_len);
		return captured;
	case PODSHARK_DECODE_BAD_LENGTH:
		col_add_fstr(pinfo->cinfo, COL_INFO, "Bad record lengths: fixed %u, total %u",
			     rec->hdr.fixed_len, rec->hdr.total_len);
		expert_add_info_format(pinfo, ti, &ei_bad_length,
				       "Fixed part length %u outside %d..%u "
				       "(header length..record length)",
				       rec->hdr.fixed_len, REC_HDR_LEN, rec->hdr.total_len);
		add_undecoded_body(tvb, podshark_tree, (int)captured);
		return captured;
	case PODSHARK_DECODE_UNKNOWN_VERSION:
		col_add_fstr(pinfo->cinfo, COL_INFO, "Record format version %u", rec->hdr.version);
		expert_add_info_format(pinfo, podshark_item, &ei_unknown_version,
				       "Record format version %u, this dissector knows %u",
				       rec->hdr.version, PODSHARK_FORMAT_VERSION);
		/* Not even the lengths can be trusted. */
		add_undecoded_body(tvb, podshark_tree, (int)captured);
		break;
	default:
		fixed_tvb = tvb_new_subset_length(tvb, 0, rec->hdr.fixed_len);
		record.rec = rec;
		record.buf = buf;
		understood = dissector_try_uint_with_data(record_type_table, rec->hdr.type,
							  fixed_tvb, pinfo, tree, FALSE, &record);
		if (understood == 0) {
			col_add_fstr(pinfo->cinfo, COL_INFO, "Record type %u", rec->hdr.type);
			expert_add_info_format(pinfo, podshark_item, &ei_unknown_type,
					       "Record type %u is not known to this dissector",
					       rec->hdr.type);
			add_undecoded_body(tvb, podshark_tree, rec->hdr.fixed_len);
		} else if (understood < rec->hdr.fixed_len) {
			ti = proto_tree_add_item(podshark_tree, hf_undecoded_fixed, tvb, understood,
						 rec->hdr.fixed_len - understood, ENC_NA);
			expert_add_info_format(pinfo, ti, &ei_newer_fixed,
					       "Skipped %u bytes of fixed part from a newer writer",
					       rec->hdr.fixed_len - understood);
		}
		dissect_extensions(tvb, pinfo, podshark_tree, buf, rec);
		break;
	}
	if (rec->trailing_len) {
		ti = proto_tree_add_item(podshark_tree, hf_trailing, tvb, (int)rec->hdr.total_len,
					 (int)rec->trailing_len, ENC_NA);
		expert_add_info(pinfo, ti, &ei_trailing);
	}
	return captured;
}

void proto_register_podshark(void)
{
	static hf_register_info hf[] = {
		{ &hf_version,
		  { "Format version", "podshark.version", FT_UINT8, BASE_DEC, NULL, 0,
		    "Format version of the record (PODSHARK_FORMAT_VERSION in "
		    "record/podshark_record.h)",
		    HFILL } },
		{ &hf_record_type,
		  { "Record type", "podshark.record_type", FT_UINT8, BASE_DEC,
		    VALS(record_type_names), 0,
		    "Record type, named from the list of record types in "
		    "record/podshark_record.h: syscall, loss, proc, fd, sock", HFILL } },
		{ &hf_fixed_len,
		  { "Header and fixed part length", "podshark.fixed_len", FT_UINT16, BASE_DEC,
		    NULL, 0,
		    "Bytes of record header and fixed part as the writer knows them; extensions "
		    "start after them", HFILL } },
		{ &hf_total_len,
		  { "Record length", "podshark.total_len", FT_UINT32, BASE_DEC, NULL, 0,
		    "Bytes of the whole record, extensions included",
		    HFILL } },
		{ &hf_undecoded_fixed,
		  { "Undecoded fixed part", "podshark.undecoded", FT_BYTES, BASE_NONE, NULL, 0,
		    "Bytes of fixed part this dissector cannot read (a newer writer, or an "
		    "unknown record type)", HFILL } },
		{ &hf_extension,
		  { "Extension", "podshark.extension", FT_NONE, BASE_NONE, NULL, 0,
		    "One extension item (type, length, value) after the fixed part "
		    "(docs/FORMAT.md, Extensions)",
		    HFILL } },
		{ &hf_extension_type,
		  { "Type", "podshark.extension.type", FT_UINT16, BASE_DEC, NULL, 0,
		    "Extension type: 1 STR, 2 ARGV, 3 SOCKADDR, 4 BUF, 5 FD_PAIR, 6 INT_OUT, 7 "
		    "SOCK_TUPLE",
		    HFILL } },
		{ &hf_extension_len,
		  { "Length", "podshark.extension.len", FT_UINT16, BASE_DEC, NULL, 0,
		    "Bytes of the extension value, without its header and padding",
		    HFILL } },
		{ &hf_extension_value,
		  { "Value", "podshark.extension.value", FT_BYTES, BASE_NONE, NULL, 0,
		    "Value of an extension this dissector does not know",
		    HFILL } },
		{ &hf_trailing,
		  { "Bytes after the record", "podshark.trailing", FT_BYTES, BASE_NONE, NULL, 0,
		    "Bytes in the frame after the end of the record (total_len)", HFILL } },
	};
	static int *ett[] = { &ett_podshark, &ett_extension };
	static ei_register_info ei[] = {
		{ &ei_short_header,
		  { "podshark.short_header", PI_MALFORMED, PI_ERROR,
		    "Frame shorter than a record header", EXPFILL } },
		{ &ei_truncated,
		  { "podshark.truncated", PI_MALFORMED, PI_ERROR,
		    "Record longer than the frame", EXPFILL } },
		{ &ei_bad_length,
		  { "podshark.bad_length", PI_MALFORMED, PI_ERROR,
		    "Fixed part length outside header length..record length", EXPFILL } },
		{ &ei_unknown_version,
		  { "podshark.unknown_version", PI_UNDECODED, PI_WARN,
		    "Record format version not known to this dissector", EXPFILL } },
		{ &ei_unknown_type,
		  { "podshark.unknown_type", PI_UNDECODED, PI_WARN,
		    "Record type not known to this dissector", EXPFILL } },
		{ &ei_short_fixed,
		  { "podshark.short_fixed", PI_MALFORMED, PI_WARN,
		    "Fixed part shorter than the record type's", EXPFILL } },
		{ &ei_newer_fixed,
		  { "podshark.newer_fixed", PI_UNDECODED, PI_NOTE,
		    "Fixed part from a newer writer", EXPFILL } },
		{ &ei_unknown_extension,
		  { "podshark.extension.unknown", PI_UNDECODED, PI_NOTE,
		    "Extension type not known to this dissector", EXPFILL } },
		{ &ei_bad_extension,
		  { "podshark.extension.bad", PI_MALFORMED, PI_ERROR,
		    "Extension runs past the end of the record", EXPFILL } },
		{ &ei_trailing,
		  { "podshark.trailing_bytes", PI_MALFORMED, PI_WARN,
		    "Bytes after the end of the record", EXPFILL } },
	};
	expert_module_t *expert;

	proto_podshark = proto_register_protocol("podshark record", "podshark", "podshark");
	proto_register_field_array(proto_podshark, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));
	expert = expert_register_protocol(proto_podshark);
	expert_register_field_array(expert, ei, array_length(ei));
	podshark_ext_register(proto_podshark, expert);

	record_type_table = register_dissector_table(PODSHARK_RECORD_TYPE_TABLE,
						     "podshark record type", proto_podshark,
						     FT_UINT8, BASE_DEC);
	register_dissector("podshark", dissect_podshark, proto_podshark);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Extension items of podshark records: decoded in the tree, and read for
 * their meaning by the record-type dissectors.  The text of process memory
 * comes from record/arg_render, which escapes it.
 */
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include <epan/expert.h>
#include <epan/ipproto.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <wsutil/pint.h>

#include "arg_render.h"
#include "packet-podshark-ext.h"
#include "ws_compat.h"

static int hf_mem_arg = -1;
static int hf_mem_flags = -1;
static int hf_mem_flags_truncated = -1;
static int hf_mem_flags_fault = -1;
static int hf_mem_flags_at_exit = -1;
static int hf_mem_count = -1;
static int hf_mem_full_len = -1;
static int hf_mem_str = -1;
static int hf_mem_argv = -1;
static int hf_mem_sockaddr = -1;
static int hf_mem_buf = -1;
static int hf_mem_fd = -1;
static int hf_mem_int = -1;
static int hf_tuple_family = -1;
static int hf_tuple_l4proto = -1;
static int hf_tuple_state = -1;
static int hf_tuple_sport = -1;
static int hf_tuple_dport = -1;
static int hf_tuple_saddr = -1;
static int hf_tuple_daddr = -1;
static int hf_tuple_saddr6 = -1;
static int hf_tuple_daddr6 = -1;
static int hf_tuple_ino = -1;

static int ett_mem_flags = -1;

static expert_field ei_mem_truncated = EI_INIT;
static expert_field ei_mem_fault = EI_INIT;
static expert_field ei_mem_malformed = EI_INIT;

static int *const mem_flag_fields[] = {
	&hf_mem_flags_truncated,
	&hf_mem_flags_fault,
	&hf_mem_flags_at_exit,
	NULL,
};

static const value_string ext_type_names[] = {
	{ PODSHARK_EXT_STR, "STR" },
	{ PODSHARK_EXT_ARGV, "ARGV" },
	{ PODSHARK_EXT_SOCKADDR, "SOCKADDR" },
	{ PODSHARK_EXT_BUF, "BUF" },
	{ PODSHARK_EXT_FD_PAIR, "FD_PAIR" },
	{ PODSHARK_EXT_INT_OUT, "INT_OUT" },
	{ PODSHARK_EXT_SOCK_TUPLE, "SOCK_TUPLE" },
	{ PODSHARK_EXT_STRUCT, "STRUCT" },
	{ 0, NULL },
};

static const value_string family_names[] = {
	{ AF_UNIX, "AF_UNIX" },
	{ AF_INET, "AF_INET" },
	{ AF_INET6, "AF_INET6" },
	{ 0, NULL },
};

/* The kernel's socket states, as <netinet/tcp.h> numbers them;
 * TCP_NEW_SYN_RECV (include/net/tcp_states.h) it lacks. */
const value_string podshark_tcp_state_names[] = {
	{ TCP_ESTABLISHED, "ESTABLISHED" },
	{ TCP_SYN_SENT, "SYN_SENT" },
	{ TCP_SYN_RECV, "SYN_RECV" },
	{ TCP_FIN_WAIT1, "FIN_WAIT1" },
	{ TCP_FIN_WAIT2, "FIN_WAIT2" },
	{ TCP_TIME_WAIT, "TIME_WAIT" },
	{ TCP_CLOSE, "CLOSE" },
	{ TCP_CLOSE_WAIT, "CLOSE_WAIT" },
	{ TCP_LAST_ACK, "LAST_ACK" },
	{ TCP_LISTEN, "LISTEN" },
	{ TCP_CLOSING, "CLOSING" },
	{ 12, "NEW_SYN_RECV" },
	{ 0, NULL },
};

char *podshark_bare_text(wmem_allocator_t *scope, const uint8_t *bytes, size_t n, bool truncated)
{
	/* An escaped byte takes at most 4 characters (\xHH); 2 quotes and "...". */
	const size_t max = 4 * PODSHARK_TEXT_MAX + 8;
	char *quoted = wmem_alloc(scope, max);
	wmem_strbuf_t *bare;
	size_t len, i;

	if (n > PODSHARK_TEXT_MAX) {
		n = PODSHARK_TEXT_MAX;
		truncated = true;
	}
	len = podshark_render_str(bytes, n, 0, quoted, max);
	len = MIN(len, max - 1);
	/* Strip the quotes and the escaping of quotes only: the rest stays escaped. */
	bare = wmem_strbuf_new_sized(scope, len + 4);
	for (i = 1; i + 1 < len; i++) {
		if (quoted[i] == '\\' && i + 2 < len) {
			if (quoted[i + 1] != '"')
				wmem_strbuf_append_c(bare, '\\');
			wmem_strbuf_append_c(bare, quoted[++i]);
		} else {
			wmem_strbuf_append_c(bare, quoted[i]);
		}
	}
	if (truncated)
		wmem_strbuf_append(bare, "...");
	wmem_free(scope, quoted);
	return wmem_strbuf_finalize(bare);
}

/* ARGV strings from string first_arg on, each escaped, joined by spaces. */
static char *argv_text(wmem_allocator_t *scope, const struct podshark_mem_item *m,
		       unsigned first_arg)
{
	wmem_strbuf_t *joined = wmem_strbuf_new(scope, "");
	size_t pos = 0, total = 0;
	unsigned index = 0;

	while (pos < m->data_len && index < m->mem.count) {
		const uint8_t *s = m->data + pos;
		const uint8_t *nul = memchr(s, 0, m->data_len - pos);
		size_t n = nul ? (size_t)(nul - s) : m->data_len - pos;

		if (index >= first_arg) {
			if (total >= PODSHARK_TEXT_MAX) {
				wmem_strbuf_append(joined, " ...");
				break;
			}
			if (wmem_strbuf_get_len(joined))
				wmem_strbuf_append_c(joined, ' ');
			wmem_strbuf_append(joined, podshark_bare_text(scope, s, n, !nul));
			total += n;
		}
		pos += n + 1;
		index++;
	}
	if ((m->mem.flags & PODSHARK_MEM_TRUNCATED) && total < PODSHARK_TEXT_MAX)
		wmem_strbuf_append(joined, wmem_strbuf_get_len(joined) ? " ..." : "...");
	return wmem_strbuf_finalize(joined);
}

char *podshark_mem_text(wmem_allocator_t *scope, const struct podshark_mem_item *m,
			unsigned first_arg)
{
	char text[256];

	if (m->mem.flags & PODSHARK_MEM_FAULT)
		return NULL;
	switch (m->type) {
	case PODSHARK_EXT_STR:
	case PODSHARK_EXT_BUF:
		return podshark_bare_text(scope, m->data, m->data_len,
					  (m->mem.flags & PODSHARK_MEM_TRUNCATED) ||
						  (m->type == PODSHARK_EXT_BUF &&
						   m->mem.full_len > m->data_len));
	case PODSHARK_EXT_ARGV:
		return argv_text(scope, m, first_arg);
	case PODSHARK_EXT_SOCKADDR:
		podshark_render_sockaddr(m->data, m->data_len, text, sizeof(text));
		return wmem_strdup(scope, text);
	case PODSHARK_EXT_FD_PAIR:
		podshark_render_fd_pair(m->data, m->data_len, text, sizeof(text));
		return wmem_strdup(scope, text);
	default:
		if (m->data_len < 4)
			return NULL;
		return wmem_strdup_printf(scope, "%d", (int32_t)pletohu32(m->data));
	}
}

/* Whether the strings of an ARGV item agree with its count: as many strings
 * (the last one may lack its NUL, cut by the probe) as it says. */
static bool argv_consistent(const struct podshark_mem_item *m)
{
	unsigned strings = 0;
	size_t i;

	for (i = 0; i < m->data_len; i++)
		if (m->data[i] == 0)
			strings++;
	if (m->data_len && m->data[m->data_len - 1] != 0)
		strings++;
	return strings == m->mem.count;
}

/* What is wrong with a memory item's value, or NULL. */
static const char *mem_item_problem(const struct podshark_mem_item *m)
{
	if (m->mem.arg >= 6)
		return "argument index past the 6 arguments";
	if (m->mem.flags & PODSHARK_MEM_FAULT)
		return NULL;
	switch (m->type) {
	case PODSHARK_EXT_ARGV:
		return argv_consistent(m) ? NULL : "strings do not match the count";
	case PODSHARK_EXT_SOCKADDR:
		return m->data_len >= 2 ? NULL : "socket address shorter than its family";
	case PODSHARK_EXT_FD_PAIR:
		return m->data_len == 8 ? NULL : "fd pair not of 8 bytes";
	case PODSHARK_EXT_INT_OUT:
		return m->data_len == 4 ? NULL : "int not of 4 bytes";
	default:
		return NULL;
	}
}

static void add_mem_data(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			 const struct podshark_mem_item *m, int data_offset)
{
	size_t pos = 0;

	if (m->mem.flags & PODSHARK_MEM_FAULT)
		return;
	switch (m->type) {
	case PODSHARK_EXT_STR:
		proto_tree_add_string(tree, hf_mem_str, tvb, data_offset, (int)m->data_len,
					   podshark_mem_text(pinfo->pool, m, 0));
		break;
	case PODSHARK_EXT_ARGV:
		for (unsigned i = 0; pos < m->data_len && i < m->mem.count; i++) {
			const uint8_t *s = m->data + pos;
			const uint8_t *nul = memchr(s, 0, m->data_len - pos);
			size_t n = nul ? (size_t)(nul - s) : m->data_len - pos;

			proto_tree_add_string(tree, hf_mem_argv, tvb, data_offset + (int)pos,
					      (int)n, podshark_bare_text(pinfo->pool, s, n, !nul));
			pos += n + 1;
		}
		break;
	case PODSHARK_EXT_SOCKADDR:
		proto_tree_add_string(tree, hf_mem_sockaddr, tvb, data_offset,
					   (int)m->data_len, podshark_mem_text(pinfo->pool, m, 0));
		break;
	case PODSHARK_EXT_BUF:
	case PODSHARK_EXT_STRUCT:
		if (m->data_len)
			proto_tree_add_item(tree, hf_mem_buf, tvb, data_offset, (int)m->data_len,
					    ENC_NA);
		break;
	case PODSHARK_EXT_FD_PAIR:
		for (; pos + 4 <= m->data_len && pos < 8; pos += 4)
			proto_tree_add_item(tree, hf_mem_fd, tvb, data_offset + (int)pos, 4,
					    ENC_LITTLE_ENDIAN);
		break;
	case PODSHARK_EXT_INT_OUT:
		if (m->data_len >= 4)
			proto_tree_add_item(tree, hf_mem_int, tvb, data_offset, 4,
					    ENC_LITTLE_ENDIAN);
		break;
	}
}

static void add_mem_item(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, proto_item *item,
			 uint16_t type, int value_offset, const uint8_t *value, uint16_t value_len)
{
	struct podshark_mem_item m;
	const char *problem;
	char text[160];

	if (podshark_mem_item_parse(type, value, value_len, &m) != 0) {
		expert_add_info_format(pinfo, item, &ei_mem_malformed,
				       "%s item of %u bytes, shorter than its 8-byte prefix",
				       val_to_str_const(type, ext_type_names, "?"), value_len);
		return;
	}
	podshark_render_ext(type, value, value_len, text, sizeof(text));
	proto_item_append_text(item, ", argument %u: %s", m.mem.arg, text);
	proto_tree_add_item(tree, hf_mem_arg, tvb, value_offset, 1, ENC_LITTLE_ENDIAN);
	proto_tree_add_bitmask(tree, tvb, value_offset + 1, hf_mem_flags, ett_mem_flags,
			       mem_flag_fields, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(tree, hf_mem_count, tvb, value_offset + 2, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(tree, hf_mem_full_len, tvb, value_offset + 4, 4, ENC_LITTLE_ENDIAN);
	add_mem_data(tvb, pinfo, tree, &m, value_offset + (int)sizeof(struct podshark_ext_mem));

	if (m.mem.flags & PODSHARK_MEM_FAULT)
		expert_add_info_format(pinfo, item, &ei_mem_fault,
				       "Memory of argument %u could not be read", m.mem.arg);
	else if (m.mem.flags & PODSHARK_MEM_TRUNCATED)
		expert_add_info_format(pinfo, item, &ei_mem_truncated,
				       "Memory of argument %u truncated: %zu bytes captured",
				       m.mem.arg, m.data_len);
	problem = mem_item_problem(&m);
	if (problem)
		expert_add_info_format(pinfo, item, &ei_mem_malformed, "%s item: %s",
				       val_to_str_const(type, ext_type_names, "?"), problem);
}

static void add_sock_tuple(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, proto_item *item,
			   int offset, uint16_t value_len)
{
	const struct podshark_sock_tuple *t = NULL;
	uint16_t family;

	if (value_len < sizeof(*t)) {
		expert_add_info_format(pinfo, item, &ei_mem_malformed,
				       "SOCK_TUPLE item of %u bytes, not %zu", value_len,
				       sizeof(*t));
		return;
	}
	family = tvb_get_letohs(tvb, offset);
	proto_item_append_text(item, ", %s", PODSHARK_VAL_TO_STR(pinfo->pool, family, family_names, "family %u"));
	proto_tree_add_item(tree, hf_tuple_family, tvb, offset, 2, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(tree, hf_tuple_l4proto, tvb, offset + 2, 1, ENC_NA);
	proto_tree_add_item(tree, hf_tuple_state, tvb, offset + 3, 1, ENC_NA);
	proto_tree_add_item(tree, hf_tuple_sport, tvb, offset + 4, 2, ENC_BIG_ENDIAN);
	proto_tree_add_item(tree, hf_tuple_dport, tvb, offset + 6, 2, ENC_BIG_ENDIAN);
	if (family == AF_INET) {
		proto_tree_add_item(tree, hf_tuple_saddr, tvb, offset + 8, 4, ENC_BIG_ENDIAN);
		proto_tree_add_item(tree, hf_tuple_daddr, tvb, offset + 24, 4, ENC_BIG_ENDIAN);
	} else if (family == AF_INET6) {
		proto_tree_add_item(tree, hf_tuple_saddr6, tvb, offset + 8, 16, ENC_NA);
		proto_tree_add_item(tree, hf_tuple_daddr6, tvb, offset + 24, 16, ENC_NA);
	}
	proto_tree_add_item(tree, hf_tuple_ino, tvb, offset + 40, 8, ENC_LITTLE_ENDIAN);
}

bool podshark_ext_add_item(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			   proto_item *item, uint16_t type, int value_offset, const uint8_t *value,
			   uint16_t value_len)
{
	if (podshark_ext_is_mem(type)) {
		proto_item_set_text(item, "Extension %s", val_to_str_const(type, ext_type_names,
									      "?"));
		add_mem_item(tvb, pinfo, tree, item, type, value_offset, value, value_len);
		return true;
	}
	if (type == PODSHARK_EXT_SOCK_TUPLE) {
		proto_item_set_text(item, "Extension SOCK_TUPLE");
		add_sock_tuple(tvb, pinfo, tree, item, value_offset, value_len);
		return true;
	}
	return false;
}

void podshark_ext_register(int proto_podshark, expert_module_t *expert)
{
	static hf_register_info hf[] = {
		{ &hf_mem_arg,
		  { "Argument", "podshark.extension.arg", FT_UINT8, BASE_DEC, NULL, 0,
		    "Index (0-5) of the argument the memory belongs to; of a PROC record: 0 exe, "
		    "1 argv, 2 cwd",
		    HFILL } },
		{ &hf_mem_flags,
		  { "Memory flags", "podshark.extension.flags", FT_UINT8, BASE_HEX, NULL, 0,
		    "Memory flags of the item (truncated, unreadable, read at exit)", HFILL } },
		{ &hf_mem_flags_truncated,
		  { "Truncated", "podshark.extension.flags.truncated", FT_BOOLEAN, 8, NULL,
		    PODSHARK_MEM_TRUNCATED,
		    "The memory was longer than what the probe captured", HFILL } },
		{ &hf_mem_flags_fault,
		  { "Unreadable", "podshark.extension.flags.fault", FT_BOOLEAN, 8, NULL,
		    PODSHARK_MEM_FAULT,
		    "The pointer could not be read (the memory was not mapped or paged out)",
		    HFILL } },
		{ &hf_mem_flags_at_exit,
		  { "Read at exit", "podshark.extension.flags.at_exit", FT_BOOLEAN, 8, NULL,
		    PODSHARK_MEM_AT_EXIT,
		    "Read when the call returned (an output), not at entry", HFILL } },
		{ &hf_mem_count,
		  { "Strings", "podshark.extension.count", FT_UINT16, BASE_DEC, NULL, 0,
		    "ARGV: number of strings captured",
		    HFILL } },
		{ &hf_mem_full_len,
		  { "Full length", "podshark.extension.full_len", FT_UINT32, BASE_DEC, NULL, 0,
		    "Length the kernel had: BUF the I/O size, SOCKADDR the address length; 0 when "
		    "not known", HFILL } },
		{ &hf_mem_str,
		  { "String", "podshark.extension.str", FT_STRING, BASE_NONE, NULL, 0,
		    "A string (path, name) the argument points to, escaped",
		    HFILL } },
		{ &hf_mem_argv,
		  { "Argument string", "podshark.extension.argv", FT_STRING, BASE_NONE, NULL, 0,
		    "One string of a string array (argv, envp), escaped", HFILL } },
		{ &hf_mem_sockaddr,
		  { "Socket address", "podshark.extension.sockaddr", FT_STRING, BASE_NONE, NULL,
		    0,
		    "The socket address the argument points to, as text (10.0.0.7:443, "
		    "/run/x.sock)", HFILL } },
		{ &hf_mem_buf,
		  { "Data", "podshark.extension.buf", FT_BYTES, BASE_NONE, NULL, 0,
		    "Payload the call read or wrote, up to the capture's snap length",
		    HFILL } },
		{ &hf_mem_fd,
		  { "File descriptor", "podshark.extension.fd", FT_INT32, BASE_DEC, NULL, 0,
		    "A file descriptor the kernel wrote (pipe, socketpair)", HFILL } },
		{ &hf_mem_int,
		  { "Value written", "podshark.extension.int", FT_INT32, BASE_DEC, NULL, 0,
		    "An int the kernel wrote through a pointer (the wait status of wait4)",
		    HFILL } },
		{ &hf_tuple_family,
		  { "Family", "podshark.extension.tuple.family", FT_UINT16, BASE_DEC,
		    VALS(family_names), 0,
		    "Address family of the socket behind the call's fd (AF_INET, AF_INET6, "
		    "AF_UNIX)", HFILL } },
		{ &hf_tuple_l4proto,
		  { "Protocol", "podshark.extension.tuple.l4proto", FT_UINT8,
		    BASE_DEC | BASE_EXT_STRING, &ipproto_val_ext, 0,
		    "Transport protocol of the socket (IPPROTO_TCP, IPPROTO_UDP)", HFILL } },
		{ &hf_tuple_state,
		  { "State", "podshark.extension.tuple.state", FT_UINT8, BASE_DEC,
		    VALS(podshark_tcp_state_names), 0,
		    "The kernel's socket state when the call returned (ESTABLISHED, LISTEN, ...)",
		    HFILL } },
		{ &hf_tuple_sport,
		  { "Local port", "podshark.extension.tuple.sport", FT_UINT16, BASE_DEC, NULL, 0,
		    "Local port of the socket when the call returned", HFILL } },
		{ &hf_tuple_dport,
		  { "Remote port", "podshark.extension.tuple.dport", FT_UINT16, BASE_DEC, NULL, 0,
		    "Remote port of the socket when the call returned", HFILL } },
		{ &hf_tuple_saddr,
		  { "Local address", "podshark.extension.tuple.saddr", FT_IPv4, BASE_NONE, NULL,
		    0, "Local IPv4 address of the socket when the call returned", HFILL } },
		{ &hf_tuple_daddr,
		  { "Remote address", "podshark.extension.tuple.daddr", FT_IPv4, BASE_NONE, NULL,
		    0, "Remote IPv4 address of the socket when the call returned", HFILL } },
		{ &hf_tuple_saddr6,
		  { "Local address", "podshark.extension.tuple.saddr6", FT_IPv6, BASE_NONE, NULL,
		    0, "Local IPv6 address of the socket when the call returned", HFILL } },
		{ &hf_tuple_daddr6,
		  { "Remote address", "podshark.extension.tuple.daddr6", FT_IPv6, BASE_NONE, NULL,
		    0, "Remote IPv6 address of the socket when the call returned", HFILL } },
		{ &hf_tuple_ino,
		  { "Socket inode", "podshark.extension.tuple.ino", FT_UINT64, BASE_DEC, NULL, 0,
		    "Inode of the socket, as /proc/PID/fd shows it: socket:[inode]", HFILL } },
	};
	static int *ett[] = { &ett_mem_flags };
	static ei_register_info ei[] = {
		{ &ei_mem_truncated,
		  { "podshark.extension.truncated", PI_PROTOCOL, PI_NOTE,
		    "Argument memory truncated", EXPFILL } },
		{ &ei_mem_fault,
		  { "podshark.extension.fault", PI_PROTOCOL, PI_WARN,
		    "Argument memory could not be read", EXPFILL } },
		{ &ei_mem_malformed,
		  { "podshark.extension.malformed", PI_MALFORMED, PI_ERROR,
		    "Extension value malformed", EXPFILL } },
	};
	proto_register_field_array(proto_podshark, hf, array_length(hf));
	proto_register_subtree_array(ett, array_length(ett));
	expert_register_field_array(expert, ei, array_length(ei));
}

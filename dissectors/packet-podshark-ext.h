/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The extension items of podshark records (docs/FORMAT.md, "Extensions"):
 * shown decoded in the podshark subtree by the framing dissector, and read
 * by the record-type dissectors for what they mean (paths, argv, addresses,
 * fd pairs, socket tuples).  The items themselves are parsed by record/
 * (podshark_find_mem, podshark_find_sock_tuple in record_codec.h).
 *
 * Bytes from the traced process never reach a field or a column as they
 * are: they are escaped by record/arg_render (valid UTF-8, no control
 * characters) and bounded.
 */
#ifndef PACKET_PODSHARK_EXT_H
#define PACKET_PODSHARK_EXT_H

#include <stdbool.h>
#include <stdint.h>

#include <epan/expert.h>
#include <epan/packet.h>

#include "record_codec.h"

/* The kernel's TCP socket states (TCP_ESTABLISHED = 1 ... TCP_NEW_SYN_RECV = 12). */
extern const value_string podshark_tcp_state_names[];

/* Bytes of process memory turned into text for a field; more is cut, with "...". */
#define PODSHARK_TEXT_MAX 4096

/* n bytes of process memory as escaped text without quotes, "..." appended
 * when truncated or longer than PODSHARK_TEXT_MAX. */
char *podshark_bare_text(wmem_allocator_t *scope, const uint8_t *bytes, size_t n,
			 bool truncated);

/* The text of a memory item for a field: STR/BUF bare text, ARGV the strings
 * joined by spaces from string first_arg on (Falco's proc.args: 1), others
 * as the renderer shows them.  NULL for an unreadable (FAULT) item. */
char *podshark_mem_text(wmem_allocator_t *scope, const struct podshark_mem_item *m,
			unsigned first_arg);

/* Adds the decoded item of extension type (value at value_offset in tvb,
 * value[0..value_len) the same bytes) to tree with its expert info.  Returns
 * false for a type it does not know, adding nothing. */
bool podshark_ext_add_item(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			   proto_item *item, uint16_t type, int value_offset, const uint8_t *value,
			   uint16_t value_len);

/* Registers the extension fields and expert infos under the podshark protocol. */
void podshark_ext_register(int proto_podshark, expert_module_t *expert);

#endif /* PACKET_PODSHARK_EXT_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Encoder and decoder of podshark records (record/podshark_record.h).
 * Plain C, no GLib or Wireshark, so that it can be unit-tested and fuzzed on
 * its own.  The decoder never reads outside the buffer it is given and never
 * trusts a length field.
 */
#ifndef PODSHARK_RECORD_CODEC_H
#define PODSHARK_RECORD_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "podshark_record.h"

enum podshark_decode_status {
	PODSHARK_DECODE_OK = 0,
	PODSHARK_DECODE_TRUNCATED,       /* buffer shorter than the header or than total_len */
	PODSHARK_DECODE_BAD_LENGTH,      /* fixed_len < header, or fixed_len > total_len */
	PODSHARK_DECODE_UNKNOWN_VERSION, /* header readable, body not: version is newer */
	PODSHARK_DECODE_UNKNOWN_TYPE,    /* header readable, type not known: skip the record */
	PODSHARK_DECODE_SHORT_FIXED,     /* fixed part shorter than this decoder knows: the
					    missing fields read as zero */
	PODSHARK_DECODE_BAD_EXTENSION,   /* an extension runs past total_len */
};

struct podshark_decoded {
	struct podshark_rec_hdr hdr;
	enum podshark_decode_status status;
	size_t known_fixed_len;  /* bytes of fixed part this decoder understands */
	size_t unknown_fixed_len; /* bytes of fixed part from a newer writer, skipped */
	size_t ext_offset;       /* where extensions start (hdr.fixed_len) */
	size_t ext_len;          /* bytes of extensions */
	size_t trailing_len;     /* bytes after total_len in the buffer, ignored */
	union {
		struct podshark_syscall_rec sc;
		struct podshark_loss_rec loss;
		struct podshark_proc_rec proc;
		struct podshark_fd_rec fd;
		struct podshark_sock_rec sock;
		struct podshark_node_rec node;
	} u; /* by hdr.type; host byte order, but addresses and ports of socket tuples in
		network order as on the wire; fields beyond the record's fixed_len are zero */
};

/* The name of a record type ("syscall", "proc"...), or NULL for a type this
 * decoder does not know. */
const char *podshark_rec_type_name(unsigned type);

/* Decodes the record at buf[0..len).  Always fills out->status; returns it. */
enum podshark_decode_status podshark_decode(const void *buf, size_t len,
					    struct podshark_decoded *out);

const char *podshark_decode_status_str(enum podshark_decode_status status);

/* The extension item at p, of which left bytes are readable: its type, value
 * and the bytes of the whole item (header, value, padding).  Returns 0, or -1
 * when the item runs past left.  For items outside a decoded record (a
 * writer's own buffer); podshark_ext_next() walks a record's. */
int podshark_ext_item_at(const uint8_t *p, size_t left, uint16_t *type, const uint8_t **value,
			 uint16_t *value_len, size_t *item_len);

/* Iterates extensions: *pos starts at out->ext_offset.  Returns 1 and the item
 * (value pointer into buf) while there is one, 0 at the end, -1 when an item is
 * malformed (runs past total_len). */
int podshark_ext_next(const void *buf, const struct podshark_decoded *rec, size_t *pos,
		      uint16_t *type, const uint8_t **value, uint16_t *value_len);

/* One memory extension item (STR, ARGV, SOCKADDR, BUF, FD_PAIR, INT_OUT, STRUCT). */
struct podshark_mem_item {
	uint16_t type;               /* PODSHARK_EXT_* */
	struct podshark_ext_mem mem; /* host byte order */
	const uint8_t *data;         /* the bytes after the prefix */
	size_t data_len;
};

/* Whether extensions of this type carry memory (a struct podshark_ext_mem prefix). */
int podshark_ext_is_mem(uint16_t type);

/* Parses an extension of this type as a memory item.  Returns 0, or -1 when
 * the type is not a memory type or value_len is shorter than the prefix. */
int podshark_mem_item_parse(uint16_t type, const uint8_t *value, size_t value_len,
			    struct podshark_mem_item *m);

/* The memory extension of argument arg (of a PROC record: enum
 * podshark_proc_mem): of several, the one read at exit when prefer_exit (a
 * call that returned: its output), else the first.  Items with FAULT count:
 * the caller checks mem.flags.  Returns 1, or 0 when there is none. */
int podshark_find_mem(const void *buf, const struct podshark_decoded *rec, unsigned arg,
		      int prefer_exit, struct podshark_mem_item *out);

/* Decodes the value of a SOCK_TUPLE extension (family and ino to host order,
 * ports and addresses stay in network order).  Returns 0, or -1 when short. */
int podshark_sock_tuple_parse(const uint8_t *value, size_t value_len,
			      struct podshark_sock_tuple *out);

/* The record's first well-formed SOCK_TUPLE extension.  Returns 1, or 0. */
int podshark_find_sock_tuple(const void *buf, const struct podshark_decoded *rec,
			     struct podshark_sock_tuple *out);

/* Encoders: write the record little-endian into buf, setting the header
 * (version, type, fixed_len, total_len) themselves.  Return the bytes written,
 * or 0 when buflen is too small. */
size_t podshark_encode_syscall(const struct podshark_syscall_rec *rec, const void *ext,
			       size_t ext_len, void *buf, size_t buflen);
size_t podshark_encode_loss(const struct podshark_loss_rec *rec, void *buf, size_t buflen);
/* PROC and FD records: ext may already sit in buf right after the fixed part
 * (a writer that builds extensions in place). */
size_t podshark_encode_proc(const struct podshark_proc_rec *rec, const void *ext, size_t ext_len,
			    void *buf, size_t buflen);
size_t podshark_encode_fd(const struct podshark_fd_rec *rec, const void *ext, size_t ext_len,
			  void *buf, size_t buflen);
/* A NODE record with its node name and message (NULL: none) as STR extensions. */
size_t podshark_encode_node(const struct podshark_node_rec *rec, const char *node,
			    const char *message, void *buf, size_t buflen);
/* SOCK records (the probe writes them itself; test generators use this). */
size_t podshark_encode_sock(const struct podshark_sock_rec *rec, void *buf, size_t buflen);
/* The 48-byte value of a SOCK_TUPLE extension. */
void podshark_encode_sock_tuple(const struct podshark_sock_tuple *t, void *value);

/* Appends one extension item (header, value, padding) at buf[*len]; returns 0,
 * or -1 when it does not fit in bufsize or value_len > 65535.  A NULL value
 * leaves the value's bytes for the caller to write. */
int podshark_ext_append(void *buf, size_t bufsize, size_t *len, uint16_t type,
			const void *value, size_t value_len);

/* Appends a memory extension item: the podshark_ext_mem prefix, then data. */
int podshark_ext_append_mem(void *buf, size_t bufsize, size_t *len, uint16_t type,
			    const struct podshark_ext_mem *mem, const void *data, size_t data_len);

/* The fd type (enum podshark_fd_type) of a socket of this address family. */
uint32_t podshark_fd_type_of_family(uint32_t family);

#endif /* PODSHARK_RECORD_CODEC_H */

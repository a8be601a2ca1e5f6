/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pcapng_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcapng_format.h"

/* Larger blocks are not podshark's: a packet is at most 256 KiB. */
#define MAX_BLOCK (1u << 20)
#define MAX_INTERFACES 65536

struct pcapng_reader {
	uint8_t *buf;
	size_t start, len, size; /* unread bytes are buf[start .. start + len) */
	int in_section;
	uint64_t *ns_per_unit; /* per interface of the section */
	uint32_t interfaces;
	char *strings[4];      /* the current block's option strings */
};

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* pcapng timestamps: two 32-bit halves, high first */
static uint64_t ts_units(const uint8_t *p)
{
	return (uint64_t)le32(p) << 32 | le32(p + 4);
}

struct pcapng_reader *pcapng_reader_new(void)
{
	return calloc(1, sizeof(struct pcapng_reader));
}

static void free_strings(struct pcapng_reader *r)
{
	for (size_t i = 0; i < sizeof(r->strings) / sizeof(r->strings[0]); i++) {
		free(r->strings[i]);
		r->strings[i] = NULL;
	}
}

void pcapng_reader_free(struct pcapng_reader *r)
{
	if (!r)
		return;
	free_strings(r);
	free(r->ns_per_unit);
	free(r->buf);
	free(r);
}

size_t pcapng_reader_pending(const struct pcapng_reader *r)
{
	return r->len;
}

int pcapng_reader_feed(struct pcapng_reader *r, const void *data, size_t len)
{
	if (r->start && r->start + r->len + len > r->size) {
		memmove(r->buf, r->buf + r->start, r->len);
		r->start = 0;
	}
	if (r->len + len > r->size) {
		size_t size = r->size ? r->size : 65536;
		uint8_t *grown;

		while (size < r->len + len)
			size *= 2;
		grown = realloc(r->buf, size);
		if (!grown)
			return -ENOMEM;
		r->buf = grown;
		r->size = size;
	}
	memcpy(r->buf + r->start + r->len, data, len);
	r->len += len;
	return 0;
}

/* Calls fn for each option of a block's option area. */
static int walk_options(const uint8_t *p, size_t len,
			int (*fn)(void *ctx, uint16_t code, const uint8_t *value, uint16_t vlen),
			void *ctx)
{
	size_t pos = 0;

	while (pos + 4 <= len) {
		uint16_t code = le16(p + pos), vlen = le16(p + pos + 2);

		if (code == 0)
			return 0;
		if (pos + 4 + vlen > len)
			return -1;
		if (fn(ctx, code, p + pos + 4, vlen))
			return -1;
		pos += 4 + (((size_t)vlen + 3) & ~(size_t)3);
	}
	return 0;
}

struct option_ctx {
	struct pcapng_reader *r;
	struct pcapng_block *b;
	uint64_t ns_per_unit;
};

static char *dup_value(const uint8_t *value, uint16_t vlen)
{
	char *s = malloc((size_t)vlen + 1);

	if (s) {
		memcpy(s, value, vlen);
		s[vlen] = '\0';
	}
	return s;
}

static int on_section_option(void *data, uint16_t code, const uint8_t *value, uint16_t vlen)
{
	struct option_ctx *o = data;
	const char **slot = code == OPT_SHB_HARDWARE ? &o->b->section.hardware :
			    code == OPT_SHB_OS	   ? &o->b->section.os :
			    code == OPT_SHB_USERAPPL ? &o->b->section.app : NULL;

	if (slot)
		*slot = o->r->strings[code - OPT_SHB_HARDWARE] = dup_value(value, vlen);
	return 0;
}

static int on_interface_option(void *data, uint16_t code, const uint8_t *value, uint16_t vlen)
{
	struct option_ctx *o = data;
	struct pcapng_interface_info *info = &o->b->interface;

	switch (code) {
	case OPT_IF_NAME:
		info->name = o->r->strings[0] = dup_value(value, vlen);
		break;
	case OPT_IF_DESCRIPTION:
		info->description = o->r->strings[1] = dup_value(value, vlen);
		break;
	case OPT_IF_FILTER: /* a type byte (0: a filter string), then the filter */
		if (vlen > 1 && value[0] == 0)
			info->filter = o->r->strings[2] = dup_value(value + 1, vlen - 1);
		break;
	case OPT_IF_OS:
		info->os = o->r->strings[3] = dup_value(value, vlen);
		break;
	case OPT_IF_TSRESOL:
		/* powers of ten only, down to nanoseconds: what capture tools write */
		if (vlen < 1 || (value[0] & 0x80) || value[0] > 9)
			return -1;
		o->ns_per_unit = 1;
		for (int i = value[0]; i < 9; i++)
			o->ns_per_unit *= 10;
		break;
	}
	return 0;
}

static int on_stats_option(void *data, uint16_t code, const uint8_t *value, uint16_t vlen)
{
	struct option_ctx *o = data;
	struct pcapng_interface_stats *s = &o->b->stats;
	uint64_t v;

	if (vlen != 8)
		return 0;
	v = code == OPT_ISB_STARTTIME || code == OPT_ISB_ENDTIME ? ts_units(value) * o->ns_per_unit :
								   le64(value);
	switch (code) {
	case OPT_ISB_STARTTIME:
		s->start_ns = v;
		break;
	case OPT_ISB_ENDTIME:
		s->end_ns = v;
		break;
	case OPT_ISB_IFRECV:
		s->ifrecv = v;
		break;
	case OPT_ISB_IFDROP:
		s->ifdrop = v;
		break;
	case OPT_ISB_OSDROP:
		s->osdrop = v;
		break;
	case OPT_ISB_USRDELIV:
		s->usrdeliv = v;
		break;
	}
	return 0;
}

static int fail(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return -1;
}

int pcapng_reader_next(struct pcapng_reader *r, struct pcapng_block *b, char *err, size_t errlen)
{
	const uint8_t *p = r->buf + r->start;
	struct option_ctx o = { .r = r, .b = b, .ns_per_unit = 1000 };
	uint32_t type, blen;

	free_strings(r);
	memset(b, 0, sizeof(*b));
	if (r->len < 12)
		return 0;
	type = le32(p);
	blen = le32(p + 4);
	if (!r->in_section && type != BT_SHB)
		return fail(err, errlen, "not a pcapng stream (no section header first)");
	if (type == BT_SHB && le32(p + 8) != BYTE_ORDER_MAGIC)
		return fail(err, errlen, "not a little-endian pcapng stream");
	if (blen < 12 || blen % 4 || blen > MAX_BLOCK)
		return fail(err, errlen, "a pcapng block of an impossible length");
	if (r->len < blen)
		return 0;
	if (le32(p + blen - 4) != blen)
		return fail(err, errlen, "a pcapng block whose two lengths differ");

	switch (type) {
	case BT_SHB:
		if (blen < 28)
			return fail(err, errlen, "a short section header block");
		b->kind = PCAPNG_BLOCK_SECTION;
		r->in_section = 1;
		r->interfaces = 0;
		if (walk_options(p + 24, blen - 28, on_section_option, &o))
			return fail(err, errlen, "bad options in a section header block");
		break;
	case BT_IDB:
		if (blen < 20)
			return fail(err, errlen, "a short interface description block");
		b->kind = PCAPNG_BLOCK_INTERFACE;
		b->interface.linktype = le16(p + 8);
		b->interface.snaplen = le32(p + 12);
		if (walk_options(p + 16, blen - 20, on_interface_option, &o))
			return fail(err, errlen, "bad options in an interface description block");
		if (r->interfaces >= MAX_INTERFACES)
			return fail(err, errlen, "too many interfaces");
		if (r->interfaces % 64 == 0) {
			uint64_t *grown = realloc(r->ns_per_unit,
						  (r->interfaces + 64) * sizeof(*grown));

			if (!grown)
				return fail(err, errlen, "out of memory");
			r->ns_per_unit = grown;
		}
		r->ns_per_unit[r->interfaces++] = o.ns_per_unit;
		break;
	case BT_EPB:
		if (blen < 32)
			return fail(err, errlen, "a short enhanced packet block");
		b->kind = PCAPNG_BLOCK_PACKET;
		b->interface_id = le32(p + 8);
		if (b->interface_id >= r->interfaces)
			return fail(err, errlen, "a packet of an interface not described");
		b->ts_ns = ts_units(p + 12) * r->ns_per_unit[b->interface_id];
		b->caplen = le32(p + 20);
		b->origlen = le32(p + 24);
		if (b->caplen > blen - 32)
			return fail(err, errlen, "a packet longer than its block");
		b->data = p + 28;
		break;
	case BT_ISB:
		if (blen < 24)
			return fail(err, errlen, "a short interface statistics block");
		b->kind = PCAPNG_BLOCK_STATS;
		b->interface_id = le32(p + 8);
		if (b->interface_id >= r->interfaces)
			return fail(err, errlen, "statistics of an interface not described");
		o.ns_per_unit = r->ns_per_unit[b->interface_id];
		b->ts_ns = ts_units(p + 12) * o.ns_per_unit;
		if (walk_options(p + 20, blen - 24, on_stats_option, &o))
			return fail(err, errlen, "bad options in an interface statistics block");
		break;
	default:
		b->kind = PCAPNG_BLOCK_OTHER;
		break;
	}
	/* the block stays in the buffer until the next call */
	r->start += blen;
	r->len -= blen;
	return 1;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: arbitrary bytes as one podshark record, through the same
 * calls the dissector makes (record/record_codec.h, record/arg_render.h):
 * decode, walk the extensions, render each extension, the whole call and the
 * arguments; and the renderers on their own over the raw bytes.
 *
 * Besides the sanitizers' checks, every rendered text must keep the promises
 * of arg_render.h: NUL-terminated inside the buffer, a return value like
 * snprintf's, valid UTF-8 without control characters, never cut inside a
 * UTF-8 sequence.  A broken promise aborts, so libFuzzer keeps the input.
 *
 * Input: one record as it follows the 16-byte exported-PDU prefix of a frame
 * (scripts/fuzz.sh builds the seed corpus from the golden and live captures).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arg_render.h"
#include "podshark_record.h"
#include "record_codec.h"
#include "syscall_table.h"

/* The dissector renders into buffers of this size (RENDER_MAX). */
#define TEXT_MAX 4096
/* More items than a record of 4 GiB can hold would mean the walk does not advance. */
#define MAX_EXTENSIONS 65536

static void fail(const char *what, const char *text)
{
	fprintf(stderr, "fuzz_record: %s: \"%s\"\n", what, text);
	abort();
}

/* Length of the UTF-8 sequence at s[0..n) that encodes one allowed character,
 * or 0: malformed, overlong, a surrogate, or a control that arg_render.h says
 * is always escaped (C0, DEL, C1, bidi embeddings and isolates, U+2028/9). */
static size_t allowed_char_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len;

	if (s[0] < 0x80)
		return s[0] >= 0x20 && s[0] != 0x7f ? 1 : 0;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0; /* overlong or beyond Unicode */
	if ((cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029)
		return 0;
	return len;
}

/* The promises of arg_render.h about buf[0..len) after a call that returned ret. */
static void check_text(const char *what, const char *buf, size_t len, size_t ret)
{
	const void *nul;
	size_t shown;

	if (len == 0)
		return;
	nul = memchr(buf, '\0', len);
	if (!nul)
		fail(what, "(not NUL-terminated)");
	shown = (size_t)((const char *)nul - buf);
	if (ret < len ? shown != ret : shown > len - 1)
		fail(what, buf);
	for (size_t i = 0; i < shown;) {
		size_t n = allowed_char_len((const unsigned char *)buf + i, shown - i);

		if (!n)
			fail(what, buf);
		i += n;
	}
}

/* Every renderer into the full buffer and into a short one whose size the
 * input picks, so that cutting the text is exercised too. */
#define RENDER(what, call_with_buf_len)                                          \
	do {                                                                     \
		char *buf = text;                                                \
		size_t len = TEXT_MAX, ret = call_with_buf_len;                  \
		check_text(what, buf, len, ret);                                 \
		buf = short_text;                                                \
		len = short_len;                                                 \
		ret = call_with_buf_len;                                         \
		check_text(what, buf, len, ret);                                 \
	} while (0)

static char text[TEXT_MAX];
static char short_text[256];

static void render_record(const uint8_t *data, size_t size, size_t short_len)
{
	struct podshark_decoded rec;
	const uint8_t *value;
	uint16_t type, value_len;
	size_t pos;
	unsigned n = 0;
	int more;

	switch (podshark_decode(data, size, &rec)) {
	case PODSHARK_DECODE_TRUNCATED:
	case PODSHARK_DECODE_BAD_LENGTH:
	case PODSHARK_DECODE_UNKNOWN_VERSION:
		return; /* the dissector shows these as undecoded bytes */
	default:
		break;
	}
	pos = rec.ext_offset;
	while ((more = podshark_ext_next(data, &rec, &pos, &type, &value, &value_len)) == 1) {
		struct podshark_mem_item m;

		if (++n > MAX_EXTENSIONS)
			fail("extension walk does not end", "");
		if (value + value_len > data + size)
			fail("extension value outside the record", "");
		if (podshark_mem_item_parse(type, value, value_len, &m) == 0 &&
		    m.data + m.data_len > value + value_len)
			fail("memory extension data outside its value", "");
		RENDER("render_ext", podshark_render_ext(type, value, value_len, buf, len));
	}
	RENDER("render_call", podshark_render_call(&rec, data, buf, len));
	RENDER("render_args", podshark_render_args(&rec, data, buf, len));
}

static void render_raw(const uint8_t *data, size_t size, size_t short_len)
{
	static const unsigned arches[] = { PODSHARK_ARCH_X86_64, PODSHARK_ARCH_I386,
					   PODSHARK_ARCH_AARCH64, 0 };
	uint64_t raw = 0;
	int32_t status = 0;

	memcpy(&raw, data, size < sizeof(raw) ? size : sizeof(raw));
	memcpy(&status, data, size < sizeof(status) ? size : sizeof(status));
	for (size_t a = 0; a < sizeof(arches) / sizeof(arches[0]); a++)
		for (int t = 0; t < PODSHARK_ARG_TYPE_COUNT; t++)
			RENDER("render_value", podshark_render_value(t, raw, arches[a], buf, len));
	RENDER("render_str", podshark_render_str(data, size, size & 1, buf, len));
	RENDER("render_argv", podshark_render_argv(data, size, (unsigned)(raw & 0xffff),
						   size & 1, buf, len));
	RENDER("render_sockaddr", podshark_render_sockaddr(data, size, buf, len));
	RENDER("render_fd_pair", podshark_render_fd_pair(data, size, buf, len));
	RENDER("render_wait_status", podshark_render_wait_status(status, buf, len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 0 (nothing may be written) up to the whole short buffer */
	size_t short_len = size ? data[size - 1] % (sizeof(short_text) + 1) : 0;

	render_record(data, size, short_len);
	render_raw(data, size, short_len);
	return 0;
}

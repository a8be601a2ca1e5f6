/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pcapng writer.  Blocks are assembled in a user-space buffer and written
 * with few large write() calls: the capture path must not cost one system
 * call per event (docs/PERFORMANCE.md).
 */
#define _GNU_SOURCE /* sync_file_range */
#include "pcapng_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcapng_format.h"


/* Exported-PDU tags are big-endian (wsutil/exported_pdu_tlvs.h). */
#define EXP_PDU_TAG_END_OF_OPT 0
#define EXP_PDU_TAG_DISSECTOR_NAME 12

struct pcapng_writer {
	int fd;
	int error; /* sticky: 0 or -errno */
	unsigned char *buf;
	size_t len, size;
	uint64_t bytes;
	off_t flushed; /* bytes written to fd in whole flushes */
	off_t written_back; /* a regular file: up to here sent to disk (drop_behind) */
	int regular;   /* 1 a regular file, 0 not, -1 not looked yet */
	uint32_t interfaces;
};

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

struct pcapng_writer *pcapng_writer_new(int fd, size_t buffer_size)
{
	struct pcapng_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	if (buffer_size < 65536)
		buffer_size = 65536;
	w->buf = malloc(buffer_size);
	if (!w->buf) {
		free(w);
		return NULL;
	}
	w->fd = fd;
	w->size = buffer_size;
	w->regular = -1;
	return w;
}

/* A capture file is written once and read later: once a chunk of it is on
 * disk its pages leave the page cache, instead of filling memory and pushing
 * out the traced programs' pages.  The writes then go into pages just freed,
 * which costs less than new ones (in a VM that hands free memory back to its
 * host, several times less: docs/PERFORMANCE.md).  Nothing here waits for
 * the disk: a chunk is sent on its way when it is full and dropped a chunk
 * later, and pages still being written then stay cached as before. */
#define DROP_BEHIND_CHUNK (8 << 20)

static void drop_behind(struct pcapng_writer *w)
{
	if (w->regular < 0) {
		struct stat st;

		w->regular = fstat(w->fd, &st) == 0 && S_ISREG(st.st_mode);
	}
	if (!w->regular || w->flushed - w->written_back < DROP_BEHIND_CHUNK)
		return;
	/* failures only leave pages cached */
	(void)sync_file_range(w->fd, w->written_back, DROP_BEHIND_CHUNK, SYNC_FILE_RANGE_WRITE);
	w->written_back += DROP_BEHIND_CHUNK;
	if (w->written_back >= 2 * DROP_BEHIND_CHUNK)
		(void)posix_fadvise(w->fd, w->written_back - 2 * DROP_BEHIND_CHUNK,
				    DROP_BEHIND_CHUNK, POSIX_FADV_DONTNEED);
}

int pcapng_writer_flush(struct pcapng_writer *w)
{
	size_t done = 0;

	if (w->error)
		return w->error;
	while (done < w->len) {
		ssize_t n = write(w->fd, w->buf + done, w->len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			w->error = -errno;
			/* A file (full disk) keeps whole blocks only, so what is in it
			 * stays a readable capture: cut back to where this flush began,
			 * which the buffer always starts at a block boundary.  (A pipe
			 * cannot be cut; its reader is gone or stuck anyway.) */
			if (done && ftruncate(w->fd, w->flushed) == 0)
				lseek(w->fd, w->flushed, SEEK_SET);
			return w->error;
		}
		done += (size_t)n;
	}
	w->flushed += w->len;
	w->len = 0;
	drop_behind(w);
	return 0;
}

int pcapng_writer_close(struct pcapng_writer *w)
{
	int err;

	if (!w)
		return 0;
	err = pcapng_writer_flush(w);
	free(w->buf);
	free(w);
	return err;
}

uint64_t pcapng_writer_bytes(const struct pcapng_writer *w)
{
	return w->bytes;
}

/* Makes room for a block of len bytes; a block larger than the buffer grows it. */
static unsigned char *reserve(struct pcapng_writer *w, size_t len)
{
	unsigned char *p;

	if (w->error)
		return NULL;
	if (w->len + len > w->size && pcapng_writer_flush(w))
		return NULL;
	if (len > w->size) {
		unsigned char *bigger = realloc(w->buf, len);

		if (!bigger) {
			w->error = -ENOMEM;
			return NULL;
		}
		w->buf = bigger;
		w->size = len;
	}
	p = w->buf + w->len;
	w->len += len;
	w->bytes += len;
	return p;
}

static unsigned char *put_u16(unsigned char *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
	return p + 2;
}

static unsigned char *put_u32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
	return p + 4;
}

static unsigned char *put_u64(unsigned char *p, uint64_t v)
{
	p = put_u32(p, (uint32_t)v);
	return put_u32(p, (uint32_t)(v >> 32));
}

/* pcapng timestamps are two 32-bit halves, high first. */
static unsigned char *put_ts(unsigned char *p, uint64_t ts)
{
	p = put_u32(p, (uint32_t)(ts >> 32));
	return put_u32(p, (uint32_t)ts);
}

static unsigned char *put_bytes(unsigned char *p, const void *data, size_t len)
{
	size_t padded = pad4(len);

	if (len)
		memcpy(p, data, len);
	memset(p + len, 0, padded - len);
	return p + padded;
}

/* Option sizes and writers.  A NULL or empty string option is left out. */
static size_t str_opt_len(const char *s)
{
	return s && *s ? 4 + pad4(strlen(s)) : 0;
}

static unsigned char *put_str_opt(unsigned char *p, uint16_t code, const char *s)
{
	size_t len;

	if (!s || !*s)
		return p;
	len = strlen(s);
	if (len > 0xffff)
		len = 0xffff;
	p = put_u16(p, code);
	p = put_u16(p, (uint16_t)len);
	return put_bytes(p, s, len);
}

static unsigned char *put_u64_opt(unsigned char *p, uint16_t code, uint64_t v)
{
	p = put_u16(p, code);
	p = put_u16(p, 8);
	return put_u64(p, v);
}

static unsigned char *put_ts_opt(unsigned char *p, uint16_t code, uint64_t ts)
{
	p = put_u16(p, code);
	p = put_u16(p, 8);
	return put_ts(p, ts);
}

static unsigned char *put_end_opt(unsigned char *p)
{
	return put_u32(p, OPT_END);
}

int pcapng_write_section(struct pcapng_writer *w, const struct pcapng_section_info *info)
{
	size_t len = 28 + str_opt_len(info->hardware) + str_opt_len(info->os) +
		     str_opt_len(info->app) + 4;
	unsigned char *p = reserve(w, len);

	if (!p)
		return w->error;
	p = put_u32(p, BT_SHB);
	p = put_u32(p, (uint32_t)len);
	p = put_u32(p, BYTE_ORDER_MAGIC);
	p = put_u16(p, 1);
	p = put_u16(p, 0);
	p = put_u64(p, UINT64_MAX); /* section length not known in advance */
	p = put_str_opt(p, OPT_SHB_HARDWARE, info->hardware);
	p = put_str_opt(p, OPT_SHB_OS, info->os);
	p = put_str_opt(p, OPT_SHB_USERAPPL, info->app);
	p = put_end_opt(p);
	put_u32(p, (uint32_t)len);
	w->interfaces = 0;
	return 0;
}

int pcapng_write_interface(struct pcapng_writer *w, const struct pcapng_interface_info *info)
{
	size_t filter_len = info->filter && *info->filter ? strlen(info->filter) + 1 : 0;
	size_t len = 20 + str_opt_len(info->name) + str_opt_len(info->description) +
		     8 /* if_tsresol */ + (filter_len ? 4 + pad4(filter_len) : 0) +
		     str_opt_len(info->os) + 4;
	unsigned char *p;

	if (filter_len > 0xffff)
		return -EINVAL;
	p = reserve(w, len);
	if (!p)
		return w->error;
	p = put_u32(p, BT_IDB);
	p = put_u32(p, (uint32_t)len);
	p = put_u16(p, info->linktype);
	p = put_u16(p, 0);
	p = put_u32(p, info->snaplen);
	p = put_str_opt(p, OPT_IF_NAME, info->name);
	p = put_str_opt(p, OPT_IF_DESCRIPTION, info->description);
	p = put_u16(p, OPT_IF_TSRESOL);
	p = put_u16(p, 1);
	p = put_u32(p, 9); /* 10^-9 s: the probe's clock is in nanoseconds */
	if (filter_len) {
		/* if_filter: a first byte of 0 says "libpcap filter string" */
		p = put_u16(p, OPT_IF_FILTER);
		p = put_u16(p, (uint16_t)filter_len);
		*p = 0;
		memcpy(p + 1, info->filter, filter_len - 1);
		memset(p + filter_len, 0, pad4(filter_len) - filter_len);
		p += pad4(filter_len);
	}
	p = put_str_opt(p, OPT_IF_OS, info->os);
	p = put_end_opt(p);
	put_u32(p, (uint32_t)len);
	return (int)w->interfaces++;
}

int pcapng_write_packet(struct pcapng_writer *w, uint32_t interface_id, uint64_t ts_ns,
			const void *prefix, uint32_t prefix_len, const void *data, uint32_t caplen,
			uint32_t origlen)
{
	uint32_t total_cap = prefix_len + caplen;
	size_t len = 28 + pad4(total_cap) + 4;
	unsigned char *p = reserve(w, len);

	if (!p)
		return w->error;
	p = put_u32(p, BT_EPB);
	p = put_u32(p, (uint32_t)len);
	p = put_u32(p, interface_id);
	p = put_ts(p, ts_ns);
	p = put_u32(p, total_cap);
	p = put_u32(p, prefix_len + origlen);
	if (prefix_len)
		memcpy(p, prefix, prefix_len);
	if (caplen)
		memcpy(p + prefix_len, data, caplen);
	memset(p + total_cap, 0, pad4(total_cap) - total_cap);
	p += pad4(total_cap);
	put_u32(p, (uint32_t)len);
	return 0;
}

int pcapng_write_stats(struct pcapng_writer *w, uint32_t interface_id, uint64_t ts_ns,
		       const struct pcapng_interface_stats *s)
{
	size_t len = 20 + (s->start_ns ? 12 : 0) + (s->end_ns ? 12 : 0) + 4 * 12 + 4 + 4;
	unsigned char *p = reserve(w, len);

	if (!p)
		return w->error;
	p = put_u32(p, BT_ISB);
	p = put_u32(p, (uint32_t)len);
	p = put_u32(p, interface_id);
	p = put_ts(p, ts_ns);
	if (s->start_ns)
		p = put_ts_opt(p, OPT_ISB_STARTTIME, s->start_ns);
	if (s->end_ns)
		p = put_ts_opt(p, OPT_ISB_ENDTIME, s->end_ns);
	p = put_u64_opt(p, OPT_ISB_IFRECV, s->ifrecv);
	p = put_u64_opt(p, OPT_ISB_IFDROP, s->ifdrop);
	p = put_u64_opt(p, OPT_ISB_OSDROP, s->osdrop);
	p = put_u64_opt(p, OPT_ISB_USRDELIV, s->usrdeliv);
	p = put_end_opt(p);
	put_u32(p, (uint32_t)len);
	return 0;
}

size_t pcapng_exported_pdu_prefix_len(const char *dissector_name)
{
	return 4 + pad4(strlen(dissector_name)) + 4;
}

void pcapng_exported_pdu_prefix(void *buf, const char *dissector_name)
{
	unsigned char *p = buf;
	size_t name_len = strlen(dissector_name);
	size_t padded = pad4(name_len);

	p[0] = 0;
	p[1] = EXP_PDU_TAG_DISSECTOR_NAME;
	p[2] = (unsigned char)(padded >> 8);
	p[3] = (unsigned char)padded;
	p = put_bytes(p + 4, dissector_name, name_len);
	p[0] = 0;
	p[1] = EXP_PDU_TAG_END_OF_OPT;
	p[2] = 0;
	p[3] = 0;
}

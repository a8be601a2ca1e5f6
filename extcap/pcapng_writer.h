/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small buffered pcapng writer: section header, interface description,
 * enhanced packet and interface statistics blocks, little-endian.  Used by the
 * extcap and by the tools that generate test captures.
 */
#ifndef PODSHARK_PCAPNG_WRITER_H
#define PODSHARK_PCAPNG_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCAPNG_LINKTYPE_ETHERNET 1
#define PCAPNG_LINKTYPE_WIRESHARK_UPPER_PDU 252

struct pcapng_writer;

struct pcapng_section_info {
	const char *hardware; /* shb_hardware, may be NULL */
	const char *os;       /* shb_os, may be NULL */
	const char *app;      /* shb_userappl, may be NULL */
};

struct pcapng_interface_info {
	uint16_t linktype;
	uint32_t snaplen;
	const char *name;        /* if_name */
	const char *description; /* if_description, may be NULL */
	const char *filter;      /* if_filter (a BPF filter string), may be NULL */
	const char *os;          /* if_os, may be NULL */
};

struct pcapng_interface_stats {
	uint64_t start_ns, end_ns; /* UNIX epoch ns; 0 leaves the option out */
	uint64_t ifrecv;           /* events or packets seen */
	uint64_t ifdrop;           /* lost before the capture tool could take them */
	uint64_t osdrop;           /* lost by the capture tool itself */
	uint64_t usrdeliv;         /* written to the capture */
};

/* Writes to fd; flushes when the buffer fills and on pcapng_writer_flush().
 * Does not own fd. */
struct pcapng_writer *pcapng_writer_new(int fd, size_t buffer_size);

/* Flushes and frees; returns the result of the last flush (0 or -errno). */
int pcapng_writer_close(struct pcapng_writer *w);

int pcapng_write_section(struct pcapng_writer *w, const struct pcapng_section_info *info);

/* Returns the interface id (0, 1, ...) of the new interface, or -errno. */
int pcapng_write_interface(struct pcapng_writer *w, const struct pcapng_interface_info *info);

/* An Enhanced Packet Block: ts_ns is UNIX epoch ns (interfaces use if_tsresol 9).
 * prefix (may be NULL) and data are concatenated as the packet bytes. */
int pcapng_write_packet(struct pcapng_writer *w, uint32_t interface_id, uint64_t ts_ns,
			const void *prefix, uint32_t prefix_len, const void *data, uint32_t caplen,
			uint32_t origlen);

int pcapng_write_stats(struct pcapng_writer *w, uint32_t interface_id, uint64_t ts_ns,
		       const struct pcapng_interface_stats *stats);

/* Writes the buffered bytes; returns 0 or -errno (EPIPE when the reader went away,
 * ENOSPC when the disk is full).  After an error every call returns it again. */
int pcapng_writer_flush(struct pcapng_writer *w);

/* Bytes handed to the writer so far (written or buffered). */
uint64_t pcapng_writer_bytes(const struct pcapng_writer *w);

/* The exported-PDU prefix that routes a frame to the named dissector:
 * writes it into buf (which must hold pcapng_exported_pdu_prefix_len(name) bytes). */
size_t pcapng_exported_pdu_prefix_len(const char *dissector_name);
void pcapng_exported_pdu_prefix(void *buf, const char *dissector_name);

#endif /* PODSHARK_PCAPNG_WRITER_H */

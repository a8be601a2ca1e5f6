/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Packets from the pods' own network namespaces (and, optionally, the
 * host's interfaces) with libpcap, one pcapng interface per captured
 * interface, merged into the capture's stream by time.
 *
 * The handles are opened from the extcap's single thread with setns(): the
 * AF_PACKET socket libpcap makes stays bound to the pod's namespace after
 * the thread returns to its own, so every handle is polled from one loop.
 */
#ifndef PODSHARK_PACKET_CAPTURE_H
#define PODSHARK_PACKET_CAPTURE_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "container_meta.h"
#include "pcapng_writer.h"

struct packet_capture;

struct packet_capture_config {
	bool pod_interfaces;  /* capture in every pod network namespace */
	bool host_interfaces; /* capture the host's own interfaces (not lo) */
	const char *filter;   /* a capture filter (pcap-filter(7)), may be NULL */
	int snaplen;
	const char *node;
	const char *os;
	void (*log)(void *data, const char *message); /* one line per problem */
	void *log_data;
};

/* Called for each packet. */
typedef int (*packet_capture_fn)(void *ctx, uint32_t interface_id, uint64_t ts_ns,
				 const uint8_t *data, uint32_t caplen, uint32_t len);

struct packet_capture *packet_capture_new(struct pcapng_writer *w,
					  const struct packet_capture_config *config,
					  packet_capture_fn fn, void *ctx);
void packet_capture_free(struct packet_capture *pc);

/* Learns of a network namespace a process lives in.  A namespace that is
 * not the host's and belongs to a pod (meta) is opened once, through
 * /proc/PID/ns/net (or meta->netns_path when the process is gone). */
void packet_capture_note_netns(struct packet_capture *pc, pid_t pid, uint32_t netns_inode,
			       const struct container_meta *meta);

/* Opens interfaces that appeared in known namespaces since the last call. */
void packet_capture_rescan(struct packet_capture *pc);

/* Fills fds (at most max) with the handles to wait on; returns how many. */
int packet_capture_pollfds(struct packet_capture *pc, struct pollfd *fds, int max);

/* Reads every packet waiting on every handle; returns how many, or -errno
 * when the callback failed.  A handle whose interface went away is closed. */
int packet_capture_dispatch(struct packet_capture *pc);

/* An Interface Statistics Block for every open packet interface: packets the
 * kernel saw, dropped for want of buffer room, and handed to the capture. */
int packet_capture_write_stats(struct packet_capture *pc, uint64_t now_ns);

/* Packets received and dropped by the kernel, summed over every handle. */
void packet_capture_counts(struct packet_capture *pc, uint64_t *received, uint64_t *dropped);

#endif /* PODSHARK_PACKET_CAPTURE_H */

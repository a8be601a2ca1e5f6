// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen_flows: a capture of TCP connects in one pod, as the extcap writes them
 * (SOCK record, the packets on the pod's interface, the connect's record), for
 * the flow links of dissectors/packet-podshark-flow.c:
 *
 *   frames  1-8   pid 100 connects from port 40000, the connection closes
 *   frames  9-13  pid 200 connects from port 40000 again (the port came round)
 *   frames 14-22  pid 300 connects from port 40001, its SYN sent twice, while
 *                 pid 400 begins a connect to the same server (port 40002)
 *
 * Usage: gen_flows OUTPUT.pcapng
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture_gen.h"
#include "iface_desc.h"
#include "podshark_record.h"
#include "record_codec.h"

#define T0_NS 1700000000000000000ull
#define MS 1000000ull
#define NETNS 4026532999u
#define NR_CONNECT 42 /* x86_64 */
#define AF_INET_FAMILY 2
#define IPPROTO_TCP_PROTO 6
#define TCP_ESTABLISHED 1
#define TCP_SYN_SENT 2
#define TCP_CLOSE 7
#define SYN 0x02
#define SYN_ACK 0x12
#define ACK 0x10
#define FIN_ACK 0x11

enum { RECORDS_IF, POD_IF };

static const uint8_t client[4] = { 10, 1, 0, 5 }, server[4] = { 10, 1, 0, 2 };

struct gen {
	struct capture_gen out;
	unsigned frames;
};

static void fail(const char *what)
{
	fprintf(stderr, "gen_flows: failed to %s\n", what);
	exit(1);
}

static uint64_t next_ts(struct gen *g)
{
	return T0_NS + ++g->frames * MS;
}

/* An Ethernet/IPv4/TCP segment without payload on the pod's interface. */
static void emit_segment(struct gen *g, const uint8_t src[4], uint16_t sport, const uint8_t dst[4],
			 uint16_t dport, uint8_t flags)
{
	uint8_t seq = (uint8_t)g->frames; /* before next_ts() counts this frame */

	capture_gen_tcp_segment(&g->out, POD_IF, next_ts(g), src, sport, dst, dport, flags, seq);
}

static void emit_record(struct gen *g, const void *rec, uint32_t len)
{
	pcapng_write_packet(g->out.w, RECORDS_IF, next_ts(g), g->out.prefix, g->out.prefix_len, rec,
			    len, len);
}

static void fill_tuple(struct podshark_sock_tuple *t, uint8_t state, uint16_t lport)
{
	*t = (struct podshark_sock_tuple){
		.family = AF_INET_FAMILY, .l4proto = IPPROTO_TCP_PROTO, .state = state,
		.sport = (uint16_t)(lport >> 8 | lport << 8), .dport = (uint16_t)(80 >> 8 | 80 << 8),
		.ino = 7000 + lport,
	};
	memcpy(t->saddr, client, 4);
	memcpy(t->daddr, server, 4);
}

/* A TCP connect beginning in pid: the probe's SOCK record (no local port yet). */
static void emit_sock(struct gen *g, uint32_t pid)
{
	struct podshark_sock_rec s = {
		.evt_num = g->frames + 1, .ts_ns = T0_NS + (g->frames + 1) * MS, .cgroup_id = 4243,
		.pid = pid, .tid = pid, .netns = NETNS, .old_state = TCP_CLOSE,
		.new_state = TCP_SYN_SENT,
	};
	unsigned char buf[PODSHARK_SOCK_REC_LEN];

	memcpy(s.comm, "wget", 4);
	fill_tuple(&s.tuple, TCP_SYN_SENT, 0);
	if (!podshark_encode_sock(&s, buf, sizeof(buf)))
		fail("encode a SOCK record");
	emit_record(g, buf, sizeof(buf));
}

/* The connect's record, with the tuple of its socket when it returned. */
static void emit_connect(struct gen *g, uint32_t pid, uint16_t lport)
{
	struct podshark_syscall_rec sc = {
		.evt_num = g->frames + 1, .cgroup_id = 4243, .nr = NR_CONNECT,
		.arch = PODSHARK_ARCH_X86_64, .pid = pid, .tid = pid, .ppid = 1, .vpid = pid,
		.vtid = pid, .args = { 3, 0x7ffe0000, 16 },
	};
	struct podshark_sock_tuple t;
	unsigned char ext[64], value[sizeof(t)], buf[PODSHARK_SYSCALL_REC_LEN + sizeof(ext)];
	size_t ext_len = 0, len;

	sc.entry_ns = T0_NS + (g->frames + 1) * MS - 2 * MS;
	sc.latency_ns = 2 * MS;
	sc.ns_inum[PODSHARK_NS_NET] = NETNS;
	memcpy(sc.comm, "wget", 4);
	fill_tuple(&t, TCP_ESTABLISHED, lport);
	podshark_encode_sock_tuple(&t, value);
	if (podshark_ext_append(ext, sizeof(ext), &ext_len, PODSHARK_EXT_SOCK_TUPLE, value,
				sizeof(value)))
		fail("encode a socket tuple");
	len = podshark_encode_syscall(&sc, ext, ext_len, buf, sizeof(buf));
	if (!len)
		fail("encode a connect");
	emit_record(g, buf, (uint32_t)len);
}

static void handshake(struct gen *g, uint16_t lport)
{
	emit_segment(g, server, 80, client, lport, SYN_ACK);
	emit_segment(g, client, lport, server, 80, ACK);
}

static void write_frames(struct gen *g)
{
	/* 1-8: pid 100, port 40000, to the end of the connection */
	emit_sock(g, 100);
	emit_segment(g, client, 40000, server, 80, SYN);
	handshake(g, 40000);
	emit_connect(g, 100, 40000);
	emit_segment(g, client, 40000, server, 80, FIN_ACK);
	emit_segment(g, server, 80, client, 40000, FIN_ACK);
	emit_segment(g, client, 40000, server, 80, ACK);
	/* 9-13: pid 200, port 40000 again */
	emit_sock(g, 200);
	emit_segment(g, client, 40000, server, 80, SYN);
	handshake(g, 40000);
	emit_connect(g, 200, 40000);
	/* 14-22: pid 300's SYN goes out twice; pid 400 connects in between */
	emit_sock(g, 300);
	emit_segment(g, client, 40001, server, 80, SYN);
	emit_sock(g, 400);
	emit_segment(g, client, 40001, server, 80, SYN); /* retransmitted */
	emit_segment(g, client, 40002, server, 80, SYN);
	handshake(g, 40001);
	emit_connect(g, 300, 40001);
	emit_connect(g, 400, 40002);
}

int main(int argc, char **argv)
{
	char records_desc[128], pod_desc[256];
	size_t n;
	struct gen g = { 0 };

	n = podshark_iface_desc_start(records_desc, sizeof(records_desc));
	n = podshark_iface_desc_add(records_desc, sizeof(records_desc), n, "node", "worker-1");
	podshark_iface_desc_add(records_desc, sizeof(records_desc), n, "container.id", "abc123def456");
	n = podshark_iface_desc_start(pod_desc, sizeof(pod_desc));
	n = podshark_iface_desc_add(pod_desc, sizeof(pod_desc), n, "node", "worker-1");
	n = podshark_iface_desc_add(pod_desc, sizeof(pod_desc), n, "if.name", "eth0");
	n = podshark_iface_desc_add(pod_desc, sizeof(pod_desc), n, "k8s.pod.name", "load-0");
	podshark_iface_desc_add(pod_desc, sizeof(pod_desc), n, "proc.ns.net", "4026532999");

	capture_gen_open(&g.out, argc, argv, "gen_flows");
	pcapng_write_interface(g.out.w, &(struct pcapng_interface_info){
		.linktype = PCAPNG_LINKTYPE_WIRESHARK_UPPER_PDU, .snaplen = 65535,
		.name = "podshark", .description = records_desc });
	pcapng_write_interface(g.out.w, &(struct pcapng_interface_info){
		.linktype = PCAPNG_LINKTYPE_ETHERNET, .snaplen = 262144,
		.name = "qa/load-0 eth0", .description = pod_desc });
	write_frames(&g);
	return capture_gen_close(&g.out);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which process a packet belongs to, and links between a socket's calls and
 * its packets, in both directions.
 *
 * A flow table for the open file, filled in capture order from what the
 * records say about sockets: the socket tuple of calls on sockets (connect,
 * accept, listen, sendto...), the FD records of sockets open at the start,
 * and the SOCK records the probe writes when a TCP connect begins (before
 * its SYN; the kernel has not picked the local port yet, so the SOCK record
 * waits for the first SYN to that destination in the same network
 * namespace).  A post-dissector looks every packet of a podshark packet
 * interface up in it: by its 5-tuple, else by the listening socket of its
 * port.  Results are computed on the first pass and kept per frame, so every
 * later pass shows the same.
 */
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/to_str.h>
#include <epan/wmem_scopes.h>
#include <wiretap/wtap.h>
#include <wsutil/pint.h>

#include "packet-podshark-ext.h"
#include "packet-podshark-k8s.h"
#include "packet-podshark-fields.h"
#include "packet-podshark.h"
#include "record_codec.h"
#include "syscall_table.h"
#include "ws_compat.h"

void proto_register_podshark_flow(void);
void proto_reg_handoff_podshark_flow(void);

#define AF_INET_ 2
#define AF_INET6_ 10
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define TCP_LISTEN_ 10 /* the kernel's TCP state numbers */
#define TCP_SYN_SENT_ 2

static int proto_flow = -1;
static int proto_sock = -1;

static int hf_flow_opened_in = -1;
static int hf_flow_first_packet = -1;
static int hf_flow_by_listener = -1;
static int hf_sock_old_state = -1;
static int hf_sock_new_state = -1;
static int hf_sock_daddr = -1;
static int hf_sock_daddr6 = -1;
static int hf_sock_dport = -1;

static int ett_flow = -1;
static int ett_sock = -1;

/* Who owns a socket: the process, and the frame that told us. */
struct owner {
	uint32_t pid, tid, uid;
	int32_t fd; /* -1 when not known */
	char comm[PODSHARK_COMM_LEN + 1];
	const char *container_id; /* file scope, may be NULL */
	uint32_t frame;           /* the record that named the owner */
	uint32_t first_packet;    /* the first packet seen of the flow, 0 before */
	bool past_syn;            /* a packet other than a bare SYN was seen on the flow */
};

/* Network namespaces are "node id << 32 | inode" (on_node()): inodes
 * repeat across the nodes of a merged capture. */

/* An endpoint pair in one network namespace, local end first. */
struct flow_key {
	uint64_t netns;
	uint8_t family, l4proto;
	uint16_t lport, rport; /* host order */
	uint8_t laddr[16], raddr[16];
};

/* A connect whose local port is not known yet: matched by destination. */
struct pending_key {
	uint64_t netns;
	uint8_t family, l4proto;
	uint16_t rport;
	uint8_t raddr[16];
};

/* A listening socket, by port (any local address). */
struct listen_key {
	uint64_t netns;
	uint8_t family, l4proto;
	uint16_t port;
};

/* What a process is called and which network namespace it lives in, from
 * PROC and SYSCALL records: FD records (the snapshot) carry neither. */
struct process {
	char comm[PODSHARK_COMM_LEN + 1];
	uint32_t netns;
};

static wmem_map_t *processes; /* node id << 32 | pid -> struct process */
static wmem_map_t *flows;     /* struct flow_key -> struct owner */
static wmem_map_t *pendings;  /* struct pending_key -> struct owner */
static wmem_map_t *listeners; /* struct listen_key -> struct owner */

/* What the first pass found for a frame. */
struct frame_flow {
	const struct owner *owner; /* packets: the owning process */
	bool by_listener;
	uint32_t first_packet; /* records: the first packet of the socket's flow */
};

static guint bytes_hash(gconstpointer key, size_t len)
{
	const uint8_t *p = key;
	guint h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static guint flow_hash(gconstpointer k)
{
	return bytes_hash(k, sizeof(struct flow_key));
}

static gboolean flow_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct flow_key)) == 0;
}

static guint pending_hash(gconstpointer k)
{
	return bytes_hash(k, sizeof(struct pending_key));
}

static gboolean pending_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct pending_key)) == 0;
}

static guint listen_hash(gconstpointer k)
{
	return bytes_hash(k, sizeof(struct listen_key));
}

static gboolean listen_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct listen_key)) == 0;
}

static void init_tables(void)
{
	processes = wmem_map_new(wmem_file_scope(), g_int64_hash, g_int64_equal);
	flows = wmem_map_new(wmem_file_scope(), flow_hash, flow_equal);
	pendings = wmem_map_new(wmem_file_scope(), pending_hash, pending_equal);
	listeners = wmem_map_new(wmem_file_scope(), listen_hash, listen_equal);
}

/* The frame's node with a network namespace inode, or with a pid. */
static uint64_t on_node(packet_info *pinfo, uint32_t value)
{
	return (uint64_t)podshark_iface_node(pinfo) << 32 | value;
}

static uint64_t netns_of_interface(packet_info *pinfo)
{
	const char *v = podshark_iface_value(pinfo, "proc.ns.net");

	return on_node(pinfo, v ? (uint32_t)strtoul(v, NULL, 10) : 0);
}

static struct owner *new_owner(packet_info *pinfo, uint32_t pid, uint32_t tid, uint32_t uid,
			       int32_t fd, const char *comm)
{
	struct owner *o = wmem_new0(wmem_file_scope(), struct owner);
	const char *container = podshark_iface_value(pinfo, "container.id");

	o->pid = pid;
	o->tid = tid;
	o->uid = uid;
	o->fd = fd;
	memcpy(o->comm, comm, PODSHARK_COMM_LEN);
	o->comm[PODSHARK_COMM_LEN] = '\0';
	o->container_id = container ? wmem_strdup(wmem_file_scope(), container) : NULL;
	o->frame = pinfo->num;
	return o;
}

static void note_process(packet_info *pinfo, uint32_t pid, const char *comm, uint32_t netns)
{
	uint64_t key = on_node(pinfo, pid);
	struct process *p = wmem_map_lookup(processes, &key);

	if (!p) {
		uint64_t *stored = wmem_new(wmem_file_scope(), uint64_t);

		*stored = key;
		p = wmem_new0(wmem_file_scope(), struct process);
		wmem_map_insert(processes, stored, p);
	}
	memcpy(p->comm, comm, PODSHARK_COMM_LEN);
	p->comm[PODSHARK_COMM_LEN] = '\0';
	p->netns = netns;
}

static const uint8_t v4_mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* IPv4 seen through an IPv6 socket (a dual-stack server, "::ffff:a.b.c.d"):
 * its packets are IPv4, so the tuple is too. */
static void unmap_v4(struct podshark_sock_tuple *t)
{
	if (t->family != AF_INET6_ || memcmp(t->saddr, v4_mapped_prefix, 12) != 0 ||
	    (memcmp(t->daddr, v4_mapped_prefix, 12) != 0 &&
	     memcmp(t->daddr, (const uint8_t[16]){ 0 }, 16) != 0))
		return;
	t->family = AF_INET_;
	memmove(t->saddr, t->saddr + 12, 4);
	memset(t->saddr + 4, 0, 12);
	memmove(t->daddr, t->daddr + 12, 4);
	memset(t->daddr + 4, 0, 12);
}

static void add_listener(uint64_t netns, uint8_t family, uint8_t l4proto, uint16_t port,
			 struct owner *o)
{
	struct listen_key *lk = wmem_new0(wmem_file_scope(), struct listen_key);

	lk->netns = netns;
	lk->family = family;
	lk->l4proto = l4proto;
	lk->port = port;
	wmem_map_insert(listeners, lk, o);
}

/* Learns what a socket tuple says (first pass only). */
static void learn_tuple(packet_info *pinfo, struct podshark_sock_tuple *t, uint64_t netns,
			struct owner *o, struct frame_flow *ff)
{
	size_t alen;
	uint16_t sport = g_ntohs(t->sport), dport = g_ntohs(t->dport);

	if (t->family != AF_INET_ && t->family != AF_INET6_)
		return;
	unmap_v4(t);
	alen = t->family == AF_INET_ ? 4 : 16;
	if (t->state == TCP_LISTEN_ || (t->l4proto == IPPROTO_UDP_ && !dport && sport)) {
		add_listener(netns, (uint8_t)t->family, t->l4proto, sport, o);
		/* an IPv6 socket on [::] takes IPv4 too, unless IPV6_V6ONLY */
		if (t->family == AF_INET6_ && !memcmp(t->saddr, (const uint8_t[16]){ 0 }, 16))
			add_listener(netns, AF_INET_, t->l4proto, sport, o);
	} else if (sport && dport) {
		struct flow_key *fk = wmem_new0(wmem_file_scope(), struct flow_key);
		struct owner *known;

		fk->netns = netns;
		fk->family = (uint8_t)t->family;
		fk->l4proto = t->l4proto;
		fk->lport = sport;
		fk->rport = dport;
		memcpy(fk->laddr, t->saddr, alen);
		memcpy(fk->raddr, t->daddr, alen);
		known = wmem_map_lookup(flows, fk);
		if (known) {
			/* the flow is known (from its SYN): this call names its fd */
			if (known->fd < 0)
				known->fd = o->fd;
			ff->first_packet = known->first_packet;
		} else {
			wmem_map_insert(flows, fk, o);
		}
	} else if (dport && t->l4proto == IPPROTO_TCP_) {
		struct pending_key *pk = wmem_new0(wmem_file_scope(), struct pending_key);

		pk->netns = netns;
		pk->family = (uint8_t)t->family;
		pk->l4proto = t->l4proto;
		pk->rport = dport;
		memcpy(pk->raddr, t->daddr, alen);
		wmem_map_insert(pendings, pk, o);
	}
	(void)pinfo;
}

/* The exported-PDU tags in front of a record: returns where the record starts. */
static int record_offset(tvbuff_t *tvb)
{
	int off = 0;

	while (tvb_bytes_exist(tvb, off, 4)) {
		uint16_t tag = tvb_get_ntohs(tvb, off), len = tvb_get_ntohs(tvb, off + 2);

		off += 4 + len;
		if (tag == 0)
			return off;
	}
	return -1;
}

/* A record frame: learn from its socket tuples. */
static void record_frame(tvbuff_t *tvb, packet_info *pinfo, struct frame_flow *ff)
{
	int off = record_offset(tvb);
	struct podshark_decoded rec;
	const uint8_t *buf;
	size_t len, pos;
	uint16_t type, vlen;
	const uint8_t *value;

	if (off < 0 || !tvb_bytes_exist(tvb, off, (int)sizeof(struct podshark_rec_hdr)))
		return;
	len = tvb_captured_length_remaining(tvb, off);
	buf = tvb_memdup(pinfo->pool, tvb, off, (int)len);
	if (podshark_decode(buf, len, &rec) != PODSHARK_DECODE_OK &&
	    rec.status != PODSHARK_DECODE_SHORT_FIXED && rec.status != PODSHARK_DECODE_UNKNOWN_TYPE)
		return;
	if (rec.hdr.type == PODSHARK_REC_SOCK && rec.status == PODSHARK_DECODE_OK) {
		struct podshark_sock_rec *s = &rec.u.sock;

		learn_tuple(pinfo, &s->tuple, on_node(pinfo, s->netns),
			    new_owner(pinfo, s->pid, s->tid, s->uid, -1, s->comm), ff);
		return;
	}
	if (rec.hdr.type == PODSHARK_REC_PROC && rec.status == PODSHARK_DECODE_OK) {
		note_process(pinfo, rec.u.proc.pid, rec.u.proc.comm,
			     rec.u.proc.ns_inum[PODSHARK_NS_NET]);
		return;
	}
	if (rec.hdr.type == PODSHARK_REC_SYSCALL)
		note_process(pinfo, rec.u.sc.pid, rec.u.sc.comm, rec.u.sc.ns_inum[PODSHARK_NS_NET]);
	pos = rec.ext_offset;
	while (podshark_ext_next(buf, &rec, &pos, &type, &value, &vlen) == 1) {
		struct podshark_sock_tuple t;
		struct owner *o = NULL;
		uint64_t netns = 0;

		if (type != PODSHARK_EXT_SOCK_TUPLE ||
		    podshark_sock_tuple_parse(value, vlen, &t) != 0)
			continue;
		if (rec.hdr.type == PODSHARK_REC_SYSCALL) {
			const struct podshark_syscall_rec *sc = &rec.u.sc;
			const struct podshark_syscall_info *info =
				podshark_syscall_lookup(sc->arch, sc->nr);
			/* accept and accept4 describe the socket they return */
			bool returns_fd = info && (info->flags & PODSHARK_CALL_SOCKET_RET);
			int32_t fd = returns_fd ? (int32_t)sc->ret : (int32_t)sc->args[0];

			netns = on_node(pinfo, sc->ns_inum[PODSHARK_NS_NET]);
			o = new_owner(pinfo, sc->pid, sc->tid, sc->uid, fd, sc->comm);
		} else if (rec.hdr.type == PODSHARK_REC_FD && rec.status == PODSHARK_DECODE_OK) {
			/* sockets open at the start: the PROC record before names the process */
			uint32_t pid = rec.u.fd.pid;
			uint64_t key = on_node(pinfo, pid);
			const struct process *p = wmem_map_lookup(processes, &key);

			if (!p)
				continue; /* no process record: its namespace is not known */
			o = new_owner(pinfo, pid, pid, 0, rec.u.fd.fd, p->comm);
			netns = on_node(pinfo, p->netns);
		}
		if (o)
			learn_tuple(pinfo, &t, netns, o, ff);
	}
}

/* A packet: its addresses, by hand from the Ethernet frame (the post-dissector
 * must not depend on which dissectors ran). */
struct packet_tuple {
	uint8_t family, l4proto;
	bool syn_only; /* a TCP SYN without ACK: a connect's first packet */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
};

static bool parse_packet(tvbuff_t *tvb, struct packet_tuple *p)
{
	int off = 14, l4off;
	uint16_t ethertype;

	if (!tvb_bytes_exist(tvb, 0, 14))
		return false;
	ethertype = tvb_get_ntohs(tvb, 12);
	memset(p, 0, sizeof(*p));
	if (ethertype == 0x0800) {
		uint8_t ihl;

		if (!tvb_bytes_exist(tvb, off, 20))
			return false;
		ihl = (tvb_get_uint8(tvb, off) & 0x0f) * 4;
		if (ihl < 20 || (tvb_get_ntohs(tvb, off + 6) & 0x1fff)) /* fragments: no ports */
			return false;
		p->family = AF_INET_;
		p->l4proto = tvb_get_uint8(tvb, off + 9);
		tvb_memcpy(tvb, p->src, off + 12, 4);
		tvb_memcpy(tvb, p->dst, off + 16, 4);
		l4off = off + ihl;
	} else if (ethertype == 0x86dd) {
		if (!tvb_bytes_exist(tvb, off, 40))
			return false;
		p->family = AF_INET6_;
		p->l4proto = tvb_get_uint8(tvb, off + 6); /* extension headers: not followed */
		tvb_memcpy(tvb, p->src, off + 8, 16);
		tvb_memcpy(tvb, p->dst, off + 24, 16);
		l4off = off + 40;
	} else {
		return false;
	}
	if ((p->l4proto != IPPROTO_TCP_ && p->l4proto != IPPROTO_UDP_) ||
	    !tvb_bytes_exist(tvb, l4off, p->l4proto == IPPROTO_TCP_ ? 14 : 4))
		return false;
	p->sport = tvb_get_ntohs(tvb, l4off);
	p->dport = tvb_get_ntohs(tvb, l4off + 2);
	if (p->l4proto == IPPROTO_TCP_)
		p->syn_only = (tvb_get_uint8(tvb, l4off + 13) & 0x12) == 0x02;
	return true;
}

/* The key of a packet's flow, seen from the sender (outbound) or the receiver. */
static void packet_flow_key(const struct packet_tuple *p, uint64_t netns, bool outbound,
			    struct flow_key *k)
{
	size_t alen = p->family == AF_INET_ ? 4 : 16;

	memset(k, 0, sizeof(*k));
	k->netns = netns;
	k->family = p->family;
	k->l4proto = p->l4proto;
	k->lport = outbound ? p->sport : p->dport;
	k->rport = outbound ? p->dport : p->sport;
	memcpy(k->laddr, outbound ? p->src : p->dst, alen);
	memcpy(k->raddr, outbound ? p->dst : p->src, alen);
}

static struct owner *find_flow(const struct packet_tuple *p, uint64_t netns, bool outbound)
{
	struct flow_key k;

	packet_flow_key(p, netns, outbound, &k);
	return wmem_map_lookup(flows, &k);
}

/* First pass: who owns this packet. */
static void packet_frame(tvbuff_t *tvb, packet_info *pinfo, struct frame_flow *ff)
{
	uint64_t netns = netns_of_interface(pinfo);
	size_t alen;
	struct packet_tuple p;
	struct owner *o;
	bool outbound = true;

	if (!parse_packet(tvb, &p))
		return;
	alen = p.family == AF_INET_ ? 4 : 16;
	o = find_flow(&p, netns, true);
	if (!o) {
		o = find_flow(&p, netns, false);
		outbound = false;
	}
	/* A bare SYN on the ports of a connection that got past its handshake is
	 * a new connection reusing them (a client's ephemeral port comes round
	 * again): the old socket does not own it. */
	if (o && p.syn_only && o->past_syn) {
		struct flow_key old;

		packet_flow_key(&p, netns, outbound, &old);
		wmem_map_remove(flows, &old);
		o = NULL;
	}
	if (!o && p.syn_only) {
		struct pending_key pk;

		memset(&pk, 0, sizeof(pk));
		pk.netns = netns;
		pk.family = p.family;
		pk.l4proto = p.l4proto;
		pk.rport = p.dport;
		memcpy(pk.raddr, p.dst, alen);
		o = wmem_map_remove(pendings, &pk);
		if (o) {
			struct flow_key *fk = wmem_new0(wmem_file_scope(), struct flow_key);

			packet_flow_key(&p, netns, true, fk);
			wmem_map_insert(flows, fk, o);
		}
	}
	if (!o) {
		/* a listening socket: inbound to its port, or its replies before accept */
		struct listen_key lk;

		memset(&lk, 0, sizeof(lk)); /* the padding too: keys compare as bytes */
		lk.netns = netns;
		lk.family = p.family;
		lk.l4proto = p.l4proto;

		for (int pass = 0; pass < 2 && !o; pass++) {
			lk.port = pass ? p.sport : p.dport;
			o = wmem_map_lookup(listeners, &lk);
		}
		ff->by_listener = o != NULL;
	}
	if (o && !o->first_packet)
		o->first_packet = pinfo->num;
	if (o && !ff->by_listener && !p.syn_only)
		o->past_syn = true;
	ff->owner = o;
}

static int dissect_flow(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
	struct frame_flow *ff;
	proto_tree *flow_tree;
	proto_item *ti;
	int encap = pinfo->rec->rec_header.packet_header.pkt_encap;

	if (encap != WTAP_ENCAP_ETHERNET && encap != WTAP_ENCAP_WIRESHARK_UPPER_PDU)
		return 0;
	if (!podshark_iface_value(pinfo, "node"))
		return 0; /* not a podshark interface */
	ff = p_get_proto_data(wmem_file_scope(), pinfo, proto_flow, 0);
	if (!ff && !PINFO_FD_VISITED(pinfo)) {
		ff = wmem_new0(wmem_file_scope(), struct frame_flow);
		if (encap == WTAP_ENCAP_ETHERNET)
			packet_frame(tvb, pinfo, ff);
		else
			record_frame(tvb, pinfo, ff);
		p_add_proto_data(wmem_file_scope(), pinfo, proto_flow, 0, ff);
	}
	if (!ff || (!ff->owner && !ff->first_packet))
		return 0;
	ti = proto_tree_add_item(tree, proto_flow, tvb, 0, 0, ENC_NA);
	proto_item_set_generated(ti);
	flow_tree = proto_item_add_subtree(ti, ett_flow);
	if (ff->first_packet) {
		ti = proto_tree_add_uint(flow_tree, hf_flow_first_packet, tvb, 0, 0, ff->first_packet);
		proto_item_set_generated(ti);
	}
	if (ff->owner) {
		const struct owner *o = ff->owner;

		ti = proto_tree_add_uint(flow_tree, hf_flow_opened_in, tvb, 0, 0, o->frame);
		proto_item_set_generated(ti);
		if (ff->by_listener)
			proto_item_set_generated(
				proto_tree_add_boolean(flow_tree, hf_flow_by_listener, tvb, 0, 0, 1));
		ti = proto_tree_add_uint(flow_tree, podshark_hf_proc_pid, tvb, 0, 0, o->pid);
		proto_item_set_generated(ti);
		ti = proto_tree_add_uint(flow_tree, podshark_hf_proc_tid, tvb, 0, 0, o->tid);
		proto_item_set_generated(ti);
		if (o->comm[0]) {
			ti = proto_tree_add_string(flow_tree, podshark_hf_proc_name, tvb, 0, 0,
						   o->comm);
			proto_item_set_generated(ti);
		}
		if (o->fd >= 0) {
			ti = proto_tree_add_int(flow_tree, podshark_hf_fd_num, tvb, 0, 0, o->fd);
			proto_item_set_generated(ti);
		}
		if (o->container_id && podshark_hf_container_id > 0 &&
		    !podshark_iface_value(pinfo, "container.id")) {
			ti = proto_tree_add_string(flow_tree, podshark_hf_container_id, tvb, 0, 0,
						   o->container_id);
			proto_item_set_generated(ti);
		}
	}
	return 0;
}

#define SOCK_FIELD(f) \
	(int)offsetof(struct podshark_sock_rec, f), \
	(int)sizeof(((struct podshark_sock_rec *)NULL)->f)
#define SOCK_TUPLE_AT(f) \
	(int)(offsetof(struct podshark_sock_rec, tuple) + offsetof(struct podshark_sock_tuple, f))

/* SOCK records: a TCP connect beginning, before its SYN. */
static int dissect_sock_rec(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
	const struct podshark_record *record = data;
	const struct podshark_sock_rec *sock = &record->rec->u.sock;
	proto_tree *sock_tree;
	proto_item *ti;
	const char *comm, *addr;

	col_set_str(pinfo->cinfo, COL_PROTOCOL, "sock");
	ti = proto_tree_add_item(tree, proto_sock, tvb, 0, -1, ENC_NA);
	sock_tree = proto_item_add_subtree(ti, ett_sock);
	if (tvb_reported_length(tvb) < sizeof(struct podshark_sock_rec)) {
		podshark_expert_short_fixed(pinfo, ti, tvb_reported_length(tvb),
					    (unsigned)sizeof(struct podshark_sock_rec));
		return tvb_captured_length(tvb);
	}
	proto_tree_add_item(sock_tree, podshark_hf_proc_pid, tvb, SOCK_FIELD(pid),
			    ENC_LITTLE_ENDIAN);
	proto_tree_add_item(sock_tree, podshark_hf_proc_tid, tvb, SOCK_FIELD(tid),
			    ENC_LITTLE_ENDIAN);
	proto_tree_add_item(sock_tree, podshark_hf_user_uid, tvb, SOCK_FIELD(uid),
			    ENC_LITTLE_ENDIAN);
	proto_tree_add_item(sock_tree, hf_sock_old_state, tvb, SOCK_FIELD(old_state),
			    ENC_LITTLE_ENDIAN);
	proto_tree_add_item(sock_tree, hf_sock_new_state, tvb, SOCK_FIELD(new_state),
			    ENC_LITTLE_ENDIAN);
	proto_tree_add_item(sock_tree, podshark_hf_proc_name, tvb, SOCK_FIELD(comm), ENC_ASCII);
	/* untrusted bytes: non-ASCII is replaced, and it is never a format */
	comm = (const char *)tvb_get_stringzpad(pinfo->pool, tvb, SOCK_FIELD(comm), ENC_ASCII);
	if (sock->tuple.family == AF_INET_) {
		proto_tree_add_item(sock_tree, hf_sock_daddr, tvb, SOCK_TUPLE_AT(daddr), 4,
				    ENC_BIG_ENDIAN);
		addr = tvb_address_to_str(pinfo->pool, tvb, AT_IPv4, SOCK_TUPLE_AT(daddr));
	} else if (sock->tuple.family == AF_INET6_) {
		proto_tree_add_item(sock_tree, hf_sock_daddr6, tvb, SOCK_TUPLE_AT(daddr), 16,
				    ENC_NA);
		addr = tvb_address_to_str(pinfo->pool, tvb, AT_IPv6, SOCK_TUPLE_AT(daddr));
	} else {
		addr = "?";
	}
	proto_tree_add_item(sock_tree, hf_sock_dport, tvb, SOCK_TUPLE_AT(dport), 2,
			    ENC_BIG_ENDIAN);
	col_add_fstr(pinfo->cinfo, COL_INFO, "tcp connect to %s%s%s:%u %s -> %s by %s[%u]",
		     sock->tuple.family == AF_INET6_ ? "[" : "", addr,
		     sock->tuple.family == AF_INET6_ ? "]" : "", g_ntohs(sock->tuple.dport),
		     val_to_str_const(sock->old_state, podshark_tcp_state_names, "?"),
		     val_to_str_const(sock->new_state, podshark_tcp_state_names, "?"), comm,
		     sock->pid);
	return (int)sizeof(struct podshark_sock_rec);
}

void proto_register_podshark_flow(void)
{
	static hf_register_info hf[] = {
		{ &hf_flow_opened_in,
		  { "Socket named in", "podshark.flow.opened_in", FT_FRAMENUM, BASE_NONE,
		    FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0,
		    "Frame of the call that named this packet's socket (connect, accept, bind)",
		    HFILL } },
		{ &hf_flow_first_packet,
		  { "First packet of the flow", "podshark.flow.first_packet", FT_FRAMENUM,
		    BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0,
		    "Frame of the first packet of the socket's flow, on the call that made it",
		    HFILL } },
		{ &hf_flow_by_listener,
		  { "Owner from the listening socket", "podshark.flow.by_listener", FT_BOOLEAN,
		    BASE_NONE, NULL, 0,
		    "The owner comes from the listening socket: the accepting call was not seen",
		    HFILL } },
	};
	static hf_register_info hf_sock[] = {
		{ &hf_sock_old_state,
		  { "Old state", "podshark.sock.old_state", FT_UINT16, BASE_DEC,
		    VALS(podshark_tcp_state_names), 0,
		    "The kernel's TCP state before the change (CLOSE)", HFILL } },
		{ &hf_sock_new_state,
		  { "New state", "podshark.sock.new_state", FT_UINT16, BASE_DEC,
		    VALS(podshark_tcp_state_names), 0,
		    "The kernel's TCP state after the change (SYN_SENT)", HFILL } },
		{ &hf_sock_daddr,
		  { "Destination", "podshark.sock.daddr", FT_IPv4, BASE_NONE, NULL, 0,
		    "Destination IPv4 address of the connect",
		    HFILL } },
		{ &hf_sock_daddr6,
		  { "Destination", "podshark.sock.daddr6", FT_IPv6, BASE_NONE, NULL, 0,
		    "Destination IPv6 address of the connect",
		    HFILL } },
		{ &hf_sock_dport,
		  { "Destination port", "podshark.sock.dport", FT_UINT16, BASE_DEC, NULL, 0,
		    "Destination port of the connect",
		    HFILL } },
	};
	static int *ett[] = { &ett_flow, &ett_sock };

	proto_flow = proto_register_protocol("podshark flow owner", "podshark flow",
					     "podshark_flow");
	proto_sock = proto_register_protocol("podshark socket state", "podshark sock",
					     "podshark_sock");
	proto_register_field_array(proto_flow, hf, array_length(hf));
	proto_register_field_array(proto_sock, hf_sock, array_length(hf_sock));
	proto_register_subtree_array(ett, array_length(ett));
	register_init_routine(init_tables);
}

void proto_reg_handoff_podshark_flow(void)
{
	dissector_add_uint(PODSHARK_RECORD_TYPE_TABLE, PODSHARK_REC_SOCK,
			   create_dissector_handle(dissect_sock_rec, proto_sock));
	register_postdissector(create_dissector_handle(dissect_flow, proto_flow));
}

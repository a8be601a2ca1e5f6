// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen_cluster: a merged capture of two nodes (as podshark-ssh writes it) where
 * both nodes have a process 1234 with fd 5, and pods in network namespaces
 * with the same inode and addresses: the dissector must keep them apart.
 *
 *   frames 1-2   the snapshot: pid 1234 is nginx on node-a, redis-server on node-b
 *   frames 3-4   fd 5 of pid 1234: /var/log/nginx/access.log, /data/dump.rdb
 *   frames 5-6   write(5, ...) by pid 1234 on node-a, then on node-b
 *   frames 7-8   pid 1234 begins a TCP connect on node-a, then on node-b
 *                (same destination, same namespace inode)
 *   frames 9-10  the two SYNs from port 40000, node-a's first
 *   frames 11-12 the local side's NODE records, each on its node's events
 *                interface: node-a's clock 250 us behind after 4096 bytes,
 *                node-b failed (connection refused)
 *
 * Usage: gen_cluster OUTPUT.pcapng
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
#define PID 1234
#define FD 5
#define NETNS 4026532777u
#define NR_WRITE 1 /* x86_64 */
#define SYN 0x02

static const uint8_t client[4] = { 10, 2, 0, 5 }, server[4] = { 10, 2, 0, 2 };

struct node {
	const char *name, *comm, *exe, *cmdline; /* cmdline: argv, each NUL-terminated */
	size_t cmdline_len;
	uint16_t argc;
	const char *fd_name;
	uint32_t records_if, pod_if, events_if;
};

static struct capture_gen out;
static unsigned frames;

static void fail(const char *what)
{
	fprintf(stderr, "gen_cluster: failed to %s\n", what);
	exit(1);
}

static uint64_t next_ts(void)
{
	return T0_NS + ++frames * MS;
}

static void emit_record(const struct node *n, const void *rec, size_t len)
{
	pcapng_write_packet(out.w, n->records_if, next_ts(), out.prefix, out.prefix_len, rec,
			    (uint32_t)len, (uint32_t)len);
}

static void emit_snapshot(const struct node *n)
{
	struct podshark_proc_rec p = {
		.ts_ns = T0_NS, .cgroup_id = 4242, .kind = PODSHARK_PROC_SNAPSHOT, .pid = PID,
		.tid = PID, .ppid = 1, .vpid = PID, .loginuid = 0xffffffffu,
	};
	unsigned char ext[256], buf[PODSHARK_PROC_REC_LEN + sizeof(ext)];
	size_t ext_len = 0, len;

	p.ns_inum[PODSHARK_NS_NET] = NETNS;
	memcpy(p.comm, n->comm, strlen(n->comm));
	if (podshark_ext_append_mem(ext, sizeof(ext), &ext_len, PODSHARK_EXT_STR,
				    &(struct podshark_ext_mem){ .arg = 0 }, n->exe, strlen(n->exe)) ||
	    podshark_ext_append_mem(ext, sizeof(ext), &ext_len, PODSHARK_EXT_ARGV,
				    &(struct podshark_ext_mem){ .arg = 1, .count = n->argc },
				    n->cmdline,
				    n->cmdline_len))
		fail("encode a command line");
	len = podshark_encode_proc(&p, ext, ext_len, buf, sizeof(buf));
	if (!len)
		fail("encode a process");
	emit_record(n, buf, len);
}

static void emit_fd(const struct node *n)
{
	const struct podshark_fd_rec f = {
		.ts_ns = T0_NS, .ino = 77, .pid = PID, .fd = FD, .fd_type = PODSHARK_FD_FILE,
	};
	unsigned char ext[128], buf[PODSHARK_FD_REC_LEN + sizeof(ext)];
	size_t ext_len = 0, len;

	if (podshark_ext_append_mem(ext, sizeof(ext), &ext_len, PODSHARK_EXT_STR,
				    &(struct podshark_ext_mem){ .arg = 0 }, n->fd_name,
				    strlen(n->fd_name)))
		fail("encode an fd name");
	len = podshark_encode_fd(&f, ext, ext_len, buf, sizeof(buf));
	if (!len)
		fail("encode an fd");
	emit_record(n, buf, len);
}

static void emit_write(const struct node *n)
{
	struct podshark_syscall_rec sc = {
		.evt_num = frames + 1, .cgroup_id = 4242, .nr = NR_WRITE,
		.arch = PODSHARK_ARCH_X86_64, .pid = PID, .tid = PID, .ppid = 1, .vpid = PID,
		.vtid = PID, .args = { FD, 0x7ffe0000, 64 }, .ret = 64,
	};
	unsigned char buf[PODSHARK_SYSCALL_REC_LEN];

	sc.entry_ns = T0_NS + (frames + 1) * MS - MS / 2;
	sc.latency_ns = MS / 2;
	sc.ns_inum[PODSHARK_NS_NET] = NETNS;
	memcpy(sc.comm, n->comm, strlen(n->comm));
	if (!podshark_encode_syscall(&sc, NULL, 0, buf, sizeof(buf)))
		fail("encode a write");
	emit_record(n, buf, sizeof(buf));
}

static void emit_sock(const struct node *n)
{
	struct podshark_sock_rec s = {
		.hdr = { .version = PODSHARK_FORMAT_VERSION, .type = PODSHARK_REC_SOCK,
			 .fixed_len = PODSHARK_SOCK_REC_LEN, .total_len = PODSHARK_SOCK_REC_LEN },
		.ts_ns = T0_NS + (frames + 1) * MS, .cgroup_id = 4242, .pid = PID, .tid = PID,
		.netns = NETNS, .old_state = 7 /* CLOSE */, .new_state = 2 /* SYN_SENT */,
		.tuple = { .family = 2 /* AF_INET */, .l4proto = 6 /* TCP */, .state = 2,
			   .dport = (uint16_t)(80 >> 8 | 80 << 8), .ino = 9000 },
	};

	memcpy(s.comm, n->comm, strlen(n->comm));
	memcpy(s.tuple.saddr, client, 4);
	memcpy(s.tuple.daddr, server, 4);
	emit_record(n, &s, sizeof(s));
}

/* What podshark-ssh writes about a node (extcap/remote_capture.c). */
static void emit_node(const struct node *n, uint32_t kind, int64_t clock_offset_ns,
		      uint64_t bytes, const char *message)
{
	struct podshark_node_rec rec = { .ts_ns = T0_NS + (frames + 1) * MS,
					 .clock_offset_ns = clock_offset_ns, .kind = kind,
					 .bytes = bytes };
	uint8_t buf[256];
	size_t len = podshark_encode_node(&rec, n->name, message, buf, sizeof(buf));

	if (!len)
		fail("encode a node record");
	pcapng_write_packet(out.w, n->events_if, next_ts(), out.prefix, out.prefix_len, buf,
			    (uint32_t)len, (uint32_t)len);
}

static void write_interfaces(struct node *n)
{
	char desc[256];
	size_t len = podshark_iface_desc_start(desc, sizeof(desc));
	char *name;

	len = podshark_iface_desc_add(desc, sizeof(desc), len, "node", n->name);
	podshark_iface_desc_add(desc, sizeof(desc), len, "container.id", "host");
	name = malloc(strlen(n->name) + 64);
	if (!name)
		fail("allocate");
	sprintf(name, "%s: podshark", n->name);
	n->records_if = (uint32_t)pcapng_write_interface(
		out.w, &(struct pcapng_interface_info){
			       .linktype = PCAPNG_LINKTYPE_WIRESHARK_UPPER_PDU, .snaplen = 0x40000,
			       .name = name, .description = desc });
	len = podshark_iface_desc_start(desc, sizeof(desc));
	len = podshark_iface_desc_add(desc, sizeof(desc), len, "node", n->name);
	len = podshark_iface_desc_add(desc, sizeof(desc), len, "k8s.pod.name", "web-0");
	len = podshark_iface_desc_add(desc, sizeof(desc), len, "if.name", "eth0");
	podshark_iface_desc_add(desc, sizeof(desc), len, "proc.ns.net", "4026532777");
	sprintf(name, "%s: shop/web-0 eth0", n->name);
	n->pod_if = (uint32_t)pcapng_write_interface(
		out.w, &(struct pcapng_interface_info){ .linktype = PCAPNG_LINKTYPE_ETHERNET,
							 .snaplen = 0x40000, .name = name,
							 .description = desc });
	/* the local side's interface of the node's NODE records */
	len = podshark_iface_desc_start(desc, sizeof(desc));
	podshark_iface_desc_add(desc, sizeof(desc), len, "node", n->name);
	sprintf(name, "%s: ssh", n->name);
	n->events_if = (uint32_t)pcapng_write_interface(
		out.w, &(struct pcapng_interface_info){
			       .linktype = PCAPNG_LINKTYPE_WIRESHARK_UPPER_PDU, .snaplen = 0x40000,
			       .name = name, .description = desc });
	free(name);
}

int main(int argc, char **argv)
{
	static const char nginx[] = "nginx\0-c\0/etc/nginx/nginx.conf";
	static const char redis[] = "redis-server\0*:6379";
	struct node nodes[2] = {
		{ "node-a", "nginx", "/usr/sbin/nginx", nginx, sizeof(nginx), 3,
		  "/var/log/nginx/access.log", 0, 0, 0 },
		{ "node-b", "redis-server", "/usr/bin/redis-server", redis, sizeof(redis), 2,
		  "/data/dump.rdb", 0, 0, 0 },
	};

	capture_gen_open(&out, argc, argv, "gen_cluster");
	for (int i = 0; i < 2; i++)
		write_interfaces(&nodes[i]);
	for (int i = 0; i < 2; i++)
		emit_snapshot(&nodes[i]);
	for (int i = 0; i < 2; i++)
		emit_fd(&nodes[i]);
	for (int i = 0; i < 2; i++)
		emit_write(&nodes[i]);
	for (int i = 0; i < 2; i++)
		emit_sock(&nodes[i]);
	for (int i = 0; i < 2; i++) {
		uint8_t seq = (uint8_t)frames;

		capture_gen_tcp_segment(&out, nodes[i].pod_if, next_ts(), client, 40000, server, 80,
					SYN, seq);
	}
	emit_node(&nodes[0], PODSHARK_NODE_CLOCK, -250000, 4096, NULL);
	emit_node(&nodes[1], PODSHARK_NODE_FAILED, 0, 0,
		  "ssh: connect to host node-b port 22: Connection refused");
	return capture_gen_close(&out);
}

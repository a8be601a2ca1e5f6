/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writes the capture of the analysis tests: a pod whose container starts a
 * shell, reads credentials, makes a namespace, writes /etc/passwd, listens,
 * connects out and asks DNS, next to host processes that must not count as
 * the pod's.  Every value is fixed; README.md lists the frames, and the
 * expectations of test_analysis.py were worked out from that list by hand.
 *
 * Interfaces, as the extcap writes them (extcap/cgroup_interfaces.c,
 * extcap/packet_capture.c): 0 the host's system calls, 1 the container
 * "app" of pod shop/web-0, 2 the pod's network interface (Ethernet).
 * At the end, the pod's miner sets up an SQPOLL io_uring ring and reads
 * /etc/shadow through it, without an openat system call.
 *
 * Usage: gen_scenario OUTPUT.pcapng
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "capture_gen.h"
#include "iface_desc.h"
#include "record_codec.h"

/* 2024-01-01 00:00:00 UTC; frame N is at T0 + N ms */
#define T0_NS 1704067200000000000ull
#define MS 1000000ull

/* x86_64 system call numbers (asm/unistd_64.h): the records are x86_64's
 * whatever machine runs the test. */
#define NR_READ 0
#define NR_MMAP 9
#define NR_NANOSLEEP 35
#define NR_SOCKET 41
#define NR_CONNECT 42
#define NR_ACCEPT 43
#define NR_BIND 49
#define NR_LISTEN 50
#define NR_EXECVE 59
#define NR_SETUID 105
#define NR_MOUNT 165
#define NR_OPENAT 257
#define NR_UNSHARE 272
#define NR_IO_URING_SETUP 425

#define IORING_OP_OPENAT 18       /* linux/io_uring.h */
#define IORING_SETUP_SQPOLL (1u << 1)

#define AT_FDCWD_REG 0xffffff9cull /* (int)-100 as the register holds it */

enum iface { IF_HOST, IF_POD, IF_POD_NET };

#define NODE "worker-1"
#define POD_NETNS 4026532900u

static const char *const pod_labels[] = { "app=web", NULL };

struct gen {
	struct capture_gen out;
	unsigned frames;
};

struct task {
	const char *comm;
	uint32_t pid, ppid, vpid, uid;
	bool in_pod;
};

struct ext_buf {
	unsigned char bytes[512];
	size_t len;
};

static void fail(const char *what)
{
	fprintf(stderr, "gen_scenario: failed to %s\n", what);
	exit(1);
}

/* A memory extension item: the 8-byte prefix (arg, flags, count, full_len), then data. */
static void add_mem(struct ext_buf *e, uint16_t type, uint8_t arg, uint16_t count,
		    const void *data, size_t len)
{
	const struct podshark_ext_mem mem = { .arg = arg, .count = count, .full_len = (uint32_t)len };

	if (podshark_ext_append_mem(e->bytes, sizeof(e->bytes), &e->len, type, &mem, data, len))
		fail("encode an extension");
}

static void add_str(struct ext_buf *e, uint8_t arg, const char *s)
{
	add_mem(e, PODSHARK_EXT_STR, arg, 0, s, strlen(s));
}

/* argv as the probe reads it: the strings with their NULs. */
static void add_argv(struct ext_buf *e, uint8_t arg, const char *const *argv)
{
	unsigned char data[128];
	size_t len = 0;
	uint16_t n = 0;

	for (; argv[n]; n++) {
		memcpy(data + len, argv[n], strlen(argv[n]) + 1);
		len += strlen(argv[n]) + 1;
	}
	add_mem(e, PODSHARK_EXT_ARGV, arg, n, data, len);
}

/* A struct sockaddr_in: family in host (little-endian) order, port and address in network order. */
static void add_sockaddr_in(struct ext_buf *e, uint8_t arg, const uint8_t ip[4], uint16_t port)
{
	unsigned char sin[16] = { 0 };

	put_le16(sin, AF_INET);
	put_be16(sin + 2, port);
	memcpy(sin + 4, ip, 4);
	add_mem(e, PODSHARK_EXT_SOCKADDR, arg, 0, sin, sizeof(sin));
}

/* The socket's addresses after the call (docs/FORMAT.md, SOCK_TUPLE). */
static void add_tuple(struct ext_buf *e, uint8_t l4proto, uint8_t state, const uint8_t local[4],
		      uint16_t lport, const uint8_t remote[4], uint16_t rport)
{
	struct podshark_sock_tuple t = {
		.family = AF_INET, .l4proto = l4proto, .state = state,
		.sport = htons(lport), .dport = htons(rport),
	};
	unsigned char value[sizeof(t)];

	memcpy(t.saddr, local, 4);
	memcpy(t.daddr, remote, 4);
	podshark_encode_sock_tuple(&t, value);
	if (podshark_ext_append(e->bytes, sizeof(e->bytes), &e->len, PODSHARK_EXT_SOCK_TUPLE,
				value, sizeof(value)))
		fail("encode a socket tuple");
}

static void emit(struct gen *g, enum iface iface, const void *prefix, uint32_t prefix_len,
		 const void *data, uint32_t len)
{
	g->frames++;
	pcapng_write_packet(g->out.w, iface, T0_NS + g->frames * MS, prefix, prefix_len, data, len,
			    len);
}

/* The next frame: a system call of t, latency_ns after its entry. */
static void emit_call(struct gen *g, const struct task *t, uint32_t nr, int64_t ret,
		      uint64_t latency_ns, const uint64_t args[6], const struct ext_buf *e,
		      uint16_t flags, uint16_t uring)
{
	/* the pod's namespaces, and the host's (the initial ones of pid, uts and ipc
	 * have fixed inode numbers) */
	static const uint32_t pod_ns[PODSHARK_NS_COUNT] = {
		[PODSHARK_NS_PID] = 4026532901, [PODSHARK_NS_NET] = POD_NETNS,
		[PODSHARK_NS_MNT] = 4026532902, [PODSHARK_NS_UTS] = 4026532903,
		[PODSHARK_NS_IPC] = 4026532904, [PODSHARK_NS_USER] = 4026531837,
		[PODSHARK_NS_CGROUP] = 4026532905,
	};
	static const uint32_t host_ns[PODSHARK_NS_COUNT] = {
		[PODSHARK_NS_PID] = 4026531836, [PODSHARK_NS_NET] = 4026531840,
		[PODSHARK_NS_MNT] = 4026531841, [PODSHARK_NS_UTS] = 4026531838,
		[PODSHARK_NS_IPC] = 4026531839, [PODSHARK_NS_USER] = 4026531837,
		[PODSHARK_NS_CGROUP] = 4026531835,
	};
	struct podshark_syscall_rec sc = {
		.evt_num = g->frames + 1,
		.entry_ns = T0_NS + (g->frames + 1) * MS - latency_ns,
		.latency_ns = latency_ns,
		.ret = ret,
		.cgroup_id = t->in_pod ? 7001 : 1,
		.nr = nr,
		.arch = PODSHARK_ARCH_X86_64,
		.flags = flags,
		.uring = uring,
		.pid = t->pid,
		.tid = t->pid,
		.ppid = t->ppid,
		.vpid = t->vpid,
		.vtid = t->vpid,
		.uid = t->uid,
		.gid = t->uid,
		.loginuid = 0xffffffff,
	};
	unsigned char buf[PODSHARK_SYSCALL_REC_LEN + sizeof(e->bytes)];
	size_t len;

	memcpy(sc.args, args, sizeof(sc.args));
	memcpy(sc.ns_inum, t->in_pod ? pod_ns : host_ns, sizeof(sc.ns_inum));
	memcpy(sc.comm, t->comm, strnlen(t->comm, sizeof(sc.comm)));
	len = podshark_encode_syscall(&sc, e ? e->bytes : NULL, e ? e->len : 0, buf, sizeof(buf));
	if (!len)
		fail("encode a syscall record");
	emit(g, t->in_pod ? IF_POD : IF_HOST, g->out.prefix, g->out.prefix_len, buf, (uint32_t)len);
}

#define ARGS(...) ((const uint64_t[6]){ __VA_ARGS__ })
#define CALL(g, t, nr, ret, latency, args) emit_call(g, t, nr, ret, latency, args, NULL, 0, 0)
#define CALL_EXT(g, t, nr, ret, latency, args, e) emit_call(g, t, nr, ret, latency, args, e, 0, 0)

/* A DNS query for example.com (A) from 10.244.1.5:50000 to 10.96.0.10:53 on
 * the pod's eth0: Ethernet, IPv4 (checksum computed), UDP (no checksum). */
static void emit_dns_query(struct gen *g)
{
	static const unsigned char dns[] = {
		0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0x00, 0x01, 0x00, 0x01,
	};
	unsigned char f[14 + 20 + 8 + sizeof(dns)] = {
		0x02, 0x42, 0x0a, 0xf4, 0x01, 0x01, 0x02, 0x42, 0x0a, 0xf4, 0x01, 0x05, 0x08, 0x00,
		0x45, 0x00, 0, 0, 0x00, 0x01, 0x40, 0x00, 64, IPPROTO_UDP, 0, 0,
		10, 244, 1, 5, 10, 96, 0, 10,
	};
	uint32_t sum = 0;

	put_be16(f + 16, 20 + 8 + sizeof(dns));
	for (int i = 14; i < 34; i += 2)
		sum += (uint32_t)(f[i] << 8 | f[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put_be16(f + 24, (uint16_t)~sum);
	put_be16(f + 34, 50000);
	put_be16(f + 36, 53);
	put_be16(f + 38, 8 + sizeof(dns));
	memcpy(f + 42, dns, sizeof(dns));
	emit(g, IF_POD_NET, NULL, 0, f, sizeof(f));
}

static void write_pod_frames(struct gen *g)
{
	static const char *const sh_argv[] = { "sh", "-c", "cat /etc/shadow", NULL };
	static const char *const curl_argv[] = { "curl", "-s", "https://10.0.0.7/", NULL };
	static const uint8_t any[4] = { 0, 0, 0, 0 };
	static const uint8_t pod_ip[4] = { 10, 244, 1, 5 };
	static const uint8_t external[4] = { 10, 0, 0, 7 };
	static const uint8_t dns_server[4] = { 10, 96, 0, 10 };
	static const uint8_t loopback[4] = { 127, 0, 0, 1 };
	const struct task sh = { "sh", 5001, 5000, 7, 0, true };
	const struct task nginx = { "nginx", 5000, 4990, 1, 0, true };
	const struct task curl = { "curl", 5002, 5001, 8, 0, true };
	struct ext_buf e;

	/* 3: the container starts a shell */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 0, "/bin/sh");
	add_argv(&e, 1, sh_argv);
	CALL_EXT(g, &sh, NR_EXECVE, 0, 800000, ARGS(0x5600, 0x5700, 0x5800), &e);
	/* 4-6: it reads /etc/shadow and the service-account token */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "/etc/shadow");
	CALL_EXT(g, &sh, NR_OPENAT, 3, 3000, ARGS(AT_FDCWD_REG, 0x5900, O_RDONLY), &e);
	CALL(g, &sh, NR_READ, 812, 1000, ARGS(3, 0x6000, 4096));
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "/var/run/secrets/kubernetes.io/serviceaccount/token");
	CALL_EXT(g, &sh, NR_OPENAT, 4, 5000, ARGS(AT_FDCWD_REG, 0x5a00, O_RDONLY | O_CLOEXEC),
		 &e);
	/* 7: a new user and mount namespace */
	CALL(g, &sh, NR_UNSHARE, 0, 4000, ARGS(CLONE_NEWNS | CLONE_NEWUSER));
	/* 8: /etc/passwd opened for appending */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "/etc/passwd");
	CALL_EXT(g, &sh, NR_OPENAT, 5, 6000, ARGS(AT_FDCWD_REG, 0x5b00, O_WRONLY | O_APPEND), &e);
	/* 9-10: refused: /etc/sudoers (EACCES), a tmpfs mount (EPERM) */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "/etc/sudoers");
	CALL_EXT(g, &sh, NR_OPENAT, -EACCES, 1500, ARGS(AT_FDCWD_REG, 0x5c00, O_RDONLY), &e);
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 0, "none");
	add_str(&e, 1, "/mnt");
	add_str(&e, 2, "tmpfs");
	CALL_EXT(g, &sh, NR_MOUNT, -EPERM, 2500, ARGS(0x5d00, 0x5e00, 0x5f00, 0, 0), &e);

	/* 11-13: nginx listens on 0.0.0.0:8080 */
	CALL(g, &nginx, NR_SOCKET, 6, 1000, ARGS(AF_INET, SOCK_STREAM, 0));
	e = (struct ext_buf){ .len = 0 };
	add_sockaddr_in(&e, 1, any, 8080);
	add_tuple(&e, IPPROTO_TCP, TCP_CLOSE, any, 8080, any, 0);
	CALL_EXT(g, &nginx, NR_BIND, 0, 1000, ARGS(6, 0x6100, 16), &e);
	e = (struct ext_buf){ .len = 0 };
	add_tuple(&e, IPPROTO_TCP, TCP_LISTEN, any, 8080, any, 0);
	CALL_EXT(g, &nginx, NR_LISTEN, 0, 1000, ARGS(6, 511), &e);

	/* 14-16: the shell runs curl, which connects to 10.0.0.7:443 (non-blocking) */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 0, "/usr/bin/curl");
	add_argv(&e, 1, curl_argv);
	CALL_EXT(g, &curl, NR_EXECVE, 0, 700000, ARGS(0x6200, 0x6300, 0x6400), &e);
	CALL(g, &curl, NR_SOCKET, 3, 1000, ARGS(AF_INET, SOCK_STREAM, IPPROTO_TCP));
	e = (struct ext_buf){ .len = 0 };
	add_sockaddr_in(&e, 1, external, 443);
	add_tuple(&e, IPPROTO_TCP, TCP_SYN_SENT, pod_ip, 40000, external, 443);
	CALL_EXT(g, &curl, NR_CONNECT, -EINPROGRESS, 9000, ARGS(3, 0x6500, 16), &e);

	/* 17-19: a UDP socket connected to the cluster DNS, and the query on the wire */
	CALL(g, &curl, NR_SOCKET, 4, 1000, ARGS(AF_INET, SOCK_DGRAM, 0));
	e = (struct ext_buf){ .len = 0 };
	add_sockaddr_in(&e, 1, dns_server, 53);
	add_tuple(&e, IPPROTO_UDP, TCP_ESTABLISHED, pod_ip, 50000, dns_server, 53);
	CALL_EXT(g, &curl, NR_CONNECT, 0, 2000, ARGS(4, 0x6600, 16), &e);
	emit_dns_query(g);

	/* 20-21: a connection to loopback, not outbound */
	CALL(g, &curl, NR_SOCKET, 5, 1000, ARGS(AF_INET, SOCK_STREAM, 0));
	e = (struct ext_buf){ .len = 0 };
	add_sockaddr_in(&e, 1, loopback, 9000);
	add_tuple(&e, IPPROTO_TCP, TCP_ESTABLISHED, loopback, 41000, loopback, 9000);
	CALL_EXT(g, &curl, NR_CONNECT, 0, 3000, ARGS(5, 0x6700, 16), &e);

	/* 22: a missing file */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "/etc/nginx/missing.conf");
	CALL_EXT(g, &nginx, NR_OPENAT, -ENOENT, 2000, ARGS(AT_FDCWD_REG, 0x6800, O_RDONLY), &e);
}

static void write_host_frames(struct gen *g)
{
	static const uint8_t node_ip[4] = { 10, 0, 0, 2 };
	static const uint8_t api_server[4] = { 10, 0, 0, 8 };
	const struct task runc = { "runc", 1300, 1, 1300, 0, false };
	const struct task sshd = { "sshd", 900, 1, 900, 0, false };
	const struct task kubelet = { "kubelet", 1100, 1, 1100, 0, false };
	struct podshark_loss_rec loss = { .evt_num = 32, .ring_full = 4 };
	unsigned char buf[PODSHARK_LOSS_REC_LEN];
	struct ext_buf e;
	size_t len;

	/* 23-24: what node daemons do all day */
	CALL(g, &runc, NR_UNSHARE, 0, 3000, ARGS(CLONE_NEWNS));
	CALL(g, &sshd, NR_SETUID, 0, 1000, ARGS(1000));
	/* 25-26: kubelet connects to the API server */
	CALL(g, &kubelet, NR_SOCKET, 20, 1000, ARGS(AF_INET, SOCK_STREAM, 0));
	e = (struct ext_buf){ .len = 0 };
	add_sockaddr_in(&e, 1, api_server, 6443);
	add_tuple(&e, IPPROTO_TCP, TCP_ESTABLISHED, node_ip, 51000, api_server, 6443);
	CALL_EXT(g, &kubelet, NR_CONNECT, 0, 4000, ARGS(20, 0x7100, 16), &e);
	/* 27: kubelet opens its configuration for reading and writing */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "/etc/kubernetes/kubelet.conf");
	CALL_EXT(g, &kubelet, NR_OPENAT, 21, 2000, ARGS(AT_FDCWD_REG, 0x7200, O_RDWR), &e);
	/* 28: a 15 ms sleep */
	CALL(g, &kubelet, NR_NANOSLEEP, 0, 15000000, ARGS(0x7300, 0));
	/* 29: sshd waits in accept when the capture stops, 2 s after entry */
	emit_call(g, &sshd, NR_ACCEPT, 0, 2000000000, ARGS(3, 0, 0), NULL,
		  PODSHARK_SC_UNFINISHED, 0);
	/* 30: an anonymous mapping */
	CALL(g, &kubelet, NR_MMAP, 0x7f0000000000, 1000,
	     ARGS(0, 4096, 3 /* PROT_READ|PROT_WRITE */, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */,
		  (uint64_t)-1, 0));
	/* 31: 4 events lost */
	len = podshark_encode_loss(&loss, buf, sizeof(buf));
	if (!len)
		fail("encode a loss record");
	emit(g, IF_HOST, g->out.prefix, g->out.prefix_len, buf, (uint32_t)len);
}

/* 32-33: the pod's miner reads /etc/shadow through an SQPOLL io_uring ring */
static void write_uring_frames(struct gen *g)
{
	const struct task miner = { "miner", 5003, 5000, 9, 0, true };
	/* struct io_uring_params as io_uring_setup left it: sq_entries, cq_entries,
	 * flags, sq_thread_cpu, sq_thread_idle, features, wq_fd */
	const uint32_t params[7] = { 8, 16, IORING_SETUP_SQPOLL, 0, 2000, 0, 0 };
	struct ext_buf e = { .len = 0 };

	add_mem(&e, PODSHARK_EXT_STRUCT, 1, 0, params, sizeof(params));
	emit_call(g, &miner, NR_IO_URING_SETUP, 3, 10000, ARGS(8, 0x7400), &e,
		  0, 0);
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "/etc/shadow");
	emit_call(g, &miner, NR_OPENAT, 4, 3000, ARGS(AT_FDCWD_REG, 0x7500, O_RDONLY), &e,
		  PODSHARK_SC_IO_URING, IORING_OP_OPENAT | PODSHARK_URING_SQPOLL);
}

static void write_interfaces(struct gen *g)
{
	char host[256], pod[1024], net[512];
	size_t n;

	n = podshark_iface_desc_start(host, sizeof(host));
	n = podshark_iface_desc_add(host, sizeof(host), n, "node", NODE);
	podshark_iface_desc_add(host, sizeof(host), n, "container.id", "host");

	n = podshark_iface_desc_start(pod, sizeof(pod));
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "node", NODE);
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "proc.cgroup.id", "7001");
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "proc.cgroup.path",
				    "/kubepods.slice/kubepods-besteffort.slice/"
				    "cri-containerd-0123456789ab.scope");
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "container.id", "0123456789ab");
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "container.name", "app");
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "container.image",
				    "docker.io/library/nginx:1.25");
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "container.image.repository",
				    "docker.io/library/nginx");
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "container.image.tag", "1.25");
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "container.type", "containerd");
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "k8s.pod.name", "web-0");
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "k8s.ns.name", "shop");
	n = podshark_iface_desc_add(pod, sizeof(pod), n, "k8s.pod.uid",
				    "8f0c2a34-1111-4222-8333-944455556666");
	for (const char *const *l = pod_labels; *l; l++)
		n = podshark_iface_desc_add(pod, sizeof(pod), n, "k8s.pod.label", *l);

	n = podshark_iface_desc_start(net, sizeof(net));
	n = podshark_iface_desc_add(net, sizeof(net), n, "node", NODE);
	n = podshark_iface_desc_add(net, sizeof(net), n, "k8s.pod.name", "web-0");
	n = podshark_iface_desc_add(net, sizeof(net), n, "k8s.ns.name", "shop");
	n = podshark_iface_desc_add(net, sizeof(net), n, "proc.ns.net", "4026532900");
	n = podshark_iface_desc_add(net, sizeof(net), n, "if.name", "eth0");
	n = podshark_iface_desc_add(net, sizeof(net), n, "if.index", "2");
	if (n >= sizeof(net))
		fail("describe the interfaces");

	const struct pcapng_interface_info ifaces[] = {
		{ PCAPNG_LINKTYPE_WIRESHARK_UPPER_PDU, 65535, "podshark", host, NULL, NULL },
		{ PCAPNG_LINKTYPE_WIRESHARK_UPPER_PDU, 65535, "shop/web-0/app", pod, NULL, NULL },
		{ PCAPNG_LINKTYPE_ETHERNET, 65535, "shop/web-0 eth0", net, NULL, NULL },
	};
	for (size_t i = 0; i < sizeof(ifaces) / sizeof(ifaces[0]); i++)
		if (pcapng_write_interface(g->out.w, &ifaces[i]) != (int)i)
			fail("write the interfaces");
}

int main(int argc, char **argv)
{
	static const char *const ls_argv[] = { "ls", "-l", NULL };
	const struct task ls = { "ls", 1200, 900, 1200, 1000, false };
	struct gen g = { 0 };
	struct ext_buf e = { .len = 0 };

	capture_gen_open(&g.out, argc, argv, "gen_scenario");
	write_interfaces(&g);

	/* 1-2: a user runs ls on the host */
	add_str(&e, 0, "/usr/bin/ls");
	add_argv(&e, 1, ls_argv);
	CALL_EXT(&g, &ls, NR_EXECVE, 0, 500000, ARGS(0x4000, 0x4100, 0x4200), &e);
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "/etc/hostname");
	CALL_EXT(&g, &ls, NR_OPENAT, 3, 2000, ARGS(AT_FDCWD_REG, 0x4300, O_RDONLY | O_CLOEXEC),
		 &e);
	write_pod_frames(&g);
	write_host_frames(&g);
	write_uring_frames(&g);

	return capture_gen_close(&g.out);
}

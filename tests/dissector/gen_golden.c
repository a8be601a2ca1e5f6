/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writes the capture the dissector tests read: one frame per case below, in
 * this order, every value fixed so the capture is the same on every run.
 * The expected output in golden/ was worked out from these values by hand;
 * README.md lists the frames.
 *
 * Usage: gen_golden OUTPUT.pcapng
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "capture_gen.h"
#include "record_codec.h"

/* 2023-11-14 22:13:20 UTC */
#define T0_NS 1700000000000000000ull
#define MS 1000000ull

/* Every process of the capture is in the host's namespaces (enum podshark_ns
 * order), on its calls and its process records alike. */
static const uint32_t host_ns[PODSHARK_NS_COUNT] = { 4026531836, 4026531840, 4026531841,
						      4026531838, 4026531839, 4026531837,
						      4026531835 };

/* x86_64 system call numbers (asm/unistd_64.h). */
#define NR_READ 0
#define NR_WRITE 1
#define NR_CLOSE 3
#define NR_STAT 4
#define NR_ACCESS 21
#define NR_DUP2 33
#define NR_SOCKET 41
#define NR_CONNECT 42
#define NR_ACCEPT 43
#define NR_BIND 49
#define NR_LISTEN 50
#define NR_EXECVE 59
#define NR_CHDIR 80
#define NR_GETPPID 110
#define NR_EXIT_GROUP 231
#define NR_OPENAT 257
#define NR_ACCEPT4 288
#define NR_PIPE2 293
#define NR_UNKNOWN 999

/* Values of x86_64 Linux (asm-generic/fcntl.h, linux/socket.h, linux/in.h,
 * asm-generic/errno*.h, linux/tcp.h's states) */
#define AT_FDCWD_REG 0xffffff9cull /* (int)-100 as the 32-bit register value */
#define O_WRONLY_FLAG 01ull
#define O_RDWR_FLAG 02ull
#define O_CREAT_FLAG 0100ull
#define O_CLOEXEC_FLAG 0x80000ull
#define AF_INET_FAMILY 2
#define SOCK_STREAM_TYPE 1
#define IPPROTO_TCP_PROTO 6
#define TCP_ESTABLISHED_STATE 1
#define TCP_SYN_SENT_STATE 2
#define TCP_CLOSE_STATE 7
#define ENOENT_ERRNO 2
#define EBADF_ERRNO 9
#define EFAULT_ERRNO 14
#define ECONNREFUSED_ERRNO 111
#define EINPROGRESS_ERRNO 115
/* tty_nr of /dev/pts/0: major 136, minor 0 */
#define PTS0_TTY_NR (136u << 8)

struct gen {
	struct capture_gen out;
	unsigned frames;
};

/* Write errors are sticky in the writer: main() checks them once, at close. */
static void emit(struct gen *g, const void *rec, uint32_t len)
{
	pcapng_write_packet(g->out.w, 0, T0_NS + ++g->frames * MS, g->out.prefix, g->out.prefix_len, rec,
			    len, len);
}

static void fail_encode(const char *what)
{
	fprintf(stderr, "gen_golden: failed to encode %s\n", what);
	exit(1);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

/* A task of the host: bash (pid 1000) started cat (pid 2000). */
static struct podshark_syscall_rec task(const char *comm, uint32_t pid, uint32_t ppid)
{
	struct podshark_syscall_rec sc = {
		.cgroup_id = 4242,
		.arch = PODSHARK_ARCH_X86_64,
		.cpu = 1,
		.pid = pid,
		.tid = pid,
		.ppid = ppid,
		.vpid = pid - 990,
		.vtid = pid - 990,
		.uid = 1000,
		.gid = 100,
		.loginuid = 1000,
	};

	memcpy(sc.ns_inum, host_ns, sizeof(sc.ns_inum));
	/* comm is NUL-padded, not necessarily NUL-terminated (like the kernel's) */
	memcpy(sc.comm, comm, strnlen(comm, sizeof(sc.comm)));
	return sc;
}

static struct podshark_syscall_rec call(uint64_t evt_num, uint32_t nr, int64_t ret,
					uint64_t latency_ns, struct podshark_syscall_rec sc)
{
	sc.evt_num = evt_num;
	sc.entry_ns = T0_NS + evt_num * MS - latency_ns;
	sc.latency_ns = latency_ns;
	sc.nr = nr;
	sc.ret = ret;
	return sc;
}

/* Encodes sc (and its extensions) into buf; returns the record length. */
static uint32_t encode_syscall(const struct podshark_syscall_rec *sc, const void *ext,
			       size_t ext_len, unsigned char *buf, size_t bufsize)
{
	size_t len = podshark_encode_syscall(sc, ext, ext_len, buf, bufsize);

	if (!len)
		fail_encode("a syscall record");
	return (uint32_t)len;
}

static void emit_syscall(struct gen *g, const struct podshark_syscall_rec *sc, const void *ext,
			 size_t ext_len)
{
	unsigned char buf[512];

	emit(g, buf, encode_syscall(sc, ext, ext_len, buf, sizeof(buf)));
}

static void append_ext(unsigned char *ext, size_t size, size_t *len, uint16_t type,
		       const char *value)
{
	if (podshark_ext_append(ext, size, len, type, value, strlen(value)))
		fail_encode("an extension");
}

static void write_frames(struct gen *g)
{
	struct podshark_syscall_rec bash = task("bash", 1000, 1);
	struct podshark_syscall_rec cat = task("cat", 2000, 1000);
	struct podshark_syscall_rec sc;
	struct podshark_loss_rec loss = { .evt_num = 9, .ring_full = 5, .oversize = 1,
					  .user_dropped = 2 };
	unsigned char buf[512], ext[64];
	size_t len, ext_len = 0;

	/* 1: bash opens a file */
	sc = call(1, NR_OPENAT, 3, 12345, bash);
	sc.args[0] = AT_FDCWD_REG;
	sc.args[1] = 0x7ffd2a10;
	sc.args[2] = O_CLOEXEC_FLAG;
	emit_syscall(g, &sc, NULL, 0);

	/* 2: cat fails to open a file */
	sc = call(2, NR_OPENAT, -ENOENT_ERRNO, 2100, cat);
	sc.args[0] = AT_FDCWD_REG;
	sc.args[1] = 0x55d0c0de1000;
	emit_syscall(g, &sc, NULL, 0);

	/* 3: cat asks for its parent */
	sc = call(3, NR_GETPPID, 1000, 400, cat);
	emit_syscall(g, &sc, NULL, 0);

	/* 4: bash reads 832 bytes from fd 3 */
	sc = call(4, NR_READ, 832, 3000, bash);
	sc.args[0] = 3;
	sc.args[1] = 0x7ffd2b00;
	sc.args[2] = 4096;
	emit_syscall(g, &sc, NULL, 0);

	/* 5: bash waits in accept(3) when the capture stops, 2.5 s after entry */
	sc = call(5, NR_ACCEPT, 0, 2500000000, bash);
	sc.args[0] = 3;
	sc.flags = PODSHARK_SC_UNFINISHED;
	sc.cpu = 3;
	emit_syscall(g, &sc, NULL, 0);

	/* 6: cat exits with status 1: recorded at entry */
	sc = call(6, NR_EXIT_GROUP, 0, 0, cat);
	sc.args[0] = 1;
	sc.flags = PODSHARK_SC_NORETURN;
	emit_syscall(g, &sc, NULL, 0);

	/* 7: a system call number the table does not know */
	sc = call(7, NR_UNKNOWN, -38, 100, bash);
	for (unsigned i = 0; i < sizeof(sc.args) / sizeof(sc.args[0]); i++)
		sc.args[i] = i + 1;
	emit_syscall(g, &sc, NULL, 0);

	/* 8: 8 events lost before event 9 */
	len = podshark_encode_loss(&loss, buf, sizeof(buf));
	if (!len)
		fail_encode("a loss record");
	emit(g, buf, (uint32_t)len);

	/* 9: a record type this dissector does not know, 8 bytes of body */
	memset(buf, 0x5a, 16);
	buf[0] = PODSHARK_FORMAT_VERSION;
	buf[1] = 9;
	put_le16(buf + 2, 16);
	put_le32(buf + 4, 16);
	emit(g, buf, 16);

	/* 10: a newer writer's syscall record: 8 more bytes of fixed part */
	sc = call(10, NR_GETPPID, 1, 500, bash);
	len = encode_syscall(&sc, NULL, 0, buf, sizeof(buf));
	memset(buf + len, 0xab, 8);
	put_le16(buf + 2, (uint16_t)(len + 8));
	put_le32(buf + 4, (uint32_t)(len + 8));
	emit(g, buf, (uint32_t)len + 8);

	/* 11: a syscall record with an extension type this dissector does not know */
	sc = call(11, NR_GETPPID, 1, 500, bash);
	append_ext(ext, sizeof(ext), &ext_len, 0x7f00, "hi!");
	emit_syscall(g, &sc, ext, ext_len);

	/* 12: a syscall record cut after 100 of its 184 bytes */
	sc = call(12, NR_GETPPID, 1, 500, bash);
	encode_syscall(&sc, NULL, 0, buf, sizeof(buf));
	emit(g, buf, 100);

	/* 13: a record of format version 2 */
	memset(buf, 0, 24);
	buf[0] = 2;
	buf[1] = PODSHARK_REC_SYSCALL;
	put_le16(buf + 2, 24);
	put_le32(buf + 4, 24);
	emit(g, buf, 24);

	/* 14: 5 bytes, shorter than a record header */
	emit(g, "\x01\x01\xb8\x00\xb8", 5);

	/* 15: fixed_len (4) shorter than the header */
	memset(buf, 0, 16);
	buf[0] = PODSHARK_FORMAT_VERSION;
	buf[1] = PODSHARK_REC_LOSS;
	put_le16(buf + 2, 4);
	put_le32(buf + 4, 16);
	emit(g, buf, 16);

	/* 16: a syscall record whose extension claims 200 bytes of its 8 */
	sc = call(16, NR_GETPPID, 1, 500, bash);
	ext_len = 0;
	append_ext(ext, sizeof(ext), &ext_len, 1, "abcd");
	put_le16(ext + 2, 200);
	emit_syscall(g, &sc, ext, ext_len);

	/* 17: a syscall record whose fixed part ends after ppid (120 of 184 bytes) */
	sc = call(17, NR_GETPPID, 1, 500, bash);
	encode_syscall(&sc, NULL, 0, buf, sizeof(buf));
	put_le16(buf + 2, 120);
	put_le32(buf + 4, 120);
	emit(g, buf, 120);

	/* 18: 3 events lost before event 20, then 4 bytes after the record */
	loss = (struct podshark_loss_rec){ .evt_num = 20, .ring_full = 3 };
	len = podshark_encode_loss(&loss, buf, sizeof(buf));
	if (!len)
		fail_encode("a loss record");
	memcpy(buf + len, "\xde\xad\xbe\xef", 4);
	emit(g, buf, (uint32_t)len + 4);

	/* 19: bash's read returned 5, its entry was not seen: no args, no entry time */
	sc = call(19, NR_READ, 5, 0, bash);
	sc.entry_ns = 0;
	sc.flags = PODSHARK_SC_ENTRY_LOST;
	emit_syscall(g, &sc, NULL, 0);
}

/*
 * Frames 20 on: process and fd context.  A shell pipeline,
 * sh -c 'cat /etc/hostname | wc -c' started from bash, modelled as the probe
 * and the extcap record it (PROC snapshot, fork and exec records, the
 * syscalls with the memory of their arguments), then a TCP client and
 * server with socket tuples, then hostile and broken argument memory.
 * README.md lists the frames and what each must show.
 */

struct ext_buf {
	unsigned char bytes[1024];
	size_t len;
};

/* A memory extension item: the 8-byte prefix, then data. */
static void add_mem(struct ext_buf *e, uint16_t type, uint8_t arg, uint8_t flags, uint16_t count,
		    uint32_t full_len, const void *data, size_t data_len)
{
	const struct podshark_ext_mem mem = {
		.arg = arg, .flags = flags, .count = count, .full_len = full_len
	};

	if (podshark_ext_append_mem(e->bytes, sizeof(e->bytes), &e->len, type, &mem, data,
				    data_len))
		fail_encode("an extension");
}

static void add_str(struct ext_buf *e, uint8_t arg, const char *s)
{
	add_mem(e, PODSHARK_EXT_STR, arg, 0, 0, 0, s, strlen(s));
}

/* argv as the probe writes it: each string with its NUL. */
static void add_argv(struct ext_buf *e, uint8_t arg, const char *const *argv)
{
	unsigned char data[256];
	size_t len = 0;
	uint16_t count = 0;

	for (; argv[count]; count++) {
		size_t n = strlen(argv[count]) + 1;

		memcpy(data + len, argv[count], n);
		len += n;
	}
	add_mem(e, PODSHARK_EXT_ARGV, arg, 0, count, 0, data, len);
}

/* A struct sockaddr_in as the kernel has it: family little-endian (host),
 * port and address in network order. */
static void add_sockaddr_in(struct ext_buf *e, uint8_t arg, uint8_t flags, const uint8_t ip[4],
			    uint16_t port)
{
	unsigned char sin[16] = { 0 };

	put_le16(sin, AF_INET_FAMILY);
	sin[2] = (unsigned char)(port >> 8);
	sin[3] = (unsigned char)port;
	memcpy(sin + 4, ip, 4);
	add_mem(e, PODSHARK_EXT_SOCKADDR, arg, flags, 0, sizeof(sin), sin, sizeof(sin));
}

static void add_tuple(struct ext_buf *e, uint8_t state, const uint8_t local[4],
		      uint16_t lport, const uint8_t remote[4], uint16_t rport, uint64_t ino)
{
	struct podshark_sock_tuple t = {
		.family = AF_INET_FAMILY, .l4proto = IPPROTO_TCP_PROTO, .state = state,
		.sport = htons(lport), .dport = htons(rport), .ino = ino,
	};
	unsigned char value[sizeof(t)];

	memcpy(t.saddr, local, 4);
	memcpy(t.daddr, remote, 4);
	podshark_encode_sock_tuple(&t, value);
	if (podshark_ext_append(e->bytes, sizeof(e->bytes), &e->len, PODSHARK_EXT_SOCK_TUPLE,
				value, sizeof(value)))
		fail_encode("a socket tuple");
}

static void emit_proc(struct gen *g, uint32_t kind, uint32_t pid, uint32_t ppid,
		      const char *comm, uint32_t tty, int32_t exit_code, const struct ext_buf *e)
{
	unsigned char buf[PODSHARK_PROC_REC_LEN + sizeof(e->bytes)];
	const uint64_t evt_num = g->frames + 1;
	struct podshark_proc_rec p = {
		.evt_num = evt_num, .ts_ns = T0_NS + evt_num * MS, .cgroup_id = 4242,
		.kind = kind, .pid = pid, .tid = pid, .ppid = ppid, .vpid = pid,
		.uid = 1000, .gid = 100, .loginuid = 1000, .tty = tty, .exit_code = exit_code,
	};
	size_t len;

	memcpy(p.ns_inum, host_ns, sizeof(p.ns_inum));
	memcpy(p.comm, comm, strnlen(comm, PODSHARK_COMM_LEN));
	len = podshark_encode_proc(&p, e ? e->bytes : NULL, e ? e->len : 0, buf, sizeof(buf));
	if (!len)
		fail_encode("a process record");
	emit(g, buf, (uint32_t)len);
}

static void emit_fd(struct gen *g, uint32_t pid, int32_t fd, uint32_t fd_type,
		    uint32_t open_flags, const struct ext_buf *e)
{
	unsigned char buf[PODSHARK_FD_REC_LEN + sizeof(e->bytes)];
	const uint64_t evt_num = g->frames + 1;
	const struct podshark_fd_rec f = {
		.evt_num = evt_num, .ts_ns = T0_NS + evt_num * MS, .ino = 3,
		.pid = pid, .fd = fd, .fd_type = fd_type, .open_flags = open_flags,
	};
	size_t len = podshark_encode_fd(&f, e->bytes, e->len, buf, sizeof(buf));

	if (!len)
		fail_encode("an fd record");
	emit(g, buf, (uint32_t)len);
}

/* A syscall of task t as the next frame, with 1 us latency. */
static void emit_call(struct gen *g, struct podshark_syscall_rec t, uint32_t nr, int64_t ret,
		      const uint64_t args[6], const struct ext_buf *e)
{
	struct podshark_syscall_rec sc = call(g->frames + 1, nr, ret, 1000, t);
	unsigned char buf[PODSHARK_SYSCALL_REC_LEN + sizeof(e->bytes)];

	memcpy(sc.args, args, sizeof(sc.args));
	emit(g, buf, encode_syscall(&sc, e ? e->bytes : NULL, e ? e->len : 0, buf, sizeof(buf)));
}

#define ARGS(...) ((const uint64_t[6]){ __VA_ARGS__ })

static void write_pipeline_frames(struct gen *g)
{
	static const char *const systemd_argv[] = { "/sbin/init", NULL };
	static const char *const sshd_argv[] = { "sshd: alice@pts/0", NULL };
	static const char *const bash_argv[] = { "-bash", NULL };
	static const char *const sh_argv[] = { "sh", "-c", "cat /etc/hostname | wc -c", NULL };
	static const char *const cat_argv[] = { "cat", "/etc/hostname", NULL };
	static const char *const wc_argv[] = { "wc", "-c", NULL };
	struct podshark_syscall_rec sh = task("sh", 3001, 3000);
	struct podshark_syscall_rec cat = task("cat", 3002, 3001);
	struct podshark_syscall_rec wc = task("wc", 3003, 3001);
	struct ext_buf e;

	/* 20-22: the processes that exist at the start */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, PODSHARK_PROC_MEM_EXE, "/usr/lib/systemd/systemd");
	add_argv(&e, PODSHARK_PROC_MEM_ARGS, systemd_argv);
	add_str(&e, PODSHARK_PROC_MEM_CWD, "/");
	emit_proc(g, PODSHARK_PROC_SNAPSHOT, 1, 0, "systemd", 0, 0, &e);
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, PODSHARK_PROC_MEM_EXE, "/usr/sbin/sshd");
	add_argv(&e, PODSHARK_PROC_MEM_ARGS, sshd_argv);
	add_str(&e, PODSHARK_PROC_MEM_CWD, "/");
	emit_proc(g, PODSHARK_PROC_SNAPSHOT, 2999, 1, "sshd", 0, 0, &e);
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, PODSHARK_PROC_MEM_EXE, "/usr/bin/bash");
	add_argv(&e, PODSHARK_PROC_MEM_ARGS, bash_argv);
	add_str(&e, PODSHARK_PROC_MEM_CWD, "/home/alice");
	emit_proc(g, PODSHARK_PROC_SNAPSHOT, 3000, 2999, "bash", PTS0_TTY_NR, 0, &e);

	/* 23: bash's stdout, open at the start */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 0, "/dev/pts/0");
	emit_fd(g, 3000, 1, PODSHARK_FD_FILE, O_RDWR_FLAG, &e);

	/* 24-26: bash forks 3001, which executes sh -c '...' */
	emit_proc(g, PODSHARK_PROC_FORK, 3001, 3000, "bash", PTS0_TTY_NR, 0, NULL);
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, PODSHARK_PROC_MEM_EXE, "/bin/sh");
	add_argv(&e, PODSHARK_PROC_MEM_ARGS, sh_argv);
	emit_proc(g, PODSHARK_PROC_EXEC, 3001, 3000, "sh", PTS0_TTY_NR, 0, &e);
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 0, "/bin/sh");
	add_argv(&e, 1, sh_argv);
	emit_call(g, sh, NR_EXECVE, 0, ARGS(0x55aa0010, 0x55aa0100, 0x55aa0200), &e);

	/* 27: pipe2([3, 4], 0) = 0 */
	e = (struct ext_buf){ .len = 0 };
	add_mem(&e, PODSHARK_EXT_FD_PAIR, 0, PODSHARK_MEM_AT_EXIT, 0, 0, "\3\0\0\0\4\0\0\0", 8);
	emit_call(g, sh, NR_PIPE2, 0, ARGS(0x7ffe1000, 0), &e);

	/* 28-32: sh forks 3002: stdout to the pipe, then cat /etc/hostname */
	emit_proc(g, PODSHARK_PROC_FORK, 3002, 3001, "sh", PTS0_TTY_NR, 0, NULL);
	emit_call(g, task("sh", 3002, 3001), NR_DUP2, 1, ARGS(4, 1), NULL);
	emit_call(g, task("sh", 3002, 3001), NR_CLOSE, 0, ARGS(3), NULL);
	emit_call(g, task("sh", 3002, 3001), NR_CLOSE, 0, ARGS(4), NULL);
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, PODSHARK_PROC_MEM_EXE, "/usr/bin/cat");
	add_argv(&e, PODSHARK_PROC_MEM_ARGS, cat_argv);
	emit_proc(g, PODSHARK_PROC_EXEC, 3002, 3001, "cat", PTS0_TTY_NR, 0, &e);

	/* 33-35: cat copies /etc/hostname ("web\n") to the pipe */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "/etc/hostname");
	emit_call(g, cat, NR_OPENAT, 3, ARGS(AT_FDCWD_REG, 0x7ffe2000, O_CLOEXEC_FLAG), &e);
	e = (struct ext_buf){ .len = 0 };
	add_mem(&e, PODSHARK_EXT_BUF, 1, PODSHARK_MEM_AT_EXIT, 0, 4, "web\n", 4);
	emit_call(g, cat, NR_READ, 4, ARGS(3, 0x7f0000001000, 131072), &e);
	e = (struct ext_buf){ .len = 0 };
	add_mem(&e, PODSHARK_EXT_BUF, 1, 0, 0, 4, "web\n", 4);
	emit_call(g, cat, NR_WRITE, 4, ARGS(1, 0x7f0000001000, 4), &e);

	/* 36-38: sh forks 3003: stdin from the pipe, then wc -c */
	emit_proc(g, PODSHARK_PROC_FORK, 3003, 3001, "sh", PTS0_TTY_NR, 0, NULL);
	emit_call(g, task("sh", 3003, 3001), NR_DUP2, 0, ARGS(3, 0), NULL);
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, PODSHARK_PROC_MEM_EXE, "/usr/bin/wc");
	add_argv(&e, PODSHARK_PROC_MEM_ARGS, wc_argv);
	emit_proc(g, PODSHARK_PROC_EXEC, 3003, 3001, "wc", PTS0_TTY_NR, 0, &e);

	/* 39-41: wc reads the pipe, writes "4\n" to the terminal; cat has exited */
	e = (struct ext_buf){ .len = 0 };
	add_mem(&e, PODSHARK_EXT_BUF, 1, PODSHARK_MEM_AT_EXIT, 0, 4, "web\n", 4);
	emit_call(g, wc, NR_READ, 4, ARGS(0, 0x7f0000002000, 16384), &e);
	e = (struct ext_buf){ .len = 0 };
	add_mem(&e, PODSHARK_EXT_BUF, 1, 0, 0, 2, "4\n", 2);
	emit_call(g, wc, NR_WRITE, 2, ARGS(1, 0x7f0000003000, 2), &e);
	emit_proc(g, PODSHARK_PROC_EXIT, 3002, 3001, "cat", PTS0_TTY_NR, 0, NULL);
}

static void write_tcp_frames(struct gen *g)
{
	static const char *const nginx_argv[] = { "nginx", "-g", "daemon off;", NULL };
	static const char *const curl_argv[] = { "curl", "http://10.0.0.2/", NULL };
	static const uint8_t any[4] = { 0, 0, 0, 0 };
	static const uint8_t client[4] = { 10, 0, 0, 1 };
	static const uint8_t server[4] = { 10, 0, 0, 2 };
	static const uint8_t refusing[4] = { 10, 0, 0, 7 };
	struct podshark_syscall_rec nginx = task("nginx", 4000, 1);
	struct podshark_syscall_rec curl = task("curl", 4100, 3000);
	struct ext_buf e;

	/* 42-45: nginx listens on 0.0.0.0:80 */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, PODSHARK_PROC_MEM_EXE, "/usr/sbin/nginx");
	add_argv(&e, PODSHARK_PROC_MEM_ARGS, nginx_argv);
	add_str(&e, PODSHARK_PROC_MEM_CWD, "/");
	emit_proc(g, PODSHARK_PROC_SNAPSHOT, 4000, 1, "nginx", 0, 0, &e);
	emit_call(g, nginx, NR_SOCKET, 5, ARGS(AF_INET_FAMILY, SOCK_STREAM_TYPE, 0), NULL);
	e = (struct ext_buf){ .len = 0 };
	add_sockaddr_in(&e, 1, 0, any, 80);
	add_tuple(&e, TCP_CLOSE_STATE, any, 80, any, 0, 5000);
	emit_call(g, nginx, NR_BIND, 0, ARGS(5, 0x7ffe3000, 16), &e);
	emit_call(g, nginx, NR_LISTEN, 0, ARGS(5, 511), NULL);

	/* 46-48: curl, started from bash, connects to 10.0.0.2:80 (non-blocking) */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, PODSHARK_PROC_MEM_EXE, "/usr/bin/curl");
	add_argv(&e, PODSHARK_PROC_MEM_ARGS, curl_argv);
	add_str(&e, PODSHARK_PROC_MEM_CWD, "/home/alice");
	emit_proc(g, PODSHARK_PROC_SNAPSHOT, 4100, 3000, "curl", PTS0_TTY_NR, 0, &e);
	emit_call(g, curl, NR_SOCKET, 3, ARGS(AF_INET_FAMILY, SOCK_STREAM_TYPE, IPPROTO_TCP_PROTO),
		  NULL);
	e = (struct ext_buf){ .len = 0 };
	add_sockaddr_in(&e, 1, 0, server, 80);
	add_tuple(&e, TCP_SYN_SENT_STATE, client, 4242, server, 80, 5100);
	emit_call(g, curl, NR_CONNECT, -EINPROGRESS_ERRNO, ARGS(3, 0x7ffe4000, 16), &e);

	/* 49: nginx accepts it as fd 6 */
	e = (struct ext_buf){ .len = 0 };
	add_sockaddr_in(&e, 1, PODSHARK_MEM_AT_EXIT, client, 4242);
	add_tuple(&e, TCP_ESTABLISHED_STATE, server, 80, client, 4242, 5001);
	emit_call(g, nginx, NR_ACCEPT4, 6, ARGS(5, 0x7ffe3100, 0x7ffe3200, O_CLOEXEC_FLAG), &e);

	/* 50-53: a request, nginx reads it and closes; a read after close fails */
	e = (struct ext_buf){ .len = 0 };
	add_mem(&e, PODSHARK_EXT_BUF, 1, 0, 0, 7, "GET /\r\n", 7);
	emit_call(g, curl, NR_WRITE, 7, ARGS(3, 0x7ffe5000, 7), &e);
	e = (struct ext_buf){ .len = 0 };
	add_mem(&e, PODSHARK_EXT_BUF, 1, PODSHARK_MEM_AT_EXIT, 0, 7, "GET /\r\n", 7);
	emit_call(g, nginx, NR_READ, 7, ARGS(6, 0x7ffe6000, 1024), &e);
	emit_call(g, nginx, NR_CLOSE, 0, ARGS(6), NULL);
	emit_call(g, nginx, NR_READ, -EBADF_ERRNO, ARGS(6, 0x7ffe6000, 1024), NULL);

	/* 54-55: a connection refused, no tuple: the address from the sockaddr */
	emit_call(g, curl, NR_SOCKET, 4, ARGS(AF_INET_FAMILY, SOCK_STREAM_TYPE, 0), NULL);
	e = (struct ext_buf){ .len = 0 };
	add_sockaddr_in(&e, 1, 0, refusing, 443);
	emit_call(g, curl, NR_CONNECT, -ECONNREFUSED_ERRNO, ARGS(4, 0x7ffe4100, 16), &e);
}

static void write_memory_frames(struct gen *g)
{
	static const char *const short_argv[] = { "ls", NULL };
	struct podshark_syscall_rec curl = task("curl", 4100, 3000);
	struct ext_buf e;
	size_t argv_item;

	/* 56: a hostile path: invalid UTF-8, format directives, a newline, an
	 * escape sequence, a quote and a backslash */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "/tmp/\xff\xfe%s%n\n\x1b[31m\"q\\");
	emit_call(g, curl, NR_OPENAT, -ENOENT_ERRNO, ARGS(AT_FDCWD_REG, 0x7ffe7000, 0), &e);

	/* 57: a relative path, resolved against the working directory */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "../bob/./notes.txt");
	emit_call(g, curl, NR_OPENAT, 7,
		  ARGS(AT_FDCWD_REG, 0x7ffe7100, O_WRONLY_FLAG | O_CREAT_FLAG, 0644), &e);

	/* 58: a path the probe cut (TRUNCATED) */
	e = (struct ext_buf){ .len = 0 };
	add_mem(&e, PODSHARK_EXT_STR, 0, PODSHARK_MEM_TRUNCATED, 0, 0, "/var/log/very-long-na",
		21);
	emit_call(g, curl, NR_STAT, 0, ARGS(0x7ffe7200, 0x7ffe7300), &e);

	/* 59: a pointer the probe could not read (FAULT) */
	e = (struct ext_buf){ .len = 0 };
	add_mem(&e, PODSHARK_EXT_STR, 0, PODSHARK_MEM_FAULT, 0, 0, NULL, 0);
	emit_call(g, curl, NR_ACCESS, -EFAULT_ERRNO, ARGS(0x1234, 0), &e);

	/* 60: an ARGV item that claims 3 strings and holds 1 (malformed) */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 0, "/bin/ls");
	argv_item = e.len;
	add_argv(&e, 1, short_argv);
	/* the count: after the item's 4-byte header, the prefix's arg and flags */
	put_le16(e.bytes + argv_item + 4 + 2, 3);
	emit_call(g, curl, NR_EXECVE, -ENOENT_ERRNO, ARGS(0x7ffe7400, 0x7ffe7500, 0x7ffe7600), &e);

	/* 61: a read whose argument memory found no room (ARGS_LOST) */
	{
		struct podshark_syscall_rec sc = call(g->frames + 1, NR_READ, 7, 1000, curl);
		unsigned char buf[PODSHARK_SYSCALL_REC_LEN];

		sc.args[0] = 3;
		sc.args[1] = 0x7ffe5100;
		sc.args[2] = 64;
		sc.flags = PODSHARK_SC_ARGS_LOST;
		emit(g, buf, encode_syscall(&sc, NULL, 0, buf, sizeof(buf)));
	}

	/* 62-63: chdir("/tmp"), then a relative open lands in /tmp */
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 0, "/tmp");
	emit_call(g, curl, NR_CHDIR, 0, ARGS(0x7ffe7700), &e);
	e = (struct ext_buf){ .len = 0 };
	add_str(&e, 1, "out.txt");
	emit_call(g, curl, NR_OPENAT, 8, ARGS(AT_FDCWD_REG, 0x7ffe7800, 0), &e);
}

int main(int argc, char **argv)
{
	const struct pcapng_interface_info iface = {
		.linktype = PCAPNG_LINKTYPE_WIRESHARK_UPPER_PDU,
		.snaplen = 65535,
		.name = "podshark",
	};
	struct gen g = { 0 };

	capture_gen_open(&g.out, argc, argv, "gen_golden");
	pcapng_write_interface(g.out.w, &iface);
	write_frames(&g);
	write_pipeline_frames(&g);
	write_tcp_frames(&g);
	write_memory_frames(&g);
	return capture_gen_close(&g.out);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The capture-start snapshot against the real /proc: a child with a known
 * command line, working directory, controlling terminal and a set of open
 * files, pipes and sockets must come out of the walk as the PROC and FD
 * records a user would expect.  Expected values come from the objects
 * themselves (fstat, getsockname, getpeername), from stat(1) and findmnt(8),
 * and from the kernel's documented encodings, never from the walk.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "check.h"
#include "proc_snapshot.h"
#include "record_codec.h"

#define TEST_TS_NS 1700000000123456789ull
/* The fd number the child gives its terminal, to find it in the records. */
#define CHILD_TTY_FD 100
/* A name with the parentheses and spaces that break a naive /proc/PID/stat
 * parser: from the first ')', the ppid would read as 1. */
#define PAREN_COMM "p) S 1 1 (q"

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

#define PROC_U32(rec, field) \
	le32((const uint8_t *)(rec) + offsetof(struct podshark_proc_rec, field))
#define FD_U32(rec, field) le32((const uint8_t *)(rec) + offsetof(struct podshark_fd_rec, field))

static int collect(void *ctx, const void *rec, size_t len)
{
	g_ptr_array_add(ctx, g_bytes_new(rec, len));
	return 0;
}

static GPtrArray *walk(pid_t skip_pid, struct proc_snapshot_stats *stats, double *ms)
{
	GPtrArray *recs = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	struct timespec t0, t1;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = proc_snapshot_walk("/proc", TEST_TS_NS, skip_pid, collect, recs, stats);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(ret == 0);
	if (ms)
		*ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	return recs;
}

/* The record of type with pid (and fd, for FD records), or NULL. */
static const uint8_t *find_rec(GPtrArray *recs, uint8_t type, uint32_t pid, int32_t fd)
{
	for (guint i = 0; i < recs->len; i++) {
		const uint8_t *b = g_bytes_get_data(recs->pdata[i], NULL);

		if (b[1] != type)
			continue;
		if (type == PODSHARK_REC_PROC && PROC_U32(b, pid) == pid)
			return b;
		if (type == PODSHARK_REC_FD && FD_U32(b, pid) == pid &&
		    (int32_t)FD_U32(b, fd) == fd)
			return b;
	}
	return NULL;
}

static void decode(const uint8_t *b, struct podshark_decoded *d)
{
	podshark_decode(b, le32(b + 4), d);
}

/* The data of the memory extension type/arg, NUL-terminated; NULL when absent. */
static char *ext_mem(const uint8_t *b, uint16_t want_type, uint8_t want_arg,
		     struct podshark_ext_mem *mem, size_t *data_len)
{
	struct podshark_decoded d;
	struct podshark_mem_item m;
	const uint8_t *value;
	uint16_t type, value_len;
	size_t pos;

	decode(b, &d);
	pos = d.ext_offset;
	while (podshark_ext_next(b, &d, &pos, &type, &value, &value_len) == 1) {
		if (type != want_type || podshark_mem_item_parse(type, value, value_len, &m) ||
		    m.mem.arg != want_arg)
			continue;
		char *copy = g_malloc(m.data_len + 1); /* not g_strndup: ARGV holds NULs */

		memcpy(copy, m.data, m.data_len);
		copy[m.data_len] = '\0';
		*mem = m.mem;
		if (data_len)
			*data_len = m.data_len;
		return copy;
	}
	return NULL;
}

static char *ext_str(const uint8_t *b, uint8_t arg)
{
	struct podshark_ext_mem mem;

	return ext_mem(b, PODSHARK_EXT_STR, arg, &mem, NULL);
}

/* The SOCK_TUPLE of an FD record, its integers converted from little-endian. */
static int ext_tuple(const uint8_t *b, struct podshark_sock_tuple *t)
{
	struct podshark_decoded d;
	const uint8_t *v;
	uint16_t type, value_len;
	size_t pos;

	decode(b, &d);
	pos = d.ext_offset;
	while (podshark_ext_next(b, &d, &pos, &type, &v, &value_len) == 1) {
		if (type != PODSHARK_EXT_SOCK_TUPLE || value_len != sizeof(*t))
			continue;
		t->family = le16(v);
		t->l4proto = v[2];
		t->state = v[3];
		memcpy(&t->sport, v + 4, 2);
		memcpy(&t->dport, v + 6, 2);
		memcpy(t->saddr, v + 8, 16);
		memcpy(t->daddr, v + 24, 16);
		t->ino = le64(v + 40);
		return 0;
	}
	return -1;
}

/* Every record is well formed, and a process's FD records follow its PROC record. */
static void check_record_structure(GPtrArray *recs)
{
	uint32_t current_pid = 0;
	unsigned bad = 0, orphan_fds = 0;

	for (guint i = 0; i < recs->len; i++) {
		gsize len;
		const uint8_t *b = g_bytes_get_data(recs->pdata[i], &len);
		struct podshark_decoded d;
		const uint8_t *value;
		uint16_t type, value_len;
		size_t pos;
		int more;

		podshark_decode(b, len, &d);
		if (d.status != PODSHARK_DECODE_OK ||
		    d.hdr.version != PODSHARK_FORMAT_VERSION || d.hdr.total_len != len)
			bad++;
		if (d.hdr.type == PODSHARK_REC_PROC) {
			if (d.hdr.fixed_len != PODSHARK_PROC_REC_LEN)
				bad++;
			current_pid = PROC_U32(b, pid);
		} else if (d.hdr.type == PODSHARK_REC_FD) {
			if (d.hdr.fixed_len != PODSHARK_FD_REC_LEN)
				bad++;
			if (FD_U32(b, pid) != current_pid)
				orphan_fds++;
		} else {
			bad++;
		}
		pos = d.ext_offset;
		while ((more = podshark_ext_next(b, &d, &pos, &type, &value, &value_len)) == 1)
			;
		if (more != 0)
			bad++;
	}
	CHECK(recs->len > 0);
	CHECK(bad == 0);
	CHECK(orphan_fds == 0);
}

/* stat -L -c %i: the namespace inode, from a tool of its own. */
static uint32_t ns_inode_by_stat(pid_t pid, const char *ns)
{
	char *cmd = g_strdup_printf("stat -L -c %%i /proc/%d/ns/%s", (int)pid, ns);
	char *out = NULL;
	uint32_t ino = 0;

	if (g_spawn_command_line_sync(cmd, &out, NULL, NULL, NULL))
		ino = (uint32_t)strtoul(out, NULL, 10);
	g_free(out);
	g_free(cmd);
	return ino;
}

/* The cgroup v2 directory of this process (its children start there), with
 * the mount found by findmnt(8). */
static uint64_t own_cgroup_id(void)
{
	char *mount = NULL, *cgroup = NULL, *line, *path;
	uint64_t id = 0;
	struct stat st;

	if (!g_spawn_command_line_sync("findmnt -n -t cgroup2 -o TARGET", &mount, NULL, NULL,
				       NULL) ||
	    !*mount || !g_file_get_contents("/proc/self/cgroup", &cgroup, NULL, NULL)) {
		g_free(mount);
		return 0;
	}
	*strchrnul(mount, '\n') = '\0';
	line = strncmp(cgroup, "0::", 3) == 0 ? cgroup : strstr(cgroup, "\n0::");
	if (line) {
		line += line[0] == '\n' ? 4 : 3;
		*strchrnul(line, '\n') = '\0';
		path = g_build_filename(mount, line, NULL);
		if (stat(path, &st) == 0)
			id = st.st_ino;
		g_free(path);
	}
	g_free(mount);
	g_free(cgroup);
	return id;
}

/* /proc/PID/stat's tty_nr: the kernel's new_encode_dev() of the device number. */
static uint32_t tty_nr_of(dev_t rdev)
{
	unsigned maj = major(rdev), min = minor(rdev);

	return (min & 0xff) | (maj << 8) | ((min & ~0xffu) << 12);
}

struct child_fds {
	int file, dir, pipe[2], event;
	int tcp_listen, tcp_client, tcp_server, udp, tcp6_listen; /* tcp6_listen -1: no IPv6 */
	int unix_listen, unix_pair[2];
	int pty_master; /* kept open: closing it hangs up the child's session */
	char tmpdir[PATH_MAX], file_path[PATH_MAX + 16], pts_path[64];
};

static int tcp_listener(int family, const void *addr, socklen_t len)
{
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, addr, len) < 0 || listen(fd, 4) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Opens everything the child will inherit (none close-on-exec). */
static void open_child_fds(struct child_fds *c)
{
	struct sockaddr_in lo = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in6 lo6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	/* 127.0.0.2:4660 (0x1234): unequal bytes, so byte-order mistakes show */
	struct sockaddr_in peer = { .sin_family = AF_INET, .sin_port = htons(0x1234),
				    .sin_addr.s_addr = htonl(0x7f000002) };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);
	char tmpl[] = "/tmp/podshark-snapshot-XXXXXX";

	if (!mkdtemp(tmpl) || !realpath(tmpl, c->tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(c->file_path, sizeof(c->file_path), "%s/known.txt", c->tmpdir);
	c->file = open(c->file_path, O_RDWR | O_CREAT | O_APPEND, 0600);
	c->dir = open(c->tmpdir, O_RDONLY | O_DIRECTORY);
	CHECK(pipe(c->pipe) == 0);
	c->event = eventfd(0, 0);

	c->tcp_listen = tcp_listener(AF_INET, &lo, sizeof(lo));
	getsockname(c->tcp_listen, (struct sockaddr *)&addr, &len);
	c->tcp_client = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(connect(c->tcp_client, (struct sockaddr *)&addr, sizeof(addr)) == 0);
	c->tcp_server = accept(c->tcp_listen, NULL, NULL);
	c->udp = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(bind(c->udp, (struct sockaddr *)&lo, sizeof(lo)) == 0);
	CHECK(connect(c->udp, (struct sockaddr *)&peer, sizeof(peer)) == 0);
	c->tcp6_listen = tcp_listener(AF_INET6, &lo6, sizeof(lo6));
	if (c->tcp6_listen < 0)
		printf("no IPv6 loopback: the IPv6 socket is not checked\n");

	CHECK(snprintf(un.sun_path, sizeof(un.sun_path), "%s/unix.sock", c->tmpdir) <
	      (int)sizeof(un.sun_path));
	c->unix_listen = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(c->unix_listen, (struct sockaddr *)&un, sizeof(un)) == 0);
	CHECK(listen(c->unix_listen, 4) == 0);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, c->unix_pair) == 0);
	CHECK(c->file >= 0 && c->dir >= 0 && c->event >= 0 && c->tcp_listen >= 0 &&
	      c->tcp_server >= 0);
}

/* A pty master whose slave this process can open, its path in pts_path; -1
 * when there is none (a container whose /dev/ptmx belongs to another devpts). */
static int open_pty_master(char *pts_path, size_t size)
{
	static const char *const masters[] = { "/dev/ptmx", "/dev/pts/ptmx" };
	struct stat st;

	for (size_t i = 0; i < G_N_ELEMENTS(masters); i++) {
		int fd = open(masters[i], O_RDWR | O_NOCTTY);

		if (fd < 0)
			continue;
		if (grantpt(fd) == 0 && unlockpt(fd) == 0 && ptsname_r(fd, pts_path, size) == 0 &&
		    stat(pts_path, &st) == 0)
			return fd;
		close(fd);
	}
	pts_path[0] = '\0';
	return -1;
}

/* The child: a new session whose controlling terminal is a fresh pty (when
 * there is one), in tmpdir, running `sleep 30 <unique>`. */
static pid_t spawn_sleeper(struct child_fds *c, const char *unique)
{
	int ptm = open_pty_master(c->pts_path, sizeof(c->pts_path));
	pid_t pid;

	c->pty_master = ptm;

	if (ptm < 0)
		printf("no usable pty: the terminal is not checked\n");
	pid = fork();
	if (pid == 0) {
		setsid();
		if (ptm >= 0) {
			/* a session leader's first tty becomes its controlling terminal */
			int pts = open(c->pts_path, O_RDWR);

			if (pts < 0 || dup2(pts, CHILD_TTY_FD) < 0)
				_exit(127);
			close(pts);
			close(ptm);
		}
		if (chdir(c->tmpdir) < 0)
			_exit(127);
		execl("/bin/sleep", "sleep", "30", unique, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Waits until pid runs the program exe (after its exec). */
static int wait_for_exe(pid_t pid, const char *exe)
{
	char link[64], target[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/exe", (int)pid);
	for (int i = 0; i < 500; i++) {
		n = readlink(link, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			if (strcmp(target, exe) == 0)
				return 0;
		}
		usleep(10000);
	}
	return -1;
}

static void check_fd(GPtrArray *recs, pid_t pid, int fd, enum podshark_fd_type type,
		     const char *name, uint64_t ino)
{
	const uint8_t *b = find_rec(recs, PODSHARK_REC_FD, (uint32_t)pid, fd);
	char *got;

	CHECK(b != NULL);
	if (!b) {
		fprintf(stderr, "no FD record for fd %d (%s)\n", fd, name);
		return;
	}
	if (FD_U32(b, fd_type) != (uint32_t)type)
		fprintf(stderr, "fd %d (%s): fd_type %u, expected %d\n", fd, name,
			FD_U32(b, fd_type), type);
	CHECK(FD_U32(b, fd_type) == (uint32_t)type);
	CHECK(le64(b + offsetof(struct podshark_fd_rec, ino)) == ino);
	CHECK(le64(b + offsetof(struct podshark_fd_rec, ts_ns)) == TEST_TS_NS);
	got = ext_str(b, 0);
	CHECK_STR(got, name);
	g_free(got);
}

static uint64_t ino_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

static char *socket_name(int fd)
{
	return g_strdup_printf("socket:[%" PRIu64 "]", ino_of(fd));
}

/* A socket's FD record: its type and name, and a tuple with the addresses
 * getsockname() and getpeername() give (network byte order, both). */
static void check_inet_socket(GPtrArray *recs, pid_t pid, int fd, int family, uint8_t l4proto,
			      uint8_t state, int connected)
{
	struct sockaddr_storage local, remote = { 0 };
	socklen_t len = sizeof(local);
	struct podshark_sock_tuple t;
	uint8_t saddr[16] = { 0 }, daddr[16] = { 0 };
	uint16_t sport, dport = 0;
	char *name = socket_name(fd);
	const uint8_t *b;

	getsockname(fd, (struct sockaddr *)&local, &len);
	len = sizeof(remote);
	if (connected)
		CHECK(getpeername(fd, (struct sockaddr *)&remote, &len) == 0);
	if (family == AF_INET) {
		struct sockaddr_in *l = (void *)&local, *r = (void *)&remote;

		sport = l->sin_port;
		memcpy(saddr, &l->sin_addr, 4);
		if (connected) {
			dport = r->sin_port;
			memcpy(daddr, &r->sin_addr, 4);
		}
	} else {
		struct sockaddr_in6 *l = (void *)&local, *r = (void *)&remote;

		sport = l->sin6_port;
		memcpy(saddr, &l->sin6_addr, 16);
		if (connected) {
			dport = r->sin6_port;
			memcpy(daddr, &r->sin6_addr, 16);
		}
	}

	check_fd(recs, pid, fd, family == AF_INET ? PODSHARK_FD_IPV4 : PODSHARK_FD_IPV6, name,
		 ino_of(fd));
	b = find_rec(recs, PODSHARK_REC_FD, (uint32_t)pid, fd);
	CHECK(b && ext_tuple(b, &t) == 0);
	if (b && ext_tuple(b, &t) == 0) {
		CHECK(t.family == family);
		CHECK(t.l4proto == l4proto);
		CHECK(t.state == state);
		if (t.sport != sport || t.dport != dport)
			fprintf(stderr, "fd %d: ports %u->%u, expected %u->%u\n", fd,
				ntohs(t.sport), ntohs(t.dport), ntohs(sport), ntohs(dport));
		CHECK(t.sport == sport);
		CHECK(t.dport == dport);
		CHECK(memcmp(t.saddr, saddr, 16) == 0);
		CHECK(memcmp(t.daddr, daddr, 16) == 0);
		CHECK(t.ino == ino_of(fd));
	}
	g_free(name);
}

static void check_unix_socket(GPtrArray *recs, pid_t pid, int fd, uint8_t state)
{
	char *name = socket_name(fd);
	struct podshark_sock_tuple t;
	const uint8_t *b;

	check_fd(recs, pid, fd, PODSHARK_FD_UNIX, name, ino_of(fd));
	b = find_rec(recs, PODSHARK_REC_FD, (uint32_t)pid, fd);
	CHECK(b && ext_tuple(b, &t) == 0);
	if (b && ext_tuple(b, &t) == 0) {
		CHECK(t.family == AF_UNIX);
		CHECK(t.l4proto == 0);
		CHECK(t.state == state);
		CHECK(t.ino == ino_of(fd));
	}
	g_free(name);
}

static void check_sleeper_proc(GPtrArray *recs, pid_t pid, const struct child_fds *c,
			       const char *unique)
{
	static const char *const ns[PODSHARK_NS_COUNT] = { "pid", "net", "mnt", "uts",
							   "ipc", "user", "cgroup" };
	const uint8_t *b = find_rec(recs, PODSHARK_REC_PROC, (uint32_t)pid, 0);
	struct podshark_ext_mem mem = { 0 };
	char exe[PATH_MAX], *s, *loginuid_text = NULL;
	uint32_t loginuid = UINT32_MAX;
	struct stat pts;
	size_t len = 0;

	CHECK(b != NULL);
	if (!b)
		return;
	CHECK(le64(b + offsetof(struct podshark_proc_rec, ts_ns)) == TEST_TS_NS);
	CHECK(PROC_U32(b, kind) == PODSHARK_PROC_SNAPSHOT);
	CHECK(PROC_U32(b, tid) == (uint32_t)pid);
	CHECK(PROC_U32(b, ppid) == (uint32_t)getpid());
	CHECK(PROC_U32(b, vpid) == (uint32_t)pid); /* the test and the child share a pid ns */
	CHECK(PROC_U32(b, uid) == getuid());
	CHECK(PROC_U32(b, gid) == getgid());
	/* loginuid is inherited from the test process */
	if (g_file_get_contents("/proc/self/loginuid", &loginuid_text, NULL, NULL))
		loginuid = (uint32_t)strtoul(loginuid_text, NULL, 10);
	g_free(loginuid_text);
	CHECK(PROC_U32(b, loginuid) == loginuid);
	if (c->pts_path[0]) {
		CHECK(stat(c->pts_path, &pts) == 0);
		CHECK(PROC_U32(b, tty) == tty_nr_of(pts.st_rdev));
	} else {
		CHECK(PROC_U32(b, tty) == 0); /* setsid() left it without a terminal */
	}
	CHECK(le64(b + offsetof(struct podshark_proc_rec, cgroup_id)) == own_cgroup_id());
	CHECK(own_cgroup_id() != 0);
	for (int i = 0; i < PODSHARK_NS_COUNT; i++) {
		uint32_t want = ns_inode_by_stat(pid, ns[i]);

		CHECK(want != 0);
		CHECK(PROC_U32(b, ns_inum[i]) == want);
	}
	CHECK_STR((const char *)b + offsetof(struct podshark_proc_rec, comm), "sleep");

	CHECK(realpath("/bin/sleep", exe) != NULL);
	s = ext_str(b, PODSHARK_PROC_MEM_EXE);
	CHECK_STR(s, exe);
	g_free(s);
	s = ext_str(b, PODSHARK_PROC_MEM_CWD);
	CHECK_STR(s, c->tmpdir);
	g_free(s);
	s = ext_mem(b, PODSHARK_EXT_ARGV, PODSHARK_PROC_MEM_ARGS, &mem, &len);
	CHECK(s != NULL);
	if (s) {
		char *want = g_strdup_printf("sleep%c30%c%s", 0, 0, unique);
		size_t want_len = strlen("sleep") + strlen("30") + strlen(unique) + 3;

		CHECK(mem.count == 3);
		CHECK(mem.flags == 0);
		CHECK(len == want_len);
		CHECK(len == want_len && memcmp(s, want, want_len) == 0);
		g_free(want);
	}
	g_free(s);
}

static void check_sleeper_fds(GPtrArray *recs, pid_t pid, const struct child_fds *c)
{
	const uint8_t *b;
	char *name;

	check_fd(recs, pid, c->file, PODSHARK_FD_FILE, c->file_path, ino_of(c->file));
	b = find_rec(recs, PODSHARK_REC_FD, (uint32_t)pid, c->file);
	CHECK(b && (FD_U32(b, open_flags) & (O_ACCMODE | O_APPEND | O_CLOEXEC)) ==
			   (O_RDWR | O_APPEND));
	check_fd(recs, pid, c->dir, PODSHARK_FD_DIRECTORY, c->tmpdir, ino_of(c->dir));

	name = g_strdup_printf("pipe:[%" PRIu64 "]", ino_of(c->pipe[0]));
	check_fd(recs, pid, c->pipe[0], PODSHARK_FD_PIPE, name, ino_of(c->pipe[0]));
	check_fd(recs, pid, c->pipe[1], PODSHARK_FD_PIPE, name, ino_of(c->pipe[1]));
	g_free(name);
	b = find_rec(recs, PODSHARK_REC_FD, (uint32_t)pid, c->pipe[1]);
	CHECK(b && (FD_U32(b, open_flags) & O_ACCMODE) == O_WRONLY);

	check_fd(recs, pid, c->event, PODSHARK_FD_EVENT, "anon_inode:[eventfd]", ino_of(c->event));
	if (c->pts_path[0]) {
		struct stat pts;

		CHECK(stat(c->pts_path, &pts) == 0);
		check_fd(recs, pid, CHILD_TTY_FD, PODSHARK_FD_FILE, c->pts_path, pts.st_ino);
	}

	check_inet_socket(recs, pid, c->tcp_listen, AF_INET, IPPROTO_TCP, TCP_LISTEN, 0);
	check_inet_socket(recs, pid, c->tcp_client, AF_INET, IPPROTO_TCP, TCP_ESTABLISHED, 1);
	check_inet_socket(recs, pid, c->tcp_server, AF_INET, IPPROTO_TCP, TCP_ESTABLISHED, 1);
	/* a connected UDP socket: the kernel marks it established */
	check_inet_socket(recs, pid, c->udp, AF_INET, IPPROTO_UDP, TCP_ESTABLISHED, 1);
	if (c->tcp6_listen >= 0)
		check_inet_socket(recs, pid, c->tcp6_listen, AF_INET6, IPPROTO_TCP, TCP_LISTEN, 0);
	check_unix_socket(recs, pid, c->unix_listen, TCP_LISTEN);
	check_unix_socket(recs, pid, c->unix_pair[0], TCP_ESTABLISHED);
	check_unix_socket(recs, pid, c->unix_pair[1], TCP_ESTABLISHED);
}

/* This process: its own command line, and a close-on-exec fd marked so. */
static void check_self(GPtrArray *recs, int argc, char **argv, int cloexec_fd,
		       const char *cloexec_path)
{
	const uint8_t *b = find_rec(recs, PODSHARK_REC_PROC, (uint32_t)getpid(), 0);
	struct podshark_ext_mem mem = { 0 };
	char exe[PATH_MAX], *s;
	size_t len = 0;

	CHECK(b != NULL);
	if (!b)
		return;
	CHECK(PROC_U32(b, ppid) == (uint32_t)getppid());
	CHECK(realpath(argv[0], exe) != NULL);
	s = ext_str(b, PODSHARK_PROC_MEM_EXE);
	CHECK_STR(s, exe);
	g_free(s);
	s = ext_mem(b, PODSHARK_EXT_ARGV, PODSHARK_PROC_MEM_ARGS, &mem, &len);
	CHECK(s && mem.count == (unsigned)argc);
	CHECK(s && strcmp(s, argv[0]) == 0);
	g_free(s);

	check_fd(recs, getpid(), cloexec_fd, PODSHARK_FD_FILE, cloexec_path, ino_of(cloexec_fd));
	b = find_rec(recs, PODSHARK_REC_FD, (uint32_t)getpid(), cloexec_fd);
	CHECK(b && (FD_U32(b, open_flags) & O_CLOEXEC));
}

/* A child named PAREN_COMM (no exec: prctl names it) waiting on a pipe. */
static void check_paren_comm(void)
{
	int ready[2], hold[2];
	pid_t pid;
	char c;

	CHECK(pipe(ready) == 0 && pipe(hold) == 0);
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NAME, PAREN_COMM);
		close(ready[0]);
		close(hold[1]);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		if (read(hold[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	CHECK(read(ready[0], &c, 1) == 1);

	{
		GPtrArray *recs = walk(0, NULL, NULL);
		const uint8_t *b = find_rec(recs, PODSHARK_REC_PROC, (uint32_t)pid, 0);

		CHECK(b != NULL);
		if (b) {
			CHECK_STR((const char *)b + offsetof(struct podshark_proc_rec, comm),
				  PAREN_COMM);
			CHECK(PROC_U32(b, ppid) == (uint32_t)getpid());
		}
		g_ptr_array_unref(recs);
	}
	close(hold[1]); /* the child reads EOF and ends */
	close(ready[0]);
	waitpid(pid, NULL, 0);
}

static int stop_after_three(void *ctx, const void *rec, size_t len)
{
	unsigned *calls = ctx;

	(void)rec;
	(void)len;
	return ++*calls == 3 ? 42 : 0;
}

static void check_stop_and_skip(pid_t skipped)
{
	struct proc_snapshot_stats stats;
	unsigned calls = 0;
	GPtrArray *recs;

	CHECK(proc_snapshot_walk("/proc", TEST_TS_NS, 0, stop_after_three, &calls, &stats) == 42);
	CHECK(calls == 3);
	CHECK(proc_snapshot_walk("/nonexistent-proc", 0, 0, stop_after_three, &calls, NULL) ==
	      -ENOENT);

	recs = walk(skipped, NULL, NULL);
	CHECK(find_rec(recs, PODSHARK_REC_PROC, (uint32_t)skipped, 0) == NULL);
	CHECK(find_rec(recs, PODSHARK_REC_FD, (uint32_t)skipped, 0) == NULL);
	CHECK(find_rec(recs, PODSHARK_REC_PROC, (uint32_t)getpid(), 0) != NULL);
	g_ptr_array_unref(recs);
}

/* Keeps about 16 short-lived processes, each with a few dozen fds, some
 * exec'ing, appearing and ending until killed. */
static pid_t spawn_churner(void)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	for (unsigned n = 0;; n++) {
		pid_t c = fork();

		if (c == 0) {
			int s = socket(AF_INET, SOCK_DGRAM, 0);

			for (int i = 0; i < 40; i++)
				if (dup(s >= 0 ? s : 0) < 0)
					break;
			if (n % 4 == 0)
				execl("/bin/true", "true", (char *)NULL);
			usleep((n * 7919) % 3000);
			_exit(0);
		}
		if (n >= 16)
			wait(NULL);
	}
}

static void check_vanishing_processes(void)
{
	pid_t churner = spawn_churner();
	struct proc_snapshot_stats stats;
	unsigned errors = 0, missing_self = 0;

	for (int i = 0; i < 30; i++) {
		GPtrArray *recs = walk(0, &stats, NULL);

		errors += stats.errors;
		missing_self += find_rec(recs, PODSHARK_REC_PROC, (uint32_t)getpid(), 0) == NULL;
		check_record_structure(recs);
		g_ptr_array_unref(recs);
	}
	kill(churner, SIGKILL);
	waitpid(churner, NULL, 0);
	if (errors)
		fprintf(stderr, "%u unexpected errors during 30 walks under churn\n", errors);
	CHECK(errors == 0);
	CHECK(missing_self == 0);
}

int main(int argc, char **argv)
{
	struct proc_snapshot_stats stats;
	struct child_fds c;
	char unique[32], exe[PATH_MAX], *cloexec_path;
	int cloexec_fd;
	GPtrArray *recs;
	double ms;
	pid_t pid;

	open_child_fds(&c);
	/* sleep adds up its arguments: a unique, negligible one tells this child apart */
	snprintf(unique, sizeof(unique), "0.000%d", (int)getpid());
	pid = spawn_sleeper(&c, unique);
	CHECK(realpath("/bin/sleep", exe) != NULL);
	CHECK(wait_for_exe(pid, exe) == 0);
	cloexec_path = g_strdup_printf("%s/known.txt", c.tmpdir);
	cloexec_fd = open(cloexec_path, O_RDONLY | O_CLOEXEC);

	recs = walk(0, &stats, &ms);
	printf("walk: %u processes, %u fds, %u sockets resolved, %u errors in %.1f ms\n",
	       stats.processes, stats.fds, stats.sockets_resolved, stats.errors, ms);
	CHECK(stats.errors == 0);
	CHECK(stats.processes >= 2);
	CHECK(stats.sockets_resolved >= 8);
	check_record_structure(recs);
	check_sleeper_proc(recs, pid, &c, unique);
	check_sleeper_fds(recs, pid, &c);
	check_self(recs, argc, argv, cloexec_fd, cloexec_path);
	g_ptr_array_unref(recs);

	check_paren_comm();
	check_stop_and_skip(pid);
	check_vanishing_processes();

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (c.pty_master >= 0)
		close(c.pty_master);
	unlink(cloexec_path);
	g_free(cloexec_path);
	{
		char *sock = g_strdup_printf("%s/unix.sock", c.tmpdir);

		unlink(sock);
		g_free(sock);
		rmdir(c.tmpdir);
	}
	return check_exit_status("test_proc_snapshot");
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The capture-start snapshot of processes and file descriptors, from /proc.
 *
 * Every file of a process is opened relative to a descriptor of its /proc/PID
 * directory: if the process ends and its pid is reused during the walk, every
 * access through the old descriptor fails (ESRCH, ENOENT) instead of reading
 * the new process.  Links are read with readlinkat() and never followed,
 * except by fstatat() on /proc/PID/fd/N and ns/X, which the kernel resolves
 * to the open object itself without a path walk.
 *
 * Sockets are named from the tables of their network namespace
 * (/proc/PID/net/tcp, ...), read once per namespace.  Those tables print an
 * IPv4 address as the hex of the 32-bit word the kernel holds in network
 * byte order, read as a host integer, and IPv6 as four such words; ports as
 * host-order numbers.  Copying the parsed words back into memory in host
 * order therefore restores the kernel's bytes, on any host.
 */
#define _GNU_SOURCE
#include "proc_snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/net.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "cgroup_resolver.h"
#include "record_codec.h"

/* Bytes kept of one path, link text or command line; more is marked TRUNCATED. */
#define ITEM_MAX 4096
#define MEM_VALUE_MAX (sizeof(struct podshark_ext_mem) + ITEM_MAX)
#define MEM_ITEM_MAX (sizeof(struct podshark_ext_hdr) + MEM_VALUE_MAX)
#define TUPLE_ITEM_LEN (sizeof(struct podshark_ext_hdr) + sizeof(struct podshark_sock_tuple))
/* exe, command line and cwd; the name and a socket tuple */
#define PROC_REC_MAX (PODSHARK_PROC_REC_LEN + 3 * MEM_ITEM_MAX)
#define FD_REC_MAX (PODSHARK_FD_REC_LEN + MEM_ITEM_MAX + TUPLE_ITEM_LEN)

/* /proc/PID/ns entries, in enum podshark_ns order */
static const char *const ns_files[PODSHARK_NS_COUNT] = {
	[PODSHARK_NS_PID] = "ns/pid", [PODSHARK_NS_NET] = "ns/net",
	[PODSHARK_NS_MNT] = "ns/mnt", [PODSHARK_NS_UTS] = "ns/uts",
	[PODSHARK_NS_IPC] = "ns/ipc", [PODSHARK_NS_USER] = "ns/user",
	[PODSHARK_NS_CGROUP] = "ns/cgroup",
};

/* The tables of /proc/PID/net in the format of /proc/net/tcp.  A raw socket's
 * "port" is its protocol, which is also what the kernel has as its l4 protocol
 * (l4proto 0 below: take it from the port). */
static const struct inet_table {
	const char *file;
	uint16_t family;
	uint8_t l4proto;
} inet_tables[] = {
	{ "net/tcp", AF_INET, IPPROTO_TCP },	   { "net/tcp6", AF_INET6, IPPROTO_TCP },
	{ "net/udp", AF_INET, IPPROTO_UDP },	   { "net/udp6", AF_INET6, IPPROTO_UDP },
	{ "net/udplite", AF_INET, IPPROTO_UDPLITE }, { "net/udplite6", AF_INET6, IPPROTO_UDPLITE },
	{ "net/icmp", AF_INET, IPPROTO_ICMP },	   { "net/icmp6", AF_INET6, IPPROTO_ICMPV6 },
	{ "net/raw", AF_INET, 0 },		   { "net/raw6", AF_INET6, 0 },
};

struct walk {
	int proc_fd;
	uint64_t ts_ns;
	proc_snapshot_fn fn;
	void *ctx;
	struct proc_snapshot_stats stats;
	char *cgroup2_mount; /* NULL: no cgroup v2 hierarchy, cgroup ids stay 0 */
	/* net ns inode -> (socket inode -> struct podshark_sock_tuple, host order) */
	GHashTable *sockets_by_netns;
	uint8_t rec[PROC_REC_MAX > FD_REC_MAX ? PROC_REC_MAX : FD_REC_MAX];
	char text[ITEM_MAX + 1];
};

/* A process or an fd that ended during the walk, or one an unprivileged caller
 * may not look at, is part of a normal walk; anything else is counted. */
static void note_error(struct walk *w, int err)
{
	if (err != ENOENT && err != ESRCH && err != EACCES && err != EPERM)
		w->stats.errors++;
}

/* Reads up to size bytes of dir_fd/name; returns the bytes read or -errno. */
static ssize_t read_at(int dir_fd, const char *name, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len < size) {
		n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	return (ssize_t)len;
}

static FILE *fopen_at(int dir_fd, const char *name)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

/* Appends a memory extension (the struct podshark_ext_mem prefix, then data). */
static void append_mem(struct walk *w, size_t *len, size_t bufsize, uint16_t type, uint8_t arg,
		       uint8_t flags, uint16_t count, const void *data, size_t data_len)
{
	/* full_len: not known from /proc */
	const struct podshark_ext_mem mem = { .arg = arg, .flags = flags, .count = count };

	/* Cannot fail: the record buffer has room for every item built here. */
	podshark_ext_append_mem(w->rec, bufsize, len, type, &mem, data, data_len);
}

/* Appends the target of dir_fd/name as a STR item; nothing when it cannot be
 * read (a kernel thread has no exe). */
static void append_link(struct walk *w, size_t *len, int dir_fd, const char *name, uint8_t arg)
{
	ssize_t n = readlinkat(dir_fd, name, w->text, ITEM_MAX + 1);
	uint8_t flags = 0;

	if (n < 0) {
		note_error(w, errno);
		return;
	}
	if (n > ITEM_MAX) {
		n = ITEM_MAX;
		flags = PODSHARK_MEM_TRUNCATED;
	}
	append_mem(w, len, sizeof(w->rec), PODSHARK_EXT_STR, arg, flags, 0, w->text, (size_t)n);
}

/* Appends /proc/PID/cmdline as an ARGV item: every string NUL-terminated, the
 * last one cut (and terminated) when the command line is longer than
 * ITEM_MAX.  Empty for kernel threads. */
static void append_cmdline(struct walk *w, size_t *len, int pid_fd)
{
	ssize_t n = read_at(pid_fd, "cmdline", w->text, ITEM_MAX + 1);
	uint8_t flags = 0;
	uint16_t count = 0;
	ssize_t i;

	if (n < 0) {
		note_error(w, (int)-n);
		return;
	}
	if (n > ITEM_MAX) {
		n = ITEM_MAX;
		w->text[n - 1] = '\0';
		flags = PODSHARK_MEM_TRUNCATED;
	} else if (n > 0 && w->text[n - 1] != '\0') {
		/* A process that rewrote its argv area without a final NUL. */
		if (n == ITEM_MAX) {
			w->text[n - 1] = '\0';
			flags = PODSHARK_MEM_TRUNCATED;
		} else {
			w->text[n++] = '\0';
		}
	}
	for (i = 0; i < n; i++)
		count += w->text[i] == '\0';
	append_mem(w, len, sizeof(w->rec), PODSHARK_EXT_ARGV, PODSHARK_PROC_MEM_ARGS, flags, count,
		   w->text, (size_t)n);
}

/* pid, comm, ppid and tty from /proc/PID/stat.  comm may hold spaces and
 * parentheses, so the fields after it are found from the last ')'. */
static int read_stat(struct walk *w, int pid_fd, struct podshark_proc_rec *p)
{
	ssize_t n = read_at(pid_fd, "stat", w->text, ITEM_MAX);
	char *open, *close;
	size_t comm_len;
	int tty;

	if (n < 0) {
		note_error(w, (int)-n);
		return -1;
	}
	w->text[n] = '\0';
	open = strchr(w->text, '(');
	close = strrchr(w->text, ')');
	if (!open || !close || close < open ||
	    sscanf(close + 1, " %*c %" SCNu32 " %*d %*d %d", &p->ppid, &tty) != 2) {
		w->stats.errors++;
		return -1;
	}
	comm_len = (size_t)(close - open - 1);
	if (comm_len > PODSHARK_COMM_LEN - 1)
		comm_len = PODSHARK_COMM_LEN - 1;
	memcpy(p->comm, open + 1, comm_len);
	p->tty = (uint32_t)tty;
	return 0;
}

/* Real uid and gid, and the pid in the process's own namespace (last NSpid). */
static void read_status(struct walk *w, int pid_fd, struct podshark_proc_rec *p)
{
	FILE *f = fopen_at(pid_fd, "status");
	char *line = NULL, *last;
	size_t size = 0;

	if (!f) {
		note_error(w, errno);
		return;
	}
	while (getline(&line, &size, f) > 0) {
		if (sscanf(line, "Uid: %" SCNu32, &p->uid) == 1 ||
		    sscanf(line, "Gid: %" SCNu32, &p->gid) == 1)
			continue;
		if (strncmp(line, "NSpid:", 6) == 0) {
			g_strchomp(line);
			last = strrchr(line, '\t');
			if (last)
				p->vpid = (uint32_t)strtoul(last + 1, NULL, 10);
		}
	}
	free(line);
	fclose(f);
}

static uint32_t read_loginuid(int pid_fd)
{
	char buf[16];
	ssize_t n = read_at(pid_fd, "loginuid", buf, sizeof(buf) - 1);

	if (n <= 0)
		return UINT32_MAX; /* a kernel built without audit: unset */
	buf[n] = '\0';
	return (uint32_t)strtoul(buf, NULL, 10);
}

/* The inode of the cgroup v2 directory of the process ("0::/path" in
 * /proc/PID/cgroup, relative to the cgroup2 mount): the id the probe reads. */
static uint64_t read_cgroup_id(struct walk *w, int pid_fd)
{
	ssize_t n;
	char *line, *end, *path;
	struct stat st;
	int ok;

	if (!w->cgroup2_mount)
		return 0;
	n = read_at(pid_fd, "cgroup", w->text, ITEM_MAX);
	if (n < 0) {
		note_error(w, (int)-n);
		return 0;
	}
	w->text[n] = '\0';
	line = strncmp(w->text, "0::", 3) == 0 ? w->text : strstr(w->text, "\n0::");
	if (!line)
		return 0;
	line += line[0] == '\n' ? 4 : 3;
	end = strchr(line, '\n');
	if (end)
		*end = '\0';
	path = g_build_filename(w->cgroup2_mount, line, NULL);
	ok = stat(path, &st) == 0;
	if (!ok)
		note_error(w, errno);
	g_free(path);
	return ok ? (uint64_t)st.st_ino : 0;
}

/* "0100007F" (IPv4) or four such words (IPv6) into the address bytes. */
static bool parse_inet_addr(const char *hex, uint8_t addr[16])
{
	size_t words = strlen(hex) / 8, i;
	char word[9];
	uint32_t v;

	if ((words != 1 && words != 4) || strlen(hex) % 8)
		return false;
	for (i = 0; i < words; i++) {
		memcpy(word, hex + 8 * i, 8);
		word[8] = '\0';
		v = (uint32_t)strtoul(word, NULL, 16);
		memcpy(addr + 4 * i, &v, 4);
	}
	return true;
}

static void add_socket(GHashTable *sockets, const struct podshark_sock_tuple *t)
{
	struct podshark_sock_tuple *copy = g_memdup2(t, sizeof(*t));

	g_hash_table_replace(sockets, &copy->ino, copy);
}

/* Lines of /proc/net/tcp and alike:
 * "  0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 12345 ..."
 * (sl, local, remote, state, tx:rx queue, timer, retransmits, uid, timeout, inode). */
static void load_inet_table(struct walk *w, int pid_fd, const struct inet_table *table,
			    GHashTable *sockets)
{
	FILE *f = fopen_at(pid_fd, table->file);
	char local[33], remote[33];
	unsigned lport, rport, state;
	struct podshark_sock_tuple t;
	char *line = NULL;
	size_t size = 0;
	uint64_t ino;

	if (!f) {
		note_error(w, errno); /* ENOENT: no IPv6, or the protocol is not built */
		return;
	}
	while (getline(&line, &size, f) > 0) {
		if (sscanf(line, " %*s %32[0-9A-Fa-f]:%x %32[0-9A-Fa-f]:%x %x %*s %*s %*s %*s %*s"
			   " %" SCNu64, local, &lport, remote, &rport, &state, &ino) != 6 ||
		    ino == 0)
			continue; /* the header line; time-wait entries have no inode */
		memset(&t, 0, sizeof(t));
		if (!parse_inet_addr(local, t.saddr) || !parse_inet_addr(remote, t.daddr))
			continue;
		t.family = table->family;
		t.l4proto = table->l4proto ? table->l4proto : (uint8_t)lport;
		t.state = (uint8_t)state;
		t.sport = htons((uint16_t)lport);
		t.dport = htons((uint16_t)rport);
		t.ino = ino;
		add_socket(sockets, &t);
	}
	free(line);
	fclose(f);
}

/* "Num RefCount Protocol Flags Type St Inode Path".  The state the probe reads
 * (sk_state: TCP_LISTEN, TCP_ESTABLISHED, TCP_CLOSE for unix sockets) is shown
 * as the listen flag and the socket_state the kernel derives from it. */
static void load_unix_table(struct walk *w, int pid_fd, GHashTable *sockets)
{
	FILE *f = fopen_at(pid_fd, "net/unix");
	unsigned flags, st;
	struct podshark_sock_tuple t;
	char *line = NULL;
	size_t size = 0;
	uint64_t ino;

	if (!f) {
		note_error(w, errno);
		return;
	}
	while (getline(&line, &size, f) > 0) {
		if (sscanf(line, "%*s %*s %*s %x %*x %x %" SCNu64, &flags, &st, &ino) != 3)
			continue;
		memset(&t, 0, sizeof(t));
		t.family = AF_UNIX;
		if (flags & __SO_ACCEPTCON)
			t.state = TCP_LISTEN;
		else if (st == SS_CONNECTED || st == SS_CONNECTING)
			t.state = TCP_ESTABLISHED;
		else
			t.state = TCP_CLOSE;
		t.ino = ino;
		add_socket(sockets, &t);
	}
	free(line);
	fclose(f);
}

/* "sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode": only the family is
 * kept, the tuple has no place for a netlink address. */
static void load_netlink_table(struct walk *w, int pid_fd, GHashTable *sockets)
{
	FILE *f = fopen_at(pid_fd, "net/netlink");
	struct podshark_sock_tuple t;
	char *line = NULL;
	size_t size = 0;
	uint64_t ino;

	if (!f) {
		note_error(w, errno);
		return;
	}
	while (getline(&line, &size, f) > 0) {
		if (sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %" SCNu64, &ino) != 1)
			continue;
		memset(&t, 0, sizeof(t));
		t.family = AF_NETLINK;
		t.ino = ino;
		add_socket(sockets, &t);
	}
	free(line);
	fclose(f);
}

/* The sockets of the network namespace netns, read through a process in it. */
static GHashTable *sockets_of_netns(struct walk *w, int pid_fd, uint32_t netns)
{
	GHashTable *sockets = g_hash_table_lookup(w->sockets_by_netns, GUINT_TO_POINTER(netns));
	size_t i;

	if (sockets)
		return sockets;
	sockets = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
	for (i = 0; i < G_N_ELEMENTS(inet_tables); i++)
		load_inet_table(w, pid_fd, &inet_tables[i], sockets);
	load_unix_table(w, pid_fd, sockets);
	load_netlink_table(w, pid_fd, sockets);
	g_hash_table_insert(w->sockets_by_netns, GUINT_TO_POINTER(netns), sockets);
	return sockets;
}

static const struct {
	const char *prefix;
	enum podshark_fd_type type;
} anon_inode_types[] = {
	{ "anon_inode:[eventfd]", PODSHARK_FD_EVENT },
	{ "anon_inode:[signalfd]", PODSHARK_FD_SIGNALFD },
	{ "anon_inode:[eventpoll]", PODSHARK_FD_EVENTPOLL },
	{ "anon_inode:inotify", PODSHARK_FD_INOTIFY },
	{ "anon_inode:[timerfd]", PODSHARK_FD_TIMERFD },
	/* bpf-map, bpf-prog, bpf_link, bpf_iter; older kernels bracket them */
	{ "anon_inode:bpf", PODSHARK_FD_BPF },
	{ "anon_inode:[bpf", PODSHARK_FD_BPF },
};

/* Falco's classification: by the file type first (a device or a symlink is a
 * "file", a named FIFO a pipe), then anonymous inodes by their name. */
static enum podshark_fd_type fd_type_of(mode_t mode, const char *name)
{
	size_t i;

	if (S_ISFIFO(mode))
		return PODSHARK_FD_PIPE;
	if (S_ISDIR(mode))
		return PODSHARK_FD_DIRECTORY;
	if (S_ISREG(mode) || S_ISCHR(mode) || S_ISBLK(mode) || S_ISLNK(mode))
		return g_str_has_prefix(name, "/memfd:") ? PODSHARK_FD_MEMFD : PODSHARK_FD_FILE;
	for (i = 0; i < G_N_ELEMENTS(anon_inode_types); i++)
		if (g_str_has_prefix(name, anon_inode_types[i].prefix))
			return anon_inode_types[i].type;
	return PODSHARK_FD_OTHER;
}


static uint32_t read_fd_flags(int pid_fd, const char *fd_name)
{
	char path[sizeof("fdinfo/") + NAME_MAX], buf[256], *flags;
	ssize_t n;

	snprintf(path, sizeof(path), "fdinfo/%s", fd_name);
	n = read_at(pid_fd, path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	flags = strstr(buf, "flags:");
	return flags ? (uint32_t)strtoul(flags + 6, NULL, 8) : 0;
}

static int snapshot_fd(struct walk *w, int pid_fd, int fd_dir, uint32_t pid, uint32_t netns,
		       const char *fd_name)
{
	struct podshark_fd_rec rec = { 0 };
	const struct podshark_sock_tuple *tuple = NULL;
	uint8_t tuple_value[sizeof(struct podshark_sock_tuple)];
	size_t len = PODSHARK_FD_REC_LEN;
	struct stat st = { 0 };
	uint8_t flags = 0;
	ssize_t n;

	n = readlinkat(fd_dir, fd_name, w->text, ITEM_MAX + 1);
	if (n < 0) {
		note_error(w, errno);
		return 0;
	}
	if (n > ITEM_MAX) {
		n = ITEM_MAX;
		flags = PODSHARK_MEM_TRUNCATED;
	}
	w->text[n] = '\0';
	if (fstatat(fd_dir, fd_name, &st, 0) < 0) {
		if (errno == ENOENT)
			return 0; /* closed since the directory was read */
		note_error(w, errno);
	}

	rec.ts_ns = w->ts_ns;
	rec.ino = st.st_ino;
	rec.pid = pid;
	rec.fd = (int32_t)strtol(fd_name, NULL, 10);
	rec.open_flags = read_fd_flags(pid_fd, fd_name);
	if (S_ISSOCK(st.st_mode)) {
		/* netns 0: the namespace could not be read, nor then the fds */
		if (netns)
			tuple = g_hash_table_lookup(sockets_of_netns(w, pid_fd, netns), &rec.ino);
		rec.fd_type = tuple ? podshark_fd_type_of_family(tuple->family) : PODSHARK_FD_OTHER;
		if (tuple)
			w->stats.sockets_resolved++;
	} else {
		rec.fd_type = fd_type_of(st.st_mode, w->text);
	}

	append_mem(w, &len, FD_REC_MAX, PODSHARK_EXT_STR, 0, flags, 0, w->text, (size_t)n);
	if (tuple && (tuple->family == AF_INET || tuple->family == AF_INET6 ||
		      tuple->family == AF_UNIX)) {
		podshark_encode_sock_tuple(tuple, tuple_value);
		podshark_ext_append(w->rec, FD_REC_MAX, &len, PODSHARK_EXT_SOCK_TUPLE, tuple_value,
				    sizeof(tuple_value));
	}
	len = podshark_encode_fd(&rec, w->rec + PODSHARK_FD_REC_LEN, len - PODSHARK_FD_REC_LEN,
				 w->rec, FD_REC_MAX);
	w->stats.fds++;
	return w->fn(w->ctx, w->rec, len);
}

static int snapshot_fds(struct walk *w, int pid_fd, uint32_t pid, uint32_t netns)
{
	struct dirent *de;
	int fd_dir, ret = 0;
	DIR *dir;

	fd_dir = openat(pid_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd_dir < 0 || !(dir = fdopendir(fd_dir))) {
		note_error(w, errno);
		if (fd_dir >= 0)
			close(fd_dir);
		return 0;
	}
	while (!ret && (de = readdir(dir)))
		if (g_ascii_isdigit(de->d_name[0]))
			ret = snapshot_fd(w, pid_fd, fd_dir, pid, netns, de->d_name);
	closedir(dir);
	return ret;
}

static int snapshot_process(struct walk *w, const char *pid_name)
{
	struct podshark_proc_rec p = { 0 };
	size_t len = PODSHARK_PROC_REC_LEN;
	struct stat st;
	int pid_fd, i, ret;

	pid_fd = openat(w->proc_fd, pid_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pid_fd < 0) {
		note_error(w, errno);
		return 0;
	}
	if (read_stat(w, pid_fd, &p) < 0) {
		close(pid_fd);
		return 0;
	}
	p.ts_ns = w->ts_ns;
	p.kind = PODSHARK_PROC_SNAPSHOT;
	p.pid = p.tid = (uint32_t)strtoul(pid_name, NULL, 10);
	p.vpid = p.pid; /* kernels without NSpid have a single pid namespace */
	read_status(w, pid_fd, &p);
	p.loginuid = read_loginuid(pid_fd);
	p.cgroup_id = read_cgroup_id(w, pid_fd);
	for (i = 0; i < PODSHARK_NS_COUNT; i++) {
		if (fstatat(pid_fd, ns_files[i], &st, 0) == 0)
			p.ns_inum[i] = (uint32_t)st.st_ino;
		else
			note_error(w, errno);
	}

	append_link(w, &len, pid_fd, "exe", PODSHARK_PROC_MEM_EXE);
	append_cmdline(w, &len, pid_fd);
	append_link(w, &len, pid_fd, "cwd", PODSHARK_PROC_MEM_CWD);
	len = podshark_encode_proc(&p, w->rec + PODSHARK_PROC_REC_LEN,
				   len - PODSHARK_PROC_REC_LEN, w->rec, PROC_REC_MAX);
	w->stats.processes++;
	ret = w->fn(w->ctx, w->rec, len);
	if (!ret)
		ret = snapshot_fds(w, pid_fd, p.pid, p.ns_inum[PODSHARK_NS_NET]);
	close(pid_fd);
	return ret;
}

static bool is_pid_name(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++)
		if (!g_ascii_isdigit(*name))
			return false;
	return true;
}

static char *find_cgroup2_mount(const char *proc_root)
{
	char *path = g_build_filename(proc_root, "self", "mountinfo", NULL);
	char *text = NULL, *mount = NULL;

	if (g_file_get_contents(path, &text, NULL, NULL))
		mount = cgroup2_mount_from_mountinfo(text);
	g_free(text);
	g_free(path);
	return mount;
}

int proc_snapshot_walk(const char *proc_root, uint64_t ts_ns, pid_t skip_pid,
		       proc_snapshot_fn fn, void *ctx, struct proc_snapshot_stats *stats)
{
	struct dirent *de;
	struct walk *w;
	int dir_fd, ret = 0;
	DIR *dir;

	dir_fd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd < 0)
		return -errno;
	dir = fdopendir(dir_fd);
	if (!dir) {
		ret = -errno;
		close(dir_fd);
		return ret;
	}

	w = g_new0(struct walk, 1);
	w->proc_fd = dir_fd;
	w->ts_ns = ts_ns;
	w->fn = fn;
	w->ctx = ctx;
	w->cgroup2_mount = find_cgroup2_mount(proc_root);
	w->sockets_by_netns = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
						    (GDestroyNotify)g_hash_table_unref);
	while (!ret && (de = readdir(dir))) {
		if (!is_pid_name(de->d_name))
			continue;
		if (skip_pid && strtol(de->d_name, NULL, 10) == skip_pid)
			continue;
		ret = snapshot_process(w, de->d_name);
	}
	closedir(dir);

	if (stats)
		*stats = w->stats;
	g_hash_table_unref(w->sockets_by_netns);
	g_free(w->cgroup2_mount);
	g_free(w);
	return ret;
}

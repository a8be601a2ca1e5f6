/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Process and file-descriptor context (packet-podshark-context.h): the
 * process table (by host tgid) and each process's fd table, fed in capture
 * order by PROC, FD and SYSCALL records, and the proc.* and fd.* fields a
 * frame shows of them: the one place both families are registered (the
 * ids the other dissectors add are in packet-podshark-fields.h).
 *
 * Threads share their process's fd table: both tables are keyed by tgid.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <linux/close_range.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <epan/packet.h>
#include <epan/conversation_filter.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/wmem_scopes.h>
#include <wsutil/inet_addr.h>
#include <wsutil/pint.h>

#include "packet-podshark-context.h"
#include "packet-podshark-ext.h"
#include "packet-podshark-fields.h"
#include "packet-podshark-k8s.h"
#include "syscall_call.h"
#include "ws_compat.h"

/* O_DIRECTORY differs between the architectures a capture may come from
 * (asm-generic/fcntl.h for x86, arch/arm64/include/uapi/asm/fcntl.h);
 * O_CLOEXEC and its SOCK_, EFD_, EPOLL_, IN_, TFD_, SFD_ twins (the cloexec
 * bits of record/syscalls.def) do not. */
#define O_DIRECTORY_X86 0200000
#define O_DIRECTORY_ARM64 040000
/* AT_FDCWD as a 32-bit register value */
#define AT_FDCWD_VALUE (-100)

static int proto_fd = -1;

int podshark_proto_proc = -1;
int podshark_hf_proc_pid = -1;
int podshark_hf_proc_tid = -1;
int podshark_hf_proc_ppid = -1;
int podshark_hf_proc_vpid = -1;
int podshark_hf_proc_vtid = -1;
int podshark_hf_proc_name = -1;
int podshark_hf_proc_cgroup_id = -1;
static int hf_proc_exepath = -1;
static int hf_proc_ns[PODSHARK_NS_COUNT] = { -1, -1, -1, -1, -1, -1, -1 };
static int hf_proc_exe = -1;
static int hf_proc_args = -1;
static int hf_proc_cmdline = -1;
static int hf_proc_cwd = -1;
static int hf_proc_tty = -1;
static int hf_proc_pname = -1;
static int hf_proc_pcmdline = -1;
static int hf_proc_pexepath = -1;
static int hf_proc_aname = -1;
/* proc.aname.N, N from 2: one ancestor, as Falco's proc.aname[N] names it
 * ([0] is proc.name, [1] proc.pname); hidden, proc.aname shows them all. */
static int hf_proc_aname_at[PODSHARK_MAX_ANCESTORS + 1];

int podshark_hf_fd_num = -1;
static int hf_fd_uid = -1;
static int hf_fd_name = -1;
static int hf_fd_type = -1;
static int hf_fd_typechar = -1;
static int hf_fd_directory = -1;
static int hf_fd_filename = -1;
static int hf_fd_l4proto = -1;
static int hf_fd_lip = -1;
static int hf_fd_rip = -1;
static int hf_fd_cip = -1;
static int hf_fd_sip = -1;
static int hf_fd_dip = -1;
static int hf_fd_lip6 = -1;
static int hf_fd_rip6 = -1;
static int hf_fd_cip6 = -1;
static int hf_fd_sip6 = -1;
static int hf_fd_dip6 = -1;
static int hf_fd_lport = -1;
static int hf_fd_rport = -1;
static int hf_fd_cport = -1;
static int hf_fd_sport = -1;
static int hf_fd_dport = -1;

static int ett_fd = -1;

struct proc {
	uint32_t node; /* podshark_iface_node(): pids repeat across the nodes of a merged capture */
	uint32_t pid, ppid;
	const char *comm;
	const char *exepath; /* NULL: not known */
	const char *exe;     /* argv[0] */
	const char *args;    /* argv[1..] joined; NULL: not known */
	const char *cwd;
	bool have_tty;
	uint32_t tty;
	bool have_ns;
	uint32_t ns_inum[PODSHARK_NS_COUNT];
	wmem_map_t *fds; /* GINT_TO_POINTER(fd) -> const struct podshark_fd * */
};

/* (node << 32 | tgid) -> struct proc *; emptied when a file is closed. */
static wmem_map_t *procs;

/* Falco's fd.type and fd.typechar, by enum podshark_fd_type */
static const struct {
	const char *name, *typechar;
} fd_types[] = {
#define FD_TYPE_NAMES(name, text, letter) [PODSHARK_FD_##name] = { text, letter },
	PODSHARK_FD_TYPES(FD_TYPE_NAMES)
#undef FD_TYPE_NAMES
};

/* --- what calls do to the tables ------------------------------------------------------- */

/* What each call does to the tables is a column of record/syscalls.def
 * (struct podshark_syscall_info: fd_effect, cloexec, fd_type, fd_name); the
 * argument it acts on is found by type: the path, name or address (the first
 * PATH, STR or SOCKADDR argument, or the fd_pair output) and the open flags. */

static bool bpf_cmd_returns_fd(uint32_t cmd)
{
	switch (cmd) {
	case BPF_MAP_CREATE:
	case BPF_PROG_LOAD:
	case BPF_OBJ_GET:
	case BPF_PROG_GET_FD_BY_ID:
	case BPF_MAP_GET_FD_BY_ID:
	case BPF_RAW_TRACEPOINT_OPEN:
	case BPF_BTF_LOAD:
	case BPF_BTF_GET_FD_BY_ID:
	case BPF_LINK_CREATE:
	case BPF_LINK_GET_FD_BY_ID:
	case BPF_ENABLE_STATS:
	case BPF_ITER_CREATE:
		return true;
	default:
		return false;
	}
}

/* --- paths ----------------------------------------------------------------------------- */

/* An absolute path without ".", ".." and repeated slashes, as Falco shows them. */
static const char *normalize_path(const char *path)
{
	const char *parts[512];
	size_t lens[512];
	unsigned n = 0;
	const char *p = path;
	wmem_strbuf_t *out;

	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (n)
				n--;
		} else if (len && !(len == 1 && p[0] == '.') && n < G_N_ELEMENTS(parts)) {
			parts[n] = p;
			lens[n++] = len;
		}
		p += len;
		if (*p == '/')
			p++;
	}
	out = wmem_strbuf_new(wmem_file_scope(), n ? "" : "/");
	for (unsigned i = 0; i < n; i++) {
		wmem_strbuf_append_c(out, '/');
		wmem_strbuf_append_len(out, parts[i], lens[i]);
	}
	return wmem_strbuf_finalize(out);
}

/* path as the process meant it: relative to base (a directory), absolute when
 * base is known; as given when it is not. */
static const char *resolve_path(const char *base, const char *path)
{
	if (path[0] == '/')
		return normalize_path(path);
	if (!base || base[0] != '/')
		return wmem_strdup(wmem_file_scope(), path);
	return normalize_path(wmem_strdup_printf(wmem_file_scope(), "%s/%s", base, path));
}

/* --- the tables ------------------------------------------------------------------------ */

static struct proc *proc_lookup(uint32_t node, uint32_t pid)
{
	uint64_t key = (uint64_t)node << 32 | pid;

	return wmem_map_lookup(procs, &key);
}

static struct proc *proc_new(uint32_t node, uint32_t pid)
{
	struct proc *p = wmem_new0(wmem_file_scope(), struct proc);
	uint64_t *key = wmem_new(wmem_file_scope(), uint64_t);

	p->node = node;
	p->pid = pid;
	p->fds = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
	*key = (uint64_t)node << 32 | pid;
	wmem_map_insert(procs, key, p);
	return p;
}

static struct proc *proc_get(uint32_t node, uint32_t pid)
{
	struct proc *p = proc_lookup(node, pid);

	return p ? p : proc_new(node, pid);
}

static void proc_set_ns(struct proc *p, const uint32_t ns_inum[PODSHARK_NS_COUNT])
{
	memcpy(p->ns_inum, ns_inum, sizeof(p->ns_inum));
	p->have_ns = true;
}

static const struct podshark_fd *fd_lookup(const struct proc *p, int32_t fd)
{
	return fd >= 0 ? wmem_map_lookup(p->fds, GINT_TO_POINTER(fd)) : NULL;
}

static void fd_put(struct proc *p, const struct podshark_fd *f)
{
	wmem_map_insert(p->fds, GINT_TO_POINTER(f->num), (void *)f);
}

/* A new open of fd num in process pid, by event evt_num. */
static struct podshark_fd *fd_new(uint32_t pid, int32_t num, uint32_t type, uint64_t evt_num)
{
	struct podshark_fd *f = wmem_new0(wmem_file_scope(), struct podshark_fd);

	f->num = num;
	f->type = type;
	f->uid = wmem_strdup_printf(wmem_file_scope(), "%u:%d:%" PRIu64, pid, num, evt_num);
	return f;
}

/* A new version of f: same open, changed by the caller. */
static struct podshark_fd *fd_version(const struct podshark_fd *f)
{
	return wmem_memdup(wmem_file_scope(), f, sizeof(*f));
}

/* A copy of f as a new open (dup, fork) of fd num in pid. */
static struct podshark_fd *fd_dup(const struct podshark_fd *f, uint32_t pid, int32_t num,
				  uint64_t evt_num)
{
	struct podshark_fd *copy = fd_version(f);

	copy->num = num;
	copy->uid = wmem_strdup_printf(wmem_file_scope(), "%u:%d:%" PRIu64, pid, num, evt_num);
	return copy;
}

struct fd_filter {
	struct proc *p;
	int32_t first, last; /* close_range */
	bool cloexec_only;   /* exec */
	bool set_cloexec;    /* close_range(CLOSE_RANGE_CLOEXEC) */
	GSList *matched;
};

static void collect_fd(gpointer key, gpointer value, gpointer user_data)
{
	struct fd_filter *filter = user_data;
	const struct podshark_fd *f = value;
	int32_t num = GPOINTER_TO_INT(key);

	if (filter->cloexec_only ? f->cloexec : (num >= filter->first && num <= filter->last))
		filter->matched = g_slist_prepend(filter->matched, (gpointer)f);
}

/* Closes (or marks close-on-exec) the fds filter selects. */
static void fd_close_matching(struct fd_filter *filter)
{
	wmem_map_foreach(filter->p->fds, collect_fd, filter);
	for (GSList *l = filter->matched; l; l = l->next) {
		const struct podshark_fd *f = l->data;

		if (filter->set_cloexec) {
			struct podshark_fd *v = fd_version(f);

			v->cloexec = true;
			fd_put(filter->p, v);
		} else {
			wmem_map_remove(filter->p->fds, GINT_TO_POINTER(f->num));
		}
	}
	g_slist_free(filter->matched);
}

static void exec_closes_cloexec(struct proc *p)
{
	struct fd_filter filter = { .p = p, .cloexec_only = true };

	fd_close_matching(&filter);
}

/* --- sockets --------------------------------------------------------------------------- */


static const char *endpoint(const struct podshark_fd *f, const uint8_t *addr, uint16_t port)
{
	char text[WS_INET6_ADDRSTRLEN];

	if (f->family == AF_INET6) {
		ws_inet_ntop6(addr, text, sizeof(text));
		return wmem_strdup_printf(wmem_file_scope(), "[%s]:%u", text, port);
	}
	ws_inet_ntop4(addr, text, sizeof(text));
	return wmem_strdup_printf(wmem_file_scope(), "%s:%u", text, port);
}

static bool addr_is_zero(const uint8_t *addr)
{
	static const uint8_t zero[16];

	return memcmp(addr, zero, sizeof(zero)) == 0;
}

/* Which end is the server: known from connect or accept; else the end with
 * the lower port (a client's port is ephemeral), or the only end. */
static bool local_is_server(const struct podshark_fd *f)
{
	if (f->role_known)
		return f->is_server;
	if (!f->rport && addr_is_zero(f->raddr))
		return true;
	return f->lport < f->rport;
}

/* Falco's fd.name of an internet socket: client->server, or the local end
 * alone while there is no peer. */
static void set_inet_name(struct podshark_fd *f)
{
	const char *local = endpoint(f, f->laddr, f->lport);
	const char *remote;

	if (!f->rport && addr_is_zero(f->raddr)) {
		f->name = local;
		return;
	}
	remote = endpoint(f, f->raddr, f->rport);
	f->name = wmem_strdup_printf(wmem_file_scope(), "%s->%s",
				     local_is_server(f) ? remote : local,
				     local_is_server(f) ? local : remote);
}

static void apply_tuple(struct podshark_fd *f, const struct podshark_sock_tuple *t)
{
	f->type = podshark_fd_type_of_family(t->family);
	if (t->family != AF_INET && t->family != AF_INET6)
		return;
	f->family = t->family;
	f->l4proto = t->l4proto;
	memcpy(f->laddr, t->saddr, sizeof(f->laddr));
	memcpy(f->raddr, t->daddr, sizeof(f->raddr));
	f->lport = g_ntohs(t->sport);
	f->rport = g_ntohs(t->dport);
	f->has_addrs = true;
	set_inet_name(f);
}

/* One end of f from a struct sockaddr the process gave or got: the address of
 * an internet socket, the path of a unix one. */
static void apply_sockaddr(struct podshark_fd *f, const struct podshark_mem_item *m, bool remote)
{
	uint16_t family;

	if ((m->mem.flags & PODSHARK_MEM_FAULT) || m->data_len < 2)
		return;
	family = pletohu16(m->data);
	if (family == AF_UNIX) {
		f->type = PODSHARK_FD_UNIX;
		f->name = podshark_mem_text(wmem_file_scope(), m, 0);
		return;
	}
	if ((family == AF_INET && m->data_len < 8) || (family == AF_INET6 && m->data_len < 24) ||
	    (family != AF_INET && family != AF_INET6))
		return;
	f->type = podshark_fd_type_of_family(family);
	f->family = family;
	memcpy(remote ? f->raddr : f->laddr, m->data + (family == AF_INET ? 4 : 8),
	       family == AF_INET ? 4 : 16);
	*(remote ? &f->rport : &f->lport) = pntohu16(m->data + 2);
	f->has_addrs = true;
	set_inet_name(f);
}

/* --- one call -------------------------------------------------------------------------- */

/* A call (record/syscall_call.h) and what it changes in the tables. */
struct call_state {
	struct podshark_call call;
	int path_arg;  /* the argument the call's effect acts on (path, address), or -1 */
	int flags_arg; /* the OPEN_FLAGS argument, or -1 */
	struct proc *proc;
	int64_t ret;
	uint64_t evt_num;
	struct podshark_frame_ctx *ctx;
};

static int32_t arg_int(const struct call_state *c, int i)
{
	return (int32_t)podshark_call_arg(&c->call, (unsigned)i);
}

static uint64_t arg_raw(const struct call_state *c, int i)
{
	return podshark_call_arg(&c->call, (unsigned)i);
}

/* The text of the memory of argument i (a path, a name), or NULL. */
static const char *arg_text(const struct call_state *c, int i)
{
	struct podshark_mem_item m;

	if (i < 0 || !podshark_find_mem(c->call.buf, c->call.rec, (unsigned)i, true, &m) ||
	    m.type != PODSHARK_EXT_STR)
		return NULL;
	return podshark_mem_text(wmem_file_scope(), &m, 0);
}

static bool new_fd_cloexec(const struct call_state *c)
{
	switch (c->call.info->cloexec) {
	case PODSHARK_CLOEXEC_ALWAYS:
		return true;
	case PODSHARK_CLOEXEC_BY_ARG:
		return arg_raw(c, c->call.info->cloexec_arg) & c->call.info->cloexec_bit;
	default:
		return false;
	}
}

/* The argument an effect acts on: a path, a name, an address, an fd pair. */
static int effect_arg(const struct podshark_syscall_info *info)
{
	for (unsigned i = 0; i < info->nargs; i++) {
		const struct podshark_syscall_arg *a = &info->args[i];

		if (a->type == PODSHARK_ARG_PATH || a->type == PODSHARK_ARG_STR ||
		    a->type == PODSHARK_ARG_SOCKADDR || a->role == PODSHARK_ROLE_FD_PAIR)
			return (int)i;
	}
	return -1;
}

static void ctx_add_fd(struct podshark_frame_ctx *ctx, const struct podshark_fd *f)
{
	for (unsigned i = 0; i < ctx->n_fds; i++)
		if (ctx->fds[i] == f || (f->uid && ctx->fds[i]->uid == f->uid))
			return;
	if (ctx->n_fds < PODSHARK_MAX_FRAME_FDS)
		ctx->fds[ctx->n_fds++] = f;
}

/* A new fd of the call's result. */
static struct podshark_fd *result_fd(struct call_state *c, uint32_t type)
{
	struct podshark_fd *f = fd_new(c->proc->pid, (int32_t)c->ret, type, c->evt_num);

	f->cloexec = new_fd_cloexec(c);
	return f;
}

static void put_result(struct call_state *c, struct podshark_fd *f)
{
	fd_put(c->proc, f);
	ctx_add_fd(c->ctx, f);
}

/* The directory a *at() call's dirfd argument names. */
static const char *dirfd_path(const struct call_state *c, int32_t dirfd)
{
	const struct podshark_fd *f;

	if (dirfd == AT_FDCWD_VALUE)
		return c->proc->cwd;
	f = fd_lookup(c->proc, dirfd);
	return f && f->name && f->name[0] == '/' ? f->name : NULL;
}

static uint32_t o_directory(unsigned arch)
{
	return arch == PODSHARK_ARCH_AARCH64 ? O_DIRECTORY_ARM64 : O_DIRECTORY_X86;
}

static void effect_open(struct call_state *c)
{
	const char *path = arg_text(c, c->path_arg);
	const char *base = c->call.info->fd_effect == PODSHARK_FD_EFFECT_OPENAT ?
				   dirfd_path(c, arg_int(c, 0)) :
				   c->proc->cwd;
	struct podshark_fd *f;
	bool directory;

	if (path)
		path = resolve_path(base, path);
	directory = c->flags_arg >= 0 &&
		    (arg_raw(c, c->flags_arg) & o_directory(c->call.arch));
	if (c->ret < 0) {
		/* Falco names the path a failed open tried. */
		if (!path)
			return;
		f = wmem_new0(wmem_file_scope(), struct podshark_fd);
		f->num = -1;
		f->type = PODSHARK_FD_FILE;
		f->name = path;
		ctx_add_fd(c->ctx, f);
		return;
	}
	f = result_fd(c, directory ? PODSHARK_FD_DIRECTORY : PODSHARK_FD_FILE);
	f->name = path;
	put_result(c, f);
}

static void effect_socket(struct call_state *c)
{
	uint32_t family = (uint32_t)arg_raw(c, 0), type = (uint32_t)arg_raw(c, 1) & 0xf;
	struct podshark_fd *f;

	if (c->ret < 0)
		return;
	f = result_fd(c, podshark_fd_type_of_family(family));
	f->family = (uint16_t)family;
	if (family == AF_INET || family == AF_INET6) {
		f->l4proto = (uint8_t)arg_raw(c, 2);
		if (!f->l4proto)
			f->l4proto = type == SOCK_STREAM ? IPPROTO_TCP :
				     type == SOCK_DGRAM ? IPPROTO_UDP : 0;
	}
	put_result(c, f);
}

/* The fd of argument 0 (a socket, an fcntl's fd), as a new version to change. */
static struct podshark_fd *arg0_version(struct call_state *c)
{
	const struct podshark_fd *f = fd_lookup(c->proc, arg_int(c, 0));

	return f ? fd_version(f) : NULL;
}

static void effect_connect_bind(struct call_state *c, const struct podshark_sock_tuple *tuple,
				bool have_tuple)
{
	const bool connect = c->call.info->fd_effect == PODSHARK_FD_EFFECT_CONNECT;
	struct podshark_mem_item m;
	struct podshark_fd *f;

	/* A failed connect still names where it tried to go; a failed bind nothing. */
	if (c->ret < 0 && !connect && !have_tuple)
		return;
	f = arg0_version(c);
	if (!f)
		return;
	if (connect) {
		f->role_known = true;
		f->is_server = false;
	}
	if (podshark_find_mem(c->call.buf, c->call.rec, (unsigned)c->path_arg, false, &m) &&
	    m.type == PODSHARK_EXT_SOCKADDR)
		apply_sockaddr(f, &m, connect);
	if (have_tuple)
		apply_tuple(f, tuple);
	fd_put(c->proc, f);
}

static void effect_listen(struct call_state *c)
{
	struct podshark_fd *f;

	if (c->ret < 0 || !(f = arg0_version(c)))
		return;
	f->role_known = true;
	f->is_server = true;
	if (f->has_addrs)
		set_inet_name(f);
	fd_put(c->proc, f);
}

static void effect_accept(struct call_state *c, const struct podshark_sock_tuple *tuple,
			  bool have_tuple)
{
	const struct podshark_fd *listening = fd_lookup(c->proc, arg_int(c, 0));
	struct podshark_mem_item m;
	struct podshark_fd *f;

	if (c->ret < 0)
		return;
	if (listening) {
		f = fd_dup(listening, c->proc->pid, (int32_t)c->ret, c->evt_num);
		f->cloexec = new_fd_cloexec(c);
	} else {
		f = result_fd(c, PODSHARK_FD_UNKNOWN);
	}
	f->role_known = true;
	f->is_server = true;
	/* The tuple is the accepted socket's when it has a peer; else the peer
	 * comes from the address accept wrote. */
	if (have_tuple && !(addr_is_zero(tuple->daddr) && !tuple->dport))
		apply_tuple(f, tuple);
	else if (podshark_find_mem(c->call.buf, c->call.rec, 1, true, &m) &&
		 m.type == PODSHARK_EXT_SOCKADDR && f->type != PODSHARK_FD_UNIX)
		apply_sockaddr(f, &m, true);
	put_result(c, f);
}

static void effect_fd_pair(struct call_state *c)
{
	const bool pipe = c->call.info->fd_effect == PODSHARK_FD_EFFECT_PIPE;
	struct podshark_mem_item m;
	uint32_t type = pipe ? PODSHARK_FD_PIPE : podshark_fd_type_of_family((uint32_t)arg_raw(c, 0));

	if (c->ret < 0 || !podshark_find_mem(c->call.buf, c->call.rec, (unsigned)c->path_arg, true,
					     &m) ||
	    m.type != PODSHARK_EXT_FD_PAIR || (m.mem.flags & PODSHARK_MEM_FAULT) ||
	    m.data_len < 8)
		return;
	for (int i = 0; i < 2; i++) {
		int32_t num = (int32_t)pletohu32(m.data + 4 * i);
		struct podshark_fd *f;

		if (num < 0)
			continue;
		f = fd_new(c->proc->pid, num, type, c->evt_num);
		f->cloexec = new_fd_cloexec(c);
		f->name = pipe ? "pipe" : "socketpair";
		put_result(c, f);
	}
}

static void dup_to(struct call_state *c, int32_t oldfd, bool cloexec)
{
	const struct podshark_fd *old = fd_lookup(c->proc, oldfd);
	struct podshark_fd *f;

	if (c->ret < 0 || c->ret == oldfd)
		return;
	if (old)
		f = fd_dup(old, c->proc->pid, (int32_t)c->ret, c->evt_num);
	else
		f = fd_new(c->proc->pid, (int32_t)c->ret, PODSHARK_FD_UNKNOWN, c->evt_num);
	f->cloexec = cloexec;
	put_result(c, f);
}

static void effect_fcntl(struct call_state *c)
{
	const int32_t cmd = arg_int(c, 1);
	struct podshark_fd *f;

	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
		dup_to(c, arg_int(c, 0), cmd == F_DUPFD_CLOEXEC);
	} else if (cmd == F_SETFD && c->ret == 0 && (f = arg0_version(c))) {
		f->cloexec = arg_raw(c, 2) & FD_CLOEXEC;
		fd_put(c->proc, f);
	}
}

static void effect_close_range(struct call_state *c)
{
	struct fd_filter filter = {
		.p = c->proc,
		.first = arg_int(c, 0),
		.last = (int32_t)MIN((uint32_t)arg_raw(c, 1), (uint32_t)INT32_MAX),
		.set_cloexec = arg_raw(c, 2) & CLOSE_RANGE_CLOEXEC,
	};

	if (c->ret == 0)
		fd_close_matching(&filter);
}

static void set_argv(struct proc *p, const struct podshark_mem_item *m)
{
	/* argv[0] alone: the item cut to its first string */
	struct podshark_mem_item first = *m;

	first.mem.count = MIN(m->mem.count, 1);
	first.mem.flags &= (uint8_t)~PODSHARK_MEM_TRUNCATED;
	p->exe = podshark_mem_text(wmem_file_scope(), &first, 0);
	p->args = podshark_mem_text(wmem_file_scope(), m, 1);
}

static void effect_exec(struct call_state *c)
{
	const int path_arg = c->path_arg;
	const char *path = arg_text(c, path_arg);
	struct podshark_mem_item m;

	if (c->ret != 0)
		return;
	if (path)
		c->proc->exepath = resolve_path(path_arg ? dirfd_path(c, arg_int(c, 0)) :
							   c->proc->cwd, path);
	if (podshark_find_mem(c->call.buf, c->call.rec, (unsigned)path_arg + 1, false, &m) &&
	    m.type == PODSHARK_EXT_ARGV && !(m.mem.flags & PODSHARK_MEM_FAULT))
		set_argv(c->proc, &m);
	exec_closes_cloexec(c->proc);
}

static void effect_anon(struct call_state *c)
{
	const struct podshark_syscall_info *e = c->call.info;
	struct podshark_fd *f;
	const char *name;

	if (c->ret < 0 ||
	    (e->fd_type == PODSHARK_FD_BPF && !bpf_cmd_returns_fd((uint32_t)arg_raw(c, 0))))
		return;
	/* signalfd on an existing signalfd changes its mask */
	if (e->fd_type == PODSHARK_FD_SIGNALFD && fd_lookup(c->proc, (int32_t)c->ret))
		return;
	f = result_fd(c, e->fd_type);
	f->name = e->fd_name;
	if (e->fd_type == PODSHARK_FD_MEMFD) {
		name = arg_text(c, c->path_arg);
		f->name = wmem_strdup_printf(wmem_file_scope(), "%s%s", e->fd_name,
					     name ? name : "");
	}
	put_result(c, f);
}

static void apply_effect(struct call_state *c)
{
	struct podshark_sock_tuple tuple;
	const bool have_tuple = podshark_find_sock_tuple(c->call.buf, c->call.rec, &tuple);
	const struct podshark_fd *f;
	struct podshark_fd *v;

	switch (c->call.info->fd_effect) {
	case PODSHARK_FD_EFFECT_OPEN:
	case PODSHARK_FD_EFFECT_OPENAT:
		effect_open(c);
		return;
	case PODSHARK_FD_EFFECT_SOCKET:
		effect_socket(c);
		return;
	case PODSHARK_FD_EFFECT_CONNECT:
	case PODSHARK_FD_EFFECT_BIND:
		effect_connect_bind(c, &tuple, have_tuple);
		return;
	case PODSHARK_FD_EFFECT_LISTEN:
		effect_listen(c);
		return;
	case PODSHARK_FD_EFFECT_ACCEPT:
		effect_accept(c, &tuple, have_tuple);
		return;
	case PODSHARK_FD_EFFECT_PIPE:
	case PODSHARK_FD_EFFECT_SOCKETPAIR:
		effect_fd_pair(c);
		return;
	case PODSHARK_FD_EFFECT_DUP:
		dup_to(c, arg_int(c, 0), new_fd_cloexec(c));
		return;
	case PODSHARK_FD_EFFECT_FCNTL:
		effect_fcntl(c);
		return;
	case PODSHARK_FD_EFFECT_CLOSE:
		if (c->ret != -EBADF)
			wmem_map_remove(c->proc->fds, GINT_TO_POINTER(arg_int(c, 0)));
		return;
	case PODSHARK_FD_EFFECT_CLOSE_RANGE:
		effect_close_range(c);
		return;
	case PODSHARK_FD_EFFECT_EXEC:
		effect_exec(c);
		return;
	case PODSHARK_FD_EFFECT_CHDIR:
		if (c->ret == 0 && arg_text(c, 0))
			c->proc->cwd = resolve_path(c->proc->cwd, arg_text(c, 0));
		return;
	case PODSHARK_FD_EFFECT_FCHDIR:
		f = fd_lookup(c->proc, arg_int(c, 0));
		if (c->ret == 0 && f && f->name && f->name[0] == '/')
			c->proc->cwd = f->name;
		return;
	case PODSHARK_FD_EFFECT_ANON:
		effect_anon(c);
		return;
	case PODSHARK_FD_EFFECT_NONE:
		break;
	}
	/* Any other call on a socket: the kernel's view of its addresses. */
	if (have_tuple && c->call.info->nargs && c->call.info->args[0].type == PODSHARK_ARG_FD &&
	    (f = fd_lookup(c->proc, arg_int(c, 0)))) {
		v = fd_version(f);
		apply_tuple(v, &tuple);
		fd_put(c->proc, v);
	}
}

/* The fds the call's FD arguments name, before the call.  The first one is
 * added to the table when it is not known (opened before the capture, with
 * no FD record) so that the calls on it can be followed. */
static void collect_arg_fds(struct call_state *c)
{
	bool first = true;

	for (unsigned i = 0; i < c->call.info->nargs; i++) {
		const struct podshark_fd *f;
		int32_t num;

		if (c->call.info->args[i].type != PODSHARK_ARG_FD)
			continue;
		num = arg_int(c, (int)i);
		f = fd_lookup(c->proc, num);
		if (!f && first && num >= 0 && c->ret != -EBADF) {
			struct podshark_fd *unknown =
				fd_new(c->proc->pid, num, PODSHARK_FD_UNKNOWN, c->evt_num);

			fd_put(c->proc, unknown);
			f = unknown;
		}
		first = false;
		if (f)
			ctx_add_fd(c->ctx, f);
	}
}

/* After the call: the fds it acted on as they are now (connect gave the
 * socket its addresses), unless it closed them. */
static void refresh_arg_fds(struct call_state *c)
{
	for (unsigned i = 0; i < c->ctx->n_fds; i++) {
		const struct podshark_fd *before = c->ctx->fds[i];
		const struct podshark_fd *now = fd_lookup(c->proc, before->num);

		if (now && before->uid && now->uid && !strcmp(now->uid, before->uid))
			c->ctx->fds[i] = now;
	}
}

/* --- what a frame shows ---------------------------------------------------------------- */

static const char *cmdline_of(const struct proc *p, const char *comm)
{
	if (!comm || !p->args)
		return NULL;
	if (!p->args[0])
		return comm;
	return wmem_strdup_printf(wmem_file_scope(), "%s %s", comm, p->args);
}

static void ctx_fill_proc(struct podshark_frame_ctx *ctx, struct proc *p, const char *comm)
{
	const struct proc *a;

	if (comm)
		p->comm = comm;
	ctx->proc_known = true;
	ctx->exepath = p->exepath;
	ctx->exe = p->exe;
	ctx->args = p->args;
	ctx->cmdline = cmdline_of(p, p->comm);
	ctx->cwd = p->cwd;
	ctx->have_tty = p->have_tty;
	ctx->tty = p->tty;
	ctx->have_ns = p->have_ns;
	memcpy(ctx->ns_inum, p->ns_inum, sizeof(ctx->ns_inum));
	a = p->ppid && p->ppid != p->pid ? proc_lookup(p->node, p->ppid) : NULL;
	if (a) {
		ctx->pname = a->comm;
		ctx->pcmdline = cmdline_of(a, a->comm);
		ctx->pexepath = a->exepath;
	}
	while (a && ctx->n_anames < PODSHARK_MAX_ANCESTORS) {
		ctx->anames[ctx->n_anames++] = a->comm ? a->comm : "";
		a = a->ppid && a->ppid != a->pid ? proc_lookup(a->node, a->ppid) : NULL;
	}
}

static const char *comm_text(const char comm[PODSHARK_COMM_LEN])
{
	return podshark_bare_text(wmem_file_scope(), (const uint8_t *)comm,
				  strnlen(comm, PODSHARK_COMM_LEN), false);
}

/* The frame's kept context; NULL on the first pass. */
static struct podshark_frame_ctx *kept_ctx(packet_info *pinfo)
{
	return p_get_proto_data(wmem_file_scope(), pinfo, proto_fd, 0);
}

static struct podshark_frame_ctx *ctx_new(packet_info *pinfo)
{
	struct podshark_frame_ctx *ctx = wmem_new0(wmem_file_scope(), struct podshark_frame_ctx);

	p_add_proto_data(wmem_file_scope(), pinfo, proto_fd, 0, ctx);
	return ctx;
}

const struct podshark_frame_ctx *podshark_context_syscall(packet_info *pinfo,
							 const struct podshark_decoded *rec,
							 const uint8_t *buf,
							 const struct podshark_syscall_info *info)
{
	const struct podshark_syscall_rec *sc = &rec->u.sc;
	struct call_state c = {
		.call = { .rec = rec, .buf = buf, .info = info, .arch = sc->arch },
		.evt_num = sc->evt_num,
	};

	if (PINFO_FD_VISITED(pinfo))
		return kept_ctx(pinfo);
	c.ctx = ctx_new(pinfo);
	c.proc = proc_get(podshark_iface_node(pinfo), sc->pid);
	c.proc->ppid = sc->ppid;
	proc_set_ns(c.proc, sc->ns_inum);
	c.ret = sc->arch == PODSHARK_ARCH_I386 ? (int32_t)sc->ret : sc->ret;
	/* an io_uring request on the ring's registered files names them by
	 * index: they are not the process's fds */
	if (info && !(sc->flags & PODSHARK_SC_ENTRY_LOST) &&
	    !((sc->flags & PODSHARK_SC_IO_URING) && (sc->uring & PODSHARK_URING_FIXED_FILE))) {
		c.path_arg = effect_arg(info);
		c.flags_arg = podshark_syscall_arg_of_type(info, PODSHARK_ARG_OPEN_FLAGS);
		collect_arg_fds(&c);
		if (podshark_call_returned(&c.call))
			apply_effect(&c);
		refresh_arg_fds(&c);
	}
	ctx_fill_proc(c.ctx, c.proc, comm_text(sc->comm));
	return c.ctx;
}

/* exe, argv and cwd from a PROC record's memory items, those it has. */
static void proc_from_items(struct proc *p, const struct podshark_decoded *rec,
			    const uint8_t *buf)
{
	struct podshark_mem_item m;
	const char *text;

	if (podshark_find_mem(buf, rec, PODSHARK_PROC_MEM_EXE, false, &m) &&
	    m.type == PODSHARK_EXT_STR && (text = podshark_mem_text(wmem_file_scope(), &m, 0)))
		p->exepath = text;
	if (podshark_find_mem(buf, rec, PODSHARK_PROC_MEM_ARGS, false, &m) &&
	    m.type == PODSHARK_EXT_ARGV && !(m.mem.flags & PODSHARK_MEM_FAULT))
		set_argv(p, &m);
	if (podshark_find_mem(buf, rec, PODSHARK_PROC_MEM_CWD, false, &m) &&
	    m.type == PODSHARK_EXT_STR && (text = podshark_mem_text(wmem_file_scope(), &m, 0)))
		p->cwd = text;
}

struct fork_copy {
	struct proc *child;
	uint64_t evt_num;
};

static void copy_fd_to_child(gpointer key _U_, gpointer value, gpointer user_data)
{
	struct fork_copy *fc = user_data;
	const struct podshark_fd *f = value;

	fd_put(fc->child, fd_dup(f, fc->child->pid, f->num, fc->evt_num));
}

/* A new process: the parent's program, directory, terminal and fds. */
static struct proc *proc_fork(uint32_t node, const struct podshark_proc_event *ev)
{
	const struct proc *parent = proc_lookup(node, ev->ppid);
	struct proc *child = proc_new(node, ev->pid);
	struct fork_copy fc = { .child = child, .evt_num = ev->evt_num };

	child->ppid = ev->ppid;
	if (parent) {
		child->comm = parent->comm;
		child->exepath = parent->exepath;
		child->exe = parent->exe;
		child->args = parent->args;
		child->cwd = parent->cwd;
		child->have_tty = parent->have_tty;
		child->tty = parent->tty;
		wmem_map_foreach(parent->fds, copy_fd_to_child, &fc);
	}
	return child;
}

const struct podshark_frame_ctx *podshark_context_proc(packet_info *pinfo,
						      const struct podshark_proc_event *ev,
						      const struct podshark_decoded *rec,
						      const uint8_t *buf)
{
	struct podshark_frame_ctx *ctx;
	struct proc *p;

	if (PINFO_FD_VISITED(pinfo))
		return kept_ctx(pinfo);
	ctx = ctx_new(pinfo);
	if (ev->kind == PODSHARK_PROC_FORK && !(ev->flags & PODSHARK_PROC_THREAD))
		p = proc_fork(podshark_iface_node(pinfo), ev);
	else
		p = proc_get(podshark_iface_node(pinfo), ev->pid);
	p->ppid = ev->ppid;
	proc_set_ns(p, ev->ns_inum);
	switch (ev->kind) {
	case PODSHARK_PROC_SNAPSHOT:
	case PODSHARK_PROC_FORK:
	case PODSHARK_PROC_EXEC:
		p->have_tty = true;
		p->tty = ev->tty;
		proc_from_items(p, rec, buf);
		if (ev->kind == PODSHARK_PROC_EXEC)
			exec_closes_cloexec(p);
		break;
	case PODSHARK_PROC_EXIT:
		p->fds = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
		break;
	}
	ctx_fill_proc(ctx, p, wmem_strdup(wmem_file_scope(), ev->comm));
	return ctx;
}

const struct podshark_frame_ctx *podshark_context_fd(packet_info *pinfo,
						    const struct podshark_fd_event *ev,
						    const struct podshark_decoded *rec,
						    const uint8_t *buf)
{
	struct podshark_frame_ctx *ctx;
	struct podshark_sock_tuple tuple;
	struct podshark_mem_item m;
	struct podshark_fd *f;
	struct proc *p;

	if (PINFO_FD_VISITED(pinfo))
		return kept_ctx(pinfo);
	ctx = ctx_new(pinfo);
	p = proc_get(podshark_iface_node(pinfo), ev->pid);
	f = fd_new(ev->pid, ev->fd, ev->fd_type < G_N_ELEMENTS(fd_types) ? ev->fd_type :
					   PODSHARK_FD_OTHER, ev->evt_num);
	f->cloexec = ev->open_flags & O_CLOEXEC;
	if (podshark_find_mem(buf, rec, 0, false, &m) && m.type == PODSHARK_EXT_STR)
		f->name = podshark_mem_text(wmem_file_scope(), &m, 0);
	if (podshark_find_sock_tuple(buf, rec, &tuple))
		apply_tuple(f, &tuple);
	if (ev->fd >= 0) {
		fd_put(p, f);
		ctx_add_fd(ctx, f);
	}
	ctx_fill_proc(ctx, p, NULL);
	return ctx;
}

static void add_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *value)
{
	if (value)
		proto_item_set_generated(proto_tree_add_string(tree, hf, tvb, 0, 0, value));
}

void podshark_context_add_proc(proto_tree *proc_tree, tvbuff_t *tvb,
			       const struct podshark_frame_ctx *ctx)
{
	if (!ctx)
		return;
	add_string(proc_tree, hf_proc_exepath, tvb, ctx->exepath);
	add_string(proc_tree, hf_proc_exe, tvb, ctx->exe);
	add_string(proc_tree, hf_proc_args, tvb, ctx->args);
	add_string(proc_tree, hf_proc_cmdline, tvb, ctx->cmdline);
	add_string(proc_tree, hf_proc_cwd, tvb, ctx->cwd);
	if (ctx->have_tty)
		proto_item_set_generated(proto_tree_add_uint(proc_tree, hf_proc_tty, tvb, 0, 0,
							     ctx->tty));
	add_string(proc_tree, hf_proc_pname, tvb, ctx->pname);
	add_string(proc_tree, hf_proc_pcmdline, tvb, ctx->pcmdline);
	add_string(proc_tree, hf_proc_pexepath, tvb, ctx->pexepath);
	for (unsigned i = 0; i < ctx->n_anames; i++) {
		add_string(proc_tree, hf_proc_aname, tvb, ctx->anames[i]);
		if (i >= 1) /* anames[0] is the parent: depth 1 */
			proto_item_set_hidden(proto_tree_add_string(proc_tree,
								    hf_proc_aname_at[i + 1], tvb,
								    0, 0, ctx->anames[i]));
	}
	for (int ns = 0; ctx->have_ns && ns < PODSHARK_NS_COUNT; ns++)
		proto_item_set_generated(proto_tree_add_uint(proc_tree, hf_proc_ns[ns], tvb, 0, 0,
							     ctx->ns_inum[ns]));
}

/* proc.aname.2 ... proc.aname.PODSHARK_MAX_ANCESTORS. */
static void register_ancestor_fields(int proto)
{
	hf_register_info *hf = wmem_alloc0_array(wmem_epan_scope(), hf_register_info,
						 PODSHARK_MAX_ANCESTORS - 1);

	for (int depth = 2; depth <= PODSHARK_MAX_ANCESTORS; depth++) {
		hf_register_info *h = &hf[depth - 2];

		hf_proc_aname_at[depth] = -1;
		h->p_id = &hf_proc_aname_at[depth];
		h->hfinfo = (header_field_info){
			wmem_strdup_printf(wmem_epan_scope(), "Ancestor %d", depth),
			wmem_strdup_printf(wmem_epan_scope(), "proc.aname.%d", depth),
			FT_STRING, BASE_NONE, NULL, 0,
			wmem_strdup_printf(wmem_epan_scope(),
					   "Name of the ancestor %d generations up (Falco's "
					   "proc.aname[%d])", depth, depth),
			HFILL
		};
	}
	proto_register_field_array(proto, hf, PODSHARK_MAX_ANCESTORS - 1);
}

static const char *l4proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return "icmp";
	case IPPROTO_RAW:
		return "raw";
	default:
		return NULL;
	}
}

static void add_addr(proto_tree *tree, tvbuff_t *tvb, const struct podshark_fd *f, int hf4,
		     int hf6, const uint8_t *addr)
{
	proto_item *ti;

	if (f->family == AF_INET6)
		ti = proto_tree_add_ipv6(tree, hf6, tvb, 0, 0, (const ws_in6_addr *)addr);
	else
		ti = proto_tree_add_ipv4(tree, hf4, tvb, 0, 0, *(const ws_in4_addr *)addr);
	proto_item_set_generated(ti);
}

static void add_port(proto_tree *tree, tvbuff_t *tvb, int hf, uint16_t port)
{
	proto_item_set_generated(proto_tree_add_uint(tree, hf, tvb, 0, 0, port));
}

static void add_sock_fields(proto_tree *tree, tvbuff_t *tvb, const struct podshark_fd *f)
{
	const bool server = local_is_server(f);
	const uint8_t *caddr = server ? f->raddr : f->laddr;
	const uint8_t *saddr = server ? f->laddr : f->raddr;
	const bool has_peer = f->rport || !addr_is_zero(f->raddr);

	add_addr(tree, tvb, f, hf_fd_lip, hf_fd_lip6, f->laddr);
	add_port(tree, tvb, hf_fd_lport, f->lport);
	if (has_peer) {
		add_addr(tree, tvb, f, hf_fd_rip, hf_fd_rip6, f->raddr);
		add_port(tree, tvb, hf_fd_rport, f->rport);
		add_addr(tree, tvb, f, hf_fd_cip, hf_fd_cip6, caddr);
		add_port(tree, tvb, hf_fd_cport, server ? f->rport : f->lport);
	}
	if (has_peer || server) {
		add_addr(tree, tvb, f, hf_fd_sip, hf_fd_sip6, saddr);
		add_port(tree, tvb, hf_fd_sport, server ? f->lport : f->rport);
		add_addr(tree, tvb, f, hf_fd_dip, hf_fd_dip6, saddr);
		add_port(tree, tvb, hf_fd_dport, server ? f->lport : f->rport);
	}
}

static void add_fd(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
		   const struct podshark_fd *f)
{
	const bool known_type = f->type < G_N_ELEMENTS(fd_types);
	proto_tree *fd_tree;
	proto_item *ti;
	const char *slash;

	ti = proto_tree_add_item(tree, proto_fd, tvb, 0, 0, ENC_NA);
	fd_tree = proto_item_add_subtree(ti, ett_fd);
	if (f->num >= 0) {
		proto_item_append_text(ti, " %d", f->num);
		proto_item_set_generated(
			proto_tree_add_int(fd_tree, podshark_hf_fd_num, tvb, 0, 0, f->num));
	}
	if (f->name)
		proto_item_append_text(ti, ": %s", f->name);
	add_string(fd_tree, hf_fd_uid, tvb, f->uid);
	add_string(fd_tree, hf_fd_name, tvb, f->name);
	if (known_type) {
		add_string(fd_tree, hf_fd_type, tvb, fd_types[f->type].name);
		add_string(fd_tree, hf_fd_typechar, tvb, fd_types[f->type].typechar);
	}
	if ((f->type == PODSHARK_FD_FILE || f->type == PODSHARK_FD_DIRECTORY) && f->name &&
	    f->name[0] == '/' && (slash = strrchr(f->name, '/'))) {
		add_string(fd_tree, hf_fd_directory, tvb,
			   slash == f->name ? "/" :
			   wmem_strndup(pinfo->pool, f->name, (size_t)(slash - f->name)));
		if (slash[1])
			add_string(fd_tree, hf_fd_filename, tvb, slash + 1);
	}
	add_string(fd_tree, hf_fd_l4proto, tvb, l4proto_name(f->l4proto));
	if (f->has_addrs)
		add_sock_fields(fd_tree, tvb, f);
}

void podshark_context_add_fds(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
			      const struct podshark_frame_ctx *ctx)
{
	for (unsigned i = 0; ctx && i < ctx->n_fds; i++)
		add_fd(tree, tvb, pinfo, ctx->fds[i]);
}

const char *podshark_context_fd_name(const struct podshark_frame_ctx *ctx)
{
	return ctx && ctx->n_fds ? ctx->fds[0]->name : NULL;
}

/* --- Follow fd: Conversation Filter > File descriptor ---------------------------------- */

static const char *followed_uid(packet_info *pinfo)
{
	const struct podshark_frame_ctx *ctx = kept_ctx(pinfo);

	return ctx && ctx->n_fds ? ctx->fds[0]->uid : NULL;
}

static PODSHARK_CONV_FILTER_VALID fd_filter_valid(packet_info *pinfo PODSHARK_CONV_FILTER_USER_DATA)
{
	return followed_uid(pinfo) != NULL;
}

static gchar *fd_filter_build(packet_info *pinfo PODSHARK_CONV_FILTER_USER_DATA)
{
	const char *uid = followed_uid(pinfo);

	/* uid is digits and colons only */
	return uid ? g_strdup_printf("fd.uid == \"%s\"", uid) : NULL;
}

void proto_register_podshark_context(void)
{
	/* the ids and name of the task, from every record that has them */
	static hf_register_info proc_record_hf[] = {
		{ &podshark_hf_proc_pid,
		  { "Process id", "proc.pid", FT_UINT32, BASE_DEC, NULL, 0,
		    "Process id (thread group id) in the host pid namespace (as Falco's proc.pid)",
		    HFILL } },
		{ &podshark_hf_proc_tid,
		  { "Thread id", "proc.tid", FT_UINT32, BASE_DEC, NULL, 0,
		    "Thread id in the host pid namespace (as Falco's thread.tid)", HFILL } },
		{ &podshark_hf_proc_ppid,
		  { "Parent process id", "proc.ppid", FT_UINT32, BASE_DEC, NULL, 0,
		    "Process id of the real parent, host pid namespace (as Falco's proc.ppid)",
		    HFILL } },
		{ &podshark_hf_proc_vpid,
		  { "Process id in its namespace", "proc.vpid", FT_UINT32, BASE_DEC, NULL, 0,
		    "Process id in the process's own pid namespace (as Falco's proc.vpid)",
		    HFILL } },
		{ &podshark_hf_proc_vtid,
		  { "Thread id in its namespace", "proc.vtid", FT_UINT32, BASE_DEC, NULL, 0,
		    "Thread id in the process's own pid namespace (as Falco's thread.vtid)",
		    HFILL } },
		{ &podshark_hf_proc_name,
		  { "Name", "proc.name", FT_STRINGZPAD, BASE_NONE, NULL, 0,
		    "Task name (comm, 16 bytes at most) (as Falco's proc.name)", HFILL } },
		{ &podshark_hf_proc_cgroup_id,
		  { "Cgroup id", "proc.cgroup.id", FT_UINT64, BASE_DEC, NULL, 0,
		    "Cgroup v2 id: the inode of the process's cgroup directory", HFILL } },
	};
	static hf_register_info proc_hf[] = {
		{ &hf_proc_ns[PODSHARK_NS_PID],
		  { "PID namespace", "proc.ns.pid", FT_UINT32, BASE_DEC, NULL, 0,
		    "Inode of the process's pid namespace, as in /proc/PID/ns/pid",
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_NET],
		  { "Network namespace", "proc.ns.net", FT_UINT32, BASE_DEC, NULL, 0,
		    "Inode of the process's network namespace, as in /proc/PID/ns/net",
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_MNT],
		  { "Mount namespace", "proc.ns.mnt", FT_UINT32, BASE_DEC, NULL, 0,
		    "Inode of the process's mount namespace, as in /proc/PID/ns/mnt",
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_UTS],
		  { "UTS namespace", "proc.ns.uts", FT_UINT32, BASE_DEC, NULL, 0,
		    "Inode of the process's UTS namespace, as in /proc/PID/ns/uts",
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_IPC],
		  { "IPC namespace", "proc.ns.ipc", FT_UINT32, BASE_DEC, NULL, 0,
		    "Inode of the process's IPC namespace, as in /proc/PID/ns/ipc",
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_USER],
		  { "User namespace", "proc.ns.user", FT_UINT32, BASE_DEC, NULL, 0,
		    "Inode of the process's user namespace, as in /proc/PID/ns/user",
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_CGROUP],
		  { "Cgroup namespace", "proc.ns.cgroup", FT_UINT32, BASE_DEC, NULL, 0,
		    "Inode of the process's cgroup namespace, as in /proc/PID/ns/cgroup",
		    HFILL } },
		{ &hf_proc_exepath,
		  { "Executable path", "proc.exepath", FT_STRING, BASE_NONE, NULL, 0,
		    "Path of the program the process runs, from its last exec or the "
		    "capture-start snapshot (as Falco's proc.exepath)",
		    HFILL } },
		{ &hf_proc_exe,
		  { "First argument (argv[0])", "proc.exe", FT_STRING, BASE_NONE, NULL, 0,
		    "First command-line argument, argv[0] (as Falco's proc.exe)",
		    HFILL } },
		{ &hf_proc_args,
		  { "Arguments", "proc.args", FT_STRING, BASE_NONE, NULL, 0,
		    "Command-line arguments after argv[0], joined by spaces (as Falco's "
		    "proc.args)", HFILL } },
		{ &hf_proc_cmdline,
		  { "Command line", "proc.cmdline", FT_STRING, BASE_NONE, NULL, 0,
		    "Task name and arguments: name arg1 arg2 (as Falco's proc.cmdline)",
		    HFILL } },
		{ &hf_proc_cwd,
		  { "Working directory", "proc.cwd", FT_STRING, BASE_NONE, NULL, 0,
		    "Working directory, followed through chdir and fchdir (as Falco's proc.cwd)",
		    HFILL } },
		{ &hf_proc_tty,
		  { "Controlling terminal", "proc.tty", FT_UINT32, BASE_DEC, NULL, 0,
		    "Controlling terminal as /proc/PID/stat's tty_nr; 0 for none (as Falco's "
		    "proc.tty)",
		    HFILL } },
		{ &hf_proc_pname,
		  { "Parent name", "proc.pname", FT_STRING, BASE_NONE, NULL, 0,
		    "Name of the parent process (as Falco's proc.pname)", HFILL } },
		{ &hf_proc_pcmdline,
		  { "Parent command line", "proc.pcmdline", FT_STRING, BASE_NONE, NULL, 0,
		    "Command line of the parent process (as Falco's proc.pcmdline)",
		    HFILL } },
		{ &hf_proc_pexepath,
		  { "Parent executable path", "proc.pexepath", FT_STRING, BASE_NONE, NULL, 0,
		    "Executable path of the parent process (as Falco's proc.pexepath)", HFILL } },
		{ &hf_proc_aname,
		  { "Ancestor name", "proc.aname", FT_STRING, BASE_NONE, NULL, 0,
		    "Name of an ancestor: one occurrence per ancestor, parent first (as Falco's "
		    "proc.aname)",
		    HFILL } },
	};
	static hf_register_info fd_hf[] = {
		{ &podshark_hf_fd_num,
		  { "Number", "fd.num", FT_INT32, BASE_DEC, NULL, 0,
		    "File descriptor number (as Falco's fd.num)", HFILL } },
		{ &hf_fd_uid,
		  { "Open (pid:fd:event)", "fd.uid", FT_STRING, BASE_NONE, NULL, 0,
		    "Which opening of an fd: pid:fd:event number of the call that opened it; "
		    "follows one file across calls",
		    HFILL } },
		{ &hf_fd_name,
		  { "Name", "fd.name", FT_STRING, BASE_NONE, NULL, 0,
		    "Path of a file, or the connection of a socket (10.0.0.1:4242->10.0.0.2:80), "
		    "or pipe (as Falco's fd.name)", HFILL } },
		{ &hf_fd_type,
		  { "Type", "fd.type", FT_STRING, BASE_NONE, NULL, 0,
		    "What the fd refers to: file, directory, ipv4, ipv6, unix, pipe, event, ... "
		    "(as Falco's fd.type)", HFILL } },
		{ &hf_fd_typechar,
		  { "Type letter", "fd.typechar", FT_STRING, BASE_NONE, NULL, 0,
		    "Type as one letter: f file, 4 ipv4, 6 ipv6, u unix, p pipe, ... (as Falco's "
		    "fd.typechar)", HFILL } },
		{ &hf_fd_directory,
		  { "Directory", "fd.directory", FT_STRING, BASE_NONE, NULL, 0,
		    "Directory of the file (as Falco's fd.directory)", HFILL } },
		{ &hf_fd_filename,
		  { "File name", "fd.filename", FT_STRING, BASE_NONE, NULL, 0,
		    "File name without its directory (as Falco's fd.filename)", HFILL } },
		{ &hf_fd_l4proto,
		  { "Transport protocol", "fd.l4proto", FT_STRING, BASE_NONE, NULL, 0,
		    "Transport protocol of a socket: tcp, udp (as Falco's fd.l4proto)",
		    HFILL } },
		{ &hf_fd_lip,
		  { "Local address", "fd.lip", FT_IPv4, BASE_NONE, NULL, 0,
		    "Local IPv4 address of the socket (as Falco's fd.lip)", HFILL } },
		{ &hf_fd_rip,
		  { "Remote address", "fd.rip", FT_IPv4, BASE_NONE, NULL, 0,
		    "Remote IPv4 address of the socket (as Falco's fd.rip)", HFILL } },
		{ &hf_fd_cip,
		  { "Client address", "fd.cip", FT_IPv4, BASE_NONE, NULL, 0,
		    "Client IPv4 address of the connection (as Falco's fd.cip)", HFILL } },
		{ &hf_fd_sip,
		  { "Server address", "fd.sip", FT_IPv4, BASE_NONE, NULL, 0,
		    "Server IPv4 address of the connection (as Falco's fd.sip)", HFILL } },
		{ &hf_fd_dip,
		  { "Destination (server) address", "fd.dip", FT_IPv4, BASE_NONE, NULL, 0,
		    "Destination (server) IPv4 address (as Falco's fd.dip)",
		    HFILL } },
		{ &hf_fd_lip6,
		  { "Local address", "fd.lip6", FT_IPv6, BASE_NONE, NULL, 0,
		    "Local IPv6 address of the socket (as Falco's fd.lip)", HFILL } },
		{ &hf_fd_rip6,
		  { "Remote address", "fd.rip6", FT_IPv6, BASE_NONE, NULL, 0,
		    "Remote IPv6 address of the socket (as Falco's fd.rip)", HFILL } },
		{ &hf_fd_cip6,
		  { "Client address", "fd.cip6", FT_IPv6, BASE_NONE, NULL, 0,
		    "Client IPv6 address of the connection (as Falco's fd.cip)", HFILL } },
		{ &hf_fd_sip6,
		  { "Server address", "fd.sip6", FT_IPv6, BASE_NONE, NULL, 0,
		    "Server IPv6 address of the connection (as Falco's fd.sip)", HFILL } },
		{ &hf_fd_dip6,
		  { "Destination (server) address", "fd.dip6", FT_IPv6, BASE_NONE, NULL, 0,
		    "Destination (server) IPv6 address (as Falco's fd.dip)",
		    HFILL } },
		{ &hf_fd_lport,
		  { "Local port", "fd.lport", FT_UINT16, BASE_DEC, NULL, 0,
		    "Local port of the socket (as Falco's fd.lport)", HFILL } },
		{ &hf_fd_rport,
		  { "Remote port", "fd.rport", FT_UINT16, BASE_DEC, NULL, 0,
		    "Remote port of the socket (as Falco's fd.rport)", HFILL } },
		{ &hf_fd_cport,
		  { "Client port", "fd.cport", FT_UINT16, BASE_DEC, NULL, 0,
		    "Client port of the connection (as Falco's fd.cport)", HFILL } },
		{ &hf_fd_sport,
		  { "Server port", "fd.sport", FT_UINT16, BASE_DEC, NULL, 0,
		    "Server port of the connection (as Falco's fd.sport)", HFILL } },
		{ &hf_fd_dport,
		  { "Destination (server) port", "fd.dport", FT_UINT16, BASE_DEC, NULL, 0,
		    "Destination (server) port (as Falco's fd.dport)",
		    HFILL } },
	};
	static int *ett[] = { &ett_fd };

	podshark_proto_proc = podshark_register_field_protocol("Process", "proc", "proc");
	proto_fd = podshark_register_field_protocol("File descriptor", "fd", "fd");
	proto_register_field_array(podshark_proto_proc, proc_record_hf,
				   array_length(proc_record_hf));
	proto_register_field_array(podshark_proto_proc, proc_hf, array_length(proc_hf));
	register_ancestor_fields(podshark_proto_proc);
	proto_register_field_array(proto_fd, fd_hf, array_length(fd_hf));
	proto_register_subtree_array(ett, array_length(ett));

	procs = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_int64_hash,
				       g_int64_equal);

	PODSHARK_REGISTER_CONVERSATION_FILTER("fd", "File descriptor", fd_filter_valid, fd_filter_build);
}

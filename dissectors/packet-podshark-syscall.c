/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SYSCALL record: one system call, shown in the field vocabulary of Falco,
 * sysdig and Stratoshark (evt.*, proc.*, user.*, group.*).  Each field family is a protocol of its
 * own (evt, proc, user, group) so that "proc.name" filters and each family is
 * a subtree; the Info column reads like strace.  The evt.*, user.* and group.*
 * fields are registered here, the proc.* and fd.* fields by
 * packet-podshark-context.c, which fills most of them.
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>
#include <epan/unit_strings.h>
#include <epan/wmem_scopes.h>
#include <wsutil/str_util.h>

#include "arg_render.h"
#include "errno_names.h"
#include "io_uring_ops.h"
#include "packet-podshark-context.h"
#include "packet-podshark-ext.h"
#include "packet-podshark-fields.h"
#include "packet-podshark-syscall.h"
#include "packet-podshark.h"
#include "record_codec.h"
#include "syscall_table.h"
#include "ws_compat.h"

/* Offset and length of a field of struct podshark_syscall_rec. */
#define SC_FIELD(f) \
	(int)offsetof(struct podshark_syscall_rec, f), \
	(int)sizeof(((struct podshark_syscall_rec *)NULL)->f)
#define SC_FIELD_OFFSET(f) (int)offsetof(struct podshark_syscall_rec, f)
#define SC_ARG(i) \
	(int)(offsetof(struct podshark_syscall_rec, args) + (i) * sizeof(__u64)), \
	(int)sizeof(__u64)

/* Linux returns -errno, with errno at most 4095, for a failed call. */
#define MAX_ERRNO 4095
/* errno values below this one are the C library's too: strerror() knows them */
#define FIRST_KERNEL_ERRNO 512
/* Bytes of a rendered call, a rendered argument list or one argument: the
 * Info column holds no more than about this (COL_MAX_INFO_LEN). */
#define RENDER_MAX 4096

static int proto_evt = -1;
int podshark_proto_user = -1;
int podshark_proto_group = -1;

int podshark_hf_evt_num = -1;
int podshark_hf_evt_type = -1;
static int hf_evt_category = -1;
static int hf_evt_privilege = -1;
static int hf_evt_io_uring_call = -1;
static int hf_evt_rawres = -1;
static int hf_evt_res = -1;
static int hf_evt_failed = -1;
static int hf_evt_latency = -1;
static int hf_evt_latency_time = -1;
static int hf_evt_cpu = -1;
static int hf_evt_args = -1;
static int hf_evt_unfinished = -1;
static int hf_evt_entry_time = -1;
static int hf_evt_arch = -1;
static int hf_evt_nr = -1;
static int hf_flags = -1;
static int hf_flags_noreturn = -1;
static int hf_flags_entry_lost = -1;
static int hf_flags_args_lost = -1;
static int hf_flags_redacted = -1;
static int hf_evt_is_io_uring = -1;
static int hf_uring = -1;
static int hf_uring_op = -1;
static int hf_uring_async = -1;
static int hf_uring_sqpoll = -1;
static int hf_uring_fixed = -1;
int podshark_hf_user_uid = -1;
int podshark_hf_user_loginuid = -1;
int podshark_hf_group_gid = -1;

static int ett_evt = -1;
static int ett_latency = -1;
static int ett_flags = -1;
static int ett_uring = -1;
static int ett_proc = -1;
static int ett_user = -1;
static int ett_group = -1;

static expert_field ei_unknown_syscall = EI_INIT;
static expert_field ei_args_lost = EI_INIT;
static expert_field ei_uring_undecoded = EI_INIT;

static int podshark_syscall_tap = -1;

/* evt.rawarg.<name> and evt.arg.<name>: argument name -> its hf id (int *),
 * one per distinct argument name of the syscall tables (and, for evt.arg,
 * the Falco names of falco_arg_names), registered at start-up. */
static wmem_map_t *rawarg_hf_by_name;
static wmem_map_t *arg_hf_by_name;

/*
 * Falco names some arguments differently from the kernel's prototypes.  The
 * most used ones are offered under Falco's name as well (evt.arg.NAME with
 * both names):
 *   name   the path of open, openat, openat2, creat (kernel: filename, pathname)
 *   path   the first path argument of every other call (stat, access, mkdir...)
 *   fd     the first fd argument when the kernel calls it otherwise (dup: fildes)
 *   addr   a socket address argument (connect: uservaddr, bind: umyaddr)
 *   tuple  the socket's addresses after the call, as fd.name shows them
 *   res    the return value: the number, or -2(ENOENT) on failure
 */
static const char *const falco_arg_names[] = { "name", "path", "fd", "addr", "tuple", "res" };

static const value_string arch_names[] = {
	{ PODSHARK_ARCH_I386, "i386" },
	{ PODSHARK_ARCH_X86_64, "x86_64" },
	{ PODSHARK_ARCH_AARCH64, "aarch64" },
	{ 0, NULL },
};

static const unsigned known_arches[] = {
	PODSHARK_ARCH_X86_64,
	PODSHARK_ARCH_AARCH64,
	PODSHARK_ARCH_I386,
};

static int *const flag_fields[] = {
	&hf_evt_unfinished,
	&hf_flags_noreturn,
	&hf_flags_entry_lost,
	&hf_flags_args_lost,
	&hf_flags_redacted,
	NULL,
};

static int *const uring_fields[] = {
	&hf_uring_async,
	&hf_uring_sqpoll,
	&hf_uring_fixed,
	NULL,
};

/* The io_uring operation of a record's uring field, "op_N" when unknown. */
static const char *uring_op_name(wmem_allocator_t *scope, uint16_t uring)
{
	const struct podshark_uring_op *op = podshark_uring_op(PODSHARK_URING_OP(uring));

	return op ? op->name : wmem_strdup_printf(scope, "op_%u", PODSHARK_URING_OP(uring));
}

/* An io_uring request: its operation and how it was submitted. */
static void add_uring(proto_tree *evt_tree, tvbuff_t *tvb, packet_info *pinfo, proto_item *evt_item,
		      const struct podshark_syscall_rec *sc)
{
	proto_item *ti;

	/* only on io_uring records: "evt.is_io_uring" alone selects them */
	proto_tree_add_boolean(evt_tree, hf_evt_is_io_uring, tvb, SC_FIELD(flags), sc->flags);
	ti = proto_tree_add_bitmask(evt_tree, tvb, SC_FIELD_OFFSET(uring), hf_uring, ett_uring,
				    uring_fields, ENC_LITTLE_ENDIAN);
	ti = proto_tree_add_string(proto_item_add_subtree(ti, ett_uring), hf_uring_op, tvb,
				   SC_FIELD(uring), uring_op_name(pinfo->pool, sc->uring));
	proto_item_set_generated(ti);
	if (sc->flags & PODSHARK_SC_UNDECODED)
		expert_add_info_format(pinfo, evt_item, &ei_uring_undecoded,
				       "io_uring %s request whose arguments were not read: the kernel "
				       "refused it before preparing them, or its BTF does not describe "
				       "them", uring_op_name(pinfo->pool, sc->uring));
}

static bool syscall_failed(int64_t ret)
{
	return ret < 0 && ret >= -MAX_ERRNO;
}

/* evt.res of a failed call: the errno's name, or its number when the name
 * is not known (a newer kernel's errno). */
static const char *errno_text(wmem_allocator_t *scope, int64_t ret)
{
	const char *name = podshark_errno_name((int)-ret);

	return name ? name : wmem_strdup_printf(scope, "E%d", (int)-ret);
}

static void add_rawargs(proto_tree *tree, tvbuff_t *tvb, const struct podshark_syscall_info *info)
{
	for (unsigned i = 0; info && i < info->nargs; i++) {
		const int *hf = wmem_map_lookup(rawarg_hf_by_name, info->args[i].name);

		if (hf)
			proto_tree_add_item(tree, *hf, tvb, SC_ARG(i), ENC_LITTLE_ENDIAN);
	}
}

/* evt.args of a call the table does not know: the raw registers. */
static const char *raw_args(wmem_allocator_t *scope, const struct podshark_syscall_rec *sc)
{
	wmem_strbuf_t *named = wmem_strbuf_new(scope, "");

	for (unsigned i = 0; i < PODSHARK_MAX_ARGS; i++)
		wmem_strbuf_append_printf(named, "%sarg%u=0x%" PRIx64, i ? " " : "", i,
					  (uint64_t)sc->args[i]);
	return wmem_strbuf_get_str(named);
}

/* The value of argument i for evt.arg.NAME: the memory it points to when the
 * probe read it, else its register rendered by type.  NULL when not known
 * (entry lost, and no output read at exit). */
static const char *arg_text(wmem_allocator_t *scope, const struct podshark_record *record,
			    const struct podshark_syscall_info *info, unsigned i, bool returned)
{
	const struct podshark_syscall_rec *sc = &record->rec->u.sc;
	struct podshark_mem_item m;
	bool have_mem = podshark_find_mem(record->buf, record->rec, i, returned, &m);
	char *text;

	if ((sc->flags & PODSHARK_SC_ENTRY_LOST) &&
	    !(have_mem && (m.mem.flags & PODSHARK_MEM_AT_EXIT)))
		return NULL;
	if (have_mem && !(m.mem.flags & PODSHARK_MEM_FAULT))
		return podshark_mem_text(scope, &m, 0);
	text = wmem_alloc(scope, RENDER_MAX);
	podshark_render_value(have_mem ? PODSHARK_ARG_PTR : info->args[i].type, sc->args[i],
			      sc->arch, text, RENDER_MAX);
	return text;
}

static void add_arg(proto_tree *tree, tvbuff_t *tvb, const char *name, unsigned i,
		    const char *value)
{
	const int *hf = wmem_map_lookup(arg_hf_by_name, name);
	proto_item *ti;

	if (!hf || !value)
		return;
	ti = proto_tree_add_string(tree, *hf, tvb, SC_ARG(i), value);
	proto_item_set_generated(ti);
}

/* The Falco alias of argument i (falco_arg_names), or NULL. */
static const char *falco_alias(const struct podshark_syscall_info *info, unsigned i,
			       bool *seen_path, bool *seen_fd, bool *seen_addr)
{
	const struct podshark_syscall_arg *arg = &info->args[i];
	const char *alias = NULL;

	switch (arg->type) {
	case PODSHARK_ARG_PATH:
		if (!*seen_path)
			alias = podshark_syscall_opens_path(info) ? "name" : "path";
		*seen_path = true;
		break;
	case PODSHARK_ARG_FD:
		if (!*seen_fd)
			alias = "fd";
		*seen_fd = true;
		break;
	case PODSHARK_ARG_SOCKADDR:
		if (!*seen_addr)
			alias = "addr";
		*seen_addr = true;
		break;
	}
	return alias && strcmp(alias, arg->name) ? alias : NULL;
}

/* evt.arg.NAME of every argument, under its kernel name and its Falco name. */
static void add_args(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
		     const struct podshark_record *record,
		     const struct podshark_syscall_info *info, bool returned)
{
	bool seen_path = false, seen_fd = false, seen_addr = false;

	for (unsigned i = 0; i < info->nargs; i++) {
		const char *value = arg_text(pinfo->pool, record, info, i, returned);
		const char *alias = falco_alias(info, i, &seen_path, &seen_fd, &seen_addr);

		add_arg(tree, tvb, info->args[i].name, i, value);
		if (alias)
			add_arg(tree, tvb, alias, i, value);
	}
}

/* evt.arg.tuple: the socket the call left with addresses, as fd.name shows it. */
static void add_tuple_arg(proto_tree *tree, tvbuff_t *tvb, const struct podshark_record *record,
			  const struct podshark_frame_ctx *ctx)
{
	struct podshark_sock_tuple tuple;
	const struct podshark_fd *sock = NULL;
	proto_item *ti;

	if (!ctx || !podshark_find_sock_tuple(record->buf, record->rec, &tuple))
		return;
	for (unsigned i = 0; i < ctx->n_fds; i++)
		if (ctx->fds[i]->has_addrs)
			sock = ctx->fds[i];
	if (!sock || !sock->name)
		return;
	ti = proto_tree_add_string(tree, *(const int *)wmem_map_lookup(arg_hf_by_name, "tuple"),
				   tvb, 0, 0, sock->name);
	proto_item_set_generated(ti);
}

static void add_res_arg(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
			const struct podshark_syscall_rec *sc)
{
	const int *hf = wmem_map_lookup(arg_hf_by_name, "res");
	const char *res;
	proto_item *ti;

	if (syscall_failed(sc->ret))
		res = wmem_strdup_printf(pinfo->pool, "%" PRId64 "(%s)", (int64_t)sc->ret,
					 errno_text(pinfo->pool, sc->ret));
	else
		res = wmem_strdup_printf(pinfo->pool, "%" PRId64, (int64_t)sc->ret);
	ti = proto_tree_add_string(tree, *hf, tvb, SC_FIELD(ret), res);
	proto_item_set_generated(ti);
}

/* The Info column: the call as strace shows it, with the error's text. */
static void set_info(packet_info *pinfo, const struct podshark_record *record, bool returned)
{
	const struct podshark_syscall_rec *sc = &record->rec->u.sc;
	char *text = wmem_alloc(pinfo->pool, RENDER_MAX);

	podshark_render_call(record->rec, record->buf, text, RENDER_MAX);
	col_add_str(pinfo->cinfo, COL_INFO, text);
	if (returned && syscall_failed(sc->ret) && -sc->ret < FIRST_KERNEL_ERRNO &&
	    podshark_errno_name((int)-sc->ret))
		col_append_fstr(pinfo->cinfo, COL_INFO, " (%s)", g_strerror((int)-sc->ret));
}

/* Returns the evt subtree's item. */
static proto_item *dissect_evt(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			       const struct podshark_record *record, const char *type_name,
			       const struct podshark_syscall_info *info,
			       const struct podshark_frame_ctx *ctx, bool complete)
{
	const struct podshark_syscall_rec *sc = &record->rec->u.sc;
	const bool entry_lost = sc->flags & PODSHARK_SC_ENTRY_LOST;
	const bool returned = !(sc->flags & (PODSHARK_SC_UNFINISHED | PODSHARK_SC_NORETURN));
	const char *res;
	char *evt_args;
	proto_item *evt_item, *ti;
	proto_tree *evt_tree;
	nstime_t ts;

	evt_item = proto_tree_add_item(tree, proto_evt, tvb, 0, -1, ENC_NA);
	evt_tree = proto_item_add_subtree(evt_item, ett_evt);

	podshark_add_fixed(evt_tree, podshark_hf_evt_num, tvb, SC_FIELD(evt_num),
			   ENC_LITTLE_ENDIAN);
	if (!complete) {
		podshark_expert_short_fixed(pinfo, evt_item, tvb_reported_length(tvb),
					    (unsigned)sizeof(*sc));
		/* The raw fields the record has, nothing derived from missing ones. */
		podshark_add_fixed(evt_tree, hf_evt_latency, tvb, SC_FIELD(latency_ns),
				   ENC_LITTLE_ENDIAN);
		podshark_add_fixed(evt_tree, hf_evt_rawres, tvb, SC_FIELD(ret), ENC_LITTLE_ENDIAN);
		podshark_add_fixed(evt_tree, hf_evt_nr, tvb, SC_FIELD(nr), ENC_LITTLE_ENDIAN);
		podshark_add_fixed(evt_tree, hf_evt_arch, tvb, SC_FIELD(arch), ENC_LITTLE_ENDIAN);
		podshark_add_fixed(evt_tree, hf_evt_cpu, tvb, SC_FIELD(cpu), ENC_LITTLE_ENDIAN);
		col_set_str(pinfo->cinfo, COL_INFO, "System call record with a short fixed part");
		return evt_item;
	}

	ti = proto_tree_add_string(evt_tree, podshark_hf_evt_type, tvb, SC_FIELD(nr), type_name);
	proto_item_set_generated(ti);
	if (info) {
		ti = proto_tree_add_string(evt_tree, hf_evt_category, tvb, SC_FIELD(nr),
					   info->category);
		proto_item_set_generated(ti);
		ti = proto_tree_add_boolean(evt_tree, hf_evt_privilege, tvb, SC_FIELD(nr),
					    !!(info->flags & PODSHARK_CALL_PRIVILEGE));
		proto_item_set_generated(ti);
		ti = proto_tree_add_boolean(evt_tree, hf_evt_io_uring_call, tvb, SC_FIELD(nr),
					    !!(info->flags & PODSHARK_CALL_IO_URING));
		proto_item_set_generated(ti);
	} else if (sc->flags & PODSHARK_SC_IO_URING) {
		/* an operation no call stands for: not an unknown call */
	} else {
		expert_add_info_format(pinfo, ti, &ei_unknown_syscall,
				       "System call %u of %s is not in this dissector's table",
				       sc->nr, val_to_str_const(sc->arch, arch_names, "this arch"));
	}

	if (!entry_lost) {
		ts.secs = (time_t)(sc->entry_ns / 1000000000u);
		ts.nsecs = (int)(sc->entry_ns % 1000000000u);
		proto_tree_add_time(evt_tree, hf_evt_entry_time, tvb, SC_FIELD(entry_ns), &ts);
	}
	ti = proto_tree_add_item(evt_tree, hf_evt_latency, tvb, SC_FIELD(latency_ns),
				 ENC_LITTLE_ENDIAN);
	ts.secs = (time_t)(sc->latency_ns / 1000000000u);
	ts.nsecs = (int)(sc->latency_ns % 1000000000u);
	ti = proto_tree_add_time(proto_item_add_subtree(ti, ett_latency), hf_evt_latency_time, tvb,
				 SC_FIELD(latency_ns), &ts);
	proto_item_set_generated(ti);

	if (returned) {
		proto_tree_add_item(evt_tree, hf_evt_rawres, tvb, SC_FIELD(ret), ENC_LITTLE_ENDIAN);
		res = syscall_failed(sc->ret) ? errno_text(pinfo->pool, sc->ret) : "SUCCESS";
		ti = proto_tree_add_string(evt_tree, hf_evt_res, tvb, SC_FIELD(ret), res);
		proto_item_set_generated(ti);
		ti = proto_tree_add_boolean(evt_tree, hf_evt_failed, tvb, SC_FIELD(ret),
					    syscall_failed(sc->ret));
		proto_item_set_generated(ti);
		add_res_arg(evt_tree, tvb, pinfo, sc);
	}

	if (!entry_lost) {
		evt_args = wmem_alloc(pinfo->pool, RENDER_MAX);
		podshark_render_args(record->rec, record->buf, evt_args, RENDER_MAX);
		ti = proto_tree_add_string(evt_tree, hf_evt_args, tvb, SC_FIELD(args),
					   info ? evt_args : raw_args(pinfo->pool, sc));
		proto_item_set_generated(ti);
		add_rawargs(evt_tree, tvb, info);
	}
	if (info)
		add_args(evt_tree, tvb, pinfo, record, info, returned);
	add_tuple_arg(evt_tree, tvb, record, ctx);
	if (sc->flags & PODSHARK_SC_ARGS_LOST)
		expert_add_info(pinfo, evt_item, &ei_args_lost);

	proto_tree_add_item(evt_tree, hf_evt_cpu, tvb, SC_FIELD(cpu), ENC_LITTLE_ENDIAN);
	proto_tree_add_item(evt_tree, hf_evt_arch, tvb, SC_FIELD(arch), ENC_LITTLE_ENDIAN);
	proto_tree_add_item(evt_tree, hf_evt_nr, tvb, SC_FIELD(nr), ENC_LITTLE_ENDIAN);
	proto_tree_add_bitmask(evt_tree, tvb, SC_FIELD_OFFSET(flags), hf_flags, ett_flags,
			       flag_fields, ENC_LITTLE_ENDIAN);
	if (sc->flags & PODSHARK_SC_IO_URING)
		add_uring(evt_tree, tvb, pinfo, evt_item, sc);

	set_info(pinfo, record, returned);
	return evt_item;
}

/* proc, user and group: the record's fields and the process's context. */
static void dissect_task(tvbuff_t *tvb, proto_tree *tree, const struct podshark_frame_ctx *ctx)
{
	proto_tree *proc_tree, *user_tree, *group_tree;
	proto_item *ti;

	ti = proto_tree_add_item(tree, podshark_proto_proc, tvb, 0, -1, ENC_NA);
	proc_tree = proto_item_add_subtree(ti, ett_proc);
	podshark_add_fixed(proc_tree, podshark_hf_proc_name, tvb, SC_FIELD(comm), ENC_UTF_8);
	podshark_add_fixed(proc_tree, podshark_hf_proc_pid, tvb, SC_FIELD(pid), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(proc_tree, podshark_hf_proc_tid, tvb, SC_FIELD(tid), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(proc_tree, podshark_hf_proc_ppid, tvb, SC_FIELD(ppid),
			   ENC_LITTLE_ENDIAN);
	podshark_add_fixed(proc_tree, podshark_hf_proc_vpid, tvb, SC_FIELD(vpid),
			   ENC_LITTLE_ENDIAN);
	podshark_add_fixed(proc_tree, podshark_hf_proc_vtid, tvb, SC_FIELD(vtid), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(proc_tree, podshark_hf_proc_cgroup_id, tvb, SC_FIELD(cgroup_id),
			   ENC_LITTLE_ENDIAN);
	podshark_context_add_proc(proc_tree, tvb, ctx);

	ti = proto_tree_add_item(tree, podshark_proto_user, tvb, 0, -1, ENC_NA);
	user_tree = proto_item_add_subtree(ti, ett_user);
	podshark_add_fixed(user_tree, podshark_hf_user_uid, tvb, SC_FIELD(uid), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(user_tree, podshark_hf_user_loginuid, tvb, SC_FIELD(loginuid),
			   ENC_LITTLE_ENDIAN);

	ti = proto_tree_add_item(tree, podshark_proto_group, tvb, 0, -1, ENC_NA);
	group_tree = proto_item_add_subtree(ti, ett_group);
	podshark_add_fixed(group_tree, podshark_hf_group_gid, tvb, SC_FIELD(gid),
			   ENC_LITTLE_ENDIAN);
}

/* The security expert infos and the statistics tap (packet-podshark-syscall.h). */
static void analyse(packet_info *pinfo, proto_item *evt_item, const struct podshark_record *record,
		    const char *type_name, const struct podshark_syscall_info *info,
		    const struct podshark_frame_ctx *ctx)
{
	const struct podshark_syscall_rec *sc = &record->rec->u.sc;
	struct podshark_syscall_summary *s = wmem_new0(pinfo->pool,
						      struct podshark_syscall_summary);

	s->type = type_name;
	s->info = info;
	s->sc = sc;
	s->rec = record->rec;
	s->buf = record->buf;
	s->ctx = ctx;
	s->comm = podshark_bare_text(pinfo->pool, (const uint8_t *)sc->comm,
				     strnlen(sc->comm, sizeof(sc->comm)), false);
	s->returned = !(sc->flags & (PODSHARK_SC_UNFINISHED | PODSHARK_SC_NORETURN));
	if (s->returned) {
		s->failed = syscall_failed(sc->ret);
		s->res = s->failed ? errno_text(pinfo->pool, sc->ret) : "SUCCESS";
	}
	podshark_expert_syscall(pinfo, evt_item, s);
	tap_queue_packet(podshark_syscall_tap, pinfo, s);
}

static int dissect_syscall_rec(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
	const struct podshark_record *record = data;
	const struct podshark_syscall_rec *sc = &record->rec->u.sc;
	const bool complete = tvb_reported_length(tvb) >= sizeof(*sc);
	const struct podshark_frame_ctx *ctx = NULL;
	const struct podshark_syscall_info *info;
	const char *type_name;
	proto_item *evt_item;

	col_set_str(pinfo->cinfo, COL_PROTOCOL, "syscall");
	info = podshark_syscall_lookup(sc->arch, sc->nr);
	if (info)
		type_name = info->name;
	else if (complete && (sc->flags & PODSHARK_SC_IO_URING))
		type_name = ascii_strdown_inplace(wmem_strdup_printf(
			pinfo->pool, "io_uring_%s", uring_op_name(pinfo->pool, sc->uring)));
	else
		type_name = wmem_strdup_printf(pinfo->pool, "syscall_%u", sc->nr);

	/* A record without all its fields feeds no table: its pid may be missing. */
	if (complete)
		ctx = podshark_context_syscall(pinfo, record->rec, record->buf, info);
	evt_item = dissect_evt(tvb, pinfo, tree, record, type_name, info, ctx, complete);
	dissect_task(tvb, tree, ctx);
	podshark_context_add_fds(tree, tvb, pinfo, ctx);
	if (ctx)
		analyse(pinfo, evt_item, record, type_name, info, ctx);

	return (int)MIN(tvb_reported_length(tvb), sizeof(struct podshark_syscall_rec));
}

static bool is_filter_name(const char *name)
{
	if (!*name)
		return false;
	for (const char *c = name; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '_')
			return false;
	return true;
}

/* Adds evt.arg.<name> (a string: the value rendered) and, for names of the
 * tables, evt.rawarg.<name> (the register) to the field arrays. */
static void add_named_field(wmem_array_t *hf, wmem_map_t *by_name, const char *name,
			    const char *title, const char *prefix, enum ftenum type, int display,
			    const char *blurb_format)
{
	wmem_allocator_t *scope = wmem_epan_scope();
	hf_register_info field = { .p_id = wmem_new(scope, int) };

	*field.p_id = -1;
	field.hfinfo = (header_field_info){
		wmem_strdup_printf(scope, "%s %s", title, name),
		wmem_strdup_printf(scope, "%s.%s", prefix, name),
		type, display, NULL, 0, wmem_strdup_printf(scope, blurb_format, name), HFILL
	};
	wmem_map_insert(by_name, name, field.p_id);
	wmem_array_append_one(hf, field);
}

static void add_arg_fields(wmem_array_t *hf, const char *name, bool raw)
{
	add_named_field(hf, arg_hf_by_name, name, "Argument", "evt.arg", FT_STRING, BASE_NONE,
			"The argument called %s (record/syscalls.def), shown as in evt.args: "
			"names of flags and constants, the memory it points to (as Falco's "
			"evt.arg.NAME)");
	if (raw)
		add_named_field(hf, rawarg_hf_by_name, name, "Raw", "evt.rawarg", FT_UINT64,
				BASE_HEX,
				"The register value of the argument called %s, as the call "
				"passed it (as Falco's evt.rawarg.NAME)");
}

/* evt.arg.<name> and evt.rawarg.<name>, one of each per distinct argument
 * name in the tables; evt.arg.<name> of the Falco names too. */
static void register_arg_fields(void)
{
	wmem_allocator_t *scope = wmem_epan_scope();
	wmem_array_t *hf = wmem_array_new(scope, sizeof(hf_register_info));

	rawarg_hf_by_name = wmem_map_new(scope, g_str_hash, g_str_equal);
	arg_hf_by_name = wmem_map_new(scope, g_str_hash, g_str_equal);

	for (size_t a = 0; a < array_length(known_arches); a++) {
		const unsigned count = podshark_syscall_count(known_arches[a]);

		for (unsigned nr = 0; nr < count; nr++) {
			const struct podshark_syscall_info *info =
				podshark_syscall_lookup(known_arches[a], nr);

			for (unsigned i = 0; info && i < info->nargs; i++) {
				const char *name = info->args[i].name;

				if (is_filter_name(name) &&
				    !wmem_map_contains(rawarg_hf_by_name, name))
					add_arg_fields(hf, name, true);
			}
		}
	}
	for (size_t i = 0; i < array_length(falco_arg_names); i++)
		if (!wmem_map_contains(arg_hf_by_name, falco_arg_names[i]))
			add_arg_fields(hf, falco_arg_names[i], false);
	/* The array stays allocated: Wireshark keeps pointers into it. */
	proto_register_field_array(proto_evt, wmem_array_get_raw(hf), wmem_array_get_count(hf));
}

void proto_register_podshark_syscall(void)
{
	static hf_register_info evt_hf[] = {
		{ &podshark_hf_evt_num,
		  { "Event number", "evt.num", FT_UINT64, BASE_DEC, NULL, 0,
		    "Event number in capture order, given by the extcap (as Falco's evt.num)",
		    HFILL } },
		{ &podshark_hf_evt_type,
		  { "System call", "evt.type", FT_STRING, BASE_NONE, NULL, 0,
		    "Name of the system call (as Falco's evt.type); syscall_N when not in the "
		    "tables", HFILL } },
		{ &hf_evt_category,
		  { "Category", "evt.category", FT_STRING, BASE_NONE, NULL, 0,
		    "Category of the call from record/syscalls.def: file, net, process, memory, "
		    "ipc, signal, time, security, other (as Falco's evt.category)", HFILL } },
		{ &hf_evt_privilege,
		  { "Privilege-relevant call", "evt.privilege", FT_BOOLEAN, BASE_NONE, NULL, 0,
		    "The call changes credentials, namespaces or the mount tree, loads code into "
		    "the kernel or traces another process (+privilege in record/syscalls.def; "
		    "no Falco equivalent)", HFILL } },
		{ &hf_evt_io_uring_call,
		  { "io_uring call", "evt.io_uring_call", FT_BOOLEAN, BASE_NONE, NULL, 0,
		    "The call sets up, drives or registers resources of an io_uring ring: "
		    "io_uring_setup, io_uring_enter, io_uring_register (+io_uring in "
		    "record/syscalls.def; no Falco equivalent)", HFILL } },
		{ &hf_evt_rawres,
		  { "Return value", "evt.rawres", FT_INT64, BASE_DEC, NULL, 0,
		    "Return value as the kernel gave it, -errno on failure (as Falco's "
		    "evt.rawres)", HFILL } },
		{ &hf_evt_res,
		  { "Result", "evt.res", FT_STRING, BASE_NONE, NULL, 0,
		    "Result: SUCCESS, or the errno name such as ENOENT (as Falco's evt.res)",
		    HFILL } },
		{ &hf_evt_failed,
		  { "Failed", "evt.failed", FT_BOOLEAN, BASE_NONE, NULL, 0,
		    "The call returned an error (as Falco's evt.failed)", HFILL } },
		{ &hf_evt_latency,
		  { "Latency", "evt.latency", FT_UINT64, BASE_DEC | BASE_UNIT_STRING,
		    &units_nanoseconds, 0,
		    "Time in the kernel, exit minus entry, in nanoseconds (as Falco's "
		    "evt.latency)", HFILL } },
		{ &hf_evt_latency_time,
		  { "Latency", "evt.latency.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
		    "Time in the kernel, exit minus entry, as a time interval",
		    HFILL } },
		{ &hf_evt_cpu,
		  { "CPU", "evt.cpu", FT_UINT16, BASE_DEC, NULL, 0,
		    "CPU that ran the call's exit (entry for calls that do not return) (as "
		    "Falco's evt.cpu)", HFILL } },
		{ &hf_evt_args,
		  { "Arguments", "evt.args", FT_STRING, BASE_NONE, NULL, 0,
		    "All arguments as name=value text, strace-rendered (as Falco's evt.args)",
		    HFILL } },
		{ &hf_evt_unfinished,
		  { "Unfinished", "evt.unfinished", FT_BOOLEAN, 16, NULL, PODSHARK_SC_UNFINISHED,
		    "The call was still in the kernel when the capture stopped", HFILL } },
		{ &hf_evt_entry_time,
		  { "Entry time", "evt.entry_time", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC, NULL, 0,
		    "When the call entered the kernel (the frame time is when it returned)",
		    HFILL } },
		{ &hf_evt_arch,
		  { "Architecture", "evt.arch", FT_UINT16, BASE_DEC, VALS(arch_names), 0,
		    "System call ABI of the call: x86_64, i386 or aarch64",
		    HFILL } },
		{ &hf_evt_nr,
		  { "System call number", "evt.nr", FT_UINT32, BASE_DEC, NULL, 0,
		    "System call number in the table of its ABI", HFILL } },
	};
	/* Record flags that are not Falco fields stay under the podshark protocol. */
	static hf_register_info flags_hf[] = {
		{ &hf_flags,
		  { "Flags", "podshark.syscall.flags", FT_UINT16, BASE_HEX, NULL, 0,
		    "Flags of the SYSCALL record (PODSHARK_SC_* in record/podshark_record.h)",
		    HFILL } },
		{ &hf_flags_noreturn,
		  { "Does not return", "podshark.syscall.flags.noreturn", FT_BOOLEAN, 16, NULL,
		    PODSHARK_SC_NORETURN,
		    "exit or exit_group: recorded at entry, the call does not return", HFILL } },
		{ &hf_flags_entry_lost,
		  { "Entry lost", "podshark.syscall.flags.entry_lost", FT_BOOLEAN, 16, NULL,
		    PODSHARK_SC_ENTRY_LOST,
		    "The probe did not see the call's entry: arguments and entry time unknown",
		    HFILL } },
		{ &hf_flags_args_lost,
		  { "Argument memory lost", "podshark.syscall.flags.args_lost", FT_BOOLEAN, 16,
		    NULL, PODSHARK_SC_ARGS_LOST,
		    "The argument memory could not be delivered (ring buffer full)", HFILL } },
		{ &hf_flags_redacted,
		  { "Redacted", "podshark.syscall.flags.redacted", FT_BOOLEAN, 16, NULL,
		    PODSHARK_SC_REDACTED,
		    "Strings were overwritten by the extcap's --redact", HFILL } },
	};
	static hf_register_info uring_hf[] = {
		{ &hf_evt_is_io_uring,
		  { "io_uring operation", "evt.is_io_uring", FT_BOOLEAN, 16, NULL,
		    PODSHARK_SC_IO_URING,
		    "The event is an operation a process had the kernel run through an io_uring "
		    "ring, named after the system call it stands for", HFILL } },
		{ &hf_uring,
		  { "io_uring request", "evt.io_uring", FT_UINT16, BASE_HEX, NULL, 0,
		    "The io_uring operation number (low byte) and the submission's flags",
		    HFILL } },
		{ &hf_uring_op,
		  { "Operation", "evt.io_uring.op", FT_STRING, BASE_NONE, NULL, 0,
		    "The io_uring operation, as IORING_OP_ names it without the prefix", HFILL } },
		{ &hf_uring_async,
		  { "Forced async", "evt.io_uring.async", FT_BOOLEAN, 16, NULL,
		    PODSHARK_URING_ASYNC,
		    "Run by an io-wq worker thread of the process: submitted with IOSQE_ASYNC, "
		    "or sent there by the kernel (an openat that creates or truncates)",
		    HFILL } },
		{ &hf_uring_sqpoll,
		  { "SQPOLL ring", "evt.io_uring.sqpoll", FT_BOOLEAN, 16, NULL,
		    PODSHARK_URING_SQPOLL,
		    "The ring is polled by a kernel thread: requests are submitted without any "
		    "system call", HFILL } },
		{ &hf_uring_fixed,
		  { "Registered file", "evt.io_uring.fixed_file", FT_BOOLEAN, 16, NULL,
		    PODSHARK_URING_FIXED_FILE,
		    "The request's fds are indexes into the ring's registered files, not the "
		    "process's fds", HFILL } },
	};
	static hf_register_info user_hf[] = {
		{ &podshark_hf_user_uid,
		  { "User id", "user.uid", FT_UINT32, BASE_DEC, NULL, 0,
		    "Real user id in the host user namespace (as Falco's user.uid)", HFILL } },
		{ &podshark_hf_user_loginuid,
		  { "Login user id", "user.loginuid", FT_UINT32, BASE_DEC, NULL, 0,
		    "Audit login user id; 4294967295 when unset (as Falco's user.loginuid)",
		    HFILL } },
	};
	static hf_register_info group_hf[] = {
		{ &podshark_hf_group_gid,
		  { "Group id", "group.gid", FT_UINT32, BASE_DEC, NULL, 0,
		    "Real group id in the host user namespace (as Falco's group.gid)", HFILL } },
	};
	static int *ett[] = {
		&ett_evt, &ett_latency, &ett_flags, &ett_uring, &ett_proc, &ett_user, &ett_group,
	};
	static ei_register_info ei[] = {
		{ &ei_unknown_syscall,
		  { "evt.unknown_syscall", PI_UNDECODED, PI_NOTE,
		    "System call number not in this dissector's table", EXPFILL } },
		{ &ei_args_lost,
		  { "evt.args_lost", PI_SEQUENCE, PI_WARN,
		    "The memory of the arguments was lost: paths and addresses not shown",
		    EXPFILL } },
		{ &ei_uring_undecoded,
		  { "evt.io_uring.undecoded", PI_UNDECODED, PI_WARN,
		    "io_uring request whose arguments the probe could not read", EXPFILL } },
	};
	expert_module_t *expert;

	proto_evt = podshark_register_field_protocol("System call event", "evt", "evt");
	podshark_proto_user = podshark_register_field_protocol("User", "user", "user");
	podshark_proto_group = podshark_register_field_protocol("Group", "group", "group");

	proto_register_field_array(proto_evt, evt_hf, array_length(evt_hf));
	proto_register_field_array(proto_evt, uring_hf, array_length(uring_hf));
	proto_register_field_array(proto_get_id_by_filter_name("podshark"), flags_hf,
				   array_length(flags_hf));
	proto_register_field_array(podshark_proto_user, user_hf, array_length(user_hf));
	proto_register_field_array(podshark_proto_group, group_hf, array_length(group_hf));
	register_arg_fields();
	proto_register_subtree_array(ett, array_length(ett));
	expert = expert_register_protocol(proto_evt);
	expert_register_field_array(expert, ei, array_length(ei));
	podshark_syscall_tap = register_tap(PODSHARK_SYSCALL_TAP);
}

void proto_reg_handoff_podshark_syscall(void)
{
	dissector_add_uint(PODSHARK_RECORD_TYPE_TABLE, PODSHARK_REC_SYSCALL,
			   create_dissector_handle(dissect_syscall_rec, proto_evt));
}

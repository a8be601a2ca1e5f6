/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PROC record (a process that existed at the start, forked, exec'd or
 * exited) and the FD record (an fd open at the start): shown as frames of
 * their own, and fed to the process and fd tables
 * (packet-podshark-context.c) that give syscall frames their context.
 *
 * The fields they share with SYSCALL records (proc.pid, user.uid, evt.num,
 * ...) are the same fields, by their ids (packet-podshark-fields.h): a filter
 * on proc.pid selects the process's PROC, FD and SYSCALL frames alike.
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>

#include "packet-podshark-context.h"
#include "packet-podshark-ext.h"
#include "packet-podshark-fields.h"
#include "packet-podshark.h"

#define PROC_FIELD(f) \
	(int)offsetof(struct podshark_proc_rec, f), \
	(int)sizeof(((struct podshark_proc_rec *)NULL)->f)
#define FD_FIELD(f) \
	(int)offsetof(struct podshark_fd_rec, f), \
	(int)sizeof(((struct podshark_fd_rec *)NULL)->f)

static int proto_proc_rec = -1;
static int proto_fd_rec = -1;

static int hf_proc_kind = -1;
static int hf_proc_flags = -1;
static int hf_proc_flags_thread = -1;
static int hf_proc_flags_redacted = -1;
static int hf_proc_tty_nr = -1;
static int hf_proc_exit_code = -1;
static int hf_fd_ino = -1;
static int hf_fd_rec_fd = -1;
static int hf_fd_rec_type = -1;
static int hf_fd_open_flags = -1;

static int ett_proc_rec = -1;
static int ett_proc_flags = -1;
static int ett_proc = -1;
static int ett_fd_rec = -1;

static const value_string proc_kind_names[] = {
	{ PODSHARK_PROC_SNAPSHOT, "snapshot" },
	{ PODSHARK_PROC_FORK, "fork" },
	{ PODSHARK_PROC_EXEC, "exec" },
	{ PODSHARK_PROC_EXIT, "exit" },
	{ 0, NULL },
};

/* From the one list of fd types (record/podshark_record.h). */
static const value_string fd_type_names[] = {
#define FD_TYPE_NAME(name, text, letter) { PODSHARK_FD_##name, text },
	PODSHARK_FD_TYPES(FD_TYPE_NAME)
#undef FD_TYPE_NAME
	{ 0, NULL },
};

static int *const proc_flag_fields[] = { &hf_proc_flags_thread, &hf_proc_flags_redacted, NULL };

static void add_shared(proto_tree *tree, int hf, tvbuff_t *tvb, int offset, int length)
{
	proto_tree_add_item(tree, hf, tvb, offset, length, ENC_LITTLE_ENDIAN);
}

/* "exit 1240 status 0", "exit 1240 signal 9", as wait(2) reports it */
static void append_exit(packet_info *pinfo, int32_t status)
{
	if (status & 0x7f)
		col_append_fstr(pinfo->cinfo, COL_INFO, " signal %d", status & 0x7f);
	else
		col_append_fstr(pinfo->cinfo, COL_INFO, " status %d", (status >> 8) & 0xff);
}

static void proc_info(packet_info *pinfo, const struct podshark_proc_event *ev,
		      const struct podshark_frame_ctx *ctx, int32_t exit_status)
{
	const char *kind = val_to_str_const(ev->kind, proc_kind_names, "event");

	switch (ev->kind) {
	case PODSHARK_PROC_FORK:
		if (ev->flags & PODSHARK_PROC_THREAD)
			col_add_fstr(pinfo->cinfo, COL_INFO, "thread %u -> %u", ev->pid, ev->tid);
		else
			col_add_fstr(pinfo->cinfo, COL_INFO, "fork %u -> %u", ev->ppid, ev->pid);
		return;
	case PODSHARK_PROC_EXIT:
		col_add_fstr(pinfo->cinfo, COL_INFO, "exit %u", ev->pid);
		append_exit(pinfo, exit_status);
		return;
	default:
		col_add_fstr(pinfo->cinfo, COL_INFO, "%s %u", kind, ev->pid);
		if (ctx && ctx->exepath)
			col_append_fstr(pinfo->cinfo, COL_INFO, " %s", ctx->exepath);
		if (ctx && ctx->cmdline)
			col_append_fstr(pinfo->cinfo, COL_INFO, " %s", ctx->cmdline);
		else
			col_append_fstr(pinfo->cinfo, COL_INFO, " %s", ev->comm);
		return;
	}
}

static int dissect_proc_rec(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
	const struct podshark_record *record = data;
	const struct podshark_frame_ctx *ctx;
	const struct podshark_proc_rec *proc;
	struct podshark_proc_event ev = { 0 };
	proto_tree *rec_tree, *proc_tree, *sub;
	proto_item *rec_item, *ti;

	col_set_str(pinfo->cinfo, COL_PROTOCOL, "proc");
	rec_item = proto_tree_add_item(tree, proto_proc_rec, tvb, 0, -1, ENC_NA);
	rec_tree = proto_item_add_subtree(rec_item, ett_proc_rec);
	if (tvb_reported_length(tvb) < PODSHARK_PROC_REC_LEN) {
		podshark_add_fixed(rec_tree, podshark_hf_evt_num, tvb, PROC_FIELD(evt_num),
				   ENC_LITTLE_ENDIAN);
		podshark_add_fixed(rec_tree, hf_proc_kind, tvb, PROC_FIELD(kind),
				   ENC_LITTLE_ENDIAN);
		podshark_add_fixed(rec_tree, podshark_hf_proc_pid, tvb, PROC_FIELD(pid),
				   ENC_LITTLE_ENDIAN);
		podshark_expert_short_fixed(pinfo, rec_item, tvb_reported_length(tvb),
					    PODSHARK_PROC_REC_LEN);
		col_set_str(pinfo->cinfo, COL_INFO, "Process record with a short fixed part");
		return (int)tvb_reported_length(tvb);
	}

	proc = &record->rec->u.proc;
	ev.evt_num = proc->evt_num;
	ev.kind = proc->kind;
	ev.flags = proc->flags;
	ev.pid = proc->pid;
	ev.tid = proc->tid;
	ev.ppid = proc->ppid;
	ev.tty = proc->tty;
	ev.loginuid = proc->loginuid;
	memcpy(ev.ns_inum, proc->ns_inum, sizeof(ev.ns_inum));
	ev.comm = podshark_bare_text(pinfo->pool, (const uint8_t *)proc->comm,
				     strnlen(proc->comm, PODSHARK_COMM_LEN), false);
	ctx = podshark_context_proc(pinfo, &ev, record->rec, record->buf);

	add_shared(rec_tree, podshark_hf_evt_num, tvb, PROC_FIELD(evt_num));
	proto_tree_add_item(rec_tree, hf_proc_kind, tvb, PROC_FIELD(kind), ENC_LITTLE_ENDIAN);
	proto_tree_add_bitmask(rec_tree, tvb, offsetof(struct podshark_proc_rec, flags),
			       hf_proc_flags, ett_proc_flags, proc_flag_fields, ENC_LITTLE_ENDIAN);
	proto_tree_add_item(rec_tree, hf_proc_tty_nr, tvb, PROC_FIELD(tty), ENC_LITTLE_ENDIAN);
	if (ev.kind == PODSHARK_PROC_EXIT)
		proto_tree_add_item(rec_tree, hf_proc_exit_code, tvb, PROC_FIELD(exit_code),
				    ENC_LITTLE_ENDIAN);

	ti = proto_tree_add_item(tree, podshark_proto_proc, tvb, 0, -1, ENC_NA);
	proc_tree = proto_item_add_subtree(ti, ett_proc);
	proto_tree_add_item(proc_tree, podshark_hf_proc_name, tvb, PROC_FIELD(comm), ENC_UTF_8);
	add_shared(proc_tree, podshark_hf_proc_pid, tvb, PROC_FIELD(pid));
	add_shared(proc_tree, podshark_hf_proc_tid, tvb, PROC_FIELD(tid));
	add_shared(proc_tree, podshark_hf_proc_ppid, tvb, PROC_FIELD(ppid));
	add_shared(proc_tree, podshark_hf_proc_vpid, tvb, PROC_FIELD(vpid));
	add_shared(proc_tree, podshark_hf_proc_cgroup_id, tvb, PROC_FIELD(cgroup_id));
	podshark_context_add_proc(proc_tree, tvb, ctx);

	ti = proto_tree_add_item(tree, podshark_proto_user, tvb, 0, -1, ENC_NA);
	sub = proto_item_add_subtree(ti, ett_proc);
	add_shared(sub, podshark_hf_user_uid, tvb, PROC_FIELD(uid));
	add_shared(sub, podshark_hf_user_loginuid, tvb, PROC_FIELD(loginuid));
	ti = proto_tree_add_item(tree, podshark_proto_group, tvb, 0, -1, ENC_NA);
	sub = proto_item_add_subtree(ti, ett_proc);
	add_shared(sub, podshark_hf_group_gid, tvb, PROC_FIELD(gid));

	proc_info(pinfo, &ev, ctx, proc->exit_code);
	return PODSHARK_PROC_REC_LEN;
}

static int dissect_fd_rec(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
	const struct podshark_record *record = data;
	const struct podshark_frame_ctx *ctx;
	struct podshark_fd_event ev = { 0 };
	proto_tree *rec_tree, *proc_tree;
	proto_item *rec_item, *ti;
	const char *name;

	col_set_str(pinfo->cinfo, COL_PROTOCOL, "fd");
	rec_item = proto_tree_add_item(tree, proto_fd_rec, tvb, 0, -1, ENC_NA);
	rec_tree = proto_item_add_subtree(rec_item, ett_fd_rec);
	if (tvb_reported_length(tvb) < PODSHARK_FD_REC_LEN) {
		podshark_add_fixed(rec_tree, podshark_hf_evt_num, tvb, FD_FIELD(evt_num),
				   ENC_LITTLE_ENDIAN);
		podshark_add_fixed(rec_tree, podshark_hf_proc_pid, tvb, FD_FIELD(pid),
				   ENC_LITTLE_ENDIAN);
		podshark_expert_short_fixed(pinfo, rec_item, tvb_reported_length(tvb),
					    PODSHARK_FD_REC_LEN);
		col_set_str(pinfo->cinfo, COL_INFO,
			    "File descriptor record with a short fixed part");
		return (int)tvb_reported_length(tvb);
	}
	ev.evt_num = record->rec->u.fd.evt_num;
	ev.pid = record->rec->u.fd.pid;
	ev.fd = record->rec->u.fd.fd;
	ev.fd_type = record->rec->u.fd.fd_type;
	ev.open_flags = record->rec->u.fd.open_flags;
	ctx = podshark_context_fd(pinfo, &ev, record->rec, record->buf);

	add_shared(rec_tree, podshark_hf_evt_num, tvb, FD_FIELD(evt_num));
	proto_tree_add_item(rec_tree, hf_fd_rec_fd, tvb, FD_FIELD(fd), ENC_LITTLE_ENDIAN);
	proto_tree_add_item(rec_tree, hf_fd_rec_type, tvb, FD_FIELD(fd_type), ENC_LITTLE_ENDIAN);
	proto_tree_add_item(rec_tree, hf_fd_ino, tvb, FD_FIELD(ino), ENC_LITTLE_ENDIAN);
	proto_tree_add_item(rec_tree, hf_fd_open_flags, tvb, FD_FIELD(open_flags),
			    ENC_LITTLE_ENDIAN);
	ti = proto_tree_add_item(tree, podshark_proto_proc, tvb, 0, -1, ENC_NA);
	proc_tree = proto_item_add_subtree(ti, ett_proc);
	add_shared(proc_tree, podshark_hf_proc_pid, tvb, FD_FIELD(pid));
	podshark_context_add_proc(proc_tree, tvb, ctx);
	podshark_context_add_fds(tree, tvb, pinfo, ctx);

	name = podshark_context_fd_name(ctx);
	col_add_fstr(pinfo->cinfo, COL_INFO, "pid %u fd %d (%s)%s%s", ev.pid, ev.fd,
		     val_to_str_const(ev.fd_type, fd_type_names, "other"), name ? " " : "",
		     name ? name : "");
	return PODSHARK_FD_REC_LEN;
}

void proto_register_podshark_proc(void)
{
	static hf_register_info proc_hf[] = {
		{ &hf_proc_kind,
		  { "Event", "podshark.proc.kind", FT_UINT32, BASE_DEC, VALS(proc_kind_names), 0,
		    "Process event: snapshot (existed at capture start), fork, exec, exit",
		    HFILL } },
		{ &hf_proc_flags,
		  { "Flags", "podshark.proc.flags", FT_UINT32, BASE_HEX, NULL, 0,
		    "Flags of the PROC record (PODSHARK_PROC_*)", HFILL } },
		{ &hf_proc_flags_thread,
		  { "New thread", "podshark.proc.flags.thread", FT_BOOLEAN, 32, NULL,
		    PODSHARK_PROC_THREAD,
		    "fork made a thread of the process, not a new process", HFILL } },
		{ &hf_proc_flags_redacted,
		  { "Redacted", "podshark.proc.flags.redacted", FT_BOOLEAN, 32, NULL,
		    PODSHARK_PROC_REDACTED,
		    "Strings were overwritten by the extcap's --redact", HFILL } },
		{ &hf_proc_tty_nr,
		  { "Terminal (tty_nr)", "podshark.proc.tty", FT_UINT32, BASE_DEC, NULL, 0,
		    "Controlling terminal as /proc/PID/stat's tty_nr; 0 for none",
		    HFILL } },
		{ &hf_proc_exit_code,
		  { "Wait status", "podshark.proc.exit_status", FT_INT32, BASE_DEC, NULL, 0,
		    "Wait status of an exit: exit code << 8 | signal",
		    HFILL } },
	};
	static hf_register_info fd_hf[] = {
		{ &hf_fd_rec_fd,
		  { "File descriptor", "podshark.fd.fd", FT_INT32, BASE_DEC, NULL, 0,
		    "File descriptor number open when the capture started",
		    HFILL } },
		{ &hf_fd_rec_type,
		  { "Type", "podshark.fd.type", FT_UINT32, BASE_DEC, VALS(fd_type_names), 0,
		    "Type of what the fd refers to, Falco's fd.type values",
		    HFILL } },
		{ &hf_fd_ino,
		  { "Inode", "podshark.fd.ino", FT_UINT64, BASE_DEC, NULL, 0,
		    "Inode of what the fd refers to", HFILL } },
		{ &hf_fd_open_flags,
		  { "Open flags", "podshark.fd.open_flags", FT_UINT32, BASE_HEX, NULL, 0,
		    "O_* flags of the open fd (O_CLOEXEC matters at exec)",
		    HFILL } },
	};
	static int *ett[] = { &ett_proc_rec, &ett_proc_flags, &ett_proc, &ett_fd_rec };

	/* Protocols of their own for the subtrees; the fields stay podshark.*. */
	proto_proc_rec = proto_register_protocol("podshark process record", "podshark proc",
						 "podshark.proc");
	proto_fd_rec = proto_register_protocol("podshark file descriptor record",
					       "podshark fd", "podshark.fd");
	proto_register_field_array(proto_proc_rec, proc_hf, array_length(proc_hf));
	proto_register_field_array(proto_fd_rec, fd_hf, array_length(fd_hf));
	proto_register_subtree_array(ett, array_length(ett));
}

void proto_reg_handoff_podshark_proc(void)
{
	dissector_add_uint(PODSHARK_RECORD_TYPE_TABLE, PODSHARK_REC_PROC,
			   create_dissector_handle(dissect_proc_rec, proto_proc_rec));
	dissector_add_uint(PODSHARK_RECORD_TYPE_TABLE, PODSHARK_REC_FD,
			   create_dissector_handle(dissect_fd_rec, proto_fd_rec));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SYSCALL record: one system call, shown in the Falco field vocabulary
 * (/work/shared/reference/fields.md).  Each field family is a protocol of its
 * own (evt, proc, user, group) so that "proc.name" filters and each family is
 * a subtree; the Info column reads like strace.
 */
#include <inttypes.h>
#include <stddef.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/unit_strings.h>
#include <epan/wmem_scopes.h>

#include "errno_names.h"
#include "packet-podshark.h"
#include "record_codec.h"
#include "syscall_table.h"

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

static int proto_evt = -1;
static int proto_proc = -1;
static int proto_user = -1;
static int proto_group = -1;

static int hf_evt_num = -1;
static int hf_evt_type = -1;
static int hf_evt_category = -1;
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
static int hf_proc_pid = -1;
static int hf_proc_tid = -1;
static int hf_proc_ppid = -1;
static int hf_proc_vpid = -1;
static int hf_proc_vtid = -1;
static int hf_proc_name = -1;
static int hf_proc_cgroup_id = -1;
static int hf_proc_ns[PODSHARK_NS_COUNT] = { -1, -1, -1, -1, -1, -1, -1 };
static int hf_user_uid = -1;
static int hf_user_loginuid = -1;
static int hf_group_gid = -1;

static int ett_evt = -1;
static int ett_latency = -1;
static int ett_flags = -1;
static int ett_proc = -1;
static int ett_user = -1;
static int ett_group = -1;

static expert_field ei_unknown_syscall = EI_INIT;

/* evt.rawarg.<name>: argument name -> its hf id (int *), one per distinct
 * argument name of the syscall tables, registered at start-up. */
static wmem_map_t *rawarg_hf_by_name;

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
	NULL,
};

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

/* The arguments as "name=value ..." (evt.args) and as "v1, v2" (Info column).
 * Raw register values for now; decoding by argument type comes later. */
static void format_args(wmem_allocator_t *scope, const struct podshark_syscall_rec *sc,
			const struct podshark_syscall_info *info, const char **evt_args,
			const char **info_args)
{
	const unsigned nargs = info ? info->nargs : PODSHARK_MAX_ARGS;
	wmem_strbuf_t *named = wmem_strbuf_new(scope, "");
	wmem_strbuf_t *plain = wmem_strbuf_new(scope, "");

	for (unsigned i = 0; i < nargs; i++) {
		const char *sep = i ? " " : "";

		if (info)
			wmem_strbuf_append_printf(named, "%s%s=0x%" PRIx64, sep, info->args[i].name,
						  (uint64_t)sc->args[i]);
		else
			wmem_strbuf_append_printf(named, "%sarg%u=0x%" PRIx64, sep, i,
						  (uint64_t)sc->args[i]);
		wmem_strbuf_append_printf(plain, "%s0x%" PRIx64, i ? ", " : "",
					  (uint64_t)sc->args[i]);
	}
	*evt_args = wmem_strbuf_get_str(named);
	*info_args = wmem_strbuf_get_str(plain);
}

static void dissect_evt(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
			const struct podshark_syscall_rec *sc, const char *type_name,
			const struct podshark_syscall_info *info, bool complete)
{
	const bool entry_lost = sc->flags & PODSHARK_SC_ENTRY_LOST;
	const bool returned = !(sc->flags & (PODSHARK_SC_UNFINISHED | PODSHARK_SC_NORETURN));
	const char *evt_args, *info_args, *res;
	proto_item *evt_item, *ti;
	proto_tree *evt_tree;
	nstime_t ts;

	evt_item = proto_tree_add_item(tree, proto_evt, tvb, 0, -1, ENC_NA);
	evt_tree = proto_item_add_subtree(evt_item, ett_evt);

	podshark_add_fixed(evt_tree, hf_evt_num, tvb, SC_FIELD(evt_num), ENC_LITTLE_ENDIAN);
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
		return;
	}

	ti = proto_tree_add_string(evt_tree, hf_evt_type, tvb, SC_FIELD(nr), type_name);
	proto_item_set_generated(ti);
	if (info) {
		ti = proto_tree_add_string(evt_tree, hf_evt_category, tvb, SC_FIELD(nr),
					   info->category);
		proto_item_set_generated(ti);
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
	}

	if (!entry_lost) {
		format_args(pinfo->pool, sc, info, &evt_args, &info_args);
		ti = proto_tree_add_string(evt_tree, hf_evt_args, tvb, SC_FIELD(args), evt_args);
		proto_item_set_generated(ti);
		add_rawargs(evt_tree, tvb, info);
	} else {
		info_args = "<entry lost>";
	}

	proto_tree_add_item(evt_tree, hf_evt_cpu, tvb, SC_FIELD(cpu), ENC_LITTLE_ENDIAN);
	proto_tree_add_item(evt_tree, hf_evt_arch, tvb, SC_FIELD(arch), ENC_LITTLE_ENDIAN);
	proto_tree_add_item(evt_tree, hf_evt_nr, tvb, SC_FIELD(nr), ENC_LITTLE_ENDIAN);
	proto_tree_add_bitmask(evt_tree, tvb, SC_FIELD_OFFSET(flags), hf_flags, ett_flags,
			       flag_fields, ENC_LITTLE_ENDIAN);

	col_add_fstr(pinfo->cinfo, COL_INFO, "%s(%s)", type_name, info_args);
	if (!returned)
		col_append_str(pinfo->cinfo, COL_INFO, " = ?");
	else if (syscall_failed(sc->ret))
		col_append_fstr(pinfo->cinfo, COL_INFO, " = -1 %s",
				errno_text(pinfo->pool, sc->ret));
	else
		col_append_fstr(pinfo->cinfo, COL_INFO, " = %" PRId64, (int64_t)sc->ret);
	if (sc->flags & PODSHARK_SC_UNFINISHED)
		col_append_str(pinfo->cinfo, COL_INFO, " <unfinished>");
}

/* proc, user and group: raw fields of the record. */
static void dissect_task(tvbuff_t *tvb, proto_tree *tree)
{
	proto_tree *proc_tree, *user_tree, *group_tree;
	proto_item *ti;

	ti = proto_tree_add_item(tree, proto_proc, tvb, 0, -1, ENC_NA);
	proc_tree = proto_item_add_subtree(ti, ett_proc);
	podshark_add_fixed(proc_tree, hf_proc_name, tvb, SC_FIELD(comm), ENC_UTF_8);
	podshark_add_fixed(proc_tree, hf_proc_pid, tvb, SC_FIELD(pid), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(proc_tree, hf_proc_tid, tvb, SC_FIELD(tid), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(proc_tree, hf_proc_ppid, tvb, SC_FIELD(ppid), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(proc_tree, hf_proc_vpid, tvb, SC_FIELD(vpid), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(proc_tree, hf_proc_vtid, tvb, SC_FIELD(vtid), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(proc_tree, hf_proc_cgroup_id, tvb, SC_FIELD(cgroup_id),
			   ENC_LITTLE_ENDIAN);
	for (int ns = 0; ns < PODSHARK_NS_COUNT; ns++)
		podshark_add_fixed(proc_tree, hf_proc_ns[ns], tvb,
				   SC_FIELD_OFFSET(ns_inum) + ns * (int)sizeof(__u32),
				   (int)sizeof(__u32), ENC_LITTLE_ENDIAN);

	ti = proto_tree_add_item(tree, proto_user, tvb, 0, -1, ENC_NA);
	user_tree = proto_item_add_subtree(ti, ett_user);
	podshark_add_fixed(user_tree, hf_user_uid, tvb, SC_FIELD(uid), ENC_LITTLE_ENDIAN);
	podshark_add_fixed(user_tree, hf_user_loginuid, tvb, SC_FIELD(loginuid),
			   ENC_LITTLE_ENDIAN);

	ti = proto_tree_add_item(tree, proto_group, tvb, 0, -1, ENC_NA);
	group_tree = proto_item_add_subtree(ti, ett_group);
	podshark_add_fixed(group_tree, hf_group_gid, tvb, SC_FIELD(gid), ENC_LITTLE_ENDIAN);
}

static int dissect_syscall_rec(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
	const struct podshark_decoded *rec = data;
	const struct podshark_syscall_rec *sc = &rec->u.sc;
	const struct podshark_syscall_info *info;
	const char *type_name;

	col_set_str(pinfo->cinfo, COL_PROTOCOL, "syscall");
	info = podshark_syscall_lookup(sc->arch, sc->nr);
	type_name = info ? info->name : wmem_strdup_printf(pinfo->pool, "syscall_%u", sc->nr);

	dissect_evt(tvb, pinfo, tree, sc, type_name, info,
		    tvb_reported_length(tvb) >= sizeof(*sc));
	dissect_task(tvb, tree);

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

/* evt.rawarg.<name>, one field per distinct argument name in the tables. */
static void register_rawarg_fields(void)
{
	wmem_allocator_t *scope = wmem_epan_scope();
	wmem_map_t *seen = wmem_map_new(scope, g_str_hash, g_str_equal);
	wmem_array_t *hf = wmem_array_new(scope, sizeof(hf_register_info));

	for (size_t a = 0; a < array_length(known_arches); a++) {
		const unsigned count = podshark_syscall_count(known_arches[a]);

		for (unsigned nr = 0; nr < count; nr++) {
			const struct podshark_syscall_info *info =
				podshark_syscall_lookup(known_arches[a], nr);

			for (unsigned i = 0; info && i < info->nargs; i++) {
				const char *name = info->args[i].name;
				hf_register_info field = { .p_id = NULL };

				if (!is_filter_name(name) || wmem_map_contains(seen, name))
					continue;
				field.p_id = wmem_new(scope, int);
				*field.p_id = -1;
				field.hfinfo = (header_field_info){
					wmem_strdup_printf(scope, "Raw %s", name),
					wmem_strdup_printf(scope, "evt.rawarg.%s", name),
					FT_UINT64, BASE_HEX, NULL, 0, NULL, HFILL
				};
				wmem_map_insert(seen, name, field.p_id);
				wmem_array_append_one(hf, field);
			}
		}
	}
	/* The array stays allocated: Wireshark keeps pointers into it. */
	proto_register_field_array(proto_evt, wmem_array_get_raw(hf), wmem_array_get_count(hf));
	rawarg_hf_by_name = seen;
}

void proto_register_podshark_syscall(void)
{
	static hf_register_info evt_hf[] = {
		{ &hf_evt_num,
		  { "Event number", "evt.num", FT_UINT64, BASE_DEC, NULL, 0, NULL, HFILL } },
		{ &hf_evt_type,
		  { "System call", "evt.type", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
		{ &hf_evt_category,
		  { "Category", "evt.category", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
		{ &hf_evt_rawres,
		  { "Return value", "evt.rawres", FT_INT64, BASE_DEC, NULL, 0, NULL, HFILL } },
		{ &hf_evt_res,
		  { "Result", "evt.res", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
		{ &hf_evt_failed,
		  { "Failed", "evt.failed", FT_BOOLEAN, BASE_NONE, NULL, 0, NULL, HFILL } },
		{ &hf_evt_latency,
		  { "Latency", "evt.latency", FT_UINT64, BASE_DEC | BASE_UNIT_STRING,
		    &units_nanoseconds, 0, NULL, HFILL } },
		{ &hf_evt_latency_time,
		  { "Latency", "evt.latency.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0, NULL,
		    HFILL } },
		{ &hf_evt_cpu,
		  { "CPU", "evt.cpu", FT_UINT16, BASE_DEC, NULL, 0, NULL, HFILL } },
		{ &hf_evt_args,
		  { "Arguments", "evt.args", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
		{ &hf_evt_unfinished,
		  { "Unfinished", "evt.unfinished", FT_BOOLEAN, 16, NULL, PODSHARK_SC_UNFINISHED,
		    NULL, HFILL } },
		{ &hf_evt_entry_time,
		  { "Entry time", "evt.entry_time", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC, NULL, 0,
		    NULL, HFILL } },
		{ &hf_evt_arch,
		  { "Architecture", "evt.arch", FT_UINT16, BASE_DEC, VALS(arch_names), 0, NULL,
		    HFILL } },
		{ &hf_evt_nr,
		  { "System call number", "evt.nr", FT_UINT32, BASE_DEC, NULL, 0, NULL, HFILL } },
	};
	/* Record flags that are not Falco fields stay under the podshark protocol. */
	static hf_register_info flags_hf[] = {
		{ &hf_flags,
		  { "Flags", "podshark.syscall.flags", FT_UINT16, BASE_HEX, NULL, 0, NULL,
		    HFILL } },
		{ &hf_flags_noreturn,
		  { "Does not return", "podshark.syscall.flags.noreturn", FT_BOOLEAN, 16, NULL,
		    PODSHARK_SC_NORETURN, NULL, HFILL } },
		{ &hf_flags_entry_lost,
		  { "Entry lost", "podshark.syscall.flags.entry_lost", FT_BOOLEAN, 16, NULL,
		    PODSHARK_SC_ENTRY_LOST, NULL, HFILL } },
	};
	static hf_register_info proc_hf[] = {
		{ &hf_proc_pid,
		  { "Process id", "proc.pid", FT_UINT32, BASE_DEC, NULL, 0, NULL, HFILL } },
		{ &hf_proc_tid,
		  { "Thread id", "proc.tid", FT_UINT32, BASE_DEC, NULL, 0, NULL, HFILL } },
		{ &hf_proc_ppid,
		  { "Parent process id", "proc.ppid", FT_UINT32, BASE_DEC, NULL, 0, NULL,
		    HFILL } },
		{ &hf_proc_vpid,
		  { "Process id in its namespace", "proc.vpid", FT_UINT32, BASE_DEC, NULL, 0,
		    NULL, HFILL } },
		{ &hf_proc_vtid,
		  { "Thread id in its namespace", "proc.vtid", FT_UINT32, BASE_DEC, NULL, 0,
		    NULL, HFILL } },
		{ &hf_proc_name,
		  { "Name", "proc.name", FT_STRINGZPAD, BASE_NONE, NULL, 0, NULL, HFILL } },
		{ &hf_proc_cgroup_id,
		  { "Cgroup id", "proc.cgroup.id", FT_UINT64, BASE_DEC, NULL, 0, NULL, HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_PID],
		  { "PID namespace", "proc.ns.pid", FT_UINT32, BASE_DEC, NULL, 0, NULL,
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_NET],
		  { "Network namespace", "proc.ns.net", FT_UINT32, BASE_DEC, NULL, 0, NULL,
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_MNT],
		  { "Mount namespace", "proc.ns.mnt", FT_UINT32, BASE_DEC, NULL, 0, NULL,
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_UTS],
		  { "UTS namespace", "proc.ns.uts", FT_UINT32, BASE_DEC, NULL, 0, NULL,
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_IPC],
		  { "IPC namespace", "proc.ns.ipc", FT_UINT32, BASE_DEC, NULL, 0, NULL,
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_USER],
		  { "User namespace", "proc.ns.user", FT_UINT32, BASE_DEC, NULL, 0, NULL,
		    HFILL } },
		{ &hf_proc_ns[PODSHARK_NS_CGROUP],
		  { "Cgroup namespace", "proc.ns.cgroup", FT_UINT32, BASE_DEC, NULL, 0, NULL,
		    HFILL } },
	};
	static hf_register_info user_hf[] = {
		{ &hf_user_uid,
		  { "User id", "user.uid", FT_UINT32, BASE_DEC, NULL, 0, NULL, HFILL } },
		{ &hf_user_loginuid,
		  { "Login user id", "user.loginuid", FT_UINT32, BASE_DEC, NULL, 0, NULL,
		    HFILL } },
	};
	static hf_register_info group_hf[] = {
		{ &hf_group_gid,
		  { "Group id", "group.gid", FT_UINT32, BASE_DEC, NULL, 0, NULL, HFILL } },
	};
	static int *ett[] = {
		&ett_evt, &ett_latency, &ett_flags, &ett_proc, &ett_user, &ett_group,
	};
	static ei_register_info ei[] = {
		{ &ei_unknown_syscall,
		  { "evt.unknown_syscall", PI_UNDECODED, PI_NOTE,
		    "System call number not in this dissector's table", EXPFILL } },
	};
	expert_module_t *expert;

	proto_evt = proto_register_protocol("System call event", "evt", "evt");
	proto_proc = proto_register_protocol("Process", "proc", "proc");
	proto_user = proto_register_protocol("User", "user", "user");
	proto_group = proto_register_protocol("Group", "group", "group");

	proto_register_field_array(proto_evt, evt_hf, array_length(evt_hf));
	proto_register_field_array(proto_get_id_by_filter_name("podshark"), flags_hf,
				   array_length(flags_hf));
	proto_register_field_array(proto_proc, proc_hf, array_length(proc_hf));
	proto_register_field_array(proto_user, user_hf, array_length(user_hf));
	proto_register_field_array(proto_group, group_hf, array_length(group_hf));
	register_rawarg_fields();
	proto_register_subtree_array(ett, array_length(ett));
	expert = expert_register_protocol(proto_evt);
	expert_register_field_array(expert, ei, array_length(ei));
}

void proto_reg_handoff_podshark_syscall(void)
{
	dissector_add_uint(PODSHARK_RECORD_TYPE_TABLE, PODSHARK_REC_SYSCALL,
			   create_dissector_handle(dissect_syscall_rec, proto_evt));
}

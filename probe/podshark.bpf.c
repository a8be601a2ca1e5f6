// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The podshark probe: one record per system call, built at entry (arguments
 * that the caller could change under the kernel are read there) and completed
 * at exit with the return value and latency.
 *
 * Two attachments of the same code: tp_btf (BTF-typed raw tracepoint) where
 * the kernel has it, classic raw_tracepoint otherwise.  The extcap loads one
 * pair and switches the other off (bpf_program__set_autoload).
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "podshark_probe.h"

char LICENSE[] SEC("license") = "GPL";

/* Settings fixed before load by the extcap. */
const volatile bool select_syscalls = false; /* consult selected_syscalls */
const volatile __u32 nr_exit = 0xffffffff;   /* from the syscall table, not typed here */
const volatile __u32 nr_exit_group = 0xffffffff;
const volatile __u32 nr_exit_compat = 0xffffffff;
const volatile __u32 nr_exit_group_compat = 0xffffffff;
/* Wake the reader only when this much is waiting: a wake-up per event would
 * cost more than the event itself (docs/PERFORMANCE.md). */
const volatile __u64 wakeup_bytes = 1 << 20;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20); /* resized by the extcap before load */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, struct podshark_pending_call);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u8);
} excluded_tgids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, PODSHARK_SELECT_SLOTS);
	__type(key, __u32);
	__type(value, __u8);
} selected_syscalls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct podshark_probe_stats);
} stats SEC(".maps");

static __always_inline __u64 submit_flags(void);
#include "arg_capture.bpf.h"

#define TS_COMPAT 0x0002 /* arch/x86/include/asm/thread_info.h */

static __always_inline struct podshark_probe_stats *cpu_stats(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&stats, &zero);
}

/* Atomic even though per CPU: a tracing program can be preempted on a
 * preemptible kernel, and the totals must add up exactly. */
#define count(st, field)                                        \
	do {                                                    \
		if (st)                                         \
			__sync_fetch_and_add(&(st)->field, 1);  \
	} while (0)

static __always_inline __u64 submit_flags(void)
{
	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wakeup_bytes ?
		       BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

static __always_inline bool in_compat_syscall(struct task_struct *task)
{
#if defined(__TARGET_ARCH_x86)
	if (bpf_core_field_exists(task->thread_info.status))
		return BPF_CORE_READ(task, thread_info.status) & TS_COMPAT;
#endif
	return false;
}

static __always_inline void read_args(struct pt_regs *regs, bool compat, __u64 *args)
{
#if defined(__TARGET_ARCH_x86)
	if (compat) {
		args[0] = (__u32)BPF_CORE_READ(regs, bx);
		args[1] = (__u32)BPF_CORE_READ(regs, cx);
		args[2] = (__u32)BPF_CORE_READ(regs, dx);
		args[3] = (__u32)BPF_CORE_READ(regs, si);
		args[4] = (__u32)BPF_CORE_READ(regs, di);
		args[5] = (__u32)BPF_CORE_READ(regs, bp);
		return;
	}
	args[0] = BPF_CORE_READ(regs, di);
	args[1] = BPF_CORE_READ(regs, si);
	args[2] = BPF_CORE_READ(regs, dx);
	args[3] = BPF_CORE_READ(regs, r10);
	args[4] = BPF_CORE_READ(regs, r8);
	args[5] = BPF_CORE_READ(regs, r9);
#elif defined(__TARGET_ARCH_arm64)
	struct user_pt_regs *u = (struct user_pt_regs *)regs;

	/* at entry x0 still holds the first argument (orig_x0 is its copy) */
	for (int i = 0; i < 6; i++)
		args[i] = BPF_CORE_READ(u, regs[i]);
#else
#error "podshark: unsupported architecture"
#endif
}

/* Process identity, credentials and namespaces of the current task. */
static __always_inline void read_task(struct task_struct *task, struct podshark_syscall_rec *rec)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();
	struct pid *thread_pid = BPF_CORE_READ(task, thread_pid);
	struct pid *leader_pid = BPF_CORE_READ(task, group_leader, thread_pid);
	unsigned int level = BPF_CORE_READ(thread_pid, level);
	struct upid upid = {};

	rec->pid = pid_tgid >> 32;
	rec->tid = (__u32)pid_tgid;
	rec->uid = (__u32)uid_gid;
	rec->gid = uid_gid >> 32;
	rec->ppid = BPF_CORE_READ(task, real_parent, tgid);
	if (bpf_core_field_exists(task->loginuid))
		rec->loginuid = BPF_CORE_READ(task, loginuid.val);
	else
		rec->loginuid = 0xffffffff;
	rec->cgroup_id = bpf_get_current_cgroup_id();

	/* The pid namespace of the task itself is the one of its deepest pid
	 * number (not nsproxy->pid_ns_for_children). */
	bpf_core_read(&upid, sizeof(upid), &thread_pid->numbers[level]);
	rec->vtid = upid.nr;
	rec->ns_inum[PODSHARK_NS_PID] = BPF_CORE_READ(upid.ns, ns.inum);
	bpf_core_read(&upid, sizeof(upid), &leader_pid->numbers[level]);
	rec->vpid = upid.nr;

	rec->ns_inum[PODSHARK_NS_NET] = BPF_CORE_READ(task, nsproxy, net_ns, ns.inum);
	rec->ns_inum[PODSHARK_NS_MNT] = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
	rec->ns_inum[PODSHARK_NS_UTS] = BPF_CORE_READ(task, nsproxy, uts_ns, ns.inum);
	rec->ns_inum[PODSHARK_NS_IPC] = BPF_CORE_READ(task, nsproxy, ipc_ns, ns.inum);
	rec->ns_inum[PODSHARK_NS_CGROUP] = BPF_CORE_READ(task, nsproxy, cgroup_ns, ns.inum);
	/* /proc/PID/ns/user shows the user namespace of the task's real credentials */
	rec->ns_inum[PODSHARK_NS_USER] = BPF_CORE_READ(task, real_cred, user_ns, ns.inum);
}

static __always_inline void init_header(struct podshark_syscall_rec *rec)
{
	rec->hdr.version = PODSHARK_FORMAT_VERSION;
	rec->hdr.type = PODSHARK_REC_SYSCALL;
	rec->hdr.fixed_len = sizeof(*rec);
	rec->hdr.total_len = sizeof(*rec);
}

/* Remembers in the record whether its side records went out. */
static __always_inline void note_arg_data(struct podshark_pending_call *call, int sent,
					  struct podshark_probe_stats *st)
{
	if (sent > 0) {
		call->rec.flags |= PODSHARK_SC_PROBE_HAS_ARG_DATA;
	} else if (sent < 0) {
		call->rec.flags |= PODSHARK_SC_ARGS_LOST;
		count(st, args_lost);
	}
}

/* exit and exit_group never reach sys_exit: record them at entry. */
static __always_inline int emit_noreturn(struct podshark_syscall_rec *entry,
					 struct podshark_probe_stats *st)
{
	struct podshark_syscall_rec *out = bpf_ringbuf_reserve(&events, sizeof(*out), 0);

	if (!out) {
		count(st, ring_full);
		return 0;
	}
	__builtin_memcpy(out, entry, sizeof(*out));
	out->flags |= PODSHARK_SC_NORETURN;
	bpf_get_current_comm(out->comm, sizeof(out->comm));
	bpf_ringbuf_submit(out, submit_flags());
	return 0;
}

static __always_inline int on_sys_enter(struct pt_regs *regs, long id)
{
	struct podshark_probe_stats *st = cpu_stats();
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = pid_tgid >> 32, tid = (__u32)pid_tgid;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct podshark_pending_call *call;
	struct podshark_arg_plan *plan;
	bool compat;
	__u32 nr = (__u32)id;

	count(st, seen);
	if (bpf_map_lookup_elem(&excluded_tgids, &tgid))
		return 0;
	compat = in_compat_syscall(task);
	if (select_syscalls) {
		__u32 slot = nr + (compat ? PODSHARK_SELECT_COMPAT_BASE : 0);
		__u8 *on = bpf_map_lookup_elem(&selected_syscalls, &slot);

		if (!on || !*on)
			return 0;
	}
	count(st, selected);

	call = bpf_map_lookup_elem(&pending, &tid);
	if (!call) {
		static const struct podshark_pending_call empty;

		bpf_map_update_elem(&pending, &tid, &empty, BPF_NOEXIST);
		call = bpf_map_lookup_elem(&pending, &tid);
		if (!call) {
			count(st, pending_full);
			return 0;
		}
	}

	/* An entry still active means its exit was never seen (the thread left
	 * the call in a way sys_exit does not report): a lost event, counted. */
	if (call->active)
		count(st, exit_lost);
	init_header(&call->rec);
	call->rec.evt_num = 0;
	call->rec.latency_ns = 0;
	call->rec.ret = 0;
	call->rec.nr = nr;
#if defined(__TARGET_ARCH_x86)
	call->rec.arch = compat ? PODSHARK_ARCH_I386 : PODSHARK_ARCH_X86_64;
#else
	call->rec.arch = PODSHARK_ARCH_AARCH64;
#endif
	call->rec.flags = 0;
	call->rec.cpu = bpf_get_smp_processor_id();
	call->rec.reserved = 0;
	read_args(regs, compat, call->rec.args);
	read_task(task, &call->rec);
	call->rec.entry_ns = bpf_ktime_get_ns();

	if (nr == (compat ? nr_exit_compat : nr_exit) ||
	    nr == (compat ? nr_exit_group_compat : nr_exit_group)) {
		call->active = 0;
		return emit_noreturn(&call->rec, st);
	}
	plan = plan_of(nr, compat);
	if (plan && plan->at_entry)
		note_arg_data(call, send_arg_data(&call->rec, plan, false, 0), st);
	call->active = 1;
	return 0;
}

/* Completes the remembered entry of the current thread into a ring record. */
static __always_inline int emit_call(struct podshark_pending_call *call, long ret, __u16 flags,
				     __u64 now)
{
	struct podshark_probe_stats *st = cpu_stats();
	struct podshark_syscall_rec *out;
	struct podshark_arg_plan *plan;

	call->active = 0;
	if (!(flags & PODSHARK_SC_UNFINISHED)) {
		plan = plan_of(call->rec.nr, call->rec.arch == PODSHARK_ARCH_I386);
		if (plan && plan->at_exit)
			note_arg_data(call, send_arg_data(&call->rec, plan, true, ret), st);
	}
	out = bpf_ringbuf_reserve(&events, sizeof(*out), 0);
	if (!out) {
		count(st, ring_full);
		return 0;
	}
	__builtin_memcpy(out, &call->rec, sizeof(*out));
	out->ret = ret;
	out->flags |= flags;
	out->latency_ns = now - out->entry_ns;
	out->cpu = bpf_get_smp_processor_id();
	/* after execve the task carries the new program's name */
	bpf_get_current_comm(out->comm, sizeof(out->comm));
	bpf_ringbuf_submit(out, submit_flags());
	return 0;
}

static __always_inline int on_sys_exit(long ret)
{
	__u64 now = bpf_ktime_get_ns();
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid, tgid = pid_tgid >> 32;
	struct podshark_pending_call *call = bpf_map_lookup_elem(&pending, &tid);

	if (call && call->active)
		return emit_call(call, ret, 0, now);
	/* A thread with no entry at all: either excluded, or its call began
	 * before the probe was attached (counted, so that the loss is known).
	 * Under syscall selection a thread may simply never have made a selected
	 * call, so nothing is counted then. */
	if (!call && !select_syscalls && !bpf_map_lookup_elem(&excluded_tgids, &tgid))
		count(cpu_stats(), entry_lost);
	return 0;
}

/* A thread that ends leaves nothing behind in the pending map.  A call it was
 * still in (a thread killed while another one execs) is recorded as
 * unfinished, so that every selected entry ends up as exactly one record or
 * one counted drop. */
static __always_inline int on_task_exit(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct podshark_pending_call *call = bpf_map_lookup_elem(&pending, &tid);

	if (!call)
		return 0;
	if (call->active)
		emit_call(call, 0, PODSHARK_SC_UNFINISHED, bpf_ktime_get_ns());
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(btf_sys_enter, struct pt_regs *regs, long id)
{
	return on_sys_enter(regs, id);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(btf_sys_exit, struct pt_regs *regs, long ret)
{
	return on_sys_exit(ret);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(btf_task_exit, struct task_struct *task)
{
	return on_task_exit();
}

SEC("raw_tracepoint/sys_enter")
int raw_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	return on_sys_enter((struct pt_regs *)ctx->args[0], (long)ctx->args[1]);
}

SEC("raw_tracepoint/sys_exit")
int raw_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	return on_sys_exit((long)ctx->args[1]);
}

SEC("raw_tracepoint/sched_process_exit")
int raw_task_exit(struct bpf_raw_tracepoint_args *ctx)
{
	return on_task_exit();
}

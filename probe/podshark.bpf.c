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
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "io_uring_ops.h"
#include "podshark_probe.h"

char LICENSE[] SEC("license") = "GPL";

/* Settings fixed before load by the extcap. */
const volatile bool select_syscalls = false; /* consult selected_syscalls */
/* Task selection: a task passes if its process, its name or its cgroup is
 * selected, by whichever selectors are on (none on: every task passes). */
const volatile bool select_by_pid = false;
const volatile bool select_by_comm = false;
const volatile bool select_by_cgroup = false;
/* Back-pressure: 0 drops what finds no room (and counts it); N > 1 keeps one
 * call in N while the ring is fuller than sample_above bytes. */
const volatile __u32 sample_one_in = 0;
const volatile __u64 sample_above = 0;
const volatile __u32 nr_exit = 0xffffffff;   /* from the syscall table, not typed here */
const volatile __u32 nr_exit_group = 0xffffffff;
const volatile __u32 nr_exit_compat = 0xffffffff;
const volatile __u32 nr_exit_group_compat = 0xffffffff;
/* Wake the reader only when this much is waiting: a wake-up per event would
 * cost more than the event itself (docs/PERFORMANCE.md). */
const volatile __u64 wakeup_bytes = 1 << 20;
const volatile __u32 excluded_tgids[PODSHARK_MAX_EXCLUDED];
const volatile __u32 n_excluded = 0;

/* Bumped by every cgroup migration: a thread's remembered cgroup id is good
 * while this is unchanged (a migration moves threads without any call of
 * theirs).  Starts at 1: a new thread entry holds 0. */
__u32 cgroup_generation = 1;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20); /* resized by the extcap before load */
} events SEC(".maps");

/* Each thread's entry (struct podshark_pending_call): task-local storage where
 * the programs have the task's BTF pointer (tp_btf, the per-syscall
 * tracepoints), found next to the task without hashing; a hash by thread id
 * for the raw_tracepoint fallback.  The extcap creates only the one in use. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct podshark_pending_call);
} thread_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, struct podshark_pending_call);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, PODSHARK_SELECT_SLOTS);
	__type(key, __u32);
	__type(value, __u8);
} selected_syscalls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u8);
} selected_tgids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, char[PODSHARK_COMM_LEN]);
	__type(value, __u8);
} selected_comms SEC(".maps");

/* Filled by the extcap as it learns which cgroups hold selected containers. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u8);
} selected_cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct podshark_probe_stats);
} stats SEC(".maps");

/* Each CPU's syscall records on their way to the ring (struct podshark_syscall_batch). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct podshark_syscall_batch);
} batches SEC(".maps");

/* The header every record the probe writes begins with. */
static __always_inline void set_header(struct podshark_rec_hdr *h, __u8 type, __u16 fixed_len,
				       __u32 total_len)
{
	h->version = PODSHARK_FORMAT_VERSION;
	h->type = type;
	h->fixed_len = fixed_len;
	h->total_len = total_len;
}

static __always_inline __u64 submit_flags(void);
#include "arg_capture.bpf.h"

#define TS_COMPAT 0x0002 /* arch/x86/include/asm/thread_info.h */

static __always_inline bool excluded(__u32 tgid)
{
#pragma unroll
	for (int i = 0; i < PODSHARK_MAX_EXCLUDED; i++) {
		if (i >= n_excluded)
			return false;
		if (excluded_tgids[i] == tgid)
			return true;
	}
	return false;
}

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

/* The ring is looked at once every this many records a CPU submits: a
 * helper call per record costs more here than the lag does (the reader also
 * reads every POLL_MS of the extcap). */
#define WAKEUP_CHECK_EVERY 64

/* The reader sleeps until the ring holds wakeup_bytes; then one wake-up per
 * CPU and millisecond is enough (one per record would cost more than the
 * records while the reader catches up). */
static __always_inline __u64 submit_flags(void)
{
	struct podshark_probe_stats *st;
	__u32 zero = 0;
	__u64 now;

	st = bpf_map_lookup_elem(&stats, &zero);
	/* not atomic: a lost tick on a preempted program only moves a check */
	if (!st || ++st->wakeup_tick % WAKEUP_CHECK_EVERY)
		return BPF_RB_NO_WAKEUP;
	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) < wakeup_bytes)
		return BPF_RB_NO_WAKEUP;
	now = bpf_ktime_get_ns();
	if (now - st->last_wakeup_ns < 1000000)
		return BPF_RB_NO_WAKEUP;
	st->last_wakeup_ns = now;
	return BPF_RB_FORCE_WAKEUP;
}

/* Whether the current task is selected (early return before any record is built). */
static __always_inline bool task_selected(__u32 tgid)
{
	if (!select_by_pid && !select_by_comm && !select_by_cgroup)
		return true;
	if (select_by_pid && bpf_map_lookup_elem(&selected_tgids, &tgid))
		return true;
	if (select_by_cgroup) {
		__u64 cgroup = bpf_get_current_cgroup_id();

		if (bpf_map_lookup_elem(&selected_cgroups, &cgroup))
			return true;
	}
	if (select_by_comm) {
		char comm[PODSHARK_COMM_LEN] = {};

		bpf_get_current_comm(comm, sizeof(comm));
		if (bpf_map_lookup_elem(&selected_comms, comm))
			return true;
	}
	return false;
}

/*
 * "btf" is a constant in each caller: true in the tp_btf programs, whose
 * pointers the verifier knows the types of, so fields are read with plain
 * loads; false in the raw_tracepoint fallback, which needs a helper call
 * per read.  A helper call costs tens of ns, and a record needs a dozen.
 */
#define READ_FIELD(btf, ptr, field) ((btf) ? (ptr)->field : BPF_CORE_READ(ptr, field))

/* The current thread's ids as bpf_get_current_pid_tgid gives them: from the
 * task where its BTF pointer is known (two loads instead of a helper call). */
static __always_inline __u64 current_pid_tgid(struct task_struct *task, bool btf)
{
	if (btf)
		return (__u64)task->tgid << 32 | (__u32)task->pid;
	return bpf_get_current_pid_tgid();
}

static __always_inline bool in_compat_syscall(struct task_struct *task, bool btf)
{
#if defined(__TARGET_ARCH_x86)
	if (bpf_core_field_exists(task->thread_info.status))
		return READ_FIELD(btf, task, thread_info.status) & TS_COMPAT;
#endif
	return false;
}

static __always_inline void read_args(struct pt_regs *regs, bool compat, __u64 *args, bool btf)
{
#if defined(__TARGET_ARCH_x86)
	if (compat) {
		args[0] = (__u32)READ_FIELD(btf, regs, bx);
		args[1] = (__u32)READ_FIELD(btf, regs, cx);
		args[2] = (__u32)READ_FIELD(btf, regs, dx);
		args[3] = (__u32)READ_FIELD(btf, regs, si);
		args[4] = (__u32)READ_FIELD(btf, regs, di);
		args[5] = (__u32)READ_FIELD(btf, regs, bp);
		return;
	}
	args[0] = READ_FIELD(btf, regs, di);
	args[1] = READ_FIELD(btf, regs, si);
	args[2] = READ_FIELD(btf, regs, dx);
	args[3] = READ_FIELD(btf, regs, r10);
	args[4] = READ_FIELD(btf, regs, r8);
	args[5] = READ_FIELD(btf, regs, r9);
#elif defined(__TARGET_ARCH_arm64)
	struct user_pt_regs *u = (struct user_pt_regs *)regs;

	/* at entry x0 still holds the first argument (orig_x0 is its copy) */
	for (int i = 0; i < 6; i++)
		args[i] = READ_FIELD(btf, u, regs[i]);
#else
#error "podshark: unsupported architecture"
#endif
}

/* The number of the call a thread is returning from (-1 after rt_sigreturn,
 * which restores the registers of the interrupted code). */
static __always_inline long syscall_nr_at_exit(struct pt_regs *regs, bool btf)
{
#if defined(__TARGET_ARCH_x86)
	return READ_FIELD(btf, regs, orig_ax);
#elif defined(__TARGET_ARCH_arm64)
	return READ_FIELD(btf, regs, syscallno);
#endif
}

/* Whether the call numbered nr is among the --syscalls ones. */
static __always_inline bool syscall_selected(long nr, bool compat)
{
	__u32 slot = nr + (compat ? PODSHARK_SELECT_COMPAT_BASE : 0);
	__u8 *on;

	if (nr < 0 || nr >= PODSHARK_SELECT_COMPAT_BASE)
		return false;
	on = bpf_map_lookup_elem(&selected_syscalls, &slot);
	return on && *on;
}

/* Namespace inodes of a task, and its pid/tid as its own pid namespace sees them. */
static __always_inline void read_namespaces(struct task_struct *task, __u32 *ns_inum, __u32 *vpid,
					    __u32 *vtid)
{
	struct pid *thread_pid = BPF_CORE_READ(task, thread_pid);
	struct pid *leader_pid = BPF_CORE_READ(task, group_leader, thread_pid);
	unsigned int level = BPF_CORE_READ(thread_pid, level);
	struct upid upid = {};

	/* The pid namespace of the task itself is the one of its deepest pid
	 * number (not nsproxy->pid_ns_for_children). */
	bpf_core_read(&upid, sizeof(upid), &thread_pid->numbers[level]);
	*vtid = upid.nr;
	ns_inum[PODSHARK_NS_PID] = BPF_CORE_READ(upid.ns, ns.inum);
	bpf_core_read(&upid, sizeof(upid), &leader_pid->numbers[level]);
	*vpid = upid.nr;

	ns_inum[PODSHARK_NS_NET] = BPF_CORE_READ(task, nsproxy, net_ns, ns.inum);
	ns_inum[PODSHARK_NS_MNT] = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
	ns_inum[PODSHARK_NS_UTS] = BPF_CORE_READ(task, nsproxy, uts_ns, ns.inum);
	ns_inum[PODSHARK_NS_IPC] = BPF_CORE_READ(task, nsproxy, ipc_ns, ns.inum);
	ns_inum[PODSHARK_NS_CGROUP] = BPF_CORE_READ(task, nsproxy, cgroup_ns, ns.inum);
	/* /proc/PID/ns/user shows the user namespace of the task's real credentials */
	ns_inum[PODSHARK_NS_USER] = BPF_CORE_READ(task, real_cred, user_ns, ns.inum);
}

static __always_inline __u32 read_loginuid(struct task_struct *task)
{
	if (bpf_core_field_exists(task->loginuid))
		return BPF_CORE_READ(task, loginuid.val);
	return 0xffffffff;
}

/* Process identity, credentials and namespaces of the current task.  What
 * only changes with setns, unshare or exec (namespaces, pid-namespace ids,
 * loginuid) is read once per thread and kept in its pending entry: those
 * reads are most of the cost of a record.  The cgroup id is kept the same way,
 * until a migration (cgroup_generation). */
static __always_inline void read_task(struct task_struct *task, __u64 pid_tgid,
				      struct podshark_pending_call *call, bool btf)
{
	struct podshark_syscall_rec *rec = &call->rec;

	rec->pid = pid_tgid >> 32;
	rec->tid = (__u32)pid_tgid;
	/* the current task's credentials, as bpf_get_current_uid_gid reads them
	 * (the host's user namespace maps ids to themselves) */
	if (btf) {
		const struct cred *cred = task->cred;

		rec->uid = cred->uid.val;
		rec->gid = cred->gid.val;
	} else {
		__u64 uid_gid = bpf_get_current_uid_gid();

		rec->uid = (__u32)uid_gid;
		rec->gid = uid_gid >> 32;
	}
	/* the parent changes when it exits (the task is reparented): read each time */
	rec->ppid = btf ? task->real_parent->tgid : BPF_CORE_READ(task, real_parent, tgid);
	if (call->cgroup_gen != cgroup_generation) {
		/* the generation first: a migration between the two reads makes
		 * the next call read the cgroup again */
		__u32 gen = *(volatile __u32 *)&cgroup_generation;

		rec->cgroup_id = bpf_get_current_cgroup_id();
		call->cgroup_gen = gen;
	}
	if (!call->identity_valid) {
		rec->loginuid = read_loginuid(task);
		read_namespaces(task, rec->ns_inum, &rec->vpid, &rec->vtid);
		call->identity_valid = 1;
	}
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

/* A thread's entry, or NULL; create makes it at the thread's first call. */
static __always_inline struct podshark_pending_call *thread_call(struct task_struct *task, __u32 tid,
								 bool btf, bool create)
{
	static const struct podshark_pending_call empty;
	struct podshark_pending_call *call;

	if (btf)
		return bpf_task_storage_get(&thread_calls, task, 0,
					    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
	call = bpf_map_lookup_elem(&pending, &tid);
	if (call || !create)
		return call;
	bpf_map_update_elem(&pending, &tid, &empty, BPF_NOEXIST);
	return bpf_map_lookup_elem(&pending, &tid);
}

/* Starts the record of a call numbered nr (an io_uring operation sets its
 * flags after): what the entry knows before the arguments and the task. */
static __always_inline void start_record(struct podshark_syscall_rec *rec, __u32 nr, bool compat)
{
	set_header(&rec->hdr, PODSHARK_REC_SYSCALL, sizeof(*rec), sizeof(*rec));
	rec->evt_num = 0;
	rec->latency_ns = 0;
	rec->ret = 0;
	rec->nr = nr;
#if defined(__TARGET_ARCH_x86)
	rec->arch = compat ? PODSHARK_ARCH_I386 : PODSHARK_ARCH_X86_64;
#else
	rec->arch = PODSHARK_ARCH_AARCH64;
#endif
	rec->flags = 0;
	rec->cpu = bpf_get_smp_processor_id();
	rec->uring = 0;
}

/* The records of syscalls:sys_enter_X and sys_exit_X (struct syscall_trace_enter
 * and syscall_trace_exit in kernel/trace/trace_syscalls.c; their layout is in
 * /sys/kernel/tracing/events/syscalls/sys_enter_openat/format).  The kernel
 * refuses to attach a program that reads past the call's own arguments, so
 * they are read from the registers, as the raw hooks do. */
struct syscall_tp_enter {
	__u64 common; /* struct trace_entry */
	__s32 nr;
};

struct syscall_tp_exit {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__s64 ret;
};

/*
 * Three ways in, each a constant at its call site: tp_btf (btf), raw_tracepoint,
 * and the per-syscall tracepoints syscalls:sys_enter_X/sys_exit_X (per_syscall),
 * which the extcap attaches to the selected calls only (--per-syscall-hooks):
 * the other calls then run no BPF at all.  Those tracepoints never fire for
 * 32-bit (compat) calls.
 */
static __always_inline int on_sys_enter(struct pt_regs *regs, long id, bool btf, bool per_syscall)
{
	struct task_struct *task = btf ? bpf_get_current_task_btf() :
					 (struct task_struct *)bpf_get_current_task();
	__u64 pid_tgid = current_pid_tgid(task, btf);
	__u32 tgid = pid_tgid >> 32, tid = (__u32)pid_tgid;
	struct podshark_probe_stats *st;
	struct podshark_pending_call *call;
	struct podshark_arg_plan *plan;
	bool compat;
	__u32 nr = (__u32)id;

	/* what is not selected returns first, at the least cost */
	compat = !per_syscall && in_compat_syscall(task, btf);
	if (!per_syscall && select_syscalls && !syscall_selected(nr, compat))
		return 0;
	if (excluded(tgid) || !task_selected(tgid))
		return 0;
	st = cpu_stats();
	count(st, selected);
	call = thread_call(task, tid, btf, true);
	if (!call) {
		count(st, pending_full);
		return 0;
	}
	if (sample_one_in > 1 && bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) > sample_above &&
	    st && st->sample_tick++ % sample_one_in) {
		count(st, sampled_out);
		return 0;
	}

	/* An entry still active means its exit was never seen (the thread left
	 * the call in a way sys_exit does not report): a lost event, counted. */
	if (call->active)
		count(st, exit_lost);
	start_record(&call->rec, nr, compat);
	if (per_syscall)
		regs = (struct pt_regs *)bpf_task_pt_regs(task);
	read_args(regs, compat, call->rec.args, btf);
	read_task(task, pid_tgid, call, btf);
	call->rec.entry_ns = bpf_ktime_get_ns();

	if (nr == (compat ? nr_exit_compat : nr_exit) ||
	    nr == (compat ? nr_exit_group_compat : nr_exit_group)) {
		call->active = 0;
		return emit_noreturn(&call->rec, st);
	}
	call->fault_mask = 0;
	plan = plan_of(nr, compat);
	if (plan && plan->at_entry)
		note_arg_data(call, send_arg_data(call, plan, false, 0), st);
	call->active = 1;
	return 0;
}

#define BATCH_HDR_LEN offsetof(struct podshark_syscall_batch, recs)

/* Sends this CPU's batch to the ring, if it holds records. */
static __always_inline void send_batch(struct podshark_syscall_batch *b,
				       struct podshark_probe_stats *st)
{
	__u32 n = b->count;

	if (!n || n > PODSHARK_BATCH_RECORDS)
		return;
	set_header(&b->hdr, PODSHARK_PROBE_SYSCALL_BATCH, BATCH_HDR_LEN,
		   BATCH_HDR_LEN + n * sizeof(b->recs[0]));
	if (bpf_ringbuf_output(&events, b, BATCH_HDR_LEN + n * sizeof(b->recs[0]), submit_flags()) &&
	    st)
		__sync_fetch_and_add(&st->ring_full, n);
	b->count = 0;
}

/* Where the record of a call being completed goes: the next place in this
 * CPU's batch (marked busy until add_done), or NULL when the batch is in use
 * by a program this one interrupted. */
static __always_inline struct podshark_syscall_rec *batch_slot(struct podshark_syscall_batch *b)
{
	__u32 i;

	if (!b || b->busy)
		return NULL;
	b->busy = 1;
	barrier(); /* busy is set before the batch is touched: flush_batch may interrupt */
	i = b->count;
	if (i >= PODSHARK_BATCH_RECORDS) {
		barrier();
		b->busy = 0;
		return NULL;
	}
	return &b->recs[i];
}

static __always_inline void add_done(struct podshark_syscall_batch *b,
				     struct podshark_probe_stats *st)
{
	if (++b->count == PODSHARK_BATCH_RECORDS)
		send_batch(b, st);
	barrier();
	b->busy = 0;
}

/* Completes the remembered entry of the current thread into a record: into
 * this CPU's batch, or straight into the ring when the batch is in use or
 * the call has side records. */
static __always_inline int emit_call(struct podshark_pending_call *call, long ret, __u16 flags,
				     __u64 now)
{
	struct podshark_probe_stats *st = cpu_stats();
	struct podshark_syscall_batch *batch;
	struct podshark_syscall_rec *out;
	struct podshark_arg_plan *plan;
	__u32 zero = 0;
	bool batched;

	call->active = 0;
	if (!(flags & PODSHARK_SC_UNFINISHED)) {
		plan = plan_of(call->rec.nr, call->rec.arch == PODSHARK_ARCH_I386);
		if (plan && (plan->at_exit || call->fault_mask))
			note_arg_data(call, send_arg_data(call, plan, true, ret), st);
		/* new namespaces or a new program: read the identity again next call */
		if (plan && plan->changes_identity && ret == 0)
			call->identity_valid = 0;
	}
	if (!call->comm_valid) {
		bpf_get_current_comm(call->rec.comm, sizeof(call->rec.comm));
		call->comm_valid = 1;
	}
	/* a call with side records goes straight to the ring: the extcap joins
	 * them to it before the thread's next call sends its own */
	batch = call->rec.flags & PODSHARK_SC_PROBE_HAS_ARG_DATA ?
			NULL : bpf_map_lookup_elem(&batches, &zero);
	out = batch_slot(batch);
	batched = out != NULL;
	if (!out) {
		out = bpf_ringbuf_reserve(&events, sizeof(*out), 0);
		if (!out) {
			count(st, ring_full);
			return 0;
		}
	}
	__builtin_memcpy(out, &call->rec, sizeof(*out));
	out->ret = ret;
	out->flags |= flags;
	out->latency_ns = now - out->entry_ns;
	out->cpu = bpf_get_smp_processor_id();
	if (batched && batch)
		add_done(batch, st);
	else
		bpf_ringbuf_submit(out, submit_flags());
	return 0;
}

/* Run by the extcap on each CPU (BPF_PROG_TEST_RUN on that CPU, in an
 * interrupt there) at every read of the ring and when it stops: sends the
 * CPU's batch unless a program it interrupted is adding to it. */
SEC("raw_tp")
int flush_batch(void *ctx)
{
	__u32 zero = 0;
	struct podshark_syscall_batch *b = bpf_map_lookup_elem(&batches, &zero);

	if (!b)
		return 0;
	if (b->busy)
		return PODSHARK_FLUSH_BUSY;
	send_batch(b, cpu_stats());
	return 0;
}

static __always_inline int on_sys_exit(struct pt_regs *regs, long ret, bool btf, bool per_syscall)
{
	struct task_struct *task = btf ? bpf_get_current_task_btf() :
					 (struct task_struct *)bpf_get_current_task();
	__u64 pid_tgid = current_pid_tgid(task, btf);
	__u32 tid = (__u32)pid_tgid, tgid = pid_tgid >> 32;
	struct podshark_pending_call *call;

	/* a call left out at entry is left out here without a map lookup (the
	 * number is unknown after rt_sigreturn: look the thread up then) */
	if (select_syscalls && !per_syscall) {
		long nr = syscall_nr_at_exit(regs, btf);

		if (nr >= 0 && !syscall_selected(nr, in_compat_syscall(task, btf)))
			return 0;
	}
	if (excluded(tgid))
		return 0;
	call = thread_call(task, tid, btf, false);
	if (call && call->active)
		return emit_call(call, ret, 0, bpf_ktime_get_ns());
	/* A thread with no entry at all: its call began before the probe was
	 * attached (counted, so that the loss is known).  Under selection a
	 * thread may simply never have made a selected call, so nothing is
	 * counted then. */
	if (!call && !select_syscalls && !select_by_pid && !select_by_comm && !select_by_cgroup)
		count(cpu_stats(), entry_lost);
	return 0;
}

/* A thread that ends leaves no entry behind.  A call it was still in (a
 * thread killed while another one execs) is recorded as unfinished, so that
 * every selected entry ends up as exactly one record or one counted drop. */
static __always_inline int on_task_exit(struct task_struct *task, bool btf)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct podshark_pending_call *call = thread_call(task, tid, btf, false);

	if (!call)
		return 0;
	if (call->active)
		emit_call(call, 0, PODSHARK_SC_UNFINISHED, bpf_ktime_get_ns());
	if (btf)
		bpf_task_storage_delete(&thread_calls, task);
	else
		bpf_map_delete_elem(&pending, &tid);
	return 0;
}

#include "io_uring.bpf.h"

/*
 * Process events: FORK, EXEC and EXIT as PROC records, whatever syscalls are
 * selected, so the dissector can name every process and its ancestors.
 */

/* The tty number as /proc/PID/stat's tty_nr encodes it (new_encode_dev). */
static __always_inline __u32 read_tty(struct task_struct *task)
{
	struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
	__u32 major, minor;

	if (!tty)
		return 0;
	major = BPF_CORE_READ(tty, driver, major);
	minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline void fill_proc(struct podshark_proc_rec *r, struct task_struct *task,
				      __u32 kind)
{
	__u32 vtid;

	set_header(&r->hdr, PODSHARK_REC_PROC, sizeof(*r), sizeof(*r));
	r->evt_num = 0;
	r->ts_ns = bpf_ktime_get_ns();
	r->cgroup_id = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn, id);
	r->kind = kind;
	r->flags = 0;
	r->pid = BPF_CORE_READ(task, tgid);
	r->tid = BPF_CORE_READ(task, pid);
	r->ppid = BPF_CORE_READ(task, real_parent, tgid);
	r->uid = BPF_CORE_READ(task, real_cred, uid.val);
	r->gid = BPF_CORE_READ(task, real_cred, gid.val);
	r->loginuid = read_loginuid(task);
	r->tty = read_tty(task);
	r->exit_code = BPF_CORE_READ(task, exit_code);
	read_namespaces(task, r->ns_inum, &r->vpid, &vtid);
	bpf_probe_read_kernel_str(r->comm, sizeof(r->comm), &task->comm);
}

/* A new process (threads are not process events: their calls carry tid). */
static __always_inline int on_fork(struct task_struct *child)
{
	struct podshark_proc_rec *r;
	__u32 tgid = BPF_CORE_READ(child, tgid);

	if (BPF_CORE_READ(child, pid) != tgid || excluded(BPF_CORE_READ(child, real_parent, tgid)))
		return 0;
	r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);
	if (!r)
		return 0;
	fill_proc(r, child, PODSHARK_PROC_FORK);
	bpf_ringbuf_submit(r, submit_flags());
	return 0;
}

#define DELETED_SUFFIX " (deleted)"

/* The path of a program executed through an fd (execveat with AT_EMPTY_PATH,
 * fexecve), whose name the kernel makes "/dev/fd/N": as /proc/PID/exe shows
 * it, "/" and the file's name, " (deleted)" when it has no link left (a
 * memfd: "/memfd:NAME (deleted)").  Returns where the next item starts. */
static __always_inline __u32 put_fd_exe(struct arg_scratch *s, __u32 off, struct file *file)
{
	struct dentry *dentry = BPF_CORE_READ(file, f_path.dentry);
	bool deleted = BPF_CORE_READ(dentry, d_inode, __i_nlink) == 0;
	__u8 *d = item_data(s, off);
	long n;

	if (!d)
		return off;
	d[0] = '/';
	n = bpf_probe_read_kernel_str(d + 1, 256, BPF_CORE_READ(dentry, d_name.name));
	if (n <= 0)
		return item_finish(s, off, PODSHARK_EXT_STR, PODSHARK_PROC_MEM_EXE, PODSHARK_MEM_FAULT,
				   0, 0, 0);
	n &= 255; /* the name and its NUL, at most 256 bytes */
	if (deleted) {
		__builtin_memcpy(d + n, DELETED_SUFFIX, sizeof(DELETED_SUFFIX) - 1);
		n += sizeof(DELETED_SUFFIX) - 1;
	}
	return item_finish(s, off, PODSHARK_EXT_STR, PODSHARK_PROC_MEM_EXE, 0, 0, 0, n);
}

/* Whether an exec's file name is one the kernel made for an fd: "/dev/fd/N". */
static __always_inline bool names_an_fd(const char *filename)
{
	char start[8] = {};

	bpf_probe_read_kernel(start, sizeof(start), filename);
	return !__builtin_memcmp(start, "/dev/fd/", sizeof(start));
}

/* A new program: its path as the caller gave it (or, executed through an fd,
 * as /proc/PID/exe shows it), and its command line. */
static __always_inline int on_exec(struct task_struct *task, struct linux_binprm *bprm)
{
	struct podshark_proc_rec *r;
	struct arg_scratch *s;
	__u32 zero = 0, off = sizeof(*r), size;
	__u64 arg_start, arg_end;
	const char *filename = BPF_CORE_READ(bprm, filename);

	if (excluded(BPF_CORE_READ(task, tgid)))
		return 0;
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return 0;
	if (names_an_fd(filename))
		off = put_fd_exe(s, off, BPF_CORE_READ(bprm, file));
	else
		off = put_str(off, STR_SPEC(PODSHARK_PROC_MEM_EXE, 0, true), (__u64)filename);
	arg_start = BPF_CORE_READ(task, mm, arg_start);
	arg_end = BPF_CORE_READ(task, mm, arg_end);
	if (arg_end > arg_start)
		off = put_mem_item(off, MEM_SPEC(PODSHARK_EXT_ARGV, PODSHARK_PROC_MEM_ARGS, 0),
				   arg_start, arg_end - arg_start, ITEM_DATA_MAX - 1);
	r = (void *)s->buf;
	fill_proc(r, task, PODSHARK_PROC_EXEC);
	r->cgroup_id = bpf_get_current_cgroup_id();
	size = off & (SCRATCH_SIZE - 1);
	if (size < sizeof(*r))
		return 0;
	r->hdr.total_len = size;
	bpf_ringbuf_output(&events, s, size, submit_flags());
	return 0;
}

/* The end of a process: its leader thread exits. */
static __always_inline int on_exit(struct task_struct *task)
{
	struct podshark_proc_rec *r;
	__u32 tgid = BPF_CORE_READ(task, tgid);

	if (BPF_CORE_READ(task, pid) != tgid || excluded(tgid))
		return 0;
	r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);
	if (!r)
		return 0;
	fill_proc(r, task, PODSHARK_PROC_EXIT);
	bpf_ringbuf_submit(r, submit_flags());
	return 0;
}

#define TCP_SYN_SENT 2

/* A TCP connect leaving CLOSE for SYN_SENT, in the connecting task: the
 * tuple is known and the SYN is not sent yet. */
static __always_inline int on_sock_state(struct sock *sk, int oldstate, int newstate)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct podshark_sock_rec *r;
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	if (newstate != TCP_SYN_SENT || excluded(pid_tgid >> 32) || !task_selected(pid_tgid >> 32))
		return 0;
	r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);
	if (!r)
		return 0;
	set_header(&r->hdr, PODSHARK_REC_SOCK, sizeof(*r), sizeof(*r));
	r->evt_num = 0;
	r->ts_ns = bpf_ktime_get_ns();
	r->cgroup_id = bpf_get_current_cgroup_id();
	r->pid = pid_tgid >> 32;
	r->tid = (__u32)pid_tgid;
	r->uid = (__u32)bpf_get_current_uid_gid();
	r->netns = BPF_CORE_READ(task, nsproxy, net_ns, ns.inum);
	r->old_state = oldstate;
	r->new_state = newstate;
	r->reserved = 0;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	fill_tuple(&r->tuple, sk, BPF_CORE_READ(sk, sk_socket, file, f_inode, i_ino));
	bpf_ringbuf_submit(r, submit_flags());
	return 0;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(btf_sock_state, const struct sock *sk, const int oldstate, const int newstate)
{
	return on_sock_state((struct sock *)sk, oldstate, newstate);
}

SEC("raw_tracepoint/inet_sock_set_state")
int raw_sock_state(struct bpf_raw_tracepoint_args *ctx)
{
	return on_sock_state((struct sock *)ctx->args[0], (int)ctx->args[1], (int)ctx->args[2]);
}

/* A thread's new name (exec, prctl(PR_SET_NAME), a write to /proc/PID/comm,
 * from any thread): into its entry, which its next records copy. */
static __always_inline int on_task_rename(struct task_struct *task, const char *comm, bool btf)
{
	struct podshark_pending_call *call = thread_call(task, READ_FIELD(btf, task, pid), btf, false);

	if (!call)
		return 0;
	__builtin_memset(call->rec.comm, 0, sizeof(call->rec.comm));
	bpf_probe_read_kernel_str(call->rec.comm, sizeof(call->rec.comm), comm);
	call->comm_valid = 1;
	return 0;
}

SEC("tp_btf/task_rename")
int BPF_PROG(btf_task_rename, struct task_struct *task, const char *comm)
{
	return on_task_rename(task, comm, true);
}

SEC("raw_tracepoint/task_rename")
int raw_task_rename(struct bpf_raw_tracepoint_args *ctx)
{
	return on_task_rename((struct task_struct *)ctx->args[0], (const char *)ctx->args[1], false);
}

/* A thread or process moved to another cgroup: every remembered cgroup id is
 * read again at the thread's next call. */
SEC("tp_btf/cgroup_attach_task")
int BPF_PROG(btf_cgroup_attach, struct cgroup *dst, const char *path, struct task_struct *task,
	     bool threadgroup)
{
	__sync_fetch_and_add(&cgroup_generation, 1);
	return 0;
}

SEC("raw_tracepoint/cgroup_attach_task")
int raw_cgroup_attach(struct bpf_raw_tracepoint_args *ctx)
{
	__sync_fetch_and_add(&cgroup_generation, 1);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(btf_proc_fork, struct task_struct *parent, struct task_struct *child)
{
	return on_fork(child);
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(btf_proc_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	return on_exec(task, bprm);
}

SEC("raw_tracepoint/sched_process_fork")
int raw_proc_fork(struct bpf_raw_tracepoint_args *ctx)
{
	return on_fork((struct task_struct *)ctx->args[1]);
}

SEC("raw_tracepoint/sched_process_exec")
int raw_proc_exec(struct bpf_raw_tracepoint_args *ctx)
{
	return on_exec((struct task_struct *)ctx->args[0], (struct linux_binprm *)ctx->args[2]);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(btf_sys_enter, struct pt_regs *regs, long id)
{
	return on_sys_enter(regs, id, true, false);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(btf_sys_exit, struct pt_regs *regs, long ret)
{
	return on_sys_exit(regs, ret, true, false);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(btf_task_exit, struct task_struct *task)
{
	on_exit(task);
	return on_task_exit(task, true);
}

SEC("raw_tracepoint/sys_enter")
int raw_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	return on_sys_enter((struct pt_regs *)ctx->args[0], (long)ctx->args[1], false, false);
}

SEC("raw_tracepoint/sys_exit")
int raw_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	return on_sys_exit((struct pt_regs *)ctx->args[0], (long)ctx->args[1], false, false);
}

SEC("raw_tracepoint/sched_process_exit")
int raw_task_exit(struct bpf_raw_tracepoint_args *ctx)
{
	on_exit((struct task_struct *)ctx->args[0]);
	return on_task_exit((struct task_struct *)ctx->args[0], false);
}

/* Attached by the extcap to each selected call's tracepoint. */
SEC("tracepoint")
int tp_sys_enter(struct syscall_tp_enter *ctx)
{
	return on_sys_enter(NULL, ctx->nr, true, true);
}

SEC("tracepoint")
int tp_sys_exit(struct syscall_tp_exit *ctx)
{
	return on_sys_exit(NULL, ctx->ret, true, true);
}

/* At the end of a capture (after the other programs are detached), the calls
 * still in progress: each thread's entry that is active, as a whole struct
 * podshark_pending_call, for the extcap to write as unfinished. */
SEC("iter/task")
int unfinished_calls(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	struct podshark_pending_call *call;

	if (!task)
		return 0;
	call = bpf_task_storage_get(&thread_calls, task, 0, 0);
	if (call && call->active)
		bpf_seq_write(ctx->meta->seq, call, sizeof(*call));
	return 0;
}

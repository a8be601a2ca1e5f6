/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * io_uring operations as records of the system calls they stand for.
 *
 * A process can open, read, write, connect and close through a ring without
 * making those system calls: io_uring_enter submits them, or the ring's
 * SQPOLL kernel thread does without any call at all, and io-wq workers run
 * them.  The kernel's io_uring tracepoints see every request wherever it
 * runs: io_uring_submit_req once the request is prepared (the kernel has
 * read the submission and copied its paths), io_uring_complete with its
 * result, and io_uring_req_failed for a request refused while being
 * prepared.  They run in a thread of the ring's process (the SQPOLL thread
 * and the workers belong to it), so the record has that process's identity.
 *
 * The request (struct io_kiocb) starts with its operation's own data
 * (io_kiocb_to_cmd() in io_uring/io_uring.h), whose layout is read with
 * CO-RE through the "___podshark" flavours below: a kernel whose BTF lacks
 * one gives records of that operation marked undecoded.  Included by
 * podshark.bpf.c only (tp_btf: the extcap loads these programs only where
 * the tracepoints exist).
 */

#define IORING_SETUP_SQPOLL (1u << 1) /* include/uapi/linux/io_uring.h */
#define IORING_CQE_F_MORE (1u << 1)   /* more completions of this request follow */
#define IOSQE_FLAGS_MASK 0x7f         /* the request flags that mirror the submission's */

/* The number of the call an operation stands for: [op * 2] without a file
 * offset, [op * 2 + 1] with one; PODSHARK_NR_NONE when none.  Set by the
 * extcap from record/io_uring_ops.c. */
const volatile __u32 uring_op_nr[2 * PODSHARK_URING_OPS];

/* Requests between submission and completion, by their struct io_kiocb
 * address.  A request's memory is reused for the next one: an entry found
 * there at submission is a request whose completion was never posted
 * (IOSQE_CQE_SKIP_SUCCESS, or the completion queue overflowed). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* most of the time, a few requests in flight */
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct podshark_pending_call);
} uring_requests SEC(".maps");

/* Where a submission's record is built (too large for the stack next to
 * the rest). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct podshark_pending_call);
} uring_scratch SEC(".maps");

/* The operations' data, as far as the records need it. */
struct io_open___podshark {
	int dfd;
	struct filename *filename;
	struct open_how how;
	__u32 file_slot;
} __attribute__((preserve_access_index));

struct io_rw___podshark {
	struct kiocb kiocb;
	__u64 addr;
	__u32 len;
} __attribute__((preserve_access_index));

struct io_connect___podshark {
	struct sockaddr *addr;
	int addr_len;
} __attribute__((preserve_access_index));

struct io_bind___podshark {
	int addr_len;
} __attribute__((preserve_access_index));

struct io_listen___podshark {
	int backlog;
} __attribute__((preserve_access_index));

struct io_socket___podshark {
	int domain;
	int type;
	int protocol;
	__u32 file_slot;
} __attribute__((preserve_access_index));

struct io_close___podshark {
	int fd;
	__u32 file_slot;
} __attribute__((preserve_access_index));

struct io_sr_msg___podshark {
	void *buf;
	int len;
	unsigned int msg_flags;
} __attribute__((preserve_access_index));

struct io_accept___podshark {
	struct sockaddr *addr;
	int *addr_len;
	int flags;
	__u32 file_slot;
} __attribute__((preserve_access_index));

struct io_statx___podshark {
	int dfd;
	unsigned int mask;
	unsigned int flags;
	struct filename *filename;
	struct statx *buffer;
} __attribute__((preserve_access_index));

struct io_unlink___podshark {
	int dfd;
	int flags;
	struct filename *filename;
} __attribute__((preserve_access_index));

struct io_rename___podshark {
	int old_dfd;
	int new_dfd;
	struct filename *oldpath;
	struct filename *newpath;
	int flags;
} __attribute__((preserve_access_index));

struct io_mkdir___podshark {
	int dfd;
	umode_t mode;
	struct filename *filename;
} __attribute__((preserve_access_index));

/* symlinkat and linkat share it */
struct io_link___podshark {
	int old_dfd;
	int new_dfd;
	struct filename *oldpath;
	struct filename *newpath;
	int flags;
} __attribute__((preserve_access_index));

struct io_shutdown___podshark {
	int how;
} __attribute__((preserve_access_index));

struct io_sync___podshark {
	loff_t len;
	loff_t off;
	int mode;
} __attribute__((preserve_access_index));

struct io_ftrunc___podshark {
	loff_t len;
} __attribute__((preserve_access_index));

/* A request's arguments in the order of the call it stands for, and where
 * the kernel keeps its own copy of what the submission pointed to: paths
 * (struct filename) are read from there, never again from the process's
 * memory, which may have changed since.  The rest (socket addresses, payload,
 * message headers) is read from the process's memory right after the kernel
 * prepared the request, bounded like a call's arguments. */
struct uring_args {
	__u64 args[6];
	__u64 kernel_copy[6]; /* kernel address of the argument's copy, or 0 */
	bool positioned;      /* the request has a file offset */
	bool fixed;           /* the fd it creates goes to the ring's registered files */
	bool decoded;         /* the operation's data could be read */
};

static __always_inline __u64 kernel_name(struct filename *f)
{
	return (__u64)BPF_CORE_READ(f, name);
}

static __always_inline __u64 user_name(struct filename *f)
{
	return (__u64)BPF_CORE_READ(f, uptr);
}

/* Opens an operation's case: cmd is its data; a kernel without the type
 * leaves the request undecoded. */
#define URING_DECODE(type)                       \
	type *cmd = (void *)req;                 \
	if (!bpf_core_type_exists(type)) {       \
		a->decoded = false;              \
		return;                          \
	}

/* renameat2 and linkat: (olddfd, oldname, newdfd, newname, flags) */
#define TWO_PATHS(a, v, cmd)                                                          \
	do {                                                                          \
		struct filename *from = BPF_CORE_READ(cmd, oldpath);                  \
		struct filename *to = BPF_CORE_READ(cmd, newpath);                    \
                                                                                      \
		v[0] = (__s64)BPF_CORE_READ(cmd, old_dfd);                            \
		v[1] = user_name(from);                                               \
		a->kernel_copy[1] = kernel_name(from);                                \
		v[2] = (__s64)BPF_CORE_READ(cmd, new_dfd);                            \
		v[3] = user_name(to);                                                 \
		a->kernel_copy[3] = kernel_name(to);                                  \
		v[4] = BPF_CORE_READ(cmd, flags);                                     \
	} while (0)

/* Each operation's arguments; fd is the submission's (for registered files,
 * an index into the ring's table). */
static __always_inline void decode_request(struct io_kiocb *req, __u8 op, __s32 fd,
					   struct uring_args *a)
{
	__u64 *v = a->args;

	a->decoded = true;
	switch (op) {
	case IORING_OP_READ:
	case IORING_OP_WRITE:
	case IORING_OP_READ_FIXED:
	case IORING_OP_WRITE_FIXED:
	case IORING_OP_READV:
	case IORING_OP_WRITEV:
	case IORING_OP_READV_FIXED:
	case IORING_OP_WRITEV_FIXED:
	case IORING_OP_READ_MULTISHOT: {
		URING_DECODE(struct io_rw___podshark);
		loff_t pos = BPF_CORE_READ(cmd, kiocb.ki_pos);

		/* read(fd, buf, count) / pread64(fd, buf, count, pos), and the vectored
		 * ones: (fd, iov, vlen[, pos_l, pos_h]) */
		v[0] = fd;
		v[1] = BPF_CORE_READ(cmd, addr);
		v[2] = BPF_CORE_READ(cmd, len);
		a->positioned = pos != -1 && op != IORING_OP_READ_MULTISHOT;
		v[3] = a->positioned ? pos : 0;
		return;
	}
	case IORING_OP_OPENAT:
	case IORING_OP_OPENAT2: {
		URING_DECODE(struct io_open___podshark);
		struct filename *f = BPF_CORE_READ(cmd, filename);

		v[0] = (__s64)BPF_CORE_READ(cmd, dfd);
		v[1] = user_name(f);
		a->kernel_copy[1] = kernel_name(f);
		v[2] = BPF_CORE_READ(cmd, how.flags);
		v[3] = BPF_CORE_READ(cmd, how.mode);
		a->fixed = BPF_CORE_READ(cmd, file_slot) != 0;
		return;
	}
	case IORING_OP_CLOSE: {
		URING_DECODE(struct io_close___podshark);
		__u32 slot = BPF_CORE_READ(cmd, file_slot);

		/* a registered file's slot is numbered from 1 in the submission */
		v[0] = slot ? slot - 1 : (__u64)(__s64)BPF_CORE_READ(cmd, fd);
		a->fixed = slot != 0;
		return;
	}
	case IORING_OP_CONNECT: {
		URING_DECODE(struct io_connect___podshark);

		v[0] = fd;
		v[1] = (__u64)BPF_CORE_READ(cmd, addr);
		v[2] = BPF_CORE_READ(cmd, addr_len);
		return;
	}
	case IORING_OP_BIND: {
		URING_DECODE(struct io_bind___podshark);

		/* the request keeps only the kernel's copy of the address, in a
		 * structure whose layout BTF does not reliably describe: not shown */
		v[0] = fd;
		v[2] = BPF_CORE_READ(cmd, addr_len);
		return;
	}
	case IORING_OP_LISTEN: {
		URING_DECODE(struct io_listen___podshark);

		v[0] = fd;
		v[1] = (__u64)(__s64)BPF_CORE_READ(cmd, backlog);
		return;
	}
	case IORING_OP_SOCKET: {
		URING_DECODE(struct io_socket___podshark);

		v[0] = BPF_CORE_READ(cmd, domain);
		v[1] = BPF_CORE_READ(cmd, type);
		v[2] = BPF_CORE_READ(cmd, protocol);
		a->fixed = BPF_CORE_READ(cmd, file_slot) != 0;
		return;
	}
	case IORING_OP_SEND:
	case IORING_OP_RECV:
	case IORING_OP_SEND_ZC:
	case IORING_OP_SENDMSG:
	case IORING_OP_RECVMSG:
	case IORING_OP_SENDMSG_ZC: {
		URING_DECODE(struct io_sr_msg___podshark);
		bool msg = op == IORING_OP_SENDMSG || op == IORING_OP_RECVMSG ||
			   op == IORING_OP_SENDMSG_ZC;

		/* sendto(fd, buf, len, flags, NULL, 0) / sendmsg(fd, msg, flags) */
		v[0] = fd;
		v[1] = (__u64)BPF_CORE_READ(cmd, buf);
		v[msg ? 2 : 3] = BPF_CORE_READ(cmd, msg_flags);
		if (!msg)
			v[2] = BPF_CORE_READ(cmd, len);
		return;
	}
	case IORING_OP_ACCEPT: {
		URING_DECODE(struct io_accept___podshark);

		v[0] = fd;
		v[1] = (__u64)BPF_CORE_READ(cmd, addr);
		v[2] = (__u64)BPF_CORE_READ(cmd, addr_len);
		v[3] = BPF_CORE_READ(cmd, flags);
		a->fixed = BPF_CORE_READ(cmd, file_slot) != 0;
		return;
	}
	case IORING_OP_STATX: {
		URING_DECODE(struct io_statx___podshark);
		struct filename *f = BPF_CORE_READ(cmd, filename);

		v[0] = (__s64)BPF_CORE_READ(cmd, dfd);
		v[1] = user_name(f);
		a->kernel_copy[1] = kernel_name(f);
		v[2] = BPF_CORE_READ(cmd, flags);
		v[3] = BPF_CORE_READ(cmd, mask);
		v[4] = (__u64)BPF_CORE_READ(cmd, buffer);
		return;
	}
	case IORING_OP_UNLINKAT: {
		URING_DECODE(struct io_unlink___podshark);
		struct filename *f = BPF_CORE_READ(cmd, filename);

		v[0] = (__s64)BPF_CORE_READ(cmd, dfd);
		v[1] = user_name(f);
		a->kernel_copy[1] = kernel_name(f);
		v[2] = BPF_CORE_READ(cmd, flags);
		return;
	}
	case IORING_OP_MKDIRAT: {
		URING_DECODE(struct io_mkdir___podshark);
		struct filename *f = BPF_CORE_READ(cmd, filename);

		v[0] = (__s64)BPF_CORE_READ(cmd, dfd);
		v[1] = user_name(f);
		a->kernel_copy[1] = kernel_name(f);
		v[2] = BPF_CORE_READ(cmd, mode);
		return;
	}
	case IORING_OP_RENAMEAT: {
		URING_DECODE(struct io_rename___podshark);

		/* renameat2(olddfd, oldname, newdfd, newname, flags) */
		TWO_PATHS(a, v, cmd);
		return;
	}
	case IORING_OP_LINKAT: {
		URING_DECODE(struct io_link___podshark);

		/* linkat(olddfd, oldname, newdfd, newname, flags) */
		TWO_PATHS(a, v, cmd);
		return;
	}
	case IORING_OP_SYMLINKAT: {
		URING_DECODE(struct io_link___podshark);
		struct filename *from = BPF_CORE_READ(cmd, oldpath), *to = BPF_CORE_READ(cmd, newpath);

		/* symlinkat(oldname, newdfd, newname) */
		v[0] = user_name(from);
		a->kernel_copy[0] = kernel_name(from);
		v[1] = (__s64)BPF_CORE_READ(cmd, new_dfd);
		v[2] = user_name(to);
		a->kernel_copy[2] = kernel_name(to);
		return;
	}
	case IORING_OP_SHUTDOWN: {
		URING_DECODE(struct io_shutdown___podshark);

		v[0] = fd;
		v[1] = BPF_CORE_READ(cmd, how);
		return;
	}
	case IORING_OP_FALLOCATE: {
		URING_DECODE(struct io_sync___podshark);

		v[0] = fd;
		v[1] = BPF_CORE_READ(cmd, mode);
		v[2] = BPF_CORE_READ(cmd, off);
		v[3] = BPF_CORE_READ(cmd, len);
		return;
	}
	case IORING_OP_FTRUNCATE: {
		URING_DECODE(struct io_ftrunc___podshark);

		v[0] = fd;
		v[1] = BPF_CORE_READ(cmd, len);
		return;
	}
	default:
		/* FSYNC and the operations no call stands for: their fd */
		v[0] = fd;
		return;
	}
}

/* The submission's side record: what its arguments point to (struct
 * uring_args says from where). */
static __always_inline int send_uring_entry_data(struct podshark_pending_call *call,
						 const struct podshark_arg_plan *plan,
						 const struct uring_args *a)
{
	const struct podshark_syscall_rec *rec = &call->rec;
	__u32 zero = 0, off = sizeof(struct podshark_arg_data);
	struct arg_scratch *s;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return 0;
	for (__u32 i = 0; i < 6; i++) {
		__u8 kind = plan->kind[i], len_arg = plan->len_arg[i];
		__u64 len = len_arg < 6 ? rec->args[len_arg] : 0;

		if (!plan_at_entry(kind))
			continue;
		if (kind == PODSHARK_PLAN_STR) {
			if (a->kernel_copy[i])
				off = put_str(off, STR_SPEC(i, 0, true), a->kernel_copy[i]);
		} else {
			off = capture_arg(off, ARG_SPEC(kind, i, false, false), rec->args[i], len, 0);
		}
	}
	return output_arg_data(s, off, rec);
}

/* Writes a request's record; the result is the completion's (or, for a
 * request whose completion was never seen, unknown: UNFINISHED). */
static __always_inline void emit_uring(struct podshark_pending_call *call, __s32 res, __u16 flags,
				       bool own_memory)
{
	struct podshark_probe_stats *st = cpu_stats();
	struct podshark_syscall_rec *out;
	struct podshark_arg_plan *plan, exit_plan;

	/* output memory (bytes read, addresses returned) only from a thread of
	 * the ring's process: only there is its memory the current one */
	if (!(flags & PODSHARK_SC_UNFINISHED) && own_memory && call->rec.nr != PODSHARK_NR_NONE) {
		plan = plan_of(call->rec.nr, false);
		if (plan && plan->at_exit) {
			exit_plan = *plan;
			/* a registered file's index is no fd of the process's */
			if (call->rec.uring & PODSHARK_URING_FIXED_FILE)
				exit_plan.sock_fd = PODSHARK_PLAN_NO_SOCK;
			note_arg_data(call, send_arg_data(call, &exit_plan, true, res), st);
		}
	}
	out = bpf_ringbuf_reserve(&events, sizeof(*out), 0);
	if (!out) {
		count(st, ring_full);
		return;
	}
	__builtin_memcpy(out, &call->rec, sizeof(*out));
	out->ret = res;
	out->flags |= flags;
	out->latency_ns = bpf_ktime_get_ns() - out->entry_ns;
	out->cpu = bpf_get_smp_processor_id();
	bpf_ringbuf_submit(out, submit_flags());
}

/* The number of the call operation op stands for (positioned: with a file
 * offset), PODSHARK_NR_NONE when none does. */
static __always_inline __u32 uring_nr(__u8 op, bool positioned)
{
	__u64 slot = (__u64)op * 2 + (positioned ? 1 : 0);

	if (op >= PODSHARK_URING_OPS)
		return PODSHARK_NR_NONE;
	OPAQUE_MASK(slot, 127); /* 2 * PODSHARK_URING_OPS - 1 */
	return uring_op_nr[slot];
}

/* The record of a request of the current thread's process, in the per-CPU
 * scratch, or NULL when the request is not selected (selecting_nr: the call
 * --syscalls must have selected) or cannot be remembered.  Counted as
 * selected from here on. */
static __always_inline struct podshark_pending_call *
start_uring_record(struct io_kiocb *req, __u8 op, __u32 nr, __u32 selecting_nr,
		   const struct uring_args *a)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = pid_tgid >> 32, tid = (__u32)pid_tgid, zero = 0;
	struct task_struct *task = bpf_get_current_task_btf();
	struct podshark_pending_call *call, *thread;
	struct podshark_probe_stats *st;

	if (excluded(tgid))
		return NULL;
	/* --syscalls openat selects the requests that stand for openat */
	if (select_syscalls &&
	    (selecting_nr == PODSHARK_NR_NONE || !syscall_selected(selecting_nr, false)))
		return NULL;
	if (!task_selected(tgid))
		return NULL;
	st = cpu_stats();
	count(st, selected);
	call = bpf_map_lookup_elem(&uring_scratch, &zero);
	/* the thread's identity as its calls have it (read once per thread) */
	thread = thread_call(task, tid, true, true);
	if (!call || !thread) {
		count(st, pending_full);
		return NULL;
	}
	read_task(task, pid_tgid, thread, true);
	__builtin_memcpy(call, thread, sizeof(*call));
	if (!call->comm_valid)
		bpf_get_current_comm(call->rec.comm, sizeof(call->rec.comm));
	call->active = 1;
	call->comm_valid = 1;
	call->fault_mask = 0;
	start_record(&call->rec, nr, false);
	call->rec.flags = PODSHARK_SC_IO_URING | (a->decoded ? 0 : PODSHARK_SC_UNDECODED);
	call->rec.uring = op | ((req->flags & IOSQE_FLAGS_MASK) << 8);
	if (req->ctx->flags & IORING_SETUP_SQPOLL)
		call->rec.uring |= PODSHARK_URING_SQPOLL;
	if (a->fixed)
		call->rec.uring |= PODSHARK_URING_FIXED_FILE;
	__builtin_memcpy(call->rec.args, a->args, sizeof(a->args));
	call->rec.entry_ns = bpf_ktime_get_ns();
	return call;
}

/* A request at this address whose completion was never posted (its memory
 * is now another request's): written, without a result. */
static __always_inline void write_stale_request(__u64 key)
{
	struct podshark_pending_call *stale = bpf_map_lookup_elem(&uring_requests, &key);

	if (!stale)
		return;
	emit_uring(stale, 0, PODSHARK_SC_UNFINISHED, false);
	bpf_map_delete_elem(&uring_requests, &key);
}

static __always_inline int on_uring_submit(struct io_kiocb *req)
{
	struct podshark_pending_call *call;
	struct podshark_arg_plan *plan;
	struct uring_args a = {};
	__u64 key = (__u64)req;
	__u8 op = req->opcode;
	__u32 nr = PODSHARK_NR_NONE;

	if (op < PODSHARK_URING_OPS)
		decode_request(req, op, req->cqe.fd, &a);
	if (a.decoded)
		nr = uring_nr(op, a.positioned);
	call = start_uring_record(req, op, nr, nr, &a);
	if (!call)
		return 0;
	write_stale_request(key);

	plan = nr != PODSHARK_NR_NONE ? plan_of(nr, false) : NULL;
	if (plan && plan->at_entry)
		note_arg_data(call, send_uring_entry_data(call, plan, &a), cpu_stats());
	if (bpf_map_update_elem(&uring_requests, &key, call, BPF_ANY))
		count(cpu_stats(), pending_full);
	return 0;
}

/* A request the kernel refused while preparing it (bad flags, a path it
 * could not read...): never submitted, so a record of its own, now, with
 * the error; its arguments were not all prepared: none is shown. */
static __always_inline int on_uring_failed(const struct io_uring_sqe *sqe, struct io_kiocb *req,
					   int error)
{
	struct podshark_pending_call *call;
	struct uring_args a = {};
	__u8 op = BPF_CORE_READ(sqe, opcode);

	call = start_uring_record(req, op, PODSHARK_NR_NONE, uring_nr(op, false), &a);
	if (!call)
		return 0;
	write_stale_request((__u64)req);
	emit_uring(call, error, 0, false);
	return 0;
}

static __always_inline int on_uring_complete(void *req, struct io_uring_cqe *cqe)
{
	__u64 key = (__u64)req;
	struct podshark_pending_call *call;
	__u32 more;

	if (!req)
		return 0; /* a completion of the ring's own, of no request */
	call = bpf_map_lookup_elem(&uring_requests, &key);
	if (!call)
		return 0;
	more = cqe->flags & IORING_CQE_F_MORE;
	emit_uring(call, cqe->res, 0, (bpf_get_current_pid_tgid() >> 32) == call->rec.pid);
	if (more)
		count(cpu_stats(), selected); /* the next completion is one more record */
	else
		bpf_map_delete_elem(&uring_requests, &key);
	return 0;
}

SEC("tp_btf/io_uring_submit_req")
int BPF_PROG(btf_uring_submit, struct io_kiocb *req)
{
	return on_uring_submit(req);
}

SEC("tp_btf/io_uring_req_failed")
int BPF_PROG(btf_uring_failed, const struct io_uring_sqe *sqe, struct io_kiocb *req, int error)
{
	return on_uring_failed(sqe, req, error);
}

SEC("tp_btf/io_uring_complete")
int BPF_PROG(btf_uring_complete, struct io_ring_ctx *ring, void *req, struct io_uring_cqe *cqe)
{
	return on_uring_complete(req, cqe);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the memory that syscall arguments point to, into side records
 * (struct podshark_arg_data) built in a per-CPU scratch area and copied to
 * the ring with bpf_ringbuf_output: their size varies, the fixed syscall
 * record's does not.  Included by podshark.bpf.c only.
 *
 * Bounds the verifier can see: every item starts below ITEM_START_LIMIT and
 * carries at most ITEM_DATA_MAX bytes, so it always ends inside the scratch.
 */

#define SCRATCH_SIZE 16384
#define ITEM_START_LIMIT 8192
#define ITEM_DATA_MAX 4096
#define ITEM_HDR (sizeof(struct podshark_ext_hdr) + sizeof(struct podshark_ext_mem))
#define SOCKADDR_MAX 128 /* sizeof(struct sockaddr_storage) */
#define EINPROGRESS 115  /* a non-blocking connect under way: its tuple is known */
#define PR_SET_NAME 15   /* include/uapi/linux/prctl.h */
#define PR_GET_NAME 16
#define ARGV_MAX_ARGS 32
#define ARGV_STR_MAX 512
#define URING_PARAMS_SIZE 28 /* struct io_uring_params up to its wq_fd */

/* Settings fixed before load by the extcap. */
const volatile __u32 string_max = 256;    /* bytes of a path or string, a power of two <= 4096 */
const volatile __u32 payload_snaplen = 0; /* bytes of I/O payload, 0: none */

struct arg_scratch {
	__u8 buf[SCRATCH_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct arg_scratch);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, PODSHARK_SELECT_SLOTS);
	__type(key, __u32);
	__type(value, struct podshark_arg_plan);
} arg_plans SEC(".maps");

/* v & mask, in a form clang cannot fold away: the verifier must see the mask
 * on the very register used to index the scratch. */
#define OPAQUE_MASK(v, mask) asm volatile("%[x] &= " #mask : [x] "+r"(v))

/* Where the bytes of an item starting at off go, or NULL when out of room. */
static __always_inline __u8 *item_data(struct arg_scratch *s, __u32 off)
{
	__u64 start = off;

	if (off >= ITEM_START_LIMIT)
		return NULL;
	OPAQUE_MASK(start, 8191); /* ITEM_START_LIMIT - 1 */
	return &s->buf[start + ITEM_HDR];
}

/* Writes the item's headers and padding; returns where the next item starts. */
static __always_inline __u32 item_finish(struct arg_scratch *s, __u32 off, __u16 type, __u8 arg,
					 __u8 flags, __u16 count, __u32 full_len, __u32 len)
{
	__u64 start = off;
	struct podshark_ext_hdr *eh;
	struct podshark_ext_mem *mem;
	__u32 padded;

	OPAQUE_MASK(start, 8191); /* ITEM_START_LIMIT - 1 */
	eh = (void *)&s->buf[start];
	mem = (void *)&s->buf[start + sizeof(*eh)];
	len &= ITEM_DATA_MAX - 1;
	padded = (ITEM_HDR + len + 3) & ~3u;
	for (__u32 i = ITEM_HDR + len; i < padded && i < ITEM_HDR + ITEM_DATA_MAX; i++)
		s->buf[(start + i) & (SCRATCH_SIZE - 1)] = 0;
	eh->type = type;
	eh->len = sizeof(*mem) + len;
	mem->arg = arg;
	mem->flags = flags;
	mem->count = count;
	mem->full_len = full_len;
	return start + padded;
}

/*
 * The packed arguments of the global functions below: a BPF function takes at
 * most five arguments, so the small ones share a register.  Each layout is
 * made and read through its macros only.
 */
/* put_str: the argument index (bits 0-2), memory flags (8-15), kernel memory (16) */
#define STR_SPEC(arg, flags, kernel) \
	((__u32)(arg) | (__u32)(flags) << 8 | ((kernel) ? 1u << 16 : 0))
#define STR_SPEC_ARG(spec) ((spec) & 7)
#define STR_SPEC_FLAGS(spec) (((spec) >> 8) & 0xff)
#define STR_SPEC_KERNEL(spec) ((spec) & (1u << 16))
/* put_mem_item: the extension type (bits 0-7), argument index (8-10), memory flags (16-23) */
#define MEM_SPEC(type, arg, flags) ((__u32)(type) | (__u32)(arg) << 8 | (__u32)(flags) << 16)
#define MEM_SPEC_TYPE(spec) ((spec) & 0xff)
#define MEM_SPEC_ARG(spec) (((spec) >> 8) & 7)
#define MEM_SPEC_FLAGS(spec) ((spec) >> 16)
/* capture_arg: the plan kind (bits 0-7), argument index (8-10), compat ABI (16), at exit (17) */
#define ARG_SPEC(kind, arg, compat, at_exit) \
	((__u32)(kind) | (__u32)(arg) << 8 | ((compat) ? 1u << 16 : 0) | ((at_exit) ? 1u << 17 : 0))
#define ARG_SPEC_KIND(spec) ((spec) & 0xff)
#define ARG_SPEC_ARG(spec) (((spec) >> 8) & 7)
#define ARG_SPEC_COMPAT(spec) ((spec) & (1u << 16))
#define ARG_SPEC_AT_EXIT(spec) ((spec) & (1u << 17))

/* The string at uptr as an item; returns where the next item starts.  Global
 * functions (here and below) are verified once, on their own. */
__noinline int put_str(__u32 off, __u32 spec, __u64 uptr)
{
	__u8 arg = STR_SPEC_ARG(spec), flags = STR_SPEC_FLAGS(spec);
	bool kernel = STR_SPEC_KERNEL(spec);
	struct arg_scratch *s;
	__u32 zero = 0;
	__u8 *d;
	long n;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s || !(d = item_data(s, off)) || !uptr)
		return off;
	if (kernel)
		n = bpf_probe_read_kernel_str(d, string_max, (const void *)uptr);
	else
		n = bpf_probe_read_user_str(d, string_max, (const void *)uptr);
	if (n <= 0)
		return item_finish(s, off, PODSHARK_EXT_STR, arg, flags | PODSHARK_MEM_FAULT, 0, 0, 0);
	if (n >= string_max)
		flags |= PODSHARK_MEM_TRUNCATED;
	return item_finish(s, off, PODSHARK_EXT_STR, arg, flags, 0, 0, n - 1);
}

/* Up to want bytes (at most cap) of user memory as an item; spec is a MEM_SPEC. */
__noinline int put_mem_item(__u32 off, __u32 spec, __u64 uptr, __u64 want, __u32 cap)
{
	__u8 type = MEM_SPEC_TYPE(spec), arg = MEM_SPEC_ARG(spec);
	__u8 flags = MEM_SPEC_FLAGS(spec);
	__u32 zero = 0, n = want > cap ? cap : (__u32)want;
	struct arg_scratch *s;
	__u8 *d;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s || !(d = item_data(s, off)) || !uptr)
		return off;
	if (want > n)
		flags |= PODSHARK_MEM_TRUNCATED;
	if (n > ITEM_DATA_MAX - 1)
		n = ITEM_DATA_MAX - 1;
	OPAQUE_MASK(n, 4095); /* ITEM_DATA_MAX - 1 */
	if (n && bpf_probe_read_user(d, n, (const void *)uptr))
		return item_finish(s, off, type, arg, flags | PODSHARK_MEM_FAULT, 0, (__u32)want, 0);
	return item_finish(s, off, type, arg, flags, 0, (__u32)want, n);
}

static __always_inline __u32 put_mem(struct arg_scratch *s, __u32 off, __u16 type, __u8 arg,
				     __u64 uptr, __u64 want, __u32 cap, __u8 flags)
{
	(void)s;
	return put_mem_item(off, MEM_SPEC(type, arg, flags), uptr, want, cap);
}

struct argv_walk {
	__u64 uptr;     /* the array */
	__u32 off;      /* the item's start in the scratch */
	__u32 used;     /* bytes of strings so far */
	__u32 ptr_size; /* 8, or 4 for compat tasks */
	__u16 count;
	__u8 flags;
	__u8 done;      /* the NULL that ends the array was seen */
};

/* One string of argv per call, from bpf_loop: the verifier checks the step
 * once instead of every iteration of a loop. */
static long argv_step(__u32 i, void *ctx)
{
	struct argv_walk *w = ctx;
	struct arg_scratch *s;
	__u32 zero = 0;
	__u64 p = 0, at;
	__u8 *d;
	long n;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s || !(d = item_data(s, w->off)))
		return 1;
	if (bpf_probe_read_user(&p, w->ptr_size == 4 ? 4 : 8,
				(const void *)(w->uptr + (__u64)i * w->ptr_size))) {
		w->flags |= PODSHARK_MEM_FAULT;
		return 1;
	}
	if (!p) {
		w->done = 1;
		return 1;
	}
	if (w->used > ITEM_DATA_MAX - ARGV_STR_MAX) {
		w->flags |= PODSHARK_MEM_TRUNCATED;
		return 1;
	}
	at = w->used;
	OPAQUE_MASK(at, 4095); /* ITEM_DATA_MAX - 1 */
	n = bpf_probe_read_user_str(d + at, ARGV_STR_MAX, (const void *)p);
	if (n <= 0) {
		w->flags |= PODSHARK_MEM_FAULT;
		return 1;
	}
	if (n >= ARGV_STR_MAX)
		w->flags |= PODSHARK_MEM_TRUNCATED;
	w->used += n;
	w->count++;
	return 0;
}

static __always_inline __u32 put_argv(struct arg_scratch *s, __u32 off, __u8 arg, __u64 uptr,
				      bool compat)
{
	struct argv_walk w = { .uptr = uptr, .off = off, .ptr_size = compat ? 4 : 8 };

	if (!item_data(s, off) || !uptr)
		return off;
	bpf_loop(ARGV_MAX_ARGS, argv_step, &w, 0);
	if (!w.done && !(w.flags & PODSHARK_MEM_FAULT))
		w.flags |= PODSHARK_MEM_TRUNCATED; /* more than ARGV_MAX_ARGS strings */
	return item_finish(s, off, PODSHARK_EXT_ARGV, arg, w.flags, w.count, 0, w.used);
}

/* struct user_msghdr / compat_msghdr: the name and the first iovec. */
static __always_inline __u32 put_msghdr(struct arg_scratch *s, __u32 off, __u8 arg, __u64 uptr,
					bool compat, __u8 flags, __s64 payload_len)
{
	__u64 name = 0, iov = 0, base = 0, len = 0;
	__u32 namelen = 0, iovlen = 0;

	if (!uptr)
		return off;
	if (compat) {
		__u32 m[5] = {}; /* name, namelen, iov, iovlen, ... */

		if (bpf_probe_read_user(m, sizeof(m), (const void *)uptr))
			return off;
		name = m[0], namelen = m[1], iov = m[2], iovlen = m[3];
	} else {
		__u64 m[4] = {}; /* name, namelen (int + pad), iov, iovlen */

		if (bpf_probe_read_user(m, sizeof(m), (const void *)uptr))
			return off;
		name = m[0], namelen = (__u32)m[1], iov = m[2], iovlen = (__u32)m[3];
	}
	if (name && namelen)
		off = put_mem(s, off, PODSHARK_EXT_SOCKADDR, arg, name, namelen, SOCKADDR_MAX, flags);
	if (!payload_snaplen || !iov || !iovlen || payload_len <= 0)
		return off;
	if (compat) {
		__u32 v[2] = {};

		bpf_probe_read_user(v, sizeof(v), (const void *)iov);
		base = v[0], len = v[1];
	} else {
		__u64 v[2] = {};

		bpf_probe_read_user(v, sizeof(v), (const void *)iov);
		base = v[0], len = v[1];
	}
	if ((__u64)payload_len < len)
		len = payload_len;
	return put_mem(s, off, PODSHARK_EXT_BUF, arg, base, len, payload_snaplen, flags);
}

/* The first struct iovec's payload, at most payload_len bytes. */
static __always_inline __u32 put_iov(struct arg_scratch *s, __u32 off, __u8 arg, __u64 uptr,
				     bool compat, __u8 flags, __s64 payload_len)
{
	__u64 base = 0, len = 0;

	if (!payload_snaplen || !uptr || payload_len <= 0)
		return off;
	if (compat) {
		__u32 v[2] = {};

		if (bpf_probe_read_user(v, sizeof(v), (const void *)uptr))
			return off;
		base = v[0], len = v[1];
	} else {
		__u64 v[2] = {};

		if (bpf_probe_read_user(v, sizeof(v), (const void *)uptr))
			return off;
		base = v[0], len = v[1];
	}
	if ((__u64)payload_len < len)
		len = payload_len;
	return put_mem(s, off, PODSHARK_EXT_BUF, arg, base, len, payload_snaplen, flags);
}

/*
 * Reads the memory of one argument into the scratch at off; returns where
 * the next item starts.  A global function: the verifier checks it once, on
 * its own, instead of once per argument and call site.  how is an ARG_SPEC;
 * len is the length (or, for SOCKADDR_OUT, the pointer to it); ret is the
 * return value at exit.
 */
__noinline int capture_arg(__u32 off, __u32 how, __u64 uptr, __u64 len, __s64 ret)
{
	const __u8 kind = ARG_SPEC_KIND(how), arg = ARG_SPEC_ARG(how);
	const bool compat = ARG_SPEC_COMPAT(how), at_exit = ARG_SPEC_AT_EXIT(how);
	const __u8 flags = at_exit ? PODSHARK_MEM_AT_EXIT : 0;
	struct arg_scratch *s;
	__u32 zero = 0, sa_len = 0;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s || off >= ITEM_START_LIMIT)
		return off;
	/* a string read again at exit: the call may have failed, the string is there */
	if (kind == PODSHARK_PLAN_STR)
		return put_str(off, STR_SPEC(arg, flags, false), uptr);
	if (at_exit && ret < 0)
		return off; /* a failed call wrote nothing */

	switch (kind) {
	case PODSHARK_PLAN_ARGV:
		return put_argv(s, off, arg, uptr, compat);
	case PODSHARK_PLAN_SOCKADDR_IN:
		return put_mem(s, off, PODSHARK_EXT_SOCKADDR, arg, uptr, (__u32)len, SOCKADDR_MAX,
			       flags);
	case PODSHARK_PLAN_BUF_IN:
		if (!payload_snaplen)
			return off;
		return put_mem(s, off, PODSHARK_EXT_BUF, arg, uptr, len, payload_snaplen, flags);
	case PODSHARK_PLAN_MSG_IN:
		return put_msghdr(s, off, arg, uptr, compat, flags, 0x7fffffff);
	case PODSHARK_PLAN_IOV_IN:
		return put_iov(s, off, arg, uptr, compat, flags, 0x7fffffff);
	case PODSHARK_PLAN_SOCKADDR_OUT:
		if (!len || bpf_probe_read_user(&sa_len, sizeof(sa_len), (const void *)len))
			return off;
		return put_mem(s, off, PODSHARK_EXT_SOCKADDR, arg, uptr, sa_len, SOCKADDR_MAX,
			       flags);
	case PODSHARK_PLAN_BUF_OUT:
		if (!payload_snaplen || !ret)
			return off;
		return put_mem(s, off, PODSHARK_EXT_BUF, arg, uptr, ret, payload_snaplen, flags);
	case PODSHARK_PLAN_MSG_OUT:
		return put_msghdr(s, off, arg, uptr, compat, flags, ret);
	case PODSHARK_PLAN_IOV_OUT:
		return put_iov(s, off, arg, uptr, compat, flags, ret);
	case PODSHARK_PLAN_FD_PAIR:
		return put_mem(s, off, PODSHARK_EXT_FD_PAIR, arg, uptr, 8, 8, flags);
	case PODSHARK_PLAN_INT_OUT:
		if (!ret)
			return off; /* wait4 with WNOHANG and nothing to report */
		return put_mem(s, off, PODSHARK_EXT_INT_OUT, arg, uptr, 4, 4, flags);
	case PODSHARK_PLAN_STR_OUT:
		return put_str(off, STR_SPEC(arg, flags, false), uptr);
	case PODSHARK_PLAN_PRCTL_NAME:
		/* the name set (still in the caller's buffer) or the name the kernel gave */
		if (len != PR_SET_NAME && len != PR_GET_NAME)
			return off;
		return put_str(off, STR_SPEC(arg, flags, false), uptr);
	case PODSHARK_PLAN_URING_PARAMS:
		return put_mem(s, off, PODSHARK_EXT_STRUCT, arg, uptr, URING_PARAMS_SIZE,
			       URING_PARAMS_SIZE, flags);
	case PODSHARK_PLAN_STR_OUT_RET:
		/* readlink's target has no NUL: its length is the return value */
		if (ret <= 0)
			return off;
		return put_mem(s, off, PODSHARK_EXT_STR, arg, uptr, ret, string_max, flags);
	}
	return off;
}

#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define AF_INET 2
#define AF_INET6 10

/* The addresses of a socket as the kernel has them now. */
static __always_inline void fill_tuple(struct podshark_sock_tuple *t, struct sock *sk, __u64 ino)
{
	__builtin_memset(t, 0, sizeof(*t));
	t->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	t->l4proto = BPF_CORE_READ(sk, sk_protocol);
	t->state = BPF_CORE_READ(sk, __sk_common.skc_state);
	t->ino = ino;
	if (t->family == AF_INET || t->family == AF_INET6) {
		t->sport = bpf_htons(BPF_CORE_READ(sk, __sk_common.skc_num));
		t->dport = BPF_CORE_READ(sk, __sk_common.skc_dport);
	}
	if (t->family == AF_INET) {
		__u32 saddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 daddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);

		__builtin_memcpy(t->saddr, &saddr, 4);
		__builtin_memcpy(t->daddr, &daddr, 4);
	} else if (t->family == AF_INET6) {
		BPF_CORE_READ_INTO(&t->saddr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&t->daddr, sk, __sk_common.skc_v6_daddr);
	}
}

/* The socket behind fd of the current task, as a SOCK_TUPLE item: after
 * connect it holds the local port the kernel picked, which is what ties a
 * process to the packets of its flow. */
__noinline int put_sock_tuple(__u32 off, __s32 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct podshark_sock_tuple *t;
	struct podshark_ext_hdr *eh;
	struct file **fds, *f = NULL;
	struct arg_scratch *s;
	struct socket *sock;
	struct sock *sk;
	__u32 zero = 0, max_fds;
	__u64 start = off;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s || off >= ITEM_START_LIMIT || fd < 0)
		return off;
	max_fds = BPF_CORE_READ(task, files, fdt, max_fds);
	if ((__u32)fd >= max_fds)
		return off;
	fds = BPF_CORE_READ(task, files, fdt, fd);
	if (bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]) || !f)
		return off;
	if ((BPF_CORE_READ(f, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return off;
	sock = BPF_CORE_READ(f, private_data);
	sk = BPF_CORE_READ(sock, sk);
	if (!sk)
		return off;

	OPAQUE_MASK(start, 8191); /* ITEM_START_LIMIT - 1 */
	eh = (void *)&s->buf[start];
	t = (void *)&s->buf[start + sizeof(*eh)];
	eh->type = PODSHARK_EXT_SOCK_TUPLE;
	eh->len = sizeof(*t);
	fill_tuple(t, sk, BPF_CORE_READ(f, f_inode, i_ino));
	return start + sizeof(*eh) + sizeof(*t);
}

static __always_inline bool plan_at_entry(__u8 kind)
{
	return kind == PODSHARK_PLAN_STR || kind == PODSHARK_PLAN_ARGV ||
	       kind == PODSHARK_PLAN_SOCKADDR_IN || kind == PODSHARK_PLAN_BUF_IN ||
	       kind == PODSHARK_PLAN_MSG_IN || kind == PODSHARK_PLAN_IOV_IN;
}

static __always_inline struct podshark_arg_plan *plan_of(__u32 nr, bool compat)
{
	__u32 slot = nr + (compat ? PODSHARK_SELECT_COMPAT_BASE : 0);

	return bpf_map_lookup_elem(&arg_plans, &slot);
}

/* Sends the side record built in the scratch up to off, for the call of rec.
 * Returns 1 when sent, 0 when there was nothing to send, -1 when the ring had
 * no room. */
static __always_inline int output_arg_data(struct arg_scratch *s, __u32 off,
					   const struct podshark_syscall_rec *rec)
{
	struct podshark_arg_data *hdr = (void *)s->buf;
	__u32 size = off & (SCRATCH_SIZE - 1);

	if (off == sizeof(*hdr) || size < sizeof(*hdr))
		return 0;
	set_header(&hdr->hdr, PODSHARK_PROBE_ARG_DATA, sizeof(*hdr), off);
	hdr->tid = rec->tid;
	hdr->io_uring = !!(rec->flags & PODSHARK_SC_IO_URING);
	hdr->entry_ns = rec->entry_ns;
	return bpf_ringbuf_output(&events, s, size, submit_flags()) ? -1 : 1;
}

/*
 * Sends the side record of one call: the memory of its arguments, at entry
 * (at_exit false) or at exit.  Returns 1 when sent, 0 when there was nothing
 * to send, -1 when the ring had no room.
 */
static __always_inline int send_arg_data(struct podshark_pending_call *call,
					 const struct podshark_arg_plan *plan, bool at_exit,
					 long ret)
{
	const struct podshark_syscall_rec *rec = &call->rec;
	bool compat = rec->arch == PODSHARK_ARCH_I386;
	__u32 zero = 0, off = sizeof(struct podshark_arg_data);
	struct arg_scratch *s;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return 0;
	for (__u32 i = 0; i < 6; i++) {
		__u8 kind = plan->kind[i], len_arg = plan->len_arg[i];
		__u64 len = len_arg < 6 ? rec->args[len_arg] : 0;
		__u32 start = off;

		if (at_exit && (call->fault_mask & (1u << i)))
			kind = PODSHARK_PLAN_STR; /* the string the entry could not read */
		else if (kind == PODSHARK_PLAN_NONE || plan_at_entry(kind) == at_exit)
			continue;
		off = capture_arg(off, ARG_SPEC(kind, i, compat, at_exit), rec->args[i], len, ret);
		/* the first bytes of an item: ext header (4), then arg, flags */
		if (!at_exit && kind == PODSHARK_PLAN_STR && off != start &&
		    (s->buf[(start + 5) & (SCRATCH_SIZE - 1)] & PODSHARK_MEM_FAULT))
			call->fault_mask |= 1u << i;
	}
	if (at_exit && plan->sock_fd != PODSHARK_PLAN_NO_SOCK &&
	    (ret >= 0 || ret == -EINPROGRESS)) {
		__s64 fd = plan->sock_fd == PODSHARK_PLAN_SOCK_RET ? ret : (__s64)rec->args[plan->sock_fd & 7];

		off = put_sock_tuple(off, (__s32)fd);
	}
	return output_arg_data(s, off, rec);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The interface between the probe and the extcap that is not part of the
 * capture format: map values and counters.  Shared by probe/podshark.bpf.c
 * and extcap/ (fixed-width types only).
 */
#ifndef PODSHARK_PROBE_H
#define PODSHARK_PROBE_H

#include "podshark_record.h"

/* Counters the probe keeps per CPU; the extcap sums them.  Every syscall entry
 * the probe selects is counted in "selected" before anything can drop it, and
 * ends as one record in the ring, one counted drop, or one
 * entry still active in the pending map when the capture stops:
 *   selected = records + ring_full + pending_full + exit_lost + sampled_out
 *              + active at stop */
struct podshark_probe_stats {
	__u64 selected;     /* entries kept after in-kernel selection */
	__u64 ring_full;    /* records lost: no room in the ring */
	__u64 pending_full; /* records lost: no room to remember the entry */
	__u64 exit_lost;    /* records lost: an entry was replaced before its exit was seen */
	__u64 entry_lost;   /* exits without a remembered entry (the call began before attach) */
	__u64 args_lost;    /* calls whose argument memory found no room in the ring */
	__u64 sampled_out;  /* calls left out by sampling while the ring was filling */
	__u64 sample_tick;  /* the sampling's counter (not an event count) */
	__u64 last_wakeup_ns; /* when this CPU last woke the reader */
	__u64 wakeup_tick;    /* records this CPU submitted (not an event count) */
};

/* A call in progress, remembered from entry to exit: one per thread, in task
 * storage (or, for raw_tracepoint, a hash keyed by thread id).
 * The entry outlives the call: what rarely changes about the thread is kept
 * in it between calls, each with what makes it stale. */
struct podshark_pending_call {
	__u32 active;     /* 1 between entry and exit */
	__u32 fault_mask; /* arguments whose string could not be read at entry (the page was
			     not in memory yet): read again at exit */
	__u8 identity_valid; /* the namespaces, vpid/vtid and loginuid in rec are the
				thread's: read once, again after setns/unshare/exec */
	__u8 comm_valid;     /* rec.comm is the thread's name: read once, then written by
				the probe's task_rename hook (exec, prctl, /proc/PID/comm) */
	__u8 reserved[2];
	__u32 cgroup_gen;    /* rec.cgroup_id was read at this value of the probe's
				cgroup_generation (0: never), which every migration bumps */
	struct podshark_syscall_rec rec;
};

/*
 * Memory the arguments point to travels from the probe to the extcap in side
 * records, one built at entry (input: paths, argv, addresses) and one at exit
 * (output: addresses, fds, bytes read), ahead of the syscall record of the
 * same call.  The extcap appends their extension items to that record
 * (matched by tid and entry_ns).  Never written to a capture.
 */
#define PODSHARK_PROBE_ARG_DATA 0x80 /* hdr.type of a side record */

struct podshark_arg_data {
	struct podshark_rec_hdr hdr;
	__u32 tid;
	__u32 io_uring; /* 1: of an io_uring request, joined by tid and entry_ns (a thread
			   has many requests in flight, but one call) */
	__u64 entry_ns; /* of the call, as in its syscall record */
	/* extension items follow (struct podshark_ext_hdr + struct podshark_ext_mem + bytes) */
};

/*
 * Syscall records gathered per CPU and sent to the ring together: one
 * reservation and commit for up to PODSHARK_BATCH_RECORDS records, the
 * costliest part of a record otherwise (docs/PERFORMANCE.md).  A batch not
 * full is sent by the program flush_batch, which the extcap runs on each CPU
 * at every read of the ring, and when the capture stops.  Never written to a
 * capture: the extcap hands on the records one by one.
 */
#define PODSHARK_PROBE_SYSCALL_BATCH 0x81 /* hdr.type of a batch */
#define PODSHARK_FLUSH_BUSY 1 /* flush_batch's return: the batch is being added to */
#define PODSHARK_BATCH_RECORDS 16

struct podshark_syscall_batch {
	struct podshark_rec_hdr hdr; /* total_len: up to the last record */
	__u32 count;                 /* records that follow */
	__u32 busy;                  /* a program of this CPU is adding a record */
	struct podshark_syscall_rec recs[PODSHARK_BATCH_RECORDS];
};

/* Probe-to-extcap flags in podshark_syscall_rec.flags, cleared before writing. */
#define PODSHARK_SC_PROBE_HAS_ARG_DATA (1u << 15) /* side records were sent for this call */
#define PODSHARK_SC_PROBE_MASK (1u << 15)

/* What to read for one argument (struct podshark_arg_plan.kind). */
enum podshark_plan_kind {
	PODSHARK_PLAN_NONE,
	PODSHARK_PLAN_STR,          /* entry: NUL-terminated string */
	PODSHARK_PLAN_ARGV,         /* entry: NULL-terminated string array */
	PODSHARK_PLAN_SOCKADDR_IN,  /* entry: sockaddr, length in argument len_arg */
	PODSHARK_PLAN_SOCKADDR_OUT, /* exit: sockaddr, length behind pointer argument len_arg */
	PODSHARK_PLAN_BUF_IN,       /* entry: payload, length in argument len_arg */
	PODSHARK_PLAN_BUF_OUT,      /* exit: payload, length = return value */
	PODSHARK_PLAN_MSG_IN,       /* entry: struct msghdr: msg_name and first iovec */
	PODSHARK_PLAN_MSG_OUT,      /* exit: struct msghdr: msg_name and first iovec */
	PODSHARK_PLAN_IOV_IN,       /* entry: first struct iovec's payload */
	PODSHARK_PLAN_IOV_OUT,      /* exit: first struct iovec's payload */
	PODSHARK_PLAN_FD_PAIR,      /* exit: int[2] */
	PODSHARK_PLAN_INT_OUT,      /* exit: int */
	PODSHARK_PLAN_STR_OUT,      /* exit: a NUL-terminated string the kernel wrote (getcwd) */
	PODSHARK_PLAN_STR_OUT_RET,  /* exit: a string of return-value bytes (readlink) */
	PODSHARK_PLAN_URING_PARAMS, /* exit: struct io_uring_params, its first 28 bytes (the
				       fields io_uring_setup reads and completes) */
	PODSHARK_PLAN_PRCTL_NAME,   /* exit: prctl's name argument, for PR_SET_NAME/PR_GET_NAME
				       (the option is the argument len_arg points to) */
};

/* The capture plan of one syscall, indexed like the selection bitmap. */
struct podshark_arg_plan {
	__u8 kind[6];    /* enum podshark_plan_kind per argument */
	__u8 len_arg[6]; /* the argument holding (or pointing to) the length */
	__u8 at_entry;   /* some argument is read at entry */
	__u8 at_exit;    /* some argument is read at exit */
	__u8 sock_fd;    /* at exit, the socket behind this argument's fd (0..5), the
			    returned fd (PODSHARK_PLAN_SOCK_RET), or none */
	__u8 changes_identity; /* success changes the thread's namespaces or program */
};

#define PODSHARK_PLAN_SOCK_RET 6
#define PODSHARK_PLAN_NO_SOCK 0xff

/* Processes whose calls the probe leaves out (podshark, the Wireshark processes
 * that read its output): a constant list the JIT compares against, cheaper than
 * any map lookup on every call of every task. */
#define PODSHARK_MAX_EXCLUDED 16

/* Index into the selection bitmap: compat (i386) calls use the upper half. */
#define PODSHARK_SELECT_SLOTS 1024
#define PODSHARK_SELECT_COMPAT_BASE 512

#endif /* PODSHARK_PROBE_H */

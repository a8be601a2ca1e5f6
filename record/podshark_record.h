/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The podshark record format: the one definition shared by the probe (which
 * fills records in the kernel), the extcap (which completes and writes them)
 * and the dissector (which decodes them).  docs/FORMAT.md describes it in
 * prose; keep the two in step.
 *
 * Every record is little-endian and starts with struct podshark_rec_hdr.
 * A record is carried in a pcapng Enhanced Packet Block on an interface of
 * link type LINKTYPE_WIRESHARK_UPPER_PDU (252), behind an exported-PDU tag
 * that names the "podshark" dissector.
 *
 * Only fixed-width types: this header is compiled by clang -target bpf (with
 * vmlinux.h, which defines __u8..__u64) and by the host C compiler.
 */
#ifndef PODSHARK_RECORD_H
#define PODSHARK_RECORD_H

#ifndef __bpf__
#include <linux/types.h>
#endif

/* Bumped only for changes an old decoder would misread.  Appending fields to
 * a fixed part or adding extension types does not change it. */
#define PODSHARK_FORMAT_VERSION 1

/* The dissector name written in the exported-PDU tag of every record. */
#define PODSHARK_DISSECTOR_NAME "podshark"

/*
 * The record types, the one list of them: X(NAME, value, name, fixed part
 * length).  The enum below, the codec's names and fixed lengths and the
 * dissector's names of podshark.record_type are all made from it, so a new
 * type is added here and nowhere else is forgotten.
 *   SYSCALL one completed (or unfinished) system call
 *   LOSS    events lost at this point of the stream
 *   PROC    a process: existing at start, forked, exec'd or exited
 *   FD      a file descriptor open when the capture started
 *   SOCK    a socket changed state in a process's context
 *   NODE    a remote node's capture started, failed or ended (merged captures)
 */
#define PODSHARK_REC_TYPES(X)                                        \
	X(SYSCALL, 1, "syscall", PODSHARK_SYSCALL_REC_LEN)            \
	X(LOSS, 2, "loss", PODSHARK_LOSS_REC_LEN)                     \
	X(PROC, 3, "proc", PODSHARK_PROC_REC_LEN)                     \
	X(FD, 4, "fd", PODSHARK_FD_REC_LEN)                           \
	X(SOCK, 5, "sock", PODSHARK_SOCK_REC_LEN)                     \
	X(NODE, 6, "node", PODSHARK_NODE_REC_LEN)

enum podshark_rec_type {
#define PODSHARK_REC_ENUM(name, value, text, fixed_len) PODSHARK_REC_##name = value,
	PODSHARK_REC_TYPES(PODSHARK_REC_ENUM)
#undef PODSHARK_REC_ENUM
};

struct podshark_rec_hdr {
	__u8 version;    /* PODSHARK_FORMAT_VERSION */
	__u8 type;       /* enum podshark_rec_type */
	__u16 fixed_len; /* bytes of header + fixed part; extensions start here */
	__u32 total_len; /* bytes of the whole record, extensions included */
};

/* struct podshark_syscall_rec.flags */
#define PODSHARK_SC_UNFINISHED (1u << 0) /* still in the kernel when the capture stopped */
#define PODSHARK_SC_NORETURN (1u << 1)   /* exit/exit_group: recorded at entry */
#define PODSHARK_SC_ENTRY_LOST (1u << 2) /* entry not seen: args and entry_ns unknown */
#define PODSHARK_SC_ARGS_LOST (1u << 3)  /* argument memory could not be delivered */
#define PODSHARK_SC_REDACTED (1u << 4)   /* strings were overwritten by --redact */
#define PODSHARK_SC_IO_URING (1u << 5)   /* an io_uring operation, not a system call: nr is the
					    call it stands for (PODSHARK_NR_NONE if none), uring
					    says which operation; entry_ns is its submission,
					    ret its completion's result */
#define PODSHARK_SC_UNDECODED (1u << 6)  /* IO_URING: the operation's arguments were not
					    read (the kernel refused the request before
					    preparing it, or its BTF does not describe
					    them): args are zero */

/* struct podshark_syscall_rec.nr of an io_uring operation no call stands for */
#define PODSHARK_NR_NONE 0xffffffffu

/* struct podshark_syscall_rec.uring (IO_URING records): the operation
 * (IORING_OP_*, include/uapi/linux/io_uring.h) in the low byte, and in the
 * high byte the submission's IOSQE_* flags (bits 0-6) and whether the ring
 * is polled by a kernel thread (IORING_SETUP_SQPOLL). */
#define PODSHARK_URING_OP(uring) ((uring) & 0xff)
#define PODSHARK_URING_SQE_FLAGS(uring) (((uring) >> 8) & 0x7f)
#define PODSHARK_URING_SQPOLL (1u << 15)
#define PODSHARK_URING_FIXED_FILE (1u << 8) /* IOSQE_FIXED_FILE, or the fd the request creates
					       goes to a slot: fds are registered-file indexes */
#define PODSHARK_URING_ASYNC (1u << 12)     /* IOSQE_ASYNC, or the kernel forced it: run by an
					       io-wq worker */

/* Linux namespaces, in the order of struct podshark_syscall_rec.ns_inum */
enum podshark_ns {
	PODSHARK_NS_PID,
	PODSHARK_NS_NET,
	PODSHARK_NS_MNT,
	PODSHARK_NS_UTS,
	PODSHARK_NS_IPC,
	PODSHARK_NS_USER,
	PODSHARK_NS_CGROUP,
	PODSHARK_NS_COUNT
};

/* ELF e_machine values of the syscall ABI in struct podshark_syscall_rec.arch */
#define PODSHARK_ARCH_I386 3
#define PODSHARK_ARCH_X86_64 62
#define PODSHARK_ARCH_AARCH64 183

#define PODSHARK_COMM_LEN 16

struct podshark_syscall_rec {
	struct podshark_rec_hdr hdr; /*   0 */
	__u64 evt_num;      /*   8 event number in capture order, set by the extcap */
	__u64 entry_ns;     /*  16 entry time: UNIX epoch ns in a capture (monotonic in the probe) */
	__u64 latency_ns;   /*  24 exit - entry; for unfinished calls, stop - entry */
	__s64 ret;          /*  32 return value as the kernel gave it (-errno on failure) */
	__u64 args[6];      /*  40 raw argument registers */
	__u64 cgroup_id;    /*  88 cgroup v2 id (inode of the cgroup directory) */
	__u32 nr;           /*  96 syscall number in the table of arch */
	__u16 arch;         /* 100 PODSHARK_ARCH_* */
	__u16 flags;        /* 102 PODSHARK_SC_* */
	__u16 cpu;          /* 104 CPU that ran the exit (entry for NORETURN) */
	__u16 uring;        /* 106 IO_URING: operation and flags (PODSHARK_URING_*); else zero */
	__u32 pid;          /* 108 host tgid */
	__u32 tid;          /* 112 host thread id */
	__u32 ppid;         /* 116 host tgid of the real parent */
	__u32 vpid;         /* 120 tgid in the task's own pid namespace */
	__u32 vtid;         /* 124 tid in the task's own pid namespace */
	__u32 uid;          /* 128 real uid, host user namespace */
	__u32 gid;          /* 132 real gid, host user namespace */
	__u32 loginuid;     /* 136 audit login uid, 0xffffffff when unset */
	__u32 ns_inum[PODSHARK_NS_COUNT]; /* 140 namespace inodes, enum podshark_ns order */
	char comm[PODSHARK_COMM_LEN];      /* 168 task comm at exit, NUL-padded */
};                                     /* 184 */

/* A LOSS record: the probe or the extcap could not deliver some events
 * between the previous LOSS record (or the start) and this point. */
struct podshark_loss_rec {
	struct podshark_rec_hdr hdr; /*  0 */
	__u64 evt_num;          /*  8 event number the next delivered event will get */
	__u64 ring_full;        /* 16 dropped in the kernel: ring buffer full */
	__u64 oversize;         /* 24 dropped in the kernel: record larger than allowed */
	__u64 user_dropped;     /* 32 dropped in user space (reorder or write back-pressure) */
	__u64 sampled_out;      /* 40 left out by sampling in the kernel (--overload sample) */
};                          /* 48 */

/*
 * Extensions: after the fixed part (at hdr.fixed_len) a record may carry a
 * sequence of type-length-value items up to hdr.total_len, each padded with
 * zeros to a multiple of 4 bytes.  A decoder shows and skips types it does
 * not know.  Types are defined with the records that use them.
 */
struct podshark_ext_hdr {
	__u16 type; /* PODSHARK_EXT_* */
	__u16 len;  /* bytes of value, not counting this header or the padding */
};

#define PODSHARK_EXT_ALIGN 4

/* Extension types of SYSCALL records: memory the call's arguments point to,
 * read by the probe.  Input (paths, argv, addresses given to the kernel) is
 * read at entry, because the caller could change it while the call runs;
 * output (addresses and fds the kernel returns, bytes read) at exit. */
enum podshark_ext_type {
	PODSHARK_EXT_STR = 1,      /* a NUL-terminated string (path, name): the bytes, no NUL */
	PODSHARK_EXT_ARGV = 2,     /* a NULL-terminated string array: each string NUL-terminated */
	PODSHARK_EXT_SOCKADDR = 3, /* a struct sockaddr as the kernel has it (family first) */
	PODSHARK_EXT_BUF = 4,      /* I/O payload, up to the capture's snap length */
	PODSHARK_EXT_FD_PAIR = 5,  /* int[2] written by pipe/pipe2/socketpair */
	PODSHARK_EXT_INT_OUT = 6,  /* an int the kernel wrote through a pointer (wait4 status) */
	PODSHARK_EXT_SOCK_TUPLE = 7, /* the socket behind the call's fd: struct podshark_sock_tuple
					(no podshark_ext_mem prefix) */
	PODSHARK_EXT_STRUCT = 8,   /* a structure an argument points to, as the kernel left it at
				      exit; the argument's type says which (io_uring_setup: the
				      first 28 bytes of struct io_uring_params) */
};

/* The addresses of a socket as the kernel has them at the end of the call
 * (after connect, the local port the kernel picked).  Addresses and ports in
 * network byte order, as on the wire; IPv4 in the first 4 bytes. */
struct podshark_sock_tuple {
	__u16 family;   /* AF_INET, AF_INET6, AF_UNIX */
	__u8 l4proto;   /* IPPROTO_TCP, IPPROTO_UDP, ...; 0 for unix */
	__u8 state;     /* the kernel's socket state (TCP_ESTABLISHED...) */
	__be16 sport;   /* local port */
	__be16 dport;   /* remote port */
	__u8 saddr[16]; /* local address */
	__u8 daddr[16]; /* remote address */
	__u64 ino;      /* the socket's inode, as in /proc/PID/fd: "socket:[ino]" */
};                  /* 48 */

/* Every memory extension's value starts with this 8-byte prefix, then the
 * bytes read. */
struct podshark_ext_mem {
	__u8 arg;       /* index of the argument (0..5) the memory belongs to */
	__u8 flags;     /* PODSHARK_MEM_* */
	__u16 count;    /* ARGV: strings captured; otherwise 0 */
	__u32 full_len; /* what the kernel had: BUF the I/O size, SOCKADDR the address
			   length, STR/ARGV 0 when not known */
};

#define PODSHARK_MEM_TRUNCATED (1u << 0) /* more than the bytes/strings captured */
#define PODSHARK_MEM_FAULT (1u << 1)     /* the pointer could not be read */
#define PODSHARK_MEM_AT_EXIT (1u << 2)   /* read at exit (output), not at entry */

/* struct podshark_proc_rec.kind */
enum podshark_proc_kind {
	PODSHARK_PROC_SNAPSHOT = 1, /* existed when the capture started (from /proc) */
	PODSHARK_PROC_FORK = 2,     /* a new process or thread (pid, tid: the child) */
	PODSHARK_PROC_EXEC = 3,     /* the process executed a new program */
	PODSHARK_PROC_EXIT = 4,     /* the process (its last thread) ended */
};

/* struct podshark_proc_rec.flags */
#define PODSHARK_PROC_THREAD (1u << 0) /* FORK: a thread of pid, not a new process */
#define PODSHARK_PROC_REDACTED (1u << 1) /* strings were overwritten by --redact */

/* The "arg" of the memory extensions of a PROC record says what they hold. */
enum podshark_proc_mem {
	PODSHARK_PROC_MEM_EXE = 0,  /* STR: executable path */
	PODSHARK_PROC_MEM_ARGS = 1, /* ARGV: command line, argv[0] first */
	PODSHARK_PROC_MEM_CWD = 2,  /* STR: working directory */
};

/* A process event.  FORK, EXEC and EXIT come from the kernel's scheduler
 * tracepoints, whatever syscalls are selected; SNAPSHOT records describe the
 * processes that exist when the capture starts, so that a capture is
 * self-contained.  Extensions: STR/ARGV items (enum podshark_proc_mem). */
struct podshark_proc_rec {
	struct podshark_rec_hdr hdr; /*   0 */
	__u64 evt_num;  /*   8 event number, like a syscall's */
	__u64 ts_ns;    /*  16 when, UNIX epoch ns (monotonic in the probe) */
	__u64 cgroup_id; /* 24 */
	__u32 kind;     /*  32 enum podshark_proc_kind */
	__u32 flags;    /*  36 PODSHARK_PROC_* */
	__u32 pid;      /*  40 host tgid (FORK: of the child) */
	__u32 tid;      /*  44 host tid (FORK: of the child) */
	__u32 ppid;     /*  48 host tgid of the parent */
	__u32 vpid;     /*  52 tgid in its own pid namespace */
	__u32 uid;      /*  56 */
	__u32 gid;      /*  60 */
	__u32 loginuid; /*  64 0xffffffff when unset */
	__u32 tty;      /*  68 controlling terminal, encoded as /proc/PID/stat's tty_nr; 0: none */
	__s32 exit_code; /* 72 EXIT: the wait status (exit code << 8 | signal) */
	__u32 ns_inum[PODSHARK_NS_COUNT]; /* 76 */
	char comm[PODSHARK_COMM_LEN];      /* 104 */
};                                     /* 120 */

/* struct podshark_fd_rec.fd_type: what an fd refers to, as Falco's fd.type
 * (name) and fd.typechar (letter): X(NAME, name, letter).  The enum and the
 * dissector's names come from this one list. */
#define PODSHARK_FD_TYPES(X)                   \
	X(OTHER, "other", "o")                 \
	X(FILE, "file", "f")                   \
	X(DIRECTORY, "directory", "d")         \
	X(IPV4, "ipv4", "4")                   \
	X(IPV6, "ipv6", "6")                   \
	X(UNIX, "unix", "u")                   \
	X(PIPE, "pipe", "p")                   \
	X(EVENT, "event", "e")                 \
	X(SIGNALFD, "signalfd", "s")           \
	X(EVENTPOLL, "eventpoll", "l")         \
	X(INOTIFY, "inotify", "i")             \
	X(TIMERFD, "timerfd", "t")             \
	X(NETLINK, "netlink", "n")             \
	X(MEMFD, "memfd", "m")                 \
	X(BPF, "bpf", "b")

enum podshark_fd_type {
#define PODSHARK_FD_ENUM(name, text, letter) PODSHARK_FD_##name,
	PODSHARK_FD_TYPES(PODSHARK_FD_ENUM)
#undef PODSHARK_FD_ENUM
};

/* A file descriptor open when the capture started, so that calls on it can be
 * named.  Extensions: STR (arg 0) the name (a path, or "pipe:[inode]"...),
 * SOCK_TUPLE for sockets. */
struct podshark_fd_rec {
	struct podshark_rec_hdr hdr; /*  0 */
	__u64 evt_num;  /*  8 */
	__u64 ts_ns;    /* 16 */
	__u64 ino;      /* 24 inode of what the fd refers to */
	__u32 pid;      /* 32 host tgid */
	__s32 fd;       /* 36 */
	__u32 fd_type;  /* 40 enum podshark_fd_type */
	__u32 open_flags; /* 44 O_* flags (O_CLOEXEC matters at exec) */
};                    /* 48 */

#define PODSHARK_SYSCALL_REC_LEN 184

/* A socket changing state where the kernel knows which task did it: a TCP
 * connect entering SYN_SENT, written before the SYN leaves, so that the
 * first packet of a flow can be tied to its process (the connect record
 * itself comes when the call returns). */
struct podshark_sock_rec {
	struct podshark_rec_hdr hdr; /*   0 */
	__u64 evt_num;    /*   8 */
	__u64 ts_ns;      /*  16 */
	__u64 cgroup_id;  /*  24 */
	__u32 pid;        /*  32 */
	__u32 tid;        /*  36 */
	__u32 uid;        /*  40 */
	__u32 netns;      /*  44 network namespace inode */
	__u16 old_state;  /*  48 the kernel's TCP state before (TCP_CLOSE = 7) */
	__u16 new_state;  /*  50 ... and after (TCP_SYN_SENT = 2) */
	__u32 reserved;   /*  52 */
	char comm[PODSHARK_COMM_LEN];     /*  56 */
	struct podshark_sock_tuple tuple; /*  72 */
};                                    /* 120 */
/* struct podshark_node_rec.kind */
enum podshark_node_kind {
	PODSHARK_NODE_STARTED = 1, /* the node's stream began */
	PODSHARK_NODE_CLOCK = 2,   /* the node's clock offset, as measured so far */
	PODSHARK_NODE_FAILED = 3,  /* the node could not be captured, or stopped early */
	PODSHARK_NODE_ENDED = 4,   /* the node's stream ended after the capture stopped */
};

/* A remote capture's note about one node (podshark-ssh, podshark-k8s),
 * written by the local side.  Extensions: STR arg 0 the node's name, STR
 * arg 1 the message (why it failed). */
struct podshark_node_rec {
	struct podshark_rec_hdr hdr; /*  0 */
	__u64 ts_ns;           /*  8 on the local clock */
	__s64 clock_offset_ns; /* 16 the node's clock minus the local one, less the one-way delay */
	__u32 kind;            /* 24 enum podshark_node_kind */
	__u32 reserved;        /* 28 */
	__u64 bytes;           /* 32 bytes of the node's stream received so far */
};                         /* 40 */

#define PODSHARK_LOSS_REC_LEN 48
#define PODSHARK_NODE_REC_LEN 40
#define PODSHARK_PROC_REC_LEN 120
#define PODSHARK_FD_REC_LEN 48
#define PODSHARK_SOCK_REC_LEN 120

#ifndef __bpf__
_Static_assert(sizeof(struct podshark_rec_hdr) == 8, "record header layout");
_Static_assert(sizeof(struct podshark_syscall_rec) == PODSHARK_SYSCALL_REC_LEN,
	       "syscall record layout");
_Static_assert(sizeof(struct podshark_loss_rec) == PODSHARK_LOSS_REC_LEN, "loss record layout");
_Static_assert(sizeof(struct podshark_ext_mem) == 8, "memory extension prefix layout");
_Static_assert(sizeof(struct podshark_proc_rec) == PODSHARK_PROC_REC_LEN, "proc record layout");
_Static_assert(sizeof(struct podshark_fd_rec) == PODSHARK_FD_REC_LEN, "fd record layout");
_Static_assert(sizeof(struct podshark_sock_tuple) == 48, "socket tuple layout");
_Static_assert(sizeof(struct podshark_sock_rec) == PODSHARK_SOCK_REC_LEN, "sock record layout");
_Static_assert(sizeof(struct podshark_node_rec) == PODSHARK_NODE_REC_LEN, "node record layout");
#endif

#endif /* PODSHARK_RECORD_H */

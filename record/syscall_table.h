/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What podshark knows about each system call: its name per architecture
 * (generated at build time from the system's <asm/unistd*.h>), its Falco
 * category and its arguments (record/syscalls.def).  Used by the extcap (to
 * turn --syscalls names into numbers) and by the dissector (to name and
 * render arguments).  Plain C, no GLib or Wireshark.
 */
#ifndef PODSHARK_SYSCALL_TABLE_H
#define PODSHARK_SYSCALL_TABLE_H

#include <stddef.h>

/* How an argument is shown; the dissector renders each type.  record/syscalls.def
 * names them without the PODSHARK_ARG_ prefix. */
enum podshark_arg_type {
	PODSHARK_ARG_INT,   /* signed decimal */
	PODSHARK_ARG_UINT,  /* unsigned decimal */
	PODSHARK_ARG_HEX,   /* unsigned hexadecimal */
	PODSHARK_ARG_PTR,   /* user pointer, hex, NULL for 0 */
	PODSHARK_ARG_FD,    /* file descriptor (int) */
	PODSHARK_ARG_DIRFD, /* fd or AT_FDCWD */
	PODSHARK_ARG_PATH,  /* pointer to a NUL-terminated path */
	PODSHARK_ARG_STR,   /* pointer to another NUL-terminated string */
	PODSHARK_ARG_SIZE,      /* byte count, unsigned decimal */
	PODSHARK_ARG_OFFSET,    /* file offset, signed decimal */
	PODSHARK_ARG_BUF,       /* pointer to data: its length is the next SIZE argument, or for
				   reads the return value */
	PODSHARK_ARG_ARGV,      /* pointer to a NULL-terminated array of string pointers */
	PODSHARK_ARG_SOCKADDR,  /* pointer to a struct sockaddr: its length is the next argument,
				   a value (SIZE) or a pointer to it (PTR: accept, recvfrom, ...) */
	PODSHARK_ARG_MODE,      /* file type and permission bits, octal: 0644, S_IFREG|0644 */
	PODSHARK_ARG_OPEN_FLAGS, /* O_RDONLY|O_CLOEXEC */
	PODSHARK_ARG_AT_FLAGS,  /* AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH|AT_REMOVEDIR... */
	PODSHARK_ARG_ACCESS_MODE, /* F_OK, or R_OK|W_OK|X_OK */
	PODSHARK_ARG_FD_FLAGS,  /* O_CLOEXEC|O_NONBLOCK of the calls that create an fd (pipe2,
				   dup3, accept4, eventfd2, epoll_create1, ...); 0 is "0" */
	PODSHARK_ARG_WHENCE,    /* SEEK_SET, SEEK_CUR, SEEK_END, SEEK_DATA, SEEK_HOLE */
	PODSHARK_ARG_FCNTL_CMD, /* F_GETFL, F_SETFD, ... */
	PODSHARK_ARG_IOCTL_REQ, /* a known request name, else _IOC(dir, type, nr, size) */
	PODSHARK_ARG_MOUNT_FLAGS, /* MS_RDONLY|MS_BIND|... */
	PODSHARK_ARG_UMOUNT_FLAGS, /* MNT_FORCE|MNT_DETACH|MNT_EXPIRE|UMOUNT_NOFOLLOW */
	PODSHARK_ARG_PROT,      /* PROT_READ|PROT_WRITE|PROT_EXEC, PROT_NONE */
	PODSHARK_ARG_MAP_FLAGS, /* MAP_PRIVATE|MAP_ANONYMOUS|... */
	PODSHARK_ARG_CLONE_FLAGS, /* CLONE_* of clone: the low byte is the exit signal */
	PODSHARK_ARG_SIGNAL,    /* signal number: SIGKILL */
	PODSHARK_ARG_SIGPROCMASK_HOW, /* SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK */
	PODSHARK_ARG_WAIT_OPTIONS, /* WNOHANG|WUNTRACED|__WALL... */
	PODSHARK_ARG_PID,       /* process or thread id, signed: 0, -1 and -pgid have meanings */
	PODSHARK_ARG_UID,       /* user id, unsigned; 4294967295 is "unchanged" (-1) */
	PODSHARK_ARG_GID,       /* group id, as UID */
	PODSHARK_ARG_SOCK_DOMAIN, /* AF_INET, AF_UNIX, ... */
	PODSHARK_ARG_SOCK_TYPE, /* SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK */
	PODSHARK_ARG_SOCKOPT_LEVEL, /* SOL_SOCKET, IPPROTO_TCP, ... */
	PODSHARK_ARG_MSG_FLAGS, /* MSG_DONTWAIT|MSG_NOSIGNAL|... */
	PODSHARK_ARG_PTRACE_REQ, /* PTRACE_ATTACH, ... */
	PODSHARK_ARG_PRCTL_OPT, /* PR_SET_NAME, ... */
	PODSHARK_ARG_BPF_CMD,   /* BPF_PROG_LOAD, ... */
	PODSHARK_ARG_SECCOMP_OP, /* SECCOMP_SET_MODE_STRICT, SECCOMP_SET_MODE_FILTER, ... */
	PODSHARK_ARG_FUTEX_OP,  /* FUTEX_WAIT|FUTEX_PRIVATE_FLAG, ... */
	PODSHARK_ARG_CLOCK_ID,  /* CLOCK_REALTIME, CLOCK_MONOTONIC, ... */
	PODSHARK_ARG_RLIMIT_RESOURCE, /* RLIMIT_NOFILE, ... */
	PODSHARK_ARG_NS_FLAGS,  /* CLONE_NEW* of unshare and setns: no exit signal in the low
				   byte, where CLONE_NEWTIME is */
	PODSHARK_ARG_STATX_FLAGS, /* AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW: the sync type
				     first, named even when 0 */
	PODSHARK_ARG_STATX_MASK, /* STATX_BASIC_STATS, STATX_MODE|STATX_SIZE, ... */
	PODSHARK_ARG_RENAME_FLAGS, /* RENAME_NOREPLACE|RENAME_EXCHANGE|RENAME_WHITEOUT */
	PODSHARK_ARG_FADVISE_ADVICE, /* POSIX_FADV_SEQUENTIAL, POSIX_FADV_DONTNEED, ... */
	PODSHARK_ARG_ARCH_PRCTL_CODE, /* ARCH_SET_FS, ARCH_GET_CPUID, ... (x86) */
	PODSHARK_ARG_GETRANDOM_FLAGS, /* GRND_NONBLOCK|GRND_RANDOM|GRND_INSECURE */
	PODSHARK_ARG_SHUTDOWN_HOW, /* SHUT_RD, SHUT_WR, SHUT_RDWR */
	PODSHARK_ARG_MREMAP_FLAGS, /* MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP */
	PODSHARK_ARG_MADVISE_ADVICE, /* MADV_DONTNEED, MADV_FREE, ... */
	PODSHARK_ARG_IO_URING_ENTER_FLAGS, /* IORING_ENTER_GETEVENTS|IORING_ENTER_SQ_WAKEUP */
	PODSHARK_ARG_IO_URING_REGISTER_OP, /* IORING_REGISTER_FILES, ... */
	PODSHARK_ARG_IO_URING_PARAMS, /* pointer to the struct io_uring_params io_uring_setup
					 reads and completes: its fields as the kernel left them */
	PODSHARK_ARG_TYPE_COUNT /* number of types above, not a type */
};

#define PODSHARK_MAX_ARGS 6

/* What an argument's memory is, where its type alone does not say
 * (record/syscalls.def: TYPE:name=ROLE). */
enum podshark_arg_role {
	PODSHARK_ROLE_NONE,        /* as its type says (a BUF with a length after it: input) */
	PODSHARK_ROLE_OUT,         /* =out: a BUF the kernel fills, as long as the return value */
	PODSHARK_ROLE_STR_OUT,     /* =str_out: a BUF the kernel fills with a NUL-terminated
				      string */
	PODSHARK_ROLE_STR_OUT_RET, /* =str_out_ret: a BUF filled with a string as long as the
				      return value */
	PODSHARK_ROLE_IOV_IN,      /* =iov_in: a struct iovec array given to the kernel */
	PODSHARK_ROLE_IOV_OUT,     /* =iov_out: a struct iovec array the kernel fills */
	PODSHARK_ROLE_MSG_IN,      /* =msg_in: a struct msghdr given to the kernel */
	PODSHARK_ROLE_MSG_OUT,     /* =msg_out: a struct msghdr the kernel fills */
	PODSHARK_ROLE_FD_PAIR,     /* =fd_pair: int[2] the kernel writes (pipe, socketpair) */
	PODSHARK_ROLE_WAIT_STATUS, /* =wait_status: an int the kernel writes, a wait status */
	PODSHARK_ROLE_TASK_NAME,   /* =task_name: prctl's PR_SET_NAME/PR_GET_NAME buffer (the
				      option is argument 0) */
};

/* What a call does to the caller's fd table, cwd and program
 * (record/syscalls.def: +fd=EFFECT).  The dissector keeps its tables by it. */
enum podshark_fd_effect {
	PODSHARK_FD_EFFECT_NONE,
	PODSHARK_FD_EFFECT_OPEN,        /* =open: a new fd on the PATH argument (relative: cwd) */
	PODSHARK_FD_EFFECT_OPENAT,      /* =openat: the same, relative to the DIRFD argument 0 */
	PODSHARK_FD_EFFECT_SOCKET,      /* =socket: a new socket fd */
	PODSHARK_FD_EFFECT_CONNECT,     /* =connect: fd argument 0 gets its remote address */
	PODSHARK_FD_EFFECT_BIND,        /* =bind: fd argument 0 gets its local address */
	PODSHARK_FD_EFFECT_LISTEN,      /* =listen: fd argument 0 becomes a server socket */
	PODSHARK_FD_EFFECT_ACCEPT,      /* =accept: a new connected socket fd */
	PODSHARK_FD_EFFECT_PIPE,        /* =pipe: two new pipe fds (the fd_pair argument) */
	PODSHARK_FD_EFFECT_SOCKETPAIR,  /* =socketpair: two new unix socket fds */
	PODSHARK_FD_EFFECT_DUP,         /* =dup: a copy of fd argument 0 */
	PODSHARK_FD_EFFECT_FCNTL,       /* =fcntl: F_DUPFD* copy, F_SETFD sets close-on-exec */
	PODSHARK_FD_EFFECT_CLOSE,       /* =close: fd argument 0 closed */
	PODSHARK_FD_EFFECT_CLOSE_RANGE, /* =close_range: fds argument 0..1 closed (or cloexec) */
	PODSHARK_FD_EFFECT_EXEC,        /* =exec: a new program; close-on-exec fds closed */
	PODSHARK_FD_EFFECT_CHDIR,       /* =chdir: cwd is the PATH argument */
	PODSHARK_FD_EFFECT_FCHDIR,      /* =fchdir: cwd is the path of fd argument 0 */
	PODSHARK_FD_EFFECT_ANON,        /* =anon: a new fd on an object with no path (fd_type,
					   fd_name) */
};

/* Whether the fd a call creates is close-on-exec (record/syscalls.def: +cloexec=...). */
enum podshark_cloexec {
	PODSHARK_CLOEXEC_NEVER,  /* no +cloexec: not unless fcntl says so later */
	PODSHARK_CLOEXEC_ALWAYS, /* +cloexec=always (bpf, pidfd_open) */
	PODSHARK_CLOEXEC_BY_ARG, /* +cloexec=ARG[:BIT]: when cloexec_bit is set in argument
				    cloexec_arg (BIT O_CLOEXEC unless named) */
};

/* How strace shows a call whose arguments or result depend on the value of
 * another argument (record/syscalls.def: +render=RULE); record/arg_render.c
 * has one renderer per rule. */
enum podshark_render {
	PODSHARK_RENDER_NONE,
	PODSHARK_RENDER_OPEN_MODE,       /* =open_mode: the MODE argument only with O_CREAT or
					    O_TMPFILE in the OPEN_FLAGS argument (open, openat) */
	PODSHARK_RENDER_FCNTL,           /* =fcntl: argument 2 by the command (argument 1), left
					    out for the commands that read a value; the result of
					    F_GETFL and F_GETFD as flags */
	PODSHARK_RENDER_MREMAP_FIXED,    /* =mremap_fixed: the new address (argument 4) only
					    with MREMAP_FIXED */
	PODSHARK_RENDER_PRCTL,           /* =prctl: argument 1 by the option (argument 0: a
					    capability, a signal), the unused ones left out */
	PODSHARK_RENDER_SOCKET_PROTOCOL, /* =socket_protocol: the protocol (argument 2) by the
					    family (argument 0) */
	PODSHARK_RENDER_SOCKOPT,         /* =sockopt: the option name (argument 2) by the level
					    (argument 1) */
	PODSHARK_RENDER_FUTEX_BITSET,    /* =futex_bitset: val3 (argument 5) as a bitset for the
					    *_BITSET operations */
	PODSHARK_RENDER_AT_EACCESS,      /* =at_eaccess: the AT_ flags (argument 3) with
					    AT_EACCESS, which has AT_REMOVEDIR's bit */
	PODSHARK_RENDER_SOCK_FLAGS,      /* =sock_flags: the flags (argument 3) as SOCK_CLOEXEC|
					    SOCK_NONBLOCK, in the header's order */
};

/* Facts about a call as a whole (record/syscalls.def: +flag words). */
#define PODSHARK_CALL_PRIVILEGE (1u << 0)    /* +privilege: changes privileges, namespaces or
						the mount tree, loads kernel code, or traces
						another process (expert info, evt.privilege) */
#define PODSHARK_CALL_IDENTITY (1u << 1)     /* +identity: namespaces, pid-namespace ids or
						loginuid may differ afterwards (the probe reads
						them again) */
#define PODSHARK_CALL_SOCKET (1u << 2)       /* +socket: acts on the socket of fd argument 0,
						described at exit (SOCK_TUPLE) */
#define PODSHARK_CALL_SOCKET_RET (1u << 3)   /* +socket_ret: returns a socket fd, described at
						exit */
#define PODSHARK_CALL_RETURNS_ADDR (1u << 4) /* +returns_addr: returns an address, shown in
						hex */
#define PODSHARK_CALL_IO_URING (1u << 5)     /* +io_uring: sets up, drives or registers
						resources of an io_uring ring
						(evt.io_uring_call) */

struct podshark_syscall_arg {
	const char *name; /* as in the kernel's prototype: "dfd", "filename", "flags" */
	int type;         /* enum podshark_arg_type */
	int role;         /* enum podshark_arg_role */
};

struct podshark_syscall_info {
	const char *name;     /* "openat" */
	const char *category; /* file, net, process, memory, ipc, signal, time, security, other */
	unsigned nargs;
	struct podshark_syscall_arg args[PODSHARK_MAX_ARGS];
	unsigned flags;       /* PODSHARK_CALL_* */
	int fd_effect;        /* enum podshark_fd_effect */
	int cloexec;          /* enum podshark_cloexec */
	int cloexec_arg;      /* PODSHARK_CLOEXEC_BY_ARG: the argument with the flag */
	unsigned cloexec_bit; /* PODSHARK_CLOEXEC_BY_ARG: the flag's bit */
	int fd_type;          /* PODSHARK_FD_EFFECT_ANON: enum podshark_fd_type of the new fd */
	const char *fd_name;  /* PODSHARK_FD_EFFECT_ANON: its name, as /proc/PID/fd shows it */
	int render;           /* enum podshark_render */
};

/* Whether the call opens a file by path (open, creat, openat, openat2): its
 * fd_effect is OPEN or OPENAT.  info may be NULL. */
int podshark_syscall_opens_path(const struct podshark_syscall_info *info);

/* The first argument of info whose type is arg_type, or -1. */
int podshark_syscall_arg_of_type(const struct podshark_syscall_info *info, int arg_type);

/* The first argument of info whose role is role, or -1. */
int podshark_syscall_arg_of_role(const struct podshark_syscall_info *info, int role);

/* The description of syscall nr in the table of arch (PODSHARK_ARCH_*), or NULL. */
const struct podshark_syscall_info *podshark_syscall_lookup(unsigned arch, unsigned nr);

/* The number of the syscall called name in arch, or -1. */
int podshark_syscall_nr(unsigned arch, const char *name);

/* One more than the highest syscall number of arch (0 for an unknown arch). */
unsigned podshark_syscall_count(unsigned arch);

#endif /* PODSHARK_SYSCALL_TABLE_H */

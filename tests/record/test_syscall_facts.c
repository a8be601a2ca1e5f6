/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The facts of record/syscalls.def (+FACT words and argument roles) against
 * the lists the rest of podshark used to keep by name: every syscall of every
 * table has exactly the facts written here, worked out from the kernel's
 * behaviour, not from the table.  A fact added to or dropped from the table
 * without changing this test fails it.
 */
#include <fcntl.h>
#include <linux/memfd.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"
#include "podshark_record.h"
#include "syscall_table.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int named(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return 1;
	return 0;
}

/* Calls that change credentials, namespaces or the mount tree, load code into
 * the kernel or trace another process: the expert info and the
 * k8s-security profile's "Privilege changes". */
static const char *const privilege[] = {
	"setns", "unshare", "mount", "fsmount", "move_mount", "pivot_root", "chroot", "ptrace",
	"bpf", "init_module", "finit_module", "setuid", "setgid", "setreuid", "setregid",
	"setresuid", "setresgid", "setfsuid", "setfsgid", "setgroups", "capset",
};
/* After these the probe reads namespaces, pid-namespace ids, loginuid again. */
static const char *const identity[] = { "setns", "unshare", "execve", "execveat" };
/* Calls on a socket fd (argument 0) whose addresses are read at exit. */
static const char *const socket_calls[] = {
	"connect", "bind", "listen", "sendto", "recvfrom", "sendmsg", "recvmsg",
	"sendmmsg", "recvmmsg", "getsockname", "getpeername", "shutdown",
};
static const char *const socket_ret[] = { "accept", "accept4" };
static const char *const returns_addr[] = { "mmap", "mmap2", "mremap", "brk", "shmat" };
/* The calls of io_uring itself: the profiles' io_uring button and colour. */
static const char *const io_uring[] = { "io_uring_setup", "io_uring_enter", "io_uring_register" };

/* What each call does to the fd table: effect, the argument whose cloexec bit
 * (bit) makes the new fd close-on-exec (-1: none, -2: always), anon fd type
 * and name. */
static const struct {
	const char *name;
	int effect, cloexec_arg;
	unsigned bit;
	int fd_type;
	const char *fd_name;
} effects[] = {
	{ "open", PODSHARK_FD_EFFECT_OPEN, 1, O_CLOEXEC, 0, NULL },
	{ "creat", PODSHARK_FD_EFFECT_OPEN, -1, 0, 0, NULL },
	{ "openat", PODSHARK_FD_EFFECT_OPENAT, 2, O_CLOEXEC, 0, NULL },
	{ "openat2", PODSHARK_FD_EFFECT_OPENAT, -1, 0, 0, NULL },
	{ "socket", PODSHARK_FD_EFFECT_SOCKET, 1, SOCK_CLOEXEC, 0, NULL },
	{ "connect", PODSHARK_FD_EFFECT_CONNECT, -1, 0, 0, NULL },
	{ "bind", PODSHARK_FD_EFFECT_BIND, -1, 0, 0, NULL },
	{ "listen", PODSHARK_FD_EFFECT_LISTEN, -1, 0, 0, NULL },
	{ "accept", PODSHARK_FD_EFFECT_ACCEPT, -1, 0, 0, NULL },
	{ "accept4", PODSHARK_FD_EFFECT_ACCEPT, 3, SOCK_CLOEXEC, 0, NULL },
	{ "pipe", PODSHARK_FD_EFFECT_PIPE, -1, 0, 0, NULL },
	{ "pipe2", PODSHARK_FD_EFFECT_PIPE, 1, O_CLOEXEC, 0, NULL },
	{ "socketpair", PODSHARK_FD_EFFECT_SOCKETPAIR, 1, SOCK_CLOEXEC, 0, NULL },
	{ "dup", PODSHARK_FD_EFFECT_DUP, -1, 0, 0, NULL },
	{ "dup2", PODSHARK_FD_EFFECT_DUP, -1, 0, 0, NULL },
	{ "dup3", PODSHARK_FD_EFFECT_DUP, 2, O_CLOEXEC, 0, NULL },
	{ "fcntl", PODSHARK_FD_EFFECT_FCNTL, -1, 0, 0, NULL },
	{ "fcntl64", PODSHARK_FD_EFFECT_FCNTL, -1, 0, 0, NULL },
	{ "close", PODSHARK_FD_EFFECT_CLOSE, -1, 0, 0, NULL },
	{ "close_range", PODSHARK_FD_EFFECT_CLOSE_RANGE, -1, 0, 0, NULL },
	{ "execve", PODSHARK_FD_EFFECT_EXEC, -1, 0, 0, NULL },
	{ "execveat", PODSHARK_FD_EFFECT_EXEC, -1, 0, 0, NULL },
	{ "chdir", PODSHARK_FD_EFFECT_CHDIR, -1, 0, 0, NULL },
	{ "fchdir", PODSHARK_FD_EFFECT_FCHDIR, -1, 0, 0, NULL },
	{ "eventfd", PODSHARK_FD_EFFECT_ANON, -1, 0, PODSHARK_FD_EVENT, "anon_inode:[eventfd]" },
	{ "eventfd2", PODSHARK_FD_EFFECT_ANON, 1, O_CLOEXEC, PODSHARK_FD_EVENT,
	  "anon_inode:[eventfd]" },
	{ "signalfd", PODSHARK_FD_EFFECT_ANON, -1, 0, PODSHARK_FD_SIGNALFD,
	  "anon_inode:[signalfd]" },
	{ "signalfd4", PODSHARK_FD_EFFECT_ANON, 3, O_CLOEXEC, PODSHARK_FD_SIGNALFD,
	  "anon_inode:[signalfd]" },
	{ "epoll_create", PODSHARK_FD_EFFECT_ANON, -1, 0, PODSHARK_FD_EVENTPOLL,
	  "anon_inode:[eventpoll]" },
	{ "epoll_create1", PODSHARK_FD_EFFECT_ANON, 0, O_CLOEXEC, PODSHARK_FD_EVENTPOLL,
	  "anon_inode:[eventpoll]" },
	{ "inotify_init", PODSHARK_FD_EFFECT_ANON, -1, 0, PODSHARK_FD_INOTIFY,
	  "anon_inode:inotify" },
	{ "inotify_init1", PODSHARK_FD_EFFECT_ANON, 0, O_CLOEXEC, PODSHARK_FD_INOTIFY,
	  "anon_inode:inotify" },
	{ "timerfd_create", PODSHARK_FD_EFFECT_ANON, 1, O_CLOEXEC, PODSHARK_FD_TIMERFD,
	  "anon_inode:[timerfd]" },
	{ "memfd_create", PODSHARK_FD_EFFECT_ANON, 1, MFD_CLOEXEC, PODSHARK_FD_MEMFD, "memfd:" },
	{ "bpf", PODSHARK_FD_EFFECT_ANON, -2, 0, PODSHARK_FD_BPF, "anon_inode:bpf" },
	{ "userfaultfd", PODSHARK_FD_EFFECT_ANON, 0, O_CLOEXEC, PODSHARK_FD_OTHER,
	  "anon_inode:[userfaultfd]" },
	{ "pidfd_open", PODSHARK_FD_EFFECT_ANON, -2, 0, PODSHARK_FD_OTHER, "anon_inode:[pidfd]" },
};

/* Arguments whose memory is not what their type alone says. */
static const struct {
	const char *name;
	unsigned arg;
	int role;
} roles[] = {
	{ "read", 1, PODSHARK_ROLE_OUT },         { "pread64", 1, PODSHARK_ROLE_OUT },
	{ "recvfrom", 1, PODSHARK_ROLE_OUT },     { "readv", 1, PODSHARK_ROLE_IOV_OUT },
	{ "preadv", 1, PODSHARK_ROLE_IOV_OUT },   { "preadv2", 1, PODSHARK_ROLE_IOV_OUT },
	{ "writev", 1, PODSHARK_ROLE_IOV_IN },    { "pwritev", 1, PODSHARK_ROLE_IOV_IN },
	{ "pwritev2", 1, PODSHARK_ROLE_IOV_IN },  { "getcwd", 0, PODSHARK_ROLE_STR_OUT },
	{ "readlink", 1, PODSHARK_ROLE_STR_OUT_RET },
	{ "readlinkat", 2, PODSHARK_ROLE_STR_OUT_RET },
	{ "sendmsg", 1, PODSHARK_ROLE_MSG_IN },   { "recvmsg", 1, PODSHARK_ROLE_MSG_OUT },
	{ "pipe", 0, PODSHARK_ROLE_FD_PAIR },     { "pipe2", 0, PODSHARK_ROLE_FD_PAIR },
	{ "socketpair", 3, PODSHARK_ROLE_FD_PAIR },
	{ "wait4", 1, PODSHARK_ROLE_WAIT_STATUS },
	{ "prctl", 1, PODSHARK_ROLE_TASK_NAME },
};

/* The calls strace shows with an argument or the result read by the value of
 * another argument (strace's own decoders: open.c, fcntl.c, mem.c, prctl.c,
 * net.c, futex.c, access.c). */
static const struct {
	const char *name;
	int rule;
} renders[] = {
	{ "open", PODSHARK_RENDER_OPEN_MODE },
	{ "openat", PODSHARK_RENDER_OPEN_MODE },
	{ "fcntl", PODSHARK_RENDER_FCNTL },
	{ "fcntl64", PODSHARK_RENDER_FCNTL },
	{ "mremap", PODSHARK_RENDER_MREMAP_FIXED },
	{ "prctl", PODSHARK_RENDER_PRCTL },
	{ "socket", PODSHARK_RENDER_SOCKET_PROTOCOL },
	{ "setsockopt", PODSHARK_RENDER_SOCKOPT },
	{ "getsockopt", PODSHARK_RENDER_SOCKOPT },
	{ "futex", PODSHARK_RENDER_FUTEX_BITSET },
	{ "futex_time64", PODSHARK_RENDER_FUTEX_BITSET },
	{ "faccessat2", PODSHARK_RENDER_AT_EACCESS },
	{ "accept4", PODSHARK_RENDER_SOCK_FLAGS },
};

static void check_flag(const struct podshark_syscall_info *info, unsigned flag,
		       const char *const *list, size_t n, const char *what)
{
	int want = named(info->name, list, n), have = !!(info->flags & flag);

	if (want != have)
		fprintf(stderr, "%s: %s is %s\n", info->name, what, have ? "set" : "missing");
	CHECK(want == have);
}

static void check_effect(const struct podshark_syscall_info *info)
{
	size_t i;

	for (i = 0; i < N(effects) && strcmp(effects[i].name, info->name); i++)
		;
	if (i == N(effects)) {
		CHECK(info->fd_effect == PODSHARK_FD_EFFECT_NONE);
		CHECK(info->cloexec == PODSHARK_CLOEXEC_NEVER && info->fd_name == NULL);
		return;
	}
	if (info->fd_effect != effects[i].effect)
		fprintf(stderr, "%s: fd effect %d, expected %d\n", info->name, info->fd_effect,
			effects[i].effect);
	CHECK(info->fd_effect == effects[i].effect);
	switch (effects[i].cloexec_arg) {
	case -1:
		CHECK(info->cloexec == PODSHARK_CLOEXEC_NEVER);
		break;
	case -2:
		CHECK(info->cloexec == PODSHARK_CLOEXEC_ALWAYS);
		break;
	default:
		CHECK(info->cloexec == PODSHARK_CLOEXEC_BY_ARG);
		CHECK(info->cloexec_arg == effects[i].cloexec_arg);
		CHECK(info->cloexec_bit == effects[i].bit);
	}
	CHECK(info->fd_type == effects[i].fd_type);
	CHECK_STR(info->fd_name, effects[i].fd_name);
}

static void check_render(const struct podshark_syscall_info *info)
{
	int want = PODSHARK_RENDER_NONE;

	for (size_t i = 0; i < N(renders); i++)
		if (!strcmp(renders[i].name, info->name))
			want = renders[i].rule;
	if (info->render != want)
		fprintf(stderr, "%s: rendering rule %d, expected %d\n", info->name, info->render,
			want);
	CHECK(info->render == want);
}

static void check_roles(const struct podshark_syscall_info *info)
{
	for (unsigned a = 0; a < info->nargs; a++) {
		int want = PODSHARK_ROLE_NONE;

		for (size_t i = 0; i < N(roles); i++)
			if (!strcmp(roles[i].name, info->name) && roles[i].arg == a)
				want = roles[i].role;
		if (info->args[a].role != want)
			fprintf(stderr, "%s: argument %u has role %d, expected %d\n", info->name,
				a, info->args[a].role, want);
		CHECK(info->args[a].role == want);
	}
}

static unsigned check_arch(unsigned arch)
{
	unsigned n = podshark_syscall_count(arch), checked = 0;

	for (unsigned nr = 0; nr < n; nr++) {
		const struct podshark_syscall_info *info = podshark_syscall_lookup(arch, nr);

		if (!info)
			continue;
		check_flag(info, PODSHARK_CALL_PRIVILEGE, privilege, N(privilege), "+privilege");
		check_flag(info, PODSHARK_CALL_IDENTITY, identity, N(identity), "+identity");
		check_flag(info, PODSHARK_CALL_SOCKET, socket_calls, N(socket_calls), "+socket");
		check_flag(info, PODSHARK_CALL_SOCKET_RET, socket_ret, N(socket_ret),
			   "+socket_ret");
		check_flag(info, PODSHARK_CALL_RETURNS_ADDR, returns_addr, N(returns_addr),
			   "+returns_addr");
		check_flag(info, PODSHARK_CALL_IO_URING, io_uring, N(io_uring), "+io_uring");
		check_effect(info);
		check_roles(info);
		check_render(info);
		/* the expert infos find the ring's setup and bpf by these types */
		CHECK((podshark_syscall_arg_of_type(info, PODSHARK_ARG_IO_URING_PARAMS) >= 0) ==
		      !strcmp(info->name, "io_uring_setup"));
		CHECK((podshark_syscall_arg_of_type(info, PODSHARK_ARG_BPF_CMD) >= 0) ==
		      !strcmp(info->name, "bpf"));
		CHECK(podshark_syscall_opens_path(info) ==
		      (!strcmp(info->name, "open") || !strcmp(info->name, "creat") ||
		       !strcmp(info->name, "openat") || !strcmp(info->name, "openat2")));
		checked++;
	}
	return checked;
}

/* The facts reach every architecture's entries, overrides (NAME@ARCH) included. */
static void test_tables(void)
{
	const struct podshark_syscall_info *mmap_i386;
	int nr;

	CHECK(check_arch(PODSHARK_ARCH_X86_64) > 300);
	CHECK(check_arch(PODSHARK_ARCH_I386) > 300);
	check_arch(PODSHARK_ARCH_AARCH64);
	nr = podshark_syscall_nr(PODSHARK_ARCH_I386, "mmap");
	CHECK(nr >= 0);
	mmap_i386 = podshark_syscall_lookup(PODSHARK_ARCH_I386, (unsigned)nr);
	CHECK(mmap_i386 && mmap_i386->nargs == 1 &&
	      (mmap_i386->flags & PODSHARK_CALL_RETURNS_ADDR));
}

/* Finding arguments by type and role, as the dissector and the extcap do. */
static void test_arg_lookups(void)
{
	int nr = podshark_syscall_nr(PODSHARK_ARCH_X86_64, "openat");
	const struct podshark_syscall_info *openat =
		nr >= 0 ? podshark_syscall_lookup(PODSHARK_ARCH_X86_64, (unsigned)nr) : NULL;

	CHECK(openat != NULL);
	if (!openat)
		return;
	CHECK(podshark_syscall_arg_of_type(openat, PODSHARK_ARG_OPEN_FLAGS) == 2);
	CHECK(podshark_syscall_arg_of_type(openat, PODSHARK_ARG_SOCKADDR) == -1);
	CHECK(podshark_syscall_arg_of_role(openat, PODSHARK_ROLE_OUT) == -1);
	CHECK(podshark_syscall_opens_path(NULL) == 0);
}

int main(void)
{
	test_tables();
	test_arg_lookups();
	return check_exit_status("test_syscall_facts");
}

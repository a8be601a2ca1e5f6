/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The probe's argument plans (extcap/arg_plan.c): for the calls that matter,
 * which argument memory is read, when, and with which length, as the kernel's
 * prototypes say it must be; the environment only when asked for.
 */
#include <string.h>

#include "check.h"
#include "arg_plan.h"
#include "syscall_table.h"

static struct podshark_arg_plan plans[PODSHARK_SELECT_SLOTS];

/* The plan of a native (x86_64 or arm64) call. */
static const struct podshark_arg_plan *plan_of(const char *name)
{
#if defined(__x86_64__)
	int nr = podshark_syscall_nr(PODSHARK_ARCH_X86_64, name);
#else
	int nr = podshark_syscall_nr(PODSHARK_ARCH_AARCH64, name);
#endif
	static const struct podshark_arg_plan none;

	CHECK(nr >= 0);
	return nr >= 0 ? &plans[nr] : &none;
}

#define NO_LEN 0xff

static void check_arg(const char *name, unsigned arg, int kind, int len_arg)
{
	const struct podshark_arg_plan *p = plan_of(name);

	if (p->kind[arg] != kind || p->len_arg[arg] != len_arg)
		fprintf(stderr, "%s argument %u: kind %u len_arg %u, expected %d %d\n", name, arg,
			p->kind[arg], p->len_arg[arg], kind, len_arg);
	CHECK(p->kind[arg] == kind && p->len_arg[arg] == len_arg);
}

static void test_memory_plans(void)
{
	arg_plan_build(plans, false);
	/* openat(dfd, filename, flags, mode): the path at entry, nothing else */
	check_arg("openat", 0, PODSHARK_PLAN_NONE, NO_LEN);
	check_arg("openat", 1, PODSHARK_PLAN_STR, NO_LEN);
	CHECK(plan_of("openat")->at_entry && !plan_of("openat")->at_exit);
	/* read fills buf with as many bytes as it returns; write gives count bytes */
	check_arg("read", 1, PODSHARK_PLAN_BUF_OUT, NO_LEN);
	CHECK(plan_of("read")->at_exit && !plan_of("read")->at_entry);
	check_arg("write", 1, PODSHARK_PLAN_BUF_IN, 2);
	check_arg("pread64", 1, PODSHARK_PLAN_BUF_OUT, NO_LEN);
	check_arg("recvfrom", 1, PODSHARK_PLAN_BUF_OUT, NO_LEN);
	check_arg("sendto", 1, PODSHARK_PLAN_BUF_IN, 2);
	/* addresses: given with their length, or returned behind a length pointer */
	check_arg("connect", 1, PODSHARK_PLAN_SOCKADDR_IN, 2);
	check_arg("sendto", 4, PODSHARK_PLAN_SOCKADDR_IN, 5);
	check_arg("accept", 1, PODSHARK_PLAN_SOCKADDR_OUT, 2);
	check_arg("recvfrom", 4, PODSHARK_PLAN_SOCKADDR_OUT, 5);
	/* strings the kernel writes */
	check_arg("getcwd", 0, PODSHARK_PLAN_STR_OUT, NO_LEN);
	check_arg("readlink", 1, PODSHARK_PLAN_STR_OUT_RET, NO_LEN);
	check_arg("readlinkat", 2, PODSHARK_PLAN_STR_OUT_RET, NO_LEN);
	/* vectors and messages: argument 1 */
	check_arg("readv", 1, PODSHARK_PLAN_IOV_OUT, NO_LEN);
	check_arg("preadv2", 1, PODSHARK_PLAN_IOV_OUT, NO_LEN);
	check_arg("writev", 1, PODSHARK_PLAN_IOV_IN, NO_LEN);
	check_arg("sendmsg", 1, PODSHARK_PLAN_MSG_IN, NO_LEN);
	check_arg("recvmsg", 1, PODSHARK_PLAN_MSG_OUT, NO_LEN);
	/* outputs that answer a question */
	check_arg("pipe2", 0, PODSHARK_PLAN_FD_PAIR, NO_LEN);
	check_arg("socketpair", 3, PODSHARK_PLAN_FD_PAIR, NO_LEN);
	check_arg("wait4", 1, PODSHARK_PLAN_INT_OUT, NO_LEN);
	check_arg("wait4", 3, PODSHARK_PLAN_NONE, NO_LEN);
	check_arg("prctl", 1, PODSHARK_PLAN_PRCTL_NAME, 0);
	/* a pointer with no known meaning is not read */
	check_arg("ioctl", 2, PODSHARK_PLAN_NONE, NO_LEN);
	/* execve: path and argv, the environment left out */
	check_arg("execve", 0, PODSHARK_PLAN_STR, NO_LEN);
	check_arg("execve", 1, PODSHARK_PLAN_ARGV, NO_LEN);
	check_arg("execve", 2, PODSHARK_PLAN_NONE, NO_LEN);
	check_arg("execveat", 3, PODSHARK_PLAN_NONE, NO_LEN);
	arg_plan_build(plans, true);
	check_arg("execve", 2, PODSHARK_PLAN_ARGV, NO_LEN);
	check_arg("execveat", 3, PODSHARK_PLAN_ARGV, NO_LEN);
}

/* Which calls have their socket described at exit, and which change identity. */
static void test_call_plans(void)
{
	static const char *const on_fd[] = { "connect", "bind", "listen", "sendto", "recvfrom",
					     "sendmsg", "recvmsg", "getsockname", "shutdown" };

	arg_plan_build(plans, false);
	for (size_t i = 0; i < sizeof(on_fd) / sizeof(on_fd[0]); i++) {
		CHECK(plan_of(on_fd[i])->sock_fd == 0);
		CHECK(plan_of(on_fd[i])->at_exit);
	}
	CHECK(plan_of("accept")->sock_fd == PODSHARK_PLAN_SOCK_RET);
	CHECK(plan_of("accept4")->sock_fd == PODSHARK_PLAN_SOCK_RET);
	CHECK(plan_of("read")->sock_fd == PODSHARK_PLAN_NO_SOCK);
	CHECK(plan_of("socket")->sock_fd == PODSHARK_PLAN_NO_SOCK);
	CHECK(plan_of("execve")->changes_identity && plan_of("setns")->changes_identity &&
	      plan_of("unshare")->changes_identity);
	CHECK(!plan_of("setuid")->changes_identity && !plan_of("clone")->changes_identity);
	CHECK(!plan_of("getppid")->at_entry && !plan_of("getppid")->at_exit);
}

#if defined(__x86_64__)
/* The i386 compat calls have their plans in their own slots. */
static void test_compat_slots(void)
{
	int nr = podshark_syscall_nr(PODSHARK_ARCH_I386, "read");

	arg_plan_build(plans, false);
	CHECK(nr >= 0);
	if (nr >= 0)
		CHECK(plans[PODSHARK_SELECT_COMPAT_BASE + nr].kind[1] == PODSHARK_PLAN_BUF_OUT);
}
#endif

int main(void)
{
	test_memory_plans();
	test_call_plans();
#if defined(__x86_64__)
	test_compat_slots();
#endif
	return check_exit_status("test_arg_plan");
}

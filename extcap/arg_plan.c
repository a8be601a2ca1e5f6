/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "arg_plan.h"

#include <string.h>

#include "native_abis.h"
#include "syscall_table.h"


static bool named(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

/* Calls whose BUF argument is filled by the kernel (the rest are given to it). */
static const char *const reads_into_buf[] = { "read", "pread64", "recv", "recvfrom", NULL };
static const char *const vector_reads[] = { "readv", "preadv", "preadv2", NULL };
/* Calls whose BUF argument receives a string: NUL-terminated, or as long as
 * the return value says. */
static const char *const string_into_buf[] = { "getcwd", NULL };
static const char *const counted_string_into_buf[] = { "readlink", "readlinkat", NULL };
static const char *const vector_writes[] = { "writev", "pwritev", "pwritev2", NULL };

/* Calls on a socket fd whose socket is worth describing at exit (the tuple
 * that ties a process to its packets): the fd argument, or the returned fd. */
static const char *const socket_calls[] = { "connect", "bind", "listen", "sendto", "recvfrom",
					    "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
					    "getsockname", "getpeername", "shutdown", NULL };
static const char *const socket_returning_calls[] = { "accept", "accept4", NULL };

/* Calls after which a thread's namespaces, pid-namespace ids or loginuid may
 * differ: the probe reads them again (it keeps them between calls). */
static const char *const identity_changing_calls[] = { "setns", "unshare", "execve",
							"execveat", NULL };

static bool is_length(int type)
{
	return type == PODSHARK_ARG_SIZE || type == PODSHARK_ARG_UINT || type == PODSHARK_ARG_INT;
}

static void plan_one(const struct podshark_syscall_info *info, struct podshark_arg_plan *plan,
		     bool capture_env)
{
	memset(plan, 0, sizeof(*plan));
	plan->sock_fd = PODSHARK_PLAN_NO_SOCK;
	if (named(info->name, socket_calls))
		plan->sock_fd = 0;
	else if (named(info->name, socket_returning_calls))
		plan->sock_fd = PODSHARK_PLAN_SOCK_RET;
	if (plan->sock_fd != PODSHARK_PLAN_NO_SOCK)
		plan->at_exit = 1;
	plan->changes_identity = named(info->name, identity_changing_calls);
	for (unsigned i = 0; i < info->nargs && i < 6; i++) {
		const struct podshark_syscall_arg *a = &info->args[i];
		const struct podshark_syscall_arg *next = i + 1 < info->nargs ? &info->args[i + 1] :
										 NULL;
		__u8 kind = PODSHARK_PLAN_NONE, len_arg = 0xff;

		switch (a->type) {
		case PODSHARK_ARG_PATH:
		case PODSHARK_ARG_STR:
			kind = PODSHARK_PLAN_STR;
			break;
		case PODSHARK_ARG_ARGV:
			if (strcmp(a->name, "envp") != 0 || capture_env)
				kind = PODSHARK_PLAN_ARGV;
			break;
		case PODSHARK_ARG_SOCKADDR:
			/* a length given to the kernel, or a pointer it writes the length to */
			if (next && is_length(next->type))
				kind = PODSHARK_PLAN_SOCKADDR_IN;
			else if (next && next->type == PODSHARK_ARG_PTR)
				kind = PODSHARK_PLAN_SOCKADDR_OUT;
			len_arg = i + 1;
			break;
		case PODSHARK_ARG_BUF:
			if (named(info->name, string_into_buf)) {
				kind = PODSHARK_PLAN_STR_OUT;
			} else if (named(info->name, counted_string_into_buf)) {
				kind = PODSHARK_PLAN_STR_OUT_RET;
			} else if (named(info->name, reads_into_buf)) {
				kind = PODSHARK_PLAN_BUF_OUT;
			} else if (next && is_length(next->type)) {
				kind = PODSHARK_PLAN_BUF_IN;
				len_arg = i + 1;
			}
			break;
		case PODSHARK_ARG_PTR:
			if (strcmp(info->name, "sendmsg") == 0 && i == 1)
				kind = PODSHARK_PLAN_MSG_IN;
			else if (strcmp(info->name, "recvmsg") == 0 && i == 1)
				kind = PODSHARK_PLAN_MSG_OUT;
			else if (named(info->name, vector_reads) && i == 1)
				kind = PODSHARK_PLAN_IOV_OUT;
			else if (named(info->name, vector_writes) && i == 1)
				kind = PODSHARK_PLAN_IOV_IN;
			else if ((strcmp(info->name, "pipe") == 0 || strcmp(info->name, "pipe2") == 0) &&
				 i == 0)
				kind = PODSHARK_PLAN_FD_PAIR;
			else if (strcmp(info->name, "socketpair") == 0 && i == 3)
				kind = PODSHARK_PLAN_FD_PAIR;
			else if (strcmp(info->name, "wait4") == 0 && i == 1)
				kind = PODSHARK_PLAN_INT_OUT;
			break;
		case PODSHARK_ARG_IO_URING_PARAMS:
			kind = PODSHARK_PLAN_URING_PARAMS;
			break;
		case PODSHARK_ARG_HEX:
			/* prctl(PR_SET_NAME/PR_GET_NAME, name): the option is argument 0 */
			if (strcmp(info->name, "prctl") == 0 && i == 1) {
				kind = PODSHARK_PLAN_PRCTL_NAME;
				len_arg = 0;
			}
			break;
		}
		plan->kind[i] = kind;
		plan->len_arg[i] = len_arg;
		switch (kind) {
		case PODSHARK_PLAN_NONE:
			break;
		case PODSHARK_PLAN_STR:
		case PODSHARK_PLAN_ARGV:
		case PODSHARK_PLAN_SOCKADDR_IN:
		case PODSHARK_PLAN_BUF_IN:
		case PODSHARK_PLAN_MSG_IN:
		case PODSHARK_PLAN_IOV_IN:
			plan->at_entry = 1;
			break;
		default:
			plan->at_exit = 1;
		}
	}
}

void arg_plan_build(struct podshark_arg_plan *plans, bool capture_env)
{
	memset(plans, 0, PODSHARK_SELECT_SLOTS * sizeof(*plans));
	for (size_t a = 0; a < N_NATIVE_ABIS; a++) {
		unsigned count = podshark_syscall_count(native_abis[a].arch);

		for (unsigned nr = 0; nr < count && native_abis[a].base + nr < PODSHARK_SELECT_SLOTS; nr++) {
			const struct podshark_syscall_info *info =
				podshark_syscall_lookup(native_abis[a].arch, nr);

			if (info)
				plan_one(info, &plans[native_abis[a].base + nr], capture_env);
		}
	}
}

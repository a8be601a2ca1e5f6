/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The probe's argument plans, from the types, roles and facts of
 * record/syscalls.def: no list of syscall names here. */
#include "arg_plan.h"

#include <string.h>

#include "native_abis.h"
#include "syscall_table.h"

static bool is_length(int type)
{
	return type == PODSHARK_ARG_SIZE || type == PODSHARK_ARG_UINT || type == PODSHARK_ARG_INT;
}

/* How the memory of a PTR argument of this role is read. */
static __u8 pointer_plan(int role)
{
	switch (role) {
	case PODSHARK_ROLE_MSG_IN:
		return PODSHARK_PLAN_MSG_IN;
	case PODSHARK_ROLE_MSG_OUT:
		return PODSHARK_PLAN_MSG_OUT;
	case PODSHARK_ROLE_IOV_IN:
		return PODSHARK_PLAN_IOV_IN;
	case PODSHARK_ROLE_IOV_OUT:
		return PODSHARK_PLAN_IOV_OUT;
	case PODSHARK_ROLE_FD_PAIR:
		return PODSHARK_PLAN_FD_PAIR;
	case PODSHARK_ROLE_WAIT_STATUS:
		return PODSHARK_PLAN_INT_OUT;
	default:
		return PODSHARK_PLAN_NONE;
	}
}

static void plan_one(const struct podshark_syscall_info *info, struct podshark_arg_plan *plan,
		     bool capture_env)
{
	memset(plan, 0, sizeof(*plan));
	plan->sock_fd = PODSHARK_PLAN_NO_SOCK;
	if (info->flags & PODSHARK_CALL_SOCKET)
		plan->sock_fd = 0;
	else if (info->flags & PODSHARK_CALL_SOCKET_RET)
		plan->sock_fd = PODSHARK_PLAN_SOCK_RET;
	if (plan->sock_fd != PODSHARK_PLAN_NO_SOCK)
		plan->at_exit = 1;
	plan->changes_identity = !!(info->flags & PODSHARK_CALL_IDENTITY);
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
			if (a->role == PODSHARK_ROLE_STR_OUT) {
				kind = PODSHARK_PLAN_STR_OUT;
			} else if (a->role == PODSHARK_ROLE_STR_OUT_RET) {
				kind = PODSHARK_PLAN_STR_OUT_RET;
			} else if (a->role == PODSHARK_ROLE_OUT) {
				kind = PODSHARK_PLAN_BUF_OUT;
			} else if (next && is_length(next->type)) {
				kind = PODSHARK_PLAN_BUF_IN;
				len_arg = i + 1;
			}
			break;
		case PODSHARK_ARG_PTR:
			kind = pointer_plan(a->role);
			break;
		case PODSHARK_ARG_IO_URING_PARAMS:
			kind = PODSHARK_PLAN_URING_PARAMS;
			break;
		case PODSHARK_ARG_HEX:
			/* prctl(PR_SET_NAME/PR_GET_NAME, name): the option is argument 0 */
			if (a->role == PODSHARK_ROLE_TASK_NAME) {
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

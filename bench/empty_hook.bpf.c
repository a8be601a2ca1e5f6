// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Probes that do nothing, to measure what an attachment alone costs a system
 * call that the probe is not interested in (bench/empty_hook.c picks one pair):
 *
 *   raw_syscalls   tp_btf sys_enter and sys_exit, podshark's hooks: every
 *                  call of every task runs them (the floor under podshark)
 *   openat_tp      the per-syscall tracepoints of openat only
 *   openat_fentry  fentry/fexit on the kernel's openat function only
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/sys_enter")
int raw_syscalls_enter(void *ctx)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int raw_syscalls_exit(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int openat_tp_enter(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int openat_tp_exit(void *ctx)
{
	return 0;
}

/* the function's name depends on the architecture: set by the loader */
SEC("fentry")
int openat_fentry_enter(void *ctx)
{
	return 0;
}

SEC("fexit")
int openat_fentry_exit(void *ctx)
{
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to record/: the tables of named constants that
 * record/gen/gen-const-table.sh generates from the system headers at build
 * time (the list, with the header of each, is record/arg_tables.cmake) and
 * arg_render.c searches.  Each array ends with { 0, NULL }.
 */
#ifndef PODSHARK_ARG_TABLES_H
#define PODSHARK_ARG_TABLES_H

#include <stddef.h>
#include <stdint.h>

struct podshark_const {
	uint64_t value;
	const char *name;
};

/* One name per value, in the order the headers define them. */
extern const struct podshark_const podshark_const_open_accmode[];
extern const struct podshark_const podshark_const_open_flags[];
extern const struct podshark_const podshark_const_open_flags_aarch64[];
extern const struct podshark_const podshark_const_at_flags[];
extern const struct podshark_const podshark_const_at_eaccess[];
extern const struct podshark_const podshark_const_statx_sync[];
extern const struct podshark_const podshark_const_statx_mask[];
extern const struct podshark_const podshark_const_rename_flags[];
extern const struct podshark_const podshark_const_fadvise_advice[];
extern const struct podshark_const podshark_const_access_mode[];
extern const struct podshark_const podshark_const_file_type[];
extern const struct podshark_const podshark_const_whence[];
extern const struct podshark_const podshark_const_fcntl_cmd[];
extern const struct podshark_const podshark_const_ioctl_req[];
extern const struct podshark_const podshark_const_mount_flags[];
extern const struct podshark_const podshark_const_umount_flags[];
extern const struct podshark_const podshark_const_prot[];
extern const struct podshark_const podshark_const_map_type[];
extern const struct podshark_const podshark_const_map_flags[];
extern const struct podshark_const podshark_const_mremap_flags[];
extern const struct podshark_const podshark_const_madvise_advice[];
extern const struct podshark_const podshark_const_clone_flags[];
extern const struct podshark_const podshark_const_signal[];
extern const struct podshark_const podshark_const_sigprocmask_how[];
extern const struct podshark_const podshark_const_wait_options[];
extern const struct podshark_const podshark_const_sock_domain[];
extern const struct podshark_const podshark_const_sock_type[];
extern const struct podshark_const podshark_const_sock_type_flags[];
extern const struct podshark_const podshark_const_sockopt_level[];
extern const struct podshark_const podshark_const_shutdown_how[];
extern const struct podshark_const podshark_const_so_option[];
extern const struct podshark_const podshark_const_ip_option[];
extern const struct podshark_const podshark_const_ipv6_option[];
extern const struct podshark_const podshark_const_tcp_option[];
extern const struct podshark_const podshark_const_udp_option[];
extern const struct podshark_const podshark_const_netlink_option[];
extern const struct podshark_const podshark_const_msg_flags[];
extern const struct podshark_const podshark_const_ip_proto[];
extern const struct podshark_const podshark_const_netlink_proto[];
extern const struct podshark_const podshark_const_eth_proto[];
extern const struct podshark_const podshark_const_ptrace_req[];
extern const struct podshark_const podshark_const_ptrace_event[];
extern const struct podshark_const podshark_const_prctl_opt[];
extern const struct podshark_const podshark_const_capability[];
extern const struct podshark_const podshark_const_bpf_cmd[];
extern const struct podshark_const podshark_const_io_uring_setup_flags[];
extern const struct podshark_const podshark_const_io_uring_enter_flags[];
extern const struct podshark_const podshark_const_io_uring_register_op[];
extern const struct podshark_const podshark_const_seccomp_op[];
extern const struct podshark_const podshark_const_futex_op[];
extern const struct podshark_const podshark_const_futex_bitset[];
extern const struct podshark_const podshark_const_arch_prctl_code[];
extern const struct podshark_const podshark_const_getrandom_flags[];
extern const struct podshark_const podshark_const_clock_id[];
extern const struct podshark_const podshark_const_rlimit[];
extern const struct podshark_const podshark_const_ioc_dir[];

/* SIGRTMIN and _NSIG, looked up by name. */
extern const struct podshark_const podshark_const_signal_limits[];

#endif /* PODSHARK_ARG_TABLES_H */

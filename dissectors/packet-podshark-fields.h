/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fields and protocols that several dissector files fill, shared by their
 * ids: registered by the file named, added by the others (a filter on
 * proc.pid selects a process's SYSCALL, PROC, FD and SOCK frames alike), or
 * read (the Falco rules read evt.type and proc.name).
 */
#ifndef PACKET_PODSHARK_FIELDS_H
#define PACKET_PODSHARK_FIELDS_H

/* packet-podshark-syscall.c */
extern int podshark_proto_user;
extern int podshark_proto_group;
extern int podshark_hf_evt_num;
extern int podshark_hf_evt_type;
extern int podshark_hf_user_uid;
extern int podshark_hf_user_loginuid;
extern int podshark_hf_group_gid;

/* packet-podshark-context.c: the proc.* and fd.* families */
extern int podshark_proto_proc;
extern int podshark_hf_proc_pid;
extern int podshark_hf_proc_tid;
extern int podshark_hf_proc_ppid;
extern int podshark_hf_proc_vpid;
extern int podshark_hf_proc_vtid;
extern int podshark_hf_proc_name;
extern int podshark_hf_proc_cgroup_id;
extern int podshark_hf_fd_num;

/* packet-podshark-k8s.c */
extern int podshark_hf_container_id;

#endif /* PACKET_PODSHARK_FIELDS_H */

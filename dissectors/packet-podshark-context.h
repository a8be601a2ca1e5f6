/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Process and file-descriptor context: the tables that PROC, FD and SYSCALL
 * records build in capture order (command lines, parents, working
 * directories, what each fd of each process refers to), and what a frame
 * shows of them: the proc.* context fields and the fd.* fields.
 *
 * Wireshark dissects frames again and out of order (selecting a packet,
 * refiltering); the tables only hold on the first pass, in order.  So each
 * frame's context is computed on the first pass and kept with the frame
 * (p_add_proto_data), and later passes show what was kept.  Everything is
 * allocated in wmem_file_scope(); a table entry, once made, never changes:
 * a change makes a new version, so a frame's context stays as it was.
 */
#ifndef PACKET_PODSHARK_CONTEXT_H
#define PACKET_PODSHARK_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

#include <epan/packet.h>

#include "record_codec.h"
#include "syscall_table.h"

/* Ancestors shown as proc.aname; a longer chain is cut. */
#define PODSHARK_MAX_ANCESTORS 16
/* fds a call acts on (sendfile's two, a pipe's pair, dup2's old and new) */
#define PODSHARK_MAX_FRAME_FDS 4

/* The fd.type of an fd whose type is not known (opened before the capture,
 * with no FD record). */
#define PODSHARK_FD_UNKNOWN UINT32_MAX

struct podshark_fd {
	int32_t num;          /* -1: the path of a failed open, not an fd */
	uint32_t type;        /* enum podshark_fd_type, or PODSHARK_FD_UNKNOWN */
	bool cloexec;
	const char *name;     /* NULL when not known */
	const char *uid;      /* "pid:fd:evt": unique per open; NULL for a failed open */
	/* sockets, when the addresses are known */
	bool has_addrs;
	bool role_known;      /* from connect (client) or accept (server) */
	bool is_server;
	uint16_t family;      /* AF_INET, AF_INET6 */
	uint8_t l4proto;      /* IPPROTO_* */
	uint8_t laddr[16], raddr[16];
	uint16_t lport, rport; /* host byte order */
};

struct podshark_frame_ctx {
	bool proc_known; /* the process was seen before (its table entry) */
	const char *exepath, *exe, *args, *cmdline, *cwd;
	const char *pname, *pcmdline, *pexepath;
	const char *anames[PODSHARK_MAX_ANCESTORS];
	unsigned n_anames;
	bool have_tty;
	uint32_t tty;
	bool have_ns;
	uint32_t ns_inum[PODSHARK_NS_COUNT]; /* enum podshark_ns order */
	const struct podshark_fd *fds[PODSHARK_MAX_FRAME_FDS];
	unsigned n_fds;
};

/* A decoded PROC record (the codec does not know this record type). */
struct podshark_proc_event {
	uint64_t evt_num;
	uint32_t kind, flags, pid, tid, ppid, tty, loginuid;
	uint32_t ns_inum[PODSHARK_NS_COUNT];
	const char *comm;
};

/* A decoded FD record. */
struct podshark_fd_event {
	uint64_t evt_num;
	uint32_t pid, fd_type, open_flags;
	int32_t fd;
};

/* The context of a frame: computed from the record and the tables on the
 * first pass (updating the tables), kept with the frame for later passes. */
const struct podshark_frame_ctx *podshark_context_syscall(packet_info *pinfo,
							 const struct podshark_decoded *rec,
							 const uint8_t *buf,
							 const struct podshark_syscall_info *info);
const struct podshark_frame_ctx *podshark_context_proc(packet_info *pinfo,
						      const struct podshark_proc_event *ev,
						      const struct podshark_decoded *rec,
						      const uint8_t *buf);
const struct podshark_frame_ctx *podshark_context_fd(packet_info *pinfo,
						    const struct podshark_fd_event *ev,
						    const struct podshark_decoded *rec,
						    const uint8_t *buf);

/* proc.exepath, proc.cmdline, ..., proc.ns.* into the proc subtree: the same
 * process context on every frame that names a process (its calls, its PROC
 * records, its fds), so that a filter on it misses none of them. */
void podshark_context_add_proc(proto_tree *proc_tree, tvbuff_t *tvb,
			       const struct podshark_frame_ctx *ctx);
/* One fd subtree per fd the frame acts on. */
void podshark_context_add_fds(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
			      const struct podshark_frame_ctx *ctx);
/* fd.name of the first fd, or NULL. */
const char *podshark_context_fd_name(const struct podshark_frame_ctx *ctx);

/* Registers the proc and fd protocols and all their fields. */
void proto_register_podshark_context(void);

#endif /* PACKET_PODSHARK_CONTEXT_H */

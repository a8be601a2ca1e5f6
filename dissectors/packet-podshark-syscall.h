/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SYSCALL dissector's interface (packet-podshark-syscall.c): what it
 * tells the analysis views about each system call record with all its
 * fields: the security expert infos (packet-podshark-expert.c), called while
 * the frame is dissected, and the statistics trees (packet-podshark-stats.c),
 * fed through the tap of this name.  docs/TRIAGE.md lists both for users.
 */
#ifndef PACKET_PODSHARK_SYSCALL_H
#define PACKET_PODSHARK_SYSCALL_H

#include <stdbool.h>

#include <epan/packet.h>

#include "packet-podshark-context.h"
#include "record_codec.h"
#include "syscall_table.h"

#define PODSHARK_SYSCALL_TAP "podshark.syscall"

/* One system call, as the SYSCALL dissector decoded it (pinfo->pool). */
struct podshark_syscall_summary {
	const char *type;                         /* evt.type */
	const struct podshark_syscall_info *info; /* NULL: not in the tables */
	const struct podshark_syscall_rec *sc;    /* the record's fixed part */
	const struct podshark_decoded *rec;       /* the record, with */
	const uint8_t *buf;                       /* its bytes (memory extensions) */
	const struct podshark_frame_ctx *ctx;     /* the process and the fds it acts on */
	const char *comm;                         /* proc.name, escaped */
	bool returned;                            /* neither unfinished nor without return */
	bool failed;                              /* returned an error */
	const char *res;                          /* evt.res when returned, else NULL */
};

/* Where a frame comes from, for messages and statistics: "namespace/pod",
 * else the container's name (or id), else "host" (also for interfaces
 * without podshark metadata).  Valid for the open file. */
const char *podshark_workload(packet_info *pinfo);

/* Whether the frame's interface is a container's (container.id not "host"). */
bool podshark_in_container(packet_info *pinfo);

/* What the call does to the fd table (record/syscalls.def's +fd=), or
 * PODSHARK_FD_EFFECT_NONE for a call not in the tables. */
int podshark_fd_effect(const struct podshark_syscall_summary *s);

/* Whether the call is a connect that succeeded or is on its way (a
 * non-blocking connect returns EINPROGRESS). */
bool podshark_connect_started(const struct podshark_syscall_summary *s);

/* The internet socket (with its addresses) the call acts on, or for accept
 * the one it returns; NULL when there is none. */
const struct podshark_fd *podshark_inet_fd(const struct podshark_syscall_summary *s);

/* One end of an internet socket: "10.0.0.7:443", "[::1]:53". */
const char *podshark_endpoint(wmem_allocator_t *scope, const struct podshark_fd *f, bool remote);

/* Adds the security expert infos of the call to item (the evt subtree). */
void podshark_expert_syscall(packet_info *pinfo, proto_item *item,
			     const struct podshark_syscall_summary *s);

/* After proto_register_podshark (the expert infos are the podshark protocol's). */
void proto_register_podshark_expert(void);
/* The statistics trees on the tap PODSHARK_SYSCALL_TAP: a tap plugin's
 * register_tap_listener, after every protocol and tap is registered. */
void podshark_stats_register(void);
/* The Falco rule hits tree (packet-podshark-rules.c), likewise. */
void podshark_rules_stats_register(void);

#endif /* PACKET_PODSHARK_SYSCALL_H */

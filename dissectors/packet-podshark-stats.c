/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics of the system calls: stats_tree trees on the SYSCALL
 * dissector's tap, in Statistics > podshark and as tshark -z NAME,tree
 * (docs/TRIAGE.md, "Statistics"):
 *
 *   podshark_pods     system calls by pod (or container, or host), then by call
 *   podshark_procs    system calls by process name, then by call
 *   podshark_errors   failed calls by call, then by errno
 *   podshark_latency  latency of the calls that returned, per call: count,
 *                     mean, min and max in microseconds
 *   podshark_files    opens by pod, then by path (failed ones too)
 *   podshark_conns    connections by pod: outbound (connect, succeeded or in
 *                     progress), inbound (accept) and listening, by address
 */
#include <netinet/in.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/stats_tree.h>

#include "packet-podshark-syscall.h"
#include "ws_compat.h"

static const char st_pods[] = "System calls by pod";
static const char st_procs[] = "System calls by process";
static const char st_errors[] = "Errors by system call";
static const char st_latency[] = "Latency by system call (us)";
static const char st_files[] = "Opens by pod";
static const char st_conns[] = "Connections by pod";

static int node_pods = -1;
static int node_procs = -1;
static int node_errors = -1;
static int node_latency = -1;
static int node_files = -1;
static int node_conns = -1;

static void pods_init(stats_tree *st)
{
	node_pods = stats_tree_create_node(st, st_pods, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status pods_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
				     const void *data, tap_flags_t flags _U_)
{
	const struct podshark_syscall_summary *s = data;
	int pod;

	tick_stat_node(st, st_pods, 0, TRUE);
	pod = tick_stat_node(st, podshark_workload(pinfo), node_pods, TRUE);
	tick_stat_node(st, s->type, pod, FALSE);
	return TAP_PACKET_REDRAW;
}

static void procs_init(stats_tree *st)
{
	node_procs = stats_tree_create_node(st, st_procs, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status procs_packet(stats_tree *st, packet_info *pinfo _U_,
				      epan_dissect_t *edt _U_, const void *data,
				      tap_flags_t flags _U_)
{
	const struct podshark_syscall_summary *s = data;
	int proc;

	tick_stat_node(st, st_procs, 0, TRUE);
	proc = tick_stat_node(st, s->comm, node_procs, TRUE);
	tick_stat_node(st, s->type, proc, FALSE);
	return TAP_PACKET_REDRAW;
}

static void errors_init(stats_tree *st)
{
	node_errors = stats_tree_create_node(st, st_errors, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status errors_packet(stats_tree *st, packet_info *pinfo _U_,
				       epan_dissect_t *edt _U_, const void *data,
				       tap_flags_t flags _U_)
{
	const struct podshark_syscall_summary *s = data;
	int call;

	if (!s->failed)
		return TAP_PACKET_DONT_REDRAW;
	tick_stat_node(st, st_errors, 0, TRUE);
	call = tick_stat_node(st, s->type, node_errors, TRUE);
	tick_stat_node(st, s->res, call, FALSE);
	return TAP_PACKET_REDRAW;
}

static void latency_init(stats_tree *st)
{
	node_latency = stats_tree_create_node(st, st_latency, 0, STAT_DT_FLOAT, TRUE);
}

/* Microseconds as a float: the tree's integers are 32 bits, too few for the
 * nanoseconds of a call that waits seconds. */
static tap_packet_status latency_packet(stats_tree *st, packet_info *pinfo _U_,
					epan_dissect_t *edt _U_, const void *data,
					tap_flags_t flags _U_)
{
	const struct podshark_syscall_summary *s = data;
	const float us = (float)((double)s->sc->latency_ns / 1000.0);

	/* An unfinished call's latency is only how long it had waited so far. */
	if (!s->returned)
		return TAP_PACKET_DONT_REDRAW;
	avg_stat_node_add_value_float(st, st_latency, 0, TRUE, us);
	avg_stat_node_add_value_float(st, s->type, node_latency, FALSE, us);
	return TAP_PACKET_REDRAW;
}

static void files_init(stats_tree *st)
{
	node_files = stats_tree_create_node(st, st_files, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status files_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
				      const void *data, tap_flags_t flags _U_)
{
	const struct podshark_syscall_summary *s = data;
	const char *path = podshark_context_fd_name(s->ctx);
	int pod;

	if (!s->returned || !podshark_syscall_opens_path(s->info) || !path)
		return TAP_PACKET_DONT_REDRAW;
	tick_stat_node(st, st_files, 0, TRUE);
	pod = tick_stat_node(st, podshark_workload(pinfo), node_files, TRUE);
	tick_stat_node(st, path, pod, FALSE);
	return TAP_PACKET_REDRAW;
}

static void conns_init(stats_tree *st)
{
	node_conns = stats_tree_create_node(st, st_conns, 0, STAT_DT_INT, TRUE);
}

/* "outbound", "inbound" or "listening" for a call that makes a connection
 * or a listener, else NULL. */
static const char *conn_kind(const struct podshark_syscall_summary *s)
{
	if (podshark_connect_started(s))
		return "outbound";
	if (s->failed)
		return NULL;
	if (podshark_fd_effect(s) == PODSHARK_FD_EFFECT_ACCEPT)
		return "inbound";
	if (podshark_fd_effect(s) == PODSHARK_FD_EFFECT_LISTEN)
		return "listening";
	return NULL;
}

static tap_packet_status conns_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
				      const void *data, tap_flags_t flags _U_)
{
	const struct podshark_syscall_summary *s = data;
	const struct podshark_fd *f = podshark_inet_fd(s);
	const char *kind = s->returned ? conn_kind(s) : NULL;
	const char *peer;
	int pod, by_kind;

	if (!kind || !f)
		return TAP_PACKET_DONT_REDRAW;
	/* The other end, or for a listener its own address. */
	peer = wmem_strdup_printf(pinfo->pool, "%s/%s",
				  podshark_endpoint(pinfo->pool, f, strcmp(kind, "listening")),
				  f->l4proto == IPPROTO_UDP ? "udp" :
				  f->l4proto == IPPROTO_TCP ? "tcp" : "ip");
	tick_stat_node(st, st_conns, 0, TRUE);
	pod = tick_stat_node(st, podshark_workload(pinfo), node_conns, TRUE);
	by_kind = tick_stat_node(st, kind, pod, TRUE);
	tick_stat_node(st, peer, by_kind, FALSE);
	return TAP_PACKET_REDRAW;
}

void podshark_stats_register(void)
{
	static const struct {
		const char *abbr, *name;
		stat_tree_packet_cb packet;
		stat_tree_init_cb init;
	} trees[] = {
		{ "podshark_pods", st_pods, pods_packet, pods_init },
		{ "podshark_procs", st_procs, procs_packet, procs_init },
		{ "podshark_errors", st_errors, errors_packet, errors_init },
		{ "podshark_latency", st_latency, latency_packet, latency_init },
		{ "podshark_files", st_files, files_packet, files_init },
		{ "podshark_conns", st_conns, conns_packet, conns_init },
	};

	for (size_t i = 0; i < array_length(trees); i++) {
		const char *menu = wmem_strdup_printf(wmem_epan_scope(), "podshark" PODSHARK_MENU_SEP "%s",
						      trees[i].name);

		stats_tree_register_plugin(PODSHARK_SYSCALL_TAP, trees[i].abbr, menu, 0,
					   trees[i].packet, trees[i].init, NULL);
	}
}

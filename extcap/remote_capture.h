/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The local side of a capture of several nodes (podshark-ssh, podshark-k8s):
 * one transport command per node (ssh, kubectl exec) runs the node's podshark,
 * whose pcapng arrives on the command's standard output.  The streams are
 * merged into one: each node's interfaces are written on with the node's name
 * in front ("node-2: shop/web-0 eth0"), its frames pass a reorder window and
 * leave in time order, its Interface Statistics Blocks are passed on as they
 * come (loss stays counted per node).  A heartbeat on each command's standard
 * input tells the node side that the local side is alive (remote_node.h).
 * A node that fails is named on stderr and in a NODE record; the others go on.
 */
#ifndef PODSHARK_REMOTE_CAPTURE_H
#define PODSHARK_REMOTE_CAPTURE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Default of --reorder-window: a node holds its records 100 ms for its own
 * ordering and writes every 50 ms; the rest is for the network. */
#define REMOTE_REORDER_WINDOW_MS 1000

struct remote_node_spec {
	char *name;  /* the node's name: interface prefix and evt.hostname */
	char **argv; /* the transport command, NULL-terminated */
};

void remote_node_specs_free(struct remote_node_spec *nodes, size_t n_nodes);

struct remote_capture_settings {
	const char *output_path;  /* named pipe, regular file, or "-" */
	const char *transport;    /* the interface: "podshark-ssh", "podshark-k8s" */
	const struct remote_node_spec *nodes;
	size_t n_nodes;
	uint64_t reorder_window_ns;
	bool verbose;
	volatile sig_atomic_t *stop_requested;
};

/* Runs until *stop_requested, every node's stream ended, or the reader went
 * away; then stops the nodes and waits for their last blocks.  Returns 0, or
 * -errno after a message (1 when no node could be captured at all). */
int remote_capture_run(const struct remote_capture_settings *settings);

#endif /* PODSHARK_REMOTE_CAPTURE_H */

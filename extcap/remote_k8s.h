/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * podshark-k8s: the nodes of a Kubernetes cluster, reached with the user's
 * kubectl and kubeconfig.  The capture runs in the podshark DaemonSet pod of
 * each node (`kubectl exec -i`), found by label the way Inspektor Gadget finds
 * its pods.  Which nodes: --nodes (globs on the node name), or the nodes that
 * run the pods --pods / --k8s-namespaces select (their spec.nodeName), or,
 * only when --all-nodes says so, every node.
 */
#ifndef PODSHARK_REMOTE_K8S_H
#define PODSHARK_REMOTE_K8S_H

#include <stdbool.h>
#include <stddef.h>

#include "remote_capture.h"

#define REMOTE_K8S_NAMESPACE "podshark"
#define REMOTE_K8S_SELECTOR "app.kubernetes.io/name=podshark"

struct remote_k8s_options {
	const char *kubeconfig;     /* NULL: kubectl's default */
	const char *context;        /* NULL: the kubeconfig's current context */
	const char *nodes;          /* comma-separated globs on node names */
	bool all_nodes;
	const char *pods;           /* the capture's --pods: name or namespace/name globs */
	const char *namespaces;     /* the capture's --k8s-namespaces */
	const char *daemonset_namespace; /* NULL: REMOTE_K8S_NAMESPACE */
	const char *daemonset_selector;  /* NULL: REMOTE_K8S_SELECTOR */
	const char *capture_command;     /* NULL: "podshark" */
	int heartbeat_timeout_s;
	char *const *capture_args;
};

/* One node spec per selected node; NULL with the reason in err.  Nodes
 * without a podshark pod are named on stderr and left out. */
struct remote_node_spec *remote_k8s_nodes(const struct remote_k8s_options *o, size_t *n_nodes,
					  char *err, size_t errlen);

#endif /* PODSHARK_REMOTE_K8S_H */

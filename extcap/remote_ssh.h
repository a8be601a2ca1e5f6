/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * podshark-ssh: the nodes reached with the OpenSSH client.  Options are named
 * as Wireshark's sshdump and sshdig name them.  ssh runs in batch mode (the
 * user's ssh_config, agent and ProxyJump apply; nothing prompts) and checks
 * host keys strictly: an unknown or changed host key fails the node.
 */
#ifndef PODSHARK_REMOTE_SSH_H
#define PODSHARK_REMOTE_SSH_H

#include <stdbool.h>
#include <stddef.h>

#include "remote_capture.h"

struct remote_ssh_options {
	const char *hosts;          /* comma-separated [user@]host[:port] */
	int port;                   /* 0: ssh's default (or ssh_config's) */
	const char *username;       /* NULL: ssh's default */
	const char *sshkey;         /* NULL: the agent's and ssh_config's keys */
	const char *sshkey_passphrase;
	const char *proxycommand;
	const char *priv;           /* NULL, "none", "sudo", "doas" */
	const char *priv_user;
	const char *capture_command; /* NULL: "podshark" */
	bool compress;              /* ssh -C: zlib on the wire (docs/PERFORMANCE.md) */
	int heartbeat_timeout_s;    /* the node's --heartbeat */
	char *const *capture_args;  /* the capture options passed on to every node */
};

/* One node spec per host; NULL with the reason in err for a bad option.
 * remote_ssh_cleanup() removes the decrypted copy of a key with a passphrase. */
struct remote_node_spec *remote_ssh_nodes(const struct remote_ssh_options *o, size_t *n_nodes,
					  char *err, size_t errlen);
void remote_ssh_cleanup(void);

/* The node-side command line (shared with podshark-k8s): the capture command,
 * its capture arguments and the heartbeat deadline, as argv. */
char **remote_node_argv(const char *capture_command, int heartbeat_timeout_s,
			char *const *capture_args);

#endif /* PODSHARK_REMOTE_SSH_H */

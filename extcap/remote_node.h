/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The node side of a remote capture (podshark-ssh, podshark-k8s): when only
 * the workstation's ssh or kubectl dies, nothing tells the podshark on the
 * node (sshd and the kubelet leave the command running), so it watches its
 * standard input itself.  The local side writes a heartbeat byte every
 * second; the end of input, or no byte within the deadline, stops the
 * capture.  A capture stuck in a write to a cut connection cannot stop by
 * itself: after a grace period the process exits, and the kernel unloads the
 * probe with the process's file descriptors.
 */
#ifndef PODSHARK_REMOTE_NODE_H
#define PODSHARK_REMOTE_NODE_H

#include <signal.h>

/* Seconds between the local side's heartbeat bytes. */
#define REMOTE_HEARTBEAT_INTERVAL_S 1
/* Seconds a stopping capture has to finish before the process exits. */
#define REMOTE_NODE_GRACE_S 3

/* What the node side writes to stderr when its input ends; the local side
 * ended it on a normal stop, and does not pass the line on. */
#define REMOTE_NODE_STOPPING "podshark: stopping: "
#define REMOTE_NODE_INPUT_ENDED "standard input ended (the local side went away)"
#define REMOTE_NODE_INPUT_ENDED_NOTICE REMOTE_NODE_STOPPING REMOTE_NODE_INPUT_ENDED

/* Starts watching standard input in a thread: sets *stop on its end, on a
 * read error, or when no byte came for deadline_s seconds.  Returns 0 or
 * -errno. */
int remote_node_watch_stdin(unsigned deadline_s, volatile sig_atomic_t *stop);

#endif /* PODSHARK_REMOTE_NODE_H */

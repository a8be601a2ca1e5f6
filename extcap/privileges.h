/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Least privilege for the capture: once the probe is loaded and attached,
 * the extcap keeps only the capabilities the rest of the capture uses, and
 * can never gain any back (docs/SECURITY.md).
 */
#ifndef PODSHARK_PRIVILEGES_H
#define PODSHARK_PRIVILEGES_H

#include <stdbool.h>
#include <stddef.h>

/* What the capture still does after the probe is attached. */
struct privilege_needs {
	bool capture_packets; /* open AF_PACKET sockets (libpcap): CAP_NET_RAW */
	bool enter_netns;     /* setns() into network namespaces (pods', the host's): CAP_SYS_ADMIN */
	/* Look at other users' processes and the container runtimes' state:
	 * /proc/PID/ns/net and /proc/PID/fd of processes whose owner or
	 * capabilities differ from ours (CAP_SYS_PTRACE), and directories
	 * such as /run/containerd that only root may search (CAP_DAC_READ_SEARCH). */
	bool inspect_processes;
	/* Reads the probe's maps (statistics): returns 0 when that works.  Since
	 * Linux 6.5 an open map needs no capability; before, with
	 * kernel.unprivileged_bpf_disabled set, every bpf() call needs CAP_BPF.
	 * privileges_drop() calls it with CAP_BPF no longer effective and keeps
	 * CAP_BPF when it fails.  NULL: CAP_BPF is dropped. */
	int (*check_bpf_access)(void *data);
	void *check_data;
};

/*
 * Drops every capability not in needs (CAP_BPF and CAP_PERFMON among them)
 * from the effective, permitted and inheritable sets and the ambient set,
 * and, when allowed to (CAP_SETPCAP), from the bounding set; then sets
 * PR_SET_NO_NEW_PRIVS so that no exec can give any back.  A capability in
 * needs that the process does not have stays absent.  Returns 0, or -errno
 * with one line in err.
 */
int privileges_drop(const struct privilege_needs *needs, char *err, size_t errlen);

/* The effective capabilities as text ("cap_net_raw,cap_sys_admin=ep", or "="
 * for none), for --debug; returns 0 or -errno. */
int privileges_describe(char *buf, size_t len);

#endif /* PODSHARK_PRIVILEGES_H */

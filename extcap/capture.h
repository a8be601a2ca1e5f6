/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A capture: probe -> reorder window -> pcapng, until told to stop. */
#ifndef PODSHARK_CAPTURE_H
#define PODSHARK_CAPTURE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "container_select.h"

struct capture_settings {
	const char *output_path; /* named pipe, regular file, or "-" */
	size_t ring_bytes;
	uint32_t sample_one_in;  /* 0: drop and count when the ring is full; N: sample 1 in N */
	const bool *selected;    /* NULL: every syscall */
	const pid_t *selected_pids;   /* NULL, or n_selected_pids processes to keep */
	size_t n_selected_pids;
	char *const *selected_comms;  /* NULL, or process names to keep (NULL-terminated) */
	struct container_select containers; /* containers and pods to keep */
	uint32_t string_max;     /* bytes of a path or string */
	uint32_t payload_snaplen; /* bytes of I/O payload, 0: none */
	bool capture_env;        /* read the environment of execs */
	char *const *redact;     /* NULL, or regular expressions of secrets to overwrite */
	bool redact_defaults;    /* and the built-in ones */
	const char *containerd_state; /* NULL: /run/containerd */
	const char *crio_runroot;     /* NULL: /run/containers/storage */
	const char *node_name;        /* evt.hostname of every interface */
	const char *cgroup_root;      /* NULL, or only cgroups under this one: a node's share */
	bool capture_packets;         /* packets of the pods (and the host) */
	bool pod_interfaces;          /* ... from every pod's network namespace */
	bool host_interfaces;         /* ... from the host's interfaces */
	const char *packet_filter;    /* capture filter for packets, may be NULL */
	int packet_snaplen;
	bool include_self;
	bool include_capture_tools;
	bool per_syscall_hooks;  /* hook only the selected calls (blind to 32-bit calls) */
	bool verbose;
	volatile sig_atomic_t *stop_requested;
};

/* Runs until *stop_requested, the reader goes away, or an error.  Prints one
 * line for an error; returns 0 or -errno. */
int capture_run(const struct capture_settings *settings);

/* Checks a capture filter; returns 0, or -1 with the reason in msg. */
int capture_check_filter(const char *filter, char *msg, size_t msglen);

#endif /* PODSHARK_CAPTURE_H */

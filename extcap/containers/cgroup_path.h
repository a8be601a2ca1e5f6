/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reads a container id, a pod UID and a pod QoS class out of a cgroup path, the
 * way the container runtimes and the kubelet name their cgroups.  Pure string
 * work: no file is opened, so it is safe on any input and cheap enough to run
 * once per new cgroup.
 *
 * Accepted input: a path relative to a cgroup mount ("/kubepods/..." or
 * "kubepods.slice/..."), the same on cgroup v1 and v2, or one line of
 * /proc/PID/cgroup ("0::/kubepods/...", "4:memory:/kubepods/...").
 */
#ifndef PODSHARK_CGROUP_PATH_H
#define PODSHARK_CGROUP_PATH_H

#include <stdbool.h>

/* Container ids of every supported runtime are 64 lowercase hex characters. */
#define CONTAINER_ID_LEN 64
/* Pod UIDs: 36 characters (8-4-4-4-12 hex), or 32 hex for static pods. */
#define POD_UID_MAX_LEN 36

enum container_runtime {
	CONTAINER_RUNTIME_NONE = 0, /* not in a container: the host */
	CONTAINER_RUNTIME_CONTAINERD,
	CONTAINER_RUNTIME_CRIO,
	CONTAINER_RUNTIME_DOCKER,
	CONTAINER_RUNTIME_PODMAN,
	CONTAINER_RUNTIME_NERDCTL,
	/* a container id with no runtime marker: the cgroupfs-driver kubelet layout
	 * "/kubepods/<qos>/pod<UID>/<id>" is written by containerd and cri-dockerd
	 * alike; the OCI bundle tells them apart */
	CONTAINER_RUNTIME_UNKNOWN,
};

enum pod_qos {
	POD_QOS_NONE = 0, /* not a pod */
	POD_QOS_GUARANTEED,
	POD_QOS_BURSTABLE,
	POD_QOS_BESTEFFORT,
};

struct cgroup_container_ref {
	enum container_runtime runtime;
	char container_id[CONTAINER_ID_LEN + 1]; /* "" when not in a container */
	char pod_uid[POD_UID_MAX_LEN + 1];       /* dashed form; "" when not in a pod */
	enum pod_qos qos;
};

/*
 * Parses a cgroup path.  Always fills *ref (zeroed first).  Returns true when the
 * path names a container.  The innermost path part that names a container wins,
 * so nested layouts (a kind node inside a docker container, systemd inside a
 * container) give the innermost container.  Conmon scopes of CRI-O and podman
 * are not containers.
 */
bool cgroup_path_parse(const char *path, struct cgroup_container_ref *ref);

/* Same for one line of /proc/PID/cgroup ("hierarchy-id:controllers:path", a trailing
 * newline allowed).  A line not of that form gives false and a zeroed *ref. */
bool cgroup_proc_line_parse(const char *line, struct cgroup_container_ref *ref);

/* "containerd", "cri-o", "docker", "podman", "nerdctl", "unknown", or "host". */
const char *container_runtime_name(enum container_runtime runtime);

/* "guaranteed", "burstable", "besteffort", or "" for POD_QOS_NONE. */
const char *pod_qos_name(enum pod_qos qos);

#endif /* PODSHARK_CGROUP_PATH_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reads a container's metadata from the OCI bundle its runtime keeps on disk,
 * with no call to the runtime's API:
 *
 *   containerd  <state>/io.containerd.runtime.v2.task/<namespace>/<id>/config.json
 *               (every namespace is searched; "k8s.io" is the CRI plugin's,
 *               "moby" Docker's), annotations io.kubernetes.cri.*
 *   CRI-O       <runroot>/overlay-containers/<id>/userdata/config.json,
 *               annotations io.kubernetes.cri-o.* and the kubelet's labels; rootful
 *               podman keeps its containers there too ("io.container.manager": "libpod")
 *
 * The files are written by root, but podshark treats them as untrusted input:
 * nothing below the configured state directories is followed through a symlink,
 * a file larger than OCI_BUNDLE_MAX_CONFIG_SIZE is not read, and malformed JSON,
 * values of the wrong JSON type, or a bundle that vanishes while it is read give
 * missing fields and one line to the caller's log function; never a crash.
 */
#ifndef PODSHARK_OCI_BUNDLE_H
#define PODSHARK_OCI_BUNDLE_H

#include "container_meta.h"

/* Real config.json files are a few KiB; 4 MiB leaves room for huge annotations. */
#define OCI_BUNDLE_MAX_CONFIG_SIZE (4u * 1024 * 1024)

#define OCI_BUNDLE_CONTAINERD_STATE_DEFAULT "/run/containerd"
#define OCI_BUNDLE_CRIO_RUNROOT_DEFAULT "/run/containers/storage"

/* Receives one complete line, without a trailing newline. */
typedef void (*container_log_fn)(void *user_data, const char *message);

struct oci_bundle_dirs {
	const char *containerd_state; /* NULL: OCI_BUNDLE_CONTAINERD_STATE_DEFAULT */
	const char *crio_runroot;     /* NULL: OCI_BUNDLE_CRIO_RUNROOT_DEFAULT */
};

/*
 * Looks container_id (64 lowercase hex; anything else is refused without
 * touching the disk) up in containerd's bundles, then in CRI-O's.  Returns a new
 * container_meta (caller unrefs), or NULL when no bundle of that id exists or it
 * cannot be read.  A missing bundle is normal (the container belongs to another
 * runtime) and is not logged; every other failure calls log (may be NULL) exactly
 * once per lookup.
 *
 * The result carries what the one bundle says.  For an application container,
 * the pod's labels and network namespace are the sandbox's: look meta->sandbox_id
 * up as well (container_cache does).
 */
struct container_meta *oci_bundle_read(const struct oci_bundle_dirs *dirs,
				       const char *container_id, container_log_fn log,
				       void *log_data);

#endif /* PODSHARK_OCI_BUNDLE_H */

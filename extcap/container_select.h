/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --containers, --pods, --k8s-namespaces, --containers-only: which
 * containers a capture keeps.  The extcap decides once per cgroup, when it
 * first learns of it, and puts the cgroups it keeps into the probe's
 * selected set: the kernel then returns early for every other task.
 */
#ifndef PODSHARK_CONTAINER_SELECT_H
#define PODSHARK_CONTAINER_SELECT_H

#include <stdbool.h>

#include "container_meta.h"

struct container_select {
	char **containers; /* globs on the container name or id, NULL-terminated, or NULL */
	char **pods;       /* globs on "pod" or "namespace/pod" */
	char **namespaces; /* globs on the Kubernetes namespace */
	bool containers_only;
};

/* Whether any container selector is set. */
bool container_select_active(const struct container_select *sel);

/* Whether the container (NULL: the host) is selected.  Selectors combine with
 * "or"; with none set every container and the host are. */
bool container_select_match(const struct container_select *sel, const struct container_meta *m);

#endif /* PODSHARK_CONTAINER_SELECT_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What podshark knows about one container: the values of the container.* and
 * k8s.* fields (named as Falco names them).  A container_meta is
 * immutable once built and reference counted, so that the cache can hand the
 * same one to every event of the container.
 */
#ifndef PODSHARK_CONTAINER_META_H
#define PODSHARK_CONTAINER_META_H

#include <stdbool.h>

#include <glib.h>

#include "cgroup_path.h"

#define CONTAINER_SHORT_ID_LEN 12

/* Every string is NULL when the runtime does not say; never "". */
struct container_meta {
	enum container_runtime runtime;      /* CONTAINER_RUNTIME_NONE for the host */
	char *full_id;                       /* 64 hex; NULL for the host */
	char short_id[CONTAINER_SHORT_ID_LEN + 1]; /* first 12 hex, or "host" */
	char *name;
	char *image;                         /* the reference as the user gave it */
	char *image_repository;              /* see container_image_split() */
	char *image_tag;
	char *image_digest;                  /* "sha256:<hex>": the registry's digest */
	char *image_id;                      /* the image's id, first 12 hex (as short_id) */
	char *pod_name;
	char *pod_uid;
	char *pod_namespace;
	char *sandbox_id;
	enum pod_qos qos;
	GPtrArray *labels;                   /* of "key=value" char *, sorted; never NULL */
	bool is_sandbox;                     /* the pod's pause container */
	char *netns_path;                    /* the pod's network namespace, for capture */
};

/* A new, empty container_meta (refcount 1) for container full_id (NULL: the host). */
struct container_meta *container_meta_new(enum container_runtime runtime, const char *full_id);

/* Holders see a const container_meta: it does not change once built. */
const struct container_meta *container_meta_ref(const struct container_meta *meta);
void container_meta_unref(const struct container_meta *meta);

/* Sets meta->image and its three parts from one image reference. */
void container_meta_set_image(struct container_meta *meta, const char *image);

/* Takes what meta lacks from another reference to the same image: the
 * image's id from "sha256:<64 hex>" or "<64 hex>", the digest from
 * "repo@sha256:<hex>".  Anything else is left alone. */
void container_meta_add_image_ref(struct container_meta *meta, const char *ref);

/*
 * Splits an image reference into repository, tag and digest (each newly
 * allocated or NULL):
 *   "docker.io/library/nginx:1.25"  -> "docker.io/library/nginx", "1.25", NULL
 *   "registry:5000/team/app:v2"     -> "registry:5000/team/app", "v2", NULL
 *   "nginx@sha256:<hex>"            -> "nginx", NULL, "sha256:<hex>"
 *   "nginx:1.25@sha256:<hex>"       -> "nginx", "1.25", "sha256:<hex>"
 *   "nginx"                         -> "nginx", "latest", NULL
 *   "sha256:<hex>" (an image id)    -> NULL, NULL, "sha256:<hex>"
 * The registry stays in the repository, port included, as Falco's
 * container.image.repository keeps it.  A reference with neither tag nor digest
 * means ":latest" to every runtime, so the tag says so (Falco does the same); a
 * digest-only reference names no tag, and "latest" would be a guess.
 */
void container_image_split(const char *image, char **repository, char **tag, char **digest);

#endif /* PODSHARK_CONTAINER_META_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Turns a cgroup v2 id, as bpf_get_current_cgroup_id() gives it, back into the
 * cgroup's path.  The id is the kernfs node id of the cgroup directory: its
 * st_ino, and the 8-byte file handle (type FILEID_KERNFS) that
 * name_to_handle_at() returns for it.  open_by_handle_at() on the cgroup2 mount
 * opens the directory from the id directly (needs CAP_DAC_READ_SEARCH); without
 * that, a walk of the mount compares st_ino.
 */
#ifndef PODSHARK_CGROUP_RESOLVER_H
#define PODSHARK_CGROUP_RESOLVER_H

#include <stdint.h>

struct cgroup_resolver;

/*
 * The mount point of the first cgroup2 file system in mountinfo_text (the
 * contents of /proc/self/mountinfo): "/sys/fs/cgroup" on a unified host,
 * "/sys/fs/cgroup/unified" on a hybrid one.  Octal escapes ("\040") are
 * decoded.  Newly allocated; NULL when there is none.
 */
char *cgroup2_mount_from_mountinfo(const char *mountinfo_text);

/* Opens the cgroup2 mount (NULL: found in /proc/self/mountinfo).  NULL, errno
 * set, when there is none or it cannot be opened. */
struct cgroup_resolver *cgroup_resolver_new(const char *cgroup2_mount);
void cgroup_resolver_free(struct cgroup_resolver *resolver);

const char *cgroup_resolver_mount(const struct cgroup_resolver *resolver);

/*
 * The path of cgroup id relative to the mount, "/" for the root cgroup
 * ("/kubepods/besteffort/pod.../<id>").  Newly allocated; NULL when no cgroup
 * has that id any more (errno ESTALE or ENOENT).  Uses the file handle, and the
 * walk only when the handle cannot be used (no privilege, old kernel).
 */
char *cgroup_resolver_path(struct cgroup_resolver *resolver, uint64_t cgroup_id);

/* The walk alone: cost grows with the number of cgroups. */
char *cgroup_resolver_path_by_walk(struct cgroup_resolver *resolver, uint64_t cgroup_id);

#endif /* PODSHARK_CGROUP_RESOLVER_H */

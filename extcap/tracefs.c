/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tracefs: found where it is mounted, or mounted where it is missing. */
#include "tracefs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

/* The old place, under debugfs, is the one libbpf prefers when it exists. */
#define DEBUGFS_TRACING_DIR "/sys/kernel/debug/tracing"

static const char *mounted_tracefs(void)
{
	if (access(DEBUGFS_TRACING_DIR "/events", F_OK) == 0)
		return DEBUGFS_TRACING_DIR;
	if (access(TRACEFS_DIR "/events", F_OK) == 0)
		return TRACEFS_DIR;
	return NULL;
}

int tracefs_ensure_mounted(bool *mounted, char *err, size_t errlen)
{
	*mounted = false;
	if (mounted_tracefs())
		return 0;
	if (mount("nodev", TRACEFS_DIR, "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) {
		int e = errno;

		snprintf(err, errlen, "tracefs is not mounted at %s and mounting it failed: %s%s",
			 TRACEFS_DIR, strerror(e),
			 e == EPERM ? " (needs CAP_SYS_ADMIN; or mount it: "
				      "mount -t tracefs nodev " TRACEFS_DIR ")" : "");
		return -e;
	}
	*mounted = true;
	return 0;
}

void tracefs_event_dir(const char *group, const char *name, char *out, size_t outlen)
{
	const char *root = mounted_tracefs();

	snprintf(out, outlen, "%s/events/%s/%s", root ? root : TRACEFS_DIR, group, name);
}

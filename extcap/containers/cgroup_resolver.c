/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cgroup_resolver.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

/* include/linux/exportfs.h: kernfs file handles carry the 64-bit node id. */
#define FILEID_KERNFS 0xfe

/* Deeper cgroup trees are not walked; the kernel's default limit is far above any real one. */
#define MAX_WALK_DEPTH 128

struct cgroup_resolver {
	char *mount;
	int mount_fd;
};

char *cgroup2_mount_from_mountinfo(const char *mountinfo_text)
{
	char **lines = g_strsplit(mountinfo_text, "\n", -1);
	char *mount = NULL;

	/* "36 25 0:30 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw": the
	 * optional fields before " - " vary in number, so count from the separator. */
	for (char **line = lines; *line && !mount; line++) {
		char **fields = g_strsplit(*line, " ", -1);
		guint n = g_strv_length(fields);

		for (guint i = 6; i + 1 < n && n >= 7; i++) {
			if (strcmp(fields[i], "-") != 0)
				continue;
			if (strcmp(fields[i + 1], "cgroup2") == 0)
				mount = g_strcompress(fields[4]);
			break;
		}
		g_strfreev(fields);
	}
	g_strfreev(lines);
	return mount;
}

struct cgroup_resolver *cgroup_resolver_new(const char *cgroup2_mount)
{
	struct cgroup_resolver *resolver;
	char *found = NULL;
	char *real;
	int fd;

	if (!cgroup2_mount) {
		char *text = NULL;

		if (!g_file_get_contents("/proc/self/mountinfo", &text, NULL, NULL))
			return NULL;
		found = cgroup2_mount_from_mountinfo(text);
		g_free(text);
		if (!found) {
			errno = ENOENT;
			return NULL;
		}
		cgroup2_mount = found;
	}
	/* Paths from /proc/self/fd links are canonical: so must the prefix be. */
	real = realpath(cgroup2_mount, NULL);
	g_free(found);
	if (!real)
		return NULL;
	fd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		free(real);
		return NULL;
	}
	resolver = g_new0(struct cgroup_resolver, 1);
	resolver->mount = g_strdup(real);
	resolver->mount_fd = fd;
	free(real);
	return resolver;
}

void cgroup_resolver_free(struct cgroup_resolver *resolver)
{
	if (!resolver)
		return;
	close(resolver->mount_fd);
	g_free(resolver->mount);
	g_free(resolver);
}

const char *cgroup_resolver_mount(const struct cgroup_resolver *resolver)
{
	return resolver->mount;
}

/* "/sys/fs/cgroup/unified/a/b" -> "/a/b"; the mount itself -> "/". */
static char *relative_to_mount(const struct cgroup_resolver *resolver, const char *path)
{
	size_t n = strlen(resolver->mount);

	if (strcmp(resolver->mount, "/") == 0)
		return g_strdup(path);
	if (strncmp(path, resolver->mount, n) != 0 || (path[n] != '/' && path[n] != '\0')) {
		errno = ENOENT;
		return NULL;
	}
	return g_strdup(path[n] ? path + n : "/");
}

/* Returns the path, or NULL with errno: ESTALE when the cgroup is gone, EPERM,
 * EOPNOTSUPP... when the handle cannot be used here. */
static char *path_by_handle(struct cgroup_resolver *resolver, uint64_t cgroup_id)
{
	union {
		struct file_handle handle;
		unsigned char bytes[sizeof(struct file_handle) + sizeof(uint64_t)];
	} fh;
	char link[64], target[PATH_MAX];
	ssize_t n;
	int fd;

	memset(&fh, 0, sizeof(fh));
	fh.handle.handle_bytes = sizeof(uint64_t);
	fh.handle.handle_type = FILEID_KERNFS;
	memcpy(fh.bytes + sizeof(struct file_handle), &cgroup_id, sizeof(cgroup_id));
	fd = open_by_handle_at(resolver->mount_fd, &fh.handle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	g_snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	target[n] = '\0';
	if (g_str_has_suffix(target, " (deleted)")) {
		errno = ESTALE;
		return NULL;
	}
	return relative_to_mount(resolver, target);
}

/* Depth-first search of dir_fd (path: its path below the mount) for inode id. */
static bool walk(int dir_fd, GString *path, uint64_t cgroup_id, int depth)
{
	DIR *dir;
	struct dirent *entry;
	bool found = false;

	if (depth > MAX_WALK_DEPTH)
		return false;
	dir = fdopendir(dir_fd);
	if (!dir) {
		close(dir_fd);
		return false;
	}
	while (!found && (entry = readdir(dir))) {
		size_t old_len = path->len;
		int child_fd;

		if (entry->d_type != DT_DIR || strcmp(entry->d_name, ".") == 0 ||
		    strcmp(entry->d_name, "..") == 0)
			continue;
		g_string_append_c(path, '/');
		g_string_append(path, entry->d_name);
		if ((uint64_t)entry->d_ino == cgroup_id) {
			found = true;
			break;
		}
		child_fd = openat(dirfd(dir), entry->d_name,
				  O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (child_fd >= 0)
			found = walk(child_fd, path, cgroup_id, depth + 1);
		if (!found)
			g_string_truncate(path, old_len);
	}
	closedir(dir);
	return found;
}

char *cgroup_resolver_path_by_walk(struct cgroup_resolver *resolver, uint64_t cgroup_id)
{
	GString *path;
	struct stat st;
	int fd;

	if (fstat(resolver->mount_fd, &st) == 0 && (uint64_t)st.st_ino == cgroup_id)
		return g_strdup("/");
	fd = openat(resolver->mount_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	path = g_string_new(NULL);
	if (walk(fd, path, cgroup_id, 0))
		return g_string_free(path, FALSE);
	g_string_free(path, TRUE);
	errno = ENOENT;
	return NULL;
}

char *cgroup_resolver_path(struct cgroup_resolver *resolver, uint64_t cgroup_id)
{
	char *path = path_by_handle(resolver, cgroup_id);

	if (path || errno == ESTALE || errno == ENOTDIR)
		return path;
	return cgroup_resolver_path_by_walk(resolver, cgroup_id);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Finding the cgroup2 mount, and turning this test's own cgroup id back into
 * the path /proc/self/cgroup shows (any user: without privilege it is the walk
 * that answers).
 */
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "cgroup_resolver.h"

/* /proc/self/mountinfo of a Debian 12 host with the hybrid layout (trimmed). */
static const char hybrid_mountinfo[] =
	"23 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
	"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

/* A unified host; systemd marks its mounts shared (an optional field). */
static const char unified_mountinfo[] =
	"22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
	"26 24 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
	"rw,nsdelegate,memory_recursiveprot\n";

static void test_mountinfo(void)
{
	char *mount;

	mount = cgroup2_mount_from_mountinfo(hybrid_mountinfo);
	g_assert_cmpstr(mount, ==, "/sys/fs/cgroup/unified");
	g_free(mount);
	mount = cgroup2_mount_from_mountinfo(unified_mountinfo);
	g_assert_cmpstr(mount, ==, "/sys/fs/cgroup");
	g_free(mount);
	/* the kernel escapes a space in a mount point as \040 */
	mount = cgroup2_mount_from_mountinfo(
		"50 23 0:40 / /mnt/cg\\040two rw shared:9 master:2 - cgroup2 none rw\n");
	g_assert_cmpstr(mount, ==, "/mnt/cg two");
	g_free(mount);
	/* cgroup v1 only, a "cgroup2" that is a source not a type, junk lines */
	g_assert_null(cgroup2_mount_from_mountinfo(
		"35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup2 rw\n"
		"garbage\n\n- cgroup2\n"));
}

/* The v2 line of /proc/self/cgroup: "0::<path>". */
static char *own_cgroup_path(void)
{
	char *text = NULL;
	char *path = NULL;
	char **lines;

	g_assert_true(g_file_get_contents("/proc/self/cgroup", &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	for (char **line = lines; *line && !path; line++)
		if (g_str_has_prefix(*line, "0::"))
			path = g_strdup(*line + 3);
	g_strfreev(lines);
	g_free(text);
	return path;
}

static void test_own_cgroup(void)
{
	struct cgroup_resolver *resolver = cgroup_resolver_new(NULL);
	char *own = own_cgroup_path();
	char *dir, *by_id, *by_walk;
	struct stat st;

	if (!resolver || !own) {
		g_test_skip("no cgroup2 hierarchy on this host");
		g_free(own);
		cgroup_resolver_free(resolver);
		return;
	}
	dir = g_build_filename(cgroup_resolver_mount(resolver), own, NULL);
	g_assert_cmpint(stat(dir, &st), ==, 0);
	by_id = cgroup_resolver_path(resolver, st.st_ino);
	by_walk = cgroup_resolver_path_by_walk(resolver, st.st_ino);
	g_assert_cmpstr(by_id, ==, own);
	g_assert_cmpstr(by_walk, ==, own);
	g_free(by_walk);
	g_free(by_id);
	g_free(dir);
	g_free(own);
	cgroup_resolver_free(resolver);
}

static void test_root_cgroup(void)
{
	struct cgroup_resolver *resolver = cgroup_resolver_new(NULL);
	struct stat st;
	char *path;

	if (!resolver) {
		g_test_skip("no cgroup2 hierarchy on this host");
		return;
	}
	g_assert_cmpint(stat(cgroup_resolver_mount(resolver), &st), ==, 0);
	path = cgroup_resolver_path(resolver, st.st_ino);
	g_assert_cmpstr(path, ==, "/");
	g_free(path);
	cgroup_resolver_free(resolver);
}

static void test_no_such_mount(void)
{
	g_assert_null(cgroup_resolver_new("/nonexistent/cgroup2"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cgroup_resolver/mountinfo", test_mountinfo);
	g_test_add_func("/cgroup_resolver/own-cgroup", test_own_cgroup);
	g_test_add_func("/cgroup_resolver/root-cgroup", test_root_cgroup);
	g_test_add_func("/cgroup_resolver/no-such-mount", test_no_such_mount);
	return g_test_run();
}

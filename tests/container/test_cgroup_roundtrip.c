/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A real cgroup, made for the test under the cgroup2 mount in the cgroupfs
 * kubelet layout: its id (st_ino, checked against the kernel's own file handle)
 * must resolve to its path, through the cache to the pod of a fixture bundle,
 * and the entry must survive the cgroup's removal.  Needs root; exits 77
 * (skipped) without it, and fails instead when CI=true.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cgroup_resolver.h"
#include "container_cache.h"
#include "test_support.h"

#define CTRD_APP "b3cc6f0813697b9cca1f29f2eb2a3041ece2d003aa6d4691ae0b88ae4850f16a"
#define CTRD_SANDBOX "eecf3e0edd9926f51c60cb5314077d97c2149698ecea6fceec2523b00d17350c"
#define POD_DIR "kubepods/besteffort/pod0d7b3c5e-1a2b-4c3d-8e9f-001122334455"

struct fixture {
	struct cgroup_resolver *resolver;
	char *top;           /* <mount>/podshark-test-<pid> */
	char *leaf;          /* <top>/kubepods/.../<id> */
	char *leaf_relative; /* /podshark-test-<pid>/kubepods/.../<id> */
	char *state;         /* containerd state with the fixture bundles */
	pid_t child;
};

static void fixture_set_up(struct fixture *f, gconstpointer unused)
{
	char *name = g_strdup_printf("podshark-test-%d", (int)getpid());

	(void)unused;
	memset(f, 0, sizeof(*f));
	f->resolver = cgroup_resolver_new(NULL);
	g_assert_nonnull(f->resolver);
	f->top = g_build_filename(cgroup_resolver_mount(f->resolver), name, NULL);
	f->leaf = g_build_filename(f->top, POD_DIR, CTRD_APP, NULL);
	f->leaf_relative = g_strconcat("/", name, "/" POD_DIR "/" CTRD_APP, NULL);
	g_assert_cmpint(g_mkdir_with_parents(f->leaf, 0755), ==, 0);
	f->state = make_temp_dir();
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					 "containerd/k8s-container.json"));
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_SANDBOX,
					 "containerd/k8s-sandbox.json"));
	g_free(name);
}

/* cgroup directories go with rmdir, innermost first; the files in them with them. */
static void remove_cgroups(const char *top, const char *leaf)
{
	char *dir = g_strdup(leaf);

	while (strlen(dir) >= strlen(top)) {
		char *parent = g_path_get_dirname(dir);

		g_rmdir(dir);
		g_free(dir);
		dir = parent;
	}
	g_free(dir);
}

static void stop_child(struct fixture *f)
{
	if (f->child > 0) {
		kill(f->child, SIGKILL);
		waitpid(f->child, NULL, 0);
		f->child = 0;
	}
}

static void fixture_tear_down(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	stop_child(f);
	remove_cgroups(f->top, f->leaf);
	remove_tree(f->state);
	cgroup_resolver_free(f->resolver);
	g_free(f->top);
	g_free(f->leaf);
	g_free(f->leaf_relative);
	g_free(f->state);
}

static uint64_t inode_of(const char *path)
{
	struct stat st;

	g_assert_cmpint(stat(path, &st), ==, 0);
	return st.st_ino;
}

/* The id is what the kernel puts in the cgroup directory's file handle. */
static void test_id_is_the_file_handle(struct fixture *f, gconstpointer unused)
{
	union {
		struct file_handle handle;
		unsigned char bytes[sizeof(struct file_handle) + 128];
	} fh;
	uint64_t handle_id;
	int mount_id;

	(void)unused;
	memset(&fh, 0, sizeof(fh));
	fh.handle.handle_bytes = 128;
	g_assert_cmpint(name_to_handle_at(AT_FDCWD, f->leaf, &fh.handle, &mount_id, 0), ==, 0);
	g_assert_cmphex(fh.handle.handle_type, ==, 0xfe); /* FILEID_KERNFS */
	g_assert_cmpuint(fh.handle.handle_bytes, ==, 8);
	memcpy(&handle_id, fh.bytes + sizeof(struct file_handle), sizeof(handle_id));
	g_assert_cmpuint(handle_id, ==, inode_of(f->leaf));
}

static void test_id_to_path(struct fixture *f, gconstpointer unused)
{
	uint64_t id = inode_of(f->leaf);
	char *path;

	(void)unused;
	path = cgroup_resolver_path(f->resolver, id);
	g_assert_cmpstr(path, ==, f->leaf_relative);
	g_free(path);
	path = cgroup_resolver_path_by_walk(f->resolver, id);
	g_assert_cmpstr(path, ==, f->leaf_relative);
	g_free(path);
}

/* Cgroup files take a plain write; g_file_set_contents() would rename a temporary file. */
static void write_cgroup_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(write(fd, text, strlen(text)), ==, (ssize_t)strlen(text));
	close(fd);
}

/* The kernel's view of a process moved into the cgroup is the same path. */
static void test_process_in_cgroup(struct fixture *f, gconstpointer unused)
{
	char *procs = g_build_filename(f->leaf, "cgroup.procs", NULL);
	char *proc_cgroup, *text = NULL, *pid, *expected, *path;

	(void)unused;
	f->child = fork();
	g_assert_cmpint(f->child, >=, 0);
	if (f->child == 0) {
		/* never outlive the test, even when an assertion ends it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(1);
		pause();
		_exit(0);
	}
	pid = g_strdup_printf("%d", (int)f->child);
	write_cgroup_file(procs, pid);
	proc_cgroup = g_strdup_printf("/proc/%d/cgroup", (int)f->child);
	g_assert_true(g_file_get_contents(proc_cgroup, &text, NULL, NULL));
	expected = g_strdup_printf("0::%s\n", f->leaf_relative);
	g_assert_nonnull(strstr(text, expected));
	path = cgroup_resolver_path(f->resolver, inode_of(f->leaf));
	g_assert_cmpstr(path, ==, f->leaf_relative);
	stop_child(f);
	g_free(path);
	g_free(expected);
	g_free(text);
	g_free(proc_cgroup);
	g_free(pid);
	g_free(procs);
}

/* From an event's cgroup id to the pod, and still after the cgroup is gone. */
static void test_cache_by_id(struct fixture *f, gconstpointer unused)
{
	struct container_cache_config config = {
		.bundle_dirs = { .containerd_state = f->state, .crio_runroot = f->state },
	};
	struct container_cache *cache = container_cache_new(&config);
	uint64_t id = inode_of(f->leaf);
	const struct container_meta *meta;
	uint64_t gone_id;
	char *sibling;

	(void)unused;
	g_assert_nonnull(cache);
	meta = container_cache_lookup(cache, id);
	g_assert_nonnull(meta);
	g_assert_cmpstr(meta->short_id, ==, "b3cc6f081369");
	g_assert_cmpstr(meta->pod_name, ==, "web-0");
	g_assert_cmpstr(meta->pod_namespace, ==, "shop");
	g_assert_cmpint(meta->qos, ==, POD_QOS_BESTEFFORT);

	/* a cgroup removed before its first lookup cannot be known */
	sibling = g_build_filename(f->top, "gone", NULL);
	g_assert_cmpint(g_mkdir(sibling, 0755), ==, 0);
	gone_id = inode_of(sibling);
	g_assert_cmpint(g_rmdir(sibling), ==, 0);
	g_assert_null(container_cache_lookup(cache, gone_id));
	g_free(sibling);

	/* one looked up before is remembered */
	remove_cgroups(f->top, f->leaf);
	g_assert_false(g_file_test(f->leaf, G_FILE_TEST_EXISTS));
	g_assert_null(cgroup_resolver_path(f->resolver, id));
	meta = container_cache_lookup(cache, id);
	g_assert_nonnull(meta);
	g_assert_cmpstr(meta->pod_name, ==, "web-0");
	container_cache_free(cache);
}

#define ADD(name, func) \
	g_test_add("/cgroup_roundtrip/" name, struct fixture, NULL, fixture_set_up, func, \
		   fixture_tear_down)

int main(int argc, char **argv)
{
	bool in_ci = g_strcmp0(g_getenv("CI"), "true") == 0;
	char *mountinfo = NULL, *mount = NULL;

	g_test_init(&argc, &argv, NULL);
	if (g_file_get_contents("/proc/self/mountinfo", &mountinfo, NULL, NULL))
		mount = cgroup2_mount_from_mountinfo(mountinfo);
	g_free(mountinfo);
	if (geteuid() != 0 || !mount) {
		const char *why = !mount ? "no cgroup2 mount on this host"
					 : "needs root: it makes cgroups and opens file handles";

		g_free(mount);
		if (in_ci) {
			fprintf(stderr, "FAIL: %s, and CI=true requires this test to run\n", why);
			return 1;
		}
		fprintf(stderr, "SKIP: %s\n", why);
		return 77;
	}
	g_free(mount);
	ADD("id-is-the-file-handle", test_id_is_the_file_handle);
	ADD("id-to-path", test_id_to_path);
	ADD("process-in-cgroup", test_process_in_cgroup);
	ADD("cache-by-id", test_cache_by_id);
	return g_test_run();
}

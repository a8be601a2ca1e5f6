/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cgroup-id cache: what a lookup returns for each kind of cgroup, that
 * entries outlive their container, the size bound and its eviction order.
 * Paths are given by the caller here; test_cgroup_roundtrip.c resolves real ids.
 */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "container_cache.h"
#include "test_support.h"

#define CTRD_APP "b3cc6f0813697b9cca1f29f2eb2a3041ece2d003aa6d4691ae0b88ae4850f16a"
#define CTRD_SANDBOX "eecf3e0edd9926f51c60cb5314077d97c2149698ecea6fceec2523b00d17350c"
#define CRIO_APP "9150d6cffe17f89d0cf0f5bacc25d7b7089c529a555144a1ff3514e55ac0b7e6"
#define CRIO_SANDBOX "d716e5e9081f564f27bb157dfa09684dc5398872c47c279d7497563a3753ef28"
#define OTHER_ID "37eed8eb076da7e518069ebf00979ad20d9c66e0e98ed7b1e21c26ef6bebc165"
#define CTRD_UID "0d7b3c5e-1a2b-4c3d-8e9f-001122334455"
#define CRIO_UID_ "2c1e044f_8484_40d4_9a38_ef6a175429a9"

#define CTRD_APP_PATH "/kubepods/besteffort/pod" CTRD_UID "/" CTRD_APP
#define CRIO_APP_PATH \
	"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" CRIO_UID_ \
	".slice/crio-" CRIO_APP ".scope"

struct fixture {
	char *root;
	char *state;
	char *runroot;
	struct container_cache_config config;
	struct container_cache *cache;
	struct log_capture log;
};

static void open_cache(struct fixture *f, unsigned int max_entries)
{
	if (f->cache)
		container_cache_free(f->cache);
	f->config.max_entries = max_entries;
	f->cache = container_cache_new(&f->config);
	g_assert_nonnull(f->cache);
}

static void fixture_set_up(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	memset(f, 0, sizeof(*f));
	f->root = make_temp_dir();
	f->state = g_build_filename(f->root, "containerd", NULL);
	f->runroot = g_build_filename(f->root, "storage", NULL);
	log_capture_init(&f->log);
	/* ids given with a path never reach the resolver: any directory will do */
	f->config.cgroup2_mount = f->root;
	f->config.bundle_dirs.containerd_state = f->state;
	f->config.bundle_dirs.crio_runroot = f->runroot;
	f->config.log = log_capture_line;
	f->config.log_data = &f->log;
	open_cache(f, 0);
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					 "containerd/k8s-container.json"));
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_SANDBOX,
					 "containerd/k8s-sandbox.json"));
	g_free(install_crio_bundle(f->runroot, CRIO_APP, "crio/container.json"));
	g_free(install_crio_bundle(f->runroot, CRIO_SANDBOX, "crio/sandbox.json"));
}

static void fixture_tear_down(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	container_cache_free(f->cache);
	remove_tree(f->root);
	g_free(f->root);
	g_free(f->state);
	g_free(f->runroot);
	log_capture_clear(&f->log);
}

static void test_host_shared(struct fixture *f, gconstpointer unused)
{
	const struct container_meta *a, *b;

	(void)unused;
	a = container_cache_lookup_path(f->cache, 101, "/system.slice/sshd.service");
	b = container_cache_lookup_path(f->cache, 102, "/user.slice/user-0.slice/session-1.scope");
	g_assert_nonnull(a);
	g_assert_true(a == b);
	g_assert_cmpstr(a->short_id, ==, "host");
	g_assert_cmpint(a->runtime, ==, CONTAINER_RUNTIME_NONE);
	g_assert_null(a->pod_name);
	g_assert_cmpuint(container_cache_size(f->cache), ==, 2);
}

/* cgroupfs layout (no runtime marker): the bundle says containerd; the
 * network namespace is the sandbox's. */
static void test_containerd_pod(struct fixture *f, gconstpointer unused)
{
	const struct container_meta *meta, *again;

	(void)unused;
	meta = container_cache_lookup_path(f->cache, 200, CTRD_APP_PATH);
	g_assert_nonnull(meta);
	g_assert_cmpint(meta->runtime, ==, CONTAINER_RUNTIME_CONTAINERD);
	g_assert_cmpstr(meta->short_id, ==, "b3cc6f081369");
	g_assert_cmpstr(meta->name, ==, "nginx");
	g_assert_cmpstr(meta->image_repository, ==, "docker.io/library/nginx");
	g_assert_cmpstr(meta->image_tag, ==, "1.25");
	g_assert_cmpstr(meta->pod_name, ==, "web-0");
	g_assert_cmpstr(meta->pod_namespace, ==, "shop");
	g_assert_cmpstr(meta->pod_uid, ==, CTRD_UID);
	g_assert_cmpint(meta->qos, ==, POD_QOS_BESTEFFORT);
	g_assert_cmpstr(meta->netns_path, ==,
			"/var/run/netns/cni-7e3f5b1a-55c2-4f0e-9d61-3a8c2b9e0f14");
	again = container_cache_lookup_path(f->cache, 200, "/ignored/on/a/hit");
	g_assert_true(meta == again);
	g_assert_cmpuint(container_cache_size(f->cache), ==, 1);
	g_assert_cmpuint(f->log.lines->len, ==, 0);
}

/* The pod's labels are on the sandbox's bundle only. */
static void test_crio_pod_labels(struct fixture *f, gconstpointer unused)
{
	const struct container_meta *meta;

	(void)unused;
	meta = container_cache_lookup_path(f->cache, 300, CRIO_APP_PATH);
	g_assert_nonnull(meta);
	g_assert_cmpint(meta->runtime, ==, CONTAINER_RUNTIME_CRIO);
	g_assert_cmpstr(meta->name, ==, "cart");
	g_assert_cmpstr(meta->pod_name, ==, "cart-7d4b9c8f6-x2x9q");
	g_assert_cmpint(meta->qos, ==, POD_QOS_BURSTABLE);
	g_assert_cmpuint(meta->labels->len, ==, 2);
	g_assert_cmpstr(meta->labels->pdata[0], ==, "app=cart");
	g_assert_cmpstr(meta->labels->pdata[1], ==, "tier=backend");
}

/* No bundle anywhere: what the cgroup path says is still known. */
static void test_path_only(struct fixture *f, gconstpointer unused)
{
	const struct container_meta *meta;

	(void)unused;
	meta = container_cache_lookup_path(f->cache, 400,
					   "/kubepods.slice/kubepods-pod0d7b3c5e_1a2b_4c3d_8e9f_"
					   "001122334455.slice/cri-containerd-" OTHER_ID ".scope");
	g_assert_nonnull(meta);
	g_assert_cmpint(meta->runtime, ==, CONTAINER_RUNTIME_CONTAINERD);
	g_assert_cmpstr(meta->full_id, ==, OTHER_ID);
	g_assert_cmpstr(meta->short_id, ==, "37eed8eb076d");
	g_assert_cmpstr(meta->pod_uid, ==, CTRD_UID);
	g_assert_cmpint(meta->qos, ==, POD_QOS_GUARANTEED);
	g_assert_null(meta->name);
	g_assert_null(meta->pod_name);
	g_assert_cmpuint(f->log.lines->len, ==, 0);
}

/* containerd before 1.6.11 writes no sandbox-uid: the cgroup path has it. */
static void test_pod_uid_from_path(struct fixture *f, gconstpointer unused)
{
	char *dir = g_build_filename(f->state, "io.containerd.runtime.v2.task", "k8s.io", OTHER_ID,
				     NULL);
	char *config = g_build_filename(dir, "config.json", NULL);
	const struct container_meta *meta;

	(void)unused;
	g_mkdir_with_parents(dir, 0700);
	g_assert_true(g_file_set_contents(config,
					  "{\"annotations\":{"
					  "\"io.kubernetes.cri.container-type\":\"container\","
					  "\"io.kubernetes.cri.sandbox-name\":\"web-0\"}}",
					  -1, NULL));
	meta = container_cache_lookup_path(f->cache, 500,
					   "/kubepods/burstable/pod" CTRD_UID "/" OTHER_ID);
	g_assert_cmpstr(meta->pod_name, ==, "web-0");
	g_assert_cmpstr(meta->pod_uid, ==, CTRD_UID);
	g_free(config);
	g_free(dir);
}

/* nerdctl keeps its bundles in containerd's "default" namespace; the cgroup's
 * runtime marker is the one that tells it from ctr. */
static void test_runtime_marker_wins(struct fixture *f, gconstpointer unused)
{
	const struct container_meta *meta;

	(void)unused;
	g_free(install_containerd_bundle(f->state, "default", OTHER_ID,
					 "containerd/ctr-default.json"));
	meta = container_cache_lookup_path(f->cache, 600,
					   "/system.slice/nerdctl-" OTHER_ID ".scope");
	g_assert_cmpint(meta->runtime, ==, CONTAINER_RUNTIME_NERDCTL);
}

/* Late events: the container and its bundle are gone, its entry is not. */
static void test_kept_after_exit(struct fixture *f, gconstpointer unused)
{
	const struct container_meta *meta;
	char *tasks = g_build_filename(f->state, "io.containerd.runtime.v2.task", NULL);

	(void)unused;
	meta = container_cache_lookup_path(f->cache, 700, CTRD_APP_PATH);
	g_assert_cmpstr(meta->pod_name, ==, "web-0");
	remove_tree(tasks);
	g_assert_false(g_file_test(tasks, G_FILE_TEST_EXISTS));
	meta = container_cache_lookup_path(f->cache, 700, CTRD_APP_PATH);
	g_assert_cmpstr(meta->pod_name, ==, "web-0");
	/* a cgroup not seen before resolves from the disk as it is now */
	meta = container_cache_lookup_path(f->cache, 701, CTRD_APP_PATH);
	g_assert_null(meta->pod_name);
	g_free(tasks);
}

/* At the bound the least recently looked-up entry goes; an evicted id is
 * resolved afresh, a kept one is not. */
static void test_bounded_lru(struct fixture *f, gconstpointer unused)
{
	const struct container_meta *meta;

	(void)unused;
	open_cache(f, 3);
	container_cache_lookup_path(f->cache, 1, CTRD_APP_PATH);
	container_cache_lookup_path(f->cache, 2, "/system.slice/a.service");
	container_cache_lookup_path(f->cache, 3, "/system.slice/b.service");
	container_cache_lookup_path(f->cache, 1, NULL); /* 1 is now the most recent */
	container_cache_lookup_path(f->cache, 4, "/system.slice/c.service");
	g_assert_cmpuint(container_cache_size(f->cache), ==, 3);

	meta = container_cache_lookup_path(f->cache, 1, "/system.slice/other.service");
	g_assert_cmpstr(meta->short_id, ==, "b3cc6f081369"); /* kept */
	meta = container_cache_lookup_path(f->cache, 2, CTRD_APP_PATH);
	g_assert_cmpstr(meta->short_id, ==, "b3cc6f081369"); /* was evicted: resolved again */
	g_assert_cmpuint(container_cache_size(f->cache), ==, 3);
	/* 2 evicted 3, the least recent of 3, 4, 1 */
	meta = container_cache_lookup_path(f->cache, 3, CTRD_APP_PATH);
	g_assert_cmpstr(meta->short_id, ==, "b3cc6f081369");
}

/* An id whose cgroup cannot be found stays unknown, and is remembered as such. */
static void test_unresolvable(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	g_assert_null(container_cache_lookup(f->cache, UINT64_C(0x7fffffff12345678)));
	g_assert_null(container_cache_lookup_path(f->cache, 800, NULL));
	g_assert_null(container_cache_lookup_path(f->cache, 800, CTRD_APP_PATH));
	g_assert_cmpuint(container_cache_size(f->cache), ==, 2);
}

/* A broken bundle is logged once per cgroup, not once per event. */
static void test_one_log_line_per_cgroup(struct fixture *f, gconstpointer unused)
{
	const struct container_meta *meta;

	(void)unused;
	g_free(install_containerd_bundle(f->state, "k8s.io", OTHER_ID, "hostile/truncated.json"));
	for (int i = 0; i < 5; i++) {
		meta = container_cache_lookup_path(f->cache, 900, "/k8s.io/" OTHER_ID);
		g_assert_cmpstr(meta->full_id, ==, OTHER_ID);
		g_assert_null(meta->pod_name);
	}
	g_assert_cmpuint(f->log.lines->len, ==, 1);
}

/* A meta kept with container_meta_ref() outlives its eviction. */
static void test_ref_outlives_eviction(struct fixture *f, gconstpointer unused)
{
	const struct container_meta *kept;

	(void)unused;
	open_cache(f, 1);
	kept = container_meta_ref(container_cache_lookup_path(f->cache, 1, CTRD_APP_PATH));
	container_cache_lookup_path(f->cache, 2, "/");
	g_assert_cmpuint(container_cache_size(f->cache), ==, 1);
	g_assert_cmpstr(kept->pod_name, ==, "web-0");
	container_meta_unref(kept);
}

#define ADD(name, func) \
	g_test_add("/container_cache/" name, struct fixture, NULL, fixture_set_up, func, \
		   fixture_tear_down)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("host-shared", test_host_shared);
	ADD("containerd-pod", test_containerd_pod);
	ADD("crio-pod-labels", test_crio_pod_labels);
	ADD("path-only", test_path_only);
	ADD("pod-uid-from-path", test_pod_uid_from_path);
	ADD("runtime-marker-wins", test_runtime_marker_wins);
	ADD("kept-after-exit", test_kept_after_exit);
	ADD("bounded-lru", test_bounded_lru);
	ADD("unresolvable", test_unresolvable);
	ADD("one-log-line-per-cgroup", test_one_log_line_per_cgroup);
	ADD("ref-outlives-eviction", test_ref_outlives_eviction);
	return g_test_run();
}

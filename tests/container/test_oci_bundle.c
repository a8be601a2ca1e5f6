/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Metadata from OCI bundles (fixtures/README.md), and the promise made for
 * hostile bundles: no crash, no hang, missing fields, exactly one log line.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "oci_bundle.h"
#include "test_support.h"

#define CTRD_APP "b3cc6f0813697b9cca1f29f2eb2a3041ece2d003aa6d4691ae0b88ae4850f16a"
#define CTRD_SANDBOX "eecf3e0edd9926f51c60cb5314077d97c2149698ecea6fceec2523b00d17350c"
#define CTRD_PLAIN "1b3d17993daabf188939bd9c0b93024985bd0661e83f68bb9746adbb0fc96bb0"
#define CRIO_APP "9150d6cffe17f89d0cf0f5bacc25d7b7089c529a555144a1ff3514e55ac0b7e6"
#define CRIO_SANDBOX "d716e5e9081f564f27bb157dfa09684dc5398872c47c279d7497563a3753ef28"
#define PODMAN_ID "5678d69874b53fe05ee357ef892c937e672a9b41de15558d36f15aad3e1e54c7"
#define DOCKER_ID "0f2a0e2dee5027870a6f9e1bcc4e5ba49ed79b9a6a2a24c683b41e08944b19c0"
#define OTHER_ID "37eed8eb076da7e518069ebf00979ad20d9c66e0e98ed7b1e21c26ef6bebc165"

struct fixture {
	char *root;
	char *state;   /* containerd */
	char *runroot; /* CRI-O */
	struct oci_bundle_dirs dirs;
	struct log_capture log;
};

static void fixture_set_up(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	f->root = make_temp_dir();
	f->state = g_build_filename(f->root, "containerd", NULL);
	f->runroot = g_build_filename(f->root, "storage", NULL);
	g_mkdir(f->state, 0700);
	g_mkdir(f->runroot, 0700);
	f->dirs.containerd_state = f->state;
	f->dirs.crio_runroot = f->runroot;
	log_capture_init(&f->log);
}

static void fixture_tear_down(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	remove_tree(f->root);
	g_free(f->root);
	g_free(f->state);
	g_free(f->runroot);
	log_capture_clear(&f->log);
}

static struct container_meta *read_bundle(struct fixture *f, const char *id)
{
	return oci_bundle_read(&f->dirs, id, log_capture_line, &f->log);
}

static void assert_one_log_line_containing(struct fixture *f, const char *needle)
{
	g_assert_cmpuint(f->log.lines->len, ==, 1);
	g_assert_nonnull(strstr(f->log.lines->pdata[0], needle));
}

static char *labels_joined(const struct container_meta *meta)
{
	GString *joined = g_string_new(NULL);

	for (guint i = 0; i < meta->labels->len; i++) {
		if (i)
			g_string_append_c(joined, ',');
		g_string_append(joined, meta->labels->pdata[i]);
	}
	return g_string_free(joined, FALSE);
}

static void test_containerd_app(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;

	(void)unused;
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					 "containerd/k8s-container.json"));
	meta = read_bundle(f, CTRD_APP);
	g_assert_nonnull(meta);
	g_assert_cmpint(meta->runtime, ==, CONTAINER_RUNTIME_CONTAINERD);
	g_assert_cmpstr(meta->full_id, ==, CTRD_APP);
	g_assert_cmpstr(meta->short_id, ==, "b3cc6f081369");
	g_assert_cmpstr(meta->name, ==, "nginx");
	g_assert_cmpstr(meta->image, ==, "docker.io/library/nginx:1.25");
	g_assert_cmpstr(meta->image_repository, ==, "docker.io/library/nginx");
	g_assert_cmpstr(meta->image_tag, ==, "1.25");
	g_assert_null(meta->image_digest);
	g_assert_cmpstr(meta->pod_name, ==, "web-0");
	g_assert_cmpstr(meta->pod_namespace, ==, "shop");
	g_assert_cmpstr(meta->pod_uid, ==, "0d7b3c5e-1a2b-4c3d-8e9f-001122334455");
	g_assert_cmpstr(meta->sandbox_id, ==, CTRD_SANDBOX);
	g_assert_false(meta->is_sandbox);
	g_assert_cmpstr(meta->netns_path, ==, "/proc/4242/ns/net");
	g_assert_cmpuint(meta->labels->len, ==, 0);
	g_assert_cmpuint(f->log.lines->len, ==, 0);
	container_meta_unref(meta);
}

static void test_containerd_sandbox(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;

	(void)unused;
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_SANDBOX,
					 "containerd/k8s-sandbox.json"));
	meta = read_bundle(f, CTRD_SANDBOX);
	g_assert_nonnull(meta);
	g_assert_true(meta->is_sandbox);
	g_assert_cmpstr(meta->name, ==, "POD");
	g_assert_cmpstr(meta->sandbox_id, ==, CTRD_SANDBOX);
	g_assert_cmpstr(meta->pod_name, ==, "web-0");
	g_assert_null(meta->image);
	g_assert_null(meta->image_tag);
	g_assert_cmpstr(meta->netns_path, ==,
			"/var/run/netns/cni-7e3f5b1a-55c2-4f0e-9d61-3a8c2b9e0f14");
	g_assert_cmpuint(f->log.lines->len, ==, 0);
	container_meta_unref(meta);
}

/* ctr without Kubernetes: a container, none of the pod's fields, a new netns. */
static void test_containerd_plain(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;

	(void)unused;
	g_free(install_containerd_bundle(f->state, "default", CTRD_PLAIN,
					 "containerd/ctr-default.json"));
	meta = read_bundle(f, CTRD_PLAIN);
	g_assert_nonnull(meta);
	g_assert_cmpint(meta->runtime, ==, CONTAINER_RUNTIME_CONTAINERD);
	g_assert_cmpstr(meta->short_id, ==, "1b3d17993daa");
	g_assert_null(meta->name);
	g_assert_null(meta->pod_name);
	g_assert_null(meta->sandbox_id);
	g_assert_null(meta->netns_path);
	g_assert_false(meta->is_sandbox);
	g_assert_cmpuint(f->log.lines->len, ==, 0);
	container_meta_unref(meta);
}

/* Docker keeps its bundles in containerd's "moby" namespace. */
static void test_containerd_moby_is_docker(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;

	(void)unused;
	g_free(install_containerd_bundle(f->state, "moby", DOCKER_ID,
					 "containerd/ctr-default.json"));
	meta = read_bundle(f, DOCKER_ID);
	g_assert_nonnull(meta);
	g_assert_cmpint(meta->runtime, ==, CONTAINER_RUNTIME_DOCKER);
	container_meta_unref(meta);
}

static void test_crio_app(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;

	(void)unused;
	g_free(install_crio_bundle(f->runroot, CRIO_APP, "crio/container.json"));
	meta = read_bundle(f, CRIO_APP);
	g_assert_nonnull(meta);
	g_assert_cmpint(meta->runtime, ==, CONTAINER_RUNTIME_CRIO);
	g_assert_cmpstr(meta->short_id, ==, "9150d6cffe17");
	g_assert_cmpstr(meta->name, ==, "cart");
	g_assert_cmpstr(meta->pod_name, ==, "cart-7d4b9c8f6-x2x9q");
	g_assert_cmpstr(meta->pod_namespace, ==, "store");
	g_assert_cmpstr(meta->pod_uid, ==, "2c1e044f-8484-40d4-9a38-ef6a175429a9");
	g_assert_cmpstr(meta->sandbox_id, ==, CRIO_SANDBOX);
	g_assert_false(meta->is_sandbox);
	/* the reference the user wrote (ImageName), not the one pulled (Image);
	 * the digest from the pulled one, the id from ImageRef */
	g_assert_cmpstr(meta->image, ==, "quay.io/acme/cart:2.3.1");
	g_assert_cmpstr(meta->image_repository, ==, "quay.io/acme/cart");
	g_assert_cmpstr(meta->image_tag, ==, "2.3.1");
	g_assert_cmpstr(meta->image_digest, ==,
			"sha256:4f0ec3b8c1e0a4a7d2b5d9e6f3a1c8b7e2d4f6a8c0b1d3e5f7a9c2b4d6e8f0a1");
	g_assert_cmpstr(meta->image_id, ==, "7b3c9f1e5d2a");
	g_assert_cmpstr(meta->netns_path, ==,
			"/var/run/netns/b2266c0a-6abb-4315-be64-a849e490b1f2");
	/* a container's labels are the kubelet's io.kubernetes.* ones only */
	g_assert_cmpuint(meta->labels->len, ==, 0);
	g_assert_cmpuint(f->log.lines->len, ==, 0);
	container_meta_unref(meta);
}

static void test_crio_sandbox(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;
	char *labels;

	(void)unused;
	g_free(install_crio_bundle(f->runroot, CRIO_SANDBOX, "crio/sandbox.json"));
	meta = read_bundle(f, CRIO_SANDBOX);
	g_assert_nonnull(meta);
	g_assert_true(meta->is_sandbox);
	g_assert_cmpstr(meta->name, ==, "POD");
	g_assert_cmpstr(meta->pod_name, ==, "cart-7d4b9c8f6-x2x9q");
	g_assert_cmpstr(meta->pod_namespace, ==, "store");
	g_assert_cmpstr(meta->image, ==, "registry.k8s.io/pause:3.9");
	g_assert_cmpstr(meta->image_repository, ==, "registry.k8s.io/pause");
	g_assert_cmpstr(meta->image_tag, ==, "3.9");
	labels = labels_joined(meta);
	g_assert_cmpstr(labels, ==, "app=cart,tier=backend");
	g_free(labels);
	g_assert_cmpuint(f->log.lines->len, ==, 0);
	container_meta_unref(meta);
}

static void test_podman(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;

	(void)unused;
	g_free(install_crio_bundle(f->runroot, PODMAN_ID, "crio/podman.json"));
	meta = read_bundle(f, PODMAN_ID);
	g_assert_nonnull(meta);
	g_assert_cmpint(meta->runtime, ==, CONTAINER_RUNTIME_PODMAN);
	g_assert_null(meta->pod_name);
	g_assert_cmpstr(meta->netns_path, ==,
			"/run/netns/netns-3c9d2a71-8f40-4bb1-a2c5-6e7d8f9a0b1c");
	container_meta_unref(meta);
}

/* Another runtime's container: not found, and nothing to log about it. */
static void test_not_found_is_silent(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					 "containerd/k8s-container.json"));
	g_assert_null(read_bundle(f, OTHER_ID));
	g_assert_cmpuint(f->log.lines->len, ==, 0);
}

static void test_missing_state_dirs(struct fixture *f, gconstpointer unused)
{
	struct oci_bundle_dirs nowhere = { "/nonexistent/containerd", "/nonexistent/storage" };

	(void)unused;
	g_assert_null(oci_bundle_read(&nowhere, OTHER_ID, log_capture_line, &f->log));
	g_assert_cmpuint(f->log.lines->len, ==, 0);
}

/* An id that is not 64 lowercase hex never becomes part of a path. */
static void test_invalid_id_refused(struct fixture *f, gconstpointer unused)
{
	static const char *const ids[] = {
		"../../../etc",
		"b3cc6f0813697b9cca1f29f2eb2a3041ece2d003aa6d4691ae0b88ae4850f16",
		"B3CC6F0813697B9CCA1F29F2EB2A3041ECE2D003AA6D4691AE0B88AE4850F16A",
		"",
	};

	(void)unused;
	/* a bundle directory literally named like the traversal exists: still refused */
	g_free(install_containerd_bundle(f->state, "k8s.io", "B3CC6F0813697B9CCA1F29F2EB2A3041"
					 "ECE2D003AA6D4691AE0B88AE4850F16A",
					 "containerd/k8s-container.json"));
	for (size_t i = 0; i < G_N_ELEMENTS(ids); i++)
		g_assert_null(read_bundle(f, ids[i]));
	g_assert_null(read_bundle(f, NULL));
	g_assert_cmpuint(f->log.lines->len, ==, 0);
}

/* One broken fixture: NULL and one line naming the problem. */
static void expect_unreadable(struct fixture *f, const char *fixture, const char *needle)
{
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_APP, fixture));
	g_assert_null(read_bundle(f, CTRD_APP));
	assert_one_log_line_containing(f, needle);
}

static void test_truncated(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	expect_unreadable(f, "hostile/truncated.json", CTRD_APP "/config.json");
}

static void test_empty(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	expect_unreadable(f, "hostile/empty.json", "config.json");
}

static void test_root_not_object(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	expect_unreadable(f, "hostile/root-array.json", "not a JSON object");
}

/* Values of the wrong JSON type read as absent; the rest is still read. */
static void test_wrong_types(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;

	(void)unused;
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					 "hostile/wrong-types.json"));
	meta = read_bundle(f, CTRD_APP);
	g_assert_nonnull(meta);
	g_assert_null(meta->name);
	g_assert_null(meta->pod_name);
	g_assert_null(meta->pod_namespace);
	g_assert_null(meta->pod_uid);
	g_assert_null(meta->sandbox_id);
	g_assert_null(meta->netns_path);
	g_assert_cmpstr(meta->image_tag, ==, "1.25");
	assert_one_log_line_containing(f, "is not a JSON");
	container_meta_unref(meta);
}

static void test_annotations_not_object(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;

	(void)unused;
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					 "hostile/annotations-array.json"));
	meta = read_bundle(f, CTRD_APP);
	g_assert_nonnull(meta);
	g_assert_null(meta->pod_name);
	assert_one_log_line_containing(f, "\"annotations\" is not a JSON object");
	container_meta_unref(meta);
}

static void test_crio_labels_truncated(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;

	(void)unused;
	g_free(install_crio_bundle(f->runroot, CRIO_APP, "hostile/crio-labels-truncated.json"));
	meta = read_bundle(f, CRIO_APP);
	g_assert_nonnull(meta);
	g_assert_null(meta->name);
	g_assert_cmpstr(meta->pod_name, ==, "cart-7d4b9c8f6-x2x9q");
	g_assert_cmpuint(meta->labels->len, ==, 0);
	assert_one_log_line_containing(f, "io.kubernetes.cri-o.Labels");
	container_meta_unref(meta);
}

static void test_crio_label_not_string(struct fixture *f, gconstpointer unused)
{
	struct container_meta *meta;
	char *labels;

	(void)unused;
	g_free(install_crio_bundle(f->runroot, CRIO_SANDBOX, "hostile/crio-label-not-string.json"));
	meta = read_bundle(f, CRIO_SANDBOX);
	g_assert_nonnull(meta);
	labels = labels_joined(meta);
	g_assert_cmpstr(labels, ==, "app=cart,tier=backend");
	g_free(labels);
	assert_one_log_line_containing(f, "label \"replicas\"");
	container_meta_unref(meta);
}

static void write_config(const char *bundle_dir, const char *text, gssize len)
{
	char *path = g_build_filename(bundle_dir, "config.json", NULL);
	GError *error = NULL;

	g_file_set_contents(path, text, len, &error);
	g_assert_no_error(error);
	g_free(path);
}

/* {"annotations":{"io.kubernetes.cri.sandbox-name":"web-0"}} padded with spaces
 * to exactly size bytes: valid JSON of a chosen size. */
static char *padded_config(size_t size)
{
	const char *head = "{\"annotations\":{\"io.kubernetes.cri.sandbox-name\":\"web-0\"}";
	char *text = g_malloc(size);

	memset(text, ' ', size);
	memcpy(text, head, strlen(head));
	text[size - 1] = '}';
	return text;
}

static void test_size_limit(struct fixture *f, gconstpointer unused)
{
	char *dir = install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					      "containerd/k8s-container.json");
	struct container_meta *meta;
	char *text;

	(void)unused;
	/* exactly the limit is read */
	text = padded_config(OCI_BUNDLE_MAX_CONFIG_SIZE);
	write_config(dir, text, OCI_BUNDLE_MAX_CONFIG_SIZE);
	g_free(text);
	meta = read_bundle(f, CTRD_APP);
	g_assert_nonnull(meta);
	g_assert_cmpstr(meta->pod_name, ==, "web-0");
	container_meta_unref(meta);
	g_assert_cmpuint(f->log.lines->len, ==, 0);

	/* one byte more is not */
	text = padded_config(OCI_BUNDLE_MAX_CONFIG_SIZE + 1);
	write_config(dir, text, OCI_BUNDLE_MAX_CONFIG_SIZE + 1);
	g_free(text);
	g_assert_null(read_bundle(f, CTRD_APP));
	assert_one_log_line_containing(f, "4194305 bytes");
	g_free(dir);
}

/* json-glib 1.6 recurses once per level: a deep file must not reach it. */
static void test_deep_nesting(struct fixture *f, gconstpointer unused)
{
	char *dir = install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					      "containerd/k8s-container.json");
	size_t depth = 1000000;
	char *text = g_malloc(depth);

	(void)unused;
	memset(text, '[', depth);
	write_config(dir, text, (gssize)depth);
	g_free(text);
	g_assert_null(read_bundle(f, CTRD_APP));
	assert_one_log_line_containing(f, "nested deeper");
	g_free(dir);
}

/* Brackets inside JSON strings are not nesting. */
static void test_brackets_in_strings(struct fixture *f, gconstpointer unused)
{
	char *dir = install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					      "containerd/k8s-container.json");
	GString *text = g_string_new("{\"annotations\":{\"io.kubernetes.cri.sandbox-name\":\"");
	struct container_meta *meta;

	(void)unused;
	for (int i = 0; i < 200; i++)
		g_string_append(text, "[{\\\"");
	g_string_append(text, "\"}}");
	write_config(dir, text->str, (gssize)text->len);
	meta = read_bundle(f, CTRD_APP);
	g_assert_nonnull(meta);
	g_assert_true(g_str_has_prefix(meta->pod_name, "[{\"[{\""));
	g_assert_cmpuint(f->log.lines->len, ==, 0);
	container_meta_unref(meta);
	g_string_free(text, TRUE);
	g_free(dir);
}

static void test_config_symlink_loop(struct fixture *f, gconstpointer unused)
{
	char *dir = install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					      "containerd/k8s-container.json");
	char *config = g_build_filename(dir, "config.json", NULL);

	(void)unused;
	g_assert_cmpint(g_unlink(config), ==, 0);
	g_assert_cmpint(symlink("config.json", config), ==, 0);
	g_assert_null(read_bundle(f, CTRD_APP));
	assert_one_log_line_containing(f, "symlink");
	g_free(config);
	g_free(dir);
}

/* A symlink to a perfectly good file is not followed either. */
static void test_config_symlink_elsewhere(struct fixture *f, gconstpointer unused)
{
	char *dir = install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					      "containerd/k8s-container.json");
	char *config = g_build_filename(dir, "config.json", NULL);
	char *target = fixture_path("containerd/k8s-container.json");

	(void)unused;
	g_assert_cmpint(g_unlink(config), ==, 0);
	g_assert_cmpint(symlink(target, config), ==, 0);
	g_assert_null(read_bundle(f, CTRD_APP));
	assert_one_log_line_containing(f, "symlink");
	g_free(target);
	g_free(config);
	g_free(dir);
}

static void test_bundle_dir_symlink_loop(struct fixture *f, gconstpointer unused)
{
	char *ns_dir = g_build_filename(f->state, "io.containerd.runtime.v2.task", "k8s.io", NULL);
	char *bundle = g_build_filename(ns_dir, CTRD_APP, NULL);

	(void)unused;
	g_assert_cmpint(g_mkdir_with_parents(ns_dir, 0700), ==, 0);
	g_assert_cmpint(symlink(CTRD_APP, bundle), ==, 0);
	g_assert_null(read_bundle(f, CTRD_APP));
	assert_one_log_line_containing(f, "symlink");
	g_free(bundle);
	g_free(ns_dir);
}

/* A namespace directory that loops is passed over; the real one is still searched. */
static void test_namespace_symlink_loop_skipped(struct fixture *f, gconstpointer unused)
{
	char *loop = g_build_filename(f->state, "io.containerd.runtime.v2.task", "loop", NULL);
	struct container_meta *meta;

	(void)unused;
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					 "containerd/k8s-container.json"));
	g_assert_cmpint(symlink("loop", loop), ==, 0);
	meta = read_bundle(f, CTRD_APP);
	g_assert_nonnull(meta);
	g_assert_cmpstr(meta->pod_name, ==, "web-0");
	container_meta_unref(meta);
	g_free(loop);
}

static void test_crio_symlinked_userdata(struct fixture *f, gconstpointer unused)
{
	char *dir = install_crio_bundle(f->runroot, CRIO_APP, "crio/container.json");
	char *moved = g_strconcat(dir, ".real", NULL);

	(void)unused;
	g_assert_cmpint(g_rename(dir, moved), ==, 0);
	g_assert_cmpint(symlink(moved, dir), ==, 0);
	g_assert_null(read_bundle(f, CRIO_APP));
	assert_one_log_line_containing(f, "symlink");
	g_free(moved);
	g_free(dir);
}

/* The container exits between finding its bundle and reading config.json:
 * its directory is there, the file is gone. */
static void test_vanished(struct fixture *f, gconstpointer unused)
{
	char *dir = install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					      "containerd/k8s-container.json");
	char *config = g_build_filename(dir, "config.json", NULL);

	(void)unused;
	g_assert_cmpint(g_unlink(config), ==, 0);
	g_assert_null(read_bundle(f, CTRD_APP));
	assert_one_log_line_containing(f, "vanished");
	g_free(config);
	g_free(dir);
}

/* A FIFO would block a plain open() and read(). */
static void test_fifo_does_not_block(struct fixture *f, gconstpointer unused)
{
	char *dir = install_containerd_bundle(f->state, "k8s.io", CTRD_APP,
					      "containerd/k8s-container.json");
	char *config = g_build_filename(dir, "config.json", NULL);

	(void)unused;
	g_assert_cmpint(g_unlink(config), ==, 0);
	g_assert_cmpint(mkfifo(config, 0600), ==, 0);
	g_assert_null(read_bundle(f, CTRD_APP));
	assert_one_log_line_containing(f, "not a regular file");
	g_free(config);
	g_free(dir);
}

/* A log function is optional. */
static void test_no_log_function(struct fixture *f, gconstpointer unused)
{
	(void)unused;
	g_free(install_containerd_bundle(f->state, "k8s.io", CTRD_APP, "hostile/truncated.json"));
	g_assert_null(oci_bundle_read(&f->dirs, CTRD_APP, NULL, NULL));
}

#define ADD(name, func) \
	g_test_add("/oci_bundle/" name, struct fixture, NULL, fixture_set_up, func, \
		   fixture_tear_down)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("containerd-app", test_containerd_app);
	ADD("containerd-sandbox", test_containerd_sandbox);
	ADD("containerd-plain", test_containerd_plain);
	ADD("containerd-moby-is-docker", test_containerd_moby_is_docker);
	ADD("crio-app", test_crio_app);
	ADD("crio-sandbox", test_crio_sandbox);
	ADD("podman", test_podman);
	ADD("not-found-is-silent", test_not_found_is_silent);
	ADD("missing-state-dirs", test_missing_state_dirs);
	ADD("invalid-id-refused", test_invalid_id_refused);
	ADD("hostile/truncated", test_truncated);
	ADD("hostile/empty", test_empty);
	ADD("hostile/root-not-object", test_root_not_object);
	ADD("hostile/wrong-types", test_wrong_types);
	ADD("hostile/annotations-not-object", test_annotations_not_object);
	ADD("hostile/crio-labels-truncated", test_crio_labels_truncated);
	ADD("hostile/crio-label-not-string", test_crio_label_not_string);
	ADD("hostile/size-limit", test_size_limit);
	ADD("hostile/deep-nesting", test_deep_nesting);
	ADD("hostile/brackets-in-strings", test_brackets_in_strings);
	ADD("hostile/config-symlink-loop", test_config_symlink_loop);
	ADD("hostile/config-symlink-elsewhere", test_config_symlink_elsewhere);
	ADD("hostile/bundle-dir-symlink-loop", test_bundle_dir_symlink_loop);
	ADD("hostile/namespace-symlink-loop-skipped", test_namespace_symlink_loop_skipped);
	ADD("hostile/crio-symlinked-userdata", test_crio_symlinked_userdata);
	ADD("hostile/vanished", test_vanished);
	ADD("hostile/fifo-does-not-block", test_fifo_does_not_block);
	ADD("hostile/no-log-function", test_no_log_function);
	return g_test_run();
}

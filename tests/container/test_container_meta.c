/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Image references split into container.image.repository / .tag (and digest). */
#include <glib.h>

#include "container_meta.h"

#define DIGEST "sha256:4f0ec3b8c1e0a4a7d2b5d9e6f3a1c8b7e2d4f6a8c0b1d3e5f7a9c2b4d6e8f0a1"

static const struct {
	const char *image, *repository, *tag, *digest;
} cases[] = {
	{ "docker.io/library/nginx:1.25", "docker.io/library/nginx", "1.25", NULL },
	{ "nginx:1.25", "nginx", "1.25", NULL },
	{ "nginx", "nginx", "latest", NULL },
	{ "registry.local:5000/team/app:v2", "registry.local:5000/team/app", "v2", NULL },
	{ "registry.local:5000/team/app", "registry.local:5000/team/app", "latest", NULL },
	{ "quay.io/acme/cart@" DIGEST, "quay.io/acme/cart", NULL, DIGEST },
	{ "quay.io/acme/cart:2.3.1@" DIGEST, "quay.io/acme/cart", "2.3.1", DIGEST },
	{ "localhost:5000/app@" DIGEST, "localhost:5000/app", NULL, DIGEST },
	{ DIGEST, NULL, NULL, DIGEST },
	{ "", NULL, NULL, NULL },
};

static void test_split(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *repository, *tag, *digest;

		container_image_split(cases[i].image, &repository, &tag, &digest);
		g_assert_cmpstr(repository, ==, cases[i].repository);
		g_assert_cmpstr(tag, ==, cases[i].tag);
		g_assert_cmpstr(digest, ==, cases[i].digest);
		g_free(repository);
		g_free(tag);
		g_free(digest);
	}
}

static void test_host_and_short_id(void)
{
	struct container_meta *host = container_meta_new(CONTAINER_RUNTIME_NONE, NULL);
	struct container_meta *meta = container_meta_new(
		CONTAINER_RUNTIME_CRIO,
		"9150d6cffe17f89d0cf0f5bacc25d7b7089c529a555144a1ff3514e55ac0b7e6");

	g_assert_cmpstr(host->short_id, ==, "host");
	g_assert_null(host->full_id);
	g_assert_cmpstr(meta->short_id, ==, "9150d6cffe17");
	g_assert_nonnull(meta->labels);
	container_meta_set_image(meta, "nginx");
	g_assert_cmpstr(meta->image_tag, ==, "latest");
	container_meta_set_image(meta, "");
	g_assert_null(meta->image);
	g_assert_null(meta->image_tag);
	container_meta_unref(meta);
	container_meta_unref(host);
}

/* Other references to the same image fill in only what is missing. */
static void test_image_refs(void)
{
	struct container_meta *meta = container_meta_new(CONTAINER_RUNTIME_CRIO, NULL);
	const char *id = "7b3c9f1e5d2a4c6b8e0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b";
	char *prefixed = g_strconcat("sha256:", id, NULL);

	container_meta_set_image(meta, "quay.io/acme/cart:2.3.1");
	container_meta_add_image_ref(meta, "quay.io/acme/cart@sha256:4f0e");
	container_meta_add_image_ref(meta, prefixed);
	g_assert_cmpstr(meta->image, ==, "quay.io/acme/cart:2.3.1");
	g_assert_cmpstr(meta->image_tag, ==, "2.3.1");
	g_assert_cmpstr(meta->image_digest, ==, "sha256:4f0e");
	g_assert_cmpstr(meta->image_id, ==, "7b3c9f1e5d2a");
	/* the first of each wins; a short or non-hex string is no id */
	container_meta_add_image_ref(meta, "quay.io/acme/cart@sha256:ffff");
	container_meta_add_image_ref(meta, "7b3c9f1e5d2a");
	container_meta_add_image_ref(meta, NULL);
	g_assert_cmpstr(meta->image_digest, ==, "sha256:4f0e");
	g_assert_cmpstr(meta->image_id, ==, "7b3c9f1e5d2a");
	container_meta_unref(meta);

	meta = container_meta_new(CONTAINER_RUNTIME_CRIO, NULL);
	container_meta_add_image_ref(meta, "7b3c9f1e5d2a4c6b8e0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4z");
	container_meta_add_image_ref(meta, "nginx:1.25");
	g_assert_null(meta->image_id);
	g_assert_null(meta->image_digest);
	container_meta_add_image_ref(meta, id);
	g_assert_cmpstr(meta->image_id, ==, "7b3c9f1e5d2a");
	container_meta_unref(meta);
	g_free(prefixed);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/container_meta/image-split", test_split);
	g_test_add_func("/container_meta/host-and-short-id", test_host_and_short_id);
	g_test_add_func("/container_meta/image-refs", test_image_refs);
	return g_test_run();
}

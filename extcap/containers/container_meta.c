/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "container_meta.h"

#include <string.h>

struct container_meta *container_meta_new(enum container_runtime runtime, const char *full_id)
{
	struct container_meta *meta = g_atomic_rc_box_new0(struct container_meta);

	meta->runtime = runtime;
	meta->labels = g_ptr_array_new_with_free_func(g_free);
	if (full_id) {
		meta->full_id = g_strdup(full_id);
		g_strlcpy(meta->short_id, full_id, sizeof(meta->short_id));
	} else {
		g_strlcpy(meta->short_id, "host", sizeof(meta->short_id));
	}
	return meta;
}

const struct container_meta *container_meta_ref(const struct container_meta *meta)
{
	/* the count lives in the box header, outside the const struct */
	return g_atomic_rc_box_acquire((gpointer)meta);
}

static void container_meta_clear(gpointer data)
{
	struct container_meta *meta = data;

	g_free(meta->full_id);
	g_free(meta->name);
	g_free(meta->image);
	g_free(meta->image_repository);
	g_free(meta->image_tag);
	g_free(meta->image_digest);
	g_free(meta->image_id);
	g_free(meta->pod_name);
	g_free(meta->pod_uid);
	g_free(meta->pod_namespace);
	g_free(meta->sandbox_id);
	g_ptr_array_unref(meta->labels);
	g_free(meta->netns_path);
}

void container_meta_unref(const struct container_meta *meta)
{
	g_atomic_rc_box_release_full((gpointer)meta, container_meta_clear);
}

void container_meta_set_image(struct container_meta *meta, const char *image)
{
	g_clear_pointer(&meta->image, g_free);
	g_clear_pointer(&meta->image_repository, g_free);
	g_clear_pointer(&meta->image_tag, g_free);
	g_clear_pointer(&meta->image_digest, g_free);
	if (!image || !*image)
		return;
	meta->image = g_strdup(image);
	container_image_split(image, &meta->image_repository, &meta->image_tag,
			      &meta->image_digest);
}

static bool is_image_id(const char *s)
{
	if (g_str_has_prefix(s, "sha256:"))
		s += strlen("sha256:");
	if (strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!g_ascii_isxdigit(*s))
			return false;
	return true;
}

void container_meta_add_image_ref(struct container_meta *meta, const char *ref)
{
	const char *at;

	if (!ref || !*ref)
		return;
	if (is_image_id(ref)) {
		if (!meta->image_id)
			meta->image_id = g_strndup(ref + (g_str_has_prefix(ref, "sha256:") ? 7 : 0),
						   CONTAINER_SHORT_ID_LEN);
		return;
	}
	at = strchr(ref, '@');
	if (at && at[1] && !meta->image_digest)
		meta->image_digest = g_strdup(at + 1);
}

void container_image_split(const char *image, char **repository, char **tag, char **digest)
{
	const char *at, *last_slash, *colon;
	size_t name_len;

	*repository = *tag = *digest = NULL;
	if (!image || !*image)
		return;
	if (g_str_has_prefix(image, "sha256:")) {
		*digest = g_strdup(image);
		return;
	}
	at = strchr(image, '@');
	name_len = at ? (size_t)(at - image) : strlen(image);
	if (at && at[1])
		*digest = g_strdup(at + 1);

	/* A tag is the last ':' part after the last '/': a ':' before it is a port. */
	last_slash = memrchr(image, '/', name_len);
	colon = memrchr(last_slash ? last_slash : image, ':',
			name_len - (size_t)(last_slash ? last_slash - image : 0));
	if (colon) {
		if (colon + 1 < image + name_len)
			*tag = g_strndup(colon + 1, (size_t)(image + name_len - colon - 1));
		name_len = (size_t)(colon - image);
	}
	if (name_len)
		*repository = g_strndup(image, name_len);
	if (!*tag && !*digest)
		*tag = g_strdup("latest");
}

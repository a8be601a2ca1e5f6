/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "test_support.h"

#include <ftw.h>
#include <stdio.h>
#include <unistd.h>

char *make_temp_dir(void)
{
	GError *error = NULL;
	char *dir = g_dir_make_tmp("podshark-containers-XXXXXX", &error);

	g_assert_no_error(error);
	return dir;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path); /* best effort: keep removing the rest */
	return 0;
}

void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *fixture_path(const char *fixture)
{
	return g_build_filename(FIXTURES_DIR, fixture, NULL);
}

static void copy_fixture(const char *fixture, const char *dir)
{
	char *source = fixture_path(fixture);
	char *target = g_build_filename(dir, "config.json", NULL);
	GError *error = NULL;
	char *text = NULL;
	gsize len = 0;

	g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
	g_file_get_contents(source, &text, &len, &error);
	g_assert_no_error(error);
	g_file_set_contents(target, text, (gssize)len, &error);
	g_assert_no_error(error);
	g_free(text);
	g_free(target);
	g_free(source);
}

char *install_containerd_bundle(const char *state, const char *ns, const char *id,
				const char *fixture)
{
	char *dir = g_build_filename(state, "io.containerd.runtime.v2.task", ns, id, NULL);

	copy_fixture(fixture, dir);
	return dir;
}

char *install_crio_bundle(const char *runroot, const char *id, const char *fixture)
{
	char *dir = g_build_filename(runroot, "overlay-containers", id, "userdata", NULL);

	copy_fixture(fixture, dir);
	return dir;
}

void log_capture_init(struct log_capture *capture)
{
	capture->lines = g_ptr_array_new_with_free_func(g_free);
}

void log_capture_clear(struct log_capture *capture)
{
	g_ptr_array_unref(capture->lines);
}

void log_capture_line(void *user_data, const char *message)
{
	struct log_capture *capture = user_data;

	if (g_test_verbose())
		g_printerr("log: %s\n", message);
	g_ptr_array_add(capture->lines, g_strdup(message));
}

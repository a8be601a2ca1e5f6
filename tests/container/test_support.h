/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers of the container tests: throw-away runtime state directories filled
 * with the fixtures, and a log function that keeps every line it receives.
 */
#ifndef PODSHARK_TEST_SUPPORT_H
#define PODSHARK_TEST_SUPPORT_H

#include <glib.h>

/* A new empty directory under $TMPDIR; remove it with remove_tree(). */
char *make_temp_dir(void);
void remove_tree(const char *path);

/* Copies fixtures/<fixture> to <state>/io.containerd.runtime.v2.task/<ns>/<id>/config.json
 * and returns the bundle directory (newly allocated). */
char *install_containerd_bundle(const char *state, const char *ns, const char *id,
				const char *fixture);
/* Copies fixtures/<fixture> to <runroot>/overlay-containers/<id>/userdata/config.json
 * and returns the userdata directory. */
char *install_crio_bundle(const char *runroot, const char *id, const char *fixture);

char *fixture_path(const char *fixture);

struct log_capture {
	GPtrArray *lines;
};

void log_capture_init(struct log_capture *capture);
void log_capture_clear(struct log_capture *capture);
/* A container_log_fn: user_data is a struct log_capture. */
void log_capture_line(void *user_data, const char *message);

#endif /* PODSHARK_TEST_SUPPORT_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "oci_bundle.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

/*
 * json-glib before 1.10 parses nested arrays and objects by recursion with no
 * depth limit: a config.json of a million '[' would overflow the stack.  Real
 * bundles nest about six levels deep.
 */
#define MAX_JSON_DEPTH 64

/* Where each runtime keeps its bundles, below its state directory. */
#define CONTAINERD_TASK_DIR "io.containerd.runtime.v2.task"
#define CRIO_CONTAINERS_DIR "overlay-containers"

/* Hands at most one line per lookup to the caller's log function. */
struct reporter {
	container_log_fn log;
	void *log_data;
	bool done;
};

static void G_GNUC_PRINTF(2, 3) report(struct reporter *rep, const char *format, ...)
{
	va_list args;
	char *line;

	if (rep->done || !rep->log)
		return;
	rep->done = true;
	va_start(args, format);
	line = g_strdup_vprintf(format, args);
	va_end(args);
	rep->log(rep->log_data, line);
	g_free(line);
}

static bool is_container_id(const char *id)
{
	size_t n = 0;

	for (; id[n]; n++)
		if (!g_ascii_isxdigit(id[n]) || g_ascii_isupper(id[n]))
			return false;
	return n == CONTAINER_ID_LEN;
}

/* Opens a directory below a trusted one without following a symlink. */
static int open_dir_nofollow(int dirfd, const char *name)
{
	return openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Why open_dir_nofollow(dirfd, name) failed with error: a symlink shows as ENOTDIR. */
static const char *open_failure(int dirfd, const char *name, int error)
{
	struct stat st;

	if ((error == ENOTDIR || error == ELOOP) &&
	    fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		return "is a symlink, not followed";
	return g_strerror(error);
}

static bool json_depth_ok(const char *text, size_t len)
{
	bool in_string = false, escaped = false;
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > MAX_JSON_DEPTH)
				return false;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return true;
}

/* Reads at most max bytes of an open regular file; NULL when it is larger. */
static char *read_capped(int fd, size_t max, size_t *len)
{
	char *buf = g_malloc(max + 1);
	size_t total = 0;

	while (total <= max) {
		ssize_t n = read(fd, buf + total, max + 1 - total);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		total += (size_t)n;
	}
	if (total > max) {
		g_free(buf);
		errno = EFBIG;
		return NULL;
	}
	*len = total;
	return buf;
}

/*
 * Parses <dirfd>/config.json (display_dir names dirfd in messages).  Returns the
 * parser holding the root object, or NULL after one report.
 */
static JsonParser *load_config(int dirfd, const char *display_dir, struct reporter *rep)
{
	JsonParser *parser;
	GError *error = NULL;
	struct stat st;
	size_t len = 0;
	char *text;
	int fd;

	fd = openat(dirfd, "config.json", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			report(rep, "%s/config.json: vanished before it could be read",
			       display_dir);
		else if (errno == ELOOP)
			report(rep, "%s/config.json: is a symlink, not followed", display_dir);
		else
			report(rep, "%s/config.json: %s", display_dir, g_strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		report(rep, "%s/config.json: not a regular file", display_dir);
		close(fd);
		return NULL;
	}
	if ((guint64)st.st_size > OCI_BUNDLE_MAX_CONFIG_SIZE) {
		report(rep, "%s/config.json: %lld bytes, over the %u-byte limit", display_dir,
		       (long long)st.st_size, OCI_BUNDLE_MAX_CONFIG_SIZE);
		close(fd);
		return NULL;
	}
	text = read_capped(fd, OCI_BUNDLE_MAX_CONFIG_SIZE, &len);
	close(fd);
	if (!text) {
		report(rep, "%s/config.json: %s", display_dir,
		       errno == EFBIG ? "grew beyond the size limit while read"
				      : g_strerror(errno));
		return NULL;
	}
	if (!json_depth_ok(text, len)) {
		report(rep, "%s/config.json: JSON nested deeper than %d levels", display_dir,
		       MAX_JSON_DEPTH);
		g_free(text);
		return NULL;
	}
	parser = json_parser_new_immutable();
	if (!json_parser_load_from_data(parser, text, (gssize)len, &error)) {
		report(rep, "%s/config.json: %s", display_dir, error->message);
		g_error_free(error);
		g_object_unref(parser);
		parser = NULL;
	} else if (!json_parser_get_root(parser) ||
		   !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))) {
		/* an empty text parses, without a root */
		report(rep, "%s/config.json: not a JSON object", display_dir);
		g_object_unref(parser);
		parser = NULL;
	}
	g_free(text);
	return parser;
}

/* Reading a config.json: where it came from, for messages, and its annotations. */
struct config_view {
	const char *path;
	JsonObject *root;
	JsonObject *annotations; /* NULL when absent or not an object */
	struct reporter *rep;
};

static JsonObject *member_object(const struct config_view *view, JsonObject *object,
				 const char *name)
{
	JsonNode *node = json_object_get_member(object, name);

	if (!node)
		return NULL;
	if (!JSON_NODE_HOLDS_OBJECT(node)) {
		report(view->rep, "%s: \"%s\" is not a JSON object", view->path, name);
		return NULL;
	}
	return json_node_get_object(node);
}

/* A string member; a member of another type is reported and reads as absent. */
static const char *member_string(const struct config_view *view, JsonObject *object,
				 const char *name)
{
	JsonNode *node;
	const char *value;

	if (!object)
		return NULL;
	node = json_object_get_member(object, name);
	if (!node)
		return NULL;
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING) {
		report(view->rep, "%s: \"%s\" is not a JSON string", view->path, name);
		return NULL;
	}
	value = json_node_get_string(node);
	return value && *value ? value : NULL;
}

static const char *annotation(const struct config_view *view, const char *name)
{
	return member_string(view, view->annotations, name);
}

/* The first of the names that is present; NULL-terminated list. */
static G_GNUC_NULL_TERMINATED const char *first_annotation(const struct config_view *view, ...)
{
	const char *value = NULL;
	const char *name;
	va_list args;

	va_start(args, view);
	while (!value && (name = va_arg(args, const char *)))
		value = annotation(view, name);
	va_end(args);
	return value;
}

static void set_string(char **field, const char *value)
{
	if (!*field && value)
		*field = g_strdup(value);
}

/* linux.namespaces[] entry of type "network" with a path, if any. */
static void read_netns_path(const struct config_view *view, struct container_meta *meta)
{
	JsonObject *linux_object = member_object(view, view->root, "linux");
	JsonNode *namespaces;
	JsonArray *array;

	if (!linux_object)
		return;
	namespaces = json_object_get_member(linux_object, "namespaces");
	if (!namespaces)
		return;
	if (!JSON_NODE_HOLDS_ARRAY(namespaces)) {
		report(view->rep, "%s: \"namespaces\" is not a JSON array", view->path);
		return;
	}
	array = json_node_get_array(namespaces);
	for (guint i = 0; i < json_array_get_length(array); i++) {
		JsonNode *element = json_array_get_element(array, i);
		JsonObject *entry;
		const char *type;

		if (!JSON_NODE_HOLDS_OBJECT(element)) {
			report(view->rep, "%s: namespaces[%u] is not a JSON object", view->path,
			       i);
			continue;
		}
		entry = json_node_get_object(element);
		type = member_string(view, entry, "type");
		if (type && strcmp(type, "network") == 0) {
			set_string(&meta->netns_path, member_string(view, entry, "path"));
			return;
		}
	}
}

static gint compare_labels(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* io.kubernetes.cri-o.Labels: a JSON object of strings, inside a string. */
static JsonParser *parse_crio_labels(const struct config_view *view)
{
	const char *text = annotation(view, "io.kubernetes.cri-o.Labels");
	JsonParser *parser;

	if (!text)
		return NULL;
	parser = json_parser_new_immutable();
	if (!json_depth_ok(text, strlen(text)) ||
	    !json_parser_load_from_data(parser, text, -1, NULL) || !json_parser_get_root(parser) ||
	    !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))) {
		report(view->rep, "%s: io.kubernetes.cri-o.Labels is not a JSON object",
		       view->path);
		g_object_unref(parser);
		return NULL;
	}
	return parser;
}

/* A label the kubelet set: CRI-O copies each label among the annotations too. */
static const char *crio_label(const struct config_view *view, JsonObject *labels,
			      const char *name)
{
	const char *value = annotation(view, name);

	return value ? value : member_string(view, labels, name);
}

/*
 * The labels a user set on the pod.  The kubelet's own io.kubernetes.* labels
 * are bookkeeping that the k8s.pod.* fields already show, and are left out.
 */
static void add_pod_labels(const struct config_view *view, JsonObject *labels,
			   struct container_meta *meta)
{
	JsonObjectIter iter;
	const char *key;
	JsonNode *value;

	json_object_iter_init(&iter, labels);
	while (json_object_iter_next(&iter, &key, &value)) {
		if (g_str_has_prefix(key, "io.kubernetes."))
			continue;
		if (!JSON_NODE_HOLDS_VALUE(value) ||
		    json_node_get_value_type(value) != G_TYPE_STRING) {
			report(view->rep, "%s: label \"%s\" is not a JSON string", view->path,
			       key);
			continue;
		}
		g_ptr_array_add(meta->labels,
				g_strdup_printf("%s=%s", key, json_node_get_string(value)));
	}
	g_ptr_array_sort(meta->labels, compare_labels);
}

static void fill_from_containerd(const struct config_view *view, struct container_meta *meta)
{
	const char *type = annotation(view, "io.kubernetes.cri.container-type");

	meta->is_sandbox = type && strcmp(type, "sandbox") == 0;
	set_string(&meta->name, annotation(view, "io.kubernetes.cri.container-name"));
	/* the kubelet's name for a sandbox, which CRI-O carries as a label */
	if (meta->is_sandbox)
		set_string(&meta->name, "POD");
	set_string(&meta->sandbox_id, annotation(view, "io.kubernetes.cri.sandbox-id"));
	set_string(&meta->pod_name, annotation(view, "io.kubernetes.cri.sandbox-name"));
	set_string(&meta->pod_namespace, annotation(view, "io.kubernetes.cri.sandbox-namespace"));
	set_string(&meta->pod_uid, annotation(view, "io.kubernetes.cri.sandbox-uid"));
	container_meta_set_image(meta, annotation(view, "io.kubernetes.cri.image-name"));
	read_netns_path(view, meta);
}

static void fill_from_crio(const struct config_view *view, struct container_meta *meta)
{
	const char *type = annotation(view, "io.kubernetes.cri-o.ContainerType");
	const char *manager = annotation(view, "io.container.manager");
	JsonParser *labels_parser = parse_crio_labels(view);
	JsonObject *labels = NULL;

	if (labels_parser)
		labels = json_node_get_object(json_parser_get_root(labels_parser));
	if (manager && strcmp(manager, "libpod") == 0)
		meta->runtime = CONTAINER_RUNTIME_PODMAN;
	meta->is_sandbox = type && strcmp(type, "sandbox") == 0;
	set_string(&meta->name, crio_label(view, labels, "io.kubernetes.container.name"));
	set_string(&meta->sandbox_id, annotation(view, "io.kubernetes.cri-o.SandboxID"));
	set_string(&meta->pod_name, crio_label(view, labels, "io.kubernetes.pod.name"));
	set_string(&meta->pod_name, annotation(view, "io.kubernetes.cri-o.KubeName"));
	set_string(&meta->pod_namespace, crio_label(view, labels, "io.kubernetes.pod.namespace"));
	set_string(&meta->pod_namespace, annotation(view, "io.kubernetes.cri-o.Namespace"));
	set_string(&meta->pod_uid, crio_label(view, labels, "io.kubernetes.pod.uid"));
	/* ImageName is the reference the user wrote, what kubectl shows; Image is
	 * the one pulled (pinned by digest where CRI-O resolved one); ImageRef the
	 * image's id (a repo@digest reference in older CRI-O) */
	container_meta_set_image(meta, first_annotation(view, "io.kubernetes.cri-o.ImageName",
							"io.kubernetes.cri-o.Image", NULL));
	container_meta_add_image_ref(meta, annotation(view, "io.kubernetes.cri-o.Image"));
	container_meta_add_image_ref(meta, annotation(view, "io.kubernetes.cri-o.ImageRef"));
	if (labels)
		add_pod_labels(view, labels, meta);
	read_netns_path(view, meta);
	if (labels_parser)
		g_object_unref(labels_parser);
}

static struct container_meta *meta_from_config(JsonParser *parser, const char *path,
					       enum container_runtime runtime,
					       const char *container_id, struct reporter *rep,
					       void (*fill)(const struct config_view *,
							    struct container_meta *))
{
	struct config_view view = {
		.path = path,
		.root = json_node_get_object(json_parser_get_root(parser)),
		.rep = rep,
	};
	struct container_meta *meta = container_meta_new(runtime, container_id);

	view.annotations = member_object(&view, view.root, "annotations");
	fill(&view, meta);
	return meta;
}

static DIR *open_containerd_tasks(const char *state)
{
	int state_fd = open(state, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *tasks;
	int fd;

	if (state_fd < 0)
		return NULL;
	fd = open_dir_nofollow(state_fd, CONTAINERD_TASK_DIR);
	close(state_fd);
	if (fd < 0)
		return NULL;
	tasks = fdopendir(fd);
	if (!tasks)
		close(fd);
	return tasks;
}

static struct container_meta *read_containerd(const char *state, const char *id,
					      struct reporter *rep)
{
	DIR *tasks = open_containerd_tasks(state);
	struct container_meta *meta = NULL;
	struct dirent *entry;

	if (!tasks)
		return NULL;
	while (!meta && (entry = readdir(tasks))) {
		const char *ns = entry->d_name;
		char *dir_path;
		JsonParser *parser;
		int ns_fd, bundle_fd;

		if (ns[0] == '.')
			continue;
		ns_fd = open_dir_nofollow(dirfd(tasks), ns);
		if (ns_fd < 0)
			continue;
		bundle_fd = open_dir_nofollow(ns_fd, id);
		dir_path = g_strdup_printf("%s/%s/%s/%s", state, CONTAINERD_TASK_DIR, ns, id);
		if (bundle_fd < 0) {
			if (errno != ENOENT)
				report(rep, "%s: %s", dir_path, open_failure(ns_fd, id, errno));
			close(ns_fd);
			g_free(dir_path);
			continue;
		}
		close(ns_fd);
		parser = load_config(bundle_fd, dir_path, rep);
		close(bundle_fd);
		if (parser) {
			char *file_path = g_strdup_printf("%s/config.json", dir_path);

			/* Docker runs its containers in containerd's "moby" namespace */
			enum container_runtime runtime = strcmp(ns, "moby") == 0
								 ? CONTAINER_RUNTIME_DOCKER
								 : CONTAINER_RUNTIME_CONTAINERD;

			meta = meta_from_config(parser, file_path, runtime, id, rep,
						fill_from_containerd);
			g_free(file_path);
			g_object_unref(parser);
		}
		g_free(dir_path);
		if (rep->done)
			break;
	}
	closedir(tasks);
	return meta;
}

static struct container_meta *read_crio(const char *runroot, const char *id,
					struct reporter *rep)
{
	/* each step opened without following a symlink: the runroot is trusted, not
	 * what lies below it */
	const char *const steps[] = { CRIO_CONTAINERS_DIR, id, "userdata" };
	struct container_meta *meta = NULL;
	JsonParser *parser;
	char *dir_path;
	int fd;

	dir_path = g_strdup_printf("%s/%s/%s/userdata", runroot, CRIO_CONTAINERS_DIR, id);
	fd = open(runroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; fd >= 0 && i < G_N_ELEMENTS(steps); i++) {
		int next = open_dir_nofollow(fd, steps[i]);

		if (next < 0 && errno != ENOENT)
			report(rep, "%s: \"%s\" %s", dir_path, steps[i],
			       open_failure(fd, steps[i], errno));
		close(fd);
		fd = next;
	}
	if (fd < 0) {
		g_free(dir_path);
		return NULL;
	}
	parser = load_config(fd, dir_path, rep);
	close(fd);
	if (parser) {
		char *file_path = g_strdup_printf("%s/config.json", dir_path);

		meta = meta_from_config(parser, file_path, CONTAINER_RUNTIME_CRIO, id, rep,
					fill_from_crio);
		g_free(file_path);
		g_object_unref(parser);
	}
	g_free(dir_path);
	return meta;
}

struct container_meta *oci_bundle_read(const struct oci_bundle_dirs *dirs,
				       const char *container_id, container_log_fn log,
				       void *log_data)
{
	struct reporter rep = { .log = log, .log_data = log_data };
	const char *state = dirs && dirs->containerd_state ? dirs->containerd_state
							   : OCI_BUNDLE_CONTAINERD_STATE_DEFAULT;
	const char *runroot = dirs && dirs->crio_runroot ? dirs->crio_runroot
							 : OCI_BUNDLE_CRIO_RUNROOT_DEFAULT;
	struct container_meta *meta;

	if (!container_id || !is_container_id(container_id))
		return NULL;
	meta = read_containerd(state, container_id, &rep);
	if (!meta && !rep.done)
		meta = read_crio(runroot, container_id, &rep);
	return meta;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "remote_k8s.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "remote_ssh.h"

/* A pod as `kubectl get pods -o json` gives it. */
struct pod_ref {
	char *name, *namespace, *node, *container;
};

static void pod_ref_clear(gpointer data)
{
	struct pod_ref *p = data;

	g_free(p->name);
	g_free(p->namespace);
	g_free(p->node);
	g_free(p->container);
}

/* "kubectl [--kubeconfig K] [--context C]" */
static GPtrArray *kubectl_argv(const struct remote_k8s_options *o)
{
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);

	g_ptr_array_add(argv, g_strdup("kubectl"));
	if (o->kubeconfig && *o->kubeconfig)
		g_ptr_array_add(argv, g_strdup_printf("--kubeconfig=%s", o->kubeconfig));
	if (o->context && *o->context)
		g_ptr_array_add(argv, g_strdup_printf("--context=%s", o->context));
	return argv;
}

static const char *member_string(JsonObject *o, const char *member)
{
	JsonNode *n = o ? json_object_get_member(o, member) : NULL;

	return n && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_string(n) : NULL;
}

static JsonObject *member_object(JsonObject *o, const char *member)
{
	JsonNode *n = o ? json_object_get_member(o, member) : NULL;

	return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

/* The pods `kubectl get pods ARGS -o json` lists (running ones only).
 * NULL with the reason in err. */
static GArray *get_pods(const struct remote_k8s_options *o, const char *const *args, char *err,
			size_t errlen)
{
	GPtrArray *argv = kubectl_argv(o);
	char *out = NULL, *errout = NULL;
	GError *error = NULL;
	JsonParser *parser;
	JsonArray *items;
	GArray *pods;
	int status;

	g_ptr_array_add(argv, g_strdup("get"));
	g_ptr_array_add(argv, g_strdup("pods"));
	for (const char *const *a = args; *a; a++)
		g_ptr_array_add(argv, g_strdup(*a));
	g_ptr_array_add(argv, g_strdup("-o"));
	g_ptr_array_add(argv, g_strdup("json"));
	g_ptr_array_add(argv, NULL);
	if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
			  &errout, &status, &error) ||
	    !g_spawn_check_wait_status(status, NULL)) {
		char *line = errout ? g_strstrip(errout) : NULL;

		snprintf(err, errlen, "kubectl get pods failed: %s",
			 error ? error->message : line && *line ? line : "no message");
		g_clear_error(&error);
		g_free(out);
		g_free(errout);
		g_ptr_array_free(argv, TRUE);
		return NULL;
	}
	g_ptr_array_free(argv, TRUE);
	g_free(errout);
	parser = json_parser_new();
	if (!json_parser_load_from_data(parser, out, -1, &error) ||
	    !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)) ||
	    !json_object_has_member(json_node_get_object(json_parser_get_root(parser)), "items")) {
		snprintf(err, errlen, "kubectl get pods: not a list of pods");
		g_clear_error(&error);
		g_object_unref(parser);
		g_free(out);
		return NULL;
	}
	g_free(out);
	items = json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)),
					     "items");
	pods = g_array_new(FALSE, TRUE, sizeof(struct pod_ref));
	g_array_set_clear_func(pods, pod_ref_clear);
	for (guint i = 0; items && i < json_array_get_length(items); i++) {
		JsonObject *pod = json_array_get_object_element(items, i);
		JsonObject *meta = member_object(pod, "metadata");
		JsonObject *spec = member_object(pod, "spec");
		JsonObject *status_obj = member_object(pod, "status");
		JsonNode *containers = spec ? json_object_get_member(spec, "containers") : NULL;
		const char *phase = member_string(status_obj, "phase");
		struct pod_ref ref = { 0 };

		if (!meta || !member_string(meta, "name") || !member_string(spec, "nodeName") ||
		    (phase && strcmp(phase, "Running") != 0))
			continue;
		ref.name = g_strdup(member_string(meta, "name"));
		ref.namespace = g_strdup(member_string(meta, "namespace"));
		ref.node = g_strdup(member_string(spec, "nodeName"));
		if (containers && JSON_NODE_HOLDS_ARRAY(containers) &&
		    json_array_get_length(json_node_get_array(containers)))
			ref.container = g_strdup(member_string(
				json_array_get_object_element(json_node_get_array(containers), 0),
				"name"));
		g_array_append_val(pods, ref);
	}
	g_object_unref(parser);
	return pods;
}

static bool any_glob(char **globs, const char *value)
{
	for (char **g = globs; g && *g; g++)
		if (g_pattern_match_simple(*g, value))
			return true;
	return false;
}

static char **split_globs(const char *list)
{
	char **globs = g_strsplit(list ? list : "", ",", -1);

	for (char **g = globs; *g; g++)
		g_strstrip(*g);
	return globs;
}

/* The nodes that run the pods --pods and --k8s-namespaces select. */
static GHashTable *nodes_of_pods(const struct remote_k8s_options *o, char *err, size_t errlen)
{
	static const char *const all[] = { "--all-namespaces", NULL };
	char **pods = split_globs(o->pods), **namespaces = split_globs(o->namespaces);
	GArray *list = get_pods(o, all, err, errlen);
	GHashTable *nodes;

	if (!list) {
		g_strfreev(pods);
		g_strfreev(namespaces);
		return NULL;
	}
	nodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < list->len; i++) {
		const struct pod_ref *p = &g_array_index(list, struct pod_ref, i);
		char *qualified = g_strdup_printf("%s/%s", p->namespace ? p->namespace : "", p->name);

		if (any_glob(pods, p->name) || any_glob(pods, qualified) ||
		    (p->namespace && any_glob(namespaces, p->namespace)))
			g_hash_table_add(nodes, g_strdup(p->node));
		g_free(qualified);
	}
	g_array_free(list, TRUE);
	g_strfreev(pods);
	g_strfreev(namespaces);
	if (!g_hash_table_size(nodes)) {
		snprintf(err, errlen, "no running pod matches --pods or --k8s-namespaces");
		g_hash_table_destroy(nodes);
		return NULL;
	}
	return nodes;
}

static char **exec_argv(const struct remote_k8s_options *o, const struct pod_ref *daemon_pod,
			char **node_argv)
{
	GPtrArray *argv = kubectl_argv(o);

	g_ptr_array_set_free_func(argv, NULL);
	g_ptr_array_add(argv, g_strdup("exec"));
	g_ptr_array_add(argv, g_strdup("-i"));
	g_ptr_array_add(argv, g_strdup_printf("--namespace=%s", daemon_pod->namespace));
	if (daemon_pod->container)
		g_ptr_array_add(argv, g_strdup_printf("--container=%s", daemon_pod->container));
	g_ptr_array_add(argv, g_strdup(daemon_pod->name));
	g_ptr_array_add(argv, g_strdup("--"));
	for (char **a = node_argv; *a; a++)
		g_ptr_array_add(argv, g_strdup(*a));
	g_ptr_array_add(argv, NULL);
	return (char **)g_ptr_array_free(argv, FALSE);
}

struct remote_node_spec *remote_k8s_nodes(const struct remote_k8s_options *o, size_t *n_nodes,
					  char *err, size_t errlen)
{
	const bool by_pods = (o->pods && *o->pods) || (o->namespaces && *o->namespaces);
	const bool by_nodes = o->nodes && *o->nodes;
	const char *ns = o->daemonset_namespace && *o->daemonset_namespace ?
				 o->daemonset_namespace : REMOTE_K8S_NAMESPACE;
	const char *selector = o->daemonset_selector && *o->daemonset_selector ?
				       o->daemonset_selector : REMOTE_K8S_SELECTOR;
	const char *const daemon_args[] = { "--namespace", ns, "--selector", selector, NULL };
	char **node_globs = NULL, **node_argv;
	GHashTable *wanted = NULL;
	GArray *daemons, *specs;

	if (!by_nodes && !by_pods && !o->all_nodes) {
		snprintf(err, errlen, "name the nodes (--nodes), or the pods (--pods, "
				      "--k8s-namespaces) whose nodes to capture, or give --all-nodes to "
				      "capture every node of the cluster");
		return NULL;
	}
	if (by_nodes)
		node_globs = split_globs(o->nodes);
	else if (by_pods && !o->all_nodes && !(wanted = nodes_of_pods(o, err, errlen)))
		return NULL;
	daemons = get_pods(o, daemon_args, err, errlen);
	if (!daemons) {
		g_strfreev(node_globs);
		if (wanted)
			g_hash_table_destroy(wanted);
		return NULL;
	}
	node_argv = remote_node_argv(o->capture_command && *o->capture_command ?
					     o->capture_command : "podshark",
				     o->heartbeat_timeout_s, o->capture_args);
	specs = g_array_new(FALSE, TRUE, sizeof(struct remote_node_spec));
	for (guint i = 0; i < daemons->len; i++) {
		const struct pod_ref *d = &g_array_index(daemons, struct pod_ref, i);
		struct remote_node_spec spec;

		if ((node_globs && !any_glob(node_globs, d->node)) ||
		    (wanted && !g_hash_table_remove(wanted, d->node)))
			continue;
		spec.name = g_strdup(d->node);
		spec.argv = exec_argv(o, d, node_argv);
		g_array_append_val(specs, spec);
	}
	if (wanted) {
		GHashTableIter it;
		gpointer node;

		/* the selected pods' nodes that have no podshark pod: said, not hidden */
		g_hash_table_iter_init(&it, wanted);
		while (g_hash_table_iter_next(&it, &node, NULL))
			fprintf(stderr, "podshark: %s: no podshark pod on this node (label %s in "
					"namespace %s): not captured\n",
				(const char *)node, selector, ns);
		g_hash_table_destroy(wanted);
	}
	g_strfreev(node_argv);
	g_array_free(daemons, TRUE);
	*n_nodes = specs->len;
	if (!specs->len) {
		snprintf(err, errlen, "no podshark pod (label %s in namespace %s) on %s", selector,
			 ns, node_globs ? "a node that --nodes names" : "the selected nodes");
		g_strfreev(node_globs);
		g_array_free(specs, TRUE);
		return NULL;
	}
	g_strfreev(node_globs);
	return (struct remote_node_spec *)(void *)g_array_free(specs, FALSE);
}

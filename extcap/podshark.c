/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * podshark: the Wireshark extcap that streams a node's system calls as
 * pcapng.  Run by Wireshark/tshark (see README.md), or by hand:
 *
 *   podshark --extcap-interfaces
 *   podshark --extcap-interface podshark --capture --fifo out.pcapng
 *   podshark --extcap-interface podshark --capture --fifo - | tshark -r -
 */
#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "capture.h"
#include "config.h"
#include "extcap_protocol.h"
#include "remote_capture.h"
#include "remote_k8s.h"
#include "remote_node.h"
#include "remote_ssh.h"
#include "falco_rules.h"
#include "syscall_select.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
/* The probe's records are written to the capture as they are: the format is
 * little-endian (docs/FORMAT.md). */
#error "podshark's extcap supports little-endian hosts only"
#endif

static struct {
	gboolean list_interfaces, list_dlts, list_config, capture, debug;
	gchar *interface, *fifo, *capture_filter, *version, *debug_file, *rules_to_filters;
	gchar *syscalls, *containerd_state, *crio_runroot;
	gboolean include_self, include_capture_tools, capture_env, per_syscall_hooks;
	gboolean no_packets, no_pod_interfaces, host_interfaces;
	gchar *packet_filter, *overload;
	gchar *pids, *process_names, *containers, *pods, *namespaces;
	gboolean containers_only, redact_defaults;
	gchar **redact;
	gint ring_mib, string_max, payload_snaplen, packet_snaplen;
	/* the node side of a remote capture */
	gchar *node_name, *cgroup_root;
	gint heartbeat_s;
	/* podshark-ssh, podshark-k8s */
	gchar *remote_host, *remote_username, *sshkey, *sshkey_passphrase, *proxycommand;
	gchar *remote_priv, *remote_priv_user, *remote_capture_command;
	gint remote_port, reorder_window_ms;
	gboolean remote_compress;
	/* podshark-k8s */
	gchar *kubeconfig, *context, *nodes, *daemonset_namespace, *daemonset_selector;
	gboolean all_nodes;
} opt = { .ring_mib = 16, .string_max = 256, .packet_snaplen = 262144,
	  .reorder_window_ms = REMOTE_REORDER_WINDOW_MS };

static const GOptionEntry extcap_entries[] = {
	{ "extcap-interfaces", 0, 0, G_OPTION_ARG_NONE, &opt.list_interfaces,
	  "List the interfaces (extcap protocol)", NULL },
	{ "extcap-version", 0, 0, G_OPTION_ARG_STRING, &opt.version,
	  "Wireshark's version (extcap protocol)", "VERSION" },
	{ "extcap-interface", 0, 0, G_OPTION_ARG_STRING, &opt.interface,
	  "The interface to use: podshark", "NAME" },
	{ "extcap-dlts", 0, 0, G_OPTION_ARG_NONE, &opt.list_dlts,
	  "List the link types of the interface", NULL },
	{ "extcap-config", 0, 0, G_OPTION_ARG_NONE, &opt.list_config,
	  "List the options of the interface", NULL },
	{ "extcap-capture-filter", 0, 0, G_OPTION_ARG_STRING, &opt.capture_filter,
	  "Check a capture filter (with no --capture), or use it", "FILTER" },
	{ "capture", 0, 0, G_OPTION_ARG_NONE, &opt.capture, "Capture", NULL },
	{ "fifo", 0, 0, G_OPTION_ARG_FILENAME, &opt.fifo,
	  "Where to write pcapng: a named pipe, a file, or - for standard output", "PATH" },
	{ "debug", 0, 0, G_OPTION_ARG_NONE, &opt.debug, "Print debugging output", NULL },
	{ "rules-to-filters", 0, 0, G_OPTION_ARG_FILENAME, &opt.rules_to_filters,
	  "Print each rule of a Falco rules file (or folder) as a Wireshark display filter, "
	  "and why a rule cannot be", "PATH" },
	{ "debug-file", 0, 0, G_OPTION_ARG_FILENAME, &opt.debug_file,
	  "Append debugging output to this file", "PATH" },
	{ NULL }
};

static const GOptionEntry capture_entries[] = {
	{ "syscalls", 0, 0, G_OPTION_ARG_STRING, &opt.syscalls,
	  "Only these syscalls: names or categories, comma-separated (default: all)", "LIST" },
	{ "pids", 0, 0, G_OPTION_ARG_STRING, &opt.pids,
	  "Only these processes (comma-separated pids)", "LIST" },
	{ "process-names", 0, 0, G_OPTION_ARG_STRING, &opt.process_names,
	  "Only processes with these names (comm, comma-separated)", "LIST" },
	{ "containers", 0, 0, G_OPTION_ARG_STRING, &opt.containers,
	  "Only these containers: names or ids, globs, comma-separated", "LIST" },
	{ "pods", 0, 0, G_OPTION_ARG_STRING, &opt.pods,
	  "Only these pods: name or namespace/name, globs, comma-separated", "LIST" },
	{ "k8s-namespaces", 0, 0, G_OPTION_ARG_STRING, &opt.namespaces,
	  "Only pods of these Kubernetes namespaces, globs, comma-separated", "LIST" },
	{ "containers-only", 0, 0, G_OPTION_ARG_NONE, &opt.containers_only,
	  "Only processes in containers", NULL },
	{ "include-self", 0, 0, G_OPTION_ARG_NONE, &opt.include_self,
	  "Also record podshark's own system calls", NULL },
	{ "include-capture-tools", 0, 0, G_OPTION_ARG_NONE, &opt.include_capture_tools,
	  "Also record the processes reading the capture (dumpcap, tshark, Wireshark)", NULL },
	{ "overload", 0, 0, G_OPTION_ARG_STRING, &opt.overload,
	  "When the ring fills: drop (drop and count, the default) or sample:N (keep 1 call in N "
	  "while it is more than half full)", "POLICY" },
	{ "per-syscall-hooks", 0, 0, G_OPTION_ARG_NONE, &opt.per_syscall_hooks,
	  "Hook only the calls --syscalls selects (16 or fewer): the others then cost almost "
	  "nothing, but 32-bit calls (int 0x80, open to any process) go unseen", NULL },
	{ "ring-size", 0, 0, G_OPTION_ARG_INT, &opt.ring_mib,
	  "Kernel ring buffer in MiB, a power of two from 1 to 1024 (default 16)", "MIB" },
	{ "string-max", 0, 0, G_OPTION_ARG_INT, &opt.string_max,
	  "Bytes kept of each path or string argument: 64, 128, ... 4096 (default 256)", "BYTES" },
	{ "payload-snaplen", 0, 0, G_OPTION_ARG_INT, &opt.payload_snaplen,
	  "Bytes kept of read/write/send/recv payload, 0 to 4095 (default 0: none)", "BYTES" },
	{ "containerd-state", 0, 0, G_OPTION_ARG_FILENAME, &opt.containerd_state,
	  "containerd's state directory, for container metadata (default /run/containerd)", "DIR" },
	{ "crio-runroot", 0, 0, G_OPTION_ARG_FILENAME, &opt.crio_runroot,
	  "CRI-O's run root, for container metadata (default /run/containers/storage)", "DIR" },
	{ "no-packets", 0, 0, G_OPTION_ARG_NONE, &opt.no_packets,
	  "Record system calls only, no packets", NULL },
	{ "no-pod-interfaces", 0, 0, G_OPTION_ARG_NONE, &opt.no_pod_interfaces,
	  "Do not capture packets in the pods' network namespaces", NULL },
	{ "host-interfaces", 0, 0, G_OPTION_ARG_NONE, &opt.host_interfaces,
	  "Also capture packets on the host's own interfaces (not lo)", NULL },
	{ "packet-filter", 0, 0, G_OPTION_ARG_STRING, &opt.packet_filter,
	  "Capture filter for packets (pcap-filter syntax)", "FILTER" },
	{ "packet-snaplen", 0, 0, G_OPTION_ARG_INT, &opt.packet_snaplen,
	  "Bytes kept of each packet, 64 to 262144 (default 262144)", "BYTES" },
	{ "redact", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt.redact,
	  "Overwrite what this regular expression matches in paths and command lines with * "
	  "(its first group, if it has one), before it is written; repeatable", "REGEX" },
	{ "redact-defaults", 0, 0, G_OPTION_ARG_NONE, &opt.redact_defaults,
	  "Also redact the usual secrets: password=, token=, secret=, api keys, Authorization "
	  "headers, passwords in URLs", NULL },
	{ "capture-env", 0, 0, G_OPTION_ARG_NONE, &opt.capture_env,
	  "Also record the environment of execve (it often carries secrets)", NULL },
	{ NULL }
};

/* Options of the node side.  Their defaults come from the environment, so
 * that a node (a DaemonSet pod, an sshd) says once who it is. */
static const GOptionEntry node_entries[] = {
	{ "node-name", 0, 0, G_OPTION_ARG_STRING, &opt.node_name,
	  "This node's name, for evt.hostname (default: $NODE_NAME, else the host name)", "NAME" },
	{ "cgroup-root", 0, 0, G_OPTION_ARG_STRING, &opt.cgroup_root,
	  "Only processes in this cgroup subtree, e.g. /kubepods.slice (default: "
	  "$PODSHARK_CGROUP_ROOT, else every cgroup)", "PATH" },
	{ "heartbeat", 0, 0, G_OPTION_ARG_INT, &opt.heartbeat_s,
	  "Run for a remote capture: stop when standard input ends or no byte came for SECONDS",
	  "SECONDS" },
	{ NULL }
};

/* Options of podshark-ssh (named as Wireshark's sshdump and sshdig name them)
 * and of the merge (also podshark-k8s's). */
static const GOptionEntry remote_entries[] = {
	{ "remote-host", 0, 0, G_OPTION_ARG_STRING, &opt.remote_host,
	  "The nodes: [user@]host[:port], comma-separated", "LIST" },
	{ "remote-port", 0, 0, G_OPTION_ARG_INT, &opt.remote_port,
	  "SSH port of the nodes (default: ssh's)", "PORT" },
	{ "remote-username", 0, 0, G_OPTION_ARG_STRING, &opt.remote_username,
	  "User to log in as (default: ssh's)", "USER" },
	{ "sshkey", 0, 0, G_OPTION_ARG_FILENAME, &opt.sshkey,
	  "Private key to log in with (default: the agent's and ssh_config's)", "PATH" },
	{ "sshkey-passphrase", 0, 0, G_OPTION_ARG_STRING, &opt.sshkey_passphrase,
	  "Passphrase of --sshkey", "PASSPHRASE" },
	{ "proxycommand", 0, 0, G_OPTION_ARG_STRING, &opt.proxycommand,
	  "ssh's ProxyCommand", "COMMAND" },
	{ "remote-priv", 0, 0, G_OPTION_ARG_STRING, &opt.remote_priv,
	  "How the node's podshark gets its privileges: none, sudo or doas (-n: never asks)",
	  "HOW" },
	{ "remote-priv-user", 0, 0, G_OPTION_ARG_STRING, &opt.remote_priv_user,
	  "User sudo or doas switch to (default: root)", "USER" },
	{ "remote-capture-command", 0, 0, G_OPTION_ARG_STRING, &opt.remote_capture_command,
	  "The node's podshark (default: podshark, from the node's PATH)", "COMMAND" },
	{ "remote-compress", 0, 0, G_OPTION_ARG_NONE, &opt.remote_compress,
	  "Compress the nodes' streams on the wire (ssh -C): about 16 times fewer bytes, for "
	  "CPU on the node (docs/PERFORMANCE.md)", NULL },
	{ "reorder-window", 0, 0, G_OPTION_ARG_INT, &opt.reorder_window_ms,
	  "Milliseconds a frame waits for older frames of other nodes (default 1000)", "MS" },
	{ NULL }
};

/* Options of podshark-k8s (with --remote-capture-command and --reorder-window). */
static const GOptionEntry k8s_entries[] = {
	{ "kubeconfig", 0, 0, G_OPTION_ARG_FILENAME, &opt.kubeconfig,
	  "kubectl's kubeconfig (default: kubectl's: $KUBECONFIG, ~/.kube/config)", "PATH" },
	{ "context", 0, 0, G_OPTION_ARG_STRING, &opt.context,
	  "The kubeconfig context (default: its current one)", "NAME" },
	{ "nodes", 0, 0, G_OPTION_ARG_STRING, &opt.nodes,
	  "The nodes to capture: globs on node names, comma-separated", "LIST" },
	{ "all-nodes", 0, 0, G_OPTION_ARG_NONE, &opt.all_nodes,
	  "Capture every node of the cluster (refused unless given)", NULL },
	{ "daemonset-namespace", 0, 0, G_OPTION_ARG_STRING, &opt.daemonset_namespace,
	  "Namespace of podshark's DaemonSet (default " REMOTE_K8S_NAMESPACE ")", "NS" },
	{ "daemonset-selector", 0, 0, G_OPTION_ARG_STRING, &opt.daemonset_selector,
	  "Label selector of podshark's DaemonSet pods (default " REMOTE_K8S_SELECTOR ")",
	  "SELECTOR" },
	{ NULL }
};

/* The node drops a capture whose local side sent nothing for this long (the
 * local side writes every REMOTE_HEARTBEAT_INTERVAL_S). */
#define REMOTE_HEARTBEAT_DEADLINE_S 5

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void install_signal_handlers(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A reader that goes away shows as EPIPE from write(): a clean stop. */
	signal(SIGPIPE, SIG_IGN);
}

/* "a, b,c" -> {"a", "b", "c", NULL}; NULL for an empty or absent list. */
static char **split_list(const char *list)
{
	char **words, **out;
	size_t n = 0;

	if (!list || !*list)
		return NULL;
	words = g_strsplit(list, ",", -1);
	out = g_new0(char *, g_strv_length(words) + 1);
	for (char **w = words; *w; w++) {
		g_strstrip(*w);
		if (**w)
			out[n++] = g_strdup(*w);
	}
	g_strfreev(words);
	if (!n) {
		g_free(out);
		return NULL;
	}
	return out;
}

static bool is_power_of_two(int v)
{
	return v > 0 && (v & (v - 1)) == 0;
}

static int run_capture(void)
{
	struct capture_settings settings = {
		.output_path = opt.fifo,
		.ring_bytes = (size_t)opt.ring_mib << 20,
		.include_self = opt.include_self,
		.include_capture_tools = opt.include_capture_tools,
		.per_syscall_hooks = opt.per_syscall_hooks,
		.verbose = opt.debug,
		.stop_requested = &stop_requested,
	};
	bool selected[PODSHARK_SELECT_SLOTS];
	char err[512], node_name[256] = "";

	if (opt.node_name && *opt.node_name)
		g_strlcpy(node_name, opt.node_name, sizeof(node_name));
	else if (getenv("NODE_NAME") && *getenv("NODE_NAME"))
		g_strlcpy(node_name, getenv("NODE_NAME"), sizeof(node_name));
	else
		gethostname(node_name, sizeof(node_name) - 1);
	if (!opt.fifo) {
		fprintf(stderr, "podshark: --capture needs --fifo PATH (or --fifo - for standard output)\n");
		return 2;
	}
	if (!is_power_of_two(opt.ring_mib) || opt.ring_mib > 1024) {
		fprintf(stderr, "podshark: --ring-size must be a power of two from 1 to 1024 (MiB), not %d\n",
			opt.ring_mib);
		return 2;
	}
	if (!is_power_of_two(opt.string_max) || opt.string_max < 64 || opt.string_max > 4096) {
		fprintf(stderr, "podshark: --string-max must be a power of two from 64 to 4096, not %d\n",
			opt.string_max);
		return 2;
	}
	if (opt.payload_snaplen < 0 || opt.payload_snaplen > 4095) {
		fprintf(stderr, "podshark: --payload-snaplen must be from 0 to 4095, not %d\n",
			opt.payload_snaplen);
		return 2;
	}
	if (opt.packet_snaplen < 64 || opt.packet_snaplen > 262144) {
		fprintf(stderr, "podshark: --packet-snaplen must be from 64 to 262144, not %d\n",
			opt.packet_snaplen);
		return 2;
	}
	{
		char **pids = split_list(opt.pids);
		size_t n = pids ? g_strv_length(pids) : 0;
		pid_t *values = n ? g_new0(pid_t, n) : NULL;

		for (size_t i = 0; i < n; i++) {
			char *end;
			long v = strtol(pids[i], &end, 10);

			if (*end || v <= 0 || v > INT32_MAX) {
				fprintf(stderr, "podshark: --pids: \"%s\" is not a process id\n",
					pids[i]);
				return 2;
			}
			values[i] = (pid_t)v;
		}
		g_strfreev(pids);
		settings.selected_pids = values;
		settings.n_selected_pids = n;
	}
	settings.selected_comms = split_list(opt.process_names);
	settings.containers = (struct container_select){
		.containers = split_list(opt.containers),
		.pods = split_list(opt.pods),
		.namespaces = split_list(opt.namespaces),
		.containers_only = opt.containers_only,
	};
	settings.capture_packets = !opt.no_packets;
	settings.pod_interfaces = !opt.no_pod_interfaces;
	settings.host_interfaces = opt.host_interfaces;
	settings.packet_snaplen = opt.packet_snaplen;
	/* Wireshark's capture filter field, or the option */
	settings.packet_filter = opt.capture_filter && *opt.capture_filter ? opt.capture_filter :
				 opt.packet_filter && *opt.packet_filter ? opt.packet_filter : NULL;
	if (settings.packet_filter) {
		char msg[256];

		if (capture_check_filter(settings.packet_filter, msg, sizeof(msg))) {
			fprintf(stderr, "podshark: capture filter: %s\n", msg);
			return 2;
		}
	}
	if (opt.overload && *opt.overload && strcmp(opt.overload, "drop") != 0) {
		char *end;
		long n = strncmp(opt.overload, "sample:", 7) == 0 ?
				 strtol(opt.overload + 7, &end, 10) : (end = opt.overload, 0);

		if (n < 2 || n > 1000000 || *end) {
			fprintf(stderr, "podshark: --overload must be drop or sample:N (N from 2), "
					"not \"%s\"\n", opt.overload);
			return 2;
		}
		settings.sample_one_in = (uint32_t)n;
	}
	settings.string_max = (uint32_t)opt.string_max;
	settings.payload_snaplen = (uint32_t)opt.payload_snaplen;
	settings.capture_env = opt.capture_env;
	/* Wireshark passes every option, an empty one as "": not a pattern */
	if (opt.redact && opt.redact[0] && !opt.redact[0][0] && !opt.redact[1])
		g_clear_pointer(&opt.redact, g_strfreev);
	settings.redact = opt.redact;
	settings.redact_defaults = opt.redact_defaults;
	settings.containerd_state = opt.containerd_state && *opt.containerd_state ?
					    opt.containerd_state : NULL;
	settings.crio_runroot = opt.crio_runroot && *opt.crio_runroot ? opt.crio_runroot : NULL;
	settings.node_name = node_name;
	settings.cgroup_root = opt.cgroup_root && *opt.cgroup_root ? opt.cgroup_root :
			       getenv("PODSHARK_CGROUP_ROOT") && *getenv("PODSHARK_CGROUP_ROOT") ?
								getenv("PODSHARK_CGROUP_ROOT") : NULL;
	if (!settings.containerd_state && getenv("PODSHARK_CONTAINERD_STATE") &&
	    *getenv("PODSHARK_CONTAINERD_STATE"))
		settings.containerd_state = getenv("PODSHARK_CONTAINERD_STATE");
	if (opt.syscalls && *opt.syscalls) {
		if (syscall_select_parse(opt.syscalls, selected, err, sizeof(err))) {
			fprintf(stderr, "podshark: --syscalls: %s\n", err);
			return 2;
		}
		settings.selected = selected;
	}
	install_signal_handlers();
	if (opt.heartbeat_s) {
		int rc;

		if (opt.heartbeat_s < 2 || opt.heartbeat_s > 3600) {
			fprintf(stderr, "podshark: --heartbeat must be from 2 to 3600 seconds, not %d\n",
				opt.heartbeat_s);
			return 2;
		}
		rc = remote_node_watch_stdin((unsigned)opt.heartbeat_s, &stop_requested);
		if (rc) {
			fprintf(stderr, "podshark: cannot watch standard input: %s\n", strerror(-rc));
			return 1;
		}
	}
	return capture_run(&settings) ? 1 : 0;
}

/* The capture options as set on this command line, to pass on to every node:
 * read back from the option table, so that a new option travels too. */
static char **forwarded_capture_args(void)
{
	GPtrArray *args = g_ptr_array_new();

	for (const GOptionEntry *e = capture_entries; e->long_name; e++) {
		switch (e->arg) {
		case G_OPTION_ARG_NONE:
			if (*(gboolean *)e->arg_data)
				g_ptr_array_add(args, g_strdup_printf("--%s", e->long_name));
			break;
		case G_OPTION_ARG_STRING:
		case G_OPTION_ARG_FILENAME: {
			const char *v = *(gchar **)e->arg_data;

			if (v && *v)
				g_ptr_array_add(args, g_strdup_printf("--%s=%s", e->long_name, v));
			break;
		}
		case G_OPTION_ARG_INT:
			g_ptr_array_add(args, g_strdup_printf("--%s=%d", e->long_name,
							      *(gint *)e->arg_data));
			break;
		case G_OPTION_ARG_STRING_ARRAY:
			for (gchar **v = *(gchar ***)e->arg_data; v && *v; v++)
				if (**v)
					g_ptr_array_add(args,
							g_strdup_printf("--%s=%s", e->long_name, *v));
			break;
		default:
			break;
		}
	}
	/* Wireshark's capture filter field filters the nodes' packets */
	if (opt.capture_filter && *opt.capture_filter)
		g_ptr_array_add(args, g_strdup_printf("--packet-filter=%s", opt.capture_filter));
	g_ptr_array_add(args, NULL);
	return (char **)g_ptr_array_free(args, FALSE);
}

static int run_remote_capture(void)
{
	char **capture_args = forwarded_capture_args();
	struct remote_ssh_options ssh = {
		.hosts = opt.remote_host,
		.port = opt.remote_port,
		.username = opt.remote_username,
		.sshkey = opt.sshkey,
		.sshkey_passphrase = opt.sshkey_passphrase,
		.proxycommand = opt.proxycommand,
		.priv = opt.remote_priv,
		.priv_user = opt.remote_priv_user,
		.capture_command = opt.remote_capture_command,
		.compress = opt.remote_compress,
		.heartbeat_timeout_s = REMOTE_HEARTBEAT_DEADLINE_S,
		.capture_args = capture_args,
	};
	struct remote_capture_settings settings = {
		.output_path = opt.fifo,
		.transport = opt.interface,
		.verbose = opt.debug,
		.stop_requested = &stop_requested,
	};
	struct remote_k8s_options k8s = {
		.kubeconfig = opt.kubeconfig,
		.context = opt.context,
		.nodes = opt.nodes,
		.all_nodes = opt.all_nodes,
		.pods = opt.pods,
		.namespaces = opt.namespaces,
		.daemonset_namespace = opt.daemonset_namespace,
		.daemonset_selector = opt.daemonset_selector,
		.capture_command = opt.remote_capture_command,
		.heartbeat_timeout_s = REMOTE_HEARTBEAT_DEADLINE_S,
		.capture_args = capture_args,
	};
	const bool over_ssh = strcmp(opt.interface, PODSHARK_SSH_INTERFACE) == 0;
	struct remote_node_spec *nodes;
	char err[512];
	int rc;

	if (!opt.fifo) {
		fprintf(stderr, "podshark: --capture needs --fifo PATH (or --fifo - for standard output)\n");
		return 2;
	}
	if (opt.reorder_window_ms < 100 || opt.reorder_window_ms > 60000) {
		fprintf(stderr, "podshark: --reorder-window must be from 100 to 60000 ms, not %d\n",
			opt.reorder_window_ms);
		return 2;
	}
	settings.reorder_window_ns = (uint64_t)opt.reorder_window_ms * 1000000;
	nodes = over_ssh ? remote_ssh_nodes(&ssh, &settings.n_nodes, err, sizeof(err)) :
			   remote_k8s_nodes(&k8s, &settings.n_nodes, err, sizeof(err));
	g_strfreev(capture_args);
	if (!nodes) {
		fprintf(stderr, "podshark: %s\n", err);
		return 2;
	}
	settings.nodes = nodes;
	install_signal_handlers();
	rc = remote_capture_run(&settings);
	remote_node_specs_free(nodes, settings.n_nodes);
	remote_ssh_cleanup();
	return rc ? 1 : 0;
}

/* --rules-to-filters: what the plugin's podshark.falco_rules preference
 * would load.  The fields are checked by Wireshark when it loads the rules
 * (a rule naming a field podshark lacks is reported there). */
static int print_rules_as_filters(const char *path)
{
	struct falco_ruleset *set = falco_rules_load_path(path);

	for (unsigned i = 0; i < set->rules->len; i++) {
		const struct falco_rule *r = g_ptr_array_index(set->rules, i);

		printf("# %s (%s%s)\n%s\n", r->name, falco_priority_name(r->priority),
		       r->enabled ? "" : ", disabled", r->filter);
	}
	for (unsigned i = 0; i < set->messages->len; i++)
		fprintf(stderr, "podshark: %s\n", (char *)g_ptr_array_index(set->messages, i));
	falco_ruleset_free(set);
	return 0;
}

int main(int argc, char **argv)
{
	GOptionContext *ctx = g_option_context_new("- stream a node's system calls to Wireshark");
	GOptionGroup *capture_group = g_option_group_new(
		"capture", "Capture options (also in Wireshark's interface options dialog):",
		"Show capture options", NULL, NULL);
	GOptionGroup *node_group = g_option_group_new(
		"node", "Options of a node in a remote capture:", "Show the node options", NULL,
		NULL);
	GOptionGroup *remote_group = g_option_group_new(
		"remote", "Options of podshark-ssh (nodes over SSH, merged into one capture):",
		"Show the remote capture options", NULL, NULL);
	GOptionGroup *k8s_group = g_option_group_new(
		"k8s", "Options of podshark-k8s (nodes through kubectl, merged into one capture):",
		"Show the Kubernetes capture options", NULL, NULL);
	GError *error = NULL;
	int rc = 0;

	g_option_context_set_summary(
		ctx, "An extcap for Wireshark and tshark: pick the \"podshark\" interface there.\n"
		     "By hand: podshark --extcap-interface podshark --capture --fifo out.pcapng");
	g_option_context_add_main_entries(ctx, extcap_entries, NULL);
	g_option_group_add_entries(capture_group, capture_entries);
	g_option_context_add_group(ctx, capture_group);
	g_option_group_add_entries(node_group, node_entries);
	g_option_context_add_group(ctx, node_group);
	g_option_group_add_entries(remote_group, remote_entries);
	g_option_context_add_group(ctx, remote_group);
	g_option_group_add_entries(k8s_group, k8s_entries);
	g_option_context_add_group(ctx, k8s_group);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		fprintf(stderr, "podshark: %s (see podshark --help)\n", error->message);
		g_error_free(error);
		g_option_context_free(ctx);
		return 2;
	}
	g_option_context_free(ctx);

	if (opt.debug_file && !freopen(opt.debug_file, "a", stderr))
		fprintf(stderr, "podshark: cannot open %s: %s\n", opt.debug_file, strerror(errno));

	if (opt.rules_to_filters)
		return print_rules_as_filters(opt.rules_to_filters);
	if (opt.list_interfaces) {
		extcap_print_interfaces(stdout);
		return 0;
	}
	if (opt.interface && !extcap_interface_known(opt.interface)) {
		fprintf(stderr, "podshark: no interface called \"%s\" (there are %s)\n",
			opt.interface, EXTCAP_INTERFACE_NAMES);
		return 2;
	}
	if (opt.list_dlts || opt.list_config) {
		if (opt.list_dlts)
			extcap_print_dlts(stdout);
		if (opt.list_config)
			extcap_print_config(stdout, opt.interface);
		return 0;
	}
	if (opt.capture_filter && !opt.capture) {
		char msg[256];

		/* Wireshark's filter check: print nothing when the filter is valid */
		if (capture_check_filter(opt.capture_filter, msg, sizeof(msg)))
			printf("%s\n", msg);
		return 0;
	}
	if (opt.capture && opt.interface && strcmp(opt.interface, PODSHARK_INTERFACE) != 0)
		rc = run_remote_capture();
	else if (opt.capture)
		rc = run_capture();
	else {
		fprintf(stderr, "podshark: nothing to do: give --extcap-interfaces, or "
				"--extcap-interface podshark --capture --fifo PATH (see podshark --help)\n");
		rc = 2;
	}
	return rc;
}

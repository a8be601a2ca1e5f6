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
} opt = { .ring_mib = 16, .string_max = 256, .packet_snaplen = 262144 };

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
	char err[512];

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
	if (opt.syscalls && *opt.syscalls) {
		if (syscall_select_parse(opt.syscalls, selected, err, sizeof(err))) {
			fprintf(stderr, "podshark: --syscalls: %s\n", err);
			return 2;
		}
		settings.selected = selected;
	}
	install_signal_handlers();
	return capture_run(&settings) ? 1 : 0;
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
	GError *error = NULL;
	int rc = 0;

	g_option_context_set_summary(
		ctx, "An extcap for Wireshark and tshark: pick the \"podshark\" interface there.\n"
		     "By hand: podshark --extcap-interface podshark --capture --fifo out.pcapng");
	g_option_context_add_main_entries(ctx, extcap_entries, NULL);
	g_option_group_add_entries(capture_group, capture_entries);
	g_option_context_add_group(ctx, capture_group);
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
	if (opt.interface && strcmp(opt.interface, PODSHARK_INTERFACE) != 0) {
		fprintf(stderr, "podshark: no interface called \"%s\" (there is only \"%s\")\n",
			opt.interface, PODSHARK_INTERFACE);
		return 2;
	}
	if (opt.list_dlts || opt.list_config) {
		if (opt.list_dlts)
			extcap_print_dlts(stdout);
		if (opt.list_config)
			extcap_print_config(stdout);
		return 0;
	}
	if (opt.capture_filter && !opt.capture) {
		char msg[256];

		/* Wireshark's filter check: print nothing when the filter is valid */
		if (capture_check_filter(opt.capture_filter, msg, sizeof(msg)))
			printf("%s\n", msg);
		return 0;
	}
	if (opt.capture)
		rc = run_capture();
	else {
		fprintf(stderr, "podshark: nothing to do: give --extcap-interfaces, or "
				"--extcap-interface podshark --capture --fifo PATH (see podshark --help)\n");
		rc = 2;
	}
	return rc;
}

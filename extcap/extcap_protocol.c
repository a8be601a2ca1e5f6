/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "extcap_protocol.h"

#include <string.h>

#include "config.h"
#include "podshark_record.h"

bool extcap_interface_known(const char *name)
{
	return strcmp(name, PODSHARK_INTERFACE) == 0 || strcmp(name, PODSHARK_SSH_INTERFACE) == 0 ||
	       strcmp(name, PODSHARK_K8S_INTERFACE) == 0;
}

void extcap_print_interfaces(FILE *out)
{
	fprintf(out, "extcap {version=%s}{help=%s}\n", PODSHARK_VERSION, PODSHARK_HELP_URL);
	fprintf(out, "interface {value=%s}{display=podshark: system calls of this node (eBPF)}\n",
		PODSHARK_INTERFACE);
	fprintf(out, "interface {value=%s}{display=podshark-ssh: system calls and pods of "
		     "cluster nodes over SSH, merged}\n",
		PODSHARK_SSH_INTERFACE);
	fprintf(out, "interface {value=%s}{display=podshark-k8s: system calls and pods of "
		     "Kubernetes nodes through kubectl, merged}\n",
		PODSHARK_K8S_INTERFACE);
}

void extcap_print_dlts(FILE *out)
{
	fprintf(out, "dlt {number=252}{name=WIRESHARK_UPPER_PDU}"
		     "{display=podshark records (exported PDU for the podshark dissector)}\n");
}

/*
 * One line per option.  The program accepts every "call" listed here
 * (tests/extcap checks it); Wireshark passes each option's default too.
 */
static const struct config_arg {
	const char *call, *display, *type, *extra, *tooltip, *group;
} config_args[] = {
	{ "--syscalls", "System calls", "string", "{default=}",
	  "Comma-separated syscall names or categories (file, net, process, memory, ipc, "
	  "signal, time, security, other); empty captures every syscall. "
	  "Selection happens in the kernel.",
	  "Selection" },
	{ "--pids", "Process ids", "string", "{default=}",
	  "Only these processes: comma-separated pids. Decided in the kernel.", "Selection" },
	{ "--process-names", "Process names", "string", "{default=}",
	  "Only processes with these names (as in ps -o comm), comma-separated.", "Selection" },
	{ "--containers", "Containers", "string", "{default=}",
	  "Only these containers: names or ids, globs allowed (web-*), comma-separated.",
	  "Selection" },
	{ "--pods", "Pods", "string", "{default=}",
	  "Only these pods: pod name or namespace/name, globs allowed, comma-separated.",
	  "Selection" },
	{ "--k8s-namespaces", "Kubernetes namespaces", "string", "{default=}",
	  "Only pods of these Kubernetes namespaces, globs allowed, comma-separated.",
	  "Selection" },
	{ "--containers-only", "Containers only", "boolflag", "{default=false}",
	  "Only processes in containers: leave the host's own processes out.", "Selection" },
	{ "--include-capture-tools", "Capture Wireshark's own capture processes", "boolflag",
	  "{default=false}",
	  "Also record the system calls of the processes that read this capture "
	  "(Wireshark, tshark, dumpcap); left out by default because they react to every record.",
	  "Selection" },
	{ "--include-self", "Capture podshark's own system calls", "boolflag", "{default=false}",
	  "Also record the system calls of this extcap.", "Selection" },
	{ "--string-max", "Path and string bytes", "integer", "{range=64,4096}{default=256}",
	  "Bytes kept of each path or string argument (a power of two). Longer ones are cut "
	  "and marked truncated.",
	  "Arguments" },
	{ "--payload-snaplen", "I/O payload snap length", "integer",
	  "{range=0,4095}{default=0}",
	  "Bytes kept of the data of read, write, send and recv calls. 0 keeps none: payload "
	  "may hold secrets.",
	  "Arguments" },
	{ "--redact", "Redact (regular expression)", "string", "{default=}",
	  "Secrets in paths and command lines that match this regular expression are "
	  "overwritten with * before they are written (only the first group, if the expression "
	  "has one: token=(\\S+)). From the command line: repeatable.",
	  "Arguments" },
	{ "--redact-defaults", "Redact the usual secrets", "boolflag", "{default=false}",
	  "Overwrite the values of password=, token=, secret=, api keys, Authorization headers "
	  "and passwords in URLs before they are written.",
	  "Arguments" },
	{ "--capture-env", "Record the environment of execve", "boolflag", "{default=false}",
	  "Also record the environment passed to execve/execveat. Off by default: it often "
	  "carries secrets (tokens, passwords).",
	  "Arguments" },
	{ "--no-packets", "System calls only", "boolflag", "{default=false}",
	  "Record system calls only: no packets from the pods' network namespaces.",
	  "Packets" },
	{ "--no-pod-interfaces", "Leave out the pods' interfaces", "boolflag", "{default=false}",
	  "Do not capture in the pods' network namespaces.", "Packets" },
	{ "--host-interfaces", "Capture the host's interfaces", "boolflag", "{default=false}",
	  "Also capture packets on the host's own interfaces (all but lo).", "Packets" },
	{ "--packet-filter", "Packet capture filter", "string", "{default=}",
	  "A capture filter for packets (pcap-filter syntax, as tcpdump), e.g. \"tcp port 80\". "
	  "Wireshark's capture filter field sets it too.",
	  "Packets" },
	{ "--packet-snaplen", "Packet snap length", "integer", "{range=64,262144}{default=262144}",
	  "Bytes kept of each packet.", "Packets" },
	{ "--containerd-state", "containerd state directory", "string", "{default=/run/containerd}",
	  "Where containerd keeps its tasks' OCI bundles (config.json), read for container "
	  "and pod names.",
	  "Containers" },
	{ "--crio-runroot", "CRI-O run root", "string", "{default=/run/containers/storage}",
	  "Where CRI-O keeps its containers' config.json, read for container and pod names.",
	  "Containers" },
	{ "--overload", "When the ring fills", "string", "{default=drop}",
	  "drop: drop what finds no room and count it (a warning marks the place). sample:N: keep "
	  "one call in N while the ring is more than half full, and count the rest.",
	  "Performance" },
	{ "--per-syscall-hooks", "Hook only the selected system calls", "boolflag",
	  "{default=false}",
	  "With a system call selection of 16 calls or fewer, hook only those calls: every "
	  "other call of every process then costs ~50 ns instead of ~150 ns. But 32-bit calls "
	  "go unseen, and any process can make them (int 0x80) to hide from the capture.",
	  "Performance" },
	{ "--ring-size", "Kernel ring buffer (MiB)", "integer", "{range=1,1024}{default=16}",
	  "Size of the BPF ring buffer between the probe and podshark, a power of two. "
	  "A larger ring absorbs longer bursts before events are dropped.",
	  "Performance" },
};

/* podshark-ssh's own options, before the capture options (group Capture). */
static const struct config_arg ssh_args[] = {
	{ "--remote-host", "Nodes", "string", "{required=true}{default=}",
	  "The nodes to capture: [user@]host[:port], comma-separated. Host keys must be in "
	  "known_hosts: an unknown or changed key fails the node.",
	  "Server" },
	{ "--remote-port", "SSH port", "unsigned", "{range=0,65535}{default=0}",
	  "The nodes' SSH port; 0: ssh's default (or ssh_config's).", "Server" },
	{ "--proxycommand", "Proxy command", "string", "{default=}",
	  "ssh's ProxyCommand, e.g. to reach the nodes through a bastion (ProxyJump in "
	  "ssh_config works too).",
	  "Server" },
	{ "--remote-username", "User", "string", "{default=}",
	  "User to log in as; empty: ssh's default.", "Authentication" },
	{ "--sshkey", "Private key", "fileselect", "{mustexist=true}",
	  "Private key to log in with; empty: the agent's keys and ssh_config's.",
	  "Authentication" },
	{ "--sshkey-passphrase", "Key passphrase", "password", "",
	  "Passphrase of the private key.", "Authentication" },
	{ "--remote-priv", "Privileges on the node", "selector", "",
	  "How podshark gets root on the node: none (log in as root, or file capabilities), "
	  "sudo -n or doas -n (never prompts).",
	  "Authentication" },
	{ "--remote-priv-user", "Privileged user", "string", "{default=}",
	  "User sudo or doas switch to; empty: root.", "Authentication" },
	{ "--remote-capture-command", "Node's podshark", "string", "{default=podshark}",
	  "The command that runs podshark on each node.", "Cluster" },
	{ "--remote-compress", "Compress on the wire", "boolflag", "{default=false}",
	  "Compress the nodes' streams (ssh -C, zlib): about 16 times fewer bytes across the "
	  "network, for CPU time of sshd on each node.",
	  "Cluster" },
	{ "--reorder-window", "Reorder window (ms)", "integer", "{range=100,60000}{default=1000}",
	  "How long a frame waits for older frames of other nodes before it is written: "
	  "longer tolerates slower links and skewed clocks, shorter is more live.",
	  "Cluster" },
};

/* podshark-k8s's own options, before the capture options (group Capture). */
static const struct config_arg k8s_args[] = {
	{ "--context", "Context", "string", "{default=}",
	  "The kubeconfig context of the cluster; empty: the kubeconfig's current one.",
	  "Server" },
	{ "--kubeconfig", "Kubeconfig", "fileselect", "{mustexist=true}",
	  "kubectl's kubeconfig; empty: kubectl's default ($KUBECONFIG, ~/.kube/config). "
	  "Needs pods list and pods/exec in podshark's namespace (deploy/RBAC.md).",
	  "Authentication" },
	{ "--nodes", "Nodes", "string", "{default=}",
	  "The nodes to capture: globs on node names, comma-separated. Empty: the nodes that "
	  "run the pods the capture selects (Pods, Kubernetes namespaces).",
	  "Cluster" },
	{ "--all-nodes", "Every node", "boolflag", "{default=false}",
	  "Capture every node of the cluster: refused unless this is set.", "Cluster" },
	{ "--daemonset-namespace", "podshark's namespace", "string", "{default=podshark}",
	  "Namespace of podshark's DaemonSet.", "Cluster" },
	{ "--daemonset-selector", "podshark's pods", "string",
	  "{default=app.kubernetes.io/name=podshark}",
	  "Label selector of podshark's DaemonSet pods.", "Cluster" },
	{ "--remote-capture-command", "Node's podshark", "string", "{default=podshark}",
	  "The command that runs podshark in the DaemonSet pod.", "Cluster" },
	{ "--reorder-window", "Reorder window (ms)", "integer", "{range=100,60000}{default=1000}",
	  "How long a frame waits for older frames of other nodes before it is written.",
	  "Cluster" },
};

/* The node-specific options: each node knows its own runtime folders. */
static bool node_specific(const char *call)
{
	return strcmp(call, "--containerd-state") == 0 || strcmp(call, "--crio-runroot") == 0;
}

static void print_arg(FILE *out, size_t number, const struct config_arg *a, const char *group)
{
	fprintf(out, "arg {number=%zu}{call=%s}{display=%s}{type=%s}%s{tooltip=%s}{group=%s}\n",
		number, a->call, a->display, a->type, a->extra, a->tooltip, group);
}

/* A remote interface: its own options, then the capture options (group
 * Capture) that every node gets. */
static void print_remote_config(FILE *out, const struct config_arg *own, size_t n_own)
{
	size_t number = 0;

	for (size_t i = 0; i < n_own; i++) {
		print_arg(out, number, &own[i], own[i].group);
		if (strcmp(own[i].call, "--remote-priv") == 0) {
			fprintf(out, "value {arg=%zu}{value=none}{display=none}{default=true}\n"
				     "value {arg=%zu}{value=sudo}{display=sudo}\n"
				     "value {arg=%zu}{value=doas}{display=doas}\n",
				number, number, number);
		}
		number++;
	}
	for (size_t i = 0; i < sizeof(config_args) / sizeof(config_args[0]); i++)
		if (!node_specific(config_args[i].call))
			print_arg(out, number++, &config_args[i], "Capture");
}

void extcap_print_config(FILE *out, const char *interface)
{
	size_t number = 0;

	if (interface && strcmp(interface, PODSHARK_SSH_INTERFACE) == 0) {
		print_remote_config(out, ssh_args, sizeof(ssh_args) / sizeof(ssh_args[0]));
		return;
	}
	if (interface && strcmp(interface, PODSHARK_K8S_INTERFACE) == 0) {
		print_remote_config(out, k8s_args, sizeof(k8s_args) / sizeof(k8s_args[0]));
		return;
	}
	for (size_t i = 0; i < sizeof(config_args) / sizeof(config_args[0]); i++)
		print_arg(out, number++, &config_args[i], config_args[i].group);
}

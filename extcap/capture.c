/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "capture.h"

#include <dirent.h>
#include <glib.h>
#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "arg_join.h"
#include "arg_plan.h"
#include "cgroup_interfaces.h"
#include "config.h"
#include "event_queue.h"
#include "packet_capture.h"
#include "pcapng_writer.h"
#include "podshark_record.h"
#include "privileges.h"
#include "proc_snapshot.h"
#include "redact.h"
#include "syscall_probe.h"

/* How long a record waits for older ones (from other CPUs, or packets that
 * libpcap hands over a little later) before it is written. */
#define REORDER_HOLD_NS (100 * 1000 * 1000ull)
/* Network namespaces are looked at again this often for new interfaces. */
#define RESCAN_NS (1000 * 1000 * 1000ull)
#define MAX_POLLED 1024
/* How long the loop sleeps when nothing wakes it; bounds the delay of a
 * live view and the time to notice a stop request. */
#define POLL_MS 50
#define OUTPUT_BUFFER_BYTES (1u << 20)
/* Statistics go out every second: Wireshark and dumpcap stop reading the
 * extcap before its final block arrives, and show the last one they got. */
#define STATS_INTERVAL_NS (1000 * 1000 * 1000ull)
#define MAX_EXCLUDED PODSHARK_MAX_EXCLUDED

struct capture {
	const struct capture_settings *settings;
	struct pcapng_writer *writer;
	struct event_queue *queue;
	struct syscall_probe *probe;
	struct arg_join *join;
	struct cgroup_interfaces *ifaces;
	struct packet_capture *packets; /* NULL when packets are not captured */
	uint32_t last_netns;            /* the last network namespace checked for pods */
	GHashTable *cgroups_judged;     /* cgroups the container selection looked at */
	GHashTable *cgroup_scope;       /* --cgroup-root: cgroup id -> SCOPE_IN or SCOPE_OUT */
	bool snapshot_in_scope;         /* the process the snapshot is at is in the scope */
	struct redactor *redactor;      /* NULL: nothing to redact */
	unsigned char *joined; /* ARG_JOIN_MAX_RECORD bytes: a record with its extensions */
	int out_fd;
	int64_t mono_to_wall_ns; /* add to CLOCK_MONOTONIC (the probe's clock) */
	uint32_t syscall_if;
	unsigned char pdu_prefix[32];
	uint32_t pdu_prefix_len;
	uint64_t next_evt_num;
	uint64_t start_wall_ns;
	uint64_t written;      /* syscall records in the capture */
	uint64_t user_dropped; /* records podshark itself could not deliver */
	uint64_t kernel_dropped_reported;
	uint64_t sampled_reported;
	uint64_t next_stats_ns;
	uint32_t snapshot_if; /* the interface of the process the snapshot is at */
	char uring_unseen[200]; /* what the probe does not see, for the capture; "" if all */
	uint64_t user_dropped_reported;
	bool draining; /* stopping: take all the ring holds, past the queue's bound */
};

static uint64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The probe stamps CLOCK_MONOTONIC; the capture shows wall-clock time.  One
 * offset for the whole capture keeps every record on the same clock, taken
 * from the tightest of a few paired readings. */
static int64_t monotonic_to_wall_offset(void)
{
	int64_t best = 0;
	uint64_t best_gap = UINT64_MAX;

	for (int i = 0; i < 5; i++) {
		uint64_t m1 = clock_ns(CLOCK_MONOTONIC);
		uint64_t w = clock_ns(CLOCK_REALTIME);
		uint64_t m2 = clock_ns(CLOCK_MONOTONIC);

		if (m2 - m1 < best_gap) {
			best_gap = m2 - m1;
			best = (int64_t)(w - (m1 + (m2 - m1) / 2));
		}
	}
	return best;
}

static uint64_t now_wall(const struct capture *c)
{
	return clock_ns(CLOCK_MONOTONIC) + (uint64_t)c->mono_to_wall_ns;
}

static int open_output(const char *path)
{
	if (strcmp(path, "-") == 0)
		return STDOUT_FILENO;
	/* a named pipe made by Wireshark, or a regular file */
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

static bool read_comm(pid_t pid, char *comm, size_t len)
{
	char path[64];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(comm, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		comm[strcspn(comm, "\n")] = '\0';
	return ok;
}

/* Processes other than us that hold the other end of our output pipe. */
static size_t find_pipe_readers(int out_fd, pid_t *pids, size_t max)
{
	struct stat out_st;
	DIR *proc;
	struct dirent *de;
	size_t n = 0;

	if (fstat(out_fd, &out_st) || !S_ISFIFO(out_st.st_mode))
		return 0;
	proc = opendir("/proc");
	if (!proc)
		return 0;
	while (n < max && (de = readdir(proc))) {
		char fd_dir[64];
		pid_t pid = (pid_t)atoi(de->d_name);
		DIR *fds;
		struct dirent *fe;

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(fd_dir, sizeof(fd_dir), "/proc/%d/fd", (int)pid);
		fds = opendir(fd_dir);
		if (!fds)
			continue;
		while ((fe = readdir(fds))) {
			struct stat st;

			if (fe->d_name[0] == '.' || fstatat(dirfd(fds), fe->d_name, &st, 0))
				continue;
			if (st.st_ino == out_st.st_ino && st.st_dev == out_st.st_dev) {
				pids[n++] = pid;
				break;
			}
		}
		closedir(fds);
	}
	closedir(proc);
	return n;
}

/* Whose system calls are left out: podshark itself, and the Wireshark
 * processes that read the capture (each record makes them read and write,
 * which would make more records). */
static size_t excluded_processes(const struct capture *c, pid_t *pids)
{
	static const char *const capture_tools[] = { "wireshark", "tshark", "dumpcap",
						     "stratoshark" };
	size_t n = 0;
	char comm[32];

	if (!c->settings->include_self)
		pids[n++] = getpid();
	if (c->settings->include_capture_tools)
		return n;
	n += find_pipe_readers(c->out_fd, pids + n, MAX_EXCLUDED - 2 - n);
	if (read_comm(getppid(), comm, sizeof(comm))) {
		for (size_t i = 0; i < sizeof(capture_tools) / sizeof(capture_tools[0]); i++) {
			if (strcmp(comm, capture_tools[i]) == 0) {
				pids[n++] = getppid();
				break;
			}
		}
	}
	return n;
}

/* A cgroup learnt of (from a process record): when containers or pods are
 * selected and it holds one of them, the kernel keeps its tasks from now on. */
enum { SCOPE_IN = 1, SCOPE_OUT = 2 };

/* --cgroup-root: whether a cgroup is in this node's share of the machine
 * (decided once per cgroup).  Without it, every cgroup is. */
static bool in_node_scope(struct capture *c, uint64_t cgroup_id)
{
	const char *root = c->settings->cgroup_root;
	gpointer key = GSIZE_TO_POINTER(cgroup_id), found;
	size_t n;
	char *path;
	bool in;

	if (!root)
		return true;
	found = g_hash_table_lookup(c->cgroup_scope, key);
	if (found)
		return GPOINTER_TO_UINT(found) == SCOPE_IN;
	path = cgroup_interfaces_path(c->ifaces, cgroup_id);
	n = strlen(root);
	in = path && strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
	g_free(path);
	g_hash_table_insert(c->cgroup_scope, key, GUINT_TO_POINTER(in ? SCOPE_IN : SCOPE_OUT));
	return in;
}

static void judge_cgroup(struct capture *c, uint64_t cgroup_id)
{
	gpointer key = GSIZE_TO_POINTER(cgroup_id);

	if (!c->cgroups_judged || g_hash_table_contains(c->cgroups_judged, key))
		return;
	g_hash_table_add(c->cgroups_judged, key);
	if (in_node_scope(c, cgroup_id) &&
	    container_select_match(&c->settings->containers,
				   cgroup_interfaces_meta(c->ifaces, cgroup_id)))
		syscall_probe_select_cgroup(c->probe, cgroup_id);
}

/* A process in a network namespace not seen before: if it is a pod's, its
 * packets are captured from now on. */
static void note_netns(struct capture *c, pid_t pid, uint32_t netns, uint64_t cgroup_id)
{
	if (!c->packets || netns == c->last_netns)
		return;
	c->last_netns = netns;
	packet_capture_note_netns(c->packets, pid, netns, cgroup_interfaces_meta(c->ifaces, cgroup_id));
}

static int on_packet(void *ctx, uint32_t interface_id, uint64_t ts_ns, const uint8_t *data,
		     uint32_t caplen, uint32_t len)
{
	struct capture *c = ctx;

	if (event_queue_push(c->queue, ts_ns, interface_id, QUEUED_PACKET, data, caplen, len))
		c->user_dropped++;
	return 0;
}

/* Problems with container metadata: one line each, to the system log and,
 * with --debug, to stderr; the capture goes on. */
static void log_line(void *data, const char *message)
{
	const struct capture *c = data;

	syslog(LOG_WARNING, "%s", message);
	if (c->settings->verbose)
		fprintf(stderr, "podshark: %s\n", message);
}

static int write_headers(struct capture *c)
{
	struct utsname uts;
	char os[256], app[64];
	const char *host = c->settings->node_name;
	struct pcapng_section_info section;
	struct cgroup_interfaces_config ifaces = {
		.bundle_dirs = {
			.containerd_state = c->settings->containerd_state,
			.crio_runroot = c->settings->crio_runroot,
		},
		.log = log_line,
		.log_data = c,
	};

	uname(&uts);
	snprintf(os, sizeof(os), "%s %s", uts.sysname, uts.release);
	snprintf(app, sizeof(app), "podshark %s", PODSHARK_VERSION);
	section = (struct pcapng_section_info){ .hardware = uts.machine, .os = os, .app = app };
	if (pcapng_write_section(c->writer, &section))
		return pcapng_writer_flush(c->writer);
	ifaces.node = host;
	ifaces.os = os;
	ifaces.unseen = c->uring_unseen;
	c->ifaces = cgroup_interfaces_new(c->writer, &ifaces);
	c->syscall_if = CGROUP_INTERFACES_HOST;
	if (c->settings->capture_packets) {
		struct packet_capture_config pcfg = {
			.pod_interfaces = c->settings->pod_interfaces,
			.host_interfaces = c->settings->host_interfaces,
			.filter = c->settings->packet_filter,
			.snaplen = c->settings->packet_snaplen,
			.node = host,
			.os = os,
			.log = log_line,
			.log_data = c,
		};

		c->packets = packet_capture_new(c->writer, &pcfg, on_packet, c);
	}
	return pcapng_writer_flush(c->writer);
}

/* Ring -> reorder window.  Sorted by the time the call returned; argument
 * memory from side records joined on the way. */
static void take_probe_record(struct capture *c, const void *data, size_t len)
{
	const struct podshark_syscall_rec *rec = data;
	uint32_t iface;
	uint64_t ts;

	if (len >= sizeof(struct podshark_arg_data) && rec->hdr.type == PODSHARK_PROBE_ARG_DATA) {
		arg_join_add(c->join, data, len);
		return;
	}
	if (len >= sizeof(struct podshark_proc_rec) && rec->hdr.type == PODSHARK_REC_PROC &&
	    rec->hdr.total_len == len) {
		const struct podshark_proc_rec *proc = data;

		ts = proc->ts_ns + (uint64_t)c->mono_to_wall_ns;
		judge_cgroup(c, proc->cgroup_id);
		/* the kernel sends every process event: another node's are not ours */
		if (!in_node_scope(c, proc->cgroup_id))
			return;
		note_netns(c, proc->pid, proc->ns_inum[PODSHARK_NS_NET], proc->cgroup_id);
		if (c->redactor && len <= ARG_JOIN_MAX_RECORD) {
			/* the ring is read-only: redact a copy */
			memcpy(c->joined, data, len);
			redact_record(c->redactor, c->joined, len);
			data = c->joined;
		}
		if (event_queue_push(c->queue, ts, cgroup_interfaces_get(c->ifaces, proc->cgroup_id),
				     QUEUED_RECORD, data, (uint32_t)len, (uint32_t)len))
			c->user_dropped++;
		return;
	}
	if (len == sizeof(struct podshark_sock_rec) && rec->hdr.type == PODSHARK_REC_SOCK) {
		const struct podshark_sock_rec *sock = data;

		if (!in_node_scope(c, sock->cgroup_id))
			return;
		ts = sock->ts_ns + (uint64_t)c->mono_to_wall_ns;
		if (event_queue_push(c->queue, ts, cgroup_interfaces_get(c->ifaces, sock->cgroup_id),
				     QUEUED_RECORD, data, (uint32_t)len, (uint32_t)len))
			c->user_dropped++;
		return;
	}
	if (len < sizeof(*rec) || rec->hdr.type != PODSHARK_REC_SYSCALL ||
	    rec->hdr.total_len != len) {
		c->user_dropped++;
		return;
	}
	ts = rec->entry_ns + rec->latency_ns + (uint64_t)c->mono_to_wall_ns;
	iface = cgroup_interfaces_get(c->ifaces, rec->cgroup_id);
	if (rec->flags & PODSHARK_SC_PROBE_MASK) {
		len = arg_join_complete(c->join, rec, c->joined, ARG_JOIN_MAX_RECORD);
		data = c->joined;
		redact_record(c->redactor, c->joined, len);
	}
	note_netns(c, rec->pid, rec->ns_inum[PODSHARK_NS_NET], rec->cgroup_id);
	if (event_queue_push(c->queue, ts, iface, QUEUED_RECORD, data, (uint32_t)len,
			     (uint32_t)len))
		c->user_dropped++;
}

/* Ring -> reorder window.  A full window stops the reading (-ENOBUFS) until
 * its oldest records are written: what the ring cannot then hold, the kernel
 * drops and counts, and the extcap's memory stays bounded. */
static int on_probe_record(void *ctx, const void *data, size_t len)
{
	struct capture *c = ctx;

	take_probe_record(c, data, len);
	if (!c->draining && event_queue_nearly_full(c->queue, ARG_JOIN_MAX_RECORD))
		return -ENOBUFS;
	return 0;
}

/* Reorder window -> pcapng.  Numbers events and puts them on the wall clock. */
static int on_emit(void *ctx, uint64_t ts_ns, uint32_t interface_id, enum queued_kind kind,
		   void *data, uint32_t len, uint32_t orig_len)
{
	struct capture *c = ctx;
	struct podshark_rec_hdr *hdr = data;

	if (kind == QUEUED_PACKET)
		return pcapng_write_packet(c->writer, interface_id, ts_ns, NULL, 0, data, len,
					   orig_len);
	if (hdr->type == PODSHARK_REC_SYSCALL) {
		struct podshark_syscall_rec *rec = data;

		rec->evt_num = ++c->next_evt_num;
		rec->entry_ns += (uint64_t)c->mono_to_wall_ns;
		c->written++;
	} else if (hdr->type == PODSHARK_REC_PROC) {
		struct podshark_proc_rec *proc = data;

		proc->evt_num = ++c->next_evt_num;
		proc->ts_ns = ts_ns; /* the wall-clock time it was queued under */
	} else if (hdr->type == PODSHARK_REC_FD) {
		struct podshark_fd_rec *fd = data;

		fd->evt_num = ++c->next_evt_num;
		fd->ts_ns = ts_ns;
	} else if (hdr->type == PODSHARK_REC_SOCK) {
		struct podshark_sock_rec *sock = data;

		sock->evt_num = ++c->next_evt_num;
		sock->ts_ns = ts_ns;
	} else if (hdr->type == PODSHARK_REC_LOSS) {
		((struct podshark_loss_rec *)data)->evt_num = c->next_evt_num + 1;
	}
	return pcapng_write_packet(c->writer, interface_id, ts_ns, c->pdu_prefix,
				   c->pdu_prefix_len, data, len, len);
}

/* The snapshot of processes and fds that exist at the start: first in the
 * capture, on the interface of each process's cgroup. */
static int on_snapshot_record(void *ctx, const void *data, size_t len)
{
	struct capture *c = ctx;
	const struct podshark_rec_hdr *hdr = data;

	if (hdr->type == PODSHARK_REC_PROC && len >= sizeof(struct podshark_proc_rec)) {
		const struct podshark_proc_rec *proc = data;

		/* a process's FD records follow its PROC record */
		c->snapshot_in_scope = in_node_scope(c, proc->cgroup_id);
		if (!c->snapshot_in_scope)
			return 0;
		c->snapshot_if = cgroup_interfaces_get(c->ifaces, proc->cgroup_id);
		note_netns(c, proc->pid, proc->ns_inum[PODSHARK_NS_NET], proc->cgroup_id);
		judge_cgroup(c, proc->cgroup_id);
	}
	if (!c->snapshot_in_scope)
		return 0;
	if (c->redactor && hdr->type == PODSHARK_REC_PROC && len <= ARG_JOIN_MAX_RECORD) {
		memcpy(c->joined, data, len);
		redact_record(c->redactor, c->joined, len);
		data = c->joined;
	}
	if (event_queue_push(c->queue, c->start_wall_ns, c->snapshot_if, QUEUED_RECORD, data,
			     (uint32_t)len, (uint32_t)len))
		c->user_dropped++;
	return 0;
}

/* Marks in the stream where events were lost since the last mark. */
static void note_losses(struct capture *c)
{
	struct podshark_probe_stats st;
	struct podshark_loss_rec loss = {
		.hdr = { .version = PODSHARK_FORMAT_VERSION, .type = PODSHARK_REC_LOSS,
			 .fixed_len = sizeof(loss), .total_len = sizeof(loss) },
	};
	uint64_t kernel;

	if (syscall_probe_stats(c->probe, &st))
		return;
	kernel = st.ring_full + st.pending_full + st.exit_lost;
	if (kernel == c->kernel_dropped_reported && c->user_dropped == c->user_dropped_reported &&
	    st.sampled_out == c->sampled_reported)
		return;
	loss.sampled_out = st.sampled_out - c->sampled_reported;
	c->sampled_reported = st.sampled_out;
	/* ring_full in the record counts every kernel-side drop since the last mark */
	loss.ring_full = kernel - c->kernel_dropped_reported;
	loss.user_dropped = c->user_dropped - c->user_dropped_reported;
	c->kernel_dropped_reported = kernel;
	c->user_dropped_reported = c->user_dropped;
	event_queue_push(c->queue, now_wall(c), c->syscall_if, QUEUED_RECORD, &loss, sizeof(loss),
			 sizeof(loss));
}

static bool reader_gone(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = 0 };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLERR | POLLHUP));
}

static int report_write_error(int err, const char *path)
{
	if (err == -EPIPE)
		return 0; /* the reader went away: a normal way to stop */
	if (err == -ENOSPC)
		fprintf(stderr, "podshark: %s: no space left on device; the capture up to here "
				"is complete and readable\n", path);
	else
		fprintf(stderr, "podshark: cannot write %s: %s\n", path, strerror(-err));
	return err;
}

/*
 * Interface statistics.  While the capture runs, isb_ifrecv counts the
 * selected events whose fate is known (written or dropped): events still in
 * the ring or in a call in progress are not counted yet.  The final block,
 * written after the probe is detached and drained, has the probe's own count
 * of selected events, which then equals written + dropped exactly.
 */
static int write_statistics(struct capture *c, uint64_t now, bool final)
{
	struct podshark_probe_stats st;
	struct pcapng_interface_stats isb = { 0 };
	int rc;

	if (syscall_probe_stats(c->probe, &st))
		return 0;
	isb.start_ns = c->start_wall_ns;
	isb.end_ns = now;
	/* sampled-out calls were dropped on purpose: dropped all the same */
	isb.ifdrop = st.ring_full + st.pending_full + st.exit_lost + st.sampled_out;
	isb.osdrop = c->user_dropped;
	isb.usrdeliv = c->written;
	isb.ifrecv = final ? st.selected : isb.usrdeliv + isb.ifdrop + isb.osdrop;
	if (final && c->settings->verbose)
		fprintf(stderr,
			"podshark: %llu system calls selected, %llu written, %llu dropped "
			"in the kernel (%llu by sampling), %llu dropped by podshark, %llu began before "
			"the capture\n",
			(unsigned long long)st.selected,
			(unsigned long long)c->written, (unsigned long long)isb.ifdrop,
			(unsigned long long)st.sampled_out, (unsigned long long)c->user_dropped,
			(unsigned long long)st.entry_lost);
	rc = pcapng_write_stats(c->writer, c->syscall_if, now, &isb);
	if (!rc && c->packets)
		rc = packet_capture_write_stats(c->packets, now);
	return rc;
}

static int read_probe_stats(void *data)
{
	struct podshark_probe_stats st;

	return syscall_probe_stats(data, &st);
}

/* The probe is loaded and attached: keep only what the rest needs. */
static int drop_privileges(const struct capture *c, char *err, size_t errlen)
{
	const struct capture_settings *settings = c->settings;
	struct privilege_needs needs = {
		.capture_packets = settings->capture_packets,
		/* scan_netns() enters the host's namespace too, to look for new interfaces */
		.enter_netns = settings->capture_packets &&
			       (settings->pod_interfaces || settings->host_interfaces),
		.inspect_processes = true,
		.check_bpf_access = read_probe_stats,
		.check_data = c->probe,
	};
	char caps[256];
	int rc = privileges_drop(&needs, err, errlen);

	if (!rc && settings->verbose && !privileges_describe(caps, sizeof(caps)))
		fprintf(stderr, "podshark: capabilities kept: %s\n", caps);
	return rc;
}

/* Opens the output, makes the writer, reorder window, join and redactor,
 * starts the probe and drops privileges.  Returns 0, or a negative errno
 * having said why on stderr; capture_cleanup() frees what was made. */
static int capture_setup(struct capture *c)
{
	const struct capture_settings *settings = c->settings;
	struct syscall_probe_settings probe_settings = {
		.ring_bytes = settings->ring_bytes,
		.selected = settings->selected,
		.string_max = settings->string_max,
		.payload_snaplen = settings->payload_snaplen,
		.selected_pids = settings->selected_pids,
		.n_selected_pids = settings->n_selected_pids,
		.selected_comms = settings->selected_comms,
		.select_cgroups = container_select_active(&settings->containers) ||
				  settings->cgroup_root,
		.sample_one_in = settings->sample_one_in,
		.per_syscall_hooks = settings->per_syscall_hooks,
		.verbose = settings->verbose,
	};
	static struct podshark_arg_plan plans[PODSHARK_SELECT_SLOTS];
	pid_t excluded[MAX_EXCLUDED];
	char err[512];
	int rc;

	c->mono_to_wall_ns = monotonic_to_wall_offset();
	c->start_wall_ns = now_wall(c);
	c->pdu_prefix_len = (uint32_t)pcapng_exported_pdu_prefix_len(PODSHARK_DISSECTOR_NAME);
	pcapng_exported_pdu_prefix(c->pdu_prefix, PODSHARK_DISSECTOR_NAME);

	c->out_fd = open_output(settings->output_path);
	if (c->out_fd < 0) {
		rc = -errno;
		fprintf(stderr, "podshark: cannot open %s: %s\n", settings->output_path,
			strerror(errno));
		return rc;
	}
	c->writer = pcapng_writer_new(c->out_fd, OUTPUT_BUFFER_BYTES);
	c->queue = event_queue_new();
	c->join = arg_join_new();
	if ((settings->redact && *settings->redact) || settings->redact_defaults) {
		c->redactor = redactor_new(settings->redact, settings->redact_defaults, err,
					   sizeof(err));
		if (!c->redactor) {
			fprintf(stderr, "podshark: %s\n", err);
			return -EINVAL;
		}
	}
	if (container_select_active(&settings->containers) || settings->cgroup_root)
		c->cgroups_judged = g_hash_table_new(g_direct_hash, g_direct_equal);
	if (settings->cgroup_root)
		c->cgroup_scope = g_hash_table_new(g_direct_hash, g_direct_equal);
	c->snapshot_in_scope = true;
	c->joined = malloc(ARG_JOIN_MAX_RECORD);
	if (!c->writer || !c->queue || !c->joined) {
		fprintf(stderr, "podshark: out of memory\n");
		return -ENOMEM;
	}
	arg_plan_build(plans, settings->capture_env);
	probe_settings.plans = plans;
	probe_settings.excluded_tgids = excluded;
	probe_settings.n_excluded = excluded_processes(c, excluded);
	c->probe = syscall_probe_start(&probe_settings, on_probe_record, c, err, sizeof(err));
	if (!c->probe) {
		fprintf(stderr, "podshark: %s\n", err);
		return -EPERM;
	}
	if (settings->verbose)
		fprintf(stderr, "podshark: probe attached (%s), %zu processes left out\n",
			syscall_probe_attach_kind(c->probe), probe_settings.n_excluded);
	if (syscall_probe_uring_unseen(c->probe)) {
		/* said here and in the capture (probe.unseen of the host interface) */
		snprintf(c->uring_unseen, sizeof(c->uring_unseen),
			 "io_uring operations (%s)", syscall_probe_uring_unseen(c->probe));
		fprintf(stderr, "podshark: warning: %s are not recorded\n", c->uring_unseen);
	}
	rc = drop_privileges(c, err, sizeof(err));
	if (rc)
		fprintf(stderr, "podshark: %s\n", err);
	return rc;
}

/* The processes and fds that exist now, so that the capture is self-contained. */
static void write_snapshot(struct capture *c)
{
	struct proc_snapshot_stats snap = { 0 };

	proc_snapshot_walk("/proc", c->start_wall_ns, getpid(), on_snapshot_record, c, &snap);
	if (c->settings->verbose)
		fprintf(stderr, "podshark: snapshot of %u processes and %u fds\n", snap.processes,
			snap.fds);
}

/* Reads the probe's ring and the pod interfaces and writes what the reorder
 * window lets go, until a stop is requested or writing fails (*wrc).  Returns
 * 0, or the negative errno of a failed poll or ring read. */
static int capture_loop(struct capture *c, int *wrc)
{
	uint64_t next_rescan_ns = 0;

	while (!*wrc && !*c->settings->stop_requested) {
		struct pollfd fds[MAX_POLLED];
		int nfds = 1, n;
		uint64_t now;

		fds[0] = (struct pollfd){ .fd = syscall_probe_fd(c->probe), .events = POLLIN };
		if (c->packets)
			nfds += packet_capture_pollfds(c->packets, fds + 1, MAX_POLLED - 1);
		if (poll(fds, (nfds_t)nfds, POLL_MS) < 0 && errno != EINTR) {
			n = -errno;
			fprintf(stderr, "podshark: poll failed: %s\n", strerror(-n));
			return n;
		}
		/* the probe wakes us only when its ring fills up: read it every time */
		n = syscall_probe_consume(c->probe);
		if (n < 0 && n != -EINTR && n != -ENOBUFS) {
			fprintf(stderr, "podshark: reading the ring buffer failed: %s\n",
				strerror(-n));
			return n;
		}
		if (c->packets)
			packet_capture_dispatch(c->packets);
		note_losses(c);
		now = now_wall(c);
		if (c->packets && now >= next_rescan_ns) {
			packet_capture_rescan(c->packets);
			next_rescan_ns = now + RESCAN_NS;
		}
		/* statistics first: a reader that stops mid-batch still gets them */
		if (now >= c->next_stats_ns) {
			*wrc = write_statistics(c, now, false);
			c->next_stats_ns = now + STATS_INTERVAL_NS;
		}
		if (!*wrc)
			*wrc = event_queue_emit(c->queue, now - REORDER_HOLD_NS, on_emit, c);
		if (!*wrc)
			*wrc = pcapng_writer_flush(c->writer);
		if (!*wrc && reader_gone(c->out_fd))
			*wrc = -EPIPE;
	}
	return 0;
}

/* After the probe stopped: the ring's last records, the calls still in
 * progress, and the totals.  Returns 0 or a write error. */
static int capture_drain(struct capture *c)
{
	uint64_t end_wall = now_wall(c);
	int wrc;

	syscall_probe_unfinished(c->probe, end_wall - (uint64_t)c->mono_to_wall_ns);
	if (c->packets)
		packet_capture_dispatch(c->packets);
	note_losses(c);
	wrc = event_queue_emit(c->queue, UINT64_MAX, on_emit, c);
	if (!wrc)
		wrc = write_statistics(c, end_wall, true);
	if (!wrc)
		wrc = pcapng_writer_flush(c->writer);
	return wrc;
}

static void capture_cleanup(struct capture *c)
{
	syscall_probe_free(c->probe);
	pcapng_writer_close(c->writer);
	event_queue_free(c->queue);
	arg_join_free(c->join);
	redactor_free(c->redactor);
	if (c->cgroups_judged)
		g_hash_table_destroy(c->cgroups_judged);
	if (c->cgroup_scope)
		g_hash_table_destroy(c->cgroup_scope);
	packet_capture_free(c->packets);
	cgroup_interfaces_free(c->ifaces);
	free(c->joined);
	if (c->out_fd > STDOUT_FILENO)
		close(c->out_fd);
}

int capture_run(const struct capture_settings *settings)
{
	struct capture c = { .settings = settings, .out_fd = -1 };
	int rc, wrc;

	rc = capture_setup(&c);
	if (rc) {
		capture_cleanup(&c);
		return rc;
	}
	wrc = write_headers(&c);
	if (!wrc)
		write_snapshot(&c);
	rc = capture_loop(&c, &wrc);
	/* Stop recording, then write everything still held. */
	c.draining = true;
	syscall_probe_stop(c.probe);
	if (!wrc)
		wrc = capture_drain(&c);
	if (wrc && !rc)
		rc = report_write_error(wrc, settings->output_path);
	capture_cleanup(&c);
	return rc;
}

int capture_check_filter(const char *filter, char *msg, size_t msglen)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	struct bpf_program prog;
	int rc = 0;

	if (!dead) {
		snprintf(msg, msglen, "cannot check the filter");
		return -1;
	}
	if (pcap_compile(dead, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(msg, msglen, "%s", pcap_geterr(dead));
		rc = -1;
	} else {
		pcap_freecode(&prog);
	}
	pcap_close(dead);
	return rc;
}

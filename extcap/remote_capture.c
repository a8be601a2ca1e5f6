/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE /* pipe2 */
#include "remote_capture.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "config.h"
#include "event_queue.h"
#include "iface_desc.h"
#include "pcapng_reader.h"
#include "pcapng_writer.h"
#include "podshark_record.h"
#include "record_codec.h"
#include "remote_node.h"

#define POLL_MS 50
#define OUTPUT_BUFFER_BYTES (1u << 20)
#define READ_CHUNK (256u << 10)
/* After the stop, how long the nodes have to send their last blocks. */
#define STOP_WAIT_MS 5000
/* How long the merge waits for a node to catch up at the start (ssh's connect
 * timeout, then loading the probe on a busy node). */
#define STARTUP_WAIT_MS 30000
/* Statistics blocks after which a node has caught up: its first comes before
 * the snapshot of its processes, which is older than the probe's loading and
 * so older than any reorder window; by the second, the snapshot is in. */
#define CAUGHT_UP_STATS 2
/* Clock samples before the first CLOCK record. */
#define CLOCK_SAMPLES_REPORTED 3
#define NODE_RECORD_MAX 1024

struct node {
	const struct remote_node_spec *spec;
	char *name;          /* as the node calls itself, once its stream says; else spec->name */
	pid_t pid;           /* the transport command; 0 once reaped */
	int in_fd, out_fd, err_fd; /* -1 when closed */
	struct pcapng_reader *reader;
	uint32_t *if_map;    /* the node's interface id -> the merged one */
	uint32_t n_if, if_cap;
	uint32_t event_if;   /* the merged interface of this node's NODE records */
	uint64_t last_ts;    /* the newest frame time received */
	uint64_t bytes;
	bool started, finished;
	int64_t clock_offset_ns; /* the node's clock minus ours, less the one-way delay */
	unsigned clock_samples;
	char err_line[512];  /* the last complete line of its stderr */
	char err_buf[512];
	size_t err_len;
};

struct remote {
	const struct remote_capture_settings *settings;
	struct node *nodes;
	struct pcapng_writer *writer;
	struct event_queue *queue;
	unsigned char pdu_prefix[32];
	uint32_t pdu_prefix_len;
	unsigned char *scratch;  /* a NODE record behind its prefix */
	uint64_t last_emitted_ns;
	uint64_t late;           /* frames that came after the window had passed them */
	uint64_t startup_deadline_ms; /* CLOCK_MONOTONIC ms */
	unsigned nodes_started;
	bool stopping;           /* the local side ended the nodes' input */
};

static uint64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* A frame into the reorder window; a frame older than what already left is
 * written as soon as it can, and counted. */
static void queue_frame(struct remote *r, uint64_t ts, uint32_t interface_id, const void *data,
			uint32_t caplen, uint32_t origlen)
{
	if (ts < r->last_emitted_ns)
		r->late++;
	if (event_queue_push(r->queue, ts, interface_id, QUEUED_PACKET, data, caplen, origlen))
		fprintf(stderr, "podshark: out of memory: a frame was lost\n");
}

/* A NODE record for node n, on its own interface.  Its frame goes on the
 * node's clock (as measured), and never before a frame already written: a
 * node whose clock is ahead has had its frames written ahead of ours.  The
 * record's ts_ns keeps the local time. */
static void note_node(struct remote *r, struct node *n, enum podshark_node_kind kind,
		      const char *message)
{
	struct podshark_node_rec rec = {
		.ts_ns = wall_ns(),
		.clock_offset_ns = n->clock_offset_ns,
		.kind = kind,
		.bytes = n->bytes,
	};
	uint64_t frame_ts = rec.ts_ns + (uint64_t)n->clock_offset_ns;
	size_t len;

	if (frame_ts < r->last_emitted_ns)
		frame_ts = r->last_emitted_ns;
	memcpy(r->scratch, r->pdu_prefix, r->pdu_prefix_len);
	len = podshark_encode_node(&rec, n->name, message, r->scratch + r->pdu_prefix_len,
				   NODE_RECORD_MAX - r->pdu_prefix_len);
	if (len)
		queue_frame(r, frame_ts, n->event_if, r->scratch,
			    (uint32_t)(r->pdu_prefix_len + len),
			    (uint32_t)(r->pdu_prefix_len + len));
}

static void fail_node(struct remote *r, struct node *n, const char *message)
{
	fprintf(stderr, "podshark: %s: %s\n", n->name, message);
	note_node(r, n, PODSHARK_NODE_FAILED, message);
}

static int write_interface(struct remote *r, const char *node, const char *name,
			   const struct pcapng_interface_info *orig)
{
	struct pcapng_interface_info info = *orig;
	char *prefixed = g_strdup_printf("%s: %s", node, name ? name : "?");
	int id;

	info.name = prefixed;
	id = pcapng_write_interface(r->writer, &info);
	g_free(prefixed);
	return id;
}

/* The node's name as its first interface gives it (NODE_NAME on a
 * Kubernetes node): the interfaces carry it in front. */
static void learn_name(struct node *n, const char *desc)
{
	const char *cursor = desc;
	char key[16], value[256];

	while (podshark_iface_desc_next(&cursor, key, sizeof(key), value, sizeof(value)))
		if (strcmp(key, "node") == 0 && *value) {
			g_free(n->name);
			n->name = g_strdup(value);
			return;
		}
}

static int on_node_interface(struct remote *r, struct node *n,
			     const struct pcapng_interface_info *info)
{
	char desc[4096];
	int id;

	if (!n->n_if && podshark_iface_desc_is_ours(info->description))
		learn_name(n, info->description);

	if (!podshark_iface_desc_is_ours(info->description)) {
		/* not podshark's description: say which node it is anyway */
		size_t len = podshark_iface_desc_start(desc, sizeof(desc));

		podshark_iface_desc_add(desc, sizeof(desc), len, "node", n->name);
		struct pcapng_interface_info copy = *info;

		copy.description = desc;
		id = write_interface(r, n->name, info->name, &copy);
	} else {
		id = write_interface(r, n->name, info->name, info);
	}
	if (id < 0)
		return id;
	if (n->n_if == n->if_cap) {
		n->if_cap = n->if_cap ? n->if_cap * 2 : 16;
		n->if_map = g_renew(uint32_t, n->if_map, n->if_cap);
	}
	n->if_map[n->n_if++] = (uint32_t)id;
	return 0;
}

/* Statistics blocks leave at once (they carry their own time), and measure
 * the node's clock: a node writes one right before its flush, so its time
 * minus ours on arrival is the clock difference less the one-way delay; the
 * largest such sample is the closest. */
static int on_node_stats(struct remote *r, struct node *n, const struct pcapng_block *b)
{
	int64_t sample = (int64_t)(b->ts_ns - wall_ns());

	if (!n->clock_samples || sample > n->clock_offset_ns)
		n->clock_offset_ns = sample;
	if (++n->clock_samples == CLOCK_SAMPLES_REPORTED)
		note_node(r, n, PODSHARK_NODE_CLOCK, NULL);
	return pcapng_write_stats(r->writer, n->if_map[b->interface_id], b->ts_ns, &b->stats);
}

/* Every whole block of a node's stream so far.  Returns 0, or -1 after the
 * node was failed for a broken stream. */
static int take_blocks(struct remote *r, struct node *n)
{
	struct pcapng_block b;
	char err[256];
	int got;

	while ((got = pcapng_reader_next(n->reader, &b, err, sizeof(err))) > 0) {
		switch (b.kind) {
		case PCAPNG_BLOCK_SECTION:
			if (n->started) {
				fail_node(r, n, "a second pcapng section in the node's stream");
				return -1;
			}
			n->started = true;
			r->nodes_started++;
			note_node(r, n, PODSHARK_NODE_STARTED, b.section.os);
			break;
		case PCAPNG_BLOCK_INTERFACE:
			if (on_node_interface(r, n, &b.interface))
				return -1; /* the writer's error is sticky: the loop sees it */
			break;
		case PCAPNG_BLOCK_PACKET:
			if (b.ts_ns > n->last_ts)
				n->last_ts = b.ts_ns;
			queue_frame(r, b.ts_ns, n->if_map[b.interface_id], b.data, b.caplen,
				    b.origlen);
			break;
		case PCAPNG_BLOCK_STATS:
			on_node_stats(r, n, &b);
			break;
		case PCAPNG_BLOCK_OTHER:
			break;
		}
	}
	if (got < 0) {
		char *message = g_strdup_printf("the node's stream is broken: %s", err);

		fail_node(r, n, message);
		g_free(message);
		return -1;
	}
	return 0;
}

/* Keeps the last complete line of the node's stderr (the reason it failed)
 * and passes every line on, with the node's name; but not, once the local
 * side has ended the nodes' input, the node's notice that its input ended:
 * that is a normal stop, and Wireshark shows whatever an extcap writes to
 * stderr as an error. */
static void read_stderr(struct remote *r, struct node *n)
{
	char buf[4096];
	ssize_t got = read(n->err_fd, buf, sizeof(buf));

	if (got <= 0) {
		if (got == 0 || (errno != EAGAIN && errno != EINTR))
			close_fd(&n->err_fd);
		return;
	}
	for (ssize_t i = 0; i < got; i++) {
		if (buf[i] == '\n' || n->err_len == sizeof(n->err_buf) - 1) {
			n->err_buf[n->err_len] = '\0';
			g_strstrip(n->err_buf);
			if (*n->err_buf) {
				g_strlcpy(n->err_line, n->err_buf, sizeof(n->err_line));
				if (!r->stopping ||
				    strcmp(n->err_buf, REMOTE_NODE_INPUT_ENDED_NOTICE) != 0)
					fprintf(stderr, "podshark: %s: %s\n", n->name, n->err_buf);
			}
			n->err_len = 0;
		}
		if (buf[i] != '\n' && buf[i] != '\r')
			n->err_buf[n->err_len++] = buf[i];
	}
}

/* Returns false at the end of the node's stream. */
static bool read_stream(struct remote *r, struct node *n)
{
	static unsigned char buf[READ_CHUNK];
	ssize_t got = read(n->out_fd, buf, sizeof(buf));

	if (got < 0)
		return errno == EAGAIN || errno == EINTR;
	if (got == 0)
		return false;
	n->bytes += (uint64_t)got;
	if (pcapng_reader_feed(n->reader, buf, (size_t)got)) {
		fail_node(r, n, "out of memory");
		return false;
	}
	return take_blocks(r, n) == 0;
}

/* The transport command's exit, waited for a moment: it follows the end of
 * its output.  Returns the wait status, or -1 when it had to be killed. */
static int reap(struct node *n, unsigned wait_ms)
{
	uint64_t end = monotonic_ms() + wait_ms;
	int status;

	while (n->pid > 0) {
		pid_t got = waitpid(n->pid, &status, WNOHANG);

		if (got == n->pid) {
			n->pid = 0;
			return status;
		}
		if (got < 0 || monotonic_ms() >= end) {
			kill(n->pid, SIGKILL);
			waitpid(n->pid, &status, 0);
			n->pid = 0;
			return -1;
		}
		usleep(10000);
	}
	return -1;
}

/* What the exit of a transport command says about its node. */
static char *describe_exit(const struct node *n, int status)
{
	const char *line = *n->err_line ? n->err_line : "no message";

	if (status == -1)
		return g_strdup_printf("the transport command did not end; killed (%s)", line);
	if (WIFSIGNALED(status))
		return g_strdup_printf("the transport command was killed by signal %d (%s)",
				       WTERMSIG(status), line);
	switch (WEXITSTATUS(status)) {
	case 0:
		return g_strdup_printf("the node's capture ended early (%s)", line);
	case 127:
		return g_strdup_printf("no podshark to run on the node: %s", line);
	case 255: /* ssh's own failures; kubectl's are 1 */
		return g_strdup_printf("cannot reach the node: %s", line);
	default:
		return g_strdup_printf("the node's capture failed (exit status %d): %s",
				       WEXITSTATUS(status), line);
	}
}

/* The end of a node's stream: normal after the stop, a failure before it. */
static void finish_node(struct remote *r, struct node *n, bool stopping)
{
	int status;

	n->finished = true;
	close_fd(&n->out_fd);
	close_fd(&n->in_fd);
	while (n->err_fd >= 0) {
		struct pollfd pfd = { .fd = n->err_fd, .events = POLLIN };

		if (poll(&pfd, 1, 200) <= 0)
			break;
		read_stderr(r, n);
	}
	close_fd(&n->err_fd);
	status = reap(n, stopping ? 1000 : 2000);
	if (stopping && status == 0) {
		note_node(r, n, PODSHARK_NODE_ENDED, NULL);
	} else {
		char *message = describe_exit(n, status);

		fail_node(r, n, message);
		g_free(message);
	}
}

static int spawn(struct node *n)
{
	int in[2], out[2], err[2];
	pid_t parent = getpid();

	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		return -errno;
	n->pid = fork();
	if (n->pid < 0)
		return -errno;
	if (n->pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		/* Its own process group: a Ctrl-C at the terminal reaches us, and we
		 * stop the node cleanly.  Our death (even SIGKILL) ends it. */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		signal(SIGPIPE, SIG_DFL);
		execvp(n->spec->argv[0], n->spec->argv);
		fprintf(stderr, "cannot run %s: %s\n", n->spec->argv[0], strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	n->in_fd = in[1];
	n->out_fd = out[0];
	n->err_fd = err[0];
	fcntl(n->in_fd, F_SETFL, O_NONBLOCK);
	fcntl(n->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(n->err_fd, F_SETFL, O_NONBLOCK);
	return 0;
}

static int emit_frame(void *ctx, uint64_t ts_ns, uint32_t interface_id, enum queued_kind kind,
		      void *data, uint32_t len, uint32_t orig_len)
{
	struct remote *r = ctx;

	(void)kind;
	if (ts_ns > r->last_emitted_ns)
		r->last_emitted_ns = ts_ns;
	return pcapng_write_packet(r->writer, interface_id, ts_ns, NULL, 0, data, len, orig_len);
}

/* Frames up to here cannot be overtaken: every running node has sent
 * something newer, or the window (on the node's clock, as measured) has
 * passed them.  Nothing leaves before every node has caught up. */
static uint64_t watermark(const struct remote *r, uint64_t now)
{
	const struct remote_capture_settings *s = r->settings;
	uint64_t newest_of_all = UINT64_MAX;
	int64_t earliest_clock = 0;
	bool any = false;

	for (size_t i = 0; i < s->n_nodes; i++) {
		const struct node *n = &r->nodes[i];

		if (n->finished)
			continue;
		if (n->clock_samples < CAUGHT_UP_STATS && monotonic_ms() < r->startup_deadline_ms)
			return 0;
		if (!any || n->last_ts < newest_of_all)
			newest_of_all = n->last_ts;
		if (!any || n->clock_offset_ns < earliest_clock)
			earliest_clock = n->clock_offset_ns;
		any = true;
	}
	if (!any)
		return UINT64_MAX;
	uint64_t by_window = now - s->reorder_window_ns + (uint64_t)earliest_clock;

	return newest_of_all > by_window ? newest_of_all : by_window;
}

static int write_headers(struct remote *r)
{
	const struct remote_capture_settings *s = r->settings;
	struct utsname uts;
	char os[256], app[128], desc[1024];
	struct pcapng_section_info section;

	uname(&uts);
	snprintf(os, sizeof(os), "%s %s", uts.sysname, uts.release);
	snprintf(app, sizeof(app), "podshark %s (%s, %zu nodes)", PODSHARK_VERSION, s->transport,
		 s->n_nodes);
	section = (struct pcapng_section_info){ .hardware = uts.machine, .os = os, .app = app };
	pcapng_write_section(r->writer, &section);
	for (size_t i = 0; i < s->n_nodes; i++) {
		struct node *n = &r->nodes[i];
		size_t len = podshark_iface_desc_start(desc, sizeof(desc));
		struct pcapng_interface_info info = {
			.linktype = PCAPNG_LINKTYPE_WIRESHARK_UPPER_PDU,
			.snaplen = 0x40000,
			.description = desc,
		};
		int id;

		podshark_iface_desc_add(desc, sizeof(desc), len, "node", n->name);
		id = write_interface(r, n->name, s->transport, &info);
		if (id < 0)
			return id;
		n->event_if = (uint32_t)id;
	}
	return pcapng_writer_flush(r->writer);
}

static void heartbeat(struct remote *r)
{
	for (size_t i = 0; i < r->settings->n_nodes; i++)
		if (r->nodes[i].in_fd >= 0 && write(r->nodes[i].in_fd, "\n", 1) < 0 &&
		    errno != EAGAIN)
			close_fd(&r->nodes[i].in_fd); /* its end shows on its output */
}

/* One round: wait for output, read it, let frames leave. */
static int pump(struct remote *r, bool stopping)
{
	const struct remote_capture_settings *s = r->settings;
	struct pollfd fds[2 * s->n_nodes];
	struct node *owner[2 * s->n_nodes];
	nfds_t nfds = 0;

	for (size_t i = 0; i < s->n_nodes; i++) {
		struct node *n = &r->nodes[i];

		if (n->out_fd >= 0) {
			owner[nfds] = n;
			fds[nfds++] = (struct pollfd){ .fd = n->out_fd, .events = POLLIN };
		}
		if (n->err_fd >= 0) {
			owner[nfds] = n;
			fds[nfds++] = (struct pollfd){ .fd = n->err_fd, .events = POLLIN };
		}
	}
	if (poll(fds, nfds, POLL_MS) < 0 && errno != EINTR)
		return -errno;
	for (nfds_t i = 0; i < nfds; i++) {
		struct node *n = owner[i];

		if (!fds[i].revents || n->finished)
			continue;
		if (fds[i].fd == n->err_fd)
			read_stderr(r, n);
		else if (!read_stream(r, n))
			finish_node(r, n, stopping);
	}
	return event_queue_emit(r->queue, watermark(r, wall_ns()), emit_frame, r) ?:
		       pcapng_writer_flush(r->writer);
}

static bool all_finished(const struct remote *r)
{
	for (size_t i = 0; i < r->settings->n_nodes; i++)
		if (!r->nodes[i].finished)
			return false;
	return true;
}

int remote_capture_run(const struct remote_capture_settings *s)
{
	struct remote r = { .settings = s };
	int out_fd, rc = 0, wrc;
	uint64_t next_heartbeat = 0, stop_deadline;

	out_fd = strcmp(s->output_path, "-") == 0 ?
			 STDOUT_FILENO :
			 open(s->output_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out_fd < 0) {
		fprintf(stderr, "podshark: cannot open %s: %s\n", s->output_path, strerror(errno));
		return -errno;
	}
	r.writer = pcapng_writer_new(out_fd, OUTPUT_BUFFER_BYTES);
	r.queue = event_queue_new();
	r.scratch = g_malloc(NODE_RECORD_MAX);
	r.nodes = g_new0(struct node, s->n_nodes);
	r.pdu_prefix_len = (uint32_t)pcapng_exported_pdu_prefix_len(PODSHARK_DISSECTOR_NAME);
	pcapng_exported_pdu_prefix(r.pdu_prefix, PODSHARK_DISSECTOR_NAME);
	for (size_t i = 0; i < s->n_nodes; i++) {
		struct node *n = &r.nodes[i];

		n->spec = &s->nodes[i];
		n->name = g_strdup(n->spec->name);
		n->in_fd = n->out_fd = n->err_fd = -1;
		n->reader = pcapng_reader_new();
	}
	wrc = write_headers(&r);
	r.startup_deadline_ms = monotonic_ms() + STARTUP_WAIT_MS;
	for (size_t i = 0; !wrc && i < s->n_nodes; i++) {
		struct node *n = &r.nodes[i];
		int err = spawn(n);

		if (err) {
			char *message = g_strdup_printf("cannot start %s: %s", n->spec->argv[0],
							strerror(-err));

			n->finished = true;
			fail_node(&r, n, message);
			g_free(message);
		} else if (s->verbose) {
			char *cmd = g_strjoinv(" ", n->spec->argv);

			fprintf(stderr, "podshark: %s: %s\n", n->spec->name, cmd);
			g_free(cmd);
		}
	}

	while (!wrc && !*s->stop_requested && !all_finished(&r)) {
		if (monotonic_ms() >= next_heartbeat) {
			heartbeat(&r);
			next_heartbeat = monotonic_ms() + REMOTE_HEARTBEAT_INTERVAL_S * 1000;
		}
		wrc = pump(&r, false);
	}

	/* The end of their input stops the nodes; their last blocks (the final
	 * statistics) follow. */
	r.stopping = true;
	for (size_t i = 0; i < s->n_nodes; i++)
		close_fd(&r.nodes[i].in_fd);
	stop_deadline = monotonic_ms() + STOP_WAIT_MS;
	while (!wrc && !all_finished(&r) && monotonic_ms() < stop_deadline)
		wrc = pump(&r, true);
	for (size_t i = 0; i < s->n_nodes; i++) {
		struct node *n = &r.nodes[i];

		if (n->finished)
			continue;
		if (n->pid > 0)
			kill(n->pid, SIGTERM);
		finish_node(&r, n, true);
	}
	if (!wrc)
		wrc = event_queue_emit(r.queue, UINT64_MAX, emit_frame, &r) ?:
			      pcapng_writer_flush(r.writer);
	if (r.late)
		fprintf(stderr, "podshark: %" PRIu64 " frames came after the reorder window "
				"(%" PRIu64 " ms) had passed them and are out of time order: "
				"raise --reorder-window\n",
			r.late, s->reorder_window_ns / 1000000);
	if (wrc && wrc != -EPIPE) {
		fprintf(stderr, "podshark: cannot write %s: %s\n", s->output_path, strerror(-wrc));
		rc = wrc;
	} else if (!r.nodes_started) {
		fprintf(stderr, "podshark: no node could be captured\n");
		rc = 1;
	}
	for (size_t i = 0; i < s->n_nodes; i++) {
		pcapng_reader_free(r.nodes[i].reader);
		g_free(r.nodes[i].name);
		g_free(r.nodes[i].if_map);
	}
	g_free(r.nodes);
	g_free(r.scratch);
	event_queue_free(r.queue);
	pcapng_writer_close(r.writer);
	if (out_fd > STDOUT_FILENO)
		close(out_fd);
	return rc;
}

void remote_node_specs_free(struct remote_node_spec *nodes, size_t n_nodes)
{
	for (size_t i = 0; i < n_nodes; i++) {
		g_free(nodes[i].name);
		g_strfreev(nodes[i].argv);
	}
	g_free(nodes);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _GNU_SOURCE
#include "packet_capture.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_path.h"
#include "iface_desc.h"

#define DESC_MAX 2048
#define PACKET_BLOCK_TIMEOUT_MS 20
#define PACKET_BUFFER_BYTES (8 << 20)

/* One captured interface. */
struct pcap_iface {
	pcap_t *handle;
	uint32_t pcapng_id;
	int ifindex;
	uint64_t delivered; /* packets handed to the capture */
	struct netns *ns;
};

/* A network namespace we capture in, kept open to look for new interfaces. */
struct netns {
	uint32_t inode;
	int fd;       /* an nsfs file descriptor */
	char *label;  /* "shop/web-0", or "host" */
	char *desc;   /* pod metadata for the interface descriptions, without the marker */
	GArray *ifindexes; /* of int: interfaces already opened (or refused) */
};

struct packet_capture {
	struct packet_capture_config config;
	struct pcapng_writer *writer;
	packet_capture_fn fn;
	void *ctx;
	int self_ns_fd;      /* to come back to after setns() */
	uint32_t self_ns_inode;
	GHashTable *seen;    /* netns inode -> struct netns *, or NULL when not captured */
	GPtrArray *netns;    /* of struct netns * */
	GPtrArray *ifaces;   /* of struct pcap_iface *, NULL when closed */
	uint64_t closed_received, closed_dropped;
	int callback_error;
};

static void logf_once(struct packet_capture *pc, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void logf_once(struct packet_capture *pc, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!pc->config.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pc->config.log(pc->config.log_data, line);
}

static uint32_t inode_of_fd(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (uint32_t)st.st_ino;
}

static void netns_free(gpointer p)
{
	struct netns *ns = p;

	if (ns->fd >= 0)
		close(ns->fd);
	g_free(ns->label);
	g_free(ns->desc);
	g_array_unref(ns->ifindexes);
	g_free(ns);
}

/* pcap_dispatch's user pointer: the capture and the interface together. */
struct dispatch_ctx {
	struct packet_capture *pc;
	struct pcap_iface *iface;
};

static void deliver(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct dispatch_ctx *d = (struct dispatch_ctx *)user;
	/* the handles use nanosecond time stamps: tv_usec holds nanoseconds */
	uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000ull + (uint64_t)h->ts.tv_usec;

	if (d->pc->callback_error)
		return;
	d->pc->callback_error =
		d->pc->fn(d->pc->ctx, d->iface->pcapng_id, ts, bytes, h->caplen, h->len);
	d->iface->delivered++;
}

static bool already(const struct netns *ns, int ifindex)
{
	for (guint i = 0; i < ns->ifindexes->len; i++)
		if (g_array_index(ns->ifindexes, int, i) == ifindex)
			return true;
	return false;
}

/* Opens one interface; the caller is inside the interface's namespace. */
static void open_iface(struct packet_capture *pc, struct netns *ns, const char *ifname, int ifindex)
{
	char err[PCAP_ERRBUF_SIZE] = "", name[256], desc[DESC_MAX], idx[16];
	struct pcapng_interface_info info = { 0 };
	struct pcap_iface *iface;
	struct bpf_program prog;
	pcap_t *p;
	size_t n;
	int id, status;

	p = pcap_create(ifname, err);
	if (!p) {
		g_array_append_val(ns->ifindexes, ifindex);
		logf_once(pc, "%s %s: cannot capture: %s", ns->label, ifname, err);
		return;
	}
	/* Not immediate mode: libpcap would use TPACKET_V2, whose slots are
	 * snaplen-sized (64 packets in 4 MiB with the default snaplen).  V3 packs
	 * packets into blocks handed over within the timeout, well inside the
	 * capture's reorder window.  (Each setter fails only on an activated
	 * handle.) */
	if (pcap_set_snaplen(p, pc->config.snaplen) || pcap_set_promisc(p, 0) ||
	    pcap_set_timeout(p, PACKET_BLOCK_TIMEOUT_MS) ||
	    pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) ||
	    pcap_set_buffer_size(p, PACKET_BUFFER_BYTES)) {
		g_array_append_val(ns->ifindexes, ifindex);
		logf_once(pc, "%s %s: cannot set up the capture", ns->label, ifname);
		pcap_close(p);
		return;
	}
	status = pcap_activate(p);
	if (status == PCAP_ERROR_IFACE_NOT_UP) {
		/* not up yet (CNI plugs a pod's eth0 in after the sandbox starts):
		 * tried again at the next rescan */
		pcap_close(p);
		return;
	}
	g_array_append_val(ns->ifindexes, ifindex);
	if (status < 0) {
		logf_once(pc, "%s %s: cannot capture: %s", ns->label, ifname, pcap_geterr(p));
		pcap_close(p);
		return;
	}
	if (pc->config.filter && *pc->config.filter) {
		if (pcap_compile(p, &prog, pc->config.filter, 1, PCAP_NETMASK_UNKNOWN) < 0 ||
		    pcap_setfilter(p, &prog) < 0) {
			logf_once(pc, "%s %s: capture filter: %s", ns->label, ifname, pcap_geterr(p));
			pcap_close(p);
			return;
		}
		pcap_freecode(&prog);
	}
	if (pcap_setnonblock(p, 1, err) < 0) {
		logf_once(pc, "%s %s: %s", ns->label, ifname, err);
		pcap_close(p);
		return;
	}

	snprintf(name, sizeof(name), "%s %s", ns->label, ifname);
	snprintf(idx, sizeof(idx), "%d", ifindex);
	n = podshark_iface_desc_start(desc, sizeof(desc));
	n = podshark_iface_desc_add(desc, sizeof(desc), n, "node", pc->config.node);
	if (n < sizeof(desc) && ns->desc)
		n += (size_t)snprintf(desc + n, sizeof(desc) - n, "%s", ns->desc);
	n = podshark_iface_desc_add(desc, sizeof(desc), n, "if.name", ifname);
	podshark_iface_desc_add(desc, sizeof(desc), n, "if.index", idx);
	info.linktype = (uint16_t)pcap_datalink(p);
	info.snaplen = (uint32_t)pc->config.snaplen;
	info.name = name;
	info.description = desc;
	info.filter = pc->config.filter;
	info.os = pc->config.os;
	id = pcapng_write_interface(pc->writer, &info);
	if (id < 0) {
		pcap_close(p);
		return;
	}
	iface = g_new0(struct pcap_iface, 1);
	iface->handle = p;
	iface->pcapng_id = (uint32_t)id;
	iface->ifindex = ifindex;
	iface->ns = ns;
	g_ptr_array_add(pc->ifaces, iface);
}

/* Opens the interfaces of ns not opened yet (all but loopback). */
static void scan_netns(struct packet_capture *pc, struct netns *ns)
{
	struct if_nameindex *ifs;

	if (setns(ns->fd, CLONE_NEWNET)) {
		logf_once(pc, "%s: cannot enter its network namespace: %s", ns->label,
			  strerror(errno));
		return;
	}
	ifs = if_nameindex();
	for (struct if_nameindex *i = ifs; i && i->if_index; i++) {
		if (strcmp(i->if_name, "lo") == 0 || already(ns, (int)i->if_index))
			continue;
		open_iface(pc, ns, i->if_name, (int)i->if_index);
	}
	if (ifs)
		if_freenameindex(ifs);
	if (setns(pc->self_ns_fd, CLONE_NEWNET))
		logf_once(pc, "cannot return to podshark's network namespace: %s", strerror(errno));
}

static struct netns *add_netns(struct packet_capture *pc, int fd, uint32_t inode, char *label,
			       char *desc)
{
	struct netns *ns = g_new0(struct netns, 1);

	ns->fd = fd;
	ns->inode = inode;
	ns->label = label;
	ns->desc = desc;
	ns->ifindexes = g_array_new(FALSE, FALSE, sizeof(int));
	g_ptr_array_add(pc->netns, ns);
	g_hash_table_insert(pc->seen, GUINT_TO_POINTER(inode), ns);
	scan_netns(pc, ns);
	return ns;
}

struct packet_capture *packet_capture_new(struct pcapng_writer *w,
					  const struct packet_capture_config *config,
					  packet_capture_fn fn, void *ctx)
{
	struct packet_capture *pc = g_new0(struct packet_capture, 1);

	pc->config = *config;
	/* the caller's strings may not outlive this call: keep copies */
	pc->config.node = g_strdup(config->node);
	pc->config.os = g_strdup(config->os);
	pc->config.filter = g_strdup(config->filter);
	pc->writer = w;
	pc->fn = fn;
	pc->ctx = ctx;
	pc->seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	pc->netns = g_ptr_array_new_with_free_func(netns_free);
	pc->ifaces = g_ptr_array_new();
	pc->self_ns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	pc->self_ns_inode = pc->self_ns_fd >= 0 ? inode_of_fd(pc->self_ns_fd) : 0;
	if (pc->self_ns_fd < 0) {
		logf_once(pc, "cannot open its own network namespace: %s: no packets",
			  strerror(errno));
		return pc;
	}
	/* the host's namespace is never a pod's: captured only when asked */
	if (config->host_interfaces) {
		char desc[64] = "";

		podshark_iface_desc_add(desc, sizeof(desc), 0, "proc.ns.net",
					g_strdup_printf("%u", pc->self_ns_inode));
		add_netns(pc, dup(pc->self_ns_fd), pc->self_ns_inode, g_strdup("host"),
			  g_strdup(desc));
	}
	else
		g_hash_table_insert(pc->seen, GUINT_TO_POINTER(pc->self_ns_inode), NULL);
	return pc;
}

void packet_capture_free(struct packet_capture *pc)
{
	if (!pc)
		return;
	for (guint i = 0; i < pc->ifaces->len; i++) {
		struct pcap_iface *iface = g_ptr_array_index(pc->ifaces, i);

		if (iface) {
			pcap_close(iface->handle);
			g_free(iface);
		}
	}
	g_ptr_array_free(pc->ifaces, TRUE);
	g_ptr_array_free(pc->netns, TRUE);
	g_hash_table_destroy(pc->seen);
	if (pc->self_ns_fd >= 0)
		close(pc->self_ns_fd);
	g_free((char *)pc->config.node);
	g_free((char *)pc->config.os);
	g_free((char *)pc->config.filter);
	g_free(pc);
}

/* The pod part of the interface descriptions: "; k8s.pod.name=...; ..." */
static char *pod_desc(const struct container_meta *m, uint32_t inode)
{
	char buf[DESC_MAX] = "", ino[16];
	size_t n = 0;

	snprintf(ino, sizeof(ino), "%u", inode);
	n = podshark_iface_desc_add(buf, sizeof(buf), n, "k8s.pod.name", m->pod_name);
	n = podshark_iface_desc_add(buf, sizeof(buf), n, "k8s.ns.name", m->pod_namespace);
	n = podshark_iface_desc_add(buf, sizeof(buf), n, "k8s.pod.uid", m->pod_uid);
	n = podshark_iface_desc_add(buf, sizeof(buf), n, "k8s.pod.sandbox_id", m->sandbox_id);
	n = podshark_iface_desc_add(buf, sizeof(buf), n, "proc.ns.net", ino);
	if (!m->pod_name)
		n = podshark_iface_desc_add(buf, sizeof(buf), n, "container.id", m->short_id);
	return g_strndup(buf, MIN(n, sizeof(buf) - 1));
}

void packet_capture_note_netns(struct packet_capture *pc, pid_t pid, uint32_t netns_inode,
			       const struct container_meta *meta)
{
	char path[64], *label;
	int fd;

	if (!pc->config.pod_interfaces || pc->self_ns_fd < 0 ||
	    g_hash_table_contains(pc->seen, GUINT_TO_POINTER(netns_inode)))
		return;
	if (!meta || meta->runtime == CONTAINER_RUNTIME_NONE)
		return; /* not a pod's: asked again when a pod's process shows it */
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if ((fd < 0 || inode_of_fd(fd) != netns_inode) && meta->netns_path) {
		if (fd >= 0)
			close(fd);
		fd = open(meta->netns_path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0 || inode_of_fd(fd) != netns_inode) {
		/* gone already: a later process of the pod will show it again */
		if (fd >= 0)
			close(fd);
		return;
	}
	label = meta->pod_name ? g_strdup_printf("%s/%s", meta->pod_namespace ? meta->pod_namespace :
							  "?", meta->pod_name) :
				 g_strdup_printf("%s/%s", container_runtime_name(meta->runtime),
						 meta->name ? meta->name : meta->short_id);
	add_netns(pc, fd, netns_inode, label, pod_desc(meta, netns_inode));
}

void packet_capture_rescan(struct packet_capture *pc)
{
	for (guint i = 0; i < pc->netns->len; i++)
		scan_netns(pc, g_ptr_array_index(pc->netns, i));
}

int packet_capture_pollfds(struct packet_capture *pc, struct pollfd *fds, int max)
{
	int n = 0;

	for (guint i = 0; i < pc->ifaces->len && n < max; i++) {
		struct pcap_iface *iface = g_ptr_array_index(pc->ifaces, i);

		if (!iface)
			continue;
		fds[n].fd = pcap_get_selectable_fd(iface->handle);
		fds[n].events = POLLIN;
		fds[n].revents = 0;
		n++;
	}
	return n;
}

static void close_iface(struct packet_capture *pc, guint i, const char *why)
{
	struct pcap_iface *iface = g_ptr_array_index(pc->ifaces, i);
	struct pcap_stat st;

	logf_once(pc, "%s: interface %d closed: %s", iface->ns->label, iface->ifindex, why);
	if (pcap_stats(iface->handle, &st) == 0) {
		pc->closed_received += st.ps_recv;
		pc->closed_dropped += st.ps_drop;
	}
	pcap_close(iface->handle);
	g_free(iface);
	g_ptr_array_index(pc->ifaces, i) = NULL;
}

int packet_capture_dispatch(struct packet_capture *pc)
{
	int total = 0;

	for (guint i = 0; i < pc->ifaces->len; i++) {
		struct pcap_iface *iface = g_ptr_array_index(pc->ifaces, i);
		struct dispatch_ctx d = { pc, iface };
		int n;

		if (!iface)
			continue;
		n = pcap_dispatch(iface->handle, -1, deliver, (u_char *)&d);
		if (n == PCAP_ERROR)
			close_iface(pc, i, pcap_geterr(iface->handle));
		else if (n > 0)
			total += n;
		if (pc->callback_error)
			return pc->callback_error;
	}
	return total;
}

int packet_capture_write_stats(struct packet_capture *pc, uint64_t now_ns)
{
	for (guint i = 0; i < pc->ifaces->len; i++) {
		struct pcap_iface *iface = g_ptr_array_index(pc->ifaces, i);
		struct pcapng_interface_stats isb = { .end_ns = now_ns };
		struct pcap_stat st;
		int rc;

		if (!iface || pcap_stats(iface->handle, &st))
			continue;
		isb.ifrecv = st.ps_recv;
		isb.ifdrop = st.ps_drop; /* no room in the kernel's buffer */
		isb.osdrop = st.ps_ifdrop;
		isb.usrdeliv = iface->delivered;
		rc = pcapng_write_stats(pc->writer, iface->pcapng_id, now_ns, &isb);
		if (rc)
			return rc;
	}
	return 0;
}

void packet_capture_counts(struct packet_capture *pc, uint64_t *received, uint64_t *dropped)
{
	*received = pc->closed_received;
	*dropped = pc->closed_dropped;
	for (guint i = 0; i < pc->ifaces->len; i++) {
		struct pcap_iface *iface = g_ptr_array_index(pc->ifaces, i);
		struct pcap_stat st;

		if (iface && pcap_stats(iface->handle, &st) == 0) {
			*received += st.ps_recv;
			*dropped += st.ps_drop;
		}
	}
}

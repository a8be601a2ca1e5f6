/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Expert infos for security-relevant system calls, so that Analyze > Expert
 * Information is a triage list (docs/TRIAGE.md, "Expert information").
 *
 * The severities follow one rule: what a workload should rarely do is a
 * warning inside a container and a note on the host, where node daemons
 * (sshd, sudo, kubelet, container runtimes) do the same all day; refused
 * calls are notes; new listeners and outbound connections are chats, the
 * context a triage reads around the warnings.  The lists match the
 * podshark-k8s-security profile's colouring rules.
 */
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <wsutil/inet_addr.h>
#include <wsutil/pint.h>

#include "arg_render.h"
#include "packet-podshark-ext.h"
#include "packet-podshark-k8s.h"
#include "packet-podshark-syscall.h"
#include "ws_compat.h"

/* The access mode bits of open flags: the same on every architecture. */
#define OPEN_ACCMODE 03u
#define OPEN_WRONLY 01u

static expert_field ei_privilege_change = EI_INIT;
static expert_field ei_privilege_change_host = EI_INIT;
static expert_field ei_shell = EI_INIT;
static expert_field ei_credential_read = EI_INIT;
static expert_field ei_credential_read_host = EI_INIT;
static expert_field ei_system_write = EI_INIT;
static expert_field ei_system_write_host = EI_INIT;
static expert_field ei_denied = EI_INIT;
static expert_field ei_listen = EI_INIT;
static expert_field ei_outbound = EI_INIT;
static expert_field ei_uring_ring = EI_INIT;
static expert_field ei_uring_ring_host = EI_INIT;
static expert_field ei_uring_sqpoll = EI_INIT;
static expert_field ei_bpf_program = EI_INIT;

/* bpf(2) commands that load, attach or detach programs: whoever can run them
 * can change what the kernel reports, this capture's probe included. */
static const uint32_t bpf_program_cmds[] = {
	BPF_PROG_LOAD,   BPF_PROG_ATTACH, BPF_PROG_DETACH, BPF_RAW_TRACEPOINT_OPEN,
	BPF_LINK_CREATE, BPF_LINK_UPDATE, BPF_LINK_DETACH,
};

/* Calls that change namespaces, mounts, credentials or capabilities, load
 * kernel code or trace another process. */

static const char *const shells[] = {
	"ash", "bash", "csh", "dash", "ksh", "sh", "tcsh", "zsh",
};

/* Passwords, sudo rules, cluster keys and service-account tokens: files,
 * then folders (ending in '/'). */
static const char *const credential_paths[] = {
	"/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/sudoers.d/",
	"/etc/kubernetes/pki/", "/var/lib/kubelet/pki/", "/run/secrets/", "/var/run/secrets/",
};

static const char *const system_dirs[] = { "/etc/", "/usr/", "/bin/", "/sbin/" };

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

/* Whether path is one of paths, or under one of those ending in '/'. */
static bool path_in(const char *path, const char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(paths[i]);

		if (paths[i][len - 1] == '/' ? !strncmp(path, paths[i], len) :
					       !strcmp(path, paths[i]))
			return true;
	}
	return false;
}

const char *podshark_workload(packet_info *pinfo)
{
	const char *pod = podshark_iface_value(pinfo, "k8s.pod.name");
	const char *ns = podshark_iface_value(pinfo, "k8s.ns.name");
	const char *name = podshark_iface_value(pinfo, "container.name");

	if (pod)
		return wmem_strdup_printf(pinfo->pool, "%s/%s", ns ? ns : "?", pod);
	if (!podshark_in_container(pinfo))
		return "host";
	return name ? name : podshark_iface_value(pinfo, "container.id");
}

bool podshark_in_container(packet_info *pinfo)
{
	const char *id = podshark_iface_value(pinfo, "container.id");

	return id && strcmp(id, "host");
}

/* The access mode of an open call: O_RDONLY, O_WRONLY or O_RDWR; -1 when the
 * call has no flags argument (openat2 passes them in a struct).  creat is
 * checked by name: it is the one call defined as open with fixed flags
 * (O_CREAT|O_WRONLY|O_TRUNC), a fact about that call alone and not a rule
 * that a table column would give to others. */
static int open_access_mode(const struct podshark_syscall_summary *s)
{
	if (!strcmp(s->type, "creat"))
		return OPEN_WRONLY;
	for (unsigned i = 0; i < s->info->nargs; i++)
		if (s->info->args[i].type == PODSHARK_ARG_OPEN_FLAGS)
			return (int)(s->sc->args[i] & OPEN_ACCMODE);
	return -1;
}

/* The end of a message: how the call failed, if it did, and who made it:
 * ", failed with EACCES (sh, shop/web-0)". */
static const char *who(packet_info *pinfo, const struct podshark_syscall_summary *s)
{
	return wmem_strdup_printf(pinfo->pool, "%s%s (%s, %s)", s->failed ? ", failed with " : "",
				  s->failed ? s->res : "", s->comm, podshark_workload(pinfo));
}

const char *podshark_endpoint(wmem_allocator_t *scope, const struct podshark_fd *f, bool remote)
{
	char text[WS_INET6_ADDRSTRLEN];
	const uint8_t *addr = remote ? f->raddr : f->laddr;
	uint16_t port = remote ? f->rport : f->lport;

	if (f->family == AF_INET6) {
		ws_inet_ntop6(addr, text, sizeof(text));
		return wmem_strdup_printf(scope, "[%s]:%u", text, port);
	}
	ws_inet_ntop4(addr, text, sizeof(text));
	return wmem_strdup_printf(scope, "%s:%u", text, port);
}

static bool is_loopback(const struct podshark_fd *f)
{
	static const uint8_t loopback6[16] = { [15] = 1 };

	if (f->family == AF_INET6)
		return !memcmp(f->raddr, loopback6, sizeof(loopback6));
	return f->raddr[0] == 127;
}

int podshark_fd_effect(const struct podshark_syscall_summary *s)
{
	return s->info ? s->info->fd_effect : PODSHARK_FD_EFFECT_NONE;
}

bool podshark_connect_started(const struct podshark_syscall_summary *s)
{
	return podshark_fd_effect(s) == PODSHARK_FD_EFFECT_CONNECT &&
	       (!s->failed || !strcmp(s->res, "EINPROGRESS"));
}

const struct podshark_fd *podshark_inet_fd(const struct podshark_syscall_summary *s)
{
	/* accept acts on the listening socket and makes the one it returns */
	const bool accept = s->info && (s->info->flags & PODSHARK_CALL_SOCKET_RET);
	const struct podshark_fd *f = NULL;

	for (unsigned i = 0; i < s->ctx->n_fds && !f; i++)
		if (!accept || (s->returned && s->ctx->fds[i]->num == (int32_t)s->sc->ret))
			f = s->ctx->fds[i];
	return f && f->has_addrs && (f->family == AF_INET || f->family == AF_INET6) ? f : NULL;
}

static void check_open(packet_info *pinfo, proto_item *item,
		       const struct podshark_syscall_summary *s, bool container)
{
	const char *path = podshark_context_fd_name(s->ctx);
	const int mode = open_access_mode(s);

	if (!path)
		return;
	if (mode != OPEN_WRONLY && path_in(path, credential_paths, array_length(credential_paths)))
		expert_add_info_format(pinfo, item,
				       container ? &ei_credential_read : &ei_credential_read_host,
				       "Credential file read: %s%s", path, who(pinfo, s));
	if (mode > 0 && path_in(path, system_dirs, array_length(system_dirs)))
		expert_add_info_format(pinfo, item,
				       container ? &ei_system_write : &ei_system_write_host,
				       "System file opened for writing: %s%s", path, who(pinfo, s));
}

/* What a listening socket listens on: its address, a unix socket's path. */
static const char *listen_name(packet_info *pinfo, const struct podshark_syscall_summary *s)
{
	const struct podshark_fd *f = podshark_inet_fd(s);

	if (f)
		return podshark_endpoint(pinfo->pool, f, false);
	if (s->ctx->n_fds && s->ctx->fds[0]->name)
		return s->ctx->fds[0]->name;
	return wmem_strdup_printf(pinfo->pool, "fd %d", (int)s->sc->args[0]);
}

static void check_network(packet_info *pinfo, proto_item *item,
			  const struct podshark_syscall_summary *s, bool container)
{
	const struct podshark_fd *f = podshark_inet_fd(s);

	if (podshark_fd_effect(s) == PODSHARK_FD_EFFECT_LISTEN && !s->failed)
		expert_add_info_format(pinfo, item, &ei_listen, "New listening socket: %s%s",
				       listen_name(pinfo, s), who(pinfo, s));
	if (podshark_connect_started(s) && container && f && !is_loopback(f))
		expert_add_info_format(pinfo, item, &ei_outbound,
				       "Outbound connection: %s (%s, %s)",
				       podshark_endpoint(pinfo->pool, f, true), s->comm,
				       podshark_workload(pinfo));
}

/* A new io_uring ring: what goes through it is recorded as io_uring
 * operations, not system calls; an SQPOLL ring needs no call at all. */
/* A call that set up a ring, and the argument with the parameters it completed. */
static void check_uring_setup(packet_info *pinfo, proto_item *item,
			      const struct podshark_syscall_summary *s, bool container,
			      unsigned params_arg)
{
	struct podshark_mem_item params;

	expert_add_info_format(pinfo, item, container ? &ei_uring_ring : &ei_uring_ring_host,
			       "io_uring ring set up (fd %d)%s", (int)s->sc->ret, who(pinfo, s));
	if (podshark_find_mem(s->buf, s->rec, params_arg, true, &params) &&
	    params.type == PODSHARK_EXT_STRUCT && !(params.mem.flags & PODSHARK_MEM_FAULT) &&
	    params.data_len >= 12 && (pletohu32(params.data + 8) & IORING_SETUP_SQPOLL))
		expert_add_info_format(pinfo, item, &ei_uring_sqpoll,
				       "SQPOLL io_uring ring (fd %d): a kernel thread submits its "
				       "requests, without system calls%s", (int)s->sc->ret,
				       who(pinfo, s));
}

/* A call with a BPF command in argument cmd_arg. */
static void check_bpf(packet_info *pinfo, proto_item *item,
		      const struct podshark_syscall_summary *s, unsigned cmd_arg)
{
	char cmd[64];

	for (size_t i = 0; i < array_length(bpf_program_cmds); i++) {
		if ((uint32_t)s->sc->args[cmd_arg] != bpf_program_cmds[i])
			continue;
		podshark_render_value(PODSHARK_ARG_BPF_CMD, s->sc->args[cmd_arg], s->sc->arch, cmd,
				      sizeof(cmd));
		expert_add_info_format(pinfo, item, &ei_bpf_program, "BPF programs changed: %s%s",
				       cmd, who(pinfo, s));
	}
}

void podshark_expert_syscall(packet_info *pinfo, proto_item *item,
			     const struct podshark_syscall_summary *s)
{
	const bool container = podshark_in_container(pinfo);
	int params_arg, cmd_arg;

	if (!s->info)
		return;
	/* by argument type: the call that completes io_uring parameters sets up a
	 * ring (io_uring_setup), the call with a BPF command is bpf */
	params_arg = podshark_syscall_arg_of_type(s->info, PODSHARK_ARG_IO_URING_PARAMS);
	cmd_arg = podshark_syscall_arg_of_type(s->info, PODSHARK_ARG_BPF_CMD);
	if (s->info && (s->info->flags & PODSHARK_CALL_PRIVILEGE))
		expert_add_info_format(pinfo, item,
				       container ? &ei_privilege_change : &ei_privilege_change_host,
				       "Namespace or privilege change: %s%s", s->type,
				       who(pinfo, s));
	if (container && !s->failed && s->returned &&
	    s->info && s->info->fd_effect == PODSHARK_FD_EFFECT_EXEC &&
	    in_list(s->comm, shells, array_length(shells)))
		expert_add_info_format(pinfo, item, &ei_shell, "Shell %s started in %s", s->comm,
				       podshark_workload(pinfo));
	if (podshark_syscall_opens_path(s->info))
		check_open(pinfo, item, s, container);
	if (s->failed && (!strcmp(s->res, "EACCES") || !strcmp(s->res, "EPERM")))
		expert_add_info_format(pinfo, item, &ei_denied, "Permission denied: %s%s", s->type,
				       who(pinfo, s));
	if (s->returned)
		check_network(pinfo, item, s, container);
	if (params_arg >= 0 && s->returned && !s->failed)
		check_uring_setup(pinfo, item, s, container, (unsigned)params_arg);
	if (cmd_arg >= 0)
		check_bpf(pinfo, item, s, (unsigned)cmd_arg);
}

void proto_register_podshark_expert(void)
{
	static ei_register_info ei[] = {
		{ &ei_privilege_change,
		  { "podshark.security.privilege_change", PI_SECURITY, PI_WARN,
		    "Namespace or privilege change in a container", EXPFILL } },
		{ &ei_privilege_change_host,
		  { "podshark.security.privilege_change_host", PI_SECURITY, PI_NOTE,
		    "Namespace or privilege change on the host", EXPFILL } },
		{ &ei_shell,
		  { "podshark.security.shell", PI_SECURITY, PI_WARN,
		    "Shell started in a container", EXPFILL } },
		{ &ei_credential_read,
		  { "podshark.security.credential_read", PI_SECURITY, PI_WARN,
		    "Credential file read in a container", EXPFILL } },
		{ &ei_credential_read_host,
		  { "podshark.security.credential_read_host", PI_SECURITY, PI_NOTE,
		    "Credential file read on the host", EXPFILL } },
		{ &ei_system_write,
		  { "podshark.security.system_write", PI_SECURITY, PI_WARN,
		    "File under /etc, /usr, /bin or /sbin opened for writing in a container",
		    EXPFILL } },
		{ &ei_system_write_host,
		  { "podshark.security.system_write_host", PI_SECURITY, PI_NOTE,
		    "File under /etc, /usr, /bin or /sbin opened for writing on the host",
		    EXPFILL } },
		{ &ei_denied,
		  { "podshark.security.denied", PI_SECURITY, PI_NOTE,
		    "Permission denied (EACCES or EPERM)", EXPFILL } },
		{ &ei_listen,
		  { "podshark.security.listen", PI_SECURITY, PI_CHAT, "New listening socket",
		    EXPFILL } },
		{ &ei_outbound,
		  { "podshark.security.outbound", PI_SECURITY, PI_CHAT,
		    "Outbound connection from a container", EXPFILL } },
		{ &ei_uring_ring,
		  { "podshark.security.io_uring", PI_SECURITY, PI_WARN,
		    "io_uring ring set up in a container: its operations bypass system-call hooks",
		    EXPFILL } },
		{ &ei_uring_ring_host,
		  { "podshark.security.io_uring_host", PI_SECURITY, PI_NOTE,
		    "io_uring ring set up on the host", EXPFILL } },
		{ &ei_uring_sqpoll,
		  { "podshark.security.io_uring_sqpoll", PI_SECURITY, PI_WARN,
		    "SQPOLL io_uring ring: requests submitted by a kernel thread, without system "
		    "calls", EXPFILL } },
		{ &ei_bpf_program,
		  { "podshark.security.bpf_program", PI_SECURITY, PI_WARN,
		    "BPF program loaded, attached or detached: what the kernel reports may change",
		    EXPFILL } },
	};
	expert_module_t *expert = expert_register_protocol(proto_get_id_by_filter_name("podshark"));

	expert_register_field_array(expert, ei, array_length(ei));
}

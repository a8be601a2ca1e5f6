/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "syscall_probe.h"

#include <bpf/bpf.h>
#include <glib.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#include "io_uring_ops.h"
#include "native_abis.h"
#include "podshark.skel.h"
#include "ring_reader.h"
#include "syscall_table.h"
#include "tracefs.h"

/* With --per-syscall-hooks, at most this many selected calls get hooks of
 * their own (syscalls:sys_enter_X and sys_exit_X): a call not hooked then runs
 * no BPF at all.  Beyond it, the two raw hooks that see every call are the
 * better deal.  Not the default: those tracepoints never fire for 32-bit calls,
 * which a 64-bit process can make too (int 0x80) to slip past the capture. */
#define MAX_PER_SYSCALL 16

/* How the probe is attached, tried in this order. */
enum attachment {
	ATTACH_PER_SYSCALL, /* the selected calls' own tracepoints; tp_btf for the other hooks */
	ATTACH_TP_BTF,      /* tp_btf on raw_syscalls */
	ATTACH_RAW,         /* raw_tracepoint on raw_syscalls (kernels without tp_btf) */
};

struct syscall_probe {
	struct podshark_bpf *skel;
	struct ring_reader *ring;
	syscall_probe_record_fn fn;
	void *ctx;
	char attach_kind[64];
	enum attachment how;
	int ncpus;
	/* ATTACH_PER_SYSCALL: the hooked calls' tracepoint names, and their links
	 * (exits, then entries) */
	const char *hooked[MAX_PER_SYSCALL];
	size_t n_hooked;
	struct bpf_link *per_syscall_links[2 * MAX_PER_SYSCALL];
	size_t n_links;
	/* io_uring requests are recorded (tp_btf and the kernel's io_uring
	 * tracepoints); else why not */
	bool uring;
	char uring_unseen[160];
};

/* libbpf's last warning, so a failure can say why in one line. */
static char libbpf_last_warning[256];
static bool libbpf_verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	char line[sizeof(libbpf_last_warning)];
	size_t len;

	if (libbpf_verbose || level != LIBBPF_DEBUG) {
		va_list copy;

		va_copy(copy, args);
		if (libbpf_verbose)
			vfprintf(stderr, fmt, copy);
		va_end(copy);
	}
	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, args);
	len = strlen(line);
	while (len && (line[len - 1] == '\n' || line[len - 1] == ' '))
		line[--len] = '\0';
	if (len)
		memcpy(libbpf_last_warning, line, len + 1);
	return 0;
}

static bool has_cap(cap_t caps, cap_value_t cap)
{
	cap_flag_value_t v = CAP_CLEAR;

	return cap_get_flag(caps, cap, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET;
}

static int check_privileges(char *err, size_t errlen)
{
	cap_t caps = cap_get_proc();
	bool ok;

	if (!caps) {
		snprintf(err, errlen, "cannot read own capabilities: %s", strerror(errno));
		return -errno;
	}
	ok = has_cap(caps, CAP_SYS_ADMIN) || (has_cap(caps, CAP_BPF) && has_cap(caps, CAP_PERFMON));
	cap_free(caps);
	if (!ok) {
		snprintf(err, errlen,
			 "needs root, or the capabilities CAP_BPF and CAP_PERFMON "
			 "(docs/SECURITY.md says how to run without root)");
		return -EPERM;
	}
	return 0;
}

static int check_kernel(char *err, size_t errlen)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		snprintf(err, errlen,
			 "this kernel has no BTF (/sys/kernel/btf/vmlinux): "
			 "a kernel built with CONFIG_DEBUG_INFO_BTF=y is needed");
		return -ENOTSUP;
	}
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) <= 0) {
		snprintf(err, errlen, "this kernel has no BPF ring buffer (Linux 5.8 or later is needed)");
		return -ENOTSUP;
	}
	return 0;
}

/* A record from the ring; a batch of syscall records is handed on one
 * record at a time (all of them: the batch has left the ring). */
static int on_ring_record(void *ctx, const void *data, size_t size)
{
	const struct podshark_syscall_batch *batch = data;
	struct syscall_probe *p = ctx;
	int rc = 0;

	if (size < offsetof(struct podshark_syscall_batch, recs) ||
	    batch->hdr.type != PODSHARK_PROBE_SYSCALL_BATCH)
		return p->fn(p->ctx, data, size);
	for (__u32 i = 0; i < batch->count && i < PODSHARK_BATCH_RECORDS &&
			  offsetof(struct podshark_syscall_batch, recs) +
					  (i + 1) * sizeof(batch->recs[0]) <= size;
	     i++) {
		int r = p->fn(p->ctx, &batch->recs[i], sizeof(batch->recs[i]));

		if (r < 0)
			rc = r;
	}
	return rc;
}

/* Whether this kernel lets the probe see io_uring requests: the tracepoints
 * and the request's type in its BTF.  If not, says why in why. */
static bool uring_supported(char *why, size_t whylen)
{
	static const char *const needed[][2] = {
		{ "btf_trace_io_uring_submit_req", "the io_uring_submit_req tracepoint" },
		{ "btf_trace_io_uring_complete", "the io_uring_complete tracepoint" },
		{ "btf_trace_io_uring_req_failed", "the io_uring_req_failed tracepoint" },
		{ "io_kiocb", "the io_uring request type in its BTF" },
	};
	struct btf *vmlinux = btf__load_vmlinux_btf();
	bool ok = vmlinux != NULL;

	for (size_t i = 0; ok && i < sizeof(needed) / sizeof(needed[0]); i++) {
		if (btf__find_by_name(vmlinux, needed[i][0]) < 0) {
			snprintf(why, whylen, "this kernel lacks %s", needed[i][1]);
			ok = false;
		}
	}
	if (!vmlinux)
		snprintf(why, whylen, "this kernel's BTF cannot be read");
	btf__free(vmlinux);
	return ok;
}

/* The number of the call each io_uring operation stands for (record/io_uring_ops.c),
 * without and with a file offset. */
static void set_uring_numbers(struct podshark_bpf *skel)
{
	unsigned arch = native_abis[0].arch;

	for (unsigned op = 0; op < PODSHARK_URING_OPS; op++) {
		const struct podshark_uring_op *o = podshark_uring_op(op);
		int plain = o && o->call ? podshark_syscall_nr(arch, o->call) : -1;
		int positioned = o && o->positioned ? podshark_syscall_nr(arch, o->positioned) : plain;

		skel->rodata->uring_op_nr[2 * op] = plain >= 0 ? (__u32)plain : PODSHARK_NR_NONE;
		skel->rodata->uring_op_nr[2 * op + 1] =
			positioned >= 0 ? (__u32)positioned : PODSHARK_NR_NONE;
	}
}

/* exit and exit_group never return: the probe records them at entry */
static void set_exit_numbers(struct podshark_bpf *skel)
{
	for (size_t a = 0; a < N_NATIVE_ABIS; a++) {
		bool compat = native_abis[a].base != 0;
		int n;

		if ((n = podshark_syscall_nr(native_abis[a].arch, "exit")) >= 0)
			*(compat ? &skel->rodata->nr_exit_compat : &skel->rodata->nr_exit) = n;
		if ((n = podshark_syscall_nr(native_abis[a].arch, "exit_group")) >= 0)
			*(compat ? &skel->rodata->nr_exit_group_compat :
				   &skel->rodata->nr_exit_group) = n;
	}
}

/* The programs, each as a tp_btf and a raw_tracepoint variant, in the order
 * they are attached: exits before entries, so that a call is remembered only
 * once its exit will be seen. */
struct program_pair {
	struct bpf_program *btf, *raw;
	struct bpf_link **btf_link, **raw_link;
};

#define PAIR(name)                                                                   \
	(struct program_pair)                                                        \
	{                                                                            \
		skel->progs.btf_##name, skel->progs.raw_##name, &skel->links.btf_##name, \
			&skel->links.raw_##name                                      \
	}
#define N_PROGRAMS 8

static struct program_pair program_pair(struct podshark_bpf *skel, size_t i)
{
	switch (i) {
	case 0:
		return PAIR(sys_exit);
	case 1:
		return PAIR(task_exit);
	case 2:
		return PAIR(proc_fork);
	case 3:
		return PAIR(proc_exec);
	case 4:
		return PAIR(sock_state);
	case 5: /* the thread entries' names and cgroups are kept up to date from the start */
		return PAIR(task_rename);
	case 6:
		return PAIR(cgroup_attach);
	default:
		return PAIR(sys_enter);
	}
}

/* The raw_syscalls pairs, which ATTACH_PER_SYSCALL replaces. */
static bool is_raw_syscalls_pair(size_t i)
{
	return i == 0 || i == N_PROGRAMS - 1;
}

/* Opens and loads the skeleton for one attachment. */
static struct podshark_bpf *load(const struct syscall_probe_settings *s, enum attachment how,
				 bool uring, int *errp)
{
	struct podshark_bpf *skel = podshark_bpf__open();
	bool use_tp_btf = how != ATTACH_RAW;
	int err;

	if (!skel) {
		*errp = -errno;
		return NULL;
	}
	for (size_t i = 0; i < N_PROGRAMS; i++) {
		struct program_pair pp = program_pair(skel, i);
		bool on = how != ATTACH_PER_SYSCALL || !is_raw_syscalls_pair(i);

		bpf_program__set_autoload(pp.btf, on && use_tp_btf);
		bpf_program__set_autoload(pp.raw, on && !use_tp_btf);
	}
	bpf_program__set_autoload(skel->progs.tp_sys_enter, how == ATTACH_PER_SYSCALL);
	bpf_program__set_autoload(skel->progs.tp_sys_exit, how == ATTACH_PER_SYSCALL);
	/* the threads' entries: task storage with BTF, else the hash (which would
	 * preallocate all its entries for nothing) */
	bpf_program__set_autoload(skel->progs.unfinished_calls, use_tp_btf);
	/* io_uring requests: tp_btf only (they keep the thread's identity in its
	 * task storage) */
	bpf_program__set_autoload(skel->progs.btf_uring_submit, uring);
	bpf_program__set_autoload(skel->progs.btf_uring_complete, uring);
	bpf_program__set_autoload(skel->progs.btf_uring_failed, uring);
	if (!uring)
		bpf_map__set_max_entries(skel->maps.uring_requests, 1);
	if (use_tp_btf)
		bpf_map__set_max_entries(skel->maps.pending, 1);
	else
		bpf_map__set_autocreate(skel->maps.thread_calls, false);

	skel->rodata->select_syscalls = s->selected != NULL;
	skel->rodata->select_by_pid = s->selected_pids != NULL;
	skel->rodata->select_by_comm = s->selected_comms != NULL;
	skel->rodata->select_by_cgroup = s->select_cgroups;
	skel->rodata->sample_one_in = s->sample_one_in;
	skel->rodata->sample_above = s->ring_bytes / 2;
	skel->rodata->wakeup_bytes = s->ring_bytes / 4;
	skel->rodata->string_max = s->string_max;
	skel->rodata->payload_snaplen = s->payload_snaplen;
	set_exit_numbers(skel);
	set_uring_numbers(skel);
	for (size_t i = 0; i < s->n_excluded && i < PODSHARK_MAX_EXCLUDED; i++)
		skel->rodata->excluded_tgids[i] = (__u32)s->excluded_tgids[i];
	skel->rodata->n_excluded = s->n_excluded < PODSHARK_MAX_EXCLUDED ? (__u32)s->n_excluded :
									  PODSHARK_MAX_EXCLUDED;
	bpf_map__set_max_entries(skel->maps.events, s->ring_bytes);

	err = podshark_bpf__load(skel);
	if (err) {
		podshark_bpf__destroy(skel);
		*errp = err;
		return NULL;
	}
	return skel;
}

static int configure_maps(struct syscall_probe *p, const struct syscall_probe_settings *s)
{
	int fd;
	__u8 on = 1;

	for (size_t i = 0; s->selected_pids && i < s->n_selected_pids; i++) {
		__u32 tgid = (__u32)s->selected_pids[i];

		if (bpf_map_update_elem(bpf_map__fd(p->skel->maps.selected_tgids), &tgid, &on,
					BPF_ANY))
			return -errno;
	}
	for (char *const *name = s->selected_comms; name && *name; name++) {
		char comm[PODSHARK_COMM_LEN] = { 0 };

		/* the kernel's comm: at most 15 characters and a NUL */
		strncpy(comm, *name, sizeof(comm) - 1);
		if (bpf_map_update_elem(bpf_map__fd(p->skel->maps.selected_comms), comm, &on,
					BPF_ANY))
			return -errno;
	}
	if (s->plans) {
		fd = bpf_map__fd(p->skel->maps.arg_plans);
		for (__u32 slot = 0; slot < PODSHARK_SELECT_SLOTS; slot++) {
			if (!s->plans[slot].at_entry && !s->plans[slot].at_exit &&
			    !s->plans[slot].changes_identity)
				continue;
			if (bpf_map_update_elem(fd, &slot, &s->plans[slot], BPF_ANY))
				return -errno;
		}
	}
	if (!s->selected)
		return 0;
	fd = bpf_map__fd(p->skel->maps.selected_syscalls);
	for (__u32 slot = 0; slot < PODSHARK_SELECT_SLOTS; slot++) {
		if (!s->selected[slot])
			continue;
		if (bpf_map_update_elem(fd, &slot, &on, BPF_ANY))
			return -errno;
	}
	return 0;
}

static int attach_per_syscall(struct syscall_probe *p, struct bpf_program *prog,
			      const char *prefix)
{
	for (size_t i = 0; i < p->n_hooked; i++) {
		char name[96];
		struct bpf_link *link;

		snprintf(name, sizeof(name), "%s%s", prefix, p->hooked[i]);
		link = bpf_program__attach_tracepoint(prog, "syscalls", name);
		if (!link)
			return -errno;
		p->per_syscall_links[p->n_links++] = link;
	}
	return 0;
}

static int attach(struct syscall_probe *p, enum attachment how)
{
	struct podshark_bpf *skel = p->skel;
	bool tp_btf = how != ATTACH_RAW;
	int rc;

	for (size_t i = 0; i < N_PROGRAMS; i++) {
		struct program_pair pp = program_pair(skel, i);
		struct bpf_link **link = tp_btf ? pp.btf_link : pp.raw_link;

		if (how == ATTACH_PER_SYSCALL && i == N_PROGRAMS - 1) {
			/* exits before entries, as below */
			rc = attach_per_syscall(p, skel->progs.tp_sys_exit, "sys_exit_");
			if (!rc)
				rc = attach_per_syscall(p, skel->progs.tp_sys_enter, "sys_enter_");
			if (rc)
				return rc;
		}
		if (how == ATTACH_PER_SYSCALL && is_raw_syscalls_pair(i))
			continue;
		*link = bpf_program__attach(tp_btf ? pp.btf : pp.raw);
		if (!*link)
			return -errno;
	}
	if (!p->uring)
		return 0;
	/* completions first, as exits before entries */
	skel->links.btf_uring_complete = bpf_program__attach(skel->progs.btf_uring_complete);
	if (!skel->links.btf_uring_complete)
		return -errno;
	skel->links.btf_uring_failed = bpf_program__attach(skel->progs.btf_uring_failed);
	if (!skel->links.btf_uring_failed)
		return -errno;
	skel->links.btf_uring_submit = bpf_program__attach(skel->progs.btf_uring_submit);
	if (!skel->links.btf_uring_submit)
		return -errno;
	return 0;
}

static void detach_per_syscall(struct syscall_probe *p)
{
	for (size_t i = 0; i < p->n_links; i++)
		bpf_link__destroy(p->per_syscall_links[i]);
	p->n_links = 0;
}

/* The name of a call's tracepoints: its kernel function's (SYSCALL_DEFINE),
 * which for a few calls differs from the call's name.  The new* functions are
 * tried first: a kernel that also builds the old call under the plain name
 * (32-bit ones) has tracepoints by that name that native calls never fire. */
static const char *tracepoint_name(const char *call)
{
	static const char *const renamed[][2] = {
		{ "stat", "newstat" },       { "fstat", "newfstat" },   { "lstat", "newlstat" },
		{ "uname", "newuname" },     { "umount2", "umount" },   { "sendfile", "sendfile64" },
	};

	for (size_t i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++)
		if (strcmp(call, renamed[i][0]) == 0)
			return renamed[i][1];
	return call;
}

static bool syscall_has_tracepoints(const char *name)
{
	char path[192], event[96];

	for (int exit = 0; exit < 2; exit++) {
		snprintf(event, sizeof(event), "%s%s", exit ? "sys_exit_" : "sys_enter_", name);
		tracefs_event_dir("syscalls", event, path, sizeof(path));
		if (access(path, F_OK))
			return false;
	}
	return true;
}

/* Whether the selected calls can be hooked one by one: few enough, each with
 * tracepoints of its own (a few calls have none, and some are named differently
 * there).  Fills p->hooked.  Returns 1 to hook them one by one, 0 to hook every
 * call (said on stderr when --per-syscall-hooks asked otherwise), or -errno
 * with err set when the calls' tracepoints cannot be reached at all. */
static int choose_per_syscall(struct syscall_probe *p, const struct syscall_probe_settings *s,
			      char *err, size_t errlen)
{
	unsigned arch = native_abis[0].arch, count = podshark_syscall_count(arch);
	const struct podshark_syscall_info *unhooked = NULL;
	size_t n_selected = 0;
	char reason[192];
	bool mounted;
	int rc;

	p->n_hooked = 0;
	if (!s->selected || !s->per_syscall_hooks)
		return 0;
	for (unsigned nr = 0; nr < count && native_abis[0].base + nr < PODSHARK_SELECT_SLOTS; nr++)
		n_selected += s->selected[native_abis[0].base + nr];
	if (n_selected > MAX_PER_SYSCALL) {
		fprintf(stderr, "podshark: --per-syscall-hooks: %zu calls selected, more than %d: "
				"hooking every call instead\n", n_selected, MAX_PER_SYSCALL);
		return 0;
	}
	rc = tracefs_ensure_mounted(&mounted, reason, sizeof(reason));
	if (rc) {
		snprintf(err, errlen, "--per-syscall-hooks: %s", reason);
		return rc;
	}
	if (mounted)
		fprintf(stderr, "podshark: mounted tracefs at %s (for --per-syscall-hooks)\n",
			TRACEFS_DIR);
	for (unsigned nr = 0; nr < count && native_abis[0].base + nr < PODSHARK_SELECT_SLOTS; nr++) {
		const struct podshark_syscall_info *info;

		if (!s->selected[native_abis[0].base + nr])
			continue;
		info = podshark_syscall_lookup(arch, nr);
		if (info && syscall_has_tracepoints(tracepoint_name(info->name))) {
			p->hooked[p->n_hooked++] = tracepoint_name(info->name);
		} else {
			unhooked = info;
			break;
		}
	}
	if (unhooked || !p->n_hooked) {
		fprintf(stderr, "podshark: --per-syscall-hooks: %s%s: hooking every call instead\n",
			unhooked ? unhooked->name : "no 64-bit call selected",
			unhooked ? " has no tracepoints of its own" : "");
		p->n_hooked = 0;
		return 0;
	}
	return 1;
}

static void describe_attachment(struct syscall_probe *p, enum attachment how)
{
	if (how == ATTACH_PER_SYSCALL)
		snprintf(p->attach_kind, sizeof(p->attach_kind), "syscall tracepoints of %zu calls",
			 p->n_hooked);
	else
		snprintf(p->attach_kind, sizeof(p->attach_kind), "%s",
			 how == ATTACH_TP_BTF ? "tp_btf" : "raw_tracepoint");
}

/* Loads, configures and attaches one way; undoes it all on failure. */
static int start_with(struct syscall_probe *p, const struct syscall_probe_settings *s,
		      enum attachment how, char *err, size_t errlen)
{
	int rc;

	describe_attachment(p, how);
	p->how = how;
	p->uring = how != ATTACH_RAW && uring_supported(p->uring_unseen, sizeof(p->uring_unseen));
	if (how == ATTACH_RAW)
		snprintf(p->uring_unseen, sizeof(p->uring_unseen),
			 "the probe is attached without tp_btf");
	libbpf_last_warning[0] = '\0';
	p->skel = load(s, how, p->uring, &rc);
	if (!p->skel) {
		snprintf(err, errlen, "failed to load the probe: %s%s%s", strerror(-rc),
			 libbpf_last_warning[0] ? ": " : "", libbpf_last_warning);
		return rc;
	}
	rc = configure_maps(p, s);
	if (rc) {
		snprintf(err, errlen, "failed to configure the probe: %s", strerror(-rc));
		goto fail;
	}
	p->ring = ring_reader_new(bpf_map__fd(p->skel->maps.events), on_ring_record, p);
	if (!p->ring) {
		rc = -errno;
		snprintf(err, errlen, "failed to open the ring buffer: %s", strerror(errno));
		goto fail;
	}
	rc = attach(p, how);
	if (rc) {
		snprintf(err, errlen, "failed to attach the probe (%s): %s%s%s", p->attach_kind,
			 strerror(-rc), libbpf_last_warning[0] ? ": " : "", libbpf_last_warning);
		goto fail;
	}
	return 0;
fail:
	detach_per_syscall(p);
	ring_reader_free(p->ring);
	p->ring = NULL;
	podshark_bpf__destroy(p->skel);
	p->skel = NULL;
	return rc;
}

struct syscall_probe *syscall_probe_start(const struct syscall_probe_settings *s,
					  syscall_probe_record_fn fn, void *ctx, char *err,
					  size_t errlen)
{
	struct syscall_probe *p;
	enum attachment order[3];
	size_t n = 0;
	int rc;

	libbpf_verbose = s->verbose;
	libbpf_set_print(libbpf_print);
	if (check_privileges(err, errlen) || check_kernel(err, errlen))
		return NULL;

	p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->fn = fn;
	p->ctx = ctx;
	p->ncpus = libbpf_num_possible_cpus();

	/* The selected calls' own tracepoints when they are few; else tp_btf
	 * where the kernel has it; the classic raw tracepoint otherwise.  A way
	 * that fails gives way to the next (PODSHARK_ATTACH=raw_tracepoint starts
	 * at the last, to test the fallback). */
	if (!g_strcmp0(getenv("PODSHARK_ATTACH"), "raw_tracepoint")) {
		order[n++] = ATTACH_RAW;
	} else {
		rc = choose_per_syscall(p, s, err, errlen);
		if (rc < 0) {
			syscall_probe_free(p);
			return NULL;
		}
		if (rc)
			order[n++] = ATTACH_PER_SYSCALL;
		order[n++] = ATTACH_TP_BTF;
		order[n++] = ATTACH_RAW;
	}
	rc = -ENOTSUP;
	for (size_t i = 0; i < n && rc; i++) {
		rc = start_with(p, s, order[i], err, errlen);
		/* the user asked for per-syscall hooks: say so when they fail */
		if (rc && i + 1 < n && (s->verbose || order[i] == ATTACH_PER_SYSCALL))
			fprintf(stderr, "podshark: %s; trying the next way\n", err);
	}
	if (rc) {
		syscall_probe_free(p);
		return NULL;
	}
	return p;
}

const char *syscall_probe_attach_kind(const struct syscall_probe *p)
{
	return p->attach_kind;
}

const char *syscall_probe_uring_unseen(const struct syscall_probe *p)
{
	return p->uring ? NULL : p->uring_unseen;
}

int syscall_probe_fd(const struct syscall_probe *p)
{
	return ring_reader_fd(p->ring);
}

/* Sends each CPU's batch that is not full yet into the ring, so that a CPU
 * making few calls does not hold its records back.  A batch a program is
 * adding to is left for the next time; at the end (all), waited for.
 * Returns 0 or the first -errno (records would stay behind: never silent). */
static int flush_batches(const struct syscall_probe *p, bool all)
{
	int fd = bpf_program__fd(p->skel->progs.flush_batch), rc = 0;

	for (int cpu = 0; cpu < p->ncpus; cpu++) {
		for (int tries = 0; tries < (all ? 100 : 1); tries++) {
			LIBBPF_OPTS(bpf_test_run_opts, opts, .flags = BPF_F_TEST_RUN_ON_CPU,
				    .cpu = (__u32)cpu);
			int err = bpf_prog_test_run_opts(fd, &opts) ? -errno : 0;

			/* an offline CPU (ENXIO) runs no program: it holds nothing */
			if (err && err != -ENXIO && !rc)
				rc = err;
			if (err || opts.retval != PODSHARK_FLUSH_BUSY)
				break;
			usleep(1000);
		}
	}
	return rc;
}

int syscall_probe_consume(struct syscall_probe *p)
{
	int rc = flush_batches(p, false), n = ring_reader_consume(p->ring);

	return rc ? rc : n;
}

int syscall_probe_stop(struct syscall_probe *p)
{
	detach_per_syscall(p);
	podshark_bpf__detach(p->skel);
	flush_batches(p, true);
	return ring_reader_consume(p->ring);
}

static void read_task_comm(__u32 pid, __u32 tid, char *comm)
{
	char path[64], name[PODSHARK_COMM_LEN + 2] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/task/%u/comm", pid, tid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(name, sizeof(name), f)) {
		name[strcspn(name, "\n")] = '\0';
		/* NUL-padded, as the kernel's */
		memcpy(comm, name, strnlen(name, PODSHARK_COMM_LEN));
	}
	fclose(f);
}

/* Hands one entry still in a call to the record callback, as unfinished. */
static int report_unfinished(struct syscall_probe *p, struct podshark_pending_call *call,
			     uint64_t now_mono_ns)
{
	call->rec.flags |= PODSHARK_SC_UNFINISHED;
	/* the probe takes the name at the thread's first exit, which this call
	 * has not reached */
	if (!call->comm_valid)
		read_task_comm(call->rec.pid, call->rec.tid, call->rec.comm);
	call->rec.latency_ns = now_mono_ns > call->rec.entry_ns ? now_mono_ns - call->rec.entry_ns :
								   0;
	return p->fn(p->ctx, &call->rec, sizeof(call->rec)) == 0;
}

/* The threads' entries in task storage are reached through the probe's task
 * iterator, which writes the active ones. */
static int unfinished_from_iterator(struct syscall_probe *p, uint64_t now_mono_ns)
{
	struct bpf_link *link = bpf_program__attach_iter(p->skel->progs.unfinished_calls, NULL);
	GByteArray *calls = g_byte_array_new();
	unsigned char chunk[16384];
	ssize_t got;
	int fd, n = 0;

	if (!link) {
		g_byte_array_free(calls, TRUE);
		return -errno;
	}
	fd = bpf_iter_create(bpf_link__fd(link));
	while (fd >= 0 && (got = read(fd, chunk, sizeof(chunk))) > 0)
		g_byte_array_append(calls, chunk, (guint)got);
	if (fd >= 0)
		close(fd);
	bpf_link__destroy(link);
	for (size_t off = 0; off + sizeof(struct podshark_pending_call) <= calls->len;
	     off += sizeof(struct podshark_pending_call)) {
		struct podshark_pending_call call;

		memcpy(&call, calls->data + off, sizeof(call));
		n += report_unfinished(p, &call, now_mono_ns);
	}
	g_byte_array_free(calls, TRUE);
	return n;
}

/* io_uring requests submitted and not completed. */
static int unfinished_requests(struct syscall_probe *p, uint64_t now_mono_ns)
{
	int fd = bpf_map__fd(p->skel->maps.uring_requests);
	struct podshark_pending_call call;
	__u64 key, next, *prev = NULL;
	int n = 0;

	while (p->uring && bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &call) == 0)
			n += report_unfinished(p, &call, now_mono_ns);
	}
	return n;
}

int syscall_probe_unfinished(struct syscall_probe *p, uint64_t now_mono_ns)
{
	int fd = bpf_map__fd(p->skel->maps.pending);
	struct podshark_pending_call call;
	__u32 key, next, *prev = NULL;
	int n = unfinished_requests(p, now_mono_ns);

	if (p->how != ATTACH_RAW)
		return n + unfinished_from_iterator(p, now_mono_ns);
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &call) || !call.active)
			continue;
		n += report_unfinished(p, &call, now_mono_ns);
	}
	return n;
}

int syscall_probe_select_cgroup(struct syscall_probe *p, uint64_t cgroup_id)
{
	__u8 on = 1;

	if (bpf_map_update_elem(bpf_map__fd(p->skel->maps.selected_cgroups), &cgroup_id, &on,
				BPF_ANY))
		return -errno;
	return 0;
}

int syscall_probe_stats(struct syscall_probe *p, struct podshark_probe_stats *out)
{
	struct podshark_probe_stats *percpu = calloc(p->ncpus, sizeof(*percpu));
	__u32 zero = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!percpu)
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(p->skel->maps.stats), &zero, percpu)) {
		rc = -errno;
		goto out;
	}
	for (int cpu = 0; cpu < p->ncpus; cpu++) {
		out->selected += percpu[cpu].selected;
		out->ring_full += percpu[cpu].ring_full;
		out->pending_full += percpu[cpu].pending_full;
		out->exit_lost += percpu[cpu].exit_lost;
		out->entry_lost += percpu[cpu].entry_lost;
		out->args_lost += percpu[cpu].args_lost;
		out->sampled_out += percpu[cpu].sampled_out;
	}
out:
	free(percpu);
	return rc;
}

void syscall_probe_free(struct syscall_probe *p)
{
	if (!p)
		return;
	detach_per_syscall(p);
	ring_reader_free(p->ring);
	podshark_bpf__destroy(p->skel);
	free(p);
}

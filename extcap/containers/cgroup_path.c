/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cgroup path layouts, as the kubelet and the runtimes write them:
 *
 *   systemd driver   /kubepods.slice/kubepods-burstable.slice/
 *                      kubepods-burstable-pod<UID, '-' as '_'>.slice/cri-containerd-<id>.scope
 *                    Guaranteed QoS: kubepods-pod<UID>.slice directly under kubepods.slice
 *   cgroupfs driver  /kubepods/burstable/pod<UID>/<id>, Guaranteed: /kubepods/pod<UID>/<id>
 *   runc, not in systemd mode, given a systemd-style cgroupsPath: one directory named
 *                    "<pod slice>:cri-containerd:<id>"
 *   CRI-O            crio-<id>.scope (crio-<id> under cgroupfs); crio-conmon-<id>.scope is
 *                    the monitor process, not the container
 *   podman           libpod-<id>.scope, /libpod_parent/libpod-<id>; libpod-conmon-<id>.scope
 *   docker           docker-<id>.scope, /docker/<id>
 *   nerdctl          nerdctl-<id>.scope
 *   containerd       /<namespace>/<id> (ctr run without --cgroup, checked with
 *                    containerd 1.6.20 and runc 1.1.5: "/default/<id>", "/k8s.io/<id>")
 */
#include "cgroup_path.h"

#include <string.h>

/* Runtime markers in front of a container id: "<prefix><id>[.scope]" or, as a
 * systemd cgroupsPath that runc made into one directory, "<slice>:<name>:<id>". */
static const struct {
	const char *prefix;
	const char *colon_name;
	enum container_runtime runtime;
} runtime_markers[] = {
	{ "cri-containerd-", "cri-containerd", CONTAINER_RUNTIME_CONTAINERD },
	{ "crio-", "crio", CONTAINER_RUNTIME_CRIO },
	{ "docker-", "docker", CONTAINER_RUNTIME_DOCKER },
	{ "libpod-", "libpod", CONTAINER_RUNTIME_PODMAN },
	{ "nerdctl-", "nerdctl", CONTAINER_RUNTIME_NERDCTL },
};

/* Scopes of conmon, the monitor that CRI-O and podman run beside each container. */
static const char *const conmon_prefixes[] = { "crio-conmon-", "libpod-conmon-" };

struct part {
	const char *s;
	size_t len;
};

static bool part_is(struct part p, const char *word)
{
	return p.len == strlen(word) && memcmp(p.s, word, p.len) == 0;
}

static bool part_has_prefix(struct part p, const char *prefix)
{
	size_t n = strlen(prefix);

	return p.len >= n && memcmp(p.s, prefix, n) == 0;
}

static bool part_strip_suffix(struct part *p, const char *suffix)
{
	size_t n = strlen(suffix);

	if (p->len < n || memcmp(p->s + p->len - n, suffix, n) != 0)
		return false;
	p->len -= n;
	return true;
}

static bool is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static bool is_container_id(struct part p)
{
	if (p.len != CONTAINER_ID_LEN)
		return false;
	for (size_t i = 0; i < p.len; i++)
		if (!is_lower_hex(p.s[i]))
			return false;
	return true;
}

/* containerd's namespace rule: ^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$ */
static bool is_containerd_namespace(struct part p)
{
	bool after_separator = true;

	if (p.len == 0)
		return false;
	for (size_t i = 0; i < p.len; i++) {
		char c = p.s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');

		if (alnum) {
			after_separator = false;
		} else if (c == '.' || c == '_' || c == '-') {
			if (after_separator)
				return false;
			after_separator = true;
		} else {
			return false;
		}
	}
	return !after_separator;
}

/*
 * Copies a pod UID into out, turning the systemd driver's '_' back into '-'
 * (underscore_to_dash), and checks its shape: 8-4-4-4-12 lowercase hex, or the
 * 32 hex of a static pod's UID (a hash of the manifest, without dashes).
 */
static bool take_pod_uid(struct part p, bool underscore_to_dash, char out[POD_UID_MAX_LEN + 1])
{
	char sep = underscore_to_dash ? '_' : '-';

	if (p.len == 32) {
		for (size_t i = 0; i < p.len; i++)
			if (!is_lower_hex(p.s[i]))
				return false;
	} else if (p.len == 36) {
		for (size_t i = 0; i < p.len; i++) {
			bool dash_place = i == 8 || i == 13 || i == 18 || i == 23;

			if (dash_place ? p.s[i] != sep : !is_lower_hex(p.s[i]))
				return false;
		}
	} else {
		return false;
	}
	for (size_t i = 0; i < p.len; i++)
		out[i] = p.s[i] == '_' ? '-' : p.s[i];
	out[p.len] = '\0';
	return true;
}

/*
 * The systemd driver's pod slice: "[<root>-]kubepods-[<qos>-]pod<UID>.slice".  The
 * slice name repeats its parents' names, so a kubelet --cgroup-root shows as a
 * prefix ("kubelet-kubepods-besteffort-pod...slice").
 */
static bool match_systemd_pod(struct part p, struct cgroup_container_ref *ref)
{
	static const struct {
		const char *word;
		enum pod_qos qos;
	} levels[] = {
		{ "pod", POD_QOS_GUARANTEED },
		{ "burstable-pod", POD_QOS_BURSTABLE },
		{ "besteffort-pod", POD_QOS_BESTEFFORT },
	};
	const char *marker = "kubepods-";
	size_t marker_len = strlen(marker);
	struct part rest = { NULL, 0 };

	if (!part_strip_suffix(&p, ".slice"))
		return false;
	for (size_t i = 0; i + marker_len <= p.len; i++) {
		if ((i == 0 || p.s[i - 1] == '-') && memcmp(p.s + i, marker, marker_len) == 0) {
			rest.s = p.s + i + marker_len;
			rest.len = p.len - i - marker_len;
			break;
		}
	}
	for (size_t i = 0; rest.s && i < sizeof(levels) / sizeof(levels[0]); i++) {
		struct part uid;

		if (!part_has_prefix(rest, levels[i].word))
			continue;
		uid.s = rest.s + strlen(levels[i].word);
		uid.len = rest.len - strlen(levels[i].word);
		if (!take_pod_uid(uid, true, ref->pod_uid))
			return false;
		ref->qos = levels[i].qos;
		return true;
	}
	return false;
}

/* The cgroupfs driver's pod directory: ".../kubepods/[<qos>/]pod<UID>". */
static bool match_cgroupfs_pod(const struct part *parts, size_t index,
			       struct cgroup_container_ref *ref)
{
	struct part p = parts[index];
	enum pod_qos qos;

	if (!part_has_prefix(p, "pod") || index == 0)
		return false;
	if (part_is(parts[index - 1], "kubepods"))
		qos = POD_QOS_GUARANTEED;
	else if (index >= 2 && part_is(parts[index - 2], "kubepods") &&
		 part_is(parts[index - 1], "burstable"))
		qos = POD_QOS_BURSTABLE;
	else if (index >= 2 && part_is(parts[index - 2], "kubepods") &&
		 part_is(parts[index - 1], "besteffort"))
		qos = POD_QOS_BESTEFFORT;
	else
		return false;
	p.s += 3;
	p.len -= 3;
	if (!take_pod_uid(p, false, ref->pod_uid))
		return false;
	ref->qos = qos;
	return true;
}

/* A directory that runc made out of a systemd cgroupsPath "<slice>:<name>:<id>". */
static bool match_colon_triplet(struct part p, struct part *slice, struct part *name,
				struct part *id)
{
	const char *first = memchr(p.s, ':', p.len);
	const char *second;

	if (!first)
		return false;
	second = memchr(first + 1, ':', p.len - (size_t)(first + 1 - p.s));
	if (!second)
		return false;
	*slice = (struct part){ p.s, (size_t)(first - p.s) };
	*name = (struct part){ first + 1, (size_t)(second - first - 1) };
	*id = (struct part){ second + 1, p.len - (size_t)(second + 1 - p.s) };
	return true;
}

/* "<prefix><id>" or "<prefix><id>.scope", or the colon form. */
static enum container_runtime match_marked_container(struct part p, struct part *id)
{
	struct part slice, name;

	if (match_colon_triplet(p, &slice, &name, id)) {
		for (size_t i = 0; i < sizeof(runtime_markers) / sizeof(runtime_markers[0]); i++)
			if (part_is(name, runtime_markers[i].colon_name) && is_container_id(*id))
				return runtime_markers[i].runtime;
		return CONTAINER_RUNTIME_NONE;
	}
	part_strip_suffix(&p, ".scope");
	for (size_t i = 0; i < sizeof(runtime_markers) / sizeof(runtime_markers[0]); i++) {
		size_t n = strlen(runtime_markers[i].prefix);

		if (!part_has_prefix(p, runtime_markers[i].prefix))
			continue;
		*id = (struct part){ p.s + n, p.len - n };
		if (is_container_id(*id))
			return runtime_markers[i].runtime;
	}
	return CONTAINER_RUNTIME_NONE;
}

static bool is_conmon(struct part p)
{
	for (size_t i = 0; i < sizeof(conmon_prefixes) / sizeof(conmon_prefixes[0]); i++)
		if (part_has_prefix(p, conmon_prefixes[i]))
			return true;
	return false;
}

/*
 * A bare id has no runtime marker: it is a container only where a runtime puts
 * bare ids, i.e. under "docker", inside a pod directory, or as "/<ns>/<id>".
 */
static enum container_runtime match_bare_container(const struct part *parts, size_t n_parts,
						   size_t index, long pod_index)
{
	if (!is_container_id(parts[index]) || index == 0)
		return CONTAINER_RUNTIME_NONE;
	if (part_is(parts[index - 1], "docker"))
		return CONTAINER_RUNTIME_DOCKER;
	if (pod_index >= 0 && (long)index > pod_index)
		return CONTAINER_RUNTIME_UNKNOWN;
	if (n_parts == 2 && index == 1 && is_containerd_namespace(parts[0]) &&
	    !part_is(parts[0], "kubepods"))
		return CONTAINER_RUNTIME_CONTAINERD;
	return CONTAINER_RUNTIME_NONE;
}

/* Deeper paths than this are not written by any runtime; their outer parts are ignored. */
#define MAX_PARTS 64

static size_t split_path(const char *path, size_t len, struct part parts[MAX_PARTS])
{
	size_t n = 0, i = 0;

	while (i < len) {
		size_t start;

		while (i < len && path[i] == '/')
			i++;
		start = i;
		while (i < len && path[i] != '/')
			i++;
		if (i == start)
			break;
		if (n == MAX_PARTS) {
			/* keep the innermost parts: they name the container */
			memmove(parts, parts + 1, (MAX_PARTS - 1) * sizeof(parts[0]));
			n--;
		}
		parts[n++] = (struct part){ path + start, i - start };
	}
	return n;
}

static bool parse_path(const char *path, size_t len, struct cgroup_container_ref *ref)
{
	struct part parts[MAX_PARTS];
	size_t n_parts = split_path(path, len, parts);
	long pod_index = -1;

	memset(ref, 0, sizeof(*ref));

	/* The innermost pod directory names the pod. */
	for (size_t i = 0; i < n_parts; i++) {
		struct part slice = parts[i];
		const char *colon = memchr(slice.s, ':', slice.len);
		struct cgroup_container_ref pod = { 0 };

		if (colon)
			slice.len = (size_t)(colon - slice.s);
		if (match_systemd_pod(slice, &pod) || match_cgroupfs_pod(parts, i, &pod)) {
			memcpy(ref->pod_uid, pod.pod_uid, sizeof(ref->pod_uid));
			ref->qos = pod.qos;
			pod_index = (long)i;
		}
	}

	/* The innermost part that names a container names the container. */
	for (size_t i = n_parts; i-- > 0;) {
		enum container_runtime runtime;
		struct part id = parts[i];

		if (is_conmon(parts[i]))
			continue;
		runtime = match_marked_container(parts[i], &id);
		if (runtime == CONTAINER_RUNTIME_NONE)
			runtime = match_bare_container(parts, n_parts, i, pod_index);
		if (runtime == CONTAINER_RUNTIME_NONE)
			continue;
		ref->runtime = runtime;
		memcpy(ref->container_id, id.s, CONTAINER_ID_LEN);
		ref->container_id[CONTAINER_ID_LEN] = '\0';
		return true;
	}
	return false;
}

bool cgroup_path_parse(const char *path, struct cgroup_container_ref *ref)
{
	return parse_path(path, strlen(path), ref);
}

bool cgroup_proc_line_parse(const char *line, struct cgroup_container_ref *ref)
{
	const char *p = line, *path;
	size_t len;

	memset(ref, 0, sizeof(*ref));
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != ':')
		return false;
	path = strchr(p + 1, ':');
	if (!path)
		return false;
	path++;
	len = strcspn(path, "\n");
	return parse_path(path, len, ref);
}

const char *container_runtime_name(enum container_runtime runtime)
{
	switch (runtime) {
	case CONTAINER_RUNTIME_NONE:
		return "host";
	case CONTAINER_RUNTIME_CONTAINERD:
		return "containerd";
	case CONTAINER_RUNTIME_CRIO:
		return "cri-o";
	case CONTAINER_RUNTIME_DOCKER:
		return "docker";
	case CONTAINER_RUNTIME_PODMAN:
		return "podman";
	case CONTAINER_RUNTIME_NERDCTL:
		return "nerdctl";
	case CONTAINER_RUNTIME_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *pod_qos_name(enum pod_qos qos)
{
	switch (qos) {
	case POD_QOS_GUARANTEED:
		return "guaranteed";
	case POD_QOS_BURSTABLE:
		return "burstable";
	case POD_QOS_BESTEFFORT:
		return "besteffort";
	case POD_QOS_NONE:
		break;
	}
	return "";
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cgroup paths of every layout, as the kubelet, the runtimes and runc write
 * them.  The "real" rows were read from /proc/PID/cgroup of containers started
 * with containerd 1.6.20 + runc 1.1.5 on Debian 12; the rest follow the kubelet's
 * and the runtimes' naming code.
 */
#include <string.h>

#include <glib.h>

#include "cgroup_path.h"

/* Two container ids and two pod UIDs; "_" forms are the systemd driver's. */
#define ID "b3cc6f0813697b9cca1f29f2eb2a3041ece2d003aa6d4691ae0b88ae4850f16a"
#define ID2 "8e4623d97de251d89f7f54e181d3d2e188840a2817e9e76102ebac9bd0d3130a"
#define UID "0d7b3c5e-1a2b-4c3d-8e9f-001122334455"
#define UID_ "0d7b3c5e_1a2b_4c3d_8e9f_001122334455"
#define STATIC_UID "6d3c4e1f0a9b8c7d6e5f4a3b2c1d0e9f"
/* ID with its last character dropped, its first made non-hex, upper-cased */
#define ID_63 "b3cc6f0813697b9cca1f29f2eb2a3041ece2d003aa6d4691ae0b88ae4850f16"
#define ID_NON_HEX "g3cc6f0813697b9cca1f29f2eb2a3041ece2d003aa6d4691ae0b88ae4850f16a"
#define ID_UPPER "B3CC6F0813697B9CCA1F29F2EB2A3041ECE2D003AA6D4691AE0B88AE4850F16A"

struct path_case {
	const char *name;
	const char *path;
	enum container_runtime runtime; /* CONTAINER_RUNTIME_NONE: not a container */
	const char *id;
	const char *pod_uid;
	enum pod_qos qos;
};

static const struct path_case cases[] = {
	/* kubelet, systemd driver */
	{ "systemd/burstable/containerd",
	  "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	  ".slice/cri-containerd-" ID ".scope",
	  CONTAINER_RUNTIME_CONTAINERD, ID, UID, POD_QOS_BURSTABLE },
	{ "systemd/besteffort/containerd",
	  "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_
	  ".slice/cri-containerd-" ID ".scope",
	  CONTAINER_RUNTIME_CONTAINERD, ID, UID, POD_QOS_BESTEFFORT },
	{ "systemd/guaranteed/containerd",
	  "/kubepods.slice/kubepods-pod" UID_ ".slice/cri-containerd-" ID ".scope",
	  CONTAINER_RUNTIME_CONTAINERD, ID, UID, POD_QOS_GUARANTEED },
	{ "systemd/burstable/crio",
	  "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	  ".slice/crio-" ID ".scope",
	  CONTAINER_RUNTIME_CRIO, ID, UID, POD_QOS_BURSTABLE },
	{ "systemd/relative-no-leading-slash",
	  "kubepods.slice/kubepods-pod" UID_ ".slice/crio-" ID ".scope",
	  CONTAINER_RUNTIME_CRIO, ID, UID, POD_QOS_GUARANTEED },
	{ "systemd/static-pod",
	  "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" STATIC_UID
	  ".slice/cri-containerd-" ID ".scope",
	  CONTAINER_RUNTIME_CONTAINERD, ID, STATIC_UID, POD_QOS_BESTEFFORT },
	{ "systemd/cgroup-root-kind",
	  "/system.slice/docker-" ID2 ".scope/kubelet.slice/kubelet-kubepods.slice/"
	  "kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod" UID_
	  ".slice/cri-containerd-" ID ".scope",
	  CONTAINER_RUNTIME_CONTAINERD, ID, UID, POD_QOS_BESTEFFORT },
	{ "systemd/systemd-inside-container",
	  "/kubepods.slice/kubepods-pod" UID_ ".slice/cri-containerd-" ID ".scope/init.scope",
	  CONTAINER_RUNTIME_CONTAINERD, ID, UID, POD_QOS_GUARANTEED },
	/* real: runc not in systemd mode given "<slice>:cri-containerd:<id>" */
	{ "systemd/colon-triplet-real",
	  "/kubepods-besteffort-pod" UID_ ".slice:cri-containerd:" ID2,
	  CONTAINER_RUNTIME_CONTAINERD, ID2, UID, POD_QOS_BESTEFFORT },
	{ "systemd/colon-triplet-crio",
	  "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	  ".slice:crio:" ID,
	  CONTAINER_RUNTIME_CRIO, ID, UID, POD_QOS_BURSTABLE },
	/* kubelet, cgroupfs driver */
	{ "cgroupfs/besteffort-real", "/kubepods/besteffort/pod" UID "/" ID,
	  CONTAINER_RUNTIME_UNKNOWN, ID, UID, POD_QOS_BESTEFFORT },
	{ "cgroupfs/burstable", "/kubepods/burstable/pod" UID "/" ID,
	  CONTAINER_RUNTIME_UNKNOWN, ID, UID, POD_QOS_BURSTABLE },
	{ "cgroupfs/guaranteed", "/kubepods/pod" UID "/" ID,
	  CONTAINER_RUNTIME_UNKNOWN, ID, UID, POD_QOS_GUARANTEED },
	{ "cgroupfs/static-pod", "/kubepods/burstable/pod" STATIC_UID "/" ID,
	  CONTAINER_RUNTIME_UNKNOWN, ID, STATIC_UID, POD_QOS_BURSTABLE },
	{ "cgroupfs/crio", "/kubepods/besteffort/pod" UID "/crio-" ID,
	  CONTAINER_RUNTIME_CRIO, ID, UID, POD_QOS_BESTEFFORT },
	{ "cgroupfs/cgroup-root", "/kubelet/kubepods/pod" UID "/" ID,
	  CONTAINER_RUNTIME_UNKNOWN, ID, UID, POD_QOS_GUARANTEED },
	/* conmon is not the container, but is in the pod */
	{ "crio/conmon-skipped",
	  "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	  ".slice/crio-conmon-" ID ".scope",
	  CONTAINER_RUNTIME_NONE, "", UID, POD_QOS_BURSTABLE },
	{ "podman/systemd", "/machine.slice/libpod-" ID ".scope",
	  CONTAINER_RUNTIME_PODMAN, ID, "", POD_QOS_NONE },
	{ "podman/payload-subgroup", "/machine.slice/libpod-" ID ".scope/container",
	  CONTAINER_RUNTIME_PODMAN, ID, "", POD_QOS_NONE },
	{ "podman/cgroupfs", "/libpod_parent/libpod-" ID,
	  CONTAINER_RUNTIME_PODMAN, ID, "", POD_QOS_NONE },
	{ "podman/conmon-skipped", "/machine.slice/libpod-conmon-" ID ".scope",
	  CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "docker/systemd", "/system.slice/docker-" ID ".scope",
	  CONTAINER_RUNTIME_DOCKER, ID, "", POD_QOS_NONE },
	{ "docker/cgroupfs", "/docker/" ID, CONTAINER_RUNTIME_DOCKER, ID, "", POD_QOS_NONE },
	{ "nerdctl/systemd", "/system.slice/nerdctl-" ID ".scope",
	  CONTAINER_RUNTIME_NERDCTL, ID, "", POD_QOS_NONE },
	/* real: ctr run without --cgroup puts the task in /<namespace>/<id> */
	{ "containerd/default-namespace-real", "/default/" ID,
	  CONTAINER_RUNTIME_CONTAINERD, ID, "", POD_QOS_NONE },
	{ "containerd/k8s.io-namespace", "/k8s.io/" ID,
	  CONTAINER_RUNTIME_CONTAINERD, ID, "", POD_QOS_NONE },
	/* the host */
	{ "host/root", "/", CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "host/empty", "", CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "host/service", "/system.slice/containerd.service", CONTAINER_RUNTIME_NONE, "", "",
	  POD_QOS_NONE },
	{ "host/session", "/user.slice/user-1000.slice/session-3.scope", CONTAINER_RUNTIME_NONE,
	  "", "", POD_QOS_NONE },
	{ "host/kubelet-qos-slice", "/kubepods.slice/kubepods-burstable.slice",
	  CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	/* lookalikes */
	{ "reject/id-63-hex", "/system.slice/docker-" ID_63 ".scope",
	  CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "reject/id-65-hex", "/system.slice/docker-" ID "a.scope",
	  CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "reject/id-non-hex", "/system.slice/docker-" ID_NON_HEX ".scope",
	  CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "reject/id-uppercase", "/docker/" ID_UPPER,
	  CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "reject/unknown-prefix", "/system.slice/runc-" ID ".scope",
	  CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "reject/unknown-colon-name", "/system.slice:runc:" ID,
	  CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "reject/bare-id-at-top", "/" ID, CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "reject/bare-id-under-service", "/system.slice/foo.service/" ID,
	  CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "reject/bare-id-under-kubepods", "/kubepods/" ID, CONTAINER_RUNTIME_NONE, "", "",
	  POD_QOS_NONE },
	{ "reject/bad-namespace-name", "/-default/" ID, CONTAINER_RUNTIME_NONE, "", "",
	  POD_QOS_NONE },
	{ "reject/pod-uid-short", "/kubepods/burstable/pod1234/" ID, CONTAINER_RUNTIME_NONE, "",
	  "", POD_QOS_NONE },
	{ "reject/pod-dir-not-under-kubepods", "/burstable/pod" UID "/" ID,
	  CONTAINER_RUNTIME_NONE, "", "", POD_QOS_NONE },
	{ "reject/systemd-pod-with-dashes",
	  "/kubepods.slice/kubepods-pod" UID ".slice/cri-containerd-" ID ".scope",
	  CONTAINER_RUNTIME_CONTAINERD, ID, "", POD_QOS_NONE },
	{ "reject/unknown-qos", "/kubepods.slice/kubepods-gold-pod" UID_ ".slice/crio-" ID ".scope",
	  CONTAINER_RUNTIME_CRIO, ID, "", POD_QOS_NONE },
};

static void check(const struct path_case *c, bool found, const struct cgroup_container_ref *ref)
{
	g_assert_cmpint(found, ==, c->runtime != CONTAINER_RUNTIME_NONE);
	g_assert_cmpstr(container_runtime_name(ref->runtime), ==,
			container_runtime_name(c->runtime));
	g_assert_cmpstr(ref->container_id, ==, c->id);
	g_assert_cmpstr(ref->pod_uid, ==, c->pod_uid);
	g_assert_cmpstr(pod_qos_name(ref->qos), ==, pod_qos_name(c->qos));
}

static void test_path(gconstpointer data)
{
	const struct path_case *c = data;
	struct cgroup_container_ref ref;

	check(c, cgroup_path_parse(c->path, &ref), &ref);
}

/* The same table through /proc/PID/cgroup lines, v2 and v1 forms. */
static void test_proc_lines(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const char *slash = cases[i].path[0] == '/' || !cases[i].path[0] ? "" : "/";
		char *v2 = g_strdup_printf("0::%s%s\n", slash, cases[i].path);
		char *v1 = g_strdup_printf("9:name=systemd:%s%s", slash, cases[i].path);
		struct cgroup_container_ref ref;

		check(&cases[i], cgroup_proc_line_parse(v2, &ref), &ref);
		check(&cases[i], cgroup_proc_line_parse(v1, &ref), &ref);
		g_free(v2);
		g_free(v1);
	}
}

static void test_proc_line_malformed(void)
{
	static const char *const lines[] = {
		"", "docker/" ID, ":/docker/" ID, "0:/docker/" ID, "x::/docker/" ID,
	};
	struct cgroup_container_ref ref;

	for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
		memset(&ref, 0xff, sizeof(ref));
		g_assert_false(cgroup_proc_line_parse(lines[i], &ref));
		g_assert_cmpstr(ref.container_id, ==, "");
		g_assert_cmpint(ref.runtime, ==, CONTAINER_RUNTIME_NONE);
	}
}

/* A path deeper than any runtime writes still yields its innermost container. */
static void test_deep_path(void)
{
	GString *path = g_string_new(NULL);
	struct cgroup_container_ref ref;

	for (int i = 0; i < 200; i++)
		g_string_append(path, "/nested");
	g_string_append(path, "/docker-" ID ".scope");
	g_assert_true(cgroup_path_parse(path->str, &ref));
	g_assert_cmpstr(ref.container_id, ==, ID);
	g_string_free(path, TRUE);
}

static void test_names(void)
{
	g_assert_cmpstr(container_runtime_name(CONTAINER_RUNTIME_CRIO), ==, "cri-o");
	g_assert_cmpstr(container_runtime_name(CONTAINER_RUNTIME_NONE), ==, "host");
	g_assert_cmpstr(pod_qos_name(POD_QOS_BESTEFFORT), ==, "besteffort");
	g_assert_cmpstr(pod_qos_name(POD_QOS_NONE), ==, "");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *name = g_strdup_printf("/cgroup_path/%s", cases[i].name);

		g_test_add_data_func(name, &cases[i], test_path);
		g_free(name);
	}
	g_test_add_func("/cgroup_path/proc-lines", test_proc_lines);
	g_test_add_func("/cgroup_path/proc-line-malformed", test_proc_line_malformed);
	g_test_add_func("/cgroup_path/deep-path", test_deep_path);
	g_test_add_func("/cgroup_path/names", test_names);
	return g_test_run();
}

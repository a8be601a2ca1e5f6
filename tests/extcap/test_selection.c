/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a capture keeps: --syscalls (extcap/syscall_select.c: names and
 * categories into the probe's bitmap, one clear error for an unknown word)
 * and --containers/--pods/--k8s-namespaces/--containers-only
 * (extcap/container_select.c: globs, "or" between selectors, the host).
 */
#include <glib.h>
#include <string.h>

#include "check.h"
#include "container_meta.h"
#include "container_select.h"
#include "native_abis.h"
#include "syscall_select.h"
#include "syscall_table.h"

static bool selected[PODSHARK_SELECT_SLOTS];

static bool is_selected(unsigned arch, const char *name)
{
	int nr = podshark_syscall_nr(arch, name);
	unsigned base = 0;

	for (size_t a = 0; a < N_NATIVE_ABIS; a++)
		if (native_abis[a].arch == arch)
			base = native_abis[a].base;
	return nr >= 0 && selected[base + (unsigned)nr];
}

static unsigned count_selected(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < PODSHARK_SELECT_SLOTS; i++)
		n += selected[i];
	return n;
}

static void test_syscall_names_and_categories(void)
{
	const unsigned native = native_abis[0].arch;
	char err[128] = "";

	CHECK(syscall_select_parse("openat, connect", selected, err, sizeof(err)) == 0);
	CHECK(is_selected(native, "openat") && is_selected(native, "connect"));
	CHECK(!is_selected(native, "read"));
#if defined(__x86_64__)
	/* the i386 compat calls of the same name too */
	CHECK(is_selected(PODSHARK_ARCH_I386, "openat"));
	CHECK(count_selected() == 4);
#else
	CHECK(count_selected() == 2);
#endif
	/* a category selects every call of it and nothing else */
	CHECK(syscall_select_parse("net", selected, err, sizeof(err)) == 0);
	CHECK(is_selected(native, "connect") && is_selected(native, "sendto") &&
	      is_selected(native, "accept4"));
	CHECK(!is_selected(native, "openat") && !is_selected(native, "execve"));
	/* empty words are ignored; a new list replaces the old one */
	CHECK(syscall_select_parse(",execve,,", selected, err, sizeof(err)) == 0);
	CHECK(is_selected(native, "execve") && !is_selected(native, "connect"));
}

static void test_syscall_unknown_word(void)
{
	char err[128] = "";

	CHECK(syscall_select_parse("openat,opneat", selected, err, sizeof(err)) == -1);
	CHECK_STR(err, "\"opneat\" is neither a system call nor a category");
	CHECK(strchr(err, '\n') == NULL);
}

static struct container_meta *container(const char *name, const char *ns, const char *pod)
{
	struct container_meta *m = container_meta_new(
		CONTAINER_RUNTIME_CONTAINERD,
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

	m->name = g_strdup(name);
	m->pod_namespace = g_strdup(ns);
	m->pod_name = g_strdup(pod);
	return m;
}

static void test_container_selectors(void)
{
	char *web[] = { "web*", NULL }, *id[] = { "0123456789ab", NULL };
	char *pod[] = { "shop/cart-*", NULL }, *bare_pod[] = { "db-0", NULL };
	char *kube[] = { "kube-*", NULL };
	struct container_meta *app = container("web-server", "shop", "cart-7f9"),
			      *db = container("postgres", "data", "db-0"),
			      *dns = container("coredns", "kube-system", "coredns-1");
	struct container_select none = { 0 }, by_name = { .containers = web },
				by_id = { .containers = id }, by_pod = { .pods = pod },
				by_bare_pod = { .pods = bare_pod }, by_ns = { .namespaces = kube },
				only = { .containers_only = true },
				either = { .containers = web, .namespaces = kube };

	/* no selector: everything, the host included */
	CHECK(!container_select_active(&none));
	CHECK(container_select_match(&none, NULL) && container_select_match(&none, app));
	/* any selector leaves the host out */
	CHECK(container_select_active(&only) && !container_select_match(&only, NULL));
	CHECK(container_select_match(&only, app) && container_select_match(&only, dns));
	CHECK(container_select_match(&by_name, app) && !container_select_match(&by_name, db));
	CHECK(!container_select_match(&by_name, NULL));
	/* the short id matches as well as the name */
	CHECK(container_select_match(&by_id, db));
	/* pods by "namespace/pod" or by name alone */
	CHECK(container_select_match(&by_pod, app) && !container_select_match(&by_pod, db));
	CHECK(container_select_match(&by_bare_pod, db) && !container_select_match(&by_bare_pod,
	      app));
	CHECK(container_select_match(&by_ns, dns) && !container_select_match(&by_ns, app));
	/* selectors combine with "or" */
	CHECK(container_select_match(&either, app) && container_select_match(&either, dns) &&
	      !container_select_match(&either, db));
	container_meta_unref(app);
	container_meta_unref(db);
	container_meta_unref(dns);
}

int main(void)
{
	test_syscall_names_and_categories();
	test_syscall_unknown_word();
	test_container_selectors();
	return check_exit_status("test_selection");
}

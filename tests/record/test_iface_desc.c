/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The interface-description metadata: written by the extcap, read by the dissector. */
#include <string.h>

#include "check.h"
#include "iface_desc.h"

static void test_round_trip(void)
{
	char buf[256], key[32], value[64];
	const char *cursor;
	size_t n = podshark_iface_desc_start(buf, sizeof(buf));

	n = podshark_iface_desc_add(buf, sizeof(buf), n, "node", "worker-1");
	n = podshark_iface_desc_add(buf, sizeof(buf), n, "k8s.pod.name", "web-0");
	n = podshark_iface_desc_add(buf, sizeof(buf), n, "container.name", NULL); /* left out */
	n = podshark_iface_desc_add(buf, sizeof(buf), n, "k8s.pod.label", "a=b;c\\d");
	CHECK(n < sizeof(buf));
	/* the escaping as FORMAT.md states it, written out by hand */
	CHECK_STR(buf, "podshark; node=worker-1; k8s.pod.name=web-0; k8s.pod.label=a=b\\;c\\\\d");
	CHECK(podshark_iface_desc_is_ours(buf));

	cursor = buf;
	CHECK(podshark_iface_desc_next(&cursor, key, sizeof(key), value, sizeof(value)));
	CHECK_STR(key, "node");
	CHECK_STR(value, "worker-1");
	CHECK(podshark_iface_desc_next(&cursor, key, sizeof(key), value, sizeof(value)));
	CHECK_STR(key, "k8s.pod.name");
	CHECK_STR(value, "web-0");
	CHECK(podshark_iface_desc_next(&cursor, key, sizeof(key), value, sizeof(value)));
	CHECK_STR(key, "k8s.pod.label");
	CHECK_STR(value, "a=b;c\\d");
	CHECK(!podshark_iface_desc_next(&cursor, key, sizeof(key), value, sizeof(value)));
}

static void test_not_ours(void)
{
	CHECK(!podshark_iface_desc_is_ours("podsharkX; a=b"));
	CHECK(!podshark_iface_desc_is_ours("eth0"));
	CHECK(!podshark_iface_desc_is_ours(NULL));
	CHECK(podshark_iface_desc_is_ours("podshark"));
}

/* Hostile descriptions (a capture is untrusted input): bounded, terminated. */
static void test_hostile(void)
{
	char key[4], value[4];
	const char *cursor = "podshark; averyverylongkey=averyverylongvalue; trailing\\";

	CHECK(podshark_iface_desc_next(&cursor, key, sizeof(key), value, sizeof(value)));
	CHECK_STR(key, "ave");
	CHECK_STR(value, "ave");
	CHECK(podshark_iface_desc_next(&cursor, key, sizeof(key), value, sizeof(value)));
	CHECK_STR(key, "tra");
	CHECK(!podshark_iface_desc_next(&cursor, key, sizeof(key), value, sizeof(value)));
	cursor = "podshark;;;; ;";
	CHECK(!podshark_iface_desc_next(&cursor, key, sizeof(key), value, sizeof(value)));
}

/* A description cut by a small buffer stays a valid, terminated string. */
static void test_cut(void)
{
	char buf[16];
	size_t n = podshark_iface_desc_start(buf, sizeof(buf));

	n = podshark_iface_desc_add(buf, sizeof(buf), n, "node", "a-long-node-name");
	CHECK(n >= sizeof(buf));
	CHECK(strlen(buf) == sizeof(buf) - 1);
}

int main(void)
{
	test_round_trip();
	test_not_ours();
	test_hostile();
	test_cut();
	return check_exit_status("iface_desc");
}

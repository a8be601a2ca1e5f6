/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The entry points Wireshark looks up when it loads podshark.so.
 */
#include <epan/proto.h>
#include <epan/tap.h>
#include <ws_symbol_export.h>
#include <ws_version.h>

#include "packet-podshark-syscall.h"
#include "packet-podshark-context.h"
#include "packet-podshark.h"
#include "ws_compat.h"

WS_DLL_PUBLIC_DEF const char plugin_version[] = PODSHARK_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

/* packet-podshark-k8s.c: container and pod fields on every podshark frame */
void proto_register_podshark_k8s(void);
void proto_reg_handoff_podshark_k8s(void);
/* packet-podshark-flow.c: the process behind each packet, links both ways */
void proto_register_podshark_flow(void);
void proto_reg_handoff_podshark_flow(void);

/* One registration in a fixed order: the record types register into the
 * framing protocol's table and field arrays. */
static void register_protoinfo(void)
{
	proto_register_podshark();
	proto_register_podshark_syscall();
	proto_register_podshark_loss();
	proto_register_podshark_node();
	proto_register_podshark_k8s();
	proto_register_podshark_flow();
	proto_register_podshark_proc();
	proto_register_podshark_context();
	proto_register_podshark_expert();
	proto_register_podshark_rules();
}

static void register_handoff(void)
{
	/* Registered here, after every plugin's register_protoinfo, so that podshark shares the
	 * protocols of Wireshark 4.6's falco-events.so whatever the order the plugins load in
	 * (podshark_register_field_protocol(), ws_compat.h). */
	register_protoinfo();
	proto_reg_handoff_podshark_syscall();
	proto_reg_handoff_podshark_loss();
	proto_reg_handoff_podshark_node();
	proto_reg_handoff_podshark_k8s();
	proto_reg_handoff_podshark_flow();
	proto_reg_handoff_podshark_proc();
	proto_reg_handoff_podshark_rules();
}

static void register_tap_listeners(void)
{
	podshark_stats_register();
	podshark_rules_stats_register();
}

void plugin_register(void)
{
	static const proto_plugin podshark_plugin = {
		.register_handoff = register_handoff,
	};
	/* The statistics trees: Wireshark and tshark register tap listeners
	 * after every protocol and tap. */
	static const tap_plugin podshark_stats = {
		.register_tap_listener = register_tap_listeners,
	};

	proto_register_plugin(&podshark_plugin);
	tap_register_plugin(&podshark_stats);
}

/* Wireshark 4.2 and later ask what kind of plugin this is; 4.0 does not. */
#if PODSHARK_WS_HAS_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
	return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;
}
#endif

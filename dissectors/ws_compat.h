/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The differences between the Wireshark versions the plugin is built for
 * (4.0, 4.4, 4.6), in one place.
 */
#ifndef PODSHARK_WS_COMPAT_H
#define PODSHARK_WS_COMPAT_H

#include <ws_version.h>

#define PODSHARK_WS_AT_LEAST(major, minor) \
	(WIRESHARK_VERSION_MAJOR > (major) || \
	 (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* 4.2 added plugin_describe() and installs the header that declares its flags. */
#if PODSHARK_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#define PODSHARK_WS_HAS_PLUGIN_DESCRIBE 1
#else
#define PODSHARK_WS_HAS_PLUGIN_DESCRIBE 0
#endif

/* 4.2 added the section number to the interface look-ups (a file may have
 * several sections, each with its own interfaces). */
#if PODSHARK_WS_AT_LEAST(4, 2)
#define PODSHARK_INTERFACE_DESCRIPTION(pinfo, id) \
	epan_get_interface_description((pinfo)->epan, (id), (pinfo)->rec->section_number)
#else
#define PODSHARK_INTERFACE_DESCRIPTION(pinfo, id) \
	epan_get_interface_description((pinfo)->epan, (id))
#endif

#endif /* PODSHARK_WS_COMPAT_H */

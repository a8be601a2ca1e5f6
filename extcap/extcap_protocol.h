/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The extcap side of the conversation with Wireshark: the lines printed for
 * --extcap-interfaces, --extcap-dlts and --extcap-config
 * (doc/extcap.adoc in Wireshark's sources has the grammar).
 */
#ifndef PODSHARK_EXTCAP_PROTOCOL_H
#define PODSHARK_EXTCAP_PROTOCOL_H

#include <stdio.h>

#define PODSHARK_INTERFACE "podshark"

void extcap_print_interfaces(FILE *out);
void extcap_print_dlts(FILE *out);
void extcap_print_config(FILE *out);

#endif /* PODSHARK_EXTCAP_PROTOCOL_H */

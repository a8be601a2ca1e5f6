/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The extcap side of the conversation with Wireshark: the lines printed for
 * --extcap-interfaces, --extcap-dlts and --extcap-config
 * (doc/extcap.adoc in Wireshark's sources has the grammar).
 */
#ifndef PODSHARK_EXTCAP_PROTOCOL_H
#define PODSHARK_EXTCAP_PROTOCOL_H

#include <stdbool.h>
#include <stdio.h>

#define PODSHARK_INTERFACE "podshark"
/* Nodes reached over SSH, merged into one capture (remote_ssh.h). */
#define PODSHARK_SSH_INTERFACE "podshark-ssh"
/* Nodes of a Kubernetes cluster through kubectl exec (remote_k8s.h). */
#define PODSHARK_K8S_INTERFACE "podshark-k8s"
#define EXTCAP_INTERFACE_NAMES "\"podshark\", \"podshark-ssh\" and \"podshark-k8s\""

bool extcap_interface_known(const char *name);
void extcap_print_interfaces(FILE *out);
void extcap_print_dlts(FILE *out);
/* The options of an interface (NULL: podshark's). */
void extcap_print_config(FILE *out, const char *interface);

#endif /* PODSHARK_EXTCAP_PROTOCOL_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The container and pod metadata of the frame's interface (packet-podshark-k8s.c). */
#ifndef PACKET_PODSHARK_K8S_H
#define PACKET_PODSHARK_K8S_H

#include <epan/packet.h>

/* The value of key ("container.id", "proc.ns.net", ...) in the description of
 * the interface pinfo's frame came on, or NULL; valid for the open file. */
const char *podshark_iface_value(packet_info *pinfo, const char *key);

/* The node of the frame's interface as a number, the same for every
 * interface of one node in the open file (from 1; 0 when the interface names
 * no node).  A merged capture holds several nodes, whose pids, fds and
 * namespace inodes repeat: state is kept per (node, ...). */
uint32_t podshark_iface_node(packet_info *pinfo);

#endif /* PACKET_PODSHARK_K8S_H */

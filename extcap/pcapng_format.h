/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pcapng block types and option codes podshark writes and reads
 * (pcapng_writer.c, pcapng_reader.c): IETF draft-ietf-opsawg-pcapng. */
#ifndef PODSHARK_PCAPNG_FORMAT_H
#define PODSHARK_PCAPNG_FORMAT_H

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_ISB 0x00000005u
#define BT_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du

#define OPT_END 0
#define OPT_SHB_HARDWARE 2
#define OPT_SHB_OS 3
#define OPT_SHB_USERAPPL 4
#define OPT_IF_NAME 2
#define OPT_IF_DESCRIPTION 3
#define OPT_IF_TSRESOL 9
#define OPT_IF_FILTER 11
#define OPT_IF_OS 12
#define OPT_ISB_STARTTIME 2
#define OPT_ISB_ENDTIME 3
#define OPT_ISB_IFRECV 4
#define OPT_ISB_IFDROP 5
#define OPT_ISB_OSDROP 7
#define OPT_ISB_USRDELIV 8

#endif /* PODSHARK_PCAPNG_FORMAT_H */

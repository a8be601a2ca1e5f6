/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "io_uring_ops.h"

#include <stddef.h>

/* Indexed by IORING_OP_* (include/uapi/linux/io_uring.h, a stable ABI).  The
 * call is the one whose arguments the probe fills from the request
 * (probe/io_uring.bpf.h); operations it does not decode have none. */
static const struct podshark_uring_op ops[PODSHARK_URING_OPS] = {
	[0] = { "NOP", NULL, NULL },
	[1] = { "READV", "readv", "preadv" },
	[2] = { "WRITEV", "writev", "pwritev" },
	[3] = { "FSYNC", "fsync", NULL },
	[4] = { "READ_FIXED", "read", "pread64" },
	[5] = { "WRITE_FIXED", "write", "pwrite64" },
	[6] = { "POLL_ADD", NULL, NULL },
	[7] = { "POLL_REMOVE", NULL, NULL },
	[8] = { "SYNC_FILE_RANGE", NULL, NULL },
	[9] = { "SENDMSG", "sendmsg", NULL },
	[10] = { "RECVMSG", "recvmsg", NULL },
	[11] = { "TIMEOUT", NULL, NULL },
	[12] = { "TIMEOUT_REMOVE", NULL, NULL },
	[13] = { "ACCEPT", "accept4", NULL },
	[14] = { "ASYNC_CANCEL", NULL, NULL },
	[15] = { "LINK_TIMEOUT", NULL, NULL },
	[16] = { "CONNECT", "connect", NULL },
	[17] = { "FALLOCATE", "fallocate", NULL },
	[18] = { "OPENAT", "openat", NULL },
	[19] = { "CLOSE", "close", NULL },
	[20] = { "FILES_UPDATE", NULL, NULL },
	[21] = { "STATX", "statx", NULL },
	[22] = { "READ", "read", "pread64" },
	[23] = { "WRITE", "write", "pwrite64" },
	[24] = { "FADVISE", NULL, NULL },
	[25] = { "MADVISE", NULL, NULL },
	[26] = { "SEND", "sendto", NULL },
	[27] = { "RECV", "recvfrom", NULL },
	[28] = { "OPENAT2", "openat", NULL },
	[29] = { "EPOLL_CTL", NULL, NULL },
	[30] = { "SPLICE", NULL, NULL },
	[31] = { "PROVIDE_BUFFERS", NULL, NULL },
	[32] = { "REMOVE_BUFFERS", NULL, NULL },
	[33] = { "TEE", NULL, NULL },
	[34] = { "SHUTDOWN", "shutdown", NULL },
	[35] = { "RENAMEAT", "renameat2", NULL },
	[36] = { "UNLINKAT", "unlinkat", NULL },
	[37] = { "MKDIRAT", "mkdirat", NULL },
	[38] = { "SYMLINKAT", "symlinkat", NULL },
	[39] = { "LINKAT", "linkat", NULL },
	[40] = { "MSG_RING", NULL, NULL },
	[41] = { "FSETXATTR", NULL, NULL },
	[42] = { "SETXATTR", NULL, NULL },
	[43] = { "FGETXATTR", NULL, NULL },
	[44] = { "GETXATTR", NULL, NULL },
	[45] = { "SOCKET", "socket", NULL },
	[46] = { "URING_CMD", NULL, NULL },
	[47] = { "SEND_ZC", "sendto", NULL },
	[48] = { "SENDMSG_ZC", "sendmsg", NULL },
	[49] = { "READ_MULTISHOT", "read", NULL },
	[50] = { "WAITID", NULL, NULL },
	[51] = { "FUTEX_WAIT", NULL, NULL },
	[52] = { "FUTEX_WAKE", NULL, NULL },
	[53] = { "FUTEX_WAITV", NULL, NULL },
	[54] = { "FIXED_FD_INSTALL", NULL, NULL },
	[55] = { "FTRUNCATE", "ftruncate", NULL },
	[56] = { "BIND", "bind", NULL },
	[57] = { "LISTEN", "listen", NULL },
	[58] = { "RECV_ZC", NULL, NULL },
	[59] = { "EPOLL_WAIT", NULL, NULL },
	[60] = { "READV_FIXED", "readv", "preadv" },
	[61] = { "WRITEV_FIXED", "writev", "pwritev" },
	[62] = { "PIPE", NULL, NULL },
};

const struct podshark_uring_op *podshark_uring_op(unsigned op)
{
	if (op >= PODSHARK_URING_OPS || !ops[op].name)
		return NULL;
	return &ops[op];
}

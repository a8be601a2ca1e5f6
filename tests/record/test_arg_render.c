/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The argument renderer against strace's conventions: the raw values are
 * built with the C library's and the kernel's own constants (or written as the
 * numbers the headers give), the expected text is what strace prints for them.
 * Memory fixtures are built with the real C structs (struct sockaddr_in, ...).
 * Bytes from the traced process are hostile: invalid UTF-8, control
 * characters, format directives, unterminated strings; every output buffer
 * size from 0 up must stay NUL-terminated and inside its bounds (run with
 * PODSHARK_SANITIZE=ON to prove the latter).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/io_uring.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "arg_render.h"
#include "check.h"
#include "record_codec.h"
#include "syscall_table.h"

#define X86_64 PODSHARK_ARCH_X86_64
#define OUT_LEN 512

static char out[OUT_LEN];

static const char *value(int type, uint64_t raw)
{
	podshark_render_value(type, raw, X86_64, out, sizeof(out));
	return out;
}

static const char *value_arch(int type, uint64_t raw, unsigned arch)
{
	podshark_render_value(type, raw, arch, out, sizeof(out));
	return out;
}

static void test_numbers(void)
{
	CHECK_STR(value(PODSHARK_ARG_INT, (uint64_t)-1), "-1");
	CHECK_STR(value(PODSHARK_ARG_UINT, 0xffffffffu), "4294967295");
	CHECK_STR(value(PODSHARK_ARG_FD, 3), "3");
	/* an int in a 64-bit register: the kernel reads the low 32 bits */
	CHECK_STR(value(PODSHARK_ARG_FD, 0xffffffffffffff9cull), "-100");
	CHECK_STR(value(PODSHARK_ARG_PID, (uint64_t)-1), "-1");
	CHECK_STR(value(PODSHARK_ARG_SIZE, 4096), "4096");
	CHECK_STR(value(PODSHARK_ARG_OFFSET, (uint64_t)-1), "-1");
	CHECK_STR(value(PODSHARK_ARG_HEX, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_HEX, 0xdeadbeef), "0xdeadbeef");
	CHECK_STR(value(PODSHARK_ARG_PTR, 0), "NULL");
	CHECK_STR(value(PODSHARK_ARG_PTR, 0x7ffd1234abcdull), "0x7ffd1234abcd");
	CHECK_STR(value(PODSHARK_ARG_PATH, 0x7ffd0000), "0x7ffd0000");
	CHECK_STR(value(PODSHARK_ARG_UID, 0xffffffffu), "-1");
	CHECK_STR(value(PODSHARK_ARG_GID, 1000), "1000");
	/* i386: a 32-bit ABI, the upper half of the register means nothing */
	CHECK_STR(value_arch(PODSHARK_ARG_PTR, 0xffffffff08048000ull, PODSHARK_ARCH_I386),
		  "0x8048000");
	CHECK_STR(value_arch(PODSHARK_ARG_OFFSET, 0xffffffffull, PODSHARK_ARCH_I386), "-1");
}

static void test_files(void)
{
	CHECK_STR(value(PODSHARK_ARG_DIRFD, (uint64_t)(int64_t)AT_FDCWD), "AT_FDCWD");
	CHECK_STR(value(PODSHARK_ARG_DIRFD, 5), "5");
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, 0), "O_RDONLY");
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, 0x80000), "O_RDONLY|O_CLOEXEC");
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, 0x241), "O_WRONLY|O_CREAT|O_TRUNC");
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, O_RDWR | O_CREAT | O_EXCL | O_NONBLOCK),
		  "O_RDWR|O_CREAT|O_EXCL|O_NONBLOCK");
	/* multi-bit flags: O_SYNC includes O_DSYNC, O_TMPFILE includes O_DIRECTORY */
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, O_WRONLY | O_SYNC), "O_WRONLY|O_SYNC");
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, O_WRONLY | O_DSYNC), "O_WRONLY|O_DSYNC");
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, O_RDWR | O_TMPFILE), "O_RDWR|O_TMPFILE");
	/* strace 6.1 on openat(AT_FDCWD, "/tmp", O_RDWR|O_TMPFILE|O_CLOEXEC, 0600) */
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, O_RDWR | O_TMPFILE | O_CLOEXEC),
		  "O_RDWR|O_CLOEXEC|O_TMPFILE");
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, O_WRONLY | O_SYNC | O_CLOEXEC),
		  "O_WRONLY|O_CLOEXEC|O_SYNC");
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, O_DIRECTORY | O_CLOEXEC),
		  "O_RDONLY|O_DIRECTORY|O_CLOEXEC");
	/* O_NDELAY is an alias of O_NONBLOCK: never shown */
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, O_NDELAY), "O_RDONLY|O_NONBLOCK");
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, 0x80000000u | O_APPEND),
		  "O_RDONLY|O_APPEND|0x80000000");
	CHECK_STR(value(PODSHARK_ARG_OPEN_FLAGS, 3), "0x3");
	/* the same bits on arm64, whose O_DIRECTORY is x86's O_DIRECT (040000) */
	CHECK_STR(value_arch(PODSHARK_ARG_OPEN_FLAGS, 040000 | 0x80000, PODSHARK_ARCH_AARCH64),
		  "O_RDONLY|O_DIRECTORY|O_CLOEXEC");
	CHECK_STR(value_arch(PODSHARK_ARG_OPEN_FLAGS, 040000, X86_64), "O_RDONLY|O_DIRECT");
	CHECK_STR(value(PODSHARK_ARG_FD_FLAGS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_FD_FLAGS, O_CLOEXEC | O_NONBLOCK), "O_NONBLOCK|O_CLOEXEC");
	CHECK_STR(value(PODSHARK_ARG_MODE, 0644), "0644");
	CHECK_STR(value(PODSHARK_ARG_MODE, 0), "000");
	CHECK_STR(value(PODSHARK_ARG_MODE, 04755), "04755");
	CHECK_STR(value(PODSHARK_ARG_MODE, S_IFREG | 0600), "S_IFREG|0600");
	CHECK_STR(value(PODSHARK_ARG_MODE, S_IFCHR | 0666), "S_IFCHR|0666");
	CHECK_STR(value(PODSHARK_ARG_AT_FLAGS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_AT_FLAGS, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH),
		  "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH");
	CHECK_STR(value(PODSHARK_ARG_AT_FLAGS, AT_REMOVEDIR), "AT_REMOVEDIR");
	CHECK_STR(value(PODSHARK_ARG_ACCESS_MODE, F_OK), "F_OK");
	CHECK_STR(value(PODSHARK_ARG_ACCESS_MODE, R_OK | X_OK), "R_OK|X_OK");
	CHECK_STR(value(PODSHARK_ARG_WHENCE, SEEK_END), "SEEK_END");
	CHECK_STR(value(PODSHARK_ARG_WHENCE, SEEK_HOLE), "SEEK_HOLE");
	CHECK_STR(value(PODSHARK_ARG_WHENCE, 9), "9");
	CHECK_STR(value(PODSHARK_ARG_FCNTL_CMD, F_GETFL), "F_GETFL");
	CHECK_STR(value(PODSHARK_ARG_FCNTL_CMD, F_DUPFD_CLOEXEC), "F_DUPFD_CLOEXEC");
	CHECK_STR(value(PODSHARK_ARG_FCNTL_CMD, F_OFD_SETLKW), "F_OFD_SETLKW");
	CHECK_STR(value(PODSHARK_ARG_IOCTL_REQ, TCGETS), "TCGETS");
	CHECK_STR(value(PODSHARK_ARG_IOCTL_REQ, TIOCGWINSZ), "TIOCGWINSZ");
	CHECK_STR(value(PODSHARK_ARG_IOCTL_REQ, FIONBIO), "FIONBIO");
	/* TIOCINQ is FIONREAD: strace shows FIONREAD */
	CHECK_STR(value(PODSHARK_ARG_IOCTL_REQ, 0x541b), "FIONREAD");
	CHECK_STR(value(PODSHARK_ARG_IOCTL_REQ, 0x8933), "SIOCGIFINDEX");
	/* _IOR('f', 1, long) from linux/fs.h, then numbers no header names */
	CHECK_STR(value(PODSHARK_ARG_IOCTL_REQ, 0x80086601), "FS_IOC_GETFLAGS");
	CHECK_STR(value(PODSHARK_ARG_IOCTL_REQ, 0x80085400), "_IOC(_IOC_READ, 0x54, 0, 0x8)");
	CHECK_STR(value(PODSHARK_ARG_IOCTL_REQ, 0xc0106400),
		  "_IOC(_IOC_READ|_IOC_WRITE, 0x64, 0, 0x10)");
	CHECK_STR(value(PODSHARK_ARG_IOCTL_REQ, 0x6400), "_IOC(_IOC_NONE, 0x64, 0, 0)");
	CHECK_STR(value(PODSHARK_ARG_MOUNT_FLAGS, MS_BIND | MS_REC), "MS_BIND|MS_REC");
	CHECK_STR(value(PODSHARK_ARG_MOUNT_FLAGS, 0xc0ed0000u | MS_RDONLY), "MS_MGC_VAL|MS_RDONLY");
	CHECK_STR(value(PODSHARK_ARG_MOUNT_FLAGS, MS_REMOUNT | MS_SILENT), "MS_REMOUNT|MS_SILENT");
	CHECK_STR(value(PODSHARK_ARG_MOUNT_FLAGS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_UMOUNT_FLAGS, MNT_DETACH), "MNT_DETACH");
	CHECK_STR(value(PODSHARK_ARG_UMOUNT_FLAGS, MNT_FORCE | UMOUNT_NOFOLLOW),
		  "MNT_FORCE|UMOUNT_NOFOLLOW");
}

/* The expected texts are strace 6.1's on Debian 12 (x86_64) for the same
 * statx, renameat2 and fadvise64 calls.  A number strace has no name for
 * gets a comment there ("RENAME_??"); podshark shows the bare number, flags in
 * hex and codes in decimal. */
static void test_file_calls(void)
{
	/* statx names the sync type even when 0, then the AT_* flags */
	CHECK_STR(value(PODSHARK_ARG_STATX_FLAGS, 0), "AT_STATX_SYNC_AS_STAT");
	CHECK_STR(value(PODSHARK_ARG_STATX_FLAGS, AT_STATX_FORCE_SYNC), "AT_STATX_FORCE_SYNC");
	CHECK_STR(value(PODSHARK_ARG_STATX_FLAGS, AT_STATX_DONT_SYNC | AT_EMPTY_PATH),
		  "AT_STATX_DONT_SYNC|AT_EMPTY_PATH");
	CHECK_STR(value(PODSHARK_ARG_STATX_FLAGS, AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC),
		  "AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC");
	/* what ls -l passes */
	CHECK_STR(value(PODSHARK_ARG_STATX_FLAGS, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT),
		  "AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT");
	CHECK_STR(value(PODSHARK_ARG_STATX_FLAGS, AT_REMOVEDIR),
		  "AT_STATX_SYNC_AS_STAT|AT_REMOVEDIR");
	CHECK_STR(value(PODSHARK_ARG_STATX_FLAGS, 0x100000), "AT_STATX_SYNC_AS_STAT|0x100000");
	CHECK_STR(value(PODSHARK_ARG_STATX_MASK, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_STATX_MASK, STATX_BASIC_STATS), "STATX_BASIC_STATS");
	CHECK_STR(value(PODSHARK_ARG_STATX_MASK, STATX_BASIC_STATS | STATX_BTIME), "STATX_ALL");
	CHECK_STR(value(PODSHARK_ARG_STATX_MASK, STATX_BASIC_STATS | STATX_MNT_ID),
		  "STATX_BASIC_STATS|STATX_MNT_ID");
	CHECK_STR(value(PODSHARK_ARG_STATX_MASK, STATX_MODE | STATX_NLINK | STATX_UID | STATX_GID |
							 STATX_MTIME | STATX_SIZE),
		  "STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|STATX_SIZE");
	/* STATX__RESERVED is not a field one asks for */
	CHECK_STR(value(PODSHARK_ARG_STATX_MASK, 0x80000000u), "0x80000000");
	CHECK_STR(value(PODSHARK_ARG_RENAME_FLAGS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_RENAME_FLAGS, RENAME_NOREPLACE), "RENAME_NOREPLACE");
	CHECK_STR(value(PODSHARK_ARG_RENAME_FLAGS, RENAME_EXCHANGE | RENAME_WHITEOUT),
		  "RENAME_EXCHANGE|RENAME_WHITEOUT");
	CHECK_STR(value(PODSHARK_ARG_RENAME_FLAGS, RENAME_NOREPLACE | RENAME_EXCHANGE |
							   RENAME_WHITEOUT),
		  "RENAME_NOREPLACE|RENAME_EXCHANGE|RENAME_WHITEOUT");
	CHECK_STR(value(PODSHARK_ARG_RENAME_FLAGS, 0x8), "0x8");
	CHECK_STR(value(PODSHARK_ARG_FADVISE_ADVICE, POSIX_FADV_NORMAL), "POSIX_FADV_NORMAL");
	CHECK_STR(value(PODSHARK_ARG_FADVISE_ADVICE, POSIX_FADV_SEQUENTIAL),
		  "POSIX_FADV_SEQUENTIAL");
	CHECK_STR(value(PODSHARK_ARG_FADVISE_ADVICE, POSIX_FADV_DONTNEED), "POSIX_FADV_DONTNEED");
	CHECK_STR(value(PODSHARK_ARG_FADVISE_ADVICE, POSIX_FADV_NOREUSE), "POSIX_FADV_NOREUSE");
	CHECK_STR(value(PODSHARK_ARG_FADVISE_ADVICE, 99), "99");
}

static void test_memory(void)
{
	CHECK_STR(value(PODSHARK_ARG_PROT, PROT_NONE), "PROT_NONE");
	CHECK_STR(value(PODSHARK_ARG_PROT, PROT_READ | PROT_WRITE), "PROT_READ|PROT_WRITE");
	CHECK_STR(value(PODSHARK_ARG_PROT, PROT_READ | PROT_EXEC), "PROT_READ|PROT_EXEC");
	CHECK_STR(value(PODSHARK_ARG_MAP_FLAGS, MAP_PRIVATE | MAP_ANONYMOUS),
		  "MAP_PRIVATE|MAP_ANONYMOUS");
	CHECK_STR(value(PODSHARK_ARG_MAP_FLAGS, MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE),
		  "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE");
	CHECK_STR(value(PODSHARK_ARG_MAP_FLAGS, MAP_SHARED_VALIDATE | MAP_SYNC),
		  "MAP_SHARED_VALIDATE|MAP_SYNC");
	/* 2 MiB huge pages: log2 21 in the bits from MAP_HUGE_SHIFT (26) */
	CHECK_STR(value(PODSHARK_ARG_MAP_FLAGS,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21u << 26)),
		  "MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT");
	CHECK_STR(value(PODSHARK_ARG_MAP_FLAGS, 0), "0");
	/* strace 6.1's names, and its numbers without names (0x8, 0x5 / MADV_???) */
	CHECK_STR(value(PODSHARK_ARG_MREMAP_FLAGS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_MREMAP_FLAGS, MREMAP_MAYMOVE), "MREMAP_MAYMOVE");
	CHECK_STR(value(PODSHARK_ARG_MREMAP_FLAGS, MREMAP_MAYMOVE | MREMAP_FIXED),
		  "MREMAP_MAYMOVE|MREMAP_FIXED");
	CHECK_STR(value(PODSHARK_ARG_MREMAP_FLAGS, MREMAP_MAYMOVE | MREMAP_DONTUNMAP),
		  "MREMAP_MAYMOVE|MREMAP_DONTUNMAP");
	CHECK_STR(value(PODSHARK_ARG_MREMAP_FLAGS, 0x8), "0x8");
	CHECK_STR(value(PODSHARK_ARG_MADVISE_ADVICE, MADV_NORMAL), "MADV_NORMAL");
	CHECK_STR(value(PODSHARK_ARG_MADVISE_ADVICE, MADV_DONTNEED), "MADV_DONTNEED");
	CHECK_STR(value(PODSHARK_ARG_MADVISE_ADVICE, MADV_FREE), "MADV_FREE");
	CHECK_STR(value(PODSHARK_ARG_MADVISE_ADVICE, MADV_HUGEPAGE), "MADV_HUGEPAGE");
	CHECK_STR(value(PODSHARK_ARG_MADVISE_ADVICE, 24), "MADV_DONTNEED_LOCKED");
	CHECK_STR(value(PODSHARK_ARG_MADVISE_ADVICE, 5), "5");
}

static void test_processes(void)
{
	/* what glibc's fork() passes, as strace prints it */
	CHECK_STR(value(PODSHARK_ARG_CLONE_FLAGS, 0x1200011),
		  "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
	CHECK_STR(value(PODSHARK_ARG_CLONE_FLAGS, CLONE_VM | CLONE_VFORK | SIGCHLD),
		  "CLONE_VM|CLONE_VFORK|SIGCHLD");
	/* a pthread */
	CHECK_STR(value(PODSHARK_ARG_CLONE_FLAGS, 0x3d0f00),
		  "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|"
		  "CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID");
	CHECK_STR(value(PODSHARK_ARG_CLONE_FLAGS, SIGCHLD), "SIGCHLD");
	CHECK_STR(value(PODSHARK_ARG_CLONE_FLAGS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_NS_FLAGS, CLONE_NEWNS | CLONE_NEWUSER),
		  "CLONE_NEWNS|CLONE_NEWUSER");
	/* 0x80 is CLONE_NEWTIME for setns/unshare, an exit signal byte for clone */
	CHECK_STR(value(PODSHARK_ARG_NS_FLAGS, 0x80), "CLONE_NEWTIME");
	CHECK_STR(value(PODSHARK_ARG_NS_FLAGS, CLONE_NEWNET), "CLONE_NEWNET");
	CHECK_STR(value(PODSHARK_ARG_NS_FLAGS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, SIGTERM), "SIGTERM");
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, SIGKILL), "SIGKILL");
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, 0), "0");
	/* aliases: SIGIOT is SIGABRT, SIGPOLL is SIGIO, SIGUNUSED is SIGSYS */
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, 6), "SIGABRT");
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, 29), "SIGIO");
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, 31), "SIGSYS");
	/* the kernel's real-time signals start at 32 */
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, 32), "SIGRTMIN");
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, 34), "SIGRT_2");
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, 64), "SIGRT_32");
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, 65), "65");
	CHECK_STR(value(PODSHARK_ARG_SIGNAL, (uint64_t)-1), "-1");
	CHECK_STR(value(PODSHARK_ARG_SIGPROCMASK_HOW, SIG_SETMASK), "SIG_SETMASK");
	CHECK_STR(value(PODSHARK_ARG_WAIT_OPTIONS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_WAIT_OPTIONS, WNOHANG | __WALL), "WNOHANG|__WALL");
	CHECK_STR(value(PODSHARK_ARG_WAIT_OPTIONS, WUNTRACED), "WUNTRACED");
	CHECK_STR(value(PODSHARK_ARG_PTRACE_REQ, 0x4206), "PTRACE_SEIZE");
	CHECK_STR(value(PODSHARK_ARG_PTRACE_REQ, 16), "PTRACE_ATTACH");
	CHECK_STR(value(PODSHARK_ARG_PTRACE_REQ, 0), "PTRACE_TRACEME");
	CHECK_STR(value(PODSHARK_ARG_PRCTL_OPT, PR_SET_NAME), "PR_SET_NAME");
	CHECK_STR(value(PODSHARK_ARG_PRCTL_OPT, PR_SET_NO_NEW_PRIVS), "PR_SET_NO_NEW_PRIVS");
	CHECK_STR(value(PODSHARK_ARG_PRCTL_OPT, PR_CAPBSET_DROP), "PR_CAPBSET_DROP");
	CHECK_STR(value(PODSHARK_ARG_PRCTL_OPT, 0x59616d61), "PR_SET_PTRACER");
	CHECK_STR(value(PODSHARK_ARG_PRCTL_OPT, 1), "PR_SET_PDEATHSIG");
	CHECK_STR(value(PODSHARK_ARG_BPF_CMD, 5), "BPF_PROG_LOAD");
	CHECK_STR(value(PODSHARK_ARG_BPF_CMD, 0), "BPF_MAP_CREATE");
	/* BPF_PROG_RUN is an alias of BPF_PROG_TEST_RUN (10) */
	CHECK_STR(value(PODSHARK_ARG_BPF_CMD, 10), "BPF_PROG_TEST_RUN");
	CHECK_STR(value(PODSHARK_ARG_SECCOMP_OP, 1), "SECCOMP_SET_MODE_FILTER");
	CHECK_STR(value(PODSHARK_ARG_FUTEX_OP, FUTEX_WAIT_PRIVATE), "FUTEX_WAIT_PRIVATE");
	CHECK_STR(value(PODSHARK_ARG_FUTEX_OP, FUTEX_WAKE), "FUTEX_WAKE");
	CHECK_STR(value(PODSHARK_ARG_FUTEX_OP, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME),
		  "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME");
	CHECK_STR(value(PODSHARK_ARG_CLOCK_ID, CLOCK_MONOTONIC), "CLOCK_MONOTONIC");
	CHECK_STR(value(PODSHARK_ARG_CLOCK_ID, CLOCK_BOOTTIME), "CLOCK_BOOTTIME");
	CHECK_STR(value(PODSHARK_ARG_CLOCK_ID, (uint64_t)-6), "-6");
	CHECK_STR(value(PODSHARK_ARG_RLIMIT_RESOURCE, RLIMIT_NOFILE), "RLIMIT_NOFILE");
	CHECK_STR(value(PODSHARK_ARG_RLIMIT_RESOURCE, RLIMIT_STACK), "RLIMIT_STACK");
	/* arch_prctl codes as x86's asm/prctl.h numbers them; strace 6.1's names */
	CHECK_STR(value(PODSHARK_ARG_ARCH_PRCTL_CODE, 0x1002), "ARCH_SET_FS");
	CHECK_STR(value(PODSHARK_ARG_ARCH_PRCTL_CODE, 0x1003), "ARCH_GET_FS");
	CHECK_STR(value(PODSHARK_ARG_ARCH_PRCTL_CODE, 0x1004), "ARCH_GET_GS");
#if defined(__x86_64__) || defined(__i386__)
	/* beyond the four every build names (record/arg_tables.cmake) */
	CHECK_STR(value(PODSHARK_ARG_ARCH_PRCTL_CODE, 0x1011), "ARCH_GET_CPUID");
	CHECK_STR(value(PODSHARK_ARG_ARCH_PRCTL_CODE, 0x1021), "ARCH_GET_XCOMP_SUPP");
	CHECK_STR(value(PODSHARK_ARG_ARCH_PRCTL_CODE, 0x2001), "ARCH_MAP_VDSO_X32");
#endif
	/* ARCH_XCOMP_TILECFG (17) is a feature number, not a code */
	CHECK_STR(value(PODSHARK_ARG_ARCH_PRCTL_CODE, 17), "0x11");
	CHECK_STR(value(PODSHARK_ARG_ARCH_PRCTL_CODE, 0x9999), "0x9999");
}

/* strace 6.1's getrandom flags */
static void test_random(void)
{
	CHECK_STR(value(PODSHARK_ARG_GETRANDOM_FLAGS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_GETRANDOM_FLAGS, GRND_NONBLOCK), "GRND_NONBLOCK");
	CHECK_STR(value(PODSHARK_ARG_GETRANDOM_FLAGS, GRND_NONBLOCK | GRND_RANDOM),
		  "GRND_NONBLOCK|GRND_RANDOM");
	CHECK_STR(value(PODSHARK_ARG_GETRANDOM_FLAGS, 4), "GRND_INSECURE");
	CHECK_STR(value(PODSHARK_ARG_GETRANDOM_FLAGS, 0x10), "0x10");
}

static void test_sockets(void)
{
	CHECK_STR(value(PODSHARK_ARG_SOCK_DOMAIN, AF_INET), "AF_INET");
	/* AF_LOCAL and AF_FILE are AF_UNIX, AF_ROUTE is AF_NETLINK: strace's names */
	CHECK_STR(value(PODSHARK_ARG_SOCK_DOMAIN, AF_UNIX), "AF_UNIX");
	CHECK_STR(value(PODSHARK_ARG_SOCK_DOMAIN, AF_NETLINK), "AF_NETLINK");
	CHECK_STR(value(PODSHARK_ARG_SOCK_DOMAIN, AF_INET6), "AF_INET6");
	CHECK_STR(value(PODSHARK_ARG_SOCK_DOMAIN, 200), "200");
	CHECK_STR(value(PODSHARK_ARG_SOCK_TYPE, SOCK_STREAM), "SOCK_STREAM");
	CHECK_STR(value(PODSHARK_ARG_SOCK_TYPE, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK),
		  "SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK");
	CHECK_STR(value(PODSHARK_ARG_SOCK_TYPE, SOCK_RAW | SOCK_CLOEXEC), "SOCK_RAW|SOCK_CLOEXEC");
	CHECK_STR(value(PODSHARK_ARG_SOCKOPT_LEVEL, SOL_SOCKET), "SOL_SOCKET");
	CHECK_STR(value(PODSHARK_ARG_SOCKOPT_LEVEL, 6), "SOL_TCP");
	CHECK_STR(value(PODSHARK_ARG_SOCKOPT_LEVEL, 0), "SOL_IP");
	CHECK_STR(value(PODSHARK_ARG_SOCKOPT_LEVEL, 41), "SOL_IPV6");
	CHECK_STR(value(PODSHARK_ARG_MSG_FLAGS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_MSG_FLAGS, MSG_DONTWAIT | MSG_NOSIGNAL),
		  "MSG_DONTWAIT|MSG_NOSIGNAL");
	/* strace 6.1: shutdown(4, SHUT_WR), and 3 has no name */
	CHECK_STR(value(PODSHARK_ARG_SHUTDOWN_HOW, SHUT_RD), "SHUT_RD");
	CHECK_STR(value(PODSHARK_ARG_SHUTDOWN_HOW, SHUT_WR), "SHUT_WR");
	CHECK_STR(value(PODSHARK_ARG_SHUTDOWN_HOW, SHUT_RDWR), "SHUT_RDWR");
	CHECK_STR(value(PODSHARK_ARG_SHUTDOWN_HOW, 3), "3");
}

static const char *sockaddr(const void *sa, size_t n)
{
	podshark_render_sockaddr(sa, n, out, sizeof(out));
	return out;
}

static void test_sockaddrs(void)
{
	struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = htons(443) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(8080) };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	struct sockaddr_ll ll = { .sll_family = AF_PACKET };
	struct sockaddr_storage other = { .ss_family = AF_BLUETOOTH };
	size_t un_len;

	inet_pton(AF_INET, "10.0.0.7", &in4.sin_addr);
	CHECK_STR(sockaddr(&in4, sizeof(in4)), "10.0.0.7:443");
	CHECK_STR(sockaddr(&in4, 7), "family=AF_INET...");

	inet_pton(AF_INET6, "::1", &in6.sin6_addr);
	CHECK_STR(sockaddr(&in6, sizeof(in6)), "[::1]:8080");
	inet_pton(AF_INET6, "fe80::1", &in6.sin6_addr);
	in6.sin6_scope_id = 2;
	in6.sin6_port = htons(80);
	CHECK_STR(sockaddr(&in6, sizeof(in6)), "[fe80::1%2]:80");
	inet_pton(AF_INET6, "::ffff:192.0.2.1", &in6.sin6_addr);
	in6.sin6_scope_id = 0;
	CHECK_STR(sockaddr(&in6, sizeof(in6)), "[::ffff:192.0.2.1]:80");
	/* the old 24-byte sockaddr_in6 without a scope id */
	CHECK_STR(sockaddr(&in6, 24), "[::ffff:192.0.2.1]:80");

	strcpy(un.sun_path, "/run/x.sock");
	un_len = offsetof(struct sockaddr_un, sun_path) + strlen(un.sun_path) + 1;
	CHECK_STR(sockaddr(&un, un_len), "/run/x.sock");
	/* the kernel may hand over the whole struct, NULs after the path */
	CHECK_STR(sockaddr(&un, sizeof(un)), "/run/x.sock");
	memcpy(un.sun_path, "\0abstract", 9);
	CHECK_STR(sockaddr(&un, offsetof(struct sockaddr_un, sun_path) + 9), "@abstract");
	/* an abstract name is bytes: NULs and controls in it are escaped */
	memcpy(un.sun_path, "\0a\0b\n", 5);
	CHECK_STR(sockaddr(&un, offsetof(struct sockaddr_un, sun_path) + 5), "@a\\x00b\\n");
	CHECK_STR(sockaddr(&un, sizeof(sa_family_t)), "unnamed");

	nl.nl_pid = 0;
	nl.nl_groups = 0;
	CHECK_STR(sockaddr(&nl, sizeof(nl)), "netlink pid=0 groups=0");
	nl.nl_pid = 1234;
	nl.nl_groups = 0x11;
	CHECK_STR(sockaddr(&nl, sizeof(nl)), "netlink pid=1234 groups=0x11");

	ll.sll_protocol = htons(ETH_P_IP);
	ll.sll_ifindex = 2;
	CHECK_STR(sockaddr(&ll, sizeof(ll)), "packet proto=0x0800 ifindex=2");
	ll.sll_protocol = htons(ETH_P_ALL);
	CHECK_STR(sockaddr(&ll, sizeof(ll)), "packet proto=0x0003 ifindex=2");

	CHECK_STR(sockaddr(&other, sizeof(other)), "family=AF_BLUETOOTH");
	other.ss_family = 250;
	CHECK_STR(sockaddr(&other, sizeof(other)), "family=250");
	CHECK_STR(sockaddr(&other, 1), "family=?");
	CHECK_STR(sockaddr(&other, 0), "family=?");
}

static const char *str(const char *bytes, size_t n, int truncated)
{
	podshark_render_str((const uint8_t *)bytes, n, truncated, out, sizeof(out));
	return out;
}

static void test_hostile_strings(void)
{
	CHECK_STR(str("/etc/passwd", 11, 0), "\"/etc/passwd\"");
	CHECK_STR(str("", 0, 0), "\"\"");
	CHECK_STR(str("abc", 3, 1), "\"abc\"...");
	CHECK_STR(str("a\"b\\c", 5, 0), "\"a\\\"b\\\\c\"");
	CHECK_STR(str("l1\nl2\t\r\v\f", 9, 0), "\"l1\\nl2\\t\\r\\v\\f\"");
	CHECK_STR(str("\x1b[31m\x7f", 6, 0), "\"\\x1b[31m\\x7f\"");
	/* a format string is data, never a format */
	CHECK_STR(str("%n%s%x%%", 8, 0), "\"%n%s%x%%\"");
	/* NUL bytes inside the data */
	CHECK_STR(str("a\0b", 3, 0), "\"a\\x00b\"");
	/* valid UTF-8 passes, invalid bytes are escaped one by one */
	CHECK_STR(str("caf\xc3\xa9", 5, 0), "\"caf\xc3\xa9\"");
	CHECK_STR(str("\xe6\x97\xa5\xe6\x9c\xac", 6, 0), "\"\xe6\x97\xa5\xe6\x9c\xac\"");
	CHECK_STR(str("\xff\xfe", 2, 0), "\"\\xff\\xfe\"");
	CHECK_STR(str("\xc3", 1, 0), "\"\\xc3\"");          /* cut sequence */
	CHECK_STR(str("\xc0\xaf", 2, 0), "\"\\xc0\\xaf\"");  /* overlong '/' */
	CHECK_STR(str("\xed\xa0\x80", 3, 0), "\"\\xed\\xa0\\x80\""); /* a surrogate */
	CHECK_STR(str("\xf4\x90\x80\x80", 4, 0), "\"\\xf4\\x90\\x80\\x80\""); /* > U+10FFFF */
	/* a bidi override (U+202E) and a C1 control (U+0085) would fool a reader */
	CHECK_STR(str("a\xe2\x80\xae" "b", 5, 0), "\"a\\xe2\\x80\\xaeb\"");
	CHECK_STR(str("\xc2\x85", 2, 0), "\"\\xc2\\x85\"");
}

static void test_argv(void)
{
	static const char two[] = "ls\0-l";
	static const char cut[] = "sh\0-c\0echo hel";

	podshark_render_argv((const uint8_t *)two, sizeof(two), 2, 0, out, sizeof(out));
	CHECK_STR(out, "[\"ls\", \"-l\"]");
	podshark_render_argv((const uint8_t *)two, sizeof(two), 2, 1, out, sizeof(out));
	CHECK_STR(out, "[\"ls\", \"-l\", ...]");
	/* the last string lost its end */
	podshark_render_argv((const uint8_t *)cut, sizeof(cut) - 1, 3, 1, out, sizeof(out));
	CHECK_STR(out, "[\"sh\", \"-c\", \"echo hel\"..., ...]");
	/* fewer strings in the bytes than counted */
	podshark_render_argv((const uint8_t *)two, 3, 2, 0, out, sizeof(out));
	CHECK_STR(out, "[\"ls\", ...]");
	podshark_render_argv(NULL, 0, 0, 0, out, sizeof(out));
	CHECK_STR(out, "[]");
}

static void test_wait_status_and_fd_pair(void)
{
	static const uint8_t fds[8] = { 3, 0, 0, 0, 4, 0, 0, 0 };

	podshark_render_wait_status(0, out, sizeof(out));
	CHECK_STR(out, "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]");
	podshark_render_wait_status(1 << 8, out, sizeof(out));
	CHECK_STR(out, "[{WIFEXITED(s) && WEXITSTATUS(s) == 1}]");
	podshark_render_wait_status(SIGKILL, out, sizeof(out));
	CHECK_STR(out, "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]");
	podshark_render_wait_status(SIGSEGV | 0x80, out, sizeof(out));
	CHECK_STR(out, "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]");
	podshark_render_wait_status(SIGSTOP << 8 | 0x7f, out, sizeof(out));
	CHECK_STR(out, "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]");
	podshark_render_wait_status(0xffff, out, sizeof(out));
	CHECK_STR(out, "[{WIFCONTINUED(s)}]");
	/* a ptrace exec event stop: PTRACE_EVENT_EXEC (4) in the bits above 16 */
	podshark_render_wait_status(4 << 16 | SIGTRAP << 8 | 0x7f, out, sizeof(out));
	CHECK_STR(out, "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP} | PTRACE_EVENT_EXEC << 16]");

	podshark_render_fd_pair(fds, sizeof(fds), out, sizeof(out));
	CHECK_STR(out, "[3, 4]");
	podshark_render_fd_pair(fds, 7, out, sizeof(out));
	CHECK_STR(out, "?");
}

/* A memory extension value: the prefix of podshark_record.h, then bytes. */
static size_t mem_value(uint8_t *v, uint8_t arg, uint8_t flags, uint16_t count,
			uint32_t full_len, const void *bytes, size_t n)
{
	v[0] = arg;
	v[1] = flags;
	v[2] = (uint8_t)count;
	v[3] = (uint8_t)(count >> 8);
	v[4] = (uint8_t)full_len;
	v[5] = (uint8_t)(full_len >> 8);
	v[6] = (uint8_t)(full_len >> 16);
	v[7] = (uint8_t)(full_len >> 24);
	if (n)
		memcpy(v + 8, bytes, n);
	return 8 + n;
}

static void test_ext(void)
{
	uint8_t v[64];
	size_t n;

	n = mem_value(v, 1, 0, 0, 0, "/etc/passwd", 11);
	podshark_render_ext(PODSHARK_EXT_STR, v, n, out, sizeof(out));
	CHECK_STR(out, "\"/etc/passwd\"");
	n = mem_value(v, 1, PODSHARK_MEM_FAULT, 0, 0, NULL, 0);
	podshark_render_ext(PODSHARK_EXT_STR, v, n, out, sizeof(out));
	CHECK_STR(out, "<unreadable>");
	/* BUF: 5 bytes of 4096 read */
	n = mem_value(v, 1, PODSHARK_MEM_AT_EXIT, 0, 4096, "root:", 5);
	podshark_render_ext(PODSHARK_EXT_BUF, v, n, out, sizeof(out));
	CHECK_STR(out, "\"root:\"...");
	podshark_render_ext(PODSHARK_EXT_STR, v, 7, out, sizeof(out));
	CHECK_STR(out, "?");
	podshark_render_ext(0x7777, v, n, out, sizeof(out));
	CHECK_STR(out, "?");
	n = mem_value(v, 1, PODSHARK_MEM_AT_EXIT, 0, 0, "\x07\x00\x00\x00", 4);
	podshark_render_ext(PODSHARK_EXT_INT_OUT, v, n, out, sizeof(out));
	CHECK_STR(out, "[7]");
}

/* --- whole calls --- */

struct rec_builder {
	struct podshark_syscall_rec sc;
	uint8_t ext[1024];
	size_t ext_len;
	uint8_t buf[2048];
	struct podshark_decoded dec;
};

static void rec_start(struct rec_builder *b, const char *name, int64_t ret)
{
	int nr = podshark_syscall_nr(X86_64, name);

	memset(b, 0, sizeof(*b));
	CHECK(nr >= 0);
	b->sc.nr = (uint32_t)nr;
	b->sc.arch = X86_64;
	b->sc.ret = ret;
}

static void rec_mem(struct rec_builder *b, uint16_t type, uint8_t arg, uint8_t flags,
		    uint16_t count, uint32_t full_len, const void *bytes, size_t n)
{
	uint8_t v[600];
	size_t vlen = mem_value(v, arg, flags, count, full_len, bytes, n);

	CHECK(podshark_ext_append(b->ext, sizeof(b->ext), &b->ext_len, type, v, vlen) == 0);
}

static const char *rec_call(struct rec_builder *b)
{
	size_t len = podshark_encode_syscall(&b->sc, b->ext, b->ext_len, b->buf, sizeof(b->buf));

	CHECK(len > 0);
	CHECK(podshark_decode(b->buf, len, &b->dec) == PODSHARK_DECODE_OK);
	podshark_render_call(&b->dec, b->buf, out, sizeof(out));
	return out;
}

static const char *rec_args(struct rec_builder *b)
{
	rec_call(b);
	podshark_render_args(&b->dec, b->buf, out, sizeof(out));
	return out;
}

static void test_calls(void)
{
	static struct rec_builder b;
	struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = htons(443) };
	static const char argv[] = "ls\0-l";

	rec_start(&b, "openat", 3);
	b.sc.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	b.sc.args[1] = 0x7ffd0000;
	b.sc.args[2] = O_RDONLY | O_CLOEXEC;
	rec_mem(&b, PODSHARK_EXT_STR, 1, 0, 0, 0, "/etc/passwd", 11);
	CHECK_STR(rec_call(&b), "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3");
	CHECK_STR(rec_args(&b),
		  "dfd=AT_FDCWD filename=/etc/passwd flags=O_RDONLY|O_CLOEXEC mode=000");
	/* with O_CREAT the mode is shown */
	b.sc.args[2] = O_WRONLY | O_CREAT | O_TRUNC;
	b.sc.args[3] = 0644;
	CHECK_STR(rec_call(&b),
		  "openat(AT_FDCWD, \"/etc/passwd\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3");
	b.sc.ret = -13;
	CHECK_STR(rec_call(&b),
		  "openat(AT_FDCWD, \"/etc/passwd\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = -1 EACCES");

	rec_start(&b, "connect", -111);
	b.sc.args[0] = 3;
	b.sc.args[1] = 0x7ffd0000;
	b.sc.args[2] = sizeof(in4);
	inet_pton(AF_INET, "10.0.0.7", &in4.sin_addr);
	rec_mem(&b, PODSHARK_EXT_SOCKADDR, 1, 0, 0, sizeof(in4), &in4, sizeof(in4));
	CHECK_STR(rec_call(&b), "connect(3, 10.0.0.7:443, 16) = -1 ECONNREFUSED");

	/* read: the buffer is output, read at exit */
	rec_start(&b, "read", 5);
	b.sc.args[0] = 3;
	b.sc.args[1] = 0x5555000;
	b.sc.args[2] = 4096;
	rec_mem(&b, PODSHARK_EXT_BUF, 1, PODSHARK_MEM_AT_EXIT, 0, 5, "root\n", 5);
	CHECK_STR(rec_call(&b), "read(3, \"root\\n\", 4096) = 5");
	/* without the payload (snap length 0) the pointer shows */
	b.ext_len = 0;
	CHECK_STR(rec_call(&b), "read(3, 0x5555000, 4096) = 5");
	/* still in the kernel when the capture stopped */
	b.sc.args[0] = 0;
	b.sc.flags = PODSHARK_SC_UNFINISHED;
	CHECK_STR(rec_call(&b), "read(0, ...) = ? <unfinished>");
	/* the entry was lost: only what the exit read is known */
	b.sc.flags = PODSHARK_SC_ENTRY_LOST;
	rec_mem(&b, PODSHARK_EXT_BUF, 1, PODSHARK_MEM_AT_EXIT, 0, 5, "root\n", 5);
	CHECK_STR(rec_call(&b), "read(?, \"root\\n\", ?) = 5");
	/* a kernel-internal errno of an interrupted call */
	b.sc.flags = 0;
	b.sc.ret = -512;
	CHECK_STR(rec_call(&b), "read(0, \"root\\n\", 4096) = -1 ERESTARTSYS");

	rec_start(&b, "exit_group", 0);
	b.sc.flags = PODSHARK_SC_NORETURN;
	CHECK_STR(rec_call(&b), "exit_group(0) = ?");

	rec_start(&b, "execve", 0);
	b.sc.args[0] = 0x1000;
	b.sc.args[1] = 0x2000;
	b.sc.args[2] = 0x3000;
	rec_mem(&b, PODSHARK_EXT_STR, 0, 0, 0, 0, "/bin/ls", 7);
	rec_mem(&b, PODSHARK_EXT_ARGV, 1, 0, 2, 0, argv, sizeof(argv));
	CHECK_STR(rec_call(&b), "execve(\"/bin/ls\", [\"ls\", \"-l\"], 0x3000) = 0");
	/* an unreadable pointer shows as the pointer */
	rec_start(&b, "execve", -14);
	b.sc.args[0] = 0xdead;
	rec_mem(&b, PODSHARK_EXT_STR, 0, PODSHARK_MEM_FAULT, 0, 0, NULL, 0);
	CHECK_STR(rec_call(&b), "execve(0xdead, NULL, NULL) = -1 EFAULT");

	/* strace 6.1 on faccessat2(AT_FDCWD, "/", R_OK|X_OK, AT_EACCESS|AT_SYMLINK_NOFOLLOW) */
	rec_start(&b, "faccessat2", 0);
	b.sc.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	b.sc.args[1] = 0x1000;
	b.sc.args[2] = R_OK | X_OK;
	b.sc.args[3] = AT_EACCESS | AT_SYMLINK_NOFOLLOW;
	rec_mem(&b, PODSHARK_EXT_STR, 1, 0, 0, 0, "/", 1);
	CHECK_STR(rec_call(&b),
		  "faccessat2(AT_FDCWD, \"/\", R_OK|X_OK, AT_SYMLINK_NOFOLLOW|AT_EACCESS) = 0");
	CHECK_STR(value(PODSHARK_ARG_ACCESS_MODE, R_OK | W_OK | X_OK), "R_OK|W_OK|X_OK");

	rec_start(&b, "pipe2", 0);
	b.sc.args[0] = 0x7000;
	b.sc.args[1] = O_CLOEXEC;
	rec_mem(&b, PODSHARK_EXT_FD_PAIR, 0, PODSHARK_MEM_AT_EXIT, 0, 0,
		"\x03\x00\x00\x00\x04\x00\x00\x00", 8);
	CHECK_STR(rec_call(&b), "pipe2([3, 4], O_CLOEXEC) = 0");

	rec_start(&b, "wait4", 42);
	b.sc.args[0] = (uint64_t)-1;
	b.sc.args[1] = 0x7000;
	rec_mem(&b, PODSHARK_EXT_INT_OUT, 1, PODSHARK_MEM_AT_EXIT, 0, 0, "\x00\x00\x00\x00", 4);
	CHECK_STR(rec_call(&b), "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 42");

	rec_start(&b, "socket", 3);
	b.sc.args[0] = AF_INET;
	b.sc.args[1] = SOCK_STREAM | SOCK_CLOEXEC;
	b.sc.args[2] = IPPROTO_TCP;
	CHECK_STR(rec_call(&b), "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 3");
	b.sc.args[0] = AF_NETLINK;
	b.sc.args[1] = SOCK_RAW;
	b.sc.args[2] = NETLINK_ROUTE;
	CHECK_STR(rec_call(&b), "socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 3");
	b.sc.args[0] = AF_PACKET;
	b.sc.args[2] = htons(ETH_P_ALL);
	CHECK_STR(rec_call(&b), "socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) = 3");

	rec_start(&b, "setsockopt", 0);
	b.sc.args[0] = 3;
	b.sc.args[1] = SOL_SOCKET;
	b.sc.args[2] = SO_REUSEADDR;
	b.sc.args[3] = 0x7000;
	b.sc.args[4] = 4;
	CHECK_STR(rec_call(&b), "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, 0x7000, 4) = 0");

	rec_start(&b, "prctl", 1);
	b.sc.args[0] = PR_CAPBSET_READ;
	b.sc.args[1] = 21; /* CAP_SYS_ADMIN */
	CHECK_STR(rec_call(&b), "prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) = 1");

	rec_start(&b, "fcntl", 0x8002);
	b.sc.args[0] = 3;
	b.sc.args[1] = F_GETFL;
	CHECK_STR(rec_call(&b), "fcntl(3, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)");
	b.sc.args[1] = F_GETFD;
	b.sc.ret = FD_CLOEXEC;
	CHECK_STR(rec_call(&b), "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)");
	b.sc.args[1] = F_SETFD;
	b.sc.args[2] = FD_CLOEXEC;
	b.sc.ret = 0;
	CHECK_STR(rec_call(&b), "fcntl(3, F_SETFD, FD_CLOEXEC) = 0");
	b.sc.args[1] = F_SETFL;
	b.sc.args[2] = O_RDWR | O_NONBLOCK;
	CHECK_STR(rec_call(&b), "fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0");

	rec_start(&b, "mmap", (int64_t)0x7f0000000000ll);
	b.sc.args[1] = 8192;
	b.sc.args[2] = PROT_READ | PROT_WRITE;
	b.sc.args[3] = MAP_PRIVATE | MAP_ANONYMOUS;
	b.sc.args[4] = (uint64_t)-1;
	CHECK_STR(rec_call(&b),
		  "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
		  "0x7f0000000000");

	rec_start(&b, "unshare", 0);
	b.sc.args[0] = CLONE_NEWNS | CLONE_NEWPID;
	CHECK_STR(rec_call(&b), "unshare(CLONE_NEWNS|CLONE_NEWPID) = 0");

	/* a number this build does not know */
	memset(&b, 0, sizeof(b));
	b.sc.arch = X86_64;
	b.sc.nr = 4000;
	b.sc.args[0] = 1;
	b.sc.ret = -38;
	CHECK_STR(rec_call(&b), "syscall_4000(0x1, 0, 0, 0, 0, 0) = -1 ENOSYS");
}

/* The option of a setsockopt call at level and its expected name; the call
 * passes a pointer to an int, which strace shows as [1] and podshark as the
 * pointer. */
static const char *sockopt_call(struct rec_builder *b, const char *name, int level, int option)
{
	rec_start(b, name, 0);
	b->sc.args[0] = 3;
	b->sc.args[1] = (uint32_t)level;
	b->sc.args[2] = (uint32_t)option;
	b->sc.args[3] = 0x7000;
	b->sc.args[4] = name[0] == 's' ? 4 : 0x7010;
	return rec_call(b);
}

/* Option names by level; expected: strace 6.1 on this machine's setsockopt
 * and getsockopt calls of each option (setsockopt(3, SOL_IP, IP_RECVERR, [1],
 * 4) = 0). */
static void test_sockopt_names(void)
{
	static struct rec_builder b;

	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_IP, IP_RECVERR),
		  "setsockopt(3, SOL_IP, IP_RECVERR, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_IP, IP_TOS),
		  "setsockopt(3, SOL_IP, IP_TOS, 0x7000, 4) = 0");
	/* IP_RECVORIGDSTADDR and IP_RECVRETOPTS are aliases strace does not show */
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_IP, IP_RECVORIGDSTADDR),
		  "setsockopt(3, SOL_IP, IP_ORIGDSTADDR, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_IP, IP_RECVRETOPTS),
		  "setsockopt(3, SOL_IP, IP_RETOPTS, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_IP, MCAST_JOIN_GROUP),
		  "setsockopt(3, SOL_IP, MCAST_JOIN_GROUP, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "getsockopt", SOL_IP, IP_TTL),
		  "getsockopt(3, SOL_IP, IP_TTL, 0x7000, 0x7010) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_IPV6, IPV6_V6ONLY),
		  "setsockopt(3, SOL_IPV6, IPV6_V6ONLY, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_IPV6, IPV6_ADD_MEMBERSHIP),
		  "setsockopt(3, SOL_IPV6, IPV6_ADD_MEMBERSHIP, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_IPV6, MCAST_MSFILTER),
		  "setsockopt(3, SOL_IPV6, MCAST_MSFILTER, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_IPV6, IPV6_FREEBIND),
		  "setsockopt(3, SOL_IPV6, IPV6_FREEBIND, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_TCP, TCP_NODELAY),
		  "setsockopt(3, SOL_TCP, TCP_NODELAY, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_TCP, 15),
		  "setsockopt(3, SOL_TCP, TCP_COOKIE_TRANSACTIONS, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_TCP, TCP_INQ),
		  "setsockopt(3, SOL_TCP, TCP_INQ, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "getsockopt", SOL_TCP, TCP_INFO),
		  "getsockopt(3, SOL_TCP, TCP_INFO, 0x7000, 0x7010) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_UDP, UDP_CORK),
		  "setsockopt(3, SOL_UDP, UDP_CORK, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_UDP, UDP_GRO),
		  "setsockopt(3, SOL_UDP, UDP_GRO, 0x7000, 4) = 0");
	/* UDP_ENCAP_ESPINUDP (2) is a value of UDP_ENCAP, and 11 an IP option */
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_UDP, 2),
		  "setsockopt(3, SOL_UDP, 2, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_UDP, 11),
		  "setsockopt(3, SOL_UDP, 11, 0x7000, 4) = 0");
	/* what ip(8) sets on its netlink socket; 1 is not NETLINK_UNUSED here */
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_NETLINK, NETLINK_EXT_ACK),
		  "setsockopt(3, SOL_NETLINK, NETLINK_EXT_ACK, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_NETLINK, NETLINK_GET_STRICT_CHK),
		  "setsockopt(3, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 0x7000, 4) = 0");
	CHECK_STR(sockopt_call(&b, "setsockopt", SOL_NETLINK, 1),
		  "setsockopt(3, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, 0x7000, 4) = 0");
}

/* The calls strace 6.1 showed on this machine, with what podshark shows
 * instead of the memory the probe does not read (struct statx: the pointer)
 * and the arguments strace leaves out for an op (a futex's timeout and
 * second address when the op takes none). */
static void test_calls_in_context(void)
{
	static struct rec_builder b;

	/* ls -ld /etc */
	rec_start(&b, "statx", 0);
	b.sc.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	b.sc.args[1] = 0x7ffd0000;
	b.sc.args[2] = AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT;
	b.sc.args[3] = 0x25e;
	b.sc.args[4] = 0x7ffd1000;
	rec_mem(&b, PODSHARK_EXT_STR, 1, 0, 0, 0, "/etc", 4);
	CHECK_STR(rec_call(&b),
		  "statx(AT_FDCWD, \"/etc\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|"
		  "AT_NO_AUTOMOUNT, STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|"
		  "STATX_SIZE, 0x7ffd1000) = 0");
	CHECK_STR(rec_args(&b),
		  "dfd=AT_FDCWD filename=/etc flags=AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW|"
		  "AT_NO_AUTOMOUNT mask=STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|"
		  "STATX_SIZE buffer=0x7ffd1000");

	rec_start(&b, "renameat2", -17);
	b.sc.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	b.sc.args[2] = 10;
	b.sc.args[4] = RENAME_NOREPLACE;
	rec_mem(&b, PODSHARK_EXT_STR, 1, 0, 0, 0, "renamed.txt", 11);
	rec_mem(&b, PODSHARK_EXT_STR, 3, 0, 0, 0, "data.txt", 8);
	CHECK_STR(rec_call(&b), "renameat2(AT_FDCWD, \"renamed.txt\", 10, \"data.txt\", "
				"RENAME_NOREPLACE) = -1 EEXIST");

	/* strace shows mremap's new address only with MREMAP_FIXED */
	rec_start(&b, "mremap", -14);
	b.sc.args[0] = 0x7ff834130000;
	b.sc.args[1] = 8192;
	b.sc.args[2] = 16384;
	b.sc.args[3] = MREMAP_MAYMOVE;
	CHECK_STR(rec_call(&b), "mremap(0x7ff834130000, 8192, 16384, MREMAP_MAYMOVE) = -1 EFAULT");
	b.sc.args[3] = MREMAP_MAYMOVE | MREMAP_FIXED;
	b.sc.args[4] = 0x7f7100d98000;
	CHECK_STR(rec_call(&b), "mremap(0x7ff834130000, 8192, 16384, MREMAP_MAYMOVE|MREMAP_FIXED, "
				"0x7f7100d98000) = -1 EFAULT");

	rec_start(&b, "madvise", 0);
	b.sc.args[0] = 0x7ff834130000;
	b.sc.args[1] = 8192;
	b.sc.args[2] = MADV_DONTNEED;
	CHECK_STR(rec_call(&b), "madvise(0x7ff834130000, 8192, MADV_DONTNEED) = 0");

	rec_start(&b, "fadvise64", 0);
	b.sc.args[0] = 3;
	b.sc.args[3] = POSIX_FADV_SEQUENTIAL;
	CHECK_STR(rec_call(&b), "fadvise64(3, 0, 0, POSIX_FADV_SEQUENTIAL) = 0");

	rec_start(&b, "arch_prctl", 0);
	b.sc.args[0] = 0x1002; /* ARCH_SET_FS */
	b.sc.args[1] = 0x7fed6494f740;
	CHECK_STR(rec_call(&b), "arch_prctl(ARCH_SET_FS, 0x7fed6494f740) = 0");

	rec_start(&b, "shutdown", 0);
	b.sc.args[0] = 11;
	b.sc.args[1] = SHUT_WR;
	CHECK_STR(rec_call(&b), "shutdown(11, SHUT_WR) = 0");

	/* the bitset of FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET is the last
	 * argument: named when it matches any waiter, else in hex */
	rec_start(&b, "futex", 0);
	b.sc.args[0] = 0x7fe4eb335990;
	b.sc.args[1] = FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME;
	b.sc.args[2] = 19901;
	b.sc.args[5] = FUTEX_BITSET_MATCH_ANY;
	CHECK_STR(rec_call(&b), "futex(0x7fe4eb335990, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, "
				"19901, NULL, NULL, FUTEX_BITSET_MATCH_ANY) = 0");
	b.sc.args[1] = FUTEX_WAKE_BITSET;
	b.sc.args[2] = 1;
	CHECK_STR(rec_call(&b), "futex(0x7fe4eb335990, FUTEX_WAKE_BITSET, 1, NULL, NULL, "
				"FUTEX_BITSET_MATCH_ANY) = 0");
	b.sc.args[1] = FUTEX_WAKE_BITSET_PRIVATE;
	b.sc.args[5] = 0x5;
	CHECK_STR(rec_call(&b),
		  "futex(0x7fe4eb335990, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0x5) = 0");
	b.sc.args[1] = FUTEX_WAIT_BITSET_PRIVATE;
	b.sc.args[5] = 0;
	b.sc.ret = -22;
	CHECK_STR(rec_call(&b),
		  "futex(0x7fe4eb335990, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0) = -1 EINVAL");
	/* FUTEX_WAKE takes no bitset: the register stays a number (strace
	 * leaves it out) */
	b.sc.args[1] = FUTEX_WAKE;
	b.sc.args[5] = FUTEX_BITSET_MATCH_ANY;
	b.sc.ret = 0;
	CHECK_STR(rec_call(&b),
		  "futex(0x7fe4eb335990, FUTEX_WAKE, 1, NULL, NULL, 4294967295) = 0");
}

/* Every buffer size, from none to enough: the text is always a prefix of the
 * whole one, NUL-terminated, and the return value is the whole length. */
static void test_small_buffers(void)
{
	static struct rec_builder b;
	const char *tricky = "\xe6\x97\xa5\xe6\x9c\xac/%n\n\xff";
	char whole[OUT_LEN], *small;
	size_t full, size, got;

	rec_start(&b, "openat", 3);
	b.sc.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	b.sc.args[2] = O_RDONLY | O_CLOEXEC;
	rec_mem(&b, PODSHARK_EXT_STR, 1, 0, 0, 0, tricky, strlen(tricky));
	rec_call(&b);
	full = podshark_render_call(&b.dec, b.buf, whole, sizeof(whole));
	CHECK(full == strlen(whole));
	CHECK_STR(whole, "openat(AT_FDCWD, \"\xe6\x97\xa5\xe6\x9c\xac/%n\\n\\xff\", "
			 "O_RDONLY|O_CLOEXEC) = 3");

	CHECK(podshark_render_call(&b.dec, b.buf, NULL, 0) == full);
	for (size = 1; size <= full + 1; size++) {
		/* exactly size bytes on the heap, so that the sanitizer sees any overrun */
		small = malloc(size);
		CHECK(small != NULL);
		if (!small)
			return;
		got = podshark_render_call(&b.dec, b.buf, small, size);
		CHECK(got == full);
		CHECK(strlen(small) < size);
		CHECK(strncmp(small, whole, strlen(small)) == 0);
		/* never cut inside a UTF-8 character: the first takes bytes 18 to 20 */
		if (size == 20 || size == 21)
			CHECK(strlen(small) == 18);
		if (size == 22)
			CHECK(strlen(small) == 21);
		free(small);
	}
	CHECK(podshark_render_value(PODSHARK_ARG_OPEN_FLAGS, 0x80000, X86_64, whole, 4) == 18);
	CHECK_STR(whole, "O_R");
	CHECK(podshark_render_sockaddr((const uint8_t *)"\x02\x00", 2, whole, 1) > 0);
	CHECK_STR(whole, "");
}

/* Records the renderer must refuse or survive. */
/* io_uring: the rings' own calls as strace shows them, and the operations as
 * the calls they stand for. */
static void test_io_uring(void)
{
	static struct rec_builder b;
	/* struct io_uring_params up to wq_fd, as io_uring_setup left it */
	const uint32_t params[7] = { 8, 16, IORING_SETUP_SQPOLL | IORING_SETUP_CQSIZE, 1, 2000,
				     0x3fff, 0 };

	CHECK_STR(value(PODSHARK_ARG_IO_URING_ENTER_FLAGS,
			IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP),
		  "IORING_ENTER_GETEVENTS|IORING_ENTER_SQ_WAKEUP");
	CHECK_STR(value(PODSHARK_ARG_IO_URING_ENTER_FLAGS, 0), "0");
	CHECK_STR(value(PODSHARK_ARG_IO_URING_REGISTER_OP, IORING_REGISTER_FILES),
		  "IORING_REGISTER_FILES");
	CHECK_STR(value(PODSHARK_ARG_IO_URING_REGISTER_OP, IORING_UNREGISTER_BUFFERS),
		  "IORING_UNREGISTER_BUFFERS");
	CHECK_STR(value(PODSHARK_ARG_IO_URING_REGISTER_OP, (1u << 31) | IORING_REGISTER_FILES),
		  "IORING_REGISTER_USE_REGISTERED_RING|IORING_REGISTER_FILES");

	rec_start(&b, "io_uring_setup", 3);
	b.sc.args[0] = 8;
	b.sc.args[1] = 0x7ffd0000;
	CHECK_STR(rec_call(&b), "io_uring_setup(8, 0x7ffd0000) = 3");
	rec_mem(&b, PODSHARK_EXT_STRUCT, 1, PODSHARK_MEM_AT_EXIT, 0, 0, params, sizeof(params));
	CHECK_STR(rec_call(&b), "io_uring_setup(8, {flags=IORING_SETUP_SQPOLL|IORING_SETUP_CQSIZE, "
				"sq_thread_cpu=1, sq_thread_idle=2000, sq_entries=8, cq_entries=16, "
				"features=0x3fff, wq_fd=0}) = 3");

	rec_start(&b, "io_uring_enter", 1);
	b.sc.args[0] = 3;
	b.sc.args[1] = 1;
	b.sc.args[3] = IORING_ENTER_GETEVENTS;
	b.sc.args[5] = 8;
	CHECK_STR(rec_call(&b), "io_uring_enter(3, 1, 0, IORING_ENTER_GETEVENTS, NULL, 8) = 1");

	/* an operation standing for openat */
	rec_start(&b, "openat", 7);
	b.sc.flags = PODSHARK_SC_IO_URING;
	b.sc.uring = IORING_OP_OPENAT;
	b.sc.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	b.sc.args[1] = 0x7ffd0000;
	rec_mem(&b, PODSHARK_EXT_STR, 1, 0, 0, 0, "/etc/shadow", 11);
	CHECK_STR(rec_call(&b), "io_uring openat(AT_FDCWD, \"/etc/shadow\", O_RDONLY) = 7");
	/* on a registered file: its index, not an fd */
	rec_start(&b, "close", 0);
	b.sc.flags = PODSHARK_SC_IO_URING;
	b.sc.uring = IORING_OP_CLOSE | PODSHARK_URING_FIXED_FILE;
	b.sc.args[0] = 2;
	CHECK_STR(rec_call(&b), "io_uring close(fixed:2) = 0");
	/* one no call stands for: its name and fd */
	rec_start(&b, "openat", 1);
	b.sc.nr = PODSHARK_NR_NONE;
	b.sc.flags = PODSHARK_SC_IO_URING;
	b.sc.uring = IORING_OP_POLL_ADD;
	b.sc.args[0] = 5;
	CHECK_STR(rec_call(&b), "io_uring POLL_ADD(5) = 1");
	/* one the probe could not decode, and one this build does not know */
	b.sc.flags |= PODSHARK_SC_UNDECODED;
	b.sc.uring = IORING_OP_OPENAT;
	CHECK_STR(rec_call(&b), "io_uring OPENAT(<not decoded>) = 1");
	b.sc.flags = PODSHARK_SC_IO_URING;
	b.sc.uring = 200;
	CHECK_STR(rec_call(&b), "io_uring op_200(5) = 1");
}

static void test_not_a_call(void)
{
	struct podshark_loss_rec loss = { .evt_num = 1 };
	uint8_t buf[64];
	struct podshark_decoded dec;
	size_t len = podshark_encode_loss(&loss, buf, sizeof(buf));

	CHECK(podshark_decode(buf, len, &dec) == PODSHARK_DECODE_OK);
	strcpy(out, "garbage");
	CHECK(podshark_render_call(&dec, buf, out, sizeof(out)) == 0);
	CHECK_STR(out, "");
	CHECK(podshark_render_args(&dec, buf, out, sizeof(out)) == 0);
	CHECK_STR(out, "");
}

int main(void)
{
	test_numbers();
	test_files();
	test_file_calls();
	test_memory();
	test_processes();
	test_random();
	test_sockets();
	test_sockaddrs();
	test_hostile_strings();
	test_argv();
	test_wait_status_and_fd_pair();
	test_ext();
	test_calls();
	test_sockopt_names();
	test_calls_in_context();
	test_small_buffers();
	test_io_uring();
	test_not_a_call();
	return check_exit_status("test_arg_render");
}

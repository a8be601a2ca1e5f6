# SPDX-License-Identifier: GPL-2.0-or-later
#
# The tables of named constants behind the argument renderer (record/arg_render.c),
# generated at build time from the build machine's headers by
# record/gen/gen-const-table.sh; record/arg_tables.h declares them.  Each line:
#   podshark_const_table(TABLE MODE CAST INCLUDE_RE EXCLUDE_RE HEADER...)
# (the script's header explains the arguments).  The header of each family is
# the one that defines it for user space: the kernel's uapi headers where they
# do, glibc's where the kernel keeps them to itself (AF_*, SOCK_*, MSG_*,
# IPPROTO_*, MNT_*, R_OK, SHUT_*).  EXCLUDE_RE leaves out sub-values that share the
# prefix of a family (PR_SET_MM_*, TIOCPKT_*) and aliases whose first definition
# is not the name strace prints (AF_LOCAL for AF_UNIX, MS_VERBOSE for MS_SILENT).

set(PODSHARK_CONST_SOURCES)

function(podshark_const_table table mode cast include_re exclude_re)
	set(output ${PODSHARK_GENERATED_DIR}/const_${table}.c)
	add_custom_command(OUTPUT ${output}
		COMMAND ${CMAKE_COMMAND} -E make_directory ${PODSHARK_GENERATED_DIR}
		COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/gen/gen-const-table.sh ${CMAKE_C_COMPILER}
			${output} ${table} ${mode} ${cast} ${include_re} "${exclude_re}" ${ARGN}
		DEPENDS gen/gen-const-table.sh
		COMMENT "Generating the ${table} constants from ${ARGN}"
		VERBATIM)
	set(PODSHARK_CONST_SOURCES ${PODSHARK_CONST_SOURCES} ${output} PARENT_SCOPE)
endfunction()

# Files: open(2) flags.  x86_64 and i386 use asm-generic's values; arm64
# overrides four of them in its asm/fcntl.h, used when installed, else its
# four definitions are given here (arch/arm64/include/uapi/asm/fcntl.h).
podshark_const_table(open_accmode values uint32_t "^O_(RDONLY|WRONLY|RDWR)$" ""
	asm-generic/fcntl.h)
podshark_const_table(open_flags values uint32_t "^O_" "^O_(ACCMODE|RDONLY|WRONLY|RDWR)$"
	asm-generic/fcntl.h)
podshark_find_header(PODSHARK_FCNTL_AARCH64 asm/fcntl.h aarch64-linux-gnu)
if(PODSHARK_FCNTL_AARCH64)
	set(fcntl_aarch64 ${PODSHARK_FCNTL_AARCH64})
else()
	set(fcntl_aarch64 -DO_DIRECTORY=040000 -DO_NOFOLLOW=0100000 -DO_DIRECT=0200000
		-DO_LARGEFILE=0400000 asm-generic/fcntl.h)
endif()
podshark_const_table(open_flags_aarch64 values uint32_t "^O_" "^O_(ACCMODE|RDONLY|WRONLY|RDWR)$"
	${fcntl_aarch64})
podshark_const_table(at_flags values uint32_t "^AT_"
	"^AT_(FDCWD|EACCESS|STATX_SYNC_TYPE|STATX_SYNC_AS_STAT|RENAME_.*|HANDLE_.*)$" linux/fcntl.h)
podshark_const_table(at_eaccess names uint32_t "^AT_EACCESS$" "" linux/fcntl.h)
# statx(2): the sync type, a two-bit field of its flags whose zero has a name
# (AT_STATX_SYNC_AS_STAT), and the mask, without the STATX_ATTR_* attributes
# of struct statx and the reserved bit.
podshark_const_table(statx_sync values uint32_t "^AT_STATX_(SYNC_AS_STAT|FORCE_SYNC|DONT_SYNC)$" ""
	linux/fcntl.h)
podshark_const_table(statx_mask values uint32_t "^STATX_" "^STATX_(ATTR_.*|_RESERVED)$"
	linux/stat.h)
podshark_const_table(rename_flags values uint32_t "^RENAME_" "" linux/fs.h)
podshark_const_table(fadvise_advice values uint32_t "^POSIX_FADV_" "" linux/fadvise.h)
podshark_const_table(access_mode values uint32_t "^[RWXF]_OK$" "" unistd.h)
podshark_const_table(file_type values uint32_t "^S_IF(SOCK|LNK|REG|BLK|DIR|CHR|IFO)$" ""
	linux/stat.h)
podshark_const_table(whence values uint32_t "^SEEK_" "^SEEK_MAX$" linux/fs.h)
podshark_const_table(fcntl_cmd values uint32_t "^F_"
	"^F_(OWNER_.*|RDLCK|WRLCK|UNLCK|EXLCK|SHLCK|SEAL_.*|LINUX_SPECIFIC_BASE)$" linux/fcntl.h)
# Terminal, socket, file and block ioctls (asm-generic/ioctls.h through
# asm/ioctls.h, linux/sockios.h, linux/fs.h); the other headers define the
# structs some request numbers take the size of.  Left out: tcflow/tcflush
# arguments (TCOOFF...), flags, and the block trace requests, whose struct is
# in yet another header.
podshark_const_table(ioctl_req values uint32_t
	"^((TC|TIOC|FIO|SIOC|BLK)[A-Z0-9_]+|FS_IOC(32)?_[A-Z0-9_]+|FI(BMAP|GETBSZ|FREEZE|THAW|TRIM|CLONE|CLONERANGE|DEDUPERANGE))$"
	"^(TIOCPKT_.*|TIOCSER_TEMT|SIOCDEVPRIVATE|SIOCPROTOPRIVATE|BLKTRACE.*|TC(OOFF|OON|IOFF|ION|IFLUSH|OFLUSH|IOFLUSH|SANOW|SADRAIN|SAFLUSH))$"
	stddef.h asm/termbits.h linux/serial.h asm/ioctls.h linux/sockios.h linux/fiemap.h linux/fs.h)
podshark_const_table(ioc_dir values uint32_t "^_IOC_(NONE|READ|WRITE)$" "" linux/ioctl.h)
podshark_const_table(mount_flags values uint32_t "^MS_" "^MS_(VERBOSE|RMT_MASK|MGC_VAL|MGC_MSK)$"
	linux/mount.h)
podshark_const_table(umount_flags values uint32_t "^(MNT_(FORCE|DETACH|EXPIRE)|UMOUNT_NOFOLLOW)$"
	"" sys/mount.h)

# Memory.
podshark_const_table(prot values uint32_t "^PROT_" "" linux/mman.h)
podshark_const_table(map_type values uint32_t "^MAP_(SHARED|PRIVATE|SHARED_VALIDATE|DROPPABLE)$"
	"" linux/mman.h)
podshark_const_table(map_flags values uint32_t "^MAP_"
	"^MAP_(SHARED|PRIVATE|SHARED_VALIDATE|DROPPABLE|TYPE|FILE|HUGE_.*)$" linux/mman.h)
podshark_const_table(mremap_flags values uint32_t "^MREMAP_" "" linux/mman.h)
podshark_const_table(madvise_advice values uint32_t "^MADV_" "" linux/mman.h)

# Processes and signals.
podshark_const_table(clone_flags values uint64_t "^CLONE_" "^CLONE_ARGS_" linux/sched.h)
podshark_const_table(signal values uint32_t "^SIG[A-Z0-9]+$" "^SIG(RTMIN|RTMAX|STKSZ)$"
	asm/signal.h)
podshark_const_table(signal_limits names int64_t "^(SIGRTMIN|_NSIG)$" "" asm-generic/signal.h)
podshark_const_table(sigprocmask_how values uint32_t "^SIG_(BLOCK|UNBLOCK|SETMASK)$" ""
	asm/signal.h)
podshark_const_table(wait_options values uint32_t "^_*W[A-Z]+$" "" linux/wait.h)
podshark_const_table(ptrace_req values uint32_t "^PTRACE_"
	"^PTRACE_(O_.*|EVENT_.*|EVENTMSG_.*|SYSCALL_INFO_.*|PEEKSIGINFO_SHARED)$" linux/ptrace.h)
podshark_const_table(ptrace_event values uint32_t "^PTRACE_EVENT_" "" linux/ptrace.h)
podshark_const_table(prctl_opt values uint32_t "^PR_"
	"^PR_(UNALIGN_|FPEMU_|FP_EXC_|TIMING_|ENDIAN_|TSC_|MCE_KILL_(CLEAR|SET|LATE|EARLY|DEFAULT)|SET_MM_|SET_PTRACER_ANY|FP_MODE_|CAP_AMBIENT_|SVE_(SET_VL_ONEXEC|VL_)|SME_(SET_VL_ONEXEC|VL_)|SPEC_|PAC_AP|TAGGED_ADDR_ENABLE|MTE_|SYS_DISPATCH_|SCHED_CORE_|SET_VMA_)"
	linux/prctl.h)
podshark_const_table(capability values uint32_t "^CAP_" "^CAP_LAST_CAP$" linux/capability.h)
podshark_const_table(rlimit values uint32_t "^RLIMIT_" "" asm/resource.h)
podshark_const_table(clock_id values uint32_t "^CLOCK_" "" linux/time.h)
# arch_prctl(2) codes exist on x86 only; without x86's asm/prctl.h, the
# four of them every x86 program calls are given here.
podshark_find_header(PODSHARK_PRCTL_X86 asm/prctl.h x86_64-linux-gnu i386-linux-gnu)
if(PODSHARK_PRCTL_X86)
	set(prctl_x86 ${PODSHARK_PRCTL_X86})
else()
	set(prctl_x86 -DARCH_SET_GS=0x1001 -DARCH_SET_FS=0x1002 -DARCH_GET_FS=0x1003
		-DARCH_GET_GS=0x1004)
endif()
podshark_const_table(arch_prctl_code values uint32_t "^ARCH_"
	"^ARCH_(XCOMP_TILECFG|XCOMP_TILEDATA|SHSTK_(SHSTK|WRSS))$" ${prctl_x86})
podshark_const_table(futex_op values uint32_t "^FUTEX_"
	"^FUTEX_(PRIVATE_FLAG|CLOCK_REALTIME|CMD_MASK|32|WAITV_MAX|WAITERS|OWNER_DIED|TID_MASK|BITSET_MATCH_ANY|OP_.*)$"
	linux/futex.h)
podshark_const_table(futex_bitset values uint32_t "^FUTEX_BITSET_MATCH_ANY$" "" linux/futex.h)
podshark_const_table(getrandom_flags values uint32_t "^GRND_" "" linux/random.h)
podshark_const_table(seccomp_op values uint32_t "^SECCOMP_(SET_MODE_|GET_)" "" linux/seccomp.h)
# io_uring(7): io_uring_setup's and io_uring_enter's flags, io_uring_register's
# operations (an enum without a tag; IORING_REGISTER_USE_REGISTERED_RING is a flag
# on them, LAST a count).
podshark_const_table(io_uring_setup_flags values uint32_t "^IORING_SETUP_" "" linux/io_uring.h)
podshark_const_table(io_uring_enter_flags values uint32_t "^IORING_ENTER_" "" linux/io_uring.h)
podshark_const_table(io_uring_register_op enum: uint32_t "^IORING_(UN)?REGISTER_"
	"^IORING_REGISTER_(LAST|USE_REGISTERED_RING)$" linux/io_uring.h)
# bpf(2) commands are the enumerators of enum bpf_cmd, not macros.
podshark_const_table(bpf_cmd enum:bpf_cmd uint32_t "^BPF_" "" linux/bpf.h)

# Sockets.
podshark_const_table(sock_domain values uint32_t "^AF_" "^AF_(LOCAL|FILE|ROUTE|MAX)$" sys/socket.h)
podshark_const_table(sock_type values uint32_t "^SOCK_(STREAM|DGRAM|RAW|RDM|SEQPACKET|DCCP|PACKET)$"
	"" sys/socket.h)
podshark_const_table(sock_type_flags values uint32_t "^SOCK_(CLOEXEC|NONBLOCK)$" "" sys/socket.h)
podshark_const_table(sockopt_level values uint32_t "^SOL_" ""
	sys/socket.h netinet/in.h netinet/tcp.h netinet/udp.h)
podshark_const_table(shutdown_how values uint32_t "^SHUT_(RD|WR|RDWR)$" "" sys/socket.h)
# The option names of setsockopt/getsockopt, one table per level.  IP's
# MCAST_* are options of the IPv6 level too.  TCP's from glibc, which still
# names TCP_COOKIE_TRANSACTIONS (15) as strace does.
set(netlink_option_re
	"^NETLINK_(ADD_MEMBERSHIP|DROP_MEMBERSHIP|PKTINFO|BROADCAST_ERROR|NO_ENOBUFS|RX_RING|TX_RING|LISTEN_ALL_NSID|LIST_MEMBERSHIPS|CAP_ACK|EXT_ACK|GET_STRICT_CHK)$")
podshark_const_table(so_option values uint32_t "^SO_" "" sys/socket.h)
podshark_const_table(ip_option values uint32_t "^(IP|MCAST)_"
	"^(IP_(PMTUDISC_.*|DEFAULT_MULTICAST_.*|MAX_MEMBERSHIPS)|MCAST_(EXCLUDE|INCLUDE))$"
	linux/in.h)
podshark_const_table(ipv6_option values uint32_t "^(IPV6|MCAST)_"
	"^(IPV6_(FL_.*|FLOWINFO_(FLOWLABEL|PRIORITY)|PRIORITY_.*|TLV_.*|PMTUDISC_.*|PREFER_SRC_.*)|MCAST_(EXCLUDE|INCLUDE))$"
	linux/in.h linux/in6.h)
podshark_const_table(tcp_option values uint32_t "^TCP_"
	"^TCP_(CM_INQ|REPAIR_(ON|OFF|OFF_NO_WP)|MD5SIG_(MAXKEYLEN|FLAG_.*)|COOKIE_(MIN|MAX|PAIR_SIZE|IN_ALWAYS|OUT_NEVER)|S_DATA_.*|MSS|MSS_.*|MAXWIN|MAX_WINSHIFT|AO_MAXKEYLEN|AO_KEYF_.*)$"
	netinet/tcp.h)
podshark_const_table(udp_option values uint32_t "^UDP_" "^UDP_ENCAP_" linux/udp.h)
podshark_const_table(netlink_option values uint32_t "${netlink_option_re}" "" linux/netlink.h)
podshark_const_table(msg_flags values uint32_t "^MSG_" "" sys/socket.h)
podshark_const_table(ip_proto values uint32_t "^IPPROTO_" "^IPPROTO_(HOPOPTS|MAX)$" netinet/in.h)
podshark_const_table(netlink_proto values uint32_t "^NETLINK_" "${netlink_option_re}"
	linux/netlink.h)
podshark_const_table(eth_proto values uint32_t "^ETH_P_" "^ETH_P_802_3_MIN$" linux/if_ether.h)

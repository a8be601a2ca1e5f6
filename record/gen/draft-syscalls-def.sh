#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Prints a draft record/syscalls.def line for every syscall the running kernel
# has a sys_enter tracepoint for: the argument names come from the kernel's
# prototypes (tracefs formats), the types and the category are guessed from
# the C types, the argument names and the syscall name.  Not part of the
# build: run it by hand when adding syscalls, and merge the lines you need
# into record/syscalls.def after checking them (the .def is curated).
#
# usage: draft-syscalls-def.sh [TRACEFS_SYSCALLS_DIR]
#   default: /sys/kernel/tracing/events/syscalls (mount -t tracefs nodev /sys/kernel/tracing)
set -eu

dir=${1:-/sys/kernel/tracing/events/syscalls}
if [ ! -d "$dir" ]; then
	echo "$0: no $dir (is tracefs mounted?)" >&2
	exit 1
fi

for format in "$dir"/sys_enter_*/format; do
	event=${format%/format}
	printf '%s' "${event##*/sys_enter_}"
	# "field:const char * filename;" -> "const char *|filename"
	awk -F'\t' '/field:/ && !/common_|__syscall_nr/ {
		field = $2
		sub(/^field:/, "", field)
		sub(/;$/, "", field)
		name = field
		sub(/.* \**/, "", name)
		type = substr(field, 1, length(field) - length(name))
		sub(/ +$/, "", type)
		printf "\t%s|%s", type, name
	}' "$format"
	echo
done | awk -F'\t' '
# The kernel names a few entry points differently from the syscall.
BEGIN {
	rename["newstat"] = "stat"; rename["newlstat"] = "lstat"; rename["newfstat"] = "fstat"
	rename["newuname"] = "uname"; rename["sendfile64"] = "sendfile"
	rename["umount"] = "umount2"
}

# Categories by syscall name, in the order of the rule of record/syscalls.def.
BEGIN {
	ncat = split("security net ipc memory signal time process other", cat_order, " ")
	pattern["security"] = "set(res|re|fs)?[ug]id|setgroups|cap[gs]et|seccomp|bpf|ptrace|" \
		".*module|keyctl|add_key|request_key|setns|unshare|pivot_root|chroot|" \
		"u?mount2?|move_mount|fsopen|fsconfig|fsmount|fspick|open_tree(_attr)?|" \
		"mount_setattr|listmount|statmount|kexec_.*|landlock_.*|lsm_.*|" \
		"process_vm_.*|pidfd_getfd|iopl|ioperm"
	pattern["net"] = "socket|socketpair|bind|connect|listen|accept4?|shutdown|" \
		"getsockname|getpeername|[gs]etsockopt|send(to|msg|mmsg)|recv(from|msg|mmsg)"
	pattern["ipc"] = "pipe2?|msg(get|snd|rcv|ctl)|sem(get|op|timedop|ctl)|" \
		"shm(get|at|dt|ctl)|mq_.*|futex.*|eventfd2?"
	pattern["memory"] = "mmap|munmap|mremap|mprotect|pkey_.*|brk|madvise|" \
		"process_madvise|mlock.*|munlock.*|msync|mincore|mbind|[gs]et_mempolicy|" \
		"set_mempolicy_home_node|migrate_pages|move_pages|memfd_create|memfd_secret|" \
		"userfaultfd|remap_file_pages|map_shadow_stack|mseal|process_mrelease|swapo(n|ff)"
	pattern["signal"] = "kill|tkill|tgkill|rt_sig.*|rt_tgsigqueueinfo|sigaltstack|" \
		"signalfd4?|pause|pidfd_send_signal|restart_syscall"
	pattern["time"] = "clock_.*|nanosleep|gettimeofday|settimeofday|time|adjtimex|" \
		"timer_.*|timerfd_.*|alarm|[gs]etitimer"
	pattern["process"] = "fork|vfork|clone3?|execve(at)?|exit(_group)?|wait4|waitid|" \
		"getp?pid|gettid|[gs]etpgid|getpgrp|[gs]etsid|sched_.*|prctl|arch_prctl|" \
		"set_tid_address|[gs]etpriority|[gs]etrlimit|prlimit64|getrusage|times|" \
		"personality|get(e|res)?[ug]id|getgroups|pidfd_open|ioprio_[gs]et|rseq|" \
		"[gs]et_robust_list|kcmp|vhangup|uretprobe|uprobe|[gs]et_thread_area|modify_ldt"
	pattern["other"] = "getrandom|uname|sethostname|setdomainname|sysinfo|syslog|" \
		"reboot|acct|quotactl.*|perf_event_open|membarrier|getcpu|sysfs|ustat|" \
		"_sysctl|nfsservctl|lookup_dcookie"
}

function category(sc,    i) {
	for (i = 1; i <= ncat; i++)
		if (sc ~ ("^(" pattern[cat_order[i]] ")$"))
			return cat_order[i]
	return "file"
}

function arg_type(sc, type, name) {
	if (name ~ /^(dfd|olddfd|newdfd|dirfd|from_dfd|to_dfd)$/)
		return "DIRFD"
	if (name ~ /^(fd|oldfd|newfd|fd_in|fd_out|epfd|out_fd|in_fd|ufd|pidfd|fdin|fdout)$/)
		return "FD"
	if (type == "const char *const *")
		return "ARGV"
	if (type ~ /^const char \*$/ && name ~ ("^(filename|pathname|path|oldname|newname|" \
	    "specialfile|library|dev_name|dir_name|new_root|put_old|oldpath|newpath|target)$"))
		return "PATH"
	if (name ~ /^(buf|ubuf|buff)$/ && type ~ /\*$/)
		return "BUF"
	if (type ~ /sockaddr \*$/)
		return "SOCKADDR"
	if (type ~ /^const char \*$/)
		return "STR"
	if (type ~ /\*$/)
		return "PTR"
	if (type == "umode_t")
		return "MODE"
	if (type == "uid_t")
		return "UID"
	if (type == "gid_t")
		return "GID"
	if (type == "pid_t")
		return "PID"
	if (type == "size_t")
		return "SIZE"
	if (type ~ /^(loff_t|off_t)$/)
		return "OFFSET"
	if (type ~ /^(int|long|const int|key_serial_t|timer_t|(const )?clockid_t|mqd_t|key_t)$/)
		return "INT"
	if (type ~ /^(unsigned long|aio_context_t|rwf_t)$/ || name ~ /flags$/)
		return "HEX"
	return "UINT"
}

{
	sc = ($1 in rename) ? rename[$1] : $1
	line = sprintf("%-24s %-9s", sc, category(sc))
	for (i = 2; i <= NF; i++) {
		split($i, part, "|")
		line = line " " arg_type(sc, part[1], part[2]) ":" part[2]
	}
	sub(/ +$/, "", line)
	print line
}' | sort

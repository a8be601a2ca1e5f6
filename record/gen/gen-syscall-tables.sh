#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Writes the C source of the syscall tables: the descriptions of
# record/syscalls.def and, per architecture, the number -> description table
# read from that architecture's <asm/unistd*.h> with the C preprocessor.
#
# usage: gen-syscall-tables.sh CC SYSCALLS_DEF OUTPUT ARCH=HEADER...
#   ARCH is x86_64, i386 or aarch64; HEADER is empty when the build machine has
#   no header for ARCH (the table is then empty).  For aarch64 HEADER is either
#   a generated asm/unistd_64.h (Linux 6.11 and later) or asm-generic/unistd.h,
#   which is read with the macros arm64's asm/unistd.h defines before
#   including it.
#
# A name the headers have and syscalls.def lacks (a syscall newer than the
# .def) still gets a name, with category "other" and no argument list.
set -eu

if [ $# -lt 4 ]; then
	echo "usage: $0 CC SYSCALLS_DEF OUTPUT ARCH=HEADER..." >&2
	exit 2
fi
cc=$1
def=$2
output=$3
shift 3

numbers=$output.numbers
: >"$numbers"
arches=
sources=

# Prints "NUMBER NAME" for every __NR_NAME of the header, resolving macros
# defined as other macros (asm-generic's __NR_fcntl -> __NR3264_fcntl -> 25).
syscall_numbers() {
	header=$1
	shift
	printf '#include "%s"\n' "$header" | "$cc" -E -dM "$@" -x c - | awk '
		$1 == "#define" && $2 ~ /^__NR/ { body[$2] = $3 }
		END {
			for (macro in body) {
				if (macro !~ /^__NR_/ || macro == "__NR_syscalls" ||
				    macro == "__NR_arch_specific_syscall")
					continue
				value = body[macro]
				for (depth = 0; depth < 8 && (value in body); depth++)
					value = body[value]
				if (value !~ /^[0-9]+$/) {
					print "gen-syscall-tables.sh: " macro " is not a number: " \
						body[macro] > "/dev/stderr"
					continue
				}
				print value, substr(macro, 6)
			}
		}'
}

for spec in "$@"; do
	arch=${spec%%=*}
	header=${spec#*=}
	arches="$arches $arch"
	sources="$sources $arch: ${header:-none}"
	[ -n "$header" ] || continue
	case $header in
	*/asm-generic/unistd.h)
		# What arm64's uapi asm/unistd.h defines before including it.
		defines="-D__BITS_PER_LONG=64 -D__ARCH_WANT_RENAMEAT -D__ARCH_WANT_NEW_STAT"
		defines="$defines -D__ARCH_WANT_SET_GET_RLIMIT -D__ARCH_WANT_TIME32_SYSCALLS"
		defines="$defines -D__ARCH_WANT_SYS_CLONE3 -D__ARCH_WANT_MEMFD_SECRET"
		;;
	*)
		defines=
		;;
	esac
	# shellcheck disable=SC2086 # one word per macro
	syscall_numbers "$header" $defines | sort -n -k1,1 -k2,2 | awk -v arch="$arch" '
		NR > 1 && $1 == last {
			print "gen-syscall-tables.sh: " arch " " $1 " is both " name " and " $2 \
				"; keeping " name > "/dev/stderr"
			next
		}
		{ print arch, $1, $2; last = $1; name = $2; count++ }
		END { if (count < 100) { print "gen-syscall-tables.sh: only " count " " arch \
			" syscalls" > "/dev/stderr"; exit 1 } }' >>"$numbers"
done

awk -v arches="$arches" -v sources="$sources" '
BEGIN {
	nlisted = 0
	nunlisted = 0
}

function fail(msg) {
	print FILENAME ":" FNR ": " msg > "/dev/stderr"
	failed = 1
	exit 1
}

# syscalls.def: NAME[@ARCH] CATEGORY [+FACT]... [TYPE:ARG[=ROLE]]...
FILENAME == DEF {
	sub(/#.*/, "")
	if (NF == 0)
		next
	key = $1
	if (key !~ /^[a-z0-9_]+(@(x86_64|i386|aarch64))?$/)
		fail("bad syscall name " key)
	if (key in listed)
		fail("duplicate entry " key)
	if ($2 !~ /^(file|net|process|memory|ipc|signal|time|security|other)$/)
		fail("bad category " $2)
	name = key
	sub(/@.*/, "", name)
	# the arguments first: facts name them
	nargs = 0
	args = ""
	delete argidx
	for (i = 3; i <= NF; i++) {
		if ($i ~ /^\+/)
			continue
		if ($i !~ /^[A-Z0-9_]+:[a-z_][a-z0-9_]*(=[a-z_]+)?$/)
			fail("bad argument " $i " (TYPE:name or TYPE:name=role)")
		split($i, part, /[:=]/)
		role = "NONE"
		if ($i ~ /=/) {
			if (part[3] !~ /^(out|str_out|str_out_ret|iov_in|iov_out|msg_in|msg_out|fd_pair|wait_status|task_name)$/)
				fail("bad argument role " part[3])
			role = toupper(part[3])
		}
		argidx[part[2]] = nargs
		args = args (nargs ? ", " : "") "{ \"" part[2] "\", PODSHARK_ARG_" part[1] \
			", PODSHARK_ROLE_" role " }"
		nargs++
	}
	if (nargs > 6)
		fail("more than 6 arguments")
	facts = ""
	flags = ""
	for (i = 3; i <= NF; i++) {
		if ($i !~ /^\+/)
			continue
		fact = substr($i, 2)
		value = ""
		if (fact ~ /=/) {
			value = substr(fact, index(fact, "=") + 1)
			fact = substr(fact, 1, index(fact, "=") - 1)
		}
		if (fact ~ /^(privilege|identity|socket|socket_ret|returns_addr|io_uring)$/ && value == "")
			flags = flags (flags ? " | " : "") "PODSHARK_CALL_" toupper(fact)
		else if (fact == "fd" && value ~ /^(open|openat|socket|connect|bind|listen|accept|pipe|socketpair|dup|fcntl|close|close_range|exec|chdir|fchdir|anon)$/)
			facts = facts ", .fd_effect = PODSHARK_FD_EFFECT_" toupper(value)
		else if (fact == "render" && value ~ /^(open_mode|fcntl|mremap_fixed|prctl|socket_protocol|sockopt|futex_bitset|at_eaccess|sock_flags)$/)
			facts = facts ", .render = PODSHARK_RENDER_" toupper(value)
		else if (fact == "fd_type" && value ~ /^[A-Z]+$/)
			facts = facts ", .fd_type = PODSHARK_FD_" value
		else if (fact == "fd_name" && value ~ /^[a-z_]+:[^ ]*$/)
			facts = facts ", .fd_name = \"" value "\""
		else if (fact == "cloexec" && value == "always")
			facts = facts ", .cloexec = PODSHARK_CLOEXEC_ALWAYS"
		else if (fact == "cloexec" && value ~ /^[a-z_0-9]+(:[A-Z_]+)?$/) {
			split(value, part, ":")
			if (!(part[1] in argidx))
				fail("+cloexec names no argument: " part[1])
			facts = facts ", .cloexec = PODSHARK_CLOEXEC_BY_ARG, .cloexec_arg = " \
				argidx[part[1]] ", .cloexec_bit = " (part[2] ? part[2] : "O_CLOEXEC")
		} else
			fail("bad fact " $i)
	}
	listed[key] = nlisted
	entry[nlisted++] = sprintf("\t{ .name = \"%s\", .category = \"%s\", .nargs = %d, " \
		".args = { %s }%s%s },", name, $2, nargs, nargs ? args : "{ 0 }",
		flags ? ", .flags = " flags : "", facts)
	next
}

# The numbers: ARCH NUMBER NAME
{
	arch = $1
	nr = $2
	name = $3
	if ((name "@" arch) in listed)
		ref = "&listed[" listed[name "@" arch] "]"
	else if (name in listed)
		ref = "&listed[" listed[name] "]"
	else {
		if (!(name in unlisted)) {
			unlisted[name] = nunlisted
			unlisted_entry[nunlisted++] = \
				sprintf("\t{ .name = \"%s\", .category = \"other\" },", name)
			print "gen-syscall-tables.sh: " arch " syscall " name \
				" is not in syscalls.def" > "/dev/stderr"
		}
		ref = "&unlisted[" unlisted[name] "]"
	}
	table[arch] = table[arch] sprintf("\t[%d] = %s, /* %s */\n", nr, ref, name)
	len[arch] = nr + 1
}

END {
	if (failed)
		exit 1
	print "/* Generated by record/gen/gen-syscall-tables.sh from record/syscalls.def and"
	print " *" sources " */"
	print "/* Do not edit. */"
	print "#include \"syscall_table_data.h\"\n"
	print "static const struct podshark_syscall_info listed[] = {"
	for (i = 0; i < nlisted; i++)
		print entry[i]
	print "};\n"
	if (nunlisted) {
		print "static const struct podshark_syscall_info unlisted[] = {"
		for (i = 0; i < nunlisted; i++)
			print unlisted_entry[i]
		print "};\n"
	}
	n = split(arches, arch_list, " ")
	for (i = 1; i <= n; i++) {
		if (!(arch_list[i] in table))
			continue
		print "static const struct podshark_syscall_info *const " arch_list[i] \
			"_syscalls[] = {"
		printf "%s", table[arch_list[i]]
		print "};\n"
	}
	print "const struct podshark_arch_syscalls podshark_arch_syscalls[] = {"
	for (i = 1; i <= n; i++) {
		if (arch_list[i] in table)
			printf "\t{ PODSHARK_ARCH_%s, %d, %s_syscalls },\n", \
				toupper(arch_list[i]), len[arch_list[i]], arch_list[i]
		else
			printf "\t{ PODSHARK_ARCH_%s, 0, NULL },\n", toupper(arch_list[i])
	}
	print "\t{ 0, 0, NULL },"
	print "};"
}' DEF="$def" "$def" "$numbers" >"$output.tmp"
rm -f "$numbers"
mv "$output.tmp" "$output"

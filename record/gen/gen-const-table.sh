#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Writes the C source of one table of named constants (struct podshark_const,
# record/arg_tables.h) taken from system headers: the names are read from the
# preprocessor (macros with cpp -dD, in the order the headers define them, or
# the enumerators of one enum), and the values are left to the compiler, which
# includes the same headers when it builds the table.  So an expression such as
# O_TMPFILE = (__O_TMPFILE | O_DIRECTORY) or SIGRTMAX = _NSIG has the value the
# target's headers give it, and cross builds need to run nothing.
#
# usage: gen-const-table.sh CC OUTPUT TABLE MODE CAST INCLUDE_RE EXCLUDE_RE HEADER...
#   TABLE      the array is called podshark_const_TABLE
#   MODE       values  - a name for each value: a macro defined as another kept
#                        macro (O_NDELAY -> O_NONBLOCK), or as the same text as
#                        an earlier kept one (SIGIOT 6 after SIGABRT 6), is an
#                        alias and left out, so the first name in the headers wins
#              names   - every matching macro (a table looked up by name)
#              enum:TAG - the enumerators of enum TAG (linux/bpf.h's bpf_cmd),
#                        leaving out those initialised with an earlier one;
#                        enum: (no TAG) - of the first enum, tagged or not, with
#                        an enumerator matching INCLUDE_RE (linux/io_uring.h's
#                        anonymous enum of IORING_REGISTER_*)
#   CAST       C type each value is converted to before widening to uint64_t:
#              the width of the argument (uint32_t for int flags, int64_t for
#              negative constants such as AT_FDCWD)
#   INCLUDE_RE awk regular expression a name must match
#   EXCLUDE_RE awk regular expression of names left out ("" for none): sub-values
#              that share a prefix with the table, and aliases whose first
#              definition is not the name strace shows
#   HEADER     a header to include, or -DNAME=VALUE, a macro defined before the
#              headers (the definitions an architecture's asm/ header makes
#              before including asm-generic/, when that header is not installed)
set -eu

if [ $# -lt 8 ]; then
	echo "usage: $0 CC OUTPUT TABLE MODE CAST INCLUDE_RE EXCLUDE_RE HEADER..." >&2
	exit 2
fi
cc=$1
output=$2
table=$3
mode=$4
cast=$5
include_re=$6
exclude_re=$7
shift 7

prelude=
sources=
for arg in "$@"; do
	case $arg in
	-D*=*)
		def=${arg#-D}
		prelude="$prelude#define ${def%%=*} ${def#*=}
"
		;;
	*)
		prelude="$prelude#include <$arg>
"
		sources="$sources $arg"
		;;
	esac
done
# _GNU_SOURCE: glibc headers show their Linux-only constants only with it.
# linux/const.h: some uapi headers use its _BITUL() without including it
# (linux/prctl.h's PR_CFI_* in Linux 7.2).
prelude="#define _GNU_SOURCE
#include <linux/const.h>
$prelude"

case $mode in
values | names)
	printf '%s' "$prelude" | "$cc" -E -dD -x c - | awk -v mode="$mode" \
		-v include_re="$include_re" -v exclude_re="$exclude_re" '
		# The macro body with its spacing normalised, so that two spellings
		# of the same text compare equal.
		function body_of(    b, i) {
			b = ""
			for (i = 3; i <= NF; i++)
				b = b (i > 3 ? " " : "") $i
			return b
		}
		# Follows a body that is just another macro name to the end of the
		# chain (AF_UNIX -> PF_UNIX -> PF_LOCAL -> 1).
		function resolve(b,    depth) {
			for (depth = 0; depth < 8 && (b in body) && body[b] != b; depth++)
				b = body[b]
			return b
		}
		$1 == "#undef" { delete body[$2]; next }
		$1 != "#define" || $2 ~ /\(/ { next }
		{
			body[$2] = body_of()
			if ($2 !~ include_re || (exclude_re != "" && $2 ~ exclude_re) || ($2 in seen))
				next
			seen[$2] = 1
			order[n++] = $2
		}
		END {
			for (i = 0; i < n; i++) {
				name = order[i]
				if (!(name in body))
					continue
				if (mode == "values") {
					value = resolve(body[name])
					if (value in kept_name || value in kept_value)
						continue
					kept_name[name] = 1
					if (value != name)
						kept_value[value] = 1
				}
				print name
			}
		}'
	;;
enum:*)
	tag=${mode#enum:}
	printf '%s' "$prelude" | "$cc" -E -P -x c - | awk -v tag="$tag" \
		-v include_re="$include_re" -v exclude_re="$exclude_re" '
		# Whether one of the enumerators in text matches include_re.
		function has_match(text,    count, item, i, name) {
			count = split(text, item, ",")
			for (i = 1; i <= count; i++) {
				name = item[i]
				sub(/=.*/, "", name)
				gsub(/[ \t]/, "", name)
				if (name ~ include_re)
					return 1
			}
			return 0
		}
		# The enum body, from "enum TAG {" (for an empty TAG, any enum) to
		# "}", as one string.
		!inside && (tag == "" ? $0 ~ /enum[^;{]*\{/ : $0 ~ "enum[ \t]+" tag "[ \t]*\\{") {
			inside = 1
			text = ""
			sub(/.*\{/, "")
		}
		inside {
			end = index($0, "}")
			text = text " " (end ? substr($0, 1, end - 1) : $0)
			if (end) {
				inside = 0
				if (tag != "" || has_match(text))
					exit
			}
		}
		END {
			count = split(text, item, ",")
			for (i = 1; i <= count; i++) {
				name = item[i]
				init = ""
				if (index(name, "=")) {
					init = substr(name, index(name, "=") + 1)
					name = substr(name, 1, index(name, "=") - 1)
				}
				gsub(/[ \t]/, "", name)
				gsub(/[ \t]/, "", init)
				if (name == "" || name !~ include_re ||
				    (exclude_re != "" && name ~ exclude_re) || init in known)
					continue
				known[name] = 1
				print name
			}
		}'
	;;
*)
	echo "gen-const-table.sh: unknown mode $mode" >&2
	exit 2
	;;
esac >"$output.names"

if [ ! -s "$output.names" ]; then
	echo "gen-const-table.sh: no constant of$sources matches $include_re" >&2
	rm -f "$output.names"
	exit 1
fi

{
	echo "/* Generated by record/gen/gen-const-table.sh from$sources: do not edit. */"
	printf '%s' "$prelude"
	echo '#include "arg_tables.h"'
	echo
	echo "const struct podshark_const podshark_const_$table[] = {"
	awk -v cast="$cast" '{ printf "\t{ (uint64_t)(%s)(%s), \"%s\" },\n", cast, $1, $1 }' \
		"$output.names"
	echo "	{ 0, NULL },"
	echo "};"
} >"$output.tmp"
rm -f "$output.names"
mv "$output.tmp" "$output"

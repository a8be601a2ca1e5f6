#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs tshark (unprivileged, through tests/lib/tshark-user.sh) and compares
# its output with what is expected.  Fails when tshark exits non-zero or
# writes anything to stderr.
#
# Usage: check-tshark.sh golden FILE PLUGIN_DIR TSHARK_ARG...
#          output must equal FILE; with PODSHARK_REGEN_GOLDEN=1 it is written
#          to FILE instead (review the change with git diff)
#        check-tshark.sh frames "N..." PLUGIN_DIR TSHARK_ARG...
#          output must be these frame numbers, one per line ("" for none)
# Output of "-T fields" is compared as Wireshark 4.0 writes it: newer tshark
# escapes more characters of a field value (tests/matrix/fields-as-4.0.sh).
set -eu

mode=$1
expected=$2
plugin_dir=$3
shift 3
here=$(dirname "$0")

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err" "$out.want" "$out.as-4.0"' EXIT

status=0
"$here/../lib/tshark-user.sh" "$plugin_dir" "$@" >"$out" 2>"$err" || status=$?
if [ "$status" -ne 0 ] || [ -s "$err" ]; then
	echo "tshark $* exited with $status; stderr:" >&2
	cat "$err" >&2
	exit 1
fi

previous=
for arg in "$@"; do
	if [ "$arg" = -Tfields ] || { [ "$previous" = -T ] && [ "$arg" = fields ]; }; then
		"$here/../matrix/fields-as-4.0.sh" <"$out" >"$out.as-4.0"
		mv "$out.as-4.0" "$out"
		break
	fi
	previous=$arg
done

case $mode in
golden)
	if [ "${PODSHARK_REGEN_GOLDEN:-0}" = 1 ]; then
		cp "$out" "$expected"
		echo "wrote $expected"
		exit 0
	fi
	diff -u "$expected" "$out"
	;;
frames)
	for n in $expected; do
		echo "$n"
	done >"$out.want"
	diff -u "$out.want" "$out"
	;;
*)
	echo "$0: unknown mode $mode" >&2
	exit 2
	;;
esac

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Feeds the dissector records with random bytes changed: tshark must read
# every mutated capture, with and without a protocol tree, exit 0 and print
# nothing on stderr (no dissector bug, assertion or crash).  editcap's --seed
# makes each mutation the same on every run.
#
# Usage: check-mutated.sh PLUGIN_DIR CAPTURE SEEDS
set -eu

plugin_dir=$1
capture=$2
seeds=$3
here=$(dirname "$0")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seed=1
while [ "$seed" -le "$seeds" ]; do
	"${EDITCAP:-editcap}" --seed "$seed" -E 0.02 "$capture" "$work/mutated.pcapng"
	for view in -V -q; do
		status=0
		"$here/../lib/tshark-user.sh" "$plugin_dir" -r "$work/mutated.pcapng" "$view" \
			>/dev/null 2>"$work/stderr" || status=$?
		if [ "$status" -ne 0 ] || [ -s "$work/stderr" ]; then
			echo "seed $seed, tshark $view: exit $status, stderr:" >&2
			cat "$work/stderr" >&2
			exit 1
		fi
	done
	seed=$((seed + 1))
done

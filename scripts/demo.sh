#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make demo: capture a few seconds of this node's system calls through
# "tshark -i podshark" while a small workload runs, save demo.pcapng, and
# summarise it.  Run after "make install-user" (the Makefile does).
# Usage: scripts/demo.sh BUILD_DIR
set -eu

build=${1:?usage: demo.sh BUILD_DIR}
src=$(cd "$(dirname "$0")/.." && pwd)
out=$PWD/demo.pcapng
seconds=4

if [ "$(id -u)" -ne 0 ]; then
	echo "podshark: the demo loads an eBPF probe: run it as root (sudo make demo)" >&2
	exit 1
fi
user=${SUDO_USER:-root}
home=$(getent passwd "$user" | cut -d: -f6)

echo "podshark: capturing for $seconds s with: tshark -i podshark -a duration:$seconds -w $out"
rm -f "$out"
# tshark finds the extcap in the personal folder that install-user filled.
HOME=$home tshark -q -i podshark -a duration:$seconds -w "$out" 2>/dev/null &
capture=$!
# the extcap writes the first bytes once the probe is attached
tries=0
while [ ! -s "$out" ] && [ $tries -lt 100 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
"$src/scripts/demo-workload.sh" 2
wait $capture
chmod 0644 "$out"

# Reading a capture needs no privileges; as root tshark ignores personal
# plugins, so the summary runs tshark as an ordinary user.
tshark_read() {
	"$src/tests/lib/tshark-user.sh" "$build/plugins" -r "$out" "$@"
}

frames=$(tshark_read -T fields -e frame.number | wc -l)
echo
echo "podshark: $frames system calls in $out"
echo
echo "Top system calls by process:"
tshark_read -T fields -e proc.name -e evt.type |
	sort | uniq -c | sort -rn | head -n 12 |
	awk '{ printf "  %7d  %-16s %s\n", $1, $2, $3 }'
echo
echo "Failed calls (process, syscall, error):"
tshark_read -Y 'evt.failed == 1' -T fields -e proc.name -e evt.type -e evt.res |
	sort | uniq -c | sort -rn | head -n 10 |
	awk '{ printf "  %7d  %-16s %-14s %s\n", $1, $2, $3, $4 }'
echo
echo "The workload's failing open, found with a display filter:"
tshark_read -Y 'proc.name == "cat" && evt.type == "openat" && evt.res == "ENOENT"' |
	grep podshark-demo-missing | head -n 1
echo
if [ "$user" = root ]; then
	echo "Open it in Wireshark as an ordinary user (Wireshark run as root loads no"
	echo "personal plugins; sudo make install puts the plugin in the global folder):"
	echo "  wireshark $out"
else
	echo "Open it in Wireshark (as $user, not root):  wireshark $out"
fi
echo "Filter like Falco:  tshark -r $out -Y 'evt.failed == 1 && proc.name == \"cat\"'"

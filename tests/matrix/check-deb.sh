#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# What a user of the podshark .deb notices, on a Debian machine where
# `apt install ./podshark_*.deb` installed it (scripts/test-matrix.sh runs it,
# as root, in a new root filesystem of each release; docs/TEST-MATRIX.md).
#
# Usage: check-deb.sh installed FILES   after the install; FILES gets the
#                                       package's file list (dpkg -L)
#        check-deb.sh removed FILES     after `apt remove podshark`
# Where Wireshark looks for plugins and extcaps is read from this release's
# own tshark (-G folders), not from the package.  Prints one line per check;
# exit status 1 when one failed.
set -u

failures=0
check() {
	message=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok   $message"
	else
		echo "FAIL $message"
		failures=$((failures + 1))
	fi
}

# folder NAME: a folder of `tshark -G folders` ("Global Plugins", ...)
folder() {
	tshark -G folders 2>/dev/null | sed -n "s/^$1:[[:space:]]*//p" | head -n 1
}

# has PATTERN FILE: FILE has a line matching the extended regex
has() {
	grep -Eq -- "$1" "$2"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
interfaces="podshark podshark-ssh podshark-k8s"

case ${1:-} in
installed)
	files=$2
	dpkg -L podshark >"$files"
	plugins=$(folder "Global Plugins")
	# 4.0 names the global extcap folder "Extcap path", 4.2 on "Global Extcap path"
	extcaps=$(folder "Global Extcap path")
	[ -n "$extcaps" ] || extcaps=$(folder "Extcap path")
	echo "this release's tshark: $(tshark --version 2>/dev/null | head -n 1)"
	echo "global plugins: $plugins; global extcaps: $extcaps"

	tshark -D >"$tmp/D" 2>&1
	for i in $interfaces; do
		check "tshark -D lists $i" has "^[0-9]+\. $i \(" "$tmp/D"
	done
	tshark -G plugins >"$tmp/plugins" 2>&1
	check "tshark -G plugins: podshark.so, a dissector, in $plugins/epan" \
		has "^podshark\.so[[:space:]].*dissector[[:space:]]+$plugins/epan/podshark\.so$" \
		"$tmp/plugins"
	# 4.6 calls the extcaps "External Capture"
	check "tshark -G plugins: the extcap podshark in $extcaps" \
		has "^podshark[[:space:]].*(extcap|External Capture)[[:space:]]+$extcaps/podshark$" \
		"$tmp/plugins"
	tshark -G fields >"$tmp/fields" 2>/dev/null
	for f in podshark.record_type podshark.node.event k8s.pod.name; do
		check "tshark -G fields has $f" has "^F	[^	]*	$f	" "$tmp/fields"
	done
	check "podshark is on the PATH, in /usr/bin" test "$(command -v podshark)" = /usr/bin/podshark
	podshark --extcap-interfaces >"$tmp/ifaces" 2>&1
	for i in $interfaces; do
		check "podshark --extcap-interfaces lists $i" has "^interface \{value=$i\}" "$tmp/ifaces"
	done
	# docs/SECURITY.md: the capabilities the extcap needs
	getcap "$extcaps/podshark" >"$tmp/caps" 2>&1
	missing=""
	for c in cap_bpf cap_perfmon cap_net_raw cap_sys_admin cap_sys_ptrace cap_dac_read_search; do
		has "[ ,=]${c}[,=+]" "$tmp/caps" || missing="$missing $c"
	done
	check "the postinst gave the extcap its file capabilities${missing:+ (missing:$missing)}" \
		test -z "$missing"
	;;
removed)
	files=$2
	# "rc" would be a package removed with its configuration files left
	status=$(dpkg-query -W -f '${db:Status-Abbrev}' podshark 2>/dev/null | tr -d ' ')
	check "dpkg: podshark is not installed, nothing of it kept (status '$status')" \
		test -z "$status" -o "$status" = un
	left=""
	while read -r f; do
		if { [ -e "$f" ] || [ -L "$f" ]; } && [ ! -d "$f" ]; then
			left="$left $f"
		fi
	done <"$files"
	check "no file of the package is left${left:+:$left}" test -z "$left"
	find / -xdev -name '*podshark*' ! -path "$files" ! -path '/root/podshark_*.deb' \
		! -path '/tmp/*' >"$tmp/found" 2>/dev/null
	check "no path named podshark is left" test ! -s "$tmp/found"
	cat "$tmp/found"
	tshark -D >"$tmp/D" 2>&1
	check "tshark -D no longer lists podshark" sh -c "! grep -q podshark '$tmp/D'"
	;;
*)
	echo "usage: $0 installed|removed FILES" >&2
	exit 2
	;;
esac
[ "$failures" -eq 0 ]

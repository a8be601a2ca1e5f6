#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# podshark must work next to the plugins the distribution ships.  Wireshark
# 4.6's falco-events.so registers protocols and fields of the names podshark
# uses (evt, fd, user, group, container; evt.type, proc.name, ...); podshark
# shares them (dissectors/ws_compat.h).  Which plugin registers first follows
# the order Wireshark finds them in, so both orders are tried:
#   personal  the distribution's plugins in the global folder, podshark in the
#             personal one (found after them: how make install-user puts it)
#   global    podshark in the global folder, the distribution's plugins in the
#             personal one (found before them)
# In each, tshark must start (a filter name registered twice aborts it), and
# the capture must dissect to what podshark alone gives: the same values of
# the Falco-named fields and the same frames for each protocol's filter.
#
# Usage: check-coexist.sh PLUGIN_DIR CAPTURE
#   PLUGIN_DIR  the folder WIRESHARK_PLUGIN_DIR names (a build's plugins/)
#   CAPTURE     a podshark capture (tests/dissector's gen_golden writes one)
# tshark runs unprivileged (as root it loads neither WIRESHARK_PLUGIN_DIR nor
# the personal folder) with a clean environment, as tests/lib/tshark-user.sh.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 PLUGIN_DIR CAPTURE" >&2
	exit 2
fi
plugin_dir=$1
capture=$2
user=${TSHARK_USER:-nobody}
group=${TSHARK_GROUP:-nogroup}

# The fields whose names Falco defines, the protocols of the field families, and
# filters on the fields falco-events registers with another type (proc.pid is
# FT_INT64 there, FT_UINT32 here; the literal is read as the type of the field
# registered last, podshark's).
fields="evt.type evt.num evt.failed evt.res evt.args proc.name proc.pid proc.tid proc.ppid
	proc.exepath proc.cmdline proc.aname user.uid group.gid fd.num fd.name
	fd.type fd.sport fd.cport container.id container.name k8s.pod.name k8s.ns.name"
protocols="evt proc fd user group container k8s"
# shellcheck disable=SC2086 # one protocol per line
filters="$(printf '%s\n' $protocols)
evt.type == \"openat\"
proc.name == \"cat\"
proc.pid == 1000
proc.vpid == 10
fd.num == 3
user.loginuid == 1000
evt.cpu == 3"

work=$(mktemp -d "${TMPDIR:-/tmp}/check-coexist.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# "Global Plugins:  /usr/lib/<triplet>/wireshark/plugins/X.Y"
global=$(tshark -G folders 2>/dev/null | awk -F '\t' '$1 ~ /^Global Plugins:/ { print $2 }')
version=$(basename "$global")
if [ ! -f "$plugin_dir/$version/epan/podshark.so" ]; then
	echo "$0: no $plugin_dir/$version/epan/podshark.so" >&2
	exit 2
fi

# FOLDER/plugins holds the plugins of one folder, FOLDER/home/.local/lib/
# wireshark/plugins those of the personal one.
only_podshark() {
	mkdir -p "$1/$version/epan"
	cp "$plugin_dir/$version/epan/podshark.so" "$1/$version/epan/"
}
distribution() {
	mkdir -p "$1/$version"
	cp -R "$global/epan" "$1/$version/"
	rm -f "$1/$version/epan/podshark.so"
}
personal=.local/lib/wireshark/plugins
for setup in alone personal global dist; do
	mkdir -p "$work/$setup/home/$personal"
done
only_podshark "$work/alone/plugins"
distribution "$work/personal/plugins"
only_podshark "$work/personal/home/$personal"
only_podshark "$work/global/plugins"
distribution "$work/global/home/$personal"
distribution "$work/dist/plugins"
cp "$capture" "$work/capture.pcapng"
if [ "$(id -u)" -eq 0 ]; then
	chown -R "$user:$group" "$work"
	chmod 0755 "$work"
fi

# run_tshark SETUP TSHARK_ARG...
run_tshark() {
	setup=$1
	shift
	set -- tshark "$@"
	if [ "$(id -u)" -eq 0 ]; then
		set -- setpriv --reuid="$user" --regid="$group" --clear-groups "$@"
	fi
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$work/$setup/home" TZ=UTC \
		LC_ALL=C.UTF-8 WIRESHARK_PLUGIN_DIR="$work/$setup/plugins" "$@"
}

# dissect SETUP: the field values and each filter's frames, to $work/SETUP.out
dissect() {
	out=$work/$1.out
	set -- "$1" -r "$work/capture.pcapng" -T fields -e frame.number
	for field in $fields; do
		set -- "$@" -e "$field"
	done
	run_tshark "$@" >"$out"
	echo "$filters" | while read -r filter; do
		echo "filter $filter:" \
			"$(run_tshark "$1" -r "$work/capture.pcapng" -Y "$filter" -T fields \
				-e frame.number </dev/null | tr '\n' ' ')" >>"$out"
	done
}

# The comparisons below mean something only if podshark alone finds what the
# filters on values ask for (gen_golden's capture has each of them).
dissect alone
if grep '^filter .*==.*: *$' "$work/alone.out"; then
	echo "$0: with podshark alone, these filters select no frame of $capture" >&2
	exit 1
fi
status=0
for setup in personal global; do
	if ! run_tshark "$setup" -G protocols >"$work/$setup.protocols" 2>"$work/$setup.err"; then
		echo "$setup: tshark does not start with podshark and the distribution's plugins:"
		cat "$work/$setup.err"
		status=1
		continue
	fi
	dissect "$setup"
	if diff -u "$work/alone.out" "$work/$setup.out" >"$work/$setup.diff"; then
		echo "$setup: same fields and filters as podshark alone"
	else
		echo "$setup: the capture dissects differently next to the distribution's plugins:"
		head -n 40 "$work/$setup.diff"
		status=1
	fi
done

# For the log: the names podshark shares with the distribution's plugins.
run_tshark dist -G protocols | awk -F '\t' -v names=" $protocols " '
	index(names, " " $3 " ") { print "shared protocol " $3 " (" $1 ")" }'
exit "$status"

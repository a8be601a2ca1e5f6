#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs tshark as an unprivileged user with the build's plugins.
#
# Usage: tests/lib/tshark-user.sh PLUGIN_DIR [TSHARK_ARG...]
#   PLUGIN_DIR  the folder WIRESHARK_PLUGIN_DIR names: the plugin sits at
#               PLUGIN_DIR/<major>.<minor>/epan/podshark.so (the build's
#               ${CMAKE_BINARY_DIR}/plugins)
#   TSHARK_ARG  passed to tshark unchanged, except that the file of "-r FILE"
#               is copied where the user can read it
# Environment: TSHARK (default tshark), TSHARK_USER and TSHARK_GROUP (default
# nobody and nogroup, used only when run as root); LD_PRELOAD, ASAN_OPTIONS and
# UBSAN_OPTIONS are passed on (for a sanitizer build of the plugin).
#
# Why: run as root, tshark loads only the global plugin folder and ignores
# WIRESHARK_PLUGIN_DIR, so as root this drops to TSHARK_USER with setpriv.
# tshark always gets a clean environment: an empty temporary HOME (no personal
# preferences or plugins), TZ=UTC and LC_ALL=C.UTF-8, so output is the same on
# every machine.  Exit status: tshark's.
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 PLUGIN_DIR [TSHARK_ARG...]" >&2
	exit 2
fi
plugin_dir=$1
shift
tshark=$(command -v "${TSHARK:-tshark}") || {
	echo "$0: tshark not found" >&2
	exit 2
}

work=$(mktemp -d "${TMPDIR:-/tmp}/tshark-user.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/home" "$work/input"

# Rebuild the argument list with "-r FILE" pointing at a copy in $work/input.
n=$#
i=0
read_next=no
while [ "$i" -lt "$n" ]; do
	arg=$1
	shift
	i=$((i + 1))
	if [ "$read_next" = yes ]; then
		cp "$arg" "$work/input/$i"
		arg=$work/input/$i
		read_next=no
	elif [ "$arg" = -r ]; then
		read_next=yes
	fi
	set -- "$@" "$arg"
done

set -- "$tshark" "$@"
if [ "$(id -u)" -eq 0 ]; then
	# The build tree may sit where the user cannot read (e.g. under /root).
	cp -R "$plugin_dir" "$work/plugins"
	plugin_dir=$work/plugins
	chown -R "${TSHARK_USER:-nobody}:${TSHARK_GROUP:-nogroup}" "$work"
	chmod 0755 "$work"
	set -- setpriv --reuid="${TSHARK_USER:-nobody}" --regid="${TSHARK_GROUP:-nogroup}" \
		--clear-groups "$@"
fi
# A sanitizer build of the plugin needs its runtime preloaded into tshark.
for var in LD_PRELOAD ASAN_OPTIONS UBSAN_OPTIONS; do
	eval "value=\${$var-}"
	if [ -n "$value" ]; then
		set -- "$var=$value" "$@"
	fi
done

status=0
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$work/home" TZ=UTC LC_ALL=C.UTF-8 \
	WIRESHARK_PLUGIN_DIR="$plugin_dir" "$@" || status=$?
exit "$status"

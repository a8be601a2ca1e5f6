#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The display-filter names podshark registers must be free in this
# Wireshark: no protocol of its own or of the plugins the distribution ships
# has that filter name, and no field's name starts with it.
#
# Usage: check-names-free.sh [NAME...]
#   default names: the protocols of fields.md (evt proc fd user group
#   container k8s podshark)
# tshark runs through tests/lib/tshark-user.sh (unprivileged, clean
# environment) with a copy of the global plugin folder without podshark.so, so
# an installed podshark does not count as taken.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
names=${*:-evt proc fd user group container k8s podshark}

work=$(mktemp -d "${TMPDIR:-/tmp}/check-names-free.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# "Global Plugins:  /usr/lib/<triplet>/wireshark/plugins/X.Y"
# (run as root, tshark warns on stderr that it runs as root)
global=$(tshark -G folders 2>/dev/null | awk -F '\t' '$1 ~ /^Global Plugins:/ { print $2 }')
if [ ! -d "$global" ]; then
	echo "$0: tshark -G folders names no global plugin folder" >&2
	exit 2
fi
mkdir "$work/plugins"
cp -R "$global" "$work/plugins/"
rm -f "$work/plugins/$(basename "$global")/epan/podshark.so"

"$here/../lib/tshark-user.sh" "$work/plugins" -G protocols >"$work/protocols"
"$here/../lib/tshark-user.sh" "$work/plugins" -G fields >"$work/fields"
if [ ! -s "$work/protocols" ] || [ ! -s "$work/fields" ]; then
	echo "$0: tshark -G protocols/fields printed nothing" >&2
	exit 2
fi

status=0
for name in $names; do
	taken=$(awk -F '\t' -v name="$name" '
		FILENAME ~ /protocols$/ && $3 == name { by = by sep "protocol " $1; sep = ", " }
		FILENAME ~ /fields$/ && $1 == "F" && ($3 == name || index($3, name ".") == 1) &&
			n++ < 3 { by = by sep "field " $3 " (" $5 ")"; sep = ", " }
		END { print by }' "$work/protocols" "$work/fields")
	if [ -n "$taken" ]; then
		echo "$name: taken by $taken"
		status=1
	else
		echo "$name: free"
	fi
done
exit "$status"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The cross-version check of the Wireshark-version matrix (docs/TEST-MATRIX.md):
# the same capture must dissect to the same fields with every Wireshark
# version's tshark and that version's build of the plugin.
#
# Usage: dissect-fields.sh dump PLUGIN_DIR CAPTURE OUTPUT
#          writes to OUTPUT the plugin's fields that have a value in CAPTURE
#          ("field" lines: name, type, protocol) and every value they have
#          ("value" lines: frame, field, value), in a fixed order
#        dissect-fields.sh compare REFERENCE OTHER...
#          each OTHER must equal REFERENCE; prints the differences
# PLUGIN_DIR is the folder WIRESHARK_PLUGIN_DIR names (a build's plugins/).
# tshark runs through tests/lib/tshark-user.sh: unprivileged, clean environment.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tshark_user=$here/../lib/tshark-user.sh

# The fields a plugin adds are those tshark knows with it and not without it:
# no list of names here that could fall behind the plugin.
plugin_fields() {
	plugin_dir=$1
	no_plugins=$2
	"$tshark_user" "$no_plugins" -G fields | awk -F '\t' '$1 == "F" { print $3 }' |
		LC_ALL=C sort -u >"$work/without"
	"$tshark_user" "$plugin_dir" -G fields |
		awk -F '\t' '$1 == "F" { print $3 "\t" $4 "\t" $5 }' | LC_ALL=C sort -u |
		awk -F '\t' 'NR == FNR { known[$1] = 1; next } !($1 in known)' "$work/without" -
}

dump() {
	plugin_dir=$1
	capture=$2
	output=$3
	mkdir "$work/no-plugins"
	plugin_fields "$plugin_dir" "$work/no-plugins" >"$work/fields"
	for required in evt.type proc.name; do
		if ! cut -f1 "$work/fields" | grep -qx "$required"; then
			echo "$0: the plugin in $plugin_dir registers no $required" >&2
			exit 1
		fi
	done

	set -- -r "$capture" -T fields -E header=y -E separator=/t -E quote=n -E occurrence=a
	for field in $(cut -f1 "$work/fields"); do
		set -- "$@" -e "$field"
	done
	"$tshark_user" "$plugin_dir" "$@" 2>"$work/stderr" >"$work/table" || {
		cat "$work/stderr" >&2
		exit 1
	}
	if [ -s "$work/stderr" ]; then
		echo "$0: tshark wrote to stderr:" >&2
		cat "$work/stderr" >&2
		exit 1
	fi
	# Newer tshark escapes more characters of a value (fields-as-4.0.sh).
	"$here/fields-as-4.0.sh" <"$work/table" >"$work/table-as-4.0"

	# Lines for the fields that have a value (which fields exist at all
	# follows each distribution's kernel headers: newer ones know more
	# syscalls and so more evt.rawarg.* names) and one line per value, so a
	# difference names its frame and field.  tshark's rendering of two types
	# changed, not the values: booleans print True/False since 4.2 (0/1
	# before), absolute times ISO 8601 since 4.6; both are written the new way.
	awk -F '\t' '
		NR == FNR { type[$1] = $2; line[$1] = $0; next }
		FNR == 1 { for (i = 1; i <= NF; i++) name[i] = $i; next }
		{
			for (i = 1; i <= NF; i++) {
				if ($i == "")
					continue
				v = $i
				t = type[name[i]]
				if (t == "FT_BOOLEAN")
					v = (v == "1" || v == "True") ? "True" : "False"
				else if (t == "FT_ABSOLUTE_TIME")
					v = iso8601(v)
				used[name[i]] = 1
				values[++n] = "value\t" FNR - 1 "\t" name[i] "\t" v
			}
		}
		# "Nov 14, 2023 22:13:20.000987655 UTC" -> "2023-11-14T22:13:20.000987655Z"
		function iso8601(v,    f, month) {
			if (split(v, f, /[ ,]+/) != 5 || f[5] != "UTC")
				return v
			month = index("JanFebMarAprMayJunJulAugSepOctNovDec", f[1])
			if (month == 0)
				return v
			return sprintf("%s-%02d-%02dT%sZ", f[3], (month + 2) / 3, f[2], f[4])
		}
		END {
			for (f in used)
				print "field\t" line[f] | "LC_ALL=C sort"
			close("LC_ALL=C sort")
			for (i = 1; i <= n; i++)
				print values[i]
		}' "$work/fields" "$work/table-as-4.0" >"$output"
	for required in evt.type proc.name; do
		if ! grep -q "^value	[0-9]*	$required	" "$output"; then
			echo "$0: no frame of $capture has a $required" >&2
			exit 1
		fi
	done
}

compare() {
	reference=$1
	shift
	status=0
	for other in "$@"; do
		if ! diff -u "$reference" "$other"; then
			status=1
		fi
	done
	exit "$status"
}

work=$(mktemp -d "${TMPDIR:-/tmp}/dissect-fields.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

case ${1:-} in
dump)
	[ $# -eq 4 ] || { echo "usage: $0 dump PLUGIN_DIR CAPTURE OUTPUT" >&2; exit 2; }
	dump "$2" "$3" "$4"
	;;
compare)
	[ $# -ge 3 ] || { echo "usage: $0 compare REFERENCE OTHER..." >&2; exit 2; }
	shift
	compare "$@"
	;;
*)
	echo "usage: $0 dump PLUGIN_DIR CAPTURE OUTPUT | compare REFERENCE OTHER..." >&2
	exit 2
	;;
esac

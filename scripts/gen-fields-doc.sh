#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Writes docs/FIELDS.md, the field reference, from the fields the plugin
# registers: `tshark -G fields` with the build's plugin, less what tshark
# has without it.  Name, filter field and description all come from the hf
# registrations in dissectors/, so the reference cannot drift from them.
#
# Usage: scripts/gen-fields-doc.sh PLUGIN_DIR [OUTPUT]
#        scripts/gen-fields-doc.sh --check PLUGIN_DIR FILE
#   PLUGIN_DIR  as for tests/lib/tshark-user.sh (the build's plugins/ folder)
#   OUTPUT      default: standard output
#   --check     FILE must be what would be written (exit 1 and a diff if not)
# Every field must have a description (expert infos excepted: their name is
# their text); a field without one is an error.
set -eu

check=
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
if [ $# -lt 1 ] || { [ -n "$check" ] && [ $# -ne 2 ]; }; then
	echo "usage: $0 PLUGIN_DIR [OUTPUT] | --check PLUGIN_DIR FILE" >&2
	exit 2
fi
here=$(dirname "$0")
plugin_dir=$1
out=${2:-/dev/stdout}
tmp=$(mktemp -d)
export tmp
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/none"

"$here/../tests/lib/tshark-user.sh" "$tmp/none" -G fields >"$tmp/base"
"$here/../tests/lib/tshark-user.sh" "$plugin_dir" -G fields >"$tmp/all"

# -G fields: P name abbrev / F name abbrev type parent base bitmask blurb
awk -F'\t' '
function cell(s) { gsub(/\|/, "\\|", s); return s }
NR == FNR { if ($1 == "P") base[$3] = 1; next }
$1 == "P" && !($3 in base) { protos[++np] = $3; title[$3] = $2; next }
$1 != "F" || !(($5) in title) { next }
$3 ~ /^evt\.(raw)?arg\./ {
	prefix = $3
	sub(/\.[^.]*$/, "", prefix)
	name = substr($3, length(prefix) + 2)
	args[prefix] = args[prefix] (args[prefix] ? ", " : "") name
	if (!(prefix in argrow)) {
		argrow[prefix] = 1
		rows[$5] = rows[$5] "| `" prefix ".NAME` | " cell($2) " | " cell($8) " |\n"
	}
	next
}
{
	# expert infos are registered as FT_NONE fields; their name is their text
	desc = $8 == "" && $4 == "FT_NONE" ? "Expert info: present on the frames it flags" : $8
	rows[$5] = rows[$5] "| `" $3 "` | " cell($2) " | " cell(desc) " |\n"
	if (desc == "")
		print $3 > (ENVIRON["tmp"] "/undescribed")
}
END {
	print "# Field reference"
	print ""
	print "Every field the podshark plugin registers, by protocol, with its description"
	print "(the blurb Wireshark shows in the status bar and the Display Filter Expression"
	print "dialog). Generated from the registrations by `scripts/gen-fields-doc.sh`"
	print "(`make -C build fields-doc`); the test `docs.fields` fails when this file is"
	print "not current. Do not edit by hand."
	for (i = 1; i <= np; i++) {
		p = protos[i]
		if (!(p in rows))
			continue
		print ""
		print "## " title[p] " (`" p "`)"
		print ""
		print "| field | name | description |"
		print "|---|---|---|"
		printf "%s", rows[p]
	}
	split("evt.arg evt.rawarg", prefixes, " ")
	for (i = 1; i <= 2; i++) {
		if (!(prefixes[i] in args))
			continue
		print ""
		print "`" prefixes[i] ".NAME` exists for every NAME of:"
		print ""
		print args[prefixes[i]] "."
	}
}' "$tmp/base" "$tmp/all" >"$tmp/fields.md"
if [ -s "$tmp/undescribed" ]; then
	echo "$0: fields without a description (the hf blurb):" $(cat "$tmp/undescribed") >&2
	exit 1
fi
if [ -n "$check" ]; then
	if ! diff -u "$out" "$tmp/fields.md"; then
		echo "$out is not current: run scripts/gen-fields-doc.sh $plugin_dir $out" >&2
		exit 1
	fi
	exit 0
fi
cat "$tmp/fields.md" >"$out"

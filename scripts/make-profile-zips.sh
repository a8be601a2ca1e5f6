#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Packs each Wireshark configuration profile of profiles/ into OUTDIR/NAME.zip,
# the file Wireshark's "Configuration Profiles > Import > from zip file" takes.
# Usage: scripts/make-profile-zips.sh OUTDIR [PROFILES_DIR]
#
# Wireshark imports every folder at the root of the zip as one profile named
# after the folder, and only the entries inside a folder ("NAME/preferences"):
# so each zip holds NAME/FILE entries and nothing else (no directory entries,
# no extra attributes), with the files' own names.
set -eu

out=${1:?usage: make-profile-zips.sh OUTDIR [PROFILES_DIR]}
profiles=${2:-$(cd "$(dirname "$0")/.." && pwd)/profiles}
command -v zip >/dev/null || {
	echo "make-profile-zips: zip not found (apt-get install zip)" >&2
	exit 1
}

mkdir -p "$out"
out=$(cd "$out" && pwd)
count=0
for dir in "$profiles"/*/; do
	[ -d "$dir" ] || continue
	name=$(basename "$dir")
	rm -f "$out/$name.zip"
	# -D: no directory entries; -X: no extra file attributes; -r under NAME/.
	(cd "$profiles" && zip -q -r -D -X "$out/$name.zip" "$name")
	echo "$out/$name.zip"
	count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "make-profile-zips: no profiles in $profiles" >&2; exit 1; }

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Writes tshark's "-T fields" output the way Wireshark 4.0's tshark writes it,
# so that one set of expected values (tests/dissector/golden, the 4.0 output)
# and one field dump (dissect-fields.sh) serve every Wireshark version.
#
# Usage: fields-as-4.0.sh <FIELDS_OUTPUT >FIELDS_OUTPUT_AS_4.0
# Environment: TSHARK (default tshark), the tshark that wrote the input.
#
# The difference is in how a field value is escaped (found by printing, with
# each version, a packet comment holding every byte 0x01-0x1f, 0x7f and "\"):
#   4.0          \b \t \n \f \r are written as those two characters; every
#                other byte as it is
#   4.4 and 4.6  the same, and also \a, \v and the backslash itself (\\): the
#                "-E escape=y|n" option (default y) came with this
# Both are read left to right, so the new form is written back exactly:
# "\\" becomes "\", "\a" BEL, "\v" VT, and the other sequences stay.  A tshark
# without "-E escape" writes the 4.0 form: its output passes unchanged.
set -eu

tshark=${TSHARK:-tshark}
if ! "$tshark" -E escape=y -v >/dev/null 2>&1; then
	exec cat
fi
LC_ALL=C exec awk '{
	out = ""
	rest = $0
	while ((i = index(rest, "\\")) > 0) {
		c = substr(rest, i + 1, 1)
		if (c == "a")
			c = "\a"
		else if (c == "v")
			c = "\v"
		else if (c != "\\")
			c = "\\" c
		out = out substr(rest, 1, i - 1) c
		rest = substr(rest, i + 2)
	}
	print out rest
}'

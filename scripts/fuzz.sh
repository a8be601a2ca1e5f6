#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Hostile input for the record decoder and the dissector, two ways:
#
#  1. libFuzzer (fuzz/fuzz_record.c, clang with ASan and UBSan) on the codec
#     and the renderers for SECONDS, seeded with the records of the golden
#     capture and of a live capture; then (fuzz/fuzz_rules.c) on the Falco
#     rules loader for SECONDS, seeded with the rules files of tests/rules;
#  2. tshark -V with the build's plugin, unprivileged, over MUTATIONS copies of
#     those captures with random bytes changed (editcap -E, several rates).
#
# A crash, a hang, a "Dissector bug", a sanitizer report or an error from
# tshark fails the run; the input that caused it is kept in OUT/found/ with
# the output (and a backtrace for a crash of tshark) beside it.
#
# Usage: scripts/fuzz.sh [SECONDS [MUTATIONS]]     (default 300 and 300)
# Environment:
#   BUILD       the ordinary build (plugin, gen_golden, extcap); default build
#   FUZZ_BUILD  where the clang build of fuzz/ goes; default $BUILD/fuzz
#   OUT         corpus, captures and findings; default $BUILD/fuzz-out
#   LIVE        1: add a 2-second live capture (needs root); 0: don't;
#               default 1 when root and the extcap is built
#   LIVE_CAPTURE  a capture to use as the live one instead of capturing
#   JOBS        tshark runs in parallel; default nproc
set -eu

seconds=${1:-300}
mutations=${2:-300}
here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${BUILD:-build}" && pwd)
FUZZ_BUILD=${FUZZ_BUILD:-$BUILD/fuzz}
OUT=${OUT:-$BUILD/fuzz-out}
JOBS=${JOBS:-$(nproc)}
extcap=$BUILD/extcap/podshark
plugins=$BUILD/plugins
if [ -z "${LIVE:-}" ]; then
	LIVE=0
	if [ "$(id -u)" -eq 0 ] && [ -x "$extcap" ]; then
		LIVE=1
	fi
fi

for tool in clang tshark editcap capinfos; do
	command -v "$tool" >/dev/null || {
		echo "fuzz.sh: $tool not found (scripts/install-deps.sh test)" >&2
		exit 2
	}
done
[ -x "$BUILD/tests/dissector/gen_golden" ] || {
	echo "fuzz.sh: $BUILD/tests/dissector/gen_golden not built (make build)" >&2
	exit 2
}

mkdir -p "$OUT/captures" "$OUT/corpus" "$OUT/found"
rm -rf "$OUT/seeds"

echo "== building the fuzz target (clang, ASan, UBSan) in $FUZZ_BUILD"
cmake -S "$here/fuzz" -B "$FUZZ_BUILD" -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build "$FUZZ_BUILD" -j "$JOBS" >/dev/null

echo "== captures"
"$BUILD/tests/dissector/gen_golden" "$OUT/captures/golden.pcapng"
if [ -n "${LIVE_CAPTURE:-}" ]; then
	cp "$LIVE_CAPTURE" "$OUT/captures/live-full.pcapng"
elif [ "$LIVE" = 1 ]; then
	# SIGINT after 2 s: the extcap's ordinary way to stop
	timeout -s INT 2 "$extcap" --extcap-interface podshark --capture \
		--fifo "$OUT/captures/live-full.pcapng" --payload-snaplen 64 || [ $? -eq 124 ]
fi
if [ -f "$OUT/captures/live-full.pcapng" ]; then
	# The snapshot at the start, then calls from the middle: a few thousand
	# frames keep each tshark run short.
	frames=$(capinfos -c -M "$OUT/captures/live-full.pcapng" | awk '/Number of packets/ {print $NF}')
	middle=$((frames / 2))
	editcap -r "$OUT/captures/live-full.pcapng" "$OUT/captures/live.pcapng" \
		1-500 "$middle-$((middle + 1500))"
	rm -f "$OUT/captures/live-full.pcapng"
fi
python3 "$here/fuzz/extract_records.py" "$OUT/seeds" "$OUT"/captures/*.pcapng

echo "== libFuzzer for $seconds s"
found=0
# -timeout: one input taking a second is a hang; crashes land in found/
(cd "$OUT/found" && "$FUZZ_BUILD/fuzz_record" -max_total_time="$seconds" -timeout=1 \
	-max_len=8192 -print_final_stats=1 "$OUT/corpus" "$OUT/seeds") >"$OUT/libfuzzer.log" 2>&1 ||
	found=1
grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$OUT/libfuzzer.log" || true
if [ "$found" -ne 0 ]; then
	echo "fuzz.sh: libFuzzer found a failing input (in $OUT/found):" >&2
	grep -A30 -E '^==[0-9]+==ERROR|runtime error|fuzz_record:' "$OUT/libfuzzer.log" | head -40 >&2
fi

echo "== libFuzzer on the Falco rules loader for $seconds s"
mkdir -p "$OUT/rules-corpus" "$OUT/rules-seeds"
cp "$here"/tests/rules/*.yaml "$OUT/rules-seeds/"
(cd "$OUT/found" && "$FUZZ_BUILD/fuzz_rules" -max_total_time="$seconds" -timeout=2 \
	-max_len=16384 -print_final_stats=1 "$OUT/rules-corpus" "$OUT/rules-seeds") \
	>"$OUT/libfuzzer-rules.log" 2>&1 || {
	found=1
	echo "fuzz.sh: libFuzzer found a failing rules file (in $OUT/found):" >&2
	grep -A30 -E '^==[0-9]+==ERROR|runtime error|fuzz_rules:' "$OUT/libfuzzer-rules.log" |
		head -40 >&2
}
grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' \
	"$OUT/libfuzzer-rules.log" || true

echo "== tshark -V over $mutations mutated captures"
# One job per mutation: "index capture rate".  Rates from a byte in 200 to
# one in 10: few changes reach deep into a record, many break its framing.
set -- "$OUT"/captures/*.pcapng
i=0
while [ "$i" -lt "$mutations" ]; do
	for capture in "$@"; do
		[ "$i" -lt "$mutations" ] || break
		for rate in 0.005 0.02 0.05 0.1; do
			[ "$i" -lt "$mutations" ] || break
			i=$((i + 1))
			echo "$i $capture $rate"
		done
	done
done >"$OUT/mutation-jobs"

# tshark under gdb, for the backtrace of a crash (when gdb is installed)
rm -f "$OUT/tshark-gdb"
if command -v gdb >/dev/null; then
	printf '#!/bin/sh\nexec gdb -q -batch -ex "run >/dev/null" -ex bt --args %s "$@" >&2\n' \
		"$(command -v tshark)" >"$OUT/tshark-gdb"
	chmod 0755 "$OUT/tshark-gdb"
fi
rm -f "$OUT/exported_pdu-asserts"
export OUT plugins here
# shellcheck disable=SC2016  # the script expands its own variables
xargs -P "$JOBS" -L 1 sh -c '
	i=$0 capture=$1 rate=$2
	base=$(basename "$capture" .pcapng)
	work=$(mktemp -d)
	trap "rm -rf \"$work\"" EXIT
	mutated=$work/$base-seed$i-E$rate.pcapng
	editcap --seed "$i" -E "$rate" "$capture" "$mutated"
	status=0
	timeout 120 "$here/tests/lib/tshark-user.sh" "$plugins" -r "$mutated" -V \
		>"$work/stdout" 2>"$work/stderr" || status=$?
	# Wireshark 4.0 asserts on some malformed exported-PDU tags (the frame
	# prefix before our record): its own dissector bug, counted, not ours.
	upstream="Dissector bug, protocol exported_pdu"
	grep -h "$upstream" "$work/stdout" | grep -c "^\[" >"$work/upstream" || true
	grep -v "$upstream" "$work/stderr" >"$work/errors" || true
	why=
	if [ "$status" -eq 124 ]; then
		why="hang (no end within 120 s)"
	elif [ "$status" -ge 128 ]; then
		why="killed by signal $((status - 128))"
	elif grep -v "$upstream" "$work/stdout" "$work/errors" |
		grep -q -e "Dissector bug" -e "AddressSanitizer" -e "runtime error:"; then
		why="dissector bug or sanitizer report"
	elif [ "$status" -ne 0 ] || [ -s "$work/errors" ]; then
		why="tshark exit $status with errors"
	fi
	if [ "$(cat "$work/upstream")" -gt 0 ]; then
		echo "$(basename "$mutated") $(cat "$work/upstream")" >>"$OUT/exported_pdu-asserts"
	fi
	[ -z "$why" ] && exit 0
	cp "$mutated" "$OUT/found/"
	{
		echo "$why"
		cat "$work/errors"
		grep -v "$upstream" "$work/stdout" |
			grep -B2 -A2 -e "Dissector bug" -e "runtime error:" | head -40
	} >"$OUT/found/$(basename "$mutated").txt"
	if [ "$status" -ge 128 ] && [ -x "$OUT/tshark-gdb" ]; then
		# the same run under gdb (as the same user, with the same plugin)
		TSHARK=$OUT/tshark-gdb timeout 300 "$here/tests/lib/tshark-user.sh" "$plugins" \
			-r "$mutated" -V >/dev/null 2>>"$OUT/found/$(basename "$mutated").txt" || true
	fi
	echo "fuzz.sh: $(basename "$mutated"): $why" >&2
	exit 1
' <"$OUT/mutation-jobs" || found=1

echo "== $mutations mutated captures read; libFuzzer corpus $(ls "$OUT/corpus" | wc -l) inputs"
if [ -s "$OUT/exported_pdu-asserts" ]; then
	echo "   (Wireshark's exported_pdu dissector asserted in $(wc -l <"$OUT/exported_pdu-asserts")" \
		"captures: a Wireshark bug on mutated frame prefixes, not counted)"
fi
if [ "$found" -ne 0 ]; then
	echo "fuzz.sh: FAILED: findings in $OUT/found" >&2
	exit 1
fi
echo "fuzz.sh: nothing found"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The test suite against a build with AddressSanitizer and
# UndefinedBehaviorSanitizer (PODSHARK_SANITIZE=ON), in a build folder of its
# own.  Any sanitizer report fails the test that caused it.
#
# tshark is not built with ASan, and a plugin built with ASan loads into it
# only when the ASan runtime comes first: tshark runs through a wrapper that
# preloads libasan.  Only tshark: preloaded into every process, the runtime
# makes editcap hang at exit (a deadlock on glibc's locale lock in
# libp11-kit's destructor), and Python and sh report their own leaks.  The
# wrapper is given to CMake as TSHARK_EXECUTABLE (the dissector tests) and in
# TSHARK (tests/lib/tshark-user.sh, for the live tests).  tshark's own leaks
# at exit are not ours: no leak check inside it.  podshark's own programs
# (unit tests, extcap) are built with ASan and check leaks too.
#
# Usage: scripts/test-asan.sh [BUILD_DIR [CTEST_ARG...]]   (default build-asan)
# Environment: CMAKE_FLAGS (extra cmake arguments), JOBS.
set -eu

build=${1:-build-asan}
[ $# -gt 0 ] && shift
JOBS=${JOBS:-$(nproc)}

libasan=$(${CC:-cc} -print-file-name=libasan.so)
[ -f "$libasan" ] || {
	echo "test-asan.sh: libasan.so not found (${CC:-cc} -print-file-name=libasan.so)" >&2
	exit 2
}
tshark=$(command -v tshark) || {
	echo "test-asan.sh: tshark not found" >&2
	exit 2
}
# abort_on_error: a report kills the process (exit >= 128), which no test can
# mistake for a pass; halt_on_error makes every UBSan report fatal.
fatal=abort_on_error=1:print_stacktrace=1:halt_on_error=1

# tshark-user.sh runs tshark as nobody: the wrapper must be where nobody can
# read it, which a build folder under /root is not.
tools=${TMPDIR:-/tmp}/podshark-asan-tools.$(id -u)
mkdir -p "$tools"
chmod 0755 "$tools"
cat >"$tools/tshark" <<EOF
#!/bin/sh
# written by scripts/test-asan.sh: tshark with the ASan runtime first
LD_PRELOAD=$libasan ASAN_OPTIONS=detect_leaks=0:$fatal UBSAN_OPTIONS=$fatal exec $tshark "\$@"
EOF
chmod 0755 "$tools/tshark"

# shellcheck disable=SC2086  # CMAKE_FLAGS is a list of arguments
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DPODSHARK_SANITIZE=ON \
	-DTSHARK_EXECUTABLE="$tools/tshark" ${CMAKE_FLAGS:-} >/dev/null
cmake --build "$build" -j "$JOBS"

TSHARK=$tools/tshark ASAN_OPTIONS=detect_leaks=1:$fatal UBSAN_OPTIONS=$fatal \
	ctest --test-dir "$build" --output-on-failure "$@"

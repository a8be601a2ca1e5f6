#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# podshark's benchmark (make bench): builds the load tools into BUILD_DIR/bench,
# then runs bench/podshark_bench.py, which prints one table.
#
# Usage: bench/run.sh BUILD_DIR [--quick] [--only SECTION,...]
#   --quick  the short version run by ctest (tests/bench): every path once
#   --only   the named sections of the table only: overhead, peers, rates,
#            flatout, memory, dissection
# Runs as any user; rows that load eBPF programs need root and say so.
set -eu
PATH=$PATH:/usr/sbin:/sbin # bpftool
export PATH

if [ $# -lt 1 ]; then
	echo "usage: $0 BUILD_DIR [--quick] [--only SECTION,...]" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
shift
src=$(cd "$(dirname "$0")/.." && pwd)
tools=$build/bench
mkdir -p "$tools"

if [ ! -x "$build/extcap/podshark" ]; then
	echo "bench: $build/extcap/podshark not built (make build)" >&2
	exit 2
fi

cflags="-O2 -Wall -Wextra -Werror"
# io_uring requests too, where liburing is installed (scripts/install-deps.sh test)
uring=""
if [ -f /usr/include/liburing.h ]; then
	uring="-DHAVE_LIBURING -luring"
fi
# shellcheck disable=SC2086
cc $cflags -o "$tools/syscall_load" "$src/bench/syscall_load.c" $uring
# a static copy runs inside a busybox container (the pod attribution row)
# shellcheck disable=SC2086
cc $cflags -static -o "$tools/syscall_load.static" "$src/bench/syscall_load.c" 2>/dev/null ||
	rm -f "$tools/syscall_load.static"

# The empty hook: the floor under any syscall probe.
multiarch=$(cc -print-multiarch)
clang -g -O2 -Wall -Werror -target bpf -I"/usr/include/$multiarch" \
	-c "$src/bench/empty_hook.bpf.c" -o "$tools/empty_hook.bpf.o"
bpftool gen skeleton "$tools/empty_hook.bpf.o" name empty_hook_bpf >"$tools/empty_hook.skel.h"
# shellcheck disable=SC2086
cc $cflags -I"$tools" -I"$src/extcap" -o "$tools/empty_hook" "$src/bench/empty_hook.c" \
	"$src/extcap/tracefs.c" -lbpf

exec python3 "$src/bench/podshark_bench.py" --build "$build" --tools "$tools" "$@"

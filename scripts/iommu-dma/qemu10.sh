#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# QEMU 10 for the stage-2 boot, unpacked into $BUILD/qemu10.
#
# QEMU 7.2 (Debian 12's) offers stage 1 only on its SMMUv3; QEMU 10 from
# Debian's bookworm-backports offers stage 1 and stage 2.  Its packages are
# downloaded and unpacked here rather than installed, so the system keeps
# QEMU 7.2 for every other boot.  The backports suite is added to apt's
# sources (priority 100: nothing is upgraded from it) when it is missing.
# Prints the directory to pass as QEMU_DIR.
. "$(dirname "$0")/lib.sh"

dir=$BUILD/qemu10
bin=$dir/usr/bin/qemu-system-aarch64
if [ -x "$bin" ]; then
	echo "$dir"
	exit 0
fi
pkgs="qemu-system-arm qemu-system-common qemu-system-data"
if ! apt-cache policy qemu-system-arm 2>/dev/null | grep -q bookworm-backports; then
	if [ "$(id -u)" != 0 ]; then
		echo "qemu10: need root to add bookworm-backports to apt's sources" >&2
		exit 1
	fi
	say "adding Debian's bookworm-backports suite to apt's sources" >&2
	cat > /etc/apt/sources.list.d/bookworm-backports.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	apt-get update -q >/dev/null
fi
say "unpacking QEMU 10 from bookworm-backports into ${dir#$PROJECT/}" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -q -t bookworm-backports $pkgs) >/dev/null 2>&1 || {
	echo "qemu10: could not download $pkgs from bookworm-backports" >&2
	exit 1
}
rm -rf "$dir.tmp"
mkdir -p "$dir.tmp"
for deb in "$tmp"/*.deb; do
	dpkg-deb -x "$deb" "$dir.tmp"
done
"$dir.tmp/usr/bin/qemu-system-aarch64" --version | head -1 >&2
mv "$dir.tmp" "$dir"
echo "$dir"

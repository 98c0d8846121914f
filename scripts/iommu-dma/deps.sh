#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the bench needs, when they are missing.
set -eu
pkgs="linux-source-6.12 qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
gcc-arm-linux-gnueabihf libc6-dev-armhf-cross gcc make flex bison bc libssl-dev libelf-dev cpio gzip xz-utils
kmod rsync python3 perl patch git sparse coccinelle ocaml-nox clang libclang-rt-14-dev
valgrind"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "==> installing Debian packages:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: need root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends $missing >/dev/null

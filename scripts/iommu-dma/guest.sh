#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Cross-build our static init and pack it as the initramfs, with the
# /dev/console node the kernel opens for init's standard streams.
. "$(dirname "$0")/lib.sh"

out=${GUEST_DIR:-$BUILD/guest}
mkdir -p "$out"
# One init per architecture: arm64's and arm's objects must not mix.
bin=$out/$ARCH
make -s -C "$PROJECT/tools/testing/iommu-dma/guest" O="$bin" CC="${CROSS_COMPILE}gcc"
gen=$OBJ/usr/gen_init_cpio
[ -x "$gen" ] || { echo "no $gen: build the kernel first" >&2; exit 1; }
cat > "$out/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
file /init $bin/init 0755 0 0
LIST
"$gen" "$out/initramfs.list" | gzip -9 > "$out/initramfs-$ARCH.cpio.gz.tmp"
mv "$out/initramfs-$ARCH.cpio.gz.tmp" "$out/initramfs-$ARCH.cpio.gz"

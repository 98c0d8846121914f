#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make soak: what is too long for make check.
#   1. the soak suite with SOAK_IOS random O_DIRECT I/Os (default 100 000)
#      across virtio-blk and NVMe while edu maps, moves between domains and
#      runs dma_map_benchmark, then IOVA exhaustion under a 24-bit mask,
#      and the fault-injection suite, in strict and in lazy mode;
#   2. the debug kernel (KASAN, lockdep, DMA-API debugging, kmemleak):
#      built, then booted in strict and lazy mode with every suite but the
#      benchmark (DEBUG_BOOTS in lib.sh); any report fails the boot.
# DEBUG=0 leaves out part 2.  Exit status 0 when every check held.
. "$(dirname "$0")/lib.sh"

ios=${SOAK_IOS:-100000}
"$PROJECT/scripts/iommu-dma/kernel.sh" build >&2
"$PROJECT/scripts/iommu-dma/guest.sh" >&2
logs=
for mode in strict lazy; do
	say "soak: $mode mode, $ios I/Os" >&2
	extra="iommu_dma.soak_ios=$ios"
	[ $mode = lazy ] && extra="$extra iommu.forcedac=1 kmemleak=on"
	log=$(KUNIT=0 SUITES=groups,faults,soak TAG=-soak \
		BOOT_TIMEOUT=$((600 + ios / 50)) \
		"$PROJECT/scripts/iommu-dma/qemu.sh" $mode $extra)
	logs="$logs $log"
done
if [ "${DEBUG:-1}" = 1 ]; then
	say "building the debug kernel (KASAN, lockdep, DMA-API debugging)" >&2
	KDEBUG=1 "$PROJECT/scripts/iommu-dma/kernel.sh" build >&2 || exit 1
	for mode in $DEBUG_BOOTS; do
		say "booting the debug kernel: ${mode#debug-} mode, every suite" >&2
		logs="$logs $(boot $mode)"
	done
fi
python3 "$PROJECT/scripts/iommu-dma/report.py" human $logs
tap=$(for log in $logs; do
	python3 "$PROJECT/scripts/iommu-dma/report.py" tap "$log" \
		"soak/$(basename "$log" .log | sed 's/^qemu-//')"
done)
echo "Soak: $(echo "$tap" | grep -c '^ok ') passed, $(echo "$tap" | grep -c '^not ok ') failed"
! echo "$tap" | grep -q '^not ok '

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The long soak (make soak): the soak suite with SOAK_IOS random O_DIRECT
# I/Os (default 100 000) across virtio-blk and NVMe while edu maps, moves
# between domains and runs dma_map_benchmark, then IOVA exhaustion under a
# 24-bit mask; in strict and in lazy mode, then the fault-injection suite
# once more in each.  make check runs the same suites with 20 000 I/Os.
# KDEBUG=1 runs it on the debug kernel (built first).
. "$(dirname "$0")/lib.sh"

ios=${SOAK_IOS:-100000}
"$PROJECT/scripts/iommu-dma/kernel.sh" build >&2
logs=
for mode in strict lazy; do
	say "soak: $mode mode, $ios I/Os$([ "${KDEBUG:-0}" = 1 ] && echo ', debug kernel')"
	extra="iommu_dma.soak_ios=$ios"
	[ $mode = lazy ] && extra="$extra iommu.forcedac=1 kmemleak=on"
	log=$(KUNIT=0 SUITES=groups,faults,soak TAG=-soak \
		BOOT_TIMEOUT=$((600 + ios / 50)) \
		"$PROJECT/scripts/iommu-dma/qemu.sh" $mode $extra)
	logs="$logs $log"
done
python3 "$PROJECT/scripts/iommu-dma/report.py" human $logs
tap=$(for log in $logs; do
	python3 "$PROJECT/scripts/iommu-dma/report.py" tap "$log" \
		"soak/$(basename "$log" .log | sed 's/^qemu-//')"
done)
echo "Soak: $(echo "$tap" | grep -c '^ok ') passed, $(echo "$tap" | grep -c '^not ok ') failed"
! echo "$tap" | grep -q '^not ok '

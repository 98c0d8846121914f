#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the bench in strict, lazy and passthrough mode and report.
#   run.sh          the readable report (make run)
#   run.sh --tap    the results as TAP lines (make check-qemu)
# Exit status: 0 when every result held.
. "$(dirname "$0")/lib.sh"

logs=
for mode in $BOOTS; do
	say "booting QEMU virt + SMMUv3 ($VARIANT stack, $mode mode): DMA suites$([ $mode = strict ] && echo ' and KUnit')"
	log=$(boot $mode)
	logs="$logs $log"
done
# The debug kernel's boots, unless DEBUG=0.
if [ "${DEBUG:-1}" = 1 ] && [ "$ARCH" = arm64 ]; then
	say "building the debug kernel (KASAN, lockdep, DMA-API debugging)"
	KDEBUG=1 "$PROJECT/scripts/iommu-dma/kernel.sh" build >&2 || {
		echo "not ok - the debug kernel did not build" >&2
		exit 1
	}
	for mode in $DEBUG_BOOTS; do
		say "booting the debug kernel ($VARIANT stack, ${mode#debug-} mode): every suite"
		log=$(boot $mode)
		logs="$logs $log"
	done
fi
# 32-bit Arm, unless only one architecture was asked for (ARM32=0).
if [ "${ARM32:-1}" = 1 ] && [ "$ARCH" = arm64 ]; then
	say "building the 32-bit Arm kernel and guest"
	if ARCH=arm "$PROJECT/scripts/iommu-dma/kernel.sh" build >&2 &&
	   ARCH=arm "$PROJECT/scripts/iommu-dma/guest.sh" >&2; then
		for mode in $ARM32_BOOTS; do
			say "booting QEMU 32-bit virt + SMMUv3 ($VARIANT stack, $mode mode)"
			log=$(ARCH=arm boot $mode)
			logs="$logs $log"
		done
	else
		echo "not ok - the 32-bit Arm kernel or guest did not build" >&2
		exit 1
	fi
fi
tap=$(for log in $logs; do
	python3 "$PROJECT/scripts/iommu-dma/report.py" tap "$log" \
		"qemu/$(basename "$log" .log | sed 's/^qemu-//')"
done)
if [ "${1:-}" = --tap ]; then
	echo "$tap"
else
	echo "Base tree: Linux $(cat "$OBJ/base-version" 2>/dev/null), stack: $VARIANT" \
		"(STOCK=\"$STOCK\")"
	python3 "$PROJECT/scripts/iommu-dma/report.py" human $logs
	echo "=" | sed 's/.*/========================================================================/'
	good=$(echo "$tap" | grep -c '^ok ' || true)
	bad=$(echo "$tap" | grep -c '^not ok ' || true)
	echo "All boots: $good passed, $bad failed$( [ "$bad" = 0 ] && echo ': every check held')"
fi
! echo "$tap" | grep -q '^not ok '

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

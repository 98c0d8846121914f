#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the bench once in strict and once in lazy mode and report.
#   run.sh          the readable report (make run)
#   run.sh --tap    the results as TAP lines (make check-qemu)
# Exit status: 0 when every result held.
. "$(dirname "$0")/lib.sh"

logs=
for mode in strict lazy; do
	say "booting QEMU virt + SMMUv3 ($VARIANT stack, $mode invalidation): KUnit and DMA suites"
	log=$("$PROJECT/scripts/iommu-dma/qemu.sh" $mode)
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

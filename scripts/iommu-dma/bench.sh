#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmarks, ours beside the base tree's in the same run.
#  1. host: each layer's harness compares our file with the base tree's own,
#     compiled from the pristine tarball now (ns/op and callgrind instr/op);
#  2. QEMU: dma_map_benchmark on the kernel built with STOCK=all (the base
#     stack) and on ours, boots interleaved, REPS of each, medians; once
#     with -icount (guest time counts instructions: figures repeat to the
#     digit) and once on plain TCG (wall-clock, noisy).
# REPS (default 3), BENCH_SECONDS (default 1), ICOUNT (default 4: one
# instruction is 16 ns of guest time, so the 100 ns figures resolve a few
# instructions instead of a hundred), HOST=0 or
# QEMU=0 to skip a part, OURS_STOCK: the layers the "ours" side still takes
# from the base (default: none).
. "$(dirname "$0")/lib.sh"

reps=${REPS:-3}
if [ "${HOST:-1}" = 1 ]; then
	say "host benchmarks: ours beside the base tree's, per layer"
	make -s -C "$PROJECT/tools/testing/iommu-dma" bench
fi
[ "${QEMU:-1}" = 1 ] || exit 0

ours_stock=${OURS_STOCK:-}
for s in "all" "$ours_stock"; do
	STOCK=$s VARIANT= "$PROJECT/scripts/iommu-dma/kernel.sh" build
done
"$PROJECT/scripts/iommu-dma/guest.sh"

out=$RESULTS/bench
rm -rf "$out"
mkdir -p "$out"
for r in $(seq 1 "$reps"); do
	for timing in icount tcg; do
		for s in "all" "$ours_stock"; do
			for mode in strict lazy; do
				side=ours; [ "$s" = all ] && side=base
				say "bench $r/$reps: $side stack, $mode, $timing"
				ic=; [ $timing = icount ] && ic=${ICOUNT:-4}
				log=$(STOCK=$s VARIANT= ICOUNT=$ic KUNIT=0 SUITES=bench \
					BENCH_SECONDS=${BENCH_SECONDS:-1} TAG=-bench \
					"$PROJECT/scripts/iommu-dma/qemu.sh" $mode)
				mv "$log" "$out/$side-$mode-$timing-$r.log"
			done
		done
	done
done
python3 "$PROJECT/scripts/iommu-dma/bench-table.py" "$out" | tee "$out/table.rst"

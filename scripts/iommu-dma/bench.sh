#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmarks, ours beside the base tree's in the same run.
#  1. host: each layer's harness compares our file with the base tree's own,
#     compiled from the pristine tarball now (ns/op and callgrind instr/op);
#  2. QEMU: dma_map_benchmark on the kernel built with STOCK=all (the base
#     stack) and on ours, boots interleaved, REPS of each, under -icount
#     with the percpu-icount plugin (tools/testing/iommu-dma/icount): every
#     map and unmap call is charged the guest instructions its own vCPU
#     executed, which is what decides; guest-time latencies come with it.
# REPS (default 2: -icount figures repeat, the second boot shows it),
# BENCH_SECONDS (default 1), ICOUNT (default 4: one instruction is 16 ns of
# guest time), TCG=1 to add boots on plain TCG (wall clock, noisy, for
# reference only), HOST=0 or QEMU=0 to skip a part, PAR (default 2) boots
# at a time (-icount figures do not depend on the host's load),
# OURS_STOCK: the layers the "ours" side still takes from the base
# (default: none).
. "$(dirname "$0")/lib.sh"

reps=${REPS:-2}
if [ "${HOST:-1}" = 1 ]; then
	say "host benchmarks: ours beside the base tree's, per layer"
	make -s -C "$PROJECT/tools/testing/iommu-dma" bench
fi
[ "${QEMU:-1}" = 1 ] || exit 0

plugin=$BUILD/host/icount/percpu-icount.so
make -s -C "$PROJECT/tools/testing/iommu-dma/icount" plugin OUT="$BUILD/host/icount"
ours_stock=${OURS_STOCK:-}
for s in "all" "$ours_stock"; do
	STOCK=$s VARIANT= "$PROJECT/scripts/iommu-dma/kernel.sh" build
done
"$PROJECT/scripts/iommu-dma/guest.sh"

out=$RESULTS/bench
rm -rf "$out"
mkdir -p "$out"
timings=icount
[ "${TCG:-0}" = 1 ] && timings="icount tcg"

# One boot: side (base|ours), stock layers, mode, timing, rep.
bench_boot() {
	local side=$1 s=$2 mode=$3 timing=$4 r=$5 ic= pl= log
	if [ "$timing" = icount ]; then
		ic=${ICOUNT:-4}
		pl=$plugin
	fi
	log=$(STOCK=$s VARIANT= ICOUNT=$ic PLUGIN=$pl KUNIT=0 SUITES=bench \
		BENCH_SECONDS=${BENCH_SECONDS:-1} TAG=-bench-$side-$r \
		BOOT_TIMEOUT=900 "$PROJECT/scripts/iommu-dma/qemu.sh" "$mode")
	mv "$log" "$out/$side-$mode-$timing-$r.log"
}

running=0
for r in $(seq 1 "$reps"); do
	for timing in $timings; do
		for s in "all" "$ours_stock"; do
			for mode in strict lazy; do
				side=ours; [ "$s" = all ] && side=base
				say "bench $r/$reps: $side stack, $mode, $timing"
				bench_boot $side "$s" $mode $timing "$r" &
				running=$((running + 1))
				if [ $running -ge "${PAR:-2}" ]; then
					wait -n || true
					running=$((running - 1))
				fi
			done
		done
	done
done
wait
python3 "$PROJECT/scripts/iommu-dma/bench-table.py" "$out" | tee "$out/table.rst"

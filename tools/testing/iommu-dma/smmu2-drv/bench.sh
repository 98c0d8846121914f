#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Print the SMMUv2 driver benchmark: instructions per operation (callgrind,
# one steady-state batch, the model's MMIO callbacks excluded) and MMIO
# accesses per operation, ours against the base tree's 6.12 arm-smmu.c.
set -e
OUT=${OUT:?}
CG=$OUT/callgrind
rm -rf "$CG"; mkdir -p "$CG"
impls="base"
[ -x "$OUT/bench-ours" ] && impls="ours base"

declare -A IR MM
for impl in $impls; do
	for c in map4k unmap4k map2m unmap2m; do
		f=$CG/$impl.$c
		line=$(valgrind --tool=callgrind --collect-atstart=no \
			--callgrind-out-file="$f" "$OUT/bench-$impl" "$c" \
			2>/dev/null | grep '^batch')
		batch=$(echo "$line" | awk '{print $2}')
		mmio=$(echo "$line" | awk '{print $4}')
		[ -n "$batch" ] && ls "$f".* >/dev/null 2>&1 ||
			{ echo "bench: bench-$impl $c failed" >&2; exit 1; }
		tot=$(cat "$f".* | awk '/^(summary|totals):/ {print $2; exit}')
		IR[$impl,$c]=$((tot / batch))
		MM[$impl,$c]=$(awk -v m="$mmio" -v b="$batch" 'BEGIN {printf "%.1f", m / b}')
	done
done

printf '%-8s %11s %11s %9s %10s %10s\n' case "instr ours" "instr base" \
	"ours/base" "mmio ours" "mmio base"
for c in map4k unmap4k map2m unmap2m; do
	o=${IR[ours,$c]:--}; b=${IR[base,$c]}
	ratio=-
	[ "$o" != - ] && ratio=$(awk -v o="$o" -v b="$b" 'BEGIN {printf "%.2f", o / b}')
	printf '%-8s %11s %11s %9s %10s %10s\n' "$c" "$o" "$b" "$ratio" \
		"${MM[ours,$c]:--}" "${MM[base,$c]}"
done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Print the io-pgtable benchmark table: ns/op (best of many batches) and
# instructions/op (callgrind, one steady-state batch) for ours and base.
set -e
OUT=${OUT:?}
CG=$OUT/callgrind
rm -rf "$CG"; mkdir -p "$CG"

declare -A NS IR
for impl in ours base; do
	"$OUT/bench-$impl" time > "$CG/$impl.time" ||
		{ echo "bench: bench-$impl failed" >&2; exit 1; }
	while read -r c dir ns; do
		NS[$impl,$c,$dir]=$ns
	done < "$CG/$impl.time"
	for c in 1x4K 256x4K 256x2M; do
		f=$CG/$impl.$c
		batch=$(valgrind --tool=callgrind --collect-atstart=no \
			--callgrind-out-file="$f" "$OUT/bench-$impl" count "$c" \
			2>/dev/null | awk '/^batch/ {print $2}')
		[ -n "$batch" ] && ls "$f".* >/dev/null 2>&1 ||
			{ echo "bench: bench-$impl count $c failed" >&2; exit 1; }
		for dump in "$f".*; do
			dir=$(awk '/^desc: Trigger: Client Request: / {print $NF}' "$dump")
			tot=$(awk '/^(summary|totals):/ {print $2; exit}' "$dump")
			[ -n "$dir" ] && IR[$impl,$c,$dir]=$((tot / batch))
		done
	done
done

printf '%-8s %-6s %10s %10s %12s %12s %9s\n' case op "ns ours" "ns base" \
	"instr ours" "instr base" "ours/base"
fail=0
for c in 1x4K 256x4K 256x2M; do
	for dir in map unmap; do
		o=${IR[ours,$c,$dir]}; b=${IR[base,$c,$dir]}
		ratio=$(awk -v o="$o" -v b="$b" 'BEGIN {printf "%.2f", o / b}')
		printf '%-8s %-6s %10s %10s %12s %12s %9s\n' "$c" "$dir" \
			"${NS[ours,$c,$dir]}" "${NS[base,$c,$dir]}" "$o" "$b" "$ratio"
		awk -v r="$ratio" 'BEGIN {exit !(r > 0.80)}' && fail=1
	done
done
[ $fail = 0 ] && echo "goal met: at least 20% fewer instructions in every case" ||
	echo "goal missed: some case is above 0.80 of base"

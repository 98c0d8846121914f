#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every test of the project, in the order that fails fastest:
#   the legacy arm32 allocator absent (grep), host unit tests and a short
#   fuzz run, the kernel build, W=1 + sparse on our objects, checkpatch
#   and coccicheck on our files, then QEMU: KUnit and the end-to-end
#   suites in strict and lazy mode, and the patch series: written from
#   scripts/iommu-dma/series.conf, applied with git am to the pristine
#   base and built there for arm64 and arm.
# Every result is one TAP line in $RESULTS/check.tap; the last line printed
# is "N passed, N failed".  Exit status is non-zero on any failure.
. "$(dirname "$0")/lib.sh"
# The time of day on every heading: where a run spends its minutes.
say() { printf '\033[1m==> [%s] %s\033[0m\n' "$(date +%T)" "$*"; }
set +e

mkdir -p "$RESULTS"
tapfile=$RESULTS/check.tap
: > "$tapfile"
logs=$RESULTS/check-logs
rm -rf "$logs"
mkdir -p "$logs"

result() {	# result 0|1 name [directive]
	local line
	if [ "$1" = 0 ]; then line="ok - $2"; else line="not ok - $2"; fi
	[ -n "${3:-}" ] && line="$line # $3"
	echo "$line" | tee -a "$tapfile"
}

# step NAME CMD...: run CMD with its output in a log; one result line.
step() {
	local name=$1 log rc t0=$SECONDS
	shift
	log=$logs/$(echo "$name" | tr '/ ' '__').log
	"$@" > "$log" 2>&1
	rc=$?
	result $rc "$name"
	echo "    ($((SECONDS - t0)) s)"
	[ $rc = 0 ] || { echo "    (log: ${log#$PROJECT/})"; tail -n 15 "$log" | sed 's/^/    | /'; }
	return $rc
}

# take_tap NAME LOG: the TAP lines a sub-harness printed count one by one.
take_tap() {
	local prefix=$1 log=$2
	grep -E '^(not )?ok ' "$log" | sed -E "s#^(not ok|ok) [0-9]* ?-? ?#\1 - $prefix/#" |
		tee -a "$tapfile"
}

# The host harnesses compile against the base tree's headers (and the
# benchmarks against its sources): unpack it first.
"$PROJECT/scripts/iommu-dma/kernel.sh" base

say "overlay.py: fragment steps and deletions (self-test on a toy tree)"
step "overlay: steps apply in order, a /dev/null fragment deletes its file" \
	"$PROJECT/scripts/iommu-dma/overlay-selftest.sh"

# The legacy 32-bit Arm IOMMU allocator must be gone from the tree we build:
# no code, Kconfig, Makefile or config fragment of the overlaid tree names
# it.  Each offender is listed as file:line.  A variant that leaves arm32
# to the base tree builds the legacy allocator on purpose.
legacy_arm32() {
	local re hits
	re='ARM_DMA_USE_IOMMU|ARM_DMA_IOMMU_ALIGNMENT|to_dma_iommu_mapping'
	re+='|arm_iommu_(create_mapping|attach_device|detach_device|release_mapping)'
	re+='|dma_iommu_mapping|asm/dma-iommu\.h|archdata\.mapping'
	"$PROJECT/scripts/iommu-dma/kernel.sh" tree || return 1
	hits=$(grep -rnE "$re" "$TREE" --include='*.[chS]' --include='Kconfig*' \
		--include='Makefile*' --include='Kbuild*' --include='*.config' \
		--exclude-dir=Documentation --exclude-dir=tools | sed "s|^$TREE/||")
	[ -z "$hits" ] && return 0
	echo "legacy arm_iommu symbols still referenced:"
	echo "$hits"
	return 1
}
say "arm32: the legacy arm_iommu allocator is absent from the built tree"
case " $STOCK " in
*" arm32 "*|*" all "*)
	result 0 "arm32: no legacy arm_iommu symbol in the tree" "SKIP arm32 is the base's" ;;
*)
	step "arm32: no legacy arm_iommu symbol in the tree" legacy_arm32 ;;
esac

say "host unit tests (tools/testing/iommu-dma)"
harness=$PROJECT/tools/testing/iommu-dma
for dir in "$harness"/*/; do
	layer=$(basename "$dir")
	[ -f "$dir/Makefile" ] && [ "$layer" != guest ] || continue
	# the layer that owns the directory: a stocked layer's harness has
	# nothing of ours to test; bench (the models) is never stocked
	owner=$(awk -v p="tools/testing/iommu-dma/$layer" '$2 == p { print $1 }' \
		"$PROJECT/scripts/iommu-dma/layers.conf")
	if [ "${owner:-$layer}" != bench ]; then
		case " $STOCK " in *" ${owner:-$layer} "*|*" all "*) continue ;; esac
	fi
	log=$logs/host-$layer.log
	make -s -C "$dir" check > "$log" 2>&1
	rc=$?
	take_tap "host/$layer" "$log"
	grep -qE '^(not )?ok ' "$log" || result 1 "host/$layer: no test ran"
	[ $rc = 0 ] || result 1 "host/$layer: harness exit status $rc"
	if grep -q '^fuzz:' "$dir/Makefile"; then
		step "fuzz/$layer (${FUZZ_SECONDS:-10} s)" make -s -C "$dir" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-10}"
	fi
done

say "kernel build ($VARIANT, $ARCH, W=1)"
if step "build/$ARCH kernel ($VARIANT)" "$PROJECT/scripts/iommu-dma/kernel.sh" build; then
	built=1
else
	built=0
fi

if [ -f "$PROJECT/scripts/iommu-dma/users.list" ]; then
	say "in-tree users of our interfaces (COMPILE_TEST build)"
	step "build/in-tree users ($VARIANT)" "$PROJECT/scripts/iommu-dma/kernel.sh" users
	say "in-tree users that only x86 configures (ipu6, ipu3), native x86_64"
	step "build/in-tree users x86_64 ($VARIANT)" env ARCH=x86_64 \
		"$PROJECT/scripts/iommu-dma/kernel.sh" users
	say "in-tree users that only 32-bit Arm configures (OMAP remoteproc, the converted legacy users)"
	step "build/in-tree users arm ($VARIANT)" env ARCH=arm \
		"$PROJECT/scripts/iommu-dma/kernel.sh" users
fi

# The bench's 32-bit kernel: its configuration also builds msm_iommu and
# arm-smmu in drivers/iommu/ against our code (iommu-dma-pgtable.config).
say "32-bit Arm with LPAE: the bench kernel, drivers/iommu/ included"
if step "build/arm kernel and drivers/iommu ($VARIANT, W=1)" env ARCH=arm \
	"$PROJECT/scripts/iommu-dma/kernel.sh" build; then
	arm_built=1
else
	arm_built=0
fi

if [ $built = 1 ]; then
	say "W=1 and sparse on our objects"
	objs=$("$PROJECT/scripts/iommu-dma/kernel.sh" our-objects)
	"$PROJECT/scripts/iommu-dma/kernel.sh" objs $objs > "$logs/lint.log" 2>&1
	for o in $objs; do
		src=${o%.o}.c
		if ! python3 "$PROJECT/scripts/iommu-dma/our-warnings.py" \
			"$logs/lint.log" "$src" > "$logs/lint-$$.txt"; then
			result 1 "lint/$src: W=1 and sparse clean"
			head -8 "$logs/lint-$$.txt" | sed 's/^/    | /'
		else
			result 0 "lint/$src: W=1 and sparse clean"
		fi
	done

	# coccicheck once over a mirror of our C files: per object (C=2) it
	# restarts every semantic patch for every file, minutes per file.
	say "coccicheck on our C files"
	mirror=$BUILD/cocci-$VARIANT
	rm -rf "$mirror"
	python3 "$PROJECT/scripts/iommu-dma/overlay.py" --project "$PROJECT" --base "$BASE" \
		--stock "$STOCK" --dump "$mirror"
	rm -rf "$mirror/tools" "$mirror/Documentation"
	find "$mirror" -type f ! -name '*.[ch]' -delete
	cfiles=$(cd "$mirror" && find . -name '*.c' | sed 's|^\./||' | sort)
	kmake coccicheck MODE=report M="$mirror" > "$logs/coccicheck.log" 2>&1
	rc=$?
	for src in $cfiles; do
		# A report names the file and a line: "<dir>/x.c:12:3-9: WARNING ...".
		hits=$(grep -E "${src}:[0-9]+" "$logs/coccicheck.log")
		# A base file we only patch answers for the lines our fragments
		# add, not for the base's own code around them.
		if [ -n "$hits" ] && [ ! -f "$PROJECT/$src" ] && [ -f "$BASE/$src" ]; then
			added=$(diff --unchanged-line-format= --old-line-format= \
				--new-line-format='%dn
' "$BASE/$src" "$mirror/$src")
			hits=$(echo "$hits" | while read -r h; do
				l=$(echo "$h" | sed -E "s#.*${src}:([0-9]+).*#\1#")
				echo "$added" | grep -qx "$l" && echo "$h"
			done)
		fi
		if [ $rc = 0 ] && [ -z "$hits" ]; then
			result 0 "coccicheck/$src"
		else
			result 1 "coccicheck/$src"
			echo "$hits" | head -5 | sed 's/^/    | /'
		fi
	done
fi

say "checkpatch --strict on our files"
# The files this variant takes from us (a layer left to the base is not ours;
# a patched base file is checked by the series).  checkpatch.pl takes a few
# tenths of a second a file: one per CPU at a time, reported in order.
ckfiles=$(python3 "$PROJECT/scripts/iommu-dma/overlay.py" --project "$PROJECT" \
		--base "$BASE" --stock "$STOCK" --list |
		grep -E '(\.[ch]|/Kconfig|/Makefile)$' |
		while read -r f; do [ -f "$PROJECT/$f" ] && echo "$f"; done)
ckout=$logs/checkpatch
rm -rf "$ckout"
mkdir -p "$ckout"
echo "$ckfiles" | xargs -r -P "$(nproc)" -I{} sh -c \
	'"$0" --strict --no-tree --quiet --show-types --ignore FILE_PATH_CHANGES \
		-f "$1/$2" > "$3/$(echo "$2" | tr / _)" 2>&1' \
	"$BASE/scripts/checkpatch.pl" "$PROJECT" {} "$ckout"
for f in $ckfiles; do
	out=$(cat "$ckout/$(echo "$f" | tr / _)")
	if [ -z "$out" ]; then
		result 0 "checkpatch/$f"
	else
		result 1 "checkpatch/$f"
		echo "$out" | head -8 | sed 's/^/    | /'
	fi
done

if [ $built = 1 ]; then
	say "guest suites: initramfs"
	if step "build/guest init and initramfs" "$PROJECT/scripts/iommu-dma/guest.sh"; then
		for mode in $BOOTS; do
			say "QEMU: end-to-end suites, $mode mode$([ $mode = strict ] && echo ', KUnit')"
			log=$(boot $mode)
			python3 "$PROJECT/scripts/iommu-dma/report.py" tap "$log" "qemu/$mode" |
				tee -a "$tapfile"
		done
		say "QEMU: dma_map_benchmark under -icount, per-vCPU counts (make bench's method)"
		if step "build/percpu-icount plugin" make -s -C "$harness/icount" plugin \
			OUT="$BUILD/host/icount"; then
			log=$(ICOUNT=4 PLUGIN=$BUILD/host/icount/percpu-icount.so KUNIT=0 \
				SUITES=bench TAG=-icount "$PROJECT/scripts/iommu-dma/qemu.sh" strict)
			python3 "$PROJECT/scripts/iommu-dma/report.py" tap "$log" "qemu/icount" |
				tee -a "$tapfile"
			step "qemu/icount: every map and unmap counted on its vCPU, none lost" \
				python3 "$PROJECT/scripts/iommu-dma/bench-table.py" --check "$log"
		fi
	fi
fi

say "32-bit Arm (LPAE) on QEMU's 32-bit virt: guest, boots"
if [ $arm_built = 1 ] &&
   step "build/arm guest init and initramfs" env ARCH=arm \
	"$PROJECT/scripts/iommu-dma/guest.sh"; then
	for mode in $ARM32_BOOTS; do
		say "QEMU arm: end-to-end suites, $mode mode$([ $mode = strict ] && echo ', KUnit')"
		log=$(ARCH=arm boot $mode)
		python3 "$PROJECT/scripts/iommu-dma/report.py" tap "$log" "qemu/arm/$mode" |
			tee -a "$tapfile"
	done
fi

say "patch series: written, applied to the pristine base, built"
series=$PROJECT/scripts/iommu-dma/series.sh
if step "series: make series, every patch checkpatch --strict clean" "$series" write --check &&
   step "series: git am on pristine $("$PROJECT/scripts/iommu-dma/kernel.sh" version), the overlay's tree, new files maintained" \
	"$series" apply; then
	step "series: each patch that changes a Kconfig or Makefile builds on its own (arm64, its directories)" \
		"$series" build kbuild
	step "series: the applied series builds for arm64" env ARCH=arm64 "$series" build final
	step "series: the applied series builds for arm (LPAE)" env ARCH=arm "$series" build final
fi

passed=$(grep -c '^ok ' "$tapfile")
failed=$(grep -c '^not ok ' "$tapfile")
skipped=$(grep -c '^ok .*# SKIP' "$tapfile")
echo
if [ "$skipped" -gt 0 ]; then
	echo "$((passed - skipped)) passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]

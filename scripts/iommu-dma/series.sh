#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The curated patch series (scripts/iommu-dma/series.conf) and the proof
# that a user can take it.
#   series.sh write [--check]   build/series/patches: the patches and a cover
#                               letter (V=n: version n); --check runs
#                               checkpatch --strict on each patch
#   series.sh apply             git am onto a checkout of the pristine base
#                               (build/series/applied); the result must be
#                               exactly the overlay's tree
#   series.sh build kbuild      build, in order, each applied patch that
#                               changes a Kconfig or Makefile (arm64): the
#                               directories it touches, on a tree prepared
#                               with the whole configuration
#   series.sh build final       build the whole applied series for ARCH
#   series.sh bisect            build every applied patch for arm64, and for
#                               arm where it touches code arm builds
# Builds use the project's config fragments for the architecture (the bench
# fragment and every layer's, never the stock- or users ones) on top of
# allnoconfig; objects go to build/series/obj-<arch>, so the steps after the
# first are incremental.
# A fragment that deletes a base file ("+++ /dev/null") becomes a deletion
# in its patch (series.py write), and "apply" checks the file is gone.
. "$(dirname "$0")/lib.sh"

out=$BUILD/series
applied=$out/applied
V=${V:-1}

series_write() {
	"$PROJECT/scripts/iommu-dma/kernel.sh" base
	python3 "$PROJECT/scripts/iommu-dma/series.py" write --version "$V" "$@"
}

series_apply() {
	[ -d "$out/patches" ] || series_write
	python3 "$PROJECT/scripts/iommu-dma/series.py" apply
}

# build_at COMMIT ARCH [final|dirs]: the applied tree at COMMIT, built for
# ARCH: the kernel image, or with "dirs" only the directories of the
# kernel's code that COMMIT changes.
build_at() {
	local commit=$1 arch=$2 final=${3:-} cross image frag obj rc=0 targets
	case "$arch" in
	arm64) cross=aarch64-linux-gnu-; image=Image ;;
	arm)   cross=arm-linux-gnueabihf-; image=zImage ;;
	esac
	obj=$out/obj-$arch
	frag=$obj/series.fragment
	mkdir -p "$obj"
	git -C "$applied" checkout -q --detach "$commit"
	ls "$PROJECT/arch/$arch/configs/"iommu-dma*.config |
		grep -v -e '-stock-' -e '-users\.config$' -e '-users\..*\.config$' |
		xargs cat > "$frag"
	say "series: $(git -C "$applied" log -1 --format='%h %s' "$commit" | cut -c1-70) ($arch)"
	make -s -C "$applied" O="$obj" ARCH="$arch" CROSS_COMPILE="$cross" \
		KCONFIG_ALLCONFIG="$frag" allnoconfig > "$obj/config.log" 2>&1 || rc=$?
	targets=$image
	if [ "$final" = dirs ]; then
		targets=$(git -C "$applied" diff-tree --no-commit-id --name-only -r "$commit" |
			grep -E '^(drivers|kernel|mm|lib|arch/[^/]+/(mm|kernel))/' |
			sed 's|/[^/]*$|/|' | sort -u |
			while read -r d; do [ -d "$applied/$d" ] && echo "$d"; done |
			tr '\n' ' ')
		targets="prepare $targets"
	fi
	if [ $rc = 0 ]; then
		make -s -C "$applied" O="$obj" ARCH="$arch" CROSS_COMPILE="$cross" \
			-j"$JOBS" $targets > "$obj/build.log" 2>&1 || rc=$?
	fi
	if [ $rc != 0 ]; then
		grep -E 'error|Error' "$obj/config.log" "$obj/build.log" | head -20 >&2
		echo "series: $commit does not build for $arch (log: $obj/build.log)" >&2
		return 1
	fi
	# The whole series must honour every symbol the fragments ask for.
	if [ "$final" = final ]; then
		local line bad=0
		while read -r line; do
			case "$line" in CONFIG_*=*) ;; *) continue ;; esac
			grep -qx "$line" "$obj/.config" ||
				{ echo "series: $line did not stick ($arch)" >&2; bad=1; }
		done < "$frag"
		return $bad
	fi
}

# Applied commits, oldest first; "kbuild": only those touching Kconfig or
# Makefiles; "arm": only those touching what the arm build compiles.
commits() {
	local c
	for c in $(git -C "$applied" rev-list --reverse pristine..HEAD); do
		case "${1:-}" in
		kbuild)
			git -C "$applied" diff-tree --no-commit-id --name-only -r "$c" |
				grep -v '^tools/' |
				grep -qE '(^|/)(Kconfig|Makefile)[^/]*$' || continue ;;
		arm)
			git -C "$applied" diff-tree --no-commit-id --name-only -r "$c" |
				grep -qE '^(arch/arm/|drivers/iommu/|include/|kernel/)' || continue ;;
		esac
		echo "$c"
	done
}

series_build() {
	[ -d "$applied" ] || series_apply
	local head c rc=0
	head=$(git -C "$applied" rev-parse HEAD)
	case "$1" in
	kbuild)
		for c in $(commits kbuild); do
			build_at "$c" arm64 dirs || rc=1
		done ;;
	final)
		build_at "$head" "$ARCH" final || rc=1 ;;
	esac
	git -C "$applied" checkout -q --detach "$head"
	return $rc
}

series_bisect() {
	local start head c rc=0 n=0
	start=$(date +%s)
	series_apply
	head=$(git -C "$applied" rev-parse HEAD)
	for c in $(commits); do
		build_at "$c" arm64 || rc=1
		n=$((n + 1))
	done
	for c in $(commits arm); do
		build_at "$c" arm || rc=1
		n=$((n + 1))
	done
	git -C "$applied" checkout -q --detach "$head"
	echo "series: $n builds in $(( $(date +%s) - start )) s, $([ $rc = 0 ] && echo 'all passed' || echo 'some FAILED')"
	return $rc
}

cmd=${1:-write}
shift || true
case "$cmd" in
write) series_write "$@" ;;
apply) series_apply ;;
build) series_build "${1:-final}" ;;
bisect) series_bisect ;;
*) echo "usage: $0 write [--check] | apply | build kbuild|final | bisect" >&2; exit 2 ;;
esac

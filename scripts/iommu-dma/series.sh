#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the overlay as a git format-patch series against the pristine base:
# one patch per project commit that changes what the overlay puts in the
# kernel tree, with that commit's subject, message and author.
#   series.sh [--check]    patches in build/series/patches; --check runs
#                          checkpatch --strict on each of them
. "$(dirname "$0")/lib.sh"

out=$BUILD/series
repo=$out/repo
rm -rf "$out"
mkdir -p "$out/patches"
git -C "$PROJECT" rev-parse -q --verify HEAD >/dev/null ||
	{ echo "series: the project has no commits yet" >&2; exit 1; }
"$PROJECT/scripts/iommu-dma/kernel.sh" base

overlay_of() {	# overlay_of COMMIT DIR: the overlay as that commit had it
	local wt=$out/wt
	rm -rf "$wt" "$2"
	git -C "$PROJECT" worktree add -q --detach "$wt" "$1"
	mkdir -p "$2"
	if [ -f "$wt/scripts/iommu-dma/overlay.py" ] && [ -f "$wt/scripts/iommu-dma/layers.conf" ]; then
		python3 "$wt/scripts/iommu-dma/overlay.py" --project "$wt" --base "$BASE" --dump "$2"
	fi
	git -C "$PROJECT" worktree remove --force "$wt"
}

# The base commit holds the pristine version of every path any commit touches.
git init -q "$repo"
git -C "$repo" config user.name "iommu-dma series"
git -C "$repo" config user.email "series@iommu-dma.invalid"
commits=$(git -C "$PROJECT" rev-list --reverse HEAD)
for c in $commits; do
	overlay_of "$c" "$out/dump-$c"
	(cd "$out/dump-$c" && find . -type f) >> "$out/paths"
done
sort -u "$out/paths" | sed 's|^\./||' | while read -r p; do
	if [ -f "$BASE/$p" ]; then
		mkdir -p "$repo/$(dirname "$p")"
		cp "$BASE/$p" "$repo/$p"
	fi
done
git -C "$repo" add -A
git -C "$repo" commit -q --allow-empty -m "Linux $(make -s -C "$BASE" kernelversion) (pristine)"
base_commit=$(git -C "$repo" rev-parse HEAD)

prev=
for c in $commits; do
	dump=$out/dump-$c
	# Paths of the previous overlay that this one no longer has go back to
	# the base version (or away, when the base has none).
	if [ -n "$prev" ]; then
		(cd "$out/dump-$prev" && find . -type f) | sed 's|^\./||' | while read -r p; do
			[ -f "$dump/$p" ] && continue
			if [ -f "$BASE/$p" ]; then cp "$BASE/$p" "$repo/$p"; else rm -f "$repo/$p"; fi
		done
	fi
	(cd "$dump" && find . -type f) | sed 's|^\./||' | while read -r p; do
		mkdir -p "$repo/$(dirname "$p")"
		cp "$dump/$p" "$repo/$p"
	done
	prev=$c
	git -C "$repo" add -A
	git -C "$repo" diff --cached --quiet && continue
	author=$(git -C "$PROJECT" log -1 --format='%an <%ae>' "$c")
	git -C "$PROJECT" log -1 --format='%B' "$c" > "$out/msg"
	grep -q '^Signed-off-by:' "$out/msg" || printf '\nSigned-off-by: %s\n' "$author" >> "$out/msg"
	git -C "$repo" commit -q --author="$author" \
		--date="$(git -C "$PROJECT" log -1 --format=%aD "$c")" -F "$out/msg"
done
rm -rf "$out"/dump-* "$out/paths" "$out/msg"
git -C "$repo" format-patch -q -o "$out/patches" "$base_commit..HEAD"
n=$(ls "$out/patches" | wc -l)
echo "series: $n patches in ${out#$PROJECT/}/patches (apply with git am on a 6.12 tree)"
[ "$n" -gt 0 ] || { echo "series: no patch" >&2; exit 1; }

[ "${1:-}" = --check ] || exit 0
bad=0
for p in "$out"/patches/*.patch; do
	if ! r=$("$BASE/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
			--ignore FILE_PATH_CHANGES "$p" 2>&1); then
		echo "$(basename "$p"):"; echo "$r" | head -20; bad=1
	elif [ -n "$r" ]; then
		echo "$(basename "$p"):"; echo "$r" | head -20; bad=1
	fi
done
[ $bad = 0 ] && echo "series: every patch is checkpatch --strict clean"
exit $bad

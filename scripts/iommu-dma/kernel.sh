#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare the pristine base, lay our overlay over it and build the kernel.
#   kernel.sh base      unpack Debian's linux-source-6.12 once
#   kernel.sh tree      base + overlay for $STOCK
#   kernel.sh config    tree + allnoconfig with our fragments, checked
#   kernel.sh build     config + Image (W=1); log in $OBJ/build.log
#   kernel.sh objs F..  rebuild these objects with W=1 and sparse (C=2)
. "$(dirname "$0")/lib.sh"

do_base() {
	[ -f "$BASE/.complete" ] && return 0
	[ -n "$BASE_TAR" ] || { echo "no /usr/src/linux-source-6.12.tar.xz: make deps" >&2; exit 1; }
	say "unpacking the pristine base $(basename "$BASE_TAR")"
	rm -rf "$BASE" "$BUILD/src/.unpack"
	mkdir -p "$BUILD/src/.unpack"
	tar -xf "$BASE_TAR" -C "$BUILD/src/.unpack"
	mv "$BUILD/src/.unpack/linux-source-6.12" "$BASE"
	rmdir "$BUILD/src/.unpack"
	touch "$BASE/.complete"
}

base_version() {
	make -s -C "$BASE" kernelversion 2>/dev/null
}

do_tree() {
	do_base
	python3 "$PROJECT/scripts/iommu-dma/overlay.py" --project "$PROJECT" \
		--base "$BASE" --tree "$TREE" --stock "$STOCK"
}

# The fragments for this variant: the bench's, then each layer's own when
# the layer is ours, or its stock- fragment when it is the base's.
fragments() {
	local cfg=$TREE/arch/$ARCH/configs f
	echo "$cfg/iommu-dma.config"
	for f in "$cfg"/iommu-dma-*.config; do
		[ -e "$f" ] || continue
		case "$f" in
		*-users.config|*-users.*.config|*-debug.config) continue ;;
		esac
		echo "$f"
	done
	# The debug kernel (KDEBUG=1) adds its checkers last.
	if [ "${KDEBUG:-0}" = 1 ]; then
		echo "$cfg/iommu-dma-debug.config"
	fi
}

# Settings that only a prompt behind EXPERT can change (arch/$ARCH/configs/
# iommu-dma.postconfig): given to allnoconfig, EXPERT would also turn off
# every default it guards, so they are applied afterwards with olddefconfig,
# which keeps what allnoconfig chose for everything else.
postconfig() {
	local f=$TREE/arch/$ARCH/configs/iommu-dma.postconfig
	[ -f "$f" ] && echo "$f"
	return 0
}

do_config() {
	do_tree
	mkdir -p "$OBJ"
	local frag=$OBJ/iommu-dma.fragment post
	post=$(postconfig)
	cat $(fragments) $post > "$frag.new"
	if [ -f "$OBJ/.config" ] && cmp -s "$frag.new" "$frag" &&
	   [ "$OBJ/.config" -nt "$frag" ]; then
		rm "$frag.new"
	else
		mv "$frag.new" "$frag"
		say "configuring $VARIANT ($ARCH allnoconfig + $(fragments | xargs -n1 basename | tr '\n' ' ')$([ -z "$post" ] || echo "then $(basename "$post")"))"
		cat $(fragments) > "$OBJ/iommu-dma.allnoconfig"
		kmake KCONFIG_ALLCONFIG="$OBJ/iommu-dma.allnoconfig" allnoconfig >/dev/null
		if [ -n "$post" ]; then
			cat "$post" >> "$OBJ/.config"
			kmake olddefconfig >/dev/null
		fi
	fi
	check_fragment "$frag" "$OBJ/.config"
}

# Every symbol a fragment asks for must have survived Kconfig: a missing
# dependency would otherwise silently drop a device, a test or a user.
check_fragment() {
	local bad=0 line
	while read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		grep -qx "$line" "$2" || { echo "config: $line did not stick" >&2; bad=1; }
	done < "$1"
	return $bad
}

do_build() {
	do_config
	say "building $VARIANT kernel for $ARCH (base $(base_version), W=1, -j$JOBS)"
	local rc=0
	kmake -j"$JOBS" W=1 "$(basename "$KIMAGE")" > "$OBJ/build.log" 2>&1 || rc=$?
	if [ $rc != 0 ]; then
		grep -E 'error|Error' "$OBJ/build.log" | head -40 >&2
		echo "kernel build failed; full log: $OBJ/build.log" >&2
		exit $rc
	fi
	echo "$(base_version)" > "$OBJ/base-version"
	echo "kernel: $OBJ/$KIMAGE"
}

# Our .c files that this config compiles (an object exists for them).
our_objects() {
	python3 "$PROJECT/scripts/iommu-dma/overlay.py" --project "$PROJECT" \
		--base "$BASE" --tree "$TREE" --stock "$STOCK" --list |
	grep '\.c$' | grep -v '^tools/' | sed 's/\.c$/.o/' |
	while read -r o; do [ -f "$OBJ/$o" ] && echo "$o"; done
}

do_objs() {
	local objs="$*"
	[ -n "$objs" ] || objs=$(our_objects)
	[ -n "$objs" ] || { echo "no objects of ours in this build"; return 0; }
	# Force a recompile so that W=1 speaks, and C=2 runs sparse regardless.
	for o in $objs; do rm -f "$OBJ/$o"; done
	kmake -j"$JOBS" W=1 C=2 $objs 2>&1 | tee "$OBJ/lint.log" | grep -v '^  ' || true
	# Only our files count: preparing the tree runs sparse on base files too.
	local o bad=0
	for o in $objs; do
		grep -E "(^|/)${o%.o}\.c:[0-9]+:.*(warning|error):" "$OBJ/lint.log" && bad=1
	done
	return $bad
}

# The in-tree users of our interfaces (vdpa, host1x, panfrost, drm/msm...):
# a second configuration, allnoconfig + COMPILE_TEST + iommu-dma-users.config,
# and the directories listed in scripts/iommu-dma/users.list built in it.
# ARCH=x86_64 builds the users that only x86 can configure (ipu6, ipu3),
# listed in users-x86_64.list; ARCH=arm those that only 32-bit Arm can
# (the OMAP remote processors), in users-arm.list.  With every layer ours,
# iommu-dma-users.ours.config is added: settings that only our layers
# provide (fixed device addresses, IOMMU_DMA on arm32), which a STOCK
# variant cannot have.
do_users() {
	do_tree
	local obj=$OBJ-users frag=$TREE/arch/$SRCARCH/configs/iommu-dma-users.config
	local list=$PROJECT/scripts/iommu-dma/users.list dirs ours
	[ "$ARCH" = arm64 ] || list=${list%.list}-$ARCH.list
	[ -f "$frag" ] && [ -f "$list" ] || { echo "no users config or list"; return 0; }
	ours=${frag%.config}.ours.config
	mkdir -p "$obj"
	cat "$frag" > "$obj/iommu-dma.fragment.new"
	if [ -z "$STOCK" ] && [ -f "$ours" ]; then
		cat "$ours" >> "$obj/iommu-dma.fragment.new"
	fi
	if ! cmp -s "$obj/iommu-dma.fragment.new" "$obj/iommu-dma.fragment"; then
		say "configuring the in-tree users build ($VARIANT)"
		mv "$obj/iommu-dma.fragment.new" "$obj/iommu-dma.fragment"
		OBJ=$obj kmake KCONFIG_ALLCONFIG="$obj/iommu-dma.fragment" allnoconfig >/dev/null
	else
		rm "$obj/iommu-dma.fragment.new"
	fi
	check_fragment "$obj/iommu-dma.fragment" "$obj/.config" || return 1
	# Directories, or single objects (x.o) where a file of a large driver
	# is all that changed.
	dirs=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list" |
		sed -e '/\.o$/!s|/*$|/|' | tr '\n' ' ')
	say "building the in-tree users ($VARIANT): $dirs"
	OBJ=$obj kmake -j"$JOBS" $dirs > "$obj/build.log" 2>&1 || {
		grep -E 'error' "$obj/build.log" | head -30 >&2
		echo "users build failed; full log: $obj/build.log" >&2
		return 1
	}
}

# Build only these directories (W=1): for the architectures where the bench
# does not boot yet, this proves that our code compiles there.  A warning
# in a file of ours fails as an error does.
do_dirs() {
	do_config
	say "building $* for $ARCH ($VARIANT, W=1)"
	local rc=0 f
	kmake -j"$JOBS" W=1 "$@" > "$OBJ/dirs.log" 2>&1 || rc=$?
	# Also the warnings that gcc places in a base header while it
	# expands a macro or inline function in one of our files.
	python3 "$PROJECT/scripts/iommu-dma/our-warnings.py" "$OBJ/dirs.log" \
		$(python3 "$PROJECT/scripts/iommu-dma/overlay.py" --project "$PROJECT" \
			--base "$BASE" --stock "$STOCK" --list | grep '\.[ch]$') >&2 || rc=1
	[ $rc = 0 ] || { grep -E 'error' "$OBJ/dirs.log" | head -20 >&2; echo "log: $OBJ/dirs.log" >&2; }
	return $rc
}

cmd=${1:-build}
shift || true
case "$cmd" in
base) do_base ;;
version) do_base; base_version ;;
tree) do_tree ;;
config) do_config ;;
build) do_build ;;
objs) do_objs "$@" ;;
users) do_users ;;
dirs) do_dirs "$@" ;;
our-objects) our_objects ;;
*) echo "usage: $0 base|tree|config|build|objs [objects]" >&2; exit 2 ;;
esac

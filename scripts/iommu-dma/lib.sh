# SPDX-License-Identifier: GPL-2.0
# Shared settings for the iommu-dma build scripts; sourced, not run.

set -eu
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$PROJECT/build
BASE_TAR=${BASE_TAR:-$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null || true)}
BASE=$BUILD/src/linux-source-6.12
ARCH=${ARCH:-arm64}
# One job more than CPUs: a compile waiting on the disk leaves a CPU idle.
JOBS=${JOBS:-$(( $(nproc) + 1 ))}
STOCK=${STOCK:-}

# SRCARCH: the directory under arch/ that holds ARCH's config fragments.
SRCARCH=$ARCH
case "$ARCH" in
arm64) CROSS_COMPILE=aarch64-linux-gnu-; KIMAGE=arch/arm64/boot/Image ;;
arm)   CROSS_COMPILE=arm-linux-gnueabihf-; KIMAGE=arch/arm/boot/zImage ;;
# Native, and only for `kernel.sh users`: the x86-only users of our code.
x86_64) CROSS_COMPILE=; KIMAGE=arch/x86/boot/bzImage; SRCARCH=x86 ;;
*)     echo "unsupported ARCH=$ARCH" >&2; exit 2 ;;
esac

# A build variant is named after the layers left to the base tree.
variant_name() {
	local s
	s=$(echo "$STOCK" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' '+' | sed 's/+$//')
	case "$s" in
	"") echo "ours" ;;
	all) echo "stock" ;;
	*) echo "stock-$s" ;;
	esac
}
VARIANT=${VARIANT:-$(variant_name)}
TREE=$BUILD/tree-$VARIANT
OBJ=$BUILD/obj-$VARIANT-$ARCH
# KDEBUG=1: the debug kernel (iommu-dma-debug.config: KASAN, lockdep,
# DMA-API debugging, kmemleak on), built in a directory of its own.
[ "${KDEBUG:-0}" = 1 ] && OBJ=$BUILD/obj-$VARIANT-debug-$ARCH
RESULTS=$BUILD/results

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

kmake() {
	make -s -C "$TREE" O="$OBJ" ARCH="$ARCH" CROSS_COMPILE="$CROSS_COMPILE" "$@"
}

# The boots that make run and make check make, and how each differs:
#   strict       KUnit at boot, then every suite with strict invalidation
#   lazy         flush queues, DMA addresses above 4 GiB first
#                (iommu.forcedac=1), kmemleak on for the rebind suite
#   passthrough  identity default domains (iommu.passthrough=1)
#   noncoherent  strict, with the PCIe host bridge not cache coherent
#   stage2       strict, on QEMU 10 (stage 1 and 2), paging domains on
#                stage 2 (our SMMUv3 only: the base's has no such choice)
BOOTS="strict lazy passthrough noncoherent"
case " $STOCK " in
*" smmu-v3 "*|*" all "*) ;;
*) BOOTS="$BOOTS stage2" ;;
esac
# The 32-bit Arm boots (ARCH=arm: QEMU's 32-bit virt, LPAE, 4 GiB of RAM)
ARM32_BOOTS="strict lazy noncoherent"

# The debug kernel's boots (KDEBUG=1, iommu-dma-debug.config: KASAN,
# lockdep, DMA-API debugging), every suite with kmemleak on, fewer soak
# I/Os and rebind cycles (TCG runs it about three times slower); any
# report of the checkers fails the boot.  make run and make soak boot
# them; make check has no room for their build and boots (about 12
# minutes on two cores).
DEBUG_BOOTS="debug-strict debug-lazy"
DEBUG_CMDLINE="kmemleak=on iommu_dma.soak_ios=1000 iommu_dma.rebind_cycles=10"
DEBUG_CMDLINE="$DEBUG_CMDLINE iommu_dma.faults_ops=60"
DEBUG_SUITES=groups,blk,edu,domains,rebind,faults,soak

# boot MODE: run qemu.sh for one of $BOOTS or $DEBUG_BOOTS; prints the
# log's path.
boot() {
	case "$1" in
	strict)
		KUNIT=1 "$PROJECT/scripts/iommu-dma/qemu.sh" strict ;;
	lazy)
		KUNIT=0 "$PROJECT/scripts/iommu-dma/qemu.sh" lazy \
			iommu.forcedac=1 kmemleak=on ;;
	passthrough)
		KUNIT=0 SUITES=groups,blk,edu,domains \
			"$PROJECT/scripts/iommu-dma/qemu.sh" passthrough ;;
	noncoherent)
		KUNIT=0 SUITES=groups,blk,edu,domains \
			"$PROJECT/scripts/iommu-dma/qemu.sh" noncoherent ;;
	stage2)
		KUNIT=0 SUITES=groups,blk,edu,domains \
			"$PROJECT/scripts/iommu-dma/qemu.sh" stage2 ;;
	debug-strict)
		KDEBUG=1 KUNIT=1 TAG=-debug BOOT_TIMEOUT=1200 SUITES=$DEBUG_SUITES \
			"$PROJECT/scripts/iommu-dma/qemu.sh" strict $DEBUG_CMDLINE ;;
	debug-lazy)
		KDEBUG=1 KUNIT=0 TAG=-debug BOOT_TIMEOUT=1200 SUITES=$DEBUG_SUITES \
			"$PROJECT/scripts/iommu-dma/qemu.sh" lazy \
			iommu.forcedac=1 $DEBUG_CMDLINE ;;
	esac
}

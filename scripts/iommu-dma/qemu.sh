#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the built kernel on QEMU virt with an SMMUv3 in front of virtio-blk,
# NVMe and edu, run the guest suites and keep the console log.
#   qemu.sh strict|lazy|passthrough|noncoherent|stage2 [extra kernel command line]
# noncoherent: strict, with the PCIe host bridge's "dma-coherent" removed
# from the device tree (see noncoherent-dtb.py).  stage2: strict, on QEMU 10
# (qemu10.sh), whose SMMUv3 has stage 2, with our driver told to build its
# paging domains there.
# Every mode has a second edu in slot $EDU_FW_SLOT whose device tree node
# gives it firmware regions in reserved memory (see regions-dtb.py).
# Environment: STOCK (the variant), SUITES, BENCH_SECONDS, ICOUNT (shift for
# -icount: guest time then counts instructions), PLUGIN (a TCG plugin),
# BOOT_TIMEOUT, KUNIT=0|1,
# TAG (names the log: $RESULTS/qemu-$VARIANT-$MODE${TAG:-}.log, with -$ARCH
# after the variant when ARCH is not arm64), QEMU_MEM
# (RAM of the 32-bit Arm machine).
. "$(dirname "$0")/lib.sh"

mode=${1:?usage: qemu.sh strict|lazy|passthrough|noncoherent|stage2 [cmdline]}
shift
extra="$*"
case "$mode" in
strict) iommu="iommu.strict=1" ;;
lazy) iommu="iommu.strict=0" ;;
passthrough) iommu="iommu.passthrough=1" ;;
noncoherent) iommu="iommu.strict=1 iommu_dma.noncoherent=1" ;;
stage2)
	iommu="iommu.strict=1 arm_smmu_v3.paging_stage=2"
	QEMU_DIR=${QEMU_DIR:-$("$PROJECT/scripts/iommu-dma/qemu10.sh")} || exit 1 ;;
*) echo "mode is strict, lazy, passthrough, noncoherent or stage2" >&2; exit 2 ;;
esac

guest=${GUEST_DIR:-$BUILD/guest}
initrd=$guest/initramfs-$ARCH.cpio.gz
kernel=$OBJ/$KIMAGE
[ -f "$kernel" ] || { echo "no kernel at $kernel: make kernel" >&2; exit 1; }
[ -f "$initrd" ] || { echo "no initramfs at $initrd: make guest" >&2; exit 1; }

# arm64's logs keep their names; other architectures name theirs.
name=$VARIANT-$mode
[ "$ARCH" = arm64 ] || name=$VARIANT-$ARCH-$mode

# Fresh scratch disks every boot: the suites write them from end to end.
disks=$BUILD/disks/$name${TAG:-}
mkdir -p "$disks" "$RESULTS"
rm -f "$disks"/*.img "$disks"/*.dtb
truncate -s 64M "$disks/vda.img" "$disks/nvme.img"

# edu drives 48 address bits (QEMU's default is 28), so that the suites can
# narrow its mask to 32 and 24 bits and it reaches RAM without an IOMMU.
cmdline="console=ttyAMA0 panic=-1 $iommu iommu_edu.dma_bits=48"
# Fault injection and the soak run on arm64 (the 32-bit boots, twice as
# slow under TCG, keep make check under its 40 minutes without them).
suites=groups,blk,edu,domains,rebind,faults,soak,bench
[ "$ARCH" = arm64 ] || suites=groups,blk,edu,domains,rebind,bench
cmdline="$cmdline iommu_dma.suites=${SUITES:-$suites}"
cmdline="$cmdline iommu_dma.bench_seconds=${BENCH_SECONDS:-1}"
[ "${KUNIT:-1}" = 1 ] || cmdline="$cmdline kunit.enable=0"
cmdline="$cmdline $extra"

opts=()
if [ -n "${ICOUNT:-}" ]; then
	opts+=(-icount "shift=$ICOUNT")
fi
# PLUGIN: a TCG plugin to load (make bench's percpu-icount.so); what it
# prints goes to QEMU's log, which is this boot's log.
if [ -n "${PLUGIN:-}" ]; then
	opts+=(-plugin "$PLUGIN" -d plugin)
fi

# 32-bit Arm: a Cortex-A15 (LPAE) whose GICv3 has the same ITS as arm64's
# for the MSI-X doorbells behind the SMMU.  4 GiB: RAM runs up to
# 0x1_3fff_ffff, so highmem pages above 4 GiB become DMA buffers.  QEMU 7.2
# cannot walk a page table above 4 GiB (a synchronous external abort), so
# the kernel keeps its page tables in lowmem (iommu-dma.postconfig).
case "$ARCH" in
arm64)
	qemu=qemu-system-aarch64
	machine=(-M virt,iommu=smmuv3,gic-version=3 -cpu max,pauth-impdef=on -smp 2 -m 1G) ;;
arm)
	qemu=qemu-system-arm
	machine=(-M virt,iommu=smmuv3,gic-version=3,highmem=on -cpu cortex-a15 -smp 2 -m ${QEMU_MEM:-4G}) ;;
esac
# The second edu ("edu-fw" in the suites) sits in a fixed slot that its
# device tree node names; its translated region lies above 4 GiB where the
# IOMMU API can name such an address (unsigned long IOVAs).
EDU_FW_SLOT=0x10
case "$ARCH" in
arm64) fw_iova=0x123400000 ;;
*) fw_iova=0x64000000 ;;
esac
edu_fw=(-device "edu,addr=$EDU_FW_SLOT,dma_mask=0xffffffffffff")
# QEMU_DIR: another QEMU's root (usr/bin, usr/share/qemu), the one
# qemu10.sh unpacks.  (Its virt machine sets its SMMUv3's "stage" itself:
# a -global cannot change it, so the stage is the driver's choice.)
if [ -n "${QEMU_DIR:-}" ]; then
	qemu=$QEMU_DIR/usr/bin/$qemu
	machine+=(-L "$QEMU_DIR/usr/share/qemu")
fi
"$qemu" "${machine[@]}" "${edu_fw[@]}" -nographic -nic none \
	-machine dumpdtb="$disks/virt.dtb" > /dev/null 2>&1
dtb=$disks/virt.dtb
if [ "$mode" = noncoherent ]; then
	python3 "$PROJECT/scripts/iommu-dma/noncoherent-dtb.py" \
		"$OBJ/scripts/dtc/dtc" "$dtb" "$disks/noncoherent.dtb"
	dtb=$disks/noncoherent.dtb
fi
python3 "$PROJECT/scripts/iommu-dma/regions-dtb.py" "$OBJ/scripts/dtc/dtc" \
	"$dtb" "$disks/regions.dtb" "$EDU_FW_SLOT" "$fw_iova" || exit 1
opts+=(-dtb "$disks/regions.dtb")

log=$RESULTS/qemu-$name${TAG:-}.log
# A boot that hangs is killed; its log and exit status still count.
rc=0
echo "host: $("$qemu" --version | head -1)" > "$log"
timeout --foreground -k 10 "${BOOT_TIMEOUT:-300}" "$qemu" \
	"${machine[@]}" \
	-nographic -nic none -no-reboot "${opts[@]}" \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	-drive "file=$disks/vda.img,if=none,id=vd0,format=raw" \
	-device virtio-blk-pci,drive=vd0,iommu_platform=on,disable-legacy=on \
	-drive "file=$disks/nvme.img,if=none,id=nv0,format=raw" \
	-device nvme,serial=iommudma,drive=nv0 \
	-device edu,dma_mask=0xffffffffffff "${edu_fw[@]}" \
	< /dev/null >> "$log" 2>&1 || rc=$?
rm -rf "$disks"
echo "qemu exit $rc" >> "$log"
echo "$log"

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Give the second edu of a QEMU virt device tree firmware regions.

  regions-dtb.py DTC IN.dtb OUT.dtb SLOT TRANSLATED_IOVA

Adds a node for the edu function in PCI slot SLOT (QEMU: -device edu,addr=SLOT)
under the PCIe host bridge, and three reserved-memory regions that name it
in "iommu-addresses" (Documentation/devicetree/bindings/reserved-memory/):

  identity    64 KiB of RAM at 0x5000_0000, seen by edu at the same address;
  translated  64 KiB of RAM at 0x5001_0000, seen by edu at TRANSLATED_IOVA;
  reserved    1 MiB of bus addresses at 0xa000_0000 that nothing may use;

and two the kernel must refuse to map, each with its error:

  unaligned   2 KiB of RAM at 0x5002_0000 seen at TRANSLATED_IOVA + 1 MiB
              (not whole pages);
  too long    8 KiB of bus addresses at TRANSLATED_IOVA + 2 MiB for 4 KiB
              of RAM at 0x5003_0000 (kept as a reservation).

The guest suite reads the regions back from /proc/device-tree, so this
script is the only place that chooses them.  0x5000_0000 lies in the RAM of
both virt machines (arm64 and arm), clear of where QEMU loads the kernel
and the initramfs, and in the 32-bit kernel's lowmem.  QEMU's PCIe host
bridge has no dma-ranges: PCI bus addresses are CPU physical addresses.
"""
import re
import subprocess
import sys

RAM_BASE = 0x50000000
REGION_SIZE = 0x10000
RESERVED_IOVA = 0xa0000000
RESERVED_SIZE = 0x100000


def cells(value, n):
    """value as n big-endian 32-bit cells, for a dts property."""
    return " ".join("0x%x" % ((value >> (32 * (n - 1 - i))) & 0xffffffff)
                    for i in range(n))


def pci_addr(devfn, addr):
    """A 3-cell PCI address (phys.hi names the function) for a dts."""
    return "0x%x %s" % (devfn << 8, cells(addr, 2))


def main():
    dtc, src, dst, slot, tr_iova = sys.argv[1:6]
    slot, tr_iova = int(slot, 0), int(tr_iova, 0)
    devfn = slot << 3
    dts = subprocess.run([dtc, "-q", "-I", "dtb", "-O", "dts", src],
                         check=True, capture_output=True, text=True).stdout

    # iommu-addresses of a PCI function: the phandle, then a bus address in
    # the host bridge's 3 address cells and a size in its 2 size cells.
    def iommu_addresses(iova, size):
        return "<&edu_fw 0x0 %s %s>" % (cells(iova, 2), cells(size, 2))

    regions = """
	reserved-memory {
		#address-cells = <0x02>;
		#size-cells = <0x02>;
		ranges;

		edu_fw_identity: edu-fw@%x {
			reg = <%s %s>;
			iommu-addresses = %s;
		};

		edu_fw_translated: edu-fw@%x {
			reg = <%s %s>;
			iommu-addresses = %s;
		};

		edu_fw_reserved: edu-fw-reserved {
			iommu-addresses = %s;
		};

		edu_fw_unaligned: edu-fw@%x {
			reg = <%s %s>;
			iommu-addresses = %s;
		};

		edu_fw_too_long: edu-fw@%x {
			reg = <%s %s>;
			iommu-addresses = %s;
		};
	};
""" % (RAM_BASE, cells(RAM_BASE, 2), cells(REGION_SIZE, 2),
       iommu_addresses(RAM_BASE, REGION_SIZE),
       RAM_BASE + REGION_SIZE, cells(RAM_BASE + REGION_SIZE, 2),
       cells(REGION_SIZE, 2), iommu_addresses(tr_iova, REGION_SIZE),
       iommu_addresses(RESERVED_IOVA, RESERVED_SIZE),
       RAM_BASE + 2 * REGION_SIZE, cells(RAM_BASE + 2 * REGION_SIZE, 2),
       cells(0x800, 2), iommu_addresses(tr_iova + 0x100000, 0x800),
       RAM_BASE + 3 * REGION_SIZE, cells(RAM_BASE + 3 * REGION_SIZE, 2),
       cells(0x1000, 2), iommu_addresses(tr_iova + 0x200000, 0x2000))
    edu = """
		edu_fw: edu@%x,0 {
			reg = <%s 0x0 0x0>;
			memory-region = <&edu_fw_identity &edu_fw_translated &edu_fw_reserved
					 &edu_fw_unaligned &edu_fw_too_long>;
		};
""" % (slot, pci_addr(devfn, 0))

    out, depth, root_done, pcie_done = [], 0, False, False
    in_pcie = None
    for line in dts.splitlines():
        stripped = line.strip()
        if in_pcie is None and re.match(r"pcie@[0-9a-f]+ \{$", stripped):
            in_pcie = depth
        depth += line.count("{") - line.count("}")
        if in_pcie is not None and depth == in_pcie and stripped == "};":
            out.append(edu.rstrip("\n"))
            in_pcie, pcie_done = None, True
        if depth == 0 and stripped == "};" and not root_done:
            out.append(regions.rstrip("\n"))
            root_done = True
        out.append(line)
    if not (root_done and pcie_done):
        sys.exit("regions-dtb: no root node or no pcie node in %s" % src)
    if "reserved-memory {" in dts:
        sys.exit("regions-dtb: %s already has reserved memory" % src)
    subprocess.run([dtc, "-q", "-I", "dts", "-O", "dtb", "-o", dst, "-"],
                   input="\n".join(out) + "\n", check=True, text=True)


if __name__ == "__main__":
    main()

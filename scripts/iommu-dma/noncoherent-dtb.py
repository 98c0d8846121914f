#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Drop "dma-coherent" from the PCIe host bridge of a QEMU virt device tree.

  noncoherent-dtb.py DTC IN.dtb OUT.dtb

QEMU's virt machine declares its PCIe root complex cache coherent.  Without
the property, Linux treats every PCI device as non-coherent: DMA buffers
get cache maintenance, coherent allocations are remapped uncached and
non-blocking ones come from the atomic pool.  The SMMU keeps its own
"dma-coherent", so its queues and tables stay as they were.  QEMU models no
caches, so data stays correct either way: what the boot proves is that
those code paths run and hand the device the right addresses.
"""
import re
import subprocess
import sys


def main():
    dtc, src, dst = sys.argv[1:4]
    dts = subprocess.run([dtc, "-q", "-I", "dtb", "-O", "dts", src],
                         check=True, capture_output=True, text=True).stdout
    out, depth, in_pcie, dropped = [], 0, None, 0
    for line in dts.splitlines():
        stripped = line.strip()
        if in_pcie is None and re.match(r"pcie@[0-9a-f]+ \{$", stripped):
            in_pcie = depth
        if in_pcie is not None and depth == in_pcie + 1 and stripped == "dma-coherent;":
            dropped += 1
            continue
        depth += line.count("{") - line.count("}")
        if in_pcie is not None and depth <= in_pcie:
            in_pcie = None
        out.append(line)
    if dropped != 1:
        sys.exit("noncoherent-dtb: expected one dma-coherent in the pcie node, found %d"
                 % dropped)
    subprocess.run([dtc, "-q", "-I", "dts", "-O", "dtb", "-o", dst, "-"],
                   input="\n".join(out) + "\n", check=True, text=True)


if __name__ == "__main__":
    main()

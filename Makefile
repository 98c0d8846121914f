# SPDX-License-Identifier: GPL-2.0
#
# iommu-dma: our IOMMU-DMA subsystem for arm and arm64 as an overlay on
# Debian's linux-source-6.12, and the QEMU SMMUv3 bench that proves it.
#
#   make run     build, boot QEMU virt + SMMUv3, drive real DMA, print a report
#   make check   every test; last line "N passed, N failed"
#   make soak    the long soak (100 000 I/Os), fault injection, the debug kernel
#
# STOCK="iova pgtable ..." (or STOCK=all) builds those layers from the base
# tree instead of ours; each variant has its own tree and objects in build/.

SCRIPTS := scripts/iommu-dma
export STOCK ARCH JOBS V SOAK_IOS KDEBUG DEBUG

.PHONY: all run check deps base tree config kernel obj guest boot check-qemu \
	bench soak fuzz series series-bisect host clean distclean help

all: help

help:
	@sed -n '3,12p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@$(SCRIPTS)/deps.sh

base tree config: deps
	@$(SCRIPTS)/kernel.sh $@

kernel: deps
	@$(SCRIPTS)/kernel.sh build

# make obj O_FILES="drivers/iommu/iova.o": these objects again, W=1 + sparse
obj: deps
	@$(SCRIPTS)/kernel.sh config
	@$(SCRIPTS)/kernel.sh objs $(O_FILES)

guest: kernel
	@$(SCRIPTS)/guest.sh

# make boot MODE=lazy: one boot, its log and its report
MODE ?= strict
boot: guest
	@log=$$($(SCRIPTS)/qemu.sh $(MODE)) && python3 $(SCRIPTS)/report.py human $$log

run: guest
	@$(SCRIPTS)/run.sh

check-qemu: guest
	@$(SCRIPTS)/run.sh --tap

check: deps
	@$(SCRIPTS)/check.sh

host: base
	@$(MAKE) -s -C tools/testing/iommu-dma check

fuzz: base
	@$(MAKE) -s -C tools/testing/iommu-dma fuzz

bench: base
	@$(SCRIPTS)/bench.sh

# make soak SOAK_IOS=N (default 100000) DEBUG=0: the long soak and the debug kernel
soak: guest
	@$(SCRIPTS)/soak.sh

# make series V=2: the curated series, version 2 (scripts/iommu-dma/series.conf)
series: deps
	@$(SCRIPTS)/series.sh write --check

# every patch of the series built on its own (arm64; arm where it matters)
series-bisect: deps
	@$(SCRIPTS)/series.sh write
	@$(SCRIPTS)/series.sh bisect

clean:
	rm -rf build/obj-* build/guest build/results build/series build/host build/disks

distclean:
	rm -rf build

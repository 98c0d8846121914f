# SPDX-License-Identifier: GPL-2.0-only
#
# kshim: include from a driver harness's Makefile after setting KSHIM_INC
# (where the generated headers go) and KSRC (the base tree).  Provides
# KSHIM_CFLAGS, KSHIM_SRCS, KSHIM_DEPS and the rule for $(KSHIM_STAMP).
#
# Every kernel header listed here becomes a one-line include of kshim.h;
# <linux/io-pgtable.h> is the real one ($(KSHIM_IOPGTABLE_H)), and what is
# not listed (types, list, err, sizes, bits) comes from the base tree's
# tools/include.  The drivers' own "iommu-pages.h" and "dma-iommu.h" are
# kept out by defining their include guards: kshim.h provides what they
# declare.

KSHIM_DIR	:= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
KSHIM_STAMP	:= $(KSHIM_INC)/.stamp

KSHIM_LINUX_HDRS := acpi acpi_iort atomic bitfield bitmap bitops bug clk \
		    delay device dma-mapping errno gfp interrupt \
		    io-64-nonatomic-hi-lo io iommu iopoll irqreturn kernel \
		    kmemleak minmax mm module mutex of of_address of_device \
		    of_iommu of_irq of_platform pci platform_device \
		    pm pm_runtime ratelimit slab spinlock string string_choices \
		    vmstat \
		    fsl/mc
KSHIM_OTHER_HDRS := asm/barrier kunit/visibility iommu-pages

KSHIM_IOPGTABLE_H ?= $(KSRC)/include/linux/io-pgtable.h
# -Wno-format: tools/include makes u64 "unsigned long", the kernel's
# format strings say %llx
KSHIM_CFLAGS	:= -std=gnu11 -I$(KSHIM_DIR) -I$(KSHIM_INC) \
		   -I$(KSRC)/tools/include -include $(KSHIM_DIR)/kshim.h \
		   -D__IOMMU_PAGES_H -D__DMA_IOMMU_H \
		   -Wall -Wno-unused-function -Wno-address-of-packed-member \
		   -Wno-unused-variable -Wno-unused-but-set-variable \
		   -Wno-format
KSHIM_SRCS	:= $(KSHIM_DIR)/kshim.c $(KSHIM_DIR)/kshim-dev.c \
		   $(KSHIM_DIR)/kshim-iommu.c
KSHIM_DEPS	:= $(wildcard $(KSHIM_DIR)/*.h) $(KSHIM_SRCS) $(KSHIM_STAMP)

$(KSHIM_STAMP): $(KSHIM_DIR)/kshim.mk $(KSHIM_IOPGTABLE_H) $(KSHIM_EXTRA_HDRS)
	@rm -rf $(KSHIM_INC)
	@mkdir -p $(KSHIM_INC)/linux/fsl $(KSHIM_INC)/asm $(KSHIM_INC)/kunit
	@for h in $(KSHIM_LINUX_HDRS); do \
		echo '#include "kshim.h"' > $(KSHIM_INC)/linux/$$h.h; done
	@for h in $(KSHIM_OTHER_HDRS); do \
		echo '#include "kshim.h"' > $(KSHIM_INC)/$$h.h; done
	@cp $(KSHIM_IOPGTABLE_H) $(KSHIM_INC)/linux/io-pgtable.h
	@for h in $(KSHIM_EXTRA_HDRS); do cp $$h $(KSHIM_INC)/linux/; done
	@touch $@

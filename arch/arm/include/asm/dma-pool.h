/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The uncached atomic pool of 32-bit Arm's DMA code, for the generic
 * IOMMU-DMA layer.
 *
 * A device that does not snoop the caches needs an uncached CPU view of a
 * coherent buffer, and making one may sleep.  arch/arm/mm/dma-mapping.c
 * sets a pool of such memory aside at boot (coherent_pool= on the command
 * line sizes it); dma-iommu takes from it when its caller cannot sleep,
 * as arm64 takes from dma-direct's pool (DMA_DIRECT_REMAP).
 */
#ifndef __ASM_ARM_DMA_POOL_H
#define __ASM_ARM_DMA_POOL_H

#include <linux/types.h>

struct page;

struct page *arm_dma_pool_alloc(size_t size, void **cpu_addr);
bool arm_dma_pool_free(void *cpu_addr, size_t size);

#endif /* __ASM_ARM_DMA_POOL_H */

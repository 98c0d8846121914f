/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DMA at device addresses the caller chooses.
 *
 * For firmware linked at fixed device addresses (remote processors) and
 * for devices that address buffers as offsets from their firmware: memory
 * placed at a given address inside the device's ordinary IOMMU DMA
 * domain, beside its dma_alloc_coherent() and dma_map_*() buffers.  See
 * Documentation/iommu-dma/fixed.rst.
 *
 * Every call returns an error instead of a half-done placement:
 * -EOPNOTSUPP when the device's DMA is not translated by an IOMMU DMA
 * domain, -EINVAL for a span that is empty or not whole IOMMU granules,
 * -ERANGE for one outside the domain or the device's DMA mask, -EEXIST
 * when it overlaps another fixed placement, -EBUSY when it overlaps a live
 * mapping or a reserved region, -ENOENT for a release of something never
 * placed.
 */
#ifndef _LINUX_DMA_FIXED_H
#define _LINUX_DMA_FIXED_H

#include <linux/dma-direction.h>
#include <linux/err.h>
#include <linux/gfp_types.h>
#include <linux/types.h>

struct device;
struct sg_table;

#if IS_ENABLED(CONFIG_IOMMU_DMA_FIXED)
void *dma_alloc_fixed(struct device *dev, dma_addr_t dma, size_t size,
		      gfp_t gfp);
int dma_free_fixed(struct device *dev, dma_addr_t dma, size_t size,
		   void *cpu_addr);
int dma_map_fixed(struct device *dev, dma_addr_t dma, phys_addr_t phys,
		  size_t size, enum dma_data_direction dir,
		  unsigned long attrs);
int dma_map_sgtable_fixed(struct device *dev, dma_addr_t dma,
			  struct sg_table *sgt, enum dma_data_direction dir,
			  unsigned long attrs);
int dma_unmap_fixed(struct device *dev, dma_addr_t dma, size_t size,
		    enum dma_data_direction dir, unsigned long attrs);
#else
static inline void *dma_alloc_fixed(struct device *dev, dma_addr_t dma,
				    size_t size, gfp_t gfp)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline int dma_free_fixed(struct device *dev, dma_addr_t dma,
				 size_t size, void *cpu_addr)
{
	return -EOPNOTSUPP;
}

static inline int dma_map_fixed(struct device *dev, dma_addr_t dma,
				phys_addr_t phys, size_t size,
				enum dma_data_direction dir,
				unsigned long attrs)
{
	return -EOPNOTSUPP;
}

static inline int dma_map_sgtable_fixed(struct device *dev, dma_addr_t dma,
					struct sg_table *sgt,
					enum dma_data_direction dir,
					unsigned long attrs)
{
	return -EOPNOTSUPP;
}

static inline int dma_unmap_fixed(struct device *dev, dma_addr_t dma,
				  size_t size, enum dma_data_direction dir,
				  unsigned long attrs)
{
	return -EOPNOTSUPP;
}
#endif

#endif /* _LINUX_DMA_FIXED_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private page tables on PASIDs: the iommu_sva_map() family.
 *
 * A kernel driver (a GPU, typically) that switches address spaces per
 * context asks for a handle; the handle owns an ordinary paging domain
 * attached at a fresh PASID of the device, and the calls below are thin
 * wrappers on the domain's own operations.  No IOMMU driver op is added:
 * a driver supports this once it can attach a paging domain at a PASID
 * (iommu_domain_ops.set_dev_pasid).  See Documentation/iommu-dma/pasid.rst.
 *
 * File map: struct iommu_sva_table; the calls; stubs without the option.
 */
#ifndef __LINUX_IOMMU_PASID_TABLE_H
#define __LINUX_IOMMU_PASID_TABLE_H

#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/types.h>

struct scatterlist;

/*
 * Life of a handle.  Zero (a zeroed handle) is "never allocated", so the
 * storage a caller clears before use is already refused by every call.
 */
enum iommu_sva_table_state {
	IOMMU_SVA_TABLE_UNUSED	= 0,
	IOMMU_SVA_TABLE_LIVE	= 0x5a5a1ead,
	IOMMU_SVA_TABLE_FREED	= 0xdeadf2ee,
};

/**
 * struct iommu_sva_table - a private page table bound to one PASID
 * @state: &enum iommu_sva_table_state
 * @pasid: the PASID the device tags its traffic with
 * @dev: the device
 * @domain: the paging domain the handle owns
 * @attach: what the core records for the PASID attachment
 *
 * The caller owns the storage (usually inside its per-context object) and
 * treats every member as private.  Because the storage outlives
 * iommu_sva_free_pasid(), a call on a freed handle reads a defined
 * "freed" state and fails with -ESTALE instead of touching freed memory.
 */
#if IS_ENABLED(CONFIG_IOMMU_PASID_TABLE)
struct iommu_sva_table {
	u32				state;
	ioasid_t			pasid;
	struct device			*dev;
	struct iommu_domain		*domain;
	struct iommu_attach_handle	attach;
};

int iommu_sva_alloc_pasid(struct device *dev, struct iommu_sva_table *tbl);
int iommu_sva_free_pasid(struct iommu_sva_table *tbl);
ioasid_t iommu_sva_table_pasid(const struct iommu_sva_table *tbl);
int iommu_sva_map(struct iommu_sva_table *tbl, unsigned long iova,
		  phys_addr_t paddr, size_t size, int prot, gfp_t gfp);
ssize_t iommu_sva_map_sg(struct iommu_sva_table *tbl, unsigned long iova,
			 struct scatterlist *sg, unsigned int nents, int prot,
			 gfp_t gfp);
ssize_t iommu_sva_unmap(struct iommu_sva_table *tbl, unsigned long iova,
			size_t size);
ssize_t iommu_sva_unmap_fast(struct iommu_sva_table *tbl, unsigned long iova,
			     size_t size, struct iommu_iotlb_gather *gather);
int iommu_sva_iotlb_sync(struct iommu_sva_table *tbl,
			 struct iommu_iotlb_gather *gather);
int iommu_sva_iova_to_phys(struct iommu_sva_table *tbl, unsigned long iova,
			   phys_addr_t *phys);
int iommu_sva_flush_tlb_all(struct iommu_sva_table *tbl);
#else
/* Without the option (or without IOMMU_API): a handle every call refuses. */
struct iommu_sva_table {
	u32				state;
};

static inline int iommu_sva_alloc_pasid(struct device *dev,
					struct iommu_sva_table *tbl)
{
	return -EOPNOTSUPP;
}

static inline int iommu_sva_free_pasid(struct iommu_sva_table *tbl)
{
	return -EINVAL;
}

static inline ioasid_t iommu_sva_table_pasid(const struct iommu_sva_table *tbl)
{
	return IOMMU_PASID_INVALID;
}

static inline int iommu_sva_map(struct iommu_sva_table *tbl,
				unsigned long iova, phys_addr_t paddr,
				size_t size, int prot, gfp_t gfp)
{
	return -EINVAL;
}

static inline ssize_t iommu_sva_map_sg(struct iommu_sva_table *tbl,
				       unsigned long iova,
				       struct scatterlist *sg,
				       unsigned int nents, int prot, gfp_t gfp)
{
	return -EINVAL;
}

static inline ssize_t iommu_sva_unmap(struct iommu_sva_table *tbl,
				      unsigned long iova, size_t size)
{
	return -EINVAL;
}

static inline ssize_t iommu_sva_unmap_fast(struct iommu_sva_table *tbl,
					   unsigned long iova, size_t size,
					   struct iommu_iotlb_gather *gather)
{
	return -EINVAL;
}

static inline int iommu_sva_iotlb_sync(struct iommu_sva_table *tbl,
				       struct iommu_iotlb_gather *gather)
{
	return -EINVAL;
}

static inline int iommu_sva_iova_to_phys(struct iommu_sva_table *tbl,
					 unsigned long iova, phys_addr_t *phys)
{
	return -EINVAL;
}

static inline int iommu_sva_flush_tlb_all(struct iommu_sva_table *tbl)
{
	return -EINVAL;
}
#endif /* CONFIG_IOMMU_PASID_TABLE */

#endif /* __LINUX_IOMMU_PASID_TABLE_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Private page tables on PASIDs: a handle owning a paging domain attached
 * at a fresh PASID, and the iommu_sva_map() family on top of it.
 *
 * File map:
 *   handle checks      iommu_sva_table_get_domain()
 *   setup, teardown    iommu_sva_alloc_pasid(), iommu_sva_free_pasid()
 *   wrappers           map, map_sg, unmap, unmap_fast, iotlb_sync,
 *                      iova_to_phys, flush_tlb_all
 *
 * DOC: why no driver op is new
 *
 * The 2018 proposal gave every mapping call an SVA twin and each twin a
 * driver callback.  Here the handle keeps a plain paging domain from
 * iommu_paging_domain_alloc(); the PASID attach goes through the core's
 * iommu_attach_device_pasid(), which calls the driver's set_dev_pasid.
 * Mapping then uses iommu_map() and friends on that domain, so a driver
 * gives nothing beyond its paging domain and PASID attach, and the TLB
 * rules are exactly those of any other paging domain (pasid.rst).
 *
 * Errors: -EINVAL for a NULL or never-allocated handle, -ESTALE for a
 * freed one, -ENODEV for a device without an IOMMU, -EOPNOTSUPP for a
 * device (or IOMMU driver) without PASIDs, -ENOSPC when PASIDs run out;
 * mapping errors are the core's (-EEXIST for an overlap, with nothing
 * left changed).
 */
#include <linux/device.h>
#include <linux/export.h>
#include <linux/iommu-pasid-table.h>
#include <linux/scatterlist.h>
#include <kunit/visibility.h>

#include "iommu-pasid-table-priv.h"

/* Handle checks */

/*
 * The domain behind a live handle, or why there is none.  The state is
 * read once: a call that races with iommu_sva_free_pasid() is a caller
 * bug (documented), but it sees either the live domain or an error.
 */
static struct iommu_domain *iommu_sva_table_get_domain(struct iommu_sva_table *tbl)
{
	if (!tbl)
		return ERR_PTR(-EINVAL);
	/* pairs with the release in iommu_sva_table_adopt() */
	switch (smp_load_acquire(&tbl->state)) {
	case IOMMU_SVA_TABLE_LIVE:
		return tbl->domain;
	case IOMMU_SVA_TABLE_FREED:
		return ERR_PTR(-ESTALE);
	default:
		return ERR_PTR(-EINVAL);
	}
}

/**
 * iommu_sva_table_adopt() - make a handle live on a given domain
 * @tbl: the handle, not live
 * @dev: the device
 * @domain: a paging domain, already attached at @pasid
 * @pasid: the PASID
 *
 * The last step of iommu_sva_alloc_pasid(), apart so that KUnit can give a
 * handle a fake domain.
 */
VISIBLE_IF_KUNIT void iommu_sva_table_adopt(struct iommu_sva_table *tbl,
					    struct device *dev,
					    struct iommu_domain *domain,
					    ioasid_t pasid)
{
	tbl->dev = dev;
	tbl->domain = domain;
	tbl->pasid = pasid;
	/* Members first, then the state that publishes them. */
	smp_store_release(&tbl->state, IOMMU_SVA_TABLE_LIVE);
}
EXPORT_SYMBOL_IF_KUNIT(iommu_sva_table_adopt);

/**
 * iommu_sva_table_disown() - mark a handle freed, keeping what it owned
 * @tbl: a live handle
 *
 * The first step of iommu_sva_free_pasid(): from here on every call on
 * @tbl fails with -ESTALE.  The domain, device and PASID stay recorded
 * for the teardown that follows.
 *
 * Return: 0, or the error of a handle that is not live.
 */
VISIBLE_IF_KUNIT int iommu_sva_table_disown(struct iommu_sva_table *tbl)
{
	struct iommu_domain *domain = iommu_sva_table_get_domain(tbl);

	if (IS_ERR(domain))
		return PTR_ERR(domain);
	WRITE_ONCE(tbl->state, IOMMU_SVA_TABLE_FREED);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_sva_table_disown);

/**
 * iommu_sva_pasid_check_dev() - can this device take a private PASID table?
 * @dev: the device
 *
 * Return: 0, -ENODEV without an IOMMU behind @dev, or -EOPNOTSUPP when the
 * device or its IOMMU has no PASIDs (dev->iommu->max_pasids is 0).
 */
VISIBLE_IF_KUNIT int iommu_sva_pasid_check_dev(struct device *dev)
{
	if (!dev->iommu)
		return -ENODEV;
	if (!dev->iommu->max_pasids)
		return -EOPNOTSUPP;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(iommu_sva_pasid_check_dev);

/* Setup and teardown */

/**
 * iommu_sva_alloc_pasid() - give a device a private page table on a new PASID
 * @dev: a device with a bound driver, behind an IOMMU with PASID support
 * @tbl: caller-owned handle storage, zeroed or freed before
 *
 * Allocates a PASID from the global space, a paging domain for @dev, and
 * attaches the domain at the PASID.  The table starts empty: DMA tagged
 * with the PASID faults until something is mapped.  PASID 0 (the device's
 * untagged traffic and its default domain) is never handed out.
 *
 * Context: process context, may sleep.
 * Return: 0 and @tbl live; or -EINVAL (NULL argument), -EBUSY (@tbl
 * already live), -ENODEV (no IOMMU), -EOPNOTSUPP (no PASID support in the
 * device or its IOMMU driver), -ENOSPC (no PASID left), -ENOMEM, or the
 * driver's attach error; then nothing is allocated and @tbl is unchanged.
 */
int iommu_sva_alloc_pasid(struct device *dev, struct iommu_sva_table *tbl)
{
	struct iommu_domain *domain;
	ioasid_t pasid;
	int ret;

	if (!dev || !tbl)
		return -EINVAL;
	if (READ_ONCE(tbl->state) == IOMMU_SVA_TABLE_LIVE)
		return -EBUSY;
	ret = iommu_sva_pasid_check_dev(dev);
	if (ret)
		return ret;

	pasid = iommu_alloc_global_pasid(dev);
	if (pasid == IOMMU_PASID_INVALID)
		return -ENOSPC;

	domain = iommu_paging_domain_alloc(dev);
	if (IS_ERR(domain)) {
		ret = PTR_ERR(domain);
		goto out_free_pasid;
	}

	ret = iommu_attach_device_pasid(domain, dev, pasid, &tbl->attach);
	if (ret)
		goto out_free_domain;

	iommu_sva_table_adopt(tbl, dev, domain, pasid);
	return 0;

out_free_domain:
	iommu_domain_free(domain);
out_free_pasid:
	iommu_free_global_pasid(pasid);
	return ret;
}
EXPORT_SYMBOL_GPL(iommu_sva_alloc_pasid);

/**
 * iommu_sva_free_pasid() - tear down a private PASID table
 * @tbl: the handle
 *
 * Marks the handle freed, detaches the domain from the PASID (the IOMMU
 * driver clears the PASID's context and invalidates its TLB entries before
 * it returns), frees the domain, and only then returns the PASID to the
 * allocator, so no later owner of the number can hit old translations.
 * DMA the device still tags with the PASID faults from the detach on.
 *
 * Context: process context, may sleep; no other call on @tbl may run.
 * Return: 0; -EINVAL for a NULL or never-allocated handle, -ESTALE for a
 * handle freed before.  On error nothing is done.
 */
int iommu_sva_free_pasid(struct iommu_sva_table *tbl)
{
	int ret = iommu_sva_table_disown(tbl);

	if (ret)
		return ret;
	iommu_detach_device_pasid(tbl->domain, tbl->dev, tbl->pasid);
	iommu_domain_free(tbl->domain);
	iommu_free_global_pasid(tbl->pasid);
	tbl->domain = NULL;
	tbl->pasid = IOMMU_PASID_INVALID;
	return 0;
}
EXPORT_SYMBOL_GPL(iommu_sva_free_pasid);

/**
 * iommu_sva_table_pasid() - the PASID a handle's traffic must carry
 * @tbl: the handle
 *
 * Return: the PASID, or %IOMMU_PASID_INVALID for a handle that is NULL,
 * never allocated or freed.
 */
ioasid_t iommu_sva_table_pasid(const struct iommu_sva_table *tbl)
{
	if (!tbl || READ_ONCE(tbl->state) != IOMMU_SVA_TABLE_LIVE)
		return IOMMU_PASID_INVALID;
	return tbl->pasid;
}
EXPORT_SYMBOL_GPL(iommu_sva_table_pasid);

/* The wrappers: one handle check, then the domain's own call */

/**
 * iommu_sva_map() - map a physically contiguous range into a PASID table
 * @tbl: the handle
 * @iova: device address, aligned to the smallest page size of the domain
 * @paddr: physical address, aligned likewise
 * @size: bytes, a multiple of that page size
 * @prot: IOMMU_READ, IOMMU_WRITE, ...
 * @gfp: allocation flags for page-table memory
 *
 * Like iommu_map(): the mapping is usable by the device on return (any
 * iotlb_sync_map the driver needs is done).
 *
 * Context: any context @gfp allows.
 * Return: 0; -EINVAL or -ESTALE for a bad handle; -EEXIST when part of
 * the range is mapped already, and then nothing has changed; -EINVAL for
 * misalignment; -ENOMEM.
 */
int iommu_sva_map(struct iommu_sva_table *tbl, unsigned long iova,
		  phys_addr_t paddr, size_t size, int prot, gfp_t gfp)
{
	struct iommu_domain *domain = iommu_sva_table_get_domain(tbl);

	if (IS_ERR(domain))
		return PTR_ERR(domain);
	return iommu_map(domain, iova, paddr, size, prot, gfp);
}
EXPORT_SYMBOL_GPL(iommu_sva_map);

/**
 * iommu_sva_map_sg() - map a scatterlist at consecutive device addresses
 * @tbl: the handle
 * @iova: device address of the first byte
 * @sg: the list; each piece aligned as iommu_map() requires
 * @nents: number of entries in @sg
 * @prot: IOMMU_READ, IOMMU_WRITE, ...
 * @gfp: allocation flags for page-table memory
 *
 * Like iommu_map_sg(): on failure the pieces already mapped are unmapped.
 *
 * Context: any context @gfp allows.
 * Return: bytes mapped, or a negative error as for iommu_sva_map().
 */
ssize_t iommu_sva_map_sg(struct iommu_sva_table *tbl, unsigned long iova,
			 struct scatterlist *sg, unsigned int nents, int prot,
			 gfp_t gfp)
{
	struct iommu_domain *domain = iommu_sva_table_get_domain(tbl);

	if (IS_ERR(domain))
		return PTR_ERR(domain);
	return iommu_map_sg(domain, iova, sg, nents, prot, gfp);
}
EXPORT_SYMBOL_GPL(iommu_sva_map_sg);

/**
 * iommu_sva_unmap() - unmap a range and invalidate the TLB for it
 * @tbl: the handle
 * @iova: device address
 * @size: bytes
 *
 * Synchronous: when it returns, the device can no longer reach the range
 * through any cached translation.
 *
 * Context: process or atomic context (no allocation).
 * Return: bytes unmapped (0 if nothing was mapped there), or -EINVAL /
 * -ESTALE for a bad handle.
 */
ssize_t iommu_sva_unmap(struct iommu_sva_table *tbl, unsigned long iova,
			size_t size)
{
	struct iommu_domain *domain = iommu_sva_table_get_domain(tbl);

	if (IS_ERR(domain))
		return PTR_ERR(domain);
	return iommu_unmap(domain, iova, size);
}
EXPORT_SYMBOL_GPL(iommu_sva_unmap);

/**
 * iommu_sva_unmap_fast() - unmap a range, deferring the TLB invalidation
 * @tbl: the handle
 * @iova: device address
 * @size: bytes
 * @gather: collects what must be invalidated; initialised by the caller
 *	with iommu_iotlb_gather_init()
 *
 * The page-table entries are gone on return but the device may still use
 * cached translations until iommu_sva_iotlb_sync() on @gather returns.
 * The caller must not reuse or free the pages behind the range before that.
 *
 * Context: process or atomic context (no allocation).
 * Return: bytes unmapped, or -EINVAL / -ESTALE for a bad handle or a
 * NULL @gather.
 */
ssize_t iommu_sva_unmap_fast(struct iommu_sva_table *tbl, unsigned long iova,
			     size_t size, struct iommu_iotlb_gather *gather)
{
	struct iommu_domain *domain = iommu_sva_table_get_domain(tbl);

	if (IS_ERR(domain))
		return PTR_ERR(domain);
	if (!gather)
		return -EINVAL;
	return iommu_unmap_fast(domain, iova, size, gather);
}
EXPORT_SYMBOL_GPL(iommu_sva_unmap_fast);

/**
 * iommu_sva_iotlb_sync() - complete the invalidation gathered by unmap_fast
 * @tbl: the handle whose unmaps filled @gather
 * @gather: the gather; empty again on return
 *
 * When it returns, no translation of the gathered ranges remains cached.
 *
 * Context: process or atomic context.
 * Return: 0, or -EINVAL / -ESTALE for a bad handle or a NULL @gather.
 */
int iommu_sva_iotlb_sync(struct iommu_sva_table *tbl,
			 struct iommu_iotlb_gather *gather)
{
	struct iommu_domain *domain = iommu_sva_table_get_domain(tbl);

	if (IS_ERR(domain))
		return PTR_ERR(domain);
	if (!gather)
		return -EINVAL;
	iommu_iotlb_sync(domain, gather);
	return 0;
}
EXPORT_SYMBOL_GPL(iommu_sva_iotlb_sync);

/**
 * iommu_sva_iova_to_phys() - look up a device address in a PASID table
 * @tbl: the handle
 * @iova: device address
 * @phys: receives the physical address
 *
 * Reads the page table, not the TLB.  As with iommu_iova_to_phys(), a
 * mapping of physical address 0 cannot be told from no mapping.
 *
 * Return: 0; -ENOENT when @iova is not mapped; -EINVAL / -ESTALE for a
 * bad handle or a NULL @phys.
 */
int iommu_sva_iova_to_phys(struct iommu_sva_table *tbl, unsigned long iova,
			   phys_addr_t *phys)
{
	struct iommu_domain *domain = iommu_sva_table_get_domain(tbl);
	phys_addr_t pa;

	if (IS_ERR(domain))
		return PTR_ERR(domain);
	if (!phys)
		return -EINVAL;
	pa = iommu_iova_to_phys(domain, iova);
	if (!pa)
		return -ENOENT;
	*phys = pa;
	return 0;
}
EXPORT_SYMBOL_GPL(iommu_sva_iova_to_phys);

/**
 * iommu_sva_flush_tlb_all() - drop every cached translation of a PASID table
 * @tbl: the handle
 *
 * For a caller that changed many mappings with iommu_sva_unmap_fast() and
 * would rather drop everything than sync each gather; the page tables are
 * not touched.
 *
 * Context: process or atomic context.
 * Return: 0, or -EINVAL / -ESTALE for a bad handle.
 */
int iommu_sva_flush_tlb_all(struct iommu_sva_table *tbl)
{
	struct iommu_domain *domain = iommu_sva_table_get_domain(tbl);

	if (IS_ERR(domain))
		return PTR_ERR(domain);
	iommu_flush_iotlb_all(domain);
	return 0;
}
EXPORT_SYMBOL_GPL(iommu_sva_flush_tlb_all);

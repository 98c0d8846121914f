// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small IOMMU core for the PASID harness: the calls iommu-pasid-table.c
 * makes, behaving as the kernel's core does for them (alignment refused,
 * a failed map undone, unmap collected in a gather and synced), on top of
 * the real SMMUv3 domain and PASID ops.  Only one page size is used for
 * mapping (the smallest): the harness checks translations, not block
 * selection.
 */
#include "shim/kshim.h"
#include "arm-smmu-v3.h"

static size_t smallest_page(const struct iommu_domain *d)
{
	return (size_t)1 << __ffs(d->pgsize_bitmap);
}

/* Gathers */

void iommu_iotlb_gather_add_page(struct iommu_domain *d,
				 struct iommu_iotlb_gather *g,
				 unsigned long addr, size_t len)
{
	bool other_size = g->pgsize && g->pgsize != len;
	bool apart = g->pgsize &&
		     (addr + len < g->start || addr > g->end + 1);

	/* one page size and one run per gather: flush what is there first */
	if (other_size || apart)
		iommu_iotlb_sync(d, g);
	g->pgsize = len;
	iommu_iotlb_gather_add_range(g, addr, len);
}

void iommu_iotlb_sync(struct iommu_domain *d, struct iommu_iotlb_gather *g)
{
	const struct iommu_domain_ops *ops = d->ops;

	if (ops->iotlb_sync)
		ops->iotlb_sync(d, g);
	/* empty again for whoever reuses it */
	iommu_iotlb_gather_init(g);
}

void iommu_flush_iotlb_all(struct iommu_domain *d)
{
	const struct iommu_domain_ops *ops = d->ops;

	if (ops->flush_iotlb_all)
		ops->flush_iotlb_all(d);
}

/* Unmap */

size_t iommu_unmap_fast(struct iommu_domain *d, unsigned long addr,
			size_t len, struct iommu_iotlb_gather *g)
{
	size_t step = smallest_page(d), gone = 0;

	if (!IS_ALIGNED(addr | len, step))
		return 0;
	for (;;) {
		size_t n;

		if (gone >= len)
			break;
		n = d->ops->unmap_pages(d, addr + gone, step,
					(len - gone) / step, g);
		if (n == 0)
			break;	/* a hole: stop, as the core does */
		gone += n;
	}
	return gone;
}

size_t iommu_unmap(struct iommu_domain *d, unsigned long addr, size_t len)
{
	struct iommu_iotlb_gather g;
	size_t gone;

	iommu_iotlb_gather_init(&g);
	gone = iommu_unmap_fast(d, addr, len, &g);
	iommu_iotlb_sync(d, &g);
	return gone;
}

/* Map */

int iommu_map(struct iommu_domain *d, unsigned long addr,
	      phys_addr_t pa, size_t len, int prot, gfp_t gfp)
{
	size_t step = smallest_page(d), done = 0;
	int err = 0;

	if (!(d->type & __IOMMU_DOMAIN_PAGING) || !len ||
	    !IS_ALIGNED(addr | pa | len, step))
		return -EINVAL;
	while (!err && done < len) {
		size_t got = 0;

		err = d->ops->map_pages(d, addr + done, pa + done, step,
					(len - done) / step, prot, gfp, &got);
		done += got;
		if (!err && !got)
			err = -EIO;	/* no progress: a broken driver */
	}
	if (err) {
		/* take back this call's pages, and only those */
		if (done)
			iommu_unmap(d, addr, done);
		return err;
	}
	return d->ops->iotlb_sync_map ?
	       d->ops->iotlb_sync_map(d, addr, len) : 0;
}

ssize_t iommu_map_sg(struct iommu_domain *d, unsigned long addr,
		     struct scatterlist *sgl, unsigned int count, int prot,
		     gfp_t gfp)
{
	size_t at = 0;
	unsigned int k;

	for (k = 0; k < count; k++) {
		int err = iommu_map(d, addr + at, sgl[k].phys, sgl[k].length,
				    prot, gfp);

		if (err) {
			if (at)
				iommu_unmap(d, addr, at);
			return err;
		}
		at += sgl[k].length;
	}
	return at;
}

phys_addr_t iommu_iova_to_phys(struct iommu_domain *d, dma_addr_t addr)
{
	return d->ops->iova_to_phys(d, addr);
}

/* PASIDs and domains */

/* one global PASID space from 1 up, like the core's */
#define HARNESS_PASIDS 1024
static bool taken[HARNESS_PASIDS];

ioasid_t iommu_alloc_global_pasid(struct device *dev)
{
	u32 p, top = min_t(u32, dev->iommu->max_pasids, HARNESS_PASIDS);

	for (p = 1; p < top; p++) {
		if (taken[p])
			continue;
		taken[p] = true;
		return p;
	}
	return IOMMU_PASID_INVALID;
}

void iommu_free_global_pasid(ioasid_t p)
{
	if (p >= HARNESS_PASIDS || !taken[p])
		abort();	/* freed twice, or never handed out */
	taken[p] = false;
}

struct iommu_domain *iommu_paging_domain_alloc(struct device *dev)
{
	struct iommu_domain *d;

	if (!dev->iommu || !dev->iommu->priv)
		return ERR_PTR(-ENODEV);
	d = smmu3_domain_alloc_paging(dev);
	if (!IS_ERR(d))
		d->type = IOMMU_DOMAIN_UNMANAGED;
	return d;
}

void iommu_domain_free(struct iommu_domain *d)
{
	d->ops->free(d);
}

int iommu_attach_device_pasid(struct iommu_domain *d, struct device *dev,
			      ioasid_t p, struct iommu_attach_handle *h)
{
	if (!d->ops->set_dev_pasid)
		return -EOPNOTSUPP;
	/* the core's checks: never PASID 0, never beyond the device's */
	if (p == IOMMU_NO_PASID || p >= dev->iommu->max_pasids)
		return -EINVAL;
	if (h)
		h->domain = d;
	return d->ops->set_dev_pasid(d, dev, p, NULL);
}

void iommu_detach_device_pasid(struct iommu_domain *d, struct device *dev,
			       ioasid_t p)
{
	/* the driver's iommu_ops.remove_dev_pasid */
	smmu3_remove_dev_pasid(dev, p, d);
}

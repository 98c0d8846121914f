// SPDX-License-Identifier: GPL-2.0
/*
 * iommu-edu: a sample GPU-style client of private PASID tables.
 *
 * A GPU driver gives each context its own address space: here two
 * contexts, each a table from iommu_sva_alloc_pasid() on edu, each with
 * its own page at the same IOVA.  The steps are those of the host
 * harness's scenario (tools/testing/iommu-dma/pasid), without the DMA:
 * edu cannot tag its transactions with a PASID, so only the harness's
 * SMMUv3 model checks the bytes.  On QEMU (no PASID capability on edu, no
 * substreams in the SMMU) the first allocation fails with -EOPNOTSUPP,
 * which is the result the guest suite asserts.
 */
#include <linux/gfp.h>
#include <linux/iommu-pasid-table.h>
#include <linux/mm.h>

#include <uapi/misc/iommu-edu.h>

#include "edu.h"

#define EDU_PASID_CTXS	2

struct edu_pasid_ctx {
	struct iommu_sva_table tbl;
	struct page *page;
};

/* Map the context's page at @iova and look it up again. */
static int edu_pasid_map(struct edu_pasid_ctx *c, u64 iova, u8 fill)
{
	phys_addr_t got;
	int ret;

	c->page = alloc_page(GFP_KERNEL);
	if (!c->page)
		return -ENOMEM;
	memset(page_address(c->page), fill, PAGE_SIZE);
	ret = iommu_sva_map(&c->tbl, iova, page_to_phys(c->page), PAGE_SIZE,
			    IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
	if (ret)
		return ret;
	ret = iommu_sva_iova_to_phys(&c->tbl, iova, &got);
	if (ret)
		return ret;
	return got == page_to_phys(c->page) ? 0 : -EIO;
}

/* The checks after both contexts are mapped; each passed one is a step. */
static int edu_pasid_run(struct edu_pasid_ctx *c, u64 iova, u32 *steps)
{
	struct iommu_iotlb_gather gather;
	ssize_t n;
	int ret;

	/* an overlapping map is refused and changes nothing */
	ret = iommu_sva_map(&c[0].tbl, iova, page_to_phys(c[1].page),
			    PAGE_SIZE, IOMMU_READ, GFP_KERNEL);
	if (ret != -EEXIST)
		return ret ?: -EIO;
	(*steps)++;

	/* context 0: unmap now, invalidate in one sync */
	iommu_iotlb_gather_init(&gather);
	n = iommu_sva_unmap_fast(&c[0].tbl, iova, PAGE_SIZE, &gather);
	if (n != PAGE_SIZE)
		return n < 0 ? n : -EIO;
	ret = iommu_sva_iotlb_sync(&c[0].tbl, &gather);
	if (ret)
		return ret;
	/* context 1: a synchronous unmap */
	n = iommu_sva_unmap(&c[1].tbl, iova, PAGE_SIZE);
	if (n != PAGE_SIZE)
		return n < 0 ? n : -EIO;
	(*steps)++;
	return 0;
}

/**
 * edu_ioc_pasid() - IOMMU_EDU_IOC_PASID: the sample sequence on edu
 * @edu: the device
 * @arg: the IOVA in; the allocation result, PASIDs and steps out
 *
 * Context: process context, device lock held.
 * Return: 0 when the sequence ran (whatever @arg->alloc_err says), -EINVAL
 * for a bad argument, or the error of the step that failed.
 */
int edu_ioc_pasid(struct edu_dev *edu, struct iommu_edu_pasid *arg)
{
	struct edu_pasid_ctx c[EDU_PASID_CTXS] = {};
	struct device *dev = edu_to_dev(edu);
	int ret = 0, i, made = 0;

	if (!PAGE_ALIGNED(arg->iova) || arg->reserved)
		return -EINVAL;
	arg->steps = 0;
	for (made = 0; made < EDU_PASID_CTXS; made++) {
		arg->alloc_err = iommu_sva_alloc_pasid(dev, &c[made].tbl);
		if (arg->alloc_err)
			goto out_free;	/* reported in @arg, not an error */
		arg->pasids[made] = iommu_sva_table_pasid(&c[made].tbl);
	}
	arg->steps++;

	for (i = 0; i < EDU_PASID_CTXS && !ret; i++)
		ret = edu_pasid_map(&c[i], arg->iova, 0xa0 + i);
	if (ret)
		goto out_free;
	arg->steps++;

	ret = edu_pasid_run(c, arg->iova, &arg->steps);
	if (ret)
		goto out_free;
	arg->steps++;

out_free:
	for (i = 0; i < made; i++)
		iommu_sva_free_pasid(&c[i].tbl);
	/* a freed handle is refused, not used */
	if (!ret && made == EDU_PASID_CTXS &&
	    iommu_sva_map(&c[0].tbl, arg->iova, page_to_phys(c[0].page),
			  PAGE_SIZE, IOMMU_READ, GFP_KERNEL) == -ESTALE)
		arg->steps++;
	for (i = 0; i < EDU_PASID_CTXS; i++)
		if (c[i].page)
			__free_page(c[i].page);
	return ret;
}

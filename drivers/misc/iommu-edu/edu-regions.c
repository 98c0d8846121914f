// SPDX-License-Identifier: GPL-2.0
/*
 * iommu-edu: the reserved regions of edu's function.
 *
 * A device tree can give edu memory at fixed device addresses, as it gives
 * a remote processor its firmware: reserved-memory nodes whose
 * iommu-addresses name edu.  The IOMMU core maps such a region in edu's
 * default domain before the driver binds, at the physical address
 * (identity) or elsewhere (translated).  When the driver binds, before
 * anything else touches edu, the CPU writes a few bytes at the start of
 * every mapped region and edu's engine reads them back through the region's
 * IOVA: the result is kept for IOMMU_EDU_IOC_REGION, which also lets the
 * CPU fill and compare a region's memory for longer tests.
 *
 * The memory is reached through the kernel's page map: the regions used
 * with edu are reserved memory that stays in it (no "no-map").  QEMU
 * models no caches, so the CPU's accesses need no maintenance here; on
 * real hardware a non-coherent device would.
 */

#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/iommu.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <uapi/misc/iommu-edu.h>

#include "edu.h"

/* Bytes edu reads back from each region when the driver binds. */
#define EDU_BIND_PROBE_LEN	64

/**
 * struct edu_region - one reserved region of edu's function
 * @iova: first bus address
 * @length: bytes
 * @type: the core's type of the region
 * @at_bind: IOMMU_EDU_REGION_BIND_*
 */
struct edu_region {
	u64 iova;
	u64 length;
	u32 type;
	u32 at_bind;
};

static u8 edu_region_byte(u32 seed, u64 off)
{
	return (seed ^ off ^ (off >> 8)) & 0xff;
}

/*
 * Fill (or count the bytes that differ from) the pattern in @len bytes of
 * memory at @phys, which stand at offset @off of their region.
 */
static u64 edu_region_pattern(phys_addr_t phys, u64 off, u32 len, u32 seed,
			      bool fill)
{
	u64 bad = 0;

	while (len) {
		u32 in_page = offset_in_page(phys);
		u32 n = min_t(u32, len, PAGE_SIZE - in_page);
		u8 *p = kmap_local_page(pfn_to_page(PHYS_PFN(phys)));
		u32 i;

		for (i = 0; i < n; i++) {
			u8 want = edu_region_byte(seed, off + i);

			if (fill)
				p[in_page + i] = want;
			else if (p[in_page + i] != want)
				bad++;
		}
		kunmap_local(p);
		phys += n;
		off += n;
		len -= n;
	}
	return bad;
}

/*
 * The memory behind @r when edu's domain maps every page of it onto one
 * run of RAM the kernel can reach, else 0.
 */
static phys_addr_t edu_region_memory(struct edu_dev *edu,
				     const struct edu_region *r)
{
	struct iommu_domain *domain = edu_domain(edu);
	phys_addr_t start;
	u64 off;

	if (!edu_translated(edu) || !r->length)
		return 0;
	start = iommu_iova_to_phys(domain, r->iova);
	if (!start)
		return 0;
	for (off = 0; off < r->length; off += PAGE_SIZE) {
		phys_addr_t phys = start + off;

		if (iommu_iova_to_phys(domain, r->iova + off) != phys ||
		    !pfn_valid(PHYS_PFN(phys)))
			return 0;
	}
	return start;
}

/*
 * edu reads the first bytes of a mapped region into its window and writes
 * them to a buffer of its own: both copies go through the IOMMU.
 */
static u32 edu_region_bind_check(struct edu_dev *edu, struct edu_region *r)
{
	struct device *dev = edu_to_dev(edu);
	u32 len = min_t(u64, r->length, EDU_BIND_PROBE_LEN);
	phys_addr_t phys = edu_region_memory(edu, r);
	u32 seed = lower_32_bits(r->iova >> PAGE_SHIFT);
	dma_addr_t scratch_iova;
	u8 *scratch;
	u32 verdict = IOMMU_EDU_REGION_BIND_WRONG;

	if (!phys)
		return IOMMU_EDU_REGION_BIND_NONE;

	scratch = dma_alloc_coherent(dev, len, &scratch_iova, GFP_KERNEL);
	if (!scratch)
		return IOMMU_EDU_REGION_BIND_WRONG;
	memset(scratch, 0xa5, len);
	edu_region_pattern(phys, 0, len, seed, true);

	if (!edu_engine_run(edu, r->iova, IOMMU_EDU_WINDOW_ADDR, len, 0) &&
	    !edu_engine_run(edu, IOMMU_EDU_WINDOW_ADDR, scratch_iova, len,
			    EDU_CMD_WINDOW_TO_BUS)) {
		u32 i;

		verdict = IOMMU_EDU_REGION_BIND_OK;
		for (i = 0; i < len; i++)
			if (scratch[i] != edu_region_byte(seed, i))
				verdict = IOMMU_EDU_REGION_BIND_WRONG;
	}
	dma_free_coherent(dev, len, scratch, scratch_iova);
	return verdict;
}

/**
 * edu_regions_probe - note edu's reserved regions and read the mapped ones
 * @edu: the device, bound but not yet visible to user space
 *
 * A failure leaves edu with fewer or no regions to report; the binding
 * itself goes on.
 */
void edu_regions_probe(struct edu_dev *edu)
{
	struct device *dev = edu_to_dev(edu);
	struct iommu_resv_region *rr;
	unsigned int n = 0, i = 0;
	LIST_HEAD(list);

	iommu_get_resv_regions(dev, &list);
	list_for_each_entry(rr, &list, list)
		n++;
	if (n)
		edu->regions = kcalloc(n, sizeof(*edu->regions), GFP_KERNEL);
	if (!edu->regions)
		goto out;

	list_for_each_entry(rr, &list, list) {
		struct edu_region *r = &edu->regions[i++];

		r->iova = rr->start;
		r->length = rr->length;
		r->type = rr->type;
		r->at_bind = edu_region_bind_check(edu, r);
		dev_info(dev, "reserved region %u: IOVA %#llx+%#llx, type %u, read at bind: %s\n",
			 i - 1, r->iova, r->length, r->type,
			 r->at_bind == IOMMU_EDU_REGION_BIND_OK ? "ok" :
			 r->at_bind == IOMMU_EDU_REGION_BIND_NONE ?
			 "not mapped" : "WRONG");
	}
	edu->nr_regions = n;
out:
	iommu_put_resv_regions(dev, &list);
}

/**
 * edu_regions_free - forget the regions noted at bind
 * @edu: the device
 */
void edu_regions_free(struct edu_dev *edu)
{
	kfree(edu->regions);
	edu->regions = NULL;
	edu->nr_regions = 0;
}

/**
 * edu_ioc_region - IOMMU_EDU_IOC_REGION
 * @edu: the device, its lock held
 * @arg: see struct iommu_edu_region
 *
 * Return: 0, -ENOENT for an index past the last region, -EINVAL for a bad
 * request or a FILL or CHECK on a region that is not mapped whole.
 */
int edu_ioc_region(struct edu_dev *edu, struct iommu_edu_region *arg)
{
	const struct edu_region *r;
	phys_addr_t phys;

	if (arg->pad || arg->op > IOMMU_EDU_REGION_CHECK)
		return -EINVAL;
	if (arg->index >= edu->nr_regions)
		return -ENOENT;
	r = &edu->regions[arg->index];

	phys = edu_region_memory(edu, r);
	arg->type = r->type;
	arg->iova = r->iova;
	arg->length = r->length;
	arg->at_bind = r->at_bind;
	arg->mapped = phys ? 1 : 0;
	arg->phys = edu_translated(edu) ?
		    iommu_iova_to_phys(edu_domain(edu), r->iova) : 0;
	arg->bad = 0;
	if (arg->op == IOMMU_EDU_REGION_INFO)
		return 0;

	if (!phys || !arg->len || arg->len > IOMMU_EDU_BUF_MAX ||
	    (u64)arg->offset + arg->len > r->length)
		return -EINVAL;
	arg->bad = edu_region_pattern(phys + arg->offset, arg->offset,
				      arg->len, arg->seed,
				      arg->op == IOMMU_EDU_REGION_FILL);
	return 0;
}

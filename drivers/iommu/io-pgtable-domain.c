// SPDX-License-Identifier: GPL-2.0-only
/*
 * The paging domain shared by io-pgtable-backed IOMMU drivers.
 *
 * io-pgtable is handed this domain as its cookie, so the flush callbacks
 * below find the driver's invalidation hooks without the driver writing
 * callbacks of its own.  Unmapped leaves are collected in the core's
 * gather (io-pgtable calls tlb_add_page) and invalidated as one range in
 * iotlb_sync; changes to the walk itself (tables freed, blocks split) are
 * invalidated at once through tlb_flush_walk.
 *
 * The map, unmap and lookup entry points are the driver's iommu_domain_ops
 * themselves: each is one call from the core into io-pgtable, as deep as a
 * driver's own pass-through would be.
 */
#include <linux/bits.h>
#include <linux/io-pgtable-domain.h>
#include <linux/minmax.h>
#include <kunit/visibility.h>

static void io_pgtable_domain_tlb_flush_all(void *cookie)
{
	struct io_pgtable_domain *pgd = cookie;

	pgd->tlb->inv_all(pgd);
}

static void io_pgtable_domain_tlb_flush_walk(unsigned long iova, size_t size,
					     size_t granule, void *cookie)
{
	struct io_pgtable_domain *pgd = cookie;

	pgd->tlb->inv_range(pgd, iova, size, granule, false);
}

static void io_pgtable_domain_tlb_add_page(struct iommu_iotlb_gather *gather,
					   unsigned long iova, size_t granule,
					   void *cookie)
{
	struct io_pgtable_domain *pgd = cookie;

	iommu_iotlb_gather_add_page(&pgd->domain, gather, iova, granule);
}

static const struct iommu_flush_ops io_pgtable_domain_flush_ops = {
	.tlb_flush_all	= io_pgtable_domain_tlb_flush_all,
	.tlb_flush_walk	= io_pgtable_domain_tlb_flush_walk,
	.tlb_add_page	= io_pgtable_domain_tlb_add_page,
};

/**
 * io_pgtable_domain_set_geometry() - page sizes and aperture from a cfg
 * @domain: the domain to fill in
 * @cfg: a configuration as io-pgtable narrowed it
 *
 * The aperture is every IOVA below 2^ias, or for a TTBR1 table (the quirk
 * IO_PGTABLE_QUIRK_ARM_TTBR1) every IOVA whose bits from ias up are all
 * set; it is enforced (force_aperture).  Pure function.
 */
VISIBLE_IF_KUNIT void io_pgtable_domain_set_geometry(struct iommu_domain *domain,
						     const struct io_pgtable_cfg *cfg)
{
	dma_addr_t span = cfg->ias >= 64 ? ~(dma_addr_t)0 :
			  (dma_addr_t)GENMASK_ULL(cfg->ias - 1, 0);

	domain->pgsize_bitmap = cfg->pgsize_bitmap;
	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1) {
		domain->geometry.aperture_start = ~span;
		domain->geometry.aperture_end = ~(dma_addr_t)0;
	} else {
		domain->geometry.aperture_start = 0;
		domain->geometry.aperture_end = span;
	}
	domain->geometry.force_aperture = true;
}
EXPORT_SYMBOL_IF_KUNIT(io_pgtable_domain_set_geometry);

/**
 * io_pgtable_domain_init() - give a paging domain its page table
 * @pgd: the domain, zeroed, inside the driver's own domain structure
 * @fmt: the io-pgtable format
 * @cfg: what the hardware supports; io-pgtable narrows it and fills in the
 *	register values of @fmt, which the driver reads back afterwards.  Its
 *	@tlb is set here: leave it to this function.
 * @tlb: the driver's invalidation hooks; must outlive the domain
 *
 * The input size is clamped to what an unsigned long IOVA can hold.  On
 * success @pgd->domain has its page sizes and aperture; its type and ops
 * stay the driver's to set.
 *
 * Context: process context; may sleep.
 * Return: 0, or -ENOMEM when io-pgtable gave no table (out of memory, or
 * @cfg not something @fmt can do).
 */
int io_pgtable_domain_init(struct io_pgtable_domain *pgd,
			   enum io_pgtable_fmt fmt, struct io_pgtable_cfg *cfg,
			   const struct io_pgtable_domain_tlb_ops *tlb)
{
	pgd->tlb = tlb;
	cfg->tlb = &io_pgtable_domain_flush_ops;
	cfg->ias = min_t(unsigned int, cfg->ias, BITS_PER_LONG);
	pgd->pgtbl = alloc_io_pgtable_ops(fmt, cfg, pgd);
	if (!pgd->pgtbl)
		return -ENOMEM;
	io_pgtable_domain_set_geometry(&pgd->domain, cfg);
	return 0;
}
EXPORT_SYMBOL_GPL(io_pgtable_domain_init);

/**
 * io_pgtable_domain_destroy() - free a domain's page table
 * @pgd: a domain io_pgtable_domain_init() succeeded on; no device may be
 *	attached to it any more
 *
 * io-pgtable invalidates the whole domain (the driver's inv_all) before it
 * releases table memory.  Freeing @pgd itself is the driver's.
 *
 * Context: process context; may sleep.
 */
void io_pgtable_domain_destroy(struct io_pgtable_domain *pgd)
{
	free_io_pgtable_ops(pgd->pgtbl);
	pgd->pgtbl = NULL;
}
EXPORT_SYMBOL_GPL(io_pgtable_domain_destroy);

/**
 * io_pgtable_domain_map_pages() - iommu_domain_ops.map_pages
 * @domain: the domain of an io_pgtable_domain
 * @iova: first IOVA to map
 * @paddr: first physical address
 * @pgsize: leaf size, one of the domain's page sizes
 * @pgcount: leaves to map
 * @prot: IOMMU_READ, IOMMU_WRITE and the other IOMMU_* attributes
 * @gfp: for table memory
 * @mapped: incremented by the bytes mapped, also on failure
 *
 * Context: as io-pgtable's map_pages: any, with @gfp to match.
 * Return: 0 or a negative errno from io-pgtable.
 */
int io_pgtable_domain_map_pages(struct iommu_domain *domain,
				unsigned long iova, phys_addr_t paddr,
				size_t pgsize, size_t pgcount, int prot,
				gfp_t gfp, size_t *mapped)
{
	struct io_pgtable_ops *ops = to_io_pgtable_domain(domain)->pgtbl;

	return ops->map_pages(ops, iova, paddr, pgsize, pgcount, prot, gfp,
			      mapped);
}
EXPORT_SYMBOL_GPL(io_pgtable_domain_map_pages);

/**
 * io_pgtable_domain_unmap_pages() - iommu_domain_ops.unmap_pages
 * @domain: the domain of an io_pgtable_domain
 * @iova: first IOVA to unmap
 * @pgsize: leaf size the range was mapped with
 * @pgcount: leaves to unmap
 * @gather: collects the unmapped range for io_pgtable_domain_iotlb_sync()
 *
 * Context: any.
 * Return: bytes unmapped.
 */
size_t io_pgtable_domain_unmap_pages(struct iommu_domain *domain,
				     unsigned long iova, size_t pgsize,
				     size_t pgcount,
				     struct iommu_iotlb_gather *gather)
{
	struct io_pgtable_ops *ops = to_io_pgtable_domain(domain)->pgtbl;

	return ops->unmap_pages(ops, iova, pgsize, pgcount, gather);
}
EXPORT_SYMBOL_GPL(io_pgtable_domain_unmap_pages);

/**
 * io_pgtable_domain_iova_to_phys() - iommu_domain_ops.iova_to_phys
 * @domain: the domain of an io_pgtable_domain
 * @iova: the IOVA to look up
 *
 * Context: any.
 * Return: the physical address @iova translates to, or 0 if unmapped.
 */
phys_addr_t io_pgtable_domain_iova_to_phys(struct iommu_domain *domain,
					   dma_addr_t iova)
{
	struct io_pgtable_ops *ops = to_io_pgtable_domain(domain)->pgtbl;

	return ops->iova_to_phys(ops, iova);
}
EXPORT_SYMBOL_GPL(io_pgtable_domain_iova_to_phys);

/**
 * io_pgtable_domain_flush_iotlb_all() - iommu_domain_ops.flush_iotlb_all
 * @domain: the domain of an io_pgtable_domain
 *
 * Context: as the driver's inv_all.
 */
void io_pgtable_domain_flush_iotlb_all(struct iommu_domain *domain)
{
	struct io_pgtable_domain *pgd = to_io_pgtable_domain(domain);

	pgd->tlb->inv_all(pgd);
}
EXPORT_SYMBOL_GPL(io_pgtable_domain_flush_iotlb_all);

/**
 * io_pgtable_domain_iotlb_sync() - iommu_domain_ops.iotlb_sync
 * @domain: the domain of an io_pgtable_domain
 * @gather: the leaves unmapped since the last sync; may be empty
 *
 * Invalidates the gathered range [start, end] as one leaf-only range, with
 * the gathered leaf size, through the driver's inv_range.
 *
 * Context: as the driver's inv_range.
 */
void io_pgtable_domain_iotlb_sync(struct iommu_domain *domain,
				  struct iommu_iotlb_gather *gather)
{
	struct io_pgtable_domain *pgd = to_io_pgtable_domain(domain);

	if (!gather->pgsize)
		return;
	pgd->tlb->inv_range(pgd, gather->start, gather->end - gather->start + 1,
			    gather->pgsize, true);
}
EXPORT_SYMBOL_GPL(io_pgtable_domain_iotlb_sync);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * DMA API on an IOMMU domain: IOVA space and single buffers.
 *
 * The mapping primitives every other part builds on (IOVA allocation and
 * release, map and unmap of one contiguous range), swiotlb bouncing,
 * dma_map_page() and dma_map_resource(), the sync calls, and the limits
 * reported to the DMA core.
 *
 * Siblings: dma-iommu.c (core, setup), dma-iommu-fq.c (lazy release),
 * dma-iommu-sg.c (scatterlists), dma-iommu-alloc.c (allocations); shared
 * declarations and the architecture hooks in dma-iommu-priv.h.
 */

#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/iommu.h>
#include <linux/iommu-dma.h>
#include <linux/iova.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/swiotlb.h>
#include <trace/events/swiotlb.h>

#include "dma-iommu.h"
#include "dma-iommu-priv.h"

static bool idma_untrusted(struct device *dev)
{
	return dev && dev_is_pci(dev) && to_pci_dev(dev)->untrusted;
}

/*
 * IOVA space, mapping and unmapping
 */

/**
 * idma_prot() - IOMMU protection flags for a mapping
 * @dir: direction of the transfer
 * @coherent_dev: the device snoops the CPU caches
 * @attrs: DMA_ATTR_* flags; DMA_ATTR_PRIVILEGED is honoured
 *
 * Return: IOMMU_READ/IOMMU_WRITE as @dir allows, plus IOMMU_CACHE and
 * IOMMU_PRIV as asked for; 0 for DMA_NONE.
 */
int idma_prot(enum dma_data_direction dir, bool coherent_dev,
	      unsigned long attrs)
{
	int prot = 0;

	if (coherent_dev)
		prot |= IOMMU_CACHE;
	if (attrs & DMA_ATTR_PRIVILEGED)
		prot |= IOMMU_PRIV;

	if (dir == DMA_TO_DEVICE)
		return prot | IOMMU_READ;
	if (dir == DMA_FROM_DEVICE)
		return prot | IOMMU_WRITE;
	if (dir == DMA_BIDIRECTIONAL)
		return prot | IOMMU_READ | IOMMU_WRITE;
	return 0;
}

/**
 * idma_iova_alloc() - Take IOVA space for a mapping
 * @dom: a DMA domain, or a domain with an MSI cookie
 * @size: bytes wanted, a whole number of granules
 * @limit: highest DMA address the caller can use
 * @dev: device whose bus limit and 32-bit preference apply, or NULL
 *
 * The space lies at or below @limit, and not above the aperture's end when
 * the domain forces its aperture.  PCI devices start out below 4 GiB:
 * plenty of endpoints, bridges and firmware still truncate 64-bit
 * addresses, so a device only gets higher IOVAs once the 32-bit space has
 * run dry for it (or iommu.forcedac says not to bother).  With an MSI
 * cookie the space comes from the caller's doorbell window instead.
 *
 * Return: the first IOVA of the range, or 0 if there is no room.
 */
dma_addr_t idma_iova_alloc(struct iommu_domain *dom, size_t size,
			   u64 limit, struct device *dev)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iova_domain *iovad = &ck->iovad;
	unsigned long shift, npages, pfn = 0;

	if (ck->kind == IDMA_COOKIE_MSI) {
		dma_addr_t iova = ck->msi_next;

		ck->msi_next += size;
		return iova;
	}

	shift = iova_shift(iovad);
	npages = size >> shift;

	if (dev)
		limit = min_not_zero(limit, dev->bus_dma_limit);
	if (dom->geometry.force_aperture)
		limit = min_t(u64, limit, dom->geometry.aperture_end);

	if (dev && dev->iommu && dev->iommu->pci_32bit_workaround &&
	    limit > DMA_BIT_MASK(32)) {
		pfn = alloc_iova_fast(iovad, npages, DMA_BIT_MASK(32) >> shift,
				      false);
		if (!pfn) {
			dev->iommu->pci_32bit_workaround = false;
			dev_notice(dev, "32-bit IOVA space full, now using %d-bit IOVAs\n",
				   bits_per(limit));
		}
	}
	if (!pfn)
		pfn = alloc_iova_fast(iovad, npages, limit >> shift, true);

	return (dma_addr_t)pfn << shift;
}

/**
 * idma_iova_free() - Give back what idma_iova_alloc() returned
 * @ck: the domain's cookie
 * @iova: first IOVA of the range
 * @size: size given to idma_iova_alloc()
 * @gather: the gather of the unmap, or NULL when nothing was mapped
 *
 * With a queued @gather the range (and any page-table pages the unmap
 * freed) waits for a flush in the lazy queues; otherwise the caller has
 * already synchronised the IOTLB and the range is free at once.
 */
void idma_iova_free(struct iommu_dma_cookie *ck, dma_addr_t iova,
		    size_t size, struct iommu_iotlb_gather *gather)
{
	struct iova_domain *iovad = &ck->iovad;

	/* The MSI window is only ever unwound by its latest allocation */
	if (ck->kind == IDMA_COOKIE_MSI) {
		ck->msi_next -= size;
		return;
	}

	if (iommu_iotlb_gather_queued(gather))
		idma_lazy_release(ck, iova_pfn(iovad, iova),
				  size >> iova_shift(iovad), &gather->freelist);
	else
		free_iova_fast(iovad, iova_pfn(iovad, iova),
			       size >> iova_shift(iovad));
}

/*
 * Teardown of one IOVA allocation, in three steps so that an allocation
 * with holes (a padded scatterlist) is unmapped piece by piece under one
 * gather and released as a whole.
 */

/**
 * idma_unmap_begin() - Start tearing down an IOVA allocation
 * @ck: the domain's cookie
 * @gather: gather to initialise; it records whether the domain is lazy
 *
 * The domain's mode is sampled here, once for the whole teardown.
 */
void idma_unmap_begin(struct iommu_dma_cookie *ck,
		      struct iommu_iotlb_gather *gather)
{
	iommu_iotlb_gather_init(gather);
	/* Pairs with the release in iommu_dma_init_fq() */
	gather->queued = !!smp_load_acquire(&ck->lazy_domain);
}

/**
 * idma_unmap_piece() - Clear the PTEs of one mapped stretch of it
 * @dom: the DMA domain
 * @start: first IOVA of the stretch
 * @len: length of the stretch, whole granules
 * @gather: gather from idma_unmap_begin()
 */
void idma_unmap_piece(struct iommu_domain *dom, dma_addr_t start,
		      size_t len, struct iommu_iotlb_gather *gather)
{
	size_t done = iommu_unmap_fast(dom, start, len, gather);

	WARN_ON(done != len);
}

/**
 * idma_unmap_end() - Finish the teardown and release the whole allocation
 * @dom: the DMA domain
 * @iova: first IOVA of the allocation
 * @size: size of the allocation
 * @gather: gather from idma_unmap_begin()
 *
 * A strict domain's IOTLB is synchronised before the range is freed; a
 * lazy one hands the range to the flush queues.
 */
void idma_unmap_end(struct iommu_domain *dom, dma_addr_t iova,
		    size_t size, struct iommu_iotlb_gather *gather)
{
	if (!gather->queued)
		iommu_iotlb_sync(dom, gather);
	idma_iova_free(dom->iova_cookie, iova, size, gather);
}

/**
 * idma_unmap_span() - Unmap and release what idma_map_phys() created
 * @dom: the DMA domain
 * @dma: DMA address returned for the buffer
 * @size: size of the buffer in bytes
 */
void idma_unmap_span(struct iommu_domain *dom,
		     dma_addr_t dma, size_t size)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iova_domain *iovad = &ck->iovad;
	size_t head = iova_offset(iovad, dma);
	size_t span = iova_align(iovad, head + size);
	struct iommu_iotlb_gather gather;

	idma_unmap_begin(ck, &gather);
	idma_unmap_piece(dom, dma - head, span, &gather);
	idma_unmap_end(dom, dma - head, span, &gather);
}
EXPORT_SYMBOL_IF_KUNIT(idma_unmap_span);

/**
 * idma_map_phys() - Map a physically contiguous buffer into fresh IOVA space
 * @dev: device the mapping is for, or NULL (KUnit) for no device limits
 * @dom: the DMA domain
 * @phys: physical address of the buffer
 * @size: size of the buffer in bytes
 * @prot: IOMMU_* protection flags
 * @limit: highest DMA address the device can emit
 * @gfp: allocation flags for page-table memory
 *
 * Return: the DMA address of @phys, or DMA_MAPPING_ERROR with nothing
 * allocated or mapped.
 */
dma_addr_t idma_map_phys(struct device *dev, struct iommu_domain *dom,
			 phys_addr_t phys, size_t size, int prot, u64 limit,
			 gfp_t gfp)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iova_domain *iovad = &ck->iovad;
	size_t head = iova_offset(iovad, phys);
	size_t span = iova_align(iovad, head + size);
	dma_addr_t iova;

	if (idma_attach_failed(dev, dom))
		return DMA_MAPPING_ERROR;

	/* The allocator cannot honour an alignment finer than the granule */
	if (dev && dev_WARN_ONCE(dev, dma_get_min_align_mask(dev) > iova_mask(iovad),
				 "min_align_mask finer than the IOVA granule\n"))
		return DMA_MAPPING_ERROR;

	iova = idma_iova_alloc(dom, span, limit, dev);
	if (!iova)
		return DMA_MAPPING_ERROR;

	if (iommu_map(dom, iova, phys - head, span, prot, gfp)) {
		idma_iova_free(ck, iova, span, NULL);
		return DMA_MAPPING_ERROR;
	}
	return iova + head;
}
EXPORT_SYMBOL_IF_KUNIT(idma_map_phys);

/*
 * Bouncing through swiotlb
 *
 * An untrusted device may only ever see whole granules that hold nothing
 * but its own buffer, so any buffer that does not fill its granules goes
 * through a bounce slot that does.  The same machinery serves devices that
 * are not coherent when kmalloc() buffers are smaller than a cache line.
 */

static bool idma_bounce_wanted(struct device *dev, size_t size,
			       enum dma_data_direction dir)
{
	return IS_ENABLED(CONFIG_SWIOTLB) &&
	       (idma_untrusted(dev) || dma_kmalloc_needs_bounce(dev, size, dir));
}

/**
 * idma_sg_bounce_wanted() - Whether a scatterlist must go through swiotlb
 * @dev: the device
 * @sgl: the scatterlist
 * @nents: number of entries
 * @dir: direction of the transfer
 *
 * Return: false without swiotlb; otherwise true for an untrusted device,
 * or when an entry is too small to be safe from cache-line sharing with a
 * device that is not coherent.
 */
bool idma_sg_bounce_wanted(struct device *dev, struct scatterlist *sgl,
			   int nents, enum dma_data_direction dir)
{
	struct scatterlist *s;
	int i;

	if (!IS_ENABLED(CONFIG_SWIOTLB))
		return false;
	if (idma_untrusted(dev))
		return true;
	if (dma_kmalloc_safe(dev, dir))
		return false;
	for_each_sg(sgl, s, nents, i)
		if (!dma_kmalloc_size_aligned(s->length))
			return true;
	return false;
}

/* Zero what the device could see of a bounce slot beyond the buffer */
static void idma_scrub_slot_edges(struct iova_domain *iovad, phys_addr_t tlb,
				  size_t size)
{
	phys_addr_t slot_start = ALIGN_DOWN(tlb, iovad->granule);
	phys_addr_t slot_end = ALIGN(tlb + size, iovad->granule);
	char *va = phys_to_virt(tlb);

	memset(va - (tlb - slot_start), 0, tlb - slot_start);
	memset(va + size, 0, slot_end - (tlb + size));
}

static phys_addr_t idma_bounce(struct device *dev, struct iova_domain *iovad,
			       phys_addr_t phys, size_t size,
			       enum dma_data_direction dir, unsigned long attrs)
{
	phys_addr_t tlb;

	if (!is_swiotlb_active(dev)) {
		dev_warn_once(dev, "no swiotlb for a buffer that must be bounced\n");
		return (phys_addr_t)DMA_MAPPING_ERROR;
	}

	trace_swiotlb_bounced(dev, phys, size);

	/* Granule-aligned at both ends, so the slot owns whole granules */
	tlb = swiotlb_tbl_map_single(dev, phys, size, iova_mask(iovad), dir,
				     attrs);
	if (tlb == (phys_addr_t)DMA_MAPPING_ERROR)
		return tlb;

	if (idma_untrusted(dev))
		idma_scrub_slot_edges(iovad, tlb, size);
	return tlb;
}

/*
 * Streaming DMA: single buffers
 */

/**
 * iommu_dma_map_page() - dma_map_page() for a device behind an IOMMU
 * @dev: the device
 * @page: first page of the buffer
 * @offset: offset of the buffer in @page
 * @size: size of the buffer in bytes
 * @dir: direction of the transfer
 * @attrs: DMA_ATTR_* flags
 *
 * Return: the DMA address, or DMA_MAPPING_ERROR with nothing left mapped
 * or bounced.
 */
dma_addr_t iommu_dma_map_page(struct device *dev, struct page *page,
			      unsigned long offset, size_t size,
			      enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	struct iova_domain *iovad = &dom->iova_cookie->iovad;
	phys_addr_t phys = page_to_phys(page) + offset;
	bool coherent_dev = idma_arch_coherent(dev);
	dma_addr_t dma;

	/* A buffer that fills its granules exactly needs no bounce */
	if (idma_bounce_wanted(dev, size, dir) &&
	    iova_offset(iovad, phys | size)) {
		phys = idma_bounce(dev, iovad, phys, size, dir, attrs);
		if (phys == (phys_addr_t)DMA_MAPPING_ERROR)
			return DMA_MAPPING_ERROR;
	}

	if (!coherent_dev && !(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		idma_arch_sync_for_device(phys, size, dir);

	dma = idma_map_phys(dev, dom, phys, size,
			    idma_prot(dir, coherent_dev, attrs), dma_get_mask(dev),
			    GFP_ATOMIC);
	if (dma == DMA_MAPPING_ERROR)
		swiotlb_tbl_unmap_single(dev, phys, size, dir,
					 attrs | DMA_ATTR_SKIP_CPU_SYNC);
	return dma;
}

/**
 * iommu_dma_unmap_page() - dma_unmap_page() for a device behind an IOMMU
 * @dev: the device
 * @dma_handle: address returned by iommu_dma_map_page()
 * @size: size given to iommu_dma_map_page()
 * @dir: direction given to iommu_dma_map_page()
 * @attrs: DMA_ATTR_* flags
 */
void iommu_dma_unmap_page(struct device *dev, dma_addr_t dma_handle,
			  size_t size, enum dma_data_direction dir,
			  unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	bool cpu_sync = !(attrs & DMA_ATTR_SKIP_CPU_SYNC) &&
			!idma_arch_coherent(dev);
	phys_addr_t phys = 0;

	/*
	 * The physical address is only needed for cache maintenance or to
	 * find a bounce slot, and whether the buffer could have been bounced
	 * depends on the same arguments as at map time: skip the table walk
	 * on the common coherent path.
	 */
	if (cpu_sync || idma_bounce_wanted(dev, size, dir)) {
		phys = iommu_iova_to_phys(dom, dma_handle);
		if (WARN_ON(!phys))
			return;
		if (cpu_sync)
			idma_arch_sync_for_cpu(phys, size, dir);
	}

	idma_unmap_span(dom, dma_handle, size);

	if (phys)
		swiotlb_tbl_unmap_single(dev, phys, size, dir, attrs);
}

/**
 * iommu_dma_map_resource() - Map MMIO, such as a peer's register, for DMA
 * @dev: the device
 * @phys: physical address of the resource
 * @size: size in bytes
 * @dir: direction of the transfer
 * @attrs: DMA_ATTR_* flags
 *
 * Return: the DMA address, or DMA_MAPPING_ERROR.
 */
dma_addr_t iommu_dma_map_resource(struct device *dev, phys_addr_t phys,
				  size_t size, enum dma_data_direction dir,
				  unsigned long attrs)
{
	int prot = idma_prot(dir, false, attrs) | IOMMU_MMIO;

	return idma_map_phys(dev, iommu_get_dma_domain(dev), phys, size, prot,
			     dma_get_mask(dev), GFP_ATOMIC);
}

/**
 * iommu_dma_unmap_resource() - Undo iommu_dma_map_resource()
 * @dev: the device
 * @handle: address returned by iommu_dma_map_resource()
 * @size: size given at map time
 * @dir: direction given at map time
 * @attrs: DMA_ATTR_* flags
 */
void iommu_dma_unmap_resource(struct device *dev, dma_addr_t handle,
			      size_t size, enum dma_data_direction dir,
			      unsigned long attrs)
{
	idma_unmap_span(iommu_get_dma_domain(dev), handle, size);
}

/**
 * iommu_dma_sync_single_for_cpu() - Hand a streaming buffer back to the CPU
 * @dev: the device
 * @dma_handle: DMA address inside a mapping made by iommu_dma_map_page()
 * @size: bytes to synchronise
 * @dir: direction of the mapping
 */
void iommu_dma_sync_single_for_cpu(struct device *dev, dma_addr_t dma_handle,
				   size_t size, enum dma_data_direction dir)
{
	bool coherent_dev = idma_arch_coherent(dev);
	phys_addr_t phys;

	if (coherent_dev && !idma_bounce_wanted(dev, size, dir))
		return;

	phys = iommu_iova_to_phys(iommu_get_dma_domain(dev), dma_handle);
	if (!coherent_dev)
		idma_arch_sync_for_cpu(phys, size, dir);
	swiotlb_sync_single_for_cpu(dev, phys, size, dir);
}

/**
 * iommu_dma_sync_single_for_device() - Hand a streaming buffer to the device
 * @dev: the device
 * @dma_handle: DMA address inside a mapping made by iommu_dma_map_page()
 * @size: bytes to synchronise
 * @dir: direction of the mapping
 */
void iommu_dma_sync_single_for_device(struct device *dev, dma_addr_t dma_handle,
				      size_t size, enum dma_data_direction dir)
{
	bool coherent_dev = idma_arch_coherent(dev);
	phys_addr_t phys;

	if (coherent_dev && !idma_bounce_wanted(dev, size, dir))
		return;

	phys = iommu_iova_to_phys(iommu_get_dma_domain(dev), dma_handle);
	swiotlb_sync_single_for_device(dev, phys, size, dir);
	if (!coherent_dev)
		idma_arch_sync_for_device(phys, size, dir);
}

/**
 * iommu_dma_sync_sg_for_cpu() - Hand a mapped scatterlist back to the CPU
 * @dev: the device
 * @sgl: scatterlist given to iommu_dma_map_sg()
 * @nelems: number of entries given to iommu_dma_map_sg()
 * @dir: direction of the mapping
 */
void iommu_dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sgl,
			       int nelems, enum dma_data_direction dir)
{
	struct scatterlist *s;
	int i;

	if (sg_dma_is_swiotlb(sgl)) {
		for_each_sg(sgl, s, nelems, i)
			iommu_dma_sync_single_for_cpu(dev, sg_dma_address(s),
						      s->length, dir);
		return;
	}
	if (idma_arch_coherent(dev))
		return;
	for_each_sg(sgl, s, nelems, i)
		idma_arch_sync_for_cpu(sg_phys(s), s->length, dir);
}

/**
 * iommu_dma_sync_sg_for_device() - Hand a mapped scatterlist to the device
 * @dev: the device
 * @sgl: scatterlist given to iommu_dma_map_sg()
 * @nelems: number of entries given to iommu_dma_map_sg()
 * @dir: direction of the mapping
 */
void iommu_dma_sync_sg_for_device(struct device *dev, struct scatterlist *sgl,
				  int nelems, enum dma_data_direction dir)
{
	struct scatterlist *s;
	int i;

	if (sg_dma_is_swiotlb(sgl)) {
		for_each_sg(sgl, s, nelems, i)
			iommu_dma_sync_single_for_device(dev, sg_dma_address(s),
							 s->length, dir);
		return;
	}
	if (idma_arch_coherent(dev))
		return;
	for_each_sg(sgl, s, nelems, i)
		idma_arch_sync_for_device(sg_phys(s), s->length, dir);
}

/*
 * Limits reported to the DMA core
 */

/**
 * iommu_dma_get_merge_boundary() - Granule mask for the block layer
 * @dev: the device
 *
 * Buffers whose pieces meet on this boundary can be merged by
 * iommu_dma_map_sg() into one DMA segment.
 *
 * Return: the IOVA granule minus one.
 */
unsigned long iommu_dma_get_merge_boundary(struct device *dev)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);

	return (1UL << __ffs(dom->pgsize_bitmap)) - 1;
}

/**
 * iommu_dma_opt_mapping_size() - Largest mapping the IOVA caches serve fast
 *
 * Return: the size in bytes.
 */
size_t iommu_dma_opt_mapping_size(void)
{
	return iova_rcache_range();
}

/**
 * iommu_dma_max_mapping_size() - Largest single mapping for a device
 * @dev: the device
 *
 * Return: swiotlb's limit for untrusted devices, whose buffers may be
 * bounced, otherwise no limit.
 */
size_t iommu_dma_max_mapping_size(struct device *dev)
{
	if (idma_untrusted(dev))
		return swiotlb_max_mapping_size(dev);
	return SIZE_MAX;
}

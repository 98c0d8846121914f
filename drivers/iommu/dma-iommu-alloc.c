// SPDX-License-Identifier: GPL-2.0-only
/*
 * DMA API on an IOMMU domain: allocations.
 *
 * dma_alloc_attrs() and dma_free_attrs() with their three buffer shapes,
 * mmap and get_sgtable of those buffers, and the non-contiguous
 * allocations of dma_alloc_noncontiguous().
 *
 * Siblings: dma-iommu.c (core, setup), dma-iommu-fq.c (flush queues),
 * dma-iommu-map.c (IOVA allocation and the mapping primitives used here),
 * dma-iommu-sg.c (scatterlists), dma-iommu-fixed.c (fixed device
 * addresses, which borrows the page-array helpers below); shared
 * declarations and the architecture hooks in dma-iommu-priv.h.
 */

#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/iommu-dma.h>
#include <linux/iova.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "dma-iommu.h"
#include "dma-iommu-priv.h"

/*
 * Allocations
 *
 * Three shapes of buffer come out of iommu_dma_alloc():
 *  - page arrays: pages gathered in the largest blocks the domain can map
 *    with large pages, mapped at one IOVA range and, unless the caller
 *    asked for no kernel mapping, vmap()ed.  The vmap area remembers the
 *    array, which is how free, mmap and get_sgtable find it again.
 *  - contiguous: one CMA or buddy allocation, remapped if not coherent.
 *  - atomic pool: for callers that cannot sleep on devices that are not
 *    coherent, since remapping sleeps.
 * With DMA_ATTR_NO_KERNEL_MAPPING the buffer is always a page array and
 * the opaque cookie returned is the array itself.
 */

/**
 * idma_alloc_count() - how many CPU pages back an allocation
 * @dom: the DMA domain
 * @size: bytes of the allocation
 *
 * Return: the count of pages, whole IOMMU granules' worth.
 */
unsigned int idma_alloc_count(struct iommu_domain *dom, size_t size)
{
	size_t granule = 1UL << __ffs(dom->pgsize_bitmap);

	if (granule > PAGE_SIZE)
		size = ALIGN(size, granule);
	return PAGE_ALIGN(size) >> PAGE_SHIFT;
}

/**
 * idma_pages_free() - free a page array from idma_pages_alloc()
 * @pages: the array
 * @count: pages in it
 */
void idma_pages_free(struct page **pages, unsigned int count)
{
	while (count)
		__free_page(pages[--count]);
	kvfree(pages);
}

static gfp_t idma_meta_gfp(gfp_t gfp)
{
	return gfpflags_allow_blocking(gfp) ? GFP_KERNEL : GFP_ATOMIC;
}

/**
 * idma_pages_alloc() - fill an array of pages, big blocks first
 * @dev: the device, for its NUMA node
 * @count: pages wanted
 * @orders: bitmap of the block orders allowed
 * @gfp: allocation flags
 *
 * Blocks are tried largest first.  Big blocks are a bonus (fewer, larger
 * IOMMU pages), so they are tried with __GFP_NORETRY and only the smallest
 * order allowed may make the allocator work hard.
 *
 * Return: an array of @count pages, or NULL with nothing allocated.
 */
struct page **idma_pages_alloc(struct device *dev, unsigned int count,
			       unsigned long orders, gfp_t gfp)
{
	int nid = dev_to_node(dev);
	unsigned int filled = 0;
	struct page **pages;

	orders &= GENMASK(MAX_PAGE_ORDER, 0);
	if (!orders)
		return NULL;

	pages = kvcalloc(count, sizeof(*pages), idma_meta_gfp(gfp));
	if (!pages)
		return NULL;

	gfp |= __GFP_NOWARN | __GFP_HIGHMEM;
	while (filled < count) {
		unsigned long fit = orders & GENMASK(__fls(count - filled), 0);
		struct page *blk = NULL;
		unsigned int order = 0, n;

		while (fit) {
			gfp_t flags = gfp;

			order = __fls(fit);
			if (fit != BIT(order))
				flags |= __GFP_NORETRY;
			blk = alloc_pages_node(nid, flags, order);
			if (blk)
				break;
			fit &= ~BIT(order);
		}
		if (!blk) {
			idma_pages_free(pages, filled);
			return NULL;
		}
		if (order)
			split_page(blk, order);
		for (n = 0; n < BIT(order); n++)
			pages[filled++] = blk + n;
	}
	return pages;
}

/* One physically contiguous block, handed out as single pages */
static struct page **idma_pages_alloc_contig(struct device *dev,
					     unsigned int count, gfp_t gfp)
{
	unsigned int order = get_order((size_t)count << PAGE_SHIFT);
	struct page **pages, *blk;
	unsigned int n;

	if (order > MAX_PAGE_ORDER)
		return NULL;
	pages = kvcalloc(count, sizeof(*pages), idma_meta_gfp(gfp));
	if (!pages)
		return NULL;
	blk = alloc_pages_node(dev_to_node(dev), gfp | __GFP_NOWARN, order);
	if (!blk) {
		kvfree(pages);
		return NULL;
	}
	split_page(blk, order);
	for (n = 0; n < BIT(order); n++) {
		if (n < count)
			pages[n] = blk + n;
		else
			__free_page(blk + n);
	}
	return pages;
}

/**
 * idma_map_pages() - map a page array at an IOVA
 * @dom: the DMA domain
 * @iova: where the first page goes
 * @pages: the pages
 * @count: pages in @pages
 * @span: bytes to map, at most @count pages
 * @prot: IOMMU_* protection flags
 * @gfp: allocation flags for page-table memory
 *
 * Physically contiguous runs are mapped with one call each.
 *
 * Return: 0, or an error with nothing left mapped.
 */
int idma_map_pages(struct iommu_domain *dom, dma_addr_t iova,
		   struct page **pages, unsigned int count, size_t span,
		   int prot, gfp_t gfp)
{
	size_t done = 0;
	unsigned int i = 0;
	int ret;

	while (done < span && i < count) {
		phys_addr_t start = page_to_phys(pages[i]);
		size_t len = 0;

		do {
			len += PAGE_SIZE;
			i++;
		} while (i < count && page_to_phys(pages[i]) == start + len);

		len = min(len, span - done);
		ret = iommu_map(dom, iova + done, start, len, prot, gfp);
		if (ret) {
			if (done)
				iommu_unmap(dom, iova, done);
			return ret;
		}
		done += len;
	}
	return 0;
}

/*
 * Allocate and map the pages of a page-array buffer.  On success *@dma is
 * the buffer's DMA address and the array holds idma_alloc_count() pages.
 */
static struct page **idma_alloc_mapped_pages(struct device *dev, size_t size,
					     dma_addr_t *dma, gfp_t gfp,
					     unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iova_domain *iovad = &ck->iovad;
	bool coherent_dev = idma_arch_coherent(dev);
	int prot = idma_prot(DMA_BIDIRECTIONAL, coherent_dev, attrs);
	unsigned int count = idma_alloc_count(dom, size);
	unsigned long orders = dom->pgsize_bitmap >> PAGE_SHIFT;
	gfp_t map_gfp = idma_meta_gfp(gfp);
	struct page **pages;
	dma_addr_t iova;
	size_t span;
	unsigned int i;

	if (idma_attach_failed(dev, dom))
		return NULL;

	/* A granule below PAGE_SIZE still gets whole CPU pages */
	if (iovad->granule <= PAGE_SIZE)
		orders |= 1;
	if (attrs & DMA_ATTR_ALLOC_SINGLE_PAGES)
		orders = BIT(__ffs(orders));

	if (attrs & DMA_ATTR_FORCE_CONTIGUOUS)
		pages = idma_pages_alloc_contig(dev, count, gfp);
	else
		pages = idma_pages_alloc(dev, count, orders, gfp);
	if (!pages)
		return NULL;

	if (!coherent_dev)
		for (i = 0; i < count; i++)
			idma_arch_prep_coherent(pages[i], PAGE_SIZE);

	span = iova_align(iovad, (size_t)count << PAGE_SHIFT);
	span = min(span, iova_align(iovad, size));
	iova = idma_iova_alloc(dom, span, dev->coherent_dma_mask, dev);
	if (!iova)
		goto out_free_pages;

	if (idma_map_pages(dom, iova, pages, count, span, prot, map_gfp))
		goto out_free_iova;

	*dma = iova;
	return pages;

out_free_iova:
	idma_iova_free(ck, iova, span, NULL);
out_free_pages:
	idma_pages_free(pages, count);
	return NULL;
}

static void *idma_alloc_paged(struct device *dev, size_t size,
			      dma_addr_t *handle, gfp_t gfp,
			      unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	pgprot_t prot = dma_pgprot(dev, PAGE_KERNEL, attrs);
	struct page **pages;
	void *vaddr;

	pages = idma_alloc_mapped_pages(dev, size, handle, gfp, attrs);
	if (!pages)
		return NULL;
	if (attrs & DMA_ATTR_NO_KERNEL_MAPPING)
		return pages;

	vaddr = dma_common_pages_remap(pages, size, prot,
				       __builtin_return_address(0));
	if (vaddr)
		return vaddr;

	idma_unmap_span(dom, *handle, size);
	idma_pages_free(pages, idma_alloc_count(dom, size));
	return NULL;
}

/* A contiguous buffer with a kernel mapping the device can share */
static void *idma_alloc_contig(struct device *dev, size_t size,
			       struct page **pagep, gfp_t gfp,
			       unsigned long attrs)
{
	bool coherent_dev = idma_arch_coherent(dev);
	size_t len = PAGE_ALIGN(size);
	struct page *page;
	void *vaddr;

	page = dma_alloc_contiguous(dev, len, gfp);
	if (!page)
		page = alloc_pages_node(dev_to_node(dev), gfp, get_order(len));
	if (!page)
		return NULL;

	if (coherent_dev && !PageHighMem(page)) {
		vaddr = page_address(page);
	} else {
		vaddr = dma_common_contiguous_remap(page, len,
						    dma_pgprot(dev, PAGE_KERNEL, attrs),
						    __builtin_return_address(0));
		if (!vaddr) {
			dma_free_contiguous(dev, page, len);
			return NULL;
		}
		if (!coherent_dev)
			idma_arch_prep_coherent(page, size);
	}

	memset(vaddr, 0, len);
	*pagep = page;
	return vaddr;
}

/* Free the memory of a buffer that is not a NO_KERNEL_MAPPING page array */
static void idma_free_buffer(struct device *dev, size_t size, void *cpu_addr)
{
	unsigned int count = idma_alloc_count(iommu_get_dma_domain(dev), size);
	size_t len = PAGE_ALIGN(size);
	struct page **pages;
	struct page *page;

	if (idma_arch_has_pool() && idma_arch_pool_free(dev, cpu_addr, len))
		return;

	if (!is_vmalloc_addr(cpu_addr)) {
		dma_free_contiguous(dev, virt_to_page(cpu_addr), len);
		return;
	}

	pages = dma_common_find_pages(cpu_addr);
	page = pages ? NULL : vmalloc_to_page(cpu_addr);
	dma_common_free_remap(cpu_addr, len);
	if (pages)
		idma_pages_free(pages, count);
	else
		dma_free_contiguous(dev, page, len);
}

/**
 * iommu_dma_alloc() - dma_alloc_attrs() for a device behind an IOMMU
 * @dev: the device
 * @size: size in bytes
 * @handle: where to store the DMA address
 * @gfp: allocation flags; callers that cannot sleep get contiguous memory
 * @attrs: DMA_ATTR_* flags (FORCE_CONTIGUOUS, ALLOC_SINGLE_PAGES,
 *	NO_KERNEL_MAPPING, WRITE_COMBINE, PRIVILEGED)
 *
 * Return: the CPU address of a zeroed buffer (with NO_KERNEL_MAPPING an
 * opaque cookie), or NULL with nothing left allocated.
 */
void *iommu_dma_alloc(struct device *dev, size_t size, dma_addr_t *handle,
		      gfp_t gfp, unsigned long attrs)
{
	bool coherent_dev = idma_arch_coherent(dev);
	int prot = idma_prot(DMA_BIDIRECTIONAL, coherent_dev, attrs);
	bool can_block = gfpflags_allow_blocking(gfp);
	struct page *page = NULL;
	void *cpu_addr;
	dma_addr_t dma;

	gfp |= __GFP_ZERO;

	if ((attrs & DMA_ATTR_NO_KERNEL_MAPPING) ||
	    (can_block && !(attrs & DMA_ATTR_FORCE_CONTIGUOUS)))
		return idma_alloc_paged(dev, size, handle, gfp, attrs);

	if (idma_arch_has_pool() && !can_block && !coherent_dev) {
		page = idma_arch_pool_alloc(dev, PAGE_ALIGN(size), &cpu_addr,
					    gfp);
		if (!page)
			return NULL;
	} else {
		cpu_addr = idma_alloc_contig(dev, size, &page, gfp, attrs);
		if (!cpu_addr)
			return NULL;
	}

	dma = idma_map_phys(dev, iommu_get_dma_domain(dev), page_to_phys(page),
			    size, prot, dev->coherent_dma_mask,
			    idma_meta_gfp(gfp));
	if (dma == DMA_MAPPING_ERROR) {
		idma_free_buffer(dev, size, cpu_addr);
		return NULL;
	}
	*handle = dma;
	return cpu_addr;
}

/**
 * iommu_dma_free() - Free a buffer from iommu_dma_alloc()
 * @dev: the device
 * @size: size given at allocation
 * @cpu_addr: address (or cookie) returned by iommu_dma_alloc()
 * @handle: DMA address returned by iommu_dma_alloc()
 * @attrs: the attributes given at allocation
 */
void iommu_dma_free(struct device *dev, size_t size, void *cpu_addr,
		    dma_addr_t handle, unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);

	idma_unmap_span(dom, handle, size);
	if (attrs & DMA_ATTR_NO_KERNEL_MAPPING)
		idma_pages_free(cpu_addr, idma_alloc_count(dom, size));
	else
		idma_free_buffer(dev, size, cpu_addr);
}

/* The page array behind a buffer, or NULL if it is physically contiguous */
static struct page **idma_buffer_pages(void *cpu_addr, unsigned long attrs)
{
	if (attrs & DMA_ATTR_NO_KERNEL_MAPPING)
		return cpu_addr;
	if (is_vmalloc_addr(cpu_addr))
		return dma_common_find_pages(cpu_addr);
	return NULL;
}

static struct page *idma_buffer_first_page(void *cpu_addr)
{
	if (is_vmalloc_addr(cpu_addr))
		return vmalloc_to_page(cpu_addr);
	return virt_to_page(cpu_addr);
}

/**
 * iommu_dma_mmap() - Map a buffer from iommu_dma_alloc() into user space
 * @dev: the device
 * @vma: the user mapping, its vm_pgoff in pages from the buffer's start
 * @cpu_addr: address (or cookie) returned by iommu_dma_alloc()
 * @dma_addr: DMA address of the buffer
 * @size: size given at allocation
 * @attrs: the attributes given at allocation
 *
 * Return: 0 or a negative errno; -ENXIO if @vma reaches past the buffer.
 */
int iommu_dma_mmap(struct device *dev, struct vm_area_struct *vma,
		   void *cpu_addr, dma_addr_t dma_addr, size_t size,
		   unsigned long attrs)
{
	unsigned long nr_pages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	unsigned long pgoff = vma->vm_pgoff;
	struct page **pages;
	int ret;

	vma->vm_page_prot = dma_pgprot(dev, vma->vm_page_prot, attrs);

	if (dma_mmap_from_dev_coherent(dev, vma, cpu_addr, size, &ret))
		return ret;

	if (pgoff >= nr_pages || vma_pages(vma) > nr_pages - pgoff)
		return -ENXIO;

	pages = idma_buffer_pages(cpu_addr, attrs);
	if (pages)
		return vm_map_pages(vma, pages, nr_pages);

	return remap_pfn_range(vma, vma->vm_start,
			       page_to_pfn(idma_buffer_first_page(cpu_addr)) + pgoff,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

/**
 * iommu_dma_get_sgtable() - Describe a buffer from iommu_dma_alloc()
 * @dev: the device
 * @sgt: table to fill with the buffer's pages
 * @cpu_addr: address (or cookie) returned by iommu_dma_alloc()
 * @dma_addr: DMA address of the buffer
 * @size: size given at allocation
 * @attrs: the attributes given at allocation
 *
 * Return: 0 or -ENOMEM.
 */
int iommu_dma_get_sgtable(struct device *dev, struct sg_table *sgt,
			  void *cpu_addr, dma_addr_t dma_addr, size_t size,
			  unsigned long attrs)
{
	struct page **pages = idma_buffer_pages(cpu_addr, attrs);
	int ret;

	if (pages)
		return sg_alloc_table_from_pages(sgt, pages,
						 PAGE_ALIGN(size) >> PAGE_SHIFT,
						 0, size, GFP_KERNEL);

	ret = sg_alloc_table(sgt, 1, GFP_KERNEL);
	if (ret)
		return ret;
	sg_set_page(sgt->sgl, idma_buffer_first_page(cpu_addr), PAGE_ALIGN(size),
		    0);
	return 0;
}

/*
 * A non-contiguous allocation: the caller sees the sg_table, we also keep
 * the page array for vmap and mmap.
 */
struct idma_nc_buffer {
	struct sg_table		sgt;
	struct page		**pages;
	unsigned int		count;
};

static struct idma_nc_buffer *to_nc_buffer(struct sg_table *sgt)
{
	return container_of(sgt, struct idma_nc_buffer, sgt);
}

/**
 * iommu_dma_alloc_noncontiguous() - dma_alloc_noncontiguous() behind an IOMMU
 * @dev: the device
 * @size: size in bytes
 * @dir: direction the buffer will be used in
 * @gfp: allocation flags
 * @attrs: DMA_ATTR_ALLOC_SINGLE_PAGES or 0
 *
 * The pages need not be contiguous; the device sees them as one DMA
 * segment, described by the first entry of the returned table.
 *
 * Return: the table, or NULL with nothing left allocated.
 */
struct sg_table *iommu_dma_alloc_noncontiguous(struct device *dev, size_t size,
					       enum dma_data_direction dir,
					       gfp_t gfp, unsigned long attrs)
{
	struct iommu_domain *dom = iommu_get_dma_domain(dev);
	gfp_t meta = gfp & ~(__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM |
			     __GFP_COMP | __GFP_ZERO);
	struct idma_nc_buffer *buf;
	dma_addr_t dma;

	buf = kmalloc(sizeof(*buf), meta);
	if (!buf)
		return NULL;

	buf->count = idma_alloc_count(dom, size);
	buf->pages = idma_alloc_mapped_pages(dev, size, &dma, gfp, attrs);
	if (!buf->pages)
		goto out_free_buf;

	if (sg_alloc_table_from_pages(&buf->sgt, buf->pages, buf->count, 0,
				      size, meta))
		goto out_unmap;

	sg_dma_address(buf->sgt.sgl) = dma;
	sg_dma_len(buf->sgt.sgl) = iova_align(&dom->iova_cookie->iovad, size);
	return &buf->sgt;

out_unmap:
	idma_unmap_span(dom, dma, size);
	idma_pages_free(buf->pages, buf->count);
out_free_buf:
	kfree(buf);
	return NULL;
}

/**
 * iommu_dma_free_noncontiguous() - Free an iommu_dma_alloc_noncontiguous() buffer
 * @dev: the device
 * @size: size given at allocation
 * @sgt: table returned at allocation
 * @dir: direction given at allocation
 */
void iommu_dma_free_noncontiguous(struct device *dev, size_t size,
				  struct sg_table *sgt,
				  enum dma_data_direction dir)
{
	struct idma_nc_buffer *buf = to_nc_buffer(sgt);

	idma_unmap_span(iommu_get_dma_domain(dev), sg_dma_address(sgt->sgl),
			size);
	idma_pages_free(buf->pages, buf->count);
	sg_free_table(&buf->sgt);
	kfree(buf);
}

/**
 * iommu_dma_vmap_noncontiguous() - Kernel mapping of a non-contiguous buffer
 * @dev: the device
 * @size: size given at allocation
 * @sgt: table returned by iommu_dma_alloc_noncontiguous()
 *
 * Return: the kernel address, or NULL.  Undo with vunmap().
 */
void *iommu_dma_vmap_noncontiguous(struct device *dev, size_t size,
				   struct sg_table *sgt)
{
	return vmap(to_nc_buffer(sgt)->pages, PAGE_ALIGN(size) >> PAGE_SHIFT,
		    VM_MAP, PAGE_KERNEL);
}

/**
 * iommu_dma_mmap_noncontiguous() - User mapping of a non-contiguous buffer
 * @dev: the device
 * @vma: the user mapping
 * @size: size given at allocation
 * @sgt: table returned by iommu_dma_alloc_noncontiguous()
 *
 * Return: 0, -ENXIO if @vma reaches past the buffer, or another errno.
 */
int iommu_dma_mmap_noncontiguous(struct device *dev, struct vm_area_struct *vma,
				 size_t size, struct sg_table *sgt)
{
	unsigned long nr_pages = PAGE_ALIGN(size) >> PAGE_SHIFT;

	if (vma->vm_pgoff >= nr_pages ||
	    vma_pages(vma) > nr_pages - vma->vm_pgoff)
		return -ENXIO;
	return vm_map_pages(vma, to_nc_buffer(sgt)->pages, nr_pages);
}

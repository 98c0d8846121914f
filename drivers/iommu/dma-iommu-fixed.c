// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOMMU DMA layer: buffers at fixed device addresses.
 *
 * Firmware of a remote processor or a codec is linked at device addresses
 * chosen when it was built, and some devices address their buffers as
 * small offsets from their firmware.  These calls put memory at a device
 * address the caller gives, inside the device's ordinary DMA domain, next
 * to everything dma_alloc_*() and dma_map_*() hand out there:
 *
 *   dma_alloc_fixed() / dma_free_fixed()            new zeroed memory
 *   dma_map_fixed() / dma_unmap_fixed()             memory the caller has
 *   dma_map_sgtable_fixed() / dma_unmap_fixed()     a scatterlist
 *
 * The span is claimed from the IOVA allocator as a whole (claim_iova()),
 * so the allocator never hands any of it out and a request that meets a
 * live mapping or a reservation changes nothing.  Every placement is
 * recorded in the cookie, so a release must name exactly what was placed.
 * A release always invalidates the IOTLB before it returns, in lazy mode
 * too: fixed spans are few and long-lived, and the next owner of the
 * span may be another fixed request that cannot wait for a flush queue.
 *
 * Siblings: dma-iommu.c (core, setup), dma-iommu-fq.c (flush queues,
 * drained here to claim a range that waits in them), dma-iommu-map.c
 * (idma_prot()), dma-iommu-sg.c, dma-iommu-alloc.c (the page-array helpers
 * dma_alloc_fixed() uses); shared declarations and the architecture hooks
 * in dma-iommu-priv.h.
 */
#include <linux/dma-fixed.h>
#include <linux/dma-map-ops.h>
#include <linux/iommu.h>
#include <linux/iova.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "dma-iommu-priv.h"
/*
 * DMA-API debugging (CONFIG_DMA_API_DEBUG) keeps its hooks in a header of
 * kernel/dma: it must see fixed placements like any other mapping, or a
 * sync on one is reported as a sync of memory never mapped, and one a
 * driver forgets is not reported at all.
 */
#include "../../kernel/dma/debug.h"

enum idma_fixed_kind {
	IDMA_FIXED_ALLOC,	/* pages of ours, vmapped for the caller */
	IDMA_FIXED_PHYS,	/* the caller's contiguous memory */
	IDMA_FIXED_SGT,		/* the caller's scatterlist */
};

/* One placement, on its cookie's list while the span is claimed */
struct idma_fixed {
	struct list_head	link;
	dma_addr_t		dma;		/* first byte, granule aligned */
	size_t			size;		/* bytes, whole granules */
	struct iova		*range;		/* the claimed span */
	enum idma_fixed_kind	kind;
	phys_addr_t		phys;		/* IDMA_FIXED_PHYS */
	struct sg_table		*sgt;		/* IDMA_FIXED_SGT */
	struct page		**pages;	/* IDMA_FIXED_ALLOC */
	unsigned int		count;
	void			*cpu_addr;
};

/* The translated DMA domain of @dev, or NULL if its DMA is not translated */
static struct iommu_domain *idma_fixed_domain(struct device *dev)
{
	struct iommu_domain *dom;

	if (!dev || !dev->dma_iommu)
		return NULL;
	dom = iommu_get_dma_domain(dev);
	if (!dom || !dom->iova_cookie ||
	    dom->iova_cookie->kind != IDMA_COOKIE_DMA ||
	    !dom->iova_cookie->iovad.granule)
		return NULL;
	return dom;
}

/*
 * Whether [@dma, @dma + @size) may be placed in @dom for a device that
 * emits addresses up to @limit: -EINVAL for a span that is empty, not
 * whole granules or wraps, -ERANGE for one the domain or device cannot
 * reach.
 */
static int idma_fixed_check(struct iommu_domain *dom, dma_addr_t dma,
			    size_t size, u64 limit)
{
	struct iova_domain *iovad = &dom->iova_cookie->iovad;
	u64 last = (u64)dma + size - 1;

	if (!size || iova_offset(iovad, dma) || iova_offset(iovad, size) ||
	    last < dma)
		return -EINVAL;
	/* Also beyond the granules an unsigned long names (32-bit LPAE) */
	if (last > limit || (last >> iova_shift(iovad)) >= ULONG_MAX)
		return -ERANGE;
	if (dom->geometry.force_aperture &&
	    (dma < dom->geometry.aperture_start ||
	     last > dom->geometry.aperture_end))
		return -ERANGE;
	return 0;
}

static struct idma_fixed *idma_fixed_new(enum idma_fixed_kind kind,
					 dma_addr_t dma, size_t size)
{
	struct idma_fixed *fx = kzalloc(sizeof(*fx), GFP_KERNEL);

	if (fx) {
		fx->kind = kind;
		fx->dma = dma;
		fx->size = size;
	}
	return fx;
}

static struct idma_fixed *idma_fixed_find(struct iommu_dma_cookie *ck,
					  dma_addr_t dma, size_t size,
					  bool overlap)
{
	struct idma_fixed *fx;

	list_for_each_entry(fx, &ck->fixed, link) {
		if (overlap ? dma < fx->dma + fx->size && fx->dma < dma + size :
			      dma == fx->dma && size == fx->size)
			return fx;
	}
	return NULL;
}

/*
 * Claim the span for @fx, map it with @map and record it.  The flush
 * queue holds ranges that are free to their owners but still live in the
 * allocator, so a claim that fails is tried once more after it drains.
 */
static int idma_fixed_place(struct iommu_domain *dom, struct idma_fixed *fx,
			    int (*map)(struct iommu_domain *dom,
				       struct idma_fixed *fx, int prot),
			    int prot)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct iova_domain *iovad = &ck->iovad;
	unsigned long lo = iova_pfn(iovad, fx->dma);
	unsigned long hi = iova_pfn(iovad, fx->dma + fx->size - 1);
	struct iova *range;
	int ret;

	mutex_lock(&ck->setup_lock);
	if (idma_fixed_find(ck, fx->dma, fx->size, true)) {
		ret = -EEXIST;
		goto out_unlock;
	}
	range = claim_iova(iovad, lo, hi);
	if (PTR_ERR_OR_ZERO(range) == -EBUSY && idma_lazy_drain(ck))
		range = claim_iova(iovad, lo, hi);
	if (IS_ERR(range)) {
		ret = PTR_ERR(range);
		goto out_unlock;
	}
	ret = map(dom, fx, prot);
	if (ret) {
		__free_iova(iovad, range);
		goto out_unlock;
	}
	fx->range = range;
	list_add(&fx->link, &ck->fixed);
out_unlock:
	mutex_unlock(&ck->setup_lock);
	return ret;
}

/*
 * The placement at exactly [@dma, @dma + @size), taken off the list if it
 * is of @kind (and, for an allocation, has @cpu_addr): ERR_PTR(-ENOENT)
 * when nothing was placed there, ERR_PTR(-EINVAL) when something else was.
 */
static struct idma_fixed *idma_fixed_take_kind(struct iommu_domain *dom,
					       dma_addr_t dma, size_t size,
					       bool alloc, void *cpu_addr)
{
	struct iommu_dma_cookie *ck = dom->iova_cookie;
	struct idma_fixed *fx;

	mutex_lock(&ck->setup_lock);
	fx = idma_fixed_find(ck, dma, size, false);
	if (!fx)
		fx = ERR_PTR(-ENOENT);
	else if (alloc != (fx->kind == IDMA_FIXED_ALLOC) ||
		 (alloc && fx->cpu_addr != cpu_addr))
		fx = ERR_PTR(-EINVAL);
	else
		list_del(&fx->link);
	mutex_unlock(&ck->setup_lock);
	return fx;
}

/* Unmap with a synchronous invalidation, then give the span back */
static void idma_fixed_unplace(struct iommu_domain *dom,
			       struct idma_fixed *fx)
{
	size_t done = iommu_unmap(dom, fx->dma, fx->size);

	WARN_ON(done != fx->size);
	__free_iova(&dom->iova_cookie->iovad, fx->range);
}

static int idma_fixed_map_phys(struct iommu_domain *dom,
			       struct idma_fixed *fx, int prot)
{
	return iommu_map(dom, fx->dma, fx->phys, fx->size, prot, GFP_KERNEL);
}

static int idma_fixed_map_sgt(struct iommu_domain *dom,
			      struct idma_fixed *fx, int prot)
{
	ssize_t done = iommu_map_sgtable(dom, fx->dma, fx->sgt, prot);

	if (done == fx->size)
		return 0;
	if (done > 0)
		iommu_unmap(dom, fx->dma, done);
	return done < 0 ? done : -ENOMEM;
}

static int idma_fixed_map_pages(struct iommu_domain *dom,
				struct idma_fixed *fx, int prot)
{
	return idma_map_pages(dom, fx->dma, fx->pages, fx->count, fx->size,
			      prot, GFP_KERNEL);
}

/**
 * idma_fixed_map() - place contiguous memory at a fixed address of a domain
 * @dom: the DMA domain
 * @dma: device address, granule aligned
 * @phys: physical address, granule aligned
 * @size: bytes, whole granules
 * @prot: IOMMU_* protection flags
 * @limit: highest address the device can emit
 *
 * The device-free core of dma_map_fixed(), for the KUnit suite.
 *
 * Context: Process context; takes the cookie's setup mutex.
 * Return: 0, or the errors of dma_map_fixed().
 */
VISIBLE_IF_KUNIT int idma_fixed_map(struct iommu_domain *dom, dma_addr_t dma,
				    phys_addr_t phys, size_t size, int prot,
				    u64 limit)
{
	struct idma_fixed *fx;
	int ret;

	ret = idma_fixed_check(dom, dma, size, limit);
	if (ret)
		return ret;
	if (iova_offset(&dom->iova_cookie->iovad, phys))
		return -EINVAL;
	fx = idma_fixed_new(IDMA_FIXED_PHYS, dma, size);
	if (!fx)
		return -ENOMEM;
	fx->phys = phys;
	ret = idma_fixed_place(dom, fx, idma_fixed_map_phys, prot);
	if (ret)
		kfree(fx);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(idma_fixed_map);

#if IS_ENABLED(CONFIG_KUNIT)
/* Only the KUnit suite releases without a device; without KUnit, no user. */

/**
 * idma_fixed_unmap() - release a placement made by idma_fixed_map()
 * @dom: the DMA domain
 * @dma: device address given at placement
 * @size: size given at placement
 *
 * Context: Process context; takes the cookie's setup mutex.
 * Return: 0, -ENOENT when nothing was placed at exactly that span, or
 * -EINVAL when an allocation was.
 */
VISIBLE_IF_KUNIT int idma_fixed_unmap(struct iommu_domain *dom,
				      dma_addr_t dma, size_t size)
{
	struct idma_fixed *fx = idma_fixed_take_kind(dom, dma, size, false, NULL);

	if (IS_ERR(fx))
		return PTR_ERR(fx);
	idma_fixed_unplace(dom, fx);
	kfree(fx);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(idma_fixed_unmap);
#endif

/**
 * idma_fixed_teardown() - drop what is still placed in a dying domain
 * @ck: the cookie of a domain no device uses any more
 *
 * A placement still recorded here was never released by its driver; say
 * so once and free the bookkeeping (and memory dma_alloc_fixed() gave).
 */
void idma_fixed_teardown(struct iommu_dma_cookie *ck)
{
	struct idma_fixed *fx, *next;

	list_for_each_entry_safe(fx, next, &ck->fixed, link) {
		pr_warn_once("iommu-dma: fixed buffer at %pad left in a freed domain\n",
			     &fx->dma);
		list_del(&fx->link);
		if (fx->kind == IDMA_FIXED_ALLOC) {
			dma_common_free_remap(fx->cpu_addr, fx->size);
			idma_pages_free(fx->pages, fx->count);
		}
		kfree(fx);
	}
}

static u64 idma_fixed_limit(struct device *dev, u64 mask)
{
	return min_not_zero(mask, dev->bus_dma_limit);
}

/**
 * dma_alloc_fixed() - allocate coherent memory at a given device address
 * @dev: device whose default DMA domain the memory is placed in
 * @dma: device address of the first byte; a multiple of the IOMMU granule
 * @size: bytes; a multiple of the IOMMU granule
 * @gfp: allocation flags for the memory (GFP_KERNEL or stricter)
 *
 * The memory is zeroed, mapped for the CPU like dma_alloc_coherent()'s and
 * readable and writable by the device at [@dma, @dma + @size) until
 * dma_free_fixed().  It lives in the same domain as the device's ordinary
 * DMA mappings, which never overlap it.
 *
 * Context: Process context; may sleep.
 * Return: the CPU address, or an ERR_PTR(): -EOPNOTSUPP when @dev's DMA is
 * not translated by an IOMMU DMA domain (no IOMMU, identity domain);
 * -EINVAL for an empty or unaligned span; -ERANGE for a span outside the
 * domain's aperture or @dev's coherent DMA mask; -EEXIST when it overlaps
 * another fixed placement; -EBUSY when it overlaps a live mapping or a
 * reserved region; -ENOMEM.  Nothing is left allocated or mapped on error.
 */
void *dma_alloc_fixed(struct device *dev, dma_addr_t dma, size_t size,
		      gfp_t gfp)
{
	struct iommu_domain *dom = idma_fixed_domain(dev);
	bool coherent = idma_arch_coherent(dev);
	unsigned long orders;
	struct idma_fixed *fx;
	unsigned int i;
	int ret;

	might_sleep();
	if (!dom)
		return ERR_PTR(-EOPNOTSUPP);
	ret = idma_fixed_check(dom, dma, size,
			       idma_fixed_limit(dev, dev->coherent_dma_mask));
	if (ret)
		return ERR_PTR(ret);
	fx = idma_fixed_new(IDMA_FIXED_ALLOC, dma, size);
	if (!fx)
		return ERR_PTR(-ENOMEM);
	fx->count = idma_alloc_count(dom, size);
	orders = (dom->pgsize_bitmap >> PAGE_SHIFT) | 1;
	fx->pages = idma_pages_alloc(dev, fx->count, orders, gfp | __GFP_ZERO);
	if (!fx->pages) {
		ret = -ENOMEM;
		goto out_free_fx;
	}
	if (!coherent)
		for (i = 0; i < fx->count; i++)
			idma_arch_prep_coherent(fx->pages[i], PAGE_SIZE);
	fx->cpu_addr = dma_common_pages_remap(fx->pages, size,
					      dma_pgprot(dev, PAGE_KERNEL, 0),
					      __builtin_return_address(0));
	if (!fx->cpu_addr) {
		ret = -ENOMEM;
		goto out_free_pages;
	}
	ret = idma_fixed_place(dom, fx, idma_fixed_map_pages,
			       idma_prot(DMA_BIDIRECTIONAL, coherent, 0));
	if (ret)
		goto out_unmap_cpu;
	debug_dma_alloc_coherent(dev, size, dma, fx->cpu_addr, 0);
	return fx->cpu_addr;

out_unmap_cpu:
	dma_common_free_remap(fx->cpu_addr, size);
out_free_pages:
	idma_pages_free(fx->pages, fx->count);
out_free_fx:
	kfree(fx);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(dma_alloc_fixed);

/**
 * dma_free_fixed() - free memory from dma_alloc_fixed()
 * @dev: the device given at allocation
 * @dma: the device address given at allocation
 * @size: the size given at allocation
 * @cpu_addr: what dma_alloc_fixed() returned
 *
 * The device loses access, with its IOTLB invalidated, before the memory
 * is freed; the span can be placed again at once.
 *
 * Context: Process context; may sleep.
 * Return: 0; -EOPNOTSUPP as for dma_alloc_fixed(); -ENOENT when nothing
 * was placed at exactly that span; -EINVAL when what was placed there is
 * not this allocation.  Nothing changes on error.
 */
int dma_free_fixed(struct device *dev, dma_addr_t dma, size_t size,
		   void *cpu_addr)
{
	struct iommu_domain *dom = idma_fixed_domain(dev);
	struct idma_fixed *fx;

	if (!dom)
		return -EOPNOTSUPP;
	fx = idma_fixed_take_kind(dom, dma, size, true, cpu_addr);
	if (IS_ERR(fx))
		return PTR_ERR(fx);
	debug_dma_free_coherent(dev, size, cpu_addr, dma);
	idma_fixed_unplace(dom, fx);
	dma_common_free_remap(fx->cpu_addr, size);
	idma_pages_free(fx->pages, fx->count);
	kfree(fx);
	return 0;
}
EXPORT_SYMBOL_GPL(dma_free_fixed);

/*
 * Tell DMA-API debugging about a contiguous placement: as a page mapping
 * when the memory has struct pages, else (a no-map carveout) as a
 * resource.  Its release must name the same kind, so both sides decide
 * from the address alone.  The caller had our return value, so the
 * mapping counts as checked for errors (there is no DMA_MAPPING_ERROR
 * to test it against).
 */
static void idma_fixed_debug_map(struct device *dev, dma_addr_t dma,
				 phys_addr_t phys, size_t size,
				 enum dma_data_direction dir,
				 unsigned long attrs)
{
	if (pfn_valid(PHYS_PFN(phys)))
		debug_dma_map_page(dev, phys_to_page(phys), offset_in_page(phys),
				   size, dir, dma, attrs);
	else
		debug_dma_map_resource(dev, phys, size, dir, dma, attrs);
	debug_dma_mapping_error(dev, dma);
}

static void idma_fixed_debug_unmap(struct device *dev, dma_addr_t dma,
				   phys_addr_t phys, size_t size,
				   enum dma_data_direction dir)
{
	if (pfn_valid(PHYS_PFN(phys)))
		debug_dma_unmap_page(dev, dma, size, dir);
	else
		debug_dma_unmap_resource(dev, dma, size, dir);
}

/**
 * dma_map_fixed() - map contiguous memory at a given device address
 * @dev: device whose default DMA domain the mapping is made in
 * @dma: device address; a multiple of the IOMMU granule
 * @phys: physical address of the memory (a carveout, a reserved-memory
 *	region); a multiple of the IOMMU granule
 * @size: bytes; a multiple of the IOMMU granule
 * @dir: what the device may do: read (%DMA_TO_DEVICE), write
 *	(%DMA_FROM_DEVICE) or both
 * @attrs: %DMA_ATTR_SKIP_CPU_SYNC, %DMA_ATTR_PRIVILEGED
 *
 * Like dma_map_page(), but at @dma; the CPU's caches are cleaned for a
 * device that does not snoop them.  Release with dma_unmap_fixed().
 *
 * Context: Process context; may sleep.
 * Return: 0, or -EOPNOTSUPP, -EINVAL (also for %DMA_NONE), -ERANGE (the
 * DMA mask counts), -EEXIST, -EBUSY, -ENOMEM as for dma_alloc_fixed().
 * Nothing is left mapped on error.
 */
int dma_map_fixed(struct device *dev, dma_addr_t dma, phys_addr_t phys,
		  size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *dom = idma_fixed_domain(dev);
	bool coherent = idma_arch_coherent(dev);
	int prot = idma_prot(dir, coherent, attrs);
	int ret;

	might_sleep();
	if (!dom)
		return -EOPNOTSUPP;
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	if (!coherent && !(attrs & DMA_ATTR_SKIP_CPU_SYNC) &&
	    !idma_fixed_check(dom, dma, size, U64_MAX))
		idma_arch_sync_for_device(phys, size, dir);
	ret = idma_fixed_map(dom, dma, phys, size, prot,
			     idma_fixed_limit(dev, dma_get_mask(dev)));
	if (!ret)
		idma_fixed_debug_map(dev, dma, phys, size, dir, attrs);
	return ret;
}
EXPORT_SYMBOL_GPL(dma_map_fixed);

/**
 * dma_map_sgtable_fixed() - map a scatterlist at a given device address
 * @dev: device whose default DMA domain the mapping is made in
 * @dma: device address of the first byte; a multiple of the IOMMU granule
 * @sgt: the memory; every segment starts and ends on an IOMMU granule
 * @dir: what the device may do, as for dma_map_fixed()
 * @attrs: as for dma_map_fixed()
 *
 * The segments are laid out back to back from @dma.  On success the table
 * has one DMA segment: sg_dma_address() is @dma and sg_dma_len() the
 * total length.  Release with dma_unmap_fixed() and that length.
 *
 * Context: Process context; may sleep.
 * Return: 0, or the errors of dma_map_fixed(); -EINVAL also for a
 * segment that is not whole granules or a total above UINT_MAX.
 */
int dma_map_sgtable_fixed(struct device *dev, dma_addr_t dma,
			  struct sg_table *sgt, enum dma_data_direction dir,
			  unsigned long attrs)
{
	struct iommu_domain *dom = idma_fixed_domain(dev);
	bool coherent = idma_arch_coherent(dev);
	int prot = idma_prot(dir, coherent, attrs);
	struct idma_fixed *fx;
	struct scatterlist *sg;
	size_t size = 0;
	int i, ret;

	might_sleep();
	if (!dom)
		return -EOPNOTSUPP;
	if (!(prot & (IOMMU_READ | IOMMU_WRITE)) || !sgt->orig_nents)
		return -EINVAL;
	for_each_sgtable_sg(sgt, sg, i) {
		if (iova_offset(&dom->iova_cookie->iovad, sg_phys(sg) | sg->length))
			return -EINVAL;
		size += sg->length;
	}
	if (size > UINT_MAX)
		return -EINVAL;
	ret = idma_fixed_check(dom, dma, size,
			       idma_fixed_limit(dev, dma_get_mask(dev)));
	if (ret)
		return ret;
	fx = idma_fixed_new(IDMA_FIXED_SGT, dma, size);
	if (!fx)
		return -ENOMEM;
	fx->sgt = sgt;
	if (!coherent && !(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		for_each_sgtable_sg(sgt, sg, i)
			idma_arch_sync_for_device(sg_phys(sg), sg->length, dir);
	ret = idma_fixed_place(dom, fx, idma_fixed_map_sgt, prot);
	if (ret) {
		kfree(fx);
		return ret;
	}
	sgt->nents = 1;
	sg_dma_address(sgt->sgl) = dma;
	sg_dma_len(sgt->sgl) = size;
	debug_dma_map_sg(dev, sgt->sgl, sgt->orig_nents, 1, dir, attrs);
	return 0;
}
EXPORT_SYMBOL_GPL(dma_map_sgtable_fixed);

/**
 * dma_unmap_fixed() - undo dma_map_fixed() or dma_map_sgtable_fixed()
 * @dev: the device given at placement
 * @dma: the device address given at placement
 * @size: the size given at placement (for a table, its total length)
 * @dir: the direction given at placement
 * @attrs: %DMA_ATTR_SKIP_CPU_SYNC
 *
 * The device loses access, with its IOTLB invalidated, before this
 * returns, in lazy mode too; then the CPU's caches are invalidated for a
 * device that does not snoop them.
 *
 * Context: Process context; may sleep.
 * Return: 0; -EOPNOTSUPP as for dma_map_fixed(); -ENOENT when nothing was
 * placed at exactly that span; -EINVAL when an allocation was (free it
 * with dma_free_fixed()).  Nothing changes on error.
 */
int dma_unmap_fixed(struct device *dev, dma_addr_t dma, size_t size,
		    enum dma_data_direction dir, unsigned long attrs)
{
	struct iommu_domain *dom = idma_fixed_domain(dev);
	struct idma_fixed *fx;
	struct scatterlist *sg;
	int i;

	if (!dom)
		return -EOPNOTSUPP;
	fx = idma_fixed_take_kind(dom, dma, size, false, NULL);
	if (IS_ERR(fx))
		return PTR_ERR(fx);
	if (fx->kind == IDMA_FIXED_PHYS)
		idma_fixed_debug_unmap(dev, dma, fx->phys, size, dir);
	else
		debug_dma_unmap_sg(dev, fx->sgt->sgl, fx->sgt->orig_nents, dir);
	idma_fixed_unplace(dom, fx);
	if (!idma_arch_coherent(dev) && !(attrs & DMA_ATTR_SKIP_CPU_SYNC)) {
		if (fx->kind == IDMA_FIXED_PHYS)
			idma_arch_sync_for_cpu(fx->phys, fx->size, dir);
		else
			for_each_sgtable_sg(fx->sgt, sg, i)
				idma_arch_sync_for_cpu(sg_phys(sg), sg->length,
						       dir);
	}
	kfree(fx);
	return 0;
}
EXPORT_SYMBOL_GPL(dma_unmap_fixed);

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internals of the IOMMU DMA layer: the cookie a DMA domain carries, the
 * scatterlist packing planner, the flush-queue ring, the calls its files
 * make into each other and into the architecture, and the entry points
 * that work on a bare domain without a device for the KUnit suite.
 *
 * Included by the files of the layer and by nothing else:
 *   dma-iommu.c        core: cookies, reserved regions, domain setup, MSI
 *   dma-iommu-fq.c     flush queues for lazy invalidation
 *   dma-iommu-map.c    IOVA allocation and release, single buffers, syncs
 *   dma-iommu-sg.c     scatterlists
 *   dma-iommu-alloc.c  coherent and non-contiguous allocations
 *   dma-iommu-fixed.c  buffers at fixed device addresses
 *   dma-iommu-kunit.c  the KUnit suite, with dma-iommu-fixed-kunit.c
 */
#ifndef __DMA_IOMMU_PRIV_H
#define __DMA_IOMMU_PRIV_H

#include <linux/atomic.h>
#include <linux/dma-direction.h>
#include <linux/dma-map-ops.h>
#include <linux/iova.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <kunit/visibility.h>
#ifdef CONFIG_ARM
#include <asm/dma-pool.h>
#endif

struct device;
struct iommu_domain;
struct iommu_iotlb_gather;
struct page;
struct scatterlist;

/*
 * Scatterlist packing.
 *
 * Every segment of a scatterlist gets its own "span": the granules that
 * cover it, laid out one after another inside a single IOVA allocation.
 * A span is moved up to the next segment-boundary window when it would
 * straddle one, and segments whose spans touch with no gap in the data
 * are reported to the device as one DMA segment, as long as that segment
 * stays within the maximum segment size and does not start a window.
 *
 * The planner is pure arithmetic on offsets from the start of the
 * allocation; the same sequence of calls always gives the same layout, so
 * mapping, finalising and unwinding all replay it instead of storing it.
 */
struct idma_sg_plan {
	/* Rules, fixed by idma_sg_plan_init() */
	size_t		granule;	/* IOVA granule, a power of two */
	unsigned long	boundary;	/* segment boundary mask, 2^n - 1 */
	unsigned int	max_seg;	/* longest DMA segment the device takes */
	/* Progress */
	size_t		next;		/* offset of the first unused granule */
	unsigned int	open_len;	/* length of the open DMA segment, 0: none */
	bool		open_flush;	/* open segment ends on a granule edge */
	unsigned int	nr_segs;	/* DMA segments produced so far */
};

/* Where the planner put one scatterlist segment */
struct idma_sg_place {
	size_t		start;		/* offset of the span in the allocation */
	size_t		span;		/* length of the span, whole granules */
	bool		new_seg;	/* begins a new DMA segment */
};

/* What iommu_dma_map_sg() needs to know about the device, gathered once */
struct idma_sg_job {
	struct device		*dev;		/* NULL in KUnit */
	struct iommu_domain	*dom;
	int			prot;
	u64			limit;
	unsigned long		boundary;
	unsigned int		max_seg;
};

/*
 * Flush-queue ring: a fixed array used as a FIFO of IOVA ranges that wait
 * for an IOTLB flush.  @first is the oldest entry, @used how many follow
 * it; the array length is a power of two so the index wraps with a mask
 * and every slot can be used.
 */
struct idma_fq_entry {
	unsigned long		pfn;		/* first granule of the range */
	unsigned long		npages;		/* granules in the range */
	u64			stamp;		/* flushes begun when queued */
	struct list_head	pt_pages;	/* page-table pages to free */
};

struct idma_fq_ring {
	spinlock_t		lock;		/* guards the whole ring */
	unsigned int		first;
	unsigned int		used;
	unsigned int		size;
	struct idma_fq_entry	ent[];
};

/*
 * Lazy invalidation state.  Either @percpu or @shared holds the rings:
 * drivers whose flushes are expensive shadow-table syncs ask for one big
 * queue drained rarely, everybody else gets a small queue per CPU.
 */
struct idma_lazy {
	struct idma_fq_ring __percpu	*percpu;
	struct idma_fq_ring		*shared;
	unsigned int			ring_size;
	unsigned int			timeout_ms;
	atomic64_t			flushes_begun;
	atomic64_t			flushes_done;
	struct timer_list		timer;
	atomic_t			timer_armed;
};

enum idma_cookie_kind {
	IDMA_COOKIE_DMA,	/* full DMA API, IOVAs from our allocator */
	IDMA_COOKIE_MSI,	/* caller's IOVA space, we only place doorbells */
};

/* One MSI doorbell page made visible to the devices of a domain */
struct idma_doorbell {
	struct list_head	link;
	phys_addr_t		phys;
	dma_addr_t		iova;
};

struct iommu_dma_cookie {
	enum idma_cookie_kind	kind;
	/* Serialises domain setup and changes to @doorbells and @fixed */
	struct mutex		setup_lock;
	struct list_head	doorbells;
	/* Placements at fixed device addresses (dma-iommu-fixed.c) */
	struct list_head	fixed;
	/* IDMA_COOKIE_MSI: next free IOVA of the caller's doorbell window */
	dma_addr_t		msi_next;
	/* IDMA_COOKIE_DMA */
	struct iova_domain	iovad;
	bool			single_queue;
	struct idma_lazy	lazy;
	/* Set, with release semantics, once lazy release is usable */
	struct iommu_domain	*lazy_domain;
};

/*
 * Architecture hooks.
 *
 * Whether a device snoops the CPU caches, and the cache maintenance needed
 * when it does not, are the architecture's business.  The layer asks only
 * through these wrappers, so they are all a port to another architecture
 * has to look at.
 */
static inline bool idma_arch_coherent(struct device *dev)
{
	return dev_is_dma_coherent(dev);
}

/* Make the CPU's writes to [phys, phys + size) visible to a device */
static inline void idma_arch_sync_for_device(phys_addr_t phys, size_t size,
					     enum dma_data_direction dir)
{
	arch_sync_dma_for_device(phys, size, dir);
}

/* Make a device's writes to [phys, phys + size) visible to the CPU */
static inline void idma_arch_sync_for_cpu(phys_addr_t phys, size_t size,
					  enum dma_data_direction dir)
{
	arch_sync_dma_for_cpu(phys, size, dir);
}

/* Clean a fresh buffer out of the caches before a non-coherent mapping */
static inline void idma_arch_prep_coherent(struct page *page, size_t size)
{
	arch_dma_prep_coherent(page, size);
}

/*
 * Uncached memory for a non-coherent device whose caller cannot sleep:
 * dma-direct's atomic pool where the architecture remaps through it
 * (DMA_DIRECT_REMAP, arm64), 32-bit Arm's own pool (<asm/dma-pool.h>).
 * The memory comes zeroed.  Without a pool the layer falls back to a
 * contiguous buffer and a remap.
 */
static inline bool idma_arch_has_pool(void)
{
	return IS_ENABLED(CONFIG_DMA_DIRECT_REMAP) || IS_ENABLED(CONFIG_ARM);
}

static inline struct page *idma_arch_pool_alloc(struct device *dev,
						size_t size, void **cpu_addr,
						gfp_t gfp)
{
#ifdef CONFIG_ARM
	return arm_dma_pool_alloc(size, cpu_addr);
#else
	if (!IS_ENABLED(CONFIG_DMA_DIRECT_REMAP))
		return NULL;
	return dma_alloc_from_pool(dev, size, cpu_addr, gfp, NULL);
#endif
}

/* True when @cpu_addr came from the pool and went back to it */
static inline bool idma_arch_pool_free(struct device *dev, void *cpu_addr,
				       size_t size)
{
#ifdef CONFIG_ARM
	return arm_dma_pool_free(cpu_addr, size);
#else
	return IS_ENABLED(CONFIG_DMA_DIRECT_REMAP) &&
	       dma_free_from_pool(dev, cpu_addr, size);
#endif
}

/*
 * Calls between the files of the layer, grouped by the file that defines
 * them; the kernel-doc is at each definition.
 */

/* dma-iommu.c: true when attaching @dev late (kdump) to @dom fails */
bool idma_attach_failed(struct device *dev, struct iommu_domain *dom);

/* dma-iommu-fq.c */
void idma_lazy_release(struct iommu_dma_cookie *ck, unsigned long pfn,
		       unsigned long npages, struct list_head *pt_pages);
void idma_lazy_teardown(struct iommu_dma_cookie *ck);
bool idma_lazy_drain(struct iommu_dma_cookie *ck);

/* dma-iommu-map.c */
int idma_prot(enum dma_data_direction dir, bool coherent_dev,
	      unsigned long attrs);
dma_addr_t idma_iova_alloc(struct iommu_domain *dom, size_t size, u64 limit,
			   struct device *dev);
void idma_iova_free(struct iommu_dma_cookie *ck, dma_addr_t iova, size_t size,
		    struct iommu_iotlb_gather *gather);
void idma_unmap_begin(struct iommu_dma_cookie *ck,
		      struct iommu_iotlb_gather *gather);
void idma_unmap_piece(struct iommu_domain *dom, dma_addr_t start, size_t len,
		      struct iommu_iotlb_gather *gather);
void idma_unmap_end(struct iommu_domain *dom, dma_addr_t iova, size_t size,
		    struct iommu_iotlb_gather *gather);
dma_addr_t idma_map_phys(struct device *dev, struct iommu_domain *dom,
			 phys_addr_t phys, size_t size, int prot, u64 limit,
			 gfp_t gfp);
void idma_unmap_span(struct iommu_domain *dom, dma_addr_t dma, size_t size);
bool idma_sg_bounce_wanted(struct device *dev, struct scatterlist *sgl,
			   int nents, enum dma_data_direction dir);

/* dma-iommu-alloc.c */
unsigned int idma_alloc_count(struct iommu_domain *dom, size_t size);
struct page **idma_pages_alloc(struct device *dev, unsigned int count,
			       unsigned long orders, gfp_t gfp);
void idma_pages_free(struct page **pages, unsigned int count);
int idma_map_pages(struct iommu_domain *dom, dma_addr_t iova,
		   struct page **pages, unsigned int count, size_t span,
		   int prot, gfp_t gfp);

/* dma-iommu-fixed.c */
#if IS_ENABLED(CONFIG_IOMMU_DMA_FIXED)
void idma_fixed_teardown(struct iommu_dma_cookie *ck);
#else
static inline void idma_fixed_teardown(struct iommu_dma_cookie *ck) { }
#endif

/* Called by the KUnit suite only; static otherwise */
#if IS_ENABLED(CONFIG_KUNIT)
void idma_sg_plan_init(struct idma_sg_plan *plan, size_t granule,
		       unsigned long boundary, unsigned int max_seg);
int idma_sg_plan_add(struct idma_sg_plan *plan, size_t head, unsigned int len,
		     struct idma_sg_place *place);
void idma_sg_plan_break(struct idma_sg_plan *plan);

void idma_fq_ring_init(struct idma_fq_ring *ring, unsigned int size);
bool idma_fq_ring_full(const struct idma_fq_ring *ring);
struct idma_fq_entry *idma_fq_ring_push(struct idma_fq_ring *ring);
struct idma_fq_entry *idma_fq_ring_retired(struct idma_fq_ring *ring,
					   u64 flushes_done);
void idma_fq_ring_pop(struct idma_fq_ring *ring);

int idma_domain_init_iova(struct iommu_domain *dom, unsigned long base_pfn,
			  bool single_queue);
int idma_apply_resv_regions(struct iommu_domain *dom,
			    struct list_head *regions);
int idma_reserve_bus_windows(struct iommu_domain *dom,
			     struct list_head *windows,
			     struct list_head *dma_ranges);
int idma_sg_map(const struct idma_sg_job *job, struct scatterlist *sgl,
		int nents);
void idma_sg_unmap(struct iommu_domain *dom, struct scatterlist *sgl,
		   int nents);
int idma_fixed_map(struct iommu_domain *dom, dma_addr_t dma,
		   phys_addr_t phys, size_t size, int prot, u64 limit);
int idma_fixed_unmap(struct iommu_domain *dom, dma_addr_t dma, size_t size);
#endif

#endif /* __DMA_IOMMU_PRIV_H */

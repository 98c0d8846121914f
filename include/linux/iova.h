/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * I/O virtual address space allocator.
 *
 * An iova_domain hands out ranges of IOVA page frames ("pfns", in units of
 * the domain's granule).  Ranges are inclusive: a struct iova covers
 * [pfn_lo, pfn_hi].  Allocation is top-down below a caller-supplied limit;
 * see Documentation/iommu-dma/iova.rst for the design and its bounds.
 */
#ifndef _LINUX_IOVA_H
#define _LINUX_IOVA_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/rbtree.h>
#include <linux/dma-mapping.h>

/**
 * struct iova - one allocated or reserved range of an iova_domain
 * @node: link in the domain's address-ordered tree (allocator private)
 * @pfn_hi: last pfn of the range (inclusive)
 * @pfn_lo: first pfn of the range
 * @hole: number of free pfns immediately below @pfn_lo (allocator private)
 * @max_hole: largest @hole in the subtree rooted here (allocator private)
 * @hole_key: what aligned requests @hole can take, packed so that keys
 *	compare as integers (allocator private, see iova.c)
 * @max_key: largest @hole_key in the subtree rooted here (allocator private)
 *
 * Users may read @pfn_lo and @pfn_hi of a range they own; everything else
 * belongs to the allocator and changes under its lock.
 */
struct iova {
	struct rb_node	node;
	unsigned long	pfn_hi;
	unsigned long	pfn_lo;
	unsigned long	hole;
	unsigned long	max_hole;
	u64		hole_key;
	u64		max_key;
};

struct iova_pcache;
struct iova_cpu_bins;

/**
 * struct iova_domain - one IOVA space
 * @lock: serialises every change to @ranges and to the tree fields of its
 *	nodes
 * @ranges: live ranges, ordered by address, always holding @ceiling
 * @granule: size in bytes of one pfn of this space (a power of two, at most
 *	PAGE_SIZE)
 * @start_pfn: lowest pfn that allocation may return
 * @ceiling: sentinel occupying the highest pfn, so every free run of the
 *	space is the hole below some node
 * @top_free: first pfn of the ceiling's hole, which its node does not count
 *	(allocator private)
 * @front: range whose hole is being carved, or NULL; its node holds an
 *	upper bound of that hole (allocator private)
 * @front_hole: length of @front's hole (allocator private)
 * @front_key: key of @front's hole (allocator private)
 * @hint: range below which the next request under @hint_edge may be placed
 *	without a search, or NULL (allocator private)
 * @hint_edge: limit_pfn + 1 that @hint is valid for (allocator private)
 * @hint_above: no hole above @hint, clipped to @hint_edge, has a key larger
 *	than this (allocator private)
 * @hint_longest: nor is any such hole longer than this (allocator private)
 * @mark: where a search last placed the hint, or NULL (allocator private)
 * @mark_above: no hole above @mark, clipped to @hint_edge, has a key larger
 *	than this (allocator private)
 * @idle_node: descriptor of a released range kept for the next allocation,
 *	or NULL (allocator private)
 * @pcache: shared side of the range cache (depots, shrinker), NULL until
 *	iova_domain_init_rcaches()
 * @cpu_bins: per-CPU side of the range cache, set together with @pcache
 * @cpuhp_dead: CPU hotplug instance that drains a dead CPU's cache
 *
 * Users may read @granule and @start_pfn (which is zero before
 * init_iova_domain() on a zeroed structure); the rest is allocator private.
 */
struct iova_domain {
	spinlock_t		lock;	/* guards ranges and its nodes */
	struct rb_root		ranges;
	unsigned long		granule;
	unsigned long		start_pfn;
	struct iova		ceiling;
	unsigned long		top_free;
	struct iova		*front;
	unsigned long		front_hole;
	u64			front_key;
	struct iova		*hint;
	unsigned long		hint_edge;
	u64			hint_above;
	unsigned long		hint_longest;
	struct iova		*mark;
	u64			mark_above;
	struct iova		*idle_node;
	struct iova_pcache	*pcache;
	struct iova_cpu_bins __percpu *cpu_bins;
	struct hlist_node	cpuhp_dead;
};

static inline unsigned long iova_size(struct iova *iova)
{
	return iova->pfn_hi + 1 - iova->pfn_lo;
}

static inline unsigned long iova_shift(struct iova_domain *iovad)
{
	return __ffs(iovad->granule);
}

static inline unsigned long iova_mask(struct iova_domain *iovad)
{
	return iovad->granule - 1;
}

static inline size_t iova_offset(struct iova_domain *iovad, dma_addr_t iova)
{
	return iova & iova_mask(iovad);
}

static inline size_t iova_align(struct iova_domain *iovad, size_t size)
{
	return ALIGN(size, iovad->granule);
}

static inline size_t iova_align_down(struct iova_domain *iovad, size_t size)
{
	return ALIGN_DOWN(size, iovad->granule);
}

static inline dma_addr_t iova_dma_addr(struct iova_domain *iovad,
				       struct iova *iova)
{
	return (dma_addr_t)iova->pfn_lo << iova_shift(iovad);
}

static inline unsigned long iova_pfn(struct iova_domain *iovad, dma_addr_t iova)
{
	return iova >> iova_shift(iovad);
}

#if IS_REACHABLE(CONFIG_IOMMU_IOVA)
int iova_cache_get(void);
void iova_cache_put(void);

unsigned long iova_rcache_range(void);

void init_iova_domain(struct iova_domain *iovad, unsigned long granule,
		      unsigned long start_pfn);
int iova_domain_init_rcaches(struct iova_domain *iovad);
void put_iova_domain(struct iova_domain *iovad);

struct iova *alloc_iova(struct iova_domain *iovad, unsigned long size,
			unsigned long limit_pfn, bool size_aligned);
void free_iova(struct iova_domain *iovad, unsigned long pfn);
void __free_iova(struct iova_domain *iovad, struct iova *iova);
struct iova *find_iova(struct iova_domain *iovad, unsigned long pfn);
struct iova *reserve_iova(struct iova_domain *iovad, unsigned long pfn_lo,
			  unsigned long pfn_hi);
struct iova *claim_iova(struct iova_domain *iovad, unsigned long pfn_lo,
			unsigned long pfn_hi);

unsigned long alloc_iova_fast(struct iova_domain *iovad, unsigned long size,
			      unsigned long limit_pfn, bool flush_rcache);
void free_iova_fast(struct iova_domain *iovad, unsigned long pfn,
		    unsigned long size);
#else
/* Without the allocator every request fails and every release is a no-op. */
static inline int iova_cache_get(void)
{
	return -EOPNOTSUPP;
}

static inline void iova_cache_put(void) { }

static inline unsigned long iova_rcache_range(void)
{
	return 0;
}

static inline void init_iova_domain(struct iova_domain *iovad,
				    unsigned long granule,
				    unsigned long start_pfn) { }

static inline int iova_domain_init_rcaches(struct iova_domain *iovad)
{
	return -EOPNOTSUPP;
}

static inline void put_iova_domain(struct iova_domain *iovad) { }

static inline struct iova *alloc_iova(struct iova_domain *iovad,
				      unsigned long size,
				      unsigned long limit_pfn,
				      bool size_aligned)
{
	return NULL;
}

static inline void free_iova(struct iova_domain *iovad, unsigned long pfn) { }

static inline void __free_iova(struct iova_domain *iovad, struct iova *iova) { }

static inline struct iova *find_iova(struct iova_domain *iovad,
				     unsigned long pfn)
{
	return NULL;
}

static inline struct iova *reserve_iova(struct iova_domain *iovad,
					unsigned long pfn_lo,
					unsigned long pfn_hi)
{
	return NULL;
}

static inline struct iova *claim_iova(struct iova_domain *iovad,
				      unsigned long pfn_lo,
				      unsigned long pfn_hi)
{
	return ERR_PTR(-ENODEV);
}

static inline unsigned long alloc_iova_fast(struct iova_domain *iovad,
					    unsigned long size,
					    unsigned long limit_pfn,
					    bool flush_rcache)
{
	return 0;
}

static inline void free_iova_fast(struct iova_domain *iovad,
				  unsigned long pfn, unsigned long size) { }
#endif

#endif /* _LINUX_IOVA_H */

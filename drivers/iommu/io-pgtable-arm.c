// SPDX-License-Identifier: GPL-2.0-only
/*
 * io-pgtable backend for the Arm long-descriptor translation table format:
 * VMSAv8-64 stage 1 and stage 2 with 4K, 16K and 64K granules, the 32-bit
 * LPAE subset of it, and the Mali GPU variant.
 *
 * Layout of this file:
 *  - geometry: how an IOVA is cut into table indices for a given granule;
 *  - descriptor encode/decode, all in one place;
 *  - table memory (allocation, cache maintenance for non-coherent walkers);
 *  - a cursor walk shared by every operation;
 *  - map, unmap (with block splitting), iova_to_phys, dirty tracking;
 *  - construction of each format and the register values it reports.
 *
 * Concurrency: callers may map and unmap disjoint IOVA ranges of one table
 * at the same time without a lock.  The only entries two such callers can
 * both write are table descriptors of shared intermediate levels, and those
 * only ever go from empty to a new table, or from a block to a table that
 * reproduces it (a split): both are done with a compare-and-exchange after
 * the new table's contents have been made visible.
 */

#define pr_fmt(fmt)	"io-pgtable-arm: " fmt

#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/io-pgtable-domain.h>
#include <linux/io-pgtable.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <asm/barrier.h>

#include "io-pgtable-arm.h"
#include "iommu-pages.h"

#define LPAE_LAST_LVL		3
#define LPAE_NR_LVLS		4
#define LPAE_MAX_BITS		52
#define LPAE_S2_CONCAT_MAX	16	/* tables a stage-2 walk may start with */
#define LPAE_PROT_COMBOS	64	/* IOMMU_READ .. IOMMU_PRIV */

/* Software bit (ignored by walkers): this table entry has reached the PoC */
#define LPAE_DESC_SW_CLEAN	BIT_ULL(56)

/* Leaf bits kept when a block is broken into smaller leaves */
#define LPAE_DESC_LEAF_ATTRS	(GENMASK_ULL(11, 2) | LPAE_DESC_DBM | \
				 LPAE_DESC_PXN | LPAE_DESC_UXN)

struct lpae_pgtable {
	struct io_pgtable	iop;
	u64			*pgd;
	size_t			pgd_bytes;
	u8			first_lvl;
	u8			gshift;		/* log2(granule) */
	bool			oa52;		/* PA[51:48] packed in [15:12] */
	bool			noncoherent;	/* walker misses CPU caches */
	bool			ttbr1;
	bool			fast;		/* coherent, no 52-bit packing */
	u8			lvl_shift[LPAE_NR_LVLS];
	u64			lvl_mask[LPAE_NR_LVLS];
	u64			leaf_type[LPAE_NR_LVLS];
	s8			lvl_of_log2[64];	/* log2(pgsize) -> level */
	u64			va_hi_mask;	/* IOVA bits above ias */
	u64			va_hi_val;	/* and what they must be */
	unsigned int		pte_mask;	/* entries per table - 1 */
	u64			attrs[LPAE_PROT_COMBOS];
};

static inline struct lpae_pgtable *to_lpae(struct io_pgtable_ops *ops)
{
	return container_of(io_pgtable_ops_to_pgtable(ops),
			    struct lpae_pgtable, iop);
}

/* ---- geometry ---------------------------------------------------------- */

static inline size_t lpae_granule(const struct lpae_pgtable *pt)
{
	return (size_t)1 << pt->gshift;
}

static inline unsigned int lpae_ptes_per_table(const struct lpae_pgtable *pt)
{
	return 1U << (pt->gshift - 3);
}

static inline u64 lpae_lvl_size(const struct lpae_pgtable *pt, int lvl)
{
	return 1ULL << pt->lvl_shift[lvl];
}

static inline unsigned int lpae_index(const struct lpae_pgtable *pt,
				      u64 iova, int lvl)
{
	return (iova >> pt->lvl_shift[lvl]) & pt->lvl_mask[lvl];
}

/*
 * Entries from @ptep to the end of the granule-sized page holding it.  A
 * concatenated stage-2 pgd is several such pages, and a batch never crosses
 * from one to the next, which keeps every batch within one cache sync.
 */
static inline unsigned int lpae_room(const struct lpae_pgtable *pt, u64 *ptep)
{
	/* (entries per table - 1) - index, plus one */
	return ((~(uintptr_t)ptep / sizeof(u64)) & pt->pte_mask) + 1;
}

/* ---- descriptors ------------------------------------------------------- */

static inline u64 lpae_oa_encode(const struct lpae_pgtable *pt, phys_addr_t pa)
{
	u64 d = (u64)pa & LPAE_DESC_OA;

	if (pt->oa52)
		d |= ((u64)pa >> 36) & LPAE_DESC_OA52_HI;
	return d;
}

static inline phys_addr_t lpae_oa_decode(const struct lpae_pgtable *pt, u64 d)
{
	u64 pa = d & LPAE_DESC_OA;

	if (pt->oa52)
		pa = (pa & ~LPAE_DESC_OA52_HI) | ((pa & LPAE_DESC_OA52_HI) << 36);
	return (phys_addr_t)pa;
}

static inline bool lpae_is_table(u64 d, int lvl)
{
	return lvl < LPAE_LAST_LVL && (d & LPAE_DESC_TYPE) == LPAE_TYPE_NEXT;
}

static inline bool lpae_is_leaf(const struct lpae_pgtable *pt, u64 d, int lvl)
{
	return (d & LPAE_DESC_TYPE) == pt->leaf_type[lvl];
}

static inline u64 *lpae_table_va(const struct lpae_pgtable *pt, u64 d)
{
	return phys_to_virt(lpae_oa_decode(pt, d));
}

static u64 lpae_table_desc(const struct lpae_pgtable *pt, u64 *table)
{
	u64 d = lpae_oa_encode(pt, virt_to_phys(table)) | LPAE_TYPE_NEXT;

	if (pt->iop.cfg.quirks & IO_PGTABLE_QUIRK_ARM_NS)
		d |= LPAE_DESC_NSTABLE;
	return d;
}

/* Build the leaf attributes for one IOMMU_* combination. */
static u64 lpae_attrs_for(const struct lpae_pgtable *pt,
			  enum io_pgtable_fmt fmt, int prot)
{
	bool s2 = fmt == ARM_64_LPAE_S2 || fmt == ARM_32_LPAE_S2;
	bool mali = fmt == ARM_MALI_LPAE;
	u64 a = 0;

	if (s2 || mali) {
		/* stage-2 style permissions */
		if (prot & IOMMU_READ)
			a |= LPAE_DESC_S2AP_R;
		if (prot & IOMMU_WRITE)
			a |= LPAE_DESC_S2AP_W;
	} else {
		a |= LPAE_DESC_NG;
		if ((prot & (IOMMU_READ | IOMMU_WRITE)) == IOMMU_READ)
			a |= LPAE_DESC_AP_RO;
		else if (pt->iop.cfg.quirks & IO_PGTABLE_QUIRK_ARM_HD)
			a |= LPAE_DESC_DBM;	/* writable, starts dirty */
		if (!(prot & IOMMU_PRIV))
			a |= LPAE_DESC_AP_EL0;
	}

	if (s2) {
		u64 ma = LPAE_S2_MEMATTR_NC;

		if (prot & IOMMU_MMIO)
			ma = LPAE_S2_MEMATTR_DEVICE;
		else if (prot & IOMMU_CACHE)
			ma = LPAE_S2_MEMATTR_WB;
		a |= FIELD_PREP(LPAE_DESC_MEMATTR, ma);
	} else {
		u64 slot = LPAE_MAIR_SLOT_NC;

		if (prot & IOMMU_MMIO)
			slot = LPAE_MAIR_SLOT_DEVICE;
		else if (prot & IOMMU_CACHE)
			slot = LPAE_MAIR_SLOT_WB;
		a |= FIELD_PREP(LPAE_DESC_ATTRIDX, slot);
	}

	/*
	 * Mali's inner domain is the GPU itself, so its memory is always
	 * marked outer shareable; elsewhere cacheable memory is inner.
	 */
	if ((prot & IOMMU_CACHE) && !mali)
		a |= FIELD_PREP(LPAE_DESC_SH, LPAE_SH_INNER);
	else
		a |= FIELD_PREP(LPAE_DESC_SH, LPAE_SH_OUTER);

	/* At stage 2 only XN[1] is architected without FEAT_XNX */
	if (prot & IOMMU_NOEXEC)
		a |= s2 ? LPAE_DESC_S2XN : LPAE_DESC_PXN | LPAE_DESC_UXN;

	if (pt->iop.cfg.quirks & IO_PGTABLE_QUIRK_ARM_NS)
		a |= LPAE_DESC_NS;
	if (!mali)
		a |= LPAE_DESC_AF;
	return a;
}

/* ---- table memory ------------------------------------------------------ */

static void lpae_sync(const struct lpae_pgtable *pt, u64 *ptep, size_t n)
{
	dma_sync_single_for_device(pt->iop.cfg.iommu_dev, virt_to_phys(ptep),
				   n * sizeof(*ptep), DMA_TO_DEVICE);
}

static void lpae_release(struct lpae_pgtable *pt, void *va, size_t size)
{
	struct io_pgtable_cfg *cfg = &pt->iop.cfg;

	if (pt->noncoherent)
		dma_unmap_single(cfg->iommu_dev, virt_to_phys(va), size,
				 DMA_TO_DEVICE);
	if (cfg->free)
		cfg->free(pt->iop.cookie, va, size);
	else
		iommu_free_pages(va, get_order(size));
}

static u64 *lpae_get_table(struct lpae_pgtable *pt, size_t size, gfp_t gfp)
{
	struct io_pgtable_cfg *cfg = &pt->iop.cfg;
	struct device *dev = cfg->iommu_dev;
	dma_addr_t dma;
	void *va;

	if (cfg->alloc)
		va = cfg->alloc(pt->iop.cookie, size, gfp);
	else
		va = iommu_alloc_pages_node(dev_to_node(dev), gfp,
					    get_order(size));
	if (!va)
		return NULL;

	if (!pt->noncoherent)
		return va;

	/* The walker reads physical addresses: the DMA view must be 1:1. */
	dma = dma_map_single(dev, va, size, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, dma))
		goto free;
	if (dma == virt_to_phys(va))
		return va;

	dev_err(dev, "io-pgtable: table at %pa is not reachable 1:1\n", &dma);
	dma_unmap_single(dev, dma, size, DMA_TO_DEVICE);
free:
	if (cfg->free)
		cfg->free(pt->iop.cookie, va, size);
	else
		iommu_free_pages(va, get_order(size));
	return NULL;
}

/* Free the table @table at level @lvl and everything below it. */
static void lpae_free_tree(struct lpae_pgtable *pt, u64 *table, int lvl,
			   size_t bytes)
{
	size_t i, n = bytes / sizeof(u64);

	if (lvl < LPAE_LAST_LVL) {
		for (i = 0; i < n; i++) {
			u64 d = table[i];

			if (lpae_is_table(d, lvl))
				lpae_free_tree(pt, lpae_table_va(pt, d),
					       lvl + 1, lpae_granule(pt));
		}
	}
	lpae_release(pt, table, bytes);
}

/* True when no leaf is reachable from @table (a level @lvl table). */
static bool lpae_tree_empty(struct lpae_pgtable *pt, u64 *table, int lvl)
{
	unsigned int i, n = lpae_ptes_per_table(pt);

	for (i = 0; i < n; i++) {
		u64 d = READ_ONCE(table[i]);

		if (!d)
			continue;
		if (!lpae_is_table(d, lvl) ||
		    !lpae_tree_empty(pt, lpae_table_va(pt, d), lvl + 1))
			return false;
	}
	return true;
}

/*
 * Publish a table: make its contents visible to the walker, then swap it
 * in for @old.  Returns the value found in the entry, which is @old when
 * the table went in.
 */
static u64 lpae_publish(struct lpae_pgtable *pt, u64 *ptep, u64 old,
			u64 *table)
{
	u64 desc = lpae_table_desc(pt, table);
	u64 seen;

	if (pt->noncoherent)
		lpae_sync(pt, table, lpae_ptes_per_table(pt));

	/* Order the table's contents before the pointer to it. */
	dma_wmb();
	seen = cmpxchg64_relaxed(ptep, old, desc);
	if (seen != old || !pt->noncoherent)
		return seen;

	lpae_sync(pt, ptep, 1);
	/* Tell later walkers of this entry that it has reached the PoC. */
	WRITE_ONCE(*ptep, desc | LPAE_DESC_SW_CLEAN);
	return seen;
}

/* ---- the walk ---------------------------------------------------------- */

/**
 * struct lpae_cursor - position of a walk
 * @ptep: the descriptor the walk stopped at
 * @desc: its value, as read (not read when @lvl is the level asked for)
 * @lvl:  the level of @ptep
 */
struct lpae_cursor {
	u64	*ptep;
	u64	desc;
	int	lvl;
};

/*
 * Walk for tables that need neither cache maintenance nor the 52-bit
 * address packing: next-level addresses are the descriptor's bits [47:12].
 */
static __always_inline struct lpae_cursor
lpae_walk_fast(const struct lpae_pgtable *pt, u64 iova, int stop)
{
	unsigned long lvl = pt->first_lvl;
	u64 *table = pt->pgd, *ptep, d = 0;

	/*
	 * first_lvl <= stop <= the last level, so each step is a table or
	 * not, and the loop ends at stop at the latest.
	 */
	for (;;) {
		ptep = table + ((iova >> pt->lvl_shift[lvl]) & pt->lvl_mask[lvl]);
		if (lvl >= (unsigned long)stop)
			break;
		d = READ_ONCE(*ptep);
		if ((d & LPAE_DESC_TYPE) != LPAE_TYPE_NEXT)
			break;
		table = phys_to_virt(d & LPAE_DESC_OA);
		lvl++;
	}
	return (struct lpae_cursor){ .ptep = ptep, .desc = d, .lvl = lvl };
}

/* The general walk: 52-bit addresses, and tables the walker reads from memory */
static noinline struct lpae_cursor
lpae_walk_slow(const struct lpae_pgtable *pt, u64 iova, int stop)
{
	struct lpae_cursor c = { .lvl = pt->first_lvl };
	u64 *table = pt->pgd;

	for (; c.lvl < stop; c.lvl++) {
		c.ptep = table + lpae_index(pt, iova, c.lvl);
		c.desc = READ_ONCE(*c.ptep);
		if (!lpae_is_table(c.desc, c.lvl))
			return c;
		/* the entry may still be on its way to the PoC: push it */
		if (pt->noncoherent && !(c.desc & LPAE_DESC_SW_CLEAN))
			lpae_sync(pt, c.ptep, 1);
		table = lpae_table_va(pt, c.desc);
	}
	c.ptep = table + lpae_index(pt, iova, c.lvl);
	return c;
}

/*
 * The walk every operation shares: descend towards @iova from the pgd,
 * following table descriptors, until level @stop (at most the last level)
 * or a descriptor that is not a table.  On reaching @stop, the cursor has
 * the entry's address but has not read it.
 */
static __always_inline struct lpae_cursor
lpae_walk(const struct lpae_pgtable *pt, u64 iova, int stop)
{
	if (likely(pt->fast))
		return lpae_walk_fast(pt, iova, stop);
	return lpae_walk_slow(pt, iova, stop);
}

/* ---- argument checks --------------------------------------------------- */

/*
 * The level a leaf of @pgsize lives at, or -1 if the tables cannot hold
 * such a leaf (lvl_of_log2 only knows the sizes of pgsize_bitmap).
 */
static inline int lpae_leaf_lvl(const struct lpae_pgtable *pt, size_t pgsize)
{
	if (!pgsize || (pgsize & (pgsize - 1)))
		return -1;
	return pt->lvl_of_log2[__ffs(pgsize)];
}

static inline bool lpae_in_range(const struct lpae_pgtable *pt,
				 unsigned long iova, u64 bytes)
{
	u64 first = (u64)iova, last = first + bytes - 1;
	u64 hi = pt->va_hi_val;

	if (pt->ttbr1 && sizeof(iova) < sizeof(u64))
		return false;	/* no upper half on 32-bit */
	/* no wrap, and the bits above ias all equal to those of @hi */
	return last >= first && !(((first ^ hi) | (last ^ hi)) & pt->va_hi_mask);
}

/* ---- map --------------------------------------------------------------- */

static noinline size_t lpae_unmap(struct lpae_pgtable *pt, u64 iova, int lvl,
				  size_t pgsize, size_t pgcount,
				  struct iommu_iotlb_gather *gather);

/*
 * The entries [@ptep, @ptep + @n) at level @lvl are about to take leaves.
 * Any table among them that maps nothing is unhooked and freed; returns
 * false if something is still mapped there.
 */
static bool lpae_clear_for_leaves(struct lpae_pgtable *pt, u64 *ptep,
				  unsigned int n, int lvl, u64 iova)
{
	size_t sz = lpae_lvl_size(pt, lvl);
	unsigned int i;

	for (i = 0; i < n; i++) {
		u64 d = READ_ONCE(ptep[i]);
		u64 *sub;

		if (!d)
			continue;
		if (!lpae_is_table(d, lvl))
			return false;
		sub = lpae_table_va(pt, d);
		if (!lpae_tree_empty(pt, sub, lvl + 1))
			return false;
	}
	for (i = 0; i < n; i++) {
		u64 d = READ_ONCE(ptep[i]);

		if (!d)
			continue;
		WRITE_ONCE(ptep[i], 0);
		if (pt->noncoherent)
			lpae_sync(pt, &ptep[i], 1);
		io_pgtable_tlb_flush_walk(&pt->iop, iova + i * sz, sz,
					  lpae_granule(pt));
		lpae_free_tree(pt, lpae_table_va(pt, d), lvl + 1,
			       lpae_granule(pt));
	}
	return true;
}

/*
 * Map @pgcount leaves of @pgsize at level @lvl, with @attrs, one table page
 * at a time: tables are made on the way, empty tables where leaves go are
 * freed.  All or nothing: on failure, what this call mapped is taken back.
 */
static noinline int lpae_map(struct lpae_pgtable *pt, u64 iova,
			     phys_addr_t paddr, int lvl, size_t pgsize,
			     size_t pgcount, u64 attrs, gfp_t gfp,
			     size_t *mapped)
{
	struct lpae_cursor c;
	u64 start = iova;
	size_t done = 0;
	int ret = 0;

	while (pgcount) {
		unsigned int i, n;
		u64 any = 0;

		c = lpae_walk(pt, iova, lvl);
		if (c.lvl < lvl) {
			u64 *table;

			if (c.desc) {		/* a leaf covers this IOVA */
				ret = -EEXIST;
				break;
			}
			table = lpae_get_table(pt, lpae_granule(pt), gfp);
			if (!table) {
				ret = -ENOMEM;
				break;
			}
			if (lpae_publish(pt, c.ptep, 0, table))
				lpae_release(pt, table, lpae_granule(pt));
			continue;	/* walk again, through the new table */
		}

		n = min_t(size_t, pgcount, lpae_room(pt, c.ptep));
		for (i = 0; i < n; i++)
			any |= READ_ONCE(c.ptep[i]);
		if (unlikely(any) &&
		    !lpae_clear_for_leaves(pt, c.ptep, n, lvl, iova)) {
			ret = -EEXIST;
			break;
		}

		if (likely(!pt->oa52)) {
			u64 d = attrs | (u64)paddr;

			for (i = 0; i < n; i++, d += pgsize)
				WRITE_ONCE(c.ptep[i], d);
		} else {
			for (i = 0; i < n; i++)
				WRITE_ONCE(c.ptep[i], attrs |
					   lpae_oa_encode(pt, paddr + i * pgsize));
		}
		if (pt->noncoherent)
			lpae_sync(pt, c.ptep, n);

		iova += n * pgsize;
		paddr += n * pgsize;
		pgcount -= n;
		done += n * pgsize;
	}

	/*
	 * A refused request leaves nothing behind: take back what this call
	 * mapped.  No device may use those addresses before we return, so
	 * there is nothing to invalidate.
	 */
	if (unlikely(ret) && done) {
		lpae_unmap(pt, start, lvl, pgsize, done / pgsize, NULL);
		done = 0;
	}
	*mapped += done;

	/* Leaves must be visible before the caller lets a device use them. */
	wmb();
	return ret;
}

static int lpae_map_pages(struct io_pgtable_ops *ops, unsigned long iova,
			  phys_addr_t paddr, size_t pgsize, size_t pgcount,
			  int prot, gfp_t gfp, size_t *mapped)
{
	struct lpae_pgtable *pt = to_lpae(ops);
	struct io_pgtable_cfg *cfg = &pt->iop.cfg;
	int lvl = lpae_leaf_lvl(pt, pgsize);
	struct lpae_cursor c;
	u64 attrs, bytes, any = 0, d, *p, *end;

	if (lvl < 0 || !pgcount || ((iova | paddr) & (pgsize - 1)) ||
	    !(prot & (IOMMU_READ | IOMMU_WRITE)))
		return -EINVAL;
	if (check_mul_overflow((u64)pgsize, (u64)pgcount, &bytes) ||
	    !lpae_in_range(pt, iova, bytes) || (u64)paddr >> cfg->oas ||
	    ((u64)paddr + bytes - 1) >> cfg->oas)
		return -ERANGE;

	attrs = pt->attrs[prot & (LPAE_PROT_COMBOS - 1)] | pt->leaf_type[lvl];
	if (unlikely(!pt->fast))
		goto general;

	/*
	 * The common case inline, for a coherent walker without 52-bit
	 * addresses: the tables down to @lvl exist and the whole request
	 * fits, empty, in one table page.  Anything else goes to lpae_map().
	 */
	c = lpae_walk_fast(pt, iova, lvl);
	if (unlikely(c.lvl < lvl || pgcount > lpae_room(pt, c.ptep)))
		goto general;
	end = c.ptep + pgcount;
	for (p = c.ptep; p < end; p++)
		any |= READ_ONCE(*p);
	if (unlikely(any))
		goto general;
	d = attrs | (u64)paddr;
	for (p = c.ptep; p < end; p++, d += pgsize)
		WRITE_ONCE(*p, d);
	*mapped += bytes;
	/* Leaves must be visible before the caller lets a device use them. */
	wmb();
	return 0;

general:
	return lpae_map(pt, iova, paddr, lvl, pgsize, pgcount, attrs, gfp,
			mapped);
}

/* ---- unmap ------------------------------------------------------------- */

/*
 * Replace the block @blk at @ptep (level @lvl) by a table of leaves one
 * level down which together map exactly what the block did.  Returns
 * false only when no memory could be had for the table.
 */
static noinline bool lpae_split(struct lpae_pgtable *pt, u64 *ptep, u64 blk,
				int lvl)
{
	unsigned int i, n = lpae_ptes_per_table(pt);
	u64 step = lpae_lvl_size(pt, lvl + 1);
	u64 base = (blk & LPAE_DESC_LEAF_ATTRS) | pt->leaf_type[lvl + 1];
	phys_addr_t pa = lpae_oa_decode(pt, blk);
	u64 *table;

	table = lpae_get_table(pt, lpae_granule(pt), GFP_ATOMIC);
	if (!table)
		return false;
	for (i = 0; i < n; i++)
		table[i] = base | lpae_oa_encode(pt, pa + i * step);

	/*
	 * Losing the race means a concurrent unmap of another part of the
	 * block split it first; the caller walks into that table instead.
	 */
	if (lpae_publish(pt, ptep, blk, table) != blk)
		lpae_release(pt, table, lpae_granule(pt));
	return true;
}

/*
 * A table sits where a leaf of @pgsize is being unmapped (its entry is
 * already cleared): once no walk can still be using it, free it.
 */
static noinline void lpae_drop_table(struct lpae_pgtable *pt, u64 *ptep,
				     u64 d, int lvl, u64 iova, size_t pgsize)
{
	if (pt->noncoherent)
		lpae_sync(pt, ptep, 1);
	io_pgtable_tlb_flush_walk(&pt->iop, iova, pgsize, lpae_granule(pt));
	lpae_free_tree(pt, lpae_table_va(pt, d), lvl + 1, lpae_granule(pt));
}

/* Queue leaf invalidation for @n (at least two) pages of @pgsize from @from. */
static noinline void lpae_queue_many(const struct lpae_pgtable *pt,
				     struct iommu_iotlb_gather *gather,
				     u64 from, size_t n, size_t pgsize)
{
	void (*add_page)(struct iommu_iotlb_gather *gather, unsigned long iova,
			 size_t granule, void *cookie) =
		pt->iop.cfg.tlb->tlb_add_page;
	void *cookie = pt->iop.cookie;

	do {
		add_page(gather, from, pgsize, cookie);
		from += pgsize;
	} while (--n);
}

/*
 * Queue leaf invalidation for @n pages of @pgsize from @from, if the caller
 * wants it, and return the bytes they cover.  A single page, the most
 * common unmap, is queued inline; longer runs go to a loop of their own,
 * which then has the callee-saved registers to itself.
 */
static __always_inline size_t lpae_queue_pages(const struct lpae_pgtable *pt,
					       struct iommu_iotlb_gather *gather,
					       u64 from, size_t n,
					       size_t pgsize)
{
	const struct iommu_flush_ops *tlb = pt->iop.cfg.tlb;

	if (!n || !gather || iommu_iotlb_gather_queued(gather) || !tlb ||
	    !tlb->tlb_add_page)
		return n * pgsize;
	if (n == 1)
		tlb->tlb_add_page(gather, from, pgsize, pt->iop.cookie);
	else
		lpae_queue_many(pt, gather, from, n, pgsize);
	return n * pgsize;
}

/*
 * Unmap up to @pgcount leaves of @pgsize at level @lvl from @iova, one
 * table page at a time, splitting blocks and freeing tables on the way;
 * stops at the first entry that maps nothing.
 */
static noinline size_t lpae_unmap(struct lpae_pgtable *pt, u64 iova, int lvl,
				  size_t pgsize, size_t pgcount,
				  struct iommu_iotlb_gather *gather)
{
	struct lpae_cursor c;
	size_t done = 0;
	u64 *p, *end;

	while (pgcount) {
		size_t i, n;

		c = lpae_walk(pt, iova, lvl);
		if (c.lvl < lvl) {
			if (!c.desc)		/* nothing mapped here */
				break;
			if (!lpae_split(pt, c.ptep, c.desc, c.lvl))
				break;
			continue;
		}

		n = min_t(size_t, pgcount, lpae_room(pt, c.ptep));
		end = c.ptep + n;
		for (p = c.ptep; p < end; p++) {
			u64 d = READ_ONCE(*p);

			if (!d)
				break;
			WRITE_ONCE(*p, 0);
			if (unlikely(lpae_is_table(d, lvl)))
				lpae_drop_table(pt, p, d, lvl,
						iova + (p - c.ptep) * pgsize,
						pgsize);
		}
		i = p - c.ptep;
		/* clean the cleared entries before any invalidation */
		if (pt->noncoherent && i)
			lpae_sync(pt, c.ptep, i);
		done += lpae_queue_pages(pt, gather, iova, i, pgsize);
		if (i < n)
			break;
		iova += n * pgsize;
		pgcount -= n;
	}
	return done;
}

/*
 * After the inline pass of lpae_unmap_pages() cleared @i leaves from @iova:
 * queue them, and leave the rest of the request to lpae_unmap().
 */
static noinline size_t lpae_unmap_rest(struct lpae_pgtable *pt, u64 iova,
				       size_t i, int lvl, size_t pgsize,
				       size_t pgcount,
				       struct iommu_iotlb_gather *gather)
{
	size_t done = lpae_queue_pages(pt, gather, iova, i, pgsize);

	return done + lpae_unmap(pt, iova + done, lvl, pgsize, pgcount - i,
				 gather);
}

static size_t lpae_unmap_pages(struct io_pgtable_ops *ops, unsigned long iova,
			       size_t pgsize, size_t pgcount,
			       struct iommu_iotlb_gather *gather)
{
	struct lpae_pgtable *pt = to_lpae(ops);
	int lvl = lpae_leaf_lvl(pt, pgsize);
	struct lpae_cursor c;
	u64 bytes, leaf, *p, *end;
	size_t i;

	if (lvl < 0 || !pgcount || (iova & (pgsize - 1)) ||
	    check_mul_overflow((u64)pgsize, (u64)pgcount, &bytes) ||
	    !lpae_in_range(pt, iova, bytes))
		return 0;
	if (unlikely(!pt->fast))
		return lpae_unmap(pt, iova, lvl, pgsize, pgcount, gather);

	/*
	 * The common case inline, for a coherent walker: a run of leaves of
	 * @pgsize in one table page.  Anything else (a block to split, a
	 * table or an empty entry where a leaf should be, the next table
	 * page) ends the run, and lpae_unmap() takes over from there.
	 */
	c = lpae_walk_fast(pt, iova, lvl);
	if (unlikely(c.lvl < lvl))
		return lpae_unmap(pt, iova, lvl, pgsize, pgcount, gather);
	end = c.ptep + min_t(size_t, pgcount, lpae_room(pt, c.ptep));
	leaf = pt->leaf_type[lvl];
	for (p = c.ptep; p < end; p++) {
		if ((READ_ONCE(*p) & LPAE_DESC_TYPE) != leaf)
			break;
		WRITE_ONCE(*p, 0);
	}
	i = p - c.ptep;
	if (unlikely(i < pgcount))
		return lpae_unmap_rest(pt, iova, i, lvl, pgsize, pgcount,
				       gather);
	return lpae_queue_pages(pt, gather, iova, i, pgsize);
}

/* ---- lookups ----------------------------------------------------------- */

static phys_addr_t lpae_iova_to_phys(struct io_pgtable_ops *ops,
				     unsigned long iova)
{
	struct lpae_pgtable *pt = to_lpae(ops);
	struct lpae_cursor c;

	if (!lpae_in_range(pt, iova, 1))
		return 0;
	c = lpae_walk(pt, iova, LPAE_LAST_LVL);
	if (c.lvl == LPAE_LAST_LVL)
		c.desc = READ_ONCE(*c.ptep);
	if (!lpae_is_leaf(pt, c.desc, c.lvl))
		return 0;
	return lpae_oa_decode(pt, c.desc) |
	       (iova & (lpae_lvl_size(pt, c.lvl) - 1));
}

/*
 * Make a writable leaf read-only again so that the next write through it
 * sets it dirty.  The entry may change under us (the walker, or an unmap of
 * it): retry while it is still a leaf.
 */
static void lpae_mark_clean(const struct lpae_pgtable *pt, u64 *ptep, u64 old,
			    int lvl)
{
	do {
		if (!lpae_is_leaf(pt, old, lvl) || (old & LPAE_DESC_AP_RO))
			return;
	} while (!try_cmpxchg64_relaxed(ptep, &old, old | LPAE_DESC_AP_RO));
}

static int lpae_read_and_clear_dirty(struct io_pgtable_ops *ops,
				     unsigned long iova, size_t size,
				     unsigned long flags,
				     struct iommu_dirty_bitmap *dirty)
{
	struct lpae_pgtable *pt = to_lpae(ops);
	u64 last = (u64)iova + size - 1;	/* inclusive: may be 2^64 - 1 */
	u64 pos = iova;
	struct lpae_cursor c;

	if (pt->iop.fmt != ARM_64_LPAE_S1 || !size ||
	    !lpae_in_range(pt, iova, size))
		return -EINVAL;

	for (;;) {
		u64 seg_last;

		c = lpae_walk(pt, pos, LPAE_LAST_LVL);
		if (c.lvl == LPAE_LAST_LVL)
			c.desc = READ_ONCE(*c.ptep);
		seg_last = min(last, pos | (lpae_lvl_size(pt, c.lvl) - 1));

		/* DBM set and AP[2] clear: written since last cleaned */
		if (lpae_is_leaf(pt, c.desc, c.lvl) &&
		    (c.desc & (LPAE_DESC_DBM | LPAE_DESC_AP_RO)) ==
		    LPAE_DESC_DBM) {
			iommu_dirty_bitmap_record(dirty, pos, seg_last - pos + 1);
			if (!(flags & IOMMU_DIRTY_NO_CLEAR))
				lpae_mark_clean(pt, c.ptep, c.desc, c.lvl);
		}
		if (seg_last == last)
			break;
		pos = seg_last + 1;
	}
	return 0;
}

/* ---- construction ------------------------------------------------------ */

/* Choose the granule and the leaf sizes it allows, then clamp ias/oas. */
static int lpae_pick_granule(struct io_pgtable_cfg *cfg)
{
	unsigned long sizes = cfg->pgsize_bitmap, allowed;
	unsigned int gran, bits = 48;

	/* The CPU's page size if offered, else the nearest offered granule */
	if (sizes & PAGE_SIZE)
		gran = PAGE_SHIFT;
	else if (sizes & (PAGE_SIZE - 1))
		gran = __fls(sizes & (PAGE_SIZE - 1));
	else if (sizes)
		gran = __ffs(sizes);
	else
		return -EINVAL;

	switch (gran) {
	case 12:
		allowed = SZ_4K | SZ_2M | SZ_1G;
		break;
	case 14:
		allowed = SZ_16K | SZ_32M;
		break;
	case 16:
		allowed = SZ_64K | SZ_512M;
		bits = LPAE_MAX_BITS;
#if BITS_PER_LONG == 64
		if (cfg->oas > 48)
			allowed |= 1UL << 42;	/* level-1 block needs LPA */
#endif
		break;
	default:
		return -EINVAL;
	}

	cfg->pgsize_bitmap &= allowed;
	cfg->ias = min(cfg->ias, bits);
	cfg->oas = min(cfg->oas, bits);
	if (!(cfg->pgsize_bitmap & BIT(gran)))
		return -EINVAL;
	return 0;
}

static struct lpae_pgtable *lpae_create(struct io_pgtable_cfg *cfg,
					void *cookie, enum io_pgtable_fmt fmt)
{
	struct lpae_pgtable *pt;
	unsigned int va_bits, bpl, nlvls, top_bits;
	int lvl, p;

	if (lpae_pick_granule(cfg) || cfg->ias > LPAE_MAX_BITS ||
	    cfg->oas > LPAE_MAX_BITS || cfg->ias < 12)
		return NULL;

	pt = kzalloc(sizeof(*pt), GFP_KERNEL);
	if (!pt)
		return NULL;

	pt->gshift = __ffs(cfg->pgsize_bitmap);
	bpl = pt->gshift - 3;
	va_bits = max_t(int, cfg->ias - pt->gshift, 1);
	nlvls = DIV_ROUND_UP(va_bits, bpl);
	pt->first_lvl = LPAE_NR_LVLS - nlvls;
	top_bits = va_bits - bpl * (nlvls - 1);

	/* Stage 2 may start one level lower with concatenated tables */
	if ((fmt == ARM_64_LPAE_S2 || fmt == ARM_32_LPAE_S2) &&
	    pt->first_lvl == 0 && BIT(top_bits) <= LPAE_S2_CONCAT_MAX) {
		pt->first_lvl = 1;
		top_bits += bpl;
	}
	/* Mali always walks four levels; the top table may be tiny */
	if (fmt == ARM_MALI_LPAE && pt->first_lvl) {
		top_bits = va_bits > 3 * bpl ? va_bits - 3 * bpl : 0;
		pt->first_lvl = 0;
	}

	for (lvl = 0; lvl < LPAE_NR_LVLS; lvl++) {
		pt->lvl_shift[lvl] = pt->gshift + (LPAE_LAST_LVL - lvl) * bpl;
		pt->lvl_mask[lvl] = BIT_ULL(lvl == pt->first_lvl ?
					    top_bits : bpl) - 1;
		pt->leaf_type[lvl] = LPAE_TYPE_BLOCK;
	}
	if (fmt != ARM_MALI_LPAE)
		pt->leaf_type[LPAE_LAST_LVL] = LPAE_TYPE_NEXT;

	memset(pt->lvl_of_log2, -1, sizeof(pt->lvl_of_log2));
	for (lvl = pt->first_lvl; lvl < LPAE_NR_LVLS; lvl++)
		if (pt->lvl_shift[lvl] < BITS_PER_LONG &&
		    (cfg->pgsize_bitmap & BIT(pt->lvl_shift[lvl])))
			pt->lvl_of_log2[pt->lvl_shift[lvl]] = lvl;

	pt->pgd_bytes = sizeof(u64) << top_bits;
	pt->oa52 = pt->gshift == 16 && cfg->oas > 48;
	pt->noncoherent = !cfg->coherent_walk;
	pt->fast = !pt->oa52 && !pt->noncoherent;
	pt->ttbr1 = cfg->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1;
	pt->va_hi_mask = ~(BIT_ULL(cfg->ias) - 1);
	pt->va_hi_val = pt->ttbr1 ? pt->va_hi_mask : 0;
	pt->pte_mask = lpae_ptes_per_table(pt) - 1;

	pt->iop.cfg = *cfg;
	pt->iop.cookie = cookie;
	for (p = 0; p < LPAE_PROT_COMBOS; p++)
		pt->attrs[p] = lpae_attrs_for(pt, fmt, p);

	pt->iop.ops = (struct io_pgtable_ops) {
		.map_pages		= lpae_map_pages,
		.unmap_pages		= lpae_unmap_pages,
		.iova_to_phys		= lpae_iova_to_phys,
		.read_and_clear_dirty	= lpae_read_and_clear_dirty,
	};
	return pt;
}

/* Allocate the pgd; on failure frees @pt too. */
static bool lpae_make_pgd(struct lpae_pgtable *pt)
{
	pt->pgd = lpae_get_table(pt, max_t(size_t, pt->pgd_bytes,
					   sizeof(u64)), GFP_KERNEL);
	if (!pt->pgd) {
		kfree(pt);
		return false;
	}
	/* An empty pgd must be visible before its base reaches a register */
	wmb();
	return true;
}

static void lpae_walk_attrs(struct io_pgtable_cfg *cfg, u32 *sh, u32 *irgn,
			    u32 *orgn)
{
	if (cfg->coherent_walk) {
		*sh = ARM_LPAE_TCR_SH_IS;
		*irgn = ARM_LPAE_TCR_RGN_WBWA;
		*orgn = ARM_LPAE_TCR_RGN_WBWA;
	} else {
		*sh = ARM_LPAE_TCR_SH_OS;
		*irgn = ARM_LPAE_TCR_RGN_NC;
		*orgn = cfg->quirks & IO_PGTABLE_QUIRK_ARM_OUTER_WBWA ?
			ARM_LPAE_TCR_RGN_WBWA : ARM_LPAE_TCR_RGN_NC;
	}
}

static struct io_pgtable *lpae_s1_alloc(struct io_pgtable_cfg *cfg,
					void *cookie, enum io_pgtable_fmt fmt)
{
	static const u8 tg0[] = { [12] = ARM_LPAE_TCR_TG0_4K,
		[14] = ARM_LPAE_TCR_TG0_16K, [16] = ARM_LPAE_TCR_TG0_64K };
	static const u8 tg1[] = { [12] = ARM_LPAE_TCR_TG1_4K,
		[14] = ARM_LPAE_TCR_TG1_16K, [16] = ARM_LPAE_TCR_TG1_64K };
	const unsigned long ok = IO_PGTABLE_QUIRK_ARM_NS |
		IO_PGTABLE_QUIRK_ARM_TTBR1 | IO_PGTABLE_QUIRK_ARM_OUTER_WBWA |
		IO_PGTABLE_QUIRK_ARM_HD;
	struct lpae_pgtable *pt;
	u32 sh, irgn, orgn;
	int ps;

	if (cfg->quirks & ~ok)
		return NULL;
	/* Outer WBWA only overrides the attributes of non-coherent walks */
	if (cfg->coherent_walk && (cfg->quirks & IO_PGTABLE_QUIRK_ARM_OUTER_WBWA))
		return NULL;

	pt = lpae_create(cfg, cookie, fmt);
	if (!pt)
		return NULL;
	ps = io_pgtable_arm_pa_code(cfg->oas);
	if (ps < 0) {
		kfree(pt);
		return NULL;
	}

	lpae_walk_attrs(cfg, &sh, &irgn, &orgn);
	cfg->arm_lpae_s1_cfg.tcr.sh = sh;
	cfg->arm_lpae_s1_cfg.tcr.irgn = irgn;
	cfg->arm_lpae_s1_cfg.tcr.orgn = orgn;
	cfg->arm_lpae_s1_cfg.tcr.tg = pt->ttbr1 ? tg1[pt->gshift] :
						  tg0[pt->gshift];
	cfg->arm_lpae_s1_cfg.tcr.ips = ps;
	cfg->arm_lpae_s1_cfg.tcr.tsz = 64 - cfg->ias;
	cfg->arm_lpae_s1_cfg.mair =
		(u64)LPAE_MAIR_NORMAL_NC << (8 * LPAE_MAIR_SLOT_NC) |
		(u64)LPAE_MAIR_NORMAL_WB << (8 * LPAE_MAIR_SLOT_WB) |
		(u64)LPAE_MAIR_DEVICE_NGNRE << (8 * LPAE_MAIR_SLOT_DEVICE) |
		(u64)LPAE_MAIR_INC_OWB << (8 * LPAE_MAIR_SLOT_INC_OWB);

	if (!lpae_make_pgd(pt))
		return NULL;
	cfg->arm_lpae_s1_cfg.ttbr = virt_to_phys(pt->pgd);
	pt->iop.cfg = *cfg;
	return &pt->iop;
}

static struct io_pgtable *lpae_s2_alloc(struct io_pgtable_cfg *cfg,
					void *cookie, enum io_pgtable_fmt fmt)
{
	struct lpae_pgtable *pt;
	u32 sh, irgn, orgn, tg;
	int ps;

	/* Stage 2 has no NS bit and no split address space */
	if (cfg->quirks)
		return NULL;

	pt = lpae_create(cfg, cookie, fmt);
	if (!pt)
		return NULL;
	ps = io_pgtable_arm_pa_code(cfg->oas);
	if (ps < 0) {
		kfree(pt);
		return NULL;
	}

	lpae_walk_attrs(cfg, &sh, &irgn, &orgn);
	cfg->arm_lpae_s2_cfg.vtcr.sh = sh;
	cfg->arm_lpae_s2_cfg.vtcr.irgn = irgn;
	cfg->arm_lpae_s2_cfg.vtcr.orgn = orgn;
	cfg->arm_lpae_s2_cfg.vtcr.ps = ps;
	cfg->arm_lpae_s2_cfg.vtcr.tsz = 64 - cfg->ias;

	/* SL0 counts back from the last level; from level 2 for 4K */
	if (pt->gshift == 12) {
		tg = ARM_LPAE_TCR_TG0_4K;
		cfg->arm_lpae_s2_cfg.vtcr.sl = 2 - pt->first_lvl;
	} else {
		tg = pt->gshift == 14 ? ARM_LPAE_TCR_TG0_16K :
					ARM_LPAE_TCR_TG0_64K;
		cfg->arm_lpae_s2_cfg.vtcr.sl = 3 - pt->first_lvl;
	}
	cfg->arm_lpae_s2_cfg.vtcr.tg = tg;

	if (!lpae_make_pgd(pt))
		return NULL;
	cfg->arm_lpae_s2_cfg.vttbr = virt_to_phys(pt->pgd);
	pt->iop.cfg = *cfg;
	return &pt->iop;
}

static struct io_pgtable *lpae_64_s1_alloc(struct io_pgtable_cfg *cfg,
					   void *cookie)
{
	return lpae_s1_alloc(cfg, cookie, ARM_64_LPAE_S1);
}

static struct io_pgtable *lpae_64_s2_alloc(struct io_pgtable_cfg *cfg,
					   void *cookie)
{
	return lpae_s2_alloc(cfg, cookie, ARM_64_LPAE_S2);
}

static struct io_pgtable *lpae_32_s1_alloc(struct io_pgtable_cfg *cfg,
					   void *cookie)
{
	/* LPAE for AArch32: 4K granule, 32-bit input, 40-bit output */
	if (cfg->ias > 32 || cfg->oas > 40)
		return NULL;
	cfg->pgsize_bitmap &= SZ_4K | SZ_2M | SZ_1G;
	return lpae_s1_alloc(cfg, cookie, ARM_32_LPAE_S1);
}

static struct io_pgtable *lpae_32_s2_alloc(struct io_pgtable_cfg *cfg,
					   void *cookie)
{
	if (cfg->ias > 40 || cfg->oas > 40)
		return NULL;
	cfg->pgsize_bitmap &= SZ_4K | SZ_2M | SZ_1G;
	return lpae_s2_alloc(cfg, cookie, ARM_32_LPAE_S2);
}

#define MALI_TRANSTAB_ADRMODE_TABLE	0x3ULL	/* bits [1:0] */
#define MALI_TRANSTAB_READ_INNER	BIT_ULL(2)
#define MALI_TRANSTAB_SHARE_OUTER	BIT_ULL(4)

static struct io_pgtable *lpae_mali_alloc(struct io_pgtable_cfg *cfg,
					  void *cookie)
{
	struct lpae_pgtable *pt;
	u64 tt;

	if (cfg->quirks || cfg->ias > 48 || cfg->oas > 40)
		return NULL;
	cfg->pgsize_bitmap &= SZ_4K | SZ_2M | SZ_1G;

	pt = lpae_create(cfg, cookie, ARM_MALI_LPAE);
	if (!pt)
		return NULL;

	/*
	 * Mali has no non-cacheable memory type: the slots stage 1 uses for
	 * non-cacheable and device memory get the implementation-defined
	 * policy, the cacheable slot write-allocate.
	 */
	cfg->arm_mali_lpae_cfg.memattr =
		(u64)LPAE_MALI_ATTR_IMPDEF << (8 * LPAE_MAIR_SLOT_NC) |
		(u64)LPAE_MALI_ATTR_WA << (8 * LPAE_MAIR_SLOT_WB) |
		(u64)LPAE_MALI_ATTR_IMPDEF << (8 * LPAE_MAIR_SLOT_DEVICE);

	if (!lpae_make_pgd(pt))
		return NULL;
	tt = virt_to_phys(pt->pgd) | MALI_TRANSTAB_ADRMODE_TABLE |
	     MALI_TRANSTAB_READ_INNER;
	if (cfg->coherent_walk)
		tt |= MALI_TRANSTAB_SHARE_OUTER;
	cfg->arm_mali_lpae_cfg.transtab = tt;
	pt->iop.cfg = *cfg;
	return &pt->iop;
}

static void lpae_free(struct io_pgtable *iop)
{
	struct lpae_pgtable *pt = container_of(iop, struct lpae_pgtable, iop);

	lpae_free_tree(pt, pt->pgd, pt->first_lvl,
		       max_t(size_t, pt->pgd_bytes, sizeof(u64)));
	kfree(pt);
}

struct io_pgtable_init_fns io_pgtable_arm_64_lpae_s1_init_fns = {
	.caps	= IO_PGTABLE_CAP_CUSTOM_ALLOCATOR,
	.alloc	= lpae_64_s1_alloc,
	.free	= lpae_free,
};

struct io_pgtable_init_fns io_pgtable_arm_64_lpae_s2_init_fns = {
	.caps	= IO_PGTABLE_CAP_CUSTOM_ALLOCATOR,
	.alloc	= lpae_64_s2_alloc,
	.free	= lpae_free,
};

struct io_pgtable_init_fns io_pgtable_arm_32_lpae_s1_init_fns = {
	.caps	= IO_PGTABLE_CAP_CUSTOM_ALLOCATOR,
	.alloc	= lpae_32_s1_alloc,
	.free	= lpae_free,
};

struct io_pgtable_init_fns io_pgtable_arm_32_lpae_s2_init_fns = {
	.caps	= IO_PGTABLE_CAP_CUSTOM_ALLOCATOR,
	.alloc	= lpae_32_s2_alloc,
	.free	= lpae_free,
};

struct io_pgtable_init_fns io_pgtable_arm_mali_lpae_init_fns = {
	.caps	= IO_PGTABLE_CAP_CUSTOM_ALLOCATOR,
	.alloc	= lpae_mali_alloc,
	.free	= lpae_free,
};

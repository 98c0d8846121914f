// SPDX-License-Identifier: GPL-2.0-only
/*
 * io-pgtable backend for the Arm long-descriptor translation table format
 * (VMSAv8-64 stage 1 and stage 2, 4K, 16K and 64K granules, the 32-bit
 * LPAE subset and the Mali variant): the operations on a table.
 *
 * Layout of this file:
 *  - a cursor walk shared by every operation, inlined for coherent tables;
 *  - argument checks;
 *  - map: one table page inline, the general loop out of line;
 *  - unmap: a run of leaves inline, block splitting and table freeing in
 *    the general loop, the per-page TLB callbacks apart;
 *  - iova_to_phys and dirty tracking.
 * The formats, their register values and the table memory are in
 * io-pgtable-arm-fmt.c; what both share is in io-pgtable-arm-lpae.h.
 *
 * Concurrency: callers may map and unmap disjoint IOVA ranges of one table
 * at the same time without a lock.  The only entries two such callers can
 * both write are table descriptors of shared intermediate levels, and those
 * only ever go from empty to a new table, or from a block to a table that
 * reproduces it (a split): both are done with a compare-and-exchange after
 * the new table's contents have been made visible.
 */

#include <linux/atomic.h>
#include <linux/io-pgtable.h>
#include <linux/kernel.h>
#include <linux/overflow.h>

#include <asm/barrier.h>

#include "io-pgtable-arm-lpae.h"

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

const struct io_pgtable_ops lpae_ops = {
	.map_pages		= lpae_map_pages,
	.unmap_pages		= lpae_unmap_pages,
	.iova_to_phys		= lpae_iova_to_phys,
	.read_and_clear_dirty	= lpae_read_and_clear_dirty,
};

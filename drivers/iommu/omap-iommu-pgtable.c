// SPDX-License-Identifier: GPL-2.0-only
/*
 * OMAP IOMMU: the algorithms on the two-level table whose format
 * omap-iopgtable.h defines.
 *
 * File map:
 *   table memory        omap_pt_alloc_table(), omap_pt_free_table(),
 *                       omap_pt_clean(): what the walker reads is cleaned
 *                       to memory after every change
 *   lookup              omap_pt_slot(), omap_pt_lookup(),
 *                       omap_pt_iova_to_phys()
 *   map                 omap_pt_map() and omap_pt_map_one()
 *   unmap               omap_pt_unmap(), freeing a level 2 table that
 *                       becomes empty
 *   whole table         omap_pt_init(), omap_pt_free(),
 *                       omap_pt_walk_leaves()
 *
 * The walker does not snoop the CPU caches: every table the driver hands
 * it is mapped for DMA to the MMU's device (pt->dev) when it is allocated,
 * and each change is cleaned with dma_sync_single_for_device() before the
 * change can matter (before the table descriptor that publishes a new
 * level 2 table, before the TLB flush that follows an unmap).  The walker
 * is given physical addresses, so a table whose DMA address is not its
 * physical address is refused.  The OMAP TLB caches leaf translations
 * only, never table descriptors: a level 2 table can be freed as soon as
 * no level 1 slot names it.
 */
#include "omap-iommu.h"

static_assert(!(OMAP_PT_L1_BYTES & (OMAP_PT_L1_BYTES - 1)) &&
	      !(OMAP_PT_L2_BYTES & (OMAP_PT_L2_BYTES - 1)));

/* ---- table memory ------------------------------------------------- */

static void omap_pt_clean(struct omap_pt *pt, void *ptr, size_t len)
{
	if (pt->dev)
		dma_sync_single_for_device(pt->dev, virt_to_phys(ptr), len,
					   DMA_TO_DEVICE);
}

/*
 * A zeroed table of @bytes, aligned to its size (kmalloc aligns a
 * power-of-two size to itself), below 4 GiB, visible to the walker.
 */
static u32 *omap_pt_alloc_table(struct omap_pt *pt, size_t bytes, gfp_t gfp,
				u32 *pa)
{
	u32 *table = kzalloc(bytes, gfp);
	phys_addr_t phys;
	dma_addr_t dma;

	if (!table)
		return NULL;
	phys = virt_to_phys(table);
	if (phys > U32_MAX - bytes + 1 || !IS_ALIGNED(phys, bytes))
		goto out_free;
	if (pt->dev) {
		dma = dma_map_single(pt->dev, table, bytes, DMA_TO_DEVICE);
		if (dma_mapping_error(pt->dev, dma))
			goto out_free;
		if (dma != phys) {
			dma_unmap_single(pt->dev, dma, bytes, DMA_TO_DEVICE);
			goto out_free;
		}
	}
	*pa = phys;
	return table;

out_free:
	kfree(table);
	return NULL;
}

static void omap_pt_free_table(struct omap_pt *pt, u32 *table, size_t bytes)
{
	if (pt->dev)
		dma_unmap_single(pt->dev, virt_to_phys(table), bytes,
				 DMA_TO_DEVICE);
	kfree(table);
}

static u32 *omap_pt_l2_table(u32 l1_desc)
{
	return phys_to_virt(omap_l1_table_pa(l1_desc));
}

/* ---- lookup ------------------------------------------------------- */

/*
 * The slot that holds the leaf translating @da (the first slot of a
 * replicated leaf), its kind in *@kind; NULL with OMAP_PTE_NONE when @da
 * is not mapped.
 */
static u32 *omap_pt_slot(struct omap_pt *pt, u32 da, enum omap_pte_kind *kind)
{
	unsigned int i = omap_pt_l1_index(da);
	u32 *l2;

	*kind = omap_l1_kind(pt->l1[i]);
	switch (*kind) {
	case OMAP_PTE_SECTION:
		return &pt->l1[i];
	case OMAP_PTE_SUPER:
		return &pt->l1[round_down(i, OMAP_PT_REPLICAS)];
	case OMAP_PTE_TABLE:
		break;
	default:
		return NULL;
	}
	l2 = omap_pt_l2_table(pt->l1[i]);
	i = omap_pt_l2_index(da);
	*kind = omap_l2_kind(l2[i]);
	switch (*kind) {
	case OMAP_PTE_SMALL:
		return &l2[i];
	case OMAP_PTE_LARGE:
		return &l2[round_down(i, OMAP_PT_REPLICAS)];
	default:
		return NULL;
	}
}

/**
 * omap_pt_lookup() - the leaf that translates a device address
 * @pt: the table
 * @da: device address
 * @leaf_pa: the leaf's output base address, when there is one
 *
 * Context: any; the caller keeps the table from changing under it or
 * accepts an answer that races with a map or unmap.
 * Return: the leaf's kind, OMAP_PTE_NONE when @da is not mapped.
 */
enum omap_pte_kind omap_pt_lookup(struct omap_pt *pt, u32 da, u32 *leaf_pa)
{
	enum omap_pte_kind kind;
	u32 *slot = omap_pt_slot(pt, da, &kind);

	if (slot)
		*leaf_pa = omap_pte_leaf_pa(kind, READ_ONCE(*slot));
	return kind;
}
EXPORT_SYMBOL_IF_KUNIT(omap_pt_lookup);

/**
 * omap_pt_iova_to_phys() - translate a device address as the walker would
 * @pt: the table
 * @da: device address
 *
 * Return: the physical address, 0 when @da is not mapped.
 */
phys_addr_t omap_pt_iova_to_phys(struct omap_pt *pt, u32 da)
{
	enum omap_pte_kind kind;
	u32 base;

	kind = omap_pt_lookup(pt, da, &base);
	if (kind == OMAP_PTE_NONE)
		return 0;
	return base + (da & (omap_pte_leaf_size(kind) - 1));
}
EXPORT_SYMBOL_IF_KUNIT(omap_pt_iova_to_phys);

/* ---- map ---------------------------------------------------------- */

/*
 * Map one leaf; -EAGAIN asks the caller for a level 2 table (*@spare),
 * which is then used or left for the caller to free.  Nothing is written
 * unless every slot the leaf needs is free.
 */
static int omap_pt_map_one(struct omap_pt *pt, u32 da, u32 pa,
			   enum omap_pte_kind kind, u32 **spare, u32 spare_pa)
{
	unsigned int i = omap_pt_l1_index(da), n = 1, k;
	u32 desc = omap_pte_mk_leaf(kind, pa);
	u32 *slot;

	if (kind == OMAP_PTE_SUPER || kind == OMAP_PTE_LARGE)
		n = OMAP_PT_REPLICAS;

	if (omap_pte_kind_is_l1(kind)) {
		slot = &pt->l1[i];
	} else {
		if (!pt->l1[i]) {
			if (!*spare)
				return -EAGAIN;
			/* the zeroed table is already clean (alloc_table) */
			WRITE_ONCE(pt->l1[i], omap_l1_mk_table(spare_pa));
			omap_pt_clean(pt, &pt->l1[i], sizeof(u32));
			*spare = NULL;
			pt->nr_l2++;
		} else if (omap_l1_kind(pt->l1[i]) != OMAP_PTE_TABLE) {
			return -EEXIST;
		}
		slot = &omap_pt_l2_table(pt->l1[i])[omap_pt_l2_index(da)];
	}

	for (k = 0; k < n; k++)
		if (slot[k])
			return -EEXIST;
	for (k = 0; k < n; k++)
		WRITE_ONCE(slot[k], desc);
	omap_pt_clean(pt, slot, n * sizeof(u32));
	return 0;
}

/**
 * omap_pt_map() - map @pgcount leaves of @pgsize bytes
 * @pt: the table
 * @da: first device address, aligned to @pgsize
 * @pa: first physical address, aligned to @pgsize, below 4 GiB
 * @pgsize: 4 KiB, 64 KiB, 1 MiB or 16 MiB
 * @pgcount: leaves to map
 * @gfp: for level 2 tables
 * @mapped: bytes mapped, added to (also on failure)
 *
 * A size or alignment the format cannot express, or a range past 4 GiB,
 * fails with -EINVAL before anything is written; a slot already in use
 * fails with -EEXIST, the leaves mapped before it staying mapped (and
 * counted in *@mapped) for the caller to unmap.
 *
 * Context: any context @gfp allows.
 * Return: 0 or a negative errno.
 */
int omap_pt_map(struct omap_pt *pt, u32 da, phys_addr_t pa, size_t pgsize,
		size_t pgcount, gfp_t gfp, size_t *mapped)
{
	enum omap_pte_kind kind = omap_pte_kind_for(pgsize);
	u64 end_da = (u64)da + (u64)pgsize * pgcount;
	u64 end_pa = (u64)pa + (u64)pgsize * pgcount;
	u32 *spare = NULL, spare_pa = 0;
	unsigned long flags;
	size_t done;
	int ret = 0;

	if (kind == OMAP_PTE_NONE || !pgcount || !IS_ALIGNED(da, pgsize) ||
	    !IS_ALIGNED(pa, pgsize) || end_da > SZ_4G || end_pa > SZ_4G)
		return -EINVAL;

	for (done = 0; done < pgcount; ) {
		spin_lock_irqsave(&pt->lock, flags);
		ret = omap_pt_map_one(pt, da + done * pgsize,
				      pa + done * pgsize, kind, &spare,
				      spare_pa);
		spin_unlock_irqrestore(&pt->lock, flags);
		if (ret == -EAGAIN) {
			spare = omap_pt_alloc_table(pt, OMAP_PT_L2_BYTES, gfp,
						    &spare_pa);
			if (!spare) {
				ret = -ENOMEM;
				break;
			}
			continue;
		}
		if (ret)
			break;
		done++;
		*mapped += pgsize;
	}
	if (spare)
		omap_pt_free_table(pt, spare, OMAP_PT_L2_BYTES);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(omap_pt_map);

/* ---- unmap -------------------------------------------------------- */

static bool omap_pt_l2_empty(const u32 *l2)
{
	unsigned int i;

	for (i = 0; i < OMAP_PT_L2_SLOTS; i++)
		if (l2[i])
			return false;
	return true;
}

/* clear the leaf at @da; the bytes it mapped, 0 if none or misaligned */
static size_t omap_pt_unmap_one(struct omap_pt *pt, u32 da, size_t left)
{
	unsigned int i = omap_pt_l1_index(da), n = 1, k;
	enum omap_pte_kind kind;
	u32 *slot, *l2;
	size_t size;

	slot = omap_pt_slot(pt, da, &kind);
	if (!slot)
		return 0;
	size = omap_pte_leaf_size(kind);
	/* a leaf is never split: dma-iommu unmaps what it mapped */
	if (!IS_ALIGNED(da, size) || size > left)
		return 0;
	if (kind == OMAP_PTE_SUPER || kind == OMAP_PTE_LARGE)
		n = OMAP_PT_REPLICAS;
	for (k = 0; k < n; k++)
		WRITE_ONCE(slot[k], 0);
	omap_pt_clean(pt, slot, n * sizeof(u32));

	if (omap_pte_kind_is_l1(kind))
		return size;
	l2 = omap_pt_l2_table(pt->l1[i]);
	if (omap_pt_l2_empty(l2)) {
		WRITE_ONCE(pt->l1[i], 0);
		omap_pt_clean(pt, &pt->l1[i], sizeof(u32));
		omap_pt_free_table(pt, l2, OMAP_PT_L2_BYTES);
		pt->nr_l2--;
	}
	return size;
}

/**
 * omap_pt_unmap() - unmap up to @pgsize * @pgcount bytes from @da
 * @pt: the table
 * @da: first device address
 * @pgsize: size of the leaves the caller mapped
 * @pgcount: their number
 *
 * Stops at the first address that is not mapped, or whose leaf is larger
 * than what is left or does not start there.  The TLB is the caller's to
 * flush.
 *
 * Context: any.
 * Return: bytes unmapped.
 */
size_t omap_pt_unmap(struct omap_pt *pt, u32 da, size_t pgsize,
		     size_t pgcount)
{
	size_t total = pgsize * pgcount, done = 0, one;
	unsigned long flags;

	if ((u64)da + total > SZ_4G)
		return 0;
	spin_lock_irqsave(&pt->lock, flags);
	while (done < total) {
		one = omap_pt_unmap_one(pt, da + done, total - done);
		if (!one)
			break;
		done += one;
	}
	spin_unlock_irqrestore(&pt->lock, flags);
	return done;
}
EXPORT_SYMBOL_IF_KUNIT(omap_pt_unmap);

/* ---- whole table -------------------------------------------------- */

/**
 * omap_pt_init() - allocate an empty level 1 table
 * @pt: the table to set up
 * @dev: the MMU's device, whose walker reads the table; NULL when the
 *       table never reaches a walker (KUnit) or the walker is coherent
 *
 * Context: may sleep.
 * Return: 0, or -ENOMEM (nothing allocated).
 */
int omap_pt_init(struct omap_pt *pt, struct device *dev)
{
	pt->dev = dev;
	pt->nr_l2 = 0;
	spin_lock_init(&pt->lock);
	pt->l1 = omap_pt_alloc_table(pt, OMAP_PT_L1_BYTES, GFP_KERNEL,
				     &pt->l1_pa);
	return pt->l1 ? 0 : -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(omap_pt_init);

/**
 * omap_pt_free() - free a table and every level 2 table it names
 * @pt: the table; no walker may use it any more
 */
void omap_pt_free(struct omap_pt *pt)
{
	unsigned int i;

	if (!pt->l1)
		return;
	for (i = 0; i < OMAP_PT_L1_SLOTS; i++) {
		if (omap_l1_kind(pt->l1[i]) != OMAP_PTE_TABLE)
			continue;
		omap_pt_free_table(pt, omap_pt_l2_table(pt->l1[i]),
				   OMAP_PT_L2_BYTES);
		pt->nr_l2--;
	}
	omap_pt_free_table(pt, pt->l1, OMAP_PT_L1_BYTES);
	pt->l1 = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(omap_pt_free);

static void omap_pt_walk_l2(const u32 *l2, u32 base,
			    void (*fn)(void *arg, u32 da, u32 pa,
				       enum omap_pte_kind kind),
			    void *arg)
{
	enum omap_pte_kind kind;
	unsigned int i;

	for (i = 0; i < OMAP_PT_L2_SLOTS; i++) {
		kind = omap_l2_kind(l2[i]);
		if (kind == OMAP_PTE_NONE)
			continue;
		fn(arg, base + (i << OMAP_PT_L2_SHIFT),
		   omap_pte_leaf_pa(kind, l2[i]), kind);
		if (kind == OMAP_PTE_LARGE)
			i = round_down(i, OMAP_PT_REPLICAS) +
			    OMAP_PT_REPLICAS - 1;
	}
}

/**
 * omap_pt_walk_leaves() - call @fn for every leaf, in address order
 * @pt: the table
 * @fn: called with the leaf's first device address, output address, kind
 * @arg: passed to @fn
 *
 * Context: the caller holds pt->lock or owns the table; @fn must not
 * sleep then.
 */
void omap_pt_walk_leaves(struct omap_pt *pt,
			 void (*fn)(void *arg, u32 da, u32 pa,
				    enum omap_pte_kind kind),
			 void *arg)
{
	enum omap_pte_kind kind;
	unsigned int i;
	u32 d;

	for (i = 0; i < OMAP_PT_L1_SLOTS; i++) {
		d = pt->l1[i];
		kind = omap_l1_kind(d);
		if (kind == OMAP_PTE_TABLE)
			omap_pt_walk_l2(omap_pt_l2_table(d),
					i << OMAP_PT_L1_SHIFT, fn, arg);
		else if (kind != OMAP_PTE_NONE)
			fn(arg, i << OMAP_PT_L1_SHIFT,
			   omap_pte_leaf_pa(kind, d), kind);
		if (kind == OMAP_PTE_SUPER)
			i = round_down(i, OMAP_PT_REPLICAS) +
			    OMAP_PT_REPLICAS - 1;
	}
}
EXPORT_SYMBOL_IF_KUNIT(omap_pt_walk_leaves);

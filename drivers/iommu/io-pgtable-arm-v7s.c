// SPDX-License-Identifier: GPL-2.0-only
/*
 * io-pgtable backend for the Armv7 short-descriptor translation table
 * format (VMSAv7, as also walked by SMMUv1/v2, MediaTek and Qualcomm
 * IOMMUs): a first level of 1M sections or pointers to second-level tables
 * of 4K small pages, plus the 16-entry forms, 16M supersections and 64K
 * large pages.
 *
 * Model: TEX remap with the simplified access permissions, i.e. AP[0] is an
 * access flag, AP[1] grants unprivileged access and AP[2] makes the entry
 * read-only.  TEX[0]:C:B then index PRRR/NMRR, set up here as
 *   1 (B)       device memory
 *   4 (TEX[0])  normal memory, non-cacheable
 *   7 (TEX[0]CB) normal memory, write-back write-allocate, inner shareable
 *
 * MediaTek's extension stores physical address bits 32, 33 and 34 in
 * descriptor bits 9, 4 and 5, which only works with permissions off.
 *
 * Every leaf is written in one canonical shape, the low 12 bits of a small
 * page descriptor ("template"); the encoders below move fields to where a
 * large page, section or supersection keeps them.
 */

#define pr_fmt(fmt)	"io-pgtable-v7s: " fmt

#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/io-pgtable.h>
#include <linux/kernel.h>
#include <linux/kmemleak.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <asm/barrier.h>

/* Geometry */
#define V7S_L1_SHIFT		20
#define V7S_L2_SHIFT		12
#define V7S_L2_ENTRIES		256
#define V7S_L2_BYTES		(V7S_L2_ENTRIES * sizeof(u32))
#define V7S_REPEAT		16	/* entries per large page/supersection */

/* First-level descriptor types and fields */
#define V7S_L1_TYPE		GENMASK(1, 0)
#define V7S_L1_TYPE_TABLE	0x1
#define V7S_L1_SECT_BIT		BIT(1)		/* section or supersection */
#define V7S_L1_TABLE_NS		BIT(3)
#define V7S_L1_TABLE_ADDR	GENMASK(31, 10)
#define V7S_SECT_XN		BIT(4)
#define V7S_SECT_SUPER		BIT(18)
#define V7S_SECT_NS		BIT(19)
#define V7S_SECT_ADDR		GENMASK(31, 20)
#define V7S_SUPER_ADDR		GENMASK(31, 24)
#define V7S_SECT_ATTR		GENMASK(17, 10)

/* Second-level descriptor types and fields */
#define V7S_L2_TYPE		GENMASK(1, 0)
#define V7S_L2_SMALL_BIT	BIT(1)
#define V7S_L2_LARGE		0x1
#define V7S_SMALL_XN		BIT(0)
#define V7S_SMALL_TEX		GENMASK(8, 6)
#define V7S_SMALL_ATTR		GENMASK(11, 4)
#define V7S_SMALL_ADDR		GENMASK(31, 12)
#define V7S_LARGE_TEX		GENMASK(14, 12)
#define V7S_LARGE_XN		BIT(15)
#define V7S_LARGE_ADDR		GENMASK(31, 16)

/* Memory type bits, in the same place at both levels */
#define V7S_B			BIT(2)
#define V7S_C			BIT(3)

/* The attribute byte of a small page, bits [11:4] */
#define V7S_A_AF		BIT(4)		/* AP[0] */
#define V7S_A_EL0		BIT(5)		/* AP[1] */
#define V7S_A_TEX0		BIT(6)		/* TEX[0] */
#define V7S_A_RO		BIT(9)		/* AP[2] */
#define V7S_A_S			BIT(10)
#define V7S_A_NG		BIT(11)

/* MediaTek physical address extension */
#define V7S_MTK_PA32		BIT(9)
#define V7S_MTK_PA33		BIT(4)
#define V7S_MTK_PA34		BIT(5)

/* Register values */
#define V7S_PRRR_TR(idx, type)	((type) << (2 * (idx)))
#define V7S_PRRR_DEVICE		1
#define V7S_PRRR_NORMAL		2
#define V7S_PRRR_DS0		BIT(16)
#define V7S_PRRR_DS1		BIT(17)
#define V7S_PRRR_NS1		BIT(19)
#define V7S_PRRR_NOS(idx)	BIT(24 + (idx))
#define V7S_NMRR_WBWA		1
#define V7S_NMRR_IR(idx, a)	((a) << (2 * (idx)))
#define V7S_NMRR_OR(idx, a)	((a) << (16 + 2 * (idx)))
#define V7S_TTBR_S		BIT(1)
#define V7S_TTBR_RGN_WBWA	BIT(3)		/* RGN = 0b01 */
#define V7S_TTBR_NOS		BIT(5)
#define V7S_TTBR_IRGN0		BIT(6)		/* IRGN = 0b01 */

#ifdef CONFIG_ZONE_DMA32
#define V7S_GFP_LOW		GFP_DMA32
#define V7S_SLAB_LOW		SLAB_CACHE_DMA32
#else
#define V7S_GFP_LOW		GFP_DMA
#define V7S_SLAB_LOW		SLAB_CACHE_DMA
#endif

enum v7s_kind { V7S_SMALL, V7S_LARGE, V7S_SECTION, V7S_SUPER };

struct v7s_pgtable {
	struct io_pgtable	iop;
	u32			*l1;
	unsigned int		l1_entries;
	bool			mtk;		/* PA[34:32] in the descriptor */
	bool			noncoherent;
	struct kmem_cache	*l2_cache;
	spinlock_t		split_lock;	/* rewrites of 16-entry leaves */
	u32			tmpl[64];	/* IOMMU_* prot -> template */
};

static inline struct v7s_pgtable *to_v7s(struct io_pgtable_ops *ops)
{
	return container_of(io_pgtable_ops_to_pgtable(ops),
			    struct v7s_pgtable, iop);
}

/* ---- descriptors ------------------------------------------------------- */

static inline u32 v7s_mtk_bits(const struct v7s_pgtable *pt, u64 pa)
{
	u32 d = 0;

	if (!pt->mtk)
		return 0;
	if (pa & BIT_ULL(32))
		d |= V7S_MTK_PA32;
	if (pa & BIT_ULL(33))
		d |= V7S_MTK_PA33;
	if (pa & BIT_ULL(34))
		d |= V7S_MTK_PA34;
	return d;
}

static inline u64 v7s_mtk_pa(const struct v7s_pgtable *pt, u32 d)
{
	u64 pa = 0;

	if (!pt->mtk)
		return 0;
	if (d & V7S_MTK_PA32)
		pa |= BIT_ULL(32);
	if (d & V7S_MTK_PA33)
		pa |= BIT_ULL(33);
	if (d & V7S_MTK_PA34)
		pa |= BIT_ULL(34);
	return pa;
}

/* Turn a template plus an output address into a leaf of @kind. */
static u32 v7s_leaf(const struct v7s_pgtable *pt, u32 t, enum v7s_kind kind,
		    u64 pa)
{
	u32 xn = t & V7S_SMALL_XN, cb = t & (V7S_B | V7S_C), d;

	switch (kind) {
	case V7S_SMALL:
		d = t | V7S_L2_SMALL_BIT | (pa & V7S_SMALL_ADDR);
		break;
	case V7S_LARGE:
		d = (t & ~(V7S_SMALL_XN | V7S_SMALL_TEX)) | V7S_L2_LARGE |
		    FIELD_PREP(V7S_LARGE_TEX, FIELD_GET(V7S_SMALL_TEX, t)) |
		    (xn ? V7S_LARGE_XN : 0) | (pa & V7S_LARGE_ADDR);
		break;
	default:
		d = FIELD_PREP(V7S_SECT_ATTR, FIELD_GET(V7S_SMALL_ATTR, t)) |
		    cb | V7S_L1_SECT_BIT | (xn ? V7S_SECT_XN : 0);
		if (pt->iop.cfg.quirks & IO_PGTABLE_QUIRK_ARM_NS)
			d |= V7S_SECT_NS;
		if (kind == V7S_SUPER)
			d |= V7S_SECT_SUPER | (pa & V7S_SUPER_ADDR);
		else
			d |= pa & V7S_SECT_ADDR;
		break;
	}
	return d | v7s_mtk_bits(pt, pa);
}

/* What kind of entry @d is at level @lvl; -1 for faults and tables. */
static int v7s_kind_of(u32 d, int lvl)
{
	if (lvl == 1) {
		if (!(d & V7S_L1_SECT_BIT))
			return -1;
		return d & V7S_SECT_SUPER ? V7S_SUPER : V7S_SECTION;
	}
	if (d & V7S_L2_SMALL_BIT)
		return V7S_SMALL;
	return (d & V7S_L2_TYPE) == V7S_L2_LARGE ? V7S_LARGE : -1;
}

static inline bool v7s_is_table(u32 d, int lvl)
{
	return lvl == 1 && (d & V7S_L1_TYPE) == V7S_L1_TYPE_TABLE;
}

static const u32 v7s_addr_mask[] = {
	[V7S_SMALL] = V7S_SMALL_ADDR, [V7S_LARGE] = V7S_LARGE_ADDR,
	[V7S_SECTION] = V7S_SECT_ADDR, [V7S_SUPER] = V7S_SUPER_ADDR,
};

static const u8 v7s_span_shift[] = {
	[V7S_SMALL] = 12, [V7S_LARGE] = 16, [V7S_SECTION] = 20, [V7S_SUPER] = 24,
};

/* Output address of a leaf of @kind */
static u64 v7s_leaf_pa(const struct v7s_pgtable *pt, u32 d, int kind)
{
	return (d & v7s_addr_mask[kind]) | v7s_mtk_pa(pt, d);
}

/* Recover the template of a leaf: the inverse of v7s_leaf() */
static u32 v7s_template_of(const struct v7s_pgtable *pt, u32 d, int kind)
{
	u32 t;

	/* the MediaTek address bits overlay attribute positions */
	if (pt->mtk)
		d &= ~(V7S_MTK_PA32 | V7S_MTK_PA33 | V7S_MTK_PA34);
	switch (kind) {
	case V7S_SMALL:
		t = d & (V7S_SMALL_ATTR | V7S_B | V7S_C | V7S_SMALL_XN);
		break;
	case V7S_LARGE:
		t = (d & (V7S_SMALL_ATTR & ~V7S_SMALL_TEX)) | (d & (V7S_B | V7S_C)) |
		    FIELD_PREP(V7S_SMALL_TEX, FIELD_GET(V7S_LARGE_TEX, d)) |
		    (d & V7S_LARGE_XN ? V7S_SMALL_XN : 0);
		break;
	default:
		t = FIELD_PREP(V7S_SMALL_ATTR, FIELD_GET(V7S_SECT_ATTR, d)) |
		    (d & (V7S_B | V7S_C)) | (d & V7S_SECT_XN ? V7S_SMALL_XN : 0);
		break;
	}
	return t;
}

static u32 v7s_template_for(const struct io_pgtable_cfg *cfg, int prot)
{
	bool perms = !(cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS);
	u32 t = V7S_A_NG | V7S_A_S;

	if (prot & IOMMU_MMIO)
		t |= V7S_B;			/* index 1 */
	else if (prot & IOMMU_CACHE)
		t |= V7S_A_TEX0 | V7S_C | V7S_B;	/* index 7 */
	else
		t |= V7S_A_TEX0;		/* index 4 */

	if (perms) {
		t |= V7S_A_AF;
		if (!(prot & IOMMU_PRIV))
			t |= V7S_A_EL0;
		if (!(prot & IOMMU_WRITE))
			t |= V7S_A_RO;
		if (prot & IOMMU_NOEXEC)
			t |= V7S_SMALL_XN;
	}
	return t;
}

/* ---- table memory ------------------------------------------------------ */

static size_t v7s_table_bytes(const struct v7s_pgtable *pt, int lvl)
{
	return lvl == 1 ? pt->l1_entries * sizeof(u32) : V7S_L2_BYTES;
}

static void v7s_sync(const struct v7s_pgtable *pt, u32 *ptep, size_t n)
{
	if (pt->noncoherent)
		dma_sync_single_for_device(pt->iop.cfg.iommu_dev,
					   virt_to_phys(ptep), n * sizeof(*ptep),
					   DMA_TO_DEVICE);
}

static void v7s_free_mem(struct v7s_pgtable *pt, void *va, int lvl)
{
	struct io_pgtable_cfg *cfg = &pt->iop.cfg;
	size_t size = v7s_table_bytes(pt, lvl);

	if (cfg->free)
		cfg->free(pt->iop.cookie, va, size);
	else if (lvl == 1)
		free_pages((unsigned long)va, get_order(size));
	else
		kmem_cache_free(pt->l2_cache, va);
}

static void v7s_put_table(struct v7s_pgtable *pt, void *va, int lvl)
{
	if (pt->noncoherent)
		dma_unmap_single(pt->iop.cfg.iommu_dev, virt_to_phys(va),
				 v7s_table_bytes(pt, lvl), DMA_TO_DEVICE);
	v7s_free_mem(pt, va, lvl);
}

static u32 *v7s_get_table(struct v7s_pgtable *pt, int lvl, gfp_t gfp)
{
	struct io_pgtable_cfg *cfg = &pt->iop.cfg;
	bool ttbr_ext = cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT;
	size_t size = v7s_table_bytes(pt, lvl);
	struct device *dev = cfg->iommu_dev;
	phys_addr_t phys;
	dma_addr_t dma;
	void *va;

	if (cfg->alloc)
		va = cfg->alloc(pt->iop.cookie, size, gfp);
	else if (lvl == 1)
		va = (void *)__get_free_pages((ttbr_ext ? GFP_KERNEL : V7S_GFP_LOW) |
					      __GFP_ZERO, get_order(size));
	else
		va = kmem_cache_zalloc(pt->l2_cache, gfp);
	if (!va)
		return NULL;

	/* Table pointers are 32 bits, or oas bits with the TTBR extension */
	phys = virt_to_phys(va);
	if (ttbr_ext ? (u64)phys >> cfg->oas : (u64)phys >> 32) {
		dev_err(dev, "io-pgtable: table at %pa out of reach\n", &phys);
		goto free;
	}
	if (pt->noncoherent) {
		dma = dma_map_single(dev, va, size, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma))
			goto free;
		if (dma != phys) {
			dev_err(dev, "io-pgtable: table at %pa is not reachable 1:1\n",
				&phys);
			dma_unmap_single(dev, dma, size, DMA_TO_DEVICE);
			goto free;
		}
	}
	/* second-level tables are only referenced by physical address */
	if (lvl == 2 && !cfg->alloc)
		kmemleak_ignore(va);
	return va;
free:
	v7s_free_mem(pt, va, lvl);
	return NULL;
}

static inline u32 *v7s_table_va(const struct v7s_pgtable *pt, u32 d)
{
	return phys_to_virt((d & V7S_L1_TABLE_ADDR) | v7s_mtk_pa(pt, d));
}

/*
 * Hook @table into the first-level entry @ptep in place of @old, after
 * making its contents visible.  Returns what the entry held.
 */
static u32 v7s_publish(struct v7s_pgtable *pt, u32 *ptep, u32 old, u32 *table)
{
	struct io_pgtable_cfg *cfg = &pt->iop.cfg;
	u64 phys = virt_to_phys(table);
	u32 desc = (phys & V7S_L1_TABLE_ADDR) | V7S_L1_TYPE_TABLE, seen;

	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT)
		desc |= v7s_mtk_bits(pt, phys);
	if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS)
		desc |= V7S_L1_TABLE_NS;

	v7s_sync(pt, table, V7S_L2_ENTRIES);
	dma_wmb();
	seen = cmpxchg_relaxed(ptep, old, desc);
	v7s_sync(pt, ptep, 1);
	return seen;
}

/* ---- map --------------------------------------------------------------- */

static inline unsigned int v7s_l1_index(const struct v7s_pgtable *pt, u64 iova)
{
	return (iova >> V7S_L1_SHIFT) & (pt->l1_entries - 1);
}

static inline unsigned int v7s_l2_index(u64 iova)
{
	return (iova >> V7S_L2_SHIFT) & (V7S_L2_ENTRIES - 1);
}

/*
 * Walk to the first-level entry for @iova and, when @lvl is 2, through it
 * to the second-level entry, making the table if @gfp allows.  Returns
 * NULL with *@err set when the walk cannot reach @lvl.
 */
static u32 *v7s_walk(struct v7s_pgtable *pt, u64 iova, int lvl, bool make,
		     gfp_t gfp, int *err)
{
	u32 *ptep = pt->l1 + v7s_l1_index(pt, iova);
	u32 d, *table;

	if (lvl == 1)
		return ptep;
	for (;;) {
		d = READ_ONCE(*ptep);
		if (v7s_is_table(d, 1))
			return v7s_table_va(pt, d) + v7s_l2_index(iova);
		if (d || !make) {
			*err = d ? -EEXIST : -ENOENT;
			return NULL;
		}
		table = v7s_get_table(pt, 2, gfp);
		if (!table) {
			*err = -ENOMEM;
			return NULL;
		}
		if (v7s_publish(pt, ptep, 0, table))
			v7s_put_table(pt, table, 2);
	}
}

/* Unhook and free empty second-level tables in [@ptep, @ptep + @n). */
static bool v7s_clear_for_leaves(struct v7s_pgtable *pt, u32 *ptep,
				 unsigned int n, int lvl, u64 iova)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		u32 d = READ_ONCE(ptep[i]), *sub;

		if (!d)
			continue;
		if (!v7s_is_table(d, lvl))
			return false;
		sub = v7s_table_va(pt, d);
		for (j = 0; j < V7S_L2_ENTRIES; j++)
			if (READ_ONCE(sub[j]))
				return false;
	}
	for (i = 0; i < n; i++) {
		u32 d = READ_ONCE(ptep[i]);

		if (!d)
			continue;
		WRITE_ONCE(ptep[i], 0);
		v7s_sync(pt, &ptep[i], 1);
		io_pgtable_tlb_flush_walk(&pt->iop, iova + ((u64)i << V7S_L1_SHIFT),
					  SZ_1M, SZ_4K);
		v7s_put_table(pt, v7s_table_va(pt, d), 2);
	}
	return true;
}

static int v7s_map_one(struct v7s_pgtable *pt, u64 iova, u64 pa, u32 t,
		       enum v7s_kind kind, gfp_t gfp)
{
	int lvl = kind >= V7S_SECTION ? 1 : 2, err = 0;
	unsigned int i, n = kind == V7S_LARGE || kind == V7S_SUPER ?
			    V7S_REPEAT : 1;
	u32 *ptep, d, any = 0;

	ptep = v7s_walk(pt, iova, lvl, true, gfp, &err);
	if (!ptep)
		return err;
	for (i = 0; i < n; i++)
		any |= READ_ONCE(ptep[i]);
	if (any && !v7s_clear_for_leaves(pt, ptep, n, lvl, iova))
		return -EEXIST;

	/* A 16-entry leaf is the same descriptor repeated */
	d = v7s_leaf(pt, t, kind, pa);
	for (i = 0; i < n; i++)
		WRITE_ONCE(ptep[i], d);
	v7s_sync(pt, ptep, n);
	return 0;
}

static bool v7s_unmap_one(struct v7s_pgtable *pt, u64 iova, int kind,
			  struct iommu_iotlb_gather *gather);

static int v7s_kind_for(size_t pgsize)
{
	switch (pgsize) {
	case SZ_4K:
		return V7S_SMALL;
	case SZ_64K:
		return V7S_LARGE;
	case SZ_1M:
		return V7S_SECTION;
	case SZ_16M:
		return V7S_SUPER;
	}
	return -1;
}

static bool v7s_args_ok(struct v7s_pgtable *pt, unsigned long iova,
			size_t pgsize, size_t pgcount, u64 *bytes)
{
	struct io_pgtable_cfg *cfg = &pt->iop.cfg;

	return pgcount && (pgsize & cfg->pgsize_bitmap) == pgsize &&
	       v7s_kind_for(pgsize) >= 0 && !(iova & (pgsize - 1)) &&
	       !check_mul_overflow((u64)pgsize, (u64)pgcount, bytes) &&
	       (u64)iova + *bytes <= BIT_ULL(cfg->ias);
}

static int v7s_map_pages(struct io_pgtable_ops *ops, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped)
{
	struct v7s_pgtable *pt = to_v7s(ops);
	struct io_pgtable_cfg *cfg = &pt->iop.cfg;
	int kind = v7s_kind_for(pgsize), ret = 0;
	size_t i, j;
	u64 bytes;
	u32 t;

	if (!pgcount || !(prot & (IOMMU_READ | IOMMU_WRITE)) || kind < 0 ||
	    (pgsize & cfg->pgsize_bitmap) != pgsize ||
	    ((iova | paddr) & (pgsize - 1)))
		return -EINVAL;
	if (!v7s_args_ok(pt, iova, pgsize, pgcount, &bytes) ||
	    (u64)paddr >= BIT_ULL(cfg->oas) ||
	    (u64)paddr + bytes > BIT_ULL(cfg->oas))
		return -ERANGE;

	t = pt->tmpl[prot & 63];
	for (i = 0; i < pgcount; i++) {
		ret = v7s_map_one(pt, iova + i * pgsize, paddr + i * pgsize, t,
				  kind, gfp);
		if (ret)
			break;
	}
	/* a refused request leaves nothing behind */
	if (ret) {
		for (j = 0; j < i; j++)
			v7s_unmap_one(pt, iova + j * pgsize, kind, NULL);
		i = 0;
	}
	*mapped += i * pgsize;
	/* Leaves must be visible before the caller lets a device use them. */
	wmb();
	return ret;
}

/* ---- unmap ------------------------------------------------------------- */

/* Rewrite the 16-entry leaf containing @ptep as 16 single entries. */
static void v7s_split_repeat(struct v7s_pgtable *pt, u32 *ptep, int lvl,
			     u64 iova)
{
	unsigned int sh = lvl == 1 ? V7S_L1_SHIFT : V7S_L2_SHIFT, i;
	int kind = lvl == 1 ? V7S_SECTION : V7S_SMALL;
	unsigned long flags;
	u32 d, t;
	u64 pa;

	spin_lock_irqsave(&pt->split_lock, flags);
	d = READ_ONCE(*ptep);
	if (v7s_kind_of(d, lvl) == kind + 1) {
		ptep = (u32 *)((uintptr_t)ptep &
			       ~(uintptr_t)(V7S_REPEAT * sizeof(u32) - 1));
		t = v7s_template_of(pt, d, kind + 1);
		pa = v7s_leaf_pa(pt, d, kind + 1);
		for (i = 0; i < V7S_REPEAT; i++)
			WRITE_ONCE(ptep[i],
				   v7s_leaf(pt, t, kind, pa + ((u64)i << sh)));
		v7s_sync(pt, ptep, V7S_REPEAT);
		iova &= ~(((u64)V7S_REPEAT << sh) - 1);
		io_pgtable_tlb_flush_walk(&pt->iop, iova, V7S_REPEAT << sh,
					  V7S_REPEAT << sh);
	}
	spin_unlock_irqrestore(&pt->split_lock, flags);
}

/* Replace the section at @ptep by a table of small pages mapping the same. */
static bool v7s_split_section(struct v7s_pgtable *pt, u32 *ptep, u32 sect)
{
	u32 t = v7s_template_of(pt, sect, V7S_SECTION), *table;
	u64 pa = v7s_leaf_pa(pt, sect, V7S_SECTION);
	unsigned int i;

	table = v7s_get_table(pt, 2, GFP_ATOMIC);
	if (!table)
		return false;
	for (i = 0; i < V7S_L2_ENTRIES; i++)
		table[i] = v7s_leaf(pt, t, V7S_SMALL, pa + ((u64)i << V7S_L2_SHIFT));
	if (v7s_publish(pt, ptep, sect, table) != sect)
		v7s_put_table(pt, table, 2);
	return true;
}

/* Unmap one @pgsize unit at @iova; returns false if nothing was there. */
static bool v7s_unmap_one(struct v7s_pgtable *pt, u64 iova, int kind,
			  struct iommu_iotlb_gather *gather)
{
	struct io_pgtable *iop = &pt->iop;
	int lvl = kind >= V7S_SECTION ? 1 : 2, err, k, i;
	int n = kind == V7S_LARGE || kind == V7S_SUPER ? V7S_REPEAT : 1;
	size_t span = lvl == 1 ? SZ_1M : SZ_4K;
	u32 *ptep, d;

	for (;;) {
		ptep = v7s_walk(pt, iova, lvl, false, 0, &err);
		if (ptep)
			break;
		if (err != -EEXIST)
			return false;
		/* a section or supersection covers part of what we unmap */
		ptep = pt->l1 + v7s_l1_index(pt, iova);
		d = READ_ONCE(*ptep);
		if (v7s_kind_of(d, 1) == V7S_SUPER)
			v7s_split_repeat(pt, ptep, 1, iova);
		else if (v7s_kind_of(d, 1) == V7S_SECTION &&
			 !v7s_split_section(pt, ptep, d))
			return false;
	}

	for (i = 0, d = 0; i < n; i++)
		d |= READ_ONCE(ptep[i]);
	if (!d)
		return false;
	d = READ_ONCE(*ptep);
	k = v7s_kind_of(d, lvl);
	if (n == 1 && (k == V7S_LARGE || k == V7S_SUPER))
		v7s_split_repeat(pt, ptep, lvl, iova);

	for (i = 0; i < n; i++) {
		d = READ_ONCE(ptep[i]);
		WRITE_ONCE(ptep[i], 0);
		if (v7s_is_table(d, lvl)) {
			v7s_sync(pt, &ptep[i], 1);
			io_pgtable_tlb_flush_walk(iop, iova + i * span, span,
						  SZ_4K);
			v7s_put_table(pt, v7s_table_va(pt, d), 2);
		} else if (d && gather && !iommu_iotlb_gather_queued(gather)) {
			io_pgtable_tlb_add_page(iop, gather, iova + i * span,
						span);
		}
	}
	v7s_sync(pt, ptep, n);
	return true;
}

static size_t v7s_unmap_pages(struct io_pgtable_ops *ops, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *gather)
{
	struct v7s_pgtable *pt = to_v7s(ops);
	int kind = v7s_kind_for(pgsize);
	size_t done = 0;
	u64 bytes;

	if (!v7s_args_ok(pt, iova, pgsize, pgcount, &bytes))
		return 0;
	for (; pgcount; pgcount--) {
		if (!v7s_unmap_one(pt, iova, kind, gather))
			break;
		iova += pgsize;
		done += pgsize;
	}
	return done;
}

static phys_addr_t v7s_iova_to_phys(struct io_pgtable_ops *ops,
				    unsigned long iova)
{
	struct v7s_pgtable *pt = to_v7s(ops);
	u32 d, *ptep;
	int lvl = 1, kind;

	if ((u64)iova >> pt->iop.cfg.ias)
		return 0;
	ptep = pt->l1 + v7s_l1_index(pt, iova);
	d = READ_ONCE(*ptep);
	if (v7s_is_table(d, 1)) {
		lvl = 2;
		d = READ_ONCE(v7s_table_va(pt, d)[v7s_l2_index(iova)]);
	}
	kind = v7s_kind_of(d, lvl);
	if (kind < 0)
		return 0;
	return v7s_leaf_pa(pt, d, kind) |
	       (iova & (BIT(v7s_span_shift[kind]) - 1));
}

/* ---- construction ------------------------------------------------------ */

static void v7s_free(struct io_pgtable *iop)
{
	struct v7s_pgtable *pt = container_of(iop, struct v7s_pgtable, iop);
	unsigned int i;

	for (i = 0; i < pt->l1_entries; i++)
		if (v7s_is_table(pt->l1[i], 1))
			v7s_put_table(pt, v7s_table_va(pt, pt->l1[i]), 2);
	v7s_put_table(pt, pt->l1, 1);
	kmem_cache_destroy(pt->l2_cache);
	kfree(pt);
}

static struct io_pgtable *v7s_alloc(struct io_pgtable_cfg *cfg, void *cookie)
{
	const unsigned long ok = IO_PGTABLE_QUIRK_ARM_NS |
		IO_PGTABLE_QUIRK_NO_PERMS | IO_PGTABLE_QUIRK_ARM_MTK_EXT |
		IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT;
	bool mtk = IS_ENABLED(CONFIG_PHYS_ADDR_T_64BIT) &&
		   (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_EXT);
	struct v7s_pgtable *pt;
	u64 phys;
	int p;

	if (cfg->quirks & ~ok)
		return NULL;
	if (cfg->ias > (mtk ? 34 : 32) || cfg->oas > (mtk ? 35 : 32) ||
	    cfg->ias < 21)
		return NULL;
	/* the address extension takes the bits of the permission fields */
	if ((cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_EXT) &&
	    !(cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS))
		return NULL;
	if ((cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT) && !mtk)
		return NULL;

	pt = kzalloc(sizeof(*pt), GFP_KERNEL);
	if (!pt)
		return NULL;
	spin_lock_init(&pt->split_lock);
	pt->mtk = mtk;
	pt->noncoherent = !cfg->coherent_walk;
	pt->l1_entries = 1U << (cfg->ias - V7S_L1_SHIFT);

	/* 16M supersections only if the driver offered them */
	cfg->pgsize_bitmap &= SZ_4K | SZ_64K | SZ_1M | SZ_16M;
	pt->iop.cfg = *cfg;
	pt->iop.cookie = cookie;
	for (p = 0; p < ARRAY_SIZE(pt->tmpl); p++)
		pt->tmpl[p] = v7s_template_for(cfg, p);

	if (!cfg->alloc) {
		bool ext = cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT;

		pt->l2_cache = kmem_cache_create("io-pgtable-v7s-l2",
						 V7S_L2_BYTES, V7S_L2_BYTES,
						 ext ? 0 : V7S_SLAB_LOW, NULL);
		if (!pt->l2_cache)
			goto fail;
	}

	pt->l1 = v7s_get_table(pt, 1, GFP_KERNEL);
	if (!pt->l1)
		goto fail;
	/* An empty table must be visible before its base reaches a register */
	wmb();

	cfg->arm_v7s_cfg.tcr = 0;	/* TTBCR.N = 0: TTBR0 covers it all */
	cfg->arm_v7s_cfg.prrr = V7S_PRRR_TR(1, V7S_PRRR_DEVICE) |
				V7S_PRRR_TR(4, V7S_PRRR_NORMAL) |
				V7S_PRRR_TR(7, V7S_PRRR_NORMAL) |
				V7S_PRRR_DS0 | V7S_PRRR_DS1 | V7S_PRRR_NS1 |
				V7S_PRRR_NOS(7);
	cfg->arm_v7s_cfg.nmrr = V7S_NMRR_IR(7, V7S_NMRR_WBWA) |
				V7S_NMRR_OR(7, V7S_NMRR_WBWA);

	phys = virt_to_phys(pt->l1);
	if (mtk)
		cfg->arm_v7s_cfg.ttbr = lower_32_bits(phys) | upper_32_bits(phys);
	else if (cfg->coherent_walk)
		cfg->arm_v7s_cfg.ttbr = phys | V7S_TTBR_S | V7S_TTBR_NOS |
					V7S_TTBR_IRGN0 | V7S_TTBR_RGN_WBWA;
	else
		cfg->arm_v7s_cfg.ttbr = phys | V7S_TTBR_S;
	pt->iop.cfg = *cfg;

	pt->iop.ops = (struct io_pgtable_ops) {
		.map_pages	= v7s_map_pages,
		.unmap_pages	= v7s_unmap_pages,
		.iova_to_phys	= v7s_iova_to_phys,
	};
	return &pt->iop;

fail:
	kmem_cache_destroy(pt->l2_cache);
	kfree(pt);
	return NULL;
}

struct io_pgtable_init_fns io_pgtable_arm_v7s_init_fns = {
	.caps	= IO_PGTABLE_CAP_CUSTOM_ALLOCATOR,
	.alloc	= v7s_alloc,
	.free	= v7s_free,
};

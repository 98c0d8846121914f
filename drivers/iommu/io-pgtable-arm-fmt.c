// SPDX-License-Identifier: GPL-2.0-only
/*
 * io-pgtable backend for the Arm long-descriptor translation table format:
 * the formats themselves.
 *
 * Layout of this file:
 *  - the leaf attributes of each IOMMU_* protection, per format;
 *  - table memory: allocation, release, cache maintenance for walkers
 *    that miss the CPU caches, publishing a new table;
 *  - construction: granule and level geometry, then stage 1, stage 2,
 *    their 32-bit LPAE variants and Mali, with the register values each
 *    reports in struct io_pgtable_cfg.
 * The operations on a table are in io-pgtable-arm.c.
 */

#define pr_fmt(fmt)	"io-pgtable-arm: " fmt

#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/io-pgtable-domain.h>
#include <linux/io-pgtable.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <asm/barrier.h>

#include "io-pgtable-arm-lpae.h"
#include "iommu-pages.h"

/* ---- leaf attributes --------------------------------------------------- */

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

void lpae_release(struct lpae_pgtable *pt, void *va, size_t size)
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

u64 *lpae_get_table(struct lpae_pgtable *pt, size_t size, gfp_t gfp)
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
void lpae_free_tree(struct lpae_pgtable *pt, u64 *table, int lvl,
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
bool lpae_tree_empty(struct lpae_pgtable *pt, u64 *table, int lvl)
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

static u64 lpae_table_desc(const struct lpae_pgtable *pt, u64 *table)
{
	u64 d = lpae_oa_encode(pt, virt_to_phys(table)) | LPAE_TYPE_NEXT;

	if (pt->iop.cfg.quirks & IO_PGTABLE_QUIRK_ARM_NS)
		d |= LPAE_DESC_NSTABLE;
	return d;
}

/*
 * Publish a table: make its contents visible to the walker, then swap it
 * in for @old.  Returns the value found in the entry, which is @old when
 * the table went in.
 */
u64 lpae_publish(struct lpae_pgtable *pt, u64 *ptep, u64 old, u64 *table)
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

	pt->iop.ops = lpae_ops;
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

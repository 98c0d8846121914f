/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the two halves of the LPAE io-pgtable backend share: the table
 * structure, the geometry of a granule, descriptor decoding, and the table
 * memory helpers.  io-pgtable-arm.c walks, maps and unmaps;
 * io-pgtable-arm-fmt.c builds each format, owns the table memory and
 * reports the register values.  Private to those two files.
 */
#ifndef __IOMMU_IO_PGTABLE_ARM_LPAE_H
#define __IOMMU_IO_PGTABLE_ARM_LPAE_H

#include <linux/dma-mapping.h>
#include <linux/io-pgtable.h>
#include <linux/kernel.h>

#include "io-pgtable-arm.h"

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

/* Push @n entries from @ptep out to a walker that misses the CPU caches. */
static inline void lpae_sync(const struct lpae_pgtable *pt, u64 *ptep,
			     size_t n)
{
	dma_sync_single_for_device(pt->iop.cfg.iommu_dev, virt_to_phys(ptep),
				   n * sizeof(*ptep), DMA_TO_DEVICE);
}

/* ---- table memory (io-pgtable-arm-fmt.c) ------------------------------- */

u64 *lpae_get_table(struct lpae_pgtable *pt, size_t size, gfp_t gfp);
void lpae_release(struct lpae_pgtable *pt, void *va, size_t size);
void lpae_free_tree(struct lpae_pgtable *pt, u64 *table, int lvl,
		    size_t bytes);
bool lpae_tree_empty(struct lpae_pgtable *pt, u64 *table, int lvl);
u64 lpae_publish(struct lpae_pgtable *pt, u64 *ptep, u64 old, u64 *table);

/* map, unmap and lookups (io-pgtable-arm.c) */
extern const struct io_pgtable_ops lpae_ops;

#endif /* __IOMMU_IO_PGTABLE_ARM_LPAE_H */

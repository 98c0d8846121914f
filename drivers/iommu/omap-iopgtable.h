/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The OMAP MMU page-table format: every bit of a descriptor is named and
 * decoded here and nowhere else (the algorithms are in
 * omap-iommu-pgtable.c).
 *
 * File map:
 *   geometry            sizes of the two levels and of the four leaves
 *   level 1 descriptor  OMAP_L1_* fields: fault, table, section, supersection
 *   level 2 descriptor  OMAP_L2_* fields: fault, large page, small page
 *   kinds               enum omap_pte_kind and the size of each leaf kind
 *   decode / encode     pure functions from a descriptor to (kind, address)
 *                       and back
 *
 * Vocabulary: "da" is a device address (what the master emits), "pa" the
 * physical address it translates to; both are 32 bits wide on every OMAP
 * MMU.  The level 1 table has 4096 slots of 1 MiB, the level 2 table 256
 * slots of 4 KiB.  A supersection fills 16 aligned level 1 slots, a large
 * page 16 aligned level 2 slots, each slot holding the same descriptor
 * (TI OMAP4 / DRA7 TRM, MMU chapter, "Translation tables").
 */
#ifndef _OMAP_IOPGTABLE_H
#define _OMAP_IOPGTABLE_H

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/sizes.h>
#include <linux/types.h>

/* ---- geometry ----------------------------------------------------- */

#define OMAP_PT_L1_SHIFT	20
#define OMAP_PT_L1_SLOTS	4096
#define OMAP_PT_L1_BYTES	(OMAP_PT_L1_SLOTS * sizeof(u32))
#define OMAP_PT_L2_SHIFT	12
#define OMAP_PT_L2_SLOTS	256
#define OMAP_PT_L2_BYTES	(OMAP_PT_L2_SLOTS * sizeof(u32))
/* slots one supersection (level 1) or one large page (level 2) fills */
#define OMAP_PT_REPLICAS	16

/* the level 1 table covers exactly the 32-bit device address space */
static_assert((u64)OMAP_PT_L1_SLOTS << OMAP_PT_L1_SHIFT == SZ_4G);
/* a level 2 table covers exactly one level 1 slot */
static_assert(OMAP_PT_L2_SLOTS << OMAP_PT_L2_SHIFT == SZ_1M);
/* the walker needs the level 1 table aligned to its size (TTB[31:14]) */
static_assert(OMAP_PT_L1_BYTES == SZ_16K);

#define OMAP_PT_PGSIZES		(SZ_4K | SZ_64K | SZ_1M | SZ_16M)

static inline unsigned int omap_pt_l1_index(u32 da)
{
	return da >> OMAP_PT_L1_SHIFT;
}

static inline unsigned int omap_pt_l2_index(u32 da)
{
	return (da >> OMAP_PT_L2_SHIFT) & (OMAP_PT_L2_SLOTS - 1);
}

/* ---- level 1 descriptor ------------------------------------------- */

#define OMAP_L1_TYPE		GENMASK(1, 0)
#define   OMAP_L1_TYPE_FAULT	0
#define   OMAP_L1_TYPE_TABLE	1
#define   OMAP_L1_TYPE_SECTION	2	/* section or supersection */
#define OMAP_L1_TABLE_ADDR	GENMASK(31, 10)
#define OMAP_L1_SECT_ADDR	GENMASK(31, 20)
#define OMAP_L1_SUPER_ADDR	GENMASK(31, 24)
#define OMAP_L1_SECT_ES		GENMASK(11, 10)	/* element size, endianness */
#define OMAP_L1_SECT_E		BIT(15)		/* big-endian conversion */
#define OMAP_L1_SECT_SUPER	BIT(18)
#define OMAP_L1_SECT_M		BIT(17)		/* mixed region */

/* ---- level 2 descriptor ------------------------------------------- */

#define OMAP_L2_TYPE		GENMASK(1, 0)
#define   OMAP_L2_TYPE_FAULT	0
#define   OMAP_L2_TYPE_LARGE	1
#define OMAP_L2_SMALL		BIT(1)		/* set: small page (bit 0 free) */
#define OMAP_L2_SMALL_ADDR	GENMASK(31, 12)
#define OMAP_L2_LARGE_ADDR	GENMASK(31, 16)
#define OMAP_L2_ES		GENMASK(5, 4)
#define OMAP_L2_E		BIT(9)
#define OMAP_L2_M		BIT(11)

/*
 * Attributes: the ES, E and M fields only matter when the MMU converts
 * endianness for a master; every mapping of ours is little-endian with no
 * conversion and no mixed region, so they stay zero in every descriptor
 * the encoders below build.
 */

/* ---- kinds -------------------------------------------------------- */

enum omap_pte_kind {
	OMAP_PTE_NONE,		/* fault (or a reserved encoding) */
	OMAP_PTE_TABLE,		/* level 1: points at a level 2 table */
	OMAP_PTE_SUPER,		/* 16 MiB */
	OMAP_PTE_SECTION,	/* 1 MiB */
	OMAP_PTE_LARGE,		/* 64 KiB */
	OMAP_PTE_SMALL,		/* 4 KiB */
};

/* bytes a leaf of @kind maps; 0 for a table or nothing */
static inline u32 omap_pte_leaf_size(enum omap_pte_kind kind)
{
	switch (kind) {
	case OMAP_PTE_SUPER:
		return SZ_16M;
	case OMAP_PTE_SECTION:
		return SZ_1M;
	case OMAP_PTE_LARGE:
		return SZ_64K;
	case OMAP_PTE_SMALL:
		return SZ_4K;
	default:
		return 0;
	}
}

/* the leaf kind that maps @size bytes, or OMAP_PTE_NONE for no leaf size */
static inline enum omap_pte_kind omap_pte_kind_for(size_t size)
{
	switch (size) {
	case SZ_16M:
		return OMAP_PTE_SUPER;
	case SZ_1M:
		return OMAP_PTE_SECTION;
	case SZ_64K:
		return OMAP_PTE_LARGE;
	case SZ_4K:
		return OMAP_PTE_SMALL;
	default:
		return OMAP_PTE_NONE;
	}
}

/* whether a leaf of @kind lives in a level 1 table */
static inline bool omap_pte_kind_is_l1(enum omap_pte_kind kind)
{
	return kind == OMAP_PTE_SUPER || kind == OMAP_PTE_SECTION;
}

/* ---- decode ------------------------------------------------------- */

static inline enum omap_pte_kind omap_l1_kind(u32 desc)
{
	switch (FIELD_GET(OMAP_L1_TYPE, desc)) {
	case OMAP_L1_TYPE_TABLE:
		return OMAP_PTE_TABLE;
	case OMAP_L1_TYPE_SECTION:
		return desc & OMAP_L1_SECT_SUPER ? OMAP_PTE_SUPER :
						   OMAP_PTE_SECTION;
	default:
		return OMAP_PTE_NONE;
	}
}

static inline enum omap_pte_kind omap_l2_kind(u32 desc)
{
	if (desc & OMAP_L2_SMALL)
		return OMAP_PTE_SMALL;
	if (FIELD_GET(OMAP_L2_TYPE, desc) == OMAP_L2_TYPE_LARGE)
		return OMAP_PTE_LARGE;
	return OMAP_PTE_NONE;
}

/* physical address of the level 2 table a table descriptor points at */
static inline u32 omap_l1_table_pa(u32 desc)
{
	return desc & OMAP_L1_TABLE_ADDR;
}

/* output base address of a leaf descriptor of @kind */
static inline u32 omap_pte_leaf_pa(enum omap_pte_kind kind, u32 desc)
{
	switch (kind) {
	case OMAP_PTE_SUPER:
		return desc & OMAP_L1_SUPER_ADDR;
	case OMAP_PTE_SECTION:
		return desc & OMAP_L1_SECT_ADDR;
	case OMAP_PTE_LARGE:
		return desc & OMAP_L2_LARGE_ADDR;
	case OMAP_PTE_SMALL:
		return desc & OMAP_L2_SMALL_ADDR;
	default:
		return 0;
	}
}

/* ---- encode ------------------------------------------------------- */

/* @l2_pa: a level 2 table, aligned to OMAP_PT_L2_BYTES */
static inline u32 omap_l1_mk_table(u32 l2_pa)
{
	return (l2_pa & OMAP_L1_TABLE_ADDR) |
	       FIELD_PREP(OMAP_L1_TYPE, OMAP_L1_TYPE_TABLE);
}

/* the descriptor of a leaf of @kind at @pa (aligned to its size) */
static inline u32 omap_pte_mk_leaf(enum omap_pte_kind kind, u32 pa)
{
	u32 sect = FIELD_PREP(OMAP_L1_TYPE, OMAP_L1_TYPE_SECTION);

	switch (kind) {
	case OMAP_PTE_SUPER:
		return (pa & OMAP_L1_SUPER_ADDR) | sect | OMAP_L1_SECT_SUPER;
	case OMAP_PTE_SECTION:
		return (pa & OMAP_L1_SECT_ADDR) | sect;
	case OMAP_PTE_LARGE:
		return (pa & OMAP_L2_LARGE_ADDR) |
		       FIELD_PREP(OMAP_L2_TYPE, OMAP_L2_TYPE_LARGE);
	case OMAP_PTE_SMALL:
		return (pa & OMAP_L2_SMALL_ADDR) | OMAP_L2_SMALL;
	default:
		return 0;
	}
}

#endif /* _OMAP_IOPGTABLE_H */

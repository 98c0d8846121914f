/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arm long-descriptor (VMSAv8-64 / LPAE) translation table format: the
 * register field values that io-pgtable-arm reports in struct
 * io_pgtable_cfg, and the descriptor layout it writes.  Drivers that build
 * their own context descriptors (SMMUv3 shared virtual addressing) use the
 * TCR values; the KUnit test uses the descriptor layout.
 */
#ifndef __IOMMU_IO_PGTABLE_ARM_PRIV_H
#define __IOMMU_IO_PGTABLE_ARM_PRIV_H

#include <linux/bits.h>

/* Translation granule, as encoded in TCR.TG0 and in VTCR.TG0. */
enum {
	ARM_LPAE_TCR_TG0_4K	= 0x0,
	ARM_LPAE_TCR_TG0_64K	= 0x1,
	ARM_LPAE_TCR_TG0_16K	= 0x2,
};

/* Translation granule, as encoded in TCR.TG1 (a different code). */
enum {
	ARM_LPAE_TCR_TG1_16K	= 0x1,
	ARM_LPAE_TCR_TG1_4K	= 0x2,
	ARM_LPAE_TCR_TG1_64K	= 0x3,
};

/* Shareability of table walks (TCR.SH0). */
enum {
	ARM_LPAE_TCR_SH_NS	= 0x0,
	ARM_LPAE_TCR_SH_OS	= 0x2,
	ARM_LPAE_TCR_SH_IS	= 0x3,
};

/* Cacheability of table walks (TCR.IRGN0 and TCR.ORGN0). */
enum {
	ARM_LPAE_TCR_RGN_NC	= 0x0,
	ARM_LPAE_TCR_RGN_WBWA	= 0x1,
	ARM_LPAE_TCR_RGN_WT	= 0x2,
	ARM_LPAE_TCR_RGN_WB	= 0x3,
};

/*
 * Physical address size (TCR.IPS, VTCR.PS): io_pgtable_arm_pa_code() in
 * <linux/io-pgtable-domain.h>, shared with the SMMU drivers' ID registers.
 */

/*
 * Descriptor layout.  Bits [1:0] give the type; the remaining fields are
 * only meaningful for the type and level they are listed against.
 */
#define LPAE_DESC_VALID		BIT_ULL(0)
#define LPAE_DESC_TYPE		GENMASK_ULL(1, 0)
#define LPAE_TYPE_BLOCK		0x1ULL	/* level 0-2 leaf (Mali: any level) */
#define LPAE_TYPE_NEXT		0x3ULL	/* level 0-2 table, level 3 page */

/* Leaf attributes, stage 1 (and Mali for the index and shareability) */
#define LPAE_DESC_ATTRIDX	GENMASK_ULL(4, 2)	/* MAIR slot */
#define LPAE_DESC_NS		BIT_ULL(5)
#define LPAE_DESC_AP_EL0	BIT_ULL(6)		/* AP[1] */
#define LPAE_DESC_AP_RO		BIT_ULL(7)		/* AP[2] */
#define LPAE_DESC_NG		BIT_ULL(11)
#define LPAE_DESC_PXN		BIT_ULL(53)
#define LPAE_DESC_UXN		BIT_ULL(54)

/* Leaf attributes, stage 2 (Mali uses the permission pair) */
#define LPAE_DESC_MEMATTR	GENMASK_ULL(5, 2)
#define LPAE_DESC_S2AP_R	BIT_ULL(6)
#define LPAE_DESC_S2AP_W	BIT_ULL(7)
#define LPAE_DESC_S2XN		BIT_ULL(54)		/* XN[1] */

/* Leaf attributes common to both stages */
#define LPAE_DESC_SH		GENMASK_ULL(9, 8)
#define LPAE_DESC_AF		BIT_ULL(10)
#define LPAE_DESC_DBM		BIT_ULL(51)
#define LPAE_DESC_CONT		BIT_ULL(52)

/* Table attributes */
#define LPAE_DESC_NSTABLE	BIT_ULL(63)

/*
 * Output address.  Bits [47:12] hold the address above the granule; with
 * the 64K granule and a 52-bit output, PA[51:48] lives in bits [15:12].
 */
#define LPAE_DESC_OA		GENMASK_ULL(47, 12)
#define LPAE_DESC_OA52_HI	GENMASK_ULL(15, 12)

/* SH field values */
#define LPAE_SH_OUTER		0x2ULL
#define LPAE_SH_INNER		0x3ULL

/* Stage-2 MemAttr[3:0] values */
#define LPAE_S2_MEMATTR_DEVICE	0x1ULL	/* Device-nGnRE */
#define LPAE_S2_MEMATTR_NC	0x5ULL	/* Normal, inner/outer non-cacheable */
#define LPAE_S2_MEMATTR_WB	0xfULL	/* Normal, inner/outer write-back */

/* MAIR slots used by stage-1 and Mali leaves, and what each slot holds */
enum lpae_mair_slot {
	LPAE_MAIR_SLOT_NC	= 0,
	LPAE_MAIR_SLOT_WB	= 1,
	LPAE_MAIR_SLOT_DEVICE	= 2,
	LPAE_MAIR_SLOT_INC_OWB	= 3,
};

#define LPAE_MAIR_NORMAL_NC	0x44	/* Normal, inner/outer NC */
#define LPAE_MAIR_NORMAL_WB	0xff	/* Normal, inner/outer WB RW-alloc */
#define LPAE_MAIR_DEVICE_NGNRE	0x04
#define LPAE_MAIR_INC_OWB	0xf4	/* inner NC, outer WB RW-alloc */

/* Mali MEMATTR bytes: implementation-defined and write-allocate caching */
#define LPAE_MALI_ATTR_IMPDEF	0x88
#define LPAE_MALI_ATTR_WA	0x8d

#endif /* __IOMMU_IO_PGTABLE_ARM_PRIV_H */

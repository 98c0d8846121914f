/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SMMUv1/v2 register offsets and fields, the model's own names, written
 * from the Arm System MMU Architecture Specification (IHI 0062, chapter
 * "Programmers' model": global register space 0 and 1, translation
 * context bank space) and the VMSA long-descriptor format for the TCR
 * and TTBR layouts.  No driver header was read or included: the tests
 * program the model with these names, a driver under test brings its own.
 *
 * File map:
 *   address map          SM2_GR0 / SM2_GR1 / context bank offsets
 *   global space 0       sCR0, IDR0-2, IDR7, sGFSR and syndromes, TLB
 *                        maintenance, SMR, S2CR
 *   global space 1       CBAR, CBFRSYNRA, CBA2R
 *   context bank         SCTLR, TCR (stage 1 AArch64, AArch32 LPAE,
 *                        stage 2), TCR2, TTBR, FSR, FSYNR0, TLBI operands
 *   encodings            address sizes, granules, CBAR/S2CR types
 *
 * Field macros carry their register's name; each field the model acts on
 * is read through exactly one sm2_*() accessor in smmu2.c or
 * smmu2-walk.c, so a field's meaning is decided in one place.
 */
#ifndef IOMMU_DMA_SMMU2_REGS_H
#define IOMMU_DMA_SMMU2_REGS_H

#include "model.h"

/* ---- global register space 0 (page 0) ---- */
#define SM2_SCR0		0x000
#define SM2_SCR0_CLIENTPD	MDL_BIT(0)	/* 1: every stream bypasses */
#define SM2_SCR0_GFRE		MDL_BIT(1)	/* global fault: abort the client */
#define SM2_SCR0_GFIE		MDL_BIT(2)	/* global fault interrupt */
#define SM2_SCR0_EXIDENABLE	MDL_BIT(3)	/* v2: 16-bit SMR ID and MASK */
#define SM2_SCR0_USFCFG		MDL_BIT(10)	/* 1: unmatched stream faults */
#define SM2_SCR0_VMIDPNE	MDL_BIT(11)
#define SM2_SCR0_SMCFCFG	MDL_BIT(21)	/* read-only 1: conflicts fault */
#define SM2_SCR0_VMID16EN	MDL_BIT(31)
#define SM2_SACR		0x010
#define SM2_IDR0		0x020
#define SM2_IDR0_NUMSMRG	MDL_MASK(7, 0)
#define SM2_IDR0_EXIDS		MDL_BIT(8)
#define SM2_IDR0_NUMSIDB	MDL_MASK(12, 9)
#define SM2_IDR0_BTM		MDL_BIT(13)
#define SM2_IDR0_CTTW		MDL_BIT(14)
#define SM2_IDR0_NUMIRPT	MDL_MASK(23, 16)
#define SM2_IDR0_PTFS		MDL_MASK(25, 24)
#define   SM2_PTFS_SHORT_LONG	0	/* AArch32 short and long formats */
#define   SM2_PTFS_LONG		1	/* AArch32 long format only */
#define   SM2_PTFS_NONE		2	/* no AArch32 format */
#define SM2_IDR0_ATOSNS		MDL_BIT(26)
#define SM2_IDR0_SMS		MDL_BIT(27)	/* stream matching (else indexing) */
#define SM2_IDR0_NTS		MDL_BIT(28)
#define SM2_IDR0_S2TS		MDL_BIT(29)
#define SM2_IDR0_S1TS		MDL_BIT(30)
#define SM2_IDR0_SES		MDL_BIT(31)
#define SM2_IDR1		0x024
#define SM2_IDR1_NUMCB		MDL_MASK(7, 0)
#define SM2_IDR1_NUMS2CB	MDL_MASK(23, 16)
#define SM2_IDR1_NUMPAGENDXB	MDL_MASK(30, 28)	/* 2^(n+1) pages a half */
#define SM2_IDR1_PAGESIZE	MDL_BIT(31)		/* 0: 4 KiB, 1: 64 KiB */
#define SM2_IDR2		0x028
#define SM2_IDR2_IAS		MDL_MASK(3, 0)
#define SM2_IDR2_OAS		MDL_MASK(7, 4)
#define SM2_IDR2_UBS		MDL_MASK(11, 8)
#define SM2_IDR2_PTFS_4K	MDL_BIT(12)	/* AArch64 4 KiB granule */
#define SM2_IDR2_PTFS_16K	MDL_BIT(13)
#define SM2_IDR2_PTFS_64K	MDL_BIT(14)
#define SM2_IDR2_VMID16S	MDL_BIT(15)
#define SM2_IDR7		0x03c
#define SM2_SGFAR		0x040		/* 64-bit */
#define SM2_SGFSR		0x048		/* write one to clear */
#define SM2_SGFSR_ICF		MDL_BIT(0)	/* invalid context */
#define SM2_SGFSR_USF		MDL_BIT(1)	/* unidentified stream */
#define SM2_SGFSR_SMCF		MDL_BIT(2)	/* stream match conflict */
#define SM2_SGFSR_UCBF		MDL_BIT(3)	/* unimplemented context bank */
#define SM2_SGFSR_UCIF		MDL_BIT(4)
#define SM2_SGFSR_CAF		MDL_BIT(5)
#define SM2_SGFSR_EF		MDL_BIT(6)
#define SM2_SGFSR_PF		MDL_BIT(7)
#define SM2_SGFSR_UUT		MDL_BIT(8)
#define SM2_SGFSR_MULTI		MDL_BIT(31)
#define SM2_SGFSR_FAULTS	MDL_MASK(8, 0)
#define SM2_SGFSRRESTORE	0x04c
#define SM2_SGFSYNR0		0x050
#define SM2_SGFSYNR0_WNR	MDL_BIT(1)
#define SM2_SGFSYNR0_PNU	MDL_BIT(2)	/* 1: privileged access */
#define SM2_SGFSYNR1		0x054
#define SM2_SGFSYNR1_SID	MDL_MASK(15, 0)
#define SM2_SGFSYNR2		0x058
#define SM2_TLBIVMID		0x064
#define SM2_TLBIVMID_VMID	MDL_MASK(15, 0)
#define SM2_TLBIALLNSNH		0x068
/* hypervisor entries: the model caches none, so a write only counts */
#define SM2_TLBIALLH		0x06c
#define SM2_TLBGSYNC		0x070
#define SM2_TLBGSTATUS		0x074
#define SM2_TLBGSTATUS_GSACTIVE	MDL_BIT(0)
#define SM2_SMR(n)		(0x800 + 4 * (n))
#define SM2_SMR_ID		MDL_MASK(14, 0)
#define SM2_SMR_MASK		MDL_MASK(30, 16)
#define SM2_SMR_VALID		MDL_BIT(31)
#define SM2_SMR_EXID		MDL_MASK(15, 0)	/* sCR0.EXIDENABLE set */
#define SM2_SMR_EXMASK		MDL_MASK(31, 16)
#define SM2_S2CR(n)		(0xc00 + 4 * (n))
#define SM2_S2CR_CBNDX		MDL_MASK(7, 0)
#define SM2_S2CR_EXIDVALID	MDL_BIT(10)	/* the SMR's VALID under EXIDS */
#define SM2_S2CR_TYPE		MDL_MASK(17, 16)
#define   SM2_S2CR_TRANS	0
#define   SM2_S2CR_BYPASS	1
#define   SM2_S2CR_FAULT	2
#define SM2_S2CR_PRIVCFG	MDL_MASK(25, 24)
#define   SM2_PRIV_DEFAULT	0
#define   SM2_PRIV_UNPRIV	2
#define   SM2_PRIV_PRIV		3

/* ---- global register space 1 (page 1) ---- */
#define SM2_CBAR(n)		(0x000 + 4 * (n))
#define SM2_CBAR_VMID		MDL_MASK(7, 0)
#define SM2_CBAR_TYPE		MDL_MASK(17, 16)
#define   SM2_CBAR_S2		0	/* stage 2 only */
#define   SM2_CBAR_S1_BYPASS	1	/* stage 1, stage 2 bypassed */
#define   SM2_CBAR_S1_FAULT	2	/* stage 1, stage 2 faults */
#define   SM2_CBAR_NESTED	3	/* not modelled */
#define SM2_CBAR_IRPTNDX	MDL_MASK(31, 24)
#define SM2_CBFRSYNRA(n)	(0x400 + 4 * (n))
#define SM2_CBFRSYNRA_SID	MDL_MASK(15, 0)
#define SM2_CBA2R(n)		(0x800 + 4 * (n))	/* v2 only */
#define SM2_CBA2R_VA64		MDL_BIT(0)
#define SM2_CBA2R_VMID16	MDL_MASK(31, 16)

/* ---- translation context bank n (page CB_BASE + n) ---- */
#define SM2_CB_SCTLR		0x000
#define SM2_SCTLR_M		MDL_BIT(0)
#define SM2_SCTLR_AFFD		MDL_BIT(3)	/* access flag faults disabled */
#define SM2_SCTLR_CFRE		MDL_BIT(5)	/* context fault: abort client */
#define SM2_SCTLR_CFIE		MDL_BIT(6)	/* context fault interrupt */
#define SM2_CB_ACTLR		0x004
#define SM2_CB_RESUME		0x008
#define SM2_CB_TCR2		0x010
#define SM2_TCR2_PASIZE		MDL_MASK(2, 0)
#define SM2_TCR2_AS		MDL_BIT(4)	/* 16-bit ASID */
#define SM2_CB_TTBR0		0x020		/* 64-bit */
#define SM2_CB_TTBR1		0x028
#define SM2_TTBR_ASID16		MDL_MASK(63, 48)
#define SM2_TTBR_ASID8		MDL_MASK(55, 48)
#define SM2_TTBR_BADDR		MDL_MASK(47, 0)
#define SM2_CB_TCR		0x030
#define SM2_TCR_T0SZ		MDL_MASK(5, 0)
#define SM2_TCR_EPD0		MDL_BIT(7)
#define SM2_TCR_IRGN0		MDL_MASK(9, 8)
#define SM2_TCR_ORGN0		MDL_MASK(11, 10)
#define SM2_TCR_SH0		MDL_MASK(13, 12)
#define SM2_TCR_TG0		MDL_MASK(15, 14)
#define   SM2_TG0_4K		0
#define   SM2_TG0_64K		1
#define   SM2_TG0_16K		2
#define SM2_TCR_T1SZ		MDL_MASK(21, 16)
#define SM2_TCR_A1		MDL_BIT(22)	/* ASID from TTBR1 */
#define SM2_TCR_EPD1		MDL_BIT(23)
#define SM2_TCR_TG1		MDL_MASK(31, 30)
#define   SM2_TG1_16K		1
#define   SM2_TG1_4K		2
#define   SM2_TG1_64K		3
#define SM2_TCR_LPAE_T0SZ	MDL_MASK(2, 0)	/* AArch32 long format */
#define SM2_TCR_LPAE_T1SZ	MDL_MASK(18, 16)
#define SM2_TCR_EAE		MDL_BIT(31)	/* AArch32: long format */
#define SM2_TCR_S2_SL0		MDL_MASK(7, 6)	/* stage 2 (VTCR layout) */
#define SM2_TCR_S2_PASIZE	MDL_MASK(18, 16)
#define SM2_CB_CONTEXTIDR	0x034
#define SM2_CB_MAIR0		0x038
#define SM2_CB_MAIR1		0x03c
#define SM2_CB_FSR		0x058		/* write one to clear */
#define SM2_FSR_TF		MDL_BIT(1)
#define SM2_FSR_AFF		MDL_BIT(2)
#define SM2_FSR_PF		MDL_BIT(3)
#define SM2_FSR_EF		MDL_BIT(4)
#define SM2_FSR_ASF		MDL_BIT(7)
#define SM2_FSR_FORMAT		MDL_MASK(10, 9)
#define   SM2_FORMAT_AARCH32_LPAE	1
#define   SM2_FORMAT_AARCH64	2
#define SM2_FSR_MULTI		MDL_BIT(31)
#define SM2_FSR_FAULTS		MDL_MASK(8, 1)
#define SM2_CB_FSRRESTORE	0x05c
#define SM2_CB_FAR		0x060		/* 64-bit */
#define SM2_CB_FSYNR0		0x068
#define SM2_FSYNR0_PLVL		MDL_MASK(1, 0)
#define SM2_FSYNR0_WNR		MDL_BIT(4)
#define SM2_FSYNR0_PNU		MDL_BIT(5)	/* 1: privileged access */
#define SM2_CB_FSYNR1		0x06c
#define SM2_CB_TLBIVA		0x600		/* 64-bit in AArch64 contexts */
#define SM2_TLBIVA_ADDR		MDL_MASK(43, 0)	/* VA[55:12] */
#define SM2_TLBIVA_ASID		MDL_MASK(63, 48)
#define SM2_TLBIVA32_ADDR	MDL_MASK(31, 12)	/* AArch32: VA[31:12] */
#define SM2_TLBIVA32_ASID	MDL_MASK(7, 0)
#define SM2_CB_TLBIVAA		0x608
#define SM2_CB_TLBIASID		0x610
#define SM2_TLBIASID_ASID	MDL_MASK(15, 0)
#define SM2_CB_TLBIALL		0x618
#define SM2_CB_TLBIVAL		0x620
#define SM2_CB_TLBIVAAL		0x628
#define SM2_CB_TLBIIPAS2	0x630
#define SM2_TLBIIPAS2_ADDR	MDL_MASK(35, 0)	/* IPA[47:12] */
#define SM2_CB_TLBIIPAS2L	0x638
#define SM2_CB_TLBSYNC		0x7f0
#define SM2_CB_TLBSTATUS	0x7f4
#define SM2_TLBSTATUS_SACTIVE	MDL_BIT(0)

/* address size encoding of IDR2.IAS/OAS, TCR2.PASIZE and VTCR.PS */
static inline int sm2_size_code_bits(unsigned int code)
{
	switch (code) {
	case 0: return 32;
	case 1: return 36;
	case 2: return 40;
	case 3: return 42;
	case 4: return 44;
	case 5: return 48;
	default: return -1;
	}
}

static inline int sm2_bits_size_code(unsigned int bits)
{
	unsigned int c;

	for (c = 0; c < 6; c++)
		if (sm2_size_code_bits(c) == (int)bits)
			return (int)c;
	return -1;
}

#endif /* IOMMU_DMA_SMMU2_REGS_H */

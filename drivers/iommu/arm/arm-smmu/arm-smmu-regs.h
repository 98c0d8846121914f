/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arm SMMUv1/v2 register layout (Arm IHI 0062, "SMMU architecture
 * specification, SMMUv1 and SMMUv2"); section numbers below are that
 * document's chapter 10 ("Global address space 0"), 11 (GR1) and 14
 * ("Translation context bank address space").
 *
 * File map:
 *   page numbers     which 4K/64K page of the SMMU a register lives in
 *   GR0              configuration, ID, global fault, global TLB, SMR, S2CR
 *   GR1              per-context-bank attributes (CBAR, CBFRSYNRA, CBA2R)
 *   context bank     SCTLR, translation table and attribute registers,
 *                    fault status and syndrome, TLB maintenance, ATS
 *
 * Naming: ARM_SMMU_<SPACE>_<REGISTER> is an offset within its page,
 * ARM_SMMU_<REGISTER>_<FIELD> a field of that register, in upper case
 * throughout: the architecture's leading lower-case "s" of the Secure-
 * banked registers (sCR0, sGFSR...) becomes "S", so kernel style holds;
 * the vendor files' fragments (<file>.smmu-v2.patch) spell them so too.
 * The other names are the ones the vendor files use.  Values a field can
 * take are listed under it.
 */
#ifndef _ARM_SMMU_REGS_H
#define _ARM_SMMU_REGS_H

#include <linux/bits.h>

/* ---- GR0: global register space 0 (§10) ---------------------------- */

/* §10.6.1 sCR0: global behaviour, fault reporting, client port disable */
#define ARM_SMMU_GR0_SCR0		0x0
#define ARM_SMMU_SCR0_CLIENTPD		BIT(0)	/* 1: streams bypass */
#define ARM_SMMU_SCR0_GFRE		BIT(1)	/* global fault report */
#define ARM_SMMU_SCR0_GFIE		BIT(2)	/* ... and its interrupt */
#define ARM_SMMU_SCR0_EXIDENABLE	BIT(3)	/* 16-bit SMR.MASK, S2CR valid */
#define ARM_SMMU_SCR0_GCFGFRE		BIT(4)	/* configuration fault report */
#define ARM_SMMU_SCR0_GCFGFIE		BIT(5)
#define ARM_SMMU_SCR0_USFCFG		BIT(10)	/* 1: unmatched stream faults */
#define ARM_SMMU_SCR0_VMIDPNE		BIT(11)	/* VMID private namespace */
#define ARM_SMMU_SCR0_PTM		BIT(12)	/* 1: ignore broadcast TLBI */
#define ARM_SMMU_SCR0_FB		BIT(13)	/* force broadcast */
#define ARM_SMMU_SCR0_BSU		GENMASK(15, 14)
#define ARM_SMMU_SCR0_VMID16EN		BIT(31)

/* §10.6.3 sACR: implementation defined; MMU-500 puts its cache knobs here */
#define ARM_SMMU_GR0_SACR		0x10

/*
 * §10.6.5 IDR0..IDR7: what the implementation has.  The driver decodes each
 * field exactly once, in arm_smmu_decode_idr() (arm-smmu.c).
 */
#define ARM_SMMU_GR0_ID0		0x20
#define ARM_SMMU_ID0_NUMSMRG		GENMASK(7, 0)	/* stream match groups */
#define ARM_SMMU_ID0_EXIDS		BIT(8)		/* 16-bit stream IDs */
#define ARM_SMMU_ID0_NUMSIDB		GENMASK(12, 9)	/* stream ID bits */
#define ARM_SMMU_ID0_CTTW		BIT(14)		/* coherent table walk */
#define ARM_SMMU_ID0_NUMIRPT		GENMASK(23, 16)
#define ARM_SMMU_ID0_PTFS_NO_AARCH32S	BIT(24)		/* no v7s format */
#define ARM_SMMU_ID0_PTFS_NO_AARCH32	BIT(25)		/* no AArch32 LPAE */
#define ARM_SMMU_ID0_ATOSNS		BIT(26)		/* 1: no ATOS */
#define ARM_SMMU_ID0_SMS		BIT(27)		/* stream matching */
#define ARM_SMMU_ID0_NTS		BIT(28)		/* nested */
#define ARM_SMMU_ID0_S2TS		BIT(29)
#define ARM_SMMU_ID0_S1TS		BIT(30)

#define ARM_SMMU_GR0_ID1		0x24
#define ARM_SMMU_ID1_NUMCB		GENMASK(7, 0)	/* context banks */
#define ARM_SMMU_ID1_NUMS2CB		GENMASK(23, 16)	/* of those, stage 2 only */
#define ARM_SMMU_ID1_NUMPAGENDXB	GENMASK(30, 28)	/* log2(pages) - 1 */
#define ARM_SMMU_ID1_PAGESIZE		BIT(31)		/* 0: 4K, 1: 64K pages */

#define ARM_SMMU_GR0_ID2		0x28
#define ARM_SMMU_ID2_IAS		GENMASK(3, 0)	/* stage 1 output size */
#define ARM_SMMU_ID2_OAS		GENMASK(7, 4)	/* stage 2 output size */
#define ARM_SMMU_ID2_UBS		GENMASK(11, 8)	/* upstream bus size */
#define ARM_SMMU_ID2_PTFS_4K		BIT(12)		/* AArch64 granules */
#define ARM_SMMU_ID2_PTFS_16K		BIT(13)
#define ARM_SMMU_ID2_PTFS_64K		BIT(14)
#define ARM_SMMU_ID2_VMID16		BIT(15)
/* UBS 5 ("49 bits or more") is read as 48: the widest VA io-pgtable walks */
#define ARM_SMMU_ID2_UBS_MAX		5

#define ARM_SMMU_GR0_ID3		0x2c
#define ARM_SMMU_GR0_ID4		0x30
#define ARM_SMMU_GR0_ID5		0x34
#define ARM_SMMU_GR0_ID6		0x38
#define ARM_SMMU_GR0_ID7		0x3c
#define ARM_SMMU_ID7_MINOR		GENMASK(3, 0)
#define ARM_SMMU_ID7_MAJOR		GENMASK(7, 4)

/* §10.6.9 sGFSR: global faults, write 1 to clear; syndromes follow */
#define ARM_SMMU_GR0_SGFAR		0x40
#define ARM_SMMU_GR0_SGFSR		0x48
#define ARM_SMMU_SGFSR_ICF		BIT(0)	/* invalid context */
#define ARM_SMMU_SGFSR_USF		BIT(1)	/* unidentified stream */
#define ARM_SMMU_SGFSR_SMCF		BIT(2)	/* stream match conflict */
#define ARM_SMMU_SGFSR_UCBF		BIT(3)	/* unimplemented bank */
#define ARM_SMMU_SGFSR_UCIF		BIT(4)	/* unimplemented interrupt */
#define ARM_SMMU_SGFSR_CAF		BIT(5)	/* configuration access */
#define ARM_SMMU_SGFSR_EF		BIT(6)	/* external */
#define ARM_SMMU_SGFSR_PF		BIT(7)	/* permission */
#define ARM_SMMU_SGFSR_UUT		BIT(8)	/* unsupported upstream */
#define ARM_SMMU_SGFSR_MULTI		BIT(31)
#define ARM_SMMU_GR0_SGFSYNR0		0x50
#define ARM_SMMU_SGFSYNR0_NESTED	BIT(0)
#define ARM_SMMU_SGFSYNR0_WNR		BIT(1)	/* 1: write */
#define ARM_SMMU_SGFSYNR0_PNU		BIT(2)
#define ARM_SMMU_SGFSYNR0_IND		BIT(3)	/* 1: instruction fetch */
#define ARM_SMMU_GR0_SGFSYNR1		0x54
#define ARM_SMMU_SGFSYNR1_SID		GENMASK(15, 0)
#define ARM_SMMU_GR0_SGFSYNR2		0x58

/* §10.6.14-18 global TLB maintenance and its completion */
#define ARM_SMMU_GR0_TLBIVMID		0x64	/* write: VMID */
#define ARM_SMMU_GR0_TLBIALLNSNH	0x68	/* write: anything */
#define ARM_SMMU_GR0_TLBIALLH		0x6c
#define ARM_SMMU_GR0_STLBGSYNC		0x70	/* write: anything */
#define ARM_SMMU_GR0_STLBGSTATUS	0x74
#define ARM_SMMU_STLBGSTATUS_GSACTIVE	BIT(0)

/*
 * §10.6.30 SMRn: stream match register.  Without extended IDs, bit 31 is
 * the valid bit and the mask is 15 bits wide; with sCR0.EXIDENABLE set the
 * mask takes all 16 bits and validity moves into S2CRn.EXIDVALID.
 */
#define ARM_SMMU_GR0_SMR(n)		(0x800 + ((n) << 2))
#define ARM_SMMU_SMR_ID			GENMASK(15, 0)
#define ARM_SMMU_SMR_MASK		GENMASK(31, 16)
#define ARM_SMMU_SMR_VALID		BIT(31)

/* §10.6.31 S2CRn: what a matched stream does */
#define ARM_SMMU_GR0_S2CR(n)		(0xc00 + ((n) << 2))
#define ARM_SMMU_S2CR_CBNDX		GENMASK(7, 0)
#define ARM_SMMU_S2CR_EXIDVALID		BIT(10)
#define ARM_SMMU_S2CR_TYPE		GENMASK(17, 16)
enum arm_smmu_s2cr_type {
	S2CR_TYPE_TRANS,	/* through context bank CBNDX */
	S2CR_TYPE_BYPASS,
	S2CR_TYPE_FAULT,
};

#define ARM_SMMU_S2CR_PRIVCFG		GENMASK(25, 24)
enum arm_smmu_s2cr_privcfg {
	S2CR_PRIVCFG_DEFAULT,	/* as the transaction says */
	S2CR_PRIVCFG_DIPAN,
	S2CR_PRIVCFG_UNPRIV,
	S2CR_PRIVCFG_PRIV,
};

/* ---- GR1: context bank attributes (§11) ---------------------------- */

/* §11.3.1 CBARn: the bank's type, VMID and interrupt */
#define ARM_SMMU_GR1_CBAR(n)		((n) << 2)
#define ARM_SMMU_CBAR_VMID		GENMASK(7, 0)
#define ARM_SMMU_CBAR_S1_BPSHCFG	GENMASK(9, 8)	/* stage 1 bank only */
#define ARM_SMMU_CBAR_S1_BPSHCFG_NSH	3
#define ARM_SMMU_CBAR_S1_MEMATTR	GENMASK(15, 12)
#define ARM_SMMU_CBAR_S1_MEMATTR_WB	0xf
#define ARM_SMMU_CBAR_TYPE		GENMASK(17, 16)
enum arm_smmu_cbar_type {
	CBAR_TYPE_S2_TRANS,
	CBAR_TYPE_S1_TRANS_S2_BYPASS,
	CBAR_TYPE_S1_TRANS_S2_FAULT,
	CBAR_TYPE_S1_TRANS_S2_TRANS,
};

#define ARM_SMMU_CBAR_IRPTNDX		GENMASK(31, 24)	/* SMMUv1 only */

/* §11.3.2 CBFRSYNRAn: the stream behind the bank's last fault */
#define ARM_SMMU_GR1_CBFRSYNRA(n)	(0x400 + ((n) << 2))
#define ARM_SMMU_CBFRSYNRA_SID		GENMASK(15, 0)

/* §11.3.3 CBA2Rn (SMMUv2): register width and the 16-bit VMID */
#define ARM_SMMU_GR1_CBA2R(n)		(0x800 + ((n) << 2))
#define ARM_SMMU_CBA2R_VA64		BIT(0)
#define ARM_SMMU_CBA2R_VMID16		GENMASK(31, 16)

/* ---- context bank n (§14) ------------------------------------------ */

/* §14.6.1 SCTLR */
#define ARM_SMMU_CB_SCTLR		0x0
#define ARM_SMMU_SCTLR_M		BIT(0)	/* translation enable */
#define ARM_SMMU_SCTLR_TRE		BIT(1)	/* TEX remap (v7s: PRRR/NMRR) */
#define ARM_SMMU_SCTLR_AFE		BIT(2)	/* access flag enable */
#define ARM_SMMU_SCTLR_E		BIT(4)	/* big-endian walks */
#define ARM_SMMU_SCTLR_CFRE		BIT(5)	/* context fault report */
#define ARM_SMMU_SCTLR_CFIE		BIT(6)	/* ... and its interrupt */
#define ARM_SMMU_SCTLR_CFCFG		BIT(7)	/* 1: stall, 0: terminate */
#define ARM_SMMU_SCTLR_HUPCF		BIT(8)	/* hit under pending fault */
#define ARM_SMMU_SCTLR_S1_ASIDPNE	BIT(12)	/* ASID private namespace */

#define ARM_SMMU_CB_ACTLR		0x4

/* §14.6.3 RESUME: what to do with a stalled transaction */
#define ARM_SMMU_CB_RESUME		0x8
#define ARM_SMMU_RESUME_TERMINATE	BIT(0)

/* §14.6.5 TCR2 (AArch64 stage 1 only): physical size, ASID width */
#define ARM_SMMU_CB_TCR2		0x10
#define ARM_SMMU_TCR2_PASIZE		GENMASK(2, 0)
#define ARM_SMMU_TCR2_AS		BIT(4)	/* 16-bit ASID */
#define ARM_SMMU_TCR2_SEP		GENMASK(17, 15)
#define ARM_SMMU_TCR2_SEP_UPSTREAM	0x7	/* sign from the top bit */

/* §14.6.6 TTBR0/1: table base; LPAE stage 1 carries the ASID on top */
#define ARM_SMMU_CB_TTBR0		0x20
#define ARM_SMMU_CB_TTBR1		0x28
#define ARM_SMMU_TTBR_ASID		GENMASK_ULL(63, 48)

/*
 * §14.6.7 TCR (stage 1) and VTCR (stage 2 in the same slot).  The TTBR1
 * half of the stage 1 fields sits 16 bits above the TTBR0 half.
 */
#define ARM_SMMU_CB_TCR			0x30
#define ARM_SMMU_TCR_T0SZ		GENMASK(5, 0)
#define ARM_SMMU_TCR_EPD0		BIT(7)	/* no walks through TTBR0 */
#define ARM_SMMU_TCR_IRGN0		GENMASK(9, 8)
#define ARM_SMMU_TCR_ORGN0		GENMASK(11, 10)
#define ARM_SMMU_TCR_SH0		GENMASK(13, 12)
#define ARM_SMMU_TCR_TG0		GENMASK(15, 14)
#define ARM_SMMU_TCR_A1			BIT(22)	/* ASID from TTBR1 */
#define ARM_SMMU_TCR_EPD1		BIT(23)
#define ARM_SMMU_TCR_EAE		BIT(31)	/* AArch32: LPAE format */
#define ARM_SMMU_TCR_TTBR1_SHIFT	16

#define ARM_SMMU_VTCR_T0SZ		ARM_SMMU_TCR_T0SZ
#define ARM_SMMU_VTCR_SL0		GENMASK(7, 6)
#define ARM_SMMU_VTCR_IRGN0		ARM_SMMU_TCR_IRGN0
#define ARM_SMMU_VTCR_ORGN0		ARM_SMMU_TCR_ORGN0
#define ARM_SMMU_VTCR_SH0		ARM_SMMU_TCR_SH0
#define ARM_SMMU_VTCR_TG0		ARM_SMMU_TCR_TG0
#define ARM_SMMU_VTCR_PS		GENMASK(18, 16)
#define ARM_SMMU_VTCR_RES1		BIT(31)

/* §14.6.8-10: CONTEXTIDR; MAIR0/1, which are PRRR/NMRR for v7s */
#define ARM_SMMU_CB_CONTEXTIDR		0x34
#define ARM_SMMU_CB_S1_MAIR0		0x38
#define ARM_SMMU_CB_S1_MAIR1		0x3c

/* §14.6.11 PAR: result of an ATS1* address translation operation */
#define ARM_SMMU_CB_PAR			0x50
#define ARM_SMMU_CB_PAR_F		BIT(0)

/* §14.6.12 FSR: context fault status, write 1 to clear */
#define ARM_SMMU_CB_FSR			0x58
#define ARM_SMMU_CB_FSR_TF		BIT(1)	/* translation */
#define ARM_SMMU_CB_FSR_AFF		BIT(2)	/* access flag */
#define ARM_SMMU_CB_FSR_PF		BIT(3)	/* permission */
#define ARM_SMMU_CB_FSR_EF		BIT(4)	/* external */
#define ARM_SMMU_CB_FSR_TLBMCF		BIT(5)	/* TLB match conflict */
#define ARM_SMMU_CB_FSR_TLBLKF		BIT(6)	/* TLB lock */
#define ARM_SMMU_CB_FSR_ASF		BIT(7)	/* address size */
#define ARM_SMMU_CB_FSR_UUT		BIT(8)	/* unsupported upstream */
#define ARM_SMMU_CB_FSR_FORMAT		GENMASK(10, 9)
#define ARM_SMMU_CB_FSR_SS		BIT(30)	/* transaction stalled */
#define ARM_SMMU_CB_FSR_MULTI		BIT(31)

/* Status bits that report no fault of the transaction's own making. */
#define ARM_SMMU_CB_FSR_IGN		(ARM_SMMU_CB_FSR_AFF |		\
					 ARM_SMMU_CB_FSR_ASF |		\
					 ARM_SMMU_CB_FSR_TLBMCF |	\
					 ARM_SMMU_CB_FSR_TLBLKF)
/* Every bit that marks the bank as having faulted. */
#define ARM_SMMU_CB_FSR_FAULT		(ARM_SMMU_CB_FSR_TF |		\
					 ARM_SMMU_CB_FSR_PF |		\
					 ARM_SMMU_CB_FSR_EF |		\
					 ARM_SMMU_CB_FSR_UUT |		\
					 ARM_SMMU_CB_FSR_SS |		\
					 ARM_SMMU_CB_FSR_MULTI |	\
					 ARM_SMMU_CB_FSR_IGN)

/* §14.6.14-16 FAR and the syndromes */
#define ARM_SMMU_CB_FAR			0x60
#define ARM_SMMU_CB_FSYNR0		0x68
#define ARM_SMMU_CB_FSYNR0_PLVL		GENMASK(1, 0)	/* table level */
#define ARM_SMMU_CB_FSYNR0_WNR		BIT(4)		/* 1: write */
#define ARM_SMMU_CB_FSYNR0_PNU		BIT(5)		/* 1: privileged */
#define ARM_SMMU_CB_FSYNR0_IND		BIT(6)		/* 1: instruction */
#define ARM_SMMU_CB_FSYNR0_NSATTR	BIT(8)
#define ARM_SMMU_CB_FSYNR0_PTWF		BIT(10)		/* fault in a walk */
#define ARM_SMMU_CB_FSYNR0_AFR		BIT(11)
#define ARM_SMMU_CB_FSYNR0_S1CBNDX	GENMASK(23, 16)
#define ARM_SMMU_CB_FSYNR1		0x6c

/*
 * §14.6.17-25 TLB maintenance by this bank's tags.  The stage 1 VA forms
 * take the page number and the ASID in one word (AArch64: VA[55:12] with
 * the ASID in [63:48]; AArch32: VA[31:12] with the ASID in [7:0]); the
 * "L" forms drop only the last level's entries.
 */
#define ARM_SMMU_CB_S1_TLBIVA		0x600
#define ARM_SMMU_CB_S1_TLBIASID		0x610
#define ARM_SMMU_CB_S1_TLBIVAL		0x620
#define ARM_SMMU_CB_S2_TLBIIPAS2	0x630
#define ARM_SMMU_CB_S2_TLBIIPAS2L	0x638
#define ARM_SMMU_CB_TLBIVA_ASID64	GENMASK_ULL(63, 48)
#define ARM_SMMU_CB_TLBIVA_ASID32	GENMASK(7, 0)
#define ARM_SMMU_CB_TLBSYNC		0x7f0	/* write: anything */
#define ARM_SMMU_CB_TLBSTATUS		0x7f4
#define ARM_SMMU_CB_TLBSTATUS_SACTIVE	BIT(0)

/* §14.6.26-28 address translation operations */
#define ARM_SMMU_CB_ATS1PR		0x800
#define ARM_SMMU_CB_ATSR		0x8f0
#define ARM_SMMU_CB_ATSR_ACTIVE		BIT(0)

#endif /* _ARM_SMMU_REGS_H */

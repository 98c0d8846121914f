/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Renesas IPMMU-VMSA: the register map and the pure functions that encode
 * register values.  Nothing here touches hardware, so KUnit
 * (ipmmu-vmsa-kunit.c) checks every encoder on its own.
 *
 * Driver file map:
 *   ipmmu-vmsa-regs.h   this file: offsets, fields, encoders, fault decoding
 *   ipmmu-vmsa.h        the driver's structures and internal interface
 *   ipmmu-vmsa-ctx.c    translation contexts: allocation, programming, TLB
 *                       flush and sync, paging domains, fault interrupt
 *   ipmmu-vmsa.c        masters (allowlist, groups, micro-TLBs), probe,
 *                       system sleep
 *   ipmmu-vmsa-kunit.c  KUnit: encoders and the allowlist decision
 *
 * Layout (R-Car hardware manual, "IPMMU" chapter, register description):
 * each translation context owns a register page.  Contexts 0..7 sit
 * @ctx_stride apart from @ctx_base; on an IPMMU with 16 contexts the
 * second eight start 0x800 above the first page.  The micro-TLB
 * registers (one IMUCTR/IMUASID pair per master port) sit 16 bytes apart,
 * ports 0..31 at 0x300 and ports 32..63 at 0x600, above the IPMMU's
 * micro-TLB base.  Gen2 IPMMUs are driven through the non-secure alias of
 * their registers, 0x800 above the resource start.
 */
#ifndef __IPMMU_VMSA_REGS_H
#define __IPMMU_VMSA_REGS_H

#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/types.h>

#define IPMMU_NS_ALIAS_OFFSET		0x800

/* Context page: offsets inside one context's registers. */
#define IPMMU_IMCTR			0x00	/* context control */
#define IMCTR_MMUEN			BIT(0)	/* translate */
#define IMCTR_FLUSH			BIT(1)	/* flush the TLB; reads 1 until done */
#define IMCTR_INTEN			BIT(2)	/* raise the fault interrupt */

#define IPMMU_IMTTBCR			0x08	/* table walk control */
#define IMTTBCR_SL0_GEN2		GENMASK(5, 4)	/* start level, Gen2 */
#define IMTTBCR_SL0_GEN2_LVL1		1
#define IMTTBCR_SL0_GEN3		GENMASK(7, 6)	/* start level, Gen3/4 */
#define IMTTBCR_SL0_GEN3_LVL1		2
#define IMTTBCR_IRGN0			GENMASK(9, 8)	/* inner cacheability */
#define IMTTBCR_ORGN0			GENMASK(11, 10)	/* outer cacheability */
#define IMTTBCR_RGN_WBWA		1
#define IMTTBCR_SH0			GENMASK(13, 12)	/* shareability */
#define IMTTBCR_SH_INNER		3
#define IMTTBCR_EAE			BIT(31)	/* long descriptors */

#define IPMMU_IMBUSCR			0x0c	/* bus control (Gen2) */
#define IMBUSCR_BUSSEL			GENMASK(1, 0)
#define IMBUSCR_DVM			BIT(2)

#define IPMMU_IMTTLBR0			0x10	/* table base, bits 31:0 */
#define IPMMU_IMTTUBR0			0x14	/* table base, bits 39:32 */

#define IPMMU_IMSTR			0x20	/* fault status; cleared by writing 0 */
#define IMSTR_TF			BIT(0)	/* translation fault */
#define IMSTR_PF			BIT(1)	/* permission fault */
#define IMSTR_ABORT			BIT(2)	/* table walk aborted */
#define IMSTR_MHIT			BIT(4)	/* multiple TLB hits */
#define IMSTR_ERRORS			(IMSTR_TF | IMSTR_PF | IMSTR_ABORT | \
					 IMSTR_MHIT)

#define IPMMU_IMMAIR0			0x28	/* memory attributes 0..3 */
#define IPMMU_IMEAR			0x30	/* fault address, bits 31:0 */
#define IPMMU_IMEUAR			0x34	/* fault address, upper bits (Gen3/4) */

/* Micro-TLB registers, per master port. */
#define IMUCTR_MMUEN			BIT(0)	/* the port translates */
#define IMUCTR_FLUSH			BIT(1)	/* drop the port's micro-TLB */
#define IMUCTR_TTSEL			GENMASK(7, 4)	/* context it uses */

/* A Gen2/3 IPMMU has 32 or 48 ports, Gen4 64; contexts at most 16. */
#define IPMMU_MAX_UTLBS			64
#define IPMMU_MAX_CTX			16
/* Contexts of a register bank; a 16-context IPMMU has two banks. */
#define IPMMU_CTX_PER_BANK		8
#define IPMMU_CTX_BANK1_SKIP		0x800

/* One flush takes a few table-walker cycles; a millisecond is wedged. */
#define IPMMU_FLUSH_TIMEOUT_US		1000

/**
 * ipmmu_ctx_offset() - where a context register is
 * @ctx_base: offset of context 0's page
 * @ctx_stride: bytes between two context pages of a bank
 * @ctx: the context
 * @reg: IPMMU_IMCTR...IPMMU_IMEUAR
 *
 * Return: the register's offset from the IPMMU's (alias) base.
 */
static inline u32 ipmmu_ctx_offset(u32 ctx_base, u32 ctx_stride,
				   unsigned int ctx, u32 reg)
{
	u32 off = ctx_base + ctx * ctx_stride + reg;

	if (ctx >= IPMMU_CTX_PER_BANK)
		off += IPMMU_CTX_BANK1_SKIP - IPMMU_CTX_PER_BANK * 0x40;
	return off;
}

/* IMUCTRn and IMUASIDn: the pair of a port, 16 bytes per port. */
static inline u32 ipmmu_utlb_offset(u32 utlb_base, unsigned int utlb)
{
	return utlb_base + (utlb < 32 ? 0x300 + utlb * 16 :
				       0x600 + (utlb - 32) * 16);
}

#define IPMMU_IMUCTR(base, n)		(ipmmu_utlb_offset(base, n) + 0)
#define IPMMU_IMUASID(base, n)		(ipmmu_utlb_offset(base, n) + 8)

/**
 * ipmmu_imttbcr() - the table walk control of a context
 * @twobit_sl0: Gen3/4 encoding of the start level
 * @snoop: walks are cacheable and inner shareable (Gen2's bus snoops)
 *
 * The whole 32-bit input space is TTBR0's and walks start at level 1:
 * io-pgtable's 32-bit LPAE stage-1 table.
 *
 * Return: the IMTTBCR value.
 */
static inline u32 ipmmu_imttbcr(bool twobit_sl0, bool snoop)
{
	u32 val = IMTTBCR_EAE;

	if (twobit_sl0)
		val |= FIELD_PREP(IMTTBCR_SL0_GEN3, IMTTBCR_SL0_GEN3_LVL1);
	else
		val |= FIELD_PREP(IMTTBCR_SL0_GEN2, IMTTBCR_SL0_GEN2_LVL1);
	if (snoop)
		val |= FIELD_PREP(IMTTBCR_SH0, IMTTBCR_SH_INNER) |
		       FIELD_PREP(IMTTBCR_ORGN0, IMTTBCR_RGN_WBWA) |
		       FIELD_PREP(IMTTBCR_IRGN0, IMTTBCR_RGN_WBWA);
	return val;
}

/* IMUCTRn for a port that translates through @ctx, its micro-TLB dropped */
static inline u32 ipmmu_imuctr(unsigned int ctx)
{
	return FIELD_PREP(IMUCTR_TTSEL, ctx) | IMUCTR_FLUSH | IMUCTR_MMUEN;
}

/**
 * ipmmu_fault_kind() - name the worst error an IMSTR value reports
 * @imstr: the status read from a context
 *
 * Return: a short name, or NULL when @imstr reports no error.
 */
static inline const char *ipmmu_fault_kind(u32 imstr)
{
	if (imstr & IMSTR_MHIT)
		return "multiple TLB hits";
	if (imstr & IMSTR_ABORT)
		return "table walk abort";
	if (imstr & IMSTR_PF)
		return "permission";
	if (imstr & IMSTR_TF)
		return "translation";
	return NULL;
}

#endif /* __IPMMU_VMSA_REGS_H */

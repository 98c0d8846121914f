// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the SMMUv1/v2 driver's pure parts.  Expected values are
 * worked out from IHI 0062 field positions here, not taken from the
 * driver's macros, so a misplaced field in arm-smmu-regs.h fails too.
 *
 * File map:
 *   ID register decoding         arm_smmu_decode_idr()
 *   stream match placement       arm_smmu_smr_place()
 *   formats and page sizes       arm_smmu_context_fmt(), _fmt_pgsizes()
 *   register encoders            TCR, TCR2, VTCR, SCTLR, TLBIVA operands
 *   fault names                  arm_smmu_fsr_kind(), _gfsr_kind()
 */
#include <kunit/test.h>
#include <linux/sizes.h>

#include "arm-smmu.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* IDR0 of an MMU-500-like SMMU: S1+S2+nested, 48 SMRs, 15 SID bits. */
#define IDR0_MMU500	(BIT(30) | BIT(29) | BIT(28) | BIT(27) | BIT(14) | \
			 (15U << 9) | 48U)
/* IDR1: 4K pages, NUMPAGENDXB 3 (16 pages), 8 stage 2 banks of 32 */
#define IDR1_MMU500	((3U << 28) | (8U << 16) | 32U)
/* IDR2: IAS 48 (code 5), OAS 44 (code 4), UBS 49+ (5), all granules */
#define IDR2_MMU500	(5U | (4U << 4) | (5U << 8) | (7U << 12) | BIT(15))

static struct arm_smmu_device *new_smmu(struct kunit *test,
					enum arm_smmu_arch_version v)
{
	struct arm_smmu_device *smmu = kunit_kzalloc(test, sizeof(*smmu),
						     GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, smmu);
	smmu->version = v;
	return smmu;
}

static void decode_mmu500(struct kunit *test)
{
	struct arm_smmu_device *smmu = new_smmu(test, ARM_SMMU_V2);
	const u32 id[3] = { IDR0_MMU500, IDR1_MMU500, IDR2_MMU500 };

	KUNIT_ASSERT_EQ(test, arm_smmu_decode_idr(smmu, id), 0);
	KUNIT_EXPECT_TRUE(test, smmu->features & ARM_SMMU_FEAT_TRANS_S1);
	KUNIT_EXPECT_TRUE(test, smmu->features & ARM_SMMU_FEAT_TRANS_S2);
	KUNIT_EXPECT_TRUE(test, smmu->features & ARM_SMMU_FEAT_TRANS_NESTED);
	KUNIT_EXPECT_TRUE(test, smmu->features & ARM_SMMU_FEAT_STREAM_MATCH);
	KUNIT_EXPECT_TRUE(test, smmu->features & ARM_SMMU_FEAT_FMT_AARCH64_16K);
	KUNIT_EXPECT_TRUE(test, smmu->features & ARM_SMMU_FEAT_VMID16);
	KUNIT_EXPECT_TRUE(test, smmu->features & ARM_SMMU_FEAT_FMT_AARCH32_S);
	KUNIT_EXPECT_FALSE(test, smmu->features & ARM_SMMU_FEAT_EXIDS);
	KUNIT_EXPECT_EQ(test, smmu->num_mapping_groups, 48);
	KUNIT_EXPECT_EQ(test, smmu->streamid_mask, 0x7fff);
	KUNIT_EXPECT_EQ(test, smmu->pgshift, 12);
	KUNIT_EXPECT_EQ(test, smmu->numpage, 16);
	KUNIT_EXPECT_EQ(test, smmu->num_context_banks, 32);
	KUNIT_EXPECT_EQ(test, smmu->num_s2_context_banks, 8);
	KUNIT_EXPECT_EQ(test, smmu->ipa_size, 48);
	KUNIT_EXPECT_EQ(test, smmu->pa_size, 44);
	KUNIT_EXPECT_EQ(test, smmu->va_size, 48);
}

static void decode_v1_indexed(struct kunit *test)
{
	struct arm_smmu_device *smmu = new_smmu(test, ARM_SMMU_V1);
	/* stage 2 only, no SMS, 7 SID bits, PTFS says no AArch32 (ignored) */
	const u32 id[3] = { BIT(29) | BIT(25) | (7U << 9),
			    BIT(31) | (4U << 16) | 4U, 2U | (1U << 4) };

	KUNIT_ASSERT_EQ(test, arm_smmu_decode_idr(smmu, id), 0);
	KUNIT_EXPECT_FALSE(test, smmu->features & ARM_SMMU_FEAT_STREAM_MATCH);
	KUNIT_EXPECT_FALSE(test, smmu->features & ARM_SMMU_FEAT_TRANS_S1);
	KUNIT_EXPECT_TRUE(test, smmu->features & ARM_SMMU_FEAT_FMT_AARCH32_L);
	KUNIT_EXPECT_FALSE(test, smmu->features & ARM_SMMU_FEAT_FMT_AARCH64);
	KUNIT_EXPECT_EQ(test, smmu->num_mapping_groups, 128);
	KUNIT_EXPECT_EQ(test, smmu->pgshift, 16);
	KUNIT_EXPECT_EQ(test, smmu->numpage, 2);
	KUNIT_EXPECT_EQ(test, smmu->ipa_size, 40);
	KUNIT_EXPECT_EQ(test, smmu->pa_size, 36);
	KUNIT_EXPECT_EQ(test, smmu->va_size, 40);
}

static void decode_rejects(struct kunit *test)
{
	struct arm_smmu_device *smmu = new_smmu(test, ARM_SMMU_V2);
	u32 id[3] = { IDR0_MMU500, IDR1_MMU500, IDR2_MMU500 };

	id[0] &= ~(BIT(30) | BIT(29));		/* no stage at all */
	KUNIT_EXPECT_EQ(test, arm_smmu_decode_idr(smmu, id), -ENODEV);
	id[0] = IDR0_MMU500 & ~0xffU;		/* SMS with no SMRs */
	KUNIT_EXPECT_EQ(test, arm_smmu_decode_idr(smmu, id), -ENODEV);
	id[0] = IDR0_MMU500;
	id[1] = (40U << 16) | 32U;		/* more S2 banks than banks */
	KUNIT_EXPECT_EQ(test, arm_smmu_decode_idr(smmu, id), -ENODEV);
	id[1] = IDR1_MMU500;
	id[2] = 7U;				/* reserved IAS code */
	KUNIT_EXPECT_EQ(test, arm_smmu_decode_idr(smmu, id), -ENODEV);
	/* stage 1 needs a bank that is not stage 2 only */
	id[2] = IDR2_MMU500;
	id[1] = (8U << 16) | 8U;
	KUNIT_ASSERT_EQ(test, arm_smmu_decode_idr(smmu, id), 0);
	KUNIT_EXPECT_FALSE(test, smmu->features & ARM_SMMU_FEAT_TRANS_S1);
}

static void decode_exids(struct kunit *test)
{
	struct arm_smmu_device *smmu = new_smmu(test, ARM_SMMU_V2);
	const u32 id[3] = { (IDR0_MMU500 & ~(0xfU << 9)) | BIT(8) | (8U << 9),
			    IDR1_MMU500, IDR2_MMU500 };

	KUNIT_ASSERT_EQ(test, arm_smmu_decode_idr(smmu, id), 0);
	KUNIT_EXPECT_TRUE(test, smmu->features & ARM_SMMU_FEAT_EXIDS);
	KUNIT_EXPECT_EQ(test, smmu->streamid_mask, 0xffff);
}

static void smr_place(struct kunit *test)
{
	struct arm_smmu_smr smrs[4] = {
		{ .id = 0x100, .mask = 0x0f, .valid = true },
		{ .valid = false },
		{ .id = 0x200, .mask = 0, .valid = true },
		{ .valid = false },
	};

	/* identical: share */
	KUNIT_EXPECT_EQ(test, arm_smmu_smr_place(smrs, 4, 0x100, 0x0f), 0);
	/* contained in entry 0 (0x105 with no mask): share */
	KUNIT_EXPECT_EQ(test, arm_smmu_smr_place(smrs, 4, 0x105, 0), 0);
	KUNIT_EXPECT_EQ(test, arm_smmu_smr_place(smrs, 4, 0x104, 0x3), 0);
	/* overlapping entry 0 in part (0x100..0x11f): conflict */
	KUNIT_EXPECT_EQ(test, arm_smmu_smr_place(smrs, 4, 0x100, 0x1f), -EBUSY);
	/* covering entry 2 without being contained: conflict */
	KUNIT_EXPECT_EQ(test, arm_smmu_smr_place(smrs, 4, 0x200, 0x1), -EBUSY);
	/* disjoint: the first free entry */
	KUNIT_EXPECT_EQ(test, arm_smmu_smr_place(smrs, 4, 0x300, 0), 1);
	KUNIT_EXPECT_EQ(test, arm_smmu_smr_place(smrs, 4, 0x110, 0xf), 1);

	smrs[1] = (struct arm_smmu_smr){ .id = 0x300, .valid = true };
	smrs[3] = (struct arm_smmu_smr){ .id = 0x400, .valid = true };
	KUNIT_EXPECT_EQ(test, arm_smmu_smr_place(smrs, 4, 0x500, 0), -ENOSPC);
	/* full, but sharing still works */
	KUNIT_EXPECT_EQ(test, arm_smmu_smr_place(smrs, 4, 0x400, 0), 3);
}

static void formats(struct kunit *test)
{
	u32 all = ARM_SMMU_FEAT_FMT_AARCH64 | ARM_SMMU_FEAT_FMT_AARCH32_L |
		  ARM_SMMU_FEAT_FMT_AARCH32_S;

	KUNIT_EXPECT_EQ(test, arm_smmu_context_fmt(all, ARM_SMMU_DOMAIN_S1),
			IS_ENABLED(CONFIG_64BIT) ? ARM_SMMU_CTX_FMT_AARCH64 :
			ARM_SMMU_CTX_FMT_AARCH32_L);
	KUNIT_EXPECT_EQ(test, arm_smmu_context_fmt(ARM_SMMU_FEAT_FMT_AARCH64_64K,
						   ARM_SMMU_DOMAIN_S2),
			ARM_SMMU_CTX_FMT_AARCH64);
	KUNIT_EXPECT_EQ(test, arm_smmu_context_fmt(ARM_SMMU_FEAT_FMT_AARCH32_S,
						   ARM_SMMU_DOMAIN_S2),
			ARM_SMMU_CTX_FMT_NONE);
	if (IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_ARMV7S))
		KUNIT_EXPECT_EQ(test,
				arm_smmu_context_fmt(ARM_SMMU_FEAT_FMT_AARCH32_S,
						     ARM_SMMU_DOMAIN_S1),
				ARM_SMMU_CTX_FMT_AARCH32_S);

	KUNIT_EXPECT_EQ(test, arm_smmu_fmt_pgsizes(ARM_SMMU_FEAT_FMT_AARCH64_16K |
						   ARM_SMMU_FEAT_FMT_AARCH64_64K,
						   ARM_SMMU_CTX_FMT_AARCH64),
			(unsigned long)(SZ_16K | SZ_32M | SZ_64K | SZ_512M));
	KUNIT_EXPECT_EQ(test, arm_smmu_fmt_pgsizes(0, ARM_SMMU_CTX_FMT_AARCH32_S),
			(unsigned long)(SZ_4K | SZ_64K | SZ_1M | SZ_16M));
	KUNIT_EXPECT_EQ(test, arm_smmu_fmt_pgsizes(all, ARM_SMMU_CTX_FMT_NONE),
			0UL);
}

static void lpae_tcr(struct kunit *test)
{
	struct io_pgtable_cfg pc = {};

	pc.arm_lpae_s1_cfg.tcr.tsz = 16;
	pc.arm_lpae_s1_cfg.tcr.irgn = 1;
	pc.arm_lpae_s1_cfg.tcr.orgn = 1;
	pc.arm_lpae_s1_cfg.tcr.sh = 3;
	pc.arm_lpae_s1_cfg.tcr.tg = 0;
	pc.arm_lpae_s1_cfg.tcr.ips = 5;

	/* T0SZ 5:0, IRGN0 9:8, ORGN0 11:10, SH0 13:12, EPD1 23 */
	KUNIT_EXPECT_EQ(test, arm_smmu_lpae_tcr(&pc),
			16U | (1U << 8) | (1U << 10) | (3U << 12) | BIT(23));
	/* the same in the TTBR1 half (T1SZ 21:16 ...), EPD0 7 */
	pc.quirks = IO_PGTABLE_QUIRK_ARM_TTBR1;
	pc.arm_lpae_s1_cfg.tcr.tg = 2;
	KUNIT_EXPECT_EQ(test, arm_smmu_lpae_tcr(&pc),
			(16U << 16) | (1U << 24) | (1U << 26) | (3U << 28) |
			(2U << 30) | BIT(7));
	/* PASize 2:0, SEP 17:15 = 7 */
	KUNIT_EXPECT_EQ(test, arm_smmu_lpae_tcr2(&pc), 5U | (7U << 15));
}

static void lpae_vtcr(struct kunit *test)
{
	struct io_pgtable_cfg pc = {};

	pc.arm_lpae_s2_cfg.vtcr.tsz = 24;
	pc.arm_lpae_s2_cfg.vtcr.sl = 1;
	pc.arm_lpae_s2_cfg.vtcr.irgn = 1;
	pc.arm_lpae_s2_cfg.vtcr.orgn = 1;
	pc.arm_lpae_s2_cfg.vtcr.sh = 3;
	pc.arm_lpae_s2_cfg.vtcr.tg = 1;
	pc.arm_lpae_s2_cfg.vtcr.ps = 2;
	/* T0SZ 5:0, SL0 7:6, ..., TG0 15:14, PS 18:16, RES1 31 */
	KUNIT_EXPECT_EQ(test, arm_smmu_lpae_vtcr(&pc),
			24U | (1U << 6) | (1U << 8) | (1U << 10) | (3U << 12) |
			(1U << 14) | (2U << 16) | BIT(31));
}

static void sctlr(struct kunit *test)
{
	struct arm_smmu_cfg cfg = { .cbar = CBAR_TYPE_S1_TRANS_S2_BYPASS };
	u32 base = BIT(0) | BIT(1) | BIT(2) | BIT(5) | BIT(6);
	u32 be = IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) ? BIT(4) : 0;

	KUNIT_EXPECT_EQ(test, arm_smmu_sctlr(&cfg), base | BIT(12) | be);
	cfg.cbar = CBAR_TYPE_S2_TRANS;
	KUNIT_EXPECT_EQ(test, arm_smmu_sctlr(&cfg), base | be);
	/* terminate, never stall: CFCFG (bit 7) stays clear */
	KUNIT_EXPECT_FALSE(test, arm_smmu_sctlr(&cfg) & BIT(7));
}

static void tlbi_va(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, arm_smmu_tlbi_va(ARM_SMMU_CTX_FMT_AARCH64,
					       0x12345000UL, 0x2a),
			0x12345ULL | (0x2aULL << 48));
	KUNIT_EXPECT_EQ(test, arm_smmu_tlbi_va(ARM_SMMU_CTX_FMT_AARCH32_L,
					       0x12345678UL, 0x2a),
			0x12345000ULL | 0x2a);
	KUNIT_EXPECT_EQ(test, arm_smmu_tlbi_va(ARM_SMMU_CTX_FMT_AARCH32_S,
					       0xfffff000UL, 0xff),
			0xfffff0ffULL);
}

static void fault_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, arm_smmu_fsr_kind(BIT(1)), "translation");
	KUNIT_EXPECT_STREQ(test, arm_smmu_fsr_kind(BIT(3)), "permission");
	KUNIT_EXPECT_STREQ(test, arm_smmu_fsr_kind(BIT(3) | BIT(31)),
			   "permission");
	KUNIT_EXPECT_STREQ(test, arm_smmu_fsr_kind(BIT(4)), "external abort");
	KUNIT_EXPECT_STREQ(test, arm_smmu_fsr_kind(0), "unknown");
	KUNIT_EXPECT_STREQ(test, arm_smmu_gfsr_kind(BIT(1)),
			   "unidentified stream");
	KUNIT_EXPECT_STREQ(test, arm_smmu_gfsr_kind(BIT(2)),
			   "stream match conflict");
	KUNIT_EXPECT_STREQ(test, arm_smmu_gfsr_kind(BIT(31)), "unknown");
}

static struct kunit_case arm_smmu_cases[] = {
	KUNIT_CASE(decode_mmu500),
	KUNIT_CASE(decode_v1_indexed),
	KUNIT_CASE(decode_rejects),
	KUNIT_CASE(decode_exids),
	KUNIT_CASE(smr_place),
	KUNIT_CASE(formats),
	KUNIT_CASE(lpae_tcr),
	KUNIT_CASE(lpae_vtcr),
	KUNIT_CASE(sctlr),
	KUNIT_CASE(tlbi_va),
	KUNIT_CASE(fault_names),
	{}
};

static struct kunit_suite arm_smmu_suite = {
	.name = "arm-smmu",
	.test_cases = arm_smmu_cases,
};

kunit_test_suite(arm_smmu_suite);

MODULE_DESCRIPTION("KUnit tests for the Arm SMMUv1/v2 driver");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the Arm SMMUv3 driver's encoders and its entry writer.
 *
 * Entries are decoded field by field with the layouts of
 * arm-smmu-v3-regs.h, which follow the architecture (IHI 0070), and
 * compared with the values the architecture asks for.  The writer's plans
 * are replayed against a model of an SMMU that may read an entry at any
 * moment, word by word, until the next invalidation.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/io-pgtable.h>
#include <linux/sizes.h>

#include "arm-smmu-v3.h"
#include "arm-smmu-v3-kunit.h"

struct smmu3_test_smmu {
	struct smmu3_device	smmu;
	u32			prod_cons;
};

/**
 * smmu3_test_smmu() - a fake SMMU for the KUnit suites
 * @test: the test, which owns the memory
 * @features: SMMU3_FEAT_* it claims
 *
 * Enough for the encoders, for io-pgtable, and for the command queue.  Its
 * PROD and CONS "registers" are one word of memory, so every command counts
 * as consumed the moment it is queued; the ring keeps what was sent for the
 * test to read.
 *
 * Return: the SMMU.
 */
struct smmu3_device *smmu3_test_smmu(struct kunit *test, u32 features)
{
	struct smmu3_test_smmu *fake = kunit_kzalloc(test, sizeof(*fake),
						     GFP_KERNEL);
	struct smmu3_device *smmu;
	struct smmu3_cmdq *cmdq;

	KUNIT_ASSERT_NOT_NULL(test, fake);
	smmu = &fake->smmu;
	smmu->dev = kunit_device_register(test, "smmu3-kunit");
	KUNIT_ASSERT_FALSE(test, IS_ERR(smmu->dev));
	smmu->dev->coherent_dma_mask = DMA_BIT_MASK(44);
	smmu->dev->dma_mask = &smmu->dev->coherent_dma_mask;

	cmdq = &smmu->cmdq;
	cmdq->q.log2_size = SMMU3_TEST_CMDQ_LOG2;
	cmdq->q.entry_qwords = SMMU3_CMD_QWORDS;
	cmdq->q.entries = kunit_kcalloc(test, SMMU3_CMD_QWORDS <<
					SMMU3_TEST_CMDQ_LOG2, sizeof(u64),
					GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cmdq->q.entries);
	cmdq->q.prod_reg = (__force void __iomem *)&fake->prod_cons;
	cmdq->q.cons_reg = cmdq->q.prod_reg;
	spin_lock_init(&cmdq->lock);
	atomic64_set(&cmdq->consumed, 0);
	smmu->features = features;
	smmu->ias = 48;
	smmu->oas = 44;
	smmu->asid_bits = 16;
	smmu->vmid_bits = 16;
	smmu->pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G;
	ida_init(&smmu->asids);
	ida_init(&smmu->vmids);
	return smmu;
}

static void smmu3_test_cdtab(struct smmu3_cdtab *cdtab, dma_addr_t dma,
			     unsigned int ssid_bits, bool two_level)
{
	memset(cdtab, 0, sizeof(*cdtab));
	smmu3_cdtab_layout(cdtab, ssid_bits, two_level);
	cdtab->dma = dma;
}

static void smmu3_test_zero_from(struct kunit *test, const u64 *e,
				 unsigned int first)
{
	unsigned int i;

	for (i = first; i < SMMU3_ENTRY_QWORDS; i++)
		KUNIT_EXPECT_EQ_MSG(test, e[i], 0ULL, "word %u", i);
}

/* Stream table entries */

static void smmu3_test_ste_abort(struct kunit *test)
{
	u64 ste[STE_QWORDS];

	smmu3_make_abort_ste(ste);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_V, ste[0]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_CONFIG, ste[0]), 0ULL);
	KUNIT_EXPECT_EQ(test, ste[0] & ~(STE0_V | STE0_CONFIG), 0ULL);
	smmu3_test_zero_from(test, ste, 1);
}

static void smmu3_test_ste_bypass(struct kunit *test)
{
	u64 ste[STE_QWORDS];

	smmu3_make_bypass_ste(ste);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_V, ste[0]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_CONFIG, ste[0]), 0x4ULL);
	KUNIT_EXPECT_EQ(test, ste[0] & ~(STE0_V | STE0_CONFIG), 0ULL);
	/* SHCFG 0b01: use the incoming shareability */
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_SHCFG, ste[1]), 1ULL);
	KUNIT_EXPECT_EQ(test, ste[1] & ~STE1_SHCFG, 0ULL);
	smmu3_test_zero_from(test, ste, 2);
}

static void smmu3_test_ste_s1_linear(struct kunit *test)
{
	struct smmu3_device *smmu = smmu3_test_smmu(test, SMMU3_FEAT_S1 |
						    SMMU3_FEAT_COHERENT);
	struct smmu3_cdtab cdtab;
	u64 ste[STE_QWORDS];

	smmu3_test_cdtab(&cdtab, 0x8badf00dc0ULL, 0, false);
	smmu3_make_s1_ste(ste, smmu, &cdtab);

	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_V, ste[0]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_CONFIG, ste[0]), 0x5ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_S1FMT, ste[0]), 0ULL);
	KUNIT_EXPECT_EQ(test, ste[0] & GENMASK_ULL(51, 6), 0x8badf00dc0ULL);
	/* S1CDMax 0: CD 0 only; QEMU 7.2 refuses anything else */
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_S1CDMAX, ste[0]), 0ULL);

	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1DSS, ste[1]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1CIR, ste[1]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1COR, ste[1]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1CSH, ste[1]), 3ULL);
	/* no stall support: S1STALLD must be 0 or the STE is ILLEGAL */
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1STALLD, ste[1]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_EATS, ste[1]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_STRW, ste[1]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_SHCFG, ste[1]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2VMID, ste[2]), 0ULL);
	KUNIT_EXPECT_EQ(test, ste[2], 0ULL);
	smmu3_test_zero_from(test, ste, 3);
}

static void smmu3_test_ste_s1_substreams(struct kunit *test)
{
	struct smmu3_device *smmu = smmu3_test_smmu(test, SMMU3_FEAT_S1 |
						    SMMU3_FEAT_STALLS);
	struct smmu3_cdtab cdtab;
	u64 ste[STE_QWORDS];

	/* 10-bit SSIDs in a two-level table of 4 KiB leaves */
	smmu3_test_cdtab(&cdtab, 0x40001000, 10, true);
	KUNIT_EXPECT_EQ(test, cdtab.num_l1, 16U);
	smmu3_make_s1_ste(ste, smmu, &cdtab);

	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_CONFIG, ste[0]), 0x5ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_S1FMT, ste[0]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_S1CDMAX, ste[0]), 10ULL);
	KUNIT_EXPECT_EQ(test, ste[0] & GENMASK_ULL(51, 6), 0x40001000ULL);
	/* Traffic without a substream uses CD 0 */
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1DSS, ste[1]), 2ULL);
	/* Non-coherent: CD fetches non-cacheable, outer shareable */
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1CIR, ste[1]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1COR, ste[1]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1CSH, ste[1]), 2ULL);
	/* Stalls optional: disabled */
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1STALLD, ste[1]), 1ULL);

	/* Forced stalls: S1STALLD is ILLEGAL */
	smmu->features |= SMMU3_FEAT_STALL_FORCE;
	smmu3_make_s1_ste(ste, smmu, &cdtab);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_S1STALLD, ste[1]), 0ULL);

	/* Linear when the SMMU has no two-level CD tables */
	smmu3_test_cdtab(&cdtab, 0x40001000, 10, false);
	KUNIT_EXPECT_EQ(test, cdtab.num_l1, 0U);
	smmu3_make_s1_ste(ste, smmu, &cdtab);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_S1FMT, ste[0]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_S1CDMAX, ste[0]), 10ULL);
}

/* Without paging_stage= the default: stage 1 wherever the SMMU has it. */
static void smmu3_test_pick_stage(struct kunit *test)
{
	static const struct {
		u32 features;
		enum smmu3_stage want;
	} cases[] = {
		{ SMMU3_FEAT_S1 | SMMU3_FEAT_S2, SMMU3_STAGE1 },
		{ SMMU3_FEAT_S1, SMMU3_STAGE1 },
		{ SMMU3_FEAT_S2, SMMU3_STAGE2 },
	};
	struct smmu3_device *smmu = smmu3_test_smmu(test, 0);
	unsigned int i;

	/* One test SMMU per test: only its features change. */
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		smmu->features = cases[i].features;
		KUNIT_EXPECT_EQ(test, smmu3_pick_stage(smmu), cases[i].want);
	}
}

static void smmu3_test_ste_s2(struct kunit *test)
{
	struct smmu3_device *smmu = smmu3_test_smmu(test, SMMU3_FEAT_S2 |
						    SMMU3_FEAT_COHERENT);
	struct smmu3_domain dom = {};
	u64 ste[STE_QWORDS];
	unsigned int sl0;

	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&dom, smmu, SMMU3_STAGE2), 0);
	smmu3_make_s2_ste(ste, smmu, &dom);

	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_V, ste[0]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE0_CONFIG, ste[0]), 0x6ULL);
	KUNIT_EXPECT_EQ(test, ste[0] & ~(STE0_V | STE0_CONFIG), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_EATS, ste[1]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE1_SHCFG, ste[1]), 1ULL);

	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2VMID, ste[2]), (u64)dom.tag);
	KUNIT_EXPECT_NE(test, dom.tag, 0);
	/* 44-bit IPA (IOVAs are unsigned long): T0SZ = 64 - 44, PS = 0b100 */
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2T0SZ, ste[2]),
			64ULL - min(44, BITS_PER_LONG));
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2PS, ste[2]), 4ULL);
	/* 4 KiB granule; walks write-back cacheable, inner shareable */
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2TG, ste[2]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2IR0, ste[2]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2OR0, ste[2]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2SH0, ste[2]), 3ULL);
	/* 4 KiB granule: SL0 1 (level 1) or 2 (level 0) */
	sl0 = FIELD_GET(STE2_S2SL0, ste[2]);
	KUNIT_EXPECT_TRUE(test, sl0 == 1 || sl0 == 2);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2AA64, ste[2]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2R, ste[2]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2ENDI, ste[2]),
			IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) ? 1ULL : 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(STE2_S2PTW, ste[2]), 0ULL);
	KUNIT_EXPECT_EQ(test, ste[3], dom.ttbr & GENMASK_ULL(51, 4));
	KUNIT_EXPECT_NE(test, ste[3], 0ULL);
	smmu3_test_zero_from(test, ste, 4);

	smmu3_domain_destroy(&dom);
}

/* Context descriptors */

static void smmu3_test_cd_s1(struct kunit *test)
{
	struct smmu3_device *smmu = smmu3_test_smmu(test, SMMU3_FEAT_S1 |
						    SMMU3_FEAT_COHERENT);
	struct smmu3_domain dom = {};
	u64 cd[CD_QWORDS];

	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&dom, smmu, SMMU3_STAGE1), 0);
	smmu3_make_s1_cd(cd, smmu, &dom);

	/* 48-bit VA (32 on 32-bit Arm) in TTB0, 4 KiB pages; TTB1 disabled */
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_T0SZ, cd[0]),
			64ULL - min(48, BITS_PER_LONG));
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_TG0, cd[0]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_IR0, cd[0]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_OR0, cd[0]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_SH0, cd[0]), 3ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_EPD0, cd[0]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_EPD1, cd[0]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_ENDI, cd[0]),
			IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) ? 1ULL : 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_V, cd[0]), 1ULL);
	/* 44-bit output: IPS 0b100 */
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_IPS, cd[0]), 4ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_AFFD, cd[0]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_TBI, cd[0]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_AA64, cd[0]), 1ULL);
	/* no hardware access/dirty flags, no stalls */
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_HD, cd[0]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_HA, cd[0]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_S, cd[0]), 0ULL);
	/* faults recorded, terminated with an abort */
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_R, cd[0]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_A, cd[0]), 1ULL);
	/* our ASIDs are not shared with the CPU's */
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_ASET, cd[0]), 1ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_ASID, cd[0]), (u64)dom.tag);
	KUNIT_EXPECT_NE(test, dom.tag, 0);
	/* bits 21:16 (T1SZ) .. 29:28 (SH1) unused with EPD1 */
	KUNIT_EXPECT_EQ(test, cd[0] & GENMASK_ULL(29, 16), 0ULL);

	KUNIT_EXPECT_EQ(test, cd[1], dom.ttbr & GENMASK_ULL(51, 4));
	KUNIT_EXPECT_NE(test, cd[1], 0ULL);
	KUNIT_EXPECT_EQ(test, cd[2], 0ULL);
	KUNIT_EXPECT_EQ(test, cd[3], dom.mair);
	smmu3_test_zero_from(test, cd, 4);

	/* Each domain its own ASID */
	{
		struct smmu3_domain other = {};
		u64 cd2[CD_QWORDS];

		KUNIT_ASSERT_EQ(test, smmu3_domain_init(&other, smmu,
							SMMU3_STAGE1), 0);
		smmu3_make_s1_cd(cd2, smmu, &other);
		KUNIT_EXPECT_NE(test, FIELD_GET(CD0_ASID, cd2[0]),
				FIELD_GET(CD0_ASID, cd[0]));
		smmu3_domain_destroy(&other);
	}
	smmu3_domain_destroy(&dom);
}

static void smmu3_test_cd_non_coherent(struct kunit *test)
{
	struct smmu3_device *smmu = smmu3_test_smmu(test, SMMU3_FEAT_S1);
	struct smmu3_domain dom = {};
	u64 cd[CD_QWORDS];

	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&dom, smmu, SMMU3_STAGE1), 0);
	smmu3_make_s1_cd(cd, smmu, &dom);
	/* A walker that does not snoop reads tables non-cacheable */
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_IR0, cd[0]), 0ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_OR0, cd[0]), 0ULL);
	smmu3_domain_destroy(&dom);
}

static void smmu3_test_l1_descriptors(struct kunit *test)
{
	u64 d = smmu3_make_l1std(0x123456000ULL, SMMU3_STRTAB_SPLIT);

	/* Span 9 covers 2^8 STEs */
	KUNIT_EXPECT_EQ(test, FIELD_GET(L1STD_SPAN, d), 9ULL);
	KUNIT_EXPECT_EQ(test, d & GENMASK_ULL(51, 6), 0x123456000ULL);
	KUNIT_EXPECT_EQ(test, d & ~(GENMASK_ULL(51, 6) | L1STD_SPAN), 0ULL);

	d = smmu3_make_l1cd(0x87654000ULL);
	KUNIT_EXPECT_EQ(test, d & L1CD_V, 1ULL);
	KUNIT_EXPECT_EQ(test, d & GENMASK_ULL(51, 12), 0x87654000ULL);
	KUNIT_EXPECT_EQ(test, d & ~(GENMASK_ULL(51, 12) | 1ULL), 0ULL);
}

/* Commands */

static void smmu3_test_cmds(struct kunit *test)
{
	struct smmu3_cmd c;

	c = smmu3_cmd_cfgi_ste(0x1234);
	KUNIT_EXPECT_EQ(test, c.w[0] & 0xff, 0x03ULL);
	KUNIT_EXPECT_EQ(test, c.w[0] >> 32, 0x1234ULL);
	KUNIT_EXPECT_EQ(test, c.w[1], 1ULL);		/* Leaf */

	c = smmu3_cmd_cfgi_all();
	KUNIT_EXPECT_EQ(test, c.w[0], 0x04ULL);
	KUNIT_EXPECT_EQ(test, c.w[1], 31ULL);		/* Range 31: all */

	c = smmu3_cmd_cfgi_cd(0xabcd, 0x5);
	KUNIT_EXPECT_EQ(test, c.w[0] & 0xff, 0x05ULL);
	KUNIT_EXPECT_EQ(test, (c.w[0] >> 12) & 0xfffff, 0x5ULL);
	KUNIT_EXPECT_EQ(test, c.w[0] >> 32, 0xabcdULL);
	KUNIT_EXPECT_EQ(test, c.w[1], 1ULL);

	c = smmu3_cmd_cfgi_cd_all(7);
	KUNIT_EXPECT_EQ(test, c.w[0], 0x06ULL | (7ULL << 32));

	c = smmu3_cmd_prefetch_cfg(9);
	KUNIT_EXPECT_EQ(test, c.w[0], 0x01ULL | (9ULL << 32));

	c = smmu3_cmd_tlbi_nh_asid(0xbeef);
	KUNIT_EXPECT_EQ(test, c.w[0], 0x11ULL | (0xbeefULL << 48));
	KUNIT_EXPECT_EQ(test, c.w[1], 0ULL);

	c = smmu3_cmd_tlbi_nh_va(3, 0xffff12345678ULL, true);
	KUNIT_EXPECT_EQ(test, c.w[0], 0x12ULL | (3ULL << 48));
	KUNIT_EXPECT_EQ(test, c.w[1], 0xffff12345000ULL | 1);

	c = smmu3_cmd_tlbi_s2_ipa(5, 0x80001000ULL, false);
	KUNIT_EXPECT_EQ(test, c.w[0], 0x2aULL | (5ULL << 32));
	KUNIT_EXPECT_EQ(test, c.w[1], 0x80001000ULL);

	c = smmu3_cmd_tlbi_s12_vmall(5);
	KUNIT_EXPECT_EQ(test, c.w[0], 0x28ULL | (5ULL << 32));

	KUNIT_EXPECT_EQ(test, smmu3_cmd_tlbi_nsnh_all().w[0], 0x30ULL);
	KUNIT_EXPECT_EQ(test, smmu3_cmd_tlbi_el2_all().w[0], 0x20ULL);

	/* SYNC without MSI: CS = SIG_NONE */
	c = smmu3_cmd_sync(0, 0);
	KUNIT_EXPECT_EQ(test, c.w[0], 0x46ULL);
	KUNIT_EXPECT_EQ(test, c.w[1], 0ULL);
	/* SYNC with a completion write */
	c = smmu3_cmd_sync(0x4000beef0ULL, 0x1234);
	KUNIT_EXPECT_EQ(test, c.w[0] & 0xff, 0x46ULL);
	KUNIT_EXPECT_EQ(test, (c.w[0] >> 12) & 3, 1ULL);	/* CS IRQ */
	KUNIT_EXPECT_EQ(test, (c.w[0] >> 22) & 3, 3ULL);	/* MSH ISH */
	KUNIT_EXPECT_EQ(test, (c.w[0] >> 24) & 0xf, 0xfULL);	/* WB */
	KUNIT_EXPECT_EQ(test, c.w[0] >> 32, 0x1234ULL);
	KUNIT_EXPECT_EQ(test, c.w[1], 0x4000beef0ULL);
}

static void smmu3_test_cmd_range(struct kunit *test)
{
	struct smmu3_cmd c = smmu3_cmd_tlbi_nh_va(1, 0x200000, true);

	smmu3_cmd_set_range(&c, 12, 3, 30, 4);
	KUNIT_EXPECT_EQ(test, (c.w[0] >> 12) & 0x1f, 30ULL);	/* NUM */
	KUNIT_EXPECT_EQ(test, (c.w[0] >> 20) & 0x1f, 4ULL);	/* SCALE */
	KUNIT_EXPECT_EQ(test, (c.w[1] >> 10) & 3, 1ULL);	/* TG 4K */
	KUNIT_EXPECT_EQ(test, (c.w[1] >> 8) & 3, 3ULL);		/* TTL */

	c = smmu3_cmd_tlbi_nh_va(1, 0, false);
	smmu3_cmd_set_range(&c, 14, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, (c.w[1] >> 10) & 3, 2ULL);	/* TG 16K */
	c = smmu3_cmd_tlbi_nh_va(1, 0, false);
	smmu3_cmd_set_range(&c, 16, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, (c.w[1] >> 10) & 3, 3ULL);	/* TG 64K */
}

static void smmu3_test_range_split(struct kunit *test)
{
	static const unsigned long pages[] = {
		1, 2, 3, 31, 32, 33, 63, 64, 65, 255, 511, 512, 513, 4097,
		0x12345, 0x7ffff, 0xfffff,
		/* the largest whose byte size fits in unsigned long */
		(1UL << (BITS_PER_LONG - 13)) - 1,
	};
	unsigned int scales[64], nums[64];
	unsigned int i, j, n;

	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		unsigned long covered = 0;

		n = smmu3_range_cmds(pages[i] << 12, 12, scales, nums,
				     ARRAY_SIZE(scales));
		/* More commands than slots: the caller drops the ASID. */
		if (n > ARRAY_SIZE(scales))
			continue;
		for (j = 0; j < n; j++) {
			KUNIT_EXPECT_LT(test, nums[j], 32U);
			KUNIT_EXPECT_LT(test, scales[j], 32U);
			covered += (unsigned long)(nums[j] + 1) << scales[j];
		}
		KUNIT_EXPECT_EQ_MSG(test, covered, pages[i], "%lu pages",
				    pages[i]);
	}
	/* Five bits of the page count per command: 20 bits, 4 commands */
	KUNIT_EXPECT_EQ(test, smmu3_range_cmds(0xfffffUL << 12, 12, scales,
					       nums, 64), 4U);
}

/* The ordered writer against a model of the SMMU */

struct smmu3_test_entries {
	const char	*name;
	u64		e[SMMU3_ENTRY_QWORDS];
	bool		hitless_class;	/* reachable without breaking */
};

static bool smmu3_view_eq(const struct smmu3_entry_kind *kind,
			  const u64 *a, const u64 *b)
{
	u64 ua[SMMU3_ENTRY_QWORDS], ub[SMMU3_ENTRY_QWORDS];
	unsigned int i;

	kind->used(a, ua);
	kind->used(b, ub);
	for (i = 0; i < SMMU3_ENTRY_QWORDS; i++)
		if (ua[i] != ub[i] || (a[i] & ua[i]) != (b[i] & ub[i]))
			return false;
	return true;
}

/*
 * Replay a plan.  The SMMU may read the entry word by word at any time, so
 * between two invalidations at most one word may change in bits that the
 * configuration before or after the store reads; and every state it can
 * see must translate as the old entry, as the new one, or not at all.
 */
static void smmu3_test_replay(struct kunit *test,
			      const struct smmu3_entry_kind *kind,
			      const struct smmu3_test_entries *from,
			      const struct smmu3_test_entries *to,
			      bool *broke)
{
	struct smmu3_step steps[SMMU3_MAX_STEPS];
	u64 now[SMMU3_ENTRY_QWORDS], before[SMMU3_ENTRY_QWORDS];
	u64 used_b[SMMU3_ENTRY_QWORDS], used_a[SMMU3_ENTRY_QWORDS];
	unsigned int n, i, visible = 0;
	bool dirty = false;

	*broke = false;
	n = smmu3_plan_update(kind, from->e, to->e, steps);
	KUNIT_ASSERT_LE(test, n, (unsigned int)SMMU3_MAX_STEPS);
	memcpy(now, from->e, sizeof(now));

	for (i = 0; i < n; i++) {
		const struct smmu3_step *s = &steps[i];

		if (s->qword != SMMU3_STEP_SYNC_ONLY) {
			KUNIT_ASSERT_LT(test, s->qword, SMMU3_ENTRY_QWORDS);
			memcpy(before, now, sizeof(now));
			now[s->qword] = s->val;
			kind->used(before, used_b);
			kind->used(now, used_a);
			if ((before[s->qword] ^ now[s->qword]) &
			    (used_b[s->qword] | used_a[s->qword])) {
				visible++;
				dirty = true;
			}
			KUNIT_EXPECT_LE_MSG(test, visible, 1U,
					    "%s %s -> %s: two visible stores without an invalidation",
					    kind->name, from->name, to->name);
			if (!(now[0] & kind->valid))
				*broke = true;
			else
				KUNIT_EXPECT_TRUE_MSG(test,
						      smmu3_view_eq(kind, now, from->e) ||
						      smmu3_view_eq(kind, now, to->e),
						      "%s %s -> %s: step %u shows a third configuration",
						      kind->name, from->name, to->name, i);
		}
		if (s->sync) {
			visible = 0;
			dirty = false;
		}
	}
	KUNIT_EXPECT_FALSE_MSG(test, dirty,
			       "%s %s -> %s: last visible store not invalidated",
			       kind->name, from->name, to->name);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(now, to->e, sizeof(now)), 0,
			    "%s %s -> %s: wrong final entry", kind->name,
			    from->name, to->name);
	if (!memcmp(from->e, to->e, sizeof(now)))
		KUNIT_EXPECT_EQ(test, n, 0U);
}

static void smmu3_test_replay_all(struct kunit *test,
				  const struct smmu3_entry_kind *kind,
				  const struct smmu3_test_entries *set,
				  unsigned int count)
{
	unsigned int a, b;
	bool broke;

	for (a = 0; a < count; a++)
		for (b = 0; b < count; b++) {
			smmu3_test_replay(test, kind, &set[a], &set[b], &broke);
			if (set[a].hitless_class && set[b].hitless_class)
				KUNIT_EXPECT_FALSE_MSG(test, broke,
						       "%s %s -> %s should not break",
						       kind->name, set[a].name,
						       set[b].name);
		}
}

static void smmu3_test_ste_updates(struct kunit *test)
{
	struct smmu3_device *smmu = smmu3_test_smmu(test, SMMU3_FEAT_S1 |
						    SMMU3_FEAT_S2 |
						    SMMU3_FEAT_COHERENT);
	struct smmu3_test_entries set[8] = {
		{ .name = "invalid" },
		{ .name = "abort", .hitless_class = true },
		{ .name = "bypass", .hitless_class = true },
		{ .name = "s1-a", .hitless_class = true },
		{ .name = "s1-b", .hitless_class = true },
		{ .name = "s1-ssid" },
		{ .name = "s2-a" },
		{ .name = "s2-b" },
	};
	struct smmu3_domain s2a = {}, s2b = {};
	struct smmu3_cdtab cdtab;

	smmu3_make_abort_ste(set[1].e);
	smmu3_make_bypass_ste(set[2].e);
	smmu3_test_cdtab(&cdtab, 0x10000, 0, false);
	smmu3_make_s1_ste(set[3].e, smmu, &cdtab);
	smmu3_test_cdtab(&cdtab, 0x20000, 0, false);
	smmu3_make_s1_ste(set[4].e, smmu, &cdtab);
	smmu3_test_cdtab(&cdtab, 0x30000, 3, false);
	smmu3_make_s1_ste(set[5].e, smmu, &cdtab);
	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&s2a, smmu, SMMU3_STAGE2), 0);
	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&s2b, smmu, SMMU3_STAGE2), 0);
	smmu3_make_s2_ste(set[6].e, smmu, &s2a);
	smmu3_make_s2_ste(set[7].e, smmu, &s2b);

	smmu3_test_replay_all(test, &smmu3_ste_kind, set, ARRAY_SIZE(set));
	smmu3_domain_destroy(&s2a);
	smmu3_domain_destroy(&s2b);
}

static void smmu3_test_cd_updates(struct kunit *test)
{
	struct smmu3_device *smmu = smmu3_test_smmu(test, SMMU3_FEAT_S1 |
						    SMMU3_FEAT_COHERENT);
	struct smmu3_test_entries set[3] = {
		{ .name = "invalid" },
		{ .name = "s1-a" },
		{ .name = "s1-b" },
	};
	struct smmu3_domain a = {}, b = {};

	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&a, smmu, SMMU3_STAGE1), 0);
	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&b, smmu, SMMU3_STAGE1), 0);
	smmu3_make_s1_cd(set[1].e, smmu, &a);
	smmu3_make_s1_cd(set[2].e, smmu, &b);

	smmu3_test_replay_all(test, &smmu3_cd_kind, set, ARRAY_SIZE(set));
	smmu3_domain_destroy(&a);
	smmu3_domain_destroy(&b);
}

/* A fresh STE goes live with one store of word 0, after the others. */
static void smmu3_test_ste_install_order(struct kunit *test)
{
	struct smmu3_device *smmu = smmu3_test_smmu(test, SMMU3_FEAT_S1);
	struct smmu3_step steps[SMMU3_MAX_STEPS];
	u64 zero[STE_QWORDS] = {}, ste[STE_QWORDS];
	struct smmu3_cdtab cdtab;
	unsigned int n;

	smmu3_test_cdtab(&cdtab, 0x10000, 0, false);
	smmu3_make_s1_ste(ste, smmu, &cdtab);
	n = smmu3_plan_update(&smmu3_ste_kind, zero, ste, steps);
	KUNIT_ASSERT_GE(test, n, 2U);
	KUNIT_EXPECT_EQ(test, steps[n - 1].qword, 0);
	KUNIT_EXPECT_TRUE(test, steps[n - 1].sync);
	KUNIT_EXPECT_FALSE(test, steps[0].sync);
}

/* Freeing a domain's page table drops its ASID from the TLB. */
static void smmu3_test_destroy_invalidates(struct kunit *test)
{
	struct smmu3_device *smmu = smmu3_test_smmu(test, SMMU3_FEAT_S1 |
						    SMMU3_FEAT_COHERENT);
	struct smmu3_domain dom = {};
	__le64 *ring = smmu->cmdq.q.entries;
	u64 w0;

	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&dom, smmu, SMMU3_STAGE1), 0);
	smmu3_domain_destroy(&dom);
	/* TLBI_NH_ASID(tag) then CMD_SYNC */
	KUNIT_ASSERT_GE(test, smmu->cmdq.prod, 2ULL);
	w0 = le64_to_cpu(ring[(smmu->cmdq.prod - 2) * SMMU3_CMD_QWORDS]);
	KUNIT_EXPECT_EQ(test, w0 & 0xff, 0x11ULL);
	KUNIT_EXPECT_EQ(test, w0 >> 48, (u64)dom.tag);
	w0 = le64_to_cpu(ring[(smmu->cmdq.prod - 1) * SMMU3_CMD_QWORDS]);
	KUNIT_EXPECT_EQ(test, w0 & 0xff, 0x46ULL);
}

static void smmu3_test_event_names(struct kunit *test)
{
	KUNIT_EXPECT_NOT_NULL(test, strstr(smmu3_event_name(EVT_F_TRANSLATION),
					   "translation"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(smmu3_event_name(EVT_F_PERMISSION),
					   "permission"));
	KUNIT_EXPECT_STREQ(test, smmu3_event_name(0xff), "unknown event");
}

static struct kunit_case smmu3_test_cases[] = {
	KUNIT_CASE(smmu3_test_ste_abort),
	KUNIT_CASE(smmu3_test_ste_bypass),
	KUNIT_CASE(smmu3_test_ste_s1_linear),
	KUNIT_CASE(smmu3_test_ste_s1_substreams),
	KUNIT_CASE(smmu3_test_pick_stage),
	KUNIT_CASE(smmu3_test_ste_s2),
	KUNIT_CASE(smmu3_test_cd_s1),
	KUNIT_CASE(smmu3_test_cd_non_coherent),
	KUNIT_CASE(smmu3_test_l1_descriptors),
	KUNIT_CASE(smmu3_test_cmds),
	KUNIT_CASE(smmu3_test_cmd_range),
	KUNIT_CASE(smmu3_test_range_split),
	KUNIT_CASE(smmu3_test_ste_updates),
	KUNIT_CASE(smmu3_test_cd_updates),
	KUNIT_CASE(smmu3_test_ste_install_order),
	KUNIT_CASE(smmu3_test_destroy_invalidates),
	KUNIT_CASE(smmu3_test_event_names),
	{}
};

static struct kunit_suite smmu3_test_suite = {
	.name = "arm-smmu-v3",
	.test_cases = smmu3_test_cases,
};

kunit_test_suites(&smmu3_test_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("KUnit tests of the Arm SMMUv3 driver");
MODULE_LICENSE("GPL");

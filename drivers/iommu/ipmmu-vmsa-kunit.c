// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit for the IPMMU-VMSA driver's pure parts: which masters an opt-in
 * SoC lets translate, where context and micro-TLB registers sit, and the
 * values the driver writes into IMTTBCR and IMUCTRn.  Expected values
 * are worked out from the register description, bit by bit, not taken
 * from the encoders.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "ipmmu-vmsa.h"

static void ipmmu_test_allow_not_opt_in(struct kunit *test)
{
	const struct ipmmu_soc_policy gen2 = { .opt_in = false };

	/* Gen2 SoCs serve every master named in the device tree */
	KUNIT_EXPECT_TRUE(test, ipmmu_master_allowed(&gen2, "e6ef0000.vin",
						     false));
	KUNIT_EXPECT_TRUE(test, ipmmu_master_allowed(&gen2, "ee100000.mmc",
						     false));
}

static void ipmmu_test_allow_opt_in(struct kunit *test)
{
	const struct ipmmu_soc_policy gen3 = { .opt_in = true };

	KUNIT_EXPECT_TRUE(test, ipmmu_master_allowed(&gen3, "ee100000.mmc",
						     false));
	KUNIT_EXPECT_TRUE(test, ipmmu_master_allowed(&gen3, "ee160000.mmc",
						     false));
	KUNIT_EXPECT_FALSE(test, ipmmu_master_allowed(&gen3, "ee180000.mmc",
						      false));
	/* an exact name: no prefix or suffix match */
	KUNIT_EXPECT_FALSE(test, ipmmu_master_allowed(&gen3, "ee100000.mm",
						      false));
	KUNIT_EXPECT_FALSE(test, ipmmu_master_allowed(&gen3, "ee100000.mmc0",
						      false));
	KUNIT_EXPECT_FALSE(test, ipmmu_master_allowed(&gen3, "fe000000.vin",
						      false));
	KUNIT_EXPECT_TRUE(test, ipmmu_master_allowed(&gen3, "0000:00:00.0",
						     true));
}

static void ipmmu_test_allow_denied(struct kunit *test)
{
	const struct ipmmu_soc_policy bad = { .opt_in = true, .denied = true };

	KUNIT_EXPECT_FALSE(test, ipmmu_master_allowed(&bad, "ee100000.mmc",
						      false));
	KUNIT_EXPECT_FALSE(test, ipmmu_master_allowed(&bad, "0000:00:00.0",
						      true));
}

static void ipmmu_test_ctx_offset(struct kunit *test)
{
	/* Gen2/3: 0x40 per context from 0 */
	KUNIT_EXPECT_EQ(test, ipmmu_ctx_offset(0, 0x40, 0, IPMMU_IMCTR), 0x0);
	KUNIT_EXPECT_EQ(test, ipmmu_ctx_offset(0, 0x40, 3, IPMMU_IMSTR), 0xe0);
	KUNIT_EXPECT_EQ(test, ipmmu_ctx_offset(0, 0x40, 7, IPMMU_IMEUAR),
			0x1f4);
	/* Gen4: 0x1040 per context from 0x10000; the second bank 0x800 on */
	KUNIT_EXPECT_EQ(test, ipmmu_ctx_offset(0x10000, 0x1040, 1,
					       IPMMU_IMTTLBR0), 0x11050);
	KUNIT_EXPECT_EQ(test, ipmmu_ctx_offset(0x10000, 0x1040, 8,
					       IPMMU_IMCTR),
			0x10000 + 8 * 0x1040 + 0x800 - 0x200);
}

static void ipmmu_test_utlb_offset(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, IPMMU_IMUCTR(0, 0), 0x300);
	KUNIT_EXPECT_EQ(test, IPMMU_IMUASID(0, 0), 0x308);
	KUNIT_EXPECT_EQ(test, IPMMU_IMUCTR(0, 31), 0x4f0);
	KUNIT_EXPECT_EQ(test, IPMMU_IMUCTR(0, 32), 0x600);
	KUNIT_EXPECT_EQ(test, IPMMU_IMUASID(0, 47), 0x6f8);
	KUNIT_EXPECT_EQ(test, IPMMU_IMUCTR(0x3000, 63), 0x37f0);
}

static void ipmmu_test_imttbcr(struct kunit *test)
{
	/* Gen2: EAE, SL0 = 1 in bits 5:4, SH0 = 3, ORGN0 = IRGN0 = 1 */
	KUNIT_EXPECT_EQ(test, ipmmu_imttbcr(false, true), 0x80003510);
	/* Gen3/4: EAE, SL0 = 2 in bits 7:6, walks not cacheable */
	KUNIT_EXPECT_EQ(test, ipmmu_imttbcr(true, false), 0x80000080);
}

static void ipmmu_test_imuctr(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ipmmu_imuctr(0), 0x3);
	KUNIT_EXPECT_EQ(test, ipmmu_imuctr(5), 0x53);
	KUNIT_EXPECT_EQ(test, ipmmu_imuctr(15), 0xf3);
}

static void ipmmu_test_fault_kind(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, ipmmu_fault_kind(0));
	/* bit 3 is no error the driver knows */
	KUNIT_EXPECT_NULL(test, ipmmu_fault_kind(BIT(3)));
	KUNIT_EXPECT_STREQ(test, ipmmu_fault_kind(BIT(0)), "translation");
	KUNIT_EXPECT_STREQ(test, ipmmu_fault_kind(BIT(1)), "permission");
	KUNIT_EXPECT_STREQ(test, ipmmu_fault_kind(BIT(2)),
			   "table walk abort");
	/* the worst one wins */
	KUNIT_EXPECT_STREQ(test, ipmmu_fault_kind(BIT(0) | BIT(4)),
			   "multiple TLB hits");
}

static struct kunit_case ipmmu_test_cases[] = {
	KUNIT_CASE(ipmmu_test_allow_not_opt_in),
	KUNIT_CASE(ipmmu_test_allow_opt_in),
	KUNIT_CASE(ipmmu_test_allow_denied),
	KUNIT_CASE(ipmmu_test_ctx_offset),
	KUNIT_CASE(ipmmu_test_utlb_offset),
	KUNIT_CASE(ipmmu_test_imttbcr),
	KUNIT_CASE(ipmmu_test_imuctr),
	KUNIT_CASE(ipmmu_test_fault_kind),
	{}
};

static struct kunit_suite ipmmu_test_suite = {
	.name = "ipmmu-vmsa",
	.test_cases = ipmmu_test_cases,
};

kunit_test_suite(ipmmu_test_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("KUnit tests for the Renesas IPMMU-VMSA driver");
MODULE_LICENSE("GPL");

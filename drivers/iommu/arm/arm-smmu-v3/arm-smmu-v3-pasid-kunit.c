// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the SMMUv3 driver's PASID support: CD table sizing from
 * the device's PASID width, the CDs of paging domains at PASIDs in linear
 * and two-level tables, one ASID per private table, and the order of
 * commands on attach and detach (CFGI_CD and its CMD_SYNC before
 * TLBI_NH_ASID and its CMD_SYNC).  Commands are read back from the fake
 * SMMU's ring (arm-smmu-v3-kunit.c).
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/sizes.h>

#include "arm-smmu-v3.h"
#include "arm-smmu-v3-kunit.h"

#define TEST_SID	3

static u64 test_cmd_w0(struct smmu3_device *smmu, u64 idx)
{
	__le64 *ring = smmu->cmdq.q.entries;

	return le64_to_cpu(ring[(idx & (BIT(SMMU3_TEST_CMDQ_LOG2) - 1)) *
				SMMU3_CMD_QWORDS]);
}

/* Index of the first command with @op at or after @from, or -1. */
static s64 test_find_cmd(struct smmu3_device *smmu, u64 from, u8 op)
{
	u64 i;

	for (i = from; i < smmu->cmdq.prod; i++)
		if (FIELD_GET(CMD0_OP, test_cmd_w0(smmu, i)) == op)
			return i;
	return -1;
}

static void test_cdtab_sizing(struct kunit *test)
{
	struct smmu3_device *smmu = smmu3_test_smmu(test, SMMU3_FEAT_S1);
	struct smmu3_cdtab cdtab = {};

	smmu->ssid_bits = 16;
	/* linear only: capped at 2^10 CDs */
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_max_bits(smmu), 10U);
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_bits_for(smmu, 1U << 16), 10U);
	smmu->features |= SMMU3_FEAT_2LVL_CDTAB;
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_max_bits(smmu), 16U);
	smmu->ssid_bits = 20;
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_max_bits(smmu), 20U);
	/* no PASIDs: the one-CD table every master had before */
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_bits_for(smmu, 0), 0U);
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_bits_for(smmu, 1), 0U);
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_bits_for(smmu, 2), 1U);
	/* not a power of two: rounded up */
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_bits_for(smmu, 300), 9U);
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_bits_for(smmu, 1U << 20), 20U);
	/* without stage 1 there are no CDs at all */
	smmu->features &= ~SMMU3_FEAT_S1;
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_max_bits(smmu), 0U);
	KUNIT_EXPECT_EQ(test, smmu3_cdtab_bits_for(smmu, 1U << 20), 0U);

	/* 20 bits two-level: 2^14 level 1 descriptors of 2^6 CDs each */
	smmu3_cdtab_layout(&cdtab, 20, true);
	KUNIT_EXPECT_EQ(test, cdtab.num_l1, 1U << 14);
	KUNIT_EXPECT_EQ(test, cdtab.ssid_bits, 20);
	/* one leaf's worth stays linear even where two levels exist */
	smmu3_cdtab_layout(&cdtab, 6, true);
	KUNIT_EXPECT_EQ(test, cdtab.num_l1, 0U);
}

struct pasid_test {
	struct smmu3_device	*smmu;
	struct smmu3_master	master;
	u32			sid;
	struct smmu3_domain	rid, a, b;
};

static void pasid_test_setup(struct kunit *test, struct pasid_test *t,
			     unsigned int ssid_bits, u32 features)
{
	t->smmu = smmu3_test_smmu(test, SMMU3_FEAT_S1 | SMMU3_FEAT_COHERENT |
				  features);
	t->smmu->ssid_bits = ssid_bits;
	t->sid = TEST_SID;
	t->master.smmu = t->smmu;
	t->master.dev = t->smmu->dev;
	t->master.sids = &t->sid;
	t->master.num_sids = 1;
	KUNIT_ASSERT_EQ(test, smmu3_cdtab_alloc(&t->master, ssid_bits), 0);
	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&t->rid, t->smmu,
						SMMU3_STAGE1), 0);
	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&t->a, t->smmu,
						SMMU3_STAGE1), 0);
	KUNIT_ASSERT_EQ(test, smmu3_domain_init(&t->b, t->smmu,
						SMMU3_STAGE1), 0);
	t->master.domain = &t->rid.pgd.domain;
}

static void pasid_test_teardown(struct pasid_test *t)
{
	smmu3_domain_destroy(&t->a);
	smmu3_domain_destroy(&t->b);
	smmu3_domain_destroy(&t->rid);
	smmu3_cdtab_free(&t->master);
}

static const __le64 *pasid_test_cd(struct pasid_test *t, u32 ssid)
{
	struct smmu3_cdtab *cdtab = &t->master.cdtab;
	u32 l1 = ssid >> SMMU3_CDTAB_SPLIT;

	if (!cdtab->num_l1)
		return &cdtab->cds[ssid * CD_QWORDS];
	if (!cdtab->leaves[l1])
		return NULL;
	return &cdtab->leaves[l1][(ssid & (BIT(SMMU3_CDTAB_SPLIT) - 1)) *
				  CD_QWORDS];
}

static void pasid_expect_cd(struct kunit *test, struct pasid_test *t,
			    u32 ssid, const struct smmu3_domain *dom)
{
	const __le64 *cd = pasid_test_cd(t, ssid);
	u64 w0, w1;

	KUNIT_ASSERT_NOT_NULL(test, cd);
	w0 = le64_to_cpu(cd[0]);
	w1 = le64_to_cpu(cd[1]);
	KUNIT_EXPECT_TRUE(test, w0 & CD0_V);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CD0_ASID, w0), (u64)dom->tag);
	KUNIT_EXPECT_EQ(test, w1 & CD1_TTB0, dom->ttbr & CD1_TTB0);
}

static void pasid_test_attach_detach(struct kunit *test, unsigned int bits,
				     u32 features, u32 far)
{
	struct pasid_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	s64 cfgi, tlbi, sync;
	u64 from, w0;

	KUNIT_ASSERT_NOT_NULL(test, t);
	pasid_test_setup(test, t, bits, features);
	/* one ASID per private table, none shared with PASID 0 */
	KUNIT_EXPECT_NE(test, t->a.tag, t->b.tag);
	KUNIT_EXPECT_NE(test, t->a.tag, t->rid.tag);
	KUNIT_EXPECT_NE(test, t->b.tag, t->rid.tag);

	from = t->smmu->cmdq.prod;
	KUNIT_ASSERT_EQ(test, smmu3_master_set_pasid(&t->master, &t->a, 5), 0);
	pasid_expect_cd(test, t, 5, &t->a);
	cfgi = test_find_cmd(t->smmu, from, OP_CFGI_CD);
	KUNIT_ASSERT_GE(test, cfgi, 0LL);
	w0 = test_cmd_w0(t->smmu, cfgi);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CMD0_SSID, w0), 5ULL);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CMD0_SID, w0), (u64)TEST_SID);
	KUNIT_EXPECT_GT(test, test_find_cmd(t->smmu, cfgi, OP_CMD_SYNC), cfgi);
	/* attaching needs no TLB invalidation: the ASID is fresh */
	KUNIT_EXPECT_EQ(test, test_find_cmd(t->smmu, from, OP_TLBI_NH_ASID),
			-1LL);

	/* another table at a PASID in another leaf (two-level) */
	KUNIT_ASSERT_EQ(test, smmu3_master_set_pasid(&t->master, &t->b, far), 0);
	pasid_expect_cd(test, t, far, &t->b);
	if (t->master.cdtab.num_l1) {
		u64 l1 = le64_to_cpu(t->master.cdtab.l1[far >> SMMU3_CDTAB_SPLIT]);

		KUNIT_EXPECT_TRUE(test, l1 & L1CD_V);
		KUNIT_EXPECT_EQ(test, l1 & L1CD_L2PTR,
				(u64)t->master.cdtab.leaf_dma[far >>
							     SMMU3_CDTAB_SPLIT]);
	}

	/* detach: CD cleared, CFGI_CD + SYNC, then TLBI_NH_ASID + SYNC */
	from = t->smmu->cmdq.prod;
	KUNIT_ASSERT_EQ(test, smmu3_master_clear_pasid(&t->master, &t->a, 5), 0);
	KUNIT_EXPECT_FALSE(test, le64_to_cpu(pasid_test_cd(t, 5)[0]) & CD0_V);
	cfgi = test_find_cmd(t->smmu, from, OP_CFGI_CD);
	tlbi = test_find_cmd(t->smmu, from, OP_TLBI_NH_ASID);
	KUNIT_ASSERT_GE(test, cfgi, 0LL);
	KUNIT_ASSERT_GE(test, tlbi, 0LL);
	sync = test_find_cmd(t->smmu, cfgi, OP_CMD_SYNC);
	KUNIT_EXPECT_GT(test, sync, cfgi);
	KUNIT_EXPECT_LT(test, sync, tlbi);
	KUNIT_EXPECT_EQ(test, FIELD_GET(CMD0_TLBI_ASID, test_cmd_w0(t->smmu, tlbi)),
			(u64)t->a.tag);
	KUNIT_EXPECT_GT(test, test_find_cmd(t->smmu, tlbi, OP_CMD_SYNC), tlbi);
	/* the other PASID and PASID 0 untouched */
	pasid_expect_cd(test, t, far, &t->b);
	KUNIT_EXPECT_FALSE(test, le64_to_cpu(pasid_test_cd(t, 0)[0]) & CD0_V);

	pasid_test_teardown(t);
}

static void test_pasid_linear(struct kunit *test)
{
	pasid_test_attach_detach(test, 4, 0, 13);
}

static void test_pasid_two_level(struct kunit *test)
{
	pasid_test_attach_detach(test, 8, SMMU3_FEAT_2LVL_CDTAB, 70);
}

static void test_pasid_refused(struct kunit *test)
{
	struct pasid_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct smmu3_device *other = kunit_kzalloc(test, sizeof(*other),
						   GFP_KERNEL);
	struct smmu3_domain s2 = {}, foreign = {};
	u64 before;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, other);

	pasid_test_setup(test, t, 4, 0);
	s2.smmu = t->smmu;
	s2.stage = SMMU3_STAGE2;
	foreign.smmu = other;
	foreign.stage = SMMU3_STAGE1;
	before = t->smmu->cmdq.prod;

	KUNIT_EXPECT_EQ(test, smmu3_master_set_pasid(&t->master, &t->a, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, smmu3_master_set_pasid(&t->master, &t->a, 16),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, smmu3_master_set_pasid(&t->master, &s2, 1),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, smmu3_master_set_pasid(&t->master, &foreign, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, smmu3_master_clear_pasid(&t->master, &t->a, 0),
			-EINVAL);
	/* PASID 0 identity or blocked: the STE is not in stage 1 mode */
	t->master.domain = &smmu3_identity_domain;
	KUNIT_EXPECT_EQ(test, smmu3_master_set_pasid(&t->master, &t->a, 1),
			-EOPNOTSUPP);
	t->master.domain = NULL;
	KUNIT_EXPECT_EQ(test, smmu3_master_set_pasid(&t->master, &t->a, 1),
			-EOPNOTSUPP);
	/* nothing reached the SMMU, no CD changed */
	KUNIT_EXPECT_EQ(test, t->smmu->cmdq.prod, before);
	KUNIT_EXPECT_FALSE(test, le64_to_cpu(pasid_test_cd(t, 1)[0]) & CD0_V);
	pasid_test_teardown(t);

	/* a master without PASIDs: a one-CD table refuses every PASID */
	memset(t, 0, sizeof(*t));
	pasid_test_setup(test, t, 0, 0);
	KUNIT_EXPECT_EQ(test, smmu3_master_set_pasid(&t->master, &t->a, 1),
			-EINVAL);
	pasid_test_teardown(t);
}

static struct kunit_case smmu3_pasid_test_cases[] = {
	KUNIT_CASE(test_cdtab_sizing),
	KUNIT_CASE(test_pasid_linear),
	KUNIT_CASE(test_pasid_two_level),
	KUNIT_CASE(test_pasid_refused),
	{}
};

static struct kunit_suite smmu3_pasid_test_suite = {
	.name = "arm-smmu-v3-pasid",
	.test_cases = smmu3_pasid_test_cases,
};

kunit_test_suites(&smmu3_pasid_test_suite);

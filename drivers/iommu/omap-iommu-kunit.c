// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit for the OMAP IOMMU page table (omap-iopgtable.h,
 * omap-iommu-pgtable.c): no MMU needed, the table is walked in software.
 *
 * File map:
 *   descriptors         encode/decode round trips for every kind
 *   map and look up     each leaf size, offsets inside it, replicas
 *   bad input           sizes and alignments the format cannot express,
 *                       ranges past 4 GiB, overlaps: refused, nothing
 *                       written
 *   unmap               level 2 tables freed when empty, leaves never split
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "omap-iommu.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* device and physical addresses the tests use, aligned to 16 MiB */
#define DA0	0x10000000u
#define PA0	0x80000000u

static int omap_pt_test_init(struct kunit *test)
{
	struct omap_pt *pt = kunit_kzalloc(test, sizeof(*pt), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pt);
	KUNIT_ASSERT_EQ(test, omap_pt_init(pt, NULL), 0);
	test->priv = pt;
	return 0;
}

static void omap_pt_test_exit(struct kunit *test)
{
	struct omap_pt *pt = test->priv;

	omap_pt_free(pt);
	KUNIT_EXPECT_EQ(test, pt->nr_l2, 0);
}

static unsigned int omap_pt_test_l1_used(struct omap_pt *pt)
{
	unsigned int i, n = 0;

	for (i = 0; i < OMAP_PT_L1_SLOTS; i++)
		n += !!pt->l1[i];
	return n;
}

static void omap_pt_test_descriptors(struct kunit *test)
{
	static const enum omap_pte_kind kinds[] = {
		OMAP_PTE_SUPER, OMAP_PTE_SECTION, OMAP_PTE_LARGE,
		OMAP_PTE_SMALL,
	};
	enum omap_pte_kind k, got;
	unsigned int i;
	u32 d, size;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		k = kinds[i];
		size = omap_pte_leaf_size(k);
		d = omap_pte_mk_leaf(k, PA0 + size);
		got = omap_pte_kind_is_l1(k) ? omap_l1_kind(d) : omap_l2_kind(d);
		KUNIT_EXPECT_EQ(test, got, k);
		KUNIT_EXPECT_EQ(test, omap_pte_leaf_pa(k, d), PA0 + size);
		KUNIT_EXPECT_EQ(test, omap_pte_kind_for(size), k);
	}
	d = omap_l1_mk_table(0x12345c00);
	KUNIT_EXPECT_EQ(test, omap_l1_kind(d), OMAP_PTE_TABLE);
	KUNIT_EXPECT_EQ(test, omap_l1_table_pa(d), 0x12345c00u);
	/* type 3 is reserved at level 1: a fault, never a leaf */
	KUNIT_EXPECT_EQ(test, omap_l1_kind(3), OMAP_PTE_NONE);
	KUNIT_EXPECT_EQ(test, omap_l2_kind(0), OMAP_PTE_NONE);
	KUNIT_EXPECT_EQ(test, omap_pte_kind_for(SZ_8K), OMAP_PTE_NONE);
}

static void omap_pt_test_map_each_size(struct kunit *test)
{
	static const size_t sizes[] = { SZ_4K, SZ_64K, SZ_1M, SZ_16M };
	struct omap_pt *pt = test->priv;
	size_t mapped, size;
	unsigned int i;
	u32 da, pa, base;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size = sizes[i];
		da = DA0 + i * SZ_16M;
		pa = PA0 + i * SZ_16M;
		mapped = 0;
		KUNIT_ASSERT_EQ(test, omap_pt_map(pt, da, pa, size, 2,
						  GFP_KERNEL, &mapped), 0);
		KUNIT_EXPECT_EQ(test, mapped, 2 * size);
		/* first byte, last byte, and into the second leaf */
		KUNIT_EXPECT_EQ(test, omap_pt_iova_to_phys(pt, da), pa);
		KUNIT_EXPECT_EQ(test, omap_pt_iova_to_phys(pt, da + size - 1),
				pa + size - 1);
		KUNIT_EXPECT_EQ(test, omap_pt_iova_to_phys(pt, da + size + 5),
				pa + size + 5);
		KUNIT_EXPECT_EQ(test, omap_pt_lookup(pt, da + 4, &base),
				omap_pte_kind_for(size));
		KUNIT_EXPECT_EQ(test, base, pa);
		/* nothing after the two leaves */
		KUNIT_EXPECT_EQ(test, omap_pt_iova_to_phys(pt, da + 2 * size),
				0);
	}
	/* a supersection fills 16 level 1 slots with one descriptor */
	da = DA0 + 3 * SZ_16M;
	KUNIT_EXPECT_EQ(test, pt->l1[omap_pt_l1_index(da)],
			pt->l1[omap_pt_l1_index(da) + 15]);
	/* 4 KiB and 64 KiB leaves: one level 2 table each */
	KUNIT_EXPECT_EQ(test, pt->nr_l2, 2);

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		KUNIT_EXPECT_EQ(test, omap_pt_unmap(pt, DA0 + i * SZ_16M,
						    sizes[i], 2), 2 * sizes[i]);
	KUNIT_EXPECT_EQ(test, omap_pt_test_l1_used(pt), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_l2, 0);
}

static void omap_pt_test_bad_input(struct kunit *test)
{
	struct omap_pt *pt = test->priv;
	size_t mapped = 0;
	phys_addr_t high;

	/* sizes the format has no leaf for */
	KUNIT_EXPECT_EQ(test, omap_pt_map(pt, DA0, PA0, SZ_8K, 1, GFP_KERNEL,
					  &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, omap_pt_map(pt, DA0, PA0, SZ_2M, 1, GFP_KERNEL,
					  &mapped), -EINVAL);
	/* misaligned device or physical address */
	KUNIT_EXPECT_EQ(test, omap_pt_map(pt, DA0 + SZ_4K, PA0, SZ_64K, 1,
					  GFP_KERNEL, &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, omap_pt_map(pt, DA0, PA0 + SZ_1M, SZ_16M, 1,
					  GFP_KERNEL, &mapped), -EINVAL);
	/* past the 32-bit device address space, or no pages */
	KUNIT_EXPECT_EQ(test, omap_pt_map(pt, 0xfff00000u, PA0, SZ_1M, 2,
					  GFP_KERNEL, &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, omap_pt_map(pt, DA0, PA0, SZ_4K, 0, GFP_KERNEL,
					  &mapped), -EINVAL);
	/* with LPAE, memory above 4 GiB the walker cannot reach */
	high = U32_MAX;
	high += 1;
	if (high)
		KUNIT_EXPECT_EQ(test, omap_pt_map(pt, DA0, high, SZ_4K, 1,
						  GFP_KERNEL, &mapped), -EINVAL);
	KUNIT_EXPECT_EQ(test, mapped, 0);
	KUNIT_EXPECT_EQ(test, omap_pt_test_l1_used(pt), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_l2, 0);
}

static void omap_pt_test_overlap(struct kunit *test)
{
	struct omap_pt *pt = test->priv;
	size_t mapped = 0;

	KUNIT_ASSERT_EQ(test, omap_pt_map(pt, DA0, PA0, SZ_1M, 1, GFP_KERNEL,
					  &mapped), 0);
	/* a page inside the section, a supersection over it */
	KUNIT_EXPECT_EQ(test, omap_pt_map(pt, DA0 + SZ_4K, PA0, SZ_4K, 1,
					  GFP_KERNEL, &mapped), -EEXIST);
	KUNIT_EXPECT_EQ(test, omap_pt_map(pt, DA0, PA0, SZ_16M, 1, GFP_KERNEL,
					  &mapped), -EEXIST);
	KUNIT_EXPECT_EQ(test, omap_pt_iova_to_phys(pt, DA0 + 8), PA0 + 8);
	KUNIT_EXPECT_EQ(test, pt->nr_l2, 0);

	/* three pages where the second is taken: one mapped, then -EEXIST */
	mapped = 0;
	KUNIT_ASSERT_EQ(test, omap_pt_map(pt, DA0 + SZ_16M + SZ_4K, PA0,
					  SZ_4K, 1, GFP_KERNEL, &mapped), 0);
	mapped = 0;
	KUNIT_EXPECT_EQ(test, omap_pt_map(pt, DA0 + SZ_16M, PA0, SZ_4K, 3,
					  GFP_KERNEL, &mapped), -EEXIST);
	KUNIT_EXPECT_EQ(test, mapped, SZ_4K);
	/* a large page over a level 2 table that holds a small page */
	KUNIT_EXPECT_EQ(test, omap_pt_map(pt, DA0 + SZ_16M, PA0, SZ_64K, 1,
					  GFP_KERNEL, &mapped), -EEXIST);
	KUNIT_EXPECT_EQ(test, omap_pt_unmap(pt, DA0 + SZ_16M, SZ_4K, 2),
			2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, omap_pt_unmap(pt, DA0, SZ_1M, 1), SZ_1M);
	KUNIT_EXPECT_EQ(test, omap_pt_test_l1_used(pt), 0);
}

static void omap_pt_test_unmap(struct kunit *test)
{
	struct omap_pt *pt = test->priv;
	size_t mapped = 0;

	KUNIT_ASSERT_EQ(test, omap_pt_map(pt, DA0, PA0, SZ_4K, 1, GFP_KERNEL,
					  &mapped), 0);
	KUNIT_ASSERT_EQ(test, omap_pt_map(pt, DA0 + SZ_512K, PA0, SZ_4K, 1,
					  GFP_KERNEL, &mapped), 0);
	KUNIT_EXPECT_EQ(test, pt->nr_l2, 1);
	KUNIT_EXPECT_EQ(test, omap_pt_unmap(pt, DA0, SZ_4K, 1), SZ_4K);
	KUNIT_EXPECT_EQ(test, pt->nr_l2, 1);
	/* nothing there any more: nothing unmapped */
	KUNIT_EXPECT_EQ(test, omap_pt_unmap(pt, DA0, SZ_4K, 1), 0);
	KUNIT_EXPECT_EQ(test, omap_pt_unmap(pt, DA0 + SZ_512K, SZ_4K, 1),
			SZ_4K);
	KUNIT_EXPECT_EQ(test, pt->nr_l2, 0);
	KUNIT_EXPECT_EQ(test, pt->l1[omap_pt_l1_index(DA0)], 0);

	/* a 64 KiB leaf is not split by a 4 KiB unmap */
	KUNIT_ASSERT_EQ(test, omap_pt_map(pt, DA0, PA0, SZ_64K, 1, GFP_KERNEL,
					  &mapped), 0);
	KUNIT_EXPECT_EQ(test, omap_pt_unmap(pt, DA0, SZ_4K, 1), 0);
	KUNIT_EXPECT_EQ(test, omap_pt_iova_to_phys(pt, DA0 + SZ_32K),
			PA0 + SZ_32K);
	KUNIT_EXPECT_EQ(test, omap_pt_unmap(pt, DA0, SZ_64K, 1), SZ_64K);
	KUNIT_EXPECT_EQ(test, pt->nr_l2, 0);
}

static void omap_pt_test_count_leaf(void *arg, u32 da, u32 pa,
				    enum omap_pte_kind kind)
{
	u32 *bytes = arg;

	*bytes += omap_pte_leaf_size(kind);
}

static void omap_pt_test_walk_leaves(struct kunit *test)
{
	struct omap_pt *pt = test->priv;
	size_t mapped = 0;
	u32 bytes = 0;

	KUNIT_ASSERT_EQ(test, omap_pt_map(pt, DA0, PA0, SZ_16M, 1, GFP_KERNEL,
					  &mapped), 0);
	KUNIT_ASSERT_EQ(test, omap_pt_map(pt, DA0 + SZ_16M, PA0, SZ_64K, 3,
					  GFP_KERNEL, &mapped), 0);
	KUNIT_ASSERT_EQ(test, omap_pt_map(pt, DA0 + SZ_32M, PA0, SZ_4K, 5,
					  GFP_KERNEL, &mapped), 0);
	omap_pt_walk_leaves(pt, omap_pt_test_count_leaf, &bytes);
	/* each replicated leaf is reported once */
	KUNIT_EXPECT_EQ(test, bytes, SZ_16M + 3 * SZ_64K + 5 * SZ_4K);
	KUNIT_EXPECT_EQ(test, bytes, mapped);
}

static struct kunit_case omap_pt_test_cases[] = {
	KUNIT_CASE(omap_pt_test_descriptors),
	KUNIT_CASE(omap_pt_test_map_each_size),
	KUNIT_CASE(omap_pt_test_bad_input),
	KUNIT_CASE(omap_pt_test_overlap),
	KUNIT_CASE(omap_pt_test_unmap),
	KUNIT_CASE(omap_pt_test_walk_leaves),
	{}
};

static struct kunit_suite omap_pt_test_suite = {
	.name = "omap-iommu-pgtable",
	.init = omap_pt_test_init,
	.exit = omap_pt_test_exit,
	.test_cases = omap_pt_test_cases,
};

kunit_test_suite(omap_pt_test_suite);

MODULE_DESCRIPTION("KUnit tests for the OMAP IOMMU page table");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the shared io-pgtable paging domain: the Arm physical
 * address size code both ways, the geometry a cfg gives a domain, and a
 * real LPAE domain driven through the entry points a driver puts in its
 * iommu_domain_ops, with invalidation hooks that record what they are
 * asked to do.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <kunit/visibility.h>
#include <linux/io-pgtable-domain.h>
#include <linux/sizes.h>

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* The architecture's table, written out here as a second opinion. */
static const struct {
	unsigned int code, bits;
} pgd_pa_sizes[] = {
	{ 0, 32 }, { 1, 36 }, { 2, 40 }, { 3, 42 }, { 4, 44 }, { 5, 48 },
	{ 6, 52 },
};

static void pgd_test_pa_code(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pgd_pa_sizes); i++) {
		KUNIT_EXPECT_EQ(test, io_pgtable_arm_pa_bits(pgd_pa_sizes[i].code),
				pgd_pa_sizes[i].bits);
		KUNIT_EXPECT_EQ(test, io_pgtable_arm_pa_code(pgd_pa_sizes[i].bits),
				(int)pgd_pa_sizes[i].code);
	}
	/* 7 is reserved; sizes between the named ones have no code */
	KUNIT_EXPECT_EQ(test, io_pgtable_arm_pa_bits(7), 0U);
	KUNIT_EXPECT_EQ(test, io_pgtable_arm_pa_bits(UINT_MAX), 0U);
	KUNIT_EXPECT_EQ(test, io_pgtable_arm_pa_code(0), -EINVAL);
	KUNIT_EXPECT_EQ(test, io_pgtable_arm_pa_code(39), -EINVAL);
	KUNIT_EXPECT_EQ(test, io_pgtable_arm_pa_code(56), -EINVAL);
	KUNIT_EXPECT_EQ(test, io_pgtable_arm_pa_code(64), -EINVAL);
}

static void pgd_test_geometry(struct kunit *test)
{
	struct io_pgtable_cfg cfg = { .pgsize_bitmap = SZ_4K | SZ_2M };
	struct iommu_domain dom = {};

	cfg.ias = 32;
	io_pgtable_domain_set_geometry(&dom, &cfg);
	KUNIT_EXPECT_EQ(test, dom.pgsize_bitmap, SZ_4K | SZ_2M);
	KUNIT_EXPECT_EQ(test, dom.geometry.aperture_start, 0);
	KUNIT_EXPECT_EQ(test, dom.geometry.aperture_end, 0xffffffffULL);
	KUNIT_EXPECT_TRUE(test, dom.geometry.force_aperture);

	cfg.ias = 48;
	io_pgtable_domain_set_geometry(&dom, &cfg);
	KUNIT_EXPECT_EQ(test, dom.geometry.aperture_end, (1ULL << 48) - 1);

	/* the whole 64-bit space: no shift by 64 */
	cfg.ias = 64;
	io_pgtable_domain_set_geometry(&dom, &cfg);
	KUNIT_EXPECT_EQ(test, dom.geometry.aperture_end, ~(dma_addr_t)0);

	if (sizeof(dma_addr_t) < 8)
		return;
	/* a TTBR1 table translates the top of the space */
	cfg.ias = 39;
	cfg.quirks = IO_PGTABLE_QUIRK_ARM_TTBR1;
	io_pgtable_domain_set_geometry(&dom, &cfg);
	KUNIT_EXPECT_EQ(test, (u64)dom.geometry.aperture_start,
			GENMASK_ULL(63, 39));
	KUNIT_EXPECT_EQ(test, dom.geometry.aperture_end, ~(dma_addr_t)0);
}

struct pgd_test_dom {
	struct io_pgtable_domain	pgd;
	unsigned int			inv_all, inv_walk, inv_leaf;
	unsigned long			last_iova;
	size_t				last_size, last_granule;
};

static void pgd_test_inv_all(struct io_pgtable_domain *pgd)
{
	container_of(pgd, struct pgd_test_dom, pgd)->inv_all++;
}

static void pgd_test_inv_range(struct io_pgtable_domain *pgd,
			       unsigned long iova, size_t size,
			       size_t granule, bool leaf)
{
	struct pgd_test_dom *t = container_of(pgd, struct pgd_test_dom, pgd);

	if (leaf)
		t->inv_leaf++;
	else
		t->inv_walk++;
	t->last_iova = iova;
	t->last_size = size;
	t->last_granule = granule;
}

static const struct io_pgtable_domain_tlb_ops pgd_test_tlb = {
	.inv_all	= pgd_test_inv_all,
	.inv_range	= pgd_test_inv_range,
};

/*
 * Map, look up, unmap and sync a 2 MiB block and two pages; the unmaps
 * must be gathered and invalidated once, as one leaf range.
 */
static void pgd_test_lpae_domain(struct kunit *test)
{
	const unsigned long iova = SZ_1G;
	const phys_addr_t pa = 3 * (phys_addr_t)SZ_512M;
	struct iommu_iotlb_gather gather;
	struct pgd_test_dom *t;
	struct io_pgtable_cfg cfg;
	struct iommu_domain *d;
	size_t mapped = 0, unmapped;
	struct device *dev;
	int ret;

	dev = kunit_device_register(test, "io-pgtable-domain-kunit");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	cfg = (struct io_pgtable_cfg) {
		.pgsize_bitmap	= SZ_4K | SZ_2M | SZ_1G,
		.ias		= 48,
		.oas		= 40,
		.coherent_walk	= true,
		.iommu_dev	= dev,
	};
	KUNIT_ASSERT_EQ(test, io_pgtable_domain_init(&t->pgd, ARM_64_LPAE_S1,
						     &cfg, &pgd_test_tlb), 0);
	KUNIT_EXPECT_EQ(test, t->pgd.domain.pgsize_bitmap,
			SZ_4K | SZ_2M | SZ_1G);
	KUNIT_EXPECT_EQ(test, t->pgd.domain.geometry.aperture_end,
			(1ULL << 48) - 1);
	KUNIT_EXPECT_EQ(test, (u32)cfg.arm_lpae_s1_cfg.tcr.ips,
			(u32)io_pgtable_arm_pa_code(40));

	d = &t->pgd.domain;
	ret = io_pgtable_domain_map_pages(d, iova, pa, SZ_2M, 1, IOMMU_READ,
					  GFP_KERNEL, &mapped);
	KUNIT_EXPECT_EQ(test, ret, 0);
	ret = io_pgtable_domain_map_pages(d, iova + SZ_2M, pa + SZ_2M, SZ_4K, 2,
					  IOMMU_READ | IOMMU_WRITE, GFP_KERNEL,
					  &mapped);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, mapped, SZ_2M + 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, io_pgtable_domain_iova_to_phys(d, iova + 0x1234),
			pa + 0x1234);
	KUNIT_EXPECT_EQ(test,
			io_pgtable_domain_iova_to_phys(d, iova + SZ_2M + SZ_4K + 8),
			pa + SZ_2M + SZ_4K + 8);

	iommu_iotlb_gather_init(&gather);
	unmapped = io_pgtable_domain_unmap_pages(d, iova + SZ_2M, SZ_4K, 2,
						 &gather);
	KUNIT_EXPECT_EQ(test, unmapped, 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, t->inv_leaf, 0);
	io_pgtable_domain_iotlb_sync(d, &gather);
	KUNIT_EXPECT_EQ(test, t->inv_leaf, 1);
	KUNIT_EXPECT_EQ(test, t->last_iova, iova + SZ_2M);
	KUNIT_EXPECT_EQ(test, t->last_size, 2 * SZ_4K);
	KUNIT_EXPECT_EQ(test, t->last_granule, SZ_4K);
	KUNIT_EXPECT_EQ(test, io_pgtable_domain_iova_to_phys(d, iova + SZ_2M),
			0);

	/* an empty gather invalidates nothing */
	iommu_iotlb_gather_init(&gather);
	io_pgtable_domain_iotlb_sync(d, &gather);
	KUNIT_EXPECT_EQ(test, t->inv_leaf, 1);

	io_pgtable_domain_flush_iotlb_all(d);
	KUNIT_EXPECT_EQ(test, t->inv_all, 1);
	io_pgtable_domain_destroy(&t->pgd);
	KUNIT_EXPECT_GE(test, t->inv_all, 2);
	KUNIT_EXPECT_NULL(test, t->pgd.pgtbl);
}

static struct kunit_case pgd_test_cases[] = {
	KUNIT_CASE(pgd_test_pa_code),
	KUNIT_CASE(pgd_test_geometry),
	KUNIT_CASE(pgd_test_lpae_domain),
	{}
};

static struct kunit_suite pgd_test_suite = {
	.name		= "io-pgtable-domain",
	.test_cases	= pgd_test_cases,
};

kunit_test_suite(pgd_test_suite);

MODULE_DESCRIPTION("KUnit tests for the shared io-pgtable paging domain");
MODULE_LICENSE("GPL");

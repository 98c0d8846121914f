// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for fixed device addresses (dma-iommu-fixed.c), on the toy
 * domain of dma-iommu-kunit.c: placement at the exact address, every
 * refusal leaving the page table and the IOVA space as they were, release
 * with a synchronous invalidation in both modes, and a claim over a range
 * that waits in the flush queue.
 */
#include <kunit/test.h>
#include <linux/dma-fixed.h>
#include <linux/iommu.h>
#include <linux/iova.h>
#include <linux/sizes.h>

#include "dma-iommu-priv.h"
#include "dma-iommu-kunit.h"

#define RW		(IOMMU_READ | IOMMU_WRITE)
#define FW_IOVA		0x100000UL	/* a "firmware" span, 16 KiB */
#define FW_PHYS		0x40000000UL
#define FW_SIZE		SZ_16K

static struct iova_domain *toy_iovad(struct idma_toy *toy)
{
	return &toy->domain.iova_cookie->iovad;
}

/* Neither a mapping nor an IOVA range anywhere in [iova, iova + size) */
static void expect_untouched(struct kunit *test, struct idma_toy *toy,
			     unsigned long iova, size_t size)
{
	unsigned long a;

	for (a = iova; a < iova + size; a += SZ_4K) {
		KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(&toy->domain, a), 0);
		KUNIT_EXPECT_NULL(test, find_iova(toy_iovad(toy), a / SZ_4K));
	}
}

static void fixed_lands_exactly(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, false);
	struct iommu_domain *dom = &toy->domain;
	dma_addr_t dma;
	unsigned int n;

	KUNIT_ASSERT_EQ(test, idma_fixed_map(dom, FW_IOVA, FW_PHYS, FW_SIZE,
					     RW, U64_MAX), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, FW_IOVA), FW_PHYS);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, FW_IOVA + 0x3004),
			FW_PHYS + 0x3004);
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(toy), 4);

	/* Fill the rest of the space: nothing lands on the fixed span. */
	for (n = 0; ; n++) {
		dma = idma_map_phys(NULL, dom, 0x80000000UL, SZ_4K, RW,
				    U64_MAX, GFP_KERNEL);
		if (dma == DMA_MAPPING_ERROR)
			break;
		KUNIT_EXPECT_TRUE(test, dma < FW_IOVA ||
				  dma >= FW_IOVA + FW_SIZE);
	}
	KUNIT_EXPECT_GT(test, n, 1000U);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, FW_IOVA), FW_PHYS);
}

static void fixed_refusals_change_nothing(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, false);
	struct iommu_domain *dom = &toy->domain;
	dma_addr_t live;

	live = idma_map_phys(NULL, dom, 0x80000000UL, SZ_8K, RW, U64_MAX,
			     GFP_KERNEL);
	KUNIT_ASSERT_NE(test, live, DMA_MAPPING_ERROR);
	KUNIT_ASSERT_EQ(test, idma_fixed_map(dom, FW_IOVA, FW_PHYS, FW_SIZE,
					     RW, U64_MAX), 0);

	/* Unaligned address, physical address or size; empty span. */
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, 0x200800, FW_PHYS, SZ_4K,
					     RW, U64_MAX), -EINVAL);
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, 0x200000, FW_PHYS + 8,
					     SZ_4K, RW, U64_MAX), -EINVAL);
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, 0x200000, FW_PHYS, 100,
					     RW, U64_MAX), -EINVAL);
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, 0x200000, FW_PHYS, 0,
					     RW, U64_MAX), -EINVAL);
	/* Beyond the aperture, across its end, above the device's limit. */
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, IDMA_TOY_PAGES * SZ_4K,
					     FW_PHYS, SZ_4K, RW, U64_MAX),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, IDMA_TOY_PAGES * SZ_4K - SZ_4K,
					     FW_PHYS, SZ_8K, RW, U64_MAX),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, 0x200000, FW_PHYS, SZ_4K,
					     RW, 0x1fffff), -ERANGE);
	/* Over the fixed span, or reaching into it. */
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, FW_IOVA - SZ_4K, FW_PHYS,
					     SZ_8K, RW, U64_MAX), -EEXIST);
	/* Over a live dynamic mapping. */
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, live + SZ_4K, FW_PHYS,
					     SZ_4K, RW, U64_MAX), -EBUSY);
	/* Reaching into a reserved region (an MSI window, iommu-addresses). */
	KUNIT_ASSERT_NOT_NULL(test, reserve_iova(toy_iovad(toy), 0x301, 0x301));
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, 0x300000, FW_PHYS, SZ_8K,
					     RW, U64_MAX), -EBUSY);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, 0x300000), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, 0x301000), 0);
	KUNIT_EXPECT_NULL(test, find_iova(toy_iovad(toy), 0x300));

	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(toy), 6);
	expect_untouched(test, toy, 0x200000, SZ_8K);
	expect_untouched(test, toy, FW_IOVA - SZ_4K, SZ_4K);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, live + SZ_4K),
			0x80000000UL + SZ_4K);
}

static void fixed_failed_map_gives_back(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, false);
	struct iommu_domain *dom = &toy->domain;

	toy->fail_call = toy->map_calls + 1;
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, FW_IOVA, FW_PHYS, FW_SIZE,
					     RW, U64_MAX), -ENOMEM);
	expect_untouched(test, toy, FW_IOVA, FW_SIZE);
	/* The span is free: nothing was recorded or claimed. */
	KUNIT_EXPECT_EQ(test, idma_fixed_unmap(dom, FW_IOVA, FW_SIZE), -ENOENT);
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, FW_IOVA, FW_PHYS, FW_SIZE,
					     RW, U64_MAX), 0);
}

static void fixed_release(struct kunit *test, bool lazy)
{
	struct idma_toy *toy = idma_toy_new(test, lazy);
	struct iommu_domain *dom = &toy->domain;
	unsigned int syncs;

	KUNIT_EXPECT_EQ(test, idma_fixed_unmap(dom, FW_IOVA, FW_SIZE), -ENOENT);
	KUNIT_ASSERT_EQ(test, idma_fixed_map(dom, FW_IOVA, FW_PHYS, FW_SIZE,
					     RW, U64_MAX), 0);
	/* Only the exact span releases it. */
	KUNIT_EXPECT_EQ(test, idma_fixed_unmap(dom, FW_IOVA, SZ_4K), -ENOENT);
	KUNIT_EXPECT_EQ(test, idma_fixed_unmap(dom, FW_IOVA + SZ_4K,
					       FW_SIZE - SZ_4K), -ENOENT);
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(toy), 4);

	syncs = toy->syncs;
	KUNIT_EXPECT_EQ(test, idma_fixed_unmap(dom, FW_IOVA, FW_SIZE), 0);
	/* Invalidated before returning, never queued, in both modes. */
	KUNIT_EXPECT_GT(test, toy->syncs, syncs);
	if (lazy)
		KUNIT_EXPECT_EQ(test, idma_toy_fq_pending(toy), 0);
	expect_untouched(test, toy, FW_IOVA, FW_SIZE);
	KUNIT_EXPECT_EQ(test, idma_fixed_unmap(dom, FW_IOVA, FW_SIZE), -ENOENT);

	/* The span can be placed again at once. */
	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, FW_IOVA, FW_PHYS + FW_SIZE,
					     FW_SIZE, RW, U64_MAX), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, FW_IOVA),
			FW_PHYS + FW_SIZE);
}

static void fixed_release_strict(struct kunit *test)
{
	fixed_release(test, false);
}

static void fixed_release_lazy(struct kunit *test)
{
	fixed_release(test, true);
}

/* A range that waits in the flush queue is free to its owner. */
static void fixed_claims_over_flush_queue(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, true);
	struct iommu_domain *dom = &toy->domain;
	unsigned int flushes = toy->flush_alls;
	dma_addr_t dma;

	dma = idma_map_phys(NULL, dom, 0x80000000UL, SZ_4K, RW, U64_MAX,
			    GFP_KERNEL);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	idma_unmap_span(dom, dma, SZ_4K);
	KUNIT_ASSERT_EQ(test, idma_toy_fq_pending(toy), 1);
	KUNIT_ASSERT_NOT_NULL(test, find_iova(toy_iovad(toy), dma / SZ_4K));

	KUNIT_EXPECT_EQ(test, idma_fixed_map(dom, dma, FW_PHYS, SZ_4K, RW,
					     U64_MAX), 0);
	KUNIT_EXPECT_GT(test, toy->flush_alls, flushes);
	KUNIT_EXPECT_EQ(test, idma_toy_fq_pending(toy), 0);
	KUNIT_EXPECT_EQ(test, iommu_iova_to_phys(dom, dma), FW_PHYS);
}

static struct kunit_case dma_iommu_fixed_cases[] = {
	KUNIT_CASE(fixed_lands_exactly),
	KUNIT_CASE(fixed_refusals_change_nothing),
	KUNIT_CASE(fixed_failed_map_gives_back),
	KUNIT_CASE(fixed_release_strict),
	KUNIT_CASE(fixed_release_lazy),
	KUNIT_CASE(fixed_claims_over_flush_queue),
	{}
};

static struct kunit_suite dma_iommu_fixed_suite = {
	.name = "iommu-dma-fixed",
	.test_cases = dma_iommu_fixed_cases,
};

kunit_test_suite(dma_iommu_fixed_suite);

MODULE_DESCRIPTION("KUnit tests for fixed device addresses in IOMMU DMA domains");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for private PASID tables: handle checks (NULL, never
 * allocated, freed), device checks (no IOMMU, no PASIDs, PASIDs used up)
 * and the wrappers on a fake paging domain.  The fake keeps a page table
 * of 64 slots and, apart from it, a TLB the "device" fills on lookup and
 * only iotlb_sync or flush_iotlb_all empties, so the TLB-sync contract of
 * Documentation/iommu-dma/pasid.rst is checked, not assumed.
 */

#include <kunit/test.h>
#include <kunit/visibility.h>
#include <linux/iommu-pasid-table.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>

#include "iommu-pasid-table-priv.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

#define FAKE_SLOTS	64
#define FAKE_BASE	0x100000UL
#define FAKE_PG		SZ_4K

struct fake_dom {
	struct iommu_domain	domain;
	phys_addr_t		pt[FAKE_SLOTS];		/* 0: not mapped */
	phys_addr_t		tlb[FAKE_SLOTS];	/* 0: not cached */
	unsigned int		syncs, flushes;
	unsigned long		sync_start, sync_end;
};

static struct fake_dom *to_fake(struct iommu_domain *d)
{
	return container_of(d, struct fake_dom, domain);
}

static int fake_slot(unsigned long iova)
{
	if (iova < FAKE_BASE || iova >= FAKE_BASE + FAKE_SLOTS * FAKE_PG)
		return -1;
	return (iova - FAKE_BASE) / FAKE_PG;
}

/* Like a page table: refuse a present entry, report what was mapped. */
static int fake_map_pages(struct iommu_domain *d, unsigned long iova,
			  phys_addr_t paddr, size_t pgsize, size_t pgcount,
			  int prot, gfp_t gfp, size_t *mapped)
{
	struct fake_dom *f = to_fake(d);
	size_t i;

	for (i = 0; i < pgcount; i++) {
		int s = fake_slot(iova + i * pgsize);

		if (s < 0)
			return -ERANGE;
		if (f->pt[s])
			return -EEXIST;
		f->pt[s] = paddr + i * pgsize;
		*mapped += pgsize;
	}
	return 0;
}

static size_t fake_unmap_pages(struct iommu_domain *d, unsigned long iova,
			       size_t pgsize, size_t pgcount,
			       struct iommu_iotlb_gather *gather)
{
	struct fake_dom *f = to_fake(d);
	size_t i;

	for (i = 0; i < pgcount; i++) {
		int s = fake_slot(iova + i * pgsize);

		if (s < 0 || !f->pt[s])
			break;
		f->pt[s] = 0;
	}
	if (i)
		iommu_iotlb_gather_add_range(gather, iova, i * pgsize);
	return i * pgsize;
}

static void fake_iotlb_sync(struct iommu_domain *d,
			    struct iommu_iotlb_gather *gather)
{
	struct fake_dom *f = to_fake(d);
	unsigned long iova;
	int s;

	f->syncs++;
	f->sync_start = gather->start;
	f->sync_end = gather->end;
	if (gather->end < gather->start)
		return;
	for (iova = gather->start; iova <= gather->end; iova += FAKE_PG) {
		s = fake_slot(iova);
		if (s >= 0)
			f->tlb[s] = 0;
	}
}

static void fake_flush_all(struct iommu_domain *d)
{
	struct fake_dom *f = to_fake(d);

	f->flushes++;
	memset(f->tlb, 0, sizeof(f->tlb));
}

static phys_addr_t fake_iova_to_phys(struct iommu_domain *d, dma_addr_t iova)
{
	int s = fake_slot(iova);

	return s < 0 ? 0 : to_fake(d)->pt[s];
}

static const struct iommu_domain_ops fake_ops = {
	.map_pages	= fake_map_pages,
	.unmap_pages	= fake_unmap_pages,
	.iotlb_sync	= fake_iotlb_sync,
	.flush_iotlb_all = fake_flush_all,
	.iova_to_phys	= fake_iova_to_phys,
};

/* What the device reaches at @iova: the TLB first, else a walk that fills it. */
static phys_addr_t fake_device_lookup(struct fake_dom *f, unsigned long iova)
{
	int s = fake_slot(iova);

	if (s < 0)
		return 0;
	if (!f->tlb[s])
		f->tlb[s] = f->pt[s];
	return f->tlb[s];
}

struct pt_test {
	struct device		dev;
	struct dev_iommu	dev_iommu;
	struct fake_dom		fake;
	struct iommu_sva_table	tbl;
};

static int pt_test_init(struct kunit *test)
{
	struct pt_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->fake.domain.type = IOMMU_DOMAIN_UNMANAGED;
	t->fake.domain.ops = &fake_ops;
	t->fake.domain.pgsize_bitmap = FAKE_PG;
	t->dev.iommu = &t->dev_iommu;
	iommu_sva_table_adopt(&t->tbl, &t->dev, &t->fake.domain, 7);
	test->priv = t;
	return 0;
}

/* Every call refuses @tbl with @err and reaches no domain op. */
static void pt_expect_refused(struct kunit *test, struct iommu_sva_table *tbl,
			      int err)
{
	struct pt_test *t = test->priv;
	struct iommu_iotlb_gather gather;
	struct scatterlist sg;
	phys_addr_t pa = 0;

	iommu_iotlb_gather_init(&gather);
	sg_init_table(&sg, 1);
	KUNIT_EXPECT_EQ(test, iommu_sva_map(tbl, FAKE_BASE, 0x80000000,
					    FAKE_PG, IOMMU_READ, GFP_KERNEL),
			err);
	KUNIT_EXPECT_EQ(test, iommu_sva_map_sg(tbl, FAKE_BASE, &sg, 1,
					       IOMMU_READ, GFP_KERNEL),
			(ssize_t)err);
	KUNIT_EXPECT_EQ(test, iommu_sva_unmap(tbl, FAKE_BASE, FAKE_PG),
			(ssize_t)err);
	KUNIT_EXPECT_EQ(test, iommu_sva_unmap_fast(tbl, FAKE_BASE, FAKE_PG,
						   &gather), (ssize_t)err);
	KUNIT_EXPECT_EQ(test, iommu_sva_iotlb_sync(tbl, &gather), err);
	KUNIT_EXPECT_EQ(test, iommu_sva_iova_to_phys(tbl, FAKE_BASE, &pa), err);
	KUNIT_EXPECT_EQ(test, pa, (phys_addr_t)0);
	KUNIT_EXPECT_EQ(test, iommu_sva_flush_tlb_all(tbl), err);
	KUNIT_EXPECT_EQ(test, iommu_sva_free_pasid(tbl), err);
	KUNIT_EXPECT_EQ(test, iommu_sva_table_pasid(tbl), IOMMU_PASID_INVALID);
	KUNIT_EXPECT_EQ(test, t->fake.syncs + t->fake.flushes, 0U);
}

static void pt_test_bad_handles(struct kunit *test)
{
	struct pt_test *t = test->priv;
	struct iommu_sva_table zeroed = {};

	pt_expect_refused(test, NULL, -EINVAL);
	pt_expect_refused(test, &zeroed, -EINVAL);
	KUNIT_EXPECT_EQ(test, iommu_sva_alloc_pasid(NULL, &zeroed), -EINVAL);
	KUNIT_EXPECT_EQ(test, iommu_sva_alloc_pasid(&t->dev, NULL), -EINVAL);
	/* a live handle is not allocated over (its PASID would leak) */
	KUNIT_EXPECT_EQ(test, iommu_sva_alloc_pasid(&t->dev, &t->tbl), -EBUSY);
	KUNIT_EXPECT_EQ(test, iommu_sva_table_pasid(&t->tbl), 7U);
}

static void pt_test_use_after_free(struct kunit *test)
{
	struct pt_test *t = test->priv;
	phys_addr_t pa;

	KUNIT_ASSERT_EQ(test, iommu_sva_map(&t->tbl, FAKE_BASE, 0x80000000,
					    FAKE_PG, IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_sva_table_disown(&t->tbl), 0);
	pt_expect_refused(test, &t->tbl, -ESTALE);
	/* the freed handle reached nothing: the entry is still there */
	KUNIT_EXPECT_EQ(test, t->fake.pt[0], (phys_addr_t)0x80000000);
	KUNIT_EXPECT_EQ(test, iommu_sva_table_disown(&t->tbl), -ESTALE);
	KUNIT_EXPECT_EQ(test, iommu_sva_iova_to_phys(&t->tbl, FAKE_BASE, &pa),
			-ESTALE);
}

static void pt_test_device_checks(struct kunit *test)
{
	struct pt_test *t = test->priv;
	struct iommu_sva_table tbl = {};
	struct device bare = {};
	ioasid_t held;

	KUNIT_EXPECT_EQ(test, iommu_sva_pasid_check_dev(&bare), -ENODEV);
	KUNIT_EXPECT_EQ(test, iommu_sva_alloc_pasid(&bare, &tbl), -ENODEV);

	t->dev_iommu.max_pasids = 0;
	KUNIT_EXPECT_EQ(test, iommu_sva_alloc_pasid(&t->dev, &tbl),
			-EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, tbl.state, 0U);

	/*
	 * Two PASIDs: 0 (never handed out) and 1.  Hold 1, and the device
	 * has none left.
	 */
	t->dev_iommu.max_pasids = 2;
	held = iommu_alloc_global_pasid(&t->dev);
	if (held == IOMMU_PASID_INVALID)
		kunit_skip(test, "PASID 1 is in use by someone else");
	KUNIT_EXPECT_EQ(test, iommu_sva_alloc_pasid(&t->dev, &tbl), -ENOSPC);
	KUNIT_EXPECT_EQ(test, tbl.state, 0U);
	iommu_free_global_pasid(held);

	/*
	 * PASID 1 free again, but the device has no IOMMU driver behind it:
	 * the domain allocation fails and the PASID goes back.
	 */
	KUNIT_EXPECT_EQ(test, iommu_sva_alloc_pasid(&t->dev, &tbl), -ENODEV);
	KUNIT_EXPECT_EQ(test, tbl.state, 0U);
	held = iommu_alloc_global_pasid(&t->dev);
	KUNIT_EXPECT_EQ(test, held, 1U);
	if (held != IOMMU_PASID_INVALID)
		iommu_free_global_pasid(held);
}

static void pt_test_map_overlap(struct kunit *test)
{
	struct pt_test *t = test->priv;
	struct fake_dom *f = &t->fake;
	phys_addr_t before[FAKE_SLOTS];
	phys_addr_t pa;

	KUNIT_ASSERT_EQ(test, iommu_sva_map(&t->tbl, FAKE_BASE + 2 * FAKE_PG,
					    0x80002000, FAKE_PG,
					    IOMMU_READ, GFP_KERNEL), 0);
	memcpy(before, f->pt, sizeof(before));
	/* slots 0..3: 0 and 1 map, 2 clashes; the core undoes 0 and 1 */
	KUNIT_EXPECT_EQ(test, iommu_sva_map(&t->tbl, FAKE_BASE, 0x90000000,
					    4 * FAKE_PG, IOMMU_READ,
					    GFP_KERNEL), -EEXIST);
	KUNIT_EXPECT_MEMEQ(test, f->pt, before, sizeof(before));
	KUNIT_EXPECT_EQ(test, iommu_sva_iova_to_phys(&t->tbl, FAKE_BASE, &pa),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, iommu_sva_iova_to_phys(&t->tbl,
						     FAKE_BASE + 2 * FAKE_PG,
						     &pa), 0);
	KUNIT_EXPECT_EQ(test, pa, (phys_addr_t)0x80002000);
	/* misaligned: refused by the core before the domain is reached */
	KUNIT_EXPECT_EQ(test, iommu_sva_map(&t->tbl, FAKE_BASE + 1, 0x80000000,
					    FAKE_PG, IOMMU_READ, GFP_KERNEL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, iommu_sva_iova_to_phys(&t->tbl, FAKE_BASE, NULL),
			-EINVAL);
}

/* unmap is synchronous: the device loses the page at once. */
static void pt_test_unmap_syncs(struct kunit *test)
{
	struct pt_test *t = test->priv;
	struct fake_dom *f = &t->fake;

	KUNIT_ASSERT_EQ(test, iommu_sva_map(&t->tbl, FAKE_BASE, 0x80000000,
					    2 * FAKE_PG, IOMMU_READ | IOMMU_WRITE,
					    GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, fake_device_lookup(f, FAKE_BASE + FAKE_PG),
			(phys_addr_t)0x80001000);
	KUNIT_EXPECT_EQ(test, iommu_sva_unmap(&t->tbl, FAKE_BASE, 2 * FAKE_PG),
			(ssize_t)(2 * FAKE_PG));
	KUNIT_EXPECT_EQ(test, f->syncs, 1U);
	KUNIT_EXPECT_EQ(test, fake_device_lookup(f, FAKE_BASE + FAKE_PG),
			(phys_addr_t)0);
	/* nothing mapped there any more: 0 bytes unmapped */
	KUNIT_EXPECT_EQ(test, iommu_sva_unmap(&t->tbl, FAKE_BASE, FAKE_PG),
			(ssize_t)0);
}

/*
 * unmap_fast leaves cached translations until iotlb_sync: the device still
 * reaches the old page in between, and the gather names exactly the range.
 */
static void pt_test_unmap_fast_contract(struct kunit *test)
{
	struct pt_test *t = test->priv;
	struct fake_dom *f = &t->fake;
	struct iommu_iotlb_gather gather;
	unsigned long a = FAKE_BASE + 4 * FAKE_PG, b = FAKE_BASE + 9 * FAKE_PG;

	KUNIT_ASSERT_EQ(test, iommu_sva_map(&t->tbl, a, 0x80000000, FAKE_PG,
					    IOMMU_READ, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, iommu_sva_map(&t->tbl, b, 0x80005000, FAKE_PG,
					    IOMMU_READ, GFP_KERNEL), 0);
	fake_device_lookup(f, a);
	fake_device_lookup(f, b);

	iommu_iotlb_gather_init(&gather);
	KUNIT_EXPECT_EQ(test, iommu_sva_unmap_fast(&t->tbl, a, FAKE_PG, &gather),
			(ssize_t)FAKE_PG);
	KUNIT_EXPECT_EQ(test, iommu_sva_unmap_fast(&t->tbl, b, FAKE_PG, &gather),
			(ssize_t)FAKE_PG);
	KUNIT_EXPECT_EQ(test, f->syncs, 0U);
	KUNIT_EXPECT_EQ(test, fake_device_lookup(f, a), (phys_addr_t)0x80000000);
	KUNIT_EXPECT_EQ(test, iommu_sva_unmap_fast(&t->tbl, a, FAKE_PG, NULL),
			(ssize_t)-EINVAL);

	KUNIT_EXPECT_EQ(test, iommu_sva_iotlb_sync(&t->tbl, &gather), 0);
	KUNIT_EXPECT_EQ(test, f->syncs, 1U);
	KUNIT_EXPECT_EQ(test, f->sync_start, a);
	KUNIT_EXPECT_EQ(test, f->sync_end, b + FAKE_PG - 1);
	KUNIT_EXPECT_EQ(test, fake_device_lookup(f, a), (phys_addr_t)0);
	KUNIT_EXPECT_EQ(test, fake_device_lookup(f, b), (phys_addr_t)0);
	/* the sync left the gather empty for reuse */
	KUNIT_EXPECT_EQ(test, gather.end, 0UL);
	KUNIT_EXPECT_EQ(test, iommu_sva_iotlb_sync(&t->tbl, NULL), -EINVAL);
}

static void pt_test_flush_all(struct kunit *test)
{
	struct pt_test *t = test->priv;
	struct fake_dom *f = &t->fake;
	struct iommu_iotlb_gather gather;

	KUNIT_ASSERT_EQ(test, iommu_sva_map(&t->tbl, FAKE_BASE, 0x80000000,
					    FAKE_PG, IOMMU_READ, GFP_KERNEL), 0);
	fake_device_lookup(f, FAKE_BASE);
	iommu_iotlb_gather_init(&gather);
	iommu_sva_unmap_fast(&t->tbl, FAKE_BASE, FAKE_PG, &gather);
	KUNIT_EXPECT_EQ(test, fake_device_lookup(f, FAKE_BASE),
			(phys_addr_t)0x80000000);
	KUNIT_EXPECT_EQ(test, iommu_sva_flush_tlb_all(&t->tbl), 0);
	KUNIT_EXPECT_EQ(test, f->flushes, 1U);
	KUNIT_EXPECT_EQ(test, fake_device_lookup(f, FAKE_BASE), (phys_addr_t)0);
}

static void pt_test_map_sg(struct kunit *test)
{
	struct pt_test *t = test->priv;
	struct page *pages[2];
	struct scatterlist sg[2];
	unsigned long i, n = PAGE_SIZE / FAKE_PG;
	phys_addr_t pa;

	if (2 * n > FAKE_SLOTS)
		kunit_skip(test, "pages too large for the fake table");
	for (i = 0; i < 2; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
	}
	sg_init_table(sg, 2);
	sg_set_page(&sg[0], pages[0], PAGE_SIZE, 0);
	sg_set_page(&sg[1], pages[1], PAGE_SIZE, 0);

	KUNIT_EXPECT_EQ(test, iommu_sva_map_sg(&t->tbl, FAKE_BASE, sg, 2,
					       IOMMU_READ, GFP_KERNEL),
			(ssize_t)(2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, iommu_sva_iova_to_phys(&t->tbl,
						     FAKE_BASE + PAGE_SIZE,
						     &pa), 0);
	KUNIT_EXPECT_EQ(test, pa, page_to_phys(pages[1]));
	/* the same list again overlaps itself: refused, table unchanged */
	KUNIT_EXPECT_EQ(test, iommu_sva_map_sg(&t->tbl, FAKE_BASE, sg, 2,
					       IOMMU_READ, GFP_KERNEL),
			(ssize_t)-EEXIST);
	KUNIT_EXPECT_EQ(test, iommu_sva_iova_to_phys(&t->tbl, FAKE_BASE, &pa),
			0);
	KUNIT_EXPECT_EQ(test, pa, page_to_phys(pages[0]));

	KUNIT_EXPECT_EQ(test, iommu_sva_unmap(&t->tbl, FAKE_BASE,
					      2 * PAGE_SIZE),
			(ssize_t)(2 * PAGE_SIZE));
	for (i = 0; i < 2; i++)
		__free_page(pages[i]);
}

static struct kunit_case pt_test_cases[] = {
	KUNIT_CASE(pt_test_bad_handles),
	KUNIT_CASE(pt_test_use_after_free),
	KUNIT_CASE(pt_test_device_checks),
	KUNIT_CASE(pt_test_map_overlap),
	KUNIT_CASE(pt_test_unmap_syncs),
	KUNIT_CASE(pt_test_unmap_fast_contract),
	KUNIT_CASE(pt_test_flush_all),
	KUNIT_CASE(pt_test_map_sg),
	{}
};

static struct kunit_suite pt_test_suite = {
	.name = "iommu-pasid-table",
	.init = pt_test_init,
	.test_cases = pt_test_cases,
};

kunit_test_suite(pt_test_suite);

MODULE_DESCRIPTION("KUnit tests for private PASID page tables");
MODULE_LICENSE("GPL");

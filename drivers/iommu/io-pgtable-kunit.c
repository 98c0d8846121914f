// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the Arm io-pgtable backends (LPAE in all its formats and
 * granules, and the v7s short-descriptor format), through the public API
 * only: every page size mapped, looked up and unmapped; blocks split by a
 * partial unmap; refusals of overlapping, misaligned and out-of-range
 * requests; all table memory returned; and concurrent map/unmap of
 * disjoint ranges.  Table memory comes from a counting allocator given as
 * io_pgtable_cfg::alloc, so a leak is seen as a non-zero count at the end.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/io-pgtable.h>
#include <linux/kthread.h>
#include <linux/sizes.h>

#define G4K	(SZ_4K | SZ_2M | SZ_1G)
#define G16K	(SZ_16K | SZ_32M)
#define G64K	(SZ_64K | SZ_512M)
#define V7S	(SZ_4K | SZ_64K | SZ_1M | SZ_16M)

struct pgt_case {
	const char		*name;
	enum io_pgtable_fmt	fmt;
	unsigned int		ias, oas;
	unsigned long		sizes, quirks;
	bool			coherent;
};

static const struct pgt_case pgt_cases[] = {
	{ "64-s1-4k-32", ARM_64_LPAE_S1, 32, 40, G4K, 0, true },
	{ "64-s1-4k-36", ARM_64_LPAE_S1, 36, 40, G4K, 0, true },
	{ "64-s1-4k-39", ARM_64_LPAE_S1, 39, 44, G4K, 0, true },
	{ "64-s1-4k-40", ARM_64_LPAE_S1, 40, 44, G4K, 0, false },
	{ "64-s1-4k-42", ARM_64_LPAE_S1, 42, 48, G4K, 0, true },
	{ "64-s1-4k-48", ARM_64_LPAE_S1, 48, 48, G4K, 0, true },
	{ "64-s1-4k-48-ns", ARM_64_LPAE_S1, 48, 48, G4K,
	  IO_PGTABLE_QUIRK_ARM_NS, true },
	{ "64-s1-4k-48-hd", ARM_64_LPAE_S1, 48, 48, G4K,
	  IO_PGTABLE_QUIRK_ARM_HD, true },
	{ "64-s1-4k-48-ttbr1", ARM_64_LPAE_S1, 48, 48, G4K,
	  IO_PGTABLE_QUIRK_ARM_TTBR1, true },
	{ "64-s1-4k-48-owbwa", ARM_64_LPAE_S1, 48, 48, G4K,
	  IO_PGTABLE_QUIRK_ARM_OUTER_WBWA, false },
	{ "64-s1-16k-36", ARM_64_LPAE_S1, 36, 48, G16K, 0, true },
	{ "64-s1-16k-48", ARM_64_LPAE_S1, 48, 48, G16K, 0, false },
	{ "64-s1-64k-42", ARM_64_LPAE_S1, 42, 48, G64K, 0, true },
	{ "64-s1-64k-48", ARM_64_LPAE_S1, 48, 48, G64K, 0, true },
	{ "64-s1-64k-52", ARM_64_LPAE_S1, 52, 52,
	  G64K | (unsigned long)(IS_ENABLED(CONFIG_64BIT) ? BIT_ULL(42) : 0),
	  0, true },
	{ "64-s2-4k-32", ARM_64_LPAE_S2, 32, 40, G4K, 0, true },
	{ "64-s2-4k-40", ARM_64_LPAE_S2, 40, 40, G4K, 0, true },
	{ "64-s2-4k-48", ARM_64_LPAE_S2, 48, 48, G4K, 0, false },
	{ "64-s2-16k-40", ARM_64_LPAE_S2, 40, 48, G16K, 0, true },
	{ "64-s2-64k-48", ARM_64_LPAE_S2, 48, 48, G64K, 0, true },
	{ "32-s1", ARM_32_LPAE_S1, 32, 40, G4K, 0, true },
	{ "32-s2", ARM_32_LPAE_S2, 40, 40, G4K, 0, true },
	{ "mali-33", ARM_MALI_LPAE, 33, 40, G4K, 0, true },
	{ "mali-48", ARM_MALI_LPAE, 48, 40, G4K, 0, false },
	{ "v7s", ARM_V7S, 32, 32, V7S, 0, true },
	{ "v7s-nc-ns", ARM_V7S, 32, 32, V7S, IO_PGTABLE_QUIRK_ARM_NS, false },
	{ "v7s-mtk", ARM_V7S, 34, 35, V7S, IO_PGTABLE_QUIRK_ARM_MTK_EXT |
	  IO_PGTABLE_QUIRK_NO_PERMS | IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT, true },
};

static void pgt_case_desc(const struct pgt_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pgt, pgt_cases, pgt_case_desc);

/* One set of tables under test, with its counting allocator */
struct pgt {
	struct kunit		*test;
	const struct pgt_case	*c;
	struct io_pgtable_cfg	cfg;
	struct io_pgtable_ops	*ops;
	atomic_t		live;	/* table allocations not yet freed */
	atomic_t		walk_flushes;
	u64			dma_mask;
};

static void *pgt_alloc(void *cookie, size_t size, gfp_t gfp)
{
	struct pgt *p = cookie;
	struct page *page;

	/* the short-descriptor format only reaches 32-bit table addresses */
	if (p->c->fmt == ARM_V7S)
		gfp |= IS_ENABLED(CONFIG_ZONE_DMA32) ? GFP_DMA32 : GFP_DMA;
	page = alloc_pages(gfp | __GFP_ZERO, get_order(size));
	if (!page)
		return NULL;
	atomic_inc(&p->live);
	return page_address(page);
}

static void pgt_free(void *cookie, void *pages, size_t size)
{
	struct pgt *p = cookie;

	atomic_dec(&p->live);
	free_pages((unsigned long)pages, get_order(size));
}

static void pgt_flush_all(void *cookie)
{
}

static void pgt_flush_walk(unsigned long iova, size_t size, size_t granule,
			   void *cookie)
{
	struct pgt *p = cookie;

	atomic_inc(&p->walk_flushes);
}

static void pgt_add_page(struct iommu_iotlb_gather *gather, unsigned long iova,
			 size_t granule, void *cookie)
{
}

static const struct iommu_flush_ops pgt_flush_ops = {
	.tlb_flush_all	= pgt_flush_all,
	.tlb_flush_walk	= pgt_flush_walk,
	.tlb_add_page	= pgt_add_page,
};

static bool pgt_format_built(enum io_pgtable_fmt fmt)
{
	if (fmt == ARM_V7S)
		return IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_ARMV7S);
	return IS_ENABLED(CONFIG_IOMMU_IO_PGTABLE_LPAE);
}

static struct pgt *pgt_new(struct kunit *test)
{
	const struct pgt_case *c = test->param_value;
	struct device *dev;
	struct pgt *p;

	if (!pgt_format_built(c->fmt))
		kunit_skip(test, "format not built");
	if (c->fmt == ARM_V7S && (c->quirks & IO_PGTABLE_QUIRK_ARM_MTK_EXT) &&
	    !IS_ENABLED(CONFIG_PHYS_ADDR_T_64BIT))
		kunit_skip(test, "MediaTek extension needs 64-bit phys_addr_t");

	if ((c->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1) && BITS_PER_LONG < 64)
		kunit_skip(test, "a TTBR1 range tops a 64-bit space, beyond an unsigned long IOVA");

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	dev = kunit_device_register(test, "io-pgtable-kunit");
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	/* table memory is DMA-mapped 1:1 for a non-coherent walker */
	p->dma_mask = DMA_BIT_MASK(64);
	dev->dma_mask = &p->dma_mask;
	dev->coherent_dma_mask = p->dma_mask;

	p->test = test;
	p->c = c;
	p->cfg = (struct io_pgtable_cfg) {
		.quirks		= c->quirks,
		.pgsize_bitmap	= c->sizes,
		.ias		= c->ias,
		.oas		= c->oas,
		.coherent_walk	= c->coherent,
		.tlb		= &pgt_flush_ops,
		.iommu_dev	= dev,
		.alloc		= pgt_alloc,
		.free		= pgt_free,
	};
	p->ops = alloc_io_pgtable_ops(c->fmt, &p->cfg, p);
	KUNIT_ASSERT_NOT_NULL(test, p->ops);
	KUNIT_ASSERT_NE(test, p->cfg.pgsize_bitmap, 0UL);
	return p;
}

/* free the tables and check that every table page came back */
static void pgt_done(struct pgt *p)
{
	free_io_pgtable_ops(p->ops);
	KUNIT_EXPECT_EQ_MSG(p->test, atomic_read(&p->live), 0,
			    "table pages leaked");
}

/* first IOVA of the input range (the top half for TTBR1) */
static u64 pgt_base(const struct pgt *p)
{
	if (p->cfg.quirks & IO_PGTABLE_QUIRK_ARM_TTBR1)
		return ~0ULL << p->cfg.ias;
	return 0;
}

/*
 * Size of the input range the tests use.  The io-pgtable API names an IOVA
 * with an unsigned long: on a 32-bit kernel only its low 4 GiB are
 * reachable, whatever the table's input size.
 */
static u64 pgt_span(const struct pgt *p)
{
	return 1ULL << min_t(unsigned int, p->cfg.ias, BITS_PER_LONG);
}

/* one past the highest output address both the table and the CPU can hold */
static u64 pgt_pa_top(const struct pgt *p)
{
	return 1ULL << min_t(unsigned int, p->cfg.oas,
			     BITS_PER_TYPE(phys_addr_t));
}

static int pgt_map(struct pgt *p, u64 iova, phys_addr_t pa, size_t pgsize,
		   size_t count, int prot, size_t *mapped)
{
	*mapped = 0;
	return p->ops->map_pages(p->ops, iova, pa, pgsize, count, prot,
				 GFP_KERNEL, mapped);
}

static size_t pgt_unmap(struct pgt *p, u64 iova, size_t pgsize, size_t count)
{
	struct iommu_iotlb_gather gather;

	iommu_iotlb_gather_init(&gather);
	return p->ops->unmap_pages(p->ops, iova, pgsize, count, &gather);
}

static phys_addr_t pgt_phys(struct pgt *p, u64 iova)
{
	return p->ops->iova_to_phys(p->ops, iova);
}

/* Map, look up and unmap every page size, at both ends of the range. */
static void pgt_test_every_size(struct kunit *test)
{
	struct pgt *p = pgt_new(test);
	unsigned long sizes = p->cfg.pgsize_bitmap;
	unsigned int bit;

	for_each_set_bit(bit, &sizes, BITS_PER_LONG) {
		size_t pg = 1UL << bit, got;
		u64 span = 3ULL * pg, iova;
		phys_addr_t pa;
		int end;

		if (span > pgt_span(p) / 2)
			continue;
		for (end = 0; end < 2; end++) {
			iova = pgt_base(p) + (end ? pgt_span(p) - span : 0);
			pa = end ? pgt_pa_top(p) - 4ULL * pg : pg;

			KUNIT_ASSERT_EQ(test, pgt_map(p, iova, pa, pg, 3,
						      IOMMU_READ | IOMMU_WRITE,
						      &got), 0);
			KUNIT_EXPECT_EQ(test, got, (size_t)span);
			KUNIT_EXPECT_EQ(test, pgt_phys(p, iova), pa);
			KUNIT_EXPECT_EQ(test, pgt_phys(p, iova + span - 1),
					pa + span - 1);
			KUNIT_EXPECT_EQ(test, pgt_phys(p, iova + pg + 42),
					pa + pg + 42);
			KUNIT_EXPECT_EQ(test, pgt_unmap(p, iova, pg, 3),
					(size_t)span);
			KUNIT_EXPECT_EQ(test, pgt_phys(p, iova + pg), 0);
		}
	}
	pgt_done(p);
}

/* Unmapping part of a block splits it and leaves the rest as it was. */
static void pgt_test_split(struct kunit *test)
{
	struct pgt *p = pgt_new(test);
	unsigned long sizes = p->cfg.pgsize_bitmap;
	size_t small = sizes & -sizes, got;
	unsigned int bit;

	sizes &= sizes - 1;
	for_each_set_bit(bit, &sizes, BITS_PER_LONG) {
		size_t blk = 1UL << bit;
		u64 iova = pgt_base(p) + blk, hole = iova + blk / 2;
		phys_addr_t pa = 2ULL * blk;

		if (3ULL * blk > pgt_span(p) || pa + blk > pgt_pa_top(p))
			continue;
		KUNIT_ASSERT_EQ(test, pgt_map(p, iova, pa, blk, 1, IOMMU_READ,
					      &got), 0);
		KUNIT_EXPECT_EQ(test, pgt_unmap(p, hole, small, 1), small);
		KUNIT_EXPECT_EQ(test, pgt_phys(p, hole), 0);
		KUNIT_EXPECT_EQ(test, pgt_phys(p, hole - 1), pa + blk / 2 - 1);
		KUNIT_EXPECT_EQ(test, pgt_phys(p, hole + small),
				pa + blk / 2 + small);
		KUNIT_EXPECT_EQ(test, pgt_phys(p, iova), pa);
		KUNIT_EXPECT_EQ(test, pgt_phys(p, iova + blk - 1), pa + blk - 1);
		/* the hole can be mapped again, and the block unmapped whole */
		KUNIT_EXPECT_EQ(test, pgt_map(p, hole, 0x100000, small, 1,
					      IOMMU_READ, &got), 0);
		KUNIT_EXPECT_EQ(test, pgt_phys(p, hole), 0x100000);
		KUNIT_EXPECT_EQ(test, pgt_unmap(p, iova, blk, 1), blk);
		KUNIT_EXPECT_EQ(test, pgt_phys(p, hole), 0);
		KUNIT_EXPECT_EQ(test, pgt_phys(p, iova), 0);
	}
	pgt_done(p);
}

/* Bad requests are refused and change nothing. */
static void pgt_test_refusals(struct kunit *test)
{
	struct pgt *p = pgt_new(test);
	size_t pg = p->cfg.pgsize_bitmap & -p->cfg.pgsize_bitmap, got;
	unsigned long big = p->cfg.pgsize_bitmap & ~pg;
	u64 base = pgt_base(p) + 16ULL * pg;
	int live;

	KUNIT_ASSERT_EQ(test, pgt_map(p, base, 0x40000000, pg, 4, IOMMU_READ,
				      &got), 0);
	live = atomic_read(&p->live);

	KUNIT_EXPECT_EQ(test, pgt_map(p, base + pg, 0x50000000, pg, 1,
				      IOMMU_READ, &got), -EEXIST);
	KUNIT_EXPECT_EQ(test, got, 0);
	KUNIT_EXPECT_EQ(test, pgt_map(p, base - pg, 0x50000000, pg, 2,
				      IOMMU_READ, &got), -EEXIST);
	KUNIT_EXPECT_EQ(test, got, 0);
	KUNIT_EXPECT_EQ(test, pgt_phys(p, base - pg), 0);
	if (big) {
		size_t b = big & -big;

		KUNIT_EXPECT_EQ(test, pgt_map(p, base & ~(u64)(b - 1), 0, b, 1,
					      IOMMU_READ, &got), -EEXIST);
	}
	KUNIT_EXPECT_EQ(test, pgt_map(p, base + 64 * pg + SZ_1K, 0, pg, 1,
				      IOMMU_READ, &got), -EINVAL);
	KUNIT_EXPECT_EQ(test, pgt_map(p, base + 64 * pg, SZ_1K, pg, 1,
				      IOMMU_READ, &got), -EINVAL);
	KUNIT_EXPECT_EQ(test, pgt_map(p, base + 64 * pg, 0, 2 * pg, 1,
				      IOMMU_READ, &got), -EINVAL);
	KUNIT_EXPECT_EQ(test, pgt_map(p, base + 64 * pg, 0, pg, 1, 0, &got),
			-EINVAL);
	/* past the end of the input range, when an IOVA can name it */
	if (p->cfg.ias <= BITS_PER_LONG) {
		KUNIT_EXPECT_NE(test, pgt_map(p, pgt_base(p) + pgt_span(p) - pg,
					      0, pg, 2, IOMMU_READ, &got), 0);
		KUNIT_EXPECT_EQ(test, got, 0);
	}
	if (p->cfg.oas < BITS_PER_TYPE(phys_addr_t))
		KUNIT_EXPECT_NE(test, pgt_map(p, base + 64 * pg,
					      1ULL << p->cfg.oas, pg, 1,
					      IOMMU_READ, &got), 0);
	KUNIT_EXPECT_EQ(test, pgt_unmap(p, base + SZ_1K, pg, 1), 0);
	KUNIT_EXPECT_EQ(test, pgt_unmap(p, base + 64 * pg, pg, 1), 0);

	KUNIT_EXPECT_EQ(test, atomic_read(&p->live), live);
	KUNIT_EXPECT_EQ(test, pgt_phys(p, base + 3 * pg + 5), 0x40000000 + 3 * pg + 5);
	KUNIT_EXPECT_EQ(test, pgt_unmap(p, base, pg, 4), 4 * pg);
	pgt_done(p);
}

/* Unmapping a block-sized range that holds a table frees that table. */
static void pgt_test_table_freed(struct kunit *test)
{
	struct pgt *p = pgt_new(test);
	size_t pg = p->cfg.pgsize_bitmap & -p->cfg.pgsize_bitmap, got;
	u64 blk = p->c->fmt == ARM_V7S ? SZ_1M : (u64)pg * (pg / 8);
	u64 iova = pgt_base(p) + blk;
	int live;

	if (3 * blk > pgt_span(p))
		kunit_skip(test, "input range too small");
	/* tables above the last level stay: make them first */
	KUNIT_ASSERT_EQ(test, pgt_map(p, iova + blk, 0, pg, 1, IOMMU_READ,
				      &got), 0);
	live = atomic_read(&p->live);
	KUNIT_ASSERT_EQ(test, pgt_map(p, iova + pg, 0, pg, 7, IOMMU_READ,
				      &got), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->live), live + 1);
	atomic_set(&p->walk_flushes, 0);
	KUNIT_EXPECT_EQ(test, pgt_unmap(p, iova, blk, 1), (size_t)blk);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->live), live);
	KUNIT_EXPECT_GT(test, atomic_read(&p->walk_flushes), 0);
	pgt_done(p);
}

struct pgt_worker {
	struct pgt		*p;
	u64			base;
	size_t			pg;
	int			err;
	struct completion	done;
};

static int pgt_worker_fn(void *data)
{
	struct pgt_worker *w = data;
	struct io_pgtable_ops *ops = w->p->ops;
	int round, i;

	for (round = 0; round < 100 && !w->err; round++) {
		for (i = 0; i < 16; i++) {
			u64 iova = w->base + (u64)(i * 5 + round % 5) * 3 * w->pg;
			phys_addr_t pa = 0x80000000ULL + (iova - w->base);
			size_t got = 0, n = 1 + (round + i) % 3;

			if (ops->map_pages(ops, iova, pa, w->pg, n, IOMMU_READ,
					   GFP_KERNEL, &got) || got != n * w->pg)
				w->err = 1;
			else if (ops->iova_to_phys(ops, iova + w->pg - 1) !=
				 pa + w->pg - 1)
				w->err = 2;
			if (ops->unmap_pages(ops, iova, w->pg, n, NULL) !=
			    n * w->pg)
				w->err = 3;
		}
		cond_resched();
	}
	complete(&w->done);
	return 0;
}

/* Threads map and unmap disjoint ranges that share upper-level tables. */
static void pgt_test_concurrent(struct kunit *test)
{
	enum { NR = 4 };
	struct pgt *p = pgt_new(test);
	size_t pg = p->cfg.pgsize_bitmap & -p->cfg.pgsize_bitmap;
	struct pgt_worker *w;
	int i;

	w = kunit_kcalloc(test, NR, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	for (i = 0; i < NR; i++) {
		struct task_struct *t;

		w[i].p = p;
		w[i].pg = pg;
		w[i].base = pgt_base(p) + (u64)i * 256 * pg;
		init_completion(&w[i].done);
		t = kthread_run(pgt_worker_fn, &w[i], "pgt-kunit/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	for (i = 0; i < NR; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ_MSG(test, w[i].err, 0, "worker %d", i);
	}
	pgt_done(p);
}

static struct kunit_case pgt_test_cases[] = {
	KUNIT_CASE_PARAM(pgt_test_every_size, pgt_gen_params),
	KUNIT_CASE_PARAM(pgt_test_split, pgt_gen_params),
	KUNIT_CASE_PARAM(pgt_test_refusals, pgt_gen_params),
	KUNIT_CASE_PARAM(pgt_test_table_freed, pgt_gen_params),
	KUNIT_CASE_PARAM(pgt_test_concurrent, pgt_gen_params),
	{}
};

static struct kunit_suite pgt_test_suite = {
	.name		= "io-pgtable",
	.test_cases	= pgt_test_cases,
};

kunit_test_suite(pgt_test_suite);

MODULE_DESCRIPTION("KUnit tests for the Arm io-pgtable backends");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for the IOMMU DMA layer.
 *
 * The packing planner and the flush-queue ring are checked as plain
 * arithmetic.  Everything else runs against "toy", an IOMMU domain of our
 * own: a flat array of 4 KiB translations over a 4 MiB aperture, which
 * counts IOTLB syncs and full flushes and can be told to fail a map call.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/msi.h>
#include <linux/percpu.h>
#include <linux/prandom.h>
#include <linux/resource_ext.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "dma-iommu.h"
#include "dma-iommu-priv.h"
#include "dma-iommu-kunit.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

/* ------------------------------------------------------------------------
 * Planner
 */

struct plan_seg {
	size_t head;
	unsigned int len;
};

/* Run the planner over @segs and check the layout invariants */
static void plan_check(struct kunit *test, size_t granule, unsigned long bmask,
		       unsigned int max_seg, const struct plan_seg *segs,
		       int n, struct idma_sg_place *places)
{
	struct idma_sg_plan plan;
	size_t prev_end = 0, seg_start = 0, seg_len = 0;
	int i;

	idma_sg_plan_init(&plan, granule, bmask, max_seg);
	for (i = 0; i < n; i++) {
		struct idma_sg_place *p = &places[i];
		size_t first_win, last_win;

		KUNIT_ASSERT_EQ(test, 0, idma_sg_plan_add(&plan, segs[i].head,
							  segs[i].len, p));
		/* Spans are whole granules, in order, never overlapping */
		KUNIT_EXPECT_EQ(test, p->start % granule, 0);
		KUNIT_EXPECT_EQ(test, p->span % granule, 0);
		KUNIT_EXPECT_GE(test, p->span, segs[i].head + segs[i].len);
		KUNIT_EXPECT_LT(test, p->span - granule,
				segs[i].head + segs[i].len);
		KUNIT_EXPECT_GE(test, p->start, prev_end);
		prev_end = p->start + p->span;

		/* A span crosses a window only if it is bigger than one */
		first_win = p->start & ~(size_t)bmask;
		last_win = (p->start + p->span - 1) & ~(size_t)bmask;
		if (p->span - 1 <= bmask)
			KUNIT_EXPECT_EQ(test, first_win, last_win);
		else
			KUNIT_EXPECT_EQ(test, p->start & bmask, 0);

		/* DMA segments: within max_seg once merged, in one window */
		if (p->new_seg) {
			seg_start = p->start + segs[i].head;
			seg_len = segs[i].len;
		} else {
			KUNIT_EXPECT_EQ(test, segs[i].head, 0);
			KUNIT_EXPECT_EQ(test, seg_start + seg_len, p->start);
			seg_len += segs[i].len;
			KUNIT_EXPECT_LE(test, seg_len, max_seg);
			KUNIT_EXPECT_EQ(test, seg_start & ~(size_t)bmask,
					(seg_start + seg_len - 1) & ~(size_t)bmask);
		}
	}
	KUNIT_EXPECT_EQ(test, plan.next, prev_end);
}

static void plan_merges_whole_pages(struct kunit *test)
{
	static const struct plan_seg segs[] = {
		{ 0, SZ_4K }, { 0, SZ_4K }, { 0, SZ_4K }, { 0, 100 },
	};
	struct idma_sg_place pl[ARRAY_SIZE(segs)];

	plan_check(test, SZ_4K, ULONG_MAX, SZ_64K, segs, ARRAY_SIZE(segs), pl);
	KUNIT_EXPECT_TRUE(test, pl[0].new_seg);
	KUNIT_EXPECT_FALSE(test, pl[1].new_seg);
	KUNIT_EXPECT_FALSE(test, pl[2].new_seg);
	KUNIT_EXPECT_FALSE(test, pl[3].new_seg);
	KUNIT_EXPECT_EQ(test, pl[3].start, 3 * SZ_4K);
}

static void plan_gap_in_data_splits(struct kunit *test)
{
	static const struct plan_seg segs[] = {
		{ 0, 100 },		/* ends mid-granule */
		{ 0, SZ_4K },		/* so this cannot continue it */
		{ 512, 100 },		/* starts mid-granule */
		{ 0, SZ_8K },
	};
	struct idma_sg_place pl[ARRAY_SIZE(segs)];

	plan_check(test, SZ_4K, ULONG_MAX, SZ_64K, segs, ARRAY_SIZE(segs), pl);
	KUNIT_EXPECT_TRUE(test, pl[0].new_seg);
	KUNIT_EXPECT_TRUE(test, pl[1].new_seg);
	KUNIT_EXPECT_TRUE(test, pl[2].new_seg);
	KUNIT_EXPECT_TRUE(test, pl[3].new_seg);
	KUNIT_EXPECT_EQ(test, pl[1].start, SZ_4K);
	KUNIT_EXPECT_EQ(test, pl[2].start, SZ_8K);
	KUNIT_EXPECT_EQ(test, pl[3].start, 3 * SZ_4K);
}

static void plan_boundary_moves_span(struct kunit *test)
{
	static const struct plan_seg segs[] = {
		{ 0, 3 * SZ_4K }, { 0, SZ_8K }, { 0, SZ_4K },
	};
	struct idma_sg_place pl[ARRAY_SIZE(segs)];

	/* 16 KiB windows: the 8 KiB span cannot follow at 12 KiB */
	plan_check(test, SZ_4K, SZ_16K - 1, SZ_1M, segs, ARRAY_SIZE(segs), pl);
	KUNIT_EXPECT_EQ(test, pl[1].start, SZ_16K);
	KUNIT_EXPECT_TRUE(test, pl[1].new_seg);
	KUNIT_EXPECT_EQ(test, pl[2].start, SZ_16K + SZ_8K);
	KUNIT_EXPECT_FALSE(test, pl[2].new_seg);
}

static void plan_window_start_splits(struct kunit *test)
{
	static const struct plan_seg segs[] = {
		{ 0, SZ_4K }, { 0, SZ_4K }, { 0, SZ_4K }, { 0, SZ_4K },
		{ 0, SZ_4K }, { 0, SZ_4K },
	};
	struct idma_sg_place pl[ARRAY_SIZE(segs)];

	plan_check(test, SZ_4K, SZ_16K - 1, SZ_1M, segs, ARRAY_SIZE(segs), pl);
	KUNIT_EXPECT_FALSE(test, pl[3].new_seg);
	KUNIT_EXPECT_EQ(test, pl[4].start, SZ_16K);
	KUNIT_EXPECT_TRUE(test, pl[4].new_seg);
}

static void plan_max_seg_splits(struct kunit *test)
{
	static const struct plan_seg segs[] = {
		{ 0, SZ_4K }, { 0, SZ_4K }, { 0, SZ_4K }, { 0, SZ_4K },
		{ 0, SZ_4K },
	};
	struct idma_sg_place pl[ARRAY_SIZE(segs)];

	plan_check(test, SZ_4K, ULONG_MAX, SZ_8K, segs, ARRAY_SIZE(segs), pl);
	KUNIT_EXPECT_TRUE(test, pl[0].new_seg);
	KUNIT_EXPECT_FALSE(test, pl[1].new_seg);
	KUNIT_EXPECT_TRUE(test, pl[2].new_seg);
	KUNIT_EXPECT_FALSE(test, pl[3].new_seg);
	KUNIT_EXPECT_TRUE(test, pl[4].new_seg);
}

static void plan_oversized_span_starts_window(struct kunit *test)
{
	static const struct plan_seg segs[] = {
		{ 0, SZ_4K }, { 0, SZ_32K }, { 0, SZ_4K },
	};
	struct idma_sg_place pl[ARRAY_SIZE(segs)];

	plan_check(test, SZ_4K, SZ_16K - 1, SZ_1M, segs, ARRAY_SIZE(segs), pl);
	KUNIT_EXPECT_EQ(test, pl[1].start, SZ_16K);
	KUNIT_EXPECT_EQ(test, pl[2].start, SZ_16K + SZ_32K);
	KUNIT_EXPECT_TRUE(test, pl[2].new_seg);
}

static void plan_break_and_errors(struct kunit *test)
{
	struct idma_sg_place p;
	struct idma_sg_plan plan;

	idma_sg_plan_init(&plan, SZ_4K, ULONG_MAX, SZ_1M);
	KUNIT_EXPECT_EQ(test, 0, idma_sg_plan_add(&plan, 0, SZ_4K, &p));
	idma_sg_plan_break(&plan);
	KUNIT_EXPECT_EQ(test, 0, idma_sg_plan_add(&plan, 0, SZ_4K, &p));
	KUNIT_EXPECT_TRUE(test, p.new_seg);
	KUNIT_EXPECT_EQ(test, p.start, SZ_4K);
	KUNIT_EXPECT_EQ(test, plan.nr_segs, 3);

	KUNIT_EXPECT_EQ(test, -EINVAL, idma_sg_plan_add(&plan, 0, 0, &p));
	KUNIT_EXPECT_EQ(test, -EOVERFLOW,
			idma_sg_plan_add(&plan, SIZE_MAX - 10, 100, &p));
	/* A refused segment leaves the plan as it was */
	KUNIT_EXPECT_EQ(test, plan.next, SZ_8K);
}

static void plan_random_layouts(struct kunit *test)
{
	static const unsigned long masks[] = {
		ULONG_MAX, SZ_64K - 1, SZ_16K - 1, SZ_4K - 1,
	};
	struct idma_sg_place *pl;
	struct plan_seg *segs;
	struct rnd_state rnd;
	int round, i, n;

	segs = kunit_kcalloc(test, 64, sizeof(*segs), GFP_KERNEL);
	pl = kunit_kcalloc(test, 64, sizeof(*pl), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, segs);
	KUNIT_ASSERT_NOT_NULL(test, pl);
	prandom_seed_state(&rnd, 0x5eedULL);

	for (round = 0; round < 400; round++) {
		unsigned long bmask = masks[round % ARRAY_SIZE(masks)];
		unsigned int max_seg = SZ_4K << (prandom_u32_state(&rnd) % 6);

		n = 1 + prandom_u32_state(&rnd) % 64;
		for (i = 0; i < n; i++) {
			bool whole = prandom_u32_state(&rnd) & 1;

			segs[i].head = whole ? 0 : prandom_u32_state(&rnd) % SZ_4K;
			segs[i].len = whole ? SZ_4K << (prandom_u32_state(&rnd) % 3) :
				      1 + prandom_u32_state(&rnd) % (3 * SZ_4K);
		}
		plan_check(test, SZ_4K, bmask, max_seg, segs, n, pl);
	}
}

/* ------------------------------------------------------------------------
 * Flush-queue ring
 */

static void ring_fifo_wraps(struct kunit *test)
{
	struct idma_fq_ring *ring;
	struct idma_fq_entry *e;
	int i;

	ring = kunit_kzalloc(test, struct_size(ring, ent, 4), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ring);
	idma_fq_ring_init(ring, 4);

	for (i = 0; i < 4; i++) {
		KUNIT_EXPECT_FALSE(test, idma_fq_ring_full(ring));
		e = idma_fq_ring_push(ring);
		e->pfn = i;
		e->stamp = i;
	}
	KUNIT_EXPECT_TRUE(test, idma_fq_ring_full(ring));

	/* Nothing retires before a flush has finished after its stamp */
	KUNIT_EXPECT_NULL(test, idma_fq_ring_retired(ring, 0));
	e = idma_fq_ring_retired(ring, 2);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, e->pfn, 0);
	idma_fq_ring_pop(ring);
	e = idma_fq_ring_retired(ring, 2);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, e->pfn, 1);
	idma_fq_ring_pop(ring);
	KUNIT_EXPECT_NULL(test, idma_fq_ring_retired(ring, 2));

	/* Two new entries wrap around the end of the array */
	for (i = 4; i < 6; i++) {
		e = idma_fq_ring_push(ring);
		e->pfn = i;
		e->stamp = 5;
	}
	KUNIT_EXPECT_TRUE(test, idma_fq_ring_full(ring));
	for (i = 2; i < 6; i++) {
		e = idma_fq_ring_retired(ring, 6);
		KUNIT_ASSERT_NOT_NULL(test, e);
		KUNIT_EXPECT_EQ(test, e->pfn, i);
		idma_fq_ring_pop(ring);
	}
	KUNIT_EXPECT_EQ(test, ring->used, 0);
	KUNIT_EXPECT_NULL(test, idma_fq_ring_retired(ring, U64_MAX));
}

/* ------------------------------------------------------------------------
 * The toy domain
 */

#define TOY_VALID	BIT_ULL(0)

static struct idma_toy *to_toy(struct iommu_domain *d)
{
	return container_of(d, struct idma_toy, domain);
}

static int toy_map_pages(struct iommu_domain *d, unsigned long iova,
			 phys_addr_t paddr, size_t pgsize, size_t pgcount,
			 int prot, gfp_t gfp, size_t *mapped)
{
	struct idma_toy *toy = to_toy(d);
	unsigned long idx = iova / SZ_4K;
	size_t i;

	if (++toy->map_calls == toy->fail_call)
		return -ENOMEM;
	if (pgsize != SZ_4K || idx + pgcount > IDMA_TOY_PAGES)
		return -EINVAL;
	for (i = 0; i < pgcount; i++) {
		if (toy->pte[idx + i])
			return -EEXIST;
		toy->pte[idx + i] = (paddr + i * SZ_4K) | TOY_VALID;
		*mapped += SZ_4K;
	}
	return 0;
}

static size_t toy_unmap_pages(struct iommu_domain *d, unsigned long iova,
			      size_t pgsize, size_t pgcount,
			      struct iommu_iotlb_gather *gather)
{
	struct idma_toy *toy = to_toy(d);
	unsigned long idx = iova / SZ_4K;
	size_t i;

	for (i = 0; i < pgcount && idx + i < IDMA_TOY_PAGES; i++) {
		if (!toy->pte[idx + i])
			break;
		toy->pte[idx + i] = 0;
	}
	return i * SZ_4K;
}

static phys_addr_t toy_iova_to_phys(struct iommu_domain *d, dma_addr_t iova)
{
	struct idma_toy *toy = to_toy(d);
	unsigned long idx = iova / SZ_4K;

	if (idx >= IDMA_TOY_PAGES || !toy->pte[idx])
		return 0;
	return (toy->pte[idx] & ~(u64)(SZ_4K - 1)) + (iova & (SZ_4K - 1));
}

static void toy_flush_iotlb_all(struct iommu_domain *d)
{
	to_toy(d)->flush_alls++;
}

static void toy_iotlb_sync(struct iommu_domain *d,
			   struct iommu_iotlb_gather *gather)
{
	to_toy(d)->syncs++;
}

static const struct iommu_domain_ops toy_ops = {
	.map_pages	= toy_map_pages,
	.unmap_pages	= toy_unmap_pages,
	.iova_to_phys	= toy_iova_to_phys,
	.flush_iotlb_all = toy_flush_iotlb_all,
	.iotlb_sync	= toy_iotlb_sync,
};

static void toy_release(void *data)
{
	iommu_put_dma_cookie(data);
}

struct idma_toy *idma_toy_new(struct kunit *test, bool lazy)
{
	struct idma_toy *toy;

	toy = kunit_kzalloc(test, sizeof(*toy), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, toy);
	toy->domain.type = lazy ? IOMMU_DOMAIN_DMA_FQ : IOMMU_DOMAIN_DMA;
	toy->domain.ops = &toy_ops;
	toy->domain.pgsize_bitmap = SZ_4K;
	toy->domain.geometry.aperture_end = IDMA_TOY_PAGES * SZ_4K - 1;
	toy->domain.geometry.force_aperture = true;

	KUNIT_ASSERT_EQ(test, 0, iommu_get_dma_cookie(&toy->domain));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, toy_release,
							   &toy->domain));
	KUNIT_ASSERT_EQ(test, 0, idma_domain_init_iova(&toy->domain, 1, false));
	if (lazy) {
		KUNIT_ASSERT_EQ(test, 0, iommu_dma_init_fq(&toy->domain));
		/* Keep the timer out of the way unless a test wants it */
		toy->domain.iova_cookie->lazy.timeout_ms = 600000;
	}
	return toy;
}

unsigned int idma_toy_mapped_pages(struct idma_toy *toy)
{
	unsigned int i, n = 0;

	for (i = 0; i < IDMA_TOY_PAGES; i++)
		n += !!toy->pte[i];
	return n;
}

unsigned int idma_toy_fq_pending(struct idma_toy *toy)
{
	struct idma_lazy *lz = &toy->domain.iova_cookie->lazy;
	unsigned int n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(lz->percpu, cpu)->used);
	return n;
}

#define RW	(IOMMU_READ | IOMMU_WRITE)

static void toy_map_unmap_strict(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, false);
	phys_addr_t phys = 0x80001234;
	dma_addr_t dma;

	dma = idma_map_phys(NULL, &toy->domain, phys, 3 * SZ_4K, RW,
			    DMA_BIT_MASK(64), GFP_KERNEL);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	KUNIT_EXPECT_EQ(test, dma & (SZ_4K - 1), 0x234);
	KUNIT_EXPECT_LT(test, dma, (dma_addr_t)IDMA_TOY_PAGES * SZ_4K);
	/* 0x234 + 12 KiB touches four granules */
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(toy), 4);
	KUNIT_EXPECT_EQ(test, toy_iova_to_phys(&toy->domain, dma), phys);
	KUNIT_EXPECT_EQ(test, toy_iova_to_phys(&toy->domain, dma + 3 * SZ_4K - 1),
			phys + 3 * SZ_4K - 1);

	idma_unmap_span(&toy->domain, dma, 3 * SZ_4K);
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(toy), 0);
	KUNIT_EXPECT_EQ(test, toy->syncs, 1);
	KUNIT_EXPECT_EQ(test, toy->flush_alls, 0);
}

static void toy_failed_map_gives_back(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, false);
	dma_addr_t dma;
	int i;

	/* Leaking 16 KiB a round would use up the 4 MiB long before 2000 */
	for (i = 0; i < 2000; i++) {
		toy->fail_call = toy->map_calls + 1;
		dma = idma_map_phys(NULL, &toy->domain, 0x90000000, SZ_16K, RW,
				    DMA_BIT_MASK(64), GFP_KERNEL);
		KUNIT_ASSERT_EQ(test, dma, DMA_MAPPING_ERROR);
	}
	toy->fail_call = 0;
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(toy), 0);

	dma = idma_map_phys(NULL, &toy->domain, 0x90000000, SZ_1M, RW,
			    DMA_BIT_MASK(64), GFP_KERNEL);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	idma_unmap_span(&toy->domain, dma, SZ_1M);
}

static void toy_limit_respected(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, false);
	dma_addr_t dma[64];
	int i;

	for (i = 0; i < ARRAY_SIZE(dma); i++) {
		dma[i] = idma_map_phys(NULL, &toy->domain, 0x90000000, SZ_4K,
				       RW, SZ_256K - 1, GFP_KERNEL);
		if (dma[i] == DMA_MAPPING_ERROR)
			break;
		KUNIT_EXPECT_LT(test, dma[i], SZ_256K);
	}
	/* 63 granules lie in [4 KiB, 256 KiB); page 0 is never handed out */
	KUNIT_EXPECT_EQ(test, i, 63);
	while (i--)
		idma_unmap_span(&toy->domain, dma[i], SZ_4K);
}

static void toy_lazy_waits_for_flush(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, true);
	struct iommu_dma_cookie *cookie = toy->domain.iova_cookie;
	dma_addr_t dma;

	dma = idma_map_phys(NULL, &toy->domain, 0x90000000, SZ_4K, RW,
			    DMA_BIT_MASK(64), GFP_KERNEL);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	idma_unmap_span(&toy->domain, dma, SZ_4K);

	/* Translation gone at once, but no sync and the IOVA is parked */
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(toy), 0);
	KUNIT_EXPECT_EQ(test, toy->syncs, 0);
	KUNIT_EXPECT_EQ(test, toy->flush_alls, 0);
	KUNIT_EXPECT_EQ(test, idma_toy_fq_pending(toy), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&cookie->lazy.timer_armed), 1);

	/* What the timer does when it fires */
	cookie->lazy.timer.function(&cookie->lazy.timer);
	KUNIT_EXPECT_EQ(test, toy->flush_alls, 1);
	KUNIT_EXPECT_EQ(test, idma_toy_fq_pending(toy), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&cookie->lazy.timer_armed), 0);
}

static void toy_lazy_ring_is_bounded(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, true);
	unsigned int size = toy->domain.iova_cookie->lazy.ring_size;
	unsigned int i;

	migrate_disable();
	for (i = 0; i < size + 44; i++) {
		dma_addr_t dma = idma_map_phys(NULL, &toy->domain, 0x90000000,
					       SZ_4K, RW, DMA_BIT_MASK(64),
					       GFP_ATOMIC);

		if (dma == DMA_MAPPING_ERROR)
			break;
		idma_unmap_span(&toy->domain, dma, SZ_4K);
	}
	migrate_enable();

	KUNIT_EXPECT_EQ(test, i, size + 44);
	/* The full ring forced exactly one flush and was drained by it */
	KUNIT_EXPECT_EQ(test, toy->flush_alls, 1);
	KUNIT_EXPECT_EQ(test, idma_toy_fq_pending(toy), 44);
	KUNIT_EXPECT_EQ(test, toy->syncs, 0);
}

/*
 * A flush begun elsewhere and still running when a ring fills: the entries
 * carry its stamp, so the counters alone would retire none of them after
 * our own flush.  The ring must still be emptied, not overrun.
 */
static void toy_lazy_full_ring_during_foreign_flush(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, true);
	struct idma_lazy *lz = &toy->domain.iova_cookie->lazy;
	unsigned int i;

	atomic64_inc(&lz->flushes_begun);	/* the other CPU's flush */

	migrate_disable();
	for (i = 0; i < lz->ring_size + 1; i++) {
		dma_addr_t dma = idma_map_phys(NULL, &toy->domain, 0x90000000,
					       SZ_4K, RW, DMA_BIT_MASK(64),
					       GFP_ATOMIC);

		if (dma == DMA_MAPPING_ERROR)
			break;
		idma_unmap_span(&toy->domain, dma, SZ_4K);
	}
	migrate_enable();

	KUNIT_EXPECT_EQ(test, i, lz->ring_size + 1);
	KUNIT_EXPECT_EQ(test, toy->flush_alls, 1);
	KUNIT_EXPECT_EQ(test, idma_toy_fq_pending(toy), 1);

	atomic64_inc(&lz->flushes_done);	/* it finishes */
}

static void toy_lazy_timer_drains(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, true);
	dma_addr_t dma;
	int waited;

	toy->domain.iova_cookie->lazy.timeout_ms = 1;
	dma = idma_map_phys(NULL, &toy->domain, 0x90000000, SZ_8K, RW,
			    DMA_BIT_MASK(64), GFP_KERNEL);
	KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
	idma_unmap_span(&toy->domain, dma, SZ_8K);

	for (waited = 0; waited < 2000 && idma_toy_fq_pending(toy); waited += 20)
		msleep(20);
	KUNIT_EXPECT_EQ(test, idma_toy_fq_pending(toy), 0);
	KUNIT_EXPECT_GE(test, toy->flush_alls, 1);
}

/* Put a cookie with queued entries away: nothing may be left behind */
static void toy_lazy_teardown_with_pending(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, true);
	dma_addr_t dma;
	int i;

	for (i = 0; i < 8; i++) {
		dma = idma_map_phys(NULL, &toy->domain, 0x90000000, SZ_4K, RW,
				    DMA_BIT_MASK(64), GFP_KERNEL);
		KUNIT_ASSERT_NE(test, dma, DMA_MAPPING_ERROR);
		idma_unmap_span(&toy->domain, dma, SZ_4K);
	}
	KUNIT_EXPECT_EQ(test, idma_toy_fq_pending(toy), 8);
	iommu_put_dma_cookie(&toy->domain);
	KUNIT_EXPECT_NULL(test, toy->domain.iova_cookie);
}

/* ------------------------------------------------------------------------
 * Reserved regions
 */

struct toy_range {
	u64 first, last;
};

static bool in_ranges(dma_addr_t a, const struct toy_range *r, int n)
{
	while (n--)
		if (a >= r[n].first && a <= r[n].last)
			return true;
	return false;
}

/* Map single granules until the space runs out, check each, unmap all */
static unsigned int toy_count_free(struct kunit *test, struct idma_toy *toy,
				   const struct toy_range *ok, int nok,
				   const struct toy_range *hit, bool *hit_seen)
{
	dma_addr_t *got;
	unsigned int n = 0, i;

	got = kunit_kcalloc(test, IDMA_TOY_PAGES, sizeof(*got), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, got);
	for (;;) {
		dma_addr_t dma = idma_map_phys(NULL, &toy->domain, 0x90000000,
					       SZ_4K, RW, DMA_BIT_MASK(64),
					       GFP_KERNEL);

		if (dma == DMA_MAPPING_ERROR)
			break;
		KUNIT_ASSERT_LT(test, n, IDMA_TOY_PAGES);
		KUNIT_EXPECT_TRUE(test, in_ranges(dma, ok, nok));
		if (hit && in_ranges(dma, hit, 1))
			*hit_seen = true;
		got[n++] = dma;
	}
	for (i = 0; i < n; i++)
		idma_unmap_span(&toy->domain, got[i], SZ_4K);
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(toy), 0);
	return n;
}

static void free_regions(void *data)
{
	struct list_head *list = data;
	struct iommu_resv_region *r, *next;

	list_for_each_entry_safe(r, next, list, list)
		kfree(r);
}

static void resv_regions_never_handed_out(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, false);
	struct iommu_dma_cookie *cookie = toy->domain.iova_cookie;
	static const struct toy_range ok[] = {
		{ SZ_4K, SZ_64K - 1 },
		{ SZ_128K, SZ_1M - 1 },
		{ SZ_1M + SZ_4K, SZ_2M - 1 },
		{ SZ_2M + SZ_64K, 4 * SZ_1M - 1 },
	};
	static const struct toy_range sw_msi = { 3 * SZ_1M, 4 * SZ_1M - 1 };
	struct iommu_resv_region *r;
	struct idma_doorbell *db;
	struct list_head *regions;
	bool sw_msi_used = false;
	unsigned int n, doorbells = 0;

	regions = kunit_kzalloc(test, sizeof(*regions), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, regions);
	INIT_LIST_HEAD(regions);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, free_regions,
							   regions));

	r = iommu_alloc_resv_region(SZ_64K, SZ_64K, RW, IOMMU_RESV_DIRECT,
				    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	list_add_tail(&r->list, regions);
	r = iommu_alloc_resv_region(SZ_1M, SZ_4K, 0, IOMMU_RESV_RESERVED,
				    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	list_add_tail(&r->list, regions);
	r = iommu_alloc_resv_region(SZ_2M, SZ_64K, IOMMU_WRITE | IOMMU_MMIO,
				    IOMMU_RESV_MSI, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	list_add_tail(&r->list, regions);
	r = iommu_alloc_resv_region(sw_msi.first, SZ_1M,
				    IOMMU_WRITE | IOMMU_MMIO,
				    IOMMU_RESV_SW_MSI, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	list_add_tail(&r->list, regions);

	KUNIT_ASSERT_EQ(test, 0, idma_apply_resv_regions(&toy->domain, regions));
	/* Applying them again, as a second device would, changes nothing */
	KUNIT_ASSERT_EQ(test, 0, idma_apply_resv_regions(&toy->domain, regions));

	n = toy_count_free(test, toy, ok, ARRAY_SIZE(ok), &sw_msi, &sw_msi_used);
	KUNIT_EXPECT_EQ(test, n, IDMA_TOY_PAGES - 1 - 16 - 1 - 16);
	KUNIT_EXPECT_TRUE(test, sw_msi_used);

	/* The hardware MSI window's doorbells are identity, one per granule */
	list_for_each_entry(db, &cookie->doorbells, link) {
		KUNIT_EXPECT_EQ(test, db->iova, db->phys);
		KUNIT_EXPECT_GE(test, db->phys, SZ_2M);
		KUNIT_EXPECT_LT(test, db->phys, SZ_2M + SZ_64K);
		doorbells++;
	}
	KUNIT_EXPECT_EQ(test, doorbells, 16);
}

static void free_res_list(void *data)
{
	resource_list_free(data);
}

static void add_window(struct kunit *test, struct list_head *list,
		       unsigned long flags, u64 start, u64 last, u64 offset)
{
	struct resource *res = kunit_kzalloc(test, sizeof(*res), GFP_KERNEL);
	struct resource_entry *e;

	KUNIT_ASSERT_NOT_NULL(test, res);
	res->start = start + offset;
	res->end = last + offset;
	res->flags = flags;
	e = resource_list_create_entry(res, 0);
	KUNIT_ASSERT_NOT_NULL(test, e);
	e->offset = offset;
	resource_list_add_tail(e, list);
}

static void bus_windows_reserved(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, false);
	static const struct toy_range ok[] = {
		{ SZ_256K, SZ_1M - 1 },
		{ SZ_2M, 3 * SZ_1M - 1 },
	};
	struct list_head *win, *dma;
	unsigned int n;

	win = kunit_kzalloc(test, 2 * sizeof(*win), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, win);
	dma = win + 1;
	INIT_LIST_HEAD(win);
	INIT_LIST_HEAD(dma);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, free_res_list, win));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, free_res_list, dma));

	/* Outbound memory window at bus [1 MiB, 2 MiB), CPU view shifted */
	add_window(test, win, IORESOURCE_MEM, SZ_1M, SZ_2M - 1, 0x40000000);
	add_window(test, win, IORESOURCE_IO, SZ_4K, SZ_8K - 1, 0);
	/* Inbound windows, listed out of order */
	add_window(test, dma, IORESOURCE_MEM, SZ_2M, 3 * SZ_1M - 1, 0);
	add_window(test, dma, IORESOURCE_MEM, SZ_256K, SZ_1M - 1, 0x1000);

	KUNIT_ASSERT_EQ(test, 0, idma_reserve_bus_windows(&toy->domain, win, dma));
	n = toy_count_free(test, toy, ok, ARRAY_SIZE(ok), NULL, NULL);
	KUNIT_EXPECT_EQ(test, n, (SZ_1M - SZ_256K + SZ_1M) / SZ_4K);
}

static void bus_windows_overlap_refused(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, false);
	struct list_head *win, *dma;

	win = kunit_kzalloc(test, 2 * sizeof(*win), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, win);
	dma = win + 1;
	INIT_LIST_HEAD(win);
	INIT_LIST_HEAD(dma);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, free_res_list, dma));

	add_window(test, dma, IORESOURCE_MEM, 0, SZ_2M - 1, 0);
	add_window(test, dma, IORESOURCE_MEM, SZ_1M, 3 * SZ_1M - 1, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			idma_reserve_bus_windows(&toy->domain, win, dma));
}

/* ------------------------------------------------------------------------
 * Scatterlists on the toy domain
 */

#define SG_POOL_ORDER	4			/* 16 contiguous pages */

struct sg_fixture {
	struct idma_toy	*toy;
	struct page		*pool;
	struct scatterlist	sg[16];
	struct idma_sg_job	job;
};

static void free_pool(void *data)
{
	__free_pages(data, SG_POOL_ORDER);
}

static struct sg_fixture *sg_fixture_new(struct kunit *test)
{
	struct sg_fixture *fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fx);
	fx->toy = idma_toy_new(test, false);
	fx->pool = alloc_pages(GFP_KERNEL, SG_POOL_ORDER);
	KUNIT_ASSERT_NOT_NULL(test, fx->pool);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, free_pool,
							   fx->pool));
	fx->job = (struct idma_sg_job) {
		.dom = &fx->toy->domain,
		.prot = RW,
		.limit = DMA_BIT_MASK(64),
		.boundary = ULONG_MAX,
		.max_seg = SZ_64K,
	};
	return fx;
}

/* Entry i: page @pg[i] of the pool, @off[i], @len[i] */
static void sg_build(struct sg_fixture *fx, int n, const unsigned int *pg,
		     const unsigned int *off, const unsigned int *len)
{
	int i;

	sg_init_table(fx->sg, n);
	for (i = 0; i < n; i++)
		sg_set_page(&fx->sg[i], fx->pool + pg[i], len[i], off[i]);
}

/*
 * Walk the DMA segments and the entries together: every entry's first and
 * last byte must translate to its own physical bytes, and the segments
 * must respect the job's boundary and size limits.
 */
static void sg_verify(struct kunit *test, struct sg_fixture *fx, int nents,
		      int count)
{
	struct iommu_domain *d = &fx->toy->domain;
	unsigned long bmask = fx->job.boundary;
	int seg = 0, i;
	size_t used = 0;

	for (i = 0; i < nents; i++) {
		struct scatterlist *s = &fx->sg[i], *o = &fx->sg[seg];
		dma_addr_t dma;

		KUNIT_ASSERT_LT(test, seg, count);
		if (used == sg_dma_len(o)) {
			seg++;
			used = 0;
			KUNIT_ASSERT_LT(test, seg, count);
			o = &fx->sg[seg];
		}
		dma = sg_dma_address(o) + used;
		KUNIT_EXPECT_EQ(test, toy_iova_to_phys(d, dma), sg_phys(s));
		KUNIT_EXPECT_EQ(test, toy_iova_to_phys(d, dma + s->length - 1),
				sg_phys(s) + s->length - 1);
		used += s->length;
		KUNIT_EXPECT_LE(test, used, sg_dma_len(o));
	}
	KUNIT_EXPECT_EQ(test, seg + 1, count);

	for (i = 0; i < count; i++) {
		dma_addr_t a = sg_dma_address(&fx->sg[i]);
		dma_addr_t z = a + sg_dma_len(&fx->sg[i]) - 1;

		KUNIT_EXPECT_EQ(test, a & ~(dma_addr_t)bmask,
				z & ~(dma_addr_t)bmask);
	}
	for (i = count; i < nents; i++)
		KUNIT_EXPECT_EQ(test, sg_dma_len(&fx->sg[i]), 0);
}

static void sg_merges_and_maps(struct kunit *test)
{
	struct sg_fixture *fx = sg_fixture_new(test);
	static const unsigned int pg[] = { 0, 1, 5, 7, 7, 9 };
	static const unsigned int off[] = { 0, 0, 0, 100, 2000, 4000 };
	static const unsigned int len[] = { SZ_4K, SZ_4K, 100, 1000, 3000, 5000 };
	int count;

	sg_build(fx, 6, pg, off, len);
	count = idma_sg_map(&fx->job, fx->sg, 6);
	/* [0,1,5] merge; 7+100, 7+2000 and 9+4000 start mid-granule */
	KUNIT_ASSERT_EQ(test, count, 4);
	sg_verify(test, fx, 6, count);
	KUNIT_EXPECT_EQ(test, sg_dma_len(&fx->sg[0]), 2 * SZ_4K + 100);
	/*
	 * Runs that are contiguous both ways share a map call: {0, 1}, {2},
	 * {3} and {4, 5}, since entry 4 ends in page 8 and 5 starts in page 9.
	 */
	KUNIT_EXPECT_EQ(test, fx->toy->map_calls, 4);

	idma_sg_unmap(&fx->toy->domain, fx->sg, 6);
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(fx->toy), 0);
	KUNIT_EXPECT_EQ(test, fx->toy->syncs, 1);
	/* The caller's description of the buffer is untouched */
	KUNIT_EXPECT_EQ(test, fx->sg[3].offset, 100);
	KUNIT_EXPECT_EQ(test, fx->sg[5].length, 5000);
}

static void sg_boundary_respected(struct kunit *test)
{
	struct sg_fixture *fx = sg_fixture_new(test);
	static const unsigned int pg[] = { 0, 1, 2, 3, 5, 8 };
	static const unsigned int off[] = { 0, 0, 0, 0, 0, 0 };
	static const unsigned int len[] = { SZ_4K, SZ_4K, SZ_4K, SZ_8K, SZ_4K, SZ_4K };
	int count;

	fx->job.boundary = SZ_16K - 1;
	sg_build(fx, 6, pg, off, len);
	count = idma_sg_map(&fx->job, fx->sg, 6);
	KUNIT_ASSERT_GT(test, count, 0);
	sg_verify(test, fx, 6, count);
	/* The 8 KiB entry could not follow 12 KiB into a 16 KiB window */
	KUNIT_EXPECT_EQ(test, count, 2);
	KUNIT_EXPECT_EQ(test, sg_dma_len(&fx->sg[0]), 3 * SZ_4K);
	KUNIT_EXPECT_EQ(test, sg_dma_address(&fx->sg[1]) & (SZ_16K - 1), 0);

	/* The padding hole is not mapped, yet unmap clears everything */
	idma_sg_unmap(&fx->toy->domain, fx->sg, 6);
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(fx->toy), 0);
}

static void sg_max_seg_respected(struct kunit *test)
{
	struct sg_fixture *fx = sg_fixture_new(test);
	static const unsigned int pg[] = { 0, 1, 2, 3, 4 };
	static const unsigned int off[] = { 0, 0, 0, 0, 0 };
	static const unsigned int len[] = { SZ_4K, SZ_4K, SZ_4K, SZ_4K, SZ_4K };
	int count;

	fx->job.max_seg = SZ_8K;
	sg_build(fx, 5, pg, off, len);
	count = idma_sg_map(&fx->job, fx->sg, 5);
	KUNIT_ASSERT_EQ(test, count, 3);
	sg_verify(test, fx, 5, count);
	KUNIT_EXPECT_EQ(test, sg_dma_len(&fx->sg[2]), SZ_4K);
	/* Physically contiguous and IOVA-contiguous: a single map call */
	KUNIT_EXPECT_EQ(test, fx->toy->map_calls, 1);
	idma_sg_unmap(&fx->toy->domain, fx->sg, 5);
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(fx->toy), 0);
}

static void sg_failure_leaves_nothing(struct kunit *test)
{
	struct sg_fixture *fx = sg_fixture_new(test);
	static const unsigned int pg[] = { 0, 2, 4, 6, 8 };
	static const unsigned int off[] = { 0, 100, 0, 0, 10 };
	static const unsigned int len[] = { SZ_4K, 200, SZ_8K, SZ_4K, 300 };
	unsigned int fail;
	int i, count;

	/*
	 * The spans make four map calls ({0}, {1}, {2, 3}, {4}); fail each
	 * in turn: nothing may stay mapped or allocated.
	 */
	for (fail = 1; fail <= 4; fail++) {
		fx->toy->map_calls = 0;
		fx->toy->fail_call = fail;
		sg_build(fx, 5, pg, off, len);
		count = idma_sg_map(&fx->job, fx->sg, 5);
		KUNIT_EXPECT_EQ(test, count, -ENOMEM);
		KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(fx->toy), 0);
		for (i = 0; i < 5; i++) {
			KUNIT_EXPECT_EQ(test, sg_dma_len(&fx->sg[i]), 0);
			KUNIT_EXPECT_EQ(test, sg_dma_address(&fx->sg[i]),
					DMA_MAPPING_ERROR);
			KUNIT_EXPECT_EQ(test, fx->sg[i].offset, off[i]);
			KUNIT_EXPECT_EQ(test, fx->sg[i].length, len[i]);
		}
	}

	/* Then it works, and the IOVA space was all given back */
	fx->toy->fail_call = 0;
	for (i = 0; i < 3000; i++) {
		sg_build(fx, 5, pg, off, len);
		count = idma_sg_map(&fx->job, fx->sg, 5);
		KUNIT_ASSERT_GT(test, count, 0);
		if (i == 0)
			sg_verify(test, fx, 5, count);
		idma_sg_unmap(&fx->toy->domain, fx->sg, 5);
	}
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(fx->toy), 0);
}

static void sg_lazy_unmap_queues(struct kunit *test)
{
	struct sg_fixture *fx = sg_fixture_new(test);
	struct idma_toy *lazy = idma_toy_new(test, true);
	static const unsigned int pg[] = { 0, 3, 6 };
	static const unsigned int off[] = { 8, 0, 0 };
	static const unsigned int len[] = { 500, SZ_4K, SZ_4K };
	int count;

	fx->toy = lazy;
	fx->job.dom = &lazy->domain;
	sg_build(fx, 3, pg, off, len);
	count = idma_sg_map(&fx->job, fx->sg, 3);
	KUNIT_ASSERT_EQ(test, count, 2);
	sg_verify(test, fx, 3, count);
	idma_sg_unmap(&lazy->domain, fx->sg, 3);
	KUNIT_EXPECT_EQ(test, idma_toy_mapped_pages(lazy), 0);
	KUNIT_EXPECT_EQ(test, lazy->syncs, 0);
	/* One allocation, one queue entry */
	KUNIT_EXPECT_EQ(test, idma_toy_fq_pending(lazy), 1);
}

/* ------------------------------------------------------------------------
 * MSI
 */

static void msi_compose_keeps_offset(struct kunit *test)
{
	struct msi_desc desc = {};
	struct msi_msg msg = {
		.address_hi = 0x12,
		.address_lo = 0x08090040,
	};

	/* No translation recorded: the message is left alone */
	msi_desc_set_iommu_msi_iova(&desc, 0, 0);
	iommu_dma_compose_msi_msg(&desc, &msg);
	KUNIT_EXPECT_EQ(test, msg.address_hi, 0x12);
	KUNIT_EXPECT_EQ(test, msg.address_lo, 0x08090040);

	/* A 4 KiB doorbell page at IOVA 0x1_fffe_f000 */
	msi_desc_set_iommu_msi_iova(&desc, 0x1fffef000ULL, 12);
	iommu_dma_compose_msi_msg(&desc, &msg);
	KUNIT_EXPECT_EQ(test, msg.address_hi, 1);
	KUNIT_EXPECT_EQ(test, msg.address_lo, 0xfffef040);
}

static void msi_cookie_only_for_unmanaged(struct kunit *test)
{
	struct idma_toy *toy = idma_toy_new(test, false);
	struct iommu_domain *um;

	/* A DMA domain already has its cookie, and is not unmanaged anyway */
	KUNIT_EXPECT_EQ(test, -EINVAL,
			iommu_get_msi_cookie(&toy->domain, 0x8000000));

	um = kunit_kzalloc(test, sizeof(*um), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, um);
	um->type = IOMMU_DOMAIN_UNMANAGED;
	KUNIT_ASSERT_EQ(test, 0, iommu_get_msi_cookie(um, 0x8000000));
	KUNIT_EXPECT_EQ(test, -EEXIST, iommu_get_msi_cookie(um, 0x8000000));
	KUNIT_EXPECT_EQ(test, um->iova_cookie->kind, IDMA_COOKIE_MSI);
	KUNIT_EXPECT_EQ(test, um->iova_cookie->msi_next, 0x8000000);
	iommu_put_dma_cookie(um);
	KUNIT_EXPECT_NULL(test, um->iova_cookie);
}

static struct kunit_case dma_iommu_cases[] = {
	KUNIT_CASE(plan_merges_whole_pages),
	KUNIT_CASE(plan_gap_in_data_splits),
	KUNIT_CASE(plan_boundary_moves_span),
	KUNIT_CASE(plan_window_start_splits),
	KUNIT_CASE(plan_max_seg_splits),
	KUNIT_CASE(plan_oversized_span_starts_window),
	KUNIT_CASE(plan_break_and_errors),
	KUNIT_CASE(plan_random_layouts),
	KUNIT_CASE(ring_fifo_wraps),
	KUNIT_CASE(toy_map_unmap_strict),
	KUNIT_CASE(toy_failed_map_gives_back),
	KUNIT_CASE(toy_limit_respected),
	KUNIT_CASE(toy_lazy_waits_for_flush),
	KUNIT_CASE(toy_lazy_ring_is_bounded),
	KUNIT_CASE(toy_lazy_full_ring_during_foreign_flush),
	KUNIT_CASE(toy_lazy_timer_drains),
	KUNIT_CASE(toy_lazy_teardown_with_pending),
	KUNIT_CASE(resv_regions_never_handed_out),
	KUNIT_CASE(bus_windows_reserved),
	KUNIT_CASE(bus_windows_overlap_refused),
	KUNIT_CASE(sg_merges_and_maps),
	KUNIT_CASE(sg_boundary_respected),
	KUNIT_CASE(sg_max_seg_respected),
	KUNIT_CASE(sg_failure_leaves_nothing),
	KUNIT_CASE(sg_lazy_unmap_queues),
	KUNIT_CASE(msi_compose_keeps_offset),
	KUNIT_CASE(msi_cookie_only_for_unmanaged),
	{}
};

static struct kunit_suite dma_iommu_suite = {
	.name = "iommu-dma",
	.test_cases = dma_iommu_cases,
};

kunit_test_suite(dma_iommu_suite);

MODULE_DESCRIPTION("KUnit tests for the IOMMU DMA layer");
MODULE_LICENSE("GPL");

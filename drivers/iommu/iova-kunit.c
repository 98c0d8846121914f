// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for the IOVA allocator (drivers/iommu/iova.c).
 *
 * Every case works on its own domain of 4KiB granules.  After each case
 * the tree invariants are checked with iova_domain_check() and the domain
 * is torn down.
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/random.h>

#include "iova_internal.h"

#define GRANULE			SZ_4K
#define SPACE_32BIT		(0xffffffffUL / GRANULE)	/* last 32-bit pfn */
#define LARGEST_CLASS		2048
#define NR_CLASSES		12
/*
 * Limit for iova_test_cache_bound: room for 4096 size-aligned ranges of the
 * largest class (2^23 pfns) with a 32-bit long as well.
 */
#define CACHE_BOUND_LIMIT	(ULONG_MAX >> (BITS_PER_LONG == 64 ? 13 : 8))
/*
 * Ranges a cache class keeps: two magazines per CPU, eight in the depot;
 * until it is trimmed the depot may hold up to 512 ranges and 2^19 pfns.
 */
#define CLASS_CAP(cls)		min(64UL, 2048UL >> (cls))
#define DEPOT_MAX(cls)		min(512UL, (1UL << 19) >> (cls))

struct iova_case {
	struct iova_domain	iovad;
	bool			up;	/* iovad needs put_iova_domain() */
};

static struct iova_domain *case_domain(struct kunit *test, unsigned long start,
				       bool cached)
{
	struct iova_case *c = test->priv;

	init_iova_domain(&c->iovad, GRANULE, start);
	if (cached)
		KUNIT_ASSERT_EQ(test, iova_domain_init_rcaches(&c->iovad), 0);
	c->up = true;
	return &c->iovad;
}

static int iova_case_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct iova_case), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void iova_case_exit(struct kunit *test)
{
	struct iova_case *c = test->priv;

	if (!c->up)
		return;
	KUNIT_EXPECT_EQ(test, iova_domain_check(&c->iovad), 0);
	put_iova_domain(&c->iovad);
}

static int iova_suite_init(struct kunit_suite *suite)
{
	return iova_cache_get();
}

static void iova_suite_exit(struct kunit_suite *suite)
{
	iova_cache_put();
}

static bool live(struct iova_domain *iovad, unsigned long pfn)
{
	return find_iova(iovad, pfn);
}

static void iova_test_helpers(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, false);
	struct iova *iova = alloc_iova(iovad, 3, 0xffff, false);

	KUNIT_ASSERT_NOT_NULL(test, iova);
	KUNIT_EXPECT_EQ(test, iova_shift(iovad), 12UL);
	KUNIT_EXPECT_EQ(test, iova_mask(iovad), 0xfffUL);
	KUNIT_EXPECT_EQ(test, iova_offset(iovad, 0x12345), (size_t)0x345);
	KUNIT_EXPECT_EQ(test, iova_align(iovad, 0x1001), (size_t)0x2000);
	KUNIT_EXPECT_EQ(test, iova_align_down(iovad, 0x1fff), (size_t)0x1000);
	KUNIT_EXPECT_EQ(test, iova_size(iova), 3UL);
	KUNIT_EXPECT_EQ(test, iova_dma_addr(iovad, iova), (dma_addr_t)0xfffd000);
	KUNIT_EXPECT_EQ(test, iova_pfn(iovad, 0xfffd123), 0xfffdUL);
	KUNIT_EXPECT_EQ(test, iovad->granule, (unsigned long)GRANULE);
	KUNIT_EXPECT_EQ(test, iovad->start_pfn, 1UL);
}

static void iova_test_top_down(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, false);
	struct iova *a, *b, *c;

	a = alloc_iova(iovad, 4, 0xffff, false);
	b = alloc_iova(iovad, 4, 0xffff, false);
	c = alloc_iova(iovad, 1, 0xffff, false);
	KUNIT_ASSERT_TRUE(test, a && b && c);
	KUNIT_EXPECT_EQ(test, a->pfn_lo, 0xfffcUL);
	KUNIT_EXPECT_EQ(test, a->pfn_hi, 0xffffUL);
	KUNIT_EXPECT_EQ(test, b->pfn_lo, 0xfff8UL);
	KUNIT_EXPECT_EQ(test, c->pfn_lo, 0xfff7UL);
	KUNIT_EXPECT_PTR_EQ(test, find_iova(iovad, 0xfffa), b);
	KUNIT_EXPECT_NULL(test, find_iova(iovad, 0xfff6));

	/* Released space is found again first; both release calls work. */
	__free_iova(iovad, a);
	free_iova(iovad, 0xfff9);
	KUNIT_EXPECT_FALSE(test, live(iovad, 0xfff8));
	a = alloc_iova(iovad, 8, 0xffff, false);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, a->pfn_lo, 0xfff8UL);
}

static void iova_test_alignment(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, false);
	unsigned long size;
	struct iova *iova;

	iova = alloc_iova(iovad, 3, 0xffff, true);
	KUNIT_ASSERT_NOT_NULL(test, iova);
	KUNIT_EXPECT_EQ(test, iova->pfn_lo, 0xfffcUL);
	iova = alloc_iova(iovad, 1, 0xffff, false);
	KUNIT_ASSERT_NOT_NULL(test, iova);
	KUNIT_EXPECT_EQ(test, iova->pfn_lo, 0xffffUL);

	for (size = 1; size <= 700; size += 13) {
		iova = alloc_iova(iovad, size, SPACE_32BIT, true);
		KUNIT_ASSERT_NOT_NULL(test, iova);
		KUNIT_EXPECT_EQ(test, iova_size(iova), size);
		KUNIT_EXPECT_EQ(test, iova->pfn_lo &
				(roundup_pow_of_two(size) - 1), 0UL);
	}

	/* Exact in holes smaller than the alignment: 0x10-0x12, 0x24-0x26. */
	put_iova_domain(iovad);
	iovad = case_domain(test, 1, false);
	KUNIT_ASSERT_NOT_NULL(test, reserve_iova(iovad, 0, 0x0f));
	KUNIT_ASSERT_NOT_NULL(test, reserve_iova(iovad, 0x13, 0x23));
	KUNIT_ASSERT_NOT_NULL(test, reserve_iova(iovad, 0x27, 0xffff));
	KUNIT_EXPECT_NULL(test, alloc_iova(iovad, 4, 0xffff, true));
	iova = alloc_iova(iovad, 3, 0xffff, true);
	KUNIT_ASSERT_NOT_NULL(test, iova);
	KUNIT_EXPECT_EQ(test, iova->pfn_lo, 0x24UL);
	iova = alloc_iova(iovad, 3, 0xffff, true);
	KUNIT_ASSERT_NOT_NULL(test, iova);
	KUNIT_EXPECT_EQ(test, iova->pfn_lo, 0x10UL);
}

static void iova_test_limits(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 0x100, false);
	struct iova *iova;
	unsigned long n;

	for (n = 0; n < 0x100; n++)
		KUNIT_ASSERT_NOT_NULL(test, alloc_iova(iovad, 1, 0x1ff, false));
	KUNIT_EXPECT_NULL(test, alloc_iova(iovad, 1, 0x1ff, false));
	KUNIT_EXPECT_NULL(test, alloc_iova(iovad, 1, 0xff, false));
	KUNIT_EXPECT_NULL(test, alloc_iova(iovad, 0, SPACE_32BIT, false));
	KUNIT_EXPECT_NULL(test, alloc_iova(iovad, ULONG_MAX, ULONG_MAX, true));
	iova = alloc_iova(iovad, 1, 0x200, false);
	KUNIT_ASSERT_NOT_NULL(test, iova);
	KUNIT_EXPECT_EQ(test, iova->pfn_lo, 0x200UL);

	/* A 64-bit limit: the top of the space, below the ceiling. */
	iova = alloc_iova(iovad, 16, ULONG_MAX, true);
	KUNIT_ASSERT_NOT_NULL(test, iova);
	KUNIT_EXPECT_EQ(test, iova->pfn_hi, ULONG_MAX - 16);
	KUNIT_EXPECT_NULL(test, find_iova(iovad, ULONG_MAX));
}

static void iova_test_reserve_split(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, false);
	struct iova *a, *b, *r;

	a = alloc_iova(iovad, 0x10, 0x2f, false);
	b = alloc_iova(iovad, 0x10, 0x4f, false);
	KUNIT_ASSERT_TRUE(test, a && b);
	KUNIT_ASSERT_EQ(test, a->pfn_lo, 0x20UL);
	KUNIT_ASSERT_EQ(test, b->pfn_lo, 0x40UL);

	/* Three pieces around the two live ranges, which stay as they are. */
	r = reserve_iova(iovad, 0x18, 0x58);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->pfn_lo, 0x50UL);
	KUNIT_EXPECT_EQ(test, r->pfn_hi, 0x58UL);
	KUNIT_EXPECT_PTR_EQ(test, find_iova(iovad, 0x2f), a);
	KUNIT_EXPECT_PTR_EQ(test, find_iova(iovad, 0x40), b);
	r = find_iova(iovad, 0x30);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->pfn_hi, 0x3fUL);
	KUNIT_EXPECT_FALSE(test, live(iovad, 0x17));
	KUNIT_EXPECT_FALSE(test, live(iovad, 0x59));

	/* Wholly inside a live range: that range, nothing added. */
	KUNIT_EXPECT_PTR_EQ(test, reserve_iova(iovad, 0x22, 0x25), a);
	/* Ending inside one: the range covering pfn_hi. */
	KUNIT_EXPECT_PTR_EQ(test, reserve_iova(iovad, 0x10, 0x44), b);
	r = find_iova(iovad, 0x10);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->pfn_hi, 0x17UL);

	/* Below start_pfn is fine; empty or out-of-range spans are not. */
	KUNIT_EXPECT_NOT_NULL(test, reserve_iova(iovad, 0, 0));
	KUNIT_EXPECT_NULL(test, reserve_iova(iovad, 5, 4));
	KUNIT_EXPECT_NULL(test, reserve_iova(iovad, 5, ULONG_MAX));

	/* Allocation skips everything reserved; pieces can be released. */
	r = alloc_iova(iovad, 1, 0x58, false);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->pfn_lo, 0xfUL);
	__free_iova(iovad, find_iova(iovad, 0x35));
	KUNIT_EXPECT_FALSE(test, live(iovad, 0x35));
}

static void iova_test_claim(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 0x10, true);
	struct iova *a, *c;
	unsigned long parked;

	a = alloc_iova(iovad, 0x10, 0x4f, false);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_EQ(test, a->pfn_lo, 0x40UL);

	/* A free span is taken whole and exactly, below start_pfn too. */
	c = claim_iova(iovad, 0x20, 0x2f);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	KUNIT_EXPECT_EQ(test, c->pfn_lo, 0x20UL);
	KUNIT_EXPECT_EQ(test, c->pfn_hi, 0x2fUL);
	KUNIT_EXPECT_PTR_EQ(test, find_iova(iovad, 0x25), c);
	KUNIT_EXPECT_FALSE(test, IS_ERR(claim_iova(iovad, 0, 3)));

	/* Touching a live range anywhere: -EBUSY and nothing added. */
	KUNIT_EXPECT_PTR_EQ(test, claim_iova(iovad, 0x30, 0x40),
			    ERR_PTR(-EBUSY));
	KUNIT_EXPECT_PTR_EQ(test, claim_iova(iovad, 0x4f, 0x60),
			    ERR_PTR(-EBUSY));
	KUNIT_EXPECT_PTR_EQ(test, claim_iova(iovad, 0x10, 0x100),
			    ERR_PTR(-EBUSY));
	KUNIT_EXPECT_FALSE(test, live(iovad, 0x30));
	KUNIT_EXPECT_FALSE(test, live(iovad, 0x50));
	KUNIT_EXPECT_FALSE(test, live(iovad, 0x10));

	/* Empty, inverted or unrepresentable spans. */
	KUNIT_EXPECT_PTR_EQ(test, claim_iova(iovad, 5, 4), ERR_PTR(-EINVAL));
	KUNIT_EXPECT_PTR_EQ(test, claim_iova(iovad, 0x100, ULONG_MAX),
			    ERR_PTR(-EINVAL));

	/* The allocator never hands out a claimed pfn. */
	while ((a = alloc_iova(iovad, 1, 0x3f, false)))
		KUNIT_EXPECT_TRUE(test, a->pfn_hi < 0x20 || a->pfn_lo > 0x2f);

	/* Released, the span is free again. */
	__free_iova(iovad, c);
	KUNIT_EXPECT_FALSE(test, live(iovad, 0x20));
	c = alloc_iova(iovad, 0x10, 0x3f, false);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->pfn_lo, 0x20UL);

	/*
	 * A range parked in the cache is free to its owner: the claim
	 * empties the cache and succeeds.
	 */
	parked = alloc_iova_fast(iovad, 4, SPACE_32BIT, false);
	KUNIT_ASSERT_NE(test, parked, 0UL);
	free_iova_fast(iovad, parked, 4);
	KUNIT_ASSERT_TRUE(test, live(iovad, parked));
	c = claim_iova(iovad, parked, parked + 3);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	KUNIT_EXPECT_EQ(test, iova_pcache_held(iovad), 0UL);
	KUNIT_EXPECT_EQ(test, iova_domain_check(iovad), 0);
}

static void iova_test_exhaustion(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, false);
	struct iova *iova;
	unsigned long n;

	KUNIT_ASSERT_NOT_NULL(test, reserve_iova(iovad, 0x400, SPACE_32BIT));
	for (n = 1; n < 0x400; n++)
		KUNIT_ASSERT_NOT_NULL(test,
				      alloc_iova(iovad, 1, SPACE_32BIT, false));
	KUNIT_EXPECT_NULL(test, alloc_iova(iovad, 1, SPACE_32BIT, false));
	KUNIT_EXPECT_NULL(test, alloc_iova(iovad, 1, SPACE_32BIT, true));
	KUNIT_EXPECT_EQ(test, alloc_iova_fast(iovad, 1, SPACE_32BIT, true), 0UL);
	KUNIT_EXPECT_EQ(test, iova_domain_check(iovad), 0);

	free_iova(iovad, 0x123);
	KUNIT_EXPECT_NULL(test, alloc_iova(iovad, 2, SPACE_32BIT, false));
	iova = alloc_iova(iovad, 1, SPACE_32BIT, false);
	KUNIT_ASSERT_NOT_NULL(test, iova);
	KUNIT_EXPECT_EQ(test, iova->pfn_lo, 0x123UL);
}

static void iova_test_stray_release(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, false);
	struct iova *iova, fake;

	iova = alloc_iova(iovad, 8, 0xffff, false);
	KUNIT_ASSERT_NOT_NULL(test, iova);
	/* Each of these is reported (once) and changes nothing. */
	free_iova(iovad, 0x1000);
	fake = *iova;
	__free_iova(iovad, &fake);
	__free_iova(iovad, NULL);
	free_iova(iovad, ULONG_MAX);
	KUNIT_EXPECT_PTR_EQ(test, find_iova(iovad, 0xfff8), iova);
	KUNIT_EXPECT_EQ(test, iova_domain_check(iovad), 0);
}

static void iova_test_fast_path(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, true);
	unsigned long a, b;

	a = alloc_iova_fast(iovad, 5, SPACE_32BIT, false);
	KUNIT_ASSERT_NE(test, a, 0UL);
	KUNIT_EXPECT_EQ(test, a & 7, 0UL);
	KUNIT_EXPECT_EQ(test, iova_size(find_iova(iovad, a)), 8UL);
	free_iova_fast(iovad, a, 5);
	KUNIT_EXPECT_TRUE(test, live(iovad, a));	/* parked */
	KUNIT_EXPECT_GT(test, iova_pcache_held(iovad), 0UL);

	/*
	 * On one CPU: a parked range above the limit is passed over; the
	 * last range parked in a class is the next one handed out.
	 */
	migrate_disable();
	b = alloc_iova_fast(iovad, 8, a - 1, false);
	free_iova_fast(iovad, b, 8);
	a = alloc_iova_fast(iovad, 7, SPACE_32BIT, false);
	migrate_enable();
	KUNIT_EXPECT_NE(test, b, 0UL);
	KUNIT_EXPECT_EQ(test, b & 7, 0UL);
	KUNIT_EXPECT_EQ(test, a, b);
	free_iova_fast(iovad, a, 7);

	/* Larger than the biggest class: straight to and from the tree. */
	a = alloc_iova_fast(iovad, LARGEST_CLASS + 1, SPACE_32BIT, false);
	KUNIT_ASSERT_NE(test, a, 0UL);
	KUNIT_EXPECT_EQ(test, a & (2 * LARGEST_CLASS - 1), 0UL);
	KUNIT_EXPECT_EQ(test, iova_size(find_iova(iovad, a)),
			LARGEST_CLASS + 1UL);
	free_iova_fast(iovad, a, LARGEST_CLASS + 1);
	KUNIT_EXPECT_FALSE(test, live(iovad, a));
	KUNIT_EXPECT_EQ(test, iova_rcache_range(), PAGE_SIZE * LARGEST_CLASS);

	/* Without a cache the fast calls use the tree. */
	put_iova_domain(iovad);
	iovad = case_domain(test, 1, false);
	a = alloc_iova_fast(iovad, 4, SPACE_32BIT, true);
	KUNIT_ASSERT_NE(test, a, 0UL);
	free_iova_fast(iovad, a, 4);
	KUNIT_EXPECT_FALSE(test, live(iovad, a));
}

static void iova_test_cache_bound(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, true);
	unsigned long held, freed = 0, bound = 0, peak = 0, n, *pfns;
	unsigned int cls, nr = 4096;

	pfns = kunit_kcalloc(test, nr, sizeof(*pfns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pfns);
	for (cls = 0; cls < NR_CLASSES; cls++) {
		for (n = 0; n < nr; n++) {
			pfns[n] = alloc_iova_fast(iovad, 1UL << cls,
						  CACHE_BOUND_LIMIT, false);
			KUNIT_ASSERT_NE(test, pfns[n], 0UL);
		}
		for (n = 0; n < nr; n++)
			free_iova_fast(iovad, pfns[n], 1UL << cls);
		for (n = 0; n < nr; n++)
			freed += !live(iovad, pfns[n]);
		bound += CLASS_CAP(cls) * (2 * num_possible_cpus() + 8);
		peak += CLASS_CAP(cls) * 2 * num_possible_cpus() +
			DEPOT_MAX(cls);
	}
	held = iova_pcache_held(iovad);
	KUNIT_EXPECT_LE(test, held, peak);
	KUNIT_EXPECT_EQ(test, held + freed, NR_CLASSES * (unsigned long)nr);

	/* Trimmed, the depots keep eight magazines a class. */
	while (iova_pcache_trim(iovad))
		;
	KUNIT_EXPECT_LE(test, iova_pcache_held(iovad), bound);
}

static void iova_test_flush_retry(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, true);
	unsigned long pfns[64], n;

	/* 64 pfns of room, all taken as 1-pfn ranges and parked. */
	KUNIT_ASSERT_NOT_NULL(test, reserve_iova(iovad, 0x41, SPACE_32BIT));
	for (n = 0; n < 64; n++) {
		pfns[n] = alloc_iova_fast(iovad, 1, SPACE_32BIT, false);
		KUNIT_ASSERT_NE(test, pfns[n], 0UL);
	}
	for (n = 0; n < 64; n++)
		free_iova_fast(iovad, pfns[n], 1);
	KUNIT_EXPECT_EQ(test, iova_pcache_held(iovad), 64UL);

	/* Another class fails until the parked ranges go back. */
	KUNIT_EXPECT_EQ(test, alloc_iova_fast(iovad, 2, SPACE_32BIT, false), 0UL);
	n = alloc_iova_fast(iovad, 2, SPACE_32BIT, true);
	KUNIT_EXPECT_EQ(test, n, 0x3eUL);
	KUNIT_EXPECT_EQ(test, iova_pcache_held(iovad), 0UL);
}

static void iova_test_pressure_release(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, true);
	unsigned long *pfns, n, held, nr = 600;

	pfns = kunit_kcalloc(test, nr, sizeof(*pfns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pfns);
	for (n = 0; n < nr; n++) {
		pfns[n] = alloc_iova_fast(iovad, 4, SPACE_32BIT, false);
		KUNIT_ASSERT_NE(test, pfns[n], 0UL);
	}
	for (n = 0; n < nr; n++)
		free_iova_fast(iovad, pfns[n], 4);
	held = iova_pcache_held(iovad);
	KUNIT_EXPECT_EQ(test, held, nr);

	/* What the shrinker does: a little, then everything. */
	KUNIT_EXPECT_GE(test, iova_pcache_shrink(iovad, 64), 64UL);
	KUNIT_EXPECT_LT(test, iova_pcache_held(iovad), held);
	iova_pcache_shrink(iovad, ULONG_MAX);
	KUNIT_EXPECT_EQ(test, iova_pcache_held(iovad), 0UL);
	for (n = 0; n < nr; n++)
		KUNIT_EXPECT_FALSE(test, live(iovad, pfns[n]));
}

/* ---- several kthreads at once ------------------------------------------ */

#define MT_THREADS	4
#define MT_SPACE	BIT(16)
#define MT_ROUNDS	20000
#define MT_SLOTS	16

struct mt_shared {
	struct iova_domain	*iovad;
	unsigned long		*owned;		/* one bit per pfn */
	atomic_t		errors;
	atomic_t		running;
	struct completion	done;
};

struct mt_slot {
	unsigned long	pfn, size;
	bool		fast;
};

/* Mark [pfn, pfn + n) taken (or free); any clash is an error. */
static void mt_mark(struct mt_shared *sh, unsigned long pfn, unsigned long n,
		    bool take)
{
	while (n--) {
		bool was = take ? test_and_set_bit(pfn, sh->owned) :
				  !test_and_clear_bit(pfn, sh->owned);

		if (was)
			atomic_inc(&sh->errors);
		pfn++;
	}
}

static void mt_release(struct mt_shared *sh, struct mt_slot *s)
{
	mt_mark(sh, s->pfn, s->size, false);
	if (s->fast)
		free_iova_fast(sh->iovad, s->pfn, s->size);
	else
		free_iova(sh->iovad, s->pfn);
	s->pfn = 0;
}

static int mt_worker(void *arg)
{
	struct mt_slot slot[MT_SLOTS] = {};
	struct mt_shared *sh = arg;
	struct rnd_state rnd;
	unsigned int r, i;
	u32 v;

	prandom_seed_state(&rnd, (unsigned long)current->pid);
	for (r = 0; r < MT_ROUNDS; r++) {
		struct mt_slot *s;

		v = prandom_u32_state(&rnd);
		s = &slot[v % MT_SLOTS];
		if (s->pfn) {
			mt_release(sh, s);
			continue;
		}
		s->fast = (v >> 8) % 4;
		s->size = 1 + (v >> 12) % (s->fast ? 40 : 24);
		if (s->fast) {
			s->pfn = alloc_iova_fast(sh->iovad, s->size,
						 MT_SPACE - 1, true);
			s->size = roundup_pow_of_two(s->size);
		} else {
			struct iova *iova = alloc_iova(sh->iovad, s->size,
						       MT_SPACE - 1,
						       v >> 31);

			s->pfn = iova ? iova->pfn_lo : 0;
		}
		if (s->pfn)
			mt_mark(sh, s->pfn, s->size, true);
		if (!(r % 256))
			cond_resched();
	}
	for (i = 0; i < MT_SLOTS; i++)
		if (slot[i].pfn)
			mt_release(sh, &slot[i]);
	if (atomic_dec_and_test(&sh->running))
		complete(&sh->done);
	return 0;
}

static void iova_test_concurrent(struct kunit *test)
{
	struct iova_domain *iovad = case_domain(test, 1, true);
	struct task_struct *task;
	struct mt_shared *sh;
	unsigned long pfn;
	int i;

	sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sh);
	sh->owned = kunit_kcalloc(test, BITS_TO_LONGS(MT_SPACE),
				  sizeof(unsigned long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sh->owned);
	sh->iovad = iovad;
	init_completion(&sh->done);
	atomic_set(&sh->running, MT_THREADS);

	for (i = 0; i < MT_THREADS; i++) {
		task = kthread_run(mt_worker, sh, "iova-kunit/%d", i);
		if (IS_ERR(task)) {
			/* Stand in for the threads that could not start. */
			if (atomic_sub_and_test(MT_THREADS - i, &sh->running))
				complete(&sh->done);
			KUNIT_FAIL(test, "kthread_run: %ld", PTR_ERR(task));
			break;
		}
	}
	wait_for_completion(&sh->done);

	KUNIT_EXPECT_EQ(test, atomic_read(&sh->errors), 0);
	KUNIT_EXPECT_EQ(test, iova_domain_check(iovad), 0);
	iova_pcache_shrink(iovad, ULONG_MAX);
	for (pfn = 1; pfn < MT_SPACE; pfn++)
		if (live(iovad, pfn))
			break;
	KUNIT_EXPECT_EQ(test, pfn, MT_SPACE);
}

static struct kunit_case iova_test_cases[] = {
	KUNIT_CASE(iova_test_helpers),
	KUNIT_CASE(iova_test_top_down),
	KUNIT_CASE(iova_test_alignment),
	KUNIT_CASE(iova_test_limits),
	KUNIT_CASE(iova_test_reserve_split),
	KUNIT_CASE(iova_test_claim),
	KUNIT_CASE(iova_test_exhaustion),
	KUNIT_CASE(iova_test_stray_release),
	KUNIT_CASE(iova_test_fast_path),
	KUNIT_CASE(iova_test_cache_bound),
	KUNIT_CASE(iova_test_flush_retry),
	KUNIT_CASE(iova_test_pressure_release),
	KUNIT_CASE_SLOW(iova_test_concurrent),
	{}
};

static struct kunit_suite iova_test_suite = {
	.name		= "iommu-iova",
	.suite_init	= iova_suite_init,
	.suite_exit	= iova_suite_exit,
	.init		= iova_case_init,
	.exit		= iova_case_exit,
	.test_cases	= iova_test_cases,
};

kunit_test_suite(iova_test_suite);

MODULE_DESCRIPTION("KUnit tests for the IOVA allocator");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");

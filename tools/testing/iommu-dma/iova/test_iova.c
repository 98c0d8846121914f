// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for drivers/iommu/iova.c: one TAP line per case, then the
 * plain "N passed, N failed" summary.  Exit status is non-zero on failure.
 */
#include <setjmp.h>

#include "sim.h"

#define CLASSES			12
#define LARGEST			2048
/*
 * What one class keeps: two magazines per CPU and eight in the depot; the
 * depot may hold up to 512 ranges and 2^19 pfns until it is trimmed.
 */
#define CAP(cls)		min(64UL, 2048UL >> (cls))
#define BOUND(cls, cpus)	(CAP(cls) * (2 * (cpus) + 8))
#define DEPOT_MAX(cls)		min(512UL, (1UL << 19) >> (cls))

static int failures;
static const char *cur_test;
static jmp_buf test_abort;

/* A failed expectation ends the test case at once. */
static void expect_failed(const char *cond, int line)
{
	fprintf(stderr, "# %s: %s:%d: expected %s\n", cur_test, __FILE__,
		line, cond);
	failures++;
	longjmp(test_abort, 1);
}

#define EXPECT(cond)	((cond) ? (void)0 : expect_failed(#cond, __LINE__))

static struct iova_domain dom;

static void dom_init(unsigned long start, bool cached)
{
	init_iova_domain(&dom, PAGE_SIZE, start);
	if (cached && iova_domain_init_rcaches(&dom))
		abort();
	shim_set_cpu(0);
}

static bool live(unsigned long pfn)
{
	return find_iova(&dom, pfn);
}

/* ---- the tree ----------------------------------------------------------- */

static void test_top_down(void)
{
	struct iova *a, *b, *c;

	dom_init(1, false);
	a = alloc_iova(&dom, 4, 0xffff, false);
	b = alloc_iova(&dom, 4, 0xffff, false);
	c = alloc_iova(&dom, 1, 0xffff, false);
	EXPECT(a && b && c);
	EXPECT(a->pfn_lo == 0xfffc && a->pfn_hi == 0xffff);
	EXPECT(b->pfn_lo == 0xfff8 && b->pfn_hi == 0xfffb);
	EXPECT(c->pfn_lo == 0xfff7);
	EXPECT(iova_size(a) == 4);
	/* A freed hole at the top is found again first. */
	__free_iova(&dom, a);
	a = alloc_iova(&dom, 2, 0xffff, false);
	EXPECT(a && a->pfn_lo == 0xfffe);
	EXPECT(iova_domain_check(&dom) == 0);
	put_iova_domain(&dom);
}

static void test_alignment(void)
{
	unsigned long size;
	struct iova *iova;

	dom_init(1, false);
	iova = alloc_iova(&dom, 3, 0xffff, true);
	EXPECT(iova && iova->pfn_lo == 0xfffc && iova->pfn_hi == 0xfffe);
	/* The pfn left above stays usable by unaligned requests. */
	iova = alloc_iova(&dom, 1, 0xffff, false);
	EXPECT(iova && iova->pfn_lo == 0xffff);
	for (size = 1; size <= 300; size += 7) {
		iova = alloc_iova(&dom, size, 0xfffff, true);
		EXPECT(iova);
		EXPECT(!(iova->pfn_lo & (roundup_pow_of_two(size) - 1)));
		EXPECT(iova_size(iova) == size);
	}
	/* Placement is exact even in holes without a whole aligned block. */
	put_iova_domain(&dom);
	dom_init(1, false);
	EXPECT(reserve_iova(&dom, 0, 0x0f));
	EXPECT(reserve_iova(&dom, 0x13, 0x23));
	EXPECT(reserve_iova(&dom, 0x27, 0xffff));
	/* Free: 0x10..0x12 and 0x24..0x26. */
	EXPECT(!alloc_iova(&dom, 4, 0xffff, true));
	iova = alloc_iova(&dom, 3, 0xffff, true);
	EXPECT(iova && iova->pfn_lo == 0x24);
	iova = alloc_iova(&dom, 3, 0xffff, true);
	EXPECT(iova && iova->pfn_lo == 0x10);
	EXPECT(!alloc_iova(&dom, 1, 0xffff, true));
	EXPECT(iova_domain_check(&dom) == 0);
	put_iova_domain(&dom);
}

static void test_limits(void)
{
	struct iova *iova;
	unsigned long n;

	dom_init(0x100, false);
	for (n = 0; n < 0x100; n++)
		EXPECT(alloc_iova(&dom, 1, 0x1ff, false));
	EXPECT(!alloc_iova(&dom, 1, 0x1ff, false));
	EXPECT(!alloc_iova(&dom, 1, 0xff, false));
	EXPECT(!alloc_iova(&dom, 0, 0xfffff, false));
	EXPECT(!alloc_iova(&dom, ULONG_MAX, ULONG_MAX, true));
	iova = alloc_iova(&dom, 1, 0x200, false);
	EXPECT(iova && iova->pfn_lo == 0x200);
	/* The whole space: the top pfn belongs to the ceiling. */
	iova = alloc_iova(&dom, 16, ULONG_MAX, true);
	EXPECT(iova && iova->pfn_hi == ULONG_MAX - 16);
	iova = alloc_iova(&dom, 1, ULONG_MAX, false);
	EXPECT(iova && iova->pfn_lo == ULONG_MAX - 1);
	EXPECT(!find_iova(&dom, ULONG_MAX));
	EXPECT(iova_domain_check(&dom) == 0);
	put_iova_domain(&dom);
}

static void test_reserve_split(void)
{
	struct iova *a, *b, *r;

	dom_init(1, false);
	a = alloc_iova(&dom, 0x10, 0x2f, false);	/* 0x20-0x2f */
	b = alloc_iova(&dom, 0x10, 0x4f, false);	/* 0x40-0x4f */
	EXPECT(a && a->pfn_lo == 0x20 && b && b->pfn_lo == 0x40);
	r = reserve_iova(&dom, 0x18, 0x58);
	EXPECT(r && r->pfn_lo == 0x50 && r->pfn_hi == 0x58);
	EXPECT(find_iova(&dom, 0x20) == a && find_iova(&dom, 0x40) == b);
	r = find_iova(&dom, 0x18);
	EXPECT(r && r->pfn_lo == 0x18 && r->pfn_hi == 0x1f);
	r = find_iova(&dom, 0x35);
	EXPECT(r && r->pfn_lo == 0x30 && r->pfn_hi == 0x3f);
	EXPECT(!live(0x17) && !live(0x59));
	/* Inside a live range: that range is the answer, nothing is added. */
	EXPECT(reserve_iova(&dom, 0x22, 0x25) == a);
	/* Ending inside a live range: the range covering pfn_hi is returned. */
	r = reserve_iova(&dom, 0x10, 0x44);
	EXPECT(r == b);
	r = find_iova(&dom, 0x10);
	EXPECT(r && r->pfn_hi == 0x17);
	/* Below start_pfn is allowed; nonsense is not. */
	r = reserve_iova(&dom, 0, 0);
	EXPECT(r && r->pfn_lo == 0 && r->pfn_hi == 0);
	EXPECT(!reserve_iova(&dom, 5, 4));
	EXPECT(!reserve_iova(&dom, 5, ULONG_MAX));
	EXPECT(!reserve_iova(&dom, 1, ULONG_MAX >> 1));	/* beyond dma_addr_t */
	/* Reservations are freed like anything else. */
	__free_iova(&dom, find_iova(&dom, 0x35));
	EXPECT(!live(0x35));
	EXPECT(iova_domain_check(&dom) == 0);
	put_iova_domain(&dom);
}

static void test_exhaustion(void)
{
	struct iova *iova;
	unsigned long n;

	dom_init(1, false);
	EXPECT(reserve_iova(&dom, 0x400, 0xfffff));
	for (n = 1; n < 0x400; n++)
		EXPECT(alloc_iova(&dom, 1, 0xfffff, false));
	EXPECT(!alloc_iova(&dom, 1, 0xfffff, false));
	EXPECT(!alloc_iova(&dom, 1, 0xfffff, true));
	EXPECT(iova_domain_check(&dom) == 0);
	free_iova(&dom, 0x123);
	EXPECT(!alloc_iova(&dom, 2, 0xfffff, false));
	iova = alloc_iova(&dom, 1, 0xfffff, false);
	EXPECT(iova && iova->pfn_lo == 0x123);
	EXPECT(!alloc_iova(&dom, 1, 0xfffff, false));
	/* The space above the limit is untouched. */
	iova = alloc_iova(&dom, 1, 0x100000, false);
	EXPECT(iova && iova->pfn_lo == 0x100000);
	put_iova_domain(&dom);
}

static void test_stray_release(void)
{
	unsigned long before = shim_warnings;
	struct iova *iova, fake;

	dom_init(1, false);
	iova = alloc_iova(&dom, 8, 0xffff, false);
	EXPECT(iova);
	free_iova(&dom, 0x1000);
	EXPECT(shim_warnings == before + 1);
	fake = *iova;
	__free_iova(&dom, &fake);
	EXPECT(shim_warnings == before + 2);
	EXPECT(find_iova(&dom, 0xfff8) == iova);
	__free_iova(&dom, NULL);
	free_iova(&dom, ULONG_MAX);	/* the ceiling is nobody's */
	EXPECT(shim_warnings == before + 3);
	EXPECT(iova_domain_check(&dom) == 0);
	put_iova_domain(&dom);
}

static void test_alloc_failure(void)
{
	long live_before = shim_live_allocs;
	struct iova *iova;

	dom_init(1, false);
	shim_fail_after = 0;
	EXPECT(!alloc_iova(&dom, 1, 0xffff, false));
	/* Three pieces needed; the third allocation fails: nothing changes. */
	EXPECT(alloc_iova(&dom, 1, 0x10, false));
	EXPECT(alloc_iova(&dom, 1, 0x20, false));
	shim_fail_after = 2;
	EXPECT(!reserve_iova(&dom, 0x8, 0x28));
	EXPECT(!live(0x8) && !live(0x18) && !live(0x28));
	shim_fail_after = -1;
	iova = reserve_iova(&dom, 0x8, 0x28);
	EXPECT(iova && iova->pfn_lo == 0x21 && iova->pfn_hi == 0x28);
	EXPECT(iova_domain_check(&dom) == 0);
	put_iova_domain(&dom);
	/* Every step of cache set-up can fail without leaking. */
	for (shim_fail_after = 0; shim_fail_after < 3; ) {
		long k = shim_fail_after;

		init_iova_domain(&dom, PAGE_SIZE, 1);
		EXPECT(iova_domain_init_rcaches(&dom) == -ENOMEM);
		put_iova_domain(&dom);
		shim_fail_after = k + 1;
	}
	shim_fail_after = -1;
	init_iova_domain(&dom, PAGE_SIZE, 1);
	shim_fail_cpuhp = true;
	EXPECT(iova_domain_init_rcaches(&dom) == -EBUSY);
	put_iova_domain(&dom);
	EXPECT(shim_live_allocs == live_before);
}

/* ---- the cache ---------------------------------------------------------- */

static void test_fast_round_trip(void)
{
	unsigned long a, b;

	dom_init(1, true);
	a = alloc_iova_fast(&dom, 5, 0xfffff, false);
	EXPECT(a && !(a & 7));
	EXPECT(iova_size(find_iova(&dom, a)) == 8);
	free_iova_fast(&dom, a, 5);
	EXPECT(live(a));		/* parked, not freed */
	b = alloc_iova_fast(&dom, 7, 0xfffff, false);
	EXPECT(b == a);			/* same class: recycled */
	free_iova_fast(&dom, b, 7);
	/* A parked range above the limit is not handed out. */
	b = alloc_iova_fast(&dom, 8, a - 1, false);
	EXPECT(b && b + 7 < a);
	free_iova_fast(&dom, b, 8);
	/* Larger than the biggest class: straight to and from the tree. */
	a = alloc_iova_fast(&dom, LARGEST + 1, 0xfffff, false);
	EXPECT(a && !(a & (2 * LARGEST - 1)));
	EXPECT(iova_size(find_iova(&dom, a)) == LARGEST + 1);
	free_iova_fast(&dom, a, LARGEST + 1);
	EXPECT(!live(a));
	EXPECT(iova_rcache_range() == PAGE_SIZE * LARGEST);
	EXPECT(iova_domain_check(&dom) == 0);
	put_iova_domain(&dom);
}

static void test_cache_bound(void)
{
	static unsigned long pfns[8192];
	unsigned long held, n, freed = 0, bound = 0, peak = 0;
	unsigned int cls, trims = 0;

	dom_init(1, true);
	for (cls = 0; cls < CLASSES; cls++) {
		for (n = 0; n < ARRAY_SIZE(pfns); n++) {
			pfns[n] = alloc_iova_fast(&dom, 1UL << cls, ULONG_MAX,
						  false);
			EXPECT(pfns[n]);
		}
		for (n = 0; n < ARRAY_SIZE(pfns); n++) {
			shim_set_cpu(n % 3);
			free_iova_fast(&dom, pfns[n], 1UL << cls);
		}
		shim_set_cpu(0);
		for (n = 0; n < ARRAY_SIZE(pfns); n++)
			freed += !live(pfns[n]);
		bound += BOUND(cls, SHIM_NR_CPUS);
		peak += CAP(cls) * 2 * SHIM_NR_CPUS + DEPOT_MAX(cls);
	}
	held = iova_pcache_held(&dom);
	EXPECT(held <= peak && held > bound);
	EXPECT(bound == 447 * (2 * SHIM_NR_CPUS + 8));
	EXPECT(held + freed == CLASSES * ARRAY_SIZE(pfns));
	EXPECT(iova_domain_check(&dom) == 0);
	/* The trim halves what lies above the lasting bound each time. */
	while (iova_pcache_trim(&dom))
		trims++;
	EXPECT(trims >= 2 && trims <= 9);
	EXPECT(iova_pcache_held(&dom) <= bound);
	EXPECT(iova_domain_check(&dom) == 0);
	put_iova_domain(&dom);
}

static void test_flush_retry(void)
{
	unsigned long pfns[64], n;

	dom_init(1, true);
	/* 64 pfns of space, all taken in class 0 and parked. */
	EXPECT(reserve_iova(&dom, 0x41, 0xfffff));
	for (n = 0; n < 64; n++)
		EXPECT((pfns[n] = alloc_iova_fast(&dom, 1, 0xfffff, false)));
	for (n = 0; n < 64; n++)
		free_iova_fast(&dom, pfns[n], 1);
	EXPECT(iova_pcache_held(&dom) == 64);
	/* Class 1 cannot be served until the parked ranges go back. */
	EXPECT(!alloc_iova_fast(&dom, 2, 0xfffff, false));
	n = alloc_iova_fast(&dom, 2, 0xfffff, true);
	EXPECT(n == 0x3e);
	EXPECT(iova_pcache_held(&dom) == 0);
	/* Nothing parked and no room: one flush, then failure. */
	put_iova_domain(&dom);
	dom_init(1, true);
	EXPECT(reserve_iova(&dom, 1, 0xfffff));
	EXPECT(!alloc_iova_fast(&dom, 1, 0xfffff, true));
	put_iova_domain(&dom);
}

static void test_pressure_release(void)
{
	unsigned long pfns[600], n;

	dom_init(1, true);
	for (n = 0; n < ARRAY_SIZE(pfns); n++)
		pfns[n] = alloc_iova_fast(&dom, 4, 0xfffff, false);
	for (n = 0; n < ARRAY_SIZE(pfns); n++) {
		shim_set_cpu(n & 1);
		free_iova_fast(&dom, pfns[n], 4);
	}
	EXPECT(iova_pcache_held(&dom) == ARRAY_SIZE(pfns));
	EXPECT(shim_shrink_count() == ARRAY_SIZE(pfns));
	/* The shrinker empties depots first, a magazine at a time. */
	EXPECT(shim_shrink(64) == 64);
	EXPECT(iova_pcache_held(&dom) == ARRAY_SIZE(pfns) - 64);
	/* A CPU going away gives back everything it held. */
	shim_cpu_dead(1);
	EXPECT(iova_pcache_held(&dom) < ARRAY_SIZE(pfns) - 64);
	EXPECT(shim_shrink(ULONG_MAX) > 0);
	EXPECT(iova_pcache_held(&dom) == 0 && shim_shrink_count() == 0);
	for (n = 0; n < ARRAY_SIZE(pfns); n++)
		EXPECT(!live(pfns[n]));
	EXPECT(iova_domain_check(&dom) == 0);
	shim_set_cpu(0);
	put_iova_domain(&dom);
}

/* ---- threads ------------------------------------------------------------ */

#define MT_THREADS	4
#define MT_SPACE	BIT(18)
#define MT_ROUNDS	40000

static u8 mt_owner[MT_SPACE];
static long mt_errors;

struct mt_slot {
	unsigned long pfn, size;
	bool fast;
};

static void mt_claim(unsigned long pfn, unsigned long n, u8 who)
{
	while (n--) {
		u8 was = __atomic_exchange_n(&mt_owner[pfn++], who,
						  __ATOMIC_RELAXED);

		/* Claiming needs a free pfn; releasing must find a claim. */
		if (who ? was != 0 : was == 0)
			__atomic_add_fetch(&mt_errors, 1, __ATOMIC_RELAXED);
	}
}

static void *mt_worker(void *arg)
{
	unsigned long id = (unsigned long)arg, seed = id * 7919 + 1;
	struct mt_slot slot[24] = {};
	unsigned int r, i;

	shim_set_cpu(id);
	for (r = 0; r < MT_ROUNDS; r++) {
		struct mt_slot *s;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		s = &slot[(seed >> 33) % ARRAY_SIZE(slot)];
		if (s->pfn) {
			mt_claim(s->pfn, s->size, 0);
			if (s->fast)
				free_iova_fast(&dom, s->pfn, s->size);
			else
				free_iova(&dom, s->pfn);
			s->pfn = 0;
			continue;
		}
		s->fast = (seed >> 20) % 8;
		s->size = 1 + (seed >> 40) % (s->fast ? 140 : 40);
		if (s->fast) {
			s->pfn = alloc_iova_fast(&dom, s->size, MT_SPACE - 1,
						 true);
			if (s->size <= 128)
				s->size = roundup_pow_of_two(s->size);
		} else {
			struct iova *iova = alloc_iova(&dom, s->size,
						       MT_SPACE - 1,
						       (seed >> 50) & 1);

			s->pfn = iova ? iova->pfn_lo : 0;
		}
		if (s->pfn)
			mt_claim(s->pfn, s->size, id + 1);
	}
	for (i = 0; i < ARRAY_SIZE(slot); i++) {
		if (!slot[i].pfn)
			continue;
		mt_claim(slot[i].pfn, slot[i].size, 0);
		if (slot[i].fast)
			free_iova_fast(&dom, slot[i].pfn, slot[i].size);
		else
			free_iova(&dom, slot[i].pfn);
	}
	return NULL;
}

static void test_threads(void)
{
	pthread_t t[MT_THREADS];
	unsigned long i;

	dom_init(1, true);
	for (i = 0; i < MT_THREADS; i++)
		pthread_create(&t[i], NULL, mt_worker, (void *)i);
	for (i = 0; i < MT_THREADS; i++)
		pthread_join(t[i], NULL);
	EXPECT(__atomic_load_n(&mt_errors, __ATOMIC_RELAXED) == 0);
	EXPECT(iova_domain_check(&dom) == 0);
	iova_pcache_shrink(&dom, ULONG_MAX);
	for (i = 1; i < MT_SPACE; i++)
		EXPECT(!live(i));
	put_iova_domain(&dom);
}

/* ---- random scripts against the shadow model ---------------------------- */

static void test_shadow_scripts(void)
{
	static u8 script[1600];
	unsigned long seed = 0x5eed, steps = 0;
	unsigned int n, i;

	for (n = 0; n < 400; n++) {
		for (i = 0; i < sizeof(script); i++) {
			seed = seed * 6364136223846793005UL + 1;
			script[i] = seed >> 56;
		}
		/* Mostly small limits so that scripts fill and empty the space. */
		steps += sim_run(script, n < 40 ? sizeof(script) : 600, n < 40);
	}
	EXPECT(steps > 10000);
}

/*
 * Scripts of large size-aligned requests, most under the same limit, with
 * frees and a few reservations.  They keep the placement hint in play,
 * which needs the same edge twice, and with it the front: its cuts, its
 * hand-overs on free, and the searches its bound misleads.
 */
static void test_large_scripts(void)
{
	static u8 script[1200];
	unsigned long seed = 0xb16b00b5, steps = 0;
	unsigned int n, i, r;

	for (n = 0; n < 300; n++) {
		i = 0;
		script[i++] = 0;		/* tree only, whole pages */
		script[i++] = 1 + n % 8;	/* start_pfn */
		while (i + 6 <= sizeof(script)) {
			seed = seed * 6364136223846793005UL + 1;
			r = seed >> 32;
			switch (r % 8) {
			case 0 ... 3:
				/* op 0: size 1..48 + 4 * (90..249), aligned */
				script[i++] = 0;
				script[i++] = r >> 8;
				script[i++] = r >> 16;
				script[i++] = r >> 24;
				/*
				 * three in four under the top limit; one in
				 * four scaled up by 4, above the cache
				 */
				script[i++] = (r & 0x80 && r & 0x40 ? 7 : 3) |
					      (r & 0x20 && r & 0x10 ? 0x30 : 0);
				script[i++] = 90 + (r >> 20) % 160;
				break;
			case 4 ... 6:	/* op 2: free a live range */
				script[i++] = 2;
				script[i++] = r >> 8;
				script[i++] = r >> 16;
				script[i++] = r >> 24;
				break;
			default:	/* op 4: reserve up to 80 pfns */
				script[i++] = 4;
				script[i++] = r >> 8;
				script[i++] = r >> 16;
				script[i++] = r >> 24;
				break;
			}
		}
		steps += sim_run(script, i, n < 30);
	}
	EXPECT(steps > 50000);
}

/* ---- runner ------------------------------------------------------------- */

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "top_down", test_top_down },
	{ "alignment", test_alignment },
	{ "limits", test_limits },
	{ "reserve_split", test_reserve_split },
	{ "exhaustion", test_exhaustion },
	{ "stray_release", test_stray_release },
	{ "alloc_failure", test_alloc_failure },
	{ "fast_round_trip", test_fast_round_trip },
	{ "cache_bound", test_cache_bound },
	{ "flush_retry", test_flush_retry },
	{ "pressure_release", test_pressure_release },
	{ "threads", test_threads },
	{ "shadow_scripts", test_shadow_scripts },
	{ "large_scripts", test_large_scripts },
};

int main(void)
{
	unsigned int i, passed = 0, failed = 0;
	long live_before;

	shim_quiet = true;
	if (iova_cache_get())
		return 2;
	live_before = shim_live_allocs;
	printf("1..%zu\n", ARRAY_SIZE(tests) + 1);
	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		int before = failures;

		cur_test = tests[i].name;
		if (!setjmp(test_abort))
			tests[i].fn();
		if (failures == before) {
			printf("ok %u - %s\n", i + 1, tests[i].name);
			passed++;
		} else {
			printf("not ok %u - %s\n", i + 1, tests[i].name);
			failed++;
		}
	}
	/* Leak check: every descriptor and cache structure came back. */
	iova_cache_put();
	if (shim_live_allocs == live_before - 1) {
		printf("ok %u - no_leaks\n", i + 1);
		passed++;
	} else {
		printf("not ok %u - no_leaks (%ld live)\n", i + 1,
		       shim_live_allocs - live_before + 1);
		failed++;
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

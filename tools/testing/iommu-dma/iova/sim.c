// SPDX-License-Identifier: GPL-2.0
/*
 * Scripted replay of alloc/free/reserve/cache operations against our
 * allocator and a flat shadow model.  The shadow keeps one owner per pfn
 * and applies the placement rule of Documentation/iommu-dma/iova.rst
 * by brute force; any disagreement aborts.
 */
#include "sim.h"

#define SIM_FAIL(fmt, ...) do {						\
	fprintf(stderr, "sim: step %lu: " fmt "\n", step, ##__VA_ARGS__); \
	abort();							\
} while (0)

#define CACHE_MAX_PFNS	2048	/* largest size class of our cache */

void shadow_init(struct shadow *sh, unsigned long start_pfn)
{
	memset(sh, 0, sizeof(*sh));
	sh->start_pfn = start_pfn;
}

unsigned int shadow_add(struct shadow *sh, unsigned long lo, unsigned long hi,
			enum shadow_kind kind)
{
	unsigned int id;
	unsigned long p;

	for (id = 1; id <= SHADOW_MAX_RANGES; id++)
		if (sh->range[id].kind == SH_FREE)
			break;
	if (id > SHADOW_MAX_RANGES)
		abort();
	sh->range[id] = (struct shadow_range){ lo, hi, kind, 0 };
	for (p = lo; p <= hi; p++)
		sh->owner[p] = id;
	sh->nr_live++;
	return id;
}

void shadow_remove(struct shadow *sh, unsigned int id)
{
	unsigned long p;

	for (p = sh->range[id].lo; p <= sh->range[id].hi; p++)
		sh->owner[p] = 0;
	sh->range[id].kind = SH_FREE;
	sh->nr_live--;
}

bool shadow_predict(const struct shadow *sh, unsigned long size,
		    unsigned long limit, bool aligned, unsigned long *pfn)
{
	unsigned long align = aligned ? roundup_pow_of_two(size) : 1;
	long p = min(limit, (unsigned long)SHADOW_PFNS - 1);
	long floor = sh->start_pfn;

	while (p >= floor) {
		unsigned long lo, hi;

		if (sh->owner[p]) {
			p--;
			continue;
		}
		hi = p;
		while (p >= floor && !sh->owner[p])
			p--;
		lo = p + 1;
		/* The free run [lo, hi], clipped to the limit: highest fit. */
		if (hi + 1 >= lo + size &&
		    ((hi + 1 - size) & ~(align - 1)) >= lo) {
			*pfn = (hi + 1 - size) & ~(align - 1);
			return true;
		}
	}
	return false;
}

unsigned int shadow_pick(const struct shadow *sh, unsigned int kinds,
			 unsigned int n)
{
	unsigned int id, count = 0, want;

	for (id = 1; id <= SHADOW_MAX_RANGES; id++)
		if (kinds & BIT(sh->range[id].kind))
			count++;
	if (!count)
		return 0;
	want = n % count;
	for (id = 1; id <= SHADOW_MAX_RANGES; id++)
		if ((kinds & BIT(sh->range[id].kind)) && !want--)
			return id;
	return 0;
}

/* ---- the replay --------------------------------------------------------- */

struct sim {
	struct iova_domain	iovad;
	struct shadow		sh;
	bool			cached;
	const u8		*data;
	size_t			len, pos;
};

static unsigned long step;

static unsigned int get8(struct sim *s)
{
	return s->pos < s->len ? s->data[s->pos++] : 0;
}

static unsigned int get16(struct sim *s)
{
	return get8(s) | get8(s) << 8;
}

/* Every pfn of the model against find_iova(), and the tree invariants. */
static void sim_verify(struct sim *s)
{
	unsigned long p;

	if (iova_domain_check(&s->iovad))
		SIM_FAIL("tree invariants broken");
	for (p = 0; p < SHADOW_PFNS; p++) {
		unsigned int id = s->sh.owner[p];
		struct iova *iova = find_iova(&s->iovad, p);

		if (!id && iova)
			SIM_FAIL("pfn %#lx free in model, live [%#lx-%#lx]",
				 p, iova->pfn_lo, iova->pfn_hi);
		if (id && !iova)
			SIM_FAIL("pfn %#lx live in model, free in tree", p);
		if (id && (iova->pfn_lo != s->sh.range[id].lo ||
			   iova->pfn_hi != s->sh.range[id].hi))
			SIM_FAIL("pfn %#lx: model [%#lx-%#lx] tree [%#lx-%#lx]",
				 p, s->sh.range[id].lo, s->sh.range[id].hi,
				 iova->pfn_lo, iova->pfn_hi);
	}
}

/*
 * Forget parked ranges the cache has since handed back to the tree.  A
 * flush inside alloc_iova_fast() may have given a parked range back and
 * reused its space at once for the new range starting at @fresh (0: none).
 */
static void sim_resync_cache(struct sim *s, unsigned long fresh)
{
	unsigned int id;

	for (id = 1; id <= SHADOW_MAX_RANGES; id++) {
		struct shadow_range *r = &s->sh.range[id];
		struct iova *iova;

		if (r->kind != SH_CACHED)
			continue;
		iova = find_iova(&s->iovad, r->lo);
		if (!iova || (fresh && iova->pfn_lo == fresh))
			shadow_remove(&s->sh, id);
		else if (iova->pfn_lo != r->lo || iova->pfn_hi != r->hi)
			SIM_FAIL("parked [%#lx-%#lx] became [%#lx-%#lx]",
				 r->lo, r->hi, iova->pfn_lo, iova->pfn_hi);
	}
}

static void op_alloc(struct sim *s)
{
	unsigned long size = 1 + get8(s) % 48, limit = get16(s) % SHADOW_PFNS;
	unsigned int flags = get8(s);
	bool aligned = flags & 1, expect;
	unsigned long want = 0;
	struct iova *iova;

	if (flags & 2)
		size += get8(s) * 4;
	/* Some above the cache's largest class, which climb from the hint. */
	if ((flags & 0x30) == 0x30)
		size *= 4;
	/*
	 * A quarter of the requests share the top limit, so that large
	 * aligned ones meet the placement hint, which needs the same edge
	 * twice, and the front's detours from it.
	 */
	if (!(flags & 12))
		limit = SHADOW_PFNS - 1;
	expect = shadow_predict(&s->sh, size, limit, aligned, &want);
	iova = alloc_iova(&s->iovad, size, limit, aligned);
	if (!expect) {
		if (iova)
			SIM_FAIL("alloc %lu under %#lx%s: got %#lx, model full",
				 size, limit, aligned ? " aligned" : "",
				 iova->pfn_lo);
		return;
	}
	if (!iova)
		SIM_FAIL("alloc %lu under %#lx%s failed, model has %#lx",
			 size, limit, aligned ? " aligned" : "", want);
	if (iova->pfn_lo != want || iova_size(iova) != size)
		SIM_FAIL("alloc %lu under %#lx%s: got [%#lx-%#lx], want %#lx",
			 size, limit, aligned ? " aligned" : "",
			 iova->pfn_lo, iova->pfn_hi, want);
	shadow_add(&s->sh, iova->pfn_lo, iova->pfn_hi, SH_ALLOC);
}

static void op_free(struct sim *s)
{
	unsigned int id = shadow_pick(&s->sh, BIT(SH_ALLOC) | BIT(SH_RESERVED),
				      get16(s));
	unsigned int how = get8(s);
	struct shadow_range *r;
	unsigned long pfn;

	if (!id)
		return;
	r = &s->sh.range[id];
	pfn = r->lo + how % (r->hi - r->lo + 1);
	if (how & 0x80)
		__free_iova(&s->iovad, find_iova(&s->iovad, pfn));
	else
		free_iova(&s->iovad, pfn);
	shadow_remove(&s->sh, id);
}

/* Releasing something never allocated must warn and change nothing. */
static void op_stray(struct sim *s)
{
	unsigned long pfn = get16(s) % SHADOW_PFNS, before = shim_warnings;
	struct iova fake = { .pfn_lo = pfn, .pfn_hi = pfn };

	if (s->sh.owner[pfn])
		__free_iova(&s->iovad, &fake);	/* a look-alike descriptor */
	else
		free_iova(&s->iovad, pfn);
	if (shim_warnings != before + 1)
		SIM_FAIL("stray release of %#lx not reported", pfn);
}

static void op_reserve(struct sim *s)
{
	unsigned long lo = get16(s) % SHADOW_PFNS, len = get8(s) % 80;
	unsigned long hi = min(lo + len, (unsigned long)SHADOW_PFNS - 1), p;
	struct iova *iova;
	unsigned int id;

	iova = reserve_iova(&s->iovad, lo, hi);
	if (!iova)
		SIM_FAIL("reserve [%#lx-%#lx] failed", lo, hi);
	for (p = lo; p <= hi; p++) {
		unsigned long from = p;

		if (s->sh.owner[p])
			continue;
		while (p < hi && !s->sh.owner[p + 1])
			p++;
		shadow_add(&s->sh, from, p, SH_RESERVED);
	}
	id = s->sh.owner[hi];
	if (iova->pfn_lo != s->sh.range[id].lo ||
	    iova->pfn_hi != s->sh.range[id].hi)
		SIM_FAIL("reserve [%#lx-%#lx] returned [%#lx-%#lx]", lo, hi,
			 iova->pfn_lo, iova->pfn_hi);
}

/* The next few allocations fail; whatever was asked must fail cleanly. */
static void op_nomem(struct sim *s)
{
	unsigned int what = get8(s);
	unsigned long lo = get16(s) % SHADOW_PFNS;
	unsigned long hi = min(lo + what % 64, (unsigned long)SHADOW_PFNS - 1);
	unsigned long size = 1 + what % 16, want;
	bool fits;
	struct iova *iova;

	shim_fail_after = get8(s) % 4;
	if (what & 1) {
		iova = reserve_iova(&s->iovad, lo, hi);
		if (shim_fail_after < 0 && iova)
			SIM_FAIL("reserve succeeded without memory");
		if (shim_fail_after >= 0 && !iova)
			SIM_FAIL("reserve failed with memory to spare");
		if (shim_fail_after >= 0) {
			/* Enough memory after all: account for it normally. */
			unsigned long p;

			for (p = lo; p <= hi; p++) {
				unsigned long from = p;

				if (s->sh.owner[p])
					continue;
				while (p < hi && !s->sh.owner[p + 1])
					p++;
				shadow_add(&s->sh, from, p, SH_RESERVED);
			}
		}
	} else {
		fits = shadow_predict(&s->sh, size, lo, false, &want);
		iova = alloc_iova(&s->iovad, size, lo, false);
		if (iova && (shim_fail_after < 0 || !fits || iova->pfn_lo != want))
			SIM_FAIL("alloc succeeded without memory or room");
		if (!iova && shim_fail_after >= 0 && fits)
			SIM_FAIL("alloc failed with memory and room");
		if (iova)
			shadow_add(&s->sh, iova->pfn_lo, iova->pfn_hi, SH_ALLOC);
	}
	shim_fail_after = -1;
	if (iova_domain_check(&s->iovad))
		SIM_FAIL("tree broken after allocation failure");
}

static void op_fast_alloc(struct sim *s)
{
	unsigned int pick = get8(s);
	unsigned long size = 1 + (pick & 0x80 ? get16(s) % 640 : pick % 40);
	unsigned long limit = get16(s) % SHADOW_PFNS;
	bool flush = get8(s) & 1, fits;
	unsigned long rounded = size, pfn, want = 0;
	unsigned int id;

	if (size <= CACHE_MAX_PFNS)
		rounded = roundup_pow_of_two(size);
	pfn = alloc_iova_fast(&s->iovad, size, limit, flush);
	if (pfn) {
		if (pfn & (roundup_pow_of_two(rounded) - 1) ||
		    pfn + rounded - 1 > limit)
			SIM_FAIL("fast alloc %lu under %#lx: bad pfn %#lx",
				 size, limit, pfn);
		id = pfn < SHADOW_PFNS ? s->sh.owner[pfn] : 0;
		if (id && s->sh.range[id].kind == SH_CACHED &&
		    s->sh.range[id].lo == pfn &&
		    s->sh.range[id].hi == pfn + rounded - 1) {
			s->sh.range[id].kind = SH_FAST;
			s->sh.range[id].asked = size;
			return;
		}
	}
	/* Not from the cache: the tree decided, after any flush. */
	sim_resync_cache(s, pfn);
	fits = shadow_predict(&s->sh, rounded, limit, true, &want);
	if (!pfn) {
		if (fits)
			SIM_FAIL("fast alloc %lu under %#lx failed, model has %#lx",
				 size, limit, want);
		return;
	}
	if (!fits || pfn != want)
		SIM_FAIL("fast alloc %lu under %#lx: got %#lx, model %#lx",
			 size, limit, pfn, fits ? want : 0);
	id = shadow_add(&s->sh, pfn, pfn + rounded - 1, SH_FAST);
	s->sh.range[id].asked = size;
}

static void op_fast_free(struct sim *s)
{
	unsigned int id = shadow_pick(&s->sh, BIT(SH_FAST), get16(s));
	struct shadow_range *r;

	if (!id)
		return;
	r = &s->sh.range[id];
	free_iova_fast(&s->iovad, r->lo, r->asked);
	if (s->cached && r->asked <= CACHE_MAX_PFNS)
		r->kind = SH_CACHED;
	else
		shadow_remove(&s->sh, id);
	sim_resync_cache(s, 0);
}

static void op_find(struct sim *s)
{
	unsigned long pfn = get16(s) % SHADOW_PFNS;
	struct iova *iova = find_iova(&s->iovad, pfn);
	unsigned int id = s->sh.owner[pfn];

	if (!!iova != !!id ||
	    (iova && (iova->pfn_lo != s->sh.range[id].lo ||
		      iova->pfn_hi != s->sh.range[id].hi)))
		SIM_FAIL("find %#lx disagrees with the model", pfn);
}

static void op_cache_pressure(struct sim *s)
{
	unsigned int what = get8(s);

	switch (what % 4) {
	case 0:
		shim_set_cpu(what >> 2);
		return;
	case 1:
		shim_cpu_dead((what >> 2) % SHIM_NR_CPUS);
		break;
	case 2:
		shim_shrink(what);
		break;
	case 3:
		iova_pcache_shrink(&s->iovad, what);
		break;
	}
	sim_resync_cache(s, 0);
}

unsigned long sim_run(const u8 *data, size_t len, bool verify_every)
{
	static struct sim sim;
	struct sim *s = &sim;
	unsigned int flags;
	long live_before;
	unsigned long start;

	memset(s, 0, sizeof(*s));
	s->data = data;
	s->len = len;
	step = 0;
	shim_quiet = true;

	flags = get8(s);
	start = get8(s) % 64;
	s->cached = flags & 1;
	/* alloc_iova_fast() reports failure as pfn 0, so keep pfn 0 out. */
	if (s->cached && !start)
		start = 1;

	if (iova_cache_get())
		SIM_FAIL("iova_cache_get");
	live_before = shim_live_allocs;
	/* A granule below the page size, as on a 64K-page kernel. */
	init_iova_domain(&s->iovad, flags & 2 ? PAGE_SIZE / 2 : PAGE_SIZE, start);
	if (s->cached && iova_domain_init_rcaches(&s->iovad))
		SIM_FAIL("iova_domain_init_rcaches");
	shadow_init(&s->sh, start);
	shim_set_cpu(0);

	while (s->pos < s->len) {
		unsigned int op = get8(s);

		step++;
		switch (op % 12) {
		case 0:
		case 1:
			op_alloc(s);
			break;
		case 2:
		case 3:
			op_free(s);
			break;
		case 4:
			op_reserve(s);
			break;
		case 5:
			op_stray(s);
			break;
		case 6:
			op_nomem(s);
			break;
		case 7:
		case 8:
			if (s->cached)
				op_fast_alloc(s);
			else
				op_find(s);
			break;
		case 9:
			op_fast_free(s);
			break;
		case 10:
			op_find(s);
			break;
		case 11:
			if (s->cached)
				op_cache_pressure(s);
			break;
		}
		if (verify_every)
			sim_verify(s);
		else if (iova_domain_check(&s->iovad))
			SIM_FAIL("tree invariants broken");
	}
	sim_verify(s);

	put_iova_domain(&s->iovad);
	if (shim_live_allocs != live_before)
		SIM_FAIL("%ld allocations leaked",
			 shim_live_allocs - live_before);
	iova_cache_put();
	shim_set_cpu(0);
	return step;
}

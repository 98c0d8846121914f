// SPDX-License-Identifier: GPL-2.0
/*
 * IOVA allocator benchmark.  Built twice from this one file: once against
 * our iova.c and once against the base tree's, through the public API
 * only, so both run exactly the same operation sequences.
 *
 *   bench_iova <scenario> [cg]
 *
 * Scenarios:
 *   cache     alloc_iova_fast/free_iova_fast of 1..32 pfns, 16 in flight
 *   frag      alloc_iova (size-aligned, 1..32 pfns) under a 32-bit limit in
 *             a space holding 100000 live ranges after random frees;
 *             each allocation is freed again, untimed
 *   large     alloc_iova_fast/free_iova_fast of 33..512 pfns (above the
 *             base cache's largest size, within ours), 16 in flight
 *   huge      the same with 513..2048 pfns (the two largest classes of
 *             our cache since issue 20)
 *   single    513..2048 pfns, one in flight: each range is freed before
 *             the next is allocated, as strict unmaps do
 *   queue     513..2048 pfns, each freed range queued and the queue freed
 *             256 at a time, oldest first, as lazy unmaps do
 *   over      2049..8192 pfns, one in flight: above both caches
 *   fill      alloc_iova of 1..16 pfns (not aligned) into an empty 32-bit
 *             space until it is full, as frag's setup does; per allocation
 *   fillal    the same with size-aligned requests, as the DMA layer makes
 *
 * Without "cg" each scenario prints wall-clock results.  With "cg" it runs
 * fewer operations for callgrind; bench.py collects instructions only
 * inside the bench_measure_*() functions.
 */
#include <time.h>

#include "shim/kshim.h"
#include <linux/iova.h>

#define LIMIT_32BIT	0xfffffUL	/* 4GiB of 4KiB pfns */
#define IN_FLIGHT	16

static struct iova_domain dom;
static unsigned long rng_state = 0x9e3779b97f4a7c15UL;

static unsigned long rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void setup_domain(bool cached)
{
	if (iova_cache_get())
		abort();
	init_iova_domain(&dom, PAGE_SIZE, 1);
	if (cached && iova_domain_init_rcaches(&dom))
		abort();
	shim_set_cpu(0);
}

/* ---- streams of alloc/free pairs through the fast path ------------------ */

struct stream {
	unsigned long	pfn[IN_FLIGHT];
	unsigned long	size[IN_FLIGHT];
	unsigned long	min_size, span;
	unsigned int	in_flight;
};

static void stream_init(struct stream *st, unsigned long min_size,
			unsigned long max_size, unsigned int in_flight)
{
	memset(st, 0, sizeof(*st));
	st->min_size = min_size;
	st->span = max_size - min_size + 1;
	st->in_flight = in_flight;
}

/* One allocation and one free: the oldest of in_flight outstanding. */
static inline void stream_step(struct stream *st, unsigned long i)
{
	unsigned int slot = i % st->in_flight;
	unsigned long size = st->min_size + (i * 7) % st->span;

	if (st->pfn[slot])
		free_iova_fast(&dom, st->pfn[slot], st->size[slot]);
	st->pfn[slot] = alloc_iova_fast(&dom, size, LIMIT_32BIT, true);
	st->size[slot] = size;
	if (!st->pfn[slot])
		abort();
}

static void stream_drain(struct stream *st)
{
	unsigned int i;

	for (i = 0; i < IN_FLIGHT; i++)
		if (st->pfn[i])
			free_iova_fast(&dom, st->pfn[i], st->size[i]);
}

/* Measured region: callgrind collects inside this function only. */
noinline void bench_measure_stream(void *ctx, unsigned long from,
				   unsigned long n)
{
	struct stream *st = ctx;
	unsigned long i;

	for (i = from; i < from + n; i++)
		stream_step(st, i);
}

/* A few small ranges in flight elsewhere in the space, as on a device. */
static void populate_background(unsigned long n)
{
	while (n--)
		if (!alloc_iova(&dom, 1 + rng() % 8, LIMIT_32BIT, true))
			abort();
}

/*
 * Operations @from to @from + @n - 1 of a scenario, in a bench_measure_*()
 * function, the only code callgrind counts.
 */
typedef void (*bench_fn)(void *ctx, unsigned long from, unsigned long n);

/*
 * Warm up with @warm operations, then count @ops more under callgrind
 * (@cg) or time five passes of @ops and print the best.
 */
static void run_timed(const char *name, bench_fn fn, void *ctx,
		      unsigned long warm, unsigned long ops, bool cg)
{
	double best = 1e30, t;
	int rep;

	fn(ctx, 0, warm);
	if (cg) {
		fn(ctx, warm, ops);
		printf("CGOPS %s %lu\n", name, ops);
		return;
	}
	for (rep = 0; rep < 5; rep++) {
		t = now_ns();
		fn(ctx, warm + rep * ops, ops);
		t = now_ns() - t;
		if (t < best)
			best = t;
	}
	printf("RESULT %s ops=%lu mean_ns=%.1f\n", name, ops, best / ops);
}

static void run_stream(const char *name, unsigned long min_size,
		       unsigned long max_size, unsigned int in_flight,
		       unsigned long ops, bool cg)
{
	struct stream st;

	setup_domain(true);
	populate_background(1000);
	stream_init(&st, min_size, max_size, in_flight);
	/* The warm-up fills the caches to their working level. */
	run_timed(name, bench_measure_stream, &st, cg ? 1000 : 100000, ops, cg);
	stream_drain(&st);
	put_iova_domain(&dom);
	iova_cache_put();
}

/*
 * dma-iommu's lazy mode: every unmapped range waits in a flush queue of
 * FQ_SIZE entries, and a full queue is freed at once, oldest first.
 */
#define FQ_SIZE		256

struct flushq {
	unsigned long	pfn[FQ_SIZE];
	unsigned long	size[FQ_SIZE];
	unsigned int	n;
	unsigned long	min_size, span;
};

/* Free every queued range, oldest first. */
static inline void flushq_drain(struct flushq *q)
{
	unsigned int j;

	for (j = 0; j < q->n; j++)
		free_iova_fast(&dom, q->pfn[j], q->size[j]);
	q->n = 0;
}

/* Measured region: one map and its unmap, queue flushes included. */
noinline void bench_measure_queue(void *ctx, unsigned long from,
				  unsigned long n)
{
	struct flushq *q = ctx;
	unsigned long i, size;

	for (i = from; i < from + n; i++) {
		size = q->min_size + (i * 7) % q->span;
		q->pfn[q->n] = alloc_iova_fast(&dom, size, LIMIT_32BIT, true);
		if (!q->pfn[q->n])
			abort();
		q->size[q->n++] = size;
		if (q->n == FQ_SIZE)
			flushq_drain(q);
	}
}

static void run_queue(const char *name, unsigned long min_size,
		      unsigned long max_size, unsigned long ops, bool cg)
{
	static struct flushq q;

	setup_domain(true);
	populate_background(1000);
	memset(&q, 0, sizeof(q));
	q.min_size = min_size;
	q.span = max_size - min_size + 1;
	run_timed(name, bench_measure_queue, &q, cg ? 1024 : 102400, ops, cg);
	flushq_drain(&q);
	put_iova_domain(&dom);
	iova_cache_put();
}

/* ---- filling an empty space ------------------------------------------- */

#define FILL_MAX	1200000

/* Measured region: one allocation of the fill. */
noinline struct iova *bench_measure_fill(unsigned long size, bool aligned)
{
	return alloc_iova(&dom, size, LIMIT_32BIT, aligned);
}

/*
 * Allocate ranges of 1..16 pfns from an empty 32-bit space, nothing
 * freed, until less than 16 pfns are left or a request fails; then free
 * them all.  Returns how many allocations were made.
 */
static unsigned long fill_once(bool aligned, double *ns)
{
	static struct iova *held[FILL_MAX];
	unsigned long n = 0, room = LIMIT_32BIT, size, i;
	double t;

	setup_domain(false);
	rng_state = 0x9e3779b97f4a7c15UL;
	t = now_ns();
	while (n < FILL_MAX && room >= 16) {
		size = 1 + rng() % 16;
		held[n] = bench_measure_fill(size, aligned);
		if (!held[n])
			break;
		room -= size;
		n++;
	}
	*ns = now_ns() - t;
	for (i = 0; i < n; i++)
		__free_iova(&dom, held[i]);
	put_iova_domain(&dom);
	iova_cache_put();
	return n;
}

static void run_fill(const char *name, bool aligned, bool cg)
{
	double best = 1e30, t;
	unsigned long n = 0;
	int rep;

	for (rep = 0; rep < (cg ? 1 : 5); rep++) {
		n = fill_once(aligned, &t);
		if (t < best)
			best = t;
	}
	if (cg)
		printf("CGOPS %s %lu\n", name, n);
	else
		printf("RESULT %s ops=%lu mean_ns=%.1f\n", name, n, best / n);
}

/* ---- fragmented 32-bit space --------------------------------------------- */

#define FRAG_MAX	400000
#define FRAG_LIVE	100000

static struct iova *frag_ranges[FRAG_MAX];

/*
 * Pack the 32-bit space from the top with ranges of 1..16 pfns (unaligned,
 * so both allocators lay them out identically, back to back) until fewer
 * than 16 pfns are left, then free ranges at random until FRAG_LIVE
 * remain: about a fifth of the space is free, scattered in small holes.
 */
static void frag_setup(void)
{
	unsigned long i, j, n = 0, room = LIMIT_32BIT, size;
	struct iova *tmp;

	setup_domain(false);
	while (n < FRAG_MAX && room >= 16) {
		size = 1 + rng() % 16;
		frag_ranges[n] = alloc_iova(&dom, size, LIMIT_32BIT, false);
		if (!frag_ranges[n])
			abort();
		room -= size;
		n++;
	}
	if (n <= FRAG_LIVE)
		abort();
	if (getenv("BENCH_DEBUG"))
		fprintf(stderr, "frag: filled with %lu ranges\n", n);
	for (i = n - 1; i > 0; i--) {
		j = rng() % (i + 1);
		tmp = frag_ranges[i];
		frag_ranges[i] = frag_ranges[j];
		frag_ranges[j] = tmp;
	}
	for (i = 0; i < n - FRAG_LIVE; i++)
		__free_iova(&dom, frag_ranges[i]);
}

/* Measured region: one allocation. */
noinline struct iova *bench_measure_frag(unsigned long size)
{
	return alloc_iova(&dom, size, LIMIT_32BIT, true);
}

/*
 * Allocate @ops ranges of 1..32 pfns one after another and keep them, as
 * a device with many mappings in flight would, then free them.  Three
 * passes over the same request sequence from the same tree; each request
 * is charged its fastest pass, which keeps preemption out of the worst
 * case.  Failed requests count like the others.
 */
static struct iova *frag_held[4096];
static double frag_ns[4096];

static void run_frag(unsigned long ops, bool cg)
{
	unsigned long i, failed = 0, seed;
	double sum = 0, worst = 0, t;
	int pass, passes = cg ? 1 : 3;

	if (ops > ARRAY_SIZE(frag_held))
		abort();
	frag_setup();
	seed = rng_state;
	for (i = 0; i < ops; i++)
		frag_ns[i] = 1e30;
	for (pass = 0; pass < passes; pass++) {
		rng_state = seed;
		for (i = 0; i < ops; i++) {
			unsigned long size = 1 + rng() % 32;

			t = now_ns();
			frag_held[i] = bench_measure_frag(size);
			t = now_ns() - t;
			if (t < frag_ns[i])
				frag_ns[i] = t;
			if (!frag_held[i] && !pass)
				failed++;
		}
		for (i = 0; i < ops; i++)
			if (frag_held[i])
				__free_iova(&dom, frag_held[i]);
	}
	for (i = 0; i < ops; i++) {
		sum += frag_ns[i];
		if (frag_ns[i] > worst)
			worst = frag_ns[i];
	}
	if (!cg)
		printf("RESULT frag ops=%lu mean_ns=%.1f worst_ns=%.1f failed=%lu\n",
		       ops, sum / ops, worst, failed);
	put_iova_domain(&dom);
	iova_cache_put();
}

int main(int argc, char **argv)
{
	bool cg = argc > 2 && !strcmp(argv[2], "cg");
	const char *which = argc > 1 ? argv[1] : "";

	shim_quiet = true;
	if (!strcmp(which, "cache")) {
		run_stream("cache", 1, 32, IN_FLIGHT, cg ? 100000 : 1000000, cg);
	} else if (!strcmp(which, "frag")) {
		run_frag(cg ? 400 : 2000, cg);
	} else if (!strcmp(which, "large")) {
		run_stream("large", 33, 512, IN_FLIGHT, cg ? 100000 : 1000000,
			   cg);
	} else if (!strcmp(which, "huge")) {
		run_stream("huge", 513, 2048, IN_FLIGHT, cg ? 50000 : 300000, cg);
	} else if (!strcmp(which, "single")) {
		run_stream("single", 513, 2048, 1, cg ? 50000 : 300000, cg);
	} else if (!strcmp(which, "queue")) {
		run_queue("queue", 513, 2048, cg ? 51200 : 307200, cg);
	} else if (!strcmp(which, "over")) {
		run_stream("over", 2049, 8192, 1, cg ? 50000 : 300000, cg);
	} else if (!strcmp(which, "fill")) {
		run_fill("fill", false, cg);
	} else if (!strcmp(which, "fillal")) {
		run_fill("fillal", true, cg);
	} else {
		fprintf(stderr,
			"usage: %s cache|frag|large|huge|single|queue|over|fill|fillal [cg]\n",
			argv[0]);
		return 2;
	}
	return 0;
}

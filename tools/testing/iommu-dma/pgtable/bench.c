// SPDX-License-Identifier: GPL-2.0-only
/*
 * Micro-benchmark of map_pages/unmap_pages with ARM_64_LPAE_S1 (4K granule,
 * 48-bit, coherent walker), linked against either our io-pgtable or the
 * base tree's.  Steady state: tables already exist, as after the first use
 * of an IOVA range, and unmaps queue TLB invalidation per page as in
 * strict mode.
 *
 *   bench time        ns per operation for each case, as "case dir ns"
 *   bench count CASE  one batch of maps and one of unmaps under callgrind,
 *                     collection toggled on only around the calls
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include "pgtable_shim.h"
#include <linux/io-pgtable.h>

struct bcase {
	const char *name;
	size_t pgsize, count;	/* one operation */
	int batch;		/* operations per timed batch */
};

static const struct bcase cases[] = {
	{ "1x4K", SZ_4K, 1, 512 },
	{ "256x4K", SZ_4K, 256, 16 },
	{ "256x2M", SZ_2M, 256, 4 },
};

static long tlb_pages;

static void b_flush_all(void *c) { (void)c; }
static void b_flush_walk(unsigned long iova, size_t size, size_t gran, void *c)
{
	(void)iova; (void)size; (void)gran; (void)c;
}

static void b_add_page(struct iommu_iotlb_gather *g, unsigned long iova,
		       size_t gran, void *c)
{
	(void)g; (void)iova; (void)gran; (void)c;
	tlb_pages++;
	/* an empty asm that claims to read the count keeps the store alive */
	asm volatile("" : : "r" (tlb_pages) : "memory");
}

static const struct iommu_flush_ops b_tlb = {
	.tlb_flush_all = b_flush_all,
	.tlb_flush_walk = b_flush_walk,
	.tlb_add_page = b_add_page,
};

static struct device b_dev;
static struct io_pgtable_ops *ops;

/* distinct IOVA ranges per operation of a batch, 1G apart */
static unsigned long op_iova(int i, const struct bcase *c)
{
	return 0x100000000UL + (unsigned long)i *
	       (c->pgsize * c->count < SZ_1G ? c->pgsize * c->count : SZ_1G);
}

static noinline void map_batch(const struct bcase *c)
{
	for (int i = 0; i < c->batch; i++) {
		size_t total = c->pgsize * c->count, done = 0;
		unsigned long iova = op_iova(i, c);

		/* like iommu_map(): call again on partial progress */
		while (done < total) {
			size_t got = 0;

			if (ops->map_pages(ops, iova + done, 0x80000000UL + done,
					   c->pgsize, (total - done) / c->pgsize,
					   IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE,
					   GFP_ATOMIC, &got) || !got)
				abort();
			done += got;
		}
	}
}

static noinline void unmap_batch(const struct bcase *c)
{
	struct iommu_iotlb_gather g = { 0 };

	for (int i = 0; i < c->batch; i++) {
		size_t total = c->pgsize * c->count, done = 0;
		unsigned long iova = op_iova(i, c);

		while (done < total) {
			size_t got = ops->unmap_pages(ops, iova + done, c->pgsize,
						      (total - done) / c->pgsize,
						      &g);
			if (!got)
				abort();
			done += got;
		}
	}
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void setup(void)
{
	struct io_pgtable_cfg cfg = {
		.pgsize_bitmap = SZ_4K | SZ_2M | SZ_1G,
		.ias = 48, .oas = 48, .coherent_walk = true,
		.tlb = &b_tlb, .iommu_dev = &b_dev,
	};

	ops = alloc_io_pgtable_ops(ARM_64_LPAE_S1, &cfg, NULL);
	if (!ops)
		abort();
}

int main(int argc, char **argv)
{
	int k, r;

	setup();
	if (argc > 2 && !strcmp(argv[1], "count")) {
		for (k = 0; k < (int)ARRAY_SIZE(cases); k++)
			if (!strcmp(cases[k].name, argv[2]))
				break;
		if (k == ARRAY_SIZE(cases))
			return 2;
		/* warm up: build the tables, then measure one batch each */
		map_batch(&cases[k]);
		unmap_batch(&cases[k]);
		CALLGRIND_ZERO_STATS;
		CALLGRIND_TOGGLE_COLLECT;
		map_batch(&cases[k]);
		CALLGRIND_TOGGLE_COLLECT;
		CALLGRIND_DUMP_STATS_AT("map");
		CALLGRIND_TOGGLE_COLLECT;
		unmap_batch(&cases[k]);
		CALLGRIND_TOGGLE_COLLECT;
		CALLGRIND_DUMP_STATS_AT("unmap");
		printf("batch %d\n", cases[k].batch);
		return 0;
	}
	for (k = 0; k < (int)ARRAY_SIZE(cases); k++) {
		const struct bcase *c = &cases[k];
		double best_map = 1e30, best_unmap = 1e30, t0, t1, t2;
		int rounds = c->pgsize == SZ_2M ? 200 : 400;

		map_batch(c);
		unmap_batch(c);
		for (r = 0; r < rounds; r++) {
			t0 = now_ns();
			map_batch(c);
			t1 = now_ns();
			unmap_batch(c);
			t2 = now_ns();
			if (t1 - t0 < best_map)
				best_map = t1 - t0;
			if (t2 - t1 < best_unmap)
				best_unmap = t2 - t1;
		}
		printf("%s map %.0f\n", c->name, best_map / c->batch);
		printf("%s unmap %.0f\n", c->name, best_unmap / c->batch);
	}
	free_io_pgtable_ops(ops);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of the io-pgtable backends.  Prints one TAP-style line per
 * test case and a closing "N passed, N failed" line.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgtable_shim.h"
#include "harness.h"

static int n_pass, n_fail, n_case;

/* report a failed expectation; the caller then fails the test case */
static __printf(3, 4) bool ck_report(const char *fn, int line,
				     const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "  %s:%d: ", fn, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return true;
}

/* true (after a report) when the expectation @c does not hold */
#define MISSED(c, ...)	(!(c) && ck_report(__func__, __LINE__, __VA_ARGS__))

static const int prots[] = {
	IOMMU_READ, IOMMU_WRITE, IOMMU_READ | IOMMU_WRITE,
	IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE,
	IOMMU_READ | IOMMU_NOEXEC, IOMMU_READ | IOMMU_WRITE | IOMMU_MMIO,
	IOMMU_READ | IOMMU_WRITE | IOMMU_PRIV | IOMMU_CACHE | IOMMU_NOEXEC,
	IOMMU_WRITE | IOMMU_PRIV | IOMMU_MMIO | IOMMU_NOEXEC,
};

static u64 top_iova(struct hpt *h)
{
	return h_va_base(h) + (1ULL << h->cfg.ias);	/* may wrap to 0 */
}

/* a physical address near the top of the output range, aligned */
static u64 high_pa(struct hpt *h, size_t pgsize, unsigned int k)
{
	return ((1ULL << h->cfg.oas) - (u64)k * pgsize) & ~(u64)(pgsize - 1);
}

static int t_regs(struct hpt *h)
{
	if (MISSED(!wk_check_regs(h->hc->wf, &h->cfg), "register values"))
		return -1;
	if (MISSED(!h_verify(h), "empty tables"))
		return -1;
	return 0;
}

/* map, look up and unmap every page size, at both ends of the range */
static int t_every_size(struct hpt *h)
{
	unsigned long sizes = h->cfg.pgsize_bitmap;
	struct iommu_iotlb_gather g;
	int p = 0;

	while (sizes) {
		size_t pg = sizes & -sizes;
		u64 span = (u64)pg * 3;
		size_t got;
		int r;

		sizes &= sizes - 1;
		if (span > (1ULL << h->cfg.ias) / 2)
			continue;
		for (int end = 0; end < 2; end++) {
			u64 iova = end ? top_iova(h) - span : h_va_base(h);
			u64 pa = end ? high_pa(h, pg, 4) : pg;
			int prot = prots[p++ % ARRAY_SIZE(prots)];

			r = h_map(h, iova, pa, pg, 3, prot, &got);
			if (MISSED(!r && got == span, "map %#zx x3 at %#llx: %d, %#zx",
				   pg, (unsigned long long)iova, r, got))
				return -1;
			if (MISSED(!h_verify(h), "after map of %#zx", pg))
				return -1;
			if (MISSED(h->ops->iova_to_phys(h->ops, iova + pg + 8) ==
				   pa + pg + 8, "iova_to_phys"))
				return -1;
			h->add_pages = 0;
			memset(&g, 0, sizeof(g));
			if (MISSED(h_unmap(h, iova, pg, 3, &g) == span,
				   "unmap %#zx x3", pg))
				return -1;
			if (MISSED(h->add_pages >= 3, "TLB pages queued: %ld",
				   h->add_pages))
				return -1;
			if (MISSED(!h->ops->iova_to_phys(h->ops, iova + pg),
				   "still translates after unmap"))
				return -1;
			if (MISSED(!h_verify(h), "after unmap of %#zx", pg))
				return -1;
		}
	}
	return 0;
}

/* a run of pages that crosses from one last-level table into the next */
static int t_cross_tables(struct hpt *h)
{
	size_t pg = h->cfg.pgsize_bitmap & -h->cfg.pgsize_bitmap;
	u64 tblspan = h->hc->wf == WK_V7S ? SZ_1M : (u64)pg * (pg / 8);
	u64 iova = h_va_base(h) + tblspan * 2 - 5 * pg;
	size_t got = 0, done = 0;
	struct iommu_iotlb_gather g = { 0 };

	/* callers loop on partial progress, as iommu_map() does */
	while (done < 10 * pg) {
		int r = h_map(h, iova + done, 0x80000000ULL + done, pg,
			      (10 * pg - done) / pg, IOMMU_READ | IOMMU_WRITE,
			      &got);

		if (MISSED(!r && got, "map across tables: %d", r))
			return -1;
		done += got;
	}
	if (MISSED(!h_verify(h), "after map"))
		return -1;
	for (done = 0; done < 10 * pg;) {
		size_t n = h_unmap(h, iova + done, pg, (10 * pg - done) / pg, &g);

		if (MISSED(n, "unmap across tables stalled"))
			return -1;
		done += n;
	}
	if (MISSED(g.start == iova && g.end == iova + 10 * pg, "gather range"))
		return -1;
	if (MISSED(!h_verify(h), "after unmap"))
		return -1;
	return 0;
}

/* unmapping part of a block splits it; the rest stays mapped as it was */
static int t_split(struct hpt *h)
{
	unsigned long sizes = h->cfg.pgsize_bitmap;
	size_t small = sizes & -sizes;

	for (sizes &= sizes - 1; sizes; sizes &= sizes - 1) {
		size_t blk = sizes & -sizes;
		u64 iova = h_va_base(h) + blk;
		u64 pa = high_pa(h, blk, 2);
		u64 hole = iova + blk / 2 + small;
		size_t got;
		int prot = IOMMU_READ | IOMMU_CACHE | IOMMU_NOEXEC;

		if (blk * 3 > (1ULL << h->cfg.ias))
			continue;
		if (MISSED(!h_map(h, iova, pa, blk, 1, prot, &got), "map block"))
			return -1;
		if (MISSED(h_unmap(h, hole, small, 1, NULL) == small,
			   "unmap %#zx inside %#zx", small, blk))
			return -1;
		if (MISSED(!h->ops->iova_to_phys(h->ops, hole), "hole translates"))
			return -1;
		if (MISSED(h->ops->iova_to_phys(h->ops, hole + small) ==
			   pa + (hole + small - iova), "rest moved"))
			return -1;
		if (MISSED(!h_verify(h), "after split of %#zx", blk))
			return -1;
		/* two more pieces, one at each end of the block */
		if (MISSED(h_unmap(h, iova, small, 2, NULL) == 2 * small, "head"))
			return -1;
		if (MISSED(h_unmap(h, iova + blk - small, small, 1, NULL) == small,
			   "tail"))
			return -1;
		if (MISSED(!h_verify(h), "after more splits"))
			return -1;
		/* and the whole block range goes at once */
		if (MISSED(h_unmap(h, iova, blk, 1, NULL) == blk, "unmap rest"))
			return -1;
		if (MISSED(!h_verify(h), "after unmap of split block"))
			return -1;
	}
	return 0;
}

/* refused requests return the right error and change nothing */
static int t_refusals(struct hpt *h)
{
	size_t pg = h->cfg.pgsize_bitmap & -h->cfg.pgsize_bitmap;
	unsigned long big = h->cfg.pgsize_bitmap & ~(unsigned long)pg;
	u64 base = h_va_base(h) + 16 * pg;
	long tables;
	size_t got = 0;
	int r;

	if (MISSED(!h_map(h, base, 0x40000000, pg, 4, IOMMU_READ, &got), "map"))
		return -1;
	tables = shim_live_tables;

	r = h_map(h, base + pg, 0x50000000, pg, 1, IOMMU_READ, &got);
	if (MISSED(r == -EEXIST && !got, "overlap: %d", r))
		return -1;
	r = h_map(h, base - pg, 0x50000000, pg, 2, IOMMU_READ, &got);
	if (MISSED(r == -EEXIST && !got, "overlap of a run's tail: %d", r))
		return -1;
	if (big) {
		size_t b = big & -big;

		r = h_map(h, base & ~(u64)(b - 1), 0, b, 1, IOMMU_READ, &got);
		if (MISSED(r == -EEXIST && !got, "block over pages: %d", r))
			return -1;
	}
	{
		/* a run refused in its second last-level table is undone */
		u64 tblspan = h->hc->wf == WK_V7S ? SZ_1M : (u64)pg * (pg / 8);
		u64 edge = h_va_base(h) + 2 * tblspan;

		if (3 * tblspan <= (1ULL << h->cfg.ias)) {
			if (MISSED(!h_map(h, edge + pg, 0x60000000, pg, 1,
					  IOMMU_READ, &got),
				   "map past the edge"))
				return -1;
			r = h_map(h, edge - 2 * pg, 0x50000000, pg, 4, IOMMU_READ,
				  &got);
			if (MISSED(r == -EEXIST && !got, "run into the next table: %d %#zx",
				   r, got))
				return -1;
			if (MISSED(!h_verify(h), "after refused run"))
				return -1;
			tables = shim_live_tables;
		}
	}
	r = h_map(h, base + 64 * pg + 0x800, 0, pg, 1, IOMMU_READ, &got);
	if (MISSED(r == -EINVAL, "misaligned iova: %d", r))
		return -1;
	r = h_map(h, base + 64 * pg, 0x1800, pg, 1, IOMMU_READ, &got);
	if (MISSED(r == -EINVAL, "misaligned pa: %d", r))
		return -1;
	r = h_map(h, base + 64 * pg, 0, pg * 2, 1, IOMMU_READ, &got);
	if (MISSED(r == -EINVAL, "unsupported size: %d", r))
		return -1;
	r = h_map(h, base + 64 * pg, 0, pg | (pg * 2), 1, IOMMU_READ, &got);
	if (MISSED(r == -EINVAL, "two sizes at once: %d", r))
		return -1;
	r = h_map(h, base + 64 * pg, 0, 0, 1, IOMMU_READ, &got);
	if (MISSED(r == -EINVAL, "size 0: %d", r))
		return -1;
	r = h_map(h, base + 64 * pg, 0, pg, 1, 0, &got);
	if (MISSED(r == -EINVAL, "no permission: %d", r))
		return -1;
	r = h_map(h, top_iova(h) - pg, 0, pg, 2, IOMMU_READ, &got);
	if (MISSED(r && !got, "run past the input range: %d", r))
		return -1;
	if (h->cfg.ias < 64 && !(h->cfg.quirks & IO_PGTABLE_QUIRK_ARM_TTBR1)) {
		r = h_map(h, 1ULL << h->cfg.ias, 0, pg, 1, IOMMU_READ, &got);
		if (MISSED(r && !got, "iova beyond ias: %d", r))
			return -1;
	}
	if (h->cfg.quirks & IO_PGTABLE_QUIRK_ARM_TTBR1) {
		r = h_map(h, 0x1000, 0, pg, 1, IOMMU_READ, &got);
		if (MISSED(r && !got, "lower-half iova with TTBR1: %d", r))
			return -1;
	}
	if (h->cfg.oas < 64) {
		r = h_map(h, base + 64 * pg, 1ULL << h->cfg.oas, pg, 1,
			  IOMMU_READ, &got);
		if (MISSED(r && !got, "pa beyond oas: %d", r))
			return -1;
	}
	r = h_map(h, base + 64 * pg, ~(u64)(pg - 1), pg, 2, IOMMU_READ, &got);
	if (MISSED(r && !got, "pa run wrapping past 2^64: %d", r))
		return -1;
	if (MISSED(!h_unmap(h, base + 0x800, pg, 1, NULL), "misaligned unmap"))
		return -1;
	if (MISSED(!h_unmap(h, base + 64 * pg, pg, 1, NULL), "unmap of a hole"))
		return -1;
	if (MISSED(!h_unmap(h, base, pg * 2, 0, NULL), "unmap of count 0"))
		return -1;
	if (MISSED(shim_live_tables == tables, "tables changed: %ld -> %ld",
		   tables, shim_live_tables))
		return -1;
	if (MISSED(!h_verify(h), "after refusals"))
		return -1;
	return 0;
}

/* a failed table allocation fails the map and leaves nothing behind */
static int t_nomem(struct hpt *h)
{
	size_t pg = h->cfg.pgsize_bitmap & -h->cfg.pgsize_bitmap;
	size_t got = 0;
	int r;

	shim_fail_allocs = 1;
	r = h_map(h, h_va_base(h) + (1ULL << (h->cfg.ias - 1)), 0, pg, 1,
		  IOMMU_READ, &got);
	shim_fail_allocs = 0;
	if (MISSED(r == -ENOMEM && !got, "map without memory: %d", r))
		return -1;
	if (MISSED(!h_verify(h), "after failed map"))
		return -1;
	return 0;
}

/* a block can go where a table emptied by unmaps used to be */
static int t_block_over_empty_table(struct hpt *h)
{
	unsigned long sizes = h->cfg.pgsize_bitmap;
	size_t pg = sizes & -sizes, blk;
	u64 iova;
	size_t got;

	sizes &= sizes - 1;
	if (!sizes)
		return 0;
	blk = sizes & -sizes;
	iova = h_va_base(h) + 2 * (u64)blk;
	if (iova + blk > top_iova(h) - 1 && top_iova(h))
		return 0;
	if (MISSED(!h_map(h, iova + pg, 0x10000000, pg, 1, IOMMU_READ, &got), "page"))
		return -1;
	if (MISSED(h_unmap(h, iova + pg, pg, 1, NULL) == pg, "unmap page"))
		return -1;
	if (MISSED(!h_map(h, iova, (u64)blk * 4, blk, 1, IOMMU_READ, &got) &&
		   got == blk, "block over empty table"))
		return -1;
	if (MISSED(!h_verify(h), "after block"))
		return -1;
	return 0;
}

/* hardware dirty tracking: writable leaves start dirty, get cleaned */
struct dirty_ctx { u64 bytes; };

static struct dirty_ctx *dctx;

static void record_dirty(unsigned long iova, unsigned long len)
{
	(void)iova;
	dctx->bytes += len;
}

static int count_dirty(const struct wk_leaf *lf, void *arg)
{
	if (lf->a.dirty)
		*(u64 *)arg += lf->size;
	return 0;
}

static int t_dirty(struct hpt *h)
{
	struct dirty_ctx dc = { 0 };
	struct iommu_dirty_bitmap bm = { 0 };
	u64 iova = h_va_base(h) + SZ_1G, n = 0;
	size_t got;
	int r;

	if (h->hc->fmt != ARM_64_LPAE_S1) {
		r = h->ops->read_and_clear_dirty ?
		    h->ops->read_and_clear_dirty(h->ops, 0, SZ_4K, 0, &bm) : -EINVAL;
		if (MISSED(r == -EINVAL, "dirty tracking on another format: %d", r))
			return -1;
		return 0;
	}
	if (!(h->cfg.quirks & IO_PGTABLE_QUIRK_ARM_HD))
		return 0;
	dctx = &dc;
	shim_dirty_record = record_dirty;
	h->ignore_dirty = true;
	if (MISSED(!h_map(h, iova, 0x100000000ULL, SZ_2M, 1,
			  IOMMU_READ | IOMMU_WRITE, &got), "map block"))
		return -1;
	if (MISSED(!h_map(h, iova + SZ_2M, 0x200000000ULL, SZ_4K, 8,
			  IOMMU_READ | IOMMU_WRITE, &got), "map pages"))
		return -1;
	if (MISSED(!h_map(h, iova + SZ_4M, 0x300000000ULL, SZ_4K, 8,
			  IOMMU_READ, &got), "map read-only pages"))
		return -1;
	if (MISSED(!h_verify(h), "dirty mappings"))
		return -1;
	r = h->ops->read_and_clear_dirty(h->ops, iova, SZ_4M + SZ_64K,
					 IOMMU_DIRTY_NO_CLEAR, &bm);
	if (MISSED(!r && dc.bytes == SZ_2M + 8 * SZ_4K, "peek: %d %#llx", r,
		   (unsigned long long)dc.bytes))
		return -1;
	wk_walk(h->hc->wf, &h->cfg, count_dirty, &n, NULL);
	if (MISSED(n == SZ_2M + 8 * SZ_4K, "peek cleaned entries"))
		return -1;
	dc.bytes = 0;
	r = h->ops->read_and_clear_dirty(h->ops, iova, SZ_4M + SZ_64K, 0, &bm);
	if (MISSED(!r && dc.bytes == SZ_2M + 8 * SZ_4K, "read and clear: %d", r))
		return -1;
	n = 0;
	wk_walk(h->hc->wf, &h->cfg, count_dirty, &n, NULL);
	if (MISSED(n == 0, "entries still dirty: %#llx", (unsigned long long)n))
		return -1;
	if (MISSED(!h_verify(h), "after clear"))
		return -1;
	dc.bytes = 0;
	r = h->ops->read_and_clear_dirty(h->ops, iova, SZ_4M + SZ_64K, 0, &bm);
	if (MISSED(!r && !dc.bytes, "clean tables report dirt"))
		return -1;
	shim_dirty_record = NULL;
	return 0;
}

/* threads map and unmap disjoint ranges that share upper-level tables */
struct thr {
	struct hpt *h;
	u64 base;
	size_t pg;
	int id, err;
	pthread_barrier_t *bar;
};

static void *thr_fn(void *arg)
{
	struct thr *t = arg;
	struct io_pgtable_ops *ops = t->h->ops;
	unsigned int seed = t->id * 7919 + 1;
	int round, i;

	pthread_barrier_wait(t->bar);
	for (round = 0; round < 200 && !t->err; round++) {
		for (i = 0; i < 16; i++) {
			u64 iova = t->base + (u64)(i * 5 + round % 5) * t->pg * 3;
			u64 pa = 0x40000000ULL + iova - t->base;
			size_t got = 0, n = 1 + rand_r(&seed) % 3;

			if (ops->map_pages(ops, iova, pa, t->pg, n, IOMMU_READ,
					   GFP_ATOMIC, &got) || got != n * t->pg) {
				t->err = 1;
				break;
			}
			if (ops->iova_to_phys(ops, iova + t->pg - 1) !=
			    pa + t->pg - 1)
				t->err = 2;
			if (ops->unmap_pages(ops, iova, t->pg, n, NULL) !=
			    n * t->pg)
				t->err = 3;
		}
	}
	return NULL;
}

static int t_concurrent(struct hpt *h)
{
	enum { NT = 4 };
	size_t pg = h->cfg.pgsize_bitmap & -h->cfg.pgsize_bitmap;
	pthread_barrier_t bar;
	pthread_t tid[NT];
	struct thr t[NT];
	int i;

	pthread_barrier_init(&bar, NULL, NT);
	for (i = 0; i < NT; i++) {
		/* 256 pages apart: neighbours share every table above leaves */
		t[i] = (struct thr){ h, h_va_base(h) + (u64)i * 256 * pg, pg, i,
				     0, &bar };
		pthread_create(&tid[i], NULL, thr_fn, &t[i]);
	}
	for (i = 0; i < NT; i++) {
		pthread_join(tid[i], NULL);
		if (MISSED(!t[i].err, "thread %d failed: %d", i, t[i].err))
			return -1;
	}
	pthread_barrier_destroy(&bar);
	if (MISSED(!h_verify(h), "after concurrent traffic"))
		return -1;
	return 0;
}

/* concurrent partial unmaps of one block: both split it, one wins */
struct split_thr {
	struct hpt *h;
	u64 iova;
	size_t pg;
	size_t got;
	pthread_barrier_t *bar;
};

static void *split_fn(void *arg)
{
	struct split_thr *s = arg;

	pthread_barrier_wait(s->bar);
	s->got = s->h->ops->unmap_pages(s->h->ops, s->iova, s->pg, 1, NULL);
	return NULL;
}

static int t_concurrent_split(struct hpt *h)
{
	unsigned long sizes = h->cfg.pgsize_bitmap;
	size_t pg = sizes & -sizes, blk;
	struct split_thr s[2];
	pthread_barrier_t bar;
	pthread_t tid[2];
	u64 iova;
	size_t got;
	int i, round;

	sizes &= sizes - 1;
	if (!sizes)
		return 0;
	blk = sizes & -sizes;
	iova = h_va_base(h) + blk;
	if (blk * 3 > (1ULL << h->cfg.ias))
		return 0;
	pthread_barrier_init(&bar, NULL, 2);
	for (round = 0; round < 20; round++) {
		if (MISSED(!h_map(h, iova, blk * 2, blk, 1, IOMMU_READ, &got), "map"))
			return -1;
		for (i = 0; i < 2; i++) {
			s[i] = (struct split_thr){ h, iova + (i ? blk - pg : 0),
						   pg, 0, &bar };
			pthread_create(&tid[i], NULL, split_fn, &s[i]);
		}
		for (i = 0; i < 2; i++) {
			pthread_join(tid[i], NULL);
			if (MISSED(s[i].got == pg, "split unmap %d returned %#zx", i,
				   s[i].got))
				return -1;
		}
		h->n_ext = 0;	/* the threads bypassed the shadow */
		if (MISSED(!h->ops->iova_to_phys(h->ops, iova) &&
			   !h->ops->iova_to_phys(h->ops, iova + blk - pg) &&
			   h->ops->iova_to_phys(h->ops, iova + pg) == blk * 2 + pg,
			   "after racing splits"))
			return -1;
		if (MISSED(h_unmap(h, iova, blk, 1, NULL) == blk, "unmap rest"))
			return -1;
	}
	pthread_barrier_destroy(&bar);
	if (MISSED(!h_verify(h), "after racing splits"))
		return -1;
	return 0;
}

/* a table where a bigger leaf is unmapped goes, with a walk flush */
static int t_unmap_over_table(struct hpt *h)
{
	unsigned long sizes = h->cfg.pgsize_bitmap;
	size_t pg = sizes & -sizes, blk;
	u64 iova;
	size_t got;
	long before;

	/* the size one table of the smallest leaves covers */
	blk = h->hc->wf == WK_V7S ? SZ_1M : pg * (pg / 8);
	iova = h_va_base(h) + blk;
	if (blk * 3 > (1ULL << h->cfg.ias))
		return 0;
	/* build the tables above, so that only the leaf table comes and goes */
	if (MISSED(!h_map(h, iova + blk, 0x10000, pg, 1, IOMMU_WRITE, &got), "map"))
		return -1;
	before = shim_live_tables;
	if (MISSED(!h_map(h, iova + 3 * pg, 0x10000, pg, 5, IOMMU_WRITE, &got), "map"))
		return -1;
	if (MISSED(shim_live_tables == before + 1, "one leaf table expected"))
		return -1;
	h->flush_walks = 0;
	if (MISSED(h_unmap(h, iova, blk, 1, NULL) == blk, "unmap by block size"))
		return -1;
	if (MISSED(h->flush_walks >= 1, "no walk flush before freeing the table"))
		return -1;
	if (MISSED(shim_live_tables == before, "table not freed: %ld -> %ld",
		   before, shim_live_tables))
		return -1;
	if (MISSED(!h_verify(h), "after"))
		return -1;
	return 0;
}

/* a queued gather (lazy mode) takes no per-page TLB callbacks */
static int t_gather_queued(struct hpt *h)
{
	size_t pg = h->cfg.pgsize_bitmap & -h->cfg.pgsize_bitmap;
	struct iommu_iotlb_gather g = { .queued = true };
	size_t got;

	if (MISSED(!h_map(h, h_va_base(h), 0, pg, 4, IOMMU_READ, &got), "map"))
		return -1;
	h->add_pages = 0;
	if (MISSED(h_unmap(h, h_va_base(h), pg, 4, &g) == 4 * pg, "unmap"))
		return -1;
	if (MISSED(!h->add_pages, "queued gather got %ld callbacks", h->add_pages))
		return -1;
	if (MISSED(!h_verify(h), "after"))
		return -1;
	return 0;
}

typedef int (*test_fn)(struct hpt *h);
static const struct { const char *name; test_fn fn; } tests[] = {
	{ "regs", t_regs },
	{ "every-size", t_every_size },
	{ "cross-tables", t_cross_tables },
	{ "split", t_split },
	{ "refusals", t_refusals },
	{ "nomem", t_nomem },
	{ "block-over-empty-table", t_block_over_empty_table },
	{ "unmap-over-table", t_unmap_over_table },
	{ "gather-queued", t_gather_queued },
	{ "dirty", t_dirty },
	{ "concurrent", t_concurrent },
	{ "concurrent-split", t_concurrent_split },
};

static void report(bool ok, const char *cfg, const char *test)
{
	n_case++;
	if (ok)
		n_pass++;
	else
		n_fail++;
	printf("%sok %d - %s %s\n", ok ? "" : "not ", n_case, cfg, test);
}

/* configurations the backends must refuse */
static int t_bad_configs(void)
{
	struct io_pgtable_cfg c;
	static const struct { enum io_pgtable_fmt f; unsigned int ias, oas;
			      unsigned long sizes, quirks; bool coh; } bad[] = {
		{ ARM_64_LPAE_S1, 48, 48, SZ_4K, IO_PGTABLE_QUIRK_NO_PERMS, true },
		{ ARM_64_LPAE_S1, 48, 46, SZ_4K, 0, true },	/* no PS code */
		{ ARM_64_LPAE_S1, 48, 48, SZ_4K, IO_PGTABLE_QUIRK_ARM_OUTER_WBWA, true },
		{ ARM_64_LPAE_S1, 48, 48, SZ_2M, 0, true },	/* no granule */
		{ ARM_64_LPAE_S2, 40, 40, SZ_4K, IO_PGTABLE_QUIRK_ARM_NS, true },
		{ ARM_32_LPAE_S1, 40, 40, SZ_4K, 0, true },
		{ ARM_32_LPAE_S1, 32, 44, SZ_4K, 0, true },
		{ ARM_MALI_LPAE, 48, 48, SZ_4K, 0, true },
		{ ARM_V7S, 32, 32, SZ_4K, IO_PGTABLE_QUIRK_ARM_MTK_EXT, true },
		{ ARM_V7S, 33, 32, SZ_4K, 0, true },
		{ ARM_V7S, 32, 32, SZ_4K, IO_PGTABLE_QUIRK_ARM_HD, true },
		{ ARM_V7S, 32, 32, SZ_4K, IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT, true },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&c, 0, sizeof(c));
		c.ias = bad[i].ias;
		c.oas = bad[i].oas;
		c.pgsize_bitmap = bad[i].sizes;
		c.quirks = bad[i].quirks;
		c.coherent_walk = bad[i].coh;
		if (alloc_io_pgtable_ops(bad[i].f, &c, NULL)) {
			fprintf(stderr, "  bad config %u accepted\n", i);
			return -1;
		}
	}
	if (alloc_io_pgtable_ops(IO_PGTABLE_NUM_FMTS, &c, NULL) ||
	    alloc_io_pgtable_ops(APPLE_DART, &c, NULL))
		return -1;
	return shim_live_tables ? -1 : 0;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	int c, t;

	for (c = 0; c < n_hcfgs; c++) {
		if (only && !strstr(hcfgs[c].name, only))
			continue;
		for (t = 0; t < (int)ARRAY_SIZE(tests); t++) {
			struct hpt h;
			bool ok;

			if (h_new(&h, &hcfgs[c])) {
				report(false, hcfgs[c].name, "alloc");
				break;
			}
			ok = !tests[t].fn(&h);
			ok &= !h_free(&h);
			ok &= shim_warnings == 0;
			shim_warnings = 0;
			report(ok, hcfgs[c].name, tests[t].name);
		}
	}
	if (!only)
		report(!t_bad_configs(), "all", "refused-configs");
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}

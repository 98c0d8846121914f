// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: random map/unmap sequences on one table, checked after
 * every step against a shadow map and, through the independent walker,
 * against the architecture's reading of the tables.
 *
 * Input: byte 0 picks the configuration; then 6-byte records
 * { op, size index, slot, count, prot, pa salt }.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgtable_shim.h"
#include "harness.h"

static const int fz_prots[] = {
	IOMMU_READ, IOMMU_WRITE, IOMMU_READ | IOMMU_WRITE,
	IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE, IOMMU_READ | IOMMU_NOEXEC,
	IOMMU_READ | IOMMU_MMIO, IOMMU_WRITE | IOMMU_PRIV | IOMMU_CACHE,
	IOMMU_READ | IOMMU_WRITE | IOMMU_PRIV | IOMMU_NOEXEC | IOMMU_MMIO,
};

/* does the shadow map anything in [a, a + n)? */
static bool sh_any(const struct hpt *h, u64 a, u64 n)
{
	int i;

	for (i = 0; i < h->n_ext; i++)
		if (n && h->ext[i].iova <= a + n - 1 &&
		    a <= h->ext[i].iova + h->ext[i].size - 1)
			return true;
	return false;
}

static void die(const char *what, struct hpt *h)
{
	fprintf(stderr, "fuzz: %s (%s)\n", what, h->hc->name);
	abort();
}

/* FUZZ_ENTRY is the libFuzzer entry point name, passed in by the Makefile */
int FUZZ_ENTRY(const u8 *data, size_t size);

int FUZZ_ENTRY(const u8 *data, size_t size)
{
	unsigned long sizes[8];
	int nsizes = 0, steps = 0;
	struct hpt h;
	u64 window, base;
	unsigned long bm;

	if (size < 1)
		return 0;
	if (h_new(&h, &hcfgs[data[0] % n_hcfgs]))
		die("alloc", &h);
	/* at most the three smallest sizes keep tables and windows small */
	for (bm = h.cfg.pgsize_bitmap; bm && nsizes < 3; bm &= bm - 1)
		sizes[nsizes++] = bm & -bm;
	while (nsizes > 1 && sizes[nsizes - 1] > (1ULL << h.cfg.ias) / 8)
		nsizes--;
	if (nsizes > 2 && sizes[2] > SZ_1G)
		nsizes = 2;
	window = 4 * (u64)sizes[nsizes - 1];
	base = h_va_base(&h) + ((1ULL << h.cfg.ias) - window) / 2;
	base &= ~(u64)(sizes[nsizes - 1] - 1);

	for (data++, size--; size >= 6 && steps < 64; data += 6, size -= 6) {
		size_t pg = sizes[data[1] % nsizes];
		u64 slots = window / pg;
		u64 iova = base + (data[2] % slots) * pg;
		size_t count = 1 + data[3] % 4, got = 0, i;
		int prot = fz_prots[data[4] % ARRAY_SIZE(fz_prots)], r;
		u64 pa = ((u64)data[5] * 0x10001ULL * pg) &
			 ((1ULL << h.cfg.oas) - 1) & ~(u64)(pg - 1);

		steps++;
		if (iova + count * pg > base + window)
			count = (base + window - iova) / pg;
		if ((pa + count * pg - 1) >> h.cfg.oas)
			pa = 0;
		switch (data[0] % 3) {
		case 0: {
			bool ovl = sh_any(&h, iova, count * pg);

			r = h_map(&h, iova, pa, pg, count, prot, &got);
			if (got % pg || got > count * pg)
				die("odd mapped length", &h);
			if (!ovl && (r || got != count * pg))
				die("map of a free range failed", &h);
			if (ovl && r != -EEXIST)
				die("overlapping map not refused", &h);
			break;
		}
		case 1: {
			size_t want = count * pg;
			bool before[4];

			for (i = 0; i < count; i++)
				before[i] = sh_any(&h, iova + i * pg, pg);
			got = h_unmap(&h, iova, pg, count, NULL);
			if (got % pg || got > want)
				die("odd unmapped length", &h);
			/* a unit holding a mapping must not stop the unmap */
			if (got < want && before[got / pg])
				die("unmap stopped at a mapped unit", &h);
			break;
		}
		default:
			for (i = 0; i < 4; i++) {
				u64 a = iova + i * (pg / 4) + 0x18;
				phys_addr_t want = 0;
				int e;

				for (e = 0; e < h.n_ext; e++)
					if (a >= h.ext[e].iova &&
					    a < h.ext[e].iova + h.ext[e].size)
						want = h.ext[e].pa + a - h.ext[e].iova;
				if (h.ops->iova_to_phys(h.ops, a) != want)
					die("iova_to_phys", &h);
			}
			break;
		}
		if (h_verify(&h))
			die("tables disagree with the shadow", &h);
	}
	if (h_free(&h))
		die("leak", &h);
	if (shim_warnings)
		die("warning", &h);
	return 0;
}

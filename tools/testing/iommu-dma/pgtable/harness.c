// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgtable_shim.h"
#include "harness.h"

#define G4	(SZ_4K | SZ_2M | SZ_1G)
#define G16	(SZ_16K | SZ_32M)
#define G64	(SZ_64K | SZ_512M | (1UL << 42))
#define V7S	(SZ_4K | SZ_64K | SZ_1M | SZ_16M)
#define NS	IO_PGTABLE_QUIRK_ARM_NS
#define MTK	(IO_PGTABLE_QUIRK_ARM_MTK_EXT | IO_PGTABLE_QUIRK_NO_PERMS)

const struct hcfg hcfgs[] = {
	{ "s1-4k-ias32", ARM_64_LPAE_S1, WK_S1, 32, 40, G4, 0, true },
	{ "s1-4k-ias33", ARM_64_LPAE_S1, WK_S1, 33, 44, G4, 0, true },
	{ "s1-4k-ias36", ARM_64_LPAE_S1, WK_S1, 36, 48, G4, 0, true },
	{ "s1-4k-ias39", ARM_64_LPAE_S1, WK_S1, 39, 48, G4, 0, true },
	{ "s1-4k-ias40", ARM_64_LPAE_S1, WK_S1, 40, 42, G4, 0, true },
	{ "s1-4k-ias42", ARM_64_LPAE_S1, WK_S1, 42, 48, G4, 0, true },
	{ "s1-4k-ias44", ARM_64_LPAE_S1, WK_S1, 44, 36, G4, 0, true },
	{ "s1-4k-ias48", ARM_64_LPAE_S1, WK_S1, 48, 48, G4, 0, true },
	{ "s1-4k-ias48-nc", ARM_64_LPAE_S1, WK_S1, 48, 48, G4, 0, false },
	{ "s1-4k-ias48-nc-owbwa", ARM_64_LPAE_S1, WK_S1, 48, 48, G4,
	  IO_PGTABLE_QUIRK_ARM_OUTER_WBWA, false },
	{ "s1-4k-ias40-ns", ARM_64_LPAE_S1, WK_S1, 40, 40, G4, NS, true },
	{ "s1-4k-ias48-hd", ARM_64_LPAE_S1, WK_S1, 48, 48, G4,
	  IO_PGTABLE_QUIRK_ARM_HD, true },
	{ "s1-4k-ias48-ttbr1", ARM_64_LPAE_S1, WK_S1, 48, 48, G4,
	  IO_PGTABLE_QUIRK_ARM_TTBR1, true },
	{ "s1-4k-ias39-ttbr1", ARM_64_LPAE_S1, WK_S1, 39, 40, G4,
	  IO_PGTABLE_QUIRK_ARM_TTBR1, false },
	{ "s1-16k-ias32", ARM_64_LPAE_S1, WK_S1, 32, 48, G16, 0, true },
	{ "s1-16k-ias36", ARM_64_LPAE_S1, WK_S1, 36, 48, G16, 0, true },
	{ "s1-16k-ias47", ARM_64_LPAE_S1, WK_S1, 47, 48, G16, 0, true },
	{ "s1-16k-ias48", ARM_64_LPAE_S1, WK_S1, 48, 48, G16, 0, false },
	{ "s1-64k-ias32", ARM_64_LPAE_S1, WK_S1, 32, 48, G64, 0, true },
	{ "s1-64k-ias42", ARM_64_LPAE_S1, WK_S1, 42, 48, G64, 0, true },
	{ "s1-64k-ias48", ARM_64_LPAE_S1, WK_S1, 48, 48, G64, 0, false },
	{ "s1-64k-ias52-oas52", ARM_64_LPAE_S1, WK_S1, 52, 52, G64, 0, true },
	{ "s1-64k-ias48-oas52-nc", ARM_64_LPAE_S1, WK_S1, 48, 52, G64, 0, false },
	{ "s2-4k-ias32", ARM_64_LPAE_S2, WK_S2, 32, 40, G4, 0, true },
	{ "s2-4k-ias40", ARM_64_LPAE_S2, WK_S2, 40, 40, G4, 0, true },
	{ "s2-4k-ias42", ARM_64_LPAE_S2, WK_S2, 42, 44, G4, 0, true },
	{ "s2-4k-ias44", ARM_64_LPAE_S2, WK_S2, 44, 44, G4, 0, false },
	{ "s2-4k-ias48", ARM_64_LPAE_S2, WK_S2, 48, 48, G4, 0, true },
	{ "s2-16k-ias36", ARM_64_LPAE_S2, WK_S2, 36, 48, G16, 0, true },
	{ "s2-16k-ias48", ARM_64_LPAE_S2, WK_S2, 48, 48, G16, 0, true },
	{ "s2-64k-ias40", ARM_64_LPAE_S2, WK_S2, 40, 48, G64, 0, true },
	{ "s2-64k-ias48", ARM_64_LPAE_S2, WK_S2, 48, 48, G64, 0, false },
	{ "s2-64k-ias52-oas52", ARM_64_LPAE_S2, WK_S2, 52, 52, G64, 0, true },
	{ "s1-32-ias32", ARM_32_LPAE_S1, WK_S1, 32, 40, G4, 0, true },
	{ "s1-32-ias32-ns-nc", ARM_32_LPAE_S1, WK_S1, 32, 40, G4, NS, false },
	{ "s2-32-ias40", ARM_32_LPAE_S2, WK_S2, 40, 40, G4, 0, true },
	{ "s2-32-ias32-nc", ARM_32_LPAE_S2, WK_S2, 32, 40, G4, 0, false },
	{ "mali-ias33", ARM_MALI_LPAE, WK_MALI, 33, 40, G4, 0, true },
	{ "mali-ias39", ARM_MALI_LPAE, WK_MALI, 39, 40, G4, 0, false },
	{ "mali-ias48", ARM_MALI_LPAE, WK_MALI, 48, 40, G4, 0, true },
	{ "v7s", ARM_V7S, WK_V7S, 32, 32, V7S, 0, true },
	{ "v7s-nc", ARM_V7S, WK_V7S, 32, 32, V7S, 0, false },
	{ "v7s-ns", ARM_V7S, WK_V7S, 32, 32, V7S, NS, true },
	{ "v7s-noperms", ARM_V7S, WK_V7S, 32, 32, V7S,
	  IO_PGTABLE_QUIRK_NO_PERMS, true },
	{ "v7s-mtk-ias32", ARM_V7S, WK_V7S, 32, 35, V7S, MTK, false },
	{ "v7s-mtk-ias34", ARM_V7S, WK_V7S, 34, 35, V7S,
	  MTK | IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT, true },
};

const int n_hcfgs = ARRAY_SIZE(hcfgs);

static void cb_flush_all(void *cookie)
{
	((struct hpt *)cookie)->flush_alls++;
}

static void cb_flush_walk(unsigned long iova, size_t size, size_t granule,
			  void *cookie)
{
	(void)iova; (void)size; (void)granule;
	__atomic_fetch_add(&((struct hpt *)cookie)->flush_walks, 1,
			   __ATOMIC_RELAXED);
}

static void cb_add_page(struct iommu_iotlb_gather *g, unsigned long iova,
			size_t granule, void *cookie)
{
	struct hpt *h = cookie;

	(void)iova;
	__atomic_fetch_add(&h->add_pages, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&h->add_bytes, granule, __ATOMIC_RELAXED);
	if (g) {
		if (g->end <= g->start) {
			g->start = iova;
			g->end = iova + granule;
		} else {
			g->start = min(g->start, iova);
			g->end = max(g->end, iova + granule);
		}
	}
}

static const struct iommu_flush_ops h_flush_ops = {
	.tlb_flush_all = cb_flush_all,
	.tlb_flush_walk = cb_flush_walk,
	.tlb_add_page = cb_add_page,
};

static struct device h_dev;

int h_new(struct hpt *h, const struct hcfg *hc)
{
	memset(h, 0, sizeof(*h));
	h->hc = hc;
	h->cfg.quirks = hc->quirks;
	h->cfg.pgsize_bitmap = hc->pgsizes;
	h->cfg.ias = hc->ias;
	h->cfg.oas = hc->oas;
	h->cfg.coherent_walk = hc->coherent;
	h->cfg.tlb = &h_flush_ops;
	h->cfg.iommu_dev = &h_dev;
	h->ops = alloc_io_pgtable_ops(hc->fmt, &h->cfg, h);
	return h->ops ? 0 : -1;
}

int h_free(struct hpt *h)
{
	free_io_pgtable_ops(h->ops);
	free(h->ext);
	h->ext = NULL;
	h->ops = NULL;
	if (shim_live_tables) {
		fprintf(stderr, "%s: %ld table allocations leaked\n",
			h->hc->name, shim_live_tables);
		return -1;
	}
	return 0;
}

static void sh_add(struct hpt *h, u64 iova, u64 size, u64 pa, int prot)
{
	int i;

	if (!size)
		return;
	if (h->n_ext == h->cap_ext) {
		h->cap_ext = h->cap_ext ? 2 * h->cap_ext : 64;
		h->ext = realloc(h->ext, h->cap_ext * sizeof(*h->ext));
	}
	for (i = h->n_ext; i > 0 && h->ext[i - 1].iova > iova; i--)
		h->ext[i] = h->ext[i - 1];
	h->ext[i] = (struct extent){ iova, size, pa, prot };
	h->n_ext++;
}

static void sh_remove(struct hpt *h, u64 iova, u64 size)
{
	u64 last = iova + size - 1;	/* inclusive: ranges may end at 2^64 */
	int i;

	if (!size)
		return;
	for (i = 0; i < h->n_ext; i++) {
		struct extent e = h->ext[i];
		u64 elast = e.iova + e.size - 1;

		if (elast < iova || e.iova > last)
			continue;
		memmove(&h->ext[i], &h->ext[i + 1],
			(h->n_ext - i - 1) * sizeof(*h->ext));
		h->n_ext--;
		if (e.iova < iova)
			sh_add(h, e.iova, iova - e.iova, e.pa, e.prot);
		if (elast > last)
			sh_add(h, last + 1, elast - last,
			       e.pa + (last + 1 - e.iova), e.prot);
		i = -1;		/* restart: the array moved */
	}
}

u64 h_shadow_bytes(const struct hpt *h)
{
	u64 n = 0;
	int i;

	for (i = 0; i < h->n_ext; i++)
		n += h->ext[i].size;
	return n;
}

int h_map(struct hpt *h, u64 iova, u64 pa, size_t pgsize, size_t count,
	  int prot, size_t *mapped)
{
	size_t done = 0;
	int ret;

	ret = h->ops->map_pages(h->ops, iova, pa, pgsize, count, prot,
				GFP_KERNEL, &done);
	sh_add(h, iova, done, pa, prot);
	if (mapped)
		*mapped = done;
	return ret;
}

size_t h_unmap(struct hpt *h, u64 iova, size_t pgsize, size_t count,
	       struct iommu_iotlb_gather *gather)
{
	size_t done = h->ops->unmap_pages(h->ops, iova, pgsize, count, gather);

	sh_remove(h, iova, done);
	return done;
}

struct vctx {
	struct hpt *h;
	u64 bytes;
	long leaves;
};

static int attr_eq(const struct wk_attr *a, const struct wk_attr *b,
		   bool ignore_dirty)
{
	return a->r == b->r && a->w == b->w && a->x == b->x &&
	       a->unpriv == b->unpriv && a->ns == b->ns && a->ng == b->ng &&
	       a->dbm == b->dbm && (ignore_dirty || a->dirty == b->dirty) &&
	       a->mem == b->mem && a->sh == b->sh;
}

static void attr_print(const char *what, const struct wk_attr *a)
{
	fprintf(stderr, "  %s: r%d w%d x%d unpriv%d ns%d ng%d dbm%d dirty%d mem%d sh%d\n",
		what, a->r, a->w, a->x, a->unpriv, a->ns, a->ng, a->dbm,
		a->dirty, a->mem, a->sh);
}

static int verify_leaf(const struct wk_leaf *lf, void *arg)
{
	struct vctx *v = arg;
	struct hpt *h = v->h;
	int lo = 0, hi = h->n_ext - 1;
	struct wk_attr want;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		struct extent *e = &h->ext[mid];

		if (lf->iova < e->iova) {
			hi = mid - 1;
		} else if (lf->iova - e->iova >= e->size) {
			lo = mid + 1;
		} else {
			if (lf->iova - e->iova + lf->size > e->size) {
				fprintf(stderr, "%s: leaf %#llx+%#llx overruns extent\n",
					h->hc->name, (unsigned long long)lf->iova,
					(unsigned long long)lf->size);
				return -1;
			}
			if (lf->pa != e->pa + (lf->iova - e->iova)) {
				fprintf(stderr, "%s: leaf %#llx -> %#llx, want %#llx\n",
					h->hc->name, (unsigned long long)lf->iova,
					(unsigned long long)lf->pa,
					(unsigned long long)(e->pa + (lf->iova - e->iova)));
				return -1;
			}
			want = wk_expected(h->hc->wf, &h->cfg, e->prot);
			if (!attr_eq(&lf->a, &want, h->ignore_dirty)) {
				fprintf(stderr, "%s: leaf %#llx prot %#x attributes differ\n",
					h->hc->name, (unsigned long long)lf->iova,
					e->prot);
				attr_print("got ", &lf->a);
				attr_print("want", &want);
				return -1;
			}
			v->bytes += lf->size;
			v->leaves++;
			return 0;
		}
	}
	fprintf(stderr, "%s: unexpected leaf at %#llx size %#llx\n", h->hc->name,
		(unsigned long long)lf->iova, (unsigned long long)lf->size);
	return -1;
}

int h_verify(struct hpt *h)
{
	struct vctx v = { .h = h };
	long tables;
	int i;

	if (wk_walk(h->hc->wf, &h->cfg, verify_leaf, &v, &tables))
		return -1;
	if (v.bytes != h_shadow_bytes(h)) {
		fprintf(stderr, "%s: tables map %#llx bytes, shadow %#llx\n",
			h->hc->name, (unsigned long long)v.bytes,
			(unsigned long long)h_shadow_bytes(h));
		return -1;
	}
	/* and the backend's own lookup agrees at both ends of each extent */
	for (i = 0; i < h->n_ext; i++) {
		struct extent *e = &h->ext[i];
		u64 last = e->iova + e->size - 1;

		if (h->ops->iova_to_phys(h->ops, e->iova + 0x10) != e->pa + 0x10 ||
		    h->ops->iova_to_phys(h->ops, last) != e->pa + e->size - 1) {
			fprintf(stderr, "%s: iova_to_phys wrong in %#llx+%#llx\n",
				h->hc->name, (unsigned long long)e->iova,
				(unsigned long long)e->size);
			return -1;
		}
	}
	if (tables > shim_live_tables) {
		fprintf(stderr, "%s: walker reached %ld tables, %ld live\n",
			h->hc->name, tables, shim_live_tables);
		return -1;
	}
	return 0;
}

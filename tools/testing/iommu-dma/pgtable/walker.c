// SPDX-License-Identifier: GPL-2.0-only
/*
 * Independent translation-table reader for the io-pgtable host tests; see
 * walker.h.  Field positions are spelled out here as bare numbers taken
 * from the Arm ARM (VMSAv8-64 "Translation table descriptor formats",
 * VMSAv7 "Short-descriptor translation table format") on purpose: nothing
 * is shared with the code under test.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/io-pgtable.h>
#include "walker.h"
#include "shim/shim_mem.h"

#define M(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))
#define B(n)	(1ULL << (n))

/* complain about the tables; callers return the -1 to stop the walk */
static __printf(1, 2) int wk_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("walker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static u64 rd64(u64 pa)
{
	u64 v;

	shim_dev_read(pa, &v, 8);
	return v;
}

static u32 rd32(u64 pa)
{
	u32 v;

	shim_dev_read(pa, &v, 4);
	return v;
}

/* ------------------------------------------------------------------ */
/* VMSAv8-64 long descriptors                                           */

struct lwalk {
	enum wk_fmt fmt;
	const struct io_pgtable_cfg *cfg;
	int g;			/* log2 granule */
	int ias, oas;
	int start;		/* initial lookup level */
	u64 base;		/* initial table */
	u64 va_top;	/* ones above ias for TTBR1 */
	bool ns_quirk;
	u8 attr_bytes[8];	/* MAIR (or Mali MEMATTR) */
	wk_leaf_fn fn;
	void *arg;
	long tables;
};

static int lvl_shift(const struct lwalk *w, int lvl)
{
	return w->g + (3 - lvl) * (w->g - 3);
}

static int oas_from_ps(unsigned int ps)
{
	static const int v[] = { 32, 36, 40, 42, 44, 48, 52 };

	return ps < 7 ? v[ps] : -1;
}

/* Output address held in bits [47:lo], plus [15:12] for 52-bit/64K */
static u64 l_oa(const struct lwalk *w, u64 d, int lo)
{
	u64 pa = d & M(47, lo);

	if (w->g == 16 && w->oas == 52)
		pa |= ((d >> 12) & 0xf) << 48;
	return pa;
}

static bool block_allowed(const struct lwalk *w, int lvl)
{
	if (lvl == 3)
		return true;
	switch (w->g) {
	case 12:
		return lvl == 1 || lvl == 2;
	case 14:
		return lvl == 2;
	default:
		return lvl == 2 || (lvl == 1 && w->oas == 52);
	}
}

static int mem_of_mair(u8 b)
{
	if ((b & 0xf0) == 0)
		return b == 0x04 ? WK_MEM_DEVICE : WK_MEM_OTHER;
	if (b == 0x44)
		return WK_MEM_NC;
	if (b == 0xff)
		return WK_MEM_WB;
	return WK_MEM_OTHER;
}

static int mem_of_mali(u8 b)
{
	/* Mali: 0x8d write-allocate cacheable, 0x88 implementation-defined */
	if (b == 0x8d)
		return WK_MEM_WB;
	if (b == 0x88)
		return WK_MEM_NC;
	return WK_MEM_OTHER;
}

static int mem_of_s2(unsigned int memattr)
{
	switch (memattr) {
	case 0x1:
		return WK_MEM_DEVICE;	/* Device-nGnRE */
	case 0x5:
		return WK_MEM_NC;	/* Normal, outer NC, inner NC */
	case 0xf:
		return WK_MEM_WB;	/* Normal, outer WB, inner WB */
	}
	return WK_MEM_OTHER;
}

static int l_leaf(struct lwalk *w, u64 d, int lvl, u64 iova)
{
	int sh = lvl_shift(w, lvl);
	u64 known, oa_lo_zero;
	struct wk_leaf lf = { .iova = iova, .size = B(sh), .lvl = lvl };
	struct wk_attr *a = &lf.a;
	bool is_mali = w->fmt == WK_MALI;

	if (!block_allowed(w, lvl))
		return wk_fail("leaf at level %d not allowed with %d-bit granule",
			       lvl, w->g);

	/* address: bits [47:sh]; below it down to bit 12 must be zero */
	known = 0x3 | M(47, sh);
	oa_lo_zero = sh > 12 ? M(sh - 1, 12) : 0;
	if (w->g == 16 && w->oas == 52) {
		known |= M(15, 12);
		oa_lo_zero &= ~M(15, 12);
	}
	if (d & oa_lo_zero)
		return wk_fail("iova %#llx: address bits below block size set: %#llx",
			       (unsigned long long)iova, (unsigned long long)d);
	lf.pa = l_oa(w, d, sh);
	if (lf.pa >> w->oas)
		return wk_fail("iova %#llx: output %#llx beyond %d bits",
			       (unsigned long long)iova, (unsigned long long)lf.pa, w->oas);

	/* fields common to the three leaf shapes */
	known |= M(9, 8) | B(10) | B(51) | B(52) | B(54);
	a->sh = (d >> 8) & 3;
	a->x = !(d & B(54));
	if (d & B(52))
		return wk_fail("iova %#llx: contiguous hint set", (unsigned long long)iova);

	switch (w->fmt) {
	case WK_S1:
		known |= M(4, 2) | B(5) | M(7, 6) | B(11) | B(53);
		a->mem = mem_of_mair(w->attr_bytes[(d >> 2) & 7]);
		a->ns = d & B(5);
		a->unpriv = d & B(6);
		a->r = true;
		a->dbm = d & B(51);
		/* with DBM, AP[2] is the clean/dirty state */
		a->w = !(d & B(7)) || a->dbm;
		a->dirty = a->dbm && !(d & B(7));
		a->ng = d & B(11);
		if (!!(d & B(53)) != !(a->x))
			return wk_fail("iova %#llx: PXN and UXN differ",
				       (unsigned long long)iova);
		break;
	case WK_S2:
		known |= M(5, 2) | M(7, 6);
		a->mem = mem_of_s2((d >> 2) & 0xf);
		a->r = d & B(6);
		a->w = d & B(7);
		a->unpriv = true;
		if (d & B(51))
			return wk_fail("stage-2 DBM set");
		break;
	case WK_MALI:
		known |= M(4, 2) | M(7, 6) | B(53);
		a->mem = mem_of_mali(w->attr_bytes[(d >> 2) & 7]);
		a->r = d & B(6);
		a->w = d & B(7);
		a->unpriv = true;
		if (!!(d & B(53)) != !(a->x))
			return wk_fail("iova %#llx: Mali XN bits differ",
				       (unsigned long long)iova);
		if (d & B(51))
			return wk_fail("Mali DBM set");
		break;
	default:
		return -1;
	}
	if (!(d & B(10)) != is_mali)
		return wk_fail("iova %#llx: access flag %s", (unsigned long long)iova,
			       w->fmt == WK_MALI ? "set on Mali" : "clear");
	if (d & ~known)
		return wk_fail("iova %#llx level %d: stray bits %#llx in %#llx",
			       (unsigned long long)iova, lvl,
			       (unsigned long long)(d & ~known), (unsigned long long)d);
	return w->fn(&lf, w->arg);
}

static int l_table(struct lwalk *w, u64 tbl, int lvl, u64 entries,
		   u64 va);

/* Check one table entry; @d was read from a snapshot of the table. */
static int l_entry(struct lwalk *w, u64 d, int lvl, u64 iova)
{
	unsigned int type = d & 3;

	if (!(d & 1)) {
		if (d)
			return wk_fail("invalid entry with bits %#llx", (unsigned long long)d);
		return 0;
	}
	if (lvl < 3 && type == 3) {
		u64 known = 3 | M(47, w->g) | B(56) | B(63);

		if (w->g == 16 && w->oas == 52)
			known |= M(15, 12);
		if (d & ~known)
			return wk_fail("table entry at level %d has bits %#llx",
				       lvl, (unsigned long long)(d & ~known));
		if (!!(d & B(63)) != (w->fmt == WK_S1 && w->ns_quirk))
			return wk_fail("NSTable wrong at level %d", lvl);
		return l_table(w, l_oa(w, d, w->g), lvl + 1, B(w->g - 3), iova);
	}
	if (type == 1 && lvl == 3 && w->fmt != WK_MALI)
		return wk_fail("reserved descriptor type at level 3");
	if (type == 3 && lvl == 3 && w->fmt == WK_MALI)
		return wk_fail("Mali level-3 entry with type 3");
	return l_leaf(w, d, lvl, iova);
}

static int l_table(struct lwalk *w, u64 tbl, int lvl, u64 entries,
		   u64 va)
{
	u64 *buf, i;
	int ret = 0;

	if (!shim_is_table(tbl))
		return wk_fail("level %d table %#llx is not live table memory", lvl,
			       (unsigned long long)tbl);
	w->tables++;
	buf = malloc(entries * 8);
	shim_dev_read(tbl, buf, entries * 8);	/* one snapshot of the table */
	for (i = 0; i < entries && !ret; i++)
		ret = l_entry(w, buf[i], lvl, va | (i << lvl_shift(w, lvl)));
	free(buf);
	return ret;
}

static int l_setup(struct lwalk *w, enum wk_fmt fmt,
		   const struct io_pgtable_cfg *cfg)
{
	int i, levels;

	memset(w, 0, sizeof(*w));
	w->fmt = fmt;
	w->cfg = cfg;
	w->ns_quirk = cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS;
	if (fmt == WK_S1) {
		unsigned int tg = cfg->arm_lpae_s1_cfg.tcr.tg;

		if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1)
			w->g = tg == 1 ? 14 : tg == 2 ? 12 : tg == 3 ? 16 : -1;
		else
			w->g = tg == 0 ? 12 : tg == 1 ? 16 : tg == 2 ? 14 : -1;
		w->ias = 64 - cfg->arm_lpae_s1_cfg.tcr.tsz;
		w->oas = oas_from_ps(cfg->arm_lpae_s1_cfg.tcr.ips);
		w->base = cfg->arm_lpae_s1_cfg.ttbr;
		for (i = 0; i < 8; i++)
			w->attr_bytes[i] = cfg->arm_lpae_s1_cfg.mair >> (8 * i);
		levels = (w->ias - w->g + (w->g - 4)) / (w->g - 3);
		w->start = 4 - levels;
		if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1)
			w->va_top = ~0ULL << w->ias;
	} else if (fmt == WK_S2) {
		unsigned int tg = cfg->arm_lpae_s2_cfg.vtcr.tg;
		unsigned int sl = cfg->arm_lpae_s2_cfg.vtcr.sl;

		w->g = tg == 0 ? 12 : tg == 1 ? 16 : tg == 2 ? 14 : -1;
		w->ias = 64 - cfg->arm_lpae_s2_cfg.vtcr.tsz;
		w->oas = oas_from_ps(cfg->arm_lpae_s2_cfg.vtcr.ps);
		w->base = cfg->arm_lpae_s2_cfg.vttbr;
		/* SL0: 4K counts from level 2, 16K/64K from level 3 */
		w->start = (w->g == 12 ? 2 : 3) - (int)sl;
	} else {
		u64 tt = cfg->arm_mali_lpae_cfg.transtab;

		w->g = 12;
		w->ias = cfg->ias;
		w->oas = cfg->oas;
		w->start = 0;
		if ((tt & 3) != 3 || !(tt & B(2)))
			return wk_fail("TRANSTAB mode/read-inner bits %#llx",
				       (unsigned long long)tt);
		if (!!(tt & B(4)) != cfg->coherent_walk)
			return wk_fail("TRANSTAB share-outer does not match coherency");
		w->base = tt & M(47, 12);
		for (i = 0; i < 8; i++)
			w->attr_bytes[i] = cfg->arm_mali_lpae_cfg.memattr >> (8 * i);
	}
	if (w->g < 0 || w->oas < 0 || w->start < 0 || w->start > 3)
		return wk_fail("bad geometry g=%d oas=%d start=%d", w->g, w->oas, w->start);
	return 0;
}

static int l_walk(enum wk_fmt fmt, const struct io_pgtable_cfg *cfg,
		  wk_leaf_fn fn, void *arg, long *tables)
{
	struct lwalk w;
	u64 entries;
	int shift, ret;

	if (l_setup(&w, fmt, cfg))
		return -1;
	w.fn = fn;
	w.arg = arg;
	shift = lvl_shift(&w, w.start);
	entries = w.ias > shift ? B(w.ias - shift) : 1;
	if (fmt == WK_S2 && entries > 16 * B(w.g - 3))
		return wk_fail("stage-2 initial level needs %llu entries",
			       (unsigned long long)entries);
	if (fmt != WK_S2 && w.start > 0 && entries > B(w.g - 3))
		return wk_fail("initial table too big");
	if (w.base & ((entries * 8 < 64 ? 64 : entries * 8) - 1))
		return wk_fail("table base %#llx misaligned", (unsigned long long)w.base);
	ret = l_table(&w, w.base, w.start, entries, w.va_top);
	if (tables)
		*tables = w.tables;
	return ret;
}

/* ------------------------------------------------------------------ */
/* VMSAv7 short descriptors                                            */

struct swalk {
	const struct io_pgtable_cfg *cfg;
	bool mtk, perms, ns;
	wk_leaf_fn fn;
	void *arg;
	long tables;
};

/* memory type through TEX remap: index TEX[0]:C:B into PRRR/NMRR */
static void s_mem(const struct swalk *w, unsigned int tex0, unsigned int c,
		  unsigned int b, unsigned int s, struct wk_attr *a)
{
	unsigned int n = tex0 << 2 | c << 1 | b;
	u32 prrr = w->cfg->arm_v7s_cfg.prrr, nmrr = w->cfg->arm_v7s_cfg.nmrr;
	unsigned int tr = (prrr >> (2 * n)) & 3;
	unsigned int ir = (nmrr >> (2 * n)) & 3, or = (nmrr >> (16 + 2 * n)) & 3;

	a->sh = 0;
	if (tr == 1) {
		a->mem = WK_MEM_DEVICE;
		/* PRRR.DS1: shareable device when S = 1 */
		if (s && (prrr & B(17)))
			a->sh = 2;
	} else if (tr == 2) {
		a->mem = ir == 1 && or == 1 ? WK_MEM_WB :
			 ir == 0 && or == 0 ? WK_MEM_NC : WK_MEM_OTHER;
		/* PRRR.NS1 makes S = 1 shareable; NOSn picks inner */
		if (s && (prrr & B(19)))
			a->sh = (prrr & B(24 + n)) ? 3 : 2;
	} else {
		a->mem = WK_MEM_OTHER;
	}
}

static u64 s_mtk_pa(const struct swalk *w, u32 d)
{
	if (!w->mtk)
		return 0;
	return (u64)((d >> 9) & 1) << 32 | (u64)((d >> 4) & 1) << 33 |
	       (u64)((d >> 5) & 1) << 34;
}

/* AP[2:1] simplified model with AP[0] as access flag */
static int s_perms(const struct swalk *w, unsigned int ap0, unsigned int ap1,
		   unsigned int ap2, unsigned int xn, struct wk_attr *a)
{
	a->r = true;
	a->w = !ap2;
	a->unpriv = ap1;
	a->x = !xn;
	if (w->perms && !ap0)
		return wk_fail("v7s: access flag clear");
	if (!w->perms && (ap0 | ap1 | ap2 | xn))
		return wk_fail("v7s: permission bits set with NO_PERMS");
	return 0;
}

static int s_group(const u32 *tbl, unsigned int i, u32 d)
{
	unsigned int j, first = i & ~15u;

	for (j = first; j < first + 16; j++)
		if (tbl[j] != d)
			return wk_fail("16-entry group at index %u not uniform", first);
	return 0;
}

static int s_l2(struct swalk *w, u64 tbl, u64 va, bool ns)
{
	u32 snap[256];
	unsigned int i;
	int ret;

	if (!shim_is_table(tbl))
		return wk_fail("v7s: level-2 table %#llx not live", (unsigned long long)tbl);
	w->tables++;
	shim_dev_read(tbl, snap, sizeof(snap));
	for (i = 0; i < 256; i++) {
		u32 d = snap[i], mtkm = w->mtk ? 0x230 : 0;
		struct wk_leaf lf = { .iova = va | (u64)i << 12, .lvl = 2 };
		u32 dm = d & ~mtkm;

		if ((d & 3) == 0) {
			if (d)
				return wk_fail("v7s: fault entry with bits %#x", d);
			continue;
		}
		lf.a.ns = ns;
		lf.a.ng = d & B(11);
		if (d & 2) {			/* small page */
			lf.size = 1 << 12;
			lf.pa = (d & M(31, 12)) | s_mtk_pa(w, d);
			s_mem(w, (d >> 6) & 1, (d >> 3) & 1, (d >> 2) & 1,
			      (d >> 10) & 1, &lf.a);
			if ((d >> 7) & 3)
				return wk_fail("v7s: TEX[2:1] set in small page");
			if (s_perms(w, (dm >> 4) & 1, (dm >> 5) & 1,
				    (dm >> 9) & 1, d & 1, &lf.a))
				return -1;
		} else {			/* large page, 16 entries */
			if (s_group(snap, i, d))
				return -1;
			if (i & 15)
				continue;
			lf.size = 1 << 16;
			lf.pa = (d & M(31, 16)) | s_mtk_pa(w, d);
			if (d & M(8, 6))
				return wk_fail("v7s: large page bits [8:6] set");
			if ((d >> 13) & 3)
				return wk_fail("v7s: TEX[2:1] set in large page");
			s_mem(w, (d >> 12) & 1, (d >> 3) & 1, (d >> 2) & 1,
			      (d >> 10) & 1, &lf.a);
			if (s_perms(w, (dm >> 4) & 1, (dm >> 5) & 1,
				    (dm >> 9) & 1, (d >> 15) & 1, &lf.a))
				return -1;
		}
		ret = w->fn(&lf, w->arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int s_walk(const struct io_pgtable_cfg *cfg, wk_leaf_fn fn, void *arg,
		  long *tables)
{
	struct swalk w = { .cfg = cfg, .fn = fn, .arg = arg };
	u32 ttbr = cfg->arm_v7s_cfg.ttbr;
	unsigned int n = 1u << (cfg->ias - 20), i;
	u32 *snap;
	u64 l1;
	int ret = 0;

	w.mtk = cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_EXT;
	w.perms = !(cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS);
	w.ns = cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS;
	l1 = ttbr & ~(u32)(n * 4 - 1);
	if (w.mtk)
		l1 |= (u64)(ttbr & 7) << 32;
	if (!shim_is_table(l1))
		return wk_fail("v7s: TTBR %#x does not point at a table", ttbr);
	w.tables++;
	snap = malloc(4 * n);
	shim_dev_read(l1, snap, 4 * n);
	for (i = 0; i < n && !ret; i++) {
		u32 d = snap[i];
		u64 va = (u64)i << 20;
		struct wk_leaf lf = { .iova = va, .lvl = 1 };
		u32 dm = d & ~(w.mtk ? 0x230u : 0);

		switch (d & 3) {
		case 0:
			if (d)
				return wk_fail("v7s: fault entry with bits %#x", d);
			break;
		case 1: {			/* table */
			u32 ext = 0;
			u64 tbl = d & M(31, 10);

			if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_TTBR_EXT) {
				ext = 0x230;
				tbl |= s_mtk_pa(&w, d);
			}
			if (d & ~(M(31, 10) | 3 | B(3) | ext))
				return wk_fail("v7s: table entry bits %#x", d);
			if (!!(d & B(3)) != w.ns)
				return wk_fail("v7s: table NS bit wrong");
			ret = s_l2(&w, tbl, va, d & B(3));
			break;
		}
		default:			/* section or supersection */
			if (d & 1)
				return wk_fail("v7s: PXN set");
			if ((d & M(8, 5) & ~(w.mtk ? 0x20u : 0)) || (dm & B(9)))
				return wk_fail("v7s: domain/IMP bits set in %#x", d);
			lf.a.ns = d & B(19);
			lf.a.ng = d & B(17);
			if ((d >> 13) & 3)
				return wk_fail("v7s: TEX[2:1] set in section");
			s_mem(&w, (d >> 12) & 1, (d >> 3) & 1, (d >> 2) & 1,
			      (d >> 16) & 1, &lf.a);
			if (s_perms(&w, (d >> 10) & 1, (d >> 11) & 1,
				    (d >> 15) & 1, (dm >> 4) & 1, &lf.a))
				return -1;
			if (d & B(18)) {
				if (s_group(snap, i, d)) {
					ret = -1;
					break;
				}
				if (i & 15)
					break;
				if (d & M(23, 20))
					return wk_fail("v7s: supersection extended base set");
				lf.size = 1 << 24;
				lf.pa = (d & M(31, 24)) | s_mtk_pa(&w, d);
			} else {
				lf.size = 1 << 20;
				lf.pa = (d & M(31, 20)) | s_mtk_pa(&w, d);
			}
			ret = fn(&lf, arg);
			break;
		}
	}
	free(snap);
	if (tables)
		*tables = w.tables;
	return ret;
}

int wk_walk(enum wk_fmt fmt, const struct io_pgtable_cfg *cfg, wk_leaf_fn fn,
	    void *arg, long *tables)
{
	if (fmt == WK_V7S)
		return s_walk(cfg, fn, arg, tables);
	return l_walk(fmt, cfg, fn, arg, tables);
}

struct wk_attr wk_expected(enum wk_fmt fmt, const struct io_pgtable_cfg *cfg,
			   int prot)
{
	struct wk_attr a = { 0 };
	bool cache = prot & IOMMU_CACHE, mmio = prot & IOMMU_MMIO;

	a.mem = mmio ? WK_MEM_DEVICE : cache ? WK_MEM_WB : WK_MEM_NC;
	a.sh = cache ? 3 : 2;
	a.x = !(prot & IOMMU_NOEXEC);
	switch (fmt) {
	case WK_S1:
		a.r = true;
		a.w = prot & IOMMU_WRITE;
		a.unpriv = !(prot & IOMMU_PRIV);
		a.ns = cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS;
		a.ng = true;
		a.dbm = a.w && (cfg->quirks & IO_PGTABLE_QUIRK_ARM_HD);
		a.dirty = a.dbm;
		break;
	case WK_S2:
		a.r = prot & IOMMU_READ;
		a.w = prot & IOMMU_WRITE;
		a.unpriv = true;
		break;
	case WK_MALI:
		a.r = prot & IOMMU_READ;
		a.w = prot & IOMMU_WRITE;
		a.unpriv = true;
		a.sh = 2;
		if (mmio)
			a.mem = WK_MEM_NC;	/* Mali has no device type */
		break;
	case WK_V7S:
		a.ns = cfg->quirks & IO_PGTABLE_QUIRK_ARM_NS;
		a.ng = true;
		a.r = true;
		if (mmio)
			a.sh = 2;
		if (cfg->quirks & IO_PGTABLE_QUIRK_NO_PERMS) {
			a.w = true;
			a.x = true;
		} else {
			a.w = prot & IOMMU_WRITE;
			a.unpriv = !(prot & IOMMU_PRIV);
		}
		break;
	}
	return a;
}

int wk_check_regs(enum wk_fmt fmt, const struct io_pgtable_cfg *cfg)
{
	unsigned int sh, irgn, orgn;
	bool wbwa_outer = cfg->quirks & IO_PGTABLE_QUIRK_ARM_OUTER_WBWA;
	struct lwalk w;

	if (fmt == WK_V7S) {
		u32 t = cfg->arm_v7s_cfg.ttbr;

		if (cfg->arm_v7s_cfg.tcr)
			return wk_fail("v7s TTBCR not 0");
		if (cfg->quirks & IO_PGTABLE_QUIRK_ARM_MTK_EXT)
			return 0;
		/* TTBR: S bit 1, RGN [4:3], NOS bit 5, IRGN = {bit 0, bit 6} */
		if (!(t & B(1)))
			return wk_fail("TTBR.S clear");
		if (cfg->coherent_walk &&
		    ((t & 0x79) != (B(3) | B(5) | B(6))))
			return wk_fail("TTBR walk attributes %#x for coherent walk", t);
		if (!cfg->coherent_walk && (t & 0x79))
			return wk_fail("TTBR walk attributes %#x for non-coherent walk", t);
		return 0;
	}
	if (l_setup(&w, fmt, cfg))
		return -1;
	if (w.ias != (int)cfg->ias || w.oas != (int)cfg->oas)
		return wk_fail("register ias/oas %d/%d vs cfg %u/%u", w.ias, w.oas,
			       cfg->ias, cfg->oas);
	if (!(cfg->pgsize_bitmap & B(w.g)))
		return wk_fail("granule not in pgsize_bitmap");
	if (fmt == WK_MALI)
		return 0;
	if (fmt == WK_S1) {
		sh = cfg->arm_lpae_s1_cfg.tcr.sh;
		irgn = cfg->arm_lpae_s1_cfg.tcr.irgn;
		orgn = cfg->arm_lpae_s1_cfg.tcr.orgn;
		/* MAIR slots the leaves may use */
		if ((cfg->arm_lpae_s1_cfg.mair & 0xffffff) != 0x04ff44)
			return wk_fail("MAIR %#llx",
				       (unsigned long long)cfg->arm_lpae_s1_cfg.mair);
	} else {
		sh = cfg->arm_lpae_s2_cfg.vtcr.sh;
		irgn = cfg->arm_lpae_s2_cfg.vtcr.irgn;
		orgn = cfg->arm_lpae_s2_cfg.vtcr.orgn;
	}
	/* SH 3 inner, 2 outer; RGN 1 write-back write-allocate, 0 NC */
	if (cfg->coherent_walk && (sh != 3 || irgn != 1 || orgn != 1))
		return wk_fail("coherent walk attributes %u/%u/%u", sh, irgn, orgn);
	if (!cfg->coherent_walk &&
	    (sh != 2 || irgn != 0 || orgn != (wbwa_outer ? 1u : 0u)))
		return wk_fail("non-coherent walk attributes %u/%u/%u", sh, irgn, orgn);
	return 0;
}

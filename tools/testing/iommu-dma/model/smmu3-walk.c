// SPDX-License-Identifier: GPL-2.0-only
/*
 * SMMUv3 model: from (StreamID, SubstreamID, address) to a physical
 * address, the way IHI 0070 describes it: stream table entry (§5.2),
 * level 1 CD descriptor (§5.3), context descriptor (§5.4), then the
 * VMSAv8-64 stage 1 walk of the Arm ARM (4, 16 and 64 KiB granules), with
 * a TLB tagged by ASID in front.  Every field is decoded here and only
 * here; the driver's headers are never included.
 *
 * File map: field definitions; fetching STEs and CDs; the stage 1 walk;
 * translate; DMA.
 */
#include <string.h>

#include "smmu3.h"

/* §6.3.24 STRTAB_BASE, §6.3.25 STRTAB_BASE_CFG */
#define STB_ADDR		MDL_MASK(51, 6)
#define STC_FMT			MDL_MASK(17, 16)
#define  STC_FMT_2LVL		1
#define STC_SPLIT		MDL_MASK(10, 6)
#define STC_LOG2SIZE		MDL_MASK(5, 0)
/* §5.1 level 1 stream table descriptor */
#define L1ST_SPAN		MDL_MASK(4, 0)
#define L1ST_L2PTR		MDL_MASK(51, 6)

/* §5.2 STE, word 0 and word 1 */
#define STEW0_V			MDL_BIT(0)
#define STEW0_CONFIG		MDL_MASK(3, 1)
#define  CONFIG_BYPASS		4
#define  CONFIG_S1		5
#define STEW0_S1FMT		MDL_MASK(5, 4)
#define  S1FMT_L2_4K		1
#define  S1FMT_L2_64K		2
#define STEW0_S1CTXPTR		MDL_MASK(55, 6)
#define STEW0_S1CDMAX		MDL_MASK(63, 59)
#define STEW1_S1DSS		MDL_MASK(1, 0)
#define  S1DSS_TERMINATE	0
#define  S1DSS_BYPASS		1
#define  S1DSS_SUBSTREAM0	2

/* §5.3 L1CD */
#define L1CD_VALID		MDL_BIT(0)
#define L1CD_L2PTR		MDL_MASK(55, 12)

/* §5.4 CD, words 0 and 1 */
#define CDW0_T0SZ		MDL_MASK(5, 0)
#define CDW0_TG0		MDL_MASK(7, 6)
#define CDW0_EPD0		MDL_BIT(14)
#define CDW0_V			MDL_BIT(31)
#define CDW0_AA64		MDL_BIT(41)
#define CDW0_ASID		MDL_MASK(63, 48)
#define CDW1_TTB0		MDL_MASK(55, 4)

/* VMSAv8-64 descriptors */
#define DESC_VALID		MDL_BIT(0)
#define DESC_TABLE		MDL_BIT(1)	/* at level 3: page */
#define DESC_AP_RO		MDL_BIT(7)	/* AP[2] */
#define DESC_AF			MDL_BIT(10)
#define DESC_OA_TOP		47		/* 48-bit output addresses */

#define S3M_PERM_W		1

#define S3M_CR0_SMMUEN		MDL_BIT(0)

/* Fetching STEs and CDs */

static u32 s3m_fetch_ste(struct s3m *m, u32 sid, u64 *ste)
{
	u64 base = s3m_mmio_read(m, S3M_REG_STRTAB_BASE, 8) & STB_ADDR;
	u64 cfg = s3m_mmio_read(m, S3M_REG_STRTAB_CFG, 4);
	unsigned int split = mdl_get(cfg, STC_SPLIT);
	u64 at;

	if (s3m_cache_get(m, false, sid, 0, ste))
		return S3M_OK;
	if (sid >= MDL_BIT(mdl_get(cfg, STC_LOG2SIZE)))
		return S3M_C_BAD_STREAMID;
	if (mdl_get(cfg, STC_FMT) == STC_FMT_2LVL) {
		u64 l1;
		unsigned int span;

		if (!m->bus.read(m->bus.ctx, base + (u64)(sid >> split) * 8,
				 &l1, 8))
			return S3M_F_STE_FETCH;
		span = mdl_get(l1, L1ST_SPAN);
		/* Span n: 2^(n - 1) STEs; 0 means none */
		if (!span || (sid & (MDL_BIT(split) - 1)) >= MDL_BIT(span - 1))
			return S3M_C_BAD_STE;
		at = (l1 & L1ST_L2PTR) + (sid & (MDL_BIT(split) - 1)) * 64;
	} else {
		at = base + (u64)sid * 64;
	}
	if (!m->bus.read(m->bus.ctx, at, ste, 64))
		return S3M_F_STE_FETCH;
	if (!(ste[0] & STEW0_V))
		return S3M_C_BAD_STE;
	s3m_cache_put(m, false, sid, 0, ste);
	return S3M_OK;
}

static u32 s3m_fetch_cd(struct s3m *m, u32 sid, const u64 *ste, u32 idx,
			u64 *cd)
{
	u64 ptr = ste[0] & STEW0_S1CTXPTR;
	unsigned int cdmax = mdl_get(ste[0], STEW0_S1CDMAX);
	unsigned int fmt = mdl_get(ste[0], STEW0_S1FMT);
	unsigned int leaf_bits = fmt == S1FMT_L2_64K ? 10 : 6;
	u64 at = ptr + (u64)idx * 64;

	if (s3m_cache_get(m, true, sid, idx, cd))
		return S3M_OK;
	if (cdmax && (fmt == S1FMT_L2_4K || fmt == S1FMT_L2_64K)) {
		u32 l1i = cdmax <= leaf_bits ? 0 : idx >> leaf_bits;
		u64 l1;

		if (!m->bus.read(m->bus.ctx, ptr + (u64)l1i * 8, &l1, 8))
			return S3M_F_CD_FETCH;
		if (!(l1 & L1CD_VALID))
			return S3M_C_BAD_SUBSTREAMID;
		at = (l1 & L1CD_L2PTR) +
		     (u64)(idx & (MDL_BIT(leaf_bits) - 1)) * 64;
	}
	if (!m->bus.read(m->bus.ctx, at, cd, 64))
		return S3M_F_CD_FETCH;
	if (!(cd[0] & CDW0_V))
		return S3M_C_BAD_CD;
	s3m_cache_put(m, true, sid, idx, cd);
	return S3M_OK;
}

/* The stage 1 walk */

struct s3m_walk {
	u64 out;
	unsigned int size_lg2;
	bool ro;
	u8 level;
};

static u32 s3m_walk(struct s3m *m, const u64 *cd, u64 iova, struct s3m_walk *w)
{
	unsigned int tg = mdl_get(cd[0], CDW0_TG0);
	unsigned int g = tg == 0 ? 12 : tg == 1 ? 16 : 14;
	unsigned int ia = 64 - mdl_get(cd[0], CDW0_T0SZ);
	unsigned int s = g - 3, start, lvl, shift, bits;
	u64 table = cd[1] & CDW1_TTB0, desc;

	m->st.walks++;
	if (cd[0] & CDW0_EPD0 || (ia < 64 && iova >> ia))
		return S3M_F_TRANSLATION;
	/* the level whose index bits take what is left above the others */
	start = 4 - (ia - g + s - 1) / s;
	for (lvl = start;; lvl++) {
		shift = g + s * (3 - lvl);
		bits = lvl == start ? ia - shift : s;
		w->level = lvl;
		if (!m->bus.read(m->bus.ctx, table +
				 ((iova >> shift) & (MDL_BIT(bits) - 1)) * 8,
				 &desc, 8))
			return S3M_F_WALK_EABT;
		if (!(desc & DESC_VALID))
			return S3M_F_TRANSLATION;
		if (lvl < 3 && (desc & DESC_TABLE)) {
			table = desc & MDL_MASK(DESC_OA_TOP, g);
			continue;
		}
		/* blocks: level 1 and 2 with 4 KiB, level 2 otherwise */
		if (lvl == 3 ? !(desc & DESC_TABLE) :
		    !(lvl == 2 || (lvl == 1 && g == 12)))
			return S3M_F_TRANSLATION;
		break;
	}
	if (!(desc & DESC_AF))
		return S3M_F_ACCESS;
	w->size_lg2 = shift;
	w->out = desc & MDL_MASK(DESC_OA_TOP, shift);
	w->ro = desc & DESC_AP_RO;
	return S3M_OK;
}

/* Translate */

static u32 s3m_fault(struct s3m *m, u32 id, u32 sid, bool ssv, u32 ssid,
		     u64 iova, bool write, u8 level)
{
	m->fault = (struct s3m_fault){ id, sid, ssv, ssid, iova, write, level };
	m->st.faults++;
	mdl_log_add(&m->log, MDL_EV_FAULT, iova, id,
		    "event %#x: stream %#x%s%u %s at %#llx", id, sid,
		    ssv ? " pasid " : " no pasid", ssv ? ssid : 0,
		    write ? "write" : "read", (unsigned long long)iova);
	return id;
}

/* Which CD serves the transaction, or a fault; *@bypass for S1DSS bypass */
static u32 s3m_pick_cd(const u64 *ste, bool ssv, u32 ssid, u32 *idx,
		       bool *bypass)
{
	unsigned int cdmax = mdl_get(ste[0], STEW0_S1CDMAX);
	unsigned int dss = mdl_get(ste[1], STEW1_S1DSS);

	*bypass = false;
	if (ssv) {
		if (!cdmax || ssid >= MDL_BIT(cdmax))
			return S3M_C_BAD_SUBSTREAMID;
		/* with S1DSS = substream 0, SSID 0 is not a tag one may use */
		if (!ssid && dss == S1DSS_SUBSTREAM0)
			return S3M_C_BAD_SUBSTREAMID;
		*idx = ssid;
		return S3M_OK;
	}
	*idx = 0;
	if (!cdmax || dss == S1DSS_SUBSTREAM0)
		return S3M_OK;
	if (dss == S1DSS_BYPASS) {
		*bypass = true;
		return S3M_OK;
	}
	return dss == S1DSS_TERMINATE ? S3M_F_STREAM_DISABLED : S3M_C_BAD_STE;
}

u32 s3m_translate(struct s3m *m, u32 sid, bool ssv, u32 ssid, u64 iova,
		  bool write, u64 *pa)
{
	const struct mdl_tlb_ent *e;
	struct mdl_tlb_ent fill;
	struct s3m_walk w = {};
	u64 ste[8], cd[8];
	bool bypass;
	u32 idx, id;

	if (!(s3m_mmio_read(m, S3M_REG_CR0, 4) & S3M_CR0_SMMUEN))
		return s3m_fault(m, S3M_ABORT_SILENT, sid, ssv, ssid, iova,
				 write, 0);
	id = s3m_fetch_ste(m, sid, ste);
	if (id)
		return s3m_fault(m, id, sid, ssv, ssid, iova, write, 0);
	switch (mdl_get(ste[0], STEW0_CONFIG)) {
	case CONFIG_BYPASS:
		if (ssv)
			return s3m_fault(m, S3M_C_BAD_SUBSTREAMID, sid, ssv,
					 ssid, iova, write, 0);
		*pa = iova;
		return S3M_OK;
	case CONFIG_S1:
		break;
	case 6:
	case 7:
		mdl_log_add(&m->log, MDL_EV_CONFIG, sid, 0,
			    "stage 2 is not modelled");
		return s3m_fault(m, S3M_C_BAD_STE, sid, ssv, ssid, iova,
				 write, 0);
	default:
		return s3m_fault(m, S3M_ABORT_SILENT, sid, ssv, ssid, iova,
				 write, 0);
	}
	id = s3m_pick_cd(ste, ssv, ssid, &idx, &bypass);
	if (id)
		return s3m_fault(m, id, sid, ssv, ssid, iova, write, 0);
	if (bypass) {
		*pa = iova;
		return S3M_OK;
	}
	id = s3m_fetch_cd(m, sid, ste, idx, cd);
	if (!id && (!(cd[0] & CDW0_AA64) || mdl_get(cd[0], CDW0_TG0) == 3 ||
		    mdl_get(cd[0], CDW0_T0SZ) < 16 ||
		    mdl_get(cd[0], CDW0_T0SZ) > 39))
		id = S3M_C_BAD_CD;
	if (id)
		return s3m_fault(m, id, sid, ssv, ssid, iova, write, 0);

	e = mdl_tlb_lookup(&m->tlb, 0, 0, mdl_get(cd[0], CDW0_ASID), iova);
	if (e) {
		m->st.tlb_hits++;
		w.out = e->out;
		w.size_lg2 = e->size_lg2;
		w.ro = !(e->perm & S3M_PERM_W);
		w.level = e->level;
	} else {
		id = s3m_walk(m, cd, iova, &w);
		if (id)
			return s3m_fault(m, id, sid, ssv, ssid, iova, write,
					 w.level);
		fill = (struct mdl_tlb_ent){
			.valid = true, .asid = mdl_get(cd[0], CDW0_ASID),
			.in = iova & ~(MDL_BIT(w.size_lg2) - 1),
			.size_lg2 = w.size_lg2, .out = w.out,
			.perm = w.ro ? 0 : S3M_PERM_W, .level = w.level,
		};
		mdl_tlb_fill(&m->tlb, &fill);
	}
	if (write && w.ro)
		return s3m_fault(m, S3M_F_PERMISSION, sid, ssv, ssid, iova,
				 write, w.level);
	*pa = w.out | (iova & (MDL_BIT(w.size_lg2) - 1));
	return S3M_OK;
}

/* DMA */

u32 s3m_dma(struct s3m *m, u32 sid, bool ssv, u32 ssid, u64 iova, void *buf,
	    size_t len, bool write)
{
	u8 *p = buf;

	while (len) {
		size_t n = MDL_PAGE_SIZE - (iova & (MDL_PAGE_SIZE - 1));
		u64 pa;
		u32 id;
		bool ok;

		if (n > len)
			n = len;
		id = s3m_translate(m, sid, ssv, ssid, iova, write, &pa);
		if (id)
			return id;
		ok = write ? m->bus.write(m->bus.ctx, pa, p, n) :
			     m->bus.read(m->bus.ctx, pa, p, n);
		if (!ok)
			return s3m_fault(m, S3M_F_WALK_EABT, sid, ssv, ssid,
					 iova, write, 0);
		m->st.dma_bytes += n;
		iova += n;
		p += n;
		len -= n;
	}
	return S3M_OK;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-tests of the SMMUv3 model (smmu3*.c): tables built by hand in the
 * model's memory, their fields spelled out here as numbers from IHI 0070
 * (nothing shared with the model's decoder), page tables by ref.c, and
 * DMA through s3m_dma().  They cover what the PASID harness's driver does
 * not reach: a two-level stream table, 64 KiB CD leaves and granules,
 * blocks, S1DSS bypass and terminate, the configuration caches and TLB
 * against their invalidations, and a command queue error.
 *
 * File map: table builders; cases; the case list (run by tests.c).
 */
#include <string.h>

#include "smmu3.h"
#include "tests.h"

/* Table builders */

#define S3T_STRTAB	0x10000ULL	/* stream table (or its level 1) */
#define S3T_STRTAB_L2	0x20000ULL
#define S3T_CDS		0x30000ULL	/* CD table (or its level 1) */
#define S3T_CD_L2	0x40000ULL	/* a 64 KiB CD leaf */
#define S3T_CMDQ	0x60000ULL
#define S3T_DATA	0x50000000ULL

struct s3t {
	struct mdl_mem mem;
	struct s3m m;
	struct ref_pt pt;
	u32 cmdq_prod;
};

static int s3t_new(struct s3t *t, bool two_level_st, unsigned int gran)
{
	memset(t, 0, sizeof(*t));
	if (mdl_mem_init(&t->mem, 48, NULL) ||
	    s3m_init(&t->m, s3m_bus_mdl(&t->mem), 16) ||
	    ref_pt_init(&t->pt, &t->mem, T_POOL, T_POOL_LEN, gran, 48, false,
			-1))
		return -1;
	s3m_mmio_write(&t->m, S3M_REG_STRTAB_BASE, 8, S3T_STRTAB);
	/* BASE_CFG: LOG2SIZE [5:0], SPLIT [10:6], FMT [17:16] */
	s3m_mmio_write(&t->m, S3M_REG_STRTAB_CFG, 4, two_level_st ?
		       (16 | 8 << 6 | 1 << 16) : 6);
	/* CMDQ_BASE: ADDR [51:5], LOG2SIZE [4:0]: 16 entries */
	s3m_mmio_write(&t->m, S3M_REG_CMDQ_BASE, 8, S3T_CMDQ | 4);
	/* CR0: SMMUEN bit 0, CMDQEN bit 3 */
	s3m_mmio_write(&t->m, S3M_REG_CR0, 4, 1 | 8);
	return 0;
}

static void s3t_del(struct s3t *t)
{
	s3m_free(&t->m);
	mdl_mem_free(&t->mem);
}

/* STE of stream @sid: stage 1 through the CD table at @cds */
static void s3t_ste(struct s3t *t, u32 sid, bool two_level_st, u64 cds,
		    unsigned int s1fmt, unsigned int cdmax, unsigned int dss)
{
	u64 at = S3T_STRTAB + sid * 64ULL;

	if (two_level_st) {
		/* L1STD: Span [4:0] = 9 (2^8 STEs), L2Ptr [51:6] */
		mdl_mem_wr64(&t->mem, S3T_STRTAB + (sid >> 8) * 8ULL,
			     S3T_STRTAB_L2 | 9);
		at = S3T_STRTAB_L2 + (sid & 0xff) * 64ULL;
	}
	/* V [0], Config [3:1] = 0b101, S1Fmt [5:4], ptr [55:6], CDMax [63:59] */
	mdl_mem_wr64(&t->mem, at, 1 | 5 << 1 | (u64)s1fmt << 4 | cds |
		     (u64)cdmax << 59);
	mdl_mem_wr64(&t->mem, at + 8, dss);	/* S1DSS [1:0] */
}

/* a valid AArch64 CD: T0SZ 16, the tree's granule, its root, @asid */
static void s3t_cd(struct s3t *t, u64 at, u32 asid, u64 extra)
{
	unsigned int tg = t->pt.gran == 16 ? 1 : 0;	/* TG0 [7:6] */

	mdl_mem_wr64(&t->mem, at, 16 | tg << 6 | MDL_BIT(31) | MDL_BIT(41) |
		     (u64)asid << 48 | extra);
	mdl_mem_wr64(&t->mem, at + 8, t->pt.root);	/* TTB0 [55:4] */
}

static bool s3t_cmd(struct s3t *t, u64 w0, u64 w1)
{
	u64 at = S3T_CMDQ + (t->cmdq_prod & 15) * 16ULL;

	mdl_mem_wr64(&t->mem, at, w0);
	mdl_mem_wr64(&t->mem, at + 8, w1);
	t->cmdq_prod = (t->cmdq_prod + 1) & 31;	/* index and wrap bit */
	s3m_mmio_write(&t->m, S3M_REG_CMDQ_PROD, 4, t->cmdq_prod);
	return (s3m_mmio_read(&t->m, S3M_REG_CMDQ_CONS, 4) & 31) ==
	       t->cmdq_prod;
}

static u32 s3t_read(struct s3t *t, u32 sid, bool ssv, u32 ssid, u64 va,
		    u64 *pa)
{
	return s3m_translate(&t->m, sid, ssv, ssid, va, false, pa);
}

/* Cases */

static int s3t_linear_pasids(void)
{
	u8 out[64], in[64];
	struct s3t t;
	u64 pa = 0;
	int bad = 0;

	if (s3t_new(&t, false, 12))
		return 1;
	/* stream 3: 4 CDs, untagged traffic on CD 0 (S1DSS = 0b10) */
	s3t_ste(&t, 3, false, S3T_CDS, 0, 2, 2);
	s3t_cd(&t, S3T_CDS + 1 * 64, 9, 0);
	ref_map(&t.pt, 0x10000000, S3T_DATA, 3, REF_R | REF_W | REF_U);
	t_fill(in, sizeof(in), 5);
	bad += T_MISS(!s3m_dma(&t.m, 3, true, 1, 0x10000010, in, sizeof(in),
			       true), "PASID 1 write");
	mdl_mem_read(&t.mem, S3T_DATA + 0x10, out, sizeof(out));
	bad += T_MISS(!memcmp(in, out, sizeof(in)), "bytes at the page");
	bad += T_MISS(s3t_read(&t, 3, false, 0, 0x10000000, &pa) ==
		      S3M_C_BAD_CD, "untagged: CD 0 invalid");
	bad += T_MISS(s3t_read(&t, 3, true, 0, 0x10000000, &pa) ==
		      S3M_C_BAD_SUBSTREAMID, "SSID 0 tagged");
	bad += T_MISS(s3t_read(&t, 3, true, 4, 0x10000000, &pa) ==
		      S3M_C_BAD_SUBSTREAMID, "SSID beyond S1CDMax");
	bad += T_MISS(t.m.fault.ssv && t.m.fault.ssid == 4, "fault names SSID");
	bad += T_MISS(s3t_read(&t, 4, false, 0, 0, &pa) == S3M_C_BAD_STE,
		      "stream without an STE");
	bad += T_MISS(s3t_read(&t, 64, false, 0, 0, &pa) == S3M_C_BAD_STREAMID,
		      "stream beyond the table");
	s3t_del(&t);
	return bad;
}

static int s3t_two_level_64k(void)
{
	struct s3t t;
	u32 ssid = 0x413;	/* leaf 1 of 64 KiB leaves */
	u64 pa = 0;
	int bad = 0;

	if (s3t_new(&t, true, 16))
		return 1;
	/* stream 0x105: S1Fmt 0b10, 2^12 CDs; L1CD: V [0], L2Ptr [55:12] */
	s3t_ste(&t, 0x105, true, S3T_CDS, 2, 12, 1);
	mdl_mem_wr64(&t.mem, S3T_CDS + 8, S3T_CD_L2 | 1);
	s3t_cd(&t, S3T_CD_L2 + (ssid & 0x3ff) * 64ULL, 3, 0);
	/* a 512 MiB block at level 2 of a 64 KiB tree */
	ref_map(&t.pt, 0x20000000, 0x80000000, 2, REF_R | REF_W);
	bad += T_MISS(!s3t_read(&t, 0x105, true, ssid, 0x2345678a, &pa) &&
		      pa == 0x8345678a, "block translation %#llx",
		      (unsigned long long)pa);
	bad += T_MISS(s3t_read(&t, 0x105, true, 0x13, 0x20000000, &pa) ==
		      S3M_C_BAD_SUBSTREAMID, "L1CD 0 invalid");
	/* S1DSS bypass: untagged traffic untranslated */
	bad += T_MISS(!s3t_read(&t, 0x105, false, 0, 0x1234, &pa) &&
		      pa == 0x1234, "S1DSS bypass");
	s3t_ste(&t, 0x106, true, S3T_CDS, 2, 12, 0);
	bad += T_MISS(s3t_read(&t, 0x106, false, 0, 0x1234, &pa) ==
		      S3M_F_STREAM_DISABLED, "S1DSS terminate");
	s3t_del(&t);
	return bad;
}

static int s3t_caches(void)
{
	struct s3t t;
	u64 pa = 0;
	int bad = 0;

	if (s3t_new(&t, false, 12))
		return 1;
	s3t_ste(&t, 1, false, S3T_CDS, 0, 1, 2);
	s3t_cd(&t, S3T_CDS + 64, 5, 0);
	ref_map(&t.pt, 0x1000, 0x7000, 3, REF_R);
	ref_map(&t.pt, 0x2000, 0x8000, 3, REF_R);
	bad += T_MISS(!s3t_read(&t, 1, true, 1, 0x1000, &pa), "first walk");
	/* the CD goes invalid in memory: the cached copy still serves */
	mdl_mem_wr64(&t.mem, S3T_CDS + 64, 0);
	bad += T_MISS(!s3t_read(&t, 1, true, 1, 0x2000, &pa) && pa == 0x8000,
		      "cached CD, new walk");
	/* CMD_CFGI_CD: opcode 0x05, SSID [31:12], SID [63:32] */
	bad += T_MISS(s3t_cmd(&t, 0x05 | 1ULL << 12 | 1ULL << 32, 1),
		      "CFGI_CD consumed");
	bad += T_MISS(s3t_read(&t, 1, true, 1, 0x3000, &pa) == S3M_C_BAD_CD,
		      "CD dropped by CFGI_CD");
	/* back, and the TLB: leaves cleared in memory stay cached */
	s3t_cd(&t, S3T_CDS + 64, 5, 0);
	ref_set_leaf(&t.pt, 0x1000, 0, 0);
	ref_set_leaf(&t.pt, 0x2000, 0, 0);
	bad += T_MISS(!s3t_read(&t, 1, true, 1, 0x1000, &pa) && pa == 0x7000,
		      "stale TLB entry serves");
	/* TLBI_NH_VA: 0x12, ASID [63:48]; word 1 Address [63:12] */
	s3t_cmd(&t, 0x12 | 5ULL << 48, 0x1000);
	s3t_cmd(&t, 0x46, 0);
	bad += T_MISS(s3t_read(&t, 1, true, 1, 0x1000, &pa) ==
		      S3M_F_TRANSLATION, "VA invalidated");
	bad += T_MISS(!s3t_read(&t, 1, true, 1, 0x2000, &pa),
		      "other VA still cached");
	/* TLBI_NH_ASID 0x11 of another ASID spares it; of its own drops it */
	s3t_cmd(&t, 0x11 | 6ULL << 48, 0);
	bad += T_MISS(!s3t_read(&t, 1, true, 1, 0x2000, &pa),
		      "other ASID invalidated");
	s3t_cmd(&t, 0x11 | 5ULL << 48, 0);
	bad += T_MISS(s3t_read(&t, 1, true, 1, 0x2000, &pa) ==
		      S3M_F_TRANSLATION, "ASID invalidated");
	s3t_del(&t);
	return bad;
}

static int s3t_faults_and_queue(void)
{
	u8 buf[8] = { 1 };
	struct s3t t;
	u64 pa = 0;
	int bad = 0;

	if (s3t_new(&t, false, 12))
		return 1;
	s3t_ste(&t, 2, false, S3T_CDS, 0, 0, 0);
	s3t_cd(&t, S3T_CDS, 4, 0);
	ref_map(&t.pt, 0x4000, 0x9000, 3, REF_R | REF_NOAF);
	ref_map(&t.pt, 0x5000, 0xa000, 3, REF_R);
	bad += T_MISS(s3t_read(&t, 2, false, 0, 0x4000, &pa) == S3M_F_ACCESS,
		      "AF clear");
	bad += T_MISS(s3m_dma(&t.m, 2, false, 0, 0x5000, buf, 8, true) ==
		      S3M_F_PERMISSION, "write to a read-only page");
	bad += T_MISS(s3t_read(&t, 2, false, 0, 0x6000, &pa) ==
		      S3M_F_TRANSLATION && t.m.fault.level == 3,
		      "unmapped, at level 3");
	bad += T_MISS(s3t_read(&t, 2, true, 1, 0x5000, &pa) ==
		      S3M_C_BAD_SUBSTREAMID, "S1CDMax 0 refuses SSIDs");
	/* EPD0 [14] set: TTB0 walks disabled (new CD, so CFGI_CD first) */
	s3t_cd(&t, S3T_CDS, 4, MDL_BIT(14));
	s3t_cmd(&t, 0x05 | 2ULL << 32, 1);
	s3t_cmd(&t, 0x11 | 4ULL << 48, 0);
	bad += T_MISS(s3t_read(&t, 2, false, 0, 0x5000, &pa) ==
		      S3M_F_TRANSLATION, "EPD0");
	/* an unknown opcode stops the queue with CONS.ERR = 1 (ILL) */
	bad += T_MISS(!s3t_cmd(&t, 0x7f, 0), "illegal command not consumed");
	bad += T_MISS(((s3m_mmio_read(&t.m, S3M_REG_CMDQ_CONS, 4) >> 24) &
		       0x7f) == 1 && (s3m_mmio_read(&t.m, S3M_REG_GERROR, 4) & 1),
		      "CONS.ERR and GERROR.CMDQ_ERR");
	s3t_del(&t);
	return bad;
}

const struct t_case t_smmu3_cases[] = {
	{ "SMMUv3: linear tables, PASIDs, SSID checks, byte-exact DMA", s3t_linear_pasids },
	{ "SMMUv3: two-level stream table, 64 KiB CD leaves and block, S1DSS", s3t_two_level_64k },
	{ "SMMUv3: CD cache until CFGI_CD, TLB until TLBI by VA and ASID", s3t_caches },
	{ "SMMUv3: AF, permission, level, EPD0 faults; command queue error", s3t_faults_and_queue },
	{ NULL, NULL }
};

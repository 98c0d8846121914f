// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-tests of the SMMUv2 model, part 1: the test "driver" and the
 * translation cases.  Tables are written by the tests' own encoder
 * (ref.c), the model is programmed through MMIO only, and DMA results
 * are compared byte for byte in the model's memory.  Prints one TAP line
 * per case ("ok N - name") and ends with "N passed, N failed".
 *
 * File map:
 *   environment       t_new(), t_del(), t_cb(), t_gr1()
 *   programming       t_route(), t_s1(), t_s2(), t_s1_default()
 *   data checks       t_fill(), t_dma_check()
 *   cases             stage 1 4K pages and 2M blocks, 64K granule,
 *                     AArch32 LPAE, stage 2 with SL0 and concatenated
 *                     tables, bypass, disabled banks, TTBR1, AArch32
 *                     invalidation operands, stage 2 input range
 *   main              runs the cases of tests-regs.c, this file and
 *                     tests-faults.c
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

bool t_report(const char *fn, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "# %s:%d: ", fn, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return true;
}

/* the model of the running case, destroyed by main() if a check failed */
static struct smmu2 *t_live;

int t_new(struct t_env *e, const struct smmu2_config *cfg)
{
	char err[128];

	memset(e, 0, sizeof(*e));
	e->cfg = *cfg;
	e->s = smmu2_create(cfg, err, sizeof(err));
	if (!e->s) {
		fprintf(stderr, "# model refused the configuration: %s\n", err);
		return -1;
	}
	t_live = e->s;
	e->mem = smmu2_mem(e->s);
	e->log = smmu2_log(e->s);
	e->log->echo = !!getenv("MODEL_VERBOSE");
	return 0;
}

void t_del(struct t_env *e)
{
	smmu2_destroy(e->s);
	e->s = NULL;
	t_live = NULL;
}

u32 t_cb(struct t_env *e, unsigned int cb, u32 off)
{
	return smmu2_cb_base(e->s, cb) + off;
}

u32 t_gr1(struct t_env *e, u32 off)
{
	return smmu2_gr1_base(e->s) + off;
}

/* stream @sid (bits of @mask ignored) to bank @cb through group @g */
void t_route(struct t_env *e, u32 sid, u32 mask, unsigned int g,
	     unsigned int cb)
{
	u32 s2cr = mdl_put(SM2_S2CR_TYPE, SM2_S2CR_TRANS) |
		   mdl_put(SM2_S2CR_CBNDX, cb);

	if (e->cfg.stream_match) {
		smmu2_write32(e->s, SM2_SMR(g), SM2_SMR_VALID |
			      mdl_put(SM2_SMR_ID, sid) |
			      mdl_put(SM2_SMR_MASK, mask));
	} else {
		g = sid;
	}
	smmu2_write32(e->s, SM2_S2CR(g), s2cr);
	smmu2_write32(e->s, SM2_SCR0, SM2_SCR0_GFRE | SM2_SCR0_GFIE |
		      SM2_SCR0_USFCFG);
}

/* bank @cb: stage 1 (stage 2 bypassed) over fresh tables in e->pt */
int t_s1(struct t_env *e, unsigned int cb, enum t_fmt fmt, unsigned int ias,
	 u32 asid)
{
	unsigned int gran = fmt == T_A64_64K ? 16 : 12;
	u64 tcr, ttbr;

	if (ref_pt_init(&e->pt, e->mem, T_POOL, T_POOL_LEN, gran, ias, false, -1))
		return -1;
	smmu2_write32(e->s, t_gr1(e, SM2_CBAR(cb)),
		      mdl_put(SM2_CBAR_TYPE, SM2_CBAR_S1_BYPASS) |
		      mdl_put(SM2_CBAR_VMID, cb + 1));
	if (fmt == T_LPAE) {
		tcr = SM2_TCR_EAE | mdl_put(SM2_TCR_LPAE_T0SZ, 32 - ias) |
		      SM2_TCR_EPD1 | mdl_put(SM2_TCR_IRGN0, 1) |
		      mdl_put(SM2_TCR_ORGN0, 1) | mdl_put(SM2_TCR_SH0, 3);
		ttbr = e->pt.root | mdl_put(SM2_TTBR_ASID8, asid);
		if (e->cfg.version == 2)
			smmu2_write32(e->s, t_gr1(e, SM2_CBA2R(cb)), 0);
	} else {
		tcr = mdl_put(SM2_TCR_T0SZ, 64 - ias) | SM2_TCR_EPD1 |
		      mdl_put(SM2_TCR_TG0, gran == 16 ? SM2_TG0_64K : SM2_TG0_4K) |
		      mdl_put(SM2_TCR_IRGN0, 1) | mdl_put(SM2_TCR_ORGN0, 1) |
		      mdl_put(SM2_TCR_SH0, 3);
		ttbr = e->pt.root | mdl_put(SM2_TTBR_ASID16, asid);
		smmu2_write32(e->s, t_gr1(e, SM2_CBA2R(cb)), SM2_CBA2R_VA64);
		smmu2_write32(e->s, t_cb(e, cb, SM2_CB_TCR2), SM2_TCR2_AS |
			      mdl_put(SM2_TCR2_PASIZE, sm2_bits_size_code(48)));
	}
	smmu2_write32(e->s, t_cb(e, cb, SM2_CB_TCR), (u32)tcr);
	smmu2_write64(e->s, t_cb(e, cb, SM2_CB_TTBR0), ttbr);
	smmu2_write32(e->s, t_cb(e, cb, SM2_CB_MAIR0), 0x0004ff44);
	smmu2_write32(e->s, t_cb(e, cb, SM2_CB_SCTLR), SM2_SCTLR_M |
		      SM2_SCTLR_CFIE | SM2_SCTLR_CFRE);
	return 0;
}

/* bank @cb: stage 2 only, VTCR layout; @start is the level SL0 names */
int t_s2(struct t_env *e, unsigned int cb, unsigned int gran,
	 unsigned int ias, unsigned int sl0, int start)
{
	if (ref_pt_init(&e->pt, e->mem, T_POOL, T_POOL_LEN, gran, ias, true, start))
		return -1;
	smmu2_write32(e->s, t_gr1(e, SM2_CBAR(cb)),
		      mdl_put(SM2_CBAR_TYPE, SM2_CBAR_S2) |
		      mdl_put(SM2_CBAR_VMID, cb + 1));
	smmu2_write32(e->s, t_gr1(e, SM2_CBA2R(cb)), SM2_CBA2R_VA64);
	smmu2_write32(e->s, t_cb(e, cb, SM2_CB_TCR),
		      mdl_put(SM2_TCR_T0SZ, 64 - ias) |
		      mdl_put(SM2_TCR_S2_SL0, sl0) |
		      mdl_put(SM2_TCR_TG0, gran == 16 ? SM2_TG0_64K : SM2_TG0_4K) |
		      mdl_put(SM2_TCR_S2_PASIZE, sm2_bits_size_code(48)));
	smmu2_write64(e->s, t_cb(e, cb, SM2_CB_TTBR0), e->pt.root);
	smmu2_write32(e->s, t_cb(e, cb, SM2_CB_SCTLR), SM2_SCTLR_M |
		      SM2_SCTLR_CFIE | SM2_SCTLR_CFRE);
	return 0;
}

/* the default v2, stream T_SID to bank T_CB: stage 1, 4K, 48-bit */
int t_s1_default(struct t_env *e)
{
	struct smmu2_config c;

	smmu2_default_config(&c);
	if (t_new(e, &c))
		return -1;
	t_route(e, T_SID, 0, 0, T_CB);
	return t_s1(e, T_CB, T_A64_4K, 48, T_ASID);
}

void t_fill(u8 *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (u8)(i * 131 + seed * 7 + (i >> 8));
}

/*
 * Write @len bytes at @iova from stream @sid, check that each byte landed
 * at pa_of_page[page] + offset (pages of 2^@page_lg2 counted from @iova's
 * page), then read them back through the model.
 */
int t_dma_check(struct t_env *e, u32 sid, u64 iova, const u64 *pa_of_page,
		unsigned int page_lg2, size_t len)
{
	u64 first = iova >> page_lg2, mask = (1ULL << page_lg2) - 1;
	u8 *src = malloc(len), *back = malloc(len);
	int ret = -1;
	size_t i;

	if (!src || !back)
		goto out;
	t_fill(src, len, (unsigned int)iova);
	if (smmu2_dma_write(e->s, sid, iova, src, len) != SMMU2_OK) {
		fprintf(stderr, "# DMA write at 0x%llx did not translate\n",
			(unsigned long long)iova);
		goto out;
	}
	for (i = 0; i < len; i++) {
		u64 va = iova + i;
		u64 pa = pa_of_page[(va >> page_lg2) - first] + (va & mask);

		if (mdl_mem_rd8(e->mem, pa) != src[i]) {
			fprintf(stderr, "# byte %zu not at pa 0x%llx\n", i,
				(unsigned long long)pa);
			goto out;
		}
	}
	if (smmu2_dma_read(e->s, sid, iova, back, len) != SMMU2_OK ||
	    memcmp(src, back, len)) {
		fprintf(stderr, "# read back differs\n");
		goto out;
	}
	ret = 0;
out:
	free(src);
	free(back);
	return ret;
}

/* ---- cases ---- */

static int t_s1_4k_pages(void)
{
	const u64 pas[] = { 0x00a03000, 0x00877000, 0x3ff1000 };
	const u64 iova = 0x7f1234563000ULL;
	struct smmu2_config c;
	struct t_env e;
	int i, ret;

	smmu2_default_config(&c);
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x21, 0, 0, 1);
	ret = t_s1(&e, 1, T_A64_4K, 48, 7);
	for (i = 0; i < 3 && !ret; i++)
		ret = ref_map(&e.pt, iova + i * 0x1000ULL, pas[i], 3, REF_RW_U);
	if (!ret)
		ret = t_dma_check(&e, 0x21, iova + 0x123, pas, 12, 3 * 4096 - 0x200);
	t_del(&e);
	return ret;
}

static int t_s1_2m_block(void)
{
	const u64 pas[] = { 0x3e00000 };
	struct smmu2_config c;
	struct t_env e;
	u64 pa = 0;
	u8 b = 0x5a;
	int ret;

	smmu2_default_config(&c);
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x21, 0, 0, 1);
	ret = t_s1(&e, 1, T_A64_4K, 39, 3) ||
	      ref_map(&e.pt, 0x40000000, pas[0], 2, REF_RW_U) ||
	      t_dma_check(&e, 0x21, 0x40000000 + 0x1fe000, pas, 21, 0x2000 - 1);
	if (!ret)
		ret = smmu2_dma(e.s, 0x21, 0x401fffff, &b, 1, SMMU2_TXN_WRITE,
				&pa) != SMMU2_OK || pa != 0x3ffffff;
	t_del(&e);
	return ret ? -1 : 0;
}

static int t_s1_64k(void)
{
	const u64 pages[] = { 0x1230000, 0x0650000 }, block[] = { 0x20000000 };
	struct smmu2_config c;
	struct t_env e;
	int ret;

	smmu2_default_config(&c);
	c.mem_bits = 32;
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x300, 0, 2, 3);
	ret = t_s1(&e, 3, T_A64_64K, 42, 0x99) ||
	      ref_map(&e.pt, 0x2000000000ULL, pages[0], 3, REF_RW_U) ||
	      ref_map(&e.pt, 0x2000010000ULL, pages[1], 3, REF_RW_U) ||
	      ref_map(&e.pt, 0x3000000000ULL, block[0], 2, REF_RW_U) ||
	      t_dma_check(&e, 0x300, 0x200000fff0ULL, pages, 16, 0x10000) ||
	      t_dma_check(&e, 0x300, 0x3000000000ULL + 0x1fff8000, block, 29,
			  0x8000);
	t_del(&e);
	return ret ? -1 : 0;
}

static int t_lpae(void)
{
	const u64 page[] = { 0xfe000000ULL }, block[] = { 0x80200000ULL };
	struct smmu2_config c;
	struct t_env e;
	int ret;

	smmu2_default_config(&c);
	c.mem_bits = 40;
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x7, 0, 1, 2);
	ret = t_s1(&e, 2, T_LPAE, 32, 0x42) ||
	      ref_map(&e.pt, 0x80001000, page[0], 3, REF_RW_U) ||
	      ref_map(&e.pt, 0xc0000000, block[0], 2, REF_RW_U) ||
	      t_dma_check(&e, 0x7, 0x80001010, page, 12, 4000) ||
	      t_dma_check(&e, 0x7, 0xc0100000, block, 21, 0x100000);
	if (!ret) {	/* a fault reports the AArch32 long format */
		u8 b;

		ret = smmu2_dma_read(e.s, 0x7, 0x90000000, &b, 1) != SMMU2_FAULT ||
		      mdl_get(smmu2_read32(e.s, t_cb(&e, 2, SM2_CB_FSR)),
			      SM2_FSR_FORMAT) != SM2_FORMAT_AARCH32_LPAE;
	}
	t_del(&e);
	return ret ? -1 : 0;
}

static int t_s2_levels(void)
{
	const u64 pa[] = { 0x5000 }, pb[] = { 0x77000 };
	struct smmu2_config c;
	struct t_env e;
	int ret;

	smmu2_default_config(&c);
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	/* 40-bit IPA, SL0 = 1: walks start at level 1 */
	t_route(&e, 0x40, 0, 0, 0);
	ret = t_s2(&e, 0, 12, 40, 1, 1) ||
	      ref_map(&e.pt, 0x8000001000ULL, pa[0], 3, REF_R | REF_W) ||
	      t_dma_check(&e, 0x40, 0x8000001000ULL, pa, 12, 4096);
	t_del(&e);
	if (ret)
		return -1;
	/* 34-bit IPA from level 2: 16 concatenated tables at the root */
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x40, 0, 0, 0);
	ret = t_s2(&e, 0, 12, 34, 0, 2) ||
	      ref_map(&e.pt, 0x3ffffe000ULL, pb[0], 3, REF_R | REF_W) ||
	      t_dma_check(&e, 0x40, 0x3ffffe000ULL, pb, 12, 4096);
	t_del(&e);
	return ret ? -1 : 0;
}

static int t_s2_sl0_mismatch(void)
{
	struct smmu2_config c;
	struct t_env e;
	u8 b[4];
	int ret;

	smmu2_default_config(&c);
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	/* 40-bit IPA cannot start at level 2 (it would need 512 tables) */
	t_route(&e, 0x40, 0, 0, 0);
	ret = t_s2(&e, 0, 12, 40, 1, 1);
	if (T_MISS(!ret, "setup"))
		return -1;
	smmu2_write32(e.s, t_cb(&e, 0, SM2_CB_TCR),
		      smmu2_read32(e.s, t_cb(&e, 0, SM2_CB_TCR)) & ~SM2_TCR_S2_SL0);
	ret = smmu2_dma_read(e.s, 0x40, 0x1000, b, 4);
	if (T_MISS(ret == SMMU2_FAULT, "walked an impossible configuration"))
		return -1;
	if (T_MISS(smmu2_read32(e.s, t_cb(&e, 0, SM2_CB_FSR)) & SM2_FSR_TF, "no TF"))
		return -1;
	if (T_MISS(mdl_log_count(e.log, MDL_EV_CONFIG) == 1, "config not logged"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_bypass_and_clientpd(void)
{
	struct smmu2_config c;
	struct t_env e;
	u8 b = 0xa5;
	int r1, r2;

	smmu2_default_config(&c);
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	/* out of reset CLIENTPD is set: everything passes untranslated */
	r1 = smmu2_dma_write(e.s, 0x5, 0x9000, &b, 1);
	smmu2_write32(e.s, SM2_S2CR(0), mdl_put(SM2_S2CR_TYPE, SM2_S2CR_BYPASS));
	smmu2_write32(e.s, SM2_SMR(0), SM2_SMR_VALID | mdl_put(SM2_SMR_ID, 5));
	smmu2_write32(e.s, SM2_SCR0, SM2_SCR0_USFCFG);
	r2 = smmu2_dma_write(e.s, 0x5, 0xa000, &b, 1);
	if (T_MISS(r1 == SMMU2_BYPASS && mdl_mem_rd8(e.mem, 0x9000) == 0xa5,
		   "CLIENTPD bypass"))
		return -1;
	if (T_MISS(r2 == SMMU2_BYPASS && mdl_mem_rd8(e.mem, 0xa000) == 0xa5,
		   "S2CR bypass"))
		return -1;
	t_del(&e);
	return 0;
}

/* SCTLR.M clear: the bank passes addresses through untranslated */
static int t_bank_disabled(void)
{
	struct smmu2_config c;
	struct t_env e;
	u8 b = 0x6b;
	int r;

	smmu2_default_config(&c);
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x21, 0, 0, 1);
	r = t_s1(&e, 1, T_A64_4K, 48, 1);
	smmu2_write32(e.s, t_cb(&e, 1, SM2_CB_SCTLR), 0);
	if (!r)
		r = smmu2_dma_write(e.s, 0x21, 0x4000, &b, 1) != SMMU2_BYPASS ||
		    mdl_mem_rd8(e.mem, 0x4000) != 0x6b;
	/* a stage 1 bank whose stage 2 faults: nothing gets through */
	if (!r) {
		smmu2_write32(e.s, t_cb(&e, 1, SM2_CB_SCTLR), SM2_SCTLR_M);
		smmu2_write32(e.s, t_gr1(&e, SM2_CBAR(1)),
			      mdl_put(SM2_CBAR_TYPE, SM2_CBAR_S1_FAULT));
		ref_map(&e.pt, 0x4000, 0x600000, 3, REF_RW_U);
		r = smmu2_dma_write(e.s, 0x21, 0x4000, &b, 1) != SMMU2_FAULT ||
		    mdl_mem_rd8(e.mem, 0x600000) != 0;
	}
	t_del(&e);
	return r ? -1 : 0;
}

/* TTBR1 serves the top of the address space; EPD1 switches it off */
static int t_ttbr1(void)
{
	const u64 pa[] = { 0x640000 }, top = 0xffffffffffe00000ULL;
	struct smmu2_config c;
	struct ref_pt lo;
	struct t_env e;
	u32 tcr;
	u8 b;
	int r;

	smmu2_default_config(&c);
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x21, 0, 0, 1);
	r = t_s1(&e, 1, T_A64_4K, 39, 4);
	lo = e.pt;
	/* a second tree for TTBR1, after the first in the table pool */
	r = r || ref_pt_init(&e.pt, e.mem, lo.pool, T_POOL + T_POOL_LEN - lo.pool,
			     12, 39, false, -1) ||
	    ref_map(&e.pt, top & ((1ULL << 39) - 1), pa[0], 3, REF_RW_U);
	if (r)
		goto out;
	tcr = smmu2_read32(e.s, t_cb(&e, 1, SM2_CB_TCR)) & ~SM2_TCR_EPD1;
	tcr |= mdl_put(SM2_TCR_T1SZ, 25) | mdl_put(SM2_TCR_TG1, SM2_TG1_4K);
	smmu2_write32(e.s, t_cb(&e, 1, SM2_CB_TCR), tcr);
	smmu2_write64(e.s, t_cb(&e, 1, SM2_CB_TTBR1), e.pt.root);
	r = t_dma_check(&e, 0x21, top + 0x10, pa, 12, 64);
	/* between the two ranges: a translation fault */
	r = r || smmu2_dma_read(e.s, 0x21, 0x8000000000ULL, &b, 1) != SMMU2_FAULT;
	smmu2_write32(e.s, t_cb(&e, 1, SM2_CB_TLBIALL), 0);
	smmu2_write32(e.s, t_cb(&e, 1, SM2_CB_TCR), tcr | SM2_TCR_EPD1);
	r = r || smmu2_dma_read(e.s, 0x21, top, &b, 1) != SMMU2_FAULT;
out:
	t_del(&e);
	return r ? -1 : 0;
}

/* the AArch32 operand layout of TLBIVA, TLBIVAA across ASIDs */
static int t_lpae_invalidation(void)
{
	struct smmu2_config c;
	struct t_env e;
	u8 b = 0;
	int r;

	smmu2_default_config(&c);
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x7, 0, 1, 2);
	mdl_mem_wr8(e.mem, 0x610000, 1);
	mdl_mem_wr8(e.mem, 0x611000, 2);
	r = t_s1(&e, 2, T_LPAE, 32, 0x42) ||
	    ref_map(&e.pt, 0x80005000, 0x610000, 3, REF_RW_U);
	r = r || smmu2_dma_read(e.s, 0x7, 0x80005000, &b, 1) || b != 1;
	ref_set_leaf(&e.pt, 0x80005000, 0x611000, REF_RW_U);
	smmu2_write32(e.s, t_cb(&e, 2, SM2_CB_TLBIVA), 0x80005000 | 0x41);
	r = r || smmu2_dma_read(e.s, 0x7, 0x80005000, &b, 1) || b != 1;
	smmu2_write32(e.s, t_cb(&e, 2, SM2_CB_TLBIVA), 0x80005000 | 0x42);
	r = r || smmu2_dma_read(e.s, 0x7, 0x80005000, &b, 1) || b != 2;
	ref_set_leaf(&e.pt, 0x80005000, 0x610000, REF_RW_U);
	smmu2_write32(e.s, t_cb(&e, 2, SM2_CB_TLBIVAA), 0x80005000);
	r = r || smmu2_dma_read(e.s, 0x7, 0x80005000, &b, 1) || b != 1;
	t_del(&e);
	return r ? -1 : 0;
}

/* stage 2 input beyond T0SZ, and T0SZ beyond IDR2.IAS */
static int t_s2_input_range(void)
{
	struct smmu2_config c;
	struct t_env e;
	u8 b;
	int r;

	smmu2_default_config(&c);
	c.ias = 40;
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x40, 0, 0, 0);
	r = t_s2(&e, 0, 12, 36, 1, 1) ||
	    ref_map(&e.pt, 0x1000, 0x650000, 3, REF_R | REF_W);
	r = r || smmu2_dma_read(e.s, 0x40, 0x1000, &b, 1) != SMMU2_OK;
	/* bit 36 set: outside the 36-bit IPA space, not an alias of 0x1000 */
	r = r || smmu2_dma_read(e.s, 0x40, 0x1000001000ULL, &b, 1) != SMMU2_FAULT;
	smmu2_write32(e.s, t_cb(&e, 0, SM2_CB_FSR), ~0U);
	smmu2_write32(e.s, t_cb(&e, 0, SM2_CB_TCR),
		      mdl_put(SM2_TCR_T0SZ, 64 - 44) | mdl_put(SM2_TCR_S2_SL0, 2) |
		      mdl_put(SM2_TCR_S2_PASIZE, 5));
	smmu2_write32(e.s, t_cb(&e, 0, SM2_CB_TLBIALL), 0);
	r = r || smmu2_dma_read(e.s, 0x40, 0x1000, &b, 1) != SMMU2_FAULT ||
	    mdl_log_count(e.log, MDL_EV_CONFIG) != 1;
	t_del(&e);
	return r ? -1 : 0;
}

const struct t_case t_xlate_cases[] = {
	{ "stage 1 AArch64 4K pages: bytes land at the mapped PAs", t_s1_4k_pages },
	{ "stage 1 AArch64 2M block", t_s1_2m_block },
	{ "stage 1 AArch64 64K granule: pages and a 512M block", t_s1_64k },
	{ "stage 1 AArch32 LPAE: page and 2M block", t_lpae },
	{ "stage 2: SL0 start levels and concatenated root tables", t_s2_levels },
	{ "stage 2: SL0 inconsistent with T0SZ faults", t_s2_sl0_mismatch },
	{ "CLIENTPD and S2CR bypass move data untranslated", t_bypass_and_clientpd },
	{ "SCTLR.M clear passes through, stage 2 fault type blocks", t_bank_disabled },
	{ "TTBR1 at the top, the gap faults, EPD1 disables it", t_ttbr1 },
	{ "AArch32 TLBIVA operand with its ASID, TLBIVAA any ASID", t_lpae_invalidation },
	{ "stage 2: IPA beyond T0SZ faults, T0SZ beyond IDR2.IAS refused", t_s2_input_range },
	{ NULL, NULL }
};

int main(void)
{
	const struct t_case *lists[] = {
		t_reg_cases, t_xlate_cases, t_fault_cases, t_smmu3_cases, NULL,
	};
	int n = 0, failed = 0;
	unsigned int l;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (l = 0; lists[l]; l++) {
		const struct t_case *t;

		for (t = lists[l]; t->name; t++) {
			int r = t->fn();

			smmu2_destroy(t_live);	/* left by a failed check */
			t_live = NULL;
			n++;
			failed += r != 0;
			printf("%sok %d - %s\n", r ? "not " : "", n, t->name);
		}
	}
	printf("# %d passed, %d failed\n", n - failed, failed);
	return failed ? 1 : 0;
}

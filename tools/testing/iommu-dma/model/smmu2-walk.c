// SPDX-License-Identifier: GPL-2.0-only
/*
 * SMMUv2 model: how a context bank is to be walked, and the walk.
 * Written from IHI 0062 ("Translation context bank address space":
 * SMMU_CBn_TCR, TCR2, TTBRm; "SMMU_CBA2Rn", "SMMU_CBARn") and the Arm
 * ARM's VMSA long-descriptor format (AArch64 4 KiB and 64 KiB granules,
 * AArch32 LPAE): descriptor types, address fields, AP/S2AP, AF, nG,
 * APTable, and the start level rules of stage 1 (from TxSZ) and stage 2
 * (from SL0).
 *
 * File map:
 *   bank accessors        sm2_cb_aarch64(), sm2_cbar_type(), sm2_cb_vmid(),
 *                         sm2_cb_asid()
 *   TCR field decoding    sm2_tcr_*(): one function per field used
 *   descriptor decoding   sm2_desc_*(): one function per field used
 *   walk configuration    sm2_walk_cfg_s1() (AArch64, AArch32 LPAE),
 *                         sm2_walk_cfg_s2() (AArch64 VTCR layout)
 *   the walk              sm2_walk()
 *
 * Levels count down the address as the VMSA does: the leaf of a 4 KiB
 * walk is level 3, a 2 MiB block is level 2.  A level's "shift" is the
 * lowest input bit its index uses.
 */
#include <string.h>

#include "smmu2-priv.h"

/* ---- bank accessors ---- */

bool sm2_cb_aarch64(struct smmu2 *s, unsigned int cb)
{
	if (s->cfg.version != 2)
		return false;
	return mdl_get(sm2_reg(s, R_CBA2R, cb), SM2_CBA2R_VA64);
}

unsigned int sm2_cbar_type(struct smmu2 *s, unsigned int cb)
{
	return mdl_get(sm2_reg(s, R_CBAR, cb), SM2_CBAR_TYPE);
}

u32 sm2_cb_vmid(struct smmu2 *s, unsigned int cb)
{
	if (s->cfg.version == 2 &&
	    mdl_get(sm2_reg(s, R_SCR0, 0), SM2_SCR0_VMID16EN))
		return mdl_get(sm2_reg(s, R_CBA2R, cb), SM2_CBA2R_VMID16);
	return mdl_get(sm2_reg(s, R_CBAR, cb), SM2_CBAR_VMID);
}

static bool sm2_tcr_a1(u64 tcr)
{
	return mdl_get(tcr, SM2_TCR_A1);
}

/* the ASID that tags a stage 1 walk of bank @cb */
u32 sm2_cb_asid(struct smmu2 *s, unsigned int cb, u64 va)
{
	u64 ttbr = sm2_reg(s, sm2_tcr_a1(sm2_reg(s, R_TCR, cb)) ? R_TTBR1 :
			   R_TTBR0, cb);

	if (sm2_cb_aarch64(s, cb) &&
	    mdl_get(sm2_reg(s, R_TCR2, cb), SM2_TCR2_AS))
		return mdl_get(ttbr, SM2_TTBR_ASID16);
	return mdl_get(ttbr, SM2_TTBR_ASID8);
}

/* ---- TCR fields ---- */

/* granule of TG0 in bits, 0 for one the model does not have */
static unsigned int sm2_tcr_tg0(u64 tcr)
{
	switch (mdl_get(tcr, SM2_TCR_TG0)) {
	case SM2_TG0_4K:
		return 12;
	case SM2_TG0_64K:
		return 16;
	default:
		return 0;
	}
}

/* TG1 encodes the same granules with other values */
static unsigned int sm2_tcr_tg1(u64 tcr)
{
	switch (mdl_get(tcr, SM2_TCR_TG1)) {
	case SM2_TG1_4K:
		return 12;
	case SM2_TG1_64K:
		return 16;
	default:
		return 0;
	}
}

static unsigned int sm2_tcr_t0sz(u64 tcr, bool aarch64)
{
	return mdl_get(tcr, aarch64 ? SM2_TCR_T0SZ : SM2_TCR_LPAE_T0SZ);
}

static unsigned int sm2_tcr_t1sz(u64 tcr, bool aarch64)
{
	return mdl_get(tcr, aarch64 ? SM2_TCR_T1SZ : SM2_TCR_LPAE_T1SZ);
}

static bool sm2_tcr_epd(u64 tcr, int ttbr)
{
	return mdl_get(tcr, ttbr ? SM2_TCR_EPD1 : SM2_TCR_EPD0);
}

static bool sm2_tcr_eae(u64 tcr)
{
	return mdl_get(tcr, SM2_TCR_EAE);
}

static unsigned int sm2_tcr_sl0(u64 tcr)
{
	return mdl_get(tcr, SM2_TCR_S2_SL0);
}

static int sm2_tcr_s2_pasize(u64 tcr)
{
	return sm2_size_code_bits(mdl_get(tcr, SM2_TCR_S2_PASIZE));
}

static int sm2_tcr2_pasize(u64 tcr2)
{
	return sm2_size_code_bits(mdl_get(tcr2, SM2_TCR2_PASIZE));
}

/* ---- descriptor fields (VMSA long-descriptor format) ---- */

static bool sm2_desc_valid(u64 d)
{
	return d & MDL_BIT(0);
}

/* bit 1: table (above the last level) or page (at the last level) */
static bool sm2_desc_table_or_page(u64 d)
{
	return d & MDL_BIT(1);
}

static u64 sm2_desc_addr(u64 d, unsigned int low_bit)
{
	return d & MDL_MASK(47, low_bit);
}

static bool sm2_desc_af(u64 d)
{
	return d & MDL_BIT(10);
}

static bool sm2_desc_ng(u64 d)
{
	return d & MDL_BIT(11);
}

/* stage 1 AP[2]: read-only; AP[1]: unprivileged access allowed */
static bool sm2_desc_ap_ro(u64 d)
{
	return d & MDL_BIT(7);
}

static bool sm2_desc_ap_user(u64 d)
{
	return d & MDL_BIT(6);
}

/* stage 2 S2AP[0]: read allowed; S2AP[1]: write allowed */
static bool sm2_desc_s2ap_read(u64 d)
{
	return d & MDL_BIT(6);
}

static bool sm2_desc_s2ap_write(u64 d)
{
	return d & MDL_BIT(7);
}

/* table descriptor APTable[1]: no write below; APTable[0]: no user */
static bool sm2_desc_aptable_ro(u64 d)
{
	return d & MDL_BIT(62);
}

static bool sm2_desc_aptable_nouser(u64 d)
{
	return d & MDL_BIT(61);
}

/* ---- walk configuration ---- */

static unsigned int sm2_level_shift(unsigned int gran_lg2, int level)
{
	return gran_lg2 + (3 - level) * (gran_lg2 - 3);
}

/* start level and first table size for @ias input bits; -1 if none fits */
static int sm2_levels_for(struct sm2_walk_cfg *wc)
{
	unsigned int stride = wc->gran_lg2 - 3;
	int level;

	if (wc->ias <= wc->gran_lg2 || wc->ias > 48)
		return -1;
	level = 3 - (int)((wc->ias - wc->gran_lg2 - 1) / stride);
	if (level < 0)
		return -1;
	wc->start_level = level;
	wc->top_entries_lg2 = wc->ias - sm2_level_shift(wc->gran_lg2, level);
	return 0;
}

static int sm2_cfg_fail(struct smmu2 *s, unsigned int cb, const char *why)
{
	mdl_log_add(&s->log, MDL_EV_CONFIG, cb, 0, "context bank %u: %s", cb,
		    why);
	return -1;
}

static int sm2_cfg_aarch64_s1(struct smmu2 *s, unsigned int cb, u64 va,
			      struct sm2_walk_cfg *wc)
{
	u64 tcr = sm2_reg(s, R_TCR, cb);
	unsigned int t0 = sm2_tcr_t0sz(tcr, true), t1 = sm2_tcr_t1sz(tcr, true);
	int pa = sm2_tcr2_pasize(sm2_reg(s, R_TCR2, cb)), ttbr;

	if (t0 >= 16 && !(va >> (64 - t0))) {
		ttbr = 0;
		wc->ias = 64 - t0;
		wc->gran_lg2 = sm2_tcr_tg0(tcr);
	} else if (t1 >= 16 && !(~va >> (64 - t1))) {
		ttbr = 1;
		wc->ias = 64 - t1;
		wc->gran_lg2 = sm2_tcr_tg1(tcr);
	} else {
		return -1;	/* outside both ranges: translation fault */
	}
	if (sm2_tcr_epd(tcr, ttbr))
		return -1;
	if ((wc->gran_lg2 == 12 && !s->cfg.aarch64_4k) ||
	    (wc->gran_lg2 == 16 && !s->cfg.aarch64_64k) || !wc->gran_lg2)
		return sm2_cfg_fail(s, cb, "granule not implemented");
	if (pa < 0)
		return sm2_cfg_fail(s, cb, "reserved TCR2.PASIZE");
	wc->oas = (unsigned int)pa < s->cfg.oas ? (unsigned int)pa : s->cfg.oas;
	wc->ttb = mdl_get(sm2_reg(s, ttbr ? R_TTBR1 : R_TTBR0, cb),
			  SM2_TTBR_BADDR);
	return sm2_levels_for(wc) ? sm2_cfg_fail(s, cb, "TxSZ gives no walk") : 0;
}

/* AArch32 long-descriptor: a 32-bit input, TTBR1 above TTBR0's range */
static int sm2_cfg_lpae_s1(struct smmu2 *s, unsigned int cb, u64 va,
			   struct sm2_walk_cfg *wc)
{
	u64 tcr = sm2_reg(s, R_TCR, cb);
	unsigned int t0 = sm2_tcr_t0sz(tcr, false), t1 = sm2_tcr_t1sz(tcr, false);
	int ttbr;

	if (!s->cfg.aarch32_lpae)
		return sm2_cfg_fail(s, cb, "AArch32 format not implemented");
	if (!sm2_tcr_eae(tcr))
		return sm2_cfg_fail(s, cb, "short-descriptor format not modelled");
	if (va >> 32)
		return -1;
	if (va < (1ULL << (32 - t0))) {
		ttbr = 0;
		wc->ias = 32 - t0;
	} else if (!t1) {
		ttbr = 1;
		wc->ias = 32;
	} else if (va >= (1ULL << 32) - (1ULL << (32 - t1))) {
		ttbr = 1;
		wc->ias = 32 - t1;
	} else {
		return -1;
	}
	if (sm2_tcr_epd(tcr, ttbr))
		return -1;
	wc->gran_lg2 = 12;
	wc->oas = s->cfg.oas < 40 ? s->cfg.oas : 40;
	wc->ttb = sm2_reg(s, ttbr ? R_TTBR1 : R_TTBR0, cb) & MDL_MASK(39, 0);
	return sm2_levels_for(wc) ? sm2_cfg_fail(s, cb, "TxSZ gives no walk") : 0;
}

int sm2_walk_cfg_s1(struct smmu2 *s, unsigned int cb, u64 va,
		    struct sm2_walk_cfg *wc)
{
	int ret;

	wc->stage2 = false;
	wc->aarch64 = sm2_cb_aarch64(s, cb);
	ret = wc->aarch64 ? sm2_cfg_aarch64_s1(s, cb, va, wc) :
			    sm2_cfg_lpae_s1(s, cb, va, wc);
	if (ret)
		return ret;
	wc->ttb &= ~((1ULL << (wc->top_entries_lg2 + 3)) - 1);
	wc->asid = sm2_cb_asid(s, cb, va);
	return 0;
}

/*
 * Stage 2, VTCR layout in the bank's TCR: SL0 names the start level (for
 * 4 KiB: 0 is level 2, 1 level 1, 2 level 0; for 64 KiB: 0 is level 3, 1
 * level 2, 2 level 1) and up to 16 tables may be concatenated there.
 */
int sm2_walk_cfg_s2(struct smmu2 *s, unsigned int cb, struct sm2_walk_cfg *wc)
{
	u64 tcr = sm2_reg(s, R_TCR, cb);
	unsigned int t0 = sm2_tcr_t0sz(tcr, true), sl0 = sm2_tcr_sl0(tcr);
	unsigned int shift;
	int pa = sm2_tcr_s2_pasize(tcr);

	wc->stage2 = true;
	wc->aarch64 = true;
	if (!sm2_cb_aarch64(s, cb))
		return sm2_cfg_fail(s, cb, "AArch32 stage 2 not modelled");
	wc->gran_lg2 = sm2_tcr_tg0(tcr);
	if ((wc->gran_lg2 == 12 && !s->cfg.aarch64_4k) ||
	    (wc->gran_lg2 == 16 && !s->cfg.aarch64_64k) || !wc->gran_lg2)
		return sm2_cfg_fail(s, cb, "granule not implemented");
	if (pa < 0)
		return sm2_cfg_fail(s, cb, "reserved VTCR.PS");
	if (t0 < 16 || sl0 == 3)
		return sm2_cfg_fail(s, cb, "stage 2 T0SZ or SL0 reserved");
	wc->ias = 64 - t0;
	if (wc->ias > s->cfg.ias)
		return sm2_cfg_fail(s, cb, "stage 2 input wider than IDR2.IAS");
	wc->oas = (unsigned int)pa < s->cfg.oas ? (unsigned int)pa : s->cfg.oas;
	wc->start_level = (wc->gran_lg2 == 12 ? 2 : 3) - (int)sl0;
	shift = sm2_level_shift(wc->gran_lg2, wc->start_level);
	if (wc->ias <= shift || wc->ias - shift > wc->gran_lg2 - 3 + 4)
		return sm2_cfg_fail(s, cb, "SL0 and T0SZ disagree");
	wc->top_entries_lg2 = wc->ias - shift;
	wc->ttb = mdl_get(sm2_reg(s, R_TTBR0, cb), SM2_TTBR_BADDR) &
		  ~((1ULL << (wc->top_entries_lg2 + 3)) - 1);
	wc->asid = 0;
	return 0;
}

/* ---- the walk ---- */

static void sm2_stop(struct sm2_walk_res *res, enum sm2_fault f, int level)
{
	res->fault = f;
	res->level = level;
}

/* a block at this level exists: 4 KiB granule at 1 and 2, 64 KiB at 2 */
static bool sm2_block_ok(unsigned int gran_lg2, int level)
{
	return gran_lg2 == 12 ? level == 1 || level == 2 : level == 2;
}

void sm2_walk(struct smmu2 *s, const struct sm2_walk_cfg *wc, u64 in,
	      struct sm2_walk_res *res)
{
	unsigned int bits = wc->top_entries_lg2;
	bool no_write = false, no_user = false;
	int level = wc->start_level;
	u64 table = wc->ttb, d, idx;

	memset(res, 0, sizeof(*res));
	if (table >> wc->oas)
		return sm2_stop(res, SM2_F_ADDR_SIZE, level);
	for (;; level++, bits = wc->gran_lg2 - 3) {
		unsigned int shift = sm2_level_shift(wc->gran_lg2, level);

		idx = (in >> shift) & ((1ULL << bits) - 1);
		if (table + idx * 8 + 8 > s->mem.limit)
			return sm2_stop(res, SM2_F_EXTERNAL, level);
		d = mdl_mem_rd64(&s->mem, table + idx * 8);
		if (!sm2_desc_valid(d))
			return sm2_stop(res, SM2_F_TRANSLATION, level);
		if (level < 3 && sm2_desc_table_or_page(d)) {
			table = sm2_desc_addr(d, wc->gran_lg2);
			if (table >> wc->oas)
				return sm2_stop(res, SM2_F_ADDR_SIZE, level);
			if (!wc->stage2) {
				no_write |= sm2_desc_aptable_ro(d);
				no_user |= sm2_desc_aptable_nouser(d);
			}
			continue;
		}
		if (level == 3 ? !sm2_desc_table_or_page(d) :
				 !sm2_block_ok(wc->gran_lg2, level))
			return sm2_stop(res, SM2_F_TRANSLATION, level);
		res->size_lg2 = shift;
		res->out = sm2_desc_addr(d, shift);
		res->level = level;
		if (res->out >> wc->oas)
			return sm2_stop(res, SM2_F_ADDR_SIZE, level);
		if (!sm2_desc_af(d) && !wc->affd)
			return sm2_stop(res, SM2_F_ACCESS_FLAG, level);
		if (wc->stage2) {
			res->read = sm2_desc_s2ap_read(d);
			res->write = sm2_desc_s2ap_write(d);
			res->unpriv = true;
			res->global = true;
		} else {
			res->read = true;
			res->write = !sm2_desc_ap_ro(d) && !no_write;
			res->unpriv = sm2_desc_ap_user(d) && !no_user;
			res->global = !sm2_desc_ng(d);
		}
		return;
	}
}

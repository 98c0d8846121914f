// SPDX-License-Identifier: GPL-2.0-only
/*
 * SMMUv2 model: the path of a device transaction.  IHI 0062 "Stream
 * mapping" (SMR matching with ID/MASK/VALID, stream indexing, the S2CR
 * types, sCR0.CLIENTPD and USFCFG, stream match conflicts), "Context
 * banks" (CBAR types) and "TLB" (what an entry is tagged with), then the
 * data movement in the model's memory.
 *
 * File map:
 *   stream mapping     sm2_smr_*() field accessors, sm2_match()
 *   routing            sm2_route(): S2CR then CBAR to a bank or a verdict
 *   translation        sm2_translate(): TLB, walk on a miss, permissions
 *   data movement      sm2_move(), smmu2_dma(), smmu2_dma_read/write()
 *
 * The TLB is filled by walks and emptied only by the invalidation
 * registers (smmu2.c) or by replacement when full, never by a register
 * write that changes a table base or a TCR: a driver that forgets an
 * invalidation sees what the hardware would show it, a stale entry.
 */
#include <string.h>

#include "smmu2-priv.h"

#define SM2_PERM_R	MDL_BIT(0)
#define SM2_PERM_W	MDL_BIT(1)
#define SM2_PERM_U	MDL_BIT(2)	/* unprivileged access allowed */
#define SM2_NO_IPA	(~0ULL)		/* entries without a stage 2 */

/* ---- stream mapping ---- */

static bool sm2_exid(struct smmu2 *s)
{
	return mdl_get(sm2_reg(s, R_SCR0, 0), SM2_SCR0_EXIDENABLE);
}

static bool sm2_smr_valid(struct smmu2 *s, unsigned int i)
{
	if (sm2_exid(s))
		return mdl_get(sm2_reg(s, R_S2CR, i), SM2_S2CR_EXIDVALID);
	return mdl_get(sm2_reg(s, R_SMR, i), SM2_SMR_VALID);
}

static u32 sm2_smr_id(struct smmu2 *s, unsigned int i)
{
	return mdl_get(sm2_reg(s, R_SMR, i), sm2_exid(s) ? SM2_SMR_EXID :
							    SM2_SMR_ID);
}

static u32 sm2_smr_mask(struct smmu2 *s, unsigned int i)
{
	return mdl_get(sm2_reg(s, R_SMR, i), sm2_exid(s) ? SM2_SMR_EXMASK :
							    SM2_SMR_MASK);
}

/*
 * How many stream map entries take @sid, the last one in *@group.  A
 * MASK bit set means "this ID bit is not compared".  With stream
 * indexing the stream ID is the S2CR index.
 */
static unsigned int sm2_match(struct smmu2 *s, u32 sid, unsigned int *group)
{
	u32 width = s->cfg.sid_bits, valid_bits = (u32)MDL_MASK(width - 1, 0);
	unsigned int i, n = 0;

	if (sid & ~valid_bits)
		return 0;
	if (!s->cfg.stream_match) {
		*group = sid;
		return 1;
	}
	for (i = 0; i < s->cfg.num_smr; i++) {
		if (!sm2_smr_valid(s, i))
			continue;
		if ((sid ^ sm2_smr_id(s, i)) & ~sm2_smr_mask(s, i) & valid_bits)
			continue;
		*group = i;
		n++;
	}
	return n;
}

/* ---- routing ---- */

enum sm2_way { WAY_BYPASS, WAY_FAULT, WAY_CB };

struct sm2_route {
	enum sm2_way way;
	unsigned int cb;
	unsigned int flags;	/* the transaction's, privilege overridden */
};

static unsigned int sm2_s2cr_type(struct smmu2 *s, unsigned int g)
{
	return mdl_get(sm2_reg(s, R_S2CR, g), SM2_S2CR_TYPE);
}

static unsigned int sm2_s2cr_cbndx(struct smmu2 *s, unsigned int g)
{
	return mdl_get(sm2_reg(s, R_S2CR, g), SM2_S2CR_CBNDX);
}

static unsigned int sm2_s2cr_privcfg(struct smmu2 *s, unsigned int g)
{
	return mdl_get(sm2_reg(s, R_S2CR, g), SM2_S2CR_PRIVCFG);
}

static bool sm2_scr0_usfcfg(struct smmu2 *s)
{
	return mdl_get(sm2_reg(s, R_SCR0, 0), SM2_SCR0_USFCFG);
}

static bool sm2_scr0_clientpd(struct smmu2 *s)
{
	return mdl_get(sm2_reg(s, R_SCR0, 0), SM2_SCR0_CLIENTPD);
}

/* a CBAR type the bank and the implementation can hold */
static bool sm2_cb_type_ok(struct smmu2 *s, unsigned int cb)
{
	switch (sm2_cbar_type(s, cb)) {
	case SM2_CBAR_S2:
		return s->cfg.s2;
	case SM2_CBAR_S1_BYPASS:
	case SM2_CBAR_S1_FAULT:
		return s->cfg.s1 && cb >= s->cfg.num_s2cb;
	default:
		return false;	/* nested: not modelled */
	}
}

static void sm2_route(struct smmu2 *s, u32 sid, u64 iova, unsigned int flags,
		      struct sm2_route *rt)
{
	unsigned int g = 0, n;

	rt->way = WAY_FAULT;
	rt->flags = flags;
	if (sm2_scr0_clientpd(s)) {
		rt->way = WAY_BYPASS;
		return;
	}
	n = sm2_match(s, sid, &g);
	if (n > 1)
		return sm2_global_fault(s, SM2_SGFSR_SMCF, sid, iova, flags);
	if (!n) {
		if (sm2_scr0_usfcfg(s))
			return sm2_global_fault(s, SM2_SGFSR_USF, sid, iova,
						flags);
		rt->way = WAY_BYPASS;
		return;
	}
	switch (sm2_s2cr_privcfg(s, g)) {
	case SM2_PRIV_UNPRIV:
		rt->flags &= ~SMMU2_TXN_PRIV;
		break;
	case SM2_PRIV_PRIV:
		rt->flags |= SMMU2_TXN_PRIV;
		break;
	}
	switch (sm2_s2cr_type(s, g)) {
	case SM2_S2CR_BYPASS:
		rt->way = WAY_BYPASS;
		return;
	case SM2_S2CR_TRANS:
		break;
	default:
		mdl_log_add(&s->log, MDL_EV_FAULT, iova, g,
			    "stream 0x%x: S2CR%u terminates it", sid, g);
		return;
	}
	rt->cb = sm2_s2cr_cbndx(s, g);
	if (rt->cb >= s->cfg.num_cb)
		return sm2_global_fault(s, SM2_SGFSR_UCBF, sid, iova, flags);
	if (!sm2_cb_type_ok(s, rt->cb))
		return sm2_global_fault(s, SM2_SGFSR_ICF, sid, iova, flags);
	rt->way = WAY_CB;
}

/* ---- translation ---- */

static u64 sm2_fsr_bit(enum sm2_fault f)
{
	switch (f) {
	case SM2_F_ACCESS_FLAG:
		return SM2_FSR_AFF;
	case SM2_F_PERMISSION:
		return SM2_FSR_PF;
	case SM2_F_ADDR_SIZE:
		return SM2_FSR_ASF;
	case SM2_F_EXTERNAL:
		return SM2_FSR_EF;
	default:
		return SM2_FSR_TF;
	}
}

/* fill @e from a walk of bank @cb for @in; false after a context fault */
static bool sm2_fill(struct smmu2 *s, unsigned int cb, u32 sid, u64 in,
		     unsigned int flags, struct mdl_tlb_ent *e)
{
	bool s2 = sm2_cbar_type(s, cb) == SM2_CBAR_S2;
	struct sm2_walk_cfg wc = { 0 };
	struct sm2_walk_res r;

	if (s2 ? sm2_walk_cfg_s2(s, cb, &wc) : sm2_walk_cfg_s1(s, cb, in, &wc)) {
		sm2_context_fault(s, cb, sid, in, SM2_FSR_TF, 0, flags);
		return false;
	}
	if (s2 && wc.ias < 64 && in >> wc.ias) {	/* IPA beyond T0SZ */
		sm2_context_fault(s, cb, sid, in, SM2_FSR_TF, wc.start_level,
				  flags);
		return false;
	}
	wc.affd = sm2_sctlr_affd(s, cb);
	sm2_walk(s, &wc, in, &r);
	if (r.fault != SM2_F_NONE) {
		sm2_context_fault(s, cb, sid, in, sm2_fsr_bit(r.fault), r.level,
				  flags);
		return false;
	}
	memset(e, 0, sizeof(*e));
	e->global = r.global;
	e->ctx = cb;
	e->vmid = sm2_cb_vmid(s, cb);
	e->asid = wc.asid;
	e->size_lg2 = r.size_lg2;
	e->in = in & ~((1ULL << r.size_lg2) - 1);
	e->ipa = s2 ? e->in : SM2_NO_IPA;
	e->out = r.out;
	e->level = r.level;
	e->perm = (r.read ? SM2_PERM_R : 0) | (r.write ? SM2_PERM_W : 0) |
		  (r.unpriv ? SM2_PERM_U : 0);
	mdl_tlb_fill(&s->tlb, e);
	return true;
}

/*
 * Output address of @in through bank @cb, and how many bytes from @in
 * stay in the same block (*@span).  Returns SMMU2_OK, SMMU2_BYPASS (the
 * bank's translation is off) or SMMU2_FAULT (recorded).
 */
static enum smmu2_result sm2_translate(struct smmu2 *s, unsigned int cb,
				       u32 sid, u64 in, unsigned int flags,
				       u64 *out, u64 *span)
{
	bool s2 = sm2_cbar_type(s, cb) == SM2_CBAR_S2;
	const struct mdl_tlb_ent *e;
	struct mdl_tlb_ent fresh;
	bool wr = flags & SMMU2_TXN_WRITE;
	u32 need;

	if (!sm2_sctlr_m(s, cb)) {
		*out = in;
		*span = ~0ULL;
		return SMMU2_BYPASS;
	}
	e = mdl_tlb_lookup(&s->tlb, cb, sm2_cb_vmid(s, cb),
			   s2 ? 0 : sm2_cb_asid(s, cb, in), in);
	if (!e) {
		if (!sm2_fill(s, cb, sid, in, flags, &fresh))
			return SMMU2_FAULT;
		e = &fresh;
	}
	need = (wr ? SM2_PERM_W : SM2_PERM_R) |
	       (flags & SMMU2_TXN_PRIV ? 0 : SM2_PERM_U);
	if ((e->perm & need) != need) {
		sm2_context_fault(s, cb, sid, in, SM2_FSR_PF, e->level, flags);
		return SMMU2_FAULT;
	}
	if (!s2 && sm2_cbar_type(s, cb) == SM2_CBAR_S1_FAULT) {
		/* stage 2 configured to fault: the first stage's output dies */
		sm2_context_fault(s, cb, sid, in, SM2_FSR_TF, 0, flags);
		return SMMU2_FAULT;
	}
	*out = e->out + (in & ((1ULL << e->size_lg2) - 1));
	*span = (1ULL << e->size_lg2) - (in & ((1ULL << e->size_lg2) - 1));
	return SMMU2_OK;
}

/* ---- data movement ---- */

static bool sm2_move(struct smmu2 *s, u64 pa, u8 *buf, size_t n, bool wr)
{
	return wr ? mdl_mem_write(&s->mem, pa, buf, n) :
		    mdl_mem_read(&s->mem, pa, buf, n);
}

enum smmu2_result smmu2_dma(struct smmu2 *s, u32 sid, u64 iova, void *buf,
			    size_t len, unsigned int flags, u64 *pa)
{
	enum smmu2_result res = SMMU2_BYPASS, part;
	bool wr = flags & SMMU2_TXN_WRITE;
	struct sm2_route rt;
	size_t done = 0;
	u64 out, span;

	sm2_route(s, sid, iova, flags, &rt);
	if (!len)	/* no data phase: only the stream mapping can fault */
		return rt.way == WAY_FAULT ? SMMU2_FAULT :
		       rt.way == WAY_BYPASS ? SMMU2_BYPASS : SMMU2_OK;
	if (rt.way == WAY_FAULT) {
		if (!wr)
			memset(buf, 0, len);
		return SMMU2_FAULT;
	}
	while (done < len) {
		u64 in = iova + done;
		size_t n;

		if (rt.way == WAY_BYPASS) {
			out = in;
			span = ~0ULL;
			part = SMMU2_BYPASS;
		} else {
			part = sm2_translate(s, rt.cb, sid, in, rt.flags, &out,
					     &span);
		}
		if (part == SMMU2_FAULT) {
			/* RAZ for reads; a write's data is dropped */
			if (!wr)
				memset((u8 *)buf + done, 0, len - done);
			return SMMU2_FAULT;
		}
		if (done == 0 && pa)
			*pa = out;
		if (part == SMMU2_OK)
			res = SMMU2_OK;
		n = span < len - done ? (size_t)span : len - done;
		if (!sm2_move(s, out, (u8 *)buf + done, n, wr)) {
			if (!wr)
				memset((u8 *)buf + done, 0, len - done);
			return SMMU2_FAULT;	/* no memory there: bus error */
		}
		done += n;
	}
	return res;
}

enum smmu2_result smmu2_dma_read(struct smmu2 *s, u32 sid, u64 iova,
				 void *buf, size_t len)
{
	return smmu2_dma(s, sid, iova, buf, len, 0, NULL);
}

enum smmu2_result smmu2_dma_write(struct smmu2 *s, u32 sid, u64 iova,
				  const void *buf, size_t len)
{
	return smmu2_dma(s, sid, iova, (void *)buf, len, SMMU2_TXN_WRITE, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-tests of the SMMUv2 model, part 2: faults, the TLB and its
 * maintenance, stream mapping.
 *
 * File map:
 *   context faults    translation, permission, access flag, privilege,
 *                     address size; FSR/FAR/FSYNR0, MULTI, interrupt
 *   TLB               stale entries until TLBIVA / TLBIASID / TLBIALL,
 *                     global entries, stage 2 TLBIIPAS2 and TLBIVMID,
 *                     VMID16, sync completion and a sync that never ends
 *   stream mapping    masks, conflicts, USFCFG, S2CR fault, UCBF, ICF,
 *                     stream indexing, extended stream IDs
 */
#include <string.h>

#include "tests.h"

static u32 t_fsr(struct t_env *e)
{
	return smmu2_read32(e->s, t_cb(e, T_CB, SM2_CB_FSR));
}

static int t_translation_fault(void)
{
	struct t_env e;
	u8 buf[8];
	u32 syn;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	memset(buf, 0xee, sizeof(buf));
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x123456789000ULL, buf, 8) == SMMU2_FAULT,
		   "unmapped read translated"))
		return -1;
	if (T_MISS(buf[0] == 0 && buf[7] == 0, "faulting read not zero-filled"))
		return -1;
	if (T_MISS(t_fsr(&e) & SM2_FSR_TF, "FSR 0x%x", t_fsr(&e)))
		return -1;
	if (T_MISS(mdl_get(t_fsr(&e), SM2_FSR_FORMAT) == SM2_FORMAT_AARCH64, "format"))
		return -1;
	if (T_MISS(smmu2_read64(e.s, t_cb(&e, T_CB, SM2_CB_FAR)) == 0x123456789000ULL,
		   "FAR"))
		return -1;
	syn = smmu2_read32(e.s, t_cb(&e, T_CB, SM2_CB_FSYNR0));
	/* the root table is empty: the walk stops at level 0 */
	if (T_MISS(mdl_get(syn, SM2_FSYNR0_PLVL) == 0 && !(syn & SM2_FSYNR0_WNR),
		   "FSYNR0 0x%x", syn))
		return -1;
	if (T_MISS(mdl_get(smmu2_read32(e.s, t_gr1(&e, SM2_CBFRSYNRA(T_CB))),
			   SM2_CBFRSYNRA_SID) == T_SID, "CBFRSYNRA"))
		return -1;
	if (T_MISS(smmu2_context_irq(e.s, T_CB), "interrupt not raised"))
		return -1;
	/* a second fault only sets MULTI */
	ref_map(&e.pt, 0x5000, 0x800000, 3, REF_RW_U);
	smmu2_dma_write(e.s, T_SID, 0x5000000, buf, 1);
	if (T_MISS(t_fsr(&e) & SM2_FSR_MULTI, "no MULTI"))
		return -1;
	if (T_MISS(smmu2_read64(e.s, t_cb(&e, T_CB, SM2_CB_FAR)) == 0x123456789000ULL,
		   "FAR overwritten"))
		return -1;
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_FSR), t_fsr(&e));
	if (T_MISS(!t_fsr(&e) && !smmu2_context_irq(e.s, T_CB), "FSR not cleared"))
		return -1;
	/* a level 3 miss reports level 3 and the write */
	smmu2_dma_write(e.s, T_SID, 0x6000, buf, 1);
	syn = smmu2_read32(e.s, t_cb(&e, T_CB, SM2_CB_FSYNR0));
	if (T_MISS(mdl_get(syn, SM2_FSYNR0_PLVL) == 3 && (syn & SM2_FSYNR0_WNR),
		   "FSYNR0 0x%x", syn))
		return -1;
	if (T_MISS(smmu2_context_irq_edges(e.s, T_CB) == 2, "edges"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_permission_fault(void)
{
	struct mdl_snap *snap;
	struct t_env e;
	u8 buf[64];
	long diff;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	if (T_MISS(!ref_map(&e.pt, 0x10000, 0x900000, 3, REF_R | REF_U), "map"))
		return -1;
	mdl_mem_wr64(e.mem, 0x900000, 0x1122334455667788ULL);
	snap = mdl_snap_take(e.mem, 0x900000, 4096);
	if (T_MISS(snap, "snapshot"))
		return -1;
	t_fill(buf, sizeof(buf), 3);
	if (T_MISS(smmu2_dma_write(e.s, T_SID, 0x10000, buf, 64) == SMMU2_FAULT,
		   "write to read-only"))
		return -1;
	diff = mdl_snap_diff(e.mem, snap);
	mdl_snap_free(snap);
	if (T_MISS(diff < 0, "memory changed at %ld", diff))
		return -1;
	if (T_MISS(t_fsr(&e) & SM2_FSR_PF, "FSR 0x%x", t_fsr(&e)))
		return -1;
	if (T_MISS(smmu2_read32(e.s, t_cb(&e, T_CB, SM2_CB_FSYNR0)) & SM2_FSYNR0_WNR,
		   "WNR"))
		return -1;
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x10000, buf, 8) == SMMU2_OK &&
		   buf[0] == 0x88, "read of read-only"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_access_flag_and_privilege(void)
{
	struct t_env e;
	u8 b = 1;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	ref_map(&e.pt, 0x20000, 0x910000, 3, REF_RW_U | REF_NOAF);
	ref_map(&e.pt, 0x30000, 0x920000, 3, REF_R | REF_W);	/* no AP[1] */
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x20000, &b, 1) == SMMU2_FAULT &&
		   (t_fsr(&e) & SM2_FSR_AFF), "access flag fault"))
		return -1;
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_FSR), ~0U);
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_SCTLR), SM2_SCTLR_M |
		      SM2_SCTLR_AFFD | SM2_SCTLR_CFIE);
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x20000, &b, 1) == SMMU2_OK,
		   "AFFD did not disable the fault"))
		return -1;
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x30000, &b, 1) == SMMU2_FAULT &&
		   (t_fsr(&e) & SM2_FSR_PF), "unprivileged access allowed"))
		return -1;
	if (T_MISS(!(smmu2_read32(e.s, t_cb(&e, T_CB, SM2_CB_FSYNR0)) & SM2_FSYNR0_PNU),
		   "PNU set for an unprivileged access"))
		return -1;
	if (T_MISS(smmu2_dma(e.s, T_SID, 0x30000, &b, 1, SMMU2_TXN_PRIV, NULL) ==
		   SMMU2_OK, "privileged access refused"))
		return -1;
	smmu2_write32(e.s, SM2_S2CR(0), mdl_put(SM2_S2CR_CBNDX, T_CB) |
		      mdl_put(SM2_S2CR_PRIVCFG, SM2_PRIV_PRIV));
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x30000, &b, 1) == SMMU2_OK,
		   "S2CR.PRIVCFG ignored"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_address_size_fault(void)
{
	struct t_env e;
	u8 b;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	ref_map(&e.pt, 0x40000, 0x1000000000ULL, 3, REF_RW_U);	/* 2^36 */
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_TCR2), SM2_TCR2_AS |
		      mdl_put(SM2_TCR2_PASIZE, sm2_bits_size_code(36)));
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x40000, &b, 1) == SMMU2_FAULT &&
		   (t_fsr(&e) & SM2_FSR_ASF), "FSR 0x%x", t_fsr(&e)))
		return -1;
	t_del(&e);
	return 0;
}

/* the TLB serves a changed mapping until the right invalidation */
static int t_stale_until_tlbiva(void)
{
	struct t_env e;
	u8 b;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	mdl_mem_wr8(e.mem, 0xa00000, 0x11);
	mdl_mem_wr8(e.mem, 0xb00000, 0x22);
	ref_map(&e.pt, 0x50000, 0xa00000, 3, REF_RW_U);
	if (T_MISS(!smmu2_dma_read(e.s, T_SID, 0x50000, &b, 1) && b == 0x11, "first"))
		return -1;
	ref_set_leaf(&e.pt, 0x50000, 0xb00000, REF_RW_U);
	if (T_MISS(!smmu2_dma_read(e.s, T_SID, 0x50000, &b, 1) && b == 0x11,
		   "no stale entry: the model walked without an invalidation"))
		return -1;
	/* another VA or another T_ASID leaves it */
	smmu2_write64(e.s, t_cb(&e, T_CB, SM2_CB_TLBIVA),
		      (0x51000ULL >> 12) | (u64)T_ASID << 48);
	smmu2_write64(e.s, t_cb(&e, T_CB, SM2_CB_TLBIVA),
		      (0x50000ULL >> 12) | (u64)(T_ASID + 1) << 48);
	if (T_MISS(!smmu2_dma_read(e.s, T_SID, 0x50000, &b, 1) && b == 0x11,
		   "a TLBIVA for something else removed the entry"))
		return -1;
	smmu2_write64(e.s, t_cb(&e, T_CB, SM2_CB_TLBIVA),
		      (0x50000ULL >> 12) | (u64)T_ASID << 48);
	if (T_MISS(!smmu2_dma_read(e.s, T_SID, 0x50000, &b, 1) && b == 0x22,
		   "TLBIVA left the stale entry"))
		return -1;
	/* an unmap is served until invalidated, then faults */
	ref_set_leaf(&e.pt, 0x50000, 0, 0);
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x50000, &b, 1) == SMMU2_OK, "unmap"))
		return -1;
	smmu2_write64(e.s, t_cb(&e, T_CB, SM2_CB_TLBIVAL),
		      (0x50000ULL >> 12) | (u64)T_ASID << 48);
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x50000, &b, 1) == SMMU2_FAULT,
		   "TLBIVAL left the unmapped entry"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_tlbiasid_and_global(void)
{
	struct t_env e;
	u8 b;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	mdl_mem_wr8(e.mem, 0xa00000, 1);
	mdl_mem_wr8(e.mem, 0xa01000, 2);
	ref_map(&e.pt, 0x60000, 0xa00000, 3, REF_RW_U);
	ref_map(&e.pt, 0x61000, 0xa00000, 3, REF_RW_U | REF_GLOBAL);
	smmu2_dma_read(e.s, T_SID, 0x60000, &b, 1);
	smmu2_dma_read(e.s, T_SID, 0x61000, &b, 1);
	ref_set_leaf(&e.pt, 0x60000, 0xa01000, REF_RW_U);
	ref_set_leaf(&e.pt, 0x61000, 0xa01000, REF_RW_U | REF_GLOBAL);
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_TLBIASID), T_ASID + 1);
	if (T_MISS(!smmu2_dma_read(e.s, T_SID, 0x60000, &b, 1) && b == 1,
		   "TLBIASID of another T_ASID removed the entry"))
		return -1;
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_TLBIASID), T_ASID);
	if (T_MISS(!smmu2_dma_read(e.s, T_SID, 0x60000, &b, 1) && b == 2,
		   "TLBIASID left the entry"))
		return -1;
	if (T_MISS(!smmu2_dma_read(e.s, T_SID, 0x61000, &b, 1) && b == 1,
		   "TLBIASID removed a global entry"))
		return -1;
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_TLBIALL), 0);
	if (T_MISS(!smmu2_dma_read(e.s, T_SID, 0x61000, &b, 1) && b == 2,
		   "TLBIALL left a global entry"))
		return -1;
	if (T_MISS(mdl_log_count(e.log, MDL_EV_TLBI) == 3, "TLBI events"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_stage2_invalidation(void)
{
	struct smmu2_config c;
	struct t_env e;
	u8 b;

	smmu2_default_config(&c);
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x40, 0, 0, 0);
	if (T_MISS(!t_s2(&e, 0, 12, 40, 1, 1), "setup"))
		return -1;
	mdl_mem_wr8(e.mem, 0xc00000, 1);
	mdl_mem_wr8(e.mem, 0xc01000, 2);
	ref_map(&e.pt, 0x7000, 0xc00000, 3, REF_R | REF_W);
	smmu2_dma_read(e.s, 0x40, 0x7000, &b, 1);
	ref_set_leaf(&e.pt, 0x7000, 0xc01000, REF_R | REF_W);
	smmu2_write64(e.s, t_cb(&e, 0, SM2_CB_TLBIIPAS2), 0x8000 >> 12);
	if (T_MISS(!smmu2_dma_read(e.s, 0x40, 0x7000, &b, 1) && b == 1,
		   "TLBIIPAS2 of another IPA removed it"))
		return -1;
	smmu2_write64(e.s, t_cb(&e, 0, SM2_CB_TLBIIPAS2L), 0x7000 >> 12);
	if (T_MISS(!smmu2_dma_read(e.s, 0x40, 0x7000, &b, 1) && b == 2,
		   "TLBIIPAS2L left it"))
		return -1;
	ref_set_leaf(&e.pt, 0x7000, 0xc00000, REF_R | REF_W);
	smmu2_write32(e.s, SM2_TLBIVMID, 2);	/* bank 0 has VMID 1 */
	if (T_MISS(!smmu2_dma_read(e.s, 0x40, 0x7000, &b, 1) && b == 2,
		   "TLBIVMID of another VMID removed it"))
		return -1;
	smmu2_write32(e.s, SM2_TLBIVMID, 1);
	if (T_MISS(!smmu2_dma_read(e.s, 0x40, 0x7000, &b, 1) && b == 1,
		   "TLBIVMID left it"))
		return -1;
	/* 16-bit VMIDs come from CBA2R once sCR0.VMID16EN is set */
	smmu2_write32(e.s, SM2_SCR0, SM2_SCR0_VMID16EN | SM2_SCR0_USFCFG);
	smmu2_write32(e.s, t_gr1(&e, SM2_CBA2R(0)), SM2_CBA2R_VA64 |
		      mdl_put(SM2_CBA2R_VMID16, 0x1234));
	smmu2_dma_read(e.s, 0x40, 0x7000, &b, 1);
	ref_set_leaf(&e.pt, 0x7000, 0xc01000, REF_R | REF_W);
	smmu2_write32(e.s, SM2_TLBIVMID, 0x1234);
	if (T_MISS(!smmu2_dma_read(e.s, 0x40, 0x7000, &b, 1) && b == 2,
		   "16-bit VMID not used"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_sync(void)
{
	struct t_env e;
	u32 off;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	off = t_cb(&e, T_CB, SM2_CB_TLBSTATUS);
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_TLBSYNC), 0);
	if (T_MISS(!(smmu2_read32(e.s, off) & SM2_TLBSTATUS_SACTIVE), "TLBSYNC"))
		return -1;
	smmu2_write32(e.s, SM2_TLBGSYNC, 0);
	if (T_MISS(!smmu2_read32(e.s, SM2_TLBGSTATUS), "TLBGSYNC"))
		return -1;
	smmu2_set_sync_never_completes(e.s, true);
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_TLBSYNC), 0);
	smmu2_write32(e.s, SM2_TLBGSYNC, 0);
	if (T_MISS(smmu2_read32(e.s, off) & SM2_TLBSTATUS_SACTIVE, "stuck TLBSYNC"))
		return -1;
	if (T_MISS(smmu2_read32(e.s, SM2_TLBGSTATUS) & SM2_TLBGSTATUS_GSACTIVE,
		   "stuck TLBGSYNC"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_stream_masks(void)
{
	struct t_env e;
	u8 b = 9;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	smmu2_write32(e.s, SM2_SMR(0), SM2_SMR_VALID |
		      mdl_put(SM2_SMR_ID, 0x100) | mdl_put(SM2_SMR_MASK, 0xf));
	ref_map(&e.pt, 0x1000, 0xd00000, 3, REF_RW_U);
	if (T_MISS(smmu2_dma_write(e.s, 0x100, 0x1000, &b, 1) == SMMU2_OK &&
		   smmu2_dma_write(e.s, 0x10f, 0x1000, &b, 1) == SMMU2_OK,
		   "masked IDs did not match"))
		return -1;
	if (T_MISS(smmu2_dma_write(e.s, 0x110, 0x1000, &b, 1) == SMMU2_FAULT &&
		   (smmu2_read32(e.s, SM2_SGFSR) & SM2_SGFSR_USF), "0x110 matched"))
		return -1;
	if (T_MISS(mdl_get(smmu2_read32(e.s, SM2_SGFSYNR1), SM2_SGFSYNR1_SID) ==
		   0x110 && smmu2_global_irq(e.s), "global syndrome or irq"))
		return -1;
	smmu2_write32(e.s, SM2_SGFSR, smmu2_read32(e.s, SM2_SGFSR));
	if (T_MISS(!smmu2_global_irq(e.s), "sGFSR not cleared"))
		return -1;
	/* a second SMR that also takes 0x105: a conflict */
	smmu2_write32(e.s, SM2_SMR(1), SM2_SMR_VALID |
		      mdl_put(SM2_SMR_ID, 0x105));
	if (T_MISS(smmu2_dma_write(e.s, 0x105, 0x1000, &b, 1) == SMMU2_FAULT &&
		   (smmu2_read32(e.s, SM2_SGFSR) & SM2_SGFSR_SMCF), "no conflict"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_unmatched_and_s2cr(void)
{
	struct t_env e;
	u8 b = 0x3c;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	smmu2_write32(e.s, SM2_SCR0, 0);	/* USFCFG clear: bypass */
	if (T_MISS(smmu2_dma_write(e.s, 0x77, 0xe000, &b, 1) == SMMU2_BYPASS &&
		   mdl_mem_rd8(e.mem, 0xe000) == 0x3c, "unmatched bypass"))
		return -1;
	smmu2_write32(e.s, SM2_S2CR(0), mdl_put(SM2_S2CR_TYPE, SM2_S2CR_FAULT));
	if (T_MISS(smmu2_dma_write(e.s, T_SID, 0xe000, &b, 1) == SMMU2_FAULT,
		   "S2CR fault type"))
		return -1;
	smmu2_write32(e.s, SM2_S2CR(0), mdl_put(SM2_S2CR_CBNDX, 200));
	if (T_MISS(smmu2_dma_write(e.s, T_SID, 0xe000, &b, 1) == SMMU2_FAULT &&
		   (smmu2_read32(e.s, SM2_SGFSR) & SM2_SGFSR_UCBF), "UCBF"))
		return -1;
	smmu2_write32(e.s, SM2_SGFSR, ~0U);
	/* bank 0 is stage-2-only: a stage 1 type there is invalid */
	smmu2_write32(e.s, t_gr1(&e, SM2_CBAR(0)),
		      mdl_put(SM2_CBAR_TYPE, SM2_CBAR_S1_BYPASS));
	smmu2_write32(e.s, SM2_S2CR(0), mdl_put(SM2_S2CR_CBNDX, 0));
	if (T_MISS(smmu2_dma_write(e.s, T_SID, 0xe000, &b, 1) == SMMU2_FAULT &&
		   (smmu2_read32(e.s, SM2_SGFSR) & SM2_SGFSR_ICF), "ICF"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_stream_indexing(void)
{
	const u64 pa[] = { 0x700000 };
	struct smmu2_config c;
	struct t_env e;
	u8 b;
	int ret;

	smmu2_default_config(&c);
	c.stream_match = false;
	c.sid_bits = 7;
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	t_route(&e, 0x55, 0, 0, 2);
	ret = t_s1(&e, 2, T_A64_4K, 48, 1) ||
	      ref_map(&e.pt, 0x2000, pa[0], 3, REF_RW_U) ||
	      t_dma_check(&e, 0x55, 0x2000, pa, 12, 100);
	if (T_MISS(!ret, "indexed stream"))
		return -1;
	if (T_MISS(smmu2_dma_read(e.s, 0x54, 0x2000, &b, 1) == SMMU2_FAULT,
		   "S2CR84 is still of fault type out of reset"))
		return -1;
	if (T_MISS(smmu2_dma_read(e.s, 0x80, 0x2000, &b, 1) == SMMU2_FAULT &&
		   (smmu2_read32(e.s, SM2_SGFSR) & SM2_SGFSR_USF),
		   "a stream ID wider than NUMSIDB"))
		return -1;
	smmu2_read32(e.s, SM2_SMR(0));
	if (T_MISS(mdl_log_count(e.log, MDL_EV_ACCESS) == 1, "SMR present"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_exids(void)
{
	const u64 pa[] = { 0x740000 };
	struct smmu2_config c;
	struct t_env e;
	int ret;

	smmu2_default_config(&c);
	c.exids = true;
	c.sid_bits = 16;
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	if (T_MISS(smmu2_read32(e.s, SM2_IDR0) & SM2_IDR0_EXIDS, "IDR0.EXIDS"))
		return -1;
	if (T_MISS(!t_s1(&e, 1, T_A64_4K, 48, 1), "bank"))
		return -1;
	smmu2_write32(e.s, SM2_SMR(2), mdl_put(SM2_SMR_EXID, 0xf00d) |
		      mdl_put(SM2_SMR_EXMASK, 0x0100));
	smmu2_write32(e.s, SM2_S2CR(2), mdl_put(SM2_S2CR_CBNDX, 1) |
		      SM2_S2CR_EXIDVALID);
	smmu2_write32(e.s, SM2_SCR0, SM2_SCR0_EXIDENABLE | SM2_SCR0_USFCFG);
	ret = ref_map(&e.pt, 0x3000, pa[0], 3, REF_RW_U) ||
	      t_dma_check(&e, 0xf00d, 0x3000, pa, 12, 64) ||
	      t_dma_check(&e, 0xf10d, 0x3000, pa, 12, 64);
	if (T_MISS(!ret, "16-bit stream IDs"))
		return -1;
	t_del(&e);
	return 0;
}

const struct t_case t_fault_cases[] = {
	{ "unmapped: translation fault, FAR/FSR/FSYNR0, MULTI, interrupt", t_translation_fault },
	{ "read-only: permission fault on write, memory unchanged", t_permission_fault },
	{ "access flag fault, AFFD, unprivileged access and PRIVCFG", t_access_flag_and_privilege },
	{ "output beyond TCR2.PASIZE: address size fault", t_address_size_fault },
	{ "stale TLB entry served until TLBIVA/TLBIVAL", t_stale_until_tlbiva },
	{ "TLBIASID spares other ASIDs and global entries, TLBIALL not", t_tlbiasid_and_global },
	{ "stage 2: TLBIIPAS2(L), TLBIVMID, 16-bit VMIDs", t_stage2_invalidation },
	{ "TLBSYNC/TLBGSYNC complete, or never when configured so", t_sync },
	{ "SMR masks match, unmatched faults with USFCFG, conflicts fault", t_stream_masks },
	{ "unmatched bypass, S2CR fault type, UCBF, ICF", t_unmatched_and_s2cr },
	{ "stream indexing without SMRs", t_stream_indexing },
	{ "extended stream IDs: 16-bit SMR, S2CR.EXIDVALID", t_exids },
	{ NULL, NULL }
};

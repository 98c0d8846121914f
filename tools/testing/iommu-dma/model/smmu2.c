// SPDX-License-Identifier: GPL-2.0-only
/*
 * SMMUv1/v2 model: configuration, the register file and what writes to
 * it do (IHI 0062 chapters "Global address space", "Translation context
 * bank address space", "TLB maintenance" and "Fault handling").
 *
 * File map:
 *   configuration        smmu2_default_config(), sm2_check_config()
 *   ID registers         sm2_idr0/1/2(): the configuration as reported
 *   register table       sm2_build_regs(): offsets, widths, access, resets
 *   register hooks       sm2_rd() (sync status), sm2_wr() (write one to
 *                        clear, read-only bits, invalidations, syncs)
 *   invalidations        sm2_tlbi_*(): one per TLB maintenance register
 *   faults, interrupts   sm2_context_fault(), sm2_global_fault(),
 *                        sm2_update_irqs()
 *   field accessors      sm2_sctlr_*(), sm2_scr0_*()
 *   create, MMIO API     smmu2_create(), smmu2_read32()...
 *
 * The stream mapping and the data path are in smmu2-dma.c, the walks in
 * smmu2-walk.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smmu2-priv.h"

void smmu2_default_config(struct smmu2_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->version = 2;
	cfg->stream_match = true;
	cfg->num_smr = 4;
	cfg->sid_bits = 15;
	cfg->num_cb = 8;
	cfg->num_s2cb = 1;
	cfg->s1 = true;
	cfg->s2 = true;
	cfg->ias = 48;
	cfg->oas = 48;
	cfg->aarch64_4k = true;
	cfg->aarch64_64k = true;
	cfg->aarch32_lpae = true;
	cfg->numpagendxb = 3;
	cfg->tlb_entries = 64;
	cfg->mem_bits = 40;
}

/* why @c cannot be an implementation, or NULL if it can */
static const char *sm2_check_config(const struct smmu2_config *c)
{
	u32 numpage = 2U << c->numpagendxb;

	if (c->version != 1 && c->version != 2)
		return "version: only 1 and 2 exist";
	if (c->version == 1 && (c->exids || c->aarch64_4k || c->aarch64_64k))
		return "SMMUv1 has neither extended IDs nor AArch64 formats";
	if (!c->aarch64_4k && !c->aarch64_64k && !c->aarch32_lpae)
		return "no translation table format";
	if (!c->s1 && !c->s2)
		return "neither stage 1 nor stage 2";
	if (!c->num_cb || c->num_cb > 128 || c->num_s2cb > c->num_cb)
		return "1 to 128 banks, at most all of them stage-2-only";
	if (c->num_s2cb && !c->s2)
		return "stage-2-only banks without stage 2";
	if (!c->s1 && c->num_s2cb != c->num_cb)
		return "banks that need stage 1, which is absent";
	if (!c->sid_bits || c->sid_bits > 16 || (c->sid_bits == 16 && !c->exids))
		return "1 to 15 stream ID bits, 16 with extended IDs";
	if (c->exids && !c->stream_match)
		return "extended stream IDs need stream matching";
	if (c->stream_match && (!c->num_smr || c->num_smr > 128))
		return "1 to 128 stream match registers";
	if (!c->stream_match && c->sid_bits > 8)
		return "stream indexing over more than 8 bits: too many S2CRs";
	if (sm2_bits_size_code(c->ias) < 0 || sm2_bits_size_code(c->oas) < 0)
		return "address sizes are 32, 36, 40, 42, 44 or 48 bits";
	if (c->numpagendxb > 7 || numpage < c->num_cb)
		return "NUMPAGENDXB above 7 or fewer pages than banks";
	if (!c->tlb_entries || c->tlb_entries > 4096)
		return "1 to 4096 TLB entries";
	if (c->mem_bits < 16 || c->mem_bits > 48)
		return "simulated memory of 2^16 to 2^48 bytes";
	return NULL;
}

static u64 sm2_idr0(const struct smmu2_config *c)
{
	return mdl_put(SM2_IDR0_NUMSMRG, c->stream_match ? c->num_smr : 0) |
	       (c->exids ? SM2_IDR0_EXIDS : 0) |
	       mdl_put(SM2_IDR0_NUMSIDB, c->sid_bits > 15 ? 15 : c->sid_bits) |
	       mdl_put(SM2_IDR0_NUMIRPT, c->num_cb) |
	       mdl_put(SM2_IDR0_PTFS, c->aarch32_lpae ? SM2_PTFS_LONG :
						       SM2_PTFS_NONE) |
	       SM2_IDR0_ATOSNS |	/* no address translation operations */
	       (c->stream_match ? SM2_IDR0_SMS : 0) |
	       (c->s2 ? SM2_IDR0_S2TS : 0) | (c->s1 ? SM2_IDR0_S1TS : 0);
}

static u64 sm2_idr1(const struct smmu2_config *c)
{
	return mdl_put(SM2_IDR1_NUMCB, c->num_cb) |
	       mdl_put(SM2_IDR1_NUMS2CB, c->num_s2cb) |
	       mdl_put(SM2_IDR1_NUMPAGENDXB, c->numpagendxb) |
	       (c->page_64k ? SM2_IDR1_PAGESIZE : 0);
}

static u64 sm2_idr2(const struct smmu2_config *c)
{
	return mdl_put(SM2_IDR2_IAS, sm2_bits_size_code(c->ias)) |
	       mdl_put(SM2_IDR2_OAS, sm2_bits_size_code(c->oas)) |
	       mdl_put(SM2_IDR2_UBS, sm2_bits_size_code(48)) |
	       (c->aarch64_4k ? SM2_IDR2_PTFS_4K : 0) |
	       (c->aarch64_64k ? SM2_IDR2_PTFS_64K : 0) |
	       (c->version == 2 ? SM2_IDR2_VMID16S : 0);
}

static void sm2_def(struct smmu2 *s, enum sm2_reg r, const char *name,
		    u32 base, u32 stride, u32 count, u8 width, u8 access)
{
	struct mdl_reg *d = &s->regs[r];

	d->name = name;
	d->base = base;
	d->stride = stride;
	d->count = count;
	d->width = width;
	d->access = access;
}

static void sm2_build_regs(struct smmu2 *s)
{
	const struct smmu2_config *c = &s->cfg;
	u32 gr1 = s->page, cbs = s->cb_base, p = s->page, n = c->num_cb;
	u32 ngroups = c->stream_match ? c->num_smr : 1U << c->sid_bits;

	sm2_def(s, R_SCR0, "sCR0", SM2_SCR0, 0, 1, 4, MDL_RW);
	s->regs[R_SCR0].reset = SM2_SCR0_CLIENTPD | SM2_SCR0_SMCFCFG;
	sm2_def(s, R_SACR, "sACR", SM2_SACR, 0, 1, 4, MDL_RW);
	sm2_def(s, R_IDR0, "IDR0", SM2_IDR0, 0, 1, 4, MDL_RO);
	s->regs[R_IDR0].reset = sm2_idr0(c);
	sm2_def(s, R_IDR1, "IDR1", SM2_IDR1, 0, 1, 4, MDL_RO);
	s->regs[R_IDR1].reset = sm2_idr1(c);
	sm2_def(s, R_IDR2, "IDR2", SM2_IDR2, 0, 1, 4, MDL_RO);
	s->regs[R_IDR2].reset = sm2_idr2(c);
	sm2_def(s, R_IDR7, "IDR7", SM2_IDR7, 0, 1, 4, MDL_RO);
	sm2_def(s, R_SGFAR, "sGFAR", SM2_SGFAR, 0, 1, 8, MDL_RW);
	sm2_def(s, R_SGFSR, "sGFSR", SM2_SGFSR, 0, 1, 4, MDL_RW);
	sm2_def(s, R_SGFSRRESTORE, "sGFSRRESTORE", SM2_SGFSRRESTORE, 0, 1, 4,
		MDL_WO);
	sm2_def(s, R_SGFSYNR0, "sGFSYNR0", SM2_SGFSYNR0, 0, 1, 4, MDL_RW);
	sm2_def(s, R_SGFSYNR1, "sGFSYNR1", SM2_SGFSYNR1, 0, 1, 4, MDL_RW);
	sm2_def(s, R_SGFSYNR2, "sGFSYNR2", SM2_SGFSYNR2, 0, 1, 4, MDL_RW);
	sm2_def(s, R_TLBIVMID, "TLBIVMID", SM2_TLBIVMID, 0, 1, 4, MDL_WO);
	sm2_def(s, R_TLBIALLNSNH, "TLBIALLNSNH", SM2_TLBIALLNSNH, 0, 1, 4,
		MDL_WO);
	sm2_def(s, R_TLBIALLH, "TLBIALLH", SM2_TLBIALLH, 0, 1, 4, MDL_WO);
	sm2_def(s, R_TLBGSYNC, "sTLBGSYNC", SM2_TLBGSYNC, 0, 1, 4, MDL_WO);
	sm2_def(s, R_TLBGSTATUS, "sTLBGSTATUS", SM2_TLBGSTATUS, 0, 1, 4,
		MDL_RO);
	sm2_def(s, R_SMR, "SMR", SM2_SMR(0), 4,
		c->stream_match ? c->num_smr : 0, 4, MDL_RW);
	sm2_def(s, R_S2CR, "S2CR", SM2_S2CR(0), 4, ngroups, 4, MDL_RW);
	s->regs[R_S2CR].reset = mdl_put(SM2_S2CR_TYPE, SM2_S2CR_FAULT);

	sm2_def(s, R_CBAR, "CBAR", gr1 + SM2_CBAR(0), 4, n, 4, MDL_RW);
	s->regs[R_CBAR].reset = mdl_put(SM2_CBAR_TYPE, SM2_CBAR_S1_FAULT);
	sm2_def(s, R_CBFRSYNRA, "CBFRSYNRA", gr1 + SM2_CBFRSYNRA(0), 4, n, 4,
		MDL_RW);
	sm2_def(s, R_CBA2R, "CBA2R", gr1 + SM2_CBA2R(0), 4,
		c->version == 2 ? n : 0, 4, MDL_RW);

	sm2_def(s, R_SCTLR, "SCTLR", cbs + SM2_CB_SCTLR, p, n, 4, MDL_RW);
	sm2_def(s, R_ACTLR, "ACTLR", cbs + SM2_CB_ACTLR, p, n, 4, MDL_RW);
	sm2_def(s, R_RESUME, "RESUME", cbs + SM2_CB_RESUME, p, n, 4, MDL_WO);
	sm2_def(s, R_TCR2, "TCR2", cbs + SM2_CB_TCR2, p, n, 4, MDL_RW);
	sm2_def(s, R_TTBR0, "TTBR0", cbs + SM2_CB_TTBR0, p, n, 8, MDL_RW);
	sm2_def(s, R_TTBR1, "TTBR1", cbs + SM2_CB_TTBR1, p, n, 8, MDL_RW);
	sm2_def(s, R_TCR, "TCR", cbs + SM2_CB_TCR, p, n, 4, MDL_RW);
	sm2_def(s, R_CONTEXTIDR, "CONTEXTIDR", cbs + SM2_CB_CONTEXTIDR, p, n,
		4, MDL_RW);
	sm2_def(s, R_MAIR0, "MAIR0", cbs + SM2_CB_MAIR0, p, n, 4, MDL_RW);
	sm2_def(s, R_MAIR1, "MAIR1", cbs + SM2_CB_MAIR1, p, n, 4, MDL_RW);
	sm2_def(s, R_FSR, "FSR", cbs + SM2_CB_FSR, p, n, 4, MDL_RW);
	sm2_def(s, R_FSRRESTORE, "FSRRESTORE", cbs + SM2_CB_FSRRESTORE, p, n,
		4, MDL_WO);
	sm2_def(s, R_FAR, "FAR", cbs + SM2_CB_FAR, p, n, 8, MDL_RW);
	sm2_def(s, R_FSYNR0, "FSYNR0", cbs + SM2_CB_FSYNR0, p, n, 4, MDL_RW);
	sm2_def(s, R_FSYNR1, "FSYNR1", cbs + SM2_CB_FSYNR1, p, n, 4, MDL_RW);
	sm2_def(s, R_TLBIVA, "TLBIVA", cbs + SM2_CB_TLBIVA, p, n, 8, MDL_WO);
	sm2_def(s, R_TLBIVAA, "TLBIVAA", cbs + SM2_CB_TLBIVAA, p, n, 8, MDL_WO);
	sm2_def(s, R_TLBIASID, "TLBIASID", cbs + SM2_CB_TLBIASID, p, n, 4,
		MDL_WO);
	sm2_def(s, R_TLBIALL, "TLBIALL", cbs + SM2_CB_TLBIALL, p, n, 4, MDL_WO);
	sm2_def(s, R_TLBIVAL, "TLBIVAL", cbs + SM2_CB_TLBIVAL, p, n, 8, MDL_WO);
	sm2_def(s, R_TLBIVAAL, "TLBIVAAL", cbs + SM2_CB_TLBIVAAL, p, n, 8,
		MDL_WO);
	sm2_def(s, R_TLBIIPAS2, "TLBIIPAS2", cbs + SM2_CB_TLBIIPAS2, p, n, 8,
		MDL_WO);
	sm2_def(s, R_TLBIIPAS2L, "TLBIIPAS2L", cbs + SM2_CB_TLBIIPAS2L, p, n,
		8, MDL_WO);
	sm2_def(s, R_TLBSYNC, "TLBSYNC", cbs + SM2_CB_TLBSYNC, p, n, 4, MDL_WO);
	sm2_def(s, R_TLBSTATUS, "TLBSTATUS", cbs + SM2_CB_TLBSTATUS, p, n, 4,
		MDL_RO);
}

/* ---- field accessors: each field the model obeys, read here once ---- */

bool sm2_sctlr_m(struct smmu2 *s, unsigned int cb)
{
	return mdl_get(sm2_reg(s, R_SCTLR, cb), SM2_SCTLR_M);
}

bool sm2_sctlr_affd(struct smmu2 *s, unsigned int cb)
{
	return mdl_get(sm2_reg(s, R_SCTLR, cb), SM2_SCTLR_AFFD);
}

static bool sm2_sctlr_cfie(struct smmu2 *s, unsigned int cb)
{
	return mdl_get(sm2_reg(s, R_SCTLR, cb), SM2_SCTLR_CFIE);
}

static bool sm2_scr0_gfie(struct smmu2 *s)
{
	return mdl_get(sm2_reg(s, R_SCR0, 0), SM2_SCR0_GFIE);
}

/* ---- faults and interrupt lines ---- */

static void sm2_update_irqs(struct smmu2 *s)
{
	unsigned int cb;

	mdl_irq_set(&s->girq, sm2_scr0_gfie(s) &&
		    (sm2_reg(s, R_SGFSR, 0) & SM2_SGFSR_FAULTS));
	for (cb = 0; cb < s->cfg.num_cb; cb++)
		mdl_irq_set(&s->cbirq[cb], sm2_sctlr_cfie(s, cb) &&
			    (sm2_reg(s, R_FSR, cb) & SM2_FSR_FAULTS));
}

/*
 * Record a context fault.  A fault while an earlier one is still set
 * only sets MULTI: FAR and the syndromes keep describing the first.
 */
void sm2_context_fault(struct smmu2 *s, unsigned int cb, u32 sid, u64 va,
		       u64 fsr_bit, int level, unsigned int flags)
{
	u64 fsr = sm2_reg(s, R_FSR, cb);

	mdl_log_add(&s->log, MDL_EV_FAULT, va, fsr_bit,
		    "context bank %u: fault 0x%llx at level %d for stream 0x%x%s",
		    cb, (unsigned long long)fsr_bit, level, sid,
		    fsr & SM2_FSR_FAULTS ? " (multiple)" : "");
	if (fsr & SM2_FSR_FAULTS) {
		sm2_set(s, R_FSR, cb, fsr | SM2_FSR_MULTI);
	} else {
		sm2_set(s, R_FSR, cb, fsr | fsr_bit |
			mdl_put(SM2_FSR_FORMAT, sm2_cb_aarch64(s, cb) ?
				SM2_FORMAT_AARCH64 : SM2_FORMAT_AARCH32_LPAE));
		sm2_set(s, R_FAR, cb, va);
		sm2_set(s, R_FSYNR0, cb, mdl_put(SM2_FSYNR0_PLVL, level < 0 ? 0 : level) |
			(flags & SMMU2_TXN_WRITE ? SM2_FSYNR0_WNR : 0) |
			(flags & SMMU2_TXN_PRIV ? SM2_FSYNR0_PNU : 0));
		sm2_set(s, R_CBFRSYNRA, cb, mdl_put(SM2_CBFRSYNRA_SID, sid));
	}
	sm2_update_irqs(s);
}

void sm2_global_fault(struct smmu2 *s, u64 gfsr_bit, u32 sid, u64 addr,
		      unsigned int flags)
{
	u64 gfsr = sm2_reg(s, R_SGFSR, 0);

	mdl_log_add(&s->log, MDL_EV_FAULT, addr, gfsr_bit,
		    "global fault 0x%llx for stream 0x%x%s",
		    (unsigned long long)gfsr_bit, sid,
		    gfsr & SM2_SGFSR_FAULTS ? " (multiple)" : "");
	if (gfsr & SM2_SGFSR_FAULTS) {
		sm2_set(s, R_SGFSR, 0, gfsr | SM2_SGFSR_MULTI);
	} else {
		sm2_set(s, R_SGFSR, 0, gfsr | gfsr_bit);
		sm2_set(s, R_SGFAR, 0, addr);
		sm2_set(s, R_SGFSYNR0, 0,
			(flags & SMMU2_TXN_WRITE ? SM2_SGFSYNR0_WNR : 0) |
			(flags & SMMU2_TXN_PRIV ? SM2_SGFSYNR0_PNU : 0));
		sm2_set(s, R_SGFSYNR1, 0, mdl_put(SM2_SGFSYNR1_SID, sid));
	}
	sm2_update_irqs(s);
}

/* ---- TLB maintenance ---- */

static void sm2_tlbi(struct smmu2 *s, const char *op, unsigned int cb,
		     struct mdl_tlb_match *m)
{
	unsigned int n = mdl_tlb_inval(&s->tlb, m);

	mdl_log_add(&s->log, MDL_EV_TLBI, m->addr, n,
		    "%s (bank %u, vmid %u, asid %u): %u entries removed", op,
		    cb, m->vmid, m->asid, n);
}

/* TLBIVA, TLBIVAL, TLBIVAA, TLBIVAAL: the operand's layout is the bank's */
static void sm2_tlbi_va(struct smmu2 *s, const char *op, unsigned int cb,
			u64 v, bool any_asid)
{
	struct mdl_tlb_match m = { .flags = MDL_TLBI_VMID | MDL_TLBI_VA };

	m.vmid = sm2_cb_vmid(s, cb);
	if (sm2_cb_aarch64(s, cb)) {
		m.addr = mdl_get(v, SM2_TLBIVA_ADDR) << 12;
		m.asid = mdl_get(v, SM2_TLBIVA_ASID);
	} else {
		m.addr = mdl_get(v, SM2_TLBIVA32_ADDR) << 12;
		m.asid = mdl_get(v, SM2_TLBIVA32_ASID);
	}
	if (!any_asid)
		m.flags |= MDL_TLBI_ASID;
	sm2_tlbi(s, op, cb, &m);
}

static void sm2_tlbi_asid(struct smmu2 *s, unsigned int cb, u64 v)
{
	struct mdl_tlb_match m = {
		.flags = MDL_TLBI_VMID | MDL_TLBI_ASID | MDL_TLBI_NONGLOBAL,
		.vmid = sm2_cb_vmid(s, cb),
		.asid = mdl_get(v, SM2_TLBIASID_ASID),
	};

	sm2_tlbi(s, "TLBIASID", cb, &m);
}

static void sm2_tlbi_all(struct smmu2 *s, unsigned int cb)
{
	struct mdl_tlb_match m = {
		.flags = MDL_TLBI_VMID, .vmid = sm2_cb_vmid(s, cb),
	};

	sm2_tlbi(s, "TLBIALL", cb, &m);
}

static void sm2_tlbi_ipa(struct smmu2 *s, const char *op, unsigned int cb,
			 u64 v)
{
	struct mdl_tlb_match m = {
		.flags = MDL_TLBI_VMID | MDL_TLBI_IPA,
		.vmid = sm2_cb_vmid(s, cb),
		.addr = mdl_get(v, SM2_TLBIIPAS2_ADDR) << 12,
	};

	sm2_tlbi(s, op, cb, &m);
}

static void sm2_tlbi_vmid(struct smmu2 *s, u64 v)
{
	struct mdl_tlb_match m = {
		.flags = MDL_TLBI_VMID, .vmid = mdl_get(v, SM2_TLBIVMID_VMID),
	};

	sm2_tlbi(s, "TLBIVMID", 0, &m);
}

static void sm2_sync(struct smmu2 *s, bool *active, const char *what)
{
	*active = s->cfg.sync_never_completes;
	mdl_log_add(&s->log, MDL_EV_SYNC, 0, *active, "%s %s", what,
		    *active ? "started, never completes" : "completed");
}

/* ---- register hooks ---- */

static u64 sm2_rd(void *ctx, unsigned int reg, unsigned int inst, u64 stored)
{
	struct smmu2 *s = ctx;

	switch (reg) {
	case R_TLBGSTATUS:
		return s->gsync_active ? SM2_TLBGSTATUS_GSACTIVE : 0;
	case R_TLBSTATUS:
		return s->sync_active[inst] ? SM2_TLBSTATUS_SACTIVE : 0;
	default:
		return stored;
	}
}

static void sm2_wr(void *ctx, unsigned int reg, unsigned int i, u64 old,
		   u64 *val)
{
	struct smmu2 *s = ctx;
	struct mdl_tlb_match all = { 0 };

	switch (reg) {
	case R_SCR0:
		*val |= SM2_SCR0_SMCFCFG;
		if (!s->cfg.exids)
			*val &= ~SM2_SCR0_EXIDENABLE;
		if (s->cfg.version != 2)
			*val &= ~SM2_SCR0_VMID16EN;
		break;
	case R_SGFSR:
		*val = old & ~*val;
		break;
	case R_SGFSRRESTORE:
		sm2_set(s, R_SGFSR, 0, *val);
		break;
	case R_FSR:
		*val = old & ~*val;
		break;
	case R_FSRRESTORE:
		sm2_set(s, R_FSR, i, *val);
		break;
	case R_TLBIALLNSNH:
		sm2_tlbi(s, "TLBIALLNSNH", 0, &all);
		break;
	case R_TLBIALLH:
		mdl_log_add(&s->log, MDL_EV_TLBI, SM2_TLBIALLH, 0,
			    "TLBIALLH: no hypervisor entries to remove");
		break;
	case R_TLBIVMID:
		sm2_tlbi_vmid(s, *val);
		break;
	case R_TLBGSYNC:
		sm2_sync(s, &s->gsync_active, "TLBGSYNC");
		break;
	case R_TLBIVA:
	case R_TLBIVAL:
		sm2_tlbi_va(s, s->regs[reg].name, i, *val, false);
		break;
	case R_TLBIVAA:
	case R_TLBIVAAL:
		sm2_tlbi_va(s, s->regs[reg].name, i, *val, true);
		break;
	case R_TLBIASID:
		sm2_tlbi_asid(s, i, *val);
		break;
	case R_TLBIALL:
		sm2_tlbi_all(s, i);
		break;
	case R_TLBIIPAS2:
	case R_TLBIIPAS2L:
		sm2_tlbi_ipa(s, s->regs[reg].name, i, *val);
		break;
	case R_TLBSYNC:
		sm2_sync(s, &s->sync_active[i], "TLBSYNC");
		break;
	default:
		break;
	}
	sm2_update_irqs(s);
}

static const struct mdl_rf_ops sm2_rf_ops = { .read = sm2_rd, .write = sm2_wr };

/* ---- creation and the MMIO interface ---- */

struct smmu2 *smmu2_create(const struct smmu2_config *cfg, char *err,
			   size_t errlen)
{
	const char *why = sm2_check_config(cfg);
	struct smmu2 *s;
	unsigned int cb;
	char name[24];

	if (why) {
		snprintf(err, errlen, "%s", why);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	s->page = cfg->page_64k ? 0x10000 : 0x1000;
	s->cb_base = (2U << cfg->numpagendxb) * s->page;
	s->cbirq = calloc(cfg->num_cb, sizeof(*s->cbirq));
	s->sync_active = calloc(cfg->num_cb, sizeof(*s->sync_active));
	sm2_build_regs(s);
	if (!s->cbirq || !s->sync_active ||
	    mdl_mem_init(&s->mem, cfg->mem_bits, &s->log) ||
	    mdl_tlb_init(&s->tlb, cfg->tlb_entries) ||
	    mdl_rf_init(&s->rf, s->regs, R_NR, 2 * s->cb_base, &sm2_rf_ops, s,
			&s->log)) {
		snprintf(err, errlen, "out of memory");
		smmu2_destroy(s);
		return NULL;
	}
	mdl_irq_init(&s->girq, "global fault", &s->log);
	for (cb = 0; cb < cfg->num_cb; cb++) {
		snprintf(name, sizeof(name), "context %u", cb);
		mdl_irq_init(&s->cbirq[cb], name, &s->log);
	}
	return s;
}

void smmu2_destroy(struct smmu2 *s)
{
	if (!s)
		return;
	mdl_rf_free(&s->rf);
	mdl_tlb_free(&s->tlb);
	if (s->mem.slot)
		mdl_mem_free(&s->mem);
	free(s->cbirq);
	free(s->sync_active);
	free(s);
}

u32 smmu2_mmio_size(const struct smmu2 *s)
{
	return 2 * s->cb_base;
}

u32 smmu2_page_size(const struct smmu2 *s)
{
	return s->page;
}

u32 smmu2_gr1_base(const struct smmu2 *s)
{
	return s->page;
}

u32 smmu2_cb_base(const struct smmu2 *s, unsigned int cb)
{
	return s->cb_base + cb * s->page;
}

u32 smmu2_read32(struct smmu2 *s, u32 off)
{
	return (u32)mdl_rf_read(&s->rf, off, 4);
}

u64 smmu2_read64(struct smmu2 *s, u32 off)
{
	return mdl_rf_read(&s->rf, off, 8);
}

void smmu2_write32(struct smmu2 *s, u32 off, u32 val)
{
	mdl_rf_write(&s->rf, off, 4, val);
}

void smmu2_write64(struct smmu2 *s, u32 off, u64 val)
{
	mdl_rf_write(&s->rf, off, 8, val);
}

struct mdl_mem *smmu2_mem(struct smmu2 *s)
{
	return &s->mem;
}

struct mdl_log *smmu2_log(struct smmu2 *s)
{
	return &s->log;
}

struct mdl_tlb *smmu2_tlb(struct smmu2 *s)
{
	return &s->tlb;
}

bool smmu2_global_irq(const struct smmu2 *s)
{
	return s->girq.level;
}

bool smmu2_context_irq(const struct smmu2 *s, unsigned int cb)
{
	return cb < s->cfg.num_cb && s->cbirq[cb].level;
}

u64 smmu2_context_irq_edges(const struct smmu2 *s, unsigned int cb)
{
	return cb < s->cfg.num_cb ? s->cbirq[cb].edges : 0;
}

void smmu2_power_loss(struct smmu2 *s)
{
	struct mdl_tlb_match all = { 0 };
	unsigned int cb;

	mdl_rf_reset(&s->rf);
	mdl_tlb_inval(&s->tlb, &all);
	mdl_irq_set(&s->girq, false);
	s->gsync_active = false;
	for (cb = 0; cb < s->cfg.num_cb; cb++) {
		mdl_irq_set(&s->cbirq[cb], false);
		s->sync_active[cb] = false;
	}
	mdl_log_add(&s->log, MDL_EV_CONFIG, 0, 0, "power lost: registers reset");
}

void smmu2_set_sync_never_completes(struct smmu2 *s, bool stuck)
{
	s->cfg.sync_never_completes = stuck;
}

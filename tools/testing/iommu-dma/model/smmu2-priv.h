/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the SMMUv2 model: the state shared by smmu2.c (registers,
 * faults, interrupts), smmu2-walk.c (translation table walks) and
 * smmu2-dma.c (stream mapping, TLB, data movement).
 *
 * File map:
 *   register numbers    enum sm2_reg: index into the register table
 *   struct smmu2        configuration, register file, memory, TLB, lines
 *   struct sm2_walk_*   what a walk needs and what it returns
 *   cross-file calls    register access, fault recording, walks
 */
#ifndef IOMMU_DMA_SMMU2_PRIV_H
#define IOMMU_DMA_SMMU2_PRIV_H

#include "model.h"
#include "smmu2.h"
#include "smmu2-regs.h"

enum sm2_reg {
	R_SCR0, R_SACR, R_IDR0, R_IDR1, R_IDR2, R_IDR7, R_SGFAR, R_SGFSR,
	R_SGFSRRESTORE, R_SGFSYNR0, R_SGFSYNR1, R_SGFSYNR2, R_TLBIVMID,
	R_TLBIALLNSNH, R_TLBIALLH, R_TLBGSYNC, R_TLBGSTATUS, R_SMR, R_S2CR,
	R_CBAR, R_CBFRSYNRA, R_CBA2R,
	R_SCTLR, R_ACTLR, R_RESUME, R_TCR2, R_TTBR0, R_TTBR1, R_TCR,
	R_CONTEXTIDR, R_MAIR0, R_MAIR1, R_FSR, R_FSRRESTORE, R_FAR, R_FSYNR0,
	R_FSYNR1, R_TLBIVA, R_TLBIVAA, R_TLBIASID, R_TLBIALL, R_TLBIVAL,
	R_TLBIVAAL, R_TLBIIPAS2, R_TLBIIPAS2L, R_TLBSYNC, R_TLBSTATUS,
	R_NR,
};

struct smmu2 {
	struct smmu2_config cfg;
	u32 page;		/* register page size */
	u32 cb_base;		/* offset of context bank 0 */
	struct mdl_reg regs[R_NR];
	struct mdl_regfile rf;
	struct mdl_mem mem;
	struct mdl_log log;
	struct mdl_tlb tlb;
	struct mdl_irq girq;
	struct mdl_irq *cbirq;	/* one per context bank */
	bool gsync_active;
	bool *sync_active;	/* per context bank */
};

/* the stored value of a register instance */
static inline u64 sm2_reg(struct smmu2 *s, enum sm2_reg r, unsigned int i)
{
	return *mdl_rf_val(&s->rf, r, i);
}

static inline void sm2_set(struct smmu2 *s, enum sm2_reg r, unsigned int i,
			   u64 v)
{
	*mdl_rf_val(&s->rf, r, i) = v;
}

/* how one stage of a context is to be walked, decoded from TCR/TTBR */
struct sm2_walk_cfg {
	bool stage2;
	bool aarch64;		/* else AArch32 long-descriptor */
	unsigned int gran_lg2;	/* 12 or 16 */
	unsigned int ias;	/* input bits this walk resolves */
	unsigned int oas;	/* output bits allowed */
	int start_level;
	unsigned int top_entries_lg2;	/* entries of the first table */
	u64 ttb;		/* first table */
	u32 asid;
	bool affd;		/* access flag faults disabled (SCTLR.AFFD) */
};

enum sm2_fault {
	SM2_F_NONE, SM2_F_TRANSLATION, SM2_F_ACCESS_FLAG, SM2_F_PERMISSION,
	SM2_F_ADDR_SIZE, SM2_F_EXTERNAL,
};

struct sm2_walk_res {
	enum sm2_fault fault;
	int level;		/* of the leaf, or where the walk stopped */
	u64 out;		/* output address of the block */
	unsigned int size_lg2;	/* block size */
	bool read, write, unpriv;	/* what the leaf allows */
	bool global;		/* stage 1: nG clear */
};

/* smmu2-walk.c */
int sm2_walk_cfg_s1(struct smmu2 *s, unsigned int cb, u64 va,
		    struct sm2_walk_cfg *wc);
int sm2_walk_cfg_s2(struct smmu2 *s, unsigned int cb,
		    struct sm2_walk_cfg *wc);
void sm2_walk(struct smmu2 *s, const struct sm2_walk_cfg *wc, u64 in,
	      struct sm2_walk_res *res);
bool sm2_cb_aarch64(struct smmu2 *s, unsigned int cb);
u32 sm2_cb_vmid(struct smmu2 *s, unsigned int cb);
u32 sm2_cb_asid(struct smmu2 *s, unsigned int cb, u64 va);
unsigned int sm2_cbar_type(struct smmu2 *s, unsigned int cb);

/* smmu2.c */
void sm2_context_fault(struct smmu2 *s, unsigned int cb, u32 sid, u64 va,
		       u64 fsr_bit, int level, unsigned int flags);
void sm2_global_fault(struct smmu2 *s, u64 gfsr_bit, u32 sid, u64 addr,
		      unsigned int flags);
bool sm2_sctlr_m(struct smmu2 *s, unsigned int cb);
bool sm2_sctlr_affd(struct smmu2 *s, unsigned int cb);

#endif /* IOMMU_DMA_SMMU2_PRIV_H */

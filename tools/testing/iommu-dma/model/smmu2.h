/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A register-level model of an Arm SMMUv1/v2 (IHI 0062) for host tests:
 * a driver programs it through smmu2_read32()/smmu2_write32()..., devices
 * are stood in for by smmu2_dma(), and the bytes land in the model's
 * simulated memory.  See Documentation/iommu-dma/models.rst.
 *
 * File map:
 *   struct smmu2_config    what the modelled implementation has (reported
 *                          in IDR0-2), checked by smmu2_create()
 *   MMIO                   smmu2_read32/64, smmu2_write32/64, window size,
 *                          context bank page offsets
 *   transactions           smmu2_dma(), smmu2_dma_read/write()
 *   inspection             memory, log, TLB, interrupt lines
 */
#ifndef IOMMU_DMA_SMMU2_H
#define IOMMU_DMA_SMMU2_H

#include "model.h"

struct smmu2_config {
	unsigned int version;	/* 1 or 2 */
	bool stream_match;	/* SMRs; false: stream indexing */
	unsigned int num_smr;	/* SMR/S2CR groups; indexing: 2^sid_bits */
	unsigned int sid_bits;	/* stream ID width, 1..16 */
	bool exids;		/* v2 extended stream IDs (16-bit SMRs) */
	unsigned int num_cb;	/* context banks, 1..128 */
	unsigned int num_s2cb;	/* of which the first ones are stage 2 only */
	bool s1, s2;		/* stage 1 / stage 2 translation */
	unsigned int ias, oas;	/* bits: 32, 36, 40, 42, 44 or 48 */
	bool aarch64_4k, aarch64_64k;	/* v2 only */
	bool aarch32_lpae;
	bool page_64k;		/* register page size (IDR1.PAGESIZE) */
	unsigned int numpagendxb;	/* 2^(n+1) pages in each half */
	unsigned int tlb_entries;
	bool sync_never_completes;	/* TLBSYNC/TLBGSYNC stay active */
	unsigned int mem_bits;	/* simulated memory: 2^mem_bits bytes */
};

struct smmu2;

/* a v2 with 4 SMRs, 8 banks, both stages, 48-bit, 4K and 64K granules */
void smmu2_default_config(struct smmu2_config *cfg);
/* NULL and a reason in @err when @cfg is not a possible implementation */
struct smmu2 *smmu2_create(const struct smmu2_config *cfg, char *err,
			   size_t errlen);
void smmu2_destroy(struct smmu2 *smmu);

u32 smmu2_mmio_size(const struct smmu2 *smmu);
u32 smmu2_page_size(const struct smmu2 *smmu);
u32 smmu2_gr1_base(const struct smmu2 *smmu);
u32 smmu2_cb_base(const struct smmu2 *smmu, unsigned int cb);
u32 smmu2_read32(struct smmu2 *smmu, u32 off);
u64 smmu2_read64(struct smmu2 *smmu, u32 off);
void smmu2_write32(struct smmu2 *smmu, u32 off, u32 val);
void smmu2_write64(struct smmu2 *smmu, u32 off, u64 val);

enum smmu2_result {
	SMMU2_OK,		/* translated, data moved */
	SMMU2_BYPASS,		/* untranslated, data moved at pa == iova */
	SMMU2_FAULT,		/* terminated; reads return zeros */
};

#define SMMU2_TXN_WRITE	MDL_BIT(0)
#define SMMU2_TXN_PRIV	MDL_BIT(1)	/* privileged (else unprivileged) */

/*
 * One device transaction of @len bytes at @iova from stream @sid, split
 * at translation granule boundaries; the first part that faults ends it
 * (earlier parts stay done, as on a bus).  *@pa, when not NULL, gets the
 * output address of the first byte.  With @len 0 only the stream mapping
 * is consulted.
 */
enum smmu2_result smmu2_dma(struct smmu2 *smmu, u32 sid, u64 iova, void *buf,
			    size_t len, unsigned int flags, u64 *pa);
enum smmu2_result smmu2_dma_read(struct smmu2 *smmu, u32 sid, u64 iova,
				 void *buf, size_t len);
enum smmu2_result smmu2_dma_write(struct smmu2 *smmu, u32 sid, u64 iova,
				  const void *buf, size_t len);

struct mdl_mem *smmu2_mem(struct smmu2 *smmu);
struct mdl_log *smmu2_log(struct smmu2 *smmu);
struct mdl_tlb *smmu2_tlb(struct smmu2 *smmu);
bool smmu2_global_irq(const struct smmu2 *smmu);
bool smmu2_context_irq(const struct smmu2 *smmu, unsigned int cb);
u64 smmu2_context_irq_edges(const struct smmu2 *smmu, unsigned int cb);
/*
 * Power lost and back: every register at its reset value, the TLB empty,
 * interrupt lines low, syncs idle.  Memory is kept (it is not the SMMU's).
 */
void smmu2_power_loss(struct smmu2 *smmu);
/* change sync completion at run time (a test of a driver's timeout) */
void smmu2_set_sync_never_completes(struct smmu2 *smmu, bool stuck);

#endif /* IOMMU_DMA_SMMU2_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A register-level model of the Renesas IPMMU-VMSA for host tests, on the
 * skeleton of model.h, written from the R-Car hardware manual's register
 * description and the VMSA long-descriptor format; it shares no header
 * with the driver.  See Documentation/iommu-dma/models.rst and ipmmu.rst.
 *
 * File map:
 *   struct ipm_config      which generation and how many instances
 *   MMIO                   ipm_read32()/ipm_write32() per instance
 *   transactions           ipm_dma(): a master behind a port of an
 *                          instance reads or writes the model's memory
 *   inspection             memory, log, interrupt line, power loss
 *
 * Instances: instance 0 is the root (it holds the contexts, the table
 * walker, the main TLB and the interrupt line).  On Gen2 it is also the
 * only instance and has the micro-TLB ports; on Gen3/4 instances
 * 1..n_cache are cache IPMMUs with ports and micro-TLBs only.
 */
#ifndef IOMMU_DMA_IPMMU_MODEL_H
#define IOMMU_DMA_IPMMU_MODEL_H

#include "model.h"

struct ipm_config {
	unsigned int gen;	/* 2, 3 or 4 */
	unsigned int n_cache;	/* cache instances, Gen3/4: 1..4 */
	unsigned int mem_bits;	/* simulated memory, 32..40 */
	unsigned int tlb_entries;	/* main TLB and each micro-TLB */
	bool flush_stuck;	/* IMCTR.FLUSH never clears */
};

struct ipm;

/* Gen2, one instance; Gen3 and Gen4 with two cache instances */
void ipm_default_config(struct ipm_config *cfg, unsigned int gen);
/* NULL and the reason in @err when @cfg describes no IPMMU */
struct ipm *ipm_create(const struct ipm_config *cfg, char *err, size_t len);
void ipm_destroy(struct ipm *m);

unsigned int ipm_instances(const struct ipm *m);
/* bytes of an instance's register window (Gen2: the NS alias included) */
u32 ipm_mmio_size(const struct ipm *m);
unsigned int ipm_ports(const struct ipm *m);
unsigned int ipm_contexts(const struct ipm *m);
u32 ipm_read32(struct ipm *m, unsigned int inst, u32 off);
void ipm_write32(struct ipm *m, unsigned int inst, u32 off, u32 val);

enum ipm_result {
	IPM_OK,			/* translated, data moved */
	IPM_BYPASS,		/* the port does not translate: pa == iova */
	IPM_FAULT,		/* stopped; fault recorded in the context */
	IPM_DROPPED,		/* stopped, nothing recorded (bad setup) */
};

/*
 * A master behind port @port of instance @inst moves @len bytes at
 * @iova (write: from @buf to memory); split at 4 KiB boundaries, the
 * first part that fails ends it.  *@pa gets the first byte's output
 * address when not NULL.
 */
enum ipm_result ipm_dma(struct ipm *m, unsigned int inst, unsigned int port,
			u64 iova, void *buf, size_t len, bool write, u64 *pa);

struct mdl_mem *ipm_mem(struct ipm *m);
struct mdl_log *ipm_log(struct ipm *m);
bool ipm_irq(const struct ipm *m);
u64 ipm_irq_edges(const struct ipm *m);
/* translations cached in the main TLB and in instance @inst's micro-TLB */
unsigned int ipm_tlb_live(const struct ipm *m, unsigned int inst);
/* every register back to reset and every TLB empty: a suspend */
void ipm_power_loss(struct ipm *m);
void ipm_set_flush_stuck(struct ipm *m, bool stuck);

#endif /* IOMMU_DMA_IPMMU_MODEL_H */

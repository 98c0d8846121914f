/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IPMMU driver harness: our drivers/iommu/ipmmu-vmsa*.c compiled
 * against ../kshim (and shim-extra.h), bound to the platform devices of
 * one modelled IPMMU system (../model/ipmmu.c): on Gen2 one instance, on
 * Gen3/4 a root and its cache instances.  Masters reach it through DT
 * "iommus" cells; their DMA goes through the model, then the root's
 * interrupt is serviced by the driver's handler.
 *
 * File map:
 *   struct hi           the model, its instances' DT nodes, devices, MMIO
 *   hi_up()/hi_down()   model created, RAM attached, instances bound
 *   struct hi_master    a device behind a port of an instance
 *   hi_group_attach()   a domain attached to a whole group, as the core
 *   hi_dma()            a transaction, then the interrupt serviced
 *   hi_suspend_resume() power loss, then the driver's resume callbacks
 *   tests               H_MISS(), the case tables
 */
#ifndef IOMMU_DMA_IPMMU_DRV_HARNESS_H
#define IOMMU_DMA_IPMMU_DRV_HARNESS_H

#include "ipmmu-model.h"

#define HI_MAX_INST	5
#define HI_MMIO_PA	0xe6740000ULL	/* instance i at + i * 0x20000 */
#define HI_DATA_PA	0x40000000ULL	/* test buffers, below kshim's RAM */
#define HI_IRQ_BASE	40		/* system k's root line: 40 + k */

struct hi {
	struct ipm *m;
	struct ipm_config cfg;
	int id;				/* which system: MMIO and IRQ apart */
	struct device_node np[HI_MAX_INST];
	char node_name[HI_MAX_INST][32];
	char dev_name[HI_MAX_INST][32];
	struct platform_device pdev[HI_MAX_INST];
	struct resource res[HI_MAX_INST];
	bool bound[HI_MAX_INST];
	int irq_unhandled;
};

/*
 * Bring up system @id of generation @gen (@cfg NULL: the model's
 * default); compatible "renesas,ipmmu-vmsa" (Gen2),
 * "renesas,ipmmu-r8a77965" (Gen3) or "renesas,rcar-gen4-ipmmu-vmsa".
 */
int hi_up(struct hi *h, int id, unsigned int gen, const struct ipm_config *cfg);
void hi_down(struct hi *h);

struct hi_master {
	struct device dev;
	char name[32];
	unsigned int inst, port;
};

/*
 * A master named @name behind port @port of instance @inst, probed into
 * a DMA default domain.  Returns of_xlate's or the probe's error.
 */
int hi_master_add(struct hi *h, struct hi_master *mst, const char *name,
		  unsigned int inst, unsigned int port);
void hi_master_del(struct hi_master *mst);
struct iommu_domain *hi_domain(struct hi_master *mst);
struct iommu_group *hi_group(struct hi_master *mst);
/* attach @d to every master of @mst's group (@all, @n), then record it */
int hi_group_attach(struct iommu_domain *d, struct hi_master **all, int n);

int hi_service_irq(struct hi *h);
enum ipm_result hi_dma(struct hi *h, struct hi_master *mst, u64 iova,
		       void *buf, size_t len, bool write);
/* device writes at @iova land at @pa; CPU bytes at @pa read back at @iova */
int hi_roundtrip(struct hi *h, struct hi_master *mst, u64 iova, u64 pa,
		 size_t len, unsigned int seed);
/* registers lost, then every instance's resume (root first) */
int hi_suspend_resume(struct hi *h);
u32 hi_reg(struct hi *h, unsigned int inst, u32 off);
void hi_fill(u8 *buf, size_t len, unsigned int seed);

/* true, after a diagnostic line, when the expectation @c does not hold */
#define H_MISS(c, ...)	(!(c) && h_report(__func__, __LINE__, __VA_ARGS__))
__printf(3, 4) bool h_report(const char *fn, int line, const char *fmt, ...);

struct h_case {
	const char *name;
	int (*fn)(void);
};

extern const struct h_case h_cases[];

#endif /* IOMMU_DMA_IPMMU_DRV_HARNESS_H */

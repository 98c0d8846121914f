/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SMMUv2 driver harness: one model instance behind a platform device
 * that an SMMUv2 driver (ours or the base tree's, compiled against
 * ../kshim) binds to, masters that reach it through DT "iommus" entries,
 * and device transactions that go through the model and then let the
 * driver's interrupt handlers run.
 *
 * File map:
 *   struct h2           the model, its DT node, platform device, MMIO
 *   h2_up()/h2_down()   model created, RAM attached, driver bound/unbound
 *   struct h2_master    a device with stream IDs and its default domain
 *   h2_dma()            a transaction, then every raised line serviced
 *   expectations        H_MISS() and the TAP runner's case table
 */
#ifndef IOMMU_DMA_SMMU2_DRV_HARNESS_H
#define IOMMU_DMA_SMMU2_DRV_HARNESS_H

#include "smmu2.h"

/* where the model's registers and the test data sit */
#define H2_MMIO_PA	0x2b400000ULL
#define H2_DATA_PA	0x40000000ULL	/* 1 GiB of data below RAM */
#define H2_IRQ_GLOBAL	1
#define H2_IRQ_CB0	2		/* bank n's line is H2_IRQ_CB0 + n */

struct h2 {
	struct smmu2 *m;
	struct smmu2_config cfg;
	struct device_node np;
	struct platform_device pdev;
	struct resource res;
	bool bound;
	int irq_unhandled;	/* lines high that no handler took */
};

/*
 * @cfg NULL: the model's default (v2, 4 SMRs, 8 banks, both stages).
 * @compatible: "arm,mmu-500", "arm,smmu-v2"...  0, or the model's or the
 * driver's error (the model's reason printed).
 */
int h2_up(struct h2 *h, const struct smmu2_config *cfg,
	  const char *compatible);
void h2_down(struct h2 *h);

struct h2_master {
	struct device dev;
	char name[32];
	u32 sids[4];
	int nsid;
};

/*
 * A master with stream IDs @sids (one cell each, or <sid mask> pairs when
 * @mask is not NULL), probed into a default domain of @type
 * (IOMMU_DOMAIN_DMA or IOMMU_DOMAIN_IDENTITY).  Returns the core's error.
 */
int h2_master_add(struct h2 *h, struct h2_master *mst, const char *name,
		  const u32 *sids, const u32 *mask, int n, unsigned int type);
void h2_master_del(struct h2_master *mst);
struct iommu_domain *h2_domain(struct h2_master *mst);

/* called around every MMIO access reaching the model (the benchmark) */
extern void (*h2_mmio_hook)(bool enter);

/* run the handlers of every line the model holds high; lines serviced */
int h2_service_irqs(struct h2 *h);
/* a transaction of stream @sid, then h2_service_irqs() */
enum smmu2_result h2_dma(struct h2 *h, u32 sid, u64 iova, void *buf,
			 size_t len, bool write);
/*
 * The device writes @len bytes at @iova, which must land at @pa; then
 * the CPU puts other bytes at @pa and the device must read them back.
 * 0, or 1 after saying what went wrong.
 */
int h2_roundtrip(struct h2 *h, u32 sid, u64 iova, u64 pa, size_t len,
		 unsigned int seed);
/* the model's register at @off of GR0 or of context bank @cb */
u32 h2_gr0(struct h2 *h, u32 off);
u32 h2_cb(struct h2 *h, unsigned int cb, u32 off);
/* valid SMRs (or, with stream indexing, S2CRs that translate) */
int h2_valid_smrs(struct h2 *h);

/* a byte pattern from @seed */
void h2_fill(u8 *buf, size_t len, unsigned int seed);

/* ---- tests -------------------------------------------------------------- */

/* true, after a diagnostic line, when the expectation @c does not hold */
#define H_MISS(c, ...)	(!(c) && h_report(__func__, __LINE__, __VA_ARGS__))
__printf(3, 4) bool h_report(const char *fn, int line, const char *fmt, ...);

/* a case returns 0 (pass), 1 (fail) or H_SKIP with a reason in h_skip_why */
#define H_SKIP	2
extern const char *h_skip_why;

struct h_case {
	const char *name;
	int (*fn)(void);
};

extern const struct h_case h_xlate_cases[];
extern const struct h_case h_fault_cases[];

/* which driver this binary runs: "ours" or "base" */
extern const char *h_driver;
bool h_ours(void);

#endif /* IOMMU_DMA_SMMU2_DRV_HARNESS_H */

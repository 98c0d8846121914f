/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The OMAP IOMMU driver harness: the driver's own omap-iommu-pgtable.c,
 * omap-iommu-hw.c and omap-iommu-domain.c, compiled against
 * kdeps-shim.h, run against the OMAP MMU model (../model/omap-mmu.c).
 *
 * File map:
 *   struct h_mmu        one MMU as omap_iommu_probe() would set it up,
 *                       with its model instance and MMIO window
 *   h_mmu_new/_del()    probe and remove, leak checked
 *   h_power_off/_on()   runtime PM: the driver's save/restore around the
 *                       model losing power
 *   h_dma(), h_put()    a master's transfer; bytes placed in memory
 *   H_MISS()            an expectation
 */
#ifndef OMAP_DRV_HARNESS_H
#define OMAP_DRV_HARNESS_H

#include "omap-iommu.h"
#include "omap-mmu.h"

#define H_MISS(c, ...)	(!(c) && h_report(__func__, __LINE__, __VA_ARGS__))
__printf(3, 4) bool h_report(const char *fn, int line, const char *fmt, ...);

#define H_MAX_MMUS	2

struct h_mmu {
	struct omap_iommu mmu;
	struct om *om;
	struct device dev;
};

extern int h_fail_allocs;	/* the next n allocations fail */
extern long h_live_allocs;
extern long h_cleans;
extern int h_warnings;

struct h_mmu *h_mmu_new(const struct om_config *cfg);
void h_mmu_del(struct h_mmu *h);
void h_power_off(struct h_mmu *h);
int h_power_on(struct h_mmu *h);

/* bytes of memory every model sees, written or read directly */
void h_put(u32 pa, const void *buf, size_t len);
void h_get(struct h_mmu *h, u32 pa, void *buf, size_t len);
enum om_result h_dma(struct h_mmu *h, u32 da, void *buf, size_t len,
		     bool write);

struct h_case {
	const char *name;
	int (*fn)(void);
};

extern const struct h_case h_cases[];

#endif /* OMAP_DRV_HARNESS_H */

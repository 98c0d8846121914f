/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host test harness for the io-pgtable backends: configurations to test,
 * a shadow of what should be mapped, and verification of the real tables
 * against it through the independent walker.
 */
#ifndef PGTABLE_HARNESS_H
#define PGTABLE_HARNESS_H

#include <linux/io-pgtable.h>
#include "walker.h"

struct hcfg {
	const char *name;
	enum io_pgtable_fmt fmt;
	enum wk_fmt wf;
	unsigned int ias, oas;
	unsigned long pgsizes;
	unsigned long quirks;
	bool coherent;
};

extern const struct hcfg hcfgs[];
extern const int n_hcfgs;

struct extent {
	u64 iova, size, pa;
	int prot;
};

struct hpt {
	const struct hcfg *hc;
	struct io_pgtable_cfg cfg;
	struct io_pgtable_ops *ops;
	struct extent *ext;
	int n_ext, cap_ext;
	long add_pages, flush_walks, flush_alls;
	u64 add_bytes;
	bool ignore_dirty;
};

int h_new(struct hpt *h, const struct hcfg *hc);
/* frees the tables; returns -1 if any table memory is left behind */
int h_free(struct hpt *h);
int h_map(struct hpt *h, u64 iova, u64 pa, size_t pgsize, size_t count,
	  int prot, size_t *mapped);
size_t h_unmap(struct hpt *h, u64 iova, size_t pgsize, size_t count,
	       struct iommu_iotlb_gather *gather);
/* walk the tables and compare with the shadow; 0 if they agree */
int h_verify(struct hpt *h);
u64 h_shadow_bytes(const struct hpt *h);

/* lowest address of the input range (non-zero for TTBR1) */
static inline u64 h_va_base(const struct hpt *h)
{
	return (h->cfg.quirks & IO_PGTABLE_QUIRK_ARM_TTBR1) ?
	       ~0ULL << h->cfg.ias : 0;
}

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tests' own page-table writer and reader for the SMMUv2 model:
 * long-descriptor tables (VMSA) built in the model's memory, and an
 * independent reference walk that the fuzzer holds the model to.  Bit
 * positions are spelled out here as numbers from the Arm ARM; nothing is
 * shared with the model's decoder (smmu2-walk.c).
 *
 * File map:
 *   struct ref_pt      one table tree: granule, input size, start level,
 *                      stage, a bump allocator for tables
 *   REF_*              what a mapping allows
 *   ref_pt_init()      an empty tree (start level derived or given)
 *   ref_map()          a leaf at a chosen level, tables made on the way
 *   ref_set_leaf()     rewrite or clear the leaf of an address in place
 *   ref_walk()         the reference reader
 */
#ifndef IOMMU_DMA_MODEL_REF_H
#define IOMMU_DMA_MODEL_REF_H

#include "model.h"

struct ref_pt {
	struct mdl_mem *mem;
	unsigned int gran;	/* log2 of the granule: 12 or 16 */
	unsigned int ias;	/* input address bits */
	bool stage2;
	int start;		/* first level */
	u64 root;
	u64 pool, pool_end;	/* where the next table goes */
};

#define REF_R		MDL_BIT(0)	/* read (stage 1 always) */
#define REF_W		MDL_BIT(1)	/* write */
#define REF_U		MDL_BIT(2)	/* stage 1: unprivileged access */
#define REF_NOAF	MDL_BIT(3)	/* access flag left clear */
#define REF_GLOBAL	MDL_BIT(4)	/* stage 1: nG clear */
#define REF_RW_U	(REF_R | REF_W | REF_U)

/* @start < 0: the usual start level for @ias (stage 1 rule) */
int ref_pt_init(struct ref_pt *pt, struct mdl_mem *mem, u64 pool,
		u64 pool_len, unsigned int gran, unsigned int ias, bool stage2,
		int start);
/* a leaf at @level (3: page; 1 or 2: block) for @va -> @pa */
int ref_map(struct ref_pt *pt, u64 va, u64 pa, int level, unsigned int prot);
/*
 * Replace the leaf that maps @va with a leaf to @pa with @prot at the
 * same level (@prot 0: an invalid descriptor).  -1 if nothing maps @va.
 */
int ref_set_leaf(struct ref_pt *pt, u64 va, u64 pa, unsigned int prot);
/* 0 and the output address, prot and leaf level, or -1 (no mapping) */
int ref_walk(const struct ref_pt *pt, u64 va, u64 *pa, unsigned int *prot,
	     int *level);

#endif /* IOMMU_DMA_MODEL_REF_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the SMMUv2 model's self-tests (tests*.c): a
 * small "driver" that programs the model through its MMIO interface only,
 * the test environment and the expectation macro.
 *
 * File map:
 *   T_MISS()         an expectation: report and say so when it fails
 *   struct t_env     the model, its memory, one table tree
 *   t_new()/t_del()  a model from a configuration
 *   t_route()        a stream to a bank through SMR/S2CR
 *   t_s1()/t_s2()    a bank with stage 1 or stage 2 tables
 *   t_s1_default()   a v2, stream T_SID to bank T_CB, stage 1 4K 48-bit
 *   t_dma_check()    a write then a read back, compared byte for byte
 *   test tables      struct t_case lists of each file
 */
#ifndef IOMMU_DMA_MODEL_TESTS_H
#define IOMMU_DMA_MODEL_TESTS_H

#include <stdio.h>

#include "ref.h"
#include "smmu2.h"
#include "smmu2-regs.h"

/* true, after a diagnostic line, when the expectation @c does not hold */
#define T_MISS(c, ...)	(!(c) && t_report(__func__, __LINE__, __VA_ARGS__))

__printf(3, 4) bool t_report(const char *fn, int line, const char *fmt, ...);

/* tables live in [T_POOL, T_POOL + T_POOL_LEN); data elsewhere */
#define T_POOL		0x100000ULL
#define T_POOL_LEN	0x400000ULL

enum t_fmt { T_A64_4K, T_A64_64K, T_LPAE };

/* the setup most cases start from, t_s1_default() */
#define T_SID		0x21
#define T_CB		1
#define T_ASID		7

struct t_env {
	struct smmu2 *s;
	struct smmu2_config cfg;
	struct mdl_mem *mem;
	struct mdl_log *log;
	struct ref_pt pt;
};

struct t_case {
	const char *name;
	int (*fn)(void);
};

extern const struct t_case t_xlate_cases[];
extern const struct t_case t_fault_cases[];
extern const struct t_case t_reg_cases[];
extern const struct t_case t_smmu3_cases[];

int t_new(struct t_env *e, const struct smmu2_config *cfg);
void t_del(struct t_env *e);
u32 t_cb(struct t_env *e, unsigned int cb, u32 off);
u32 t_gr1(struct t_env *e, u32 off);
void t_route(struct t_env *e, u32 sid, u32 mask, unsigned int g,
	     unsigned int cb);
int t_s1(struct t_env *e, unsigned int cb, enum t_fmt fmt, unsigned int ias,
	 u32 asid);
int t_s2(struct t_env *e, unsigned int cb, unsigned int gran,
	 unsigned int ias, unsigned int sl0, int start);
int t_s1_default(struct t_env *e);
int t_dma_check(struct t_env *e, u32 sid, u64 iova, const u64 *pa_of_page,
		unsigned int page_lg2, size_t len);
void t_fill(u8 *buf, size_t len, unsigned int seed);

#endif /* IOMMU_DMA_MODEL_TESTS_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Renesas IPMMU-VMSA: structures shared by the driver's files (the file
 * map is in ipmmu-vmsa-regs.h).
 *
 * Vocabulary: an "IPMMU" is one instance with its own registers.  On Gen2
 * every instance is its own root and has one translation context; on
 * Gen3 and Gen4 the cache IPMMUs in front of the masters hold micro-TLBs
 * only, and the root IPMMU (IPMMU-MM) holds the contexts, the table
 * walker and the fault interrupt for all of them.  A "port" is a
 * micro-TLB of a cache (or Gen2) IPMMU, named by the master's "iommus"
 * cell.
 */
#ifndef __IPMMU_VMSA_H
#define __IPMMU_VMSA_H

#include <linux/io-pgtable-domain.h>
#include <linux/iommu.h>
#include <linux/kconfig.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "ipmmu-vmsa-regs.h"

#define IPMMU_CTX_NONE			(-1)

/**
 * struct ipmmu_features - what a generation of IPMMU is
 * @ns_alias: registers are reached through the non-secure alias (Gen2)
 * @has_cache: cache IPMMUs in front of a root IPMMU (Gen3/4)
 * @nr_ctx: translation contexts of the root
 * @nr_utlbs: micro-TLB ports of one IPMMU
 * @imbuscr: IMBUSCR must be set up (Gen2)
 * @twobit_sl0: IMTTBCR.SL0 is the Gen3/4 two-bit field
 * @ctx0_reserved: context 0 belongs to the firmware (Gen3/4)
 * @snoop: table walks snoop the CPU caches (Gen2)
 * @ctx_base: offset of context 0's registers
 * @ctx_stride: bytes between two contexts' registers
 * @utlb_base: offset of the micro-TLB registers
 */
struct ipmmu_features {
	bool ns_alias;
	bool has_cache;
	unsigned int nr_ctx;
	unsigned int nr_utlbs;
	bool imbuscr;
	bool twobit_sl0;
	bool ctx0_reserved;
	bool snoop;
	u32 ctx_base;
	u32 ctx_stride;
	u32 utlb_base;
};

struct ipmmu_domain;

/**
 * struct ipmmu_device - one IPMMU instance
 * @dev: its platform device
 * @base: registers (the non-secure alias on Gen2)
 * @iommu: the core's handle, registered for Gen2 and cache IPMMUs
 * @root: the IPMMU holding the contexts (itself on Gen2 and for a root)
 * @features: its generation
 * @nr_ctx: contexts usable, on a root
 * @lock: protects @ctx_owner, @utlb_ctx and @utlb_dom; taken in the fault
 *	interrupt
 * @ctx_owner: the domain each context of a root translates for
 * @utlb_ctx: the context each port of this IPMMU uses, or IPMMU_CTX_NONE
 * @utlb_dom: the paging domain each port serves, or NULL
 * @group: the group of all masters when the root has a single context
 */
struct ipmmu_device {
	struct device *dev;
	void __iomem *base;
	struct iommu_device iommu;
	struct ipmmu_device *root;
	const struct ipmmu_features *features;
	unsigned int nr_ctx;
	spinlock_t lock;		/* @ctx_owner, @utlb_ctx, @utlb_dom */
	struct ipmmu_domain *ctx_owner[IPMMU_MAX_CTX];
	s8 utlb_ctx[IPMMU_MAX_UTLBS];
	struct ipmmu_domain *utlb_dom[IPMMU_MAX_UTLBS];
	struct iommu_group *group;
};

/**
 * struct ipmmu_domain - a paging domain on one IPMMU's context
 * @pgd: the shared io-pgtable domain (LPAE stage 1, 32-bit input)
 * @cfg: the page-table configuration the context is programmed from
 * @mmu: the IPMMU of the first master attached; domains do not span two
 * @ctx: the root's context, or IPMMU_CTX_NONE while it holds none
 * @users: ports translating through @ctx
 * @last_dev: the master attached last and still there, named in fault
 *	reports; written under the root's lock
 * @wedged: a TLB flush timed out; maps fail until the context is rebuilt
 * @lock: serialises attach against the context's setup and teardown
 */
struct ipmmu_domain {
	struct io_pgtable_domain pgd;
	struct io_pgtable_cfg cfg;
	struct ipmmu_device *mmu;
	int ctx;
	unsigned int users;
	struct device *last_dev;
	bool wedged;
	struct mutex lock;		/* attach against context life */
};

static inline struct ipmmu_domain *to_ipmmu_domain(struct iommu_domain *d)
{
	return container_of(to_io_pgtable_domain(d), struct ipmmu_domain, pgd);
}

static inline bool ipmmu_is_root(const struct ipmmu_device *mmu)
{
	return mmu->root == mmu;
}

/**
 * struct ipmmu_soc_policy - which masters may translate, per SoC
 * @opt_in: the SoC serves only allowed masters (Gen3, Gen4, RZ/G2)
 * @denied: the SoC is known not to work with the IPMMU at all
 */
struct ipmmu_soc_policy {
	bool opt_in;
	bool denied;
};

#if IS_ENABLED(CONFIG_KUNIT)
bool ipmmu_master_allowed(const struct ipmmu_soc_policy *policy,
			  const char *name, bool is_pci);
#endif

/* ipmmu-vmsa-ctx.c */
extern const struct iommu_domain_ops ipmmu_paging_ops;
struct iommu_domain *ipmmu_domain_alloc_paging(struct device *dev);
int ipmmu_domain_get_ctx(struct ipmmu_domain *dom, struct ipmmu_device *mmu,
			 struct device *dev);
void ipmmu_domain_put_ctx(struct ipmmu_domain *dom, struct device *dev);
int ipmmu_ctx_restore(struct ipmmu_domain *dom);
void ipmmu_ctx_disable_all(struct ipmmu_device *root);
irqreturn_t ipmmu_fault_irq(int irq, void *data);
u32 ipmmu_read(struct ipmmu_device *mmu, u32 off);
void ipmmu_write(struct ipmmu_device *mmu, u32 off, u32 val);

/* ipmmu-vmsa.c */
int ipmmu_attach_paging(struct iommu_domain *domain, struct device *dev);

#endif /* __IPMMU_VMSA_H */

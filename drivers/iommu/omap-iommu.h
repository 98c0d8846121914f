/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * OMAP IOMMU (the MMU in front of the OMAP3 ISP and the OMAP4/5 and DRA7
 * IPU and DSP): what the driver's files share.
 *
 * File map of the driver:
 *   omap-iopgtable.h        the page-table format, encode and decode only
 *   omap-iommu-kdeps.h      the kernel headers the three files below need
 *                           (swapped for shims by the host harness)
 *   omap-iommu-pgtable.c    map, unmap and walk a table; cache maintenance
 *   omap-iommu-hw.c         the MMU's registers: programming, TLB flush and
 *                           lock-down, reset wait, fault registers
 *   omap-iommu-domain.c     domains and MMUs together: attach, flushes on
 *                           every MMU a domain is attached to, power off and
 *                           on with the MMU state saved and restored
 *   omap-iommu.c            platform driver, iommu_ops, fault interrupt,
 *                           runtime and system PM callbacks
 *   omap-iommu-debug.c      debugfs
 *   omap-iommu-kunit.c      KUnit for the page-table code
 *
 * This header: MMU registers (TI OMAP4/5 and DRA7 TRM, MMU chapter, "MMU
 * register manual"; OMAP3 has the same layout up to EMU_FAULT_AD), the
 * per-MMU, per-domain and per-master structures, and the prototypes.
 *
 * Locking: a domain's lock protects its list of attached MMUs; an MMU's
 * lock protects its mode, its domain pointer and whether its registers
 * are live (hw_on).  Order: domain lock, then MMU lock.  Both are taken
 * with interrupts off: unmaps come from any context, and the fault
 * interrupt takes the MMU lock.
 */
#ifndef _OMAP_IOMMU_PRIV_H
#define _OMAP_IOMMU_PRIV_H

#include "omap-iommu-kdeps.h"
#include "omap-iopgtable.h"

/* ---- registers ---------------------------------------------------- */

#define MMU_REVISION		0x00
#define   MMU_REVISION_MINOR	GENMASK(3, 0)
#define   MMU_REVISION_MAJOR	GENMASK(7, 4)
#define MMU_SYSCONFIG		0x10
#define MMU_SYSSTATUS		0x14
#define   MMU_SYSSTATUS_RESETDONE	BIT(0)
#define MMU_IRQSTATUS		0x18	/* write one to clear */
#define MMU_IRQENABLE		0x1c
#define   MMU_IRQ_TLBMISS	BIT(0)
#define   MMU_IRQ_TRANSLATION	BIT(1)
#define   MMU_IRQ_EMUMISS	BIT(2)
#define   MMU_IRQ_TABLEWALK	BIT(3)
#define   MMU_IRQ_MULTIHIT	BIT(4)
/* the faults we take with the table walker on (a TLB miss is not one) */
#define   MMU_IRQ_FAULTS	(MMU_IRQ_TRANSLATION | MMU_IRQ_EMUMISS | \
				 MMU_IRQ_TABLEWALK | MMU_IRQ_MULTIHIT)
#define MMU_WALKING_ST		0x40
#define   MMU_WALKING_ST_RUNNING	BIT(0)
#define MMU_CNTL		0x44
#define   MMU_CNTL_MMU_EN	BIT(1)
#define   MMU_CNTL_TWL_EN	BIT(2)
#define   MMU_CNTL_EMUTLB_EN	BIT(3)
#define MMU_FAULT_AD		0x48
#define MMU_TTB			0x4c
#define   MMU_TTB_ADDR		GENMASK(31, 14)	/* 16 KiB aligned */
#define MMU_LOCK		0x50
#define   MMU_LOCK_VICTIM	GENMASK(8, 4)
#define   MMU_LOCK_BASE		GENMASK(14, 10)
#define MMU_LD_TLB		0x54
#define   MMU_LD_TLB_ITEM	BIT(0)
#define MMU_CAM			0x58
#define   MMU_CAM_PGSZ		GENMASK(1, 0)
#define     MMU_CAM_PGSZ_1M	0
#define     MMU_CAM_PGSZ_64K	1
#define     MMU_CAM_PGSZ_4K	2
#define     MMU_CAM_PGSZ_16M	3
#define   MMU_CAM_V		BIT(2)
#define   MMU_CAM_P		BIT(3)		/* preserved by GFLUSH */
#define   MMU_CAM_VATAG		GENMASK(31, 12)
#define MMU_RAM			0x5c
#define   MMU_RAM_MIXED		BIT(6)
#define   MMU_RAM_ELSZ		GENMASK(8, 7)
#define   MMU_RAM_ENDIAN	BIT(9)
#define   MMU_RAM_PA		GENMASK(31, 12)
#define MMU_GFLUSH		0x60
#define   MMU_GFLUSH_GO		BIT(0)
#define MMU_FLUSH_ENTRY		0x64
#define   MMU_FLUSH_ENTRY_GO	BIT(0)
#define MMU_READ_CAM		0x68
#define MMU_READ_RAM		0x6c
#define MMU_EMU_FAULT_AD	0x70
/* OMAP4 and later only */
#define MMU_FAULT_PC		0x80
#define MMU_FAULT_STATUS	0x84
#define MMU_GP_REG		0x88
#define   MMU_GP_REG_BUS_ERR_BACK_EN	BIT(0)

#define MMU_REG_SPAN		0x8c

/* LOCK's fields are five bits wide: no MMU has more than 32 TLB entries */
#define OMAP_MMU_TLB_MAX	32

/* the DRA7 DSP has two MMUs (processor port and EDMA port); room to spare */
#define OMAP_IOMMU_MAX_PER_DEV	4

/* ---- structures --------------------------------------------------- */

/* a page table and what the walker needs to see it */
struct omap_pt {
	u32 *l1;
	u32 l1_pa;
	/* the walker's device, for cache maintenance; NULL: coherent */
	struct device *dev;
	spinlock_t lock;	/* serialises changes to the table */
	unsigned int nr_l2;	/* level 2 tables live */
};

enum omap_mmu_mode {
	OMAP_MMU_BLOCKED,	/* walker on, an all-fault table */
	OMAP_MMU_IDENTITY,	/* MMU off: addresses pass through */
	OMAP_MMU_PAGING,	/* walker on, the domain's table */
};

struct omap_iommu_domain {
	struct iommu_domain domain;
	struct omap_pt pt;
	spinlock_t lock;		/* protects mmus */
	struct list_head mmus;		/* omap_iommu.domain_node */
};

/* one TLB entry as LD_TLB takes it and READ_CAM/READ_RAM give it */
struct omap_tlb_entry {
	u32 cam;
	u32 ram;
};

/* what a fault interrupt left in the registers */
struct omap_mmu_fault {
	u32 status;		/* IRQSTATUS, the fault bits only */
	u32 da;			/* FAULT_AD */
	u32 pc;			/* FAULT_PC, 0 where absent */
	u32 fault_status;	/* FAULT_STATUS, 0 where absent */
};

struct omap_iommu {
	struct device *dev;
	void __iomem *base;
	struct iommu_device iommu;
	const char *name;
	u32 id;				/* in the driver's MMU registry */
	u8 pwrst;			/* for the platform data's constraint */
	u32 nr_tlb;			/* ti,#tlb-entries */
	bool bus_err_back;		/* ti,iommu-bus-err-back */
	bool has_fault_pc;		/* OMAP4 and later */
	struct regmap *syscfg;		/* DRA7 DSP: DSP_SYSTEM, else NULL */
	u32 syscfg_bit;

	spinlock_t lock;		/* the fields below */
	enum omap_mmu_mode mode;
	struct omap_iommu_domain *domain;	/* OMAP_MMU_PAGING only */
	struct list_head domain_node;
	struct device *master;		/* the device it translates for */
	bool hw_on;			/* registers live and programmed */
	bool irq_masked;		/* after an unhandled fault */
	unsigned long nr_faults;

	/* an all-fault table for OMAP_MMU_BLOCKED */
	struct omap_pt blocked;

	/* locked TLB entries kept over a power-off */
	struct omap_tlb_entry saved[OMAP_MMU_TLB_MAX];
	unsigned int nr_saved;

	struct dentry *debug_dir;
};

/* the MMUs one device sits behind, in `iommus` order */
struct omap_iommu_master {
	struct device *dev;
	unsigned int nr_mmus;
	struct omap_iommu *mmus[OMAP_IOMMU_MAX_PER_DEV];
	struct device_link *links[OMAP_IOMMU_MAX_PER_DEV];
};

static inline u32 omap_mmu_read(struct omap_iommu *mmu, u32 reg)
{
	return readl_relaxed(mmu->base + reg);
}

static inline void omap_mmu_write(struct omap_iommu *mmu, u32 reg, u32 val)
{
	writel_relaxed(val, mmu->base + reg);
}

static inline struct omap_iommu_domain *to_omap_domain(struct iommu_domain *d)
{
	return container_of(d, struct omap_iommu_domain, domain);
}

/* ---- omap-iommu-pgtable.c ----------------------------------------- */

int omap_pt_init(struct omap_pt *pt, struct device *dev);
void omap_pt_free(struct omap_pt *pt);
int omap_pt_map(struct omap_pt *pt, u32 da, phys_addr_t pa, size_t pgsize,
		size_t pgcount, gfp_t gfp, size_t *mapped);
size_t omap_pt_unmap(struct omap_pt *pt, u32 da, size_t pgsize,
		     size_t pgcount);
phys_addr_t omap_pt_iova_to_phys(struct omap_pt *pt, u32 da);
/* the leaf that translates @da: its kind and base; OMAP_PTE_NONE if none */
enum omap_pte_kind omap_pt_lookup(struct omap_pt *pt, u32 da, u32 *leaf_pa);
void omap_pt_walk_leaves(struct omap_pt *pt,
			 void (*fn)(void *arg, u32 da, u32 pa,
				    enum omap_pte_kind kind),
			 void *arg);

/* ---- omap-iommu-hw.c ---------------------------------------------- */

int omap_mmu_wait_reset(struct omap_iommu *mmu);
void omap_mmu_hw_program(struct omap_iommu *mmu);
void omap_mmu_hw_disable(struct omap_iommu *mmu);
void omap_mmu_tlb_flush_all(struct omap_iommu *mmu);
void omap_mmu_tlb_flush_range(struct omap_iommu *mmu, u32 da, size_t size,
			      size_t pgsize);
void omap_mmu_tlb_read(struct omap_iommu *mmu, unsigned int idx,
		       struct omap_tlb_entry *e);
void omap_mmu_tlb_load(struct omap_iommu *mmu, unsigned int idx,
		       const struct omap_tlb_entry *e);
int omap_mmu_tlb_lock(struct omap_iommu *mmu, u32 da, u32 pa, size_t size);
unsigned int omap_mmu_tlb_locked(struct omap_iommu *mmu);
void omap_mmu_save_locked(struct omap_iommu *mmu);
void omap_mmu_restore_locked(struct omap_iommu *mmu);
bool omap_mmu_fault_read(struct omap_iommu *mmu, struct omap_mmu_fault *f);
void omap_mmu_fault_ack(struct omap_iommu *mmu, u32 status);
const char *omap_mmu_fault_kind(u32 status);
size_t omap_tlb_entry_size(const struct omap_tlb_entry *e);

/* ---- omap-iommu-domain.c ------------------------------------------ */

int omap_domain_init(struct omap_iommu_domain *od, struct device *pt_dev);
void omap_domain_fini(struct omap_iommu_domain *od);
int omap_domain_map(struct iommu_domain *domain, unsigned long iova,
		    phys_addr_t pa, size_t pgsize, size_t pgcount, int prot,
		    gfp_t gfp, size_t *mapped);
size_t omap_domain_unmap(struct iommu_domain *domain, unsigned long iova,
			 size_t pgsize, size_t pgcount,
			 struct iommu_iotlb_gather *gather);
void omap_domain_flush_all(struct iommu_domain *domain);
void omap_domain_iotlb_sync(struct iommu_domain *domain,
			    struct iommu_iotlb_gather *gather);
phys_addr_t omap_domain_iova_to_phys(struct iommu_domain *domain,
				     dma_addr_t iova);
void omap_mmu_set_mode(struct omap_iommu *mmu, enum omap_mmu_mode mode,
		       struct omap_iommu_domain *od);
int omap_mmu_power_on(struct omap_iommu *mmu);
void omap_mmu_power_off(struct omap_iommu *mmu);

/* ---- omap-iommu-debug.c ------------------------------------------- */

#ifdef CONFIG_OMAP_IOMMU_DEBUG
void omap_iommu_debugfs_add(struct omap_iommu *mmu);
#else
static inline void omap_iommu_debugfs_add(struct omap_iommu *mmu) { }
#endif

#endif /* _OMAP_IOMMU_PRIV_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arm SMMUv1/v2 (and MMU-400/401/500) driver: what its parts, and the
 * vendor implementation files beside them, share.
 *
 * File map of the driver:
 *   arm-smmu-regs.h      register offsets and fields (IHI 0062)
 *   arm-smmu.h           this file: device, domain and context-bank state,
 *                        the vendor hook table, register accessors, the
 *                        TCR/VTCR encoders of io-pgtable's LPAE values
 *   arm-smmu.c           probe from the ID registers, global reset,
 *                        module entry
 *   arm-smmu-master.c    iommu_ops: of_xlate, master probe and release
 *   arm-smmu-pm.c        runtime PM and system sleep callbacks
 *   arm-smmu-streams.c   stream matching: SMR/S2CR allocation and sharing,
 *                        stream indexing, extended stream IDs
 *   arm-smmu-context.c   context banks and the identity, blocking and
 *                        paging domains
 *   arm-smmu-tlb.c       TLB invalidation and sync
 *   arm-smmu-fault.c     context and global fault interrupts
 *   arm-smmu-kunit.c     KUnit tests of the pure parts
 * Vendor hooks (unchanged 6.12 files): arm-smmu-impl.c (MMU-500, Cavium,
 * Calxeda, Marvell), arm-smmu-nvidia.c, arm-smmu-qcom.c (with the Adreno
 * GPU's private interface), arm-smmu-qcom-debug.c.  qcom_iommu.c is a
 * separate driver that borrows the register names.
 *
 * Vocabulary: a "stream" is the ID a master's transactions carry; an
 * "SME" (stream map entry) is one SMRn/S2CRn pair, indexed by "smendx";
 * "cbndx" indexes context banks.  Without stream matching (SMMUv1 may
 * have none) the stream ID indexes S2CR directly and there are no SMRs.
 *
 * Locking: smmu->stream_map_mutex covers the software copies of SMRs and
 * S2CRs and their writes to hardware; smmu->context_map is a lock-free
 * bitmap; a domain's cb_lock serialises its TLB syncs and ATS operations;
 * smmu->global_sync_lock the global TLB sync.
 */
#ifndef _ARM_SMMU_H
#define _ARM_SMMU_H

#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/clk.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-hi-lo.h>
#include <linux/io-pgtable.h>
#include <linux/io-pgtable-domain.h>
#include <linux/iommu.h>
#include <linux/irqreturn.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "arm-smmu-regs.h"

/*
 * CBNDX is an 8-bit field, but no implementation we know of has more than
 * 128 banks, and the bitmap lives in the device structure.
 */
#define ARM_SMMU_MAX_CBS		128
#define ARM_SMMU_INVALID_IRPTNDX	0xff

/*
 * TLB sync polling, shared with the vendor hooks that poll on their own:
 * spin TLB_SPIN_COUNT reads, then back off with delays that double up to
 * TLB_LOOP_TIMEOUT microseconds.  A sync that has not finished after about
 * a second means the SMMU is wedged.
 */
#define TLB_LOOP_TIMEOUT		1000000
#define TLB_SPIN_COUNT			10

/* Which architecture revision a compatible string promises. */
enum arm_smmu_arch_version {
	ARM_SMMU_V1,
	ARM_SMMU_V1_64K,	/* MMU-401: v1 with 64K pages */
	ARM_SMMU_V2,
};

/* Implementations with errata or extensions of their own. */
enum arm_smmu_implementation {
	GENERIC_SMMU,
	ARM_MMU500,
	CAVIUM_SMMUV2,
	QCOM_SMMUV2,
};

/* Capabilities found in the ID registers (struct arm_smmu_device.features) */
#define ARM_SMMU_FEAT_COHERENT_WALK	BIT(0)
#define ARM_SMMU_FEAT_STREAM_MATCH	BIT(1)
#define ARM_SMMU_FEAT_TRANS_S1		BIT(2)
#define ARM_SMMU_FEAT_TRANS_S2		BIT(3)
#define ARM_SMMU_FEAT_TRANS_NESTED	BIT(4)
#define ARM_SMMU_FEAT_TRANS_OPS		BIT(5)
#define ARM_SMMU_FEAT_VMID16		BIT(6)
#define ARM_SMMU_FEAT_FMT_AARCH64_4K	BIT(7)
#define ARM_SMMU_FEAT_FMT_AARCH64_16K	BIT(8)
#define ARM_SMMU_FEAT_FMT_AARCH64_64K	BIT(9)
#define ARM_SMMU_FEAT_FMT_AARCH32_L	BIT(10)
#define ARM_SMMU_FEAT_FMT_AARCH32_S	BIT(11)
#define ARM_SMMU_FEAT_EXIDS		BIT(12)
#define ARM_SMMU_FEAT_FMT_AARCH64	(ARM_SMMU_FEAT_FMT_AARCH64_4K |	\
					 ARM_SMMU_FEAT_FMT_AARCH64_16K |\
					 ARM_SMMU_FEAT_FMT_AARCH64_64K)

/**
 * struct arm_smmu_smr - software copy of one stream match register
 * @id: stream ID to match
 * @mask: stream ID bits to ignore
 * @valid: the entry is in use
 * @pinned: set up before the kernel (by firmware) and never given back
 */
struct arm_smmu_smr {
	u16				id;
	u16				mask;
	bool				valid;
	bool				pinned;
};

/**
 * struct arm_smmu_s2cr - software copy of one stream-to-context register
 * @group: the IOMMU group of every master using this entry
 * @count: masters whose IDs use this entry; 0 means free
 * @type: translate, bypass or fault
 * @privcfg: privilege override
 * @cbndx: the context bank when @type is S2CR_TYPE_TRANS
 * @master: the master that claimed the entry first, for fault reports;
 *	NULL once it is released (changed under smmu->master_lock)
 */
struct arm_smmu_s2cr {
	struct iommu_group		*group;
	struct device			*master;
	int				count;
	enum arm_smmu_s2cr_type		type;
	enum arm_smmu_s2cr_privcfg	privcfg;
	u8				cbndx;
};

/* Translation table formats a context bank can walk. */
enum arm_smmu_context_fmt {
	ARM_SMMU_CTX_FMT_NONE,
	ARM_SMMU_CTX_FMT_AARCH64,
	ARM_SMMU_CTX_FMT_AARCH32_L,
	ARM_SMMU_CTX_FMT_AARCH32_S,
};

/**
 * struct arm_smmu_cfg - how a domain uses its context bank
 * @cbndx: the bank
 * @irptndx: the context interrupt it raises (an index into smmu->irqs)
 * @asid: stage 1 TLB tag
 * @vmid: stage 2 TLB tag
 * @cbar: CBARn.TYPE
 * @fmt: table format
 * @flush_walk_prefer_tlbiasid: invalidate the whole ASID instead of a
 *	range when table memory changes (some vendor TLBs need it)
 */
struct arm_smmu_cfg {
	u8				cbndx;
	u8				irptndx;
	union {
		u16			asid;
		u16			vmid;
	};
	enum arm_smmu_cbar_type		cbar;
	enum arm_smmu_context_fmt	fmt;
	bool				flush_walk_prefer_tlbiasid;
};

/**
 * struct arm_smmu_cb - register values of one context bank
 * @ttbr: TTBR0/TTBR1 (v7s: TTBR0 only; stage 2: VTTBR in TTBR0)
 * @tcr: TCR (or VTCR) and TCR2
 * @mair: MAIR0/1, or PRRR/NMRR for the short-descriptor format
 * @cfg: the owning domain's configuration; NULL while the bank is free
 *
 * Kept so that reset and resume can write the bank again, and so that
 * the Adreno hooks can edit TTBR0 and rewrite the bank.
 */
struct arm_smmu_cb {
	u64				ttbr[2];
	u32				tcr[2];
	u32				mair[2];
	struct arm_smmu_cfg		*cfg;
};

struct arm_smmu_impl;

/**
 * struct arm_smmu_device - one SMMU instance
 * @dev: its platform device
 * @base: the whole register map
 * @ioaddr: physical address of @base
 * @numpage: pages of global space; context bank n is page @numpage + n
 * @pgshift: log2 of the register page size (12 or 16)
 * @features: ARM_SMMU_FEAT_*
 * @version: architecture revision from the compatible string and IDR7
 * @model: implementation, for the vendor hooks
 * @impl: vendor hooks, or NULL
 * @num_context_banks: banks usable by the driver
 * @num_s2_context_banks: the first this many banks can do stage 2 only
 * @context_map: banks in use
 * @cbs: register values of each bank
 * @irptndx: next context interrupt to hand out (SMMUv1 round robin)
 * @num_mapping_groups: SMEs (stream matching) or S2CRs (stream indexing)
 * @streamid_mask: stream ID bits the SMRs compare
 * @smr_mask_mask: bits SMR.MASK can hold
 * @smrs: SMR copies; NULL without stream matching
 * @s2crs: S2CR copies
 * @stream_map_mutex: protects @smrs and @s2crs
 * @master_lock: lets the fault handlers read @smrs and s2cr->master
 * @va_size: stage 1 input size in bits
 * @ipa_size: stage 1 output and stage 2 input size in bits
 * @pa_size: stage 2 output size in bits
 * @pgsize_bitmap: page sizes of every format offered
 * @num_global_irqs: global fault interrupts (the first ones in DT)
 * @num_context_irqs: context fault interrupts
 * @irqs: Linux numbers of the context interrupts
 * @num_clks: clocks
 * @clks: clocks
 * @global_sync_lock: serialises the global TLB sync
 * @mmio_size: size of the register map in bytes
 * @iommu: the core's handle
 */
struct arm_smmu_device {
	struct device			*dev;
	void __iomem			*base;
	phys_addr_t			ioaddr;
	unsigned int			numpage;
	unsigned int			pgshift;
	u32				features;
	enum arm_smmu_arch_version	version;
	enum arm_smmu_implementation	model;
	const struct arm_smmu_impl	*impl;

	u32				num_context_banks;
	u32				num_s2_context_banks;
	DECLARE_BITMAP(context_map, ARM_SMMU_MAX_CBS);
	struct arm_smmu_cb		*cbs;
	atomic_t			irptndx;

	u32				num_mapping_groups;
	u16				streamid_mask;
	u16				smr_mask_mask;
	struct arm_smmu_smr		*smrs;
	struct arm_smmu_s2cr		*s2crs;
	struct mutex			stream_map_mutex; /* SMR/S2CR copies */
	spinlock_t			master_lock; /* for the fault handlers */

	unsigned long			va_size;
	unsigned long			ipa_size;
	unsigned long			pa_size;
	unsigned long			pgsize_bitmap;

	int				num_global_irqs;
	int				num_context_irqs;
	unsigned int			*irqs;
	int				num_clks;
	struct clk_bulk_data		*clks;

	spinlock_t			global_sync_lock; /* GR0 TLB sync */
	resource_size_t			mmio_size;

	struct iommu_device		iommu;
};

/* What a paging domain translates: stage 1 is preferred when both exist. */
enum arm_smmu_domain_stage {
	ARM_SMMU_DOMAIN_S1 = 0,
	ARM_SMMU_DOMAIN_S2,
	ARM_SMMU_DOMAIN_NESTED,
};

/**
 * struct arm_smmu_domain - a paging domain and the context bank it owns
 * @pgd: the shared io-pgtable paging domain
 * @domain: the core's view, the same object as @pgd.domain
 * @pgtbl_ops: the page table, the same pointer as @pgd.pgtbl
 * @smmu: the SMMU whose bank holds the domain, fixed at allocation
 * @pgtbl_quirks: io-pgtable quirks requested before allocation
 * @cfg: the bank and its tags
 * @stage: stage 1 or stage 2
 * @init_mutex: serialises vendor hooks that edit the bank
 * @cb_lock: serialises TLB syncs and ATS operations on the bank
 * @tlb_err: set when an invalidation from io-pgtable (which cannot return
 *	an error) timed out; the next attach reports it and clears it
 *
 * @domain and @pgtbl_ops are aliases kept for the vendor files, which
 * predate the shared paging domain.
 */
struct arm_smmu_domain {
	union {
		struct io_pgtable_domain	pgd;
		struct {
			struct iommu_domain	domain;
			struct io_pgtable_ops	*pgtbl_ops;
		};
	};
	struct arm_smmu_device		*smmu;
	unsigned long			pgtbl_quirks;
	struct arm_smmu_cfg		cfg;
	enum arm_smmu_domain_stage	stage;
	struct mutex			init_mutex; /* bank setup, quirks */
	spinlock_t			cb_lock; /* the bank's TLB sync */
	atomic_t			tlb_err;
};

static_assert(offsetof(struct arm_smmu_domain, domain) ==
	      offsetof(struct arm_smmu_domain, pgd.domain));
static_assert(offsetof(struct arm_smmu_domain, pgtbl_ops) ==
	      offsetof(struct arm_smmu_domain, pgd.pgtbl));

static inline struct arm_smmu_domain *to_smmu_domain(struct iommu_domain *dom)
{
	return container_of(dom, struct arm_smmu_domain, domain);
}

/**
 * struct arm_smmu_master_cfg - a master's view of its SMMU
 * @smmu: the SMMU its streams enter
 * @smendx: for each ID of its fwspec, the SME it uses, or INVALID_SMENDX
 */
struct arm_smmu_master_cfg {
	struct arm_smmu_device		*smmu;
	s16				smendx[];
};

/* A fwspec ID is packed like an SMR: stream ID low, mask high. */
static inline u16 arm_smmu_fwid_sid(u32 fwid)
{
	return FIELD_GET(ARM_SMMU_SMR_ID, fwid);
}

static inline u16 arm_smmu_fwid_mask(u32 fwid)
{
	return FIELD_GET(ARM_SMMU_SMR_MASK, fwid);
}

#define INVALID_SMENDX			-1

/*
 * LPAE register values from what io-pgtable chose.  The stage 1 TCR puts
 * the table's fields in the TTBR0 half, or for a TTBR1 table (quirk
 * IO_PGTABLE_QUIRK_ARM_TTBR1, upper-half IOVAs) in the TTBR1 half with
 * A1 clear, and turns walks through the other half off.
 */
static inline u32 arm_smmu_lpae_tcr(const struct io_pgtable_cfg *cfg)
{
	typeof(cfg->arm_lpae_s1_cfg.tcr) t = cfg->arm_lpae_s1_cfg.tcr;
	u32 half;

	half = FIELD_PREP(ARM_SMMU_TCR_T0SZ, t.tsz) |
	       FIELD_PREP(ARM_SMMU_TCR_IRGN0, t.irgn) |
	       FIELD_PREP(ARM_SMMU_TCR_ORGN0, t.orgn) |
	       FIELD_PREP(ARM_SMMU_TCR_SH0, t.sh) |
	       FIELD_PREP(ARM_SMMU_TCR_TG0, t.tg);
	if (!(cfg->quirks & IO_PGTABLE_QUIRK_ARM_TTBR1))
		return half | ARM_SMMU_TCR_EPD1;
	/* TG1 encodes granules differently; io-pgtable already did that */
	return (half << ARM_SMMU_TCR_TTBR1_SHIFT) | ARM_SMMU_TCR_EPD0;
}

static inline u32 arm_smmu_lpae_tcr2(const struct io_pgtable_cfg *cfg)
{
	return FIELD_PREP(ARM_SMMU_TCR2_SEP, ARM_SMMU_TCR2_SEP_UPSTREAM) |
	       FIELD_PREP(ARM_SMMU_TCR2_PASIZE, cfg->arm_lpae_s1_cfg.tcr.ips);
}

static inline u32 arm_smmu_lpae_vtcr(const struct io_pgtable_cfg *cfg)
{
	typeof(cfg->arm_lpae_s2_cfg.vtcr) v = cfg->arm_lpae_s2_cfg.vtcr;

	return FIELD_PREP(ARM_SMMU_VTCR_T0SZ, v.tsz) |
	       FIELD_PREP(ARM_SMMU_VTCR_SL0, v.sl) |
	       FIELD_PREP(ARM_SMMU_VTCR_IRGN0, v.irgn) |
	       FIELD_PREP(ARM_SMMU_VTCR_ORGN0, v.orgn) |
	       FIELD_PREP(ARM_SMMU_VTCR_SH0, v.sh) |
	       FIELD_PREP(ARM_SMMU_VTCR_TG0, v.tg) |
	       FIELD_PREP(ARM_SMMU_VTCR_PS, v.ps) | ARM_SMMU_VTCR_RES1;
}

/**
 * struct arm_smmu_impl - vendor hooks; every one is optional
 * @read_reg: replaces 32-bit register reads
 * @write_reg: replaces 32-bit register writes
 * @read_reg64: replaces 64-bit register reads
 * @write_reg64: replaces 64-bit register writes
 * @cfg_probe: adjusts what the ID registers said, before it is used
 * @reset: extra global setup at reset, after the architected part
 * @init_context: adjusts a paging domain's io-pgtable configuration
 * @tlb_sync: replaces the sync-and-poll of one sync/status register pair
 * @def_domain_type: the default domain type a master needs
 * @global_fault: replaces the global fault handler (dev: the smmu)
 * @context_fault: replaces the context fault handler (dev: the domain)
 * @context_fault_needs_threaded_irq: run @context_fault in a thread
 * @alloc_context_bank: picks the bank of a domain for a master
 * @write_s2cr: replaces the write of one S2CR from its copy
 * @write_sctlr: replaces the write of a bank's SCTLR
 * @probe_finalize: called when a master has been added
 */
struct arm_smmu_impl {
	/* probe and reset, in the order the driver calls them */
	int (*cfg_probe)(struct arm_smmu_device *smmu);
	int (*reset)(struct arm_smmu_device *smmu);
	void (*probe_finalize)(struct arm_smmu_device *smmu, struct device *dev);
	int (*def_domain_type)(struct device *dev);

	/* stream matching and context banks */
	void (*write_s2cr)(struct arm_smmu_device *smmu, int idx);
	int (*alloc_context_bank)(struct arm_smmu_domain *smmu_domain,
				  struct arm_smmu_device *smmu,
				  struct device *dev, int start);
	int (*init_context)(struct arm_smmu_domain *smmu_domain,
			    struct io_pgtable_cfg *cfg, struct device *dev);
	void (*write_sctlr)(struct arm_smmu_device *smmu, int idx, u32 reg);
	void (*tlb_sync)(struct arm_smmu_device *smmu, int page, int sync,
			 int status);

	/* interrupts */
	irqreturn_t (*global_fault)(int irq, void *dev);
	irqreturn_t (*context_fault)(int irq, void *dev);
	bool context_fault_needs_threaded_irq;

	/* register access, for SMMUs behind unusual buses */
	u32 (*read_reg)(struct arm_smmu_device *smmu, int page, int offset);
	u64 (*read_reg64)(struct arm_smmu_device *smmu, int page, int offset);
	void (*write_reg)(struct arm_smmu_device *smmu, int page, int offset,
			  u32 val);
	void (*write_reg64)(struct arm_smmu_device *smmu, int page, int offset,
			    u64 val);
};

/**
 * __arm_smmu_alloc_bitmap() - claim the first free bit in [@start, @end)
 * @map: the bitmap
 * @start: first candidate
 * @end: one past the last candidate
 *
 * Context: any; lock-free.
 * Return: the bit claimed, or -ENOSPC when every candidate is taken.
 */
static inline int __arm_smmu_alloc_bitmap(unsigned long *map, int start, int end)
{
	for (;;) {
		int bit = find_next_zero_bit(map, end, start);

		if (bit >= end)
			return -ENOSPC;
		if (!test_and_set_bit(bit, map))
			return bit;
		start = bit + 1;
	}
}

/* Register pages: GR0, GR1, then (from numpage) one per context bank. */
#define ARM_SMMU_GR0		0
#define ARM_SMMU_GR1		1
#define ARM_SMMU_CB(s, n)	((s)->numpage + (n))

static inline void __iomem *arm_smmu_page(struct arm_smmu_device *smmu, int n)
{
	return smmu->base + ((unsigned long)n << smmu->pgshift);
}

static inline u32 arm_smmu_readl(struct arm_smmu_device *smmu, int page,
				 int offset)
{
	if (unlikely(smmu->impl && smmu->impl->read_reg))
		return smmu->impl->read_reg(smmu, page, offset);
	return readl_relaxed(arm_smmu_page(smmu, page) + offset);
}

static inline void arm_smmu_writel(struct arm_smmu_device *smmu, int page,
				   int offset, u32 val)
{
	if (unlikely(smmu->impl && smmu->impl->write_reg)) {
		smmu->impl->write_reg(smmu, page, offset, val);
		return;
	}
	writel_relaxed(val, arm_smmu_page(smmu, page) + offset);
}

static inline u64 arm_smmu_readq(struct arm_smmu_device *smmu, int page,
				 int offset)
{
	if (unlikely(smmu->impl && smmu->impl->read_reg64))
		return smmu->impl->read_reg64(smmu, page, offset);
	return readq_relaxed(arm_smmu_page(smmu, page) + offset);
}

static inline void arm_smmu_writeq(struct arm_smmu_device *smmu, int page,
				   int offset, u64 val)
{
	if (unlikely(smmu->impl && smmu->impl->write_reg64)) {
		smmu->impl->write_reg64(smmu, page, offset, val);
		return;
	}
	writeq_relaxed(val, arm_smmu_page(smmu, page) + offset);
}

static inline u32 arm_smmu_gr0_read(struct arm_smmu_device *smmu, int offset)
{
	return arm_smmu_readl(smmu, ARM_SMMU_GR0, offset);
}

static inline void arm_smmu_gr0_write(struct arm_smmu_device *smmu, int offset,
				      u32 val)
{
	arm_smmu_writel(smmu, ARM_SMMU_GR0, offset, val);
}

static inline u32 arm_smmu_gr1_read(struct arm_smmu_device *smmu, int offset)
{
	return arm_smmu_readl(smmu, ARM_SMMU_GR1, offset);
}

static inline void arm_smmu_gr1_write(struct arm_smmu_device *smmu, int offset,
				      u32 val)
{
	arm_smmu_writel(smmu, ARM_SMMU_GR1, offset, val);
}

static inline u32 arm_smmu_cb_read(struct arm_smmu_device *smmu, int cb,
				   int offset)
{
	return arm_smmu_readl(smmu, ARM_SMMU_CB(smmu, cb), offset);
}

static inline void arm_smmu_cb_write(struct arm_smmu_device *smmu, int cb,
				     int offset, u32 val)
{
	arm_smmu_writel(smmu, ARM_SMMU_CB(smmu, cb), offset, val);
}

static inline u64 arm_smmu_cb_readq(struct arm_smmu_device *smmu, int cb,
				    int offset)
{
	return arm_smmu_readq(smmu, ARM_SMMU_CB(smmu, cb), offset);
}

static inline void arm_smmu_cb_writeq(struct arm_smmu_device *smmu, int cb,
				      int offset, u64 val)
{
	arm_smmu_writeq(smmu, ARM_SMMU_CB(smmu, cb), offset, val);
}

/**
 * struct arm_smmu_context_fault_info - one context fault, as read
 * @iova: CB_FAR
 * @fsr: CB_FSR
 * @fsynr: CB_FSYNR0
 * @cbfrsynra: GR1 CBFRSYNRAn (the stream)
 */
struct arm_smmu_context_fault_info {
	unsigned long iova;
	u32 fsr;
	u32 fsynr;
	u32 cbfrsynra;
};

/* Vendor entry points (arm-smmu-impl.c, -nvidia.c, -qcom.c) */
struct arm_smmu_device *arm_smmu_impl_init(struct arm_smmu_device *smmu);
struct arm_smmu_device *nvidia_smmu_impl_init(struct arm_smmu_device *smmu);
struct arm_smmu_device *qcom_smmu_impl_init(struct arm_smmu_device *smmu);
int __init arm_smmu_impl_module_init(void);
void __exit arm_smmu_impl_module_exit(void);
int __init qcom_smmu_module_init(void);
void __exit qcom_smmu_module_exit(void);
int arm_mmu500_reset(struct arm_smmu_device *smmu);

/* For the vendor files: arm-smmu-context.c and arm-smmu-fault.c */
void arm_smmu_write_context_bank(struct arm_smmu_device *smmu, int idx);
void arm_smmu_read_context_fault_info(struct arm_smmu_device *smmu, int idx,
				      struct arm_smmu_context_fault_info *cfi);
void arm_smmu_print_context_fault_info(struct arm_smmu_device *smmu, int idx,
				       const struct arm_smmu_context_fault_info *cfi);

/* arm-smmu.c */
struct arm_smmu_device *arm_smmu_find(struct fwnode_handle *fwnode);
int arm_smmu_hw_reset(struct arm_smmu_device *smmu);
int arm_smmu_rpm_get(struct arm_smmu_device *smmu);
void arm_smmu_rpm_put(struct arm_smmu_device *smmu);

/* arm-smmu-pm.c */
extern const struct dev_pm_ops arm_smmu_power_ops;

/* arm-smmu-master.c */
extern const struct iommu_ops arm_smmu_iommu_ops;

/* arm-smmu-streams.c */
int arm_smmu_smr_widths(struct arm_smmu_device *smmu);
void arm_smmu_sme_commit(struct arm_smmu_device *smmu, int idx);
int arm_smmu_master_claim(struct device *dev);
void arm_smmu_master_unclaim(struct device *dev, bool powered);
struct iommu_group *arm_smmu_master_group(struct device *dev);
struct device *arm_smmu_stream_master(struct arm_smmu_device *smmu, u16 sid);
void arm_smmu_master_route(struct arm_smmu_master_cfg *cfg,
			   struct iommu_fwspec *fwspec,
			   enum arm_smmu_s2cr_type type, u8 cbndx);

/* arm-smmu-context.c */
extern struct iommu_domain arm_smmu_domain_identity;
extern struct iommu_domain arm_smmu_domain_blocked;
struct iommu_domain *arm_smmu_paging_alloc(struct device *dev);
void arm_smmu_cb_disable(struct arm_smmu_device *smmu, int idx);
unsigned long arm_smmu_fmt_pgsizes(u32 features, enum arm_smmu_context_fmt fmt);

/* arm-smmu-tlb.c */
extern const struct io_pgtable_domain_tlb_ops arm_smmu_tlb_ops;
extern const struct io_pgtable_domain_tlb_ops arm_smmu_s2_v1_tlb_ops;
int arm_smmu_tlb_sync_global(struct arm_smmu_device *smmu);
int arm_smmu_tlb_inv_context(struct arm_smmu_domain *smmu_domain);

/* arm-smmu-fault.c */
irqreturn_t arm_smmu_context_fault(int irq, void *dev);
irqreturn_t arm_smmu_global_fault(int irq, void *dev);

/* Pure helpers, static unless KUnit tests them (arm-smmu-kunit.c) */
#if IS_ENABLED(CONFIG_KUNIT)
int arm_smmu_decode_idr(struct arm_smmu_device *smmu, const u32 id[3]);
int arm_smmu_smr_place(const struct arm_smmu_smr *smrs, unsigned int count,
		       u16 id, u16 mask);
enum arm_smmu_context_fmt
arm_smmu_context_fmt(u32 features, enum arm_smmu_domain_stage stage);
u32 arm_smmu_sctlr(const struct arm_smmu_cfg *cfg);
u64 arm_smmu_tlbi_va(enum arm_smmu_context_fmt fmt, unsigned long iova,
		     u16 asid);
const char *arm_smmu_fsr_kind(u32 fsr);
const char *arm_smmu_gfsr_kind(u32 gfsr);
#endif

#endif /* _ARM_SMMU_H */

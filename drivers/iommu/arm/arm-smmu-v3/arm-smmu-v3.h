/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arm SMMUv3 driver: the objects shared by its parts.
 *
 * The driver is split by hardware concern:
 *   arm-smmu-v3-regs.h    register, table, command and event layouts
 *   arm-smmu-v3-cmdq.c    queues, command builders, command submission
 *   arm-smmu-v3-tables.c  stream table, CD tables, entry encoders and the
 *                         ordered entry writer
 *   arm-smmu-v3-domain.c  domains, attach, TLB invalidation
 *   arm-smmu-v3-pasid.c   paging domains attached at PASIDs
 *   arm-smmu-v3-events.c  interrupts, event queue, global errors
 *   arm-smmu-v3.c         probe, features, reset, iommu_ops
 *
 * Vocabulary: a "sid" is a StreamID, an "ssid" a SubstreamID (PASID).  A
 * "qword" is one 64-bit word of an in-memory structure.  Ranges of IOVA are
 * given as [iova, iova + size).  Counters named "prod"/"cons" in struct
 * smmu3_cmdq count commands since reset and never wrap; the hardware's
 * index-plus-wrap-bit form is derived from them.
 */
#ifndef _ARM_SMMU_V3_H
#define _ARM_SMMU_V3_H

#include <linux/atomic.h>
#include <linux/io-pgtable-domain.h>
#include <linux/iommu.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/ratelimit.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "arm-smmu-v3-regs.h"

struct io_pgtable_ops;

/* Features found in the ID registers (struct smmu3_device.features). */
#define SMMU3_FEAT_2LVL_STRTAB		BIT(0)
#define SMMU3_FEAT_2LVL_CDTAB		BIT(1)
#define SMMU3_FEAT_TT_LE		BIT(2)
#define SMMU3_FEAT_TT_BE		BIT(3)
#define SMMU3_FEAT_PRI			BIT(4)
#define SMMU3_FEAT_ATS			BIT(5)
#define SMMU3_FEAT_SEV			BIT(6)
#define SMMU3_FEAT_MSI			BIT(7)
#define SMMU3_FEAT_COHERENT		BIT(8)
#define SMMU3_FEAT_S1			BIT(9)
#define SMMU3_FEAT_S2			BIT(10)
#define SMMU3_FEAT_STALLS		BIT(11)
#define SMMU3_FEAT_STALL_FORCE		BIT(12)
#define SMMU3_FEAT_HYP			BIT(13)
#define SMMU3_FEAT_RANGE_INV		BIT(14)

/**
 * struct smmu3_queue - one circular queue shared with the SMMU
 * @entries: the ring, @entry_qwords 64-bit words per entry
 * @dma: bus address of @entries
 * @log2_size: log2 of the number of entries
 * @entry_qwords: size of one entry in 64-bit words
 * @prod_reg: producer index register
 * @cons_reg: consumer index register
 * @base_val: value for the queue's BASE register
 */
struct smmu3_queue {
	__le64		*entries;
	dma_addr_t	dma;
	u32		log2_size;
	u32		entry_qwords;
	void __iomem	*prod_reg;
	void __iomem	*cons_reg;
	u64		base_val;
};

/**
 * struct smmu3_cmdq - the command queue
 * @q: the ring
 * @lock: serialises producers; held only while entries are copied in
 * @prod: commands ever written (under @lock)
 * @consumed: lower bound of commands ever consumed by the SMMU; only grows
 * @sync_word: target of CMD_SYNC completion writes, when the SMMU can
 *	write MSIs to memory; NULL otherwise (completion found by polling)
 * @sync_word_dma: bus address of @sync_word
 */
struct smmu3_cmdq {
	struct smmu3_queue	q;
	spinlock_t		lock;		/* see @lock above */
	u64			prod;
	atomic64_t		consumed;
	u32			*sync_word;
	dma_addr_t		sync_word_dma;
};

/**
 * struct smmu3_cmd - one command, ready to be copied into the queue
 * @w: its two 64-bit words, CPU endian
 */
struct smmu3_cmd {
	u64 w[SMMU3_CMD_QWORDS];
};

/* Commands gathered before one submission; see smmu3_batch_add(). */
#define SMMU3_BATCH_MAX			32

/**
 * struct smmu3_batch - commands to be submitted together
 * @n: number of commands in @cmds
 * @cmds: the commands
 */
struct smmu3_batch {
	unsigned int		n;
	struct smmu3_cmd	cmds[SMMU3_BATCH_MAX];
};

/**
 * struct smmu3_strtab - the stream table
 * @ste: linear format: every STE
 * @l1: two-level format: level 1 descriptors
 * @leaves: two-level format: CPU address of each level 2 table, or NULL
 * @leaf_dma: two-level format: bus address of each level 2 table
 * @dma: bus address for SMMU_STRTAB_BASE
 * @base_cfg: value for SMMU_STRTAB_BASE_CFG
 * @sid_bits: StreamIDs the table covers (may be fewer than the SMMU's)
 * @num_l1: two-level format: number of level 1 descriptors; 0 if linear
 */
struct smmu3_strtab {
	__le64		*ste;
	__le64		*l1;
	__le64		**leaves;
	dma_addr_t	*leaf_dma;
	dma_addr_t	dma;
	u32		base_cfg;
	u32		sid_bits;
	u32		num_l1;
};

/* Level 2 stream tables cover 2^8 StreamIDs: 16 KiB of STEs each. */
#define SMMU3_STRTAB_SPLIT		8
/* Largest level 1 table we allocate: 2^17 descriptors, 1 MiB. */
#define SMMU3_STRTAB_L1_MAX_BITS	17
/* Largest linear table: 2^10 STEs, 64 KiB. */
#define SMMU3_STRTAB_LINEAR_MAX_BITS	10

/**
 * struct smmu3_cdtab - context descriptor table of one master
 * @cds: linear format: every CD
 * @l1: two-level format: level 1 descriptors
 * @leaves: two-level format: CPU address of each leaf, or NULL
 * @leaf_dma: two-level format: bus address of each leaf
 * @dma: bus address for STE.S1ContextPtr
 * @ssid_bits: SubstreamIDs covered; 0 means CD 0 only (STE.S1CDMax = 0)
 * @fmt: STE.S1Fmt value
 * @num_l1: number of level 1 descriptors; 0 if linear
 */
struct smmu3_cdtab {
	__le64		*cds;
	__le64		*l1;
	__le64		**leaves;
	dma_addr_t	*leaf_dma;
	dma_addr_t	dma;
	u8		ssid_bits;
	u8		fmt;
	u32		num_l1;
};

/* A two-level CD table leaf holds 2^6 CDs: one 4 KiB page. */
#define SMMU3_CDTAB_SPLIT		6
/*
 * Widest CD tables we build: linear 2^10 CDs (64 KiB, like the linear
 * stream table); two-level 2^20, the PCIe PASID width (a 128 KiB level 1
 * table, leaves allocated as PASIDs are used).
 */
#define SMMU3_CDTAB_LINEAR_MAX_BITS	10
#define SMMU3_CDTAB_L2_MAX_BITS		20

/**
 * struct smmu3_device - one SMMU
 * @dev: its platform device
 * @page0: register page 0
 * @page1: register page 1 (or page 0 again where page 1 is an alias)
 * @features: SMMU3_FEAT_* found at probe
 * @ias: stage 1 input (VA) size in bits
 * @oas: output (PA) size in bits
 * @asid_bits: width of ASIDs
 * @vmid_bits: width of VMIDs
 * @sid_bits: width of StreamIDs
 * @ssid_bits: width of SubstreamIDs
 * @pgsize_bitmap: page sizes of every granule the SMMU walks
 * @paging_stage: the stage (enum smmu3_stage) behind its paging domains
 * @cmdq: command queue
 * @evtq: event queue
 * @strtab: stream table
 * @evtq_irq: event queue interrupt
 * @gerr_irq: global error interrupt
 * @combined_irq: single interrupt for both, on some implementations
 * @streams_mutex: guards @streams and the masters it points to
 * @streams: StreamID -> struct smmu3_master
 * @asids: allocator of ASIDs (stage 1 domains)
 * @vmids: allocator of VMIDs (stage 2 domains)
 * @fault_rs: rate limit of fault reports
 * @iommu: handle registered with the IOMMU core
 */
struct smmu3_device {
	struct device		*dev;
	void __iomem		*page0;
	void __iomem		*page1;
	u32			features;
	unsigned int		ias;
	unsigned int		oas;
	unsigned int		asid_bits;
	unsigned int		vmid_bits;
	unsigned int		sid_bits;
	unsigned int		ssid_bits;
	unsigned long		pgsize_bitmap;
	unsigned int		paging_stage;
	struct smmu3_cmdq	cmdq;
	struct smmu3_queue	evtq;
	struct smmu3_strtab	strtab;
	int			evtq_irq;
	int			gerr_irq;
	int			combined_irq;
	struct mutex		streams_mutex;	/* see above */
	struct xarray		streams;
	struct ida		asids;
	struct ida		vmids;
	struct ratelimit_state	fault_rs;
	struct iommu_device	iommu;
};

/**
 * struct smmu3_master - a device behind an SMMU
 * @smmu: its SMMU
 * @dev: the device
 * @sids: its StreamIDs
 * @num_sids: number of @sids
 * @cdtab: its CD table, allocated on the first stage 1 attach
 * @domain: the domain attached now, NULL before the first attach
 */
struct smmu3_master {
	struct smmu3_device	*smmu;
	struct device		*dev;
	u32			*sids;
	unsigned int		num_sids;
	struct smmu3_cdtab	cdtab;
	struct iommu_domain	*domain;
};

enum smmu3_stage {
	SMMU3_STAGE1,
	SMMU3_STAGE2,
};

/**
 * struct smmu3_domain - a paging domain
 * @pgd: the core's view and the io-pgtable behind it
 * @smmu: the SMMU whose tables it is built for
 * @stage: which translation stage it uses
 * @tag: its ASID (stage 1) or VMID (stage 2)
 * @ttbr: stage 1: TTB0; stage 2: S2TTB
 * @tcr: stage 1: CD word 0 translation fields; stage 2: STE word 2 fields
 * @mair: stage 1 memory attributes
 */
struct smmu3_domain {
	struct io_pgtable_domain pgd;
	struct smmu3_device	*smmu;
	enum smmu3_stage	stage;
	u16			tag;
	u64			ttbr;
	u64			tcr;
	u64			mair;
};

static inline struct smmu3_domain *to_smmu3_domain(struct iommu_domain *dom)
{
	return container_of(dom, struct smmu3_domain, pgd.domain);
}

/* arm-smmu-v3-cmdq.c: queues and commands */
struct smmu3_cmd smmu3_cmd_prefetch_cfg(u32 sid);
struct smmu3_cmd smmu3_cmd_cfgi_ste(u32 sid);
struct smmu3_cmd smmu3_cmd_cfgi_all(void);
struct smmu3_cmd smmu3_cmd_cfgi_cd(u32 sid, u32 ssid);
struct smmu3_cmd smmu3_cmd_cfgi_cd_all(u32 sid);
struct smmu3_cmd smmu3_cmd_tlbi_nh_asid(u16 asid);
struct smmu3_cmd smmu3_cmd_tlbi_nh_va(u16 asid, u64 va, bool leaf);
struct smmu3_cmd smmu3_cmd_tlbi_s12_vmall(u16 vmid);
struct smmu3_cmd smmu3_cmd_tlbi_s2_ipa(u16 vmid, u64 ipa, bool leaf);
struct smmu3_cmd smmu3_cmd_tlbi_nsnh_all(void);
struct smmu3_cmd smmu3_cmd_tlbi_el2_all(void);
struct smmu3_cmd smmu3_cmd_sync(dma_addr_t msi_addr, u32 msi_data);
void smmu3_cmd_set_range(struct smmu3_cmd *cmd, unsigned int tg_lg2,
			 unsigned int ttl, unsigned int num, unsigned int scale);

int smmu3_queue_alloc(struct smmu3_device *smmu, struct smmu3_queue *q,
		      u32 log2_size, u32 entry_qwords, u32 base_reg,
		      u32 prod_reg, u32 cons_reg, u64 rwa);
int smmu3_cmdq_init(struct smmu3_device *smmu);
int smmu3_submit(struct smmu3_device *smmu, const struct smmu3_cmd *cmds,
		 unsigned int n, bool sync);
int smmu3_batch_add(struct smmu3_device *smmu, struct smmu3_batch *batch,
		    struct smmu3_cmd cmd);
int smmu3_batch_submit(struct smmu3_device *smmu, struct smmu3_batch *batch);
void smmu3_cmdq_skip_error(struct smmu3_device *smmu);

/* arm-smmu-v3-tables.c: tables and their entries */

/**
 * struct smmu3_entry_kind - what the ordered writer needs to know about an
 *	entry type
 * @name: "STE" or "CD", for messages
 * @valid: the V bit, in word 0
 * @used: fills @used with the bits of @entry the SMMU reads, given the
 *	configuration @entry selects
 */
struct smmu3_entry_kind {
	const char *name;
	u64 valid;
	void (*used)(const u64 *entry, u64 *used);
};

extern const struct smmu3_entry_kind smmu3_ste_kind;
extern const struct smmu3_entry_kind smmu3_cd_kind;

/* Both STEs and CDs are eight 64-bit words. */
#define SMMU3_ENTRY_QWORDS		8
static_assert(STE_QWORDS == SMMU3_ENTRY_QWORDS);
static_assert(CD_QWORDS == SMMU3_ENTRY_QWORDS);

/**
 * struct smmu3_step - one step of an entry update
 * @qword: index of the word to store, or SMMU3_STEP_SYNC_ONLY
 * @sync: after the store, make the SMMU drop cached copies of the entry
 *	and wait until it has
 * @val: the value to store
 */
struct smmu3_step {
	u8	qword;
	bool	sync;
	u64	val;
};

#define SMMU3_STEP_SYNC_ONLY		0xff
/* Worst case: break, rewrite every word, make: 1 + 7 + 1 stores. */
#define SMMU3_MAX_STEPS			(2 * SMMU3_ENTRY_QWORDS + 2)

unsigned int smmu3_plan_update(const struct smmu3_entry_kind *kind,
			       const u64 *cur, const u64 *target,
			       struct smmu3_step *steps);

void smmu3_make_abort_ste(u64 *ste);
void smmu3_make_bypass_ste(u64 *ste);
void smmu3_make_s1_ste(u64 *ste, const struct smmu3_device *smmu,
		       const struct smmu3_cdtab *cdtab);
void smmu3_make_s2_ste(u64 *ste, const struct smmu3_device *smmu,
		       const struct smmu3_domain *dom);
void smmu3_make_s1_cd(u64 *cd, const struct smmu3_device *smmu,
		      const struct smmu3_domain *dom);
u64 smmu3_make_l1std(dma_addr_t leaf, unsigned int split);
u64 smmu3_make_l1cd(dma_addr_t leaf);
void smmu3_cdtab_layout(struct smmu3_cdtab *cdtab, unsigned int ssid_bits,
			bool two_level);

int smmu3_strtab_init(struct smmu3_device *smmu);
int smmu3_strtab_prepare_sid(struct smmu3_device *smmu, u32 sid);
int smmu3_write_ste(struct smmu3_device *smmu, u32 sid, const u64 *target);
int smmu3_cdtab_alloc(struct smmu3_master *master, unsigned int ssid_bits);
void smmu3_cdtab_free(struct smmu3_master *master);
int smmu3_write_cd(struct smmu3_master *master, u32 ssid, const u64 *target);

/* arm-smmu-v3-domain.c: domains and invalidation */
extern struct iommu_domain smmu3_identity_domain;
extern struct iommu_domain smmu3_blocked_domain;
extern const struct iommu_domain_ops smmu3_paging_ops;
int smmu3_domain_inv_all(struct smmu3_domain *dom);
enum smmu3_stage smmu3_pick_stage(struct smmu3_device *smmu);
struct iommu_domain *smmu3_domain_alloc_paging(struct device *dev);
#if IS_ENABLED(CONFIG_KUNIT)
int smmu3_domain_init(struct smmu3_domain *dom, struct smmu3_device *smmu,
		      enum smmu3_stage stage);
void smmu3_domain_destroy(struct smmu3_domain *dom);
#endif
unsigned int smmu3_range_cmds(unsigned long size, unsigned int tg_lg2,
			      unsigned int *scales, unsigned int *nums,
			      unsigned int max);

/* arm-smmu-v3-pasid.c: PASIDs */
unsigned int smmu3_cdtab_max_bits(const struct smmu3_device *smmu);
unsigned int smmu3_cdtab_bits_for(const struct smmu3_device *smmu,
				  u32 max_pasids);
int smmu3_set_dev_pasid(struct iommu_domain *domain, struct device *dev,
			ioasid_t pasid, struct iommu_domain *old);
void smmu3_remove_dev_pasid(struct device *dev, ioasid_t pasid,
			    struct iommu_domain *domain);
#if IS_ENABLED(CONFIG_KUNIT)
int smmu3_master_set_pasid(struct smmu3_master *master,
			   struct smmu3_domain *dom, ioasid_t pasid);
int smmu3_master_clear_pasid(struct smmu3_master *master,
			     struct smmu3_domain *dom, ioasid_t pasid);
#endif

/* arm-smmu-v3-events.c: interrupts and faults */
int smmu3_setup_irqs(struct smmu3_device *smmu);
const char *smmu3_event_name(u8 id);

#endif /* _ARM_SMMU_V3_H */

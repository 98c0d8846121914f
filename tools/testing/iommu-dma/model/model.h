/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A skeleton for register-level IOMMU models on the host: the pieces that
 * do not depend on which IOMMU is modelled.  The SMMUv2 model (smmu2.c)
 * is the first user; OMAP and IPMMU models are meant to take the same
 * pieces and supply only their own register table and decoding.
 *
 * File map:
 *   types and field helpers     u8..u64, MDL_BIT, MDL_MASK, mdl_get/mdl_put
 *   event log                   struct mdl_log, mdl_log_add(), mdl_log_count()
 *   simulated memory            struct mdl_mem: sparse 4 KiB pages, byte and
 *                               64-bit little-endian access, snapshots
 *   register file               struct mdl_reg, struct mdl_regfile: decode an
 *                               MMIO offset to (register, instance), check
 *                               the access, store values, call the model
 *   TLB                         struct mdl_tlb: cached walks that only an
 *                               explicit mdl_tlb_inval() removes
 *   interrupt line              struct mdl_irq: level and rising edges
 *
 * Vocabulary: "pa" is an address in the simulated memory; an "instance"
 * is one copy of a register that repeats (SMR3 is instance 3 of SMR); a
 * "model error" is something a driver did that the modelled hardware
 * would not accept (write to a read-only register, read of a write-only
 * one, an access of the wrong size); it is logged, never fatal.
 *
 * This is not an emulator of any product: it models what an architecture
 * specification says, so that a driver can be run against a second
 * opinion on the host.
 */
#ifndef IOMMU_DMA_MODEL_H
#define IOMMU_DMA_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A harness that runs kernel code against a model compiles everything,
 * the model included, with the kernel's u8..u64 (MDL_KERNEL_TYPES), so
 * that both sides agree on them.
 */
#ifdef MDL_KERNEL_TYPES
#include <linux/types.h>
#else
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

#define MDL_BIT(n)		((u64)1 << (n))
/* bits h..l set, h >= l, both in 0..63 */
#define MDL_MASK(h, l)		((~0ULL >> (63 - (h))) & (~0ULL << (l)))

/* the value of the field @mask in @reg, shifted down */
static inline u64 mdl_get(u64 reg, u64 mask)
{
	return (reg & mask) >> __builtin_ctzll(mask);
}

/* @val placed in the field @mask (bits outside the field dropped) */
static inline u64 mdl_put(u64 mask, u64 val)
{
	return (val << __builtin_ctzll(mask)) & mask;
}

/* ---- event log ---------------------------------------------------- */

enum mdl_ev {
	MDL_EV_ACCESS,		/* bad register access (model error) */
	MDL_EV_CONFIG,		/* configuration the model cannot honour */
	MDL_EV_FAULT,		/* a fault was recorded in the registers */
	MDL_EV_IRQ,		/* an interrupt line rose */
	MDL_EV_TLBI,		/* a TLB invalidation ran */
	MDL_EV_SYNC,		/* a sync was started or polled */
	MDL_EV_NR,
};

#define MDL_LOG_LEN	64	/* the last events kept; counts are kept for all */

struct mdl_event {
	enum mdl_ev kind;
	u64 addr;		/* register offset or faulting address */
	u64 info;		/* kind specific: fault code, count removed... */
	char what[96];
};

struct mdl_log {
	struct mdl_event ev[MDL_LOG_LEN];
	u64 total;
	u64 count[MDL_EV_NR];
	bool echo;		/* also print each event to stderr */
};

/*
 * printf-style checking as the kernel spells it; the attribute's name is
 * a macro of its own only so that checkpatch reads this line as the
 * definition it is.
 */
#ifndef __printf
#define MDL_ATTR_FORMAT		format
#define __printf(a, b)	__attribute__((MDL_ATTR_FORMAT(printf, a, b)))
#endif

__printf(5, 6) void mdl_log_add(struct mdl_log *log, enum mdl_ev kind,
				u64 addr, u64 info, const char *fmt, ...);
u64 mdl_log_count(const struct mdl_log *log, enum mdl_ev kind);
const struct mdl_event *mdl_log_last(const struct mdl_log *log,
				     enum mdl_ev kind);
void mdl_log_clear(struct mdl_log *log);

/* ---- simulated memory --------------------------------------------- */

#define MDL_PAGE_SHIFT	12
#define MDL_PAGE_SIZE	((u64)1 << MDL_PAGE_SHIFT)

struct mdl_page;

/*
 * Memory of 2^pa_bits bytes that reads as zero until written.  Accesses
 * at or above the limit are refused (false) and logged as MDL_EV_CONFIG:
 * the model's caller decides what the bus does with them.
 */
#define MDL_MEM_WINDOWS	2

/* host memory standing for [pa, pa + len) of the simulated memory */
struct mdl_mem_window {
	u64 pa;
	u64 len;
	u8 *host;
};

struct mdl_mem {
	u64 limit;
	struct mdl_mem_window win[MDL_MEM_WINDOWS];
	unsigned int nwin;
	struct mdl_page **slot;	/* hash of pages by frame number */
	unsigned int nslot;
	u64 npages;
	u64 bytes_written;
	struct mdl_log *log;
};

int mdl_mem_init(struct mdl_mem *mem, unsigned int pa_bits,
		 struct mdl_log *log);
void mdl_mem_free(struct mdl_mem *mem);
/*
 * Let host memory at @host stand for [@pa, @pa + @len), page aligned:
 * accesses there read and write it directly, so that a driver under test
 * that writes its tables with CPU stores (an io-pgtable) is seen by the
 * walk.  -1 when the range is misaligned, beyond the limit, overlaps a
 * window or no window is left.
 */
int mdl_mem_attach(struct mdl_mem *mem, u64 pa, void *host, u64 len);
bool mdl_mem_read(struct mdl_mem *mem, u64 pa, void *buf, size_t len);
bool mdl_mem_write(struct mdl_mem *mem, u64 pa, const void *buf, size_t len);
u8 mdl_mem_rd8(struct mdl_mem *mem, u64 pa);
void mdl_mem_wr8(struct mdl_mem *mem, u64 pa, u8 val);
u64 mdl_mem_rd64(struct mdl_mem *mem, u64 pa);
void mdl_mem_wr64(struct mdl_mem *mem, u64 pa, u64 val);

/* a copy of [pa, pa + len) to compare the memory against later */
struct mdl_snap {
	u64 pa;
	size_t len;
	u8 *bytes;
};

struct mdl_snap *mdl_snap_take(struct mdl_mem *mem, u64 pa, size_t len);
/* offset of the first byte that changed since @snap, or -1 if none did */
long mdl_snap_diff(struct mdl_mem *mem, const struct mdl_snap *snap);
void mdl_snap_free(struct mdl_snap *snap);

/* ---- register file ------------------------------------------------ */

enum mdl_access { MDL_RW, MDL_RO, MDL_WO };

/*
 * One register, or an array of them: instance i sits at base + i * stride.
 * The model lists its registers in an array indexed by its own register
 * numbers, so mdl_rf_val(rf, NUMBER, i) names a stored value.
 */
struct mdl_reg {
	const char *name;
	u32 base;
	u32 stride;		/* 0 when count is 1 */
	u32 count;		/* 0: not present in this configuration */
	u8 width;		/* 4 or 8 bytes */
	u8 access;		/* enum mdl_access */
	u64 reset;
};

struct mdl_regfile;

/*
 * Hooks of the model.  read: return what a read of the register gives
 * (@stored is the stored value).  write: called after a write (the
 * stored value already merged, halves included); it may rewrite *@val
 * (write-one-to-clear, read-only bits) and trigger side effects.
 */
struct mdl_rf_ops {
	u64 (*read)(void *ctx, unsigned int reg, unsigned int inst, u64 stored);
	void (*write)(void *ctx, unsigned int reg, unsigned int inst, u64 old,
		      u64 *val);
};

struct mdl_regfile {
	const struct mdl_reg *regs;
	unsigned int nregs;
	u64 **val;		/* val[reg][inst] */
	u32 size;		/* bytes of MMIO space */
	const struct mdl_rf_ops *ops;
	void *ctx;
	struct mdl_log *log;
};

int mdl_rf_init(struct mdl_regfile *rf, const struct mdl_reg *regs,
		unsigned int nregs, u32 size, const struct mdl_rf_ops *ops,
		void *ctx, struct mdl_log *log);
void mdl_rf_free(struct mdl_regfile *rf);
u64 mdl_rf_read(struct mdl_regfile *rf, u32 off, unsigned int size);
void mdl_rf_write(struct mdl_regfile *rf, u32 off, unsigned int size, u64 val);
/* the stored value of instance @inst of register @reg, for the model */
u64 *mdl_rf_val(struct mdl_regfile *rf, unsigned int reg, unsigned int inst);
/* every register back to its reset value (power lost), no hooks called */
void mdl_rf_reset(struct mdl_regfile *rf);

/* ---- TLB ---------------------------------------------------------- */

/* one cached translation of a naturally aligned block of input space */
struct mdl_tlb_ent {
	bool valid;
	bool global;		/* matches any ASID of its VMID */
	u16 ctx;		/* which context (bank) filled it */
	u32 vmid;
	u32 asid;
	u64 in;			/* input address of the block */
	u64 ipa;		/* the IPA the entry maps through (stage 2) */
	u8 size_lg2;		/* block size */
	u64 out;		/* output address of the block */
	u32 perm;		/* model defined permission bits */
	u8 level;		/* level of the leaf */
};

/* which entries an invalidation removes: every set field must match */
#define MDL_TLBI_CTX	MDL_BIT(0)
#define MDL_TLBI_VMID	MDL_BIT(1)
#define MDL_TLBI_ASID	MDL_BIT(2)	/* that ASID's and global entries */
#define MDL_TLBI_VA	MDL_BIT(3)	/* entries covering addr */
#define MDL_TLBI_IPA	MDL_BIT(4)	/* entries made through ipa addr */
#define MDL_TLBI_NONGLOBAL MDL_BIT(5)	/* spare global entries */

struct mdl_tlb_match {
	u32 flags;
	u16 ctx;
	u32 vmid;
	u32 asid;
	u64 addr;
};

struct mdl_tlb {
	struct mdl_tlb_ent *ent;
	unsigned int n;
	unsigned int next;	/* round-robin victim */
	u64 hits, misses, fills, evictions, removed;
};

int mdl_tlb_init(struct mdl_tlb *tlb, unsigned int entries);
void mdl_tlb_free(struct mdl_tlb *tlb);
const struct mdl_tlb_ent *mdl_tlb_lookup(struct mdl_tlb *tlb, u16 ctx,
					 u32 vmid, u32 asid, u64 in);
void mdl_tlb_fill(struct mdl_tlb *tlb, const struct mdl_tlb_ent *ent);
unsigned int mdl_tlb_inval(struct mdl_tlb *tlb, const struct mdl_tlb_match *m);
unsigned int mdl_tlb_live(const struct mdl_tlb *tlb);

/* ---- interrupt line ----------------------------------------------- */

struct mdl_irq {
	char name[24];
	bool level;
	u64 edges;		/* rising edges since creation */
	struct mdl_log *log;
};

void mdl_irq_init(struct mdl_irq *irq, const char *name, struct mdl_log *log);
void mdl_irq_set(struct mdl_irq *irq, bool level);

#endif /* IOMMU_DMA_MODEL_H */

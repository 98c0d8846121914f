// SPDX-License-Identifier: GPL-2.0-only
/*
 * OMAP IOMMU: the MMU's registers (TI OMAP4/5 and DRA7 TRM, MMU chapter).
 *
 * File map:
 *   reset               omap_mmu_wait_reset(): SYSSTATUS.RESETDONE
 *   programming         omap_mmu_hw_program(), omap_mmu_hw_disable():
 *                       TTB, CNTL (MMU_EN, TWL_EN), IRQENABLE, GP_REG
 *   TLB flush           omap_mmu_tlb_flush_all() (GFLUSH),
 *                       omap_mmu_tlb_flush_range() (CAM + FLUSH_ENTRY)
 *   TLB entries         omap_mmu_tlb_read(), omap_mmu_tlb_load() through
 *                       LOCK.VICTIM, READ_CAM/READ_RAM, CAM/RAM, LD_TLB
 *   lock-down           omap_mmu_tlb_locked(), omap_mmu_save_locked(),
 *                       omap_mmu_restore_locked(): entries below
 *                       LOCK.BASE kept over a power-off
 *   faults              omap_mmu_fault_read(), omap_mmu_fault_ack(),
 *                       omap_mmu_fault_kind()
 *
 * Context: every function here touches live registers: the caller holds
 * mmu->lock with mmu->hw_on set, or owns the MMU in a PM callback.
 */
#include "omap-iommu.h"

static_assert(OMAP_MMU_TLB_MAX == (MMU_LOCK_BASE >> 10) + 1);

/* RESETDONE follows the reset line within a few interface clocks */
#define OMAP_MMU_RESET_TIMEOUT_US	2000

/**
 * omap_mmu_wait_reset() - wait for the MMU to leave reset
 * @mmu: the MMU, its clocks and power on
 *
 * Return: 0, or -ETIMEDOUT when SYSSTATUS never shows RESETDONE.
 */
int omap_mmu_wait_reset(struct omap_iommu *mmu)
{
	u32 val;

	return readl_poll_timeout_atomic(mmu->base + MMU_SYSSTATUS, val,
					 val & MMU_SYSSTATUS_RESETDONE, 1,
					 OMAP_MMU_RESET_TIMEOUT_US);
}

/**
 * omap_mmu_hw_program() - make the MMU translate as mmu->mode says
 * @mmu: the MMU
 *
 * Turns translation off, drops stale fault status, points TTB at the
 * table (the domain's, or the all-fault one when blocked), flushes the
 * TLB (locked entries stay), unmasks the fault interrupts and turns the
 * walker on; for an identity domain the MMU stays off, which passes
 * addresses through.
 */
void omap_mmu_hw_program(struct omap_iommu *mmu)
{
	u32 ttb;

	omap_mmu_write(mmu, MMU_CNTL, 0);
	omap_mmu_write(mmu, MMU_IRQENABLE, 0);
	omap_mmu_write(mmu, MMU_IRQSTATUS, MMU_IRQ_FAULTS | MMU_IRQ_TLBMISS);
	omap_mmu_tlb_flush_all(mmu);
	mmu->irq_masked = false;
	if (mmu->mode == OMAP_MMU_IDENTITY)
		return;

	if (mmu->mode == OMAP_MMU_PAGING)
		ttb = mmu->domain->pt.l1_pa;
	else
		ttb = mmu->blocked.l1_pa;
	omap_mmu_write(mmu, MMU_TTB, ttb & MMU_TTB_ADDR);
	omap_mmu_write(mmu, MMU_GP_REG,
		       mmu->bus_err_back ? MMU_GP_REG_BUS_ERR_BACK_EN : 0);
	omap_mmu_write(mmu, MMU_IRQENABLE, MMU_IRQ_FAULTS);
	omap_mmu_write(mmu, MMU_CNTL, MMU_CNTL_MMU_EN | MMU_CNTL_TWL_EN);
}

/**
 * omap_mmu_hw_disable() - stop translating and interrupting
 * @mmu: the MMU, about to lose power
 */
void omap_mmu_hw_disable(struct omap_iommu *mmu)
{
	omap_mmu_write(mmu, MMU_CNTL, 0);
	omap_mmu_write(mmu, MMU_IRQENABLE, 0);
}

/**
 * omap_mmu_tlb_flush_all() - drop every TLB entry that is not locked
 * @mmu: the MMU
 */
void omap_mmu_tlb_flush_all(struct omap_iommu *mmu)
{
	omap_mmu_write(mmu, MMU_GFLUSH, MMU_GFLUSH_GO);
}

static u32 omap_mmu_cam_pgsz(size_t size)
{
	switch (size) {
	case SZ_16M:
		return MMU_CAM_PGSZ_16M;
	case SZ_1M:
		return MMU_CAM_PGSZ_1M;
	case SZ_64K:
		return MMU_CAM_PGSZ_64K;
	default:
		return MMU_CAM_PGSZ_4K;
	}
}

/* beyond this many entries one GFLUSH costs less than entry flushes */
#define OMAP_MMU_FLUSH_ENTRIES_MAX	8

/**
 * omap_mmu_tlb_flush_range() - drop the TLB entries of unmapped leaves
 * @mmu: the MMU
 * @da: first device address unmapped, aligned to @pgsize
 * @size: bytes unmapped
 * @pgsize: size of the leaves that mapped them
 */
void omap_mmu_tlb_flush_range(struct omap_iommu *mmu, u32 da, size_t size,
			      size_t pgsize)
{
	u32 pgsz = FIELD_PREP(MMU_CAM_PGSZ, omap_mmu_cam_pgsz(pgsize));
	size_t off;

	if (!pgsize || size / pgsize > OMAP_MMU_FLUSH_ENTRIES_MAX) {
		omap_mmu_tlb_flush_all(mmu);
		return;
	}
	for (off = 0; off < size; off += pgsize) {
		omap_mmu_write(mmu, MMU_CAM, ((da + off) & MMU_CAM_VATAG) |
			       pgsz | MMU_CAM_V);
		omap_mmu_write(mmu, MMU_FLUSH_ENTRY, MMU_FLUSH_ENTRY_GO);
	}
}

/* point LOCK.VICTIM at @idx, keeping BASE; the old LOCK value */
static u32 omap_mmu_victim(struct omap_iommu *mmu, unsigned int idx)
{
	u32 lock = omap_mmu_read(mmu, MMU_LOCK);

	omap_mmu_write(mmu, MMU_LOCK, (lock & ~MMU_LOCK_VICTIM) |
		       FIELD_PREP(MMU_LOCK_VICTIM, idx));
	return lock;
}

/**
 * omap_mmu_tlb_read() - read TLB entry @idx
 * @mmu: the MMU
 * @idx: entry, below mmu->nr_tlb
 * @e: filled with its CAM and RAM words
 */
void omap_mmu_tlb_read(struct omap_iommu *mmu, unsigned int idx,
		       struct omap_tlb_entry *e)
{
	u32 lock = omap_mmu_victim(mmu, idx);

	e->cam = omap_mmu_read(mmu, MMU_READ_CAM);
	e->ram = omap_mmu_read(mmu, MMU_READ_RAM);
	omap_mmu_write(mmu, MMU_LOCK, lock);
}

/**
 * omap_mmu_tlb_load() - write TLB entry @idx
 * @mmu: the MMU
 * @idx: entry, below mmu->nr_tlb
 * @e: its CAM and RAM words
 */
void omap_mmu_tlb_load(struct omap_iommu *mmu, unsigned int idx,
		       const struct omap_tlb_entry *e)
{
	u32 lock = omap_mmu_victim(mmu, idx);

	omap_mmu_write(mmu, MMU_CAM, e->cam);
	omap_mmu_write(mmu, MMU_RAM, e->ram);
	omap_mmu_write(mmu, MMU_LD_TLB, MMU_LD_TLB_ITEM);
	omap_mmu_write(mmu, MMU_LOCK, lock);
}

/**
 * omap_mmu_tlb_locked() - how many TLB entries are locked down
 * @mmu: the MMU
 *
 * Entries below LOCK.BASE are never chosen as victims by the walker; a
 * boot loader or firmware that started the remote processor may have
 * left translations there.
 *
 * Return: LOCK.BASE, at most mmu->nr_tlb.
 */
unsigned int omap_mmu_tlb_locked(struct omap_iommu *mmu)
{
	u32 base = FIELD_GET(MMU_LOCK_BASE, omap_mmu_read(mmu, MMU_LOCK));

	return min(base, mmu->nr_tlb);
}

/**
 * omap_mmu_save_locked() - keep the locked TLB entries before power-off
 * @mmu: the MMU
 */
void omap_mmu_save_locked(struct omap_iommu *mmu)
{
	unsigned int i, n = omap_mmu_tlb_locked(mmu);

	for (i = 0; i < n; i++)
		omap_mmu_tlb_read(mmu, i, &mmu->saved[i]);
	mmu->nr_saved = n;
}

/**
 * omap_mmu_restore_locked() - reload what omap_mmu_save_locked() kept
 * @mmu: the MMU, just out of reset
 */
void omap_mmu_restore_locked(struct omap_iommu *mmu)
{
	unsigned int i;

	for (i = 0; i < mmu->nr_saved; i++)
		omap_mmu_tlb_load(mmu, i, &mmu->saved[i]);
	omap_mmu_write(mmu, MMU_LOCK,
		       FIELD_PREP(MMU_LOCK_BASE, mmu->nr_saved) |
		       FIELD_PREP(MMU_LOCK_VICTIM, mmu->nr_saved));
}

/**
 * omap_tlb_entry_size() - bytes a TLB entry translates
 * @e: the entry
 *
 * Return: its page size, 0 when the entry is not valid.
 */
size_t omap_tlb_entry_size(const struct omap_tlb_entry *e)
{
	static const u32 sizes[] = {
		[MMU_CAM_PGSZ_1M] = SZ_1M, [MMU_CAM_PGSZ_64K] = SZ_64K,
		[MMU_CAM_PGSZ_4K] = SZ_4K, [MMU_CAM_PGSZ_16M] = SZ_16M,
	};

	if (!(e->cam & MMU_CAM_V))
		return 0;
	return sizes[FIELD_GET(MMU_CAM_PGSZ, e->cam)];
}

/**
 * omap_mmu_fault_read() - what the last fault left in the registers
 * @mmu: the MMU
 * @f: filled in
 *
 * Return: whether a fault is pending.
 */
bool omap_mmu_fault_read(struct omap_iommu *mmu, struct omap_mmu_fault *f)
{
	f->status = omap_mmu_read(mmu, MMU_IRQSTATUS) & MMU_IRQ_FAULTS;
	if (!f->status)
		return false;
	f->da = omap_mmu_read(mmu, MMU_FAULT_AD);
	f->pc = 0;
	f->fault_status = 0;
	if (mmu->has_fault_pc) {
		f->pc = omap_mmu_read(mmu, MMU_FAULT_PC);
		f->fault_status = omap_mmu_read(mmu, MMU_FAULT_STATUS);
	}
	return true;
}

/**
 * omap_mmu_fault_ack() - clear the fault bits @status
 * @mmu: the MMU
 * @status: bits of IRQSTATUS as omap_mmu_fault_read() gave them
 */
void omap_mmu_fault_ack(struct omap_iommu *mmu, u32 status)
{
	omap_mmu_write(mmu, MMU_IRQSTATUS, status);
}

/**
 * omap_mmu_fault_kind() - name the fault in IRQSTATUS bits
 * @status: fault bits, at least one set
 *
 * Return: a short name of the most telling bit.
 */
const char *omap_mmu_fault_kind(u32 status)
{
	if (status & MMU_IRQ_MULTIHIT)
		return "multiple TLB hits";
	if (status & MMU_IRQ_TABLEWALK)
		return "table walk fault";
	if (status & MMU_IRQ_TRANSLATION)
		return "translation fault";
	if (status & MMU_IRQ_EMUMISS)
		return "emulator TLB miss";
	return "unknown fault";
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A register-level model of the OMAP MMU (the IOMMU in front of the OMAP3
 * ISP and the OMAP4/5 and DRA7 IPU and DSP), written from TI's documented
 * register layout (OMAP4/5 and DRA7 TRM, MMU chapter) on the shared model
 * skeleton (model.h).  It names and decodes everything itself and never
 * includes the driver's headers: a second opinion.
 *
 * File map:
 *   registers          OM_R_* offsets and OM_* fields, the model's own
 *   struct om_config   what the modelled instance has
 *   life               om_create(), om_destroy(), om_power_off(),
 *                      om_power_on()
 *   MMIO               om_read32(), om_write32()
 *   transactions       om_dma(): a master's read or write by device
 *                      address, bytes moved in the model's memory
 *   inspection         memory, log, irq line, TLB entries
 *
 * What is modelled: the register file; a TLB of up to 32 entries filled
 * by the table walker at the victim pointer, with entries below
 * LOCK.BASE never replaced and entries with the P bit spared by GFLUSH;
 * LD_TLB, READ_CAM/READ_RAM through LOCK.VICTIM; GFLUSH and FLUSH_ENTRY;
 * the two-level walk (fault, table, section, supersection; fault, large
 * and small page); faults into IRQSTATUS, FAULT_AD and (OMAP4+)
 * FAULT_PC/FAULT_STATUS and the interrupt line; MMU_EN off passes
 * addresses through; power-off loses every register and TLB entry, and
 * SYSSTATUS.RESETDONE is set again on power-on unless the instance is
 * configured to stay in reset.  Not modelled: endianness conversion
 * (a descriptor asking for it is logged as MDL_EV_CONFIG), timing,
 * SYSCONFIG's idle modes, the emulator TLB.
 */
#ifndef IOMMU_DMA_OMAP_MMU_H
#define IOMMU_DMA_OMAP_MMU_H

#include "model.h"

/* ---- registers (byte offsets) --------------------------------------- */

#define OM_R_REVISION		0x00
#define OM_R_SYSCONFIG		0x10
#define OM_R_SYSSTATUS		0x14
#define   OM_SYSSTATUS_RESETDONE	MDL_BIT(0)
#define OM_R_IRQSTATUS		0x18
#define OM_R_IRQENABLE		0x1c
#define   OM_IRQ_TLBMISS	MDL_BIT(0)
#define   OM_IRQ_TRANSLATION	MDL_BIT(1)
#define   OM_IRQ_EMUMISS	MDL_BIT(2)
#define   OM_IRQ_TABLEWALK	MDL_BIT(3)
#define   OM_IRQ_MULTIHIT	MDL_BIT(4)
#define   OM_IRQ_ALL		MDL_MASK(4, 0)
#define OM_R_WALKING_ST		0x40
#define OM_R_CNTL		0x44
#define   OM_CNTL_MMU_EN	MDL_BIT(1)
#define   OM_CNTL_TWL_EN	MDL_BIT(2)
#define   OM_CNTL_EMUTLB_EN	MDL_BIT(3)
#define OM_R_FAULT_AD		0x48
#define OM_R_TTB		0x4c
#define   OM_TTB_BASE		MDL_MASK(31, 14)
#define OM_R_LOCK		0x50
#define   OM_LOCK_VICTIM	MDL_MASK(8, 4)
#define   OM_LOCK_BASE		MDL_MASK(14, 10)
#define OM_R_LD_TLB		0x54
#define   OM_LD_TLB_GO		MDL_BIT(0)
#define OM_R_CAM		0x58
#define   OM_CAM_SIZE		MDL_MASK(1, 0)	/* 0 1M, 1 64K, 2 4K, 3 16M */
#define   OM_CAM_VALID		MDL_BIT(2)
#define   OM_CAM_PRESERVED	MDL_BIT(3)
#define   OM_CAM_TAG		MDL_MASK(31, 12)
#define OM_R_RAM		0x5c
#define   OM_RAM_MIXED		MDL_BIT(6)
#define   OM_RAM_ELSZ		MDL_MASK(8, 7)
#define   OM_RAM_BIGENDIAN	MDL_BIT(9)
#define   OM_RAM_PHYS		MDL_MASK(31, 12)
#define OM_R_GFLUSH		0x60
#define OM_R_FLUSH_ENTRY	0x64
#define OM_R_READ_CAM		0x68
#define OM_R_READ_RAM		0x6c
#define OM_R_EMU_FAULT_AD	0x70
#define OM_R_FAULT_PC		0x80
#define OM_R_FAULT_STATUS	0x84
#define   OM_FAULT_STATUS_WRITE	MDL_BIT(0)	/* the model's encoding */
#define OM_R_GP_REG		0x88
#define   OM_GP_BUS_ERR_BACK	MDL_BIT(0)
#define OM_MMIO_SIZE		0x100

#define OM_TLB_MAX		32

/* ---- configuration and life ------------------------------------------ */

struct om_config {
	unsigned int tlb_entries;	/* 1..32 */
	bool omap4;			/* FAULT_PC, FAULT_STATUS, GP_REG */
	bool stuck_in_reset;		/* RESETDONE never set after power-on */
	unsigned int mem_bits;		/* simulated memory, 32 */
};

struct om;

void om_default_config(struct om_config *cfg);
struct om *om_create(const struct om_config *cfg, char *err, size_t errlen);
void om_destroy(struct om *m);
/* power lost: every register and TLB entry gone, memory kept */
void om_power_off(struct om *m);
void om_power_on(struct om *m);
bool om_powered(const struct om *m);

/* ---- MMIO ---------------------------------------------------------- */

/* while powered off a read gives 0 and each access is an MDL_EV_ACCESS */
u32 om_read32(struct om *m, u32 off);
void om_write32(struct om *m, u32 off, u32 val);
/* register writes since the last power-on */
u64 om_writes(const struct om *m);

/* ---- transactions ------------------------------------------------------ */

enum om_result {
	OM_OK,		/* translated, data moved */
	OM_BYPASS,	/* MMU off: moved at pa == da */
	OM_FAULT,	/* a fault recorded, nothing moved */
	OM_OFF,		/* the MMU has no power: the bus error a master sees */
};

struct om_xact {
	enum om_result res;
	u32 fault_bits;		/* OM_IRQ_* of a fault */
	u32 fault_da;
	unsigned int tlb_hits, walks;
};

/*
 * @len bytes at device address @da read into or written from @buf, in
 * pieces that do not cross a 4 KiB boundary, each translated on its own;
 * the first fault stops it.  @pc is what FAULT_PC shows for a fault.
 */
enum om_result om_dma(struct om *m, u32 da, void *buf, size_t len,
		      bool write, u32 pc, struct om_xact *x);

/* ---- inspection ------------------------------------------------------ */

struct mdl_mem *om_mem(struct om *m);
struct mdl_log *om_log(struct om *m);
struct mdl_irq *om_irq(struct om *m);
/* valid TLB entries */
unsigned int om_tlb_live(const struct om *m);
/* whether a valid TLB entry covers @da (what a missing flush leaves) */
bool om_tlb_covers(const struct om *m, u32 da);

#endif /* IOMMU_DMA_OMAP_MMU_H */

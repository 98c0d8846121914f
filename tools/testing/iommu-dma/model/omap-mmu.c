// SPDX-License-Identifier: GPL-2.0-only
/*
 * The OMAP MMU model (omap-mmu.h says what is and is not modelled).
 *
 * File map:
 *   state               struct om, its register numbers (enum om_reg)
 *   TLB                 om_tlb_hit(), om_tlb_fill(), the LOCK fields
 *   table walk          om_walk(): level 1 then level 2, from memory
 *   faults              om_fault(): IRQSTATUS, FAULT_AD/PC/STATUS, line
 *   register hooks      om_rf_read(), om_rf_write()
 *   life and MMIO       om_create() ... om_write32()
 *   transactions        om_translate(), om_dma()
 *
 * Page-table decoding here is the model's own reading of the TRM's
 * "translation tables" section: level 1 descriptor bits [1:0] 00 fault,
 * 01 coarse table (base [31:10]), 10 section ([31:20]) or, with bit 18,
 * supersection ([31:24]), 11 reserved (fault); level 2 bits [1:0] 00
 * fault, 01 large page ([31:16]), 1x small page ([31:12]).  A walk reads
 * only the slot of the address it translates, so a replicated leaf that
 * is not replicated faults.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "omap-mmu.h"

enum om_reg {
	RG_REVISION, RG_SYSCONFIG, RG_SYSSTATUS, RG_IRQSTATUS, RG_IRQENABLE,
	RG_WALKING_ST, RG_CNTL, RG_FAULT_AD, RG_TTB, RG_LOCK, RG_LD_TLB,
	RG_CAM, RG_RAM, RG_GFLUSH, RG_FLUSH_ENTRY, RG_READ_CAM, RG_READ_RAM,
	RG_EMU_FAULT_AD, RG_FAULT_PC, RG_FAULT_STATUS, RG_GP_REG, RG_NR,
};

struct om_tlbe {
	bool valid, preserved;
	u32 tag;		/* first device address it covers */
	u32 size;
	u32 pa;			/* output base */
	u32 cam, ram;		/* as loaded or built, for READ_CAM/RAM */
};

struct om {
	struct om_config cfg;
	struct mdl_reg regs[RG_NR];
	struct mdl_regfile rf;
	struct mdl_mem mem;
	struct mdl_log log;
	struct mdl_irq irq;
	struct om_tlbe tlb[OM_TLB_MAX];
	bool powered;
	u64 writes;
};

static u64 *om_reg(struct om *m, enum om_reg r)
{
	return mdl_rf_val(&m->rf, r, 0);
}

static u32 om_size_of(u32 cam_size)
{
	static const u32 sizes[4] = { 1u << 20, 1u << 16, 1u << 12, 1u << 24 };

	return sizes[cam_size & 3];
}

static u32 om_cam_size_code(u32 size)
{
	return size == 1u << 24 ? 3 : size == 1u << 20 ? 0 :
	       size == 1u << 16 ? 1 : 2;
}

/* ---- TLB ---------------------------------------------------------- */

static bool om_tlbe_covers(const struct om_tlbe *e, u32 da)
{
	return e->valid && (da & ~(e->size - 1)) == e->tag;
}

/* the single entry covering @da; NULL on a miss; *@hits counts them all */
static struct om_tlbe *om_tlb_hit(struct om *m, u32 da, unsigned int *hits)
{
	struct om_tlbe *found = NULL;
	unsigned int i;

	*hits = 0;
	for (i = 0; i < m->cfg.tlb_entries; i++) {
		if (om_tlbe_covers(&m->tlb[i], da)) {
			found = &m->tlb[i];
			(*hits)++;
		}
	}
	return found;
}

static unsigned int om_lock_base(struct om *m)
{
	return mdl_get(*om_reg(m, RG_LOCK), OM_LOCK_BASE);
}

static unsigned int om_lock_victim(struct om *m)
{
	return mdl_get(*om_reg(m, RG_LOCK), OM_LOCK_VICTIM);
}

/*
 * A walk's result goes to the victim entry, never below LOCK.BASE; the
 * victim pointer then moves on, wrapping to BASE.  With every entry
 * locked nothing is cached.
 */
static void om_tlb_fill(struct om *m, u32 da, u32 size, u32 pa)
{
	unsigned int base = om_lock_base(m), v = om_lock_victim(m);
	unsigned int n = m->cfg.tlb_entries;
	struct om_tlbe *e;

	if (base >= n)
		return;
	if (v < base || v >= n)
		v = base;
	e = &m->tlb[v];
	e->valid = true;
	e->preserved = false;
	e->size = size;
	e->tag = da & ~(size - 1);
	e->pa = pa & ~(size - 1);
	e->cam = e->tag | OM_CAM_VALID | om_cam_size_code(size);
	e->ram = e->pa;
	v = v + 1 >= n ? base : v + 1;
	*om_reg(m, RG_LOCK) = (*om_reg(m, RG_LOCK) & ~OM_LOCK_VICTIM) |
			      mdl_put(OM_LOCK_VICTIM, v);
}

/* ---- table walk --------------------------------------------------- */

static bool om_read_desc(struct om *m, u32 pa, u32 *d)
{
	return mdl_mem_read(&m->mem, pa, d, sizeof(*d));
}

/*
 * Walk the tables for @da: 0 with *@pa and *@size, or the OM_IRQ_* bit
 * of the fault (TABLEWALK when a descriptor cannot be read).
 */
static u32 om_walk(struct om *m, u32 da, u32 *pa, u32 *size)
{
	u32 ttb = *om_reg(m, RG_TTB) & OM_TTB_BASE, d1, d2, l2;

	if (!om_read_desc(m, ttb + (da >> 20) * 4, &d1))
		return OM_IRQ_TABLEWALK;
	switch (d1 & 3) {
	case 2:
		if (d1 & (1u << 15))
			mdl_log_add(&m->log, MDL_EV_CONFIG, da, d1,
				    "section asks for big-endian conversion");
		if (d1 & (1u << 18)) {
			*size = 1u << 24;
			*pa = (d1 & 0xff000000u) | (da & 0x00ffffffu);
		} else {
			*size = 1u << 20;
			*pa = (d1 & 0xfff00000u) | (da & 0x000fffffu);
		}
		return 0;
	case 1:
		l2 = d1 & 0xfffffc00u;
		break;
	default:
		return OM_IRQ_TRANSLATION;
	}
	if (!om_read_desc(m, l2 + ((da >> 12) & 0xff) * 4, &d2))
		return OM_IRQ_TABLEWALK;
	if (d2 & (1u << 9))
		mdl_log_add(&m->log, MDL_EV_CONFIG, da, d2,
			    "page asks for big-endian conversion");
	if (d2 & 2) {
		*size = 1u << 12;
		*pa = (d2 & 0xfffff000u) | (da & 0xfffu);
		return 0;
	}
	if ((d2 & 3) == 1) {
		*size = 1u << 16;
		*pa = (d2 & 0xffff0000u) | (da & 0xffffu);
		return 0;
	}
	return OM_IRQ_TRANSLATION;
}

/* ---- faults ------------------------------------------------------- */

static void om_irq_update(struct om *m)
{
	mdl_irq_set(&m->irq, (*om_reg(m, RG_IRQSTATUS) &
			      *om_reg(m, RG_IRQENABLE) & OM_IRQ_ALL) != 0);
}

static void om_fault(struct om *m, u32 bits, u32 da, bool write, u32 pc)
{
	*om_reg(m, RG_IRQSTATUS) |= bits;
	*om_reg(m, RG_FAULT_AD) = da;
	if (m->cfg.omap4) {
		*om_reg(m, RG_FAULT_PC) = pc;
		*om_reg(m, RG_FAULT_STATUS) = write ? OM_FAULT_STATUS_WRITE : 0;
	}
	mdl_log_add(&m->log, MDL_EV_FAULT, da, bits, "fault 0x%x at 0x%08x",
		    bits, da);
	om_irq_update(m);
}

/* ---- register hooks ----------------------------------------------- */

static u64 om_rf_read(void *ctx, unsigned int reg, unsigned int inst,
		      u64 stored)
{
	struct om *m = ctx;
	unsigned int v = om_lock_victim(m);

	switch (reg) {
	case RG_SYSSTATUS:
		return m->cfg.stuck_in_reset ? 0 : OM_SYSSTATUS_RESETDONE;
	case RG_READ_CAM:
		return v < m->cfg.tlb_entries && m->tlb[v].valid ?
		       m->tlb[v].cam : 0;
	case RG_READ_RAM:
		return v < m->cfg.tlb_entries && m->tlb[v].valid ?
		       m->tlb[v].ram : 0;
	default:
		return stored;
	}
}

static void om_ld_tlb(struct om *m)
{
	u32 cam = *om_reg(m, RG_CAM), ram = *om_reg(m, RG_RAM);
	unsigned int v = om_lock_victim(m);
	struct om_tlbe *e;

	if (v >= m->cfg.tlb_entries) {
		mdl_log_add(&m->log, MDL_EV_CONFIG, OM_R_LD_TLB, v,
			    "LD_TLB with VICTIM %u past the TLB", v);
		return;
	}
	e = &m->tlb[v];
	e->valid = cam & OM_CAM_VALID;
	e->preserved = cam & OM_CAM_PRESERVED;
	e->size = om_size_of(mdl_get(cam, OM_CAM_SIZE));
	e->tag = cam & OM_CAM_TAG & ~(e->size - 1);
	e->pa = ram & OM_RAM_PHYS & ~(e->size - 1);
	e->cam = cam;
	e->ram = ram;
	if ((cam & OM_CAM_TAG) != e->tag || (ram & OM_RAM_PHYS) != e->pa)
		mdl_log_add(&m->log, MDL_EV_CONFIG, OM_R_LD_TLB, cam,
			    "LD_TLB of a misaligned entry");
}

static void om_flush(struct om *m, bool global)
{
	u32 da = *om_reg(m, RG_CAM) & OM_CAM_TAG;
	unsigned int i, n = 0;

	for (i = 0; i < m->cfg.tlb_entries; i++) {
		struct om_tlbe *e = &m->tlb[i];

		if (!e->valid)
			continue;
		/* GFLUSH spares preserved entries; FLUSH_ENTRY does not */
		if (global ? e->preserved : !om_tlbe_covers(e, da))
			continue;
		e->valid = false;
		n++;
	}
	mdl_log_add(&m->log, MDL_EV_TLBI, global ? OM_R_GFLUSH :
		    OM_R_FLUSH_ENTRY, n, "%s removed %u", global ? "GFLUSH" :
		    "FLUSH_ENTRY", n);
}

static void om_rf_write(void *ctx, unsigned int reg, unsigned int inst,
			u64 old, u64 *val)
{
	struct om *m = ctx;

	switch (reg) {
	case RG_IRQSTATUS:
		*val = old & ~*val;	/* write one to clear */
		om_irq_update(m);
		break;
	case RG_IRQENABLE:
		*val &= OM_IRQ_ALL;
		om_irq_update(m);
		break;
	case RG_LD_TLB:
		if (*val & OM_LD_TLB_GO)
			om_ld_tlb(m);
		*val = 0;
		break;
	case RG_GFLUSH:
	case RG_FLUSH_ENTRY:
		if (*val & 1)
			om_flush(m, reg == RG_GFLUSH);
		*val = 0;
		break;
	case RG_LOCK:
		if (mdl_get(*val, OM_LOCK_BASE) > m->cfg.tlb_entries ||
		    mdl_get(*val, OM_LOCK_VICTIM) >= m->cfg.tlb_entries)
			mdl_log_add(&m->log, MDL_EV_CONFIG, OM_R_LOCK, *val,
				    "LOCK past a %u-entry TLB",
				    m->cfg.tlb_entries);
		*val &= OM_LOCK_BASE | OM_LOCK_VICTIM;
		break;
	case RG_TTB:
		if (*val & ~OM_TTB_BASE)
			mdl_log_add(&m->log, MDL_EV_CONFIG, OM_R_TTB, *val,
				    "TTB not 16 KiB aligned");
		break;
	default:
		break;
	}
}

static const struct mdl_rf_ops om_rf_ops = {
	.read = om_rf_read,
	.write = om_rf_write,
};

/* ---- life and MMIO ------------------------------------------------ */

static void om_def(struct om *m, enum om_reg r, const char *name, u32 off,
		   enum mdl_access acc, u64 reset, bool present)
{
	m->regs[r] = (struct mdl_reg){ .name = name, .base = off,
				       .count = present, .width = 4,
				       .access = acc, .reset = reset };
}

void om_default_config(struct om_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->tlb_entries = 32;
	cfg->omap4 = true;
	cfg->mem_bits = 32;
}

static void om_reset_state(struct om *m)
{
	unsigned int r;

	for (r = 0; r < RG_NR; r++)
		if (m->regs[r].count)
			*om_reg(m, r) = m->regs[r].reset;
	memset(m->tlb, 0, sizeof(m->tlb));
	m->writes = 0;
	mdl_irq_set(&m->irq, false);
}

struct om *om_create(const struct om_config *cfg, char *err, size_t errlen)
{
	bool o4 = cfg->omap4;
	struct om *m;

	if (!cfg->tlb_entries || cfg->tlb_entries > OM_TLB_MAX ||
	    cfg->mem_bits < 24 || cfg->mem_bits > 32) {
		snprintf(err, errlen, "tlb_entries 1..32 and mem_bits 24..32");
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->cfg = *cfg;
	om_def(m, RG_REVISION, "REVISION", OM_R_REVISION, MDL_RO, 0x20, true);
	om_def(m, RG_SYSCONFIG, "SYSCONFIG", OM_R_SYSCONFIG, MDL_RW, 0, true);
	om_def(m, RG_SYSSTATUS, "SYSSTATUS", OM_R_SYSSTATUS, MDL_RO, 0, true);
	om_def(m, RG_IRQSTATUS, "IRQSTATUS", OM_R_IRQSTATUS, MDL_RW, 0, true);
	om_def(m, RG_IRQENABLE, "IRQENABLE", OM_R_IRQENABLE, MDL_RW, 0, true);
	om_def(m, RG_WALKING_ST, "WALKING_ST", OM_R_WALKING_ST, MDL_RO, 0,
	       true);
	om_def(m, RG_CNTL, "CNTL", OM_R_CNTL, MDL_RW, 0, true);
	om_def(m, RG_FAULT_AD, "FAULT_AD", OM_R_FAULT_AD, MDL_RO, 0, true);
	om_def(m, RG_TTB, "TTB", OM_R_TTB, MDL_RW, 0, true);
	om_def(m, RG_LOCK, "LOCK", OM_R_LOCK, MDL_RW, 0, true);
	om_def(m, RG_LD_TLB, "LD_TLB", OM_R_LD_TLB, MDL_RW, 0, true);
	om_def(m, RG_CAM, "CAM", OM_R_CAM, MDL_RW, 0, true);
	om_def(m, RG_RAM, "RAM", OM_R_RAM, MDL_RW, 0, true);
	om_def(m, RG_GFLUSH, "GFLUSH", OM_R_GFLUSH, MDL_RW, 0, true);
	om_def(m, RG_FLUSH_ENTRY, "FLUSH_ENTRY", OM_R_FLUSH_ENTRY, MDL_RW, 0,
	       true);
	om_def(m, RG_READ_CAM, "READ_CAM", OM_R_READ_CAM, MDL_RO, 0, true);
	om_def(m, RG_READ_RAM, "READ_RAM", OM_R_READ_RAM, MDL_RO, 0, true);
	om_def(m, RG_EMU_FAULT_AD, "EMU_FAULT_AD", OM_R_EMU_FAULT_AD, MDL_RO,
	       0, true);
	om_def(m, RG_FAULT_PC, "FAULT_PC", OM_R_FAULT_PC, MDL_RO, 0, o4);
	om_def(m, RG_FAULT_STATUS, "FAULT_STATUS", OM_R_FAULT_STATUS, MDL_RO,
	       0, o4);
	om_def(m, RG_GP_REG, "GP_REG", OM_R_GP_REG, MDL_RW, 0, o4);
	mdl_irq_init(&m->irq, "omap-mmu", &m->log);
	if (mdl_mem_init(&m->mem, cfg->mem_bits, &m->log) ||
	    mdl_rf_init(&m->rf, m->regs, RG_NR, OM_MMIO_SIZE, &om_rf_ops, m,
			&m->log)) {
		snprintf(err, errlen, "out of memory");
		om_destroy(m);
		return NULL;
	}
	om_reset_state(m);
	m->powered = true;
	return m;
}

void om_destroy(struct om *m)
{
	if (!m)
		return;
	mdl_rf_free(&m->rf);
	mdl_mem_free(&m->mem);
	free(m);
}

void om_power_off(struct om *m)
{
	om_reset_state(m);
	m->powered = false;
}

void om_power_on(struct om *m)
{
	om_reset_state(m);
	m->powered = true;
}

bool om_powered(const struct om *m)
{
	return m->powered;
}

u32 om_read32(struct om *m, u32 off)
{
	if (!m->powered) {
		mdl_log_add(&m->log, MDL_EV_ACCESS, off, 4,
			    "read while powered off");
		return 0;
	}
	return (u32)mdl_rf_read(&m->rf, off, 4);
}

void om_write32(struct om *m, u32 off, u32 val)
{
	if (!m->powered) {
		mdl_log_add(&m->log, MDL_EV_ACCESS, off, 4,
			    "write while powered off");
		return;
	}
	m->writes++;
	mdl_rf_write(&m->rf, off, 4, val);
}

u64 om_writes(const struct om *m)
{
	return m->writes;
}

/* ---- transactions ------------------------------------------------- */

static enum om_result om_translate(struct om *m, u32 da, bool write, u32 pc,
				   u32 *pa, struct om_xact *x)
{
	u32 cntl = *om_reg(m, RG_CNTL), size, bits;
	struct om_tlbe *e;
	unsigned int hits;

	if (!(cntl & OM_CNTL_MMU_EN)) {
		*pa = da;
		return OM_BYPASS;
	}
	e = om_tlb_hit(m, da, &hits);
	if (hits > 1) {
		bits = OM_IRQ_MULTIHIT;
		goto fault;
	}
	if (e) {
		x->tlb_hits++;
		*pa = e->pa | (da & (e->size - 1));
		return OM_OK;
	}
	if (!(cntl & OM_CNTL_TWL_EN)) {
		bits = OM_IRQ_TLBMISS;
		goto fault;
	}
	x->walks++;
	bits = om_walk(m, da, pa, &size);
	if (bits)
		goto fault;
	om_tlb_fill(m, da, size, *pa);
	return OM_OK;

fault:
	x->fault_bits = bits;
	x->fault_da = da;
	om_fault(m, bits, da, write, pc);
	return OM_FAULT;
}

enum om_result om_dma(struct om *m, u32 da, void *buf, size_t len,
		      bool write, u32 pc, struct om_xact *x)
{
	enum om_result res = OM_OK;
	u8 *p = buf;
	size_t chunk;
	u32 pa;

	memset(x, 0, sizeof(*x));
	if (!m->powered) {
		x->res = OM_OFF;
		return OM_OFF;
	}
	while (len) {
		chunk = 4096 - (da & 4095);
		if (chunk > len)
			chunk = len;
		res = om_translate(m, da, write, pc, &pa, x);
		if (res == OM_FAULT)
			break;
		if (write)
			mdl_mem_write(&m->mem, pa, p, chunk);
		else
			mdl_mem_read(&m->mem, pa, p, chunk);
		da += chunk;
		p += chunk;
		len -= chunk;
	}
	x->res = res;
	return res;
}

/* ---- inspection --------------------------------------------------- */

struct mdl_mem *om_mem(struct om *m)
{
	return &m->mem;
}

struct mdl_log *om_log(struct om *m)
{
	return &m->log;
}

struct mdl_irq *om_irq(struct om *m)
{
	return &m->irq;
}

unsigned int om_tlb_live(const struct om *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < m->cfg.tlb_entries; i++)
		n += m->tlb[i].valid;
	return n;
}

bool om_tlb_covers(const struct om *m, u32 da)
{
	unsigned int i;

	for (i = 0; i < m->cfg.tlb_entries; i++)
		if (om_tlbe_covers(&m->tlb[i], da))
			return true;
	return false;
}

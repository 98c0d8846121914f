// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-tests of the OMAP MMU model: each case programs the model through
 * MMIO only, writes its tables with the tests' own descriptor builders
 * (below, from the TRM's table layout, not the driver's), moves data
 * with om_dma() and compares bytes in the model's memory.  TAP output,
 * last line "# N passed, N failed".
 *
 * File map:
 *   helpers             ot_new(), table builders ot_l1()/ot_l2(), ot_on()
 *   translation         bypass, each leaf kind, an unreplicated leaf
 *   TLB                 stale until flushed, lock-down, READ_CAM/RAM,
 *                       multiple hits, misses with the walker off
 *   faults              status, address, line, write one to clear, walk
 *                       outside memory
 *   power               everything lost, RESETDONE, stuck in reset
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "omap-mmu.h"

#define OT_MISS(c, ...)	(!(c) && ot_report(__func__, __LINE__, __VA_ARGS__))

#define OT_TTB		0x00100000u	/* level 1 table */
#define OT_L2		0x00200000u	/* level 2 tables, 1 KiB each */
#define OT_DATA		0x40000000u	/* where data lands */

__printf(3, 4) static bool ot_report(const char *fn, int line,
				     const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "# %s:%d: ", fn, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return true;
}

static struct om *ot_new(const struct om_config *cfg)
{
	struct om_config def;
	char err[96];
	struct om *m;

	if (!cfg) {
		om_default_config(&def);
		cfg = &def;
	}
	m = om_create(cfg, err, sizeof(err));
	if (!m)
		fprintf(stderr, "# om_create: %s\n", err);
	return m;
}

static void ot_wr(struct om *m, u32 pa, u32 d)
{
	mdl_mem_write(om_mem(m), pa, &d, sizeof(d));
}

/* level 1 slot of @da: a section, supersection (16 slots) or table */
static void ot_section(struct om *m, u32 da, u32 pa)
{
	ot_wr(m, OT_TTB + (da >> 20) * 4, (pa & 0xfff00000u) | 2);
}

static void ot_super(struct om *m, u32 da, u32 pa, unsigned int copies)
{
	unsigned int i;

	for (i = 0; i < copies; i++)
		ot_wr(m, OT_TTB + ((da >> 20) + i) * 4,
		      (pa & 0xff000000u) | (1u << 18) | 2);
}

static u32 ot_table(struct om *m, u32 da, unsigned int n)
{
	u32 l2 = OT_L2 + n * 1024;

	ot_wr(m, OT_TTB + (da >> 20) * 4, l2 | 1);
	return l2;
}

static void ot_small(struct om *m, u32 l2, u32 da, u32 pa)
{
	ot_wr(m, l2 + ((da >> 12) & 0xff) * 4, (pa & 0xfffff000u) | 2);
}

static void ot_large(struct om *m, u32 l2, u32 da, u32 pa)
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		ot_wr(m, l2 + (((da >> 12) & 0xf0) + i) * 4,
		      (pa & 0xffff0000u) | 1);
}

/* walker on, tables at OT_TTB, every fault interrupt enabled */
static void ot_on(struct om *m)
{
	om_write32(m, OM_R_TTB, OT_TTB);
	om_write32(m, OM_R_IRQENABLE, 0x1e);
	om_write32(m, OM_R_CNTL, OM_CNTL_MMU_EN | OM_CNTL_TWL_EN);
}

/* write a pattern through @da, read it back, check it landed at @pa */
static int ot_rw(struct om *m, u32 da, u32 pa, size_t len, u8 seed)
{
	u8 *w = malloc(len), *r = malloc(len), *direct = malloc(len);
	struct om_xact x;
	int bad = 0;
	size_t i;

	for (i = 0; i < len; i++)
		w[i] = (u8)(seed + i * 7);
	bad |= OT_MISS(om_dma(m, da, w, len, true, 0, &x) != OM_FAULT,
		       "write at 0x%x faulted", da);
	bad |= OT_MISS(om_dma(m, da, r, len, false, 0, &x) != OM_FAULT,
		       "read at 0x%x faulted", da);
	mdl_mem_read(om_mem(m), pa, direct, len);
	bad |= OT_MISS(!memcmp(w, r, len), "read back differs at 0x%x", da);
	bad |= OT_MISS(!memcmp(w, direct, len), "bytes not at pa 0x%x", pa);
	free(w);
	free(r);
	free(direct);
	return bad;
}

static int ot_bypass(void)
{
	struct om *m = ot_new(NULL);
	int bad;

	bad = ot_rw(m, 0x12345678, 0x12345678, 100, 1);
	om_destroy(m);
	return bad;
}

static int ot_each_leaf(void)
{
	struct om *m = ot_new(NULL);
	int bad = 0;
	u32 l2;

	ot_on(m);
	ot_section(m, 0x10000000, OT_DATA);
	ot_super(m, 0x20000000, OT_DATA + 0x1000000, 16);
	l2 = ot_table(m, 0x30000000, 0);
	ot_small(m, l2, 0x30001000, OT_DATA + 0x3000000);
	ot_large(m, l2, 0x30010000, OT_DATA + 0x4000000);

	bad |= ot_rw(m, 0x10000ff0, OT_DATA + 0xff0, 64, 2);
	bad |= ot_rw(m, 0x20f00000, OT_DATA + 0x1f00000, 8192, 3);
	bad |= ot_rw(m, 0x30001800, OT_DATA + 0x3000800, 0x800, 4);
	bad |= ot_rw(m, 0x3001f000, OT_DATA + 0x400f000, 0x1000, 5);
	bad |= OT_MISS(om_tlb_live(m) >= 4, "%u TLB entries", om_tlb_live(m));
	bad |= OT_MISS(mdl_log_count(om_log(m), MDL_EV_FAULT) == 0,
		       "unexpected fault");
	om_destroy(m);
	return bad;
}

static int ot_unreplicated(void)
{
	struct om *m = ot_new(NULL);
	struct om_xact x;
	u8 b = 0;
	int bad = 0;

	ot_on(m);
	ot_super(m, 0x20000000, OT_DATA, 1);
	/* cold TLB: the walk reads the second slot, which is empty */
	bad |= OT_MISS(om_dma(m, 0x20100000, &b, 1, false, 0, &x) == OM_FAULT,
		       "second slot is empty and must fault");
	bad |= OT_MISS(om_dma(m, 0x20000000, &b, 1, false, 0, &x) == OM_OK,
		       "first slot");
	/* now cached as 16 MiB: the TLB, not the table, answers */
	bad |= OT_MISS(om_dma(m, 0x20100000, &b, 1, false, 0, &x) == OM_OK,
		       "the cached supersection covers the second MiB");
	om_destroy(m);
	return bad;
}

static int ot_faults(void)
{
	struct om *m = ot_new(NULL);
	struct om_xact x;
	u8 b = 0;
	int bad = 0;

	ot_on(m);
	bad |= OT_MISS(om_dma(m, 0x50000040, &b, 1, true, 0x1234, &x) ==
		       OM_FAULT, "empty table translated");
	bad |= OT_MISS(x.fault_bits == OM_IRQ_TRANSLATION, "bits 0x%x",
		       x.fault_bits);
	bad |= OT_MISS(om_read32(m, OM_R_FAULT_AD) == 0x50000040, "FAULT_AD");
	bad |= OT_MISS(om_read32(m, OM_R_FAULT_PC) == 0x1234, "FAULT_PC");
	bad |= OT_MISS(om_read32(m, OM_R_FAULT_STATUS) & OM_FAULT_STATUS_WRITE,
		       "FAULT_STATUS write");
	bad |= OT_MISS(om_irq(m)->level, "irq line low");
	om_write32(m, OM_R_IRQSTATUS, OM_IRQ_TRANSLATION);
	bad |= OT_MISS(!om_irq(m)->level, "irq line still high");
	bad |= OT_MISS(om_read32(m, OM_R_IRQSTATUS) == 0, "status not cleared");
	/* masked: status set, line low */
	om_write32(m, OM_R_IRQENABLE, 0);
	om_dma(m, 0x50000040, &b, 1, false, 0, &x);
	bad |= OT_MISS(!om_irq(m)->level && om_read32(m, OM_R_IRQSTATUS),
		       "masked fault");
	om_destroy(m);
	return bad;
}

static int ot_walk_outside_memory(void)
{
	struct om_config cfg;
	struct om_xact x;
	struct om *m;
	u8 b;
	int bad = 0;

	om_default_config(&cfg);
	cfg.mem_bits = 28;
	m = ot_new(&cfg);
	om_write32(m, OM_R_TTB, 0x20000000);
	om_write32(m, OM_R_CNTL, OM_CNTL_MMU_EN | OM_CNTL_TWL_EN);
	om_dma(m, 0x1000, &b, 1, false, 0, &x);
	bad |= OT_MISS(x.fault_bits == OM_IRQ_TABLEWALK, "bits 0x%x",
		       x.fault_bits);
	om_destroy(m);
	return bad;
}

static int ot_stale_until_flushed(void)
{
	struct om *m = ot_new(NULL);
	int bad = 0;
	u32 l2;

	ot_on(m);
	l2 = ot_table(m, 0x60000000, 0);
	ot_small(m, l2, 0x60000000, OT_DATA);
	bad |= ot_rw(m, 0x60000000, OT_DATA, 16, 6);
	/* the table moves the page; the TLB still has the old one */
	ot_small(m, l2, 0x60000000, OT_DATA + 0x10000);
	bad |= ot_rw(m, 0x60000000, OT_DATA, 16, 7);
	om_write32(m, OM_R_CAM, 0x60000000 | OM_CAM_VALID | 2);
	om_write32(m, OM_R_FLUSH_ENTRY, 1);
	bad |= ot_rw(m, 0x60000000, OT_DATA + 0x10000, 16, 8);
	/* GFLUSH, after another move */
	ot_small(m, l2, 0x60000000, OT_DATA + 0x20000);
	om_write32(m, OM_R_GFLUSH, 1);
	bad |= ot_rw(m, 0x60000000, OT_DATA + 0x20000, 16, 9);
	om_destroy(m);
	return bad;
}

static int ot_lockdown(void)
{
	struct om *m = ot_new(NULL);
	unsigned int i;
	int bad = 0;
	u32 l2;

	ot_on(m);
	/* entry 0: 0x70000000 -> OT_DATA + 0x800000, 64 KiB, preserved */
	om_write32(m, OM_R_LOCK, 0);
	om_write32(m, OM_R_CAM, 0x70000000 | OM_CAM_PRESERVED | OM_CAM_VALID |
		   1);
	om_write32(m, OM_R_RAM, OT_DATA + 0x800000);
	om_write32(m, OM_R_LD_TLB, 1);
	om_write32(m, OM_R_LOCK, mdl_put(OM_LOCK_BASE, 1) |
		   mdl_put(OM_LOCK_VICTIM, 1));
	bad |= OT_MISS(om_read32(m, OM_R_READ_CAM) == 0, "VICTIM 1 is empty");
	om_write32(m, OM_R_LOCK, mdl_put(OM_LOCK_BASE, 1));
	bad |= OT_MISS(om_read32(m, OM_R_READ_CAM) == (0x70000000 |
		       OM_CAM_PRESERVED | OM_CAM_VALID | 1), "READ_CAM");
	bad |= OT_MISS(om_read32(m, OM_R_READ_RAM) == OT_DATA + 0x800000,
		       "READ_RAM");
	/* 40 walks through 4 KiB pages never replace entry 0 */
	l2 = ot_table(m, 0x60000000, 0);
	for (i = 0; i < 40; i++)
		ot_small(m, l2, 0x60000000 + i * 4096, OT_DATA + i * 4096);
	for (i = 0; i < 40; i++)
		bad |= ot_rw(m, 0x60000000 + i * 4096, OT_DATA + i * 4096, 8,
			     (u8)i);
	om_write32(m, OM_R_GFLUSH, 1);
	bad |= OT_MISS(om_tlb_live(m) == 1, "GFLUSH left %u", om_tlb_live(m));
	/* no table entry for 0x70000000: only the locked entry translates */
	bad |= ot_rw(m, 0x7000fff0, OT_DATA + 0x80fff0, 16, 10);
	om_write32(m, OM_R_CAM, 0x70000000 | OM_CAM_VALID | 1);
	om_write32(m, OM_R_FLUSH_ENTRY, 1);
	bad |= OT_MISS(om_tlb_live(m) == 0, "FLUSH_ENTRY spared it");
	om_destroy(m);
	return bad;
}

static int ot_multihit_and_miss(void)
{
	struct om *m = ot_new(NULL);
	struct om_xact x;
	u8 b;
	int bad = 0;

	om_write32(m, OM_R_CNTL, OM_CNTL_MMU_EN);	/* walker off */
	om_dma(m, 0x1000, &b, 1, false, 0, &x);
	bad |= OT_MISS(x.fault_bits == OM_IRQ_TLBMISS, "bits 0x%x",
		       x.fault_bits);
	om_write32(m, OM_R_CAM, 0x1000 | OM_CAM_VALID | 2);
	om_write32(m, OM_R_RAM, OT_DATA);
	om_write32(m, OM_R_LD_TLB, 1);
	bad |= ot_rw(m, 0x1000, OT_DATA, 32, 11);
	om_write32(m, OM_R_LOCK, mdl_put(OM_LOCK_VICTIM, 1));
	om_write32(m, OM_R_CAM, 0x0 | OM_CAM_VALID | 0);	/* 1 MiB at 0 */
	om_write32(m, OM_R_RAM, OT_DATA);
	om_write32(m, OM_R_LD_TLB, 1);
	om_dma(m, 0x1000, &b, 1, false, 0, &x);
	bad |= OT_MISS(x.fault_bits == OM_IRQ_MULTIHIT, "bits 0x%x",
		       x.fault_bits);
	om_destroy(m);
	return bad;
}

static int ot_power(void)
{
	struct om_config cfg;
	struct om *m = ot_new(NULL);
	struct om_xact x;
	u8 b;
	int bad = 0;

	ot_on(m);
	ot_section(m, 0x10000000, OT_DATA);
	bad |= ot_rw(m, 0x10000000, OT_DATA, 8, 12);
	om_power_off(m);
	bad |= OT_MISS(om_dma(m, 0x10000000, &b, 1, false, 0, &x) == OM_OFF,
		       "DMA while off");
	bad |= OT_MISS(om_read32(m, OM_R_CNTL) == 0, "read while off");
	bad |= OT_MISS(mdl_log_count(om_log(m), MDL_EV_ACCESS) == 1,
		       "access while off not logged");
	om_power_on(m);
	bad |= OT_MISS(om_read32(m, OM_R_SYSSTATUS) & OM_SYSSTATUS_RESETDONE,
		       "RESETDONE");
	bad |= OT_MISS(!om_read32(m, OM_R_CNTL) && !om_read32(m, OM_R_TTB) &&
		       !om_tlb_live(m), "state survived the power-off");
	/* memory survives: the MMU is off, so this is a bypass */
	bad |= OT_MISS(om_dma(m, OT_DATA, &b, 1, false, 0, &x) == OM_BYPASS,
		       "bypass after power-on");
	om_destroy(m);

	om_default_config(&cfg);
	cfg.stuck_in_reset = true;
	m = ot_new(&cfg);
	bad |= OT_MISS(!(om_read32(m, OM_R_SYSSTATUS) &
			 OM_SYSSTATUS_RESETDONE), "stuck in reset");
	om_destroy(m);
	return bad;
}

static int ot_bad_access(void)
{
	struct om *m = ot_new(NULL);
	int bad = 0;

	om_write32(m, OM_R_FAULT_AD, 1);	/* read-only */
	om_read32(m, 0x24);			/* no register */
	bad |= OT_MISS(mdl_log_count(om_log(m), MDL_EV_ACCESS) == 2,
		       "model errors not logged");
	om_write32(m, OM_R_TTB, 0x1000);	/* not 16 KiB aligned */
	bad |= OT_MISS(mdl_log_count(om_log(m), MDL_EV_CONFIG) == 1,
		       "misaligned TTB not logged");
	om_destroy(m);
	return bad;
}

static const struct {
	const char *name;
	int (*fn)(void);
} ot_cases[] = {
	{ "omap-mmu: MMU off passes addresses through", ot_bypass },
	{ "omap-mmu: section, supersection, large and small pages",
	  ot_each_leaf },
	{ "omap-mmu: an unreplicated supersection faults", ot_unreplicated },
	{ "omap-mmu: fault registers, line, write one to clear", ot_faults },
	{ "omap-mmu: a walk outside memory is a table walk fault",
	  ot_walk_outside_memory },
	{ "omap-mmu: TLB stale until FLUSH_ENTRY or GFLUSH",
	  ot_stale_until_flushed },
	{ "omap-mmu: locked entries, READ_CAM/RAM, GFLUSH spares P",
	  ot_lockdown },
	{ "omap-mmu: TLB miss with walker off, multiple hits",
	  ot_multihit_and_miss },
	{ "omap-mmu: power-off loses state, RESETDONE, stuck in reset",
	  ot_power },
	{ "omap-mmu: bad register accesses are logged", ot_bad_access },
	{ }
};

int main(void)
{
	unsigned int i, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; ot_cases[i].name; i++) {
		int r = ot_cases[i].fn();

		failed += r != 0;
		printf("%sok %u - %s\n", r ? "not " : "", i + 1,
		       ot_cases[i].name);
	}
	printf("# %u passed, %u failed\n", i - failed, failed);
	return failed ? 1 : 0;
}

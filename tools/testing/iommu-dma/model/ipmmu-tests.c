// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-tests of the IPMMU model: they program it through MMIO only, with
 * offsets and bits spelled out from the manual's register description,
 * over tables from their own long-descriptor writer (32-bit input, 4 KiB
 * pages, NS set at every level as a non-secure walk needs).
 *
 * File map:
 *   table writer     pt_map(), pt_set()
 *   setup            env_new(), ctx_on(): a context pointed at the tables
 *   cases            one function each, listed in ipmmu_cases[]
 *   main             runs them, "N passed, N failed"
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmmu-model.h"

static bool miss(const char *fn, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "  %s:%d: ", fn, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return true;
}

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MISS(c, ...)	(!(c) && miss(__func__, __LINE__, __VA_ARGS__))

#define POOL		0x100000ULL	/* tables from here */
#define DATA		0x800000ULL	/* buffers from here */

struct env {
	struct ipm *m;
	struct mdl_mem *mem;
	unsigned int gen;
	u32 alias;
	u64 root_tbl, next;
};

/* ---- table writer ------------------------------------------------- */

static u64 pt_alloc(struct env *e, u64 size)
{
	u64 t = e->next;

	e->next += size < 4096 ? 4096 : size;
	return t;
}

/* descriptor bits by number: valid 0, table/page 1, NS 5, AP[2] 7, AF 10 */
static void pt_map(struct env *e, u32 va, u64 pa, bool ro)
{
	u64 t = e->root_tbl, d;
	int lvl;

	for (lvl = 1; lvl < 3; lvl++) {
		u64 slot = t + ((va >> (lvl == 1 ? 30 : 21)) & (lvl == 1 ? 3 : 511)) * 8;

		d = mdl_mem_rd64(e->mem, slot);
		if (!(d & 1)) {
			d = pt_alloc(e, 4096) | 3 | (1ULL << 63);
			mdl_mem_wr64(e->mem, slot, d);
		}
		t = d & 0xfffffff000ULL;
	}
	mdl_mem_wr64(e->mem, t + ((va >> 12) & 511) * 8,
		     pa | 3 | (1 << 5) | (1 << 10) | (ro ? 1 << 7 : 0));
}

/* the level-3 slot of @va (which must have tables) */
static u64 pt_slot(struct env *e, u32 va)
{
	u64 t = e->root_tbl;

	t = mdl_mem_rd64(e->mem, t + (va >> 30) * 8) & 0xfffffff000ULL;
	t = mdl_mem_rd64(e->mem, t + ((va >> 21) & 511) * 8) & 0xfffffff000ULL;
	return t + ((va >> 12) & 511) * 8;
}

/* ---- setup -------------------------------------------------------- */

static u32 ctx_off(struct env *e, unsigned int ctx, u32 reg)
{
	if (e->gen == 4)
		return 0x10000 + ctx * 0x1040 + (ctx >= 8 ? 0x600 : 0) + reg;
	return e->alias + ctx * 0x40 + reg;
}

static u32 port_off(struct env *e, unsigned int port, bool asid)
{
	u32 base = e->alias + (e->gen == 4 ? 0x3000 : 0);

	return base + (port < 32 ? 0x300 + port * 16 : 0x600 + (port - 32) * 16) +
	       (asid ? 8 : 0);
}

static int env_new(struct env *e, unsigned int gen)
{
	struct ipm_config cfg;
	char err[96];

	memset(e, 0, sizeof(*e));
	ipm_default_config(&cfg, gen);
	e->m = ipm_create(&cfg, err, sizeof(err));
	if (!e->m) {
		fprintf(stderr, "  model: %s\n", err);
		return -1;
	}
	e->mem = ipm_mem(e->m);
	e->gen = gen;
	e->alias = gen == 2 ? 0x800 : 0;
	e->next = POOL;
	e->root_tbl = pt_alloc(e, 4096);
	return 0;
}

static void env_del(struct env *e)
{
	ipm_destroy(e->m);
}

/* the instance whose ports masters use */
static unsigned int leaf_inst(struct env *e)
{
	return e->gen == 2 ? 0 : 1;
}

/* context @ctx on the tables, port @port of the leaf instance on it */
static void ctx_on(struct env *e, unsigned int ctx, unsigned int port)
{
	/* EAE bit 31; start level 1: SL0 1 in 5:4 (Gen2), 2 in 7:6 */
	u32 walk = 0x80000000u | (e->gen == 2 ? 1u << 4 : 2u << 6);

	ipm_write32(e->m, 0, ctx_off(e, ctx, 0x10), (u32)e->root_tbl);
	ipm_write32(e->m, 0, ctx_off(e, ctx, 0x14), e->root_tbl >> 32);
	ipm_write32(e->m, 0, ctx_off(e, ctx, 0x08), walk);
	/* enable bit 0, flush bit 1, interrupt bit 2 */
	ipm_write32(e->m, 0, ctx_off(e, ctx, 0x00), 0x7);
	ipm_write32(e->m, leaf_inst(e), port_off(e, port, true), 0);
	ipm_write32(e->m, leaf_inst(e), port_off(e, port, false),
		    ctx << 4 | 0x3);
}

static int roundtrip(struct env *e, unsigned int port, u64 iova, u64 want_pa,
		     size_t len)
{
	unsigned char out[8192], in[8192], back[8192];
	enum ipm_result r;
	u64 pa = 0;
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = (unsigned char)(i * 7 + iova);
	r = ipm_dma(e->m, leaf_inst(e), port, iova, out, len, true, &pa);
	if (MISS(r == IPM_OK, "write: result %d", r) ||
	    MISS(pa == want_pa, "write landed at %#llx, not %#llx",
		 (unsigned long long)pa, (unsigned long long)want_pa))
		return 1;
	mdl_mem_read(e->mem, want_pa, in, len);
	if (MISS(!memcmp(in, out, len), "memory differs from what was written"))
		return 1;
	r = ipm_dma(e->m, leaf_inst(e), port, iova, back, len, false, NULL);
	if (MISS(r == IPM_OK && !memcmp(back, out, len), "read back differs"))
		return 1;
	return 0;
}

/* ---- cases -------------------------------------------------------- */

static int t_gen2_translate(void)
{
	unsigned char buf[4096];
	struct env e;
	int bad;

	if (env_new(&e, 2))
		return 1;
	pt_map(&e, 0x10000000, DATA, false);
	pt_map(&e, 0x10001000, DATA + 0x5000, false);
	ctx_on(&e, 0, 3);
	bad = roundtrip(&e, 3, 0x10000000, DATA, 4096);
	/* across two pages that are not contiguous in memory */
	memset(buf, 0xa5, sizeof(buf));
	bad |= MISS(ipm_dma(e.m, 0, 3, 0x10000800, buf, 4096, true, NULL) ==
		    IPM_OK, "a write across two pages");
	bad |= MISS(mdl_mem_rd8(e.mem, DATA + 0xfff) == 0xa5 &&
		    mdl_mem_rd8(e.mem, DATA + 0x5000) == 0xa5 &&
		    mdl_mem_rd8(e.mem, DATA + 0x57ff) == 0xa5 &&
		    mdl_mem_rd8(e.mem, DATA + 0x5800) == 0,
		    "its second half must land in the second page only");
	env_del(&e);
	return bad;
}

static int t_bypass_when_port_off(void)
{
	unsigned char b[16] = "untranslated";
	struct env e;
	int bad = 0;
	u64 pa = 0;

	if (env_new(&e, 3))
		return 1;
	pt_map(&e, 0x10000000, DATA, false);
	ctx_on(&e, 1, 5);
	bad |= MISS(ipm_dma(e.m, 1, 6, 0x2000, b, 16, true, &pa) == IPM_BYPASS &&
		    pa == 0x2000, "port 6 is off: its DMA must pass untranslated");
	env_del(&e);
	return bad;
}

static int t_stale_until_flush(void)
{
	unsigned char b[8] = "abcdefg";
	struct env e;
	int bad = 0;
	u64 pa = 0;

	if (env_new(&e, 2))
		return 1;
	pt_map(&e, 0x20000000, DATA, false);
	ctx_on(&e, 0, 0);
	ipm_dma(e.m, 0, 0, 0x20000000, b, 8, true, &pa);
	/* remap in memory only: the TLB still holds the old page */
	mdl_mem_wr64(e.mem, pt_slot(&e, 0x20000000),
		     (DATA + 0x9000) | 3 | 1 << 5 | 1 << 10);
	ipm_dma(e.m, 0, 0, 0x20000000, b, 8, true, &pa);
	bad |= MISS(pa == DATA, "no flush yet: the old page must be used");
	ipm_write32(e.m, 0, ctx_off(&e, 0, 0), 0x7);
	bad |= MISS(!(ipm_read32(e.m, 0, ctx_off(&e, 0, 0)) & 2),
		    "IMCTR.FLUSH must clear once done");
	ipm_dma(e.m, 0, 0, 0x20000000, b, 8, true, &pa);
	bad |= MISS(pa == DATA + 0x9000, "after the flush: the new page");
	env_del(&e);
	return bad;
}

static int t_cache_flush_separate(void)
{
	unsigned char b[8] = "abcdefg";
	struct env e;
	int bad = 0;
	u64 pa = 0;

	if (env_new(&e, 3))
		return 1;
	pt_map(&e, 0x20000000, DATA, false);
	ctx_on(&e, 2, 9);
	ipm_dma(e.m, 1, 9, 0x20000000, b, 8, true, &pa);
	mdl_mem_wr64(e.mem, pt_slot(&e, 0x20000000),
		     (DATA + 0x9000) | 3 | 1 << 5 | 1 << 10);
	/* the root's flush leaves the cache instance's micro-TLB alone */
	ipm_write32(e.m, 0, ctx_off(&e, 2, 0), 0x7);
	ipm_dma(e.m, 1, 9, 0x20000000, b, 8, true, &pa);
	bad |= MISS(pa == DATA, "the cache's copy must survive a root flush");
	ipm_write32(e.m, 1, ctx_off(&e, 2, 0), 0x7);
	ipm_dma(e.m, 1, 9, 0x20000000, b, 8, true, &pa);
	bad |= MISS(pa == DATA + 0x9000, "flushed in the cache too: new page");
	env_del(&e);
	return bad;
}

static int t_fault_unmapped(void)
{
	unsigned char b[8];
	struct env e;
	int bad = 0;
	u32 st;

	if (env_new(&e, 3))
		return 1;
	pt_map(&e, 0x30000000, DATA, false);
	ctx_on(&e, 3, 1);
	bad |= MISS(ipm_dma(e.m, 1, 1, 0x30004010, b, 8, false, NULL) == IPM_FAULT,
		    "an unmapped IOVA must fault");
	st = ipm_read32(e.m, 0, ctx_off(&e, 3, 0x20));
	bad |= MISS(st == 1, "IMSTR %#x, want TF only", st);
	bad |= MISS(ipm_read32(e.m, 0, ctx_off(&e, 3, 0x30)) == 0x30004010,
		    "IMELAR must hold the IOVA");
	bad |= MISS(ipm_irq(e.m), "the interrupt must be raised (INTEN)");
	/* a second fault keeps the first address */
	ipm_dma(e.m, 1, 1, 0x30008000, b, 8, false, NULL);
	bad |= MISS(ipm_read32(e.m, 0, ctx_off(&e, 3, 0x30)) == 0x30004010,
		    "the first fault's address stays until cleared");
	ipm_write32(e.m, 0, ctx_off(&e, 3, 0x20), 0);
	bad |= MISS(!ipm_irq(e.m), "writing 0 to IMSTR must drop the line");
	env_del(&e);
	return bad;
}

static int t_fault_permission(void)
{
	unsigned char b[8] = "1234567";
	struct env e;
	int bad = 0;

	if (env_new(&e, 2))
		return 1;
	pt_map(&e, 0x30000000, DATA, true);
	ctx_on(&e, 0, 1);
	bad |= MISS(ipm_dma(e.m, 0, 1, 0x30000000, b, 8, false, NULL) == IPM_OK,
		    "reading a read-only page works");
	bad |= MISS(ipm_dma(e.m, 0, 1, 0x30000000, b, 8, true, NULL) == IPM_FAULT &&
		    ipm_read32(e.m, 0, ctx_off(&e, 0, 0x20)) == 2,
		    "writing it is a permission fault");
	ipm_write32(e.m, 0, ctx_off(&e, 0, 0x20), 0);
	/* a leaf without NS: the non-secure walk refuses it */
	mdl_mem_wr64(e.mem, pt_slot(&e, 0x30000000), DATA | 3 | 1 << 10);
	ipm_write32(e.m, 0, ctx_off(&e, 0, 0), 0x7);
	bad |= MISS(ipm_dma(e.m, 0, 1, 0x30000000, b, 8, false, NULL) == IPM_FAULT &&
		    ipm_read32(e.m, 0, ctx_off(&e, 0, 0x20)) == 2,
		    "a secure leaf is a permission fault");
	env_del(&e);
	return bad;
}

static int t_port_to_disabled_ctx(void)
{
	unsigned char b[8];
	struct env e;
	int bad = 0;

	if (env_new(&e, 3))
		return 1;
	ipm_write32(e.m, 1, port_off(&e, 4, false), 5 << 4 | 1);
	bad |= MISS(ipm_dma(e.m, 1, 4, 0x1000, b, 8, false, NULL) == IPM_DROPPED,
		    "a port on a disabled context must not pass DMA");
	bad |= MISS(mdl_log_count(ipm_log(e.m), MDL_EV_CONFIG) >= 1,
		    "and the model says why");
	env_del(&e);
	return bad;
}

static int t_gen4_layout(void)
{
	struct env e;
	int bad;

	if (env_new(&e, 4))
		return 1;
	pt_map(&e, 0x40000000, DATA + 0x3000, false);
	/* context 9 lives in the second bank, port 40 in the upper array */
	ctx_on(&e, 9, 40);
	bad = roundtrip(&e, 40, 0x40000000, DATA + 0x3000, 512);
	bad |= MISS(mdl_log_count(ipm_log(e.m), MDL_EV_ACCESS) == 0,
		    "every offset used must be a register");
	env_del(&e);
	return bad;
}

static int t_access_checks(void)
{
	struct env e;
	int bad = 0;
	u64 before;

	if (env_new(&e, 3))
		return 1;
	before = mdl_log_count(ipm_log(e.m), MDL_EV_ACCESS);
	ipm_write32(e.m, 0, ctx_off(&e, 1, 0x30), 5);	/* IMELAR: read-only */
	ipm_write32(e.m, 1, ctx_off(&e, 1, 0x08), 5);	/* cache: no IMTTBCR */
	ipm_write32(e.m, 0, 0x300, 1);			/* Gen3 root: no ports */
	ipm_write32(e.m, 0, ctx_off(&e, 1, 0x0c), 1);	/* IMBUSCR is Gen2's */
	bad |= MISS(mdl_log_count(ipm_log(e.m), MDL_EV_ACCESS) == before + 4,
		    "four bad accesses must be logged");
	env_del(&e);
	return bad;
}

static int t_power_loss(void)
{
	unsigned char b[8];
	struct env e;
	int bad = 0;
	u64 pa = 0;

	if (env_new(&e, 2))
		return 1;
	pt_map(&e, 0x10000000, DATA, false);
	ctx_on(&e, 0, 2);
	ipm_dma(e.m, 0, 2, 0x10000000, b, 8, false, NULL);
	ipm_power_loss(e.m);
	bad |= MISS(ipm_read32(e.m, 0, ctx_off(&e, 0, 0x10)) == 0,
		    "the table base must be lost");
	bad |= MISS(ipm_tlb_live(e.m, 0) == 0, "every TLB must be empty");
	bad |= MISS(ipm_dma(e.m, 0, 2, 0x10000000, b, 8, false, &pa) ==
		    IPM_BYPASS, "the port is off after a power loss");
	env_del(&e);
	return bad;
}

static int t_flush_stuck(void)
{
	struct env e;
	int bad = 0;

	if (env_new(&e, 2))
		return 1;
	ipm_set_flush_stuck(e.m, true);
	ipm_write32(e.m, 0, ctx_off(&e, 0, 0), 0x3);
	bad |= MISS(ipm_read32(e.m, 0, ctx_off(&e, 0, 0)) & 2,
		    "a stuck flush keeps IMCTR.FLUSH set");
	env_del(&e);
	return bad;
}

static int t_bad_configs(void)
{
	struct ipm_config c;
	char err[96];
	int bad = 0;

	ipm_default_config(&c, 5);
	bad |= MISS(!ipm_create(&c, err, sizeof(err)), "Gen5 accepted");
	ipm_default_config(&c, 2);
	c.n_cache = 1;
	bad |= MISS(!ipm_create(&c, err, sizeof(err)), "Gen2 with caches");
	ipm_default_config(&c, 3);
	c.n_cache = 0;
	bad |= MISS(!ipm_create(&c, err, sizeof(err)), "Gen3 without caches");
	return bad;
}

static const struct {
	const char *name;
	int (*fn)(void);
} ipmmu_cases[] = {
	{ "gen2 translate", t_gen2_translate },
	{ "bypass when port off", t_bypass_when_port_off },
	{ "stale until flush", t_stale_until_flush },
	{ "cache flush separate", t_cache_flush_separate },
	{ "fault unmapped", t_fault_unmapped },
	{ "fault permission", t_fault_permission },
	{ "port to disabled context", t_port_to_disabled_ctx },
	{ "gen4 layout", t_gen4_layout },
	{ "access checks", t_access_checks },
	{ "power loss", t_power_loss },
	{ "flush stuck", t_flush_stuck },
	{ "bad configs", t_bad_configs },
};

int main(void)
{
	unsigned int i, pass = 0, fail = 0;

	for (i = 0; i < ARRAY_SIZE(ipmmu_cases); i++) {
		int bad = ipmmu_cases[i].fn();

		printf("%s - ipmmu model: %s\n", bad ? "not ok" : "ok",
		       ipmmu_cases[i].name);
		if (bad)
			fail++;
		else
			pass++;
	}
	printf("%u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IPMMU-VMSA model (interface in ipmmu-model.h): register files of the root
 * and cache instances, the side effects of writes, the table walk and the
 * path of a master's transaction.
 *
 * File map:
 *   register layout      ipm_rk (context register kinds), ipm_layout():
 *                        where a generation puts them, the model's own
 *                        decoding of the manual's tables
 *   field decoding       PM_* masks, each used in one place
 *   side effects         ipm_rf_write(): flushes, status clear, irq
 *   walk                 ipm_walk(): VMSA long descriptors, 32-bit input
 *   transactions         ipm_xlate() and ipm_dma()
 *   life                 ipm_create(), ipm_power_loss(), ipm_destroy()
 *
 * What the manual leaves open is decided here and said in ipmmu.rst: a
 * port that routes to a context which is not enabled drops its master's
 * transactions (logged as a configuration error); the table walker
 * treats a clear access flag as a translation fault; a leaf reached with
 * a clear NS bit, or through a table with a clear NSTable bit, is a
 * permission fault (the IPMMU's non-secure walks require both); a flush
 * empties only the TLBs of the instance whose IMCTR was written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipmmu-model.h"

/* Context register kinds (manual names in comments), model numbering. */
enum ipm_rk {
	RK_CTL,		/* IMCTR */
	RK_WALK,	/* IMTTBCR */
	RK_BUS,		/* IMBUSCR, Gen2 */
	RK_TTBL,	/* IMTTLBR0 */
	RK_TTBU,	/* IMTTUBR0 */
	RK_STAT,	/* IMSTR */
	RK_ATTR,	/* IMMAIR0 */
	RK_FADDR,	/* IMEAR (Gen2), IMELAR */
	RK_FADDRU,	/* IMEUAR, Gen3/4 */
	RK_NR,
};

static const struct { const char *name; u32 off; } ipm_rk_desc[RK_NR] = {
	[RK_CTL]	= { "IMCTR",	0x00 },
	[RK_WALK]	= { "IMTTBCR",	0x08 },
	[RK_BUS]	= { "IMBUSCR",	0x0c },
	[RK_TTBL]	= { "IMTTLBR0",	0x10 },
	[RK_TTBU]	= { "IMTTUBR0",	0x14 },
	[RK_STAT]	= { "IMSTR",	0x20 },
	[RK_ATTR]	= { "IMMAIR0",	0x28 },
	[RK_FADDR]	= { "IMEAR",	0x30 },
	[RK_FADDRU]	= { "IMEUAR",	0x34 },
};

/*
 * Register numbers: each context kind twice (contexts 0-7 and 8-15 are
 * two arrays), then the port registers twice (ports 0-31 and 32-63).
 */
#define REG_CTX(kind, bank)	((kind) * 2 + (bank))
#define REG_PCTL(half)		(RK_NR * 2 + (half))
#define REG_PASID(half)		(RK_NR * 2 + 2 + (half))
#define REG_NR			(RK_NR * 2 + 4)

/* IMCTR */
#define PM_CTL_EN		MDL_BIT(0)
#define PM_CTL_FLUSH		MDL_BIT(1)
#define PM_CTL_IE		MDL_BIT(2)
/* IMTTBCR */
#define PM_WALK_LONG		MDL_BIT(31)
#define PM_WALK_SL_GEN2		MDL_MASK(5, 4)
#define PM_WALK_SL_GEN3		MDL_MASK(7, 6)
/* IMBUSCR */
#define PM_BUS_DVM		MDL_BIT(2)
/* IMSTR */
#define PM_ST_TF		MDL_BIT(0)
#define PM_ST_PF		MDL_BIT(1)
#define PM_ST_ABORT		MDL_BIT(2)
#define PM_ST_ERR		(PM_ST_TF | PM_ST_PF | PM_ST_ABORT | MDL_BIT(4))
/* IMUCTRn */
#define PM_PORT_EN		MDL_BIT(0)
#define PM_PORT_FLUSH		MDL_BIT(1)
#define PM_PORT_CTX		MDL_MASK(7, 4)
/* IMTTUBR0: the table base above bit 31 */
#define PM_TTBU_ADDR		MDL_MASK(7, 0)

/* long descriptors (VMSA) */
#define PM_D_VALID		MDL_BIT(0)
#define PM_D_TABLE		MDL_BIT(1)	/* page at the last level */
#define PM_D_NS			MDL_BIT(5)
#define PM_D_RO			MDL_BIT(7)	/* AP[2] */
#define PM_D_AF			MDL_BIT(10)
#define PM_D_NSTABLE		MDL_BIT(63)
#define PM_D_ADDR		MDL_MASK(39, 12)

struct ipm_inst {
	struct ipm *m;
	unsigned int idx;
	struct mdl_reg regs[REG_NR];
	struct mdl_regfile rf;
	struct mdl_tlb utlb;	/* ctx: context, asid: port */
};

struct ipm {
	struct ipm_config cfg;
	unsigned int nctx, nports, ninst;
	u32 size;
	struct ipm_inst *inst;
	struct mdl_tlb tlb;	/* the root's main TLB, ctx: context */
	struct mdl_mem mem;
	struct mdl_log log;
	struct mdl_irq irq;
};

/* where the manual puts context 0's page, and the page stride */
static void ipm_layout(const struct ipm_config *c, u32 *alias, u32 *ctx0,
		       u32 *stride, u32 *ports, u32 *size)
{
	*alias = c->gen == 2 ? 0x800 : 0;	/* Gen2: non-secure alias */
	*ctx0 = c->gen == 4 ? 0x10000 : 0;
	*stride = c->gen == 4 ? 0x1040 : 0x40;
	*ports = c->gen == 4 ? 0x3000 : 0;
	*size = c->gen == 4 ? 0x20000 : 0x1000;
}

static void ipm_regs(struct ipm *m, struct ipm_inst *in)
{
	u32 alias, ctx0, stride, ports, size;
	bool root = in->idx == 0;
	unsigned int k, bank, half;

	ipm_layout(&m->cfg, &alias, &ctx0, &stride, &ports, &size);
	for (k = 0; k < RK_NR; k++) {
		for (bank = 0; bank < 2; bank++) {
			struct mdl_reg *r = &in->regs[REG_CTX(k, bank)];
			unsigned int n = m->nctx > 8 * bank ? m->nctx - 8 * bank : 0;

			r->name = ipm_rk_desc[k].name;
			r->count = n > 8 ? 8 : n;
			r->stride = stride;
			r->width = 4;
			r->access = k == RK_FADDR || k == RK_FADDRU ? MDL_RO : MDL_RW;
			r->base = alias + ctx0 + ipm_rk_desc[k].off +
				  (bank ? 8 * stride + 0x600 : 0);
			/* a cache instance has only IMCTR of each context */
			if (!root && k != RK_CTL)
				r->count = 0;
			if ((k == RK_BUS && m->cfg.gen != 2) ||
			    (k == RK_FADDRU && m->cfg.gen == 2))
				r->count = 0;
		}
	}
	for (half = 0; half < 2; half++) {
		unsigned int n = m->nports > 32 * half ? m->nports - 32 * half : 0;
		struct mdl_reg *c = &in->regs[REG_PCTL(half)];
		struct mdl_reg *a = &in->regs[REG_PASID(half)];

		/* Gen3/4 roots hold no ports: the cache instances do */
		if (root && m->cfg.gen != 2)
			n = 0;
		*c = (struct mdl_reg){ "IMUCTR", alias + ports + (half ? 0x600 : 0x300),
				       16, n > 32 ? 32 : n, 4, MDL_RW, 0 };
		*a = *c;
		a->name = "IMUASID";
		a->base += 8;
	}
	m->size = size;
}

static u64 *ipm_ctx_reg(struct ipm_inst *in, enum ipm_rk k, unsigned int ctx)
{
	return mdl_rf_val(&in->rf, REG_CTX(k, ctx / 8), ctx % 8);
}

static u64 *ipm_port_reg(struct ipm_inst *in, bool asid, unsigned int port)
{
	unsigned int half = port / 32;

	return mdl_rf_val(&in->rf, asid ? REG_PASID(half) : REG_PCTL(half),
			  port % 32);
}

/* the interrupt line: any context with an error and IE set */
static void ipm_irq_update(struct ipm *m)
{
	struct ipm_inst *root = &m->inst[0];
	bool level = false;
	unsigned int c;

	for (c = 0; c < m->nctx; c++)
		if ((*ipm_ctx_reg(root, RK_STAT, c) & PM_ST_ERR) &&
		    (*ipm_ctx_reg(root, RK_CTL, c) & PM_CTL_IE))
			level = true;
	mdl_irq_set(&m->irq, level);
}

static void ipm_flush_ctx(struct ipm_inst *in, unsigned int ctx)
{
	struct mdl_tlb_match mt = { .flags = MDL_TLBI_CTX, .ctx = ctx };
	unsigned int n = mdl_tlb_inval(&in->utlb, &mt);

	if (in->idx == 0)
		n += mdl_tlb_inval(&in->m->tlb, &mt);
	mdl_log_add(&in->m->log, MDL_EV_TLBI, ctx, n,
		    "instance %u: context %u flushed, %u entries", in->idx,
		    ctx, n);
}

static void ipm_rf_write(void *ctx, unsigned int reg, unsigned int i, u64 old,
			 u64 *val)
{
	struct ipm_inst *in = ctx;
	struct ipm *m = in->m;

	if (reg >= REG_PCTL(0) && reg <= REG_PCTL(1)) {
		unsigned int port = (reg - REG_PCTL(0)) * 32 + i;
		struct mdl_tlb_match mt = { .flags = MDL_TLBI_ASID,
					    .asid = port };

		if (*val & PM_PORT_FLUSH) {
			mdl_tlb_inval(&in->utlb, &mt);
			*val &= ~PM_PORT_FLUSH;
		}
		if ((*val & PM_PORT_EN) && mdl_get(*val, PM_PORT_CTX) >= m->nctx)
			mdl_log_add(&m->log, MDL_EV_CONFIG, port, *val,
				    "instance %u port %u: no context %u",
				    in->idx, port,
				    (unsigned int)mdl_get(*val, PM_PORT_CTX));
		return;
	}
	if (reg >= REG_PASID(0))
		return;
	/* a context register: kind and context from the numbering */
	{
		enum ipm_rk k = reg / 2;
		unsigned int c = (reg % 2) * 8 + i;

		if (k == RK_CTL && (*val & PM_CTL_FLUSH)) {
			ipm_flush_ctx(in, c);
			if (!m->cfg.flush_stuck)
				*val &= ~PM_CTL_FLUSH;
		}
		if (k == RK_BUS && (*val & PM_BUS_DVM))
			mdl_log_add(&m->log, MDL_EV_CONFIG, c, *val,
				    "context %u: DVM is not modelled", c);
		if (k == RK_CTL || k == RK_STAT)
			ipm_irq_update(m);
	}
}

static const struct mdl_rf_ops ipm_rf_ops = {
	.write = ipm_rf_write,
};

/* record a fault in the root's context: the first address stays */
static void ipm_fault(struct ipm *m, unsigned int ctx, u64 iova, u64 bit,
		      const char *why)
{
	struct ipm_inst *root = &m->inst[0];
	u64 *st = ipm_ctx_reg(root, RK_STAT, ctx);

	if (!(*st & PM_ST_ERR)) {
		*ipm_ctx_reg(root, RK_FADDR, ctx) = (u32)iova;
		if (m->cfg.gen != 2)
			*ipm_ctx_reg(root, RK_FADDRU, ctx) = iova >> 32;
	}
	*st |= bit;
	mdl_log_add(&m->log, MDL_EV_FAULT, iova, bit, "context %u: %s", ctx,
		    why);
	ipm_irq_update(m);
}

struct ipm_leaf {
	u64 out;		/* output address of the block */
	unsigned int size_lg2;
	bool ro;
	int level;
};

/* 0, or the IMSTR bit of the fault, with @why naming it */
static u64 ipm_walk(struct ipm *m, unsigned int ctx, u64 iova,
		    struct ipm_leaf *leaf, const char **why)
{
	struct ipm_inst *root = &m->inst[0];
	u64 walk = *ipm_ctx_reg(root, RK_WALK, ctx);
	u64 sl = m->cfg.gen == 2 ? mdl_get(walk, PM_WALK_SL_GEN2) :
				   mdl_get(walk, PM_WALK_SL_GEN3);
	u64 table, d = 0;
	bool ns_ok = true;
	int level;

	if (!(walk & PM_WALK_LONG) || sl != (m->cfg.gen == 2 ? 1 : 2)) {
		mdl_log_add(&m->log, MDL_EV_CONFIG, ctx, walk,
			    "context %u: IMTTBCR %#llx is not long descriptors from level 1",
			    ctx, (unsigned long long)walk);
		*why = "walk not set up";
		return PM_ST_ABORT;
	}
	if (iova >> 32) {
		*why = "input above 32 bits";
		return PM_ST_TF;
	}
	table = (*ipm_ctx_reg(root, RK_TTBL, ctx) & ~0x1fULL) |
		mdl_get(*ipm_ctx_reg(root, RK_TTBU, ctx), PM_TTBU_ADDR) << 32;
	for (level = 1; level <= 3; level++) {
		unsigned int shift = 39 - 9 * level;	/* 30, 21, 12 */
		u64 idx = (iova >> shift) & (level == 1 ? 3 : 511);

		if (table + idx * 8 + 8 > m->mem.limit) {
			*why = "table outside memory";
			return PM_ST_ABORT;
		}
		d = mdl_mem_rd64(&m->mem, table + idx * 8);
		if (!(d & PM_D_VALID)) {
			*why = "invalid descriptor";
			return PM_ST_TF;
		}
		if (level < 3 && (d & PM_D_TABLE)) {
			if (!(d & PM_D_NSTABLE))
				ns_ok = false;
			table = d & PM_D_ADDR;
			continue;
		}
		if (level == 3 && !(d & PM_D_TABLE)) {
			*why = "reserved descriptor at level 3";
			return PM_ST_TF;
		}
		leaf->size_lg2 = shift;
		break;
	}
	leaf->level = level;
	if (!(d & PM_D_AF)) {
		*why = "access flag clear";
		return PM_ST_TF;
	}
	if (!(d & PM_D_NS) || !ns_ok) {
		*why = "secure descriptor";
		return PM_ST_PF;
	}
	leaf->out = d & PM_D_ADDR & ~((1ULL << leaf->size_lg2) - 1);
	leaf->ro = d & PM_D_RO;
	return 0;
}

/* translate one access within a 4 KiB page */
static enum ipm_result ipm_xlate(struct ipm *m, struct ipm_inst *in,
				 unsigned int port, u64 iova, bool write,
				 u64 *pa)
{
	u64 pctl = *ipm_port_reg(in, false, port);
	unsigned int ctx = mdl_get(pctl, PM_PORT_CTX);
	const struct mdl_tlb_ent *e, *from_port;
	struct ipm_leaf leaf = { 0 };
	struct mdl_tlb_ent fill;
	const char *why = NULL;
	u64 bit;

	if (!(pctl & PM_PORT_EN)) {
		*pa = iova;
		return IPM_BYPASS;
	}
	if (ctx >= m->nctx ||
	    !(*ipm_ctx_reg(&m->inst[0], RK_CTL, ctx) & PM_CTL_EN)) {
		mdl_log_add(&m->log, MDL_EV_CONFIG, port, ctx,
			    "instance %u port %u routes to disabled context %u",
			    in->idx, port, ctx);
		return IPM_DROPPED;
	}
	e = mdl_tlb_lookup(&in->utlb, ctx, 0, port, iova);
	from_port = e;
	if (!e)
		e = mdl_tlb_lookup(&m->tlb, ctx, 0, 0, iova);
	if (!e) {
		bit = ipm_walk(m, ctx, iova, &leaf, &why);
		if (bit) {
			ipm_fault(m, ctx, iova, bit, why);
			return IPM_FAULT;
		}
		fill = (struct mdl_tlb_ent){
			.valid = true, .ctx = ctx, .asid = 0,
			.in = iova & ~((1ULL << leaf.size_lg2) - 1),
			.size_lg2 = leaf.size_lg2, .out = leaf.out,
			.perm = leaf.ro, .level = leaf.level,
		};
		mdl_tlb_fill(&m->tlb, &fill);
		e = &fill;
	}
	if (write && e->perm) {
		ipm_fault(m, ctx, iova, PM_ST_PF, "write to read-only");
		return IPM_FAULT;
	}
	/* the port keeps its own copy, tagged with its number */
	if (!from_port) {
		fill = *e;
		fill.asid = port;
		mdl_tlb_fill(&in->utlb, &fill);
	}
	*pa = e->out | (iova & ((1ULL << e->size_lg2) - 1));
	return IPM_OK;
}

enum ipm_result ipm_dma(struct ipm *m, unsigned int inst, unsigned int port,
			u64 iova, void *buf, size_t len, bool write, u64 *pa)
{
	enum ipm_result r = IPM_DROPPED, first = IPM_DROPPED;
	size_t done = 0;

	if (inst >= m->ninst || port >= m->nports ||
	    (inst == 0 && m->cfg.gen != 2)) {
		mdl_log_add(&m->log, MDL_EV_CONFIG, port, inst,
			    "no port %u on instance %u", port, inst);
		return IPM_DROPPED;
	}
	while (done < len || (!len && !done)) {
		u64 va = iova + done, out;
		size_t part = MDL_PAGE_SIZE - (va & (MDL_PAGE_SIZE - 1));

		if (part > len - done)
			part = len - done;
		r = ipm_xlate(m, &m->inst[inst], port, va, write, &out);
		if (!done)
			first = r;
		if (!done && pa)
			*pa = out;
		if (r == IPM_FAULT || r == IPM_DROPPED)
			return r;
		if (!len)
			break;
		if (!(write ? mdl_mem_write(&m->mem, out, (u8 *)buf + done, part) :
			      mdl_mem_read(&m->mem, out, (u8 *)buf + done, part)))
			return IPM_DROPPED;
		done += part;
	}
	return first;
}

void ipm_default_config(struct ipm_config *cfg, unsigned int gen)
{
	*cfg = (struct ipm_config){
		.gen = gen, .n_cache = gen == 2 ? 0 : 2, .mem_bits = 36,
		.tlb_entries = 32,
	};
}

static int ipm_check(const struct ipm_config *c, char *err, size_t len)
{
	const char *why = NULL;

	if (c->gen < 2 || c->gen > 4)
		why = "generation must be 2, 3 or 4";
	else if (c->gen == 2 && c->n_cache)
		why = "a Gen2 IPMMU has no cache instances";
	else if (c->gen != 2 && (c->n_cache < 1 || c->n_cache > 4))
		why = "Gen3/4 need 1 to 4 cache instances";
	else if (c->mem_bits < 32 || c->mem_bits > 40)
		why = "memory must be 2^32 to 2^40 bytes";
	else if (c->tlb_entries < 1 || c->tlb_entries > 4096)
		why = "TLBs hold 1 to 4096 entries";
	if (why)
		snprintf(err, len, "%s", why);
	return why ? -1 : 0;
}

struct ipm *ipm_create(const struct ipm_config *cfg, char *err, size_t len)
{
	struct ipm *m;
	unsigned int i;

	if (ipm_check(cfg, err, len))
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		goto out_nomem;
	m->cfg = *cfg;
	m->nctx = cfg->gen == 2 ? 1 : cfg->gen == 3 ? 8 : 16;
	m->nports = cfg->gen == 2 ? 32 : cfg->gen == 3 ? 48 : 64;
	m->ninst = 1 + cfg->n_cache;
	m->inst = calloc(m->ninst, sizeof(*m->inst));
	if (!m->inst || mdl_mem_init(&m->mem, cfg->mem_bits, &m->log) ||
	    mdl_tlb_init(&m->tlb, cfg->tlb_entries))
		goto out_free;
	mdl_irq_init(&m->irq, "ipmmu", &m->log);
	for (i = 0; i < m->ninst; i++) {
		struct ipm_inst *in = &m->inst[i];

		in->m = m;
		in->idx = i;
		ipm_regs(m, in);
		if (mdl_rf_init(&in->rf, in->regs, REG_NR, m->size, &ipm_rf_ops,
				in, &m->log) ||
		    mdl_tlb_init(&in->utlb, cfg->tlb_entries))
			goto out_free;
	}
	return m;

out_free:
	ipm_destroy(m);
out_nomem:
	snprintf(err, len, "out of memory");
	return NULL;
}

void ipm_destroy(struct ipm *m)
{
	unsigned int i;

	if (!m)
		return;
	for (i = 0; m->inst && i < m->ninst; i++) {
		mdl_rf_free(&m->inst[i].rf);
		mdl_tlb_free(&m->inst[i].utlb);
	}
	free(m->inst);
	mdl_tlb_free(&m->tlb);
	mdl_mem_free(&m->mem);
	free(m);
}

void ipm_power_loss(struct ipm *m)
{
	struct mdl_tlb_match all = { .flags = 0 };
	unsigned int i, r, n;

	for (i = 0; i < m->ninst; i++) {
		struct ipm_inst *in = &m->inst[i];

		for (r = 0; r < REG_NR; r++)
			for (n = 0; n < in->regs[r].count; n++)
				*mdl_rf_val(&in->rf, r, n) = in->regs[r].reset;
		mdl_tlb_inval(&in->utlb, &all);
	}
	mdl_tlb_inval(&m->tlb, &all);
	mdl_irq_set(&m->irq, false);
}

unsigned int ipm_instances(const struct ipm *m) { return m->ninst; }
u32 ipm_mmio_size(const struct ipm *m) { return m->size; }
unsigned int ipm_ports(const struct ipm *m) { return m->nports; }
unsigned int ipm_contexts(const struct ipm *m) { return m->nctx; }
struct mdl_mem *ipm_mem(struct ipm *m) { return &m->mem; }
struct mdl_log *ipm_log(struct ipm *m) { return &m->log; }
bool ipm_irq(const struct ipm *m) { return m->irq.level; }
u64 ipm_irq_edges(const struct ipm *m) { return m->irq.edges; }
void ipm_set_flush_stuck(struct ipm *m, bool stuck) { m->cfg.flush_stuck = stuck; }

unsigned int ipm_tlb_live(const struct ipm *m, unsigned int inst)
{
	return mdl_tlb_live(&m->tlb) +
	       (inst < m->ninst ? mdl_tlb_live(&m->inst[inst].utlb) : 0);
}

u32 ipm_read32(struct ipm *m, unsigned int inst, u32 off)
{
	if (inst >= m->ninst)
		return 0;
	return (u32)mdl_rf_read(&m->inst[inst].rf, off, 4);
}

void ipm_write32(struct ipm *m, unsigned int inst, u32 off, u32 val)
{
	if (inst < m->ninst)
		mdl_rf_write(&m->inst[inst].rf, off, 4, val);
}

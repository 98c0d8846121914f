// SPDX-License-Identifier: GPL-2.0-only
/*
 * SMMUv3 model: register file, command queue and configuration caches.
 * Field positions are the model's own reading of IHI 0070 (§4 commands,
 * §6.3 registers); see smmu3.h for what is and is not modelled.
 *
 * File map: field definitions; configuration caches; TLB invalidation;
 * commands; the queue; registers; setup.
 */
#include <stdlib.h>
#include <string.h>

#include "smmu3.h"

/* §6.3.9 CR0 */
#define CR0_SMMUEN		MDL_BIT(0)
#define CR0_CMDQEN		MDL_BIT(3)
/* §6.3.26 CMDQ_BASE */
#define QB_ADDR			MDL_MASK(51, 5)
#define QB_LOG2SIZE		MDL_MASK(4, 0)
/* §6.3.28 CMDQ_CONS */
#define QCONS_ERR		MDL_MASK(30, 24)
#define  QCONS_ERR_ILL		1
#define GERROR_CMDQ		MDL_BIT(0)

/* §4: opcode and the operand fields the model reads */
#define CMDW0_OP		MDL_MASK(7, 0)
#define CMDW0_SSID		MDL_MASK(31, 12)
#define CMDW0_SID		MDL_MASK(63, 32)
#define CMDW0_ASID		MDL_MASK(63, 48)
#define CMDW0_NUM		MDL_MASK(16, 12)
#define CMDW0_SCALE		MDL_MASK(24, 20)
#define CMDW0_SYNC_CS		MDL_MASK(13, 12)
#define  SYNC_CS_IRQ		1
#define CMDW0_SYNC_DATA		MDL_MASK(63, 32)
#define CMDW1_RANGE		MDL_MASK(4, 0)
#define CMDW1_TG		MDL_MASK(11, 10)
#define CMDW1_VA		MDL_MASK(63, 12)
#define CMDW1_SYNC_ADDR		MDL_MASK(51, 2)

enum {
	OPC_PREFETCH_CONFIG	= 0x01,
	OPC_PREFETCH_ADDR	= 0x02,
	OPC_CFGI_STE		= 0x03,
	OPC_CFGI_STE_RANGE	= 0x04,
	OPC_CFGI_CD		= 0x05,
	OPC_CFGI_CD_ALL		= 0x06,
	OPC_TLBI_NH_ALL		= 0x10,
	OPC_TLBI_NH_ASID	= 0x11,
	OPC_TLBI_NH_VA		= 0x12,
	OPC_TLBI_NH_VAA		= 0x13,
	OPC_TLBI_EL2_ALL	= 0x20,
	OPC_TLBI_S12_VMALL	= 0x28,
	OPC_TLBI_NSNH_ALL	= 0x30,
	OPC_SYNC		= 0x46,
};

/* Configuration caches */

bool s3m_cache_get(struct s3m *m, bool is_cd, u32 sid, u32 ssid, u64 *w)
{
	unsigned int i;

	for (i = 0; i < S3M_CFG_CACHE; i++) {
		struct s3m_cached *c = &m->cache[i];

		if (c->valid && c->is_cd == is_cd && c->sid == sid &&
		    (!is_cd || c->ssid == ssid)) {
			memcpy(w, c->w, sizeof(c->w));
			return true;
		}
	}
	return false;
}

void s3m_cache_put(struct s3m *m, bool is_cd, u32 sid, u32 ssid,
		   const u64 *w)
{
	struct s3m_cached *c = &m->cache[m->cache_next++ % S3M_CFG_CACHE];

	c->valid = true;
	c->is_cd = is_cd;
	c->sid = sid;
	c->ssid = ssid;
	memcpy(c->w, w, sizeof(c->w));
}

/* Drop cached STEs of [lo, hi] (and their CDs when @cds). */
static void s3m_cache_drop(struct s3m *m, bool stes, bool cds, u32 lo,
			   u32 hi, bool one_ssid, u32 ssid)
{
	unsigned int i;

	for (i = 0; i < S3M_CFG_CACHE; i++) {
		struct s3m_cached *c = &m->cache[i];

		if (!c->valid || c->sid < lo || c->sid > hi)
			continue;
		if (c->is_cd ? !cds : !stes)
			continue;
		if (c->is_cd && one_ssid && c->ssid != ssid)
			continue;
		c->valid = false;
	}
}

/* TLB invalidation */

/* Drop ASID @asid's entries overlapping [va, va + len); len 0: all of them. */
static unsigned int s3m_tlbi(struct s3m *m, bool by_asid, u32 asid, u64 va,
			     u64 len)
{
	unsigned int i, n = 0;

	for (i = 0; i < m->tlb.n; i++) {
		struct mdl_tlb_ent *e = &m->tlb.ent[i];
		u64 end;

		if (!e->valid || (by_asid && e->asid != asid))
			continue;
		end = e->in + (MDL_BIT(e->size_lg2) - 1);
		if (len && (end < va || e->in > va + len - 1))
			continue;
		e->valid = false;
		n++;
	}
	m->tlb.removed += n;
	m->st.tlbi++;
	mdl_log_add(&m->log, MDL_EV_TLBI, va, n, "tlbi asid %u%s: %u removed",
		    asid, by_asid ? "" : " (all)", n);
	return n;
}

/* §4.4.1: TLBI_NH_VA, a single address or (TG != 0) a range */
static void s3m_tlbi_va(struct s3m *m, const u64 *cmd)
{
	u64 va = cmd[1] & CMDW1_VA;
	u32 tg = mdl_get(cmd[1], CMDW1_TG);
	u64 len = 1;

	if (tg) {
		/* TG 1, 2, 3: 4 KiB, 16 KiB, 64 KiB granules */
		unsigned int g = tg == 1 ? 12 : tg == 2 ? 14 : 16;

		len = (mdl_get(cmd[0], CMDW0_NUM) + 1) <<
		      (mdl_get(cmd[0], CMDW0_SCALE) + g);
	}
	s3m_tlbi(m, true, mdl_get(cmd[0], CMDW0_ASID), va, len);
}

/* Commands */

bool s3m_command(struct s3m *m, const u64 cmd[2])
{
	u32 sid = mdl_get(cmd[0], CMDW0_SID);
	u32 range;

	m->st.cmds++;
	switch (mdl_get(cmd[0], CMDW0_OP)) {
	case OPC_PREFETCH_CONFIG:
	case OPC_PREFETCH_ADDR:
		return true;
	case OPC_CFGI_STE:
		m->st.cfgi++;
		s3m_cache_drop(m, true, false, sid, sid, false, 0);
		return true;
	case OPC_CFGI_STE_RANGE:
		m->st.cfgi++;
		range = mdl_get(cmd[1], CMDW1_RANGE);
		if (range == 31) {
			/* CFGI_ALL: every STE and CD */
			s3m_cache_drop(m, true, true, 0, ~0u, false, 0);
			return true;
		}
		sid &= ~(u32)(MDL_BIT(range + 1) - 1);
		s3m_cache_drop(m, true, false, sid,
			       sid + (u32)(MDL_BIT(range + 1) - 1), false, 0);
		return true;
	case OPC_CFGI_CD:
		m->st.cfgi++;
		s3m_cache_drop(m, false, true, sid, sid, true,
			       mdl_get(cmd[0], CMDW0_SSID));
		return true;
	case OPC_CFGI_CD_ALL:
		m->st.cfgi++;
		s3m_cache_drop(m, false, true, sid, sid, false, 0);
		return true;
	case OPC_TLBI_NH_ASID:
		s3m_tlbi(m, true, mdl_get(cmd[0], CMDW0_ASID), 0, 0);
		return true;
	case OPC_TLBI_NH_VA:
		s3m_tlbi_va(m, cmd);
		return true;
	case OPC_TLBI_NH_ALL:
	case OPC_TLBI_EL2_ALL:
	case OPC_TLBI_S12_VMALL:
	case OPC_TLBI_NSNH_ALL:
		s3m_tlbi(m, false, 0, 0, 0);
		return true;
	case OPC_SYNC:
		m->st.syncs++;
		if (mdl_get(cmd[0], CMDW0_SYNC_CS) == SYNC_CS_IRQ &&
		    (cmd[1] & CMDW1_SYNC_ADDR)) {
			u32 data = mdl_get(cmd[0], CMDW0_SYNC_DATA);

			m->bus.write(m->bus.ctx, cmd[1] & CMDW1_SYNC_ADDR,
				     &data, sizeof(data));
		}
		mdl_log_add(&m->log, MDL_EV_SYNC, 0, m->st.syncs, "CMD_SYNC");
		return true;
	default:
		mdl_log_add(&m->log, MDL_EV_CONFIG, 0, cmd[0],
			    "illegal command %#llx",
			    (unsigned long long)cmd[0]);
		return false;
	}
}

/* The queue */

enum {
	R_CR0, R_CR0ACK, R_GERROR, R_GERRORN, R_STRTAB_BASE, R_STRTAB_CFG,
	R_CMDQ_BASE, R_CMDQ_PROD, R_CMDQ_CONS, R_NR
};

static const struct mdl_reg s3m_regs[R_NR] = {
	[R_CR0]		= { "CR0", S3M_REG_CR0, 0, 1, 4, MDL_RW, 0 },
	[R_CR0ACK]	= { "CR0ACK", 0x24, 0, 1, 4, MDL_RO, 0 },
	[R_GERROR]	= { "GERROR", S3M_REG_GERROR, 0, 1, 4, MDL_RO, 0 },
	[R_GERRORN]	= { "GERRORN", S3M_REG_GERRORN, 0, 1, 4, MDL_RW, 0 },
	[R_STRTAB_BASE]	= { "STRTAB_BASE", S3M_REG_STRTAB_BASE, 0, 1, 8,
			    MDL_RW, 0 },
	[R_STRTAB_CFG]	= { "STRTAB_BASE_CFG", S3M_REG_STRTAB_CFG, 0, 1, 4,
			    MDL_RW, 0 },
	[R_CMDQ_BASE]	= { "CMDQ_BASE", S3M_REG_CMDQ_BASE, 0, 1, 8, MDL_RW, 0 },
	[R_CMDQ_PROD]	= { "CMDQ_PROD", S3M_REG_CMDQ_PROD, 0, 1, 4, MDL_RW, 0 },
	[R_CMDQ_CONS]	= { "CMDQ_CONS", S3M_REG_CMDQ_CONS, 0, 1, 4, MDL_RW, 0 },
};

static u64 s3m_reg(struct s3m *m, unsigned int r)
{
	return *mdl_rf_val(&m->rf, r, 0);
}

/* Consume commands up to PROD; stop at the first illegal one (§7.1). */
static void s3m_cmdq_run(struct s3m *m)
{
	u64 base = s3m_reg(m, R_CMDQ_BASE);
	unsigned int lg2 = mdl_get(base, QB_LOG2SIZE);
	u32 mask = (u32)MDL_BIT(lg2 + 1) - 1;	/* index and wrap bit */
	u32 prod = s3m_reg(m, R_CMDQ_PROD) & mask;
	u64 *cons = mdl_rf_val(&m->rf, R_CMDQ_CONS, 0);
	u64 cmd[2];

	if (!(s3m_reg(m, R_CR0) & CR0_CMDQEN) || m->cmdq_error)
		return;
	while ((*cons & mask) != prod) {
		u32 idx = *cons & (u32)(MDL_BIT(lg2) - 1);

		if (!m->bus.read(m->bus.ctx, (base & QB_ADDR) + idx * 16ULL,
				 cmd, sizeof(cmd)) || !s3m_command(m, cmd)) {
			m->cmdq_error = true;
			*cons = (*cons & ~QCONS_ERR) |
				mdl_put(QCONS_ERR, QCONS_ERR_ILL);
			*mdl_rf_val(&m->rf, R_GERROR, 0) ^= GERROR_CMDQ;
			return;
		}
		*cons = (*cons & ~(u64)mask) | ((*cons + 1) & mask);
	}
}

/* Registers */

static u64 s3m_rf_read(void *ctx, unsigned int reg, unsigned int inst,
		       u64 stored)
{
	struct s3m *m = ctx;

	return reg == R_CR0ACK ? s3m_reg(m, R_CR0) : stored;
}

static void s3m_rf_write(void *ctx, unsigned int reg, unsigned int inst,
			 u64 old, u64 *val)
{
	struct s3m *m = ctx;

	if (reg == R_CMDQ_PROD) {
		*mdl_rf_val(&m->rf, R_CMDQ_PROD, 0) = *val;
		s3m_cmdq_run(m);
	} else if (reg == R_GERRORN && m->cmdq_error) {
		/* acknowledged: the driver fixed or skipped the command */
		m->cmdq_error = false;
		*mdl_rf_val(&m->rf, R_CMDQ_CONS, 0) &= ~QCONS_ERR;
	} else if (reg == R_CR0) {
		*mdl_rf_val(&m->rf, R_CR0, 0) = *val;
		s3m_cmdq_run(m);
	}
}

static const struct mdl_rf_ops s3m_rf_ops = {
	.read	= s3m_rf_read,
	.write	= s3m_rf_write,
};

u64 s3m_mmio_read(struct s3m *m, u32 off, unsigned int size)
{
	return mdl_rf_read(&m->rf, off, size);
}

void s3m_mmio_write(struct s3m *m, u32 off, unsigned int size, u64 val)
{
	mdl_rf_write(&m->rf, off, size, val);
}

/* Setup */

static bool s3m_mdl_read(void *ctx, u64 pa, void *buf, size_t len)
{
	return mdl_mem_read(ctx, pa, buf, len);
}

static bool s3m_mdl_write(void *ctx, u64 pa, const void *buf, size_t len)
{
	return mdl_mem_write(ctx, pa, buf, len);
}

struct s3m_bus s3m_bus_mdl(struct mdl_mem *mem)
{
	return (struct s3m_bus){ s3m_mdl_read, s3m_mdl_write, mem };
}

int s3m_init(struct s3m *m, struct s3m_bus bus, unsigned int tlb_entries)
{
	memset(m, 0, sizeof(*m));
	m->bus = bus;
	if (mdl_tlb_init(&m->tlb, tlb_entries))
		return -1;
	if (mdl_rf_init(&m->rf, s3m_regs, R_NR, S3M_MMIO_SIZE, &s3m_rf_ops, m,
			&m->log)) {
		mdl_tlb_free(&m->tlb);
		return -1;
	}
	return 0;
}

void s3m_free(struct s3m *m)
{
	mdl_rf_free(&m->rf);
	mdl_tlb_free(&m->tlb);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model skeleton of model.h: event log, sparse memory, register file,
 * TLB and interrupt line.
 *
 * File map:
 *   mdl_log_*     ring of the last events, counts per kind
 *   mdl_mem_*     hashed 4 KiB pages, allocated on first write
 *   mdl_snap_*    region copies and comparison
 *   mdl_rf_*      offset decoding, access checks, 32-bit halves of
 *                 64-bit registers, model hooks
 *   mdl_tlb_*     fixed-size, round-robin replacement, match and remove
 *   mdl_irq_*     level with edge counting
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* ---- event log ---------------------------------------------------- */

static const char *const mdl_ev_name[MDL_EV_NR] = {
	[MDL_EV_ACCESS] = "access", [MDL_EV_CONFIG] = "config",
	[MDL_EV_FAULT] = "fault", [MDL_EV_IRQ] = "irq",
	[MDL_EV_TLBI] = "tlbi", [MDL_EV_SYNC] = "sync",
};

void mdl_log_add(struct mdl_log *log, enum mdl_ev kind, u64 addr, u64 info,
		 const char *fmt, ...)
{
	struct mdl_event *ev = &log->ev[log->total % MDL_LOG_LEN];
	va_list ap;

	ev->kind = kind;
	ev->addr = addr;
	ev->info = info;
	va_start(ap, fmt);
	vsnprintf(ev->what, sizeof(ev->what), fmt, ap);
	va_end(ap);
	log->total++;
	log->count[kind]++;
	if (log->echo)
		fprintf(stderr, "# model %s: %s (0x%llx, 0x%llx)\n",
			mdl_ev_name[kind], ev->what, (unsigned long long)addr,
			(unsigned long long)info);
}

u64 mdl_log_count(const struct mdl_log *log, enum mdl_ev kind)
{
	return log->count[kind];
}

const struct mdl_event *mdl_log_last(const struct mdl_log *log,
				     enum mdl_ev kind)
{
	u64 i, kept = log->total < MDL_LOG_LEN ? log->total : MDL_LOG_LEN;

	for (i = 1; i <= kept; i++) {
		const struct mdl_event *ev =
			&log->ev[(log->total - i) % MDL_LOG_LEN];

		if (ev->kind == kind)
			return ev;
	}
	return NULL;
}

void mdl_log_clear(struct mdl_log *log)
{
	bool echo = log->echo;

	memset(log, 0, sizeof(*log));
	log->echo = echo;
}

/* ---- simulated memory --------------------------------------------- */

struct mdl_page {
	u64 pfn;
	struct mdl_page *next;
	u8 data[MDL_PAGE_SIZE];
};

int mdl_mem_init(struct mdl_mem *mem, unsigned int pa_bits,
		 struct mdl_log *log)
{
	if (pa_bits < MDL_PAGE_SHIFT || pa_bits > 52)
		return -1;
	memset(mem, 0, sizeof(*mem));
	mem->limit = 1ULL << pa_bits;
	mem->nslot = 1024;
	mem->slot = calloc(mem->nslot, sizeof(*mem->slot));
	mem->log = log;
	return mem->slot ? 0 : -1;
}

void mdl_mem_free(struct mdl_mem *mem)
{
	unsigned int i;

	for (i = 0; i < mem->nslot; i++) {
		while (mem->slot[i]) {
			struct mdl_page *p = mem->slot[i];

			mem->slot[i] = p->next;
			free(p);
		}
	}
	free(mem->slot);
	mem->slot = NULL;
}

int mdl_mem_attach(struct mdl_mem *mem, u64 pa, void *host, u64 len)
{
	unsigned int i;

	if (mem->nwin == MDL_MEM_WINDOWS || !len || !host ||
	    ((pa | len) & (MDL_PAGE_SIZE - 1)) || len > mem->limit ||
	    pa > mem->limit - len)
		return -1;
	for (i = 0; i < mem->nwin; i++)
		if (pa < mem->win[i].pa + mem->win[i].len &&
		    mem->win[i].pa < pa + len)
			return -1;
	mem->win[mem->nwin].pa = pa;
	mem->win[mem->nwin].len = len;
	mem->win[mem->nwin].host = host;
	mem->nwin++;
	return 0;
}

/* the host bytes of page-aligned @pa when a window holds it, else NULL */
static u8 *mdl_win_of(struct mdl_mem *mem, u64 pa)
{
	unsigned int i;

	for (i = 0; i < mem->nwin; i++)
		if (pa - mem->win[i].pa < mem->win[i].len)
			return mem->win[i].host + (pa - mem->win[i].pa);
	return NULL;
}

/* the page holding @pa; allocated (zeroed) only when @make */
static struct mdl_page *mdl_page_of(struct mdl_mem *mem, u64 pa, bool make)
{
	u64 pfn = pa >> MDL_PAGE_SHIFT;
	struct mdl_page **head = &mem->slot[(pfn * 0x9e3779b1u) % mem->nslot];
	struct mdl_page *p;

	for (p = *head; p; p = p->next)
		if (p->pfn == pfn)
			return p;
	if (!make)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		abort();	/* the host ran out of memory: nothing to model */
	p->pfn = pfn;
	p->next = *head;
	*head = p;
	mem->npages++;
	return p;
}

static bool mdl_mem_in(struct mdl_mem *mem, u64 pa, size_t len, bool wr)
{
	if (len <= mem->limit && pa <= mem->limit - len)
		return true;
	if (mem->log)
		mdl_log_add(mem->log, MDL_EV_CONFIG, pa, len,
			    "memory %s beyond the simulated memory",
			    wr ? "write" : "read");
	return false;
}

bool mdl_mem_read(struct mdl_mem *mem, u64 pa, void *buf, size_t len)
{
	u8 *out = buf;

	if (!mdl_mem_in(mem, pa, len, false))
		return false;
	while (len) {
		u64 off = pa & (MDL_PAGE_SIZE - 1);
		size_t n = MDL_PAGE_SIZE - off < len ? MDL_PAGE_SIZE - off : len;
		u8 *host = mdl_win_of(mem, pa - off);
		struct mdl_page *p = host ? NULL : mdl_page_of(mem, pa, false);

		if (host)
			memcpy(out, host + off, n);
		else if (p)
			memcpy(out, p->data + off, n);
		else
			memset(out, 0, n);
		out += n;
		pa += n;
		len -= n;
	}
	return true;
}

bool mdl_mem_write(struct mdl_mem *mem, u64 pa, const void *buf, size_t len)
{
	const u8 *in = buf;

	if (!mdl_mem_in(mem, pa, len, true))
		return false;
	mem->bytes_written += len;
	while (len) {
		u64 off = pa & (MDL_PAGE_SIZE - 1);
		size_t n = MDL_PAGE_SIZE - off < len ? MDL_PAGE_SIZE - off : len;
		u8 *host = mdl_win_of(mem, pa - off);

		memcpy((host ? host : mdl_page_of(mem, pa, true)->data) + off,
		       in, n);
		in += n;
		pa += n;
		len -= n;
	}
	return true;
}

u8 mdl_mem_rd8(struct mdl_mem *mem, u64 pa)
{
	u8 v = 0;

	mdl_mem_read(mem, pa, &v, 1);
	return v;
}

void mdl_mem_wr8(struct mdl_mem *mem, u64 pa, u8 val)
{
	mdl_mem_write(mem, pa, &val, 1);
}

/* little-endian whatever the host is */
u64 mdl_mem_rd64(struct mdl_mem *mem, u64 pa)
{
	u8 b[8] = { 0 };
	u64 v = 0;
	int i;

	mdl_mem_read(mem, pa, b, 8);
	for (i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

void mdl_mem_wr64(struct mdl_mem *mem, u64 pa, u64 val)
{
	u8 b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = val >> (8 * i);
	mdl_mem_write(mem, pa, b, 8);
}

struct mdl_snap *mdl_snap_take(struct mdl_mem *mem, u64 pa, size_t len)
{
	struct mdl_snap *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->bytes = malloc(len ? len : 1);
	if (!s->bytes || !mdl_mem_read(mem, pa, s->bytes, len)) {
		free(s->bytes);
		free(s);
		return NULL;
	}
	s->pa = pa;
	s->len = len;
	return s;
}

long mdl_snap_diff(struct mdl_mem *mem, const struct mdl_snap *snap)
{
	u8 now[256];
	size_t done, n, i;

	for (done = 0; done < snap->len; done += n) {
		n = snap->len - done < sizeof(now) ? snap->len - done : sizeof(now);
		mdl_mem_read(mem, snap->pa + done, now, n);
		if (!memcmp(now, snap->bytes + done, n))
			continue;
		for (i = 0; i < n; i++)
			if (now[i] != snap->bytes[done + i])
				return (long)(done + i);
	}
	return -1;
}

void mdl_snap_free(struct mdl_snap *snap)
{
	if (snap)
		free(snap->bytes);
	free(snap);
}

/* ---- register file ------------------------------------------------ */

int mdl_rf_init(struct mdl_regfile *rf, const struct mdl_reg *regs,
		unsigned int nregs, u32 size, const struct mdl_rf_ops *ops,
		void *ctx, struct mdl_log *log)
{
	unsigned int r, i;

	memset(rf, 0, sizeof(*rf));
	rf->val = calloc(nregs, sizeof(*rf->val));
	if (!rf->val)
		return -1;
	rf->regs = regs;
	rf->nregs = nregs;
	rf->size = size;
	rf->ops = ops;
	rf->ctx = ctx;
	rf->log = log;
	for (r = 0; r < nregs; r++) {
		rf->val[r] = calloc(regs[r].count ? regs[r].count : 1, sizeof(u64));
		if (!rf->val[r]) {
			mdl_rf_free(rf);
			return -1;
		}
		for (i = 0; i < regs[r].count; i++)
			rf->val[r][i] = regs[r].reset;
	}
	return 0;
}

void mdl_rf_free(struct mdl_regfile *rf)
{
	unsigned int r;

	for (r = 0; rf->val && r < rf->nregs; r++)
		free(rf->val[r]);
	free(rf->val);
	rf->val = NULL;
}

void mdl_rf_reset(struct mdl_regfile *rf)
{
	unsigned int r, i;

	for (r = 0; r < rf->nregs; r++)
		for (i = 0; i < rf->regs[r].count; i++)
			rf->val[r][i] = rf->regs[r].reset;
}

u64 *mdl_rf_val(struct mdl_regfile *rf, unsigned int reg, unsigned int inst)
{
	return &rf->val[reg][inst];
}

/*
 * Find the register under @off.  *@hi is set when @off is the upper word
 * of a 64-bit register (a 32-bit access to its top half).
 */
static int mdl_rf_find(const struct mdl_regfile *rf, u32 off,
		       unsigned int *inst, bool *hi)
{
	unsigned int r;

	for (r = 0; r < rf->nregs; r++) {
		const struct mdl_reg *d = &rf->regs[r];
		u32 rel, i;

		if (!d->count || off < d->base)
			continue;
		rel = off - d->base;
		i = d->stride ? rel / d->stride : 0;
		if (i >= d->count)
			continue;
		rel -= i * d->stride;
		if (rel == 0 || (rel == 4 && d->width == 8)) {
			*inst = i;
			*hi = rel == 4;
			return (int)r;
		}
	}
	return -1;
}

static const struct mdl_reg *mdl_rf_check(struct mdl_regfile *rf, u32 off,
					  unsigned int size, bool wr,
					  unsigned int *reg, unsigned int *inst,
					  bool *hi)
{
	const struct mdl_reg *d;
	int r;

	if ((size != 4 && size != 8) || off % size || off >= rf->size) {
		mdl_log_add(rf->log, MDL_EV_ACCESS, off, size,
			    "%u-byte %s at a bad offset or size", size,
			    wr ? "write" : "read");
		return NULL;
	}
	r = mdl_rf_find(rf, off, inst, hi);
	if (r < 0) {
		mdl_log_add(rf->log, MDL_EV_ACCESS, off, size,
			    "%s of no register", wr ? "write" : "read");
		return NULL;
	}
	d = &rf->regs[r];
	*reg = (unsigned int)r;
	if (size > d->width) {
		mdl_log_add(rf->log, MDL_EV_ACCESS, off, size,
			    "64-bit %s of 32-bit %s%u", wr ? "write" : "read",
			    d->name, *inst);
		return NULL;
	}
	if (wr && d->access == MDL_RO) {
		mdl_log_add(rf->log, MDL_EV_ACCESS, off, size,
			    "write to read-only %s%u", d->name, *inst);
		return NULL;
	}
	if (!wr && d->access == MDL_WO) {
		mdl_log_add(rf->log, MDL_EV_ACCESS, off, size,
			    "read of write-only %s%u", d->name, *inst);
		return NULL;
	}
	return d;
}

u64 mdl_rf_read(struct mdl_regfile *rf, u32 off, unsigned int size)
{
	unsigned int reg, inst;
	bool hi;
	u64 v;

	if (!mdl_rf_check(rf, off, size, false, &reg, &inst, &hi))
		return 0;
	v = rf->val[reg][inst];
	if (rf->ops->read)
		v = rf->ops->read(rf->ctx, reg, inst, v);
	if (hi)
		return v >> 32;
	return size == 4 ? (u32)v : v;
}

/*
 * A 32-bit write to half of a 64-bit register merges into the stored
 * value.  For write-only registers (operations such as invalidations)
 * the upper half only latches and the lower half starts the operation,
 * which is what a driver writing the top word first expects; the latch
 * is then cleared.
 */
void mdl_rf_write(struct mdl_regfile *rf, u32 off, unsigned int size, u64 val)
{
	const struct mdl_reg *d;
	unsigned int reg, inst;
	u64 old, v;
	bool hi;

	d = mdl_rf_check(rf, off, size, true, &reg, &inst, &hi);
	if (!d)
		return;
	old = rf->val[reg][inst];
	if (size == 8)
		v = val;
	else if (hi)
		v = (old & 0xffffffffULL) | (u64)(u32)val << 32;
	else if (d->width == 8)
		v = (old & ~0xffffffffULL) | (u32)val;
	else
		v = (u32)val;
	rf->val[reg][inst] = v;
	if (d->access == MDL_WO && hi)
		return;
	if (rf->ops->write)
		rf->ops->write(rf->ctx, reg, inst, old, &rf->val[reg][inst]);
	if (d->access == MDL_WO)
		rf->val[reg][inst] = 0;
}

/* ---- TLB ---------------------------------------------------------- */

int mdl_tlb_init(struct mdl_tlb *tlb, unsigned int entries)
{
	memset(tlb, 0, sizeof(*tlb));
	if (!entries)
		return -1;
	tlb->ent = calloc(entries, sizeof(*tlb->ent));
	tlb->n = entries;
	return tlb->ent ? 0 : -1;
}

void mdl_tlb_free(struct mdl_tlb *tlb)
{
	free(tlb->ent);
	tlb->ent = NULL;
}

static bool mdl_tlb_covers(const struct mdl_tlb_ent *e, u64 addr)
{
	return (addr >> e->size_lg2) == (e->in >> e->size_lg2);
}

const struct mdl_tlb_ent *mdl_tlb_lookup(struct mdl_tlb *tlb, u16 ctx,
					 u32 vmid, u32 asid, u64 in)
{
	unsigned int i;

	for (i = 0; i < tlb->n; i++) {
		const struct mdl_tlb_ent *e = &tlb->ent[i];

		if (e->valid && e->ctx == ctx && e->vmid == vmid &&
		    (e->global || e->asid == asid) && mdl_tlb_covers(e, in)) {
			tlb->hits++;
			return e;
		}
	}
	tlb->misses++;
	return NULL;
}

void mdl_tlb_fill(struct mdl_tlb *tlb, const struct mdl_tlb_ent *ent)
{
	struct mdl_tlb_ent *slot = &tlb->ent[tlb->next];

	if (slot->valid)
		tlb->evictions++;
	*slot = *ent;
	slot->valid = true;
	tlb->next = (tlb->next + 1) % tlb->n;
	tlb->fills++;
}

static bool mdl_tlb_matches(const struct mdl_tlb_ent *e,
			    const struct mdl_tlb_match *m)
{
	if ((m->flags & MDL_TLBI_CTX) && e->ctx != m->ctx)
		return false;
	if ((m->flags & MDL_TLBI_VMID) && e->vmid != m->vmid)
		return false;
	if ((m->flags & MDL_TLBI_NONGLOBAL) && e->global)
		return false;
	if ((m->flags & MDL_TLBI_ASID) && !e->global && e->asid != m->asid)
		return false;
	if ((m->flags & MDL_TLBI_VA) && !mdl_tlb_covers(e, m->addr))
		return false;
	if ((m->flags & MDL_TLBI_IPA) &&
	    (e->ipa >> e->size_lg2) != (m->addr >> e->size_lg2))
		return false;
	return true;
}

unsigned int mdl_tlb_inval(struct mdl_tlb *tlb, const struct mdl_tlb_match *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < tlb->n; i++) {
		struct mdl_tlb_ent *e = &tlb->ent[i];

		if (e->valid && mdl_tlb_matches(e, m)) {
			e->valid = false;
			n++;
		}
	}
	tlb->removed += n;
	return n;
}

unsigned int mdl_tlb_live(const struct mdl_tlb *tlb)
{
	unsigned int i, n = 0;

	for (i = 0; i < tlb->n; i++)
		n += tlb->ent[i].valid;
	return n;
}

/* ---- interrupt line ----------------------------------------------- */

void mdl_irq_init(struct mdl_irq *irq, const char *name, struct mdl_log *log)
{
	memset(irq, 0, sizeof(*irq));
	snprintf(irq->name, sizeof(irq->name), "%s", name);
	irq->log = log;
}

void mdl_irq_set(struct mdl_irq *irq, bool level)
{
	if (level && !irq->level) {
		irq->edges++;
		mdl_log_add(irq->log, MDL_EV_IRQ, 0, irq->edges, "%s raised",
			    irq->name);
	}
	irq->level = level;
}

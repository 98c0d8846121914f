// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the SMMUv2 model.  The input is a script: its
 * first byte picks a translation format, the rest are operations of a
 * small "driver" (map, unmap, DMA) interleaved with arbitrary MMIO reads
 * and writes.  Invariants, checked after every operation:
 *
 *  - nothing crashes, nothing reads or writes outside the model's memory
 *    (ASan/UBSan);
 *  - while the driver's configuration is intact, every DMA agrees with
 *    the reference walk of ref.c: the result, the bytes moved, where they
 *    landed (a shadow copy of the data region), and for a fault the FSR
 *    bit and FAR;
 *  - a DMA never writes more bytes than it carries;
 *  - after arbitrary MMIO writes (which may point the bank anywhere, so
 *    DMA is read-only until then) the driver reprograms the bank and
 *    invalidates everything, and the invariants above hold again;
 *  - at the end, the data region holds exactly what the shadow says.
 *
 * File map:
 *   formats           struct fz_fmt: the four formats the script picks from
 *   driver            fz_program(), fz_inval(), fz_map(), fz_unmap()
 *   reference check   fz_expect(), fz_dma()
 *   chaos             fz_mmio()
 *   entry point       FUZZ_ENTRY (LLVMFuzzerTestOneInput)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"
#include "smmu2.h"
#include "smmu2-regs.h"

#define FZ_SID		0x10
#define FZ_CB		1
#define FZ_ASID		5
#define FZ_POOL		0x100000ULL	/* tables: 1 MiB .. 5 MiB */
#define FZ_POOL_LEN	0x400000ULL
#define FZ_DATA		0x800000ULL	/* data: one 2 MiB block at 8 MiB */
#define FZ_DATA_LEN	0x200000ULL
#define FZ_VA_PAGES	0x40000000ULL	/* page mappings */
#define FZ_VA_BLOCKS	0x50000000ULL	/* 2 MiB block mappings */

enum { FZ_A64_4K, FZ_A64_64K, FZ_LPAE, FZ_S2_4K, FZ_NFMT };

struct fz_fmt {
	unsigned int gran, ias;
	bool blocks, stage2, lpae;
};

static const struct fz_fmt fz_fmts[FZ_NFMT] = {
	[FZ_A64_4K] = { 12, 39, true, false, false },
	[FZ_A64_64K] = { 16, 42, false, false, false },
	[FZ_LPAE] = { 12, 32, true, false, true },
	[FZ_S2_4K] = { 12, 40, true, true, false },
};

struct fz {
	struct smmu2 *s;
	struct mdl_mem *mem;
	const struct fz_fmt *f;
	struct ref_pt pt;
	u8 *shadow;		/* what the data region must hold */
	u8 *now;		/* what it holds */
	bool dirty;		/* MMIO chaos since the last reprogramming */
	const u8 *in;
	size_t left;
};

/* one run at a time: the big buffers are reused, not reallocated */
static u8 fz_shadow[FZ_DATA_LEN], fz_now[FZ_DATA_LEN];

static void fz_fail(const char *what)
{
	fprintf(stderr, "fuzz invariant broken: %s\n", what);
	abort();
}

static unsigned int fz_byte(struct fz *z)
{
	if (!z->left)
		return 0;
	z->left--;
	return *z->in++;
}

static u32 fz_cb(struct fz *z, u32 off)
{
	return smmu2_cb_base(z->s, FZ_CB) + off;
}

/* the driver's whole configuration, written as after a reset */
static void fz_program(struct fz *z)
{
	const struct fz_fmt *f = z->f;
	u32 gr1 = smmu2_gr1_base(z->s), g;
	u64 tcr;

	for (g = 1; g < 4; g++) {
		smmu2_write32(z->s, SM2_SMR(g), 0);
		smmu2_write32(z->s, SM2_S2CR(g),
			      mdl_put(SM2_S2CR_TYPE, SM2_S2CR_FAULT));
	}
	smmu2_write32(z->s, SM2_SMR(0), SM2_SMR_VALID |
		      mdl_put(SM2_SMR_ID, FZ_SID));
	smmu2_write32(z->s, SM2_S2CR(0), mdl_put(SM2_S2CR_CBNDX, FZ_CB));
	smmu2_write32(z->s, SM2_SCR0, SM2_SCR0_USFCFG | SM2_SCR0_GFRE);
	smmu2_write32(z->s, gr1 + SM2_CBAR(FZ_CB), mdl_put(SM2_CBAR_VMID, 3) |
		      mdl_put(SM2_CBAR_TYPE, f->stage2 ? SM2_CBAR_S2 :
				      SM2_CBAR_S1_BYPASS));
	smmu2_write32(z->s, gr1 + SM2_CBA2R(FZ_CB), f->lpae ? 0 : SM2_CBA2R_VA64);
	if (f->lpae)
		tcr = SM2_TCR_EAE | SM2_TCR_EPD1 |
		      mdl_put(SM2_TCR_LPAE_T0SZ, 32 - f->ias);
	else
		tcr = mdl_put(SM2_TCR_T0SZ, 64 - f->ias) |
		      mdl_put(SM2_TCR_TG0, f->gran == 16 ? SM2_TG0_64K :
						  SM2_TG0_4K) |
		      (f->stage2 ? mdl_put(SM2_TCR_S2_SL0, 1) |
				   mdl_put(SM2_TCR_S2_PASIZE, 5) :
				   SM2_TCR_EPD1);
	smmu2_write32(z->s, fz_cb(z, SM2_CB_TCR), (u32)tcr);
	smmu2_write32(z->s, fz_cb(z, SM2_CB_TCR2), mdl_put(SM2_TCR2_PASIZE, 5));
	smmu2_write64(z->s, fz_cb(z, SM2_CB_TTBR0), z->pt.root |
		      (f->stage2 ? 0 : (u64)FZ_ASID << 48));
	smmu2_write64(z->s, fz_cb(z, SM2_CB_TTBR1), 0);
	smmu2_write32(z->s, fz_cb(z, SM2_CB_FSR), ~0U);
	smmu2_write32(z->s, fz_cb(z, SM2_CB_SCTLR), SM2_SCTLR_M | SM2_SCTLR_CFRE);
	smmu2_write32(z->s, SM2_TLBIALLNSNH, 0);
	smmu2_write32(z->s, SM2_TLBGSYNC, 0);
	if (smmu2_read32(z->s, SM2_TLBGSTATUS) & SM2_TLBGSTATUS_GSACTIVE)
		fz_fail("TLBGSYNC did not complete");
	z->dirty = false;
}

/* invalidate whatever maps @va, as a careful driver does */
static void fz_inval(struct fz *z, u64 va)
{
	if (z->f->stage2)
		smmu2_write64(z->s, fz_cb(z, SM2_CB_TLBIIPAS2), va >> 12);
	else if (z->f->lpae)
		smmu2_write32(z->s, fz_cb(z, SM2_CB_TLBIVA),
			      (u32)(va & ~0xfffULL) | FZ_ASID);
	else
		smmu2_write64(z->s, fz_cb(z, SM2_CB_TLBIVA),
			      (va >> 12) | (u64)FZ_ASID << 48);
	smmu2_write32(z->s, fz_cb(z, SM2_CB_TLBSYNC), 0);
}

static unsigned int fz_prot(struct fz *z, unsigned int b)
{
	unsigned int p = (b & 1 ? REF_W : 0) | (b & 2 ? REF_U : 0) | REF_R;

	if ((b & 0x1c) == 0x1c)
		p |= REF_NOAF;		/* one map in eight */
	if (z->f->stage2 && (b & 0x20))
		p &= ~REF_R;		/* stage 2 can refuse reads */
	return p;
}

static void fz_map(struct fz *z)
{
	unsigned int slot = fz_byte(z), pg = fz_byte(z), b = fz_byte(z);
	u64 gsize = 1ULL << z->f->gran, va, pa;
	int level = 3;

	if (z->f->blocks && (b & 0x80)) {
		va = FZ_VA_BLOCKS + (u64)(slot % 16) * 0x200000;
		pa = FZ_DATA;
		level = 2;
	} else {
		va = FZ_VA_PAGES + (u64)(slot % 64) * gsize;
		pa = FZ_DATA + ((u64)pg * gsize) % FZ_DATA_LEN;
	}
	if (ref_set_leaf(&z->pt, va, pa, fz_prot(z, b)) &&
	    ref_map(&z->pt, va, pa, level, fz_prot(z, b)))
		return;		/* the table pool is full: nothing changed */
	fz_inval(z, va);
}

static void fz_unmap(struct fz *z)
{
	unsigned int slot = fz_byte(z), b = fz_byte(z);
	u64 va = b & 1 ? FZ_VA_BLOCKS + (u64)(slot % 16) * 0x200000 :
			 FZ_VA_PAGES + (u64)(slot % 64) * (1ULL << z->f->gran);

	if (!ref_set_leaf(&z->pt, va, 0, 0))
		fz_inval(z, va);
}

/*
 * What the reference walk says of byte @va for an access with @flags:
 * 0 and *@pa, or the FSR bit of the fault.
 */
static u32 fz_expect(struct fz *z, u64 va, unsigned int flags, u64 *pa)
{
	unsigned int prot;
	int level;

	if (ref_walk(&z->pt, va, pa, &prot, &level))
		return SM2_FSR_TF;
	if (prot & REF_NOAF)
		return SM2_FSR_AFF;
	if (flags & SMMU2_TXN_WRITE ? !(prot & REF_W) : !(prot & REF_R))
		return SM2_FSR_PF;
	if (!z->f->stage2 && !(flags & SMMU2_TXN_PRIV) && !(prot & REF_U))
		return SM2_FSR_PF;
	if (*pa < FZ_DATA || *pa >= FZ_DATA + FZ_DATA_LEN)
		fz_fail("a mapping outside the data region");
	return 0;
}

static void fz_dma(struct fz *z)
{
	unsigned int slot = fz_byte(z), off = fz_byte(z) << 4, b = fz_byte(z);
	unsigned int flags = (b & 1 ? SMMU2_TXN_WRITE : 0) |
			     (b & 2 ? SMMU2_TXN_PRIV : 0);
	size_t len = 1 + fz_byte(z) * 2, done, i;
	u64 va = (b & 4 ? FZ_VA_BLOCKS + (u64)(slot % 16) * 0x200000 :
		  FZ_VA_PAGES + (u64)(slot % 64) * (1ULL << z->f->gran)) + off;
	u64 before = smmu2_mem(z->s)->bytes_written, pa = 0;
	enum smmu2_result r;
	bool faulted;
	u8 buf[512];
	u32 fault = 0;

	if (z->dirty)		/* no expectation: do not let chaos write */
		flags &= ~SMMU2_TXN_WRITE;
	for (i = 0; i < len; i++)
		buf[i] = (u8)(b + i * 29);
	r = smmu2_dma(z->s, FZ_SID, va, buf, len, flags, NULL);
	if (smmu2_mem(z->s)->bytes_written - before > (flags & SMMU2_TXN_WRITE ?
						       len : 0))
		fz_fail("a DMA wrote more than it carried");
	if (z->dirty)
		return;
	for (done = 0; done < len; done++) {
		fault = fz_expect(z, va + done, flags, &pa);
		if (fault)
			break;
		if (flags & SMMU2_TXN_WRITE)
			z->shadow[pa - FZ_DATA] = buf[done];
		else if (buf[done] != z->shadow[pa - FZ_DATA])
			fz_fail("a read returned other bytes than the walk's");
	}
	faulted = r == SMMU2_FAULT;
	if (r == SMMU2_BYPASS || faulted == !fault) {
		fprintf(stderr, "result %d at 0x%llx+%zu, reference fault 0x%x\n",
			r, (unsigned long long)va, done, fault);
		fz_fail("the result disagrees with the reference walk");
	}
	if (!fault)
		return;
	if (!(smmu2_read32(z->s, fz_cb(z, SM2_CB_FSR)) & fault) ||
	    smmu2_read64(z->s, fz_cb(z, SM2_CB_FAR)) != va + done)
		fz_fail("FSR or FAR disagree with the reference walk");
	for (i = done; i < len && !(flags & SMMU2_TXN_WRITE); i++)
		if (buf[i])
			fz_fail("a faulting read was not zero-filled");
	smmu2_write32(z->s, fz_cb(z, SM2_CB_FSR), ~0U);
}

/* arbitrary MMIO: reads anywhere, writes that spoil the configuration */
static void fz_mmio(struct fz *z, bool wr)
{
	u32 off = (fz_byte(z) | fz_byte(z) << 8 | fz_byte(z) << 16) &
		  ~3U & (smmu2_mmio_size(z->s) - 1);
	unsigned int size = fz_byte(z) & 1 ? 8 : 4;
	u64 v = (u64)fz_byte(z) << 24 | fz_byte(z) << 16 | fz_byte(z) << 8 |
		fz_byte(z);

	if (!wr) {
		if (size == 8)
			smmu2_read64(z->s, off & ~7U);
		else
			smmu2_read32(z->s, off);
		return;
	}
	if (size == 8)
		smmu2_write64(z->s, off & ~7U, v | v << 32);
	else
		smmu2_write32(z->s, off, (u32)v);
	z->dirty = true;
}

/* FUZZ_ENTRY is libFuzzer's entry point name, set by the Makefile */
int FUZZ_ENTRY(const u8 *data, size_t size);

int FUZZ_ENTRY(const u8 *data, size_t size)
{
	struct smmu2_config c;
	char err[128];
	struct fz z;

	if (!size)
		return 0;
	memset(&z, 0, sizeof(z));
	z.in = data + 1;
	z.left = size - 1;
	z.f = &fz_fmts[data[0] % FZ_NFMT];
	smmu2_default_config(&c);
	c.mem_bits = 26;
	c.tlb_entries = 16;	/* small: replacement happens too */
	z.s = smmu2_create(&c, err, sizeof(err));
	if (!z.s)
		fz_fail(err);
	z.mem = smmu2_mem(z.s);
	smmu2_log(z.s)->echo = !!getenv("MODEL_VERBOSE");
	z.shadow = fz_shadow;
	z.now = fz_now;
	memset(fz_shadow, 0, FZ_DATA_LEN);
	if (ref_pt_init(&z.pt, z.mem, FZ_POOL, FZ_POOL_LEN, z.f->gran, z.f->ias,
			z.f->stage2, z.f->stage2 ? 1 : -1))
		fz_fail("setup");
	fz_program(&z);
	while (z.left) {
		switch (fz_byte(&z) % 8) {
		case 0:
		case 1:
			fz_map(&z);
			break;
		case 2:
			fz_unmap(&z);
			break;
		case 3:
		case 4:
		case 5:
			fz_dma(&z);
			break;
		case 6:
			fz_mmio(&z, fz_byte(&z) & 1);
			break;
		default:
			if (z.dirty)
				fz_program(&z);
			break;
		}
	}
	if (!z.dirty) {
		mdl_mem_read(z.mem, FZ_DATA, z.now, FZ_DATA_LEN);
		if (memcmp(z.now, z.shadow, FZ_DATA_LEN))
			fz_fail("the data region holds bytes no DMA wrote");
	}
	smmu2_destroy(z.s);
	return 0;
}

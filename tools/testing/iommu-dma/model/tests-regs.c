// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-tests of the SMMUv2 model, part 3: what the registers say and how
 * they take accesses.
 *
 * File map:
 *   ID registers      the default configuration, a v1 with stream
 *                     indexing and 64 KiB register pages
 *   configurations    impossible ones refused with a reason
 *   access checks     read-only, write-only, sizes, offsets: logged,
 *                     no effect
 *   64-bit registers  written in 32-bit halves, high word first
 */
#include <string.h>

#include "tests.h"

static int t_idr_default(void)
{
	struct smmu2_config c;
	struct t_env e;
	u32 id0, id1, id2;

	smmu2_default_config(&c);
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	id0 = smmu2_read32(e.s, SM2_IDR0);
	id1 = smmu2_read32(e.s, SM2_IDR1);
	id2 = smmu2_read32(e.s, SM2_IDR2);
	t_del(&e);
	if (T_MISS(mdl_get(id0, SM2_IDR0_NUMSMRG) == 4 && (id0 & SM2_IDR0_SMS) &&
		   (id0 & SM2_IDR0_S1TS) && (id0 & SM2_IDR0_S2TS) &&
		   !(id0 & SM2_IDR0_NTS) && !(id0 & SM2_IDR0_EXIDS) &&
		   mdl_get(id0, SM2_IDR0_NUMSIDB) == 15 &&
		   mdl_get(id0, SM2_IDR0_PTFS) == SM2_PTFS_LONG, "IDR0 0x%x", id0))
		return -1;
	if (T_MISS(mdl_get(id1, SM2_IDR1_NUMCB) == 8 &&
		   mdl_get(id1, SM2_IDR1_NUMS2CB) == 1 &&
		   mdl_get(id1, SM2_IDR1_NUMPAGENDXB) == 3 &&
		   !(id1 & SM2_IDR1_PAGESIZE), "IDR1 0x%x", id1))
		return -1;
	if (T_MISS(mdl_get(id2, SM2_IDR2_IAS) == 5 && mdl_get(id2, SM2_IDR2_OAS) == 5 &&
		   (id2 & SM2_IDR2_PTFS_4K) && (id2 & SM2_IDR2_PTFS_64K) &&
		   !(id2 & SM2_IDR2_PTFS_16K), "IDR2 0x%x", id2))
		return -1;
	return 0;
}

static int t_idr_v1_indexing(void)
{
	struct smmu2_config c;
	struct t_env e;
	u32 id0, id1, id2, size;

	smmu2_default_config(&c);
	c.version = 1;
	c.stream_match = false;
	c.sid_bits = 6;
	c.aarch64_4k = false;
	c.aarch64_64k = false;
	c.page_64k = true;
	c.numpagendxb = 2;
	c.num_cb = 5;
	c.num_s2cb = 0;
	c.s2 = false;
	c.ias = 40;
	c.oas = 36;
	if (T_MISS(!t_new(&e, &c), "create"))
		return -1;
	id0 = smmu2_read32(e.s, SM2_IDR0);
	id1 = smmu2_read32(e.s, SM2_IDR1);
	id2 = smmu2_read32(e.s, SM2_IDR2);
	size = smmu2_mmio_size(e.s);
	t_del(&e);
	if (T_MISS(!(id0 & SM2_IDR0_SMS) && !mdl_get(id0, SM2_IDR0_NUMSMRG) &&
		   mdl_get(id0, SM2_IDR0_NUMSIDB) == 6 && !(id0 & SM2_IDR0_S2TS),
		   "IDR0 0x%x", id0))
		return -1;
	if (T_MISS((id1 & SM2_IDR1_PAGESIZE) && mdl_get(id1, SM2_IDR1_NUMCB) == 5 &&
		   mdl_get(id1, SM2_IDR1_NUMPAGENDXB) == 2, "IDR1 0x%x", id1))
		return -1;
	if (T_MISS(mdl_get(id2, SM2_IDR2_IAS) == 2 && mdl_get(id2, SM2_IDR2_OAS) == 1 &&
		   !(id2 & (SM2_IDR2_PTFS_4K | SM2_IDR2_PTFS_64K)), "IDR2 0x%x", id2))
		return -1;
	if (T_MISS(size == 2 * 8 * 0x10000, "window 0x%x", size))
		return -1;
	return 0;
}

static int t_bad_configs(void)
{
	struct smmu2_config c, base;
	char err[128];
	int i;

	smmu2_default_config(&base);
	for (i = 0; i < 8; i++) {
		c = base;
		switch (i) {
		case 0:
			c.version = 3;
			break;
		case 1:		/* AArch64 granules on a v1 */
			c.version = 1;
			break;
		case 2:
			c.num_cb = 0;
			break;
		case 3:
			c.num_s2cb = 9;
			break;
		case 4:
			c.ias = 47;
			break;
		case 5:		/* 4 register pages for 8 banks */
			c.numpagendxb = 1;
			break;
		case 6:
			c.stream_match = false;
			c.sid_bits = 12;
			break;
		case 7:		/* 16-bit IDs without EXIDS */
			c.sid_bits = 16;
			break;
		}
		err[0] = 0;
		if (T_MISS(!smmu2_create(&c, err, sizeof(err)) && err[0],
			   "configuration %d accepted", i))
			return -1;
	}
	return 0;
}

static int t_register_errors(void)
{
	struct t_env e;
	u32 id0;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	mdl_log_clear(e.log);
	id0 = smmu2_read32(e.s, SM2_IDR0);
	smmu2_write32(e.s, SM2_IDR0, 0);
	if (T_MISS(smmu2_read32(e.s, SM2_IDR0) == id0, "read-only IDR0 changed"))
		return -1;
	if (T_MISS(mdl_log_count(e.log, MDL_EV_ACCESS) == 1, "RO write not logged"))
		return -1;
	if (T_MISS(!smmu2_read32(e.s, t_cb(&e, T_CB, SM2_CB_TLBIALL)), "WO read"))
		return -1;
	smmu2_read64(e.s, SM2_SCR0);
	smmu2_write32(e.s, 0x0f0, 1);			/* nothing there */
	smmu2_write32(e.s, SM2_SMR(4), 1);		/* beyond NUMSMRG */
	smmu2_write32(e.s, 0x002, 1);			/* misaligned */
	smmu2_read32(e.s, smmu2_mmio_size(e.s));	/* outside */
	if (T_MISS(mdl_log_count(e.log, MDL_EV_ACCESS) == 7, "%llu errors",
		   (unsigned long long)mdl_log_count(e.log, MDL_EV_ACCESS)))
		return -1;
	if (T_MISS(strstr(mdl_log_last(e.log, MDL_EV_ACCESS)->what, "bad offset"),
		   "last error text"))
		return -1;
	t_del(&e);
	return 0;
}

static int t_register_halves(void)
{
	struct t_env e;
	u32 ttbr;
	u8 b;

	if (T_MISS(!t_s1_default(&e), "setup"))
		return -1;
	ttbr = t_cb(&e, T_CB, SM2_CB_TTBR1);
	smmu2_write32(e.s, ttbr + 4, 0xabcd0000);
	smmu2_write32(e.s, ttbr, 0x12345000);
	if (T_MISS(smmu2_read64(e.s, ttbr) == 0xabcd000012345000ULL, "halves"))
		return -1;
	if (T_MISS(smmu2_read32(e.s, ttbr + 4) == 0xabcd0000, "upper half"))
		return -1;
	/* a 64-bit invalidation written high word first */
	mdl_mem_wr8(e.mem, 0xf00000, 1);
	ref_map(&e.pt, 0x9000, 0xf00000, 3, REF_RW_U);
	smmu2_dma_read(e.s, T_SID, 0x9000, &b, 1);
	ref_set_leaf(&e.pt, 0x9000, 0, 0);
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_TLBIVA) + 4, T_ASID << 16);
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x9000, &b, 1) == SMMU2_OK,
		   "the upper half alone invalidated"))
		return -1;
	smmu2_write32(e.s, t_cb(&e, T_CB, SM2_CB_TLBIVA), 0x9);
	if (T_MISS(smmu2_dma_read(e.s, T_SID, 0x9000, &b, 1) == SMMU2_FAULT,
		   "TLBIVA in two halves did not invalidate"))
		return -1;
	t_del(&e);
	return 0;
}

const struct t_case t_reg_cases[] = {
	{ "ID registers report the default configuration", t_idr_default },
	{ "ID registers of a v1 with stream indexing and 64K pages", t_idr_v1_indexing },
	{ "impossible configurations are refused", t_bad_configs },
	{ "register access errors are logged and change nothing", t_register_errors },
	{ "32-bit halves of 64-bit registers, high word first", t_register_halves },
	{ NULL, NULL }
};

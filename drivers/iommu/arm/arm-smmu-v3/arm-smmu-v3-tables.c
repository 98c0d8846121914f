// SPDX-License-Identifier: GPL-2.0
/*
 * Arm SMMUv3: stream table, context descriptor tables and their entries.
 *
 * Entries are built by pure smmu3_make_*() functions into CPU-endian
 * arrays, then installed by one writer.  The writer first plans the update
 * as a list of single-word stores (smmu3_plan_update()), then carries the
 * plan out; the KUnit suite replays plans against a model of what the SMMU
 * may observe.
 *
 * DOC: ordered entry update
 *
 * The SMMU reads an STE or CD at any time, 64 bits at a time, and may cache
 * it until told otherwise by a CMD_CFGI_* (§3.21.3).  Which bits it reads
 * depends on the entry itself: an STE with V clear is read no further, one
 * configured to bypass ignores the stage 1 fields, and so on.  The
 * &struct smmu3_entry_kind used() hook gives that set for any entry.
 *
 * An update from @cur to @target runs:
 *   1. Store target values in every bit @cur does not use.  The SMMU
 *      cannot tell; no invalidation is needed.
 *   2. If the bits that both need and that still differ all sit in one
 *      word, store that word: a single-copy atomic switch from the old
 *      configuration to the new one ("hitless").  Invalidate.
 *   3. Otherwise break before make: clear V (word 0 holds V in both kinds),
 *      invalidate, store every other word, then store word 0, invalidate.
 *      Meanwhile traffic is terminated, never mistranslated.
 *   4. Store whatever still differs; the new configuration ignores it.
 */
#include <linux/bitfield.h>
#include <linux/dma-mapping.h>
#include <linux/io-pgtable.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "arm-smmu-v3.h"

/* Which bits of an entry does the SMMU read? */

static void smmu3_ste_used(const u64 *ste, u64 *used)
{
	unsigned int cfg = FIELD_GET(STE0_CONFIG, ste[0]);
	/* Attributes that override the incoming ones (§5.2, word 1). */
	const u64 attr_overrides = GENMASK_ULL(51, 32);

	memset(used, 0, sizeof(u64) * STE_QWORDS);
	used[0] = STE0_V;
	if (!(ste[0] & STE0_V))
		return;
	used[0] |= STE0_CONFIG;

	switch (cfg) {
	case STE_CFG_ABORT:
		break;
	case STE_CFG_BYPASS:
		used[1] |= attr_overrides;
		break;
	case STE_CFG_S1:
		used[0] |= STE0_S1FMT | STE0_S1CTXPTR | STE0_S1CDMAX;
		used[1] |= STE1_S1DSS | STE1_S1CIR | STE1_S1COR | STE1_S1CSH |
			   STE1_MEV | STE1_S1STALLD | STE1_EATS | STE1_STRW |
			   attr_overrides;
		used[2] |= STE2_S2VMID;
		break;
	case STE_CFG_S2:
		used[1] |= STE1_MEV | STE1_EATS | STE1_STRW | attr_overrides;
		used[2] = ~0ULL;
		used[3] = STE3_S2TTB;
		break;
	default:
		/* Nested and reserved values: assume everything is read. */
		memset(used, 0xff, sizeof(u64) * STE_QWORDS);
		break;
	}
}

static void smmu3_cd_used(const u64 *cd, u64 *used)
{
	/* A valid CD is read whole; an invalid one no further than V. */
	memset(used, (cd[0] & CD0_V) ? 0xff : 0, sizeof(u64) * CD_QWORDS);
	used[0] |= CD0_V;
}

const struct smmu3_entry_kind smmu3_ste_kind = {
	.name = "STE",
	.valid = STE0_V,
	.used = smmu3_ste_used,
};
EXPORT_SYMBOL_IF_KUNIT(smmu3_ste_kind);

const struct smmu3_entry_kind smmu3_cd_kind = {
	.name = "CD",
	.valid = CD0_V,
	.used = smmu3_cd_used,
};
EXPORT_SYMBOL_IF_KUNIT(smmu3_cd_kind);

static unsigned int smmu3_plan_store(struct smmu3_step *steps, unsigned int n,
				     u64 *cur, unsigned int i, u64 val)
{
	if (cur[i] == val)
		return n;
	cur[i] = val;
	steps[n].qword = i;
	steps[n].val = val;
	steps[n].sync = false;
	return n + 1;
}

static unsigned int smmu3_plan_sync(struct smmu3_step *steps, unsigned int n)
{
	if (n && !steps[n - 1].sync) {
		steps[n - 1].sync = true;
		return n;
	}
	steps[n].qword = SMMU3_STEP_SYNC_ONLY;
	steps[n].val = 0;
	steps[n].sync = true;
	return n + 1;
}

/**
 * smmu3_plan_update() - plan the stores that turn one entry into another
 * @kind: STE or CD
 * @cur: the entry as it is now
 * @target: the entry wanted
 * @steps: receives the plan, at most %SMMU3_MAX_STEPS steps
 *
 * See the DOC comment "ordered entry update".  Pure function.
 *
 * Return: number of steps; 0 if @cur already equals @target.
 */
unsigned int smmu3_plan_update(const struct smmu3_entry_kind *kind,
			       const u64 *cur, const u64 *target,
			       struct smmu3_step *steps)
{
	u64 now[SMMU3_ENTRY_QWORDS], used_now[SMMU3_ENTRY_QWORDS];
	u64 used_new[SMMU3_ENTRY_QWORDS];
	unsigned int i, n = 0, critical = 0, num_critical = 0;

	memcpy(now, cur, sizeof(now));
	kind->used(now, used_now);
	kind->used(target, used_new);

	/* 1: bits nobody reads yet */
	for (i = 1; i < SMMU3_ENTRY_QWORDS; i++)
		n = smmu3_plan_store(steps, n, now, i,
				     (now[i] & used_now[i]) |
				     (target[i] & ~used_now[i]));

	/* Word 0 is always critical when it differs: it selects the rest. */
	for (i = 0; i < SMMU3_ENTRY_QWORDS; i++) {
		u64 wrong = (now[i] ^ target[i]) & used_new[i];

		if (i == 0)
			wrong = now[0] ^ target[0];
		if (wrong) {
			critical = i;
			num_critical++;
		}
	}
	if (num_critical == 1) {
		/* 2: hitless */
		n = smmu3_plan_store(steps, n, now, critical, target[critical]);
		n = smmu3_plan_sync(steps, n);
	} else if (num_critical > 1) {
		/* 3: break before make */
		n = smmu3_plan_store(steps, n, now, 0, now[0] & ~kind->valid);
		n = smmu3_plan_sync(steps, n);
		for (i = 1; i < SMMU3_ENTRY_QWORDS; i++)
			n = smmu3_plan_store(steps, n, now, i, target[i]);
		n = smmu3_plan_store(steps, n, now, 0, target[0]);
		n = smmu3_plan_sync(steps, n);
	}

	/* 4: leftovers the new setting ignores */
	for (i = 1; i < SMMU3_ENTRY_QWORDS; i++)
		n = smmu3_plan_store(steps, n, now, i, target[i]);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_plan_update);

/* One 64-bit single-copy-atomic store, also on 32-bit Arm with LPAE. */
static void smmu3_store_qword(__le64 *slot, u64 val)
{
	if (IS_ENABLED(CONFIG_64BIT))
		WRITE_ONCE(*slot, cpu_to_le64(val));
	else
		atomic64_set((atomic64_t *)slot, (__force s64)cpu_to_le64(val));
}

static u64 smmu3_load_qword(const __le64 *slot)
{
	if (IS_ENABLED(CONFIG_64BIT))
		return le64_to_cpu(READ_ONCE(*slot));
	return le64_to_cpu((__force __le64)atomic64_read((atomic64_t *)slot));
}

typedef int (*smmu3_sync_fn)(void *ctx);

static int smmu3_update_entry(const struct smmu3_entry_kind *kind,
			      __le64 *entry, const u64 *target,
			      smmu3_sync_fn sync, void *ctx)
{
	struct smmu3_step steps[SMMU3_MAX_STEPS];
	u64 cur[SMMU3_ENTRY_QWORDS];
	unsigned int i, n;
	int ret;

	for (i = 0; i < SMMU3_ENTRY_QWORDS; i++)
		cur[i] = smmu3_load_qword(&entry[i]);
	n = smmu3_plan_update(kind, cur, target, steps);

	for (i = 0; i < n; i++) {
		if (steps[i].qword != SMMU3_STEP_SYNC_ONLY) {
			/* Earlier stores become visible first. */
			dma_wmb();
			smmu3_store_qword(&entry[steps[i].qword], steps[i].val);
		}
		if (steps[i].sync) {
			ret = sync(ctx);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* The entry encoders */

/**
 * smmu3_make_abort_ste() - STE that terminates all traffic silently
 * @ste: receives the entry
 */
void smmu3_make_abort_ste(u64 *ste)
{
	memset(ste, 0, sizeof(u64) * STE_QWORDS);
	ste[0] = STE0_V | FIELD_PREP(STE0_CONFIG, STE_CFG_ABORT);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_make_abort_ste);

/**
 * smmu3_make_bypass_ste() - STE that passes traffic untranslated
 * @ste: receives the entry
 */
void smmu3_make_bypass_ste(u64 *ste)
{
	memset(ste, 0, sizeof(u64) * STE_QWORDS);
	ste[0] = STE0_V | FIELD_PREP(STE0_CONFIG, STE_CFG_BYPASS);
	ste[1] = FIELD_PREP(STE1_SHCFG, SHCFG_INCOMING);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_make_bypass_ste);

/**
 * smmu3_make_s1_ste() - STE translating through a CD table
 * @ste: receives the entry
 * @smmu: the SMMU (for its features)
 * @cdtab: the master's CD table
 */
void smmu3_make_s1_ste(u64 *ste, const struct smmu3_device *smmu,
		       const struct smmu3_cdtab *cdtab)
{
	bool coherent = smmu->features & SMMU3_FEAT_COHERENT;
	unsigned int cache = coherent ? CACHE_WBRA : CACHE_NC;

	memset(ste, 0, sizeof(u64) * STE_QWORDS);
	ste[0] = STE0_V | FIELD_PREP(STE0_CONFIG, STE_CFG_S1) |
		 FIELD_PREP(STE0_S1FMT, cdtab->fmt) |
		 ((u64)cdtab->dma & STE0_S1CTXPTR) |
		 FIELD_PREP(STE0_S1CDMAX, cdtab->ssid_bits);
	ste[1] = FIELD_PREP(STE1_S1DSS, cdtab->ssid_bits ? S1DSS_SSID0 :
			    S1DSS_TERMINATE) |
		 FIELD_PREP(STE1_S1CIR, cache) |
		 FIELD_PREP(STE1_S1COR, cache) |
		 FIELD_PREP(STE1_S1CSH, coherent ? SHARE_INNER : SHARE_OUTER) |
		 FIELD_PREP(STE1_STRW, STRW_NSEL1) |
		 FIELD_PREP(STE1_SHCFG, SHCFG_INCOMING);
	/* Where stalls are optional, we take faults as aborts. */
	if ((smmu->features & SMMU3_FEAT_STALLS) &&
	    !(smmu->features & SMMU3_FEAT_STALL_FORCE))
		ste[1] |= STE1_S1STALLD;
	/* Stage 1 only: translations are tagged with VMID 0. */
	ste[2] = FIELD_PREP(STE2_S2VMID, 0);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_make_s1_ste);

/**
 * smmu3_make_s2_ste() - STE translating through a stage 2 domain
 * @ste: receives the entry
 * @smmu: the SMMU
 * @dom: the stage 2 domain
 */
void smmu3_make_s2_ste(u64 *ste, const struct smmu3_device *smmu,
		       const struct smmu3_domain *dom)
{
	memset(ste, 0, sizeof(u64) * STE_QWORDS);
	ste[0] = STE0_V | FIELD_PREP(STE0_CONFIG, STE_CFG_S2);
	ste[1] = FIELD_PREP(STE1_STRW, STRW_NSEL1) |
		 FIELD_PREP(STE1_SHCFG, SHCFG_INCOMING);
	/* dom->tcr already holds S2T0SZ..S2PS in their STE positions. */
	ste[2] = dom->tcr | FIELD_PREP(STE2_S2VMID, dom->tag) |
		 STE2_S2AA64 | STE2_S2R |
		 (IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) ? STE2_S2ENDI : 0);
	ste[3] = dom->ttbr & STE3_S2TTB;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_make_s2_ste);

/**
 * smmu3_make_s1_cd() - CD for a stage 1 domain
 * @cd: receives the entry
 * @smmu: the SMMU
 * @dom: the stage 1 domain
 *
 * Faults are recorded (R) and terminate with an abort (A); the upper VA
 * range (TTB1) is disabled.
 */
void smmu3_make_s1_cd(u64 *cd, const struct smmu3_device *smmu,
		      const struct smmu3_domain *dom)
{
	memset(cd, 0, sizeof(u64) * CD_QWORDS);
	/* dom->tcr already holds T0SZ..IPS in their CD positions. */
	cd[0] = dom->tcr | CD0_EPD1 | CD0_V | CD0_AA64 | CD0_R | CD0_A |
		CD0_ASET | FIELD_PREP(CD0_ASID, dom->tag) |
		(IS_ENABLED(CONFIG_CPU_BIG_ENDIAN) ? CD0_ENDI : 0);
	cd[1] = dom->ttbr & CD1_TTB0;
	cd[3] = dom->mair;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_make_s1_cd);

/**
 * smmu3_make_l1std() - level 1 stream table descriptor
 * @leaf: bus address of the level 2 table
 * @split: log2 of the number of STEs in it
 *
 * Return: the descriptor.
 */
u64 smmu3_make_l1std(dma_addr_t leaf, unsigned int split)
{
	/* Span n covers 2^(n - 1) STEs. */
	return FIELD_PREP(L1STD_SPAN, split + 1) | ((u64)leaf & L1STD_L2PTR);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_make_l1std);

/**
 * smmu3_make_l1cd() - level 1 CD table descriptor
 * @leaf: bus address of the leaf table
 *
 * Return: the descriptor.
 */
u64 smmu3_make_l1cd(dma_addr_t leaf)
{
	return L1CD_V | ((u64)leaf & L1CD_L2PTR);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_make_l1cd);

/* Stream table */

/**
 * smmu3_strtab_init() - allocate the stream table and work out its
 *	register values
 * @smmu: the SMMU, with features and sid_bits known
 *
 * Every STE starts invalid, so traffic from streams nobody claimed is
 * terminated and reported (C_BAD_STE / C_BAD_STREAMID).
 *
 * Return: 0 or -ENOMEM.
 */
int smmu3_strtab_init(struct smmu3_device *smmu)
{
	struct smmu3_strtab *st = &smmu->strtab;
	unsigned int fmt;
	size_t bytes;

	if (!(smmu->features & SMMU3_FEAT_2LVL_STRTAB) ||
	    smmu->sid_bits <= SMMU3_STRTAB_LINEAR_MAX_BITS) {
		st->sid_bits = min_t(u32, smmu->sid_bits,
				     SMMU3_STRTAB_LINEAR_MAX_BITS);
		bytes = (sizeof(u64) * STE_QWORDS) << st->sid_bits;
		st->ste = dmam_alloc_coherent(smmu->dev, bytes, &st->dma,
					      GFP_KERNEL);
		if (!st->ste)
			return -ENOMEM;
		st->num_l1 = 0;
		fmt = STRTAB_FMT_LINEAR;
	} else {
		st->sid_bits = min_t(u32, smmu->sid_bits,
				     SMMU3_STRTAB_SPLIT +
				     SMMU3_STRTAB_L1_MAX_BITS);
		st->num_l1 = 1U << (st->sid_bits - SMMU3_STRTAB_SPLIT);
		st->l1 = dmam_alloc_coherent(smmu->dev,
					     sizeof(u64) * st->num_l1,
					     &st->dma, GFP_KERNEL);
		st->leaves = devm_kcalloc(smmu->dev, st->num_l1,
					  sizeof(*st->leaves), GFP_KERNEL);
		st->leaf_dma = devm_kcalloc(smmu->dev, st->num_l1,
					    sizeof(*st->leaf_dma), GFP_KERNEL);
		if (!st->l1 || !st->leaves || !st->leaf_dma)
			return -ENOMEM;
		fmt = STRTAB_FMT_TWO_LEVEL;
	}
	if (st->sid_bits < smmu->sid_bits)
		dev_info(smmu->dev, "stream table limited to %u-bit StreamIDs\n",
			 st->sid_bits);

	st->base_cfg = FIELD_PREP(SMMU3_STRTAB_CFG_FMT, fmt) |
		       FIELD_PREP(SMMU3_STRTAB_CFG_LOG2SIZE, st->sid_bits) |
		       FIELD_PREP(SMMU3_STRTAB_CFG_SPLIT,
				  st->num_l1 ? SMMU3_STRTAB_SPLIT : 0);
	return 0;
}

/**
 * smmu3_strtab_prepare_sid() - make sure a StreamID has an STE slot
 * @smmu: the SMMU
 * @sid: the StreamID
 *
 * With a two-level table, allocates and installs the level 2 table that
 * holds @sid.  Its STEs start invalid.
 *
 * Context: process context, holding @smmu->streams_mutex.
 * Return: 0, -ERANGE for a StreamID beyond the table, or -ENOMEM.
 */
int smmu3_strtab_prepare_sid(struct smmu3_device *smmu, u32 sid)
{
	struct smmu3_strtab *st = &smmu->strtab;
	u32 l1 = sid >> SMMU3_STRTAB_SPLIT;
	size_t bytes = (sizeof(u64) * STE_QWORDS) << SMMU3_STRTAB_SPLIT;
	struct smmu3_cmd cmd = smmu3_cmd_cfgi_ste(sid);

	lockdep_assert_held(&smmu->streams_mutex);
	if (st->sid_bits < 32 && sid >= BIT(st->sid_bits))
		return -ERANGE;
	if (!st->num_l1 || st->leaves[l1])
		return 0;

	st->leaves[l1] = dmam_alloc_coherent(smmu->dev, bytes,
					     &st->leaf_dma[l1], GFP_KERNEL);
	if (!st->leaves[l1])
		return -ENOMEM;
	/* The zeroed leaf must be visible before the descriptor. */
	dma_wmb();
	smmu3_store_qword(&st->l1[l1],
			  smmu3_make_l1std(st->leaf_dma[l1],
					   SMMU3_STRTAB_SPLIT));
	/* CMD_CFGI_STE also drops a cached level 1 descriptor. */
	return smmu3_submit(smmu, &cmd, 1, true);
}

static __le64 *smmu3_ste_slot(struct smmu3_device *smmu, u32 sid)
{
	struct smmu3_strtab *st = &smmu->strtab;
	u32 mask = BIT(SMMU3_STRTAB_SPLIT) - 1;

	if (!st->num_l1)
		return &st->ste[sid * STE_QWORDS];
	return &st->leaves[sid >> SMMU3_STRTAB_SPLIT][(sid & mask) *
						       STE_QWORDS];
}

struct smmu3_ste_ctx {
	struct smmu3_device	*smmu;
	u32			sid;
};

static int smmu3_sync_ste(void *data)
{
	struct smmu3_ste_ctx *ctx = data;
	struct smmu3_cmd cmd = smmu3_cmd_cfgi_ste(ctx->sid);

	return smmu3_submit(ctx->smmu, &cmd, 1, true);
}

/**
 * smmu3_write_ste() - install a new STE for a StreamID
 * @smmu: the SMMU
 * @sid: the StreamID, prepared with smmu3_strtab_prepare_sid()
 * @target: the STE wanted
 *
 * Context: process context; callers serialise updates of one StreamID.
 * Return: 0 or -ETIMEDOUT.
 */
int smmu3_write_ste(struct smmu3_device *smmu, u32 sid, const u64 *target)
{
	struct smmu3_ste_ctx ctx = { .smmu = smmu, .sid = sid };

	return smmu3_update_entry(&smmu3_ste_kind, smmu3_ste_slot(smmu, sid),
				  target, smmu3_sync_ste, &ctx);
}

/* Context descriptor tables */

/**
 * smmu3_cdtab_layout() - choose the format of a CD table
 * @cdtab: receives format, size and ssid_bits
 * @ssid_bits: SubstreamIDs to cover
 * @two_level: the SMMU supports two-level CD tables
 *
 * A table that fits in one leaf stays linear.
 */
void smmu3_cdtab_layout(struct smmu3_cdtab *cdtab, unsigned int ssid_bits,
			bool two_level)
{
	cdtab->ssid_bits = ssid_bits;
	if (!two_level || ssid_bits <= SMMU3_CDTAB_SPLIT) {
		cdtab->fmt = S1FMT_LINEAR;
		cdtab->num_l1 = 0;
	} else {
		cdtab->fmt = S1FMT_TWO_LEVEL_4K;
		cdtab->num_l1 = 1U << (ssid_bits - SMMU3_CDTAB_SPLIT);
	}
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cdtab_layout);

/**
 * smmu3_cdtab_alloc() - give a master a CD table
 * @master: the master
 * @ssid_bits: SubstreamIDs the table must cover (0: CD 0 only)
 *
 * Return: 0 or -ENOMEM.
 */
int smmu3_cdtab_alloc(struct smmu3_master *master, unsigned int ssid_bits)
{
	struct smmu3_device *smmu = master->smmu;
	struct smmu3_cdtab *cdtab = &master->cdtab;
	size_t bytes;

	smmu3_cdtab_layout(cdtab, ssid_bits,
			   smmu->features & SMMU3_FEAT_2LVL_CDTAB);
	if (!cdtab->num_l1) {
		bytes = (sizeof(u64) * CD_QWORDS) << ssid_bits;
		cdtab->cds = dma_alloc_coherent(smmu->dev, bytes, &cdtab->dma,
						GFP_KERNEL);
		return cdtab->cds ? 0 : -ENOMEM;
	}

	cdtab->leaves = kcalloc(cdtab->num_l1, sizeof(*cdtab->leaves),
				GFP_KERNEL);
	cdtab->leaf_dma = kcalloc(cdtab->num_l1, sizeof(*cdtab->leaf_dma),
				  GFP_KERNEL);
	cdtab->l1 = dma_alloc_coherent(smmu->dev, sizeof(u64) * cdtab->num_l1,
				       &cdtab->dma, GFP_KERNEL);
	if (!cdtab->leaves || !cdtab->leaf_dma || !cdtab->l1) {
		smmu3_cdtab_free(master);
		return -ENOMEM;
	}
	return 0;
}

/**
 * smmu3_cdtab_free() - free a master's CD table
 * @master: the master, whose STEs no longer point at the table
 */
void smmu3_cdtab_free(struct smmu3_master *master)
{
	struct device *dev = master->smmu->dev;
	struct smmu3_cdtab *cdtab = &master->cdtab;
	size_t leaf_bytes = (sizeof(u64) * CD_QWORDS) << SMMU3_CDTAB_SPLIT;
	u32 i;

	if (cdtab->cds)
		dma_free_coherent(dev, (sizeof(u64) * CD_QWORDS) <<
				  cdtab->ssid_bits, cdtab->cds, cdtab->dma);
	for (i = 0; cdtab->leaves && i < cdtab->num_l1; i++)
		if (cdtab->leaves[i])
			dma_free_coherent(dev, leaf_bytes, cdtab->leaves[i],
					  cdtab->leaf_dma[i]);
	if (cdtab->l1)
		dma_free_coherent(dev, sizeof(u64) * cdtab->num_l1, cdtab->l1,
				  cdtab->dma);
	kfree(cdtab->leaves);
	kfree(cdtab->leaf_dma);
	memset(cdtab, 0, sizeof(*cdtab));
}

static __le64 *smmu3_cd_slot(struct smmu3_master *master, u32 ssid)
{
	struct smmu3_cdtab *cdtab = &master->cdtab;
	size_t leaf_bytes = (sizeof(u64) * CD_QWORDS) << SMMU3_CDTAB_SPLIT;
	u32 l1 = ssid >> SMMU3_CDTAB_SPLIT;

	if (!cdtab->num_l1)
		return cdtab->cds ? &cdtab->cds[ssid * CD_QWORDS] : NULL;

	if (!cdtab->leaves[l1]) {
		cdtab->leaves[l1] = dma_alloc_coherent(master->smmu->dev,
						       leaf_bytes,
						       &cdtab->leaf_dma[l1],
						       GFP_KERNEL);
		if (!cdtab->leaves[l1])
			return NULL;
		/*
		 * Zeroed CDs are invalid.  The CMD_CFGI_CD issued for the
		 * CD write also drops any cached copy of this descriptor.
		 */
		dma_wmb();
		smmu3_store_qword(&cdtab->l1[l1],
				  smmu3_make_l1cd(cdtab->leaf_dma[l1]));
	}
	return &cdtab->leaves[l1][(ssid & (BIT(SMMU3_CDTAB_SPLIT) - 1)) *
				  CD_QWORDS];
}

struct smmu3_cd_ctx {
	struct smmu3_master	*master;
	u32			ssid;
};

static int smmu3_sync_cd(void *data)
{
	struct smmu3_cd_ctx *ctx = data;
	struct smmu3_master *master = ctx->master;
	struct smmu3_batch batch;
	unsigned int i;
	int ret = 0;

	batch.n = 0;
	for (i = 0; i < master->num_sids && !ret; i++)
		ret = smmu3_batch_add(master->smmu, &batch,
				      smmu3_cmd_cfgi_cd(master->sids[i],
							ctx->ssid));
	return ret ?: smmu3_batch_submit(master->smmu, &batch);
}

/**
 * smmu3_write_cd() - install a new CD in a master's CD table
 * @master: the master, with a CD table
 * @ssid: the SubstreamID
 * @target: the CD wanted
 *
 * Context: process context, under the master's group mutex.
 * Return: 0, -ENOMEM or -ETIMEDOUT.
 */
int smmu3_write_cd(struct smmu3_master *master, u32 ssid, const u64 *target)
{
	struct smmu3_cd_ctx ctx = { .master = master, .ssid = ssid };
	__le64 *slot = smmu3_cd_slot(master, ssid);

	if (!slot)
		return -ENOMEM;
	return smmu3_update_entry(&smmu3_cd_kind, slot, target, smmu3_sync_cd,
				  &ctx);
}

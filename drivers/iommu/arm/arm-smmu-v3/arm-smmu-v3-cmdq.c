// SPDX-License-Identifier: GPL-2.0
/*
 * Arm SMMUv3: queues in memory, command builders and command submission.
 *
 * DOC: command queue protocol
 *
 * Producers take @cmdq->lock only to copy their commands into the ring
 * and move SMMU_CMDQ_PROD on; they wait for completion after dropping it,
 * so several CPUs may wait at once while others queue more commands.
 *
 * Counting: @prod and @consumed count commands since the queue was
 * enabled and never wrap.  The ring holds 2^log2_size entries, and the
 * hardware's PROD and CONS registers hold the low log2_size + 1 bits of
 * those counts (index plus wrap bit).  A producer never lets @prod run
 * more than one ring ahead of @consumed, so the true consumer count lies in
 * [@consumed, @consumed + ring size]; that window is narrower than what
 * the register's wrap bit can tell apart, so the register value converts
 * back to a full count without ambiguity (smmu3_cmdq_poll_cons()).
 *
 * Completion: a command is complete when a later CMD_SYNC has been
 * consumed (§4.7.3).  Where the SMMU can write MSIs to memory, each
 * CMD_SYNC writes its ticket (low 32 bits of its position) to @sync_word;
 * SYNCs complete in queue order, so a waiter is done once @sync_word has
 * reached its ticket.  Otherwise the waiter polls SMMU_CMDQ_CONS.
 *
 * Ordering: entries are written with plain stores to coherent memory; the
 * writel() of SMMU_CMDQ_PROD orders them before the SMMU can see the new
 * producer index.  The readl() of SMMU_CMDQ_CONS (and the dma_rmb() after
 * reading @sync_word) orders what the SMMU did before our later reads.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/ktime.h>
#include <kunit/visibility.h>

#include "arm-smmu-v3.h"

/* How long a command may take before we say so rather than spin on. */
#define SMMU3_CMDQ_TIMEOUT_US		1000000

/* The command builders: one per command, each a pure function. */

static struct smmu3_cmd smmu3_cmd_op(u8 op)
{
	struct smmu3_cmd cmd = { .w = { FIELD_PREP(CMD0_OP, op), 0 } };

	return cmd;
}

/**
 * smmu3_cmd_prefetch_cfg() - CMD_PREFETCH_CONFIG for a StreamID (§4.2.1)
 * @sid: StreamID
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_prefetch_cfg(u32 sid)
{
	struct smmu3_cmd cmd = smmu3_cmd_op(OP_PREFETCH_CFG);

	cmd.w[0] |= FIELD_PREP(CMD0_SID, sid);
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_prefetch_cfg);

/**
 * smmu3_cmd_cfgi_ste() - CMD_CFGI_STE, leaf only (§4.3.1)
 * @sid: StreamID whose STE (and level 1 descriptor) changed
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_cfgi_ste(u32 sid)
{
	struct smmu3_cmd cmd = smmu3_cmd_op(OP_CFGI_STE);

	cmd.w[0] |= FIELD_PREP(CMD0_SID, sid);
	cmd.w[1] |= CMD1_LEAF;
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_cfgi_ste);

/**
 * smmu3_cmd_cfgi_all() - CMD_CFGI_ALL: CMD_CFGI_STE_RANGE over every
 *	StreamID (§4.3.3)
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_cfgi_all(void)
{
	struct smmu3_cmd cmd = smmu3_cmd_op(OP_CFGI_STE_RANGE);

	cmd.w[1] |= FIELD_PREP(CMD1_STE_RANGE, STE_RANGE_ALL);
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_cfgi_all);

/**
 * smmu3_cmd_cfgi_cd() - CMD_CFGI_CD, leaf only (§4.3.4)
 * @sid: StreamID whose CD table changed
 * @ssid: SubstreamID of the changed CD
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_cfgi_cd(u32 sid, u32 ssid)
{
	struct smmu3_cmd cmd = smmu3_cmd_op(OP_CFGI_CD);

	cmd.w[0] |= FIELD_PREP(CMD0_SID, sid) | FIELD_PREP(CMD0_SSID, ssid);
	cmd.w[1] |= CMD1_LEAF;
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_cfgi_cd);

/**
 * smmu3_cmd_cfgi_cd_all() - CMD_CFGI_CD_ALL (§4.3.5)
 * @sid: StreamID whose whole CD table changed
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_cfgi_cd_all(u32 sid)
{
	struct smmu3_cmd cmd = smmu3_cmd_op(OP_CFGI_CD_ALL);

	cmd.w[0] |= FIELD_PREP(CMD0_SID, sid);
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_cfgi_cd_all);

/**
 * smmu3_cmd_tlbi_nh_asid() - CMD_TLBI_NH_ASID for VMID 0 (§4.4.2)
 * @asid: ASID to drop
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_tlbi_nh_asid(u16 asid)
{
	struct smmu3_cmd cmd = smmu3_cmd_op(OP_TLBI_NH_ASID);

	cmd.w[0] |= FIELD_PREP(CMD0_TLBI_ASID, asid);
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_tlbi_nh_asid);

/**
 * smmu3_cmd_tlbi_nh_va() - CMD_TLBI_NH_VA of one address (§4.4.3)
 * @asid: ASID the address belongs to
 * @va: the address; bits below 4 KiB are ignored
 * @leaf: only last-level entries changed
 *
 * smmu3_cmd_set_range() widens it to a range.
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_tlbi_nh_va(u16 asid, u64 va, bool leaf)
{
	struct smmu3_cmd cmd = smmu3_cmd_op(OP_TLBI_NH_VA);

	cmd.w[0] |= FIELD_PREP(CMD0_TLBI_ASID, asid);
	cmd.w[1] |= (va & CMD1_TLBI_VA) | (leaf ? CMD1_LEAF : 0);
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_tlbi_nh_va);

/**
 * smmu3_cmd_tlbi_s12_vmall() - CMD_TLBI_S12_VMALL (§4.4.7)
 * @vmid: VMID to drop
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_tlbi_s12_vmall(u16 vmid)
{
	struct smmu3_cmd cmd = smmu3_cmd_op(OP_TLBI_S12_VMALL);

	cmd.w[0] |= FIELD_PREP(CMD0_TLBI_VMID, vmid);
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_tlbi_s12_vmall);

/**
 * smmu3_cmd_tlbi_s2_ipa() - CMD_TLBI_S2_IPA of one address (§4.4.8)
 * @vmid: VMID the address belongs to
 * @ipa: the address; bits below 4 KiB are ignored
 * @leaf: only last-level entries changed
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_tlbi_s2_ipa(u16 vmid, u64 ipa, bool leaf)
{
	struct smmu3_cmd cmd = smmu3_cmd_op(OP_TLBI_S2_IPA);

	cmd.w[0] |= FIELD_PREP(CMD0_TLBI_VMID, vmid);
	cmd.w[1] |= (ipa & CMD1_TLBI_IPA) | (leaf ? CMD1_LEAF : 0);
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_tlbi_s2_ipa);

/**
 * smmu3_cmd_tlbi_nsnh_all() - CMD_TLBI_NSNH_ALL (§4.4.9)
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_tlbi_nsnh_all(void)
{
	return smmu3_cmd_op(OP_TLBI_NSNH_ALL);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_tlbi_nsnh_all);

/**
 * smmu3_cmd_tlbi_el2_all() - CMD_TLBI_EL2_ALL (§4.4.5)
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_tlbi_el2_all(void)
{
	return smmu3_cmd_op(OP_TLBI_EL2_ALL);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_tlbi_el2_all);

/**
 * smmu3_cmd_sync() - CMD_SYNC (§4.7.3)
 * @msi_addr: where the SMMU writes @msi_data on completion, or 0 for no
 *	write (completion is then seen in SMMU_CMDQ_CONS)
 * @msi_data: 32-bit value written to @msi_addr
 *
 * Return: the command.
 */
struct smmu3_cmd smmu3_cmd_sync(dma_addr_t msi_addr, u32 msi_data)
{
	struct smmu3_cmd cmd = smmu3_cmd_op(OP_CMD_SYNC);

	if (!msi_addr) {
		cmd.w[0] |= FIELD_PREP(CMD0_SYNC_CS, SYNC_CS_NONE);
		return cmd;
	}
	/* A write-back cacheable, inner-shareable write the CPU will see. */
	cmd.w[0] |= FIELD_PREP(CMD0_SYNC_CS, SYNC_CS_IRQ) |
		    FIELD_PREP(CMD0_SYNC_MSH, SHARE_INNER) |
		    FIELD_PREP(CMD0_SYNC_MSIATTR, MEMATTR_OIWB) |
		    FIELD_PREP(CMD0_SYNC_MSIDATA, msi_data);
	cmd.w[1] |= (u64)msi_addr & CMD1_SYNC_MSIADDR;
	return cmd;
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_sync);

/**
 * smmu3_cmd_set_range() - make a TLBI by address cover a range (§4.4.1)
 * @cmd: a CMD_TLBI_NH_VA or CMD_TLBI_S2_IPA
 * @tg_lg2: log2 of the translation granule: 12, 14 or 16
 * @ttl: level of the leaf entries (1..3), 0 when unknown
 * @num: range is (@num + 1) << @scale granules; @num < 32
 * @scale: see @num; @scale < 32
 *
 * Only for SMMUs with SMMU_IDR3.RIL set.
 */
void smmu3_cmd_set_range(struct smmu3_cmd *cmd, unsigned int tg_lg2,
			 unsigned int ttl, unsigned int num, unsigned int scale)
{
	/* TG: 1 = 4 KiB, 2 = 16 KiB, 3 = 64 KiB */
	cmd->w[0] |= FIELD_PREP(CMD0_TLBI_NUM, num) |
		     FIELD_PREP(CMD0_TLBI_SCALE, scale);
	cmd->w[1] |= FIELD_PREP(CMD1_TLBI_TG, (tg_lg2 - 10) / 2) |
		     FIELD_PREP(CMD1_TLBI_TTL, ttl);
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_cmd_set_range);

/* Queues */

/**
 * smmu3_queue_alloc() - allocate a ring and work out its register values
 * @smmu: the SMMU
 * @q: the queue to fill in
 * @log2_size: log2 of the wanted number of entries; halved until the
 *	allocation succeeds
 * @entry_qwords: entry size in 64-bit words
 * @base_reg: offset of the queue's BASE register
 * @prod_reg: offset of its PROD register (page 1 offsets allowed)
 * @cons_reg: offset of its CONS register
 * @rwa: read/write-allocate hint bit for BASE, or 0
 *
 * Return: 0 or -ENOMEM.
 */
int smmu3_queue_alloc(struct smmu3_device *smmu, struct smmu3_queue *q,
		      u32 log2_size, u32 entry_qwords, u32 base_reg,
		      u32 prod_reg, u32 cons_reg, u64 rwa)
{
	size_t bytes;

	for (;;) {
		bytes = (sizeof(u64) * entry_qwords) << log2_size;
		q->entries = dmam_alloc_coherent(smmu->dev, bytes, &q->dma,
						 GFP_KERNEL);
		if (q->entries || bytes <= PAGE_SIZE)
			break;
		log2_size--;
	}
	if (!q->entries)
		return -ENOMEM;
	/* The base must be aligned to the queue size, at least 32 bytes. */
	if (WARN_ON(q->dma & (max_t(size_t, bytes, 32) - 1)))
		return -EINVAL;

	q->log2_size = log2_size;
	q->entry_qwords = entry_qwords;
	q->prod_reg = (prod_reg >= SMMU3_PAGE1 ? smmu->page1 - SMMU3_PAGE1 :
		       smmu->page0) + prod_reg;
	q->cons_reg = (cons_reg >= SMMU3_PAGE1 ? smmu->page1 - SMMU3_PAGE1 :
		       smmu->page0) + cons_reg;
	q->base_val = rwa | ((u64)q->dma & SMMU3_QBASE_ADDR) |
		      FIELD_PREP(SMMU3_QBASE_LOG2SIZE, log2_size);
	return 0;
}

/**
 * smmu3_cmdq_init() - set up the command queue's software state
 * @smmu: the SMMU, with its ring allocated
 *
 * Return: 0 or -ENOMEM.
 */
int smmu3_cmdq_init(struct smmu3_device *smmu)
{
	struct smmu3_cmdq *cmdq = &smmu->cmdq;

	spin_lock_init(&cmdq->lock);
	cmdq->prod = 0;
	atomic64_set(&cmdq->consumed, 0);
	cmdq->sync_word = NULL;

	/* Completion by MSI write needs the write to be coherent with us. */
	if ((smmu->features & (SMMU3_FEAT_MSI | SMMU3_FEAT_COHERENT)) ==
	    (SMMU3_FEAT_MSI | SMMU3_FEAT_COHERENT)) {
		cmdq->sync_word = dmam_alloc_coherent(smmu->dev, sizeof(u32),
						      &cmdq->sync_word_dma,
						      GFP_KERNEL);
		if (!cmdq->sync_word)
			return -ENOMEM;
		WRITE_ONCE(*cmdq->sync_word, 0);
	}
	return 0;
}

static u32 smmu3_cmdq_ring_mask(const struct smmu3_cmdq *cmdq)
{
	/* index bits plus the wrap bit */
	return (2U << cmdq->q.log2_size) - 1;
}

/* Read SMMU_CMDQ_CONS and bring @consumed up to date; see the DOC above. */
static u64 smmu3_cmdq_poll_cons(struct smmu3_cmdq *cmdq, u32 *err)
{
	u64 old = atomic64_read(&cmdq->consumed);
	u64 now, seen;
	u32 raw;

	/* @old must be read before the register, never after. */
	rmb();
	raw = readl(cmdq->q.cons_reg);
	if (err)
		*err = FIELD_GET(SMMU3_CMDQ_CONS_ERR, raw);
	now = old + ((raw - (u32)old) & smmu3_cmdq_ring_mask(cmdq));

	while (now > old) {
		seen = atomic64_cmpxchg(&cmdq->consumed, old, now);
		if (seen == old)
			break;
		old = seen;
	}
	return max(now, old);
}

/* Wait until the SMMU has consumed everything before @pos. */
static int smmu3_cmdq_wait_consumed(struct smmu3_device *smmu, u64 pos)
{
	struct smmu3_cmdq *cmdq = &smmu->cmdq;
	ktime_t timeout;
	u32 err;

	/* Usually done at once: only then start the clock. */
	if (smmu3_cmdq_poll_cons(cmdq, &err) >= pos)
		return 0;
	timeout = ktime_add_us(ktime_get(), SMMU3_CMDQ_TIMEOUT_US);
	while (smmu3_cmdq_poll_cons(cmdq, &err) < pos) {
		if (ktime_after(ktime_get(), timeout)) {
			dev_err_ratelimited(smmu->dev,
					    "command queue stuck (CONS error %u)\n",
					    err);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

static int smmu3_cmdq_wait_sync_word(struct smmu3_device *smmu, u32 ticket)
{
	struct smmu3_cmdq *cmdq = &smmu->cmdq;
	ktime_t timeout = 0;

	while ((s32)(READ_ONCE(*cmdq->sync_word) - ticket) < 0) {
		if (!timeout)
			timeout = ktime_add_us(ktime_get(),
					       SMMU3_CMDQ_TIMEOUT_US);
		if (ktime_after(ktime_get(), timeout)) {
			dev_err_ratelimited(smmu->dev,
					    "CMD_SYNC %u not completed\n",
					    ticket);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	dma_rmb();
	return 0;
}

static void smmu3_cmdq_put(struct smmu3_cmdq *cmdq, u64 pos,
			   const struct smmu3_cmd *cmd)
{
	u32 idx = pos & ((1U << cmdq->q.log2_size) - 1);
	__le64 *slot = &cmdq->q.entries[idx * SMMU3_CMD_QWORDS];
	int i;

	for (i = 0; i < SMMU3_CMD_QWORDS; i++)
		slot[i] = cpu_to_le64(cmd->w[i]);
}

/**
 * smmu3_submit() - queue commands and optionally wait for their completion
 * @smmu: the SMMU
 * @cmds: commands to queue, in order
 * @n: number of @cmds; at most half the ring
 * @sync: append a CMD_SYNC and wait until it has completed
 *
 * Context: any context that may spin; takes @smmu->cmdq.lock with
 * interrupts saved.
 * Return: 0, or -ETIMEDOUT when the SMMU did not make progress in time.
 */
int smmu3_submit(struct smmu3_device *smmu, const struct smmu3_cmd *cmds,
		 unsigned int n, bool sync)
{
	struct smmu3_cmdq *cmdq = &smmu->cmdq;
	u64 size = 1ULL << cmdq->q.log2_size;
	unsigned int total = n + sync;
	struct smmu3_cmd sync_cmd;
	unsigned long flags;
	u64 end, ticket;
	unsigned int i;
	int ret = 0;

	if (WARN_ON(total > size / 2))
		return -EINVAL;

	spin_lock_irqsave(&cmdq->lock, flags);
	end = cmdq->prod + total;
	/* Room for @total more entries? */
	if (end - atomic64_read(&cmdq->consumed) > size) {
		ret = smmu3_cmdq_wait_consumed(smmu, end - size);
		if (ret)
			goto out_unlock;
	}
	for (i = 0; i < n; i++)
		smmu3_cmdq_put(cmdq, cmdq->prod + i, &cmds[i]);
	ticket = cmdq->prod + n;
	if (sync) {
		sync_cmd = smmu3_cmd_sync(cmdq->sync_word ?
					  cmdq->sync_word_dma : 0, (u32)ticket);
		smmu3_cmdq_put(cmdq, ticket, &sync_cmd);
	}
	cmdq->prod = end;
	/* writel() orders the entries before the new index. */
	writel(end & smmu3_cmdq_ring_mask(cmdq), cmdq->q.prod_reg);
	spin_unlock_irqrestore(&cmdq->lock, flags);

	if (!sync)
		return 0;
	if (cmdq->sync_word)
		return smmu3_cmdq_wait_sync_word(smmu, (u32)ticket);
	return smmu3_cmdq_wait_consumed(smmu, ticket + 1);

out_unlock:
	spin_unlock_irqrestore(&cmdq->lock, flags);
	return ret;
}

/**
 * smmu3_batch_add() - add a command to a batch, submitting when it is full
 * @smmu: the SMMU
 * @batch: the batch
 * @cmd: the command
 *
 * Return: 0 or the error of an intermediate submission.
 */
int smmu3_batch_add(struct smmu3_device *smmu, struct smmu3_batch *batch,
		    struct smmu3_cmd cmd)
{
	int ret = 0;

	if (batch->n == SMMU3_BATCH_MAX) {
		ret = smmu3_submit(smmu, batch->cmds, batch->n, false);
		batch->n = 0;
	}
	batch->cmds[batch->n++] = cmd;
	return ret;
}

/**
 * smmu3_batch_submit() - submit a batch followed by CMD_SYNC and wait
 * @smmu: the SMMU
 * @batch: the batch; empty afterwards
 *
 * Return: 0 or -ETIMEDOUT.
 */
int smmu3_batch_submit(struct smmu3_device *smmu, struct smmu3_batch *batch)
{
	int ret = smmu3_submit(smmu, batch->cmds, batch->n, true);

	batch->n = 0;
	return ret;
}

/**
 * smmu3_cmdq_skip_error() - let the command queue go on after an error
 * @smmu: the SMMU, whose SMMU_GERROR.CMDQ_ERR is active
 *
 * The SMMU stops at the faulty command (§7.1).  It is reported and
 * overwritten with a CMD_SYNC, which the SMMU executes when the error is
 * acknowledged.  Waiters for that command's sync then complete; the report
 * is the only trace of what was lost.
 */
void smmu3_cmdq_skip_error(struct smmu3_device *smmu)
{
	struct smmu3_cmdq *cmdq = &smmu->cmdq;
	static const char * const what[] = {
		[CMDQ_ERR_NONE] = "no error",
		[CMDQ_ERR_ILL] = "illegal command",
		[CMDQ_ERR_ABT] = "abort while reading command",
		[CMDQ_ERR_ATC_INV_SYNC] = "ATC invalidation timeout",
	};
	u32 cons = readl_relaxed(cmdq->q.cons_reg);
	u32 err = FIELD_GET(SMMU3_CMDQ_CONS_ERR, cons);
	u32 idx = cons & ((1U << cmdq->q.log2_size) - 1);
	__le64 *slot = &cmdq->q.entries[idx * SMMU3_CMD_QWORDS];
	struct smmu3_cmd nop = smmu3_cmd_sync(0, 0);

	dev_err(smmu->dev, "command queue error: %s at %u: %016llx %016llx\n",
		err < ARRAY_SIZE(what) ? what[err] : "unknown", idx,
		le64_to_cpu(slot[0]), le64_to_cpu(slot[1]));
	/* The writel() of SMMU_GERRORN that follows orders this store. */
	smmu3_cmdq_put(cmdq, idx, &nop);
}

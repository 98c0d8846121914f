// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm SMMUv1/v2: which context a master's transactions reach.
 *
 * Each master names its streams in its fwspec as (ID, mask) pairs packed
 * like an SMR (ID in bits 15:0, mask in 31:16).  With stream matching
 * (IDR0.SMS) every pair takes a stream map entry: an SMR that matches it
 * and the S2CR beside it that says translate, bypass or fault.  Masters
 * whose pairs select the same streams share the entry (a reference count
 * in the S2CR copy) and therefore one IOMMU group: the SMMU cannot tell
 * their transactions apart.  A pair that overlaps an entry without being
 * contained in it would make the hardware see two matches for one stream
 * (a stream match conflict fault, IHI 0062 §2.4), so it is refused.
 * Without stream matching the stream ID indexes the S2CRs directly.
 *
 * File map:
 *   arm_smmu_smr_place()         pure: where a pair goes, or why not
 *   arm_smmu_sme_commit()         one entry from its copies to hardware
 *   arm_smmu_smr_widths()     widths of SMR.ID and SMR.MASK
 *   arm_smmu_master_claim() / _free_smes()  a master's entries
 *   arm_smmu_master_group()      the group of masters sharing entries
 *   arm_smmu_master_route()      aim a master's S2CRs at a domain
 *
 * Entries are written in an order that keeps a half-programmed entry from
 * matching: an SMR is made valid only after its S2CR says where to go, and
 * made invalid before the S2CR is recycled.  With extended stream IDs
 * (sCR0.EXIDENABLE) validity lives in S2CR.EXIDVALID, so there the S2CR
 * is the last write when enabling and the first when disabling.
 */
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <kunit/visibility.h>

#include "arm-smmu.h"

/**
 * arm_smmu_smr_place() - find the stream map entry for an (ID, mask) pair
 * @smrs: the SMR copies
 * @count: how many there are
 * @id: stream ID
 * @mask: ID bits the match ignores
 *
 * A pair whose streams all fall inside a valid entry shares that entry;
 * one that overlaps a valid entry only in part conflicts with it.
 *
 * Context: pure; the caller holds whatever protects @smrs.
 * Return: the index of the valid entry to share, or of the first free
 * entry; -EBUSY on a partial overlap; -ENOSPC when no entry is free.
 */
VISIBLE_IF_KUNIT int arm_smmu_smr_place(const struct arm_smmu_smr *smrs,
					unsigned int count, u16 id, u16 mask)
{
	int free_idx = -ENOSPC;
	unsigned int i;

	for (i = 0; i < count; i++) {
		const struct arm_smmu_smr *e = &smrs[i];
		u16 differ = id ^ e->id;

		if (!e->valid) {
			if (free_idx < 0)
				free_idx = i;
			continue;
		}
		/* every bit we ignore, it ignores; it ignores where we differ */
		if ((mask & ~e->mask) == 0 && (differ & ~e->mask) == 0)
			return i;
		/* some stream satisfies both: they agree where both compare */
		if ((differ & ~(mask | e->mask)) == 0)
			return -EBUSY;
	}
	return free_idx;
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_smr_place);

static bool arm_smmu_exids(const struct arm_smmu_device *smmu)
{
	return smmu->features & ARM_SMMU_FEAT_EXIDS;
}

static void arm_smmu_smr_commit(struct arm_smmu_device *smmu, int e)
{
	const struct arm_smmu_smr *smr = &smmu->smrs[e];
	u32 val = FIELD_PREP(ARM_SMMU_SMR_ID, smr->id) |
		  FIELD_PREP(ARM_SMMU_SMR_MASK, smr->mask);

	if (smr->valid && !arm_smmu_exids(smmu))
		val |= ARM_SMMU_SMR_VALID;
	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_SMR(e), val);
}

static void arm_smmu_s2cr_commit(struct arm_smmu_device *smmu, int e)
{
	const struct arm_smmu_s2cr *s2cr = &smmu->s2crs[e];
	u32 val;

	if (smmu->impl && smmu->impl->write_s2cr) {
		smmu->impl->write_s2cr(smmu, e);
		return;
	}
	val = FIELD_PREP(ARM_SMMU_S2CR_TYPE, s2cr->type) |
	      FIELD_PREP(ARM_SMMU_S2CR_CBNDX, s2cr->cbndx) |
	      FIELD_PREP(ARM_SMMU_S2CR_PRIVCFG, s2cr->privcfg);
	if (arm_smmu_exids(smmu) && smmu->smrs && smmu->smrs[e].valid)
		val |= ARM_SMMU_S2CR_EXIDVALID;
	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_S2CR(e), val);
}

/**
 * arm_smmu_sme_commit() - write one stream map entry from its copies
 * @smmu: the SMMU, powered
 * @e: the entry
 *
 * Context: stream_map_mutex held, or probe/resume with no master active.
 */
void arm_smmu_sme_commit(struct arm_smmu_device *smmu, int e)
{
	bool valid = smmu->smrs && smmu->smrs[e].valid;

	if (!smmu->smrs) {
		arm_smmu_s2cr_commit(smmu, e);
		return;
	}
	/* the write that makes the entry match comes last (file comment) */
	if (valid != arm_smmu_exids(smmu)) {
		arm_smmu_s2cr_commit(smmu, e);
		arm_smmu_smr_commit(smmu, e);
	} else {
		arm_smmu_smr_commit(smmu, e);
		arm_smmu_s2cr_commit(smmu, e);
	}
}

/**
 * arm_smmu_smr_widths() - find how many ID and mask bits SMRs hold
 * @smmu: the SMMU, powered, its SMR copies loaded (by a vendor
 *	cfg_probe when firmware left entries live)
 *
 * IDR0.NUMSIDB gives the stream ID width, but an implementation may
 * compare fewer bits; writing ones to SMR0 and reading back is what the
 * architecture offers to find out (§10.6.30).  Entry 0 is left alone when
 * firmware uses it, and the ID register's width is trusted instead.
 *
 * Context: probe.
 * Return: 0, or -ENODEV when the SMR compares no bits at all.
 */
int arm_smmu_smr_widths(struct arm_smmu_device *smmu)
{
	u32 val;

	smmu->smr_mask_mask = smmu->streamid_mask;
	if (!smmu->smrs || smmu->smrs[0].valid)
		return 0;

	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_SMR(0),
			   FIELD_PREP(ARM_SMMU_SMR_ID, smmu->streamid_mask));
	val = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_SMR(0));
	smmu->streamid_mask = FIELD_GET(ARM_SMMU_SMR_ID, val);

	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_SMR(0),
			   FIELD_PREP(ARM_SMMU_SMR_MASK, smmu->streamid_mask));
	val = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_SMR(0));
	smmu->smr_mask_mask = FIELD_GET(ARM_SMMU_SMR_MASK, val);
	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_SMR(0), 0);

	if (!smmu->streamid_mask) {
		dev_err(smmu->dev, "SMR0 compares no stream ID bits\n");
		return -ENODEV;
	}
	return 0;
}

/* Drop one user of entry @e; true when the entry became free. */
static bool arm_smmu_sme_put(struct arm_smmu_device *smmu, int e,
			     struct device *dev)
{
	struct arm_smmu_s2cr *s2cr = &smmu->s2crs[e];
	unsigned long flags;

	spin_lock_irqsave(&smmu->master_lock, flags);
	if (s2cr->master == dev)
		s2cr->master = NULL;
	if (--s2cr->count) {
		spin_unlock_irqrestore(&smmu->master_lock, flags);
		return false;
	}
	s2cr->group = NULL;
	s2cr->type = S2CR_TYPE_FAULT;
	s2cr->cbndx = 0;
	s2cr->privcfg = S2CR_PRIVCFG_DEFAULT;
	if (smmu->smrs && !smmu->smrs[e].pinned)
		smmu->smrs[e].valid = false;
	spin_unlock_irqrestore(&smmu->master_lock, flags);
	return true;
}

static int __arm_smmu_sme_get(struct arm_smmu_device *smmu, u32 fwid,
			      bool *fresh)
{
	u16 sid = arm_smmu_fwid_sid(fwid);
	u16 mask = arm_smmu_fwid_mask(fwid);
	int e = sid;

	*fresh = false;
	if (smmu->smrs) {
		e = arm_smmu_smr_place(smmu->smrs, smmu->num_mapping_groups,
				       sid, mask);
		if (e < 0)
			return e;
		if (!smmu->smrs[e].valid) {
			smmu->smrs[e] = (struct arm_smmu_smr){
				.id = sid, .mask = mask, .valid = true,
			};
			*fresh = true;
		}
	} else if (e >= smmu->num_mapping_groups) {
		return -ERANGE;
	}
	/*
	 * A new entry blocks until the core attaches a domain; one firmware
	 * left live (a vendor cfg_probe marked its SMR valid) keeps its
	 * S2CR, so a display scanning out at boot keeps running until then.
	 */
	if (!smmu->s2crs[e].count++ && *fresh)
		smmu->s2crs[e].type = S2CR_TYPE_FAULT;
	return e;
}

static int arm_smmu_sme_get(struct arm_smmu_device *smmu, u32 fwid,
			    struct device *dev, bool *fresh)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&smmu->master_lock, flags);
	ret = __arm_smmu_sme_get(smmu, fwid, fresh);
	if (ret >= 0 && !smmu->s2crs[ret].master)
		smmu->s2crs[ret].master = dev;
	spin_unlock_irqrestore(&smmu->master_lock, flags);
	return ret;
}

/**
 * arm_smmu_master_claim() - give each ID of a master an entry
 * @dev: the master; its fwspec and arm_smmu_master_cfg are set
 *
 * Entries made here fault every transaction until a domain is attached.
 * On failure nothing stays claimed.
 *
 * Context: process context, the SMMU powered.
 * Return: 0; -EBUSY when an ID overlaps another master's entry in part,
 * -ENOSPC when the SMRs are used up, -ERANGE for a stream ID beyond the
 * S2CRs of an SMMU without stream matching.
 */
int arm_smmu_master_claim(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct arm_smmu_master_cfg *mc = dev_iommu_priv_get(dev);
	struct arm_smmu_device *smmu = mc->smmu;
	int i, e, ret = 0;
	bool fresh;

	mutex_lock(&smmu->stream_map_mutex);
	for (i = 0; i < fwspec->num_ids; i++) {
		e = arm_smmu_sme_get(smmu, fwspec->ids[i], dev, &fresh);
		if (e < 0) {
			ret = e;
			dev_err(dev, "stream %#x (mask %#x): %s\n",
				arm_smmu_fwid_sid(fwspec->ids[i]),
				arm_smmu_fwid_mask(fwspec->ids[i]),
				ret == -EBUSY ? "overlaps another master's stream match entry" :
				ret == -ENOSPC ? "no stream match entry left" :
				"beyond the stream-to-context registers");
			goto out_put;
		}
		mc->smendx[i] = e;
		if (fresh)
			arm_smmu_sme_commit(smmu, e);
	}
	mutex_unlock(&smmu->stream_map_mutex);
	return 0;

out_put:
	while (i--) {
		e = mc->smendx[i];
		mc->smendx[i] = INVALID_SMENDX;
		if (arm_smmu_sme_put(smmu, e, dev))
			arm_smmu_sme_commit(smmu, e);
	}
	mutex_unlock(&smmu->stream_map_mutex);
	return ret;
}

/**
 * arm_smmu_master_unclaim() - release a master's entries
 * @dev: the master
 * @powered: the SMMU can be written; when not, only the copies change
 *	and the next resume writes them
 *
 * Entries no other master uses go back to faulting and are freed.
 *
 * Context: process context.
 */
void arm_smmu_master_unclaim(struct device *dev, bool powered)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct arm_smmu_master_cfg *mc = dev_iommu_priv_get(dev);
	struct arm_smmu_device *smmu = mc->smmu;
	int i, e;

	mutex_lock(&smmu->stream_map_mutex);
	for (i = 0; i < fwspec->num_ids; i++) {
		e = mc->smendx[i];
		if (e == INVALID_SMENDX)
			continue;
		if (arm_smmu_sme_put(smmu, e, dev) && powered)
			arm_smmu_sme_commit(smmu, e);
		mc->smendx[i] = INVALID_SMENDX;
	}
	mutex_unlock(&smmu->stream_map_mutex);
}

/**
 * arm_smmu_master_group() - iommu_ops.device_group
 * @dev: a master whose entries are allocated
 *
 * Masters sharing an entry share its group; otherwise PCI devices group
 * by the PCI rules and others alone.
 *
 * Context: process context.
 * Return: a referenced group, or an ERR_PTR: -EINVAL when the master's
 * entries already belong to two different groups.
 */
struct iommu_group *arm_smmu_master_group(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct arm_smmu_master_cfg *mc = dev_iommu_priv_get(dev);
	struct arm_smmu_device *smmu = mc->smmu;
	struct iommu_group *group = NULL;
	int i;

	mutex_lock(&smmu->stream_map_mutex);
	for (i = 0; i < fwspec->num_ids; i++) {
		struct iommu_group *g = smmu->s2crs[mc->smendx[i]].group;

		if (group && g && g != group) {
			mutex_unlock(&smmu->stream_map_mutex);
			dev_err(dev, "streams shared with masters of two groups\n");
			return ERR_PTR(-EINVAL);
		}
		group = group ?: g;
	}

	if (group)
		group = iommu_group_ref_get(group);
	else if (dev_is_pci(dev))
		group = pci_device_group(dev);
	else
		group = generic_device_group(dev);

	for (i = 0; !IS_ERR(group) && i < fwspec->num_ids; i++)
		smmu->s2crs[mc->smendx[i]].group = group;
	mutex_unlock(&smmu->stream_map_mutex);
	return group;
}

/**
 * arm_smmu_master_route() - send a master's streams somewhere
 * @mc: the master's configuration
 * @fwspec: its IDs
 * @type: S2CR_TYPE_TRANS (through @cbndx), _BYPASS or _FAULT
 * @cbndx: the context bank for S2CR_TYPE_TRANS
 *
 * Only entries whose value changes are written.
 *
 * Context: process context, the SMMU powered.
 */
void arm_smmu_master_route(struct arm_smmu_master_cfg *mc,
			   struct iommu_fwspec *fwspec,
			   enum arm_smmu_s2cr_type type, u8 cbndx)
{
	struct arm_smmu_device *smmu = mc->smmu;
	int i;

	if (type != S2CR_TYPE_TRANS)
		cbndx = 0;

	mutex_lock(&smmu->stream_map_mutex);
	for (i = 0; i < fwspec->num_ids; i++) {
		int e = mc->smendx[i];
		struct arm_smmu_s2cr *s2cr = &smmu->s2crs[e];

		if (s2cr->type == type && s2cr->cbndx == cbndx)
			continue;
		s2cr->type = type;
		s2cr->cbndx = cbndx;
		s2cr->privcfg = S2CR_PRIVCFG_DEFAULT;
		arm_smmu_s2cr_commit(smmu, e);
	}
	mutex_unlock(&smmu->stream_map_mutex);
}

/**
 * arm_smmu_stream_master() - the master behind a faulting stream
 * @smmu: the SMMU
 * @sid: the stream ID a fault syndrome names
 *
 * Context: smmu->master_lock held; the device returned stays valid only
 * while it is.
 * Return: the first master that claimed the stream's entry and is still
 * there, or NULL.
 */
struct device *arm_smmu_stream_master(struct arm_smmu_device *smmu, u16 sid)
{
	unsigned int i;

	lockdep_assert_held(&smmu->master_lock);
	if (!smmu->smrs)
		return sid < smmu->num_mapping_groups ?
		       smmu->s2crs[sid].master : NULL;
	for (i = 0; i < smmu->num_mapping_groups; i++) {
		const struct arm_smmu_smr *smr = &smmu->smrs[i];

		if (smr->valid && !((sid ^ smr->id) & ~smr->mask))
			return smmu->s2crs[i].master;
	}
	return NULL;
}

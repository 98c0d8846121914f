// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm SMMUv1/v2: context and global fault interrupts.
 *
 * A context fault is offered to the domain's fault handler first
 * (report_iommu_fault(), for drivers that recover from faults of their
 * own); when none takes it, one rate-limited line names the master, the
 * stream, the IOVA, read or write and the kind of fault.  Banks terminate
 * faulting transactions (SCTLR.CFCFG clear); a vendor hook may turn
 * stalling on, so a stalled transaction left over is terminated here.
 *
 * File map:
 *   arm_smmu_fsr_kind(), arm_smmu_gfsr_kind()   pure: name a status
 *   arm_smmu_read_context_fault_info()          read a bank's syndrome
 *   arm_smmu_print_context_fault_info()         the one-line report
 *   arm_smmu_context_fault()                    bank interrupt
 *   arm_smmu_global_fault()                     global interrupt
 */
#include <linux/bitfield.h>
#include <linux/interrupt.h>
#include <linux/iommu.h>
#include <linux/ratelimit.h>
#include <linux/string_choices.h>
#include <kunit/visibility.h>

#include "arm-smmu.h"

/**
 * arm_smmu_fsr_kind() - name the fault a CB_FSR value reports
 * @fsr: the register value
 *
 * Context: pure.
 * Return: a constant string; the most specific fault wins when several
 * bits are set.
 */
VISIBLE_IF_KUNIT const char *arm_smmu_fsr_kind(u32 fsr)
{
	if (fsr & ARM_SMMU_CB_FSR_TF)
		return "translation";
	if (fsr & ARM_SMMU_CB_FSR_PF)
		return "permission";
	if (fsr & ARM_SMMU_CB_FSR_AFF)
		return "access flag";
	if (fsr & ARM_SMMU_CB_FSR_ASF)
		return "address size";
	if (fsr & ARM_SMMU_CB_FSR_EF)
		return "external abort";
	if (fsr & ARM_SMMU_CB_FSR_TLBMCF)
		return "TLB match conflict";
	if (fsr & ARM_SMMU_CB_FSR_TLBLKF)
		return "TLB lock";
	if (fsr & ARM_SMMU_CB_FSR_UUT)
		return "unsupported transaction";
	return "unknown";
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_fsr_kind);

/**
 * arm_smmu_gfsr_kind() - name the fault an sGFSR value reports
 * @gfsr: the register value
 *
 * Context: pure.
 * Return: a constant string.
 */
VISIBLE_IF_KUNIT const char *arm_smmu_gfsr_kind(u32 gfsr)
{
	static const struct {
		u32 bit;
		const char *name;
	} kinds[] = {
		{ ARM_SMMU_SGFSR_USF,	"unidentified stream" },
		{ ARM_SMMU_SGFSR_SMCF,	"stream match conflict" },
		{ ARM_SMMU_SGFSR_ICF,	"invalid context" },
		{ ARM_SMMU_SGFSR_UCBF,	"unimplemented context bank" },
		{ ARM_SMMU_SGFSR_UCIF,	"unimplemented context interrupt" },
		{ ARM_SMMU_SGFSR_CAF,	"configuration access" },
		{ ARM_SMMU_SGFSR_PF,	"permission" },
		{ ARM_SMMU_SGFSR_EF,	"external abort" },
		{ ARM_SMMU_SGFSR_UUT,	"unsupported transaction" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (gfsr & kinds[i].bit)
			return kinds[i].name;
	return "unknown";
}
EXPORT_SYMBOL_IF_KUNIT(arm_smmu_gfsr_kind);

/**
 * arm_smmu_read_context_fault_info() - read a bank's fault registers
 * @smmu: the SMMU, powered
 * @cbn: the bank
 * @fi: filled in
 *
 * Context: any.
 */
void arm_smmu_read_context_fault_info(struct arm_smmu_device *smmu, int cbn,
				      struct arm_smmu_context_fault_info *fi)
{
	fi->fsr = arm_smmu_cb_read(smmu, cbn, ARM_SMMU_CB_FSR);
	fi->fsynr = arm_smmu_cb_read(smmu, cbn, ARM_SMMU_CB_FSYNR0);
	fi->iova = arm_smmu_cb_readq(smmu, cbn, ARM_SMMU_CB_FAR);
	fi->cbfrsynra = arm_smmu_gr1_read(smmu, ARM_SMMU_GR1_CBFRSYNRA(cbn));
}

/**
 * arm_smmu_print_context_fault_info() - the one-line context fault report
 * @smmu: the SMMU
 * @cbn: the bank
 * @fi: what arm_smmu_read_context_fault_info() read
 *
 * Prints unconditionally: rate limiting is the caller's.  Names the
 * master when one still owns the stream.
 *
 * Context: any.
 */
void arm_smmu_print_context_fault_info(struct arm_smmu_device *smmu, int cbn,
				       const struct arm_smmu_context_fault_info *fi)
{
	u16 sid = FIELD_GET(ARM_SMMU_CBFRSYNRA_SID, fi->cbfrsynra);
	bool write = fi->fsynr & ARM_SMMU_CB_FSYNR0_WNR;
	struct device *master;
	unsigned long flags;

	spin_lock_irqsave(&smmu->master_lock, flags);
	master = arm_smmu_stream_master(smmu, sid);
	dev_err(smmu->dev,
		"%s: %s fault on %s of iova %#lx, stream %#x, context bank %d (fsr %#x fsynr0 %#x%s)\n",
		master ? dev_name(master) : "unknown master",
		arm_smmu_fsr_kind(fi->fsr), str_write_read(write),
		fi->iova, sid, cbn, fi->fsr, fi->fsynr,
		fi->fsynr & ARM_SMMU_CB_FSYNR0_PTWF ? ", in table walk" : "");
	spin_unlock_irqrestore(&smmu->master_lock, flags);
}

static int arm_smmu_report_fault(struct arm_smmu_domain *dom,
				 const struct arm_smmu_context_fault_info *fi)
{
	struct arm_smmu_device *smmu = dom->smmu;
	u16 sid = FIELD_GET(ARM_SMMU_CBFRSYNRA_SID, fi->cbfrsynra);
	int flags = fi->fsynr & ARM_SMMU_CB_FSYNR0_WNR ? IOMMU_FAULT_WRITE :
		    IOMMU_FAULT_READ;
	struct device *master;
	unsigned long irqflags;
	int ret;

	spin_lock_irqsave(&smmu->master_lock, irqflags);
	master = arm_smmu_stream_master(smmu, sid);
	ret = report_iommu_fault(&dom->domain, master ?: smmu->dev,
				 fi->iova, flags);
	spin_unlock_irqrestore(&smmu->master_lock, irqflags);
	return ret;
}

/**
 * arm_smmu_context_fault() - a bank's fault interrupt
 * @irq: the interrupt, possibly shared with other banks
 * @dev: the domain owning the bank
 *
 * Context: hard interrupt.
 * Return: IRQ_NONE when the bank has no fault pending.
 */
irqreturn_t arm_smmu_context_fault(int irq, void *dev)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	struct arm_smmu_domain *dom = dev;
	struct arm_smmu_device *smmu = dom->smmu;
	int cbn = dom->cfg.cbndx;
	struct arm_smmu_context_fault_info fi;

	arm_smmu_read_context_fault_info(smmu, cbn, &fi);
	if (!(fi.fsr & ARM_SMMU_CB_FSR_FAULT))
		return IRQ_NONE;

	if (arm_smmu_report_fault(dom, &fi) && __ratelimit(&rs))
		arm_smmu_print_context_fault_info(smmu, cbn, &fi);

	arm_smmu_cb_write(smmu, cbn, ARM_SMMU_CB_FSR, fi.fsr);
	if (fi.fsr & ARM_SMMU_CB_FSR_SS)
		arm_smmu_cb_write(smmu, cbn, ARM_SMMU_CB_RESUME,
				  ARM_SMMU_RESUME_TERMINATE);
	return IRQ_HANDLED;
}

/**
 * arm_smmu_global_fault() - the global fault interrupt
 * @irq: the interrupt
 * @dev: the SMMU
 *
 * Global faults are configuration faults and streams no SMR matched (or
 * that match two).  Reported in one rate-limited line and cleared.
 *
 * Context: hard interrupt.
 * Return: IRQ_NONE when no global fault is pending.
 */
irqreturn_t arm_smmu_global_fault(int irq, void *dev)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	struct arm_smmu_device *smmu = dev;
	u32 gfsr, syn0, syn1;
	struct device *master;
	unsigned long flags;
	u16 sid;

	gfsr = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_SGFSR);
	if (!gfsr)
		return IRQ_NONE;
	syn0 = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_SGFSYNR0);
	syn1 = arm_smmu_gr0_read(smmu, ARM_SMMU_GR0_SGFSYNR1);
	sid = FIELD_GET(ARM_SMMU_SGFSYNR1_SID, syn1);

	if (__ratelimit(&rs)) {
		spin_lock_irqsave(&smmu->master_lock, flags);
		master = arm_smmu_stream_master(smmu, sid);
		dev_err(smmu->dev,
			"%s: global %s fault on %s, stream %#x (sgfsr %#x sgfsynr0 %#x)\n",
			master ? dev_name(master) : "unknown master",
			arm_smmu_gfsr_kind(gfsr),
			str_write_read(syn0 & ARM_SMMU_SGFSYNR0_WNR), sid,
			gfsr, syn0);
		spin_unlock_irqrestore(&smmu->master_lock, flags);
	}
	arm_smmu_gr0_write(smmu, ARM_SMMU_GR0_SGFSR, gfsr);
	return IRQ_HANDLED;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Arm SMMUv3: interrupts, the event queue and global errors.
 *
 * Events are drained and reported from a threaded handler: each is printed
 * once, rate-limited, in words, naming the device behind the StreamID.
 * Global errors are acknowledged in the hard handler, because a stopped
 * command queue (CMDQ_ERR) holds up every CPU waiting on a CMD_SYNC; the
 * report itself again waits for the thread.
 */
#include <linux/bitfield.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/msi.h>
#include <linux/platform_device.h>
#include <linux/string_choices.h>
#include <kunit/visibility.h>

#include "arm-smmu-v3.h"

/* Events read before their slots are handed back to the SMMU. */
#define SMMU3_EVTQ_BATCH		64

static const char * const smmu3_event_names[] = {
	[EVT_F_UUT]		= "unsupported upstream transaction",
	[EVT_C_BAD_STREAMID]	= "StreamID out of range",
	[EVT_F_STE_FETCH]	= "abort while fetching STE",
	[EVT_C_BAD_STE]		= "stream not configured (invalid STE)",
	[EVT_F_BAD_ATS_TREQ]	= "bad ATS translation request",
	[EVT_F_STREAM_DISABLED]	= "stream disabled",
	[EVT_F_TRANSL_FORBIDDEN] = "translation forbidden",
	[EVT_C_BAD_SUBSTREAMID]	= "SubstreamID out of range",
	[EVT_F_CD_FETCH]	= "abort while fetching CD",
	[EVT_C_BAD_CD]		= "invalid CD",
	[EVT_F_WALK_EABT]	= "external abort during table walk",
	[EVT_F_TRANSLATION]	= "translation fault (address not mapped)",
	[EVT_F_ADDR_SIZE]	= "address size fault",
	[EVT_F_ACCESS]		= "access flag fault",
	[EVT_F_PERMISSION]	= "permission fault",
	[EVT_F_TLB_CONFLICT]	= "TLB conflict",
	[EVT_F_CFG_CONFLICT]	= "configuration cache conflict",
	[EVT_E_PAGE_REQUEST]	= "page request",
};

/**
 * smmu3_event_name() - name an event record type in words
 * @id: the event type (EVT0_ID)
 *
 * Return: a constant string.
 */
const char *smmu3_event_name(u8 id)
{
	if (id < ARRAY_SIZE(smmu3_event_names) && smmu3_event_names[id])
		return smmu3_event_names[id];
	return "unknown event";
}
EXPORT_SYMBOL_IF_KUNIT(smmu3_event_name);

/* Events whose record carries the faulting input address (§7.3). */
static bool smmu3_event_has_addr(u8 id)
{
	switch (id) {
	case EVT_F_UUT:
	case EVT_F_TRANSL_FORBIDDEN:
	case EVT_F_WALK_EABT:
	case EVT_F_TRANSLATION:
	case EVT_F_ADDR_SIZE:
	case EVT_F_ACCESS:
	case EVT_F_PERMISSION:
		return true;
	default:
		return false;
	}
}

static void smmu3_report_event(struct smmu3_device *smmu, const u64 *evt)
{
	u8 id = FIELD_GET(EVT0_ID, evt[0]);
	u32 sid = FIELD_GET(EVT0_SID, evt[0]);
	struct smmu3_master *master;
	char ssid[24] = "";

	if (!__ratelimit(&smmu->fault_rs))
		return;
	if (evt[0] & EVT0_SSV)
		snprintf(ssid, sizeof(ssid), " substream %#llx",
			 FIELD_GET(EVT0_SSID, evt[0]));

	/* The mutex keeps the master alive while we print its name. */
	mutex_lock(&smmu->streams_mutex);
	master = xa_load(&smmu->streams, sid);
	if (smmu3_event_has_addr(id))
		dev_err(smmu->dev,
			"%s: %s on %s%s at iova %#llx (stream %#x%s)\n",
			master ? dev_name(master->dev) : "unknown device",
			smmu3_event_name(id),
			str_read_write(evt[1] & EVT1_RNW),
			evt[1] & EVT1_IND ? " (instruction)" : "",
			evt[2], sid, ssid);
	else
		dev_err(smmu->dev, "%s: %s (stream %#x%s) %016llx %016llx %016llx %016llx\n",
			master ? dev_name(master->dev) : "unknown device",
			smmu3_event_name(id), sid, ssid, evt[0], evt[1],
			evt[2], evt[3]);
	mutex_unlock(&smmu->streams_mutex);
}

/*
 * Devices retry, and QEMU's edu reads 4 bytes at a time: one bad mapping
 * can raise a burst of events that differ only in the low address bits.
 * Such a burst is reported once, with a count.
 */
struct smmu3_evt_burst {
	u64		key[2];
	unsigned int	repeats;
};

static bool smmu3_evt_repeats(struct smmu3_evt_burst *burst, const u64 *evt)
{
	u64 key[2] = {
		evt[0],
		(evt[1] & EVT1_RNW) | (evt[2] & ~0xfffULL),
	};

	if (key[0] == burst->key[0] && key[1] == burst->key[1]) {
		burst->repeats++;
		return true;
	}
	burst->key[0] = key[0];
	burst->key[1] = key[1];
	return false;
}

static void smmu3_evt_burst_end(struct smmu3_device *smmu,
				struct smmu3_evt_burst *burst)
{
	if (burst->repeats && __ratelimit(&smmu->fault_rs))
		dev_err(smmu->dev, "... and %u more like it in the same page\n",
			burst->repeats);
	burst->repeats = 0;
}

/* Hand the slots back to the SMMU, acknowledging any overflow. */
static void smmu3_evtq_release(struct smmu3_queue *q, u32 cons, u32 prod)
{
	u32 wrap_mask = (2U << q->log2_size) - 1;

	/* Our reads of the entries complete before the SMMU may reuse them. */
	mb();
	writel_relaxed((cons & wrap_mask) | (prod & SMMU3_Q_OVERFLOW),
		       q->cons_reg);
}

static irqreturn_t smmu3_evtq_thread(int irq, void *data)
{
	struct smmu3_evt_burst burst = {};
	struct smmu3_device *smmu = data;
	struct smmu3_queue *q = &smmu->evtq;
	u32 wrap_mask = (2U << q->log2_size) - 1;
	u32 idx_mask = (1U << q->log2_size) - 1;
	u32 cons = readl_relaxed(q->cons_reg);
	u32 prod = cons;
	u64 evt[SMMU3_EVT_QWORDS];
	unsigned int n = 0;
	int i;

	for (;;) {
		if (!((prod ^ cons) & wrap_mask)) {
			/* Caught up: free the slots, then look again. */
			smmu3_evtq_release(q, cons, prod);
			prod = readl(q->prod_reg);
			if ((prod ^ cons) & SMMU3_Q_OVERFLOW)
				dev_err(smmu->dev,
					"event queue overflowed: events lost\n");
			if (!((prod ^ cons) & wrap_mask))
				break;
		}
		/* readl() of PROD ordered the entry reads after it. */
		for (i = 0; i < SMMU3_EVT_QWORDS; i++)
			evt[i] = le64_to_cpu(q->entries[(cons & idx_mask) *
							SMMU3_EVT_QWORDS + i]);
		cons = (cons & ~wrap_mask) | ((cons + 1) & wrap_mask);
		if (!smmu3_evt_repeats(&burst, evt)) {
			smmu3_evt_burst_end(smmu, &burst);
			smmu3_report_event(smmu, evt);
		}
		/* A long burst: let the SMMU go on writing meanwhile. */
		if (!(++n % SMMU3_EVTQ_BATCH))
			smmu3_evtq_release(q, cons, prod);
	}
	smmu3_evt_burst_end(smmu, &burst);
	return IRQ_HANDLED;
}

static const char * const smmu3_gerror_names[] = {
	"command queue error",
	"reserved",
	"event queue write aborted",
	"PRI queue write aborted",
	"command queue MSI aborted",
	"event queue MSI aborted",
	"PRI queue MSI aborted",
	"global error MSI aborted",
	"service failure mode: SMMU stopped translating",
};

static irqreturn_t smmu3_gerror_hardirq(int irq, void *data)
{
	struct smmu3_device *smmu = data;
	u32 gerror = readl_relaxed(smmu->page0 + SMMU3_GERROR);
	u32 gerrorn = readl_relaxed(smmu->page0 + SMMU3_GERRORN);
	u32 active = (gerror ^ gerrorn) & SMMU3_GERROR_KNOWN;
	unsigned int bit;

	if (!active)
		return IRQ_NONE;

	if (active & SMMU3_GERROR_CMDQ_ERR)
		smmu3_cmdq_skip_error(smmu);
	for_each_set_bit(bit, (unsigned long *)&active,
			 ARRAY_SIZE(smmu3_gerror_names))
		if (bit != 0)
			dev_err_ratelimited(smmu->dev, "global error: %s\n",
					    smmu3_gerror_names[bit]);
	/* Acknowledge: the command queue resumes here. */
	writel(gerror, smmu->page0 + SMMU3_GERRORN);
	return IRQ_HANDLED;
}

static irqreturn_t smmu3_combined_hardirq(int irq, void *data)
{
	smmu3_gerror_hardirq(irq, data);
	return IRQ_WAKE_THREAD;
}

/* MSIs: index 0 is the event queue, index 1 global errors. */
static const u32 smmu3_msi_cfg0[] = {
	SMMU3_EVENTQ_IRQ_CFG0,
	SMMU3_GERROR_IRQ_CFG0,
};

static void smmu3_write_msi_msg(struct msi_desc *desc, struct msi_msg *msg)
{
	struct smmu3_device *smmu = dev_get_drvdata(msi_desc_to_dev(desc));
	void __iomem *cfg0 = smmu->page0 + smmu3_msi_cfg0[desc->msi_index];
	u64 addr = ((u64)msg->address_hi << 32) | msg->address_lo;

	lo_hi_writeq_relaxed(addr & SMMU3_IRQ_CFG0_ADDR, cfg0);
	writel_relaxed(msg->data, cfg0 + SMMU3_IRQ_CFG1);
	writel_relaxed(MEMATTR_DEVICE, cfg0 + SMMU3_IRQ_CFG2);
}

static void smmu3_free_msis(void *data)
{
	platform_device_msi_free_irqs_all(data);
}

/* Use MSIs where the SMMU and the platform have them. */
static void smmu3_try_msis(struct smmu3_device *smmu)
{
	struct device *dev = smmu->dev;
	int ret;

	if (!(smmu->features & SMMU3_FEAT_MSI))
		return;
	/* No MSIs: make sure the SMMU does not write any. */
	lo_hi_writeq_relaxed(0, smmu->page0 + SMMU3_EVENTQ_IRQ_CFG0);
	lo_hi_writeq_relaxed(0, smmu->page0 + SMMU3_GERROR_IRQ_CFG0);
	if (!dev->msi.domain)
		return;

	ret = platform_device_msi_init_and_alloc_irqs(dev,
						      ARRAY_SIZE(smmu3_msi_cfg0),
						      smmu3_write_msi_msg);
	if (ret) {
		dev_warn(dev, "no MSIs (%d), using wired interrupts\n", ret);
		return;
	}
	smmu->evtq_irq = msi_get_virq(dev, 0);
	smmu->gerr_irq = msi_get_virq(dev, 1);
	smmu->combined_irq = 0;
	devm_add_action_or_reset(dev, smmu3_free_msis, dev);
}

/**
 * smmu3_setup_irqs() - request the SMMU's interrupts
 * @smmu: the SMMU, with interrupts disabled in SMMU_IRQ_CTRL
 *
 * Return: 0 or a negative error from request_threaded_irq().
 */
int smmu3_setup_irqs(struct smmu3_device *smmu)
{
	struct device *dev = smmu->dev;
	int ret;

	smmu3_try_msis(smmu);

	if (smmu->combined_irq > 0)
		return devm_request_threaded_irq(dev, smmu->combined_irq,
						 smmu3_combined_hardirq,
						 smmu3_evtq_thread,
						 IRQF_ONESHOT | IRQF_SHARED,
						 "arm-smmu-v3-combined", smmu);

	if (smmu->evtq_irq <= 0 || smmu->gerr_irq <= 0) {
		dev_err(dev, "no event queue or global error interrupt\n");
		return -ENXIO;
	}
	ret = devm_request_threaded_irq(dev, smmu->evtq_irq, NULL,
					smmu3_evtq_thread, IRQF_ONESHOT,
					"arm-smmu-v3-evtq", smmu);
	if (ret)
		return ret;
	return devm_request_irq(dev, smmu->gerr_irq, smmu3_gerror_hardirq, 0,
				"arm-smmu-v3-gerror", smmu);
}

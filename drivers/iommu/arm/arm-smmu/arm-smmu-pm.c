// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arm SMMUv1/v2: power management.
 *
 * File map:
 *   arm_smmu_power_on()        clocks on, then everything reprogrammed
 *   runtime and system sleep callbacks, arm_smmu_power_ops
 */
#include <linux/clk.h>
#include <linux/device.h>
#include <linux/pm.h>
#include <linux/pm_runtime.h>

#include "arm-smmu.h"

/*
 * Power management.  Runtime PM gates the clocks; system sleep also
 * unprepares them.  Whatever the SMMU lost while off, resume writes back
 * from the software copies (arm_smmu_hw_reset()), so masters find their
 * streams, banks and tables as they left them.
 */
static int arm_smmu_power_on(struct arm_smmu_device *s)
{
	int ret = clk_bulk_enable(s->num_clks, s->clks);

	if (ret)
		return ret;
	ret = arm_smmu_hw_reset(s);
	if (ret) {
		dev_err(s->dev, "reprogramming after power-up failed: %d\n", ret);
		clk_bulk_disable(s->num_clks, s->clks);
	}
	return ret;
}

static int __maybe_unused arm_smmu_rpm_resume(struct device *dev)
{
	return arm_smmu_power_on(dev_get_drvdata(dev));
}

static int __maybe_unused arm_smmu_rpm_suspend(struct device *dev)
{
	struct arm_smmu_device *s = dev_get_drvdata(dev);

	clk_bulk_disable(s->num_clks, s->clks);
	return 0;
}

static int __maybe_unused arm_smmu_sleep_resume(struct device *dev)
{
	struct arm_smmu_device *s = dev_get_drvdata(dev);
	int ret = clk_bulk_prepare(s->num_clks, s->clks);

	/* a runtime-suspended SMMU is reprogrammed by its runtime resume */
	if (ret || pm_runtime_suspended(dev))
		return ret;
	ret = arm_smmu_power_on(s);
	if (ret)
		clk_bulk_unprepare(s->num_clks, s->clks);
	return ret;
}

static int __maybe_unused arm_smmu_sleep_suspend(struct device *dev)
{
	struct arm_smmu_device *s = dev_get_drvdata(dev);

	if (!pm_runtime_suspended(dev))
		clk_bulk_disable(s->num_clks, s->clks);
	clk_bulk_unprepare(s->num_clks, s->clks);
	return 0;
}

const struct dev_pm_ops arm_smmu_power_ops = {
	SET_SYSTEM_SLEEP_PM_OPS(arm_smmu_sleep_suspend, arm_smmu_sleep_resume)
	SET_RUNTIME_PM_OPS(arm_smmu_rpm_suspend, arm_smmu_rpm_resume, NULL)
};

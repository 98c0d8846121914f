// SPDX-License-Identifier: GPL-2.0-only
/*
 * Vendor implementation entry points the generic SMMUv2 code may call
 * and the harness does not build (Qualcomm, NVIDIA): the model is
 * neither, so reaching one is a harness error, reported as such.
 */
#include "harness.h"

struct arm_smmu_device;

struct arm_smmu_device *nvidia_smmu_impl_init(struct arm_smmu_device *smmu);
struct arm_smmu_device *qcom_smmu_impl_init(struct arm_smmu_device *smmu);

__weak struct arm_smmu_device *nvidia_smmu_impl_init(struct arm_smmu_device *smmu)
{
	fprintf(stderr, "# harness: NVIDIA implementation not built\n");
	return ERR_PTR(-ENODEV);
}

__weak struct arm_smmu_device *qcom_smmu_impl_init(struct arm_smmu_device *smmu)
{
	fprintf(stderr, "# harness: Qualcomm implementation not built\n");
	return ERR_PTR(-ENODEV);
}

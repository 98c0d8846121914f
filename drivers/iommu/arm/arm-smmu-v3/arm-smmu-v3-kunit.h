/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arm SMMUv3 KUnit suites: what arm-smmu-v3-kunit.c shares with
 * arm-smmu-v3-pasid-kunit.c (one module, two suites).
 */
#ifndef _ARM_SMMU_V3_KUNIT_H
#define _ARM_SMMU_V3_KUNIT_H

#include <kunit/test.h>

#include "arm-smmu-v3.h"

/* Entries in the fake SMMU's command ring. */
#define SMMU3_TEST_CMDQ_LOG2		6

struct smmu3_device *smmu3_test_smmu(struct kunit *test, u32 features);

#endif /* _ARM_SMMU_V3_KUNIT_H */

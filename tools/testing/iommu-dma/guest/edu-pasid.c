// SPDX-License-Identifier: GPL-2.0
/*
 * edu-pasid: the sample client of private PASID tables on edu.
 *
 * IOMMU_EDU_IOC_PASID runs the sample GPU-style sequence of
 * drivers/misc/iommu-edu/edu-pasid.c: two private tables on two PASIDs,
 * a page at the same IOVA in each.  QEMU's edu has no PASID capability
 * (and QEMU 7.2's SMMUv3 no substreams), so the only right outcome here
 * is the clean refusal: iommu_sva_alloc_pasid() reports -EOPNOTSUPP,
 * nothing is allocated, and edu keeps working in its DMA domain.  A
 * kernel built without the PASID table layer answers ENOTTY: skipped.
 * On a device with PASIDs every step must complete.  The DMA half of
 * the sequence runs on the host (tools/testing/iommu-dma/pasid).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "edu-lib.h"

#define PASID_IOVA	0x100000ULL

static int pasid_sample_case(struct tcase *tc, const void *arg)
{
	struct iommu_edu_pasid p = { .iova = PASID_IOVA };
	struct iommu_edu_pasid bad = { .iova = PASID_IOVA + 1 };
	struct edu e;
	int err;

	(void)arg;
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	err = edu_call(&e, IOMMU_EDU_IOC_PASID, &p);
	if (err == -ENOTTY) {
		close(e.fd);
		return skip(tc, "kernel without private PASID tables");
	}
	if (err) {
		close(e.fd);
		return fail(tc, "IOMMU_EDU_IOC_PASID: %s", strerror(-err));
	}
	diag("iommu_sva_alloc_pasid: %d, PASIDs %u %u, %u of %u steps",
	     p.alloc_err, p.pasids[0], p.pasids[1], p.steps,
	     IOMMU_EDU_PASID_STEPS);
	err = edu_call(&e, IOMMU_EDU_IOC_PASID, &bad);
	close(e.fd);
	if (err != -EINVAL)
		return fail(tc, "an unaligned IOVA was not refused (%d)", err);

	if (p.alloc_err == 0) {
		/* a device with PASIDs: the whole sequence must hold */
		if (p.steps != IOMMU_EDU_PASID_STEPS || !p.pasids[0] ||
		    !p.pasids[1] || p.pasids[0] == p.pasids[1])
			return fail(tc, "sequence stopped after %u steps",
				    p.steps);
		return V_PASS;
	}
	if (p.alloc_err != -EOPNOTSUPP)
		return fail(tc, "edu has no PASIDs: expected -EOPNOTSUPP, got %d",
			    p.alloc_err);
	if (p.steps || p.pasids[0] || p.pasids[1])
		return fail(tc, "refused, yet %u steps ran", p.steps);
	return V_PASS;
}

int edu_pasid_cases(struct suite *s)
{
	suite_case(s, "pasid_sample", 30, pasid_sample_case, NULL);
	return EDU_PASID_CASES;
}

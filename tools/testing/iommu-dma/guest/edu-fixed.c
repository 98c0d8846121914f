// SPDX-License-Identifier: GPL-2.0
/*
 * edu-fixed: buffers at device addresses the caller chooses
 * (<linux/dma-fixed.h>), driven through edu with real device DMA.
 *
 * A "firmware" image placed at a fixed address below 4 GiB and one above
 * must be read by edu exactly where it was put, and edu's writes there
 * must show to the CPU; a request over a live mapping, over another fixed
 * buffer, unaligned, or beyond the DMA mask is refused with its error and
 * nothing mapped; after a release, a DMA to the old address faults and
 * changes no memory, in lazy mode too.  In an identity domain every call
 * must say EOPNOTSUPP.  A kernel whose DMA layer has no fixed addresses
 * (the base tree's) skips the cases and says so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edu-lib.h"

#define FW_SIZE		(4 * PAGE)
#define FW_LOW		0x60000000ull		/* below 4 GiB */
#define FW_HIGH		0x120000000ull		/* above 4 GiB */
#define MAP_IOVA	0x61000000ull
#define REFUSE_IOVA	0x62000000ull
#define RELEASE_IOVA	0x63000000ull
/* Exynos MFC v5 style: buffers within 128 MiB above the firmware */
#define WINDOW_BITS	27
#define WINDOW_BASE	0x1000ull		/* the lowest IOVA handed out */
#define WINDOW_BUFS	8

struct fixed_case {
	const char *name;
	uint32_t kind;
	uint64_t iova;
};

/* V_PASS to go on; otherwise the verdict the case ends with. */
static int fixed_preamble(struct tcase *tc, struct edu *e)
{
	if (step(tc, edu_open(e), "open " EDU_NODE))
		return V_FAIL;
	if (!(e->info.features & IOMMU_EDU_FEAT_FIXED))
		return skip(tc, "this kernel's DMA layer has no fixed addresses");
	return V_PASS;
}

/* In an identity domain a fixed address cannot be honoured. */
static int identity_refuses(struct tcase *tc, struct edu *e, uint32_t kind)
{
	struct ebuf b;
	int err;

	err = buf_new_fixed(e, kind, kind == IOMMU_EDU_KIND_FIXED ? 0 :
			    IOMMU_EDU_DIR_BIDIRECTIONAL, FW_SIZE, FW_LOW, &b);
	diag("identity domain: fixed request gives %s", strerror(-err));
	if (err != -EOPNOTSUPP)
		return fail(tc, "expected EOPNOTSUPP, got %d", err);
	return V_PASS;
}

/*
 * The CPU writes the image, edu copies it into a plain coherent buffer,
 * then copies fresh bytes from there into the fixed buffer's second half.
 */
static int fixed_roundtrip_case(struct tcase *tc, const void *arg)
{
	static unsigned char want[FW_SIZE], got[FW_SIZE];
	const struct fixed_case *fc = arg;
	struct ebuf fw, plain;
	struct edu e;
	int v = fixed_preamble(tc, &e);

	if (v != V_PASS)
		return v;
	if (opt.mode == MODE_PASSTHROUGH)
		return identity_refuses(tc, &e, fc->kind);
	/* The IOMMU API names IOVAs with an unsigned long. */
	if (sizeof(long) < 8 && fc->iova >> 32)
		return skip(tc, "a 32-bit kernel's DMA domains end at 4 GiB");
	if (step(tc, buf_new_fixed(&e, fc->kind, fc->kind == IOMMU_EDU_KIND_FIXED ?
				   0 : IOMMU_EDU_DIR_BIDIRECTIONAL, FW_SIZE,
				   fc->iova, &fw), "place the image"))
		return V_FAIL;
	if (fw.iova != fc->iova)
		return fail(tc, "placed at 0x%llx, asked for 0x%llx", fw.iova,
			    (unsigned long long)fc->iova);
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, FW_SIZE, 0, &plain),
		 "create plain buffer"))
		return V_FAIL;

	pattern(want, FW_SIZE, 0xf1f0 + fc->kind);
	if (step(tc, buf_put(&e, &fw, want), "write the image") ||
	    step(tc, dma_copy(&e, fw.iova, plain.iova, FW_SIZE), "edu reads it") ||
	    step(tc, buf_get(&e, &plain, got), "read the copy"))
		return V_FAIL;
	if (count_diffs(got, want, FW_SIZE, "image as edu read it"))
		return fail(tc, "edu did not read the image at 0x%llx", fw.iova);

	pattern(want, FW_SIZE / 2, 0xa11 + fc->kind);
	if (step(tc, buf_io(&e, IOMMU_EDU_IOC_WRITE, &plain, 0, want,
			    FW_SIZE / 2), "write plain") ||
	    step(tc, dma_copy(&e, plain.iova, fw.iova + FW_SIZE / 2, FW_SIZE / 2),
		 "edu writes the image") ||
	    step(tc, buf_io(&e, IOMMU_EDU_IOC_READ, &fw, FW_SIZE / 2, got,
			    FW_SIZE / 2), "read the image"))
		return V_FAIL;
	if (count_diffs(got, want, FW_SIZE / 2, "edu's write"))
		return fail(tc, "edu's write did not land at 0x%llx",
			    fw.iova + FW_SIZE / 2);
	diag("report: fixed case=%s iova=0x%llx size=%u data=exact", fc->name,
	     fw.iova, FW_SIZE);
	return V_PASS;
}

/* A refused request returns @want and leaves [iova, iova + size) unmapped. */
static int refused(struct tcase *tc, struct edu *e, uint64_t iova,
		   uint32_t size, int want, const char *what)
{
	struct ebuf b;
	int err = buf_new_fixed(e, IOMMU_EDU_KIND_FIXED, 0, size, iova, &b);

	diag("%s at 0x%llx: %s", what, (unsigned long long)iova,
	     strerror(-err));
	if (err != want) {
		fail(tc, "%s: expected %s, got %d", what, strerror(-want), err);
		return 1;
	}
	return 0;
}

static int fixed_refused_case(struct tcase *tc, const void *arg)
{
	static unsigned char want[PAGE], got[PAGE];
	struct ebuf live, fw;
	uint32_t bits;
	struct edu e;
	int v = fixed_preamble(tc, &e), bad = 0;

	(void)arg;
	if (v != V_PASS)
		return v;
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: see fixed_firmware_low");
	bits = e.info.dma_bits;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, 2 * PAGE, 0, &live),
		 "create a live mapping") ||
	    step(tc, buf_new_fixed(&e, IOMMU_EDU_KIND_FIXED, 0, FW_SIZE,
				   REFUSE_IOVA, &fw), "place a fixed buffer"))
		return V_FAIL;

	bad += refused(tc, &e, live.iova + PAGE, PAGE, -EBUSY,
		       "over a live mapping");
	bad += refused(tc, &e, REFUSE_IOVA + FW_SIZE - PAGE, 2 * PAGE, -EEXIST,
		       "over a fixed buffer");
	bad += refused(tc, &e, REFUSE_IOVA + 2 * FW_SIZE + 0x800, PAGE, -EINVAL,
		       "unaligned");
	bad += refused(tc, &e, REFUSE_IOVA + 2 * FW_SIZE, 100, -EINVAL,
		       "not whole pages");
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_SET_DMA_BITS, &(uint32_t){ 32 }),
		 "narrow the DMA mask"))
		return V_FAIL;
	bad += refused(tc, &e, FW_HIGH, PAGE, -ERANGE, "beyond a 32-bit mask");
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_SET_DMA_BITS, &bits),
		 "restore the DMA mask"))
		return V_FAIL;

	/* Nothing was mapped where requests were refused... */
	if (iova_mapped(&e, REFUSE_IOVA + FW_SIZE) ||
	    iova_mapped(&e, REFUSE_IOVA + 2 * FW_SIZE) ||
	    iova_mapped(&e, FW_HIGH)) {
		diag("a refused span is mapped");
		bad++;
	}
	/* ...and the live mapping still carries data both ways. */
	prng_fill(&(struct prng){ 0x1ea7 }, want, sizeof(want));
	if (step(tc, buf_put(&e, &live, want), "write live") ||
	    step(tc, dma_copy(&e, live.iova, fw.iova, PAGE), "live to fixed") ||
	    step(tc, buf_io(&e, IOMMU_EDU_IOC_READ, &fw, 0, got, PAGE),
		 "read fixed"))
		return V_FAIL;
	if (count_diffs(got, want, PAGE, "live mapping after refusals"))
		bad++;
	diag("report: fixed case=refusals iova=0x%llx size=%u data=%s",
	     (unsigned long long)REFUSE_IOVA, FW_SIZE, bad ? "WRONG" : "exact");
	return bad ? fail(tc, "%d checks failed", bad) : V_PASS;
}

/* After dma_unmap_fixed() the address must fault, in lazy mode too. */
static int fixed_release_case(struct tcase *tc, const void *arg)
{
	static unsigned char want[PAGE], got[PAGE];
	struct ebuf fw;
	struct prng r;
	struct edu e;
	int v = fixed_preamble(tc, &e), caught, mapped;

	(void)arg;
	if (v != V_PASS)
		return v;
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: nothing to fault on");
	seed_for(&r, "fixed_release");
	if (step(tc, buf_new_fixed(&e, IOMMU_EDU_KIND_FIXED_MAP,
				   IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE,
				   RELEASE_IOVA, &fw), "place a buffer"))
		return V_FAIL;
	/* A write that lands first, so the translation is in the IOTLB. */
	if (step(tc, xfer(&e, fw.iova, 0, ATTACK_LEN,
			  IOMMU_EDU_XFER_EDU_TO_RAM), "write while placed"))
		return V_FAIL;
	prng_fill(&r, want, sizeof(want));
	if (step(tc, buf_put(&e, &fw, want), "refill") ||
	    step(tc, edu_call(&e, IOMMU_EDU_IOC_UNMAP, &fw.handle), "release"))
		return V_FAIL;
	mapped = iova_mapped(&e, fw.iova);
	if (mapped)
		return fail(tc, "0x%llx still translated after the release",
			    fw.iova);
	if (step(tc, attack(&e, fw.iova, ATTACK_LEN, &caught), "attack"))
		return V_FAIL;
	if (step(tc, buf_get(&e, &fw, got), "read buffer"))
		return V_FAIL;
	return fault_verdict(tc, "fixed_after_release", fw.iova, caught,
			     count_diffs(got, want, PAGE, "released buffer") != 0);
}

/*
 * A codec that addresses its buffers as offsets below 128 MiB from its
 * firmware (Exynos MFC v5, FIMC-ISP): the firmware placed at the bottom of
 * the IOVA space with dma_alloc_fixed(), a 27-bit DMA mask as the window's
 * top, and every buffer the DMA API hands out afterwards lies inside the
 * window, above the firmware, whatever order the allocator works in.
 */
static int fixed_window_case(struct tcase *tc, const void *arg)
{
	static unsigned char want[2048], got[2048];
	uint64_t lo = ~0ull, hi = 0;
	struct ebuf fw, b[WINDOW_BUFS];
	uint32_t bits, wbits = WINDOW_BITS;
	struct edu e;
	int i, bad = 0, v = fixed_preamble(tc, &e);

	(void)arg;
	if (v != V_PASS)
		return v;
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: see fixed_firmware_low");
	bits = e.info.dma_bits;
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_SET_DMA_BITS, &wbits),
		 "a 128 MiB DMA mask") ||
	    step(tc, buf_new_fixed(&e, IOMMU_EDU_KIND_FIXED, 0, FW_SIZE,
				   WINDOW_BASE, &fw), "firmware at the bottom"))
		return V_FAIL;
	pattern(want, sizeof(want), 0x3fc5);
	if (step(tc, buf_io(&e, IOMMU_EDU_IOC_WRITE, &fw, 0, want,
			    sizeof(want)), "write the firmware"))
		return V_FAIL;

	for (i = 0; i < WINDOW_BUFS; i++) {
		uint32_t kind = i % 2 ? IOMMU_EDU_KIND_SINGLE :
					IOMMU_EDU_KIND_COHERENT;
		uint32_t size = i % 2 ? 4 * PAGE : 64 * PAGE;

		if (step(tc, buf_new(&e, kind, i % 2 ?
				     IOMMU_EDU_DIR_BIDIRECTIONAL : 0, size, 0,
				     &b[i]), "a buffer in the window"))
			return V_FAIL;
		if (b[i].iova < fw.iova + FW_SIZE ||
		    b[i].iova + size > WINDOW_BASE + (1ull << WINDOW_BITS)) {
			diag("buffer at 0x%llx+0x%x is outside the window",
			     b[i].iova, size);
			bad++;
		}
		lo = b[i].iova < lo ? b[i].iova : lo;
		hi = b[i].iova + size > hi ? b[i].iova + size : hi;
		/* edu reaches the buffer from the firmware, and back */
		memset(got, 0, sizeof(got));
		if (step(tc, dma_copy(&e, fw.iova, b[i].iova, sizeof(want)),
			 "firmware to buffer") ||
		    step(tc, buf_io(&e, IOMMU_EDU_IOC_READ, &b[i], 0, got,
				    sizeof(got)), "read the buffer"))
			return V_FAIL;
		if (count_diffs(got, want, sizeof(want), "buffer in the window"))
			bad++;
	}
	diag("buffers span offsets 0x%llx to 0x%llx from the firmware",
	     lo - fw.iova, hi - fw.iova);
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_SET_DMA_BITS, &bits),
		 "restore the DMA mask"))
		return V_FAIL;
	diag("report: fixed case=mfc_window iova=0x%llx size=%u data=%s",
	     fw.iova, FW_SIZE, bad ? "WRONG" : "exact");
	return bad ? fail(tc, "%d checks failed", bad) : V_PASS;
}

static const struct fixed_case fixed_cases[] = {
	{ "fixed_firmware_low", IOMMU_EDU_KIND_FIXED, FW_LOW },
	{ "fixed_firmware_high", IOMMU_EDU_KIND_FIXED, FW_HIGH },
	{ "fixed_map", IOMMU_EDU_KIND_FIXED_MAP, MAP_IOVA },
};

int edu_fixed_cases(struct suite *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fixed_cases); i++)
		suite_case(s, fixed_cases[i].name, 60, fixed_roundtrip_case,
			   &fixed_cases[i]);
	suite_case(s, "fixed_refused", 60, fixed_refused_case, NULL);
	suite_case(s, "fixed_after_release", 60, fixed_release_case, NULL);
	suite_case(s, "fixed_window_mfc", 60, fixed_window_case, NULL);
	return EDU_FIXED_CASES;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * edu: device DMA through the IOMMU, driven through /dev/iommu-edu.
 *
 * Data cases move bytes RAM -> edu window -> RAM between buffers of each
 * kind and compare every byte, including the ones that must not change.
 * Fault cases aim edu's engine where the IOMMU must stop it and look for
 * the SMMU's event in the kernel log and for untouched memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "edu-lib.h"

/* info */

static int info_case(struct tcase *tc, const void *arg)
{
	const char *want = expected_group_type();
	struct edu e;

	(void)arg;
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	diag("domain %s (type bits 0x%x), DMA mask 0x%llx (%u bits of %u)",
	     domain_name(e.info.domain), e.info.domain_raw,
	     (unsigned long long)e.info.dma_mask, e.info.dma_bits,
	     e.info.max_dma_bits);
	if (want && strcmp(domain_name(e.info.domain), want))
		return fail(tc, "edu is in a %s domain, expected %s",
			    domain_name(e.info.domain), want);
	if (!want && e.info.domain != IOMMU_EDU_DOMAIN_DMA &&
	    e.info.domain != IOMMU_EDU_DOMAIN_DMA_FQ)
		return fail(tc, "edu is not in a DMA domain");
	if (e.info.dma_bits != e.info.max_dma_bits)
		return fail(tc, "DMA mask is %u bits, expected %u",
			    e.info.dma_bits, e.info.max_dma_bits);
	return V_PASS;
}

/* RAM -> window -> RAM between two buffers */

struct roundtrip {
	const char *name;
	uint32_t src_kind, src_dir, src_offset;
	uint32_t dst_kind, dst_dir, dst_offset;
	uint32_t src_pos, dst_pos, len, window;
};

#define RT_SIZE		(3 * PAGE)

static int roundtrip_case(struct tcase *tc, const void *arg)
{
	const struct roundtrip *p = arg;
	static unsigned char src_data[RT_SIZE], dst_init[RT_SIZE];
	static unsigned char want[RT_SIZE], got[RT_SIZE];
	struct ebuf src, dst;
	struct prng r;
	struct edu e;

	seed_for(&r, p->name);
	prng_fill(&r, src_data, sizeof(src_data));
	prng_fill(&r, dst_init, sizeof(dst_init));

	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (step(tc, buf_new(&e, p->src_kind, p->src_dir, RT_SIZE, p->src_offset,
			     &src), "create source"))
		return V_FAIL;
	if (step(tc, buf_new(&e, p->dst_kind, p->dst_dir, RT_SIZE, p->dst_offset,
			     &dst), "create destination"))
		return V_FAIL;
	if (step(tc, buf_put(&e, &src, src_data), "fill source"))
		return V_FAIL;
	if (step(tc, buf_put(&e, &dst, dst_init), "fill destination"))
		return V_FAIL;

	diag("%u bytes: iova 0x%llx -> window+%u -> iova 0x%llx",
	     p->len, src.iova + p->src_pos, p->window, dst.iova + p->dst_pos);
	if (step(tc, xfer(&e, src.iova + p->src_pos, p->window, p->len,
			  IOMMU_EDU_XFER_RAM_TO_EDU), "RAM to edu"))
		return V_FAIL;
	if (step(tc, xfer(&e, dst.iova + p->dst_pos, p->window, p->len,
			  IOMMU_EDU_XFER_EDU_TO_RAM), "edu to RAM"))
		return V_FAIL;

	memcpy(want, dst_init, sizeof(want));
	memcpy(want + p->dst_pos, src_data + p->src_pos, p->len);
	if (step(tc, buf_get(&e, &dst, got), "read destination"))
		return V_FAIL;
	if (count_diffs(got, want, RT_SIZE, "destination"))
		return fail(tc, "destination does not hold what was sent");
	if (step(tc, buf_get(&e, &src, got), "read source"))
		return V_FAIL;
	if (count_diffs(got, src_data, RT_SIZE, "source"))
		return fail(tc, "source changed although the device only read it");
	return V_PASS;
}

static const struct roundtrip roundtrips[] = {
	{ "single_to_coherent",
	  IOMMU_EDU_KIND_SINGLE, IOMMU_EDU_DIR_TO_DEVICE, 0x234,
	  IOMMU_EDU_KIND_COHERENT, 0, 0,
	  3000, 3500, 3001, 17 },
	{ "coherent_to_single",
	  IOMMU_EDU_KIND_COHERENT, 0, 0,
	  IOMMU_EDU_KIND_SINGLE, IOMMU_EDU_DIR_FROM_DEVICE, 0x9a0,
	  4000, 2000, 2500, 1000 },
	{ "single_to_single",
	  IOMMU_EDU_KIND_SINGLE, IOMMU_EDU_DIR_BIDIRECTIONAL, 0x1,
	  IOMMU_EDU_KIND_SINGLE, IOMMU_EDU_DIR_BIDIRECTIONAL, 0xfff,
	  1, 4095, 4000, 0 },
	{ "coherent_to_coherent",
	  IOMMU_EDU_KIND_COHERENT, 0, 0,
	  IOMMU_EDU_KIND_COHERENT, 0, 0,
	  8000, 100, IOMMU_EDU_XFER_MAX, 0 },
	{ "atomic_to_atomic",
	  IOMMU_EDU_KIND_COHERENT_ATOMIC, 0, 0,
	  IOMMU_EDU_KIND_COHERENT_ATOMIC, 0, 0,
	  5000, 300, 3500, 100 },
};

/* Scatterlists of many small odd pieces */

#define SG_PIECES	24
#define SG_DST_PIECES	31

static uint32_t sg_layout(struct prng *r, struct iommu_edu_seg *segs,
			  uint32_t n, uint32_t total)
{
	uint32_t i, pos = 1 + 2 * prng_range(r, 0, 100), left = total;

	for (i = 0; i < n; i++) {
		uint32_t len;

		if (i == n - 1)
			len = left;
		else
			len = prng_range(r, 1, 2 * (left / (n - i)) - 1) | 1;
		if (len > left - (n - 1 - i))
			len = left - (n - 1 - i);
		segs[i].offset = pos;
		segs[i].len = len;
		left -= len;
		/* odd gaps, now and then across a page boundary */
		pos += len + (1 + 2 * prng_range(r, 0, 350));
	}
	return pos + 64;
}

static int sg_case(struct tcase *tc, const void *arg)
{
	static struct iommu_edu_seg sseg[SG_PIECES], dseg[SG_DST_PIECES];
	static struct iommu_edu_dma_seg sdma[SG_PIECES], ddma[SG_DST_PIECES];
	static unsigned char sbuf[16 * PAGE], dbuf[16 * PAGE];
	static unsigned char want[16 * PAGE], stream[IOMMU_EDU_XFER_MAX];
	uint32_t total = 0, i, ssize, dsize, sn, dn, window;
	uint64_t dma_total;
	struct ebuf src, dst;
	struct prng r;
	struct edu e;

	(void)arg;
	seed_for(&r, "sg");
	/* odd piece sizes from 15 to 151 bytes */
	for (i = 0; i < SG_PIECES; i++)
		total += 15 + 2 * prng_range(&r, 0, 68);
	ssize = sg_layout(&r, sseg, SG_PIECES, total);
	dsize = sg_layout(&r, dseg, SG_DST_PIECES, total);
	if (ssize > sizeof(sbuf) || dsize > sizeof(dbuf) ||
	    total > IOMMU_EDU_XFER_MAX)
		return fail(tc, "layout does not fit (%u, %u, %u)", ssize,
			    dsize, total);
	prng_fill(&r, sbuf, ssize);
	prng_fill(&r, dbuf, dsize);

	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (step(tc, buf_new_sg(&e, IOMMU_EDU_DIR_TO_DEVICE, ssize, sseg,
				SG_PIECES, sdma, &sn, &src), "map source list"))
		return V_FAIL;
	if (step(tc, buf_new_sg(&e, IOMMU_EDU_DIR_FROM_DEVICE, dsize, dseg,
				SG_DST_PIECES, ddma, &dn, &dst),
		 "map destination list"))
		return V_FAIL;
	if (step(tc, buf_put(&e, &src, sbuf), "fill source"))
		return V_FAIL;
	if (step(tc, buf_put(&e, &dst, dbuf), "fill destination"))
		return V_FAIL;
	diag("%u bytes: %u pieces in %u bytes -> %u DMA segments", total,
	     SG_PIECES, ssize, sn);
	diag("then %u pieces in %u bytes -> %u DMA segments", SG_DST_PIECES,
	     dsize, dn);

	for (dma_total = 0, i = 0; i < sn; i++)
		dma_total += sdma[i].len;
	if (dma_total != total)
		return fail(tc, "source DMA segments cover %llu bytes, not %u",
			    (unsigned long long)dma_total, total);
	for (dma_total = 0, i = 0; i < dn; i++)
		dma_total += ddma[i].len;
	if (dma_total != total)
		return fail(tc, "destination DMA segments cover %llu bytes, not %u",
			    (unsigned long long)dma_total, total);

	for (window = 0, i = 0; i < sn; window += sdma[i].len, i++)
		if (step(tc, xfer(&e, sdma[i].addr, window, sdma[i].len,
				  IOMMU_EDU_XFER_RAM_TO_EDU), "RAM to edu"))
			return V_FAIL;
	for (window = 0, i = 0; i < dn; window += ddma[i].len, i++)
		if (step(tc, xfer(&e, ddma[i].addr, window, ddma[i].len,
				  IOMMU_EDU_XFER_EDU_TO_RAM), "edu to RAM"))
			return V_FAIL;

	/* The pieces, in order, form one stream of bytes. */
	for (window = 0, i = 0; i < SG_PIECES; window += sseg[i].len, i++)
		memcpy(stream + window, sbuf + sseg[i].offset, sseg[i].len);
	memcpy(want, dbuf, dsize);
	for (window = 0, i = 0; i < SG_DST_PIECES; window += dseg[i].len, i++)
		memcpy(want + dseg[i].offset, stream + window, dseg[i].len);

	if (step(tc, buf_get(&e, &dst, dbuf), "read destination"))
		return V_FAIL;
	if (count_diffs(dbuf, want, dsize, "destination list"))
		return fail(tc, "destination list does not hold the stream");
	return V_PASS;
}

static int unmapped_case(struct tcase *tc, const void *arg)
{
	static unsigned char gdata[PAGE], sdata[PAGE], got[PAGE];
	struct ebuf guard, src;
	unsigned long long target = 0;
	struct prng r;
	struct edu e;
	int k, caught;

	(void)arg;
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: nothing to fault on");
	seed_for(&r, "unmapped");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0, &guard),
		 "create guard"))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE, IOMMU_EDU_DIR_TO_DEVICE,
			     PAGE, 0, &src), "create source"))
		return V_FAIL;
	prng_fill(&r, gdata, sizeof(gdata));
	if (step(tc, buf_put(&e, &guard, gdata), "fill guard"))
		return V_FAIL;
	if (step(tc, load_window(&e, &r, &src, sdata), "load window"))
		return V_FAIL;

	/* A page next to the guard's that nothing maps. */
	for (k = 1; k <= 512 && !target; k++) {
		uint64_t up = guard.iova + (uint64_t)k * PAGE;
		uint64_t down = guard.iova - (uint64_t)k * PAGE;

		if (up + PAGE - 1 <= e.info.iova_last && !iova_mapped(&e, up))
			target = up;
		else if (guard.iova >= (uint64_t)k * PAGE && down &&
			 !iova_mapped(&e, down))
			target = down;
	}
	if (!target)
		return fail(tc, "no unmapped IOVA near 0x%llx",
			    guard.iova);
	target += 0x40;
	diag("guard at iova 0x%llx, writing %u bytes to unmapped 0x%llx",
	     guard.iova, ATTACK_LEN, target);

	if (step(tc, attack(&e, target, ATTACK_LEN, &caught), "transfer"))
		return V_FAIL;
	if (step(tc, buf_get(&e, &guard, got), "read guard"))
		return V_FAIL;
	return fault_verdict(tc, "unmapped", target, caught,
			     count_diffs(got, gdata, PAGE, "guard") != 0);
}

static int readonly_case(struct tcase *tc, const void *arg)
{
	static unsigned char rdata[PAGE], sdata[PAGE], got[PAGE];
	struct ebuf ro, src, probe;
	unsigned long long target;
	struct prng r;
	struct edu e;
	int caught, changed;

	(void)arg;
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: nothing to fault on");
	seed_for(&r, "readonly");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE, IOMMU_EDU_DIR_TO_DEVICE,
			     PAGE, 0x100, &ro), "create read-only buffer"))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0, &probe),
		 "create probe buffer"))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE, IOMMU_EDU_DIR_TO_DEVICE,
			     PAGE, 0, &src), "create source"))
		return V_FAIL;
	prng_fill(&r, rdata, sizeof(rdata));
	if (step(tc, buf_put(&e, &ro, rdata), "fill read-only buffer"))
		return V_FAIL;

	/*
	 * The write comes first, while the page is in no IOTLB: QEMU 10
	 * loses the event of a stage-2 permission fault that hits a cached
	 * translation (it files it under stage 1), so a read first would
	 * hide the fault on the stage-2 boot.
	 */
	if (step(tc, load_window(&e, &r, &src, sdata), "load window"))
		return V_FAIL;
	target = ro.iova + 0x40;
	diag("writing %u bytes to read-only iova 0x%llx", ATTACK_LEN,
	     target);
	if (step(tc, attack(&e, target, ATTACK_LEN, &caught), "transfer"))
		return V_FAIL;
	if (step(tc, buf_get(&e, &ro, got), "read read-only buffer"))
		return V_FAIL;
	changed = count_diffs(got, rdata, PAGE, "read-only buffer") != 0;

	/* The device may still read the mapping. */
	if (step(tc, xfer(&e, ro.iova + 0x10, 1024, 512,
			  IOMMU_EDU_XFER_RAM_TO_EDU), "read read-only buffer"))
		return V_FAIL;
	if (step(tc, xfer(&e, probe.iova, 1024, 512, IOMMU_EDU_XFER_EDU_TO_RAM),
		 "copy to probe buffer"))
		return V_FAIL;
	if (step(tc, buf_get(&e, &probe, got), "read probe buffer"))
		return V_FAIL;
	if (count_diffs(got, rdata + 0x10, 512, "read through read-only mapping"))
		return fail(tc, "device could not read a DMA_TO_DEVICE mapping");
	return fault_verdict(tc, "readonly", target, caught, changed);
}

static int after_unmap_case(struct tcase *tc, const void *arg)
{
	static unsigned char bdata[PAGE], sdata[PAGE], got[PAGE];
	struct ebuf buf, src;
	struct prng r;
	struct edu e;
	int caught, mapped;

	(void)arg;
	if (opt.mode == MODE_LAZY)
		return skip(tc, "lazy mode");
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: nothing to fault on");
	if (opt.mode != MODE_STRICT)
		return skip(tc, "mode unknown");

	seed_for(&r, "after_unmap");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0x80, &buf),
		 "create buffer"))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE, IOMMU_EDU_DIR_TO_DEVICE,
			     PAGE, 0, &src), "create source"))
		return V_FAIL;

	/* A write that must land, so the IOMMU has the translation cached. */
	if (step(tc, load_window(&e, &r, &src, sdata), "load window"))
		return V_FAIL;
	if (step(tc, xfer(&e, buf.iova, 0, ATTACK_LEN, IOMMU_EDU_XFER_EDU_TO_RAM),
		 "write while mapped"))
		return V_FAIL;
	if (step(tc, buf_get(&e, &buf, got), "read buffer"))
		return V_FAIL;
	if (count_diffs(got, sdata, ATTACK_LEN, "write while mapped"))
		return fail(tc, "a DMA to a live mapping did not land");

	prng_fill(&r, bdata, sizeof(bdata));
	if (step(tc, buf_put(&e, &buf, bdata), "refill buffer"))
		return V_FAIL;
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_UNMAP, &buf.handle), "unmap"))
		return V_FAIL;
	mapped = iova_mapped(&e, buf.iova);
	diag("iova 0x%llx unmapped (page table: %s); writing %u bytes to it",
	     buf.iova, mapped == 0 ? "empty" : mapped > 0 ? "still mapped" :
	     "unknown", ATTACK_LEN);

	if (step(tc, attack(&e, buf.iova, ATTACK_LEN, &caught), "transfer"))
		return V_FAIL;
	if (step(tc, buf_get(&e, &buf, got), "read unmapped buffer"))
		return V_FAIL;
	return fault_verdict(tc, "after_unmap", buf.iova, caught,
			     count_diffs(got, bdata, PAGE, "unmapped buffer") != 0);
}

/* DMA mask */

static int dma_mask_case(struct tcase *tc, const void *arg)
{
	static unsigned char data[PAGE], got[PAGE];
	const uint32_t bits = 24;
	uint64_t limit = (1ull << bits) - 1;
	struct ebuf single, coherent;
	uint32_t value;
	struct prng r;
	struct edu e;

	(void)arg;
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: RAM lies above 24 bits");
	seed_for(&r, "dma_mask");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	value = bits;
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_SET_DMA_BITS, &value),
		 "set a 24-bit mask"))
		return V_FAIL;
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_INFO, &e.info), "info"))
		return V_FAIL;
	if (e.info.dma_bits != bits)
		return fail(tc, "mask is %u bits after setting %u",
			    e.info.dma_bits, bits);
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0x10, &single),
		 "create single"))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &coherent),
		 "create coherent"))
		return V_FAIL;
	diag("24-bit mask: single at 0x%llx, coherent at 0x%llx",
	     single.iova, coherent.iova);
	if (single.iova + PAGE - 1 > limit || coherent.iova + PAGE - 1 > limit)
		return fail(tc, "IOVA above the 24-bit mask");

	prng_fill(&r, data, sizeof(data));
	if (step(tc, buf_put(&e, &single, data), "fill single"))
		return V_FAIL;
	if (step(tc, xfer(&e, single.iova, 0, 2048, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "RAM to edu"))
		return V_FAIL;
	if (step(tc, xfer(&e, coherent.iova + 1024, 0, 2048,
			  IOMMU_EDU_XFER_EDU_TO_RAM), "edu to RAM"))
		return V_FAIL;
	if (step(tc, buf_get(&e, &coherent, got), "read coherent"))
		return V_FAIL;
	if (count_diffs(got + 1024, data, 2048, "coherent under 24-bit mask"))
		return fail(tc, "data lost under a 24-bit mask");

	value = IOMMU_EDU_DMA_BITS_MIN - 1;
	if (edu_call(&e, IOMMU_EDU_IOC_SET_DMA_BITS, &value) != -EINVAL)
		return fail(tc, "a %u-bit mask was not refused", value);
	value = e.info.max_dma_bits + 1;
	if (edu_call(&e, IOMMU_EDU_IOC_SET_DMA_BITS, &value) != -EINVAL)
		return fail(tc, "a %u-bit mask was not refused", value);
	return V_PASS;
}

/* A 32-bit device never gets an IOVA above 4 GiB */

#define DMA32_SINGLES	48
#define DMA32_COHERENTS	8
#define DMA32_LIMIT	0xffffffffull

/* Make buffers of every kind; return how many end above @limit. */
static int dma32_fill(struct tcase *tc, struct edu *e, struct prng *r,
		      uint64_t limit, unsigned long long *highest)
{
	static struct iommu_edu_dma_seg out[64];
	struct iommu_edu_seg segs[64];
	uint32_t i, nout, pos = 0;
	int above = 0;
	struct ebuf b;

	for (i = 0; i < DMA32_SINGLES; i++) {
		uint32_t size = prng_range(r, 1, 16 * PAGE);
		uint32_t off = prng_range(r, 0, PAGE - 1);

		if (step(tc, buf_new(e, IOMMU_EDU_KIND_SINGLE,
				     IOMMU_EDU_DIR_BIDIRECTIONAL, size, off,
				     &b), "create single"))
			return -1;
		above += b.iova + size - 1 > limit;
		if (b.iova + size - 1 > *highest)
			*highest = b.iova + size - 1;
	}
	for (i = 0; i < DMA32_COHERENTS; i++) {
		uint32_t size = prng_range(r, 1, 8) * PAGE;

		if (step(tc, buf_new(e, IOMMU_EDU_KIND_COHERENT, 0, size, 0,
				     &b), "create coherent"))
			return -1;
		above += b.iova + size - 1 > limit;
		if (b.iova + size - 1 > *highest)
			*highest = b.iova + size - 1;
	}
	for (i = 0; i < ARRAY_SIZE(segs); i++) {
		segs[i].offset = pos + prng_range(r, 0, 64);
		segs[i].len = prng_range(r, 1, 3 * PAGE);
		pos = segs[i].offset + segs[i].len;
	}
	if (step(tc, buf_new_sg(e, IOMMU_EDU_DIR_TO_DEVICE, pos, segs,
				ARRAY_SIZE(segs), out, &nout, &b), "create sg"))
		return -1;
	for (i = 0; i < nout; i++) {
		above += out[i].addr + out[i].len - 1 > limit;
		if (out[i].addr + out[i].len - 1 > *highest)
			*highest = out[i].addr + out[i].len - 1;
	}
	return above;
}

/*
 * The IOMMU API names an IOVA with an unsigned long (iommu_map()), so the
 * DMA domains of a 32-bit kernel end at 4 GiB and iommu.forcedac has no
 * higher IOVA to give.  The guest is built for its kernel's architecture:
 * its own long has the kernel's width.
 */
static int iova_beyond_4g_possible(void)
{
	return sizeof(long) > 4;
}

static int dma_mask_32_case(struct tcase *tc, const void *arg)
{
	static unsigned char data[PAGE], got[PAGE];
	unsigned long long wide_top = 0, narrow_top = 0;
	int forcedac = opt.forcedac && opt.mode != MODE_PASSTHROUGH;
	int wide_unchecked = forcedac && !iova_beyond_4g_possible();
	struct ebuf single, coherent;
	int wide_above, narrow_above;
	uint32_t bits = 32;
	struct prng r;
	struct edu e;

	(void)arg;
	seed_for(&r, "dma_mask_32");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (e.info.max_dma_bits <= 32)
		return skip(tc, "edu drives %u address bits; boot with iommu_edu.dma_bits=48",
			    e.info.max_dma_bits);

	/* With its whole mask, edu shows where IOVAs come from. */
	wide_above = dma32_fill(tc, &e, &r, DMA32_LIMIT, &wide_top);
	if (wide_above < 0)
		return V_FAIL;
	diag("%u-bit mask%s: %d buffers above 4 GiB, highest byte 0x%llx",
	     e.info.max_dma_bits, forcedac ? ", iommu.forcedac=1" : "",
	     wide_above, wide_top);
	if (forcedac && !wide_unchecked && !wide_above)
		return fail(tc, "no IOVA above 4 GiB under iommu.forcedac=1");

	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_SET_DMA_BITS, &bits),
		 "set a 32-bit mask"))
		return V_FAIL;
	narrow_above = dma32_fill(tc, &e, &r, DMA32_LIMIT, &narrow_top);
	if (narrow_above < 0)
		return V_FAIL;
	diag("report: dma32 wide_above=%d narrow_above=%d narrow_top=0x%llx",
	     wide_above, narrow_above, narrow_top);
	if (narrow_above)
		return fail(tc, "%d buffers of a 32-bit device end above 4 GiB (highest 0x%llx)",
			    narrow_above, narrow_top);

	/* And data still moves under the narrow mask. */
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_TO_DEVICE, PAGE, 0x30, &single),
		 "create single") ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0,
			     &coherent), "create coherent"))
		return V_FAIL;
	prng_fill(&r, data, sizeof(data));
	if (step(tc, buf_put(&e, &single, data), "fill single") ||
	    step(tc, xfer(&e, single.iova, 0, 3000, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "RAM to edu") ||
	    step(tc, xfer(&e, coherent.iova + 7, 0, 3000,
			  IOMMU_EDU_XFER_EDU_TO_RAM), "edu to RAM") ||
	    step(tc, buf_get(&e, &coherent, got), "read coherent"))
		return V_FAIL;
	if (count_diffs(got + 7, data, 3000, "coherent under 32-bit mask"))
		return fail(tc, "data lost under a 32-bit mask");
	if (wide_unchecked)
		return skip(tc, "no IOVA above 4 GiB to check on a 32-bit kernel");
	return V_PASS;
}

/* An untrusted device sees nothing beside its buffer */

#define UT_OFFSET	1000
#define UT_SIZE		300
#define UT_SPAN		(PAGE - 1)	/* longest transfer edu allows */

struct exposure {
	int data_ok;		/* the device read the buffer's bytes */
	size_t canary_seen;	/* neighbour bytes the device read */
	uint64_t canary_broken;	/* neighbour bytes the device overwrote */
	int write_ok;		/* the buffer got the device's bytes */
};

/*
 * Let edu read, then write, the whole IOMMU page under a small buffer that
 * sits in the middle of a page whose other bytes hold the canary.
 */
static int expose(struct tcase *tc, struct edu *e, struct prng *r,
		  uint32_t size, struct exposure *x)
{
	static unsigned char data[UT_SIZE], seen[PAGE], wild[PAGE];
	struct iommu_edu_canary cn = { 0 };
	unsigned long long page;
	struct ebuf buf, dst;
	size_t i;

	memset(x, 0, sizeof(*x));
	if (step(tc, buf_new(e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, size, UT_OFFSET,
			     &buf), "create small buffer") ||
	    step(tc, buf_new(e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &dst),
		 "create coherent"))
		return -1;
	page = buf.iova & ~(unsigned long long)(PAGE - 1);
	diag("buffer of %u bytes at iova 0x%llx, page 0x%llx",
	     size, buf.iova, page);

	/* Read side: what does the device find around the buffer? */
	prng_fill(r, data, sizeof(data));
	memset(seen, 0, sizeof(seen));
	if (step(tc, buf_put(e, &buf, data), "fill buffer") ||
	    step(tc, xfer(e, page, 0, UT_SPAN, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "device reads the page") ||
	    step(tc, xfer(e, dst.iova, 0, UT_SPAN, IOMMU_EDU_XFER_EDU_TO_RAM),
		 "window to coherent") ||
	    step(tc, buf_get(e, &dst, seen), "read coherent"))
		return -1;
	x->data_ok = !memcmp(seen + (buf.iova - page), data, size);
	for (i = 0; i < UT_SPAN; i++)
		if ((i < buf.iova - page || i >= buf.iova - page + size) &&
		    seen[i] == IOMMU_EDU_CANARY)
			x->canary_seen++;

	/* Write side: the device writes the whole page. */
	prng_fill(r, wild, sizeof(wild));
	for (i = 0; i < sizeof(wild); i++)
		if (wild[i] == IOMMU_EDU_CANARY)
			wild[i] ^= 0xff;
	if (step(tc, buf_put(e, &dst, wild), "fill coherent") ||
	    step(tc, xfer(e, dst.iova, 0, UT_SPAN, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "load window") ||
	    step(tc, xfer(e, page, 0, UT_SPAN, IOMMU_EDU_XFER_EDU_TO_RAM),
		 "device writes the page") ||
	    step(tc, buf_get(e, &buf, data), "read buffer"))
		return -1;
	x->write_ok = !memcmp(data, wild + (buf.iova - page), size);
	cn.handle = buf.handle;
	if (step(tc, edu_call(e, IOMMU_EDU_IOC_CANARY, &cn), "check canary"))
		return -1;
	x->canary_broken = cn.changed;

	if (step(tc, edu_call(e, IOMMU_EDU_IOC_FREE, &buf.handle), "free") ||
	    step(tc, edu_call(e, IOMMU_EDU_IOC_FREE, &dst.handle), "free"))
		return -1;
	return 0;
}

static int untrusted_case(struct tcase *tc, const void *arg)
{
	struct exposure trusted, untrusted;
	uint32_t on = 1, off = 0;
	struct ebuf live;
	struct prng r;
	struct edu e;

	(void)arg;
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: bouncing is dma-iommu's");
	seed_for(&r, "untrusted");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;

	/* The control: a trusted device sees and breaks the neighbours. */
	if (expose(tc, &e, &r, UT_SIZE, &trusted))
		return V_FAIL;
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_SET_UNTRUSTED, &on),
		 "mark edu untrusted"))
		return V_FAIL;
	if (expose(tc, &e, &r, UT_SIZE, &untrusted))
		return V_FAIL;

	diag("report: untrusted trusted_seen=%zu trusted_broken=%llu %s=%zu %s=%llu",
	     trusted.canary_seen, (unsigned long long)trusted.canary_broken,
	     "untrusted_seen", untrusted.canary_seen, "untrusted_broken",
	     (unsigned long long)untrusted.canary_broken);
	if (!trusted.data_ok || !trusted.write_ok)
		return fail(tc, "trusted device: data did not move");
	if (!trusted.canary_seen || !trusted.canary_broken)
		return fail(tc, "control failed: a trusted edu did not reach the neighbours");
	if (!untrusted.data_ok || !untrusted.write_ok)
		return fail(tc, "untrusted device: data did not move through the bounce buffer");
	if (untrusted.canary_seen)
		return fail(tc, "untrusted device read %zu bytes beside its buffer",
			    untrusted.canary_seen);
	if (untrusted.canary_broken)
		return fail(tc, "untrusted device overwrote %llu bytes beside its buffer",
			    (unsigned long long)untrusted.canary_broken);

	/* While buffers exist the setting cannot change under them. */
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &live),
		 "create coherent"))
		return V_FAIL;
	if (edu_call(&e, IOMMU_EDU_IOC_SET_UNTRUSTED, &off) != -EBUSY)
		return fail(tc, "trust changed while a buffer was live");
	return V_PASS;
}

/*
 * A buffer smaller than a kmalloc cache's cache-line multiple shares its
 * lines with other data: for a device that is not cache coherent the DMA
 * API bounces it (DMA_BOUNCE_UNALIGNED_KMALLOC), so that cache
 * maintenance cannot corrupt the neighbours.  A coherent device gets it
 * mapped in place.  Which one happened shows in what edu can see around
 * it, which proves that the non-coherent boot really is one.
 */
#define TINY_SIZE	24

/*
 * Only arm64 bounces small buffers for a non-coherent device: 32-bit Arm
 * aligns every kmalloc() buffer to the cache line (ARCH_DMA_MINALIGN) and
 * has no DMA_BOUNCE_UNALIGNED_KMALLOC, so a buffer that shares its lines
 * is its driver's bug there and is mapped in place.  The guest runs on
 * its kernel's architecture: its own long tells which one that is.
 */
static int small_buffers_bounce(void)
{
	return sizeof(long) > 4;
}

static int tiny_case(struct tcase *tc, const void *arg)
{
	struct exposure x;
	struct prng r;
	struct edu e;

	(void)arg;
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: bouncing is dma-iommu's");
	seed_for(&r, "tiny");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (expose(tc, &e, &r, TINY_SIZE, &x))
		return V_FAIL;
	diag("report: tiny coherent=%d seen=%zu broken=%llu", !opt.noncoherent,
	     x.canary_seen, (unsigned long long)x.canary_broken);
	if (!x.data_ok || !x.write_ok)
		return fail(tc, "data did not move");
	if (opt.noncoherent && !small_buffers_bounce())
		return skip(tc, "32-bit kernels do not bounce small non-coherent buffers");
	if (opt.noncoherent && (x.canary_seen || x.canary_broken))
		return fail(tc, "non-coherent edu reached %zu bytes beside a %u-byte buffer",
			    x.canary_seen, TINY_SIZE);
	if (!opt.noncoherent && (!x.canary_seen || !x.canary_broken))
		return fail(tc, "a coherent edu's %u-byte buffer was bounced", TINY_SIZE);
	return V_PASS;
}

/*
 * dma_map_resource(): edu reads NVMe's first registers through a window
 * onto NVMe's BAR 0 and must find in CAP and VS what the CPU reads there
 * through the BAR's sysfs mapping.  Reads change none of them.
 */

#define RES_LEN		16	/* CAP, VS, INTMS */
#define RES_CHECKED	12	/* CAP and VS: INTMS is the driver's */
#define RES_INTMS	12	/* writing 0 there changes nothing */

struct res_target {
	unsigned int domain, bus, dev, fn;
	unsigned long long bar_len;
	char bdf[16];
};

static int res_find_nvme(struct res_target *t)
{
	struct pci_fn fns[PCI_FN_MAX];
	unsigned long long start, end;
	char path[320], text[256];
	int i, n = pci_scan(fns, PCI_FN_MAX);

	for (i = 0; i < n && pci_kind_of(&fns[i]) != PCI_NVME; i++)
		;
	if (i == n)
		return -ENODEV;
	snprintf(t->bdf, sizeof(t->bdf), "%s", fns[i].bdf);
	if (sscanf(t->bdf, "%x:%x:%x.%x", &t->domain, &t->bus, &t->dev,
		   &t->fn) != 4)
		return -EINVAL;
	/* The first line of "resource" is BAR 0: start, end, flags. */
	snprintf(path, sizeof(path), "%s/%s/resource", PCI_DEVICES, t->bdf);
	if (read_text(path, text, sizeof(text)) < 0 ||
	    sscanf(text, "%llx %llx", &start, &end) != 2 || end <= start)
		return -EINVAL;
	t->bar_len = end - start + 1;
	return 0;
}

/* What the CPU reads from the first RES_LEN bytes of NVMe's BAR 0. */
static int res_cpu_read(const struct res_target *t, uint32_t *out)
{
	uint32_t *regs;
	char path[320];
	int fd, i;

	snprintf(path, sizeof(path), "%s/%s/resource0", PCI_DEVICES, t->bdf);
	fd = open(path, O_RDONLY | O_SYNC);
	if (fd < 0)
		return -errno;
	regs = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (regs == MAP_FAILED)
		return -errno;
	/* One 32-bit load per register, as a driver would read them. */
	for (i = 0; i < RES_LEN / 4; i++)
		out[i] = __atomic_load_n(&regs[i], __ATOMIC_RELAXED);
	munmap(regs, PAGE);
	return 0;
}

static int res_map(struct edu *e, const struct res_target *t, uint32_t bar,
		   uint32_t offset, uint32_t size, uint32_t dir,
		   struct iommu_edu_resource *r)
{
	memset(r, 0, sizeof(*r));
	r->domain = t->domain;
	r->bus = t->bus;
	r->devfn = t->dev << 3 | t->fn;
	r->bar = bar;
	r->offset = offset;
	r->size = size;
	r->dir = dir;
	return edu_call(e, IOMMU_EDU_IOC_MAP_RESOURCE, r);
}

/* A map request that must be refused with EINVAL; counts the misses. */
static int res_refused(struct edu *e, struct iommu_edu_resource *r,
		       const char *what)
{
	int err = edu_call(e, IOMMU_EDU_IOC_MAP_RESOURCE, r);

	if (err == -EINVAL)
		return 0;
	diag("%s: got %d, want -EINVAL", what, err);
	if (!err)
		edu_call(e, IOMMU_EDU_IOC_FREE, &r->handle);
	return 1;
}

static int res_bad_input(struct edu *e, const struct res_target *t,
			 uint32_t handle)
{
	struct iommu_edu_resource r;
	struct iommu_edu_sync sync = { .handle = handle };
	struct ebuf win = { .handle = handle, .size = RES_LEN };
	unsigned int dev, fn;
	unsigned char byte;
	char bdf[16];
	int bad = 0;

	res_map(e, t, 0, 0, RES_LEN, IOMMU_EDU_DIR_TO_DEVICE, &r);
	r.bar = 6;
	bad += res_refused(e, &r, "BAR 6");
	r.bar = 1;	/* upper half of the 64-bit BAR 0 */
	bad += res_refused(e, &r, "BAR 1");
	r.bar = 0;
	r.offset = t->bar_len - RES_LEN / 2;
	bad += res_refused(e, &r, "window past the BAR's end");
	r.offset = 0;
	r.size = 0;
	bad += res_refused(e, &r, "empty window");
	r.size = RES_LEN;
	r.dir = 7;
	bad += res_refused(e, &r, "bad direction");
	r.dir = IOMMU_EDU_DIR_BIDIRECTIONAL;
	bad += res_refused(e, &r, "a window edu could write");
	r.dir = IOMMU_EDU_DIR_TO_DEVICE;
	r.devfn = 0xff;
	r.bus = 0xfe;
	bad += res_refused(e, &r, "no such function");
	r.bus = 0x100;
	bad += res_refused(e, &r, "bus number out of range");
	if (!pci_find_edu(bdf, sizeof(bdf)) &&
	    sscanf(bdf, "%x:%x:%x.%x", &r.domain, &r.bus, &dev, &fn) == 4) {
		r.devfn = dev << 3 | fn;
		bad += res_refused(e, &r, "edu's own BAR");
	}

	/* The window has no memory of its own. */
	if (buf_io(e, IOMMU_EDU_IOC_READ, &win, 0, &byte, 1) != -EINVAL) {
		diag("READ of a resource window was not refused");
		bad++;
	}
	if (edu_call(e, IOMMU_EDU_IOC_SYNC, &sync) != -EINVAL) {
		diag("SYNC of a resource window was not refused");
		bad++;
	}
	return bad;
}

/*
 * The window is edu's to read only: a write of four zero bytes to INTMS
 * (which zero leaves alone) must be stopped, by the SMMU (a fault naming
 * edu's stream) or, without translation, by the driver (EPERM).
 */
static int res_write_refused(struct tcase *tc, struct edu *e,
			     const struct iommu_edu_resource *res,
			     const struct ebuf *zeros)
{
	uint64_t target = res->iova + RES_INTMS;
	int err, caught;

	/* The buffer is zero from byte 64 on: zeros into the window. */
	if (step(tc, xfer(e, zeros->iova + 64, 0, ATTACK_LEN,
			  IOMMU_EDU_XFER_RAM_TO_EDU), "load zeros"))
		return -1;
	if (opt.mode == MODE_PASSTHROUGH) {
		err = xfer(e, target, 0, ATTACK_LEN, IOMMU_EDU_XFER_EDU_TO_RAM);
		if (err != -EPERM) {
			fail(tc, "a write into the window got %d, not -EPERM", err);
			return -1;
		}
		return 0;
	}
	if (step(tc, attack(e, target, ATTACK_LEN, &caught),
		 "write into the window"))
		return -1;
	if (!caught) {
		fail(tc, "no SMMU fault for a write into the read-only window at 0x%llx",
		     (unsigned long long)target);
		return -1;
	}
	return 0;
}

/*
 * edu reads NVMe's registers through the windows @res and @res8 and writes
 * them to @out; they must be the bytes the CPU read (@want).
 */
static int res_read_by_edu(struct tcase *tc, struct edu *e,
			   const struct iommu_edu_resource *res,
			   const struct iommu_edu_resource *res8,
			   struct ebuf *out, const uint32_t *want)
{
	uint32_t got[RES_LEN / 4];

	/* Registers to edu's window, then the window to RAM. */
	if (step(tc, xfer(e, res->iova, 0, RES_LEN, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "edu reads the registers") ||
	    step(tc, xfer(e, res8->iova, RES_LEN, 8, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "edu reads VS and INTMS") ||
	    step(tc, xfer(e, out->iova, 0, RES_LEN + 8,
			  IOMMU_EDU_XFER_EDU_TO_RAM), "edu writes them out"))
		return V_FAIL;
	if (step(tc, buf_io(e, IOMMU_EDU_IOC_READ, out, 0, got, RES_LEN),
		 "read buffer"))
		return V_FAIL;
	if (count_diffs((unsigned char *)got, (const unsigned char *)want,
			RES_CHECKED, "registers read by edu"))
		return fail(tc, "edu read other bytes than the CPU at NVMe's BAR 0");
	if (step(tc, buf_io(e, IOMMU_EDU_IOC_READ, out, RES_LEN, got, 4),
		 "read buffer"))
		return V_FAIL;
	if (count_diffs((unsigned char *)got, (const unsigned char *)&want[2], 4,
			"registers read through the offset window"))
		return fail(tc, "the window at offset 8 reached other bytes");
	return V_PASS;
}

/*
 * From a 32-bit CPU edu's 64-bit address registers are written in two
 * halves, and QEMU's edu drops a write to the upper one: it can only be
 * pointed at a 32-bit address.  Under an identity domain NVMe's BAR 0,
 * in the 64-bit window, lies beyond that.
 */
static int edu_cannot_reach(unsigned long long last)
{
	return sizeof(long) == 4 && last > 0xffffffffULL;
}

static int map_resource_case(struct tcase *tc, const void *arg)
{
	uint32_t want[RES_LEN / 4];
	struct iommu_edu_resource res, res8;
	struct res_target t;
	struct ebuf out;
	struct edu e;
	int caught, mapped, err, n, fd, unreachable;
	struct smmu_event ev[8];

	(void)arg;
	err = res_find_nvme(&t);
	if (err == -ENODEV)
		return skip(tc, "no NVMe function to map");
	if (step(tc, err, "find NVMe's BAR 0"))
		return V_FAIL;
	if (step(tc, res_cpu_read(&t, want), "read NVMe's registers"))
		return V_FAIL;
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &out),
		 "create coherent buffer"))
		return V_FAIL;

	if (step(tc, res_map(&e, &t, 0, 0, RES_LEN, IOMMU_EDU_DIR_TO_DEVICE,
			     &res), "map NVMe's BAR 0"))
		return V_FAIL;
	/* A window starting mid-page keeps its offset in the IOVA. */
	if (step(tc, res_map(&e, &t, 0, 8, 8, IOMMU_EDU_DIR_TO_DEVICE, &res8),
		 "map 8 bytes at offset 8"))
		return V_FAIL;
	diag("report: resource bdf=%s iova=0x%llx iova8=0x%llx cap=%08x%08x vs=%08x",
	     t.bdf, (unsigned long long)res.iova,
	     (unsigned long long)res8.iova, want[1], want[0], want[2]);
	if ((res.iova & (PAGE - 1)) || (res8.iova & (PAGE - 1)) != 8)
		return fail(tc, "window IOVAs 0x%llx and 0x%llx lost their offsets",
			    (unsigned long long)res.iova,
			    (unsigned long long)res8.iova);

	/* The write first, for the reason readonly_case() gives. */
	if (res_write_refused(tc, &e, &res, &out))
		return V_FAIL;
	unreachable = edu_cannot_reach(res.iova + RES_LEN - 1);
	if (!unreachable) {
		n = res_read_by_edu(tc, &e, &res, &res8, &out, want);
		if (n != V_PASS)
			return n;
	}

	n = res_bad_input(&e, &t, res.handle);
	if (n)
		return fail(tc, "%d bad resource requests were not refused", n);

	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_UNMAP, &res.handle), "unmap"))
		return V_FAIL;
	if (edu_call(&e, IOMMU_EDU_IOC_UNMAP, &res.handle) != -EINVAL)
		return fail(tc, "a second unmap of the window was not refused");
	if (opt.mode == MODE_PASSTHROUGH) {
		diag("identity domain: nothing to fault on after the unmap");
		goto out;
	}
	mapped = iova_mapped(&e, res.iova);
	if (mapped != 0)
		return fail(tc, "iova 0x%llx still in the page table after unmap (%d)",
			    (unsigned long long)res.iova, mapped);
	if (opt.mode != MODE_STRICT)
		goto out;	/* lazy: the IOTLB may still hold it */

	fd = kmsg_from_now();
	if (fd < 0)
		return fail(tc, "cannot read the kernel log");
	err = xfer(&e, res.iova, 0, ATTACK_LEN, IOMMU_EDU_XFER_RAM_TO_EDU);
	n = kmsg_events(fd, ev, ARRAY_SIZE(ev), 2000);
	close(fd);
	if (step(tc, err, "read the unmapped window"))
		return V_FAIL;
	caught = fault_reported(ev, n, res.iova, ATTACK_LEN, edu_stream_id());
	if (!caught)
		return fail(tc, "no SMMU fault for the unmapped window at 0x%llx, stream 0x%lx",
			    (unsigned long long)res.iova, edu_stream_id());
out:
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_FREE, &res.handle), "free") ||
	    step(tc, edu_call(&e, IOMMU_EDU_IOC_FREE, &res8.handle), "free"))
		return V_FAIL;
	close(e.fd);
	if (unreachable)
		return skip(tc, "edu cannot read at 0x%llx: a 32-bit CPU gives it 32-bit addresses",
			    (unsigned long long)res.iova);
	return V_PASS;
}

/* Bad input is refused and changes nothing. */

static int bad_input_case(struct tcase *tc, const void *arg)
{
	static unsigned char data[PAGE], got[PAGE];
	struct iommu_edu_seg overlap[2] = { { 0, 100 }, { 50, 100 } };
	struct iommu_edu_dma_seg out[2];
	struct iommu_edu_create c;
	struct ebuf single, coherent, scratch;
	uint32_t handle, nout;
	struct prng r;
	struct edu e;
	int bad = 0;

	(void)arg;
	seed_for(&r, "bad_input");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0, &single),
		 "create single"))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &coherent),
		 "create coherent"))
		return V_FAIL;
	prng_fill(&r, data, sizeof(data));
	if (step(tc, buf_put(&e, &single, data), "fill single"))
		return V_FAIL;

#define REFUSED(expr, what)						\
	do {								\
		int __err = (expr);					\
		if (__err != -EINVAL) {					\
			diag("not refused with EINVAL: %s (%s)", what,	\
			     __err ? strerror(-__err) : "accepted");	\
			bad++;						\
		}							\
	} while (0)

	REFUSED(xfer(&e, single.iova, 0, 0, IOMMU_EDU_XFER_RAM_TO_EDU),
		"empty transfer");
	REFUSED(xfer(&e, single.iova, IOMMU_EDU_WINDOW_SIZE - 100, 100,
		     IOMMU_EDU_XFER_RAM_TO_EDU),
		"transfer ending at the end of the window");
	REFUSED(xfer(&e, single.iova, 0, IOMMU_EDU_WINDOW_SIZE,
		     IOMMU_EDU_XFER_EDU_TO_RAM), "transfer of the whole window");
	REFUSED(xfer(&e, single.iova, IOMMU_EDU_WINDOW_SIZE, 1,
		     IOMMU_EDU_XFER_EDU_TO_RAM), "transfer past the window");
	REFUSED(xfer(&e, e.info.iova_last, 0, 2, IOMMU_EDU_XFER_EDU_TO_RAM),
		"transfer beyond edu's address width");
	REFUSED(xfer(&e, single.iova, 0, 16, 7), "unknown direction");
	REFUSED(buf_io(&e, IOMMU_EDU_IOC_WRITE, &single, PAGE - 10, data, 11),
		"write past the end of a buffer");
	REFUSED(buf_io(&e, IOMMU_EDU_IOC_READ, &single, 0, got, 0),
		"empty read");
	handle = 0x7777;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_FREE, &handle), "free unknown");
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_UNMAP, &coherent.handle),
		"unmap coherent");

	memset(&c, 0, sizeof(c));
	c.kind = IOMMU_EDU_KIND_SINGLE;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_CREATE, &c), "empty buffer");
	c.size = IOMMU_EDU_BUF_MAX + 1;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_CREATE, &c), "oversized buffer");
	c.size = PAGE;
	c.offset = PAGE;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_CREATE, &c), "offset of a page");
	c.offset = 0;
	c.kind = 99;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_CREATE, &c), "unknown kind");
	c.kind = IOMMU_EDU_KIND_SINGLE;
	c.dir = 9;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_CREATE, &c), "unknown direction");
	REFUSED(buf_new_sg(&e, IOMMU_EDU_DIR_TO_DEVICE, PAGE, overlap, 2, out,
			   &nout, &scratch), "overlapping pieces");

	/* A buffer freed once is gone. */
	handle = coherent.handle;
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_FREE, &handle), "free coherent"))
		return V_FAIL;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_FREE, &handle), "free twice");
	REFUSED(buf_io(&e, IOMMU_EDU_IOC_READ, &coherent, 0, got, 16),
		"read a freed buffer");
#undef REFUSED

	/* Nothing above touched the buffer, and the engine still works. */
	if (step(tc, buf_get(&e, &single, got), "read single"))
		return V_FAIL;
	if (count_diffs(got, data, PAGE, "single after refused calls"))
		bad++;
	if (step(tc, xfer(&e, single.iova, 0, 64, IOMMU_EDU_XFER_RAM_TO_EDU),
		 "RAM to edu"))
		return V_FAIL;
	if (step(tc, xfer(&e, single.iova + 2048, 0, 64,
			  IOMMU_EDU_XFER_EDU_TO_RAM), "edu to RAM"))
		return V_FAIL;
	if (step(tc, buf_get(&e, &single, got), "read single"))
		return V_FAIL;
	if (memcmp(got + 2048, data, 64)) {
		diag("engine did not work after refused calls");
		bad++;
	}
	return bad ? fail(tc, "%d checks failed", bad) : V_PASS;
}

int suite_edu(void)
{
	struct suite s;
	size_t i;

	suite_begin(&s, "edu", 11 + ARRAY_SIZE(roundtrips) + EDU_ALLOC_CASES +
		    EDU_FIXED_CASES + EDU_REGIONS_CASES + EDU_PASID_CASES);
	suite_case(&s, "info", 30, info_case, NULL);
	for (i = 0; i < ARRAY_SIZE(roundtrips); i++)
		suite_case(&s, roundtrips[i].name, 60, roundtrip_case,
			   &roundtrips[i]);
	suite_case(&s, "sg_roundtrip", 120, sg_case, NULL);
	suite_case(&s, "dma_mask_24", 60, dma_mask_case, NULL);
	suite_case(&s, "dma_mask_32", 120, dma_mask_32_case, NULL);
	suite_case(&s, "untrusted_bounce", 60, untrusted_case, NULL);
	suite_case(&s, "tiny_buffer", 60, tiny_case, NULL);
	suite_case(&s, "fault_unmapped", 60, unmapped_case, NULL);
	suite_case(&s, "fault_readonly", 60, readonly_case, NULL);
	suite_case(&s, "fault_after_unmap", 60, after_unmap_case, NULL);
	suite_case(&s, "bad_input", 60, bad_input_case, NULL);
	suite_case(&s, "map_resource", 60, map_resource_case, NULL);
	edu_alloc_cases(&s);
	edu_fixed_cases(&s);
	edu_regions_cases(&s);
	edu_pasid_cases(&s);
	return suite_end(&s);
}

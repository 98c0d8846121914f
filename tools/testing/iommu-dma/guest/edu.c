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
#include <unistd.h>

#include <misc/iommu-edu.h>

#include "guest.h"

#define EDU_NODE	"/dev/iommu-edu"
#define PAGE		4096u

struct edu {
	int fd;
	struct iommu_edu_info info;
};

struct ebuf {
	uint32_t handle;
	uint32_t size;
	unsigned long long iova;
};

/* Thin wrappers: 0 or -errno. */
static int edu_call(struct edu *e, unsigned long cmd, void *arg)
{
	return ioctl(e->fd, cmd, arg) ? -errno : 0;
}

static int edu_open(struct edu *e)
{
	if (wait_path(EDU_NODE, 5000))
		return -ENOENT;
	e->fd = open(EDU_NODE, O_RDWR | O_CLOEXEC);
	if (e->fd < 0)
		return -errno;
	return edu_call(e, IOMMU_EDU_IOC_INFO, &e->info);
}

static int buf_new(struct edu *e, uint32_t kind, uint32_t dir, uint32_t size,
		   uint32_t offset, struct ebuf *b)
{
	struct iommu_edu_create c = {
		.kind = kind,
		.dir = dir,
		.size = size,
		.offset = offset,
	};
	int err = edu_call(e, IOMMU_EDU_IOC_CREATE, &c);

	if (err)
		return err;
	b->handle = c.handle;
	b->size = size;
	b->iova = c.iova;
	return 0;
}

static int buf_new_sg(struct edu *e, uint32_t dir, uint32_t size,
		      const struct iommu_edu_seg *segs, uint32_t nsegs,
		      struct iommu_edu_dma_seg *out, uint32_t *nout,
		      struct ebuf *b)
{
	struct iommu_edu_create c = {
		.kind = IOMMU_EDU_KIND_SG,
		.dir = dir,
		.size = size,
		.nsegs = nsegs,
		.segs = (uintptr_t)segs,
		.dma_segs = (uintptr_t)out,
	};
	int err = edu_call(e, IOMMU_EDU_IOC_CREATE, &c);

	if (err)
		return err;
	b->handle = c.handle;
	b->size = size;
	b->iova = c.iova;
	*nout = c.dma_nsegs;
	return 0;
}

static int buf_io(struct edu *e, unsigned long cmd, struct ebuf *b,
		  uint32_t offset, void *data, uint32_t len)
{
	struct iommu_edu_rw rw = {
		.handle = b->handle,
		.offset = offset,
		.len = len,
		.data = (uintptr_t)data,
	};

	return edu_call(e, cmd, &rw);
}

static int buf_put(struct edu *e, struct ebuf *b, const void *data)
{
	return buf_io(e, IOMMU_EDU_IOC_WRITE, b, 0, (void *)data, b->size);
}

static int buf_get(struct edu *e, struct ebuf *b, void *data)
{
	return buf_io(e, IOMMU_EDU_IOC_READ, b, 0, data, b->size);
}

static int xfer(struct edu *e, uint64_t iova, uint32_t window, uint32_t len,
		uint32_t dir)
{
	struct iommu_edu_xfer x = {
		.iova = iova,
		.window_offset = window,
		.len = len,
		.dir = dir,
	};

	return edu_call(e, IOMMU_EDU_IOC_XFER, &x);
}

static int iova_mapped(struct edu *e, uint64_t iova)
{
	struct iommu_edu_probe p = { .iova = iova };
	int err = edu_call(e, IOMMU_EDU_IOC_PROBE, &p);

	return err ? err : (int)p.mapped;
}

/* Note a failed step in @tc; true when @err says the step failed. */
static int step(struct tcase *tc, int err, const char *what)
{
	if (err)
		fail(tc, "%s: %s", what, strerror(-err));
	return err != 0;
}

static const char *domain_name(uint32_t type)
{
	static const char * const names[] = {
		[IOMMU_EDU_DOMAIN_NONE] = "none",
		[IOMMU_EDU_DOMAIN_BLOCKED] = "blocked",
		[IOMMU_EDU_DOMAIN_IDENTITY] = "identity",
		[IOMMU_EDU_DOMAIN_UNMANAGED] = "unmanaged",
		[IOMMU_EDU_DOMAIN_DMA] = "DMA",
		[IOMMU_EDU_DOMAIN_DMA_FQ] = "DMA-FQ",
		[IOMMU_EDU_DOMAIN_OTHER] = "other",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "other";
}

/* Count differing bytes and describe the first one. */
static size_t count_diffs(const unsigned char *got,
			  const unsigned char *want, size_t len,
			  const char *what)
{
	size_t i, bad = 0, first = 0;

	for (i = 0; i < len; i++) {
		if (got[i] != want[i]) {
			if (!bad)
				first = i;
			bad++;
		}
	}
	if (bad)
		diag("%s: %zu of %zu bytes wrong, first at %zu (0x%02x, not 0x%02x)",
		     what, bad, len, first, got[first], want[first]);
	return bad;
}

static void seed_for(struct prng *r, const char *name)
{
	uint64_t h = opt.seed;

	while (*name)
		h = (h ^ (unsigned char)*name++) * 1099511628211ULL;
	prng_seed(r, h);
}

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

/* Faults: the SMMU's event in the kernel log */

struct smmu_event {
	unsigned int id;
	int ndw;
	unsigned long long dw[4];
};

static int kmsg_from_now(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* First "0x" followed by 16 hex digits in @s, or NULL. */
static const char *find_dword(const char *s)
{
	const char *p;
	int i;

	for (p = strstr(s, "0x"); p; p = strstr(p + 2, "0x")) {
		for (i = 0; i < 16; i++)
			if (!strchr("0123456789abcdefABCDEF", p[2 + i]) ||
			    !p[2 + i])
				break;
		if (i == 16)
			return p;
	}
	return NULL;
}

/*
 * Collect SMMU fault reports: upstream's "event 0x.. received:" records with
 * the raw dwords printed after each, or our driver's one-line reports naming
 * the IOVA and stream; wait up to @wait_ms for a first complete one.
 */
static int kmsg_events(int fd, struct smmu_event *ev, int max,
		       unsigned int wait_ms)
{
	uint64_t deadline = now_ms() + wait_ms;
	struct smmu_event *cur = NULL;
	char rec[2048];
	int n = 0;

	for (;;) {
		ssize_t len = read(fd, rec, sizeof(rec) - 1);
		const char *msg, *p;
		char *nl;

		if (len < 0) {
			if (errno == EPIPE || errno == EINTR)
				continue;
			if (errno != EAGAIN)
				break;
			if ((n && ev[n - 1].ndw == 4) || now_ms() >= deadline)
				break;
			sleep_ms(20);
			continue;
		}
		rec[len] = '\0';
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';

		/* Our SMMUv3 driver: one line in words per fault. */
		p = strstr(msg, " at iova 0x");
		if (p && strstr(msg, "(stream 0x")) {
			cur = NULL;
			if (n < max) {
				memset(&ev[n], 0, sizeof(ev[n]));
				ev[n].dw[0] = strtoull(strstr(msg, "(stream 0x") + 8,
						       NULL, 16) << 32;
				ev[n].dw[2] = strtoull(p + 9, NULL, 16);
				ev[n].ndw = 4;
				n++;
			}
			continue;
		}

		p = strstr(msg, "event 0x");
		if (p && strstr(p, "received")) {
			cur = n < max ? &ev[n++] : NULL;
			if (cur) {
				memset(cur, 0, sizeof(*cur));
				cur->id = strtoul(p + 8, NULL, 16);
			}
			continue;
		}
		p = find_dword(msg);
		if (cur && p && cur->ndw < 4)
			cur->dw[cur->ndw++] = strtoull(p, NULL, 16);
	}
	return n;
}

/* Did the SMMU report a fault on [iova, iova + len)? */
static int fault_reported(const struct smmu_event *ev, int n, uint64_t iova,
			  uint32_t len)
{
	uint64_t lo = iova & ~(uint64_t)(PAGE - 1), hi = iova + len;
	int i, j, hit = 0;

	for (i = 0; i < n; i++) {
		diag("smmu event 0x%02x sid 0x%x: %016llx %016llx %016llx %016llx",
		     ev[i].id, (unsigned int)(ev[i].dw[0] >> 32), ev[i].dw[0],
		     ev[i].dw[1], ev[i].dw[2], ev[i].dw[3]);
		for (j = 1; j < ev[i].ndw; j++)
			if (ev[i].dw[j] >= lo && ev[i].dw[j] < hi)
				hit = 1;
	}
	return hit;
}

/* Write @len bytes of edu's window to @iova and watch for the fault. */
static int attack(struct edu *e, uint64_t iova, uint32_t len, int *caught)
{
	struct smmu_event ev[8];
	int fd = kmsg_from_now(), n, err;

	if (fd < 0)
		return -errno;
	err = xfer(e, iova, 0, len, IOMMU_EDU_XFER_EDU_TO_RAM);
	if (err) {
		close(fd);
		return err;
	}
	n = kmsg_events(fd, ev, ARRAY_SIZE(ev), 2000);
	close(fd);
	*caught = fault_reported(ev, n, iova, len);
	if (!n)
		diag("no SMMU event in the kernel log");
	return 0;
}

static int fault_verdict(struct tcase *tc, const char *name,
			 unsigned long long iova,
			 int caught, int changed)
{
	diag("report: fault case=%s iova=0x%llx caught=%d changed=%d",
	     name, iova, caught, changed);
	if (changed)
		return fail(tc, "memory changed by a DMA the IOMMU had to stop");
	if (!caught)
		return fail(tc, "no SMMU fault reported for iova 0x%llx",
			    iova);
	return V_PASS;
}

/*
 * QEMU's SMMU reports a refused DMA write once per 4-byte chunk, and the
 * kernel prints at most 10 events in 5 s: one chunk per attack keeps every
 * fault case's event visible.
 */
#define ATTACK_LEN	4

/* Load edu's window with fresh bytes from a buffer of our own. */
static int load_window(struct edu *e, struct prng *r, struct ebuf *b,
		       unsigned char *data)
{
	int err;

	prng_fill(r, data, b->size);
	err = buf_put(e, b, data);
	if (!err)
		err = xfer(e, b->iova, 0, 256, IOMMU_EDU_XFER_RAM_TO_EDU);
	return err;
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
	int caught;

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

	/* The device may read the mapping ... */
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

	/* ... but not write it. */
	if (step(tc, load_window(&e, &r, &src, sdata), "load window"))
		return V_FAIL;
	target = ro.iova + 0x40;
	diag("writing %u bytes to read-only iova 0x%llx", ATTACK_LEN,
	     target);
	if (step(tc, attack(&e, target, ATTACK_LEN, &caught), "transfer"))
		return V_FAIL;
	if (step(tc, buf_get(&e, &ro, got), "read read-only buffer"))
		return V_FAIL;
	return fault_verdict(tc, "readonly", target, caught,
			     count_diffs(got, rdata, PAGE, "read-only buffer") != 0);
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

	suite_begin(&s, "edu", 7 + ARRAY_SIZE(roundtrips));
	suite_case(&s, "info", 30, info_case, NULL);
	for (i = 0; i < ARRAY_SIZE(roundtrips); i++)
		suite_case(&s, roundtrips[i].name, 60, roundtrip_case,
			   &roundtrips[i]);
	suite_case(&s, "sg_roundtrip", 120, sg_case, NULL);
	suite_case(&s, "dma_mask_24", 60, dma_mask_case, NULL);
	suite_case(&s, "fault_unmapped", 60, unmapped_case, NULL);
	suite_case(&s, "fault_readonly", 60, readonly_case, NULL);
	suite_case(&s, "fault_after_unmap", 60, after_unmap_case, NULL);
	suite_case(&s, "bad_input", 60, bad_input_case, NULL);
	return suite_end(&s);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * edu-lib: the pieces every edu-driven suite shares: thin wrappers around
 * /dev/iommu-edu, byte comparison, and reading the SMMU's fault reports
 * back from the kernel log.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "edu-lib.h"

/* Thin wrappers: 0 or -errno. */
int edu_call(struct edu *e, unsigned long cmd, void *arg)
{
	return ioctl(e->fd, cmd, arg) ? -errno : 0;
}

int edu_open(struct edu *e)
{
	if (wait_path(EDU_NODE, 5000))
		return -ENOENT;
	e->fd = open(EDU_NODE, O_RDWR | O_CLOEXEC);
	if (e->fd < 0)
		return -errno;
	return edu_call(e, IOMMU_EDU_IOC_INFO, &e->info);
}

/* Create the buffer @c describes and note what the driver gave back. */
static int buf_create(struct edu *e, struct iommu_edu_create *c,
		      struct ebuf *b)
{
	int err = edu_call(e, IOMMU_EDU_IOC_CREATE, c);

	if (err)
		return err;
	b->handle = c->handle;
	b->size = c->size;
	b->iova = c->iova;
	return 0;
}

int buf_new(struct edu *e, uint32_t kind, uint32_t dir, uint32_t size,
	    uint32_t offset, struct ebuf *b)
{
	struct iommu_edu_create c = {
		.kind = kind,
		.dir = dir,
		.size = size,
		.offset = offset,
	};

	return buf_create(e, &c, b);
}

int buf_new_fixed(struct edu *e, uint32_t kind, uint32_t dir, uint32_t size,
		  uint64_t iova, struct ebuf *b)
{
	struct iommu_edu_create c = {
		.kind = kind,
		.dir = dir,
		.size = size,
		.iova = iova,
	};

	return buf_create(e, &c, b);
}

int buf_new_sg(struct edu *e, uint32_t dir, uint32_t size,
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
	int err = buf_create(e, &c, b);

	if (!err)
		*nout = c.dma_nsegs;
	return err;
}

int buf_io(struct edu *e, unsigned long cmd, struct ebuf *b,
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

int buf_put(struct edu *e, struct ebuf *b, const void *data)
{
	return buf_io(e, IOMMU_EDU_IOC_WRITE, b, 0, (void *)data, b->size);
}

int buf_get(struct edu *e, struct ebuf *b, void *data)
{
	return buf_io(e, IOMMU_EDU_IOC_READ, b, 0, data, b->size);
}

int xfer(struct edu *e, uint64_t iova, uint32_t window, uint32_t len,
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

int iova_mapped(struct edu *e, uint64_t iova)
{
	struct iommu_edu_probe p = { .iova = iova };
	int err = edu_call(e, IOMMU_EDU_IOC_PROBE, &p);

	return err ? err : (int)p.mapped;
}

int stress_map(struct edu *e, uint32_t size, uint32_t count,
	       struct iommu_edu_stress *out)
{
	memset(out, 0, sizeof(*out));
	out->size = size;
	out->count = count;
	return edu_call(e, IOMMU_EDU_IOC_STRESS_MAP, out);
}

int stress_unmap(struct edu *e, uint32_t *released, uint32_t *live)
{
	struct iommu_edu_stress st = { 0 };
	int err = edu_call(e, IOMMU_EDU_IOC_STRESS_UNMAP, &st);

	if (!err && released)
		*released = st.done;
	if (!err && live)
		*live = st.live;
	return err;
}

long stress_fill(struct edu *e, uint32_t size, uint64_t *hi)
{
	struct iommu_edu_stress st;
	long made = 0;
	int err;

	for (;;) {
		err = stress_map(e, size, IOMMU_EDU_STRESS_BATCH, &st);
		if (err)
			return err == -ENOMEM ? made : err;
		made += st.done;
		if (hi && st.iova_hi > *hi)
			*hi = st.iova_hi;
		/* A short batch met the end; the next call must fail. */
	}
}

long stress_capacity(struct edu *e, uint32_t size)
{
	long made = stress_fill(e, size, NULL);
	uint32_t released;
	int err;

	err = stress_unmap(e, &released, NULL);
	if (err)
		return err;
	if (made >= 0 && (long)released != made)
		return -EUCLEAN;
	return made;
}

int mapped_pages(struct edu *e, uint64_t first, uint64_t last,
		 uint64_t *pages)
{
	struct iommu_edu_mapped m = { .first = first, .last = last };
	int err = edu_call(e, IOMMU_EDU_IOC_MAPPED, &m);

	if (!err)
		*pages = m.pages;
	return err;
}

/* Note a failed step in @tc; true when @err says the step failed. */
int step(struct tcase *tc, int err, const char *what)
{
	if (err)
		fail(tc, "%s: %s", what, strerror(-err));
	return err != 0;
}

const char *domain_name(uint32_t type)
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
size_t count_diffs(const unsigned char *got,
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

void seed_for(struct prng *r, const char *name)
{
	prng_seed(r, hash_name(opt.seed, name));
}

/* Faults: the SMMU's event in the kernel log */

int kmsg_from_now(void)
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
int kmsg_events(int fd, struct smmu_event *ev, int max,
		unsigned int wait_ms)
{
	uint64_t deadline = now_ms() + wait_ms;
	struct smmu_event *cur = NULL;
	char rec[2048];
	int n = 0;

	for (;;) {
		ssize_t len = read(fd, rec, sizeof(rec) - 1);
		const char *msg, *p;

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
		msg = kmsg_message(rec);
		if (!msg)
			continue;

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

/*
 * Stream ID of edu: QEMU virt's iommu-map passes the PCI requester ID
 * through unchanged, so it is bus << 8 | device << 3 | function.
 */
long edu_stream_id(void)
{
	unsigned int dom, bus, dev, fn;
	char bdf[16];

	if (pci_find_edu(bdf, sizeof(bdf)) ||
	    sscanf(bdf, "%x:%x:%x.%x", &dom, &bus, &dev, &fn) != 4)
		return -1;
	return (long)(bus << 8 | dev << 3 | fn);
}

/*
 * Did the SMMU report a fault on [iova, iova + len) for stream @sid?
 * Reports of other streams, or of other addresses, do not count.
 */
int fault_reported(const struct smmu_event *ev, int n, uint64_t iova,
		   uint32_t len, long sid)
{
	uint64_t lo = iova & ~(uint64_t)(PAGE - 1), hi = iova + len;
	int i, j, hit = 0;

	for (i = 0; i < n; i++) {
		long ev_sid = (long)(ev[i].dw[0] >> 32);
		int addr = 0;

		diag("smmu event 0x%02x sid 0x%lx: %016llx %016llx %016llx %016llx",
		     ev[i].id, ev_sid, ev[i].dw[0], ev[i].dw[1], ev[i].dw[2],
		     ev[i].dw[3]);
		for (j = 1; j < ev[i].ndw; j++)
			if (ev[i].dw[j] >= lo && ev[i].dw[j] < hi)
				addr = 1;
		if (addr && ev_sid != sid)
			diag("fault at the address but for stream 0x%lx, not edu's 0x%lx",
			     ev_sid, sid);
		if (addr && ev_sid == sid)
			hit = 1;
	}
	return hit;
}

/* Write @len bytes of edu's window to @iova and watch for the fault. */
int attack(struct edu *e, uint64_t iova, uint32_t len, int *caught)
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
	*caught = fault_reported(ev, n, iova, len, edu_stream_id());
	if (!n)
		diag("no SMMU event in the kernel log");
	return 0;
}

int fault_verdict(struct tcase *tc, const char *name,
		  unsigned long long iova,
		  int caught, int changed)
{
	diag("report: fault case=%s iova=0x%llx stream=0x%lx caught=%d changed=%d",
	     name, iova, edu_stream_id(), caught, changed);
	if (changed)
		return fail(tc, "memory changed by a DMA the IOMMU had to stop");
	if (!caught)
		return fail(tc, "no SMMU fault reported for iova 0x%llx, stream 0x%lx",
			    iova, edu_stream_id());
	return V_PASS;
}

/* Load edu's window with fresh bytes from a buffer of our own. */
int load_window(struct edu *e, struct prng *r, struct ebuf *b,
		unsigned char *data)
{
	int err;

	prng_fill(r, data, b->size);
	err = buf_put(e, b, data);
	if (!err)
		err = xfer(e, b->iova, 0, 256, IOMMU_EDU_XFER_RAM_TO_EDU);
	return err;
}

/* Every word names its offset; @salt tells two fills apart. */
void pattern(unsigned char *p, uint32_t len, uint32_t salt)
{
	uint32_t i, w;

	for (i = 0; i + 4 <= len; i += 4) {
		w = (i / 4 + 1) * 0x9e3779b1u ^ salt;
		memcpy(p + i, &w, 4);
	}
}

/* Move @len bytes from bus address @src to @dst, one window at a time. */
int dma_copy(struct edu *e, uint64_t src, uint64_t dst, uint32_t len)
{
	uint32_t done, n;
	int err;

	for (done = 0; done < len; done += n) {
		n = len - done;
		if (n > IOMMU_EDU_XFER_MAX)
			n = IOMMU_EDU_XFER_MAX;
		err = xfer(e, src + done, 0, n, IOMMU_EDU_XFER_RAM_TO_EDU);
		if (!err)
			err = xfer(e, dst + done, 0, n,
				   IOMMU_EDU_XFER_EDU_TO_RAM);
		if (err)
			return err;
	}
	return 0;
}

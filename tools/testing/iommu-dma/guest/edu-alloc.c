// SPDX-License-Identifier: GPL-2.0
/*
 * edu-alloc: the allocation paths of the DMA API that only attributes or
 * the non-contiguous calls reach, each run with real device DMA.
 *
 * A buffer of each kind is mapped into this process through mmap() of
 * /dev/iommu-edu.  Bytes written through that mapping must reach edu and
 * land exactly in a plain coherent buffer, and bytes edu writes into the
 * buffer must show through the mapping, and through a second mapping that
 * starts one page into the buffer.  Every 32-bit word of a pattern encodes
 * its own offset, so a page mapped at the wrong place cannot pass.  The
 * page table dma_get_sgtable_attrs() builds for the buffer is checked
 * against what the attribute promises.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "edu-lib.h"

#define ALLOC_SMALL	(4 * PAGE)	/* 16 KiB */
#define ALLOC_LARGE	(16 * PAGE)	/* 64 KiB */

/* mmap() @len bytes of buffer @handle from @offset; NULL with errno set. */
static void *map_buf(struct edu *e, uint32_t handle, uint64_t offset,
		     size_t len, int flags)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, e->fd,
		       IOMMU_EDU_MMAP_OFFSET(handle) + offset);

	return p == MAP_FAILED ? NULL : p;
}

static int buf_sync(struct edu *e, struct ebuf *b, uint32_t to)
{
	struct iommu_edu_sync s = { .handle = b->handle, .to = to };

	return edu_call(e, IOMMU_EDU_IOC_SYNC, &s);
}

static int buf_sgtable(struct edu *e, struct ebuf *b,
		       struct iommu_edu_sgtable *t)
{
	memset(t, 0, sizeof(*t));
	t->handle = b->handle;
	return edu_call(e, IOMMU_EDU_IOC_SGTABLE, t);
}

/* What one kind of buffer must show. */
struct alloc_kind {
	const char *name;
	uint32_t kind;
	uint32_t size;
	int kmap;		/* READ/WRITE reach it */
	int noncontig;		/* cached for the CPU: SYNC around user access */
	int one_entry;		/* its table must be one contiguous entry */
};

/*
 * Its page table: covering the buffer, and a single physically contiguous
 * entry when @k promises one.
 */
static int check_sgtable(struct tcase *tc, struct edu *e,
			 const struct alloc_kind *k, struct ebuf *b)
{
	struct iommu_edu_sgtable t;
	uint32_t i;

	if (step(tc, buf_sgtable(e, b, &t), "get the page table"))
		return -1;
	diag("report: alloc kind=%s size=%u nents=%u length=%llu contiguous=%u",
	     k->name, k->size, t.nents, (unsigned long long)t.length,
	     t.contiguous);
	for (i = 0; i < t.nents && i < 4; i++)
		diag("entry %u: pfn 0x%llx, %llu bytes", i,
		     (unsigned long long)t.entry[i].pfn,
		     (unsigned long long)t.entry[i].len);
	if (!t.nents || t.length != k->size) {
		fail(tc, "page table has %u entries covering %llu bytes, not %u",
		     t.nents, (unsigned long long)t.length, k->size);
		return -1;
	}
	if (k->one_entry && (t.nents != 1 || !t.contiguous ||
			     t.entry[0].len != k->size || !t.entry[0].pfn)) {
		fail(tc, "contiguous buffer: %u entries, contiguous=%u, first %llu bytes",
		     t.nents, t.contiguous, (unsigned long long)t.entry[0].len);
		return -1;
	}
	return 0;
}

/*
 * Both directions between the user mapping of @b and the kernel-accessible
 * coherent buffer @peer, then a second mapping one page into @b.
 */
static int mmap_both_ways(struct tcase *tc, struct edu *e,
			  const struct alloc_kind *k, struct ebuf *b,
			  struct ebuf *peer)
{
	static unsigned char want[ALLOC_LARGE], got[ALLOC_LARGE];
	uint32_t size = k->size;
	unsigned char *map, *tail;
	int ret = -1;

	map = map_buf(e, b->handle, 0, size, MAP_SHARED);
	if (!map) {
		fail(tc, "mmap of %u bytes: %s", size, strerror(errno));
		return -1;
	}

	/* CPU through the mapping -> device -> another buffer */
	pattern(want, size, 0x5eed0001);
	memcpy(map, want, size);
	if (k->noncontig &&
	    step(tc, buf_sync(e, b, IOMMU_EDU_SYNC_FOR_DEVICE), "sync for device"))
		goto out;
	if (step(tc, dma_copy(e, b->iova, peer->iova, size), "mapping to peer") ||
	    step(tc, buf_get(e, peer, got), "read peer"))
		goto out;
	if (count_diffs(got, want, size, "written through mmap, read by edu")) {
		fail(tc, "edu did not read what was written through the mapping");
		goto out;
	}

	/* Device writes the buffer -> seen through the mapping */
	pattern(want, size, 0x5eed0002);
	if (step(tc, buf_put(e, peer, want), "fill peer") ||
	    step(tc, dma_copy(e, peer->iova, b->iova, size), "peer to mapping"))
		goto out;
	if (k->noncontig &&
	    step(tc, buf_sync(e, b, IOMMU_EDU_SYNC_FOR_CPU), "sync for CPU"))
		goto out;
	if (count_diffs(map, want, size, "written by edu, read through mmap")) {
		fail(tc, "the mapping does not show what edu wrote");
		goto out;
	}
	if (k->kmap) {
		if (step(tc, buf_get(e, b, got), "read through the kernel"))
			goto out;
		if (count_diffs(got, want, size, "kernel mapping")) {
			fail(tc, "kernel and user mappings disagree");
			goto out;
		}
	}

	/* A mapping that starts one page in sees the buffer from there. */
	tail = map_buf(e, b->handle, PAGE, size - PAGE, MAP_SHARED);
	if (!tail) {
		fail(tc, "mmap from page 1: %s", strerror(errno));
		goto out;
	}
	if (count_diffs(tail, want + PAGE, size - PAGE, "mapping from page 1"))
		fail(tc, "a mapping at an offset shows the wrong pages");
	else
		ret = 0;
	munmap(tail, size - PAGE);
out:
	munmap(map, size);
	return ret;
}

/* Kernel mapping (vmap) both ways, for the kinds that have one. */
static int kernel_both_ways(struct tcase *tc, struct edu *e,
			    const struct alloc_kind *k, struct ebuf *b,
			    struct ebuf *peer)
{
	static unsigned char want[ALLOC_LARGE], got[ALLOC_LARGE];
	static const char * const way[] = {
		"written by the kernel, read by edu",
		"written by edu, read by the kernel",
	};
	struct ebuf *from[] = { b, peer }, *to[] = { peer, b };
	uint32_t size = k->size;
	int i;

	/* The kernel fills one side, edu copies, the kernel reads the other. */
	for (i = 0; i < 2; i++) {
		pattern(want, size, 0x5eed0003 + i);
		if (step(tc, buf_put(e, from[i], want), "fill") ||
		    step(tc, dma_copy(e, from[i]->iova, to[i]->iova, size),
			 "copy") ||
		    step(tc, buf_get(e, to[i], got), "read back"))
			return -1;
		if (count_diffs(got, want, size, way[i])) {
			fail(tc, "%s: bytes differ", way[i]);
			return -1;
		}
	}
	return 0;
}

static int alloc_case(struct tcase *tc, const void *arg)
{
	static unsigned char scratch[PAGE];
	const struct alloc_kind *k = arg;
	struct ebuf b, peer;
	struct edu e;
	int err;

	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (step(tc, buf_new(&e, k->kind,
			     k->noncontig ? IOMMU_EDU_DIR_BIDIRECTIONAL : 0,
			     k->size, 0, &b), "create buffer") ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, k->size, 0, &peer),
		 "create peer"))
		return V_FAIL;
	diag("%s: %u bytes at iova 0x%llx", k->name, k->size, b.iova);

	if (!k->kmap) {
		err = buf_io(&e, IOMMU_EDU_IOC_READ, &b, 0, scratch, 16);
		if (err != -EINVAL)
			return fail(tc, "READ of a buffer without kernel mapping: %s",
				    err ? strerror(-err) : "accepted");
		err = buf_io(&e, IOMMU_EDU_IOC_WRITE, &b, 0, scratch, 16);
		if (err != -EINVAL)
			return fail(tc, "WRITE of a buffer without kernel mapping: %s",
				    err ? strerror(-err) : "accepted");
	}
	if (check_sgtable(tc, &e, k, &b))
		return V_FAIL;
	if (k->noncontig && kernel_both_ways(tc, &e, k, &b, &peer))
		return V_FAIL;
	if (mmap_both_ways(tc, &e, k, &b, &peer))
		return V_FAIL;
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_FREE, &b.handle), "free"))
		return V_FAIL;
	return V_PASS;
}

static const struct alloc_kind alloc_kinds[] = {
	{ "alloc_remapped", IOMMU_EDU_KIND_COHERENT, ALLOC_LARGE, 1, 0, 0 },
	{ "alloc_force_contiguous", IOMMU_EDU_KIND_COHERENT_CONTIG,
	  ALLOC_LARGE, 1, 0, 1 },
	{ "alloc_single_pages", IOMMU_EDU_KIND_COHERENT_PAGES, ALLOC_SMALL,
	  1, 0, 0 },
	{ "alloc_no_kernel_mapping", IOMMU_EDU_KIND_COHERENT_NOKMAP,
	  ALLOC_SMALL, 0, 0, 0 },
	{ "alloc_noncontiguous", IOMMU_EDU_KIND_NONCONTIG, ALLOC_LARGE,
	  1, 1, 0 },
};

/* Bad requests are refused and change nothing; a mapped buffer stays. */

static int mmap_refused(struct edu *e, uint32_t handle, uint64_t offset,
			size_t len, int flags, const char *what)
{
	void *p = map_buf(e, handle, offset, len, flags);

	if (!p && errno == EINVAL)
		return 0;
	diag("not refused with EINVAL: %s (%s)", what,
	     p ? "accepted" : strerror(errno));
	if (p)
		munmap(p, len);
	return 1;
}

/* A child that holds a copy of the mapping until its pipe closes. */
static pid_t hold_in_child(int *wfd)
{
	char c;
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		while (read(fds[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(fds[0]);
	*wfd = fds[1];
	return pid;
}

static int mmap_bad_input_case(struct tcase *tc, const void *arg)
{
	static unsigned char data[ALLOC_SMALL], got[ALLOC_SMALL];
	const uint32_t size = ALLOC_SMALL;
	struct ebuf coh, single, nokmap;
	struct iommu_edu_sgtable t;
	struct iommu_edu_create c;
	struct iommu_edu_sync sy;
	int bad = 0, err, wfd;
	unsigned char *map;
	uint32_t handle;
	pid_t child;
	struct edu e;

	(void)arg;
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, size, 0, &coh),
		 "create coherent") ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, size, 0, &single),
		 "create single") ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT_NOKMAP, 0, size, 0,
			     &nokmap), "create coherent without kernel mapping"))
		return V_FAIL;
	pattern(data, size, 0xbad0);
	if (step(tc, buf_put(&e, &coh, data), "fill coherent"))
		return V_FAIL;

	bad += mmap_refused(&e, 0x7777, 0, PAGE, MAP_SHARED, "unknown handle");
	bad += mmap_refused(&e, coh.handle, 0, size + PAGE, MAP_SHARED,
			    "longer than the buffer");
	bad += mmap_refused(&e, coh.handle, size, PAGE, MAP_SHARED,
			    "offset at the end of the buffer");
	bad += mmap_refused(&e, coh.handle, PAGE, size, MAP_SHARED,
			    "offset plus length past the end");
	bad += mmap_refused(&e, coh.handle, 64 * PAGE, PAGE, MAP_SHARED,
			    "offset far beyond the buffer");
	bad += mmap_refused(&e, single.handle, 0, PAGE, MAP_SHARED,
			    "a streaming buffer");
	bad += mmap_refused(&e, coh.handle, 0, PAGE, MAP_PRIVATE,
			    "a private mapping");

#define REFUSED(expr, want, what)					\
	do {								\
		int __err = (expr), __want = (want);			\
		if (__err != __want) {					\
			diag("not refused with %s: %s (%s)",		\
			     strerror(-__want), what,			\
			     __err ? strerror(-__err) : "accepted");	\
			bad++;						\
		}							\
	} while (0)

	REFUSED(buf_sgtable(&e, &single, &t), -EINVAL,
		"page table of a streaming buffer");
	t.handle = 0x7777;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_SGTABLE, &t), -EINVAL,
		"page table of an unknown buffer");
	memset(&t, 0, sizeof(t));
	t.handle = coh.handle;
	t.pad = 1;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_SGTABLE, &t), -EINVAL,
		"page table with pad set");
	sy.handle = coh.handle;
	sy.to = IOMMU_EDU_SYNC_FOR_CPU;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_SYNC, &sy), -EINVAL,
		"sync of a coherent buffer");
	sy.handle = single.handle;
	sy.to = 2;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_SYNC, &sy), -EINVAL,
		"sync to nowhere");
	REFUSED(buf_io(&e, IOMMU_EDU_IOC_READ, &nokmap, 0, got, 16), -EINVAL,
		"read of a buffer without kernel mapping");
	REFUSED(buf_io(&e, IOMMU_EDU_IOC_WRITE, &nokmap, 0, got, 16), -EINVAL,
		"write of a buffer without kernel mapping");
	memset(&c, 0, sizeof(c));
	c.kind = IOMMU_EDU_KIND_NONCONTIG;
	c.size = size;
	c.dir = 9;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_CREATE, &c), -EINVAL,
		"non-contiguous buffer, unknown direction");
	c.kind = IOMMU_EDU_KIND_COHERENT_CONTIG;
	c.dir = IOMMU_EDU_DIR_TO_DEVICE;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_CREATE, &c), -EINVAL,
		"contiguous coherent buffer with a direction");
	c.kind = IOMMU_EDU_KIND_COHERENT_NOKMAP;
	c.dir = 0;
	c.offset = 8;
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_CREATE, &c), -EINVAL,
		"coherent buffer with an offset");

	/* A mapped buffer is not freed, also while only a fork maps it. */
	map = map_buf(&e, coh.handle, 0, size, MAP_SHARED);
	if (!map)
		return fail(tc, "mmap: %s", strerror(errno));
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_FREE, &coh.handle), -EBUSY,
		"free while mapped");
	child = hold_in_child(&wfd);
	if (child < 0)
		return fail(tc, "fork: %s", strerror(errno));
	munmap(map, size);
	REFUSED(edu_call(&e, IOMMU_EDU_IOC_FREE, &coh.handle), -EBUSY,
		"free while a child maps it");
	close(wfd);
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
		;
#undef REFUSED

	/* Nothing above changed the buffer, and it goes once unmapped. */
	if (step(tc, buf_get(&e, &coh, got), "read coherent"))
		return V_FAIL;
	if (count_diffs(got, data, size, "coherent after refused calls"))
		bad++;
	handle = coh.handle;
	err = edu_call(&e, IOMMU_EDU_IOC_FREE, &handle);
	if (err) {
		diag("free after the last mapping went: %s", strerror(-err));
		bad++;
	}
	if (edu_call(&e, IOMMU_EDU_IOC_FREE, &handle) != -EINVAL) {
		diag("a freed buffer was freed again");
		bad++;
	}
	return bad ? fail(tc, "%d checks failed", bad) : V_PASS;
}

/* Does touching @p kill a child with SIGBUS? 1 yes, 0 no, -1 error. */
static int touch_gives_sigbus(const unsigned char *p)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		signal(SIGBUS, SIG_DFL);
		_exit(__atomic_load_n(p, __ATOMIC_RELAXED) == 0x5a ? 2 : 3);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS;
}

/*
 * An unbind with buffers still mapped: every buffer goes back to the DMA
 * API at once, so the mappings are emptied first (touching them raises
 * SIGBUS), the old file answers ENODEV and munmap() still works, with edu
 * bound again or not.
 */
static int unbind_while_mapped(struct tcase *tc, struct edu *e,
			       const char *bdf, unsigned char **maps,
			       struct ebuf *bufs, int n)
{
	static unsigned char want[ALLOC_SMALL];
	const uint32_t size = ALLOC_SMALL;
	struct iommu_edu_info info;
	int i, err;

	/* Bound: the mappings show the buffers. */
	for (i = 0; i < n; i++) {
		pattern(want, size, 0x0b0 + i);
		if (count_diffs(maps[i], want, size, "mapping before the unbind")) {
			fail(tc, "a mapping does not show its buffer");
			return -1;
		}
	}
	if (step(tc, pci_unbind(bdf), "unbind edu"))
		return -1;
	for (i = 0; i < n; i++) {
		err = touch_gives_sigbus(maps[i] + (i * PAGE) % size);
		if (err != 1) {
			fail(tc, "mapping %d still reachable after the unbind (%d)",
			     i, err);
			return -1;
		}
	}
	err = edu_call(e, IOMMU_EDU_IOC_INFO, &info);
	if (err != -ENODEV) {
		fail(tc, "the old file answers %s after the unbind, not ENODEV",
		     err ? strerror(-err) : "success");
		return -1;
	}
	if (map_buf(e, bufs[0].handle, 0, PAGE, MAP_SHARED) || errno != ENODEV) {
		fail(tc, "mmap through the old file after the unbind: %s",
		     strerror(errno));
		return -1;
	}
	return 0;
}

static int mmap_unbind_case(struct tcase *tc, const void *arg)
{
	static const uint32_t kinds[] = {
		IOMMU_EDU_KIND_COHERENT, IOMMU_EDU_KIND_COHERENT_CONTIG,
		IOMMU_EDU_KIND_NONCONTIG,
	};
	static unsigned char data[ALLOC_SMALL], got[ALLOC_SMALL];
	const uint32_t size = ALLOC_SMALL;
	unsigned char *maps[ARRAY_SIZE(kinds)];
	struct ebuf bufs[ARRAY_SIZE(kinds)], a, b;
	char bdf[16];
	int i, ret, bound, old_fd;
	struct edu e;

	(void)arg;
	if (pci_find_edu(bdf, sizeof(bdf)))
		return fail(tc, "no edu device");
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	for (i = 0; i < (int)ARRAY_SIZE(kinds); i++) {
		uint32_t dir = kinds[i] == IOMMU_EDU_KIND_NONCONTIG ?
			       IOMMU_EDU_DIR_BIDIRECTIONAL : 0;

		if (step(tc, buf_new(&e, kinds[i], dir, size, 0, &bufs[i]),
			 "create buffer"))
			return V_FAIL;
		pattern(data, size, 0x0b0 + i);
		if (step(tc, buf_put(&e, &bufs[i], data), "fill buffer"))
			return V_FAIL;
		maps[i] = map_buf(&e, bufs[i].handle, 0, size, MAP_SHARED);
		if (!maps[i])
			return fail(tc, "mmap: %s", strerror(errno));
	}

	ret = unbind_while_mapped(tc, &e, bdf, maps, bufs, ARRAY_SIZE(kinds));
	/* One mapping goes with edu unbound, the rest once it is back. */
	munmap(maps[0], size);
	bound = !step(tc, pci_bind(bdf, PCI_EDU_DRIVER), "bind edu again");
	old_fd = e.fd;
	if (!ret && bound && step(tc, edu_open(&e), "open " EDU_NODE " again"))
		ret = -1;
	/*
	 * The unbind gave every buffer back, also those whose (dead) user
	 * mappings are still in place: none of their IOVAs is mapped now.
	 */
	for (i = 0; !ret && bound && opt.mode != MODE_PASSTHROUGH &&
	     i < (int)ARRAY_SIZE(kinds); i++) {
		int mapped = iova_mapped(&e, bufs[i].iova);

		if (mapped) {
			fail(tc, "iova 0x%llx of a buffer given back at unbind: %d",
			     bufs[i].iova, mapped);
			ret = -1;
		}
	}
	for (i = 1; i < (int)ARRAY_SIZE(kinds); i++)
		munmap(maps[i], size);
	close(old_fd);
	if (ret || !bound) {
		if (e.fd != old_fd)
			close(e.fd);
		return V_FAIL;
	}

	/* The new binding moves data. */
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &a),
		 "create a") ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &b),
		 "create b"))
		return V_FAIL;
	pattern(data, PAGE, 0x0b1d);
	if (step(tc, buf_put(&e, &a, data), "fill a") ||
	    step(tc, dma_copy(&e, a.iova, b.iova, PAGE - 4), "a to b") ||
	    step(tc, buf_get(&e, &b, got), "read b"))
		return V_FAIL;
	if (count_diffs(got, data, PAGE - 4, "after the rebind"))
		return fail(tc, "edu does not move data after the rebind");
	return V_PASS;
}

/* Cases this file adds to the edu suite */
int edu_alloc_cases(struct suite *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(alloc_kinds); i++)
		suite_case(s, alloc_kinds[i].name, 120, alloc_case,
			   &alloc_kinds[i]);
	suite_case(s, "mmap_bad_input", 60, mmap_bad_input_case, NULL);
	suite_case(s, "mmap_unbind", 60, mmap_unbind_case, NULL);
	return EDU_ALLOC_CASES;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * faults: allocation failures injected into the suite's own task while it
 * maps DMA buffers on edu and runs O_DIRECT I/O on virtio-blk and NVMe.
 *
 *   edu_maps         failslab and fail_page_alloc fail the worker's
 *                    allocations while it creates and frees scatterlist,
 *                    coherent, streaming and non-contiguous buffers (edu's
 *                    mask narrowed to 24 bits, so all its IOVAs lie in
 *                    16 MiB).  Every failed create must be ENOMEM, every
 *                    buffer that was made must carry edu's DMA byte for
 *                    byte, and afterwards the page table must map nothing
 *                    in those 16 MiB and the same number of 64 KiB
 *                    mappings must fit there as before (no IOVA leaked).
 *   blk_io           the same, plus fail_make_request on both disks, while
 *                    the worker writes and reads at random with O_DIRECT:
 *                    failures must be EIO or ENOMEM, every completed read
 *                    byte-exact, and once the worker stops injecting, the
 *                    disks must read back everything it knows was written.
 *   after_injection  injection off: both disks and edu serve verified
 *                    I/O, and the kernel logged no warning, BUG or oops
 *                    during the suite.
 *
 * Injection is scoped with task-filter: only a forked worker that wrote 1
 * to its /proc/<pid>/make-it-fail is failed, and it prints nothing while
 * it is (the console's own allocations could fail): its counts go back
 * through shared memory.  The number of failures injected is read from
 * the "times" budget each capability counts down.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dio.h"
#include "edu-lib.h"

#define DBGFS		"/sys/kernel/debug/"
#define FI_TIMES	1000000		/* budget: injected = FI_TIMES - times */
#define MASK_BITS	24
#define SPACE_LAST	((1ull << MASK_BITS) - 1)
#define PROBE_SIZE	(64u << 10)	/* mapping size of the capacity probe */
#define VERIFY_MAX	24		/* DMA checks per run (100 ms each) */
#define BLK_MAX_LEN	(128u << 10)
/* Lazy domains free IOVAs after their flush queue's timer (10 ms). */
#define FQ_SETTLE_MS	300

enum fi_kind { FI_SLAB, FI_PAGE, FI_BIO, FI_KINDS };

static const char * const fi_dir[FI_KINDS] = {
	"failslab", "fail_page_alloc", "fail_make_request",
};

static const char * const fi_disks[] = { "vda", "nvme0n1" };

/* What a worker reports back; lives in shared memory. */
struct fi_result {
	unsigned long ops, ok, clean, verified, diffs;
	int bad_errno;
	char bad_what[48];
	/* blk_io */
	unsigned long long ios, io_errors, mismatches, verified_bytes;
	unsigned long long after_ios, after_mismatches;
	int after_errno;
	int done;
};

static struct fi_result *res;
static int kmsg_fd = -1;
static int saved_level = -1;
static int have_bio;

static int fi_write(enum fi_kind k, const char *file, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), DBGFS "%s/%s", fi_dir[k], file);
	return write_text(path, val);
}

static long fi_times(enum fi_kind k)
{
	char path[128], text[32];

	snprintf(path, sizeof(path), DBGFS "%s/times", fi_dir[k]);
	if (read_text(path, text, sizeof(text)) < 0)
		return FI_TIMES;
	return strtol(text, NULL, 0);
}

/* Fail @percent of the marked task's allocations (or bios) of kind @k. */
static int fi_arm(enum fi_kind k, unsigned int percent)
{
	char num[16];
	int err;

	snprintf(num, sizeof(num), "%u", percent);
	err = fi_write(k, "task-filter", "Y");
	if (!err)
		err = fi_write(k, "interval", "1");
	if (!err)
		err = fi_write(k, "space", "0");
	if (!err)
		err = fi_write(k, "verbose", "0");
	if (!err)
		err = fi_write(k, "times", "1000000");
	if (!err && k != FI_BIO)
		err = fi_write(k, "ignore-gfp-wait", "N");
	/* Single pages too: page-table pages are what a map allocates. */
	if (!err && k == FI_PAGE)
		err = fi_write(k, "min-order", "0");
	if (!err)
		err = fi_write(k, "probability", num);
	return err;
}

static void fi_disarm_all(void)
{
	char path[64];
	size_t i;
	int k;

	for (k = 0; k < FI_KINDS; k++) {
		if (k == FI_BIO && !have_bio)
			continue;
		/* "times" keeps its count for fi_injected(). */
		fi_write(k, "probability", "0");
	}
	for (i = 0; have_bio && i < ARRAY_SIZE(fi_disks); i++) {
		snprintf(path, sizeof(path), "/sys/block/%s/make-it-fail",
			 fi_disks[i]);
		write_text(path, "0");
	}
}

static long fi_injected(enum fi_kind k)
{
	return FI_TIMES - fi_times(k);
}

/* Touch a stretch of stack, so that the worker grows none under injection. */
static void prefault_stack(void)
{
	unsigned char pad[64 << 10];

	memset(pad, 0, sizeof(pad));
	/* Keep the stores: the compiler must assume the array is read. */
	asm volatile("" : : "r"(pad) : "memory");
}

/* The worker marks itself; @on is 1 or 0.  The fd is opened beforehand. */
static int mark_self(int fd, int on)
{
	return pwrite(fd, on ? "1" : "0", 1, 0) == 1 ? 0 : -errno;
}

static void note_bad(struct fi_result *r, int err, const char *what)
{
	if (r->bad_errno)
		return;
	r->bad_errno = -err;
	snprintf(r->bad_what, sizeof(r->bad_what), "%s", what);
}

/* edu */

static unsigned char vdata[PAGE], vgot[PAGE];
static struct iommu_edu_seg segs[16];
static struct iommu_edu_dma_seg dsegs[16];

/* Read @len bytes at @src through edu's window into @dst and compare. */
static void verify_dma(struct edu *e, struct prng *r, struct ebuf *b,
		       uint32_t off, uint64_t src, uint32_t len,
		       struct ebuf *dst)
{
	int err;

	prng_fill(r, vdata, len);
	err = buf_io(e, IOMMU_EDU_IOC_WRITE, b, off, vdata, len);
	if (!err)
		err = xfer(e, src, 0, len, IOMMU_EDU_XFER_RAM_TO_EDU);
	if (!err)
		err = xfer(e, dst->iova, 0, len, IOMMU_EDU_XFER_EDU_TO_RAM);
	if (!err)
		err = buf_io(e, IOMMU_EDU_IOC_READ, dst, 0, vgot, len);
	if (err) {
		note_bad(res, err, "DMA check");
		return;
	}
	res->verified++;
	if (memcmp(vgot, vdata, len))
		res->diffs++;
}

/* One create, maybe a DMA check, one free. */
static void edu_op(struct edu *e, struct prng *r, struct ebuf *dst)
{
	static const uint32_t kinds[] = {
		IOMMU_EDU_KIND_SG, IOMMU_EDU_KIND_COHERENT,
		IOMMU_EDU_KIND_COHERENT_PAGES, IOMMU_EDU_KIND_SINGLE,
		IOMMU_EDU_KIND_NONCONTIG,
	};
	uint32_t kind = kinds[prng_range(r, 0, ARRAY_SIZE(kinds) - 1)];
	uint32_t size = prng_range(r, 1, 256u << 10);
	uint32_t n = 0, nout = 0, i, off = 0, len;
	uint64_t src;
	struct ebuf b;
	int err;

	res->ops++;
	if (kind == IOMMU_EDU_KIND_SG) {
		uint32_t step;

		n = prng_range(r, 1, ARRAY_SIZE(segs));
		size = size < 16 * PAGE ? 16 * PAGE : size;
		step = size / n;
		for (i = 0; i < n; i++) {
			segs[i].offset = i * step + prng_range(r, 0, 511);
			segs[i].len = prng_range(r, 1, step - 512);
		}
		err = buf_new_sg(e, IOMMU_EDU_DIR_BIDIRECTIONAL, size, segs,
				 n, dsegs, &nout, &b);
	} else {
		err = buf_new(e, kind,
			      kind == IOMMU_EDU_KIND_SINGLE ||
			      kind == IOMMU_EDU_KIND_NONCONTIG ?
			      IOMMU_EDU_DIR_BIDIRECTIONAL : 0, size,
			      kind == IOMMU_EDU_KIND_SINGLE ?
			      prng_range(r, 0, 63) * 64 : 0, &b);
	}
	if (err == -ENOMEM) {
		res->clean++;
		return;
	}
	if (err) {
		note_bad(res, err, "create");
		return;
	}
	res->ok++;

	if (res->ok % 8 == 1 && res->verified < VERIFY_MAX) {
		src = b.iova;
		len = size;
		if (kind == IOMMU_EDU_KIND_SG) {
			off = segs[0].offset;
			len = segs[0].len;
			src = dsegs[0].addr;
			/* The first DMA segment may have merged pieces. */
			if (dsegs[0].len < len)
				len = dsegs[0].len;
		}
		if (len > 2048)
			len = 2048;
		verify_dma(e, r, &b, off, src, len, dst);
	}

	err = edu_call(e, IOMMU_EDU_IOC_FREE, &b.handle);
	if (err)
		note_bad(res, err, "free");
}

static void edu_worker(struct edu *e, struct ebuf *dst, int mif)
{
	struct prng r;
	unsigned int i;

	seed_for(&r, "faults-edu");
	/* Memory shared with the parent is copied on write: do it now. */
	memset(vdata, 0, sizeof(vdata));
	memset(vgot, 0, sizeof(vgot));
	memset(segs, 0, sizeof(segs));
	memset(dsegs, 0, sizeof(dsegs));
	prefault_stack();
	if (mark_self(mif, 1)) {
		note_bad(res, -errno, "make-it-fail");
		return;
	}
	for (i = 0; i < opt.faults_ops && !res->bad_errno; i++)
		edu_op(e, &r, dst);
	mark_self(mif, 0);
	res->done = 1;
}

/* Run @fn in a child, which marks itself, and wait for it; 0 or -errno. */
static int run_worker(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		/* A case killed at its time limit takes its worker along. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (!WIFEXITED(status))
		return -ECHILD;
	return 0;
}

struct edu_job {
	struct edu *e;
	struct ebuf *dst;
};

static void edu_job_run(void *arg)
{
	struct edu_job *j = arg;
	int mif = open("/proc/self/make-it-fail", O_WRONLY | O_CLOEXEC);

	edu_worker(j->e, j->dst, mif);
	close(mif);
}

static int edu_maps_case(struct tcase *tc, const void *arg)
{
	int translated = opt.mode != MODE_PASSTHROUGH;
	long cap0 = 0, cap1 = 0, slab, page;
	uint64_t pages = 0;
	struct edu_job job;
	struct ebuf dst;
	struct edu e;
	int err;

	(void)arg;
	if (step(tc, edu_open(&e), "open " EDU_NODE))
		return V_FAIL;
	if (translated) {
		uint32_t bits = MASK_BITS;

		if (step(tc, edu_call(&e, IOMMU_EDU_IOC_SET_DMA_BITS, &bits),
			 "24-bit mask") ||
		    step(tc, mapped_pages(&e, 0, SPACE_LAST, &pages),
			 "count mapped pages"))
			return V_FAIL;
		if (pages)
			return fail(tc, "%llu pages mapped before the test",
				    (unsigned long long)pages);
		cap0 = stress_capacity(&e, PROBE_SIZE);
		if (cap0 <= 0)
			return fail(tc, "capacity probe: %s",
				    cap0 ? strerror(-cap0) : "no mapping fits");
	}
	if (step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &dst),
		 "create the check buffer"))
		return V_FAIL;

	if (step(tc, fi_arm(FI_SLAB, 10), "arm failslab") ||
	    step(tc, fi_arm(FI_PAGE, 10), "arm fail_page_alloc"))
		return V_FAIL;
	job.e = &e;
	job.dst = &dst;
	err = run_worker(edu_job_run, &job);
	fi_disarm_all();
	slab = fi_injected(FI_SLAB);
	page = fi_injected(FI_PAGE);
	if (err)
		return fail(tc, "worker: %s", strerror(-err));

	diag("edu: %lu creates, %lu made, %lu refused with ENOMEM, %lu DMA checks (%lu wrong)",
	     res->ops, res->ok, res->clean, res->verified, res->diffs);
	diag("edu: injected %ld slab and %ld page allocation failures",
	     slab, page);
	if (step(tc, edu_call(&e, IOMMU_EDU_IOC_FREE, &dst.handle),
		 "free the check buffer"))
		return V_FAIL;
	if (translated) {
		if (step(tc, mapped_pages(&e, 0, SPACE_LAST, &pages),
			 "count mapped pages"))
			return V_FAIL;
		sleep_ms(FQ_SETTLE_MS);
		cap1 = stress_capacity(&e, PROBE_SIZE);
		diag("edu: %llu pages left mapped; %ld then %ld mappings of 64 KiB fit",
		     (unsigned long long)pages, cap0, cap1);
	}
	diag("report: faults case=edu injected=%ld errors=%lu ok=%lu %s=%lu %s=%lu",
	     slab + page, res->clean, res->ok, "verified", res->verified,
	     "wrong", res->diffs);
	diag("report: faults case=edu-space leaked_pages=%llu capacity=%ld/%ld",
	     (unsigned long long)pages, cap1, cap0);

	if (!res->done && !res->bad_errno)
		return fail(tc, "the worker did not finish");
	if (res->bad_errno)
		return fail(tc, "%s failed with %s, not ENOMEM", res->bad_what,
			    strerror(res->bad_errno));
	if (res->diffs)
		return fail(tc, "%lu of %lu DMA checks read wrong bytes",
			    res->diffs, res->verified);
	if (!res->verified)
		return fail(tc, "no buffer survived to be checked");
	if (slab + page <= 0)
		return fail(tc, "no failure was injected");
	if (pages)
		return fail(tc, "%llu pages still mapped after every buffer was freed",
			    (unsigned long long)pages);
	if (translated && cap1 != cap0)
		return fail(tc, "IOVA space shrank: %ld mappings fit, %ld before",
			    cap1, cap0);
	return V_PASS;
}

/* Block devices */

struct blk_job {
	struct dio d[2];
};

/* The disks are opened in the worker: its memory is then its own. */
static void blk_job_run(void *arg)
{
	struct blk_job *j = arg;
	int mif = open("/proc/self/make-it-fail", O_WRONLY | O_CLOEXEC);
	unsigned int i;
	int err = 0;

	for (i = 0; i < 2; i++) {
		err = dio_open(&j->d[i], fi_disks[i], 0, 4, BLK_MAX_LEN,
			       opt.seed);
		if (err) {
			note_bad(res, err, "open a disk");
			return;
		}
	}
	prefault_stack();
	j->d[0].quiet = 1;
	j->d[1].quiet = 1;
	if (mark_self(mif, 1)) {
		note_bad(res, -errno, "make-it-fail");
		return;
	}
	for (i = 0; i < opt.faults_ops && !err; i++)
		err = dio_step(&j->d[i % 2], 1);
	mark_self(mif, 0);
	close(mif);
	if (err)
		note_bad(res, err, "O_DIRECT I/O");

	for (i = 0; i < 2; i++) {
		res->ios += j->d[i].ios;
		res->io_errors += j->d[i].errors;
		res->mismatches += j->d[i].mismatches;
	}
	/* Injection off: everything known must read back, new I/O work. */
	for (i = 0; i < 2; i++) {
		unsigned long long before = j->d[i].ios;
		unsigned long long bad = j->d[i].mismatches;
		unsigned int n;

		err = dio_verify_all(&j->d[i]);
		for (n = 0; n < 32 && !err; n++)
			err = dio_step(&j->d[i], 0);
		if (err && !res->after_errno)
			res->after_errno = -err;
		res->after_ios += j->d[i].ios - before;
		res->after_mismatches += j->d[i].mismatches - bad;
		res->verified_bytes += j->d[i].verified;
	}
	res->done = 1;
}

static int mark_disks(void)
{
	char path[64];
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(fi_disks); i++) {
		snprintf(path, sizeof(path), "/sys/block/%s/make-it-fail",
			 fi_disks[i]);
		err = write_text(path, "1");
		if (err)
			return err;
	}
	return 0;
}

static int blk_io_case(struct tcase *tc, const void *arg)
{
	static struct blk_job job;
	long injected[FI_KINDS] = { 0 };
	int err, k;

	(void)arg;
	if (step(tc, fi_arm(FI_SLAB, 5), "arm failslab") ||
	    step(tc, fi_arm(FI_PAGE, 5), "arm fail_page_alloc"))
		return V_FAIL;
	if (have_bio && (step(tc, fi_arm(FI_BIO, 5), "arm fail_make_request") ||
			 step(tc, mark_disks(), "mark the disks")))
		return V_FAIL;
	err = run_worker(blk_job_run, &job);
	fi_disarm_all();
	for (k = 0; k < FI_KINDS; k++)
		if (k != FI_BIO || have_bio)
			injected[k] = fi_injected(k);
	if (err)
		return fail(tc, "worker: %s", strerror(-err));

	diag("blk: %llu requests completed, %llu failed cleanly, %llu bytes wrong",
	     res->ios, res->io_errors, res->mismatches);
	diag("blk: injected %ld slab, %ld page, %ld bio failures%s",
	     injected[FI_SLAB], injected[FI_PAGE], injected[FI_BIO],
	     have_bio ? "" : " (no fail_make_request in this kernel)");
	diag("blk: afterwards %llu requests, %llu bytes wrong, %.1f MiB compared in all",
	     res->after_ios, res->after_mismatches,
	     res->verified_bytes / 1048576.0);
	diag("report: faults case=blk injected=%ld errors=%llu ok=%llu %s=%.1f %s=%llu %s=%llu",
	     injected[FI_SLAB] + injected[FI_PAGE] + injected[FI_BIO],
	     res->io_errors, res->ios, "verified_mib",
	     res->verified_bytes / 1048576.0, "wrong",
	     res->mismatches + res->after_mismatches, "after_ios",
	     res->after_ios);

	if (!res->done)
		return fail(tc, "the worker did not finish%s%s",
			    res->bad_errno ? ": " : "",
			    res->bad_errno ? strerror(res->bad_errno) : "");
	if (res->bad_errno)
		return fail(tc, "%s failed with %s, not EIO or ENOMEM",
			    res->bad_what, strerror(res->bad_errno));
	if (res->mismatches || res->after_mismatches)
		return fail(tc, "%llu bytes read back wrong",
			    res->mismatches + res->after_mismatches);
	if (res->after_errno)
		return fail(tc, "I/O failed after injection stopped: %s",
			    strerror(res->after_errno));
	if (injected[FI_SLAB] + injected[FI_PAGE] + injected[FI_BIO] <= 0)
		return fail(tc, "no failure was injected");
	if (!res->ios)
		return fail(tc, "no request completed under injection");
	return V_PASS;
}

static int after_case(struct tcase *tc, const void *arg)
{
	static unsigned char data[PAGE], got[PAGE];
	char first[200];
	struct ebuf a, b;
	struct prng r;
	struct edu e;
	struct dio d;
	unsigned int i, n;
	int err, trouble;

	(void)arg;
	for (i = 0; i < ARRAY_SIZE(fi_disks); i++) {
		err = dio_open(&d, fi_disks[i], 1, 4, BLK_MAX_LEN, opt.seed);
		for (n = 0; n < 64 && !err; n++)
			err = dio_step(&d, 0);
		if (!err)
			err = dio_verify_all(&d);
		dio_close(&d);
		if (err)
			return fail(tc, "%s: %s", fi_disks[i], strerror(-err));
		if (d.mismatches)
			return fail(tc, "%s: %llu bytes wrong", fi_disks[i],
				    (unsigned long long)d.mismatches);
	}

	seed_for(&r, "faults-after");
	prng_fill(&r, data, sizeof(data));
	if (step(tc, edu_open(&e), "open " EDU_NODE) ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &a),
		 "create a") ||
	    step(tc, buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			     IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0, &b),
		 "create b") ||
	    step(tc, buf_put(&e, &a, data), "fill a") ||
	    step(tc, dma_copy(&e, a.iova, b.iova, 2048), "copy a to b") ||
	    step(tc, buf_get(&e, &b, got), "read b"))
		return V_FAIL;
	close(e.fd);
	if (count_diffs(got, data, 2048, "edu after injection"))
		return fail(tc, "edu moved wrong bytes after injection");

	trouble = kmsg_problems(kmsg_fd, first, sizeof(first));
	diag("report: faults case=after trouble=%d", trouble);
	if (trouble)
		return fail(tc, "%d kernel reports during the suite, first: %s",
			    trouble, first);
	return V_PASS;
}

int suite_faults(void)
{
	static const char * const need[] = {
		DBGFS "failslab/probability",
		DBGFS "fail_page_alloc/probability",
		"/proc/self/make-it-fail",
	};
	char why[160] = "";
	struct suite s;
	size_t i;

	suite_begin(&s, "faults", 3);
	for (i = 0; i < ARRAY_SIZE(need) && !why[0]; i++)
		if (access(need[i], F_OK))
			snprintf(why, sizeof(why),
				 "no %s: kernel without FAULT_INJECTION_DEBUG_FS, FAILSLAB or FAIL_PAGE_ALLOC",
				 need[i]);
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!why[0] && res == MAP_FAILED)
		snprintf(why, sizeof(why), "cannot map shared memory");
	if (why[0]) {
		suite_result(&s, "edu_maps", V_SKIP, why);
		suite_result(&s, "blk_io", V_SKIP, why);
		suite_result(&s, "after_injection", V_SKIP, why);
		diag("report: faults skipped=%s", why);
		return suite_end(&s);
	}
	have_bio = !access(DBGFS "fail_make_request/probability", F_OK);
	kmsg_fd = kmsg_from_now();
	/* Allocation failure reports would flood the console. */
	saved_level = console_level();
	klogctl(8, NULL, 1);
	diag("%u operations per case, fail_make_request %s", opt.faults_ops,
	     have_bio ? "on" : "missing");

	suite_case(&s, "edu_maps", 300, edu_maps_case, NULL);
	suite_case(&s, "blk_io", 300, blk_io_case, NULL);
	fi_disarm_all();
	suite_case(&s, "after_injection", 120, after_case, NULL);

	if (saved_level > 0)
		klogctl(8, NULL, saved_level);
	if (kmsg_fd >= 0)
		close(kmsg_fd);
	munmap(res, sizeof(*res));
	return suite_end(&s);
}

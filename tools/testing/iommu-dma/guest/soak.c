// SPDX-License-Identifier: GPL-2.0
/*
 * soak: everything at once, then the IOVA space run dry from several
 * processes.
 *
 *   io_under_load     iommu_dma.soak_ios random O_DIRECT requests, split
 *                     over two processes per disk (virtio-blk and NVMe),
 *                     every byte read held against what was written, while
 *                     two processes map and unmap on edu without its lock
 *                     (stress mappings), one moves edu between blocked,
 *                     private and default domains with a checked copy now
 *                     and then, and dma_map_benchmark maps on edu-fw.
 *                     0 bytes wrong and every request completed.
 *   iova_exhaustion   edu's mask narrowed to 24 bits; four processes map
 *                     16 KiB each until the DMA layer refuses: every
 *                     refusal is ENOMEM, every mapping lies under the
 *                     mask, the page table holds exactly the pages mapped,
 *                     and nothing once they are released.
 *   iova_whole_again  the same fill twice must fit the same number of
 *                     mappings, and 1 MiB mappings must then cover the
 *                     space as the small ones did.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dio.h"
#include "edu-lib.h"

#define DISK_WORKERS	4
#define MAPPERS		2
#define FILLERS		4
#define MASK_BITS	24
#define SPACE_LAST	((1ull << MASK_BITS) - 1)
#define FILL_SIZE	(16u << 10)
#define BIG_SIZE	IOMMU_EDU_BUF_MAX
#define SOAK_MAX_LEN	(64u << 10)
#define BENCH_NODE	"/sys/kernel/debug/dma_map_benchmark"
#define BENCH_DRIVER	"dma_map_benchmark"
/* Lazy domains free IOVAs after their flush queue's timer (10 ms). */
#define FQ_SETTLE_MS	300

/* The kernel's benchmark request (as in bench.c). */
struct soak_bench_req {
	__u64 map_avg_100ns, map_stddev_100ns;
	__u64 unmap_avg_100ns, unmap_stddev_100ns;
	__u32 nr_threads, seconds;
	__s32 numa_node;
	__u32 dma_bits, direction, trans_delay_ns, pages_per_map;
	__u8 reserved[76];
};

#define SOAK_BENCH_IOCTL	_IOWR('d', 1, struct soak_bench_req)

struct soak_shared {
	int stop;			/* __atomic accesses */
	struct {
		unsigned long long ios, bytes, verified, mismatches;
		int err, done;
	} disk[DISK_WORKERS];
	unsigned long long maps[MAPPERS];
	int map_err;
	unsigned long long moves, copies, copy_wrong;
	int move_err;
	char move_what[32];
	unsigned long long bench_runs;
	int bench_err;
	/* iova cases */
	long filled[FILLERS];
	uint64_t hi[FILLERS];
	int fill_err[FILLERS];
	int filled_n, release;		/* __atomic accesses */
	unsigned int released[FILLERS];
};

static struct soak_shared *sh;

static void disk_worker(unsigned int w)
{
	static const char * const disks[] = { "vda", "nvme0n1" };
	unsigned long long target = opt.soak_ios / DISK_WORKERS;
	struct dio d;
	int err;

	err = dio_open(&d, disks[w % 2], w / 2, DISK_WORKERS / 2,
		       SOAK_MAX_LEN, opt.seed);
	while (!err && d.ios < target)
		err = dio_step(&d, 0);
	/* Everything this worker wrote, once more at the end. */
	if (!err)
		err = dio_verify_all(&d);
	sh->disk[w].ios = d.ios;
	sh->disk[w].bytes = d.bytes_moved;
	sh->disk[w].verified = d.verified;
	sh->disk[w].mismatches = d.mismatches;
	sh->disk[w].err = -err;
	sh->disk[w].done = 1;
	dio_close(&d);
}

static void mapper(unsigned int m)
{
	static const uint32_t sizes[] = { 4096, 8192, 65536, 200000, BIG_SIZE };
	struct iommu_edu_stress st;
	unsigned int batch = 0;
	struct prng r;
	struct edu e;
	int err;

	prng_seed(&r, hash_name(opt.seed, "soak-map") + m);
	err = edu_open(&e);
	while (!err && !__atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE)) {
		err = stress_map(&e, sizes[prng_range(&r, 0, ARRAY_SIZE(sizes) - 1)],
				 prng_range(&r, 1, 16), &st);
		if (!err)
			sh->maps[m] += st.done;
		if (!err && ++batch % 4 == 0)
			err = stress_unmap(&e, NULL, NULL);
	}
	if (!err)
		err = stress_unmap(&e, NULL, NULL);
	if (err && !sh->map_err)
		sh->map_err = -err;
}

static int attach_to(struct edu *e, uint32_t target)
{
	struct iommu_edu_attach a = { .target = target };

	return edu_call(e, IOMMU_EDU_IOC_ATTACH, &a);
}

static void mover(void)
{
	static const uint32_t targets[] = {
		IOMMU_EDU_ATTACH_BLOCKED, IOMMU_EDU_ATTACH_DEFAULT,
		IOMMU_EDU_ATTACH_PRIVATE, IOMMU_EDU_ATTACH_DEFAULT,
	};
	static unsigned char data[PAGE], got[PAGE];
	const char *what = "open";
	unsigned int i = 0;
	struct ebuf a, b;
	struct prng r;
	struct edu e;
	int err;

	seed_for(&r, "soak-move");
	err = edu_open(&e);
	if (!err) {
		what = "create";
		err = buf_new(&e, IOMMU_EDU_KIND_COHERENT, 0, PAGE, 0, &a);
	}
	if (!err)
		err = buf_new(&e, IOMMU_EDU_KIND_SINGLE,
			      IOMMU_EDU_DIR_BIDIRECTIONAL, PAGE, 0x200, &b);
	for (; !err && !__atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE); i++) {
		what = "attach";
		err = attach_to(&e, targets[i % ARRAY_SIZE(targets)]);
		if (err)
			break;
		sh->moves++;
		/* Back in the default domain: a checked copy every 8 moves. */
		if (i % 8 != 7)
			continue;
		what = "copy";
		prng_fill(&r, data, sizeof(data));
		err = buf_put(&e, &a, data);
		if (!err)
			err = dma_copy(&e, a.iova, b.iova, 1024);
		if (!err)
			err = buf_get(&e, &b, got);
		if (err)
			break;
		sh->copies++;
		if (memcmp(got, data, 1024))
			sh->copy_wrong++;
	}
	if (err) {
		sh->move_err = -err;
		snprintf(sh->move_what, sizeof(sh->move_what), "%s", what);
	}
}

static void bencher(void)
{
	struct soak_bench_req req;
	unsigned int i = 0;
	int fd;

	fd = open(BENCH_NODE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		sh->bench_err = errno;
		return;
	}
	for (; !__atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE); i++) {
		memset(&req, 0, sizeof(req));
		/* One thread or two, and a pause: the disks keep a CPU. */
		req.nr_threads = 1 + i % 2;
		req.seconds = 1;
		req.numa_node = -1;
		req.dma_bits = i % 2 ? 48 : 32;
		req.pages_per_map = i % 3 ? 1 : 16;
		if (ioctl(fd, SOAK_BENCH_IOCTL, &req)) {
			sh->bench_err = errno;
			break;
		}
		sh->bench_runs++;
		sleep_ms(100);
	}
	close(fd);
}

static pid_t spawn(void (*fn)(unsigned int), unsigned int arg)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (!pid) {
		/* A case killed at its time limit takes its workers along. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fn(arg);
		_exit(0);
	}
	return pid;
}

static void run_mover(unsigned int unused)
{
	mover();
}

static void run_bencher(unsigned int unused)
{
	bencher();
}

static int load_case(struct tcase *tc, const void *arg)
{
	pid_t disks[DISK_WORKERS], others[MAPPERS + 2];
	unsigned long long ios = 0, wrong = 0, maps = 0, mib = 0;
	unsigned int i, nothers = 0;
	uint64_t start = now_ms();
	char fw[16] = "";
	int lent = 0, err;

	(void)arg;
	memset(sh, 0, sizeof(*sh));
	if (!pci_find_kind(PCI_EDU_FW, fw, sizeof(fw))) {
		err = pci_unbind(fw);
		if (!err)
			err = pci_bind(fw, BENCH_DRIVER);
		if (err)
			return fail(tc, "lend %s to " BENCH_DRIVER ": %s", fw,
				    strerror(-err));
		lent = !wait_path(BENCH_NODE, 5000);
	}

	for (i = 0; i < DISK_WORKERS; i++)
		disks[i] = spawn(disk_worker, i);
	for (i = 0; i < MAPPERS; i++)
		others[nothers++] = spawn(mapper, i);
	others[nothers++] = spawn(run_mover, 0);
	if (lent)
		others[nothers++] = spawn(run_bencher, 0);

	for (i = 0; i < DISK_WORKERS; i++)
		if (disks[i] > 0)
			waitpid(disks[i], NULL, 0);
	__atomic_store_n(&sh->stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < nothers; i++)
		if (others[i] > 0)
			waitpid(others[i], NULL, 0);

	if (fw[0]) {
		err = pci_unbind(fw);
		if (!err)
			err = pci_bind(fw, PCI_EDU_DRIVER);
		if (err)
			return fail(tc, "give %s back to " PCI_EDU_DRIVER ": %s",
				    fw, strerror(-err));
	}

	for (i = 0; i < DISK_WORKERS; i++) {
		ios += sh->disk[i].ios;
		wrong += sh->disk[i].mismatches;
		mib += sh->disk[i].bytes;
	}
	for (i = 0; i < MAPPERS; i++)
		maps += sh->maps[i];
	diag("%llu requests (%.1f MiB) in %.1f s, %llu bytes wrong", ios,
	     mib / 1048576.0, (now_ms() - start) / 1000.0, wrong);
	diag("%llu stress maps, %llu domain moves, %llu checked copies, %llu benchmark runs%s",
	     maps, sh->moves, sh->copies, sh->bench_runs,
	     lent ? "" : " (no edu-fw to lend)");
	diag("report: soak ios=%llu mismatches=%llu maps=%llu moves=%llu %s=%llu %s=%llu",
	     ios, wrong + sh->copy_wrong, maps, sh->moves, "copies",
	     sh->copies, "bench_runs", sh->bench_runs);

	for (i = 0; i < DISK_WORKERS; i++) {
		if (!sh->disk[i].done)
			return fail(tc, "disk worker %u did not finish", i);
		if (sh->disk[i].err)
			return fail(tc, "disk worker %u: %s", i,
				    strerror(sh->disk[i].err));
	}
	if (wrong)
		return fail(tc, "%llu bytes read back wrong", wrong);
	if (ios < opt.soak_ios / DISK_WORKERS * DISK_WORKERS)
		return fail(tc, "%llu of %u requests completed", ios,
			    opt.soak_ios);
	if (sh->map_err)
		return fail(tc, "stress mapping: %s", strerror(sh->map_err));
	if (!maps)
		return fail(tc, "no stress mapping was made");
	if (sh->move_err)
		return fail(tc, "domain mover, %s: %s", sh->move_what,
			    strerror(sh->move_err));
	if (sh->copy_wrong)
		return fail(tc, "%llu of %llu copies between domain moves wrong",
			    sh->copy_wrong, sh->copies);
	if (!sh->moves)
		return fail(tc, "edu never moved");
	if (sh->bench_err)
		return fail(tc, "dma_map_benchmark: %s", strerror(sh->bench_err));
	return V_PASS;
}

/* IOVA exhaustion */

static void filler(unsigned int f)
{
	struct edu e;
	int err;

	err = edu_open(&e);
	if (err) {
		sh->fill_err[f] = -err;
		__atomic_add_fetch(&sh->filled_n, 1, __ATOMIC_SEQ_CST);
		return;
	}
	sh->hi[f] = 0;
	sh->filled[f] = stress_fill(&e, FILL_SIZE, &sh->hi[f]);
	if (sh->filled[f] < 0)
		sh->fill_err[f] = -sh->filled[f];
	__atomic_add_fetch(&sh->filled_n, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&sh->release, __ATOMIC_ACQUIRE))
		sleep_ms(5);
	err = stress_unmap(&e, &sh->released[f], NULL);
	if (err && !sh->fill_err[f])
		sh->fill_err[f] = -err;
	close(e.fd);
}

/*
 * FILLERS processes fill the space at once; with @e (which holds the
 * mask) check the page table while they hold it, then release.  Returns
 * the number of mappings, or -1 after noting a failure in @tc.
 */
static long fill_round(struct tcase *tc, struct edu *e, int check)
{
	pid_t pids[FILLERS];
	struct iommu_edu_stress st;
	uint64_t pages = 0, hi = 0;
	long total = 0;
	unsigned int i;
	int err;

	sh->filled_n = 0;
	sh->release = 0;
	memset(sh->filled, 0, sizeof(sh->filled));
	memset(sh->fill_err, 0, sizeof(sh->fill_err));
	memset(sh->released, 0, sizeof(sh->released));
	for (i = 0; i < FILLERS; i++)
		pids[i] = spawn(filler, i);
	while (__atomic_load_n(&sh->filled_n, __ATOMIC_ACQUIRE) < FILLERS)
		sleep_ms(5);

	for (i = 0; i < FILLERS; i++) {
		if (sh->filled[i] > 0)
			total += sh->filled[i];
		if (sh->hi[i] > hi)
			hi = sh->hi[i];
	}
	/* Full: one more mapping must be refused, and cleanly. */
	err = stress_map(e, FILL_SIZE, 1, &st);
	if (!err)
		stress_unmap(e, NULL, NULL);
	if (check)
		mapped_pages(e, 0, SPACE_LAST, &pages);
	__atomic_store_n(&sh->release, 1, __ATOMIC_RELEASE);
	for (i = 0; i < FILLERS; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);

	for (i = 0; i < FILLERS; i++) {
		if (sh->fill_err[i]) {
			fail(tc, "filler %u: %s (only ENOMEM may refuse a mapping)",
			     i, strerror(sh->fill_err[i]));
			return -1;
		}
		if ((long)sh->released[i] != sh->filled[i]) {
			fail(tc, "filler %u released %u of %ld mappings", i,
			     sh->released[i], sh->filled[i]);
			return -1;
		}
	}
	diag("%ld mappings of %u KiB from %d processes, highest byte 0x%llx",
	     total, FILL_SIZE >> 10, FILLERS, (unsigned long long)hi);
	if (check)
		diag("%llu pages in the page table", (unsigned long long)pages);
	if (err != -ENOMEM) {
		fail(tc, "a mapping into the full space gave %s, not ENOMEM",
		     err ? strerror(-err) : "success");
		return -1;
	}
	if (!total || hi > SPACE_LAST) {
		fail(tc, "%ld mappings, highest byte 0x%llx under a %d-bit mask",
		     total, (unsigned long long)hi, MASK_BITS);
		return -1;
	}
	if (check && pages != (uint64_t)total * (FILL_SIZE / PAGE)) {
		fail(tc, "the page table maps %llu pages for %ld mappings of %u pages",
		     (unsigned long long)pages, total, FILL_SIZE / PAGE);
		return -1;
	}
	return total;
}

/* Open edu and narrow its mask; the open file keeps the mask. */
static int narrow(struct tcase *tc, struct edu *e)
{
	uint32_t bits = MASK_BITS;

	if (step(tc, edu_open(e), "open " EDU_NODE) ||
	    step(tc, edu_call(e, IOMMU_EDU_IOC_SET_DMA_BITS, &bits),
		 "24-bit mask"))
		return 0;
	return 1;
}

static int exhaustion_case(struct tcase *tc, const void *arg)
{
	uint64_t pages = 1;
	struct edu e;
	long n;

	(void)arg;
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: no IOVA space to exhaust");
	if (!narrow(tc, &e))
		return V_FAIL;
	n = fill_round(tc, &e, 1);
	if (n < 0)
		return V_FAIL;
	if (step(tc, mapped_pages(&e, 0, SPACE_LAST, &pages),
		 "count mapped pages"))
		return V_FAIL;
	diag("report: soak case=exhaustion mappings=%ld left_mapped=%llu", n,
	     (unsigned long long)pages);
	if (pages)
		return fail(tc, "%llu pages still mapped after the release",
			    (unsigned long long)pages);
	return V_PASS;
}

static int whole_case(struct tcase *tc, const void *arg)
{
	uint64_t pages = 1, hi = 0;
	long first, second, big;
	struct edu e;

	(void)arg;
	if (opt.mode == MODE_PASSTHROUGH)
		return skip(tc, "identity domain: no IOVA space to exhaust");
	if (!narrow(tc, &e))
		return V_FAIL;
	first = fill_round(tc, &e, 0);
	if (first < 0)
		return V_FAIL;
	sleep_ms(FQ_SETTLE_MS);
	second = fill_round(tc, &e, 0);
	if (second < 0)
		return V_FAIL;
	sleep_ms(FQ_SETTLE_MS);
	big = stress_fill(&e, BIG_SIZE, &hi);
	if (big >= 0 && step(tc, stress_unmap(&e, NULL, NULL), "release"))
		return V_FAIL;
	if (step(tc, mapped_pages(&e, 0, SPACE_LAST, &pages),
		 "count mapped pages"))
		return V_FAIL;
	diag("report: soak case=whole first=%ld second=%ld big=%ld left_mapped=%llu",
	     first, second, big, (unsigned long long)pages);
	if (big < 0)
		return fail(tc, "1 MiB mappings: %s", strerror(-big));
	if (second != first)
		return fail(tc, "%ld mappings fit the second time, %ld the first",
			    second, first);
	/* Whole: 1 MiB blocks cover what the small ones did, but one. */
	if (!big || (uint64_t)(big + 1) * BIG_SIZE <
	    (uint64_t)first * FILL_SIZE)
		return fail(tc, "only %ld mappings of 1 MiB fit where %ld of %u KiB did",
			    big, first, FILL_SIZE >> 10);
	if (hi > SPACE_LAST)
		return fail(tc, "a 1 MiB mapping ends at 0x%llx, past the mask",
			    (unsigned long long)hi);
	if (pages)
		return fail(tc, "%llu pages still mapped", (unsigned long long)pages);
	return V_PASS;
}

int suite_soak(void)
{
	struct suite s;
	int timeout = 120 + opt.soak_ios / 100;

	suite_begin(&s, "soak", 3);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		suite_result(&s, "io_under_load", V_FAIL, "no shared memory");
		suite_result(&s, "iova_exhaustion", V_SKIP, "no shared memory");
		suite_result(&s, "iova_whole_again", V_SKIP, "no shared memory");
		return suite_end(&s);
	}
	diag("%u O_DIRECT requests over %d processes, seed 0x%llx",
	     opt.soak_ios, DISK_WORKERS, (unsigned long long)opt.seed);
	suite_case(&s, "io_under_load", timeout, load_case, NULL);
	suite_case(&s, "iova_exhaustion", 120, exhaustion_case, NULL);
	suite_case(&s, "iova_whole_again", 180, whole_case, NULL);
	munmap(sh, sizeof(*sh));
	return suite_end(&s);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * iommu-dma-init: PID 1 of the test guest.
 *
 * It brings up the few file systems the suites need, reads its options
 * from the kernel command line, runs the end-to-end suites (groups, blk,
 * edu, domains, rebind, faults, soak, bench), prints KTAP version 1 on the console and
 * powers the machine off.  Options:
 *
 *   iommu.strict=0|1             mode the suites expect (lazy or strict)
 *   iommu.passthrough=1          identity default domains are expected
 *   iommu_dma.suites=a,b,...     suites to run (default: all)
 *   iommu_dma.bench_seconds=N    duration of one dma_map_benchmark run
 *   iommu_dma.blk_mib=N          MiB written per disk by the blk suite
 *   iommu_dma.seed=N             PRNG seed (decimal or 0x...)
 *   iommu_dma.quiet=0            keep the kernel's console log level
 *   iommu_dma.noncoherent=1      the host booted PCI devices non-coherent
 *   iommu_dma.rebind_cycles=N    unbind/bind cycles per disk (default 100)
 *   iommu_dma.soak_ios=N         O_DIRECT requests of the soak (default 20000)
 *   iommu_dma.faults_ops=N       operations under fault injection, per case
 *                                (default 300)
 *   iommu.forcedac=1, kmemleak=on  read for the cases that depend on them
 *   arm_smmu_v3.paging_stage=N   the stage the SMMU's paging domains must use
 *
 * Lines starting with "# report: " are for the host's report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

struct options opt = {
	.mode = MODE_UNKNOWN,
	.suites = SUITE_ALL,
	.bench_seconds = 1,
	.blk_mib = 32,
	.seed = 0x10aa0d3a5eedULL,
	.quiet = 1,
	.rebind_cycles = 100,
	.soak_ios = 20000,
	.faults_ops = 300,
};

/* Indentation of the KTAP level being printed. */
static const char *indent = "";
static struct tcase *shared_case;

const char *mode_name(enum iommu_mode mode)
{
	switch (mode) {
	case MODE_STRICT:
		return "strict";
	case MODE_LAZY:
		return "lazy";
	case MODE_PASSTHROUGH:
		return "passthrough";
	default:
		return "unknown";
	}
}

const char *expected_group_type(void)
{
	switch (opt.mode) {
	case MODE_STRICT:
		return "DMA";
	case MODE_LAZY:
		return "DMA-FQ";
	case MODE_PASSTHROUGH:
		return "identity";
	default:
		return NULL;
	}
}

static void vdiag(const char *fmt, va_list ap)
{
	char line[512];

	vsnprintf(line, sizeof(line), fmt, ap);
	printf("%s# %s\n", indent, line);
	fflush(stdout);
}

void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(fmt, ap);
	va_end(ap);
}

static int set_note(struct tcase *tc, int verdict, const char *fmt,
		    va_list ap)
{
	vsnprintf(tc->note, sizeof(tc->note), fmt, ap);
	return verdict;
}

int fail(struct tcase *tc, const char *fmt, ...)
{
	va_list ap;
	int v;

	va_start(ap, fmt);
	v = set_note(tc, V_FAIL, fmt, ap);
	va_end(ap);
	return v;
}

int skip(struct tcase *tc, const char *fmt, ...)
{
	va_list ap;
	int v;

	va_start(ap, fmt);
	v = set_note(tc, V_SKIP, fmt, ap);
	va_end(ap);
	return v;
}

void suite_begin(struct suite *s, const char *name, int plan)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->plan = plan;
	indent = "    ";
	printf("%sKTAP version 1\n%s# Subtest: %s\n%s1..%d\n",
	       indent, indent, name, indent, plan);
	fflush(stdout);
}

void suite_result(struct suite *s, const char *name, int verdict,
		  const char *note)
{
	int num = ++s->done;

	switch (verdict) {
	case V_PASS:
		s->passed++;
		printf("%sok %d %s\n", indent, num, name);
		break;
	case V_SKIP:
		s->skipped++;
		printf("%sok %d %s # SKIP %s\n", indent, num, name,
		       note && *note ? note : "skipped");
		break;
	default:
		s->failed++;
		if (note && *note)
			printf("%s# %s: %s\n", indent, name, note);
		printf("%snot ok %d %s\n", indent, num, name);
		break;
	}
	fflush(stdout);
}

/* Reap whatever died; returns the status of @pid once it is among them. */
static int reap(pid_t pid, int *status)
{
	pid_t got;
	int st;

	while ((got = waitpid(-1, &st, WNOHANG)) > 0) {
		if (got == pid) {
			*status = st;
			return 1;
		}
	}
	return 0;
}

int suite_case(struct suite *s, const char *name, int timeout_s,
	       case_fn fn, const void *arg)
{
	uint64_t deadline;
	int status = 0, verdict;
	char note[sizeof(shared_case->note) + 64];
	pid_t pid;

	memset(shared_case, 0, sizeof(*shared_case));
	shared_case->verdict = -1;
	fflush(NULL);

	pid = fork();
	if (pid < 0) {
		snprintf(note, sizeof(note), "fork: %s", strerror(errno));
		suite_result(s, name, V_FAIL, note);
		return V_FAIL;
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		verdict = fn(shared_case, arg);
		fflush(NULL);
		shared_case->verdict = verdict;
		_exit(0);
	}

	deadline = now_ms() + (uint64_t)timeout_s * 1000;
	note[0] = '\0';
	while (!reap(pid, &status)) {
		if (now_ms() < deadline) {
			sleep_ms(10);
			continue;
		}
		kill(pid, SIGKILL);
		deadline = now_ms() + 10000;
		while (!reap(pid, &status) && now_ms() < deadline)
			sleep_ms(10);
		snprintf(note, sizeof(note), "timed out after %d s", timeout_s);
		suite_result(s, name, V_FAIL, note);
		return V_FAIL;
	}

	if (WIFSIGNALED(status)) {
		snprintf(note, sizeof(note), "case crashed (signal %d)",
			 WTERMSIG(status));
		verdict = V_FAIL;
	} else if (shared_case->verdict < 0) {
		snprintf(note, sizeof(note), "case exited without a verdict");
		verdict = V_FAIL;
	} else {
		verdict = shared_case->verdict;
		snprintf(note, sizeof(note), "%s", shared_case->note);
	}
	suite_result(s, name, verdict, note);
	return verdict;
}

int suite_end(struct suite *s)
{
	int bad = s->failed || s->done != s->plan;

	printf("%s# %s: pass:%d fail:%d skip:%d total:%d\n", indent, s->name,
	       s->passed, s->failed, s->skipped, s->done);
	indent = "";
	fflush(stdout);
	return bad ? V_FAIL : V_PASS;
}

/* Options */

static unsigned int parse_suites(const char *list)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} names[] = {
		{ "groups", SUITE_GROUPS },
		{ "blk", SUITE_BLK },
		{ "edu", SUITE_EDU },
		{ "bench", SUITE_BENCH },
		{ "domains", SUITE_DOMAINS },
		{ "rebind", SUITE_REBIND },
		{ "faults", SUITE_FAULTS },
		{ "soak", SUITE_SOAK },
		{ "all", SUITE_ALL },
	};
	unsigned int mask = 0;
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");
		size_t i;

		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (strlen(names[i].name) == len &&
			    !strncmp(names[i].name, p, len))
				mask |= names[i].bit;
		p += len;
		if (*p == ',')
			p++;
	}
	return mask;
}

static void parse_option(const char *word)
{
	const char *val = strchr(word, '=');
	unsigned long long n;

	if (!val)
		return;
	val++;
	n = strtoull(val, NULL, 0);

	if (!strncmp(word, "iommu.strict=", 13)) {
		/* iommu.passthrough=1 wins whatever the order. */
		if (opt.mode != MODE_PASSTHROUGH)
			opt.mode = n ? MODE_STRICT : MODE_LAZY;
		opt.mode_from_cmdline = 1;
	} else if (!strncmp(word, "iommu.passthrough=", 18)) {
		if (n)
			opt.mode = MODE_PASSTHROUGH;
		opt.mode_from_cmdline = 1;
	} else if (!strncmp(word, "iommu_dma.suites=", 17)) {
		opt.suites = parse_suites(val);
	} else if (!strncmp(word, "iommu_dma.bench_seconds=", 24)) {
		if (n >= 1 && n <= 300)
			opt.bench_seconds = n;
	} else if (!strncmp(word, "iommu_dma.blk_mib=", 18)) {
		if (n >= 1 && n <= 1024)
			opt.blk_mib = n;
	} else if (!strncmp(word, "iommu_dma.seed=", 15)) {
		opt.seed = n;
	} else if (!strncmp(word, "iommu_dma.quiet=", 16)) {
		opt.quiet = !!n;
	} else if (!strncmp(word, "iommu_dma.noncoherent=", 22)) {
		opt.noncoherent = !!n;
	} else if (!strncmp(word, "iommu_dma.rebind_cycles=", 24)) {
		if (n >= 1 && n <= 10000)
			opt.rebind_cycles = n;
	} else if (!strncmp(word, "iommu_dma.soak_ios=", 19)) {
		if (n >= 100 && n <= 10000000)
			opt.soak_ios = n;
	} else if (!strncmp(word, "iommu_dma.faults_ops=", 21)) {
		if (n >= 10 && n <= 100000)
			opt.faults_ops = n;
	} else if (!strncmp(word, "iommu.forcedac=", 15)) {
		opt.forcedac = !!n;
	} else if (!strncmp(word, "arm_smmu_v3.paging_stage=", 25)) {
		if (n <= 2)
			opt.paging_stage = n;
	} else if (!strncmp(word, "kmemleak=", 9)) {
		opt.kmemleak = !strcmp(val, "on");
	}
}

static void parse_cmdline(char *cmdline, size_t size)
{
	char *word, *save = NULL;
	int len;

	len = read_text("/proc/cmdline", cmdline, size);
	if (len < 0) {
		cmdline[0] = '\0';
		return;
	}
	{
		char copy[4096];

		snprintf(copy, sizeof(copy), "%s", cmdline);
		for (word = strtok_r(copy, " \t", &save); word;
		     word = strtok_r(NULL, " \t", &save))
			parse_option(word);
	}
}

/* Without iommu.strict=, take the mode from what the kernel chose. */
static void observe_mode(void)
{
	struct pci_fn fns[PCI_FN_MAX];
	char path[128], type[32];
	int i, n;

	if (opt.mode != MODE_UNKNOWN)
		return;
	n = pci_scan(fns, PCI_FN_MAX);
	for (i = 0; i < n; i++) {
		if (pci_kind_of(&fns[i]) == PCI_OTHER)
			continue;
		snprintf(path, sizeof(path),
			 "/sys/bus/pci/devices/%.15s/iommu_group/type",
			 fns[i].bdf);
		if (read_text(path, type, sizeof(type)) < 0)
			continue;
		if (!strcmp(type, "DMA"))
			opt.mode = MODE_STRICT;
		else if (!strcmp(type, "DMA-FQ"))
			opt.mode = MODE_LAZY;
		else if (!strcmp(type, "identity"))
			opt.mode = MODE_PASSTHROUGH;
		return;
	}
}

/* System */

static void mount_one(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, MS_NOSUID | MS_NOEXEC, NULL) &&
	    errno != EBUSY)
		fprintf(stderr, "iommu-dma-init: mount %s: %s\n", dir,
			strerror(errno));
}

static void setup_system(void)
{
	int fd;

	mount_one("proc", "/proc", "proc");
	mount_one("sysfs", "/sys", "sysfs");
	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, NULL) &&
	    errno != EBUSY)
		fprintf(stderr, "iommu-dma-init: mount /dev: %s\n",
			strerror(errno));
	mount_one("debugfs", "/sys/kernel/debug", "debugfs");

	/* The kernel gives init the console only if rootfs has the node. */
	if (fcntl(1, F_GETFD) < 0) {
		fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
}

static void power_off(int status)
{
	fflush(NULL);
	sync();
	if (getpid() != 1)
		exit(status);
	reboot(RB_POWER_OFF);
	/* Should not return; init must never exit. */
	for (;;)
		pause();
}

struct suite_entry {
	const char *name;
	unsigned int bit;
	int (*run)(void);
};

static const struct suite_entry suites[] = {
	{ "groups", SUITE_GROUPS, suite_groups },
	{ "blk", SUITE_BLK, suite_blk },
	{ "edu", SUITE_EDU, suite_edu },
	{ "domains", SUITE_DOMAINS, suite_domains },
	{ "rebind", SUITE_REBIND, suite_rebind },
	{ "faults", SUITE_FAULTS, suite_faults },
	{ "soak", SUITE_SOAK, suite_soak },
	/* bench rebinds edu, so it runs last */
	{ "bench", SUITE_BENCH, suite_bench },
};

int main(void)
{
	static char cmdline[4096];
	int planned = 0, num = 0, failed = 0;
	struct utsname uts;
	size_t i;

	setup_system();
	parse_cmdline(cmdline, sizeof(cmdline));
	observe_mode();

	shared_case = mmap(NULL, sizeof(*shared_case), PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared_case == MAP_FAILED) {
		printf("KTAP version 1\n1..0 # SKIP cannot map shared page\n");
		power_off(1);
	}

	/* Keep kernel chatter (SMMU event dumps) off the KTAP stream. */
	if (opt.quiet)
		klogctl(8, NULL, 5);

	for (i = 0; i < ARRAY_SIZE(suites); i++)
		if (opt.suites & suites[i].bit)
			planned++;

	printf("KTAP version 1\n1..%d\n", planned);
	if (uname(&uts) == 0)
		diag("kernel %s %s", uts.release, uts.machine);
	diag("cmdline: %s", cmdline);
	diag("seed 0x%llx", (unsigned long long)opt.seed);
	diag("report: mode %s%s%s", mode_name(opt.mode),
	     opt.noncoherent ? " noncoherent" : "",
	     opt.paging_stage == 2 ? " stage2" : "");
	if (!opt.mode_from_cmdline)
		diag("no iommu.strict= on the command line; mode as observed");

	for (i = 0; i < ARRAY_SIZE(suites); i++) {
		int verdict;

		if (!(opt.suites & suites[i].bit))
			continue;
		verdict = suites[i].run();
		num++;
		if (verdict == V_FAIL)
			failed++;
		printf("%sok %d %s\n", verdict == V_FAIL ? "not " : "", num,
		       suites[i].name);
		fflush(stdout);
	}

	diag("iommu-dma: suites pass:%d fail:%d total:%d", planned - failed,
	     failed, planned);
	power_off(failed ? 1 : 0);
	return 0;
}

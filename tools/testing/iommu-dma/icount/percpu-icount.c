// SPDX-License-Identifier: GPL-2.0
/*
 * percpu-icount: a QEMU TCG plugin that counts, per vCPU, the guest
 * instructions executed between marker instructions, so that a benchmark
 * with several threads is charged only the work of the CPU that made the
 * call, not the time slices QEMU's round-robin -icount scheduler gave to
 * the other vCPUs meanwhile.
 *
 * The markers are AArch64 HINT instructions with immediates that the
 * architecture leaves unallocated (they execute as NOPs on any CPU):
 *
 *   HINT #100 / #101   a map call begins / ends
 *   HINT #102 / #103   an unmap call begins / ends
 *   HINT #104 / #105   a benchmark run (a phase) begins / ends
 *
 * The bench layer's dma_map_benchmark patch places them.  Each vCPU keeps
 * its own running instruction count: every translation block adds its
 * length when it starts, and a marker subtracts the instructions of its
 * block that lie after it, so the value at a marker is exact.  A window
 * is the difference between its end and begin values on the same vCPU;
 * a begin while a window is open (the thread was switched out mid-call
 * on this vCPU) or an end without a begin is counted as lost, never as a
 * sample.  Instructions of interrupts taken inside a window are the
 * window's: that is work the CPU did during the call.
 *
 * At the end of each phase the plugin prints, through QEMU's log (-d
 * plugin), one line per vCPU and operation:
 *
 *   icount: phase=P cpu=C op=map calls=N lost=L mean=M sd=S min=A max=B
 *
 * followed by "icount: phase=P end".  Phases are numbered from 1 in the
 * order the guest runs them.  Plugin arguments: none.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plugin-api.h"

PLUGIN_EXPORT int qemu_plugin_version = PLUGIN_API_VERSION;

#define MAX_VCPUS	16
#define HINT_BASE	0xd503201fu	/* HINT #0 (NOP) */
#define HINT_IMM_SHIFT	5
#define HINT_IMM_MASK	0x7fu

enum marker {
	MARK_MAP_BEGIN = 100,
	MARK_MAP_END,
	MARK_UNMAP_BEGIN,
	MARK_UNMAP_END,
	MARK_PHASE_BEGIN,
	MARK_PHASE_END,
};

enum op { OP_MAP, OP_UNMAP, NR_OPS };

static const char *const op_name[NR_OPS] = { "map", "unmap" };

struct window_stats {
	uint64_t calls;
	uint64_t lost;
	uint64_t min;
	uint64_t max;
	double sum;
	double sumsq;
};

struct vcpu_state {
	uint64_t executed;		/* instructions this vCPU executed */
	uint64_t begin[NR_OPS];		/* count at an open window's begin */
	bool open[NR_OPS];
	struct window_stats stats[NR_OPS];
};

static struct vcpu_state vcpus[MAX_VCPUS];
static unsigned int phase;
static bool in_phase;

/*
 * The marker's immediate and how many instructions of its translation
 * block follow it, packed into the callback's user data.
 */
#define UDATA(mark, tail)	((void *)(uintptr_t)(((uint64_t)(tail) << 8) | (mark)))
#define UDATA_MARK(u)		((unsigned int)((uintptr_t)(u) & 0xff))
#define UDATA_TAIL(u)		((uint64_t)((uintptr_t)(u) >> 8))

static void report_phase(void)
{
	char line[256];
	unsigned int c, o;

	for (c = 0; c < MAX_VCPUS; c++) {
		for (o = 0; o < NR_OPS; o++) {
			const struct window_stats *s = &vcpus[c].stats[o];
			double mean = 0, var = 0;

			if (!s->calls && !s->lost)
				continue;
			if (s->calls) {
				mean = s->sum / s->calls;
				var = s->sumsq / s->calls - mean * mean;
			}
			snprintf(line, sizeof(line),
				 "\nicount: phase=%u cpu=%u op=%s calls=%llu lost=%llu mean=%.1f sd=%.1f min=%llu max=%llu\n",
				 phase, c, op_name[o],
				 (unsigned long long)s->calls,
				 (unsigned long long)s->lost, mean,
				 var > 0 ? sqrt(var) : 0,
				 (unsigned long long)(s->calls ? s->min : 0),
				 (unsigned long long)s->max);
			qemu_plugin_outs(line);
		}
	}
	snprintf(line, sizeof(line), "\nicount: phase=%u end\n", phase);
	qemu_plugin_outs(line);
}

static void reset_windows(void)
{
	unsigned int c;

	for (c = 0; c < MAX_VCPUS; c++) {
		memset(vcpus[c].open, 0, sizeof(vcpus[c].open));
		memset(vcpus[c].stats, 0, sizeof(vcpus[c].stats));
	}
}

static void window_begin(struct vcpu_state *v, enum op o, uint64_t now)
{
	if (v->open[o])
		v->stats[o].lost++;
	v->open[o] = true;
	v->begin[o] = now;
}

static void window_end(struct vcpu_state *v, enum op o, uint64_t now)
{
	struct window_stats *s = &v->stats[o];
	uint64_t n;

	if (!v->open[o]) {
		s->lost++;
		return;
	}
	v->open[o] = false;
	n = now - v->begin[o];
	if (!s->calls || n < s->min)
		s->min = n;
	if (n > s->max)
		s->max = n;
	s->calls++;
	s->sum += n;
	s->sumsq += (double)n * n;
}

static void on_marker(unsigned int vcpu, void *udata)
{
	struct vcpu_state *v;
	uint64_t now;

	if (vcpu >= MAX_VCPUS)
		return;
	v = &vcpus[vcpu];
	/* The block's count was added in full when it began. */
	now = v->executed - UDATA_TAIL(udata);

	switch (UDATA_MARK(udata)) {
	case MARK_PHASE_BEGIN:
		reset_windows();
		phase++;
		in_phase = true;
		return;
	case MARK_PHASE_END:
		if (in_phase)
			report_phase();
		in_phase = false;
		return;
	}
	if (!in_phase)
		return;
	switch (UDATA_MARK(udata)) {
	case MARK_MAP_BEGIN:
		window_begin(v, OP_MAP, now);
		break;
	case MARK_MAP_END:
		window_end(v, OP_MAP, now);
		break;
	case MARK_UNMAP_BEGIN:
		window_begin(v, OP_UNMAP, now);
		break;
	case MARK_UNMAP_END:
		window_end(v, OP_UNMAP, now);
		break;
	}
}

static void on_block(unsigned int vcpu, void *udata)
{
	if (vcpu < MAX_VCPUS)
		vcpus[vcpu].executed += (uintptr_t)udata;
}

/* The marker a guest instruction is, or 0. */
static unsigned int marker_of(const struct qemu_plugin_insn *insn)
{
	uint32_t word, imm;

	if (qemu_plugin_insn_size(insn) != sizeof(word))
		return 0;
	memcpy(&word, qemu_plugin_insn_data(insn), sizeof(word));
	imm = (word >> HINT_IMM_SHIFT) & HINT_IMM_MASK;
	if ((word & ~(HINT_IMM_MASK << HINT_IMM_SHIFT)) != HINT_BASE)
		return 0;
	return imm >= MARK_MAP_BEGIN && imm <= MARK_PHASE_END ? imm : 0;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, on_block, PLUGIN_CB_NO_REGS,
					     (void *)(uintptr_t)n);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		unsigned int mark = marker_of(insn);

		if (mark)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker,
							       PLUGIN_CB_NO_REGS,
							       UDATA(mark, n - i - 1));
	}
}

static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	if (in_phase)
		report_phase();
}

PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
				      const struct plugin_qemu_info *info,
				      int argc, char **argv)
{
	(void)info;
	(void)argv;
	if (argc) {
		fprintf(stderr, "percpu-icount: takes no arguments\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}

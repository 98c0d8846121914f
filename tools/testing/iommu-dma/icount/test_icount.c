// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of percpu-icount.c: a stand-in for QEMU's plugin side
 * "translates" blocks of AArch64 instruction words, runs them on chosen
 * vCPUs in a chosen order, the way single-threaded TCG interleaves vCPUs,
 * and checks the per-vCPU windows the plugin reports.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "plugin-api.h"

int qemu_plugin_install(qemu_plugin_id_t id, const struct plugin_qemu_info *info,
			int argc, char **argv);

#define MAX_INSNS	64
#define NOP		0xd503201fu
#define HINT(n)		(NOP | ((uint32_t)(n) << 5))

struct qemu_plugin_insn {
	uint32_t word;
	plugin_vcpu_udata_fn fn;
	void *udata;
};

struct qemu_plugin_tb {
	size_t n;
	struct qemu_plugin_insn insn[MAX_INSNS];
	plugin_vcpu_udata_fn fn;
	void *udata;
};

static struct qemu_plugin_tb blocks[16];
static size_t nr_blocks;
static plugin_tb_trans_fn trans_fn;
static plugin_udata_fn exit_fn;
static char out[16384];
static int failures, checks;

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   plugin_tb_trans_fn fn)
{
	(void)id;
	trans_fn = fn;
}

void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  plugin_vcpu_udata_fn fn, int flags,
					  void *udata)
{
	(void)flags;
	tb->fn = fn;
	tb->udata = udata;
}

void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    plugin_vcpu_udata_fn fn, int flags,
					    void *udata)
{
	(void)flags;
	insn->fn = fn;
	insn->udata = udata;
}

void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, plugin_udata_fn fn,
				    void *udata)
{
	(void)id;
	(void)udata;
	exit_fn = fn;
}

size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb)
{
	return tb->n;
}

struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx)
{
	return (struct qemu_plugin_insn *)&tb->insn[idx];
}

const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn)
{
	return &insn->word;
}

size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn)
{
	(void)insn;
	return sizeof(uint32_t);
}

void qemu_plugin_outs(const char *text)
{
	strncat(out, text, sizeof(out) - strlen(out) - 1);
}

/* A block of @n words: NOPs, with @mark (0: none) at index @at. */
static struct qemu_plugin_tb *block(size_t n, unsigned int mark, size_t at)
{
	struct qemu_plugin_tb *tb = &blocks[nr_blocks++];
	size_t i;

	tb->n = n;
	for (i = 0; i < n; i++)
		tb->insn[i].word = NOP;
	if (mark)
		tb->insn[at].word = HINT(mark);
	trans_fn(1, tb);
	return tb;
}

/* Run @tb on @vcpu as TCG does: the block's callback, then each insn's. */
static void run(const struct qemu_plugin_tb *tb, unsigned int vcpu)
{
	size_t i;

	if (tb->fn)
		tb->fn(vcpu, tb->udata);
	for (i = 0; i < tb->n; i++)
		if (tb->insn[i].fn)
			tb->insn[i].fn(vcpu, tb->insn[i].udata);
}

static void expect(int cond, const char *fmt, ...)
{
	va_list ap;

	checks++;
	printf("%s %d - ", cond ? "ok" : "not ok", checks);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		failures++;
		printf("# output so far:\n%s", out);
	}
}

static int has(const char *needle)
{
	return !!strstr(out, needle);
}

int main(void)
{
	struct qemu_plugin_tb *phase_begin, *phase_end, *map_begin, *map_end;
	struct qemu_plugin_tb *unmap_begin, *unmap_end, *ten, *thousand;
	struct qemu_plugin_tb *yield, *other;
	int i;

	printf("TAP version 13\n1..9\n");
	if (qemu_plugin_install(1, NULL, 0, NULL) || !trans_fn || !exit_fn) {
		printf("Bail out! install failed\n");
		return 1;
	}
	phase_begin = block(3, 104, 1);
	phase_end = block(3, 105, 1);
	map_begin = block(4, 100, 1);	/* 2 instructions after the marker */
	map_end = block(6, 101, 1);	/* the marker is the 2nd of 6 */
	unmap_begin = block(5, 102, 4);	/* marker last: 0 after it */
	unmap_end = block(5, 103, 0);	/* marker first */
	ten = block(10, 0, 0);
	thousand = block(50, 0, 0);
	yield = block(2, 1, 0);		/* HINT #1 (YIELD): not a marker */
	other = block(2, 99, 0);	/* HINT #99: not one of ours */

	/* Markers outside a phase count nothing. */
	run(map_begin, 0);
	run(map_end, 0);
	expect(!strlen(out), "markers outside a phase report nothing");

	/* One vCPU: 2 after the begin marker + 10 + 2 up to the end = 14. */
	run(phase_begin, 0);
	run(map_begin, 0);
	run(ten, 0);
	run(yield, 0);
	run(other, 0);
	run(map_end, 0);
	/* unmap: 0 after the begin + 10 + 1 (the end marker itself) = 11 */
	run(unmap_begin, 0);
	run(ten, 0);
	run(unmap_end, 0);
	run(phase_end, 0);
	expect(has("phase=1 cpu=0 op=map calls=1 lost=0 mean=18.0 sd=0.0 min=18 max=18"),
	       "a window counts the instructions between its markers (2+10+2+2+2)");
	expect(has("phase=1 cpu=0 op=unmap calls=1 lost=0 mean=11.0 sd=0.0 min=11 max=11"),
	       "a marker last or first in its block is counted exactly");
	expect(has("icount: phase=1 end"), "the phase ends with its own line");

	/* Two vCPUs interleaved: vCPU 1's work is not vCPU 0's. */
	out[0] = 0;
	run(phase_begin, 0);
	run(map_begin, 0);
	for (i = 0; i < 20; i++)
		run(thousand, 1);
	run(ten, 0);
	run(map_end, 0);
	run(map_begin, 1);
	run(map_end, 1);
	run(map_begin, 1);
	run(ten, 1);
	run(ten, 1);
	run(map_end, 1);
	run(phase_end, 1);
	expect(has("phase=2 cpu=0 op=map calls=1 lost=0 mean=14.0 sd=0.0 min=14 max=14"),
	       "a window is not charged another vCPU's 1000 instructions");
	expect(has("phase=2 cpu=1 op=map calls=2 lost=0 mean=14.0 sd=10.0 min=4 max=24"),
	       "per-vCPU mean, deviation and extremes over several windows");

	/* A begin inside an open window, an end without a begin: lost. */
	out[0] = 0;
	run(phase_begin, 0);
	run(unmap_begin, 0);
	run(unmap_begin, 0);
	run(unmap_end, 0);
	run(unmap_end, 0);
	run(phase_end, 0);
	expect(has("phase=3 cpu=0 op=unmap calls=1 lost=2 mean=1.0"),
	       "a re-opened window and an unmatched end are lost, not samples");

	/* A new phase starts clean; a phase open at exit is reported. */
	out[0] = 0;
	run(phase_begin, 1);
	run(map_begin, 1);
	run(phase_begin, 1);
	run(map_end, 1);
	expect(!strlen(out), "an unfinished phase prints nothing until it ends");
	exit_fn(1, NULL);
	expect(has("phase=5 cpu=1 op=map calls=0 lost=1"),
	       "a window left open by a new phase is dropped, the phase open at exit reported");
	return failures ? 1 : 0;
}

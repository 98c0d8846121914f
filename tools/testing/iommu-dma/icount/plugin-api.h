/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of QEMU's TCG plugin interface (API version 1, QEMU 7.2) that
 * percpu-icount.c uses, declared here because Debian ships QEMU with
 * plugin support but without its header.  Only what the plugin calls:
 * QEMU resolves these symbols in its own binary when it loads the plugin.
 */
#ifndef IOMMU_DMA_PLUGIN_API_H
#define IOMMU_DMA_PLUGIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PLUGIN_API_VERSION	1
#define PLUGIN_EXPORT		__attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;

struct qemu_plugin_tb;
struct qemu_plugin_insn;

/* What QEMU tells the plugin about itself; the plugin reads none of it. */
struct plugin_qemu_info {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
};

/* Callbacks get no register access (QEMU_PLUGIN_CB_NO_REGS). */
#define PLUGIN_CB_NO_REGS	0

typedef void (*plugin_tb_trans_fn)(qemu_plugin_id_t id,
				   struct qemu_plugin_tb *tb);
typedef void (*plugin_vcpu_udata_fn)(unsigned int vcpu, void *udata);
typedef void (*plugin_udata_fn)(qemu_plugin_id_t id, void *udata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   plugin_tb_trans_fn fn);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  plugin_vcpu_udata_fn fn, int flags,
					  void *udata);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    plugin_vcpu_udata_fn fn, int flags,
					    void *udata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, plugin_udata_fn fn,
				    void *udata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
void qemu_plugin_outs(const char *text);

#endif /* IOMMU_DMA_PLUGIN_API_H */

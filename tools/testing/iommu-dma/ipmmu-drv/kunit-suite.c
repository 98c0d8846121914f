// SPDX-License-Identifier: GPL-2.0-only
/* The driver's KUnit suite, built as a KUnit kernel build has it. */
#define CONFIG_KUNIT 1
#include "ipmmu-vmsa-kunit.c"

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The driver's ipmmu-vmsa.c as a KUnit kernel build sees it: its
 * VISIBLE_IF_KUNIT functions visible to the suite.
 */
#define CONFIG_KUNIT 1
#undef VISIBLE_IF_KUNIT
#define VISIBLE_IF_KUNIT
#include "ipmmu-vmsa.c"

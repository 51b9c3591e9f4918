/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Appended to Coccinelle's own standard.h (--macro-file-builtins) for the
 * whole-tree surface map, scripts/surface.sh: kernel macros that make
 * spatch 1.3 drop whole functions without it.
 *
 * "struct time_namespace *time_ns __free(time_ns) = NULL;" makes spatch take
 * time_ns for a type name, and every later "time_ns->..." in the function
 * fails to parse (kernel/time/namespace.c, fs/namespace.c statmount).
 * "scoped_guard(lock) stmt" is a statement prefix, like for (;;): without
 * the hint the function around it does not parse (fs/namespace.c statmount).
 */
#define __free(x) MACROANNOTATION
#define scoped_guard(x, ...) YACFE_ITERATOR
#define scoped_cond_guard(x, fail, ...) YACFE_ITERATOR

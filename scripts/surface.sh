#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# surface.sh [KDIR]: the kernel attack surface reachable from user
# namespaces.  Runs coccinelle/surface.cocci over a whole kernel tree
# (default: the mainline-equivalent baseline) on the files its git grep
# prefilter selects (scripts/cocci-lib.sh, shared with the audit) and writes
#   build/results/surface.tsv   file, line, function, check, capability,
#                               ns_expr, subsystem, detail: one row per
#                               capability check against a namespace an
#                               unprivileged user can own, and per
#                               FS_USERNS_MOUNT file system
#   build/results/surface.md    per capability, per subsystem, the top
#                               subsystems, the FS_USERNS_MOUNT list and
#                               what a capability ceiling removes
# With OLD=<tree dir or saved surface.tsv>, also compares: OLD's sites with
# KDIR's, keyed by file, function, check and capability (not lines), into
#   build/results/surface-diff.{tsv,md}   what became reachable, what went away
# SURFACE_OUT (default build/results) and SURFACE_LOGS (build/logs/coccinelle)
# move the output, for the tests.  A spatch failure or complaint, or a tree
# with no site at all, fails with one line naming the log.

. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/cocci-lib.sh
. "$(dirname "$0")/cocci-lib.sh"

KDIR=${1:-${KDIR:-$BUILD/trees/mainline-baseline}}
OLD=${OLD:-}
OUT=${SURFACE_OUT:-$RESULTS}
LOGD=${SURFACE_LOGS:-$LOGDIR/coccinelle}
mkdir -p "$OUT" "$LOGD"

# scan DIR NAME: DIR's sites into OUT/NAME.tsv.
scan() {
	local dir=$1 name=$2
	[ -d "$dir" ] || die "$STAGE: $dir is not a directory"
	cocci_macros "$LOGD/$name-macros.h"
	cocci_tree surface "$dir" "$name" --macro-file-builtins "$LOGD/$name-macros.h" ||
		fail_with_log "$LOGD/$name.log" "spatch failed or complained for surface.cocci on $dir"
	python3 "$TOP/scripts/surface.py" tsv "$dir" "$LOGD/$name.out" "$OUT/$name.tsv" 2>>"$LOGD/$name.log" ||
		fail_with_log "$LOGD/$name.log" "surface.py could not read the report lines"
	[ "$(wc -l <"$OUT/$name.tsv")" -gt 1 ] ||
		fail_with_log "$LOGD/$name.log" "no site found in $dir: is it a kernel tree?"
}

main() {
	local old_tsv
	check_spatch
	stage "surface $(basename "$KDIR")"
	scan "$KDIR" surface
	python3 "$TOP/scripts/surface.py" report "$KDIR" "$OUT/surface.tsv" "$OUT/surface.md" >"$LOGD/surface-report.log" 2>&1 ||
		fail_with_log "$LOGD/surface-report.log" "writing the report failed"
	log "surface: $(cat "$LOGD/surface-report.log")"
	stage_done "$OUT/surface.tsv, $OUT/surface.md"
	[ -n "$OLD" ] || return 0
	stage "surface diff $(basename "$OLD")"
	if [ -d "$OLD" ]; then
		scan "$OLD" surface-old
		old_tsv=$OUT/surface-old.tsv
	elif [ -f "$OLD" ]; then
		old_tsv=$OLD
	else
		die "$STAGE: OLD=$OLD is neither a tree nor a saved surface.tsv"
	fi
	python3 "$TOP/scripts/surface.py" diff "$old_tsv" "$OUT/surface.tsv" "$OUT/surface-diff" >"$LOGD/surface-diff.log" 2>&1 ||
		fail_with_log "$LOGD/surface-diff.log" "comparing $old_tsv with $OUT/surface.tsv failed"
	log "surface: $(cat "$LOGD/surface-diff.log") since $OLD"
	stage_done "$OUT/surface-diff.tsv, $OUT/surface-diff.md"
}

main "$@"

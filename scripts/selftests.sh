#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests.sh LEG: build the selftest collections listed in
# scripts/config/suites from the patched tree (it carries the project's
# suite), statically linked against the patched kernel's uapi headers,
# and install them with the kselftest runner into build/kselftest/LEG.
# The same binaries run on the baseline and on the patched kernel.

. "$(dirname "$0")/lib.sh"

LEG=${1:?usage: selftests.sh LEG}
valid_leg "$LEG"
SRC=$BUILD/trees/$LEG-patched
HDR=$BUILD/kbuild/$LEG-patched/usr/include
OUT=$BUILD/kselftest/$LEG
LOGF=$LOGDIR/selftests-$LEG.log
: >"$LOGF"

main() {
	stage "selftests $LEG"
	[ -d "$HDR/linux" ] || die "$STAGE: no installed headers in $HDR (run scripts/kbuild.sh $LEG patched)"
	local suites
	suites=$(cat "$TOP/scripts/config/suites")
	rm -rf "$OUT/install"
	mkdir -p "$OUT/obj"
	run "$LOGF" make -C "$SRC/tools/testing/selftests" O="$OUT/obj" TARGETS="$suites" \
		KHDR_INCLUDES="-isystem $HDR" LDFLAGS=-static CC="ccache gcc" -j"$JOBS" \
		INSTALL_PATH="$OUT/install" install
	local s
	for s in $suites; do
		[ -d "$OUT/install/$s" ] || die "$STAGE: collection $s was not installed (log: $LOGF)"
	done
	# Every test binary must be static: the guest has no libc.
	local dyn
	dyn=$(find "$OUT/install" -type f -perm -u+x -exec file {} + | grep 'dynamically linked' | cut -d: -f1 || true)
	[ -z "$dyn" ] || die "$STAGE: dynamically linked test binaries: $(echo "$dyn" | tr '\n' ' ')"
	stage_done "$(wc -l <"$OUT/install/kselftest-list.txt") tests"
}

main "$@"

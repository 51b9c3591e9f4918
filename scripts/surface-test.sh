#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# surface-test.sh: the tests of the attack-surface map beyond spatch's
# report lines (those are coccinelle/tests/surface/*.c, run by
# cocci-test.sh).  Prints one summary row per case (leg and kernel "-"):
#   -	-	coccinelle	surface/tree	pass|fail
#       scripts/surface.sh on coccinelle/tests/surface/tree/, a small tree
#       with a MAINTAINERS file: prefilter (tools/ left out), spatch with
#       coccinelle/macros.h, subsystems, the TSV (tree.tsv) and the report
#       (tree.md); with OLD= the same tree, whose diff must be empty
#   -	-	coccinelle	surface/diff	pass|fail
#       scripts/surface.py diff on two saved TSVs (diff/old.tsv, new.tsv):
#       diff/expected.tsv and diff/expected.md
# On a difference the diff goes to stderr with one line naming the case and
# its log (build/logs/coccinelle/surface-test-CASE.log).

. "$(dirname "$0")/lib.sh"

DIR=$TOP/coccinelle/tests/surface
LOGD=$LOGDIR/coccinelle
mkdir -p "$LOGD"

row() { printf '%s\t%s\tcoccinelle\t%s\t%s\n' - - "$1" "$2"; }

# compare LOG NAME EXPECTED ACTUAL: diff to the log and stderr.
compare() {
	local logf=$1 name=$2 exp=$3 act=$4 d
	if d=$(diff -u --label "$name: expected" --label "$name: got" "$exp" "$act"); then
		return 0
	fi
	printf '%s\n' "$d" >>"$logf"
	printf '%s\n' "$d" >&2
	return 1
}

case_tree() {
	local logf=$1 out=$LOGD/surface-test-tree ok=0
	rm -rf "$out"
	mkdir -p "$out"
	if ! SURFACE_OUT=$out SURFACE_LOGS=$out OLD=$DIR/tree \
		"$TOP/scripts/surface.sh" "$DIR/tree" >>"$logf" 2>&1; then
		echo "scripts/surface.sh failed" >>"$logf"
		return 1
	fi
	compare "$logf" "surface/tree (tsv)" "$DIR/tree.tsv" "$out/surface.tsv" || ok=1
	compare "$logf" "surface/tree (md)" "$DIR/tree.md" "$out/surface.md" || ok=1
	# the tree against itself: nothing changed
	compare "$logf" "surface/tree (diff with itself)" \
		<(head -n1 "$DIR/diff/expected.tsv") "$out/surface-diff.tsv" || ok=1
	return "$ok"
}

case_diff() {
	local logf=$1 out=$LOGD/surface-test-diff ok=0
	rm -rf "$out"
	mkdir -p "$out"
	# relative names: the report prints them
	if ! (cd "$DIR/diff" && python3 "$TOP/scripts/surface.py" diff old.tsv new.tsv "$out/diff") >>"$logf" 2>&1; then
		echo "scripts/surface.py diff failed" >>"$logf"
		return 1
	fi
	compare "$logf" "surface/diff (tsv)" "$DIR/diff/expected.tsv" "$out/diff.tsv" || ok=1
	compare "$logf" "surface/diff (md)" "$DIR/diff/expected.md" "$out/diff.md" || ok=1
	return "$ok"
}

main() {
	local c failed=0 logf
	for c in tree diff; do
		logf=$LOGD/surface-test-$c.log
		: >"$logf"
		if "case_$c" "$logf"; then
			row "surface/$c" pass
		else
			row "surface/$c" fail
			printf 'error: surface-test: surface/%s failed (log: %s)\n' "$c" "$logf" >&2
			failed=$((failed + 1))
		fi
	done
	log "surface-test: 2 cases, $failed failed (logs: $LOGD)"
	[ "$failed" = 0 ]
}

main "$@"

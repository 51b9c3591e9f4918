#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: the default `make`: prepare the mainline-equivalent tree, apply
# the series, build the baseline and the patched kernel, boot both, run the
# test binaries that show the known attacks (scripts/config/demo-attacks)
# and print one table: each attack open or closed on either kernel, what
# closes it, its guide section and its selftest (scripts/demo-table.py).
# Every cell comes from a case that ran in these boots; the run exits
# non-zero when an attack is not shown closed on the patched kernel.

. "$(dirname "$0")/lib.sh"

S=$TOP/scripts
LEG=${LEG:-mainline}
[ -n "${KDIR:-}" ] && LEG=custom

main() {
	"$S/toolchain.sh"
	"$S/trees.sh" "$LEG"
	"$S/kbuild.sh" "$LEG" baseline
	"$S/kbuild.sh" "$LEG" patched
	"$S/selftests.sh" "$LEG"
	"$S/initramfs.sh" "$LEG"
	local k t name status tsv=$RESULTS/demo.tsv tests=$BUILD/demo-tests args=()
	# Only the binaries the table needs (the kselftest runner's -t), each
	# with the timeout of selftests/settings, as in `make test`.
	python3 "$S/demo-table.py" --tests >"$tests"
	while read -r t; do
		args+=(-t "$t")
	done <"$tests"
	printf 'leg\tkernel\tsuite\ttest\tresult\n' >"$tsv"
	stage "demo boots"
	for k in baseline patched; do
		name=demo-$LEG-$k
		VM_CMD="cd /kselftest && ./run_kselftest.sh ${args[*]}" \
			"$S/vm.sh" "$LEG" "$k" "$name" || true
		python3 "$S/tap2tsv.py" "$LEG" "$k" "$LOGDIR/vm-$name.out" "$tests" \
			"$TOP/scripts/config/baseline-bugs" >>"$tsv"
		status=$(cat "$BUILD/vm/$name/status" 2>/dev/null || echo "error no status")
		case $status in
		rc\ *) ;;
		*) printf '%s\t%s\tvm\tboot (%s)\tfail\n' "$LEG" "$k" "${status#error }" >>"$tsv" ;;
		esac
	done
	stage_done
	echo
	python3 "$S/demo-table.py" --leg "$LEG" --out "$RESULTS/demo-table.tsv" "$tsv" ||
		die "demo: see above; test output in $LOGDIR/vm-demo-$LEG-{baseline,patched}.out, kernel log in .console"
}

main "$@"

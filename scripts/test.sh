#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# test.sh: everything `make test` runs.  For each leg (mainline and distro,
# or the user's KDIR tree): prepare both trees, build the baseline and the
# patched kernel, build the selftests, boot each kernel under QEMU and run
# the tests of scripts/config/tests, then the static checks.  Writes
# build/results/summary.tsv, prints the baseline-vs-patched table and ends
# with "N passed, N failed, N skipped"; exits non-zero on any failure.
# A stage that cannot complete (a patch that does not apply, a build that
# fails) stops the run with one line naming it and its log.

. "$(dirname "$0")/lib.sh"

SUMMARY=$RESULTS/summary.tsv
S=$TOP/scripts

# run_tests LEG KERNEL: boot and append the rows.
run_tests() {
	local leg=$1 kernel=$2 name=test-$1-$2 args=() t status
	while read -r t; do
		args+=(-t "$t")
	done < <(grep -v -E '^[[:space:]]*(#|$)' "$TOP/scripts/config/tests")
	VM_CMD="cd /kselftest && ./run_kselftest.sh ${args[*]}" "$S/vm.sh" "$leg" "$kernel" "$name" || true
	status=$(cat "$BUILD/vm/$name/status" 2>/dev/null || echo "error no status")
	python3 "$S/tap2tsv.py" "$leg" "$kernel" "$LOGDIR/vm-$name.out" "$TOP/scripts/config/tests" >>"$SUMMARY"
	case $status in
	rc\ *) ;;
	*) printf '%s\t%s\tvm\tboot (%s)\tfail\n' "$leg" "$kernel" "${status#error }" >>"$SUMMARY" ;;
	esac
}

main() {
	local start leg
	start=$(date +%s)
	printf 'leg\tkernel\tsuite\ttest\tresult\n' >"$SUMMARY"
	"$S/toolchain.sh"
	for leg in $(legs); do
		"$S/trees.sh" "$leg"
		"$S/kbuild.sh" "$leg" baseline
		"$S/kbuild.sh" "$leg" patched
		"$S/selftests.sh" "$leg"
		"$S/initramfs.sh" "$leg"
		stage "vm tests $leg"
		run_tests "$leg" baseline
		run_tests "$leg" patched
		stage_done
		stage "checks $leg"
		"$S/check.sh" "$leg" >>"$SUMMARY"
		stage_done
	done
	stage "harness self-test"
	LEG=$(legs | awk '{print $1}') "$S/harness-test.sh" >>"$SUMMARY"
	stage_done
	log "make test took $(($(date +%s) - start))s; results in $SUMMARY, logs in $LOGDIR"
	python3 "$S/summary.py" "$SUMMARY" | tee "$RESULTS/summary.txt"
}

main "$@"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# test.sh: everything `make test` runs.  For each leg (mainline and distro,
# or the user's KDIR tree): prepare both trees, build the baseline and the
# patched kernel, build the selftests, boot each kernel under QEMU and run
# the tests of scripts/config/tests, then the static checks.  A third kernel,
# "defaults" (the patched tree with scripts/config/defaults.config), runs
# the tests of scripts/config/tests-defaults: the policy set at build time.
# On the mainline leg, a "debug" kernel (scripts/config/debug.config: KASAN,
# lockdep, UBSAN, DEBUG_LIST, DEBUG_OBJECTS) runs scripts/config/tests-debug;
# any report of those checkers on its console fails the run.  Writes
# build/results/summary.tsv, prints the baseline-vs-patched table and ends
# with "N passed, N failed, N skipped"; exits non-zero on any failure.
# The benchmark of `make bench` only gets a host-side smoke run here.
# A stage that cannot complete (a patch that does not apply, a build that
# fails) stops the run with one line naming it and its log.

. "$(dirname "$0")/lib.sh"

SUMMARY=$RESULTS/summary.tsv
S=$TOP/scripts

# The boot policy (user.restrict.userns_create and restrict.caps of the
# initial user namespace) a kernel built with scripts/config/KERNEL.config
# must have, as userns_boot_test reads it from USERNS_RESTRICT_BOOT.
boot_policy() {
	local f=$TOP/scripts/config/$1.config create=0 caps=0x0
	if [ -f "$f" ]; then
		grep -qx 'CONFIG_USER_NS_RESTRICT_UNPRIVILEGED=y' "$f" && create=1
		caps=$(sed -n 's/^CONFIG_USER_NS_RESTRICT_CAPS=//p' "$f")
		caps=${caps:-0x0}
	fi
	echo "$create $caps"
}

# run_tests LEG KERNEL [TESTS_FILE [RUNNER_ARGS]]: boot and append the rows.
run_tests() {
	local leg=$1 kernel=$2 tests=${3:-$TOP/scripts/config/tests} name=test-$1-$2 t status
	local args=()
	read -r -a args <<<"${4:-}"
	while read -r t; do
		args+=(-t "$t")
	done < <(grep -v -E '^[[:space:]]*(#|$)' "$tests")
	VM_CMD="cd /kselftest && USERNS_RESTRICT_BOOT='$(boot_policy "$kernel")' ./run_kselftest.sh ${args[*]}" \
		"$S/vm.sh" "$leg" "$kernel" "$name" || true
	status=$(cat "$BUILD/vm/$name/status" 2>/dev/null || echo "error no status")
	python3 "$S/tap2tsv.py" "$leg" "$kernel" "$LOGDIR/vm-$name.out" "$tests" \
		"$TOP/scripts/config/baseline-bugs" >>"$SUMMARY"
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
		"$S/kbuild.sh" "$leg" defaults
		"$S/selftests.sh" "$leg"
		"$S/initramfs.sh" "$leg"
		stage "vm tests $leg"
		run_tests "$leg" baseline
		run_tests "$leg" patched
		python3 "$S/regression.py" "$SUMMARY" "$leg" >>"$SUMMARY" 2>"$LOGDIR/regression-$leg.log"
		log "$(tail -n1 "$LOGDIR/regression-$leg.log")"
		run_tests "$leg" defaults "$TOP/scripts/config/tests-defaults"
		stage_done
		if [ "$leg" = mainline ]; then
			"$S/kbuild.sh" "$leg" debug
			stage "vm tests $leg debug"
			# KASAN and lockdep slow every test down several times.
			run_tests "$leg" debug "$TOP/scripts/config/tests-debug" "-o 900"
			stage_done
		fi
		stage "checks $leg"
		"$S/check.sh" "$leg" >>"$SUMMARY"
		stage_done
	done
	stage "coccinelle"
	"$S/cocci-test.sh" >>"$SUMMARY" ||
		printf -- '-\t-\tcoccinelle\tcocci-test\tfail\n' >>"$SUMMARY"
	"$S/surface-test.sh" >>"$SUMMARY" ||
		printf -- '-\t-\tcoccinelle\tsurface-test\tfail\n' >>"$SUMMARY"
	# The triage (coccinelle/triage.tsv) describes the mainline tree.
	if [ -z "${KDIR:-}" ] && [[ " $(legs) " == *" mainline "* ]]; then
		"$S/audit.sh" >>"$SUMMARY" ||
			printf -- '-\t-\tcoccinelle\taudit\tfail\n' >>"$SUMMARY"
		# The attack-surface map of the mainline tree (build/results/surface.md).
		if OLD= "$S/surface.sh" 2>"$LOGDIR/coccinelle/surface-run.log"; then
			printf -- '-\t-\tcoccinelle\tsurface\tpass\n' >>"$SUMMARY"
		else
			printf -- '-\t-\tcoccinelle\tsurface\tfail\n' >>"$SUMMARY"
			log "surface: $(tail -n1 "$LOGDIR/coccinelle/surface-run.log")"
		fi
	fi
	stage_done
	stage "send-dryrun"
	if "$S/send-dryrun.sh" "$(legs | awk '{print $1}')" >>"$LOGDIR/test-send-dryrun.log" 2>&1; then
		printf '%s\t-\tcheck\tsend-dryrun\tpass\n' "$(legs | awk '{print $1}')" >>"$SUMMARY"
	else
		printf '%s\t-\tcheck\tsend-dryrun\tfail\n' "$(legs | awk '{print $1}')" >>"$SUMMARY"
		log "send-dryrun failed: $(tail -n1 "$LOGDIR/test-send-dryrun.log") (log: $LOGDIR/test-send-dryrun.log)"
	fi
	stage_done
	stage "harness self-test"
	LEG=$(legs | awk '{print $1}') "$S/harness-test.sh" >>"$SUMMARY"
	stage_done
	# make bench's program, run on the host for a second: it builds and
	# prints well-formed rows (the timings themselves are make bench's).
	"$S/bench.sh" smoke >>"$SUMMARY" ||
		printf -- '-\t-\tbench\thost-smoke\tfail\n' >>"$SUMMARY"
	log "make test took $(($(date +%s) - start))s; results in $SUMMARY, logs in $LOGDIR"
	python3 "$S/summary.py" "$SUMMARY" | tee "$RESULTS/summary.txt"
}

main "$@"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh [LEG]: `make bench`.  Build the leg's baseline and patched
# kernels and initramfs (as `make test` does), build the benchmark
# (scripts/bench/userns_bench.c, static) and boot the two kernels in turn,
# baseline then patched, BENCH_PAIRS times (default 3) with the same QEMU
# settings.  Each boot runs the benchmark with the policy off (the default),
# then with a restrictive policy that still allows what it measures (on the
# baseline kernel, which has no policy, the same second run is the
# baseline of the "on" rows).  Writes build/results/bench.tsv (metric,
# unit, baseline, patched, ratio: medians over every round of every boot)
# and build/results/bench-rounds.tsv (every round), and prints the table.
#   BENCH_MODE=icount (default): QEMU's -icount mode, where the guest clock
#       advances one nanosecond per emulated instruction (idle time skipped
#       to the next timer): the times, in "vns" (virtual ns), count the
#       instructions a path executes and do not depend on the host's load.
#   BENCH_MODE=wall: the VM tests' QEMU settings (multi-threaded TCG), times
#       in host nanoseconds: as noisy as the host is busy.
#   BENCH_PAIRS=3 BENCH_ROUNDS BENCH_SCALE  boots, rounds (default 5 with
#       icount, 7 wall), iterations (x 0.3 with icount, x 1 wall)
#   BENCH_PREBUILT=1  use the kernels and initramfs already under $BUILD
# Not part of `make test`: emulated timings are not a pass/fail test.
#
# bench.sh smoke: what `make test` runs instead: build the benchmark and run
# it on the host with one round of a few iterations (policy off, nothing
# written to the host's sysctls), check that it prints a well-formed row
# for every metric, and print a summary row (suite "bench").

. "$(dirname "$0")/lib.sh"

S=$TOP/scripts
LEG=${1:-${LEG:-mainline}}
[ -n "${KDIR:-}" ] && [ "$LEG" != smoke ] && LEG=custom
[ "$LEG" = smoke ] || valid_leg "$LEG"
MODE=${BENCH_MODE:-icount}
PAIRS=${BENCH_PAIRS:-3}
case $MODE in
icount) ROUNDS=${BENCH_ROUNDS:-5} SCALE=${BENCH_SCALE:-0.3} ACCEL=icount UNIT=vns/op ;;
wall) ROUNDS=${BENCH_ROUNDS:-7} SCALE=${BENCH_SCALE:-1} ACCEL=tcg UNIT=ns/op ;;
*) die "bench: BENCH_MODE must be icount or wall, not '$MODE'" ;;
esac
SRC=$S/bench/userns_bench.c
BIN=$BUILD/bench/userns_bench
LOGF=$LOGDIR/bench.log
[ "$LEG" = smoke ] && LOGF=$LOGDIR/bench-smoke.log
: >"$LOGF"

build_bench() {
	stage "bench build"
	mkdir -p "$(dirname "$BIN")"
	run "$LOGF" gcc -static -O2 -Wall -Wextra -Wno-unused-parameter -Werror \
		-o "$BIN.tmp" "$SRC"
	mv "$BIN.tmp" "$BIN"
	stage_done
}

# boot KERNEL PAIR: one boot, the policy off then on.
boot() {
	local kernel=$1 pair=$2 name=bench-$LEG-$1-$2 t0 status
	local args="-r $ROUNDS -s $SCALE"
	t0=$(date +%s)
	VM_CMD="./userns_bench $args -p off && ./userns_bench $args -p on" VM_ADD=$BIN \
		VM_ACCEL=$ACCEL "$S/vm.sh" "$LEG" "$kernel" "$name" 2>>"$LOGF" || {
		status=$(cat "$BUILD/vm/$name/status" 2>/dev/null || echo "error no status")
		case $status in
		rc\ *) fail_with_log "$LOGDIR/vm-$name.out" "benchmark failed on the $kernel kernel (boot $pair, ${status#rc })" ;;
		*) die "$STAGE: $kernel kernel, boot $pair: ${status#error }" ;;
		esac
	}
	BOOTS+=("$kernel:$pair:$LOGDIR/vm-$name.out")
	TIMES+=("$(($(date +%s) - t0))")
	log "$kernel kernel, boot $pair of $PAIRS: ${TIMES[-1]}s"
}

smoke() {
	local out=$LOGDIR/bench-smoke.out
	build_bench
	stage "bench smoke"
	timeout 120 "$BIN" -r 1 -s 0.01 -p off >"$out" 2>&1 ||
		fail_with_log "$out" "userns_bench failed on the host"
	python3 "$S/bench.py" --check "$out" >>"$LOGF" 2>&1 ||
		fail_with_log "$LOGF" "userns_bench printed malformed rows (output: $out)"
	printf -- '-\t-\tbench\thost-smoke\tpass\n'
	stage_done
}

main() {
	local start i tsc
	if [ "$LEG" = smoke ]; then
		smoke
		return
	fi
	start=$(date +%s)
	[[ $PAIRS =~ ^[1-9][0-9]*$ ]] || die "bench: BENCH_PAIRS must be a positive integer, not '$PAIRS'"
	if [ "${BENCH_PREBUILT:-0}" != 1 ]; then
		"$S/trees.sh" "$LEG"
		"$S/kbuild.sh" "$LEG" baseline
		"$S/kbuild.sh" "$LEG" patched
		"$S/selftests.sh" "$LEG"
		"$S/initramfs.sh" "$LEG"
	fi
	build_bench
	# Under TCG the guest's TSC is the host's: the host says how fast it
	# runs.  With -icount it counts the guest's virtual nanoseconds.
	if [ "$MODE" = icount ]; then
		tsc=1000
	else
		tsc=$("$BIN" -c | awk '$1 == "BENCH-TSC" { print $2 }')
		[ -n "$tsc" ] || die "bench: $BIN -c did not report the TSC rate"
	fi
	stage "bench boots $LEG ($MODE, $PAIRS pairs)"
	BOOTS=()
	TIMES=()
	for ((i = 1; i <= PAIRS; i++)); do
		boot baseline "$i"
		boot patched "$i"
	done
	stage_done "a boot to results took $(printf '%s\n' "${TIMES[@]}" | sort -n | sed -n '1p;$p' | paste -sd- -)s"
	python3 "$S/bench.py" --tsc "$tsc" --unit "$UNIT" --mode "$MODE" --tsv "$RESULTS/bench.tsv" \
		--rounds "$RESULTS/bench-rounds.tsv" "${BOOTS[@]}" | tee "$RESULTS/bench.txt" ||
		die "bench: bench.py failed on the boots' output (logs: $LOGDIR/vm-bench-$LEG-*.out)"
	log "make bench took $(($(date +%s) - start))s; results in $RESULTS/bench.tsv"
}

main "$@"

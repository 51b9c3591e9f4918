#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cocci-test.sh [SCRIPT...]: run the tests of coccinelle/*.cocci, as
# Coccinelle's own tests/ do.  For every coccinelle/tests/SCRIPT/CASE.c:
#   CASE.expected  what `spatch -D report` prints (required, never empty:
#                  every case holds positives, or the test could not fail)
#   CASE.res       the file as `spatch -D patch` leaves it (optional)
# Prints one summary row per case (leg and kernel "-"):
#   -	-	coccinelle	SCRIPT/CASE	pass|fail
# On a difference the diff goes to stderr with one line naming the case and
# its log (build/logs/coccinelle/).  Exits non-zero if a case failed or if
# spatch is not the 1.3 with Python support it needs.

. "$(dirname "$0")/lib.sh"

SPATCH=${SPATCH:-$BUILD/bin/spatch}
COCCI_DIR=$TOP/coccinelle
LOGD=$LOGDIR/coccinelle
mkdir -p "$LOGD"

row() { printf '%s\t%s\tcoccinelle\t%s\t%s\n' - - "$1" "$2"; }

# spatch must be 1.3 with Python: bookworm's 1.1.1 and a spatch without
# Python print nothing for these scripts, which would pass nothing silently.
check_spatch() {
	local ver
	[ -x "$SPATCH" ] || die "cocci-test: no spatch at $SPATCH (run 'make toolchain')"
	ver=$("$SPATCH" --version 2>&1) || die "cocci-test: '$SPATCH --version' failed: $ver"
	case $(head -n1 <<<"$ver") in
	"spatch version 1.3"*) ;;
	*) die "cocci-test: need spatch 1.3, $SPATCH is: $(head -n1 <<<"$ver")" ;;
	esac
	grep -q 'Python scripting support: yes' <<<"$ver" ||
		die "cocci-test: $SPATCH has no Python scripting support"
}

# The script's "// Options:" line, as coccicheck passes it.
options_of() {
	sed -n 's|^// Options:||p' "$1" | head -n1
}

# spatch_run LOG MODE SCRIPT CASE [ARGS...]: run in the case's directory so
# that reports name the file as CASE.c; stdout is the result.  Fails on a
# non-zero exit or on anything but warnings on stderr (a Python exception in
# a script rule does not change spatch's exit status).
spatch_run() {
	local logf=$1 mode=$2 script=$3 c=$4 err rc=0
	shift 4
	err=$(mktemp)
	# shellcheck disable=SC2046
	(cd "$COCCI_DIR/tests/$script" && nice "$SPATCH" -D "$mode" --very-quiet \
		$(options_of "$COCCI_DIR/$script.cocci") \
		--sp-file "$COCCI_DIR/$script.cocci" "$@" "$c.c") 2>"$err" || rc=$?
	{
		printf '+ spatch -D %s %s %s.c (rc %s)\n' "$mode" "$script.cocci" "$c" "$rc"
		sed 's/^/stderr: /' "$err"
	} >>"$logf"
	if [ "$rc" != 0 ] || grep -v -q -E '^(warning: |$)' "$err"; then
		rm -f "$err"
		return 1
	fi
	rm -f "$err"
}

# Report lines in line order: the order rules print in is not the file's.
by_line() { LC_ALL=C sort -t: -k2,2n -k3,3; }

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

# run_case SCRIPT CASE: one summary row.
run_case() {
	local script=$1 c=$2 name=$1/$2 dir=$COCCI_DIR/tests/$1 logf out ok=1
	logf=$LOGD/$script-$c.log
	out=$LOGD/$script-$c.report
	: >"$logf"
	if [ ! -s "$dir/$c.expected" ]; then
		echo "$dir/$c.expected is missing or empty: a case without positives cannot fail" >>"$logf"
		ok=0
	elif ! spatch_run "$logf" report "$script" "$c" | by_line >"$out"; then
		ok=0	# pipefail: spatch_run's status
	elif ! compare "$logf" "$name (report)" "$dir/$c.expected" "$out"; then
		ok=0
	fi
	if [ "$ok" = 1 ] && [ -f "$dir/$c.res" ]; then
		rm -f "$LOGD/$script-$c.res"
		if ! spatch_run "$logf" patch "$script" "$c" -o "$LOGD/$script-$c.res" >/dev/null; then
			ok=0
		else
			# spatch writes no -o file when nothing changes
			[ -f "$LOGD/$script-$c.res" ] || cp "$dir/$c.c" "$LOGD/$script-$c.res"
			compare "$logf" "$name (patch)" "$dir/$c.res" "$LOGD/$script-$c.res" || ok=0
		fi
	fi
	if [ "$ok" = 1 ]; then
		row "$name" pass
	else
		row "$name" fail
		printf 'error: cocci-test: %s failed (log: %s)\n' "$name" "$logf" >&2
	fi
	[ "$ok" = 1 ]
}

main() {
	local scripts=("$@") s c failed=0 n=0
	check_spatch
	if [ ${#scripts[@]} = 0 ]; then
		for s in "$COCCI_DIR"/*.cocci; do
			scripts+=("$(basename "$s" .cocci)")
		done
	fi
	for s in "${scripts[@]}"; do
		[ -f "$COCCI_DIR/$s.cocci" ] || die "cocci-test: no script $COCCI_DIR/$s.cocci"
		[ -d "$COCCI_DIR/tests/$s" ] || die "cocci-test: $s.cocci has no tests in $COCCI_DIR/tests/$s"
		for c in "$COCCI_DIR/tests/$s"/*.c; do
			[ -f "$c" ] || die "cocci-test: no test cases in $COCCI_DIR/tests/$s"
			n=$((n + 1))
			run_case "$s" "$(basename "$c" .c)" || failed=$((failed + 1))
		done
	done
	log "cocci-test: $n cases, $failed failed (logs: $LOGD)"
	[ "$failed" = 0 ]
}

main "$@"

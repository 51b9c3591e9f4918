#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# harness-test.sh: the pipeline's own bad-input behaviour, as summary rows
# (suite "harness", kernel "-").  Each case runs a script the way a user
# would get it wrong and checks: non-zero exit, one "error:" line naming
# the problem, and nothing half-done left behind that a next run would
# trust.  Uses a scratch build directory and tiny fake kernel trees, so it
# costs seconds and never touches build/trees.

. "$(dirname "$0")/lib.sh"

S=$TOP/scripts
VLEG=${LEG:-mainline}
T=$BUILD/harness-test
LOGF=$LOGDIR/harness-test.log
: >"$LOGF"
rm -rf "$T"
mkdir -p "$T"

row() { printf -- '-\t-\tharness\t%s\t%s\n' "$1" "$2"; }

# expect_error NAME REGEX CMD...: CMD must fail with exactly one "error:"
# line on stderr, matching REGEX.
expect_error() {
	local name=$1 re=$2 rc=0 err
	shift 2
	err=$("$@" 2>&1 >/dev/null) || rc=$?
	printf '== %s (rc %s)\n%s\n' "$name" "$rc" "$err" >>"$LOGF"
	if [ "$rc" -ne 0 ] && [ "$(grep -c '^error: ' <<<"$err")" -eq 1 ] &&
		grep '^error: ' <<<"$err" | grep -q -E "$re"; then
		return 0
	fi
	log "harness: $name: expected one 'error:' line matching '$re', got rc $rc (log: $LOGF)"
	return 1
}

check() {
	local name=$1
	shift
	if "$@"; then row "$name" pass; else row "$name" fail; fi
}

# A git tree that looks enough like a kernel for trees.sh.
fake_kernel() {
	local d=$1
	mkdir -p "$d/kernel"
	printf 'VERSION = 7\nPATCHLEVEL = 3\n' >"$d/Makefile"
	printf 'int a;\nint b;\nint c;\n' >"$d/kernel/fork.c"
	git -C "$d" init -q
	git -C "$d" add -A
	git -C "$d" -c user.name=t -c user.email=t@t commit -q -m base
}

# A series of two patches: the first applies, the second does not.
fake_series() {
	local d=$1
	mkdir -p "$d/patches"
	cat >"$d/patches/0001-good.patch" <<-'P'
	From: T <t@t>
	Subject: [PATCH 1/2] kernel: change a

	Signed-off-by: T <t@t>
	---
	diff --git a/kernel/fork.c b/kernel/fork.c
	--- a/kernel/fork.c
	+++ b/kernel/fork.c
	@@ -1,3 +1,3 @@
	-int a;
	+int a2;
	 int b;
	 int c;
	P
	cat >"$d/patches/0002-bad.patch" <<-'P'
	From: T <t@t>
	Subject: [PATCH 2/2] kernel: change x

	Signed-off-by: T <t@t>
	---
	diff --git a/kernel/fork.c b/kernel/fork.c
	--- a/kernel/fork.c
	+++ b/kernel/fork.c
	@@ -1,3 +1,3 @@
	 int a2;
	-int x;
	+int y;
	 int c;
	P
	printf '0001-good.patch\n0002-bad.patch\n' >"$d/series.conf"
}

case_unknown_leg() {
	expect_error unknown-leg "unknown LEG 'sideways'" "$S/trees.sh" sideways &&
		expect_error unknown-kernel "unknown KERNEL 'newest'" "$S/kbuild.sh" mainline newest
}

case_kdir_not_kernel() {
	mkdir -p "$T/notakernel"
	expect_error kdir-not-kernel "is not a kernel source tree" \
		env KDIR="$T/notakernel" BUILD="$T/b1" "$S/trees.sh" custom &&
		expect_error kdir-missing "does not exist" \
			env KDIR="$T/nowhere" BUILD="$T/b1" "$S/trees.sh" custom
}

case_patch_does_not_apply() {
	fake_kernel "$T/k"
	fake_series "$T/s"
	local before
	before=$(git -C "$T/k" rev-parse HEAD; git -C "$T/k" for-each-ref)
	expect_error patch-does-not-apply "0002-bad.patch does not apply to the custom tree" \
		env KDIR="$T/k" BUILD="$T/b2" SERIES_DIR="$T/s" "$S/trees.sh" custom || return 1
	local p=$T/b2/trees/custom-patched
	# Nothing half-applied: the patched tree is back at its base, no am in
	# progress, no stamp a next run would trust; the user's tree unchanged.
	[ "$(git -C "$p" rev-parse HEAD)" = "$(git -C "$T/k" rev-parse HEAD)" ] &&
		[ ! -d "$p/.git/rebase-apply" ] && [ ! -f "$p/.git/userns-hardening-series" ] &&
		[ -z "$(git -C "$p" status --porcelain)" ] &&
		[ "$(git -C "$T/k" rev-parse HEAD; git -C "$T/k" for-each-ref)" = "$before" ] &&
		[ -z "$(git -C "$T/k" status --porcelain)" ]
}

case_patch_applies() {
	sed -i '/0002-bad.patch/d' "$T/s/series.conf"
	env KDIR="$T/k" BUILD="$T/b2" SERIES_DIR="$T/s" "$S/trees.sh" custom >>"$LOGF" 2>&1 &&
		grep -q '^int a2;$' "$T/b2/trees/custom-patched/kernel/fork.c" &&
		grep -q '^int a;$' "$T/b2/trees/custom-baseline/kernel/fork.c" &&
		grep -q '^int a;$' "$T/k/kernel/fork.c"
}

case_sha256_mismatch() {
	# A download that does not match the pin is refused and not kept.
	expect_error sha256-mismatch "sha256 .* does not match the pinned" \
		env USERNS_HARDENING_CACHE="$T/cache" BASE_SHA256=0000 BUILD="$T/b3" "$S/base-tree.sh" &&
		[ -z "$(find "$T/cache/dl" -name '*.deb')" ]
}

case_no_space() {
	mkdir -p "$T/tiny"
	mount -t tmpfs -o size=8M tmpfs "$T/tiny" || return 1
	local ok=0
	expect_error no-disk-space "GiB free under" \
		env KDIR="$T/k" BUILD="$T/tiny/b" "$S/trees.sh" custom || ok=1
	umount "$T/tiny"
	return $ok
}

case_qemu_missing() {
	expect_error qemu-missing "qemu-system-x86_64 not found" \
		env QEMU=/nonexistent/qemu-system-x86_64 VM_CMD=true "$S/vm.sh" "$VLEG" patched harness-noqemu
}

case_guest_hang() {
	expect_error guest-hang "guest timed out after 20s" \
		env VM_TIMEOUT=20 VM_CMD='sleep 600' "$S/vm.sh" "$VLEG" patched harness-hang
}

case_guest_panic() {
	expect_error guest-panic "(never reported|kernel reported)" \
		env VM_TIMEOUT=60 VM_CMD='echo c > /proc/sysrq-trigger; sleep 600' \
		"$S/vm.sh" "$VLEG" patched harness-panic
}

case_guest_exit_code() {
	local rc=0
	VM_CMD='exit 7' "$S/vm.sh" "$VLEG" patched harness-rc >>"$LOGF" 2>&1 || rc=$?
	[ "$rc" = 7 ]
}

# A bug-replaying case (scripts/config/baseline-bugs format) must fail on
# the baseline with its marker text ("xfail"); passing there, or failing
# without the marker, fails the run.
case_baseline_bug_mapping() {
	local tap=$T/bug.tap bugs=$T/bugs out
	mkdir -p "$T"
	printf 's:t/global.shows_bug\tfix\tBUG SEEN\ns:t/global.lost_bug\tfix\tBUG SEEN\ns:t/global.setup_fails\tfix\tBUG SEEN\n' >"$bugs"
	cat >"$tap" <<-'TAP'
		# selftests: s: t
		# # t.c:10:shows_bug:BUG SEEN
		# not ok 1 global.shows_bug
		# ok 2 global.lost_bug
		# ok 3 global.other
		# # t.c:30:setup_fails:cannot open the file
		# not ok 4 global.setup_fails
		not ok 1 selftests: s: t # exit=1
	TAP
	out=$(python3 "$S/tap2tsv.py" L baseline "$tap" /dev/null "$bugs")
	grep -q $'t/global.shows_bug\txfail$' <<<"$out" &&
		grep -q $'t/global.lost_bug (bug not reproduced on the baseline)\tfail$' <<<"$out" &&
		grep -q $'t/global.setup_fails (failed, but not on the bug it replays)\tfail$' <<<"$out" &&
		grep -q $'t/global.other\tpass$' <<<"$out" &&
		[ "$(grep -c . <<<"$out")" = 4 ] &&
		out=$(python3 "$S/tap2tsv.py" L patched "$tap" /dev/null "$bugs") &&
		grep -q $'t/global.shows_bug\tfail$' <<<"$out" &&
		grep -q $'t/global.lost_bug\tpass$' <<<"$out"
}

# The demo table (scripts/demo-table.py) from synthetic rows: a baseline
# pass and a baseline xfail show "open", a pass of a "closed" case shows
# "closed", no baseline case shows "no test", a patched pass "closed"; a
# patched failure or a case that did not report fails the table, naming
# the attack.
case_demo_table() {
	local d=$T/demo out rc
	mkdir -p "$d"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		'# attack' baseline 'pass shows' patched 'closed by' guide selftest \
		'attack one' s:b/open.case open s:p/closed.one 'knob=1' label_a p.c \
		'attack two' s:d/bug.case open s:d/bug.case 'patch 0001' - d.c \
		'attack three' s:d/upstream.case closed s:d/upstream.case upstream - d.c \
		'attack four' - open s:p/closed.four 'knob=2' label_b p.c >"$d/attacks"
	demo_rows() {
		printf 'leg\tkernel\tsuite\ttest\tresult\n'
		printf 'L\tbaseline\ts\t%s\t%s\n' b/open.case pass d/bug.case xfail \
			d/upstream.case pass p/closed.one skip p/closed.four skip
		printf 'L\tpatched\ts\t%s\t%s\n' b/open.case pass d/bug.case pass \
			d/upstream.case pass p/closed.one "$1" p/closed.four pass
	}
	demo_rows pass >"$d/ok.tsv"
	python3 "$S/demo-table.py" --attacks "$d/attacks" --out "$d/ok.out" "$d/ok.tsv" \
		>"$d/ok.txt" 2>&1 || return 1
	grep -q $'^attack one\topen\tclosed\tknob=1\tlabel_a\tp.c\ts:b/open.case\tpass\ts:p/closed.one\tpass$' "$d/ok.out" &&
		grep -q $'^attack two\topen\tclosed\tpatch 0001\t' "$d/ok.out" &&
		grep -q $'^attack three\tclosed\tclosed\t' "$d/ok.out" &&
		grep -q $'^attack four\tno test\tclosed\t' "$d/ok.out" &&
		grep -q -E '^attack one +open +closed +knob=1 +label_a +p\.c$' "$d/ok.txt" &&
		grep -q '^4 of 4 attacks closed on the patched kernel$' "$d/ok.txt" || return 1
	# A patched failure: exit 1, the attack named.
	demo_rows fail >"$d/fail.tsv"
	rc=0
	out=$(python3 "$S/demo-table.py" --attacks "$d/attacks" --out "$d/fail.out" "$d/fail.tsv") || rc=$?
	printf '== demo-table patched fail (rc %s)\n%s\n' "$rc" "$out" >>"$LOGF"
	[ "$rc" = 1 ] && grep -q '^  NOT CLOSED: attack one$' <<<"$out" &&
		grep -q $'^attack one\topen\tfail\t' "$d/fail.out" &&
		[ "$(grep -c 'NOT CLOSED' <<<"$out")" = 1 ] || return 1
	# A case that did not report: "not run", exit 1.
	demo_rows pass | grep -v -F 'd/bug.case' >"$d/missing.tsv"
	rc=0
	out=$(python3 "$S/demo-table.py" --attacks "$d/attacks" --out "$d/missing.out" "$d/missing.tsv") || rc=$?
	printf '== demo-table missing case (rc %s)\n%s\n' "$rc" "$out" >>"$LOGF"
	[ "$rc" = 1 ] && grep -q '^  NOT CLOSED: attack two$' <<<"$out" &&
		grep -q $'^attack two\tnot run\tnot run\t' "$d/missing.out" &&
		grep -q -E '^attack two +not run +not run ' <<<"$out"
}

# Every case scripts/config/demo-attacks names exists in selftests/, every
# guide label in the series, every "patch NNNN" in patches/.
case_demo_attacks_refs() {
	python3 "$S/demo-table.py" --lint >>"$LOGF" 2>&1
}

# The Makefile's defaults reach the scripts: a target given no LEG= or
# KERNEL= works on the mainline leg's patched kernel, as make help says.
case_make_defaults() {
	local out
	out=$(env -u LEG -u KERNEL -u KDIR make -s -n -C "$TOP" build send-dryrun 2>&1)
	printf '== make -n build send-dryrun\n%s\n' "$out" >>"$LOGF"
	grep -q -x "scripts/kbuild.sh mainline patched" <<<"$out" &&
		grep -q -x "scripts/send-dryrun.sh mainline" <<<"$out" &&
		! grep -q -E '\.sh *$' <<<"$out"
}

main() {
	stage harness-test
	export SERIES_DIR=${SERIES_DIR:-$TOP}
	check unknown-leg-or-kernel case_unknown_leg
	check kdir-not-a-kernel-tree case_kdir_not_kernel
	check patch-does-not-apply case_patch_does_not_apply
	check patch-applies-user-tree-untouched case_patch_applies
	check sha256-mismatch case_sha256_mismatch
	check no-disk-space case_no_space
	check qemu-missing case_qemu_missing
	check guest-exit-code case_guest_exit_code
	check guest-hang case_guest_hang
	check guest-panic case_guest_panic
	check baseline-bug-mapping case_baseline_bug_mapping
	check demo-table case_demo_table
	check demo-attacks-references case_demo_attacks_refs
	check make-defaults case_make_defaults
	rm -rf "$T"
	stage_done
}

main "$@"

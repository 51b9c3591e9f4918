#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: the default `make`: prepare the mainline-equivalent tree, apply
# the series, build the baseline and the patched kernel, boot both and
# print what an unprivileged user can do from a user namespace on each
# (the project's own selftests, scripts/config/tests' first collection).

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
	local k tsv=$RESULTS/demo.tsv
	printf 'leg\tkernel\tsuite\ttest\tresult\n' >"$tsv"
	stage "demo boots"
	for k in baseline patched; do
		VM_CMD="cd /kselftest && ./run_kselftest.sh -c userns_restrict" \
			"$S/vm.sh" "$LEG" "$k" "demo-$LEG-$k" || true
		python3 "$S/tap2tsv.py" "$LEG" "$k" "$LOGDIR/vm-demo-$LEG-$k.out" /dev/null \
			"$TOP/scripts/config/baseline-bugs" >>"$tsv"
	done
	stage_done
	echo
	echo "What an unprivileged user gets from user namespaces ($LEG leg, default policy):"
	python3 "$S/summary.py" "$tsv"
}

main "$@"

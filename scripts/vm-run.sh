#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-run.sh CMD [ADD]: `make vm-run`.  Build what the chosen kernel needs,
# boot it, copy the ADD files into the guest's working directory, run CMD
# there as root and exit with its status (like virtme-ng's `vng -- cmd`).

. "$(dirname "$0")/lib.sh"

CMD=$1
ADD=${2:-}
LEG=${LEG:-mainline}
KERNEL=${KERNEL:-patched}
[ -n "${KDIR:-}" ] && LEG=custom
valid_leg "$LEG"
valid_kernel "$KERNEL"
S=$TOP/scripts

add=""
for f in $ADD; do
	[ -e "$f" ] || die "vm-run: ADD file $f does not exist"
	add="$add $(realpath "$f")"
done
"$S/trees.sh" "$LEG" >&2
"$S/kbuild.sh" "$LEG" "$KERNEL" >&2
[ "$KERNEL" = patched ] || "$S/kbuild.sh" "$LEG" patched >&2
"$S/selftests.sh" "$LEG" >&2
"$S/initramfs.sh" "$LEG" >&2
VM_SHOW=1 VM_CMD=$CMD VM_ADD=$add exec "$S/vm.sh" "$LEG" "$KERNEL" "run-$LEG-$KERNEL"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh LEG KERNEL NAME: boot build/kbuild/LEG-KERNEL with the leg's
# initramfs under QEMU and run a command as root in the guest.
#   VM_CMD      shell command run in the guest (in /vmtest, ADD files there)
#   VM_ADD      host files copied into the guest's /vmtest
#   VM_TIMEOUT  seconds before the guest counts as hung (default 900)
#   VM_SHOW=1   print the command's output
#   VM_ACCEL    tcg (default), kvm (guests hang under nested KVM here) or
#               icount (TCG, one vCPU thread, the guest's clock advancing one
#               nanosecond per emulated instruction: deterministic timings,
#               used by scripts/bench.sh)
#   QEMU        the QEMU binary (default qemu-system-x86_64)
# Logs: build/logs/vm-NAME.console (kernel console, ttyS0) and
# build/logs/vm-NAME.out (the command's output, ttyS1).  The exit status is
# the guest command's, preset to failure: a guest that panics, hangs or
# never reports counts as failed, and so does a kernel WARNING/BUG/Oops/
# KASAN/UBSAN/lockdep report in the console log.

. "$(dirname "$0")/lib.sh"

LEG=${1:?usage: vm.sh LEG KERNEL NAME}
KERNEL=${2:?usage: vm.sh LEG KERNEL NAME}
NAME=${3:?usage: vm.sh LEG KERNEL NAME}
valid_leg "$LEG"
valid_kernel "$KERNEL"
STAGE="vm $NAME"
IMAGE=$BUILD/kbuild/$LEG-$KERNEL/arch/x86/boot/bzImage
INITRD=$BUILD/initramfs/$LEG.cpio
CONSOLE=$LOGDIR/vm-$NAME.console
OUTPUT=$LOGDIR/vm-$NAME.out
TIMEOUT=${VM_TIMEOUT:-900}
ACCEL=${VM_ACCEL:-tcg}
QEMU=${QEMU:-qemu-system-x86_64}
RUNDIR=$BUILD/vm/$NAME

# The kernel console patterns that fail a run even when the tests pass.
KERNEL_ERRORS='(WARNING:|BUG:|Oops|Kernel panic|general protection fault|KASAN:|UBSAN:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|list_add corruption|list_del corruption|ODEBUG:|kernel BUG at|Call Trace:)'

# A boot that did not report counts as failed: the status file says why.
vm_fail() {
	echo "error $*" >"$RUNDIR/status"
	die "$STAGE: $*"
}

extra_cpio() {
	rm -rf "$RUNDIR"
	mkdir -p "$RUNDIR/root/vmtest"
	printf '%s\n' "${VM_CMD:?VM_CMD is empty}" >"$RUNDIR/root/vmtest/cmd"
	local f
	for f in ${VM_ADD:-}; do
		[ -e "$f" ] || die "$STAGE: ADD file $f does not exist"
		cp -a "$f" "$RUNDIR/root/vmtest/"
	done
	(cd "$RUNDIR/root" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) >"$RUNDIR/extra.cpio"
	cat "$INITRD" "$RUNDIR/extra.cpio" >"$RUNDIR/initrd.cpio"
}

main() {
	[ -f "$IMAGE" ] || die "$STAGE: no kernel $IMAGE (run: make build LEG=$LEG)"
	[ -f "$INITRD" ] || die "$STAGE: no initramfs $INITRD (run: make initramfs LEG=$LEG)"
	command -v "$QEMU" >/dev/null || die "$STAGE: $QEMU not found (apt-get install qemu-system-x86)"
	extra_cpio
	echo "error guest did not finish" >"$RUNDIR/status"
	local accel=(-accel tcg,thread=multi -cpu max)
	[ "$ACCEL" = kvm ] && accel=(-accel kvm -cpu host)
	[ "$ACCEL" = icount ] && accel=(-accel tcg -icount shift=0,sleep=off -cpu max)
	: >"$CONSOLE"
	: >"$OUTPUT"
	local start rc=0
	start=$(date +%s)
	timeout -k 10 "$TIMEOUT" "$QEMU" "${accel[@]}" -smp 2 -m 2G \
		-machine pc -no-reboot -nodefaults -display none -monitor none \
		-serial "file:$CONSOLE" -serial "file:$OUTPUT" \
		-kernel "$IMAGE" -initrd "$RUNDIR/initrd.cpio" \
		-append "console=ttyS0 panic=-1 loglevel=7 rdinit=/init" \
		</dev/null >"$RUNDIR/qemu.log" 2>&1 || rc=$?
	local took=$(($(date +%s) - start))
	[ "${VM_SHOW:-0}" = 1 ] && sed -n '/^VMTEST-BEGIN/,/^VMTEST-RC=/{/^VMTEST-/d;p}' "$OUTPUT" | tr -d '\r'
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		vm_fail "guest timed out after ${TIMEOUT}s (console: $CONSOLE)"
	fi
	[ "$rc" = 0 ] || vm_fail "qemu failed with status $rc (log: $RUNDIR/qemu.log)"
	local grc
	grc=$(tr -d '\r' <"$OUTPUT" | sed -n 's/^VMTEST-RC=\([0-9]*\)$/\1/p' | tail -n1)
	[ -n "$grc" ] || vm_fail "guest never reported (panic or crash?) (console: $CONSOLE)"
	local kerr
	kerr=$(grep -a -m1 -E "$KERNEL_ERRORS" "$CONSOLE" || true)
	[ -z "$kerr" ] || vm_fail "kernel reported '$kerr' (console: $CONSOLE)"
	log "$NAME: guest finished in ${took}s with status $grc"
	echo "rc $grc" >"$RUNDIR/status"
	exit "$grc"
}

main "$@"

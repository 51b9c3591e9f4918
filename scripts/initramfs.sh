#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# initramfs.sh LEG: build build/initramfs/LEG.cpio, a newc archive with
# busybox-static, the installed selftests of the leg under /kselftest and
# an /init that mounts the usual file systems and runs /vmtest/cmd (added
# per boot by scripts/vm.sh as a second, concatenated archive).  /init
# writes the command's output to the second serial port (ttyS1), keeping
# it apart from the kernel console on ttyS0, ends it with VMTEST-RC=<rc>
# and reboots (QEMU runs with -no-reboot, so it exits).

. "$(dirname "$0")/lib.sh"

LEG=${1:?usage: initramfs.sh LEG}
valid_leg "$LEG"
KST=$BUILD/kselftest/$LEG/install
OUT=$BUILD/initramfs/$LEG.cpio
STAGING=$BUILD/initramfs/$LEG.root
LOGF=$LOGDIR/initramfs-$LEG.log
: >"$LOGF"

write_init() {
	cat >"$STAGING/init" <<-'INIT'
	#!/bin/sh
	/bin/busybox --install -s
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mkdir -p /dev/pts /dev/shm
	ln -s /proc/self/fd /dev/fd
	ln -s /proc/self/fd/0 /dev/stdin
	ln -s /proc/self/fd/1 /dev/stdout
	ln -s /proc/self/fd/2 /dev/stderr
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	mount -t tmpfs tmpfs /tmp
	mount -t tmpfs tmpfs /run
	mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
	hostname vmtest
	ip link set lo up 2>/dev/null
	exec >/dev/ttyS1 2>&1 </dev/null
	echo "VMTEST-BEGIN $(uname -r)"
	cd /vmtest && sh ./cmd
	rc=$?
	echo "VMTEST-RC=$rc"
	sync
	reboot -f
	INIT
	chmod 755 "$STAGING/init"
}

main() {
	stage "initramfs $LEG"
	[ -f "$KST/run_kselftest.sh" ] || die "$STAGE: no installed selftests in $KST (run scripts/selftests.sh $LEG)"
	rm -rf "$STAGING"
	mkdir -p "$STAGING"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,root,vmtest}
	cp /bin/busybox "$STAGING/bin/busybox"
	ln -s busybox "$STAGING/bin/sh"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$STAGING/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$STAGING/etc/group"
	cp -a "$KST" "$STAGING/kselftest"
	# The kselftest runner calls "timeout --foreground", which busybox's
	# timeout lacks; --foreground only matters with a controlling tty.
	printf '#!/bin/sh\n[ "$1" = --foreground ] && shift\nexec /bin/busybox timeout "$@"\n' \
		>"$STAGING/usr/bin/timeout"
	chmod 755 "$STAGING/usr/bin/timeout"
	write_init
	(cd "$STAGING" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) >"$OUT.tmp" 2>>"$LOGF" ||
		fail_with_log "$LOGF" "cpio of $STAGING failed"
	mv "$OUT.tmp" "$OUT"
	rm -rf "$STAGING"
	stage_done "$(du -h "$OUT" | cut -f1)"
}

main "$@"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the pipeline needs: host packages from the host's own apt
# sources, and a Debian sid root (debootstrap) for the tools whose bookworm
# versions are too old (sparse, coccinelle, b4).  The sid binaries need a
# newer libc than the host's, so they run through the root's own dynamic
# loader; wrappers for them are written to build/bin.  Prints each tool's
# version once.  A missing or too-old tool is an error, never a skip.

. "$(dirname "$0")/lib.sh"

SIDROOT=$CACHE/sid-root
BIN=$BUILD/bin
LOGF=$LOGDIR/toolchain.log

install_host_packages() {
	local missing=() p
	for p in $HOST_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] ||
		die "$STAGE: missing host packages: ${missing[*]} (run as root or apt-get install them)"
	log "installing host packages: ${missing[*]}"
	run "$LOGF" apt-get update -q
	DEBIAN_FRONTEND=noninteractive run "$LOGF" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

sid_stamp() { echo "$SID_SUITE $SID_PACKAGES"; }

sid_root_valid() {
	[ -f "$SIDROOT/.userns-hardening-stamp" ] &&
		[ "$(cat "$SIDROOT/.userns-hardening-stamp")" = "$(sid_stamp)" ] &&
		[ -x "$SIDROOT/usr/bin/sparse" ] && [ -x "$SIDROOT/usr/bin/spatch" ] &&
		[ -x "$SIDROOT/usr/bin/b4" ] &&
		chroot "$SIDROOT" dpkg --audit >/dev/null 2>&1 &&
		[ -z "$(chroot "$SIDROOT" dpkg --audit 2>/dev/null)" ]
}

make_sid_root() {
	local tmp=$SIDROOT.tmp
	[ "$(id -u)" -eq 0 ] || die "$STAGE: building the sid tool root needs root (debootstrap, chroot)"
	need_space "$CACHE" 3
	rm -rf "$tmp" "$SIDROOT"
	log "debootstrap $SID_SUITE into $tmp (about a minute)"
	run "$LOGF" debootstrap --variant=minbase "$SID_SUITE" "$tmp" "$DEBIAN_MIRROR"
	log "installing $SID_PACKAGES in the sid root"
	mount -t proc proc "$tmp/proc"
	# shellcheck disable=SC2086
	if ! chroot "$tmp" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends $SID_PACKAGES >>"$LOGF" 2>&1; then
		umount "$tmp/proc"
		fail_with_log "$LOGF" "installing $SID_PACKAGES in the sid root failed"
	fi
	chroot "$tmp" apt-get clean >>"$LOGF" 2>&1 || true
	umount "$tmp/proc"
	sid_stamp >"$tmp/.userns-hardening-stamp"
	mv "$tmp" "$SIDROOT"
}

# A wrapper runs a sid binary on the host through the root's loader.
write_wrappers() {
	local ld=$SIDROOT/lib64/ld-linux-x86-64.so.2
	local lp=$SIDROOT/lib/x86_64-linux-gnu:$SIDROOT/usr/lib/x86_64-linux-gnu
	local pyver
	pyver=$(basename "$(ls -d "$SIDROOT"/usr/bin/python3.[0-9]* | grep -E 'python3\.[0-9]+$' | sort -V | tail -n1)")
	mkdir -p "$BIN/sidpy"
	cat >"$BIN/sparse" <<-W
	#!/bin/sh
	exec "$ld" --library-path "$lp" "$SIDROOT/usr/bin/sparse" "\$@"
	W
	# spatch's python support asks "python3" in PATH for its library:
	# point it at the sid root's interpreter, whose libpython the loader finds.
	cat >"$BIN/sidpy/python3" <<-W
	#!/bin/sh
	PYTHONHOME="$SIDROOT/usr" exec "$ld" --library-path "$lp" "$SIDROOT/usr/bin/$pyver" "\$@"
	W
	cat >"$BIN/spatch" <<-W
	#!/bin/sh
	PATH="$BIN/sidpy:\$PATH" PYTHONHOME="$SIDROOT/usr" \\
	COCCINELLE_HOME="$SIDROOT/usr/lib/coccinelle" \\
	PYTHONPATH="$SIDROOT/usr/lib/coccinelle/python" \\
	exec "$ld" --library-path "$lp" "$SIDROOT/usr/bin/spatch" "\$@"
	W
	cat >"$BIN/b4" <<-W
	#!/bin/sh
	PYTHONHOME="$SIDROOT/usr" exec "$ld" --library-path "$lp" "$SIDROOT/usr/bin/$pyver" "$SIDROOT/usr/bin/b4" "\$@"
	W
	chmod +x "$BIN/sparse" "$BIN/spatch" "$BIN/b4" "$BIN/sidpy/python3"
}

sid_version() { chroot "$SIDROOT" dpkg-query -W -f='${Version}' "$1"; }

check_min() {
	local tool=$1 have=$2 min=$3
	dpkg --compare-versions "$have" ge "$min" ||
		die "$STAGE: $tool $have is older than the required $min"
}

# Each wrapper must actually run: a tool that does not start is an error.
check_tools() {
	local v_sparse v_spatch v_b4 out
	v_sparse=$(sid_version sparse)
	v_spatch=$(sid_version coccinelle)
	v_b4=$(sid_version b4)
	check_min sparse "$v_sparse" "$SPARSE_MIN"
	check_min coccinelle "$v_spatch" "$SPATCH_MIN"
	check_min b4 "$v_b4" "$B4_MIN"
	out=$(echo 'int x;' | "$BIN/sparse" - 2>&1) ||
		die "$STAGE: sparse from the sid root does not run: $out"
	"$BIN/spatch" --version >/dev/null 2>&1 ||
		die "$STAGE: spatch from the sid root does not run (try: $BIN/spatch --version)"
	"$BIN/spatch" --version 2>&1 | grep -q 'Python scripting support: yes' ||
		die "$STAGE: spatch has no python scripting support"
	"$BIN/b4" --version >/dev/null 2>&1 ||
		die "$STAGE: b4 from the sid root does not run (try: $BIN/b4 --version)"
	command -v qemu-system-x86_64 >/dev/null || die "$STAGE: qemu-system-x86_64 not found (package qemu-system-x86)"
	[ -x /bin/busybox ] || die "$STAGE: /bin/busybox not found (package busybox-static)"
	file -L /bin/busybox | grep -q 'statically linked' ||
		die "$STAGE: /bin/busybox is not static (install busybox-static)"
	{
		echo "gcc $(gcc -dumpfullversion)"
		echo "qemu $(qemu-system-x86_64 --version | head -n1 | awk '{print $4}')"
		echo "busybox $(busybox 2>&1 | head -n1 | awk '{print $2}')"
		echo "sparse $v_sparse (sid)"
		echo "coccinelle $v_spatch (sid)"
		echo "b4 $v_b4 (sid)"
	} >"$BUILD/toolchain.txt"
	log "tools: $(paste -sd, "$BUILD/toolchain.txt" | sed 's/,/, /g')"
}

main() {
	stage toolchain
	install_host_packages
	if ! sid_root_valid; then
		make_sid_root
	fi
	write_wrappers
	check_tools
	stage_done
}

main "$@"

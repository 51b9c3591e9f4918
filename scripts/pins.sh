# SPDX-License-Identifier: GPL-2.0
# The one place where every external input of the project is pinned.
# Sourced by scripts/lib.sh; change a pin here and every cache keyed on it
# is rebuilt.

# Base tree: Debian's linux-source-7.3 binary package (upstream 7.3.4 plus
# Debian's patches).
BASE_PKG=linux-source-7.3
BASE_VERSION=7.3.4-1~bpo13+1
BASE_SUITE=trixie-backports
# (The environment may override BASE_SHA256; scripts/harness-test.sh does, to
# check that a download not matching the pin is refused.)
: "${BASE_SHA256:=703e369ddd4cce971452f5a593ee55df3a5c10c83caf0fa0df039633ed181ee3}"
BASE_TARBALL=usr/src/linux-source-7.3.tar.xz
BASE_TOPDIR=linux-source-7.3
DEBIAN_MIRROR=http://deb.debian.org/debian

# Tools taken from a Debian sid root (the host's are too old, DESIGN.md §4).
SID_SUITE=sid
SID_PACKAGES="sparse coccinelle b4 libpython3-dev"
SPARSE_MIN=0.6.5~rc1
SPATCH_MIN=1.3
B4_MIN=0.16

# Host packages (Debian 12) the pipeline needs.
HOST_PACKAGES="qemu-system-x86 busybox-static flex bison bc libelf-dev libssl-dev
cpio debootstrap libcap-dev libcap-ng-dev xz-utils python3 python3-ply python3-git python3-docutils kmod rsync
git make gcc libc6-dev perl ccache file"

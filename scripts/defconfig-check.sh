#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# defconfig-check.sh LEG: the files the series changes compile in the
# architecture's default configuration (x86_64_defconfig, with the series'
# own Kconfig defaults), which turns on much more than the test kernels do
# (audit, LSMs, cgroup controllers, networking).  A whole defconfig kernel
# costs about half an hour on two cores; the series only changes the
# objects listed by check.sh's touched_c, so those are what is compiled,
# after `make prepare`, in build/trees/LEG-patched/.kbuild-defconfig*; one
# the configuration does not build (kernel/user_namespace.o: defconfig has
# USER_NS=n) is listed in the log.  The link is checked by the min,
# nouserns and nocgroups kernels.
# Prints one summary row (kernel column "-"):
#   build/defconfig-objects          every touched object defconfig builds compiles
#   build/defconfig-userns-objects   the same with CONFIG_USER_NS=y (defconfig
#                                    has it off), so every touched object is built
# Log: build/logs/defconfig-LEG.log.

. "$(dirname "$0")/lib.sh"

LEG=${1:?usage: defconfig-check.sh LEG}
valid_leg "$LEG"
SRC=$BUILD/trees/$LEG-patched
LOGF=$LOGDIR/defconfig-$LEG.log
: >"$LOGF"
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache} CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=1

row() { printf '%s\t-\tcheck\tbuild/%s-objects\t%s\n' "$LEG" "$1" "$2"; }

# Is OBJ part of the configuration?  Its directory's Makefile says:
# obj-y, or obj-$(CONFIG_FOO) with CONFIG_FOO=y or m in .config.
in_config() {
	local obj=$1 line sym
	line=$(grep -E "^[[:space:]]*obj-[^ ]*[[:space:]]*[+:]?=.*\<$(basename "$obj")\>" \
		"$SRC/$(dirname "$obj")/Makefile" | head -n1)
	sym=$(sed -n -E 's/^[[:space:]]*obj-\$\((CONFIG_[A-Z0-9_]+)\).*/\1/p' <<<"$line")
	[ -z "$sym" ] || grep -qE "^$sym=(y|m)$" "$O/.config"
}

# objects NAME [SYMBOL...]: x86_64_defconfig with SYMBOLs enabled, in its
# own O=; compile every touched object the configuration builds.
objects() {
	local name=$1 bad=() built=0 enable=() f
	shift
	for f in "$@"; do
		enable+=(-e "$f")
	done
	O=$SRC/.kbuild-$name
	mkdir -p "$O"
	if ! make -C "$SRC" O="$O" x86_64_defconfig >>"$LOGF" 2>&1 ||
		! { [ $# -eq 0 ] || (cd "$SRC" && ./scripts/config --file "$O/.config" "${enable[@]}"); } >>"$LOGF" 2>&1 ||
		! make -C "$SRC" O="$O" olddefconfig >>"$LOGF" 2>&1 ||
		! make -C "$SRC" O="$O" CC="ccache gcc" -j"$JOBS" prepare >>"$LOGF" 2>&1; then
		row "$name" fail
		log "$name: x86_64_defconfig does not prepare on $LEG (log: $LOGF)"
		return
	fi
	for f in "${OBJS[@]}"; do
		if ! in_config "$f"; then
			echo "$name: $f is not built in this configuration" >>"$LOGF"
		elif make -C "$SRC" O="$O" CC="ccache gcc" "$f" >>"$LOGF" 2>&1; then
			built=$((built + 1))
		else
			bad+=("$f")
		fi
	done
	if [ ${#bad[@]} -eq 0 ] && [ "$built" -gt 0 ]; then
		row "$name" pass
	else
		row "$name" fail
		log "$name: ${bad[*]:-no object} did not compile on $LEG (log: $LOGF)"
	fi
	echo "$name: $built of ${#OBJS[@]} objects compiled" >>"$LOGF"
}

main() {
	local base f
	stage "defconfig objects $LEG"
	[ -d "$SRC/.git" ] || die "$STAGE: $SRC is not prepared (run scripts/trees.sh $LEG)"
	base=$(git -C "$BUILD/trees/$LEG-baseline" rev-parse HEAD)
	OBJS=()
	while read -r f; do
		OBJS+=("${f%.c}.o")
	done < <(git -C "$SRC" diff --name-only "$base" HEAD -- '*.c' \
		':!tools/' ':!Documentation/' ':!samples/' ':!scripts/')
	objects defconfig
	objects defconfig-userns USER_NS
	stage_done "${#OBJS[@]} objects"
}

main "$@"

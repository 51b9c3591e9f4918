#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# bisect.sh LEG: every prefix of the series builds (git bisect must never
# land on a commit that does not).  Checks out each commit of
# build/trees/LEG-patched but the last in build/trees/LEG-bisect, in order,
# and builds it incrementally with the .config of the "min" kernel
# (scripts/config/min.config: every file the series touches, nothing else;
# olddefconfig for the symbols a prefix does not have yet).  The last
# prefix is the whole series: the min kernel itself, which must have been
# built (scripts/kbuild.sh LEG min).  A prefix whose kernel sources are
# those of the previous one (documentation, selftests) needs no build.
# Prints one summary row per patch (kernel column "-"):
#   bisect/<patch>   the kernel builds with the series applied up to <patch>
# A prefix that built once with the same tree and .config is not rebuilt
# (build/trees/LEG-bisect/.bisect-ok).  Log: build/logs/bisect-LEG.log.

. "$(dirname "$0")/lib.sh"

LEG=${1:?usage: bisect.sh LEG}
valid_leg "$LEG"
PATCHED=$BUILD/trees/$LEG-patched
DIR=$BUILD/trees/$LEG-bisect
O=$DIR/.kbuild
MIN=$PATCHED/.kbuild-min
OK=$DIR/.bisect-ok
LOGF=$LOGDIR/bisect-$LEG.log
: >"$LOGF"
KB=(CC="ccache gcc" KBUILD_BUILD_TIMESTAMP="2026-11-15" KBUILD_BUILD_USER=userns-hardening
	KBUILD_BUILD_HOST=vmtest)
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache} CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=1

row() { printf '%s\t-\tcheck\tbisect/%s\t%s\n' "$LEG" "$1" "$2"; }

prepare() {
	local base=$1
	if [ ! -d "$DIR/.git" ]; then
		need_space "$BUILD" 4
		log "cloning $(basename "$DIR") from $(basename "$PATCHED") (about 30 s)"
		run "$LOGF" git clone -q --shared --no-checkout "$PATCHED" "$DIR"
		echo '/.kbuild/' >>"$DIR/.git/info/exclude"
	fi
	run "$LOGF" git -C "$DIR" fetch -q "$PATCHED" HEAD
	run "$LOGF" git -C "$DIR" checkout -q -f --detach "$base"
	mkdir -p "$O"
}

# Did the kernel sources change between two commits?
kernel_changed() {
	[ -n "$(git -C "$DIR" diff --name-only "$1" "$2" -- . \
		':!Documentation/' ':!tools/testing/' ':!MAINTAINERS')" ]
}

# A failed build is a result here, not the end of the run.
build_prefix() {
	local c=$1 key=$2
	run "$LOGF" git -C "$DIR" checkout -q -f --detach "$c"
	cp "$MIN/.config" "$O/.config"
	echo "+ build $(git -C "$DIR" log -1 --format='%h %s' "$c")" >>"$LOGF"
	make -C "$DIR" O="$O" olddefconfig >>"$LOGF" 2>&1 &&
		make -C "$DIR" O="$O" "${KB[@]}" -j"$JOBS" bzImage >>"$LOGF" 2>&1 &&
		echo "$key" >>"$OK"
}

main() {
	local base prev c n=0 key cfg res=pass patches=()
	stage "bisect $LEG"
	[ -f "$MIN/.config" ] ||
		die "$STAGE: the min $LEG kernel is not configured (run scripts/kbuild.sh $LEG min)"
	mapfile -t patches < <(series_files | xargs -n1 basename)
	base=$(git -C "$BUILD/trees/$LEG-baseline" rev-parse HEAD)
	mapfile -t commits < <(git -C "$PATCHED" rev-list --reverse "$base..HEAD")
	[ ${#commits[@]} -eq ${#patches[@]} ] ||
		die "$STAGE: $PATCHED has ${#commits[@]} commits over the base, the series ${#patches[@]} patches (run scripts/trees.sh $LEG)"
	prepare "$base"
	cfg=$(sha256sum <"$MIN/.config" | cut -d' ' -f1)
	prev=$base
	for c in "${commits[@]}"; do
		n=$((n + 1))
		key="$(git -C "$DIR" rev-parse "$c^{tree}") $cfg"
		if [ "$n" -eq ${#commits[@]} ]; then
			# The whole series: the min kernel kbuild.sh built.
			[ -f "$MIN/arch/x86/boot/bzImage" ] || res=fail
		elif ! kernel_changed "$prev" "$c"; then
			echo "${patches[n - 1]}: no kernel source change, as built before" >>"$LOGF"
		elif grep -qxF "$key" "$OK" 2>/dev/null; then
			echo "${patches[n - 1]}: built before with this tree and .config" >>"$LOGF"
			res=pass
		elif build_prefix "$c" "$key"; then
			res=pass
		else
			res=fail
		fi
		row "${patches[n - 1]}" "$res"
		[ "$res" = pass ] ||
			log "bisect: the $LEG kernel does not build with the series up to ${patches[n - 1]} (log: $LOGF)"
		prev=$c
	done
	stage_done >&2
}

main "$@"

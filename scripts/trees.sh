#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# trees.sh LEG: prepare build/trees/LEG-baseline (the base commit) and
# build/trees/LEG-patched (the base plus the series, applied with git am:
# exact context, no fuzz).  The checkouts are clones sharing the objects of
# the cached base repository, or of the user's KDIR tree, which is never
# modified.  A checkout whose HEAD and state are what they should be is
# reused, so kbuild only rebuilds what changed.

. "$(dirname "$0")/lib.sh"

LEG=${1:?usage: trees.sh LEG}
valid_leg "$LEG"
LOGF=$LOGDIR/trees-$LEG.log
: >"$LOGF"

export GIT_COMMITTER_NAME="userns-hardening" GIT_COMMITTER_EMAIL="apply@userns-hardening.invalid"

# Where the leg comes from: "<repo> <base commit>".
leg_source() {
	if [ "$LEG" = custom ]; then
		local k=${KDIR:?}
		[ -d "$k" ] || die "KDIR=$k does not exist"
		[ -f "$k/Makefile" ] && [ -f "$k/kernel/fork.c" ] && grep -q '^VERSION = ' "$k/Makefile" ||
			die "KDIR=$k is not a kernel source tree (no Makefile with VERSION, no kernel/fork.c)"
		git -C "$k" rev-parse --verify -q HEAD >/dev/null ||
			die "KDIR=$k is not a git tree with a commit (git init && git add -A && git commit first)"
		[ -z "$(git -C "$k" status --porcelain --untracked-files=no)" ] ||
			log "warning: KDIR=$k has uncommitted changes; only its HEAD commit is used"
		echo "$(cd "$k" && pwd) $(git -C "$k" rev-parse HEAD)"
	else
		local out repo distro mainline
		out=$("$TOP/scripts/base-tree.sh")
		read -r repo distro mainline <<<"$out"
		if [ "$LEG" = distro ]; then echo "$repo $distro"; else echo "$repo $mainline"; fi
	fi
}

is_clean() { [ -z "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; }

# checkout DIR REPO COMMIT: DIR's work tree at COMMIT, touching only the
# files that differ from what it holds now.
checkout() {
	local dir=$1 repo=$2 commit=$3
	if [ -d "$dir/.git" ] && [ "$(git -C "$dir" config remote.origin.url)" = "$repo" ] &&
		git -C "$dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
		git -C "$dir" am --abort >>"$LOGF" 2>&1 || true
		run "$LOGF" git -C "$dir" checkout -q -f --detach "$commit"
		return
	fi
	need_space "$BUILD" 4
	rm -rf "$dir"
	log "cloning $(basename "$dir") from $repo (about 30 s)"
	run "$LOGF" git clone -q --shared --no-checkout "$repo" "$dir"
	run "$LOGF" git -C "$dir" checkout -q --detach "$commit"
}

prepare_baseline() {
	local repo=$1 base=$2 dir=$BUILD/trees/$LEG-baseline
	if [ -d "$dir/.git" ] && [ "$(git -C "$dir" rev-parse HEAD)" = "$base" ] && is_clean "$dir"; then
		return
	fi
	checkout "$dir" "$repo" "$base"
}

# The patched tree records which base and series it holds.
prepare_patched() {
	local repo=$1 base=$2 dir=$BUILD/trees/$LEG-patched
	local want="$base $(series_hash)" stampf=$dir/.git/userns-hardening-series
	if [ -f "$stampf" ] && [ "$(head -n1 "$stampf")" = "$want" ] &&
		[ "$(git -C "$dir" rev-parse HEAD)" = "$(sed -n 2p "$stampf")" ] && is_clean "$dir"; then
		return
	fi
	checkout "$dir" "$repo" "$base"
	rm -f "$stampf"
	local p n=0
	while read -r p; do
		n=$((n + 1))
		if ! git -C "$dir" am -q --whitespace=error-all "$p" >>"$LOGF" 2>&1; then
			git -C "$dir" am --abort >>"$LOGF" 2>&1 || true
			git -C "$dir" checkout -q -f --detach "$base" >>"$LOGF" 2>&1 || true
			die "apply: patches/$(basename "$p") does not apply to the $LEG tree (log: $LOGF)"
		fi
	done < <(series_files)
	printf '%s\n%s\n' "$want" "$(git -C "$dir" rev-parse HEAD)" >"$stampf"
	log "applied $n patches to $LEG"
}

main() {
	stage "trees $LEG"
	local src repo base
	src=$(leg_source)
	read -r repo base <<<"$src"
	local f
	while read -r f; do
		[ -f "$f" ] || die "series.conf lists $(basename "$f"), which is not in patches/"
	done < <(series_files)
	prepare_baseline "$repo" "$base"
	prepare_patched "$repo" "$base"
	stage_done "base ${base:0:12}"
}

main "$@"

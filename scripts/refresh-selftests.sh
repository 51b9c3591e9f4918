#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# refresh-selftests.sh: selftests/ is where the project's suite is edited;
# the series carries it in the last patch that touches
# tools/testing/selftests/userns_restrict/.  Rewrite that patch so that it
# installs exactly selftests/ (message, author and other hunks unchanged).

. "$(dirname "$0")/lib.sh"

SUITE_DIR=tools/testing/selftests/userns_restrict
SRC=$BUILD/trees/mainline-patched
LOGF=$LOGDIR/refresh-selftests.log
: >"$LOGF"

main() {
	stage refresh-selftests
	"$TOP/scripts/trees.sh" mainline
	local base commit n=0 idx=0 p file
	base=$(git -C "$SRC" rev-parse "HEAD~$(series_files | wc -l)")
	commit=$(git -C "$SRC" log -1 --format=%H "$base..HEAD" -- "$SUITE_DIR")
	[ -n "$commit" ] || die "$STAGE: no patch of the series touches $SUITE_DIR"
	[ -z "$(git -C "$SRC" log --format=%H "$commit..HEAD" -- "$SUITE_DIR")" ] || die "$STAGE: internal error"
	# Which patch file is it?
	while read -r p; do
		n=$((n + 1))
		[ "$(git -C "$SRC" rev-parse "HEAD~$(($(series_files | wc -l) - n))")" = "$commit" ] && {
			idx=$n
			file=$p
		}
	done < <(series_files)
	[ "$idx" -gt 0 ] || die "$STAGE: cannot map $commit to a patch file"
	local tmp=$BUILD/refresh
	rm -rf "$tmp"
	run "$LOGF" git -C "$SRC" checkout -q --detach "$commit"
	run "$LOGF" rsync -a --delete "$TOP/selftests/" "$SRC/$SUITE_DIR/"
	run "$LOGF" git -C "$SRC" add -A -f "$SUITE_DIR"
	run "$LOGF" git -C "$SRC" -c user.name="$(git -C "$SRC" log -1 --format=%an)" \
		-c user.email="$(git -C "$SRC" log -1 --format=%ae)" commit -q --amend --no-edit --allow-empty
	run "$LOGF" git -C "$SRC" format-patch -q --zero-commit --start-number "$idx" -1 -o "$tmp" --subject-prefix="PATCH $idx/$(series_files | wc -l)"
	mv "$tmp"/*.patch "$file"
	rm -rf "$tmp" "$SRC/.git/userns-hardening-series"
	log "rewrote patches/$(basename "$file")"
	"$TOP/scripts/trees.sh" mainline
	stage_done
}

main "$@"

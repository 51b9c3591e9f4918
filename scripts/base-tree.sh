#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare the pinned base trees in one cached git repository:
#   distro    Debian's linux-source tree as shipped (one root commit)
#   mainline  the same with Debian's unprivileged_userns_clone hunks and
#             its .gitignore hunk reverted (one root commit)
# Commits are made with fixed identities and dates, so their ids are the
# same on every machine.  A second run verifies and reuses the repository;
# a damaged one is rebuilt.  Prints "<repo> <distro-commit> <mainline-commit>".

. "$(dirname "$0")/lib.sh"

DEB=$BASE_PKG\_${BASE_VERSION}_all.deb
DL=$CACHE/dl
REPO=$CACHE/linux-$BASE_VERSION.git
REVERT=$TOP/scripts/debian/revert-unprivileged-userns-clone.patch
LOGF=$LOGDIR/base-tree.log
STAMP=$REPO/userns-hardening.stamp

export GIT_AUTHOR_NAME="userns-hardening base" GIT_AUTHOR_EMAIL="base@userns-hardening.invalid"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_DATE="2026-11-15T23:30:52+0100" GIT_COMMITTER_DATE="2026-11-15T23:30:52+0100"

# Download with an apt configuration of our own: the host's sources,
# lists and package state are never touched.
download() {
	local apt=$DL/apt
	if [ -f "$DL/$DEB" ]; then
		[ "$(sha256_of "$DL/$DEB")" = "$BASE_SHA256" ] && return 0
		log "cached $DEB is corrupt (sha256 mismatch): downloading it again"
		rm -f "$DL/$DEB"
	fi
	need_space "$DL" 1
	rm -rf "$apt"
	mkdir -p "$apt/sources" "$apt/lists/partial" "$apt/cache/archives/partial"
	cat >"$apt/sources/base.sources" <<-EOS
	Types: deb
	URIs: $DEBIAN_MIRROR
	Suites: $BASE_SUITE
	Components: main
	Architectures: amd64
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOS
	local opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt/sources"
		-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root)
	log "downloading $BASE_PKG=$BASE_VERSION from $BASE_SUITE"
	run "$LOGF" apt-get "${opts[@]}" update
	(cd "$DL" && run "$LOGF" apt-get "${opts[@]}" download "$BASE_PKG=$BASE_VERSION")
	local got
	got=$(sha256_of "$DL/$DEB")
	if [ "$got" != "$BASE_SHA256" ]; then
		rm -f "$DL/$DEB"
		die "$STAGE: $DEB sha256 $got does not match the pinned $BASE_SHA256 (deleted; see scripts/pins.sh)"
	fi
}

git_repo() { git --git-dir="$REPO" "$@"; }

repo_valid() {
	[ -f "$STAMP" ] || return 1
	local distro mainline revert
	read -r distro mainline revert <"$STAMP"
	[ "$revert" = "$(sha256_of "$REVERT")" ] || return 1
	[ "$(git_repo rev-parse -q --verify refs/heads/distro)" = "$distro" ] || return 1
	[ "$(git_repo rev-parse -q --verify refs/heads/mainline)" = "$mainline" ] || return 1
	git_repo fsck --connectivity-only --no-dangling --no-progress >>"$LOGF" 2>&1
}

commit_tree() {
	local work=$1 msg=$2
	GIT_WORK_TREE=$work GIT_INDEX_FILE=$REPO/index.tmp git_repo add -A -f . >>"$LOGF" 2>&1 ||
		fail_with_log "$LOGF" "git add of $work failed"
	local tree
	tree=$(GIT_INDEX_FILE=$REPO/index.tmp git_repo write-tree)
	rm -f "$REPO/index.tmp"
	git_repo commit-tree "$tree" -m "$msg"
}

# Code the series touches must not carry any other Debian change.  There is
# no upstream tree to diff against here, so look for Debian's marks: the
# word (other than maintainers' @debian.org addresses) and the sysctl.
check_touched_files() {
	local work=$1 f hits
	for f in $(series_files | xargs -r grep -h -E '^\+\+\+ b/' | sed 's|^+++ b/||' | sort -u); do
		[ -f "$work/$f" ] || continue
		case $f in MAINTAINERS | CREDITS | Documentation/*) continue ;; esac
		hits=$(grep -n -i -E 'debian|unprivileged_userns_clone' "$work/$f" | grep -v -i '@debian\.org' || true)
		[ -z "$hits" ] ||
			die "$STAGE: $f in the mainline base still carries a Debian change: $(echo "$hits" | head -n1)"
	done
}

build_repo() {
	local tmp=$CACHE/extract.tmp
	need_space "$CACHE" 6
	rm -rf "$REPO" "$tmp"
	mkdir -p "$tmp"
	log "extracting $DEB (about 30 s)"
	run "$LOGF" dpkg-deb -x "$DL/$DEB" "$tmp/deb"
	run "$LOGF" tar -xJf "$tmp/deb/$BASE_TARBALL" -C "$tmp"
	local work=$tmp/$BASE_TOPDIR
	[ -f "$work/Makefile" ] && [ -d "$work/kernel" ] || die "$STAGE: $BASE_TARBALL holds no kernel tree"
	run "$LOGF" git init -q --bare "$REPO"
	log "committing the distro tree"
	local distro mainline
	distro=$(commit_tree "$work" "Linux 7.3.4 as shipped by Debian ($BASE_PKG $BASE_VERSION)")
	git_repo update-ref refs/heads/distro "$distro"
	log "reverting Debian's unprivileged_userns_clone for the mainline tree"
	(cd "$work" && run "$LOGF" git apply --verbose "$REVERT")
	if grep -rn --include='*.[ch]' unprivileged_userns_clone "$work" >>"$LOGF"; then
		die "$STAGE: unprivileged_userns_clone still present after the revert (log: $LOGF)"
	fi
	mainline=$(commit_tree "$work" "Linux 7.3.4 (mainline-equivalent: Debian's $BASE_PKG $BASE_VERSION with its unprivileged_userns_clone sysctl reverted)")
	git_repo update-ref refs/heads/mainline "$mainline"
	log "packing"
	run "$LOGF" git_repo repack -a -d -q
	run "$LOGF" git_repo prune
	echo "$distro $mainline $(sha256_of "$REVERT")" >"$STAMP"
	rm -rf "$tmp"
}

main() {
	stage base-tree
	download
	if ! repo_valid; then
		[ -d "$REPO" ] && log "cached base repository missing or damaged: rebuilding it"
		build_repo
	fi
	local distro mainline _r
	read -r distro mainline _r <"$STAMP"
	# Only the mainline leg promises "no other Debian change" in touched files.
	local chk=$BUILD/trees/mainline-baseline
	[ -d "$chk" ] && check_touched_files "$chk"
	stage_done "distro ${distro:0:12}, mainline ${mainline:0:12}"
	echo "$REPO $distro $mainline"
}

main "$@"

# SPDX-License-Identifier: GPL-2.0
# Common helpers for the project's scripts: paths, logging, stage timing and
# one-line failures.  Sourced, never executed.

set -euo pipefail
shopt -s inherit_errexit

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/pins.sh
. "$TOP/scripts/pins.sh"

BUILD=${BUILD:-$TOP/build}
# Downloads, the extracted base tree and the sid tool root are keyed by
# version and verified before reuse; they live outside the checkout so a
# fresh clone (CI) does not redo them.
CACHE=${USERNS_HARDENING_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/userns-hardening}
LOGDIR=$BUILD/logs
RESULTS=$BUILD/results
JOBS=${JOBS:-$(nproc)}
STAGE=${STAGE:-$(basename "$0" .sh)}

mkdir -p "$LOGDIR" "$RESULTS"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# One line naming what failed; with CI=true or V=1 the log tail first.
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

fail_with_log() {
	local logf=$1
	shift
	if [ "${CI:-}" = true ] || [ "${V:-0}" = 1 ]; then
		[ -f "$logf" ] && tail -n 30 "$logf" | sed 's/^/  | /' >&2
	fi
	die "$STAGE: $* (log: $logf)"
}

# run LOG CMD...: run CMD with its output appended to LOG.
run() {
	local logf=$1
	shift
	printf '+ %s\n' "$*" >>"$logf"
	"$@" >>"$logf" 2>&1 || fail_with_log "$logf" "'$*' failed"
}

stage() {
	STAGE=$1
	STAGE_START=$(date +%s)
	log "==> $STAGE"
}

stage_done() {
	log "<== $STAGE done in $(($(date +%s) - STAGE_START))s${1:+ ($1)}"
}

# need_space DIR GiB: fail early instead of half-writing a tree.
need_space() {
	local dir=$1 gib=$2 avail
	mkdir -p "$dir"
	avail=$(df -Pk "$dir" | awk 'NR == 2 { print int($4 / 1048576) }')
	[ "$avail" -ge "$gib" ] ||
		die "$STAGE: only ${avail} GiB free under $dir, need ${gib} GiB"
}

valid_leg() {
	case $1 in
	mainline | distro | custom) ;;
	*) die "unknown LEG '$1' (expected mainline or distro, or KDIR=<tree>)" ;;
	esac
}

kernel_variants() {
	local f
	for f in "$TOP"/scripts/config/*.config; do
		f=${f##*/}
		[ "$f" = vm.config ] || printf '%s ' "${f%.config}"
	done
}

valid_kernel() {
	case $1 in
	baseline | patched) ;;
	*)
		# A variant of the patched tree: scripts/config/<name>.config.
		[[ $1 =~ ^[a-z0-9-]+$ ]] && [ -f "$TOP/scripts/config/$1.config" ] ||
			die "unknown KERNEL '$1' (expected baseline, patched or a variant: $(kernel_variants))"
		;;
	esac
}

# Legs of this run: KDIR=<tree> replaces both with the user's tree.
legs() {
	if [ -n "${KDIR:-}" ]; then
		echo custom
	else
		echo "${LEGS:-mainline distro}"
	fi
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# The series: series.conf and patches/ of the project, or of SERIES_DIR.
SERIES_DIR=${SERIES_DIR:-$TOP}

# The series as a content hash: a change to any patch or to the order
# invalidates what was built from it.
series_files() {
	local p
	grep -v -E '^[[:space:]]*(#|$)' "$SERIES_DIR/series.conf" | while read -r p _; do
		echo "$SERIES_DIR/patches/$p"
	done
}

series_hash() {
	{
		cat "$SERIES_DIR/series.conf"
		series_files | xargs -r cat
	} | sha256sum | cut -d' ' -f1
}

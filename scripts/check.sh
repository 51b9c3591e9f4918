#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh LEG: static checks of the series on a prepared leg, printed as
# summary rows (kernel column "-"):
#   checkpatch/<patch>   scripts/checkpatch.pl --strict: no error, warning or check
#   selftests-drift      selftests/ equals what the series installs
# Details go to build/logs/check-LEG.log.

. "$(dirname "$0")/lib.sh"

LEG=${1:?usage: check.sh LEG}
valid_leg "$LEG"
SRC=$BUILD/trees/$LEG-patched
LOGF=$LOGDIR/check-$LEG.log
: >"$LOGF"
SUITE_DIR=tools/testing/selftests/userns_restrict

row() { printf '%s\t-\tcheck\t%s\t%s\n' "$LEG" "$1" "$2"; }

checkpatch() {
	local p out ignore
	while read -r p; do
		ignore=$(awk -v p="$(basename "$p")" '$1 == p { printf "--ignore %s ", $2 }' \
			"$TOP/scripts/config/checkpatch-exceptions")
		# checkpatch's spdxcheck needs the system python (ply, git modules).
		# shellcheck disable=SC2086
		if out=$(cd "$SRC" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --terse \
			--show-types --no-summary $ignore "$p" 2>&1) && [ -z "$out" ]; then
			row "checkpatch/$(basename "$p")" pass
		else
			printf '== %s\n%s\n' "$(basename "$p")" "$out" >>"$LOGF"
			row "checkpatch/$(basename "$p")" fail
			log "checkpatch: $(basename "$p"): $(echo "$out" | head -n1) (log: $LOGF)"
		fi
	done < <(series_files)
}

# The entry the series adds to MAINTAINERS is MAINTAINERS.snippet.
maintainers() {
	local title entry
	title=$(head -n1 "$TOP/MAINTAINERS.snippet")
	entry=$(awk -v t="$title" 'BEGIN { RS = "" } index($0, t "\n") == 1' "$SRC/MAINTAINERS")
	if [ "$entry" = "$(cat "$TOP/MAINTAINERS.snippet")" ]; then
		row maintainers-snippet pass
	else
		row maintainers-snippet fail
		log "MAINTAINERS.snippet is not the entry the series adds to MAINTAINERS (log: $LOGF)"
	fi
}

drift() {
	if diff -r "$TOP/selftests" "$SRC/$SUITE_DIR" >>"$LOGF" 2>&1; then
		row selftests-drift pass
	else
		row selftests-drift fail
		log "selftests/ differs from $SUITE_DIR in the series: run 'make refresh-selftests' (log: $LOGF)"
	fi
}

main() {
	[ -d "$SRC/.git" ] || die "check: $SRC is not prepared (run scripts/trees.sh $LEG)"
	checkpatch
	maintainers
	drift
}

main "$@"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# audit.sh [KDIR]: run every coccinelle/*.cocci but the surface map in
# report mode over a whole kernel tree (default: the mainline-equivalent
# baseline), each on only the files its `git grep -l` prefilter
# (scripts/cocci-lib.sh) says can match, with AUDIT_JOBS (2) spatch workers.
# Writes
#   build/results/audit.txt   the report lines, file:line:col-col: message
#   build/results/audit.tsv   file, function, script, line, message
# and compares the findings with coccinelle/triage.tsv (file, function,
# script, verdict, note).  Prints summary rows (leg and kernel "-"):
#   -	-	coccinelle	audit/SCRIPT	pass|fail   spatch ran on every file
#   -	-	coccinelle	audit/triage	pass|fail   every finding is triaged
# An untriaged (new) finding or a file spatch failed on is a failure, named
# on stderr with its log (build/logs/coccinelle/audit-*.log).

. "$(dirname "$0")/lib.sh"

# shellcheck source=scripts/cocci-lib.sh
. "$(dirname "$0")/cocci-lib.sh"

KDIR=${1:-$BUILD/trees/mainline-baseline}
TRIAGE=$COCCI_DIR/triage.tsv
LOGD=$LOGDIR/coccinelle
TXT=$RESULTS/audit.txt
TSV=$RESULTS/audit.tsv
mkdir -p "$LOGD"

row() { printf '%s\t%s\tcoccinelle\t%s\t%s\n' - - "$1" "$2"; }

# run_script SCRIPT: one spatch over the files the script's prefilter
# (scripts/cocci-lib.sh) selects; report lines go to
# build/logs/coccinelle/audit-SCRIPT.out.  A spatch failure, or anything but
# warnings on its stderr (a Python exception, a parse abort, a timeout), is
# a failure of the script's row.
run_script() {
	local script=$1
	if cocci_tree "$script" "$KDIR" "audit-$script"; then
		row "audit/$script" pass
	else
		row "audit/$script" fail
		printf 'error: audit: spatch failed or complained for %s.cocci (log: %s)\n' \
			"$script" "$LOGD/audit-$script.log" >&2
		return 1
	fi
}

# to_tsv SCRIPT: report lines -> file, function, script, line, message.
# The messages start "WARNING: function: ...".
to_tsv() {
	sed -E 's|^([^:]+):([0-9]+):[0-9]+-[0-9]+: (WARNING: ([A-Za-z0-9_]+): .*)$|\1\t\4\t'"$1"'\t\2\t\3|' \
		"$LOGD/audit-$1.out"
}

# Findings without a triage.tsv row (by file, function, script).
untriaged() {
	awk -F'\t' 'NR == FNR { if ($0 !~ /^#/ && FNR > 1) seen[$1 FS $2 FS $3] = 1; next }
		!(($1 FS $2 FS $3) in seen) { print $1 "\t" $2 "\t" $3 "\t" $4 }' "$TRIAGE" "$TSV"
}

# triage.tsv rows no finding matches any more (fixed, or the script
# changed); false-positive-fixed rows record findings that must stay gone.
stale() {
	awk -F'\t' 'NR == FNR { found[$1 FS $2 FS $3] = 1; next }
		$0 !~ /^#/ && FNR > 1 && $4 != "false-positive-fixed" &&
		!(($1 FS $2 FS $3) in found) { print $1 "\t" $2 "\t" $3 }' \
		"$TSV" "$TRIAGE"
}

# false-positive-fixed rows that are found again: the fix regressed.
regressed() {
	awk -F'\t' 'NR == FNR { if (FNR > 1 && $4 == "false-positive-fixed") fp[$1 FS $2 FS $3] = 1; next }
		(($1 FS $2 FS $3) in fp) { print $1 "\t" $2 "\t" $3 "\t" $4 }' "$TRIAGE" "$TSV"
}

main() {
	local script failed=0 new old
	[ -d "$KDIR/.git" ] || [ -f "$KDIR/.git" ] || die "audit: $KDIR is not a git tree (git grep prefilters it)"
	check_spatch
	stage "audit $(basename "$KDIR")"
	: >"$TSV.tmp"
	for script in $(audit_scripts); do
		run_script "$script" || failed=1
		to_tsv "$script" >>"$TSV.tmp"
	done
	sort -t"$(printf '\t')" -k1,1 -k4,4n -k3,3 "$TSV.tmp" >"$TSV"
	rm -f "$TSV.tmp"
	# spatch's own lines, file:line:col-col: message
	for script in $(audit_scripts); do
		cat "$LOGD/audit-$script.out"
	done | LC_ALL=C sort -t: -k1,1 -k2,2n >"$TXT"
	[ -f "$TRIAGE" ] || die "audit: no $TRIAGE"
	new=$( (untriaged; regressed) | sort -u)
	old=$(stale)
	if [ -n "$old" ]; then
		log "audit: triage.tsv rows without a finding (fixed upstream or script changed):"
		printf '  %s\n' "$old" >&2
	fi
	if [ -z "$new" ]; then
		row audit/triage pass
	else
		row audit/triage fail
		printf '%s\n' "$new" >"$LOGD/audit-untriaged.log"
		printf 'error: audit: %s untriaged finding(s) or fixed false positive(s) found again: triage them in coccinelle/triage.tsv or fix the script (log: %s)\n' \
			"$(grep -c . <<<"$new")" "$LOGD/audit-untriaged.log" >&2
		printf '  %s\n' "$new" >&2
		failed=1
	fi
	stage_done "$(wc -l <"$TSV") findings in $TXT, $TSV"
	[ "$failed" = 0 ]
}

main "$@"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# audit.sh [KDIR]: run every coccinelle/*.cocci in report mode over a whole
# kernel tree (default: the mainline-equivalent baseline), each on only the
# files `git grep -l` says can match, with AUDIT_JOBS (2) spatch workers.
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

KDIR=${1:-$BUILD/trees/mainline-baseline}
SPATCH=${SPATCH:-$BUILD/bin/spatch}
AUDIT_JOBS=${AUDIT_JOBS:-2}
COCCI_DIR=$TOP/coccinelle
TRIAGE=$COCCI_DIR/triage.tsv
LOGD=$LOGDIR/coccinelle
TXT=$RESULTS/audit.txt
TSV=$RESULTS/audit.tsv
mkdir -p "$LOGD"

row() { printf '%s\t%s\tcoccinelle\t%s\t%s\n' - - "$1" "$2"; }

# The prefilter of each script: files holding a line for every pattern
# (git grep --all-match).  A script without an entry here is an error.
prefilter() {
	case $1 in
	ns_capable_current)
		git -C "$KDIR" grep -l --all-match -E \
			-e '\bns_capable(_noaudit|_setid)?\(' \
			-e 'current_user_ns\(\)|current_cred\(\)->user_ns' -- '*.c' '*.h'
		;;
	capable_in_write)
		git -C "$KDIR" grep -l --all-match -E \
			-e '\b(ns_)?capable(_noaudit)?\(' \
			-e 'file_operations|proc_ops|kernfs_ops|cftype|ATTR|\.store\b|_store\b|const char \*[a-z_]*, *size_t' -- '*.c' '*.h'
		;;
	make_kuid_unchecked)
		git -C "$KDIR" grep -l --all-match -E \
			-e '\bmake_k[ug]id\(' \
			-e 'current_user_ns\(\)|current_cred\(\)|f_cred' -- '*.c' '*.h'
		;;
	*)
		die "audit: no prefilter for $1.cocci: add one to scripts/audit.sh"
		;;
	esac
}

check_spatch() {
	[ -x "$SPATCH" ] || die "audit: no spatch at $SPATCH (run 'make toolchain')"
	"$SPATCH" --version 2>&1 | head -n1 | grep -q '^spatch version 1\.3' ||
		die "audit: need spatch 1.3 at $SPATCH"
}

# run_script SCRIPT: one spatch over the prefiltered files (--file-groups,
# one file a group, AUDIT_JOBS workers); report lines go to
# build/logs/coccinelle/audit-SCRIPT.out.  A spatch failure, or anything but
# warnings on its stderr (a Python exception, a parse abort, a timeout), is
# a failure of the script's row.
run_script() {
	local script=$1 groups=$LOGD/audit-$1.files logf=$LOGD/audit-$1.log
	local out=$LOGD/audit-$1.out start n rc=0
	start=$(date +%s)
	prefilter "$script" | sed 's/$/\n/' >"$groups"
	n=$(grep -c . "$groups" || true)
	printf '+ spatch -D report --sp-file %s.cocci --file-groups %s (%s files)\n' \
		"$script" "$groups" "$n" >"$logf"
	# shellcheck disable=SC2046
	(cd "$KDIR" && nice "$SPATCH" -D report --very-quiet --timeout 300 \
		$(sed -n 's|^// Options:||p' "$COCCI_DIR/$script.cocci" | head -n1) \
		--sp-file "$COCCI_DIR/$script.cocci" --file-groups "$groups" \
		--jobs "$AUDIT_JOBS" --chunksize 1) >"$out.raw" 2>>"$logf" || rc=$?
	grep -E '^[^ :]+:[0-9]+:[0-9]+-[0-9]+: ' "$out.raw" >"$out" || true
	grep -v -E '^[^ :]+:[0-9]+:[0-9]+-[0-9]+: ' "$out.raw" >>"$logf" || true
	rm -f "$out.raw"
	log "audit: $script.cocci: $n files, $(wc -l <"$out") findings, $(($(date +%s) - start))s"
	if [ "$rc" = 0 ] && ! grep -v -q -E '^(\+ spatch |warning: |$)' "$logf"; then
		row "audit/$script" pass
	else
		row "audit/$script" fail
		printf 'error: audit: spatch failed (rc %s) or complained for %s.cocci (log: %s)\n' \
			"$rc" "$script" "$logf" >&2
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
	local s script failed=0 start new old
	start=$(date +%s)
	[ -d "$KDIR/.git" ] || [ -f "$KDIR/.git" ] || die "audit: $KDIR is not a git tree (git grep prefilters it)"
	check_spatch
	stage "audit $(basename "$KDIR")"
	: >"$TSV.tmp"
	for s in "$COCCI_DIR"/*.cocci; do
		script=$(basename "$s" .cocci)
		run_script "$script" || failed=1
		to_tsv "$script" >>"$TSV.tmp"
	done
	sort -t"$(printf '\t')" -k1,1 -k4,4n -k3,3 "$TSV.tmp" >"$TSV"
	rm -f "$TSV.tmp"
	# spatch's own lines, file:line:col-col: message
	for s in "$COCCI_DIR"/*.cocci; do
		cat "$LOGD/audit-$(basename "$s" .cocci).out"
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

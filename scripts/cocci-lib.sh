# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Running coccinelle/*.cocci over a whole kernel tree: the git grep
# prefilter of each script (a plain coccicheck of the tree takes hours), the
# spatch check, and one spatch per script over the prefiltered files.
# Sourced after lib.sh by scripts/audit.sh and scripts/surface.sh, never
# executed.

SPATCH=${SPATCH:-$BUILD/bin/spatch}
COCCI_DIR=$TOP/coccinelle
COCCI_JOBS=${COCCI_JOBS:-${AUDIT_JOBS:-2}}
# Coccinelle's standard.h, the macros spatch knows without headers.
COCCI_STD_H=${COCCI_STD_H:-$CACHE/sid-root/usr/lib/coccinelle/standard.h}

# Scripts that map rather than find: every site they report is expected,
# so the audit (and its triage) does not run them; scripts/surface.sh does.
MAP_SCRIPTS="surface"

# The scripts `make audit` runs, by name.
audit_scripts() {
	local s
	for s in "$COCCI_DIR"/*.cocci; do
		s=$(basename "$s" .cocci)
		[[ " $MAP_SCRIPTS " == *" $s "* ]] || echo "$s"
	done
}

# git_grep_l DIR ARGS...: `git grep -l ARGS` in DIR, a git tree or (for the
# scripts' own test trees) a plain directory.  No match is not an error.
git_grep_l() {
	local dir=$1 rc=0
	shift
	if git -C "$dir" rev-parse --show-toplevel 2>/dev/null | grep -qxF "$(cd "$dir" && pwd -P)"; then
		git -C "$dir" grep -l "$@" || rc=$?
	else
		git -C "$dir" grep --no-index -l "$@" || rc=$?
	fi
	[ "$rc" -le 1 ]
}

# prefilter SCRIPT DIR: the files of DIR the script can match, one a line.
# Audit scripts need a line for every pattern (--all-match); the surface map
# needs any one of its checks.  A script without an entry here is an error.
prefilter() {
	local dir=$2
	case $1 in
	ns_capable_current)
		git_grep_l "$dir" --all-match -E \
			-e '\bns_capable(_noaudit|_setid)?\(' \
			-e 'current_user_ns\(\)|current_cred\(\)->user_ns' -- '*.c' '*.h'
		;;
	capable_in_write)
		git_grep_l "$dir" --all-match -E \
			-e '\b(ns_)?capable(_noaudit)?\(' \
			-e 'file_operations|proc_ops|kernfs_ops|cftype|ATTR|\.store\b|_store\b|const char \*[a-z_]*, *size_t' -- '*.c' '*.h'
		;;
	make_kuid_unchecked)
		git_grep_l "$dir" --all-match -E \
			-e '\bmake_k[ug]id\(' \
			-e 'current_user_ns\(\)|current_cred\(\)|f_cred' -- '*.c' '*.h'
		;;
	surface)
		# tools/ is user space
		git_grep_l "$dir" -E \
			-e '\b(ns_capable(_noaudit|_setid)?|sockopt_ns_capable|file_ns_capable|netlink_(ns|net)_capable|sk_(ns|net)_capable|capable_wrt_inode_uidgid|has_ns_capability(_noaudit)?)\(' \
			-e '\bFS_USERNS_MOUNT\b' -- '*.c' '*.h' ':!tools/'
		;;
	*)
		die "$STAGE: no prefilter for $1.cocci: add one to scripts/cocci-lib.sh"
		;;
	esac
}

# cocci_macros OUT: standard.h with coccinelle/macros.h appended, for
# --macro-file-builtins (which replaces standard.h).
cocci_macros() {
	[ -f "$COCCI_STD_H" ] || die "$STAGE: no Coccinelle standard.h at $COCCI_STD_H (run 'make toolchain' or set COCCI_STD_H)"
	cat "$COCCI_STD_H" "$COCCI_DIR/macros.h" >"$1"
}

check_spatch() {
	[ -x "$SPATCH" ] || die "$STAGE: no spatch at $SPATCH (run 'make toolchain')"
	"$SPATCH" --version 2>&1 | head -n1 | grep -q '^spatch version 1\.3' ||
		die "$STAGE: need spatch 1.3 at $SPATCH"
}

# cocci_tree SCRIPT DIR NAME [SPATCH_ARGS...]: one spatch in report mode over the files of DIR
# that prefilter selects (--file-groups, one file a group, COCCI_JOBS
# workers, nice).  Writes under LOGD (the caller's): NAME.files (the
# groups), NAME.out (the report lines, file:line:col-col: message, paths
# relative to DIR) and NAME.log (the command and everything else spatch
# printed).  Fails when spatch fails or prints anything but warnings (a
# Python exception, a parse abort, a timeout).
cocci_tree() {
	local script=$1 dir=$2 name=$3 start n rc=0
	shift 3
	local groups=$LOGD/$name.files logf=$LOGD/$name.log out=$LOGD/$name.out
	start=$(date +%s)
	: >"$logf"
	if ! prefilter "$script" "$dir" >"$groups.list" 2>>"$logf"; then
		echo "git grep (the prefilter) failed in $dir" >>"$logf"
		return 1
	fi
	sed 's/$/\n/' "$groups.list" >"$groups"
	rm -f "$groups.list"
	n=$(grep -c . "$groups" || true)
	printf '+ spatch -D report --sp-file %s.cocci --file-groups %s (%s files)\n' \
		"$script" "$groups" "$n" >>"$logf"
	if [ "$n" -gt 0 ]; then
		# shellcheck disable=SC2046
		(cd "$dir" && nice "$SPATCH" -D report --very-quiet --timeout 300 \
			$(sed -n 's|^// Options:||p' "$COCCI_DIR/$script.cocci" | head -n1) \
			"$@" --sp-file "$COCCI_DIR/$script.cocci" --file-groups "$groups" \
			--jobs "$COCCI_JOBS" --chunksize 1) >"$out.raw" 2>>"$logf" || rc=$?
	else
		: >"$out.raw"
	fi
	grep -E '^[^ :]+:[0-9]+:[0-9]+-[0-9]+: ' "$out.raw" >"$out" || true
	grep -v -E '^[^ :]+:[0-9]+:[0-9]+-[0-9]+: ' "$out.raw" >>"$logf" || true
	rm -f "$out.raw"
	log "$STAGE: $script.cocci: $n files, $(wc -l <"$out") lines, $(($(date +%s) - start))s"
	[ "$rc" = 0 ] && ! grep -v -q -E '^(\+ spatch |warning: |$)' "$logf"
}

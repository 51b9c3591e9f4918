#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh LEG: static checks of the series on a prepared leg, printed as
# summary rows (kernel column "-"):
#   checkpatch/<patch>   scripts/checkpatch.pl --strict: no error, warning or check
#   maintainers-snippet  MAINTAINERS.snippet is the entry the series adds
#   rst/<file>           every .rst file the series touches parses cleanly
#                        (scripts/rst-check.py: docutils, Sphinx roles as no-ops)
#   selftests-drift      selftests/ equals what the series installs
#   sparse/<file>        sparse (C=2, the sid root's) on every .c file the series
#                        changes, in the baseline and the patched tree: no
#                        warning the baseline does not have
#   W=1/<file>           the same with the compiler's W=1 warnings
#   build/<variant>      the patched tree builds with scripts/config/<variant>.config
#   build/defconfig*     the touched objects compile with x86_64_defconfig
#                        (scripts/defconfig-check.sh)
#   bisect/<patch>       the kernel builds at every prefix (scripts/bisect.sh)
# Warnings are compared per file as "path: message" (line numbers move);
# a file that sparse or the compiler did not actually process fails.
# Details go to build/logs/check-LEG.log.

. "$(dirname "$0")/lib.sh"

LEG=${1:?usage: check.sh LEG}
valid_leg "$LEG"
SRC=$BUILD/trees/$LEG-patched
BASE_TREE=$BUILD/trees/$LEG-baseline
# Kernels that must build but are not booted (scripts/config/<name>.config).
CHECK_VARIANTS=${CHECK_VARIANTS:-min nouserns nocgroups}
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

# The .c files the series changes that kbuild compiles.
touched_c() {
	git -C "$SRC" diff --name-only "$BASE" HEAD -- '*.c' \
		':!tools/' ':!Documentation/' ':!samples/' ':!scripts/'
}

# warnings TREE FILE KIND: build FILE's object in TREE's O= with sparse
# (KIND sparse) or W=1 (KIND w1); print its warnings, normalised to
# "path: message", sorted.  Fails when the tool did not run on FILE.
warnings() {
	local tree=$1 file=$2 kind=$3 obj=${2%.c}.o out args marker
	case $kind in
	sparse) args=(C=2 CHECK="$BUILD/bin/sparse") marker="CHECK +(\.\./)?$file" ;;
	w1) args=(W=1) marker="CC +$obj" ;;
	esac
	[ "$kind" = sparse ] || rm -f "$tree/.kbuild/$obj"
	out=$(make -C "$tree" O="$tree/.kbuild" CC="ccache gcc" "${args[@]}" "$obj" 2>&1) || {
		printf '== %s %s %s: build failed\n%s\n' "$kind" "$tree" "$file" "$out" >>"$LOGF"
		return 1
	}
	printf '== %s %s %s\n%s\n' "$kind" "$tree" "$file" "$out" >>"$LOGF"
	grep -qE "^  $marker\$" <<<"$out" || {
		printf '%s did not run on %s in %s\n' "$kind" "$file" "$tree" >>"$LOGF"
		return 1
	}
	sed -n -E 's#^(\.\./)?([^: ]+):[0-9]+(:[0-9]+)?: (warning|error): #\2: \4: #p' <<<"$out" | sort
}

# Compare one file's warnings of KIND between the baseline and patched tree.
compare_warnings() {
	local kind=$1 name=$2 f base new extra
	while read -r f; do
		if [ -f "$BASE_TREE/$f" ]; then
			base=$(warnings "$BASE_TREE" "$f" "$kind") || { row "$name/$f" fail; continue; }
		else
			base=
		fi
		new=$(warnings "$SRC" "$f" "$kind") || {
			row "$name/$f" fail
			log "$name: did not run on $f (log: $LOGF)"
			continue
		}
		extra=$(diff <(echo "$base") <(echo "$new") | sed -n 's/^> //p' || true)
		if [ -z "$extra" ]; then
			row "$name/$f" pass
		else
			printf '== new %s warnings in %s\n%s\n' "$name" "$f" "$extra" >>"$LOGF"
			row "$name/$f" fail
			log "$name: new warning in $f: $(head -n1 <<<"$extra") (log: $LOGF)"
		fi
	done < <(touched_c)
}

sparse_check() {
	local v
	v=$("$BUILD/bin/sparse" --version 2>&1) || true
	case $v in
	*0.6.5*) compare_warnings sparse sparse ;;
	*)
		row sparse fail
		log "sparse: $BUILD/bin/sparse is '$v', not the sid 0.6.5 (run scripts/toolchain.sh; log: $LOGF)"
		;;
	esac
}

# build/<variant>: the patched tree with an extra fragment (no boot).
variant_builds() {
	local v
	for v in $CHECK_VARIANTS; do
		if "$TOP/scripts/kbuild.sh" "$LEG" "$v" >>"$LOGF" 2>&1; then
			row "build/$v" pass
		else
			row "build/$v" fail
			log "build/$v: the patched $LEG tree does not build with scripts/config/$v.config (log: $LOGF)"
		fi
	done
}

# Every reStructuredText file the series adds or changes parses without a
# warning (docutils, with the kernel's Sphinx-only constructs as no-ops:
# scripts/rst-check.py).  The system python: docutils is a host package.
rst_check() {
	local f out
	while read -r f; do
		if out=$(cd "$SRC" && /usr/bin/python3 "$TOP/scripts/rst-check.py" "$f" 2>&1); then
			row "rst/$f" pass
		else
			printf '== rst %s\n%s\n' "$f" "$out" >>"$LOGF"
			row "rst/$f" fail
			log "rst: $(echo "$out" | head -n1) (log: $LOGF)"
		fi
	done < <(git -C "$SRC" diff --name-only "$BASE" HEAD -- '*.rst')
}

main() {
	[ -d "$SRC/.git" ] || die "check: $SRC is not prepared (run scripts/trees.sh $LEG)"
	[ -f "$BASE_TREE/.kbuild/.config" ] && [ -f "$SRC/.kbuild/.config" ] ||
		die "check: the $LEG kernels are not configured (run scripts/kbuild.sh $LEG baseline and patched)"
	BASE=$(git -C "$BASE_TREE" rev-parse HEAD)
	checkpatch
	maintainers
	drift
	rst_check
	sparse_check
	compare_warnings w1 W=1
	variant_builds
	"$TOP/scripts/defconfig-check.sh" "$LEG"
	"$TOP/scripts/bisect.sh" "$LEG"
}

main "$@"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild.sh LEG KERNEL: configure and build a kernel of build/trees/LEG-*,
# linked as build/kbuild/LEG-KERNEL.  The config is tinyconfig +
# scripts/config/vm.config + the `config` files of the selftest collections
# that run, merged with the kernel's merge_config.sh; every requested symbol
# must be in the final .config.  The same fragments (taken from the patched
# tree) are used for every kernel.  KERNEL is baseline or patched (each
# tree's own build), or a variant of the patched tree built in its own O=
# with scripts/config/KERNEL.config merged last: defaults (the Kconfig
# defaults of the policy set), or alone over tinyconfig when the file says
# "# kbuild: minimal" (min, nouserns: build-only kernels).  Incremental:
# kbuild rebuilds only what changed.

. "$(dirname "$0")/lib.sh"

LEG=${1:?usage: kbuild.sh LEG KERNEL}
KERNEL=${2:?usage: kbuild.sh LEG KERNEL}
valid_leg "$LEG"
valid_kernel "$KERNEL"
VARIANT=
case $KERNEL in
baseline | patched) SRC=$BUILD/trees/$LEG-$KERNEL O=$SRC/.kbuild ;;
*) SRC=$BUILD/trees/$LEG-patched O=$SRC/.kbuild-$KERNEL VARIANT=$TOP/scripts/config/$KERNEL.config ;;
esac
# O= is a direct subdirectory of the source tree, so kbuild uses the
# relative srctree "..": the trees then compile to byte-identical command
# lines and ccache shares every object they have in common.
KB=(CC="ccache gcc" KBUILD_BUILD_TIMESTAMP="2026-11-15" KBUILD_BUILD_USER=userns-hardening
	KBUILD_BUILD_HOST=vmtest)
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache} CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=1
LOGF=$LOGDIR/kbuild-$LEG-$KERNEL.log
: >"$LOGF"

fragments() {
	# A variant marked "# kbuild: minimal" is merged alone over tinyconfig.
	if [ -n "$VARIANT" ] && grep -qx '# kbuild: minimal' "$VARIANT"; then
		echo "$VARIANT"
		return
	fi
	echo "$TOP/scripts/config/vm.config"
	local s f
	for s in $(cat "$TOP/scripts/config/suites"); do
		f=$BUILD/trees/$LEG-patched/tools/testing/selftests/$s/config
		[ -f "$f" ] && echo "$f"
	done
	[ -z "$VARIANT" ] || echo "$VARIANT"
	[ -z "${EXTRA_CONFIG:-}" ] || echo "$EXTRA_CONFIG"
}

# Last value wins, as in merge_config.sh.
requested() {
	fragments | xargs cat | sed -n -E \
		-e 's/^(CONFIG_[A-Za-z0-9_]+)=(.*)$/\1 \2/p' \
		-e 's/^# (CONFIG_[A-Za-z0-9_]+) is not set$/\1 n/p' |
		awk '{ v[$1] = $2 } END { for (k in v) print k, v[k] }' | sort
}

verify_config() {
	local sym val bad=()
	while read -r sym val; do
		if [ "$val" = n ]; then
			grep -q "^$sym=" "$O/.config" && bad+=("$sym=n")
		else
			grep -qx "$sym=$val" "$O/.config" || bad+=("$sym=$val")
		fi
	done < <(requested)
	[ ${#bad[@]} -eq 0 ] ||
		die "$STAGE: requested symbols missing from $O/.config (unmet dependencies?): ${bad[*]}"
}

configure() {
	local want have
	# The kernel's sources, not the selftests or documentation: refreshing
	# the selftest patch must not reconfigure (and so rebuild) the kernels.
	want=$( (git -C "$SRC" ls-tree HEAD | grep -v -E $'\t(tools|Documentation|MAINTAINERS)$'
		fragments | xargs cat) | sha256sum | cut -d' ' -f1)
	have=$(cat "$O/.config-stamp" 2>/dev/null || true)
	if [ "$want" = "$have" ] && [ -f "$O/.config" ]; then
		return
	fi
	rm -f "$O/.config-stamp"
	mkdir -p "$O"
	grep -qx '/.kbuild*/' "$SRC/.git/info/exclude" 2>/dev/null || echo '/.kbuild*/' >>"$SRC/.git/info/exclude"
	run "$LOGF" make -C "$SRC" O="$O" tinyconfig
	# shellcheck disable=SC2046
	run "$LOGF" env -C "$SRC" scripts/kconfig/merge_config.sh -m -O "$O" "$O/.config" $(fragments)
	run "$LOGF" make -C "$SRC" O="$O" olddefconfig
	verify_config
	echo "$want" >"$O/.config-stamp"
}

main() {
	stage "kbuild $LEG-$KERNEL"
	[ -d "$SRC/.git" ] || die "$STAGE: $SRC is not prepared (run scripts/trees.sh $LEG)"
	need_space "$BUILD" 3
	configure
	log "building bzImage in $O (-j$JOBS; about 3 min cold)"
	run "$LOGF" make -C "$SRC" O="$O" "${KB[@]}" -j"$JOBS" bzImage
	if [ "$KERNEL" = patched ]; then
		run "$LOGF" make -C "$SRC" O="$O" headers_install
	fi
	[ -f "$O/arch/x86/boot/bzImage" ] || die "$STAGE: no bzImage in $O (log: $LOGF)"
	mkdir -p "$BUILD/kbuild"
	ln -sfn "$O" "$BUILD/kbuild/$LEG-$KERNEL"
	stage_done "$(du -h "$O/arch/x86/boot/bzImage" | cut -f1) bzImage"
}

main "$@"

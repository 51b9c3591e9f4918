#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# send-dryrun.sh [LEG]: write the mails of the series, as b4 would send them
# to LKML, into build/outgoing/ (nothing is ever sent).  In a scratch clone
# of build/trees/LEG-patched (mainline by default): `b4 prep -e` over the
# base, the cover letter from patches/0000-cover-letter.patch, To/Cc from
# scripts/get_maintainer.pl (`b4 prep --auto-to-cc`), then
# `b4 send --no-sign -o build/outgoing`.  Checks that there is one mail per
# patch plus the cover letter and that each has recipients.
# Log: build/logs/send-dryrun.log.

. "$(dirname "$0")/lib.sh"

LEG=${1:-mainline}
valid_leg "$LEG"
PATCHED=$BUILD/trees/$LEG-patched
DIR=$BUILD/trees/send-$LEG
OUT=$BUILD/outgoing
COVER=$SERIES_DIR/patches/0000-cover-letter.patch
LOGF=$LOGDIR/send-dryrun.log
: >"$LOGF"

B4() { (cd "$DIR" && run "$LOGF" "$BUILD/bin/b4" "$@"); }

# The cover letter's subject (without "[PATCH 0/N] ") and body, as b4 keeps
# them: format-patch's headers, shortlog and diffstat are b4's to write.
cover_text() {
	awk '
		!body && /^Subject: / { sub(/^Subject: (\[[^]]*\] )?/, ""); print; next }
		!body && /^$/ { body = 1; print; next }
		body && /^[^ ].* \([0-9]+\):$/ { exit }
		body { print }
	' "$COVER" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}

prepare() {
	local base=$1 name email
	rm -rf "$DIR"
	run "$LOGF" git clone -q --shared "$PATCHED" "$DIR"
	run "$LOGF" git -C "$DIR" checkout -q -b userns-restrict
	name=$(git -C "$DIR" log -1 --format=%an)
	email=$(git -C "$DIR" log -1 --format=%ae)
	git -C "$DIR" config user.name "$name"
	git -C "$DIR" config user.email "$email"
	# b4 wants a mail transport before it writes mails; -o never sends.
	git -C "$DIR" config sendemail.smtpServer /bin/false
	B4 prep -e "$base"
}

verify() {
	local n=$1 mails f
	mails=$(find "$OUT" -name '*.eml' | wc -l)
	[ "$mails" -eq $((n + 1)) ] ||
		die "$STAGE: b4 wrote $mails mails for $n patches and a cover letter (log: $LOGF)"
	# b4 pads the cover letter's number to the width of the count (00/15).
	grep -q -E "^Subject: \[PATCH 0+/$n\] " "$OUT"/0000-*.eml ||
		die "$STAGE: no '[PATCH 0/$n]' cover letter in $OUT (log: $LOGF)"
	for f in "$OUT"/*.eml; do
		grep -q '^To: ' "$f" && grep -q '^Cc: ' "$f" ||
			die "$STAGE: $(basename "$f") has no To: or Cc: (log: $LOGF)"
	done
}

main() {
	local base n editor
	stage "send-dryrun $LEG"
	[ -f "$COVER" ] || die "$STAGE: no cover letter $COVER"
	[ -x "$BUILD/bin/b4" ] || die "$STAGE: no b4 in $BUILD/bin (run scripts/toolchain.sh)"
	[ -d "$PATCHED/.git" ] || die "$STAGE: $PATCHED is not prepared (run scripts/trees.sh $LEG)"
	base=$(git -C "$BUILD/trees/$LEG-baseline" rev-parse HEAD)
	n=$(series_files | wc -l)
	prepare "$base"
	# b4 edits the cover letter in $GIT_EDITOR: the "editor" writes ours.
	cover_text >"$DIR/.git/userns-cover.txt"
	editor=$DIR/.git/userns-cover-editor
	printf '#!/bin/sh\ncat "%s" >"$1"\n' "$DIR/.git/userns-cover.txt" >"$editor"
	chmod +x "$editor"
	(export GIT_EDITOR=$editor; B4 prep --edit-cover)
	# After the cover: b4 keeps To/Cc in it.
	B4 prep --auto-to-cc
	rm -rf "$OUT"
	B4 send --no-sign -o "$OUT"
	verify "$n"
	stage_done "$((n + 1)) mails in $OUT"
	log "cover letter $(ls "$OUT"/0000-*.eml): $(grep -c '^To: ' "$OUT"/0000-*.eml) To: and $(grep -c '^Cc: ' "$OUT"/0000-*.eml) Cc: headers (a header may list several)"
}

main "$@"

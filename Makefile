# SPDX-License-Identifier: GPL-2.0
#
# Entry points of the project; `make help` lists them.  Everything built or
# downloaded goes to build/ or to the cache (~/.cache/userns-hardening).

SHELL := /bin/bash
S := scripts
LEG ?= mainline
KERNEL ?= patched
# After the defaults: "export LEG" alone defines LEG (empty), and ?= would
# then leave it empty.
export KDIR LEG KERNEL OLD

.DEFAULT_GOAL := all
.PHONY: all demo test help toolchain base trees build selftests initramfs \
	check vm-run bench refresh-selftests send-dryrun audit surface cocci-test clean distclean

all: demo ## prepare, apply, build and boot both kernels; the known attacks, open or closed on each (the default)

demo:
	@$(S)/demo.sh

test: ## everything: both legs, every kernel, VM tests (debug leg too), checks, Coccinelle; ends with "N passed, N failed, N skipped"
	@$(S)/test.sh

toolchain: ## install host packages and the Debian sid tool root (sparse, coccinelle, b4)
	@$(S)/toolchain.sh

base: ## download and verify the pinned Debian tree; prepare the distro and mainline base commits
	@$(S)/base-tree.sh >/dev/null

trees: ## LEG=: prepare the baseline tree and apply the series to the patched tree
	@$(S)/trees.sh $(if $(KDIR),custom,$(LEG))

build: trees ## LEG= KERNEL=: configure and build a kernel
	@$(S)/kbuild.sh $(if $(KDIR),custom,$(LEG)) $(KERNEL)

selftests: ## LEG=: build the selftests (static) from the patched tree
	@$(S)/trees.sh $(if $(KDIR),custom,$(LEG))
	@$(S)/kbuild.sh $(if $(KDIR),custom,$(LEG)) patched
	@$(S)/selftests.sh $(if $(KDIR),custom,$(LEG))

initramfs: selftests ## LEG=: build the guest's initramfs
	@$(S)/initramfs.sh $(if $(KDIR),custom,$(LEG))

check: trees ## LEG=: checkpatch --strict, sparse and W=1 vs the baseline, USER_NS=n/CGROUPS=n/defconfig builds, bisect, drift
	@$(S)/kbuild.sh $(if $(KDIR),custom,$(LEG)) baseline
	@$(S)/kbuild.sh $(if $(KDIR),custom,$(LEG)) patched
	@$(S)/check.sh $(if $(KDIR),custom,$(LEG)) | tee build/results/check.tsv | \
		awk -F'\t' '{ print $$4 ": " $$5 } $$5 == "fail" { bad = 1 } END { exit bad }'

vm-run: ## CMD='...' [KERNEL=baseline|patched] [LEG=] [ADD='files']: run CMD as root in a guest
	@test -n "$(CMD)" || { echo "error: vm-run needs CMD='command'"; exit 1; }
	@$(S)/vm-run.sh "$(CMD)" "$(ADD)"

bench: ## [LEG=]: baseline vs patched, boots alternated (BENCH_PAIRS=3); build/results/bench.tsv (not part of test)
	@$(S)/bench.sh $(if $(KDIR),custom,$(LEG))

send-dryrun: trees ## write the series' mails (b4, cover letter, get_maintainer.pl) to build/outgoing; sends nothing
	@$(S)/send-dryrun.sh $(if $(KDIR),custom,$(LEG))

audit: ## [KDIR=]: run coccinelle/*.cocci over the whole tree; build/results/audit.{txt,tsv}, checked against coccinelle/triage.tsv
	@$(if $(KDIR),,$(S)/trees.sh mainline &&) $(S)/audit.sh $(KDIR)

surface: ## [KDIR=] [OLD=tree|surface.tsv]: capability checks and mounts reachable from user namespaces, by subsystem; build/results/surface.{tsv,md} (and surface-diff.{tsv,md} with OLD)
	@$(if $(KDIR),,$(S)/trees.sh mainline &&) $(S)/surface.sh $(KDIR)

cocci-test: ## the Coccinelle scripts' tests (coccinelle/tests/), the surface map's included
	@set -o pipefail; { $(S)/cocci-test.sh; a=$$?; $(S)/surface-test.sh; b=$$?; exit $$((a | b)); } | \
		awk -F'\t' '{ print $$4 ": " $$5 } $$5 == "fail" { bad = 1 } END { exit bad }'

refresh-selftests: ## regenerate the selftest patch from selftests/
	@$(S)/refresh-selftests.sh

clean: ## remove build/ (the cache in ~/.cache/userns-hardening stays)
	rm -rf build

distclean: clean ## also remove the cache (download, base repository, sid root, ccache)
	rm -rf $${XDG_CACHE_HOME:-$$HOME/.cache}/userns-hardening

help: ## this list
	@echo "usage: make [target] [LEG=mainline|distro] [KERNEL=baseline|patched|defaults|debug|min|...] [KDIR=~/src/linux]"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  \1\t/' | expand -t 22

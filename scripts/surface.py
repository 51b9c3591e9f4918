#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Post-processing of coccinelle/surface.cocci (scripts/surface.sh).

  surface.py tsv KDIR REPORT OUT.tsv      report lines -> one row per site,
                                          with the MAINTAINERS section
  surface.py report KDIR TSV OUT.md       the Markdown report
  surface.py diff OLD.tsv NEW.tsv OUT     OUT.tsv and OUT.md: what became
                                          reachable and what went away

Rows are keyed by file, function, check and capability (line numbers move
with every unrelated change); a key that occurs more often in NEW than in
OLD is "added" that many times, less often "removed".
"""

import collections
import os
import re
import subprocess
import sys

COLUMNS = ["file", "line", "function", "check", "capability", "ns_expr",
           "subsystem", "detail"]
FS_CHECK = "FS_USERNS_MOUNT"

# coccinelle/surface.cocci's report lines
CALL_RE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):\d+-\d+: INFO: "
                     r"(?P<function>[^:]+): (?P<check>\w+)\((?P<capability>.*?)\) "
                     r"in (?P<ns_expr>.*?)(?:: file system \"(?P<detail>[^\"]*)\")?$")


# ---------------------------------------------------------------- MAINTAINERS

def _glob_re(pat):
    """get_maintainer.pl's F:/X: patterns: a trailing / matches the whole
    directory; otherwise the pattern must match at the same depth"""
    rx = re.escape(pat).replace(r"\*", ".*").replace(r"\?", ".")
    return re.compile("^" + rx)


def _file_match(path, pat, rx):
    if not rx.match(path):
        return False
    return pat.endswith("/") or path.count("/") == pat.count("/")


class Maintainers:
    """The sections of a tree's MAINTAINERS and their F:, X:, N: patterns,
    matched as scripts/get_maintainer.pl matches them.  A file's subsystem is
    its most specific section: the deepest F: pattern that matches it
    (get_maintainer.pl's pattern depth), then the longest; N: regexes rank
    below any F: pattern.  "THE REST" is never a subsystem: files it alone
    covers get their directory."""

    def __init__(self, kdir):
        self.sections = []
        path = os.path.join(kdir, "MAINTAINERS")
        if not os.path.exists(path):
            return
        with open(path, errors="replace") as fh:
            text = fh.read().split("\n")
        # the sections start after the introduction, at the first
        # "NAME" line followed by a "X:\t" line
        name, cur = None, None
        for i, line in enumerate(text):
            m = re.match(r"^([A-Z]):\s*(.*)$", line)
            if m and name is not None:
                tag, val = m.group(1), m.group(2).strip()
                if tag in "FXN":
                    cur[tag].append(val)
                continue
            if line.strip() and i + 1 < len(text) and re.match(r"^[A-Z]:\s", text[i + 1]):
                name = line.strip()
                cur = {"F": [], "X": [], "N": []}
                self.sections.append((name, cur))
        self.compiled = []
        for name, pats in self.sections:
            if name == "THE REST":
                continue
            fs = []
            for p in pats["F"]:
                if os.path.isdir(os.path.join(kdir, p)) and not p.endswith("/"):
                    p += "/"
                fs.append((p, _glob_re(p)))
            xs = []
            for p in pats["X"]:
                if os.path.isdir(os.path.join(kdir, p)) and not p.endswith("/"):
                    p += "/"
                xs.append((p, _glob_re(p)))
            ns = []
            for p in pats["N"]:
                try:
                    ns.append(re.compile(p))
                except re.error:
                    pass
            self.compiled.append((name, fs, xs, ns))
        self.cache = {}

    def section(self, path):
        if path in self.cache:
            return self.cache[path]
        best, best_score = None, None
        for name, fs, xs, ns in getattr(self, "compiled", []):
            if any(_file_match(path, p, rx) for p, rx in xs):
                continue
            score = None
            for p, rx in fs:
                if _file_match(path, p, rx):
                    s = (1, p.rstrip("/").count("/") + 1, len(p))
                    score = s if score is None or s > score else score
            if score is None and any(r.search(path) for r in ns):
                score = (0, 0, 0)
            if score is not None and (best_score is None or score > best_score):
                best, best_score = name, score
        if best is None:
            d = os.path.dirname(path)
            best = "%s/ (directory)" % "/".join(d.split("/")[:2]) if d else "(top level)"
        self.cache[path] = best
        return best


# ---------------------------------------------------------------- rows

def read_tsv(path):
    with open(path) as fh:
        lines = fh.read().split("\n")
    if not lines or lines[0].split("\t")[:len(COLUMNS)] != COLUMNS:
        sys.exit("surface.py: %s: not a surface.tsv (header %r)" % (path, lines[0] if lines else ""))
    rows = []
    for n, l in enumerate(lines[1:], 2):
        if not l:
            continue
        f = l.split("\t")
        if len(f) != len(COLUMNS):
            sys.exit("surface.py: %s:%d: %d columns, expected %d" % (path, n, len(f), len(COLUMNS)))
        rows.append(dict(zip(COLUMNS, f)))
    return rows


def write_tsv(path, rows, columns=COLUMNS):
    with open(path, "w") as fh:
        fh.write("\t".join(columns) + "\n")
        for r in rows:
            fh.write("\t".join(str(r[c]) for c in columns) + "\n")


def cmd_tsv(kdir, report, out):
    maint = Maintainers(kdir)
    rows, bad = [], []
    with open(report) as fh:
        for l in fh:
            l = l.rstrip("\n")
            if not l:
                continue
            m = CALL_RE.match(l)
            if not m:
                bad.append(l)
                continue
            r = m.groupdict()
            r["detail"] = r["detail"] or ""
            r["subsystem"] = maint.section(r["file"])
            rows.append(r)
    if bad:
        sys.exit("surface.py: %d report line(s) not in surface.cocci's format, first: %s" % (len(bad), bad[0]))
    rows.sort(key=lambda r: (r["file"], int(r["line"]), r["check"], r["capability"]))
    write_tsv(out, rows)


# ---------------------------------------------------------------- report

def cap_numbers(kdir):
    """CAP_* -> bit number, from the tree's uapi header"""
    nums = {}
    try:
        with open(os.path.join(kdir, "include/uapi/linux/capability.h")) as fh:
            for m in re.finditer(r"^#define\s+(CAP_[A-Z_]+)\s+(\d+)\s*$", fh.read(), re.M):
                nums[m.group(1)] = int(m.group(2))
    except OSError:
        pass
    return nums


def tree_name(kdir):
    try:
        out = subprocess.run(["git", "-C", kdir, "log", "-1", "--format=%h %s"],
                             capture_output=True, text=True, check=True).stdout.strip()
        top = subprocess.run(["git", "-C", kdir, "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True).stdout.strip()
        if os.path.realpath(top) == os.path.realpath(kdir):
            return "`%s` at %s" % (os.path.basename(os.path.abspath(kdir)), out)
    except (OSError, subprocess.CalledProcessError):
        pass
    return "`%s`" % os.path.basename(os.path.abspath(kdir))


def is_cap(c):
    return re.match(r"^CAP_[A-Z_]+$", c) is not None


def plural(n, word, many=None):
    return "%d %s" % (n, word if n == 1 else (many or word + "s"))


def by_count(counter):
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def cmd_report(kdir, tsv, out):
    rows = read_tsv(tsv)
    calls = [r for r in rows if r["check"] != FS_CHECK]
    mounts = [r for r in rows if r["check"] == FS_CHECK]
    nums = cap_numbers(kdir)

    cap_sites = collections.Counter(r["capability"] for r in calls)
    cap_subs = collections.defaultdict(collections.Counter)
    sub_sites = collections.Counter(r["subsystem"] for r in calls)
    sub_caps = collections.defaultdict(collections.Counter)
    check_sites = collections.Counter(r["check"] for r in calls)
    for r in calls:
        cap_subs[r["capability"]][r["subsystem"]] += 1
        sub_caps[r["subsystem"]][r["capability"]] += 1
    files = {r["file"] for r in calls}
    named = [(c, n) for c, n in by_count(cap_sites) if is_cap(c)]
    computed = [(c, n) for c, n in by_count(cap_sites) if not is_cap(c)]

    o = []
    w = o.append
    w("# Kernel attack surface reachable from user namespaces")
    w("")
    w("Tree: %s.  Generated by `make surface` (coccinelle/surface.cocci, "
      "scripts/surface.sh); one row per site in `surface.tsv`." % tree_name(kdir))
    w("")
    w("A site is a capability check against a user namespace an unprivileged "
      "user can own (`ns_capable()` and friends with any namespace but "
      "`&init_user_ns`, `netlink_net_capable()`, `sk_net_capable()`, "
      "`capable_wrt_inode_uidgid()`, ...): creating a user namespace (and a "
      "network, mount, ... namespace it owns) passes it.  `capable()`, "
      "`netlink_capable()`, `sk_capable()` and checks against `&init_user_ns` "
      "are not sites.")
    w("")
    w("**%s in %s and %s reachable; %s with a capability computed at run "
      "time; %s mountable in a user namespace (FS_USERNS_MOUNT).**" % (
        plural(len(calls), "call site"), plural(len(files), "file"),
        plural(len(sub_sites), "subsystem"),
        plural(sum(n for _, n in computed), "site"),
        plural(len(mounts), "file system")))
    w("")
    w("## Headline: what a capability ceiling removes")
    w("")
    w("The series' `user.restrict.caps` (a capability ceiling per user "
      "namespace) makes a capability never effective in restricted "
      "namespaces, so every check for it below fails there:")
    w("")
    for c, n in named[:5]:
        extra = ""
        if c == "CAP_SYS_ADMIN" and mounts:
            extra = ", and closes the mounts of %s" % plural(len(mounts), "FS_USERNS_MOUNT file system")
        mask = " (`user.restrict.caps` bit %d, 0x%x)" % (nums[c], 1 << nums[c]) if c in nums else ""
        w("- denying %s%s in unprivileged user namespaces removes %s in %s%s." % (
            c, mask, plural(n, "reachable call site"), plural(len(cap_subs[c]), "subsystem"), extra))
    w("")
    w("## Per capability")
    w("")
    w("| capability | sites | subsystems | where (sites) |")
    w("|---|---:|---:|---|")
    for c, n in named + computed:
        subs = by_count(cap_subs[c])
        where = ", ".join("%s (%d)" % kv for kv in subs[:6])
        if len(subs) > 6:
            where += ", +%d more" % (len(subs) - 6)
        label = c if is_cap(c) else "`%s` (computed)" % c
        w("| %s | %d | %d | %s |" % (label, n, len(subs), where))
    w("")
    w("## Top subsystems by reachable sites")
    w("")
    w("| # | subsystem | sites | capabilities |")
    w("|---:|---|---:|---|")
    for i, (s, n) in enumerate(by_count(sub_sites)[:20], 1):
        caps = ", ".join("%s (%d)" % kv for kv in by_count(sub_caps[s]))
        w("| %d | %s | %d | %s |" % (i, s, n, caps))
    w("")
    w("## Per check")
    w("")
    w("| check | sites |")
    w("|---|---:|")
    for c, n in by_count(check_sites):
        w("| `%s()` | %d |" % (c, n))
    w("")
    w("## File systems with FS_USERNS_MOUNT")
    w("")
    w("`mount_capable()` checks CAP_SYS_ADMIN in `fc->user_ns` (the mounter's "
      "user namespace) instead of the initial namespace for these:")
    w("")
    w("| file system | file_system_type | where | subsystem |")
    w("|---|---|---|---|")
    for r in sorted(mounts, key=lambda r: (r["detail"], r["file"], int(r["line"]))):
        w("| %s | `%s` | %s:%s | %s |" % (r["detail"], r["function"], r["file"], r["line"], r["subsystem"]))
    w("")
    w("## Per subsystem: the capabilities that unlock it")
    w("")
    w("| subsystem | sites | capabilities |")
    w("|---|---:|---|")
    for s in sorted(sub_sites):
        caps = ", ".join("%s (%d)" % kv for kv in by_count(sub_caps[s]))
        w("| %s | %d | %s |" % (s, sub_sites[s], caps))
    w("")
    w("Subsystem: the most specific MAINTAINERS section whose F: patterns "
      "cover the file (as scripts/get_maintainer.pl matches them); the "
      "directory when only THE REST does.  Not counted: checks in macro "
      "bodies spatch does not expand, callers of helpers that wrap a check "
      "under another name (each helper is one site), and the calls inside "
      "the checks' own definitions.")
    with open(out, "w") as fh:
        fh.write("\n".join(o) + "\n")
    print("%s in %s, %s with FS_USERNS_MOUNT; top: %s" % (
        plural(len(calls), "call site"), plural(len(sub_sites), "subsystem"),
        plural(len(mounts), "file system"),
        ", ".join("%s %d/%d" % (c, n, len(cap_subs[c])) for c, n in named[:3])))


# ---------------------------------------------------------------- diff

KEY = ("file", "function", "check", "capability")
DIFF_COLUMNS = ["change", "count"] + list(KEY) + ["ns_expr", "subsystem", "line"]


def cmd_diff(old, new, out):
    old_rows, new_rows = read_tsv(old), read_tsv(new)
    oc = collections.Counter(tuple(r[k] for k in KEY) for r in old_rows)
    nc = collections.Counter(tuple(r[k] for k in KEY) for r in new_rows)
    first = {}
    for r in old_rows + new_rows:   # new rows win: where it is now
        first[tuple(r[k] for k in KEY)] = r
    diff = []
    for key in sorted(set(oc) | set(nc)):
        d = nc[key] - oc[key]
        if d == 0:
            continue
        r = dict(first[key])
        r["change"] = "added" if d > 0 else "removed"
        r["count"] = abs(d)
        diff.append(r)
    diff.sort(key=lambda r: (r["change"], r["file"], r["function"], r["check"], r["capability"]))
    write_tsv(out + ".tsv", diff, DIFF_COLUMNS)
    added = sum(r["count"] for r in diff if r["change"] == "added")
    removed = sum(r["count"] for r in diff if r["change"] == "removed")
    o = ["# Attack surface: what changed", "",
         "Old: `%s` (%d rows); new: `%s` (%d rows); keyed by file, function, "
         "check and capability." % (old, len(old_rows), new, len(new_rows)), "",
         "**%d site(s) became reachable, %d went away.**" % (added, removed), ""]
    for change, title in (("added", "Became reachable"), ("removed", "Went away")):
        o += ["## " + title, ""]
        rs = [r for r in diff if r["change"] == change]
        if not rs:
            o += ["Nothing.", ""]
            continue
        o += ["| file | function | check | capability | namespace | subsystem | sites |",
              "|---|---|---|---|---|---|---:|"]
        for r in rs:
            check = r["check"] if r["check"] == FS_CHECK else r["check"] + "()"
            o.append("| %s | %s | `%s` | %s | `%s` | %s | %d |" % (
                r["file"], r["function"], check, r["capability"], r["ns_expr"],
                r["subsystem"], r["count"]))
        o.append("")
    with open(out + ".md", "w") as fh:
        fh.write("\n".join(o))
    print("%d site(s) became reachable, %d went away" % (added, removed))


def main(argv):
    cmds = {"tsv": (cmd_tsv, 3), "report": (cmd_report, 3), "diff": (cmd_diff, 3)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) != cmds[argv[1]][1] + 2:
        sys.exit(__doc__)
    fn = cmds[argv[1]][0]
    fn(*argv[2:])


if __name__ == "__main__":
    main(sys.argv)

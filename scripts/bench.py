#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench.py: the table of `make bench` from the guests' output.

usage: bench.py --tsc TICKS_PER_US --unit UNIT --mode MODE --tsv OUT [--rounds OUT]
                KERNEL:PAIR:FILE...
       bench.py --check FILE    (one run's output is well formed)

Each FILE is the ttyS1 output of one boot (scripts/vm.sh), holding the
BENCH and BENCH-POLICY lines of scripts/bench/userns_bench.c for the policy
off and on.  Per metric and policy, the figure of a kernel is the median of
every round of all its boots; the ratio is patched / baseline.  The table
printed also shows the spread: the interquartile range of the rounds
relative to their median, and the lowest and highest ratio of the pairs
(boot i of the patched kernel against boot i of the baseline).
"""

import argparse
import statistics
import sys

TARGET = {"off": 1.01, "on": 1.02}


def fail(msg):
    print(f"error: bench.py: {msg}", file=sys.stderr)
    sys.exit(1)


def parse(path):
    """{(metric, policy): [rounds]}, {policy: state} of one boot."""
    rows, states = {}, {}
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError as e:
        fail(f"{path}: {e.strerror}")
    for line in lines:
        f = line.rstrip("\r").split("\t")
        if f[0] == "BENCH-POLICY" and len(f) == 3:
            states[f[1]] = f[2]
        elif f[0] == "BENCH-LAYOUT" and len(f) == 2:
            states.setdefault("layout", set()).add(f[1])
        elif f[0] == "BENCH" and len(f) == 6:
            if f[2] != "tsc/op":
                fail(f"{path}: unexpected unit {f[2]!r}")
            try:
                rows[(f[1], f[3])] = [float(v) for v in f[5].split(",")]
            except ValueError:
                fail(f"{path}: bad rounds in {line!r}")
    if not rows:
        fail(f"{path}: no BENCH lines")
    return rows, states


def iqr_pct(v):
    if len(v) < 4:
        return 0.0
    q = statistics.quantiles(v, n=4)
    return 100.0 * (q[2] - q[0]) / statistics.median(v)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        rows, states = parse(sys.argv[2])
        # A host may refuse a fixed layout (seccomp): warned, not an error.
        layout = states.pop("layout", set())
        if not layout or not layout <= {"fixed", "random"}:
            fail(f"{sys.argv[2]}: layout {sorted(layout)}, expected fixed or random")
        if states != {"off": "off"}:
            fail(f"{sys.argv[2]}: policy states {states}, expected off only")
        bad = [k for k, v in rows.items() if not v or min(v) <= 0]
        if bad:
            fail(f"{sys.argv[2]}: no positive time for {bad}")
        print(f"{len(rows)} metrics, well formed")
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--tsc", type=float, required=True)
    ap.add_argument("--unit", default="ns/op")
    ap.add_argument("--mode", default="wall")
    ap.add_argument("--tsv", required=True)
    ap.add_argument("--rounds")
    ap.add_argument("boots", nargs="+")
    a = ap.parse_args()
    if a.tsc <= 0:
        fail("--tsc must be positive")

    # data[kernel][pair] = rows of that boot
    data = {"baseline": {}, "patched": {}}
    order = []
    for b in a.boots:
        try:
            kernel, pair, path = b.split(":", 2)
        except ValueError:
            fail(f"bad boot {b!r} (expected KERNEL:PAIR:FILE)")
        if kernel not in data:
            fail(f"bad kernel {kernel!r}")
        rows, states = parse(path)
        # Our guests allow personality(): a random layout is a broken run.
        if states.get("layout") != {"fixed"}:
            fail(f"{path}: address space layout {sorted(states.get('layout', []))}, expected fixed")
        # The "on" rows mean something only if the policy really was on.
        want = {"baseline": "absent", "patched": "enforced"}[kernel]
        if states.get("on") != want:
            fail(f"{path}: policy on reported {states.get('on')!r}, expected {want!r}")
        data[kernel][pair] = rows
        for key in rows:
            if key not in order:
                order.append(key)
    pairs = sorted(set(data["baseline"]) & set(data["patched"]))
    if not pairs:
        fail("no pair of baseline and patched boots")

    def ns(ticks):
        return ticks * 1000.0 / a.tsc

    out, raw = [], []
    for metric, policy in order:
        pooled = {}
        for k in data:
            pooled[k] = [ns(v) for p in pairs for v in data[k][p].get((metric, policy), [])]
            if not pooled[k]:
                fail(f"{metric} (policy {policy}) missing on the {k} kernel")
            for p in pairs:
                for i, v in enumerate(data[k][p].get((metric, policy), [])):
                    raw.append((k, p, policy, metric, i + 1, ns(v)))
        base = statistics.median(pooled["baseline"])
        patch = statistics.median(pooled["patched"])
        per_pair = [statistics.median(data["patched"][p][(metric, policy)]) /
                    statistics.median(data["baseline"][p][(metric, policy)])
                    for p in pairs]
        out.append({
            "name": f"{metric},policy={policy}", "policy": policy,
            "base": base, "patch": patch, "ratio": patch / base,
            "biqr": iqr_pct(pooled["baseline"]), "piqr": iqr_pct(pooled["patched"]),
            "pmin": min(per_pair), "pmax": max(per_pair),
            "n": (len(pooled["baseline"]), len(pooled["patched"])),
        })

    with open(a.tsv, "w", encoding="utf-8") as f:
        f.write("metric\tunit\tbaseline\tpatched\tratio\n")
        for r in out:
            f.write(f"{r['name']}\t{a.unit}\t{r['base']:.0f}\t{r['patch']:.0f}\t{r['ratio']:.3f}\n")
    if a.rounds:
        with open(a.rounds, "w", encoding="utf-8") as f:
            f.write(f"kernel\tpair\tpolicy\tmetric\tround\t{a.unit}\n")
            for k, p, pol, m, i, v in raw:
                f.write(f"{k}\t{p}\t{pol}\t{m}\t{i}\t{v:.0f}\n")

    w = max(len(r["name"]) for r in out)
    print(f"{'metric':<{w}}  {'unit':<7}{'baseline':>10} {'patched':>10}  ratio  target"
          f"  iqr% b/p    pair ratios")
    miss = 0
    for r in out:
        target = TARGET[r["policy"]]
        ok = r["ratio"] <= target
        miss += not ok
        print(f"{r['name']:<{w}}  {a.unit:<7}{r['base']:>10.0f} {r['patch']:>10.0f}  "
              f"{r['ratio']:.3f}  {'<=' if ok else '>'}{target:.2f}"
              f"  {r['biqr']:4.1f}/{r['piqr']:<4.1f}  {r['pmin']:.3f}-{r['pmax']:.3f}")
    n = out[0]["n"]
    clock = {"icount": "QEMU -icount: virtual ns, one per emulated instruction",
             "wall": "QEMU TCG, host ns"}.get(a.mode, a.mode)
    print(f"{len(pairs)} pairs of boots, {n[0]} rounds per kernel and row ({clock}); "
          f"times are emulated, only the ratios mean something.")
    print(f"{miss} of {len(out)} ratios above target "
          f"(<= {TARGET['off']} policy off, <= {TARGET['on']} policy on).")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare the upstream regression set between the baseline and patched kernel.

usage: regression.py SUMMARY_TSV LEG

Every test case of the upstream collections (all but the project's own
userns_restrict) that passes on LEG's baseline kernel must not fail (or go
missing) on its patched kernel.  A case that passes on the baseline and
SKIPs on the patched kernel is listed on stderr, not failed: some upstream
cases skip intermittently under TCG on either kernel (ns_active_ref_test).
Prints one summary row,
LEG<TAB>-<TAB>check<TAB>upstream-regression<TAB>pass|fail, and on stderr
the count compared and every case that regressed.  A leg with no baseline
pass to compare fails: the comparison would check nothing.
"""
import sys

OWN = 'userns_restrict'


def main():
    path, leg = sys.argv[1:3]
    results = {}
    with open(path) as f:
        next(f)
        for line in f:
            row = line.rstrip('\n').split('\t')
            if len(row) != 5 or row[0] != leg or row[2] == OWN:
                continue
            _, kernel, suite, test, res = row
            if kernel in ('baseline', 'patched'):
                results.setdefault((suite, test), {})[kernel] = res
    compared = [k for k, v in results.items() if v.get('baseline') == 'pass']
    regressed = sorted(k for k in compared
                       if results[k].get('patched') not in ('pass', 'skip'))
    for suite, test in sorted(k for k in compared if results[k].get('patched') == 'skip'):
        print(f'note on {leg}: {suite} {test}: baseline pass, patched skip', file=sys.stderr)
    for suite, test in regressed:
        print(f'regression on {leg}: {suite} {test}: baseline pass, patched '
              f'{results[(suite, test)].get("patched", "missing")}', file=sys.stderr)
    print(f'{leg}: {len(compared)} upstream cases pass on the baseline kernel, '
          f'{len(regressed)} of them do not on the patched one', file=sys.stderr)
    ok = compared and not regressed
    print(f'{leg}\t-\tcheck\tupstream-regression\t{"pass" if ok else "fail"}')


if __name__ == '__main__':
    main()

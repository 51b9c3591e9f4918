#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the results of `make test` and the closing count line.

usage: summary.py build/results/summary.tsv

Prints, per leg, a table of every test with its baseline and patched
result (checks have one result; a kernel variant such as "defaults" gets
a column of its own), then "N passed, N failed, N skipped"; an "xfail"
(a baseline kernel showing a bug the series fixes, as expected) counts
as passed
alone on the last line.  Exits 1 if any row failed or no row exists.
"""
import collections
import sys


def main():
    path = sys.argv[1]
    with open(path) as f:
        lines = f.read().splitlines()
    header, rows = lines[0], [l.split('\t') for l in lines[1:] if l]
    assert header == 'leg\tkernel\tsuite\ttest\tresult', header
    table = collections.OrderedDict()
    for leg, kernel, suite, test, res in rows:
        table.setdefault((leg, suite, test), {})[kernel] = res
    counts = collections.Counter(r[4] for r in rows)
    legs = list(dict.fromkeys(k[0] for k in table))
    width = max([len(f'{s} {t}') for _, s, t in table] + [20])
    extra = [k for k in dict.fromkeys(r[1] for r in rows)
             if k not in ('baseline', 'patched', '-')]
    for leg in legs:
        print(f'\n{leg}')
        print(f'  {"test".ljust(width)}  baseline  patched   ' + '  '.join(extra))
        for (l, suite, test), res in table.items():
            if l != leg:
                continue
            name = f'{suite} {test}'.ljust(width)
            if '-' in res:
                print(f'  {name}  {res["-"]}')
            else:
                cols = [res.get(k, '-').ljust(8) for k in ['baseline', 'patched'] + extra]
                print(f'  {name}  ' + '  '.join(cols).rstrip())
    failed = [r for r in rows if r[4] == 'fail']
    if failed:
        print('\nfailed:')
        for r in failed:
            print('  ' + ' '.join(r[:4]))
    if counts['xfail']:
        print(f'\n{counts["xfail"]} of the passes are "xfail": a baseline kernel showing a bug '
              'the series fixes (scripts/config/baseline-bugs)')
    print(f'\n{counts["pass"] + counts["xfail"]} passed, {counts["fail"]} failed, {counts["skip"]} skipped')
    sys.exit(1 if failed or not rows else 0)


if __name__ == '__main__':
    main()

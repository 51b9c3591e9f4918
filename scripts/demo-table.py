#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table `make` (scripts/demo.sh) ends with: each known attack, open or
closed on the baseline and on the patched kernel, what closes it, the
guide section and the selftest.

usage: demo-table.py [--attacks FILE] [--leg LEG] [--out TSV] RESULTS_TSV
       demo-table.py [--attacks FILE] --tests
       demo-table.py [--attacks FILE] --lint

RESULTS_TSV holds leg<TAB>kernel<TAB>suite<TAB>test<TAB>result rows, as
scripts/tap2tsv.py prints them (build/results/demo.tsv, or summary.tsv with
--leg).  FILE (scripts/config/demo-attacks) lists the attacks and the test
cases that show each one on either kernel.  Every cell comes from a case
of RESULTS_TSV; a case that did not report is "not run".  Writes the table
as TSV to --out (default build/results/demo-table.tsv) and exits 1 when a
patched row is not "closed", a listed case did not run, or a case or
binary of the tests the table uses failed; the reasons are printed last.

--tests prints the suite:binary list the table needs (the kselftest
runner's -t syntax); --lint checks FILE against the sources: every case
exists in selftests/, every guide label in the series, every "patch NNNN"
in patches/.
"""
import argparse
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIELDS = ('attack', 'baseline', 'shows', 'patched', 'closed_by', 'guide', 'selftest')
LEGEND = 'open = the attack works; closed = refused'
LABEL = 'container_lockdown_'


def die(msg):
    print(f'error: demo-table.py: {msg}', file=sys.stderr)
    sys.exit(2)


def read_attacks(path):
    rows = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            cols = line.split('\t')
            if len(cols) != len(FIELDS):
                die(f'{path}:{n}: {len(cols)} tab-separated fields, expected {len(FIELDS)}')
            row = dict(zip(FIELDS, (c.strip() for c in cols)))
            if row['shows'] not in ('open', 'closed'):
                die(f'{path}:{n}: "pass shows" is "{row["shows"]}", expected open or closed')
            for col in ('baseline', 'patched'):
                case = row[col]
                if col == 'baseline' and case == '-':
                    continue
                if not re.fullmatch(r'[\w-]+:[\w.-]+/[\w.]+', case):
                    die(f'{path}:{n}: {col} case "{case}" is not suite:binary/case')
            rows.append(row)
    if not rows:
        die(f'{path}: no attacks')
    return rows


def binary_of(case):
    suite, test = case.split(':', 1)
    return suite, test.split('/', 1)[0]


def needed_binaries(attacks):
    out = []
    for a in attacks:
        for case in (a['baseline'], a['patched']):
            if case != '-' and binary_of(case) not in out:
                out.append(binary_of(case))
    return out


def read_results(path, leg):
    rows = []
    with open(path) as f:
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if len(cols) != 5 or cols == ['leg', 'kernel', 'suite', 'test', 'result']:
                continue
            if leg is None or cols[0] == leg:
                rows.append(cols)
    legs = sorted({r[0] for r in rows if r[1] in ('baseline', 'patched')})
    if len(legs) > 1:
        die(f'{path} holds the legs {", ".join(legs)}: choose one with --leg')
    return rows, (legs[0] if legs else leg or '?')


def lookup(rows, kernel, case, used):
    """The result of CASE on KERNEL, or None.  tap2tsv.py may append a
    reason in parentheses ("... (bug not reproduced on the baseline)")."""
    suite, test = case.split(':', 1)
    found = None
    for i, (_, k, s, t, res) in enumerate(rows):
        if k == kernel and s == suite and (t == test or t.startswith(test + ' (')):
            used.add(i)
            found = res
    return found


def short(case):
    return case.split(':', 1)[1]


def baseline_cell(case, shows, res):
    if case == '-':
        return 'no test'
    if res is None:
        return 'not run'
    if res == 'xfail':  # a case of scripts/config/baseline-bugs sees its bug
        return 'open'
    if res == 'pass':
        return shows
    return res


def patched_cell(res):
    if res is None:
        return 'not run'
    return 'closed' if res == 'pass' else res


def table(attacks, rows, leg):
    used, out, problems = set(), [], []
    for a in attacks:
        bres = None if a['baseline'] == '-' else lookup(rows, 'baseline', a['baseline'], used)
        pres = lookup(rows, 'patched', a['patched'], used)
        base = baseline_cell(a['baseline'], a['shows'], bres)
        patched = patched_cell(pres)
        out.append(dict(a, base_cell=base, patched_cell=patched,
                        base_res=bres or ('-' if a['baseline'] == '-' else 'not run'),
                        patched_res=pres or 'not run'))
        issues = []
        if patched != 'closed':
            issues.append(f'    patched   {patched:8}  {short(a["patched"])}')
        if base in ('not run', 'fail'):
            issues.append(f'    baseline  {base:8}  {short(a["baseline"])}')
        if issues:
            what = 'NOT CLOSED' if patched != 'closed' else 'baseline not shown'
            problems.append('\n'.join([f'  {what}: {a["attack"]}'] + issues))
    # Anything else that failed in the binaries the table uses, or a boot.
    binaries = needed_binaries(attacks)
    for i, (_, k, s, t, res) in enumerate(rows):
        if i in used or res != 'fail' or k not in ('baseline', 'patched'):
            continue
        b = t.split('/', 1)[0].split(' ', 1)[0]
        if s == 'vm' or (s, b) in binaries:
            problems.append(f'  also failed on the {k} kernel: {s} {t}')
    return out, problems


def print_table(out, leg, tsv):
    heads = ('attack', 'baseline', 'patched', 'closed by', 'guide', 'selftest')
    cells = [(r['attack'], r['base_cell'], r['patched_cell'], r['closed_by'],
              r['guide'][len(LABEL):] if r['guide'].startswith(LABEL) else r['guide'],
              r['selftest']) for r in out]
    widths = [max(len(c[i]) for c in cells + [heads]) for i in range(len(heads))]

    def line(c):
        return '  '.join(x.ljust(w) for x, w in zip(c, widths)).rstrip()
    print(f'Known attacks on the baseline and the patched kernel ({leg} leg)')
    print(LEGEND)
    print()
    print(line(heads))
    print(line(['-' * w for w in widths]))
    for c in cells:
        print(line(c))
    print()
    print(f'guide:    section ".. _{LABEL}<guide>:" of')
    print('          Documentation/admin-guide/namespaces/container-lockdown.rst')
    print('selftest: in tools/testing/selftests/userns_restrict/ (selftests/ here);')
    print(f'          the test case behind each cell: {tsv}')
    print('no test:  no test case shows the attack on the baseline kernel')
    print('not run:  the test case did not report (a crash, a timeout, not built)')


def write_tsv(out, path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w') as f:
        f.write('attack\tbaseline\tpatched\tclosed_by\tguide\tselftest\t'
                'baseline_case\tbaseline_result\tpatched_case\tpatched_result\n')
        for r in out:
            f.write('\t'.join((r['attack'], r['base_cell'], r['patched_cell'],
                               r['closed_by'], r['guide'], r['selftest'],
                               r['baseline'], r['base_res'], r['patched'],
                               r['patched_res'])) + '\n')


def source_cases(path):
    """fixture[.variant].test names a kselftest_harness file defines."""
    with open(path, errors='replace') as f:
        src = f.read()
    variants, tests = {}, []
    for m in re.finditer(r'^\s*FIXTURE_VARIANT_ADD\(\s*(\w+)\s*,\s*(\w+)', src, re.M):
        variants.setdefault(m.group(1), []).append(m.group(2))
    for m in re.finditer(r'^\s*TEST(?:_SIGNAL)?\(\s*(\w+)', src, re.M):
        tests.append(('global', m.group(1)))
    for m in re.finditer(r'^\s*TEST_F(?:_SIGNAL|_TIMEOUT)?\(\s*(\w+)\s*,\s*(\w+)', src, re.M):
        tests.append((m.group(1), m.group(2)))
    names = set()
    for fixture, test in tests:
        for v in variants.get(fixture, [None]):
            names.add(f'{fixture}.{v}.{test}' if v else f'{fixture}.{test}')
    return names


def lint(attacks, top):
    bad = []
    labels = set()
    patches = os.listdir(os.path.join(top, 'patches'))
    for p in patches:
        with open(os.path.join(top, 'patches', p), errors='replace') as f:
            labels.update(re.findall(r'^\+\.\. _(\w+):\s*$', f.read(), re.M))
    bugs = set()
    with open(os.path.join(top, 'scripts/config/baseline-bugs')) as f:
        for line in f:
            line = line.split('#', 1)[0].split()
            if line:
                bugs.add(line[0])
    cache = {}
    for a in attacks:
        name = a['attack']
        for col in ('baseline', 'patched'):
            case = a[col]
            if case == '-':
                continue
            suite, test = case.split(':', 1)
            binary, cname = test.split('/', 1)
            if suite != 'userns_restrict':
                continue  # upstream suites: not in this tree
            src = os.path.join(top, 'selftests', binary + '.c')
            if not os.path.exists(src):
                bad.append(f'{name}: {col}: no selftests/{binary}.c')
                continue
            if src not in cache:
                cache[src] = source_cases(src)
            if cname not in cache[src]:
                bad.append(f'{name}: {col}: selftests/{binary}.c has no case {cname}')
        if a['baseline'] in bugs and a['shows'] != 'open':
            bad.append(f'{name}: {a["baseline"]} replays a bug (baseline-bugs): '
                       'its xfail shows "open"')
        if a['selftest'] != binary_of(a['patched'])[1] + '.c':
            bad.append(f'{name}: selftest {a["selftest"]} does not hold the patched case')
        if a['guide'] != '-' and a['guide'] not in labels:
            bad.append(f'{name}: no label ".. _{a["guide"]}:" in patches/')
        m = re.fullmatch(r'patch (\d{4})', a['closed_by'])
        if m and not any(p.startswith(m.group(1) + '-') for p in patches):
            bad.append(f'{name}: no patches/{m.group(1)}-*.patch')
    return bad


def main():
    ap = argparse.ArgumentParser(description='the demo table')
    ap.add_argument('--attacks', default=os.path.join(TOP, 'scripts/config/demo-attacks'))
    ap.add_argument('--leg')
    ap.add_argument('--out', default=os.path.join(
        os.environ.get('BUILD') or os.path.join(TOP, 'build'), 'results', 'demo-table.tsv'))
    ap.add_argument('--tests', action='store_true')
    ap.add_argument('--lint', action='store_true')
    ap.add_argument('--top', default=TOP, help=argparse.SUPPRESS)
    ap.add_argument('results', nargs='?')
    args = ap.parse_args()
    attacks = read_attacks(args.attacks)
    if args.tests:
        for suite, binary in needed_binaries(attacks):
            print(f'{suite}:{binary}')
        return 0
    if args.lint:
        bad = lint(attacks, args.top)
        for b in bad:
            print(f'{args.attacks}: {b}')
        return 1 if bad else 0
    if not args.results:
        die('no results file (leg kernel suite test result rows)')
    rows, leg = read_results(args.results, args.leg)
    out, problems = table(attacks, rows, leg)
    write_tsv(out, args.out)
    shown = os.path.relpath(args.out, TOP)
    print_table(out, leg, args.out if shown.startswith('..') else shown)
    print()
    closed = sum(r['patched_cell'] == 'closed' for r in out)
    if problems:
        print(f'{closed} of {len(out)} attacks shown closed on the patched kernel; '
              'the demo FAILED:')
        for p in problems:
            print(p)
        return 1
    print(f'{closed} of {len(out)} attacks closed on the patched kernel')
    return 0


if __name__ == '__main__':
    sys.exit(main())

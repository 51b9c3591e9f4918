#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the kselftest runner's TAP (from the guest's ttyS1) into summary rows.

usage: tap2tsv.py LEG KERNEL OUTPUT_LOG TESTS_FILE [BUGS_FILE]

Prints leg<TAB>kernel<TAB>suite<TAB>test<TAB>result rows, one per test case
(the nested TAP of a kselftest_harness binary or a ksft_* test), or one per
binary when it printed no cases.  A binary whose exit status says failure
while none of its cases failed gets its own failing row; a test listed in
TESTS_FILE that never reported is a failing row too.

BUGS_FILE lists cases that replay a bug the series fixes, each with the
text its output must contain when it sees the bug.  On the baseline
kernel such a case must fail with that text: its failure is reported as
"xfail" (the test sees the bug); a pass there, or a failure without the
text (it failed for another reason, e.g. in its setup), is a failing
row; a skip stays a skip.
"""
import re
import sys

TOP = re.compile(r'^(not )?ok \d+ selftests: (\S+): (\S+)(.*)$')
HDR = re.compile(r'^# selftests: (\S+): (\S+)$')
CASE = re.compile(r'^# (not )?ok \d+ (.*?)(?:\s+#\s*(SKIP|XFAIL|TODO)\b.*)?$')


def result(notok, directive):
    if directive == 'SKIP':
        return 'skip'
    if directive in ('XFAIL', 'TODO'):
        return 'pass' if notok else 'fail'
    return 'fail' if notok else 'pass'


def read_bugs(path):
    """{(suite, binary/case): marker} from lines "suite:binary/case<TAB>patch<TAB>marker"."""
    bugs = {}
    with open(path) as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            fields = line.rstrip('\n').split('\t')
            suite, case = fields[0].split(':', 1)
            bugs[(suite, case)] = fields[2] if len(fields) > 2 else ''
    return bugs


def main():
    leg, kernel, log, tests_file = sys.argv[1:5]
    bugs = read_bugs(sys.argv[5]) if len(sys.argv) > 5 else {}
    if kernel != 'baseline':
        bugs = {}
    expected = []
    with open(tests_file) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                expected.append(tuple(line.split(':', 1)))
    rows, seen, cases, text = [], set(), [], []
    with open(log, errors='replace') as f:
        for raw in f:
            line = raw.rstrip('\r\n')
            m = HDR.match(line)
            if m:
                cases, text = [], []
                continue
            m = CASE.match(line)
            if m:
                cases.append((m.group(2).strip(), result(m.group(1), m.group(3)),
                              '\n'.join(text)))
                text = []
                continue
            text.append(line)
            m = TOP.match(line)
            if not m:
                continue
            suite, binary, rest = m.group(2), m.group(3), m.group(4)
            seen.add((suite, binary))
            skip = re.search(r'#\s*SKIP\b', rest) is not None
            top = 'skip' if skip else ('fail' if m.group(1) else 'pass')
            for name, res, out in cases:
                test = f'{binary}/{name}'
                marker = bugs.get((suite, test))
                if marker is not None and res == 'fail':
                    if marker in out:
                        res = 'xfail'
                    else:
                        test += ' (failed, but not on the bug it replays)'
                elif marker is not None and res == 'pass':
                    test += ' (bug not reproduced on the baseline)'
                    res = 'fail'
                rows.append((suite, test, res))
            if not cases:
                rows.append((suite, binary, top))
            elif top == 'fail' and not any(r == 'fail' for _, r, _ in cases):
                why = rest.strip().lstrip('#').strip() or 'exit status'
                rows.append((suite, f'{binary} ({why})', 'fail'))
            cases = []
    for suite, binary in expected:
        if (suite, binary) not in seen:
            rows.append((suite, f'{binary} (never reported)', 'fail'))
    for suite, test, res in rows:
        print(f'{leg}\t{kernel}\t{suite}\t{test}\t{res}')


if __name__ == '__main__':
    main()

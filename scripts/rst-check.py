#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check reStructuredText files the way the kernel's Sphinx build would
parse them, without Sphinx: docutils with the Sphinx-only constructs the
kernel documentation uses (:ref:, :doc:, toctree, code-block) registered
as no-ops.  Prints every message of level WARNING or above as
"file:line: message" and exits 1 if there is one.

usage: rst-check.py FILE...
"""
import sys

import docutils.core
import docutils.nodes
import docutils.utils
from docutils.parsers.rst import Directive, directives, roles


def generic_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [docutils.nodes.literal(rawtext, text)], []


class Ignored(Directive):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = None

    def run(self):
        return []


class AnyOptions(dict):
    def __missing__(self, key):
        return directives.unchanged


def main():
    for r in ('ref', 'doc', 'c:func', 'c:type', 'manpage'):
        roles.register_local_role(r, generic_role)
    Ignored.option_spec = AnyOptions()
    directives.register_directive('toctree', Ignored)
    failed = False
    for path in sys.argv[1:]:
        with open(path) as f:
            text = f.read()
        doc = docutils.core.publish_doctree(
            text, source_path=path,
            settings_overrides={'report_level': 5, 'halt_level': 5,
                                'warning_stream': False})
        for msg in doc.traverse(docutils.nodes.system_message):
            if msg['level'] >= docutils.utils.Reporter.WARNING_LEVEL:
                print(msg.astext().splitlines()[0])
                failed = True
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()

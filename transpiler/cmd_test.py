"""``rego2py test PATH...``: run the ``test_*`` rules of Rego files, like ``opa test``.

A test passes when its rule is defined and not false; it fails when it is
undefined or false, and errs when evaluating it raises.
"""

from __future__ import annotations

import re
import sys
import time

from .compiler.names import ref_text
from .build import collect_sources, compile_sources


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help=".rego files or directories")
    p.add_argument("-r", "--run", metavar="REGEX", help="only the tests whose full name matches")
    p.add_argument("-v", "--verbose", action="store_true", help="show every test's result")
    p.add_argument("--strict", action="store_true", help="builtin errors are errors")


def discover(prog):
    """(package path, rule name, leaf) of every test rule, in source order."""
    from .compiler.tree import Leaf

    tests = []
    for el in prog.tree.walk():
        if isinstance(el, Leaf) and el.kind == "complete" and el.path[-1].startswith("test_"):
            tests.append(el)
    tests.sort(key=lambda leaf: (leaf.rules[0].pos.file, leaf.rules[0].pos.line) if leaf.rules else ("", 0))
    return tests


def run(args) -> int:
    from .runtime.errors import RegoRuntimeError
    from .runtime.gen import EMPTY_CTX, UNDEF

    try:
        files = collect_sources(args.paths, include_tests=True)
    except FileNotFoundError as exc:
        print(f"rego2py test: {exc}", file=sys.stderr)
        return 2
    prog, pysrc, errors = compile_sources(files, strict=args.strict)
    for err in errors:
        print(err.render(), file=sys.stderr)
    if prog is None:
        return 2
    prog.load(pysrc)
    pattern = re.compile(args.run) if args.run else None
    passed = failed = 0
    for leaf in discover(prog):
        name = "data." + ".".join(leaf.path)
        if pattern and not pattern.search(name):
            continue
        key, fname = prog.function_of(leaf)
        fn = getattr(prog.python_modules[ref_text(key)], fname)
        where = f"{leaf.rules[0].pos.file}:{leaf.rules[0].pos.line}" if leaf.rules else "?"
        start = time.perf_counter()
        try:
            value = fn(UNDEF, EMPTY_CTX)
            error = None
        except RegoRuntimeError as exc:
            value, error = UNDEF, f"{exc.code}: {exc.message}"
        took = (time.perf_counter() - start) * 1000
        ok = error is None and value is not UNDEF and value is not False
        if ok:
            passed += 1
            if args.verbose:
                print(f"PASS {name} ({where}, {took:.2f}ms)")
        else:
            failed += 1
            why = error or ("undefined" if value is UNDEF else "false")
            print(f"FAIL {name} ({where}): {why}")
    if errors:
        failed += len(errors)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0

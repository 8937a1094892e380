"""``rego2py test PATH...``: run the ``test_*`` rules of Rego files, like ``opa test``.

A test passes when its rule is defined and not false; it fails when it is
undefined or false, and errs when evaluating it raises. A package rego2py
refuses, or that reads the rules of one refused, is reported (stderr, with the
chain of refusals) and counted as refused.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass

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


@dataclass
class Outcome:
    name: str  # data.pkg.test_x
    where: str  # file:line
    ok: bool
    why: str | None  # "undefined", "false" or the error, when not ok
    ms: float
    printed: list  # the test's print output
    notes: list  # its trace notes (kept when ``notes`` is asked)


def run_tests(files, *, strict: bool = False, pattern=None, notes: bool = False):
    """(outcomes of the test rules, errors of the files and packages refused);
    the outcomes are None when nothing could be compiled."""
    from .runtime.errors import RegoRuntimeError
    from .runtime.gen import UNDEF, Ctx
    from .runtime.evaluation import Evaluation

    prog, pysrc, errors = compile_sources(files, strict=strict)
    if prog is None:
        return None, errors
    prog.load(pysrc)
    outcomes = []
    for leaf in discover(prog):
        name = "data." + ".".join(leaf.path)
        if pattern and not pattern.search(name):
            continue
        key, fname = prog.function_of(leaf)
        fn = getattr(prog.python_modules[ref_text(key)], fname)
        where = f"{leaf.rules[0].pos.file}:{leaf.rules[0].pos.line}" if leaf.rules else "?"
        # each test is one evaluation; its print output and trace notes are kept,
        # and shown (like `opa test`) for a failing test, or for all with -v
        printed: list[str] = []
        traced: list[str] = []
        ctx = Ctx(ev=Evaluation(printer=printed.append, tracer=traced.append if notes else None))
        start = time.perf_counter()
        try:
            value = fn(UNDEF, ctx)
            error = None
        except RegoRuntimeError as exc:
            value, error = UNDEF, f"{exc.code}: {exc.message}"
        took = (time.perf_counter() - start) * 1000
        ok = error is None and value is not UNDEF and value is not False
        why = None if ok else error or ("undefined" if value is UNDEF else "false")
        outcomes.append(Outcome(name, where, ok, why, took, printed, traced))
    return outcomes, errors


def run(args) -> int:
    try:
        files = collect_sources(args.paths, include_tests=True)
    except FileNotFoundError as exc:
        print(f"rego2py test: {exc}", file=sys.stderr)
        return 2
    pattern = re.compile(args.run) if args.run else None
    outcomes, errors = run_tests(files, strict=args.strict, pattern=pattern, notes=args.verbose)
    for err in errors:
        print(err.render(), file=sys.stderr)
    if outcomes is None:
        return 2
    passed = failed = 0
    for o in outcomes:
        if o.ok:
            passed += 1
            if args.verbose:
                print(f"PASS {o.name} ({o.where}, {o.ms:.2f}ms)")
                _show(o.printed, o.notes)
        else:
            failed += 1
            print(f"FAIL {o.name} ({o.where}): {o.why}")
            _show(o.printed, o.notes)
    # a refused file or package (and every package reading its rules) is not
    # run: it is counted apart, never as a pass
    print(f"{passed} passed, {failed} failed" + (f", {len(errors)} refused" if errors else ""))
    return 1 if failed or errors else 0


def _show(printed: list[str], notes: list[str]) -> None:
    """A test's print output and trace notes, indented under its line."""
    if not printed and not notes:
        return
    print()
    for line in printed:
        print(f"  {line}")
    for note in notes:
        print(f"  Note {_quote(note)}")
    print()


def _quote(note: str) -> str:
    import json

    return json.dumps(note, ensure_ascii=False)

"""``rego2py test PATH...``: run the ``test_*`` rules of Rego files, like ``opa test``.

The paths (and ``-d`` paths) are loaded as OPA loads them (transpiler/loader.py):
``.rego`` modules, and JSON/YAML data documents merged into ``data`` (at the
root for a file named, under its folder's path for one found in a directory);
``--ignore GLOB`` skips the files and directories whose name matches.

A test passes when its rule is defined and not false; it fails when it is
undefined or false, and errs when evaluating it raises. A package rego2py
refuses, or that reads the rules of one refused, is reported (stderr, with the
chain of refusals) and counted as refused.

Errors (malformed Rego or data, compile errors, refusals) are printed as
text on stderr; with ``--format json`` as one ``{"errors": [...]}`` document
(transpiler/diagnostics.py): alone on stdout when no test could run, else
on stderr beside the results.

``--format json`` prints one JSON array, the shape of ``opa test --format json``,
one object per test::

    {"location": {"file": "p_test.rego", "row": 4, "col": 1},
     "package": "data.p_test", "name": "test_x",
     "fail": true,                                   # only when it failed
     "error": {"code": "eval_...", "message": "..."}, # only when it erred
     "duration": 12345,                              # nanoseconds
     "output": "<base64>"}                           # print output, only when some

(``output`` is base64 because OPA writes its byte buffer that way.)

Exit status: 0 every test passed; 1 a test failed or erred, or a package was
refused (unsupported); 2 bad usage or input (missing path, malformed Rego or
data, a compile error).
"""

from __future__ import annotations

import base64
import json
import re
import time
from dataclasses import dataclass

from .compiler.names import ref_text
from .build import compile_sources, compile_texts
from .loader import InputError, load_paths
from .progress import Progress

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help=".rego modules and JSON/YAML data files, or directories of them")
    p.add_argument(
        "-d",
        "--data",
        action="append",
        default=[],
        metavar="PATH",
        help="more modules and data files or directories (repeatable); a data file named is merged at the root "
        "of data, one found in a directory under the path of its folder",
    )
    p.add_argument("--ignore", action="append", default=[], metavar="GLOB", help="skip files and directories whose name matches (repeatable)")
    p.add_argument("-r", "--run", metavar="REGEX", help="only the tests whose full name matches")
    p.add_argument("-v", "--verbose", action="store_true", help="show every test's result and time")
    p.add_argument("-f", "--format", choices=("pretty", "json"), default="pretty", help="json: one document, as opa test --format json")
    p.add_argument("--strict", action="store_true", help="builtin errors are errors")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress")
    p.epilog = "exit status: 0 all passed; 1 a test failed or erred, or a package was refused; 2 bad usage or input"


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
    location: tuple = ("?", 0, 0)  # (file, row, col) of the rule
    error: dict | None = None  # {"code", "message"} when it erred
    ns: int = 0  # duration in nanoseconds


def run_tests(files, *, strict: bool = False, pattern=None, notes: bool = False, data=None, modules=None, progress=None):
    """(outcomes of the test rules, errors of the files and packages refused);
    the outcomes are None when nothing could be compiled. ``files`` are
    paths; or ``modules`` gives (file name, source) pairs already read.
    ``data`` is the base data document; ``progress`` (transpiler/progress.py)
    is told of each test."""
    from .runtime.errors import RegoRuntimeError
    from .runtime.gen import UNDEF, Ctx
    from .runtime.evaluation import Evaluation

    if modules is not None:
        prog, pysrc, errors = compile_texts(modules, strict=strict, progress=progress)
    else:
        prog, pysrc, errors = compile_sources(files, strict=strict, progress=progress)
    if prog is None:
        return None, errors
    prog.load(pysrc)
    outcomes = []
    tests = discover(prog)
    for i, leaf in enumerate(tests):
        name = "data." + ".".join(leaf.path)
        if pattern and not pattern.search(name):
            continue
        if progress is not None:
            progress.step(name, i, len(tests))
        key, fname = prog.function_of(leaf)
        fn = getattr(prog.python_modules[ref_text(key)], fname)
        pos = leaf.rules[0].pos if leaf.rules else None
        where = f"{pos.file}:{pos.line}" if pos else "?"
        # each test is one evaluation; its print output and trace notes are kept,
        # and shown (like `opa test`) for a failing test, or for all with -v
        printed: list[str] = []
        traced: list[str] = []
        ctx = Ctx(data, ev=Evaluation(printer=printed.append, tracer=traced.append if notes else None))
        start = time.perf_counter_ns()
        try:
            value = fn(UNDEF, ctx)
            error = None
        except RegoRuntimeError as exc:
            value, error = UNDEF, {"code": exc.code, "message": exc.message}
        except RecursionError:
            value, error = UNDEF, {"code": "eval_error", "message": "evaluation nested too deeply"}
        took = time.perf_counter_ns() - start
        ok = error is None and value is not UNDEF and value is not False
        why = None if ok else (f"{error['code']}: {error['message']}" if error else "undefined" if value is UNDEF else "false")
        location = (pos.file, pos.line, pos.col) if pos else ("?", 0, 0)
        outcomes.append(Outcome(name, where, ok, why, took / 1e6, printed, traced, location, error, took))
    return outcomes, errors


def run(args) -> int:
    from .diagnostics import Problem, report
    from .errors import CompileError, ParseError

    fmt = "json" if args.format == "json" else "text"
    try:
        pattern = re.compile(args.run) if args.run else None
    except re.error as exc:
        report([Problem(f"--run {args.run!r}: not a valid regular expression: {exc}")], fmt, prog="rego2py test")
        return EXIT_INPUT
    try:
        modules, data = load_paths([*args.paths, *args.data], args.ignore)
    except InputError as exc:
        report([exc], fmt, prog="rego2py test")
        return EXIT_INPUT
    except RecursionError:
        report([Problem("a data document is nested too deeply")], fmt, prog="rego2py test")
        return EXIT_INPUT
    progress = Progress(quiet=args.quiet)
    outcomes, errors = run_tests(
        None, modules=modules, data=data, strict=args.strict, pattern=pattern, notes=args.verbose, progress=progress
    )
    progress.finish()
    # malformed Rego or a compile error is bad input; a refusal (unsupported) is not
    malformed = any(isinstance(e, (ParseError, CompileError)) for e in errors)
    if fmt == "json":
        ran = bool(outcomes) or not errors  # else only the errors, on stdout
        if ran:
            print(json.dumps([_json_result(o) for o in outcomes or []], indent=2, ensure_ascii=False))
        report(errors, fmt, stdout_used=ran)
        if outcomes is None:
            return EXIT_INPUT
        return EXIT_INPUT if malformed else EXIT_FAIL if errors or not all(o.ok for o in outcomes) else EXIT_OK
    report(errors)
    if outcomes is None:
        return EXIT_INPUT
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
    return EXIT_INPUT if malformed else EXIT_FAIL if failed or errors else EXIT_OK


def _json_result(o: Outcome) -> dict:
    """One test's result as ``opa test --format json`` writes it."""
    file, row, col = o.location
    pkg, _, name = o.name.rpartition(".")
    out: dict = {"location": {"file": file, "row": row, "col": col}, "package": pkg, "name": name}
    if o.error is not None:
        out["error"] = o.error
    elif not o.ok:
        out["fail"] = True
    out["duration"] = o.ns
    if o.printed:
        out["output"] = base64.b64encode("".join(line + "\n" for line in o.printed).encode()).decode()
    return out


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
    return json.dumps(note, ensure_ascii=False)

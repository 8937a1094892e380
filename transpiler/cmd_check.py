"""``rego2py check [--strict] PATH...``: compile Rego without writing
anything, as ``opa check`` does: every parse and compile error of every file
(test files too), located; ``--strict`` adds OPA's strict checks (unused
imports, unused assignments, and in v0 modules the checks v1 always makes:
``input``/``data`` shadowed, duplicate imports, unused ``some`` declarations,
deprecated builtins). What rego2py cannot translate is reported too, as
``unsupported``.

``--tracee VERSION`` also checks the signatures (test files left out)
against Tracee's event definitions of that version (transpiler/tracee/
check.py): selected events the version lacks, arguments its events lack,
comparisons with literals (or type tests) of a kind the argument never has.
Those are warnings on standard output (``file:line:col: warning: ...``);
with ``--strict`` they are errors. With ``--format json`` they are objects
of the one document (code ``rego2py_tracee_check``): in ``warnings``, or
with ``--strict`` in ``errors``.

Exit status: 0 no error (warnings allowed); 1 errors found; 2 a path that
cannot be read.
"""

from __future__ import annotations

import sys

from .build import collect_sources, compile_sources, display_name, read_source
from .diagnostics import Problem, add_format_argument, report
from .errors import RegoError
from .tracee import check as tracee_check


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help=".rego files or directories")
    p.add_argument(
        "--strict",
        action="store_true",
        help="OPA's strict checks too (as opa check --strict); with --tracee, its warnings are errors",
    )
    tracee_check.add_arguments(p)
    add_format_argument(p)
    version = p.add_mutually_exclusive_group()
    version.add_argument("--v0", dest="v0", action="store_const", const=True, help="read modules as Rego v0")
    version.add_argument("--v1", dest="v0", action="store_const", const=False, help="read modules as Rego v1")
    p.epilog = "exit status: 0 no error (warnings allowed); 1 errors found; 2 a path that cannot be read"


def check(files, *, strict: bool = False, v0=None) -> list[RegoError]:
    """Every error of ``files``, in file order (parse, compile, strict)."""
    from .compiler.checks import strict_checks
    from .parser import parse_module

    _, _, errors = compile_sources(files, v0=v0)
    if strict:
        for f in files:
            name = display_name(f)
            try:
                text = read_source(f, name)
                mod = parse_module(text, name, v0=v0)
            except RegoError:
                continue  # reported by compile_sources
            for err in strict_checks(mod):
                if err.source is None:
                    err.source = text  # the source line and a caret under it
                if not any(_same(err, e) for e in errors):
                    errors.append(err)
    order = {display_name(f): i for i, f in enumerate(files)}

    def key(e):
        p = e.pos
        return (order.get(p.file, len(order)), p.line, p.col) if p else (len(order), 0, 0)

    return sorted(errors, key=key)


def _same(a: RegoError, b: RegoError) -> bool:
    return a.pos == b.pos and a.message == b.message


TRACEE_CODE = "rego2py_tracee_check"  # a --tracee finding, as a JSON error (or warning) object


def tracee_findings(files, version: str, v0=None) -> list[Problem]:
    """The ``--tracee`` findings of ``files`` as located problems (for the
    JSON document; files that cannot be parsed are compile errors already)."""
    from .parser import parse_module
    from .tracee.schema import schema

    table = schema(version)
    out = []
    for f in files:
        name = display_name(f)
        try:
            module = parse_module(read_source(f, name), name, v0=v0)
        except RegoError:
            continue
        for item in tracee_check.check_module(module, table):
            p = Problem(item.message, TRACEE_CODE)
            p.pos = item.pos
            out.append(p)
    return out


def run(args) -> int:
    try:
        files = collect_sources(args.paths, include_tests=True)
    except FileNotFoundError as exc:
        report([Problem(str(exc))], args.format, prog="rego2py check")
        return 2
    errors = check(files, strict=args.strict, v0=args.v0)
    if args.format == "json":
        # one document: the --tracee findings are errors with --strict, else warnings
        found = tracee_findings(collect_sources(args.paths), args.tracee, args.v0) if args.tracee else []
        report(errors + found if args.strict else errors, "json", warnings=[] if args.strict else found)
        return 1 if errors or (found and args.strict) else 0
    report(errors, args.format)
    if errors:
        print(f"rego2py check: {len(errors)} error(s) in {len(files)} file(s)", file=sys.stderr)
    found = 0
    if args.tracee:
        signatures = collect_sources(args.paths)  # the signatures, not their tests
        found, _ = tracee_check.report(signatures, args.tracee, strict=args.strict, v0=args.v0)
    return 1 if errors or (found and args.strict) else 0

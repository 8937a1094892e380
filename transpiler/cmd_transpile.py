"""``rego2py SRC... -o OUT``: transpile .rego files into a Python package.

Exit status: 0 built; 2 a source was refused or malformed (the others are
still built), or the output cannot be used (nothing is replaced then).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from . import build
from .build import BuildErrors, collect_sources
from .diagnostics import WARNING, Problem, add_format_argument, report
from .output import OutputError
from .progress import Progress


def add_arguments(p) -> None:
    p.add_argument("sources", nargs="+", metavar="SRC", help=".rego files or directories")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="package directory to write")
    p.add_argument("--strict", action="store_true", help="builtin errors raise (OPA's strict mode)")
    syntax = p.add_mutually_exclusive_group()
    syntax.add_argument("--v0", dest="v0", action="store_true", default=None, help="parse as Rego v0")
    syntax.add_argument("--v1", dest="v0", action="store_false", help="parse as Rego v1")
    p.add_argument("--include-tests", action="store_true", help="also transpile *_test.rego files")
    p.add_argument("--no-format", action="store_true", help="skip black (faster, same behaviour)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress, no summary")
    add_format_argument(p)


def run(args) -> int:
    try:
        files = collect_sources(args.sources, include_tests=args.include_tests)
    except OSError as exc:
        report([Problem(str(exc))], args.format, prog="rego2py")
        return 2
    if not files:
        report([Problem("no .rego files found in " + " ".join(args.sources))], args.format, prog="rego2py")
        return 2
    start = time.perf_counter()
    progress = Progress(quiet=args.quiet)
    try:
        result = build.build_package(  # looked up per call: tests replace it
            files, Path(args.output), strict=args.strict, v0=args.v0, format=not args.no_format, progress=progress
        )
        errors = []
    except BuildErrors as exc:
        result, errors = exc.result, exc.errors
    except OutputError as exc:
        progress.finish()
        report([Problem(str(exc))], args.format, prog="rego2py")
        return 2
    progress.finish()
    warnings = list(getattr(result, "warnings", None) or [])
    if result is not None and result.files and not result.signatures and any(k[:1] == ("tracee",) for k in result.packages):
        warnings.append(Problem("no signatures (no package tracee.* with a tracee_match rule)", WARNING))
    if args.format == "json":
        report(errors, "json", warnings=warnings)
    else:
        report(errors, "text")
        for w in warnings:
            print(w.render() if hasattr(w, "render") else f"rego2py: warning: {w.message}", file=sys.stderr)
    for note in getattr(result, "notes", None) or []:
        if not args.quiet:
            print(f"rego2py: note: {note}", file=sys.stderr)
    if result is not None and result.files and not args.quiet:
        took = time.perf_counter() - start
        print(
            f"rego2py: {len(files)} file(s), {len(result.packages)} package(s), "
            f"{len(result.signatures)} signature(s) -> {args.output} in {took:.2f}s",
            file=sys.stderr,
        )
    if errors:
        if args.format == "text":
            print(f"rego2py: {len(errors)} error(s)", file=sys.stderr)
        return 2
    return 0

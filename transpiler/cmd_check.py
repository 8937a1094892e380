"""``rego2py check --tracee VERSION [--strict] PATH...``: static checks of
Rego signatures; with ``--tracee``, against Tracee's event definitions of
that version (transpiler/tracee/check.py): selected events the version
lacks, arguments the events lack, comparisons with literals (or type tests)
of a kind the argument never has. Findings are warnings, printed as
``file:line:col: warning: ...`` with the source line; ``--strict`` makes them
errors (exit status 1). The wiring is two calls (``tracee.check.add_arguments``
and ``tracee.check.report``) so that a general ``check`` can carry it.

Exit status: 0 nothing to report or warnings only; 1 errors (--strict);
2 usage error, or Rego that cannot be read or parsed.
"""

from __future__ import annotations

import sys

from .build import collect_sources
from .tracee import check as tracee_check

PROG = "rego2py check"


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help=".rego files or directories (tests left out)")
    tracee_check.add_arguments(p)
    p.add_argument("--strict", action="store_true", help="findings are errors (exit status 1)")
    syntax = p.add_mutually_exclusive_group()
    syntax.add_argument("--v0", dest="v0", action="store_true", default=None, help="parse as Rego v0")
    syntax.add_argument("--v1", dest="v0", action="store_false", help="parse as Rego v1")


def run(args) -> int:
    if args.tracee is None:
        print(f"{PROG}: --tracee VERSION is required (the only check so far)", file=sys.stderr)
        return 2
    try:
        files = collect_sources(args.paths)
    except FileNotFoundError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    found, broken = tracee_check.report(files, args.tracee, strict=args.strict, v0=args.v0)
    if broken:
        return 2
    return 1 if found and args.strict else 0

"""``rego2py check``: static checks of Rego signatures.

``--tracee VERSION`` checks them against Tracee's event definitions of that
version (transpiler/tracee/check.py): selected events the version lacks,
arguments the events lack, comparisons with literals of a kind the argument
never has. Findings are warnings, printed as ``file:line:col: warning: ...``
with the source line; ``--strict`` makes them errors (exit status 1).

Exit status: 0 nothing to report or warnings only; 1 errors (--strict);
2 usage error or Rego that does not parse.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .build import collect_sources, display_name
from .errors import RegoError

PROG = "rego2py check"


class CheckMessage(RegoError):
    """A located finding of a check, rendered like the transpiler's errors."""

    def __init__(self, pos, message, source, severity):
        super().__init__(pos, f"{severity}: {message}", source)


def add_arguments(p) -> None:
    from .tracee.schema import VERSIONS

    p.add_argument("paths", nargs="+", metavar="PATH", help=".rego files or directories (tests left out)")
    p.add_argument(
        "--tracee",
        metavar="VERSION",
        choices=sorted(VERSIONS),
        required=True,
        help="check against Tracee's event definitions of this version: " + ", ".join(VERSIONS),
    )
    p.add_argument("--strict", action="store_true", help="findings are errors (exit status 1)")
    syntax = p.add_mutually_exclusive_group()
    syntax.add_argument("--v0", dest="v0", action="store_true", default=None, help="parse as Rego v0")
    syntax.add_argument("--v1", dest="v0", action="store_false", help="parse as Rego v1")


def run(args) -> int:
    from .parser import parse_module
    from .tracee.check import check_module
    from .tracee.schema import schema

    try:
        files = collect_sources(args.paths)
    except FileNotFoundError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    table = schema(args.tracee)
    severity = "error" if args.strict else "warning"
    broken = found = 0
    for f in files:
        name = display_name(Path(f))
        try:
            text = Path(f).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{name}: cannot read: {exc}", file=sys.stderr)
            broken += 1
            continue
        try:
            module = parse_module(text, name, v0=args.v0)
        except RegoError as exc:
            if exc.source is None:
                exc.source = text
            print(exc.render(), file=sys.stderr)
            broken += 1
            continue
        for item in check_module(module, table):
            print(CheckMessage(item.pos, item.message, text, severity).render())
            found += 1
    if found:
        print(f"{PROG}: {found} {severity}(s) against Tracee {table.tracee} ({args.tracee})", file=sys.stderr)
    if broken:
        return 2
    return 1 if found and args.strict else 0

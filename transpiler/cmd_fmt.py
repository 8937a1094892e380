"""``rego2py fmt [--v1] [-w] FILE...``: print Rego modules in canonical form.

Each file is parsed (its syntax version detected) and printed back by
``transpiler.fmt``: in its own syntax, or in v1 syntax with ``--v1`` (the
rewrite of ``opa fmt --v0-v1``). Comments are kept. ``-w`` writes the result
back to the file instead of printing it; ``-l`` lists the files whose text
would change, ``-d`` shows the change as a unified diff. Errors are located
(file:line:col) and the other files are still done.

No file: standard input is formatted (as ``opa fmt`` reads it).

Exit status: 0 ok; 1 with ``--fail`` when a file's formatting differs
(whatever the mode: print, ``-w``, ``-l``, ``-d``); 2 when
a file cannot be read or parsed (``--format json``: those errors as one
``{"errors": [...]}`` document, transpiler/diagnostics.py).
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from .build import too_deep
from .runtime.deep import run_deep
from .diagnostics import Problem, add_format_argument, report
from .errors import RegoError
from .fmt import comments, format_module
from .parser import parse_module


def add_arguments(p) -> None:
    p.add_argument("files", nargs="*", metavar="FILE",
                   help=".rego files (a directory: its .rego files); none: standard input, as opa fmt")
    p.add_argument("--v1", action="store_true", help="print v0 modules in v1 syntax (opa fmt --v0-v1)")
    p.add_argument("-w", "--write", action="store_true", help="write the result back to each file")
    p.add_argument("-l", "--list", action="store_true", help="only list the files whose formatting differs")
    p.add_argument("-d", "--diff", action="store_true", help="only show the changes, as a unified diff")
    p.add_argument("--fail", action="store_true", help="exit status 1 when a file's formatting differs (opa fmt --fail)")
    add_format_argument(p)
    p.epilog = "exit status: 0 ok; 1 with --fail when a file's formatting differs; 2 when a file cannot be read or parsed"


def format_source(text: str, filename: str, v1: bool = False) -> str:
    """The canonical text of a Rego source; raises RegoError on bad Rego."""
    mod = parse_module(text, filename)
    return format_module(mod, v1=v1, comments_=comments(text), source=text)


def _files(names) -> list[Path]:
    out = []
    for name in names:
        p = Path(name)
        if p.is_dir():
            out += sorted(x for x in p.rglob("*.rego") if x.is_file())
        else:
            out.append(p)
    return out


STDIN = "<stdin>"


def _read(path) -> str:
    data = sys.stdin.buffer.read() if path == STDIN else path.read_bytes()
    return data.decode("utf-8")  # as it is: CRLF lines are a difference


def run(args) -> int:
    status = 0
    differs = False
    errors = []
    wrote = False  # stdout carries results: a JSON error document goes to stderr
    if not args.files and args.write:
        report([Problem("-w needs files: standard input cannot be written back")], args.format, prog="rego2py fmt")
        return 2
    for path in _files(args.files) if args.files else [STDIN]:
        try:
            text = _read(path)
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(Problem(f"{path}: cannot read: {exc}"))
            status = 2
            continue
        try:
            out = run_deep(format_source, text, str(path), v1=args.v1)
        except RecursionError:
            errors.append(too_deep(str(path), text))
            status = 2
            continue
        except RegoError as exc:
            if exc.source is None:
                exc.source = text
            errors.append(exc)
            status = 2
            continue
        if args.format == "text":  # as they come, between the files' output
            report(errors)
            errors = []
        differs |= out != text
        if args.list or args.diff:
            if out != text and args.list:
                print(path)
                wrote = True
            if out != text and args.diff:
                diff = difflib.unified_diff(
                    text.splitlines(keepends=True), out.splitlines(keepends=True), f"a/{path}", f"b/{path}"
                )
                sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
                wrote = True
        elif args.write:
            if out != text:
                path.write_text(out, encoding="utf-8")
        else:
            sys.stdout.write(out)
            wrote = True
    sys.stdout.flush()
    report(errors, args.format, stdout_used=wrote)
    if status == 0 and differs and args.fail:
        return 1
    return status

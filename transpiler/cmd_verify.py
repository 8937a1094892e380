"""``rego2py verify SRC... [--events FILE...] [--generate N] [--mutate FILE...] [--seed S] [--rule NAME...]``

Compares rego2py's generated code with real OPA on events (see
``transpiler.harness``): every signature's ``tracee_match`` on each event,
its ``tracee_selected_events`` and ``__rego_metadoc__`` once, and the rules
named with ``--rule``. Events come from JSON-lines files (``.gz`` allowed,
``-`` for stdin) and/or ``--generate N`` events aimed at the corpus
(``transpiler.eventgen``; ``--mutate FILE`` makes half of them mutations
of the events in FILE). Each mismatch is printed (signature, rule,
event, both answers); the last line is ``N passed, N failed``. Exit status:
0 when all agree, 1 on any mismatch, 2 when the comparison cannot run
(``--format json``: that error as ``{"errors": [...]}``, transpiler/diagnostics.py).
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from typing import Iterator

from .diagnostics import WARNING, Problem, add_format_argument, report as report_errors
from .errors import RegoError
from .progress import Progress


def add_arguments(p) -> None:
    p.add_argument("sources", nargs="+", metavar="SRC", help=".rego files or directories (tests left out)")
    p.add_argument("--events", nargs="+", default=[], metavar="FILE",
                   help="Tracee events, one JSON object a line (.gz allowed, - for stdin)")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="read at most N events from each file")
    p.add_argument("--generate", type=int, default=0, metavar="N", help="also compare on N generated events")
    p.add_argument("--mutate", nargs="+", default=[], metavar="FILE",
                   help="events (JSON lines) that half of the generated events are mutations of "
                   "(e.g. events that fire: they lead deeper into the signatures)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the generated events (default 0)")
    p.add_argument("--rule", nargs="+", default=[], metavar="NAME",
                   help="also compare these rules (a name: in every package defining it; or data.pkg.rule)")
    p.add_argument("--generated", metavar="DIR", default=None,
                   help="compare this generated package (from rego2py -o) instead of compiling SRC")
    p.add_argument("--regopy", action="store_true",
                   help="also check OPA's answers on v0 modules (printed as v1) against regopy on the originals")
    p.add_argument("--coverage", action="store_true",
                   help="report the lines and branches of the generated code that the events reached")
    p.add_argument("--max-mismatches", type=int, default=20, metavar="N",
                   help="print at most N mismatches in full (default 20; all are counted)")
    add_format_argument(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress")


def read_events(path: str, limit: int | None = None) -> Iterator[dict]:
    """The events of a JSON-lines file (gzip when it ends in .gz); raises
    ValueError naming file:line for a line that is not JSON."""
    if path == "-":
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    elif path.endswith(".gz"):
        stream = io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    else:
        stream = open(path, encoding="utf-8")
    count = 0
    with stream:
        for lineno, line in enumerate(stream, 1):
            line = line.strip()
            if not line:
                continue
            if limit is not None and count >= limit:
                return
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{path}:{lineno}: not a JSON event: {exc}") from None
            count += 1


def _kind(a) -> str:
    return f"error {a.code}" if a.kind == "error" else a.kind


def mismatch_table(mismatches) -> list[str]:
    """One line per (rule, kind of disagreement), most frequent first."""
    from collections import Counter

    counts = Counter(
        (f"{m.package}.{m.rule}", m.side, _kind(m.opa), _kind(m.ours)) for m in mismatches
    )
    return [
        f"{rule}: {n} (opa {opa} / {side} {ours})"
        for (rule, side, opa, ours), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def run(args) -> int:
    from .harness import Harness, HarnessError, Report, load_sources, measure_coverage

    try:
        sources = load_sources(args.sources)
    except (FileNotFoundError, OSError, UnicodeDecodeError) as exc:
        return _fail(Problem(str(exc)), args)
    if not sources:
        return _fail(Problem("no .rego files in " + " ".join(args.sources)), args)
    if not args.events and not args.generate:
        return _fail(Problem("give events (--events FILE) and/or --generate N"), args)
    try:
        harness = Harness(sources, rules=args.rule, generated=args.generated, regopy=args.regopy)
    except RegoError as exc:
        return _fail(exc, args)
    except HarnessError as exc:
        return _fail(Problem(str(exc), "rego2py_error"), args)
    # packages left out: warnings (text now; in JSON mode, with the document at the end)
    warnings = list(harness.refused) + [
        Problem(f"regopy cannot compile {name}: not cross-checked", WARNING) for name in harness.regopy_refused
    ]
    if args.format == "text":
        for exc in harness.refused:
            print(f"rego2py verify: not compared (rego2py refuses it): {exc.render()}", file=sys.stderr)
        for name in harness.regopy_refused:
            print(f"rego2py verify: regopy cannot compile {name}: not cross-checked", file=sys.stderr)
    cov = measure_coverage(harness) if args.coverage else None
    report = Report()
    shown = 0

    progress = Progress(quiet=args.quiet, total=(args.generate or None) if not args.events else None)

    def flush():
        nonlocal shown
        progress.update(report.events, report.events)
        if shown < len(report.mismatches):
            progress.clear()
        while shown < len(report.mismatches):
            if shown < args.max_mismatches:
                print(report.mismatches[shown].render())
            shown += 1

    with harness:
        harness.check_constants(report)
        flush()
        try:
            for path in args.events:
                for event in read_events(path, args.limit):
                    harness.check_event(event, report)
                    flush()
        except (OSError, ValueError) as exc:
            progress.finish()
            return _fail(Problem(str(exc)), args, shown > 0, warnings)
        if args.generate:
            from .eventgen import generate_events

            base = []
            try:
                for path in args.mutate:
                    base.extend(read_events(path, args.limit))
            except (OSError, ValueError) as exc:
                progress.finish()
                return _fail(Problem(str(exc)), args, shown > 0, warnings)
            for event in generate_events(harness.modules, args.generate, args.seed, base=base):
                harness.check_event(event, report)
                flush()
    progress.finish()
    if shown > args.max_mismatches:
        print(f"... {shown - args.max_mismatches} more mismatch(es) not shown")
    if report.mismatches:
        print("mismatches by rule:")
        for line in mismatch_table(report.mismatches):
            print("  " + line)
    print(
        f"{len(harness.signatures)} signature(s), {report.events} event(s), "
        f"{sum(1 for t in harness.targets if t.per_event)} rule(s) per event",
        file=sys.stderr,
    )
    if cov is not None:
        print(cov.report().summary(), file=sys.stderr)
    print(report.summary())
    if args.format == "json":
        report_errors([], "json", warnings=warnings, stdout_used=True)
    return 1 if report.failed else 0


def _fail(err, args, stdout_used: bool = False, warnings=()) -> int:
    """Report the error that stops the comparison (with the warnings, in
    JSON mode): exit status 2."""
    warnings = warnings if args.format == "json" else ()
    report_errors([err], args.format, prog="rego2py verify", stdout_used=stdout_used, warnings=warnings)
    return 2

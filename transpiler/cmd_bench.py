"""``rego2py bench``: Tracee's CPU study, with rego2py as the new row.

    rego2py bench [--events N] [--opa-events M] [--repeat R] [--smoke] [--out DIR]
                  [--signatures DIR] [--sizes 10,30,67,200,1000] [--no-flame]

In one process, over the same generated kernel-build stream (each row
decodes the raw lines itself): decoding only; five hand-written signatures
and the same five generated; every signature selecting security_file_open
(the dominant event), hand-written and generated; rego2py's engine; every generated signature on
every event; and on an evenly strided sample of M events (OPA costs
~0.3-1 ms a call): OPA's fixed cost per call through the bindings, OPA with
one query per selecting signature, OPA with an all-in-one policy, with
decoding and rego2py's engine again on that sample for like-for-like ratios.
Per hand-written signature, generated against hand-written per evaluation;
per security_file_open event, engine against hand-written with and without
dispatch, and matching against decoding (ratios within one run, the
measurements interleaved). Then the cost per event against the number of signatures (the corpus
replicated and transpiled), flame graphs (py-spy), a plot, and
DIR/REPORT.md (printed), DIR/results.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from .diagnostics import Problem, add_format_argument, report as report_errors

ROOT = Path(__file__).resolve().parents[1]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=None, help="events in the stream (default 20000; smoke 200)")
    parser.add_argument("--opa-events", type=int, default=None, help="events of the OPA rows, an evenly strided sample of the stream (default 600; smoke: all)")
    parser.add_argument("--repeat", type=int, default=None, help="runs of each row (default 3; smoke 1)")
    parser.add_argument("--seed", type=int, default=1, help="workload seed (default 1)")
    parser.add_argument("--smoke", action="store_true", help="every row on a few hundred events, a tiny replication, no flame graphs")
    parser.add_argument("--out", default="bench-out", help="output directory (default bench-out/)")
    parser.add_argument("--signatures", default=str(ROOT / "signatures"), help="the Rego corpus (default signatures/)")
    parser.add_argument("--sizes", default=None, help="signature counts of the scaling study (default 10,30,67,200,1000; smoke 10,80)")
    parser.add_argument("--scaling-events", type=int, default=None, help="events per scaling measurement (default 5000; smoke: all)")
    parser.add_argument("--scaling-opa-events", type=int, default=None, help="events of OPA's scaling measurement, for sizes up to the corpus (default 150; 0: skip)")
    parser.add_argument("--no-opa", action="store_true", help="skip the OPA rows")
    parser.add_argument("--no-flame", action="store_true", help="no flame graphs")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    add_format_argument(parser)


def _defaults(args) -> None:
    smoke = args.smoke
    if args.events is None:
        args.events = 200 if smoke else 20_000
    if args.opa_events is None:
        args.opa_events = args.events if smoke else 600
    if args.repeat is None:
        args.repeat = 1 if smoke else 3
    if args.sizes is None:
        args.sizes = "10,80" if smoke else "10,30,67,200,1000"
    if args.scaling_events is None:
        args.scaling_events = args.events if smoke else 5000
    if args.scaling_opa_events is None:
        args.scaling_opa_events = 100 if smoke else 150
    if smoke:
        args.no_flame = True


def run(args: argparse.Namespace) -> int:
    _defaults(args)
    from .bench import measure, opa, report, scaling, stream
    from .bench.suite import build_rows
    from .build import BuildErrors, build_package, collect_sources

    from .progress import Progress

    progress = Progress(quiet=args.quiet)  # within a long stage (transpiling the corpus)

    def log(message: str) -> None:  # between stages
        if not args.quiet:
            progress.clear()
            print(message, file=sys.stderr, flush=True)

    def fail(message: str) -> int:
        report_errors([Problem(message)], args.format, prog="rego2py bench")
        return 2

    if args.events <= 0 or args.repeat <= 0:
        return fail("--events and --repeat must be positive")
    try:
        sizes = sorted({int(x) for x in args.sizes.split(",") if x.strip()})
    except ValueError:
        return fail(f"--sizes: not a list of numbers: {args.sizes!r}")
    corpus_root = Path(args.signatures)
    if not corpus_root.is_dir():
        return fail(f"--signatures {corpus_root}: not a directory")
    with_opa = not args.no_opa and opa.available()
    out = Path(args.out)
    work = out / "work"
    try:
        work.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return fail(f"--out {out}: cannot make {work}: {exc.strerror or exc}")
    started = time.perf_counter()
    res: dict = {"args": {k: v for k, v in vars(args).items() if not k.startswith("_")}}
    res["machine"] = report.machine_info(with_opa)

    # transpile the corpus (timed), import it
    files = collect_sources([corpus_root])
    pkg_dir = work / "r2p_bench_corpus"
    transpile = {}
    for fmt in ([False] if args.smoke else [True, False]):
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            build_package(files, pkg_dir, format=fmt, progress=progress)
        except BuildErrors as exc:
            progress.finish()
            report_errors(exc.errors, args.format, prog="rego2py bench")
            return 1
        progress.finish()
        transpile["formatted" if fmt else "unformatted"] = (time.process_time() - c0, time.perf_counter() - w0)
    res["transpile"] = {"files": len(files), **{k: {"cpu_s": v[0], "wall_s": v[1]} for k, v in transpile.items()}}
    log(f"transpiled {len(files)} files: " + ", ".join(f"{k} {v[0]:.2f} s CPU" for k, v in transpile.items()))
    sys.path.insert(0, str(work))
    importlib.invalidate_caches()
    signatures = list(importlib.import_module(pkg_dir.name).SIGNATURES)
    res["signatures"] = len(signatures)

    # the stream
    lines = stream.event_lines(args.events, args.seed)
    opa_lines = stream.sample(lines, args.opa_events)
    (work / "events.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (work / "events-opa.jsonl").write_bytes(b"\n".join(opa_lines) + b"\n")
    log(f"{len(lines)} events; OPA rows on {len(opa_lines)} of them; {len(signatures)} signatures")

    # the main table
    rows = build_rows(signatures, corpus_root, with_opa)
    results = measure.measure(rows, {"full": lines, "opa": opa_lines}, args.repeat, log)
    res["rows"] = [report.row_dict(r) for r in results]

    # the hand-written signatures: agreement and per-signature cost
    res["handwritten"] = measure.compare_handwritten(signatures, lines, args.repeat)
    res["handwritten_summary"] = measure.summary(res["handwritten"])
    log("hand-written vs generated: " + ", ".join(f"{h['id']} x{h['ratio']:.2f}" for h in res["handwritten"]))

    # per event on the dominant event, every selecting signature hand-written
    from .bench import perevent

    res["per_event"] = perevent.per_event(signatures, lines, args.repeat, log)

    # where rego2py's time goes
    from .bench import hotspots

    engine = next(r.row for r in results if r.row.key == "rego2py")
    res["hotspots"] = {
        "signatures": hotspots.signature_costs(signatures, lines),
        "functions": hotspots.function_costs(engine.run, stream.sample(lines, min(len(lines), 5000))),
    }

    # OPA against rego2py on the same events
    res["checks"] = measure.checks(results)

    # scaling
    log(f"scaling: sizes {sizes}")
    res["scaling"] = scaling.scaling_study(
        scaling.load_corpus(corpus_root), sizes, stream.sample(lines, args.scaling_events),
        stream.sample(lines, args.scaling_opa_events) if with_opa and args.scaling_opa_events > 0 else None,
        work, args.repeat, log,
    )

    # pictures
    res["plot"] = report.plot_scaling(res["scaling"], out / "scaling.png")
    res["flames"] = {}
    if not args.no_flame:
        for r in results:
            key = r.row.key
            src = work / ("events-opa.jsonl" if r.row.sample == "opa" else "events.jsonl")
            svg = out / f"flame-{key}.svg"
            log(f"flame graph: {key}")
            err = _flame(key, src, pkg_dir, corpus_root, svg)
            res["flames"][key] = err or svg.name
    res["elapsed_s"] = time.perf_counter() - started
    text = report.render(res)
    (out / "REPORT.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    print(text)
    pe = res["per_event"].get("findings") or {}
    same = len(set(pe.values())) <= 1
    return 0 if res["checks"]["ok"] and same and all(h["agree"] for h in res["handwritten"]) else 1


def _flame(key, src, pkg_dir, corpus_root, svg):
    from .bench import flame

    return flame.record(key, src.resolve(), pkg_dir.resolve(), corpus_root.resolve(), svg)

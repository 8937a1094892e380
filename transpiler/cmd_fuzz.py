"""``rego2py fuzz``: the differential fuzzer of the compiler (see
``transpiler/fuzz/``): random Rego v1 modules and inputs, each compared with
OPA in strict and default mode; every new class of mismatch is shrunk and
written as a conformance case file."""

from __future__ import annotations

import argparse
import sys
import time


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", default="1", help="seed of the campaign (default 1)")
    p.add_argument("--cases", type=int, default=None, help="number of programs (default 200 without --minutes)")
    p.add_argument("--minutes", type=float, default=None, help="stop after this many minutes")
    p.add_argument("--out", default=None, help="write the shrunk cases and summary.json to DIR")
    p.add_argument("--only", type=int, default=None, help="run program number N of the seed alone")
    p.add_argument("--shrink-per-class", type=int, default=1, help="mismatches shrunk per class (default 1)")
    p.add_argument("--shadow", type=float, default=0.0,
                   help="probability that a nested binding shadows an outer variable (default 0)")
    p.add_argument("--ill", type=float, default=0.03, help="probability of an ill-typed builtin argument")
    p.add_argument("--big", type=float, default=0.03, help="probability of a big number literal")
    p.add_argument("--forms", type=float, default=1.0,
                   help="weight of the rarer forms (composite keys, elements of collections, with on rules "
                        "and functions, unicode, exponents...; 0 turns them off; default 1)")
    p.add_argument("--show", action="store_true", help="print the program (with --only)")


def run(args: argparse.Namespace) -> int:
    from .fuzz.campaign import run_campaign
    from .fuzz.generator import Generator

    gen = {"shadow": args.shadow, "ill": args.ill, "big": args.big, "forms": args.forms}
    if args.only is not None and args.show:
        prog = Generator(f"{args.seed}:{args.only}", **gen).program()
        print(prog.source)
        print("rules:", prog.rules)
        for doc in prog.inputs:
            print("input:", doc)
    cases = args.cases if args.cases is not None or args.minutes else 200
    last = [time.monotonic()]

    def progress(s):
        if sys.stderr.isatty() and time.monotonic() - last[0] > 2:
            last[0] = time.monotonic()
            print(f"\r{s.programs} programs, {s.statuses['mismatch']} mismatching", end="", file=sys.stderr)

    summary = run_campaign(args.seed, cases, args.minutes, args.out, args.shrink_per_class,
                           args.only, progress=progress, **gen)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for f in summary.found:
        print(f"MISMATCH [{f.key}] program {f.program}" + (f" -> {f.path}" if f.path else ""))
        print("  " + f.case["modules"][0].replace("\n", "\n  ").rstrip())
        print(f"  query: {f.case['query']}  input: {f.case.get('input')!r}")
        print(f"  opa:     {f.diff.opa}\n  rego2py: {f.diff.ours}")
    print(summary.render())
    return 1 if summary.statuses["mismatch"] else 0

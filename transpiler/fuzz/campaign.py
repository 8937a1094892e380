"""A fuzzing campaign: generate programs, compare each with OPA, shrink
every new class of mismatch and write it as a case file.

Program ``i`` of seed ``S`` is made by ``Generator(f"{S}:{i}")``: any one
can be made again alone (``rego2py fuzz --seed S --only I``).
"""

from __future__ import annotations

import collections
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..fmt import format_module
from ..harness import _rule_names
from .cases import make_case, write_case
from .generator import Generator
from .known import known_class
from .run import Diff, check
from .shrink import shrink


@dataclass
class Found:
    """A shrunk mismatch: its class, where it came from, the minimal case."""

    key: str
    program: int
    diff: Diff
    case: dict
    path: str | None = None


@dataclass
class Summary:
    seed: str
    programs: int = 0
    seconds: float = 0.0
    statuses: collections.Counter = field(default_factory=collections.Counter)
    comparisons: int = 0
    default_skipped: int = 0
    refusals: collections.Counter = field(default_factory=collections.Counter)
    classes: collections.Counter = field(default_factory=collections.Counter)  # mismatching programs
    known: collections.Counter = field(default_factory=collections.Counter)  # known-class comparisons
    found: list[Found] = field(default_factory=list)
    where: dict = field(default_factory=lambda: collections.defaultdict(list))  # class -> program numbers

    def to_json(self) -> dict:
        return {
            "seed": self.seed, "programs": self.programs, "seconds": round(self.seconds, 1),
            "statuses": dict(self.statuses), "comparisons": self.comparisons,
            "default_skipped": self.default_skipped, "refusals": dict(self.refusals),
            "classes": dict(self.classes), "known": dict(self.known),
            "programs_by_class": {k: v for k, v in sorted(self.where.items())},
            "found": [{"class": f.key, "program": f.program, "case": f.case, "file": f.path} for f in self.found],
        }

    def render(self) -> str:
        lines = [f"seed {self.seed}: {self.programs} programs in {self.seconds:.0f} s, "
                 f"{self.comparisons} comparisons ({self.default_skipped} default-mode ones not knowable)",
                 "  " + ", ".join(f"{k} {v}" for k, v in sorted(self.statuses.items()))]
        for k, v in self.classes.most_common():
            lines.append(f"  {v:6} programs  {k}")
        for k, v in self.known.most_common():
            lines.append(f"  {v:6} known     {k}")
        for k, v in self.refusals.most_common(10):
            lines.append(f"  refused {v:4}  {k}")
        lines.append(f"{self.programs - self.statuses['mismatch']} passed, {self.statuses['mismatch']} failed")
        return "\n".join(lines)


def still_fails(key: str) -> Callable:
    """The shrinking predicate: some rule still gives a mismatch of class ``key``."""
    def pred(module, doc) -> bool:
        try:
            source = format_module(module)
        except Exception:
            return False
        rules = sorted(n for n, k in _rule_names(module).items() if k == "document")
        try:
            out = check(source, rules, [doc])
        except Exception:
            return False
        pred.last = next((d for d in out.diffs if d.key == key), None)
        return pred.last is not None
    pred.last = None
    return pred


def run_campaign(seed: str, cases: int | None, minutes: float | None, out: str | None,
                 shrink_per_class: int = 1, only: int | None = None, budget: int = 300,
                 progress: Callable[[Summary], None] | None = None, **gen_options) -> Summary:
    summary = Summary(str(seed))
    start = time.monotonic()
    deadline = start + minutes * 60 if minutes else None
    shrunk = collections.Counter()
    indices = [only] if only is not None else None
    i = -1
    while True:
        i += 1
        if indices is not None:
            if i >= len(indices):
                break
            n = indices[i]
        else:
            n = i
            if (cases is not None and i >= cases) or (deadline and time.monotonic() > deadline):
                break
        program = Generator(f"{seed}:{n}", **gen_options).program()
        outcome = check(program.source, program.rules, program.inputs)
        summary.programs += 1
        summary.statuses[outcome.status] += 1
        summary.comparisons += outcome.compared
        summary.default_skipped += outcome.default_skipped
        if outcome.refusal:
            summary.refusals[outcome.refusal] += 1
        unknown = []
        for d in outcome.diffs:
            label = known_class(d, program.source, json.dumps(d.input))
            if label is None:
                unknown.append(d)
            else:
                summary.known[label] += 1
                if n not in summary.where[f"known {label}"]:
                    summary.where[f"known {label}"].append(n)
        if outcome.status == "mismatch" and not unknown:
            summary.statuses["mismatch"] -= 1
            summary.statuses["known"] += 1
        for key in dict.fromkeys(d.key for d in unknown):
            summary.classes[key] += 1
            summary.where[key].append(n)
            if shrunk[key] < shrink_per_class:
                shrunk[key] += 1
                diff = next(d for d in unknown if d.key == key)
                summary.found.append(_shrink(program, diff, n, seed, out, budget))
        summary.seconds = time.monotonic() - start
        if progress is not None:
            progress(summary)
    summary.seconds = time.monotonic() - start
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / "summary.json").write_text(json.dumps(summary.to_json(), indent=2, ensure_ascii=False) + "\n")
    return summary


def _shrink(program, diff: Diff, n: int, seed, out: str | None, budget: int) -> Found:
    pred = still_fails(diff.key)
    doc = diff.input if diff.input is not None else (program.inputs[0] if program.inputs else {})
    module, doc, _ = shrink(program.module, doc, pred, budget=budget)
    pred(module, doc)
    last = pred.last or diff
    source = format_module(module)
    slug = diff.key.replace("rego2py", "ours").replace(" ", "_").replace(":", "").replace("/", "-")
    note = f"fuzz/{slug}-seed{seed}-{n}"
    case = make_case(note, source, last.rule, doc if last.mode != "compile" else doc, last.mode != "default")
    found = Found(diff.key, n, last, case)
    if out:
        found.path = str(write_case(out, case))
    return found

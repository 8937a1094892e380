"""Timing and memory of rows, in this process.

CPU time is ``time.process_time`` (user + system time of every thread of
the process, so OPA's Go threads count). Rows run interleaved, one after
another in each repeat, so that drift on a shared machine spreads over all.

Peak memory, two figures per row (documented in the report):
- ``rss_kib``: growth of the process's peak resident set
  (``getrusage(RUSAGE_SELF).ru_maxrss``) across the row's warm-up (a
  first, untimed run on ``WARMUP_EVENTS`` lines) and first timed run. It is
  0 when the row stays under an earlier row's peak (so it depends on the
  order of the rows), hence the second figure;
- ``py_kib``: peak of Python allocations (``tracemalloc``) during a
  separate run on the first ``TRACE_EVENTS`` lines (tracemalloc slows
  Python down, so not during the timed runs; Go's heap is not seen).
"""

from __future__ import annotations

import gc
import resource
import statistics
import time
import tracemalloc
from dataclasses import dataclass, field

from .rows import Outcome, Row

TRACE_EVENTS = 100
WARMUP_EVENTS = 30  # each row runs once on these, untimed (OPA prepares its queries, caches fill)
MIN_CALLS = 3000  # per-signature timings loop over their events until this many calls


@dataclass
class RowResult:
    row: Row
    events: int
    outcome: Outcome
    cpu: list[float] = field(default_factory=list)  # seconds per run
    wall: list[float] = field(default_factory=list)
    rss_kib: int = 0
    py_kib: float = 0.0

    @property
    def us_per_event(self) -> float:
        return statistics.median(self.cpu) / self.events * 1e6 if self.events else 0.0

    @property
    def spread_us(self) -> tuple[float, float]:
        if not self.events:
            return 0.0, 0.0
        return min(self.cpu) / self.events * 1e6, max(self.cpu) / self.events * 1e6

    @property
    def events_per_s(self) -> float:
        med = statistics.median(self.cpu)
        return self.events / med if med > 0 else float("inf")

    @property
    def calls_per_event(self) -> float:
        return self.outcome.calls / self.events if self.events else 0.0


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def python_peak_kib(row: Row, lines: list[bytes]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        row.run(lines[:TRACE_EVENTS])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return max(0, peak - base) / 1024


def measure(rows: list[Row], inputs: dict[str, list[bytes]], repeat: int, log=lambda m: None) -> list[RowResult]:
    """Run every row ``repeat`` times (interleaved); inputs maps a row's
    ``sample`` to its lines."""
    results = [RowResult(r, len(inputs[r.sample]), Outcome()) for r in rows]
    for rep in range(repeat):
        for res in results:
            lines = inputs[res.row.sample]
            gc.collect()
            before = 0
            if rep == 0:
                before = _maxrss_kib()
                res.row.run(lines[:WARMUP_EVENTS])
                gc.collect()
            w0 = time.perf_counter()
            c0 = time.process_time()
            out = res.row.run(lines)
            c1 = time.process_time()
            w1 = time.perf_counter()
            if rep == 0:
                res.rss_kib = _maxrss_kib() - before
                res.outcome = out
            elif (out.events, out.findings) != (res.outcome.events, res.outcome.findings):
                raise RuntimeError(f"row {res.row.key}: repeat {rep + 1} gave different results")
            res.cpu.append(c1 - c0)
            res.wall.append(w1 - w0)
            log(f"  {res.row.key:<22} run {rep + 1}/{repeat}: {(c1 - c0) / max(1, out.events) * 1e6:10.1f} us/event CPU")
    for res in results:
        res.py_kib = python_peak_kib(res.row, inputs[res.row.sample])
    return results


def time_calls(fn, events: list, repeat: int) -> list[float]:
    """CPU seconds per call of fn over the events (looped to MIN_CALLS calls), per repeat."""
    if not events:
        return [0.0] * repeat
    loops = max(1, -(-MIN_CALLS // len(events)))
    out = []
    for _ in range(repeat):
        gc.collect()
        c0 = time.process_time()
        for _ in range(loops):
            for ev in events:
                fn(ev)
        out.append((time.process_time() - c0) / (loops * len(events)))
    return out


def compare_handwritten(signatures, lines: list[bytes], repeat: int) -> list[dict]:
    """Per hand-written signature: do its findings equal the generated
    code's on every event of the stream (not only those it selects), and
    what does one evaluation cost over the events it selects (decoded
    beforehand; CPU). Generated and hand-written are timed alternately,
    ``repeat`` times each; the ratio is the median of the per-repeat ratios."""
    import orjson

    from .handwritten import HANDWRITTEN, dispatch_table, selected

    events = [orjson.loads(line) for line in lines]
    by_id = {s.id: s for s in signatures}
    out = []
    for sid, hand in HANDWRITTEN.items():
        gen = by_id[sid].match
        disagree = []
        fired = 0
        for i, ev in enumerate(events):
            try:
                g = gen(ev)
            except Exception as exc:  # the generated code raising is a disagreement too
                g = ("error", type(exc).__name__)
            h = hand(ev)
            if g is False:
                g = None
            if g != h:
                disagree.append(i)
            elif h is not None:
                fired += 1
        table = dispatch_table([sid])
        mine = [ev for ev in events if selected(table, ev)]
        g_cpu, h_cpu, ratios = [], [], []
        for _ in range(repeat):
            g_cpu += time_calls(gen, mine, 1)
            h_cpu += time_calls(hand, mine, 1)
            if h_cpu[-1] > 0:
                ratios.append(g_cpu[-1] / h_cpu[-1])
        g_us = statistics.median(g_cpu) * 1e6
        h_us = statistics.median(h_cpu) * 1e6
        out.append({
            "id": sid,
            "events": ", ".join(sorted({name for name in table})),
            "calls": len(mine),
            "findings": fired,
            "agree": not disagree,
            "disagreements": disagree[:10],
            "generated_us": g_us,
            "hand_us": h_us,
            "ratio": statistics.median(ratios) if ratios else float("nan"),
        })
    return out


def summary(per_signature: list[dict]) -> dict:
    """Median and range of generated/hand-written over the signatures that were called."""
    rs = sorted(h["ratio"] for h in per_signature if h["calls"] and h["ratio"] == h["ratio"])
    if not rs:
        return {"signatures": 0, "median": None, "min": None, "max": None}
    return {"signatures": len(rs), "median": statistics.median(rs), "min": rs[0], "max": rs[-1]}


def checks(results: list[RowResult]) -> dict:
    """Same events, same findings: OPA's rows against rego2py's engine on
    OPA's sample, the hand-written five against the generated five, and
    every row of a sample on the same number of events."""
    by = {r.row.key: r for r in results}
    problems = []

    def same(a, b):
        if a in by and b in by:
            ra, rb = by[a].outcome, by[b].outcome
            if ra.events != rb.events:
                problems.append(f"{a} ran on {ra.events} events, {b} on {rb.events}")
            if ra.by_signature != rb.by_signature:
                diff = sorted(
                    k for k in set(ra.by_signature) | set(rb.by_signature)
                    if ra.by_signature.get(k, 0) != rb.by_signature.get(k, 0)
                )
                problems.append(f"{a} and {b} differ in findings of {', '.join(diff)}")

    same("opa_sig", "rego2py_opa")
    same("opa_aio", "rego2py_opa")
    same("hand5", "rego2py5")
    same("hand_open", "rego2py_open")
    for sample in {r.row.sample for r in results}:
        counts = {r.outcome.events for r in results if r.row.sample == sample}
        if len(counts) > 1:
            problems.append(f"rows on the {sample} sample ran on different event counts {sorted(counts)}")
    return {"ok": not problems, "problems": problems}

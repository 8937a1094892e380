"""Per event on the sample's dominant event (security_file_open), where
every signature that selects it is also written by hand, so the comparison
is like for like: in one run, interleaved (A B C D E, ``repeat`` times),

- ``decode``: orjson.loads of the lines (the floor);
- ``engine``: rego2py's engine over the whole corpus (decode, dispatch, match);
- ``hand_dispatch``: decode, the hand-written dispatch (name, origin), the
  hand-written functions;
- ``gen_matching`` / ``hand_matching``: the generated / hand-written
  functions of the selected signatures on decoded events, the selection
  precomputed (matching alone, no dispatch, no decoding); the generated
  ones called as the engine calls them (the generated entry point of the
  event kind where there is one, else each rule itself, in the engine's
  context of the event: values shared between signatures).

Each ratio is the median over the repeats of that repeat's ratio, so drift
on a shared machine cancels out."""

from __future__ import annotations

import gc
import statistics
import time

import orjson

from ..engine import Engine, EventError, event_key
from .rows import _CountingSink, Outcome, decode_only, handwritten_row

EVENT = "security_file_open"


def _matching(pairs_per_event, shared=False):
    """Call each event's functions; ``shared``: as the engine does, in the
    engine's context of the event (the generated code's values shared
    between signatures, runtime.gen.event_ctx)."""
    from ..runtime.gen import event_ctx

    def run() -> int:
        found = 0
        for ev, fns in pairs_per_event:
            if shared:
                ctx = event_ctx(ev)
                if fns.__class__ is not tuple:  # an entry point: [(index, outcome)] of them all
                    for _, r in fns(ev, ctx):
                        if r is True or r.__class__ is dict:
                            found += 1
                    continue
                for fn in fns:
                    try:
                        r = fn(ev, ctx)
                    except Exception:  # an OPA error, as the engine takes it
                        continue
                    if r is True or r.__class__ is dict:
                        found += 1
                continue
            for fn in fns:
                try:
                    r = fn(ev)
                except Exception:  # an OPA error, as the engine takes it
                    continue
                if r is True or r.__class__ is dict:
                    found += 1
        return found

    return run


def per_event(signatures, lines: list[bytes], repeat: int, log=lambda m: None) -> dict:
    from .handwritten import dispatch_table, selected

    mine = []
    for line in lines:
        ev = orjson.loads(line)
        if ev.__class__ is dict and ev.get("eventName") == EVENT:
            mine.append((line, ev))
    if not mine:
        return {"event": EVENT, "events": 0}
    raw = [line for line, _ in mine]
    events = [ev for _, ev in mine]
    # dispatch precomputed: the generated code as the engine would select it, the hand-written as by hand
    by_name: dict = {}
    for s in signatures:
        for sel in s.selected_events:
            by_name.setdefault(sel.get("name"), []).append((s, sel.get("origin", "*")))
    gen_pairs, hand_pairs = [], []
    calls = 0
    dispatch = Engine(signatures)  # (its entry points per event kind)
    table = dispatch_table()
    missing = set()
    for ev in events:
        try:
            name, where = event_key(ev)
        except EventError:
            gen_pairs.append((ev, ()))
            hand_pairs.append((ev, ()))
            continue
        gs = [s for s, o in by_name.get(name, ()) if o in ("*", where)]
        hs = dict(selected(table, ev))
        missing |= {s.id for s in gs} - set(hs)
        # the entry point of the kind, else the generated rule itself where there is one, as the engine calls them
        entry = dispatch.entry(name, where)
        calls += len(gs)
        gen_pairs.append((ev, entry if entry is not None else tuple(
            s.rule if getattr(s, "rule", None) is not None else s.match for s in gs)))
        hand_pairs.append((ev, tuple(hs[s.id] for s in gs if s.id in hs)))
    if missing:
        raise ValueError(f"{EVENT}: no hand-written version of {', '.join(sorted(missing))}")

    def engine_run(lines_):
        engine = Engine(signatures)
        out = Outcome()
        engine.scan(lines_, "<bench>", 0, _CountingSink(out))
        return sum(out.by_signature.values())

    hand_row = handwritten_row(table)
    measures = {
        "decode": lambda: decode_only(raw),
        "engine": lambda: engine_run(raw),
        "hand_dispatch": lambda: hand_row(raw).findings,
        "gen_matching": _matching(gen_pairs, shared=True),
        "hand_matching": _matching(hand_pairs),
    }
    cpu: dict[str, list[float]] = {k: [] for k in measures}
    findings: dict[str, object] = {}
    for rep in range(repeat):
        for key, fn in measures.items():
            gc.collect()
            c0 = time.process_time()
            r = fn()
            cpu[key].append(time.process_time() - c0)
            if rep == 0:
                findings[key] = r
        log(f"  per event ({EVENT}) run {rep + 1}/{repeat}: "
            + ", ".join(f"{k} {v[-1] / len(raw) * 1e6:.1f}" for k, v in cpu.items()) + " us/event")

    def ratio(a, b, less=None):
        rs = []
        for i in range(repeat):
            x, y = cpu[a][i], cpu[b][i]
            if less is not None:
                x, y = x - cpu[less][i], y - cpu[less][i]
            if y > 0:
                rs.append(x / y)
        return {"median": statistics.median(rs), "min": min(rs), "max": max(rs)} if rs else None

    n = len(raw)
    return {
        "event": EVENT,
        "events": n,
        "calls_per_event": calls / n,
        "signatures": sorted({s.id for s, _ in by_name.get(EVENT, ())}),
        "us_per_event": {k: statistics.median(v) / n * 1e6 for k, v in cpu.items()},
        "findings": {k: v for k, v in findings.items() if k != "decode"},
        "ratios": {
            "engine_over_hand_dispatch": ratio("engine", "hand_dispatch"),
            "engine_over_hand_dispatch_less_decoding": ratio("engine", "hand_dispatch", "decode"),
            "gen_over_hand_matching": ratio("gen_matching", "hand_matching"),
            "gen_matching_over_decode": ratio("gen_matching", "decode"),
            "hand_matching_over_decode": ratio("hand_matching", "decode"),
            "engine_over_decode": ratio("engine", "decode"),
        },
    }

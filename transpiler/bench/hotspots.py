"""Where rego2py's time goes: the costliest signatures (the engine's own
per-match timing) and the costliest functions (cProfile, own time)."""

from __future__ import annotations

import cProfile
import pstats

from ..engine import Engine
from .rows import _CountingSink, Outcome


def signature_costs(signatures, lines: list[bytes], top: int = 10) -> list[dict]:
    """The signatures that take the most time over the stream."""
    engine = Engine(signatures, profile=True)
    engine.scan(lines, "<bench>", 0, _CountingSink(Outcome()))
    timing = engine.take_timing()
    total = sum(s for _, s in timing.values()) or 1.0
    rows = sorted(timing.items(), key=lambda kv: -kv[1][1])[:top]
    return [
        {"id": sid, "calls": calls, "us_per_call": secs / calls * 1e6, "share": secs / total}
        for sid, (calls, secs) in rows
    ]


def function_costs(run, lines: list[bytes], top: int = 15) -> list[dict]:
    """The functions with the most own time while ``run(lines)`` runs."""
    prof = cProfile.Profile()
    prof.enable()
    try:
        run(lines)
    finally:
        prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt or 1.0
    entries = []
    for (file, line, name), (cc, nc, tt, ct, _callers) in stats.stats.items():
        entries.append((tt, ct, nc, _where(file, line, name)))
    entries.sort(key=lambda e: -e[0])
    return [
        {"function": where, "calls": nc, "own_s": tt, "cumulative_s": ct, "share": tt / total}
        for tt, ct, nc, where in entries[:top]
    ]


def _where(file: str, line: int, name: str) -> str:
    if file == "~":
        return name  # a builtin
    parts = file.replace("\\", "/").split("/")
    for anchor in ("transpiler", "r2p_bench_corpus"):
        if anchor in parts:
            file = "/".join(parts[parts.index(anchor):])
            break
    else:
        file = parts[-1]
    return f"{file}:{line} {name}"

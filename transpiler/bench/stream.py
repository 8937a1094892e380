"""The benchmark's event stream: the workload generator's kernel build,
limited to the events the corpus selects (the bundled profile), as raw JSON
lines. Every row decodes these lines itself."""

from __future__ import annotations

from pathlib import Path

from .. import workload

DEFAULT_PROFILE = Path(__file__).resolve().parents[2] / "samples" / "kernel-build.profile.json"


def event_lines(count: int, seed: int = 1, profile: str | Path | None = None) -> list[bytes]:
    """``count`` generated events, one JSON text each (no newline)."""
    from ..cmd_workload import Profile

    path = Path(profile) if profile else DEFAULT_PROFILE
    selected = attacks = None
    if path.is_file():
        prof = Profile.load(str(path))
        selected, attacks = prof.selected_events, prof.attacks
    events = workload.generate(count, seed, 0.005, selected, attacks)
    return [line.rstrip(b"\n") for line in workload.iter_jsonl(events)]


def sample(lines: list[bytes], count: int) -> list[bytes]:
    """An evenly strided subset of ``count`` lines (all when count >= len),
    so that a short row sees the same mix of events as the long ones."""
    if count <= 0 or count >= len(lines):
        return list(lines)
    step = len(lines) / count
    return [lines[int(i * step)] for i in range(count)]

"""What a worker does with a part: load the signatures once, match the part's
lines, and give back its findings already rendered, in order.

The same functions run in ``--workers N`` processes and on Dask workers. The
signature package reaches a worker as a path (same machine) or as a zip of
its Python sources (any machine), unpacked once per worker into a folder
named by the zip's hash.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .partition import DamagedInput, InputProblem, Part, count_lines, read_blocks, split_lines


@dataclass
class PartResult:
    """What matching one part gives: rendered findings and messages in order
    (``(True, bytes)`` a finding, ``(False, str)`` a message), counters, and
    the input problem that stopped the part early, if any."""

    items: list = field(default_factory=list)
    stats: object = None
    output_errors: int = 0
    timing: dict = field(default_factory=dict)
    problem: str | None = None
    lines: int = 0


@dataclass(frozen=True)
class PackageRef:
    """How a worker finds the signature package: ``path`` on this machine,
    or ``digest`` and the zip's bytes (Dask: scattered once to every worker)."""

    digest: str
    path: str | None = None


def zip_package(package_dir: Path) -> tuple[str, bytes]:
    """(sha256, zip bytes) of a generated package's sources, deterministic."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(package_dir.rglob("*.py")):
            if "__pycache__" in f.parts:
                continue
            info = zipfile.ZipInfo(str(f.relative_to(package_dir)), date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, f.read_bytes())
    data = buf.getvalue()
    return hashlib.sha256(data).hexdigest(), data


def _unpack(digest: str, blob: bytes) -> Path:
    """The package unpacked in this machine's temporary folder (once)."""
    root = Path(tempfile.gettempdir()) / f"rego2py-signatures-{digest[:24]}"
    if (root / "__init__.py").exists():
        return root
    if hashlib.sha256(blob).hexdigest() != digest:
        raise ValueError("signature package damaged in transit (hash differs)")
    tmp = Path(tempfile.mkdtemp(prefix=root.name + ".", dir=root.parent))
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in z.namelist():
            target = (tmp / name).resolve()
            if not str(target).startswith(str(tmp.resolve()) + os.sep):
                raise ValueError(f"unexpected path in the signature package: {name!r}")
        z.extractall(tmp)
    try:
        os.rename(tmp, root)
    except OSError:  # another process of this machine was first
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return root


_ENGINES: dict[tuple, tuple] = {}  # (digest, render spec, profile) -> (engine, render)


def engine_for(ref: PackageRef, blob: bytes | None, render_spec: tuple, profile: bool):
    key = (ref.digest, render_spec, profile)
    got = _ENGINES.get(key)
    if got is None:
        from .render import make_renderer
        from .signatures import load_package
        from ..engine import Engine

        where = Path(ref.path) if ref.path and blob is None else _unpack(ref.digest, blob)
        got = _ENGINES[key] = (Engine(load_package(where), profile=profile), make_renderer(render_spec))
    return got


def preload(ref: PackageRef, blob: bytes | None, render_spec: tuple, profile: bool, engine=None) -> None:
    """Initialise a worker (or hand it the engine of its parent, when forked)."""
    if engine is not None:
        from .render import make_renderer

        _ENGINES[(ref.digest, render_spec, profile)] = (engine, make_renderer(render_spec))
    else:
        engine_for(ref, blob, render_spec, profile)


def count_task(part: Part) -> int:
    return count_lines(part)


def match_task(part: Part, first_line: int, ref: PackageRef, blob, render_spec: tuple, profile: bool) -> PartResult:
    """Match the lines of ``part``, numbered from ``first_line + 1``."""
    from .report import CollectSink
    from ..engine import Stats

    engine, render = engine_for(ref, blob, render_spec, profile)
    sink = CollectSink(render)
    stats = Stats()
    lineno = first_line
    problem = None
    try:
        for block in read_blocks(part):
            lines = split_lines(block)
            engine.scan(lines, part.source, lineno, sink, stats)
            lineno += len(lines)
    except InputProblem as exc:
        problem = str(exc)
    except (DamagedInput, OSError) as exc:
        cause = exc.args[0] if isinstance(exc, DamagedInput) else exc
        problem = f"{part.source}: cannot read after line {lineno}: {cause}"
    return PartResult(sink.items, stats, sink.output_errors, engine.take_timing(), problem, lineno - first_line)

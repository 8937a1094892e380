"""Flame graphs, one per row: py-spy samples a child process that sets the
row up and runs it once (``python -m transpiler.bench.flame``).

    record(row_key, lines_file, package_dir, corpus_root, svg) -> str | None

returns None when it worked, else why not (py-spy missing, ptrace refused...).
Python frames only: OPA's evaluation shows as the bindings' native call
(``_call``), which is where the Go side runs.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

RATE = 200  # samples per second
MIN_CPU = 3.0  # seconds of the row per flame graph


def py_spy() -> str | None:
    exe = Path(sys.executable).with_name("py-spy")
    return str(exe) if exe.is_file() else shutil.which("py-spy")


def record(row_key: str, lines_file: Path, package_dir: Path, corpus_root: Path, svg: Path, timeout: float = 300) -> str | None:
    spy = py_spy()
    if spy is None:
        return "py-spy is not installed (pip install py-spy)"
    cmd = [
        spy, "record", "--rate", str(RATE), "--format", "flamegraph", "--nonblocking",
        "-o", str(svg), "--",
        sys.executable, "-m", "transpiler.bench.flame",
        row_key, str(lines_file), str(package_dir), str(corpus_root),
    ]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"py-spy: timed out after {timeout:.0f} s"
    if p.returncode != 0 or not svg.is_file():
        tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
        return f"py-spy failed ({p.returncode}): {' / '.join(tail)}"
    return None


def _child(argv: list[str]) -> int:
    from .suite import build_rows

    key, lines_file, package_dir, corpus_root = argv
    package_dir = Path(package_dir)
    sys.path.insert(0, str(package_dir.parent))
    pkg = importlib.import_module(package_dir.name)
    lines = Path(lines_file).read_bytes().splitlines()
    rows = build_rows(list(pkg.SIGNATURES), Path(corpus_root), with_opa=True, keys=[key])
    if not rows:
        print(f"no row {key}", file=sys.stderr)
        return 2
    # run the row until it has taken MIN_CPU seconds, so that it outweighs the set-up
    c0 = time.process_time()
    while True:
        rows[0].run(lines)
        if time.process_time() - c0 >= MIN_CPU:
            return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))

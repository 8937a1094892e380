"""Run the parts of the inputs on an executor and write the results in input
order, exactly as one process writes them. One implementation for
``--workers N`` (a process pool on this machine) and ``--dask`` (a Dask
cluster): only ``Executor`` differs.

Line numbers: a part's first line is the sum of the lines of the parts before
it in the same file; those counts are tasks too, submitted first, so matching
never waits on the client reading the data.
"""

from __future__ import annotations

from collections import deque
from typing import Callable

from .partition import Part
from .tasks import PackageRef, PartResult, count_task, match_task


class Executor:
    """``submit(fn, *args)`` returning a future with ``result()``."""

    window = 8  # match tasks in flight at most (results are kept until written)

    def submit(self, fn, *args):  # pragma: no cover - interface
        raise NotImplementedError

    def package_blob(self):
        """What tasks receive as the package's bytes (None: by path)."""
        return None


def run_parts(
    executor: Executor,
    parts: list,
    ref: PackageRef,
    render_spec: tuple,
    profile: bool,
    emit: Callable[[PartResult, Part], None],
    local: Callable[[str], None],
) -> None:
    """Match every part; ``emit(result, part)`` is called in input order;
    ``local(path)`` handles ``"-"`` (standard input, read here) at its place."""
    counts = {}
    for i, part in enumerate(parts):
        if isinstance(part, Part) and not part.last:
            counts[part.index] = executor.submit(count_task, part)
    blob = executor.package_blob()
    pending: deque = deque()
    first = 0
    for part in parts:
        if not isinstance(part, Part):
            while pending:
                emit(*_result(pending.popleft()))
            local(part)
            continue
        future = executor.submit(match_task, part, first, ref, blob, render_spec, profile)
        pending.append((future, part))
        first = 0 if part.last else first + counts.pop(part.index).result()
        while len(pending) >= executor.window:
            emit(*_result(pending.popleft()))
    while pending:
        emit(*_result(pending.popleft()))


def _result(entry) -> tuple[PartResult, Part]:
    future, part = entry
    return future.result(), part

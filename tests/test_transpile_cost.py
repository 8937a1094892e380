"""Transpiling costs about as much as the input is large or deep: each
nesting construct, at depth (or size) n and 2n, within a bounded ratio.

Where possible the cost is counted (lines of Python the emitter writes,
including those it takes back), which is deterministic; elsewhere it is
timed with wide margins (the machine is shared)."""

from __future__ import annotations

import pytest

from transpiler.build import compile_texts
from transpiler.compiler import compile_program, emit


def _every(n: int) -> str:
    return (
        "package deep\nimport rego.v1\np if {\n"
        + "".join(f"every x{i} in input.a {{\nx{i} == 1\n" for i in range(n))
        + "}\n" * n
        + "}\n"
    )


def _lines_written(monkeypatch, text: str) -> int:
    """Lines the emitter writes for ``text``, those it takes back included."""
    count = [0]
    real = emit.Out.emit

    def counted(self, line):
        count[0] += 1
        real(self, line)

    monkeypatch.setattr(emit.Out, "emit", counted)
    _, out, errors = compile_texts([("deep.rego", text)])
    monkeypatch.setattr(emit.Out, "emit", real)
    assert not errors, [e.render() for e in errors]
    return count[0]


def test_nested_every_is_written_once(monkeypatch):
    # every body with a loop became a nested function by writing the body,
    # discarding it and writing it again: twice the work at each level
    small, large = (_lines_written(monkeypatch, _every(n)) for n in (6, 12))
    assert large <= 2.5 * small, (small, large)


def test_nested_every_answers():
    prog = compile_program([("deep.rego", _every(12))])
    assert prog.query("x = data.deep.p", input={"a": [1, 1]}) == [{"x": True}]
    assert prog.query("x = data.deep.p", input={"a": [1, 2]}) == []
    assert prog.query("x = data.deep.p", input={"a": []}) == [{"x": True}]

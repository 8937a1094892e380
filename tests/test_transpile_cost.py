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


def _peak_memory(text: str) -> int:
    """Bytes allocated at the peak of transpiling ``text`` (its parse included)."""
    import tracemalloc

    compile_texts([("warm.rego", "package warm\np := 1\n")])  # imports and caches first
    tracemalloc.start()
    try:
        _, _, errors = compile_texts([("t.rego", text)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not errors, [e.render() for e in errors]
    return peak


def _unify_chain(n: int) -> str:
    # each literal binds one more variable (written last to first: reordered)
    return "package t\nimport rego.v1\np if {\n" + "".join(f"x{i + 1} = x{i}\n" for i in range(n)) + "x0 = input.a\n}\n"


def test_long_body_memory_is_linear():
    # each unification kept a copy of the bound variables alive while the
    # rest of the body was written: 54 kB of source took 874 MB (here 8 MB
    # then 30 MB, now 1 MB then 2 MB)
    small, large = (_peak_memory(_unify_chain(n)) for n in (300, 600))
    assert large <= 2.6 * small, (small, large)


@pytest.mark.parametrize("text", ["a" * 200_000, "\\n" * 100_000, "a\\u00e9" * 30_000])
def test_long_string_memory_is_that_of_the_string(text):
    # the lexer's string pattern kept backtracking state per character:
    # 400 kB of string took 117 MB to lex
    src = 'package t\nimport rego.v1\np := "' + text + '"\n'
    assert _peak_memory(src) <= 20 * len(src)


def test_a_source_beyond_the_size_limit_is_refused_where_it_crosses_it(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from transpiler.parser import MAX_SOURCE_BYTES

    root = Path(__file__).resolve().parent.parent
    head = "package big\nimport rego.v1\n"
    body = "xs := [" + ", ".join(["1234567"] * (MAX_SOURCE_BYTES // 9 + 10)) + "]\n"
    (tmp_path / "big.rego").write_text(head + body)
    (tmp_path / "good.rego").write_text("package good\nimport rego.v1\np := 1\n")
    proc = subprocess.run(
        [sys.executable, "-m", "transpiler.cli", "big.rego", "good.rego", "-o", "out"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(root), "PATH": ""},
    )
    assert proc.returncode == 2
    col = MAX_SOURCE_BYTES - len(head) + 1
    assert proc.stderr.startswith(f"big.rego:3:{col}: source too large: more than {MAX_SOURCE_BYTES} bytes"), proc.stderr[:300]
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr) < 2000  # a window of the long line, not the line
    assert (tmp_path / "out" / "good.py").is_file()


def test_the_size_limit_counts_utf8_bytes(monkeypatch):
    from transpiler import parser
    from transpiler.errors import ParseError

    monkeypatch.setattr(parser, "MAX_SOURCE_BYTES", 64)
    text = "package t\np := \"" + "é" * 30 + "\"\n"  # 48 characters, 78 bytes
    with pytest.raises(ParseError) as exc:
        parser.parse_module(text, "t.rego")
    # 64 bytes hold "package t\n", 'p := "' and 24 "é": the 25th crosses the limit
    assert str(exc.value).startswith("t.rego:2:31: source too large: more than 64 bytes (78 bytes)")
    assert parser.parse_module("package t\np := \"" + "e" * 40 + "\"\n", "t.rego").package == ("t",)


H = "package t\nimport rego.v1\n"
# construct -> (source of size or depth n, n): each transpiles (no refusal) at n and 2n
CONSTRUCTS = {
    "nested some-in comprehensions": (lambda n: H + "p := " + "".join(f"[x{i} | some x{i} in " for i in range(n))
                                      + "input.a" + "]" * n + "\n", 60),
    "nested set comprehensions": (lambda n: H + "p := " + "".join(f"{{y{i} | y{i} := " for i in range(n))
                                  + "input.a" + "}" * n + "\n", 60),
    # each level's local-variable and safety passes walked the levels inside
    # it again: quadratic in the depth (800 deep took 11 s)
    "array comprehensions in comprehension heads": (
        lambda n: H + "p := " + "".join(f"[x{i} | x{i} := " for i in range(n)) + "input.a" + "]" * n + "\n", 400),
    "set comprehensions in comprehension heads": (
        lambda n: H + "p := " + "".join(f"{{y{i} | y{i} := " for i in range(n)) + "input.a" + "}" * n + "\n", 400),
    "object comprehensions in comprehension bodies": (
        lambda n: H + "p := " + "".join(f"{{y{i}: 1 | some y{i} in " for i in range(n)) + "input.a" + "}" * n + "\n",
        400),
    "nested object literals": (lambda n: H + "p := " + '{"k": ' * n + "input.a" + "}" * n + "\n", 80),
    "long refs": (lambda n: H + "p := input" + "".join(f".a{i}" for i in range(n)) + "\n", 400),
    "rule bodies of one rule": (lambda n: H + "".join(f"p if input.a == {i}\n" for i in range(n)), 400),
    "many rules": (lambda n: H + "".join(f"r{i} := r{i - 1} + 1\n" for i in range(1, n)) + "r0 := input.a\n", 200),
    "function clauses": (lambda n: H + "".join(f"f(x) := {i} if x == {i}\n" for i in range(n))
                         + "p := f(input.a)\n", 100),
    "with modifiers": (lambda n: H + "q := input.a\np if {\n q with input.a as 1 "
                       + " ".join(f"with data.x{i} as {i}" for i in range(n)) + "\n}\n", 400),
    "unifications": (_unify_chain, 300),
    "array literal": (lambda n: H + "p := [" + ", ".join(str(i) for i in range(n)) + "]\n", 5_000),
}


def _cpu(text: str) -> float:
    """CPU time of the transpiler's own work on ``text``: Python's garbage
    collector is off while it runs (on a tree 800 deep its young collections
    alone grow faster than linearly, which would blur a quadratic pass)."""
    import gc
    import time

    best = None
    for _ in range(2):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            _, _, errors = compile_texts([("t.rego", text)])
            took = time.process_time() - start
        finally:
            gc.enable()
        assert not errors, [e.render() for e in errors][:1]
        best = took if best is None else min(best, took)
    return best


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_transpile_time_doubles_with_the_input(name):
    make, n = CONSTRUCTS[name]
    compile_texts([("warm.rego", "package warm\np := 1\n")])
    small, large = _cpu(make(n)), _cpu(make(2 * n))
    # linear: 2; quadratic: 4 (the fixed cost of a transpile only lowers the ratio)
    assert large <= 3.2 * small + 0.05, (name, small, large)


@pytest.mark.parametrize("open_,close", [("[", "]"), ('[{"a": ', "}]"), ("{", "}"), ("[[", "], 1]")],
                         ids=["arrays", "arrays-of-objects", "sets", "pairs"])
def test_deep_literals_type_in_bounded_time(tmp_path, open_, close):
    # an array's type holds its elements' type twice (together, by
    # position): without a bound on types, a literal 30 deep took minutes
    # (OPA's type checker was being followed into a type of 2**n parts)
    import subprocess
    import sys
    import time

    n = 60
    src = tmp_path / "deep.rego"
    src.write_text("package t\nimport rego.v1\ndeep := " + open_ * n + "1" + close * n + "\nq := deep\n")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "transpiler.cli", str(src), "-o", str(tmp_path / "out"),
                           "--no-format", "-q"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 60

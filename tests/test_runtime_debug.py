"""print and trace, checked against real OPA: the lines print writes (OPA's
bindings keep them in ``last_prints``) and the values of the rules around them."""

from __future__ import annotations

import re

import pytest

from transpiler.compiler import compile_program
from transpiler.errors import RegoError
from transpiler.runtime.errors import RegoRuntimeError
from transpiler.runtime.evaluation import Evaluation
from transpiler.runtime.values import UNDEF, eq, to_json

opa_bindings = pytest.importorskip("opa_bindings")

PRELUDE = "package t\n\nimport rego.v1\n\n"

# (rules, query, input): every print line and the query's answer must be OPA's
CASES = [
    ('p if print("hi")', "x = data.t.p", None),
    ('p if print("a", input.x, input.missing, 1, 1.5, null, true, "s")', "x = data.t.p", {"x": "str"}),
    ('p if print(input.x)', "x = data.t.p", {"x": {"b": [1, "two", {"c": None}], "a": 2.0}}),
    ('p if print({1, "a", [2]}, set(), {}, [], {"k": {1}})', "x = data.t.p", None),
    ('p if print()', "x = data.t.p", None),
    ('p if { print(input.missing.deeper); input.x == 1 }', "x = data.t.p", {"x": 1}),
    ('p if { input.x == 1; print(input.missing) }', "x = data.t.p", {"x": 2}),
    ('q contains x if { some x in [3, 1, 2]; print("x is", x) }', "x = data.t.q", None),
    ('p if { some x in ["a", "b"]; y := [x, "c"][_]; print(x, y) }', "x = data.t.p", None),
    ('p if { x := [1, 2]; print(count([y | some y in x]), {z | some z in x}) }', "x = data.t.p", None),
    # operands' variables must be bound before the call
    ('p if print([y | some y in [1, 2]][_])', "x = data.t.p", None),
    ('p if { print(x); x := 1 }', "x = data.t.p", None),
    ('p if { print(x); x = 1 }', "x = data.t.p", None),
    ('p if { x = 1; print(x, y); y = 2 }', "x = data.t.p", None),
    ('p if { some x in ["a", "b"]; print(x, [x][_]) }', "x = data.t.p", None),
    ('p if print(1 / 0)', "x = data.t.p", None),
    ('p if print("é \\n tab\\t", "\\u2028")', "x = data.t.p", None),
    ('p if print(12345678901234567890, 0.1, 2.5, -3)', "x = data.t.p", None),
    ('f(x) := y if { print("f of", x); y := x + 1 }\np := f(1)', "x = data.t.p", None),
    ('p if trace("a note")', "x = data.t.p", None),
    ('p if trace(input.missing)', "x = data.t.p", None),
    ('p := x if { x := trace("n"); print(x) }', "x = data.t.p", None),
]


_ERR = re.compile(r"((?:rego|eval)_[a-z_]+): (.*)$")


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


def _opa(engine, src, query, inp):
    try:
        engine.add_policy("t.rego", src)
    except opa_bindings.OpaError as exc:
        return ("error", _ERR.search(exc.message).groups()), []
    try:
        rows = engine.eval_query(query, input=inp)
    except opa_bindings.OpaError as exc:
        return ("error", _ERR.search(exc.message).groups()), []
    return ("rows", rows), [m for m, _ in engine.last_prints]


def _ours(src, query, inp):
    printed = []
    try:
        prog = compile_program([("t.rego", src)], strict=True)
    except RegoError as exc:
        return ("error", (exc.code, exc.message)), []
    try:
        rows = prog.query(query, input=UNDEF if inp is None else inp, ev=Evaluation(printer=printed.append))
    except RegoRuntimeError as exc:
        return ("error", (exc.code, exc.message)), []
    return ("rows", [{k: to_json(v) for k, v in r.items()} for r in rows]), printed


@pytest.mark.parametrize("rules, query, inp", CASES, ids=[c[0][:50] for c in CASES])
def test_print_lines_and_answers_are_opas(opa, rules, query, inp):
    src = PRELUDE + rules + "\n"
    want, want_lines = _opa(opa, src, query, inp)
    got, got_lines = _ours(src, query, inp)
    assert got_lines == want_lines
    if want[0] == "error":
        assert got == want
        return
    assert got[0] == want[0] and len(got[1]) == len(want[1]) and all(
        eq(a, b) for a, b in zip(got[1], want[1])
    ), (got, want)


def test_trace_notes_reach_the_trace_hook():
    notes = []
    prog = compile_program([("t.rego", PRELUDE + 'p if { trace("one"); trace("two") }\n')])
    assert prog.query("x = data.t.p", ev=Evaluation(tracer=notes.append)) == [{"x": True}]
    assert notes == ["one", "two"]


def test_print_goes_to_stderr_by_default(capsys):
    prog = compile_program([("t.rego", PRELUDE + 'p if print("to stderr", 1)\n')])
    assert prog.query("x = data.t.p") == [{"x": True}]
    assert capsys.readouterr().err == "to stderr 1\n"

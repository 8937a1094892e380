"""Numbers and the JSON builtins, asked of real OPA and of rego2py: number
literals and arithmetic kept exact where OPA keeps them, numbers printed as
OPA prints them (json.marshal, sprintf, template strings, format_int),
to_number's edge cases, number object keys (1 and 1.0), and json.marshal /
json.filter / json.remove over keys and paths. Each case is a rule body
``p := ...``; the answers (value, undefined or error code) must be OPA's."""

from __future__ import annotations

import math

import pytest

from transpiler import opa_backend
from transpiler.compiler import compile_program
from transpiler.errors import RegoError
from transpiler.runtime.errors import RegoRuntimeError
from transpiler.runtime.values import to_json

pytest.importorskip("opa_bindings")

JSON_PATHS = [
    'json.remove({"d": [1, 2]}, [["d", 0]])',
    'json.remove({"d": [1, 2]}, ["d/0"])',
    'json.remove({"d": [1, {"e": 1, "f": 2}]}, ["d/1/e"])',
    'json.remove({"d": [1, {"e": 1, "f": 2}]}, [["d", 1, "e"]])',
    'json.remove({"d": [[1, 2], [3]]}, ["d/0/1"])',
    'json.filter({"d": [1, 2], "e": 3}, ["d/0"])',
    'json.filter({"d": [1, 2], "e": 3}, [["d", 1]])',
    'json.filter({"d": [{"x": 1, "y": 2}, 2], "e": 3}, [["d", 0, "x"]])',
    'json.filter({"d": [1, 2], "e": 3}, [["d", "1"]])',
    'json.remove({"d": [1, 2], "e": 3}, [["d", "1"]])',
    'json.remove({"d": [1, 2], "e": 3}, [["d", 1.0]])',
    'json.filter({"d": [1, 2], "e": 3}, [["d", "01"]])',
    'json.remove({"d": [1, 2], "e": 3}, [["d", "01"]])',
    'json.filter({"d": [1, 2], "e": 3}, [["d", "5"]])',
    'json.remove({"d": {1: "a", "1": "b"}}, [["d", 1]])',
    'json.filter({"d": {1: "a", "1": "b"}}, ["d/1"])',
]

JSON_KEYS = [
    'json.marshal({1: "a", "1": "b"})',
    'json.marshal({"1": "b", 1: "a"})',
    'json.marshal({1: "a", "1": "b", 2: "c"})',
    'json.marshal({true: 1, "true": 2})',
    'json.marshal({[1]: 1, "[1]": 2})',
    'json.marshal_with_options({1: "a", "1": "b"}, {"pretty": true})',
]

CASES = JSON_PATHS + JSON_KEYS


def answer(backend, expr):
    src = "package t\n\np := " + expr + "\n"
    try:
        prog = backend.compile_program([("t.rego", src)], strict=True)
        rows = prog.query("x = data.t.p")
    except (RegoError, RegoRuntimeError) as exc:
        return ("error", getattr(exc, "code", None) or type(exc).__name__)
    return ("rows", [to_json(r["x"]) for r in rows])


def same(a, b) -> bool:
    """Equal JSON values, numbers by value and by type (an int is not 1.0 printed)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and isinstance(b, float) and math.isinf(a) and math.isinf(b):
            return a == b
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


class _Ours:
    compile_program = staticmethod(compile_program)


@pytest.mark.parametrize("expr", CASES)
def test_same_answer_as_opa(expr):
    ours = answer(_Ours, expr)
    theirs = answer(opa_backend, expr)
    assert same(ours, theirs), (ours, theirs)

"""Iteration order of set and object literals with non-ground terms (issue 9).

OPA sorts a set literal's elements as terms, evaluates them in that order and
iterates the set in insertion order (equal values included); sets built any
other way iterate in value order. Each case holds OPA's answer (v1.20.2
through the bindings) and is asked of OPA and of rego2py again. What rego2py
cannot order as OPA does is refused at transpile time, with its position."""

from __future__ import annotations

import pytest

from opa_compare import both, module
from transpiler.compiler import compile_program
from transpiler.errors import Unsupported

INPUT = {"m": -1, "one": 1, "n": -5, "arr": [3, 1, 2], "o": {"a": 1}}

CASES = [
    # (module body, OPA's value of data.t.p)
    ("p := [x | some x in {input.m, 0}]", [0, -1]),
    ("p := [x | some x in {input.m, input.n}]", [-1, -5]),
    ("p := [x | some x in {input.n, input.m}]", [-1, -5]),
    ("p := [x | some x in s]\ns := {input.m, input.n, 0}", [0, -1, -5]),
    ("p := s\ns := {input.m, input.n, 0}", [-5, -1, 0]),
    ("p := [x | some x in {y | some y in [3, 1, 2]}]", [1, 2, 3]),
    ("p := [x | some x in {y | some y in input.arr}]", [1, 2, 3]),
    ('p := [x | some x in {input.m, "a", 0, input.n, null, true}]', [None, True, 0, "a", -1, -5]),
    ("p := [x | some x in {input.arr[2], input.arr[1], input.arr[0]}]", [3, 1, 2]),
    ("p := [x | some x in {data.t.q, input.m}]\nq := 7", [7, -1]),
    ("p := [x | some x in {input, input.m}]", [INPUT, -1]),
    ("p := [x | some x in {abs(input.m), input.n}]", [1, -5]),
    ("p := [x | some x in {[input.n], [input.m]}]", [[-1], [-5]]),
    ("p := [x | some x in {[input.n], input.m}]", [-1, [-5]]),
    ("p := [x | some x in {[1], [input.m]}]", [[1], [-1]]),
    ("p := [x | some x in {[input.m, 1], [input.m]}]", [[-1], [-1, 1]]),
    ('p := [x | some x in {{"a": input.n}, [input.m]}]', [[-1], {"a": -5}]),
    ("p := [x | some x in {[y | y := input.m], input.n}]", [-5, [-1]]),
    ("p := [x | some x in {{y | y := input.m}, input.n}]", [-5, [-1]]),
    ("p := [x | some x in f(1)]\nf(_) := {input.m, input.n, 0}", [0, -1, -5]),
    ("p := [x | x := s[_]]\ns := {input.m, input.n, 0}", [0, -1, -5]),
    ("p := [x | s[x]]\ns := {input.m, input.n, 0}", [0, -1, -5]),
    ("p := [x | walk({input.m, 0}, [_, x])]", [[-1, 0], -1, 0]),
    ("p := [x | some x in s] if { s := {input.m, 0} with input.m as -3 }", [0, -3]),
    # built by an operator: value order again
    ("p := [x | some x in s | set()]\ns := {input.m, input.n, 0}", [-5, -1, 0]),
    ("p := [x | some x in s - {7}]\ns := {input.m, input.n, 0}", [-5, -1, 0]),
    ("p := [x | some x in json.unmarshal(json.marshal(s))]\ns := {input.m, input.n, 0}", [-5, -1, 0]),
    ("p := json.marshal(s)\ns := {input.m, input.n, 0}", "[-5,-1,0]"),
    ('p := sprintf("%v", [s])\ns := {input.m, input.n, 0}', "{-5, -1, 0}"),
    # a local variable is a variable term even when its value is a constant
    ("p := [x | some x in s] if { y := -1; s := {y, 0} }", [0, -1]),
    ("p := [x | some x in s] if { y := input.m; s := {y, input.n, 0} }", [0, -1, -5]),
    # variables bound by unification keep their names (declared ones do not)
    ("p := [x | some x in q]\nq := {x, z} if { x = input.n; z = input.m }", [-5, -1]),
    ("p := [x | some x in q]\nq := {z, a} if { z = input.n; a = input.m }", [-1, -5]),
    ("p := [x | some x in {A, input.n}] if { A = input.m }", [-1, -5]),
    ("p := [x | some x in {abs(input.m), a}] if { a = input.n }", [1, -5]),
    ("p := [x | some x in {abs(input.m), A}] if { A = input.n }", [-5, 1]),
    ("p := [x | some x in {input.arr[i], input.m}] if { i = 0 }", [3, -1]),
    # equal values of different terms: iterated each, counted once
    ("p := [x | some x in {input.m, -1}]", [-1, -1]),
    ("p := [x | some x in {input.m, input.m}]", [-1]),
    ("p := count({input.m, -1})", 1),
    ("p := {input.m, -1} == {-1}", True),
    ("p := [x | some x in {input.one, 1.0}]", [1.0, 1]),
    ("p := json.marshal({input.one, 1.0})", "[1.0]"),
    ("p := json.marshal([x | some x in {1.0, input.one, 1}])", "[1.0,1]"),
    ("p := [x | some x in s]\ns := {input.one, 1.0}", [1.0, 1]),
    # order not known here but seen by no one
    ("p := x if { a := input.m; b := input.n; x := count({a, b} | {1}) }", 3),
    ("p := x if { a := input.m; b := input.n; x := [y | some y in {a, b} | {1}] }", [-5, -1, 1]),
    ("p if { a := input.m; b := input.n; -5 in {a, b} }", True),
    # objects: constant keys, or keys whose constant values sort as their terms
    ('p := [k | some k, _ in {"b": input.m, "a": input.n}]', ["a", "b"]),
    ('p := [k | some k, _ in {k: 1 | some k in ["b", "a"]}]', ["a", "b"]),
    ('p := [k | some k, _ in q]\nq := {x: 1, y: 2} if { x = "a"; y = "b" }', ["a", "b"]),
    # objects with keys of other terms: built in their keys' term order (the
    # first equal key's text stays, the last value wins); counted
    ('p := count({input.one: "a", 1.0: "b", input.m: 3})', 2),
    ('p := object.keys({input.one: "a", 1.0: "b"})', [1.0]),
    ("p := [k | some k in object.keys({input.m: 1, 0: 2, input.n: 3})]", [-5, -1, 0]),
]


@pytest.mark.parametrize("body,want", CASES, ids=[c[0].split("\n")[0][:60] for c in CASES])
def test_order_as_opa(body, want):
    theirs, ours = both(body, input_=INPUT)
    assert theirs == ("rows", [{"x": want}])
    assert ours == theirs


REFUSED = [
    # (module body, OPA's value: rego2py cannot give it in general)
    ("p := [x | some x in {abs(input.m), abs(input.n)}]", [1, 5]),
    ("p := [x | some x in s] if { y := input.m; z := input.n; s := {z, y} }", [-1, -5]),
    ("p := [x | some x in q]\nq := {b, a} if { b := input.n; a := input.m }", [-5, -1]),
    ("p := [x | some x in f(input.m, input.n)]\nf(b, a) := {a, b}", [-1, -5]),
    ("p := [x | some x in q]\nq := {b, a} if { some a, b; a = input.n; b = input.m }", [-5, -1]),
    ('p := {input.one: "a", 1.0: "b"}', {"1.0": "a"}),
    ('p := [k | some k, _ in {x: 1, "z": 2}] if { x := "a" }', ["z", "a"]),
    ('p := [k | some k, _ in q]\nq := {x: 1, y: 2} if { x = "b"; y = "a" }', ["b", "a"]),
    ("p := [k | some k, _ in q]\nq := {b: 1, a: 2} if { a = input.n; b = input.m }", [-5, -1]),
    ("p := [k | some k, _ in {input.m: 1, 0: 2}]", [0, -1]),
]


@pytest.mark.parametrize("body,want", REFUSED, ids=[c[0].split("\n")[0][:60] for c in REFUSED])
def test_refused_where_the_order_is_not_known(body, want):
    theirs, _ = both(body, input_=INPUT)
    assert theirs == ("rows", [{"x": want}])
    with pytest.raises(Unsupported) as info:
        compile_program([("t.rego", module(body))], strict=True)
    assert info.value.pos.file == "t.rego" and info.value.pos.line >= 3
    assert "literal" in info.value.what

"""Errors OPA's default mode keeps (a conflict: an object comprehension with
two values for one key, a rule or function with two outputs) make OPA's order
of evaluation visible in default mode too, where builtin errors cannot show
it: each case asked of OPA (strict, as the bindings are) and of rego2py in
both modes; where OPA's answer is not an error, no builtin failed, so it is
OPA's default-mode answer too (kepterrors.py; the fuzzer's seed 2026
programs 1939, 2772, 6028, 9701). And one key of an object of rules is
evaluated alone (program 6375)."""

from __future__ import annotations

import pytest

from tests.opa_compare import answer, both, module, same
from transpiler.compiler import compile_program

C = '{"": u | some u in {0, 1}}'  # an object comprehension that conflicts
Q = f"q := {C}\n"  # a rule that conflicts
F = "f(x) := v if some v in [1, 2]\n"  # a function that conflicts
CASES = [
    # the calls of an expression come first (default mode too), their
    # arguments' refs before a comprehension
    f"p if {{ x := object.remove({C}, input.missing) }}",
    f"p if {{ x := object.remove(input.missing, {C}) }}",
    f"p if {{ x := object.remove({C}, input.a) }}",
    f'p if {{ some w2, k6 in object.remove({C}, input[""]) }}',
    f"p if {{ some k, v in object.remove({C}, input.missing) }}",
    f"p if {{ some x in object.remove({C}, input.missing) }}",
    f"p if {{ some x in [{C}, input.missing] }}",
    f"p if {{ some x in {C} }}",
    # OPA's rule index checks a membership's operands first (default mode too)
    f"p if {{ every x in {C} {{ x }}; input in input.missing }}",
    f"p if {{ every x in {C} {{ x }}; input.a in input.missing }}",
    f"p if {{ every x in {C} {{ x }}; input.missing }}",
    f"p if {{ input.missing == {C} }}",
    # a comparison stops at its first undefined operand
    Q + "p if { input[input] <= q }",
    Q + "p if { q <= input[input] }",
    Q + "p if { input.missing <= q }",
    Q + "p if { input[input] == q }",
    F + "p if { input[input] <= f(1) }",
    'r := to_number("a")\np if { input[input] <= r }',
    'r := to_number("a")\np if { r <= input[input] }',
    # an every runs on its domain in OPA's order when its body may conflict
    F + 'p if { every k, v in input.o { k == "a"; f(v) } }',
    F + 'p if { every k, v in input.o { k == "b"; f(v) } }',
    # and the rules read on the way, at any depth
    Q + f"r := q\np if {{ x := object.remove(r, input.missing) }}",
    Q + "r := q\np if { input[input] <= r }",
]


@pytest.mark.parametrize("body", CASES)
def test_same_answer_as_opa(body):
    inp = {"a": 1, "o": {"b": 1, "a": 2}}
    theirs, ours = both(body, "x = data.t.p", inp)
    assert same(ours, theirs), (theirs, ours)
    if theirs[0] == "rows":
        default = answer(compile_program, [("t.rego", module(body))], "x = data.t.p", inp, strict=False)
        assert same(default, theirs), (theirs, default)


KEYED = [
    # a ref to an object of rules with a ground key: OPA evaluates each rule
    # for that key alone (its key variable bound first), so another key's
    # conflict or failing builtin is not seen (fuzzer seed 2026 program 6375)
    'p0[i9] := x0 if { j8 := input[i9]; some x0 in [0, 10] }\np := input if { p0[input] }',
    'p0[i9] := x0 if { j8 := input[i9]; some x0 in [0, 10] }\np := 1 if { p0.a }',
    'p0[i9] := x0 if { j8 := input[i9]; some x0 in [0, 10] }\np := 1 if { p0.b }',
    'p0[i9] := x0 if { j8 := input[i9]; some x0 in [0, 10] }\np := x if { x := p0.b }',
    'p0[i9] := x0 if { j8 := input[i9]; some x0 in [0, 10] }\np := x if { some k; x := p0[k] }',
    'p0[k] := 1 if { some k in ["a", "b"] }\np0[k] := 2 if { some k in ["b", "c"] }\np := [p0.a, p0.c]',
    'p0[k] := 1 if { some k in ["a", "b"] }\np0[k] := 2 if { some k in ["b", "c"] }\np := p0.b',
    'p0[k] := 1 if { some k in ["a", "b"] }\np0[k] := 2 if { some k in ["b", "c"] }\np := p0.d',
    'p0[input.a] := 1\np0[input.b] := 2\np := p0.x',
    'p0[input.a] := 1\np0[input.b] := 2\np := p0.y',
    'p0[k].q := 1 if { some k in ["a", "b"] }\np0[k].q := 2 if { some k in ["b"] }\np := p0.a.q',
    'p0[k].q := 1 if { some k in ["a", "b"] }\np0[k].q := 2 if { some k in ["b"] }\np := p0.b.q',
    'p0[k] := to_number(k) if { some k in ["a", "1"] }\np := p0["1"]',
    'p0[k] := to_number(k) if { some k in ["a", "1"] }\np := p0.a',
    'p0[k] := k if { some k in input.xs }\np := p0[1]',
    'p0[x] := 1 if { x := input.a }\np := p0[1]',
]


@pytest.mark.parametrize("body", KEYED)
def test_one_key_of_an_object_of_rules(body):
    inp = {"a": "x", "b": "x", "xs": [1, 1.0, 2]}
    theirs, ours = both(body, "x = data.t.p", inp)
    assert same(ours, theirs), (theirs, ours)
    if theirs[0] == "rows":
        default = answer(compile_program, [("t.rego", module(body))], "x = data.t.p", inp, strict=False)
        assert same(default, theirs), (theirs, default)

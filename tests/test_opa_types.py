"""OPA's type checker beyond literal arguments (compiler/opatypes.py), asked
of OPA: the types it follows through a body (array shapes, the unknown type
of a function argument nothing typed yet, the unchecked body of ``every``).
Rejected programs must give OPA's error code and line; the near cases OPA
accepts must give its values."""

from __future__ import annotations

import pytest

from tests.opa_compare import both, same

REJECTED = [
    # a constant index no position of the array type can take
    "p if { y := [1]; y[-1] }",
    "p if { y := [1, 2]; y[2] }",
    'p if { x := [1]; x["a"] }',
    'p if { y := split(input.x, ""); y[-1] }',
    'p if { y := split(input.x, ""); y[1.5] }',
    "p if { x := sort(input.x); x[-1] }",
    "p := y if { y := [1, 2][5] }",
    'p if { y := split(input.x, ""); y[1.0] }',
    'p if { y := split(input.x, ""); y[1e2] }',
    'p if { y := split(input.x, ""); y[9223372036854775808] }',
    # a rule's type is its value's (one definition)
    "r := [1]\np if { r[1] }",
    "r := sort(input.x)\np if { r[-1] }",
    "r := [x | some x in input.x]\np if { r[1e30] }",
    "r := [1] if { input.x }\np if { r[0.5] with input as 1 }",
    # a function argument untyped where a comprehension's head uses it
    "f(x) if { some i, v in [x | true] }\np := 1",
    "f(x) if { some v in {x | true} }\np := 1",
    "f(x) if { {x | true}[_] }\np := 1",
    "f(x) if { some k, v in {1: x | true} }\np := 1",
    "f(x) if { some k, v in {x: 1 | true} }\np := 1",
    "f(x) if { count({x | true}) }\np := 1",
    "f(x) if { y := {x | true}; count(y) }\np := 1",
    "f(x) := y if { y := {x | true} | set() }\np := 1",
    "f(x) if { [x | true][0] }\np := 1",
    # (in OPA's order of checking: a later literal types the argument too late)
    "f(x) if { count({x | true}); x == 1 }\np := 1",
    "f(x) if { y := {x | true}; x == 1; count(y) }\np := 1",
    "f(x) := y if { z := {x | true} | set(); y := upper(x) }\np := 1",
    "f(x) if { y := [floor(x) | some z in {x | true}] }\np := 1",
    "f(x) if { every y in [1] { y == x }; some z in {x | true} }\np := 1",
    "f(x) if { some z in [x | false] }\np := 1",
    "f(x) := 1 if { false } else := 2 if { y := {x | true} & {1} }\np := 1",
    # literals that can never hold are checked too
    "p if { not true; upper(1) }",
    "p if { false; x := upper(1) }",
    "p := [x | false; x := upper(1)]",
    "p if { not true; x := 1; upper(x) }",
    "p contains x if { false; x := count(1) }",
    # inside an every body, a comprehension is still checked
    "p if { every y in input.x { y; x := {z | z := upper(1)} } }",
]

ACCEPTED = [
    "p if { y := [1, 2]; z := y[1] }",
    "p if { y := input.x; y[-1] }",
    "p if { [][0] }",
    "p if { x := []; x[0] }",
    "p if { x := [1]; some i; x[i] == 1 }",
    "p if { some x in [] }",
    'p if { y := split(input.x, ""); y[9223372036854775807] }',
    'p if { y := split(input.x, ""); y[-0] }',
    "r := [1]\np if { r[0] }",
    "r := sort(input.x)\np if { r[1] }",
    "r := [1] if { input.x }\nr := [1, 2] if { input.y }\np if { r[1] }",
    "sort(x) := [x]\nr := sort(1)\np := r[0]",
    "f(x) if { 1 in {x | true} }\np := f(1)",
    "f(x) if { is_set({x | true}) }\np := f(1)",
    "f(x) if { count([x | true]) }\np := f(1)",
    "f(x) := y if { y := [x | true]; count(y) > 0 }\np := f(1)",
    "f(x) := y if { y := upper(x); z := {x | true} | set() }\np := f(\"a\")",
    "f(x) := y if { x == 1; y := {x | true} | set() }\np := f(1)",
    "f(x) := y if { y := {[x] | true} | set() }\np := f(1)",
    "f(x) := y if { y := object.keys({x: 1 | true}) }\np := f(1)",
    "f(x) := y if { y := {x | true} == set() }\np := f(1)",
    "f(x) := y if { y := count({z | some z in [x]}) }\np := f(1)",
    "f(x) if { every y in {x | true} { y == 1 } }\np := f(1)",
    'p if { not true; upper("a", "A") }',
    "p if { x := [p | some p in [1]] }",
    "r[i] := 1 if { some i, z in {} }\np := r",
    # OPA does not type-check the literals of an every body
    "p if { every y0 in {} { [] * y0 } }",
    "p if { every y0 in [1] { [] * y0 } }",
    "p if { every y0 in input.x { upper(1); y0 } }",
    "p if { every y0 in input.x { y0; x := 1; upper(x) } }",
    "f0() := input if { every y2 in {} { y2 == strings.count(set(), input) } }\np := 1",
]


RECURSIVE = [
    # a rule reading itself only in literals that can never hold
    "p0[i7] := p0[i7] if { some i7, z7 in {} }",
    "p0[i7] := 1 if { some i7, z7 in {}; p0[i7] }",
    "p if { false; p }",
    "p := 1 if { false; q }\nq := 2 if { p }",
]


@pytest.mark.parametrize("body", RECURSIVE)
def test_recursive_as_opa(body):
    theirs, ours = both(body)
    assert theirs[0] == "error" and theirs[1] == "rego_recursion_error", theirs
    assert ours[:2] == theirs[:2]


@pytest.mark.parametrize("body", REJECTED)
def test_rejected_as_opa(body):
    theirs, ours = both(body)
    assert theirs[0] == "error" and theirs[1] == "rego_type_error", theirs
    assert ours == theirs


@pytest.mark.parametrize("body", ACCEPTED)
def test_accepted_as_opa(body):
    theirs, ours = both(body, input_={"x": [1, 2]})
    # compiled: a value, or an evaluation error (the bindings are strict)
    assert theirs[0] == "rows" or not theirs[1].startswith("rego_"), theirs
    assert same(ours, theirs), (ours, theirs)

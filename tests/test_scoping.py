"""Scopes of local variables, asked of OPA and of rego2py: a variable
introduced by ``some``, ``some .. in``, ``:=``, ``every`` or inside a
comprehension is a new variable that shadows an outer one; redeclaring one in
its own scope is OPA's compile error, at OPA's line."""

from __future__ import annotations

import pytest

from tests.opa_compare import both, same

CASES = [
    # shadowing by each binding construct, in comprehensions of every kind
    "p := y if { x := 1; y := [x | some x in [10]] }",
    "p := y if { x := 1; y := {x | some x in [10]} }",
    'p := y if { x := 1; y := {k: x | some k, x in {"a": 10}} }',
    "p := y if { x := 1; y := [v | some x, v in [10]] }",
    "p := y if { x := 1; y := [x | x := 5] }",
    "p := y if { x := 1; y := [x | some x; x = 5] }",
    "p := y if { x := 1; y := [[x, w] | some [x, w] in [[3, 4]]] }",
    "p := y if { some x in [1]; y := [x | some x in [10]] }",
    "p := y if { x = 1; y := [x | some x in [10]] }",
    "p := y if { y := [x | some x in [10]]; x = 1 }",
    "p := y if { y := [x | some x in [10]]; x := 1 }",
    "p := y if { x := 1; y := [z | some x in [10]; z := x + 1] }",
    "p := y if { x := 1; y := [z | z := [x | some x in [5]]] }",
    "p := y if { x := 1; y := [z | some x in [7]; z := [x | some x in [5]]] }",
    "p := y if { x := 1; y := [x | some x in [10]; every x in [3] { x == 3 }] }",
    "p := [x, y] if { x := 1; y := [x | some x in [10]] }",
    # comprehensions that do not declare close over the outer variable
    "p := y if { x := 1; y := [x | x = 5] }",
    "p := y if { x := 1; y := [x | [x, 2] = [1, 2]] }",
    "p := y if { y := [x | x = 1]; x = 2 }",
    "p := y if { y := [x | x = 1]; x := 2 }",
    # every
    "p if { x := 1; every x in [10] { x == 10 } }",
    "p if { x := 1; every k, x in [10] { k == 0; x == 10 } }",
    "p if { x := 1; every x, v in [10] { x == 0; v == 10 } }",
    "p if { x := 1; every x in [10] { y := [z | some z in [2]]; y == [2]; x > 0 } }",
    # function arguments and heads
    "f(x) := [x | some x in [10]]\np := f(1)",
    "f(x) if { every x in [10] { x == 10 } }\np := f(1)",
    "f(x) := y if { y := [x | some x; [10][x]] }\np := f(1)",
    "f(x) := y if { y := [x | x := 3] }\np := f(1)",
    "p := [x | some x in [1]] if { x := 2 }",
    "p := [x | x = 1] if { x := 2 }",
    "p contains x if { some x in [1]; y := [x | some x in [3]]; y == [3] }",
    "p := x if { some x; x = 1 }",
    "p := 1 if { x := 2; false } else := y if { x := 3; y := [x | some x in [4]] }",
    # two comprehensions with the same local name
    "p := [a, b] if { a := [x | some x in [1]]; b := [x | some x in [2]] }",
]

ERRORS = [
    "p if { x := 1; x := 2 }",
    "p if { some x; x := 1 }",
    "p if { some x in [1]; some x in [2] }",
    "p := x if {\n  x = 1\n  x := 2\n}",
    "f(x) := y if { x := 3; y := x }\np := f(1)",
    "p := x if {\n  some y\n  x := 1\n}",
    "p if {\n  every k, x in [10] {\n    x == 10\n  }\n}",
    "p if { x := 1; every k, x in [10] { x == 10 } }",
    "p := x if {\n  not x := 1\n}",
    "p := x if { [x, 1] := [2, 1] }",
    "p if { x := 1; every x in [10] { y := [x | some x in [2]]; y == [2] } }",
    "p := y if { x := 1; y := [x | some x; x := 5] }",
    "p := y if {\n  y := [z |\n    some z\n    some z\n  ]\n}",
]


@pytest.mark.parametrize("body", CASES)
def test_scope_as_opa(body):
    theirs, ours = both(body)
    assert theirs[0] == "rows" and theirs[1], theirs  # the case is meaningful
    assert same(ours, theirs), (ours, theirs)


@pytest.mark.parametrize("body", ERRORS)
def test_redeclaration_is_opa_error(body):
    theirs, ours = both(body)
    assert theirs[0] == "error" and theirs[1] == "rego_compile_error", theirs
    assert ours == theirs

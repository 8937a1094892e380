"""``x in xs`` and ``k, v in xs`` where commas also separate items (arrays,
sets, call arguments), chained and parenthesised: read as OPA parses them,
asked of OPA."""

from __future__ import annotations

import pytest

from tests.opa_compare import both, same

CASES = [
    "p := count([1 in [1]])",
    "p := [1, 1 in [1], 2]",
    "p := {1, 1 in [1]}",
    "f(x, y) := [x, y]\np := f(1, 1 in [1])",
    "p := [0, 1 in {0: 1}]",
    "p := {0, 1 in {0: 1}}",
    "p := 1 in [1] in [true]",
    "p := 0, 1 in [1] in [true]",
    "p := [0, 1 in [1] in [true]]",
    "p := 1 == 1 in [true]",
    "p := 1 in [1] == true",
    "p := x if { x := 0, 1 in [1] }",
    "p if { 0, 1 in [1] }",
    "p if { not 0, 1 in [1] }",
    "p if { 0, 1 in [1] in [true] }",
    "p := [x | x := 0, 1 in [1]]",
    "p := 1 + 1 in [2]",
    "p := (0, 1 in [1])",
    "p := [(0, 1 in [1])]",
    "f(x) := x\np := f((0, 1 in [1]))",
    "p := (0, 1 in [1]) in [true]",
    "f(x, y) := [x, y]\np := f(0, 1 in [1] in [true])",
    'p := $"a{[x | some x in [1]]}b"',
    'p := $"{ {x: 1 | some x in ["k"]} }"',
    "p := is_boolean(0, 1 in [[1]])",
    "p := [k, v in {\"a\": 1}]",
]


@pytest.mark.parametrize("body", CASES)
def test_membership_as_opa(body):
    theirs, ours = both(body)
    assert same(ours, theirs), (ours, theirs)

"""A function with two different outputs for one input, asked of OPA (strict
mode): OPA runs the rest of the caller's body with the first output, so an
error there wins; the conflict is reported after, whatever the body does."""

from __future__ import annotations

import pytest

from tests.opa_compare import both, same

F = 'f(n) := v if { some v in [1, "a"] }\n'
CASES = [
    F + 'p if { startswith(f(1), "a") }',
    'f(n) := v if { some v in ["a", 1] }\np if { startswith(f(1), "a") }',
    'f(n) := v if { some v in ["a", 1] }\np if { not startswith(f(1), "b") }',
    F + 'p if { startswith(f(f(1)), "a") }',
    'f(n) := 1 if n > 0\nf(n) := "a" if n > 0\np if { startswith(f(1), "a") }',
    'f(n) := "a" if n > 0\nf(n) := 1 if n > 0\np if { startswith(f(1), "a") }',
    F + 'p := [x | x := f(1); startswith(x, "a")]',
    F + 'p if { x := f(1); y := f(2); startswith(y, "a") }',
    'f(n) := v if { some v in [1, 1, "a"] }\np if { startswith(f(1), "a") }',
    'f(n) := v if { some v in [[], "a"] }\np if { count(f(1)) > 3 }',
    "f(n) := v if { some v in [0, 2] }\np := 1 / f(1)",
    "f(n) := v if { some v in [1, 2] }\np if { f(1) == 1 }",
    "f(n) := v if { some v in [1, 2] }\np := 5 if { f(1) == 1 }",
    "f(n) := v if { some v in [1, 2] }\np contains x if { x := f(1) }",
    "f(n) := 1\nf(n) := 2\np if { f(1) == 1 }",
]
AGREEING = ["f(n) := v if { some v in [1, 1] }\np := f(1)"]


@pytest.mark.parametrize("body", CASES)
def test_function_conflicts_as_opa(body):
    theirs, ours = both(body)
    assert theirs[0] == "error", theirs
    assert same(ours, theirs), (ours, theirs)


@pytest.mark.parametrize("body", AGREEING)
def test_equal_outputs_are_one(body):
    theirs, ours = both(body)
    assert theirs == ("rows", [{"x": 1}])
    assert same(ours, theirs), (ours, theirs)

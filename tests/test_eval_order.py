"""OPA's order of evaluation and its compiler's rewrites, where they decide
the answer: each case asked of real OPA (strict, as the bindings are) and of
rego2py in strict mode; where OPA's strict answer is a value or undefined (no
builtin failed), it is OPA's default-mode answer too, and rego2py's default
mode must give it."""

from __future__ import annotations

import pytest

from tests.opa_compare import answer, both, module, same
from transpiler.compiler import compile_program

# (module body in package t, query, input)
NOT_TRUE_BODY = [
    # OPA moves a head's refs/calls/comprehensions into the body and, when the
    # body is the single literal `true`, replaces it: the test ignores `not`
    # and `with`, so a body of just `not true` is dropped (found by the fuzzer)
    ("p := input if { not true }", "x = data.t.p", {"a": 1}),
    ("p := input.a + 1 if { not true }", "x = data.t.p", {"a": 1}),
    ("p := count([1, 2]) if { not true }", "x = data.t.p", {"a": 1}),
    ("p := [1 | true] if { not true }", "x = data.t.p", {"a": 1}),
    ('p := {"a": input.a} if { not true }', "x = data.t.p", {"a": 1}),
    ("p := input if not true", "x = data.t.p", {"a": 1}),
    ("p := input if { not (true) }", "x = data.t.p", {"a": 1}),
    ("p := input if { not true with input.a as 2 }", "x = data.t.p", {"a": 1}),
    ("q := 5\np := q if { not true }", "x = data.t.p", {"a": 1}),
    ("p contains [input.a] if { not true }", "x = data.t.p", {"a": 1}),
    ("p[input.a] := 1 if { not true }", "x = data.t.p", {"a": 1}),
    ("p.q := input if { not true }", "x = data.t.p", {"a": 1}),
    ('p := $"{input.a}" if { not true }', "x = data.t.p", {"a": 1}),
    ("p := 1 in [1] if { not true }", "x = data.t.p", {"a": 1}),
    ("p := input if { not true } else := 2", "x = data.t.p", {"a": 1}),
    ("p := 1 if { false } else := input if { not true } else := 3", "x = data.t.p", {"a": 1}),
    ("default p := 9\np := input.a if { not true }", "x = data.t.p", {"a": 1}),
    ("f(x) := input if { not true }\np := f(1)", "x = data.t.p", {"a": 1}),
    ("f(x) := x + 1 if { not true }\np := f(1)", "x = data.t.p", {"a": 1}),
    ("f(x) := x[0] if { not true }\np := f([1])", "x = data.t.p", {"a": 1}),
    # nothing to move, or a body of more than `not true`: undefined as written
    ("p := 1 if { not true }", "x = data.t.p", {"a": 1}),
    ("p := {1} if { not true }", "x = data.t.p", {"a": 1}),
    ("p := input if { true; not true }", "x = data.t.p", {"a": 1}),
    ("p := input if { not true; not true }", "x = data.t.p", {"a": 1}),
    ("p := input if { not true; input.a == 1 }", "x = data.t.p", {"a": 1}),
    ("p := input if { not 1 }", "x = data.t.p", {"a": 1}),
    ("p := input if { not null }", "x = data.t.p", {"a": 1}),
    ("t := true\np := input if { not t }", "x = data.t.p", {"a": 1}),
    ("p := input if { not 1 == 1 }", "x = data.t.p", {"a": 1}),
    ("p := x if { x := input; not true }", "x = data.t.p", {"a": 1}),
    ("f(x) := x if { not true }\np := f(1)", "x = data.t.p", {"a": 1}),
    ("f(x) := [x] if { not true }\np := f(1)", "x = data.t.p", {"a": 1}),
    ("f(1) := 2 if { not true }\np := f(1)", "x = data.t.p", {"a": 1}),
    ("p := 1 if { not true } else := input", "x = data.t.p", {"a": 1}),
]

CASES = NOT_TRUE_BODY


@pytest.mark.parametrize("body, query, input_", CASES, ids=[c[0] for c in CASES])
def test_same_answer_as_opa(body, query, input_):
    theirs, ours = both(body, query, input_)
    assert same(ours, theirs), (theirs, ours)
    if theirs[0] == "rows":  # no builtin failed: OPA's default mode says the same
        default = answer(compile_program, [("t.rego", module(body))], query, input_, strict=False)
        assert same(default, theirs), (theirs, default)

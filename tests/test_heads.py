"""Rule heads as OPA 1.20 reads them: a head with an empty argument list
(``f() := v``) defines a rule, not a function; a function head without body or
value (``f(1)``, ``accept("RunAsAny", _)``) means ``= true``, in v0 and v1."""

from __future__ import annotations

import pytest

from tests.opa_compare import both, same
from transpiler.compiler import compile_program
from transpiler.fmt import format_module
from transpiler.parser import parse_module

CASES = [
    "f() := 1\np := f",
    "f() := 1\nf() := 1\np := f",
    "f() := 1 if false else := 2\np := f",
    "f() := 1 if false\nf() := 2\np := f",
    "f() := x if { x := input.nope }\np := f",
    "f() if true\np := f",
    "default f() := 3\np := f",
    "g() := 3\np := data.t.g",
    "f(1)\np := f(1)",
    "f(1)\np := f(2)",
    "f(1)\nf(2) := false\np := [f(1), f(2)]",
    'f("a", _)\np := [f("a", 3), f("a", [])]',
    'accept_users("RunAsAny", _)\naccept_users("MustRunAs", x) if x > 0\np := [accept_users("RunAsAny", 0), accept_users("MustRunAs", 1)]',
    "f(x, _) if x > 1\np := f(2, 3)",
]

ERRORS = [
    "f() := 1\np := f()",
    "f() := 1\nf() := 1\np := f()",
    "f() = 1 if false else = 2\np := f()",
    "f() := 1\nf() := 2\np := f",
    "f() := 1\nf(x) := 2\np := f",
    "f()\np := f",
    "f := 1\np := f()",
    "f := 1\np := f(1)",
    "p := f()",
]


@pytest.mark.parametrize("body", CASES)
def test_head_as_opa(body):
    theirs, ours = both(body)
    assert theirs[0] == "rows", theirs
    assert same(ours, theirs), (ours, theirs)


@pytest.mark.parametrize("body", ERRORS)
def test_head_error_as_opa(body):
    theirs, ours = both(body)
    assert theirs[0] == "error", theirs
    if theirs[1] == "rego_parse_error":  # our ParseError has no code attribute
        assert ours[0] == "error" and ours[1] in ("rego_parse_error", "ParseError") and ours[2] == theirs[2]
    else:
        assert ours == theirs


V0 = 'package t\n\naccept_users("RunAsAny", _)\n\nf(1)\n\ng() = 1 { true }\n\nh(x) { x > 1 }\n\np = [accept_users("RunAsAny", 3), f(1), g, h(2)]\n'


def test_bodyless_heads_in_v0_and_fmt_v1():
    prog = compile_program([("t.rego", V0)], v0=True)
    rows = prog.query("x = data.t.p")
    assert rows == [{"x": [True, True, 1, True]}]
    v1 = format_module(parse_module(V0, "t.rego", v0=True), v1=True)
    # the v1 text means the same to OPA
    theirs, _ = both("", modules=[("t.rego", v1)])
    assert theirs == ("rows", [{"x": [True, True, 1, True]}])

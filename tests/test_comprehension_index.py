"""OPA's comprehension index: a comprehension closing over a variable that its
own body binds again is evaluated once with that variable unbound; a builtin
call on it before the literal binding it is OPA's internal error ("lte called
with operand 1 that requires evaluation"). rego2py refuses such a
comprehension at transpile time, at the call; the others give OPA's answer
(found by the fuzzer, seed 2026 program 19)."""

from __future__ import annotations

import pytest

from tests.opa_compare import both, module
from transpiler.compiler import compile_program
from transpiler.errors import Unsupported

IN = {"o": {}}

# (module body in package t, line:col of the refused call): OPA fails with eval_internal_error
REFUSED = [
    ("p := 1 if {\n\tsome y, v in input\n\tz := {input: input[y] | y <= input}\n}", "5:26"),
    ("p := 1 if {\n\tsome y, v in input\n\tz := [input[y] | y <= 1]\n}", "5:19"),
    ("p := 1 if {\n\tsome y, v in input\n\tz := [x | y <= 1; x := input[y]]\n}", "5:12"),
    ("p := 1 if {\n\tsome y, v in input\n\tz := [x | y != 1; x := input.o[y]]\n}", "5:12"),
    ("p := 1 if {\n\tsome y, v in input\n\tz := [x | y <= 1; some x in input[y]]\n}", "5:12"),
    ("p := 1 if {\n\tsome y, v in input\n\tz := [x | y <= 1; input[y] = x]\n}", "5:12"),
    ("p := 1 if {\n\tsome y, v in input\n\tcount([input[y] | y <= 1]) >= 0\n}", "5:20"),
    ('p := 1 if {\n\ty := "o"\n\tz = [input[y] | y <= 1]\n}', "5:18"),
    ("p := 1 if {\n\tsome y, v in input\n\tz := {k: 1 | y <= 1; k := input[y]}\n}", "5:15"),
    ("p := 1 if {\n\tsome y, v in input\n\tz := {k | y <= 1; k := input[y]}\n}", "5:12"),
    ('f(y) := z if {\n\tz := [x | y <= 1; x := input[y]]\n}\n\np := f("o")', "4:12"),
]

# not indexed, or no call before the binding: OPA's answer
ANSWERED = [
    "p := 1 if { some y, v in input; z := [x | x := input[y]; y <= 1] }",
    "p := 1 if { some y, v in input; z := [x | count(y) > 0; x := input[y]] }",
    "p := 1 if { some y, v in input; z := [x | not y; x := input[y]] }",
    "p := 1 if { some y, v in input; z := [x | y == 1; x := input[y]] }",
    "p := 1 if { some y, v in input; z := [x | y; x := input[y]] }",
    "p := 1 if { some y, v in input; z := [x | y + 1 > 0; x := input[y]] }",
    "p := 1 if { some y, v in input; z := {input: 1 | y <= input} }",
    "p := 1 if { some y, v in input; z := [input | y <= 1] }",
    "p := 1 if { some y, v in input; z := [input.o | y <= 1] }",
    "p := z if { some y, v in input; z := [x | some y; y <= 1; x := input[y]] }",
]


@pytest.mark.parametrize("body, where", REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_where_opa_fails_with_an_internal_error(body, where):
    opa, _ = both(body, "x = data.t.p", IN)
    assert opa[:2] == ("error", "eval_internal_error")
    with pytest.raises(Unsupported) as exc:
        compile_program([("t.rego", module(body))], strict=True)
    assert f"t.rego:{where}: unsupported: a builtin call on a variable bound outside" in str(exc.value)


@pytest.mark.parametrize("body", ANSWERED)
def test_opas_answer_otherwise(body):
    opa, ours = both(body, "x = data.t.p", IN)
    assert opa[0] != "error" or opa[1] != "eval_internal_error"
    assert ours == opa

"""Array comprehensions of which only the first element is used stop there
(transpiler/compiler/firstonly.py, issue 12) and give OPA's answers; those
whose later elements could change the answer (an error in strict mode, the
whole list used, a count compared with more than 0) build the whole list.
Each case is asked of real OPA (strict, as the bindings are) and of rego2py."""

from __future__ import annotations

import pytest

from tests.opa_compare import answer, both, module, same
from transpiler.compiler import compile_program

RULES = """\
arg(name) := values[0] if {
    values := [a.value | some a in input.args; a.name == name]
    count(values) > 0
}

p := arg("x")

absent if {
    vs := [a | some a in input.args; a.name == "zz"]
    count(vs) == 0
}

present if {
    vs := [a | a := input.args[_]; a.name == "x"]
    vs != []
}

pairs := vs[0].value if {
    vs := [j | some i in input.args; some j in input.args; i.name == j.name; i != j]
    0 < count(vs)
}

num := vs[0] if {
    vs := [to_number(a.value) | some a in input.args]
    count(vs) > 0
}

whole := vs if {
    vs := [a.value | some a in input.args; a.name == "x"]
    count(vs) > 0
}

more := vs[0] if {
    vs := [a.value | some a in input.args; a.name == "x"]
    count(vs) > 1
}

second := vs[1] if {
    vs := [a.value | some a in input.args]
    count(vs) > 0
}

last := vs[count(vs) - 1] if {
    vs := [a.value | some a in input.args]
    vs != []
}

inner := [b | some b in vs; b != vs[0]] if {
    vs := [a.value | some a in input.args]
    count(vs) != 0
}
"""

INPUTS = [
    {"args": [{"name": "x", "value": "1"}, {"name": "y", "value": "2"}]},
    {"args": [{"name": "y", "value": "z"}, {"name": "x", "value": "1"}, {"name": "x", "value": "3"}]},
    {"args": [{"name": "x"}, {"name": "x", "value": 5}]},  # the first without a value is skipped
    {"args": [{"name": "x", "value": "2"}, {"name": "x", "value": "two"}]},  # to_number fails on the second
    {"args": [{"name": "x", "value": "2"}, {"name": "x", "value": "2"}]},
    {"args": {"b": {"name": "x", "value": "1"}, "a": {"name": "x", "value": "4"}}},  # an object: by key
    {"args": ["x", 1, None, {"name": "x", "value": [1]}]},
    {"args": "x"},
    {"args": []},
    {},
]

QUERIES = ["x = data.t.p", "x = data.t.absent", "x = data.t.present", "x = data.t.pairs",
           "x = data.t.num", "x = data.t.whole", "x = data.t.more", "x = data.t.second",
           "x = data.t.last", "x = data.t.inner"]


@pytest.mark.parametrize("input_", INPUTS, ids=[str(i) for i in INPUTS])
@pytest.mark.parametrize("query", QUERIES)
def test_first_only_answers(input_, query):
    theirs, ours = both(RULES, query, input_)
    assert same(ours, theirs), (ours, theirs)
    # OPA's default mode: the same where strict mode has an answer
    if theirs[0] == "rows":
        default = answer(compile_program, [("t.rego", module(RULES))], query, input_, strict=False)
        assert same(default, theirs), (default, theirs)


def _function(code: str, name: str) -> str:
    return code.split(f"\ndef {name}(", 1)[1].split("\ndef ", 1)[0]


def test_which_comprehensions_stop():
    code = compile_program([("t.rego", module(RULES))]).generate()[("t",)]
    for name in ("arg", "absent", "present", "pairs"):
        assert "break" in _function(code, name), name
    for name in ("num", "whole", "more", "second", "last", "inner"):
        assert "break" not in _function(code, name), name

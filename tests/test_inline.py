"""Small rules and functions written into their callers
(transpiler/compiler/inline.py, issue 12) give OPA's answers: early
returns, else chains, defaults, conflicts (an error in both modes), calls
inside comprehensions that stop at their first element, in negations, under
``with``, inlined code inside inlined code, and strings that look like the
generated code's names. Each case is asked of real OPA (strict, as the
bindings are) and of rego2py, in strict and default mode."""

from __future__ import annotations

import pytest

from tests.opa_compare import answer, both, module, same
from transpiler.compiler import compile_program
from transpiler.compiler import inline
from transpiler.compiler.inline import inline_lines, parse_callee

RULES = """\
import rego.v1

kind(path) := "keyboard" if {
    contains(path, "kbd")
} else := "mouse" if {
    contains(path, "mouse")
} else := "_r1 = return _a0" if {
    startswith(path, "/x")
} else := "other"

device := path if {
    path := input.path
    startswith(path, "/dev/")
    not path in {"/dev/", "/dev/null"}
}

# a device and its kind: both written into the rule
p := {"device": device, "kind": kind(device), "n": input.n}

default flag := false

flag if {
    is_string(input.flags)
    contains(lower(input.flags), "o_rdwr")
}

flag if {
    is_number(input.flags)
    bits.and(input.flags, 3) == 2
}

q := [flag, count(input.args)] if count(input.args) >= 0

# two outputs for one argument: OPA's conflict, in both modes
twice(x) := 1 if x > 0

twice(x) := 2 if x > 1

c := twice(input.n)

# a call in a comprehension that stops at its first element
first(name) := values[0] if {
    values := [a.value | some a in input.args; a.name == name; tagged(a.value)]
    count(values) > 0
}

tagged(v) if is_string(v)

tagged(v) if v == 1

r := first("x")

# in a negation, with a loop around
s if {
    some a in input.args
    not tagged(a.value)
}

# inlined code inside inlined code
outer(x) := inner(x) + 1

inner(x) := y if {
    y := x * 2
    y < 100
}

t := outer(input.n)

# under with: the call is not written inline, and answers the same
u := x if {
    x := kind(device) with input.path as "/dev/mouse0"
}

# a parameter the body compares with another one
same_name(a, b) if a == b

v if same_name(input.n, 3)
"""

INPUTS = [
    {"path": "/dev/input/by-id/usb-kbd", "n": 3, "flags": "O_RDWR|O_CREAT", "args": [
        {"name": "x", "value": "a"}, {"name": "x", "value": "b"}]},
    {"path": "/dev/mouse", "n": 1, "flags": 2, "args": [{"name": "x", "value": 1}, {"name": "y", "value": 2}]},
    {"path": "/dev/tty", "n": 0.5, "flags": 1, "args": [{"name": "y", "value": 2}, {"name": "x", "value": [1]}]},
    {"path": "/dev/null", "n": 200, "flags": "o_wronly", "args": []},
    {"path": "/xdev", "n": "3", "flags": None, "args": {"b": {"name": "x", "value": 1}}},
    {"path": 7, "flags": "O_RDWR"},
    {},
]

QUERIES = ["x = data.t.p", "x = data.t.flag", "x = data.t.q", "x = data.t.c", "x = data.t.r",
           "x = data.t.s", "x = data.t.t", "x = data.t.u", "x = data.t.v", "x = data.t.kind(input.path)"]


@pytest.mark.parametrize("input_", INPUTS, ids=[str(i) for i in range(len(INPUTS))])
@pytest.mark.parametrize("query", QUERIES)
def test_inline_answers(input_, query, monkeypatch):
    theirs, ours = both(RULES, query, input_)
    assert same(ours, theirs), (ours, theirs)
    mods = [("t.rego", module(RULES))]
    default = answer(compile_program, mods, query, input_, strict=False)
    if theirs[0] == "rows":
        assert same(default, theirs), (default, theirs)
    # default mode, where OPA's bindings cannot be asked: the same answer as
    # with every call left a call
    monkeypatch.setattr(inline, "MAX_LINES", 0)
    assert answer(compile_program, mods, query, input_, strict=False) == default
    assert same(answer(compile_program, mods, query, input_), theirs)


def _function(code: str, name: str) -> str:
    return code.split(f"\ndef {name}(", 1)[1].split("\ndef ", 1)[0]


@pytest.mark.parametrize("strict", [True, False])
def test_callers_hold_the_callees_code(strict):
    code = compile_program([("t.rego", module(RULES))], strict=strict).generate()[("t",)]
    p = _function(code, "p")
    assert "device(input, _ctx)" not in p and "kind(input, _ctx" not in p, p
    assert "_r1 = return _a0'" in p or '_r1 = return _a0"' in p  # a string is not renamed
    t = _function(code, "t")
    assert "outer(" not in t and "inner(" not in t, t
    u = _function(code, "u")
    assert "kind(" in u  # under with: called
    # the callees are still there for the others (the package document, other packages)
    assert "\ndef kind(" in code and "\ndef device(" in code


def test_parse_callee_refusals():
    loop_return = "def f(input, _ctx, _a0):\n    for x in _a0:\n        return x\n    return 1\n"
    assert parse_callee(loop_return) is None
    nested = "def f(input, _ctx):\n    g = lambda: 1\n    return g()\n"
    assert parse_callee(nested) is None
    no_return = "def f(input, _ctx):\n    x = 1\n"
    assert parse_callee(no_return) is None
    long = "def f(input, _ctx):\n" + "".join(f"    x{i} = {i}\n" for i in range(60)) + "    return 1\n"
    assert parse_callee(long) is None
    multiline = 'def f(input, _ctx):\n    return """a\nb"""\n'
    assert parse_callee(multiline) is None


def test_parse_callee_refuses_what_renaming_would_break():
    # a keyword argument named as a local: its NAME token would be renamed too
    assert parse_callee("def f(input, _ctx, _a0):\n    x = _a0\n    return g(x=x)\n") is None
    # an assignment to the caller's input
    assert parse_callee("def f(input, _ctx):\n    input = 1\n    return input\n") is None
    # a second _sv: the prelude is not shared (the caller's _sv stays the caller's)
    twice = parse_callee("def g(input, _ctx):\n    _sv = _ctx.sv if _ctx.inp is input else {}\n"
                         "    _sv = {}\n    return _sv\n")
    assert twice.prelude is None
    # a keyword of another name stays as it is; a multi-line docstring is not code
    c = parse_callee('def f(input, _ctx, _a0):\n    """a\n    b"""\n    x = _a0\n    return g(y=x)\n')
    assert inline_lines(c, "_r1", ["_k"], 3, False) == ["x_3i = _k", "_r1 = g(y=x_3i)"]


def test_inline_lines_renames_and_returns():
    src = (
        "def f(input, _ctx, _a0, _a1):\n"
        '    """doc"""\n'
        "    _x_ = _a0\n"
        "    # a comment naming _x_\n"
        "    if _x_.startswith('_x_'):\n"
        "        return _x_ + _a1\n"
        "    return _U\n"
        "    _dead = 1\n"
    )
    c = parse_callee(src)
    lines = inline_lines(c, "_r9", ["_y_", "_K1[0]"], 4, False)
    assert lines == [
        "_a1_4i = _K1[0]",
        "while True:",
        "    _x__4i = _y_",
        "    # a comment naming _x_",
        "    if _x__4i.startswith('_x_'):",
        "        _r9 = _x__4i + _a1_4i",
        "        break",
        "    _r9 = _U",
        "    break",
    ]
    one = parse_callee("def g(input, _ctx):\n    _sv = _ctx.sv if _ctx.inp is input else {}\n    return _sv\n")
    assert inline_lines(one, "_r1", [], 2, True) == ["_r1 = _sv"]
    assert inline_lines(one, "_r1", [], 2, False) == [
        "_sv_2i = _ctx.sv if _ctx.inp is input else {}", "_r1 = _sv_2i"]


def test_deep_callers_keep_pythons_block_limit():
    # 17 loops around the call: f (no block) is written inline, g (a loop of
    # its own, and the while around it) would pass Python's 20 nested
    # blocks with the try around the rule and stays a call
    n = 17
    src = ("package t\nimport rego.v1\nf(x) := y if { y := x + 1 }\n"
           "g(x) := y if { some a in x; y := a } else := 0\np := r if {\n"
           + "".join(f"  some x{i} in input.a\n" for i in range(n))
           + "  r := [f(x%d), g(x%d)]\n}\n" % (n - 1, n - 1))
    prog = compile_program([("t.rego", src)])
    body = _function(prog.generate()[("t",)], "p")
    assert "f(" not in body and "g(" in body
    assert prog.query("x = data.t.p", input={"a": [1]}) == [{"x": [2, 0]}]

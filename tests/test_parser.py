"""The Rego parser: AST for each construct, positions, v0/v1 normalisation,
operator precedence (checked against real OPA), error messages, and every
module, query and input term of OPA's conformance suite."""

from __future__ import annotations

import glob
import json
import time

import pytest

from transpiler import ast
from transpiler.ast import (
    Array, ArrayCompr, Assign, Call, Every, Import, Literal, Membership, Object,
    ObjectCompr, Pos, Ref, Rule, Scalar, SetCompr, SetTerm, SomeDecl, SomeIn,
    TemplateString, Unify, Var, With,
)
from pathlib import Path

from transpiler.errors import ParseError
from transpiler.parser import parse_module, parse_query, parse_term

CONFORMANCE = str(Path(__file__).resolve().parents[2] / "shared" / "conformance" / "v1" / "*" / "*.json")


# ------------------------------------------------------------------ helpers


def N(v):
    """A number scalar with its source text."""
    return Scalar(v, str(v))


def S(v):
    return Scalar(v)


def V(name):
    return Var(name)


def R(head, *path):
    head = V(head) if isinstance(head, str) else head
    return Ref(head, tuple(S(p) if isinstance(p, str) else p for p in path))


def C(name, *args):
    return Call(tuple(name.split(".")), args)


def L(expr, negated=False, withs=()):
    return Literal(expr, negated, tuple(withs))


def rules(src, v0=None):
    return parse_module("package t\n" + src + "\n", "t.rego", v0=v0).rules


def rule(src, v0=None):
    (r,) = rules(src, v0)
    return r


def value(src):
    """The value term of `p := <src>`."""
    return rule(f"p := {src}").value


def body(src):
    return parse_query(src)


def expr(src):
    (lit,) = parse_query(src)
    return lit.expr


TRUE = Scalar(True)
P = R("p")


# ------------------------------------------------------------ package, imports


def test_package_and_imports():
    m = parse_module(
        "package foo.contains.bar\n"
        "import data.a.b\nimport data.a.b as c\nimport input.x\n"
        "import future.keywords\nimport future.keywords.in\nimport rego.v1\n"
    )
    assert m.package == ("foo", "contains", "bar")
    assert m.imports == (
        Import(R("data", "a", "b")),
        Import(R("data", "a", "b"), "c"),
        Import(R("input", "x")),
        Import(R("future", "keywords")),
        Import(R("future", "keywords", "in")),
        Import(R("rego", "v1")),
    )
    assert m.rules == () and m.v0 is False


def test_package_with_brackets_and_keywords():
    assert parse_module('package a["b-c"].if').package == ("a", "b-c", "if")


# ---------------------------------------------------------------- rule forms


def test_complete_rules():
    assert rule("p := 1") == Rule(P, "complete", N(1), (), assign=True)
    assert rule("p = 1") == Rule(P, "complete", N(1), ())
    assert rule("p if { true }") == Rule(P, "complete", TRUE, (L(TRUE),))
    assert rule("p := 2 if input.x == 1") == Rule(
        P, "complete", N(2), (L(C("equal", R("input", "x"), N(1))),), assign=True
    )
    assert rule("p if {}") == Rule(P, "complete", TRUE, ())


def test_ref_heads():
    assert rule("p.q.r := 1") == Rule(R("p", "q", "r"), "complete", N(1), (), assign=True)
    assert rule("p[q].r := i if { q := 1; i := 2 }").ref == R("p", V("q"), "r")
    r = rule("a.b[x] if { x := 1 }")
    assert (r.ref, r.kind, r.value) == (R("a", "b", V("x")), "complete", TRUE)


def test_partial_set_rules():
    assert rule('p contains x if { x := 1 }') == Rule(
        P, "set", None, (L(Assign(V("x"), N(1))),), key=V("x")
    )
    assert rule('p.q contains "a"') == Rule(R("p", "q"), "set", None, (), key=S("a"))
    # v0: p[x] { } is a partial set
    r = rule("p[x] { x := 1 }")
    assert (r.ref, r.kind, r.key, r.value) == (P, "set", V("x"), None)
    r = rule("a.b[x] { x := 1 }")
    assert (r.ref, r.kind, r.key) == (R("a", "b"), "set", V("x"))


def test_v1_bracket_if_is_a_complete_ref_head_rule():
    r = rule("p[x] if { x := 1 }")
    assert (r.ref, r.kind, r.key, r.value) == (R("p", V("x")), "complete", None, TRUE)


def test_partial_object_rules():
    r = rule("p[k] = v { k := 1; v := 2 }")
    assert (r.ref, r.kind, r.value, r.assign) == (R("p", V("k")), "complete", V("v"), False)
    r = rule("p[k] := v if { k := 1; v := 2 }")
    assert (r.ref, r.kind, r.value, r.assign) == (R("p", V("k")), "complete", V("v"), True)


def test_default_rules():
    assert rule("default p := 1") == Rule(P, "complete", N(1), (), assign=True, default=True)
    assert rule("default p = false") == Rule(P, "complete", S(False), (), default=True)
    assert rule("default f(_) := 0") == Rule(
        R("f"), "function", N(0), (), args=(V("$wild0"),), assign=True, default=True
    )


def test_functions():
    r = rule('f(x, [a, b], "lit") := y if { y := x }')
    assert r == Rule(
        R("f"), "function", V("y"), (L(Assign(V("y"), V("x"))),),
        args=(V("x"), Array((V("a"), V("b"))), S("lit")), assign=True,
    )
    assert rule("f(x) = y { y := x }").value == V("y")
    r = rule("f(x) { x > 1 }")
    assert (r.kind, r.value, r.args) == ("function", TRUE, (V("x"),))
    assert rule("f(x) if x > 1").value == TRUE
    # OPA 1.x: an empty argument list makes a rule (v1); v0 decides by the
    # number of definitions, later (compiler/program.py)
    assert (rule("f() := 1").kind, rule("f() := 1").args) == ("complete", None)
    assert rule("f(1)").value == TRUE and rule("f(1)").body == ()
    assert rule("a.b.f(x) := x").ref == R("a", "b", "f")
    assert len(rules("f(1) := 1\nf(2) := 2")) == 2


def test_else_chains():
    r = rule("p := 1 if { false } else := 2 if { true } else := 3")
    assert r.else_ == Rule(
        P, "complete", N(2), (L(TRUE),), assign=True,
        else_=Rule(P, "complete", N(3), (), assign=True),
    )
    r = rule("p = 1 { false } else = 2 { true } else { true }")
    assert r.else_.value == N(2) and r.else_.else_.value == TRUE and r.else_.else_.assign is False
    r = rule("f(x) := 1 if { x > 1 } else := 2")
    assert (r.else_.kind, r.else_.args) == ("function", (V("x"),))
    # `else` on the next line
    r = rule("p := 1 if {\n false\n}\nelse := 2")
    assert r.else_.value == N(2)


def test_statements_need_no_line_break_and_imports_may_follow_rules():
    m = parse_module("package t\np := 1 q := 2\nimport data.x\nr := x")
    assert [r.ref for r in m.rules] == [P, R("q"), R("r")]
    assert m.imports == (Import(R("data", "x")),)


def test_default_values_may_hold_composites_and_comprehensions():
    assert rule("default p := {1: [2]}").value == Object(((N(1), Array((N(2),))),))
    assert isinstance(rule("default p := {x | x := 1}").value, SetCompr)


def test_several_bodies_make_several_rules():
    rs = rules("p if { input.a }\n{ input.b }")
    assert [r.body for r in rs] == [(L(R("input", "a")),), (L(R("input", "b")),)]
    assert all(r.ref == P and r.value == TRUE for r in rs)


def test_bodies_split_by_newlines_or_semicolons():
    r = rule("p if {\n  x := 1\n  y := 2; z := 3\n\n  # comment\n  x == 1  # trailing\n}")
    assert len(r.body) == 4


def test_keywords_as_ref_segments():
    r = rule("contains.foo := 1")
    assert r.ref == R("contains", "foo")
    assert rule("foo.if := 2").ref == R("foo", "if")
    assert rule("true.foo(x) := x").ref == R("true", "foo")
    assert rule('in.foo contains "a" if { true }').key == S("a")
    # `contains` is a keyword only in rule heads
    assert expr("contains := 1") == Assign(V("contains"), N(1))
    assert rule("p if { x := contains }").body[0].expr == Assign(V("x"), V("contains"))
    # true/false/null name a rule only where a statement starts (as in OPA)
    assert body("true.foo == 1") == (L(C("equal", R("true", "foo"), N(1))),)
    assert expr("x := input.package.with") == Assign(V("x"), R("input", "package", "with"))
    # the builtin contains() stays a call
    assert expr('contains("abc", "b")') == C("contains", S("abc"), S("b"))


# ---------------------------------------------------------------- literals


def test_some_every_not_with():
    assert expr("some x") == SomeDecl((V("x"),))
    assert expr("some x, y") == SomeDecl((V("x"), V("y")))
    assert expr("some v in xs") == SomeIn(None, V("v"), V("xs"))
    assert expr("some k, v in xs") == SomeIn(V("k"), V("v"), V("xs"))
    assert expr("some [a, b] in xs") == SomeIn(None, Array((V("a"), V("b"))), V("xs"))
    assert expr("every v in xs { v > 1 }") == Every(None, V("v"), V("xs"), (L(C("gt", V("v"), N(1))),))
    assert expr("every k, v in xs { k; v }") == Every(V("k"), V("v"), V("xs"), (L(V("k")), L(V("v"))))
    (lit,) = body("not p with input as {} with data.a.b as 1")
    assert lit == L(V("p"), True, (With(V("input"), Object(())), With(R("data", "a", "b"), N(1))))
    (lit,) = body("x\n  with input as 1")
    assert lit.withs == (With(V("input"), N(1)),)


def test_assign_unify_and_comparisons():
    assert expr("x := 1") == Assign(V("x"), N(1))
    assert expr("[x, _] = [1, 2]") == Unify(Array((V("x"), V("$wild0"))), Array((N(1), N(2))))
    for op, name in [("==", "equal"), ("!=", "neq"), ("<", "lt"), ("<=", "lte"), (">", "gt"), (">=", "gte")]:
        assert expr(f"a {op} b") == C(name, V("a"), V("b"))
    for op, name in [("+", "plus"), ("-", "minus"), ("*", "mul"), ("/", "div"), ("%", "rem"), ("|", "or"), ("&", "and")]:
        assert expr(f"a {op} b") == C(name, V("a"), V("b"))


def test_membership():
    assert expr("x in xs") == Membership(None, V("x"), V("xs"))
    assert expr("k, v in xs") == Membership(V("k"), V("v"), V("xs"))
    assert expr("y := x in xs") == Assign(V("y"), Membership(None, V("x"), V("xs")))
    assert value("1, 2 in [1]") == Membership(N(1), N(2), Array((N(1),)))


def test_wildcards_are_distinct():
    assert expr("[_, _] = x") == Unify(Array((V("$wild0"), V("$wild1"))), V("x"))


# ------------------------------------------------------------------- terms


def test_numbers():
    assert value("1") == N(1)
    assert value("-1") == Scalar(-1, "-1")
    assert value("- 1") == Scalar(-1, "-1")
    assert value("1.5") == Scalar(1.5, "1.5")
    assert value("1e3") == Scalar(1000.0, "1e3")
    assert value("-2.5E-3") == Scalar(-0.0025, "-2.5E-3")
    big = "123456789012345678901234567890"
    assert value(big) == Scalar(int(big), big)
    assert value("1e400").text == "1e400"
    assert value("0.1").text == "0.1"


def test_strings():
    assert value('"a\\u0041\\n\\"\\\\\\/"') == S('aA\n"\\/')
    assert value('"\\ud83d\\ude00"') == S("\U0001F600")
    assert value("`raw \\n\nline`") == S("raw \\n\nline")
    assert value("true") == S(True) and value("false") == S(False) and value("null") == S(None)


def test_composites():
    assert value("[1, 2,]") == Array((N(1), N(2)))
    assert value('{"a": 1, "b": [2]}') == Object(((S("a"), N(1)), (S("b"), Array((N(2),)))))
    assert value("{}") == Object(())
    assert value("{1, 2}") == SetTerm((N(1), N(2)))
    assert value("set()") == SetTerm(())
    assert value("{\n  1,\n  2\n}") == SetTerm((N(1), N(2)))
    assert value('{\n  "a": 1,\n  "b": {\n    "c": 2\n  }\n}') == Object(
        ((S("a"), N(1)), (S("b"), Object(((S("c"), N(2)),))))
    )


def test_comprehensions():
    assert value("[x | x := 1]") == ArrayCompr(V("x"), (L(Assign(V("x"), N(1))),))
    assert value("{x | some x in xs}") == SetCompr(V("x"), (L(SomeIn(None, V("x"), V("xs"))),))
    assert value("{k: v | some k, v in xs}") == ObjectCompr(V("k"), V("v"), (L(SomeIn(V("k"), V("v"), V("xs"))),))
    # a comprehension body over several lines
    v = value("[x |\n  some x in xs\n  x > 1\n]")
    assert isinstance(v, ArrayCompr) and len(v.body) == 2
    # the head of an array/set comprehension is a term: `x + 1 | y` is a union
    assert value("[1 + 2 | true]") == Array((C("or", C("plus", N(1), N(2)), TRUE),))
    assert value("[-x | x := 1]").term == C("neg", V("x"))
    # object comprehension: any key expression, the value a term
    assert value("{1 + 1: 2 | true}") == ObjectCompr(C("plus", N(1), N(1)), N(2), (L(TRUE),))
    assert value('{"a": 1 + 1 | true}') == Object(((S("a"), C("or", C("plus", N(1), N(1)), TRUE)),))


def test_refs_on_any_head():
    assert value('input.a[0]["b"]') == R("input", "a", N(0), "b")
    assert value("f(x).y") == Ref(C("f", V("x")), (S("y"),))
    assert value("[1, 2][i]") == Ref(Array((N(1), N(2))), (V("i"),))
    assert value('{"a": 1}.a') == Ref(Object(((S("a"), N(1)),)), (S("a"),))
    assert value("data.lib.f(1)[0]") == Ref(C("data.lib.f", N(1)), (N(0),))
    assert value("x[y[z]]") == R("x", R("y", V("z")))


def test_calls():
    assert value("count(x)") == C("count", V("x"))
    assert value("object.get(x, 1, 2)") == C("object.get", V("x"), N(1), N(2))
    assert value("f(1,)") == C("f", N(1))
    assert value("f()") == C("f")


def test_template_strings():
    assert value('$""') == TemplateString(())
    assert value('$"a {x} b {1 + 2}"') == TemplateString(("a ", V("x"), " b ", C("plus", N(1), N(2))))
    assert value('$"\\{42} \\t{{1}}"') == TemplateString(("{42} \t", SetTerm((N(1),))))
    assert value('$"{$"{a}"}"') == TemplateString((TemplateString((V("a"),)),))
    assert value('$"{"}"}"') == TemplateString((S("}"),))
    assert value("$`a\n{x}\\{`") == TemplateString(("a\n", V("x"), "{"))
    assert value('$"{x in {1}}"') == TemplateString((Membership(None, V("x"), SetTerm((N(1),))),))
    # a template expression may carry `with`: kept as a Literal
    t = value('$"{a with input as 1}"')
    assert t == TemplateString((L(V("a"), False, (With(V("input"), N(1)),)),))


def test_parse_term():
    assert parse_term('{"a": {1, 2}, "b": [null]}') == Object(
        ((S("a"), SetTerm((N(1), N(2)))), (S("b"), Array((S(None),))))
    )
    assert parse_term("set()") == SetTerm(())
    assert parse_term("-3") == Scalar(-3, "-3")


def test_parse_query():
    assert parse_query("data.test.p = x; y := 1") == (
        L(Unify(R("data", "test", "p"), V("x"))),
        L(Assign(V("y"), N(1))),
    )
    assert len(parse_query("x := 1\ny := 2")) == 2


# ---------------------------------------------------------------- newlines


def test_newlines_continue_expressions_like_opa():
    # an infix operator on either side of a line break continues the literal
    assert body("x := 1 +\n 2") == body("x := 1 + 2")
    assert body("x := 1\n + 2") == body("x := 1 + 2")
    assert body("x := 1\n - 2") == body("x := 1 - 2")
    assert body("x\n := 1") == body("x := 1")
    assert body("not\n x") == body("not x")
    assert body("x := f(1,\n 2)") == body("x := f(1, 2)")
    # a selector does not continue over a line break (OPA rejects it)
    with pytest.raises(ParseError):
        body("x := input.\na")
    # a line break before "[" or "(" starts a new literal (as in OPA)
    assert len(body("x := input\n[0]")) == 2
    assert len(body("x := count\n([1])")) == 2
    # a set after an object on the next line is a new literal
    assert len(body("x := {1} | {2}\n{1, 2} = x")) == 2


def test_if_brace_that_is_a_term():
    # `if {x: ...}`: an object comprehension, not a body (OPA parses it so)
    r = rule('f(x) := 1 if {x: i | x := ["a"][i]}')
    assert len(r.body) == 1 and isinstance(r.body[0].expr, ObjectCompr)
    r = rule("p if {x | x := [1][_]}")
    assert isinstance(r.body[0].expr, SetCompr)


# -------------------------------------------------------------- precedence


def _render(t) -> str:
    """A term back to Rego with every operation parenthesised."""
    ops = {"plus": "+", "minus": "-", "mul": "*", "div": "/", "rem": "%", "or": "|", "and": "&",
           "equal": "==", "neq": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
    if isinstance(t, Scalar):
        return json.dumps(t.value) if t.text is None else t.text
    if isinstance(t, Array):
        return "[" + ", ".join(_render(x) for x in t.items) + "]"
    if isinstance(t, SetTerm):
        return "{" + ", ".join(_render(x) for x in t.items) + "}" if t.items else "set()"
    if isinstance(t, Membership):
        return f"({_render(t.value)} in {_render(t.collection)})"
    if isinstance(t, Call) and t.name[0] in ops:
        return f"({_render(t.args[0])} {ops[t.name[0]]} {_render(t.args[1])})"
    raise AssertionError(t)


PRECEDENCE = [
    ("1 + 2 * 3", C("plus", N(1), C("mul", N(2), N(3)))),
    ("2 * 3 - 1 - 1", C("minus", C("minus", C("mul", N(2), N(3)), N(1)), N(1))),
    ("7 % 4 * 2", C("mul", C("rem", N(7), N(4)), N(2))),
    ("8 / 2 / 2", C("div", C("div", N(8), N(2)), N(2))),
    ("{1, 2} | {3} & {4}", C("or", SetTerm((N(1), N(2))), C("and", SetTerm((N(3),)), SetTerm((N(4),))))),
    ("{1, 2} - {2} | {5}", C("or", C("minus", SetTerm((N(1), N(2))), SetTerm((N(2),))), SetTerm((N(5),)))),
    ("{1} | {2} == {1, 2}", C("equal", C("or", SetTerm((N(1),)), SetTerm((N(2),))), SetTerm((N(1), N(2))))),
    ("1 + 1 == 2", C("equal", C("plus", N(1), N(1)), N(2))),
    ("1 < 2 == true", C("equal", C("lt", N(1), N(2)), TRUE)),
    ("1 in [1] == true", Membership(None, N(1), C("equal", Array((N(1),)), TRUE))),
    ("1 == 1 in {true}", Membership(None, C("equal", N(1), N(1)), SetTerm((TRUE,)))),
    ("3 in {1} | {3}", Membership(None, N(3), C("or", SetTerm((N(1),)), SetTerm((N(3),))))),
    ("1 in [1] in [true]", Membership(None, Membership(None, N(1), Array((N(1),))), Array((TRUE,)))),
    ("2 - -1", C("minus", N(2), Scalar(-1, "-1"))),
    ("2-1", C("minus", N(2), N(1))),
]


@pytest.mark.parametrize("src,want", PRECEDENCE)
def test_precedence_ast(src, want):
    assert value(src) == want


def test_precedence_agrees_with_opa():
    """OPA gives the same value for each expression as for our reading of it
    with every operation parenthesised."""
    from opa_bindings import OpaEngine

    e = OpaEngine()
    lines = []
    for i, (src, _) in enumerate(PRECEDENCE):
        lines.append(f"a{i} := {src}")
        lines.append(f"b{i} := {_render(value(src))}")
    e.add_policy("prec.rego", "package prec\n" + "\n".join(lines) + "\n")
    (got,) = e.eval_query("x = data.prec")
    doc = got["x"]
    for i, (src, _) in enumerate(PRECEDENCE):
        assert doc[f"a{i}"] == doc[f"b{i}"], src


# ---------------------------------------------------------------- positions


def test_positions():
    m = parse_module("package t\n\np := x if {\n  x := input.a[0]\n}\n", "f.rego")
    assert m.pos == Pos("f.rego", 1, 1)
    (r,) = m.rules
    assert r.pos == Pos("f.rego", 3, 1)
    (lit,) = r.body
    assert lit.pos == Pos("f.rego", 4, 3)
    assign = lit.expr
    assert assign.right.pos == Pos("f.rego", 4, 8)
    assert assign.right.path[0].pos == Pos("f.rego", 4, 14)
    assert assign.right.path[1].pos == Pos("f.rego", 4, 16)
    assert r.value.pos == Pos("f.rego", 3, 6)


def test_positions_in_template_and_else():
    m = parse_module('package t\np := 1 if { false }\nelse := $"a{\n  x}" if { true }\n', "g.rego")
    e = m.rules[0].else_
    assert e.pos == Pos("g.rego", 3, 1)
    assert e.value.pos == Pos("g.rego", 3, 9)
    assert e.value.parts[1].pos == Pos("g.rego", 4, 3)


# --------------------------------------------------------------- v0 and v1


def test_version_detection():
    assert parse_module("package t\np { true }").v0 is True
    assert parse_module("package t\np if { true }").v0 is False
    assert parse_module("package t\np := 1").v0 is False
    assert parse_module("package t\nimport rego.v1\np if { true }").v0 is False
    assert parse_module("package t\np[x] { x := 1 }", v0=True).v0 is True
    # future.keywords is a v0 import: there `p[x] if` is a partial set
    m = parse_module("package t\nimport future.keywords.if\np[x] if { x := 1 }")
    assert m.v0 is True and m.rules[0].kind == "set"


def test_v0_and_v1_read_brackets_differently():
    v0 = parse_module("package t\nimport future.keywords.if\np[x] if { x := 1 }", v0=True).rules[0]
    v1 = parse_module("package t\np[x] if { x := 1 }", v0=False).rules[0]
    assert (v0.kind, v0.ref, v0.key) == ("set", P, V("x"))
    assert (v1.kind, v1.ref, v1.key) == ("complete", R("p", V("x")), None)


def test_v0_keywords_and_builtin_contains():
    m = parse_module(
        "package tracee.TRC_1\n"
        "import data.tracee.helpers\n"
        '__rego_metadoc__ := {"id": "TRC-1", "name": "x"}\n'
        "eventSelectors := [{\"source\": \"tracee\", \"name\": \"open\"}]\n"
        "tracee_selected_events[eventSelector] {\n"
        "  eventSelector := eventSelectors[_]\n"
        "}\n"
        "tracee_match {\n"
        '  input.eventName == "open"\n'
        '  contains(helpers.get_tracee_argument("pathname"), "/etc")\n'
        "}\n"
    )
    assert m.v0 is True
    sel, match = m.rules[2], m.rules[3]
    assert (sel.kind, sel.ref, sel.key) == ("set", R("tracee_selected_events"), V("eventSelector"))
    assert match.body[1].expr == C("contains", C("helpers.get_tracee_argument", S("pathname")), S("/etc"))


# ------------------------------------------------------------------- errors


ERRORS = [
    ("p if { x := }", 2, 13, 'unexpected "}"; expected a term'),
    ('p := "abc', 2, 6, "unterminated string"),
    ("p := `abc", 2, 6, "unterminated raw string"),
    ('p := "\\q"', 2, 7, "illegal escape sequence"),
    ("p if { x := 1 y := 2 }", 2, 15, 'unexpected identifier "y"'),
    ("p if { x := [1] [0] }", 2, 17, 'unexpected "["'),
    ("p := 01", 2, 6, "illegal number format"),
    ("p := 1.", 2, 6, "expected digits after the decimal point"),
    ("p if { true", 2, 12, "unexpected end of input"),
    ('p := $"a{}b"', 2, 9, "empty template expression"),
    ('p := $"a{1', 2, 9, "unterminated template expression"),
    ("p if { x ! 1 }", 2, 10, 'unexpected "!"'),
    ("p if { input .x }", 2, 14, 'unexpected "."'),
    ("p ~ 1", 2, 3, "unexpected character '~'"),
    ("import rego.v1\np { true }", 3, 3, "`if` keyword is required before rule body"),
    ('p := "ab"[0]', 2, 6, "illegal ref (head cannot be string)"),
    ("p if { true;; true }", 2, 13, 'unexpected ";"'),
    ("p if { true; }", 2, 14, 'unexpected "}"'),
    ("p", 2, 1, "rule must have a value or a body"),
    ("p := [1\n 2]", 2, 8, "unexpected newline"),
    ("import foo.bar", 2, 1, "invalid import"),
    ("p := 1 if { true } else := 2 else := 3", 2, 30, "unexpected `else`"),
    ("p if { every [x] in xs { true } }", 2, 14, "every takes variable names"),
    ("p if { some x == 1 }", 2, 15, 'unexpected "=="'),
    ("p := f (1)", 2, 8, 'unexpected "("'),
    ("default p if { true }", 2, 1, "default rules cannot have a body"),
    ("default p := input.x", 2, 1, "illegal default rule (value cannot contain ref)"),
    ("default p := [1, x]", 2, 1, "illegal default rule (value cannot contain var)"),
    ("default p := 1 + 1", 2, 1, "illegal default rule (value cannot contain call)"),
    ("p := 1 if { false } else", 2, 21, "expected a value"),
    ("p if { every x in [1] {} }", 2, 24, "found empty body"),
    ("p := true.x", 2, 6, "illegal ref (head cannot be boolean)"),
    ("p := null.x", 2, 6, "illegal ref (head cannot be null)"),
    ("p := -[1][0]", 2, 6, "unary minus"),
    ("import rego.v2", 2, 1, "only `rego.v1`"),
    ('p := $"a{x := 1}"', 2, 12, 'unexpected ":=" in template-string expression'),
    ('p := $"a{1 +}"', 2, 13, "incomplete template-string expression"),
    ("import future.keywords.bogus", 2, 1, "unknown keyword"),
]


@pytest.mark.parametrize("src,line,col,msg", ERRORS)
def test_errors(src, line, col, msg):
    with pytest.raises(ParseError) as info:
        parse_module("package t\n" + src + "\n", "bad.rego")
    err = info.value
    assert msg in err.message
    assert (err.pos.file, err.pos.line, err.pos.col) == ("bad.rego", line, col)
    rendered = err.render()
    assert rendered.startswith(f"bad.rego:{line}:{col}: ")


def test_v1_rejects_v0_bodies():
    for src in ("p { true }", "p[x] { x := 1 }", "p := 1 { true }", "f(x) { true }", "p if { true } else { true }"):
        with pytest.raises(ParseError, match="`if` keyword is required"):
            parse_module("package t\n" + src, v0=False)


def test_error_renders_source_line_and_caret():
    with pytest.raises(ParseError) as info:
        parse_module("package t\np if { x := }\n", "c.rego")
    assert info.value.render() == (
        'c.rego:2:13: unexpected "}"; expected a term\n'
        "    p if { x := }\n"
        "                ^"
    )


def test_no_lark_exception_escapes():
    for src in ["", "package", "package t\n)", "package t\np := {", "package t\np := [1,", "{{{", "package t\nf(", "x := 1"]:
        with pytest.raises(ParseError):
            parse_module(src)
    for src in ["", ";", "x :=", "[1,"]:
        with pytest.raises(ParseError):
            parse_query(src)
    with pytest.raises(ParseError):
        parse_term("{1, 2")


# -------------------------------------------------------------- conformance


def test_every_conformance_module_query_and_input_term_parses():
    failures = []
    elapsed = {"modules": 0.0, "queries": 0.0, "terms": 0.0}
    counts = {"modules": 0, "queries": 0, "terms": 0}
    for path in sorted(glob.glob(CONFORMANCE)):
        with open(path) as f:
            cases = json.load(f)["cases"]
        for case in cases:
            note = case["note"]
            items = [("modules", src, parse_module) for src in case.get("modules") or []]
            items.append(("queries", case["query"], parse_query))
            if "input_term" in case:
                items.append(("terms", case["input_term"], parse_term))
            for kind, src, fn in items:
                t = time.perf_counter()
                try:
                    fn(src, note)
                except ParseError as e:
                    failures.append(f"{kind}: {e.render()}")
                elapsed[kind] += time.perf_counter() - t
                counts[kind] += 1
    print()
    for kind in elapsed:
        print(f"parsed {counts[kind]} conformance {kind} in {elapsed[kind]:.2f}s")
    assert counts["modules"] > 1000
    assert failures == []


# ------------------------------------------------------------------ metadata


def test_metadata_comments():
    from transpiler.parser import MetadataComment, metadata_comments

    src = (
        "# METADATA\n# description: suite\npackage testing\n\n"
        "# METADATA\n# title: T\n# authors:\n# - The OPA contributors\n"
        "p := 1\n"
    )
    blocks = metadata_comments(src, "m.rego")
    assert blocks == [
        MetadataComment(Pos("m.rego", 1, 1), "description: suite\n", 3),
        MetadataComment(Pos("m.rego", 5, 1), "title: T\nauthors:\n- The OPA contributors\n", 9),
    ]
    m = parse_module(src, "m.rego")
    assert m.rules[0].pos.line == blocks[1].target_line


# ------------------------------------------- round trip through a formatter
#
# The AST printed back as v1 Rego must parse to the same AST, and OPA must
# give the same answers for the printed modules as for the originals: a
# check that the AST keeps the meaning of what was parsed.

# The printer is transpiler.fmt (rego2py fmt).
from transpiler.fmt import format_body as fmt_body  # noqa: E402
from transpiler.fmt import format_module as fmt_module  # noqa: E402


def _conformance_cases(topics="*"):
    for path in sorted(glob.glob(CONFORMANCE.replace("/*/", f"/{topics}/"))):
        with open(path) as f:
            yield from json.load(f)["cases"]


def test_formatted_modules_parse_to_the_same_ast():
    for case in _conformance_cases():
        for src in case.get("modules") or []:
            m = parse_module(src, case["note"])
            again = parse_module(fmt_module(m), case["note"])
            assert (again.package, again.imports, again.rules) == (m.package, m.imports, m.rules), case["note"]
        q = parse_query(case["query"])
        assert parse_query(fmt_body(q)) == q


# topics rich in syntax; the whole suite also agrees (but takes longer), except
# the rego.metadata topics, whose annotations live in comments
ROUND_TRIP_TOPICS = (
    "refheads elsekeyword every comprehensions withkeyword keywordrefs stringinterpolation "
    "defaultkeyword functions containskeyword arithmetic sets partialobjectdoc partialsetdoc "
    "completedoc negation disjunction comparisonexpr compositereferences"
).split()


def _opa_answer(modules, case, query):
    from opa_bindings import OpaEngine, OpaError

    e = OpaEngine()
    try:
        if case.get("data") is not None:
            e.add_data(case["data"])
        for i, src in enumerate(modules):
            e.add_policy(f"m{i}.rego", src)
        kw = {"input": case["input"]} if "input" in case else {}
        return json.dumps(e.eval_query(query, **kw), sort_keys=True)
    except OpaError as ex:
        return "error " + ex.code
    finally:
        e.close()


@pytest.mark.parametrize("topic", ROUND_TRIP_TOPICS)
def test_opa_agrees_on_formatted_modules(topic):
    checked = 0
    for case in _conformance_cases(topic):
        if "input_term" in case:
            continue
        modules = case.get("modules") or []
        printed = [fmt_module(parse_module(src)) for src in modules]
        want = _opa_answer(modules, case, case["query"])
        got = _opa_answer(printed, case, fmt_body(parse_query(case["query"])))
        assert got == want, (case["note"], printed)
        checked += 1
    assert checked > 0


def test_else_after_a_rule_without_body_is_refused():
    # found by `rego2py fuzz`: OPA rejects these with "unexpected else keyword"
    for src in ("package t\np := 1 else := 2\n", "package t\nf(x) := 1 else := 2 if { true }\n"):
        with pytest.raises(ParseError) as info:
            parse_module(src, "t.rego")
        assert "unexpected else keyword" in str(info.value) and info.value.pos.line == 2


# In v0 (OPA's v0 compatibility), `if`, `contains`, `in` and `every` are
# keywords only where they are imported; a module using one without the
# import does not parse (the word is a name there).
V0_KEYWORD_USES = [
    ("if", "p if { true }", (3, 3)),
    ("contains", 'p contains "a" if { true }', (3, 3)),
    ("in", "p { 1 in [1] }", (3, 7)),
    ("every", "p { every x in [1] { x > 0 } }", (3, 5)),
]


@pytest.mark.parametrize("word,rule,pos", V0_KEYWORD_USES, ids=[w for w, _, _ in V0_KEYWORD_USES])
def test_v0_keyword_needs_its_future_import(word, rule, pos):
    needs = {"if": {"if"}, "contains": {"contains", "if"}, "in": {"in"}, "every": {"every"}}[word]
    with pytest.raises(ParseError) as info:
        parse_module(f"package t\n\n{rule}\n", v0=True)
    assert (info.value.pos.line, info.value.pos.col) == pos
    assert "future.keywords." in str(info.value)
    imports = "".join(f"import future.keywords.{k}\n" for k in sorted(needs))
    assert parse_module(f"package t\n{imports}\n{rule}\n", v0=True).v0 is True
    assert parse_module(f"package t\nimport future.keywords\n\n{rule}\n", v0=True).v0 is True
    assert parse_module(f"package t\nimport rego.v1\n\n{rule}\n", v0=True).rules
    if len(needs) > 1:  # one of the two imported is not enough
        with pytest.raises(ParseError):
            parse_module(f"package t\nimport future.keywords.{sorted(needs)[0]}\n\n{rule}\n", v0=True)

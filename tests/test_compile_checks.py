"""OPA's compile-time checks that rego2py reproduces, asked of OPA: the error
code and the line of OPA's first error; and near cases OPA accepts, with
their values (a check must not reject more than OPA does)."""

from __future__ import annotations

import pytest

from tests.opa_compare import both, same
from transpiler.compiler import compile_program
from transpiler.errors import CompileError, RegoError

REJECTED = [
    # iterating a constant that is no collection
    'p if { some x in "abc" }',
    "p if { some x in null }",
    "p if { some k, x in 1 }",
    "p := [x | some x in true]",
    'p if { some [x, y] in "ab" }',
    "p := [x | x := 1; some y in 5]",
    # unification of composites of different shapes: unsafe when a variable
    # could only be bound by the part that cannot unify, else a type error
    "p if { [x, 1] = [2, 1, 3] }",
    'p if { {"a": x} = {"a": 1, "b": 2} }',
    'p if { [x] = {"a": 1} }',
    'p if { [x] = "a" }',
    "p if { [x] = {1} }",
    "p if { [x, y] = [1, 2, 3] }",
    "p if { [y] = [1, [x, 2]] }",
    "p if { [[y, 1]] = [[1, 2, 3]] }",
    "p := [x, y] if { [x, y] := [1, 2, 3] }",
    "p if { [1] = [1, 2] }",
    'p if { [1] = {"a": 1} }',
    'p if { [1] = "a" }',
    "p if { [1] = {1} }",
    'p if { {1} = {"a": 1} }',
    'p if { 1 = "a" }',
    "p if { true = 1 }",
    "p if { x := 1; [x] = [1, 2] }",
    'p if { {"a": 1} = {"b": 1} }',
    'p if { {"a": 1, "b": 2} = {"a": 1} }',
    "p if { [[1]] = [[1, 2]] }",
    "p if { [x, [1]] = [1, [1, 2]] }",
    "p if { not [1] = [1, 2] }",
    # builtins given literal arguments of the wrong type
    "p := upper(1)",
    'p := object.get([1], 0, "d")',
    "p := count(1)",
    'p := concat(",", [1, 2])',
    'p := concat(1, ["a"])',
    'p := concat(",", {"a", 1})',
    'p := startswith("a", 1)',
    'p := sprintf("%d", 1)',
    'p := 1 + "a"',
    "p := lower(null)",
    'p := sum({1, "a"})',
    'p := json.marshal_with_options(1, {"pretty": 1})',
    "p := json.marshal_with_options(1, {1: true})",
    'p := urlquery.encode_object({1: "a"})',
    'p := strings.replace_n({"a": 1}, "x")',
    'p := object.union_n([{"a": 1}, 2])',
    'p := numbers.range(1, "2")',
    'p := array.slice([1], "0", 1)',
    # builtins whose declarations name a parameter in several words, or nest tuples in arrays
    "p := io.jwt.decode(1)",
    'p := time.format("x")',
    'p := time.parse_ns(1, "x")',
    'p := semver.compare(1, "1.0.0")',
    'p := glob.match(1, [], "a")',
    "p := uuid.rfc4122(1)",
    'p := crypto.x509.parse_keypair(1, "x")',
    'p := graphql.parse_query({"a": 1})',
    "p := trace(1)",
    'p if {\n  x := input.y\n  startswith(x, 1)\n}',
    'p := [1 | startswith(input.x, 2)]',
    # variables assigned a literal have its type
    "p := x if { x := 1; upper(x) }",
    'p := y if { x := [1]; y := concat(",", x) }',
    "p := y if { y := [upper(x) | x := 1] }",
    "p := y if { x := 1; y := [upper(x) | true] }",
    # `with` replacing a function by one of another arity
    "f(x) := x\ng(x, y) := x\np := y if { y := f(1) with f as g }",
    "f(x) := x\np := y if { y := f(1) with f as concat }",
    "p := y if { y := count([1]) with count as concat }",
    "g(x, y) := x\np := y if { y := count([1]) with count as g }",
    "f(x, y) := x\ng(x) := x\np := y if { y := f(1, 2) with f as g }",
    # re-assignment and redeclaration
    "p if { x := 1; x := 2 }",
    "p if { some x; x := 1 }",
    # a head's unsafe variable is OPA's safety stage, before a type error of
    # the body (found by the fuzzer)
    "f2() := p0 if { some j6 in set() | {} }",
    "f2() := p0 if { x := set() | {} }",
    "p := p0 if { some j6 in {1} | {} }",
    "f2(x) := p0 if { some j6 in set() | {} }",
    "p[k] := 1 if { some j6 in set() | {} }",
    "p contains k if { some j6 in set() | {} }",
    "p := 1 if { some j6 in set() | {} } else := k if { true }",
    "f2(w6) := true if { w8 := set() | {w6 | some v1 in input} } else := input if { {} in p1 }",
    "f2(w6) := true if { w8 := set() | {w6 | some v1 in input} } else := input if { {} in input; x == 1 }",
    "p0 := input\nf2() := p0 if { some j6 in set() | {} } else := {input: j1 | true}",
    "f2() := 1 if { some j6 in set() | {} } else := [x | x := y]",
    "f2() := 1 if { some j6 in set() | {} } else := 2 if { x := [z | every y in [1] { q }] }",
    # an unsafe variable of a body nested in code that can never run (found by the fuzzer)
    "p if { false; every i9 in input { i9; v9 } }",
    "p if { false; x := [v | v9] }",
    "p := 1 if { input } else := 2 if { false; every i9 in input { i9; v9 } }",
    "f(x) := 1 if { input } else := 2 if { false; every i9 in input { i9; v9 } }\nq := f(1)",
    # (no unsafe variable: the type error; a head's ref key is bound by the head)
    "f2() := 1 if { some j6 in set() | {} } else := [x | x := 1]",
    "f2() := 1 if { some j6 in set() | {} } else := 2 if { x := [z | z := 1; every y in [1] { y }] }",
    "f2(a) := 1 if { some j6 in set() | {} } else := {a: x | some x in a}",
    'p0 := {} + input if { y1 := "" } else := input if { "" in input } else := input[_]',
    "f2(w6) := true if { w8 := set() | {w6 | some v1 in input} } else := x if { {} in input; x = 1 }",
    "f2(x) := x if { some j6 in set() | {} }",
    "p := j6 if { some j6 in set() | {} }",
    "p.a[j6] := 1 if { some j6 in set() | {} }",
    "p := [k | k := 1] if { some j6 in set() | {} }",
]

ACCEPTED = [
    "p if { false; x := [v | v := 1] }",
    "p if { false; every i9 in input { i9 } }",
    "p if { 1 == 2; x := [v | some v in input; v > 1] }",
    'p := json.marshal_with_options(1, {"pretty": true})',
    'p := concat(",", set())',
    "p := count({1: 2})",
    "p := object.get({1: 2}, 1, 3)",
    "p := is_string(1)",
    'p := "a" < 1',
    'p := 1 == "a"',
    'p if { every x in "abc" { x } }',
    'p if { 1 in "abc" }',
    "p := 1 in null",
    "p if { some x in set() }",
    "p if { [1] = [2] }",
    "p if { [x, 1] = [2, 1] }",
    "p if { [1] = [y | y := 1] }",
    'p := upper(input.x)',
    'p := object.get({"a": [1]}, ["a", 0], 2)',
    'p := concat(",", {"a", "b"})',
    'p := sum([1, 2.5])',
    'p := time.format(0)',
    'p := time.format([0, "UTC"])',
    'p := glob.match("a*", null, "ab")',
    'p := semver.compare("1.0.0", "1.0.1")',
    'p := y if { x := "a"; y := upper(x) }',
    'p := y if { x := 1; y := [upper(x) | x := "a"] }',
    "f(x) := x\ng(x) := x + 1\np := y if { y := f(1) with f as g }",
    "f(x) := x\np := y if { y := f([1]) with f as count }",
    "f(x) := x\np := y if { y := f(1) with f as 7 }",
]


@pytest.mark.parametrize("body", REJECTED)
def test_rejected_as_opa(body):
    theirs, ours = both(body)
    assert theirs[0] == "error" and theirs[1].startswith("rego_"), theirs
    assert ours == theirs


@pytest.mark.parametrize("body", ACCEPTED)
def test_accepted_as_opa(body):
    theirs, ours = both(body)
    assert theirs[0] == "rows", theirs
    assert same(ours, theirs), (ours, theirs)


WITH_IN_EVERY = [
    # OPA does not type-check an every's body: it accepts a with replacing a
    # builtin or function by one of another arity or argument types there,
    # and calls it with the replaced one's arguments (found by the fuzzer,
    # seed 1 program 765); rego2py refuses it, located, rather than answer
    'package fz\np2 := 1\np4 if {\n\tevery z3 in [1] {\n\t\tz3\n\t\tj4 := p2 with concat as startswith\n\t}\n}\n',
    'package fz\np4 if {\n\tevery z3 in [1] {\n\t\tz3\n\t\tconcat(",", ["a"]) with concat as upper\n\t}\n}\n',
    'package fz\nq := concat(",", ["a"])\np4 if {\n\tevery z3 in [1] {\n\t\tz3\n\t\tq with concat as upper\n\t}\n}\n',
    'package fz\np2 := 1\nf(x) := x\np4 if {\n\tevery z3 in [1] {\n\t\tz3\n\t\tj4 := p2 with f as concat\n\t}\n}\n',
]


@pytest.mark.parametrize("src", WITH_IN_EVERY, ids=range(len(WITH_IN_EVERY)))
def test_with_of_another_signature_in_an_every_body_is_refused(src):
    from transpiler import opa_backend
    from transpiler.errors import Unsupported

    opa_backend.compile_program([("fz.rego", src)]).close()  # OPA accepts it
    with pytest.raises(Unsupported) as info:
        compile_program([("fz.rego", src)])
    assert "in the body of an every" in str(info.value) and info.value.pos.line >= 5


def test_with_of_another_signature_in_a_comprehension_in_an_every_is_opas_type_error():
    from transpiler import opa_backend

    src = ('package fz\np2 := 1\np4 if {\n\tevery z3 in [1] {\n\t\tz3\n'
           '\t\tx := [j4 | j4 := p2 with concat as startswith]\n\t}\n}\n')
    with pytest.raises(RegoError) as opa:
        opa_backend.compile_program([("fz.rego", src)])
    with pytest.raises(CompileError) as ours:
        compile_program([("fz.rego", src)])
    assert opa.value.code == ours.value.code == "rego_type_error"

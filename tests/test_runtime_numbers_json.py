"""Numbers and the JSON builtins, asked of real OPA and of rego2py: number
literals and arithmetic kept exact where OPA keeps them, numbers printed as
OPA prints them (json.marshal, sprintf, template strings, format_int),
to_number's edge cases, number object keys (1 and 1.0), and json.marshal /
json.filter / json.remove over keys and paths. Each case is a rule body
``p := ...``; the answers (value, undefined or error code) must be OPA's."""

from __future__ import annotations

import pytest

from transpiler import opa_backend
from transpiler.compiler import compile_program
from transpiler.errors import RegoError
from transpiler.runtime.errors import RegoRuntimeError
from transpiler.runtime.values import to_json

pytest.importorskip("opa_bindings")

JSON_PATHS = [
    'json.remove({"d": [1, 2]}, [["d", 0]])',
    'json.remove({"d": [1, 2]}, ["d/0"])',
    'json.remove({"d": [1, {"e": 1, "f": 2}]}, ["d/1/e"])',
    'json.remove({"d": [1, {"e": 1, "f": 2}]}, [["d", 1, "e"]])',
    'json.remove({"d": [[1, 2], [3]]}, ["d/0/1"])',
    'json.filter({"d": [1, 2], "e": 3}, ["d/0"])',
    'json.filter({"d": [1, 2], "e": 3}, [["d", 1]])',
    'json.filter({"d": [{"x": 1, "y": 2}, 2], "e": 3}, [["d", 0, "x"]])',
    'json.filter({"d": [1, 2], "e": 3}, [["d", "1"]])',
    'json.remove({"d": [1, 2], "e": 3}, [["d", "1"]])',
    'json.remove({"d": [1, 2], "e": 3}, [["d", 1.0]])',
    'json.filter({"d": [1, 2], "e": 3}, [["d", "01"]])',
    'json.remove({"d": [1, 2], "e": 3}, [["d", "01"]])',
    'json.filter({"d": [1, 2], "e": 3}, [["d", "5"]])',
    'json.remove({"d": {1: "a", "1": "b"}}, [["d", 1]])',
    'json.filter({"d": {1: "a", "1": "b"}}, ["d/1"])',
]

JSON_KEYS = [
    'json.marshal({1: "a", "1": "b"})',
    'json.marshal({"1": "b", 1: "a"})',
    'json.marshal({1: "a", "1": "b", 2: "c"})',
    'json.marshal({true: 1, "true": 2})',
    'json.marshal({[1]: 1, "[1]": 2})',
    'json.marshal_with_options({1: "a", "1": "b"}, {"pretty": true})',
]

# number literals keep their text and exact value
LITERALS = [
    "1e23 == 100000000000000000000000",
    "[1e23 < 100000000000000000000001, 1e23 > 99999999999999999999999]",
    "json.marshal([1e21, 2.50, 1E3, 1.0, 0.5e1, 100, 1e-7, 12.0e2, -2.50, -0, -0.0])",
    'json.marshal({"a": 2.50, "b": [1e3]})',
    "[2.50, 1e3, 1e400, -2.50, -1e3]",
    "[1e400 > 1e300, 1e400 == 1e400, 1e400 == 1e401, 1e-400 == 0, 1e-400 > 0, -1e400 < 0]",
    "json.marshal(1e400)",
    "[2.50 < 3, 2.50 == 2.5, [2.50] == [2.5], is_number(1e3), type_name(1e3)]",
    "sort([3, 2.50, 1e3, 1e400, -1e400, 1e-400, 0])",
    "[x | some x in {2.50, 2.5, 1e3, 1000, 1.0, 1}]",
    # OPA refuses literals beyond 2**+-100000; integers of any length are exact
    "1e30102 > 1",
    "1e-30103 > 0",
    "1e30103 > 1",
    "1e-30104 > 0",
    "0.00001e-30099 > 0",
    "1" + "0" * 5000 + " > 1",
    "json.marshal(1" + "0" * 5000 + " * 1) == json.marshal(1e5000 * 1)",
    "count(json.marshal(1e5000 * 1))",
    'count(sprintf("%v %d", [1e5000 * 1, 1e5000 * 1]))',
]

# objects: equal keys are one key (the first key, the last value)
KEYS = [
    'count({1: "a", 1.0: "b"})',
    '{1: "a", 1.0: "b"}',
    '{1.0: "b", 1: "a"}',
    '{"a": 1, "a": 2}',
    '{2.50: 1, 2.5: 2}',
    '{1e3: "b"}[1000]',
    'json.marshal({2.50: "a", 1e3: "b"})',
    'json.marshal({2.5: 1, 2.50: 2})',
    'object.keys({2.50: "a", 1e3: "b"})',
]

# arithmetic: exact on integers, OPA's 64-bit big.Float text between steps otherwise
ARITHMETIC = [
    "1 / 3 * 3",
    "[1 / 3 + 1 / 3, (1 / 3) * 3 == 1, 2 / 3 - 1 / 3, 10 / 3 * 3]",
    "json.marshal([1 / 3, 2 / 3, 1 / 3 + 1 / 3, 2 / 3 - 1 / 3, 1 / 7, 22 / 7, 1e6 / 7, 1e5 / 7, 1e-5 / 3])",
    "json.marshal([-1 / 3, -1e6 / 7, -1e-5 / 3, 123456.7 * 10, 0.1 * 3, 0.1 + 0.2, 10 / 4])",
    "json.marshal([1234567.5 * 1, 1234567.5 + 0, 0.00001 * 1, 0.0001 * 1, 1e21 * 1, 1e21 * 1.5])",
    "[1e400 + 1 > 1e400, 1e400 * 2 > 1e400, 1e400 / 1e399, 2.50 + 1, 1e3 + 1, 1e3 * 1.5, 1e21 % 7]",
    "[abs(-2.50), floor(2.50), ceil(2.50), round(2.5e0), abs(1e3)]",
    "json.marshal([1e3 + 1, 1e3 * 1.5, abs(-2.50), 2.50 + 0, 2.50 * 1, -2.50, 0 - 2.50, abs(1e3), 1e3 - 0.5])",
    "json.marshal([sum([2.50, 1e3, 1 / 3]), product([2.50, 1e3]), max([3, 2.50, 1e3]), min([2.50, 3])])",
    "[numbers.range(1e0, 3), numbers.range(1.0, 3), bits.and(1e3, 7), bits.and(1000.0, 7)]",
    "array.slice([1, 2, 3, 4], 1e0, 3)",
    "json.marshal(1e3 + 0.0)",
    "[format_int(2.50, 10), format_int(-2.50, 10), format_int(1E3, 10), format_int(1e21, 10)]",
    "format_int(1e400, 16)",
]

# printing: sprintf hands Go an int, a big.Int, a float64 or the text itself
PRINTING = [
    'sprintf("%v", [1e21])',
    'sprintf("%v", [[1e21, 2.50, 1E3, 1.0, 0.5e1, 100, 1e-7, 1 / 3, 1234567.5 * 1]])',
    'sprintf("%v %v %v %v %v %v", [1e21, 2.50, 1E3, 1.0, 1 / 3, 1234567.5 * 1])',
    'sprintf("%d %d", [1e21, 1E3])',
    'sprintf("%v|%v|%v|%v|%v|%v|%v", [1.5e2, 1e-7, 100.0, 12345678901234567890123, 1.0e0, 0.000001, 123456789.5])',
    'sprintf("%d|%d|%d", [1.0, 1.5e2, 12345678901234567890123])',
    'sprintf("%v", [{"a": 1e21, "b": 1 / 3}])',
    'sprintf("%.2f|%.2f|%.2f", [1e21, 2.50, 1 / 3])',
    'sprintf("%s", [1e21])',
    '$"{1e21} {2.50} {1E3} {1.0} {1 / 3} {1234567.5 * 1} {[2.50, 1 / 3]}"',
    'json.marshal(json.unmarshal("[2.50, 1e21, 1E3, 1e400]"))',
    'sprintf("%v", [json.unmarshal("[2.50, 1e21, 1E3]")])',
]

# to_number keeps the text Go's ParseFloat accepts
TO_NUMBER_TEXTS = [
    "+1", "007", "1_000", "2.50", "1e21", "1E3", "-0", "0x10", "1e400", ".5", "5.", "+1.5",
    "1_0.5", "0b11", "0o7", "-007", "00", "1e-400", " 1", "inf", "0x1p4", "+1e2",
]
TO_NUMBER = [
    f'[to_number("{t}") == 1000, to_number("{t}") + 1, to_number("{t}") < 6, format_int(to_number("{t}"), 10)]'
    for t in TO_NUMBER_TEXTS
] + [f'sprintf("%v", [to_number("{t}")])' for t in TO_NUMBER_TEXTS] + [
    f'count({{to_number("{t}"): 1, 1000: 2, 7: 3, 1: 4}})' for t in TO_NUMBER_TEXTS
] + [f'json.marshal(to_number("{t}"))' for t in TO_NUMBER_TEXTS]

# aggregates: sum is one 64-bit big.Float from 0 unless every operand is
# integral; product multiplies in place into a 53-bit big.Float from 1
AGGREGATES = [
    "json.marshal([product([0.1, 3]), product([3, 0.1]), product([1 / 3]), product([1 / 3, 3])])",
    "json.marshal([product([9007199254740993, 1.5]), product([0.5, 9007199254740993])])",
    "json.marshal([product([1e400, 0.5]), product([1e30, 0.5]), product([1e-400, 0.5])])",
    "json.marshal([product([-0.5, 0]), product([-0.5, 0, -1]), product([0.5, -0]), product([-0, 1])])",
    "json.marshal([product([1e30, 7, 9007199254740993]), product([9007199254740993, 18446744073709551617])])",
    "json.marshal([product([1234567.5, 3]), product([1e-5, 3]), product([1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1])])",
    "json.marshal([product([2.0, 9007199254740993]), product([1e0, 9007199254740993]), product(set())])",
    # an integral result from 2**53 on is printed in its shortest 53-bit digits (fuzzer seed 2026 program 1730)
    "json.marshal([product([-9223372036854775808, 0.1]), product([1152921504606846976, 0.5]), product([4611686018427387904, 0.1])])",
    "[product([-9223372036854775808, 0.1]) == -922337203685477600, product([1152921504606846976, 0.5]) + 0]",
    # an integral product of 2**53 or more prints its shortest digits at 53 bits (seed 2026 program 1730)
    "json.marshal([product([-9223372036854775808, 0.1]), product([123456789, 987654321.5])])",
    "[product([-9223372036854775808, 0.1]) == -922337203685477600, product([9007199254740992, 1.5])]",
    "json.marshal([sum([1180591620717411303425, 1, 0.5]), sum([0.5, 1180591620717411303425, 1])])",
    "json.marshal([sum([9007199254740993, 0.5]), sum([0.1, 0.2, 0.3]), sum([1 / 3, 1 / 3, 1 / 3])])",
    "json.marshal([sum([1e-400, 1]), sum([-0.0, -0.0]), sum([1e30, 1]), sum([1e400, 0.5])])",
]

# integer operands: array.slice and time.add_date take an int64 written as
# one; rem, bits.* and numbers.range read the number's exact text
INTEGERS = [
    "array.slice([1, 2], 9223372036854775808, 0)",
    "array.slice([1, 2], -9223372036854775809, 3)",
    "array.slice([1, 2], 100000000000000000000, 0)",
    "[array.slice([1, 2, 3], 1.0, 3), array.slice([1, 2, 3], 0.0, 3), array.slice([1, 2], 9223372036854775807, 0)]",
    "array.slice([1, 2, 3], 1e0, 3)",
    "array.slice([1, 2, 3], 1e16, 3)",
    "time.add_date(0, 1e0, 0, 0)",
    "time.add_date(0, 1.0, 0, 0)",
    "time.add_date(0, 1.5, 0, 0)",
    "[time.format(1e18), time.format(1.5e18), time.date(1e18), time.add_date(1e18, 1, 0, 0), time.format(1.0e9)]",
    'time.format([1e18, "UTC"])',
    "time.format(1e19)",
    "time.format(1.5)",
    "time.format(9223372036854775808)",
    "[1e300 % 7, 1e30 % 7, 1180591620717411303425.0 % 7, 1e300 % round(1e300)]",
]

CASES = JSON_PATHS + JSON_KEYS + LITERALS + KEYS + ARITHMETIC + PRINTING + TO_NUMBER + AGGREGATES + INTEGERS


def answer(backend, expr, inp=None):
    src = "package t\n\np := " + expr + "\n"
    try:
        prog = backend.compile_program([("t.rego", src)], strict=True)
        rows = prog.query("x = data.t.p", **({} if inp is None else {"input": inp}))
    except (RegoError, RegoRuntimeError) as exc:
        return ("error", getattr(exc, "code", None) or type(exc).__name__)
    return ("rows", [to_json(r["x"]) for r in rows])


def same(a, b) -> bool:
    """Equal JSON values (numbers by value: texts are compared where they are printed)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


class _Ours:
    compile_program = staticmethod(compile_program)


@pytest.mark.parametrize("expr", CASES)
def test_same_answer_as_opa(expr):
    ours = answer(_Ours, expr)
    theirs = answer(opa_backend, expr)
    assert same(ours, theirs), (ours, theirs)


# numbers from input (an event): a float is its JSON text, so a float beyond
# 2**53 equals the integer its text reads as
BIG = {"f": 1e23, "i": 10**23, "g": 2.5, "h": 1234567.5, "k": 1e16, "m": 1e30, "m2": 1.2345678901234567e30,
       "n": 1e300, "k2": 1.2345678901234568e18}
INPUT_CASES = [
    "input.f == 100000000000000000000000",
    "input.f == input.i",
    "[input.f < input.i, input.f > input.i, input.f >= 100000000000000000000000]",
    "input.f > 99999999999999999999999",
    "input.f < 100000000000000000000001",
    "[input.g == 2.50, input.g < 2.50, input.g * 2, json.marshal(input.h * 1), input.g / 3 * 3]",
    # an integral float beyond 2**53 is the integer of its text (1e+23 is 10**23)
    "[input.f % 7, input.m % 7, input.m % 1e30, input.n % round(input.n)]",
    "[bits.rsh(input.m, 20), bits.and(input.m2, 4095), numbers.range(input.k2, input.k2)]",
    "[time.format(input.k2), format_int(input.m, 10), format_int(input.k2, 10)]",
    "array.slice([1, 2, 3], input.k, 3)",
    "array.slice([1, 2, 3], input.i, 3)",
    # as a key or set element too: floats of 2**53 or more are one number with
    # the int of their text (the first one kept prints as written)
    "[count({input.f, input.i}), count({input.f: 1, input.i: 2}), count({input.f, 100000000000000000000000, 1e23})]",
    "[input.f in {input.i}, input.i in {input.f}, {input.i}[input.f], {input.f: 1}[input.i]]",
    "[count({input.m, 1e30, 1000000000000000000000000000000}), object.get({input.f: 1}, input.i, 0)]",
    "[count({[input.f], [input.i]}), count({{\"a\": input.f}, {\"a\": input.i}}), {input.f} == {input.i}]",
    "[{x | some x in [input.f, input.i, 1e23]}, {x: 1 | some x in [input.f, input.i]}]",
    'count({to_number("1e+23"), to_number("100000000000000000000000")})',
    "[json.marshal({input.f: 1}), [k | some k, _ in {input.f: 1}], object.keys({input.f: 1, input.i: 2})]",
    # ordered as equal numbers: sort is stable, max and min keep the last
    "[sort([input.i, input.f]), sort([input.i, input.f, input.i]), sort([input.f, input.i, input.f, 1e23, 1e+23])]",
    "[max([input.i, input.f]), max([input.f, input.i]), min([input.f, input.i]), min([input.i, input.f])]",
    '[sort([{"a": input.i}, {"a": input.f}]), sort([[input.i], [input.f]])]',
    # compared with a float literal of 2**53 or more (1e+23 is a float's repr)
    "[input.i == 1e+23, input.i != 1e+23, input.i < 1e+23, input.i >= 1e+23, 1e+23 > input.i, 1e+23 == input.i]",
    "[x | some x in [input.f, input.i]; x == 1e+23]",
]


@pytest.mark.parametrize("expr", INPUT_CASES)
def test_input_numbers_as_opa(expr):
    ours = answer(_Ours, expr, BIG)
    theirs = answer(opa_backend, expr, BIG)
    assert same(ours, theirs), (ours, theirs)


# an input document read from JSON text (rego2py eval -i, test -d): OPA keeps
# each number's text, so 2.50 prints as written and 1e23 is 10**23
INPUT_TEXT = '{"a": 2.50, "b": 1e23, "c": 100000000000000000000001, "d": 0.1, "e": 1E3, "f": 1e400, "g": -0.0}'
TEXT_CASES = [
    "json.marshal(input)",
    'sprintf("%v %v %v %v %v %v", [input.a, input.b, input.c, input.e, input.f, input.g])',
    "[input.b == 100000000000000000000000, input.b < input.c, input.e == 1000, input.f > 1e300, input.d == 0.1]",
    "[input.a * 2, input.b + 1, input.e / 3, count({input.b, 100000000000000000000000, 1e23})]",
]


@pytest.mark.parametrize("expr", TEXT_CASES)
def test_input_read_from_json_text_as_opa(expr):
    from transpiler.loader import read_document

    src = "package t\n\np := " + expr + "\n"
    ours = compile_program([("t.rego", src)], strict=True).query("x = data.t.p", input=read_document("in.json", INPUT_TEXT))
    theirs = opa_backend.compile_program([("t.rego", src)], strict=True).query("x = data.t.p", input_term=INPUT_TEXT)
    assert [to_json(r["x"]) for r in ours] == [to_json(r["x"]) for r in theirs]

"""yaml.marshal, checked byte for byte against real OPA.

OPA 1.20 marshals through JSON and sigs.k8s.io/yaml (go-yaml v2 reads the
JSON, then its encoder writes YAML): key order is go-yaml's (digit runs as
numbers), strings that would read as another type are double-quoted, others
plain, single-quoted or literal blocks as libyaml's emitter decides, long
lines fold at column 80, numbers are what go-yaml makes of their JSON text.
A table of tricky values, then hypothesis-generated values (strings from an
alphabet of YAML indicators, breaks, unicode beyond U+FFFF, control
characters; sets, objects with non-string keys), each given to OPA as a Rego
literal and to the runtime as the value: result text or error text must be
the same.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transpiler.runtime.builtins import yamlb
from transpiler.runtime.builtins.yaml_encode import _key_less, sorted_keys
from transpiler.runtime.errors import BuiltinError
from transpiler.runtime.values import Set, obj_key

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import opa_query  # noqa: E402


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


class RSet:
    """A Rego set in a test value."""

    def __init__(self, xs):
        self.xs = list(xs)

    def __repr__(self):
        return f"RSet({self.xs!r})"


class RObj:
    """A Rego object with any keys in a test value (pairs, keys distinct)."""

    def __init__(self, pairs):
        seen, self.pairs = set(), []
        for k, v in pairs:
            h = obj_key(runtime(k))
            if h not in seen:
                seen.add(h)
                self.pairs.append((k, v))

    def __repr__(self):
        return f"RObj({self.pairs!r})"


def rego(v) -> str:
    if isinstance(v, RSet):
        return "{" + ", ".join(rego(x) for x in v.xs) + "}" if v.xs else "set()"
    if isinstance(v, RObj):
        return "{" + ", ".join(f"{rego(k)}: {rego(x)}" for k, x in v.pairs) + "}"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{rego(k)}: {rego(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(rego(x) for x in v) + "]"
    if isinstance(v, str):
        return "".join(_rego_char(c) for c in json.dumps(v, ensure_ascii=False))
    if isinstance(v, float):
        return repr(v)
    return json.dumps(v)


def _rego_char(c: str) -> str:
    """Characters Rego source may not hold raw, as escapes."""
    o = ord(c)
    return f"\\u{o:04x}" if 0x7F <= o <= 0x9F or o in (0xFEFF, 0xFFFE, 0xFFFF, 0x2028, 0x2029) else c


def runtime(v):
    if isinstance(v, RSet):
        return Set([runtime(x) for x in v.xs])
    if isinstance(v, RObj):
        return {obj_key(runtime(k)): runtime(x) for k, x in v.pairs}
    if isinstance(v, dict):
        return {k: runtime(x) for k, x in v.items()}
    if isinstance(v, list):
        return [runtime(x) for x in v]
    return v


def ours(v):
    try:
        return ("ok", yamlb.FUNCTIONS["yaml.marshal"][0](runtime(v)))
    except BuiltinError as exc:
        return ("err", exc.code, exc.message)


def check(engine, v):
    query = f"x = yaml.marshal({rego(v)})"
    want = opa_query(engine, query)
    got = ours(v)
    if want != got and got[0] == "ok":
        # keys keyList.Less cannot order (a cycle, "10" < "1a" < "2" < "10") come in the
        # order of Go's random map iteration: ours must be one of OPA's answers
        answers = {opa_query(engine, query) for _ in range(60)}
        if got in answers:
            return
    assert want == got, f"{v!r}:\n OPA  {want!r}\n ours {got!r}"


TABLE = [
    # scalars at the root, strings that read as something else
    "a", "", "yes", "on", "Off", "y", "N", "~", "null", "NULL", "true", "False", "1e3", "0x1", "0o17", "017",
    "0b101", "1_000", "+1", ".5", "0.", "1e", ".inf", "-.Inf", ".NaN", "1:20", "1:2", "-1:20:30.5", "190:20:30",
    "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "<<", "=",
    # indicators and spaces
    ":", "#", "a #b", "a#b", "a: b", "a:b", "- a", "-", "- ", "-a", "? a", "?a", "--- a", "---", "...", "@a", "%", "`",
    "'", "a'b", '"', "\\", "a,b", "[a]", "{a}", "&a", "*a", "!a", "|", ">", " a", "a ", "  ", "a  b",
    # line breaks and block scalars
    "a\nb", "a\nb\n", "a\n\n", "\n", "\n\n", "\na", " a\nb", "a \nb", "a\n b", "a\r\nb", "a\n\tb", "a\u2028b",
    "a\u2029", "a\x85b", "\x85", "a \x85 b", "a\x85\x85b", "a\x85---", "a\x85--- b", "a\x85...\x85b",
    # characters go-yaml escapes or refuses
    "\t", "a\tb", "\x00", "\x1b", "\x7f", "a\x80", "\x9f", "\ufffe", "\uffff", "\ufeffab", "a\ufeff", "é", "\xa0",
    "😀", "a😀b", "\U0010fffd",
    # folding at column 80
    "x" * 100 + " " + "y" * 10, " ".join(["word"] * 40), "'" + " ".join(["w"] * 60), " ".join(["yes"] * 30) + " ",
    "a" * 79 + "  b c", '"' + "ab " * 40, "\t" + "ab " * 40, "ab " * 40 + "\n" + "cd " * 40,
    # numbers as OPA writes and go-yaml reads them
    0, 1, -1, 1.0, -0.0, 1.5, 1000.0, 1e21, 1e20, 1e-7, 1e-6, 0.0001, 123456.0, 1234567.0, 0.1, 1 / 3, 2**63 - 1,
    2**63, 2**64 - 1, 2**64, 10**30, -(2**63), -(2**63) - 1, 1e308,
    None, True, False,
    # collections
    [], {}, [[]], [{}], {"a": {}}, {"a": []}, {"a": [1, 2]}, [{"a": 1, "b": 2}], [[1, 2], [3]], [[[1]]],
    {"a": [1, [2, {"b": []}]], "c": {"d": {"e": "f\ng"}}}, [{"a": [{"b": "c"}]}],
    {"b": 1, "a10": 2, "a9": 3, "A": 4, "_": 5, "1": 6, "01": 7, "10": 8, "": 9, " ": 10, "a01": 11, "a1": 12},
    {"x9": 1, "x10": 2, "x09": 3, "x009": 4, "9x": 5, "10x": 6, "é": 7, "Z": 8, "-1": 9, "1.5": 10},
    {"9" * 25: 1, "1" + "0" * 19: 2, "2" * 19: 3},
    # keys: quoted, long (complex `? key`), multi-line, JSON-long (go-yaml's 1024-character simple key)
    {"yes": 1, "on": "off", "1": 2, "null": None, "": ""}, {"k" * 128: 1}, {"k" * 129: 1}, {"é" * 64: 1},
    {"é" * 65: [1]}, {"a\nb": 1}, {"a\nb\n": {"c": 1}}, {"k" * 130 + " " + "k" * 10: [1, {"a": 2}]},
    {"k" * 1022: 1}, {"k" * 1023: 1}, {"k" * 1017 + "<": 1}, {"é" * 1023: 1}, {"x\x85y": 1},
    ["x\x85", {"a\x85b": 1}], ["x\x85", "a\x85--- b"], [{"k" * 1100: 1}], {"a": {"k" * 1100: 1}},
    # a control character and another error: the reader's 512-byte chunks decide which is reported
    ["\x7f", {"k" * 1100: 1}], [{"k" * 1100: 1}, "\x7f"], [{"k" * 1100: 1}, "x" * 600, "\x7f"],
    ["a\x85--- b", "\x80"], ["a\x85--- b", "x" * 600, "\x80"],
    # sets and keys that are not strings
    RSet([3, 1, 2]), RSet(["b", "a", None, [1]]), {"s": RSet([])}, RObj([(1, "a"), ("b", 2)]),
    RObj([(1, "a"), ("1", "b")]), RObj([("1", "b"), (1, "a")]), RObj([([1, "<"], "a"), (RSet([1, 2]), 3)]),
    RObj([(None, 1), (True, 2), (1.5, 3), (RObj([("a", 1)]), 4)]),
]  # fmt: skip


def test_table(opa):
    for v in TABLE:
        check(opa, v)


def test_number_texts(opa):
    """Numbers OPA keeps as their text (1e400, 2.50...): go-yaml resolves the text."""
    for text in ("1e400", "-1e400", "1e-400", "2.50", "1E5", "1e2", "0.0", "-0", "100000000000000000000000.0"):
        want = opa_query(opa, f"x = yaml.marshal([{text}])")
        got = opa_query(opa, f"x = [{text}]")
        from transpiler.runtime.values import number_of_text

        v = [number_of_text(text)]
        assert want == ("ok", yamlb.FUNCTIONS["yaml.marshal"][0](v)), (text, want, got)


def test_key_order_is_gos():
    """keyList.Less: digit runs compare as numbers (int64, wrapping), letters after other characters."""
    assert sorted_keys(["b", "a10", "a9", "1", "01", "10", "_", "A"]) == ["_", "1", "01", "10", "A", "a9", "a10", "b"]


def test_key_cycles(opa):
    """Keys in a keyList.Less cycle: OPA's order follows Go's random map order; ours is
    the order of a map iterating in insertion order, the commonest of OPA's answers."""
    query = 'x = yaml.marshal({"10": 1, "1a": 2, "2": 3, "a": 4})'
    answers = [opa_query(opa, query) for _ in range(100)]
    ours_ = ours({"10": 1, "1a": 2, "2": 3, "a": 4})
    assert ours_ == max(set(answers), key=answers.count) == ("ok", '"10": 1\n1a: 2\n"2": 3\na: 4\n')
    # a 20-digit run wraps around int64 as Go's does: "18234705135433523200" < "-4" < "142784"
    assert _key_less("18234705135433523200", "-4") and _key_less("-4", "142784")
    assert _key_less("142784", "18234705135433523200")


# -------------------------------------------------------------- generated values

_ALPHABET = list("abyz019 -:#?'\"\\,[]{}&*!|>%@`.\n\t<_~") + [
    "\x85", "\u2028", "\ufeff", "é", "😀", "\x00", "\r", "\x7f", "\xa0", "\u3000",
]  # fmt: skip
_WORDS = [
    "yes", "no", "on", "off", "y", "N", "true", "null", "~", "1e3", "0x1", "0o7", "017", "1_0", "1:20", ".5", "-",
    "---", "...", "<<", ".inf", "2001-12-14", "0b1", "+1", "-0", "a b", " ", "\n", "x" * 40,
]  # fmt: skip

strings = st.one_of(
    st.text(st.sampled_from(_ALPHABET), max_size=12),
    st.sampled_from(_WORDS),
    st.lists(st.sampled_from(_WORDS + ["ab", "c d", "  "]), max_size=30).map(" ".join),
    st.lists(st.text(st.sampled_from(_ALPHABET), max_size=8), max_size=25).map(" ".join),
    st.text(max_size=6),
)
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=2**62, max_value=2**65),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.5, 1e21, 1e-7, 123456.0, 1234567.0, 1e6, -0.0]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, strings)


def _collections(children):
    keys = st.one_of(strings, scalars, st.lists(scalars, max_size=2))
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(strings, children, max_size=4),
        st.lists(st.tuples(keys, children), max_size=3).map(RObj),
        st.lists(scalars, max_size=4).map(RSet),
    )


values = st.recursive(scalars, _collections, max_leaves=12)


@settings(max_examples=1500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(v=values)
def test_generated(opa, v):
    check(opa, v)


def test_deep_values(opa):
    """Values nested thousands deep (the walk and the emitter run on the deep stack)."""
    for text, v in (("[" * 3000 + "1" + "]" * 3000, [1]), ('{"k":' * 3000 + "1" + "}" * 3000, {"k": 1})):
        for _ in range(2999):
            v = [v] if isinstance(v, list) else {"k": v}
        want = opa_query(opa, "x = yaml.marshal(json.unmarshal(input.s))", {"s": text})
        assert want == ("ok", yamlb.FUNCTIONS["yaml.marshal"][0](v))

"""yaml.unmarshal and yaml.is_valid, checked against real OPA.

Every document of the table goes through OPA (sigs.k8s.io/yaml over go-yaml
v2) and through the runtime: the value (numbers by Rego equality and kind),
or the error code, must be the same, and for go-yaml's decoding errors and
the JSON conversion's the text too. The table covers YAML 1.1 scalars
(booleans y/on/off, 0x/0o/leading-zero/0b integers, 1e3 floats, timestamps
kept as text, NaN and infinities), keys that are not strings, anchors and
aliases, merges, duplicate keys, explicit tags, multi-documents, tabs, and
syntax errors. Seeded random documents compare the two more widely.

Keys that become one string (``1`` and ``"1"``) are left out: OPA's value
then follows Go's random map order.
"""

from __future__ import annotations

import random

import pytest

from transpiler.runtime.builtins import yamlb
from transpiler.runtime.values import eq

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import opa_call  # noqa: E402
from opa_calls import our_call as _our_call  # noqa: E402


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


# error texts of go-yaml's decoder and of the conversion to JSON: matched word for word
# (a syntax error's text is PyYAML's wording: only its code is compared)
_EXACT = tuple(
    "yaml.unmarshal: " + p
    for p in (
        "json:", "unsupported map key", "yaml: cannot decode", "yaml: unknown anchor", "yaml: anchor",
        "yaml: invalid map key", "yaml: map merge", "yaml: !!binary", "yaml: control characters",
    )
)


def check(engine, fn, doc):
    want = opa_call(engine, fn, [doc])
    got = _our_call(yamlb.FUNCTIONS, fn, [doc])
    if want[0] == "ok" and got[0] == "ok":
        assert eq(want[1], got[1]) and type(want[1]) is type(got[1]), f"{doc!r}: OPA {want!r}, ours {got!r}"
    elif want[0] == "err" and want[2].startswith(_EXACT):
        assert want == got, f"{doc!r}: OPA {want!r}, ours {got!r}"
    else:
        assert want[:2] == got[:2], f"{doc!r}: OPA {want!r}, ours {got!r}"


DOCS = [
 "", "#c", "---", "---\n...", "a: 1", "a: [", "foo:\n   - qux: bar\n   - baz: 2", "foo:\n   - qux: bar\n   - baz: {", '{"json": "ok"}',
 "yes", "no", "on", "off", "y", "n", "Y", "N", "True", "TRUE", "tRue", "Yes", "YES", "yEs", "On", "OFF",
 "0x1F", "0X1F", "-0x1F", "+0x1F", "1e3", "1E3", ".5", "-.5", "+.5", "5.", "0777", "017", "08", "0o17", "0b101", "-0b101", "+0b101", "0b", "0x", "1_000", "1__0", "_1", "1:20", "+", "-", "1e", "1e+", ".", "..", ".e3", ".5e3", ".5e999", "1e999", "1e-999", ".5e-999", "1.0", "1.5", "100.0", "1e21", "1e20", "123456789012345678901", "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "0.000001", "0.0000001", "1e-7", "-0", "-0.0", "0.0", "+0", "+1", "-1",
 ".nan", ".NaN", ".inf", "-.inf", "+.inf", ".Inf", ".INF", ".iNf", "nan", "inf", "infinity", ".infinity",
 "~", "null", "Null", "NULL", "nULL", "a: ~", "a:", "a: null",
 "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "2001-12-14T21:59:43Z", "!!timestamp 2001-12-14", "!!timestamp abc", "!!timestamp 2001-13-14", "2001-1-2",
 "---\na: 1\n---\nb: 2", "---\na: 1\n---\nb: [", "a: 1\n---\n@", "a: 1\n...\n@",
 "a: &x 1\nb: *x", "a: &x [1, 2]\nb: *x", "a: *x", "&a [*a]", "&a {b: *a}", "a: &a\n  b: 1\nc: *a",
 "a: 1\na: 2", "a: 1\n'a': 2", 
 "1: a", "1.5: a", "1e6: x", "0.1: x", "1e40: x", "1e-40: x", ".nan: x", ".inf: x", "-.inf: x", "123456.0: x", "1234567.0: x", "0.0001: x", "0.00001: x", "-0.0: x", "~: 1", "null: 1", "18446744073709551615: x", "? [1]\n: 2", "? {a: 1}\n: 2", "yes: 1", "on: 1", "2001-12-14: x",
 "!!int abc", "!!int 12", "!!float 12", "!!float abc", "!!str 12", "!!bool yes", "!!bool abc", "!!null ~", "!!null a", "!foo bar", "! 12", "!!binary aGVsbG8=", "!!binary aGVsbG8", "!!binary |\n  aGVs\n  bG8=", "!!binary /w==", "!!map {a: 1}", "!!seq [1]", "!!int 0x1F", "!!float .5", "!!float 1e400", "!!int 18446744073709551615", "!!float 18446744073709551615",
 "<<: {a: 1}\nb: 2", "a: 0\n<<: {a: 1}", "<<: {a: 1}\na: 0", "x: &m {a: 1}\ny:\n  <<: *m\n  b: 2", "<<: [{a: 1}, {a: 2, b: 3}]", "<<: 1", "<<: [1]", "'<<': {a: 1}", "!!merge <<: {a: 1}",
 "a: 'b'", 'a: "b\\x41\\u00e9"', "a: |\n  x\n  y\n", "a: >\n  x\n  y\n", "a: b: c", "a:\tb", "\ta: b", "a: b\n\tc: d", "@a", "`a", "a: @b", "%YAML 1.1\n---\na: 1", "%YAML 2.0\n---\na: 1", "%FOO bar\n---\na: 1", "- a\n- b", "- - a\n  - b", "[a, b", "{a: 1, b}", "{a, b}", "[a: 1]", "? a", "? a\n: b", "a: [1, 2,]", "a: {b: c,}",
 "key: 'it''s'", "'a\nb'", '"\\ud800"', '"\\U0001F600"', "a: \x01", "\x01", "a: 1\n---\n\x01", "a: 1 # c", "a: b #c\n# d", "\ufeffa: 1", "a: \u00e9", "- !!str\n- a", "a: !!str", "- ''", "- \"\"", "[]", "{}", "[[[[]]]]", "a:\n  - b\n  -\n  - c",
 "a: 1\n b: 2", "a:\n b: 1\n  c: 2", "- a\nb: 1", "a: 'unterminated", "a: \"x", "...", "--- |\n  text", "--- >-\n  text\n\n", "a: !!python/name:os.system", "a: !<tag:yaml.org,2002:int> 3", "a: !<!foo> 3",
]


@pytest.mark.parametrize("doc", DOCS, ids=[str(i) for i in range(len(DOCS))])
def test_table(opa, doc):
    check(opa, "yaml.unmarshal", doc)
    check(opa, "yaml.is_valid", doc)


def test_not_a_string(opa):
    for fn in ("yaml.unmarshal", "yaml.is_valid"):
        assert opa_call(opa, fn, [1]) == _our_call(yamlb.FUNCTIONS, fn, [1])
    assert _our_call(yamlb.FUNCTIONS, "yaml.is_valid", [[1]]) == ("ok", False)


def test_deep_nesting(opa):
    block = "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 300))
    # (the bindings decode results of some hundred levels; the 10,001st flow level is an error)
    for doc in ("[" * 500 + "]" * 500, "[" * 10001 + "]" * 10001, block):
        check(opa, "yaml.unmarshal", doc)


PIECES = ["a", "b", "1", "0x1", "1.5", "yes", "~", ": ", ":", "- ", "-", "\n", "\n  ", "\n- ", " ", "\t", "[", "]",
          "{", "}", ",", "'", '"', "#", "&x ", "*x", "!!str ", "!!int ", "? ", "|", ">", "---", "...", "<<: ", "%",
          "@", "\\", "\u00e9", "1e3", "null", "!x "]


@pytest.mark.parametrize("seed", range(3))
def test_random_documents(opa, seed):
    rnd = random.Random(seed)
    for _ in range(300):
        check(opa, "yaml.unmarshal", "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 12))))


# go-yaml v2.4 forgets the simple key saved at an empty flow collection's
# bracket: the document ends after the collection, or a later ':' misplaces it
FLOW_KEYS = ["{}a: b", "{}: b", "[]a: b", "{} a: b", "{}1.5!x - : ayes", "{a: 1}x: 2", "x {}: b", "[a]b: c",
             "- {}a: b", "- []: b", "x: []y: z", "x: [] : z", "- []\n- {}: 1", "a: {}\nb: 1", "[[]]a: b",
             "[[], []]: b", "- [[]]a: b", "[]\n---\nb", "[]: 1", "a:\n  - []: 1", "{[]: 1}", "[[]: 1]",
             "- []: 1\n- 2"]


@pytest.mark.parametrize("doc", FLOW_KEYS, ids=[str(i) for i in range(len(FLOW_KEYS))])
def test_empty_flow_collections(opa, doc):
    check(opa, "yaml.unmarshal", doc)


def test_alias_expansion_limit(opa):
    """go-yaml's limit on alias expansion (a 'billion laughs' document) is an error, and cheap."""
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    check(opa, "yaml.unmarshal", "\n".join(levels))
    check(opa, "yaml.unmarshal", "a: &a [1, 2]\nb: [*a, *a, *a]\n<<: {c: *a}")


def test_deep_flow_nesting_is_not_quadratic():
    """PyYAML walks every possible simple key for every token: 10,000 nested
    brackets took 70 s; the scanner's walks stop early (OPA: milliseconds)."""
    import time

    start = time.process_time()
    assert _our_call(yamlb.FUNCTIONS, "yaml.is_valid", ["[" * 10000 + "]" * 10000]) == ("ok", True)
    assert time.process_time() - start < 20

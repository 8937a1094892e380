"""glob.match and glob.quote_meta, checked against real OPA: gobwas/glob's
syntax errors, its answers (quirks included: they are OPA's) and the
delimiters OPA gives it."""

from __future__ import annotations

import random

import pytest

from transpiler.runtime.builtins import glob
from transpiler.runtime.errors import RegoRuntimeError
from transpiler.runtime.values import eq

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import opa_call, our_call  # noqa: E402

CASES = [
    # delimiters: [] is ["."], null is none
    ("glob.match", ["*.github.com", ["."], "api.github.com"]),
    ("glob.match", ["*", [], "foo.bar"]),
    ("glob.match", ["*", None, "foo.bar"]),
    ("glob.match", ["*", ["é"], "aéb"]),
    ("glob.match", ["a.**", ["."], "a.b.c"]),
    ("glob.match", ["**", [], "a.b"]),
    ("glob.match", ["?", [], "é"]),
    ("glob.match", ["?", None, ""]),  # gobwas: ? matches the empty string
    ("glob.match", ["[!a]", ["."], "."]),
    ("glob.match", ["[a-c]at", [], "bat"]),
    ("glob.match", ["[é-日]", [], "ö"]),
    ("glob.match", ["{cat,bat,[fr]at}", [], "rat"]),
    ("glob.match", ["{a,{b,c}d}", [], "cd"]),
    ("glob.match", ["{}", [], ""]),
    ("glob.match", ["{,}", [], ""]),
    ("glob.match", ["{a,b", [], "b"]),
    ("glob.match", ["{a,b}}", [], "a}"]),
    ("glob.match", ["a,b", [], "a,b"]),
    ("glob.match", ["}", [], "}"]),
    ("glob.match", ["]", [], "]"]),
    ("glob.match", ["a\\*", [], "a*"]),
    ("glob.match", ["a\\", [], "a"]),
    ("glob.match", ["[\\]]", [], "]"]),
    ("glob.match", ["*{a,bc}", ["b", "."], ".bc"]),  # gobwas looks for the first delimiter listed
    ("glob.match", ["*{a,bc}", [".", "b"], ".bc"]),
    ("glob.match", ["{*.,a}*", ["."], ".ac"]),
    ("glob.match", ["{a,b}***", [], "a"]),
    # syntax errors
    ("glob.match", ["[]", [], "a"]),
    ("glob.match", ["[", [], "a"]),
    ("glob.match", ["[a-zA]", [], "a"]),
    ("glob.match", ["[z-a]", [], "a"]),
    ("glob.match", ["[a-]x]", [], "]"]),
    ("glob.match", ["[!]", [], "a"]),
    ("glob.match", ["[][", [".", "b"], "a."]),
    # operands
    ("glob.match", ["*", [1], "a"]),
    ("glob.match", ["*", ["ab"], "a"]),
    ("glob.match", ["*", [""], "a"]),
    ("glob.match", ["*", "x", "a"]),
    ("glob.match", ["*", {"a": 1}, "a"]),
    ("glob.match", [1, [], "a"]),
    ("glob.match", ["*", [], 1]),
    ("glob.quote_meta", ["*?\\[]{},.!-"]),
    ("glob.quote_meta", ["*.github.com"]),
    ("glob.quote_meta", [""]),
    ("glob.quote_meta", [1]),
]


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


def _same(want, got) -> bool:
    if want[0] != got[0]:
        return False
    return eq(want[1], got[1]) if want[0] == "ok" else want == got


@pytest.mark.parametrize("fn, args", CASES, ids=[f"{c[0]}{c[1]!r}"[:80] for c in CASES])
def test_same_as_opa(opa, fn, args):
    want = opa_call(opa, fn, args)
    got = our_call(glob.FUNCTIONS, fn, args)
    assert _same(want, got), f"{fn}{tuple(args)!r}: OPA {want!r}, ours {got!r}"


ATOMS = ["é", "日", "[é-日]", "{é,日*}", "a", "b", ".", "*", "**", "?", "[ab]", "[!a]", "[a-c]", "{a,b}",
         "{a*,.b}", "{*.,a}", "\\*", ",", "}", "{", "[", "]", "-", "!", "\\"]
DELIMS = [[], None, ["."], ["a"], [".", "b"], ["é"], ["日", "."]]


def test_random_globs_as_opa(opa):
    """Random globs over the syntax (gobwas's optimiser picks a different
    matcher for each shape) against random strings."""
    rng = random.Random(5)
    for _ in range(3000):
        p = "".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 8)))
        s = "".join(rng.choice(["a", "b", ".", "c", "*", "é", "日"]) for _ in range(rng.randint(0, 8)))
        args = [p, rng.choice(DELIMS), s]
        try:
            want = opa_call(opa, "glob.match", args)
        except AssertionError as exc:  # Go panicked (a gobwas bug): the query fails
            want = ("panic", str(exc))
        try:
            got = our_call(glob.FUNCTIONS, "glob.match", args)
        except RegoRuntimeError as exc:
            got = ("err", exc.code, exc.message)
        if want[0] == "panic":
            assert got == ("err", "eval_internal_error", "glob.match: " + want[1]), args
            continue
        assert _same(want, got), f"glob.match{tuple(args)!r}: OPA {want!r}, ours {got!r}"

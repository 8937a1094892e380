"""regex.globs_match, checked against real OPA.

OPA's answer is glob-intersection v0.2.0's greedy walk, not the true
intersection of the two languages, so every answer here is OPA's, asked
through the bindings: a table of its quirks and errors, every pair of globs
of up to two tokens over a, b, ``.``, ``[ab]`` with their flags, seeded
random pairs (globs and near copies of them, so that many intersect), and
random strings of the tokenizer's special characters for its error texts.
"""

from __future__ import annotations

import itertools
import random

import pytest

from transpiler.runtime.builtins import globsmatch

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import opa_call, our_call  # noqa: E402

FN = "regex.globs_match"


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


def check(engine, a, b):
    want = opa_call(engine, FN, [a, b])
    got = our_call(globsmatch.FUNCTIONS, FN, [a, b])
    assert want == got, f"{a!r} {b!r}: OPA {want!r}, ours {got!r}"


def check_batch(engine, pairs):
    """Many valid pairs in one query (no pair may err)."""
    for i in range(0, len(pairs), 4000):
        chunk = pairs[i : i + 4000]
        r = engine.eval_query(f"x = [r | some p in input.p; r := {FN}(p[0], p[1])]", input={"p": chunk})
        for (a, b), want in zip(chunk, r[0]["x"]):
            assert globsmatch.globs_match(a, b) is want, f"{a!r} {b!r}: OPA {want}"


TABLE = [
    # the walk's quirks (the true intersection is not empty in most of them)
    ("ab*", "a"), ("a", "ab*"), ("ab*", "ab"), ("a*", "b*a"), ("b*a", "a"), (".+a*.", "b*b"), (".+a*.", "bb*"),
    ("b+c*b", "b*"), ("b+c*b", "b"), ("b*c*b", "b*"), ("b+c*", "b*"), ("b+.*", "b"), ("a*b*.", "a*"),
    ("b+c*b*", "b*"), (".*b*", "a"), (".*b*", "ab*"), ("a+", "a*"), ("a+", "a+"), ("", ""), ("", "a*"), ("a", ""),
    ("[a-c]", "b"), ("[a-c]+", "[c-e]*"), ("[^a]", "^"), ("\\.", "a"), ("\\*", "a"), ("a\\*", "a*"), ("é*", "éé"),
    ("[\\]a]", "a"), ("[é-ü]", "ö"), ("a*a*a+", "aaa"), ("a.b", "a.b"), ("abc", "abd"),
    # tokenizer errors: positions count characters
    ("[a-]", "x"), ("[a--]", "x"), ("[éa-]-", "x"), ("[a-[]", "x"), ("[a-\\]]", "x"), ("[a-", "x"), ("[a", "x"),
    ("[", "x"), ("[-a]", "x"), ("[\\", "x"), ("a\\", "x"), ("[a-\\", "x"), ("*", "x"), ("a**", "x"), ("]", "x"),
    ("é]", "x"), ("[a-b-c]", "x"), ("[b-a]", "x"), ("[é-a]", "x"), ("x", "+a"), ("a", "[b^-]b"), ("[]", "a"),
]  # fmt: skip


def test_table(opa):
    for a, b in TABLE:
        check(opa, a, b)


def test_operand_types(opa):
    for a, b in ((1, "a"), ("a", None), ([], {}), ("a", ["b"])):
        check(opa, a, b)


def test_every_pair_of_short_globs(opa):
    tokens = [c + f for c in ("a", "b", ".", "[ab]") for f in ("", "*", "+")]
    globs = [""] + tokens + ["".join(p) for p in itertools.product(tokens, repeat=2)]
    check_batch(opa, [[a, b] for a in globs for b in globs])


def _token(rnd):
    return rnd.choice(["a", "b", "c", "é", ".", "[ab]", "[b-c]", "[a-cé]", "\\.", "\\*", "[\\]a]"]) + rnd.choice(
        ["", "", "*", "+"]
    )


def test_random_pairs(opa):
    rnd = random.Random(20261203)
    pairs = []
    for _ in range(6000):
        g = [_token(rnd) for _ in range(rnd.randint(0, 9))]
        h = list(g)
        for _ in range(rnd.randint(0, 3)):  # a near copy: most such pairs intersect
            op = rnd.randrange(3)
            if op == 0 and h:
                h.pop(rnd.randrange(len(h)))
            elif op == 1:
                h.insert(rnd.randint(0, len(h)), _token(rnd))
            elif h:
                h[rnd.randrange(len(h))] = _token(rnd)
        if rnd.random() < 0.3:
            h = [_token(rnd) for _ in range(rnd.randint(0, 9))]
        pairs.append(["".join(g), "".join(h)])
    check_batch(opa, pairs)


def test_random_long_pairs(opa):
    """Up to sixteen tokens, flagged or not in varying proportions (the walk backtracks)."""
    rnd = random.Random(16)

    def glob(p):
        base = ["a", "b", "c", ".", "[ab]", "[a-c]"]
        return "".join(rnd.choice(base) + (rnd.choice("*+") if rnd.random() < p else "") for _ in range(rnd.randint(1, 16)))

    check_batch(opa, [[glob(rnd.random()), glob(rnd.random())] for _ in range(3000)])


def test_random_strings_and_errors(opa):
    rnd = random.Random(7)
    alphabet = list("ab.[]-\\*+^é") + ["\\]", "[a-c]", "[ab]"]
    for _ in range(1500):
        a, b = ("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 7))) for _ in range(2))
        check(opa, a, b)


def test_long_globs(opa):
    """One level of the walk per token: thousands of tokens run on the deep stack."""
    check(opa, "a*b" * 2000, "a*b" * 2000)
    check(opa, "a*b" * 2000 + "c", "a*b" * 1999 + "b")

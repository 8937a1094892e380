"""graph.reachable and graph.reachable_paths, checked against real OPA.

OPA 1.20's reachable_paths marks nodes per path and marks the start node only
once the path leaves it (a self-loop on the start node gives ``[a, a]``, one
further down stops the path before it): the table holds those corners, and
seeded random graphs (edges as arrays, sets, null, numbers; neighbours missing
from the graph; duplicate and non-string nodes) compare the two more widely.
"""

from __future__ import annotations

import random

import pytest

from transpiler.runtime.builtins import walk
from transpiler.runtime.values import eq

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import O, S, opa_call, opa_query  # noqa: E402
from opa_calls import our_call as _our_call  # noqa: E402
from transpiler.opa_backend import to_rego_term  # noqa: E402
from transpiler.runtime.values import Set, hkey  # noqa: E402


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


def _nested(a, top=True) -> bool:
    """Whether a set or an object with any keys sits inside another value
    (opa_call builds those only at the top; such arguments go as Rego terms)."""
    if isinstance(a, (S, O)):
        return not top or any(_nested(x, False) for x in (a.xs if isinstance(a, S) else sum(a.pairs, [])))
    if isinstance(a, list):
        return any(_nested(x, False) for x in a)
    if isinstance(a, dict):
        return any(_nested(x, False) for x in a.values())
    return False


def _term(a) -> str:
    if isinstance(a, S):
        return "{" + ", ".join(_term(x) for x in a.xs) + "}" if a.xs else "set()"
    if isinstance(a, O):
        return "{" + ", ".join(f"{_term(k)}: {_term(v)}" for k, v in a.pairs) + "}"
    if isinstance(a, list):
        return "[" + ", ".join(_term(x) for x in a) + "]"
    if isinstance(a, dict):
        return "{" + ", ".join(f"{_term(k)}: {_term(v)}" for k, v in a.items()) + "}"
    return to_rego_term(a)


def _value(a):
    if isinstance(a, S):
        return Set(_value(x) for x in a.xs)
    if isinstance(a, O):
        return {hkey(_value(k)): _value(v) for k, v in a.pairs}
    if isinstance(a, list):
        return [_value(x) for x in a]
    if isinstance(a, dict):
        return {k: _value(v) for k, v in a.items()}
    return a


def check(engine, fn, args):
    if any(_nested(a) for a in args):
        # object.get's result is typed any: OPA's type check leaves the values to evaluation
        hidden = [f'object.get({{"v": {_term(a)}}}, input.k, null)' for a in args]
        want = opa_query(engine, f"x = {fn}({', '.join(hidden)})", {"k": "v"})
    else:
        want = opa_call(engine, fn, args)
    got = _our_call(walk.FUNCTIONS, fn, [_value(a) for a in args])
    if want[0] == "ok" and got[0] == "ok":
        assert eq(want[1], got[1]), f"{fn}{tuple(args)!r}: OPA {want!r}, ours {got!r}"
    else:
        assert want == got, f"{fn}{tuple(args)!r}: OPA {want!r}, ours {got!r}"


CASES = [
    ({}, S("a")),
    ({"a": ["a"]}, ["a"]),
    ({"a": ["b"], "b": ["a"]}, ["a"]),
    ({"a": ["b"], "b": ["b"]}, ["a"]),
    ({"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": []}, ["a"]),
    ({"a": ["b", "x"], "b": []}, ["a"]),
    ({"a": ["x"]}, ["a"]),
    ({"a": []}, ["a", "z"]),
    ({"a": None}, ["a"]),
    ({"a": 1}, ["a"]),
    ({"a": {"b": 1}, "b": []}, ["a"]),
    ({"a": ["b"], "b": None}, ["a"]),
    ({"a": ["b", "c"], "b": ["c"], "c": ["d"], "d": ["b"]}, ["c", "a"]),
    ({"a": ["b", "c"], "b": ["c"], "c": ["b"]}, ["a", "a"]),
    (O(("a", S("b", "c")), ("b", S("d")), ("c", S("d")), ("d", S()), ("e", S("f")), ("f", S("e"))), S("b", "e")),
    # the 1022 graph: nodes are marked per path, not once for the whole walk
    ({"one": ["two", "five"], "two": ["four"], "three": [""], "four": ["three"],
      "five": ["seven", "six"], "six": ["nine", "seven"], "seven": ["eight"],
      "eight": ["three"], "nine": [""]}, S("one")),
    # node identity is Rego equality: 1 and 1.0 are one node, 1 and "1" are not
    (O((1, [2.0]), (2, [1])), [1.0]),
    (O(("1", ["b"])), [1]),
    (O(([1], [[1]])), [[1]]),
    # operand errors
    (1, [1]),
    ({"a": []}, "a"),
    ({"a": []}, None),
]


@pytest.mark.parametrize("graph,initial", CASES, ids=[str(i) for i in range(len(CASES))])
@pytest.mark.parametrize("fn", ["graph.reachable", "graph.reachable_paths"])
def test_table(opa, fn, graph, initial):
    check(opa, fn, [graph, initial])


def _random_graph(rnd):
    nodes = "abcde"
    pairs = []
    for n in nodes:
        if rnd.random() < 0.8:
            k = rnd.random()
            succ = [rnd.choice(nodes + "xy") for _ in range(rnd.randint(0, 3))]
            if k < 0.08:
                pairs.append((n, None))
            elif k < 0.12:
                pairs.append((n, 7))
            elif k < 0.4:
                pairs.append((n, S(*succ)))
            else:
                pairs.append((n, succ))
    initial = [rnd.choice(nodes + "x") for _ in range(rnd.randint(0, 3))]
    return O(*pairs), (S(*initial) if rnd.random() < 0.5 else initial)


@pytest.mark.parametrize("seed", range(4))
def test_random_graphs(opa, seed):
    rnd = random.Random(seed)
    for _ in range(100):
        graph, initial = _random_graph(rnd)
        check(opa, "graph.reachable_paths", [graph, initial])
        check(opa, "graph.reachable", [graph, initial])

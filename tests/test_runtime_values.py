"""The runtime value model: UNDEF, hkey/unkey, Set, eq, compare/sort_key,
type_name, to_json; order, equality and JSON form checked against real OPA."""

from __future__ import annotations

import functools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transpiler.runtime import (
    UNDEF,
    Set,
    compare,
    eq,
    hkey,
    json_text,
    obj_items,
    sort_key,
    sorted_values,
    to_json,
    type_name,
    unkey,
)

opa_bindings = pytest.importorskip("opa_bindings")


def S(*xs):
    return Set(xs)


def O(*pairs):
    """An object with any keys."""
    return {k if k.__class__ in (str, int, float) or k is None else hkey(k): v for k, v in pairs}


from opa_calls import rego  # noqa: E402  (shared with the other runtime tests)


def same_json(a, b) -> bool:
    """JSON values equal, numbers by value (1 == 1.0), booleans not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


# -- hkey / unkey --------------------------------------------------------------------


def test_scalars_are_their_own_keys():
    for v in ("a", 1, 1.5, None):
        assert hkey(v) is v
        assert unkey(v) is v


def test_booleans_are_not_numbers():
    assert hkey(True) != hkey(1)
    assert hkey(False) != hkey(0)
    assert hash(hkey(True)) is not None
    assert unkey(hkey(True)) is True


def test_one_and_one_point_zero_share_a_key():
    assert hkey(1) == hkey(1.0)
    assert hkey([1, {"a": 2}]) == hkey([1.0, {"a": 2.0}])
    assert hkey(S(1, 2)) == hkey(S(2.0, 1))


@pytest.mark.parametrize(
    "v",
    [
        [1, "a", None, True, [False]],
        {"a": [1], "b": {"c": None}},
        O((1, "x"), (True, "y"), ([1, 2], "z"), (S(1), "w")),
        S(1, "a", [1], S(2), {"k": True}),
        [],
        {},
        S(),
    ],
)
def test_unkey_gives_the_value_back(v):
    assert eq(unkey(hkey(v)), v)
    assert hkey(unkey(hkey(v))) == hkey(v)


def test_keys_of_composites_are_order_independent():
    assert hkey({"a": 1, "b": 2}) == hkey({"b": 2, "a": 1})
    assert hkey(S(3, 1, 2)) == hkey(S(1, 2, 3))
    assert hkey([1, 2]) != hkey([2, 1])
    assert hkey([1]) != hkey(S(1))
    assert hkey({}) != hkey([]) != hkey(S())


def test_objects_store_composite_keys_as_hkeys_and_read_them_back():
    o = O(([1], "a"), ("s", "b"), (True, "c"))
    assert set(o) == {hkey([1]), "s", hkey(True)}
    assert sorted(obj_items(o), key=lambda kv: sort_key(kv[0])) == [(True, "c"), ("s", "b"), ([1], "a")]


# -- Set ---------------------------------------------------------------------------------


def test_set_basics():
    s = S(1, 1.0, "a", [1], [1.0])
    assert len(s) == 3
    assert 1.0 in s and [1] in s and "a" in s
    assert True not in s and "b" not in s
    s.add(True)
    assert True in s and len(s) == 4
    assert sorted_values(s) == [True, 1, "a", [1]]
    assert s == S("a", [1.0], True, 1)
    assert s != S(1)
    assert hash(S(1, 2)) == hash(S(2, 1))
    assert bool(S()) is True


def test_set_keeps_the_first_of_equal_elements():
    s = S(1, 1.0)
    assert list(s) == [1] and type(list(s)[0]) is int


def test_set_algebra():
    a, b = S(1, 2, 3), S(2, 3, 4)
    assert a.union(b) == S(1, 2, 3, 4)
    assert a.intersection(b) == S(2, 3)
    assert a.difference(b) == S(1)
    assert S(2).issubset(a) and not a.issubset(b)
    assert a == S(1, 2, 3)  # unchanged


def test_set_repr_is_rego_like():
    assert repr(S()) == "set()"
    assert repr(S("b", 1, None, True)) == '{null, true, 1, "b"}'


# -- eq ------------------------------------------------------------------------------------


def test_eq():
    assert eq(1, 1.0)
    assert not eq(True, 1)
    assert not eq(0, False)
    assert not eq(None, False)
    assert not eq("1", 1)
    assert eq([1, {"a": S(1)}], [1.0, {"a": S(1.0)}])
    assert not eq([1], [1, 2])
    assert not eq({"a": 1}, {"a": 1, "b": 2})
    assert not eq({"a": 1}, {"b": 1})
    assert not eq([1], S(1))
    assert eq(S(), S())
    assert not eq({}, [])


# -- order -------------------------------------------------------------------------------------

MIXED = [
    S(1), S(), S(0, 5), S(1, 2), {"a": 1}, {}, {"a": 1, "b": 0}, {"b": 1}, {"a": 2},
    [1], [], [1, 2], [0, 5], [2], "a", "", "B", "é", "ab", 1, 0.5, -3, 2**70, True, False, None,
    O((1, "x")), O(("1", "x")), [True], [None], [S(1)],
]


def test_type_order_and_sort_match_opa(opa):
    rows = opa.eval_query(f"x := sort({rego(MIXED)})")
    ours = sorted_values(MIXED)
    assert same_json(to_json(ours), rows[0]["x"])


def test_compare_is_consistent_with_sort_key():
    for a in MIXED:
        for b in MIXED:
            c = compare(a, b)
            assert c == -compare(b, a)
            assert (c == 0) == eq(a, b)
            assert (c < 0) == (sort_key(a) < sort_key(b))


def test_compare_across_types():
    order = [None, False, True, -1, 0.5, 2, "", "a", [], [0], {}, {"a": 1}, S(), S(1)]
    for i, a in enumerate(order):
        for j, b in enumerate(order):
            assert compare(a, b) == (i > j) - (i < j), (a, b)


def test_comparisons_match_opa_pairwise(opa):
    """lt and == for every pair of a list of values, in one OPA query."""
    vals = MIXED[:20]
    rows = opa.eval_query(
        f"x := [[a < b, a == b] | some i, j; a := input[i]; b := input[j]] with input as {rego(vals)}"
    )
    want = rows[0]["x"]
    got = [[compare(a, b) < 0, eq(a, b)] for a in vals for b in vals]
    assert got == want


# -- type_name / to_json ---------------------------------------------------------------------------


def test_type_name():
    assert [type_name(v) for v in (None, True, 1, 1.5, "a", [], {}, S())] == [
        "null", "boolean", "number", "number", "string", "array", "object", "set",
    ]


@pytest.mark.parametrize(
    "v",
    [
        S(3, 1, 2),
        O((1, "a")),
        O((1, "a"), ("1", "b")),
        O(([1], 2), ("[1]", 3)),
        O((S(1, 2), 1), (True, 2), (None, 3)),
        O(({"b": 1, "a": 2}, 1)),
        {"s": S({"b": 1}, {"a": 2})},
        [1.5e300, 1e-300, 1.0, 2**70],
    ],
    # (numbered, not repr: a frozenset's order follows the hash seed, and
    # pytest-xdist's workers must collect the same ids)
    ids=[f"value{i}" for i in range(8)],
)
def test_to_json_matches_opa_results(opa, v):
    rows = opa.eval_query(f"x := {rego(v)}")
    assert same_json(to_json(v), rows[0]["x"])
    assert json.dumps(to_json(v))  # JSON-able


def test_json_text():
    assert json_text(O((1, S(2, 1)), ("a", None))) == '{"1":[1,2],"a":null}'


def test_undef():
    assert UNDEF is type(UNDEF)()
    assert repr(UNDEF) == "UNDEF"
    with pytest.raises(TypeError):
        bool(UNDEF)
    with pytest.raises(ValueError):
        to_json(UNDEF)


# -- property: order and equality of random values against OPA ----------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from([0.5, -1.5, 2.0]), st.sampled_from(["", "a", "b", "é"])
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3),
        st.lists(inner, max_size=3).map(lambda xs: Set(xs)),
    ),
    max_leaves=6,
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(values, min_size=2, max_size=6))
def test_random_values_sort_like_opa(opa, vals):
    term = rego(vals)
    rows = opa.eval_query(
        f"x := sort(input) with input as {term}\n"
        f"y := [r | some i, j; a := input[i]; b := input[j]; r := a == b] with input as {term}"
    )
    assert same_json(to_json(sorted_values(vals)), rows[0]["x"])
    assert rows[0]["y"] == [eq(a, b) for a in vals for b in vals]
    srt = sorted(vals, key=functools.cmp_to_key(compare))
    assert same_json(to_json(srt), rows[0]["x"])


def test_runtime_imports_only_the_standard_library():
    """Generated code imports transpiler.runtime: it must not pull in the
    transpiler's own dependencies."""
    import subprocess
    import sys

    code = (
        "import sys, transpiler.runtime, transpiler.runtime.builtins, transpiler.runtime.values;"
        "bad = sorted(m for m in ('lark', 'jinja2', 'black', 'hypothesis') if m in sys.modules);"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

"""Base documents (``data`` given to the query) as OPA reads them from its
store, asked of OPA: number keys are store paths (``data.d[1]`` reads
``"1"``), arrays take strings of digits; and base data at a rule's path is
OPA's compile error."""

from __future__ import annotations

import pytest

from tests.opa_compare import both, same

CASES = [
    ("p := data.d", {"d": {"a": 1}}),
    ("p := data.d[1]", {"d": {"1": "x"}}),
    ("p := data.d[1][2]", {"d": {"1": {"2": "y"}}}),
    ("p := data.d[1.5]", {"d": {"1.5": "x"}}),
    ("p := data.d[k] if k := 1", {"d": {"1": "x"}}),
    ('p := data.arr["0"]', {"arr": ["a"]}),
    ('p := data.arr["1"]', {"arr": ["a"]}),
    ('p := data.arr["x"]', {"arr": ["a"]}),
    ("p := data.arr[0]", {"arr": ["a"]}),
    ('p := data.d["1"]', {"d": {"1": "x"}}),
    ("x := data.d\np := x[1]", {"d": {"1": "x"}}),
    ("p := data.d[true]", {"d": {"true": "x"}}),
    ("p := data.d[null]", {"d": {"null": "x"}}),
    ("p := data.d[[1]]", {"d": {"[1]": "x"}}),
    ('p := [k | data.d[k] == "x"]', {"d": {"1": "x"}}),
    ("p := [k | data.d[k]]", {"d": {"a": 1, "b": 2}}),
    ("p := data.d", {"t": {"d": 1}}),
    ("q.a := 1\np := data.t.q", {"t": {"q": {"b": 2}}}),
    # base data at the path of a rule (or a non-object above it)
    ("q := 1", {"t": {"q": 2}}),
    ("q := 1", {"t": {"q": {"a": 1}}}),
    ("q := 1", {"t": {"q": None}}),
    ("q := 1", {"t": 5}),
    ("q.a := 1", {"t": {"q": {"a": 2}}}),
    ("q.a := 1", {"t": {"q": 5}}),
    ("q.a.b := 1", {"t": {"q": {"a": 3}}}),
    ("q contains 1", {"t": {"q": [1]}}),
    ("f(x) := 1", {"t": {"f": 1}}),
    ("p := 1\nq := 1", {"t": {"r": 2}}),
    # `data` whole
    ("p := data", {"d": 1}),
]


@pytest.mark.parametrize("body, data", CASES)
def test_base_data_as_opa(body, data):
    theirs, ours = both(body, data=data)
    assert same(ours, theirs), (ours, theirs)

"""net.cidr_merge, checked against real OPA on a table and random networks."""

from __future__ import annotations

import random

import pytest

from transpiler.runtime.builtins import netmerge
from transpiler.runtime.values import eq

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import S, opa_call, our_call  # noqa: E402

CASES = [
    ["192.0.2.112"], ["10.1.2.3"], ["172.16.0.1"], ["224.0.0.1"], ["::1"], ["::ffff:1.2.3.4"], ["foo"], [1],
    "x", None, {"a": 1}, [], S("10.0.0.0/8", "10.0.0.1"), S(),
    ["192.0.128.0/24", "0.0.0.0/0"], ["::/0", "1.2.3.4/32"], ["1.2.3.4/32", "::/0"], ["0.0.0.0/0", "::/0"],
    ["10.0.0.0/8", "10.255.0.0/16"], ["10.0.0.1", "10.0.0.0/8"], ["192.168.1.1", "192.168.1.0/25"],
    ["1.2.3.4/33"], ["::ffff:1.2.3.0/120"], ["fe80::/64", "fe80:0:0:1::/64"],
    ["192.0.2.112/30", "192.0.2.116/31", "192.0.2.118/31"], ["255.255.255.255/32", "255.255.255.254/32"],
]


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


def _same(want, got) -> bool:
    if want[0] != got[0]:
        return False
    return eq(want[1], got[1]) if want[0] == "ok" else want == got


@pytest.mark.parametrize("arg", CASES, ids=[repr(c)[:60] for c in CASES])
def test_same_as_opa(opa, arg):
    want = opa_call(opa, "net.cidr_merge", [arg])
    got = our_call(netmerge.FUNCTIONS, "net.cidr_merge", [arg])
    assert _same(want, got), f"net.cidr_merge({arg!r}): OPA {want!r}, ours {got!r}"


def test_random_networks_as_opa(opa):
    rng = random.Random(1)
    for _ in range(600):
        xs = []
        for _ in range(rng.randint(1, 6)):
            r = rng.random()
            if r < 0.7:
                last = rng.choice([0, 4, 8, 128, 255, rng.randint(0, 255)])
                xs.append(f"10.{rng.randint(0, 3)}.{rng.randint(0, 3)}.{last}/{rng.randint(20, 32)}")
            elif r < 0.85:
                xs.append(f"10.{rng.randint(0, 3)}.{rng.randint(0, 3)}.{rng.randint(0, 255)}")
            else:
                xs.append(f"fe80::{rng.randint(0, 3):x}:{rng.randint(0, 65535):x}/{rng.randint(100, 128)}")
        want = opa_call(opa, "net.cidr_merge", [xs])
        got = our_call(netmerge.FUNCTIONS, "net.cidr_merge", [xs])
        assert _same(want, got), f"net.cidr_merge({xs!r}): OPA {want!r}, ours {got!r}"

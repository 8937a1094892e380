"""units.*, crypto.* and net.cidr_* builtins of the runtime, checked against real OPA.

Each case calls one builtin through OPA (arguments passed in ``input``, so
that OPA checks types at evaluation, as it does for event data) and through
the runtime, and compares value (and its int/float kind), undefined, or error
code and message. Seeded random cases cover the units grammar, Go's big.Float
rounding of units.parse_bytes and the IPv4/IPv6 address forms more widely.
"""

from __future__ import annotations

import random
import re

import pytest

from transpiler.runtime.builtins import BUILTINS, crypto, net, units
from transpiler.runtime.errors import BuiltinError, EvalTypeError
from transpiler.runtime.values import UNDEF, Set, eq, obj_key, to_json

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import O, S, opa_call, opa_query  # noqa: E402
from opa_calls import our_call as _our_call  # noqa: E402
from opa_calls import value as _value  # noqa: E402

FUNCTIONS = {**units.FUNCTIONS, **crypto.FUNCTIONS, **net.FUNCTIONS}


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


def our_call(fn, args):
    return _our_call(FUNCTIONS, fn, args)


def same(want, got) -> bool:
    if want[0] != got[0]:
        return False
    if want[0] == "ok":
        return eq(want[1], got[1]) and type(want[1]) is type(got[1])
    return want == got


def check(engine, fn, args):
    want = opa_call(engine, fn, args)
    got = our_call(fn, args)
    assert same(want, got), f"{fn}{tuple(args)!r}: OPA {want!r}, ours {got!r}"


# -- the table ---------------------------------------------------------------------------

UNIT_STRINGS = [
    # values: SI, binary, milli (the float64 0.001: 1000m is 1.0, not 1), exponents
    "500m", "0.0005K", "0.0000005M", "1000m", "2E13m", "0m", "-.5m", "1.5m", "1E-3m",
    "0.1", "1.5", "10", "+1k", "-1k", "1K", "1ki", "1Ki", "1KI", "1kI", "1M", "1mi", "1Mi", "1MI",
    "1g", "1G", "1gI", "1Gi", "1t", "1T", "1Ti", "1p", "1P", "1pi", "1e", "1E", "1ei", "1EI",
    "1e3", "1E5", "1e+3", "1e-3", "1e-3k", "1.e3", "1e1e", "1.5e", "1.5e3e", ".5", "5.", "+.5",
    "00012", "0012.5", "08", "0", "-0", "1.0", "1.00000000000000000001",
    "123456789012345678901234567890", "123456789012345678901234567890.5",
    "0.333333333333333333333333m", "0.00000000005", "0.00000000004", "-0.00000000004",
    "-0.00000000005", "-0.00000000015", "0.00000000025", "1e-400", "1e-999999", "1e999",
    "0.99999999999999999999999", "0.49999", "-1.5", "2.5", "1.6",
    "123456789012345678901234567890.99", "0.3333333333333333333333333333333333333333333Ki",
    "7e55", "7e56", "7.3e-56", "9.99999999999999999999e57", "123.456e300", "4.4e-300k",
    # quotes are dropped; only the ASCII space is refused
    '1"k"', '"1k"', '"', " ", "1 k", " 327Mi ", '" "', "1\tk", "1\u00a0k",
    # no amount, bad amounts, exponents of 7+ digits, units (bytes: case folded)
    "", "G", "k", "mi", "foo", "e", "ee3", "Inf", "\u0661", "\u01c5",
    "0.0.0", ".5.2", "1..2", "1.2.", ".", "-", "+", "--1", "+-1", "1-", "1+", "1+1", "1e3+",
    "e3", "E3", "-e3", ".e3", "-k", "1e+", "1e-", "1e+k", "1e3e3", "1e3-5", "1e3.5", "1e1-1234567",
    "1e1000000", "1e0999999", "1e-0999999", "1e+0999999", "1e0000001", "1e000001", "1e1234567.5",
    "e1234567", "1e12e1234567", "1e0999999x", "1.5.5e0999999", "1e++1234567", "1e-12345678901234567890",
    "1kb", "1KB", "1kib", "1KiB", "1MiB", "1mB", "1Mb", "1eb", "1Eb", "1eib", "1Eib", "1b", "1B",
    "1u", "1n", "1x", "1Z", "1ek", "1em", "1Ee", "1eE3", "1Ei3", "1E.", "1.5e.5", "1ee",
    "0x10", "1_000", "1/2", "1..2x", "1\u00e9", "1\u01c5", "1k\u01c5", "1\u01c4", "1\u0130", "1\u20ac",
]

CASES = [(fn, s) for s in UNIT_STRINGS for fn in ("units.parse", "units.parse_bytes")]
CASES += [(fn, v) for v in (1, None, True, [], {}) for fn in ("units.parse", "units.parse_bytes")]

for _fn in ("crypto.md5", "crypto.sha1", "crypto.sha256"):
    CASES += [(_fn, ""), (_fn, "lorem ipsum"), (_fn, "\u00e5\u00e4\u00f6\u00e7\u00df\U0001f972\u2659\u03a9"), (_fn, 1), (_fn, None)]
for _fn in ("crypto.hmac.md5", "crypto.hmac.sha1", "crypto.hmac.sha256", "crypto.hmac.sha512"):
    CASES += [
        (_fn, "foo", "bar"),
        (_fn, "", ""),
        (_fn, "\u00e5\u00e4\u00f6\u00e7\u00df\U0001f972\u2659\u03a9", "\u79d8\u5bc6\u306e"),
        (_fn, "x", "k" * 200),  # a key longer than the block is hashed first
        (_fn, 1, "k"),
        (_fn, "x", [1]),
        (_fn, None, None),
    ]
CASES += [
    ("crypto.hmac.equal", "abc", "abc"),
    ("crypto.hmac.equal", "abc", "ABC"),
    ("crypto.hmac.equal", "", ""),
    ("crypto.hmac.equal", "\u00e9", "\u00e9"),
    ("crypto.hmac.equal", "abc", "abcd"),
    ("crypto.hmac.equal", 1, "a"),
    ("crypto.hmac.equal", "a", None),
]

ADDRS = [
    "10.0.0.0/8", "10.1.0.0/24", "10.1.2.3", "192.168.1.1", "192.168.1.0/28", "not-a-cidr",
    "2001:4860:4860::8888/32", "2001:4860:4860:1234::8888/40", "2001:4860::/96", "2001:4860::/32",
    "fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72", "::1", "::/0", "0.0.0.0/0",
    "::ffff:0:0/96", "::ffff:0:0/95", "::ffff:10.0.0.1", "::ffff:10.0.0.1/120", "::ffff:1.2.3.0/120",
    "::ffff:1.2.3.4/100", "1.2.3.0/24", "1.2.3.4/20", "1.2.3.4/32", "10.0.0.0/08", "10.0.0.0/0000000008",
    "010.0.0.0/8", "010.0.0.1", "10.0.0.1%eth0", "fe80::1%eth0", "fe80::%eth0/10", "fe80::/10",
    " 10.0.0.1", "10.0.0.0/+8", "10.0.0.0/", "10.0.0.1/", "10.0.0.1/33", "::/129", "1.2.3.256",
    "1.2.3.4.5", "1..2.3", "", "/", "1.2.3.4/24/", "1:2:3:4:5:6:7::/64", "::1:2:3:4:5:6:7/64",
    "1:2:3:4:5:6:7:8/64", "1:2:3:4:5:6:7:8:9/64", "1::2::3/64", "12345::/16", "::1.2.3.4/120",
    "1.2.3.4::/64", "::ffff:1.2.3/120", "A:B::C/64", "1:2:3:4:5:6:1.2.3.4/128",
    "1:2:3:4:5:6:7:1.2.3.4/128", "::a.2.3.4/64", "0:0:0:0:0:ffff:1.2.3.4/104", "::ffff:1.2.3.4/97",
]

CASES += [("net.cidr_is_valid", a) for a in ADDRS]
CASES += [("net.cidr_is_valid", v) for v in (1, None, [], {}, True)]
CASES += [
    ("net.cidr_contains", a, b)
    for a, b in [
        ("10.0.0.0/8", "10.1.0.0/24"), ("2001:4860:4860::8888/32", "2001:4860:4860:1234::8888/40"),
        ("2001:4860::/96", "2001:4860::/32"), ("2001:4860::/32", "fd1e:5bfe:8af3:9ddc::/64"),
        ("192.168.1.0/28", "not-a-cidr"), ("10.0.0.0/8", "10.1.2.3"), ("10.0.0.0/8", "192.168.1.1"),
        ("not", "10.0.0.1"), ("10.0.0.1", "10.0.0.1"), ("10.0.0.0/8", "10.0.0.1/33"), ("10.0.0.0/8", "::1"),
        ("::/0", "10.0.0.1"), ("::ffff:0:0/96", "10.0.0.1"), ("0.0.0.0/0", "::ffff:10.0.0.1/120"),
        ("::ffff:1.2.3.0/120", "1.2.3.4"), ("1.2.3.0/24", "::ffff:1.2.3.4/100"), ("0.0.0.0/0", "::ffff:0:0/95"),
        ("0.0.0.0/0", "::ffff:0:0/96"), ("10.1.0.0/8", "10.2.0.0/16"), ("10.0.0.0/16", "10.0.0.0/8"),
        ("fe80::/10", "fe80::1%eth0"), (1, "x"), ("10.0.0.0/8", 1), ("x", 1),
    ]
]
CASES += [
    ("net.cidr_intersects", a, b)
    for a, b in [
        ("192.168.1.0/25", "192.168.1.64/25"), ("192.168.1.0/24", "192.168.2.0/24"),
        ("fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72"),
        ("fd1e:5bfe:8af3:9ddc::/64", "2001:4860:4860::8888/32"), ("not-a-cidr", "192.168.1.0/24"),
        ("192.168.1.0/28", "not-a-cidr"), ("::/0", "0.0.0.0/0"), ("::ffff:1.2.3.0/120", "1.2.0.0/16"),
        ("10.0.0.1", "10.0.0.0/8"), (1, "10.0.0.0/8"), ("10.0.0.0/8", 1), ("x", 1),
    ]
]
CASES += [
    ("net.cidr_expand", a)
    for a in [
        "172.16.100.255/30", "192.168.1.1/32", "192.168.1.1/33", "10.0.0.0/24", "::ffff:1.2.3.0/126",
        "fe80::/126", "fe80::/120", "255.255.255.254/31", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127",
        "10.0.0.1", "x", 1, None,
    ]
]
CASES += [
    ("net.cidr_contains_matches", a, b)
    for a, b in [
        ("1.1.1.0/24", "1.1.1.1"),
        ([["1.1.2.0/24", 1], "1.1.1.0/24"], ["1.1.1.1", "1.1.2.1"]),
        (["1.1.2.0/24", "1.1.1.0/24"], ["1.1.1.1", None]),
        (S(["1.1.1.0/24", "bar"], ["1.1.2.0/24", "foo"]), S(["1.1.1.1", "baz"], ["1.1.2.1", "qux"])),
        (S(["1.1.1.0/24", "bar"], ["1.1.2.0/24", "foo"]), S([], ["1.1.2.1", "qux"])),
        (O(["k1", "1.1.1.1/24"], ["k2", ["1.1.1.2/24", 1]]), "1.1.1.128"),
        (O([1, "1.1.1.1/24"], [[2], "10.0.0.0/8"]), O(["a", "1.1.1.5"], [None, ["10.1.1.1"]])),
        (1, "x"), ("x", 1), ([], 1), ([[1]], []), (["x"], []), ([1], "1.1.1.1"),
        (["10.0.0.0/8"], [1]), (["10.0.0.0/8"], [[1]]), ([[1]], ["1.1.1.1"]), (["x"], ["1.1.1.1"]),
        (["10.0.0.0/8"], ["x"]), (["10.0.0.0/8"], ["10.1.0.0/16"]), (["10.0.0.0/8", []], ["10.1.0.0/16"]),
        (["x", []], ["10.1.0.0/16"]), (["::ffff:1.1.1.0/120"], ["1.1.1.9", "::ffff:1.1.1.8", "2001::1"]),
        # the first error in OPA's order of set elements and object keys wins
        (O(["b", "x1"], ["a", "y2"]), ["1.1.1.1"]), (O(["b", "y1"], ["a", "x2"]), ["1.1.1.1"]),
        (S("y1", "x2"), ["1.1.1.1"]), (["10.0.0.0/8"], O(["b", "x1"], ["a", "y2"])),
        (["10.0.0.0/8"], S("y1", "x2")), ("x", []), ("10.0.0.0/8", S()),
    ]
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: repr(c)[:80])
def test_builtin_agrees_with_opa(opa, case):
    check(opa, case[0], list(case[1:]))


def test_registry_has_the_families():
    for name in FUNCTIONS:
        assert BUILTINS[name].fn is FUNCTIONS[name][0]
    # OPA 1.20 has no crypto.sha512 and no crypto.hmac.sha384
    assert "crypto.sha512" not in BUILTINS and "crypto.hmac.sha384" not in BUILTINS


# -- seeded random cases --------------------------------------------------------------------


def test_units_random_strings(opa):
    rnd = random.Random(7)
    for _ in range(150):
        s = "".join(rnd.choice("0123456789..eE+-") for _ in range(rnd.randint(1, 8)))
        s += rnd.choice(["", "k", "Ki", "m", "M", "mi", "kb", "KiB", "e", "x"])
        for fn in ("units.parse", "units.parse_bytes"):
            check(opa, fn, [s])


def test_units_random_decimals(opa):
    """Long mantissas and exponents: Go's big.Float rounding in parse_bytes, exact
    rationals and 10-decimal text in parse."""
    rnd = random.Random(11)
    for _ in range(150):
        s = f"{rnd.randint(1, 10 ** rnd.randint(1, 30))}.{rnd.randint(0, 10 ** rnd.randint(1, 25))}"
        s += rnd.choice(["", f"e-{rnd.randint(0, 400)}", f"e{rnd.randint(0, 300)}"])
        s += rnd.choice(["", "k", "Ki", "m", "Ei", "E", "P"])
        for fn in ("units.parse", "units.parse_bytes"):
            check(opa, fn, [s])


def _random_addr(rnd) -> str:
    if rnd.random() < 0.5:
        s = ".".join(str(rnd.choice([0, 1, 10, 127, 128, 192, 255, rnd.randint(0, 300)])) for _ in range(4))
    elif rnd.random() < 0.2:
        s = "::ffff:" + ".".join(str(rnd.randint(0, 255)) for _ in range(4))
    else:
        s = ":".join(rnd.choice(["0", "1", "ffff", "fe80", "a", "12345", "", ""]) for _ in range(rnd.randint(2, 9)))
    if rnd.random() < 0.7:
        s += "/" + str(rnd.choice([0, 1, 8, 16, 24, 31, 32, 33, 64, 96, 100, 120, 127, 128, 129]))
    return s


def test_net_random_addresses(opa):
    rnd = random.Random(3)
    pool = ADDRS + [_random_addr(rnd) for _ in range(100)]
    for a in pool:
        check(opa, "net.cidr_is_valid", [a])
    for _ in range(400):
        a, b = rnd.choice(pool), rnd.choice(pool)
        check(opa, "net.cidr_contains", [a, b])
        check(opa, "net.cidr_intersects", [a, b])

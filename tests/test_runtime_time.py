"""time.* builtins of the runtime, checked against real OPA (Go's layouts,
zones, durations and their error texts), and time.now_ns's one value per
evaluation."""

from __future__ import annotations

import random
import time

import pytest

from transpiler.compiler import compile_program
from transpiler.runtime.builtins import times
from transpiler.runtime.gen import Ctx
from transpiler.runtime.values import eq

opa_bindings = pytest.importorskip("opa_bindings")

from opa_calls import opa_call, our_call  # noqa: E402

T = 1670006453141828752  # 2022-12-02T18:40:53.141828752Z
FEB = 1580428800000000000  # 2020-01-31T00:00:00Z
ALL_CHUNKS = (
    "Mon Jan _2 15:04:05 MST 2006 .000 ,999 pm PM 3 03 002 __2 -07 -070000 Z07:00:00 06 January Monday"
)

CASES = [
    # time.format: default layout, zones, layout names and Go layouts
    ("time.format", [T]),
    ("time.format", [[T, "Asia/Kolkata"]]),
    ("time.format", [[T, "Asia/Kolkata", "RFC1123Z"]]),
    ("time.format", [[T, "Asia/Kolkata", "Mon Jan 02 15:04:05 -0700 2006"]]),
    ("time.format", [[T, "America/New_York", ALL_CHUNKS]]),
    ("time.format", [[T, "Australia/Lord_Howe", ALL_CHUNKS]]),
    ("time.format", [[T, "Asia/Dubai", "MST -07:00:00 Z0700 Z07"]]),
    ("time.format", [[0, "UTC", "Kitchen"]]),
    ("time.format", [[0, "", "RFC850"]]),
    ("time.format", [[T, "UTC", "ANSIC"]]),
    ("time.format", [[T, "UTC", "UnixDate"]]),
    ("time.format", [[T, "UTC", "RubyDate"]]),
    ("time.format", [[T, "UTC", "RFC822"]]),
    ("time.format", [[T, "UTC", "RFC822Z"]]),
    ("time.format", [[T, "UTC", "RFC1123"]]),
    ("time.format", [[T, "UTC", "RFC3339"]]),
    ("time.format", [[T, "UTC", "RFC3339Nano"]]),
    ("time.format", [[T, "UTC", "DateTime"]]),
    ("time.format", [[T, "UTC", "Jan Janx January Mon Monx Monday _2006 2006_2 .9 .0x ,00"]]),
    ("time.format", [[1, "UTC", ".000000000000 .999999999999"]]),
    ("time.format", [[-1, "UTC"]]),
    ("time.format", [[T, "UTC", "é 15h 日本"]]),
    ("time.format", [[T, "UTC", ""]]),
    ("time.format", [1.0e18]),
    # operand errors and bad zones
    ("time.format", [[T, "Nope/Zone"]]),
    ("time.format", [[T, "../etc/passwd"]]),
    ("time.format", [[T, "/etc/localtime"]]),
    ("time.format", [[T, "america/new_york"]]),
    ("time.format", [[T, 1]]),
    ("time.format", [[]]),
    ("time.format", [["x"]]),
    ("time.format", [[T, "UTC", 5]]),
    ("time.format", ["x"]),
    ("time.format", [None]),
    ("time.format", [1.5]),
    ("time.format", [2**63]),
    ("time.format", [-(2**63)]),
    ("time.format", [2**63 - 1]),
    # date, clock, weekday
    ("time.date", [T]),
    ("time.date", [[T, "Pacific/Kiritimati"]]),
    ("time.date", [[T, "America/Los_Angeles"]]),
    ("time.date", [-(2**63)]),
    ("time.date", [2**63 - 1]),
    ("time.date", [1e30]),
    ("time.date", ["x"]),
    ("time.clock", [[T, "Asia/Kathmandu"]]),
    ("time.clock", [-1]),
    ("time.clock", [[T, "Europe/Paris", "ignored"]]),
    ("time.weekday", [-1]),
    ("time.weekday", [[T, "Pacific/Auckland"]]),
    ("time.weekday", [[1]]),
    # parse_ns: Go layouts, zone abbreviations, ranges and error texts
    ("time.parse_ns", ["2006-01-02", "2017-06-02"]),
    ("time.parse_ns", ["2006-01-02", "2017-06-32"]),
    ("time.parse_ns", ["2006-01-02", "2017-02-29"]),
    ("time.parse_ns", ["2006-01-02", "2016-02-29"]),
    ("time.parse_ns", ["2006-01-02", "2017-13-02"]),
    ("time.parse_ns", ["2006-01-02", "2017-06-02x"]),
    ("time.parse_ns", ["2006-01-02", "x"]),
    ("time.parse_ns", ["2006-01-02", ""]),
    ("time.parse_ns", ["Mon Jan _2 15:04:05 MST 2006", "Fri Jun  2 19:00:00 PST 2017"]),
    ("time.parse_ns", ["Mon Jan _2 15:04:05 MST 2006", "Fri Jun  2 19:00:00 GMT+3 2017"]),
    ("time.parse_ns", ["Mon Jan _2 15:04:05 MST 2006", "Fri Jun  2 19:00:00 +03 2017"]),
    ("time.parse_ns", ["Mon Jan _2 15:04:05 MST 2006", "Fri Jun  2 19:00:00 UTC 2017"]),
    ("time.parse_ns", ["Mon Jan _2 15:04:05 MST 2006", "Fri Jun  2 19:00:00 pst 2017"]),
    ("time.parse_ns", ["Mon Jan _2 15:04:05 MST 2006", "Xyz Jun  2 19:00:00 PST 2017"]),
    ("time.parse_ns", ["3:04PM", "7:30AM"]),
    ("time.parse_ns", ["3:04PM", "12:30AM"]),
    ("time.parse_ns", ["3:04pm", "12:30pm"]),
    ("time.parse_ns", ["3:04PM", "7:30XM"]),
    ("time.parse_ns", ["15:04:05", "25:00:00"]),
    ("time.parse_ns", ["15:04:05", "23:60:00"]),
    ("time.parse_ns", ["15:04:05", "23:00:61"]),
    ("time.parse_ns", ["2006-01-02T15:04:05Z07:00", "2017-06-02T19:00:00.123456789-07:00"]),
    ("time.parse_ns", ["2006-01-02T15:04:05Z07:00", "2017-06-02T19:00:00+25:00"]),
    ("time.parse_ns", ["2006-01-02T15:04:05Z07:00", "2017-06-02T19:00:00Z"]),
    ("time.parse_ns", ["2006-01-02T15:04:05-0700", "2017-06-02T19:00:00+0530"]),
    ("time.parse_ns", ["2006-01-02T15:04:05-07", "2017-06-02T19:00:00+05"]),
    ("time.parse_ns", ["2006-01-02T15:04:05-07:00:00", "2017-06-02T19:00:00+05:30:15"]),
    ("time.parse_ns", ["2006-01-02 15:04:05", "2017-06-02 19:00:00.5"]),
    ("time.parse_ns", ["2006-01-02 15:04:05.000", "2017-06-02 19:00:00.5"]),
    ("time.parse_ns", ["2006-01-02 15:04:05.000", "2017-06-02 19:00:00.512"]),
    ("time.parse_ns", ["2006-01-02 15:04:05,999", "2017-06-02 19:00:00,51234567891"]),
    ("time.parse_ns", ["2006 002", "2020 060"]),
    ("time.parse_ns", ["2006 002", "2021 366"]),
    ("time.parse_ns", ["2006 __2", "2021  32"]),
    ("time.parse_ns", ["2006 002 01", "2021 032 03"]),
    ("time.parse_ns", ["06 1 2", "69 1 2"]),
    ("time.parse_ns", ["06 1 2", "68 1 2"]),
    ("time.parse_ns", ["Jan 2 06", "feb 28 21"]),
    ("time.parse_ns", ["January 2 06", "FEBRUARY 28 21"]),
    ("time.parse_ns", ["Monday Jan 2 06", "tuesday Feb 28 21"]),
    ("time.parse_ns", ["2006  01", "2006 01"]),
    ("time.parse_ns", ["2006", "é"]),
    ("time.parse_ns", ["2006\t", "2006\n"]),
    ('time.parse_ns', ['2006"\\', '2006"\\x']),
    ("time.parse_ns", ["2006-01-02", "0000-01-01"]),
    ("time.parse_ns", ["2006-01-02", "1677-09-21"]),
    ("time.parse_ns", ["2006-01-02", "1677-09-22"]),
    ("time.parse_ns", ["2006-01-02", "2262-04-12"]),
    ("time.parse_ns", ["RFC822Z", "02 Jun 17 19:00 -0700"]),
    ("time.parse_ns", ["Kitchen", "Kitchen"]),
    ("time.parse_ns", [1, "x"]),
    ("time.parse_ns", ["x", 1]),
    ("time.parse_rfc3339_ns", ["2017-06-02T19:00:00-07:00"]),
    ("time.parse_rfc3339_ns", ["2017-06-02T19:00:00.000000001Z"]),
    ("time.parse_rfc3339_ns", ["2017-06-02"]),
    ("time.parse_rfc3339_ns", ["1677-09-21T00:12:43.145224191-00:00"]),
    ("time.parse_rfc3339_ns", ["2262-04-11T23:47:16.854775808-00:00"]),
    ("time.parse_rfc3339_ns", [0]),
    # durations
    ("time.parse_duration_ns", ["1h2m3.5s"]),
    ("time.parse_duration_ns", ["1.5h"]),
    ("time.parse_duration_ns", ["-3µs"]),
    ("time.parse_duration_ns", ["+3μs4ns"]),
    ("time.parse_duration_ns", ["3"]),
    ("time.parse_duration_ns", ["3x"]),
    ("time.parse_duration_ns", ["3é"]),
    ("time.parse_duration_ns", [""]),
    ("time.parse_duration_ns", ["0"]),
    ("time.parse_duration_ns", ["-0"]),
    ("time.parse_duration_ns", [".s"]),
    ("time.parse_duration_ns", ["1.s"]),
    ("time.parse_duration_ns", [".5s"]),
    ("time.parse_duration_ns", ["0.3333333333333333333333333h"]),
    ("time.parse_duration_ns", ["9223372036854775807ns"]),
    ("time.parse_duration_ns", ["9223372036854775808ns"]),
    ("time.parse_duration_ns", ["-9223372036854775808ns"]),
    ("time.parse_duration_ns", ["2562047h47m16.854775807s"]),
    ("time.parse_duration_ns", ["99999999999999999999s"]),
    ("time.parse_duration_ns", [1]),
    # add_date and diff
    ("time.add_date", [T, 1, 2, 3]),
    ("time.add_date", [T, -1, -13, -400]),
    ("time.add_date", [FEB, 0, 1, 0]),
    ("time.add_date", [[T, "America/New_York"], 0, 0, 200]),
    ("time.add_date", [[T, "America/New_York", "ignored"], 0, 6, 0]),
    ("time.add_date", [T, 1.5, 0, 0]),
    ("time.add_date", [T, 1.0, 0, 0]),
    ("time.add_date", [T, "1", 0, 0]),
    ("time.add_date", [T, 0, None, 0]),
    ("time.add_date", [T, 0, 0, []]),
    ("time.add_date", ["T", 0, 0, 0]),
    ("time.add_date", [0, 2262, 1, 1]),
    ("time.add_date", [0, -400, 1, 1]),
    ("time.diff", [T, 0]),
    ("time.diff", [0, T]),
    ("time.diff", [T, T]),
    ("time.diff", [[T, "Asia/Tokyo"], [0, "America/Los_Angeles"]]),
    ("time.diff", [[0, "America/Los_Angeles"], [T, "Asia/Tokyo"]]),
    ("time.diff", [FEB, 1583020800000000000]),
    ("time.diff", [1582934400000000000, 1614556800000000000]),
    ("time.diff", ["x", 0]),
    ("time.diff", [0, "x"]),
    ("time.diff", [0, 1e30]),
]


@pytest.fixture(scope="module")
def opa():
    return opa_bindings.OpaEngine()


def _same(want, got) -> bool:
    if want[0] != got[0]:
        return False
    if want[0] == "ok":
        return eq(want[1], got[1]) and type(want[1]) is type(got[1])
    return want == got


@pytest.mark.parametrize("fn, args", CASES, ids=[f"{c[0]}{c[1]!r}"[:80] for c in CASES])
def test_same_as_opa(opa, fn, args):
    want = opa_call(opa, fn, args)
    got = our_call(times.FUNCTIONS, fn, args)
    assert _same(want, got), f"{fn}{tuple(args)!r}: OPA {want!r}, ours {got!r}"


ZONES = ["UTC", "", "America/Los_Angeles", "Europe/London", "Asia/Kolkata", "Australia/Adelaide",
         "America/St_Johns", "Pacific/Chatham", "Africa/Casablanca", "America/Sao_Paulo"]
CHUNKS = ["2006", "06", "01", "1", "Jan", "January", "02", "2", "_2", "002", "__2", "15", "03", "3",
          "04", "4", "05", "5", "PM", "pm", "Mon", "Monday", "MST", "-0700", "-07:00", "-07", "Z07:00",
          "Z0700", ".000", ".999999999", ",000000", " ", "-", "/", ":", "T", "x"]


def test_random_layouts_format_and_parse_back_as_opa(opa):
    """Random layouts and instants (DST changes included): Format, then Parse
    of the formatted text, compared with OPA's."""
    rng = random.Random(11)
    for _ in range(150):
        layout = "".join(rng.choice(CHUNKS) for _ in range(rng.randint(1, 7)))
        ns = rng.randint(-(2**62), 2**62) if rng.random() < 0.5 else rng.randint(0, 2 * 10**18)
        zone = rng.choice(ZONES)
        arg = [ns, zone, layout]
        want = opa_call(opa, "time.format", [arg])
        got = our_call(times.FUNCTIONS, "time.format", [arg])
        assert _same(want, got), f"time.format({arg!r}): OPA {want!r}, ours {got!r}"
        if want[0] == "ok":
            args = [layout, want[1]]
            w, g = opa_call(opa, "time.parse_ns", args), our_call(times.FUNCTIONS, "time.parse_ns", args)
            assert _same(w, g), f"time.parse_ns{tuple(args)!r}: OPA {w!r}, ours {g!r}"
        for fn in ("time.date", "time.clock", "time.weekday"):
            w, g = opa_call(opa, fn, [[ns, zone]]), our_call(times.FUNCTIONS, fn, [[ns, zone]])
            assert _same(w, g), f"{fn}({[ns, zone]!r}): OPA {w!r}, ours {g!r}"


def test_random_add_date_and_diff_as_opa(opa):
    rng = random.Random(12)
    for _ in range(100):
        zone = rng.choice(ZONES)
        ns = rng.randint(-(2**62), 2**62)
        args = [[ns, zone], rng.randint(-300, 300), rng.randint(-30, 30), rng.randint(-400, 400)]
        w, g = opa_call(opa, "time.add_date", args), our_call(times.FUNCTIONS, "time.add_date", args)
        assert _same(w, g), f"time.add_date{tuple(args)!r}: OPA {w!r}, ours {g!r}"
        args = [[ns, zone], [rng.randint(-(2**62), 2**62), rng.choice(ZONES)]]
        w, g = opa_call(opa, "time.diff", args), our_call(times.FUNCTIONS, "time.diff", args)
        assert _same(w, g), f"time.diff{tuple(args)!r}: OPA {w!r}, ours {g!r}"


# -- time.now_ns: one clock value per evaluation ----------------------------------------

NOW = """package t

import rego.v1

a := time.now_ns()
b := time.now_ns()
same if a == b
all_same := count({time.now_ns() | some _ in numbers.range(1, 50)})
"""


def test_now_ns_is_one_value_per_evaluation():
    prog = compile_program([("t.rego", NOW)])
    before = time.time_ns()
    rows = prog.query("x = data.t.a; y = data.t.b; z = data.t.all_same; w = time.now_ns()")
    after = time.time_ns()
    (row,) = rows
    assert row["x"].__class__ is int and before <= row["x"] <= after
    assert row["x"] == row["y"] == row["w"] and row["z"] == 1
    time.sleep(0.001)
    (later,) = prog.query("x = data.t.a")
    assert later["x"] > row["x"]  # a new query is a new evaluation


def test_now_ns_is_fixed_per_event_in_a_signature():
    src = NOW.replace("package t", "package tracee.T1") + (
        '__rego_metadoc__ := {"id": "T1"}\n'
        'tracee_selected_events contains {"name": "*"}\n'
        "tracee_match := {\"a\": a, \"b\": b} if same\n"
    )
    prog = compile_program([("t.rego", src)])
    mods = prog.load()
    from transpiler.runtime.gen import make_signature

    sig = make_signature(mods["tracee.T1"] if "tracee.T1" in mods else prog.python_modules[("tracee", "T1")], "tracee.T1")
    first = sig.match({})
    time.sleep(0.001)
    second = sig.match({})
    assert first["a"] == first["b"] and second["a"] == second["b"]
    assert second["a"] > first["a"]


def test_derived_contexts_share_the_evaluation():
    ctx = Ctx()
    assert ctx.with_over(("x",), 1).ev is ctx.ev and ctx.with_data(("y",), 2).ev is ctx.ev

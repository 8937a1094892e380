"""Values shared per event: a helper of another package called with constant
arguments is computed once per event for all the signatures that ask
(``runtime.gen._memo``), with the answers of computing it in each."""

from __future__ import annotations

import re
import threading

import orjson
from pathlib import Path

import pytest

from transpiler.build import build_package
from transpiler.run.signatures import load_package
from transpiler.engine import Engine

HELPERS = """package tracee.helpers

import rego.v1

arg(name) := v if {
	some a in input.args
	a.name == name
	v := a.value
}

num(name) := to_number(arg(name))
"""

SIG = """package tracee.SIG_{n}

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {{"id": "SIG-{n}", "name": "sig {n}"}}

tracee_selected_events contains {{"source": "tracee", "name": "open", "origin": "*"}}

tracee_match := {{"path": p, "n": {n}}} if {{
	p := helpers.arg("pathname")
	startswith(p, "/etc/")
	helpers.num("size") > {n}
}}
"""


def _build(tmp_path, sources: dict[str, str], strict=False) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name, text in sources.items():
        (src / name).write_text(text)
    out = tmp_path / "out"
    build_package(sorted(src.glob("*.rego")), out, strict=strict, format=False)
    return out


def _event(path, size):
    return {
        "eventName": "open",
        "args": [{"name": "pathname", "value": path}, {"name": "size", "value": size}],
    }


@pytest.fixture
def package(tmp_path):
    return _build(tmp_path, {"helpers.rego": HELPERS, **{f"s{n}.rego": SIG.format(n=n) for n in (1, 2, 3)}})


def _count_calls(sigs):
    """Wrap every specialised helper copy of the signature modules; count calls."""
    import sys

    calls = []
    mods = {sys.modules[sig.rule.__module__] for sig in sigs}
    # the entry points call them through aliases of their own (compiler/entries.py)
    mods.add(sys.modules[sigs[0].rule.__module__.rsplit(".", 2)[0] + "._entries"])
    for mod in mods:
        for name, fn in list(vars(mod).items()):
            if re.sub(r"^_m[0-9]+__", "", name).startswith("_s") and callable(fn) and name.endswith(("_arg", "_num")):
                def wrapped(*a, _fn=fn, _name=name):
                    calls.append(_name)
                    return _fn(*a)

                setattr(mod, name, wrapped)
    return calls


def test_a_helper_runs_once_per_event_for_all_signatures(package):
    sigs = load_package(package)
    assert "_memo(" in (package / "tracee" / "SIG_1.py").read_text()
    calls = _count_calls(sigs)
    engine = Engine(sigs)
    found = engine.process(_event("/etc/passwd", "2"))
    assert sorted(f.data["n"] for f in found) == [1]
    # arg("pathname") once, num("size") once and arg("size") inside it once, for three signatures
    assert len(calls) == 3 and len(set(calls)) == 3
    calls.clear()
    found = engine.process(_event("/etc/passwd", "9"))
    assert sorted(f.data["n"] for f in found) == [1, 2, 3]
    assert len(calls) == 3  # a new event: computed again, once


def test_direct_calls_and_other_inputs_keep_nothing(package):
    sigs = load_package(package)
    calls = _count_calls(sigs)
    ev = _event("/etc/passwd", "9")
    # outside the engine every call computes (nothing is kept between calls)
    assert [s.rule(ev) for s in sigs] == [{"path": "/etc/passwd", "n": n} for n in (1, 2, 3)]
    assert len(calls) == 9
    # the engine with one event, then a mutated copy of it: no stale value
    engine = Engine(sigs)
    assert len(engine.process(ev)) == 3
    ev2 = dict(ev, args=[{"name": "pathname", "value": "/tmp/x"}, {"name": "size", "value": "9"}])
    assert engine.process(ev2) == []


def test_errors_still_surface_in_each_signature(tmp_path):
    out = _build(tmp_path, {"helpers.rego": HELPERS, **{f"s{n}.rego": SIG.format(n=n) for n in (1, 2)}}, strict=True)
    errors = []
    engine = Engine(load_package(out), on_error=lambda sig, ev, exc: errors.append((sig.id, type(exc).__name__)))
    assert engine.process(_event("/etc/passwd", "not a number")) == []
    assert sorted(errors) == [("SIG-1", "BuiltinError"), ("SIG-2", "BuiltinError")]


def test_print_keeps_every_evaluation():
    from transpiler.compiler.program import Program
    from transpiler.parser import parse_module

    def shared(helpers):
        mods = [parse_module(helpers, "h.rego"), parse_module(SIG.format(n=1), "s.rego")]
        return Program(mods, {}).shared_per_event

    assert shared(HELPERS)
    for call in ('print("num", name)', 'trace("num")'):
        assert not shared(HELPERS.replace("num(name) := to_number(arg(name))", f"num(name) := to_number(arg(name)) if {call}"))


def test_threads_do_not_share_an_event(package):
    sigs = load_package(package)
    engines = [Engine(sigs) for _ in range(4)]
    results = {}

    def work(i):
        ev_hit, ev_miss = _event("/etc/x%d" % i, "9"), _event("/home/x%d" % i, "9")
        got = []
        for _ in range(300):
            got.append(len(engines[i].process(ev_hit)))
            got.append(len(engines[i].process(ev_miss)))
        results[i] = got

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[i] == [3, 0] * 300 for i in range(4))


CLOCK_SIG = """package tracee.CLOCK_{n}

import rego.v1

__rego_metadoc__ := {{"id": "CLOCK-{n}", "name": "clock {n}"}}

tracee_selected_events contains {{"source": "tracee", "name": "open", "origin": "*"}}

tracee_match := {{"t": time.now_ns()}}
"""


def test_each_event_is_one_evaluation_for_the_clock(tmp_path):
    """time.now_ns is fixed per evaluation: the same for the signatures of one
    event, new for the next event (the engine starts an evaluation per event)."""
    import time

    out = _build(tmp_path, {"a.rego": CLOCK_SIG.format(n=1), "b.rego": CLOCK_SIG.format(n=2)})
    engine = Engine(load_package(out))
    first = [f.data["t"] for f in engine.process(_event("/x", "1"))]
    time.sleep(0.01)
    second = [f.data["t"] for f in engine.process(_event("/x", "1"))]
    assert len(set(first)) == 1 and len(set(second)) == 1
    assert second[0] - first[0] >= 10_000_000
    lines = [orjson.dumps(_event("/x", "1"))] * 2

    class Sink:
        def __init__(self):
            self.values = []

        def finding(self, sig, data, event, source, line):
            self.values.append((line, data["t"]))

        def bad_line(self, *a):
            raise AssertionError(a)

        error = bad_line

    sink = Sink()
    engine.scan(lines[:1], "s", 0, sink)
    time.sleep(0.01)
    engine.scan(lines[1:], "s", 1, sink)
    (l1, t1), (l1b, t1b), (l2, t2), (l2b, t2b) = sink.values
    assert t1 == t1b and t2 == t2b and t2 - t1 >= 10_000_000


WITH_SIG = """package tracee.SIG_{n}

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {{"id": "SIG-{n}", "name": "sig {n}"}}

tracee_selected_events contains {{"source": "tracee", "name": "open", "origin": "*"}}

path := helpers.first("pathname")

tracee_match := {{"path": path, "other": o, "again": a}} if {{
	o := path with input as {{"args": [{{"name": "pathname", "value": "/other"}}]}}
	a := helpers.first("pathname")
}}
"""

# a helper that cannot conflict: read inline from the shared values (_sv)
FIRST = """
first(name) := [v | some a in input.args; a.name == name; v := a.value][0]
"""


def test_with_input_does_not_read_the_events_values(tmp_path):
    """Under ``with input`` a rule reading a shared helper runs on the other
    input, in the engine too (the values of the event are not its)."""
    out = _build(tmp_path, {"helpers.rego": HELPERS + FIRST, "s1.rego": WITH_SIG.format(n=1), "s2.rego": SIG.format(n=2)})
    sigs = load_package(out)
    assert "_sv.get(" in (out / "tracee" / "SIG_1.py").read_text()
    engine = Engine(sigs)
    for _ in range(2):
        found = {f.signature.id: f.data for f in engine.process(_event("/etc/passwd", "9"))}
        assert found == {
            "SIG-1": {"path": "/etc/passwd", "other": "/other", "again": "/etc/passwd"},
            "SIG-2": {"path": "/etc/passwd", "n": 2},
        }


CONFLICTING_HELPER = """package tracee.helpers

import rego.v1

pick(x) := 7 if x == 1

pick(x) := 8 if x == 1
"""

BOUND_SIG = """package tracee.SIG_{n}

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {{"id": "SIG-{n}", "name": "sig {n}"}}

tracee_selected_events contains {{"source": "tracee", "name": "open", "origin": "*"}}

tracee_match if helpers.pick(1, 7)
"""

UNBOUND_SIG = """package tracee.SIG_{n}

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {{"id": "SIG-{n}", "name": "sig {n}"}}

tracee_selected_events contains {{"source": "tracee", "name": "open", "origin": "*"}}

tracee_match := {{"v": v}} if v := helpers.pick(1)
"""


def test_function_values_are_not_shared_between_signatures(tmp_path):
    """OPA keeps the values of functions for one query: the value a call with
    its output bound (`pick(1, 7)`) left in one signature's evaluation must not
    spare the next signature the conflict OPA finds (asked of OPA: the first
    query is true, the second fails with eval_conflict_error)."""
    out = _build(tmp_path, {"helpers.rego": CONFLICTING_HELPER, "a.rego": BOUND_SIG.format(n=1),
                            "b.rego": UNBOUND_SIG.format(n=2)})
    errors = []
    engine = Engine(load_package(out), on_error=lambda sig, ev, exc: errors.append((sig.id, getattr(exc, "code", None))))
    for _ in range(2):
        errors.clear()
        assert [f.signature.id for f in engine.process(_event("/x", "1"))] == ["SIG-1"]
        assert errors == [("SIG-2", "eval_conflict_error")]

"""The entry points per event kind (compiler/entries.py, ``_entries.py`` of a
generated package): the engine through them gives exactly the findings and
errors, in the same order, of calling the signatures one by one."""

from __future__ import annotations

import gzip
import re
import json
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generated
from transpiler import eventgen
from transpiler.build import build_package
from transpiler.engine import Engine, EventError, Sink, describe_error
from transpiler.run.signatures import load_package

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "kernel-build.jsonl.gz"


class Recorder(Sink):
    """Everything ``scan`` reports, in order."""

    def __init__(self):
        super().__init__()
        self.log = []

    def finding(self, sig, data, event, source, line):
        self.log.append(("finding", sig.id, repr(data), line))

    def error(self, sig, exc, source, line):
        self.log.append(("error", sig.id, describe_error(exc), line))

    def bad_line(self, source, line, reason, raw):
        self.log.append(("bad", line, reason))


def _scan(sigs, lines, entries):
    engine = Engine(sigs, entries=entries)
    rec = Recorder()
    engine.scan(lines, "<test>", 0, rec)
    st = engine.stats
    return rec.log, (st.events, st.skipped, st.dispatched, st.matches, st.findings, st.errors), engine


def _process(engine, event):
    """(findings, errors) of ``engine.process`` on one event, as comparable values."""
    errors = []
    engine.on_error = lambda sig, ev, exc: errors.append((sig.id, describe_error(exc)))
    try:
        found = [(f.signature.id, repr(f.data)) for f in engine.process(event)]
    except EventError as exc:
        return ("skipped", str(exc)), errors
    return found, errors


# -- the bundled corpus ---------------------------------------------------------------


def test_the_generated_package_has_entries():
    engine = Engine(generated.SIGNATURES)
    entry = engine.entry("security_file_open", "host")
    assert entry is not None
    assert len(engine.select("security_file_open", "host")) == len(
        generated.ENTRIES[("security_file_open", "host")][1]
    ) >= 20
    # container: the signatures that select only containers come in
    assert len(engine.select("security_file_open", "container")) > len(engine.select("security_file_open", "host"))
    # the arguments its signatures ask for, read in one pass
    import inspect

    assert "_args" in inspect.getsource(entry)
    # an event no signature selects by name: no entry (the engine's usual path)
    assert engine.entry("no_such_event", "host") is None


def test_specialised_copy_knows_the_event_name():
    from generated.tracee import TRC_R2P_003 as m

    import inspect

    copy = inspect.getsource(m._e0_tracee_match)
    assert "specialised for input.eventName = 'security_file_open'" in copy
    assert '"eventName"' not in copy  # the guard is known true: not read
    assert '"eventName"' in inspect.getsource(m.tracee_match)  # the signature's own function is as before


def test_sample_same_outcomes_as_one_by_one():
    lines = list(gzip.open(SAMPLE))
    got, got_stats, engine = _scan(generated.SIGNATURES, lines, True)
    want, want_stats, _ = _scan(generated.SIGNATURES, lines, False)
    assert engine.entry("security_file_open", "host") is not None
    assert got == want
    assert got_stats == want_stats
    assert sum(1 for e in got if e[0] == "finding") > 50


def test_fallback_when_the_selection_differs():
    sigs = list(generated.SIGNATURES)
    assert Engine(sigs).entry("security_file_open", "host") is not None
    assert Engine(sigs, profile=True).entry("security_file_open", "host") is None
    assert Engine(sigs, entries=False).entry("security_file_open", "host") is None
    assert Engine(sigs[::-1]).entry("security_file_open", "host") is None  # another order
    one = [s for s in sigs if s.id != "TRC-R2P-003"]
    assert Engine(one).entry("security_file_open", "host") is None  # a subset
    # a kind the subset leaves whole still has its entry
    assert Engine(one).entry("ptrace", "host") is not None


_SOURCES = [(str(p), p.read_text()) for p in sorted((ROOT / "signatures").rglob("*.rego")) if not p.name.endswith("_test.rego")]
_NAMES = sorted({name for name, _ in generated.ENTRIES})
_ENGINES = {}


def _engines():
    if not _ENGINES:
        _ENGINES["on"] = Engine(generated.SIGNATURES)
        _ENGINES["off"] = Engine(generated.SIGNATURES, entries=False)
    return _ENGINES["on"], _ENGINES["off"]


_ODD = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@st.composite
def _hostile_args(draw, event):
    """``event`` with arguments missing, repeated, without a value, of odd types."""
    args = list(event.get("args") or []) if isinstance(event.get("args"), list) else []
    for _ in range(draw(st.integers(0, 3))):
        choice = draw(st.integers(0, 5))
        if choice == 0 and args:
            args.pop(draw(st.integers(0, len(args) - 1)))
        elif choice == 1 and args:  # the same name again, first without a value
            a = args[draw(st.integers(0, len(args) - 1))]
            if isinstance(a, dict) and "name" in a:
                args.insert(0, {"name": a["name"]})
        elif choice == 2 and args:  # a value of another type
            i = draw(st.integers(0, len(args) - 1))
            if isinstance(args[i], dict):
                args[i] = dict(args[i], value=draw(_ODD))
        elif choice == 3:
            args.append(draw(_ODD))  # not an object
        elif choice == 4:
            args.append({"name": draw(_ODD), "value": draw(_ODD)})  # a name that is not a string
        else:
            args.append({"name": draw(st.sampled_from(["pathname", "flags", "argv", "new_path", "env"])),
                         "value": draw(_ODD)})
    out = dict(event, args=args)
    if draw(st.booleans()):
        out["eventName"] = draw(st.sampled_from(_NAMES))
    return out


_EVENTS = eventgen.events(_SOURCES)  # (the corpus parsed once)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_generated_events_same_outcomes(data):
    event = data.draw(_EVENTS)
    event = data.draw(_hostile_args(event))
    on, off = _engines()
    assert _process(on, event) == _process(off, event)


def test_generated_events_in_bulk_same_outcomes():
    events = eventgen.generate_events(_SOURCES, 3000, seed=31)
    for i, ev in enumerate(events):
        if i % 2:
            ev["eventName"] = _NAMES[i % len(_NAMES)]
    lines = [json.dumps(ev).encode() for ev in events]
    got, got_stats, _ = _scan(generated.SIGNATURES, lines, True)
    want, want_stats, _ = _scan(generated.SIGNATURES, lines, False)
    assert got == want
    assert got_stats == want_stats


# -- small packages ---------------------------------------------------------------


def _build(tmp_path, sources: dict[str, str], strict=False) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name, text in sources.items():
        (src / name).write_text(text)
    out = tmp_path / "out"
    build_package(sorted(src.glob("*.rego")), out, strict=strict, format=False)
    return out


HEADER = """package tracee.{pkg}

import rego.v1

__rego_metadoc__ := {{"id": "{pkg}"}}

tracee_selected_events contains {{"source": "tracee", "name": "open", "origin": "*"}}

tracee_selected_events contains {{"source": "tracee", "name": "rename", "origin": "*"}}

arg(name) := v if {{
	some a in input.args
	a.name == name
	v := a.value
}}
"""

FINDS = HEADER + """
tracee_match := {{"path": p}} if {{
	input.eventName == "open"
	p := arg("pathname")
	startswith(p, "/etc/")
}}

tracee_match := {{"renamed": p}} if {{
	input.eventName == "rename"
	p := arg("new_path")
}}
"""

# two different values for one event: OPA's eval_conflict_error
CONFLICTS = HEADER + """
tracee_match := {{"v": a.value}} if {{
	some a in input.args
}}
"""

STRICT = HEADER + """
tracee_match if {{
	to_number(arg("pathname")) > 1
}}
"""


def _outcomes(sigs, events, entries):
    engine = Engine(sigs, entries=entries)
    return [_process(engine, ev) for ev in events], engine


def _open(*args):
    return {"eventName": "open", "args": [{"name": n, "value": v} for n, v in args]}


def test_a_raising_signature_does_not_take_the_others_down(tmp_path):
    out = _build(tmp_path, {"a.rego": FINDS.format(pkg="A"), "b.rego": CONFLICTS.format(pkg="B"),
                            "c.rego": FINDS.format(pkg="C")})
    sigs = load_package(out)
    events = [_open(("pathname", "/etc/x"), ("flags", 1)), _open(("pathname", "/etc/y")),
              {"eventName": "rename", "args": [{"name": "new_path", "value": "/n"}]}]
    got, engine = _outcomes(sigs, events, True)
    assert engine.entry("open", "host") is not None
    want, _ = _outcomes(sigs, events, False)
    assert got == want
    findings, errors = got[0]
    assert findings == [("A", repr({"path": "/etc/x"})), ("C", repr({"path": "/etc/x"}))]
    assert [e[0] for e in errors] == ["B"] and "eval_conflict_error" in errors[0][1]
    # one argument: no conflict, three findings in the signatures' order
    assert [f[0] for f in got[1][0]] == ["A", "B", "C"] and got[1][1] == []
    assert got[2][0] == [("A", repr({"renamed": "/n"})), ("B", repr({"v": "/n"})), ("C", repr({"renamed": "/n"}))]


def test_copy_for_one_name_leaves_out_the_others(tmp_path):
    out = _build(tmp_path, {"a.rego": FINDS.format(pkg="A")})
    text = (out / "tracee" / "A.py").read_text()
    copies = [part for part in text.split("\ndef ") if part.startswith("_e") and "tracee_match" in part.split("(")[0]]
    assert len(copies) == 2
    by_name = {("open" if "'open'" in c.split("\n")[1] else "rename"): c for c in copies}
    # the clause of the other name is not written; the name is not read
    assert "'renamed'" not in by_name["open"] and "'path'" in by_name["open"]
    assert "'path'" not in by_name["rename"] and "'renamed'" in by_name["rename"]
    assert all("eventName" not in c.split('"""')[2] for c in copies)


def test_strict_errors_surface_in_their_signature(tmp_path):
    out = _build(tmp_path, {"a.rego": FINDS.format(pkg="A"), "s.rego": STRICT.format(pkg="S")}, strict=True)
    sigs = load_package(out)
    events = [_open(("pathname", "/etc/x")), _open(("pathname", "2")), _open(("flags", 3))]
    got, engine = _outcomes(sigs, events, True)
    assert engine.entry("open", "host") is not None
    want, _ = _outcomes(sigs, events, False)
    assert got == want
    assert got[0][0] == [("A", repr({"path": "/etc/x"}))]
    assert [e[0] for e in got[0][1]] == ["S"]  # to_number("/etc/x"): strict mode raises, in S only
    assert got[1] == ([("S", "None")], [])


HELPERS = """package tracee.helpers

import rego.v1

get_tracee_argument(name) := values[0] if {
	values := [arg.value | some arg in input.args; arg.name == name]
	count(values) > 0
}

# not the shape the scan knows (the last value): computed as before
last_argument(arg_name) := res if {
	values := [arg.value | arg := input.args[_]; arg.name == arg_name]
	count(values) > 0
	res := values[count(values) - 1]
}
"""

USES = """package tracee.{pkg}

import rego.v1

import data.tracee.helpers

__rego_metadoc__ := {{"id": "{pkg}"}}

tracee_selected_events contains {{"source": "tracee", "name": "open", "origin": "*"}}

tracee_match := {{"first": p, "last": q, "flags": f}} if {{
	p := helpers.get_tracee_argument("pathname")
	q := helpers.last_argument("pathname")
	f := helpers.get_tracee_argument("flags")
}}
"""


def test_one_argument_scan_gives_the_helpers_values(tmp_path):
    out = _build(tmp_path, {"h.rego": HELPERS, "a.rego": USES.format(pkg="A"), "b.rego": USES.format(pkg="B")})
    entries = (out / "_entries.py").read_text()
    scan = entries.split("\ndef _args0(", 1)[1].split("\ndef ", 1)[0]
    assert "get_tracee_argument((0, 'str', 'pathname'),)" in scan
    assert "get_tracee_argument((0, 'str', 'flags'),)" in scan
    assert "last_argument" not in scan
    sigs = load_package(out)
    events = [
        _open(("pathname", "/a"), ("flags", 1), ("pathname", "/b")),
        {"eventName": "open", "args": [{"name": "pathname"}, {"name": "pathname", "value": "/v"},
                                       {"name": "flags", "value": None}]},
        {"eventName": "open", "args": [7, {"name": 3, "value": 1}, {"value": 2}, {"name": "flags", "value": [1]}]},
        {"eventName": "open", "args": []},
        {"eventName": "open"},
    ]
    got, engine = _outcomes(sigs, events, True)
    assert engine.entry("open", "host") is not None
    want, _ = _outcomes(sigs, events, False)
    assert got == want
    assert got[0][0][0] == ("A", repr({"first": "/a", "last": "/b", "flags": 1}))
    assert got[1][0][0] == ("A", repr({"first": "/v", "last": "/v", "flags": None}))
    assert got[2] == ([], [])  # no pathname
    # args as an object (not an event the engine dispatches: the entry called
    # directly): its values in key order, as the helper reads them
    import importlib

    from transpiler.runtime.gen import event_ctx

    root = sigs[0].rule.__module__.rsplit(".", 2)[0]
    entry = importlib.import_module(root + "._entries").ENTRIES[("open", "host")][0]
    ev = {"eventName": "open", "args": {"b": {"name": "pathname", "value": "/2"},
                                        "a": {"name": "pathname", "value": "/1"},
                                        "c": {"name": "flags", "value": 0}}}
    plain = sys.modules[root + ".tracee.A"].tracee_match(ev, event_ctx(ev))
    assert plain == {"first": "/1", "last": "/2", "flags": 0}
    assert entry(ev, event_ctx(ev)) == [(0, plain), (1, plain)]


def test_recursion_error_reruns_the_signature_on_a_deep_stack():
    from transpiler.engine import _Entry, _entry_outcomes
    from transpiler.runtime.gen import Raised
    from transpiler.runtime.signature import Signature

    sigs = [Signature(f"S{i}", {}, [], match=lambda ev, i=i: {"i": i} if i else None, package=f"p{i}") for i in range(3)]
    entry = _Entry(None, tuple((s, s.match) for s in sigs))
    found, failed = [], []
    res = [(0, Raised(RecursionError("deep"))), (1, Raised(RecursionError("deep"))), (2, Raised(ValueError("x")))]
    _entry_outcomes(entry, res, {}, None, lambda s, d: found.append((s.id, d)), lambda s, e: failed.append((s.id, repr(e))))
    assert found == [("S1", {"i": 1})]  # S0 again: no finding; S1 again: its finding
    assert failed == [("S2", "ValueError('x')")]


# the event name as a regular expression: "(open" is not one; known at build
# time in the copy for "open" (refused there: the usual function is called,
# or the error is raised at run time as in the signature's own function)
REGEX = HEADER + """
tracee_match if {{
	regex.match(concat("", ["(", input.eventName]), "x")
}}

tracee_match if {{
	regex.match(input.eventName, arg("pathname"))
}}
"""


@pytest.mark.parametrize("strict", [False, True])
def test_name_known_at_build_time_gives_the_same_errors(tmp_path, strict):
    out = _build(tmp_path, {"a.rego": FINDS.format(pkg="A"), "r.rego": REGEX.format(pkg="R")}, strict=strict)
    sigs = load_package(out)
    events = [_open(("pathname", "/etc/x")), _open(("pathname", "open")),
              {"eventName": "rename", "args": [{"name": "new_path", "value": "/n"}]}]
    got, engine = _outcomes(sigs, events, True)
    assert engine.entry("open", "host") is not None
    want, _ = _outcomes(sigs, events, False)
    assert got == want
    assert got[0][0] == [("A", repr({"path": "/etc/x"}))]
    if strict:
        assert [e[0] for e in got[0][1]] == ["R"]


# -- small functions written into the entry (compiler/inline.py) -------------------

from transpiler.compiler.inline import inline_body  # noqa: E402

_GLOBALS = {"_U", "_K1", "helper"}


def _inline(src):
    done = inline_body(src, _GLOBALS, "__9", lambda n: n if n == "_U" else "_m0__" + n)
    return None if done is None else "\n".join(done[0])


def test_inline_assigns_instead_of_returning():
    src = '''def f(input, _ctx):
    """doc"""
    # a.rego:3
    _t1 = input.get("_t1", _U)
    if _t1 is not _U:
        # a.rego:4
        _r2 = helper(input, _ctx, _t1)
        if _r2 is not _U:
            return {"_t1": _r2, "k": _K1}
    return _U'''
    assert _inline(src) == '''_r = _U
# a.rego:3
_t1__9 = input.get("_t1", _U)
if _t1__9 is not _U:
    # a.rego:4
    _r2__9 = _m0__helper(input, _ctx, _t1__9)
    if _r2__9 is not _U:
        _r = {"_t1": _r2__9, "k": _m0___K1}'''
    # the value, as the function gives it, for any input
    ns = {"_U": object(), "_K1": 7, "helper": lambda i, c, x: x * 2}
    exec(src, ns)
    body = "def g(input, _ctx):\n" + "\n".join("    " + line for line in _inline(src).split("\n")) + "\n    return _r"
    ns2 = {"_U": ns["_U"], "_m0___K1": 7, "_m0__helper": ns["helper"]}
    exec(body, ns2)
    for ev in ({"_t1": 2}, {}, {"_t1": "a"}):
        assert ns2["g"](ev, None) == ns["f"](ev, None)


@pytest.mark.parametrize("src", [
    # a return before other statements
    "def f(input, _ctx):\n    if input:\n        return 1\n    x = 2\n    return _U",
    # a return in a loop: the loop would go on
    "def f(input, _ctx):\n    for _v in input:\n        if _v:\n            return _v\n    return _U",
    # not ending with return _U
    "def f(input, _ctx):\n    return 1",
    # a name neither local, of the module nor a builtin
    "def f(input, _ctx):\n    if unknown:\n        return 1\n    return _U",
    # a nested function
    "def f(input, _ctx):\n    def g():\n        return 1\n    if g():\n        return 1\n    return _U",
    # another signature
    "def f(input, _ctx, _a0):\n    return _U",
])
def test_inline_refuses(src):
    assert _inline(src) is None


def test_inline_keywords():
    # a keyword named as a name renamed (a local, a name of the module) is refused;
    # another keeps its name
    assert _inline("def f(input, _ctx):\n    _t1 = 1\n    if g(_t1=_t1):\n        return 1\n    return _U") is None
    assert _inline("def f(input, _ctx):\n    if sorted(helper, helper=1):\n        return 1\n    return _U") is None
    assert _inline("def f(input, _ctx):\n    _t1 = sorted(input, key=len)\n    if _t1:\n"
                   "        return _t1\n    return _U") == \
        "_r = _U\n_t1__9 = sorted(input, key=len)\nif _t1__9:\n    _r = _t1__9"


def test_inline_refused_binds_no_alias():
    # (each alias asked for is a binding in the entries' _link)
    asked = []
    long = "def f(input, _ctx):\n" + "".join(f"    _t{i} = helper\n" for i in range(70)) + "    return _U"
    assert inline_body(long, _GLOBALS, "__9", asked.append) is None
    dead = "def f(input, _ctx):\n    if helper:\n        return 1\n    return _U\n    _t1 = 1"
    assert inline_body(dead, _GLOBALS, "__9", asked.append) is None
    assert asked == []


def test_small_signatures_are_written_into_the_entry(tmp_path):
    out = _build(tmp_path, {"a.rego": FINDS.format(pkg="A"), "b.rego": CONFLICTS.format(pkg="B")})
    entries = (out / "_entries.py").read_text()
    assert "# tracee.A._e0_tracee_match, written here" in entries
    # B's value is found in a loop over the arguments: called, not written here
    assert "# tracee.B.tracee_match, written here" not in entries
    assert re.search(r"= _m[0-9]+__tracee_match\(input, _ctx\)", entries)


ODD_NAME = "o\"p'e\n\u202en \"\"\" #"

ODD = """package tracee.{pkg}

import rego.v1

__rego_metadoc__ := {{"id": "{pkg}"}}

tracee_selected_events contains {{"source": "tracee", "name": "{name}", "origin": "*"}}

tracee_match := {{"n": input.eventName}} if {{
	input.eventName == "{name}"
}}
"""


def test_odd_event_names_reach_the_generated_code_escaped(tmp_path):
    rego_name = ODD_NAME.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\u202e", "\\u202e")
    out = _build(tmp_path, {"a.rego": ODD.format(pkg="A", name=rego_name)})
    sigs = load_package(out)
    assert sigs[0].selected_events[0]["name"] == ODD_NAME
    event = {"eventName": ODD_NAME}
    got, engine = _outcomes(sigs, [event], True)
    assert engine.entry(ODD_NAME, "host") is not None
    assert got == [([("A", repr({"n": ODD_NAME}))], [])]
    for f in [out / "_entries.py", out / "tracee" / "A.py"]:
        text = f.read_text()
        assert "\u202e" not in text  # (escaped; the modules imported: the quotes and line break too)

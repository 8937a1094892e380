"""The detection engine: decoding, origin, dispatch by selected events, findings, errors."""

from __future__ import annotations

import gzip
import io
import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpiler.engine import (
    Engine,
    EventError,
    Finding,
    SignatureSetError,
    Sink,
    decode_line,
    event_key,
    event_origin,
    iter_events,
)
from transpiler.runtime.errors import ConflictError, RegoRuntimeError
from transpiler.runtime.signature import Signature


def recorder(calls: list, sig_id: str, result=True):
    """A match function that records which signature saw which event."""

    def match(event):
        calls.append((sig_id, event.get("eventName")))
        return result

    return match


def sig(sig_id, selectors, match, meta=None):
    return Signature(sig_id, meta if meta is not None else {"id": sig_id, "name": f"name of {sig_id}"}, selectors, match, f"tracee.{sig_id}")


def ev(name, origin="host", **extra):
    e = {"eventName": name, "args": []}
    if origin == "container":
        e["contextFlags"] = {"containerStarted": True}
        e["container"] = {"id": "c0ffee"}
    elif origin == "container-init":
        e["contextFlags"] = {"containerStarted": False}
        e["container"] = {"id": "c0ffee"}
    else:
        e["contextFlags"] = {"containerStarted": False}
        e["container"] = {"id": ""}
    e.update(extra)
    return e


# -- Signature -----------------------------------------------------------------------


def test_signature_fields_and_slots():
    s = Signature(id="X-1", metadata={"name": "Nice"}, selected_events=[{"name": "execve"}], match=lambda e: None, package="tracee.x")
    assert (s.id, s.metadata, s.selected_events, s.package) == ("X-1", {"name": "Nice"}, [{"name": "execve"}], "tracee.x")
    assert s.name == "Nice"
    assert Signature("X-2", {}, [], lambda e: None, "p").name == "X-2"
    with pytest.raises(AttributeError):
        s.other = 1  # __slots__
    assert not hasattr(s, "__dict__")


# -- origin -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "event, origin",
    [
        ({"eventName": "a", "contextFlags": {"containerStarted": True}, "container": {"id": "abc"}}, "container"),
        # started wins even without a container id
        ({"eventName": "a", "contextFlags": {"containerStarted": True}}, "container"),
        ({"eventName": "a", "contextFlags": {"containerStarted": False}, "container": {"id": "abc"}}, "container-init"),
        ({"eventName": "a", "container": {"id": "abc"}}, "container-init"),
        ({"eventName": "a", "contextFlags": {"containerStarted": False}, "container": {"id": ""}}, "host"),
        ({"eventName": "a"}, "host"),
        ({"eventName": "a", "container": {}}, "host"),
        # null counts as absent
        ({"eventName": "a", "contextFlags": None, "container": None}, "host"),
        ({"eventName": "a", "contextFlags": {"containerStarted": None}, "container": {"id": None}}, "host"),
        ({"eventName": "a", "args": None}, "host"),
    ],
)
def test_event_origin(event, origin):
    assert event_origin(event) == origin
    assert event_key(event) == ("a", origin)


@pytest.mark.parametrize(
    "event, message",
    [
        ([1, 2], "not a JSON object but an array"),
        ("x", "not a JSON object but a string"),
        ({}, "no eventName field"),
        ({"eventName": 5}, "eventName is a number, not a string"),
        ({"eventName": "a", "args": {}}, "args is an object, not an array"),
        ({"eventName": "a", "contextFlags": []}, "contextFlags is an array, not an object"),
        ({"eventName": "a", "contextFlags": {"containerStarted": 1}}, "contextFlags.containerStarted is a number, not a boolean"),
        ({"eventName": "a", "container": "abc"}, "container is a string, not an object"),
        ({"eventName": "a", "container": {"id": 7}}, "container.id is a number, not a string"),
    ],
)
def test_event_key_malformed(event, message):
    with pytest.raises(EventError) as info:
        event_key(event)
    assert str(info.value) == message


# -- dispatch ---------------------------------------------------------------------------


def selection_engine(calls):
    sigs = [
        sig("exec-any", [{"source": "tracee", "name": "execve"}], recorder(calls, "exec-any")),
        sig("exec-container", [{"source": "tracee", "name": "execve", "origin": "container"}], recorder(calls, "exec-container")),
        sig("exec-init", [{"source": "tracee", "name": "execve", "origin": "container-init"}], recorder(calls, "exec-init")),
        sig("exec-host", [{"source": "tracee", "name": "execve", "origin": "host"}], recorder(calls, "exec-host")),
        sig("all", [{"source": "tracee", "name": "*"}], recorder(calls, "all")),
        sig("all-host", [{"source": "tracee", "name": "*", "origin": "host"}], recorder(calls, "all-host")),
        sig("open-star", [{"source": "tracee", "name": "openat", "origin": "*"}], recorder(calls, "open-star")),
        sig("other-source", [{"source": "k8s", "name": "execve"}], recorder(calls, "other-source")),
        # selected twice (by name and by "*"): called once per event
        sig("twice", [{"source": "tracee", "name": "execve"}, {"source": "tracee", "name": "*", "origin": "container"}], recorder(calls, "twice")),
        sig("no-source", [{"name": "openat"}], recorder(calls, "no-source")),
        sig("none", [], recorder(calls, "none")),
    ]
    return Engine(sigs)


EXPECTED = {
    ("execve", "host"): ["exec-any", "exec-host", "all", "all-host", "twice"],
    ("execve", "container"): ["exec-any", "exec-container", "all", "twice"],
    ("execve", "container-init"): ["exec-any", "exec-init", "all", "twice"],
    ("openat", "host"): ["all", "all-host", "open-star", "no-source"],
    ("openat", "container"): ["all", "open-star", "twice", "no-source"],
    ("openat", "container-init"): ["all", "open-star", "no-source"],
    ("clone", "host"): ["all", "all-host"],
    ("clone", "container"): ["all", "twice"],
    ("clone", "container-init"): ["all"],
}


@pytest.mark.parametrize("name, origin", sorted(EXPECTED))
def test_selection_by_name_and_origin(name, origin):
    calls = []
    engine = selection_engine(calls)
    findings = engine.process(ev(name, origin))
    assert [c[0] for c in calls] == EXPECTED[(name, origin)]
    assert [f.signature.id for f in findings] == EXPECTED[(name, origin)]
    assert [s.id for s in engine.select(name, origin)] == EXPECTED[(name, origin)]


def test_scan_dispatches_like_process():
    """The inlined dispatch of the hot loop agrees with process()."""
    calls = []
    engine = selection_engine(calls)
    keys = sorted(EXPECTED)
    lines = [orjson.dumps(ev(n, o)) for n, o in keys]
    sink = Sink()
    engine.scan(lines, "mem", 0, sink)
    expected = [(sid, n) for n, o in keys for sid in EXPECTED[(n, o)]]
    assert calls == expected
    assert [(f.signature.id, f.event["eventName"]) for f in sink.findings] == expected
    assert [f.line for f in sink.findings] == [i + 1 for i, k in enumerate(keys) for _ in EXPECTED[k]]


def test_unselected_event_costs_one_lookup_and_is_cached():
    engine = Engine([sig("a", [{"name": "execve", "origin": "host"}], lambda e: True)])
    assert engine.process(ev("clone")) == []
    assert engine.stats.dispatched == 0 and engine.stats.matches == 0
    assert engine._cache["host"]["clone"] == ()


@pytest.mark.parametrize(
    "selectors, message",
    [
        ([{"source": "tracee"}], "has no event name"),
        ([{"name": "execve", "origin": "containers"}], "unknown origin 'containers'"),
        ([{"name": 3}], "name is not a string"),
        (["execve"], "is not an object"),
    ],
)
def test_bad_selectors_are_refused(selectors, message):
    with pytest.raises(SignatureSetError) as info:
        Engine([sig("BAD-1", selectors, lambda e: None)])
    assert "signature BAD-1 (tracee.BAD-1)" in str(info.value)
    assert message in str(info.value)


def test_not_a_signature_is_refused():
    with pytest.raises(SignatureSetError, match="signature #1 is dict"):
        Engine([{"id": "x"}])


# -- findings and errors --------------------------------------------------------------------


def test_findings_data_and_order():
    sigs = [
        sig("T", [{"name": "*"}], lambda e: True),
        sig("D", [{"name": "*"}], lambda e: {"path": e["args"][0]["value"]} if e["args"] else None),
        sig("N", [{"name": "*"}], lambda e: None),
        sig("F", [{"name": "*"}], lambda e: False),
    ]
    engine = Engine(sigs)
    e1 = ev("openat", args=[{"name": "pathname", "value": "/etc/shadow"}])
    e2 = ev("clone")
    found = list(engine.run([e1, e2]))
    assert [(f.signature.id, f.data) for f in found] == [("T", None), ("D", {"path": "/etc/shadow"}), ("T", None)]
    assert found[0].event is e1  # the event exactly as given
    assert isinstance(found[0], Finding)
    assert engine.stats.findings == {"T": 2, "D": 1}
    assert engine.stats.matches == 8 and engine.stats.dispatched == 2 and engine.stats.events == 2


def test_raising_signature_reported_and_others_run():
    seen = []

    def boom(e):
        raise ConflictError("eval_conflict_error", "complete rules must not produce multiple outputs")

    errors = []
    engine = Engine(
        [
            sig("A", [{"name": "*"}], lambda e: seen.append("A") or True),
            sig("BOOM", [{"name": "*"}], boom),
            sig("BUG", [{"name": "*"}], lambda e: e["missing"]),
            sig("C", [{"name": "*"}], lambda e: seen.append("C") or {"x": 1}),
        ],
        on_error=lambda s, e, exc: errors.append((s.id, type(exc).__name__)),
    )
    found = engine.process(ev("execve"))
    assert [f.signature.id for f in found] == ["A", "C"]
    assert seen == ["A", "C"]
    assert errors == [("BOOM", "ConflictError"), ("BUG", "KeyError")]
    assert engine.stats.errors == {"BOOM": 1, "BUG": 1}
    # in the hot loop: reported with the line number
    sink = Sink()
    engine.scan([orjson.dumps(ev("execve"))] * 2, "f.jsonl", 10, sink)
    assert [f.line for f in sink.findings] == [11, 11, 12, 12]
    assert sink.problems == [
        "f.jsonl:11: signature BOOM failed: eval_conflict_error: complete rules must not produce multiple outputs",
        "f.jsonl:11: signature BUG failed: KeyError: 'missing'",
        "f.jsonl:12: signature BOOM failed: eval_conflict_error: complete rules must not produce multiple outputs",
        "f.jsonl:12: signature BUG failed: KeyError: 'missing'",
    ]
    assert issubclass(ConflictError, RegoRuntimeError)


def test_process_rejects_malformed_event():
    engine = Engine([sig("A", [{"name": "*"}], lambda e: True)])
    with pytest.raises(EventError, match="eventName"):
        engine.process({"args": []})
    assert (engine.stats.events, engine.stats.skipped) == (1, 1)


def test_scan_malformed_lines_mixed_with_good_ones():
    engine = Engine([sig("A", [{"name": "*"}], lambda e: {"n": e["n"]})])
    good = [orjson.dumps(ev("execve", n=i)) for i in range(6)]
    lines = [
        good[0],
        b"{not json",
        good[1],
        b"",  # blank: ignored, not counted
        b"[1, 2]",
        good[2],
        b'{"eventName": 1}',
        good[3],
        b'{"eventName": "x", "contextFlags": {"containerStarted": "yes"}}',
        good[4],
        b'{"eventName": "x", "container": {"id": 12}}' + b" " * 200,
        good[5],
    ]
    sink = Sink()
    engine.scan(lines, "in.jsonl", 0, sink)
    assert [(f.line, f.data) for f in sink.findings] == [(1, {"n": 0}), (3, {"n": 1}), (6, {"n": 2}), (8, {"n": 3}), (10, {"n": 4}), (12, {"n": 5})]
    assert sink.problems == [
        "in.jsonl:2: skipped: bad JSON at column 2: unexpected character, expected a string key: {not json",
        "in.jsonl:5: skipped: not a JSON object but an array: [1, 2]",
        "in.jsonl:7: skipped: eventName is a number, not a string: {\"eventName\": 1}",
        "in.jsonl:9: skipped: contextFlags.containerStarted is a string, not a boolean: "
        + "{\"eventName\": \"x\", \"contextFlags\": {\"containerStarted\": \"yes\"}}",
        "in.jsonl:11: skipped: container.id is a number, not a string: "
        + ('{"eventName": "x", "container": {"id": 12}}' + " " * 200)[:80]
        + "...",
    ]
    assert engine.stats.skipped == 5
    assert engine.stats.events == 11


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "eventName": st.one_of(st.sampled_from(["execve", "openat", "clone"]), st.integers(-5, 5), st.none()),
            "args": st.one_of(st.just([]), st.none(), st.just({}), st.just("x")),
            "contextFlags": st.one_of(
                st.none(),
                st.just([]),
                st.fixed_dictionaries({}, optional={"containerStarted": st.one_of(st.booleans(), st.none(), st.integers(0, 1), st.just("true"))}),
            ),
            "container": st.one_of(
                st.none(),
                st.just("id"),
                st.fixed_dictionaries({}, optional={"id": st.one_of(st.just(""), st.just("abc"), st.none(), st.integers(0, 3))}),
            ),
        },
    )
)
def test_scan_and_event_key_agree(event):
    """Whatever the shape, the hot loop classifies an event as event_key() does."""
    calls = []
    engine = selection_engine(calls)
    sink = Sink()
    engine.scan([orjson.dumps(event)], "p", 0, sink)
    try:
        name, origin = event_key(event)
    except EventError as exc:
        assert sink.problems == [f"p:1: skipped: {exc}: {orjson.dumps(event).decode()[:80]}" + ("..." if len(orjson.dumps(event)) > 80 else "")]
        assert calls == []
        return
    assert sink.problems == []
    assert [c[0] for c in calls] == [s.id for s in engine.select(name, origin)]


# -- decoding --------------------------------------------------------------------------------


def test_decode_keeps_big_integers_exact():
    big = 2**70
    assert decode_line(f'{{"a": {big}, "b": -{big}}}'.encode()) == {"a": big, "b": -big}
    v = decode_line(b'{"a": -9223372036854775809}')
    assert v["a"] == -9223372036854775809 and isinstance(v["a"], int)
    # within 64 bits orjson's own result is kept
    assert decode_line(b'{"a": 18446744073709551615, "t": 1700000000123456789}') == {"a": 2**64 - 1, "t": 1700000000123456789}
    # a long run of digits inside a string: decoded again, same value
    assert decode_line(b'{"s": "123456789012345678901234"}') == {"s": "123456789012345678901234"}
    assert decode_line(b'[1.5, "x"]') == [1.5, "x"]


@pytest.mark.parametrize("line", [b'{"a": NaN}', b'{"a": 1e400}', b"{", b'{"a": 123456789012345678901, "b": Infinity}'])
def test_decode_rejects_what_orjson_rejects(line):
    with pytest.raises(EventError, match="^bad JSON"):
        decode_line(line)


def test_scan_big_integers_reach_match_exactly():
    got = []
    engine = Engine([sig("A", [{"name": "*"}], lambda e: got.append(e["n"]))])
    engine.scan([b'{"eventName": "x", "n": 123456789012345678901234567890}'], "p", 0, Sink())
    assert got == [123456789012345678901234567890]


def _events_text():
    return b"".join(
        [
            orjson.dumps(ev("execve")) + b"\n",
            b"\n",
            b"garbage\n",
            orjson.dumps(ev("openat", "container")),  # no final newline
        ]
    )


def test_iter_events_file_gzip_and_stream(tmp_path):
    plain = tmp_path / "e.jsonl"
    plain.write_bytes(_events_text())
    packed = tmp_path / "e.bin"  # gzip recognised by its magic bytes, not its name
    packed.write_bytes(gzip.compress(_events_text()))
    for path in (plain, packed, str(plain)):
        items = list(iter_events(path))
        assert [(s, n) for s, n, _ in items] == [(str(path), 1), (str(path), 3), (str(path), 4)]
        assert items[0][2] == ev("execve")
        assert isinstance(items[1][2], EventError)
        assert items[2][2] == ev("openat", "container")
    stream_items = list(iter_events(io.BytesIO(gzip.compress(_events_text())), name="s"))
    assert [(s, n, type(x).__name__) for s, n, x in stream_items] == [("s", 1, "dict"), ("s", 3, "EventError"), ("s", 4, "dict")]
    text_items = list(iter_events(io.StringIO(_events_text().decode()), name="t"))
    assert [x for _, _, x in text_items if isinstance(x, dict)] == [ev("execve"), ev("openat", "container")]


def test_iter_events_feeds_engine_run():
    engine = Engine([sig("A", [{"name": "openat", "origin": "container"}], lambda e: True)])
    events = [x for _, _, x in iter_events(io.BytesIO(_events_text())) if not isinstance(x, EventError)]
    assert [f.event["eventName"] for f in engine.run(events)] == ["openat"]


def test_decoded_event_matches_json_module():
    line = orjson.dumps(ev("execve", args=[{"name": "argv", "value": ["a", "é", "\u2028"]}], f=1.25, n=None))
    assert decode_line(line) == json.loads(line)


def test_profile_times_every_match_call():
    engine = Engine(
        [sig("A", [{"name": "*"}], lambda e: True), sig("B", [{"name": "execve"}], lambda e: None)],
        profile=True,
    )
    for name in ("execve", "clone", "execve"):
        engine.process(ev(name))
    timing = engine.take_timing()
    assert {k: n for k, (n, _) in timing.items()} == {"A": 3, "B": 2}
    assert all(secs >= 0 for _, secs in timing.values())
    assert engine.take_timing() == {}  # reset
    found = engine.process(ev("execve"))
    assert found[0].signature is engine.signatures[0]  # the signature itself, not a wrapper


def test_origin_agrees_with_the_rego_helper_in_opa():
    """event_origin() gives what signatures/helpers.rego's event_origin gives
    in real OPA, for every well-typed shape (null and mistyped fields are
    where they part: the engine follows Tracee's Go types, null = absent,
    and refuses mistyped events)."""
    from pathlib import Path

    from opa_bindings import OpaEngine

    helpers = Path(__file__).resolve().parent.parent / "signatures" / "helpers.rego"
    opa = OpaEngine()
    opa.add_policy("helpers.rego", helpers.read_text())
    shapes = []
    for cf in (None, {}, {"containerStarted": True}, {"containerStarted": False}):
        for c in (None, {}, {"id": ""}, {"id": "abc"}):
            e = {"eventName": "x", "args": []}
            if cf is not None:
                e["contextFlags"] = cf
            if c is not None:
                e["container"] = c
            shapes.append(e)
    for e in shapes:
        assert opa.eval_query("x = data.tracee.helpers.event_origin", input=e) == [{"x": event_origin(e)}], e

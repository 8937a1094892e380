"""`rego2py run` on hostile and damaged input: deep events, truncated gzip,
very long lines, control characters in names. Every line is reported and
skipped or matched, every finding written, nothing reaches the terminal raw."""

from __future__ import annotations

import gzip
import io
import json
import operator
import re
import time
import zlib

from test_cmd_run import BASIC, SHADOW, SHELL, findings, jsonl, rego2py

from transpiler import cmd_run
from transpiler.runtime.deep import deep_call as deep


def deep_jsonl(*events) -> bytes:
    """JSON lines of events nested deeper than orjson writes."""
    return b"".join(deep(json.dumps, e).encode() + b"\n" for e in events)

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _nested(depth: int, leaf) -> list:
    v = leaf
    for _ in range(depth - 1):
        v = [v]
    return v


def test_deep_event_with_big_integer_is_matched_not_a_crash(tmp_path):
    """orjson decodes 1,024 levels; the exact decoding of a line with a
    20-digit run used to raise RecursionError from 1,000 levels on, killing
    the run (exit 1, every later finding lost)."""
    deep_ev = dict(SHELL, extra=_nested(1010, 123456789012345678901234567890))
    events = [deep_ev] + [dict(SHADOW, processId=i) for i in range(5)]
    path = tmp_path / "e.jsonl"
    path.write_bytes(deep_jsonl(*events))
    status, out, err = rego2py(BASIC, path)
    assert (status, err) == (0, "")
    got = [deep(json.loads, x) for x in out.splitlines()]
    assert [f["signature"]["id"] for f in got] == ["FIX-1"] + ["FIX-3"] * 5
    assert deep(operator.eq, got[0]["event"], deep_ev)


def test_deep_event_finding_is_written_in_json(tmp_path):
    """orjson writes 255 levels; a finding whose event was deeper was lost."""
    deep_ev = dict(SHELL, extra=_nested(1020, "x"))
    path = tmp_path / "e.jsonl"
    path.write_bytes(deep_jsonl(deep_ev, SHADOW))
    status, out, err = rego2py(BASIC, path)
    assert (status, err) == (0, "")
    got = [deep(json.loads, x) for x in out.splitlines()]
    assert [f["signature"]["id"] for f in got] == ["FIX-1", "FIX-3"]
    assert deep(operator.eq, got[0]["event"], deep_ev)


def _complete_lines(packed: bytes) -> int:
    """Whole lines a gzip decoder can give from a truncated file."""
    data = zlib.decompressobj(31).decompress(packed)
    return data.count(b"\n")


def test_truncated_gzip_keeps_every_complete_line(tmp_path):
    events = [dict(SHADOW, processId=i) for i in range(3000)]
    packed = gzip.compress(jsonl(*events))[:-200]
    n = _complete_lines(packed)
    assert 0 < n < 3000
    path = tmp_path / "e.jsonl.gz"
    path.write_bytes(packed)
    for args, source, kw in [
        ((BASIC, path), str(path), {}),
        ((BASIC, path, "--workers", "2"), str(path), {}),
        ((BASIC,), "<stdin>", {"input": packed}),
    ]:
        status, out, err = rego2py(*args, **kw)
        assert status == 2, args
        assert len(findings(out)) == n, args
        assert f"{source}: cannot read after line {n}: " in err, (args, err)
        assert "Traceback" not in err


def test_a_very_long_line_is_read_in_linear_time():
    """The pieces of a line longer than a block are joined once (about 0.2 s
    of CPU for 48 MB read in pieces of 64 KB); the bound leaves room for a
    loaded machine."""
    line = b"x" * (48 << 20) + b"\n" + b"{}\n"
    t0 = time.process_time()
    blocks = list(cmd_run._blocks(io.BufferedReader(io.BytesIO(line)), 1 << 16))
    assert time.process_time() - t0 < 5
    assert b"".join(blocks) == line
    assert all(b.endswith(b"\n") for b in blocks)


def test_text_output_and_messages_escape_control_characters(tmp_path):
    forged = "bash\n*** Detection ***\nSignature: FAKE\x1b]0;owned\x07\x1b[2J\u202e\x9b"
    ev = dict(SHELL, processName=forged)
    ev["container"] = {"id": "0123456789abcdef", "name": "web\r\n\x1b[31mred"}
    bad = b'{"eventName": "x\x1b[2J\x07", \x1b]0;t\x07\n'
    path = tmp_path / "e.jsonl"
    path.write_bytes(jsonl(ev) + bad + jsonl(SHADOW))
    status, out, err = rego2py(BASIC, path, "--format", "text")
    assert status == 1  # the bad line is skipped
    text = out.decode()
    assert text.splitlines().count("*** Detection ***") == 2
    assert not _CONTROL.search(text)
    assert "Process:   bash\\n*** Detection ***\\nSignature: FAKE\\x1b]0;owned\\x07\\x1b[2J\\u202e\\x9b" in text
    assert "web\\r\\n\\x1b[31mred" in text
    assert not _CONTROL.search(err)
    assert f"{path}:2: skipped: " in err and "\\x1b[2J" in err


_DYNAMIC_REGEX = """package tracee.RX_1

__rego_metadoc__ := {"id": "RX-1", "version": "1", "name": "dynamic regex", "eventName": "x",
  "description": "a pattern from the event", "properties": {"Severity": 1}}

tracee_selected_events contains {"source": "tracee", "name": "x"}

tracee_match if regex.match(input.args[0].value, input.processName)
"""


def test_patterns_from_events_cannot_stall_or_crash(tmp_path):
    """A pattern taken from an event runs on RE2: a backtracking bomb answers
    at once, a pattern over RE2's memory budget is that signature's reported
    error (never a wrong answer), and the run goes on."""
    (tmp_path / "sig.rego").write_text(_DYNAMIC_REGEX)

    def ev(pattern, name):
        return {"eventName": "x", "processName": name, "args": [{"name": "p", "value": pattern}]}

    events = [
        ev("^(a+)+$", "a" * 30 + "!"),
        ev("^(a+)+$", "a" * 5000),
        ev("\\pL{1000}" * 8, "é"),
        ev("(", "x"),
        ev("b$", "ab"),
    ]
    path = tmp_path / "e.jsonl"
    path.write_bytes(jsonl(*events))
    t0 = time.perf_counter()
    status, out, err = rego2py(tmp_path / "sig.rego", path, "--cache-dir", tmp_path / "cache")
    assert time.perf_counter() - t0 < 60
    assert status == 0
    assert [f["event"]["processName"] for f in findings(out)] == ["a" * 5000, "ab"]
    assert f"{path}:3: signature RX-1 failed: UnsupportedRegex: " in err
    assert "memory budget of 64 MB" in err
    assert "Traceback" not in err

"""`rego2py run`: output formats, streaming, bad input, errors, workers, gzip, cache."""

from __future__ import annotations

import gzip
import json
import os
import select
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from transpiler import build
from transpiler.run import render, report, signatures
from transpiler.cli import main as cli_main
from transpiler.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "engine"
BASIC = FIXTURES / "sigs_basic"
RAISING = FIXTURES / "sigs_raising"


def rego2py(*args, input: bytes | None = None, cwd=None):
    """Run the command in a fresh interpreter; (exit status, stdout, stderr)."""
    proc = subprocess.run(
        [sys.executable, "-m", "transpiler.cli", "run", *map(str, args)],
        input=input,
        capture_output=True,
        cwd=cwd or ROOT,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr.decode()


def event(name, origin="host", pid=1, process="bash", **extra):
    e = {
        "timestamp": 1700000000123456789 + pid,
        "processId": pid,
        "hostProcessId": pid + 1000,
        "processName": process,
        "eventName": name,
        "container": {"id": "", "name": ""},
        "contextFlags": {"containerStarted": False, "isCompat": False},
        "args": [],
    }
    if origin == "container":
        e["container"] = {"id": "0123456789abcdef", "name": "web"}
        e["contextFlags"]["containerStarted"] = True
    elif origin == "container-init":
        e["container"] = {"id": "0123456789abcdef", "name": "web"}
    e.update(extra)
    return e


def arg(name, value):
    return {"name": name, "type": "const char*", "value": value}


SHELL = event("execve", "container", pid=7, args=[arg("pathname", "/bin/sh")])
SHADOW = event("openat", "host", pid=8, process="cat", args=[arg("pathname", "/etc/shadow"), arg("flags", 0)])
NETCAT = event("connect", "container-init", pid=9, process="nc")
QUIET = event("openat", "container", pid=10, args=[arg("pathname", "/etc/shadow")])  # FIX-3 wants host


def jsonl(*events) -> bytes:
    return b"".join(orjson.dumps(e) + b"\n" for e in events)


def findings(out: bytes):
    return [orjson.loads(line) for line in out.splitlines()]


def basic_signatures():
    return signatures.load_package(BASIC)


# -- output formats -------------------------------------------------------------------


def test_json_lines_output(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_bytes(jsonl(SHELL, QUIET, SHADOW, NETCAT))
    status, out, err = rego2py(BASIC, path)
    assert (status, err) == (0, "")
    got = findings(out)
    assert [(f["signature"]["id"], f["data"]) for f in got] == [
        ("FIX-1", {"pathname": "/bin/sh"}),
        ("FIX-3", {"file": "/etc/shadow", "flags": 0}),
        ("FIX-2", None),
    ]
    assert [f["event"] for f in got] == [SHELL, SHADOW, NETCAT]
    sig1 = basic_signatures()[0]
    assert got[0]["signature"] == sig1.metadata
    assert got[0]["signature"]["properties"]["Severity"] == 3


def test_text_output(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_bytes(jsonl(SHELL, SHADOW))
    status, out, err = rego2py(BASIC, path, "--format", "text")
    assert (status, err) == (0, "")
    blocks = out.decode().split("\n\n")
    assert blocks[0].splitlines() == [
        "*** Detection ***",
        "Time:      2023-11-14T22:13:20.123456796Z",
        "Signature: FIX-1 (Shell started in a container)",
        "Severity:  3",
        f"Event:     execve ({path}:1)",
        "Process:   bash (pid 7, host pid 1007)",
        "Container: 0123456789ab web",
        'Data:      {"pathname":"/bin/sh"}',
    ]
    lines = blocks[1].splitlines()
    assert lines[2:] == [
        "Signature: FIX-3 (Shadow file read on the host)",
        "Severity:  4",
        f"Event:     openat ({path}:2)",
        "Process:   cat (pid 8, host pid 1008)",
        "Container: host",
        'Data:      {"file":"/etc/shadow","flags":0}',
    ]
    assert blocks[2:] == [""]


def test_template_output(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_bytes(jsonl(SHELL, NETCAT, SHADOW))
    tpl = tmp_path / "finding.j2"
    tpl.write_text(
        "{{ signature.id }}|{{ signature.properties.Severity }}|{{ event.processName }}"
        "|{{ data | json }}|{{ line }}"
    )
    status, out, err = rego2py(BASIC, path, "--template", tpl)
    assert (status, err) == (0, "")
    assert out.decode().splitlines() == [
        'FIX-1|3|bash|{"pathname":"/bin/sh"}|1',
        "FIX-2|2|nc|null|2",
        'FIX-3|4|cat|{"file":"/etc/shadow","flags":0}|3',
    ]


def test_bad_template_is_a_usage_error(tmp_path):
    tpl = tmp_path / "bad.j2"
    tpl.write_text("line one\n{{ signature.id }\n")
    status, out, err = rego2py(BASIC, "--template", tpl, input=jsonl(SHELL))
    assert status == 2 and out == b""
    assert f"{tpl}:2: template error:" in err
    assert "Traceback" not in err


def test_json_renderer_values_as_opa_gives_them():
    from transpiler.engine import Finding
    from transpiler.runtime import Set
    from transpiler.runtime.signature import Signature

    s = Signature("S", {"id": "S", "tags": Set(["b", "a"])}, [], lambda e: None, "p")
    big = 2**70
    line = render.JsonRenderer()(Finding(s, {"z": Set([3, 1, 2]), "a": big}, {"eventName": "x", "n": big}))
    assert line == (
        b'{"signature":{"id":"S","tags":["a","b"]},"data":{"a":%d,"z":[1,2,3]},'
        b'"event":{"eventName":"x","n":%d}}\n' % (big, big)
    )


def test_format_time():
    assert render.format_time(0) == "1970-01-01T00:00:00.000000000Z"
    assert render.format_time(1700000000000000001) == "2023-11-14T22:13:20.000000001Z"
    assert render.format_time(None) == "-"
    assert render.format_time("soon") == "soon"


# -- standard input --------------------------------------------------------------------------


def _readline(stream, timeout):
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if ready else None


def test_stdin_streaming_finding_comes_out_before_stdin_closes():
    proc = subprocess.Popen(
        [sys.executable, "-m", "transpiler.cli", "run", str(BASIC)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        proc.stdin.write(jsonl(QUIET))  # no finding
        proc.stdin.write(jsonl(SHADOW))
        proc.stdin.flush()
        line = _readline(proc.stdout, 30)
        assert line is not None, "no finding before stdin was closed"
        assert orjson.loads(line)["event"] == SHADOW
        proc.stdin.write(jsonl(NETCAT))
        proc.stdin.flush()
        line = _readline(proc.stdout, 30)
        assert orjson.loads(line)["signature"]["id"] == "FIX-2"
        assert proc.poll() is None  # still waiting for more events
    finally:
        proc.stdin.close()
        rest = proc.stdout.read()
        status = proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    assert (status, rest) == (0, b"")


def test_dash_reads_stdin_between_files(tmp_path):
    a = tmp_path / "a.jsonl"
    a.write_bytes(jsonl(SHELL))
    b = tmp_path / "b.jsonl"
    b.write_bytes(jsonl(NETCAT))
    status, out, err = rego2py(BASIC, a, "-", b, input=jsonl(SHADOW))
    assert (status, err) == (0, "")
    assert [f["signature"]["id"] for f in findings(out)] == ["FIX-1", "FIX-3", "FIX-2"]


# -- selection ----------------------------------------------------------------------------------


def test_selection_by_origin_and_wildcards(tmp_path):
    # FIX-1: execve from containers; FIX-2: "*" with no origin; FIX-3: openat
    # from the host; FIX-4: "*" from container-init
    evs = []
    for origin in ("host", "container", "container-init"):
        for name in ("execve", "openat", "clone"):
            evs.append(
                event(name, origin, pid=len(evs), process="nc" if name == "clone" else "runc",
                      args=[arg("pathname", "/etc/shadow" if name == "openat" else "/bin/sh")])
            )
    path = tmp_path / "sel.jsonl"
    path.write_bytes(jsonl(*evs))
    status, out, err = rego2py(BASIC, path)
    assert (status, err) == (0, "")
    got = [(f["event"]["processId"], f["signature"]["id"]) for f in findings(out)]
    assert got == [
        (1, "FIX-3"),  # host openat
        (2, "FIX-2"),  # host clone by nc
        (3, "FIX-1"),  # container execve of /bin/sh
        (5, "FIX-2"),  # container clone by nc
        (6, "FIX-4"),  # container-init execve by runc
        (7, "FIX-4"),  # container-init openat by runc
        (8, "FIX-2"),  # container-init clone by nc ...
    ]


# -- bad input and faults ------------------------------------------------------------------------


def mixed_lines():
    """Good events with malformed lines among them; (bytes, good events, bad line numbers)."""
    good = [SHELL, QUIET, SHADOW, NETCAT]
    bad = [
        b"{this is not json",
        b'["an", "array"]',
        b'{"eventName": 42, "args": []}',
        b'{"eventName": "execve", "args": "not-a-list"}',
        b'{"eventName": "execve", "contextFlags": {"containerStarted": "yes"}}',
        b'{"eventName": "execve", "container": {"id": 5}}',
        b"\xff\xfe not utf-8",
    ]
    lines, good_events, bad_numbers = [], [], []
    for i in range(40):
        if i % 3 == 1:
            lines.append(bad[(i // 3) % len(bad)])
            bad_numbers.append(len(lines))
        else:
            e = dict(good[i % len(good)], processId=i)
            lines.append(orjson.dumps(e))
            good_events.append(e)
    return b"\n".join(lines) + b"\n", good_events, bad_numbers


def expected_findings(events):
    engine = Engine(basic_signatures())
    return [(f.signature.id, f.data, f.event) for e in events for f in engine.process(e)]


def test_malformed_lines_skipped_and_every_good_event_matched(tmp_path):
    data, good, bad_numbers = mixed_lines()
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(data)
    status, out, err = rego2py(BASIC, path, "--stats")
    assert status == 1
    got = [(f["signature"]["id"], f["data"], f["event"]) for f in findings(out)]
    assert got == expected_findings(good)
    assert len(got) > 10
    reported = [int(l.split(":")[1]) for l in err.splitlines() if ": skipped: " in l]
    assert reported == bad_numbers
    assert f"{path}:2: skipped: bad JSON at column 2: unexpected character, expected a string key: {{this is not json" in err
    assert f"{path}:5: skipped: not a JSON object but an array: [\"an\", \"array\"]" in err
    assert f"{path}:8: skipped: eventName is a number, not a string: " in err
    assert f"{path}:11: skipped: args is a string, not an array: " in err
    assert f"{len(bad_numbers)} malformed line(s) skipped" in err
    stats = dict(l.rsplit(None, 1) for l in err.splitlines() if l.startswith("  ") and "elapsed" not in l and "throughput" not in l)
    assert int(stats["  events read"]) == 40
    assert int(stats["  skipped (malformed)"]) == len(bad_numbers)
    assert int(stats["  findings"]) == len(got)
    assert "Traceback" not in err


def test_max_messages_limits_reports_not_counts(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"x\n" * 10 + jsonl(SHADOW))
    status, out, err = rego2py(BASIC, path, "--max-messages", "3")
    assert status == 1
    assert len(findings(out)) == 1
    assert err.count(": skipped: ") == 3
    assert "further messages suppressed" in err
    assert "10 malformed line(s) skipped" in err


def raising_events():
    return jsonl(
        event("execve", pid=1),
        event("execve", pid=2, process="boom"),
        event("openat", pid=3, process="bug"),
        event("execve", pid=4, process="boom"),
        event("execve", pid=5),
    )


def test_raising_signature_reported_others_still_run(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(raising_events())
    status, out, err = rego2py(RAISING, path)
    assert status == 0
    assert [(f["signature"]["id"], f["data"]) for f in findings(out)] == [
        ("FIX-OK", {"pid": 1}),
        ("FIX-OK", {"pid": 2}),
        ("FIX-OK", {"pid": 4}),
        ("FIX-OK", {"pid": 5}),
    ]
    assert err.splitlines() == [
        f"{path}:2: signature FIX-BOOM failed: eval_conflict_error: complete rules must not produce multiple outputs",
        f"{path}:3: signature FIX-BUG failed: KeyError: 'no such field'",
        f"{path}:4: signature FIX-BOOM failed: eval_conflict_error: complete rules must not produce multiple outputs",
        "rego2py run: 3 signature error(s)",
    ]
    status, out2, err2 = rego2py(RAISING, path, "--strict")
    assert (status, out2, err2) == (1, out, err)


def test_json_error_format_every_message_is_a_json_document(tmp_path):
    """--error-format json: every line of stderr is a document in OPA's
    shape: an error per skipped line or failed signature, located by the
    events file and line; the summary and the suppression notice as
    warnings; the same in worker processes; no progress lines."""
    path = tmp_path / "r.jsonl"
    path.write_bytes(raising_events() + b"x\n" + b"[1]\n")
    want = [
        {"errors": [{"code": "eval_conflict_error",
                     "message": "signature FIX-BOOM failed: complete rules must not produce multiple outputs",
                     "location": {"file": str(path), "row": 2}}]},
        {"errors": [{"code": "rego2py_error", "message": "signature FIX-BUG failed: KeyError: 'no such field'",
                     "location": {"file": str(path), "row": 3}}]},
        {"errors": [{"code": "eval_conflict_error",
                     "message": "signature FIX-BOOM failed: complete rules must not produce multiple outputs",
                     "location": {"file": str(path), "row": 4}}]},
        {"errors": [{"code": "rego2py_input_error",
                     "message": "skipped: bad JSON at column 1: unexpected character, expected a JSON value: x",
                     "location": {"file": str(path), "row": 6}}]},
        {"errors": [{"code": "rego2py_input_error", "message": "skipped: not a JSON object but an array: [1]",
                     "location": {"file": str(path), "row": 7}}]},
        {"errors": [], "warnings": [{"code": "rego2py_warning",
                                     "message": "2 malformed line(s) skipped, 3 signature error(s)"}]},
    ]
    for extra in ([], ["--workers", "2", "--chunk-bytes", "300"]):
        status, out, err = rego2py(RAISING, path, "--error-format", "json", *extra)
        assert status == 1
        assert len(findings(out)) == 4
        assert [json.loads(line) for line in err.splitlines()] == want, extra
    status, _, err = rego2py(RAISING, path, "--error-format", "json", "--max-messages", "1")
    assert [json.loads(line) for line in err.splitlines()] == [
        want[0],
        {"errors": [], "warnings": [{"code": "rego2py_warning",
                                     "message": "more problems; further messages suppressed (--max-messages)"}]},
        want[-1],
    ]
    # an input that cannot be read, and one with no signatures
    status, _, err = rego2py(RAISING, tmp_path / "none.jsonl", "--error-format", "json")
    assert status == 2
    assert [json.loads(line) for line in err.splitlines()] == [
        {"errors": [{"code": "rego2py_input_error", "message": f"{tmp_path / 'none.jsonl'}: no such file"}]}
    ]


def test_missing_events_file_is_a_usage_error(tmp_path):
    status, out, err = rego2py(BASIC, tmp_path / "nope.jsonl")
    assert (status, out) == (2, b"")
    assert err == f"rego2py run: {tmp_path / 'nope.jsonl'}: no such file\n"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: None, "no such file or directory"),
        (lambda d: d.mkdir(), "no .rego files here, and no __init__.py"),
        (lambda d: (d.mkdir(), (d / "__init__.py").write_text("x = 1\n")), "SIGNATURES is missing"),
        (lambda d: (d.mkdir(), (d / "__init__.py").write_text("import nonexistent_mod_xyz\n")), "cannot load the signatures: ModuleNotFoundError"),
        (lambda d: (d.mkdir(), (d / "__init__.py").write_text("def f(:\n")), "cannot load the signatures: SyntaxError"),
        (
            lambda d: (d.mkdir(), (d / "__init__.py").write_text(
                "from transpiler.runtime.signature import Signature\n"
                "SIGNATURES = [Signature('B', {}, [{'name': 'x', 'origin': 'ship'}], lambda e: None, 'p')]\n")),
            "unknown origin 'ship'",
        ),
    ],
)
def test_bad_signatures_dir_is_a_usage_error(tmp_path, make, message):
    d = tmp_path / "sigs"
    make(d)
    status, out, err = rego2py(d, "--cache-dir", tmp_path / "cache", input=b"")
    assert (status, out) == (2, b"")
    assert message in err
    assert "Traceback" not in err


def test_broken_pipe_is_quiet(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_bytes(jsonl(*[dict(SHADOW, processId=i) for i in range(20000)]))
    proc = subprocess.run(
        f"{sys.executable} -m transpiler.cli run {BASIC} {path} | head -n 1",
        shell=True, capture_output=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 1
    assert proc.stderr == b""


# -- gzip and workers --------------------------------------------------------------------------------


def test_gzip_input_file_and_stdin(tmp_path):
    data, good, _ = mixed_lines()
    plain = tmp_path / "e.jsonl"
    plain.write_bytes(data)
    packed = tmp_path / "e.jsonl.gz"
    packed.write_bytes(gzip.compress(data))
    s1, out1, err1 = rego2py(BASIC, plain)
    s2, out2, err2 = rego2py(BASIC, packed)
    s3, out3, err3 = rego2py(BASIC, input=gzip.compress(data))
    assert s1 == s2 == s3 == 1
    assert out2 == out1.replace(b'"file":"%s"' % str(plain).encode(), b'"file":"%s"' % str(packed).encode())
    assert out3 == out1.replace(b'"file":"%s"' % str(plain).encode(), b'"file":"<stdin>"')
    assert len(findings(out1)) == len(expected_findings(good))
    assert err2 == err1.replace(str(plain), str(packed))
    assert err3 == err1.replace(str(plain), "<stdin>")


def test_corrupt_gzip_is_reported(tmp_path):
    packed = tmp_path / "e.gz"
    packed.write_bytes(gzip.compress(jsonl(*[dict(SHADOW, processId=i) for i in range(2000)]))[:-30])
    status, out, err = rego2py(BASIC, packed)
    assert status == 2
    assert f"{packed}: cannot read after line" in err
    assert "Traceback" not in err


def test_workers_give_the_same_output_in_the_same_order(tmp_path):
    data, good, _ = mixed_lines()
    a = tmp_path / "a.jsonl"
    a.write_bytes(data * 5)
    b = tmp_path / "b.jsonl.gz"
    b.write_bytes(gzip.compress(jsonl(*[dict(e, processId=1000 + i) for i, e in enumerate(good)])))
    r = tmp_path / "r.jsonl"
    r.write_bytes(raising_events() * 3)
    for sigs, files in ((BASIC, [a, b]), (RAISING, [r, a])):
        one = rego2py(sigs, *files, "--chunk-bytes", "700", "--stats")
        two = rego2py(sigs, *files, "--chunk-bytes", "700", "--stats", "--workers", "2")
        assert one[0] == two[0]
        assert one[1] == two[1]
        assert len(one[1]) > 1000
        strip = lambda err: [l for l in err.splitlines() if "elapsed" not in l and "throughput" not in l]
        assert strip(one[2]) == strip(two[2])


# -- transpiling .rego sources, and the cache ----------------------------------------------------------


class FakeBuildError:
    def __init__(self, text):
        self.text = text

    def render(self):
        return self.text


@pytest.fixture
def fake_build(monkeypatch):
    """build_package replaced by a copy of the fixture package; records calls."""
    calls = []

    def build_package(sources, out_dir, *, strict=False, **kw):
        calls.append(sorted(p.name for p in sources))
        shutil.copytree(BASIC, out_dir, ignore=shutil.ignore_patterns("__pycache__"))
        if any(p.name == "broken.rego" for p in sources):
            raise build.BuildErrors([FakeBuildError("broken.rego:3:1: unsupported: something")])

    monkeypatch.setattr(build, "build_package", build_package)
    # rego2py's own code is part of the cache key; others edit it while tests run
    monkeypatch.setattr(signatures, "_code_fingerprint", lambda: b"pinned")
    return calls


def run_in_process(capfdbinary, *args):
    status = cli_main(["run", *map(str, args)])
    out, err = capfdbinary.readouterr()
    return status, out, err.decode()


def test_cache_transpiles_once_per_content(tmp_path, fake_build, capfdbinary):
    src = tmp_path / "rego"
    src.mkdir()
    (src / "a.rego").write_text("package tracee.a\n")
    (src / "b_test.rego").write_text("package tracee.a_test\n")  # tests are not signatures
    events = tmp_path / "e.jsonl"
    events.write_bytes(jsonl(SHADOW))
    cache = tmp_path / "cache"
    first = run_in_process(capfdbinary, src, events, "--cache-dir", cache)
    assert first[0] == 0 and "transpiled 1 Rego file(s)" in first[2]
    assert fake_build == [["a.rego"]]
    second = run_in_process(capfdbinary, src, events, "--cache-dir", cache)
    assert second[:2] == first[:2] and second[2] == ""
    assert fake_build == [["a.rego"]]  # not transpiled again
    assert [f["signature"]["id"] for f in findings(second[1])] == ["FIX-3"]
    (src / "a.rego").write_text("package tracee.a\n# changed\n")
    third = run_in_process(capfdbinary, src, events, "--cache-dir", cache)
    assert third[0] == 0 and len(fake_build) == 2
    assert len([p for p in cache.iterdir() if not p.name.startswith(".")]) == 2


def test_cache_dir_defaults_to_xdg(tmp_path, fake_build, capfdbinary, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    src = tmp_path / "one.rego"
    src.write_text("package tracee.a\n")
    status, out, err = run_in_process(capfdbinary, src, os.devnull)
    assert status == 0
    assert (tmp_path / "xdg" / "rego2py").is_dir()
    assert f"into {tmp_path / 'xdg' / 'rego2py'}" in err


def test_build_errors_exit_2_unless_keep_going(tmp_path, fake_build, capfdbinary):
    src = tmp_path / "rego"
    src.mkdir()
    (src / "broken.rego").write_text("package tracee.b\n")
    events = tmp_path / "e.jsonl"
    events.write_bytes(jsonl(SHADOW))
    cache = tmp_path / "cache"
    status, out, err = run_in_process(capfdbinary, src, events, "--cache-dir", cache)
    assert (status, out) == (2, b"")
    assert "broken.rego:3:1: unsupported: something" in err
    assert "1 error(s) in the Rego sources (--keep-going runs" in err
    # cached with its errors: reported again, not rebuilt
    status, out, err = run_in_process(capfdbinary, src, events, "--cache-dir", cache, "--keep-going")
    assert status == 1 and len(fake_build) == 1
    assert "broken.rego:3:1: unsupported: something" in err
    assert [f["signature"]["id"] for f in findings(out)] == ["FIX-3"]


REAL_SIGNATURE = """package tracee.TRC_R2P_T1

import rego.v1

__rego_metadoc__ := {
	"id": "TRC-R2P-T1",
	"version": "1.0.0",
	"name": "Shadow read",
	"properties": {"Severity": 3},
}

tracee_selected_events contains {"source": "tracee", "name": "openat", "origin": "host"}

tracee_match := {"path": arg.value} if {
	some arg in input.args
	arg.name == "pathname"
	arg.value == "/etc/shadow"
}
"""


def test_real_transpile_and_cache_reuse(tmp_path, monkeypatch, capfdbinary):
    """Depends on the transpiler (build_package): .rego sources run directly,
    transpiled once. (rego2py's own code is fingerprinted into the cache key;
    it is pinned here, as other people edit the checkout while tests run.)"""
    monkeypatch.setattr(signatures, "_code_fingerprint", lambda: b"pinned")
    real_build = build.build_package
    calls = []
    monkeypatch.setattr(build, "build_package", lambda *a, **k: calls.append(1) or real_build(*a, **k))
    src = tmp_path / "sigs"
    src.mkdir()
    (src / "shadow.rego").write_text(REAL_SIGNATURE)
    events = tmp_path / "e.jsonl"
    events.write_bytes(jsonl(SHELL, SHADOW, QUIET))
    cache = tmp_path / "cache"
    s1, out1, err1 = run_in_process(capfdbinary, src, events, "--cache-dir", cache)
    assert s1 == 0, err1
    assert "transpiled 1 Rego file(s)" in err1
    got = findings(out1)
    assert [(f["signature"]["id"], f["data"], f["event"]) for f in got] == [
        ("TRC-R2P-T1", {"path": "/etc/shadow"}, SHADOW)
    ]
    s2, out2, err2 = run_in_process(capfdbinary, src, events, "--cache-dir", cache)
    assert (s2, out2, err2) == (0, out1, "")
    assert calls == [1]
    # a fresh process finds the cached package too
    s3, out3, err3 = rego2py(signatures.transpile_cached(src, cache)[0], events)
    assert (s3, out3, err3) == (0, out1, "")
    assert calls == [1]


def test_profile_counts_match_calls(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_bytes(jsonl(SHELL, QUIET, SHADOW, NETCAT) * 3)
    for workers in ("1", "2"):
        status, out, err = rego2py(BASIC, path, "--profile", "--workers", workers, "--chunk-bytes", "500")
        assert status == 0
        rows = {l.split()[0]: int(l.split()[1]) for l in err.splitlines()[2:]}
        # FIX-2 selects every event, FIX-1 container execve, FIX-3 host openat, FIX-4 container-init
        assert rows == {"FIX-2": 12, "FIX-1": 3, "FIX-3": 3, "FIX-4": 3, "total": 21}, err


def test_dead_worker_is_reported_not_a_hang(tmp_path):
    pkg = tmp_path / "crash"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        "import os\n"
        "from transpiler.runtime.signature import Signature\n"
        "def _match(event):\n"
        "    if event.get('processName') == 'die':\n"
        "        os._exit(3)\n"
        "    return None\n"
        "SIGNATURES = [Signature('CRASH', {}, [{'name': '*'}], _match, 'tracee.crash')]\n"
    )
    path = tmp_path / "e.jsonl"
    path.write_bytes(jsonl(*[event("execve", pid=i) for i in range(50)], event("execve", process="die")))
    status, out, err = rego2py(pkg, path, "--workers", "2", "--chunk-bytes", "1000")
    assert status == 2
    assert "a worker process died" in err
    assert "Traceback" not in err


def test_progress_bar_is_throttled_and_cleared():
    import io

    from transpiler.progress import Progress

    clock = [100.0]
    out = io.StringIO()
    bar = Progress(out, total=1000, clock=lambda: clock[0], tty=True)
    clock[0] = 101.0
    bar.update(500, 2000)  # within the first 2 seconds: not drawn
    clock[0] = 102.0
    bar.update(500, 2000)
    bar.update(600, 2400)  # same instant: not redrawn
    clock[0] = 102.05
    bar.update(700, 2800)  # 50 ms later: not redrawn
    clock[0] = 102.5
    bar.update(1000, 4000)
    bar.finish()
    frames = out.getvalue().split("\r")[1:]
    assert frames[0] == "\x1b[K[###############...............]  50.0%  2000 events  1,000 events/s"
    assert frames[1].startswith("\x1b[K[##############################] 100.0%  4000 events")
    assert frames[2] == "\x1b[K"
    assert len(frames) == 3


# -- output file and source positions ---------------------------------------------------------------


def test_output_file_and_source_of_each_finding(tmp_path):
    data, good, _ = mixed_lines()
    events = tmp_path / "e.jsonl"
    events.write_bytes(data)
    out = tmp_path / "findings.jsonl"
    status, stdout, err = rego2py(BASIC, events, "-o", out)
    assert status == 1 and stdout == b""  # malformed lines were skipped; nothing on stdout
    written = [orjson.loads(l) for l in out.read_bytes().splitlines()]
    assert len(written) == len(expected_findings(good))
    lines = data.split(b"\n")
    for f in written:
        assert f["source"]["file"] == str(events)
        assert orjson.loads(lines[f["source"]["line"] - 1]) == f["event"]
    assert rego2py(BASIC, events)[1] == out.read_bytes()


def test_output_file_must_not_be_an_input_or_unwritable(tmp_path):
    events = tmp_path / "e.jsonl"
    events.write_bytes(jsonl(SHADOW))
    before = events.read_bytes()
    status, _, err = rego2py(BASIC, events, "-o", events)
    assert status == 2 and "is also an events input" in err
    assert events.read_bytes() == before
    status, _, err = rego2py(BASIC, events, "-o", tmp_path / "no" / "dir" / "f.jsonl")
    assert status == 2 and "cannot write" in err and "Traceback" not in err
    status, _, err = rego2py(BASIC, events, "-o", tmp_path)
    assert status == 2 and "is a directory" in err

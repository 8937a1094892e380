"""The command-line flags not covered by the tests of each command's own
subject: the syntax switches (--v0/--v1), transpile --include-tests, eval's
--strict-builtin-errors, verify --limit, workload --raw/--main-format,
conformance --json/--timeout, run --no-progress. Each is run as a user runs
it (``main`` in this process) and its effect asserted."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from transpiler.cli import main

ROOT = Path(__file__).resolve().parent.parent
SIGS = ROOT / "signatures"
V0 = "package t\n\np[x] {\n\tx := 1\n}\n"
V1 = "package t\n\np contains x if {\n\tx := 1\n}\n"


@pytest.fixture
def sources(tmp_path):
    (tmp_path / "v0.rego").write_text(V0)
    (tmp_path / "v1.rego").write_text(V1)
    return tmp_path


def test_syntax_switches(sources, tmp_path, capsys):
    v0, v1 = str(sources / "v0.rego"), str(sources / "v1.rego")
    # detected per file by default; forced by --v0 / --v1
    assert main(["check", v0, v1]) == 0
    assert main(["check", "--v0", v0]) == 0
    assert main(["check", "--v1", v0]) == 1
    capsys.readouterr()
    assert main(["eval", "--v0", "-d", v0, "data.t.p"]) == 0
    assert json.loads(capsys.readouterr().out)["result"][0]["expressions"][0]["value"] == [1]
    assert main(["eval", "--v1", "-d", v0, "data.t.p"]) == 2
    capsys.readouterr()
    assert main(["transpile", "-q", "--no-format", "--v0", v0, "-o", str(tmp_path / "a")]) == 0
    assert main(["transpile", "-q", "--no-format", "--v1", v0, "-o", str(tmp_path / "b")]) == 2
    assert "v0.rego:3:" in capsys.readouterr().err


def test_transpile_include_tests(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "p.rego").write_text("package p\n\nx := 1\n")
    (src / "p_test.rego").write_text("package p_test\n\ntest_x if data.p.x == 1\n")
    assert main(["transpile", "-q", "--no-format", str(src), "-o", str(tmp_path / "a")]) == 0
    assert not (tmp_path / "a" / "p_test.py").exists() and (tmp_path / "a" / "p.py").exists()
    assert main(["transpile", "-q", "--no-format", "--include-tests", str(src), "-o", str(tmp_path / "b")]) == 0
    assert (tmp_path / "b" / "p_test.py").exists()


def test_eval_strict_builtin_errors_is_strict(capsys):
    assert main(["eval", 'x := to_number("a")']) == 0
    assert json.loads(capsys.readouterr().out) == {}
    assert main(["eval", "--strict-builtin-errors", "--format", "json", 'x := to_number("a")']) == 1
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "eval_builtin_error"


def test_verify_limit_reads_that_many_events(capsys):
    one = [str(SIGS / "v1" / "shadow_read.rego"), str(SIGS / "helpers.rego"), str(SIGS / "v1" / "lib_event.rego")]
    events = str(ROOT / "samples" / "kernel-build.jsonl.gz")
    assert main(["verify", *one, "--events", events, "--limit", "7", "-q"]) == 0
    assert "1 signature(s), 7 event(s)" in capsys.readouterr().err


def test_workload_forms(tmp_path, capsys):
    profile = str(ROOT / "samples" / "kernel-build.profile.json")
    out = tmp_path / "e.jsonl.gz"
    assert main(["workload", "-q", "-n", "20", "--profile", profile, "--main-format", "-o", str(out)]) == 0
    events = [json.loads(line) for line in gzip.decompress(out.read_bytes()).splitlines()]
    assert len(events) == 20 and all("name" in e and "eventName" not in e for e in events)
    assert main(["workload", "-q", "-n", "20", "--profile", profile, "--tracee", "0.22", "--raw"]) == 0
    raw = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    parsed_mode = [a for e in raw for a in e["args"] if a["name"] == "flags"]
    assert parsed_mode and all(isinstance(a["value"], int) for a in parsed_mode)  # raw: numbers, not "O_RDONLY|..."
    assert main(["workload", "-n", "1", "--raw"]) == 2
    assert "--raw needs --tracee" in capsys.readouterr().err
    # without a profile: the build's sched_process_fork carries start_time as
    # Go's time.Time text, as main's table types it (was an integer: refused)
    assert main(["workload", "-q", "-n", "200", "--main-format", "-o", str(tmp_path / "x.jsonl")]) == 0
    events = [json.loads(line) for line in (tmp_path / "x.jsonl").read_bytes().splitlines()]
    times = [d["str"] for e in events if e["name"] == "sched_process_fork" for d in e["data"] if d["name"] == "start_time"]
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z", t) for t in times)


def test_go_time_json():
    from transpiler.tracee.conform import go_time_json

    assert go_time_json(0) == "1970-01-01T00:00:00Z"
    assert go_time_json(1764151200_000000123) == "2025-11-26T10:00:00.000000123Z"
    assert go_time_json(1764151200_500000000) == "2025-11-26T10:00:00.5Z"


def test_conformance_json_report_and_timeout(tmp_path, capsys):
    cases = str(ROOT.parent / "shared" / "conformance" / "v1")
    report = tmp_path / "r.json"
    argv = ["conformance", cases, "-k", "aggregates/count", "--in-process", "-q", "--timeout", "30", "--json", str(report)]
    assert main(argv) == 0
    doc = json.loads(report.read_text())
    assert doc["totals"]["failed"] == 0 and doc["cases"] and all("aggregates/count" in c["note"] for c in doc["cases"])
    assert "passed" in capsys.readouterr().out


def test_run_no_progress_is_quiet(tmp_path, capsys, monkeypatch):
    from transpiler.progress import Progress

    init = Progress.__init__
    monkeypatch.setattr(Progress, "__init__", lambda self, *a, **k: init(self, *a, **{"grace": 0.0, "every": 0.0, **k}))
    argv = ["run", str(ROOT / "tests" / "fixtures" / "engine" / "sigs_basic"),
            str(ROOT / "samples" / "kernel-build.jsonl.gz"), "-o", str(tmp_path / "f.jsonl")]
    assert main(argv) == 0
    assert "rego2py: " in capsys.readouterr().err
    assert main([*argv, "--no-progress"]) == 0
    assert capsys.readouterr().err == ""

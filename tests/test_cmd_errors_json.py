"""``--format json`` errors (``--error-format json`` for run): every command
prints OPA's ``{"errors": [{"code", "message", "location": {"file", "row",
"col"}}]}`` through transpiler/diagnostics.py, with the exit statuses of
its text mode."""

from __future__ import annotations

import json

import pytest

from transpiler.cli import main

BAD = "package p\n\nx := 1 +\n"  # malformed: the term is missing at 3:9
UNSAFE = "package q\n\ny if {\n\tz == 1\n}\n"  # OPA: rego_unsafe_var_error at 4:2
NETWORK = "package r\n\nt := http.send({})\n"  # refused by rego2py at 3:6


@pytest.fixture
def tree(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "bad.rego").write_text(BAD)
    (d / "unsafe.rego").write_text(UNSAFE)
    (d / "uns.rego").write_text(NETWORK)
    return d


def _errors(text: str) -> list[tuple]:
    doc, _ = json.JSONDecoder().raw_decode(text)  # (run's stderr goes on with text notes)
    assert set(doc) == {"errors"}
    out = []
    for e in doc["errors"]:
        loc = e.get("location")
        where = (loc["file"].rsplit("/", 1)[-1], loc["row"], loc["col"]) if loc else None
        out.append((e["code"], where))
        assert isinstance(e["message"], str) and e["message"]
    return out


ALL = [
    ("rego_parse_error", ("bad.rego", 3, 9)),
    ("rego2py_unsupported", ("uns.rego", 3, 6)),
    ("rego_unsafe_var_error", ("unsafe.rego", 4, 2)),
]


def test_check(tree, capsys):
    assert main(["check", "--format", "json", str(tree)]) == 1
    assert _errors(capsys.readouterr().out) == ALL


def test_transpile(tree, tmp_path, capsys):
    assert main(["transpile", "--format", "json", str(tree), "-o", str(tmp_path / "out")]) == 2
    assert _errors(capsys.readouterr().out) == ALL
    # an error without a position: no location
    assert main([str(tmp_path / "missing.rego"), "--format", "json", "-o", str(tmp_path / "o2")]) == 2
    assert _errors(capsys.readouterr().out) == [("rego2py_input_error", None)]


def test_test_nothing_ran_errors_on_stdout(tmp_path, capsys):
    (tmp_path / "p_test.rego").write_text(BAD)
    assert main(["test", "-f", "json", str(tmp_path)]) == 2
    assert _errors(capsys.readouterr().out) == [("rego_parse_error", ("p_test.rego", 3, 9))]


def test_test_results_on_stdout_errors_on_stderr(tree, capsys):
    (tree / "ok_test.rego").write_text("package ok\n\ntest_a if true\n")
    assert main(["test", "-f", "json", str(tree)]) == 2  # malformed Rego: as in text mode
    captured = capsys.readouterr()
    assert [r["name"] for r in json.loads(captured.out)] == ["test_a"]
    assert _errors(captured.err) == ALL


def test_test_bad_option(tmp_path, capsys):
    assert main(["test", "-f", "json", "-r", "(", str(tmp_path)]) == 2
    assert _errors(capsys.readouterr().out) == [("rego2py_input_error", None)]


def test_fmt(tree, capsys):
    assert main(["fmt", "--format", "json", "-l", str(tree / "bad.rego"), str(tree / "unsafe.rego")]) == 2
    # unsafe.rego is formatted already: nothing listed, so the document is on stdout
    assert _errors(capsys.readouterr().out) == [("rego_parse_error", ("bad.rego", 3, 9))]
    # printing modules: stdout holds them, the error document goes to stderr
    assert main(["fmt", "--format", "json", str(tree / "bad.rego"), str(tree / "unsafe.rego")]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("package q\n")
    assert _errors(captured.err) == [("rego_parse_error", ("bad.rego", 3, 9))]


def test_fmt_errors_only(tree, capsys):
    assert main(["fmt", "--format", "json", "-l", str(tree / "bad.rego"), str(tree / "nope.rego")]) == 2
    assert _errors(capsys.readouterr().out) == [("rego_parse_error", ("bad.rego", 3, 9)), ("rego2py_input_error", None)]


def test_verify(tree, capsys):
    assert main(["verify", "--format", "json", str(tree), "--generate", "1"]) == 2
    assert _errors(capsys.readouterr().out) == [("rego_parse_error", ("bad.rego", 3, 9))]


def test_run(tree, tmp_path, capsys):
    events = tmp_path / "e.jsonl"
    events.write_text("")
    args = ["run", "--error-format", "json", str(tree), str(events), "--cache-dir", str(tmp_path / "cache")]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err[captured.err.index("{") :]  # after the note that the sources were transpiled
    assert _errors(err) == ALL + [("rego2py_input_error", None)]
    # cached: the same errors again, from the cache's error objects
    assert main(args) == 2
    assert _errors(capsys.readouterr().err) == ALL + [("rego2py_input_error", None)]
    # --keep-going: reported, then the run goes on (exit 1, as in text mode)
    assert main([*args, "--keep-going"]) == 1
    assert _errors(capsys.readouterr().err) == ALL
    # a usage error
    assert main(["run", "--error-format", "json", str(tree), str(tmp_path / "none.jsonl")]) == 2
    assert _errors(capsys.readouterr().err) == [("rego2py_input_error", None)]


def test_eval(tree, capsys):
    assert main(["eval", "--format", "json", "-d", str(tree / "unsafe.rego"), "data.q.y"]) == 2
    assert _errors(capsys.readouterr().out) == [("rego_unsafe_var_error", ("unsafe.rego", 4, 2))]


SIG = """package tracee.TRC_X

import rego.v1

__rego_metadoc__ := {"id": "TRC-X", "name": "x"}

tracee_selected_events contains {"name": "hooked_syscalls", "origin": "*"}

tracee_match if input.eventName == "hooked_syscalls"
"""
NOT_A_SIGNATURE = 'package tracee.NOTSIG\n\n__rego_metadoc__ := {"id": "N"}\n'


def _warnings(text: str) -> list[tuple]:
    doc = json.loads(text)
    assert set(doc) == {"errors", "warnings"} and doc["errors"] == []
    return [(w["code"], w["location"]["file"].rsplit("/", 1)[-1], w["location"]["row"], w["location"]["col"])
            for w in doc["warnings"]]


def test_warnings_are_in_the_document(tmp_path, capsys):
    """What a command reports without failing is a ``warnings`` list of error
    objects beside ``errors``: no text in JSON mode."""
    d = tmp_path / "sigs"
    d.mkdir()
    (d / "sig.rego").write_text(SIG)
    # check --tracee: warnings, or errors with --strict; the exit statuses of text mode
    assert main(["check", "--format", "json", "--tracee", "0.22", str(d)]) == 0
    out = capsys.readouterr().out
    assert _warnings(out) == [("rego2py_tracee_check", "sig.rego", 7, 42)]
    assert "Tracee v0.22.6 does not have" in out
    assert main(["check", "--format", "json", "--strict", "--tracee", "0.22", str(d)]) == 1
    assert _errors(capsys.readouterr().out) == [("rego2py_tracee_check", ("sig.rego", 7, 42))]
    # transpile: a package that looks like a signature and is not
    (d / "nosig.rego").write_text(NOT_A_SIGNATURE)
    assert main(["transpile", "--format", "json", "-q", str(d), "-o", str(tmp_path / "out")]) == 0
    assert _warnings(capsys.readouterr().out) == [("rego2py_warning", "nosig.rego", 1, 1)]
    # verify: a package rego2py refuses is not compared (the document on stderr: stdout has the results)
    (d / "uns.rego").write_text(NETWORK)
    assert main(["verify", "--format", "json", "-q", str(d), "--generate", "2"]) == 0
    cap = capsys.readouterr()
    assert cap.out.endswith(" passed, 0 failed\n")
    assert _warnings(cap.err[cap.err.index("{"):]) == [("rego2py_unsupported", "uns.rego", 3, 6)]


@pytest.mark.parametrize(
    "argv, stream",
    [
        (["bench", "--events", "0"], "out"),
        (["conformance", "MISSING"], "out"),
        (["workload", "-n", "-1"], "err"),  # stdout carries the events
        (["workload", "-n", "1", "-o", "MISSING/sub/x.jsonl"], "out"),
        (["workload", "-n", "1", "--profile", "MISSING"], "err"),
    ],
)
def test_the_other_commands(argv, stream, tmp_path, capsys):
    """bench, conformance and workload take --format json too; a file that
    cannot be written is an error, not a traceback."""
    argv = [a.replace("MISSING", str(tmp_path / "missing")) for a in argv]
    assert main([*argv, "--format", "json"]) == 2
    cap = capsys.readouterr()
    assert _errors(getattr(cap, stream)) == [("rego2py_input_error", None)]
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_usage_errors_follow_the_format(capsys):
    """A bad option, a missing argument or an unknown command is a JSON
    document too when the command line asks for JSON errors (run: on
    stderr); exit status 2 (argparse's SystemExit)."""

    def usage_error(argv) -> None:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2

    usage_error(["check", "--format", "json", "--bogus", "x"])
    assert _errors(capsys.readouterr().out) == [("rego2py_input_error", None)]
    for argv in (["eval", "-f", "json"], ["eval"]):  # eval's format is json by default
        usage_error(argv)
        out = capsys.readouterr().out
        assert _errors(out) == [("rego2py_input_error", None)] and "QUERY" in out
    usage_error(["eval", "-f", "pretty"])
    assert "the following arguments are required: QUERY" in capsys.readouterr().err
    usage_error(["run", "--error-format", "json"])
    cap = capsys.readouterr()
    assert cap.out == "" and _errors(cap.err) == [("rego2py_input_error", None)]
    assert main(["rn", "x", "--format", "json"]) == 2
    assert "did you mean 'run'" in capsys.readouterr().out
    usage_error(["check", "--bogus", "x"])  # text mode: argparse's usage message
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err

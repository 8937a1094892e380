"""``rego2py eval``: OPA's result documents, compared with OPA's own on the
conformance cases both run, and the command's options and exit statuses."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from opa_bindings import OpaError

from transpiler.cli import main
from transpiler.cmd_eval import evaluate
from transpiler.conformance import load_cases

ROOT = Path(__file__).resolve().parent.parent
CONFORMANCE = ROOT.parent / "shared" / "conformance" / "v1"


def _plain(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and "e" not in str(v).lower() and "." not in str(v) else float(v)
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def opa_result_document(modules, query, input=None, data=None) -> dict:
    """What ``opa eval`` prints for the query (OPA v1.20.2 through the bindings)."""
    from opa_bindings import OpaEngine
    from opa_bindings.engine import _cstr, _encode_input

    engine = OpaEngine()
    try:
        for name, src in modules:
            engine.add_policy(name, src)
        if data:
            engine.add_data(data)
        env = engine._call(engine._lib.OpaEvalQuery, _cstr(query), _encode_input(input), 0, 0)
    finally:
        engine.close()
    return {"result": env["result"]} if env.get("result") else {}


_CODE = re.compile(r"\b((?:rego|eval)_[a-z_]+_error)\b")


def _rego2py_eval(d: Path, case) -> tuple[int, dict | None]:
    """``rego2py eval --format json`` on the case, as a user runs it: its
    modules and data written to files (-d, --data-file), its input to -i,
    --strict for a strict case. (exit status, printed document)"""
    spec = case.spec
    args = ["eval", "--format", "json"]
    for name, src in case.module_files():
        (d / name).write_bytes(src.encode())
        args += ["-d", str(d / name)]
    data = _plain(spec.get("data")) or None
    if data:
        (d / "data.json").write_text(json.dumps(data))
        args += ["--data-file", str(d / "data.json")]
    if "input" in spec:
        (d / "input.json").write_text(json.dumps(_plain(spec["input"])))
        args += ["-i", str(d / "input.json")]
    if case.strict:
        args.append("--strict")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main([*args, spec["query"]])
    return status, json.loads(out.getvalue()) if out.getvalue().strip() else None


def test_the_eval_command_agrees_with_opa_on_the_conformance_cases(tmp_path):
    """Every conformance case both run: the same result document, or the
    same error code. Left out: inputs the bindings cannot take (a Rego term,
    null), cases rego2py refuses, and default-mode cases where only the
    bindings' strict mode errs."""
    counts = {"results": 0, "errors": 0, "refused": 0, "opa strict only": 0}
    mismatches = []
    for n, case in enumerate(load_cases([CONFORMANCE])):
        spec = case.spec
        if "input_term" in spec or ("input" in spec and spec["input"] is None):
            continue
        d = tmp_path / str(n)
        d.mkdir()
        status, got = _rego2py_eval(d, case)
        input_doc = _plain(spec["input"]) if "input" in spec else None
        try:
            want, want_code = opa_result_document(case.module_files(), spec["query"], input_doc,
                                                  _plain(spec.get("data")) or None), None
        except OpaError as exc:
            m = _CODE.search(str(exc))
            want, want_code = None, m.group(1) if m else str(exc)
        if status == 0:
            if want is not None and got == want:
                counts["results"] += 1
            elif want is None and not case.strict:
                counts["opa strict only"] += 1  # the bindings evaluate in strict mode only
            else:
                mismatches.append((case.note, got, want or want_code))
            continue
        code = got["errors"][0]["code"]
        if code == "rego2py_unsupported":
            counts["refused"] += 1
        elif want is None and code == want_code:
            counts["errors"] += 1
        else:
            mismatches.append((case.note, code, want or want_code))
    assert not mismatches, "\n".join(f"{n}:\n  rego2py {g}\n  opa     {w}" for n, g, w in mismatches[:10])
    assert counts["results"] > 1000 and counts["errors"] > 100, counts
    assert counts["refused"] + counts["opa strict only"] < 40, counts


QUERIES = [
    "data.test.p = x",
    "data.test.p",
    "x := 1; y = [x]",
    "count([1,2], n)",
    "1 == 2",
    "false; true",
    "1 == 2; 1 == 1",
    "some x in [1,2]",
    "data.test.s",
    "data.test.f(1)",
    "input.a[i]",
    "not true",
    "not false",
    "some x; x = 1",
    "x := 1\n\nx == 1",
    "  1 == 1  ;  2 == 2  ",
    "data.test.p with input as 1",
    "[x | x := input.a[_]]; true",
    "startswith(\"a\", \"b\")",
    "data.test.b",
    "data.test.nope",
    "data.test",
]

MODULE = """package test
p := 1
f(x) := x + 1
b := false
s contains x if some x in [3, 1, 2]
"""


@pytest.mark.parametrize("query", QUERIES)
def test_expression_values_texts_and_locations_as_opa(query):
    modules = [("a.rego", MODULE)]
    input_doc = {"a": [1, 2]}
    assert evaluate(modules, query, input=input_doc) == opa_result_document(modules, query, input_doc)


def _cli(*args, stdin=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "transpiler.cli", "eval", *map(str, args)],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd or ROOT,
    )


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "p.rego").write_text(MODULE)
    (tmp_path / "policy" / "roles").mkdir()
    (tmp_path / "policy" / "roles" / "data.json").write_text('{"admin": ["alice"]}')
    (tmp_path / "extra.yaml").write_text("limits:\n  max: 3\n")
    (tmp_path / "in.json").write_text('{"user": "alice"}')
    return tmp_path


def test_cli_loads_modules_data_and_input(tree):
    proc = _cli("-d", tree / "policy", "--data-file", tree / "extra.yaml", "-i", tree / "in.json",
                "x := data.roles.admin[_] == input.user; m := data.limits.max")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["result"][0]["bindings"] == {"x": True, "m": 3}


def test_cli_stdin_input_and_formats(tree):
    proc = _cli("-d", tree / "policy", "-I", "-f", "values", "data.test.s; input.user", stdin='{"user": "bob"}')
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [[[1, 2, 3], "bob"]]
    proc = _cli("-d", tree / "policy", "-f", "pretty", "some x in data.test.s")
    assert proc.stdout.splitlines()[1].split() == ["|", "x", "|"]
    assert [line.split()[1] for line in proc.stdout.splitlines()[3:6]] == ["1", "2", "3"]
    proc = _cli("-f", "raw", '"a" == "a"; upper("x")')
    assert proc.stdout.splitlines() == ["true", "X"]


def test_cli_fail_and_fail_defined(tree):
    assert _cli("-d", tree / "policy", "--fail", "data.test.nope").returncode == 1
    assert _cli("-d", tree / "policy", "--fail", "data.test.p").returncode == 0
    assert _cli("-d", tree / "policy", "--fail-defined", "data.test.p").returncode == 1
    assert _cli("-d", tree / "policy", "--fail-defined", "data.test.nope").returncode == 0
    proc = _cli("-d", tree / "policy", "data.test.nope")
    assert (proc.returncode, json.loads(proc.stdout)) == (0, {})


def test_cli_errors_are_located_and_machine_readable(tree):
    bad = tree / "bad.rego"
    bad.write_text("package x\np := \n")
    proc = _cli("-d", bad, "data.x.p")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    (err,) = doc["errors"]
    assert err["code"] == "rego_parse_error" and err["location"]["file"].endswith("bad.rego")
    assert err["location"]["row"] >= 2
    proc = _cli("-f", "pretty", "-d", bad, "data.x.p")
    assert proc.returncode == 2 and "bad.rego:" in proc.stderr and "Traceback" not in proc.stderr
    proc = _cli("--strict", 'x := to_number("a")')
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["errors"][0]["code"] == "eval_builtin_error"
    assert json.loads(_cli('x := to_number("a")').stdout) == {}
    proc = _cli("-i", tree / "missing.json", "true")
    assert proc.returncode == 2 and "missing.json" in proc.stdout
    (tree / "broken.json").write_text("{")
    proc = _cli("-i", tree / "broken.json", "true")
    assert proc.returncode == 2 and "broken.json:1:2" in proc.stdout


def _rego2py(*args):
    return subprocess.run([sys.executable, "-m", "transpiler.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_version_and_mistyped_commands():
    proc = _rego2py("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("rego2py ") and "OPA v1.20.2" in proc.stdout
    proc = _rego2py("rn", "generated", "x.jsonl")
    assert proc.returncode == 2
    assert "unknown command 'rn' (did you mean 'run'?)" in proc.stderr and "Traceback" not in proc.stderr
    proc = _rego2py("policies", "-o", "out")
    assert proc.returncode == 2 and "'policies' is neither a command nor a .rego file or directory" in proc.stderr
    proc = _rego2py("missing.rego", "-o", "out")  # a path: transpile names the missing file
    assert proc.returncode == 2 and "missing.rego" in proc.stderr and "unknown command" not in proc.stderr


def test_a_file_with_crlf_lines_is_read_as_it_is(tmp_path, capsys):
    """OPA reads a module's bytes: a raw string written over CRLF lines keeps
    its carriage returns (found by the conformance comparison above)."""
    src = "package crlf\r\n\r\np := `a\r\nb`\r\n"
    (tmp_path / "m.rego").write_bytes(src.encode())
    assert main(["eval", "-d", str(tmp_path / "m.rego"), "data.crlf.p"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got == opa_result_document([("m.rego", src)], "data.crlf.p")
    assert got["result"][0]["expressions"][0]["value"] == "a\r\nb"


def test_pretty_format_as_opa_draws_it(capsys):
    """``--format pretty``: one result without bindings is its value; else a
    table of the bindings and the non-boolean expressions (OPA's
    generateResultKeys), header centred, cells as compact JSON."""
    assert main(["eval", "-f", "pretty", '{"b": 1, "a": [1, 2]}']) == 0
    assert capsys.readouterr().out == '{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1\n}\n'
    assert main(["eval", "-f", "pretty", "1 == 1; 2 == 2"]) == 0
    assert capsys.readouterr().out == "true\n"
    assert main(["eval", "-f", "pretty", 'some k; {"a": {"x": 1}}[k]; k != "b"']) == 0
    assert capsys.readouterr().out == (
        "+-----+--------------------+\n"
        "|  k  | {\"a\": {\"x\": 1}}[k] |\n"
        "+-----+--------------------+\n"
        "| \"a\" | {\"x\":1}            |\n"
        "+-----+--------------------+\n"
    )
    assert main(["eval", "-f", "pretty", "false == true"]) == 0
    assert capsys.readouterr().out == "false\n"
    assert main(["eval", "-f", "pretty", "x := 1; false"]) == 0
    assert capsys.readouterr().out == "undefined\n"

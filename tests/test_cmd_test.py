"""`rego2py test`: the opa-test of this project."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rego2py(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "transpiler.cli", *args], capture_output=True, text=True, cwd=cwd
    )


def test_corpus_tests_all_pass():
    proc = rego2py("test", "signatures/")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    m = re.search(r"^(\d+) passed, (\d+) failed$", proc.stdout, re.M)
    assert m and int(m.group(1)) >= 2 * 67 and m.group(2) == "0"


def test_failures_are_reported_with_their_line(tmp_path):
    (tmp_path / "p.rego").write_text("package p\nimport rego.v1\nallow if input.user == \"admin\"\n")
    (tmp_path / "p_test.rego").write_text(
        "package p_test\nimport rego.v1\n\n"
        "test_admin if data.p.allow with input as {\"user\": \"admin\"}\n\n"
        "test_wrong if data.p.allow with input as {\"user\": \"bob\"}\n\n"
        "test_error if 1 / 0 == 1\n"
    )
    proc = rego2py("test", str(tmp_path), "--strict", cwd=tmp_path)
    assert proc.returncode == 1
    assert "FAIL data.p_test.test_wrong (" in proc.stdout
    assert "p_test.rego:6): undefined" in proc.stdout
    assert "FAIL data.p_test.test_error" in proc.stdout and "div: divide by zero" in proc.stdout
    assert proc.stdout.strip().endswith("1 passed, 2 failed")
    only = rego2py("test", str(tmp_path), "-r", "admin", "-v", cwd=tmp_path)
    assert only.returncode == 0
    assert "PASS data.p_test.test_admin" in only.stdout
    assert only.stdout.strip().endswith("1 passed, 0 failed")


def test_print_output_is_shown_for_failing_tests_and_trace_notes_with_v(tmp_path):
    (tmp_path / "p_test.rego").write_text(
        "package p_test\nimport rego.v1\n\n"
        'test_fails if { print("value is", input.missing, 1); false }\n\n'
        'test_passes if { print("quiet"); trace("a note") }\n'
    )
    proc = rego2py("test", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 1
    assert "FAIL data.p_test.test_fails" in proc.stdout
    assert "\n  value is <undefined> 1\n" in proc.stdout
    assert "quiet" not in proc.stdout and "a note" not in proc.stdout
    verbose = rego2py("test", str(tmp_path), "-v", cwd=tmp_path)
    assert "\n  quiet\n" in verbose.stdout and '\n  Note "a note"\n' in verbose.stdout


# ------------------------------------------------------------ data, --ignore, json, exit statuses

DATA_TESTS = (
    "package p_test\nimport rego.v1\n\n"
    "test_root if data.x.y == 1\n\n"  # x.json named: merged at the root
    "test_sub if data.sub.z == 2\n\n"  # sub/d.yaml found in a directory: under data.sub
    "test_deeper if data.sub.deeper.w == [1, 2]\n\n"
    "test_absent if not data.x\n"
)


def _data_tree(tmp_path):
    (tmp_path / "pol").mkdir()
    (tmp_path / "pol" / "p_test.rego").write_text(DATA_TESTS)
    (tmp_path / "pol" / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "pol" / "sub" / "d.yaml").write_text("z: 2\n")
    (tmp_path / "pol" / "sub" / "deeper" / "w.json").write_text('{"w": [1, 2]}')
    (tmp_path / "x.json").write_text('{"x": {"y": 1}}')


def _opa_passes(data) -> dict:
    """{test name: passes} under OPA given the test module and ``data``."""
    from transpiler import opa_backend

    out = {}
    with opa_backend.compile_program([("p_test.rego", DATA_TESTS)]) as prog:
        for name in ("test_root", "test_sub", "test_deeper", "test_absent"):
            rows = prog.query(f"x = data.p_test.{name}", data=data)
            out[name] = bool(rows) and rows[0]["x"] is not False
    return out


def _json_passes(proc) -> dict:
    import json

    return {r["name"]: "fail" not in r and "error" not in r for r in json.loads(proc.stdout)}


def test_data_files_change_results_as_in_opa(tmp_path):
    _data_tree(tmp_path)
    without = rego2py("test", "pol", "-f", "json", cwd=tmp_path)
    with_x = rego2py("test", "pol", "-d", "x.json", "-f", "json", cwd=tmp_path)
    assert without.returncode == 1 and with_x.returncode == 1, without.stderr + with_x.stderr
    sub = {"sub": {"z": 2, "deeper": {"w": [1, 2]}}}
    assert _json_passes(without) == _opa_passes(sub) == {
        "test_root": False, "test_sub": True, "test_deeper": True, "test_absent": True}
    assert _json_passes(with_x) == _opa_passes({**sub, "x": {"y": 1}}) == {
        "test_root": True, "test_sub": True, "test_deeper": True, "test_absent": False}
    # the data file named among the paths loads the same way
    assert _json_passes(rego2py("test", "pol", "x.json", "-f", "json", cwd=tmp_path)) == _json_passes(with_x)
    # the directory named with -d: its files go under their folder's path
    (tmp_path / "pol" / "sub" / "d.yaml").unlink()
    (tmp_path / "pol" / "sub" / "deeper" / "w.json").unlink()
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "sub").mkdir()
    (tmp_path / "d" / "sub" / "data.json").write_text('{"z": 2, "deeper": {"w": [1, 2]}}')
    # (quoted: a plain y is YAML 1.1 true, the key "true", for OPA as here)
    (tmp_path / "d" / "x.yaml").write_text("x:\n  \"y\": 1\n")
    via_dir = rego2py("test", "pol", "-d", "d", "-v", cwd=tmp_path)
    assert via_dir.returncode == 1
    assert "FAIL data.p_test.test_absent" in via_dir.stdout and via_dir.stdout.strip().endswith("3 passed, 1 failed")


def test_bad_data_is_a_located_input_error(tmp_path):
    _data_tree(tmp_path)
    (tmp_path / "bad.json").write_text('{"x": ')
    proc = rego2py("test", "pol", "-d", "bad.json", cwd=tmp_path)
    assert proc.returncode == 2 and "bad.json:1:7: not valid JSON" in proc.stderr and "Traceback" not in proc.stderr
    (tmp_path / "clash.json").write_text('{"sub": {"z": 3}}')
    proc = rego2py("test", "pol", "-d", "clash.json", cwd=tmp_path)
    assert proc.returncode == 2 and "merge error: data.z is defined by two data files" in proc.stderr


def test_ignore_skips_files_and_directories_found_not_paths_named(tmp_path):
    _data_tree(tmp_path)
    (tmp_path / "pol" / "broken_test.rego").write_text("package broken\n\ntest_x if {\n")
    assert rego2py("test", "pol", cwd=tmp_path).returncode == 2  # malformed Rego
    proc = rego2py("test", "pol", "--ignore", "broken*", "--ignore", "deeper", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert _json_passes(proc) == {"test_root": False, "test_sub": True, "test_deeper": False, "test_absent": True}
    proc = rego2py("test", "pol", "--ignore", "*.rego", cwd=tmp_path)  # nothing left to test
    assert proc.returncode == 0 and proc.stdout.strip() == "0 passed, 0 failed"
    # a path named on the command line is not ignored (opa: only below depth 0)
    named = rego2py("test", "pol/p_test.rego", "x.json", "--ignore", "*.json", "-f", "json", cwd=tmp_path)
    assert _json_passes(named)["test_root"] is True


def test_json_format_has_opa_tests_shape(tmp_path):
    import base64
    import json

    (tmp_path / "p_test.rego").write_text(
        "package p_test\nimport rego.v1\n\n"
        "test_ok if true\n\n"
        'test_fails if { print("seen", 1); false }\n\n'
        "test_errs if 1 / 0 == 1\n"
    )
    proc = rego2py("test", ".", "--strict", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1
    results = json.loads(proc.stdout)
    for r in results:
        assert isinstance(r.pop("duration"), int)
    assert results == [
        {"location": {"file": "p_test.rego", "row": 4, "col": 1}, "package": "data.p_test", "name": "test_ok"},
        {"location": {"file": "p_test.rego", "row": 6, "col": 1}, "package": "data.p_test", "name": "test_fails",
         "fail": True, "output": base64.b64encode(b"seen 1\n").decode()},
        {"location": {"file": "p_test.rego", "row": 8, "col": 1}, "package": "data.p_test", "name": "test_errs",
         "error": {"code": "eval_builtin_error", "message": "div: divide by zero"}},
    ]
    ok = rego2py("test", ".", "-r", "test_ok$", "--format", "json", cwd=tmp_path)
    assert ok.returncode == 0 and [r["name"] for r in json.loads(ok.stdout)] == ["test_ok"]


def test_exit_statuses(tmp_path):
    (tmp_path / "p_test.rego").write_text("package p_test\nimport rego.v1\n\ntest_ok if true\n")
    assert rego2py("test", ".", cwd=tmp_path).returncode == 0
    assert rego2py("test", "missing/", cwd=tmp_path).returncode == 2
    assert rego2py("test", ".", "-r", "(", cwd=tmp_path).returncode == 2
    assert rego2py("test", ".", "--format", "xml", cwd=tmp_path).returncode == 2
    (tmp_path / "q_test.rego").write_text("package q_test\nimport rego.v1\n\ntest_unsafe if x == 1\n")
    proc = rego2py("test", ".", cwd=tmp_path)  # a compile error (unsafe var) is bad input
    assert proc.returncode == 2 and "q_test.rego:4" in proc.stderr
    (tmp_path / "q_test.rego").write_text("package q_test\nimport rego.v1\n\ntest_http if http.send({})\n")
    proc = rego2py("test", ".", cwd=tmp_path)  # refused: not run, never a pass
    assert proc.returncode == 1 and "unsupported" in proc.stderr and proc.stdout.strip().endswith("1 passed, 0 failed, 1 refused")


def test_yaml_data_becomes_the_json_opa_makes_of_it(tmp_path):
    # OPA reads YAML into JSON (sigs.k8s.io/yaml over yaml.v2, as yaml.unmarshal:
    # tests/test_runtime_yaml.py): a timestamp stays its text, an integer key
    # becomes a string, 1e3 is go-yaml's float 1000; NaN is JSON's error
    (tmp_path / "p_test.rego").write_text(
        "package p_test\nimport rego.v1\n\n"
        'test_date if data.d == "2020-01-01"\n\n'
        'test_key if data.k["1"] == "a"\n\n'
        "test_a_number if data.num == 1000\n\n"
        'test_yaml_1_1_booleans if data["true"] == false\n'  # on: off
    )
    (tmp_path / "d.yaml").write_text("d: 2020-01-01\nk: {1: a}\nnum: 1e3\non: off\n")
    proc = rego2py("test", ".", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.strip() == "4 passed, 0 failed", proc.stdout + proc.stderr
    (tmp_path / "d.yaml").write_text("d: .nan\n")
    proc = rego2py("test", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "d.yaml: not valid YAML: json: unsupported value: NaN" in proc.stderr

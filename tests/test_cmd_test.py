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

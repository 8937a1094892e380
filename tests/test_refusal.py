"""A refused package refuses every package that reads its rules (not only those
calling its functions), with the chain of refusals; nothing is run or written
with a dependency missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from transpiler.build import BuildErrors, build_package, collect_sources, compile_sources

ROOT = Path(__file__).resolve().parents[1]

LIB = "package lib\n\nimport rego.v1\n\nxs := [1, 2]\n\nt := time.now_ns()\n\nf(x) := x + 1\n"
# a builtin OPA has and rego2py refuses for good (no plan to implement it)
REFUSED = "http.send"
LIB = LIB.replace("time.now_ns()", f'{REFUSED}({{"method": "get", "url": "http://x"}})')

READERS = {
    "check.rego": "package check\n\nimport rego.v1\n\ntest_count if {\n\tcount(data.lib.xs) == 2\n}\n",
    "lib2.rego": "package lib2\n\nimport rego.v1\nimport data.lib\n\ny := lib.xs\n",
    "user.rego": "package user\n\nimport rego.v1\n\ntest_y if data.lib2.y == [1, 2]\n",
    "whole.rego": "package whole\n\nimport rego.v1\n\nn := count(data.lib)\n",
    "root.rego": "package root\n\nimport rego.v1\n\nd := data\n",
    "calls.rego": "package calls\n\nimport rego.v1\n\ng := data.lib.f(1)\n",
    "dyn.rego": 'package dyn\n\nimport rego.v1\n\nv := data.lib[k] if k := "xs"\n',
    "mock.rego": "package mock\n\nimport rego.v1\n\ng(x) := x\n\nv := y if { y := g(1) with g as data.lib.f }\n",
}
INDEPENDENT = {
    "other.rego": "package other\n\nimport rego.v1\n\ntest_ok if data.libx.z == 1\n",
    "libx.rego": "package libx\n\nimport rego.v1\n\nz := 1\n",
}


@pytest.fixture()
def tree(tmp_path):
    (tmp_path / "lib.rego").write_text(LIB)
    for name, text in {**READERS, **INDEPENDENT}.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_readers_are_refused_with_the_chain(tree, monkeypatch):
    monkeypatch.chdir(tree)
    prog, pysrc, errors = compile_sources(collect_sources([tree], include_tests=True))
    by_file = {e.pos.file: str(e) for e in errors}
    root = f"lib.rego:7:6: unsupported: builtin {REFUSED} (a signature must not do network I/O on the hot path)"
    assert by_file["lib.rego"] == root
    assert by_file["check.rego"] == f"check.rego:6:8: depends on data.lib.xs, refused: {root}"
    assert by_file["lib2.rego"] == f"lib2.rego:6:6: depends on data.lib.xs, refused: {root}"
    assert by_file["user.rego"] == (
        f"user.rego:5:11: depends on data.lib2.y, refused: lib2.rego:6:6: depends on data.lib.xs, refused: {root}"
    )
    assert by_file["whole.rego"].startswith("whole.rego:5:12: depends on data.lib, refused: ")
    assert by_file["root.rego"].startswith("root.rego:5:6: depends on data, refused: ")
    assert by_file["calls.rego"].startswith("calls.rego:5:6: depends on data.lib.f, refused: ")
    assert by_file["dyn.rego"].startswith("dyn.rego:5:6: depends on data.lib, refused: ")
    assert by_file["mock.rego"].startswith("mock.rego:7:33: depends on data.lib.f, refused: ")
    assert set(by_file) == {"lib.rego", *READERS}
    assert sorted(pysrc) == [(), ("libx",), ("other",)]  # () is the data root


def test_build_writes_no_module_with_a_refused_dependency(tree, tmp_path, monkeypatch):
    monkeypatch.chdir(tree)
    out = tmp_path / "out"
    with pytest.raises(BuildErrors) as info:
        build_package(collect_sources([tree]), out, format=False)
    assert len(info.value.errors) == 1 + len(READERS)
    assert sorted(p.name for p in out.iterdir()) == ["__init__.py", "_root.py", "libx.py", "other.py"]


def test_cmd_test_reports_refused(tree):
    proc = subprocess.run(
        [sys.executable, "-m", "transpiler.cli", "test", "."], capture_output=True, text=True, cwd=tree,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 1
    assert proc.stdout.strip().splitlines()[-1] == f"1 passed, 0 failed, {1 + len(READERS)} refused"
    assert "check.rego:6:8: depends on data.lib.xs, refused: lib.rego:7:6: unsupported: builtin" in proc.stderr


MOCKED = """package m

import rego.v1

mock_send(req) := {"body": {"roles": ["admin"]}} if req.body.name == "alice"
else := {"body": {"roles": []}}

allow if "admin" in http.send({"method": "GET", "body": input}).body.roles

test_alice if allow with http.send as mock_send with input.name as "alice"

test_bob if not allow with http.send as mock_send with input.name as "bob"
"""


def test_a_refused_builtin_mocked_by_with_runs_the_mock():
    from transpiler import opa_backend
    from transpiler.compiler import compile_program

    ours = compile_program([("m.rego", MOCKED)])
    with opa_backend.compile_program([("m.rego", MOCKED)]) as theirs:
        for q in ("x = data.m.test_alice", "x = data.m.test_bob"):
            assert ours.query(q) == theirs.query(q) == [{"x": True}]


def test_a_refused_builtin_run_without_its_mock_raises():
    from transpiler.compiler import compile_program
    from transpiler.runtime.errors import RegoRuntimeError

    prog = compile_program([("m.rego", MOCKED)])
    with pytest.raises(RegoRuntimeError) as info:
        prog.query("x = data.m.allow", input={"name": "alice"})
    assert info.value.code == "eval_internal_error"
    assert info.value.message.startswith("http.send: rego2py does not run this builtin")


def test_a_refused_builtin_as_a_mock_value_is_refused():
    from transpiler.compiler import compile_program
    from transpiler.errors import Unsupported

    src = "package m\n\nimport rego.v1\n\nf(x) := x\n\np := y if y := f(1) with f as http.send\n"
    with pytest.raises(Unsupported) as info:
        compile_program([("m.rego", src)])
    assert "unsupported: builtin http.send (a signature must not do network I/O" in str(info.value)

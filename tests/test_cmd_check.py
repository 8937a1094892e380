"""OPA's module checks (shadowed input/data, duplicate imports, unused
declarations; strict: unused imports and assignments, deprecated builtins in
v0 modules) at compile time and in
``rego2py check``, with OPA's codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from transpiler import opa_backend
from transpiler.compiler.program import compile_program
from transpiler.errors import CompileError

ROOT = Path(__file__).resolve().parent.parent

# v1 modules: OPA's compiler rejects these (checked against OPA below)
V1_MODULES = {
    "input assigned": "package t\np if { input := 1; input == 1 }\n",
    "data as a function argument": "package t\nf(data) := 1\n",
    "input in a comprehension": "package t\np := [1 | input := 1]\n",
    "input in an argument pattern": "package t\nf([input]) := 1\n",
    "duplicate import": "package t\nimport data.a\nimport data.a\np := a\n",
    "duplicate import, other path": "package t\nimport data.a.b\nimport data.c.b\np := b\n",
    "input and data imports": "package t\nimport input.x\nimport data.x\np := x\n",
    "some unused": "package t\np if { some x; true }\n",
    "some unused in a comprehension": "package t\np := [1 | some x; true]\n",
    "some unused in an else": "package t\np := 1 if { false } else := 2 if { some y; true }\n",
}

# and accepts these
V1_ACCEPTED = {
    "input read in a function": "package t\nf(x) := x + input.y\np := f(1)\n",
    "input in an assigned pattern": "package t\np if { [input, y] := [1, 2]; y == 2 }\n",
    "input declared or unified": "package t\np if { some input; input = 1 }\nq if { some input in [1] }\n",
    "some used": "package t\np := x if { some x; x = 1 }\n",
    "some in, unused": "package t\np if { some x in [1] }\n",
    "some k, v in, unused": "package t\np if { some k, v in {1: 2} }\n",
    "unused import (strict only)": "package t\nimport data.zzz\np := 1\n",
    "unused assignment (strict only)": "package t\np if { x := 1 }\n",
}


def _opa_error(src):
    try:
        opa_backend.compile_program([("a.rego", src)])
    except CompileError as exc:
        return exc.code, exc.message
    return None


def _rego2py_error(src):
    try:
        compile_program([("a.rego", src)])
    except CompileError as exc:
        return exc.code, exc.message
    return None


@pytest.mark.parametrize("name", sorted(V1_MODULES))
def test_rejected_as_opa_rejects(name):
    src = V1_MODULES[name]
    want = _opa_error(src)
    assert want is not None
    assert _rego2py_error(src) == want


@pytest.mark.parametrize("name", sorted(V1_ACCEPTED))
def test_accepted_as_opa_accepts(name):
    src = V1_ACCEPTED[name]
    assert _opa_error(src) is None
    assert _rego2py_error(src) is None


def check(*args):
    proc = subprocess.run(
        [sys.executable, "-m", "transpiler.cli", "check", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_check_reports_every_error_located_and_writes_nothing(tmp_path):
    (tmp_path / "a.rego").write_text("package a\n\nimport data.b\n\np := 1\n\nq if {\n\tx := 2\n}\n")
    (tmp_path / "b.rego").write_text("package b\n\nq[x] {\n\tinput := 1\n\tx := input\n\tre_match(\"a\", \"a\")\n}\n")  # v0
    (tmp_path / "c.rego").write_text("package c\np := \n")
    before = sorted(tmp_path.iterdir())
    status, out, err = check(tmp_path)
    assert status == 1 and "Traceback" not in err
    assert f"{tmp_path / 'c.rego'}:2:5: unexpected end of input" in err
    assert "unused" not in err and "shadow" not in err and "deprecated" not in err  # strict checks only with --strict
    status, out, err = check("--strict", "--format", "json", tmp_path)
    assert status == 1
    found = [(Path(e["location"]["file"]).name, e["location"]["row"], e["code"], e["message"]) for e in json.loads(out)["errors"]]
    assert found == [
        ("a.rego", 3, "rego_compile_error", "import data.b unused"),
        ("a.rego", 8, "rego_compile_error", "assigned var x unused"),
        ("b.rego", 4, "rego_compile_error", "variables must not shadow input (use a different variable name)"),
        ("b.rego", 6, "rego_type_error", "deprecated built-in function calls in expression: re_match"),
        ("c.rego", 2, "rego_parse_error", "unexpected end of input; expected a term"),
    ]
    assert sorted(tmp_path.iterdir()) == before


def test_check_passes_our_signatures_strictly_and_fails_on_missing_paths(tmp_path):
    assert check("--strict", ROOT / "signatures")[0] == 0
    status, _, err = check(tmp_path / "missing")
    assert status == 2 and "missing" in err and "Traceback" not in err

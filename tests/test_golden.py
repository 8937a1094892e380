"""Golden tests of the emitted code: each tests/golden/NAME.rego is paired with
the exact Python rego2py emits for it (NAME.py, and NAME.strict.py for strict
mode where the case asks), and with the value its query must give, which real
OPA must give too.

Regenerate the expected Python after a deliberate change to the code
generator with:  REGO2PY_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from transpiler.build import format_source
from transpiler.compiler import compile_program
from transpiler.compiler.program import Program
from transpiler.parser import parse_module
from transpiler.runtime.values import UNDEF, to_json

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.rego"))
UPDATE = os.environ.get("REGO2PY_UPDATE_GOLDEN") == "1"


def header(src: str) -> dict:
    out = {}
    for line in src.splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(":")
        out[key.strip()] = value.strip()
    return out


def emitted(path: Path, strict: bool) -> str:
    src = path.read_text()
    name = f"golden/{path.name}"
    mod = parse_module(src, name)
    prog = Program([mod], {name: src}, strict)
    sources = prog.generate()
    return format_source(sources[mod.package])


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_emitted_code(path):
    variants = [(False, path.with_suffix(".py"))]
    if header(path.read_text()).get("strict-golden") == "yes":
        variants.append((True, path.with_suffix(".strict.py")))
    for strict, expected_file in variants:
        code = emitted(path, strict)
        if UPDATE:
            expected_file.write_text(code)
        assert expected_file.exists(), f"no golden file {expected_file.name}: run with REGO2PY_UPDATE_GOLDEN=1"
        assert code == expected_file.read_text()


def run_query(path: Path, backend_compile):
    src = path.read_text()
    h = header(src)
    prog = backend_compile([(path.name, src)])
    kw = {}
    if "input" in h:
        kw["input"] = json.loads(h["input"])
    rows = prog.query(h["query"], **kw)
    assert len(rows) == 1, rows
    return rows[0]["x"], json.loads(h["want"])


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_value(path):
    got, want = run_query(path, compile_program)
    assert to_json(got) == want


V1_CASES = [p for p in CASES if not parse_module(p.read_text(), p.name).v0]


@pytest.mark.parametrize("path", V1_CASES, ids=lambda p: p.stem)
def test_opa_agrees(path):
    from transpiler import opa_backend

    got, want = run_query(path, opa_backend.compile_program)
    assert got == want


def test_same_input_same_bytes():
    path = GOLDEN / "signature_v0.rego"
    assert emitted(path, False) == emitted(path, False)

"""The gatekeeper library (../shared/corpora/gatekeeper-library), a public
corpus of v0 policies with their tests: upstream runs ``opa test FOLDER/*.rego``
per folder ``src/*/*`` and all 949 test rules pass under OPA.

Each folder runs through ``rego2py test`` (in process): every folder passes
every one of its test rules, with nothing refused. In strict mode, nothing is
refused either and every test rule gets OPA's outcome (OPA given the folder as
``fmt --v1`` prints it): all pass but one, which OPA fails as well
(k8spspprocmount: ``object.get`` on a null parameter is a type error)."""

from __future__ import annotations

from pathlib import Path

import pytest

from transpiler import opa_backend
from transpiler.cmd_test import run_tests
from transpiler.errors import RegoError
from transpiler.fmt import format_module
from transpiler.parser import parse_module

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "gatekeeper-library" / "src"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpora/gatekeeper-library/src")
FOLDERS = sorted(p for p in CORPUS.glob("*/*") if p.is_dir())
TOTAL_TESTS = 949  # OPA: all pass


def files_of(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.rego"))


def rule_names(folder: Path) -> set:
    """data.pkg.test_x of the folder's test rules (a name defined twice is one test)."""
    out = set()
    for p in files_of(folder):
        m = parse_module(p.read_text(), p.name)
        pkg = "data." + ".".join(m.package)
        out |= {f"{pkg}.{r.ref.head.name}" for r in m.rules if r.ref.head.name.startswith("test_")}
    return out


def test_corpus_is_there():
    assert len(FOLDERS) == 51
    assert sum(len(rule_names(f)) for f in FOLDERS) == TOTAL_TESTS


def _run(folder, strict):
    outcomes, errors = run_tests(files_of(folder), strict=strict)
    assert outcomes is not None, [str(e) for e in errors]
    return outcomes, errors


def test_every_folder_passes():
    passed = 0
    for folder in FOLDERS:
        outcomes, errors = _run(folder, strict=False)
        assert not errors, (folder.name, [str(e) for e in errors])
        failing = [(o.name, o.why) for o in outcomes if not o.ok]
        assert not failing, (folder.name, failing)
        assert {o.name for o in outcomes} == rule_names(folder), folder.name
        passed += len(outcomes)
    assert passed == TOTAL_TESTS


def _opa_outcomes(folder: Path):
    """{test rule name: passes} under OPA (strict builtin errors), or None
    when OPA does not compile the folder printed as v1."""
    mods = []
    for p in files_of(folder):
        text = p.read_text()
        m = parse_module(text, p.name)
        mods.append((p.name, format_module(m, v1=True) if m.v0 else text))
    try:
        prog = opa_backend.compile_program(mods)
    except RegoError:
        return None
    out = {}
    with prog:
        for name in sorted(rule_names(folder)):
            try:
                rows = prog.query(f"x = {name}")
                out[name] = bool(rows) and rows[0]["x"] is not False
            except Exception as exc:  # an evaluation error fails the test
                if not opa_backend.is_error(exc):
                    raise
                out[name] = False
    return out


@pytest.mark.parametrize("folder", FOLDERS, ids=[f"{f.parent.name}/{f.name}" for f in FOLDERS])
def test_strict_mode_agrees_with_opa(folder):
    outcomes, errors = _run(folder, strict=True)
    assert not errors, [str(e) for e in errors]
    assert {o.name for o in outcomes} == rule_names(folder)
    theirs = _opa_outcomes(folder)
    if theirs is None:  # (v0 zero-argument functions have no v1 spelling)
        assert all(o.ok for o in outcomes)
        return
    ours = {o.name: o.ok for o in outcomes}
    assert ours == theirs

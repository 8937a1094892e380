"""The differential fuzzer (``rego2py fuzz``): a short seeded campaign finds
no mismatch outside the recorded classes; a bug planted in a runtime builtin
is found, shrunk and written as a case file that the conformance runner
replays; the kept cases of tests/fuzz_cases/ (shrunk from mismatches the
fuzzer found, expected answers from OPA) pass."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from transpiler import conformance
from transpiler.fmt import format_module
from transpiler.fuzz.campaign import run_campaign
from transpiler.fuzz.generator import Generator
from transpiler.parser import parse_module
from transpiler.runtime.builtins import BUILTINS

CASES = Path(__file__).parent / "fuzz_cases"


def test_generated_programs_are_printed_and_parsed_back_alike():
    for i in range(30):
        prog = Generator(f"t:{i}").program()
        src = prog.source
        again = parse_module(src, "fz.rego")
        assert format_module(again) == src
        assert prog.rules and len(prog.inputs) == 3


def test_the_rarer_forms_are_generated():
    # each form of transpiler/fuzz/forms.py (and the others the generator
    # was extended with) comes up in a few hundred programs; none with --forms 0
    import re

    forms = {
        "element of a collection": r"\]\[_\]|\}\[_\]|[a-z]\d\[_\]",
        "constant composite key": r"\[\[|\[\{",
        "with on a rule": r"with data\.fz\.",
        "with on a function or builtin": r"with (f\d|upper|lower|trim_space|count|abs|sum|concat|indexof|split|startswith|endswith|strings\.reverse) as",
        "else chain of three": r"else[^\n]*\n(.*\n)*?.*else[^\n]*\n(.*\n)*?.*else",
        "value out of a function, indexed": r"f\d\([^()]*\)\[",
        "unicode text": "[ßİǅﬁ😀Σ]",
        "exponent": r"\de[+-]?\d",
        "every over a scalar": r"every [^{]* in (\d|\"|true|false|input\.(n|m|s|b)\b)",
    }
    srcs = [Generator(f"forms:{i}", big=0.3).program().source for i in range(300)]
    for what, pattern in forms.items():
        assert any(re.search(pattern, s) for s in srcs), what
    plain = [Generator(f"forms:{i}", forms=0).program().source for i in range(100)]
    assert not any(re.search(forms["with on a rule"], s) or re.search(forms["constant composite key"], s)
                   for s in plain)


def test_a_short_seeded_campaign_has_no_mismatch(tmp_path):
    # (well-typed programs: the ill-typed ones OPA's type checker rejects and
    # rego2py does not yet, a rule read as an operand of the wrong type, are
    # the type checker's work, measured by campaigns with --ill)
    summary = run_campaign("1", 100, None, str(tmp_path), ill=0.0)
    assert summary.programs == 100
    assert summary.comparisons > 1000
    assert summary.statuses["ok"] > 70  # mostly well-formed, type-correct programs
    assert summary.statuses["mismatch"] == 0, [f.case for f in summary.found]
    assert json.loads((tmp_path / "summary.json").read_text())["programs"] == 100


def test_a_planted_bug_is_found_shrunk_and_replayed(tmp_path, monkeypatch):
    # (a builtin the generated code always calls: upper and lower of ASCII text are inlined)
    good = BUILTINS["substring"]
    monkeypatch.setitem(BUILTINS, "substring", dataclasses.replace(good, fn=lambda s, *_: s))
    summary = run_campaign("planted", 100, None, str(tmp_path), ill=0.0)
    found = [f for f in summary.found if "substring" in f.case["modules"][0]]
    assert found, summary.render()
    case = found[0].case
    assert len(case["modules"][0].splitlines()) <= 8, case["modules"][0]  # shrunk
    cases = conformance.load_cases([found[0].path])
    backend = conformance.load_backend("rego2py")
    assert conformance.run_case(cases[0], backend).outcome == conformance.FAILED
    monkeypatch.setitem(BUILTINS, "substring", good)
    assert conformance.run_case(cases[0], backend).outcome == conformance.PASSED


@pytest.mark.parametrize("path", sorted(CASES.glob("*.json")), ids=lambda p: p.stem)
def test_kept_fuzz_cases_pass(path):
    backend = conformance.load_backend("rego2py")
    for case in conformance.load_cases([path]):
        result = conformance.run_case(case, backend)
        assert result.outcome == conformance.PASSED, (case.spec, result.got)

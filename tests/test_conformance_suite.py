"""OPA's compliance cases through rego2py: no wrong answer anywhere, and the
share of cases passed stays above the targets.

A case is "unsupported" when rego2py refuses it at transpile time (a builtin
it lacks, by name); refusing is allowed, answering wrongly is not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transpiler.conformance import FAILED, PASSED, is_language_topic, load_cases, run_cases

SUITE = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "v1"


@pytest.fixture(scope="module")
def results():
    if not SUITE.is_dir():
        pytest.fail(f"the conformance suite is expected at {SUITE}")
    cases = load_cases([SUITE])
    assert len(cases) > 1000
    return run_cases(cases, "rego2py", timeout=10, isolate=False)


def test_no_case_fails(results):
    failed = [f"{r.note}: want {r.want} got {r.got} {r.error or ''}" for r in results if r.outcome == FAILED]
    assert failed == []


def test_pass_rates(results):
    lang = [r for r in results if is_language_topic(r.topic)]
    lang_rate = sum(r.outcome == PASSED for r in lang) / len(lang)
    all_rate = sum(r.outcome == PASSED for r in results) / len(results)
    print(f"language topics {lang_rate:.1%}, whole suite {all_rate:.1%}")
    assert lang_rate >= 0.97
    assert all_rate >= 0.75

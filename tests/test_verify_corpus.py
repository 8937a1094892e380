"""The whole signature corpus against real OPA (``rego2py verify``'s harness).

- the first 300 events of the bundled kernel-build sample and the attack
  events it carries (copies of events the corpus's tests expect to fire);
- 300 events generated for the corpus (seed 0; half of them mutations of
  the sample's attack events), with the coverage of the generated code they
  reach;
- a planted bug: a copy of a generated package with one comparison changed
  must be reported for that signature, and only for it.

OPA and rego2py still disagree in a few known ways (the minimal cases are in
tests/test_harness.py, which fail when the compiler is fixed). Here every
mismatch must fall in one of those classes: a new kind of disagreement
fails the test.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from transpiler.cmd_verify import read_events
from transpiler.eventgen import generate_events
from transpiler.harness import Harness, Report, load_sources, measure_coverage

ROOT = Path(__file__).resolve().parent.parent
SIGNATURES = ROOT / "signatures"
SAMPLE = ROOT / "samples" / "kernel-build.jsonl.gz"
SAMPLE_HEAD = 300
GENERATED = 300


def _answer_class(a) -> str:
    return f"error {a.code}" if a.kind == "error" else a.kind


# (OPA's answer, rego2py's answer) of the known disagreements:
KNOWN_CLASSES = {
    # OPA evaluates the calls of a rule head and the arguments of calls
    # (refs, composites) before the rest of the expression or body: an
    # undefined one there makes OPA undefined where rego2py, evaluating in
    # written order, meets a builtin error first (strict mode)...
    ("undefined", "error eval_type_error"),
    ("undefined", "error eval_conflict_error"),
    # ... or, under `not`, where rego2py finds the negation true
    ("undefined", "value"),
    # events with two arguments of the same name: helper functions have two
    # outputs; OPA and rego2py meet the conflict and a type error in
    # different orders
    ("error eval_type_error", "error eval_conflict_error"),
    ("error eval_conflict_error", "undefined"),
}


def unknown_mismatches(report: Report) -> list[str]:
    return [
        m.render()
        for m in report.mismatches
        if (_answer_class(m.opa), _answer_class(m.ours)) not in KNOWN_CLASSES
    ]


@pytest.fixture(scope="module")
def corpus():
    return load_sources([SIGNATURES])


@pytest.fixture(scope="module")
def harness(corpus):
    h = Harness(corpus)
    yield h
    h.close()


def sample_events() -> tuple[list[dict], list[dict]]:
    """The first events of the sample, and its attack events (their host
    pids are 200,000 and up, as samples/README.md says)."""
    head, attacks = [], []
    for i, ev in enumerate(read_events(str(SAMPLE))):
        if i < SAMPLE_HEAD:
            head.append(ev)
        elif isinstance(ev.get("hostProcessId"), int) and ev["hostProcessId"] >= 200_000:
            attacks.append(ev)
    return head, attacks


def test_corpus_has_signatures(harness):
    assert len(harness.signatures) >= 60
    assert harness.refused == []  # rego2py compiles every package of the corpus


def test_corpus_on_sample_events(harness):
    head, attacks = sample_events()
    assert len(head) == SAMPLE_HEAD
    assert len(attacks) >= 140
    report = harness.run(head + attacks)
    per_event = sum(1 for t in harness.targets if t.per_event)
    constants = len(harness.targets) - per_event
    assert report.passed + report.failed == constants + per_event * len(head + attacks)
    assert unknown_mismatches(report) == []
    assert report.failed <= 10, [m.render() for m in report.mismatches]
    # the attack events fire (both sides agreeing on the findings)
    assert report.findings >= len(attacks)


def test_corpus_on_generated_events(harness, corpus):
    _, attacks = sample_events()
    # half built from the corpus's literals, half mutations of attack events
    events = generate_events(corpus, GENERATED, seed=0, base=attacks)
    cov = measure_coverage(harness)
    try:
        report = harness.run(events)
    finally:
        harness.tracer = None
    assert report.events == GENERATED
    assert unknown_mismatches(report) == []
    assert report.findings > 0
    summary = cov.report()
    # the generator reaches well into the signatures' code
    assert summary.lines_hit / summary.lines_total > 0.5, summary.summary()
    assert summary.branches_hit / summary.branches_total > 0.3, summary.summary()


# ------------------------------------------------------------------ planted bug


def test_planted_bug_is_reported_for_its_signature_only(tmp_path):
    from transpiler.build import build_package

    files = [SIGNATURES / "helpers.rego", SIGNATURES / "v0" / "anti_debugging.rego",
             SIGNATURES / "v0" / "kcore_read.rego"]
    sources = [(str(f), f.read_text()) for f in files]
    good = tmp_path / "good"
    build_package(files, good, strict=True, format=False)
    bad = tmp_path / "bad"
    shutil.copytree(good, bad)
    target = bad / "tracee" / "TRC_R2P_001.py"
    code = target.read_text()
    planted, n = re.subn(r"""== (["'])ptrace\1""", '== "ptracE"', code)
    assert n == 1, "the planted comparison must exist in the generated code"
    target.write_text(planted)

    events = [
        {"eventName": "ptrace", "args": [{"name": "request", "type": "long", "value": 0}]},
        {"eventName": "ptrace", "args": [{"name": "request", "type": "long", "value": 16}]},
        {"eventName": "security_file_open",
         "args": [{"name": "pathname", "type": "const char*", "value": "/proc/kcore"},
                  {"name": "flags", "type": "int", "value": 0}]},
    ]
    with Harness(sources, generated=good) as h:
        assert h.run(events).failed == 0
    with Harness(sources, generated=bad) as h:
        report = h.run(events)
    assert report.failed == 1
    (m,) = report.mismatches
    assert (m.package, m.rule) == ("tracee.TRC_R2P_001", "tracee_match")
    assert m.event == events[0]
    assert (str(m.opa), str(m.ours)) == ("true", "undefined")

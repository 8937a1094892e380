"""Every signature fires on its attack events in the shapes Tracee really
sends: v0.22 with parsed arguments (what its rule engine gave Rego
signatures), v0.22 raw, and Tracee's main-branch JSON. The events are the
inputs of the signatures' own tests (the attack templates of the sample's
profile), rebuilt from Tracee's event tables, not from what the tests assumed."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

import generated
from transpiler.engine import Engine
from transpiler.tracee.conform import conform
from transpiler.tracee.formats import to_main
from transpiler.tracee.schema import schema
from transpiler.workload import generate_annotated

PROFILE = Path(__file__).resolve().parent.parent / "samples" / "kernel-build.profile.json"
ATTACKS = orjson.loads(PROFILE.read_bytes())["attacks"]
ENGINE = Engine(generated.SIGNATURES)
FORMS = [("0.22", True), ("0.22", False), ("main", False)]


def _full_event(template):
    for event, _ in generate_annotated(1, seed=0, attack_rate=1.0, attacks=[template]):
        return event


def test_every_signature_has_attacks():
    ids = {t["family"].replace("_", "-") for t in ATTACKS}
    assert ids == {s.id for s in generated.SIGNATURES}


@pytest.mark.parametrize("version, parsed", FORMS)
def test_attacks_fire_in_every_form(version, parsed):
    table = schema(version)
    missed = []
    for t in ATTACKS:
        event = conform(_full_event(t), table, parsed)
        assert table.validate(event, parsed) == []
        if version == "main":
            event = orjson.loads(orjson.dumps(to_main(event, table)))  # as the main branch writes it
        fired = {f.signature.id for f in ENGINE.process(event)}
        if t["family"].replace("_", "-") not in fired:
            missed.append(t["source"])
    assert missed == []


def test_test_inputs_are_what_v022_writes():
    """The signatures' own test inputs that fire carry every argument of
    v0.22.6's definition, in order, with its type names (parsed or raw)."""
    table = schema("0.22")
    problems = {t["source"]: table.validate(t["event"]) for t in ATTACKS}
    assert {k: v for k, v in problems.items() if v} == {}

"""The bundled samples are what the Tracee version they name writes, and
the corpus finds the same attacks in both formats."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import orjson
import pytest

import generated
from transpiler.engine import Engine, Sink
from transpiler.runtime.values import to_json
from transpiler.tracee.conform import conform
from transpiler.tracee.formats import from_main, is_main
from transpiler.tracee.schema import schema
from transpiler.workload import ATTACKER_PID

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# sample -> (Tracee version, arguments parsed)
VERSIONS = {"kernel-build.jsonl.gz": ("0.22", True), "kernel-build-main.jsonl.gz": ("main", False)}


def _lines(name):
    with gzip.open(SAMPLES / name, "rb") as f:
        return f.read().splitlines()


@pytest.mark.parametrize("name", sorted(VERSIONS))
def test_sample_events_fit_their_version(name):
    version, parsed = VERSIONS[name]
    table = schema(version)
    problems = Counter()
    lines = _lines(name)
    assert len(lines) == 30_000
    for line in lines:
        event = orjson.loads(line)
        assert is_main(event) == (version == "main")
        if is_main(event):
            event = from_main(event)
        for p in table.validate(event, parsed):
            problems[p] += 1
    assert problems == Counter()


def _findings(lines):
    sink = Sink()
    Engine(generated.SIGNATURES).scan(lines, "sample", 0, sink)
    assert sink.problems == []
    return sink.findings


def test_both_formats_same_findings_and_every_signature_fires():
    by_sample = {}
    for name in VERSIONS:
        found = _findings(_lines(name))
        by_sample[name] = [(f.line, f.signature.id, orjson.dumps(to_json(f.data), option=orjson.OPT_SORT_KEYS)) for f in found]
        # attacks only: the clean build raises nothing
        assert all(_host_pid(f.event) >= ATTACKER_PID for f in found), name
    a, b = by_sample.values()
    assert a == b
    assert {sig for _, sig, _ in a} == {s.id for s in generated.SIGNATURES}
    assert len(a) == 186


def _host_pid(event):
    return event["hostProcessId"] if "hostProcessId" in event else event["workload"]["process"]["host_pid"]


def test_validate_catches_what_tracee_never_writes():
    table = schema("0.22")
    ev = {"eventName": "ptrace", "args": [
        {"name": "request", "type": "long", "value": 0}, {"name": "pid", "type": "pid_t", "value": 0},
        {"name": "addr", "type": "void*", "value": 0}, {"name": "data", "type": "void*", "value": 0}]}
    assert table.validate(ev, parsed=False) == []
    assert table.validate(ev, parsed=True) == [
        "ptrace.request: raw value 0 in a parsed stream", "ptrace.addr: raw value 0 in a parsed stream",
        "ptrace.data: raw value 0 in a parsed stream"]
    assert table.validate(conform(ev, table, True), parsed=True) == []
    assert table.validate({"eventName": "ptrace", "args": ev["args"][:2]})[0].startswith("ptrace: arguments")
    assert table.validate({"eventName": "hooked_syscalls", "args": []}) == ["no event 'hooked_syscalls' in Tracee v0.22.6"]
    sock = {"eventName": "security_socket_connect", "args": [
        {"name": "sockfd", "type": "int", "value": 3}, {"name": "type", "type": "int", "value": 1},
        {"name": "remote_addr", "type": "struct sockaddr*", "value": {"sa_family": "AF_INET", "sin_port": 443}}]}
    assert table.validate(sock) == ["security_socket_connect.remote_addr: socket address fields ['sin_port'] are not strings"]
    assert conform(sock, table, True)["args"][2]["value"]["sin_port"] == "443"

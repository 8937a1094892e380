"""rego2py bench: the smoke run (every row, same events, same findings) and
the hand-written signatures against the generated code."""

from __future__ import annotations

import argparse
import gzip
import copy
import json
from pathlib import Path

import orjson
import pytest

from transpiler import cmd_bench
from transpiler.bench import handwritten, stream
from transpiler.bench.suite import TITLES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "kernel-build.jsonl.gz"


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    parser = argparse.ArgumentParser()
    cmd_bench.add_arguments(parser)
    args = parser.parse_args(["--smoke", "--out", str(out), "-q"])
    code = cmd_bench.run(args)
    res = json.loads((out / "results.json").read_text())
    return code, res, (out / "REPORT.md").read_text(), out


def test_smoke_exits_zero(smoke):
    code, res, _, _ = smoke
    assert code == 0, res["checks"]


def test_every_row_ran_on_the_same_events(smoke):
    _, res, _, _ = smoke
    counts = {r["key"]: r["events"] for r in res["rows"]}
    assert set(counts) == set(TITLES)
    assert set(counts.values()) == {res["args"]["events"]}
    assert all(len(r["cpu_s"]) == res["args"]["repeat"] for r in res["rows"])


def test_report_has_every_row_and_section(smoke):
    _, res, report, out = smoke
    for title in TITLES.values():
        assert f"| {title} |" in report
    for section in ("## Ratios", "## Hand-written against generated", "## Per event: security_file_open",
                    "## Cost per event against the number of signatures"):
        assert section in report
    assert "OPA/rego2py" in report
    try:
        import matplotlib  # noqa: F401  (the bench extra)
    except ImportError:
        assert res["plot"] is None and "No plot: matplotlib is not installed" in report
    else:
        assert res["plot"] == "scaling.png"
        assert (out / "scaling.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_handwritten_agree_with_generated(smoke):
    _, res, _, _ = smoke
    assert [h["id"] for h in res["handwritten"]] == list(handwritten.HANDWRITTEN)
    assert all(h["agree"] for h in res["handwritten"]), res["handwritten"]


def test_per_event_rows_agree(smoke):
    _, res, _, _ = smoke
    pe = res["per_event"]
    assert pe["events"] > 0 and pe["calls_per_event"] > 0
    # every signature that selects the event has a hand-written version, so all four find the same
    assert set(pe["signatures"]) <= set(handwritten.HANDWRITTEN)
    assert len(set(pe["findings"].values())) == 1, pe["findings"]
    assert set(pe["ratios"]) >= {"engine_over_hand_dispatch", "gen_over_hand_matching", "gen_matching_over_decode"}
    assert res["handwritten_summary"]["signatures"] > 0


def test_opa_findings_equal_rego2py(smoke):
    _, res, _, _ = smoke
    rows = {r["key"]: r for r in res["rows"]}
    ref = rows["rego2py_opa"]
    assert ref["findings"] > 0  # the smoke stream holds attack events
    for key in ("opa_sig", "opa_aio"):
        assert rows[key]["findings_by_signature"] == ref["findings_by_signature"], key
    assert rows["hand5"]["findings_by_signature"] == rows["rego2py5"]["findings_by_signature"]
    assert rows["hand_open"]["findings_by_signature"] == rows["rego2py_open"]["findings_by_signature"]
    assert res["checks"] == {"ok": True, "problems": []}
    # the engine on the full stream and on OPA's sample (the same events in smoke mode)
    assert rows["rego2py"]["findings_by_signature"] == ref["findings_by_signature"]


def test_scaling_points(smoke):
    _, res, _, _ = smoke
    pts = res["scaling"]["points"]
    assert [p["signatures"] for p in pts] == [10, 80]
    small, big = pts
    # replicated copies select the same events: more match calls per event
    assert big["calls_per_event"] > small["calls_per_event"] > 0
    assert small["opa_us"] is not None and big["opa_us"] is None  # OPA only up to the corpus size
    # the copies made to select absent events are never reached: the corpus's own calls remain
    rows = {r["key"]: r for r in res["rows"]}
    assert big["absent_calls_per_event"] == pytest.approx(rows["rego2py"]["calls_per_event"])


# ------------------------------------------------- hand-written vs generated


@pytest.fixture(scope="module")
def generated_by_id(tmp_path_factory):
    """The corpus transpiled now (generated/ may lag behind signatures/)."""
    import importlib
    import sys

    from transpiler.build import build_package, collect_sources

    work = tmp_path_factory.mktemp("gen")
    build_package(collect_sources([ROOT / "signatures"]), work / "r2p_test_bench_gen", format=False)
    sys.path.insert(0, str(work))
    try:
        pkg = importlib.import_module("r2p_test_bench_gen")
    finally:
        sys.path.remove(str(work))
    return {s.id: s for s in pkg.SIGNATURES}


def _answer(fn, ev):
    try:
        r = fn(ev)
    except Exception:  # an error (OPA's eval_conflict_error, say) on both sides is agreement
        return "<error>"
    return None if r is False else r


def _agree(gen_by_id, events, ids=None):
    for sid in ids or handwritten.HANDWRITTEN:
        hand, gen = handwritten.HANDWRITTEN[sid], gen_by_id[sid].match
        for ev in events:
            assert _answer(gen, ev) == _answer(hand, ev), (sid, ev)


def test_handwritten_agree_on_the_bundled_sample(generated_by_id):
    events = _sample()
    fired = {sid: sum(1 for ev in events if fn(ev) is not None) for sid, fn in handwritten.HANDWRITTEN.items()}
    assert all(n > 0 for n in fired.values()), fired  # each one is exercised by attack events
    _agree(generated_by_id, events)


def _sample():
    with gzip.open(SAMPLE, "rb") as f:
        return [orjson.loads(line) for line in f]


def _field_variants(ev):
    """ev with each top-level field (but the name and arguments) missing, null, or of another type."""
    out = []
    for k in ev:
        if k in ("args", "eventName"):
            continue
        for v in (_GONE, None, [1], 0, True, "x"):
            e = dict(ev)
            if v is _GONE:
                del e[k]
            else:
                e[k] = v
            out.append(e)
    return out


_GONE = object()


def test_every_signature_selecting_the_dominant_event_is_hand_written(generated_by_id):
    from collections import Counter

    names = Counter(ev.get("eventName") for ev in _sample())
    dominant = names.most_common(1)[0][0]
    assert dominant == "security_file_open"
    selecting = {sid for sid, s in generated_by_id.items() if any(sel.get("name") == dominant for sel in s.selected_events)}
    assert selecting <= set(handwritten.HANDWRITTEN), sorted(selecting - set(handwritten.HANDWRITTEN))
    assert set(handwritten.OPEN) == selecting
    # the dispatch table says what tracee_selected_events says
    for sid in handwritten.HANDWRITTEN:
        want = {(sel.get("name"), sel.get("origin", "*")) for sel in generated_by_id[sid].selected_events}
        assert {(n, o) for n, origins in handwritten.SELECTED[sid] for o in origins} == want, sid


@pytest.mark.parametrize("sid", sorted(handwritten.HANDWRITTEN))
def test_handwritten_agree_on_generated_events(generated_by_id, sid):
    """3,000 events biased by the signature's literals (half of them mutated
    attack events of the sample), and every field of the events that fire
    missing or of another type."""
    from transpiler import eventgen
    from transpiler.build import collect_sources

    srcs = [(str(p), p.read_text(encoding="utf-8")) for p in collect_sources([ROOT / "signatures"])]
    mine = [s for s in srcs if sid.replace("-", "_") in s[1] or s[0].endswith(("helpers.rego", "lib_event.rego"))]
    attack = _attack_events()
    events = eventgen.generate_events(mine, 3000, seed=12, base=attack)
    hand, gen = handwritten.HANDWRITTEN[sid], generated_by_id[sid].match
    fire = [ev for ev in events + attack if any(_answer(f, ev) not in (None, "<error>") for f in (gen, hand))]
    assert fire, sid  # the events reach the findings
    for ev in fire[:200]:
        events += _field_variants(ev)
    _agree(generated_by_id, events, [sid])


_ATTACK = []


def _attack_events():
    if not _ATTACK:
        _ATTACK.extend(ev for ev in _sample() if any(_answer(f, ev) is not None for f in handwritten.HANDWRITTEN.values()))
    return _ATTACK


def _variants(ev):
    """The event with the edge cases a careful engineer must get right."""
    out = [ev]

    def with_arg(name, value, base=ev):
        e = copy.deepcopy(base)
        args = [a for a in e.get("args") or [] if a.get("name") != name]
        e["args"] = [{"name": name, "type": "x", "value": value}] + args
        return e

    for path in ("/proc/1234/mem", "/proc/self/mem", "/proc/1/task/2/mem", "/proc/12/mem\n", "/etc/shadow",
                 "/tmp/x", "/tmp/go-build12/a", "/var/tmp/rpm-tmp.ab", "/var/tmp/rpm-tmp.ab\n", "memfd:x",
                 "/proc/self/fd/3", "/dev/shm/.x", "/dev/shm", "/dev/null", "pipe:[1]", 7, None, ["/etc/shadow"]):
        out.append(with_arg("pathname", path))
    for flags in (0, 1, 2, 3, 1.0, "O_WRONLY|O_CREAT", "O_RDONLY", "o_rdwr", True, None):
        out.append(with_arg("flags", flags))
        out.append(with_arg("pathname", "/etc/shadow", with_arg("flags", flags)))
        out.append(with_arg("pathname", "/proc/99/mem", with_arg("flags", flags)))
    for request in (0, 0.0, False, "0", 16):
        out.append(with_arg("request", request))
    for content in ("f0VMRgIB", [127, 69, 76, 70, 2], [127, 69, 76], [127.0, 69, 76, 70], "AAAA"):
        out.append(with_arg("bytes", content))
    e = copy.deepcopy(ev)
    e["container"] = {"id": None}
    out.append(e)
    e = copy.deepcopy(ev)
    e.pop("processName", None)
    out.append(e)
    e = copy.deepcopy(ev)
    e["processName"] = "sshd"
    out.append(e)
    e = copy.deepcopy(ev)
    e["processId"] = 1234
    out.append(e)
    return out


def test_handwritten_agree_on_edge_cases(generated_by_id):
    with gzip.open(SAMPLE, "rb") as f:
        events = [orjson.loads(line) for _, line in zip(range(3000), f)]
    kinds = {}
    for ev in events:
        kinds.setdefault(ev["eventName"], ev)
    for name in ("ptrace", "security_file_open", "magic_write", "sched_process_exec"):
        base = kinds.get(name) or dict(next(iter(kinds.values())), eventName=name)
        _agree(generated_by_id, _variants(base))


def test_stream_sample_is_strided():
    lines = [str(i).encode() for i in range(100)]
    assert stream.sample(lines, 4) == [b"0", b"25", b"50", b"75"]
    assert stream.sample(lines, 0) == lines
    assert stream.sample(lines, 500) == lines


def test_handwritten_raise_where_opa_errs(generated_by_id):
    """env with a name given two values: OPA's eval_conflict_error in both."""
    ev = {"eventName": "sched_process_exec", "processName": "bash",
          "args": [{"name": "env", "type": "const char**", "value": ["HISTFILE=/dev/null", "HISTFILE=x"]}]}
    for fn in (generated_by_id["TRC-R2P-038"].match, handwritten.HANDWRITTEN["TRC-R2P-038"]):
        with pytest.raises(Exception, match="conflict|two values"):
            fn(ev)
    ev["args"][0]["value"] = ["HISTFILE=/dev/null", "HISTFILE=/dev/null"]  # the same value twice is no conflict
    assert _answer(generated_by_id["TRC-R2P-038"].match, ev) == handwritten.HANDWRITTEN["TRC-R2P-038"](ev) == {
        "reasons": ["HISTFILE=/dev/null in the environment"], "process": "bash"}

"""The kernel-build workload: transpiler/workload.py (the generator),
transpiler/cmd_workload.py (the verb, reading the corpus and harvesting) and the
bundled sample in samples/."""

from __future__ import annotations

import argparse
import ast as pyast
import collections
import gzip
import hashlib
import json
import re
from pathlib import Path

import orjson
import pytest

from transpiler import ast, cmd_workload, workload
from transpiler.ast import Ref, Scalar, Var
from transpiler.fmt import comments, format_body, format_module, format_term, to_v1
from transpiler.parser import parse_module
from transpiler.workload import generate, generate_annotated

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SIGNATURES = ROOT / "signatures"
PROFILE = SAMPLES / "kernel-build.profile.json"
SAMPLE = SAMPLES / "kernel-build.jsonl.gz"


def lines(events) -> bytes:
    return b"".join(workload.iter_jsonl(events))


def bundled_profile() -> dict:
    return json.loads(PROFILE.read_text())


# ------------------------------------------------------------- determinism


def test_same_seed_same_bytes():
    a = lines(generate(3000, seed=7, attack_rate=0.01))
    b = lines(generate(3000, seed=7, attack_rate=0.01))
    assert a == b
    assert a.count(b"\n") == 3000


def test_other_seed_other_stream():
    assert lines(generate(500, seed=1)) != lines(generate(500, seed=2))


def test_same_seed_same_bytes_with_profile():
    prof = bundled_profile()
    a = lines(generate(2000, seed=3, selected=prof["selected_events"], attacks=prof["attacks"]))
    b = lines(generate(2000, seed=3, selected=prof["selected_events"], attacks=prof["attacks"]))
    assert a == b


def test_gzip_output_is_reproducible(tmp_path):
    for name in ("a.jsonl.gz", "b.jsonl.gz"):
        with workload.open_output(str(tmp_path / name)) as out:
            workload.write_jsonl(generate(300, seed=5), out)
    a, b = (tmp_path / "a.jsonl.gz").read_bytes(), (tmp_path / "b.jsonl.gz").read_bytes()
    assert a == b
    assert gzip.decompress(a) == lines(generate(300, seed=5))


# ------------------------------------------------------------------ shape

INT_FIELDS = (
    "timestamp", "threadStartTime", "processId", "threadId", "parentProcessId", "hostProcessId",
    "hostThreadId", "hostParentProcessId", "userId", "mountNamespace", "pidNamespace",
    "processEntityId", "argsNum", "returnValue",
)
STR_FIELDS = ("processName", "hostName", "containerId", "eventId", "eventName", "syscall")


def check_shape(e: dict) -> None:
    for key in INT_FIELDS:
        assert type(e[key]) is int, (key, e)
    for key in STR_FIELDS:
        assert type(e[key]) is str, (key, e)
    assert e["eventId"].isdigit()
    assert set(e["container"]) >= {"id", "name", "image"}
    assert all(type(e["container"][k]) is str for k in ("id", "name", "image"))
    assert set(e["kubernetes"]) >= {"podName", "podNamespace", "podUID"}
    assert all(type(e["kubernetes"][k]) is str for k in ("podName", "podNamespace", "podUID"))
    assert type(e["contextFlags"]["containerStarted"]) is bool
    assert type(e["contextFlags"]["isCompat"]) is bool
    assert type(e["executable"]["path"]) is str
    assert type(e["stackAddresses"]) is list
    if "matchedPolicies" in e:
        assert all(type(p) is str for p in e["matchedPolicies"])
    assert type(e["args"]) is list
    assert e["argsNum"] == len(e["args"])
    for a in e["args"]:
        assert set(a) == {"name", "type", "value"}, a
        assert type(a["name"]) is str and type(a["type"]) is str


def args_of(e: dict) -> dict:
    return {a["name"]: a["value"] for a in e["args"]}


def test_every_event_has_tracee_shape():
    prof = bundled_profile()
    for e in generate(6000, seed=11, attack_rate=0.05):
        check_shape(e)
    for e in generate(3000, seed=11, attack_rate=0.2, selected=prof["selected_events"], attacks=prof["attacks"]):
        check_shape(e)


def test_tracee_argument_names_and_types():
    seen = {}
    for e in generate(20000, seed=2, attack_rate=0):
        seen.setdefault(e["eventName"], e)
    exec_args = {a["name"]: a["type"] for a in seen["sched_process_exec"]["args"]}
    assert list(exec_args) == [
        "cmdpath", "pathname", "dev", "inode", "ctime", "inode_mode", "interpreter_pathname",
        "interpreter_dev", "interpreter_inode", "interpreter_ctime", "argv", "interp", "stdin_type",
        "stdin_path", "invoked_from_kernel",
    ]
    assert exec_args["argv"] == "const char**"
    assert all(type(s) is str for s in args_of(seen["sched_process_exec"])["argv"])
    sfo = {a["name"]: a for a in seen["security_file_open"]["args"]}
    assert list(sfo) == ["pathname", "flags", "dev", "inode", "ctime", "syscall_pathname"]
    assert type(sfo["flags"]["value"]) is int and sfo["flags"]["type"] == "int"
    assert sfo["pathname"]["value"].startswith("/")
    mw = args_of(seen["magic_write"])
    assert set(mw) == {"pathname", "bytes", "dev", "inode"}
    assert set(args_of(seen["sched_process_exit"])) == {"exit_code", "process_group_exit"}
    assert {"child_pid", "parent_pid", "start_time"} <= set(args_of(seen["sched_process_fork"]))
    assert set(args_of(seen["security_mmap_file"])) == {"pathname", "flags", "dev", "inode", "ctime", "prot", "mmap_flags"}


# ------------------------------------------------------------ proportions


def test_kernel_build_mix_is_sane():
    events = list(generate(40000, seed=1, attack_rate=0))
    names = collections.Counter(e["eventName"] for e in events)
    n = len(events)
    assert set(names) <= set(workload.KERNEL_BUILD_EVENTS)
    # files dominate; processes are a small share; every kind shows up
    assert 0.15 < names["security_file_open"] / n < 0.45
    assert names["openat"] > names["security_file_open"]  # the include-path misses
    assert names["close"] <= names["openat"]
    assert 0.002 < names["sched_process_exec"] / n < 0.03
    assert names["sched_process_fork"] <= names["sched_process_exec"]
    assert names["sched_process_exit"] <= names["sched_process_fork"] + 1
    for kind in ("security_mmap_file", "mmap", "mprotect", "magic_write", "security_inode_unlink", "execve", "clone", "vfork"):
        assert names[kind] > 0, kind
    comms = collections.Counter(args_of(e)["pathname"].rsplit("/", 1)[-1] for e in events if e["eventName"] == "sched_process_exec")
    assert comms["cc1"] > 3 and comms["dash"] > comms["cc1"] and comms["x86_64-linux-gnu-as"] > 0
    assert all(e["containerId"] == "" for e in events)  # a host build


def test_time_and_processes_are_consistent():
    events = list(generate(30000, seed=4, attack_rate=0.01))
    stamps = [e["timestamp"] for e in events]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    forked = {}  # child pid -> parent pid
    for e in events:
        if e["eventName"] == "sched_process_fork":
            a = args_of(e)
            assert a["parent_pid"] == e["processId"]
            assert a["child_pid"] not in forked  # pids are not reused
            forked[a["child_pid"]] = e["processId"]
    build_pids = [e["processId"] for e in events if e["processId"] in forked]
    assert build_pids
    for e in events:
        if e["processId"] in forked:
            assert e["parentProcessId"] == forked[e["processId"]], e
            assert e["threadId"] == e["hostThreadId"] == e["processId"] == e["hostProcessId"]
    exec_pids = [e["processId"] for e in events if e["eventName"] == "sched_process_exec"]
    assert len(exec_pids) == len(set(exec_pids))


# -------------------------------------------------------------- filtering


def test_selected_events_are_the_same_events_filtered():
    keep = {"sched_process_exec", "security_file_open", "magic_write"}
    full = [e for e in generate(30000, seed=9, attack_rate=0) if e["eventName"] in keep]
    part = list(generate(len(full) // 2, seed=9, attack_rate=0, selected=keep))
    assert part == full[: len(part)]
    assert {e["eventName"] for e in part} == keep


def test_unselected_attack_families_are_dropped():
    keep = {"ptrace", "security_file_open"}
    got = list(generate_annotated(4000, seed=1, attack_rate=0.05, selected=keep))
    assert {e["eventName"] for e, _ in got} <= keep
    families = {f for _, f in got if f}
    assert families == {a["family"] for a in workload.DEFAULT_ATTACKS if a["event"]["eventName"] in keep}


# ----------------------------------------------------------------- attacks


@pytest.mark.parametrize("count,rate", [(10000, 0.005), (4000, 0.05), (1000, 0.0), (777, 0.013)])
def test_attack_rate(count, rate):
    got = list(generate_annotated(count, seed=3, attack_rate=rate))
    assert len(got) == count
    assert sum(1 for _, f in got if f) == round(count * rate)


def test_attacks_cycle_through_families_and_leave_build_alone():
    prof = bundled_profile()
    with_attacks = list(generate_annotated(8000, seed=5, attack_rate=0.05, attacks=prof["attacks"], selected=prof["selected_events"]))
    per_family = collections.Counter(f for _, f in with_attacks if f)
    assert set(per_family) == {a["family"] for a in prof["attacks"]}
    assert max(per_family.values()) - min(per_family.values()) <= 1
    build = [e for e, f in with_attacks if not f]
    clean = list(generate(len(build), seed=5, attack_rate=0, selected=prof["selected_events"]))
    assert build == clean  # attacks do not shift the build events
    stamps = [e["timestamp"] for e, _ in with_attacks]
    assert stamps == sorted(stamps)
    # attack processes are told apart by their host pids
    assert all((e["hostProcessId"] >= workload.ATTACKER_PID) == bool(f) for e, f in with_attacks)


def test_attack_event_from_a_bare_template_is_complete():
    template = {"family": "x", "event": {"eventName": "ptrace", "args": [{"name": "request", "value": 0}]}}
    (e, fam), = generate_annotated(1, attack_rate=1.0, attacks=[template])
    check_shape(e)
    assert fam == "x"
    assert e["args"] == [{"name": "request", "type": "long", "value": 0}]
    assert e["processId"] == e["hostProcessId"] >= workload.ATTACKER_PID


def test_bad_arguments():
    with pytest.raises(ValueError, match="count"):
        list(generate(-1))
    with pytest.raises(ValueError, match="attack rate"):
        list(generate(10, attack_rate=1.5))


# ------------------------------------------------------ Rego, read by the parser


def test_selected_events_read_from_selectors():
    mod = parse_module(
        "package p\n"
        "import rego.v1\n"
        '__rego_metadoc__ := {"name": "Not an event"}\n'
        "tracee_selected_events contains s if {\n"
        '\tsome s in [{"source": "tracee", "name": "ptrace", "origin": "*"},\n'
        '\t\t{"source": "tracee", "name": "magic_write", "origin": "*"}]\n'
        "}\n"
        "tracee_match if true\n"
    )
    assert cmd_workload.scan_selected_events(mod) == ["ptrace", "magic_write"]
    mod = parse_module(
        "package p\n"
        "import future.keywords.in\n"
        "# \"name\": \"in_a_comment\"\n"
        "tracee_selected_events[s] {\n"
        '\tsome name in ["security_file_open", "security_inode_rename"]\n'
        '\ts := {"source": "tracee", "name": name, "origin": "host"}\n'
        "}\n"
    )
    assert cmd_workload.scan_selected_events(mod) == ["security_file_open", "security_inode_rename"]
    assert cmd_workload.scan_selected_events(parse_module('package p\nx := {"name": "ptrace"}\n')) == []


def test_v0_module_is_given_to_opa_as_the_formatter_prints_it(tmp_path):
    root = tmp_path / "sigs"
    (root / "v0").mkdir(parents=True)
    src = (
        "package p\n"
        'm := {"a": [1, {"b": 2}]}\n'
        "s[x] {\n  x := m.a[_]\n}\n"
        'o = {"k": v} {\n  v := "{"\n}\n'
        "f(x) = y {\n  y := x\n} else = 0 {\n  true\n}\n"
        "t { # {\n  s[1] with input as {`x`: 1}\n}\n"
    )
    (root / "v0" / "p.rego").write_text(src)
    mod = cmd_workload.load_module(root / "v0" / "p.rego", root, "sigs/v0/p.rego")
    assert (mod.package, mod.syntax, mod.is_signature, mod.is_test) == ("p", "v0", False, False)
    assert mod.v1 == format_module(parse_module(src), v1=True, comments_=comments(src))
    assert mod.v1 == (
        "package p\n\nimport rego.v1\n\n"
        'm := {"a": [1, {"b": 2}]}\n\n'
        "s contains x if {\n\tx := m.a[_]\n}\n\n"
        'o = {"k": v} if {\n\tv := "{"\n}\n\n'
        "f(x) = y if {\n\ty := x\n} else = 0 if {\n\ttrue\n}\n\n"
        't if { # {\n\ts[1] with input as {"x": 1}\n}\n'
    )
    assert parse_module(mod.v1, "sigs/v0/p.rego", v0=False) == to_v1(mod.ast)
    # a v1 module is given as written; under v1/ a module is read as v1
    (root / "v1").mkdir()
    v1_src = "package q\n\ntracee_match if input.x\n"
    (root / "v1" / "q.rego").write_text(v1_src)
    mod = cmd_workload.load_module(root / "v1" / "q.rego", root, "sigs/v1/q.rego")
    assert (mod.v1, mod.syntax, mod.is_signature) == (v1_src, "v1", True)


def test_bad_rego_in_the_corpus_is_a_located_problem(tmp_path):
    root = tmp_path / "sigs"
    root.mkdir()
    (root / "bad.rego").write_text("package p\n\ntracee_match if {\n")
    (root / "nopkg.rego").write_text("tracee_match := 1\n")
    sigs, problems = cmd_workload.load_corpus(root)
    assert sigs == []
    assert [p.split(": ", 1)[0] for p in problems] == ["sigs/bad.rego:3:18", "sigs/nopkg.rego:1:1"]
    assert "expected `package`" in problems[1]
    assert all(p.endswith("; skipped") for p in problems), problems


def test_input_sites_of_a_test_module():
    mod = parse_module(
        "package t\nimport rego.v1\nimport data.fx\n"
        "test_a if {\n"
        "\tev := fx.event(\"x\", [\n\t\t1,\n\t])\n"
        "\tsig.tracee_match == {\n\t\t\"k\": 1,\n\t} with input as ev\n"
        "}\n"
        "test_b if sig.tracee_match with input as {\"eventName\": \"y\"} with data.z as 1\n"
        "not_a_test if sig.tracee_match with input as 1\n"
    )
    a, b = cmd_workload.input_sites(mod)
    assert (a.test, format_term(a.expr), a.line) == ("test_a", "ev", 10)
    assert format_body(a.preamble) == 'ev := fx.event("x", [1])'
    assert (b.test, format_term(b.expr), b.preamble, b.line) == ("test_b", '{"eventName": "y"}', (), 12)
    # the probe: each site's input as a set rule, in the test's package, with its imports
    test = cmd_workload.Module(Path("t_test.rego"), "t_test.rego", "", mod, "")
    probe = cmd_workload._probe_module(test, [a, b])
    assert probe == (
        "package t\n\nimport rego.v1\nimport data.fx\n\n"
        "__r2p_probe_0 contains __r2p_x if {\n"
        '\tev := fx.event("x", [1])\n\t__r2p_x := ev\n}\n\n'
        "__r2p_probe_1 contains __r2p_x if {\n"
        '\t__r2p_x := {"eventName": "y"}\n}\n'
    )
    assert cmd_workload._probe_module(test, [a, b], only=1).endswith('__r2p_probe_1 contains __r2p_x if {\n\t__r2p_x := {"eventName": "y"}\n}\n')
    assert "__r2p_probe_0" not in cmd_workload._probe_module(test, [a, b], only=1)


@pytest.mark.parametrize("name", ["cmd_workload.py", "workload.py"])
def test_no_regular_expression_reads_rego(name):
    """The workload reads Rego only through the parser and writes it only
    through the formatter: its modules use no regular expression library."""
    tree = pyast.parse((ROOT / "transpiler" / name).read_text())
    regex_modules = {"re", "re2", "regex", "fnmatch"}
    for node in pyast.walk(tree):
        if isinstance(node, pyast.Import):
            assert not {a.name.split(".")[0] for a in node.names} & regex_modules, (name, node.lineno)
        elif isinstance(node, pyast.ImportFrom):
            assert (node.module or "").split(".")[0] not in regex_modules, (name, node.lineno)
        elif isinstance(node, pyast.Call) and isinstance(node.func, pyast.Name):
            assert node.func.id != "__import__", (name, node.lineno)


def test_fires_module_is_printed_from_an_ast():
    """The module that asks OPA for a signature's findings is built as an
    AST and printed by the formatter: names from the corpus are escaped by
    the formatter, never pasted into Rego text."""
    fired = [
        ((Scalar("TRC_1"),), cmd_workload._fired_value(("tracee", "TRC_1"), ["ptrace"])),
        ((Scalar('x"y'),), cmd_workload._fired_value(("p", "q r"), [])),
    ]
    text = cmd_workload._fires_module(fired)
    assert text.startswith("package r2p_fires\n\nimport rego.v1\n\nfired.TRC_1 := {i: x | some i, ev in input.events; ")
    mod = parse_module(text)
    a, b, empty = mod.rules
    assert b.ref.path == (Scalar('x"y'),)
    refs = [n for n in ast.walk(b.value) if isinstance(n, Ref) and isinstance(n.head, Var) and n.head.name == "data"]
    assert [tuple(s.value for s in r.path) for r in refs] == [("p", "q r", "tracee_match")]
    assert format_module(mod) == text
    assert format_module(parse_module(
        "package r2p_fires\nimport rego.v1\n"
        "fired[\"TRC_1\"] := {i: x |\n\tsome i, ev in input.events\n\tev.eventName in {\"ptrace\"}\n"
        "\tx := data.tracee.TRC_1.tracee_match with input as ev\n\tx != false\n\tnot __r2p_empty(x)\n}\n"
        "fired[\"x\\\"y\"] := {i: x |\n\tsome i, ev in input.events\n\tev.eventName in set()\n"
        "\tx := data.p[\"q r\"].tracee_match with input as ev\n\tx != false\n\tnot __r2p_empty(x)\n}\n"
        "__r2p_empty(x) if {\n\tis_set(x)\n\tcount(x) == 0\n}\n"
    )) == text


def test_selected_events_read_from_the_ast_when_opa_cannot_load_the_signature(tmp_path):
    pytest.importorskip("opa_bindings")
    root = tmp_path / "sigs"
    root.mkdir()
    (root / "s.rego").write_text(
        "package tracee.TRC_X\n\nimport rego.v1\n\n"
        'tracee_selected_events contains {"source": "tracee", "name": "ptrace", "origin": "*"}\n\n'
        "tracee_match if no_such_function(input)\n"
    )
    sigs, problems = cmd_workload.load_corpus(root)
    assert problems == []
    cmd_workload.compute_selected(sigs, problems)
    (sig,) = sigs
    assert (sig.selected, sig.selected_by) == (["ptrace"], "ast")
    assert len(problems) == 1 and problems[0].startswith("sigs/s.rego: OPA could not load it (")
    assert problems[0].endswith("selected events read from its selectors: ['ptrace']")


# ---------------------------------------------------------- the bundled sample


def readme_command() -> list[str]:
    text = (SAMPLES / "README.md").read_text()
    m = re.search(r"^\s*rego2py workload (.*--profile samples/kernel-build\.profile\.json.*)$", text, re.M)
    assert m, "samples/README.md states the command that regenerates the sample"
    return m.group(1).split()


def parse_cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cmd_workload.add_arguments(parser)
    return parser.parse_args(argv)


def test_bundled_sample_is_what_the_documented_command_makes():
    args = parse_cli(readme_command())
    assert args.output == "samples/kernel-build.jsonl.gz"
    prof = cmd_workload.Profile.load(str(ROOT / args.profile))
    assert (args.tracee, args.raw, args.main_format) == ("0.22", False, False)
    regenerated = lines(generate(args.count, args.seed, args.attack_rate, prof.selected_events, prof.attacks,
                                 args.tracee, not args.raw))
    stored = gzip.decompress(SAMPLE.read_bytes())
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(regenerated).hexdigest()
    assert SAMPLE.stat().st_size < 5_000_000


def test_bundled_main_branch_sample_is_what_the_documented_command_makes():
    from transpiler.tracee.formats import to_main

    text = (SAMPLES / "README.md").read_text()
    m = re.search(r"^\s*rego2py workload (.*--main-format.*)$", text, re.M)
    assert m, "samples/README.md states the command that makes the main-branch sample"
    args = parse_cli(m.group(1).split())
    assert args.output == "samples/kernel-build-main.jsonl.gz"
    prof = cmd_workload.Profile.load(str(ROOT / args.profile))
    events = generate(args.count, args.seed, args.attack_rate, prof.selected_events, prof.attacks, "main", False)
    regenerated = lines(to_main(e) for e in events)
    stored = gzip.decompress((SAMPLES / "kernel-build-main.jsonl.gz").read_bytes())
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(regenerated).hexdigest()


def test_readme_figures_match_the_sample():
    text = (SAMPLES / "README.md").read_text()
    events = [orjson.loads(line) for line in gzip.decompress(SAMPLE.read_bytes()).splitlines()]
    counts = collections.Counter(e["eventName"] for e in events)
    for name, n in counts.items():
        assert re.search(rf"\|\s*`{name}`\s*\|\s*{n:,}\s*\|", text), f"README gives the count of {name}"
    args = parse_cli(readme_command())
    assert len(events) == args.count
    assert f"{round(args.count * args.attack_rate):,} attack events" in text


def test_cli_writes_gzip_and_plain(tmp_path, capsysbinary):
    out = tmp_path / "w.jsonl.gz"
    assert cmd_workload.run(parse_cli(["-n", "250", "--seed", "2", "-o", str(out), "-q"])) == 0
    assert gzip.decompress(out.read_bytes()) == lines(generate(250, seed=2))
    assert cmd_workload.run(parse_cli(["-n", "20", "--seed", "2", "-q", "--profile", str(PROFILE)])) == 0
    prof = bundled_profile()
    assert capsysbinary.readouterr().out == lines(generate(20, seed=2, selected=prof["selected_events"], attacks=prof["attacks"]))


def test_cli_rejects_bad_options(tmp_path, capsys):
    assert cmd_workload.run(parse_cli(["-n", "-3"])) == 2
    assert cmd_workload.run(parse_cli(["--attack-rate", "2"])) == 2
    assert cmd_workload.run(parse_cli(["--verify"])) == 2
    assert cmd_workload.run(parse_cli(["--write-profile", str(tmp_path / "p.json")])) == 2
    assert cmd_workload.run(parse_cli(["--signatures", str(tmp_path / "none")])) == 2
    assert "not a directory" in capsys.readouterr().err


# ------------------------------------------------------ findings under OPA


@pytest.fixture(scope="module")
def corpus():
    pytest.importorskip("opa_bindings")
    sigs, problems = cmd_workload.load_corpus(SIGNATURES)
    cmd_workload.compute_selected(sigs, problems)
    return sigs


def test_opa_and_selector_reading_agree_on_selected_events(corpus):
    """OPA evaluates every signature's selectors; the fallback that reads
    the names written in them from the AST, where it
    finds names at all (not through a rule like `some name in names`), finds
    the same."""
    found = 0
    for sig in corpus:
        assert sig.selected_by == "opa", sig.module.rel
        assert sig.selected, sig.module.rel
        scanned = cmd_workload.scan_selected_events(sig.module.ast)
        if scanned:
            found += 1
            assert sorted(set(scanned)) == sig.selected, sig.module.rel
    assert found >= len(corpus) // 2


def test_profile_selects_what_the_corpus_selects(corpus):
    prof = bundled_profile()
    by_id = {sig.id: sig for sig in corpus}
    for sig_id, info in prof["signatures"].items():
        if sig_id in by_id:
            assert info["selected"] == by_id[sig_id].selected, sig_id


def test_each_attack_family_fires_its_signature_under_opa(corpus):
    """Every bundled attack template, injected with fresh pids, raises a
    finding of its own signature (v1 as written, v0 after the v1 rewrite);
    build events raise none except the dropped-executable kind on the ELF
    objects the build writes (magic_write), a known false positive."""
    prof = bundled_profile()
    families = {a["family"] for a in prof["attacks"]}
    by_id = {sig.id: sig for sig in corpus}
    assert families <= set(by_id)
    n_variants = len(prof["attacks"])
    annotated = list(generate_annotated(2 * n_variants + 600, seed=21, attack_rate=n_variants * 2 / (2 * n_variants + 600),
                                        selected=prof["selected_events"], attacks=prof["attacks"]))
    assert {f for _, f in annotated if f} == families
    report = cmd_workload.verify_stream(corpus, annotated)
    assert report["missed"] == []
    assert {name.split(" by ")[0] for c in report["false_positives"].values() for name in c} <= {"magic_write"}
    both = [sig.module.syntax for sig in corpus if sig.id in families]
    assert "v0" in both and "v1" in both


def test_regopy_agrees_on_the_v0_attack_families(corpus):
    """rego-cpp reads the v0 signatures as written: on every v0 attack event it
    either finds the finding or refuses the module (its well-formedness checks
    reject `f(x[_])` call arguments); it never says "no finding"."""
    pytest.importorskip("regopy")
    prof = bundled_profile()
    v0 = {sig.id for sig in corpus if sig.module.syntax == "v0"}
    attacks = [a for a in prof["attacks"] if a["family"] in v0]
    annotated = list(generate_annotated(len(attacks), seed=2, attack_rate=1.0, attacks=attacks))
    verdicts = cmd_workload.regopy_verdicts(corpus, annotated)
    assert set(verdicts) == {a["family"] for a in attacks}
    assert sum(c["no_finding"] for c in verdicts.values()) == 0
    assert sum(c["fired"] for c in verdicts.values()) > len(annotated) // 2


def test_default_attack_families_fire_some_signature(corpus):
    """The built-in families (used with no corpus) are real attacks for it too."""
    n = len(workload.DEFAULT_ATTACKS)
    annotated = list(generate_annotated(n, attack_rate=1.0))
    assert len({f for _, f in annotated}) == n
    report = cmd_workload.verify_stream(corpus, annotated)
    assert sorted(f for i, (_, f) in enumerate(annotated) if not report["hits"].get(i)) == []

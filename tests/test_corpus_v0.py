"""The v0 half of rego2py's signature corpus (signatures/v0), checked by
two Rego engines besides rego2py itself.

- Real OPA (v1 syntax only) runs every ``test_*`` rule of every
  ``*_test.rego`` file after a mechanical v0 -> v1 rewrite done here
  (``if`` before rule bodies, ``contains`` in partial set heads); each must
  be true. The events of ``test_match*`` rules must match and those of
  ``test_no_match*`` rules must not.
- regopy (rego-cpp 1.5.2) reads the v0 text. It cannot run the test rules
  (it crashes on ``with input``, see below), so it is given every event of
  the tests as input and its tracee_match must equal OPA's.
- ``rego2py test`` must pass every test rule too.

Besides, the corpus is checked for the signature contract: one signature
per non-test file, ids TRC-R2P-001..034 each once, metadata fields and
selectors well-formed, a test file per signature with match, near-miss,
metadata and selector tests.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SIGNATURES = ROOT / "signatures"
HELPERS = SIGNATURES / "helpers.rego"
CORPUS = SIGNATURES / "v0"

FIRST_ID, LAST_ID = 1, 34
ORIGINS = {"host", "container", "container-init", "*"}

PACKAGE_RE = re.compile(r"^package\s+([\w.]+)\s*$", re.M)
TEST_RULE_RE = re.compile(r"^(test_\w+)\s*(?:=\s*true\s*)?\{", re.M)


# ----------------------------------------------------------------- sources


def module_package(src: str, path: Path) -> str:
    m = PACKAGE_RE.search(src)
    if not m:
        raise AssertionError(f"{path}: no package line")
    return m.group(1)


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.rego"))


def signature_files() -> list[Path]:
    return [p for p in corpus_files() if not p.name.endswith("_test.rego")]


def corpus_test_files() -> list[Path]:
    return [p for p in corpus_files() if p.name.endswith("_test.rego")]


def collect_test_rules() -> list[tuple[str, str]]:
    """(package, rule) for every test_* rule of the corpus."""
    out = []
    for path in corpus_test_files():
        src = path.read_text()
        pkg = module_package(src, path)
        names = TEST_RULE_RE.findall(src)
        out += [(pkg, name) for name in dict.fromkeys(names)]
    return out


TEST_RULES = collect_test_rules()


# ------------------------------------------------------- v0 -> v1 rewrite

_IDENT_START = re.compile(r"[A-Za-z_]")
_PARTIAL_SET_HEAD = re.compile(r"^([A-Za-z_]\w*)\[(.+)\]\s*$", re.S)
# A `{` at the top level opens a value (not a rule body) after these.
_VALUE_CONTEXT = set("=|&,([:+-*/<>")


def v0_to_v1(src: str) -> str:
    """Rewrite a v0 module to v1 by inserting ``if`` before every rule body
    and turning ``p[x] { ... }`` heads into ``p contains x if { ... }``.

    It scans tokens only as far as needed: strings, raw strings, comments
    and bracket depth. A ``{`` at depth 0 opens a rule body unless it
    follows an operator (then it opens an object or set value). Modules
    that already import rego.v1 are returned unchanged.
    """
    if re.search(r"^import\s+rego\.v1\s*$", src, re.M):
        return src
    out: list[str] = []
    depth = 0
    last = ""  # last significant character outside strings and comments
    head_start = 0  # index in `out` where the current rule head began
    at_line_start = True
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "#":
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(src[i:j])
            i = j
            continue
        if c == '"':
            j = i + 1
            while src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            out.append(src[i : j + 1])
            last, i, at_line_start = '"', j + 1, False
            continue
        if c == "`":
            j = src.index("`", i + 1)
            out.append(src[i : j + 1])
            last, i, at_line_start = "`", j + 1, False
            continue
        if c == "\n":
            out.append(c)
            at_line_start = True
            i += 1
            continue
        if at_line_start and depth == 0 and _IDENT_START.match(c):
            if not src.startswith("else", i):
                head_start = len(out)
        if not c.isspace():
            at_line_start = False
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "{":
            if depth == 0 and last not in _VALUE_CONTEXT:
                head = "".join(out[head_start:])
                m = _PARTIAL_SET_HEAD.match(head.rstrip())
                if m and "=" not in head:
                    del out[head_start:]
                    out.append(f"{m.group(1)} contains {m.group(2)} ")
                out.append("if ")
            depth += 1
        elif c == "}":
            depth -= 1
        out.append(c)
        if not c.isspace():
            last = c
        i += 1
    return "".join(out)


def test_rewrite_examples():
    src = (
        "package p\n"
        'm := {"a": [1, {"b": 2}]}\n'
        "s[x] {\n  x := m.a[_]\n}\n"
        'o = {"k": v} {\n  v := "{"\n}\n'
        "f(x) = y {\n  y := x\n} else = 0 {\n  true\n}\n"
        "u := {1} | {2}\n"
        "t { # comment {\n  s[1] with input as {`x`: 1}\n}\n"
    )
    assert v0_to_v1(src) == (
        "package p\n"
        'm := {"a": [1, {"b": 2}]}\n'
        "s contains x if {\n  x := m.a[_]\n}\n"
        'o = {"k": v} if {\n  v := "{"\n}\n'
        "f(x) = y if {\n  y := x\n} else = 0 if {\n  true\n}\n"
        "u := {1} | {2}\n"
        "t if { # comment {\n  s[1] with input as {`x`: 1}\n}\n"
    )


# ------------------------------------------------------------------ engines
#
# OPA prepares each distinct query string once (about 0.4 s here), so the
# test rules are read with one query of data.tracee, and the signatures
# are run on events with one query, `data.tracee[p].tracee_match`.
#
# regopy (rego-cpp 1.x) cannot run the test rules: it crashes (SIGSEGV) on
# `r with input as X` as soon as r depends on another rule or function,
# which every signature does. So every `with input as EXPR` of the tests is
# also turned into a rule of its own (after the body lines before it, which
# bind the variables EXPR may use); OPA evaluates it to get the event, and
# the signature's tracee_match on that event must be the same in regopy
# (reading the v0 text) as in OPA (reading the v1 rewrite). regopy runs in
# a subprocess, so that its crashes fail the test instead of killing pytest.

WITH_INPUT = "with input as "
SIG_ALIAS_RE = re.compile(r"\b(TRC_R2P_\d{3})\.tracee_match\b")
UNDEFINED = "<undefined>"

# Signatures rego-cpp 1.5.2 cannot load or run, and why; the test checks
# that they still fail there, so that the list stays true.
KNOWN_REGOPY_GAPS = {
    "tracee.TRC_R2P_007": "rejects `xs[_]` as a call argument (startswith(path, prefixes[_]))",
    "tracee.TRC_R2P_026": "rejects `xs[_]` as a call argument (regex.match(patterns[_], path))",
}


def rule_bodies(src: str) -> list[tuple[str, list[str]]]:
    """(name, expressions) of the test_* rules of a test module; an
    expression spans lines while brackets are open."""
    out = []
    for m in TEST_RULE_RE.finditer(src):
        end = src.index("\n}\n", m.end())
        exprs, cur, depth = [], [], 0
        for line in src[m.end() : end].split("\n"):
            if not line.strip() or (not cur and line.strip().startswith("#")):
                continue
            cur.append(line.strip())
            depth += sum(line.count(c) for c in "([{") - sum(line.count(c) for c in ")]}")
            if depth == 0:
                exprs.append(" ".join(cur))
                cur = []
        out.append((m.group(1), exprs))
    return out


def with_event_rules(src: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The test module extended with one rule per `with input as` (its
    value: the event), and (rule name, signature package, test rule) per
    such case."""
    extra, cases = [], []
    for test_name, exprs in rule_bodies(src):
        for i, expr in enumerate(exprs):
            if WITH_INPUT not in expr:
                continue
            sig = SIG_ALIAS_RE.search(expr)
            assert sig, f"{test_name}: `with input` on something else than tracee_match: {expr}"
            event_expr = expr.split(WITH_INPUT, 1)[1]
            name = f"r2p_case_{len(cases)}"
            before = "\n\t".join(exprs[:i]) or "true"
            extra.append(f"{name} = {event_expr} {{\n\t{before}\n}}\n")
            cases.append((name, f"tracee.{sig.group(1)}", test_name))
    return src + "\n" + "\n".join(extra), cases


@pytest.fixture(scope="module")
def corpus():
    """OPA loaded with the v1 rewrite of the corpus (test modules with
    their event rules), data.tracee evaluated once, and the cases:
    (test file, test rule, signature package, event)."""
    from opa_bindings import OpaEngine

    engine = OpaEngine()
    engine.add_policy("signatures/helpers.rego", HELPERS.read_text())
    case_refs = []
    for path in corpus_files():
        src = path.read_text()
        if path.name.endswith("_test.rego"):
            src, cases = with_event_rules(src)
            pkg = module_package(src, path)
            case_refs += [(path.name, test, pkg, name, sig) for name, sig, test in cases]
        engine.add_policy(str(path.relative_to(ROOT)), v0_to_v1(src))
    tree = engine.eval_query("x = data.tracee")[0]["x"]
    cases = []
    for file, test, pkg, name, sig in case_refs:
        event = tree[pkg.split(".", 1)[1]].get(name, UNDEFINED)
        assert event != UNDEFINED, f"{file} {test}: the event of {name} is undefined"
        cases.append((file, test, sig, event))
    return engine, tree, cases


def opa_matches(engine, event) -> dict[str, object]:
    """tracee_match of every signature on `event`: package -> value."""
    rows = engine.eval_query("x = data.tracee[p].tracee_match", input=event)
    return {f"tracee.{row['p']}": row["x"] for row in rows}


def test_corpus_has_tests():
    # 34 signatures with at least 4 tests each (metadata, selectors, match, near miss)
    assert len(TEST_RULES) >= 4 * (LAST_ID - FIRST_ID + 1)


def test_rules_opa(corpus):
    _, tree, _ = corpus
    failed = []
    for pkg, rule in TEST_RULES:
        value = tree[pkg.split(".", 1)[1]].get(rule, UNDEFINED)
        if value is not True:
            failed.append(f"{pkg}.{rule}: {value}")
    assert failed == []


def test_events_match_where_the_tests_say(corpus):
    """The events of test_match* rules match their signature, those of
    test_no_match* rules do not (a cross-check of the test rules' logic)."""
    engine, _, cases = corpus
    assert len(cases) >= 2 * (LAST_ID - FIRST_ID + 1)
    wrong = []
    for file, test, sig, event in cases:
        matched = sig in opa_matches(engine, event)
        if matched != test.startswith("test_match"):
            wrong.append(f"{file} {test}: matched={matched}")
    assert wrong == []


REGOPY_RUNNER = r"""
import json, sys
import regopy
job = json.load(sys.stdin)
for pkg, events in job["signatures"]:
    print("BEGIN " + pkg, flush=True)
    try:
        interp = regopy.Interpreter()
        for name, src in job["modules"][pkg].items():
            interp.add_module(name, src)
        for event in events:
            interp.set_input_term(json.dumps(event))
            print("ANSWER " + str(interp.query("x = data." + pkg + ".tracee_match")).replace("\n", " "), flush=True)
    except Exception as exc:
        print("ERROR " + str(exc).replace("\n", " "), flush=True)
"""


def parse_regopy_answer(text: str):
    if text == "undefined":
        return UNDEFINED
    try:
        return json.loads(text)["bindings"]["x"]
    except (ValueError, KeyError):
        return f"<regopy error: {text[:300]}>"


def regopy_answers(modules: dict[str, dict[str, str]], events: dict[str, list]) -> dict[str, object]:
    """package -> list of answers, or a string saying how regopy failed.
    A crash ends the subprocess; it is started again on the signatures left."""
    todo = [(pkg, evs) for pkg, evs in events.items()]
    out: dict[str, object] = {}
    while todo:
        job = json.dumps({"signatures": todo, "modules": {p: modules[p] for p, _ in todo}})
        proc = subprocess.run(
            [sys.executable, "-c", REGOPY_RUNNER], input=job, capture_output=True, text=True, timeout=120
        )
        current = None
        for line in proc.stdout.splitlines():
            kind, _, rest = line.partition(" ")
            if kind == "BEGIN":
                current = rest
                out[current] = []
            elif kind == "ANSWER":
                out[current].append(parse_regopy_answer(rest))
            elif kind == "ERROR":
                out[current] = f"error: {rest[:300]}"
        if proc.returncode != 0:
            assert current is not None, f"regopy failed before any signature: {proc.stderr[-2000:]}"
            out[current] = f"crash (exit {proc.returncode})"
        done = set(out)
        todo = [(p, evs) for p, evs in todo if p not in done]
    return out


def test_signatures_agree_with_regopy(corpus):
    pytest.importorskip("regopy")
    engine, _, cases = corpus
    events: dict[str, list] = {}
    where: dict[str, list] = {}
    for file, test, sig, event in cases:
        events.setdefault(sig, []).append(event)
        where.setdefault(sig, []).append(f"{file} {test}")
    helpers = {"signatures/helpers.rego": HELPERS.read_text()}
    modules = {}
    for path in signature_files():
        pkg = signature_package(path)
        modules[pkg] = helpers | {str(path.relative_to(ROOT)): path.read_text()}
    theirs = regopy_answers(modules, events)
    differ = []
    for sig, evs in events.items():
        answers = theirs[sig]
        if sig in KNOWN_REGOPY_GAPS:
            assert isinstance(answers, str) or any(str(a).startswith("<regopy error") for a in answers), (
                f"{sig} now runs in regopy: remove it from KNOWN_REGOPY_GAPS"
            )
            continue
        if isinstance(answers, str):
            differ.append(f"{sig}: regopy {answers}")
            continue
        for label, event, theirs_one in zip(where[sig], evs, answers):
            ours = opa_matches(engine, event).get(sig, UNDEFINED)
            if ours != theirs_one:
                differ.append(f"{label} ({sig}): OPA {ours!r} regopy {theirs_one!r}")
    assert differ == []


# ---------------------------------------------------------------- contract


def signature_package(path: Path) -> str:
    return module_package(path.read_text(), path)


def test_one_signature_per_id():
    ids = []
    for path in signature_files():
        pkg = signature_package(path)
        m = re.fullmatch(r"tracee\.TRC_R2P_(\d{3})", pkg)
        assert m, f"{path}: package {pkg} is not tracee.TRC_R2P_NNN"
        ids.append(int(m.group(1)))
    assert sorted(ids) == list(range(FIRST_ID, LAST_ID + 1))


def test_every_signature_has_a_test_file():
    for path in signature_files():
        test_path = path.with_name(path.stem + "_test.rego")
        assert test_path.exists(), f"{path}: no {test_path.name}"
        src = test_path.read_text()
        names = TEST_RULE_RE.findall(src)
        assert any(n.startswith("test_match") for n in names), test_path
        assert any(n.startswith("test_no_match") for n in names), test_path
        assert "test_metadata" in names and "test_selected_events" in names, test_path


def test_metadata_and_selectors(corpus):
    _, tree, _ = corpus
    for path in signature_files():
        pkg = signature_package(path)
        meta = tree[pkg.split(".", 1)[1]]["__rego_metadoc__"]
        num = pkg.rsplit("_", 1)[1]
        assert meta["id"] == f"TRC-R2P-{num}", path
        for key in ("version", "name", "eventName", "description"):
            assert isinstance(meta[key], str) and meta[key], (path, key)
        assert isinstance(meta["tags"], list), path
        props = meta["properties"]
        assert props["Severity"] in (0, 1, 2, 3, 4), path
        assert re.fullmatch(r"[A-Z][\w ]+: .+", props["MITRE ATT&CK"]), path
        sels = tree[pkg.split(".", 1)[1]]["tracee_selected_events"]
        assert isinstance(sels, list) and sels, path  # a set in OPA's JSON
        for sel in sels:
            assert sel["source"] == "tracee", path
            assert re.fullmatch(r"[a-z_0-9]+|\*", sel["name"]), path
            assert sel.get("origin", "*") in ORIGINS, path


# ------------------------------------------------------------- rego2py itself


def test_rego2py_runs_the_corpus_tests():
    """The transpiled corpus passes the same test rules (`rego2py test`),
    each of them reported as passed."""
    exe = Path(sys.executable).with_name("rego2py")
    proc = subprocess.run(
        [str(exe), "test", "-v", str(HELPERS), str(CORPUS)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    passed = set(re.findall(r"^PASS data\.(\S+) ", proc.stdout, re.M))
    expected = {f"{pkg}.{rule}" for pkg, rule in TEST_RULES}
    assert sorted(expected - passed) == [], proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-3000:]

"""The v0 half of rego2py's signature corpus (signatures/v0) checked by two
Rego engines, independently of rego2py itself.

- rego-cpp (regopy) reads the modules as written (v0 syntax) and runs every
  ``test_*`` rule of every ``*_test.rego`` file; each must be true.
- Real OPA (v1 syntax only) runs the same rules after a mechanical v0 -> v1
  rewrite done here (``if`` before rule bodies, ``contains`` in partial set
  heads). OPA gives partial sets their v0 meaning this way, which regopy's
  v1-leaning reading of ``p[x] { ... }`` does not, so the two runs cover
  each other.

Besides, the corpus is checked for the signature contract: one signature
per non-test file, ids TRC-R2P-001..034 each once, metadata fields and
selectors well-formed, a test file per signature with match, near-miss,
metadata and selector tests.
"""

from __future__ import annotations

import json
import re
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


def all_modules() -> dict[str, str]:
    mods = {"signatures/helpers.rego": HELPERS.read_text()}
    for p in corpus_files():
        mods[str(p.relative_to(ROOT))] = p.read_text()
    return mods


@pytest.fixture(scope="module")
def regopy_interp():
    regopy = pytest.importorskip("regopy")
    interp = regopy.Interpreter()
    for name, src in all_modules().items():
        interp.add_module(name, src)
    return interp


@pytest.fixture(scope="module")
def opa_engine():
    from opa_bindings import OpaEngine

    engine = OpaEngine()
    for name, src in all_modules().items():
        engine.add_policy(name, v0_to_v1(src))
    return engine


def regopy_value(interp, query: str):
    out = interp.query(f"x = {query}")
    text = str(out)
    if text == "undefined":
        return "<undefined>"
    try:
        return json.loads(text)["bindings"]["x"]
    except (ValueError, KeyError) as exc:
        return f"<unreadable: {text} ({exc})>"


def test_corpus_has_tests():
    # 34 signatures with at least 4 tests each (metadata, selectors, match, near miss)
    assert len(TEST_RULES) >= 4 * (LAST_ID - FIRST_ID + 1)


@pytest.mark.parametrize("pkg,rule", TEST_RULES, ids=[f"{p}.{r}" for p, r in TEST_RULES])
def test_rule_regopy(regopy_interp, pkg, rule):
    assert regopy_value(regopy_interp, f"data.{pkg}.{rule}") is True


def test_rules_opa(opa_engine):
    failed = []
    for pkg, rule in TEST_RULES:
        res = opa_engine.eval_query(f"x = data.{pkg}.{rule}")
        if res != [{"x": True}]:
            failed.append(f"{pkg}.{rule}: {res}")
    assert failed == []


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


def test_metadata_and_selectors(opa_engine):
    for path in signature_files():
        pkg = signature_package(path)
        meta = opa_engine.eval_query(f"x = data.{pkg}.__rego_metadoc__")[0]["x"]
        num = pkg.rsplit("_", 1)[1]
        assert meta["id"] == f"TRC-R2P-{num}", path
        for key in ("version", "name", "eventName", "description"):
            assert isinstance(meta[key], str) and meta[key], (path, key)
        assert isinstance(meta["tags"], list), path
        props = meta["properties"]
        assert props["Severity"] in (0, 1, 2, 3, 4), path
        assert re.fullmatch(r"[A-Z][\w ]+: .+", props["MITRE ATT&CK"]), path
        sels = opa_engine.eval_query(f"x = data.{pkg}.tracee_selected_events")[0]["x"]
        assert isinstance(sels, list) and sels, path  # a set in OPA's JSON
        for sel in sels:
            assert sel["source"] == "tracee", path
            assert re.fullmatch(r"[a-z_0-9]+|\*", sel["name"]), path
            assert sel.get("origin", "*") in ORIGINS, path

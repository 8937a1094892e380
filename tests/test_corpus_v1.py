"""The v1 signature corpus (signatures/v1/, TRC-R2P-035..070) under real OPA.

Loads signatures/helpers.rego and every .rego file of signatures/v1/ into one
OPA engine, then
- runs every ``test_*`` rule of the ``*_test.rego`` files and asserts it is true;
- checks the Tracee signature contract of every signature package: the shape
  of ``__rego_metadoc__``, of ``tracee_selected_events`` and of ``tracee_match``;
- checks that no signature raises on a bare event of each event it selects.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import opa_bindings  # real OPA: the reference

ROOT = Path(__file__).resolve().parents[1]
SIG_DIR = ROOT / "signatures"
V1_DIR = SIG_DIR / "v1"
HELPERS = SIG_DIR / "helpers.rego"

ID_LOW, ID_HIGH = 35, 70
METADOC_KEYS = {
    "id",
    "version",
    "name",
    "eventName",
    "description",
    "tags",
    "properties",
}
ORIGINS = {"host", "container", "container-init", "*"}
MITRE = re.compile(r"^[A-Z][A-Za-z ]+: [^:]+(: [^:]+)?$")

PACKAGE_RE = re.compile(r"^package\s+([\w.]+)\s*$", re.M)
TEST_RULE_RE = re.compile(r"^(test_\w+)\b", re.M)


def corpus_files() -> list[Path]:
    """helpers.rego (package tracee.helpers, used by several signatures) and all of v1/."""
    assert (
        HELPERS.exists()
    ), f"{HELPERS} is missing: the v1 signatures import tracee.helpers"
    return [HELPERS, *sorted(V1_DIR.glob("*.rego"))]


def package_of(path: Path) -> str:
    m = PACKAGE_RE.search(path.read_text())
    assert m, f"{path}: no package line"
    return m.group(1)


def collect_test_cases() -> list[tuple[str, str]]:
    cases = []
    for path in sorted(V1_DIR.glob("*_test.rego")):
        pkg = package_of(path)
        names = list(dict.fromkeys(TEST_RULE_RE.findall(path.read_text())))
        cases += [(pkg, name) for name in names]
    return cases


def signature_files() -> list[Path]:
    return [
        p
        for p in sorted(V1_DIR.glob("*.rego"))
        if not p.name.endswith("_test.rego") and not p.name.startswith("lib_")
    ]


SIGNATURE_FILES = signature_files()
SIGNATURE_PACKAGES = [package_of(p) for p in SIGNATURE_FILES]
TEST_CASES = collect_test_cases()


@pytest.fixture(scope="module")
def opa():
    engine = opa_bindings.OpaEngine()
    for path in corpus_files():
        engine.add_policy(str(path.relative_to(ROOT)), path.read_text())
    yield engine
    engine.close()


def value_of(opa, ref: str, input=None):
    rows = (
        opa.eval_query(f"x = {ref}", input=input)
        if input is not None
        else opa.eval_query(f"x = {ref}")
    )
    assert len(rows) <= 1, f"{ref}: several values {rows}"
    return rows[0]["x"] if rows else None


@pytest.fixture(scope="module")
def documents(opa):
    """Every package under data.tracee, evaluated once (OPA compiles each new query, ~0.5 s).

    If the whole tree fails (a test rule raising, say), each package is evaluated
    alone so that only the failing one reports its error."""
    try:
        return value_of(opa, "data.tracee")
    except opa_bindings.OpaError:
        docs = {}
        for pkg in {p for p, _ in TEST_CASES} | set(SIGNATURE_PACKAGES):
            try:
                tree, leaf = docs, pkg.split(".")[1:]
                for part in leaf[:-1]:
                    tree = tree.setdefault(part, {})
                tree[leaf[-1]] = value_of(opa, f"data.{pkg}")
            except opa_bindings.OpaError as err:
                tree[leaf[-1]] = err
        return docs


def lookup(documents, ref: str):
    """The value at data.<ref> in the evaluated tree (None when undefined)."""
    node = documents
    for part in ref.split(".")[1:]:
        if isinstance(node, opa_bindings.OpaError):
            raise node
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if isinstance(node, opa_bindings.OpaError):
        raise node
    return node


@pytest.mark.parametrize(
    ("pkg", "rule"), TEST_CASES, ids=[f"{p}.{r}" for p, r in TEST_CASES]
)
def test_rego_test_rule(documents, pkg, rule):
    assert lookup(documents, f"{pkg}.{rule}") is True


def test_corpus_size():
    assert len(SIGNATURE_PACKAGES) >= ID_HIGH - ID_LOW + 1
    assert len(TEST_CASES) >= 3 * len(SIGNATURE_PACKAGES)


@pytest.mark.parametrize("path", SIGNATURE_FILES, ids=[p.stem for p in SIGNATURE_FILES])
def test_signature_has_tests(path):
    test_file = path.with_name(path.stem + "_test.rego")
    assert test_file.exists(), f"{path.name} has no {test_file.name}"
    assert package_of(test_file) == package_of(path) + "_test"
    text = test_file.read_text()
    assert (
        len(set(TEST_RULE_RE.findall(text))) >= 3
    ), f"{test_file.name}: fewer than 3 tests"
    assert "with input as" in text
    assert re.search(
        r"^\s*not sig\.tracee_match with input as", text, re.M
    ), f"{test_file.name}: no near miss"
    assert re.search(
        r"^\s*(sig\.tracee_match(\.\w+)? ==|sig\.tracee_match\.\w+ with|count\(sig\.tracee_match)",
        text,
        re.M,
    ), f"{test_file.name}: no test asserts a finding"
    assert (
        "sig.__rego_metadoc__.id ==" in text and "sig.tracee_selected_events" in text
    ), f"{test_file.name}: no metadata test"


@pytest.mark.parametrize("pkg", SIGNATURE_PACKAGES)
def test_metadoc(documents, pkg):
    doc = lookup(documents, f"{pkg}.__rego_metadoc__")
    assert isinstance(doc, dict), f"{pkg}: __rego_metadoc__ is {doc!r}"
    assert set(doc) == METADOC_KEYS, f"{pkg}: keys {sorted(doc)}"
    m = re.fullmatch(r"TRC-R2P-(\d{3})", doc["id"])
    assert m and ID_LOW <= int(m.group(1)) <= ID_HIGH, doc["id"]
    assert pkg == "tracee." + doc["id"].replace("-", "_")
    assert re.fullmatch(r"\d+\.\d+\.\d+", doc["version"])
    assert re.fullmatch(
        r"[a-z][a-z0-9_]*", doc["eventName"]
    ), f"{pkg}: eventName {doc['eventName']!r}"
    for key in ("name", "eventName", "description"):
        assert isinstance(doc[key], str) and doc[key], f"{pkg}: {key}"
    assert (
        isinstance(doc["tags"], list)
        and doc["tags"]
        and all(isinstance(t, str) for t in doc["tags"])
    )
    props = doc["properties"]
    assert isinstance(props, dict)
    assert props["Severity"] in (0, 1, 2, 3, 4)
    assert MITRE.match(props["MITRE ATT&CK"]), props["MITRE ATT&CK"]


def test_ids_unique(documents):
    ids = [
        lookup(documents, f"{pkg}.__rego_metadoc__")["id"] for pkg in SIGNATURE_PACKAGES
    ]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == [f"TRC-R2P-{n:03d}" for n in range(ID_LOW, ID_LOW + len(ids))]


@pytest.mark.parametrize("pkg", SIGNATURE_PACKAGES)
def test_selected_events(documents, pkg):
    selectors = lookup(documents, f"{pkg}.tracee_selected_events")
    assert isinstance(selectors, list) and selectors, f"{pkg}: {selectors!r}"
    for sel in selectors:
        assert set(sel) in ({"source", "name"}, {"source", "name", "origin"}), sel
        assert sel["source"] == "tracee"
        assert isinstance(sel["name"], str) and re.fullmatch(
            r"[a-z0-9_]+|\*", sel["name"]
        ), sel
        assert sel.get("origin", "*") in ORIGINS, sel


def bare_event(name: str, origin: str) -> dict:
    event = {
        "timestamp": 1,
        "processId": 1,
        "threadId": 1,
        "parentProcessId": 0,
        "hostProcessId": 1,
        "userId": 1000,
        "processName": "x",
        "hostName": "h",
        "containerId": "",
        "container": {},
        "kubernetes": {},
        "eventId": "0",
        "eventName": name,
        "argsNum": 0,
        "returnValue": 0,
        "contextFlags": {"containerStarted": False, "isCompat": False},
        "executable": {"path": ""},
        "args": [],
    }
    if origin in ("container", "container-init"):
        event["containerId"] = "c0ffee"
        event["container"] = {"id": "c0ffee", "name": "c", "image": "i"}
        event["contextFlags"]["containerStarted"] = origin == "container"
    return event


ALL_MATCHES = '{id: m | some id, pkg in data.tracee; startswith(id, "TRC_R2P_"); m := pkg.tracee_match}'


def test_bare_events_do_not_match(opa, documents):
    """An event of each selected name and origin, without arguments, never raises and never matches."""
    inputs = set()
    for pkg in SIGNATURE_PACKAGES:
        for sel in lookup(documents, f"{pkg}.tracee_selected_events"):
            origin = sel.get("origin", "*")
            inputs |= {
                (sel["name"], o)
                for o in (("host", "container") if origin == "*" else (origin,))
            }
    assert inputs
    for name, origin in sorted(inputs):
        found = value_of(opa, ALL_MATCHES, input=bare_event(name, origin))
        assert {
            k: v for k, v in found.items() if v is not False
        } == {}, f"{name}/{origin}: {found}"


@pytest.mark.parametrize("pkg", SIGNATURE_PACKAGES)
def test_match_shape(opa, pkg):
    """tracee_match is true or an object wherever a test makes it match: check the rule's kind in the source."""
    path = SIGNATURE_FILES[SIGNATURE_PACKAGES.index(pkg)]
    text = path.read_text()
    assert re.search(
        r"^(default\s+)?tracee_match\b", text, re.M
    ), f"{path.name}: no tracee_match rule"
    assert not re.search(
        r"^tracee_match\s+contains\b", text, re.M
    ), f"{path.name}: tracee_match must not be a set"

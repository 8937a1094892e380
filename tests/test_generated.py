"""generated/ is exactly what `rego2py signatures/ -o generated/` makes today,
and it holds every signature of the corpus."""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _diff(a: Path, b: Path) -> list[str]:
    out = []
    cmp = filecmp.dircmp(a, b, ignore=["__pycache__"])
    out += [f"only in generated/: {x}" for x in cmp.left_only]
    out += [f"missing from generated/: {x}" for x in cmp.right_only]
    out += [f"differs: {x}" for x in cmp.diff_files]
    for sub in cmp.common_dirs:
        out += _diff(a / sub, b / sub)
    return out


def test_generated_is_current(tmp_path):
    fresh = tmp_path / "generated"
    proc = subprocess.run(
        [sys.executable, "-m", "transpiler.cli", "signatures/", "-o", str(fresh), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert _diff(ROOT / "generated", fresh) == [], "run: rego2py signatures/ -o generated/"


def test_every_signature_is_in_generated():
    import generated

    packages = set()
    for f in (ROOT / "signatures").rglob("*.rego"):
        if f.name.endswith("_test.rego"):
            continue
        text = f.read_text()
        m = re.search(r"^package\s+(tracee\.\S+)", text, re.M)
        if m and re.search(r"^tracee_match\b", text, re.M):
            packages.add(m.group(1))
    got = {s.package for s in generated.SIGNATURES}
    assert got == packages
    assert len(generated.SIGNATURES) >= 67
    ids = [s.id for s in generated.SIGNATURES]
    assert len(ids) == len(set(ids))
    for s in generated.SIGNATURES:
        assert s.metadata["id"] == s.id
        assert s.selected_events, s.id
        assert all(sel["source"] == "tracee" for sel in s.selected_events)


def test_generated_code_needs_only_the_runtime():
    code = (
        "import sys, generated\n"
        "heavy = sorted(m for m in ('lark', 'jinja2', 'black', 'transpiler.compiler', 'transpiler.parser')"
        " if m in sys.modules)\n"
        "print(heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"

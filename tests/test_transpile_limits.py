"""The transpile command on hostile or odd input: deep and long programs, bad
output directories, names too long for a file, non-UTF-8 sources, packages
that look like signatures and are not. Always a located error and exit
status 2, never a traceback; the good files beside a bad one are still built;
nothing of the user's is replaced or deleted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REGO2PY = [sys.executable, "-m", "transpiler.cli"]
ROOT = Path(__file__).resolve().parent.parent
GOOD = "package good\nimport rego.v1\np := 1\n"


def rego2py(cwd: Path, *args: str):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(REGO2PY + list(args), cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def _every(n: int) -> str:
    # each variable used (OPA: "declared var x unused" otherwise)
    return "package deep\nimport rego.v1\np if {\n" + "".join(f"every x{i} in [1] {{\nx{i} == 1\n" for i in range(n)) + "}\n" * n + "}\n"


DEEP = {
    "plus": ("package deep\nx := " + " + ".join(["1"] * 2000) + "\n", None),
    "union": ("package deep\nx := " + " | ".join(["{1}"] * 300) + "\n", None),
    "array": ("package deep\nx := " + "[" * 450 + "1" + "]" * 450 + "\n", "deep.rego:2:455: unsupported: nesting too deep"),
    "every": (_every(500), "deep.rego:3:1: unsupported: data.deep.p compiles to more than 90 levels"),
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_deep_programs_compile_or_are_refused_where_they_nest(tmp_path, case):
    text, error = DEEP[case]
    (tmp_path / "deep.rego").write_text(text)
    (tmp_path / "good.rego").write_text(GOOD)
    proc = rego2py(tmp_path, "deep.rego", "good.rego", "-o", "out")
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "out" / "good.py").is_file()
    if error is None:
        assert proc.returncode == 0, proc.stderr
        assert (tmp_path / "out" / "deep.py").is_file()
    else:
        assert proc.returncode == 2
        assert any(line.startswith(error) for line in proc.stderr.splitlines()), proc.stderr
        assert not (tmp_path / "out" / "deep.py").exists()
    # what was written imports
    run = subprocess.run([sys.executable, "-c", "import out"], cwd=tmp_path, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 0, run.stderr


def test_long_chains_give_the_right_value(tmp_path):
    (tmp_path / "deep.rego").write_text(DEEP["plus"][0])
    assert rego2py(tmp_path, "deep.rego", "-o", "out").returncode == 0
    run = subprocess.run([sys.executable, "-c", "import out; print(out.deep.x(None))"], cwd=tmp_path,
                         capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.stdout.strip() == "2000"


@pytest.mark.parametrize("out, message", [
    ("afile/sub", "afile/sub: cannot create: "),
    (".", ".: is the working directory or above it"),
    ("..", "..: is the working directory or above it"),
    ("good.rego", "good.rego: holds the sources"),
    ("mine", "mine: exists and was not made by rego2py"),
])
def test_bad_output_directories(tmp_path, out, message):
    (tmp_path / "good.rego").write_text(GOOD)
    (tmp_path / "afile").write_text("keep")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "data.txt").write_text("keep")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    proc = rego2py(tmp_path, "good.rego", "-o", out)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"rego2py: {message}"), proc.stderr
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_a_directory_named_like_the_temporary_one_is_kept(tmp_path):
    (tmp_path / "good.rego").write_text(GOOD)
    (tmp_path / "out.rego2py-tmp").mkdir()
    (tmp_path / "out.rego2py-tmp" / "precious").write_text("keep")
    for _ in range(2):  # built, then replaced
        proc = rego2py(tmp_path, "good.rego", "-o", "out")
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.rego2py-tmp" / "precious").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.rego", "out", "out.rego2py-tmp"]


def test_package_name_too_long_for_a_file(tmp_path):
    (tmp_path / "long.rego").write_text("package " + "a" * 300 + "\np := 1\n")
    (tmp_path / "good.rego").write_text(GOOD)
    proc = rego2py(tmp_path, "long.rego", "good.rego", "-o", "out")
    assert proc.returncode == 2
    assert proc.stderr.startswith("long.rego:1:1: unsupported: package name too long for a file name")
    assert (tmp_path / "out" / "good.py").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.rego", "long.rego", "out"]


def test_non_utf8_source_is_located_by_line_and_column(tmp_path):
    (tmp_path / "bad.rego").write_bytes(b"package bad\n\np := \"caf\xc3\xa9 \xff\"\n")
    (tmp_path / "good.rego").write_text(GOOD)
    proc = rego2py(tmp_path, "bad.rego", "good.rego", "-o", "out")
    assert proc.returncode == 2
    assert proc.stderr.startswith("bad.rego:3:12: not UTF-8"), proc.stderr
    assert (tmp_path / "out" / "good.py").is_file()


def test_a_signature_without_tracee_match_is_reported(tmp_path):
    (tmp_path / "sig.rego").write_text('package tracee.X\nimport rego.v1\n__rego_metadoc__ := {"id": "X"}\nmatch if input.x\n')
    proc = rego2py(tmp_path, "sig.rego", "-o", "out")
    assert proc.returncode == 0
    assert "sig.rego:1:1: warning: package has __rego_metadoc__ but no tracee_match rule" in proc.stderr
    assert "warning: no signatures" in proc.stderr


def test_progress_is_shown_when_stderr_is_not_a_terminal():
    import io

    from transpiler.progress import Progress

    clock = [0.0]
    out = io.StringIO()
    p = Progress(out, every=5.0, clock=lambda: clock[0])
    clock[0] = 10.0
    p.step("formatting x.py", 2, 10)
    clock[0] = 12.0
    p.step("formatting y.py", 3, 10)  # 2 s later: not yet
    clock[0] = 15.0
    p.step("formatting z.py", 4, 10)
    lines = out.getvalue().splitlines()
    assert lines == ["rego2py: 10s: formatting x.py (3/10)", "rego2py: 15s: formatting z.py (5/10)"]


def test_large_constants_skip_black_and_keep_their_value(tmp_path):
    import json

    xs = [f"item-{i:05d}" for i in range(3000)]
    (tmp_path / "big.rego").write_text("package big\nimport rego.v1\nxs := " + json.dumps(xs) + "\np if input.x in xs\n")
    outs = []
    for out in ("out1", "out2"):
        proc = rego2py(tmp_path, "big.rego", "-o", out)
        assert proc.returncode == 0, proc.stderr
        outs.append((tmp_path / out / "big.py").read_text())
    assert outs[0] == outs[1]  # same input, same bytes
    assert any(len(line) > 20_000 for line in outs[0].splitlines())  # kept on its line, not split by black
    run = subprocess.run(
        [sys.executable, "-c", "import out1; print(out1.big.xs(None) == [f'item-{i:05d}' for i in range(3000)], "
         "out1.big.p({'x': 'item-02999'}))"],
        cwd=tmp_path, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.stdout.split() == ["True", "True"], run.stderr


def test_fmt_takes_deep_programs(tmp_path):
    (tmp_path / "a_deep.rego").write_text(DEEP["array"][0] + "y := " + " + ".join(["1"] * 2000) + "\n")
    (tmp_path / "b_good.rego").write_text(GOOD)
    proc = rego2py(tmp_path, "fmt", ".")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert proc.stdout.count("package ") == 2 and "p := 1" in proc.stdout


def test_long_modules_are_written_as_generated(monkeypatch):
    from transpiler import build

    src = "def f(input, _ctx):\n    return ( 1 )\n" * 20
    assert build.format_source(src) != src  # black formats a short module
    monkeypatch.setattr(build, "BLACK_MAX_LINES", 10)
    assert build.format_source(src) == src

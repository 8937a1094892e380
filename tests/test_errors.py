"""What a user sees for bad Rego: `file:line:col: message`, the source line and
a caret, exit status 2, never a traceback; and a bad file does not take the
good ones down with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from transpiler.compiler import compile_program
from transpiler.errors import CompileError, ParseError, Unsupported

REGO2PY = [sys.executable, "-m", "transpiler.cli"]


def transpile(tmp_path: Path, files: dict[str, str], *extra: str):
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    for name, text in files.items():
        (src / name).write_text(text)
    out = tmp_path / "out"
    proc = subprocess.run(
        REGO2PY + [str(src), "-o", str(out), *extra],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    return proc, out


def test_malformed_rego_is_located(tmp_path):
    proc, out = transpile(tmp_path, {"bad.rego": "package t\n\np if {\n  input.x ==\n}\n"})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    first = proc.stderr.splitlines()[0]
    assert first.startswith("src/bad.rego:5:1: ")
    assert proc.stderr.splitlines()[1].strip() == "}"
    assert proc.stderr.splitlines()[2].strip() == "^"


@pytest.mark.parametrize(
    "source, message",
    [
        (
            "package t\nimport rego.v1\np := http.send({})\n",
            "3:6: unsupported: builtin http.send (a signature must not do network I/O on the hot path)",
        ),
        ("package t\nimport rego.v1\np if { x > 1 }\n", "3:8: var x is unsafe"),
        ("package t\nimport rego.v1\np if q\nq if p\n", "rule data.t.p is recursive: data.t.p -> data.t.q -> data.t.p"),
        ("package t\nimport rego.v1\np := nosuch(1)\n", "3:6: undefined function nosuch"),
        ("package t\nimport rego.v1\nf(x) := x\np := f(1, 2, 3)\n", "arity mismatch"),
    ],
)
def test_refused_rego_is_located(tmp_path, source, message):
    proc, _ = transpile(tmp_path, {"t.rego": source})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert message in proc.stderr
    assert proc.stderr.startswith("src/t.rego:")


def test_good_files_are_still_built(tmp_path):
    proc, out = transpile(
        tmp_path,
        {
            "bad.rego": "package bad\np if {\n",
            "good.rego": "package good\nimport rego.v1\np if input.x == 1\n",
        },
    )
    assert proc.returncode == 2
    assert "src/bad.rego:2:7" in proc.stderr
    assert (out / "good.py").is_file()
    assert not (out / "bad.py").exists()
    res = subprocess.run(
        [sys.executable, "-c", "import out.good as g; print(g.p({'x': 1}, None))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert res.stdout.strip() == "True"


def test_refuses_to_replace_a_foreign_directory(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "precious.txt").write_text("keep me")
    proc, out = transpile(tmp_path, {"t.rego": "package t\nimport rego.v1\np := 1\n"})
    assert proc.returncode == 2
    assert "was not made by rego2py" in proc.stderr
    assert (out / "precious.txt").read_text() == "keep me"


def test_bad_flag_is_a_usage_error(tmp_path):
    proc = subprocess.run(REGO2PY + ["run", "--no-such-flag"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_error_classes():
    with pytest.raises(ParseError) as e:
        compile_program([("m.rego", "package t\np := [1, 2\n")])
    assert (e.value.pos.line, e.value.pos.col) == (2, 11)
    with pytest.raises(Unsupported) as e:
        compile_program([("m.rego", "package t\nimport rego.v1\np := http.send({})\n")])
    assert e.value.what == "builtin http.send (a signature must not do network I/O on the hot path)"
    with pytest.raises(CompileError) as e:
        compile_program([("m.rego", "package t\nimport rego.v1\np := x\n")])
    assert e.value.code == "rego_unsafe_var_error"


def test_a_fault_of_the_compiler_refuses_its_rule_located(monkeypatch):
    """A bug of rego2py met while compiling one rule (here: an emitter that
    raises) refuses that rule's package with its position and the fault
    named, and the other packages still compile: no traceback."""
    from transpiler.build import compile_texts
    from transpiler.compiler.emit import BodyEmitter
    from transpiler.errors import InternalError

    real = BodyEmitter.term

    def faulty(self, t, env, k):
        if getattr(t, "name", None) == "boom":
            raise KeyError("planted")
        return real(self, t, env, k)

    monkeypatch.setattr(BodyEmitter, "term", faulty)
    bad = "package bad\n\nx := 1\n\np := y if {\n\ty := boom\n}\n\nboom := 2\n"
    good = "package good\n\nq := 3\n"
    _, out, errors = compile_texts([("bad.rego", bad), ("good.rego", good)])
    assert [type(e) for e in errors] == [InternalError]
    err = errors[0]
    assert (err.pos.file, err.pos.line, err.pos.col) == ("bad.rego", 5, 1)
    assert "data.bad.p: internal error of rego2py (KeyError: 'planted')" in str(err)
    assert ("good",) in out and ("bad",) not in out

"""A signature source cannot run code through the names it carries.

Hostile text (line breaks, quotes, triple quotes, backslashes, NUL, U+2028,
a coding declaration, very long strings) is fed through every place a name or
text from a Rego source reaches generated Python: file names, package paths,
rule paths, function arguments (specialised copies name them), metadata
strings and string keys. The generated package is imported and every rule run
in a fresh interpreter: the canary (a file the payload would create) must not
appear, and every hostile text must come back unchanged as data.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from transpiler.compiler.names import py_text

REGO2PY = [sys.executable, "-m", "transpiler.cli"]
ROOT = Path(__file__).resolve().parent.parent

PAYLOAD = '\n__import__("pathlib").Path("PWNED").touch()\n#'
HOSTILE = [
    PAYLOAD,
    '"""' + PAYLOAD + '"""',
    "'''" + PAYLOAD,
    '\\"""' + PAYLOAD,
    "\\",
    "\r" + PAYLOAD,
    "\x0c" + PAYLOAD,
    "\u2028" + PAYLOAD,
    "\u0085" + PAYLOAD,
    "\x00" + PAYLOAD,
    "# -*- coding: utf-7 -*-\n+AAo-" + PAYLOAD,
    "\u202e" + PAYLOAD,
    "\U0001f600",
]
LONG = "L" * 20000 + PAYLOAD


def _rego_str(s: str) -> str:
    return json.dumps(s)


def _sources() -> dict[str, str]:
    files = {}
    for i, h in enumerate(HOSTILE):
        meta = {"id": f"HOSTILE-{i}", "name": h, "description": LONG}
        keys = "\n".join(f"doc[{_rego_str(x)}] := {_rego_str(x)}" for x in HOSTILE)
        files[f"sig{i}{h.replace('/', '_').replace(chr(0), '')}.rego"] = f"""package tracee[{_rego_str(h)}]

import rego.v1

__rego_metadoc__ := {json.dumps(meta)}

tracee_selected_events contains {{"source": "tracee", "name": "execve"}}

# the comment {h.replace(chr(10), ' ').replace(chr(13), ' ')}
f(x) := concat("", [x, {_rego_str(h)}])

tracee_match := {{"hostile": f({_rego_str(h)})}} if input.eventName == "execve"

{keys}
"""
    return files


def test_the_canary_works(tmp_path):
    """The payload does create the canary when it is run (so the test below can fail)."""
    subprocess.run([sys.executable, "-c", PAYLOAD], cwd=tmp_path, check=True)
    assert (tmp_path / "PWNED").exists()


RUN_ALL = r"""
import json, sys
sys.path.insert(0, ".")
import out
from transpiler.runtime.values import UNDEF, to_json
found = {}
for sig in out.SIGNATURES:
    found[sig.metadata["id"]] = [sig.package, sig.metadata["name"], sig.match({"eventName": "execve"})]
for key, mod in out._MODULES.items():
    for name, fn in list(vars(mod).items()):
        if callable(fn) and getattr(fn, "__module__", None) == mod.__name__ and name != "_link":
            if fn.__code__.co_argcount == 2:
                fn({"eventName": "execve"}, out.CTX)
data = out._MODULES[""]._data({}, out.CTX)
print(json.dumps({"found": found, "data": to_json(data)}))
"""


def test_hostile_names_run_nothing(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name, text in _sources().items():
        (src / name).write_text(text)
    proc = subprocess.run(REGO2PY + ["src", "-o", "out"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert f"{len(HOSTILE)} signature(s)" in proc.stderr
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", RUN_ALL], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "PWNED").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "src"]
    got = json.loads(run.stdout)
    for i, h in enumerate(HOSTILE):
        package, name, finding = got["found"][f"HOSTILE-{i}"]
        assert package == "tracee[" + json.dumps(h, ensure_ascii=False) + "]"
        assert name == h
        assert finding == {"hostile": h + h}
        doc = got["data"]["tracee"][h]["doc"]
        assert doc == {x: x for x in HOSTILE}


@pytest.mark.parametrize("text", HOSTILE + [LONG, "a\\", "'", '"'])
def test_py_text_is_inert(text):
    """Text escaped for a comment or a docstring stays on one line, closes no
    string, and reads back as the same text."""
    t = py_text(text)
    assert t.isascii() and t.isprintable()
    assert '"' not in t.replace('\\"', "")
    for wrap in ('"""{}"""', '"{}"'):
        assert eval(wrap.format(t)) == text
    code = f"# {t}\nx = 1\n"
    ns: dict = {}
    exec(compile(code, "<t>", "exec"), ns)
    assert ns["x"] == 1


# -- names: one-to-one ----------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from transpiler.compiler.names import escape, path_ident, ref_text, unescape, var_name  # noqa: E402

# names made of the characters that matter (marker pieces, digits, underscores) and any others
_PIECES = list("_x2dpqa1Z$-. \n\"'") + ["__x", "__xp_", "__x_", "__rego_", "\u2028", "é", "class"]
_NAME = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join) | st.text(max_size=8)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_NAME, min_size=2, max_size=2, unique=True))
def test_escape_is_one_to_one(names):
    a, b = names
    ea, eb = escape(a), escape(b)
    assert ea.isidentifier() and ea.isascii() and not __import__("keyword").iskeyword(ea)
    assert ea != eb
    assert unescape(ea) == a
    # never one of the generated code's own names (_x...) nor a dunder of Python's
    assert not (ea[:1] == "_" and ea[1:2] != "_")
    assert not (ea.startswith("__") and ea.endswith("__")) or ea.startswith("__rego_")


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.lists(_NAME, min_size=1, max_size=3).map(tuple), min_size=2, max_size=2, unique=True))
def test_paths_and_variables_are_one_to_one(paths):
    p, q = paths
    assert path_ident(p) != path_ident(q)
    assert ref_text(p) != ref_text(q)
    assert var_name(p[0]) != var_name(q[0]) or p[0] == q[0]
    # the parser's variables ($wild0...) never meet the user's (which hold no "$")
    if not q[0].startswith("$"):
        assert var_name("$" + p[0]) != var_name(q[0])


def test_builtin_names_are_one_to_one():
    from transpiler.runtime.builtins import BUILTINS

    made = {"_b_" + escape(n.replace(".", "_")) for n in BUILTINS}
    assert len(made) == len(BUILTINS)


# -- names that used to collide -----------------------------------------------------


def _build(tmp_path, files):
    src = tmp_path / "src"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text)
    proc = subprocess.run(REGO2PY + ["src", "-o", "out"], cwd=tmp_path, capture_output=True, text=True)
    return proc


def _query(tmp_path, expr):
    code = f"import json, sys; sys.path.insert(0, '.'); import out; from transpiler.runtime.values import to_json; print(json.dumps(to_json({expr})))"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_names_that_collided_stay_apart(tmp_path):
    proc = _build(tmp_path, {
        "a.rego": 'package tracee["TRC-1"]\nimport rego.v1\n__rego_metadoc__ := {"id": "A"}\ntracee_match if input.a\n',
        "b.rego": 'package tracee.TRC__x2d_1\nimport rego.v1\n__rego_metadoc__ := {"id": "B"}\ntracee_match if input.b\n',
        "c.rego": "package c\nimport rego.v1\n_x := 1\nr_x := 2\np.q := 3\np__q := 4\n"
                  "w := true if { xs := [1, 2]; w0 := 5; xs[_] == 2; w0 == 5 }\n",
        "d.rego": "package __class__\nimport rego.v1\np := 1\n",
        "e.rego": "package __path__.x\nimport rego.v1\np := 2\n",
        "f.rego": "package CTX\nimport rego.v1\np := 3\n",
        "g.rego": "package SIGNATURES\nimport rego.v1\np := 4\n",
        "h.rego": "package _root\nimport rego.v1\np := 5\n",
        "i.rego": 'package j["k.l"]\nimport rego.v1\np := 6\n',
        "k.rego": "package j.k.l\nimport rego.v1\np := 7\n",
    })
    assert proc.returncode == 0, proc.stderr
    assert "2 signature(s)" in proc.stderr
    assert sorted(_query(tmp_path, "[s.id for s in out.SIGNATURES]")) == ["A", "B"]
    data = _query(tmp_path, "out._MODULES[''][\"_data\"]({}, out.CTX)" .replace("[\"_data\"]", "._data"))
    assert data["c"] == {"_x": 1, "r_x": 2, "p": {"q": 3}, "p__q": 4, "w": True}
    assert data["__class__"] == {"p": 1} and data["__path__"] == {"x": {"p": 2}}
    assert data["CTX"] == {"p": 3} and data["SIGNATURES"] == {"p": 4} and data["_root"] == {"p": 5}
    assert data["j"]["k.l"] == {"p": 6} and data["j"]["k"]["l"] == {"p": 7}
    assert _query(tmp_path, "type(out.CTX).__name__") == "Ctx"

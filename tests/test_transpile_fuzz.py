"""A seeded fuzz run of ``rego2py SRC -o OUT`` (a few seconds per seed).

Each round writes a good signature beside mutated sources (truncated,
with insertions, deeply nested, hostile names in package paths, rule paths,
file names, metadata strings and comments) and transpiles the folder. The
promises checked: never a traceback (no exception escapes ``main``); exit
status 0 or 2; the good signature is still built; nothing is written outside
``-o``. At the end every package built is imported and every rule run in a
fresh interpreter, and the canary file that a hostile name would create if
it ran must not exist.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from transpiler.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = int(os.environ.get("REGO2PY_FUZZ_SEED", "20261203"))
ROUNDS = int(os.environ.get("REGO2PY_FUZZ_ROUNDS", "24"))

CANARY = "FUZZ_CANARY"
PAYLOAD = f'\n__import__("pathlib").Path("{CANARY}").touch()\n#'
HOSTILE = [PAYLOAD, '"""' + PAYLOAD, "'''" + PAYLOAD, "\\", "\x00" + PAYLOAD, "\u2028" + PAYLOAD,
           "\r" + PAYLOAD, "-*- coding: utf-7 -*-", "__class__", "__path__", "_root", "CTX", "x" * 300]

GOOD = """package tracee.GOOD
import rego.v1
__rego_metadoc__ := {"id": "GOOD"}
tracee_selected_events contains {"source": "tracee", "name": "execve"}
tracee_match if input.eventName == "execve"
"""

BASES = [
    GOOD.replace("GOOD", "B1"),
    """package tracee.B2
import rego.v1
__rego_metadoc__ := {"id": "B2", "name": "two"}
f(x) := y if { y := concat("/", [x, "a"]) }
tracee_match := {"p": f(input.args[0].value)} if {
    some arg in input.args
    startswith(arg.value, "/etc")
    every a in input.args { a.name != "" }
}
""",
    """package lib.helpers
import rego.v1
doc["k"] := 1
s contains x if { some x in [1, 2, 3]; x > 1 }
o := {k: v | some k, v in {"a": 1}}
c := count([x | some x in numbers.range(1, 5)])
""",
]

SNIPPETS = ["[", "]", "{", "}", "(", ")", "\"", "`", "#", "\n", " := ", " if ", " every ", " some ", " not ",
            "input.", "data.", " with input as 1", "\\u0000", "\x00", "\xff", "\u2028", "0x", "1e999", "9" * 50,
            "package", "import rego.v1\n", "default p := 1\n", ":= :=", "x[_]", "..."]


def mutate(rng: random.Random, text: str) -> str:
    kind = rng.randrange(9)
    if kind == 0:  # truncated
        return text[: rng.randrange(len(text) + 1)]
    if kind == 1:  # insertions
        for _ in range(rng.randrange(1, 4)):
            i = rng.randrange(len(text) + 1)
            text = text[:i] + rng.choice(SNIPPETS) + text[i:]
        return text
    if kind == 2:  # deep nesting
        n = rng.choice([50, 150, 400])
        op = rng.choice(["[", "{", "(", "not_every"])
        if op == "not_every":
            body = "".join(f"every v{i} in [1] {{\n" for i in range(n)) + "true\n" + "}\n" * n
            return text + f"\ndeep if {{\n{body}}}\n"
        close = {"[": "]", "{": "}", "(": ")"}[op]
        return text + "\ndeep := " + op * n + "1" + close * n + "\n"
    if kind == 3:  # long chains
        return text + "\nchain := " + rng.choice([" + ", " | ", " * "]).join(["1"] * rng.choice([70, 500])) + "\n"
    h = json.dumps(rng.choice(HOSTILE))
    if kind == 4:  # hostile package path
        return text.replace("package ", f"package tracee[{h}].", 1) if "package " in text else text
    if kind == 5:  # hostile rule path
        return text + f"\nhost[{h}] := {h}\nhost[{h}][{h}] := 1\n"
    if kind == 6:  # hostile metadata
        return text.replace('"id": ', f'"name": {h}, "description": {h}, "id": ', 1)
    if kind == 7:  # hostile comment
        return text.replace("\n", "\n# " + rng.choice(HOSTILE).replace("\n", " ") + "\n", 1)
    # hostile function argument (named in a specialised copy's docstring)
    return text + f"\nhf(x) := x\nhv := hf({h})\n"


def file_name(rng: random.Random, i: int) -> str:
    h = rng.choice(HOSTILE).replace("/", "_").replace("\x00", "")[:120]
    return f"m{i}{h if rng.random() < 0.5 else ''}.rego"


def _listing(root: Path, skip: str) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if not p.relative_to(root).parts[0] == skip}


def test_fuzz_transpile(tmp_path, monkeypatch):
    rng = random.Random(SEED)
    monkeypatch.chdir(tmp_path)
    outs = []
    for r in range(ROUNDS):
        work = tmp_path / f"r{r}"
        src = work / "src"
        src.mkdir(parents=True)
        (src / "good.rego").write_text(GOOD)
        for i in range(rng.randrange(1, 3)):
            text = mutate(rng, rng.choice(BASES))
            (src / file_name(rng, i)).write_bytes(text.encode("utf-8", "surrogateescape"))
        before = _listing(tmp_path, f"r{r}") | _listing(work, "out")
        err = io.StringIO()
        args = [str(src), "-o", str(work / "out")] + (["--no-format"] if rng.random() < 0.7 else [])
        with contextlib.redirect_stderr(err):
            status = main(args)  # an exception here is a traceback for the user
        message = f"round {r}: {err.getvalue()[-3000:]}"
        assert status in (0, 2), message
        assert "Traceback" not in err.getvalue(), message
        assert (work / "out" / "tracee" / "GOOD.py").is_file(), message
        assert _listing(tmp_path, f"r{r}") | _listing(work, "out") == before, message
        outs.append(str(work))
    code = r"""
import importlib, sys
from transpiler.runtime.gen import EMPTY_CTX
for work in sys.argv[1:]:
    sys.path.insert(0, work)
    pkg = importlib.import_module("out")
    for sig in pkg.SIGNATURES:
        sig.match({"eventName": "execve", "args": [{"name": "a", "value": "/etc/x"}]})
    for mod in pkg._MODULES.values():
        for name, fn in list(vars(mod).items()):
            if callable(fn) and getattr(fn, "__module__", None) == mod.__name__ and name != "_link":
                if fn.__code__.co_argcount == 2:
                    try:
                        fn({"eventName": "execve"}, EMPTY_CTX)
                    except Exception as exc:  # a Rego error is fine; running foreign code is not
                        if not type(exc).__module__.startswith("transpiler"):
                            raise
    sys.path.remove(work)
    for m in [m for m in sys.modules if m == "out" or m.startswith("out.")]:
        del sys.modules[m]
"""
    run = subprocess.run([sys.executable, "-c", code, *outs], cwd=tmp_path, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert not list(tmp_path.rglob(CANARY))

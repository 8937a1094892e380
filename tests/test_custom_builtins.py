"""Users' own builtins (--builtins FILE.py): the whole chain on the example.

examples/tracee_builtins.py declares tracee.is_shell and
tracee.entropy_bucket; examples/custom_builtin/ has a signature using them
and its tests. Transpile, run over events, `rego2py test`, and `verify`
against OPA given the same Python functions; then the declaration checks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from transpiler import custom_builtins
from transpiler.cli import main
from transpiler.runtime.builtins import BUILTINS

ROOT = Path(__file__).resolve().parent.parent
BUILTINS_FILE = ROOT / "examples" / "tracee_builtins.py"
POLICY = ROOT / "examples" / "custom_builtin"

EVENTS = [
    {"eventName": "sched_process_exec", "processName": "nginx", "args": [{"name": "pathname", "value": "/bin/bash"}]},
    {"eventName": "sched_process_exec", "processName": "nginx", "args": [{"name": "pathname", "value": "/usr/bin/python3"}]},
    {"eventName": "sched_process_exec", "processName": "cron", "args": [{"name": "pathname", "value": "/bin/sh"}]},
    {"eventName": "sched_process_exec", "processName": "httpd", "args": [{"name": "pathname", "value": "/bin/dash"}]},
]


@pytest.fixture(autouse=True)
def clean_registry():
    custom_builtins.forget()
    yield
    custom_builtins.forget()


@pytest.fixture
def events(tmp_path):
    p = tmp_path / "events.jsonl"
    p.write_text("".join(json.dumps(e) + "\n" for e in EVENTS))
    return p


def test_transpile_then_run(tmp_path, events, capsys):
    out = tmp_path / "gen"
    assert main([str(POLICY / "shell_from_web.rego"), "-o", str(out), "--builtins", str(BUILTINS_FILE)]) == 0
    code = (out / "tracee" / "TRC_EX_SHELL.py").read_text()
    # imported by module name: the generated package needs the runtime and that module only
    assert '_custom_builtin("tracee_builtins", "tracee.is_shell")' in code
    capsys.readouterr()
    assert main(["run", str(out), str(events), "--builtins", str(BUILTINS_FILE)]) == 0
    findings = [json.loads(line)["data"] for line in capsys.readouterr().out.splitlines()]
    assert findings == [{"parent": "nginx", "shell": "/bin/bash"}, {"parent": "httpd", "shell": "/bin/dash"}]


def test_without_the_file_the_name_is_undefined(tmp_path, capsys):
    assert main([str(POLICY / "shell_from_web.rego"), "-o", str(tmp_path / "gen")]) == 2
    assert "undefined function tracee.is_shell" in capsys.readouterr().err


def test_rego_tests(capsys):
    assert main(["test", str(POLICY), "--builtins", str(BUILTINS_FILE)]) == 0
    assert "4 passed, 0 failed" in capsys.readouterr().out


def test_verify_against_opa_with_the_same_functions(events, capsys):
    pytest.importorskip("opa_bindings")
    rc = main(
        ["verify", str(POLICY / "shell_from_web.rego"), "--builtins", str(BUILTINS_FILE),
         "--events", str(events), "--generate", "200", "--mutate", str(events)]
    )
    out = capsys.readouterr().out
    assert rc == 0, out
    assert " 0 failed" in out and "passed" in out


def test_errors_and_undefined_match_opa(monkeypatch):
    pytest.importorskip("opa_bindings")
    from transpiler.compiler import compile_program
    from transpiler.opa_backend import compile_program as opa_compile_program

    import types

    mod = types.ModuleType("r2p_test_builtins")

    def half(x):
        if x == 3:
            raise ValueError("three")
        return None if x == 5 else x / 2

    mod.half = half
    mod.REGO_BUILTINS = {"t.half": {"function": half, "args": ["number"], "result": "number", "pure": False}}
    monkeypatch.setitem(sys.modules, mod.__name__, mod)
    custom_builtins.load(mod)
    src = "package p\n\nq := t.half(input.x)\n"
    ours = compile_program([("p.rego", src)], strict=True)
    theirs = opa_compile_program([("p.rego", src)], strict=True)
    for x in (4, 3, 5, "a"):
        got, want = _answer(ours, x), _answer(theirs, x)
        assert got == want, x


def _answer(prog, x):
    try:
        rows = prog.query("r = data.p.q", input={"x": x})
    except Exception as exc:
        return ("err", getattr(exc, "code", None), getattr(exc, "message", str(exc)))
    return ("ok", [r["r"] for r in rows])


def test_impure_builtins_are_not_computed_at_transpile_time(tmp_path):
    f = tmp_path / "counting_builtins.py"
    f.write_text(
        "CALLS = []\n"
        "def tick(x):\n    CALLS.append(x)\n    return x\n"
        "REGO_BUILTINS = {'c.tick': {'function': tick, 'args': ['any'], 'pure': False},\n"
        "                 'c.same': {'function': tick, 'args': ['any']}}\n"
    )
    custom_builtins.load(f)
    import counting_builtins

    from transpiler.compiler import compile_program

    prog = compile_program([("p.rego", "package p\n\na := c.tick(1)\n\nb := c.same(2)\n")])
    # c.same(2) is folded at transpile time; c.tick(1) is left for run time
    assert 2 in counting_builtins.CALLS and 1 not in counting_builtins.CALLS
    assert prog.query("x = data.p.a") == [{"x": 1}]
    assert 1 in counting_builtins.CALLS


@pytest.mark.parametrize(
    "table,message",
    [
        ({"count": {"function": len, "args": ["any"]}}, "is an OPA builtin"),
        ({"data.x": {"function": len, "args": ["any"]}}, "dotted Rego name"),
        ({"a.b": {"function": len, "args": ["str"]}}, "args must be a list of types"),
        ({"a.b": {"function": 1, "args": []}}, "not callable"),
        ({"a.b": {"function": lambda x: x, "args": []}}, "does not take 0 argument"),
        ({"a.b": {"function": len, "args": ["any"], "pure": "yes"}}, "pure must be"),
        ({"a.b": {"function": len, "args": ["any"], "arity": 1}}, "unknown keys"),
        ({"a.not": {"function": len, "args": ["any"]}}, "keyword"),
    ],
    ids=["opa-name", "data", "type", "callable", "arity", "pure", "keys", "keyword"],
)
def test_bad_declarations(table, message, monkeypatch):
    import types

    mod = types.ModuleType("r2p_bad_builtins")
    mod.REGO_BUILTINS = table
    monkeypatch.setitem(sys.modules, mod.__name__, mod)
    with pytest.raises(custom_builtins.CustomBuiltinError) as exc:
        custom_builtins.load(mod)
    assert message in exc.value.message
    assert not any(b.module == "r2p_bad_builtins" for b in BUILTINS.values())


def test_a_users_builtin_may_supply_a_refused_one(monkeypatch):
    """http.send is refused until a user's builtin supplies it; forgetting
    the user's builtin refuses it again."""
    import types

    from transpiler.compiler import compile_program
    from transpiler.errors import Unsupported

    src = "package p\n\nq := http.send({\"url\": input.u})\n"
    with pytest.raises(Unsupported):
        compile_program([("p.rego", src)])
    mod = types.ModuleType("r2p_http_builtins")

    def send(req):
        return {"status_code": 200, "body": req["url"]}

    mod.REGO_BUILTINS = {"http.send": {"function": send, "args": ["object"], "result": "object", "pure": False}}
    monkeypatch.setitem(sys.modules, mod.__name__, mod)
    custom_builtins.load(mod)
    prog = compile_program([("p.rego", src)])
    assert prog.query("r = data.p.q", input={"u": "x"}) == [{"r": {"status_code": 200, "body": "x"}}]
    custom_builtins.forget()
    with pytest.raises(Unsupported):
        compile_program([("p.rego", src)])

"""``rego2py check --tracee VERSION``: signatures against Tracee's event definitions."""

from __future__ import annotations

import textwrap

import pytest

from transpiler.cli import main
from transpiler.parser import parse_module
from transpiler.tracee.check import check_module
from transpiler.tracee.schema import schema


def findings(src, version="0.22"):
    module = parse_module(textwrap.dedent(src), "sig.rego")
    return [(f.pos.line, f.pos.col, f.message) for f in check_module(module, schema(version))]


HEAD = """\
package tracee.X
import rego.v1
import data.tracee.lib.event as ev
"""


def test_unknown_event_is_located():
    src = HEAD + 'tracee_selected_events contains {"source": "tracee", "name": "hooked_syscalls"}\n'
    for version in ("0.22", "0.24", "main"):
        [(line, col, msg)] = findings(src, version)
        assert (line, col) == (4, 62) and "selects event 'hooked_syscalls'" in msg
    assert findings(HEAD + 'tracee_selected_events contains {"name": "hooked_syscall"}\n') == []
    assert findings(HEAD + 'tracee_selected_events contains {"name": "*"}\nx := ev.arg("nope")\n') == []


def test_argument_the_event_lacks():
    src = HEAD + """\
tracee_selected_events contains {"name": "security_file_open"}
tracee_selected_events contains {"name": "security_inode_rename"}
p := ev.arg("pathname") if {
    input.eventName == "security_file_open"
} else := ev.arg("new_path")
q := ev.arg("new_path") if input.eventName == "security_file_open"
r := ev.arg_or("nothing", "")
"""
    got = findings(src)
    assert [(line, msg.split(",")[0]) for line, _, msg in got] == [
        (9, "reads argument 'new_path'"), (10, "reads argument 'nothing'")]


def test_comparisons_by_version():
    src = HEAD + """\
tracee_selected_events contains {"name": "ptrace"}
tracee_selected_events contains {"name": "sched_process_exec"}
tracee_selected_events contains {"name": "security_socket_connect"}
traceme := 0
a if { input.eventName == "ptrace"; r := ev.arg("request"); r == traceme }
b if { input.eventName == "ptrace"; ev.arg("request") in {0, "PTRACE_TRACEME"} }
c if { input.eventName == "sched_process_exec"; ev.arg("invoked_from_kernel") == 1 }
d if { input.eventName == "security_socket_connect"; addr := ev.arg("remote_addr"); addr.sin_port == 6443 }
e if { input.eventName == "security_socket_connect"; addr := ev.arg("remote_addr"); addr.sin_port == "6443" }
f if { input.eventName == "ptrace"; r := ev.arg("request"); is_number(r) }
g if { input.eventName == "sched_process_exec"; is_boolean(ev.arg("invoked_from_kernel")) }
"""
    v022 = findings(src, "0.22")
    assert [(line, msg) for line, _, msg in v022] == [
        (8, "compares ptrace.request with a number; Tracee v0.22.6 gives a string (arguments parsed, as its rule engine does)"),
        (11, "compares security_socket_connect.remote_addr.sin_port with a number; Tracee v0.22.6 gives a string"),
        (13, "tests whether ptrace.request is a number; Tracee v0.22.6 gives a string (arguments parsed, as its rule engine does)"),
        (14, "tests whether sched_process_exec.invoked_from_kernel is a boolean; Tracee v0.22.6 gives a number"),
    ]
    main_ = findings(src, "main")
    assert [(line, msg) for line, _, msg in main_] == [
        (10, "compares sched_process_exec.invoked_from_kernel with a number; Tracee main 7c9ec97 gives a boolean"),
        (11, "compares security_socket_connect.remote_addr.sin_port with a number; Tracee main 7c9ec97 gives a string"),
    ]
    assert [line for line, _, _ in findings(src, "0.24")] == [10, 11]


def test_command(tmp_path, capsys):
    f = tmp_path / "s.rego"
    f.write_text(HEAD + 'tracee_selected_events contains {"name": "security_inode_mkdir"}\n')
    assert main(["check", "--tracee", "main", str(f)]) == 0
    out = capsys.readouterr().out
    assert f"{f}:4:42: warning: selects event 'security_inode_mkdir'" in out
    assert main(["check", "--tracee", "0.22", "--strict", str(f)]) == 1
    assert "error: selects event" in capsys.readouterr().out
    bad = tmp_path / "bad.rego"
    bad.write_text("package x\np {")
    assert main(["check", "--tracee", "0.22", str(bad)]) == 1  # an error found, as opa check
    with pytest.raises(SystemExit):
        main(["check", "--tracee", "0.19", str(f)])


def test_corpus_is_clean():
    """The done criterion: our signatures fit both v0.22 and main."""
    from pathlib import Path

    from transpiler.build import collect_sources

    root = Path(__file__).resolve().parent.parent / "signatures"
    for version in ("0.22", "0.24", "main"):
        problems = []
        for f in collect_sources([root]):
            module = parse_module(f.read_text(encoding="utf-8"), str(f))
            problems += [f"{f.name}:{x.pos.line}: {x.message}" for x in check_module(module, schema(version))]
        assert problems == [], version

"""transpiler/progress.py, the one progress display of every command, driven
by a fake clock (no sleeps)."""

import io

from transpiler.progress import Progress


def _progress(**kw):
    clock = [0.0]
    out = io.StringIO()
    return Progress(out, clock=lambda: clock[0], **kw), clock, out


def test_silent_during_the_grace_period_then_a_line_every_few_seconds():
    p, clock, out = _progress(every=5.0)
    for t in (0.5, 1.9):
        clock[0] = t
        p.step("testing", 0, 4)
    assert out.getvalue() == ""
    for t in (2.0, 3.0, 6.9, 7.0, 12.5):
        clock[0] = t
        p.step("testing", int(t), 20)
    assert out.getvalue().splitlines() == [
        "rego2py: 2s: testing (3/20)",
        "rego2py: 7s: testing (8/20)",
        "rego2py: 12s: testing (13/20)",  # 12.5 s rounds to even
    ]


def test_quiet_shows_nothing():
    p, clock, out = _progress(quiet=True, total=10, tty=True)
    for t in range(1, 20):
        clock[0] = float(t)
        p.update(t, t)
        p.step("x")
    p.finish()
    assert out.getvalue() == ""


def test_terminal_bar_redrawn_in_place_and_cleared_for_other_text():
    p, clock, out = _progress(total=200, tty=True)
    clock[0] = 3.0
    p.update(50, 30, unit="tests")
    assert out.getvalue() == "\r\x1b[K[#######.......................]  25.0%  30 tests  10 tests/s"
    p.clear()  # before a message on stderr
    assert out.getvalue().endswith("\r\x1b[K")
    n = len(out.getvalue())
    clock[0] = 3.05  # cleared: the next update draws again, however soon
    p.update(100, 40, unit="tests")
    assert out.getvalue()[n:].startswith("\r\x1b[K[###############...............]  50.0%")
    p.finish()
    assert out.getvalue().endswith("\r\x1b[K") and not p.shown


def test_without_a_terminal_a_known_total_is_a_count():
    p, clock, out = _progress(total=8)
    clock[0] = 4.0
    p.update(2, 100)
    assert out.getvalue() == "rego2py: 4s: 100 events  25 events/s (2/8)\n"


# ------------------------------------------------------------ in the commands

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from transpiler.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^rego2py: \d+s: ", re.M)


@pytest.fixture
def immediate(monkeypatch):
    """Progress without its grace period and interval, so short work shows it."""
    init = Progress.__init__

    def eager(self, *args, **kwargs):
        kwargs.setdefault("grace", 0.0)
        kwargs.setdefault("every", 0.0)
        init(self, *args, **kwargs)

    monkeypatch.setattr(Progress, "__init__", eager)


def _commands(tmp_path):
    sigs = ROOT / "signatures"
    one = [str(sigs / "v1" / "shadow_read.rego"), str(sigs / "helpers.rego"), str(sigs / "v1" / "lib_event.rego")]
    return {
        "transpile": ["transpile", *one, "-o", str(tmp_path / "out"), "--no-format"],
        "run": ["run", str(ROOT / "tests" / "fixtures" / "engine" / "sigs_basic"), str(ROOT / "samples" / "kernel-build.jsonl.gz"),
                "-o", str(tmp_path / "f.jsonl")],
        "test": ["test", str(sigs / "v1" / "shadow_read.rego"), str(sigs / "v1" / "shadow_read_test.rego"),
                 str(sigs / "helpers.rego"), str(sigs / "v1" / "lib_event.rego"), str(sigs / "v1" / "lib_fixtures.rego")],
        "verify": ["verify", *one, "--generate", "3"],
        "conformance": ["conformance", str(ROOT.parent / "shared" / "conformance" / "v1"), "-k", "aggregates/count",
                        "--in-process"],
    }


@pytest.mark.parametrize("command", ["transpile", "run", "test", "verify", "conformance"])
def test_every_long_command_shows_progress_off_a_terminal_unless_quiet(command, tmp_path, capsys, immediate):
    """Off a terminal (stderr captured here), a plain progress line;
    -q/--quiet: none. (bench uses the same display; too long to run here.)"""
    argv = _commands(tmp_path)[command]
    assert main(argv) == 0
    assert LINE.search(capsys.readouterr().err), command
    assert main([*argv, "-q"]) == 0
    assert not LINE.search(capsys.readouterr().err), command

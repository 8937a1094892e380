"""The README's quick start works when pasted: each ``rego2py`` command of
its block runs, from the repository's root, with exit status 0 (``/tmp/``
paths moved to a temporary directory, a ``| head`` dropped, the run cache
kept there too)."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from transpiler.cli import main

ROOT = Path(__file__).resolve().parent.parent


def quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("\n\n", 2)[2]
    lines = []
    for line in block.splitlines():
        if not line.startswith("    "):
            break
        lines.append(line.strip())
    return lines


def test_the_quick_start_commands_run(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    commands = [c for c in quick_start() if c.startswith("rego2py ")]
    assert len(commands) >= 6 and quick_start()[0] == ". .venv/bin/activate"
    for command in commands:
        command = re.sub(r"\s+#.*$", "", command).split(" | ")[0].replace("/tmp/", f"{tmp_path}{os.sep}")
        argv = shlex.split(command)[1:]
        assert main(argv) == 0, command
        out = capsys.readouterr().out
        if argv[0] == "eval":
            assert '"pathname": "/etc/shadow"' in out
        if argv[0] == "test":
            assert out.rstrip().endswith(" passed, 0 failed")
    assert (tmp_path / "findings.jsonl").stat().st_size > 0
    assert (tmp_path / "sigs" / "__init__.py").is_file()

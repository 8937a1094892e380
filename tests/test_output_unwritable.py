"""An output directory the user cannot write: a located error, exit status 2,
no traceback, nothing of the user's changed and no temporary directory left.

The suite runs as root, for whom permission bits do not hold, so the
refusals of the file system are simulated where rego2py meets them: the
access check before anything is written, the temporary directory beside the
output, and a write failing half-way through the package."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from transpiler import output
from transpiler.cli import main

GOOD = "package tracee.GOOD\nimport rego.v1\n__rego_metadoc__ := {\"id\": \"G\"}\ntracee_match if input.x == 1\n"


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def _setup(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "good.rego").write_text(GOOD)
    (tmp_path / "locked").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path / "locked" / "out"


def test_a_directory_without_write_permission_is_refused_before_anything_is_written(tmp_path, monkeypatch, capsys):
    out = _setup(tmp_path, monkeypatch)
    locked = str(tmp_path / "locked")
    real = os.access
    monkeypatch.setattr(output.os, "access", lambda p, mode: False if str(p) == locked else real(p, mode))
    before = _tree(tmp_path)
    assert main(["good.rego", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rego2py: {out}: cannot write in {locked}: permission denied"), err
    assert "Traceback" not in err
    assert _tree(tmp_path) == before


def test_the_file_system_refusing_the_temporary_directory(tmp_path, monkeypatch, capsys):
    out = _setup(tmp_path, monkeypatch)

    def refuse(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(out.parent))

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    before = _tree(tmp_path)
    assert main(["good.rego", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rego2py: {out}: cannot write beside it: Permission denied"), err
    assert _tree(tmp_path) == before


def test_a_write_failing_half_way_leaves_the_old_package_and_no_temporary_files(tmp_path, monkeypatch, capsys):
    out = _setup(tmp_path, monkeypatch)
    assert main(["good.rego", "-o", str(out), "-q"]) == 0  # a package of rego2py's, to be replaced
    old = {p: p.read_bytes() for p in out.rglob("*.py")}
    before = _tree(tmp_path)
    real = Path.write_text

    def full_disk(self, *a, **k):
        if self.name == "GOOD.py":
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "write_text", full_disk)
    (tmp_path / "good.rego").write_text(GOOD.replace("== 1", "== 2"))
    assert main(["good.rego", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"rego2py: {out}: cannot write: No space left on device" in err, err
    assert "Traceback" not in err
    assert _tree(tmp_path) == before  # no *.rego2py-tmp-* left beside it
    assert {p: p.read_bytes() for p in out.rglob("*.py")} == old

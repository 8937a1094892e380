"""Inputs of ``rego2py run`` cut into parts that workers match independently.

A plain file of JSON lines is cut into byte ranges; a part owns the lines
that *start* in its range (the line that straddles its end is read to its
newline, the one that straddles its start belongs to the part before), so
every line is matched exactly once whatever the cut. A gzip file is one part
(it cannot be entered in the middle). Line numbers are those of the whole
file: a part's first line is the number of lines in the parts before it,
which ``count_lines`` gives without matching.

Paths are files, directories (their files, recursively, sorted), globs and
fsspec URLs (``s3://bucket/day/*.jsonl.gz`` where the filesystem's package
is installed); local paths need no fsspec.
"""

from __future__ import annotations

import glob as globmod
import gzip
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"
READ_BYTES = 1 << 20  # read size within a part


class InputProblem(Exception):
    """An input that cannot be found or read: reported with its name."""


class DamagedInput(Exception):
    """Reading stopped inside a file (damaged gzip data); the complete lines
    before it were read. The argument is the reader's exception."""


@dataclass(frozen=True)
class Part:
    source: str  # the name in messages and findings (the path or URL)
    index: int  # order of output
    start: int  # byte range owned (plain files); gzip: 0 and the file size
    end: int
    gzip: bool
    last: bool  # the file's last part

    @property
    def size(self) -> int:
        return self.end - self.start


def is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def _local(path: str) -> str:
    return path[len("file://") :] if path.startswith("file://") else path


def _fs(url: str):
    try:
        import fsspec
    except ImportError:
        raise InputProblem(f"{url}: reading URLs needs fsspec (pip install 'rego2py[dask]')") from None
    try:
        fs, _, _ = fsspec.get_fs_token_paths(url)
    except (ImportError, ValueError) as exc:
        raise InputProblem(f"{url}: {exc}") from None
    return fs


def expand(paths: list[str]) -> list[str]:
    """Files named by ``paths`` (``-`` kept as it is), in order: a directory
    gives its files recursively, sorted; a glob its matches, sorted."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
        elif is_url(p):
            fs = _fs(p)
            proto = p.split("://", 1)[0]
            if any(c in p for c in "*?["):
                found = sorted(fs.glob(p))
                if not found:
                    raise InputProblem(f"{p}: no file matches")
                out += [f"{proto}://{f}" if "://" not in f else f for f in found]
            elif fs.isdir(p):
                found = sorted(f for f in fs.find(p))
                out += [f"{proto}://{f}" if "://" not in f else f for f in found]
            else:
                out.append(p)
        else:
            local = _local(p)
            if os.path.isdir(local):
                out += sorted(str(f) for f in Path(local).rglob("*") if f.is_file())
            elif not os.path.exists(local) and any(c in local for c in "*?["):
                found = sorted(f for f in globmod.glob(local, recursive=True) if os.path.isfile(f))
                if not found:
                    raise InputProblem(f"{p}: no file matches")
                out += found
            else:
                out.append(local)
    return out


def open_binary(path: str):
    """The raw bytes of ``path`` (a local path or an fsspec URL)."""
    try:
        if is_url(path):
            return _fs(path).open(path, "rb")
        return open(_local(path), "rb")
    except OSError as exc:
        raise InputProblem(f"{path}: cannot read: {exc.strerror or exc}") from None


def file_size(path: str) -> int:
    try:
        if is_url(path):
            return int(_fs(path).size(path))
        return os.path.getsize(_local(path))
    except (OSError, TypeError, ValueError) as exc:
        raise InputProblem(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None


def is_gzip(path: str) -> bool:
    with open_binary(path) as f:
        return f.read(2) == GZIP_MAGIC


def plan(paths: list[str], block_bytes: int) -> tuple[list[Part | str], list[str]]:
    """Parts of the inputs, in output order (``"-"`` stands for standard
    input at its place), and the problems of inputs that cannot be read."""
    parts: list[Part | str] = []
    problems: list[str] = []
    index = 0
    for path in expand(paths):
        if path == "-":
            parts.append("-")
            continue
        try:
            if not is_url(path) and os.path.isdir(path):
                raise InputProblem(f"{path}: is a directory, not a file of events")
            size = file_size(path)
            gz = is_gzip(path) if size else False
        except InputProblem as exc:
            problems.append(str(exc))
            continue
        if gz or size <= block_bytes:
            parts.append(Part(path, index, 0, size, gz, True))
            index += 1
            continue
        starts = list(range(0, size, block_bytes))
        for i, a in enumerate(starts):
            last = i == len(starts) - 1
            parts.append(Part(path, index, a, size if last else a + block_bytes, False, last))
            index += 1
    return parts, problems


def read_blocks(part: Part):
    """The part's lines, as blocks of whole lines (bytes ending in a newline,
    but for a file's last line). A gzip file that ends early or is damaged
    yields every complete line before the damage, then raises DamagedInput."""
    if part.gzip:
        yield from _gzip_blocks(part)
        return
    with open_binary(part.source) as f:
        pos = part.start
        if pos > 0:
            # the line straddling the start belongs to the part before
            f.seek(pos - 1)
            if f.read(1) != b"\n":
                while True:
                    chunk = f.read(READ_BYTES)
                    if not chunk:
                        return
                    cut = chunk.find(b"\n")
                    if cut >= 0:
                        pos += cut + 1
                        f.seek(pos)
                        break
                    pos += len(chunk)
        if pos >= part.end:
            return
        rest = b""
        while pos < part.end:
            chunk = f.read(min(READ_BYTES, part.end - pos))
            if not chunk:
                break
            pos += len(chunk)
            block = rest + chunk
            cut = block.rfind(b"\n")
            if cut < 0:
                rest = block
                continue
            rest = block[cut + 1 :]
            yield block[: cut + 1]
        if rest and not part.last:
            # finish the line that straddles the end
            while True:
                chunk = f.read(READ_BYTES)
                if not chunk:
                    break
                cut = chunk.find(b"\n")
                if cut >= 0:
                    rest += chunk[: cut + 1]
                    break
                rest += chunk
        if rest:
            yield rest


def _gzip_blocks(part: Part):
    rest = b""
    with open_binary(part.source) as raw:
        stream = gzip.GzipFile(fileobj=raw, mode="rb")
        try:
            while True:
                chunk = stream.read(READ_BYTES)
                if not chunk:
                    break
                block = rest + chunk
                cut = block.rfind(b"\n")
                if cut < 0:
                    rest = block
                    continue
                rest = block[cut + 1 :]
                yield block[: cut + 1]
        except (OSError, EOFError, zlib.error) as exc:
            # the complete lines read so far have been yielded; the partial one is dropped
            raise DamagedInput(exc) from None
    if rest:
        yield rest


def split_lines(block: bytes) -> list[bytes]:
    lines = block.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def count_lines(part: Part) -> int:
    """How many lines the part owns (blank ones too: they are numbered)."""
    n = 0
    try:
        for block in read_blocks(part):
            n += block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
    except (InputProblem, DamagedInput):
        pass  # reported by the matching task of the same part
    return n

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


def blocks(read, size: int = READ_BYTES):
    """Blocks of whole lines of about ``size`` bytes from ``read(n)`` (the
    last may lack its newline). Linear in the input, however long a line is
    (pieces are joined once). When reading fails (a damaged or truncated gzip
    file), the whole lines read before the damage are yielded first, then the
    error is raised."""
    pieces: list[bytes] = []
    total = 0
    last_nl = -1  # index in pieces of the last piece holding a newline
    while True:
        try:
            piece = read(size)
        except (OSError, EOFError, zlib.error):
            if last_nl >= 0:
                p = pieces[last_nl]
                yield b"".join(pieces[:last_nl] + [p[: p.rfind(b"\n") + 1]])
            raise
        if not piece:
            if pieces:
                yield b"".join(pieces)
            return
        pieces.append(piece)
        total += len(piece)
        if b"\n" in piece:
            last_nl = len(pieces) - 1
        if total >= size and last_nl >= 0:
            p = pieces[last_nl]
            cut = p.rfind(b"\n") + 1
            yield b"".join(pieces[:last_nl] + [p[:cut]])
            pieces = ([p[cut:]] if cut < len(p) else []) + pieces[last_nl + 1 :]
            total = sum(map(len, pieces))
            last_nl = -1


def read_blocks(part: Part):
    """The part's lines, as blocks of whole lines (bytes ending in a newline,
    but for a file's last line). A gzip file that ends early or is damaged
    yields every complete line before the damage, then raises DamagedInput."""
    if part.gzip:
        with open_binary(part.source) as raw:
            stream = gzip.GzipFile(fileobj=raw, mode="rb")
            try:
                yield from blocks(stream.read1)
            except (OSError, EOFError, zlib.error) as exc:
                raise DamagedInput(exc) from None
        return
    with open_binary(part.source) as f:
        start = _first_line_start(f, part.start)
        if start is None or start >= part.end:
            return
        f.seek(start)
        yield from blocks(_range_reader(f, start, part))


def _first_line_start(f, pos: int) -> int | None:
    """Where the first line that starts at or after ``pos`` starts (the line
    straddling ``pos`` belongs to the part before); None past the end."""
    if pos == 0:
        return 0
    f.seek(pos - 1)
    if f.read(1) == b"\n":
        return pos
    while True:
        chunk = f.read(READ_BYTES)
        if not chunk:
            return None
        cut = chunk.find(b"\n")
        if cut >= 0:
            return pos + cut + 1
        pos += len(chunk)


def _range_reader(f, pos: int, part: Part):
    """``read(n)`` over the part's range, then (unless it is the file's last
    part) on to the end of the line that straddles its end."""
    state = {"pos": pos, "done": False, "tail": False}

    def read(n: int) -> bytes:
        if state["done"]:
            return b""
        if not state["tail"]:
            left = part.end - state["pos"]
            chunk = f.read(min(n, left)) if left > 0 else b""
            state["pos"] += len(chunk)
            if state["pos"] >= part.end or not chunk:
                state["tail"] = True
                # the range ends at a line's end (or the file's): nothing to finish
                state["done"] = part.last or not chunk or chunk.endswith(b"\n")
            if chunk:
                return chunk
            return b""
        chunk = f.read(n)
        cut = chunk.find(b"\n")
        if cut >= 0 or not chunk:
            state["done"] = True
            return chunk[: cut + 1]
        return chunk

    return read


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

"""Transpile .rego files into an importable Python package on disk.

Errors are collected per file: a malformed file, or a package that does not
compile, is reported and left out; the rest is still built.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import output
from .ast import Pos
from .runtime.deep import run_deep
from .errors import ParseError, RegoError, Unsupported
from .resources import resource_dir  # noqa: F401  (templates are found relative to the package)


class BuildErrors(Exception):
    """Some sources could not be transpiled; ``errors`` says where and why."""

    def __init__(self, errors: list[RegoError], result: "BuildResult | None" = None):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors
        self.result = result


@dataclass
class BuildResult:
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    packages: list[tuple[str, ...]] = field(default_factory=list)
    signatures: list[tuple[str, ...]] = field(default_factory=list)
    errors: list[RegoError] = field(default_factory=list)
    warnings: list[RegoError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def collect_sources(paths, include_tests: bool = False) -> list[Path]:
    """The .rego files named or found (recursively, sorted) under ``paths``."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(x for x in p.rglob("*.rego") if x.is_file())
        elif p.is_file():
            files = [p]
        else:
            raise FileNotFoundError(f"{p}: no such file or directory")
        for f in files:
            if not include_tests and f.name.endswith("_test.rego") and p.is_dir():
                continue
            if f not in found:
                found.append(f)
    return found


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_source(path: Path, name: str) -> str:
    """The text of a .rego file; unreadable or non-UTF-8 files are a located error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegoError(None, f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise ParseError(
            Pos(name, line, col), f"not UTF-8: byte 0x{data[exc.start]:02x} cannot start a character here"
        ) from None


def too_deep(name: str, text: str, module=None) -> RegoError:
    """The error for a file whose nesting exhausts even the deep stack, at its
    most deeply nested point."""
    pos = _deepest_point(module) if module is not None else None
    if pos is None:
        pos = _deepest_bracket(name, text)
    return Unsupported(pos or Pos(name, 1, 1), "nesting too deep to compile", text)


def compile_sources(
    files: list[Path], *, strict: bool = False, v0: bool | None = None, progress=None, name_max: int | None = None
):
    """Parse and compile; return (program, python sources by package, errors).

    Packages that fail are dropped, with their dependants, and reported. The
    recursive stages run with a deep stack (see ``runtime.deep``)."""
    errors: list[RegoError] = []
    texts = []
    for i, f in enumerate(files):
        name = display_name(f)
        if progress is not None:
            progress.step(f"reading {name}", i, len(files))
        try:
            texts.append((name, read_source(f, name)))
        except RegoError as exc:
            errors.append(exc)
    prog, out, more = compile_texts(texts, strict=strict, v0=v0, progress=progress, name_max=name_max)
    return prog, out, errors + more


def compile_texts(texts, *, strict: bool = False, v0: bool | None = None, progress=None, name_max: int | None = None):
    """compile_sources of already read (file name, source) pairs."""
    return run_deep(_compile_texts, texts, strict, v0, progress, name_max)


def _compile_texts(texts, strict, v0, progress, name_max):
    from .parser import parse_module

    errors: list[RegoError] = []
    parsed = []
    sources: dict[str, str] = {}
    for i, (name, text) in enumerate(texts):
        if progress is not None:
            progress.step(f"parsing {name}", i, len(texts))
        sources[name] = text
        try:
            mod = parse_module(text, name, v0=v0)
            bad = check_package_names(mod, name_max) if name_max else None
            if bad is not None:
                bad.source = text
                raise bad
            parsed.append(mod)
        except RegoError as exc:
            errors.append(exc)
        except RecursionError:
            errors.append(too_deep(name, text))
        except MemoryError:
            errors.append(RegoError(Pos(name, 1, 1), "too large to parse", text))
    if progress is not None:
        progress.step(f"compiling {len(parsed)} module(s)")
    prog, out, more, _ = compile_modules(parsed, sources, strict)
    return prog, out, errors + more


def compile_modules(parsed, sources: dict[str, str], strict: bool = False):
    """Compile parsed modules; return (program, python sources by package,
    errors, refused packages). A package that fails is dropped and reported,
    and so is every package that reads its rules (naming the chain); so is a
    package whose nesting exhausts the deep stack or Python's own limits."""
    from .compiler.program import Program

    errors: list[RegoError] = []
    refused: dict[tuple, RegoError] = {}
    while True:
        mods = [m for m in parsed if m.package not in refused]
        try:
            prog = Program(mods, sources, strict, refused=refused)
            out = prog.generate()
            _check_python(prog, out)
            return prog, out, errors, refused
        except RegoError as exc:
            if exc.source is None and exc.pos is not None:
                exc.source = sources.get(exc.pos.file)
            cause = exc
            pkg = _package_of(exc, mods)
        except RecursionError:
            # the deepest module is the one that exhausted the stack
            deepest = max(mods, key=lambda m: _depth(m)[0], default=None)
            if deepest is None:
                raise
            cause = too_deep(deepest.file, sources.get(deepest.file, ""), deepest)
            pkg = deepest.package
        errors.append(cause)
        if pkg is None or pkg in refused:
            return None, {}, errors, refused
        refused[pkg] = cause


def _check_python(prog, out) -> None:
    """Python refuses some deep code (100 levels of indentation, 200 nested
    brackets): refuse the package here rather than write a module that does
    not import."""
    for key, src in out.items():
        try:
            compile(src, "<rego2py>", "exec", dont_inherit=True)
        except (SyntaxError, RecursionError, MemoryError) as exc:
            info = prog.tree.packages.get(key)
            mod = info.modules[0] if info and info.modules else None
            pos = _deepest_point(mod) if mod is not None else None
            reason = getattr(exc, "msg", None) or type(exc).__name__
            raise Unsupported(
                pos or (mod.pos if mod is not None else None),
                f"nesting too deep for Python ({reason})",
                prog.sources.get(pos.file) if pos else None,
            ) from None


def _depth(module):
    """(depth, position of the deepest positioned node) of a module's AST,
    walked without recursion."""
    best, where = 0, None
    stack = [(module, 0, None)]
    while stack:
        node, d, pos = stack.pop()
        p = getattr(node, "pos", None)
        if p is not None and getattr(p, "line", 0):
            pos = p
        if d > best:
            best, where = d, pos
        if isinstance(node, (tuple, list)):
            stack.extend((x, d, pos) for x in node)
            continue
        for slot in getattr(type(node), "__slots__", ()):
            if slot == "pos":
                continue
            x = getattr(node, slot, None)
            if x is not None and not isinstance(x, (str, int, float, bool, bytes)):
                stack.append((x, d + 1, pos))
    return best, where


def _deepest_point(module):
    return _depth(module)[1]


def _deepest_bracket(name: str, text: str):
    """Where the brackets of ``text`` nest deepest, by the parser's own lexer."""
    try:
        from .parser import _Lexer

        tokens = _Lexer(text, name, module=True).tokens()
    except Exception:  # the text does not even lex: no better place than its start
        return None
    depth, best, where = 0, -1, None
    for tok in tokens:
        v = str(tok)
        if v in ("[", "{", "("):
            depth += 1
            if depth > best:
                best, where = depth, Pos(name, getattr(tok, "line", 1) or 1, getattr(tok, "column", 1) or 1)
        elif v in ("]", "}", ")"):
            depth -= 1
    return where


def _package_of(exc: RegoError, mods):
    if exc.pos is None:
        return None
    for m in mods:
        if m.file == exc.pos.file:
            return m.package
    return None


BIG_LINE = 20_000  # a module constant longer than this is not given to black
# black takes about 1 ms a line: a module longer than this is written as generated
BLACK_MAX_LINES = 30_000
_CONST = re.compile(r"(_(?:K|RE)\d+) = ")


def format_source(src: str) -> str:
    """``src`` formatted by black. A module longer than ``BLACK_MAX_LINES`` is
    left as generated (valid, indented, only not line-wrapped by black: black
    would take minutes on it). Module constants longer than ``BIG_LINE``
    are kept on their one line (black would take minutes to split a
    megabyte literal); code black cannot take (nested deeper than its parser
    goes) is kept as it is. The same input still gives the same bytes."""
    import black

    if src.count("\n") > BLACK_MAX_LINES:
        return src
    lines = src.split("\n")
    big = {}
    for i, line in enumerate(lines):
        m = _CONST.match(line) if len(line) > BIG_LINE else None
        if m:
            big[m.group(1) + " = None"] = line
            lines[i] = m.group(1) + " = None"
    try:
        out = run_deep(black.format_str, "\n".join(lines), mode=black.Mode(line_length=100))
    except (RecursionError, MemoryError, black.InvalidInput):
        return src
    if big:
        out = "\n".join(big.get(line, line) for line in out.split("\n"))
    return out


def build_package(
    sources: list[Path],
    out_dir: Path,
    *,
    strict: bool = False,
    v0: bool | None = None,
    format: bool = True,
    progress=None,
) -> BuildResult:
    """Transpile ``sources`` into the Python package ``out_dir`` (replaced).

    Raises BuildErrors (carrying the partial result) when any file failed,
    OutputError when ``out_dir`` cannot be used (see ``output``)."""
    from .compiler.entries import ENTRIES_MODULE, build_entries
    from .compiler.modgen import ROOT_MODULE
    from .compiler.names import escape, ref_text
    from .compiler.rules import render

    out_dir = output.check_output(Path(out_dir), sources)
    limit = output.name_max(out_dir.parent)
    prog, pysrc, errors = compile_sources(list(sources), strict=strict, v0=v0, progress=progress, name_max=limit)
    result = BuildResult(out_dir, errors=errors)
    if prog is None:
        raise BuildErrors(errors, result)
    keys = sorted(pysrc)
    sigs = [k for k in keys if k and k[0] == "tracee" and _has_rule(prog, k, "tracee_match")]
    pysrc, entries = build_entries(prog, pysrc, sigs)
    # a package that has packages below it becomes a directory with __init__.py
    parents = {k[:i] for k in keys for i in range(1, len(k))}
    tmp = output.fresh_dir(out_dir)
    try:
        modules = []
        for n, key in enumerate(keys):
            parts = [escape(s) for s in key] if key != ROOT_MODULE else ["_root"]
            if key in parents:
                rel = Path(*parts) / "__init__.py"
            else:
                rel = Path(*parts[:-1], parts[-1] + ".py")
            for i in range(1, len(parts)):
                init = tmp.joinpath(*parts[:i], "__init__.py")
                if not init.exists():
                    init.parent.mkdir(parents=True, exist_ok=True)
                    init.write_text("", encoding="utf-8")
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if progress is not None:
                progress.step(f"formatting {rel}" if format else f"writing {rel}", n, len(keys))
            text = format_source(pysrc[key]) if format else pysrc[key]
            if format and text is pysrc[key] and pysrc[key].count("\n") > BLACK_MAX_LINES:
                result.notes.append(f"{out_dir / rel}: {text.count(chr(10))} lines, not formatted by black")
            target.write_text(text, encoding="utf-8")
            modules.append((ref_text(key), ".".join(parts)))
            result.files.append(out_dir / rel)
            if key != ROOT_MODULE:
                result.packages.append(key)
        result.signatures = sigs
        result.warnings = _signature_warnings(prog, keys, sigs)
        init = render(
            "package_init.py.j2",
            count=len(set(sources)),
            modules=modules,
            signatures=[ref_text(k) for k in sigs],
            entries=entries is not None,
        ) + "\n"
        if entries is not None:
            text = format_source(entries) if format else entries
            (tmp / (ENTRIES_MODULE + ".py")).write_text(text, encoding="utf-8")
            result.files.append(out_dir / (ENTRIES_MODULE + ".py"))
        (tmp / "__init__.py").write_text(format_source(init) if format else init, encoding="utf-8")
        result.files.append(out_dir / "__init__.py")
        output.replace(tmp, out_dir)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise output.OutputError(f"{out_dir}: cannot write: {exc.strerror or exc}{where}") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    if errors:
        raise BuildErrors(errors, result)
    return result


def check_package_names(mod, name_max: int):
    """A located error when a package path makes a file name the file system
    refuses (each segment, escaped, names a directory or a ``.py`` file)."""
    from .compiler.names import escape

    for seg in mod.package:
        size = len((escape(seg) + ".py").encode())
        if size > name_max:
            return Unsupported(
                mod.pos, f"package name too long for a file name ({size} bytes once escaped, limit {name_max})"
            )
    return None


def _signature_warnings(prog, keys, sigs) -> list:
    """Packages under ``tracee`` that look like signatures and are not."""
    out = []
    for k in keys:
        if k and k[0] == "tracee" and k not in sigs and _has_rule(prog, k, "__rego_metadoc__"):
            info = prog.tree.packages.get(k)
            pos = info.modules[0].pos if info and info.modules else None
            out.append(
                RegoError(
                    pos,
                    "warning: package has __rego_metadoc__ but no tracee_match rule: not a signature",
                    prog.sources.get(pos.file) if pos else None,
                )
            )
    return out


def _has_rule(prog, key, name) -> bool:
    from .compiler.tree import Leaf

    el, depth = prog.tree.lookup(tuple(key) + (name,))
    return isinstance(el, Leaf) and depth == len(key) + 1

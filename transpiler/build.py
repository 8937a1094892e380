"""Transpile .rego files into an importable Python package on disk.

Errors are collected per file: a malformed file, or a package that does not
compile, is reported and left out; the rest is still built.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RegoError
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


def compile_sources(files: list[Path], *, strict: bool = False, v0: bool | None = None):
    """Parse and compile; return (program, python sources by package, errors).

    Packages that fail are dropped, with their dependants, and reported."""
    errors: list[RegoError] = []
    texts = []
    for f in files:
        name = display_name(f)
        try:
            texts.append((name, f.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(RegoError(None, f"{name}: cannot read: {exc}"))
    prog, out, more = compile_texts(texts, strict=strict, v0=v0)
    return prog, out, errors + more


def compile_texts(texts, *, strict: bool = False, v0: bool | None = None):
    """compile_sources of already read (file name, source) pairs."""
    from .parser import parse_module

    errors: list[RegoError] = []
    parsed = []
    sources: dict[str, str] = {}
    for name, text in texts:
        sources[name] = text
        try:
            parsed.append(parse_module(text, name, v0=v0))
        except RegoError as exc:
            errors.append(exc)
    prog, out, more, _ = compile_modules(parsed, sources, strict)
    return prog, out, errors + more


def compile_modules(parsed, sources: dict[str, str], strict: bool = False):
    """Compile parsed modules; return (program, python sources by package,
    errors, refused packages). A package that fails is dropped and reported,
    and so is every package that reads its rules (naming the chain)."""
    from .compiler.program import Program

    errors: list[RegoError] = []
    refused: dict[tuple, RegoError] = {}
    while True:
        mods = [m for m in parsed if m.package not in refused]
        try:
            prog = Program(mods, sources, strict, refused=refused)
            out = prog.generate()
            return prog, out, errors, refused
        except RegoError as exc:
            if exc.source is None and exc.pos is not None:
                exc.source = sources.get(exc.pos.file)
            errors.append(exc)
            pkg = _package_of(exc, mods)
            if pkg is None or pkg in refused:
                return None, {}, errors, refused
            refused[pkg] = exc


def _package_of(exc: RegoError, mods):
    if exc.pos is None:
        return None
    for m in mods:
        if m.file == exc.pos.file:
            return m.package
    return None


def format_source(src: str) -> str:
    import black

    return black.format_str(src, mode=black.Mode(line_length=100))


def build_package(
    sources: list[Path],
    out_dir: Path,
    *,
    strict: bool = False,
    v0: bool | None = None,
    format: bool = True,
) -> BuildResult:
    """Transpile ``sources`` into the Python package ``out_dir`` (replaced).

    Raises BuildErrors (carrying the partial result) when any file failed."""
    from .compiler.modgen import ROOT_MODULE
    from .compiler.names import escape
    from .compiler.rules import render

    out_dir = Path(out_dir)
    _check_replaceable(out_dir)
    prog, pysrc, errors = compile_sources(list(sources), strict=strict, v0=v0)
    result = BuildResult(out_dir, errors=errors)
    if prog is None:
        raise BuildErrors(errors, result)
    keys = sorted(pysrc)
    # a package that has packages below it becomes a directory with __init__.py
    parents = {k[:i] for k in keys for i in range(1, len(k))}
    tmp = out_dir.with_name(out_dir.name + ".rego2py-tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    modules = []
    for key in keys:
        parts = [escape(s) for s in key] if key != ROOT_MODULE else ["_root"]
        if key in parents:
            rel = Path(*parts) / "__init__.py"
        else:
            rel = Path(*parts[:-1], parts[-1] + ".py")
        for i in range(1, len(parts)):
            init = tmp.joinpath(*parts[:i], "__init__.py")
            if not init.exists():
                init.parent.mkdir(parents=True, exist_ok=True)
                init.write_text("")
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        text = format_source(pysrc[key]) if format else pysrc[key]
        target.write_text(text)
        modules.append((".".join(key), ".".join(parts)))
        result.files.append(out_dir / rel)
        if key != ROOT_MODULE:
            result.packages.append(key)
    sigs = [
        k
        for k in keys
        if k and k[0] == "tracee" and _has_rule(prog, k, "tracee_match")
    ]
    result.signatures = sigs
    init = render(
        "package_init.py.j2",
        count=len(set(sources)),
        modules=modules,
        signatures=[".".join(k) for k in sigs],
    ) + "\n"
    (tmp / "__init__.py").write_text(format_source(init) if format else init)
    result.files.append(out_dir / "__init__.py")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    tmp.rename(out_dir)
    if errors:
        raise BuildErrors(errors, result)
    return result


GENERATED_MARK = "# Generated by rego2py"


def _check_replaceable(out_dir: Path) -> None:
    """Refuse to replace a directory that rego2py did not make."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise FileExistsError(f"{out_dir}: exists and is not a directory")
    init = out_dir / "__init__.py"
    if any(out_dir.iterdir()) and not (
        init.is_file() and init.read_text(errors="replace").startswith(GENERATED_MARK)
    ):
        raise FileExistsError(
            f"{out_dir}: exists and was not made by rego2py; choose another output directory"
        )


def _has_rule(prog, key, name) -> bool:
    from .compiler.tree import Leaf

    el, depth = prog.tree.lookup(tuple(key) + (name,))
    return isinstance(el, Leaf) and depth == len(key) + 1

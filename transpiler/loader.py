"""Loading Rego modules and data documents from paths, as OPA's loader does
(``opa eval -d``, ``opa test``): a ``.json``/``.yaml``/``.yml`` file named on
the command line is merged into ``data`` at its root; one found in a
directory goes under the path of its folder relative to that directory.
Files and directories found in a directory whose name matches an ``ignore``
glob are skipped (a directory with all it holds), like opa's ``--ignore``
(which spares the paths named on the command line).
"""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from pathlib import Path

from .runtime.values import number_of_text

DATA_SUFFIXES = (".json", ".yaml", ".yml")


class InputError(Exception):
    """A file or document that cannot be loaded (exit status 2)."""

    code = "rego2py_input_error"  # in {"errors": [...]} (transpiler/diagnostics.py)


def ignored(path: Path, ignore) -> bool:
    """Whether the name of ``path`` matches one of the ``ignore`` globs."""
    return any(fnmatchcase(path.name, pat) for pat in ignore)


def walk(root: Path, ignore=()) -> list[Path]:
    """The files under the directory ``root``, sorted, not entering ignored directories."""
    out = []
    for p in sorted(root.iterdir()):
        if ignore and ignored(p, ignore):
            continue
        if p.is_dir():
            out.extend(walk(p, ignore))
        elif p.is_file():
            out.append(p)
    return out


def files_of(paths, ignore=()):
    """(root, file) of every file named or found under ``paths``, once each;
    root is None for a file named directly."""
    seen: set = set()
    for root in map(Path, paths):
        if root.is_dir():
            found = [(root, f) for f in walk(root, ignore)]
        elif root.is_file():
            found = [(None, root)]  # a path named is never ignored (opa: depth 0)
        else:
            raise InputError(f"{root}: no such file or directory")
        for r, f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                yield r, f


def load_paths(paths, ignore=()) -> tuple[list[tuple[str, str]], dict]:
    """Rego modules ((display name, source) pairs) and the data document
    found under ``paths``."""
    from .build import display_name

    modules: list[tuple[str, str]] = []
    data: dict = {}
    for root, f in files_of(paths, ignore):
        if f.suffix == ".rego":
            modules.append((display_name(f), _read(f)))
        elif f.suffix in DATA_SUFFIXES:
            doc = read_document(f)
            for seg in reversed(f.parent.relative_to(root).parts if root is not None else ()):
                doc = {seg: doc}
            data = merge(data, doc, str(f))
    return modules, data


def _read(path: Path) -> str:
    """The file's text as it is: no newline translation (OPA reads the bytes;
    a raw string written over CRLF lines keeps its carriage returns)."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None


def read_document(path, text: str | None = None):
    """A JSON or YAML document (YAML by suffix)."""
    text = _read(Path(path)) if text is None else text
    if str(path).endswith((".yaml", ".yml")):
        try:
            from .runtime.builtins.yamlb import YAMLError, yaml_to_json
        except ImportError:
            raise InputError(f"{path}: reading YAML needs PyYAML (pip install pyyaml)") from None
        try:  # the JSON OPA's loader makes of it (sigs.k8s.io/yaml, as yaml.unmarshal)
            return yaml_to_json(text)
        except YAMLError as exc:
            raise InputError(f"{path}: not valid YAML: {exc}") from None
    try:
        # OPA reads JSON numbers as their exact text (2.50, 1e23 stay as written)
        return json.loads(text, parse_float=number_of_text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply") from None


def merge(a, b, where: str):
    """Deep-merge the data document ``b`` into ``a`` (objects merge; any
    other overlap is an error, as in OPA's loader)."""
    if not isinstance(b, dict):
        if a == {}:
            return b
        raise InputError(f"{where}: data is not an object and cannot be merged with the other data files")
    if not isinstance(a, dict):
        raise InputError(f"{where}: cannot be merged with the other data files")
    out = dict(a)
    for k, v in b.items():
        if k in out:
            if isinstance(out[k], dict) and isinstance(v, dict):
                out[k] = merge(out[k], v, where)
            else:
                raise InputError(f"{where}: merge error: data.{k} is defined by two data files")
        else:
            out[k] = v
    return out

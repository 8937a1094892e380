"""Users' own builtins: Python functions a Rego policy calls like OPA's builtins.

A builtins file is a Python module with a ``REGO_BUILTINS`` table::

    def is_shell(path):
        return path.rsplit("/", 1)[-1] in ("sh", "bash", "dash", "zsh")

    REGO_BUILTINS = {
        "tracee.is_shell": {
            "function": is_shell,
            "args": ["string"],        # one type per argument: the arity
            "result": "boolean",
            "pure": True,              # same arguments, same answer (default True)
        },
    }

``rego2py ... --builtins FILE.py`` (repeatable; transpile, run, test, verify)
or :func:`load` from Python registers them. The generated code imports FILE's
module by its name (the file's stem), so the package runs without rego2py's
compiler, with FILE's directory on the import path. ``verify`` and the
harness hand the same functions to OPA (``OpaEngine.register_function``).

Types are those of OPA's builtin declarations (``any``, ``null``,
``boolean``, ``number``, ``string``, ``array``, ``object``, ``set``); they
document the builtin and are checked to be known names. A builtin that is
not pure is never computed at transpile time on constant arguments.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import keyword
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import RegoError
from .runtime import custom
from .runtime.builtins import BUILTINS, REFUSED, Builtin

__all__ = ["CustomBuiltin", "load", "load_files", "forget", "registered", "register_with_opa", "fingerprint", "CustomBuiltinError"]

TYPES = frozenset({"any", "null", "boolean", "number", "string", "array", "object", "set"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
_RESERVED_HEADS = frozenset({"data", "input", "future", "rego"})


class CustomBuiltinError(RegoError):
    """A builtins file that cannot be used (bad declaration, import failure)."""

    def __init__(self, message: str):
        super().__init__(None, message)


@dataclass(frozen=True)
class CustomBuiltin:
    name: str
    function: object
    args: tuple[str, ...]
    result: str
    pure: bool
    module: str  # the module generated code imports
    origin: str  # the file it came from

    @property
    def arity(self) -> int:
        return len(self.args)


_REGISTERED: dict[str, CustomBuiltin] = {}


def registered() -> list[CustomBuiltin]:
    """The custom builtins registered in this process, by name."""
    return [_REGISTERED[n] for n in sorted(_REGISTERED)]


def forget() -> None:
    """Unregister every custom builtin (for tests and long-lived processes)."""
    for name in list(_REGISTERED):
        BUILTINS.pop(name, None)
        if name in REFUSED:  # (http.send...: refused again)
            BUILTINS[name] = REFUSED[name]
        del _REGISTERED[name]


def load_files(paths) -> list[CustomBuiltin]:
    out = []
    for p in paths or ():
        out.extend(load(p))
    return out


def load(source) -> list[CustomBuiltin]:
    """Register the builtins of a file path (``str``/``Path``) or an imported module."""
    if isinstance(source, (str, Path)):
        module, origin = _import_file(Path(source)), str(source)
    else:
        module, origin = source, getattr(source, "__file__", None) or source.__name__
        if sys.modules.get(module.__name__) is not module:
            raise CustomBuiltinError(f"{origin}: module {module.__name__} is not importable by its name (generated code imports it)")
    table = custom.declarations(module)
    if not table:
        raise CustomBuiltinError(f"{origin}: no REGO_BUILTINS table (a dict of name -> declaration)")
    out = []
    for name, decl in table.items():
        b = _declared(name, decl, module.__name__, origin)
        old = _REGISTERED.get(b.name)
        if old is not None and old.function is not b.function:
            raise CustomBuiltinError(f"{origin}: builtin {b.name} is already declared by {old.origin}")
        if old is None and b.name in BUILTINS and b.name not in REFUSED:
            raise CustomBuiltinError(f"{origin}: {b.name} is an OPA builtin; a custom builtin needs another name")
        _REGISTERED[b.name] = b
        BUILTINS[b.name] = Builtin(
            b.name, custom.wrap(b.name, b.function), b.arity, module=b.module, pure=b.pure
        )
        out.append(b)
    return out


def _import_file(path: Path):
    if path.suffix != ".py" or not path.is_file():
        raise CustomBuiltinError(f"{path}: not a Python file (--builtins takes FILE.py)")
    name = path.stem
    if not name.isidentifier() or keyword.iskeyword(name):
        raise CustomBuiltinError(f"{path}: the file name must be a Python module name (generated code imports it)")
    folder = str(path.resolve().parent)
    existing = sys.modules.get(name)
    if existing is not None:
        if Path(getattr(existing, "__file__", "") or "").resolve() != path.resolve():
            raise CustomBuiltinError(f"{path}: a module named {name} is already imported from elsewhere; rename the file")
        return existing
    if folder not in sys.path:
        sys.path.insert(0, folder)
    try:
        return importlib.import_module(name)
    except Exception as exc:
        raise CustomBuiltinError(f"{path}: cannot import: {type(exc).__name__}: {exc}") from None


def _declared(name, decl, module: str, origin: str) -> CustomBuiltin:
    where = f"{origin}: builtin {name!r}"
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name.split(".")[0] in _RESERVED_HEADS:
        raise CustomBuiltinError(f"{where}: the name must be a dotted Rego name not under data, input, future or rego")
    if any(keyword.iskeyword(p) for p in name.split(".")) or any(p in ("some", "every", "in", "if", "contains", "not", "with", "as", "default", "else", "import", "package", "true", "false", "null") for p in name.split(".")):
        raise CustomBuiltinError(f"{where}: a part of the name is a keyword")
    if not isinstance(decl, dict):
        raise CustomBuiltinError(f"{where}: the declaration must be a dict with function, args, result")
    unknown = set(decl) - {"function", "args", "result", "pure"}
    if unknown:
        raise CustomBuiltinError(f"{where}: unknown keys {sorted(unknown)}")
    fn = decl.get("function")
    if not callable(fn):
        raise CustomBuiltinError(f"{where}: function is not callable")
    args = decl.get("args")
    if not isinstance(args, (list, tuple)) or not all(isinstance(a, str) and a in TYPES for a in args):
        raise CustomBuiltinError(f"{where}: args must be a list of types among {sorted(TYPES)}")
    result = decl.get("result", "any")
    if result not in TYPES:
        raise CustomBuiltinError(f"{where}: result must be one of {sorted(TYPES)}")
    pure = decl.get("pure", True)
    if not isinstance(pure, bool):
        raise CustomBuiltinError(f"{where}: pure must be true or false")
    try:
        inspect.signature(fn).bind(*args)
    except TypeError:
        raise CustomBuiltinError(f"{where}: the function does not take {len(args)} argument(s)") from None
    except ValueError:
        pass  # no signature to inspect (a C function)
    return CustomBuiltin(name, fn, tuple(args), result, pure, module, origin)


def register_with_opa(engine) -> None:
    """Hand every registered custom builtin to an ``opa_bindings.OpaEngine``."""
    for b in registered():
        engine.register_function(b.name, b.function, arity=b.arity)


def fingerprint() -> bytes:
    """What the registered builtins are (for caches of generated code)."""
    h = hashlib.sha256()
    for b in registered():
        h.update(f"{b.name}\0{b.module}\0{b.arity}\0{b.pure}\0".encode())
        try:
            h.update(Path(sys.modules[b.module].__file__).read_bytes())
        except (KeyError, TypeError, OSError):
            pass
    return h.digest()


def add_argument(parser) -> None:
    parser.add_argument(
        "--builtins",
        action="append",
        default=[],
        metavar="FILE.py",
        help="Python file declaring custom builtins in REGO_BUILTINS (repeatable)",
    )

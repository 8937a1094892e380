"""Users' own builtins at run time: what generated code binds a custom builtin to.

A custom builtin lives in the user's Python module, declared in its
``REGO_BUILTINS`` table (see ``transpiler/custom_builtins.py`` and the README).
Generated code imports that module by name through :func:`bind`, so a
generated package runs with the runtime and the user's module only.

The call follows what OPA does with a Python builtin handed to it through the
bindings, so that ``verify`` compares like with like: arguments are given as
JSON values (a set as a sorted array, object keys as strings), a ``None``
result is undefined, and an exception is a builtin error reading
``NAME: NAME: repr(exception)``.
"""

from __future__ import annotations

import importlib

from .errors import BuiltinError, RegoRuntimeError
from .values import UNDEF, to_json

__all__ = ["bind", "wrap", "declarations"]


def declarations(module) -> dict:
    """The ``REGO_BUILTINS`` table of a module (``{}`` when it has none)."""
    table = getattr(module, "REGO_BUILTINS", None)
    return table if isinstance(table, dict) else {}


def wrap(name: str, fn):
    """``fn`` as a runtime builtin named ``name``."""

    def call(*args):
        try:
            result = fn(*[to_json(a) for a in args])
        except RegoRuntimeError:
            raise
        except Exception as exc:
            raise BuiltinError(f"{name}: {name}: {exc!r}") from None
        return UNDEF if result is None else result

    call.__name__ = "custom_" + "".join(c if c.isalnum() else "_" for c in name)
    call.__wrapped__ = fn
    return call


def bind(module_name: str, name: str):
    """The builtin ``name`` declared by the module ``module_name``."""
    module = importlib.import_module(module_name)
    decl = declarations(module).get(name)
    if decl is None:
        raise ImportError(f"module {module_name} declares no builtin {name} in REGO_BUILTINS")
    return wrap(name, decl["function"] if isinstance(decl, dict) else decl)

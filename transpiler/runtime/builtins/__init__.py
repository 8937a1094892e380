"""The registry of builtins: OPA's name -> ``Builtin``.

Each family module defines ``FUNCTIONS = {"name": (fn, arity)}`` (and
optionally ``RELATIONS``, builtins that yield several values, like ``walk``,
and ``CONTEXT_FUNCTIONS``, builtins that take the evaluation first: the clock
of ``time.now_ns``, the caches of ``uuid.rfc4122``, the hook of ``print``).
``fn(*args)`` takes Rego values and returns a Rego value, or ``UNDEF`` when
OPA's answer is undefined without an error; errors are raised as
``BuiltinError`` / ``EvalTypeError`` with OPA's code and wording.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from typing import Callable

from ..values import compare, eq

__all__ = ["Builtin", "BUILTINS", "REFUSED", "FAMILIES", "DEPRECATED", "PARSER_ONLY"]

# Registered for the parser's own calls, not names a policy may call
# (OPA: "undefined function neg"): ``neg`` is unary minus, ``-x``.
PARSER_ONLY = frozenset({"neg"})

# Builtins OPA deprecates: a v1 module that calls one fails to compile with
# rego_type_error "deprecated built-in function calls in expression: NAME";
# v0 modules may call them.
DEPRECATED = frozenset(
    {
        "all",
        "any",
        "cast_array",
        "cast_set",
        "cast_string",
        "cast_boolean",
        "cast_null",
        "cast_object",
        "set_diff",
        "re_match",
        "net.cidr_overlap",
    }
)


@dataclass(frozen=True)
class Builtin:
    name: str
    fn: Callable
    arity: int  # -1: any number of arguments
    relation: bool = False  # fn returns an iterable of values (``walk``)
    module: str | None = None  # a user's builtin: the module generated code imports it from
    pure: bool = True  # False: never computed at transpile time
    # fn takes the evaluation (runtime/evaluation.py) first: ``time.now_ns``,
    # ``print``... (never folded at compile time)
    context: bool = False
    # why rego2py refuses it (``noio``): calls compile only where ``with`` mocks it
    refused: str | None = None
    # a check of each call at transpile time: ``check(name, consts)`` with
    # consts[i] ``(value,)`` for an argument the compiler knows, else None;
    # returns the construct to refuse (``unsupported: ...``), or None
    check: Callable | None = None


# Our families, then the ones another module provides (missing ones are skipped).
FAMILIES = (
    "numbers",
    "aggregates",
    "arrays",
    "sets",
    "objects",
    "types",
    "casts",
    "bits",
    "jsonb",
    "walk",
)
_OPTIONAL_FAMILIES = ("strings", "regex", "encoding", "units", "crypto", "net")
# Families built on optional libraries (cryptography, graphql-core): skipped when
# the library is missing, and their builtins are then refused at transpile time.
_LIBRARY_FAMILIES = ("jwt", "jwt_sign", "gql", "x509", "x509_keys", "x509_verify")
# rego.metadata.*: values the compiler computes (compiler/annotations.py)
_COMPILE_TIME_FAMILIES = ("regometa",)
# Families of builtins that depend on the clock, randomness or the evaluation's hooks, and more.
_MORE_FAMILIES = (
    "debug", "times", "glob", "globsmatch", "gotemplate", "semver", "uuid", "rand", "netmerge", "yamlb", "schema", "opa", "noio",
)


# The comparison operators under OPA's names (OPA's order across types).
COMPARISONS = {
    "equal": (lambda a, b: eq(a, b), 2),
    "neq": (lambda a, b: not eq(a, b), 2),
    "lt": (lambda a, b: compare(a, b) < 0, 2),
    "lte": (lambda a, b: compare(a, b) <= 0, 2),
    "gt": (lambda a, b: compare(a, b) > 0, 2),
    "gte": (lambda a, b: compare(a, b) >= 0, 2),
}


def _load() -> dict[str, Builtin]:
    table: dict[str, Builtin] = {n: Builtin(n, fn, ar) for n, (fn, ar) in COMPARISONS.items()}
    for fam in FAMILIES + _OPTIONAL_FAMILIES + _LIBRARY_FAMILIES + _COMPILE_TIME_FAMILIES + _MORE_FAMILIES:
        try:
            mod = importlib.import_module(f"{__name__}.{fam}")
        except ImportError as exc:
            if fam in _OPTIONAL_FAMILIES or fam in _LIBRARY_FAMILIES:
                continue
            if fam in _MORE_FAMILIES and exc.name == f"{__name__}.{fam}":
                continue
            raise
        for name, (fn, arity) in getattr(mod, "FUNCTIONS", {}).items():
            table[name] = Builtin(name, fn, arity)
        for name, (fn, arity) in getattr(mod, "RELATIONS", {}).items():
            table[name] = Builtin(name, fn, arity, relation=True)
        for name, (fn, arity) in getattr(mod, "CONTEXT_FUNCTIONS", {}).items():
            table[name] = Builtin(name, fn, arity, context=True)
        for name, (fn, arity, why) in getattr(mod, "REFUSED_FUNCTIONS", {}).items():
            table[name] = Builtin(name, fn, arity, pure=False, refused=why)
        for name, check in getattr(mod, "COMPILE_CHECKS", {}).items():
            table[name] = replace(table[name], check=check)
    return table


BUILTINS: dict[str, Builtin] = _load()
# the refused ones, which a user's builtin of the same name may replace
REFUSED: dict[str, Builtin] = {n: b for n, b in BUILTINS.items() if b.refused}

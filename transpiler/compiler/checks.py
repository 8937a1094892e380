"""OPA's module checks that look at one module's syntax tree alone.

In Rego v1 OPA always applies the first two; in v0 only in strict mode
(``opa check --strict``), which adds the last two:

- ``variables must not shadow input`` / ``args must not shadow data``
  (``input``/``data`` assigned with ``:=`` or named as a function argument);
- ``import must not shadow import data.a`` (two imports with one name);
- strict only: ``import data.a unused``; ``assigned var x unused``;
  ``deprecated built-in function calls in expression: any``.

(``declared var x unused`` is checked where local variables are scoped,
``locals.py``.)

Each gives ``rego_compile_error`` at the offending node, as OPA does.
"""

from __future__ import annotations

from typing import Iterator

from .. import ast
from ..errors import CompileError

KEYWORDS = ("input", "data")


def _rules(mod: ast.Module) -> Iterator[ast.Rule]:
    for rule in mod.rules:
        r = rule
        while r is not None:
            yield r
            r = r.else_


def pattern_vars(t) -> list[ast.Var]:
    """The variables a pattern binds: the term itself when a variable, and
    those of array and object items (not those read in refs or calls)."""
    out, stack = [], [t]
    while stack:
        x = stack.pop()
        if isinstance(x, ast.Var):
            out.append(x)
        elif isinstance(x, ast.Array):
            stack.extend(x.items)
        elif isinstance(x, ast.Object):
            stack.extend(v for _, v in x.items)
    return out


def keyword_shadowing(mod: ast.Module) -> list[CompileError]:
    errors = []
    for rule in _rules(mod):
        for arg in rule.args or ():
            for v in pattern_vars(arg):
                if v.name in KEYWORDS:
                    errors.append(_error(mod, v.pos or rule.pos, f"args must not shadow {v.name} (use a different variable name)"))
    for rule in mod.rules:  # bodies of the rule, its else chain and its comprehensions
        for lit in ast.walk(rule):
            # OPA checks ``input := ...`` alone: not patterns, ``some`` or ``=``
            if isinstance(lit, ast.Literal) and isinstance(lit.expr, ast.Assign):
                v = lit.expr.left
                if isinstance(v, ast.Var) and v.name in KEYWORDS:
                    errors.append(_error(mod, v.pos or lit.pos, f"variables must not shadow {v.name} (use a different variable name)"))
    return errors


def duplicate_imports(mod: ast.Module) -> list[CompileError]:
    errors = []
    seen: dict[str, ast.Import] = {}
    for imp in mod.imports:
        name = import_name(imp)
        if name is None:
            continue
        if name in seen:
            errors.append(_error(mod, imp.pos, f"import must not shadow import {_ref_text(seen[name].path)}"))
        else:
            seen[name] = imp
    return errors


def unused_imports(mod: ast.Module) -> list[CompileError]:
    used = set()
    for rule in mod.rules:
        for n in ast.walk(rule):
            if isinstance(n, ast.Var):
                used.add(n.name)
            elif isinstance(n, ast.Call) and n.name:
                used.add(n.name[0])
    errors = []
    for imp in mod.imports:
        name = import_name(imp)
        if name is not None and name not in used:
            errors.append(_error(mod, imp.pos, f"import {_ref_text(imp.path)} unused"))
    return errors


def unused_assigned(mod: ast.Module) -> list[CompileError]:
    """``x := v`` whose variable is used nowhere else in its rule."""
    errors = []
    for rule in mod.rules:
        counts = _var_counts(rule)
        for lit in ast.walk(rule):
            if isinstance(lit, ast.Literal) and isinstance(lit.expr, ast.Assign):
                for v in pattern_vars(lit.expr.left):
                    if not v.name.startswith("$") and counts.get(v.name, 0) <= 1:
                        errors.append(_error(mod, v.pos or lit.pos, f"assigned var {v.name} unused"))
    return errors


def default_checks(mod: ast.Module) -> list[CompileError]:
    """What OPA checks in every v1 module (and in v0 ones in strict mode)."""
    return keyword_shadowing(mod) + duplicate_imports(mod)


def strict_checks(mod: ast.Module) -> list[CompileError]:
    """``opa check --strict``: the default checks in v0 modules too, unused
    imports and unused assignments, and calls of deprecated builtins (which
    v1 modules get when compiled, modgen.py)."""
    return default_checks(mod) + unused_imports(mod) + unused_assigned(mod) + deprecated_calls(mod)


def deprecated_calls(mod: ast.Module) -> list[CompileError]:
    """Calls of builtins OPA deprecates (``any``, ``re_match``...):
    ``rego_type_error``, as OPA's strict compiler reports them."""
    from ..runtime.builtins import DEPRECATED

    own = {r.ref.head.name for r in mod.rules if isinstance(r.ref.head, ast.Var) and not r.ref.path}
    errors = []
    for rule in mod.rules:
        for n in ast.walk(rule):
            if isinstance(n, ast.Call):
                full = ".".join(n.name)
                if full in DEPRECATED and not (len(n.name) == 1 and n.name[0] in own):
                    errors.append(CompileError(
                        n.pos, f"deprecated built-in function calls in expression: {full}", code="rego_type_error"
                    ))
    return errors


def import_name(imp: ast.Import) -> str | None:
    """The name an import binds; None for ``rego.v1`` and ``future.keywords``."""
    head = imp.path.head.name if isinstance(imp.path.head, ast.Var) else None
    if head not in ("data", "input"):
        return None
    if imp.alias:
        return imp.alias
    if not imp.path.path:
        return head
    last = imp.path.path[-1]
    return last.value if isinstance(last, ast.Scalar) and isinstance(last.value, str) else None


def _var_counts(rule: ast.Rule) -> dict[str, int]:
    counts: dict[str, int] = {}
    for n in ast.walk(rule):
        if isinstance(n, ast.Var):
            counts[n.name] = counts.get(n.name, 0) + 1
    return counts


def _ref_text(ref: ast.Ref) -> str:
    out = ref.head.name if isinstance(ref.head, ast.Var) else "?"
    for p in ref.path:
        if isinstance(p, ast.Scalar) and isinstance(p.value, str) and p.value.isidentifier():
            out += "." + p.value
        elif isinstance(p, ast.Scalar):
            out += f"[{_json(p.value)}]"
        else:
            out += "[_]"
    return out


def _json(v) -> str:
    import json

    return json.dumps(v)


def _error(mod: ast.Module, pos: ast.Pos, message: str) -> CompileError:
    return CompileError(pos, message, code="rego_compile_error")

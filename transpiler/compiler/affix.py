"""Prefix and suffix lists tested at once (issue 12).

A clause such as

    some dir in cron_directories
    startswith(path, dir)

where ``dir`` is used nowhere else is one test of ``path`` against every
prefix: ``path.startswith(("/etc/cron.d/", ...))``. ``fold_affixes`` rewrites
the pair into one call of the reserved name ``$affix.startswith`` (no Rego
name has a ``$``); ``BodyEmitter`` emits it as the tuple test when the
collection is a small constant of strings none of which is a prefix (suffix)
of another, so at most one element matches and the clause has exactly the
solutions it had, and as the two original literals otherwise."""

from __future__ import annotations

import dataclasses

from .. import ast
from .scope import is_wild

FUNCS = ("startswith", "endswith")
MARK = "$affix"


def fold_affixes(body: list, rule: ast.Rule | None, table: dict) -> list:
    """``body`` with each (some v in C, startswith(x, v)) pair made one call;
    ``table`` maps the new call's id to it and the two expressions it replaces."""
    heads = () if rule is None else (rule.value, rule.key) + tuple(rule.args or ())
    out = list(body)
    for i, lit in enumerate(body):
        e = lit.expr
        if lit.negated or lit.withs or not isinstance(e, ast.SomeIn) or e.key is not None:
            continue
        if not isinstance(e.value, ast.Var) or is_wild(e.value.name):
            continue
        v = e.value.name
        for j, other in enumerate(body):
            c = other.expr
            if (
                j == i
                or other.negated
                or other.withs
                or not isinstance(c, ast.Call)
                or len(c.name) != 1
                or c.name[0] not in FUNCS
                or len(c.args) != 2
                or c.args[1] != e.value
            ):
                continue
            uses = sum(_count(x, v) for x in body) + sum(_count(h, v) for h in heads if h is not None)
            if uses != 2:  # the some and the call, nothing else
                continue
            call = ast.Call((MARK, c.name[0]), (c.args[0], e.collection), pos=c.pos)
            table[id(call)] = (call, e, c)  # (the call kept alive: its id stays its own)
            out[j] = dataclasses.replace(other, expr=call)
            out[i] = None
            break
    return [lit for lit in out if lit is not None]


def _count(node, name: str) -> int:
    """Occurrences of the variable ``name`` in an AST node (any depth)."""
    if isinstance(node, ast.Var):
        return node.name == name
    if isinstance(node, (tuple, list)):
        return sum(_count(x, name) for x in node)
    if dataclasses.is_dataclass(node):
        return sum(_count(getattr(node, f.name), name) for f in dataclasses.fields(node) if f.name != "pos")
    return 0


def affix_items(items, fn: str) -> tuple | None:
    """The strings of a constant collection's (key, value) pairs when the
    tuple test ``fn`` is exact: all strings, none a prefix (for
    ``startswith``; a suffix for ``endswith``) of another."""
    if not items:
        return None
    vals = [v for _, v in items]
    if any(v.__class__ is not str for v in vals):
        return None
    for i, a in enumerate(vals):
        for j, b in enumerate(vals):
            if i != j and (b.startswith(a) if fn == "startswith" else b.endswith(a)):
                return None
    return tuple(vals)

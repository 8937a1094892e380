"""Array comprehensions of which only the first element matters.

``values := [a.value | some a in input.args; a.name == name]`` followed
only by ``count(values) > 0`` and ``values[0]`` (Tracee's
``get_tracee_argument``) needs the comprehension's first element and
whether there is one: the generated loop may stop at the first element
(``break``) instead of building the whole list.

That gives OPA's answer only when no element after the first could change
it, in strict mode as well as in the default one: an error raised while
computing a later element (a builtin in strict mode, a rule's conflict in
both) would be OPA's answer. So the comprehension's body is limited to
what cannot fail: iteration (``some x in``, ``ref[_]``), refs below
``input`` or below its own variables and the rule's arguments,
comparisons, and ``:=`` of those. Every use of the variable must be one
of ``count(v) > 0`` (``0 < count(v)``, ``count(v) >= 1``), ``count(v) ==
0``, ``count(v) != 0``, ``v == []``, ``v != []`` or ``v[0]...``: each
gives the same answer on the first element alone (``count`` of the short
list is 1 where the whole list's is larger, which none of those tells
apart)."""

from __future__ import annotations

import dataclasses

from .. import ast

_COMPARE = {("equal",), ("neq",), ("lt",), ("gt",), ("lte",), ("gte",)}


def first_only(rule: ast.Rule, args: set[str], extra=()) -> list[ast.ArrayCompr]:
    """The comprehensions bound by ``v := [...]`` in ``rule``'s body that may
    stop at their first element; ``args``: the names bound on entry (the
    function's arguments); ``extra``: literals emitted after the body."""
    rule = dataclasses.replace(rule, body=tuple(rule.body) + tuple(extra))
    out = []
    for i, lit in enumerate(rule.body):
        e = lit.expr
        if lit.negated or lit.withs or not isinstance(e, ast.Assign):
            continue
        if not (isinstance(e.left, ast.Var) and isinstance(e.right, ast.ArrayCompr)):
            continue
        c = e.right
        if not _safe_body(c, set(args)):
            continue
        rest = dataclasses.replace(rule, body=rule.body[:i] + rule.body[i + 1:])
        if _uses_ok(rest, e.left.name) and _occurrences(rule, c) == 1:
            out.append(c)
    return out


def _occurrences(node, target) -> int:
    """How many times the very node ``target`` is in ``node`` (a node shared
    by a rewrite with another use would stop there too)."""
    if node is target:
        return 1
    if isinstance(node, (tuple, list)):
        return sum(_occurrences(x, target) for x in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return sum(_occurrences(getattr(node, f.name), target) for f in dataclasses.fields(node))
    return 0


def _wild(v: ast.Var) -> bool:
    return v.name == "_" or v.name.startswith("$")


def _safe_term(t, bound: set) -> bool:
    if isinstance(t, ast.Scalar):
        return True
    if isinstance(t, ast.Var):
        return t.name in bound or t.name == "input"
    if isinstance(t, ast.Ref):
        if not (isinstance(t.head, ast.Var) and (t.head.name in bound or t.head.name == "input")):
            return False
        for p in t.path:
            if isinstance(p, ast.Var):
                if not (p.name in bound or _wild(p)):
                    return False
            elif not isinstance(p, ast.Scalar):
                return False
        return True
    return False


def _safe_body(c: ast.ArrayCompr, bound: set) -> bool:
    for lit in c.body:
        e = lit.expr
        if lit.negated or lit.withs:
            return False
        if isinstance(e, ast.SomeIn):
            names = [x for x in (e.key, e.value) if x is not None]
            if not all(isinstance(x, ast.Var) for x in names) or not _safe_term(e.collection, bound):
                return False
            bound |= {x.name for x in names if not _wild(x)}
        elif isinstance(e, ast.Call) and e.name in _COMPARE and len(e.args) == 2:
            if not all(_safe_term(a, bound) for a in e.args):
                return False
        elif isinstance(e, ast.Assign) and isinstance(e.left, ast.Var):
            if not _safe_term(e.right, bound):
                return False
            bound.add(e.left.name)
        else:
            return False
    return _safe_term(c.term, bound)


def _is_int(t, n: int) -> bool:
    return isinstance(t, ast.Scalar) and type(t.value) is int and t.value == n


def _count_of(t, name: str) -> bool:
    return (isinstance(t, ast.Call) and t.name == ("count",) and len(t.args) == 1
            and isinstance(t.args[0], ast.Var) and t.args[0].name == name)


def _allowed(t, name: str) -> bool:
    """``t`` is one of the uses of ``name`` that only need its first element."""
    if isinstance(t, ast.Ref):
        return (isinstance(t.head, ast.Var) and t.head.name == name and bool(t.path)
                and _is_int(t.path[0], 0))
    if not (isinstance(t, ast.Call) and len(t.args) == 2):
        return False
    a, b = t.args
    if t.name == ("gt",):
        return _count_of(a, name) and _is_int(b, 0)
    if t.name == ("lt",):
        return _is_int(a, 0) and _count_of(b, name)
    if t.name == ("gte",):
        return _count_of(a, name) and _is_int(b, 1)
    if t.name in (("equal",), ("neq",)):
        for x, y in ((a, b), (b, a)):
            if _count_of(x, name) and _is_int(y, 0):
                return True
            if (isinstance(x, ast.Var) and x.name == name and isinstance(y, ast.Array)
                    and not y.items):
                return True
    return False


def _uses_ok(node, name: str) -> bool:
    """Every occurrence of the variable ``name`` in ``node`` is an allowed use."""
    if _allowed(node, name):
        return _uses_ok_below(node, name)
    if isinstance(node, ast.Var):
        return node.name != name
    if isinstance(node, (tuple, list)):
        return all(_uses_ok(x, name) for x in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return all(_uses_ok(getattr(node, f.name), name) for f in dataclasses.fields(node))
    return True


def _uses_ok_below(node, name: str) -> bool:
    """The parts of an allowed use other than the variable itself."""
    if isinstance(node, ast.Ref):
        return _uses_ok(node.path[1:], name)
    return True  # count(v) against a constant, v against []

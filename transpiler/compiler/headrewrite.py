"""A rewrite of OPA's compiler that changes answers, reproduced.

OPA moves the refs, calls and comprehensions of a rule head into the body
(``p := input.a + 1`` gets ``__local0__ = input.a + 1`` in its body). When
the body is the single literal ``true`` (the body of a rule written without
one), the head's literal *replaces* it, and that test ignores negation and
``with``: a body written as just ``not true`` is replaced too, so OPA 1.20
answers ``p := input if { not true }`` with the input, while ``p := 1 if {
not true }`` (nothing to move) and ``p := input if { true; not true }`` stay
undefined. Each clause of an ``else`` chain is rewritten on its own; function
arguments are not moved (``f(x) := x if { not true }`` stays undefined). Asked
of OPA in tests/test_fuzz.py.
"""

from __future__ import annotations

import dataclasses

from .. import ast


def opa_true_body(rule: ast.Rule, is_global) -> ast.Rule:
    """``rule`` (and its else chain) with a body of ``not true`` emptied where
    OPA's head rewrite replaces it."""
    if rule.default:
        return rule
    clauses = []
    r = rule
    while r is not None:
        clauses.append(_clause(r, is_global))
        r = r.else_
    out = None
    for c in reversed(clauses):
        out = dataclasses.replace(c, else_=out)
    return out


def _clause(rule: ast.Rule, is_global) -> ast.Rule:
    if len(rule.body) != 1:
        return rule
    (lit,) = rule.body
    if not (lit.negated and isinstance(lit.expr, ast.Scalar) and lit.expr.value is True):
        return rule
    args = {v.name for a in rule.args or () for v in _vars(a)}
    head = [t for t in (rule.value, rule.key, *rule.ref.path) if t is not None]
    if any(_moved(t, is_global, args) for t in head):
        return dataclasses.replace(rule, body=())
    return rule


def _moved(t, is_global, args) -> bool:
    """Whether OPA moves (part of) head term ``t`` into the body."""
    if isinstance(t, ast.Var):
        return t.name not in args and is_global(t.name)
    if isinstance(t, (ast.Ref, ast.Call, ast.Membership, ast.TemplateString,
                      ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)):
        return True
    if isinstance(t, (ast.Array, ast.SetTerm)):
        return any(_moved(x, is_global, args) for x in t.items)
    if isinstance(t, ast.Object):
        return any(_moved(k, is_global, args) or _moved(v, is_global, args) for k, v in t.items)
    return False


def _vars(t):
    if isinstance(t, ast.Var):
        yield t
    elif isinstance(t, (ast.Array, ast.SetTerm)):
        for x in t.items:
            yield from _vars(x)
    elif isinstance(t, ast.Object):
        for k, v in t.items:
            yield from _vars(k)
            yield from _vars(v)

"""The calls nested in a negated expression are taken out of the negation,
as OPA's compiler does (``rewriteExprTerms``, before its safety check):
``not upper(json.marshal(xs[_]))`` is ``__local0__ = json.marshal(xs[_]);
not upper(__local0__)``, so the wildcard is bound by the positive literal
(safe, and iterated: the body holds for an element whose text is not upper
case) instead of being an unsafe variable of the negation.

The emitter already evaluates those calls before the negation where their
order can be seen (``BodyEmitter.expand``, ``hoist_dynamics``); this pass
rewrites the AST where such a call holds a variable as a ref's key (``_``,
``xs[i]``), which the call may bind, so that the safety check and the
scheduler see it bound by a positive literal (rego2py rejected it as an
unsafe variable of the negation). Asked of OPA in tests/test_eval_order.py
(NEGATED_NESTED_CALLS, EVERY_DOMAIN_BOUND).
"""

from __future__ import annotations

import dataclasses
import itertools

from .. import ast
from .expand import expand_calls


def hoist_negated_calls(rule: ast.Rule, is_global) -> ast.Rule:
    if not any(isinstance(n, ast.Literal) and (n.negated or isinstance(n.expr, ast.Every)) for n in ast.walk(rule)):
        return rule
    serial = itertools.count()

    def lit_rewrite(lit: ast.Literal, earlier: set) -> list:
        e = lit.expr
        if lit.negated and _closure_operand(e, earlier, is_global):
            return _closure_quirk(lit, is_global, lambda t: ast.Var(f"$neg{next(serial)}", t.pos))
        if isinstance(e, ast.Every) and not lit.negated and selector_vars(e.domain, is_global):
            # (OPA binds an ``every``'s domain first: ``__local0__ = xs[_]``)
            v = ast.Var(f"$neg{next(serial)}", e.domain.pos if hasattr(e.domain, "pos") else lit.pos)
            return [ast.Literal(ast.Unify(v, e.domain, lit.pos), False, lit.withs, lit.pos),
                    ast.Literal(ast.Every(e.key, e.value, v, e.body, e.pos), False, lit.withs, lit.pos)]
        if not lit.negated:
            return [lit]
        names = []

        def fresh(call):
            names.append(ast.Var(f"$neg{next(serial)}", call.pos))
            return names[-1]

        e2, pre = expand_calls(lit.expr, False, fresh)
        if not pre:
            return [lit]
        if not any(selector_vars(c, is_global) for _, c in pre):
            return [lit]
        out = [ast.Literal(ast.Unify(v, call, call.pos), False, lit.withs, lit.pos) for v, call in pre]
        return out + [ast.Literal(e2, True, lit.withs, lit.pos)]

    def body(b: tuple) -> tuple:
        out = []
        earlier: set = set()  # the variables of the positive literals before
        for lit in b:
            for x in lit_rewrite(lit, earlier):
                out.append(node(x))
            if not lit.negated:
                earlier |= {n.name for n in ast.walk(lit) if isinstance(n, ast.Var) and not is_global(n.name)}
        return tuple(out)

    def node(n):
        if isinstance(n, tuple):
            if n and all(isinstance(x, ast.Literal) for x in n):
                return body(n)
            return tuple(node(x) for x in n)
        if n is None or isinstance(n, ast.Pos) or not dataclasses.is_dataclass(n) or isinstance(n, ast.Scalar):
            return n
        changes = {}
        for f in dataclasses.fields(n):
            if f.name == "pos":
                continue
            v = getattr(n, f.name)
            w = node(v)
            if w is not v:
                changes[f.name] = w
        return dataclasses.replace(n, **changes) if changes else n

    return node(rule)


def selector_vars(t, is_global) -> set:
    """The local variables that are keys of refs in ``t`` (which it may bind)."""
    out = set()
    for n in ast.walk(t):
        if isinstance(n, ast.Ref):
            for p in n.path:
                out |= {v.name for v in ast.walk(p) if isinstance(v, ast.Var) and not is_global(v.name)}
    return out


_COMPR = (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)


def _operands(e):
    if isinstance(e, ast.Call):
        return list(e.args)
    if isinstance(e, ast.Membership):
        return [x for x in (e.key, e.value, e.collection) if x is not None]
    return []


def _closure_operand(e, earlier: set, is_global) -> bool:
    """Whether an operand of ``e`` is a comprehension using a variable of an earlier literal."""
    return any(
        isinstance(o, _COMPR) and any(isinstance(n, ast.Var) and n.name in earlier for n in ast.walk(o))
        for o in _operands(e)
    ) and any(isinstance(o, ast.Ref) and selector_vars(o, is_global) for o in _operands(e))


def _closure_quirk(lit: ast.Literal, is_global, fresh) -> list:
    """``not f(xs[i], {.. | x})`` as ``$v = xs[i]; not f($v, {.. | x})``."""
    e = lit.expr
    pre = []

    def out(o):
        if isinstance(o, ast.Ref) and selector_vars(o, is_global):
            v = fresh(o)
            pre.append(ast.Literal(ast.Unify(v, o, o.pos), False, lit.withs, lit.pos))
            return v
        return o

    if isinstance(e, ast.Call):
        e2 = ast.Call(e.name, tuple(out(a) for a in e.args), e.pos)
    else:
        e2 = ast.Membership(None if e.key is None else out(e.key), out(e.value), out(e.collection), e.pos)
    return pre + [ast.Literal(e2, True, lit.withs, lit.pos)]

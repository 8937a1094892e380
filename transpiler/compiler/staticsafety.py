"""OPA's safety check of a rule's clauses without generating them, for a
rule whose generation stopped at an error of OPA's type checker: OPA's
safety stage runs before its type checker, so an unsafe variable anywhere
in the rule (a later clause of an ``else`` chain, a head, a comprehension
of a head) is the error OPA reports. The same scheduler as code generation
(``scope.schedule``) orders each body; the variables bound around a nested
body are all those of the enclosing one (so this check never finds more
than generation would)."""

from __future__ import annotations

from .. import ast
from ..errors import CompileError
from .locals import rego_name
from .negcalls import selector_vars
from .scope import COMPREHENSIONS, Needs, binds, comprehensions_in, literal_vars, schedule, term_vars


def check_clause(r: ast.Rule, env, names_function, source_for, output_call=None) -> None:
    """Raise OPA's unsafe-variable error for clause ``r`` (not its ``else``);
    ``output_call(lit)``: whether a literal is a call in the output-argument
    form (``count(x, n)`` binds ``n``)."""
    ctx = (env.is_local, names_function, source_for, output_call)
    bound = set()
    for a in r.args or ():
        bound |= term_vars(a, env.is_local)
    bound = _body(r.body, bound, ctx)
    for t in (r.value, r.key, *r.ref.path):
        if t is not None:
            _term(t, bound, ctx, r.pos)


def _body(body, bound: set, ctx) -> set:
    is_local, names_function, source_for, output_call = ctx
    outer = set(bound).union(*(literal_vars(lit, is_local) for lit in body))
    schedule(body, Needs(is_local, outer, names_function), set(bound), source_for(body[0]) if body else None,
             output_call)
    b = set(bound)
    for lit in body:
        b |= binds(lit, is_local)
    for lit in body:
        for c in comprehensions_in(lit.expr, []):
            _nested(c, b, ctx)
    return b


def _nested(c, bound: set, ctx) -> None:
    is_local = ctx[0]
    if isinstance(c, ast.Every):
        inner = set(bound) | {x.name for x in (c.key, c.value) if x is not None}
        _body(c.body, inner, ctx)
        return
    b = _body(c.body, set(bound), ctx)
    heads = (c.key, c.value) if isinstance(c, ast.ObjectCompr) else (c.term,)
    for h in heads:
        _term(h, b, ctx, c.pos)


def _term(t, bound: set, ctx, pos) -> None:
    is_local, _, source_for, _ = ctx
    missing = sorted(term_vars(t, is_local) - bound - selector_vars(t, lambda n: not is_local(n)))
    if missing:
        at = next((v.pos for v in ast.walk(t) if isinstance(v, ast.Var) and v.name == missing[0]), pos)
        raise CompileError(at, f"var {rego_name(missing[0])} is unsafe", source_for(t), "rego_unsafe_var_error")
    for c in comprehensions_in(t, []):
        if isinstance(c, COMPREHENSIONS + (ast.Every,)):
            _nested(c, bound, ctx)

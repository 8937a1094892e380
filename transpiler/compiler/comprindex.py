"""OPA's comprehension index, where it changes the answer.

OPA evaluates a comprehension that closes over variables of the enclosing
body once for all their values when its body binds those variables itself
(``[x | y <= 1; x := input[y]]`` with ``y`` bound outside): it runs the body
with them unbound, and grouped the rows by their values. Whether it does is
decided by one pass over the body in order (the head's refs and calls moved
to its end), which does not check that a builtin call gets a variable before
a later literal binds it: at run time the call fails with OPA's internal error
(``lte called with operand 1 that requires evaluation``). rego2py refuses such
a comprehension at transpile time (found by the fuzzer, seed 2026 program 19).
"""

from __future__ import annotations

from .. import ast

COMPR = (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)


class _Unknown(Exception):
    """A construct the pass does not model: OPA builds no index we could tell."""


def unbound_index_use(t, outer: set, is_local):
    """The literal of comprehension ``t`` (or ``t`` itself, for its head) at
    which OPA's indexed evaluation calls a builtin with an unbound index
    variable, else None. ``outer``: the variables bound around ``t``."""
    body = list(t.body)
    shadow = _declared(body)
    candidates = (_vars_of_compr(t, is_local) & outer) - shadow
    if not candidates:
        return None
    heads = [t.key, t.value] if isinstance(t, ast.ObjectCompr) else [t.term]
    steps = [(lit, lit) for lit in body] + [(t, ast.Literal(h, pos=t.pos)) for h in heads]
    safe: set = set()
    uses: list = []  # (node, variables a call needs, outputs so far)
    try:
        for node, lit in steps:
            out, needs = _step(lit, safe, is_local)
            if needs:
                uses.append((node, needs, set(safe)))
            safe |= out
    except _Unknown:
        return None
    every_var = set()
    for lit in body:
        every_var |= _vars(lit.expr, is_local)
    if not every_var <= safe:
        return None  # an unsafe variable: OPA builds no index
    index = candidates & safe
    for node, needs, before in uses:
        if (needs & index) - before:
            return node
    return None


def _declared(body) -> set:
    out: set = set()
    for lit in body:
        e = lit.expr
        if isinstance(e, ast.SomeDecl):
            out |= {v.name for v in e.names}
        elif isinstance(e, ast.SomeIn):
            for x in (e.key, e.value):
                out |= _vars(x, lambda n: True)
        elif isinstance(e, ast.Assign):
            out |= _vars(e.left, lambda n: True)
    return out


def _step(lit: ast.Literal, safe: set, is_local):
    """(variables the literal outputs, variables a builtin call in it needs)."""
    if lit.withs:
        raise _Unknown
    e = lit.expr
    if lit.negated:
        return set(), set()
    if isinstance(e, ast.SomeDecl):
        return set(), set()
    if isinstance(e, ast.SomeIn):
        _nested_calls_safe(e.collection, safe, is_local)
        return _ref_outputs(e.collection, safe, is_local) | _vars(e.key, is_local) | _vars(e.value, is_local), set()
    if isinstance(e, ast.Call) and e.name == ("equal",) and len(e.args) == 2:
        e = ast.Unify(e.args[0], e.args[1])  # (OPA rewrites == into =)
    if isinstance(e, (ast.Unify, ast.Assign)):
        sides = (e.left, e.right)
        for s in sides:
            _nested_calls_safe(s, safe, is_local)
        out = set()
        for s in sides:
            out |= _ref_outputs(s, safe, is_local)
        for a, b in (sides, sides[::-1]):
            if _pattern(a) and _vars(b, is_local) <= safe | out:
                out |= _vars(a, is_local)
        return out, set()
    if isinstance(e, (ast.Call, ast.Membership)):
        args = e.args if isinstance(e, ast.Call) else [x for x in (e.key, e.value, e.collection) if x is not None]
        for a in args:
            _nested_calls_safe(a, safe, is_local)
        out = set()
        for a in args:
            out |= _ref_outputs(a, safe, is_local)
        needs = set()
        for a in args:
            needs |= _direct_vars(a, is_local)
        return out, needs - out
    if isinstance(e, (ast.Var, ast.Ref, ast.Scalar, ast.Array, ast.Object, ast.SetTerm) + COMPR):
        _nested_calls_safe(e, safe, is_local)
        return _ref_outputs(e, safe, is_local), set()
    raise _Unknown


def _pattern(t) -> bool:
    if isinstance(t, ast.Var):
        return True
    if isinstance(t, ast.Array):
        return all(_pattern(x) or isinstance(x, ast.Scalar) for x in t.items)
    if isinstance(t, ast.Object):
        return all(_pattern(v) or isinstance(v, ast.Scalar) for _, v in t.items)
    return False


def _nested_calls_safe(t, safe: set, is_local) -> None:
    """A call nested in a literal becomes a literal before it: if its operands
    are not all output yet, its result variable is unsafe (no index)."""
    for c in _calls(t, []):
        need = set()
        for a in c.args:
            need |= _vars(a, is_local)
        if not need <= safe | _ref_outputs(c, safe, is_local):
            raise _Unknown


def _calls(t, acc):
    if isinstance(t, (ast.Call, ast.Membership)):
        acc.append(t)
        for a in (t.args if isinstance(t, ast.Call) else (t.key, t.value, t.collection)):
            _calls(a, acc)
    elif isinstance(t, ast.Ref):
        _calls(t.head, acc)
        for p in t.path:
            _calls(p, acc)
    elif isinstance(t, (ast.Array, ast.SetTerm)):
        for x in t.items:
            _calls(x, acc)
    elif isinstance(t, ast.Object):
        for k, v in t.items:
            _calls(k, acc)
            _calls(v, acc)
    elif isinstance(t, ast.TemplateString):
        raise _Unknown
    return acc


def _ref_outputs(t, safe: set, is_local) -> set:
    """Variables selecting in a ref (iterating it): bound by it."""
    out: set = set()
    if isinstance(t, ast.Ref):
        out |= _ref_outputs(t.head, safe, is_local)
        for p in t.path:
            if isinstance(p, ast.Var) and is_local(p.name):
                out.add(p.name)
            else:
                out |= _ref_outputs(p, safe, is_local)
    elif isinstance(t, (ast.Array, ast.SetTerm)):
        for x in t.items:
            out |= _ref_outputs(x, safe, is_local)
    elif isinstance(t, ast.Object):
        for k, v in t.items:
            out |= _ref_outputs(k, safe, is_local) | _ref_outputs(v, safe, is_local)
    elif isinstance(t, ast.Call):
        for a in t.args:
            out |= _ref_outputs(a, safe, is_local)
    elif isinstance(t, ast.Membership):
        for a in (t.key, t.value, t.collection):
            out |= _ref_outputs(a, safe, is_local)
    return out


def _direct_vars(t, is_local) -> set:
    """Variables a call takes as operands (not selectors of refs)."""
    if isinstance(t, ast.Var):
        return {t.name} if is_local(t.name) else set()
    if isinstance(t, (ast.Array, ast.SetTerm)):
        return set().union(*(_direct_vars(x, is_local) for x in t.items))
    if isinstance(t, ast.Object):
        return set().union(*(_direct_vars(k, is_local) | _direct_vars(v, is_local) for k, v in t.items))
    return set()


def _vars(t, is_local) -> set:
    from .scope import term_vars

    if t is None:
        return set()
    if isinstance(t, (ast.Unify, ast.Assign)):
        return term_vars(t.left, is_local) | term_vars(t.right, is_local)
    if isinstance(t, ast.SomeIn):
        return term_vars(t.key, is_local) | term_vars(t.value, is_local) | term_vars(t.collection, is_local)
    if isinstance(t, ast.SomeDecl):
        return set()
    if isinstance(t, ast.Every):
        return term_vars(t.domain, is_local)
    return term_vars(t, is_local)


def _vars_of_compr(t, is_local) -> set:
    out = set()
    for h in ([t.key, t.value] if isinstance(t, ast.ObjectCompr) else [t.term]):
        out |= _vars(h, is_local)
    for lit in t.body:
        out |= _vars(lit.expr, is_local)
    return out

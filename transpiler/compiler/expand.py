"""OPA's order of evaluation inside one expression (its compiler's
``rewriteExprTerms``): every call nested in an expression (in the arguments
of a call, in composites, in the keys of a ref, in the operands of ``=`` and
``:=``; not inside comprehensions) is taken out into an expression of its
own, innermost first and left to right, evaluated before the expression;
the refs left in place are read when the expression itself is evaluated.

So ``format_int(input[input], to_number("a"))`` fails on ``to_number`` in
strict mode although its first argument is undefined, and so does
``x := [input[input], to_number("a")]``. The emitter evaluates the taken-out
calls first (``BodyEmitter.literal``) wherever that order can be seen.
"""

from __future__ import annotations

from .. import ast

_COMPR = (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)


def expand_calls(expr, output_call: bool, fresh):
    """(expression with its nested calls replaced by the variables ``fresh``
    makes, [(variable, call)] in OPA's order of evaluation)."""
    pre: list = []

    def out(call):
        v = fresh(call)
        pre.append((v, call))
        return v

    def walk(t):  # the term, taken out if it is a call
        if isinstance(t, ast.Call):
            return out(ast.Call(t.name, tuple(walk(a) for a in t.args), t.pos))
        if isinstance(t, ast.Membership):
            return out(inside(t))
        return inside(t)

    def inside(t):  # the calls below the term, not the term itself
        if isinstance(t, ast.Array):
            return ast.Array(tuple(walk(x) for x in t.items), t.pos)
        if isinstance(t, ast.SetTerm):
            return ast.SetTerm(tuple(walk(x) for x in t.items), t.pos)
        if isinstance(t, ast.Object):
            return ast.Object(tuple((walk(a), walk(b)) for a, b in t.items), t.pos)
        if isinstance(t, ast.Ref):
            return ast.Ref(walk(t.head), tuple(walk(p) for p in t.path), t.pos)
        if isinstance(t, ast.Call):
            return ast.Call(t.name, tuple(walk(a) for a in t.args), t.pos)
        if isinstance(t, ast.Membership):
            return ast.Membership(None if t.key is None else walk(t.key), walk(t.value), walk(t.collection), t.pos)
        return t  # scalars, variables, comprehensions, template strings

    if isinstance(expr, ast.Call) and output_call:
        expr = ast.Call(expr.name, tuple(walk(a) for a in expr.args[:-1]) + expr.args[-1:], expr.pos)
    elif isinstance(expr, ast.Unify):
        expr = ast.Unify(walk(expr.left), walk(expr.right), expr.pos)
    elif isinstance(expr, ast.Assign):
        expr = ast.Assign(expr.left, walk(expr.right), expr.pos)
    elif isinstance(expr, ast.SomeIn):
        expr = ast.SomeIn(expr.key, expr.value, walk(expr.collection), expr.pos)
    elif isinstance(expr, (ast.Call, ast.Membership, ast.Ref, ast.Array, ast.SetTerm, ast.Object)):
        expr = inside(expr)
    return expr, pre


def read_at_expression(t, is_dynamic_var) -> bool:
    """Whether evaluating term ``t`` (its calls taken out) reads something
    that may be undefined or fail: a ref, a rule, a comprehension."""
    if isinstance(t, (ast.Ref, *_COMPR, ast.TemplateString)):
        return True
    if isinstance(t, ast.Var):
        return is_dynamic_var(t)
    return any(read_at_expression(c, is_dynamic_var) for c in ast.children(t)
               if not isinstance(c, (ast.Literal, ast.Pos)))

"""The rules a rule reads by name, found from its syntax alone: the edges
of the recursion check for code that generation does not reach (literals
that can never hold, an element whose generation stopped at a type error
that waits for the recursion check)."""

from __future__ import annotations

import dataclasses

from .. import ast


def declared_names(rule: ast.Rule) -> set:
    """The local variables ``rule`` declares anywhere (``some``, ``:=``,
    ``some .. in``, ``every``, its arguments): a name of a rule used in its
    body or head that is not among them reads the rule."""
    declared = set()
    for n in _walk((tuple(rule.body), rule.key, rule.value)):
        if isinstance(n, ast.SomeDecl):
            declared.update(v.name for v in n.names)
        elif isinstance(n, ast.Assign):
            declared.update(_vars(n.left))
        elif isinstance(n, ast.SomeIn):
            declared.update(_vars(n.key) | _vars(n.value))
        elif isinstance(n, ast.Every):
            declared.update(_vars(n.key) | _vars(n.value))
    for a in rule.args or ():
        declared.update(_vars(a))
    return declared


def rules_read(rule: ast.Rule, resolver, tree, function_path):
    """The rules (tree leaves) that ``rule`` reads by name anywhere in its
    head and body, the refs to a rule of its package or below ``data`` and
    the calls of functions; names the rule declares anywhere are skipped."""
    from .tree import Leaf, Node

    roots = (tuple(rule.body), rule.key, rule.value)
    declared = declared_names(rule)
    out = []
    for n in _walk(roots):
        path = None
        if isinstance(n, ast.Call):
            try:
                path = function_path(tuple(n.name), _env(resolver))
            except Exception:
                path = None
        elif isinstance(n, (ast.Ref, ast.Var)):
            head, sels = (n.head, n.path) if isinstance(n, ast.Ref) else (n, ())
            if not isinstance(head, ast.Var) or head.name in declared:
                continue
            prefix = []
            for sel in sels:
                if not (isinstance(sel, ast.Scalar) and isinstance(sel.value, str)):
                    break
                prefix.append(sel.value)
            if head.name == "data":
                path = tuple(prefix)
            elif head.name in resolver.rules:
                path = tuple(resolver.package) + (head.name,) + tuple(prefix)
        if path:
            el, depth = tree.lookup(tuple(path))
            if isinstance(el, Leaf) or isinstance(el, Node) and el.dynamic:  # (rules with a var in the ref)
                out.append(el)
    return out


def _env(resolver):
    from .resolve import Env

    return Env(resolver, {}, set())


def _vars(t) -> set:
    return {n.name for n in _walk(t) if isinstance(n, ast.Var)} if t is not None else set()


def _walk(root):
    stack = [root]
    while stack:
        n = stack.pop()
        if n is None or isinstance(n, (str, int, float, bool, ast.Pos)):
            continue
        if isinstance(n, (tuple, list)):
            stack.extend(n)
        elif dataclasses.is_dataclass(n):
            yield n
            stack.extend(getattr(n, f.name) for f in dataclasses.fields(n) if f.name != "pos")

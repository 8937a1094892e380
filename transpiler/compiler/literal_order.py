"""OPA's order of the terms of a set literal (ast.Compare on compiled terms).

OPA keeps a set literal's elements sorted as terms, evaluates them in that
order and iterates the resulting set in insertion order (a set built any
other way iterates in value order). Term order: null, booleans, numbers,
strings, variables, refs, arrays, objects, sets, array, object and set
comprehensions; calls inside the literal become generated variables. Variables compare by name:
a variable bound by unification keeps its own, while declared ones (``:=``,
``some``, function arguments) and calls get OPA's generated ``__localN__``
names, which we do not reproduce: two elements whose order depends on two
generated names have no known order (None)."""

from __future__ import annotations

from .. import ast
from ..runtime import values as rv

_SCALAR_RANK = {type(None): 0, bool: 1, str: 3}


_GEN = "__local"  # OPA's generated names: __local0__, __local1__...
_CALL = "$call"  # ours for the calls taken out of an expression first (emit.py, expand.py)


def _rank(t, is_local):
    """(rank, key) of a term, or None when OPA's order of it is not known here."""
    if isinstance(t, ast.Scalar):
        v = t.value
        return (_SCALAR_RANK.get(type(v), 2), None)
    if isinstance(t, ast.Var):
        if t.name == "input" and not is_local(t.name):
            return (5, None)
        if not is_local(t.name):
            return None
        return (4, None if t.name in is_local.declared or t.name.startswith((_GEN, _CALL)) else t.name)
    if isinstance(t, ast.Ref):
        h = t.head
        if isinstance(h, ast.Var) and h.name in ("input", "data") and not is_local(h.name):
            return (5, None)
        return None
    if isinstance(t, (ast.Call, ast.Membership)):
        return (4, None)  # rewritten to a generated variable
    if isinstance(t, (ast.ArrayCompr, ast.ObjectCompr, ast.SetCompr)):
        return ({ast.ArrayCompr: 9, ast.ObjectCompr: 10, ast.SetCompr: 11}[type(t)], None)
    if isinstance(t, ast.Array):
        return (6, None)
    if isinstance(t, ast.Object):
        return (7, None)
    if isinstance(t, ast.SetTerm):
        return (8, None)
    return None


def _same(a, b) -> bool:
    """Whether OPA's parser takes a and b for one element."""
    if isinstance(a, ast.Scalar) and isinstance(b, ast.Scalar):
        same_type = _SCALAR_RANK.get(type(a.value), 2) == _SCALAR_RANK.get(type(b.value), 2)
        return same_type and rv.eq(a.value, b.value)
    return a == b


def _path(t):
    return (t.head, *t.path) if isinstance(t, ast.Ref) else (t,)


def compare(a, b, is_local):
    """-1, 0 or 1 as OPA orders the terms a and b; None when not known."""
    if a == b and not isinstance(a, ast.Scalar):  # (Scalar(1) == Scalar(True))
        return 0
    ra, rb = _rank(a, is_local), _rank(b, is_local)
    if ra is None or rb is None:
        return None
    if ra[0] != rb[0]:
        return -1 if ra[0] < rb[0] else 1
    if ra[0] <= 3:
        return rv.compare(a.value, b.value)
    if ra[0] == 4:  # variables, by name
        na, nb = ra[1], rb[1]
        if na is None and nb is None:
            return None  # two generated names
        if na is None or nb is None:  # a generated name against an own one
            c = (_GEN > (na or nb)) - (_GEN < (na or nb))
            return c if na is None else -c
        return (na > nb) - (na < nb)
    if ra[0] == 5:
        return _seq(_path(a), _path(b), is_local)
    if ra[0] == 6:
        return _seq(a.items, b.items, is_local)
    return None  # two objects, sets or comprehensions of a kind: not followed here


def _seq(xs, ys, is_local):
    for x, y in zip(xs, ys):
        if isinstance(x, ast.Var) and isinstance(y, ast.Var) and x.name in ("input", "data") and y.name in ("input", "data") and not is_local(x.name) and not is_local(y.name):
            c = (x.name > y.name) - (x.name < y.name)
        else:
            c = compare(x, y, is_local)
        if c != 0:
            return c
    return (len(xs) > len(ys)) - (len(xs) < len(ys))


def declared_names(modules) -> set:
    """Names of the variables OPA renames (declared by ``:=``, ``some``,
    ``every`` or as function arguments) anywhere in ``modules``."""
    out: set = set()
    for mod in modules:
        for node in ast.walk(mod.rules):
            if isinstance(node, ast.Assign):
                out |= {v.name for v in ast.walk(node.left) if isinstance(v, ast.Var)}
            elif isinstance(node, ast.SomeDecl):
                out |= {v.name for v in node.names}
            elif isinstance(node, (ast.SomeIn, ast.Every)):
                pat = (node.key, node.value)
                out |= {v.name for v in ast.walk([x for x in pat if x is not None]) if isinstance(v, ast.Var)}
            elif isinstance(node, ast.Rule) and node.args:
                out |= {v.name for v in ast.walk(node.args) if isinstance(v, ast.Var)}
    return out


class Locals:
    """``env.is_local`` with the names OPA renames (``declared``)."""

    def __init__(self, is_local, declared):
        self.is_local, self.declared = is_local, declared

    def __call__(self, name):
        return self.is_local(name)


def literal_order(items, is_local):
    """The items of a set literal in OPA's order, or None when it is not known.
    Equal terms are one (the first: of ``1.0, 1`` the parser keeps ``1.0``)."""
    out: list = []
    for t in items:
        if any(_same(t, u) for u in out):
            continue
        i = len(out)
        while i > 0:
            c = compare(out[i - 1], t, is_local)
            if c is None:
                return None
            if c <= 0:
                break
            i -= 1
        out.insert(i, t)
    # every pair must be ordered (insertion compared only neighbours)
    for i, x in enumerate(out):
        for y in out[i + 1:]:
            if compare(x, y, is_local) is None:
                return None
    return out


def is_ground(t) -> bool:
    """A term with no variable, ref or call in it (a constant)."""
    if isinstance(t, ast.Scalar):
        return True
    if isinstance(t, (ast.Array, ast.SetTerm)):
        return all(is_ground(x) for x in t.items)
    if isinstance(t, ast.Object):
        return all(is_ground(a) and is_ground(b) for a, b in t.items)
    return False


# consumers a set's iteration order cannot reach
_ORDER_FREE_CALLS = frozenset({
    ("minus",), ("or",), ("and",), ("union",), ("intersection",), ("count",),
    ("equal",), ("neq",), ("is_set",), ("type_name",),
})


# consumers an object literal's insertion order cannot reach (it is built in
# OPA's order, so of equal keys the same text stays; object.keys' set iterates
# sorted, asked of OPA)
_ORDER_FREE_OBJECT_CALLS = frozenset({("count",), ("is_object",), ("type_name",), ("object", "keys")})


def _order_free_use(parent, child) -> bool:
    if isinstance(child, ast.Object):
        return isinstance(parent, ast.Call) and parent.name in _ORDER_FREE_OBJECT_CALLS
    if isinstance(parent, ast.Call):
        return parent.name in _ORDER_FREE_CALLS
    return isinstance(parent, ast.Membership) and parent.collection is child and parent.key is None


def site(t):
    """Where the literal ``t`` is written (rewritten rules keep positions), or None."""
    pos = t.pos
    return None if pos == ast.NOPOS else (pos.file, pos.line, pos.col)


def order_free_sets(modules) -> set:
    """sites of the set and object literals of ``modules`` (local variables
    scoped) whose iteration order no expression can see: each is an operand
    of a set operator, count, a comparison or a membership test (objects:
    count, is_object, type_name), or is bound by ``v := {...}`` (or ``=``) to
    a variable used only so in its rule."""
    out: set = set()
    for mod in modules:
        for rule in mod.rules:
            edges = [(p, c) for p in ast.walk(rule) for c in ast.children(p)]
            uses: dict = {}
            for p, c in edges:
                if isinstance(c, ast.Var):
                    uses.setdefault(c.name, []).append((p, c))
            for p, c in edges:
                if not isinstance(c, (ast.SetTerm, ast.Object)):
                    continue
                if site(c) is None:
                    continue
                if _order_free_use(p, c):
                    out.add(site(c))
                elif isinstance(p, (ast.Assign, ast.Unify)):
                    var = p.left if p.right is c else p.right
                    if isinstance(var, ast.Var) and all(
                        q is p or _order_free_use(q, c if isinstance(c, ast.Object) else v)
                        for q, v in uses.get(var.name, ())
                    ):
                        out.add(site(c))
    return out

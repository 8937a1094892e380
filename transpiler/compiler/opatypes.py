"""The part of OPA's type checker (``ast/check.go``) that follows the static
types of values through a body, beyond the literal arguments of
``typecheck.py``: the shapes OPA knows for arrays, and the "unknown" type it
gives to a function's argument that nothing has typed yet.

What the emitter records on a value (``Val.otype``), when OPA's type of it
is certain:

- ``("array", n)``: an array; ``n`` its static length when OPA knows only
  that many positions (a literal ``[a, b]``), None when its type has a
  dynamic part (``[]``, a comprehension, ``sort(...)``), 0 for the empty type
  OPA gives a comprehension whose head has no type (``[x | ...]`` with ``x``
  an argument nothing typed).
- ``("set-nil",)``, ``("object-nilkey",)``, ``("object-nilval",)``: a set or
  object comprehension whose element, key or value has no type.

A function's argument has no type in OPA until a literal of the body types
it (by unification, a builtin call, a ref), in the order OPA checks them
(the emitter's, after reordering for safety): ``Env.untyped`` holds the
arguments no literal before (nor the current one) mentions outside a
comprehension; a comprehension's body is checked on a copy of the scope, so
what it types stays inside. Anything else might type them, and is left alone.

OPA then rejects (rego_type_error, as the bindings confirm): a constant
index that no position of the array type can take (negative, fractional, a
string, past the static length; any index of the empty type); iterating a
collection whose element type is unknown (``some v in {x | ...}``); passing
a set of unknown elements to a builtin whose parameter is not ``any``.
The body of an ``every`` is not checked (see ``Env.typed``).
"""

from __future__ import annotations

import dataclasses
import re

from .. import ast
from ..runtime import values as rv
from .typecheck import ANY, declaration

_INT_TEXT = re.compile(r"-?[0-9]+")
NIL_COLLECTIONS = {("set-nil",), ("object-nilkey",), ("object-nilval",), ("array", 0)}


def plain_args(rule: ast.Rule) -> frozenset:
    """A function clause's arguments that are plain variables: OPA has no
    type for them before a literal of the body types them."""
    return frozenset(a.name for a in rule.args or () if isinstance(a, ast.Var) and not a.name.startswith("_"))


def typing_uses(root, names: frozenset) -> frozenset:
    """The variables of ``names`` that ``root`` (literals) may type in its
    body's scope: those it mentions outside comprehensions (whose bodies and
    heads OPA checks on a copy of the scope: they type nothing outside) and
    outside the bodies of ``every`` (which OPA does not check)."""
    out = set()
    stack = [root]
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)):
            continue
        if isinstance(n, ast.Every):  # OPA does not check the body of an every
            stack.append(n.domain)
            continue
        if isinstance(n, ast.Var):
            if n.name in names:
                out.add(n.name)
            continue
        if isinstance(n, (tuple, list)):
            stack.extend(n)
        elif dataclasses.is_dataclass(n) and not isinstance(n, ast.Pos):
            stack.extend(getattr(n, f.name) for f in dataclasses.fields(n) if f.name != "pos")
    return frozenset(out)


def checked_calls(root):
    """The calls under ``root`` that OPA type-checks: all but those in the
    body of an ``every`` (a comprehension there is skipped too, which only
    leaves errors unfound)."""
    stack = [root]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Every):
            stack.append(n.domain)
            continue
        if isinstance(n, ast.Call):
            yield n
        if isinstance(n, (tuple, list)):
            stack.extend(reversed(n))
        elif dataclasses.is_dataclass(n) and not isinstance(n, ast.Pos):
            stack.extend(reversed([getattr(n, f.name) for f in dataclasses.fields(n) if f.name != "pos"]))


def rules_read(rule: ast.Rule, resolver, tree, function_path):
    """The rules (tree leaves) that ``rule`` reads by name anywhere in its
    head and body, the refs to a rule of its package or below ``data`` and
    the calls of functions; names the rule declares anywhere are skipped."""
    from .tree import Leaf, Node

    roots = (tuple(rule.body), rule.key, rule.value)
    declared = set()
    for n in _walk(roots):
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


def comprehension_type(t, untyped: frozenset):
    def nil(h):
        return isinstance(h, ast.Var) and h.name in untyped

    if isinstance(t, ast.ArrayCompr):
        return ("array", 0 if nil(t.term) else None)
    if isinstance(t, ast.SetCompr):
        return ("set-nil",) if nil(t.term) else None
    if nil(t.key):
        return ("object-nilkey",)
    if nil(t.value):
        return ("object-nilval",)
    return None


def rule_type(leaf, is_rule) -> tuple | None:
    """The array type OPA gives a rule of one definition (no default, no
    else) whose value is an array literal, an array comprehension or a call
    of a builtin returning an array (``is_rule(name)``: the call's name is a
    rule of the program, not a builtin)."""
    if leaf.kind != "complete" or len(leaf.rules) != 1 or leaf.default is not None:
        return None
    rule = leaf.rules[0]
    if rule.else_ is not None or rule.ref.path:
        return None
    v = rule.value
    if isinstance(v, ast.Array):
        return ("array", len(v.items) or None)
    if isinstance(v, ast.ArrayCompr):
        return ("array", None)
    if isinstance(v, ast.Call) and not is_rule(v.name):
        return result_type(".".join(v.name))
    return None


def result_type(name: str):
    """The type of a builtin's result, when it is an array."""
    decl = declaration(name)
    if decl is None or decl[-1][0] != "array":
        return None
    _, static, dyn = decl[-1]
    return ("array", None if dyn is not None else len(static))


def index_error(otype, key) -> bool:
    """Whether OPA rejects the constant ``key`` as an index of ``otype``."""
    if otype is None:
        return False
    if otype[0] != "array":
        return otype in NIL_COLLECTIONS
    if isinstance(key, bool) or key is None:
        return False
    if isinstance(key, str):
        return True
    if not rv.is_number(key):
        return False
    n = otype[1]
    if n == 0:
        return True
    # OPA reads the index as an int64 from the number's text: ``1.0``,
    # ``1e2`` and ``2**63`` are no index
    if isinstance(key, rv.Num):
        if not _INT_TEXT.fullmatch(key.text):
            return True
        key = int(key.text)
    elif isinstance(key, float):
        return True
    if key < 0 or key >= 2**63:
        return True
    return n is not None and key >= n


def index_message(otype, key) -> str:
    if otype is not None and otype[0] != "array":
        return iteration_message(otype)
    have = key.text if isinstance(key, rv.Num) else f'"{key}"' if isinstance(key, str) else repr(key)
    return f"undefined ref: have: {have}, want (type): number"


def iteration_error(otype) -> bool:
    return otype in NIL_COLLECTIONS


def iteration_message(otype) -> str:
    """OPA's words: an element of unknown type fails the ref (sets, object
    keys), a value of unknown type the unification with the variable."""
    if otype == ("set-nil",):
        return "undefined ref: have: set[???]"
    if otype == ("object-nilkey",):
        return "undefined ref: have: object[???: any]"
    return "match error: left: ???, right: ???"


def bad_set_argument(name: str, otypes) -> int | None:
    """The index of an argument that is a set of unknown elements where the
    builtin declares anything but ``any``."""
    decl = declaration(name)
    if decl is None:
        return None
    for i, t in enumerate(otypes):
        if t == ("set-nil",) and i < len(decl) - 1 and decl[i] != ANY:
            return i
    return None

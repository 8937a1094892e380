"""The part of OPA's type checker (``ast/check.go``) that follows the static
types of values through a body, beyond the literal arguments of
``typecheck.py``: the shapes OPA knows for arrays, scalars and objects, and
the "unknown" type it gives to a function's argument that nothing has typed
yet.

What the emitter records on a value (``Val.otype``), when OPA's type of it
is certain (from the syntax of literals, builtin declarations and the
types of the values they are made of, never from a constant the compiler
folded, nor from a caller's argument); None stands for a type not known
here (or ``any``), and absorbs a union:

- ``("array", n[, elem[, positions]])``: an array; ``n`` its static length
  when OPA knows only that many positions (a literal ``[a, b]``), None when
  its type has a dynamic part (``[]``, a comprehension, ``sort(...)``), 0
  for the empty type OPA gives a comprehension whose head has no type
  (``[x | ...]`` with ``x`` an argument nothing typed); ``elem``: its
  elements' types together, ``positions``: each position's (a literal).
- ``("set-nil",)``, ``("object-nilkey",)``, ``("object-nilval",)``: a set or
  object comprehension whose element, key or value has no type.
- ``("scalar", name)``: a null, boolean, number or string (a literal, a
  template string, a builtin's declared result).
- ``("object", keys[, values])``: an object literal whose keys are all
  constants (OPA's static keys), with its values' types when all are known.
- ``("objectof", K, V)``: an object of dynamic keys (a comprehension, a
  partial object rule, an object literal of variable keys): ``object[K: V]``.
- ``("kinds", {...}[, elem])``: only the kinds of value it may be (a set,
  with its elements' type; ``minus``'s ``number`` or ``set``).
- ``("union", (...))``: OPA's ``any<...>``: a rule's values' types together.

The type of ``x[k]`` is ``values_type`` (OPA's ``types.Values``, or the
value at a known key or position), a key must unify with ``keys_type``
(``types.Keys``); ``some k, v in C`` is typed as ``v = C[k]``, OPA's
rewriting of it. A rule's type is its values' types together (partial
sets ``set[T]``, partial objects ``object[K: V]``), a function's result
its values' too (``ModuleGen.rule_type``, ``node_type``, ``function_type``).

A function's argument has no type in OPA until an expression of the body
types it (by unification, a builtin call, a ref), in the order OPA checks
them: after its rewriting (a call nested in a term is an expression of its
own, before the one holding it) and reordering for safety; within one
expression, its comprehensions before the expression itself
(``comprehension_starts``). ``Env.untyped`` holds the arguments no literal
before mentions outside a comprehension; a comprehension's body is checked
on a copy of the scope, so what it types stays inside. Anything else might
type them, and is left alone.

OPA then rejects (rego_type_error, as the bindings confirm): an index that
no position of the type can take (a constant one: negative, fractional, no
number, past the static length of an array, a key no literal object has,
of a kind no key of a set or dynamic object has; a variable whose type
no key has; a composite constant key that cannot unify with the type's
keys, ``typeforms.unifies_constant``: an object literal's constant keys
are OPA's static keys, kept as their JSON, so a set key is an array; any
index of a scalar or of the empty type); iterating a scalar (or scalars
only, ``{0, "a"}[_]``) or a
collection whose element type is unknown (``some v in {x | ...}``); a value
of unknown type used for anything but a literal of its own (``x :=
[a | true][i]``); passing a set of unknown elements to a builtin whose
parameter is not ``any``; two operands of ``=``, ``:=`` or ``==`` whose types
cannot unify (``disjoint``); a call of a function of the program with an
argument whose type cannot unify with the one its clauses give the
parameter (``Program.parameter_types``: an argument's type persists after
a negated expression, and is passed on to a caller's argument); a builtin
replaced by ``with`` by one whose arguments' types cannot unify with its
own (``mock_mismatch``). Under a ``with`` replacing a rule, the rule's ref
has the rule's type and the value's together (``BodyEmitter.replaced_type``).
The body of an ``every`` is not checked (see
``Env.typed``), but for its refs to rules. These are errors of OPA's type
checker stage, reported after the recursion check (``TypeCheckError``);
code that can never run is checked too (``BodyEmitter.dead``).
"""
from __future__ import annotations

import dataclasses

from .. import ast
from ..runtime import values as rv
from .typecheck import ANY, declaration
from .typeforms import (
    NIL_COLLECTIONS, SCALARS, array_type, declared_disjoint, declared_type, json_key, kinds, object_of, result_type,
    set_type, typed_elements, union,
)
from .values import NOTCONST

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


def comprehension_starts(lit, untyped: frozenset) -> dict:
    """The untyped arguments where OPA checks each comprehension of the
    literal ``lit`` (by id): OPA first rewrites a call nested in another
    term into an expression of its own, before the one holding it (its
    arguments' calls before it, depth first), and the domain of an
    ``every`` too; it checks a body's expressions in order, and in each the
    comprehensions before the expression itself, which types the arguments
    it mentions. ``x in {x | true} | s`` checks ``{x | true}`` with ``x``
    untyped: the union is an expression before the membership."""
    out: dict = {}
    units: list = []  # (comprehensions, variables) of each expression, in OPA's order

    def visit(n, unit, top=False):
        if isinstance(n, (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)):
            unit[0].append(n)
            return
        if isinstance(n, ast.Call) and not top:
            inner = ([], set())
            for a in n.args:
                visit(a, inner)
            units.append(inner)
            return
        if isinstance(n, ast.Every):
            inner = ([], set())
            visit(n.domain, inner)
            units.append(inner)
            return
        if isinstance(n, ast.Var):
            unit[1].add(n.name)
            return
        for c in ast.children(n):
            visit(c, unit)

    for w in lit.withs:
        last = ([], set())
        visit(w.value, last)
        units.append(last)
    last = ([], set())
    visit(lit.expr, last, top=True)
    units.append(last)
    for comprs, names in units:
        for c in comprs:
            out[id(c)] = untyped
        untyped = untyped - names
    return out


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


def rule_type(leaf, is_rule, ref_type=None, function: bool = False) -> tuple | None:
    """The type OPA gives a complete rule (with ``function``: a function's
    result), as far as it matters here: the
    union of the types of its values (definitions, ``else``, default) when
    every one is known from its syntax (``value_type``), or names a rule
    whose type is known (``ref_type(rule, term)``); None otherwise
    (``is_rule(name)``: the call's name is a rule of the program, not a
    builtin)."""
    if leaf.kind == "set":  # a partial set: set[T], its elements' types together
        elem = union([value_type(r.key, is_rule) or (ref_type(r, r.key) if ref_type is not None else None)
                      for r in leaf.rules])
        return ("kinds", frozenset(["set"])) + ((elem,) if elem is not None else ())
    if leaf.kind != "complete" and not (function and leaf.kind == "function"):
        return None
    out = []
    for rule in leaf.rules + ([leaf.default] if leaf.default is not None else []):
        if not all(isinstance(x, ast.Scalar) and isinstance(x.value, str) for x in rule.ref.path):
            return None  # (``p[k] := v`` in a leaf: no type of it here)
        r = rule
        while r is not None:
            t = value_type(r.value, is_rule)
            if t is None and ref_type is not None:
                t = ref_type(r, r.value)
            if t is None:
                return None
            out.append(t)
            r = r.else_
    if not out:
        return None
    return out[0] if len(out) == 1 else ("union", tuple(out))


def value_type(v, is_rule=lambda name: False, memo: dict | None = None) -> tuple | None:
    """The type of a term, known from its syntax: a scalar, an array or set
    literal (with its elements' type when each is known), an array
    comprehension, an object literal (of constant keys: with its values'
    types), a call of a builtin (its declared result). ``memo``: {id of a
    term: (the term, its type)} shared by the calls on one program's terms,
    so that typing each level of a nested literal does not type the levels
    below it again (quadratic in the depth)."""
    if memo is not None:
        hit = memo.get(id(v))
        if hit is None:
            hit = memo[id(v)] = (v, _value_type(v, is_rule, memo))  # (the term kept: its id stays its own)
        return hit[1]
    return _value_type(v, is_rule, None)


def _value_type(v, is_rule, memo) -> tuple | None:
    if isinstance(v, ast.Scalar):
        return ("scalar", rv.type_name(v.value))
    if isinstance(v, ast.Array):
        return array_type([value_type(a, is_rule, memo) for a in v.items])
    if isinstance(v, ast.ArrayCompr):
        return typed_elements(("array", None), [value_type(v.term, is_rule, memo)])
    if isinstance(v, ast.SetCompr):
        return set_type([value_type(v.term, is_rule, memo)])
    if isinstance(v, ast.ObjectCompr):
        return ("objectof", value_type(v.key, is_rule, memo), value_type(v.value, is_rule, memo))
    if isinstance(v, ast.Object):
        return object_type(v, [value_type(b, is_rule, memo) for _, b in v.items]) or ("kinds", frozenset(["object"]))
    if isinstance(v, ast.SetTerm):
        return set_type([value_type(a, is_rule, memo) for a in v.items])
    if isinstance(v, (ast.TemplateString, ast.Membership)):
        return ("scalar", "string" if isinstance(v, ast.TemplateString) else "boolean")
    if isinstance(v, ast.Call) and not is_rule(v.name):
        if v.name == ("set",) and not v.args:  # (the empty set's syntax)
            return ("kinds", frozenset(["set"]))
        return result_type(".".join(v.name))
    return None


def object_type(t: ast.Object, values=()) -> tuple | None:
    """An object literal whose keys are all constant scalars: OPA knows its
    keys, and no other constant key selects anything (the empty object
    is typed ``object[any: any]``); ``values``: its values' types (None:
    not known)."""
    keys = [const_key(a) for a, _ in t.items]
    if not keys or any(a is NOTCONST for a in keys):
        return None
    return object_of(tuple(json_key(a) for a in keys), values)


def literal_object_type(key_terms, key_types, value_types) -> tuple:
    """An object literal's type: its constant keys (``key_terms`` that are
    scalars) are OPA's static keys; with a key of another term, an object
    of the keys' and values' types together (OPA's dynamic part)."""
    if not key_terms:
        return ("kinds", frozenset(["object"]))
    keys = [const_key(a) for a in key_terms]
    if all(a is not NOTCONST for a in keys):
        return object_of(tuple(json_key(a) for a in keys), value_types)
    return ("objectof", union(key_types), union(value_types))


def const_key(seg):
    """The constant a ref's key term stands for (a scalar, or a composite
    literal of constants), else NOTCONST."""
    from .emit import literal_value

    if isinstance(seg, (ast.Scalar, ast.Array, ast.Object, ast.SetTerm)):
        return literal_value(seg)
    return NOTCONST


def index_message(otype, key) -> str:
    if otype is not None and (otype[0] in ("scalar", "object", "objectof", "union")
                              or otype[0] == "kinds" and otype[1] == frozenset(["set"])):
        return "undefined ref"
    if otype is not None and otype[0] != "array":
        return iteration_message(otype)
    have = key.text if isinstance(key, rv.Num) else f'"{key}"' if isinstance(key, str) else repr(key)
    return f"undefined ref: have: {have}, want (type): number"


def iteration_error(otype) -> bool:
    """Whether OPA rejects iterating a value of type ``otype``: the empty
    types, or scalars only (``{0, "a"}[_]`` is ``any<number, string>``)."""
    if otype in NIL_COLLECTIONS:
        return True
    ks = kinds(otype)
    return ks is not None and ks <= SCALARS


def iteration_message(otype) -> str:
    """OPA's words: an element of unknown type fails the ref (sets, object
    keys), a value of unknown type the unification with the variable."""
    if otype[0] == "scalar":
        return f"undefined ref: have: {otype[1]}"
    if kinds(otype) is not None and kinds(otype) <= SCALARS:
        return f"undefined ref: have: any<{', '.join(sorted(kinds(otype)))}>"
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


def bad_kind_argument(name: str, otypes) -> int | None:
    """The index of the first argument whose type cannot unify with the
    one the builtin declares for it (``declared_disjoint``): OPA's
    ``unifies`` fails (``lower(0 - input)``: ``any<number, set[any]>`` is
    no string; ``object.keys(set())``; ``sum([[1]])``: arrays are no
    numbers)."""
    decl = declaration(name)
    if decl is None:
        return None
    for i, t in enumerate(otypes):
        if i >= len(decl) - 1:
            break
        if declared_disjoint(t, decl[i]):
            return i
    return None


def mock_mismatch(target, value) -> bool:
    """Whether OPA rejects replacing a builtin declared ``target`` by one
    declared ``value`` (``with upper as abs``): its ``unifies`` of two
    function types, argument by argument (their results are not compared:
    ``with upper as count`` is accepted); None: not known."""
    if target is None or value is None or len(target) != len(value):
        return False
    return any(declared_disjoint(declared_type(b), a) or declared_disjoint(declared_type(a), b)
               for a, b in zip(target[:-1], value[:-1]))


def redeclares(coll, name: str) -> bool:
    """Whether ``some name in coll`` is one OPA rewrites into a unification
    with the variable ``name`` bound outside (as the bindings show): the
    collection mentions that variable anywhere, comprehensions included
    (OPA's ``container.Vars()``: ``some name in [0 | some name in input]``,
    ``some x in {x: 1 | true}``); else the ``some`` declares a new variable."""
    def same(v):  # (locals.py renames a declared variable ``x`` to ``x$lN``)
        return isinstance(v, ast.Var) and v.name.partition("$")[0] == name.partition("$")[0]

    stack = [coll]
    while stack:
        n = stack.pop()
        if same(n):
            return True
        if isinstance(n, (tuple, list)):
            stack.extend(n)
        elif dataclasses.is_dataclass(n) and not isinstance(n, ast.Pos):
            stack.extend(getattr(n, f.name) for f in dataclasses.fields(n) if f.name != "pos")
    return False

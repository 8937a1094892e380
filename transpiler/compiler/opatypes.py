"""The part of OPA's type checker (``ast/check.go``) that follows the static
types of values through a body, beyond the literal arguments of
``typecheck.py``: the shapes OPA knows for arrays, scalars and objects, and
the "unknown" type it gives to a function's argument that nothing has typed
yet.

What the emitter records on a value (``Val.otype``), when OPA's type of it
is certain (from the syntax of literals and builtin declarations only,
never from a constant the compiler folded, nor from a caller's argument):

- ``("array", n)``: an array; ``n`` its static length when OPA knows only
  that many positions (a literal ``[a, b]``), None when its type has a
  dynamic part (``[]``, a comprehension, ``sort(...)``), 0 for the empty type
  OPA gives a comprehension whose head has no type (``[x | ...]`` with ``x``
  an argument nothing typed).
- ``("set-nil",)``, ``("object-nilkey",)``, ``("object-nilval",)``: a set or
  object comprehension whose element, key or value has no type.
- ``("scalar", name)``: a null, boolean, number or string (a literal, a
  template string, a builtin's declared result).
- ``("object", keys)``: an object literal whose keys are all constants.
- ``("kinds", {...})``: only the kinds of value it may be (a set literal,
  an object of variable keys, ``minus``'s ``number`` or ``set``).
- ``("union", (...))``: a rule's type, its values' types together.

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
no position of the type can take (a constant one: negative, fractional, a
string, past the static length of an array, a key no literal object has;
any index of a scalar or of the empty type); iterating a scalar or a
collection whose element type is unknown (``some v in {x | ...}``); a value
of unknown type used for anything but a literal of its own (``x :=
[a | true][i]``); passing a set of unknown elements to a builtin whose
parameter is not ``any``; two operands of ``=``, ``:=`` or ``==`` whose types
cannot unify (``disjoint``). The body of an ``every`` is not checked (see
``Env.typed``), but for its refs to rules. These are errors of OPA's type
checker stage, reported after the recursion check (``TypeCheckError``);
code that can never run is checked too (``BodyEmitter.dead``).
"""
from __future__ import annotations

import dataclasses
import re

from .. import ast
from ..runtime import values as rv
from .typecheck import ANY, declaration
from .values import NOTCONST

_INT_TEXT = re.compile(r"-?[0-9]+")
NIL_COLLECTIONS = {("set-nil",), ("object-nilkey",), ("object-nilval",), ("array", 0)}
NIL_KEYS = {("set-nil",), ("object-nilkey",)}  # no ref into them type-checks
NIL_VALUES = {("object-nilval",), ("array", 0)}  # a ref into them has no type


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
        elem = union([value_type(r.key, is_rule) for r in leaf.rules])
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


def value_type(v, is_rule=lambda name: False) -> tuple | None:
    """The type of a term, known from its syntax: a scalar, an array or set
    literal (with its elements' type when each is known), an array
    comprehension, an object literal (of constant keys: with its values'
    types), a call of a builtin (its declared result)."""
    if isinstance(v, ast.Scalar):
        return ("scalar", rv.type_name(v.value))
    if isinstance(v, ast.Array):
        return array_type([value_type(a, is_rule) for a in v.items])
    if isinstance(v, ast.ArrayCompr):
        return typed_elements(("array", None), [value_type(v.term, is_rule)])
    if isinstance(v, ast.SetCompr):
        return set_type([value_type(v.term, is_rule)])
    if isinstance(v, ast.ObjectCompr):
        return ("objectof", value_type(v.key, is_rule), value_type(v.value, is_rule))
    if isinstance(v, ast.Object):
        return object_type(v, [value_type(b, is_rule) for _, b in v.items]) or ("kinds", frozenset(["object"]))
    if isinstance(v, ast.SetTerm):
        return set_type([value_type(a, is_rule) for a in v.items])
    if isinstance(v, ast.TemplateString):
        return ("scalar", "string")
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
    if not t.items or not all(isinstance(a, ast.Scalar) for a, _ in t.items):
        return None
    return object_of(tuple(a.value for a, _ in t.items), values)


def literal_object_type(key_terms, key_types, value_types) -> tuple:
    """An object literal's type: its constant keys (``key_terms`` that are
    scalars) are OPA's static keys; with a key of another term, an object
    of the keys' and values' types together (OPA's dynamic part)."""
    if not key_terms:
        return ("kinds", frozenset(["object"]))
    if all(isinstance(a, ast.Scalar) for a in key_terms):
        return object_of(tuple(a.value for a in key_terms), value_types)
    return ("objectof", union(key_types), union(value_types))


def object_of(keys: tuple, values=()) -> tuple:
    """``("object", keys, values)``: an object of these constant keys, their
    values' types aligned (the first of equal keys wins, as in OPA's
    literal); the values' types are left out unless all are known."""
    values = tuple(values)
    if len(values) != len(keys) or any(t is None for t in values):
        return ("object", keys)
    return ("object", keys, values)


def array_type(items) -> tuple:
    """An array literal's type from its items' types: OPA knows the type at
    each position (``("array", n, elem, positions)``; ``elem``: them all
    together, None unless each is known)."""
    elem = union(items)
    if any(t is not None and t not in NIL_COLLECTIONS for t in items):
        return ("array", len(items), elem, tuple(None if t in NIL_COLLECTIONS else t for t in items))
    return ("array", len(items) or None) + ((elem,) if elem is not None else ())


def position_type(otype, i: int):
    """The type at position ``i`` of an array type (its elements' type
    where the positions' are not known)."""
    if len(otype) > 3 and 0 <= i < len(otype[3]):
        return otype[3][i]
    return element_type(otype)


def set_type(items) -> tuple:
    """A set literal's type from its elements' types."""
    elem = union(items)
    return ("kinds", frozenset(["set"])) + ((elem,) if elem is not None else ())


def union(otypes) -> tuple | None:
    """OPA's ``types.Or`` of several types: None (unknown, or any) absorbs
    them all; the nil collections are no member of a union here."""
    out = []
    for t in otypes:
        if t is None or t in NIL_COLLECTIONS:
            return None
        for m in t[1] if t[0] == "union" else (t,):
            if m not in out:
                out.append(m)
    if not out:
        return None
    if len(out) == 1:
        return out[0]
    if all(m[0] == "scalar" for m in out):
        return ("kinds", frozenset(m[1] for m in out))
    return ("union", tuple(out))


def keys_type(otype) -> tuple | None:
    """OPA's ``types.Keys``: the type of the keys of a collection (an
    array's are numbers, a set's its elements); None where not known."""
    if otype is None:
        return None
    tag = otype[0]
    if tag == "array":
        return None if otype[1] == 0 else ("scalar", "number")
    if tag == "object":
        return union([("scalar", rv.type_name(k)) for k in otype[1]])
    if tag == "objectof":
        return otype[1]
    if tag == "kinds" and otype[1] == frozenset(["set"]):
        return element_type(otype)
    if tag == "union":
        return union([keys_type(m) for m in otype[1]])
    return None


def values_type(otype, key=NOTCONST) -> tuple | None:
    """OPA's type of ``x[key]`` where ``x`` has type ``otype`` (``key``: a
    constant, or NOTCONST for any): the value at a known key of an object
    literal, else ``types.Values`` (its elements' types together); None
    where not known."""
    if otype is None:
        return None
    tag = otype[0]
    if tag == "array":
        if otype[1] == 0:
            return None
        if isinstance(key, int) and not isinstance(key, bool):
            return position_type(otype, key)
        return element_type(otype)
    if tag == "object":
        if len(otype) < 3:
            return None
        if key is not NOTCONST:
            for k, t in zip(otype[1], otype[2]):
                if _same_key(k, key):
                    return t
        return union(otype[2])
    if tag == "objectof":
        return otype[2]
    if tag == "kinds" and otype[1] == frozenset(["set"]):
        return element_type(otype)
    if tag == "union":  # (OPA selects in each member that has the key)
        return union([values_type(m, key) for m in otype[1] if key is NOTCONST or not index_error(m, key)])
    return None


# the scalar results of builtins whose arguments all take anything, which
# builtin_types.py cannot probe (OPA's ast/builtins.go declares them)
ANY_ARGUMENT_RESULTS = {
    **{f"is_{k}": "boolean" for k in ("array", "boolean", "null", "number", "object", "set", "string")},
    "type_name": "string", "json.marshal": "string", "yaml.marshal": "string",
    "semver.is_valid": "boolean", "time.now_ns": "number",
}


def result_type(name: str):
    """The type of a builtin's result: an array, a scalar, else the kinds
    of value it may be (``("kinds", {"number", "set"})`` for ``minus``)."""
    decl = declaration(name)
    if decl is None:
        return ("scalar", ANY_ARGUMENT_RESULTS[name]) if name in ANY_ARGUMENT_RESULTS else None
    return declared_type(decl[-1])


def declared_type(t) -> tuple | None:
    """A declared type (``typecheck.declaration``) in this module's terms."""
    if t[0] in ("null", "boolean", "number", "string"):
        return ("scalar", t[0])
    if t[0] == "array":
        _, static, dyn = t
        elem = union([declared_type(m) for m in static + ((dyn,) if dyn is not None else ())])
        return ("array", None if dyn is not None else len(static)) + ((elem,) if elem is not None else ())
    if t[0] == "set":
        elem = declared_type(t[1])
        return ("kinds", frozenset(["set"])) + ((elem,) if elem is not None else ())
    if t[0] == "object" and not t[1] and t[2] is not None:
        return ("objectof", declared_type(t[2][0]), declared_type(t[2][1]))
    if t[0] == "any" and t[1]:
        return union([declared_type(m) for m in t[1]])
    ks = _declared_kinds(t)
    return ("kinds", ks) if ks is not None else None


def _declared_kinds(t) -> frozenset | None:
    if t[0] == "any":
        if not t[1]:
            return None
        out = frozenset()
        for m in t[1]:
            ks = _declared_kinds(m)
            if ks is None:
                return None
            out |= ks
        return out
    return frozenset([t[0]])


def kinds(otype) -> frozenset | None:
    """The kinds of value (null, boolean, number, string, array, object,
    set) a type admits; None: any."""
    if otype is None:
        return None
    tag = otype[0]
    if tag == "scalar":
        return frozenset([otype[1]])
    if tag == "kinds":
        return otype[1]
    if tag == "union":
        out = frozenset()
        for m in otype[1]:
            ks = kinds(m)
            if ks is None:
                return None
            out |= ks
        return out
    if tag in ("array", "object", "objectof", "object-nilkey", "object-nilval"):
        return frozenset(["array" if tag == "array" else "object"])
    if tag == "set-nil":
        return frozenset(["set"])
    return None


def disjoint(a, b) -> bool:
    """Whether OPA's ``unifies`` fails on two types (it rewrites ``x == y``
    into ``x = y`` first): no kind in common, or arrays of two different
    static lengths."""
    ka, kb = kinds(a), kinds(b)
    if ka is None or kb is None:
        return False
    if not ka & kb:
        return True
    if a[0] == b[0] == "array" and a[1] is not None and b[1] is not None and a[1] != b[1]:
        return True
    if a[0] == b[0] == "array" and (a[1] or b[1]):
        # (position by position, where one has static positions)
        n = a[1] or b[1]
        if any(disjoint(position_type(a, i), position_type(b, i)) for i in range(n)):
            return True
    if a[0] == b[0] == "object":
        # two objects of static keys: the same keys, values that unify
        if len(a[1]) != len(b[1]) or not all(any(_same_key(x, y) for y in b[1]) for x in a[1]):
            return True
        if len(a) > 2 and len(b) > 2:
            return any(disjoint(t, values_type(b, x)) for x, t in zip(a[1], a[2]))
    if {a[0], b[0]} == {"object", "objectof"}:
        # (OPA's unifiesObjects: each static key's value and the dynamic
        # part's have a type in common; the keys' types are not compared)
        st, dyn = (a, b) if a[0] == "object" else (b, a)
        return len(st) > 2 and any(disjoint(t, dyn[2]) for t in st[2])
    if a[0] == b[0] == "objectof":
        return disjoint(a[2], b[2])
    # two arrays, or two sets, whose elements cannot unify
    ea, eb = element_type(a), element_type(b)
    return (ka == kb == frozenset([a[0] if a[0] == "array" else "set"]) and ea is not None and eb is not None
            and disjoint(ea, eb))


def _same_key(a, b) -> bool:
    return rv.type_name(a) == rv.type_name(b) and rv.eq(a, b)


def index_error(otype, key) -> bool:
    """Whether OPA rejects ``key`` (a constant, or NOTCONST) as an index
    of ``otype``."""
    if otype is None:
        return False
    tag = otype[0]
    if tag == "union":  # (OPA selects in each member: an error if none has it)
        return all(index_error(m, key) for m in otype[1])
    if tag == "scalar":  # nothing selects in a scalar
        return True
    if otype in NIL_KEYS:
        return True
    if key is NOTCONST:
        return False
    if tag == "object":
        return not any(rv.eq(k, key) for k in otype[1])
    if tag == "objectof" or tag == "kinds" and otype[1] == frozenset(["set"]):
        # (a constant key whose kind no key of the type has)
        want = kinds(keys_type(otype))
        return want is not None and rv.type_name(key) not in want
    if tag == "kinds":
        return False
    if tag != "array":
        return otype in NIL_COLLECTIONS
    if isinstance(key, bool) or not rv.is_number(key):  # (a string, null, boolean, composite)
        return True
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
    return otype in NIL_COLLECTIONS or otype is not None and otype[0] == "scalar"


def iteration_message(otype) -> str:
    """OPA's words: an element of unknown type fails the ref (sets, object
    keys), a value of unknown type the unification with the variable."""
    if otype[0] == "scalar":
        return f"undefined ref: have: {otype[1]}"
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
    """The index of the first argument whose kinds of value (``kinds``)
    have none in common with those the builtin declares for it: OPA's
    ``unifies`` fails (``lower(0 - input)``: ``any<number, set[any]>`` is
    no string; ``object.keys(set())``)."""
    decl = declaration(name)
    if decl is None:
        return None
    for i, t in enumerate(otypes):
        if i >= len(decl) - 1:
            break
        have, want = kinds(t), _declared_kinds(decl[i])
        if have is not None and want is not None and not have & want:
            return i
    return None


def typed_elements(otype, heads, pairs=()) -> tuple:
    """``otype`` (a comprehension's) given the types of its head's values:
    an array or set comprehension whose elements OPA types (each value's
    type known) carries their type as a third member (``element_type``); an
    object comprehension whose keys and values are typed (``pairs``) is
    ``("objectof", key type, value type)``."""
    if pairs:
        kt, vt = union([a for a, _ in pairs]), union([b for _, b in pairs])
        if otype is None and (kt is not None or vt is not None):
            return ("objectof", kt, vt)
        return otype
    elem = union(heads)
    if elem is None:
        return otype
    if otype is None:
        return ("kinds", frozenset(["set"]), elem)
    if otype[0] == "array" and otype[1] is None:
        return ("array", None, elem)
    return otype


def element_type(otype) -> tuple | None:
    """The type of an array's or set's elements where known (a literal
    whose elements' types are known, a comprehension whose head's are)."""
    return otype[2] if otype is not None and otype[0] in ("array", "kinds") and len(otype) > 2 else None


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

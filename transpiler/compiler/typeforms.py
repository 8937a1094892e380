"""The forms of OPA's types as this compiler records them on values
(``Val.otype``; ``opatypes.py`` says what each form stands for and what
gives it) and the operations of OPA's type checker on them: ``union``
(``types.Or``), ``keys_type`` and ``values_type`` (``types.Keys``,
``types.Values``, ``types.Select``), ``kinds``, ``disjoint`` (``unifies``
failing), ``index_error`` (a constant key no key of the type can be), and
the declared types of builtins' results (``result_type``)."""
from __future__ import annotations

import re

from ..runtime import values as rv
from .typecheck import declaration
from .values import NOTCONST


_INT_TEXT = re.compile(r"-?[0-9]+")
NIL_COLLECTIONS = {("set-nil",), ("object-nilkey",), ("object-nilval",), ("array", 0)}
NIL_KEYS = {("set-nil",), ("object-nilkey",)}  # no ref into them type-checks
NIL_VALUES = {("object-nilval",), ("array", 0)}  # a ref into them has no type
SCALARS = frozenset(["null", "boolean", "number", "string"])


# A type of more parts than this is not followed (taken as unknown, which
# accepts everything, as OPA's ``any``): an array type holds its elements'
# type twice (together and by position), so a literal nested n deep would
# otherwise make a type of 2**n parts, hashed and compared at every step.
MAX_TYPE_PARTS = 512


def _bounded(t):
    """``t``, or None (unknown) when it has more than MAX_TYPE_PARTS parts
    (counted up to the bound: the cost is bounded too)."""
    if t is None:
        return None
    budget = MAX_TYPE_PARTS
    stack = [t]
    while stack:
        x = stack.pop()
        budget -= 1
        if budget < 0:
            return None
        if isinstance(x, (tuple, frozenset)):
            stack.extend(x)
    return t


def object_of(keys: tuple, values=()) -> tuple:
    """``("object", keys, values)``: an object of these constant keys, their
    values' types aligned (the first of equal keys wins, as in OPA's
    literal); the values' types are left out unless all are known."""
    values = tuple(_bounded(v) for v in values)
    if len(values) != len(keys) or any(t is None for t in values):
        return ("object", keys)
    return ("object", keys, values)


def array_type(items) -> tuple:
    """An array literal's type from its items' types: OPA knows the type at
    each position (``("array", n, elem, positions)``; ``elem``: them all
    together, None unless each is known)."""
    items = [_bounded(t) for t in items]
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
    elem = union([_bounded(t) for t in items])
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
        ts = list(dict.fromkeys(json_type(k) for k in otype[1]))
        if len(ts) == 1:
            return ts[0]  # (the one key ``[]``: OPA's empty array)
        # (among others, ``[]``, OPA's empty array, is a member of its own: union absorbs it)
        rest = union([t for t in ts if t != ("array", 0)])
        if ("array", 0) not in ts or rest is None:
            return rest
        return ("union", (("array", 0),) + (rest[1] if rest[0] == "union" else (rest,)))
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
        if key is not NOTCONST and not _composite(key):  # (a composite key: OPA's Values)
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
    # (the comparisons: ``p := x == 1`` is a boolean)
    **{op: "boolean" for op in ("equal", "neq", "lt", "lte", "gt", "gte")},
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
    ks = declared_kinds(t)
    return ("kinds", ks) if ks is not None else None


def declared_kinds(t) -> frozenset | None:
    if t[0] == "any":
        if not t[1]:
            return None
        out = frozenset()
        for m in t[1]:
            ks = declared_kinds(m)
            if ks is None:
                return None
            out |= ks
        return out
    return frozenset([t[0]])


def declared_disjoint(otype, decl) -> bool:
    """Whether a value of type ``otype`` cannot unify with the declared
    type ``decl`` (``typecheck.declaration``'s form): no kind in common, or
    an array's or set's elements none of whose types can be the declared
    elements' (OPA's ``unifies``: an ``any<...>`` unifies where one of its
    members does)."""
    if otype is None or decl[0] == "any" and not decl[1]:
        return False
    if decl[0] == "any":
        return all(declared_disjoint(otype, m) for m in decl[1])
    if otype[0] == "union":
        return all(declared_disjoint(m, decl) for m in otype[1])
    have, want = kinds(otype), declared_kinds(decl)
    if have is None or want is None:
        return False
    if not have & want:
        return True
    if have != want:
        return False
    if decl[0] == "array" and not decl[1] and decl[2] is not None and len(otype) > 3:
        # (position by position: any that cannot be the declared elements)
        return any(declared_disjoint(t, decl[2]) for t in otype[3])
    elem = element_type(otype)
    if elem is None:
        return False
    if decl[0] == "array":
        members = decl[1] + ((decl[2],) if decl[2] is not None else ())
        return bool(members) and all(declared_disjoint(elem, m) for m in members)
    if decl[0] == "set":
        return declared_disjoint(elem, decl[1])
    return False


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


def _composite(v) -> bool:
    return rv.type_name(v) in ("array", "object", "set")


def json_key(v):
    """A constant key as OPA keeps it among an object literal's static
    keys: a scalar as it is, a composite as its JSON (a set an array in
    OPA's order, an object's keys that are no strings their JSON text),
    kept as its ``hkey`` (a type is hashable)."""
    return rv.hkey(rv.to_json(v)) if _composite(v) else v


def json_type(v) -> tuple:
    """OPA's ``types.TypeOf`` of a static key (``json_key``): an array of
    its positions' types (the empty one: OPA's array of no position,
    ``("array", 0)``), an object of its keys."""
    v = rv.unkey(v)
    if isinstance(v, list):
        return array_type([json_type(x) for x in v]) if v else ("array", 0)
    if isinstance(v, dict):
        return object_of(tuple(json_key(k) for k in v), [json_type(x) for x in v.values()])
    return ("scalar", rv.type_name(v))


def unifies_constant(v, otype) -> bool:
    """OPA's ``unify1`` of a constant term ``v`` with a type (where the
    type is known only in part, it unifies): its kind is one of the type's;
    an array of the type's static length whose items unify with its
    positions; a set whose elements unify with the type's elements; an
    object of exactly the static keys of an object type (compared by their
    JSON), whose values unify with theirs."""
    if otype == ("array", 0):
        return v == []
    if otype is None or otype in NIL_COLLECTIONS:
        return True
    if otype[0] == "union":
        return any(unifies_constant(v, m) for m in otype[1])
    name = rv.type_name(v)
    ks = kinds(otype)
    if ks is not None and name not in ks:
        return False
    if name == "array" and otype[0] == "array":
        if otype[1] is not None and len(v) != otype[1]:
            return False
        return all(unifies_constant(x, position_type(otype, i)) for i, x in enumerate(v))
    if name == "set" and otype[0] == "kinds" and otype[1] == frozenset(["set"]):
        elem = element_type(otype)
        return elem is None or all(unifies_constant(x, elem) for x in rv.sorted_values(v))
    if name == "object" and otype[0] == "object":
        if len(v) != len(otype[1]):
            return False
        for k, x in v.items():
            k = json_key(rv.unkey(k))
            at = [i for i, s in enumerate(otype[1]) if _same_key(s, k)]
            if not at:
                return False
            if len(otype) > 2 and not unifies_constant(x, otype[2][at[0]]):
                return False
    return True


def _same_key(a, b) -> bool:
    a, b = rv.unkey(a), rv.unkey(b)
    return rv.type_name(a) == rv.type_name(b) and rv.eq(a, b)


def index_error(otype, key) -> bool:
    """Whether OPA rejects ``key`` (a constant, or NOTCONST) as an index
    of ``otype``."""
    if otype is None:
        return False
    tag = otype[0]
    if tag == "union":  # (OPA selects in each member: an error if none has it)
        return all(index_error(m, key) for m in otype[1])
    if tag == "scalar" or tag == "kinds" and otype[1] <= SCALARS:  # nothing selects in a scalar
        return True
    if otype in NIL_KEYS:
        return True
    if key is NOTCONST:
        return False
    if tag != "array" and _composite(key):
        # (OPA unifies a composite key with the type's keys, ``unify1``)
        return not unifies_constant(key, keys_type(otype))
    if tag == "object":
        return not any(_same_key(k, key) for k in otype[1])
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

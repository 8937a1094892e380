"""Objects: object.get, object.remove, object.union, object.union_n,
object.filter, object.keys, object.subset."""

from __future__ import annotations

from ..errors import EvalTypeError, type_error
from ..values import UNDEF, Set, eq, hkey, obj_key, unkey


def _object(fn: str, pos: int, x) -> dict:
    if x.__class__ is dict:
        return x
    raise type_error(fn, pos, "object", x)


def _key_collection(fn: str, x):
    """Keys given as an array, a set or an object's keys (as dict keys)."""
    c = x.__class__
    if c is list:
        return [obj_key(k) for k in x]
    if c is Set:
        return list(x.d)
    if c is dict:
        return list(x)
    raise type_error(fn, 2, "one of {object, set, array}", x)


def _child(x, k):
    """``x[k]`` for object.get's path form: objects, arrays and sets."""
    c = x.__class__
    if c is dict:
        return x.get(obj_key(k), UNDEF)
    if c is list:
        kc = k.__class__
        if kc is int or (kc is float and k.is_integer()):
            i = int(k)
            return x[i] if 0 <= i < len(x) else UNDEF
        return UNDEF
    if c is Set:
        return k if k in x else UNDEF
    return UNDEF


def get(obj, key, default):
    _object("object.get", 1, obj)
    if key.__class__ is list:
        v = obj
        for k in key:
            v = _child(v, k)
            if v is UNDEF:
                return default
        return v
    return obj.get(obj_key(key), default)


def remove(obj, keys):
    _object("object.remove", 1, obj)
    drop = set(_key_collection("object.remove", keys))
    return {k: v for k, v in obj.items() if k not in drop}


def filter_(obj, keys):
    _object("object.filter", 1, obj)
    keep = _key_collection("object.filter", keys)
    out = {}
    for k in keep:
        v = obj.get(k, UNDEF)
        if v is not UNDEF:
            out[k] = v
    return out


def _merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, bv in b.items():
        av = out.get(k, UNDEF)
        if av.__class__ is dict and bv.__class__ is dict:
            out[k] = _merge(av, bv)
        else:
            out[k] = bv
    return out


def union(a, b):
    return _merge(_object("object.union", 1, a), _object("object.union", 2, b))


def union_n(objs):
    if objs.__class__ is not list:
        raise type_error("object.union_n", 1, "array", objs)
    out: dict = {}
    for o in objs:
        if o.__class__ is not dict:
            raise EvalTypeError(
                f"object.union_n: operand 1 must be array of objects but got array containing {_tn(o)}"
            )
        out = _merge(out, o)
    return out


def _tn(v) -> str:
    from ..values import type_name

    return type_name(v)


def keys(obj):
    _object("object.keys", 1, obj)
    return Set.from_keys({k: unkey(k) for k in obj})


def _array_subset(sup: list, sub: list) -> bool:
    """``sub`` is a contiguous run of ``sup``."""
    n, m = len(sup), len(sub)
    if m == 0:
        return True
    for i in range(n - m + 1):
        if all(eq(sup[i + j], sub[j]) for j in range(m)):
            return True
    return False


def _subset(sup, sub) -> bool:
    cs, cb = sup.__class__, sub.__class__
    if cs is dict and cb is dict:
        for k, v in sub.items():
            sv = sup.get(k, UNDEF)
            if sv is UNDEF:
                return False
            if not _value_subset(sv, v):
                return False
        return True
    if cs is Set and cb is Set:
        return sub.issubset(sup)
    if cs is list and cb is list:
        return _array_subset(sup, sub)
    if cs is list and cb is Set:
        keys_ = {hkey(x) for x in sup}
        return all(k in keys_ for k in sub.d)
    raise EvalTypeError(
        "object.subset: both arguments object.subset must be of the same type or array and set"
    )


def _value_subset(sv, v) -> bool:
    cs, cb = sv.__class__, v.__class__
    if (cs is dict and cb is dict) or (cs is Set and cb is Set) or (cs is list and cb is list):
        return _subset(sv, v)
    return eq(sv, v)


def subset(sup, sub):
    return _subset(sup, sub)


FUNCTIONS = {
    "object.get": (get, 3),
    "object.remove": (remove, 2),
    "object.union": (union, 2),
    "object.union_n": (union_n, 1),
    "object.filter": (filter_, 2),
    "object.keys": (keys, 1),
    "object.subset": (subset, 2),
}

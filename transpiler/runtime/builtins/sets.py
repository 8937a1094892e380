"""Sets: intersection and union of a set of sets; the operators ``&`` (and) and ``|`` (or)."""

from __future__ import annotations

from ..errors import type_error
from ..values import Set


def _sets(fn: str, x) -> list:
    if x.__class__ is not Set:
        raise type_error(fn, 1, "set", x)
    out = list(x)
    for s in out:
        if s.__class__ is not Set:
            raise type_error(fn, 1, "set", s)
    return out


def intersection(x):
    sets = _sets("intersection", x)
    if not sets:
        return Set()
    sets.sort(key=len)
    acc = sets[0]
    for s in sets[1:]:
        acc = acc.intersection(s)
    return acc.copy() if acc is sets[0] else acc


def union(x):
    d = {}
    for s in _sets("union", x):
        d.update(s.d)
    return Set.from_keys(d)


def and_(a, b):
    """``a & b``."""
    if a.__class__ is not Set:
        raise type_error("and", 1, "set", a)
    if b.__class__ is not Set:
        raise type_error("and", 2, "set", b)
    return a.intersection(b)


def or_(a, b):
    """``a | b``."""
    if a.__class__ is not Set:
        raise type_error("or", 1, "set", a)
    if b.__class__ is not Set:
        raise type_error("or", 2, "set", b)
    return a.union(b)


def set_diff(a, b):
    """Deprecated (v0 only): ``a - b`` on sets."""
    if a.__class__ is not Set:
        raise type_error("set_diff", 1, "set", a)
    if b.__class__ is not Set:
        raise type_error("set_diff", 2, "set", b)
    return a.difference(b)


FUNCTIONS = {
    "set_diff": (set_diff, 2),
    "and": (and_, 2),
    "or": (or_, 2),
    "intersection": (intersection, 1),
    "union": (union, 1),
}

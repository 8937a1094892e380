"""Arrays: array.concat, array.slice, array.reverse, array.flatten."""

from __future__ import annotations

from ..errors import type_error
from .strings import check_int


def _array(fn: str, pos: int, x) -> list:
    if x.__class__ is list:
        return x
    raise type_error(fn, pos, "array", x)


def concat(a, b):
    return _array("array.concat", 1, a) + _array("array.concat", 2, b)


def slice_(a, start, stop):
    arr = _array("array.slice", 1, a)
    i = check_int("array.slice", 2, start)
    j = check_int("array.slice", 3, stop)
    n = len(arr)
    i = max(i, 0)
    j = min(j, n)
    if i >= j:
        return []
    return arr[i:j]


def reverse(a):
    return _array("array.reverse", 1, a)[::-1]


def flatten(a):
    out = []
    for v in _array("array.flatten", 1, a):
        if v.__class__ is list:
            out.extend(v)
        else:
            out.append(v)
    return out


FUNCTIONS = {
    "array.concat": (concat, 2),
    "array.slice": (slice_, 3),
    "array.reverse": (reverse, 1),
    "array.flatten": (flatten, 1),
}

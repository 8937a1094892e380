"""Aggregates: count, sum, product, max, min, sort, all, any."""

from __future__ import annotations

from ..errors import EvalTypeError, type_error
from ..values import UNDEF, Num, Set, sort_key, sorted_values, type_name
from .numbers import product_of, sum_of


def count(x):
    c = x.__class__
    if c is list or c is dict or c is str or c is Set:
        return len(x)
    raise type_error("count", 1, "one of {array, object, set, string}", x)


def _numbers(fn: str, x):
    c = x.__class__
    if c is list:
        items, kind = x, "array"
    elif c is Set:
        items, kind = list(x), "set"
    else:
        raise type_error(fn, 1, "one of {set, array}", x)
    for v in items:
        vc = v.__class__
        if vc is not int and vc is not float and vc is not Num:
            raise EvalTypeError(
                f"{fn}: operand 1 must be {kind} of numbers but got {kind} containing {type_name(v)}"
            )
    return items


def sum_(x):
    return sum_of(_numbers("sum", x))


def product(x):
    return product_of(_numbers("product", x))


def _collection(fn: str, x):
    c = x.__class__
    if c is list:
        return x
    if c is Set:
        return list(x)
    raise type_error(fn, 1, "one of {set, array}", x)


def max_(x):
    """The greatest element; of equal ones, the last (as OPA)."""
    items = _collection("max", x)
    if not items:
        return UNDEF
    best = items[0]
    key = sort_key(best)
    for v in items[1:]:
        k = sort_key(v)
        if k >= key:
            best, key = v, k
    return best


def min_(x):
    """The least element; of equal ones, the last (as OPA)."""
    items = _collection("min", x)
    if not items:
        return UNDEF
    best = items[0]
    key = sort_key(best)
    for v in items[1:]:
        k = sort_key(v)
        if k <= key:
            best, key = v, k
    return best


def sort(x):
    return sorted_values(_collection("sort", x))


def _array_or_set(fn: str, x):
    c = x.__class__
    if c is list:
        return x
    if c is Set:
        return list(x)
    raise type_error(fn, 1, "one of {array, set}", x)


def all_(x):
    return all(v is True for v in _array_or_set("all", x))


def any_(x):
    return any(v is True for v in _array_or_set("any", x))


FUNCTIONS = {
    "count": (count, 1),
    "sum": (sum_, 1),
    "product": (product, 1),
    "max": (max_, 1),
    "min": (min_, 1),
    "sort": (sort, 1),
    "all": (all_, 1),
    "any": (any_, 1),
}

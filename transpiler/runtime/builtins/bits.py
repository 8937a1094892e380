"""Bits: bits.and, bits.or, bits.xor, bits.negate, bits.lsh, bits.rsh (arbitrary-precision integers)."""

from __future__ import annotations

from ..errors import EvalTypeError, type_error
from ..values import Num
from .numbers import as_int


def _int(fn: str, pos: int, v) -> int:
    c = v.__class__
    if c is int:
        return v
    if c is Num or c is float:
        i = as_int(v)  # from the number's text (1e+30 is 10**30)
        if i is not None:
            return i
        raise EvalTypeError(f"{fn}: operand {pos} must be integer number but got floating-point number")
    raise type_error(fn, pos, "integer", v)


def _shift(fn: str, v) -> int:
    n = _int(fn, 2, v)
    if n < 0:
        raise EvalTypeError(f"{fn}: operand 2 must be an unsigned integer number but got a negative integer")
    return n


def bits_and(a, b):
    return _int("bits.and", 1, a) & _int("bits.and", 2, b)


def bits_or(a, b):
    return _int("bits.or", 1, a) | _int("bits.or", 2, b)


def bits_xor(a, b):
    return _int("bits.xor", 1, a) ^ _int("bits.xor", 2, b)


def bits_negate(a):
    return ~_int("bits.negate", 1, a)


def bits_lsh(a, b):
    x = _int("bits.lsh", 1, a)
    return x << _shift("bits.lsh", b)


def bits_rsh(a, b):
    x = _int("bits.rsh", 1, a)
    return x >> _shift("bits.rsh", b)


FUNCTIONS = {
    "bits.and": (bits_and, 2),
    "bits.or": (bits_or, 2),
    "bits.xor": (bits_xor, 2),
    "bits.negate": (bits_negate, 1),
    "bits.lsh": (bits_lsh, 2),
    "bits.rsh": (bits_rsh, 2),
}

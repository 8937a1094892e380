"""Numbers: the arithmetic operators, abs, ceil, floor, round, numbers.range.

OPA adds, subtracts and multiplies integers exactly. Anything else (a float
operand, any division) is done in Go ``big.Float`` with a 64-bit mantissa:
each operand is read from its decimal text rounded to 64 bits, the result is
rounded to 64 bits, and printed as the shortest decimal that reads back as
the same 64-bit value. So ``0.1 + 0.2 == 0.3`` and ``4 / 2`` is the integer
``2``. Results here: an ``int`` when the 64-bit result is integral, else the
nearest ``float``.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import BuiltinError, EvalTypeError, type_error
from ..values import Set

_BIG = 1 << 64


def _num(fn: str, pos: int, v):
    c = v.__class__
    if c is int or c is float:
        return v
    raise type_error(fn, pos, "number", v)


def _round64(q: Fraction) -> Fraction:
    """``q`` rounded to a 64-bit mantissa, half to even (Go big.Float's default)."""
    n = q.numerator
    if n == 0:
        return q
    d = q.denominator
    neg = n < 0
    if neg:
        n = -n
    e = n.bit_length() - d.bit_length() - 64
    num, den = (n, d << e) if e >= 0 else (n << -e, d)
    while num >= den << 64:
        e += 1
        den <<= 1
    while num < den << 63:
        e -= 1
        num <<= 1
    m, r = divmod(num, den)
    r2 = 2 * r
    if r2 > den or (r2 == den and m & 1):
        m += 1
    out = Fraction(m << e) if e >= 0 else Fraction(m, 1 << -e)
    return -out if neg else out


def to_big(v) -> Fraction:
    """A number as OPA's big.Float reads it: its decimal text rounded to 64 bits."""
    if v.__class__ is int:
        if -_BIG < v < _BIG:
            return Fraction(v)
        return _round64(Fraction(v))
    return _round64(Fraction(repr(v)))


def _digits(n: int, e: int) -> tuple[str, int]:
    """Decimal digits and point position of n * 2**e (n > 0): value = 0.DIGITS * 10**dp."""
    if e >= 0:
        t = str(n << e)
        return t, len(t)
    t = str(n * 5 ** (-e))
    return t, len(t) + e


def _shortest(q: Fraction) -> tuple[str, int]:
    """Go big.Float's shortest decimal (Text with precision -1) of the 64-bit
    value ``q`` > 0, as digits and point position."""
    n, d = q.numerator, q.denominator
    e = 0
    while d > 1:  # d is a power of two
        d >>= 1
        e -= 1
    shift = n.bit_length() - 64
    m, e = (n >> shift, e + shift) if shift > 0 else (n << -shift, e + shift)
    digits, dp = _digits(m, e)
    digits = digits.rstrip("0") or "0"
    lo, lo_dp = _digits(2 * m - 1, e - 1)
    hi, hi_dp = _digits(2 * m + 1, e - 1)
    # align the bounds on the point of the value
    lo = "0" * (dp - lo_dp) + lo if lo_dp < dp else lo
    hi = "0" * (dp - hi_dp) + hi if hi_dp < dp else hi
    inclusive = m % 2 == 0
    for i, ch in enumerate(digits):
        l = lo[i] if i < len(lo) else "0"
        u = hi[i] if i < len(hi) else "0"
        okdown = l != ch or (inclusive and i + 1 == len(lo.rstrip("0") or "0"))
        okup = ch != u and (inclusive or int(ch) + 1 < int(u) or i + 1 < len(hi.rstrip("0") or "0"))
        if okdown and okup:
            up = i + 1 < len(digits) and (
                digits[i + 1] > "5"
                or (digits[i + 1] == "5" and (i + 2 < len(digits) or int(digits[i]) % 2 == 1))
            )
            return _round_at(digits, dp, i + 1, up)
        if okdown:
            return _round_at(digits, dp, i + 1, False)
        if okup:
            return _round_at(digits, dp, i + 1, True)
    return digits, dp


def _round_at(digits: str, dp: int, n: int, up: bool) -> tuple[str, int]:
    head = digits[:n]
    if not up:
        return head, dp
    v = str(int(head) + 1)
    if len(v) > len(head):
        dp += 1
    return v, dp


def _shortest_int(q: Fraction) -> int:
    neg = q < 0
    digits, dp = _shortest(-q if neg else q)
    v = int(digits) * 10 ** (dp - len(digits)) if dp >= len(digits) else int(Fraction(int(digits), 10 ** (len(digits) - dp)))
    return -v if neg else v


def from_big(q: Fraction):
    """A 64-bit big.Float result as a Rego number (int when integral)."""
    if q.denominator == 1:
        n = q.numerator
        if -_BIG < n < _BIG:
            return n
        return _shortest_int(q)
    return q.numerator / q.denominator


# -- operators ---------------------------------------------------------------


def _as_int(v):
    """The integer OPA computes with when ``v`` is integral (``1e21`` is one,
    read exactly from its decimal text), else None."""
    if v.__class__ is int:
        return v
    if v.is_integer():
        return int(Fraction(repr(v)))
    return None


def _exact(a, b):
    """Both operands as integers when both are integral (OPA then computes exactly)."""
    x = _as_int(a)
    if x is None:
        return None
    y = _as_int(b)
    if y is None:
        return None
    return x, y


def plus(a, b):
    ca = a.__class__
    cb = b.__class__
    if ca is int and cb is int:
        return a + b
    _num("plus", 1, a)
    _num("plus", 2, b)
    ints = _exact(a, b)
    if ints is not None:
        return ints[0] + ints[1]
    return from_big(_round64(to_big(a) + to_big(b)))


def minus(a, b):
    ca = a.__class__
    cb = b.__class__
    if ca is int and cb is int:
        return a - b
    if ca is Set:
        if cb is Set:
            return a.difference(b)
        raise type_error("minus", 2, "set", b)
    if ca is not int and ca is not float:
        raise type_error("minus", 1, "one of {number, set}", a)
    _num("minus", 2, b)
    ints = _exact(a, b)
    if ints is not None:
        return ints[0] - ints[1]
    return from_big(_round64(to_big(a) - to_big(b)))


def mul(a, b):
    ca = a.__class__
    cb = b.__class__
    if ca is int and cb is int:
        return a * b
    _num("mul", 1, a)
    _num("mul", 2, b)
    ints = _exact(a, b)
    if ints is not None:
        return ints[0] * ints[1]
    return from_big(_round64(to_big(a) * to_big(b)))


def div(a, b):
    _num("div", 1, a)
    _num("div", 2, b)
    if b == 0:
        raise BuiltinError("div: divide by zero")
    return from_big(_round64(to_big(a) / to_big(b)))


def _int_operand(v):
    """The integer of ``v`` when OPA takes it as one (``2`` and ``2.0``), else None."""
    if v.__class__ is int:
        return v
    if v.__class__ is float and v.is_integer():
        return int(v)
    return None


def rem(a, b):
    if a.__class__ is int and b.__class__ is int and b != 0:
        r = abs(a) % abs(b)
        return -r if a < 0 else r
    _num("rem", 1, a)
    _num("rem", 2, b)
    x = _int_operand(a)
    y = _int_operand(b)
    if x is None or y is None:
        raise BuiltinError("rem: modulo on floating-point number")
    if y == 0:
        raise BuiltinError("rem: modulo by zero")
    r = abs(x) % abs(y)
    return -r if x < 0 else r


def neg(a):
    """Unary minus (not an OPA builtin name; used for ``-x``)."""
    if a.__class__ is int:
        return -a
    _num("minus", 2, a)
    return from_big(-to_big(a))


# -- rounding ---------------------------------------------------------------------


def _trunc(q: Fraction) -> int:
    n, d = q.numerator, q.denominator
    return n // d if n >= 0 else -((-n) // d)


def abs_(a):
    if a.__class__ is int and -_BIG < a < _BIG:
        return a if a >= 0 else -a
    _num("abs", 1, a)
    return from_big(abs(to_big(a)))


def ceil(a):
    if a.__class__ is int:
        return a
    _num("ceil", 1, a)
    q = to_big(a)
    t = _trunc(q)
    # OPA rounds -1 < x < 0 up to 1 (it steps up from the truncation when that is >= 0)
    if q.denominator != 1 and t >= 0:
        t += 1
    return t


def floor(a):
    if a.__class__ is int:
        return a
    _num("floor", 1, a)
    q = to_big(a)
    t = _trunc(q)
    # OPA floors -1 < x < 0 to 0 (it steps down from the truncation only when that is < 0)
    if q.denominator != 1 and t < 0:
        t -= 1
    return t


def round_(a):
    if a.__class__ is int:
        return a
    _num("round", 1, a)
    q = to_big(a)
    m = abs(q)
    t = _trunc(m)
    if m - t >= Fraction(1, 2):
        t += 1
    return -t if q < 0 else t


# -- ranges -----------------------------------------------------------------------


def _integer(fn: str, pos: int, v) -> int:
    c = v.__class__
    if c is int:
        return v
    if c is float:
        if v.is_integer():
            return int(v)
        raise EvalTypeError(f"{fn}: operand {pos} must be integer number but got floating-point number")
    raise type_error(fn, pos, "integer", v)


def numbers_range(a, b):
    x = _integer("numbers.range", 1, a)
    y = _integer("numbers.range", 2, b)
    if x <= y:
        return list(range(x, y + 1))
    return list(range(x, y - 1, -1))


def numbers_range_step(a, b, step):
    x = _integer("numbers.range_step", 1, a)
    y = _integer("numbers.range_step", 2, b)
    s = _integer("numbers.range_step", 3, step)
    if s <= 0:
        raise BuiltinError("numbers.range_step: numbers.range_step: step must be a positive integer")
    if x <= y:
        return list(range(x, y + 1, s))
    return list(range(x, y - 1, -s))


FUNCTIONS = {
    "plus": (plus, 2),
    "minus": (minus, 2),
    "mul": (mul, 2),
    "div": (div, 2),
    "rem": (rem, 2),
    "abs": (abs_, 1),
    "ceil": (ceil, 1),
    "floor": (floor, 1),
    "round": (round_, 1),
    "numbers.range": (numbers_range, 2),
    "numbers.range_step": (numbers_range_step, 3),
}

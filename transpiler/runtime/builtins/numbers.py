"""Numbers: the arithmetic operators, abs, ceil, floor, round, numbers.range.

How OPA computes, and so how this module does:
- ``plus``, ``minus``, ``mul`` on two integral operands (``2``, and also
  ``2.0`` or ``1e21``) are exact integer arithmetic.
- Anything else (a fractional operand, any ``div``) is Go ``big.Float`` with
  a 64-bit mantissa: each operand is read from its decimal text rounded to
  64 bits, the result is rounded to 64 bits and printed as the shortest
  decimal that reads back as the same 64-bit value. So ``0.1 + 0.2 == 0.3``,
  ``1 / 3`` prints as ``0.33333333333333333334`` (a float here) and
  ``4 / 2`` is the integer ``2``.
- Results are an ``int`` when the 64-bit result is integral, else OPA's text
  of it (big.Float's shortest ``%g``): a float when that text is the
  float's repr, else a ``Num`` keeping the text, so the next operation reads
  the same 64 bits as OPA (``1 / 3 * 3`` is 1). A zero product or quotient
  keeps its sign (``0 * -2.5`` is ``-0``).
- A ``Num`` operand (``2.50``, ``1e400``) is read from its exact value;
  integral ones compute exactly. Powers of ten beyond ``MAX_EXPONENT`` are
  refused (a literal at transpile time, else a builtin error).
- ``abs``, ``floor``, ``ceil``, ``round`` go through the 64-bit float too,
  even for integers beyond 64 bits; ``round`` is half away from zero
  (computed as x + 0.5 then truncated); ``ceil`` of -1 < x < 0 is 1 and
  ``floor`` of it is 0 in OPA 1.20 (kept as OPA does).
"""

from __future__ import annotations

import math
from fractions import Fraction

from ..errors import BuiltinError, EvalTypeError, RegoRuntimeError, type_error
from ..values import Num, Set, number_of_text

_BIG = 1 << 64
_EXACT = 2.0**53  # below, a float's binary value is the value of its text


def _num(fn: str, pos: int, v):
    c = v.__class__
    if c is int or c is float or c is Num:
        return v
    raise type_error(fn, pos, "number", v)


# A big.Float of 64-bit precision is a pair (m, e), value m * 2**e, with
# |m| of exactly 64 bits (or (0, 0)); equal values have equal pairs.

_ZERO = (0, 0)
_HALF = (1 << 63, -64)


def _rnd(n: int, e: int, prec: int = 64) -> tuple[int, int]:
    """n * 2**e rounded to ``prec`` bits, half to even (Go big.Float's default)."""
    if n == 0:
        return _ZERO
    neg = n < 0
    a = -n if neg else n
    b = a.bit_length()
    if b <= prec:
        a <<= prec - b
        e -= prec - b
    else:
        s = b - prec
        q = a >> s
        r = a & ((1 << s) - 1)
        half = 1 << (s - 1)
        if r > half or (r == half and q & 1):
            q += 1
            if q >> prec:
                q >>= 1
                s += 1
        a = q
        e += s
    return (-a if neg else a, e)


def _rnd_ratio(num: int, den: int, e: int, neg: bool) -> tuple[int, int]:
    """(num / den) * 2**e rounded to 64 bits (num, den > 0)."""
    sh = 65 - num.bit_length() + den.bit_length()
    if sh >= 0:
        q, r = divmod(num << sh, den)
    else:
        q, r = divmod(num, den << -sh)
    e -= sh
    extra = q.bit_length() - 64
    low = q & ((1 << extra) - 1)
    q >>= extra
    e += extra
    half = 1 << (extra - 1)
    if low > half or (low == half and (r or q & 1)):
        q += 1
        if q >> 64:
            q >>= 1
            e += 1
    return (-q if neg else q, e)


def _from_decimal(text: str) -> tuple[int, int]:
    """A decimal number's text (Python float repr form) read as a 64-bit big.Float."""
    mant, _, ex = text.partition("e")
    k = int(ex) if ex else 0
    ip, _, fp = mant.partition(".")
    d = int(ip + fp)
    k -= len(fp)
    if k >= 0:
        return _rnd(d * 10**k, 0)
    if d == 0:
        return _ZERO
    return _rnd_ratio(-d if d < 0 else d, 10**-k, 0, d < 0)


_FLOAT_CACHE: dict = {}


# A Num's power of ten beyond which arithmetic is refused (OPA's big.Float
# goes further; the exact integers here would not end).
MAX_EXPONENT = 100_000


def _from_dec(d) -> tuple[int, int]:
    """An exact Decimal rounded to a 64-bit big.Float."""
    sign, digits, k = d.as_tuple()
    n = int("".join(map(str, digits)) or "0")
    if n == 0:
        return _ZERO
    if abs(k) > MAX_EXPONENT:
        raise BuiltinError(f"number too large or too small for arithmetic: {d}")
    if k >= 0:
        return _rnd(-n * 10**k if sign else n * 10**k, 0)
    return _rnd_ratio(n, 10**-k, 0, bool(sign))


def to_big(v) -> tuple[int, int]:
    """A number as OPA's big.Float reads it: its decimal text rounded to 64 bits."""
    if v.__class__ is int:
        return _rnd(v, 0)
    if v.__class__ is Num:
        return _from_dec(v.d)
    b = _FLOAT_CACHE.get(v)
    if b is None:
        b = _from_decimal(repr(v))
        if len(_FLOAT_CACHE) < 4096:
            _FLOAT_CACHE[v] = b
    return b


def _add(x, y):
    m1, e1 = x
    m2, e2 = y
    if m1 == 0:
        return y
    if m2 == 0:
        return x
    e = e1 if e1 < e2 else e2
    return _rnd((m1 << (e1 - e)) + (m2 << (e2 - e)), e)


def _mul(x, y):
    return _rnd(x[0] * y[0], x[1] + y[1])


def _div(x, y):
    m1, e1 = x
    m2, e2 = y
    if m1 == 0:
        return _ZERO
    return _rnd_ratio(abs(m1), abs(m2), e1 - e2, (m1 < 0) != (m2 < 0))


def _neg(x):
    return (-x[0], x[1])


def _digits(n: int, e: int) -> tuple[str, int]:
    """Decimal digits and point position of n * 2**e (n > 0): value = 0.DIGITS * 10**dp."""
    if e >= 0:
        t = str(n << e)
        return t, len(t)
    t = str(n * 5 ** (-e))
    return t, len(t) + e


def _shortest(m: int, e: int) -> tuple[str, int]:
    """Go big.Float's shortest decimal (Text with precision -1) of m * 2**e
    (m > 0 of 64 bits), as digits and point position (value = 0.DIGITS * 10**dp)."""
    digits, dp = _digits(m, e)
    digits = digits.rstrip("0") or "0"
    lo, lo_dp = _digits(2 * m - 1, e - 1)
    hi, hi_dp = _digits(2 * m + 1, e - 1)
    # align the bounds on the point of the value
    if lo_dp < dp:
        lo = "0" * (dp - lo_dp) + lo
    if hi_dp < dp:
        hi = "0" * (dp - hi_dp) + hi
    lo_len = len(lo.rstrip("0") or "0")
    hi_len = len(hi.rstrip("0") or "0")
    inclusive = m % 2 == 0
    nlo, nhi = len(lo), len(hi)
    for i, ch in enumerate(digits):
        l = lo[i] if i < nlo else "0"
        u = hi[i] if i < nhi else "0"
        okdown = l != ch or (inclusive and i + 1 == lo_len)
        okup = ch != u and (inclusive or int(ch) + 1 < int(u) or i + 1 < hi_len)
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


def from_big(x, prec: int = 64):
    """A big.Float result of ``prec`` bits (64, or ``product``'s 53) as a
    Rego number: an int when integral (OPA prints it without a fraction; from
    2**prec on, the shortest digits at that precision), else the float its
    shortest text reads as."""
    m, e = x
    if m == 0:
        return 0
    if e >= 0:
        n = m << e
        if -(1 << prec) < n < (1 << prec):
            return n
        neg = n < 0
        digits, dp = _shortest(-m if neg else m, e)
        v = int(digits) * 10 ** (dp - len(digits))
        return -v if neg else v
    neg = m < 0
    a = -m if neg else m
    if not a & ((1 << -e) - 1):
        n = a >> -e
        return -n if neg else n
    # the shortest double text of the value is OPA's digits whenever it
    # reads back as the same 64-bit value (at most one decimal of <= 18
    # digits can); below 1e6 OPA writes them as repr does
    try:
        f = math.ldexp(a, e)
    except OverflowError:  # pragma: no cover - not reachable for e < 0
        f = math.inf
    if f != 0.0 and not math.isinf(f) and f < 1e6 and _from_decimal(repr(f)) == (a, e):
        return -f if neg else f
    digits, dp = _shortest(a, e)
    # a float when its repr is OPA's text, else a Num of that text
    return number_of_text(_g_text(neg, digits, dp))


def _g_text(neg: bool, digits: str, dp: int) -> str:
    """Go big.Float's Text('g', -1) of 0.DIGITS * 10**dp (shortest digits):
    %e form below 1e-4 and from 1e6 on, else positional."""
    sign = "-" if neg else ""
    exp = dp - 1
    if exp < -4 or exp >= 6:
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if dp <= 0:
        return f"{sign}0.{'0' * -dp}{digits}"
    if dp >= len(digits):
        return sign + digits + "0" * (dp - len(digits))
    return f"{sign}{digits[:dp]}.{digits[dp:]}"


def trunc_big(x) -> int:
    m, e = x
    if e >= 0:
        return m << e
    return m >> -e if m >= 0 else -((-m) >> -e)


def is_int_big(x) -> bool:
    m, e = x
    return e >= 0 or not (abs(m) & ((1 << -e) - 1))


def as_int(v):
    """The integer OPA computes with when ``v`` is integral (``1e21`` is one,
    read exactly from its decimal text), else None."""
    if v.__class__ is int:
        return v
    if v.__class__ is Num:
        d = v.d
        if d == d.to_integral_value():
            if d.adjusted() > MAX_EXPONENT:
                raise BuiltinError(f"number too large for arithmetic: {v.text}")
            return int(d)
        return None
    if v.is_integer():
        return int(Fraction(repr(v)))
    return None


def _exact(a, b):
    """Both operands as integers when both are integral (OPA then computes exactly)."""
    x = as_int(a)
    if x is None:
        return None
    y = as_int(b)
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
    return from_big(_add(to_big(a), to_big(b)))


def minus(a, b):
    ca = a.__class__
    cb = b.__class__
    if ca is int and cb is int:
        return a - b
    if ca is Set:
        if cb is Set:
            return a.difference(b)
        raise type_error("minus", 2, "set", b)
    if ca is not int and ca is not float and ca is not Num:
        raise type_error("minus", 1, "one of {number, set}", a)
    _num("minus", 2, b)
    ints = _exact(a, b)
    if ints is not None:
        return ints[0] - ints[1]
    return from_big(_add(to_big(a), _neg(to_big(b))))


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
    return _signed_zero(from_big(_mul(to_big(a), to_big(b))), a, b)


def div(a, b):
    _num("div", 1, a)
    _num("div", 2, b)
    if b == 0:
        raise BuiltinError("div: divide by zero")
    return _signed_zero(from_big(_div(to_big(a), to_big(b))), a, b)


def _negative(v) -> bool:
    c = v.__class__
    if c is Num:
        return v.d.is_signed()
    return math.copysign(1, v) < 0


_MINUS_ZERO = Num("-0")


def _signed_zero(r, a, b):
    """big.Float keeps the sign of a zero product or quotient: OPA prints
    ``0 * -2.5`` as ``-0``."""
    if r == 0 and _negative(a) != _negative(b):
        return _MINUS_ZERO
    return r


def sum_of(items: list):
    """``sum`` of numbers as OPA computes it: exact when every operand is
    integral, else one 64-bit big.Float accumulated from 0 (an integer
    beyond 64 bits is rounded even when an earlier operand is the fraction)."""
    ints = [as_int(v) for v in items]
    if None not in ints:
        total = 0
        for i in ints:
            total += i
        return total
    acc = _ZERO
    for v in items:
        acc = _add(acc, to_big(v))
    return from_big(acc)


def product_of(items: list):
    """``product`` of numbers as OPA computes it: exact when every operand is
    integral, else in a big.Float of 53 bits (``big.NewFloat(1)``, multiplied
    in place) by each operand read at 64 bits, so ``product([0.1, 3])`` is
    ``0.30000000000000004`` where ``0.1 * 3`` is ``0.3``."""
    ints = [as_int(v) for v in items]
    if None not in ints:
        total = 1
        for i in ints:
            total *= i
        return total
    m, e = 1 << 52, -52
    negative = False
    for v in items:
        x = to_big(v)
        negative ^= _negative(v)
        if m:
            m, e = _rnd(m * x[0], e + x[1], 53)
    if m == 0:
        return _MINUS_ZERO if negative else 0
    return from_big((m, e), 53)


def _int_operand(v):
    """The integer of ``v`` when OPA takes it as one (``2`` and ``2.0``), else None."""
    if v.__class__ is int:
        return v
    if v.__class__ is float and v.is_integer():
        # a float is its decimal text: 1e+30 is 10**30, not the binary value
        return int(v) if -_EXACT < v < _EXACT else as_int(v)
    if v.__class__ is Num:
        return as_int(v)
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
    """Unary minus ``-x``: OPA evaluates it as ``minus(0, x)`` (so its errors
    name ``minus`` and operand 2). Not a builtin a policy can call by name."""
    if a.__class__ is int:
        return -a
    return minus(0, a)


# -- rounding ---------------------------------------------------------------------


def abs_(a):
    if a.__class__ is int and -_BIG < a < _BIG:
        return a if a >= 0 else -a
    _num("abs", 1, a)
    m, e = to_big(a)
    return from_big((abs(m), e))


def ceil(a):
    if a.__class__ is int:
        # big integers go through a 64-bit big.Float in OPA
        return a if -_BIG < a < _BIG else trunc_big(to_big(a))
    _num("ceil", 1, a)
    x = to_big(a)
    t = trunc_big(x)
    # OPA rounds -1 < x < 0 up to 1 (it steps up from the truncation when that is >= 0)
    if not is_int_big(x) and t >= 0:
        t += 1
    return t


def floor(a):
    if a.__class__ is int:
        return a if -_BIG < a < _BIG else trunc_big(to_big(a))
    _num("floor", 1, a)
    x = to_big(a)
    t = trunc_big(x)
    # OPA floors -1 < x < 0 to 0 (it steps down from the truncation only when that is < 0)
    if not is_int_big(x) and t < 0:
        t -= 1
    return t


def round_(a):
    """Half away from zero, as OPA computes it: x + 0.5 (or x - 0.5) rounded
    to 64 bits, then truncated."""
    if a.__class__ is int and -(1 << 63) < a < (1 << 63):
        return a
    _num("round", 1, a)
    x = to_big(a)
    return trunc_big(_add(x, _HALF) if x[0] >= 0 else _add(x, _neg(_HALF)))


# -- ranges -----------------------------------------------------------------------


def _integer(fn: str, pos: int, v) -> int:
    c = v.__class__
    if c is int:
        return v
    if c is Num:
        i = as_int(v)
        if i is None:
            raise EvalTypeError(f"{fn}: operand {pos} must be integer number but got floating-point number")
        return i
    if c is float:
        if v.is_integer():
            return as_int(v)
        raise EvalTypeError(f"{fn}: operand {pos} must be integer number but got floating-point number")
    raise type_error(fn, pos, "integer", v)


# OPA builds any range it is asked for (numbers.range(0, 1e300) runs until
# memory is gone); a longer range is an error here, never a crash or undefined
MAX_RANGE = 10_000_000


def _range(fn: str, x: int, y: int, step: int) -> list:
    if abs(y - x) // step >= MAX_RANGE:
        raise RegoRuntimeError(f"{fn}: a range of more than {MAX_RANGE} numbers ({x} to {y})")
    if x <= y:
        return list(range(x, y + 1, step))
    return list(range(x, y - 1, -step))


def numbers_range(a, b):
    x = _integer("numbers.range", 1, a)
    y = _integer("numbers.range", 2, b)
    return _range("numbers.range", x, y, 1)


def numbers_range_step(a, b, step):
    x = _integer("numbers.range_step", 1, a)
    y = _integer("numbers.range_step", 2, b)
    s = _integer("numbers.range_step", 3, step)
    if s <= 0:
        raise BuiltinError("numbers.range_step: numbers.range_step: step must be a positive integer")
    return _range("numbers.range_step", x, y, s)


FUNCTIONS = {
    "plus": (plus, 2),
    "minus": (minus, 2),
    "mul": (mul, 2),
    "div": (div, 2),
    "rem": (rem, 2),
    "neg": (neg, 1),  # the parser's name for unary minus on a non-literal
    "abs": (abs_, 1),
    "ceil": (ceil, 1),
    "floor": (floor, 1),
    "round": (round_, 1),
    "numbers.range": (numbers_range, 2),
    "numbers.range_step": (numbers_range_step, 3),
}

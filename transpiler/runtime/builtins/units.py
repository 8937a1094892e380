"""Units: units.parse and units.parse_bytes, as OPA 1.20 reads a quantity.

Both remove double quotes, refuse any space (``" "``; a tab is not one), then
split the string into an amount and a unit: the amount is the leading run of
ASCII digits, ``.``, ``+``, ``-``, and ``e``/``E`` when the next character is
a digit or a sign; the unit is the rest. Then, in this order: an empty amount
is "no amount", an exponent (``e`` or ``E``, an optional sign, digits) of
more than 6 digits is "exponent too large" (``1e0999999`` too), an unknown
unit is refused, and last the amount must read as a decimal number.

- ``units.parse``: the unit's first character keeps its case and the rest is
  lowercased (``KI`` is ``Ki``; ``m`` is milli, ``M`` mega, ``mi`` and ``Mi``
  mebi). The amount and the product are exact (Go ``big.Rat``); an integral
  result is an integer, anything else is OPA's text with exactly 10 decimals
  (``FloatString(10)``, halves away from zero), so ``units.parse("1m")`` is
  ``0.0010000000``, read here as the float 0.001.
- ``units.parse_bytes``: the whole string is lowercased; ``k``/``kb`` and so
  on up to ``e``/``eb``, binary ``ki``/``kib``... The amount is a Go
  ``big.Float`` of 64-bit mantissa (parsed the way Go's ``Float.SetString``
  rounds, powers of five at 128 bits included), multiplied by the unit,
  rounded to 64 bits, then truncated towards zero.
"""

from __future__ import annotations

import re
from fractions import Fraction

from ..errors import BuiltinError
from .encoding import go_string
from .strings import _lower, check_string

__all__ = ["FUNCTIONS", "units_parse", "units_parse_bytes"]

_NUM_CHARS = frozenset("0123456789.+-")
_EXP_LEAD = frozenset("0123456789+-")
_EXPONENT = re.compile(r"[eE][+-]?([0-9]+)")
_DECIMAL = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?\Z")
_MAX_EXP_DIGITS = 6


def _split(s: str) -> tuple[str, str]:
    """OPA's amount and unit of ``s``."""
    n = len(s)
    for i, c in enumerate(s):
        if c in _NUM_CHARS:
            continue
        if (c == "e" or c == "E") and i + 1 < n and s[i + 1] in _EXP_LEAD:
            continue
        return s[:i], s[i:]
    return s, ""


def _decimal(num: str):
    """(negative, digits as an int, power of ten) of a decimal amount, or None."""
    m = _DECIMAL.match(num)
    if m is None:
        return None
    sign, whole, frac, exp = m.groups()
    frac = frac or ""
    if not whole and not frac:
        return None
    return sign == "-", int(whole + frac or "0"), int(exp or 0) - len(frac)


def _prepare(fn: str, x, no_amount: str):
    s = check_string(fn, 1, x).replace('"', "")
    if " " in s:
        raise BuiltinError(f"{fn}: {fn}: spaces not allowed in resource strings")
    num, unit = _split(s)
    if not num:
        raise BuiltinError(f"{fn}: {fn}: {no_amount}")
    for m in _EXPONENT.finditer(num):
        if len(m.group(1)) > _MAX_EXP_DIGITS:
            raise BuiltinError(f"{fn}: {fn}: exponent too large")
    return num, unit


# -- units.parse ------------------------------------------------------------------------

_SI = {"k": 10**3, "M": 10**6, "g": 10**9, "t": 10**12, "p": 10**15, "e": 10**18}
_BINARY = {"ki": 2**10, "mi": 2**20, "gi": 2**30, "ti": 2**40, "pi": 2**50, "ei": 2**60}
# milli is the float64 0.001 made exact (so 1000m is 1.0000000000, not 1)
_PARSE_UNITS: dict[str, Fraction | int] = {"": 1, "m": Fraction(0.001)}
for _u, _v in _SI.items():
    _PARSE_UNITS[_u] = _v
    if _u != "M":
        _PARSE_UNITS[_u.upper()] = _v
for _u, _v in _BINARY.items():
    _PARSE_UNITS[_u] = _v
    _PARSE_UNITS[_u[0].upper() + _u[1:]] = _v


def _unit_case(unit: str) -> str:
    """Go's ``unit[:1] + strings.ToLower(unit[1:])`` on the UTF-8 bytes: when
    the first character takes several bytes, its trailing bytes are invalid
    on their own and each becomes U+FFFD, and so does the orphaned lead byte."""
    b = unit.encode("utf-8")
    if len(b) <= 1:
        return unit
    rest = _lower(go_string(b[1:]))
    return go_string(b[:1] + rest.encode("utf-8"))


def _float_string10(q: Fraction):
    """Go's ``Rat.FloatString(10)`` read back as a float."""
    neg = q < 0
    a, b = abs(q.numerator), q.denominator
    if a // b >= 1 << 1024:
        # OPA keeps the exact text; no float holds it (a non-integral amount beyond 1e308)
        raise OverflowError("units.parse: a non-integral amount beyond 1e308 has no float form here")
    n, r = divmod(a * 10**10, b)
    if 2 * r >= b:
        n += 1
    whole, frac = divmod(n, 10**10)
    return float(f"{'-' if neg else ''}{whole}.{frac:010d}")


def units_parse(x):
    fn = "units.parse"
    num, unit = _prepare(fn, x, "no amount provided")
    unit = _unit_case(unit)
    factor = _PARSE_UNITS.get(unit)
    if factor is None:
        raise BuiltinError(f"{fn}: {fn}: unit {unit} not recognized")
    d = _decimal(num)
    if d is None:
        raise BuiltinError(f"{fn}: {fn}: could not parse amount to a number")
    neg, digits, exp10 = d
    q = Fraction(-digits if neg else digits) * (10**exp10 if exp10 >= 0 else Fraction(1, 10**-exp10))
    q *= factor
    if q.denominator == 1:
        return q.numerator
    return _float_string10(q)


# -- units.parse_bytes: Go big.Float arithmetic ----------------------------------------------

_BYTE_UNITS = {"": 1}
for _u, _v in _SI.items():
    _u = _u.lower()
    _BYTE_UNITS[_u] = _BYTE_UNITS[_u + "b"] = _v
for _u, _v in _BINARY.items():
    _BYTE_UNITS[_u] = _BYTE_UNITS[_u + "b"] = _v


def _round_int(n: int, prec: int, sticky: bool = False) -> tuple[int, int]:
    """``n`` > 0 rounded to ``prec`` bits, ties to even: (m, e) with value m * 2**e.
    ``sticky``: the exact value is a little above ``n`` (a division remainder)."""
    s = n.bit_length() - prec
    if s <= 0:
        return n, 0
    m = n >> s
    rest = n & ((1 << s) - 1)
    half = 1 << (s - 1)
    if rest > half or (rest == half and (sticky or m & 1)):
        m += 1
    return m, s


def _mul(x: tuple[int, int], y: tuple[int, int], prec: int) -> tuple[int, int]:
    m, s = _round_int(x[0] * y[0], prec)
    return m, x[1] + y[1] + s


def _quo(a: int, y: tuple[int, int], prec: int) -> tuple[int, int]:
    """a / y rounded to ``prec`` bits (Go's division is correctly rounded)."""
    b, eb = y
    k = prec + 2 + b.bit_length() - a.bit_length()
    num, den = (a << k, b) if k >= 0 else (a, b << -k)
    q, r = divmod(num, den)
    m, s = _round_int(q, prec, r != 0)
    return m, s - k - eb


def _pow5(n: int) -> tuple[int, int]:
    """Go's ``Float.pow5`` at 128 bits (exact up to 5**27, then rounded products)."""
    if n <= 27:
        return 5**n, 0
    z = (5**27, 0)
    f = (5, 0)
    n -= 27
    while n > 0:
        if n & 1:
            z = _mul(z, f, 128)
        f = _mul(f, f, 192)
        n >>= 1
    return z


def _big_float64(digits: int, exp10: int) -> tuple[int, int]:
    """Go's ``new(big.Float).SetString`` of digits * 10**exp10 (digits > 0)."""
    if exp10 == 0:
        return _round_int(digits, 64)
    if exp10 > 0:
        m, e = _mul((digits, 0), _pow5(exp10), 64)
    else:
        m, e = _quo(digits, _pow5(-exp10), 64)
    return m, e + exp10


def units_parse_bytes(x):
    fn = "units.parse_bytes"
    s = x
    if s.__class__ is str:
        s = _lower(s)
    num, unit = _prepare(fn, s, "no byte amount provided")
    factor = _BYTE_UNITS.get(unit)
    if factor is None:
        raise BuiltinError(f"{fn}: {fn}: byte unit {unit} not recognized")
    d = _decimal(num)
    if d is None:
        raise BuiltinError(f"{fn}: {fn}: could not parse byte amount to a number")
    neg, digits, exp10 = d
    if digits == 0:
        return 0
    m, e = _mul(_big_float64(digits, exp10), (factor, 0), 64)
    n = m << e if e >= 0 else m >> -e
    return -n if neg else n


FUNCTIONS = {
    "units.parse": (units_parse, 1),
    "units.parse_bytes": (units_parse_bytes, 1),
}

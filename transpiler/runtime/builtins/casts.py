"""Casts: to_number and the deprecated cast_* builtins."""

from __future__ import annotations

import math
import re
from ..errors import BuiltinError, type_error
from ..values import Num, Set, number_of_text

# JSON's number syntax: what OPA can keep as a number's text.
_JSON_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_JSON_NUM = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")
# What Go's strconv.ParseFloat accepts besides that (decimal and hex forms).
_GO_DEC = re.compile(r"[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9]+)?\Z")
_GO_HEX = re.compile(r"[+-]?0[xX](?:_?[0-9a-fA-F])*(?:\.[0-9a-fA-F]*)?(?:[pP][+-]?[0-9]+)\Z")
_GO_SPECIAL = re.compile(r"[+-]?(?:inf|infinity|nan)\Z", re.IGNORECASE)


def _parse_number_string(s: str):
    """OPA checks the text with Go's strconv.ParseFloat, then keeps the text
    itself as the number (``"2.50"``, ``"+1"``, ``"007"``, ``"1_000"``)."""
    if _JSON_INT.match(s):
        return number_of_text(s)  # "-0" stays "-0"
    if _GO_SPECIAL.match(s):
        raise type_error("to_number", 1, "valid number string", s)
    hexa = _GO_HEX.match(s)
    if not (hexa or _JSON_NUM.match(s) or _GO_DEC.match(s.replace("_", ""))):
        raise BuiltinError(f'to_number: strconv.ParseFloat: parsing "{s}": invalid syntax')
    plain = s.replace("_", "")
    f = float.fromhex(plain) if hexa else float(plain)
    if math.isinf(f):
        raise BuiltinError(f'to_number: strconv.ParseFloat: parsing "{s}": value out of range')
    if _JSON_NUM.match(s):
        return number_of_text(s)
    return Num(s)


def to_number(x):
    c = x.__class__
    if c is int or c is float or c is Num:
        return x
    if x is None:
        return 0
    if c is bool:
        return 1 if x else 0
    if c is str:
        return _parse_number_string(x)
    raise type_error("to_number", 1, "one of {null, boolean, number, string}", x)


def cast_array(x):
    if x.__class__ is list:
        return x
    if x.__class__ is Set:
        return list(x)
    raise type_error("cast_array", 1, "one of {array, set}", x)


def cast_set(x):
    if x.__class__ is Set:
        return x
    if x.__class__ is list:
        return Set(x)
    raise type_error("cast_set", 1, "one of {array, set}", x)


def _cast_same(name: str, want: str, check):
    def cast(x):
        if check(x):
            return x
        raise type_error(name, 1, want, x)

    cast.__name__ = name
    return cast


FUNCTIONS = {
    "to_number": (to_number, 1),
    "cast_array": (cast_array, 1),
    "cast_set": (cast_set, 1),
    "cast_string": (_cast_same("cast_string", "string", lambda x: x.__class__ is str), 1),
    "cast_boolean": (_cast_same("cast_boolean", "boolean", lambda x: x.__class__ is bool), 1),
    "cast_null": (_cast_same("cast_null", "null", lambda x: x is None), 1),
    "cast_object": (_cast_same("cast_object", "object", lambda x: x.__class__ is dict), 1),
}

"""The Rego value model of generated code.

Values are what a JSON decoder gives: ``None`` (null), ``bool``, ``int`` /
``float`` (numbers, ``1 == 1.0``; booleans are not numbers), ``str``,
``list`` (array) and ``dict`` (object). Rego sets are ``Set``. ``UNDEF``
stands for undefined.

``hkey(v)`` is a hashable key for any value: equal keys iff Rego-equal
values. Strings, numbers and null are their own keys; booleans and
composite values are tagged tuples. Object (dict) keys are always ``hkey``
of the Rego key, so an object with only string and number keys is a plain
dict; ``unkey`` gives the value back.

OPA's order of types: null < boolean < number < string < array < object < set.
"""

from __future__ import annotations

import decimal as _decimal

from .deep import deep_call

__all__ = [
    "UNDEF",
    "Set",
    "hkey",
    "unkey",
    "eq",
    "compare",
    "sort_key",
    "sorted_values",
    "type_name",
    "to_json",
    "is_number",
    "obj_items",
    "obj_keys",
    "obj_get",
    "obj_key",
    "json_text",
    "Num",
    "number_text",
    "number_of_text",
]


class _Undefined:
    """The single "undefined" value (not null)."""

    __slots__ = ()
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEF"

    def __bool__(self) -> bool:
        raise TypeError("UNDEF has no truth value: compare it with `is UNDEF`")

    def __reduce__(self):
        return (_Undefined, ())


UNDEF = _Undefined()

# below 2**53 a float's binary value is the value of its repr
_EXACT = 2.0**53

# Tags of hkey tuples (the first element says what the tuple stands for).
_TBOOL = "b"
_TARR = "a"
_TOBJ = "o"
_TSET = "s"


def hkey(v):
    """A hashable key of ``v``: ``hkey(a) == hkey(b)`` iff ``a`` and ``b`` are Rego-equal."""
    c = v.__class__
    if c is str or c is int or (c is float and -_EXACT < v < _EXACT) or v is None or c is Num:
        return v
    if c is float:
        # from 2**53 on a float's text is not its binary value (1e+23 is
        # 10**23): the key is the number of its text, equal to that int
        return Num(repr(v))
    if c is bool:
        return (_TBOOL, v)
    if c is list:
        return (_TARR, *[hkey(x) for x in v])
    if c is dict:
        return (_TOBJ, frozenset([(k, hkey(x)) for k, x in v.items()]))
    if c is Set:
        return (_TSET, frozenset(v.d))
    if c is tuple:  # an hkey already (a key read from an object)
        return v
    if isinstance(v, bool):
        return (_TBOOL, bool(v))
    if isinstance(v, (int, str)):
        return v
    if isinstance(v, float):
        return hkey(float(v))
    raise TypeError(f"hkey: not a Rego value: {type(v).__name__}")


def unkey(k):
    """The value of an hkey (identity for strings, numbers and null)."""
    if k.__class__ is not tuple:
        return k
    tag = k[0]
    if tag == _TBOOL:
        return k[1]
    if tag == _TARR:
        return [unkey(x) for x in k[1:]]
    if tag == _TOBJ:
        return {kk: unkey(x) for kk, x in k[1]}
    if tag == _TSET:
        s = Set()
        d = s.d
        for h in k[1]:
            d[h] = unkey(h)
        return s
    raise ValueError(f"unkey: not an hkey: {k!r}")


def obj_key(k):
    """The dict key of the Rego object key ``k``."""
    c = k.__class__
    if c is str or c is int or (c is float and -_EXACT < k < _EXACT) or k is None or c is Num:
        return k
    return hkey(k)


def obj_get(obj: dict, k, default=UNDEF):
    """``obj[k]`` for a Rego key ``k``; ``default`` when absent."""
    return obj.get(obj_key(k), default)


def obj_items(obj: dict):
    """(key, value) pairs of an object, keys as Rego values."""
    return [(k if k.__class__ is not tuple else unkey(k), v) for k, v in obj.items()]


def obj_keys(obj: dict):
    """Keys of an object as Rego values."""
    return [k if k.__class__ is not tuple else unkey(k) for k in obj]


class Set:
    """A Rego set: ``d`` maps hkey(element) -> element. ``lit`` is None, or for a set
    built from a literal with non-ground terms the list OPA iterates: each term's
    value in the literal's term order, equal values included (``{input.m, -1}``
    iterates -1 twice while its count is 1). Other sets iterate in value order."""

    __slots__ = ("d", "lit")

    def __init__(self, iterable=()):
        self.lit = None
        d = self.d = {}
        put = d.setdefault  # an element equal to one already there leaves it (as OPA does)
        for v in iterable:
            c = v.__class__
            put(v if c is str or c is int or (c is float and -_EXACT < v < _EXACT) or v is None or c is Num else hkey(v), v)

    @classmethod
    def from_keys(cls, d: dict) -> "Set":
        """A set over the dict ``d`` (hkey -> value), taken as it is."""
        s = cls.__new__(cls)
        s.d = d
        s.lit = None
        return s

    def add(self, v) -> None:
        c = v.__class__
        self.d.setdefault(v if c is str or c is int or (c is float and -_EXACT < v < _EXACT) or v is None or c is Num else hkey(v), v)

    def __contains__(self, v) -> bool:
        c = v.__class__
        return (v if c is str or c is int or (c is float and -_EXACT < v < _EXACT) or v is None or c is Num else hkey(v)) in self.d

    def __iter__(self):
        return iter(self.d.values())

    def __len__(self) -> int:
        return len(self.d)

    def __bool__(self) -> bool:
        return True  # a set is a value, empty or not

    def __eq__(self, other) -> bool:
        if other.__class__ is not Set:
            return NotImplemented
        return self.d.keys() == other.d.keys()

    def __ne__(self, other) -> bool:
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self) -> int:
        return hash(hkey(self))

    def __repr__(self) -> str:
        if not self.d:
            return "set()"
        return "{" + ", ".join(_repr(v) for v in sorted_values(self)) + "}"

    def copy(self) -> "Set":
        return Set.from_keys(dict(self.d))

    def union(self, other: "Set") -> "Set":
        d = dict(other.d)
        d.update(self.d)  # equal elements: ours stay
        return Set.from_keys(d)

    def intersection(self, other: "Set") -> "Set":
        a, b = (self.d, other.d) if len(self.d) <= len(other.d) else (other.d, self.d)
        return Set.from_keys({k: v for k, v in a.items() if k in b})

    def difference(self, other: "Set") -> "Set":
        b = other.d
        return Set.from_keys({k: v for k, v in self.d.items() if k not in b})

    def issubset(self, other: "Set") -> bool:
        b = other.d
        return all(k in b for k in self.d)


def _repr(v) -> str:
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v.__class__ is list:
        return "[" + ", ".join(_repr(x) for x in v) + "]"
    if v.__class__ is dict:
        return "{" + ", ".join(f"{_repr(k)}: {_repr(x)}" for k, x in sorted(obj_items(v), key=lambda kv: sort_key(kv[0]))) + "}"
    if v.__class__ is str:
        import json

        return json.dumps(v, ensure_ascii=False)
    if v.__class__ is Num:
        return v.text
    return repr(v)


# -- numbers with a text ----------------------------------------------------------

_DEC_CTX = _decimal.Context(prec=_decimal.MAX_PREC, Emax=_decimal.MAX_EMAX, Emin=_decimal.MIN_EMIN)


class Num:
    """A number that ``int`` and ``float`` cannot carry: OPA keeps every
    number as its decimal text, and prints and compares that text exactly.
    Events give ints and plain floats (their text is their repr); a ``Num``
    comes only from a number literal or JSON text written otherwise (``2.50``,
    ``1e21``, ``1E3``, ``1e400``) or from arithmetic whose result has no
    float of that text (``1 / 3`` is ``0.33333333333333333334`` in OPA).

    ``text`` is OPA's text of the number, ``d`` its exact value (a Decimal).
    Equal to, and hashed as, any int, float or Num of the same value, a float
    being read as its decimal text (``Num("0.10") == 0.1``)."""

    __slots__ = ("text", "d")

    def __init__(self, text: str, d=None):
        self.text = text
        self.d = _text_dec(text) if d is None else d

    def __repr__(self) -> str:
        return f"Num({self.text!r})"

    def __eq__(self, other) -> bool:
        o = _dec(other)
        return NotImplemented if o is None else self.d == o

    def __ne__(self, other) -> bool:
        o = _dec(other)
        return NotImplemented if o is None else self.d != o

    def __lt__(self, other) -> bool:
        return self.d < _dec_or_fail(other)

    def __le__(self, other) -> bool:
        return self.d <= _dec_or_fail(other)

    def __gt__(self, other) -> bool:
        return self.d > _dec_or_fail(other)

    def __ge__(self, other) -> bool:
        return self.d >= _dec_or_fail(other)

    def __hash__(self) -> int:
        # the hash of the int or float of the same value where there is one
        # (Python hashes equal ints, floats and Decimals alike; a float here
        # stands for its decimal text, not its binary value)
        d = self.d
        if d == d.to_integral_value():
            return hash(d)
        f = float(d)
        if f not in (_INF, -_INF, 0.0) and _float_dec(f) == d:
            return hash(f)
        return hash(d)

    def __reduce__(self):
        return (Num, (self.text,))


_INF = float("inf")


def _text_dec(text: str):
    """The exact value of a number text as Go's ParseFloat reads it (decimal
    or hexadecimal, ``_`` between digits)."""
    plain = text.replace("_", "")
    if "x" in plain or "X" in plain:
        return _decimal.Decimal(float.fromhex(plain))
    return _DEC_CTX.create_decimal(plain)


def _float_dec(f: float):
    """The exact decimal of a float as OPA reads it: its shortest text."""
    return _decimal.Decimal(repr(f))


def _dec(v):
    """The Decimal of a number (None for a value that is not one)."""
    c = v.__class__
    if c is int:
        return _decimal.Decimal(v)
    if c is float:
        if v != v or v in (_INF, -_INF):
            return _decimal.Decimal(repr(v).replace("inf", "Infinity"))
        return _float_dec(v)
    if c is Num:
        return v.d
    return None


def _dec_or_fail(v):
    d = _dec(v)
    if d is None:
        raise TypeError(f"cannot compare a number with {type(v).__name__}")
    return d


def number_of_text(text: str):
    """The number of a JSON or Rego number text: an int for an integer text,
    a float when the float's repr is that text, else a Num keeping it."""
    if text.isdigit() or (text[:1] == "-" and text[1:].isdigit()):
        # (through Decimal: int() of a text refuses more than 4,300 digits)
        n = int(text) if len(text) < 4000 else int(_DEC_CTX.create_decimal(text))
        return n if n or text[0] != "-" else Num(text)  # "-0" prints as written
    try:
        f = float(text)
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None
    if repr(f) == text:
        return f
    return Num(text)


def number_text(v) -> str:
    """OPA's text of a number (an int's digits, a float's repr, a Num's text)."""
    c = v.__class__
    if c is int:
        return int_text(v)
    if c is float:
        return repr(v)
    return v.text


def int_text(n: int) -> str:
    """The decimal digits of an int of any size (str() refuses more than
    4,300 digits)."""
    if -(1 << 13000) < n < (1 << 13000):
        return str(n)
    return format(_DEC_CTX.create_decimal(n), "f")


def num_to_plain(n: Num):
    """A Num as JSON decoding gives its text: an int for an integer text
    (``-0``), else the nearest float (inf beyond)."""
    t = n.text
    if t.lstrip("-").isdigit():
        return int(t)
    return float(n.d)


# -- equality ------------------------------------------------------------------


def eq(a, b) -> bool:
    """Rego equality: types must match (int and float compare by value)."""
    if a is b:
        return True
    ca = a.__class__
    cb = b.__class__
    if ca is cb:
        if ca is list:
            if len(a) != len(b):
                return False
            for x, y in zip(a, b):
                if not eq(x, y):
                    return False
            return True
        if ca is dict:
            if len(a) != len(b):
                return False
            for k, x in a.items():
                y = b.get(k, UNDEF)
                if y is UNDEF or not eq(x, y):
                    return False
            return True
        if ca is Set:
            return a.d.keys() == b.d.keys()
        if ca is float and a != a:
            return False
        return a == b
    if (ca is int or ca is float or ca is Num) and (cb is int or cb is float or cb is Num):
        if (ca is float and not -_EXACT < a < _EXACT) or (cb is float and not -_EXACT < b < _EXACT):
            return _dec(a) == _dec(b)  # a big float is its text (1e+23 is 10**23)
        return a == b
    return False




# -- order -----------------------------------------------------------------------

_T_NULL, _T_BOOL, _T_NUM, _T_STR, _T_ARR, _T_OBJ, _T_SET = range(7)

_TYPE_RANK = {
    type(None): _T_NULL,
    bool: _T_BOOL,
    int: _T_NUM,
    float: _T_NUM,
    Num: _T_NUM,
    str: _T_STR,
    list: _T_ARR,
    dict: _T_OBJ,
    Set: _T_SET,
}


def _rank(v) -> int:
    r = _TYPE_RANK.get(v.__class__)
    if r is None:
        if isinstance(v, bool):
            return _T_BOOL
        if isinstance(v, (int, float)):
            return _T_NUM
        if isinstance(v, str):
            return _T_STR
        raise TypeError(f"not a Rego value: {type(v).__name__}")
    return r


def sort_key(v):
    """A key for ``sorted`` that orders values as OPA does."""
    c = v.__class__
    if c is str:
        return (_T_STR, v)
    if c is int or c is Num:
        return (_T_NUM, v)
    if c is float:
        # from 2**53 on, the number of the float's text (1e+23 is 10**23)
        return (_T_NUM, v if -_EXACT < v < _EXACT else Num(repr(v)))
    if v is None:
        return (_T_NULL,)
    if c is bool:
        return (_T_BOOL, v)
    if c is list:
        return (_T_ARR, tuple([sort_key(x) for x in v]))
    if c is dict:
        items = sorted([(sort_key(unkey(k)), sort_key(x)) for k, x in v.items()], key=lambda kv: kv[0])
        return (_T_OBJ, tuple(items))
    if c is Set:
        return (_T_SET, tuple(sorted([sort_key(x) for x in v.d.values()])))
    return (_rank(v), v)


def compare(a, b) -> int:
    """-1, 0 or 1 as ``a`` is before, equal to or after ``b`` in OPA's order."""
    ca = a.__class__
    cb = b.__class__
    if ca is cb:
        if ca is str or ca is int or ca is float or ca is bool or ca is Num:
            return (a > b) - (a < b)
    elif (ca is int or ca is float or ca is Num) and (cb is int or cb is float or cb is Num):
        if (ca is float and not -_EXACT < a < _EXACT) or (cb is float and not -_EXACT < b < _EXACT):
            a, b = _dec(a), _dec(b)
        return (a > b) - (a < b)
    else:
        ra = _rank(a)
        rb = _rank(b)
        if ra != rb:
            return -1 if ra < rb else 1
    ka = sort_key(a)
    kb = sort_key(b)
    return (ka > kb) - (ka < kb)


def sorted_values(coll):
    """Elements of a set (or any iterable of values) in OPA's order."""
    items = list(coll)
    if not items:
        return items
    c = items[0].__class__
    if c is str or c is int or c is float:
        if all(x.__class__ is c for x in items):
            items.sort()
            return items
    items.sort(key=sort_key)
    return items


# -- types ---------------------------------------------------------------------------

_TYPE_NAMES = {
    type(None): "null",
    bool: "boolean",
    int: "number",
    float: "number",
    Num: "number",
    str: "string",
    list: "array",
    dict: "object",
    Set: "set",
}


def type_name(v) -> str:
    """OPA's name of the type of ``v``."""
    n = _TYPE_NAMES.get(v.__class__)
    if n is None:
        return ("null", "boolean", "number", "number", "string", "array", "object", "set")[
            (_T_NULL, _T_BOOL, _T_NUM, _T_NUM, _T_STR, _T_ARR, _T_OBJ, _T_SET).index(_rank(v))
        ]
    return n


def is_number(v) -> bool:
    c = v.__class__
    return c is int or c is float or c is Num


# -- JSON -------------------------------------------------------------------------------


def to_json(v):
    """``v`` as OPA gives it in a result: sets become arrays in OPA's order,
    object keys that are not strings become their JSON text
    (``{1: "a"}`` -> ``{"1": "a"}``), keys sorted. Any depth of nesting."""
    return deep_call(_to_json, v)


def _to_json(v):
    c = v.__class__
    if c is str or c is int or v is None or c is bool:
        return v
    if c is float:
        return v
    if c is Num:
        return num_to_plain(v)
    if c is list:
        return [_to_json(x) for x in v]
    if c is dict:
        # keys in OPA's order: of two keys with the same text, the later one wins
        if all(k.__class__ is str for k in v):
            return {k: _to_json(v[k]) for k in sorted(v)}
        out = {}
        for k, x in sorted(v.items(), key=lambda kx: sort_key(unkey(kx[0]))):
            out[_json_key(k)] = _to_json(x)
        return {k: out[k] for k in sorted(out)}
    if c is Set:
        return [_to_json(x) for x in sorted_values(v)]
    if v is UNDEF:
        raise ValueError("to_json: undefined has no JSON form")
    raise TypeError(f"to_json: not a Rego value: {type(v).__name__}")


def _json_key(k) -> str:
    c = k.__class__
    if c is str:
        return k
    if c is int or c is float or c is Num:
        return number_text(k)
    return json_text(unkey(k))


def json_text(v) -> str:
    """Compact JSON text of a Rego value, as OPA writes it (sets as sorted arrays)."""
    return deep_call(_json_dumps, to_json(v))


def _json_dumps(v) -> str:
    import json

    return json.dumps(v, separators=(",", ":"), ensure_ascii=False, allow_nan=False)

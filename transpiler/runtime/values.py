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

# Tags of hkey tuples (the first element says what the tuple stands for).
_TBOOL = "b"
_TARR = "a"
_TOBJ = "o"
_TSET = "s"


def hkey(v):
    """A hashable key of ``v``: ``hkey(a) == hkey(b)`` iff ``a`` and ``b`` are Rego-equal."""
    c = v.__class__
    if c is str or c is int or c is float or v is None:
        return v
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
    if isinstance(v, (int, float, str)):
        return v
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
    if c is str or c is int or c is float or k is None:
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
    """A Rego set: ``d`` maps hkey(element) -> element."""

    __slots__ = ("d",)

    def __init__(self, iterable=()):
        d = self.d = {}
        put = d.setdefault  # an element equal to one already there leaves it (as OPA does)
        for v in iterable:
            c = v.__class__
            put(v if c is str or c is int or c is float or v is None else hkey(v), v)

    @classmethod
    def from_keys(cls, d: dict) -> "Set":
        """A set over the dict ``d`` (hkey -> value), taken as it is."""
        s = cls.__new__(cls)
        s.d = d
        return s

    def add(self, v) -> None:
        c = v.__class__
        self.d.setdefault(v if c is str or c is int or c is float or v is None else hkey(v), v)

    def __contains__(self, v) -> bool:
        c = v.__class__
        return (v if c is str or c is int or c is float or v is None else hkey(v)) in self.d

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
    return repr(v)


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
    if (ca is int or ca is float) and (cb is int or cb is float):
        return a == b
    return False


# -- order -----------------------------------------------------------------------

_T_NULL, _T_BOOL, _T_NUM, _T_STR, _T_ARR, _T_OBJ, _T_SET = range(7)

_TYPE_RANK = {
    type(None): _T_NULL,
    bool: _T_BOOL,
    int: _T_NUM,
    float: _T_NUM,
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
    if c is int or c is float:
        return (_T_NUM, v)
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
        if ca is str or ca is int or ca is float or ca is bool:
            return (a > b) - (a < b)
    elif (ca is int or ca is float) and (cb is int or cb is float):
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
    return c is int or c is float


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
    if k.__class__ is str:
        return k
    return json_text(unkey(k))


def json_text(v) -> str:
    """Compact JSON text of a Rego value, as OPA writes it (sets as sorted arrays)."""
    return deep_call(_json_dumps, to_json(v))


def _json_dumps(v) -> str:
    import json

    return json.dumps(v, separators=(",", ":"), ensure_ascii=False, allow_nan=False)

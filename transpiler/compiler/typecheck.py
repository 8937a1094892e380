"""OPA's type check of builtin calls, for the arguments whose type is known
from the source alone: literal constants. ``upper(1)`` and
``object.get([1], 0, "d")`` are rego_type_error at compile time in OPA, not
evaluation errors. The declarations are OPA's (builtin_types.py); the rule is
OPA's ``unifies`` applied to the type of a constant."""

from __future__ import annotations

from functools import lru_cache

from ..runtime import values as rv
from .builtin_types import DECLARATIONS

# a type: ("any", (members...)) - no members: anything; ("null",), ("boolean",),
# ("number",), ("string",); ("array", (static...), dynamic | None);
# ("object", ((key, type)...), (key type, value type) | None); ("set", element)
ANY = ("any", ())


class _Parser:
    def __init__(self, text: str):
        self.s = text
        self.i = 0

    def peek(self, tok: str) -> bool:
        return self.s.startswith(tok, self.i)

    def eat(self, tok: str) -> None:
        assert self.s.startswith(tok, self.i), (self.s, self.i, tok)
        self.i += len(tok)
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1

    def word(self) -> str:
        j = self.i
        while j < len(self.s) and (self.s[j].isalnum() or self.s[j] in "_-."):
            j += 1
        w = self.s[self.i : j]
        self.i = j
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1
        return w

    def params(self) -> list:
        out = []
        while self.i < len(self.s):
            save = self.i
            while True:  # a parameter's name, of one or more words ("formatted timestamp")
                w = self.word()
                if not w or any(self.peek(c) for c in ":,<["):
                    break
            if w and self.peek(":"):
                self.eat(":")
            else:
                self.i = save
            out.append(self.type())
            if self.peek(","):
                self.eat(",")
        return out

    def type(self):
        w = self.word()
        if w in ("null", "boolean", "number", "string"):
            return (w,)
        if w == "any":
            if self.peek("<"):
                return ("any", tuple(self.list_("<", ">", self.type)))
            return ANY
        if w == "set":
            self.eat("[")
            t = self.type()
            self.eat("]")
            return ("set", t)
        if w == "array":
            static = tuple(self.list_("<", ">", self.type)) if self.peek("<") else ()
            dyn = None
            if self.peek("["):
                self.eat("[")
                dyn = self.type()
                self.eat("]")
            return ("array", static, dyn)
        if w == "object":
            static = tuple(self.list_("<", ">", self.prop)) if self.peek("<") else ()
            dyn = None
            if self.peek("["):
                self.eat("[")
                k = self.type()
                self.eat(":")
                v = self.type()
                self.eat("]")
                dyn = (k, v)
            return ("object", static, dyn)
        raise ValueError(f"unknown type {w!r} in {self.s!r}")

    def prop(self):
        key = self.word()
        self.eat(":")
        return (key, self.type())

    def list_(self, open_, close, item):
        self.eat(open_)
        out = []
        while not self.peek(close):
            out.append(item())
            if self.peek(","):
                self.eat(",")
        self.eat(close)
        return out


@lru_cache(maxsize=None)
def declaration(name: str):
    """The declared types of ``name``'s arguments then its result, or None."""
    text = DECLARATIONS.get(name)
    if text is None:
        return None
    return tuple(_Parser(text).params())


def conforms(value, t) -> bool:
    """Whether OPA's type checker accepts the constant ``value`` where ``t`` is
    declared (its ``unify1``: composites element by element)."""
    tag = t[0]
    if tag == "any":
        return not t[1] or any(conforms(value, m) for m in t[1])
    kind = rv.type_name(value)
    if kind in ("null", "boolean", "number", "string"):
        return tag == kind
    if isinstance(value, list):
        if tag != "array":
            return False
        static, dyn = t[1], t[2]
        if len(value) != len(static) and dyn is None:
            return False
        for i, x in enumerate(value):
            et = static[i] if i < len(static) else dyn
            if et is None or not conforms(x, et):
                return False
        return True
    if isinstance(value, dict):
        if tag != "object":
            return False
        static, dyn = dict(t[1]), t[2]
        if len(value) != len(static) and dyn is None:
            return False
        for k, x in value.items():
            k = rv.unkey(k)
            if isinstance(k, str) and k in static:
                vt = static[k]
            elif dyn is not None and _contains(dyn[0], k):
                vt = dyn[1]
            else:
                return False
            if not conforms(x, vt):
                return False
        return True
    if isinstance(value, rv.Set):
        return tag == "set" and all(conforms(x, t[1]) for x in value)
    return True


def _contains(t, key) -> bool:
    """OPA's types.Contains(t, TypeOf(key)) for a scalar key of a constant."""
    if t[0] == "any":
        return not t[1] or any(_contains(m, key) for m in t[1])
    return t[0] == rv.type_name(key)


def bad_argument(name: str, consts) -> int | None:
    """The index of the first constant argument (``consts[i]``, None when not
    a constant) that OPA's type checker rejects, else None."""
    decl = declaration(name)
    if decl is None:
        return None
    for i, c in enumerate(consts):
        if c is not None and i < len(decl) - 1 and not conforms(c[0], decl[i]):
            return i
    return None

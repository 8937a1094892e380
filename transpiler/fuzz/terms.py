"""Random well-typed Rego terms, for the fuzzer (``generator.py`` builds
bodies and rules from them).

Types are small names: ``num str bool`` scalars, ``anum astr`` arrays,
``snum sstr`` sets, ``onum`` objects of string keys and number values, and
``any``. A term of a type is built from literals, bound variables, the
fuzzer's input fields (their types are those ``inputs`` gives, but for the
ill-typed inputs), rules and functions already generated, builtin calls and
comprehensions. With probability ``ill`` a builtin argument is replaced by a
term of another type: a literal (OPA rejects the module with a type error)
or an input field (an error at evaluation). The rarer forms (elements of
collections, composite keys, documents at paths, ``with`` on rules and
functions) are in ``forms.py``.
"""

from __future__ import annotations

import random

from ..ast import (
    Array, ArrayCompr, Call, Literal, Membership, Object, ObjectCompr, Ref, Scalar,
    SetCompr, SetTerm, SomeIn, Var,
)
from ..runtime.values import number_of_text
from .forms import FormsMixin

TYPES = ("num", "str", "bool", "anum", "astr", "snum", "sstr", "onum")
ELEM = {"anum": "num", "astr": "str", "snum": "num", "sstr": "str", "onum": "num"}
INPUT_FIELDS = {"n": "num", "m": "num", "s": "str", "b": "bool", "xs": "anum", "ss": "astr", "o": "onum"}
STRINGS = ("", "a", "b", "ab", "A b", " x ", "é", "a,b", "1", "-2.5", "%")
# text whose case mapping, length in code points or bytes, or normal form
# differs between languages: ß upper-cases to SS in Python, not in Go; İ
# lower-cases to two code points; ǅ is title case; U+0301 combines
UNICODE = ("ß", "İ", "ǅx", "ﬁ", "😀a", "e\u0301", "Σσς", "a\u00a0b", "ǰ", "K")
SMALL_INTS = (-3, -1, 0, 1, 2, 3, 7, 10)
BIG_NUMBERS = (2**53 + 1, 10**20, -(2**63), 1e300, 123456789012345678901234567890,
               2**53 - 1, 2**53, 2**53 + 2, -(2**53), 2**63 - 1, 2**63, 2**64, 9007199254740992.0,
               9.223372036854776e18, 1.8446744073709552e19)
# numbers written with exponents (their text is kept, as OPA keeps it)
EXP_TEXTS = ("1e3", "1E+2", "2.5e-7", "1e21", "9.007199254740993e15", "1e308", "-1e-300", "4.5e15",
             "9.223372036854775807e18", "1e-7", "12e0", "2.50")
FLOATS = (0.5, -1.5, 2.25, 1e3, 0.1)
SPRINTF = ("%v", "%s", "%d", "%v-%v", "%x", "%5.2f", "%q", "%e", "%%%v", "%T")

# builtin name -> (argument types, result type); operators by OPA's names
BUILTINS: dict[str, tuple[tuple[str, ...], str]] = {
    "plus": (("num", "num"), "num"), "minus": (("num", "num"), "num"),
    "mul": (("num", "num"), "num"), "div": (("num", "num"), "num"), "rem": (("num", "num"), "num"),
    "abs": (("num",), "num"), "round": (("num",), "num"), "ceil": (("num",), "num"),
    "floor": (("num",), "num"), "to_number": (("str",), "num"),
    "count": (("astr",), "num"), "sum": (("anum",), "num"), "max": (("anum",), "num"),
    "min": (("snum",), "num"), "product": (("anum",), "num"), "indexof": (("str", "str"), "num"),
    "concat": (("str", "astr"), "str"), "upper": (("str",), "str"), "lower": (("str",), "str"),
    "trim_space": (("str",), "str"), "trim": (("str", "str"), "str"),
    "substring": (("str", "num", "num"), "str"), "replace": (("str", "str", "str"), "str"),
    "strings.reverse": (("str",), "str"), "format_int": (("num", "num"), "str"),
    "sprintf": (("str", "anum"), "str"), "type_name": (("any",), "str"),
    "json.marshal": (("onum",), "str"), "split": (("str", "str"), "astr"),
    "startswith": (("str", "str"), "bool"), "endswith": (("str", "str"), "bool"),
    "contains": (("str", "str"), "bool"), "is_number": (("any",), "bool"),
    "is_string": (("any",), "bool"), "equal": (("num", "num"), "bool"),
    "lt": (("num", "num"), "bool"), "gte": (("str", "str"), "bool"), "neq": (("any", "any"), "bool"),
    "sort": (("anum",), "anum"), "array.concat": (("anum", "anum"), "anum"),
    "array.slice": (("anum", "num", "num"), "anum"), "array.reverse": (("astr",), "astr"),
    "numbers.range": (("num", "num"), "anum"), "or": (("snum", "snum"), "snum"),
    "and": (("sstr", "sstr"), "sstr"), "object.keys": (("onum",), "sstr"),
    "object.union": (("onum", "onum"), "onum"), "object.remove": (("onum", "astr"), "onum"),
    "object.get": (("onum", "str", "num"), "num"), "strings.count": (("str", "str"), "num"),
    "bits.and": (("num", "num"), "num"), "units.parse_bytes": (("str",), "num"),
}
# more signatures, of string builtins mostly (a name may come twice: count of a string)
MORE_BUILTINS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("count", ("str",), "num"), ("count", ("onum",), "num"), ("trim_left", ("str", "str"), "str"),
    ("trim_right", ("str", "str"), "str"), ("trim_prefix", ("str", "str"), "str"),
    ("trim_suffix", ("str", "str"), "str"), ("indexof_n", ("str", "str"), "anum"),
    ("strings.any_prefix_match", ("str", "astr"), "bool"), ("regex.match", ("str", "str"), "bool"),
    ("base64.encode", ("str",), "str"), ("urlquery.encode", ("str",), "str"), ("hex.encode", ("str",), "str"),
    ("json.marshal", ("str",), "str"), ("to_number", ("num",), "num"), ("format_int", ("num", "num"), "str"),
    ("numbers.range_step", ("num", "num", "num"), "anum"), ("round", ("num",), "num"),
    ("lte", ("num", "num"), "bool"), ("gt", ("num", "num"), "bool"), ("neq", ("num", "num"), "bool"),
    ("equal", ("str", "str"), "bool"), ("bits.rsh", ("num", "num"), "num"), ("bits.or", ("num", "num"), "num"),
    ("abs", ("num",), "num"), ("minus", ("num", "num"), "num"), ("mul", ("num", "num"), "num"),
    ("div", ("num", "num"), "num"), ("plus", ("num", "num"), "num"),
)
SIGNATURES = tuple((n, a, res) for n, (a, res) in BUILTINS.items()) + MORE_BUILTINS


def index(base, key) -> Ref:
    """``base[key]`` (a ref's path extended when ``base`` is a ref)."""
    if isinstance(base, Ref):
        return Ref(base.head, base.path + (key,))
    return Ref(base, (key,))


class Scope:
    """Variables bound at a point of a body (name -> type), the names taken
    in the whole rule (so that ``:=`` never redeclares), and the rules and
    functions generated before (name -> type / (arg types, result type))."""

    def __init__(self, rules, funcs, taken=None, docs=None):
        self.vars: dict[str, str] = {}
        self.rules = rules
        self.funcs = funcs
        self.taken = taken if taken is not None else set()
        # rule name -> [(path, type)]: paths at which a rule's value is known
        # to hold a value of a type (a ref head's ``p.a.x``, ``p[[1, 2]]``)
        self.docs = docs if docs is not None else {}

    def child(self) -> "Scope":
        s = Scope(self.rules, self.funcs, self.taken, self.docs)
        s.vars = dict(self.vars)
        return s

    def fresh(self, rng: random.Random) -> str:
        for _ in range(100):
            name = rng.choice("xyzuvwkij") + str(rng.randrange(10))
            if name not in self.taken:
                self.taken.add(name)
                return name
        raise RuntimeError("no fresh name")


class Terms(FormsMixin):
    def __init__(self, rng: random.Random, big: float = 0.03, ill: float = 0.03, shadow: float = 0.0,
                 ill_literal: float = 0.1, forms: float = 1.0):
        self.rng, self.big, self.ill, self.shadow, self.forms = rng, big, ill, shadow, forms
        self.refheads: set[str] = set()  # the ref-head rules (``with`` may replace their leaves)
        self.ill_literal = ill_literal  # the share of ill-typed arguments that are literals

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # -- scalars -----------------------------------------------------------

    def number(self, plain: bool = False) -> Scalar:
        """A number literal; ``plain``: an int or a float only (for JSON inputs)."""
        r = self.rng
        if self.chance(self.big):
            if not plain and self.forms and self.chance(0.4):
                text = r.choice(EXP_TEXTS)
                return Scalar(number_of_text(text), text)
            v = r.choice(BIG_NUMBERS)
        else:
            v = r.choice(SMALL_INTS) if r.random() < 0.8 else r.choice(FLOATS)
        return Scalar(v, repr(v) if isinstance(v, float) else str(v))

    def string(self) -> Scalar:
        if self.forms and self.chance(0.15 * self.forms):
            return Scalar(self.rng.choice(UNICODE))
        return Scalar(self.rng.choice(STRINGS))

    def literal(self, ty: str, depth: int = 1):
        r = self.rng
        if ty == "num":
            return self.number()
        if ty == "str":
            return self.string()
        if ty == "bool":
            return Scalar(r.random() < 0.5)
        if ty == "any":
            return self.literal(r.choice(TYPES), depth)
        n = r.randrange(4)
        if ty in ("snum", "sstr"):
            n += 1  # (OPA types set() as set[???], which set operators reject)
        if ty in ("anum", "astr"):
            return Array(tuple(self.literal(ELEM[ty]) for _ in range(n)))
        if ty in ("snum", "sstr"):
            return SetTerm(tuple(self.literal(ELEM[ty]) for _ in range(n)))
        keys = r.sample(STRINGS, n)
        return Object(tuple((Scalar(k), self.number()) for k in keys))

    # -- terms -------------------------------------------------------------

    def term(self, ty: str, sc: Scope, depth: int = 2):
        r = self.rng
        if ty == "any":
            ty = r.choice(TYPES)
        options = [("lit", 1)]
        if any(t == ty for t in sc.vars.values()):
            options.append(("var", 3))
        if ty in INPUT_FIELDS.values():
            options.append(("input", 2))
        if any(t == ty for t in sc.rules.values()):
            options.append(("rule", 2 + 2 * self.forms))
        if depth > 0:
            options.append(("call", 3))
            if any(res == ty for _, res in sc.funcs.values()):
                options.append(("func", 2 + 1 * self.forms))
            if ty in ("anum", "astr", "snum", "sstr", "onum"):
                options.append(("compr", 2))
            if ty in ("num", "str"):
                options.append(("index", 1))
        options += self.form_options(ty, sc, depth)
        kind = r.choices([k for k, _ in options], [w for _, w in options])[0]
        if kind not in ("lit", "var", "input", "rule", "func", "call", "compr", "index"):
            return self.form(kind, ty, sc, depth)
        if kind == "var":
            return Var(r.choice([n for n, t in sc.vars.items() if t == ty]))
        if kind == "input":
            return self.input_ref(ty)
        if kind == "rule":
            return Var(r.choice([n for n, t in sc.rules.items() if t == ty]))
        if kind == "func":
            name = r.choice([n for n, (_, res) in sc.funcs.items() if res == ty])
            return Call((name,), tuple(self.term(a, sc, depth - 1) for a in sc.funcs[name][0]))
        if kind == "call":
            return self.call(ty, sc, depth - 1)
        if kind == "compr":
            return self.comprehension(ty, sc, depth - 1)
        if kind == "index":
            coll = "anum" if ty == "num" else "astr"
            # the indexed term is a variable, an input field or a rule (OPA
            # rejects a literal indexed out of its range at compile time)
            if ty == "num" and self.chance(0.4):
                return index(self.ground("onum", sc), self.term("str", sc, 0))
            return index(self.ground(coll, sc), self.term("num", sc, 0))
        return self.literal(ty)

    def ground(self, ty: str, sc: Scope):
        """A variable, rule or input field of type ``ty``."""
        names = [n for n, t in sc.vars.items() if t == ty] + [n for n, t in sc.rules.items() if t == ty]
        if names and (self.chance(0.6) or ty not in INPUT_FIELDS.values()):
            return Var(self.rng.choice(names))
        if ty not in INPUT_FIELDS.values():
            return self.literal(ty)
        return self.input_ref(ty)

    def input_ref(self, ty: str) -> Ref:
        names = [k for k, t in INPUT_FIELDS.items() if t == ty]
        return Ref(Var("input"), (Scalar(self.rng.choice(names)),))

    def call(self, ty: str, sc: Scope, depth: int):
        sigs = [(n, a) for n, a, res in (SIGNATURES if self.forms else
                                          ((n, a, res) for n, (a, res) in BUILTINS.items())) if res == ty]
        if not sigs:
            return self.literal(ty)
        name, params = self.rng.choice(sigs)
        if name in ("numbers.range", "numbers.range_step"):  # small bounds: a range as long as the input is no test
            bounds = (Scalar(self.rng.choice(SMALL_INTS)), Scalar(self.rng.randrange(5)))
            if name == "numbers.range_step":
                bounds += (Scalar(self.rng.choice((1, 2, 3))),)
            return Call(tuple(name.split(".")), bounds)
        if name == "sprintf" and self.forms and self.chance(0.7):
            n = self.rng.choice((1, 1, 2))
            args = Array(tuple(self.term(self.rng.choice(["num", "str", "bool", "anum"]), sc, depth)
                               for _ in range(n)))
            return Call(("sprintf",), (Scalar(self.rng.choice(SPRINTF)), args))
        args = []
        for a in params:
            if self.chance(self.ill):
                args.append(self.ill_arg(a, sc))
            else:
                args.append(self.term(a, sc, depth))
        return Call(tuple(name.split(".")) if "." in name else (name,), tuple(args))

    def ill_arg(self, a: str, sc: Scope):
        """An argument of another type than ``a``: a literal (OPA's type
        checker rejects it), an input field (an error at evaluation) or a
        rule or variable of that type (a rule read as an operand)."""
        wrong = self.rng.choice([t for t in TYPES if t != a and a != "any"] or ["num"])
        if self.chance(self.ill_literal):
            return self.literal(wrong)
        if self.forms and self.chance(0.1):
            names = [n for n, t in list(sc.rules.items()) + list(sc.vars.items()) if t not in (a, "any")]
            if names:
                return Var(self.rng.choice(names))
        return self.input_ref(wrong if wrong in INPUT_FIELDS.values() else "str")

    def comprehension(self, ty: str, sc: Scope, depth: int):
        """``[f(v) | some v in coll; cond]`` and the like, over a collection
        of a random element type."""
        inner = sc.child()
        src = self.rng.choice(["anum", "astr", "onum", "snum"])
        value = self.binder(inner)
        key = self.binder(inner) if src == "onum" and self.chance(0.5) else None
        body = [Literal(SomeIn(Var(key) if key else None, Var(value), self.term(src, sc, depth)))]
        inner.vars[value] = ELEM[src]
        if key:
            inner.vars[key] = "str"
        if self.chance(0.5):
            body.append(Literal(self.condition(inner, depth)))
        if self.forms and self.chance(0.25 * self.forms):
            body.append(self.with_literal(inner, depth))
        elem = ELEM.get(ty, "num")
        if ty in ("anum", "astr"):
            return ArrayCompr(self.term(elem, inner, depth), tuple(body))
        if ty in ("snum", "sstr"):
            return SetCompr(self.term(elem, inner, depth), tuple(body))
        return ObjectCompr(self.term("str", inner, depth), self.term("num", inner, depth), tuple(body))

    def binder(self, sc: Scope) -> str:
        """A name to bind in a nested body: fresh, or (with ``shadow``) one
        bound outside, which the nested body shadows."""
        if sc.vars and self.chance(self.shadow):
            return self.rng.choice(list(sc.vars))
        return sc.fresh(self.rng)

    def condition(self, sc: Scope, depth: int = 1):
        """A boolean expression: a comparison, a membership or a boolean term."""
        r = self.rng
        k = r.randrange(4)
        if self.forms and self.chance(0.08 * self.forms):
            return self.composite_condition(sc)
        if k == 0:
            ty = r.choice(["num", "str"])
            op = r.choice(["equal", "neq", "lt", "lte", "gt", "gte"])
            return Call((op,), (self.term(ty, sc, depth), self.term(ty, sc, depth)))
        if k == 1:
            coll = r.choice(["anum", "astr", "snum", "sstr"])
            return Membership(None, self.term(ELEM[coll], sc, 0), self.term(coll, sc, depth))
        return self.term("bool", sc, depth)

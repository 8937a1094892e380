"""The rarer term and body forms of the fuzzer, mixed into ``terms.Terms``:
elements taken out of collections (``[1, 2][_]``, ``p[_]``), refs with
constant composite keys (``{[1]: 2}[[1]]``, ``input.o[{"a": 1}]``, a set
of arrays read at an array), documents read at their paths (a ref head's
``p.a.x``, an object rule's ``p[0]``), values flowing out of user
functions (``f(1)[0]``, ``f(x).a``), and ``with`` on rules, functions and
builtins (used in comprehension bodies as well as rule bodies).

Each form is drawn with a weight scaled by ``Terms.forms`` (0 turns them
all off).
"""

from __future__ import annotations

from ..ast import Array, Assign, Call, Literal, Object, Ref, Scalar, SetTerm, Var, With

# constant composite keys: arrays, objects and sets of small scalars
COMPOSITE_KEYS = (
    Array((Scalar(1, "1"),)), Array((Scalar(1, "1"), Scalar("a"))), Array(()),
    Object(((Scalar("a"), Scalar(1, "1")),)), Object(()), SetTerm((Scalar(1, "1"), Scalar(2, "2"))),
    Array((Array((Scalar(0, "0"),)),)),
)

# builtins a ``with`` may replace (name -> arity), and what it may replace them by:
# mostly one of the same signature (OPA's type checker rejects a mock of other
# argument types)
MOCKABLE = {"upper": 1, "lower": 1, "trim_space": 1, "strings.reverse": 1, "count": 1, "abs": 1,
            "sum": 1, "concat": 2, "indexof": 2, "startswith": 2, "endswith": 2, "split": 2}
MOCK_RESULT = {"upper": "str", "lower": "str", "trim_space": "str", "strings.reverse": "str", "count": "num",
               "abs": "num", "sum": "num", "concat": "str", "indexof": "num", "startswith": "bool",
               "endswith": "bool", "split": "astr"}
SIGNATURE_GROUPS = (("upper", "lower", "trim_space", "strings.reverse"), ("abs",), ("count",), ("sum",),
                    ("startswith", "endswith"), ("concat",), ("indexof",), ("split",))


def wild() -> Var:
    return Var("$wild0")  # printed ``_``, read back as a fresh variable


def name_ref(name: str):
    """``upper`` or ``strings.reverse`` as a term (a ``with`` target or value)."""
    parts = name.split(".")
    return Var(parts[0]) if len(parts) == 1 else Ref(Var(parts[0]), tuple(Scalar(p) for p in parts[1:]))


class FormsMixin:
    """Needs ``rng``, ``forms``, ``chance``, ``term``, ``literal``, ``ground``,
    ``input_ref`` and ``binder`` of ``Terms``."""

    def form_options(self, ty: str, sc, depth: int) -> list[tuple[str, float]]:
        """The rare forms that can give a term of type ``ty`` here, with weights.
        (Their ill-typed variants, a composite key of another type or a mock
        of another signature, come with a probability scaled by ``ill``.)"""
        f = self.forms
        if not f:
            return []
        out = []
        if ty in ("num", "str"):
            out.append(("elem", 1.0 * f))
        if ty == "num":
            out.append(("ckey", 0.5 * f))
        if any(t == ty for entries in sc.docs.values() for _, t in entries):
            out.append(("doc", 1.5 * f))
        if depth > 0 and ty in ("num", "str") and any(
                res in ("anum", "onum", "astr") for _, res in sc.funcs.values()):
            out.append(("funcidx", 1.0 * f))
        return out

    def form(self, kind: str, ty: str, sc, depth: int):
        r = self.rng
        if kind == "elem":  # an element of a collection: ``coll[_]``
            colls = ["anum", "snum", "onum"] if ty == "num" else ["astr", "sstr"]
            coll = r.choice(colls)
            from .terms import INPUT_FIELDS
            groundable = coll in INPUT_FIELDS.values() or any(
                t == coll for t in list(sc.vars.values()) + list(sc.rules.values()))
            base = self.literal(coll) if not groundable or self.chance(0.4) else self.ground(coll, sc)
            while isinstance(base, (Array, SetTerm, Object)) and not base.items:
                base = self.literal(coll)
            return Ref(base, (wild(),)) if not isinstance(base, Ref) else Ref(base.head, base.path + (wild(),))
        if kind == "ckey":  # a constant composite key
            if self.chance(0.4):
                return self.input_at_composite()
            obj = self.composite_keyed()
            # mostly a key of the object (OPA's type checker rejects a key of another type)
            key = r.choice(COMPOSITE_KEYS) if self.chance(3 * self.ill) else r.choice(obj.items)[0]
            return Ref(obj, (key,))
        if kind == "doc":
            name, path = r.choice([(n, p) for n, entries in sc.docs.items() for p, t in entries if t == ty])
            return Ref(Var(name), path)
        if kind == "funcidx":  # a value out of a user function, indexed
            names = [n for n, (_, res) in sc.funcs.items() if res in ("anum", "onum", "astr")]
            name = r.choice(names)
            params, res = sc.funcs[name]
            call = Call((name,), tuple(self.term(a, sc, depth - 1) for a in params))
            if res == "onum":
                key = Scalar(r.choice(("a", "b", "")))
            elif self.chance(0.3):
                key = wild()
            else:
                i = r.choice((0, 1, 2))
                key = Scalar(i, str(i))
            return Ref(call, (key,))
        raise ValueError(kind)

    def composite_keyed(self):
        """An object with composite keys and number values (not sets: OPA's
        type checker rejects reading an object at a set)."""
        r = self.rng
        keys = r.sample([k for k in COMPOSITE_KEYS if not isinstance(k, SetTerm)], r.randint(1, 3))
        return Object(tuple((k, self.number()) for k in keys))

    def input_at_composite(self):
        """``input.o[[1]]``: an input field read at a composite key (always undefined)."""
        field = self.rng.choice(["o", "xs", "n"])
        return Ref(Var("input"), (Scalar(field), self.rng.choice(COMPOSITE_KEYS)))

    def composite_condition(self, sc):
        """A ref with a constant composite key as a condition: a set of
        composites read at one (``{[1], {"a": 1}}[[1]]``), a document read
        at one, or ``c == input.o[[1]]`` (which OPA's rule index may take)."""
        r = self.rng
        k = r.randrange(3)
        if k == 0:
            items = r.sample(COMPOSITE_KEYS, r.randint(1, 3))
            key = r.choice(COMPOSITE_KEYS) if self.chance(3 * self.ill) else r.choice(items)
            return Ref(SetTerm(tuple(items)), (key,))
        if k == 1 and any(isinstance(p[0], (Array, Object, SetTerm)) for e in sc.docs.values() for p, _ in e):
            name, path = r.choice([(n, p) for n, e in sc.docs.items() for p, _ in e
                                   if isinstance(p[0], (Array, Object, SetTerm))])
            return Ref(Var(name), path)
        return Call((r.choice(["equal", "neq"]),), (self.term("num", sc, 0), self.input_at_composite()))

    # -- with ----------------------------------------------------------------

    def with_literal(self, sc, depth: int) -> Literal:
        """``x := <a read of a rule or a call> with <target> as <value>``:
        the target an input field, a rule of the package, a function or a builtin."""
        r = self.rng
        reads = []
        if sc.rules:
            name = r.choice(list(sc.rules))
            reads.append((Var(name), sc.rules[name]))
        if sc.funcs and depth > 0:
            name = r.choice(list(sc.funcs))
            params, res = sc.funcs[name]
            reads.append((Call((name,), tuple(self.term(a, sc, 0) for a in params)), res))
        if not reads or self.chance(0.2):
            ty = r.choice(["num", "str"])
            reads.append((self.call(ty, sc, max(depth - 1, 0)), ty))
        term, ty = r.choice(reads)
        withs = tuple(self.with_mod(sc) for _ in range(r.choice([1, 1, 2])))
        tmp = sc.fresh(r)
        sc.vars[tmp] = ty if ty != "any" else "any"
        return Literal(Assign(Var(tmp), term), withs=withs)

    def with_mod(self, sc) -> With:
        from .terms import INPUT_FIELDS, TYPES
        r = self.rng
        options = ["input"] * 2 + ["builtin"]
        if sc.rules:
            options += ["rule"] * 3
        if sc.funcs:
            options += ["func"] * 3
        k = r.choice(options)
        if k == "rule":
            name = r.choice(list(sc.rules))
            ty = sc.rules[name]
            path = (Scalar("fz"), Scalar(name))
            entries = sc.docs.get(name) if name in self.refheads else None
            if entries and self.chance(0.4):  # (OPA: no ``with`` on a part of a partial set or object)
                p, ty = r.choice(entries)
                if all(isinstance(s, Scalar) for s in p):
                    path += p
            value = self.literal(ty if ty != "any" else r.choice(TYPES))
            return With(Ref(Var("data"), path), value)
        if k == "func":
            name = r.choice(list(sc.funcs))
            params, res = sc.funcs[name]
            same = [n for n, (p, res2) in sc.funcs.items() if n != name and (p, res2) == (params, res)]
            if self.chance(3 * self.ill):  # (of another signature: OPA's type checker rejects most)
                same = [n for n, (p, _) in sc.funcs.items() if len(p) == len(params) and n != name]
                same += [b for b, n in MOCKABLE.items() if n == len(params)]
            if same and self.chance(0.5):
                return With(Var(name), name_ref(r.choice(same)))
            return With(Var(name), self.literal(res))
        if k == "builtin":
            name = r.choice(list(MOCKABLE))
            group = next(g for g in SIGNATURE_GROUPS if name in g)
            same = [b for b in group if b != name]
            if self.chance(3 * self.ill):
                same = [b for b, n in MOCKABLE.items() if n == MOCKABLE[name] and b != name]
                same += [n for n, (p, _) in sc.funcs.items() if len(p) == MOCKABLE[name]]
            if same and self.chance(0.6):
                return With(name_ref(name), name_ref(r.choice(same)))
            res = MOCK_RESULT[name] if not self.chance(3 * self.ill) else r.choice(["num", "str", "bool"])
            return With(name_ref(name), self.literal(res))
        field = r.choice(list(INPUT_FIELDS))
        value = self.literal(INPUT_FIELDS[field]) if self.chance(0.8) else self.literal(r.choice(TYPES))
        return With(Ref(Var("input"), (Scalar(field),)), value)

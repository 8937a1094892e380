"""Random Rego v1 modules and inputs for the differential fuzzer.

``Generator(seed).program()`` gives a ``Program``: one module of package
``fz`` (an ``ast.Module``, printed with ``fmt.format_module``), the names of
its rules to compare, and a few inputs. Rules come in every kind: complete
rules (with ``default`` and ``else`` chains), partial sets and objects, ref
heads (``r.a.b := ...``), functions (several definitions, ``else``); bodies
hold assignments, comparisons, ``some ... in``, ``every``, ``not``,
membership, comprehensions and ``with`` on rule references. Each rule uses
only the rules and functions made before it (no recursion). Inputs are
well-typed (the fields of ``terms.INPUT_FIELDS``) but for a fraction with a
field of the wrong type or missing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..ast import Assign, Call, Every, Literal, Module, Ref, Rule, Scalar, SomeIn, Var, With
from ..fmt import format_module
from .terms import ELEM, INPUT_FIELDS, STRINGS, TYPES, Scope, Terms

PACKAGE = ("fz",)


@dataclass
class Program:
    module: Module
    rules: list[str]  # the document rules to compare
    inputs: list

    @property
    def source(self) -> str:
        return format_module(self.module)


class Generator:
    def __init__(self, seed: int, *, big: float = 0.03, ill: float = 0.03, shadow: float = 0.0):
        self.rng = random.Random(seed)
        self.t = Terms(self.rng, big=big, ill=ill, shadow=shadow)

    def program(self, n_rules: int | None = None, n_inputs: int = 3) -> Program:
        r = self.rng
        rules_t: dict[str, str] = {}
        funcs: dict[str, tuple] = {}
        out: list[Rule] = []
        n = n_rules if n_rules is not None else r.randint(2, 6)
        for i in range(n):
            kind = r.choice(["complete"] * 3 + ["set", "object", "refhead", "function", "function"])
            name = ("f" if kind == "function" else "p") + str(i)
            out.extend(self.rule(kind, name, rules_t, funcs))
        compared = [k for k in rules_t]
        if not compared:  # compare something: a rule calling the functions
            out.extend(self.rule("complete", "p" + str(n), rules_t, funcs))
            compared = list(rules_t)
        mod = Module(PACKAGE, (), tuple(out))
        return Program(mod, compared, [self.input() for _ in range(n_inputs)])

    # -- rules -----------------------------------------------------------

    def rule(self, kind: str, name: str, rules_t: dict, funcs: dict) -> list[Rule]:
        r, t = self.rng, self.t
        head = Ref(Var(name), ())
        if kind == "function":
            sc = Scope(rules_t, funcs)
            params = [r.choice(["num", "str", "anum"]) for _ in range(r.randint(1, 2))]
            args = tuple(Var(sc.fresh(r)) for _ in params)
            for a, ty in zip(args, params):
                sc.vars[a.name] = ty
            res = r.choice(["num", "str", "bool"])
            defs = []
            for _ in range(r.choice([1, 1, 2])):
                s2 = sc.child()
                has_else = t.chance(0.3)  # (OPA takes ``else`` only after a body)
                body = self.body(s2, r.randint(1 if has_else else 0, 3))
                value = t.term(res, s2) if not (res == "bool" and t.chance(0.5)) else Scalar(True)
                els = None
                if has_else:
                    s3 = sc.child()
                    eb = self.body(s3, r.randint(1, 2))
                    els = Rule(head, "function", t.term(res, s3), eb, args=args, assign=True)
                defs.append(Rule(head, "function", value, body, args=args, assign=True, else_=els))
            funcs[name] = (tuple(params), res)
            return defs
        sc = Scope(rules_t, funcs)
        if kind == "set":
            ty = r.choice(["num", "str"])
            body = self.body(sc, r.randint(1, 3))
            key = t.term(ty, sc)
            rules_t[name] = "snum" if ty == "num" else "sstr"
            return [Rule(head, "set", None, body, key=key)]
        if kind == "object":
            coll = r.choice(["onum", "astr"])
            k, v = sc.fresh(r), sc.fresh(r)
            lit = Literal(SomeIn(Var(k), Var(v), t.term(coll, sc)))
            sc.vars[k], sc.vars[v] = ("str" if coll == "onum" else "num"), ELEM[coll]
            body = (lit,) + self.body(sc, r.randint(0, 2))
            rules_t[name] = "onum" if coll == "onum" else "any"
            ref = Ref(Var(name), (Var(k),))
            return [Rule(ref, "complete", t.term("num", sc), body, assign=True)]
        if kind == "refhead":
            out = []
            for key in r.sample(["a", "b", "c"], r.randint(1, 2)):
                s2 = sc.child()
                body = self.body(s2, r.randint(0, 2))
                ref = Ref(Var(name), (Scalar(key), Scalar(r.choice(["x", "y"]))))
                out.append(Rule(ref, "complete", t.term(r.choice(["num", "str"]), s2), body, assign=True))
            rules_t[name] = "any"
            return out
        ty = r.choice(["num", "str", "bool", "anum", "sstr", "onum"])
        out = []
        if t.chance(0.3):
            out.append(Rule(head, "complete", t.literal(ty), (), assign=True, default=True))
        has_else = t.chance(0.25)
        body = self.body(sc, r.randint(1 if has_else else 0, 4))
        els = None
        if has_else:
            s2 = Scope(rules_t, funcs)
            els = Rule(head, "complete", t.term(ty, s2), self.body(s2, r.randint(1, 2)), assign=True)
        out.append(Rule(head, "complete", t.term(ty, sc), body, assign=True, else_=els))
        rules_t[name] = ty
        return out

    # -- bodies ----------------------------------------------------------

    def body(self, sc: Scope, n: int, depth: int = 2) -> tuple:
        return tuple(self.literal(sc, depth) for _ in range(n))

    def literal(self, sc: Scope, depth: int) -> Literal:
        r, t = self.rng, self.t
        k = r.randrange(10)
        if k < 3:
            ty = r.choice(TYPES)
            name = sc.fresh(r)
            lit = Literal(Assign(Var(name), t.term(ty, sc, depth)))
            sc.vars[name] = ty
            return lit
        if k < 5 and depth > 0:
            coll = r.choice(["anum", "astr", "onum", "snum"])
            domain = t.term(coll, sc, depth - 1)
            value = t.binder(sc)
            key = t.binder(sc) if coll in ("onum", "anum") and t.chance(0.4) else None
            if key == value:
                key = None
            if k == 3:
                sc.vars[value] = ELEM[coll]
                if key:
                    sc.vars[key] = "str" if coll == "onum" else "num"
                return Literal(SomeIn(Var(key) if key else None, Var(value), domain))
            inner = sc.child()
            # OPA rejects an ``every`` whose variables the body does not use
            uses = [self.uses(inner, value, ELEM[coll])]
            if key:
                uses.append(self.uses(inner, key, "str" if coll == "onum" else "num"))
            body = tuple(uses) + self.body(inner, r.randint(0, 1), depth - 1)
            return Literal(Every(Var(key) if key else None, Var(value), domain, body))
        if k == 5 and sc.rules:
            # a rule read with an input field replaced
            name = r.choice(list(sc.rules))
            field = r.choice(list(INPUT_FIELDS))
            value = t.literal(INPUT_FIELDS[field]) if t.chance(0.8) else t.literal(r.choice(TYPES))
            target = Ref(Var("input"), (Scalar(field),))
            tmp = sc.fresh(r)
            sc.vars[tmp] = sc.rules[name]
            return Literal(Assign(Var(tmp), Var(name)), withs=(With(target, value),))
        if k == 6:
            return Literal(t.condition(sc, depth), negated=True)
        return Literal(t.condition(sc, depth))

    def uses(self, sc: Scope, name: str, ty: str) -> Literal:
        """Bind ``name`` (of type ``ty``) in ``sc`` and give a comparison that uses it."""
        sc.vars[name] = ty
        other = self.t.term(ty if ty in ("num", "str") else "num", sc, 1)
        op = self.rng.choice(["equal", "neq", "lt", "lte", "gt", "gte"])
        return Literal(Call((op,), (Var(name), other)))

    # -- inputs ----------------------------------------------------------

    def input(self) -> dict:
        r = self.rng
        doc = {}
        for field, ty in INPUT_FIELDS.items():
            doc[field] = self.value(ty)
        if r.random() < 0.15:
            field = r.choice(list(doc))
            if r.random() < 0.3:
                del doc[field]
            else:
                doc[field] = self.value(r.choice([t for t in TYPES if t != INPUT_FIELDS[field]]))
        return doc

    def value(self, ty: str):
        """A JSON value of type ``ty`` (sets as arrays)."""
        r = self.rng
        if ty in ("num", "str", "bool"):
            lit = self.t.literal(ty)
            return lit.value
        n = r.randrange(5)
        if ty == "onum":
            return {k: self.value("num") for k in r.sample(STRINGS, n)}
        return [self.value(ELEM[ty]) for _ in range(n)]

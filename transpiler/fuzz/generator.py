"""Random Rego v1 modules and inputs for the differential fuzzer.

``Generator(seed).program()`` gives a ``Program``: one module of package
``fz`` (an ``ast.Module``, printed with ``fmt.format_module``), the names of
its rules to compare, and a few inputs. Rules come in every kind: complete
rules (with ``default`` and ``else`` chains), partial sets and objects, ref
heads (``r.a.b := ...``), functions (several definitions, ``else``); bodies
hold assignments, comparisons, ``some ... in``, ``every``, ``not``,
membership, comprehensions and ``with`` on input fields, rules, functions
and builtins; rules whose values have composite keys (``{[1]: 2}``, a set
of arrays) are read at those keys, ref heads and object rules at their
paths (``forms.py``). Each rule uses
only the rules and functions made before it (no recursion). Inputs are
well-typed (the fields of ``terms.INPUT_FIELDS``) but for a fraction with a
field of the wrong type or missing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..ast import Array, Assign, Call, Every, Literal, Module, Object, Ref, Rule, Scalar, SetTerm, SomeIn, Var, With
from ..fmt import format_module
from .forms import COMPOSITE_KEYS
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
    def __init__(self, seed: int, *, big: float = 0.03, ill: float = 0.03, shadow: float = 0.0,
                 forms: float = 1.0):
        self.rng = random.Random(seed)
        self.t = Terms(self.rng, big=big, ill=ill, shadow=shadow, forms=forms)
        self.forms = forms
        self.docs: dict = {}  # rule name -> [(path, type)] (Scope.docs)

    def scope(self, rules_t: dict, funcs: dict) -> Scope:
        return Scope(rules_t, funcs, docs=self.docs)

    def program(self, n_rules: int | None = None, n_inputs: int = 3) -> Program:
        r = self.rng
        rules_t: dict[str, str] = {}
        funcs: dict[str, tuple] = {}
        out: list[Rule] = []
        self.docs = {}
        self.t.refheads = set()
        n = n_rules if n_rules is not None else r.randint(2, 6)
        kinds = ["complete"] * 3 + ["set", "object", "refhead", "function", "function"]
        if self.forms:
            kinds.append("ckey")
        for i in range(n):
            kind = r.choice(kinds)
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
            sc = self.scope(rules_t, funcs)
            ptypes = ["num", "str", "anum"] + (["onum", "astr"] if self.forms else [])
            params = [r.choice(ptypes) for _ in range(r.randint(1, 2))]
            args = tuple(Var(sc.fresh(r)) for _ in params)
            for a, ty in zip(args, params):
                sc.vars[a.name] = ty
            res = r.choice(["num", "str", "bool"] + (["anum", "onum", "snum"] if self.forms and t.chance(0.5) else []))
            defs = []
            for _ in range(r.choice([1, 1, 2])):
                s2 = sc.child()
                elses = self.else_count(0.3)  # (OPA takes ``else`` only after a body)
                body = self.body(s2, r.randint(1 if elses else 0, 3))
                value = t.term(res, s2) if not (res == "bool" and t.chance(0.5)) else Scalar(True)
                els = None
                for _ in range(elses):
                    s3 = sc.child()
                    eb = self.body(s3, r.randint(1, 2))
                    els = Rule(head, "function", t.term(res, s3), eb, args=args, assign=True, else_=els)
                defs.append(Rule(head, "function", value, body, args=args, assign=True, else_=els))
            funcs[name] = (tuple(params), res)
            return defs
        sc = self.scope(rules_t, funcs)
        if kind == "set":
            ty = r.choice(["num", "str"])
            body = self.body(sc, r.randint(1, 3))
            key = t.term(ty, sc)
            rules_t[name] = "snum" if ty == "num" else "sstr"
            # read at elements it may hold (``p[2]``: the element or undefined)
            elems = [Scalar(i, str(i)) for i in (0, 1, 2)] if ty == "num" else [Scalar(x) for x in r.sample(STRINGS, 2)]
            self.docs[name] = [((e,), ty) for e in elems]
            return [Rule(head, "set", None, body, key=key)]
        if kind == "object":
            coll = r.choice(["onum", "astr"])
            k, v = sc.fresh(r), sc.fresh(r)
            lit = Literal(SomeIn(Var(k), Var(v), t.term(coll, sc)))
            sc.vars[k], sc.vars[v] = ("str" if coll == "onum" else "num"), ELEM[coll]
            body = (lit,) + self.body(sc, r.randint(0, 2))
            value = t.term("num", sc)
            rules_t[name] = "onum" if coll == "onum" else "any"
            # read at keys it may have: strings, or the indexes of an array
            keys = [Scalar(s) for s in r.sample(STRINGS, 2)] if coll == "onum" else [Scalar(i, str(i)) for i in (0, 1)]
            self.docs[name] = [((key,), "num") for key in keys]
            ref = Ref(Var(name), (Var(k),))
            return [Rule(ref, "complete", value, body, assign=True)]
        if kind == "refhead":
            out = []
            leaves = {}
            for key in r.sample(["a", "b", "c"], r.randint(1, 2)):
                s2 = sc.child()
                body = self.body(s2, r.randint(0, 2))
                path = (Scalar(key), Scalar(r.choice(["x", "y"])))
                ty = r.choice(["num", "str"])
                ref = Ref(Var(name), path)
                out.append(Rule(ref, "complete", t.term(ty, s2), body, assign=True))
                leaves.setdefault(path, set()).add(ty)
            rules_t[name] = "any"
            self.docs[name] = [(p, tys.pop()) for p, tys in leaves.items() if len(tys) == 1]
            self.t.refheads.add(name)
            return out
        if kind == "ckey":
            return [self.ckey_rule(name, sc, rules_t)]
        ty = r.choice(["num", "str", "bool", "anum", "sstr", "onum"])
        out = []
        if t.chance(0.3):
            out.append(Rule(head, "complete", t.literal(ty), (), assign=True, default=True))
        elses = self.else_count(0.25)
        body = self.body(sc, r.randint(1 if elses else 0, 4))
        els = None
        for _ in range(elses):
            s2 = self.scope(rules_t, funcs)
            els = Rule(head, "complete", t.term(ty, s2), self.body(s2, r.randint(1, 2)), assign=True, else_=els)
        out.append(Rule(head, "complete", t.term(ty, sc), body, assign=True, else_=els))
        rules_t[name] = ty
        return out

    def else_count(self, p: float) -> int:
        """How many ``else`` follow a definition: none, one, or (with the
        rarer forms) a chain of two or three."""
        if not self.t.chance(p):
            return 0
        if self.forms and self.t.chance(0.4 * self.forms):
            return self.rng.choice((2, 3))
        return 1

    def ckey_rule(self, name: str, sc: Scope, rules_t: dict) -> Rule:
        """A rule whose value has composite keys: an object literal keyed by
        composites, a set of them, or a set rule of arrays (``p contains [x, 1]``);
        its keys are recorded in ``docs`` for reads (``p[[1]]``)."""
        r, t = self.rng, self.t
        head = Ref(Var(name), ())
        k = r.randrange(3)
        # (the rule is known to the terms only once made: no recursion)
        if k == 0:
            obj = t.composite_keyed()
            body = self.body(sc, r.randint(0, 1))
            docs, rule = [((key,), "num") for key, _ in obj.items], Rule(head, "complete", obj, body, assign=True)
        elif k == 1:
            items = r.sample(COMPOSITE_KEYS, r.randint(1, 3))
            body = self.body(sc, r.randint(0, 1))
            docs = [((key,), _key_type(key)) for key in items]
            rule = Rule(head, "complete", SetTerm(tuple(items)), body, assign=True)
        else:
            coll = r.choice(["anum", "snum"])
            v = sc.fresh(r)
            body = (Literal(SomeIn(None, Var(v), t.term(coll, sc))),)
            sc.vars[v] = "num"
            body += self.body(sc, r.randint(0, 1))
            second = t.literal("num")
            docs = [((Array((Scalar(i, str(i)), second)),), "anum") for i in (0, 1, 2)]
            rule = Rule(head, "set", None, body, key=Array((Var(v), second)))
        rules_t[name] = "any"
        self.docs[name] = docs
        return rule

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
            if k == 4 and self.forms and t.chance(max(t.ill, 0.05)):
                domain = self.ill_domain(sc)
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
        if k == 5 and self.forms and t.chance(0.5 * self.forms):
            return t.with_literal(sc, depth)
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

    def ill_domain(self, sc: Scope):
        """A domain ``every`` cannot iterate: a scalar input field, rule or literal."""
        r, t = self.rng, self.t
        k = r.randrange(3)
        if k == 0:
            return t.input_ref(r.choice(["num", "str", "bool"]))
        if k == 1:
            names = [n for n, ty in sc.rules.items() if ty in ("num", "str", "bool")]
            if names:
                return Var(r.choice(names))
        return t.literal(r.choice(["num", "str", "bool"]))

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
        if ty == "num":
            return self.t.number(plain=True).value
        if ty in ("str", "bool"):
            lit = self.t.literal(ty)
            return lit.value
        n = r.randrange(5)
        if ty == "onum":
            return {k: self.value("num") for k in r.sample(STRINGS, n)}
        return [self.value(ELEM[ty]) for _ in range(n)]


def _key_type(key) -> str:
    """The fuzzer's type of a constant composite key (``any`` when mixed)."""
    if isinstance(key, Array) and key.items and all(isinstance(i, Scalar) and type(i.value) is int for i in key.items):
        return "anum"
    if isinstance(key, SetTerm) and key.items:
        return "snum"
    if isinstance(key, Object) and key.items:
        return "onum"
    return "any"

"""The functions of rule groups and documents, rendered through templates."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

from functools import lru_cache

import jinja2

from .. import ast
from ..resources import resource_dir
from .emit import BodyEmitter, Out
from .names import Code, ident, py_str, py_text, ref_text
from .resolve import Env
from .ruleorder import opa_order
from .scope import term_vars
from .tree import Leaf, Node
from ..runtime.values import hkey
from .emit import index_conditions, literal_value
from .values import NOTCONST, Val, kind_of


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_dir("templates"))),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_only_code,
    )
    env.filters.update(ident=ident, pystr=py_str, pytext=py_text)
    return env


def _only_code(value):
    """Templates print generated code and numbers only: any text has to go
    through a filter of ``names`` (``ident``, ``pystr``, ``pytext``)."""
    if isinstance(value, Code) or type(value) in (int, bool):
        return value
    raise TypeError(f"raw text in a template: {value!r:.80} (use |pystr, |pytext or |ident)")


def render(template: str, **kw) -> Code:
    return Code(templates().get_template(template).render(**kw))


def _where(rules) -> str:
    seen = []
    for r in rules:
        if r is None:
            continue
        w = f"{r.pos.file}:{r.pos.line}"
        if w not in seen:
            seen.append(w)
    return ", ".join(seen[:4]) + (", ..." if len(seen) > 4 else "")


def _const_value(rule: ast.Rule):
    """A hashable form of a rule clause's value when it is a constant, else None."""
    value = literal_value(rule.value)
    if value is NOTCONST:
        return None
    return (kind_of(value), hkey(value))


def constant_rule(leaf: Leaf):
    """The value of a complete rule that is one constant (``p := 3``), else NOTCONST."""
    if leaf.kind != "complete" or len(leaf.rules) != 1 or leaf.default is not None:
        return NOTCONST
    rule = leaf.rules[0]
    if rule.body or rule.else_ is not None:
        return NOTCONST
    return literal_value(rule.value)


def _all_plain(args) -> bool:
    """Function arguments that match any value: distinct plain variables."""
    names = [a.name for a in args if isinstance(a, ast.Var)]
    return len(names) == len(args) and len(set(names)) == len(names)


def _body(em: BodyEmitter, out: Out) -> Code:
    """A rule function's body: the prelude of shared values if it reads any."""
    return Code("\n".join(em.shared_prelude() + out.lines))


class RuleGen:
    def __init__(self, mg, program, variant=None):
        self.mg = mg
        self.program = program
        # a copy of rules specialised for one event kind (entries.EventVariant)
        self.variant = variant
        # the variant of a function for a call with its output bound: only
        # the outputs equal to ``_out`` count (OPA unifies the output with
        # each definition's value)
        self.out: str | None = None

    def env_for(self, rule: ast.Rule) -> Env:
        resolver = self.program.resolver_of(rule)
        return Env(resolver, {}, set())

    # -- leaves -----------------------------------------------------------

    def leaf(self, leaf: Leaf, name: str, consts: dict | None = None, out: bool = False,
             keyed: bool = False) -> str:
        """The function of a rule group; ``consts`` (argument index -> Val) makes
        a copy of a function specialised for constant arguments; ``out`` the
        variant of a function for a call with its output bound (its last
        parameter ``_out``); ``keyed`` a copy of a partial set bound to one
        element (``_key``)."""
        if out:
            self.out = "_out"
            self.mg.runtime_names.add("_eq")
        kind = leaf.kind
        out = Out(indent=1)
        em = BodyEmitter(self.mg, out)
        em.inline_shared = True  # a function of (input, _ctx): takes the prelude
        path = ref_text(leaf.path)
        override = self.program.may_override(leaf.path)
        if override:
            self.mg.runtime_names.add("_NOTSET")
        common = dict(
            name=name,
            path=path,
            path_tuple=tuple(leaf.path),
            where=_where(leaf.rules + [leaf.default]),
            override=override,
        )
        if self.variant is not None:
            self.variant.prepare(em)
            common["where"] += self.variant.note
        if kind == "set":
            self.mg.runtime_names.add("_Set")
            for rule in opa_order(leaf.rules, self.env_for, lambda r: (r.key,), self.mg.strict):
                env = self.env_for(rule)

                def add(v, env=env):
                    if keyed:
                        em.eq_then(v, Val("_key"), lambda: em.emit(f"_res.add({v.code})"))
                    else:
                        em.emit(f"_res.add({v.code})")

                self._keyed_body(em, rule, rule.key, env, keyed, lambda env=env, rule=rule, add=add: em.head_term(
                    rule.key, env, lambda v: em.guard([v], lambda: add(em.defined(v)))
                ), (rule.key,))
            return render("partial_set_rule.py.j2", body=_body(em, out), keyed=keyed, **common)
        if kind == "function":
            arity = leaf.arity
            consts = consts or {}
            params = [consts.get(i, f"_a{i}") for i in range(arity)]
            if override:
                self.mg.runtime_names.add("_apply_mock")
            if self.conflicts_through(leaf):
                em.conflict_through = ("_res", "data." + ".".join(leaf.path))
                em.emit("_res = _U")
            self._complete_body(em, out, leaf, params)
            if consts:
                common["where"] += ", specialised for " + ", ".join(
                    f"argument {i + 1} = {v.code}" for i, v in sorted(consts.items())
                )
            names = [p for p in params if isinstance(p, str)] + ([self.out] if self.out else [])
            if self.out:
                common["where"] += ", for a call with its output bound"
            return render("function.py.j2", body=_body(em, out), params=names, **common)
        if self.mg.strict and self.conflicts_through(leaf):
            em.conflict_through = ("_res", "data." + ".".join(leaf.path))
            em.emit("_res = _U")
        self._complete_body(em, out, leaf, None)
        return render("complete_rule.py.j2", body=_body(em, out), **common)

    def _complete_body(self, em: BodyEmitter, out: Out, leaf: Leaf, params) -> None:
        """Evaluate every definition; equal values agree, different ones conflict."""
        self.mg.runtime_names.add("_U")
        kind = "function" if params is not None else "complete"
        rules = opa_order(leaf.rules, self.env_for, lambda r: (r.value,), self.mg.strict)
        consts = {_const_value(r) for r in rules}
        simple = (
            len(consts) == 1
            and None not in consts
            and all(r.else_ is None for r in rules)
        )
        if simple:
            # one constant value whatever the definition: the first solution decides
            value = rules[0].value
            always = False
            for rule in rules:
                env = self.env_for(rule)
                self._with_params(em, rule, env, params, lambda env=env: em.head_term(
                    value, env, lambda v: self._accept(em, v, lambda: self._return(em, v))
                ))
                always = always or (not rule.body and (params is None or _all_plain(rule.args)))
            always = always and self.out is None
            if not always:
                self._return_default(em, leaf, None)
            return
        if len(rules) == 1 and self._deterministic(leaf, rules[0], params, kind):
            # at most one solution per clause: its value is the rule's, at once
            self._return_clause(em, rules[0], params)
            self._return_default(em, leaf, None)
            return
        if len(rules) > 1 and em.conflict_through is None and self._exclusive(rules):
            # at most one clause passes OPA's rule index (``input.x == "a"`` in
            # one, ``input.x == "b"`` in the next): the value of the one that
            # passes is the rule's, at once where the clause has one solution;
            # or one value (a constant, as in the ``simple`` case above); a
            # clause with several (``some a in ...``) watches its own conflicts
            for rule in rules:
                if _const_value(rule) is not None or self._deterministic(leaf, rule, params, kind):
                    self._return_clause(em, rule, params)
                    continue
                self.mg.runtime_names.update({"_eq", "_conflict"})
                em.emit("_res = _U")
                self._clause(em, rule, "_res", params, kind, leaf)
                em.nest("if _res is not _U:", lambda: em.emit("return _res"))
            self._return_default(em, leaf, None)
            return
        self.mg.runtime_names.update({"_eq", "_conflict"})
        if em.conflict_through is None:
            em.emit("_res = _U")
        if len(rules) == 1:
            self._clause(em, rules[0], "_res", params, kind, leaf)
        else:
            for i, rule in enumerate(rules):
                c = em.tmp("c")
                em.emit(f"{c} = _U")
                if i and self.mg.strict and em.conflict_through is None and self.may_conflict(leaf):
                    # OPA passes the first output to the caller before it
                    # evaluates the next definition: an error there (a
                    # builtin's, or a conflict in its body) comes after
                    self.mg.runtime_names.update({"_pending", "_BuiltinErrors", "_ConflictError"})
                    origin = "data." + ".".join(leaf.path)
                    em.nest("try:", lambda rule=rule, c=c: self._clause(em, rule, c, params, kind, leaf))
                    em.nest("except (*_BuiltinErrors, _ConflictError) as _e:", lambda: em.nest(
                        "if _res is not _U:", lambda: em.emit(f"raise _pending(_e, _res, {origin!r})")
                    ) or em.emit("raise"))
                else:
                    self._clause(em, rule, c, params, kind, leaf)
                em.nest(f"if {c} is not _U:", lambda c=c: (
                    em.nest("if _res is _U:", lambda: em.emit(f"_res = {c}")),
                    em.nest(f"elif not _eq(_res, {c}):", lambda: em.emit(
                        f"raise {self._conflict(kind, leaf, '_res')}"
                    )),
                ))
        self._return_default(em, leaf, "_res")

    def _exclusive(self, rules) -> bool:
        """Whether no two clauses can both run: each one's index conditions
        (checked before its body, see BodyEmitter.rule_body) require the same
        ref to equal a different string. No else chains (an ``else`` runs
        when its clause fails)."""
        seen: list = []
        for rule in rules:
            if rule.else_ is not None:
                return False
            conds, _ = index_conditions(rule.body, (), self.env_for(rule))
            eqs = {ref: c for kind, ref, c in conds if kind == "eq" and c.__class__ is str}
            for other in seen:
                if not any(ref in other and other[ref] != c for ref, c in eqs.items()):
                    return False
            seen.append(eqs)
        return True

    def _deterministic(self, leaf, rule, params, kind) -> bool:
        """Whether no clause of ``rule``'s else chain can have two solutions
        (written once on the side to count its loops)."""
        scratch = BodyEmitter(self.mg, Out(indent=1))
        self._clause(scratch, rule, "_res", params, kind, leaf)
        return scratch.loops == 0

    def _return_clause(self, em, rule: ast.Rule, params) -> None:
        rule = self._bound_head(rule)
        env = self.env_for(rule)

        def solution():
            em.head_term(rule.value, env, lambda v: em.guard([v], lambda: self._accept(
                em, v, lambda: self._return(em, v)
            )))

        self._with_params(em, rule, env, params, solution)
        if rule.else_ is not None:
            self._return_clause(em, rule.else_, params)

    def _accept(self, em, v, k) -> None:
        """``k`` for an output ``v`` that counts: in the variant for a bound
        output, one equal to it."""
        if self.out is None:
            k()
        else:
            em.nest(f"if _eq({v.code}, {self.out}):", k)

    @staticmethod
    def _return(em, v) -> None:
        if em.conflict_through is not None:  # the output a pending conflict carries
            em.emit(f"_res = {v.code}")
            em.emit("return _res")
        else:
            em.emit(f"return {v.code}")

    def _conflict(self, kind, leaf, first: str) -> str:
        """The error of a second, different output (a function's carries its first)."""
        if kind != "function" and not self.mg.strict:
            return f"_conflict({kind!r})"
        return f"_conflict({kind!r}, {first}, {'data.' + '.'.join(leaf.path)!r})"

    def _bound_head(self, rule: ast.Rule) -> ast.Rule:
        """In the variant for a bound output, a clause whose value is a call
        of a function (``g(x) := f(x)``) as OPA runs it: ``f(x, out)`` at the
        end of the body, the output bound (``_with_params``)."""
        v = rule.value
        if self.out is None or not isinstance(v, ast.Call):
            return rule
        made = self.program.bound_heads.get(id(rule))
        if made is not None:
            return made
        kind, _, arity = self.mg.resolve_function(v, self.env_for(rule))
        if kind != "rule" or arity != len(v.args):
            return rule
        out = ast.Var("$out", v.pos)
        call = ast.Literal(ast.Call(v.name, v.args + (out,), v.pos), False, (), v.pos)
        made = dataclasses.replace(rule, value=out, body=tuple(rule.body) + (call,))
        self.program.bound_heads[id(rule)] = made  # (kept: its id names its resolver)
        self.program.same_resolver(made, rule)
        return made

    def _clause(self, em, rule: ast.Rule, c: str, params, kind, leaf) -> None:
        rule = self._bound_head(rule)
        env = self.env_for(rule)
        first = c if c == "_res" else f"(_res if _res is not _U else {c})"
        if em.conflict_through is not None:
            em.conflict_through = (first, em.conflict_through[1])

        def first_value(v):
            em.emit(f"{c} = {v.code}")
            if c != "_res" and self.mg.strict:
                # (OPA compares each output with the earlier definitions' at
                # once: a later solution's builtin error does not come first)
                em.nest(f"if _res is not _U and not _eq(_res, {c}):", lambda: em.emit(
                    f"raise {self._conflict(kind, leaf, '_res')}"
                ))

        def solution():
            em.head_term(rule.value, env, lambda v: em.guard([v], lambda: self._accept(em, v, lambda: (
                em.nest(f"if {c} is _U:", lambda: first_value(v)),
                em.nest(f"elif not _eq({c}, {v.code}):", lambda: em.emit(
                    f"raise {self._conflict(kind, leaf, first)}"
                )),
            ))))

        self._with_params(em, rule, env, params, solution)
        if rule.else_ is not None:
            em.nest(f"if {c} is _U:", lambda: self._clause(em, rule.else_, c, params, kind, leaf))

    def _with_params(self, em, rule, env: Env, params, k) -> None:
        if params is None:
            em.rule_body(rule, env, k, (rule.value,))
            return
        for a in rule.args:
            # (the variables of a template string are locals the body binds, even a rule's name)
            env.declared |= term_vars(a, lambda n: not isinstance(a, ast.TemplateString) or n not in ("input", "data"))
        v = rule.value
        if self.out is not None and isinstance(v, ast.Var) and v.name not in env.declared and env.is_local(v.name):
            # OPA unifies the output with the head's value before the body:
            # a variable there is bound in the body (``g(x) := y if f(x, y)``)
            env.names[v.name] = self.out
            env.declared.add(v.name)
        # an argument that is a template string with variables the body binds
        # (``f($"{x}") if x = "a"``) is compared once they are, as OPA moves
        # it into the body: ``$argN = $"{x}"``, scheduled with the rest
        later = []

        def bind(i):
            if i == len(params):
                em.rule_body(rule, env, k, (rule.value,), extra=tuple(later))
                return
            p, a = params[i], rule.args[i]
            # (OPA types an argument by the body alone, not by a caller's constant)
            v = Val(p) if isinstance(p, str) else replace(p, otype=None)
            if isinstance(a, ast.TemplateString) and em._has_unbound(a, env):
                var = f"$arg{i}"
                env.names[var] = v.code
                env.vals[var] = v
                later.append(ast.Literal(ast.Unify(ast.Var(var, a.pos), a, a.pos), False, (), a.pos))
                bind(i + 1)
                return
            em.match(a, v, env, lambda: bind(i + 1))

        # (the types OPA's checker gives the arguments in the clause: Program.parameter_types)
        outer, em.clause_types = em.clause_types, {}
        try:
            bind(0)
            self.program.note_parameters(rule, [
                em.clause_types.get(a.name) if isinstance(a, ast.Var) else None for a in rule.args
            ])
        finally:
            em.clause_types = outer

    def output_matters(self, leaf: Leaf) -> bool:
        """Whether a call of function ``leaf`` with its output bound can
        differ from comparing its value with that output: OPA unifies the
        output with each definition's value, so a definition giving another
        value neither conflicts nor keeps its ``else`` or the default from
        running. Not when every definition gives one constant, or when
        there is one definition with at most one solution, and no ``else``
        nor default."""
        if leaf.default is not None or any(r.else_ is not None for r in leaf.rules):
            return True
        if self.conflicts_through(leaf):  # (the output passes on to a callee that may conflict)
            return True
        consts = {_const_value(r) for r in leaf.rules}
        if len(consts) == 1 and None not in consts:
            return False
        params = [f"_a{i}" for i in range(leaf.arity or 0)]
        return not (len(leaf.rules) == 1 and self._deterministic(leaf, leaf.rules[0], params, "function"))

    def complete_may_conflict(self, leaf: Leaf) -> bool:
        """Whether the complete rule ``leaf`` can have two different values
        (as ``_complete_body`` decides: else it watches for the conflict)."""
        rules = leaf.rules
        consts = {_const_value(r) for r in rules}
        if len(consts) == 1 and None not in consts and all(r.else_ is None for r in rules):
            return False
        if len(rules) == 1 and self._deterministic(leaf, rules[0], None, "complete"):
            return False
        return not (
            len(rules) > 1
            and self._exclusive(rules)
            and all(self._deterministic(leaf, r, None, "complete") for r in rules)
        )

    def may_conflict(self, leaf: Leaf) -> bool:
        """Whether the function or complete rule ``leaf`` can have two
        different outputs for one input (then its call sites run the rest of
        the body with the first before reporting the conflict, as OPA does;
        a complete rule's read sites too, in strict mode)."""
        known = self.program.conflicts.get(id(leaf))
        if known is None:
            self.program.conflicts[id(leaf)] = False  # (a recursive rule is refused later)
            consts = {_const_value(r) for r in leaf.rules}
            kind = "function" if leaf.kind == "function" else "complete"
            params = [f"_a{i}" for i in range(leaf.arity or 0)] if kind == "function" else None
            known = not (
                len(consts) == 1 and None not in consts and all(r.else_ is None for r in leaf.rules)
                or len(leaf.rules) == 1 and self._deterministic(leaf, leaf.rules[0], params, kind)
            ) or self.conflicts_through(leaf)
            self.program.conflicts[id(leaf)] = known
        return known

    def conflicts_through(self, leaf: Leaf) -> bool:
        """Whether the function ``leaf`` calls a function that may conflict
        (then OPA gives ``leaf``'s first output to its caller before that
        callee finds its second: ``leaf`` conflicts as its callee does)."""
        known = self.program.conflicts_through.get(id(leaf))
        if known is None:
            self.program.conflicts_through[id(leaf)] = False  # (Rego has no recursion)
            known = any(self._calls_conflicting(rule) for rule in leaf.rules) \
                or self.mg.strict and self._reads_conflicting(leaf)
            self.program.conflicts_through[id(leaf)] = known
        return known

    def _reads_conflicting(self, leaf: Leaf) -> bool:
        """Strict mode: whether a definition of ``leaf`` reads a complete rule
        that may conflict (written on the side: its read sites are those
        that run on the first value, ``BodyEmitter.conflict_first``)."""
        kind = "function" if leaf.kind == "function" else "complete"
        params = [f"_a{i}" for i in range(leaf.arity or 0)] if kind == "function" else None
        for rule in leaf.rules:
            scratch = BodyEmitter(self.mg, Out(indent=1))
            self._clause(scratch, rule, "_res", params, kind, leaf)
            if scratch.conflict_sites:
                return True
        return False

    def _calls_conflicting(self, rule: ast.Rule) -> bool:
        env = self.env_for(rule)
        parts = [rule.ref.path, rule.key, rule.value, rule.args or (), rule.body]
        if rule.else_ is not None and self._calls_conflicting(rule.else_):
            return True
        for node in ast.walk([p for p in parts if p is not None]):  # (not the rule's own name)
            if not isinstance(node, ast.Call):
                continue
            path = self.program.function_path(node.name, env)
            if path is None:
                continue
            el, depth = self.program.tree.lookup(path)
            if depth == len(path) and isinstance(el, Leaf) and el.kind == "function" and self.may_conflict(el):
                return True
        return False

    def _return_default(self, em, leaf: Leaf, res) -> None:
        if leaf.default is not None:
            d = leaf.default
            env = self.env_for(d)
            if self.out is not None:
                # (the default too only if its value is the output)
                ret = lambda v: self._accept(em, v, lambda: em.emit(f"return {v.code}"))  # noqa: E731
            else:
                ret = lambda v: em.emit(f"return {v.code}")  # noqa: E731
            if res is not None:
                em.nest("if _res is _U:", lambda: em.term(d.value, env, ret))
            else:
                em.term(d.value, env, ret)
                if self.out is None:
                    return
        em.emit(f"return {res or '_U'}")

    # -- documents --------------------------------------------------------

    def _keyed_body(self, em, rule, key, env: Env, keyed: bool, k, heads) -> None:
        """``rule``'s body; ``keyed``: with its head's ``key`` bound to ``_key``
        first, as OPA binds it when a lookup gives the key: a constant key is
        compared before the body, a variable as soon as the body binds it
        (the value found is compared with ``_key`` again at the end)."""
        if not keyed:
            em.rule_body(rule, env, k, heads)
            return
        c = literal_value(key)
        if c is not NOTCONST:
            em.eq_then(self.mg.const(c), Val("_key"), lambda: em.rule_body(rule, env, k, heads))
            return
        if isinstance(key, ast.Var) and env.is_local(key.name):
            for i, lit in enumerate(rule.body):
                if any(isinstance(n, ast.Var) and n.name == key.name for n in ast.walk(lit)):
                    env.names["$key"] = "_key"
                    env.vals["$key"] = Val("_key")
                    check = ast.Literal(ast.Call(("equal",), (key, ast.Var("$key", key.pos)), key.pos), False, (), lit.pos)
                    rule = dataclasses.replace(rule, body=rule.body[: i + 1] + (check,) + rule.body[i + 1 :])
                    break
        em.rule_body(rule, env, k, heads)

    def node(self, node: Node, name: str, children, keyed: bool = False) -> str:
        """The function of a document of rules; ``keyed``: its variant for a
        ref with a ground key (``p[k]``), as OPA evaluates it: each rule only
        for that key (its key bound to it first, ``_keyed_body``), so that the
        other keys' values neither conflict nor fail."""
        out = Out(indent=1)
        em = BodyEmitter(self.mg, out)
        self.mg.runtime_names.update({"_U", "_base"})
        override = self.program.may_override(node.path)
        if override:
            self.mg.runtime_names.add("_NOTSET")
        for rule, rest in node.dynamic:
            self.mg.runtime_names.add("_insert_path")
            env = self.env_for(rule)

            def solution(env=env, rule=rule, rest=rest):
                fn = "_insert_set" if rule.kind == "set" else "_insert_path"
                last = rule.key if rule.kind == "set" else rule.value

                def insert(vs):
                    em.guard(vs, lambda: em.emit(
                        f"{fn}(_res, ({''.join(v.code + ', ' for v in vs[:-1])}), {vs[-1].code})"
                    ) if not (keyed and rest) else em.eq_then(em.defined(vs[0]), Val("_key"), lambda: em.emit(
                        f"{fn}(_res, ({''.join(v.code + ', ' for v in vs[:-1])}), {vs[-1].code})"
                    )))

                # (OPA moves each term of the head into the body on its own, in
                # order: a term's calls come before it, after the terms before)
                def each(ts, vs):
                    if not ts:
                        insert(vs)
                        return
                    em.head_term(ts[0], env, lambda v: em.guard([v], lambda: each(ts[1:], vs + [v])))

                each(list(rest) + [last], [])

            self._keyed_body(em, rule, rest[0] if rest else None, env, keyed and bool(rest), solution,
                             tuple(rest) + (rule.value,))
        what = "package" if node.is_package else "object of rules"
        return render(
            "document.py.j2",
            name=name,
            path=ref_text(node.path),
            path_tuple=tuple(node.path),
            what=what,
            override=override,
            children=children,
            keyed=keyed,
            body=Code("\n".join(out.lines)),
        )

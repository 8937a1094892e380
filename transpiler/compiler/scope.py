"""Variables, safety and the order of a body's literals.

OPA evaluates a body's literals in an order where every variable is bound
before it is read: it picks, again and again, the first literal whose inputs
are bound. ``schedule`` does the same and refuses what OPA calls unsafe.

A ``Resolver`` says whether a name is a local variable; names that resolve to
rules, imports, ``input`` or ``data`` are not variables.
"""

from __future__ import annotations

from typing import Callable

from .. import ast
from ..errors import CompileError

IsLocal = Callable[[str], bool]

COMPREHENSIONS = (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)


def is_wild(name: str) -> bool:
    return name.startswith("$wild")


# ------------------------------------------------------------ collecting vars


def term_vars(t, is_local: IsLocal, out: set | None = None, into_compr: bool = False) -> set:
    """All local variable names in ``t`` (not inside comprehensions unless asked)."""
    if out is None:
        out = set()
    _collect(t, is_local, out, into_compr)
    return out


def _collect(t, is_local, out, into_compr):
    if t is None:
        return
    if isinstance(t, ast.Var):
        if is_local(t.name):
            out.add(t.name)
    elif isinstance(t, ast.Ref):
        _collect(t.head, is_local, out, into_compr)
        for p in t.path:
            _collect(p, is_local, out, into_compr)
    elif isinstance(t, (ast.Array, ast.SetTerm)):
        for x in t.items:
            _collect(x, is_local, out, into_compr)
    elif isinstance(t, ast.Object):
        for k, v in t.items:
            _collect(k, is_local, out, into_compr)
            _collect(v, is_local, out, into_compr)
    elif isinstance(t, ast.Call):
        for a in t.args:
            _collect(a, is_local, out, into_compr)
    elif isinstance(t, ast.Membership):
        _collect(t.key, is_local, out, into_compr)
        _collect(t.value, is_local, out, into_compr)
        _collect(t.collection, is_local, out, into_compr)
    elif isinstance(t, ast.TemplateString):
        for p in t.parts:
            if not isinstance(p, str):
                _collect(p, is_local, out, into_compr)
    elif isinstance(t, ast.Literal):  # ``x with ...`` in a template string
        _collect_lit(t, is_local, out, into_compr)
    elif isinstance(t, COMPREHENSIONS):
        if into_compr:
            _add_inner(t, is_local, out)
    elif isinstance(t, (ast.Unify, ast.Assign)):
        _collect(t.left, is_local, out, into_compr)
        _collect(t.right, is_local, out, into_compr)
    elif isinstance(t, ast.SomeIn):
        _collect(t.key, is_local, out, into_compr)
        _collect(t.value, is_local, out, into_compr)
        _collect(t.collection, is_local, out, into_compr)
    elif isinstance(t, ast.SomeDecl):
        pass
    elif isinstance(t, ast.Every):
        if into_compr:
            _add_inner(t, is_local, out)
        else:
            _collect(t.domain, is_local, out, into_compr)


# (kind, id(node)) -> (the node, kept alive so that its id is not reused;
# a set of names in it). A comprehension nested n deep is asked for its names
# at each enclosing level: walking it again each time cost time quadratic in
# the depth. Cleared by each new Program.
_MEMO: dict[tuple, tuple[object, frozenset]] = {}
_MEMO_MAX = 200_000


def memo_names(kind: str, node, compute) -> frozenset:
    """``compute(node)`` (a set of names), computed once per node and kind."""
    key = (kind, id(node))
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is node:
        return hit[1]
    found = frozenset(compute(node))
    if len(_MEMO) >= _MEMO_MAX:
        _MEMO.clear()
    _MEMO[key] = (node, found)
    return found


def clear_memo_names() -> None:
    _MEMO.clear()


def _inner_names(t) -> frozenset:
    """Every variable name in comprehension or every ``t`` (its nested ones
    included), each node walked once."""
    return memo_names("inner", t, _walk_inner)


def _anything(name: str) -> bool:
    return True


def _add_inner(t, is_local, out: set) -> None:
    inner = _inner_names(t)
    out.update(inner if is_local is _anything else (n for n in inner if is_local(n)))


def _walk_inner(t) -> set:
    names: set = set()
    anything = _anything
    if isinstance(t, ast.Every):
        for x in (t.domain, t.key, t.value):
            _collect(x, anything, names, True)
    else:
        for x in _compr_terms(t):
            _collect(x, anything, names, True)
    for lit in t.body:
        _collect_lit(lit, anything, names, True)
    return names


def _collect_lit(lit: ast.Literal, is_local, out, into_compr):
    _collect(lit.expr, is_local, out, into_compr)
    for w in lit.withs:
        _collect(w.value, is_local, out, into_compr)


def _compr_terms(t):
    if isinstance(t, ast.ObjectCompr):
        return (t.key, t.value)
    return (t.term,)


def literal_vars(lit: ast.Literal, is_local: IsLocal) -> set:
    out: set = set()
    _collect_lit(lit, is_local, out, False)
    return out


def comprehensions_in(t, acc: list) -> list:
    """Comprehensions and every-bodies directly inside ``t`` (not nested deeper)."""
    if isinstance(t, COMPREHENSIONS):
        acc.append(t)
    elif isinstance(t, ast.Every):
        acc.append(t)
        comprehensions_in(t.domain, acc)
    elif isinstance(t, ast.Ref):
        comprehensions_in(t.head, acc)
        for p in t.path:
            comprehensions_in(p, acc)
    elif isinstance(t, (ast.Array, ast.SetTerm)):
        for x in t.items:
            comprehensions_in(x, acc)
    elif isinstance(t, ast.Object):
        for k, v in t.items:
            comprehensions_in(k, acc)
            comprehensions_in(v, acc)
    elif isinstance(t, ast.Call):
        for a in t.args:
            comprehensions_in(a, acc)
    elif isinstance(t, ast.Membership):
        for x in (t.key, t.value, t.collection):
            if x is not None:
                comprehensions_in(x, acc)
    elif isinstance(t, ast.TemplateString):
        for p in t.parts:
            if not isinstance(p, str):
                comprehensions_in(p, acc)
    elif isinstance(t, ast.Literal):  # ``x with ...`` in a template string
        comprehensions_in(t.expr, acc)
        for w in t.withs:
            comprehensions_in(w.value, acc)
    elif isinstance(t, (ast.Unify, ast.Assign)):
        comprehensions_in(t.left, acc)
        comprehensions_in(t.right, acc)
    elif isinstance(t, ast.SomeIn):
        for x in (t.key, t.value, t.collection):
            if x is not None:
                comprehensions_in(x, acc)
    return acc


# ------------------------------------------------------------------ needs


class Needs:
    """What a literal needs bound before it runs, given the bound set."""

    def __init__(self, is_local: IsLocal, outer: set, names_function=None):
        self.is_local = is_local
        self.outer = outer  # variables of the enclosing scopes (closure candidates)
        # names_function(term): the term names a function or builtin (a `with` mock value)
        self.names_function = names_function or (lambda t: False)

    def ground(self, t, bound: set) -> set:
        """Variables that must be bound to evaluate ``t`` as a value. Variables in
        ref selectors are not needed: an unbound one makes the ref iterate."""
        need: set = set()
        self._ground(t, bound, need)
        return need

    def _ground(self, t, bound, need):
        if t is None:
            return
        if isinstance(t, ast.Var):
            if self.is_local(t.name):
                need.add(t.name)
        elif isinstance(t, ast.Ref):
            self._ground(t.head, bound, need)
            for p in t.path:
                if isinstance(p, ast.Var):
                    continue
                if isinstance(p, (ast.Array, ast.Object)):
                    self._pattern(p, bound, need)
                    continue
                self._ground(p, bound, need)
        elif isinstance(t, COMPREHENSIONS) or isinstance(t, ast.Every):
            need.update(n for n in _inner_names(t) & self.outer if self.is_local(n))
        elif isinstance(t, ast.Membership):
            for x in (t.key, t.value, t.collection):
                self._ground(x, bound, need)
        elif isinstance(t, ast.Call):
            for a in t.args:
                self._ground(a, bound, need)
        elif isinstance(t, (ast.Array, ast.SetTerm)):
            for x in t.items:
                self._ground(x, bound, need)
        elif isinstance(t, ast.Object):
            for k, v in t.items:
                self._ground(k, bound, need)
                self._ground(v, bound, need)
        elif isinstance(t, ast.TemplateString):
            for p in t.parts:
                if not isinstance(p, str):
                    self._ground(p, bound, need)
        elif isinstance(t, ast.Literal):  # ``x with ...`` in a template string
            self._ground(t.expr, bound, need)
            for w in t.withs:
                if not self.names_function(w.value):
                    self._ground(w.value, bound, need)

    def pattern(self, t, bound: set) -> set:
        """Variables needed when ``t`` is matched as a pattern against a value:
        plain variables may be bound by the match; object keys, refs and calls
        inside the pattern must be evaluable."""
        need: set = set()
        self._pattern(t, bound, need)
        return need

    def _pattern(self, t, bound, need):
        if isinstance(t, ast.Var):
            return
        if isinstance(t, ast.Array):
            for x in t.items:
                self._pattern(x, bound, need)
        elif isinstance(t, ast.Object):
            for k, v in t.items:
                self._ground(k, bound, need)
                self._pattern(v, bound, need)
        else:
            self._ground(t, bound, need)

    def is_pattern(self, t) -> bool:
        return isinstance(t, (ast.Var, ast.Array, ast.Object)) and not (
            isinstance(t, ast.Var) and not self.is_local(t.name)
        )

    def unify_ready(self, left, right, bound: set) -> bool:
        bad = mismatched(left, right)
        if bad:
            # a part that can never unify binds nothing: its variables must be
            # bound by other literals (OPA: "var x is unsafe")
            blocked = set().union(*(term_vars(a, self.is_local) | term_vars(b, self.is_local) for a, b in bad))
            if not blocked <= bound:
                return False
        if self.ground(right, bound) <= bound and (
            self.is_pattern(left) and self.pattern(left, bound) <= bound
            or self.ground(left, bound) <= bound
        ):
            return True
        if self.ground(left, bound) <= bound and (
            self.is_pattern(right) and self.pattern(right, bound) <= bound
        ):
            return True
        if isinstance(left, ast.Array) and isinstance(right, ast.Array):
            if len(left.items) != len(right.items):
                return True  # fails at once; nothing to bind
            return self._pairs_ready(list(zip(left.items, right.items)), bound)
        if isinstance(left, ast.Object) and isinstance(right, ast.Object):
            pairs = _object_pairs(left, right)
            if pairs is None:
                return False
            return self._pairs_ready(pairs, bound)
        return False

    def _pairs_ready(self, pairs, bound) -> bool:
        b = set(bound)
        todo = list(pairs)
        while todo:
            for i, (l, r) in enumerate(todo):
                if self.unify_ready(l, r, b):
                    b |= term_vars(l, self.is_local) | term_vars(r, self.is_local)
                    todo.pop(i)
                    break
            else:
                return False
        return True

    def literal_ready(self, lit: ast.Literal, bound: set) -> bool:
        for w in lit.withs:
            if self.names_function(w.value):
                continue
            if not self.ground(w.value, bound) <= bound:
                return False
        e = lit.expr
        if lit.negated:
            # every variable of a negated expression must be bound before it,
            # wildcards included (OPA: "var _ is unsafe")
            need = term_vars(e, self.is_local) | self.ground(e, bound)
            return need <= bound
        if isinstance(e, ast.SomeDecl):
            return True
        if isinstance(e, (ast.Unify, ast.Assign)):
            return self.unify_ready(e.left, e.right, bound)
        if isinstance(e, ast.SomeIn):
            if not self.ground(e.collection, bound) <= bound:
                return False
            need = set()
            for x in (e.key, e.value):
                if x is not None:
                    need |= self.pattern(x, bound)
            return need <= bound
        if isinstance(e, ast.Every):
            return self.ground(e, bound) <= bound and self.ground(e.domain, bound) <= bound
        return self.ground(e, bound) - self.outputs(e) <= bound and self._closures_ready(e, bound)

    def _units(self, e):
        """The comprehensions of the expression ``e`` itself and the calls
        nested in it (expressions of their own after OPA's rewriting)."""
        top, nested = [], []

        def visit(n):
            if isinstance(n, COMPREHENSIONS):
                top.append(n)
            elif isinstance(n, ast.Call) and n is not e:
                nested.append(n)
            else:
                for c in ast.children(n):
                    visit(c)

        visit(e)
        return top, nested

    def _closure_vars(self, c) -> set:
        return {n for n in _inner_names(c) & self.outer if self.is_local(n)}

    def _closures_ready(self, e, bound: set) -> bool:
        """OPA: the outer variables of a comprehension must be bound by
        another expression than the one holding it. A call nested in the
        literal is an expression of its own after OPA's rewriting, which may
        bind them (``count(input[x]) == count([x | true])`` is safe)."""
        top, nested = self._units(e)
        if not top:
            return True
        avail = set(bound)
        for c in nested:
            avail |= self.outputs(c)
        return all(self._closure_vars(c) <= avail for c in top)

    def closure_self(self, lit: ast.Literal, globals_: set) -> str | None:
        """A variable of the body that a comprehension of the expression uses
        and a ref of the same expression iterates: OPA's safety check rejects
        the expression at once, even when the variable is bound before
        (``x := 1; [x | true] != input[x]`` is "var x is unsafe")."""
        e = lit.expr
        if lit.negated or isinstance(e, (ast.SomeDecl, ast.Unify, ast.Assign, ast.SomeIn, ast.Every)):
            return None
        top, nested = self._units(e)
        if not top:
            return None
        own = self.outputs(e)
        for c in nested:
            own -= self.outputs(c)
        for c in top:
            bad = sorted((self._closure_vars(c) & own) - globals_)
            if bad:
                return bad[0]
        return None

    def outputs(self, t) -> set:
        """Variables a term binds by itself: unbound ref selectors (and the
        variables of pattern selectors)."""
        out: set = set()

        def visit(x):
            if isinstance(x, ast.Ref):
                visit(x.head)
                for p in x.path:
                    if isinstance(p, ast.Var):
                        if self.is_local(p.name):
                            out.add(p.name)
                    elif isinstance(p, (ast.Array, ast.Object)):
                        out.update(term_vars(p, self.is_local))
                    else:
                        visit(p)
            elif isinstance(x, ast.Call):
                for a in x.args:
                    visit(a)
            elif isinstance(x, (ast.Array, ast.SetTerm)):
                for i in x.items:
                    visit(i)
            elif isinstance(x, ast.Object):
                for a, b in x.items:
                    visit(a)
                    visit(b)
            elif isinstance(x, ast.Membership):
                for i in (x.key, x.value, x.collection):
                    if i is not None:
                        visit(i)

        visit(t)
        return out


def _kind(t):
    """The type of a term known from its syntax alone, else None."""
    if isinstance(t, (ast.Array, ast.ArrayCompr)):
        return "array"
    if isinstance(t, (ast.Object, ast.ObjectCompr)):
        return "object"
    if isinstance(t, (ast.SetTerm, ast.SetCompr)):
        return "set"
    if isinstance(t, ast.Scalar):
        v = t.value
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "boolean"
        return "number" if isinstance(v, (int, float)) else "string"
    return None


def mismatched(a, b) -> list:
    """The pairs of parts of ``a = b`` whose shapes can never unify, known from
    the literals (different types, arrays of different lengths, objects with
    different constant keys), following the parts that do match. OPA's type
    checker rejects such a unification once its variables are safe."""
    ka, kb = _kind(a), _kind(b)
    if ka is None or kb is None:
        return []
    if ka != kb:
        return [(a, b)]
    if isinstance(a, ast.Array) and isinstance(b, ast.Array):
        if len(a.items) != len(b.items):
            return [(a, b)]
        return [p for x, y in zip(a.items, b.items) for p in mismatched(x, y)]
    if isinstance(a, ast.Object) and isinstance(b, ast.Object):
        if not all(isinstance(k, ast.Scalar) for k, _ in a.items + b.items):
            return []
        pairs = _object_pairs(a, b)
        if pairs is None:
            return [(a, b)]
        return [p for x, y in pairs for p in mismatched(x, y)]
    return []


def _object_pairs(left: ast.Object, right: ast.Object):
    """Pair the values of two object literals by their (constant) keys."""
    def key(t):
        if isinstance(t, ast.Scalar):
            return (type(t.value).__name__ if isinstance(t.value, bool) else "v", t.value)
        return None

    lk = {key(k): v for k, v in left.items}
    rk = {key(k): v for k, v in right.items}
    if None in lk or None in rk or set(lk) != set(rk):
        return None
    return [(lk[k], rk[k]) for k in lk]


def schedule(body, needs: Needs, bound: set, source=None, output_call=None) -> list:
    """Order ``body`` as OPA does; raise an unsafe-variable error if impossible.

    ``output_call(lit)`` tells whether a literal is a builtin call in the
    output-argument form (``count(x, n)``), whose last argument is bound by it.
    """
    out = []
    b = set(bound)
    for lit in body:
        name = needs.closure_self(lit, b)
        if name is not None:
            pos = _var_pos(lit, name) or lit.pos
            name = name.split("$", 1)[0] if not name.startswith("$") else name
            raise CompileError(pos, f"var {name} is unsafe", source, "rego_unsafe_var_error")
    todo = list(body)
    while todo:
        for i, lit in enumerate(todo):
            if output_call is not None and not lit.negated and output_call(lit):
                call = lit.expr
                ok = all(needs.ground(a, b) <= b for a in call.args[:-1]) and (
                    needs.pattern(call.args[-1], b) <= b
                    if needs.is_pattern(call.args[-1])
                    else needs.ground(call.args[-1], b) <= b
                )
            else:
                ok = needs.literal_ready(lit, b)
            if ok:
                out.append(lit)
                if not lit.negated:
                    b |= binds(lit, needs.is_local)
                todo.pop(i)
                break
        else:
            lit = todo[0]
            missing = sorted(
                v
                for lit2 in todo
                for v in literal_vars(lit2, needs.is_local) | needs.ground(lit2.expr, b)
                if v not in b
            )
            named = [v for v in missing if not is_wild(v)]
            name = (named or missing or ["?"])[0]
            pos = _var_pos(lit, name) or lit.pos
            if is_wild(name):
                name = "_"
            name = name.split("$", 1)[0] if not name.startswith("$") else name
            raise CompileError(pos, f"var {name} is unsafe", source, "rego_unsafe_var_error")
    return out


def binds(lit: ast.Literal, is_local: IsLocal) -> set:
    """Variables bound once ``lit`` has run (all its variables, outside
    comprehensions; nothing for negations and every)."""
    e = lit.expr
    if lit.negated or isinstance(e, (ast.Every, ast.SomeDecl)):
        return set()
    return literal_vars(lit, is_local)


def _var_pos(node, name):
    return next((t.pos for t in ast.walk(node) if isinstance(t, ast.Var) and t.name == name), None)

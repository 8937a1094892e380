"""Local variables and their scopes, as OPA's ``rewriteLocalVars`` sees them.

A variable introduced by ``:=``, ``some x``, ``some x in``, ``some k, x in``,
``every k, v in`` is a new variable of its scope: inside a comprehension or an
``every`` body it shadows an outer variable of the same name, and in the scope
that already knows the name it is an error (``var x assigned above``,
``declared above``, ``referenced above``, ``arg x redeclared``). A variable
declared with ``some`` (or by ``every``) and never used is an error too.

``localize_rule`` and ``localize_query`` return a copy of the AST where every
shadowing variable has a name of its own (``x$l3``), so that later passes
(safety, scheduling, code generation) can treat equal names as one variable.
A name that stays unambiguous in its rule keeps its source spelling.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Callable

from .. import ast
from ..errors import CompileError
from .scope import memo_names

IsGlobal = Callable[[str], bool]

SEEN, ARG, ASSIGNED, DECLARED = "seen", "arg", "assigned", "declared"
COMPREHENSIONS = (ast.ArrayCompr, ast.SetCompr, ast.ObjectCompr)


def rego_name(name: str) -> str:
    """The source spelling of a (possibly renamed) variable."""
    if name.startswith("$"):
        return name
    return name.split("$", 1)[0]


class _Scope:
    __slots__ = ("names", "occ", "serial")
    serials = itertools.count()

    def __init__(self, serial: int | None = None):
        self.serial = next(self.serials) if serial is None else serial
        self.names: dict[str, str] = {}  # source name -> name in the rewritten AST
        self.occ: dict[str, str] = {}  # source name -> SEEN / ARG / ASSIGNED / DECLARED


class _Localizer:
    def __init__(self, is_global: IsGlobal, source: str | None):
        self.is_global = is_global
        self.source = source
        self.stack: list[_Scope] = []
        self.count = 0
        self.path_of: dict[str, tuple] = {}  # generated name -> its scope and the enclosing ones

    # -- the scope stack ------------------------------------------------

    def lookup(self, name: str):
        for scope in reversed(self.stack):
            if name in scope.names:
                return scope.names[name]
        return None

    def error(self, pos, message):
        raise CompileError(pos, message, self.source, "rego_compile_error")

    def declare(self, var: ast.Var, occ: str, pos) -> ast.Var:
        top = self.stack[-1]
        prev = top.occ.get(var.name)
        if prev is not None:
            what = {SEEN: "var {} referenced above", ASSIGNED: "var {} assigned above",
                    DECLARED: "var {} declared above", ARG: "arg {} redeclared"}[prev]
            self.error(pos, what.format(var.name))
        self.count += 1
        new = f"{var.name}$l{self.count}"
        top.names[var.name] = new
        top.occ[var.name] = occ
        self.path_of[new] = tuple(sc.serial for sc in self.stack)
        return ast.Var(new, var.pos)

    # -- terms ----------------------------------------------------------

    def var(self, v: ast.Var) -> ast.Var:
        if v.name.startswith("$"):
            return v
        new = self.lookup(v.name)
        if new is not None:
            return v if new == v.name else ast.Var(new, v.pos)
        if self.is_global(v.name):
            return v
        self.stack[-1].names[v.name] = v.name
        self.stack[-1].occ[v.name] = SEEN
        return v

    def term(self, t):
        if t is None or isinstance(t, (ast.Scalar, str)):
            return t
        if isinstance(t, ast.Var):
            return self.var(t)
        if isinstance(t, COMPREHENSIONS):
            return self.comprehension(t)
        if isinstance(t, ast.Every):
            return self.every(t)
        if isinstance(t, ast.Ref):
            return dataclasses.replace(t, head=self.term(t.head), path=tuple(self.term(p) for p in t.path))
        if isinstance(t, (ast.Array, ast.SetTerm)):
            return dataclasses.replace(t, items=tuple(self.term(x) for x in t.items))
        if isinstance(t, ast.Object):
            return dataclasses.replace(t, items=tuple((self.term(k), self.term(v)) for k, v in t.items))
        if isinstance(t, ast.Call):
            return dataclasses.replace(t, args=tuple(self.term(a) for a in t.args))
        if isinstance(t, ast.Membership):
            return dataclasses.replace(
                t, key=self.term(t.key), value=self.term(t.value), collection=self.term(t.collection)
            )
        if isinstance(t, ast.TemplateString):
            return dataclasses.replace(t, parts=tuple(self.term(p) for p in t.parts))
        if isinstance(t, ast.Literal):  # ``x with ...`` in a template string
            return dataclasses.replace(t, expr=self.term(t.expr), withs=self.withs(t))
        if isinstance(t, (ast.Unify, ast.Assign)):
            return dataclasses.replace(t, left=self.term(t.left), right=self.term(t.right))
        if isinstance(t, ast.SomeIn):
            return dataclasses.replace(
                t, key=self.term(t.key), value=self.term(t.value), collection=self.term(t.collection)
            )
        if isinstance(t, ast.SomeDecl):
            return t
        return t

    def comprehension(self, t):
        used = _vars_of(t.key, t.value) if isinstance(t, ast.ObjectCompr) else _vars_of(t.term)
        self.stack.append(_Scope())
        body = self.body(t.body, used)
        if isinstance(t, ast.ObjectCompr):
            out = dataclasses.replace(t, key=self.term(t.key), value=self.term(t.value), body=body)
        else:
            out = dataclasses.replace(t, term=self.term(t.term), body=body)
        self.stack.pop()
        return out

    def every(self, e: ast.Every):
        domain = self.term(e.domain)
        self.stack.append(_Scope())
        key, value = e.key, e.value
        if key is not None and not key.name.startswith("$"):
            key = self.declare(key, DECLARED, e.pos)
        if not value.name.startswith("$"):
            value = self.declare(value, DECLARED, e.pos)
        body = self.body(e.body, set())
        self.stack.pop()
        return dataclasses.replace(e, key=key, value=value, domain=domain, body=body)

    # -- bodies ---------------------------------------------------------

    def withs(self, lit: ast.Literal):
        return tuple(dataclasses.replace(w, value=self.term(w.value)) for w in lit.withs)

    def body(self, lits, used: set) -> tuple:
        out = []
        for lit in lits:
            e = lit.expr
            if isinstance(e, ast.Assign):
                if lit.negated:
                    self.error(lit.pos, "cannot assign vars inside negated expression")
                right = self.term(e.right)
                withs = self.withs(lit)
                left = self.assign_target(e.left)
                out.append(dataclasses.replace(lit, expr=dataclasses.replace(e, left=left, right=right), withs=withs))
            elif isinstance(e, ast.SomeDecl):
                names = tuple(self.declare(v, DECLARED, e.pos) for v in e.names)
                out.append(dataclasses.replace(lit, expr=dataclasses.replace(e, names=names)))
            elif isinstance(e, ast.SomeIn):
                outputs = _pattern_vars(e.key) | _pattern_vars(e.value)
                outputs -= {v for v in _vars_of(e.collection)}
                for name in sorted(outputs):
                    self.declare(ast.Var(name, e.pos), DECLARED, e.pos)
                out.append(dataclasses.replace(lit, expr=self.term(e), withs=self.withs(lit)))
            else:
                out.append(dataclasses.replace(lit, expr=self.term(e), withs=self.withs(lit)))
        self.check_unused(lits, out, used)
        return tuple(out)

    def assign_target(self, t):
        if isinstance(t, ast.Var):
            if t.name.startswith("$"):
                return t
            return self.declare(t, ASSIGNED, t.pos)
        if isinstance(t, ast.Array):
            return dataclasses.replace(t, items=tuple(self.assign_target(x) for x in t.items))
        if isinstance(t, ast.Object):
            return dataclasses.replace(t, items=tuple((k, self.assign_target(v)) for k, v in t.items))
        self.error(t.pos, f"cannot assign to {_type_name(t)}")

    def check_unused(self, lits, out, used: set) -> None:
        top = self.stack[-1]
        declared = {top.names[n]: n for n, occ in top.occ.items() if occ == DECLARED}
        if not declared:
            return
        present = _vars_of(*out, skip_decl=True)
        present |= {self.lookup(n) or n for n in used}
        for new in sorted(set(declared) - present, key=lambda g: declared[g]):
            self.error(lits[0].pos if lits else None, f"declared var {declared[new]} unused")


# ------------------------------------------------------------------ rules


def localize_rule(rule: ast.Rule, is_global: IsGlobal, source: str | None) -> ast.Rule:
    """``rule`` (and its else chain) with its local variables scoped as OPA does."""
    clauses = []
    r = rule
    while r is not None:
        clauses.append(_localize_clause(r, is_global, source))
        r = r.else_
    out = None
    for c in reversed(clauses):
        out = dataclasses.replace(c, else_=out)
    return out


def _localize_clause(rule: ast.Rule, is_global: IsGlobal, source) -> ast.Rule:
    lz = _Localizer(is_global, source)
    # comprehensions in the head have scopes of their own (OPA rewrites them
    # with a fresh stack before the body)
    heads = {}
    root = _Scope()
    lz.root = root.serial
    for name in ("value", "key"):
        t = getattr(rule, name)
        if t is not None:
            heads[name] = _head_comprehensions(t, lz)
    path = tuple(_head_comprehensions(p, lz) for p in rule.ref.path)
    lz.stack = [root]
    args = None
    if rule.args is not None:
        args = tuple(_arg(a, lz) for a in rule.args)
    # a template-string argument reads variables of the body, as the head does
    templates = [a for a in args or () if isinstance(a, ast.TemplateString)]
    used = _vars_of(*heads.values(), *path, *templates)
    body = lz.body(rule.body, used)
    names = lz.stack[-1].names
    if templates:
        args = tuple(_rename(a, names) if isinstance(a, ast.TemplateString) else a for a in args)
    changes = {name: _rename(t, names) for name, t in heads.items()}
    ref = dataclasses.replace(rule.ref, path=tuple(_rename(p, names) for p in path))
    new = dataclasses.replace(rule, ref=ref, body=body, args=args, **changes)
    return _restore_names(new, lz.path_of)


def localize_query(body, is_global: IsGlobal, source: str | None = None) -> tuple:
    lz = _Localizer(is_global, source)
    lz.stack = [_Scope()]
    out = lz.body(tuple(body), set())
    return _restore_names(out, lz.path_of)


def _arg(t, lz: _Localizer):
    if isinstance(t, ast.Var):
        if not t.name.startswith("$") and lz.lookup(t.name) is None:
            lz.stack[-1].names[t.name] = t.name
            lz.stack[-1].occ[t.name] = ARG
        return t
    if isinstance(t, (ast.Array, ast.SetTerm)):
        return dataclasses.replace(t, items=tuple(_arg(x, lz) for x in t.items))
    if isinstance(t, ast.Object):
        return dataclasses.replace(t, items=tuple((k, _arg(v, lz)) for k, v in t.items))
    return t


def _head_comprehensions(t, lz: _Localizer):
    """Rewrite the comprehensions of a head term, each in a fresh scope."""
    if isinstance(t, COMPREHENSIONS):
        # (evaluated after the body, in its scope: the paths say so)
        lz.stack = [_Scope(lz.root)]
        out = lz.comprehension(t)
        lz.stack = []
        return out
    return _map_children(t, lambda x: _head_comprehensions(x, lz))


def _rename(t, names: dict):
    """Vars of ``t`` (deep) renamed by ``names``."""
    if isinstance(t, ast.Var):
        new = names.get(t.name)
        return ast.Var(new, t.pos) if new is not None and new != t.name else t
    return _map_children(t, lambda x: _rename(x, names))


def _map_children(t, fn):
    if t is None or isinstance(t, (str, int, float, bool, ast.Scalar, ast.Var)):
        return t
    if isinstance(t, tuple):
        return tuple(fn(x) for x in t)
    if not dataclasses.is_dataclass(t):
        return t
    changes = {}
    for f in dataclasses.fields(t):
        if f.name == "pos":
            continue
        old = getattr(t, f.name)
        if old is None or isinstance(old, (str, int, float, bool)):
            continue
        if isinstance(old, tuple):
            new = tuple(
                tuple(fn(y) for y in x) if isinstance(x, tuple) else fn(x) for x in old
            )
        else:
            new = fn(old)
        if new is not old:
            changes[f.name] = new
    return dataclasses.replace(t, **changes) if changes else t


def _restore_names(node, path_of: dict):
    """Give generated names back their source spelling where no other variable
    of that name is visible: the variable of the outermost scope first, then
    those of scopes that do not nest in one another."""
    groups: dict[str, list[str]] = {}
    for name in _ordered_vars(node):
        if name.startswith("$"):
            continue
        group = groups.setdefault(rego_name(name), [])
        if name not in group:
            group.append(name)
    mapping: dict[str, str] = {}
    for base, names in groups.items():
        gen = sorted((n for n in names if n != base), key=lambda n: len(path_of[n]))
        if not gen:
            continue
        taken: list[tuple] = []
        if base in names:
            if len(path_of[gen[0]]) == 1:
                mapping[base] = base + "$p"  # a plain variable, another than the outer declared one
            else:
                taken.append(())
        for n in gen:
            p = path_of[n]
            if all(p[: len(q)] != q and q[: len(p)] != p for q in taken):
                mapping[n] = base
                taken.append(p)
    if not mapping:
        return node
    return _rename_all(node, mapping)


def _rename_all(node, mapping):
    if isinstance(node, ast.Var):
        new = mapping.get(node.name)
        return ast.Var(new, node.pos) if new is not None else node
    if isinstance(node, ast.Rule):
        # the rule's name stays; the else chain is localized clause by clause
        ref = dataclasses.replace(node.ref, path=_rename_all(node.ref.path, mapping))
        fields = {f: _rename_all(getattr(node, f), mapping) for f in ("args", "key", "value", "body")}
        return dataclasses.replace(node, ref=ref, **fields)
    return _map_children(node, lambda x: _rename_all(x, mapping))


def _ordered_vars(node, skip_decl: bool = False) -> list:
    out: list = []

    def visit(x):
        if x is None or isinstance(x, (str, int, float, bool, ast.Scalar)):
            return
        if skip_decl and isinstance(x, ast.SomeDecl):
            return
        if isinstance(x, ast.Var):
            out.append(x.name)
            return
        if isinstance(x, ast.Rule):
            for f in ("args", "key", "value", "body"):
                visit(getattr(x, f))
            visit(x.ref.path)
            return
        if isinstance(x, tuple):
            for y in x:
                visit(y)
            return
        if dataclasses.is_dataclass(x):
            for f in dataclasses.fields(x):
                if f.name != "pos":
                    visit(getattr(x, f.name))

    visit(node)
    return out


def _vars_of(*terms, skip_decl: bool = False) -> set:
    """The names of ``terms``' variables (not generated ``$`` ones); each
    comprehension or every is walked once (memo_names), however deep."""
    out: set = set()
    for t in terms:
        _add_vars(t, skip_decl, out)
    return out


def _add_vars(x, skip_decl: bool, out: set) -> None:
    if x is None or isinstance(x, (str, int, float, bool, ast.Scalar)):
        return
    if skip_decl and isinstance(x, ast.SomeDecl):
        return
    if isinstance(x, ast.Var):
        if not x.name.startswith("$"):
            out.add(x.name)
        return
    if isinstance(x, tuple):
        for y in x:
            _add_vars(y, skip_decl, out)
        return
    if isinstance(x, (ast.Every, *COMPREHENSIONS)):
        out |= memo_names(f"vars{skip_decl:d}", x, lambda n: _fields_vars(n, skip_decl))
        return
    if isinstance(x, ast.Rule):
        for f in ("args", "key", "value", "body"):
            _add_vars(getattr(x, f), skip_decl, out)
        _add_vars(x.ref.path, skip_decl, out)
        return
    if dataclasses.is_dataclass(x):
        _fields_vars(x, skip_decl, out)


def _fields_vars(x, skip_decl: bool, out: set | None = None) -> set:
    out = set() if out is None else out
    for f in dataclasses.fields(x):
        if f.name != "pos":
            _add_vars(getattr(x, f.name), skip_decl, out)
    return out


def _pattern_vars(t) -> set:
    if t is None:
        return set()
    if isinstance(t, ast.Var):
        return set() if t.name.startswith("$") else {t.name}
    if isinstance(t, ast.Array):
        return set().union(*(_pattern_vars(x) for x in t.items)) if t.items else set()
    if isinstance(t, ast.Object):
        return set().union(*(_pattern_vars(v) for _, v in t.items)) if t.items else set()
    return set()


def _type_name(t) -> str:
    if isinstance(t, ast.Scalar):
        v = t.value
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "boolean"
        if isinstance(v, (int, float)):
            return "number"
        return "string"
    if isinstance(t, ast.SetTerm):
        return "set"
    if isinstance(t, ast.Ref):
        return "ref"
    if isinstance(t, ast.Call):
        return "call"
    if isinstance(t, COMPREHENSIONS):
        return {ast.ArrayCompr: "arraycomprehension", ast.SetCompr: "setcomprehension",
                ast.ObjectCompr: "objectcomprehension"}[type(t)]
    return type(t).__name__.lower()

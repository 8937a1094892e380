"""Which terms may raise an error that OPA's default mode keeps.

In OPA's default mode a builtin error makes its expression undefined, so
the order in which a body evaluates its builtins cannot be seen there, and
the code generator takes shortcuts in default mode (calls left where they
are written, no index check of a membership's operands, an ``every``'s
domain in any order). A conflict is no builtin error: default mode raises
it as strict mode does, and then OPA's order decides whether it is reached
(``x := object.remove({"": u | some u in {0, 1}}, input.missing)`` is
undefined, not a conflict). Those shortcuts are taken only where nothing
evaluated can raise such an error: an object comprehension (two values for
one key), a rule or function that may conflict (or reads one that may, at
any depth), a mocked builtin (its mock may be such a function).
"""

from __future__ import annotations

from .. import ast
from ..errors import RegoError
from .modgen import _dotted
from .resolve import Env
from .tree import Leaf, Node


class KeptErrors:
    """The answers for one program, memoised by rule tree element."""

    def __init__(self, program):
        self.program = program
        self.memo: dict[int, bool] = {}

    def term(self, mg, root, env: Env) -> bool:
        """Whether evaluating ``root`` (a term, literal or tuple of them)
        with the locals of ``env`` may raise a kept error."""
        local = _declared(root)
        if local - env.declared:
            env = Env(env.resolver, env.names, env.declared | local)
        for n in ast.walk(root):
            if isinstance(n, ast.ObjectCompr):
                return True
            if isinstance(n, ast.Call):
                if mg.is_mocked_builtin(n.name):
                    return True
                path = self.program.function_path(tuple(n.name), env)
                if path is not None and self._path(mg, path):
                    return True
            elif isinstance(n, (ast.Ref, ast.Var)):
                path = self._data_path(n, env)
                if path is not None and self._path(mg, path):
                    return True
        return False

    def _data_path(self, n, env: Env):
        head, sels = (n.head, n.path) if isinstance(n, ast.Ref) else (n, ())
        if not isinstance(head, ast.Var) or env.is_local(head.name):
            return None
        prefix = []
        for sel in sels:
            if not (isinstance(sel, ast.Scalar) and isinstance(sel.value, str)):
                break
            prefix.append(sel.value)
        name = head.name
        if name == "data":
            return tuple(prefix)
        imp = env.resolver.imports.get(name)
        if imp is not None:
            p = _dotted(imp)
            if p is None or p[0] != "data":
                return None
            return tuple(p[1:]) + tuple(prefix)
        if name in env.resolver.rules:
            return tuple(env.resolver.package) + (name,) + tuple(prefix)
        return None

    def _path(self, mg, path) -> bool:
        el, depth = self.program.tree.lookup(tuple(path))
        if isinstance(el, Leaf) or depth == len(path) or el.dynamic:
            return self.element(mg, el)
        return False  # (base data below a document of rules)

    def element(self, mg, el) -> bool:
        """Whether reading tree element ``el`` (a rule, or a document of rules)
        may raise a kept error."""
        known = self.memo.get(id(el))
        if known is not None:
            return known
        self.memo[id(el)] = False  # (Rego has no recursion: refused elsewhere)
        # (looking into other rules records no dependency of the rule being made)
        current, self.program._current = getattr(self.program, "_current", None), None
        try:
            known = self._element(mg, el)
        finally:
            self.program._current = current
        self.memo[id(el)] = known
        return known

    def _element(self, mg, el) -> bool:
        if isinstance(el, Node):
            known = bool(el.dynamic) or any(self.element(mg, c) for c in el.children.values())
        elif isinstance(el, Leaf):
            known = self._leaf_conflicts(mg, el) or any(
                self._rule(mg, r) for r in el.rules + ([el.default] if el.default is not None else [])
            )
        else:
            known = False
        return known

    def _rule(self, mg, rule: ast.Rule) -> bool:
        from .rules import RuleGen

        r = rule
        while r is not None:
            env = RuleGen(mg, self.program).env_for(r)
            env.declared |= {n.name for n in ast.walk(r.args or ()) if isinstance(n, ast.Var)}
            if self.term(mg, (r.args or (), tuple(r.body), r.key, r.value), env):
                return True
            r = r.else_
        return False

    def _leaf_conflicts(self, mg, leaf: Leaf) -> bool:
        from .modgen import ModuleGen
        from .rules import RuleGen

        # (its clauses are written on the side: the module being made gets none of their names)
        gen = RuleGen(ModuleGen(self.program, self.program.module_key(leaf.path)), self.program)
        try:
            if leaf.kind == "function":
                return gen.may_conflict(leaf)
            if leaf.kind == "complete":
                return gen.complete_may_conflict(leaf)
        except RegoError:  # (reported where the rule itself is made)
            return True
        return False


def _declared(roots) -> set:
    """The names declared below ``roots`` (``some``, ``:=``, ``some .. in``,
    ``every``): locals wherever they are used, not rules of the package."""
    out: set = set()

    def names(t):
        return {n.name for n in ast.walk(t) if isinstance(n, ast.Var)} if t is not None else set()

    for n in ast.walk(roots):
        if isinstance(n, ast.SomeDecl):
            out.update(v.name for v in n.names)
        elif isinstance(n, ast.Assign):
            out |= names(n.left)
        elif isinstance(n, (ast.SomeIn, ast.Every)):
            out |= names(n.key) | names(n.value)
    return out

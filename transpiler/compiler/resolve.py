"""Name resolution inside one package: what a name in a body refers to."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import ast
from ..errors import CompileError

ROOTS = ("input", "data")


@dataclass
class Resolver:
    """The names visible in a module: its package, imports and rules."""

    package: tuple[str, ...]
    imports: dict[str, ast.Ref] = field(default_factory=dict)  # alias -> ref (input... or data...)
    rules: set[str] = field(default_factory=set)  # first segments of the package's rules
    source: str | None = None
    v0: bool = False

    @classmethod
    def for_module(cls, mod: ast.Module, rules: set[str], source: str | None):
        imports: dict[str, ast.Ref] = {}
        for imp in mod.imports:
            path = imp.path
            head = path.head.name if isinstance(path.head, ast.Var) else None
            if head in ("future", "rego"):
                continue
            if head not in ROOTS:
                raise CompileError(
                    imp.pos,
                    f"invalid import {head}: must begin with input or data",
                    source,
                    "rego_parse_error",
                )
            alias = imp.alias
            if alias is None:
                last = path.path[-1] if path.path else path.head
                if isinstance(last, ast.Scalar) and isinstance(last.value, str):
                    alias = last.value
                elif isinstance(last, ast.Var):
                    alias = last.name
                else:
                    raise CompileError(imp.pos, "import path must end with a name", source, "rego_parse_error")
            if alias in imports and imports[alias] != path:
                raise CompileError(imp.pos, f"import {alias} is declared twice", source, "rego_compile_error")
            imports[alias] = path
        return cls(mod.package, imports, set(rules), source, mod.v0)

    def is_global(self, name: str) -> bool:
        return name in ROOTS or name in self.rules or name in self.imports


@dataclass
class Env:
    """The state of the emitter inside one body scope."""

    resolver: Resolver
    names: dict[str, str]  # bound Rego variable -> Python expression
    declared: set[str]  # names declared local (some, :=, arguments): shadow rules
    inp: str = "input"
    ctx: str = "_ctx"
    outer: frozenset = frozenset()  # variables of enclosing bodies (closure candidates)
    vals: dict = field(default_factory=dict)  # bound variable -> Val (kind, constant)
    literals: dict = field(default_factory=dict)  # variable assigned a literal (x := 1) -> its value
    # OPA's type checker looks at this body (not at the body of an ``every``,
    # though at the comprehensions inside one)
    typed: bool = True
    untyped: frozenset = frozenset()  # function arguments OPA has no type for (opatypes.py)
    # in the body of an every: the variables bound outside it, whose refs OPA
    # still checks (its ref checker walks the body; its type checker does not)
    checked_refs: frozenset = frozenset()

    def is_local(self, name: str) -> bool:
        if name in self.declared or name in self.names:
            return True
        return not self.resolver.is_global(name)

    def child(self, **kw) -> "Env":
        env = Env(
            self.resolver,
            dict(self.names),
            set(self.declared),
            self.inp,
            self.ctx,
            self.outer,
            dict(self.vals),
            dict(self.literals),
            self.typed,
            self.untyped,
            self.checked_refs,
        )
        for k, v in kw.items():
            setattr(env, k, v)
        return env

"""OPA's CheckUndefinedFuncs stage: every call names a function (a builtin
or a rule of the program) and gives it as many arguments as it takes, one
more for a call written as a statement (its output argument). OPA runs it
before its safety checks, recursion check and type checker, over the whole
program: ``q := f1() if { x == 1 }`` is "undefined function f1", not "var x
is unsafe"; ``p := p`` with ``q := or(1)`` is "or: arity mismatch".

(A call nested in another term is a statement of its own after OPA's
rewriting, with a generated output variable: exactly the arity then.)"""

from __future__ import annotations

from .. import ast
from ..errors import RegoError, UndefinedFunctionError
from .resolve import Env
from .tree import Leaf


def check_calls(program) -> None:
    """Raise the first (in source order) call error of the program."""
    from .modgen import ModuleGen

    gens: dict = {}
    errors = []
    for el in program.tree.walk():
        rules = (el.rules + [el.default]) if isinstance(el, Leaf) else [r for r, _ in el.dynamic]
        for rule in rules:
            if rule is None:
                continue
            key, _ = program.function_of(el)
            mg = gens.get(key)
            if mg is None:
                mg = gens[key] = ModuleGen(program, key)
            err = _first_error(rule, mg, Env(program.resolver_of(rule), {}, set()))
            if err is not None:
                errors.append(err)
    if errors:
        raise min(errors, key=lambda e: (e.pos.file, e.pos.line, e.pos.col) if e.pos else ("", 0, 0))


def _first_error(rule: ast.Rule, mg, env: Env):
    statements = {id(n.expr) for n in ast.walk(rule) if isinstance(n, ast.Literal)}
    for n in ast.walk(rule):
        if not isinstance(n, ast.Call):
            continue
        try:
            kind, _, arity = mg.resolve_function(n, env)
        except UndefinedFunctionError as exc:
            return exc
        except RegoError:  # left to code generation (refusals, deprecated builtins...)
            continue
        if arity is None:
            continue
        given = len(n.args)
        if given == arity or (given == arity + 1 and id(n) in statements):
            continue
        return UndefinedFunctionError(n.pos, f"{'.'.join(n.name)}: arity mismatch: {given} arguments given, "
                                             f"{arity} expected", mg.source_for(n))
    return None

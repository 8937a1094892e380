"""The order in which OPA evaluates the definitions of a rule or function.

OPA's rule index is a trie over the refs its clauses are indexed on (see
``emit.index_conditions``), the refs most used first (ties: the first
seen first). Every clause goes down each ref's branch: "undefined" where it
has no condition on the ref, "any" where the ref must only be defined, or
the value it must equal. A lookup walks the trie depth first, the undefined
branch before the any branch before the values, and OPA evaluates the
clauses in the order it reaches them (each ``else`` chain whole, where its
first clause is reached): so a definition with no condition comes before
one that needs a ref defined, which comes before one that needs a value,
whatever the order they are written in. Only strict mode can tell (which
definition fails a builtin first); asked of OPA in tests/test_eval_order.py.
(Complete rules, functions and partial sets; the rules of an object of
rules run as written.)
"""

from __future__ import annotations

from .. import ast
from .resolve import Env
from .scope import term_vars


def _ref_key(kind: str, ref) -> tuple:
    from .emit import constant_key_value

    if isinstance(ref, ast.Var):
        return (kind == "has", "var", ref.name)
    path = tuple((type(p.value).__name__, p.value) if isinstance(p, ast.Scalar) else ("composite", constant_key_value(p))
                 for p in ref.path)  # (a constant composite key: input.a[[1]])
    return (kind == "has", ref.head.name, path)


def opa_order(rules: list, env_for, heads_of, strict: bool) -> list:
    """``rules`` (each with its ``else`` chain) in the order OPA evaluates them."""
    from .emit import index_conditions

    if not strict or len(rules) < 2:
        return list(rules)
    per_rule: list = []  # per rule: per clause {ref key: 1 (any) or 2 (value)}
    freq: dict = {}
    first: dict = {}
    for rule in rules:
        clauses = []
        r = rule
        while r is not None:
            env: Env = env_for(r)
            args = frozenset()
            if r.args:
                for a in r.args:
                    env.declared |= term_vars(a, lambda n: n not in ("input", "data"))
                args = frozenset(a.name for a in r.args if isinstance(a, ast.Var))
            stated: list = []  # (input itself as an argument: indexed as defined)
            conds, _ = index_conditions(r.body, heads_of(r), env, True, args, stated)
            seen: dict = {(False, "input", ()): 1} if stated else {}
            for kind, ref, _ in conds:
                if isinstance(ref, ast.Var) and ref.name in args:
                    continue  # (rego2py does not index arguments)
                key = _ref_key(kind, ref)
                seen[key] = max(seen.get(key, 0), 1 if kind == "defined" else 2)
            for key in seen:
                freq[key] = freq.get(key, 0) + 1
                first.setdefault(key, len(first))
            clauses.append(seen)
            r = r.else_
        per_rule.append(clauses)
    order = sorted(freq, key=lambda key: (-freq[key], first[key]))

    def position(i):
        return min(tuple(c.get(key, 0) for key in order) for c in per_rule[i])

    return [rules[i] for i in sorted(range(len(rules)), key=lambda i: (position(i), i))]

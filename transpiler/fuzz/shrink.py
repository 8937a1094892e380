"""Shrinking a mismatch: delta debugging on the AST of the module and on
the input, while the same class of mismatch persists.

Candidates, the biggest cuts first: drop a rule, an item of any tuple of
the tree (body literals, arguments, collection items, ref selectors,
``with`` modifiers), an ``else``; replace a call by one of its arguments,
a comprehension by its term, a ref by a shorter one, a negated literal by
the plain one, a scalar by a simpler one; drop input fields and items.
A candidate is kept when ``still_fails(module, input)`` says so; then the
search starts again from it, until no candidate is kept or the budget of
checks is spent.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterator

from ..ast import (
    ArrayCompr, Call, Literal, Module, ObjectCompr, Pos, Ref, Rule, Scalar, SetCompr,
)

_SIMPLE = (Scalar(0, "0"), Scalar(""), Scalar(True))


def variants(node: Any) -> Iterator[Any]:
    """Smaller versions of ``node`` (an AST node, a tuple of them or a scalar value)."""
    if isinstance(node, tuple):
        for i in range(len(node)):
            yield node[:i] + node[i + 1:]
        for i, item in enumerate(node):
            for v in variants(item):
                yield node[:i] + (v,) + node[i + 1:]
        return
    if not dataclasses.is_dataclass(node) or isinstance(node, Pos):
        return
    yield from _replacements(node)
    for f in dataclasses.fields(node):
        if f.name in ("pos", "default", "assign", "kind", "text", "v0", "file", "package", "name"):
            continue
        value = getattr(node, f.name)
        for v in variants(value):
            if f.name == "body" and not v and isinstance(node, (ArrayCompr, SetCompr, ObjectCompr)):
                continue  # (a comprehension needs a body)
            yield dataclasses.replace(node, **{f.name: v})


def _replacements(node) -> Iterator[Any]:
    if isinstance(node, Call):
        yield from (a for a in node.args)
    elif isinstance(node, (ArrayCompr, SetCompr)):
        yield node.term
    elif isinstance(node, ObjectCompr):
        yield node.value
    elif isinstance(node, Ref) and node.path:
        yield Ref(node.head, node.path[:-1]) if len(node.path) > 1 else node.head
    elif isinstance(node, Literal) and node.negated:
        yield dataclasses.replace(node, negated=False)
    elif isinstance(node, Rule) and node.else_ is not None:
        yield dataclasses.replace(node, else_=None)
    elif isinstance(node, Scalar) and node not in _SIMPLE:
        yield from (s for s in _SIMPLE if type(s.value) is type(node.value))


def input_variants(doc: Any) -> Iterator[Any]:
    if isinstance(doc, dict):
        keys = list(doc)
        for k in keys:
            yield {q: doc[q] for q in keys if q != k}
        for k in keys:
            for v in input_variants(doc[k]):
                yield {**doc, k: v}
    elif isinstance(doc, list):
        for i in range(len(doc)):
            yield doc[:i] + doc[i + 1:]
        for i, item in enumerate(doc):
            for v in input_variants(item):
                yield doc[:i] + [v] + doc[i + 1:]


def shrink(module: Module, doc: Any, still_fails: Callable[[Module, Any], bool],
           budget: int = 400) -> tuple[Module, Any, int]:
    """The smallest (module, input) found; and the number of checks made."""
    checks = 0
    progress = True
    while progress and checks < budget:
        progress = False
        for cand in variants(module.rules):
            checks += 1
            if still_fails(dataclasses.replace(module, rules=cand), doc):
                module, progress = dataclasses.replace(module, rules=cand), True
                break
            if checks >= budget:
                break
        if progress:
            continue
        for cand in input_variants(doc):
            checks += 1
            if checks >= budget:
                break
            if still_fails(module, cand):
                doc, progress = cand, True
                break
    return module, doc, checks

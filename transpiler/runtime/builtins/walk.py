"""walk(x): every [path, value] pair of a document, the document itself first,
then depth first with children in OPA's order (arrays by index, objects by
sorted key, sets by sorted element)."""

from __future__ import annotations

from ..values import Set, sort_key, sorted_values, unkey


def _children(x):
    c = x.__class__
    if c is list:
        return enumerate(x)
    if c is dict:
        return sorted(((unkey(k), v) for k, v in x.items()), key=lambda kv: sort_key(kv[0]))
    if c is Set:
        return [(v, v) for v in sorted_values(x)]
    return ()


def walk(x):
    out = []
    stack = [((), x)]
    while stack:
        path, v = stack.pop()
        out.append([list(path), v])
        kids = list(_children(v))
        for k, child in reversed(kids):
            stack.append((path + (k,), child))
    return out


RELATIONS = {"walk": (walk, 1)}

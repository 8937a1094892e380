"""Traversals: walk(x), every [path, value] pair of a document, the document
itself first, then depth first with children in OPA's order (arrays by index,
objects by sorted key, sets by sorted element); graph.reachable and
graph.reachable_paths."""

from __future__ import annotations

from ..errors import type_error
from ..values import Set, hkey, obj_key, sort_key, sorted_values, unkey


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


def _neighbours(edges):
    c = edges.__class__
    if c is list:
        return edges
    if c is Set:
        return list(edges)
    return ()  # other values: no edges (as OPA)


def graph_reachable(graph, initial):
    """The nodes of ``graph`` (an object: node -> array or set of nodes)
    reachable from ``initial`` (an array or set), those included; nodes
    that are not keys of the graph are left out."""
    if graph.__class__ is not dict:
        raise type_error("graph.reachable", 1, "object", graph)
    c = initial.__class__
    if c is list:
        queue = list(initial)
    elif c is Set:
        queue = list(initial)
    else:
        raise type_error("graph.reachable", 2, "{array, set}", initial)
    reached = Set()
    while queue:
        node = queue.pop()
        if node in reached:
            continue
        edges = graph.get(obj_key(node), _MISSING)
        if edges is _MISSING:
            continue
        reached.add(node)
        queue.extend(_neighbours(edges))
    return reached


_MISSING = object()


def graph_reachable_paths(graph, initial):
    """The paths (arrays) from each initial node that is a key of ``graph``,
    as OPA 1.20 builds them: a path grows by a neighbour that is a key of the
    graph and not yet marked on this path; it is emitted where it cannot grow
    (no neighbours, edges that are neither an array nor a set, or a neighbour
    missing from the graph or already marked). The start node is marked only
    once the path leaves it, so a self-loop on it shows as ``[a, a]``
    (checked against OPA through the bindings, tests/test_runtime_reachable.py)."""
    if graph.__class__ is not dict:
        raise type_error("graph.reachable_paths", 1, "object", graph)
    c = initial.__class__
    if c is not list and c is not Set:
        raise type_error("graph.reachable_paths", 2, "{array, set}", initial)
    out = Set()
    for root in list(initial):
        if graph.get(obj_key(root), _MISSING) is _MISSING:
            continue
        # depth first with an explicit stack: (node, path, marked on this path)
        stack = [(root, (root,), frozenset())]
        while stack:
            node, path, marked = stack.pop()
            grows = False
            stuck = False
            for n in _neighbours(graph[obj_key(node)]):
                k = hkey(n)
                if k in marked or graph.get(obj_key(n), _MISSING) is _MISSING:
                    stuck = True
                else:
                    grows = True
                    stack.append((n, path + (n,), marked | {hkey(node), k}))
            if stuck or not grows:
                out.add(list(path))
    return out


FUNCTIONS = {
    "graph.reachable": (graph_reachable, 2),
    "graph.reachable_paths": (graph_reachable_paths, 2),
}
RELATIONS = {"walk": (walk, 1)}

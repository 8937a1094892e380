"""The rule tree: every rule of every module placed at its path under ``data``.

A *leaf* holds the definitions of one rule group at a ground path (a complete
rule, a partial set or a function). A *node* is an object document: a package
or a prefix of ref-head rules; its value holds its children's values and the
entries made by its dynamic rules (``p[k] := v``, v0 ``p[k] = v``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import ast
from ..errors import CompileError


@dataclass(eq=False)
class Leaf:
    path: tuple[str, ...]
    kind: str  # "complete" | "set" | "function"
    rules: list[ast.Rule] = field(default_factory=list)  # definitions (else chains inside)
    default: ast.Rule | None = None
    module: "ModuleInfo | None" = None

    @property
    def arity(self) -> int | None:
        r = self.rules[0] if self.rules else self.default
        if r is None or r.args is None:
            return None
        return len(r.args)


@dataclass(eq=False)
class Node:
    path: tuple[str, ...]
    children: dict[str, "Node | Leaf"] = field(default_factory=dict)
    dynamic: list[tuple[ast.Rule, tuple[ast.Term, ...]]] = field(default_factory=list)
    module: "ModuleInfo | None" = None
    is_package: bool = False


@dataclass(eq=False)
class ModuleInfo:
    """One Rego package: the modules (files) that make it up."""

    package: tuple[str, ...]
    modules: list[ast.Module] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # file -> text


def ground_prefix(ref: ast.Ref) -> tuple[list[str], tuple[ast.Term, ...]]:
    """Split a rule head ref into its leading string segments and the rest."""
    assert isinstance(ref.head, ast.Var)
    segs = [ref.head.name]
    rest = list(ref.path)
    while rest and isinstance(rest[0], ast.Scalar) and isinstance(rest[0].value, str):
        segs.append(rest.pop(0).value)
    return segs, tuple(rest)


class RuleTree:
    def __init__(self):
        self.root = Node(())
        self.packages: dict[tuple[str, ...], ModuleInfo] = {}

    # -- building -------------------------------------------------------

    def add_module(self, mod: ast.Module, source: str | None = None) -> None:
        info = self.packages.get(mod.package)
        if info is None:
            info = self.packages[mod.package] = ModuleInfo(mod.package)
        info.modules.append(mod)
        if source is not None:
            info.sources[mod.file] = source
        node = self._node_at(mod.package, mod.pos, source)
        node.is_package = True
        node.module = info
        for rule in mod.rules:
            self._add_rule(info, mod.package, rule, source)

    def _node_at(self, path, pos, source) -> Node:
        node = self.root
        for i, seg in enumerate(path):
            child = node.children.get(seg)
            if child is None:
                child = node.children[seg] = Node(node.path + (seg,))
            elif isinstance(child, Leaf):
                raise CompileError(
                    pos,
                    f"rule data.{'.'.join(path[: i + 1])} conflicts with a package or rule below it",
                    source,
                    "rego_type_error",
                )
            node = child
        return node

    def _add_rule(self, info, package, rule: ast.Rule, source) -> None:
        segs, rest = ground_prefix(rule.ref)
        path = package + tuple(segs)
        if rule.kind == "function" or not rest:
            if rest:
                raise CompileError(
                    rule.pos, "a function head must be a ground reference", source, "rego_parse_error"
                )
            parent = self._node_at(path[:-1], rule.pos, source)
            leaf = parent.children.get(path[-1])
            if leaf is None:
                leaf = parent.children[path[-1]] = Leaf(path, rule.kind, module=info)
            elif isinstance(leaf, Node):
                raise CompileError(
                    rule.pos,
                    f"rule data.{'.'.join(path)} conflicts with rules below it",
                    source,
                    "rego_type_error",
                )
            # OPA reports a conflict at the first rule of the path
            first = (leaf.rules or [leaf.default])[0] or rule
            first_src = source if first.pos.file == rule.pos.file else None
            if leaf.kind != rule.kind:
                raise CompileError(
                    first.pos,
                    f"conflicting rules data.{'.'.join(path)} found",
                    first_src,
                    "rego_type_error",
                )
            if leaf.kind == "function" and leaf.arity is not None and leaf.arity != len(rule.args):
                raise CompileError(
                    first.pos,
                    f"conflicting rules data.{'.'.join(path)} found (arity)",
                    first_src,
                    "rego_type_error",
                )
            if rule.default:
                if leaf.default is not None:
                    raise CompileError(
                        rule.pos,
                        f"multiple default rules data.{'.'.join(path)} found",
                        source,
                        "rego_type_error",
                    )
                leaf.default = rule
            else:
                leaf.rules.append(rule)
            return
        node = self._node_at(path, rule.pos, source)
        if node.module is None:
            node.module = info
        node.dynamic.append((rule, rest))

    # -- lookup ---------------------------------------------------------

    def lookup(self, path: tuple[str, ...]):
        """The deepest tree element on ``path``: (element, depth consumed)."""
        node = self.root
        depth = 0
        for seg in path:
            if not isinstance(node, Node):
                break
            child = node.children.get(seg)
            if child is None:
                break
            node = child
            depth += 1
        return node, depth

    def owner(self, path: tuple[str, ...]) -> ModuleInfo | None:
        """The package whose module holds the code of the element at ``path``."""
        for n in range(len(path), -1, -1):
            info = self.packages.get(path[:n])
            if info is not None:
                return info
        return None

    def walk(self):
        """Every node and leaf, parents before children."""
        stack = [self.root]
        while stack:
            el = stack.pop()
            yield el
            if isinstance(el, Node):
                stack.extend(reversed(list(el.children.values())))

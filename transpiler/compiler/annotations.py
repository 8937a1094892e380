"""OPA's annotations (``# METADATA`` comment blocks) and rego.metadata.rule/chain.

The blocks are found by ``parser.metadata_comments``; their YAML is read here
(PyYAML, safe loader) and shown as OPA shows annotations: ``scope`` always,
the other fields when given, authors and related resources in their object
form. A block applies to the package or the rule on the line that follows it.
``rego.metadata.rule()`` and ``rego.metadata.chain()`` are known when the
program is compiled: the compiler puts their value in the code as a constant.

What rego2py does not read exactly as OPA (Go's YAML decoder) is refused: a
YAML error, a field of an unexpected type, ``schemas`` (OPA type-checks input
with them), a block that annotates neither a package nor a rule.
"""

from __future__ import annotations

import re

from .. import ast
from ..errors import ParseError, Unsupported
from ..parser import metadata_comments

__all__ = ["AnnotationSet"]

_SCOPES = ("rule", "document", "package", "subpackages")
_AUTHOR = re.compile(r"^(.*?)\s*<([^<>]*)>\s*$")


class AnnotationSet:
    def __init__(self, modules: list[ast.Module], sources: dict[str, str]):
        self.rule: dict[int, dict] = {}  # id(rule) -> rule-scope annotations
        self.document: dict[tuple, dict] = {}  # rule path -> document-scope annotations
        self.package: dict[tuple, dict] = {}
        self.subpackages: dict[tuple, dict] = {}
        self.module_of: dict[int, ast.Module] = {}
        for mod in modules:
            for r in mod.rules:
                self.module_of[id(r)] = mod
            text = sources.get(mod.file)
            if text is None:
                continue
            for c in metadata_comments(text, mod.file):
                self._add(mod, c, text)

    def _add(self, mod: ast.Module, c, text: str) -> None:
        import yaml

        try:
            doc = yaml.safe_load(c.yaml) if c.yaml.strip() else {}
        except yaml.YAMLError as exc:
            raise Unsupported(c.pos, f"METADATA block that is not valid YAML ({str(exc).splitlines()[0]})", text)
        if doc is None:
            doc = {}
        if not isinstance(doc, dict):
            raise Unsupported(c.pos, "METADATA block that is not a YAML mapping", text)
        rule = next((r for r in mod.rules if r.pos.line == c.target_line), None)
        on_package = c.target_line == mod.pos.line
        if rule is None and not on_package:
            raise Unsupported(c.pos, "METADATA block that annotates neither a package nor a rule", text)
        scope = doc.get("scope", "package" if on_package else "rule")
        if scope not in _SCOPES:
            raise Unsupported(c.pos, f"annotation scope {scope!r}", text)
        if on_package and scope in ("rule", "document"):
            raise Unsupported(c.pos, f"annotation scope {scope!r} on a package", text)
        if not on_package and scope in ("package", "subpackages"):
            raise ParseError(c.pos, f"annotation scope '{scope}' must be applied to package (have rule)", text)
        ann = _normalise(doc, scope, c, text)
        if scope == "rule":
            self.rule[id(rule)] = ann
        elif scope == "document":
            self.document[_rule_path(mod, rule)] = ann
        elif scope == "package":
            self.package[mod.package] = ann
        else:
            self.subpackages[mod.package] = ann

    # -- the builtins --------------------------------------------------------------

    def chain(self, rule: ast.Rule) -> list:
        mod = self.module_of[id(rule)]
        path = _rule_path(mod, rule)
        out = []
        if id(rule) in self.rule:
            out.append({"path": list(path), "annotations": self.rule[id(rule)]})
        else:
            out.append({"path": list(path)})
        if path in self.document:
            out.append({"path": list(path), "annotations": self.document[path]})
        if mod.package in self.package:
            out.append({"path": list(mod.package), "annotations": self.package[mod.package]})
        for n in range(len(mod.package), -1, -1):
            p = mod.package[:n]
            if p in self.subpackages:
                out.append({"path": list(p), "annotations": self.subpackages[p]})
        return out

    def rule_annotations(self, rule: ast.Rule) -> dict:
        return self.rule.get(id(rule), {})


def _rule_path(mod: ast.Module, rule: ast.Rule) -> tuple:
    path = [rule.ref.head.name]
    for t in rule.ref.path:
        if isinstance(t, ast.Scalar) and isinstance(t.value, str):
            path.append(t.value)
        else:
            break
    return tuple(mod.package) + tuple(path)


def _normalise(doc: dict, scope: str, c, text: str) -> dict:
    def refuse(what: str):
        raise Unsupported(c.pos, f"METADATA {what}", text)

    def string(key):
        v = doc[key]
        if not isinstance(v, str):
            refuse(f"{key} that is not a string")
        return v

    out = {"scope": scope}
    for key in doc:
        if key == "schemas":
            refuse("schemas (OPA checks input types with them)")
    if "title" in doc:
        out["title"] = string("title")
    if "description" in doc:
        out["description"] = string("description")
    if "entrypoint" in doc:
        if not isinstance(doc["entrypoint"], bool):
            refuse("entrypoint that is not a boolean")
        if doc["entrypoint"]:
            out["entrypoint"] = True
    if "organizations" in doc:
        orgs = doc["organizations"]
        if not isinstance(orgs, list) or not all(isinstance(o, str) for o in orgs):
            refuse("organizations that are not a list of strings")
        if orgs:
            out["organizations"] = orgs
    if "related_resources" in doc:
        rr = doc["related_resources"]
        if not isinstance(rr, list):
            refuse("related_resources that are not a list")
        items = []
        for r in rr:
            if isinstance(r, str):
                items.append({"ref": r})
            elif isinstance(r, dict) and set(r) <= {"ref", "description"} and all(isinstance(x, str) for x in r.values()) and "ref" in r:
                items.append(dict(r))
            else:
                refuse("related resource of an unexpected form")
        if items:
            out["related_resources"] = items
    if "authors" in doc:
        authors = doc["authors"]
        if not isinstance(authors, list):
            refuse("authors that are not a list")
        items = []
        for a in authors:
            if isinstance(a, str):
                m = _AUTHOR.match(a)
                items.append({"name": m.group(1), "email": m.group(2)} if m and m.group(1) else {"name": a})
            elif isinstance(a, dict) and set(a) <= {"name", "email"} and all(isinstance(x, str) for x in a.values()):
                items.append(dict(a))
            else:
                refuse("author of an unexpected form")
        if items:
            out["authors"] = items
    if "custom" in doc:
        custom = doc["custom"]
        if not isinstance(custom, dict) or not _json_like(custom):
            refuse("custom that is not a mapping of JSON values")
        if custom:
            out["custom"] = custom
    return out


def _json_like(v) -> bool:
    if v is None or isinstance(v, (bool, str)):
        return True
    if isinstance(v, int):
        return True
    if isinstance(v, float):
        return v == v and v not in (float("inf"), float("-inf"))
    if isinstance(v, list):
        return all(_json_like(x) for x in v)
    if isinstance(v, dict):
        return all(isinstance(k, str) and _json_like(x) for k, x in v.items())
    return False

"""gqlparser's AST objects (as OPA shows them) printed back to GraphQL text.

An AST object handed to a graphql builtin is read as gqlparser's structs
(absent fields are zero values, every selection a field); printing it lets
graphql-core parse and validate it as text.
"""

from __future__ import annotations

import json

from .gql_ast import BLOCK, LIST, OBJECT, STRING, VARIABLE, GqlError

__all__ = ["print_schema", "print_query", "type_text", "value_text"]


def _s(v) -> str:
    return v if isinstance(v, str) else ""


def _l(v) -> list:
    return v if isinstance(v, list) else []


def _d(v) -> dict:
    return v if isinstance(v, dict) else {}


def type_text(t) -> str:
    t = _d(t)
    if t.get("Elem") is not None:
        s = "[" + type_text(t["Elem"]) + "]"
    else:
        s = _s(t.get("NamedType"))
    return s + ("!" if t.get("NonNull") is True else "")


def value_text(v) -> str:
    v = _d(v)
    kind, raw = v.get("Kind", 0), _s(v.get("Raw"))
    if kind == VARIABLE:
        return "$" + raw
    if kind in (STRING, BLOCK):
        return json.dumps(raw)
    if kind == LIST:
        return "[" + ", ".join(value_text(_d(c).get("Value")) for c in _l(v.get("Children"))) + "]"
    if kind == OBJECT:
        return "{" + ", ".join(f"{_s(_d(c).get('Name'))}: {value_text(_d(c).get('Value'))}" for c in _l(v.get("Children"))) + "}"
    return raw


def _args_text(args) -> str:
    args = _l(args)
    if not args:
        return ""
    return "(" + ", ".join(f"{_s(_d(a).get('Name'))}: {value_text(_d(a).get('Value'))}" for a in args) + ")"


def _dirs_text(ds) -> str:
    return "".join(f" @{_s(_d(d).get('Name'))}{_args_text(_d(d).get('Arguments'))}" for d in _l(ds))


def _desc_text(d) -> str:
    desc = _s(_d(d).get("Description"))
    return json.dumps(desc) + " " if desc else ""


def _argdefs_text(args) -> str:
    args = _l(args)
    if not args:
        return ""
    parts = []
    for a in args:
        a = _d(a)
        dv = f" = {value_text(a['DefaultValue'])}" if a.get("DefaultValue") is not None else ""
        parts.append(f"{_desc_text(a)}{_s(a.get('Name'))}: {type_text(a.get('Type'))}{dv}{_dirs_text(a.get('Directives'))}")
    return "(" + ", ".join(parts) + ")"


def definition_text(d, extend: bool = False) -> str:
    d = _d(d)
    kind = _s(d.get("Kind"))
    kw = {"SCALAR": "scalar", "OBJECT": "type", "INTERFACE": "interface", "UNION": "union", "ENUM": "enum", "INPUT_OBJECT": "input"}.get(kind, "type")
    head = ("extend " if extend else _desc_text(d)) + f"{kw} {_s(d.get('Name'))}"
    if d.get("Interfaces"):
        head += " implements " + " & ".join(_s(i) for i in _l(d["Interfaces"]))
    head += _dirs_text(d.get("Directives"))
    if kind == "UNION" and d.get("Types"):
        return head + " = " + " | ".join(_s(t) for t in _l(d["Types"]))
    if kind == "ENUM" and d.get("EnumValues"):
        vals = [f"{_desc_text(e)}{_s(_d(e).get('Name'))}{_dirs_text(_d(e).get('Directives'))}" for e in _l(d["EnumValues"])]
        return head + " {\n  " + "\n  ".join(vals) + "\n}"
    if kind in ("OBJECT", "INTERFACE", "INPUT_OBJECT") and d.get("Fields"):
        fields = []
        for f in _l(d["Fields"]):
            f = _d(f)
            dv = f" = {value_text(f['DefaultValue'])}" if f.get("DefaultValue") is not None else ""
            fields.append(
                f"{_desc_text(f)}{_s(f.get('Name'))}{_argdefs_text(f.get('Arguments'))}: {type_text(f.get('Type'))}{dv}{_dirs_text(f.get('Directives'))}"
            )
        return head + " {\n  " + "\n  ".join(fields) + "\n}"
    return head


def _optypes_text(ops) -> str:
    return "{ " + " ".join(f"{_s(_d(o).get('Operation'))}: {_s(_d(o).get('Type'))}" for o in _l(ops)) + " }"


def print_schema(doc: dict) -> str:
    parts = []
    for s in _l(doc.get("Schema")):
        parts.append(f"{_desc_text(s)}schema{_dirs_text(_d(s).get('Directives'))} {_optypes_text(_d(s).get('OperationTypes'))}")
    for s in _l(doc.get("SchemaExtension")):
        parts.append(f"extend schema{_dirs_text(_d(s).get('Directives'))} {_optypes_text(_d(s).get('OperationTypes'))}")
    for d in _l(doc.get("Directives")):
        d = _d(d)
        rep = " repeatable" if d.get("IsRepeatable") is True else ""
        parts.append(
            f"{_desc_text(d)}directive @{_s(d.get('Name'))}{_argdefs_text(d.get('Arguments'))}{rep} on "
            + " | ".join(_s(x) for x in _l(d.get("Locations")))
        )
    parts += [definition_text(d) for d in _l(doc.get("Definitions"))]
    parts += [definition_text(d, extend=True) for d in _l(doc.get("Extensions"))]
    return "\n".join(parts) + "\n"


def _sel_text(sels, indent: str) -> str:
    """Selections of an AST object: gqlparser reads each one as a field."""
    sels = _l(sels)
    if not sels:
        return ""
    lines = []
    for s in sels:
        s = _d(s)
        alias, name = _s(s.get("Alias")), _s(s.get("Name"))
        if not name:
            raise GqlError('Cannot query field ""')
        head = f"{alias}: {name}" if alias and alias != name else name
        lines.append(f"{indent}  {head}{_args_text(s.get('Arguments'))}{_dirs_text(s.get('Directives'))}{_sel_text(s.get('SelectionSet'), indent + '  ')}")
    return " {\n" + "\n".join(lines) + "\n" + indent + "}"


def _vardefs_text(vs) -> str:
    vs = _l(vs)
    if not vs:
        return ""
    parts = []
    for v in vs:
        v = _d(v)
        dv = f" = {value_text(v['DefaultValue'])}" if v.get("DefaultValue") is not None else ""
        parts.append(f"${_s(v.get('Variable'))}: {type_text(v.get('Type'))}{dv}{_dirs_text(v.get('Directives'))}")
    return "(" + ", ".join(parts) + ")"


def print_query(doc: dict) -> str:
    parts = []
    for o in _l(doc.get("Operations")):
        o = _d(o)
        op = _s(o.get("Operation")) or "query"
        parts.append(f"{op} {_s(o.get('Name'))}{_vardefs_text(o.get('VariableDefinitions'))}{_dirs_text(o.get('Directives'))}{_sel_text(o.get('SelectionSet'), '')}")
    for f in _l(doc.get("Fragments")):
        f = _d(f)
        parts.append(
            f"fragment {_s(f.get('Name'))} on {_s(f.get('TypeCondition'))}{_dirs_text(f.get('Directives'))}{_sel_text(f.get('SelectionSet'), '')}"
        )
    return "\n".join(parts) + "\n"

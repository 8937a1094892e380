"""GraphQL documents as OPA shows them: gqlparser's AST as Rego objects.

OPA parses GraphQL with gqlparser and returns its Go structs marshalled to
JSON, with null, empty arrays and empty objects pruned (positions and
resolved definitions are not marshalled). This module parses with
graphql-core and builds the same objects (``schema_document`` /
``query_document``); ``gql_print`` prints such objects back to GraphQL text. Syntax errors are raised as ``GqlError``
with gqlparser's wording and the position.
"""

from __future__ import annotations

from graphql import GraphQLSyntaxError, parse
from graphql.language import ast as g

__all__ = ["GqlError", "schema_document", "query_document", "parse_text", "prune"]


class GqlError(Exception):
    def __init__(self, message: str, line: int = 0, col: int = 0):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col

    def text(self) -> str:
        return f"{self.message} in GraphQL string at location {self.line}:{self.col}"


_UNPLACE = {}  # filled below from PLACEHOLDERS

# gqlparser's value kinds
VARIABLE, INT, FLOAT, STRING, BLOCK, BOOLEAN, NULL, ENUM, LIST, OBJECT = range(10)


def _syntax_message(exc: GraphQLSyntaxError) -> str:
    """graphql-core's "Syntax Error: Expected Name, found '}'." as gqlparser words it."""
    msg = exc.message.removeprefix("Syntax Error: ").rstrip(".")
    if msg.startswith("Unexpected variable ") and msg.endswith(" in constant value"):
        return "Unexpected $"
    msg = msg.replace("found <EOF>", "found <EOF>").replace("'", '"')
    if msg.startswith('Expected Name, found "') and msg.endswith('"'):
        msg = "Expected Name, found " + msg[len('Expected Name, found "') : -1]
    if msg.startswith('Unexpected "') and msg.endswith('"'):
        msg = "Unexpected " + msg[len('Unexpected "') : -1]
    return msg


_RESERVED_ENUM = "Syntax Error: Name '{}' is reserved and cannot be used for an enum value."
PLACEHOLDERS = {"true": "_r2p", "false": "_r2p_", "null": "_r2n"}


def _offset(text: str, line: int, col: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + col - 1


def parse_text(text: str) -> g.DocumentNode | None:
    """The document of ``text`` (None for one without definitions, as gqlparser
    allows). gqlparser takes true, false and null as enum values: they are
    parsed under placeholders of the same length, renamed back by the callers
    (``PLACEHOLDERS``)."""
    while True:
        try:
            return parse(text, no_location=False)
        except GraphQLSyntaxError as exc:
            loc = exc.locations[0] if exc.locations else None
            for word, ph in PLACEHOLDERS.items():
                if exc.message == _RESERVED_ENUM.format(word) and loc is not None:
                    i = _offset(text, loc.line, loc.column)
                    text = text[:i] + ph + text[i + len(word) :]
                    break
            else:
                if exc.message == "Syntax Error: Unexpected <EOF>.":
                    empty = _empty_document(text)
                    if empty is not None:
                        return empty
                msg = _syntax_message(exc)
                if msg == "Expected Name, found }" and loc is not None and _before(text, loc) == "{":
                    msg = "expected at least one definition, found }"
                raise GqlError(msg, loc.line if loc else 0, loc.column if loc else 0) from None
        except RecursionError:
            raise GqlError("document nested too deeply") from None


_UNPLACE.update({v: k for k, v in PLACEHOLDERS.items()})


def _before(text: str, loc) -> str:
    """The last character before ``loc`` that is not blank or in a comment."""
    i = _offset(text, loc.line, loc.column)
    lines = text[:i].split("\n")
    for line in reversed(lines):
        code = line.split("#", 1)[0].rstrip(" \t\r,")
        if code:
            return code[-1]
    return ""


def _empty_document(text: str):
    """A document of comments (and blanks) only, with its tokens, or None."""
    from graphql.language import Lexer, Location, Source, TokenKind

    lexer = Lexer(Source(text))
    start = lexer.token
    try:
        eof = lexer.advance()
    except GraphQLSyntaxError:
        return None
    if eof.kind != TokenKind.EOF:
        return None
    return g.DocumentNode(definitions=(), loc=Location(start, eof, lexer.source))


class _Comments:
    """gqlparser keeps the comments written just before some tokens on the node
    that starts there (``Comment``, ``BeforeDescriptionComment``...). The
    comments of a document are taken once each; those before a closing ``)``
    (and, in a query, ``}`` and the end) are dropped as gqlparser drops them;
    a comment left anywhere else is refused rather than misplaced."""

    def __init__(self, doc):
        self.taken: set[int] = set()
        self.doc = doc

    def before(self, tok) -> dict | None:
        out = []
        t = tok.prev if tok is not None else None
        while t is not None and t.kind.value == "Comment":
            out.append(t)
            t = t.prev
        if not out:
            return None
        for c in out:
            self.taken.add(id(c))
        return {"List": [{"Value": "#" + c.value} for c in reversed(out)]}

    def head(self, node, out: dict, with_description: bool = True) -> dict:
        """Before/AfterDescriptionComment of a node that may have a description."""
        desc = getattr(node, "description", None) if with_description else None
        if desc is not None:
            out["BeforeDescriptionComment"] = self.before(desc.loc.start_token)
            nxt = desc.loc.end_token.next
            while nxt is not None and nxt.kind.value == "Comment":
                nxt = nxt.next
            out["AfterDescriptionComment"] = self.before(nxt)
        else:
            out["AfterDescriptionComment"] = self.before(node.loc.start_token)
        return out

    def check(self, dropped_before: tuple[str, ...]) -> None:
        if self.doc is None or self.doc.loc is None:
            return
        t = self.doc.loc.start_token
        while t is not None:
            if t.kind.value == "Comment" and id(t) not in self.taken:
                nxt = t.next
                while nxt is not None and nxt.kind.value == "Comment":
                    nxt = nxt.next
                if nxt is None or nxt.kind.value not in dropped_before:
                    from ..errors import RegoRuntimeError

                    raise RegoRuntimeError(
                        "eval_internal_error",
                        f"rego2py: a GraphQL comment at {t.line}:{t.column} is in a place whose AST rego2py does not reproduce",
                    )
            t = t.next


_C: list = []  # the comments of the document being converted (one at a time)


def prune(v):
    """OPA's pruning of the marshalled AST: no null, no empty array or object."""
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            x = prune(x)
            if x is None or (isinstance(x, (list, dict)) and not x):
                continue
            out[k] = x
        return out
    if isinstance(v, list):
        return [prune(x) for x in v]
    return v


# -- graphql-core AST -> gqlparser objects ------------------------------------------------


def _name(n) -> str:
    return n.value if n is not None else ""


def _desc(n) -> str:
    return n.description.value if getattr(n, "description", None) is not None else ""


def _type(t) -> dict:
    if isinstance(t, g.NonNullTypeNode):
        inner = _type(t.type)
        inner["NonNull"] = True
        return inner
    if isinstance(t, g.ListTypeNode):
        return {"NamedType": "", "Elem": _type(t.type), "NonNull": False}
    return {"NamedType": t.name.value, "NonNull": False}


def _value(v) -> dict:
    out = {"Raw": "", "Kind": 0, "ExpectedTypeHasDefault": False}
    if isinstance(v, g.VariableNode):
        out.update(Raw=v.name.value, Kind=VARIABLE)
    elif isinstance(v, g.IntValueNode):
        out.update(Raw=v.value, Kind=INT)
    elif isinstance(v, g.FloatValueNode):
        out.update(Raw=v.value, Kind=FLOAT)
    elif isinstance(v, g.StringValueNode):
        out.update(Raw=v.value, Kind=BLOCK if v.block else STRING)
    elif isinstance(v, g.BooleanValueNode):
        out.update(Raw="true" if v.value else "false", Kind=BOOLEAN)
    elif isinstance(v, g.NullValueNode):
        out.update(Raw="null", Kind=NULL)
    elif isinstance(v, g.EnumValueNode):
        out.update(Raw=v.value, Kind=ENUM)
    elif isinstance(v, g.ListValueNode):
        out.update(Kind=LIST, Children=[{"Name": "", "Value": _value(x)} for x in v.values])
    elif isinstance(v, g.ObjectValueNode):
        out.update(Kind=OBJECT, Children=[{"Name": f.name.value, "Value": _value(f.value)} for f in v.fields])
    return out


def _arguments(args) -> list:
    return [{"Comment": _C[-1].before(a.loc.start_token), "Name": a.name.value, "Value": _value(a.value)} for a in args or ()]


def _directives(ds) -> list:
    return [{"Name": d.name.value, "Arguments": _arguments(d.arguments), "Location": ""} for d in ds or ()]


def _arg_defs(args) -> list:
    out = []
    for a in args or ():
        out.append(
            _C[-1].head(a, {}) | {
                "Description": _desc(a),
                "Name": a.name.value,
                "DefaultValue": _value(a.default_value) if a.default_value is not None else None,
                "Type": _type(a.type),
                "Directives": _directives(a.directives),
            }
        )
    return out


def _field_defs(fields) -> list:
    out = []
    for f in fields or ():
        d = _C[-1].head(f, {}) | {
            "Description": _desc(f),
            "Name": f.name.value,
            "Arguments": _arg_defs(getattr(f, "arguments", None)),
            "DefaultValue": _value(f.default_value) if getattr(f, "default_value", None) is not None else None,
            "Type": _type(f.type),
            "Directives": _directives(f.directives),
        }
        out.append(d)
    return out


_KINDS = {
    "scalar": "SCALAR",
    "object": "OBJECT",
    "interface": "INTERFACE",
    "union": "UNION",
    "enum": "ENUM",
    "input_object": "INPUT_OBJECT",
}


def _definition(n) -> dict:
    kind = _KINDS[n.kind.removesuffix("_type_definition").removesuffix("_type_extension")]
    d = {
        "Kind": kind,
        "Description": _desc(n),
        "Name": n.name.value,
        "Directives": _directives(n.directives),
        "Interfaces": [i.name.value for i in getattr(n, "interfaces", None) or ()],
        "Fields": _field_defs(getattr(n, "fields", None)),
        "Types": [t.name.value for t in getattr(n, "types", None) or ()],
        "EnumValues": [
            _C[-1].head(e, {})
            | {"Description": _desc(e), "Name": _UNPLACE.get(e.name.value, e.name.value), "Directives": _directives(e.directives)}
            for e in getattr(n, "values", None) or ()
        ],
        "BuiltIn": False,
    }
    _C[-1].head(n, d, with_description=not isinstance(n, g.TypeExtensionNode))
    if n.loc is not None and n.loc.end_token.kind.value == "}":
        d["EndOfDefinitionComment"] = _C[-1].before(n.loc.end_token)
    return d


def _operation_types(ops) -> list:
    return [
        {"Comment": _C[-1].before(o.loc.start_token), "Operation": o.operation.value, "Type": o.type.name.value}
        for o in ops or ()
    ]


def schema_document(doc: g.DocumentNode | None) -> dict:
    _C.append(_Comments(doc))
    try:
        out = _schema_document(doc)
        if doc is not None and doc.loc is not None:
            out["Comment"] = _C[-1].before(doc.loc.end_token)
        _C[-1].check((")",))
    finally:
        _C.pop()
    return prune(out)


def _schema_def(d, description: str) -> dict:
    out = _C[-1].head(d, {}, with_description=isinstance(d, g.SchemaDefinitionNode))
    out.update(Description=description, Directives=_directives(d.directives), OperationTypes=_operation_types(d.operation_types))
    if d.loc is not None and d.loc.end_token.kind.value == "}":
        out["EndOfDefinitionComment"] = _C[-1].before(d.loc.end_token)
    return out


def _schema_document(doc) -> dict:
    out = {"Schema": [], "SchemaExtension": [], "Directives": [], "Definitions": [], "Extensions": []}
    for d in doc.definitions if doc is not None else ():
        if isinstance(d, g.SchemaDefinitionNode):
            out["Schema"].append(_schema_def(d, _desc(d)))
        elif isinstance(d, g.SchemaExtensionNode):
            out["SchemaExtension"].append(_schema_def(d, ""))
        elif isinstance(d, g.DirectiveDefinitionNode):
            out["Directives"].append(
                _C[-1].head(d, {}) | {
                    "Description": _desc(d),
                    "Name": d.name.value,
                    "Arguments": _arg_defs(d.arguments),
                    "Locations": [loc.value for loc in d.locations],
                    "IsRepeatable": d.repeatable,
                }
            )
        elif isinstance(d, g.TypeExtensionNode):
            out["Extensions"].append(_definition(d))
        elif isinstance(d, g.TypeDefinitionNode):
            out["Definitions"].append(_definition(d))
        else:
            loc = d.loc.start_token if d.loc else None
            raise GqlError(f"Unexpected {_first_token(d)}", loc.line if loc else 0, loc.column if loc else 0)
    return out


def _first_token(d) -> str:
    t = d.loc.start_token if d.loc else None
    if t is None:
        return "<EOF>"
    if t.kind.value == "Name":
        return f'Name "{t.value}"'
    return t.kind.value


def _selections(sel) -> list:
    out = []
    for s in sel.selections if sel is not None else ():
        c = _C[-1].before(s.loc.start_token)
        if isinstance(s, g.FieldNode):
            out.append(
                {
                    "Comment": c,
                    "Alias": s.alias.value if s.alias else s.name.value,
                    "Name": s.name.value,
                    "Arguments": _arguments(s.arguments),
                    "Directives": _directives(s.directives),
                    "SelectionSet": _selections(s.selection_set),
                }
            )
        elif isinstance(s, g.FragmentSpreadNode):
            out.append({"Comment": c, "Name": s.name.value, "Directives": _directives(s.directives)})
        else:
            out.append(
                {
                    "Comment": c,
                    "TypeCondition": s.type_condition.name.value if s.type_condition else "",
                    "Directives": _directives(s.directives),
                    "SelectionSet": _selections(s.selection_set),
                }
            )
    return out


def _var_defs(vs) -> list:
    return [
        {
            "Comment": _C[-1].before(v.loc.start_token),
            "Variable": v.variable.name.value,
            "Type": _type(v.type),
            "DefaultValue": _value(v.default_value) if v.default_value is not None else None,
            "Directives": _directives(v.directives),
            "Used": False,
        }
        for v in vs or ()
    ]


def query_document(doc: g.DocumentNode | None) -> dict:
    _C.append(_Comments(doc))
    try:
        out = _query_document(doc)
        _C[-1].check(("}", ")", "<EOF>"))
    finally:
        _C.pop()
    return prune(out)


def _query_document(doc) -> dict:
    out = {"Operations": [], "Fragments": []}
    for d in doc.definitions if doc is not None else ():
        if isinstance(d, g.OperationDefinitionNode):
            out["Operations"].append(
                {
                    "Comment": _C[-1].before(d.loc.start_token),
                    "Operation": d.operation.value,
                    "Name": _name(d.name),
                    "VariableDefinitions": _var_defs(d.variable_definitions),
                    "Directives": _directives(d.directives),
                    "SelectionSet": _selections(d.selection_set),
                }
            )
        elif isinstance(d, g.FragmentDefinitionNode):
            out["Fragments"].append(
                {
                    "Comment": _C[-1].before(d.loc.start_token),
                    "Name": d.name.value,
                    "VariableDefinition": _var_defs(d.variable_definitions),
                    "TypeCondition": d.type_condition.name.value,
                    "Directives": _directives(d.directives),
                    "SelectionSet": _selections(d.selection_set),
                }
            )
        else:
            loc = d.loc.start_token if d.loc else None
            raise GqlError(f"Unexpected {_first_token(d)}", loc.line if loc else 0, loc.column if loc else 0)
    return prune(out)

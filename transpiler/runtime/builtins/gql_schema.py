"""GraphQL schemas loaded as gqlparser's ValidateSchemaDocument loads them.

The document (gqlparser's objects) is joined to gqlparser's prelude (built-in
scalars, directives and introspection types); extensions merge into their
type, or make it; each rule raises ``SchemaError`` with gqlparser's message.
The result: the merged types, directives and root operation types.
"""

from __future__ import annotations

from .gql_ast import parse_text, schema_document
from .gql_print import type_text

__all__ = ["load_schema", "SchemaError", "BUILTIN_DIRECTIVES"]

PRELUDE = '''
scalar Int
scalar Float
scalar String
scalar Boolean
scalar ID
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
directive @defer(if: Boolean = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @oneOf on INPUT_OBJECT
type __Schema { description: String types: [__Type!]! queryType: __Type! mutationType: __Type subscriptionType: __Type directives: [__Directive!]! }
type __Type { kind: __TypeKind! name: String description: String fields(includeDeprecated: Boolean = false): [__Field!] interfaces: [__Type!] possibleTypes: [__Type!] enumValues(includeDeprecated: Boolean = false): [__EnumValue!] inputFields: [__InputValue!] ofType: __Type specifiedByURL: String isOneOf: Boolean }
type __Field { name: String! description: String args: [__InputValue!]! type: __Type! isDeprecated: Boolean! deprecationReason: String }
type __InputValue { name: String! description: String type: __Type! defaultValue: String }
type __EnumValue { name: String! description: String isDeprecated: Boolean! deprecationReason: String }
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
type __Directive { name: String! description: String locations: [__DirectiveLocation!]! args: [__InputValue!]! isRepeatable: Boolean! }
enum __DirectiveLocation { QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION }
'''

_BUILTIN_DIRECTIVES = ("include", "skip", "deprecated", "specifiedBy", "defer", "oneOf")
_LOCATION = {
    "SCALAR": "SCALAR",
    "OBJECT": "OBJECT",
    "INTERFACE": "INTERFACE",
    "UNION": "UNION",
    "ENUM": "ENUM",
    "INPUT_OBJECT": "INPUT_OBJECT",
}


class SchemaError(Exception):
    pass


def _prelude() -> dict:
    doc = schema_document(parse_text(PRELUDE))
    for d in doc["Definitions"]:
        d["BuiltIn"] = True
    return doc


_PRELUDE = _prelude()


def _copy(x):
    if isinstance(x, dict):
        return {k: _copy(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_copy(v) for v in x]
    return x


def _l(v) -> list:
    return v if isinstance(v, list) else []


def _d(v) -> dict:
    return v if isinstance(v, dict) else {}


def _name_of(t) -> str:
    t = _d(t)
    while t.get("Elem") is not None:
        t = _d(t["Elem"])
    return t.get("NamedType", "") if isinstance(t.get("NamedType"), str) else ""


def load_schema(user: dict) -> dict:
    """gqlparser's ValidateSchemaDocument on prelude + ``user``: the merged types
    (name -> definition) and directives, or SchemaError with gqlparser's text."""
    doc = {k: _copy(_PRELUDE.get(k, [])) + _copy(_l(user.get(k))) for k in ("Definitions", "Extensions", "Directives")}
    schemas, schema_exts = _l(user.get("Schema")), _l(user.get("SchemaExtension"))
    types: dict[str, dict] = {}
    for d in doc["Definitions"]:
        d = _d(d)
        name = d.get("Name", "")
        if name in types:
            raise SchemaError(f"Cannot redeclare type {name}.")
        types[name] = d
    for ext in doc["Extensions"]:
        ext = _d(ext)
        name, kind = ext.get("Name", ""), ext.get("Kind", "")
        d = types.get(name)
        if d is None:
            d = types[name] = {"Kind": kind, "Name": name}
        if d.get("Kind", "") != kind:
            raise SchemaError(f"Cannot extend type {name} because the base type is a {d.get('Kind', '')}, not {kind}.")
        for k in ("Directives", "Interfaces", "Fields", "Types", "EnumValues"):
            if ext.get(k):
                d[k] = _l(d.get(k)) + _l(ext[k])
    directives: dict[str, dict] = {}
    for dd in doc["Directives"]:
        dd = _d(dd)
        name = dd.get("Name", "")
        if name in directives:
            if name in _BUILTIN_DIRECTIVES:
                continue  # gqlparser keeps the first one it saw
            raise SchemaError(f"Cannot redeclare directive {name}.")
        directives[name] = dd
    ctx = (types, directives)
    if len(schemas) > 1:
        raise SchemaError("Cannot have multiple schema entry points, consider schema extensions instead.")
    roots = {}
    for s in schemas + schema_exts:
        for op in _l(_d(s).get("OperationTypes")):
            op = _d(op)
            if op.get("Type", "") not in types:
                raise SchemaError(f"Schema root {op.get('Operation', '')} refers to a type {op.get('Type', '')} that does not exist.")
            roots[op.get("Operation", "")] = op.get("Type", "")
        _directives(ctx, _d(s).get("Directives"), "SCHEMA")
    for name in sorted(types):
        _definition(ctx, types[name])
    for name in sorted(directives):
        dd = directives[name]
        _check_name(dd.get("Name", ""))
        _args(ctx, dd.get("Arguments"), dd)
    if not schemas:
        for op, default in (("query", "Query"), ("mutation", "Mutation"), ("subscription", "Subscription")):
            if op not in roots and default in types:
                roots[op] = default
    return {"types": types, "directives": directives, "roots": roots}


def _check_name(name: str) -> None:
    if name.startswith("__"):
        raise SchemaError(f'Name "{name}" must not begin with "__", which is reserved by GraphQL introspection.')


def _directives(ctx, dirs, location: str, current=None) -> None:
    types, directives = ctx
    seen = set()
    for d in _l(dirs):
        d = _d(d)
        name = d.get("Name", "")
        _check_name(name)
        if current is not None and name == current.get("Name"):
            raise SchemaError(f"Directive {name} cannot refer to itself.")
        dd = directives.get(name)
        if dd is None:
            raise SchemaError(f"Undefined directive {name}.")
        if location not in _l(dd.get("Locations")):
            raise SchemaError(f"Directive {name} is not applicable on {location}.")
        if name in seen and dd.get("IsRepeatable") is not True:
            raise SchemaError(f"The directive {name} can only be used once at this location.")
        seen.add(name)
        args = {_d(a).get("Name") for a in _l(dd.get("Arguments"))}
        for a in _l(d.get("Arguments")):
            if _d(a).get("Name") not in args:
                raise SchemaError(f"Undefined argument {_d(a).get('Name', '')} for directive {name}.")
        given = {_d(a).get("Name"): _d(a) for a in _l(d.get("Arguments"))}
        for a in _l(dd.get("Arguments")):
            a = _d(a)
            if _d(a.get("Type")).get("NonNull") is True and a.get("DefaultValue") is None:
                g = given.get(a.get("Name"))
                if g is None or _d(g.get("Value")).get("Kind") == 6:
                    raise SchemaError(f"Argument {a.get('Name', '')} for directive {name} cannot be null.")


def _type_ref(ctx, t) -> None:
    if _name_of(t) not in ctx[0]:
        raise SchemaError(f"Undefined type {_name_of(t)}.")


_INPUT_KINDS = ("SCALAR", "ENUM", "INPUT_OBJECT")


def _args(ctx, args, current=None) -> None:
    for a in _l(args):
        a = _d(a)
        _check_name(a.get("Name", ""))
        _type_ref(ctx, a.get("Type"))
        kind = ctx[0][_name_of(a.get("Type"))].get("Kind", "")
        if kind not in _INPUT_KINDS:
            raise SchemaError(
                f"cannot use {type_text(a.get('Type'))} as argument {a.get('Name', '')} because {kind} is not a valid input type"
            )
        _directives(ctx, a.get("Directives"), "ARGUMENT_DEFINITION", current)


def _kind_list(*kinds) -> str:
    return ", ".join(kinds[:-1]) + " or " + kinds[-1] if len(kinds) > 1 else kinds[0]


def _definition(ctx, d: dict) -> None:
    types = ctx[0]
    kind, name = d.get("Kind", ""), d.get("Name", "")
    if not d.get("BuiltIn"):
        _check_name(name)
    fields = _l(d.get("Fields"))
    if kind in ("OBJECT", "INTERFACE"):
        if not fields:
            raise SchemaError(f"{kind} {name}: must define one or more fields.")
        for f in fields:
            t = types.get(_name_of(_d(f).get("Type")))
            if t is not None and t.get("Kind") not in ("SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM"):
                raise SchemaError(
                    f"{t.get('Kind')} {_d(f).get('Name', '')}: field must be one of {_kind_list('SCALAR', 'OBJECT', 'INTERFACE', 'UNION', 'ENUM')}."
                )
    elif kind == "ENUM":
        values = _l(d.get("EnumValues"))
        if not values:
            raise SchemaError(f"{kind} {name}: must define one or more unique enum values.")
        names = set()
        for v in values:
            vn = _d(v).get("Name", "")
            if vn in names:
                raise SchemaError(f"Enum value {name}.{vn} can only be defined once.")
            names.add(vn)
            if vn in ("true", "false", "null"):
                raise SchemaError(f"{kind} {name}: non-enum value {vn}.")
            _directives(ctx, _d(v).get("Directives"), "ENUM_VALUE")
    elif kind == "INPUT_OBJECT":
        if not fields:
            raise SchemaError(f"{kind} {name}: must define one or more input fields.")
        for f in fields:
            t = types.get(_name_of(_d(f).get("Type")))
            if t is not None and t.get("Kind") not in _INPUT_KINDS:
                raise SchemaError(f"{t.get('Kind')} {_d(f).get('Name', '')}: field must be one of {_kind_list(*_INPUT_KINDS)}.")
    seen = set()
    for f in fields:
        fn = _d(f).get("Name", "")
        if fn in seen:
            raise SchemaError(f"Field {name}.{fn} can only be defined once.")
        seen.add(fn)
    for f in fields:
        f = _d(f)
        _check_name(f.get("Name", "")) if not d.get("BuiltIn") else None
        _type_ref(ctx, f.get("Type"))
        _args(ctx, f.get("Arguments"))
        _directives(ctx, f.get("Directives"), "INPUT_FIELD_DEFINITION" if kind == "INPUT_OBJECT" else "FIELD_DEFINITION")
    if len(set(map(str, _l(d.get("Types"))))) != len(_l(d.get("Types"))):
        raise SchemaError(f"{kind} {name}: must define one or more unique member types.")
    for t in _l(d.get("Types")):
        td = types.get(t)
        if td is None:
            raise SchemaError(f'Undefined type "{t}".')
        if td.get("Kind") != "OBJECT":
            raise SchemaError(f'{kind} type "{t}" must be OBJECT.')
    for i in _l(d.get("Interfaces")):
        _implements(ctx, d, i)
    if kind == "UNION" and not _l(d.get("Types")):
        raise SchemaError(f"{kind} {name}: must define one or more member types.")
    _directives(ctx, d.get("Directives"), _LOCATION.get(kind, kind))


def _implements(ctx, d: dict, intf_name: str) -> None:
    types = ctx[0]
    intf = types.get(intf_name)
    if intf is None:
        raise SchemaError(f'Undefined type "{intf_name}".')
    if intf.get("Kind") != "INTERFACE":
        raise SchemaError(f'"{intf_name}" is a non interface type {intf.get("Kind", "")}.')
    mine = {_d(f).get("Name"): _d(f) for f in _l(d.get("Fields"))}
    for req in _l(intf.get("Fields")):
        req = _d(req)
        found = mine.get(req.get("Name"))
        if found is None:
            raise SchemaError(f"For {d.get('Name', '')} to implement {intf_name} it must have a field called {req.get('Name', '')}.")
        if not _covariant(types, req.get("Type"), found.get("Type")):
            raise SchemaError(
                f"For {d.get('Name', '')} to implement {intf_name} the field {req.get('Name', '')} must have type {type_text(req.get('Type'))}."
            )
        fargs = {_d(a).get("Name"): _d(a) for a in _l(found.get("Arguments"))}
        rargs = {_d(a).get("Name") for a in _l(req.get("Arguments"))}
        for ra in _l(req.get("Arguments")):
            ra = _d(ra)
            fa = fargs.get(ra.get("Name"))
            if fa is None:
                raise SchemaError(
                    f"For {d.get('Name', '')} to implement {intf_name} the field {req.get('Name', '')} must have the same arguments but it is missing {ra.get('Name', '')}."
                )
            if type_text(ra.get("Type")) != type_text(fa.get("Type")):
                raise SchemaError(
                    f"For {d.get('Name', '')} to implement {intf_name} the field {req.get('Name', '')} must have the same arguments but {ra.get('Name', '')} has the wrong type."
                )
        for fa_name, fa in fargs.items():
            if fa_name not in rargs and _d(fa.get("Type")).get("NonNull") is True and fa.get("DefaultValue") is None:
                raise SchemaError(
                    f"For {d.get('Name', '')} to implement {intf_name} any additional arguments on {found.get('Name', '')} must be optional or have a default value but {fa_name} is required."
                )
    mine_intfs = _l(d.get("Interfaces"))
    for transitive in _l(intf.get("Interfaces")):
        if transitive not in mine_intfs:
            if transitive == d.get("Name"):
                raise SchemaError(
                    f"Type {d.get('Name', '')} cannot implement {intf_name} because it would create a circular reference."
                )
            raise SchemaError(f"Type {d.get('Name', '')} must implement {transitive} because it is implemented by {intf_name}.")


def _covariant(types, want, got) -> bool:
    want, got = _d(want), _d(got)
    if want.get("NonNull") is True and got.get("NonNull") is not True:
        return False
    if want.get("Elem") is not None:
        return got.get("Elem") is not None and _covariant(types, want["Elem"], got["Elem"])
    if got.get("Elem") is not None:
        return False
    wn, gn = want.get("NamedType", ""), got.get("NamedType", "")
    if wn == gn:
        return True
    wt, gt = types.get(wn), types.get(gn)
    if wt is None or gt is None:
        return False
    if wt.get("Kind") == "UNION":
        return gn in _l(wt.get("Types"))
    if wt.get("Kind") == "INTERFACE":
        return wn in _l(gt.get("Interfaces"))
    return False


BUILTIN_DIRECTIVES = _BUILTIN_DIRECTIVES

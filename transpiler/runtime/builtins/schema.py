"""json.verify_schema and json.match_schema, as OPA answers them through
xeipuuv/gojsonschema: its schema errors, its error objects
(``{"error", "type", "field", "desc"}``) and their texts, in its order.

rego2py reproduces the part of gojsonschema measured against OPA
(tests/test_runtime_schema.py): boolean schemas, ``type``, ``properties``,
``required``, ``additionalProperties``, ``items`` (one schema), the
length keywords (``minLength``... ``maxItems``), the
annotations ``title``/``description``, and ``$schema`` naming draft 6 or 7 (or
nothing gojsonschema knows, which it reads as such). A schema using any other
keyword of gojsonschema's (``enum``, ``minimum``, ``pattern``, ``format``,
``$ref``, ``allOf``...), anywhere in it, is refused at transpile time
(``check_call``, the registry's ``Builtin.check``, run by the compiler on each
call), and so is a schema the compiler does not know (input, data, a
function's argument): rego2py does not answer what it has not matched (a
``$ref`` may even make OPA fetch a URL), and a run-time error would be a
silent undefined in OPA's default mode. The run-time ``eval_internal_error``
naming the part not reproduced stays as a defence in depth. Keywords
gojsonschema does not know are ignored, as it does.
"""

from __future__ import annotations

from ..deep import deep_call
from ..errors import BuiltinError, RegoRuntimeError
from ..values import Num, Set
from .jsonb import parse_json

__all__ = ["FUNCTIONS", "COMPILE_CHECKS", "check_call"]

TYPES = ("array", "boolean", "integer", "number", "null", "object", "string")
# every keyword gojsonschema reads (the others are ignored by it)
KEYWORDS = {
    "$schema", "$id", "id", "$ref", "definitions", "title", "description", "type", "properties",
    "patternProperties", "additionalProperties", "propertyNames", "required", "dependencies",
    "minProperties", "maxProperties", "items", "additionalItems", "minItems", "maxItems", "uniqueItems",
    "contains", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength",
    "maxLength", "pattern", "format", "enum", "const", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
}
# (the length keywords, in the order gojsonschema reads them)
LENGTHS = ("minLength", "maxLength", "minProperties", "maxProperties", "minItems", "maxItems")
SUPPORTED = {"$schema", "title", "description", "type", "properties", "required", "additionalProperties", "items", *LENGTHS}
_LATER_DRAFTS = ("http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-07/schema")
_DRAFT4 = "http://json-schema.org/draft-04/schema"


class _SchemaError(Exception):
    """The schema is invalid; the message is gojsonschema's."""


class _Unreproduced(RegoRuntimeError):
    """Part of gojsonschema rego2py does not reproduce (``what``)."""

    def __init__(self, fn: str, what: str):
        super().__init__("eval_internal_error", f"{fn}: rego2py does not reproduce gojsonschema's {what}")
        self.what = what


def _internal(fn: str, what: str) -> RegoRuntimeError:
    return _Unreproduced(fn, what)


def _load(fn: str, v):
    """A schema or document argument: JSON text, an object or an array."""
    if v.__class__ is str:
        try:
            return parse_json(v)
        except (ValueError, RecursionError):
            raise _SchemaError("invalid JSON string") from None
    if v.__class__ is dict or v.__class__ is list:
        return _rego_order(fn, v)
    if isinstance(v, Set):
        raise _internal(fn, "reading of a set")
    raise _SchemaError("wrong type, expected string or object")


def _rego_order(fn: str, v):
    """A Rego object's keys in OPA's order (sorted), as gojsonschema gets them
    (JSON text keeps the order of its text)."""
    if v.__class__ is dict:
        if any(k.__class__ is not str for k in v):
            raise _internal(fn, "reading of an object with keys that are not strings")
        return {k: _rego_order(fn, v[k]) for k in sorted(v)}
    if v.__class__ is list:
        return [_rego_order(fn, x) for x in v]
    if isinstance(v, Set):
        raise _internal(fn, "reading of a set")
    return v


# -- the schema -------------------------------------------------------------------


class _Schema:
    __slots__ = ("always", "types", "properties", "required", "additional", "items", "lengths")

    def __init__(self):
        self.always = None  # True/False: a boolean schema
        self.types: list[str] = []
        self.properties: list[tuple[str, _Schema]] = []
        self.required: list[str] = []
        self.additional = None  # None, False or a _Schema
        self.items = None
        self.lengths: dict[str, int] = {}


def _parse(fn: str, s, draft4: bool, root: bool = False) -> _Schema:
    out = _Schema()
    if s is True or s is False:
        if draft4:
            raise _internal(fn, "draft 4 reading of a boolean schema")
        out.always = s
        return out
    if s.__class__ is not dict:
        raise _SchemaError("schema is invalid" if root else "Expected: Valid Schema, given: Invalid JSON")
    for k in s:
        if k in KEYWORDS and k not in SUPPORTED:
            raise _internal(fn, f"schema keyword {k}")
    if "$schema" in s and s["$schema"].__class__ is not str:
        raise _SchemaError("$schema must be of type string")
    for k in ("title", "description"):
        if k in s and s[k].__class__ is not str:
            raise _SchemaError(f"Invalid type. Expected: string, given: {k}")
    if "type" in s:
        t = s["type"]
        names = [t] if t.__class__ is str else t if t.__class__ is list else None
        if names is None or any(n.__class__ is not str for n in names):
            raise _SchemaError("Invalid type. Expected: type, given: string/Array Of Strings")
        for n in names:
            if n not in TYPES:
                raise _SchemaError(
                    f"has a primitive type that is NOT VALID -- given: /{n}/ Expected valid values are:[{' '.join(TYPES)}]"
                )
            if n in out.types:
                raise _SchemaError(f"{n} type is duplicated")
            out.types.append(n)
    if "properties" in s:
        props = s["properties"]
        if props.__class__ is not dict:
            raise _SchemaError("Properties must be of type object")
        out.properties = [(k, _parse(fn, v, draft4)) for k, v in props.items()]
    if "additionalProperties" in s:
        a = s["additionalProperties"]
        if a is False:
            out.additional = False
        elif a is True:
            pass
        elif a.__class__ is dict:
            out.additional = _parse(fn, a, draft4)
        else:
            raise _SchemaError("Invalid type. Expected: boolean/Valid Schema, given: additionalProperties")
    if "items" in s:
        it = s["items"]
        if it.__class__ is list:
            raise _internal(fn, "reading of items as an array of schemas")
        if it.__class__ is not dict and it is not True and it is not False:
            raise _SchemaError("Invalid type. Expected: Valid Schema/Array Of Schemas, given: items")
        out.items = _parse(fn, it, draft4)
    for k in LENGTHS[:4]:
        _length(s, k, out)
    _min_max(out, "minLength", "maxLength")
    _min_max(out, "minProperties", "maxProperties")
    if "required" in s:
        req = s["required"]
        if req.__class__ is not list:
            raise _SchemaError("required must be of an array")
        if draft4 and not req:
            raise _internal(fn, "draft 4 reading of an empty required")
        for r in req:
            if r.__class__ is not str:
                raise _SchemaError("Invalid type. Expected: string, given: required")
            if r in out.required:
                raise _SchemaError("required items must be unique")
            out.required.append(r)
    for k in LENGTHS[4:]:  # (minItems > maxItems is no schema error)
        _length(s, k, out)
    return out


def _length(s: dict, k: str, out: _Schema) -> None:
    if k in s:
        n = s[k]
        # a Go int64 written as one (1.0, 1e2 are not)
        if n.__class__ is not int or not -(2**63) <= n < 2**63:
            raise _SchemaError(f"{k} must be of an integer")
        if n < 0:
            raise _SchemaError(f"{k} must be greater than or equal to 0")
        out.lengths[k] = n


def _min_max(out: _Schema, lo: str, hi: str) -> None:
    if lo in out.lengths and hi in out.lengths and out.lengths[lo] > out.lengths[hi]:
        raise _SchemaError(f"{lo} cannot be greater than {hi}")


def _compile(fn: str, raw) -> _Schema:
    s = _load(fn, raw)
    draft4 = False
    if s.__class__ is dict and s.get("$schema").__class__ is str:
        url = s["$schema"].rstrip("#")
        draft4 = url == _DRAFT4
        if not draft4 and url.startswith("http://json-schema.org/") and url not in _LATER_DRAFTS:
            raise _internal(fn, f"reading of $schema {s['$schema']}")
    if s.__class__ is not dict and s is not True and s is not False:
        raise _SchemaError("schema is invalid")
    return _parse(fn, s, draft4, root=True)


# -- validation -------------------------------------------------------------------


def _is_int(v) -> bool:
    if v.__class__ is int:
        return True
    if v.__class__ is float:
        return v.is_integer()
    if v.__class__ is Num:
        d = v.d
        return d.is_finite() and d == d.to_integral_value()
    return False


def _kind(v) -> str:
    if v is None:
        return "null"
    if v is True or v is False:
        return "boolean"
    if v.__class__ in (int, float, Num):
        return "integer" if _is_int(v) else "number"
    if v.__class__ is str:
        return "string"
    if v.__class__ is list:
        return "array"
    if v.__class__ is dict:
        return "object"
    raise RegoRuntimeError("eval_internal_error", f"rego2py does not reproduce gojsonschema's reading of {type(v).__name__}")


def _error(errors: list, field: str, kind: str, desc: str) -> None:
    f = field or "(Root)"
    errors.append({"error": f"{f}: {desc}", "type": kind, "field": f, "desc": desc})


def _child(field: str, key) -> str:
    return f"{field}.{key}" if field else str(key)


def _validate(s: _Schema, v, field: str, errors: list) -> None:
    if s.always is not None:
        if not s.always:
            _error(errors, field, "false", "False always fails validation")
        return
    kind = _kind(v)
    if s.types:
        ok = kind in s.types or (kind == "integer" and "number" in s.types)
        if not ok:
            want = s.types[0] if len(s.types) == 1 else "[" + ",".join(s.types) + "]"
            _error(errors, field, "invalid_type", f"Invalid type. Expected: {want}, given: {kind}")
            return
    n = s.lengths
    if kind == "object":
        if "minProperties" in n and len(v) < n["minProperties"]:
            _error(errors, field, "array_min_properties", f"Must have at least {n['minProperties']} properties")
        if "maxProperties" in n and len(v) > n["maxProperties"]:
            _error(errors, field, "array_max_properties", f"Must have at most {n['maxProperties']} properties")
        for r in s.required:
            if r not in v:
                _error(errors, field, "required", f"{r} is required")
        named = {k for k, _ in s.properties}
        if s.additional is False:
            for k in v:  # (in the order of the text, or OPA's)
                if k not in named:
                    _error(errors, field, "additional_property_not_allowed", f"Additional property {k} is not allowed")
        elif s.additional is not None:
            for k in v:
                if k not in named:
                    _validate(s.additional, v[k], _child(field, k), errors)
        for k, sub in s.properties:
            if k in v:
                _validate(sub, v[k], _child(field, k), errors)
    elif kind == "array":
        if s.items is not None:
            for i, x in enumerate(v):
                _validate(s.items, x, _child(field, i), errors)
        if "minItems" in n and len(v) < n["minItems"]:
            _error(errors, field, "array_min_items", f"Array must have at least {n['minItems']} items")
        if "maxItems" in n and len(v) > n["maxItems"]:
            _error(errors, field, "array_max_items", f"Array must have at most {n['maxItems']} items")
    elif kind == "string":
        if "minLength" in n and len(v) < n["minLength"]:
            _error(errors, field, "string_gte", f"String length must be greater than or equal to {n['minLength']}")
        if "maxLength" in n and len(v) > n["maxLength"]:
            _error(errors, field, "string_lte", f"String length must be less than or equal to {n['maxLength']}")


# -- the builtins -----------------------------------------------------------------


def verify_schema(schema):
    try:
        deep_call(_compile, "json.verify_schema", schema)
    except _SchemaError as exc:
        return [False, f"jsonschema: {exc}"]
    return [True, None]


def match_schema(document, schema):
    fn = "json.match_schema"
    try:
        doc = _load(fn, document)
        s = deep_call(_compile, fn, schema)
    except _SchemaError as exc:
        raise BuiltinError(f"{fn}: {exc}") from None
    errors: list = []
    deep_call(_validate, s, doc, "", errors)
    return [not errors, errors]


# -- the transpile-time check --------------------------------------------------

_WHY = "rego2py does not reproduce this part of gojsonschema, which OPA uses"
_KEYWORD_WHY = (
    "rego2py reproduces gojsonschema's reading of $schema, title, description, type, properties,"
    " required, additionalProperties, items and the length keywords only"
)


def _unsupported_keyword(s) -> str | None:
    """The first keyword gojsonschema reads but rego2py does not, at any schema
    position of ``s`` (the schemas under properties, additionalProperties and
    items, however malformed the rest is), else None."""
    todo = [s]
    while todo:
        x = todo.pop()
        if x.__class__ is list:  # (items as an array of schemas)
            todo.extend(x)
            continue
        if x.__class__ is not dict:
            continue
        for k in x:
            if k in KEYWORDS and k not in SUPPORTED:
                return k
        props = x.get("properties")
        if props.__class__ is dict:
            todo.extend(props.values())
        todo.append(x.get("additionalProperties"))
        todo.append(x.get("items"))
    return None


def check_call(name: str, consts: list) -> str | None:
    """The construct refused at transpile time in a call of ``name``, else None:
    ``consts[i]`` is ``(value,)`` for an argument the compiler knows, None for
    one it does not. The schema must be known, and within the reproduced part:
    what would raise eval_internal_error at run time (an unsupported keyword
    anywhere, a draft 4 boolean schema...) is refused here instead."""
    arg = consts[-1] if consts else None
    if arg is None:
        return (
            f"{name} with a schema that is not a constant (rego2py checks at transpile time that it"
            " reproduces gojsonschema's answer for the schema: use a literal, a JSON string or a constant rule)"
        )
    try:
        s = _load(name, arg[0])
    except _SchemaError:
        return None  # (OPA's schema error, reproduced)
    except _Unreproduced as exc:
        return f"{name} schema: {exc.what} ({_WHY})"
    kw = _unsupported_keyword(s)
    if kw is not None:
        return f'{name} schema keyword "{kw}" ({_KEYWORD_WHY})'
    try:
        deep_call(_compile, name, arg[0])
    except _SchemaError:
        return None
    except _Unreproduced as exc:
        return f"{name} schema: {exc.what} ({_WHY})"
    return None


FUNCTIONS = {
    "json.verify_schema": (verify_schema, 1),
    "json.match_schema": (match_schema, 2),
}
# the transpile-time check of each call (Builtin.check, compiler/emit.py)
COMPILE_CHECKS = {name: check_call for name in FUNCTIONS}

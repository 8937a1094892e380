"""graphql.*: parse, parse_and_verify, parse_query, parse_schema, is_valid,
schema_is_valid, as OPA (with gqlparser) answers them.

Documents are parsed with graphql-core and shown as gqlparser's AST objects
(``gql_ast``; objects given back are printed to text by ``gql_print``). A
schema is loaded as gqlparser's ``ValidateSchemaDocument`` (``gql_schema``)
does, with its prelude (built-in scalars, directives and introspection types):
extensions merge into their type (or make it), and each rule gives
gqlparser's message. Queries are validated by graphql-core's rules (the
specification's, which gqlparser implements too) against the loaded schema.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from graphql import build_ast_schema, validate
from graphql import GraphQLError, GraphQLFloat, IntValueNode, get_named_type
from graphql.validation import ValidationRule, specified_rules
from graphql import parse as gparse

from ..errors import BuiltinError, EvalTypeError
from ..values import type_name
from .gql_ast import GqlError, parse_text, prune, query_document, schema_document
from .gql_print import print_query, print_schema
from .gql_schema import SchemaError, _d, _l, load_schema

__all__ = ["FUNCTIONS"]

# -- the builtins ------------------------------------------------------------------------------


# OPA numbers these operands from 0
def _schema_doc(fn: str, pos: int, x) -> dict:
    if x.__class__ is str:
        return schema_document(parse_text(x))
    if x.__class__ is dict:
        return x
    raise EvalTypeError(f"{fn}: operand {pos - 1} must be one of {{string, object}} but got {type_name(x)}")


def _query_doc(fn: str, pos: int, x) -> tuple[dict, object]:
    """The query as gqlparser's object, and graphql-core's document when parsed from text."""
    if x.__class__ is str:
        doc = parse_text(x)
        return query_document(doc), doc
    if x.__class__ is dict:
        return x, None
    raise EvalTypeError(f"{fn}: operand {pos - 1} must be one of {{string, object}} but got {type_name(x)}")


@lru_cache(maxsize=64)
def _core_schema(sdl: str):
    return build_ast_schema(gparse(sdl), assume_valid=True, assume_valid_sdl=True)


_CORE_DIRECTIVES = ("include", "skip", "deprecated", "specifiedBy", "oneOf")

_INT64 = range(-(1 << 63), 1 << 63)


class _GoNumbers(ValidationRule):
    """gqlparser reads Float literals with Go's ParseInt/ParseFloat: an integer
    beyond 64 bits or a float beyond float64 is not a Float."""

    def _check(self, node) -> None:
        t = self.context.get_input_type()
        named = get_named_type(t) if t is not None else None
        if named is None or named.name != "Float" or named is not GraphQLFloat:
            return
        ok = int(node.value) in _INT64 if isinstance(node, IntValueNode) else math.isfinite(float(node.value))
        if not ok:
            self.report_error(GraphQLError(f"Float cannot represent non numeric value: {node.value}", node))

    def enter_int_value(self, node, *_):
        self._check(node)

    def enter_float_value(self, node, *_):
        self._check(node)


# graphql-core's rules less those gqlparser does not have (on @defer and @stream)
_RULES = [
    r
    for r in specified_rules
    if r.__name__
    not in ("DeferStreamDirectiveOnRootField", "DeferStreamDirectiveOnValidOperationsRule", "DeferStreamDirectiveLabel", "StreamDirectiveOnListField")
] + [_GoNumbers]
# gqlparser's Int is 64 bits (whatever its message says)
_INT_RANGE = re.compile(r"^Int cannot represent non 32-bit signed integer value: (-?[0-9]+)$")


def _gqlparser_error(e) -> bool:
    m = _INT_RANGE.match(e.message)
    return not (m and int(m.group(1)) in _INT64)


def _merged_sdl(loaded: dict) -> str:
    """The loaded schema (extensions merged, prelude left out) as SDL for graphql-core."""
    user = {
        "Definitions": [d for d in loaded["types"].values() if not d.get("BuiltIn")],
        # graphql-core adds its own of these (gqlparser keeps its prelude's: the same);
        # the others of gqlparser's prelude (@defer) are written out
        "Directives": [d for n, d in loaded["directives"].items() if n not in _CORE_DIRECTIVES],
    }
    roots = loaded["roots"]
    if roots:
        user["Schema"] = [{"OperationTypes": [{"Operation": op, "Type": t} for op, t in roots.items()]}]
    return print_schema(user)


# graphql-core's wording -> gqlparser's (both follow graphql-js, of different years)
_MESSAGES = (
    (
        re.compile(r'^Argument "[^"]*\.([^".(]+)\(([^":]+):\)" of type "([^"]+)" is required, but it was not provided\.$'),
        r'Field "\1" argument "\2" of type "\3" is required, but it was not provided.',
    ),
)


def _gqlparser_message(msg: str) -> str:
    msg = msg.replace("'", '"')
    for pat, repl in _MESSAGES:
        msg = pat.sub(repl, msg)
    return msg


def _validate_query(schema: dict, query: dict, original=None) -> None:
    try:
        loaded = load_schema(schema)
    except SchemaError as exc:
        raise GqlError(f"Error in gqlparser SchemaDocument to Schema conversion: {exc}") from None
    sdl = _merged_sdl(loaded)
    try:
        core = _core_schema(sdl)
        if original is None:
            query = dict(query, Operations=[o for o in _l(query.get("Operations")) if _l(_d(o).get("SelectionSet"))])
        if not (query.get("Operations") or query.get("Fragments")):
            qdoc = None
        else:
            qdoc = original if original is not None else gparse(print_query(query))
    except Exception as exc:  # a document the printer could not make valid: gqlparser would reject it too
        raise GqlError(str(exc).split("\n")[0]) from None
    if qdoc is None:
        return
    for i, o in enumerate(_l(query.get("Operations"))):
        op = _d(o).get("Operation") or "query"
        if op not in loaded["roots"]:
            loc = qdoc.definitions[i].loc if original is not None else None
            line, col = (loc.start_token.line, loc.start_token.column) if loc else (0, 0)
            raise GqlError(f'Schema does not support operation type "{op}"\n', line, col)
    errors = [e for e in validate(core, qdoc, _RULES) if _gqlparser_error(e)]
    if errors:
        # OPA shows gqlparser's error list ("input:L:C: message" lines) less the
        # first location and a final ".\n", then the first location
        lines = []
        for e in errors:
            # gqlparser places an error on the last node graphql-core names (the
            # second operation of a duplicate name, the use of a variable)
            loc = e.locations[-1] if e.locations else None
            lines.append(f"input:{loc.line if loc else 0}:{loc.column if loc else 0}: {_gqlparser_message(e.message)}\n")
        text = "".join(lines).split(": ", 1)[1].removesuffix(".\n")
        loc = errors[0].locations[-1] if errors[0].locations else None
        raise GqlError(text, loc.line if loc else 0, loc.column if loc else 0)


def _err(fn: str, exc: GqlError) -> BuiltinError:
    return BuiltinError(f"{fn}: {exc.text() if exc.line else exc.message}")


def parse_query(q):
    fn = "graphql.parse_query"
    if q.__class__ is not str:
        raise EvalTypeError(f"{fn}: operand 1 must be string but got {type_name(q)}")
    try:
        return query_document(parse_text(q))
    except GqlError as exc:
        raise _err(fn, exc) from None


def parse_schema(s):
    fn = "graphql.parse_schema"
    if s.__class__ is not str:
        raise EvalTypeError(f"{fn}: operand 1 must be string but got {type_name(s)}")
    try:
        return schema_document(parse_text(s))
    except GqlError as exc:
        raise _err(fn, exc) from None


def parse(q, s):
    fn = "graphql.parse"
    try:
        (query, doc), schema = _query_doc(fn, 1, q), _schema_doc(fn, 2, s)
        _validate_query(schema, query, doc)
    except GqlError as exc:
        raise _err(fn, exc) from None
    return [prune(query), prune(schema)]


def parse_and_verify(q, s):
    fn = "graphql.parse_and_verify"
    try:
        (query, doc), schema = _query_doc(fn, 1, q), _schema_doc(fn, 2, s)
        _validate_query(schema, query, doc)
    except (GqlError, EvalTypeError):
        return [False, {}, {}]
    return [True, prune(query), prune(schema)]


def is_valid(q, s):
    try:
        (query, doc), schema = _query_doc("graphql.is_valid", 1, q), _schema_doc("graphql.is_valid", 2, s)
        _validate_query(schema, query, doc)
    except (GqlError, EvalTypeError):
        return False
    return True


def schema_is_valid(s):
    if s.__class__ is not str and s.__class__ is not dict:
        return False
    try:
        load_schema(_schema_doc("graphql.schema_is_valid", 1, s))
    except (GqlError, SchemaError):
        return False
    return True


FUNCTIONS = {
    "graphql.parse": (parse, 2),
    "graphql.parse_and_verify": (parse_and_verify, 2),
    "graphql.parse_query": (parse_query, 1),
    "graphql.parse_schema": (parse_schema, 1),
    "graphql.is_valid": (is_valid, 2),
    "graphql.schema_is_valid": (schema_is_valid, 1),
}

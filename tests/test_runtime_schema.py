"""json.verify_schema / json.match_schema against OPA (gojsonschema): the
answers, error objects and texts of every case below are OPA's, asked through
the bindings; what rego2py does not reproduce raises eval_internal_error (a
defence in depth: the compiler refuses such a call, see the end of this file).

OPA's order of the errors of different properties varies from run to run
(gojsonschema walks Go maps), as does which of two invalid property schemas it
reports: the errors are compared as a multiset, and no case has two invalid
property schemas. rego2py answers in one of OPA's orders (the order of the JSON
text, or of the Rego object's keys)."""

from __future__ import annotations

import json

import pytest

from transpiler import opa_backend
from transpiler.runtime.builtins.schema import match_schema, verify_schema
from transpiler.runtime.errors import BuiltinError, RegoRuntimeError
from transpiler.runtime.values import to_json

S1 = {"properties": {"id": {"type": "integer"}}, "required": ["id"]}
# (document, schema)
CASES = [
    ({"id": 5}, S1), ('{"id": 5}', S1), ({"id": "foo"}, S1), ({}, S1), ({"id": 5}, json.dumps(S1)),
    ({"a": 1}, {"required": ["a", "b"]}), ({"b": 1, "a": 2}, {"required": ["z", "y"]}),
    ({"a": "x", "b": 2}, {"properties": {"a": {"type": "integer"}, "b": {"type": "string"}}}),
    ({"b": "x", "a": 1}, '{"properties":{"b":{"type":"integer"},"a":{"type":"string"}}}'),
    ([1, "a"], {"items": {"type": "integer"}}), ("[1, 2.0, 1e2, 1.5]", {"items": {"type": "integer"}}),
    ({"x": {"y": [1, {"z": 3}]}}, {"properties": {"x": {"properties": {"y": {"items": {"type": ["string", "object"]}}}}}}),
    ({"a": 1, "c": 2}, {"properties": {"a": {}}, "additionalProperties": False}),
    ({"b": 1, "a": 2, "c": 3}, {"additionalProperties": False}), ('{"c": 1, "b": 2}', {"additionalProperties": False}),
    ('{"c": 1, "b": 2}', '{"additionalProperties": {"type": "string"}}'), ({"a": [{"x": 1}]}, {"properties": {"a": {"items": {"additionalProperties": False}}}}), ({"a": 1}, {"additionalProperties": True}),
    ({"a": 1, "b": "x"}, {"properties": {"b": {"type": "integer"}}, "additionalProperties": {"type": "string"}}),
    ({"a": {"b": "x"}}, {"properties": {"a": {"required": ["c"], "properties": {"b": {"type": "integer"}}}}}),
    ({"a": [1, {"b": 2}]}, {"properties": {"a": {"items": {"required": ["c"]}}}}),
    ({"a": None}, {"properties": {"a": {"type": "string"}}}), ({"a": 1.5}, {"properties": {"a": {"type": "integer"}}}),
    ({"a": 1.0}, {"properties": {"a": {"type": "integer"}}}), ({"a": 3}, {"properties": {"a": {"type": "number"}}}),
    ({"a": True}, {"properties": {"a": {"type": "number"}}}), ({"a": 1}, {"properties": {"a": {"type": "null"}}}),
    ({"a": [1]}, {"properties": {"a": {"type": "object"}}}), ({"a": {}}, {"properties": {"a": {"type": "array"}}}),
    ({"a": "s"}, {"properties": {"a": {"type": ["null", "boolean"]}}}), ({"a": "s"}, {"properties": {"a": {"type": []}}}),
    ("1", {"type": "integer"}), ('"s"', {"type": "integer"}), ("null", {"type": "integer"}), ([], {"type": "integer"}),
    ('{"a": 1e400}', {"properties": {"a": {"type": "integer"}}}), ('{"a": 2.50}', {"properties": {"a": {"type": "integer"}}}),
    ({}, "true"), ({}, "false"), ([1], "false"), ({"a": 1}, {"properties": {"a": False}}), ({}, {"properties": {"a": True}}),
    ({}, {"foo": 5}), ({}, {"$schema": "foo"}), ({}, {"type": "integer", "$schema": "http://json-schema.org/draft-07/schema#"}),
    ({}, {"type": "integer", "$schema": "http://json-schema.org/draft-04/schema#"}),
    ({"a": 1}, {"title": "t", "description": "d", "properties": {"a": {"title": "x", "type": "string"}}}),
    # invalid schemas, invalid documents
    ({}, {"type": "unknown"}), ({}, {"type": ["integer", "foo"]}), ({}, {"type": ["integer", "integer"]}), ({}, {"type": 5}),
    ({}, {"type": "foo", "required": 5}), ({}, {"items": {"type": "foo"}, "properties": {"a": {"type": "bar"}}}), ({}, {"type": "array", "items": {"type": "foo"}}),
    ({}, {"additionalProperties": {"type": "foo"}, "properties": {"a": {"type": "bar"}}}),
    ({}, {"properties": 5}), ({}, {"properties": {"a": 5}}), ({}, {"required": "a"}), ({}, {"required": [1]}),
    ({}, {"required": []}), ({}, {"required": ["a", "a"]}), ({}, {"additionalProperties": 5}), ({}, {"items": 5}),
    ({}, {"$schema": 5}), ({}, {"title": 5}), ({}, {"description": []}), ({}, "[]"), ({}, "1"), ({}, "null"), ({}, "{bad"),
    ({}, 5), ({}, True), ({}, [S1]), (5, S1), (None, S1), (True, S1), ("{bad", S1), ("abc", S1), (5, "{bad"), ("{bad", 5),
]
# the length keywords
CASES += [
    ({"a": "abc"}, {"properties": {"a": {"minLength": 4, "maxLength": 5}}}), ({"a": "abcdef"}, {"properties": {"a": {"maxLength": 5}}}),
    ({"a": "\u00e9"}, {"properties": {"a": {"maxLength": 1}}}), ({"a": "ab"}, {"properties": {"a": {"minLength": 1.0}}}),
    ({"a": "ab"}, {"properties": {"a": {"minLength": 1.5}}}), ({"a": "ab"}, {"properties": {"a": {"minLength": -1}}}),
    ({"a": "ab"}, {"properties": {"a": {"minLength": "1"}}}), ({"a": [1]}, {"properties": {"a": {"minItems": 2, "maxItems": 0}}}),
    ({"a": [1, 2]}, {"properties": {"a": {"maxItems": 1}}}), ({"a": 1}, {"minProperties": 2}), ({"a": 1, "b": 2}, {"maxProperties": 1}),
    ({}, {"minLength": 3, "maxLength": 2}), ({}, {"minItems": 3, "maxItems": 2}), ({}, {"minProperties": 3, "maxProperties": 2}),
    ({}, {"minItems": -1}), ({}, {"maxItems": 1.0}), ({}, {"minProperties": -1}), ({}, {"maxProperties": "x"}), ({}, {"maxLength": -1}),
    ({}, {"minLength": "x", "type": "foo"}), ({}, {"minLength": "x", "properties": 5}), ({}, {"minLength": "x", "required": 5}),
    ({}, {"minItems": "x", "minLength": "y"}), ({}, {"minProperties": "x", "minItems": "y"}), ({}, {"minProperties": "x", "required": 5}),
    ({}, {"minItems": "x", "items": 5}), ({}, {"minItems": "x", "additionalProperties": 5}), ({}, {"minLength": 9223372036854775808}),
    ({}, {"minLength": 1e2}), ({}, '{"minLength": 1e2}'), ({}, '{"minLength": 2.0}'), ({"a": "x"}, '{"properties": {"a": {"minLength": 2}}}'),
    ({"a": 1, "b": 2}, {"required": ["c"], "maxProperties": 1, "additionalProperties": False, "properties": {"a": {"type": "string"}}}),
    ([1, 2], {"minItems": 3, "items": {"type": "string"}}), ('"abc"', {"minLength": 4, "type": "string"}), ('"ab"', {"minLength": 2}),
    ({"a": 5}, {"properties": {"a": {"minLength": 9, "minItems": 9, "minProperties": 9}}}),
]
# what rego2py does not reproduce (yet): a keyword of gojsonschema's outside the subset, draft 4's booleans
UNSUPPORTED = [
    {"enum": [1]}, {"minimum": 1}, {"pattern": "a"}, {"format": "email"}, {"$ref": "http://example.com/x"},
    {"allOf": [{}]}, {"anyOf": [{}]}, {"oneOf": [{}]}, {"not": {}}, {"items": [{"type": "integer"}]},
    {"properties": {"a": {"pattern": "x"}}}, {"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": True}},
    {"$schema": "http://json-schema.org/draft-03/schema#"}, {"const": 1}, {"definitions": {}},
]

_prog = None


def _opa():
    global _prog
    if _prog is None:
        _prog = opa_backend.compile_program(
            [("t.rego", "package t\nm := json.match_schema(input.d, input.s)\nv := json.verify_schema(input.s)\n")]
        )
    return _prog


def _theirs(rule, d, s):
    try:
        rows = _opa().query(f"x = data.t.{rule}", input={"d": d, "s": s})
    except Exception as exc:
        if not opa_backend.is_error(exc):
            raise
        return ("error", exc.code, exc.message)
    return ("value", rows[0]["x"]) if rows else ("undefined",)


def _unordered(answer):
    if answer[0] == "value" and isinstance(answer[1][1], list):
        return ("value", [answer[1][0], sorted(answer[1][1], key=json.dumps)])
    return answer


def _ours(fn, *args):
    try:
        return ("value", to_json(fn(*args)))
    except BuiltinError as exc:
        return ("error", exc.code, exc.message)


@pytest.mark.parametrize("d, s", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_match_and_verify_as_opa(d, s):
    from transpiler.runtime.builtins.jsonb import parse_json

    # the arguments as Rego values (numbers as OPA reads them)
    dv, sv = parse_json(json.dumps(d)), parse_json(json.dumps(s))
    assert _unordered(_ours(match_schema, dv, sv)) == _unordered(_theirs("m", d, s))
    assert _ours(verify_schema, sv) == _theirs("v", d, s)


@pytest.mark.parametrize("s", UNSUPPORTED, ids=[json.dumps(s) for s in UNSUPPORTED])
def test_what_is_not_reproduced_raises(s):
    for call in (lambda: match_schema({}, s), lambda: verify_schema(s), lambda: match_schema({}, json.dumps(s))):
        with pytest.raises(RegoRuntimeError) as info:
            call()
        assert info.value.code == "eval_internal_error"
        assert "rego2py does not reproduce gojsonschema's" in info.value.message


# random documents and schemas of the reproduced subset, against OPA
from hypothesis import given, settings, strategies as st  # noqa: E402

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([1.5, 2.0, -0.5]), st.sampled_from(["", "a", "b"]))
_docs = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3)),
    max_leaves=8,
)
_type_names = st.sampled_from(["array", "boolean", "integer", "number", "null", "object", "string"])
_schemas = st.recursive(
    st.one_of(st.just({}), st.booleans(), st.builds(lambda t: {"type": t}, _type_names),
              st.builds(lambda ts: {"type": ts}, st.lists(_type_names, max_size=2, unique=True))),
    lambda inner: st.one_of(
        st.builds(lambda p: {"properties": p}, st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=2)),
        st.builds(lambda r: {"required": r}, st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True)),
        st.builds(lambda a: {"additionalProperties": a}, st.one_of(st.booleans(), inner.filter(lambda s: isinstance(s, dict)))),
        st.builds(lambda i: {"items": i}, inner),
        st.builds(lambda k, n: {k: n}, st.sampled_from(["minLength", "maxLength", "minProperties", "maxProperties", "minItems", "maxItems"]),
                  st.integers(0, 3)),
        st.builds(lambda x, y: {**x, **y} if isinstance(x, dict) and isinstance(y, dict) else x, inner, inner),
    ),
    max_leaves=5,
)


@settings(max_examples=150, deadline=None)
@given(d=st.one_of(st.dictionaries(st.sampled_from(["a", "b", "c"]), _docs, max_size=3), st.lists(_docs, max_size=3)),
       s=_schemas.filter(lambda s: isinstance(s, dict)))
def test_random_documents_and_schemas_as_opa(d, s):
    test_match_and_verify_as_opa(d, s)


# -- the transpile-time check: what the runtime would answer with
# eval_internal_error (OPA's default mode: a silent undefined) is refused, located

_KEYWORD = "rego2py reproduces gojsonschema's reading of $schema, title, description, type, properties"
_NOT_CONST = "with a schema that is not a constant (rego2py checks at transpile time"


def _compile(body: str, extra=()):
    from transpiler.compiler import compile_program

    return compile_program([("m.rego", f"package m\n\nimport rego.v1\n\n{body}\n"), *extra])


@pytest.mark.parametrize(
    "body, where, construct",
    [
        ('p := json.match_schema({"a": 1}, {"enum": [1]})', "5:6", 'json.match_schema schema keyword "enum"'),
        # a constant rule, the keyword nested in a property's schema
        ('schema := {"properties": {"a": {"minimum": 1}}}\n\np := json.match_schema(input, schema)', "7:6",
         'json.match_schema schema keyword "minimum"'),
        # JSON text, nested under items and additionalProperties
        ('p := json.verify_schema(`{"items": {"pattern": "x"}}`)', "5:6", 'json.verify_schema schema keyword "pattern"'),
        ('p := json.verify_schema({"additionalProperties": {"$ref": "#"}})', "5:6",
         'json.verify_schema schema keyword "$ref"'),
        # a local assigned a literal; under an invalid keyword the nested one is still refused
        ('p if { s := {"type": "bogus", "properties": {"a": {"allOf": []}}}; json.verify_schema(s) }', "5:68",
         'json.verify_schema schema keyword "allOf"'),
    ],
)
def test_an_unsupported_keyword_is_refused_with_its_location(body, where, construct):
    from transpiler.errors import Unsupported

    with pytest.raises(Unsupported) as info:
        _compile(body)
    assert str(info.value).startswith(f"m.rego:{where}: unsupported: {construct} ({_KEYWORD}")


@pytest.mark.parametrize(
    "body, what",
    [
        ('p := json.verify_schema({"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": true}})',
         "draft 4 reading of a boolean schema"),
        ('p := json.verify_schema({"items": [{"type": "string"}]})', "reading of items as an array of schemas"),
        ('p := json.verify_schema({"required": {"a"}})', "reading of a set"),
        ('p := json.verify_schema({"$schema": "http://json-schema.org/draft-03/schema#"})',
         "reading of $schema http://json-schema.org/draft-03/schema#"),
    ],
)
def test_other_unreproduced_schemas_are_refused(body, what):
    from transpiler.errors import Unsupported

    with pytest.raises(Unsupported) as info:
        _compile(body)
    assert str(info.value).startswith(f"m.rego:5:6: unsupported: json.verify_schema schema: {what} (")


@pytest.mark.parametrize(
    "body, where, fn",
    [
        ("p := json.match_schema({}, input.schema)", "5:6", "json.match_schema"),
        ("p := json.verify_schema(data.x)", "5:6", "json.verify_schema"),
        ('f(s) := json.verify_schema(s)\n\np := f({"type": "string"})', "5:9", "json.verify_schema"),
        ('p := json.verify_schema(concat("", [input.a, "}"]))', "5:6", "json.verify_schema"),  # (computed)
        # as a mock, its schema is whatever the mocked function is given
        ("f(x, y) := 1\n\np := y if y := f(1, 2) with f as json.match_schema", "7:34", "json.match_schema"),
    ],
)
def test_a_schema_not_known_at_transpile_time_is_refused(body, where, fn):
    from transpiler.errors import Unsupported

    with pytest.raises(Unsupported) as info:
        _compile(body)
    assert str(info.value).startswith(f"m.rego:{where}: unsupported: {fn} {_NOT_CONST}")


ACCEPTED = [
    'p := json.match_schema({"a": "x"}, {"properties": {"a": {"type": "integer"}}})',
    # "enum" is a property's name here, not a keyword
    'p := json.match_schema({"enum": 1}, {"properties": {"enum": {"type": "string"}}})',
    'schema := `{"items": {"type": "integer"}, "maxItems": 1}`\n\np := json.match_schema("[1, 2]", schema)',
    'p := json.verify_schema(`{"items": `)',
    'p := json.verify_schema({"type": "bogus", "x-enum": {"enum": 1}})',  # (unknown keywords are ignored)
    'p := json.verify_schema({"$schema": "http://json-schema.org/draft-07/schema#", "additionalProperties": false})',
    'p := x if { s := {"type": "string"}; x := json.match_schema("1", s) }',
    'p := json.verify_schema(concat("", ["{", "}"]))',  # (folded: a constant)
    'p := json.match_schema({"a": [1, "b"]}, data.q.s)',  # a constant rule of another package
]


@pytest.mark.parametrize("body", ACCEPTED)
def test_supported_constant_schemas_answer_as_opa(body):
    q = ("q.rego", 'package q\n\ns := {"properties": {"a": {"items": {"type": "integer"}}}}\n')
    src = [("m.rego", f"package m\n\nimport rego.v1\n\n{body}\n"), q]
    ours = _compile(body, [q]).query("x = data.m.p")
    with opa_backend.compile_program(src) as theirs:
        expected = theirs.query("x = data.m.p")
    assert expected and ours == expected

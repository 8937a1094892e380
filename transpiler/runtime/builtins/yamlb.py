"""yaml.unmarshal and yaml.is_valid as OPA 1.20 answers them (and the family's
registry: yaml.marshal is yaml_marshal.py, over the emitter of yaml_emit.py).

OPA reads YAML with sigs.k8s.io/yaml v1.6.0: go-yaml v2 (v2.4.4) decodes the
first document into Go values, sigs.k8s.io turns map keys into strings, and
encoding/json writes the JSON OPA then reads. Each stage is followed here
(yaml_scanner.py, yaml_decode.py, yaml_resolve.py, and the conversion below):

- the events come from PyYAML's parser (a port of libyaml, as go-yaml v2 is),
  pulled lazily up to the end of the first document (go-yaml never reads on);
- the node tree, anchors (an anchor is known from its node's start, so
  ``&a [*a]`` is go-yaml's "value contains itself"), plain scalars resolved by
  go-yaml's ``resolve`` (YAML 1.1 booleans ``y``/``on``/``off``..., ``0x``/``0o``/
  leading-zero octal/``0b`` integers, ``1e3`` floats, timestamps kept as the
  text), ``<<`` merges, the alias-expansion limit, and duplicate keys (the
  last wins) are go-yaml's decoder (gopkg.in/yaml.v2 decode.go, resolve.go);
- keys become strings as sigs.k8s.io's ``convertToJSONableObject`` writes them
  (floats as float32 ``%g``); numbers go through encoding/json's float text.

Two keys that become one string (``1`` and ``"1"``) are one JSON key whose
value OPA takes from Go's map order, which is random; here the later one in
the document wins (one of OPA's possible answers).

Error texts: go-yaml's own messages for decoding errors and sigs.k8s.io's and
encoding/json's for conversion; a syntax error is worded by PyYAML
(``yaml: line N: PROBLEM``), which can differ from libyaml's wording.
"""

from __future__ import annotations

import math
import re
import struct

from ..deep import deep_call
from ..errors import BuiltinError, type_error
from ..values import number_of_text

try:  # PyYAML: without it the family is absent and the builtins are refused
    import yaml as _pyyaml
except ImportError:  # pragma: no cover - pyyaml is a core dependency
    raise ImportError("yamlb needs PyYAML", name=__name__) from None

from .yaml_decode import (
    _Decoder,
    _digits,
    _first_document,
    _fmt_e,
    _fmt_f,
    _format_g_digits,
    _GoMap,
    _go_syntax,
)  # noqa: E402
from .yaml_marshal import yaml_marshal  # noqa: E402
from .yaml_resolve import _Fail, _Uint  # noqa: E402

# ------------------------------------------------------- sigs.k8s.io + JSON


def _float32_text(f: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 32)."""
    if math.isnan(f):
        return ".nan"
    try:
        f32 = struct.unpack("<f", struct.pack("<f", f))[0]
    except OverflowError:
        f32 = math.inf if f > 0 else -math.inf
    if math.isinf(f32):
        return ".inf" if f32 > 0 else "-.inf"
    for p in range(1, 10):
        s = f"{f32:.{p}g}"
        if struct.unpack("<f", struct.pack("<f", float(s)))[0] == f32:
            return _format_g_digits(s, f32)
    return _format_g_digits(repr(f32), f32)  # pragma: no cover - 9 digits always round-trip


def _json_float(f: float) -> str:
    """encoding/json's text of a float64 (its error for NaN and infinities)."""
    if math.isnan(f) or math.isinf(f):
        text = "NaN" if math.isnan(f) else ("+Inf" if f > 0 else "-Inf")
        raise BuiltinError(f"json: unsupported value: {text}")
    if f == 0:
        return "-0" if math.copysign(1, f) < 0 else "0"
    neg, d, dp = _digits(repr(f))
    if abs(f) < 1e-6 or abs(f) >= 1e21:
        out = _fmt_e(neg, d, dp - 1)
        return re.sub(r"e-0([0-9])$", r"e-\1", out)
    return _fmt_f(neg, d, dp)


def _key_text(key, value) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, _Uint):
        raise BuiltinError(
            f"unsupported map key of type: uint64, key: {_go_syntax(key)}, value: {_go_plus_syntax(value)}"
        )
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        return _float32_text(key)
    raise BuiltinError(
        f"unsupported map key of type: %!s(<nil>), key: <nil>, value: {_go_plus_syntax(value)}"
    )


def _go_plus_syntax(v) -> str:
    """Go's %+#v of a value (interface{} values print without the type)."""
    if v is None:
        return "<nil>"
    return _go_syntax(v)


def _convert(v):
    """sigs.k8s.io's conversion, then the JSON OPA reads back (numbers as their text)."""
    if isinstance(v, _GoMap):
        out = {}
        pairs = list(v.d.values())
        for k, x in pairs:  # key errors first, as the conversion finds them before json.Marshal
            _key_text(k, x)
        for k, x in pairs:
            out[_key_text(k, x)] = x
        return {k: _convert(x) for k, x in sorted(out.items())}
    if isinstance(v, list):
        return [_convert(x) for x in v]
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return int(v)
    return number_of_text(_json_float(v))


class YAMLError(ValueError):
    """A document OPA cannot read as YAML; the text is OPA's error (after the builtin's name)."""


def yaml_to_json(text: str):
    """The JSON value OPA makes of a YAML text (sigs.k8s.io/yaml's YAMLToJSON,
    read back with numbers as their text): for yaml.unmarshal and for YAML
    data files (transpiler/loader.py). Raises YAMLError."""
    return deep_call(_to_json, text)


def _to_json(text: str):
    try:
        root = _first_document(text)
        go = None if root is None else _Decoder().value(root)
    except _Fail as exc:
        raise YAMLError(f"yaml: {exc}") from None
    except _pyyaml.YAMLError as exc:
        raise YAMLError(f"yaml: {_syntax_text(exc)}") from None
    try:
        return _convert(go)
    except BuiltinError as exc:
        raise YAMLError(exc.message) from None


def _unmarshal(text: str):
    try:
        return yaml_to_json(text)
    except YAMLError as exc:
        raise BuiltinError(f"yaml.unmarshal: {exc}") from None


def _syntax_text(exc) -> str:
    if isinstance(exc, _pyyaml.reader.ReaderError):
        return "control characters are not allowed"
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    problem = _LIBYAML_WORDS.get(problem, problem)
    return f"line {mark.line + 1}: {problem}" if mark is not None else problem


# PyYAML's wording -> libyaml's, for the commonest syntax errors
_LIBYAML_WORDS = {
    "mapping values are not allowed here": "mapping values are not allowed in this context",
}


def yaml_unmarshal(x):
    if x.__class__ is not str:
        raise type_error("yaml.unmarshal", 1, "string", x)
    return _unmarshal(x)


def yaml_is_valid(x):
    if x.__class__ is not str:
        return False
    try:
        _unmarshal(x)
    except BuiltinError:
        return False
    return True


FUNCTIONS = {
    "yaml.unmarshal": (yaml_unmarshal, 1),
    "yaml.is_valid": (yaml_is_valid, 1),
    "yaml.marshal": (yaml_marshal, 1),
}

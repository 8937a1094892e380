"""All that generated code imports: the value model, errors and builtins.

Standard library only (orjson is used by ``json.*`` builtins when present).
"""

from .errors import BuiltinError, ConflictError, EvalTypeError, RegoRuntimeError
from .values import (
    UNDEF,
    Set,
    compare,
    eq,
    hkey,
    is_number,
    json_text,
    obj_get,
    obj_items,
    obj_key,
    obj_keys,
    sort_key,
    sorted_values,
    to_json,
    type_name,
    unkey,
)

__all__ = [
    "UNDEF",
    "Set",
    "hkey",
    "unkey",
    "eq",
    "compare",
    "sort_key",
    "sorted_values",
    "type_name",
    "to_json",
    "json_text",
    "is_number",
    "obj_key",
    "obj_get",
    "obj_items",
    "obj_keys",
    "RegoRuntimeError",
    "BuiltinError",
    "EvalTypeError",
    "ConflictError",
]

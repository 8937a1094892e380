"""Errors raised while evaluating generated code, with OPA's error codes.

Each carries ``.code`` (OPA's code, e.g. ``eval_builtin_error``) and
``.message`` (OPA's wording, e.g. ``div: divide by zero``). In OPA's default
mode a builtin or type error inside an expression makes that expression
undefined: generated code catches ``BuiltinError`` and ``EvalTypeError``.

The subclasses take ``(message)`` or ``(code, message)``.
"""

from __future__ import annotations

__all__ = ["RegoRuntimeError", "BuiltinError", "EvalTypeError", "ConflictError", "type_error"]


class RegoRuntimeError(Exception):
    """A Rego error at evaluation time."""

    default_code = "eval_error"

    def __init__(self, *args: str):
        if len(args) == 2:
            code, message = args
        elif len(args) == 1:
            code, message = self.default_code, args[0]
        else:
            raise TypeError(f"{type(self).__name__} takes (message) or (code, message), got {len(args)} arguments")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class BuiltinError(RegoRuntimeError):
    """A builtin failed on its arguments (``div: divide by zero``)."""

    default_code = "eval_builtin_error"


class EvalTypeError(RegoRuntimeError):
    """A builtin got an operand of the wrong type
    (``count: operand 1 must be one of {array, object, set, string} but got number``)."""

    default_code = "eval_type_error"


class ConflictError(RegoRuntimeError):
    """A rule or object produced two different values for one key."""

    default_code = "eval_conflict_error"


def type_error(fn: str, pos: int, want: str, value) -> EvalTypeError:
    """OPA's operand type error, ``fn: operand POS must be WANT but got TYPE``
    (``want`` as OPA words it: ``number``, ``one of {set, array}``...)."""
    from .values import type_name

    return EvalTypeError(f"{fn}: operand {pos} must be {want} but got {type_name(value)}")

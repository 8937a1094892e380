"""Compile-time values: what the emitter knows about a Python expression."""

from __future__ import annotations

from dataclasses import dataclass

from ..runtime import values as rv


class _NotConst:
    __slots__ = ()

    def __repr__(self):
        return "NOTCONST"


NOTCONST = _NotConst()


@dataclass(frozen=True, slots=True)
class Val:
    """A Python expression holding a Rego value.

    ``code`` is cheap and free of side effects (a name or a literal), so it
    may be written more than once. ``undef`` says whether it may hold UNDEF.
    ``kind`` is the Rego type when known ("string", "number", "boolean",
    "null", "array", "object", "set"). ``const`` is the Python value when the
    expression is a compile-time constant. ``otype`` is what OPA's type
    checker knows of it, where that matters (``opatypes.py``).
    """

    code: str
    undef: bool = False
    kind: str | None = None
    const: object = NOTCONST
    otype: tuple | None = None

    @property
    def is_const(self) -> bool:
        return self.const is not NOTCONST


def kind_of(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, rv.Num)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "set"

"""semver.compare and semver.is_valid, as OPA's internal/semver (a fork of
coreos/go-semver) reads versions: ``MAJOR.MINOR.PATCH[-PRE][+META]``, the
numbers as Go's strconv.ParseInt reads them (a sign and leading zeros are
accepted), identifiers of ``[0-9A-Za-z-]`` separated by dots."""

from __future__ import annotations

import re

from ..errors import BuiltinError, RegoRuntimeError, type_error
from .strings import term_string

__all__ = ["FUNCTIONS", "parse_version"]

_IDENT = re.compile(r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*\Z")
_INT = re.compile(r"[+-]?[0-9]+\Z")
_I64 = 1 << 63


def _parse_int(s: str):
    """Go's strconv.ParseInt(s, 10, 64); None when it fails."""
    if not _INT.match(s):
        return None
    v = int(s)
    return v if -_I64 <= v < _I64 else None


def parse_version(text: str):
    """(major, minor, patch, prerelease) or None when not a version."""
    version, _, meta = text.partition("+") if "+" in text else (text, "", "")
    version, _, pre = version.partition("-") if "-" in version else (version, "", "")
    parts = version.split(".", 2)
    if len(parts) != 3:
        return None
    if pre and not _IDENT.match(pre) or meta and not _IDENT.match(meta):
        return None
    nums = [_parse_int(p) for p in parts]
    if any(n is None for n in nums):
        return None
    return nums[0], nums[1], nums[2], pre


def _numeric(s: str):
    """A numeric pre-release identifier (digits only) as OPA reads it: Go's
    ParseUint, which saturates at 2**64-1 on overflow; None otherwise."""
    if not s.isascii() or not s.isdigit():
        return None
    return min(int(s), (1 << 64) - 1)


def _pre_compare(a: list, b: list) -> int:
    for x, y in zip(a, b):
        xi, yi = _numeric(x), _numeric(y)
        if xi is not None and yi is None:
            return -1
        if xi is None and yi is not None:
            return 1
        if xi is not None:
            if xi != yi:
                return 1 if xi > yi else -1
            continue  # equal numbers: "01" and "1" are not compared as text
        if x != y:
            return 1 if x > y else -1
    if len(a) == len(b) and a != b:
        # OPA 1.20 never returns on such versions ("1.0.0-01" and "1.0.0-1"):
        # refuse to answer rather than hang or give an answer OPA does not
        raise RegoRuntimeError(
            "eval_internal_error",
            "semver.compare: OPA does not terminate on pre-releases that differ only by leading zeros",
        )
    return (len(a) > len(b)) - (len(a) < len(b))


def _compare(a, b) -> int:
    for x, y in zip(a[:3], b[:3]):
        if x != y:
            return 1 if x > y else -1
    pa, pb = a[3], b[3]
    if not pa and pb:
        return 1
    if not pb and pa:
        return -1
    return _pre_compare(pa.split("."), pb.split("."))


def _semver_compare(a, b):
    if a.__class__ is not str:
        raise type_error("semver.compare", 1, "string", a)
    if b.__class__ is not str:
        raise type_error("semver.compare", 2, "string", b)
    va = parse_version(a)
    if va is None:
        raise BuiltinError(f"semver.compare: operand 1: string {term_string(a)} is not a valid SemVer")
    vb = parse_version(b)
    if vb is None:
        raise BuiltinError(f"semver.compare: operand 2: string {term_string(b)} is not a valid SemVer")
    return _compare(va, vb)


def _semver_is_valid(x):
    return x.__class__ is str and parse_version(x) is not None


FUNCTIONS = {
    "semver.compare": (_semver_compare, 2),
    "semver.is_valid": (_semver_is_valid, 1),
}

"""go-yaml v2's resolve.go: what a plain (or explicitly tagged) scalar is
(YAML 1.1 booleans, go's integer and float syntaxes, timestamps), for yamlb."""

from __future__ import annotations

import calendar
import math
import re

_TAG = "tag:yaml.org,2002:"
_STR, _BINARY, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP, _MERGE = (
    _TAG + t for t in ("str", "binary", "bool", "int", "float", "null", "timestamp", "merge")
)
_RESOLVABLE = {"", _STR, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP}


class _Fail(Exception):
    """go-yaml's failf: the message after ``yaml: ``."""


class _Uint(int):
    """A uint64 of go-yaml (a map key of this type is an error in sigs.k8s.io)."""


# ----------------------------------------------------------------- resolve.go

_RESOLVE_MAP: dict[str, tuple[str, object]] = {}
for _v, _tag, _words in (
    (True, _BOOL, "y Y yes Yes YES true True TRUE on On ON"),
    (False, _BOOL, "n N no No NO false False FALSE off Off OFF"),
    (None, _NULL, "~ null Null NULL"),
    (math.nan, _FLOAT, ".nan .NaN .NAN"),
    (math.inf, _FLOAT, ".inf .Inf .INF +.inf +.Inf +.INF"),
    (-math.inf, _FLOAT, "-.inf -.Inf -.INF"),
    ("<<", _MERGE, "<<"),
):
    for _w in _words.split():
        _RESOLVE_MAP[_w] = (_tag, _v)
_RESOLVE_MAP[""] = (_NULL, None)


def _hint(s: str) -> str:
    if s == "":
        return "N"
    c = s[0]
    if c in "+-":
        return "S"
    if "0" <= c <= "9":
        return "D"
    if c in "yYnNtTfFoO~":
        return "M"
    if c == ".":
        return "."
    return ""


_GO_FLOAT = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)", re.I)
_YAML_STYLE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_MAX_I64, _MAX_U64 = (1 << 63) - 1, (1 << 64) - 1


def _parse_float(s: str):
    """strconv.ParseFloat(s, 64) for decimal texts: None where Go errs (syntax, or out of range)."""
    if not _GO_FLOAT.fullmatch(s) or "_" in s:
        return None
    f = float(s)
    if math.isinf(f) and "inf" not in s.lower():
        return None  # ErrRange
    return f


_BASE_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}


def _parse_uint_text(s: str, base: int):
    """The magnitude of an unsigned text in ``base`` (0: Go's prefixes), or None."""
    if base == 0:
        if s[:2] in ("0x", "0X"):
            base, s = 16, s[2:]
        elif s[:2] in ("0o", "0O"):
            base, s = 8, s[2:]
        elif s[:2] in ("0b", "0B"):
            base, s = 2, s[2:]
        elif s[:1] == "0" and len(s) > 1:
            base, s = 8, s[1:]
        else:
            base = 10
    if not s or any(c not in _BASE_DIGITS[base] for c in s):
        return None
    return int(s, base)


def _parse_int(s: str, base: int):
    """strconv.ParseInt(s, base, 64), None on error."""
    neg = s[:1] == "-"
    body = s[1:] if s[:1] in "+-" else s
    n = _parse_uint_text(body, base)
    if n is None:
        return None
    n = -n if neg else n
    return n if -_MAX_I64 - 1 <= n <= _MAX_I64 else None


def _parse_uint(s: str, base: int):
    n = _parse_uint_text(s, base)
    return n if n is not None and n <= _MAX_U64 else None


def _timestamp_like(s: str) -> bool:
    """parseTimestamp: four digits and '-', then one of go-yaml's layouts."""
    if not re.match(r"[0-9]{4}-", s):
        return False
    return bool(_TIMESTAMP_RE.fullmatch(s)) and _valid_date(s)


_TIMESTAMP_RE = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2}))"
    r"|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?))?"
)


def _valid_date(s: str) -> bool:
    m = _TIMESTAMP_RE.fullmatch(s)
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]):
        return False
    hms = [g for g in m.groups()[3:] if g is not None]
    if hms:
        h, mi, se = map(int, hms)
        if h > 23 or mi > 59 or se > 59:
            return False
    tz = re.search(r"([+-])([0-9]{2}):([0-9]{2})$", s) if m.group(4) is not None else None
    if tz and (int(tz.group(2)) > 24 or int(tz.group(3)) > 60):
        return False
    return True


def _resolve(tag: str, s: str):
    """go-yaml's resolve(tag, in): (resolved tag, value)."""
    if tag not in _RESOLVABLE:
        return tag, s
    rtag, out = _resolve_plain(tag, s)
    if tag in ("", rtag, _STR, _BINARY):
        return rtag, out
    if tag == _FLOAT and rtag == _INT and not isinstance(out, _Uint):
        return _FLOAT, float(out)
    raise _Fail(f"cannot decode {_short(rtag)} `{s}` as a {_short(tag)}")


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _resolve_plain(tag: str, s: str):
    hint = _hint(s)
    if hint and tag != _STR and tag != _BINARY:
        if s in _RESOLVE_MAP:
            return _RESOLVE_MAP[s]
        if hint == ".":
            f = _parse_float(s)
            if f is not None:
                return _FLOAT, f
        elif hint in "DS":
            if tag in ("", _TIMESTAMP) and _timestamp_like(s):
                return _TIMESTAMP, s
            plain = s.replace("_", "")
            n = _parse_int(plain, 0)
            if n is not None:
                return _INT, n
            n = _parse_uint(plain, 0)
            if n is not None:
                return _INT, _Uint(n)
            if _YAML_STYLE_FLOAT.fullmatch(plain):
                f = _parse_float(plain)
                if f is not None:
                    return _FLOAT, f
            if plain.startswith("0b"):
                n = _parse_int(plain[2:], 2)
                if n is not None:
                    return _INT, n
                n = _parse_uint(plain[2:], 2)
                if n is not None:
                    return _INT, _Uint(n)
            elif plain.startswith("-0b"):
                n = _parse_int("-" + plain[3:], 2)
                if n is not None:
                    return _INT, n
    return _STR, s

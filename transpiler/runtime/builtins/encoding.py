"""Encoding builtins: base64, base64url, hex and urlquery, with Go's decoders.

Strings are encoded as their UTF-8 bytes. Decoded bytes that are not valid
UTF-8 become U+FFFD, one per bad byte, which is what OPA shows for such a
Go string in JSON (``go_string``). Decoders follow Go's: base64 skips
``\\r``/``\\n`` and reports the byte offset of the first bad input byte,
hex reports the bad byte with ``%#U``, urlquery quotes the bad escape.
"""

from __future__ import annotations

import base64 as _b64
import binascii

from ..errors import BuiltinError, EvalTypeError
from ..values import Set, obj_items, sorted_values, type_name
from .strings import check_string, go_quote, go_sprintf, number_text, term_string

__all__ = ["FUNCTIONS", "go_string", "base64url_bytes"]


def go_string(b: bytes) -> str:
    """A Go string (bytes) as a Python str: invalid UTF-8 bytes become U+FFFD each."""
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        out = []
        i = 0
        while i < len(b):
            try:
                out.append(b[i:].decode("utf-8"))
                break
            except UnicodeDecodeError as exc:
                out.append(b[i : i + exc.start].decode("utf-8"))
                out.append("\ufffd" * (exc.end - exc.start))
                i += exc.end
        return "".join(out)


# -- base64 --------------------------------------------------------------------------

_STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _decode_map(alphabet: str) -> dict:
    return {ord(c): i for i, c in enumerate(alphabet)}


_STD_MAP = _decode_map(_STD)
_URL_MAP = _decode_map(_URL)
_PAD = 0x3D  # "="
_NL = (0x0A, 0x0D)


class _CorruptInput(Exception):
    def __init__(self, offset: int):
        super().__init__(f"illegal base64 data at input byte {offset}")


def _go_b64decode(src: bytes, dmap: dict) -> bytes:
    """Go's base64.Encoding.DecodeString (padded, not strict)."""
    out = bytearray()
    si = 0
    n = len(src)
    while si < n:
        dbuf = [0, 0, 0, 0]
        dlen = 4
        j = 0
        trailing = None
        while j < 4:
            if si == n:
                if j == 0:
                    return bytes(out)
                raise _CorruptInput(si - j)
            c = src[si]
            si += 1
            v = dmap.get(c)
            if v is not None:
                dbuf[j] = v
                j += 1
                continue
            if c in _NL:
                continue
            if c != _PAD:
                raise _CorruptInput(si - 1)
            if j < 2:
                raise _CorruptInput(si - 1)
            if j == 2:
                while si < n and src[si] in _NL:
                    si += 1
                if si == n:
                    raise _CorruptInput(n)
                if src[si] != _PAD:
                    raise _CorruptInput(si - 1)
                si += 1
            while si < n and src[si] in _NL:
                si += 1
            if si < n:
                trailing = si
            dlen = j
            break
        val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3]
        chunk = bytes(((val >> 16) & 0xFF, (val >> 8) & 0xFF, val & 0xFF))
        out += chunk[: dlen - 1]
        if trailing is not None:
            raise _CorruptInput(trailing)
    return bytes(out)


def base64_encode(s):
    return _b64.b64encode(check_string("base64.encode", 1, s).encode()).decode("ascii")


def base64_decode(s):
    check_string("base64.decode", 1, s)
    try:
        return go_string(_go_b64decode(s.encode(), _STD_MAP))
    except _CorruptInput as exc:
        raise BuiltinError(f"base64.decode: {exc}") from None


def base64_is_valid(s):
    if s.__class__ is not str:
        return False
    try:
        _go_b64decode(s.encode(), _STD_MAP)
    except _CorruptInput:
        return False
    return True


def base64url_encode(s):
    return _b64.urlsafe_b64encode(check_string("base64url.encode", 1, s).encode()).decode("ascii")


def base64url_encode_no_pad(s):
    b = check_string("base64url.encode_no_pad", 1, s).encode()
    return _b64.urlsafe_b64encode(b).decode("ascii").rstrip("=")


def base64url_bytes(s: str) -> bytes:
    """OPA's base64url decoding of ``s`` to bytes (raises ValueError with Go's text).

    OPA pads a string without "=" as RFC 7515 appendix C says."""
    if not s.endswith("="):
        r = len(s.encode()) % 4
        if r == 2:
            s += "=="
        elif r == 3:
            s += "="
        elif r == 1:
            raise ValueError(f"illegal base64url string: {s}")
    try:
        return _go_b64decode(s.encode(), _URL_MAP)
    except _CorruptInput as exc:
        raise ValueError(str(exc)) from None


def base64url_decode(s):
    check_string("base64url.decode", 1, s)
    try:
        return go_string(base64url_bytes(s))
    except ValueError as exc:
        raise BuiltinError(f"base64url.decode: {exc}") from None


# -- hex -----------------------------------------------------------------------------------

_HEX = {c: int(chr(c), 16) for c in b"0123456789abcdefABCDEF"}


def hex_encode(s):
    return check_string("hex.encode", 1, s).encode().hex()


def hex_decode(s):
    check_string("hex.decode", 1, s)
    b = s.encode()
    for i in range(0, len(b) - 1, 2):
        for c in (b[i], b[i + 1]):
            if c not in _HEX:
                raise BuiltinError(f"hex.decode: encoding/hex: invalid byte: {_hash_u(c)}")
    if len(b) % 2:
        if b[-1] not in _HEX:
            raise BuiltinError(f"hex.decode: encoding/hex: invalid byte: {_hash_u(b[-1])}")
        raise BuiltinError("hex.decode: encoding/hex: odd length hex string")
    return go_string(binascii.unhexlify(b))


def _hash_u(byte: int) -> str:
    return go_sprintf("%#U", [("int64", byte)])


# -- urlquery ---------------------------------------------------------------------------------

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def _query_escape(s: str) -> str:
    """Go's url.QueryEscape."""
    out = []
    for c in s.encode():
        if c in _UNRESERVED:
            out.append(chr(c))
        elif c == 0x20:
            out.append("+")
        else:
            out.append("%%%02X" % c)
    return "".join(out)


class _EscapeError(Exception):
    pass


def _quote_bytes(b: bytes) -> str:
    """strconv.Quote of a Go string that may hold invalid UTF-8."""
    s = b.decode("utf-8", "surrogateescape")
    out = []
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append("\\x%02x" % (o - 0xDC00))
        else:
            out.append(go_quote(ch)[1:-1])
    return '"' + "".join(out) + '"'


def _query_unescape(s: str) -> str:
    """Go's url.QueryUnescape."""
    if "%" not in s and "+" not in s:
        return s
    b = s.encode()
    out = bytearray()
    i = 0
    n = len(b)
    while i < n:
        c = b[i]
        if c == 0x25:  # %
            if i + 2 >= n or b[i + 1] not in _HEX or b[i + 2] not in _HEX:
                raise _EscapeError("invalid URL escape " + _quote_bytes(b[i : i + 3]))
            out.append(_HEX[b[i + 1]] * 16 + _HEX[b[i + 2]])
            i += 3
        elif c == 0x2B:  # +
            out.append(0x20)
            i += 1
        else:
            out.append(c)
            i += 1
    return go_string(bytes(out))


def urlquery_encode(s):
    return _query_escape(check_string("urlquery.encode", 1, s))


def urlquery_decode(s):
    check_string("urlquery.decode", 1, s)
    try:
        return _query_unescape(s)
    except _EscapeError as exc:
        raise BuiltinError(f"urlquery.decode: {exc}") from None


def _key_text(k) -> str:
    if k.__class__ is str:
        return k
    if k.__class__ is int or k.__class__ is float:
        return number_text(k)
    return term_string(k)


def urlquery_encode_object(obj):
    fn = "urlquery.encode_object"
    if obj.__class__ is not dict:
        raise EvalTypeError(f"{fn}: operand 1 must be object but got {type_name(obj)}")
    bad = EvalTypeError(f"{fn}: operand 1 values must be string, array[string], or set[string]")
    values: dict[str, list] = {}
    for k, v in obj_items(obj):
        key = _key_text(k)
        c = v.__class__
        if c is str:
            values[key] = [v]
        elif c is list or c is Set:
            items = sorted_values(v) if c is Set else v
            for x in items:
                if x.__class__ is not str:
                    raise bad
            values.setdefault(key, []).extend(items)
        else:
            raise bad
    parts = []
    for key in sorted(values):
        ek = _query_escape(key)
        for v in values[key]:
            parts.append(ek + "=" + _query_escape(v))
    return "&".join(parts)


def urlquery_decode_object(s):
    fn = "urlquery.decode_object"
    check_string(fn, 1, s)
    result: dict[str, list] = {}
    err = None
    rest = s
    while rest != "":
        key, _, rest = rest.partition("&")
        if ";" in key:
            err = "invalid semicolon separator in query"
            continue
        if key == "":
            continue
        key, _, value = key.partition("=")
        try:
            key = _query_unescape(key)
            value = _query_unescape(value)
        except _EscapeError as exc:
            if err is None:
                err = str(exc)
            continue
        result.setdefault(key, []).append(value)
    if err is not None:
        raise BuiltinError(f"{fn}: {err}")
    return {k: result[k] for k in sorted(result)}


FUNCTIONS = {
    "base64.encode": (base64_encode, 1),
    "base64.decode": (base64_decode, 1),
    "base64.is_valid": (base64_is_valid, 1),
    "base64url.encode": (base64url_encode, 1),
    "base64url.encode_no_pad": (base64url_encode_no_pad, 1),
    "base64url.decode": (base64url_decode, 1),
    "hex.encode": (hex_encode, 1),
    "hex.decode": (hex_decode, 1),
    "urlquery.encode": (urlquery_encode, 1),
    "urlquery.decode": (urlquery_decode, 1),
    "urlquery.encode_object": (urlquery_encode_object, 1),
    "urlquery.decode_object": (urlquery_decode_object, 1),
}

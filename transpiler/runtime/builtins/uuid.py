"""uuid.rfc4122 and uuid.parse, as OPA computes them (google/uuid).

``uuid.rfc4122(key)`` is a random (version 4) UUID, the same for the same key
within one evaluation (OPA caches it per query). ``uuid.parse(s)`` describes
a UUID (google/uuid's Parse: 36 characters, ``urn:uuid:`` or braces around
them, or 32 hex digits); undefined when ``s`` is not one.
"""

from __future__ import annotations

import uuid as _uuid

from ..errors import type_error
from ..values import UNDEF
from .strings import term_string

__all__ = ["FUNCTIONS", "CONTEXT_FUNCTIONS"]

_HEX = frozenset("0123456789abcdefABCDEF")
_G1582 = 122192928000000000  # 100 ns intervals from 1582-10-15 to the epoch


def _rfc4122(ev, key):
    return ev.cached(("uuid.rfc4122", term_string(key)), lambda: str(_uuid.uuid4()))


def _bytes(s: str):
    """google/uuid's Parse, on the bytes of s; None when it fails."""
    b = s.encode()
    n = len(b)
    if n == 32:
        t = b
    else:
        if n == 45:
            if b[:9].lower() != b"urn:uuid:":
                return None
            b = b[9:]
        elif n == 38:
            b = b[1:]
        elif n != 36:
            return None
        if b[8:9] != b"-" or b[13:14] != b"-" or b[18:19] != b"-" or b[23:24] != b"-":
            return None
        t = b[0:8] + b[9:13] + b[14:18] + b[19:23] + b[24:36]
    try:
        text = t.decode("ascii")
    except UnicodeDecodeError:
        return None
    if len(text) != 32 or not set(text) <= _HEX:
        return None
    return bytes.fromhex(text)


def _variant(u: bytes) -> str:
    b = u[8]
    if b & 0xC0 == 0x80:
        return "RFC4122"
    if b & 0xE0 == 0xC0:
        return "Microsoft"
    if b & 0xE0 == 0xE0:
        return "Future"
    return "Reserved"


def _parse(s):
    if s.__class__ is not str:
        raise type_error("uuid.parse", 1, "string", s)
    u = _bytes(s)
    if u is None:
        return UNDEF
    version = u[6] >> 4
    out = {"version": version, "variant": _variant(u)}
    if version in (1, 2):
        t = int.from_bytes(u[0:4], "big") | int.from_bytes(u[4:6], "big") << 32
        t |= (int.from_bytes(u[6:8], "big") & 0xFFF) << 48
        sec = t - _G1582  # Go: UnixTime, then time.Unix(sec, nsec).UnixNano()
        nsec = (sec % 10000000 if sec >= 0 else -(-sec % 10000000)) * 100
        sec = int(sec / 10000000) if sec < 0 else sec // 10000000
        ns = sec * 10**9 + nsec
        out["time"] = (ns + (1 << 63)) % (1 << 64) - (1 << 63)  # Go's int64 arithmetic wraps
        out["clocksequence"] = int.from_bytes(u[8:10], "big") & 0x3FFF
        node = u[10:16]
        out["nodeid"] = "-".join(f"{x:02x}" for x in node)
        out["macvariables"] = ("local" if node[0] & 2 else "global") + ":" + (
            "multicast" if node[0] & 1 else "unicast"
        )
        if version == 2:
            out["id"] = int.from_bytes(u[0:4], "big")
            d = u[9]
            out["domain"] = {0: "Person", 1: "Group", 2: "Org"}.get(d, f"Domain{d}")
    return out

FUNCTIONS = {"uuid.parse": (_parse, 1)}
CONTEXT_FUNCTIONS = {"uuid.rfc4122": (_rfc4122, 1)}

"""Go's rune decoding on UTF-8 bytes, gobwas's separator searches, and its errors."""

from __future__ import annotations

class GlobError(Exception):
    pass


class GlobPanic(Exception):
    pass


# -- runes ---------------------------------------------------------------------------


def _decode(s: bytes, i: int):
    """Go's utf8.DecodeRune at i: (rune, width); (0xFFFD, 1) when invalid, (0xFFFD, 0) at the end."""
    if i >= len(s):
        return 0xFFFD, 0
    c = s[i]
    if c < 0x80:
        return c, 1
    w = 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF else 4 if 0xF0 <= c <= 0xF4 else 0
    if w == 0:
        return 0xFFFD, 1
    try:
        return ord(s[i: i + w].decode("utf-8")), w
    except UnicodeDecodeError:
        return 0xFFFD, 1


def _runes(s: bytes):
    """(byte index, rune, width) of each rune, as Go's ``for i, r := range s``."""
    i = 0
    n = len(s)
    while i < n:
        r, w = _decode(s, i)
        yield i, r, w
        i += w


def _rune_len(r: int) -> int:
    return len(chr(r).encode("utf-8", "surrogatepass")) if r < 0x110000 else 3


def _index_any(s: bytes, seps) -> int:
    """gobwas's IndexAnyRunes: where the first separator (in the list's
    order) that occurs in s first occurs; not the earliest separator."""
    for r in seps:
        i = s.find(chr(r).encode("utf-8", "surrogatepass"))
        if i != -1:
            return i
    return -1


def _last_index_any(s: bytes, seps) -> int:
    """gobwas's LastIndexAnyRunes: the last place of the first separator (in
    the list's order) that occurs in s."""
    for r in seps:
        i = s.rfind(chr(r).encode("utf-8", "surrogatepass"))
        if i != -1:
            return i
    return -1


def _count(s: bytes) -> int:
    return sum(1 for _ in _runes(s))

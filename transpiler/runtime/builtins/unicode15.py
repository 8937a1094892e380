"""Go's Unicode tables are Unicode 15.0; Python 3.11's unicodedata is 14.0.
The characters 15.0 added (unassigned in 14.0), by general category, and
Go's unicode.IsLetter / unicode.IsDigit over them (regex.py builds its
category classes from the same table)."""

from __future__ import annotations

import bisect
import unicodedata

# Go's tables are Unicode 15.0. Characters Unicode 15.0 added, unassigned
# (Cn) in Python 3.11's Unicode 14.0 tables, by category (read from OPA).
UNICODE_15_ADDED = {
    "Cf": [(0x13439, 0x1343F)],
    "Ll": [(0x1DF25, 0x1DF2A)],
    "Lm": [(0x1E030, 0x1E06D), (0x1E4EB, 0x1E4EB)],
    "Lo": [
        (0x1123F, 0x11240),
        (0x11F02, 0x11F02),
        (0x11F04, 0x11F10),
        (0x11F12, 0x11F33),
        (0x1342F, 0x1342F),
        (0x13441, 0x13446),
        (0x1B132, 0x1B132),
        (0x1B155, 0x1B155),
        (0x1E4D0, 0x1E4EA),
        (0x2B739, 0x2B739),
        (0x31350, 0x323AF),
    ],
    "Mc": [(0xCF3, 0xCF3), (0x11F03, 0x11F03), (0x11F34, 0x11F35), (0x11F3E, 0x11F3F), (0x11F41, 0x11F41)],
    "Mn": [
        (0xECE, 0xECE),
        (0x10EFD, 0x10EFF),
        (0x11241, 0x11241),
        (0x11F00, 0x11F01),
        (0x11F36, 0x11F3A),
        (0x11F40, 0x11F40),
        (0x11F42, 0x11F42),
        (0x13440, 0x13440),
        (0x13447, 0x13455),
        (0x1E08F, 0x1E08F),
        (0x1E4EC, 0x1E4EF),
    ],
    "Nd": [(0x11F50, 0x11F59), (0x1E4F0, 0x1E4F9)],
    "No": [(0x1D2C0, 0x1D2D3)],
    "Po": [(0x11B00, 0x11B09), (0x11F43, 0x11F4F)],
    "So": [
        (0x1F6DC, 0x1F6DC),
        (0x1F774, 0x1F776),
        (0x1F77B, 0x1F77F),
        (0x1F7D9, 0x1F7D9),
        (0x1FA75, 0x1FA77),
        (0x1FA87, 0x1FA88),
        (0x1FAAD, 0x1FAAF),
        (0x1FABB, 0x1FABD),
        (0x1FABF, 0x1FABF),
        (0x1FACE, 0x1FACF),
        (0x1FADA, 0x1FADB),
        (0x1FAE8, 0x1FAE8),
        (0x1FAF7, 0x1FAF8),
    ],
}

_PY14 = unicodedata.unidata_version == "14.0.0"


def _table(cats):
    rs = sorted(r for k in cats for r in UNICODE_15_ADDED.get(k, []))
    return [a for a, _ in rs], [b for _, b in rs]


_LETTERS = _table(("Lu", "Ll", "Lt", "Lm", "Lo"))
_DIGITS = _table(("Nd",))


def _added(c: str, table) -> bool:
    if not _PY14:
        return False
    o = ord(c)
    i = bisect.bisect_right(table[0], o) - 1
    return i >= 0 and o <= table[1][i]


def is_letter(c: str) -> bool:
    """unicode.IsLetter (category L) in Go's Unicode 15.0."""
    return c.isalpha() or _added(c, _LETTERS)


def is_digit(c: str) -> bool:
    """unicode.IsDigit (category Nd) in Go's Unicode 15.0."""
    return c.isdecimal() or _added(c, _DIGITS)


_GRAPHIC_ADDED = _table(tuple(k for k in UNICODE_15_ADDED if k[0] in "LMNPS"))


def is_print(c: str) -> bool:
    """unicode.IsPrint in Go's Unicode 15.0: letters, marks, numbers,
    punctuation, symbols and the ASCII space."""
    o = ord(c)
    if o < 0x80:
        return 0x20 <= o < 0x7F
    return unicodedata.category(c)[0] in "LMNPS" or _added(c, _GRAPHIC_ADDED)

"""Regex builtins with Go's syntax and semantics, matched by RE2 in linear time.

OPA compiles patterns with Go's ``regexp`` (RE2 syntax, leftmost-first
matching, time linear in the subject). ``compile_re2(pattern)`` parses the
pattern as Go's ``regexp/syntax`` does (same acceptance, same error texts)
into a small tree, and ``re2_program`` writes that tree as explicit RE2 text
and compiles it with RE2 (``google-re2``), so that no pattern can make a
match backtrack (``^(a+)+$`` on 10,000 characters takes microseconds). The
front end is kept because it gives OPA's acceptance and error texts and
Go's exact classes:

- ``^``/``$`` match only at the ends of the text unless ``(?m)``;
- ``\\d \\s \\w \\b \\B`` and the POSIX classes are ASCII-only as in Go;
- ``(?i)`` folds case with Go's simple-folding orbits (``k`` matches the
  Kelvin sign, ``i`` does not match ``İ`` or ``ı``), written out as classes;
- ``(?U)`` swaps greedy and lazy repeats; ``(?s)`` and ``(?m)`` are scoped;
- ``\\Q...\\E``, ``\\x{10FFFF}``, octal escapes, ``[[:alpha:]]``,
  ``\\pL``/``\\p{Greek}`` names, named groups ``(?P<n>)``/``(?<n>)`` (names
  may repeat) are accepted; what Go rejects (backreferences, lookaround,
  possessive and nested repeats, ``\\Z``, repeat counts over 1000...) is
  rejected with Go's message.

What cannot be reproduced exactly raises ``UnsupportedRegex`` (a
``ValueError``, not a Rego error): Unicode script classes (``\\p{Greek}``;
Python has no script data), and patterns whose RE2 program exceeds the
memory budget ``re2_program.MAX_MEM``. Unicode general categories
(``\\pL``, ``\\p{Lu}``...) come from Python's ``unicodedata``; Go's
tables are Unicode 15.0, so on Python 3.11 (Unicode 14.0) the characters
15.0 added are patched in, and with any other Unicode version category
classes are unsupported too.

A loop that may iterate more than once over a body that can match the empty
string (``(a*)*``, ``(a|)+``, ``(a?){2}``) is refused as well: its captures
are where Go's and other engines' loops have differed.

The Find/Split/Replace builtins follow Go's loops over matches on the UTF-8
bytes (an empty match moves the search on by one character; an empty match
next to the previous match is skipped).
"""

from __future__ import annotations

import bisect
import unicodedata
from functools import lru_cache

from ..errors import BuiltinError
from .re2_program import MAX_MEM, Match, Program, TooLarge, build, to_re2_text
from .strings import check_int, check_string, go_quote
from .unicode15 import UNICODE_15_ADDED as _UNICODE_15_ADDED

__all__ = [
    "FUNCTIONS",
    "compile_re2",
    "UnsupportedRegex",
    "Re2SyntaxError",
    "check_re2",
    "subexp_names",
]

_MAX_RUNE = 0x10FFFF


class UnsupportedRegex(ValueError):
    """A valid Go pattern rego2py cannot run exactly as Go does (or within RE2's memory budget)."""


class Re2SyntaxError(ValueError):
    """A pattern Go's regexp rejects; ``str()`` is Go's text
    (``error parsing regexp: missing closing ): `(```)."""

    def __init__(self, code: str, expr: str):
        super().__init__(f"error parsing regexp: {code}: `{expr}`")
        self.code = code
        self.expr = expr


_ERR_CHAR_RANGE = "invalid character class range"
_ERR_ESCAPE = "invalid escape sequence"
_ERR_NAMED = "invalid named capture"
_ERR_PERL = "invalid or unsupported Perl syntax"
_ERR_REPEAT_OP = "invalid nested repetition operator"
_ERR_REPEAT_SIZE = "invalid repeat count"
_ERR_BRACKET = "missing closing ]"
_ERR_PAREN = "missing closing )"
_ERR_REPEAT_ARG = "missing argument to repetition operator"
_ERR_BACKSLASH = "trailing backslash at end of expression"
_ERR_UNEXPECTED_PAREN = "unexpected )"
_ERR_NESTING = "expression nests too deeply"

# -- character classes as sorted lists of (lo, hi) ----------------------------


def _clean(ranges):
    """Sort and merge ranges."""
    if not ranges:
        return []
    ranges = sorted(ranges)
    out = [list(ranges[0])]
    for lo, hi in ranges[1:]:
        last = out[-1]
        if lo <= last[1] + 1:
            if hi > last[1]:
                last[1] = hi
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _negate(ranges):
    out = []
    nxt = 0
    for lo, hi in _clean(ranges):
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= _MAX_RUNE:
        out.append((nxt, _MAX_RUNE))
    return out


_PERL_GROUPS = {
    "d": [(0x30, 0x39)],
    "s": [(0x9, 0xA), (0xC, 0xD), (0x20, 0x20)],
    "w": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
}

_POSIX_GROUPS = {
    "alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
    "alpha": [(0x41, 0x5A), (0x61, 0x7A)],
    "ascii": [(0x0, 0x7F)],
    "blank": [(0x9, 0x9), (0x20, 0x20)],
    "cntrl": [(0x0, 0x1F), (0x7F, 0x7F)],
    "digit": [(0x30, 0x39)],
    "graph": [(0x21, 0x7E)],
    "lower": [(0x61, 0x7A)],
    "print": [(0x20, 0x7E)],
    "punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
    "space": [(0x9, 0xD), (0x20, 0x20)],
    "upper": [(0x41, 0x5A)],
    "word": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
    "xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
}

# -- Go's case folding -------------------------------------------------------------
#
# Go's (?i) matches the orbit of a character under unicode.SimpleFold. The
# orbits are the classes of Unicode's simple case folding: a character folds
# to its one-character casefold, or (when the full folding is longer) to the
# fold of its one-character lowercase, or to itself. Checked against OPA for
# every cased character (İ and ı fold with nothing, ΐ and ΐ stay apart).

_FOLD = None  # char code -> tuple of codes in its orbit (only orbits of 2+)
_FOLD_KEYS: list[int] = []  # sorted codes that have an orbit

# Blocks with cased characters (Python 3.11, Unicode 14).
_CASED_SPANS = ((0, 0x3400), (0xA640, 0xAC00), (0xF900, 0x1E944))


def _fold_key(c: str) -> str:
    f = c.casefold()
    if len(f) == 1:
        return f
    low = c.lower()
    if len(low) == 1 and low != c:
        return _fold_key(low)
    return c


def _fold_table():
    global _FOLD, _FOLD_KEYS
    if _FOLD is None:
        groups: dict[str, set] = {}
        for lo, hi in _CASED_SPANS:
            for o in range(lo, hi):
                c = chr(o)
                if c.lower() != c or c.upper() != c:
                    groups.setdefault(_fold_key(c), set()).add(o)
                    for d in (c.lower(), c.upper(), c.casefold()):
                        if len(d) == 1:
                            groups.setdefault(_fold_key(d), set()).add(ord(d))
        table = {}
        for members in groups.values():
            if len(members) > 1:
                orbit = tuple(sorted(members))
                for o in orbit:
                    table[o] = orbit
        _FOLD_KEYS = sorted(table)
        _FOLD = table
    return _FOLD


def _fold_ranges(ranges):
    """The ranges plus every character fold-equivalent to one in them."""
    table = _fold_table()
    extra = []
    for lo, hi in ranges:
        i = bisect.bisect_left(_FOLD_KEYS, lo)
        j = bisect.bisect_right(_FOLD_KEYS, hi)
        for k in range(i, j):
            for o in table[_FOLD_KEYS[k]]:
                if not lo <= o <= hi:
                    extra.append((o, o))
    return _clean(list(ranges) + extra)


# -- Unicode classes (\pL, \p{Greek}) -------------------------------------------------

_CATEGORY_ALIASES = {
    "C": ("Other",),
    "Cc": ("Control", "cntrl"),
    "Cf": ("Format",),
    "Cn": ("Unassigned",),
    "Co": ("Private_Use",),
    "Cs": ("Surrogate",),
    "L": ("Letter",),
    "LC": ("Cased_Letter",),
    "Ll": ("Lowercase_Letter",),
    "Lm": ("Modifier_Letter",),
    "Lo": ("Other_Letter",),
    "Lt": ("Titlecase_Letter",),
    "Lu": ("Uppercase_Letter",),
    "M": ("Mark", "Combining_Mark"),
    "Mc": ("Spacing_Mark",),
    "Me": ("Enclosing_Mark",),
    "Mn": ("Nonspacing_Mark",),
    "N": ("Number",),
    "Nd": ("Decimal_Number", "digit"),
    "Nl": ("Letter_Number",),
    "No": ("Other_Number",),
    "P": ("Punctuation", "punct"),
    "Pc": ("Connector_Punctuation",),
    "Pd": ("Dash_Punctuation",),
    "Pe": ("Close_Punctuation",),
    "Pf": ("Final_Punctuation",),
    "Pi": ("Initial_Punctuation",),
    "Po": ("Other_Punctuation",),
    "Ps": ("Open_Punctuation",),
    "S": ("Symbol",),
    "Sc": ("Currency_Symbol",),
    "Sk": ("Modifier_Symbol",),
    "Sm": ("Math_Symbol",),
    "So": ("Other_Symbol",),
    "Z": ("Separator",),
    "Zl": ("Line_Separator",),
    "Zp": ("Paragraph_Separator",),
    "Zs": ("Space_Separator",),
}
# Classes Go folds under (?i) (unicode.FoldCategory, and ASCII).
_FOLDED_CATEGORIES = {"L", "Ll", "Lt", "Lu", "M", "Mn", "ASCII"}

# Go's unicode.Scripts (Unicode 15). Go 1.25 looks names up ignoring case,
# spaces, "-" and "_" in the pattern but not in the table, so the names
# written with "_" (Old_Italic) cannot be reached.
_SCRIPTS = (
    "Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak "
    "Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian "
    "Caucasian_Albanian Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot "
    "Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs "
    "Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi "
    "Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic "
    "Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana "
    "Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu "
    "Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen "
    "Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs "
    "Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa "
    "Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian "
    "Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage "
    "Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang "
    "Runic Samaritan Saurashtra Sharada Shavian Siddham Sinhala Sogdian "
    "Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham "
    "Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Toto "
    "Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square"
).split()


def _loose(name: str) -> str:
    return name.replace(" ", "").replace("-", "").replace("_", "").lower()


_CATEGORY_NAMES: dict[str, str] = {}
for _cat, _aliases in _CATEGORY_ALIASES.items():
    for _n in (_cat,) + _aliases:
        _CATEGORY_NAMES[_loose(_n)] = _cat
_CATEGORY_NAMES["any"] = "Any"
_CATEGORY_NAMES["ascii"] = "ASCII"
_CATEGORY_NAMES["assigned"] = "Assigned"
_SCRIPT_NAMES = {s.lower(): s for s in _SCRIPTS}

_CATEGORY_RANGES: dict[str, list] | None = None

# Go's tables are Unicode 15.0 (what 15.0 added to Python 3.11's 14.0: unicode15.py).
# With other Unicode versions the category tables would differ from Go's.
_UNICODE_MATCHES_GO = unicodedata.unidata_version in ("14.0.0", "15.0.0")


def _category_ranges(cat: str):
    """Ranges of a general category (one or two letters, or Any/ASCII/Assigned/LC)."""
    global _CATEGORY_RANGES
    if cat == "Any":
        return [(0, _MAX_RUNE)]
    if cat == "ASCII":
        return [(0, 0x7F)]
    if _CATEGORY_RANGES is None:
        table: dict[str, list] = {}
        start = 0
        cur = unicodedata.category("\0")
        for o in range(1, _MAX_RUNE + 2):
            c = unicodedata.category(chr(o)) if o <= _MAX_RUNE else None
            if c != cur:
                table.setdefault(cur, []).append((start, o - 1))
                start, cur = o, c
        if unicodedata.unidata_version == "14.0.0":
            added = []
            for k, rs in _UNICODE_15_ADDED.items():
                table[k] = _clean(table.get(k, []) + rs)
                added.extend(rs)
            table["Cn"] = _clean(_negate(_negate(table["Cn"]) + added))
        _CATEGORY_RANGES = table
    if cat == "Assigned":
        return _negate(_CATEGORY_RANGES.get("Cn", []))
    if cat == "LC":
        cats = ("Lu", "Ll", "Lt")
    elif len(cat) == 1:
        cats = tuple(k for k in _CATEGORY_RANGES if k[0] == cat)
    else:
        cats = (cat,)
    out = []
    for k in cats:
        out.extend(_CATEGORY_RANGES.get(k, []))
    return _clean(out)


# -- the parser ----------------------------------------------------------------------
#
# Nodes: ("lit", code) ("class", ranges) ("any",) ("anynl",) ("bot",) ("eot",)
# ("bol",) ("eol",) ("wb",) ("nwb",) ("empty",) ("cat", [nodes]) ("alt", [nodes])
# ("cap", index, node) ("rep", min, max, greedy, node)

_FOLDCASE = 1
_ONELINE = 2  # ^ $ at text ends only (cleared by (?m))
_DOTNL = 4
_NONGREEDY = 8
_PERL_DEFAULT = _ONELINE
_MAX_HEIGHT = 1000


class _Frame:
    __slots__ = ("cap", "flags", "alts", "cur")

    def __init__(self, cap, flags):
        self.cap = cap  # capture index, 0 for non-capturing, -1 for the top level
        self.flags = flags  # flags to restore at ")"
        self.alts = []
        self.cur = []


def _is_name_char(c: str) -> bool:
    return c == "_" or ("0" <= c <= "9") or ("a" <= c <= "z") or ("A" <= c <= "Z")


def _unhex(c: str) -> int:
    if "0" <= c <= "9":
        return ord(c) - 48
    if "a" <= c <= "f":
        return ord(c) - 87
    if "A" <= c <= "F":
        return ord(c) - 55
    return -1


class _Parser:
    def __init__(self, pattern: str):
        self.whole = pattern
        self.flags = _PERL_DEFAULT
        self.ncap = 0
        self.names: list[str] = [""]
        self.unsupported: str | None = None

    # literals and classes

    def literal(self, code: int):
        if self.flags & _FOLDCASE:
            orbit = _fold_table().get(code)
            if orbit:
                return ("class", [(o, o) for o in orbit])
        return ("lit", code)

    def group_ranges(self, ranges, negated: bool, fold: bool):
        if fold and self.flags & _FOLDCASE:
            ranges = _fold_ranges(ranges)
        return _negate(ranges) if negated else list(ranges)

    def perl_class(self, t: str, i: int):
        """A \\d \\D \\s \\S \\w \\W at t[i:], as (ranges, new i) or None."""
        if i + 1 < len(t) and t[i] == "\\":
            c = t[i + 1]
            g = _PERL_GROUPS.get(c.lower())
            if g is not None and c in "dDsSwW":
                return self.group_ranges(g, c.isupper(), True), i + 2
        return None

    def unicode_class(self, t: str, i: int):
        """A \\pX, \\p{Name}, \\PX, \\P{^Name} at t[i:], as (ranges, new i) or None."""
        if i + 1 >= len(t) or t[i] != "\\" or t[i + 1] not in "pP":
            return None
        sign = -1 if t[i + 1] == "P" else 1
        j = i + 2
        if j >= len(t):
            raise Re2SyntaxError(_ERR_CHAR_RANGE, t[i:])
        if t[j] != "{":
            seq = t[i : j + 1]
            name = t[j]
            j += 1
        else:
            end = t.find("}", i)
            if end < 0:
                raise Re2SyntaxError(_ERR_CHAR_RANGE, t[i:])
            seq = t[i : end + 1]
            name = t[i + 3 : end]
            j = end + 1
        if name.startswith("^"):
            sign = -sign
            name = name[1:]
        key = _loose(name)
        cat = _CATEGORY_NAMES.get(key)
        if cat is None:
            if key in _SCRIPT_NAMES and "_" not in _SCRIPT_NAMES[key]:
                self.unsupported = f"Unicode script class {seq}"
                return [], j
            raise Re2SyntaxError(_ERR_CHAR_RANGE, seq)
        if not _UNICODE_MATCHES_GO and cat not in ("Any", "ASCII"):
            self.unsupported = f"Unicode class {seq} (Python's Unicode {unicodedata.unidata_version} is not Go's 15.0)"
            return [], j
        ranges = _category_ranges(cat)
        if self.flags & _FOLDCASE and cat in _FOLDED_CATEGORIES:
            ranges = _fold_ranges(ranges)
        return (ranges if sign > 0 else _negate(ranges)), j

    def escape(self, t: str, i: int):
        """An ordinary escape at t[i:] (t[i] is a backslash): (code, new i)."""
        j = i + 1
        if j >= len(t):
            raise Re2SyntaxError(_ERR_BACKSLASH, "")
        c = t[j]
        j += 1
        if c < "\x80" and not c.isalnum():
            return ord(c), j
        if "1" <= c <= "7" and not (j < len(t) and "0" <= t[j] <= "7"):
            raise Re2SyntaxError(_ERR_ESCAPE, t[i:j])  # a backreference
        if "0" <= c <= "7":
            r = ord(c) - 48
            for _ in range(2):
                if j >= len(t) or not "0" <= t[j] <= "7":
                    break
                r = r * 8 + ord(t[j]) - 48
                j += 1
            return r, j
        if c == "x":
            if j >= len(t):
                raise Re2SyntaxError(_ERR_ESCAPE, t[i:j])
            c = t[j]
            j += 1
            if c == "{":
                nhex = 0
                r = 0
                while True:
                    if j >= len(t):
                        raise Re2SyntaxError(_ERR_ESCAPE, t[i:j])
                    c = t[j]
                    j += 1
                    if c == "}":
                        break
                    v = _unhex(c)
                    if v < 0:
                        raise Re2SyntaxError(_ERR_ESCAPE, t[i:j])
                    r = r * 16 + v
                    if r > _MAX_RUNE:
                        raise Re2SyntaxError(_ERR_ESCAPE, t[i:j])
                    nhex += 1
                if nhex == 0:
                    raise Re2SyntaxError(_ERR_ESCAPE, t[i:j])
                return r, j
            x = _unhex(c)
            if j >= len(t):
                raise Re2SyntaxError(_ERR_ESCAPE, t[i:j])
            y = _unhex(t[j])
            j += 1
            if x < 0 or y < 0:
                raise Re2SyntaxError(_ERR_ESCAPE, t[i:j])
            return x * 16 + y, j
        simple = {"a": 7, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}.get(c)
        if simple is not None:
            return simple, j
        raise Re2SyntaxError(_ERR_ESCAPE, t[i:j])

    def parse_class(self, t: str, i: int):
        """A bracketed class at t[i:] (t[i] is "["): (node, new i)."""
        whole = t[i:]
        j = i + 1
        negated = False
        if j < len(t) and t[j] == "^":
            negated = True
            j += 1
        ranges = []
        first = True
        while j >= len(t) or t[j] != "]" or first:
            first = False
            if len(t) - j > 2 and t[j] == "[" and t[j + 1] == ":":
                end = t.find(":]", j + 2)
                if end >= 0:
                    name = t[j : end + 2]
                    inner = name[2:-2]
                    neg = inner.startswith("^")
                    g = _POSIX_GROUPS.get(inner[1:] if neg else inner)
                    if g is None:
                        raise Re2SyntaxError(_ERR_CHAR_RANGE, name)
                    ranges.extend(self.group_ranges(g, neg, True))
                    j = end + 2
                    continue
            u = self.unicode_class(t, j)
            if u is not None:
                ranges.extend(u[0])
                j = u[1]
                continue
            pc = self.perl_class(t, j)
            if pc is not None:
                ranges.extend(pc[0])
                j = pc[1]
                continue
            start = j
            lo, j = self.class_char(t, j, whole)
            hi = lo
            if j + 1 < len(t) and t[j] == "-" and t[j + 1] != "]":
                j += 1
                hi, j = self.class_char(t, j, whole)
                if hi < lo:
                    raise Re2SyntaxError(_ERR_CHAR_RANGE, t[start:j])
            if self.flags & _FOLDCASE:
                ranges.extend(_fold_ranges([(lo, hi)]))
            else:
                ranges.append((lo, hi))
        ranges = _clean(ranges)
        if negated:
            ranges = _negate(ranges)
        return ("class", ranges), j + 1

    def class_char(self, t: str, j: int, whole: str):
        if j >= len(t):
            raise Re2SyntaxError(_ERR_BRACKET, whole)
        if t[j] == "\\":
            return self.escape(t, j)
        return ord(t[j]), j + 1

    def perl_flags(self, t: str, i: int, stack: list):
        """``(?`` at t[i:]: flags, a non-capturing group or a named group. New i."""
        s = t[i:]
        starts_p = len(s) > 4 and s[2] == "P" and s[3] == "<"
        starts_name = len(s) > 3 and s[2] == "<"
        if starts_p or starts_name:
            start = 4 if starts_p else 3
            end = s.find(">")
            if end < 0:
                raise Re2SyntaxError(_ERR_NAMED, s)
            capture = s[: end + 1]
            name = s[start:end]
            if not name or not all(_is_name_char(c) for c in name):
                raise Re2SyntaxError(_ERR_NAMED, capture)
            self.ncap += 1
            self.names.append(name)
            self.push_frame(stack, self.ncap)
            return i + end + 1
        j = 2
        flags = self.flags
        sign = 1
        saw = False
        while j < len(s):
            c = s[j]
            j += 1
            if c == "i":
                flags = flags | _FOLDCASE if sign > 0 else flags & ~_FOLDCASE
                saw = True
            elif c == "m":
                flags = flags & ~_ONELINE if sign > 0 else flags | _ONELINE
                saw = True
            elif c == "s":
                flags = flags | _DOTNL if sign > 0 else flags & ~_DOTNL
                saw = True
            elif c == "U":
                flags = flags | _NONGREEDY if sign > 0 else flags & ~_NONGREEDY
                saw = True
            elif c == "-":
                if sign < 0:
                    break
                sign = -1
                saw = False
            elif c == ":" or c == ")":
                if sign < 0 and not saw:
                    break
                if c == ":":
                    self.push_frame(stack, 0)
                self.flags = flags
                return i + j
            else:
                break
        raise Re2SyntaxError(_ERR_PERL, s[:j])

    def push_frame(self, stack: list, cap: int):
        if len(stack) > _MAX_HEIGHT:
            raise Re2SyntaxError(_ERR_NESTING, self.whole)
        stack.append(_Frame(cap, self.flags))

    def parse(self):
        t = self.whole
        n = len(t)
        stack = [_Frame(-1, self.flags)]
        i = 0
        last_repeat = None  # start of the previous item when it was a repeat operator
        while i < n:
            frame = stack[-1]
            c = t[i]
            repeat_start = None
            if c == "(":
                if i + 1 < n and t[i + 1] == "?":
                    i = self.perl_flags(t, i, stack)
                else:
                    self.ncap += 1
                    self.names.append("")
                    self.push_frame(stack, self.ncap)
                    i += 1
            elif c == "|":
                frame.alts.append(frame.cur)
                frame.cur = []
                i += 1
            elif c == ")":
                if len(stack) < 2:
                    raise Re2SyntaxError(_ERR_UNEXPECTED_PAREN, self.whole)
                stack.pop()
                node = _alternate(frame.alts + [frame.cur])
                if frame.cap > 0:
                    node = ("cap", frame.cap, node)
                elif node[0] in ("cat", "alt"):
                    node = ("group", node)
                self.flags = frame.flags
                stack[-1].cur.append(node)
                i += 1
            elif c == "^":
                frame.cur.append(("bot",) if self.flags & _ONELINE else ("bol",))
                i += 1
            elif c == "$":
                frame.cur.append(("eot",) if self.flags & _ONELINE else ("eol",))
                i += 1
            elif c == ".":
                frame.cur.append(("any",) if self.flags & _DOTNL else ("anynl",))
                i += 1
            elif c == "[":
                node, i = self.parse_class(t, i)
                frame.cur.append(node)
            elif c == "*" or c == "+" or c == "?":
                lo, hi = {"*": (0, -1), "+": (1, -1), "?": (0, 1)}[c]
                repeat_start = i
                i = self.repeat(frame, lo, hi, t, i, i + 1, last_repeat)
            elif c == "{":
                rep = _parse_repeat(t, i)
                if rep is None:
                    frame.cur.append(self.literal(ord("{")))
                    i += 1
                else:
                    lo, hi, after = rep
                    if lo < 0 or lo > 1000 or hi > 1000 or (hi >= 0 and lo > hi):
                        raise Re2SyntaxError(_ERR_REPEAT_SIZE, t[i:after])
                    repeat_start = i
                    i = self.repeat(frame, lo, hi, t, i, after, last_repeat)
            elif c == "\\":
                i = self.backslash(t, i, frame)
            else:
                frame.cur.append(self.literal(ord(c)))
                i += 1
            last_repeat = repeat_start
        if len(stack) != 1:
            raise Re2SyntaxError(_ERR_PAREN, self.whole)
        top = stack[0]
        return _alternate(top.alts + [top.cur])

    def repeat(self, frame, lo, hi, t, start, after, last_repeat):
        """Apply a repeat operator t[start:after] (plus an optional "?") to the last item."""
        flags = self.flags
        if after < len(t) and t[after] == "?":
            after += 1
            flags ^= _NONGREEDY
        if last_repeat is not None:
            raise Re2SyntaxError(_ERR_REPEAT_OP, t[last_repeat:after])
        if not frame.cur:
            raise Re2SyntaxError(_ERR_REPEAT_ARG, t[start:after])
        sub = frame.cur[-1]
        node = ("rep", lo, hi, not (flags & _NONGREEDY), sub)
        if (lo >= 2 or hi >= 2) and t[start] == "{" and not _repeat_is_valid(node, 1000):
            raise Re2SyntaxError(_ERR_REPEAT_SIZE, t[start:after])
        frame.cur[-1] = node
        return after

    def backslash(self, t: str, i: int, frame) -> int:
        if i + 1 < len(t):
            c = t[i + 1]
            if c == "A":
                frame.cur.append(("bot",))
                return i + 2
            if c == "b":
                frame.cur.append(("wb",))
                return i + 2
            if c == "B":
                frame.cur.append(("nwb",))
                return i + 2
            if c == "C":
                raise Re2SyntaxError(_ERR_ESCAPE, t[i : i + 2])
            if c == "Q":
                end = t.find("\\E", i + 2)
                lit = t[i + 2 :] if end < 0 else t[i + 2 : end]
                for ch in lit:
                    frame.cur.append(self.literal(ord(ch)))
                return len(t) if end < 0 else end + 2
            if c == "z":
                frame.cur.append(("eot",))
                return i + 2
        u = self.unicode_class(t, i)
        if u is not None:
            frame.cur.append(("class", u[0]))
            return u[1]
        pc = self.perl_class(t, i)
        if pc is not None:
            frame.cur.append(("class", pc[0]))
            return pc[1]
        code, j = self.escape(t, i)
        frame.cur.append(self.literal(code))
        return j


def _parse_int(t: str, i: int):
    """Go's parser.parseInt at t[i:]: (value or -1 if too big, new i), or None."""
    if i >= len(t) or not "0" <= t[i] <= "9":
        return None
    if i + 1 < len(t) and t[i] == "0" and "0" <= t[i + 1] <= "9":
        return None
    j = i
    while j < len(t) and "0" <= t[j] <= "9":
        j += 1
    n = 0
    for k in range(i, j):
        if n >= 100000000:
            n = -1
            break
        n = n * 10 + ord(t[k]) - 48
    return n, j


def _parse_repeat(t: str, i: int):
    """``{n}``, ``{n,}``, ``{n,m}`` at t[i:]: (min, max (-1: none), end), or None (a literal "{")."""
    r = _parse_int(t, i + 1)
    if r is None:
        return None
    lo, j = r
    if j >= len(t):
        return None
    if t[j] != ",":
        hi = lo
    else:
        j += 1
        if j >= len(t):
            return None
        if t[j] == "}":
            hi = -1
        else:
            r = _parse_int(t, j)
            if r is None:
                return None
            hi, j = r
            if hi < 0:
                lo = -1
    if j >= len(t) or t[j] != "}":
        return None
    return lo, hi, j + 1


def _repeat_is_valid(node, n: int) -> bool:
    """Go's repeatIsValid: nested counted repeats stay within n copies."""
    kind = node[0]
    if kind == "rep":
        m = node[2]
        if m == 0:
            return True
        if m < 0:
            m = node[1]
        if m > n:
            return False
        if m > 0:
            n //= m
        return _repeat_is_valid(node[4], n)
    if kind in ("cat", "alt"):
        return all(_repeat_is_valid(x, n) for x in node[1])
    if kind == "cap":
        return _repeat_is_valid(node[2], n)
    if kind == "group":
        return _repeat_is_valid(node[1], n)
    return True


def _alternate(alts):
    nodes = [_concat(a) for a in alts]
    if len(nodes) == 1:
        return nodes[0]
    return ("alt", nodes)


def _concat(items):
    if not items:
        return ("empty",)
    if len(items) == 1:
        return items[0]
    return ("cat", list(items))


def _nullable(node) -> bool:
    kind = node[0]
    if kind in ("lit", "class", "any", "anynl"):
        return False
    if kind == "cat":
        return all(_nullable(x) for x in node[1])
    if kind == "alt":
        return any(_nullable(x) for x in node[1])
    if kind == "group":
        return _nullable(node[1])
    if kind == "cap":
        return _nullable(node[2])
    if kind == "rep":
        return node[1] == 0 or _nullable(node[4])
    return True  # empty-width assertions and the empty string


def _empty_loop(node):
    """The first repeat that may iterate more than once over a body that can
    match the empty string (``(a*)*``, ``(a|)+``, ``(^)*``, ``(a?){2}``), or None.
    Backtracking engines and Go disagreed on such loops (captures, sometimes
    the match); they stay refused until checked against OPA on RE2."""
    kind = node[0]
    if kind == "rep":
        if (node[2] < 0 or node[2] >= 2) and _nullable(node[4]):
            return node
        return _empty_loop(node[4])
    if kind in ("cat", "alt"):
        for x in node[1]:
            r = _empty_loop(x)
            if r is not None:
                return r
        return None
    if kind == "group":
        return _empty_loop(node[1])
    if kind == "cap":
        return _empty_loop(node[2])
    return None


# -- compiling ----------------------------------------------------------------------------


@lru_cache(maxsize=128)
def _compile(pattern: str):
    """(Program, group names) or an exception instance to raise."""
    p = _Parser(pattern)
    try:
        tree = p.parse()
    except Re2SyntaxError as exc:
        return exc
    if p.unsupported:
        return UnsupportedRegex(f"regex {pattern!r}: {p.unsupported} has no equivalent here")
    loop = _empty_loop(tree)
    if loop is not None:
        return UnsupportedRegex(
            f"regex {pattern!r}: a repeated group that can match the empty string ({to_re2_text(loop)}): "
            "Go and RE2 may iterate it differently"
        )
    try:
        rx = build(tree, p.ncap)
    except TooLarge as exc:
        return UnsupportedRegex(
            f"regex {pattern!r}: RE2 cannot compile it within its memory budget of {MAX_MEM >> 20} MB ({exc})"
        )
    return rx, tuple(p.names)


def check_re2(pattern: str) -> None:
    """Raise Re2SyntaxError if Go rejects ``pattern``, UnsupportedRegex if we
    cannot run it; return None otherwise (for the transpiler, at transpile time)."""
    r = _compile(pattern)
    if isinstance(r, Exception):
        raise r


def compile_re2(pattern: str, builtin: str = "regex.match") -> Program:
    """A compiled RE2 program that matches as Go's regexp.Compile(pattern) does.

    An invalid pattern raises BuiltinError with OPA's text
    (``<builtin>: error parsing regexp: ...``); a valid pattern we cannot
    reproduce raises UnsupportedRegex."""
    r = _compile(pattern)
    if isinstance(r, tuple):
        return r[0]
    if isinstance(r, Re2SyntaxError):
        raise BuiltinError(f"{builtin}: {r}")
    raise r


def subexp_names(pattern: str) -> tuple:
    """Go's SubexpNames: "" for the whole match and unnamed groups."""
    compile_re2(pattern)
    return _compile(pattern)[1]


# -- Go's match loops ------------------------------------------------------------------------


def _utf8(s: str) -> bytes:
    return s.encode("utf-8", "surrogatepass")


def _width(data: bytes, pos: int) -> int:
    """The length in bytes of the UTF-8 character at ``pos`` (0 at the end)."""
    if pos >= len(data):
        return 0
    b = data[pos]
    return 1 if b < 0xC0 else 2 if b < 0xE0 else 3 if b < 0xF0 else 4


def _all_matches(rx: Program, data: bytes, n: int):
    """Go's allMatches: up to n (all if n < 0) non-overlapping matches; an
    empty match right after the previous match is skipped; after an empty
    match the search moves on by one character."""
    out = []
    pos = 0
    end = len(data)
    prev_end = -1
    while (n < 0 or len(out) < n) and pos <= end:
        m = rx.match_at(data, pos)
        if m is None:
            break
        accept = True
        a0, a1 = m.spans[0]
        if a1 == pos:
            if a0 == prev_end:
                accept = False
            pos += _width(data, pos) or 1
        else:
            pos = a1
        prev_end = a1
        if accept:
            out.append(m)
    return out


def _expand(template: str, m: Match, names: tuple) -> str:
    """Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$."""
    out = []
    i = 0
    n = len(template)
    while True:
        j = template.find("$", i)
        if j < 0:
            out.append(template[i:])
            break
        out.append(template[i:j])
        i = j + 1
        if i < n and template[i] == "$":
            out.append("$")
            i += 1
            continue
        k = i
        brace = k < n and template[k] == "{"
        if brace:
            k += 1
        start = k
        while k < n and (template[k] == "_" or template[k].isalpha() or unicodedata.category(template[k]) == "Nd"):
            k += 1
        name = template[start:k]
        if not name or (brace and (k >= n or template[k] != "}")):
            out.append("$")
            continue
        if brace:
            k += 1
        i = k
        num = -1
        if name.isascii() and name.isdigit() and len(name) <= 9 and not (name[0] == "0" and len(name) > 1):
            num = int(name)
        if num >= 0:
            if num < len(m.spans) and m.start(num) >= 0:
                out.append(m.group(num))
        else:
            for gi, gname in enumerate(names):
                if gname == name and m.start(gi) >= 0:
                    out.append(m.group(gi))
                    break
    return "".join(out)


# -- the builtins ----------------------------------------------------------------------------


def regex_match(pattern, value, _fn="regex.match"):
    check_string(_fn, 1, pattern)
    check_string(_fn, 2, value)
    return compile_re2(pattern, _fn).search(value) is not None


def re_match(pattern, value):
    return regex_match(pattern, value, "re_match")


def regex_is_valid(pattern):
    if pattern.__class__ is not str:
        return False
    r = _compile(pattern)
    if isinstance(r, UnsupportedRegex):
        return True
    return not isinstance(r, Exception)


def regex_split(pattern, value):
    check_string("regex.split", 1, pattern)
    check_string("regex.split", 2, value)
    rx = compile_re2(pattern, "regex.split")
    if pattern and not value:
        return [""]
    data = _utf8(value)
    out = []
    beg = end = 0
    for m in _all_matches(rx, data, -1):
        end, m_end = m.spans[0]
        if m_end != 0:
            out.append(data[beg:end].decode("utf-8", "surrogatepass"))
        beg = m_end
    if end != len(data):
        out.append(data[beg:].decode("utf-8", "surrogatepass"))
    return out


def regex_find_n(pattern, value, number):
    check_string("regex.find_n", 1, pattern)
    check_string("regex.find_n", 2, value)
    n = check_int("regex.find_n", 3, number)
    rx = compile_re2(pattern, "regex.find_n")
    if n == 0:
        return []
    return [m.group(0) for m in _all_matches(rx, _utf8(value), n)]


def regex_find_all_string_submatch_n(pattern, value, number):
    fn = "regex.find_all_string_submatch_n"
    check_string(fn, 1, pattern)
    check_string(fn, 2, value)
    n = check_int(fn, 3, number)
    rx = compile_re2(pattern, fn)
    if n == 0:
        return []
    out = []
    for m in _all_matches(rx, _utf8(value), n):
        out.append([m.group(i) or "" for i in range(rx.groups + 1)])
    return out


def regex_replace(s, pattern, value):
    """Go's ReplaceAllString: the search always moves on by at least one
    character, and an empty match right after a match is not replaced."""
    check_string("regex.replace", 1, s)
    check_string("regex.replace", 2, pattern)
    check_string("regex.replace", 3, value)
    rx = compile_re2(pattern, "regex.replace")
    names = _compile(pattern)[1]
    plain = "$" not in value
    data = _utf8(s)
    out = []
    last = 0
    pos = 0
    end = len(data)
    while pos <= end:
        m = rx.match_at(data, pos)
        if m is None:
            break
        a0, a1 = m.spans[0]
        out.append(data[last:a0].decode("utf-8", "surrogatepass"))
        if a1 > last or a0 == 0:
            out.append(value if plain else _expand(value, m, names))
        last = a1
        width = _width(data, pos)
        if pos + width > a1:
            pos += width
        elif pos + 1 > a1:
            pos += 1
        else:
            pos = a1
    out.append(data[last:].decode("utf-8", "surrogatepass"))
    return "".join(out)


def regex_template_match(template, value, start, end):
    fn = "regex.template_match"
    check_string(fn, 1, template)
    check_string(fn, 2, value)
    check_string(fn, 3, start)
    check_string(fn, 4, end)
    if len(start.encode()) != 1:
        raise BuiltinError(
            f"{fn}: start delimiter has to be exactly one character long but is {len(start.encode())} long"
        )
    if len(end.encode()) != 1:
        # OPA reports the length of the start delimiter here.
        raise BuiltinError(
            f"{fn}: end delimiter has to be exactly one character long but is {len(start.encode())} long"
        )
    return _template_regex(template, start, end).search(value) is not None


@lru_cache(maxsize=64)
def _template_regex_cached(template: str, ds: str, de: str):
    fn = "regex.template_match"
    level = 0
    idx = 0
    idxs = []
    for i, c in enumerate(template):
        if c == ds:
            level += 1
            if level == 1:
                idx = i
        elif c == de:
            level -= 1
            if level == 0:
                idxs.append((idx, i + 1))
            elif level < 0:
                return BuiltinError(f"{fn}: unbalanced braces in {go_quote(template)}")
    if level != 0:
        return BuiltinError(f"{fn}: unbalanced braces in {go_quote(template)}")
    parts = ["^"]
    last = 0
    for a, b in idxs:
        raw = template[last:a]
        last = b
        inner = template[a + 1 : b - 1]
        parts.append(_quote_meta(raw) + "(" + inner + ")")
        try:
            compile_re2("^" + inner + "$", fn)
        except (BuiltinError, UnsupportedRegex) as exc:
            return exc
    parts.append(_quote_meta(template[last:]))
    parts.append("$")
    try:
        return compile_re2("".join(parts), fn)
    except (BuiltinError, UnsupportedRegex) as exc:
        return exc


def _template_regex(template: str, ds: str, de: str) -> Program:
    r = _template_regex_cached(template, ds, de)
    if isinstance(r, Exception):
        raise r
    return r


_META = set("\\.+*?()|[]{}^$")


def _quote_meta(s: str) -> str:
    """Go's regexp.QuoteMeta."""
    return "".join("\\" + c if c in _META else c for c in s)


FUNCTIONS = {
    "regex.match": (regex_match, 2),
    "re_match": (re_match, 2),
    "regex.is_valid": (regex_is_valid, 1),
    "regex.split": (regex_split, 2),
    "regex.find_n": (regex_find_n, 3),
    "regex.find_all_string_submatch_n": (regex_find_all_string_submatch_n, 3),
    "regex.replace": (regex_replace, 3),
    "regex.template_match": (regex_template_match, 4),
}

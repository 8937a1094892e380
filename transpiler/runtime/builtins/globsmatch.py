"""regex.globs_match: OPA answers with github.com/yashtewari/glob-intersection
v0.2.0, whose pattern language is a sequence of tokens (a character, ``.``
any character, or a ``[...]`` set of characters and ranges, ``\\`` escaping
the next character), each optionally followed by ``*`` or ``+``.

Its answer is not whether the two languages intersect: the library trims
equal unflagged prefixes and suffixes (keeping one token of each), then walks
both token lists greedily, and that walk is OPA's answer, quirks included:
``ab*`` and ``a`` do not intersect for it, ``.+a*.`` and ``b*b`` do but
``.+a*.`` and ``bb*`` do not. The walk below was fitted to OPA 1.20.2's
answers and agrees with them on every pair of globs of up to two tokens over
a, b, ``.``, ``[ab]``, ``[b-c]`` with their flags (117,649 pairs), every pair
of three tokens against two over a, b, ``.`` (149,058), and 560,000 random
pairs of up to sixteen tokens (characters, escapes, sets with ranges,
non-ASCII); the tokenizer's error texts (positions in characters) on 16,000 random
strings of its special characters (tests/test_runtime_globs_match.py).
"""

from __future__ import annotations

from ..deep import deep_call
from ..errors import BuiltinError, type_error

_NONE, _PLUS, _STAR = "", "+", "*"
_CHAR, _DOT, _SET = "c", ".", "s"


class _Token:
    __slots__ = ("kind", "value", "flag")

    def __init__(self, kind, value=None, flag=_NONE):
        self.kind = kind  # _CHAR: value a str of one character; _SET: a tuple of (lo, hi) code points
        self.value = value
        self.flag = flag


def _invalid(text: str, pos: int, why: str) -> BuiltinError:
    return BuiltinError(f"regex.globs_match: input:{text}, pos:{pos}, {why}: the input provided is invalid")


def _tokenize(text: str) -> list[_Token]:
    s, n, i = text, len(text), 0
    tokens = []
    while i < n:
        r = s[i]
        if r == "\\":
            if i + 1 >= n:
                raise _invalid(text, i, "input ends with a \\ (escape) character")
            tok, i = _Token(_CHAR, s[i + 1]), i + 2
        elif r == "[":
            tok, i = _set(text, i + 1)
        elif r == ".":
            tok, i = _Token(_DOT), i + 1
        elif r == "]":
            raise _invalid(text, i + 1, "set-close ']' with no preceding '['")
        elif r == "*" or r == "+":
            raise _invalid(text, i + 1, f"flag '{r}' must be preceded by a non-flag")
        else:
            tok, i = _Token(_CHAR, r), i + 1
        if i < n and s[i] in "*+":
            tok.flag = s[i]
            i += 1
        tokens.append(tok)
    return tokens


def _set(text: str, i: int):
    """The set token whose first character is at ``i`` (after ``[``), and the index after its ``]``."""
    s, n = text, len(text)
    ranges: list[list[int]] = []
    single = False  # the last item is one character, which a '-' may extend into a range
    while True:
        if i >= n:
            raise _invalid(text, i, "found [ without matching ]")
        r = s[i]
        if r == "]":
            i += 1
            break
        if r == "\\":
            if i + 1 >= n:
                raise _invalid(text, i, "input ends with a \\ (escape) character")
            c = ord(s[i + 1])
            ranges.append([c, c])
            single, i = True, i + 2
        elif r == "-":
            if not single:
                raise _invalid(text, i + 1, "range character '-' must be preceded by a Unicode character")
            if i + 1 >= n - 1:
                raise _invalid(text, i + 1, "range character '-' must be followed by a Unicode character")
            hi = s[i + 1]
            if hi in "-]":
                raise _invalid(text, i + 2, "range character '-' cannot be followed by a special symbol")
            if hi == "\\":
                hi, i = s[i + 2], i + 3
            else:
                i += 2
            lo = ranges[-1][0]
            if ord(hi) < lo:
                raise _invalid(text, i, f"range is out of order: '{hi}' comes before '{chr(lo)}' in Unicode")
            ranges[-1][1] = ord(hi)
            single = False
        else:
            c = ord(r)
            ranges.append([c, c])
            single, i = True, i + 1
    return _Token(_SET, tuple(sorted(tuple(x) for x in ranges))), i


def _simplify(tokens: list[_Token]) -> list[_Token]:
    """Runs of equal flagged tokens folded into one (``a*a*`` is ``a*``, ``a*a+`` and ``a+a*`` are ``a+``)."""
    out: list[_Token] = []
    for t in tokens:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.flag != _NONE
            and t.flag != _NONE
            and prev.kind == t.kind
            and prev.value == t.value
        ):
            if t.flag == _PLUS:
                out[-1] = _Token(prev.kind, prev.value, _PLUS)
            continue
        out.append(t)
    return out


def _match(a: _Token, b: _Token) -> bool:
    """Whether one character can match both tokens (flags aside)."""
    if a.kind == _DOT or b.kind == _DOT:
        return True
    if a.kind == _CHAR and b.kind == _CHAR:
        return a.value == b.value
    if a.kind == _CHAR:
        a, b = b, a
    if b.kind == _CHAR:
        c = ord(b.value)
        return any(lo <= c <= hi for lo, hi in a.value)
    return any(lo1 <= hi2 and lo2 <= hi1 for lo1, hi1 in a.value for lo2, hi2 in b.value)


def _trim(g1, g2):
    l1 = l2 = 0
    while l1 < len(g1) and l2 < len(g2) and g1[l1].flag == _NONE and g2[l2].flag == _NONE:
        if not _match(g1[l1], g2[l2]):
            return None
        l1, l2 = l1 + 1, l2 + 1
    if l1 > 0 and l2 > 0:  # one prefix token stays: an empty glob breaks the walk
        l1, l2 = l1 - 1, l2 - 1
    r1, r2 = len(g1) - 1, len(g2) - 1
    while r1 >= 0 and r1 >= l1 and r2 >= 0 and r2 >= l2 and g1[r1].flag == _NONE and g2[r2].flag == _NONE:
        if not _match(g1[r1], g2[r2]):
            return None
        r1, r2 = r1 - 1, r2 - 1
    if r1 < len(g1) - 1 and r2 < len(g2) - 1:  # and one suffix token
        r1, r2 = r1 + 1, r2 + 1
    return g1[l1 : r1 + 1], g2[l2 : r2 + 1]


class _Walk:
    """The library's walk (intersectNormal, intersectSpecial, intersectPlus,
    intersectStar). Every call is on suffixes of the two globs, and its answer
    depends on them only: remembered by the suffixes' first tokens, so the
    walk's backtracking stays polynomial (the answers are the same)."""

    def __init__(self):
        self.memo: dict = {}

    def normal(self, g1, g2) -> bool:
        key = (id(g1[0]) if g1 else 0, id(g2[0]) if g2 else 0)
        known = self.memo.get(key)
        if known is None:
            known = self.memo[key] = self._normal(g1, g2)
        return known

    def _normal(self, g1, g2) -> bool:
        i = j = 0
        while i < len(g1) and j < len(g2):
            if g1[i].flag == _NONE and g2[j].flag == _NONE:
                if not _match(g1[i], g2[j]):
                    return False
            else:
                return self.special(g1[i:], g2[j:])
            i, j = i + 1, j + 1
        return i == len(g1) and j == len(g2)

    def special(self, g1, g2) -> bool:
        if g1[0].flag != _NONE:
            return self.plus(g1, g2) if g1[0].flag == _PLUS else self.star(g1, g2)
        return self.plus(g2, g1) if g2[0].flag == _PLUS else self.star(g2, g1)

    def plus(self, plussed, other) -> bool:
        """The plussed token takes one character of other's first token, then is a star;
        against a flagged token of other, either that or the plus is spent on it."""
        if not other or not _match(plussed[0], other[0]):
            return False
        if other[0].flag == _NONE:
            return self.star(plussed, other[1:])
        return self.star(plussed, other) or self.normal(plussed[1:], other)

    def star(self, starred, other) -> bool:
        star = starred[0]
        nxt = starred[1] if len(starred) > 1 else None
        for i, t in enumerate(other):
            if nxt is not None and _match(t, nxt):
                if self.normal(starred[1:], other[i:]):
                    return True
                if not _match(t, star):
                    return False
            elif not _match(t, star):
                return False
        return nxt is None  # other ran out before the token after the star was met


def globs_match(a, b):
    if a.__class__ is not str:
        raise type_error("regex.globs_match", 1, "string", a)
    if b.__class__ is not str:
        raise type_error("regex.globs_match", 2, "string", b)
    g1 = _simplify(_tokenize(a))
    g2 = _simplify(_tokenize(b))
    trimmed = _trim(g1, g2)
    if trimmed is None:
        return False
    return deep_call(_Walk().normal, *trimmed)  # one level of recursion per token


FUNCTIONS = {"regex.globs_match": (globs_match, 2)}

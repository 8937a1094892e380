"""Running a parsed Go regex on RE2, a linear-time engine.

``regex.py`` parses a pattern as Go's ``regexp/syntax`` does (acceptance and
error texts) into a small tree; this module writes that tree back as RE2
text in which everything is explicit (case folding already expanded into
classes, ``(?U)`` already applied, anchors written as ``\\A``/``\\z``/
``(?m:^)``), compiles it with RE2 (``google-re2``) and runs Go's match loops
on the UTF-8 bytes of the subject, with byte offsets as Go does.

RE2 runs in time linear in the subject for every pattern: no backtracking,
so ``^(a+)+$`` on a long run of ``a`` followed by ``!`` costs microseconds.

Memory: each pattern may use at most ``MAX_MEM`` bytes (RE2's ``max_mem``:
its compiled program and its DFA cache; when the DFA cache fills, RE2 falls
back to its NFA, still linear). Go compiles a character class into one
instruction, RE2 into a UTF-8 automaton, so a few patterns Go accepts do not
fit (``\\pL{1000}`` needs about 40 MB; ten of those in one pattern would
not): such a pattern raises ``UnsupportedRegex`` (refused at transpile time
when it is written in the signature, reported as the signature's error at
run time), never a wrong answer.
"""

from __future__ import annotations

import re2
from re2 import _re2

__all__ = ["MAX_MEM", "Program", "Match", "TooLarge", "to_re2_text", "build"]

MAX_MEM = 64 << 20  # bytes per compiled pattern (RE2's default is 8 MB)

_UNANCHORED = _re2.RE2.Anchor.UNANCHORED

_ATOMS = {
    "any": "(?s:.)",
    "anynl": "[^\\n]",
    "bot": "\\A",
    "eot": "\\z",
    "bol": "(?m:^)",
    "eol": "(?m:$)",
    "wb": "\\b",
    "nwb": "\\B",
    "empty": "(?:)",
}


def _esc(code: int) -> str:
    if code < 0x80 and (chr(code).isalnum() or code == 0x5F):
        return chr(code)
    return "\\x{%x}" % code


def _class_text(ranges) -> str:
    if not ranges:
        return "[^\\x{0}-\\x{10ffff}]"  # matches nothing, as Go's empty class
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return _esc(ranges[0][0])
    parts = []
    for lo, hi in ranges:
        parts.append(_esc(lo) if lo == hi else _esc(lo) + "-" + _esc(hi))
    return "[" + "".join(parts) + "]"


def to_re2_text(node) -> str:
    """RE2 text for a parsed node (see regex.py for the node shapes)."""
    kind = node[0]
    if kind == "lit":
        return _esc(node[1])
    if kind == "class":
        return _class_text(node[1])
    if kind == "cat":
        return "".join(to_re2_text(x) for x in node[1])
    if kind == "alt":
        return "(?:" + "|".join(to_re2_text(x) for x in node[1]) + ")"
    if kind == "group":
        return "(?:" + to_re2_text(node[1]) + ")"
    if kind == "cap":
        return "(" + to_re2_text(node[2]) + ")"
    if kind == "rep":
        _, lo, hi, greedy, sub = node
        body = to_re2_text(sub)
        if sub[0] not in ("lit", "class", "cap", "group", "alt"):
            body = "(?:" + body + ")"
        if hi < 0:
            q = "{%d,}" % lo
        elif lo == hi:
            q = "{%d}" % lo
        else:
            q = "{%d,%d}" % (lo, hi)
        return body + q + ("" if greedy else "?")
    return _ATOMS[kind]


def _options(capture: bool):
    o = re2.Options()
    o.log_errors = False
    o.max_mem = MAX_MEM
    o.never_capture = not capture
    return o


class Match:
    """One match: the spans (byte offsets) of the whole match and of each group."""

    __slots__ = ("spans", "data")

    def __init__(self, spans, data: bytes):
        self.spans = spans
        self.data = data

    def start(self, i: int = 0) -> int:
        return self.spans[i][0]

    def end(self, i: int = 0) -> int:
        return self.spans[i][1]

    def group(self, i: int = 0):
        a, b = self.spans[i]
        if a < 0:
            return None
        return self.data[a:b].decode("utf-8", "surrogatepass")


class Program:
    """A compiled pattern. ``search(s)`` is the cheap yes/no test (a program
    without captures, RE2's DFA); ``matches_from(data, pos)`` gives a Match
    with the groups (the capturing program is compiled on first use)."""

    __slots__ = ("_test", "_cap", "_text", "groups", "_lit", "_how", "required")

    def __init__(self, text: str, groups: int, plan=(None, None), required=()):
        self._text = text.encode()
        self.groups = groups
        self._test = _compile(self._text, False)
        self._cap = None
        self._lit, self._how = plan
        # literals every match contains (required_literals): generated code tests them first
        self.required = required

    @property
    def plan(self) -> tuple:
        """(text, how) of literal_plan: the string tests ``search`` makes."""
        return self._lit, self._how

    def search(self, s: str):
        """True if ``s`` has a match, else None (callers test ``is not None``).
        A pattern of ASCII literals with anchors is answered by string tests
        (``^/etc/shadow$`` is ``s == "/etc/shadow"``), and one that starts with
        ``^`` and ASCII literals tests that prefix before running RE2."""
        how = self._how
        if how is not None:
            lit = self._lit
            if how == _PREFIX:
                if not s.startswith(lit):
                    return None
            elif (s == lit if how == _EQ else s.startswith(lit) if how == _STARTS
                  else s.endswith(lit) if how == _ENDS else lit in s):
                return True
            else:
                return None
        data = s.encode("utf-8", "surrogatepass")
        n = len(data)
        a = self._test.Match(_UNANCHORED, data, 0, n)[0][0]
        if a < 0:
            return None
        if a < n and data[a] & 0xC0 == 0x80:  # inside a character: as _first does
            if _first(self._test, data, 0)[0][0] < 0:
                return None
        return True

    def match_at(self, data: bytes, pos: int):
        """The leftmost-first match at or after byte ``pos`` of ``data`` (the
        text before ``pos`` is context for ``^`` and ``\\b``), or None."""
        cap = self._cap
        if cap is None:
            cap = self._cap = _compile(self._text, True)
        spans = _first(cap, data, pos)
        if spans[0][0] < 0:
            return None
        return Match(spans, data)


def _first(rx, data: bytes, pos: int):
    """RE2's spans of the first match from ``pos``, at a character boundary.

    RE2 tries every byte offset; Go only the offsets between characters. The
    two differ only for an empty match inside a UTF-8 character (``\\B`` in
    ``xſy``: both neighbours of the middle byte are non-word): such a match is
    skipped and the search goes on from the next character."""
    n = len(data)
    spans = rx.Match(_UNANCHORED, data, pos, n)
    a = spans[0][0]
    while 0 <= a < n and data[a] & 0xC0 == 0x80:
        a += 1
        while a < n and data[a] & 0xC0 == 0x80:
            a += 1
        spans = rx.Match(_UNANCHORED, data, a, n)
        a = spans[0][0]
    return spans


def _compile(text: bytes, capture: bool):
    rx = _re2.RE2(text, _options(capture))
    if not rx.ok():
        raise TooLarge(rx.error().decode("utf-8", "replace"))
    return rx


class TooLarge(Exception):
    """RE2 could not compile a pattern our front end accepted (its memory budget)."""


def build(node, groups: int) -> Program:
    """A Program for a parsed node; raises TooLarge (with RE2's message)
    when RE2 cannot compile it within MAX_MEM."""
    return Program(to_re2_text(node), groups, literal_plan(node), required_literals(node))


# how Program.search answers from the text alone (see literal_plan)
_EQ, _STARTS, _ENDS, _CONTAINS, _PREFIX = "eq", "startswith", "endswith", "in", "prefix"


def required_literals(node, most: int = 3) -> tuple:
    """Runs of two or more ASCII literals that every match contains: the
    literals in a row of the pattern's top-level concatenation (capture
    groups that must match taken as their contents), the longest ``most``
    of them in the pattern's order, without a leading one after ``\\A``
    (literal_plan's prefix). A subject without one of them has no match."""
    items = _mandatory(node)
    prefixed = items[:1] == [("bot",)]
    runs, run = [], []
    for i, item in enumerate(items + [("end",)]):
        if item[0] == "lit" and item[1] < 0x80:
            run.append(chr(item[1]))
            continue
        if len(run) >= 2 and not (prefixed and i - len(run) == 1):  # (not the prefix, tested first)
            runs.append("".join(run))
        run = []
    keep = sorted(sorted(range(len(runs)), key=lambda i: -len(runs[i]))[:most])
    return tuple(runs[i] for i in keep)


def _mandatory(node) -> list:
    """The items of a concatenation in order, capture groups that must match flattened."""
    if node[0] == "cap":
        return _mandatory(node[2])
    if node[0] == "cat":
        out = []
        for item in node[1]:
            if item[0] in ("cap", "cat"):
                out.extend(_mandatory(item))
            else:
                out.append(item)
        return out
    return [node]


def literal_plan(node) -> tuple:
    """(text, how) when ``search`` can be answered, or prefiltered, by string
    tests: a pattern made of ASCII literals between optional ``\\A`` and
    ``\\z`` is an equality, a prefix, a suffix or a substring test (exactly
    RE2's answer: an ASCII literal matches its byte and nothing else, and a
    subject's non-ASCII characters are never ASCII bytes); ``\\A`` followed
    by ASCII literals and anything else gives a prefix every match needs
    (``_PREFIX``). (None, None) otherwise."""
    items = node[1] if node[0] == "cat" else [node]
    start = bool(items) and items[0][0] == "bot"
    i = 1 if start else 0
    lits = []
    while i < len(items) and items[i][0] == "lit" and items[i][1] < 0x80:
        lits.append(chr(items[i][1]))
        i += 1
    lit = "".join(lits)
    rest = items[i:]
    if not rest or (len(rest) == 1 and rest[0][0] == "eot"):
        if not lit and not start and not rest:
            return None, None  # no literal at all (the empty pattern)
        end = bool(rest)
        how = (_EQ if end else _STARTS) if start else (_ENDS if end else _CONTAINS)
        return lit, how
    if start and lit:
        return lit, _PREFIX
    return None, None


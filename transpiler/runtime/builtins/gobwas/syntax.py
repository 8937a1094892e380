"""gobwas/glob's lexer and parser: a pattern to a tree of nodes."""

from __future__ import annotations

from .runes import GlobError


# -- syntax --------------------------------------------------------------------------

ANYOF, PATTERN, ANY, SUPER, SINGLE, NOTHING, LIST, RANGE, TEXT = range(9)


class Node:
    __slots__ = ("kind", "value", "children", "parent")

    def __init__(self, kind, value=None, children=()):
        self.kind = kind
        self.value = value
        self.children = []
        self.parent = None
        for c in children:
            self.insert(c)

    def insert(self, child):
        child.parent = self
        self.children.append(child)
        return self

    def equal(self, other) -> bool:
        return (
            self.kind == other.kind
            and self.value == other.value
            and len(self.children) == len(other.children)
            and all(a.equal(b) for a, b in zip(self.children, other.children))
        )


def _lex(pattern: str):
    toks = []
    i, n = 0, len(pattern)
    terms = 0

    def text(i, breakers):
        data = []
        escaped = False
        while i < n:
            r = pattern[i]
            if not escaped:
                if r == "\\":
                    escaped = True
                    i += 1
                    continue
                if r in breakers:
                    break
            escaped = False
            data.append(r)
            i += 1
        if data:
            toks.append(("text", "".join(data)))
        return i

    while i < n:
        r = pattern[i]
        if r == "{":
            terms += 1
            toks.append(("open", r))
            i += 1
        elif r == "," and terms > 0:
            toks.append(("sep", r))
            i += 1
        elif r == "}" and terms > 0:
            toks.append(("close", r))
            terms -= 1
            i += 1
        elif r == "[":
            start = len(toks)
            toks.append(("ropen", r))
            i += 1
            want_hi = want_close = seen_not = False
            while True:
                if i >= n:
                    del toks[start:]
                    toks.append(("error", "unexpected end of input"))
                    return toks
                r = pattern[i]
                i += 1
                if want_close:
                    if r != "]":
                        # (the lexer's error replaces the range's tokens)
                        del toks[start:]
                        toks.append(("error", "expected close range character"))
                        return toks
                    toks.append(("rclose", r))
                    break
                if want_hi:
                    toks.append(("hi", r))
                    want_close = True
                    continue
                if not seen_not and r == "!":
                    toks.append(("not", r))
                    seen_not = True
                    continue
                if i < n and pattern[i] == "-":
                    i += 1
                    toks.append(("lo", r))
                    toks.append(("between", "-"))
                    want_hi = True
                    continue
                i = text(i - 1, "]")
                want_close = True
        elif r == "?":
            toks.append(("single", r))
            i += 1
        elif r == "*":
            if i + 1 < n and pattern[i + 1] == "*":
                toks.append(("super", "**"))
                i += 2
            else:
                toks.append(("any", r))
                i += 1
        else:
            i = text(i, "?*[{},") if terms > 0 else text(i, "?*[{")
    toks.append(("eof", ""))
    return toks


def parse(pattern: str) -> Node:
    toks = iter(_lex(pattern))
    root = tree = Node(PATTERN)
    while True:
        kind, raw = next(toks)
        if kind == "eof":
            return root
        if kind == "error":
            raise GlobError(raw)
        if kind == "text":
            tree.insert(Node(TEXT, raw))
        elif kind == "any":
            tree.insert(Node(ANY))
        elif kind == "super":
            tree.insert(Node(SUPER))
        elif kind == "single":
            tree.insert(Node(SINGLE))
        elif kind == "open":
            a = Node(ANYOF)
            tree.insert(a)
            p = Node(PATTERN)
            a.insert(p)
            tree = p
        elif kind == "sep":
            p = Node(PATTERN)
            tree.parent.insert(p)
            tree = p
        elif kind == "close":
            tree = tree.parent.parent
        elif kind == "ropen":
            tree = _parse_range(tree, toks)
        else:
            raise GlobError(f"unexpected token: {raw}")


def _parse_range(tree: Node, toks) -> Node:
    neg = False
    lo = hi = 0
    chars = ""
    while True:
        kind, raw = next(toks)
        if kind == "eof":
            raise GlobError("unexpected end")
        if kind == "error":
            raise GlobError(raw)
        if kind == "not":
            neg = True
        elif kind == "lo":
            lo = ord(raw)
        elif kind == "hi":
            hi = ord(raw)
            if hi < lo:
                raise GlobError(f"hi character '{chr(hi)}' should be greater than lo '{chr(lo)}'")
        elif kind == "text":
            chars = raw
        elif kind == "rclose":
            is_range = lo != 0 and hi != 0
            if (chars != "") == is_range:
                raise GlobError("could not parse range")
            if is_range:
                tree.insert(Node(RANGE, (lo, hi, neg)))
            else:
                tree.insert(Node(LIST, (chars, neg)))
            return tree

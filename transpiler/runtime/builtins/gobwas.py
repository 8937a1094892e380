"""gobwas/glob (v0.2.3), the glob library OPA's glob.match uses: its parser,
its compiler (with the optimisations that decide which matcher runs) and its
matchers, ported as they are, quirks included: they are OPA's answers (``?``
matches the empty string, a ``[!x]`` list glued with ``*`` checks for the
delimiters as one substring, a row of fixed-length parts counts runes as
bytes...). Matchers work on UTF-8 bytes with Go's rune decoding, as Go does.

``compile_glob(pattern, separators)`` returns a matcher with ``match(bytes)``;
``GlobError`` carries gobwas's error text. A case where Go would panic (a
slice out of range) raises ``GlobPanic``.
"""

from __future__ import annotations

__all__ = ["GlobError", "GlobPanic", "compile_glob"]


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


# -- matchers ------------------------------------------------------------------------


class Matcher:
    __slots__ = ()

    def length(self) -> int:
        return -1


class Nothing(Matcher):
    def match(self, s):
        return len(s) == 0

    def index(self, s):
        return 0, [0]

    def length(self):
        return 0


class Super(Matcher):
    def match(self, s):
        return True

    def index(self, s):
        return 0, [i for i, _, _ in _runes(s)] + [len(s)]


class Any(Matcher):
    __slots__ = ("seps",)

    def __init__(self, seps):
        self.seps = seps

    def match(self, s):
        return _index_any(s, self.seps) == -1

    def index(self, s):
        found = _index_any(s, self.seps)
        if found == 0:
            return 0, [0]
        if found > 0:
            s = s[:found]
        return 0, [i for i, _, _ in _runes(s)] + [len(s)]


class Single(Matcher):
    __slots__ = ("seps",)

    def __init__(self, seps):
        self.seps = seps

    def match(self, s):
        r, w = _decode(s, 0)
        if len(s) > w:
            return False
        return r not in self.seps

    def index(self, s):
        for i, r, _ in _runes(s):
            if r in self.seps:
                continue
            return i, [_rune_len(r)]
        return -1, None

    def length(self):
        return 1


class List(Matcher):
    __slots__ = ("chars", "neg")

    def __init__(self, chars, neg):
        self.chars = chars
        self.neg = neg

    def match(self, s):
        r, w = _decode(s, 0)
        if len(s) > w:
            return False
        return (r in self.chars) == (not self.neg)

    def index(self, s):
        for i, r, _ in _runes(s):
            if self.neg == (r not in self.chars):
                return i, [_rune_len(r)]
        return -1, None

    def length(self):
        return 1


class Range(Matcher):
    __slots__ = ("lo", "hi", "neg")

    def __init__(self, lo, hi, neg):
        self.lo, self.hi, self.neg = lo, hi, neg

    def match(self, s):
        r, w = _decode(s, 0)
        if len(s) > w:
            return False
        return (self.lo <= r <= self.hi) == (not self.neg)

    def index(self, s):
        for i, r, _ in _runes(s):
            if self.neg != (self.lo <= r <= self.hi):
                return i, [_rune_len(r)]
        return -1, None

    def length(self):
        return 1


class Text(Matcher):
    __slots__ = ("text", "runes")

    def __init__(self, text: bytes):
        self.text = text
        self.runes = _count(text)

    def match(self, s):
        return s == self.text

    def index(self, s):
        i = s.find(self.text)
        return (i, [len(self.text)]) if i >= 0 else (-1, None)

    def length(self):
        return self.runes


class Prefix(Matcher):
    __slots__ = ("prefix",)

    def __init__(self, prefix):
        self.prefix = prefix

    def match(self, s):
        return s.startswith(self.prefix)

    def index(self, s):
        idx = s.find(self.prefix)
        if idx == -1:
            return -1, None
        n = len(self.prefix)
        sub = s[idx + n:]
        return idx, [n] + [n + i + w for i, _, w in _runes(sub)]


class Suffix(Matcher):
    __slots__ = ("suffix",)

    def __init__(self, suffix):
        self.suffix = suffix

    def match(self, s):
        return s.endswith(self.suffix)

    def index(self, s):
        idx = s.find(self.suffix)
        return (0, [idx + len(self.suffix)]) if idx >= 0 else (-1, None)


class PrefixSuffix(Matcher):
    __slots__ = ("prefix", "suffix")

    def __init__(self, prefix, suffix):
        self.prefix, self.suffix = prefix, suffix

    def match(self, s):
        return s.startswith(self.prefix) and s.endswith(self.suffix)

    def index(self, s):
        p = s.find(self.prefix)
        if p == -1:
            return -1, None
        n = len(self.suffix)
        if n <= 0:
            return p, [len(s) - p]
        if len(s) - p <= 0:
            return -1, None
        segs = []
        sub = s[p:]
        while True:
            j = sub.rfind(self.suffix)
            if j == -1:
                break
            segs.append(j + n)
            sub = sub[:j]
        if not segs:
            return -1, None
        segs.reverse()
        return p, segs


class PrefixAny(Matcher):
    __slots__ = ("prefix", "seps")

    def __init__(self, prefix, seps):
        self.prefix, self.seps = prefix, seps

    def match(self, s):
        return s.startswith(self.prefix) and _index_any(s[len(self.prefix):], self.seps) == -1

    def index(self, s):
        idx = s.find(self.prefix)
        if idx == -1:
            return -1, None
        n = len(self.prefix)
        sub = s[idx + n:]
        i = _index_any(sub, self.seps)
        if i > -1:
            sub = sub[:i]
        return idx, [n] + [n + j + w for j, _, w in _runes(sub)]


class SuffixAny(Matcher):
    __slots__ = ("suffix", "seps")

    def __init__(self, suffix, seps):
        self.suffix, self.seps = suffix, seps

    def match(self, s):
        return s.endswith(self.suffix) and _index_any(s[: len(s) - len(self.suffix)], self.seps) == -1

    def index(self, s):
        idx = s.find(self.suffix)
        if idx == -1:
            return -1, None
        i = _last_index_any(s[:idx], self.seps) + 1
        return i, [idx + len(self.suffix) - i]


class Contains(Matcher):
    __slots__ = ("needle", "neg")

    def __init__(self, needle, neg):
        self.needle, self.neg = needle, neg

    def match(self, s):
        return (self.needle in s) != self.neg

    def index(self, s):
        offset = 0
        idx = s.find(self.needle)
        if not self.neg:
            if idx == -1:
                return -1, None
            offset = idx + len(self.needle)
            if len(s) <= offset:
                return 0, [offset]
            s = s[offset:]
        elif idx != -1:
            s = s[:idx]
        return 0, [offset + i for i, _, _ in _runes(s)] + [offset + len(s)]


class Min(Matcher):
    __slots__ = ("limit",)

    def __init__(self, limit):
        self.limit = limit

    def match(self, s):
        n = 0
        for _ in _runes(s):
            n += 1
            if n >= self.limit:
                return True
        return False

    def index(self, s):
        if len(s) - self.limit + 1 <= 0:
            return -1, None
        segs = []
        n = 0
        for i, _, w in _runes(s):
            n += 1
            if n >= self.limit:
                segs.append(i + w)
        return (0, segs) if segs else (-1, None)


class Max(Matcher):
    __slots__ = ("limit",)

    def __init__(self, limit):
        self.limit = limit

    def match(self, s):
        n = 0
        for _ in _runes(s):
            n += 1
            if n > self.limit:
                return False
        return True

    def index(self, s):
        segs = [0]
        n = 0
        for i, _, w in _runes(s):
            n += 1
            if n > self.limit:
                break
            segs.append(i + w)
        return 0, segs


class EveryOf(Matcher):
    __slots__ = ("ms",)

    def __init__(self):
        self.ms = []

    def match(self, s):
        return all(m.match(s) for m in self.ms)

    def length(self):
        return -1 if self.ms else 0

    def index(self, s):
        index = offset = 0
        current: list = []
        sub = s
        for i, m in enumerate(self.ms):
            idx, seg = m.index(sub)
            if idx == -1:
                return -1, None
            if i == 0:
                current = list(seg)
            else:
                delta = index - (idx + offset)
                nxt = [n for ex in current for n in seg if ex + delta == n]
                if not nxt:
                    return -1, None
                current = nxt
            index = idx + offset
            sub = s[index:]
            offset += idx
        return index, current


def _merge(a, b):
    return sorted(set(a) | set(b))


class AnyOf(Matcher):
    __slots__ = ("ms",)

    def __init__(self, ms):
        self.ms = ms

    def match(self, s):
        return any(m.match(s) for m in self.ms)

    def index(self, s):
        index = -1
        segs: list = []
        for m in self.ms:
            idx, seg = m.index(s)
            if idx == -1:
                continue
            if index == -1 or idx < index:
                index, segs = idx, list(seg)
                continue
            if idx > index:
                continue
            segs = _merge(segs, seg)
        return (index, segs) if index != -1 else (-1, None)

    def length(self):
        n = -1
        for m in self.ms:
            ml = m.length()
            if n == -1:
                n = ml
                continue
            if ml == -1 or n != ml:
                return -1
        return n


class Row(Matcher):
    __slots__ = ("ms", "runes")

    def __init__(self, n, ms):
        self.ms, self.runes = ms, n

    def _match_all(self, s):
        idx = 0
        for m in self.ms:
            length = m.length()
            nxt = i = 0
            for nxt, _, _ in _runes(s[idx:]):
                i += 1
                if i == length:
                    break
            if i < length:
                return False
            end = idx + nxt + 1
            if end > len(s) or idx > len(s):
                raise GlobPanic(f"runtime error: slice bounds out of range [:{end}] with length {len(s)}")
            if not m.match(s[idx:end]):
                return False
            idx += nxt + 1
        return True

    def _len_ok(self, s):
        n = 0
        for _ in _runes(s):
            n += 1
            if n > self.runes:
                return False
        return n == self.runes

    def match(self, s):
        return self._len_ok(s) and self._match_all(s)

    def index(self, s):
        for i, _, _ in _runes(s):
            if len(s) - i < self.runes:
                break
            if self._match_all(s[i:]):
                return i, [self.runes]
        return -1, None

    def length(self):
        return self.runes


class BTree(Matcher):
    __slots__ = ("value", "left", "right", "vlen", "llen", "rlen", "total")

    def __init__(self, value, left, right):
        self.value, self.left, self.right = value, left, right
        ok = True
        self.vlen = value.length()
        ok = self.vlen != -1
        self.llen = self.rlen = 0
        if left is not None:
            self.llen = left.length()
            ok = ok and self.llen != -1
        if right is not None:
            self.rlen = right.length()
            ok = ok and self.rlen != -1
        self.total = self.llen + self.vlen + self.rlen if ok else -1

    def length(self):
        return self.total

    def index(self, s):
        return -1, None

    def match(self, s):
        n = len(s)
        if self.total != -1 and self.total > n:
            offset = limit = 0
        else:
            offset = self.llen if self.llen >= 0 else 0
            limit = n - self.rlen if self.rlen >= 0 else n
        while offset < limit:
            index, segs = self.value.index(s[offset:limit])
            if index == -1:
                return False
            left_s = s[: offset + index]
            left = self.left.match(left_s) if self.left is not None else left_s == b""
            if left:
                for length in reversed(segs):
                    r = b"" if n <= offset + index + length else s[offset + index + length:]
                    right = self.right.match(r) if self.right is not None else r == b""
                    if right:
                        return True
            _, step = _decode(s, offset + index)
            offset += index + step
        return False


# -- the compiler --------------------------------------------------------------------


def _optimize(m):
    if isinstance(m, Any):
        if not m.seps:
            return Super()
    elif isinstance(m, AnyOf):
        if len(m.ms) == 1:
            return m.ms[0]
    elif isinstance(m, List):
        if not m.neg and len(m.chars) == 1:
            return Text(chr(m.chars[0]).encode())
    elif isinstance(m, BTree):
        m.left = _optimize(m.left) if m.left is not None else None
        m.right = _optimize(m.right) if m.right is not None else None
        if not isinstance(m.value, Text):
            return m
        text = m.value.text
        left, right = m.left, m.right
        if left is None and right is None:
            return Text(text)
        if isinstance(left, Super) and isinstance(right, Super):
            return Contains(text, False)
        if isinstance(left, Super) and right is None:
            return Suffix(text)
        if isinstance(right, Super) and left is None:
            return Prefix(text)
        if left is None and isinstance(right, Suffix):
            return PrefixSuffix(text, right.suffix)
        if right is None and isinstance(left, Prefix):
            return PrefixSuffix(left.prefix, text)
        if right is None and isinstance(left, Any):
            return SuffixAny(text, left.seps)
        if left is None and isinstance(right, Any):
            return PrefixAny(text, right.seps)
    return m


def _glue_every(ms):
    if len(ms) <= 1:
        return None
    has_any = has_super = has_single = False
    least = 0
    sep = None
    for i, m in enumerate(ms):
        if isinstance(m, Super):
            s = ()
            has_super = True
        elif isinstance(m, Any):
            s = m.seps
            has_any = True
        elif isinstance(m, Single):
            s = m.seps
            has_single = True
            least += 1
        elif isinstance(m, List):
            if not m.neg:
                return None
            s = m.chars
            has_single = True
            least += 1
        else:
            return None
        if i == 0:
            sep = s
        if tuple(s) != tuple(sep):
            return None
    if has_super and not has_any and not has_single:
        return Super()
    if has_any and not has_super and not has_single:
        return Any(sep)
    if (has_any or has_super) and least > 0 and not sep:
        return Min(least)
    every = EveryOf()
    if least > 0:
        every.ms.append(Min(least))
        if not has_any and not has_super:
            every.ms.append(Max(least))
    if sep:
        every.ms.append(Contains("".join(chr(r) for r in sep).encode(), True))
    return every


def _glue_row(ms):
    if len(ms) <= 1:
        return None
    total = 0
    for m in ms:
        ml = m.length()
        if ml == -1:
            return None
        total += ml
    return Row(total, list(ms))


def _glue(ms):
    return _glue_every(ms) or _glue_row(ms)


def _minimize(ms):
    done = None
    left = right = count = 0
    for lo in range(len(ms)):
        for hi in range(len(ms), lo, -1):
            glued = _glue(ms[lo:hi])
            if glued is None:
                continue
            if done is None:
                swap = True
            else:
                cl, gl = done.length(), glued.length()
                swap = (cl > -1 and gl > -1 and gl > cl) or count < hi - lo
            if swap:
                done, left, right, count = glued, lo, hi, hi - lo
    if done is None:
        return ms
    nxt = ms[:left] + [done] + (ms[right:] if right < len(ms) else [])
    if len(nxt) == len(ms):
        return nxt
    return _minimize(nxt)


def _compile_matchers(ms):
    if not ms:
        raise GlobError("compile error: need at least one matcher")
    if len(ms) == 1:
        return ms[0]
    glued = _glue(ms)
    if glued is not None:
        return glued
    idx, best, val = -1, -1, None
    for i, m in enumerate(ms):
        ml = m.length()
        if ml != -1 and ml >= best:
            best, idx, val = ml, i, m
    if val is None:
        return BTree(ms[0], None, _compile_matchers(ms[1:]))
    left, right = ms[:idx], ms[idx + 1:]
    lm = _compile_matchers(left) if left else None
    rm = _compile_matchers(right) if right else None
    return BTree(val, lm, rm)


def _common(nodes):
    if len(nodes) <= 1:
        return [], []
    idx, least = -1, -1
    for i, n in enumerate(nodes):
        if idx == -1 or len(n.children) < least:
            least, idx = len(n.children), i
    tree = nodes[idx]
    tlen = len(tree.children)
    right = [None] * tlen
    last_right = tlen
    left_common = []
    break_left = break_right = False
    total = 0
    i, j = 0, tlen - 1
    while total < tlen and j >= 0 and not (break_left and break_right):
        tl, tr = tree.children[i], tree.children[j]
        for k in range(len(nodes)):
            if break_left and break_right:
                break
            if k == idx:
                continue
            rl = nodes[k].children[i]
            rr = nodes[k].children[j + len(nodes[k].children) - tlen]
            break_left = break_left or not tl.equal(rl)
            break_right = break_right or (not break_left and j <= i)
            break_right = break_right or not tr.equal(rr)
        if not break_left:
            total += 1
            left_common.append(tl)
        if not break_right:
            total += 1
            last_right = j
            right[j] = tr
        i, j = i + 1, j - 1
    return left_common, right[last_right:]


def _minimize_anyof(tree: Node):
    if any(c.kind != PATTERN for c in tree.children):
        return None
    cl, cr = _common(tree.children)
    if not cl and not cr:
        return None
    result = []
    if cl:
        result.append(Node(PATTERN, None, _clones(cl)))
    alts = []
    for child in tree.children:
        reuse = child.children[len(cl): len(child.children) - len(cr)]
        node = Node(NOTHING) if not reuse else Node(PATTERN, None, _clones(reuse))
        if not any(_deep_equal(a, node) for a in alts):
            alts.append(node)
    if len(alts) == 1 and alts[0].kind != NOTHING:
        result.append(alts[0])
    elif len(alts) > 1:
        result.append(Node(ANYOF, None, alts))
    if cr:
        result.append(Node(PATTERN, None, _clones(cr)))
    return Node(PATTERN, None, result)


def _clones(nodes):
    return [_clone(n) for n in nodes]


def _clone(n: Node) -> Node:
    return Node(n.kind, n.value, [_clone(c) for c in n.children])


def _deep_equal(a: Node, b: Node) -> bool:
    # reflect.DeepEqual on nodes (parents included): compare by structure; the
    # parents of the candidates compared here are equal when their structure is
    return a.equal(b)


def _children(tree: Node, seps):
    return [_optimize(_compile(c, seps)) for c in tree.children]


def _compile(tree: Node, seps):
    k = tree.kind
    if k == ANYOF:
        n = _minimize_anyof(tree)
        if n is not None:
            return _compile(n, seps)
        return AnyOf(_children(tree, seps))
    if k == PATTERN:
        if not tree.children:
            return Nothing()
        m = _compile_matchers(_minimize(_children(tree, seps)))
    elif k == ANY:
        m = Any(seps)
    elif k == SUPER:
        m = Super()
    elif k == SINGLE:
        m = Single(seps)
    elif k == NOTHING:
        m = Nothing()
    elif k == LIST:
        chars, neg = tree.value
        m = List(tuple(ord(c) for c in chars), neg)
    elif k == RANGE:
        lo, hi, neg = tree.value
        m = Range(lo, hi, neg)
    else:
        m = Text(tree.value.encode())
    return _optimize(m)


def compile_glob(pattern: str, separators: tuple):
    """The matcher of ``pattern`` (separators: a tuple of code points)."""
    return _compile(parse(pattern), tuple(separators))

"""gobwas/glob's matchers: ``match(s)``, ``index(s)`` (where the matcher first
matches and the lengths it may take there) and ``length()`` (runes, -1: any).
"""

from __future__ import annotations

from .runes import GlobPanic, _decode, _runes, _rune_len, _index_any, _last_index_any, _count


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

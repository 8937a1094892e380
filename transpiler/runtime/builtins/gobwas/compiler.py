"""gobwas/glob's compiler: a syntax tree to matchers, with its optimisations
(which decide which matcher runs, and so OPA's answer)."""

from __future__ import annotations

from .match import Any, AnyOf, BTree, Contains, EveryOf, List, Max, Min, Nothing, Prefix, PrefixAny, PrefixSuffix, Range, Row, Single, Suffix, SuffixAny, Super, Text
from .runes import GlobError
from .syntax import ANY, ANYOF, LIST, NOTHING, PATTERN, RANGE, SINGLE, SUPER, Node, parse


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

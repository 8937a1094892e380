"""The parser of the subset of Go's text/template that strings.render_template
reproduces (gotemplate.py): a template's node tree, or Unsupported naming
what is outside the subset. Positions are text/template's (byte offsets of
the node: a chain's stands at its second part), for its error texts."""

from __future__ import annotations

import re
from functools import lru_cache

_SPACE = " \t\r\n"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_METHODS = {"String", "Float64", "Int64"}  # json.Number's: a field of that name calls it


class Unsupported(Exception):
    """The template is outside the reproduced subset (the message says where)."""


class Field:
    """``.``, a field chain, ``$``/``$x`` or a variable's field chain."""

    __slots__ = ("var", "names", "pos", "text")

    def __init__(self, var, names, pos, text):
        self.var = var  # None: from dot
        self.names, self.pos, self.text = names, pos, text  # pos: Go's node position (bytes)


def _parse(src: str):
    """The node list of a template in the subset, else Unsupported."""
    i, n = 0, len(src)
    stack: list = [("root", [], [None] * 6, False)]
    pending_trim = False
    while i <= n:
        j = src.find("{{", i)
        text = src[i:] if j < 0 else src[i:j]
        if j >= 0 and src[j + 2 : j + 3] == "-" and src[j + 3 : j + 4] in tuple(_SPACE):
            text = text.rstrip(_SPACE)
        if pending_trim:
            text = text.lstrip(_SPACE)
        if text:
            stack[-1][1].append(("text", text))
        if j < 0:
            break
        k = j + 2
        if src[k : k + 1] == "-" and src[k + 1 : k + 2] in tuple(_SPACE):
            k += 2
        if src.startswith("/*", k):
            end = src.find("*/", k + 2)
            if end < 0:
                raise Unsupported("an unclosed comment")
            after = end + 2
            if src.startswith(" -}}", after):
                pending_trim, i = True, after + 4
            elif src.startswith("}}", after):
                pending_trim, i = False, after + 2
            else:
                raise Unsupported("a comment that does not end its action")
            continue
        close = src.find("}}", k)
        if close < 0:
            raise Unsupported("an unclosed action")
        body_end = close
        pending_trim = False
        if close - 2 >= k and src[close - 1] == "-" and src[close - 2] in _SPACE:
            pending_trim, body_end = True, close - 2
        _action(src, k, body_end, stack)
        i = close + 2
    if len(stack) != 1:
        raise Unsupported(f"an unclosed {{{{{stack[-1][0]}}}}}")
    return stack[0][1]


_VAR = r"\$[A-Za-z_][A-Za-z0-9_]*"
_RANGE_DECL = re.compile(rf"range[ \t\r\n]+({_VAR})[ \t\r\n]*(?:,[ \t\r\n]*({_VAR})[ \t\r\n]*)?:=[ \t\r\n]*([^ \t\r\n]+)")


def _action(src, start, end, stack):
    """One action into the tree: ``stack`` holds (kind, body being filled, node,
    chained) from the root in; a node is [kind, field, body, None, else body,
    variables a range declares]."""
    words = [(m.group(), m.start()) for m in re.finditer(r"[^ \t\r\n]+", src[start:end])]
    first = words[0][0] if words else ""
    if first in ("else", "end") and (len(words) == 1 or first == "else" and len(words) == 3):
        kind, body, node, chained = stack[-1]
        if kind == "root" or (first == "else" and node[4] is not None):
            raise Unsupported(f"an unexpected {{{{{first}}}}}")
        if first == "end":
            while stack.pop()[3]:  # an {{else if}}'s if ends with the {{end}} of the if it continues
                pass
            return
        node[4] = []
        stack[-1] = (kind, node[4], node, chained)
        if len(words) == 3:  # {{else if X}} in an if, {{else with X}} in a with: an if (with) in the else
            if words[1][0] != kind or kind == "range":
                raise Unsupported(f"{{{{else {words[1][0]}}}}} in a {{{{{kind}}}}}")
            _open(src, stack, words[1][0], start + words[2][1], words[2][0], (), chained=True)
        return
    m = _RANGE_DECL.fullmatch(src[start:end].strip(_SPACE))
    if m is not None:
        lead = len(src[start:end]) - len(src[start:end].lstrip(_SPACE))
        decl = tuple(g for g in (m.group(1), m.group(2)) if g is not None)
        _open(src, stack, "range", start + lead + m.start(3), m.group(3), decl, chained=False)
        return
    if len(words) == 2 and first in ("if", "range", "with"):
        _open(src, stack, first, start + words[1][1], words[1][0], (), chained=False)
        return
    if len(words) == 1:
        stack[-1][1].append(("print", _field(src, start + words[0][1], words[0][0], stack)))
        return
    raise Unsupported(f"the action {{{{{src[start:end].strip(_SPACE)[:40]}}}}}")


def _open(src, stack, kind, at, word, decl, chained: bool):
    node = [kind, _field(src, at, word, stack), [], None, None, decl]
    stack[-1][1].append(node)
    stack.append((kind, node[2], node, chained))


def _field(src, at: int, word: str, stack) -> Field:
    if word == ".":
        return Field(None, (), _byte_pos(src, at), ".")
    head, dot, rest = word.partition(".")
    var = None
    if head:
        if head != "$" and not re.fullmatch(_VAR, head):
            raise Unsupported(f"the pipeline {word[:40]}")
        if head != "$" and not any(head in entry[2][5] for entry in stack[1:]):
            raise Unsupported(f"the variable {head} where it is not declared")
        var = head
        if not dot:
            return Field(var, (), _byte_pos(src, at), word)
    parts = rest.split(".")
    if not all(_IDENT.fullmatch(p) for p in parts):
        raise Unsupported(f"the pipeline {word[:40]}")
    names = tuple(parts)
    if _METHODS.intersection(names):
        raise Unsupported(f"the field {word[:40]} (a method of json.Number)")
    # a chain's node stands at its second part (text/template's ChainNode position)
    if var is not None:
        second = at + len(var)
    else:
        second = at + 1 + len(names[0]) if len(names) > 1 else at
    return Field(var, names, _byte_pos(src, second), word)


def _byte_pos(src: str, i: int) -> int:
    return len(src[:i].encode("utf-8"))


@lru_cache(maxsize=256)
def parse(src: str):
    return _parse(src)

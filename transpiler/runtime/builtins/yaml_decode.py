"""go-yaml v2's parser-to-nodes and decode.go into Go values, for yamlb:
the first document only, anchors known from their node's start, aliases
(with go-yaml's limits), ``<<`` merges, later duplicate keys winning."""

from __future__ import annotations

import base64
import codecs
import math

import yaml as _pyyaml

from .yaml_resolve import _BINARY, _MERGE, _TIMESTAMP, _Fail, _Uint, _resolve
from .yaml_scanner import _LibyamlLoader

# ------------------------------------------------------------------ decode.go


class _Node:
    __slots__ = ("kind", "value", "tag", "implicit", "children", "alias", "line")

    def __init__(self, kind, line, value=None, tag="", implicit=False):
        self.kind = kind  # "scalar", "seq", "map", "alias"
        self.value = value
        self.tag = tag or ""
        self.implicit = implicit
        self.children: list = []
        self.alias = None
        self.line = line


def _first_document(text: str):
    """The node of the first document (None for an empty stream)."""
    events = _pyyaml.parse(text, Loader=_LibyamlLoader)
    nxt = events.__next__
    nxt()  # stream start
    ev = nxt()
    if isinstance(ev, _pyyaml.StreamEndEvent):
        return None
    anchors: dict[str, _Node] = {}

    depth = {"flow": 0, "block": 0}

    def node(ev):
        line = ev.start_mark.line
        if isinstance(ev, _pyyaml.AliasEvent):
            n = _Node("alias", line, value=ev.anchor)
            n.alias = anchors.get(ev.anchor)
            if n.alias is None:
                raise _Fail(f"unknown anchor '{ev.anchor}' referenced")
            return n
        if isinstance(ev, _pyyaml.ScalarEvent):
            n = _Node("scalar", line, value=ev.value, tag=ev.tag, implicit=ev.implicit[0])
            if ev.anchor is not None:
                anchors[ev.anchor] = n
            return n
        kind = "seq" if isinstance(ev, _pyyaml.SequenceStartEvent) else "map"
        n = _Node(kind, line, tag=ev.tag)
        if ev.anchor is not None:
            anchors[ev.anchor] = n
        end = _pyyaml.SequenceEndEvent if kind == "seq" else _pyyaml.MappingEndEvent
        # libyaml's scanner limits flow nesting and indentation levels to 10000 each
        which = "flow" if ev.flow_style else "block"
        depth[which] += 1
        if depth[which] > 10000:
            raise _Fail("exceeded max depth of 10000")
        while True:
            child = nxt()
            if isinstance(child, end):
                depth[which] -= 1
                return n
            n.children.append(node(child))

    # ev is the document start; its content, then the document end
    root = node(nxt())
    nxt()
    return root


_RATIO_LOW, _RATIO_HIGH = 400000, 4000000


def _allowed_alias_ratio(count: int) -> float:
    if count <= _RATIO_LOW:
        return 0.99
    if count >= _RATIO_HIGH:
        return 0.10
    return 0.99 - 0.89 * ((count - _RATIO_LOW) / (_RATIO_HIGH - _RATIO_LOW))


class _Decoder:
    def __init__(self):
        self.decode_count = 0
        self.alias_count = 0
        self.alias_depth = 0
        self.active: set[int] = set()

    def value(self, n: _Node):
        """The Go value of a node: None, bool, int, _Uint, float, str, list,
        or a list of (key, value) pairs standing for a Go map."""
        self.decode_count += 1
        if self.alias_depth > 0:
            self.alias_count += 1
        if (
            self.alias_count > 100
            and self.decode_count > 1000
            and self.alias_count / self.decode_count > _allowed_alias_ratio(self.decode_count)
        ):
            raise _Fail("document contains excessive aliasing")
        if n.kind == "alias":
            if id(n) in self.active:
                raise _Fail(f"anchor '{n.value}' value contains itself")
            self.active.add(id(n))
            self.alias_depth += 1
            try:
                return self.value(n.alias)
            finally:
                self.alias_depth -= 1
                self.active.discard(id(n))
        if n.kind == "scalar":
            return self.scalar(n)
        if n.kind == "seq":
            return [self.value(c) for c in n.children]
        out: dict = {}
        self.mapping(n, out)
        return _GoMap(out)

    def scalar(self, n: _Node):
        if n.tag == "" and not n.implicit:
            return n.value
        tag, v = _resolve(n.tag, n.value)
        if tag == _BINARY:
            try:  # Go's base64 decoder skips newlines only
                raw = base64.b64decode(v.replace("\r", "").replace("\n", ""), validate=True)
            except ValueError:
                raise _Fail("!!binary value contains invalid base64 data") from None
            return raw.decode("utf-8", "_go_replace")
        if tag == _TIMESTAMP:
            return n.value
        return v

    def mapping(self, n: _Node, out: dict):
        ch = n.children
        for i in range(0, len(ch), 2):
            k = ch[i]
            if k.kind == "scalar" and k.value == "<<" and (k.implicit or k.tag == _MERGE):
                self.merge(ch[i + 1], out)
                continue
            key = self.value(k)
            if isinstance(key, (list, _GoMap)):
                raise _Fail(f"invalid map key: {_go_syntax(key)}")
            val = self.value(ch[i + 1])
            out[_go_key(key)] = (key, val)

    def merge(self, n: _Node, out: dict):
        def want_map():
            return _Fail("map merge requires map or sequence of maps as the value")

        if n.kind == "map":
            self._merge_one(n, out)
        elif n.kind == "alias":
            if n.alias is not None and n.alias.kind != "map":
                raise want_map()
            self._merge_one(n, out)
        elif n.kind == "seq":
            for c in reversed(n.children):
                if c.kind == "alias":
                    if c.alias is not None and c.alias.kind != "map":
                        raise want_map()
                elif c.kind != "map":
                    raise want_map()
                self._merge_one(c, out)
        else:
            raise want_map()

    def _merge_one(self, n: _Node, out: dict):
        """unmarshal(n, out) with out the map being filled: keys go into it."""
        self.decode_count += 1
        if self.alias_depth > 0:
            self.alias_count += 1
        if n.kind == "alias":
            if id(n) in self.active:
                raise _Fail(f"anchor '{n.value}' value contains itself")
            self.active.add(id(n))
            self.alias_depth += 1
            try:
                self._merge_one(n.alias, out)
            finally:
                self.alias_depth -= 1
                self.active.discard(id(n))
            return
        self.mapping(n, out)


class _GoMap:
    """A Go map[interface{}]interface{}: go key -> (key, value), in insertion order."""

    __slots__ = ("d",)

    def __init__(self, d):
        self.d = d


def _go_key(k):
    """Go's map identity of a key: its type and value (1, 1.0 and "1" differ)."""
    if isinstance(k, float) and math.isnan(k):
        return ("nan", object())  # NaN never equals itself: every NaN key is new
    return (type(k).__name__ if not isinstance(k, bool) else "bool", k)


def _go_replace(exc):
    """encoding/json's replacement: one U+FFFD per invalid byte."""
    return "\ufffd", exc.start + 1


codecs.register_error("_go_replace", _go_replace)


def _go_syntax(v) -> str:
    """Go's %#v of a decoded value (for error texts)."""
    if v is None:
        return "interface {}(nil)"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, _Uint):
        return f"0x{v:x}"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _format_g(v, 64)
    if isinstance(v, str):
        return _go_quote(v)
    if isinstance(v, list):
        return "[]interface {}{" + ", ".join(_go_iface(x) for x in v) + "}"
    return (
        "map[interface {}]interface {}{"
        + ", ".join(f"{_go_iface(k)}:{_go_iface(x)}" for k, x in v.d.values())
        + "}"
    )


def _go_iface(v) -> str:
    return _go_syntax(v)


def _go_quote(s: str) -> str:
    from .strings import go_quote  # Go's strconv.Quote

    return go_quote(s)


# Go's strconv texts of floats (%g, %e, %f from the shortest digits)


def _format_g(f: float, bits: int) -> str:
    return _format_g_digits(repr(f), f)


def _digits(s: str):
    """(negative, digits, decimal point position) of a decimal text."""
    from decimal import Decimal

    sign, digs, exp = Decimal(s).as_tuple()
    d = "".join(map(str, digs)).lstrip("0") or "0"
    dp = len("".join(map(str, digs))) + exp - (len("".join(map(str, digs))) - len(d))
    d = d.rstrip("0") or "0"
    return bool(sign), d, dp


def _format_g_digits(s: str, f: float) -> str:
    """Go's %g with the shortest digits of ``s`` (precision 6 decides the form)."""
    neg, d, dp = _digits(s)
    if f == 0:
        return "-0" if math.copysign(1, f) < 0 else "0"
    exp = dp - 1
    if exp < -4 or exp >= 6:
        return _fmt_e(neg, d, exp)
    return _fmt_f(neg, d, dp)


def _fmt_e(neg: bool, d: str, exp: int) -> str:
    m = d[0] + ("." + d[1:] if len(d) > 1 else "")
    e = f"{'-' if exp < 0 else '+'}{abs(exp):02d}"
    return ("-" if neg else "") + m + "e" + e


def _fmt_f(neg: bool, d: str, dp: int) -> str:
    if dp <= 0:
        body = "0." + "0" * (-dp) + d
    elif dp >= len(d):
        body = d + "0" * (dp - len(d))
    else:
        body = d[:dp] + "." + d[dp:]
    return ("-" if neg else "") + body

"""yaml.unmarshal and yaml.is_valid as OPA 1.20 answers them.

OPA reads YAML with sigs.k8s.io/yaml v1.6.0: go-yaml v2 (v2.4.4) decodes the
first document into Go values, sigs.k8s.io turns map keys into strings, and
encoding/json writes the JSON OPA then reads. Each stage is followed here:

- the events come from PyYAML's parser (a port of libyaml, as go-yaml v2 is),
  pulled lazily up to the end of the first document (go-yaml never reads on);
- the node tree, anchors (an anchor is known from its node's start, so
  ``&a [*a]`` is go-yaml's "value contains itself"), plain scalars resolved by
  go-yaml's ``resolve`` (YAML 1.1 booleans ``y``/``on``/``off``..., ``0x``/``0o``/
  leading-zero octal/``0b`` integers, ``1e3`` floats, timestamps kept as the
  text), ``<<`` merges, the alias-expansion limit, and duplicate keys (the
  last wins) are go-yaml's decoder (gopkg.in/yaml.v2 decode.go, resolve.go);
- keys become strings as sigs.k8s.io's ``convertToJSONableObject`` writes them
  (floats as float32 ``%g``); numbers go through encoding/json's float text.

Two keys that become one string (``1`` and ``"1"``) are one JSON key whose
value OPA takes from Go's map order, which is random; here the later one in
the document wins (one of OPA's possible answers).

Error texts: go-yaml's own messages for decoding errors and sigs.k8s.io's and
encoding/json's for conversion; a syntax error is worded by PyYAML
(``yaml: line N: PROBLEM``), which can differ from libyaml's wording.
"""

from __future__ import annotations

import base64
import math
import re
import struct

from ..errors import BuiltinError, type_error
from ..deep import deep_call
from ..values import number_of_text

try:  # PyYAML: without it the family is absent and the builtins are refused
    import yaml as _pyyaml
except ImportError:  # pragma: no cover - pyyaml is a core dependency
    raise ImportError("yamlb needs PyYAML", name=__name__) from None

_TAG = "tag:yaml.org,2002:"
_STR, _BINARY, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP, _MERGE = (
    _TAG + t for t in ("str", "binary", "bool", "int", "float", "null", "timestamp", "merge")
)
_RESOLVABLE = {"", _STR, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP}


class _Fail(Exception):
    """go-yaml's failf: the message after ``yaml: ``."""


class _Uint(int):
    """A uint64 of go-yaml (a map key of this type is an error in sigs.k8s.io)."""


# ----------------------------------------------------------------- resolve.go

_RESOLVE_MAP: dict[str, tuple[str, object]] = {}
for _v, _tag, _words in (
    (True, _BOOL, "y Y yes Yes YES true True TRUE on On ON"),
    (False, _BOOL, "n N no No NO false False FALSE off Off OFF"),
    (None, _NULL, "~ null Null NULL"),
    (math.nan, _FLOAT, ".nan .NaN .NAN"),
    (math.inf, _FLOAT, ".inf .Inf .INF +.inf +.Inf +.INF"),
    (-math.inf, _FLOAT, "-.inf -.Inf -.INF"),
    ("<<", _MERGE, "<<"),
):
    for _w in _words.split():
        _RESOLVE_MAP[_w] = (_tag, _v)
_RESOLVE_MAP[""] = (_NULL, None)


def _hint(s: str) -> str:
    if s == "":
        return "N"
    c = s[0]
    if c in "+-":
        return "S"
    if "0" <= c <= "9":
        return "D"
    if c in "yYnNtTfFoO~":
        return "M"
    if c == ".":
        return "."
    return ""


_GO_FLOAT = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)", re.I)
_YAML_STYLE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_MAX_I64, _MAX_U64 = (1 << 63) - 1, (1 << 64) - 1


def _parse_float(s: str):
    """strconv.ParseFloat(s, 64) for decimal texts: None where Go errs (syntax, or out of range)."""
    if not _GO_FLOAT.fullmatch(s) or "_" in s:
        return None
    f = float(s)
    if math.isinf(f) and "inf" not in s.lower():
        return None  # ErrRange
    return f


_BASE_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}


def _parse_uint_text(s: str, base: int):
    """The magnitude of an unsigned text in ``base`` (0: Go's prefixes), or None."""
    if base == 0:
        if s[:2] in ("0x", "0X"):
            base, s = 16, s[2:]
        elif s[:2] in ("0o", "0O"):
            base, s = 8, s[2:]
        elif s[:2] in ("0b", "0B"):
            base, s = 2, s[2:]
        elif s[:1] == "0" and len(s) > 1:
            base, s = 8, s[1:]
        else:
            base = 10
    if not s or any(c not in _BASE_DIGITS[base] for c in s):
        return None
    return int(s, base)


def _parse_int(s: str, base: int):
    """strconv.ParseInt(s, base, 64), None on error."""
    neg = s[:1] == "-"
    body = s[1:] if s[:1] in "+-" else s
    n = _parse_uint_text(body, base)
    if n is None:
        return None
    n = -n if neg else n
    return n if -_MAX_I64 - 1 <= n <= _MAX_I64 else None


def _parse_uint(s: str, base: int):
    n = _parse_uint_text(s, base)
    return n if n is not None and n <= _MAX_U64 else None


def _timestamp_like(s: str) -> bool:
    """parseTimestamp: four digits and '-', then one of go-yaml's layouts."""
    if not re.match(r"[0-9]{4}-", s):
        return False
    return bool(_TIMESTAMP_RE.fullmatch(s)) and _valid_date(s)


_TIMESTAMP_RE = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2}))"
    r"|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?))?"
)


def _valid_date(s: str) -> bool:
    import calendar

    m = _TIMESTAMP_RE.fullmatch(s)
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]):
        return False
    hms = [g for g in m.groups()[3:] if g is not None]
    if hms:
        h, mi, se = map(int, hms)
        if h > 23 or mi > 59 or se > 59:
            return False
    tz = re.search(r"([+-])([0-9]{2}):([0-9]{2})$", s) if m.group(4) is not None else None
    if tz and (int(tz.group(2)) > 24 or int(tz.group(3)) > 60):
        return False
    return True


def _resolve(tag: str, s: str):
    """go-yaml's resolve(tag, in): (resolved tag, value)."""
    if tag not in _RESOLVABLE:
        return tag, s
    rtag, out = _resolve_plain(tag, s)
    if tag in ("", rtag, _STR, _BINARY):
        return rtag, out
    if tag == _FLOAT and rtag == _INT and not isinstance(out, _Uint):
        return _FLOAT, float(out)
    raise _Fail(f"cannot decode {_short(rtag)} `{s}` as a {_short(tag)}")


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _resolve_plain(tag: str, s: str):
    hint = _hint(s)
    if hint and tag != _STR and tag != _BINARY:
        if s in _RESOLVE_MAP:
            return _RESOLVE_MAP[s]
        if hint == ".":
            f = _parse_float(s)
            if f is not None:
                return _FLOAT, f
        elif hint in "DS":
            if tag in ("", _TIMESTAMP) and _timestamp_like(s):
                return _TIMESTAMP, s
            plain = s.replace("_", "")
            n = _parse_int(plain, 0)
            if n is not None:
                return _INT, n
            n = _parse_uint(plain, 0)
            if n is not None:
                return _INT, _Uint(n)
            if _YAML_STYLE_FLOAT.fullmatch(plain):
                f = _parse_float(plain)
                if f is not None:
                    return _FLOAT, f
            if plain.startswith("0b"):
                n = _parse_int(plain[2:], 2)
                if n is not None:
                    return _INT, n
                n = _parse_uint(plain[2:], 2)
                if n is not None:
                    return _INT, _Uint(n)
            elif plain.startswith("-0b"):
                n = _parse_int("-" + plain[3:], 2)
                if n is not None:
                    return _INT, n
    return _STR, s


# ------------------------------------------------- libyaml's scanner where PyYAML's differs


class _LibyamlLoader(_pyyaml.SafeLoader):
    """PyYAML's scanner with libyaml's (go-yaml v2's) rules where they differ:
    tabs separate tokens in flow context and where no simple key may start
    (``a:\tb``), a BOM is skipped at the start of any line, an unknown
    directive is an error, ``%YAML`` must be 1.1, and an escape may not
    name a surrogate or a code point past U+10FFFF."""

    def scan_to_next_token(self):
        while True:
            if self.column == 0 and self.peek() == "\ufeff":
                self.forward()
            while True:
                ch = self.peek()
                if ch == " " or (ch == "\t" and (self.flow_level or not self.allow_simple_key)):
                    self.forward()
                else:
                    break
            if self.peek() == "#":
                while self.peek() not in "\0\r\n\x85\u2028\u2029":
                    self.forward()
            if self.scan_line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return

    def scan_plain(self):
        """libyaml's yaml_parser_scan_plain_scalar: tabs are blanks, and in
        flow context any of ``,?[]{}`` ends the scalar while ``:`` ends it only
        before a blank."""
        chunks: list[str] = []
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        leading_blanks = False
        leading_break = ""
        trailing_breaks: list[str] = []
        whitespaces: list[str] = []
        blankz = "\0 \t\r\n\x85\u2028\u2029"
        breaks = "\r\n\x85\u2028\u2029"
        while True:
            if self.column == 0 and self.prefix(3) in ("---", "...") and self.peek(3) in blankz:
                break
            if self.peek() == "#":
                break
            while self.peek() not in blankz:
                ch = self.peek()
                if (ch == ":" and self.peek(1) in blankz) or (self.flow_level and ch in ",?[]{}"):
                    break
                if leading_blanks or whitespaces:
                    if leading_blanks:
                        if leading_break == "\n":
                            chunks.append("".join(trailing_breaks) if trailing_breaks else " ")
                        else:
                            chunks.append(leading_break)
                            chunks.extend(trailing_breaks)
                        trailing_breaks, leading_break, leading_blanks = [], "", False
                    else:
                        chunks.extend(whitespaces)
                        whitespaces = []
                chunks.append(ch)
                self.forward()
                end_mark = self.get_mark()
            ch = self.peek()
            if not (ch in " \t" or ch in breaks):
                break
            while ch in " \t" or ch in breaks:
                if ch in " \t":
                    if leading_blanks and self.column < indent and ch == "\t":
                        raise _pyyaml.scanner.ScannerError(
                            "while scanning a plain scalar", start_mark,
                            "found a tab character that violates indentation", self.get_mark(),
                        )
                    if not leading_blanks:
                        whitespaces.append(ch)
                    self.forward()
                else:
                    if not leading_blanks:
                        whitespaces = []
                        leading_break = self.scan_line_break()
                        leading_blanks = True
                    else:
                        trailing_breaks.append(self.scan_line_break())
                ch = self.peek()
            if not self.flow_level and self.column < indent:
                break
        if leading_blanks:
            self.allow_simple_key = True
        return _pyyaml.tokens.ScalarToken("".join(chunks), True, start_mark, end_mark)

    def scan_block_scalar_indicators(self, start_mark):
        """PyYAML's, without its check of the next character: libyaml lets
        the header's ignored line (blanks, a comment) decide."""
        peek = self.peek
        try:
            self.peek = lambda index=0: " " if index == 0 and peek(0) in "\t#" else peek(index)
            return super().scan_block_scalar_indicators(start_mark)
        finally:
            del self.peek

    def scan_block_scalar_ignored_line(self, start_mark):
        while self.peek() in " \t":
            self.forward()
        if self.peek() == "#":
            while self.peek() not in "\0\r\n\x85\u2028\u2029":
                self.forward()
        if self.peek() not in "\0\r\n\x85\u2028\u2029":
            raise _pyyaml.scanner.ScannerError(
                "while scanning a block scalar", start_mark,
                "did not find expected comment or line break", self.get_mark(),
            )
        self.scan_line_break()

    # go-yaml v2.4 indexes simple keys by token number; closing a flow
    # collection in which no simple key was saved drops the index entry of the
    # key saved at its opening bracket (both have that token's number). The
    # key is then not waited for: ``[]a: b`` is the document ``[]`` (the rest
    # is never read), and a ``:`` that would use it makes go-yaml misplace the
    # KEY token (an error). ``_flows`` holds, per open level, its opening
    # token's number and whether a simple key was saved in it.

    def fetch_stream_start(self):
        self._flows: list[list] = []
        self._hidden: set[int] = set()
        super().fetch_stream_start()

    def save_possible_simple_key(self):
        if self.allow_simple_key and self._flows and len(self._flows) == self.flow_level:
            self._flows[-1][1] = True
        super().save_possible_simple_key()

    def fetch_flow_collection_start(self, TokenClass):
        number = self.tokens_taken + len(self.tokens)
        super().fetch_flow_collection_start(TokenClass)
        self._flows.append([number, False])

    def fetch_flow_collection_end(self, TokenClass):
        number, saved = self._flows.pop() if self._flows else (None, True)
        super().fetch_flow_collection_end(TokenClass)
        outer = self.possible_simple_keys.get(self.flow_level)
        if not saved and outer is not None and outer.token_number == number:
            self._hidden.add(id(outer))

    def next_possible_simple_key(self):
        numbers = [k.token_number for k in self.possible_simple_keys.values() if id(k) not in self._hidden]
        return min(numbers) if numbers else None

    def fetch_value(self):
        key = self.possible_simple_keys.get(self.flow_level)
        if key is None or id(key) not in self._hidden or key.token_number >= self.tokens_taken:
            return super().fetch_value()
        # the key's token was taken already: go-yaml's insertion at a negative
        # position appends KEY (and BLOCK-MAPPING-START) after the queue
        tokens = _pyyaml.tokens
        del self.possible_simple_keys[self.flow_level]
        self.tokens.append(tokens.KeyToken(key.mark, key.mark))
        if not self.flow_level and self.add_indent(key.column):
            self.tokens.append(tokens.BlockMappingStartToken(key.mark, key.mark))
        self.allow_simple_key = not self.flow_level
        start_mark = self.get_mark()
        self.forward()
        self.tokens.append(tokens.ValueToken(start_mark, self.get_mark()))

    def scan_directive_name(self, start_mark):
        name = super().scan_directive_name(start_mark)
        if name not in ("YAML", "TAG"):
            raise _pyyaml.scanner.ScannerError(
                "while scanning a directive", start_mark, "found unknown directive name", self.get_mark()
            )
        return name

    def scan_yaml_directive_value(self, start_mark):
        value = super().scan_yaml_directive_value(start_mark)
        if value != (1, 1):
            raise _pyyaml.parser.ParserError(None, None, "found incompatible YAML document", start_mark)
        return value

    def scan_flow_scalar_non_spaces(self, double, start_mark):
        try:
            chunks = super().scan_flow_scalar_non_spaces(double, start_mark)
        except (ValueError, OverflowError):  # chr() of a code point past U+10FFFF
            chunks = ["\ud800"]
        if double and any("\ud800" <= c <= "\udfff" for chunk in chunks for c in chunk):
            raise _pyyaml.scanner.ScannerError(
                "while parsing a quoted scalar", start_mark,
                "found invalid Unicode character escape code", self.get_mark(),
            )
        return chunks


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


import codecs  # noqa: E402

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
    return "map[interface {}]interface {}{" + ", ".join(
        f"{_go_iface(k)}:{_go_iface(x)}" for k, x in v.d.values()
    ) + "}"


def _go_iface(v) -> str:
    return _go_syntax(v)


def _go_quote(s: str) -> str:
    from .strings import go_quote  # Go's strconv.Quote

    return go_quote(s)


# ------------------------------------------------------- sigs.k8s.io + JSON


def _float32_text(f: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 32)."""
    if math.isnan(f):
        return ".nan"
    try:
        f32 = struct.unpack("<f", struct.pack("<f", f))[0]
    except OverflowError:
        f32 = math.inf if f > 0 else -math.inf
    if math.isinf(f32):
        return ".inf" if f32 > 0 else "-.inf"
    for p in range(1, 10):
        s = f"{f32:.{p}g}"
        if struct.unpack("<f", struct.pack("<f", float(s)))[0] == f32:
            return _format_g_digits(s, f32)
    return _format_g_digits(repr(f32), f32)  # pragma: no cover - 9 digits always round-trip


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


def _json_float(f: float) -> str:
    """encoding/json's text of a float64 (its error for NaN and infinities)."""
    if math.isnan(f) or math.isinf(f):
        text = "NaN" if math.isnan(f) else ("+Inf" if f > 0 else "-Inf")
        raise BuiltinError(f"json: unsupported value: {text}")
    if f == 0:
        return "-0" if math.copysign(1, f) < 0 else "0"
    neg, d, dp = _digits(repr(f))
    if abs(f) < 1e-6 or abs(f) >= 1e21:
        out = _fmt_e(neg, d, dp - 1)
        return re.sub(r"e-0([0-9])$", r"e-\1", out)
    return _fmt_f(neg, d, dp)


def _key_text(key, value) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, _Uint):
        raise BuiltinError(
            f"unsupported map key of type: uint64, key: {_go_syntax(key)}, value: {_go_plus_syntax(value)}"
        )
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        return _float32_text(key)
    raise BuiltinError(f"unsupported map key of type: %!s(<nil>), key: <nil>, value: {_go_plus_syntax(value)}")


def _go_plus_syntax(v) -> str:
    """Go's %+#v of a value (interface{} values print without the type)."""
    if v is None:
        return "<nil>"
    return _go_syntax(v)


def _convert(v):
    """sigs.k8s.io's conversion, then the JSON OPA reads back (numbers as their text)."""
    if isinstance(v, _GoMap):
        out = {}
        pairs = list(v.d.values())
        for k, x in pairs:  # key errors first, as the conversion finds them before json.Marshal
            _key_text(k, x)
        for k, x in pairs:
            out[_key_text(k, x)] = x
        return {k: _convert(x) for k, x in sorted(out.items())}
    if isinstance(v, list):
        return [_convert(x) for x in v]
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return int(v)
    return number_of_text(_json_float(v))


def _unmarshal(text: str):
    return deep_call(_unmarshal_deep, text)


def _unmarshal_deep(text: str):
    try:
        root = _first_document(text)
        go = None if root is None else _Decoder().value(root)
    except _Fail as exc:
        raise BuiltinError(f"yaml.unmarshal: yaml: {exc}") from None
    except _pyyaml.YAMLError as exc:
        raise BuiltinError(f"yaml.unmarshal: yaml: {_syntax_text(exc)}") from None
    try:
        return _convert(go)
    except BuiltinError as exc:
        raise BuiltinError(f"yaml.unmarshal: {exc.message}") from None


def _syntax_text(exc) -> str:
    if isinstance(exc, _pyyaml.reader.ReaderError):
        return "control characters are not allowed"
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    problem = _LIBYAML_WORDS.get(problem, problem)
    return f"line {mark.line + 1}: {problem}" if mark is not None else problem


# PyYAML's wording -> libyaml's, for the commonest syntax errors
_LIBYAML_WORDS = {
    "mapping values are not allowed here": "mapping values are not allowed in this context",
}


def yaml_unmarshal(x):
    if x.__class__ is not str:
        raise type_error("yaml.unmarshal", 1, "string", x)
    return _unmarshal(x)


def yaml_is_valid(x):
    if x.__class__ is not str:
        return False
    try:
        _unmarshal(x)
    except BuiltinError:
        return False
    return True


FUNCTIONS = {
    "yaml.unmarshal": (yaml_unmarshal, 1),
    "yaml.is_valid": (yaml_is_valid, 1),
}

"""go-yaml v2's emitter (gopkg.in/yaml.v2 v2.4.0 emitterc.go) for the events
its encoder (yaml_encode.py) makes of the values sigs.k8s.io/yaml's
JSONToYAML hands it: maps with string keys, lists, strings,
int/uint64/float64, bools, nil.

The emitter is libyaml's, ported statement by statement where our events
reach it: block mappings and sequences, ``[]``/``{}`` for empty ones,
``? key`` for keys that are multi-line or longer than 128 bytes, scalar
styles chosen as yaml_emitter_select_scalar_style does (plain, single- or
double-quoted, literal with its indentation and chomping hints), lines folded
at spaces past column 80, and go-yaml's notion of printable characters (no
tab, no character beyond U+FFFF: those are escaped). Columns count
characters, as libyaml's do.
"""

from __future__ import annotations

from .yaml_encode import DOUBLE as _DOUBLE
from .yaml_encode import LITERAL as _LITERAL
from .yaml_encode import PLAIN as _PLAIN
from .yaml_encode import SINGLE as _SINGLE
from .yaml_encode import scalar_of as _scalar_of
from .yaml_encode import sorted_keys

_BEST_INDENT = 2
_BEST_WIDTH = 80
_BREAKS = "\r\n\x85\u2028\u2029"


def _printable(c: str) -> bool:
    o = ord(c)
    return (
        o == 0x0A
        or 0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0xD7FF
        or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)
    )


# ------------------------------------------------------------ emitterc.go


class _Analysis:
    __slots__ = ("value", "multiline", "flow_plain", "block_plain", "single", "block")


def _analyze(value: str) -> _Analysis:
    """yaml_emitter_analyze_scalar (the emitter is in unicode mode)."""
    a = _Analysis()
    a.value = value
    if not value:
        a.multiline, a.flow_plain, a.block_plain, a.single, a.block = False, False, True, True, False
        return a
    block_ind = flow_ind = line_breaks = special = False
    leading_space = leading_break = trailing_space = trailing_break = False
    break_space = space_break = previous_space = previous_break = False
    if value[:3] in ("---", "..."):
        block_ind = flow_ind = True
    preceded_by_ws = True
    n = len(value)
    for i, c in enumerate(value):
        followed_by_ws = i + 1 >= n or value[i + 1] in " \t"
        if i == 0:
            if c in "#,[]{}&*!|>'\"%@`":
                flow_ind = block_ind = True
            elif c in "?:":
                flow_ind = True
                if followed_by_ws:
                    block_ind = True
            elif c == "-" and followed_by_ws:
                flow_ind = block_ind = True
        else:
            if c in ",?[]{}":
                flow_ind = True
            elif c == ":":
                flow_ind = True
                if followed_by_ws:
                    block_ind = True
            elif c == "#" and preceded_by_ws:
                flow_ind = block_ind = True
        if not _printable(c):
            special = True
        if c == " ":
            if i == 0:
                leading_space = True
            if i + 1 == n:
                trailing_space = True
            if previous_break:
                break_space = True
            previous_space, previous_break = True, False
        elif c in _BREAKS:
            line_breaks = True
            if i == 0:
                leading_break = True
            if i + 1 == n:
                trailing_break = True
            if previous_space:
                space_break = True
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
        preceded_by_ws = c in " \t\0" or c in _BREAKS
    a.multiline = line_breaks
    a.flow_plain = a.block_plain = a.single = a.block = True
    if leading_space or leading_break or trailing_space or trailing_break:
        a.flow_plain = a.block_plain = False
    if trailing_space:
        a.block = False
    if break_space:
        a.flow_plain = a.block_plain = a.single = False
    if space_break or special:
        a.flow_plain = a.block_plain = a.single = a.block = False
    if line_breaks:
        a.flow_plain = a.block_plain = False
    if flow_ind:
        a.flow_plain = False
    if block_ind:
        a.block_plain = False
    return a


class Emitter:
    """The emitter's state as libyaml keeps it, driven by ``document(value)``."""

    def __init__(self):
        self.out: list[str] = []
        self.column = 0
        self.indent = -1
        self.indents: list[int] = []
        self.whitespace = True
        self.indention = True
        self.flow_level = 0
        self.mapping_context = False
        self.simple_key_context = False

    # -- output primitives (put, put_break, write, write_break)

    def _put(self, s: str):
        self.out.append(s)
        self.column += len(s)

    def _put_break(self):
        self.out.append("\n")
        self.column = 0

    def _write_break(self, c: str):
        if c == "\n":
            self._put_break()
        else:
            self.out.append(c)
            self.column = 0

    def _increase_indent(self, flow: bool, indentless: bool):
        self.indents.append(self.indent)
        if self.indent < 0:
            self.indent = _BEST_INDENT if flow else 0
        elif not indentless:
            self.indent += _BEST_INDENT

    def _write_indent(self):
        indent = max(self.indent, 0)
        if not self.indention or self.column > indent or (self.column == indent and not self.whitespace):
            self._put_break()
        while self.column < indent:
            self._put(" ")
        self.whitespace = self.indention = True

    def _write_indicator(self, ind: str, need_ws: bool, is_ws: bool, is_indention: bool):
        if need_ws and not self.whitespace:
            self._put(" ")
        self._put(ind)
        self.whitespace = is_ws
        self.indention = self.indention and is_indention

    # -- the document and its nodes

    def document(self, value) -> str:
        self._node(value, mapping=False, simple_key=False)
        self._write_indent()  # document end (implicit: no "...")
        return "".join(self.out)

    def _node(self, value, mapping: bool, simple_key: bool, analysis=None):
        self.mapping_context = mapping
        self.simple_key_context = simple_key
        if isinstance(value, dict):
            self._mapping(value)
        elif isinstance(value, list):
            self._sequence(value)
        else:
            self._scalar(value, analysis)

    def _empty_flow(self, start: str, end: str):
        self._write_indicator(start, True, True, False)
        self._increase_indent(True, False)
        self.indent = self.indents.pop()
        self._write_indicator(end, False, False, False)

    def _sequence(self, items: list):
        if not items:
            return self._empty_flow("[", "]")
        self._increase_indent(False, self.mapping_context and not self.indention)
        for item in items:
            self._write_indent()
            self._write_indicator("-", True, False, True)
            self._node(item, mapping=False, simple_key=False)
        self.indent = self.indents.pop()

    def _mapping(self, m: dict):
        if not m:
            return self._empty_flow("{", "}")
        self._increase_indent(False, False)
        for key in sorted_keys(m):
            value = m[key]
            self._write_indent()
            a = _analyze(key)
            if not a.multiline and len(key.encode("utf-8")) <= 128:  # check_simple_key
                self._node(key, mapping=True, simple_key=True, analysis=a)
                self._write_indicator(":", False, False, False)
            else:
                self._write_indicator("?", True, False, True)
                self._node(key, mapping=True, simple_key=False, analysis=a)
                self._write_indent()
                self._write_indicator(":", True, False, True)
            self._node(value, mapping=True, simple_key=False)
        self.indent = self.indents.pop()

    def _scalar(self, v, analysis=None):
        text, style = _scalar_of(v)
        a = analysis if analysis is not None else _analyze(text)
        style = self._select_style(style, a)
        self._increase_indent(True, False)
        allow_breaks = not self.simple_key_context
        if style == _PLAIN:
            self._write_plain(text, allow_breaks)
        elif style == _SINGLE:
            self._write_single(text, allow_breaks)
        elif style == _DOUBLE:
            self._write_double(text, allow_breaks)
        else:
            self._write_literal(text)
        self.indent = self.indents.pop()

    def _select_style(self, style: str, a: _Analysis) -> str:
        """yaml_emitter_select_scalar_style (implicit scalars, never in flow context)."""
        if self.simple_key_context and a.multiline:
            style = _DOUBLE
        if style == _PLAIN:
            if not a.block_plain:
                style = _SINGLE
            if not a.value and self.simple_key_context:
                style = _SINGLE
        if style == _SINGLE and not a.single:
            style = _DOUBLE
        if style == _LITERAL and (not a.block or self.simple_key_context):
            style = _DOUBLE
        return style

    # -- scalar writers

    def _write_plain(self, value: str, allow_breaks: bool):
        if not self.whitespace:
            self._put(" ")
        spaces = breaks = False
        n = len(value)
        for i, c in enumerate(value):
            if c == " ":
                nxt_space = i + 1 < n and value[i + 1] == " "
                if allow_breaks and not spaces and self.column > _BEST_WIDTH and not nxt_space:
                    self._write_indent()
                else:
                    self._put(c)
                spaces = True
            elif c in _BREAKS:  # (a plain scalar has none: kept for fidelity)
                if not breaks and c == "\n":
                    self._put_break()
                self._write_break(c)
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self._write_indent()
                self._put(c)
                self.indention = False
                spaces = breaks = False
        self.whitespace = self.indention = False

    def _write_single(self, value: str, allow_breaks: bool):
        self._write_indicator("'", True, False, False)
        spaces = breaks = False
        n = len(value)
        for i, c in enumerate(value):
            if c == " ":
                if (
                    allow_breaks
                    and not spaces
                    and self.column > _BEST_WIDTH
                    and 0 < i < n - 1
                    and value[i + 1] != " "
                ):
                    self._write_indent()
                else:
                    self._put(c)
                spaces = True
            elif c in _BREAKS:
                if not breaks and c == "\n":
                    self._put_break()
                self._write_break(c)
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self._write_indent()
                if c == "'":
                    self._put("'")
                self._put(c)
                self.indention = False
                spaces = breaks = False
        self._write_indicator("'", False, False, False)
        self.whitespace = self.indention = False

    def _write_double(self, value: str, allow_breaks: bool):
        spaces = False
        self._write_indicator('"', True, False, False)
        bom = value.startswith("\ufeff")  # is_bom looks at the value's first bytes, whatever i
        n = len(value)
        for i, c in enumerate(value):
            if not _printable(c) or bom or c in _BREAKS or c == '"' or c == "\\":
                self._put(_escape(c))
                spaces = False
            elif c == " ":
                if allow_breaks and not spaces and self.column > _BEST_WIDTH and 0 < i < n - 1:
                    self._write_indent()
                    if value[i + 1] == " ":
                        self._put("\\")
                else:
                    self._put(c)
                spaces = True
            else:
                self._put(c)
                spaces = False
        self._write_indicator('"', False, False, False)
        self.whitespace = self.indention = False

    def _write_literal(self, value: str):
        self._write_indicator("|", True, False, False)
        # yaml_emitter_write_block_scalar_hints
        if value[:1] == " " or value[:1] in _BREAKS and value:
            self._write_indicator(str(_BEST_INDENT), False, False, False)
        chomp = ""
        if not value or value[-1] not in _BREAKS:
            chomp = "-"
        elif len(value) == 1 or value[-2] in _BREAKS:
            chomp = "+"
        if chomp:
            self._write_indicator(chomp, False, False, False)
        self._put_break()
        self.indention = self.whitespace = True
        breaks = True
        for c in value:
            if c in _BREAKS:
                self._write_break(c)
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self._write_indent()
                self._put(c)
                self.indention = False
                breaks = False


_ESCAPES = {
    0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r",
    0x1B: "e", 0x22: '"', 0x5C: "\\", 0x85: "N", 0xA0: "_", 0x2028: "L", 0x2029: "P",
}  # fmt: skip


def _escape(c: str) -> str:
    v = ord(c)
    short = _ESCAPES.get(v)
    if short is not None:
        return "\\" + short
    if v <= 0xFF:
        return f"\\x{v:02X}"
    if v <= 0xFFFF:
        return f"\\u{v:04X}"
    return f"\\U{v:08X}"


def emit(value) -> str:
    """yaml.Marshal of a Go value (dict with str keys, list, str, int, _Uint, float, bool, None)."""
    return Emitter().document(value)


__all__ = ["emit"]

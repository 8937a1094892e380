"""yaml.marshal as OPA 1.20 computes it.

OPA writes the value as JSON (encoding/json: keys sorted, non-string keys as
their JSON text, sets as sorted arrays, ``<>&`` and U+2028/U+2029 escaped,
numbers as their text), then sigs.k8s.io/yaml's JSONToYAML reads that one
line of JSON with go-yaml v2 and marshals what it read (yaml_emit.py). The
reading is not neutral, and is followed here:

- numbers are resolved as plain YAML scalars: int64, then uint64, then
  float64 (``1.0`` is written ``1``, ``1e3`` ``1000``, ``1e400`` stays text);
- a raw U+0085 (NEL, which Go's JSON does not escape) is a line break inside a
  double-quoted scalar: folded to a space (spaces before it dropped, spaces
  after it skipped; two in a row keep a newline), and a line starting with
  ``---``/``...`` and a blank after a NEL is "found unexpected document
  indicator";
- a key is a simple key, which go-yaml gives up on past 1024 characters of
  JSON text or across a line (a NEL): "did not find expected ',' or '}'";
- U+007F-U+009F (but NEL), U+FFFE and U+FFFF are "control characters are not
  allowed", found by go-yaml's reader a 512-byte chunk of input at a time, so
  before a later error the scanner has not reached yet.

Error lines are go-yaml's: a scanner error's line counts from 1, a parser
error's from 0 (and is left out when 0), the lines being the NELs before.
"""

from __future__ import annotations

import json
import re

from ..deep import deep_call
from ..errors import BuiltinError
from ..values import Num, Set, sorted_values
from . import jsonb
from .yaml_emit import emit
from .yaml_resolve import _STR, _resolve

_CHUNK = 512  # go-yaml's input_raw_buffer_size: what the reader decodes (and checks) at once
_SIMPLE_KEY_MAX = 1024


# not allowed by go-yaml's reader, and not escaped by Go's JSON encoder
_CONTROL = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _utf8_len(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


class _Fail(Exception):
    def __init__(self, pos: int, message: str):
        self.pos = pos  # byte offset in the JSON text where the scanner stood (it read 4 characters on)
        self.message = message


class _Reader:
    """Walks the value in the order of its JSON text, keeping go-yaml's line
    (the NELs read) and the byte offset in the text."""

    def __init__(self):
        self.pos = 0
        self.lines = 0

    def text(self, s: str):
        """Advance over JSON text without strings in it."""
        self.pos += len(s)

    def value(self, v):
        c = v.__class__
        if c is str:
            return self.string(v)[0]
        if v is None or c is bool:
            self.text("null" if v is None else "true" if v else "false")
            return v
        if c is int or c is float or c is Num:
            try:
                t = jsonb.number_text(v)
            except BuiltinError as exc:
                raise BuiltinError("yaml.marshal: " + exc.message.split(": ", 1)[-1]) from None
            self.text(t)
            tag, out = _resolve("", t)
            return t if tag == _STR else out
        if c is list or c is Set:
            items = v if c is list else sorted_values(v)
            self.text("[")
            out = []
            for i, x in enumerate(items):
                if i:
                    self.text(",")
                out.append(self.value(x))
            self.text("]")
            return out
        if c is dict:
            self.text("{")
            out = {}
            for i, (k, x) in enumerate(jsonb._sorted_obj(v)):
                if i:
                    self.text(",")
                key, chars, lines = self.string(k)
                if chars > _SIMPLE_KEY_MAX or lines:
                    # the ':' is a VALUE token without its KEY: a parser error at the ':'
                    where = f"line {self.lines}: " if self.lines else ""
                    raise _Fail(self.pos, f"yaml: {where}did not find expected ',' or '}}'")
                self.text(":")
                out[key] = self.value(x)
            self.text("}")
            return out
        raise BuiltinError(f"yaml.marshal: cannot marshal {type(v).__name__}")

    def string(self, s: str):
        """(what go-yaml reads of the JSON string, its JSON length in characters, NELs in it)."""
        q = jsonb._str(s)  # Go's JSON text (lone surrogates become U+FFFD)
        if "\x85" not in q:
            self.pos += _utf8_len(q)
            return json.loads(q), len(q), 0
        return self._folded(q)

    def _folded(self, q: str):
        """go-yaml's double-quoted scalar scan over a raw NEL (the only raw line break)."""
        out: list[str] = []
        start_lines = self.lines
        # the raw characters of the JSON text, each with its decoded text (escapes decoded)
        raw = _json_chars(q[1:-1])
        i, n = 0, len(raw)
        pos = self.pos + 1
        after_break = False
        while True:
            if after_break and i + 3 < n + 1:
                head = "".join(r for r, _ in raw[i : i + 3])
                nxt = raw[i + 3][0] if i + 3 < n else '"'
                if head in ("---", "...") and nxt in (" ", "\x85"):
                    raise _Fail(pos, f"yaml: line {self.lines + 1}: found unexpected document indicator")
            after_break = False
            while i < n and raw[i][0] not in (" ", "\x85"):
                out.append(raw[i][1])
                pos += _utf8_len(raw[i][0])
                i += 1
            if i == n:
                break
            whitespaces, leading_break, trailing, leading_blanks = [], "", [], False
            while i < n and raw[i][0] in (" ", "\x85"):
                if raw[i][0] == " ":
                    if not leading_blanks:
                        whitespaces.append(" ")
                    after_break = False
                else:
                    self.lines += 1
                    if not leading_blanks:
                        whitespaces = []
                        leading_break, leading_blanks = "\n", True
                    else:
                        trailing.append("\n")
                    after_break = True
                pos += _utf8_len(raw[i][0])
                i += 1
            if leading_blanks:
                out.append(" " if leading_break and not trailing else "".join(trailing))
            else:
                out.extend(whitespaces)
        self.pos += _utf8_len(q)
        return "".join(out), len(q), self.lines - start_lines


def _json_chars(body: str) -> list[tuple[str, str]]:
    """The characters of a JSON string body: (raw text, decoded text) each, an escape as one."""
    out = []
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c == "\\":
            if body[i + 1] == "u":
                out.append((body[i : i + 6], chr(int(body[i + 2 : i + 6], 16))))
                i += 6
            else:
                out.append((body[i : i + 2], _SHORT[body[i + 1]]))
                i += 2
        else:
            out.append((c, c))
            i += 1
    return out


_SHORT = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "/": "/"}


def _marshal(v) -> str:
    text = jsonb._compact(v) + "\n"  # json.Encoder's text, as JSONToYAML gets it
    control = _CONTROL.search(text)
    try:
        go = _Reader().value(v)
    except _Fail as exc:
        if control is None or _chunk(_utf8_len(text[: control.end()])) > _chunk(_read_to(text, exc.pos)):
            raise BuiltinError("yaml.marshal: " + exc.message) from None
        go = None
    if control is not None:
        raise BuiltinError("yaml.marshal: yaml: control characters are not allowed")
    return emit(go)


def _read_to(text: str, pos: int) -> int:
    """The byte offset past the 4 characters from byte ``pos`` (the scanner's look-ahead)."""
    b = text.encode("utf-8")
    for _ in range(4):
        if pos >= len(b):
            return len(b)
        lead = b[pos]
        pos += 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return pos


def _chunk(end: int) -> int:
    """The reader's chunk holding the byte before offset ``end``."""
    return (end - 1) // _CHUNK


def yaml_marshal(x):
    return deep_call(_marshal, x)

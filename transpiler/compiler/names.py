"""Everything from a Rego source that reaches generated Python passes here.

Two jobs, each with one implementation:

- *Identifiers.* ``escape`` maps any string one-to-one onto Python
  identifiers. A name that is already a plain identifier (ASCII, starting with
  a letter, or ``__rego_*__``; not a keyword; without the marker ``__x``) is
  kept; any other is written with every character that is not an ASCII letter
  or digit as  ``__x<hex>_`` (``TRC-1`` -> ``TRC__x2d_1``, ``_x`` -> ``__x5f_x``), with the
  prefix ``__x_`` when that would still not be an identifier (``1a``,
  ``True``). So escaped names always contain ``__x`` and plain ones never do,
  and no result starts with ``_`` followed by a letter (the generated code's
  own names and the runtime's) or is a dunder (Python's names).
  Paths of several segments are joined with ``__xp_``, which no segment holds.
- *Text.* ``py_text`` makes any text safe inside a comment, a docstring or a
  string literal (printable ASCII, no quote, no backslash left unescaped, no
  line break); ``py_str`` is a string literal (``repr``). Templates can only
  print ``Code`` (see ``rules.render``): text has to come through here.
"""

from __future__ import annotations

import json
import keyword
import re

# plain names start with a letter; ``__rego_*__`` (Tracee's ``__rego_metadoc__``)
# is kept too: Python defines no dunder of that form
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z|__rego_[A-Za-z0-9_]*__\Z")
_ALNUM = re.compile(r"[A-Za-z0-9]")
SEP = "__xp_"  # between the segments of a path


class Code(str):
    """Python source the generator made itself (never raw text from a source)."""

    __slots__ = ()


def is_plain(name: str) -> bool:
    return bool(_PLAIN.match(name)) and "__x" not in name and not keyword.iskeyword(name)


def escape(name: str) -> str:
    """A Python identifier made from any string, one-to-one (see the module doc)."""
    if is_plain(name):
        return name
    body = "".join(ch if ch.isascii() and ch.isalnum() else f"__x{ord(ch):x}_" for ch in name)
    if not body or body[0].isdigit() or keyword.iskeyword(body):
        body = "__x_" + body
    return body


def unescape(ident: str) -> str:
    """The string ``escape`` made ``ident`` from (for tests and messages)."""
    if "__x" not in ident:
        return ident
    if ident.startswith("__x_"):
        ident = ident[4:]
    return re.sub(r"__x([0-9a-f]+)_", lambda m: chr(int(m.group(1), 16)), ident)


def path_ident(segments) -> str:
    """One identifier for a path of names, one-to-one."""
    return SEP.join(escape(s) for s in segments)


def var_name(name: str) -> str:
    """The Python local of a Rego variable. The parser's own variables
    (``$wild0``, ``$dyn1``...) get two leading underscores, the user's one."""
    if name.startswith("$"):
        return "__" + escape(name[1:]) + "_"
    return "_" + escape(name) + "_"


def rule_func_name(segments: tuple[str, ...]) -> str:
    """The function of a rule (or document node) at ``segments`` below its package."""
    return path_ident(segments)


def module_name(package: tuple[str, ...]) -> str:
    return ".".join(escape(s) for s in package)


def ref_text(path) -> str:
    """A package path as Rego writes it, one-to-one: ``tracee.TRC_1``,
    ``tracee["TRC-1"]``. Used as the key of a package in generated code."""
    out = []
    for i, seg in enumerate(path):
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", seg):
            out.append(("." if i else "") + seg)
        else:
            out.append("[" + json.dumps(seg, ensure_ascii=False) + "]")
    return "".join(out)


_TEXT_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# printable ASCII but for the escaped characters: written as it is
_PLAIN_TEXT = re.compile(r'[ !#-\[\]-~]*')


def py_text(text) -> Code:
    """``text`` written with printable ASCII only, every other character (and
    double quotes and backslashes) escaped as in a Python string: safe in a
    comment, a string literal in double quotes and a docstring; it cannot start
    a new line."""
    text = str(text)
    if _PLAIN_TEXT.fullmatch(text):
        return Code(text)
    out = []
    for ch in text:
        if ch in _TEXT_ESC:
            out.append(_TEXT_ESC[ch])
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            o = ord(ch)
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}")
    return Code("".join(out))


def py_str(value) -> Code:
    """A Python literal of a string (or of a tuple of strings, numbers...)."""
    return Code(repr(value))


def ident(name) -> Code:
    """``name`` checked to be an identifier the generator made."""
    name = str(name)
    if not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
        raise ValueError(f"not a generated identifier: {name!r}")
    return Code(name)

"""Print a Rego AST back as Rego source, in one canonical layout.

``format_module(mod, v1=True)`` prints a module; with ``v1=True`` a v0
module is rewritten to v1 syntax the way ``opa fmt --v0-v1`` does it:

- ``import rego.v1`` is added (the ``future.keywords`` imports are kept: they
  are harmless in v1);
- rule bodies get ``if``; ``p[x] { }`` partial sets become
  ``p contains x if { }``;
- v0 partial object rules ``p[k] = v { }`` become ``p[k] := v if { }``;
  other heads keep their operator (``p = x`` is still allowed in v1, and
  means the same).

With ``v1=False`` a module is printed in its own syntax (a v0 module stays
v0). Printing the output again gives the same bytes, and parsing it gives
the same AST (positions aside; for a v0 module printed as v1, up to the
rewrites above).

Layout, as ``opa fmt``'s where known (README, "Checking against OPA"):
``package``, imports (grouped as written, sorted within a group), then the
rules separated by blank lines; bodies one statement per line, indented
with tabs, a one-statement body written on its head's line kept there;
a blank line after a comment kept (one);
composites and comprehension bodies read from a source keep their line
breaks (items begun on one line stay together; no line width); raw strings
stay raw when the source is given. A composite without positions (built,
not read) that does not fit in WIDTH is split one item per line with
trailing commas.
Comments are not in the AST: give the source's comments
(``comments(text)``) to keep them; they are put back before the statement
(or after the line) they stood at.

Operators are printed with the fewest parentheses that keep the tree:
``in`` < ``== != < <= > >=`` < ``|`` < ``&`` < ``+ -`` < ``* / %``, all
left-associative.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from . import ast
from .ast import (
    Array, ArrayCompr, Assign, Call, Every, Literal, Membership, Object, ObjectCompr, Ref,
    Scalar, SetCompr, SetTerm, SomeDecl, SomeIn, TemplateString, Unify, Var,
)

__all__ = [
    "format_module", "format_body", "format_term", "format_rule", "comments", "Comment",
    "to_v1", "WIDTH", "format_package",
]

WIDTH = 100  # composite values longer than this (with indentation) are split
TAB = "\t"

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
KEYWORDS = {
    "as", "contains", "default", "else", "every", "false", "if", "import", "in", "not",
    "null", "package", "some", "true", "with",
}

_INFIX = {
    "plus": ("+", 5), "minus": ("-", 5), "mul": ("*", 6), "div": ("/", 6), "rem": ("%", 6),
    "or": ("|", 3), "and": ("&", 4),
    "equal": ("==", 2), "neq": ("!=", 2), "lt": ("<", 2), "lte": ("<=", 2),
    "gt": (">", 2), "gte": (">=", 2),
}
_MEMBERSHIP_LEVEL = 1
_ATOM_LEVEL = 9


# ------------------------------------------------------------------ comments


@dataclass(frozen=True)
class Comment:
    """A ``#`` comment of the source: its line, its text (from ``#``) and
    whether code precedes it on its line."""

    line: int
    text: str
    trailing: bool


def comments(text: str) -> list[Comment]:
    """The comments of a Rego source (strings and raw strings skipped)."""
    out: list[Comment] = []
    i, n, line = 0, len(text), 1
    code_on_line = False
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            code_on_line = False
            i += 1
        elif c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(Comment(line, text[i:j].rstrip(), code_on_line))
            i = j
        elif c == '"' or (c == "$" and text.startswith('$"', i)):
            i += 2 if c == "$" else 1
            while i < n and text[i] not in '"\n':
                i += 2 if text[i] == "\\" else 1
            i += 1
            code_on_line = True
        elif c == "`" or (c == "$" and text.startswith("$`", i)):
            i += 2 if c == "$" else 1
            j = text.find("`", i)
            j = n if j < 0 else j
            line += text.count("\n", i, j)
            i = j + 1
            code_on_line = True
        else:
            if not c.isspace():
                code_on_line = True
            i += 1
    return out


# --------------------------------------------------------------------- terms


def _name(v: Var) -> str:
    return "_" if v.name.startswith("$wild") else v.name


def _string(s: str) -> str:
    """A string literal: raw (backquoted) when that spares escapes."""
    if "\\" in s and "`" not in s and not any(ord(ch) < 0x20 or ch == "\x7f" for ch in s):
        return "`" + s + "`"
    return json.dumps(s, ensure_ascii=False)


def _scalar(x: Scalar) -> str:
    v = x.value
    if isinstance(v, str):
        return _string(v)
    if x.text is not None:
        return x.text
    if v is None or isinstance(v, bool):
        return json.dumps(v)
    return repr(v) if isinstance(v, float) else str(v)


def _level(x) -> int:
    if isinstance(x, Call) and len(x.name) == 1 and x.name[0] in _INFIX and len(x.args) == 2:
        return _INFIX[x.name[0]][1]
    if isinstance(x, Membership):
        return _MEMBERSHIP_LEVEL
    return _ATOM_LEVEL


class _Printer:
    def __init__(self, v1: bool = True, source: str | None = None):
        self.v1 = v1
        # the source's lines, when printing a module read from it: a raw
        # string stays raw, as OPA's formatter keeps it
        self.source = source.splitlines() if source is not None else None

    # -- terms ---------------------------------------------------------------

    def term(self, x, top: bool = False, depth: int | None = None) -> str:
        """``x`` as Rego. ``top``: x stands alone (a statement, a value), so a
        membership or an infix expression needs no parentheses. ``depth``:
        the indentation of the line, when a composite may be split over
        lines (None: keep it on one line)."""
        if isinstance(x, Scalar):
            if isinstance(x.value, str) and self._written_raw(x):
                return "`" + x.value + "`"
            return _scalar(x)
        if isinstance(x, Var):
            return _name(x)
        if isinstance(x, Ref):
            return self.ref(x)
        if isinstance(x, (Array, SetTerm, Object)):
            return self.composite(x, depth)
        # a comprehension's head keeps the parentheses of an infix expression:
        # OPA takes the "|" of `[x * 2 | ...]` for set union (and rejects it)
        if isinstance(x, ArrayCompr):
            return f"[{self.term(x.term)} |{self.compr_body(x.body, x.term, depth)}]"
        if isinstance(x, SetCompr):
            return f"{{{self.term(x.term)} |{self.compr_body(x.body, x.term, depth)}}}"
        if isinstance(x, ObjectCompr):
            return f"{{{self.term(x.key)}: {self.term(x.value)} |{self.compr_body(x.body, x.key, depth)}}}"
        if isinstance(x, Call):
            return self.call(x, top, depth)
        if isinstance(x, Membership):
            s = f"{self.operand(x.value, _MEMBERSHIP_LEVEL, False)} in {self.operand(x.collection, _MEMBERSHIP_LEVEL, True, self._inner(depth))}"
            if x.key is not None:
                s = f"{self.operand(x.key, _MEMBERSHIP_LEVEL, False)}, {s}"
            return s if top else f"({s})"
        if isinstance(x, TemplateString):
            return self.template(x)
        raise TypeError(f"not a Rego term: {x!r}")

    def ref(self, x: Ref, plain: bool = False) -> str:
        """``plain``: keywords after a dot too (import paths)."""
        s = self.term(x.head)
        if _level(x.head) != _ATOM_LEVEL or (isinstance(x.head, Call) and x.head.name == ("neg",)):
            s = f"({self.term(x.head, True)})"
        for p in x.path:
            if isinstance(p, Scalar) and isinstance(p.value, str) and _IDENT.match(p.value) and (plain or p.value not in KEYWORDS):
                s += "." + p.value
            else:
                s += "[" + self.term(p, True) + "]"
        return s

    def _inner(self, depth: int | None) -> int | None:
        """The depth for a composite inside an operand, argument or ``with``
        value: it keeps its source's line breaks when printing a source;
        else it stays on one line."""
        return depth if self.source is not None else None

    def _written_raw(self, x: Scalar) -> bool:
        p = x.pos
        if self.source is None or not p.line or p.line > len(self.source) or "`" in x.value:
            return False
        line = self.source[p.line - 1]
        return 0 < p.col <= len(line) and line[p.col - 1] == "`"

    def compr_body(self, body, head, depth: int | None) -> str:
        """A comprehension's body: on one line (``; ``), or, when written
        over several lines, as OPA's formatter keeps it: the statements that
        began on one line stay together, each such line on its own line."""
        if depth is None or self.source is None or not head.pos.line or not all(lit.pos.line for lit in body):
            return " " + self.inline_body(body)
        groups: list[list] = [[]]
        last = head.pos.line
        for i, lit in enumerate(body):
            if i > 0 and lit.pos.line > last:
                groups.append([])
            last = lit.pos.line
            groups[-1].append(lit)
        if len(groups) == 1:
            return " " + self.inline_body(body)
        inner = TAB * (depth + 1)
        lines = ["; ".join(self.literal_inline(lit) for lit in g) for g in groups]
        return "\n" + "".join(f"{inner}{line}\n" for line in lines) + TAB * depth

    def call(self, x: Call, top: bool, depth: int | None = None) -> str:
        if len(x.name) == 1 and x.name[0] in _INFIX and len(x.args) == 2:
            op, level = _INFIX[x.name[0]]
            d = self._inner(depth)
            s = f"{self.operand(x.args[0], level, False, d)} {op} {self.operand(x.args[1], level, True, d)}"
            return s if top else f"({s})"
        if x.name == ("neg",) and len(x.args) == 1:
            arg = x.args[0]
            inner = self.term(arg, True)
            if _level(arg) != _ATOM_LEVEL or inner.startswith("-"):
                inner = f"({inner})"
            return "-" + inner
        return ".".join(x.name) + "(" + ", ".join(self.item(a, self._inner(depth)) for a in x.args) + ")"

    def item(self, x, depth: int | None = None) -> str:
        """An element of a comma-separated list (array, set, object key or
        value, call argument). ``x in xs`` needs no parentheses there: OPA's
        parser reads an item's ``in`` with one operand on its left, and its
        formatter writes an item as a plain term (``{"k": x in xs}``). A
        ``k, v in xs`` keeps them (without, it would read as two items)."""
        return self.term(x, not (isinstance(x, Membership) and x.key is not None), depth)

    def operand(self, x, level: int, right: bool, depth: int | None = None) -> str:
        """An operand of an infix operator of precedence ``level``."""
        lv = _level(x)
        s = self.term(x, True, depth)
        if lv < level or (right and lv == level) or (lv == _MEMBERSHIP_LEVEL and level == lv):
            return f"({s})"
        return s

    def composite(self, x, depth: int | None) -> str:
        if isinstance(x, SetTerm) and not x.items:
            return "set()"
        rows = _item_rows(x) if depth is not None and x.items and self.source is not None else None
        if rows is not None:
            return self._as_written(x, rows, depth, *(("[", "]") if isinstance(x, Array) else ("{", "}")))
        if isinstance(x, Object):
            if depth is None:
                items = [f"{self.item(k)}: {self.item(v)}" for k, v in x.items]
            else:
                items = [f"{self.item(k)}: {self.item(v, depth + 1)}" for k, v in x.items]
            open_, close = "{", "}"
        else:
            items = [self.item(i, None if depth is None else depth + 1) for i in x.items]
            open_, close = ("[", "]") if isinstance(x, Array) else ("{", "}")
            if isinstance(x, SetTerm) and not items:
                return "set()"
        flat = open_ + ", ".join(items) + close
        if depth is None or not items:
            return flat
        if "\n" not in flat and len(flat) + 4 * depth <= WIDTH:
            return flat
        inner = TAB * (depth + 1)
        return open_ + "\n" + "".join(f"{inner}{i},\n" for i in items) + TAB * depth + close

    def _as_written(self, x, rows: list[int], depth: int, open_: str, close: str) -> str:
        """A composite read from a source keeps its line breaks, as OPA's
        formatter does: items that began on one line stay on one line, each
        such line on its own line, with a trailing comma; a composite
        written on one line stays on one line, however long."""
        groups: list[list] = [[]]
        last = x.pos.line
        for i, (item, row) in enumerate(zip(x.items, rows)):
            if i > 0 and row > last:
                groups.append([])
            last = row
            groups[-1].append(item)
        inner = depth if len(groups) == 1 else depth + 1

        def text(item) -> str:
            if isinstance(x, Object):
                k, v = item
                return f"{self.item(k)}: {self.item(v, inner)}"
            return self.item(item, inner)

        lines = [", ".join(text(i) for i in g) for g in groups]
        if len(groups) == 1:
            return open_ + lines[0] + close
        return open_ + "\n" + "".join(f"{TAB * inner}{line},\n" for line in lines) + TAB * depth + close

    def template(self, x: TemplateString) -> str:
        out = []
        for p in x.parts:
            if isinstance(p, str):
                out.append(json.dumps(p, ensure_ascii=False)[1:-1].replace("{", "\\{"))
            elif isinstance(p, Literal):
                out.append("{" + self.literal_inline(p) + "}")
            else:
                out.append("{" + self.term(p, True) + "}")
        return '$"' + "".join(out) + '"'

    # -- expressions and bodies ------------------------------------------------

    def expr(self, e, depth: int | None) -> str:
        if isinstance(e, Assign):
            return f"{self.term(e.left)} := {self.term(e.right, True, depth)}"
        if isinstance(e, Unify):
            return f"{self.term(e.left)} = {self.term(e.right, True, depth)}"
        if isinstance(e, SomeDecl):
            return "some " + ", ".join(_name(v) for v in e.names)
        if isinstance(e, SomeIn):
            k = f"{self.term(e.key)}, " if e.key is not None else ""
            return f"some {k}{self.term(e.value)} in {self.term(e.collection, True, self._inner(depth))}"
        if isinstance(e, Every):
            k = f"{self.term(e.key)}, " if e.key is not None else ""
            head = f"every {k}{self.term(e.value)} in {self.term(e.domain, True)}"
            if depth is None:
                return f"{head} {{ {self.inline_body(e.body)} }}"
            lines = [head + " {"]
            for text, _ in self.body_lines(e.body, depth + 1):
                lines.append(text)
            lines.append(TAB * depth + "}")
            return "\n".join(lines)
        return self.term(e, True, depth)

    def withs(self, lit: Literal, depth: int | None = None) -> str:
        return "".join(f" with {self.term(w.target)} as {self.term(w.value, True, self._inner(depth))}" for w in lit.withs)

    def literal_inline(self, lit: Literal) -> str:
        return ("not " if lit.negated else "") + self.expr(lit.expr, None) + self.withs(lit)

    def inline_body(self, body) -> str:
        return "; ".join(self.literal_inline(x) for x in body)

    def body_lines(self, body, depth: int) -> list[tuple[str, int | None]]:
        """The statements of a body, one a line: (text with indentation, source line)."""
        out = []
        for lit in body:
            text = self.expr(lit.expr, depth)
            if text.startswith("-"):
                # a line starting with "-" would continue the previous one (x - 1)
                text = f"({text})"
            text = ("not " if lit.negated else "") + text + self.withs(lit, depth)
            out.append((TAB * depth + text, lit.pos.line or None))
        return out

    # -- rules -----------------------------------------------------------------

    def head(self, r: ast.Rule) -> str:
        s = self.ref(r.ref)
        if r.args is not None:
            s += "(" + ", ".join(self.term(a, True) for a in r.args) + ")"
        return s

    def _op(self, r: ast.Rule) -> str:
        return ":=" if r.assign else "="

    def rule_lines(self, r: ast.Rule) -> list[tuple[str, int | None]]:
        head = self.head(r)
        if r.default:
            return [(f"default {head} {self._op(r)} {self.term(r.value, True, 0)}", r.pos.line or None)]
        if r.kind == "set":
            if self.v1:
                first = f"{head} contains {self.term(r.key, True)}"
            else:
                first = f"{head}[{self.term(r.key, True)}]"
        else:
            first = head + self.value_part(r, r.value)
        lines: list[tuple[str, int | None]] = []
        self._with_body(lines, first, r, r.pos.line or None)
        e = r.else_
        while e is not None:
            text, line = lines.pop()
            clause = f"else {self._op(e)} {self.term(e.value, True, 0)}"
            self._with_body(lines, f"{text} {clause}", e, line if text != "}" else e.pos.line or None, True)
            e = e.else_
        return lines

    def value_part(self, r: ast.Rule, value) -> str:
        """`` := v``, `` = v``, or nothing for ``p if`` (value true, no op)."""
        implicit = (
            isinstance(value, Scalar) and value.value is True and value.text is None
            and not r.assign and r.kind in ("complete", "function")
        )
        if implicit and (not r.ref.path or r.kind == "function") and r.body:
            return ""
        return f" {self._op(r)} {self.term(value, True, 0)}"

    def _with_body(self, lines, first: str, r: ast.Rule, line, else_: bool = False) -> None:
        if not r.body:
            lines.append((first, line))
            return
        if (self.v1 and self.source is not None and r.else_ is None and not else_ and len(r.body) == 1
                and r.body[0].pos.line and r.body[0].pos.line == r.pos.line):
            # one statement written on the head's line stays there, as OPA's formatter keeps it
            lines.append((f"{first} if {self.body_lines(r.body, 0)[0][0]}", line))
            return
        kw = " if {" if self.v1 else " {"
        lines.append((first + kw, line))
        lines.extend(self.body_lines(r.body, 1))
        lines.append(("}", None))

    def module_lines(self, m: ast.Module) -> list[tuple[str, int | None]]:
        out: list[tuple[str, int | None]] = [("package " + _package(m.package), m.pos.line or None)]
        imports = list(m.imports)
        if self.v1 and m.v0 and not any(_is_rego_v1(i) for i in imports):
            imports.append(ast.Import(Ref(Var("rego"), (Scalar("v1"),))))
        for group in _import_groups(imports) if self.source is not None else [imports] if imports else []:
            out.append(("", None))
            for i in group:
                alias = f" as {i.alias}" if i.alias else ""
                out.append((f"import {self.ref(i.path, plain=True)}{alias}", i.pos.line or None))
        for r in m.rules:
            out.append(("", None))
            out.extend(self.rule_lines(r))
        return out


def _item_rows(x) -> list[int] | None:
    """The source line of each item of a composite (an object item: its
    key's), or None when the composite was not read from a source."""
    if not x.pos.line:
        return None
    rows = [(i[0] if isinstance(x, Object) else i).pos.line for i in x.items]
    return rows if all(rows) else None


def _import_groups(imports) -> list[list[ast.Import]]:
    """Imports as OPA's formatter writes them: runs of imports on adjacent
    lines form a group (an import made by the formatter, without a line,
    joins the first group), each group sorted by path then alias, groups
    separated by a blank line."""
    imports = sorted(imports, key=lambda i: i.pos.line > 0)  # made ones first (stable)
    groups: list[list[ast.Import]] = []
    for i in imports:
        if groups and not (i.pos.line and groups[-1][-1].pos.line and i.pos.line - groups[-1][-1].pos.line > 1):
            groups[-1].append(i)
        else:
            groups.append([i])
    return [sorted(g, key=_import_key) for g in groups]


def _import_key(i: ast.Import):
    parts = [i.path.head.name if isinstance(i.path.head, Var) else ""]
    for p in i.path.path:
        parts.append(p.value if isinstance(p, Scalar) and isinstance(p.value, str) else format_term(p))
    return (parts, i.alias or "")


def _package(path: tuple[str, ...]) -> str:
    out = path[0]
    for s in path[1:]:
        out += "." + s if _IDENT.match(s) and s not in KEYWORDS else "[" + json.dumps(s) + "]"
    return out


def _is_rego_v1(i: ast.Import) -> bool:
    p = i.path
    return isinstance(p.head, Var) and p.head.name == "rego" and p.path == (Scalar("v1"),)


# ------------------------------------------------------------------ public API


def to_v1(m: ast.Module) -> ast.Module:
    """The AST that the v1 output of a v0 module parses to: partial object
    rules ``p[k] = v`` become ``p[k] := v``, ``import rego.v1`` is added."""
    if not m.v0:
        return m

    def rule(r: ast.Rule) -> ast.Rule:
        if r.kind == "complete" and r.ref.path and not r.default and not r.assign:
            r = replace(r, assign=True)
            if r.else_ is not None:
                r = replace(r, else_=rule(r.else_))
        return r

    imports = m.imports
    if not any(_is_rego_v1(i) for i in imports):
        imports = imports + (ast.Import(Ref(Var("rego"), (Scalar("v1"),))),)
    return replace(m, rules=tuple(rule(r) for r in m.rules), imports=imports, v0=False)


def format_module(mod: ast.Module, v1: bool = True, comments_: list[Comment] | None = None,
                  source: str | None = None) -> str:
    """The module as Rego source (v1 syntax when ``v1``, else its own
    syntax), with ``comments_`` (from :func:`comments`) put back;
    ``source``, the text ``mod`` was parsed from, keeps raw strings raw."""
    if v1 or not mod.v0:
        mod = to_v1(mod)
        printer = _Printer(True, source)
    else:
        printer = _Printer(False, source)
    lines = printer.module_lines(mod)
    if comments_:
        lines = _place_comments(lines, comments_)
    text = "\n".join(t for t, _ in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def format_rule(rule: ast.Rule, v1: bool = True) -> str:
    return "\n".join(t for t, _ in _Printer(v1).rule_lines(rule)) + "\n"


def format_body(body, sep: str = "; ") -> str:
    """A body (or query) on one line, statements separated by ``sep``."""
    p = _Printer(True)
    return sep.join(p.literal_inline(x) for x in body)


def format_package(path: tuple[str, ...]) -> str:
    """A package path (``Module.package``) as written after ``package``."""
    return _package(path)


def format_term(term) -> str:
    return _Printer(True).term(term, True)


def _place_comments(lines, cmts: list[Comment]):
    """Put each comment before the first line that comes from a later
    source line (with that line's indentation), or at the end of the line
    it trailed."""
    tagged = {l for _, l in lines if l is not None}
    trailing: dict[int, list[Comment]] = {}
    own = []
    for c in sorted(cmts, key=lambda c: c.line):
        if c.trailing and c.line in tagged:
            trailing.setdefault(c.line, []).append(c)
        else:
            own.append(c)
    out = []
    k = 0
    for text, line in lines:
        if line is not None:
            indent = text[: len(text) - len(text.lstrip(TAB))]
            run = []
            while k < len(own) and own[k].line <= line:
                run.append(own[k])
                k += 1
            _comment_run(out, run, indent)
            if run and line - run[-1].line > 1:
                out.append(("", None))
            if line in trailing:
                first, nl, rest = text.partition("\n")
                text = first + " " + " ".join(c.text for c in trailing.pop(line)) + nl + rest
        out.append((text, line))
    if k < len(own):
        out.append(("", None))
        _comment_run(out, own[k:], "")
    return out


def _comment_run(out, run: list[Comment], indent: str) -> None:
    """Comments on lines of their own, as OPA's formatter writes them: a
    blank line between two of them stays (one), and so does one between the
    last and the statement after it (the caller's part)."""
    for i, c in enumerate(run):
        if i and c.line - run[i - 1].line > 1:
            out.append(("", None))
        out.append((indent + c.text, None))
